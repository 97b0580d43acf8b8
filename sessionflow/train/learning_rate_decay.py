"""Learning-rate schedules of `tf.train`: tensors computed from the global step, TF's formulas."""

from __future__ import annotations

import math

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..ops import math as math_ops
from ..ops.constant import convert_to_tensor


def _schedule_inputs(learning_rate, global_step, *others):
    """TF 2's schedules' first ops: the initial rate as `initial_learning_rate`, each constant cast to its
    dtype (a float constant needs no Cast op), then the step cast."""
    learning_rate = convert_to_tensor(learning_rate, name="initial_learning_rate")
    dtype = learning_rate.dtype.base_dtype
    others = [math_ops.cast(v, dtype) for v in others]
    return (learning_rate, *others, math_ops.cast(global_step, dtype))


def _progress(step, steps, staircase):
    """step / steps, floored with `staircase`."""
    p = step / steps
    return math_ops.floor(p) if staircase else p


def _require_step(global_step, schedule):
    if global_step is None:
        raise ValueError(f"global_step is required for {schedule}.")


def _exponential(learning_rate, global_step, decay_steps, decay_rate, staircase, name):
    """TF 2's ExponentialDecay: learning_rate * decay_rate ^ (global_step / decay_steps)."""
    with get_default_graph().name_scope(name or "ExponentialDecay") as scope:
        lr, steps, rate, step = _schedule_inputs(learning_rate, global_step, decay_steps, decay_rate)
        return math_ops.multiply(lr, math_ops.pow(rate, _progress(step, steps, staircase)), name=scope)


@tf_export("train.exponential_decay")
def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * decay_rate ^ (global_step / decay_steps)."""
    _require_step(global_step, "exponential_decay")
    return _exponential(learning_rate, global_step, decay_steps, decay_rate, staircase, name)


@tf_export("train.inverse_time_decay")
def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps)."""
    from ..ops.constant import constant

    _require_step(global_step, "inverse_time_decay")
    with get_default_graph().name_scope(name or "InverseTimeDecay") as scope:
        lr, steps, rate, step = _schedule_inputs(learning_rate, global_step, decay_steps, decay_rate)
        p = _progress(step, steps, staircase)
        one = math_ops.cast(constant(1), lr.dtype.base_dtype)
        return math_ops.truediv(lr, math_ops.add(one, math_ops.multiply(rate, p)), name=scope)


@tf_export("train.natural_exp_decay")
def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps): as TF 2, an exponential decay whose rate
    is exp(-decay_rate), computed outside its name scope (so its last bits are TF's)."""
    _require_step(global_step, "natural_exp_decay")
    rate = math_ops.exp(math_ops.negative(decay_rate))
    return _exponential(learning_rate, global_step, decay_steps, rate, staircase, name)


@tf_export("train.polynomial_decay")
def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    """(learning_rate - end) * (1 - step / decay_steps) ^ power + end, with step capped at decay_steps
    (or, with `cycle`, decay_steps stretched to the next multiple above step)."""
    from ..ops.array_index import where_v2

    _require_step(global_step, "polynomial_decay")
    with get_default_graph().name_scope(name or "PolynomialDecay") as scope:
        lr, end, power_t, step = _schedule_inputs(learning_rate, global_step, end_learning_rate, power)
        steps = math_ops.cast(decay_steps, lr.dtype.base_dtype)
        if cycle:  # the first multiple of decay_steps above the step (1 at step 0)
            multiplier = where_v2(math_ops.equal(step, 0), 1.0, math_ops.ceil(step / decay_steps))
            steps = math_ops.multiply(steps, multiplier)
        else:
            step = math_ops.minimum(step, steps)
        p = step / steps
        return math_ops.add(math_ops.multiply(lr - end, math_ops.pow(1 - p, power_t)), end, name=scope)


def _cosine(fraction):
    """0.5 * (1 + cos(pi * fraction)), pi a constant of the fraction's graph."""
    from ..ops.constant import constant

    return 0.5 * (1.0 + math_ops.cos(constant(math.pi) * fraction))


@tf_export("train.cosine_decay")
def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha).
    As TF 2's CosineDecay, the result is not named after the scope (`CosineDecay/Mul_3`)."""
    _require_step(global_step, "cosine_decay")
    with get_default_graph().name_scope(name or "CosineDecay"):
        lr, steps, step = _schedule_inputs(learning_rate, global_step, decay_steps)
        fraction = math_ops.minimum(step, steps) / steps
        decayed = (1 - alpha) * _cosine(fraction) + alpha
        return math_ops.multiply(lr, decayed)


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


