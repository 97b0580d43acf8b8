"""QuantizeV2 (tf.quantize, tf.quantize_v2, tf.quantization.quantize) and Dequantize (tf.dequantize): float
tensors to TF's quantized types and back, in the modes MIN_COMBINED, MIN_FIRST and SCALED, per tensor or per
slice along `axis`. The arithmetic is TF's CPU kernels' in float32 step by step (range nudging with
`ensure_minimum_range`, the scale factors, the rounding of each mode), so the integers are TF's bit for bit.
Quantized tensors are held as arrays of their plain integer type (framework/dtypes.storage_numpy_dtype)."""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import check_dtype
from .constant import convert_to_tensor

_F32 = np.float32
_MODES = ("MIN_COMBINED", "MIN_FIRST", "SCALED")
_QUANTIZE_TYPES = (dtypes.qint8, dtypes.quint8, dtypes.qint32, dtypes.qint16, dtypes.quint16)
QuantizeV2Output = collections.namedtuple("QuantizeV2", ["output", "output_min", "output_max"])


def _limits(dtype):
    info = np.iinfo(dtypes.storage_numpy_dtype(dtype))
    return int(info.min), int(info.max)


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def round_half_away(xp, x):
    """std::round: halves away from zero (Eigen's round of a float)."""
    return xp.where(x < 0, -xp.floor(-x + _F32(0.5)), xp.floor(x + _F32(0.5))).astype(x.dtype)


def nudged_range(in_min, in_max, ensure_minimum_range):
    """TF's adjustment of a requested range: it contains 0 and spans at least a share of its magnitude."""
    in_min, in_max = _F32(in_min), _F32(in_max)
    if in_max < in_min:
        raise _invalid("input_max_range must be larger than input_min_range.")
    lo = min(_F32(0), in_min)
    epsilon = _F32(max(_F32(1), max(abs(in_min), abs(in_max))) * _F32(ensure_minimum_range))
    hi = max(_F32(0), max(in_max, _F32(lo + epsilon)))
    return lo, hi


def quantize_min_first(xp, x, lo, hi, dtype):
    """TF's FloatToQuantizedStruct arithmetic (MIN_FIRST; also the requantizing ops): float32 throughout."""
    q_lo, q_hi = _limits(dtype)
    steps = float(1 << (8 * np.dtype(dtypes.storage_numpy_dtype(dtype)).itemsize))
    scale = _F32(0.0) if hi == lo else _F32((steps - 1.0) / float(_F32(hi - lo)))
    min_scaled = round_half_away(np, np.asarray(_F32(lo) * scale, _F32))
    lower, upper = max(_F32(q_lo), _F32(-2.147483648e9)), min(_F32(q_hi), _F32(2.147483520e9))
    out = round_half_away(xp, x.astype(_F32) * scale) - (min_scaled - _F32(q_lo))
    return xp.clip(out, lower, upper).astype(np.int32).astype(dtypes.storage_numpy_dtype(dtype))


def dequantize_min_first(xp, q, lo, hi):
    """TF's QuantizedToFloatStruct arithmetic: the range's low end rounded to a whole step, float32 throughout."""
    q_lo = int(np.iinfo(q.dtype).min)
    steps = float(1 << (8 * q.dtype.itemsize))
    scale = _F32(float(_F32(hi) - _F32(lo)) / (steps - 1.0))
    rounded = _F32(lo) if hi == lo else _F32(round_half_away(np, np.asarray(_F32(lo) / scale, _F32)) * scale)
    return (rounded - _F32(q_lo) * scale) + q.astype(_F32) * scale


def _quantize_slice(xp, x, in_min, in_max, dtype, mode, round_mode, narrow_range, ensure_minimum_range):
    lo, hi = nudged_range(in_min, in_max, ensure_minimum_range)
    q_lo, q_hi = _limits(dtype)
    store = dtypes.storage_numpy_dtype(dtype)
    if mode == "MIN_FIRST":
        return quantize_min_first(xp, x, lo, hi, dtype), lo, hi
    if mode == "MIN_COMBINED":
        scale = _F32((float(q_hi) - float(q_lo)) / float(_F32(hi - lo)))
        shifted = (xp.clip(x, lo, hi) - lo) * scale
        if q_lo < 0:
            half_range = _F32((float(q_hi) - float(q_lo) + 1) / 2.0)
            return round_half_away(xp, shifted - half_range).astype(store), lo, hi
        return (shifted + _F32(0.5)).astype(store), lo, hi
    min_out = q_lo + (1 if narrow_range else 0)
    flt_max = _F32(np.finfo(_F32).max)
    from_min = _F32(_F32(min_out) / lo) if _F32(min_out) * lo > 0 else flt_max
    from_max = _F32(_F32(q_hi) / hi) if _F32(q_hi) * hi > 0 else flt_max
    scale = min(from_min, from_max)
    lo, hi = _F32(_F32(min_out) / scale), _F32(_F32(q_hi) / scale)
    scaled = xp.clip(x, lo, hi) * scale
    rounded = xp.rint(scaled) if round_mode == "HALF_TO_EVEN" else round_half_away(xp, scaled)
    return rounded.astype(store), lo, hi


