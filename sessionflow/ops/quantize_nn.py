"""The quantized kernels of TF 1.x's eight-bit inference graphs: QuantizedConcat (inputs requantized into one
range), QuantizedMaxPool / QuantizedAvgPool (on the integers; the range passes through) and QuantizedConv2D
(quint8 x quint8 -> qint32 sums of offset products, and the range of one qint32 step); QuantizedReluX builds
but does not run, as TF 2.21 registers no kernel for it. Zero levels are TF's `FloatToQuantizedUnclamped`
(float64); requantizing uses TF's float32 Eigen arithmetic (ops/quantize.py)."""

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
from .nn_conv import _pad, _windows
from .nn_pool2d import _pool_geometry, _pool_infer
from .quantize import dequantize_min_first, quantize_min_first

_F32 = np.float32
_QUANTIZED = (dtypes.qint8, dtypes.quint8, dtypes.qint32, dtypes.qint16, dtypes.quint16)
_Triple = collections.namedtuple("QuantizedOutput", ["output", "min_output", "max_output"])


def _bits(np_dtype):
    return 8 * np.dtype(np_dtype).itemsize


def float_to_quantized_unclamped(x, lo, hi, np_dtype):
    """TF's FloatToQuantizedUnclamped<T> (double arithmetic, std::round), as int64."""
    lowest = int(np.iinfo(np_dtype).min)
    if _F32(lo) == _F32(hi):
        return np.full(np.shape(x), lowest, np.int64)
    steps = float(1 << _bits(np_dtype))
    span = float(_F32(_F32(hi) - _F32(lo))) * (steps / (steps - 1.0))
    scale = steps / span
    x = np.asarray(x, _F32).astype(np.float64) * scale
    rounded = np.where(x < 0, -np.floor(-x + 0.5), np.floor(x + 0.5))
    m = float(_F32(lo)) * scale
    m = -np.floor(-m + 0.5) if m < 0 else np.floor(m + 0.5)
    return (rounded - m).astype(np.int64) + lowest


def _scalar(v):
    return _F32(np.asarray(v).reshape(-1)[0])


class _AsFloat:
    """A float32 stand-in for a quantized input, so the float pooling shape checks apply."""

    def __init__(self, t):
        self.dtype = dtypes.float32
        self.shape = t.shape


def _scalar_ranges(op_type, *tensors):
    for t in tensors:
        shape_fns.with_rank(op_type, t.shape, 0)


# --- QuantizedConcat -----------------------------------------------------------------------------

@op("QuantizedConcat", inputs=("concat_dim", "*values", "*input_mins", "*input_maxes"),
    type_attrs=dict(T="values", N="#values"))
class QuantizedConcat:
    """Concatenation of quantized tensors, each requantized into the union of their ranges (symmetric around 0
    for a signed type)."""

    def infer(concat_dim, *rest):
        n = len(rest) // 3
        values = rest[:n]
        check_dtype("QuantizedConcat", "values", values[0], _QUANTIZED)
        dtype = values[0].dtype.base_dtype
        for v in values[1:]:
            if v.dtype.base_dtype is not dtype:
                raise TypeError(f"Input 'values' of 'QuantizedConcat' Op has type {v.dtype.base_dtype.name} that "
                                f"does not match type {dtype.name} of argument 'values'.")
        _scalar_ranges("QuantizedConcat", *rest[n:])
        shapes = [v.shape for v in values]
        known = [s for s in shapes if s.ndims is not None]
        out = _concat_shape(concat_dim, shapes) if known else TensorShape(None)
        return [(dtype, out), (dtypes.float32, TensorShape([])), (dtypes.float32, TensorShape([]))]

    def kernel(xp, concat_dim, *rest):
        n = len(rest) // 3
        values, mins, maxes = rest[:n], rest[n:2 * n], rest[2 * n:]
        if values[0].dtype != np.uint8:
            raise errors.InvalidArgumentError(
                None, None, "No OpKernel was registered to support Op 'QuantizedConcat' with these attrs: "
                f"[T={_enum_name(values[0].dtype)}]\nRegistered devices: [CPU]\nRegistered kernels:\n"
                "  device='CPU'; T in [DT_QUINT8]")
        lo = min(_F32(0), min(_scalar(m) for m in mins))
        hi = max(_scalar(m) for m in maxes)
        if np.iinfo(values[0].dtype).min < 0:
            largest = max(abs(lo), abs(hi))
            lo, hi = -largest, largest
        parts = []
        for v, a, b in zip(values, mins, maxes):
            if _scalar(a) == lo and _scalar(b) == hi:
                parts.append(v)
            else:
                as_float = dequantize_min_first(np, v, _scalar(a), _scalar(b))  # TF's Eigen structs, float32
                parts.append(quantize_min_first(np, as_float, lo, hi, dtypes.quint8))
        axis = int(np.asarray(concat_dim))
        return xp.concatenate(parts, axis=axis % parts[0].ndim), _F32(lo), _F32(hi)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.int32(0), [np.array([(1,), (200,)], dtypes.quint8.as_numpy_dtype),
                               np.array([(7,)], dtypes.quint8.as_numpy_dtype)],
                 [np.float32(-1.0), np.float32(0.0)], [np.float32(1.0), np.float32(3.0)]), {})]


