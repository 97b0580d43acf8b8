"""Segment reductions (sorted `Segment*` and `UnsortedSegment*`), Unique, DenseBincount and
`tf.math.confusion_matrix`.

Sorted segment ops need 1-D, non-negative, non-decreasing segment ids and produce `max(id) + 1` rows
(empty segments hold 0, or 1 for products). Unsorted ones take `num_segments`, drop negative ids and
fill empty segments with the reduction's identity (0, 1, lowest, highest). The sparse segment reductions
(`tf.sparse.segment_sum`, ...) are in segment_sparse.py.
"""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from . import array, math
from .array_index import scatter_nd, where_v2
from .array_transform import squeeze
from .common import NUMBERS, REAL, check_dtype, deferred_check, padded_rows, scatter_at, traced_jax
from .constant import constant, convert_to_tensor
from .control_flow import with_dependencies
from .logging_ops import assert_less, assert_non_negative
from .reduction import reduce_max

_INDEX_TYPES = frozenset([dtypes.int32, dtypes.int64])

# reduction kind -> (numpy ufunc name, identity for empty segments of unsorted ops, of sorted ops)
_KINDS = {
    "Sum": ("add", lambda dt: 0, lambda dt: 0),
    "Prod": ("multiply", lambda dt: 1, lambda dt: 1),
    "Max": ("maximum", lambda dt: _finite_limits(dt)[0], lambda dt: 0),
    "Min": ("minimum", lambda dt: _finite_limits(dt)[1], lambda dt: 0),
}


def _finite_limits(dtype):
    info = np.finfo(dtype) if dtype.kind in "fc" else np.iinfo(dtype)
    return info.min, info.max


def static_size(value, what: str) -> int:
    """`value` (an output size) as an int; traced (its value unknown until the run), the op cannot be compiled."""
    try:
        return int(value)
    except TypeError:  # jax's ConcretizationTypeError
        raise NotImplementedError(f"its output size depends on the value of {what}") from None


def _segment_reduce(xp, kind, data, ids, num_segments, empty_value, mean=False):
    """Reduces rows of `data` by id into `num_segments` rows; segments without rows hold `empty_value`.
    Negative ids are dropped (traced: made out of range, which `_scatter` drops)."""
    ufunc_name = _KINDS[kind][0]
    rows = ids.reshape(-1)
    values = data.reshape((rows.shape[0],) + data.shape[ids.ndim:])
    if traced_jax(xp):
        rows = xp.where(rows >= 0, rows, num_segments)
    else:
        keep = rows >= 0
        rows, values = rows[keep], values[keep]
    out = xp.full((num_segments,) + values.shape[1:], _KINDS[kind][1](data.dtype), dtype=data.dtype)
    out = scatter_at(xp, ufunc_name, out, rows, values)
    counts = scatter_at(xp, "add", xp.zeros((num_segments,), dtype=xp.int64), rows, xp.ones(rows.shape, dtype=xp.int64))
    counts = counts.reshape((num_segments,) + (1,) * (values.ndim - 1))
    if mean:
        out = out / xp.maximum(counts, xp.ones_like(counts))
    out = xp.where(counts > 0, out, xp.asarray(empty_value, dtype=data.dtype))
    return xp.asarray(out, dtype=data.dtype)


def _check_sorted_ids(xp, data, ids):
    """The number of segments (last id + 1) after TF's checks of sorted segment ids; traced ids cannot give it."""
    if ids.ndim != 1:
        raise errors.InvalidArgumentError(None, None, "segment_ids should be a vector.")
    if data.ndim == 0 or ids.shape[0] != data.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"segment_ids should be the same size as dimension 0 of input. ids: {ids.shape[0]}")
    if traced_jax(xp) and not isinstance(ids, np.ndarray):
        raise NotImplementedError("its output size depends on the values of segment_ids")
    if ids.size and np.any(ids < 0):
        raise errors.InvalidArgumentError(None, None, f"segment ids must be >= 0, got {int(np.min(ids))}")
    if ids.size > 1 and np.any(ids[1:] < ids[:-1]):
        raise errors.InvalidArgumentError(None, None, "segment ids are not increasing")
    return int(ids[-1]) + 1 if ids.size else 0


