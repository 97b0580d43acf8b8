"""Learning-rate schedules of `tf.train`: tensors computed from the global step, TF's formulas."""

from __future__ import annotations

import math

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..ops import math as math_ops
from ..ops.constant import convert_to_tensor


def _decay_inputs(learning_rate, global_step, *others):
    learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
    dtype = learning_rate.dtype.base_dtype
    step = math_ops.cast(global_step, dtype)
    return (learning_rate, step, *[math_ops.cast(v, dtype) for v in others])


def _progress(step, decay_steps, staircase):
    p = math_ops.truediv(step, decay_steps)
    return math_ops.floor(p) if staircase else p


def _require_step(global_step, schedule):
    if global_step is None:
        raise ValueError(f"global_step is required for {schedule}.")


@tf_export("train.exponential_decay")
def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * decay_rate ^ (global_step / decay_steps)."""
    _require_step(global_step, "exponential_decay")
    with get_default_graph().name_scope(name or "ExponentialDecay") as scope:
        lr, step, steps, rate = _decay_inputs(learning_rate, global_step, decay_steps, decay_rate)
        return math_ops.multiply(lr, math_ops.pow(rate, _progress(step, steps, staircase)), name=scope)


@tf_export("train.inverse_time_decay")
def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps)."""
    _require_step(global_step, "inverse_time_decay")
    with get_default_graph().name_scope(name or "InverseTimeDecay") as scope:
        lr, step, steps, rate = _decay_inputs(learning_rate, global_step, decay_steps, decay_rate)
        denom = math_ops.add(1.0, math_ops.multiply(rate, _progress(step, steps, staircase)))
        return math_ops.truediv(lr, denom, name=scope)


@tf_export("train.natural_exp_decay")
def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps)."""
    _require_step(global_step, "natural_exp_decay")
    with get_default_graph().name_scope(name or "NaturalExpDecay") as scope:
        lr, step, steps, rate = _decay_inputs(learning_rate, global_step, decay_steps, decay_rate)
        exponent = math_ops.exp(math_ops.multiply(math_ops.negative(rate), _progress(step, steps, staircase)))
        return math_ops.multiply(lr, exponent, name=scope)


@tf_export("train.polynomial_decay")
def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    """(learning_rate - end) * (1 - step / decay_steps) ^ power + end, with step capped at decay_steps
    (or, with `cycle`, decay_steps stretched to the next multiple above step)."""
    _require_step(global_step, "polynomial_decay")
    with get_default_graph().name_scope(name or "PolynomialDecay") as scope:
        lr, step, steps, end, power_t = _decay_inputs(learning_rate, global_step, decay_steps, end_learning_rate,
                                                      power)
        if cycle:
            multiplier = math_ops.ceil(math_ops.truediv(step, steps))
            multiplier = math_ops.maximum(multiplier, math_ops.cast(1, multiplier.dtype))
            steps = math_ops.multiply(steps, multiplier)
        else:
            step = math_ops.minimum(step, steps)
        fraction = math_ops.subtract(1.0, math_ops.truediv(step, steps))
        decayed = math_ops.multiply(math_ops.subtract(lr, end), math_ops.pow(fraction, power_t))
        return math_ops.add(decayed, end, name=scope)


@tf_export("train.cosine_decay")
def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)."""
    _require_step(global_step, "cosine_decay")
    with get_default_graph().name_scope(name or "CosineDecay") as scope:
        lr, step, steps = _decay_inputs(learning_rate, global_step, decay_steps)
        fraction = math_ops.truediv(math_ops.minimum(step, steps), steps)
        cosine = math_ops.multiply(0.5, math_ops.add(1.0, math_ops.cos(math_ops.multiply(math.pi, fraction))))
        decayed = math_ops.add(math_ops.multiply(1.0 - alpha, cosine), alpha)
        return math_ops.multiply(lr, decayed, name=scope)


@tf_export("train.piecewise_constant", "train.piecewise_constant_decay")
def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[i] while boundaries[i-1] < x <= boundaries[i], and
    values[-1] after the last boundary."""
    if len(values) != len(boundaries) + 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    from ..ops.array_index import where_v2

    with get_default_graph().name_scope(name or "PiecewiseConstant") as scope:
        x = convert_to_tensor(x)
        values = [convert_to_tensor(v) for v in values]
        boundaries = [convert_to_tensor(b, dtype=x.dtype.base_dtype) for b in boundaries]
        result = values[-1]
        for boundary, value in reversed(list(zip(boundaries, values[:-1]))):
            result = where_v2(math_ops.less_equal(x, boundary), value, result)
        from ..ops.array import identity

        return identity(result, name=scope)