@tf_export("train.cosine_decay_restarts")
def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                          name=None):
    """Cosine decay with warm restarts (SGDR): periods grow by `t_mul`, restarts scale by `m_mul`."""
    _require_any_step(global_step)
    with get_default_graph().name_scope(name or "SGDRDecay") as scope:
        lr, first, alpha_t, t_mul_t, m_mul_t, step = _schedule_inputs(learning_rate, global_step, first_decay_steps,
                                                                      alpha, t_mul, m_mul)
        fraction = step / first
        if isinstance(t_mul, (int, float)) and t_mul == 1.0:  # TF picks the branch with a cond on t_mul == 1
            i_restart = math_ops.floor(fraction)
            fraction = fraction - i_restart
        else:
            i_restart = math_ops.floor(math_ops.log(1.0 - fraction * (1.0 - t_mul_t)) / math_ops.log(t_mul_t))
            sum_r = (1.0 - t_mul_t ** i_restart) / (1.0 - t_mul_t)
            fraction = (fraction - sum_r) / t_mul_t ** i_restart
        from ..ops.constant import constant

        cosine = 0.5 * m_mul_t ** i_restart * (1.0 + math_ops.cos(constant(math.pi) * fraction))
        decayed = (1 - alpha_t) * cosine + alpha_t
        return math_ops.multiply(lr, decayed, name=scope)


def _linear_cosine(learning_rate, global_step, decay_steps, num_periods, alpha, beta, noise=None):
    """TF 2's (Noisy)LinearCosineDecay inside its scope: (alpha + linear [+ noise]) * cosine + beta."""
    extra = () if noise is None else noise[:2]
    lr, steps, *variance, periods, alpha_t, beta_t, step = _schedule_inputs(
        learning_rate, global_step, decay_steps, *extra, num_periods, alpha, beta)
    step = math_ops.minimum(step, steps)
    linear = (steps - step) / steps
    if noise is not None:
        from ..ops import random as random_ops

        initial_variance, variance_decay = variance
        std = math_ops.sqrt(initial_variance / math_ops.pow(1.0 + step, variance_decay))
        linear = linear + random_ops.random_normal(linear.shape, stddev=std)
    completed = step / steps
    cosine = _cosine(2.0 * periods * completed)
    return lr, (alpha_t + linear) * cosine + beta_t


@tf_export("train.linear_cosine_decay")
def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001, name=None):
    """learning_rate * ((alpha + linear) * cosine + beta), linear falling from 1 to 0 over decay_steps."""
    _require_any_step(global_step)
    with get_default_graph().name_scope(name or "LinearCosineDecay") as scope:
        lr, decayed = _linear_cosine(learning_rate, global_step, decay_steps, num_periods, alpha, beta)
        return math_ops.multiply(lr, decayed, name=scope)


@tf_export("train.noisy_linear_cosine_decay")
def noisy_linear_cosine_decay(learning_rate, global_step, decay_steps, initial_variance=1.0, variance_decay=0.55,
                              num_periods=0.5, alpha=0.0, beta=0.001, name=None):
    """linear_cosine_decay with Gaussian noise added to the linear part (variance decaying with the step)."""
    _require_any_step(global_step)
    with get_default_graph().name_scope(name or "NoisyLinearCosineDecay") as scope:
        lr, decayed = _linear_cosine(learning_rate, global_step, decay_steps, num_periods, alpha, beta,
                                     noise=(initial_variance, variance_decay))
        return math_ops.multiply(lr, decayed, name=scope)


def _require_any_step(global_step):
    """TF 2's schedules (behind these three) fail converting a None step."""
    if global_step is None:
        raise ValueError("None values not supported.")