def _check_unsorted_ids(xp, data, ids, num_segments):
    if tuple(data.shape[:ids.ndim]) != tuple(ids.shape):
        raise errors.InvalidArgumentError(
            None, None, f"data.shape = [{','.join(map(str, data.shape))}] does not start with segment_ids.shape "
                        f"= [{','.join(map(str, ids.shape))}]")
    n = static_size(num_segments, "num_segments")
    bad = ids >= n
    if ids.size and not deferred_check(xp, bad) and xp.any(bad):
        where = np.argwhere(np.asarray(bad))[0]
        raise errors.InvalidArgumentError(
            None, None, f"segment_ids[{','.join(map(str, where))}] = {int(ids[tuple(where)])} is out of range "
                        f"[0, {n})")
    return n


# --- gradients -------------------------------------------------------------------------------

def _broadcastable(mask, like):
    """`mask` (shaped like the segment ids) reshaped so it broadcasts against `like` (the data)."""
    tail = array.fill(array.expand_dims(array.rank(like) - array.rank(mask), 0), 1)
    return array.reshape(mask, array.concat([array.shape(mask), tail], 0))


def _gather_drop_negatives(values, ids, clipped=None, keep=None):
    """TF's `_GatherDropNegatives`: `values[ids]` with the rows of negative ids set to 0; also returns the
    clipped ids and the keep mask (broadcast like the result), which a second call may reuse."""
    if clipped is None:
        clipped = math.maximum(ids, array.zeros_like(ids))
    gathered = array.gather(values, clipped)
    if keep is None:
        keep = _broadcastable(math.greater_equal(ids, constant(0, dtype=ids.dtype.base_dtype)), gathered)
        keep = math.logical_and(keep, array.ones_like(gathered, dtype=dtypes.bool))
    return where_v2(keep, gathered, array.zeros_like(gathered)), clipped, keep


def _segment_sum_grad(op_, grad):
    return array.gather(grad, op_.inputs[1]), None


def _unsorted_sum_grad(op_, grad):
    return _gather_drop_negatives(grad, op_.inputs[1])[0], None, None


def _segment_mean_grad(op_, grad):
    ids = op_.inputs[1]
    ones = math.cast(array.ones_like(ids), grad.dtype.base_dtype)
    counts = SegmentSum(ones, ids)
    counts = _broadcastable(math.maximum(counts, constant(1, dtype=grad.dtype.base_dtype)), grad)
    return array.gather(math.truediv(grad, counts), ids), None


def _min_or_max_grad(op_, grad):
    """TF's: a segment's gradient is shared equally by its entries equal to the segment's min (max)."""
    data, ids = op_.inputs[:2]
    if len(op_.inputs) == 2:
        is_selected = math.equal(data, array.gather(op_.outputs[0], ids))
        num_selected = SegmentSum(math.cast(is_selected, grad.dtype.base_dtype), ids)
        spread = array.gather(math.truediv(grad, num_selected), ids)
        return where_v2(is_selected, spread, array.zeros_like(data)), None
    chosen, clipped, keep = _gather_drop_negatives(op_.outputs[0], ids)
    is_selected = math.logical_and(math.equal(data, chosen), keep)
    num_selected = UnsortedSegmentSum(math.cast(is_selected, grad.dtype.base_dtype), ids, op_.inputs[2])
    spread = _gather_drop_negatives(math.truediv(grad, num_selected), ids, clipped, keep)[0]
    return where_v2(is_selected, spread, array.zeros_like(spread)), None, None


