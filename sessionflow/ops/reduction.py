"""Reductions: Sum, Mean, Max, Min, Prod, All, Any, ArgMax, ArgMin, TopKV2, and the public wrappers
(`tf.reduce_*`, `tf.argmax`, `tf.reduce_logsumexp`, `tf.count_nonzero`, `tf.nn.top_k`).

Reduction ops take `(input, reduction_indices)` and the attr `keep_dims`; the axes may be a scalar or a
1-D int32/int64 tensor, negative axes count from the end, and an empty axis list is the identity.
"""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from . import array, math
from .common import NUMBERS, REAL, check_dtype, shape_str, traced_jax
from .constant import constant, convert_to_tensor

_INDEX_TYPES = frozenset([dtypes.int32, dtypes.int64])
_F64 = np.float64


# --- shape and axis helpers ------------------------------------------------------------------

def _reduced_shape(op_type: str, input: Tensor, axes_t: Tensor, keep_dims: bool) -> TensorShape:
    """The static output shape of reducing `input` over `axes_t` (TF's ReductionShape)."""
    dims = input.shape.as_tuple()
    value = static_value(axes_t)
    if value is None:
        return TensorShape([None] * len(dims)) if keep_dims and dims is not None else TensorShape(None)
    if dims is None:
        return TensorShape(None)
    rank = len(dims)
    axes = set()
    for a in np.asarray(value).reshape(-1).tolist():
        if not -rank <= a < rank:
            raise ValueError(f"Invalid reduction dimension {a} for input with {rank} dimensions. for '{op_type}' "
                             f"with input shapes: {shape_str(input.shape)}, {shape_str(axes_t.shape)} and with "
                             f"computed input tensors: input[1] = <{' '.join(map(str, np.ravel(value)))}>.")
        axes.add(a % rank)
    if keep_dims:
        return TensorShape([1 if i in axes else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in axes])


