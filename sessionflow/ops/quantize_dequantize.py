"""QuantizeAndDequantizeV2 / V4 (tf.quantization.quantize_and_dequantize and _v2): floats rounded to the levels
of a `num_bits` integer grid that keeps 0.0 exact, per tensor or per slice along `axis`, with the range taken
from the input (range_given=False) or from input_min/input_max (clamped then). V4's gradient
(QuantizeAndDequantizeV4Grad) passes the gradient where the input lies in [input_min, input_max]; V2's passes it
through. The arithmetic is TF's, in the input's own float type."""

from __future__ import annotations

import numpy as np

from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import FLOATS, check_dtype
from .constant import convert_to_tensor

_ATTRS = dict(signed_input=True, num_bits=8, range_given=False, round_mode="HALF_TO_EVEN", narrow_range=False,
              axis=-1)


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def _check(num_bits, signed_input, axis, rank):
    if not 0 < num_bits < (62 if signed_input else 63):
        raise _invalid(f"num_bits is out of range: {num_bits} with signed_input_ {int(signed_input)}")
    if axis >= rank:
        raise _invalid(f"Axis requested is larger than input dimensions. Axis: {axis} Input Dimensions: {rank}")


def _quantize_dequantize(x, lo, hi, signed_input, num_bits, range_given, round_mode, narrow_range):
    t = x.dtype.type
    lo, hi = t(lo), t(hi)
    if signed_input:
        q_min = -(1 << (num_bits - 1)) + (1 if narrow_range else 0)
        q_max = (1 << (num_bits - 1)) - 1
    else:
        q_min, q_max = 0, (1 << num_bits) - 1
    t_max = t(np.finfo(t).max)
    from_min = t(t(q_min) / lo) if t(q_min) * lo > 0 else t_max
    from_max = t(t(q_max) / hi) if t(q_max) * hi > 0 else t_max
    if from_min < from_max:
        scale, inverse = from_min, t(lo / t(q_min))
        hi = t(t(q_max) * inverse)
    else:
        scale, inverse = from_max, t(hi / t(q_max))
        lo = t(t(q_min) * inverse)
    if range_given:
        x = np.maximum(np.minimum(x, hi), lo)
    scaled = x * scale
    rounded = np.rint(scaled) if round_mode == "HALF_TO_EVEN" else np.floor(scaled + t(0.5))
    return (rounded * inverse).astype(x.dtype)


def _per_axis(fn, x, lo, hi, axis):
    if axis == -1:
        return fn(x, np.asarray(lo).reshape(-1)[0], np.asarray(hi).reshape(-1)[0])
    moved = np.moveaxis(x, axis, 0)
    lo, hi = np.asarray(lo).reshape(-1), np.asarray(hi).reshape(-1)
    return np.moveaxis(np.stack([fn(moved[i], lo[i], hi[i]) for i in range(moved.shape[0])]), 0, axis)


def _check_round_mode(op_type, round_mode):
    if round_mode not in ("HALF_TO_EVEN", "HALF_UP"):
        raise ValueError(f"Attr 'round_mode' of '{op_type}' Op passed string '{round_mode}' not in: "
                         '"HALF_TO_EVEN", "HALF_UP".')


def _infer(op_type, input, input_min, input_max, axis):
    check_dtype(op_type, "input", input, FLOATS)
    for t, name in ((input_min, "input_min"), (input_max, "input_max")):
        if t.dtype.base_dtype is not input.dtype.base_dtype:
            raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not "
                            f"match type {input.dtype.base_dtype.name} of argument 'input'.")
    if axis < -1:
        raise ValueError(f"axis should be at least -1, got {axis}")
    rank = 0 if axis == -1 else 1
    shape_fns.with_rank(op_type, input_min.shape, rank)
    shape_fns.with_rank(op_type, input_max.shape, rank)
    if axis != -1:
        shape = shape_fns.with_rank_at_least(op_type, input.shape, axis + 1)
        depth = shape_fns.merge_dim(op_type, shape.dims[axis], shape_fns.merge_dim(
            op_type, input_min.shape.dims[0], input_max.shape.dims[0]))
        return TensorShape([depth])
    return TensorShape([])


def _kernel(input, input_min, input_max, signed_input, num_bits, range_given, round_mode, narrow_range, axis):
    _check(num_bits, signed_input, axis, input.ndim)
    x = np.asarray(input)
    if not range_given:
        reduce = tuple(i for i in range(x.ndim) if i != axis) if axis != -1 else None
        input_min, input_max = x.min(axis=reduce), x.max(axis=reduce)
    elif np.ndim(input_min) or np.ndim(input_max):  # TF 2.21's kernel: a given range is one scalar pair
        raise _invalid(f"input_{'min' if np.ndim(input_min) else 'max'} must be a scalar.")
    elif np.any(np.asarray(input_min) > np.asarray(input_max)):
        lo, hi = np.asarray(input_min).reshape(-1), np.asarray(input_max).reshape(-1)
        i = int(np.argmax(lo > hi))
        raise _invalid(f"Invalid range: input_min {lo[i]:g} > input_max {hi[i]:g}")
    return _per_axis(lambda part, lo, hi: _quantize_dequantize(part, lo, hi, signed_input, num_bits, range_given,
                                                               round_mode, narrow_range), x, input_min, input_max, axis)