def _prod_grad(op_, grad):
    """TF's: each entry gets the product of the other entries of its segment, found without dividing by
    zero: a segment without zeros gives prod / x; one with a single zero gives the product of its non-zero
    entries at the zero and 0 elsewhere; one with several zeros gives 0 everywhere."""
    data, ids = op_.inputs[:2]
    unsorted = len(op_.inputs) == 3
    is_zero = math.equal(data, constant(0, dtype=data.dtype.base_dtype))
    zero_counts = math.cast(is_zero, dtypes.int32)
    num_zeros = UnsortedSegmentSum(zero_counts, ids, op_.inputs[2]) if unsorted else SegmentSum(zero_counts, ids)
    grad = where_v2(math.greater(num_zeros, constant(1)), array.zeros_like(grad), grad)
    non_zero_data = where_v2(is_zero, array.ones_like(data), data)
    non_zero_prod = UnsortedSegmentProd(non_zero_data, ids, op_.inputs[2]) if unsorted else \
        SegmentProd(non_zero_data, ids)
    rows = math.maximum(ids, array.zeros_like(ids)) if unsorted else ids  # negative ids are dropped below
    prod_divided_by_el = math.truediv(array.gather(op_.outputs[0], rows), data if unsorted else non_zero_data)
    partial = where_v2(is_zero, array.gather(non_zero_prod, rows), prod_divided_by_el)
    spread = _gather_drop_negatives(grad, ids, rows)[0] if unsorted else array.gather(grad, ids)
    return (spread * partial,) + (None,) * (len(op_.inputs) - 1)


# --- op declarations -------------------------------------------------------------------------

_SORTED_SAMPLES = [((np.array([[1.5, -2.0], [0.25, 4.0], [3.0, 1.0], [-1.0, 2.5]]), np.array([0, 0, 2, 2], np.int32)),
                    {}),
                   ((np.array([4, -3, 5], np.int32), np.array([0, 1, 1], np.int64)), {}),
                   ((np.zeros([0, 2]), np.zeros([0], np.int32)), {})]
_UNSORTED_SAMPLES = [((np.array([[1.5, -2.0], [0.25, 4.0], [3.0, 1.0], [-1.0, 2.5]]), np.array([2, 0, 2, -1], np.int32),
                       np.array(4, np.int32)), {}),
                     ((np.array([[4, -3], [5, 6]], np.int32), np.array([[1, 1], [0, 1]], np.int64),
                       np.array(2, np.int32)), {})]
_UNSORTED_MINMAX_SAMPLES = [((np.array([[1.5, -2.0], [0.25, 4.0], [3.0, 1.0], [-1.0, 2.5]]),
                              np.array([2, 0, 1, -1], np.int32), np.array(3, np.int32)), {}),
                            ((np.array([[4, -3], [5, 6]], np.int32), np.array([[1, 1], [0, 1]], np.int64),
                              np.array(3, np.int32)), {})]

# Products: segments with no zero, one zero and two zeros (the three cases of the gradient), small values.
_PROD_SORTED_SAMPLES = [((np.array([[1.5, -2.0], [0.0, 4.0], [3.0, 0.5], [-1.0, 0.0], [0.0, 0.0], [2.0, 0.0]]),
                          np.array([0, 0, 1, 1, 1, 3], np.int32)), {}),
                        ((np.array([4, -3, 0], np.int32), np.array([0, 1, 1], np.int64)), {}),
                        ((np.zeros([0, 2]), np.zeros([0], np.int32)), {})]
_PROD_UNSORTED_SAMPLES = [((np.array([[1.5, -2.0], [0.0, 4.0], [3.0, 0.0], [-1.0, 0.0], [0.0, 2.5], [0.5, 1.0]]),
                            np.array([2, 0, 2, -1, 0, 0], np.int32), np.array(4, np.int32)), {}),
                          ((np.array([[0.0, -3.0], [0.5, 0.0]]), np.array([[1, 1], [0, 1]], np.int64),
                            np.array(2, np.int32)), {})]