def _runtime_axes(x, axes) -> tuple:
    """The reduction axes as a tuple of non-negative ints; InvalidArgumentError as TF's kernel."""
    rank = x.ndim
    out = []
    for a in axes.reshape(-1).tolist():
        if not -rank <= a < rank:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid reduction dimension ({a} for input with {rank} dimension(s)")
        if a % rank in out:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid reduction arguments: Axes contains duplicate dimension: {a % rank}")
        out.append(a % rank)
    return tuple(out)


def _declare_reduction(type_name: str, allowed, kernel, grad, doc: str, samples=None):
    """Declares one reduction op type: `kernel(xp, x, axes_tuple, keep_dims)` does the math; `allowed`
    None means bool only."""

    class Reduction:
        def infer(input, reduction_indices, keep_dims):
            if allowed is None:
                if input.dtype.base_dtype is not dtypes.bool:
                    raise TypeError(f"Input 'input' of '{type_name}' Op has type {input.dtype.base_dtype.name} "
                                    "that does not match expected type of bool.")
            else:
                check_dtype(type_name, "input", input, allowed)
            check_dtype(type_name, "reduction_indices", reduction_indices, _INDEX_TYPES)
            return input.dtype.base_dtype, _reduced_shape(type_name, input, reduction_indices, keep_dims)

        def kernel(xp, input, reduction_indices, keep_dims):
            out = kernel(xp, input, _runtime_axes(input, reduction_indices), keep_dims)
            return xp.asarray(out, dtype=input.dtype)

    Reduction.grad = grad
    Reduction.__doc__ = doc
    Reduction.samples = _SAMPLES if samples is None else samples
    type_attrs = dict(T="input", Tidx="reduction_indices") if allowed is not None else dict(Tidx="reduction_indices")
    return op(type_name, inputs=("input", "reduction_indices"), attrs=dict(keep_dims=False),
              type_attrs=type_attrs)(Reduction)


def _sum(xp, x, axes, keep):
    return xp.sum(x, axis=axes, keepdims=keep, dtype=x.dtype)


def _mean(xp, x, axes, keep):
    count = int(np.prod([x.shape[a] for a in axes], dtype=np.int64))
    if x.dtype.kind in "iu":
        total = xp.sum(x, axis=axes, keepdims=keep, dtype=x.dtype)
        if count == 0:
            return xp.zeros_like(total)
        quotient = xp.floor_divide(xp.abs(total), count) if x.dtype.kind == "i" else total // count
        return xp.where(total < 0, -quotient, quotient) if x.dtype.kind == "i" else quotient
    if x.dtype == np.float16:
        total = xp.sum(x, axis=axes, keepdims=keep, dtype=xp.float32)
    else:
        total = xp.sum(x, axis=axes, keepdims=keep)
    if count == 0:
        return xp.full(total.shape, xp.nan, dtype=x.dtype)
    return total / count


def _lowest(dtype):
    return -np.inf if dtype.kind in "fc" else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype.kind in "fc" else np.iinfo(dtype).max


def _max(xp, x, axes, keep):
    return xp.max(x, axis=axes, keepdims=keep, initial=_lowest(x.dtype))


def _min(xp, x, axes, keep):
    return xp.min(x, axis=axes, keepdims=keep, initial=_highest(x.dtype))


def _prod(xp, x, axes, keep):
    return xp.prod(x, axis=axes, keepdims=keep, dtype=x.dtype)


# --- gradients -------------------------------------------------------------------------------

def _kept_shape(op_):
    """The reduction's output shape with reduced axes kept as 1: a list when static, else a Tensor."""
    x, axes_t = op_.inputs
    dims = x.shape.as_tuple()
    axes = static_value(axes_t)
    if axes is not None and dims is not None:
        rank = len(dims)
        reduced = {int(a) % rank for a in np.asarray(axes).reshape(-1).tolist()}
        if all(d is not None for d in dims):
            return [1 if i in reduced else d for i, d in enumerate(dims)]
        mask = constant(np.array([i in reduced for i in builtin_range(rank)], dtype=np.int32))
    else:
        rank_t = array.rank(x)
        positions = array.expand_dims(array.range(0, rank_t), 1)
        wanted = array.reshape(math.floormod(math.cast(axes_t, dtypes.int32), rank_t), [1, -1])
        mask = math.cast(reduce_any(math.equal(positions, wanted), axis=1), dtypes.int32)
    full = array.shape(x)
    return full - (full - 1) * mask


builtin_range = __builtins__["range"] if isinstance(__builtins__, dict) else __builtins__.range


def _broadcast_like(g, x):
    """`g` (of the kept shape) broadcast to the shape of `x`."""
    return g * array.ones_like(x)


def _sum_grad(op_, grad):
    return _broadcast_like(array.reshape(grad, _kept_shape(op_)), op_.inputs[0]), None


def _mean_grad(op_, grad):
    x, y = op_.inputs[0], op_.outputs[0]
    n_in, n_out = x.shape.num_elements(), y.shape.num_elements()
    if n_in is not None and n_out is not None:
        factor = constant(n_in // max(n_out, 1), dtype=grad.dtype.base_dtype)
    else:
        factor = math.cast(math.floordiv(array.size(x), math.maximum(array.size(y), 1)), grad.dtype.base_dtype)
    return math.truediv(_sum_grad(op_, grad)[0], factor), None


def _min_or_max_grad(op_, grad):
    x, axes_t = op_.inputs
    kept = _kept_shape(op_)
    y = array.reshape(op_.outputs[0], kept)
    g = array.reshape(grad, kept)
    indicators = math.cast(math.equal(y, x), grad.dtype.base_dtype)
    num_selected = Sum(indicators, axes_t, keep_dims=True)
    return math.truediv(indicators, num_selected) * g, None


def _prod_grad(op_, grad):
    """d prod / d x_i = product of the other elements, exact when x holds zeros."""
    x, axes_t = op_.inputs
    dtype = x.dtype.base_dtype
    g = array.reshape(grad, _kept_shape(op_))
    is_zero = math.cast(math.equal(x, constant(0, dtype=dtype)), dtype)
    safe = x + is_zero
    prod_nonzero = Prod(safe, axes_t, keep_dims=True)
    zeros = Sum(is_zero, axes_t, keep_dims=True)
    none_zero = math.cast(math.equal(zeros, constant(0, dtype=dtype)), dtype)
    one_zero = math.cast(math.equal(zeros, constant(1, dtype=dtype)), dtype)
    others = (1 - is_zero) * none_zero * math.truediv(prod_nonzero, safe) + is_zero * one_zero * prod_nonzero
    return math._conj(others) * g, None  # conj: TF's gradient of a complex product


# --- op declarations -------------------------------------------------------------------------

_x23 = np.array([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]], dtype=_F64)
_i3 = np.array([[[1, -2], [3, 4]], [[-5, 6], [7, -8]]], dtype=np.int32)
_SAMPLES = [((_x23, np.array(1, np.int32)), dict(keep_dims=False)),
            ((_x23, np.array([0, 1], np.int32)), dict(keep_dims=True)),
            ((_i3, np.array([-1], np.int64)), dict(keep_dims=False)),
            ((np.float32(2.5), np.zeros([0], np.int32)), dict(keep_dims=False))]
_BOOL_SAMPLES = [((np.array([[True, False], [True, True]]), np.array(1, np.int32)), dict(keep_dims=False)),
                 ((np.array([[True, False], [False, False]]), np.array([0, 1], np.int32)), dict(keep_dims=True)),
                 ((np.zeros([2, 0], bool), np.array(1, np.int32)), dict(keep_dims=False))]

Sum = _declare_reduction("Sum", NUMBERS, _sum, _sum_grad, "Sum over the reduction axes.")
Mean = _declare_reduction("Mean", NUMBERS, _mean, _mean_grad, "Mean over the axes; integer inputs divide truncating.")
Max = _declare_reduction("Max", REAL, _max, _min_or_max_grad, "Maximum over the axes; NaN propagates; empty -> lowest.")
Min = _declare_reduction("Min", REAL, _min, _min_or_max_grad,
                         "Minimum over the axes; NaN propagates; empty -> highest.")
Prod = _declare_reduction("Prod", NUMBERS, _prod, _prod_grad, "Product over the axes; empty -> 1.",
                          _SAMPLES + [((np.array([[0.0, 2.0, 3.0], [0.0, 0.0, 1.5], [0.0, 0.5, 1.5]]),
                                        np.array(1, np.int32)), dict(keep_dims=False))])
All = _declare_reduction("All", None, lambda xp, x, a, k: xp.all(x, axis=a, keepdims=k), NOT_DIFFERENTIABLE,
                         "Logical and over the axes.", _BOOL_SAMPLES)
Any = _declare_reduction("Any", None, lambda xp, x, a, k: xp.any(x, axis=a, keepdims=k), NOT_DIFFERENTIABLE,
                         "Logical or over the axes.", _BOOL_SAMPLES)


def _arg_infer(type_name):
    def infer(input, dimension, output_type):
        check_dtype(type_name, "input", input, NUMBERS | {dtypes.bool})
        check_dtype(type_name, "dimension", dimension, _INDEX_TYPES)
        if output_type not in (dtypes.int16, dtypes.uint16, dtypes.int32, dtypes.int64):
            raise TypeError(f"Value passed to parameter 'output_type' has DataType {output_type.name} not in list "
                            "of allowed values: int16, uint16, int32, int64")
        dims = input.shape.as_tuple()
        value = static_value(dimension)
        if dims is None:
            return output_type, TensorShape(None)
        rank = len(dims)
        if value is None:
            return output_type, TensorShape([None] * max(rank - 1, 0))
        axis = int(np.asarray(value).reshape(-1)[0])
        if not -rank <= axis < max(rank, 1):
            raise ValueError(f"Dimension ({axis}) must be in the range [{-rank}, {rank}), where {rank} is the number "
                             f"of dimensions in the input. for '{type_name}' with input shapes: "
                             f"{shape_str(input.shape)}, {shape_str(dimension.shape)} and with computed input "
                             f"tensors: input[1] = <{' '.join(str(v) for v in np.asarray(value).reshape(-1))}>.")
        axis %= max(rank, 1)
        return output_type, TensorShape([d for i, d in enumerate(dims) if i != axis])

    return infer


def _arg_kernel(xp, input, dimension, output_type, largest):
    rank = input.ndim
    axis = int(dimension.reshape(-1)[0])
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(
            None, None, f"Expected dimension in the range [{-rank}, {rank}), but got {axis}")
    axis %= rank
    if input.shape[axis] == 0:
        raise errors.InvalidArgumentError(
            None, None, f"Reduction axis {axis} is empty in shape [{','.join(map(str, input.shape))}]")
    if input.dtype.kind == "f":  # NaN never compares greater (or less), as in TF's kernel
        input = xp.where(xp.isnan(input), _lowest(input.dtype) if largest else _highest(input.dtype), input)
    found = xp.argmax(input, axis=axis) if largest else xp.argmin(input, axis=axis)
    return xp.asarray(found, dtype=output_type.as_numpy_dtype)


_ARG_SAMPLES = [((np.array([[1.0, 3.0, 3.0], [2.0, -2.0, 1.0]]), np.array(1, np.int32)),
                 dict(output_type=dtypes.int64)),
                ((np.array([[4, 3, 4], [2, 9, 9]], np.int32), np.array(-2, np.int64)), dict(output_type=dtypes.int32)),
                ((np.array([0.5, np.nan, -1.0], np.float32), np.array(0, np.int32)), dict(output_type=dtypes.int64))]


@op("ArgMax", inputs=("input", "dimension"), attrs=dict(output_type=dtypes.int64),
    type_attrs=dict(T="input", Tidx="dimension"))
class ArgMax:
    """Index of the largest value along `dimension`; ties take the first index."""

    infer = _arg_infer("ArgMax")

    def kernel(xp, input, dimension, output_type):
        return _arg_kernel(xp, input, dimension, output_type, largest=True)

    grad = NOT_DIFFERENTIABLE
    samples = _ARG_SAMPLES


@op("ArgMin", inputs=("input", "dimension"), attrs=dict(output_type=dtypes.int64),
    type_attrs=dict(T="input", Tidx="dimension"))
class ArgMin:
    """Index of the smallest value along `dimension`; ties take the first index."""

    infer = _arg_infer("ArgMin")

    def kernel(xp, input, dimension, output_type):
        return _arg_kernel(xp, input, dimension, output_type, largest=False)

    grad = NOT_DIFFERENTIABLE
    samples = _ARG_SAMPLES


@op("TopKV2", inputs=("input", "k"), attrs=dict(sorted=True),
    type_attrs=dict(T="input", Tk="k", index_type=dtypes.int32))
class TopKV2:
    """The `k` largest entries of the last dimension (values, int32 indices); ties take lower indices first."""

    def infer(input, k, sorted):
        check_dtype("TopKV2", "input", input, REAL)
        check_dtype("TopKV2", "k", k, _INDEX_TYPES)
        value = static_value(k)
        if k.shape.ndims not in (None, 0) and value is not None:  # TF checks k's rank only when k is known
            raise ValueError(f"Input must be scalar but has rank {k.shape.ndims} for 'TopKV2' with input shapes: "
                             f"{shape_str(input.shape)}, {shape_str(k.shape)} and with computed input tensors: "
                             f"input[1] = <{' '.join(str(v) for v in np.asarray(value).reshape(-1))}>.")
        dims = input.shape.as_tuple()
        if dims is not None and len(dims) < 1:
            raise ValueError(f"Shape must be at least rank 1 but is rank 0 for 'TopKV2' with input shapes: [], "
                             f"{shape_str(k.shape)}.")
        if value is not None and int(value) < 0:
            raise ValueError(f"Dimension must be non-negative, but is {int(value)}")
        if dims is None:
            return [(input.dtype.base_dtype, TensorShape(None)), (dtypes.int32, TensorShape(None))]
        last = None if value is None else int(value)
        if last is not None and dims[-1] is not None and dims[-1] < last:
            raise ValueError(f"input must have last dimension >= k = {last} but is {dims[-1]} for 'TopKV2' with "
                             f"input shapes: {shape_str(input.shape)}, [] and with computed input tensors: "
                             f"input[1] = <{last}>.")
        out = TensorShape(list(dims[:-1]) + [last])
        return [(input.dtype.base_dtype, out), (dtypes.int32, out)]

    def kernel(xp, input, k, sorted):
        k = int(k)
        if k < 0:
            raise errors.InvalidArgumentError(None, None, f"Need k >= 0, got {k}")
        if input.shape[-1] < k:
            raise errors.InvalidArgumentError(
                None, None, f"input must have at least k columns. Had {input.shape[-1]}, needed {k}")
        stable = dict(stable=True) if traced_jax(xp) else dict(kind="stable")  # jax.numpy spells it so
        order = xp.flip(xp.argsort(xp.flip(input, -1), axis=-1, **stable), -1)
        indices = (input.shape[-1] - 1 - order)[..., :k]
        return xp.take_along_axis(input, indices, -1), xp.asarray(indices, dtype=xp.int32)

    def grad(op_, grad_values, grad_indices):
        x = op_.inputs[0]
        indices = op_.outputs[1]
        positions = array.range(0, array.shape(x, out_type=dtypes.int32)[-1])
        hits = math.cast(math.equal(array.expand_dims(indices, -1), positions), grad_values.dtype.base_dtype)
        return reduce_sum(array.expand_dims(grad_values, -1) * hits, axis=-2), None

    samples = [((np.array([[1.0, 5.0, 3.0, 4.5], [2.0, -1.0, 0.5, 7.0]]), np.array(2, np.int32)), dict(sorted=True)),
               ((np.array([3, 1, 3, 2], np.int32), np.array(3, np.int32)), dict(sorted=True)),
               ((np.array([[0.25, -3.0]]), np.array(0, np.int32)), dict(sorted=True))]


# --- public wrappers -------------------------------------------------------------------------

def _resolve(axis, reduction_indices, keepdims, keep_dims):
    if reduction_indices is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'reduction_indices'.")
        axis = reduction_indices
    if keep_dims is not None:
        if keepdims is not None:
            raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'.")
        keepdims = keep_dims
    return axis, bool(keepdims)


def _reduction_dims(x, axis):
    """The axes to reduce: `axis` itself, or every axis of `x` (TF's _ReductionDims)."""
    if axis is not None:
        return axis
    rank = x.shape.ndims if isinstance(x, Tensor) else None
    if rank:
        return constant(np.arange(rank, dtype=np.int32))
    return array.range(0, array.rank(x))


def _reduce(opdef, default_name, input_tensor, axis, keepdims, name):
    if not isinstance(input_tensor, Tensor):
        input_tensor = convert_to_tensor(input_tensor)
    axes = _reduction_dims(input_tensor, axis)
    with get_default_graph().name_scope(name or default_name) as scope:
        axes = convert_to_tensor(axes, name="reduction_indices", preferred_dtype=dtypes.int32)
        result = opdef(input_tensor, axes, keep_dims=keepdims, name=scope)
    if not keepdims and axis is None and result.shape.ndims is None:
        result.set_shape([])
    return result


def _reduction_wrapper(opdef, default_name, public_names, doc):
    def fn(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
        axis, keepdims = _resolve(axis, reduction_indices, keepdims, keep_dims)
        return _reduce(opdef, default_name, input_tensor, axis, keepdims, name)

    fn.__name__ = public_names[0]
    fn.__doc__ = doc
    return tf_export(*public_names)(fn)


reduce_sum = _reduction_wrapper(Sum, "Sum", ("reduce_sum", "math.reduce_sum"), "Sum of elements across axes.")
reduce_mean = _reduction_wrapper(Mean, "Mean", ("reduce_mean", "math.reduce_mean"),
                                 "Mean across axes (integer mean of integer tensors).")
reduce_max = _reduction_wrapper(Max, "Max", ("reduce_max", "math.reduce_max"), "Maximum across axes.")
reduce_min = _reduction_wrapper(Min, "Min", ("reduce_min", "math.reduce_min"), "Minimum across axes.")
reduce_prod = _reduction_wrapper(Prod, "Prod", ("reduce_prod", "math.reduce_prod"), "Product across axes.")
reduce_all = _reduction_wrapper(All, "All", ("reduce_all", "math.reduce_all"), "Logical and across axes.")
reduce_any = _reduction_wrapper(Any, "Any", ("reduce_any", "math.reduce_any"), "Logical or across axes.")


@tf_export("reduce_logsumexp", "math.reduce_logsumexp")
def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """log(sum(exp(x))) across axes, computed stably: the maximum is subtracted first (0 where it is not
    finite), with TF's ops and names (Max, IsFinite, SelectV2, StopGradient, Sub, Exp, Sum, Log, AddV2)."""
    from .array_index import where_v2

    axis, keepdims = _resolve(axis, reduction_indices, keepdims, keep_dims)
    with get_default_graph().name_scope(name or "ReduceLogSumExp") as scope:
        x = convert_to_tensor(input_tensor, name="input_tensor")
        raw_max = reduce_max(x, axis=axis, keepdims=True)
        my_max = array.stop_gradient(where_v2(math.is_finite(raw_max), raw_max, 0))
        result = math.log(reduce_sum(math.exp(math.subtract(x, my_max)), axis=axis, keepdims=keepdims))
        if not keepdims:
            my_max = array.reshape(my_max, array.Shape(result, out_type=dtypes.int32, name="Shape"))  # TF: the raw op
        return math.add(result, my_max, name=scope)


def _arg_wrapper(opdef, default_name, public_names):
    def fn(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):
        if dimension is not None:
            if axis is not None:
                raise ValueError("Cannot specify both 'axis' and 'dimension'")
            axis = dimension
        if axis is None:
            axis = 0
        with get_default_graph().name_scope(name or default_name) as scope:
            input = convert_to_tensor(input, name="input")
            axis = convert_to_tensor(axis, name="dimension", preferred_dtype=dtypes.int32)
            return opdef(input, axis, output_type=dtypes.as_dtype(output_type).base_dtype, name=scope)

    fn.__name__ = public_names[0]
    fn.__doc__ = f"Index of the {'largest' if opdef is ArgMax else 'smallest'} value along `axis` (default 0)."
    return tf_export(*public_names)(fn)


argmax = _arg_wrapper(ArgMax, "ArgMax", ("argmax", "math.argmax"))
argmin = _arg_wrapper(ArgMin, "ArgMin", ("argmin", "math.argmin"))


@tf_export("arg_max")
def arg_max(input, dimension, output_type=dtypes.int64, name=None) -> Tensor:
    """TF1's raw ArgMax: `dimension` is required."""
    return argmax(input, dimension=dimension, output_type=output_type, name=name)


@tf_export("arg_min")
def arg_min(input, dimension, output_type=dtypes.int64, name=None) -> Tensor:
    """TF1's raw ArgMin: `dimension` is required."""
    return argmin(input, dimension=dimension, output_type=output_type, name=name)


_TopKOutput = collections.namedtuple("TopKV2", ["values", "indices"])  # TF's result type


@tf_export("nn.top_k", "math.top_k")
def top_k(input, k=1, sorted=True, name=None):
    """The namedtuple (values, indices) of the `k` largest entries of the last dimension."""
    with get_default_graph().name_scope(name or "TopKV2") as scope:
        input = convert_to_tensor(input, name="input")
        k = convert_to_tensor(k, name="k", preferred_dtype=dtypes.int32)
        return _TopKOutput(*TopKV2(input, k, sorted=sorted, name=scope))


@tf_export("count_nonzero", "math.count_nonzero")
def count_nonzero(input_tensor=None, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None, input=None):
    """The number of non-zero (non-empty for strings) elements across axes, as `dtype`."""
    if input is not None:
        if input_tensor is not None:
            raise ValueError("Cannot specify both 'input' and 'input_tensor'.")
        input_tensor = input
    axis, keepdims = _resolve(axis, reduction_indices, keepdims, keep_dims)
    with get_default_graph().name_scope(name or "count_nonzero"):
        x = convert_to_tensor(input_tensor, name="input")
        zero = constant(b"" if x.dtype.base_dtype is dtypes.string else 0, dtype=x.dtype.base_dtype, name="zeros")
        nonzero = math.cast(math.not_equal(x, zero), dtypes.int64)
        return math.cast(reduce_sum(nonzero, axis=axis, keepdims=keepdims), dtype=dtype)