def _concat_shape(concat_dim, shapes):
    from ..framework.registry import static_value

    axis = static_value(concat_dim)
    rank = next(s.ndims for s in shapes if s.ndims is not None)
    if axis is None:
        return TensorShape([None] * rank)
    axis = int(axis) % rank
    dims = [None] * rank
    total = 0
    for s in shapes:
        if s.ndims is None:
            total = None
            continue
        for i in range(rank):
            if i != axis:
                dims[i] = shape_fns.merge_dim("QuantizedConcat", dims[i], s.dims[i])
        size = s.dims[axis] if not hasattr(s.dims[axis], "value") else s.dims[axis].value
        total = None if total is None or size is None else total + size
    dims[axis] = total
    return TensorShape(dims)


# --- pooling ---------------------------------------------------------------------------------------

_POOL_ATTRS = dict(ksize=None, strides=None, padding="VALID")


def _pool_spec(op_type, input, min_input, max_input, ksize, strides, padding):
    check_dtype(op_type, "input", input, _QUANTIZED)
    _scalar_ranges(op_type, min_input, max_input)
    _, shape = _pool_infer(op_type, _AsFloat(input), ksize, strides, padding, "NHWC")
    scalar = TensorShape([])
    return [(input.dtype.base_dtype, shape), (dtypes.float32, scalar), (dtypes.float32, scalar)]


@op("QuantizedMaxPool", inputs=("input", "min_input", "max_input"), attrs=_POOL_ATTRS)
class QuantizedMaxPool:
    """Max pooling of the integers (NHWC); the range is the input's."""

    def infer(input, min_input, max_input, ksize, strides, padding):
        return _pool_spec("QuantizedMaxPool", input, min_input, max_input, ksize, strides, padding)

    def kernel(xp, input, min_input, max_input, ksize, strides, padding):
        k, s, oh, ow = _pool_geometry(input.shape, ksize, strides, padding, "NHWC")
        lowest = np.iinfo(input.dtype).min
        windows = _windows(xp, _pad(xp, input, oh, ow, lowest), k, s, (1, 1), (oh[0], ow[0]))
        return windows.max(axis=(-2, -1)).astype(input.dtype), _scalar(min_input), _scalar(max_input)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([(v,) for v in (5, 1, 9, 3, 7, 2, 8, 0, 6)], dtypes.quint8.as_numpy_dtype).reshape(1, 3, 3, 1),
                 np.float32(0.0), np.float32(1.0)), dict(ksize=[1, 2, 2, 1], strides=[1, 1, 1, 1], padding="SAME"))]


@op("QuantizedAvgPool", inputs=("input", "min_input", "max_input"), attrs=_POOL_ATTRS)
class QuantizedAvgPool:
    """Average pooling of the integers over each window's valid pixels, rounded half to even as TF's kernel
    rounds; the range is the input's."""

    def infer(input, min_input, max_input, ksize, strides, padding):
        return _pool_spec("QuantizedAvgPool", input, min_input, max_input, ksize, strides, padding)

    def kernel(xp, input, min_input, max_input, ksize, strides, padding):
        k, s, oh, ow = _pool_geometry(input.shape, ksize, strides, padding, "NHWC")
        out = (oh[0], ow[0])
        sums = _windows(xp, _pad(xp, input.astype(np.int64), oh, ow, 0), k, s, (1, 1), out).sum(axis=(-2, -1))
        ones = xp.ones(input.shape[:3] + (1,), np.int64)
        counts = _windows(xp, _pad(xp, ones, oh, ow, 0), k, s, (1, 1), out).sum(axis=(-2, -1))
        quotient = np.rint(sums.astype(_F32) / counts.astype(_F32))  # halves to even, as TF's kernel gives
        return quotient.astype(input.dtype), _scalar(min_input), _scalar(max_input)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([(v,) for v in range(0, 90, 10)], dtypes.quint8.as_numpy_dtype).reshape(1, 3, 3, 1),
                 np.float32(0.0), np.float32(1.0)), dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME"))]