def _declare_sorted(kind: str, grad, mean=False):
    type_name = "SegmentMean" if mean else f"Segment{kind}"
    allowed = REAL if kind in ("Max", "Min") else NUMBERS

    class Segment:
        def infer(data, segment_ids):
            check_dtype(type_name, "data", data, allowed)
            check_dtype(type_name, "segment_ids", segment_ids, _INDEX_TYPES)
            if segment_ids.shape.ndims not in (None, 1):
                raise ValueError(f"Shape must be rank 1 but is rank {segment_ids.shape.ndims} for '{type_name}'")
            dims = data.shape.as_tuple()
            if dims is None:
                return data.dtype.base_dtype, TensorShape(None)
            if not dims:
                raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{type_name}'")
            return data.dtype.base_dtype, TensorShape([None] + list(dims[1:]))

        def kernel(xp, data, segment_ids):
            n = _check_sorted_ids(xp, data, segment_ids)
            return _segment_reduce(xp, kind, data, segment_ids, n, _KINDS[kind][2](data.dtype), mean)

    Segment.grad = grad
    Segment.samples = _PROD_SORTED_SAMPLES if kind == "Prod" else _SORTED_SAMPLES
    Segment.__doc__ = f"{'Mean' if mean else kind} of the rows of `data` in each segment (ids sorted)."
    return op(type_name, inputs=("data", "segment_ids"), type_attrs=dict(T="data", Tindices="segment_ids"))(Segment)


def _declare_unsorted(kind: str, grad):
    type_name = f"UnsortedSegment{kind}"
    allowed = REAL if kind in ("Max", "Min") else NUMBERS

    class UnsortedSegment:
        def infer(data, segment_ids, num_segments):
            check_dtype(type_name, "data", data, allowed)
            check_dtype(type_name, "segment_ids", segment_ids, _INDEX_TYPES)
            check_dtype(type_name, "num_segments", num_segments, _INDEX_TYPES)
            n = static_value(num_segments)
            dims, id_dims = data.shape.as_tuple(), segment_ids.shape.as_tuple()
            if dims is None or id_dims is None:
                return data.dtype.base_dtype, TensorShape(None)
            if not TensorShape(dims[:len(id_dims)]).is_compatible_with(TensorShape(id_dims)):
                raise ValueError(f"Dimensions must be equal for '{type_name}': data shape {data.shape} does not "
                                 f"start with segment_ids shape {segment_ids.shape}")
            return data.dtype.base_dtype, TensorShape([None if n is None else int(n)] + list(dims[len(id_dims):]))

        def kernel(xp, data, segment_ids, num_segments):
            n = _check_unsorted_ids(xp, data, segment_ids, num_segments)
            return _segment_reduce(xp, kind, data, segment_ids, n, _KINDS[kind][1](data.dtype))

    UnsortedSegment.grad = grad
    UnsortedSegment.samples = (_UNSORTED_MINMAX_SAMPLES if kind in ("Max", "Min") else
                               _PROD_UNSORTED_SAMPLES if kind == "Prod" else _UNSORTED_SAMPLES)
    UnsortedSegment.__doc__ = f"{kind} of the entries of `data` with each segment id; negative ids are dropped."
    return op(type_name, inputs=("data", "segment_ids", "num_segments"),
              type_attrs=dict(T="data", Tindices="segment_ids", Tnumsegments="num_segments"))(UnsortedSegment)


SegmentSum = _declare_sorted("Sum", _segment_sum_grad)
SegmentMean = _declare_sorted("Sum", _segment_mean_grad, mean=True)
SegmentMax = _declare_sorted("Max", _min_or_max_grad)
SegmentMin = _declare_sorted("Min", _min_or_max_grad)
SegmentProd = _declare_sorted("Prod", _prod_grad)
UnsortedSegmentSum = _declare_unsorted("Sum", _unsorted_sum_grad)
UnsortedSegmentMax = _declare_unsorted("Max", _min_or_max_grad)
UnsortedSegmentMin = _declare_unsorted("Min", _min_or_max_grad)
UnsortedSegmentProd = _declare_unsorted("Prod", _prod_grad)


