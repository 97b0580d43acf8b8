"""tf.keras.layers: the shared tf.layers classes under Keras's policy (base_layer.keras_class), and the
layers tf.layers never had (Embedding, Activation, merges, Lambda, Reshape, padding, upsampling, global
pooling), written here once on Keras's Layer.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.tensor_shape import TensorShape
from ..layers import convolutional, core, normalization, pooling
from ..layers.base import op
from . import backend_functions as K
from . import registries
from .base_layer import Layer, keras_class

_export = tf_export

_WEIGHTED = ("activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
             "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint")
_CONV = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups") + _WEIGHTED

Dense = _export("keras.layers.Dense")(keras_class(
    core.Dense, config=("units",) + _WEIGHTED, kernel_initializer="glorot_uniform", bias_initializer="zeros"))
Dropout = _export("keras.layers.Dropout")(keras_class(core.Dropout, config=("rate", "noise_shape", "seed")))
Flatten = _export("keras.layers.Flatten")(keras_class(core.Flatten, config=("data_format",)))
Conv1D = _export("keras.layers.Conv1D", "keras.layers.Convolution1D")(keras_class(
    convolutional.Conv1D, config=_CONV, fixed={"groups": 1}, kernel_initializer="glorot_uniform",
    bias_initializer="zeros"))
Conv2D = _export("keras.layers.Conv2D", "keras.layers.Convolution2D")(keras_class(
    convolutional.Conv2D, config=_CONV, fixed={"groups": 1}, kernel_initializer="glorot_uniform",
    bias_initializer="zeros"))


class _TransposeArgs(convolutional.Conv2DTranspose):
    """Keras's Conv2DTranspose signature (output_padding, dilation_rate) over the shared layer."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None,
                 data_format=None, dilation_rate=(1, 1), **kwargs):
        if output_padding is not None:
            raise NotImplementedError("tf.keras.layers.Conv2DTranspose(output_padding=...) is not provided yet")
        if convolutional.normalize_tuple(dilation_rate, 2, "dilation_rate") != (1, 1):
            raise NotImplementedError("tf.keras.layers.Conv2DTranspose(dilation_rate=...) is not provided yet")
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


Conv2DTranspose = _export("keras.layers.Conv2DTranspose", "keras.layers.Convolution2DTranspose")(keras_class(
    _TransposeArgs, "Conv2DTranspose", config=_CONV + ("output_padding",),
    fixed={"groups": 1, "output_padding": None}, kernel_initializer="glorot_uniform", bias_initializer="zeros"))
_POOL_1D = ("strides", "pool_size", "padding", "data_format")  # (tf_keras's orders differ by rank)
_POOL_2D = ("pool_size", "padding", "strides", "data_format")
MaxPooling1D = _export("keras.layers.MaxPooling1D", "keras.layers.MaxPool1D")(keras_class(
    pooling.MaxPooling1D, config=_POOL_1D, pool_size=2, strides=None))
MaxPooling2D = _export("keras.layers.MaxPooling2D", "keras.layers.MaxPool2D")(keras_class(
    pooling.MaxPooling2D, config=_POOL_2D, pool_size=(2, 2), strides=None))
AveragePooling1D = _export("keras.layers.AveragePooling1D", "keras.layers.AvgPool1D")(keras_class(
    pooling.AveragePooling1D, config=_POOL_1D, pool_size=2, strides=None))
AveragePooling2D = _export("keras.layers.AveragePooling2D", "keras.layers.AvgPool2D")(keras_class(
    pooling.AveragePooling2D, config=_POOL_2D, pool_size=(2, 2), strides=None))
BatchNormalization = _export("keras.layers.BatchNormalization")(keras_class(
    normalization.BatchNormalization, config=(
        "axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
        "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
        "beta_constraint", "gamma_constraint"), beta_initializer="zeros", gamma_initializer="ones",
    moving_mean_initializer="zeros", moving_variance_initializer="ones"))


# --- layers with no tf.layers counterpart -----------------------------------------------------

