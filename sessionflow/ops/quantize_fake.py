"""Fake quantization (quantization-aware training): FakeQuantWithMinMaxArgs / Vars / VarsPerChannel round
float32 values to the `2**num_bits` levels of a range nudged so that 0.0 is exactly one level, and their
gradient ops pass the gradient through inside the nudged range (the Vars forms also give the gradients of
`min` and `max`: the sums of what falls below and above it). The nudging and rounding are TF's float32 steps,
so values are TF's bit for bit."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .constant import convert_to_tensor

_F32 = np.float32
_ATTRS = dict(num_bits=8, narrow_range=False)


def _check_bits(num_bits):
    if not 2 <= num_bits <= 16:
        raise errors.InvalidArgumentError(None, None, "num_bits must be between 2 and 16, inclusive")


def nudge(lo, hi, num_bits, narrow_range):
    """(nudged_min, nudged_max, scale, quant_min - zero_point): the range moved so that 0.0 falls on a level."""
    q_min, q_max = _F32(1 if narrow_range else 0), _F32((1 << num_bits) - 1)
    lo, hi = _F32(lo), _F32(hi)
    scale = _F32((hi - lo) / (q_max - q_min))
    zero_from_min = _F32(q_min - lo / scale)
    if zero_from_min < q_min:
        zero = q_min
    elif zero_from_min > q_max:
        zero = q_max
    else:
        zero = _F32(np.floor(abs(zero_from_min) + 0.5) * np.sign(zero_from_min))
    return _F32((q_min - zero) * scale), _F32((q_max - zero) * scale), scale, _F32(q_min - zero)


def _fake_quant(xp, x, lo, hi, num_bits, narrow_range, multiply):
    n_lo, n_hi, scale, offset = nudge(lo, hi, num_bits, narrow_range)
    shifted = xp.minimum(xp.maximum(x, n_lo), n_hi) - n_lo  # TF: cwiseMin(max).cwiseMax(min)
    steps = shifted * _F32(_F32(1) / scale) if multiply else shifted / scale
    # the level counted from the zero point, times the scale (so 0.0 comes back exactly 0.0)
    return ((xp.floor(steps + _F32(0.5)) + offset) * scale).astype(_F32)


def _masks(x, lo, hi, num_bits, narrow_range):
    n_lo, n_hi, _, _ = nudge(lo, hi, num_bits, narrow_range)
    return (x >= n_lo) & (x <= n_hi), x < n_lo, x > n_hi


def _float_input(op_type, t, name):
    if t.dtype.base_dtype is not dtypes.float32:
        raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not match "
                        "expected type of float32.")


@op("FakeQuantWithMinMaxArgs", inputs=("inputs",), attrs=dict(min=-6.0, max=6.0, **_ATTRS), type_attrs={})
class FakeQuantWithMinMaxArgs:
    """`inputs` rounded to the levels of the nudged range [min, max] (attrs)."""

    def infer(inputs, min, max, num_bits, narrow_range):
        _float_input("FakeQuantWithMinMaxArgs", inputs, "inputs")
        return dtypes.float32, inputs.shape

    def kernel(xp, inputs, min, max, num_bits, narrow_range):
        _check_args(min, max, num_bits)
        return _fake_quant(xp, inputs, min, max, num_bits, narrow_range, multiply=True)

    def grad(op_, g):
        return FakeQuantWithMinMaxArgsGradient(g, op_.inputs[0], **{k: op_.attrs[k] for k in
                                                                  ("min", "max", "num_bits", "narrow_range")})

    samples = [((np.array([-7.0, -0.3, 0.01, 2.5, 6.2], np.float32),), {}),
               ((np.array([[-1.0, 0.4], [0.77, 3.0]], np.float32),), dict(min=-1.0, max=2.0, num_bits=4))]


def _check_args(lo, hi, num_bits):
    if lo >= hi:
        raise errors.InvalidArgumentError(None, None, f"min has to be smaller than max, was: {lo:g} >= {hi:g}")
    _check_bits(num_bits)


@op("FakeQuantWithMinMaxArgsGradient", inputs=("gradients", "inputs"), attrs=dict(min=-6.0, max=6.0, **_ATTRS),
    type_attrs={})
class FakeQuantWithMinMaxArgsGradient:
    """`gradients` where `inputs` lies in the nudged range, 0 elsewhere."""

    def infer(gradients, inputs, min, max, num_bits, narrow_range):
        _float_input("FakeQuantWithMinMaxArgsGradient", gradients, "gradients")
        _float_input("FakeQuantWithMinMaxArgsGradient", inputs, "inputs")
        return dtypes.float32, shape_fns.merge("FakeQuantWithMinMaxArgsGradient", gradients.shape, inputs.shape)

    def kernel(xp, gradients, inputs, min, max, num_bits, narrow_range):
        _check_args(min, max, num_bits)
        inside, _, _ = _masks(inputs, min, max, num_bits, narrow_range)
        return (gradients * inside.astype(_F32)).astype(_F32)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.ones(4, np.float32), np.array([-7.0, -0.3, 2.5, 6.2], np.float32)), {})]


def _scalar_minmax(op_type, lo, hi):
    shape_fns.with_rank(op_type, lo.shape, 0)
    shape_fns.with_rank(op_type, hi.shape, 0)


@op("FakeQuantWithMinMaxVars", inputs=("inputs", "min", "max"), attrs=_ATTRS, type_attrs={})
class FakeQuantWithMinMaxVars:
    """`inputs` rounded to the levels of the nudged range [min, max] (scalar tensors, usually variables)."""

    def infer(inputs, min, max, num_bits, narrow_range):
        for t, name in ((inputs, "inputs"), (min, "min"), (max, "max")):
            _float_input("FakeQuantWithMinMaxVars", t, name)
        _scalar_minmax("FakeQuantWithMinMaxVars", min, max)
        return dtypes.float32, inputs.shape

    def kernel(xp, inputs, min, max, num_bits, narrow_range):
        _check_bits(num_bits)
        return _fake_quant(xp, inputs, min, max, num_bits, narrow_range, multiply=False)

    def grad(op_, g):
        return FakeQuantWithMinMaxVarsGradient(g, *op_.inputs, num_bits=op_.attrs["num_bits"],
                                               narrow_range=op_.attrs["narrow_range"])

    samples = [((np.array([-7.0, -0.3, 0.01, 2.5, 6.2], np.float32), np.float32(-6.0), np.float32(6.0)), {}),
               ((np.array([[0.1, 0.4], [0.77, 3.0]], np.float32), np.float32(0.2), np.float32(2.0)),
                dict(num_bits=5, narrow_range=True))]


@op("FakeQuantWithMinMaxVarsGradient", inputs=("gradients", "inputs", "min", "max"), attrs=_ATTRS, type_attrs={})
class FakeQuantWithMinMaxVarsGradient:
    """The gradients of FakeQuantWithMinMaxVars: w.r.t. inputs (inside the nudged range), min (the sum of the
    gradients below it) and max (the sum above it)."""

    def infer(gradients, inputs, min, max, num_bits, narrow_range):
        _scalar_minmax("FakeQuantWithMinMaxVarsGradient", min, max)
        shape = shape_fns.merge("FakeQuantWithMinMaxVarsGradient", gradients.shape, inputs.shape)
        return [(dtypes.float32, shape), (dtypes.float32, TensorShape([])), (dtypes.float32, TensorShape([]))]

    def kernel(xp, gradients, inputs, min, max, num_bits, narrow_range):
        _check_bits(num_bits)
        inside, below, above = _masks(inputs, min, max, num_bits, narrow_range)
        return ((gradients * inside.astype(_F32)).astype(_F32), _F32(xp.sum(gradients * below, dtype=_F32)),
                _F32(xp.sum(gradients * above, dtype=_F32)))

    grad = NOT_DIFFERENTIABLE
    samples = [((np.ones(4, np.float32), np.array([-7.0, -0.3, 2.5, 6.2], np.float32), np.float32(-6.0),
                 np.float32(6.0)), {})]


def _channel_minmax(op_type, inputs, lo, hi):
    shape = shape_fns.with_rank_at_least(op_type, inputs.shape, 1)
    lo_shape = shape_fns.with_rank(op_type, lo.shape, 1)
    hi_shape = shape_fns.with_rank(op_type, hi.shape, 1)
    depth = shape_fns.merge_dim(op_type, shape.dims[-1], shape_fns.merge_dim(op_type, lo_shape.dims[0],
                                                                              hi_shape.dims[0]))
    return shape, TensorShape([depth])


def _per_channel(xp, fn, inputs, lo, hi):
    return [fn(inputs[..., i], lo[i], hi[i]) for i in range(inputs.shape[-1])]


@op("FakeQuantWithMinMaxVarsPerChannel", inputs=("inputs", "min", "max"), attrs=_ATTRS, type_attrs={})
class FakeQuantWithMinMaxVarsPerChannel:
    """FakeQuantWithMinMaxVars with one [min, max] per channel (the last dimension)."""

    def infer(inputs, min, max, num_bits, narrow_range):
        for t, name in ((inputs, "inputs"), (min, "min"), (max, "max")):
            _float_input("FakeQuantWithMinMaxVarsPerChannel", t, name)
        shape, _ = _channel_minmax("FakeQuantWithMinMaxVarsPerChannel", inputs, min, max)
        return dtypes.float32, shape

    def kernel(xp, inputs, min, max, num_bits, narrow_range):
        _check_bits(num_bits)
        parts = _per_channel(xp, lambda x, lo, hi: _fake_quant(xp, x, lo, hi, num_bits, narrow_range, False),
                             inputs, min, max)
        return xp.stack(parts, axis=-1).astype(_F32).reshape(inputs.shape)

    def grad(op_, g):
        return FakeQuantWithMinMaxVarsPerChannelGradient(g, *op_.inputs, num_bits=op_.attrs["num_bits"],
                                                         narrow_range=op_.attrs["narrow_range"])

    samples = [((np.array([[-7.0, 0.3], [2.5, -0.2], [6.2, 1.9]], np.float32), np.array([-6.0, -0.5], np.float32),
                 np.array([6.0, 1.5], np.float32)), {})]


@op("FakeQuantWithMinMaxVarsPerChannelGradient", inputs=("gradients", "inputs", "min", "max"), attrs=_ATTRS,
    type_attrs={})
class FakeQuantWithMinMaxVarsPerChannelGradient:
    """FakeQuantWithMinMaxVarsGradient with one [min, max] per channel: min/max gradients per channel."""

    def infer(gradients, inputs, min, max, num_bits, narrow_range):
        shape, depth = _channel_minmax("FakeQuantWithMinMaxVarsPerChannelGradient", inputs, min, max)
        shape = shape_fns.merge("FakeQuantWithMinMaxVarsPerChannelGradient", gradients.shape, shape)
        return [(dtypes.float32, shape), (dtypes.float32, depth), (dtypes.float32, depth)]

    def kernel(xp, gradients, inputs, min, max, num_bits, narrow_range):
        _check_bits(num_bits)
        depth = inputs.shape[-1]
        g2, x2 = gradients.reshape(-1, depth), inputs.reshape(-1, depth)
        d_in, d_lo, d_hi = [], [], []
        for i in range(depth):
            inside, below, above = _masks(x2[:, i], min[i], max[i], num_bits, narrow_range)
            d_in.append(g2[:, i] * inside.astype(_F32))
            d_lo.append(xp.sum(g2[:, i] * below, dtype=_F32))
            d_hi.append(xp.sum(g2[:, i] * above, dtype=_F32))
        return (xp.stack(d_in, axis=-1).astype(_F32).reshape(inputs.shape), xp.asarray(d_lo, _F32),
                xp.asarray(d_hi, _F32))

    grad = NOT_DIFFERENTIABLE
    samples = [((np.ones((3, 2), np.float32), np.array([[-7.0, 0.3], [2.5, -0.2], [6.2, 1.9]], np.float32),
                 np.array([-6.0, -0.5], np.float32), np.array([6.0, 1.5], np.float32)), {})]


def _wrap(opdef, default_name, names, tensor_args, doc):
    def fn(*args, name=None, **attrs):
        bound = dict(zip(tensor_args, args))
        bound.update({k: attrs.pop(k) for k in list(attrs) if k in tensor_args})
        with get_default_graph().name_scope(name or default_name) as scope:
            tensors = [bound[a] if isinstance(bound[a], Tensor) else convert_to_tensor(bound[a], dtypes.float32, name=a)
                       for a in tensor_args]
            return opdef(*tensors, name=scope, **attrs)

    fn.__name__ = fn.__qualname__ = names[-1]
    fn.__doc__ = doc
    return tf_export(*[f"{prefix}{names[-1]}" for prefix in ("", "quantization.")])(fn)


fake_quant_with_min_max_args = _wrap(
    FakeQuantWithMinMaxArgs, "FakeQuantWithMinMaxArgs", ["fake_quant_with_min_max_args"], ("inputs",),
    "`tf.quantization.fake_quant_with_min_max_args(inputs, min=-6., max=6., num_bits=8, narrow_range=False)`.")
fake_quant_with_min_max_args_gradient = _wrap(
    FakeQuantWithMinMaxArgsGradient, "FakeQuantWithMinMaxArgsGradient", ["fake_quant_with_min_max_args_gradient"],
    ("gradients", "inputs"), "`tf.quantization.fake_quant_with_min_max_args_gradient`: the Args op's gradient.")
fake_quant_with_min_max_vars = _wrap(
    FakeQuantWithMinMaxVars, "FakeQuantWithMinMaxVars", ["fake_quant_with_min_max_vars"], ("inputs", "min", "max"),
    "`tf.quantization.fake_quant_with_min_max_vars(inputs, min, max, num_bits=8, narrow_range=False)`.")
fake_quant_with_min_max_vars_gradient = _wrap(
    FakeQuantWithMinMaxVarsGradient, "FakeQuantWithMinMaxVarsGradient", ["fake_quant_with_min_max_vars_gradient"],
    ("gradients", "inputs", "min", "max"),
    "`tf.quantization.fake_quant_with_min_max_vars_gradient`: (backprops_wrt_input, backprop_wrt_min, "
    "backprop_wrt_max).")
fake_quant_with_min_max_vars_per_channel = _wrap(
    FakeQuantWithMinMaxVarsPerChannel, "FakeQuantWithMinMaxVarsPerChannel",
    ["fake_quant_with_min_max_vars_per_channel"], ("inputs", "min", "max"),
    "`tf.quantization.fake_quant_with_min_max_vars_per_channel`: one [min, max] per last-dimension channel.")
fake_quant_with_min_max_vars_per_channel_gradient = _wrap(
    FakeQuantWithMinMaxVarsPerChannelGradient, "FakeQuantWithMinMaxVarsPerChannelGradient",
    ["fake_quant_with_min_max_vars_per_channel_gradient"], ("gradients", "inputs", "min", "max"),
    "`tf.quantization.fake_quant_with_min_max_vars_per_channel_gradient`: per-channel min/max gradients.")