def _unique(xp, x, padded=False):
    if x.ndim != 1:
        raise errors.InvalidArgumentError(None, None, f"unique expects a 1D vector. got rank {x.ndim}")
    if padded and traced_jax(xp) is not None:  # traced: padded to len(x) rows, of which the distinct values' count are real
        n = x.shape[0]
        values, first, inverse, counts = xp.unique(x, size=n, fill_value=x[0] if n else 0, return_index=True,
                                                   return_inverse=True, return_counts=True)
        first = xp.where(counts > 0, first, n)  # the padding last
        order = xp.argsort(first, stable=True)
        rank_of = xp.argsort(order, stable=True)
        y = values[order]
        padded_rows(y, xp.sum(counts > 0))
        return y, rank_of[inverse.reshape(-1)], counts[order]
    values, first, inverse, counts = xp.unique(x, return_index=True, return_inverse=True, return_counts=True)
    order = xp.argsort(first, kind="stable")
    rank_of = xp.argsort(order, kind="stable")
    return values[order], rank_of[inverse.reshape(-1)], counts[order]


def _unique_infer(type_name, n_out):
    def infer(x, out_idx):
        if x.shape.ndims not in (None, 1):
            raise ValueError(f"Shape must be rank 1 but is rank {x.shape.ndims} for '{type_name}' with input shapes: "
                             f"{x.shape}.")
        specs = [(x.dtype.base_dtype, [None]), (out_idx, x.shape if x.shape.ndims == 1 else [None])]
        return specs + [(out_idx, [None])] * (n_out - 2)

    return infer


_UNIQUE_SAMPLES = [((np.array([3, 1, 3, 2, 1], np.int32),), dict(out_idx=dtypes.int32)),
                   ((np.array([0.5, 0.5, -1.0]),), dict(out_idx=dtypes.int64)),
                   ((np.zeros([0], np.int64),), dict(out_idx=dtypes.int32))]


@op("Unique", inputs=("x",), attrs=dict(out_idx=dtypes.int32))
class Unique:
    """(y, idx): the distinct values of 1-D `x` in order of first occurrence, and `x`'s index into them."""

    infer = _unique_infer("Unique", 2)

    def kernel(xp, x, out_idx):
        y, idx, _ = _unique(xp, x, padded=True)
        count = padded_rows(y) if traced_jax(xp) is not None else None
        y = xp.asarray(y, dtype=x.dtype)
        if count is not None:  # (the XLA backend checks that every reader of y skips the padding)
            padded_rows(y, count)
        return y, xp.asarray(idx, dtype=out_idx.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = _UNIQUE_SAMPLES


@op("UniqueWithCounts", inputs=("x",), attrs=dict(out_idx=dtypes.int32))
class UniqueWithCounts:
    """(y, idx, count): Unique plus how often each distinct value occurs."""

    infer = _unique_infer("UniqueWithCounts", 3)

    def kernel(xp, x, out_idx):
        y, idx, counts = _unique(xp, x)
        dtype = out_idx.as_numpy_dtype
        return xp.asarray(y, dtype=x.dtype), xp.asarray(idx, dtype=dtype), xp.asarray(counts, dtype=dtype)

    grad = NOT_DIFFERENTIABLE
    samples = _UNIQUE_SAMPLES


@op("DenseBincount", inputs=("input", "size", "weights"), attrs=dict(binary_output=False),
    type_attrs=dict(Tidx="input", T="weights"))
class DenseBincount:
    """Counts (or sums of `weights`) of each value in [0, size) of the int `input`; others are ignored."""

    def infer(input, size, weights, binary_output):
        check_dtype("DenseBincount", "input", input, _INDEX_TYPES)
        n = static_value(size)
        return weights.dtype.base_dtype, [None if n is None else int(n)]

    def kernel(xp, input, size, weights, binary_output):
        n = int(size)
        if n < 0:
            raise errors.InvalidArgumentError(None, None, f"size ({n}) must be non-negative")
        values = input.reshape(-1)
        keep = (values >= 0) & (values < n)
        if weights.size:
            w = weights.reshape(-1)[keep]
        else:
            w = xp.ones(int(xp.sum(keep)), dtype=weights.dtype)
        if binary_output:
            w = xp.ones_like(w)
        out = scatter_at(xp, "add", xp.zeros((n,), dtype=weights.dtype), values[keep], w)
        if binary_output:
            out = xp.minimum(out, xp.ones_like(out))
        return xp.asarray(out, dtype=weights.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1, 1, 3], np.int32), np.array(5, np.int32), np.zeros([0], np.int32)), {}),
               ((np.array([0, 2, 2], np.int32), np.array(3, np.int32), np.array([0.5, 1.0, 2.0])), {})]