def _check_modes(mode, round_mode=None):
    if mode not in _MODES:
        raise _invalid(f"Mode string must be 'MIN_COMBINED', 'MIN_FIRST', or 'SCALED', is '{mode}'")
    if round_mode is not None:
        if round_mode not in ("HALF_AWAY_FROM_ZERO", "HALF_TO_EVEN"):
            raise _invalid(f"Round mode string must be 'HALF_AWAY_FROM_ZERO' or 'HALF_TO_EVEN', is '{round_mode}'")
        if round_mode == "HALF_TO_EVEN" and mode != "SCALED":
            raise _invalid(f"Round mode 'HALF_TO_EVEN' only supported for mode 'SCALED', but mode is '{mode}'.")


def _minmax_infer(op_type, input, min_range, max_range, axis):
    rank = input.shape.ndims
    if axis < -1:
        raise ValueError(f"axis should be at least -1, got {axis}")
    if axis != -1 and rank is not None and axis >= rank:
        raise ValueError(f"Axis must be less than input dimension({rank}), got {axis}")
    minmax = shape_fns.with_rank(op_type, min_range.shape, 0 if axis == -1 else 1)
    minmax = shape_fns.merge(op_type, minmax, shape_fns.with_rank(op_type, max_range.shape, 0 if axis == -1 else 1))
    if axis != -1:
        shape = shape_fns.with_rank_at_least(op_type, input.shape, axis + 1)
        depth = shape_fns.merge_dim(op_type, minmax.dims[0], shape.dims[axis])
        minmax = TensorShape([depth])
    return minmax


def _per_slice(xp, x, mins, maxs, axis, fn):
    """`fn(slice, min, max) -> (values, min, max)` over each index of `axis`; results restacked."""
    mins, maxs = np.asarray(mins, _F32).reshape(-1), np.asarray(maxs, _F32).reshape(-1)
    moved = xp.moveaxis(x, axis, 0)
    parts = [fn(moved[i], mins[i], maxs[i]) for i in range(moved.shape[0])]
    values = xp.moveaxis(xp.stack([p[0] for p in parts]), 0, axis) if parts else x
    return values, np.array([p[1] for p in parts], _F32), np.array([p[2] for p in parts], _F32)


@op("QuantizeV2", inputs=("input", "min_range", "max_range"),
    attrs=dict(T=None, mode="MIN_COMBINED", round_mode="HALF_AWAY_FROM_ZERO", narrow_range=False, axis=-1,
               ensure_minimum_range=0.01), type_attrs={})
class QuantizeV2:
    """Float32 to T (qint8, quint8, qint16, quint16, qint32); also the range the integers stand for."""

    def infer(input, min_range, max_range, T, mode, round_mode, narrow_range, axis, ensure_minimum_range):
        check_dtype("QuantizeV2", "T", _Typed(T), _QUANTIZE_TYPES)
        minmax = _minmax_infer("QuantizeV2", input, min_range, max_range, axis)
        return [(T, input.shape), (dtypes.float32, minmax), (dtypes.float32, minmax)]

    def kernel(xp, input, min_range, max_range, T, mode, round_mode, narrow_range, axis, ensure_minimum_range):
        _check_modes(mode, round_mode)
        x = xp.asarray(input, _F32)

        def one(part, lo, hi):
            return _quantize_slice(xp, part, lo, hi, T, mode, round_mode, narrow_range, ensure_minimum_range)

        if axis > -1 and x.shape[axis] != 1:
            if mode == "MIN_FIRST":
                raise errors.UnimplementedError(None, None,
                                                "MIN_FIRST mode is not implemented for Quantize with axis != -1.")
            values, lo, hi = _per_slice(xp, x, min_range, max_range, axis, one)
            return values, lo.reshape(np.shape(min_range)), hi.reshape(np.shape(min_range))
        values, lo, hi = one(x, np.asarray(min_range).reshape(-1)[0], np.asarray(max_range).reshape(-1)[0])
        shape = () if axis == -1 else np.shape(min_range)
        return values, np.full(shape, lo, _F32), np.full(shape, hi, _F32)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([-1.0, 0.3, 2.0, 5.0], np.float32), np.float32(-1.0), np.float32(5.0)),
                dict(T=dtypes.quint8)),
               ((np.array([[-1.0, 0.3], [2.0, -5.0]], np.float32), np.array([-1.0, -5.0], np.float32),
                 np.array([1.0, 2.0], np.float32)), dict(T=dtypes.qint8, mode="SCALED", axis=1))]


class _Typed:
    """A stand-in with a `dtype`, so attr types are checked with TF's message for inputs."""

    def __init__(self, dtype):
        self.dtype = dtypes.as_dtype(dtype)


@op("Dequantize", inputs=("input", "min_range", "max_range"),
    attrs=dict(mode="MIN_COMBINED", narrow_range=False, axis=-1, dtype=dtypes.float32))
