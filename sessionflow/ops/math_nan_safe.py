"""Zero-safe elementwise ops: Xlogy, Xdivy, Xlog1py (0 where x == 0), MulNoNan (0 where y == 0), and the
composites built on them or on DivNoNan (reciprocal_no_nan), EuclideanNorm (tf.math.reduce_euclidean_norm),
zero_fraction, unsorted_segment_sqrt_n and the to_bfloat16/to_complex* casts."""

from __future__ import annotations

import functools

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from . import array, common, math, reduction, segment
from .common import INEXACT
from .constant import constant, convert_to_tensor

_SAMPLES = [((np.array([0.25, 1.5, -2.0, 0.75]), np.array([0.5, 2.0, 3.0, 4.0])), {}),
            ((np.array([[0.125, 0.5], [2.0, 1.0]], np.float32), np.array([1.5, 0.25], np.float32)), {})]


def _where_x_zero(xp, x, value):
    with np.errstate(all="ignore"):
        return xp.where(x == 0, xp.zeros((), x.dtype), value)


def _xlogy(xp, x, y):
    with np.errstate(all="ignore"):
        return _where_x_zero(xp, x, x * xp.log(y))


def _xlog1py(xp, x, y):
    with np.errstate(all="ignore"):
        return _where_x_zero(xp, x, x * xp.log1p(y))


def _xdivy(xp, x, y):
    with np.errstate(all="ignore"):
        return _where_x_zero(xp, x, x / y)


def _mul_no_nan(xp, x, y):
    with np.errstate(all="ignore"):
        return xp.where(y == 0, xp.zeros((), x.dtype), x * y)


def _not_zero(x):
    return math.cast(math.not_equal(x, constant(0, dtype=x.dtype.base_dtype)), x.dtype.base_dtype)


def _grads(op_, g, partial_x, partial_y):
    return math._binary_grads(op_, math.multiply(partial_x, g), math.multiply(partial_y, g))


def _xlogy_grad(op_, g):
    x, y = op_.inputs
    return _grads(op_, g, Xlogy(_not_zero(x), y), Xdivy(x, y))


def _xlog1py_grad(op_, g):
    x, y = op_.inputs
    return _grads(op_, g, Xlog1py(_not_zero(x), y), Xdivy(x, math.add(y, constant(1, dtype=y.dtype.base_dtype))))


def _xdivy_grad(op_, g):
    x, y = op_.inputs
    return _grads(op_, g, Xdivy(_not_zero(x), y), Xdivy(math.negative(x), math.square(y)))


def _mul_no_nan_grad(op_, g):
    x, y = op_.inputs
    return math._binary_grads(op_, MulNoNan(g, y), MulNoNan(x, g))


Xlogy = math.binary("Xlogy", _xlogy, INEXACT, grad=_xlogy_grad, samples=_SAMPLES)
Xlog1py = math.binary("Xlog1py", _xlog1py, INEXACT, grad=_xlog1py_grad, samples=_SAMPLES)
Xdivy = math.binary("Xdivy", _xdivy, INEXACT, grad=_xdivy_grad, samples=_SAMPLES)
Xdivy.optimized = functools.partial(math.divide_by_constant, zero_where_x_is_zero=True)  # grappler's rewrite
MulNoNan = math.binary("MulNoNan", _mul_no_nan, INEXACT, grad=_mul_no_nan_grad, samples=_SAMPLES)

xlogy = math._binary_wrapper(Xlogy, "Xlogy", "math.xlogy")
xlogy.__name__ = xlogy.__qualname__ = "xlogy"


def _scoped(opdef, scope_name):
    """TF's xdivy/xlog1py: the op, named as its type, inside a `scope_name` scope."""

    def fn(x, y, name=None):
        with get_default_graph().name_scope(scope_name):
            x, y = common.convert_same_dtype(opdef.type, (x, y), ("x", "y"))
            return opdef(x, y, name=name or opdef.type)

    fn.__name__ = fn.__qualname__ = scope_name
    fn.__doc__ = f"`tf.math.{scope_name}`: elementwise {opdef.type}, 0 where x is 0."
    return tf_export(f"math.{scope_name}")(fn)


xlog1py = _scoped(Xlog1py, "xlog1py")
xdivy = _scoped(Xdivy, "xdivy")