@op("QuantizeAndDequantizeV4", inputs=("input", "input_min", "input_max"), attrs=_ATTRS)
class QuantizeAndDequantizeV4:
    """`input` rounded to a `num_bits` grid over its range (or the given one), in its own float type."""

    def infer(input, input_min, input_max, signed_input, num_bits, range_given, round_mode, narrow_range, axis):
        _check_round_mode("QuantizeAndDequantizeV4", round_mode)
        _infer("QuantizeAndDequantizeV4", input, input_min, input_max, axis)
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input, input_min, input_max, **attrs):
        return _kernel(input, input_min, input_max, **attrs)

    def grad(op_, g):
        return QuantizeAndDequantizeV4Grad(g, *op_.inputs, axis=op_.attrs["axis"])[:3]

    samples = [((np.array([-1.3, 0.2, 0.77, 2.5], np.float32), np.float32(-1.0), np.float32(1.0)), {}),
               ((np.array([[-1.3, 0.2], [0.77, 2.5]], np.float32), np.array([-1.0, 0.0], np.float32),
                 np.array([1.0, 3.0], np.float32)), dict(num_bits=4, axis=1))]


@op("QuantizeAndDequantizeV2", inputs=("input", "input_min", "input_max"), attrs=_ATTRS)
class QuantizeAndDequantizeV2:
    """tf.quantize_and_dequantize's op: QuantizeAndDequantizeV4's values; its gradient passes straight through."""

    def infer(input, input_min, input_max, signed_input, num_bits, range_given, round_mode, narrow_range, axis):
        _check_round_mode("QuantizeAndDequantizeV2", round_mode)
        _infer("QuantizeAndDequantizeV2", input, input_min, input_max, axis)
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input, input_min, input_max, **attrs):
        return _kernel(input, input_min, input_max, **attrs)

    def grad(op_, g):
        return g, None, None

    samples = [((np.array([-1.3, 0.2, 0.77, 2.5], np.float32), np.float32(-1.0), np.float32(1.0)),
                dict(range_given=True, round_mode="HALF_UP"))]


@op("QuantizeAndDequantizeV4Grad", inputs=("gradients", "input", "input_min", "input_max"), attrs=dict(axis=-1))
class QuantizeAndDequantizeV4Grad:
    """The gradient where `input` lies in [input_min, input_max] (per slice along `axis`), and zeros for the
    range's own gradients."""

    def infer(gradients, input, input_min, input_max, axis):
        minmax = _infer("QuantizeAndDequantizeV4Grad", input, input_min, input_max, axis)
        shape = shape_fns.merge("QuantizeAndDequantizeV4Grad", gradients.shape, input.shape)
        dtype = input.dtype.base_dtype
        return [(dtype, shape), (dtype, minmax), (dtype, minmax)]

    def kernel(xp, gradients, input, input_min, input_max, axis):
        lo, hi = np.asarray(input_min), np.asarray(input_max)
        if axis != -1:
            shape = [1] * input.ndim
            shape[axis] = -1
            lo, hi = lo.reshape(shape), hi.reshape(shape)
        inside = (input >= lo) & (input <= hi)
        zeros = np.zeros(np.shape(input_min), input.dtype)
        return (gradients * inside.astype(input.dtype)).astype(input.dtype), zeros, zeros.copy()

    def grad(op_, g, _g_min, _g_max):
        return (QuantizeAndDequantizeV4Grad(g, *op_.inputs[1:], axis=op_.attrs["axis"])[0],) + (None,) * 3

    samples = [((np.ones(4, np.float64), np.array([-1.3, 0.2, 0.77, 2.5], np.float64), np.float64(-1.0),
                 np.float64(1.0)), {})]


def _wrapper(opdef, exported):
    def fn(input, input_min, input_max, signed_input=True, num_bits=8, range_given=False, round_mode="HALF_TO_EVEN",
           name=None, narrow_range=False, axis=None):
        with get_default_graph().name_scope(name or opdef.type) as scope:
            input = convert_to_tensor(input, name="input")
            if axis is None:
                axis = -1
            elif axis < 0:
                if input.shape.ndims is None:
                    raise ValueError("input should have known rank to use negative axis.")
                axis %= input.shape.ndims
            dtype = input.dtype.base_dtype
            return opdef(input, convert_to_tensor(input_min, dtype, name="input_min"),
                         convert_to_tensor(input_max, dtype, name="input_max"), signed_input=signed_input,
                         num_bits=num_bits, range_given=range_given, round_mode=round_mode,
                         narrow_range=narrow_range, axis=axis, name=scope)

    fn.__name__ = fn.__qualname__ = exported.rpartition(".")[2]
    fn.__doc__ = f"`tf.{exported}`: the {opdef.type} op."
    return tf_export(exported)(fn)


quantize_and_dequantize = _wrapper(QuantizeAndDequantizeV2, "quantization.quantize_and_dequantize")
quantize_and_dequantize_v2 = _wrapper(QuantizeAndDequantizeV4, "quantization.quantize_and_dequantize_v2")
