"""TF1's mixed precision API (tf.train.experimental, tf.compat.v1.mixed_precision): loss scales (FixedLossScale,
DynamicLossScale with TF's increment_period/multiplier logic on its two resource variables), the
MixedPrecisionLossScaleOptimizer that scales the loss, unscales the gradients and skips the update on
non-finite gradients, and enable/disable_mixed_precision_graph_rewrite.

TF's graph rewrite is a grappler pass that turns float32 ops into float16 on GPUs; sessionflow has no grappler
and runs on the CPU, where TF leaves the graph in float32 too. So enabling the rewrite wraps the optimizer with
loss scaling (as TF does) and the computation stays float32: the values are the ones TF computes on a CPU."""

from __future__ import annotations

import abc

from .._behaviour import logging
from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..ops import control_flow
from ..ops.constant import convert_to_tensor
from ..ops.functional import cond
from ..ops.indexed_slices import IndexedSlices
from ..ops.math import cast, is_finite, maximum
from ..ops.reduction import reduce_all
from ..ops.structure import flatten
from ..variables import Variable
from .optimizer import Optimizer

_GRAPH_REWRITE = {"enabled": False}

_LOSS_SCALE_NAMES = ("mixed_precision.{}", "mixed_precision.experimental.{}", "train.experimental.{}")


def _export(name):
    return tf_export(*(n.format(name) for n in _LOSS_SCALE_NAMES))


@_export("LossScale")
class LossScale(abc.ABC):
    """The loss scale of TF1's mixed precision: calling it gives the current scale (a float32 scalar tensor);
    `update(grads)` gives (update op, should_apply_gradients)."""

    def __init__(self):
        self._weights = {}

    @abc.abstractmethod
    def __call__(self):
        """The current loss scale, a scalar float32 tensor."""

    @abc.abstractmethod
    def update(self, grads):
        """(an op updating the loss scale from `grads`, a bool or boolean tensor: whether to apply them)."""

    def _add_weight(self, name, initial_value, dtype=None):
        variable = Variable(initial_value=initial_value, name=name, dtype=dtype, trainable=False,
                            use_resource=True)
        key = (name, id(get_default_graph()))
        if self._weights.get(key) is not None:
            raise RuntimeError(f"Duplicate variables detected. {key}")
        self._weights[key] = variable
        return variable

    @abc.abstractmethod
    def get_config(self):
        """The constructor arguments of this loss scale."""

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@_export("FixedLossScale")
class FixedLossScale(LossScale):
    """A loss scale that never changes."""

    def __init__(self, loss_scale_value):
        super().__init__()
        if not isinstance(loss_scale_value, (int, float)):
            raise ValueError("loss_scale_value must be a Python int or float.")
        if loss_scale_value < 1:
            raise ValueError("loss_scale_value must be at least 1.")
        self._loss_scale_value = float(loss_scale_value)

    def __call__(self):
        return convert_to_tensor(self._loss_scale_value)

    def update(self, grads):
        del grads
        return control_flow.no_op(), True

    def __repr__(self):
        return f"FixedLossScale({self._loss_scale_value})"

    def get_config(self):
        return {"loss_scale_value": self._loss_scale_value}


def _is_all_finite(grads):
    finite = [reduce_all(is_finite(g.values if isinstance(g, IndexedSlices) else g)) for g in grads if g is not None]
    return reduce_all(finite)


def _assign_if_finite(var, value):
    return cond(is_finite(value), lambda: var.assign(value).op, control_flow.no_op)


@_export("DynamicLossScale")
class DynamicLossScale(LossScale):
    """A loss scale multiplied by `multiplier` after `increment_period` steps of finite gradients in a row, and
    divided by it (not below 1) on a step with a non-finite gradient, which resets the count. Its state lives in
    the resource variables `current_loss_scale` (float32) and `good_steps` (int64)."""

    def __init__(self, initial_loss_scale=2 ** 15, increment_period=2000, multiplier=2.0):
        super().__init__()
        self._initial_loss_scale = float(initial_loss_scale)
        self._increment_period = int(increment_period)
        self._multiplier = float(multiplier)
        self._current_loss_scale = self._add_weight(name="current_loss_scale", dtype=dtypes.float32,
                                                    initial_value=self._initial_loss_scale)
        self._num_good_steps = self._add_weight(name="good_steps", dtype=dtypes.int64, initial_value=0)

    @property
    def initial_loss_scale(self):
        return self._initial_loss_scale

    @property
    def increment_period(self):
        return self._increment_period

    @property
    def multiplier(self):
        return self._multiplier

    def __call__(self):
        return convert_to_tensor(self._current_loss_scale)

    def update(self, grads):
        is_all_finite = _is_all_finite(flatten(grads))

        def update_if_finite_grads():
            def incr_loss_scale():
                new_loss_scale = self._current_loss_scale * self._multiplier
                return control_flow.group(_assign_if_finite(self._current_loss_scale, new_loss_scale),
                                          self._num_good_steps.assign(0))

            return cond(self._num_good_steps + 1 >= self._increment_period, incr_loss_scale,
                        lambda: self._num_good_steps.assign_add(1).op)

        def update_if_not_finite_grads():
            new_loss_scale = maximum(self._current_loss_scale / self._multiplier, 1)
            return control_flow.group(self._num_good_steps.assign(0),
                                      self._current_loss_scale.assign(new_loss_scale))

        update_op = cond(is_all_finite, update_if_finite_grads, update_if_not_finite_grads)
        return update_op, is_all_finite

    def __repr__(self):
        return (f"DynamicLossScale(initial_loss_scale={self.initial_loss_scale}, "
                f"increment_period={self.increment_period}, multiplier={self.multiplier})")

    def get_config(self):
        return {"initial_loss_scale": self.initial_loss_scale, "increment_period": self.increment_period,
                "multiplier": self.multiplier}