# --- public wrappers -------------------------------------------------------------------------

def _sorted_wrapper(opdef, public_names):
    def fn(data, segment_ids, name=None):
        with get_default_graph().name_scope(name or opdef.type) as scope:
            data = convert_to_tensor(data, name="data")
            ids = convert_to_tensor(segment_ids, name="segment_ids", preferred_dtype=dtypes.int32)
            return opdef(data, ids, name=scope)

    fn.__name__ = public_names[0]
    fn.__doc__ = opdef.doc
    return tf_export(*public_names)(fn)


def _unsorted_wrapper(opdef, public_names):
    def fn(data, segment_ids, num_segments, name=None):
        with get_default_graph().name_scope(name or opdef.type) as scope:
            data = convert_to_tensor(data, name="data")
            ids = convert_to_tensor(segment_ids, name="segment_ids", preferred_dtype=dtypes.int32)
            n = convert_to_tensor(num_segments, name="num_segments", preferred_dtype=dtypes.int32)
            return opdef(data, ids, n, name=scope)

    fn.__name__ = public_names[0]
    fn.__doc__ = opdef.doc
    return tf_export(*public_names)(fn)


segment_sum = _sorted_wrapper(SegmentSum, ("segment_sum", "math.segment_sum"))
segment_mean = _sorted_wrapper(SegmentMean, ("segment_mean", "math.segment_mean"))
segment_max = _sorted_wrapper(SegmentMax, ("segment_max", "math.segment_max"))
segment_min = _sorted_wrapper(SegmentMin, ("segment_min", "math.segment_min"))
segment_prod = _sorted_wrapper(SegmentProd, ("segment_prod", "math.segment_prod"))
unsorted_segment_sum = _unsorted_wrapper(UnsortedSegmentSum, ("unsorted_segment_sum", "math.unsorted_segment_sum"))
unsorted_segment_max = _unsorted_wrapper(UnsortedSegmentMax, ("unsorted_segment_max", "math.unsorted_segment_max"))
unsorted_segment_min = _unsorted_wrapper(UnsortedSegmentMin, ("unsorted_segment_min", "math.unsorted_segment_min"))
unsorted_segment_prod = _unsorted_wrapper(UnsortedSegmentProd,
                                          ("unsorted_segment_prod", "math.unsorted_segment_prod"))


@tf_export("unsorted_segment_mean", "math.unsorted_segment_mean")
def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """Mean of the entries with each segment id; empty segments are 0."""
    with get_default_graph().name_scope(name or "UnsortedSegmentMean") as scope:
        data = convert_to_tensor(data, name="data")
        ids = convert_to_tensor(segment_ids, name="segment_ids", preferred_dtype=dtypes.int32)
        ones = array.ones_like(ids, dtype=data.dtype.base_dtype)
        counts = unsorted_segment_sum(ones, ids, num_segments)
        counts = _broadcastable(math.maximum(counts, constant(1, dtype=data.dtype.base_dtype)), data)
        return math.truediv(unsorted_segment_sum(data, ids, num_segments), counts, name=scope)


UniqueOutput = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCountsOutput = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


@tf_export("unique")
def unique(x, out_idx=dtypes.int32, name=None):
    """(y, idx) namedtuple: distinct values of 1-D `x` in order of first occurrence, and x's index into y."""
    with get_default_graph().name_scope(name or "Unique") as scope:
        return UniqueOutput(*Unique(convert_to_tensor(x, name="x"), out_idx=dtypes.as_dtype(out_idx), name=scope))


