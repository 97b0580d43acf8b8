"""`tf.layers.dense`, `tf.layers.dropout`, `tf.layers.flatten` and their layer classes."""

from __future__ import annotations

import numbers

import numpy as np

from .. import init_ops
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .base import Layer, op, smart_cond

_ACTIVATIONS = {"relu": "nn.relu", "sigmoid": "sigmoid", "tanh": "tanh", "softmax": "nn.softmax",
                "elu": "nn.elu", "selu": "nn.selu", "softplus": "nn.softplus", "softsign": "nn.softsign",
                "relu6": "nn.relu6"}

_ZEROS = init_ops.zeros_initializer()



def get_activation(activation):
    """A callable activation: None, a callable, or a Keras name (`"relu"`, `"linear"`, ...)."""
    if activation is None or callable(activation):
        return activation
    if activation == "linear":
        return None
    if activation in _ACTIVATIONS:
        return op(_ACTIVATIONS[activation])
    raise ValueError(f"Unknown activation function: '{activation}'. Please ensure you are using a "
                     "`keras.utils.custom_object_scope` and that this object is included in the scope.")


def add_activity_regularization(layer: Layer, outputs):
    """Adds `activity_regularizer(outputs) / batch size` to the layer's losses (as Keras does)."""
    if layer.activity_regularizer is None:
        return
    graph = get_default_graph()
    with graph.name_scope("ActivityRegularizer"):
        loss = layer.activity_regularizer(outputs)
        batch = op("cast")(op("shape")(outputs)[0], loss.dtype)
        layer.add_loss(op("truediv")(loss, batch))


@tf_export("layers.Dense")
class Dense(Layer):
    """Densely-connected layer: `activation(inputs @ kernel + bias)`; `kernel` is [in, units]."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.units = int(units) if not isinstance(units, int) else units
        if self.units < 0:
            raise ValueError(f"Received an invalid value for `units`, expected a positive integer. Received: "
                             f"units={units}")
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.activity_regularizer = activity_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint

    def _check_input(self, inputs):
        rank = inputs.shape.ndims
        if rank is not None and rank < 2:
            raise ValueError(f'Input 0 of layer "{self.name}" is incompatible with the layer: expected min_ndim=2, '
                             f"found ndim={rank}. Full shape received: {tuple(inputs.shape.as_list())}")
        if self.built and rank is not None and inputs.shape[-1] is not None:
            expected = self.kernel.shape[0]
            if inputs.shape.as_list()[-1] != expected:
                raise ValueError(f'Input 0 of layer "{self.name}" is incompatible with the layer: expected axis -1 '
                                 f"of input shape to have value {expected}, but received input with shape "
                                 f"{tuple(inputs.shape.as_list())}")

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        last_dim = input_shape.as_list()[-1] if input_shape.ndims is not None else None
        if last_dim is None:
            raise ValueError("The last dimension of the inputs to a Dense layer should be defined. Found None. "
                             f"Full input shape received: {input_shape}")
        self.kernel = self.add_weight("kernel", shape=[last_dim, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
                                      dtype=self._dtype, trainable=True)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.units], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        dtype=self._dtype, trainable=True)
        self.built = True

    def call(self, inputs):
        if inputs.dtype.base_dtype is not self._dtype:
            inputs = op("cast")(inputs, self._dtype)
        rank = inputs.shape.ndims
        if rank == 2 or rank is None:
            outputs = op("matmul")(inputs, self.kernel)
        else:
            outputs = op("tensordot")(inputs, self.kernel, [[rank - 1], [0]])
            outputs.set_shape(inputs.shape.as_list()[:-1] + [self.units])
        if self.use_bias:
            outputs = op("nn.bias_add")(outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        add_activity_regularization(self, outputs)
        return outputs

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)[:-1].concatenate([self.units])


@tf_export("layers.dense")
def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
          reuse=None):
    """Functional `Dense`: creates `<name or dense>/kernel` and `/bias` (reuse shares them)."""
    layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, trainable=trainable,
                  name=name, _scope=name, _reuse=reuse)
    return layer(inputs)


@tf_export("layers.Dropout")
class Dropout(Layer):
    """Drops each element with probability `rate` (scaling the rest by 1 / (1 - rate)) while
    `training` (a Python bool or a boolean tensor) is true; identity otherwise."""

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if isinstance(rate, (int, float)) and not 0 <= rate <= 1:
            raise ValueError(f"Invalid value {rate} received for `rate`, expected a value between 0 and 1.")
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def _noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        concrete = op("shape")(inputs)
        dims = [concrete[i] if value is None else value for i, value in enumerate(self.noise_shape)]
        return op("convert_to_tensor")(dims) if any(not isinstance(d, int) for d in dims) else dims

    def _next_seed(self):
        if self.seed is None:
            return None
        seed = self.seed
        self.seed += 1
        return seed

    def call(self, inputs, training=False):
        if isinstance(self.rate, numbers.Real) and self.rate == 0:
            return op("identity")(inputs)

        def dropped():
            return op("nn.dropout")(inputs, rate=self.rate, noise_shape=self._noise_shape(inputs),
                                    seed=self._next_seed())

        return smart_cond(training, dropped, lambda: op("identity")(inputs))

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


@tf_export("layers.dropout")
def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Functional `Dropout`; `training` defaults to False (returns `inputs` unchanged)."""
    layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
    return layer(inputs, training=training)


@tf_export("layers.Flatten")
class Flatten(Layer):
    """Flattens every dimension but the first (batch) one: [N, d1, d2, ...] -> [N, d1*d2*...]."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = "channels_last" if data_format is None else data_format
        if self.data_format not in ("channels_last", "channels_first"):
            raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". '
                             f"Received: {data_format}")

    def call(self, inputs):
        rank = inputs.shape.ndims
        if self.data_format == "channels_first" and rank is not None and rank > 1:
            inputs = op("transpose")(inputs, [0] + list(range(2, rank)) + [1])
        if rank == 1:
            return op("expand_dims")(inputs, 1)
        dims = inputs.shape.as_list() if rank is not None else None
        if dims is not None and None not in dims[1:]:
            flat = int(np.prod(dims[1:], dtype=np.int64))
            return op("reshape")(inputs, (-1, flat))
        batch = dims[0] if dims is not None and dims[0] is not None else op("shape")(inputs)[0]
        if dims is not None and dims[0] is not None:
            return op("reshape")(inputs, (batch, -1))
        return op("reshape")(inputs, op("stack")([batch, -1]))

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        rest = dims[1:]
        flat = None if None in rest else int(np.prod(rest, dtype=np.int64))
        return TensorShape([dims[0], flat])


@tf_export("layers.flatten")
def flatten(inputs, name=None, data_format="channels_last"):
    """Functional `Flatten`."""
    return Flatten(name=name, data_format=data_format)(inputs)