@tf_export("math.multiply_no_nan")
def multiply_no_nan(x, y, name=None):
    """x * y, but 0 where y is 0 even if x is NaN or infinite (MulNoNan)."""
    with get_default_graph().name_scope(name or "multiply_no_nan") as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        if x.dtype.base_dtype is not y.dtype.base_dtype:
            raise ValueError(f"`x` and `y` must have the same dtype, got {x.dtype!r} != {y.dtype!r}.")
        return MulNoNan(x, y, name=scope)


@tf_export("math.reciprocal_no_nan")
def reciprocal_no_nan(x, name=None):
    """1 / x, but 0 where x is 0 (DivNoNan of a constant one)."""
    with get_default_graph().name_scope(name or "reciprocal_no_nan") as scope:
        x = convert_to_tensor(x, name="x")
        one = constant(1, dtype=x.dtype.base_dtype, name="one")
        return math.DivNoNan(one, x, name=scope)


# --- EuclideanNorm ---------------------------------------------------------------------------

def _euclidean_norm(xp, x, axes, keep):
    if x.dtype.kind in "iu":
        return xp.sqrt(xp.sum(x.astype(np.float64) ** 2, axis=axes, keepdims=keep)).astype(x.dtype)
    return xp.sqrt(xp.sum(x * xp.conj(x), axis=axes, keepdims=keep))


def _euclidean_norm_grad(op_, grad):
    output = op_.outputs[0]
    if not op_.attrs["keep_dims"]:
        kept = reduction._kept_shape(op_)
        output = array.reshape(output, kept)
        grad = array.reshape(grad, kept)
    return math.truediv(op_.inputs[0], math.truediv(output, grad)), None


EuclideanNorm = reduction._declare_reduction(
    "EuclideanNorm", common.NUMBERS, _euclidean_norm, _euclidean_norm_grad,
    "sqrt(sum(x * conj(x))) over the axes.")
reduce_euclidean_norm = reduction._reduction_wrapper(
    EuclideanNorm, "EuclideanNorm", ("math.reduce_euclidean_norm",), "Euclidean norm across axes.")


@tf_export("math.zero_fraction", "nn.zero_fraction")
def zero_fraction(value, name=None):
    """The fraction of zeros in `value`, as a float32 scalar."""
    with get_default_graph().name_scope(name or "zero_fraction"):
        value = convert_to_tensor(value, name="value")
        size = array.size(value, out_type=dtypes.int64)
        nonzero = reduction.reduce_sum(math.cast(math.not_equal(value, constant(0, dtype=value.dtype.base_dtype)),
                                                 dtypes.int64))
        with get_default_graph().name_scope("counts_to_fraction"):
            num_zero = math.subtract(size, nonzero)
            fraction = math.truediv(math.cast(num_zero, dtypes.float32), math.cast(size, dtypes.float32))
        return array.identity(fraction, name="fraction")


@tf_export("unsorted_segment_sqrt_n", "math.unsorted_segment_sqrt_n")
def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """Sum of each segment divided by the square root of its size (empty segments: 0)."""
    with get_default_graph().name_scope(name or "UnsortedSegmentSqrtN") as scope:
        data = convert_to_tensor(data, name="data")
        ids = convert_to_tensor(segment_ids, name="segment_ids", preferred_dtype=dtypes.int32)
        ones = array.ones_like(ids, dtype=data.dtype.base_dtype)
        counts = segment.unsorted_segment_sum(ones, ids, num_segments)
        counts = segment._broadcastable(math.maximum(counts, constant(1, dtype=data.dtype.base_dtype)), data)
        return math.truediv(segment.unsorted_segment_sum(data, ids, num_segments), math.sqrt(counts), name=scope)


def _to(dtype, default_name, public):
    def fn(x, name=default_name):
        return math.cast(x, dtype, name=name)

    fn.__name__ = public
    fn.__doc__ = f"`tf.{public}`: cast to {dtype.name}."
    return tf_export(public)(fn)


to_bfloat16 = _to(dtypes.bfloat16, "ToBFloat16", "to_bfloat16")
to_complex64 = _to(dtypes.complex64, "ToComplex64", "to_complex64")
to_complex128 = _to(dtypes.complex128, "ToComplex128", "to_complex128")