@tf_export("unique_with_counts")
def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """(y, idx, count) namedtuple: `unique` plus the number of occurrences of each distinct value."""
    with get_default_graph().name_scope(name or "UniqueWithCounts") as scope:
        return UniqueWithCountsOutput(*UniqueWithCounts(convert_to_tensor(x, name="x"),
                                                        out_idx=dtypes.as_dtype(out_idx), name=scope))


@tf_export("math.bincount", "bincount")
def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32, name=None):
    """Counts of each value of the int32 `arr` (or sums of `weights`); length max(arr) + 1, clipped to
    [minlength, maxlength]."""
    with get_default_graph().name_scope(name or "bincount"):
        arr = convert_to_tensor(arr, name="arr", dtype=dtypes.int32)
        nonempty = math.cast(math.greater(array.size(arr), 0), dtypes.int32)
        size = nonempty * (reduce_max(arr) + 1)
        if minlength is not None:
            size = math.maximum(convert_to_tensor(minlength, name="minlength", dtype=dtypes.int32), size)
        if maxlength is not None:
            size = math.minimum(convert_to_tensor(maxlength, name="maxlength", dtype=dtypes.int32), size)
        if weights is None:
            weights = constant(np.zeros([0], dtype=dtypes.as_dtype(dtype).as_numpy_dtype))
        else:
            weights = convert_to_tensor(weights, name="weights")
        return DenseBincount(arr, size, weights)


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0, name=None):
    """Squeezes a trailing size-1 dimension off labels or predictions when their ranks differ by
    one more (or less) than `expected_rank_diff` (static ranks only), in TF's name scope."""
    with get_default_graph().name_scope(name or "remove_squeezable_dimensions"):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        p_rank, l_rank = predictions.shape.ndims, labels.shape.ndims
        if p_rank is not None and l_rank is not None:
            diff = p_rank - l_rank
            if diff == expected_rank_diff + 1 and predictions.shape.as_list()[-1] in (None, 1):
                predictions = squeeze(predictions, [-1])
            elif diff == expected_rank_diff - 1 and labels.shape.as_list()[-1] in (None, 1):
                labels = squeeze(labels, [-1])
        return labels, predictions


def _checked(tensor, check):
    return with_dependencies([check], tensor)


@tf_export("math.confusion_matrix", "confusion_matrix")
def confusion_matrix(labels, predictions, num_classes=None, dtype=dtypes.int32, name=None, weights=None):
    """[num_classes, num_classes] counts (or weight sums) of (label, prediction) pairs; rows are labels.
    As in TF, negative ids and ids not below `num_classes` fail the asserts the result depends on (at build
    time when their values are known then)."""
    with get_default_graph().name_scope(name or "confusion_matrix"):
        labels, predictions = remove_squeezable_dimensions(convert_to_tensor(labels, name="labels"),
                                                           convert_to_tensor(predictions, name="predictions"))
        predictions = math.cast(predictions, dtypes.int64)
        labels = math.cast(labels, dtypes.int64)
        labels = _checked(labels, assert_non_negative(labels, message="`labels` contains negative values"))
        predictions = _checked(predictions, assert_non_negative(
            predictions, message="`predictions` contains negative values"))
        if num_classes is None:
            num_classes = math.maximum(reduce_max(predictions), reduce_max(labels)) + 1
        else:
            bound = math.cast(num_classes, dtypes.int64)
            labels = _checked(labels, assert_less(labels, bound, message="`labels` out of bound"))
            predictions = _checked(predictions, assert_less(predictions, bound, message="`predictions` out of bound"))
        dtype = dtypes.as_dtype(dtype).base_dtype
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            predictions.shape.assert_is_compatible_with(weights.shape)
            weights = math.cast(weights, dtype)
        shape = array.stack([num_classes, num_classes])
        indices = array.stack([labels, predictions], axis=1)
        values = array.ones_like(predictions, dtype=dtype) if weights is None else weights
        return scatter_nd(indices=indices, updates=values, shape=math.cast(shape, dtypes.int64))