class Dequantize:
    """T (a quantized type) back to float32 (or bfloat16) in the range [min_range, max_range]."""

    def infer(input, min_range, max_range, mode, narrow_range, axis, dtype):
        check_dtype("Dequantize", "input", input, _QUANTIZE_TYPES)
        _minmax_infer("Dequantize", input, min_range, max_range, axis)
        return dtypes.as_dtype(dtype), input.shape

    def kernel(xp, input, min_range, max_range, mode, narrow_range, axis, dtype):
        _check_modes(mode)
        q_lo, q_hi = int(np.iinfo(input.dtype).min), int(np.iinfo(input.dtype).max)

        def one(part, lo, hi):
            lo, hi = _F32(lo), _F32(hi)
            if mode == "MIN_FIRST":
                return dequantize_min_first(xp, part, lo, hi), lo, hi
            if mode == "MIN_COMBINED":
                half = _F32(0) if q_lo == 0 else _F32((float(q_hi) - float(q_lo) + 1) / 2.0)
                scale = _F32(float(_F32(hi - lo)) / (float(q_hi) - float(q_lo)))
                return (part.astype(_F32) + half) * scale + lo, lo, hi
            min_out = q_lo + (1 if narrow_range else 0)
            scale = _F32(hi / _F32(q_hi)) if q_lo == 0 else max(_F32(lo / _F32(min_out)), _F32(hi / _F32(q_hi)))
            return part.astype(np.int32).astype(_F32) * scale, lo, hi

        if axis > -1 and input.shape[axis] != 1:
            if mode == "MIN_FIRST":
                raise errors.UnimplementedError(None, None,
                                                "MIN_FIRST mode is not implemented for Dequantize with axis != -1.")
            out = _per_slice(xp, input, min_range, max_range, axis, one)[0]
        else:
            out = one(input, np.asarray(min_range).reshape(-1)[0], np.asarray(max_range).reshape(-1)[0])[0]
        return out.astype(dtypes.as_dtype(dtype).as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([(0,), (55,), (255,)], dtypes.quint8.as_numpy_dtype), np.float32(-1.0),
                 np.float32(5.0)), {}),
               ((np.array([(-128,), (0,), (127,)], dtypes.qint8.as_numpy_dtype), np.float32(-2.0),
                 np.float32(2.0)), dict(mode="SCALED"))]


def _axis_attr(input, axis):
    if axis is None:
        return -1
    if axis < 0:
        rank = input.shape.ndims
        if rank is None:
            raise ValueError("input should have known rank to use negative axis.")
        axis %= rank
    return axis


@tf_export("quantization.quantize", "quantize")
def quantize(input, min_range, max_range, T, mode="MIN_COMBINED", round_mode="HALF_AWAY_FROM_ZERO", name=None,
             narrow_range=False, axis=None, ensure_minimum_range=0.01):
    """`tf.quantize`: the QuantizeV2 op (output, output_min, output_max)."""
    return quantize_v2(input, min_range, max_range, T, mode=mode, name=name, round_mode=round_mode,
                       narrow_range=narrow_range, axis=axis, ensure_minimum_range=ensure_minimum_range)


@tf_export("quantize_v2")
def quantize_v2(input, min_range, max_range, T, mode="MIN_COMBINED", name=None, round_mode="HALF_AWAY_FROM_ZERO",
                narrow_range=False, axis=None, ensure_minimum_range=0.01):
    """`tf.quantize_v2` (deprecated in TF for tf.quantization.quantize): the QuantizeV2 op."""
    with get_default_graph().name_scope(name or "QuantizeV2") as scope:
        input = convert_to_tensor(input, dtypes.float32, name="input")
        min_range = convert_to_tensor(min_range, dtypes.float32, name="min_range")
        max_range = convert_to_tensor(max_range, dtypes.float32, name="max_range")
        out = QuantizeV2(input, min_range, max_range, T=dtypes.as_dtype(T), mode=mode, round_mode=round_mode,
                         narrow_range=narrow_range, axis=_axis_attr(input, axis),
                         ensure_minimum_range=float(ensure_minimum_range), name=scope)
        return QuantizeV2Output(*out)


@tf_export("quantization.dequantize", "dequantize")
def dequantize(input, min_range, max_range, mode="MIN_COMBINED", name=None, axis=None, narrow_range=False,
               dtype=dtypes.float32):
    """`tf.dequantize`: the Dequantize op, float32 (or bfloat16) values of quantized `input`."""
    with get_default_graph().name_scope(name or "Dequantize") as scope:
        input = convert_to_tensor(input, name="input")
        min_range = convert_to_tensor(min_range, dtypes.float32, name="min_range")
        max_range = convert_to_tensor(max_range, dtypes.float32, name="max_range")
        return Dequantize(input, min_range, max_range, mode=mode, narrow_range=narrow_range,
                          axis=_axis_attr(input, axis), dtype=dtypes.as_dtype(dtype), name=scope)