@tf_export("keras.layers.Activation")
class Activation(Layer):
    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = registries.get_activation(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def get_config(self):
        return self._fields_config(("activation",))

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


@tf_export("keras.layers.LeakyReLU")
class LeakyReLU(Layer):
    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(**kwargs)
        if alpha is None:
            raise ValueError(f"The alpha value of a Leaky ReLU layer cannot be None, Expecting a float. "
                             f"Received: {alpha}")
        self.supports_masking = True
        self.alpha = K.cast_to_floatx(alpha)

    def call(self, inputs):
        return op("nn.leaky_relu")(inputs, alpha=self.alpha)

    def get_config(self):
        return self._fields_config(("alpha",))


@tf_export("keras.layers.ReLU")
class ReLU(Layer):
    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold

    def call(self, inputs):
        return registries._relu(inputs, alpha=self.negative_slope, max_value=self.max_value,
                                threshold=self.threshold)

    def get_config(self):
        return self._fields_config((), {"max_value": None if self.max_value is None else float(self.max_value),
                                        "negative_slope": float(self.negative_slope),
                                        "threshold": float(self.threshold)})


@tf_export("keras.layers.Softmax")
class Softmax(Layer):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        return op("nn.softmax")(inputs, axis=self.axis)

    def get_config(self):
        return self._fields_config(("axis",))


@tf_export("keras.layers.Embedding")
class Embedding(Layer):
    """`embeddings` [input_dim, output_dim], looked up by the (int) ids it is called on."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 activity_regularizer=None, embeddings_constraint=None, mask_zero=False, input_length=None,
                 **kwargs):
        if "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,) if input_length else (None,)
        if input_dim <= 0 or output_dim <= 0:
            raise ValueError(f"Both `input_dim` and `output_dim` should be positive, Received input_dim = "
                             f"{input_dim} and output_dim = {output_dim}")
        kwargs.setdefault("dtype", K.floatx())
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.input_dim, self.output_dim = input_dim, output_dim
        self.embeddings_initializer = registries.get_initializer(embeddings_initializer)
        self.embeddings_regularizer = registries.get_regularizer(embeddings_regularizer)
        self.embeddings_constraint = registries.get_constraint(embeddings_constraint)
        self.mask_zero = mask_zero
        self.input_length = input_length

    def build(self, input_shape):
        self.embeddings = self.add_weight(shape=(self.input_dim, self.output_dim),
                                          initializer=self.embeddings_initializer, name="embeddings",
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        if inputs.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            inputs = op("cast")(inputs, "int32")
        return op("nn.embedding_lookup")(self.embeddings, inputs)

    def get_config(self):
        return self._fields_config(("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
                                    "activity_regularizer", "embeddings_constraint", "mask_zero", "input_length"))

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "batch_input_shape" in config and "input_shape" not in config:
            config["input_shape"] = tuple(config.pop("batch_input_shape"))[1:]
        return cls(**config)


@tf_export("keras.layers.Reshape")
class Reshape(Layer):
    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def _fixed_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()[1:]
        target = list(self.target_shape)
        if None in dims or -1 not in target:
            return target
        known = int(np.prod([d for d in target if d != -1]))
        total = int(np.prod(dims))
        if known == 0 or total % known:
            raise ValueError(f"total size of new array must be unchanged, input_shape = {dims}, output_shape = "
                             f"{target}")
        target[target.index(-1)] = total // known
        return target

    def call(self, inputs):
        out = op("reshape")(inputs, op("stack")([op("shape")(inputs)[0], *self.target_shape]))
        out.set_shape([inputs.shape.as_list()[0] if inputs.shape.ndims else None] + self._fixed_shape(inputs.shape))
        return out

    def get_config(self):
        return self._fields_config(("target_shape",))


@tf_export("keras.layers.Lambda")
class Lambda(Layer):
    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function = function
        self.arguments = arguments or {}
        self._output_shape = output_shape

    def call(self, inputs, mask=None, training=None):
        import inspect

        kwargs = dict(self.arguments)
        params = inspect.signature(self.function).parameters
        if "mask" in params:
            kwargs["mask"] = mask
        if "training" in params:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def get_config(self):
        raise NotImplementedError("tf.keras.layers.Lambda in a model's config (tf_keras stores the function's "
                                  "Python bytecode) is not provided yet")

    def __call__(self, inputs, *args, **kwargs):
        import inspect

        if "training" not in inspect.signature(self.function).parameters:
            kwargs.setdefault("training", False)  # no learning phase for a function that does not take it
        return super().__call__(inputs, *args, **kwargs)


class _Merge(Layer):
    def _check_input(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"A merge layer should be called on a list of inputs. Received: inputs={inputs} "
                             "(not a list of tensors)")

    def build(self, input_shape):
        if not isinstance(input_shape, list):
            raise ValueError(f"A merge layer should be called on a list of inputs. Received: "
                             f"input_shape={input_shape} (not a list of shapes)")
        if len(input_shape) < 1:
            raise ValueError(f"A merge layer should be called on a list of at least 1 input. Got "
                             f"{len(input_shape)} inputs. Full input_shape received: {input_shape}")
        self.built = True

    def call(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = self._merge(output, x)
        return output


def _merge_class(public: str, merge):
    cls = type(public, (_Merge,), {"_merge": staticmethod(merge), "__doc__": f"`tf.keras.layers.{public}`.",
                                   "__module__": __name__})
    return tf_export(f"keras.layers.{public}")(cls)


Add = _merge_class("Add", lambda a, b: a + b)
Multiply = _merge_class("Multiply", lambda a, b: a * b)
Maximum = _merge_class("Maximum", lambda a, b: op("maximum")(a, b))
Minimum = _merge_class("Minimum", lambda a, b: op("minimum")(a, b))


@tf_export("keras.layers.Subtract")
class Subtract(_Merge):
    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. Received: "
                             f"input_shape={input_shape}")

    def call(self, inputs):
        return inputs[0] - inputs[1]


@tf_export("keras.layers.Average")
class Average(_Merge):
    def call(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output / len(inputs)


@tf_export("keras.layers.Concatenate")
class Concatenate(_Merge):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        return op("concat")(list(inputs), axis=self.axis)

    def get_config(self):
        return self._fields_config(("axis",))


def _merge_function(public: str, cls):
    def merge(inputs, **kwargs):
        return cls(**kwargs)(inputs)

    merge.__name__ = public
    return tf_export(f"keras.layers.{public}")(merge)


add = _merge_function("add", Add)
multiply = _merge_function("multiply", Multiply)
subtract = _merge_function("subtract", Subtract)
average = _merge_function("average", Average)
maximum = _merge_function("maximum", Maximum)
minimum = _merge_function("minimum", Minimum)


@tf_export("keras.layers.concatenate")
def concatenate(inputs, axis=-1, **kwargs):
    return Concatenate(axis=axis, **kwargs)(inputs)


@tf_export("keras.layers.ZeroPadding2D")
class ZeroPadding2D(Layer):
    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = convolutional.normalize_data_format(data_format)
        if isinstance(padding, int):
            self.padding = ((padding, padding), (padding, padding))
        elif hasattr(padding, "__len__") and len(padding) == 2 and all(isinstance(p, int) for p in padding):
            self.padding = ((padding[0], padding[0]), (padding[1], padding[1]))
        else:
            self.padding = tuple(tuple(convolutional.normalize_tuple(p, 2, "padding")) for p in padding)

    def call(self, inputs):
        (top, bottom), (left, right) = self.padding
        if self.data_format == "channels_last":
            pattern = [[0, 0], [top, bottom], [left, right], [0, 0]]
        else:
            pattern = [[0, 0], [0, 0], [top, bottom], [left, right]]
        return op("pad")(inputs, pattern)

    def get_config(self):
        return self._fields_config(("padding", "data_format"))


@tf_export("keras.layers.UpSampling2D")
class UpSampling2D(Layer):
    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.data_format = convolutional.normalize_data_format(data_format)
        self.size = convolutional.normalize_tuple(size, 2, "size")
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(f'`interpolation` argument should be one of `"nearest"` or `"bilinear"`. Received: '
                             f'"{interpolation}".')
        self.interpolation = interpolation

    def call(self, inputs):
        x = inputs
        if self.data_format == "channels_first":
            x = op("transpose")(x, [0, 2, 3, 1])
        dims = x.shape.as_list()
        if dims[1] is not None and dims[2] is not None:
            size = [dims[1] * self.size[0], dims[2] * self.size[1]]
        else:
            size = op("shape")(x)[1:3] * np.array(self.size, dtype=np.int32)
        if self.interpolation == "nearest":
            x = op("image.resize_nearest_neighbor")(x, size, half_pixel_centers=True)
        else:
            x = op("image.resize_bilinear")(x, size, half_pixel_centers=True)
        if self.data_format == "channels_first":
            x = op("transpose")(x, [0, 3, 1, 2])
        return x

    def get_config(self):
        return self._fields_config(("size", "data_format", "interpolation"))


class _GlobalPooling(Layer):
    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = convolutional.normalize_data_format(data_format)
        self.keepdims = keepdims

    def call(self, inputs):
        rank = inputs.shape.ndims
        axes = list(range(1, rank - 1)) if self.data_format == "channels_last" else list(range(2, rank))
        return op(self._reduce)(inputs, axis=axes, keepdims=self.keepdims)

    def get_config(self):
        return self._fields_config(("data_format", "keepdims"))


def _global_class(public: str, reduce: str, alias: str):
    cls = type(public, (_GlobalPooling,), {"_reduce": reduce, "__module__": __name__,
                                           "__doc__": f"`tf.keras.layers.{public}`."})
    return tf_export(f"keras.layers.{public}", f"keras.layers.{alias}")(cls)


GlobalAveragePooling1D = _global_class("GlobalAveragePooling1D", "reduce_mean", "GlobalAvgPool1D")
GlobalAveragePooling2D = _global_class("GlobalAveragePooling2D", "reduce_mean", "GlobalAvgPool2D")
GlobalMaxPooling1D = _global_class("GlobalMaxPooling1D", "reduce_max", "GlobalMaxPool1D")
GlobalMaxPooling2D = _global_class("GlobalMaxPooling2D", "reduce_max", "GlobalMaxPool2D")