# --- QuantizedReluX ----------------------------------------------------------------------------------

@op("QuantizedReluX", inputs=("features", "max_value", "min_features", "max_features"),
    attrs=dict(out_type=dtypes.quint8), type_attrs=dict(Tinput="features"))
class QuantizedReluX:
    """TF 2.21 declares the op but registers no kernel for it: the graph builds, running it fails as in TF."""

    def infer(features, max_value, min_features, max_features, out_type):
        check_dtype("QuantizedReluX", "features", features, _QUANTIZED)
        _scalar_ranges("QuantizedReluX", min_features, max_features)
        scalar = TensorShape([])
        return [(dtypes.as_dtype(out_type), features.shape), (dtypes.float32, scalar), (dtypes.float32, scalar)]

    def kernel(xp, features, max_value, min_features, max_features, out_type):
        raise errors.InvalidArgumentError(
            None, None, "No OpKernel was registered to support Op 'QuantizedReluX' with these attrs: "
            f"[Tinput={_enum_name(features.dtype)}, out_type=DT_{dtypes.as_dtype(out_type).name.upper()}]\n"
            "Registered devices: [CPU]\nRegistered kernels:\n  <no registered kernels>")

    grad = NOT_DIFFERENTIABLE


# --- QuantizedConv2D -----------------------------------------------------------------------------------

@op("QuantizedConv2D", inputs=("input", "filter", "min_input", "max_input", "min_filter", "max_filter"),
    attrs=dict(out_type=dtypes.qint32, strides=None, padding="VALID", dilations=(1, 1, 1, 1)),
    type_attrs=dict(Tinput="input", Tfilter="filter"))
class QuantizedConv2D:
    """NHWC convolution of quint8 input and filter into qint32: sums of (input - its zero level) x (filter - its
    zero level); the output range is one product step times qint32's limits."""

    def infer(input, filter, min_input, max_input, min_filter, max_filter, out_type, strides, padding, dilations):
        check_dtype("QuantizedConv2D", "input", input, _QUANTIZED)
        check_dtype("QuantizedConv2D", "filter", filter, _QUANTIZED)
        _scalar_ranges("QuantizedConv2D", min_input, max_input, min_filter, max_filter)
        from .nn_conv import _output_size

        x = shape_fns.with_rank("QuantizedConv2D", input.shape, 4).as_list()
        f = shape_fns.with_rank("QuantizedConv2D", filter.shape, 4).as_list()
        if len(strides) != 4:
            raise ValueError("Sliding window strides field must specify 4 dimensions")
        if x[3] is not None and f[2] is not None and x[3] != f[2]:
            raise ValueError(f"Dimensions must be equal, but are {x[3]} and {f[2]} for 'QuantizedConv2D'")
        oh = _output_size(x[1], f[0], strides[1], 1, padding)[0] if None not in (x[1], f[0]) else None
        ow = _output_size(x[2], f[1], strides[2], 1, padding)[0] if None not in (x[2], f[1]) else None
        scalar = TensorShape([])
        return [(dtypes.as_dtype(out_type), TensorShape([x[0], oh, ow, f[3]])), (dtypes.float32, scalar),
                (dtypes.float32, scalar)]

    def kernel(xp, input, filter, min_input, max_input, min_filter, max_filter, out_type, strides, padding,
               dilations):
        from .nn_conv import _output_size

        lo_x, hi_x, lo_f, hi_f = (_scalar(v) for v in (min_input, max_input, min_filter, max_filter))
        x_zero = int(float_to_quantized_unclamped(0.0, lo_x, hi_x, input.dtype))
        f_zero = int(float_to_quantized_unclamped(0.0, lo_f, hi_f, filter.dtype))
        kh, kw = filter.shape[0], filter.shape[1]
        oh = _output_size(input.shape[1], kh, strides[1], 1, padding)
        ow = _output_size(input.shape[2], kw, strides[2], 1, padding)
        centred = _pad(xp, input.astype(np.int64) - x_zero, oh, ow, 0)
        windows = _windows(xp, centred, (kh, kw), (strides[1], strides[2]), (1, 1), (oh[0], ow[0]))
        out = np.einsum("nhwcij,ijco->nhwo", windows, filter.astype(np.int64) - f_zero)
        lo, hi = _product_range(lo_x, hi_x, lo_f, hi_f, input.dtype, filter.dtype)
        return out.astype(np.int32), lo, hi

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([(v,) for v in range(0, 250, 10)], dtypes.quint8.as_numpy_dtype).reshape(1, 5, 5, 1),
                 np.array([(v,) for v in (0, 128, 255, 64)], dtypes.quint8.as_numpy_dtype).reshape(2, 2, 1, 1),
                 np.float32(0.0), np.float32(1.0), np.float32(-1.0), np.float32(1.0)),
                dict(strides=[1, 1, 1, 1], padding="SAME"))]