def get(identifier):
    """A LossScale from a number (fixed), "dynamic", a LossScale, or None."""
    if isinstance(identifier, (int, float)):
        return FixedLossScale(identifier)
    if identifier == "dynamic":
        return DynamicLossScale()
    if isinstance(identifier, LossScale) or identifier is None:
        return identifier
    raise ValueError(f"Could not interpret loss scale identifier: {identifier}")


@_export("MixedPrecisionLossScaleOptimizer")
class MixedPrecisionLossScaleOptimizer(Optimizer):
    """Wraps `opt`: the loss is multiplied by the loss scale before differentiating and each gradient divided by
    it; with a DynamicLossScale the update runs only when every gradient is finite (global_step too), and the
    loss scale is updated on every step."""

    def __init__(self, opt, loss_scale):
        if not isinstance(opt, Optimizer):
            raise ValueError(f'"opt" must be an instance of Optimizer, but got: {type(opt)}')
        self._optimizer = opt
        super().__init__(opt._use_locking, opt.get_name())
        self._loss_scale = get(loss_scale)
        if self._loss_scale is None:
            raise ValueError("loss_scale cannot be None")

    def _doing_dynamic_loss_scaling(self):
        return isinstance(self._loss_scale, DynamicLossScale)

    def compute_gradients(self, loss, var_list=None, gate_gradients=Optimizer.GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """The wrapped optimizer's gradients of the scaled loss, divided by the loss scale."""
        loss = self._scale_loss(loss)
        pairs = self._optimizer.compute_gradients(loss=loss, var_list=var_list, gate_gradients=gate_gradients,
                                                  aggregation_method=aggregation_method,
                                                  colocate_gradients_with_ops=colocate_gradients_with_ops,
                                                  grad_loss=grad_loss)
        grads = self._unscale_grads([g for g, _ in pairs])
        return list(zip(grads, [v for _, v in pairs]))

    def _scale_loss(self, loss):
        loss_scale = self._loss_scale()
        if callable(loss):
            def new_loss():
                value = loss()
                return value * cast(loss_scale, value.dtype)
            return new_loss
        return loss * cast(loss_scale, loss.dtype)

    def _unscale_grads(self, grads):
        reciprocal = 1 / self._loss_scale()
        out = []
        for g in grads:
            if g is None:
                out.append(None)
            elif isinstance(g, IndexedSlices):
                out.append(IndexedSlices(g.values * reciprocal, g.indices, g.dense_shape))
            else:
                out.append(g * reciprocal)
        return out

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """The wrapped optimizer's update; with a dynamic loss scale, only when all gradients are finite, grouped
        with the loss scale's update (the op is named `name`, default the optimizer's name)."""
        if not self._doing_dynamic_loss_scaling():
            return self._optimizer.apply_gradients(grads_and_vars, global_step, name)
        grads_and_vars = tuple(grads_and_vars)
        name = name if name is not None else self.get_name()
        update_op, should_apply = self._loss_scale.update([g for g, _ in grads_and_vars])
        maybe_apply = cond(should_apply,
                           lambda: self._optimizer.apply_gradients(grads_and_vars, global_step, name + "-wrapped"),
                           control_flow.no_op)
        return control_flow.group(maybe_apply, update_op, name=name)

    def _apply_dense(self, grad, var):
        raise RuntimeError("This function should never be called")

    _apply_sparse = _resource_apply_dense = _apply_dense

    def _resource_apply_sparse(self, grad, handle, indices):
        raise RuntimeError("This function should never be called")

    def variables(self):
        return self._optimizer.variables() + list(self._loss_scale._weights.values())


def _wrap_optimizer(opt, loss_scale):
    if isinstance(opt, MixedPrecisionLossScaleOptimizer):
        raise ValueError('"opt" must not already be an instance of a MixedPrecisionLossScaleOptimizer. '
                         '`enable_mixed_precision_graph_rewrite` will automatically wrap the optimizer with a '
                         'MixedPrecisionLossScaleOptimizer.')
    if isinstance(opt, Optimizer):
        return MixedPrecisionLossScaleOptimizer(opt, loss_scale)
    raise ValueError('"opt" must be an instance of a tf.train.Optimizer or a tf.keras.optimizers.Optimizer, but '
                     f"got: {opt}")


@tf_export("mixed_precision.enable_mixed_precision_graph_rewrite",
           "train.experimental.enable_mixed_precision_graph_rewrite")
def enable_mixed_precision_graph_rewrite(opt, loss_scale="dynamic"):
    """Returns `opt` wrapped in a MixedPrecisionLossScaleOptimizer (loss scale `loss_scale`: a number, "dynamic" or
    a LossScale) and records the rewrite as enabled.

    TF also turns on grappler's auto_mixed_precision pass, which casts float32 ops to float16 on GPUs only; on a
    CPU TF's graph stays float32. sessionflow has no grappler and no GPU, so the computation stays float32 and
    the loss scaling is the whole effect: the honest equivalent of what TF runs on a CPU."""
    opt = _wrap_optimizer(opt, loss_scale)
    _GRAPH_REWRITE["enabled"] = True
    return opt


@tf_export("mixed_precision.disable_mixed_precision_graph_rewrite",
           "train.experimental.disable_mixed_precision_graph_rewrite")
def disable_mixed_precision_graph_rewrite():
    """Records the rewrite as disabled (a warning if it was not enabled); optimizers already wrapped stay so."""
    if not _GRAPH_REWRITE["enabled"]:
        logging.warning("disable_mixed_precision_graph_rewrite() called when mixed precision is already disabled.")
    _GRAPH_REWRITE["enabled"] = False
