"""`tf.layers.max_pooling{1,2}d`, `average_pooling{1,2}d` and their layer classes."""

from __future__ import annotations

from ..framework.api import tf_export
from ..framework.tensor_shape import TensorShape
from .base import Layer, op
from .convolutional import conv_output_length, normalize_data_format, normalize_padding, normalize_tuple


class _Pooling(Layer):
    """N-D pooling (N = `rank`, 1 or 2) with `pool_size` windows moved by `strides`."""

    def __init__(self, rank, pool_function, pool_size, strides, padding="valid", data_format="channels_last",
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rank = rank
        self.pool_function = pool_function
        self.pool_size = normalize_tuple(pool_size, rank, "pool_size")
        self.strides = normalize_tuple(self.pool_size if strides is None else strides, rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)

    def _check_input(self, inputs):
        rank = inputs.shape.ndims
        if rank is not None and rank != self.rank + 2:
            raise ValueError(f'Input 0 of layer "{self.name}" is incompatible with the layer: expected '
                             f"ndim={self.rank + 2}, found ndim={rank}. Full shape received: "
                             f"{tuple(inputs.shape.as_list())}")

    def _pool2d(self, inputs, pool_size, strides):
        last = self.data_format == "channels_last"
        ksize = [1, *pool_size, 1] if last else [1, 1, *pool_size]
        stride = [1, *strides, 1] if last else [1, 1, *strides]
        return op(self.pool_function)(inputs, ksize=ksize, strides=stride, padding=self.padding.upper(),
                                      data_format="NHWC" if last else "NCHW")

    def call(self, inputs):
        if self.rank == 2:
            return self._pool2d(inputs, self.pool_size, self.strides)
        axis = 2 if self.data_format == "channels_last" else 3
        inputs = op("expand_dims")(inputs, axis)
        outputs = self._pool2d(inputs, self.pool_size + (1,), self.strides + (1,))
        return op("squeeze")(outputs, [axis])

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        spatial = range(1, 1 + self.rank) if self.data_format == "channels_last" else range(2, 2 + self.rank)
        for axis, k, s in zip(spatial, self.pool_size, self.strides):
            dims[axis] = conv_output_length(dims[axis], k, self.padding, s)
        return TensorShape(dims)


def _pool_class(public, rank, function):
    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        _Pooling.__init__(self, rank, function, pool_size, strides, padding, data_format, name, **kwargs)

    cls = type(public, (_Pooling,), {"__init__": __init__, "__doc__": f"`tf.layers.{public}`."})
    return tf_export(f"layers.{public}")(cls)


MaxPooling1D = _pool_class("MaxPooling1D", 1, "nn.max_pool")
MaxPooling2D = _pool_class("MaxPooling2D", 2, "nn.max_pool")
AveragePooling1D = _pool_class("AveragePooling1D", 1, "nn.avg_pool")
AveragePooling2D = _pool_class("AveragePooling2D", 2, "nn.avg_pool")


@tf_export("layers.max_pooling1d")
def max_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return MaxPooling1D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


@tf_export("layers.max_pooling2d")
def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Functional `MaxPooling2D` (NHWC by default)."""
    return MaxPooling2D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


@tf_export("layers.average_pooling1d")
def average_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    return AveragePooling1D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


@tf_export("layers.average_pooling2d")
def average_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Functional `AveragePooling2D`."""
    return AveragePooling2D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)