def _enum_name(np_dtype):
    return {"uint8": "DT_QUINT8", "int8": "DT_QINT8", "int32": "DT_QINT32", "int16": "DT_QINT16",
            "uint16": "DT_QUINT16"}[np.dtype(np_dtype).name]


def _one_level(lo, hi, np_dtype):
    info = np.iinfo(np_dtype)
    return _F32(_F32(hi - lo) / _F32(int(info.max) - int(info.min)))


def _product_range(lo_a, hi_a, lo_b, hi_b, a_dtype, b_dtype):
    """TF's QuantizationRangeForMultiplication into qint32."""
    step = _F32(_one_level(lo_a, hi_a, a_dtype) * _one_level(lo_b, hi_b, b_dtype))
    return _F32(step * _F32(-2147483648)), _F32(step * _F32(2147483647))


# --- public wrappers -----------------------------------------------------------------------------------

def _floats(*values):
    return [convert_to_tensor(v, dtypes.float32) for v in values]


@tf_export("quantization.quantized_concat", "quantized_concat")
def quantized_concat(concat_dim, values, input_mins, input_maxes, name=None):
    """`tf.quantized_concat`: (output, output_min, output_max)."""
    with get_default_graph().name_scope(name or "QuantizedConcat") as scope:
        values = [convert_to_tensor(v) for v in values]
        out = QuantizedConcat(convert_to_tensor(concat_dim, dtypes.int32), values, _floats(*input_mins),
                              _floats(*input_maxes), name=scope)
        return collections.namedtuple("QuantizedConcat", ["output", "output_min", "output_max"])(*out)


def _pool_wrapper(opdef, default, exported):
    def fn(input, min_input, max_input, ksize, strides, padding, name=None):
        with get_default_graph().name_scope(name or default) as scope:
            out = opdef(convert_to_tensor(input), *_floats(min_input, max_input), ksize=list(ksize),
                        strides=list(strides), padding=padding, name=scope)
            return collections.namedtuple(default, ["output", "min_output", "max_output"])(*out)

    fn.__name__ = fn.__qualname__ = exported.rpartition(".")[2]
    fn.__doc__ = f"`tf.{exported}`: (output, min_output, max_output)."
    return tf_export(exported)(fn)


quantized_max_pool = _pool_wrapper(QuantizedMaxPool, "QuantizedMaxPool", "nn.quantized_max_pool")
quantized_avg_pool = _pool_wrapper(QuantizedAvgPool, "QuantizedAvgPool", "nn.quantized_avg_pool")


@tf_export("nn.quantized_relu_x")
def quantized_relu_x(features, max_value, min_features, max_features, out_type=dtypes.quint8, name=None):
    """`tf.nn.quantized_relu_x`: (activations, min_activations, max_activations)."""
    with get_default_graph().name_scope(name or "QuantizedReluX") as scope:
        out = QuantizedReluX(convert_to_tensor(features), *_floats(max_value, min_features, max_features),
                             out_type=dtypes.as_dtype(out_type), name=scope)
        return collections.namedtuple("QuantizedReluX", ["activations", "min_activations", "max_activations"])(*out)


@tf_export("nn.quantized_conv2d")
def quantized_conv2d(input, filter, min_input, max_input, min_filter, max_filter, strides, padding,
                     out_type=dtypes.qint32, dilations=(1, 1, 1, 1), name=None):
    """`tf.nn.quantized_conv2d`: (output, min_output, max_output)."""
    with get_default_graph().name_scope(name or "QuantizedConv2D") as scope:
        out = QuantizedConv2D(convert_to_tensor(input), convert_to_tensor(filter),
                              *_floats(min_input, max_input, min_filter, max_filter), strides=list(strides),
                              padding=padding, out_type=dtypes.as_dtype(out_type), dilations=list(dilations),
                              name=scope)
        return collections.namedtuple("QuantizedConv2D", ["output", "min_output", "max_output"])(*out)
