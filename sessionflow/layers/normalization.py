"""`tf.layers.batch_normalization` and `tf.layers.BatchNormalization`.

While training, outputs are normalized with the batch's mean and (biased) variance, and the ops
that move `moving_mean`/`moving_variance` towards the batch statistics
(`moving -= (moving - batch) * (1 - momentum)`) go to `tf.GraphKeys.UPDATE_OPS`: run them with
the train op. As in TF, a 4-D input over its channel axis takes the fused kernel's statistics,
whose variance for the moving average is the unbiased (n / (n - 1)) one; other inputs use the
biased variance. With `training` a boolean tensor, the update multiplies by 0 when it is false.
"""

from __future__ import annotations

from .. import init_ops
from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from ..ops.constant import constant
from .base import Layer, constant_value, op, smart_cond

_ZEROS = init_ops.zeros_initializer()
_ONES = init_ops.ones_initializer()



@tf_export("layers.BatchNormalization")
class BatchNormalization(Layer):
    """Batch normalization over `axis` (the channel axis; -1 by default)."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=_ZEROS, gamma_initializer=_ONES,
                 moving_mean_initializer=_ZEROS,
                 moving_variance_initializer=_ONES, beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, renorm=False,
                 renorm_clipping=None, renorm_momentum=0.99, fused=None, trainable=True, virtual_batch_size=None,
                 adjustment=None, name=None, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("BatchNormalization: renorm, virtual_batch_size and adjustment are not "
                                      "supported yet")
        if isinstance(axis, (list, tuple)):
            axis = list(axis)
        elif not isinstance(axis, int):
            raise TypeError(f"Expected an int or a list/tuple of ints for the argument 'axis', but received: {axis}")
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer
        self.gamma_initializer = gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer = beta_regularizer
        self.gamma_regularizer = gamma_regularizer
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.fused = fused

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        if input_shape.ndims is None:
            raise ValueError(f"Input has undefined rank. Received: input_shape={input_shape}.")
        ndims = input_shape.ndims
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        axes = [a + ndims if a < 0 else a for a in axes]
        for a in axes:
            if a < 0 or a >= ndims:
                raise ValueError(f"Invalid axis. Expected 0 <= axis < inputs.rank (with inputs.rank={ndims}). "
                                 f"Received: layer.axis={self.axis}")
        if len(axes) != len(set(axes)):
            raise ValueError(f"Duplicate axis: {self.axis}")
        self._axes = axes
        if self.fused is None:
            self.fused = ndims in (4, 5) and axes in ([1], [ndims - 1])
        elif self.fused and not (ndims in (4, 5) and axes in ([1], [ndims - 1])):
            raise ValueError(f"Batch normalization layers with `fused=True` only support 4D or 5D input tensors. "
                             f"Received tensor with shape: {tuple(input_shape.as_list())}")
        dims = input_shape.as_list()
        if any(dims[a] is None for a in axes):
            raise ValueError(f"Input has undefined `axis` dimension. Received input with shape {tuple(input_shape)} and "
                             f"axis={tuple(axes)}")
        if len(axes) == 1:
            param_shape = (dims[axes[0]],)
        else:
            param_shape = tuple(dims[i] if i in axes else 1 for i in range(ndims))
        param_dtype = self._dtype
        if param_dtype in (dtypes.float16, dtypes.bfloat16):
            param_dtype = dtypes.float32
        self._param_dtype = param_dtype
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight("gamma", shape=param_shape, dtype=param_dtype,
                                         initializer=self.gamma_initializer, regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint, trainable=True)
        if self.center:
            self.beta = self.add_weight("beta", shape=param_shape, dtype=param_dtype,
                                        initializer=self.beta_initializer, regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint, trainable=True)
        # as TF's layer: the moving statistics are never partitioned, whatever the scope's partitioner
        scope = getattr(self, "_scope", None)
        partitioner = scope.partitioner if scope is not None else None
        if partitioner is not None:
            scope.set_partitioner(None)
        try:
            self.moving_mean = self.add_weight("moving_mean", shape=param_shape, dtype=param_dtype,
                                               initializer=self.moving_mean_initializer, trainable=False)
            self.moving_variance = self.add_weight("moving_variance", shape=param_shape, dtype=param_dtype,
                                                   initializer=self.moving_variance_initializer, trainable=False)
        finally:
            if partitioner is not None:
                scope.set_partitioner(partitioner)
        self.built = True

    def _assign_moving_average(self, variable, value, decay):
        graph = get_default_graph()
        with graph.name_scope("AssignMovingAvg") as scope:
            delta = op("multiply")(op("subtract")(variable, op("cast")(value, variable.dtype.base_dtype)), decay)
            return op("assign_sub")(variable, delta, name=scope)

    def _decay(self, training, fused):
        """1 - momentum (0 when a `training` tensor is false), built as TF builds it."""
        dtype = self.moving_mean.dtype.base_dtype
        if constant_value(training) is None:
            momentum = smart_cond(training, lambda: constant(self.momentum, dtype=dtypes.float32),
                                  lambda: constant(1.0, dtype=dtypes.float32))
            return op("cast")(op("subtract")(1.0, momentum), dtype)
        if fused:
            momentum = constant(self.momentum, dtype=dtypes.float32)
            return op("cast")(op("subtract")(1.0, momentum), dtype)
        return constant(1.0 - self.momentum, dtype=dtype, name="decay")

    def call(self, inputs, training=False):
        training_value = constant_value(training)
        reduction_axes = [i for i in range(inputs.shape.ndims) if i not in self._axes]
        ndims = inputs.shape.ndims
        in_dtype = inputs.dtype.base_dtype
        x = inputs
        if in_dtype in (dtypes.float16, dtypes.bfloat16):
            x = op("cast")(x, dtypes.float32)
        broadcast = None
        if len(self._axes) == 1 and reduction_axes != list(range(ndims - 1)):
            broadcast = [1] * ndims
            broadcast[self._axes[0]] = inputs.shape.as_list()[self._axes[0]]

        def shaped(v):
            if v is not None and broadcast is not None:
                return op("reshape")(v, broadcast)
            return v

        keep_dims = len(self._axes) > 1

        def batch_stats():
            mean, variance = op("nn.moments")(op("cast")(x, self._param_dtype), reduction_axes, keep_dims=keep_dims)
            return mean, variance

        if training_value is False:
            mean, variance = self.moving_mean.value(), self.moving_variance.value()
            update_variance = None
        else:
            if training_value is None:
                mean, variance = batch_stats()
                mean = smart_cond(training, lambda: mean, lambda: op("identity")(self.moving_mean))
                variance = smart_cond(training, lambda: variance, lambda: op("identity")(self.moving_variance))
            else:
                mean, variance = batch_stats()
            update_variance = variance
            if self.fused:
                n = op("cast")(op("size")(x), variance.dtype) / op("cast")(op("size")(variance), variance.dtype)
                unbiased = variance * (n / op("maximum")(n - 1.0, 1.0))
                update_variance = unbiased if training_value else smart_cond(training, lambda: unbiased,
                                                                              lambda: variance)
            decay = self._decay(training, self.fused)
            self.add_update(self._assign_moving_average(self.moving_mean, mean, decay))
            self.add_update(self._assign_moving_average(self.moving_variance, update_variance, decay))
        mean = op("cast")(mean, x.dtype) if mean.dtype.base_dtype is not x.dtype.base_dtype else mean
        variance = op("cast")(variance, x.dtype) if variance.dtype.base_dtype is not x.dtype.base_dtype else variance
        outputs = op("nn.batch_normalization")(x, shaped(mean), shaped(variance), shaped(self.beta),
                                               shaped(self.gamma), self.epsilon)
        if in_dtype in (dtypes.float16, dtypes.bfloat16):
            outputs = op("cast")(outputs, in_dtype)
        outputs.set_shape(inputs.shape)
        return outputs

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


@tf_export("layers.batch_normalization")
def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=_ZEROS, gamma_initializer=_ONES,
                        moving_mean_initializer=_ZEROS,
                        moving_variance_initializer=_ONES, beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, training=False,
                        trainable=True, name=None, reuse=None, renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None, virtual_batch_size=None, adjustment=None):
    """Functional `BatchNormalization`; remember to run `tf.GraphKeys.UPDATE_OPS` when training."""
    layer = BatchNormalization(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                               beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                               moving_mean_initializer=moving_mean_initializer,
                               moving_variance_initializer=moving_variance_initializer,
                               beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                               beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
                               renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
                               trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
                               name=name, _reuse=reuse, _scope=name)
    return layer(inputs, training=training)
