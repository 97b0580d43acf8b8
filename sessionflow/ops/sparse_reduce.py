"""Reductions over SparseTensors: SparseReduceSum/Max (dense results) and their *Sparse forms, SparseSoftmax,
and EditDistance (`tf.edit_distance`: Levenshtein distances between sparse sequences)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue
from . import array, array_index, math, reduction
from .common import REAL, check_dtype
from .constant import constant, convert_to_tensor
from .sparse_ops import (
    check_components,
    infer_components,
    invalid,
    row_major_order,
    segment_starts,
    shape_text,
    to_sparse,
)

# --- SparseReduceSum / SparseReduceMax (+Sparse) --------------------------------------------------

def _axes(reduction_axes, rank: int) -> list:
    """The reduced axes, wrapped and checked with TF's message."""
    axes = []
    for a in np.asarray(reduction_axes).reshape(-1).tolist():
        if not -rank <= a < rank:
            raise invalid(f"Invalid reduction dimension {a}, for input with {rank} dimensions.")
        axes.append(a % rank)
    return sorted(set(axes))


def _reduced_dims(dims, axes, keep_dims) -> list:
    return [1 if d in axes else n for d, n in enumerate(dims)] if keep_dims else \
        [n for d, n in enumerate(dims) if d not in axes]


def _groups(input_indices, input_values, input_shape, reduction_axes, keep_dims):
    """(output dims, kept axes, reduced axes, values in TF's order: by kept then reduced coordinates, the
    start of each group in them, each group's kept coordinates)."""
    if np.ndim(input_shape) != 1:
        raise invalid(f"Expected input_shape to be a vector; got shape: {shape_text(np.shape(input_shape))}")
    check_components(input_indices, input_values, input_shape)
    dims = [int(d) for d in input_shape]
    axes = _axes(reduction_axes, len(dims))
    kept = [d for d in range(len(dims)) if d not in axes]
    out_dims = _reduced_dims(dims, axes, keep_dims)
    coords = input_indices.astype(np.int64)
    order = row_major_order(coords[:, kept + axes])
    keys = coords[order][:, kept]
    starts = segment_starts(keys)
    return out_dims, kept, axes, input_values[order], starts, keys[starts]


def _full_coords(keys, kept, axes, keep_dims) -> np.ndarray:
    """The output coordinates of the groups: their kept coordinates, with 0 at reduced axes when kept."""
    if not keep_dims:
        return keys
    out = np.zeros((keys.shape[0], len(kept) + len(axes)), np.int64)
    out[:, kept] = keys
    return out


def _reduce_infer(op_type):
    def infer(input_indices, input_values, input_shape, reduction_axes, keep_dims):
        infer_components(op_type, input_indices, input_values, input_shape)
        check_dtype(op_type, "input_values", input_values, REAL)
        dims, axes = static_value(input_shape), static_value(reduction_axes)
        if dims is None or axes is None:
            return input_values.dtype.base_dtype, None
        dims = [int(d) for d in np.asarray(dims).reshape(-1)]
        wrapped = []
        for a in np.asarray(axes).reshape(-1).tolist():
            if not -len(dims) <= a < len(dims):  # TF's kernel reports it when the op runs
                return input_values.dtype.base_dtype, None
            wrapped.append(a % len(dims))
        return input_values.dtype.base_dtype, _reduced_dims(dims, set(wrapped), keep_dims)

    return infer


def _reduce_kernel(fn):
    def kernel(xp, input_indices, input_values, input_shape, reduction_axes, keep_dims):
        out_dims, kept, axes, values, starts, keys = _groups(input_indices, input_values, input_shape,
                                                             reduction_axes, keep_dims)
        out = np.zeros(out_dims, input_values.dtype)
        if len(starts):
            coords = _full_coords(keys, kept, axes, keep_dims)
            bad = np.any((coords < 0) | (coords >= np.asarray(out_dims, np.int64)), axis=1) if coords.size else \
                np.zeros(len(coords), bool)
            if np.any(bad):
                raise invalid(f"Sparse index tuple {shape_text(input_indices[int(np.argmax(bad))])} is out of "
                              f"bounds for the dense shape {shape_text(input_shape)}")
            reduced = fn.reduceat(values, starts).astype(input_values.dtype)
            if out.ndim:
                out[tuple(coords.T)] = reduced
            else:
                out[()] = reduced[0]
        return out

    return kernel


def _reduce_sparse_infer(op_type):
    def infer(input_indices, input_values, input_shape, reduction_axes, keep_dims):
        infer_components(op_type, input_indices, input_values, input_shape)
        check_dtype(op_type, "input_values", input_values, REAL)
        return [(dtypes.int64, [None, None]), (input_values.dtype.base_dtype, [None]), (dtypes.int64, [None])]

    return infer


def _reduce_sparse_kernel(fn):
    def kernel(xp, input_indices, input_values, input_shape, reduction_axes, keep_dims):
        out_dims, kept, axes, values, starts, keys = _groups(input_indices, input_values, input_shape,
                                                             reduction_axes, keep_dims)
        indices = _full_coords(keys, kept, axes, keep_dims).reshape(len(starts), len(out_dims))
        reduced = fn.reduceat(values, starts).astype(input_values.dtype) if len(starts) else \
            np.zeros(0, input_values.dtype)
        return indices, reduced, np.asarray(out_dims, np.int64)

    return kernel


def _reduce_sum_grad(op_, out_grad):
    """TF's: each value gets the output gradient of its group."""
    sp_indices, _, sp_shape, axes = op_.inputs
    kept_shape = _kept_shape(sp_shape, axes)
    grad = array.reshape(out_grad, kept_shape)
    scale = math.floordiv(sp_shape, math.cast(kept_shape, dtypes.int64))
    return None, array_index.gather_nd(grad, math.floordiv(sp_indices, scale)), None, None


def _kept_shape(shape, axes):
    """TF's math_ops.reduced_shape: `shape` with the reduced axes set to 1 (int32)."""
    shape = math.cast(shape, dtypes.int32)
    rank = array.size(shape)
    positions = array.expand_dims(array.range(0, rank), 1)
    wanted = array.reshape(math.floormod(math.cast(axes, dtypes.int32), rank), [1, -1])
    mask = math.cast(reduction.reduce_any(math.equal(positions, wanted), axis=1), dtypes.int32)
    return shape - (shape - 1) * mask


_REDUCE_SAMPLE = ((np.array([[0, 1], [1, 0], [1, 2]], np.int64), np.array([1.5, -2.0, 3.0]), np.array([2, 3], np.int64),
                   np.array([1], np.int32)), {})
_REDUCE_SAMPLE_32 = ((np.array([[0, 1], [1, 0], [1, 2]], np.int64), np.array([1.5, -2.0, 3.0], np.float32),
                      np.array([2, 3], np.int64), np.array([0], np.int32)), dict(keep_dims=True))


def _not_differentiable_reduction(op_, *grads):
    """TF registers no gradient for these reductions: tf.gradients through them is TF's LookupError."""
    raise LookupError(f"No gradient defined for operation'{op_.name}' (op type: {op_.type}). In general every "
                      "operation must have an associated `@tf.RegisterGradient` for correct autodiff, which this op "
                      "is lacking. If you want to pretend this operation is a constant in your program, you may "
                      "insert `tf.stop_gradient`. This can be useful to silence the error in cases where you know "
                      "gradients are not needed, e.g. the forward pass of tf.custom_gradient. Please see more "
                      "details in https://www.tensorflow.org/api_docs/python/tf/custom_gradient.")


def _declare_reduce(op_type, fn, grad, sparse_output, doc, samples):
    infer = _reduce_sparse_infer(op_type) if sparse_output else _reduce_infer(op_type)
    kernel = _reduce_sparse_kernel(fn) if sparse_output else _reduce_kernel(fn)
    return op(op_type, inputs=("input_indices", "input_values", "input_shape", "reduction_axes"),
              attrs=dict(keep_dims=False), type_attrs=dict(T="input_values"))(
        type(op_type, (), dict(__doc__=doc, infer=infer, kernel=kernel, grad=grad, samples=samples)))


SparseReduceSum = _declare_reduce(
    "SparseReduceSum", np.add, _reduce_sum_grad, False,
    "The dense sum of a SparseTensor over `reduction_axes` (missing entries count as 0).",
    [_REDUCE_SAMPLE, _REDUCE_SAMPLE_32])
SparseReduceMax = _declare_reduce(
    "SparseReduceMax", np.maximum, _not_differentiable_reduction, False,
    "The dense maximum over `reduction_axes` of the entries present (a position with none is 0).",
    [_REDUCE_SAMPLE_32])
SparseReduceSumSparse = _declare_reduce(
    "SparseReduceSumSparse", np.add, _not_differentiable_reduction, True,
    "(output_indices, output_values, output_shape): the sums over `reduction_axes`, only where some entry is.",
    [_REDUCE_SAMPLE_32])
SparseReduceMaxSparse = _declare_reduce(
    "SparseReduceMaxSparse", np.maximum, _not_differentiable_reduction, True,
    "(output_indices, output_values, output_shape): the maxima over `reduction_axes`, only where some entry is.",
    [_REDUCE_SAMPLE_32])


def _reduction_axes(sp_input, axis):
    """TF's _ReductionDims for a SparseTensor: `axis`, else every axis (int32)."""
    if axis is not None:
        return axis
    rank = sp_input.shape.ndims
    if rank:
        return constant(np.arange(rank, dtype=np.int32))
    return array.range(0, array.size(sp_input.dense_shape))


def _resolve(axis, keepdims, reduction_axes, keep_dims):
    if reduction_axes is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'reduction_axes'")
        axis = reduction_axes
    if keep_dims is not None:
        if keepdims is not None:
            raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'")
        keepdims = keep_dims
    return axis, bool(keepdims)


def _dense_reduction(opdef):
    def fn(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
        axis, keepdims = _resolve(axis, keepdims, reduction_axes, keep_dims)
        axes = convert_to_tensor(_reduction_axes(sp_input, axis), dtype=dtypes.int32)
        return opdef(sp_input.indices, sp_input.values, sp_input.dense_shape, axes, keep_dims=keepdims)

    return fn


def _sparse_reduction(opdef):
    def fn(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
        axis, keepdims = _resolve(axis, keepdims, reduction_axes, keep_dims)
        axes = convert_to_tensor(_reduction_axes(sp_input, axis), dtype=dtypes.int32)
        indices, values, shape = opdef(sp_input.indices, sp_input.values, sp_input.dense_shape, axes,
                                       keep_dims=keepdims)
        return SparseTensor(indices, values, shape)

    return fn


sparse_reduce_sum = tf_export("sparse.reduce_sum", "sparse_reduce_sum")(_dense_reduction(SparseReduceSum))
sparse_reduce_max = tf_export("sparse.reduce_max", "sparse_reduce_max")(_dense_reduction(SparseReduceMax))
sparse_reduce_sum_sparse = tf_export("sparse.reduce_sum_sparse", "sparse_reduce_sum_sparse")(
    _sparse_reduction(SparseReduceSumSparse))
sparse_reduce_max_sparse = tf_export("sparse.reduce_max_sparse", "sparse_reduce_max_sparse")(
    _sparse_reduction(SparseReduceMaxSparse))


# --- SparseSoftmax --------------------------------------------------------------------------------

@op("SparseSoftmax", inputs=("sp_indices", "sp_values", "sp_shape"), type_attrs=dict(T="sp_values"))
class SparseSoftmax:
    """The softmax of each innermost row's present entries (values in row-major order of the indices)."""

    def infer(sp_indices, sp_values, sp_shape):
        check_dtype("SparseSoftmax", "sp_values", sp_values, (dtypes.float16, dtypes.float32, dtypes.float64))
        n, _ = infer_components("SparseSoftmax", sp_indices, sp_values, sp_shape)
        return sp_values.dtype.base_dtype, [n]

    def kernel(xp, sp_indices, sp_values, sp_shape):
        if sp_indices.ndim != 2:
            raise invalid(f"Input should be a matrix but received shape: {shape_text(sp_indices.shape)}")
        if sp_values.ndim != 1 or sp_shape.ndim != 1:
            raise invalid(f"Inputs values and shape should be vectors but received shapes: "
                          f"{shape_text(sp_values.shape)} and {shape_text(sp_shape.shape)}")
        if sp_shape.shape[0] < 2:
            raise invalid(f"Input should have rank >= 2, but received shape: {' '.join(map(str, sp_shape))}")
        if sp_values.shape[0] != sp_indices.shape[0]:
            raise invalid(f"Expected values to have {sp_indices.shape[0]} elements, got {sp_values.shape[0]}")
        order = row_major_order(sp_indices)
        indices, values = sp_indices[order], sp_values[order]
        if not values.shape[0]:
            return values
        starts = segment_starts(indices[:, :-1])
        sizes = np.diff(np.concatenate([starts, [values.shape[0]]]))
        shifted = np.exp(values - np.repeat(np.maximum.reduceat(values, starts), sizes))
        return (shifted / np.repeat(np.add.reduceat(shifted, starts), sizes)).astype(values.dtype)

    def grad(op_, grad):
        """TF's: the softmax gradient over each row's present entries."""
        from .sparse_math import SparseDenseCwiseAdd

        indices, _, shape = op_.inputs
        out_vals = op_.outputs[0]
        product = SparseTensor(indices, out_vals * grad, shape)
        sum_reduced = -sparse_reduce_sum(product, [-1], keepdims=True)
        summed = SparseDenseCwiseAdd(indices, grad, shape, sum_reduced)
        return None, summed * out_vals, None

    samples = [((np.array([[0, 0], [0, 2], [1, 1]], np.int64), np.array([1.0, 2.0, -0.5]), np.array([2, 3], np.int64)),
                {})]


@tf_export("sparse.softmax", "sparse_softmax")
def sparse_softmax(sp_input, name=None) -> SparseTensor:
    """The softmax of each innermost row of `sp_input` over its present entries (others stay absent)."""
    with get_default_graph().name_scope(name or "SparseSoftmax"):
        values = SparseSoftmax(sp_input.indices, sp_input.values, sp_input.dense_shape)
        return SparseTensor(sp_input.indices, values, sp_input.dense_shape)


# --- EditDistance ---------------------------------------------------------------------------------

def _levenshtein(a, b) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def _runs(indices, values) -> list:
    """(group, values) for each run of consecutive entries with the same leading coordinates, as TF's
    grouper reads indices it assumes ordered."""
    runs: list = []
    for i in range(indices.shape[0]):
        key = tuple(indices[i, :-1].tolist())
        if runs and runs[-1][0] == key:
            runs[-1][1].append(values[i])
        else:
            runs.append((key, [values[i]]))
    return runs


@op("EditDistance", inputs=("hypothesis_indices", "hypothesis_values", "hypothesis_shape", "truth_indices",
                            "truth_values", "truth_shape"), attrs=dict(normalize=True),
    type_attrs=dict(T="hypothesis_values"))
class EditDistance:
    """The Levenshtein distance between each pair of sequences (the innermost dimension) of two ordered
    SparseTensors; with `normalize`, divided by the truth's length."""

    def infer(hypothesis_indices, hypothesis_values, hypothesis_shape, truth_indices, truth_values, truth_shape,
              normalize):
        h, t = static_value(hypothesis_shape), static_value(truth_shape)
        if h is None or t is None:
            return dtypes.float32, None
        h, t = np.asarray(h).reshape(-1), np.asarray(t).reshape(-1)
        if h.size != t.size:
            raise ValueError(f"Num elements of hypothesis_shape does not match truth_shape: {h.size} vs. {t.size} "
                             "for 'EditDistance'")
        return dtypes.float32, [int(max(a, b)) for a, b in zip(h[:-1], t[:-1])]

    def kernel(xp, hypothesis_indices, hypothesis_values, hypothesis_shape, truth_indices, truth_values, truth_shape,
               normalize):
        for name, t, rank in (("hypothesis_indices", hypothesis_indices, 2), ("truth_indices", truth_indices, 2),
                              ("hypothesis_values", hypothesis_values, 1), ("truth_values", truth_values, 1),
                              ("hypothesis_shape", hypothesis_shape, 1), ("truth_shape", truth_shape, 1)):
            if t.ndim != rank:
                raise invalid(f"{name} should be a {'matrix' if rank == 2 else 'vector'}, but got shape: "
                              f"{shape_text(t.shape)}")
        for kind, ind, val, shp in (("hypothesis", hypothesis_indices, hypothesis_values, hypothesis_shape),
                                    ("truth", truth_indices, truth_values, truth_shape)):
            if val.shape[0] != ind.shape[0]:
                raise invalid(f"Expected {kind}_values.NumElements == #rows({kind}_indices), their shapes are: "
                              f"{shape_text(val.shape)} and {shape_text(ind.shape)}")
            if shp.shape[0] != ind.shape[1]:
                raise invalid(f"Expected {kind}_shape.NumElements == #cols({kind}_indices), their shapes are: "
                              f"{shape_text(shp.shape)} and {shape_text(ind.shape)}")
        if hypothesis_shape.shape[0] != truth_shape.shape[0]:
            raise invalid(f"Expected truth and hypothesis to have matching ranks, but their shapes are: "
                          f"{shape_text(truth_shape.shape)} and {shape_text(hypothesis_shape.shape)}")
        for kind, shp in (("hypothesis", hypothesis_shape), ("truth", truth_shape)):
            if shp.shape[0] < 2:
                raise invalid(f"Input SparseTensors must have rank at least 2, but {kind}_shape rank is: "
                              f"{shp.shape[0]}")
        out_dims = [int(max(a, b)) for a, b in zip(hypothesis_shape[:-1], truth_shape[:-1])]
        strides = [int(np.prod(out_dims[d + 1:], dtype=np.int64)) for d in range(len(out_dims))]
        out = np.zeros(int(np.prod(out_dims, dtype=np.int64)), np.float32)

        def at(key) -> int:
            loc = sum(k * s for k, s in zip(key, strides))
            if not 0 <= loc < out.size:
                raise errors.InternalError(None, None, f"Got an inner product {loc} which would require writing to "
                                           f"outside of the buffer for the output tensor (max elements {out.size})")
            return loc

        hyp, truth = _runs(hypothesis_indices, hypothesis_values), _runs(truth_indices, truth_values)
        i = j = 0
        while i < len(hyp) or j < len(truth):
            if i < len(hyp) and j < len(truth) and hyp[i][0] == truth[j][0]:
                t, h = truth[j][1], hyp[i][1]
                d = _levenshtein(t, h)
                out[at(truth[j][0])] = d / len(t) if normalize else d
                i, j = i + 1, j + 1
            elif j >= len(truth) or (i < len(hyp) and truth[j][0] > hyp[i][0]):  # no truth sequence
                out[at(hyp[i][0])] = np.inf if normalize else len(hyp[i][1])
                i += 1
            else:  # no hypothesis sequence
                out[at(truth[j][0])] = 1.0 if normalize else len(truth[j][1])
                j += 1
        return out.reshape(out_dims)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[0, 0], [0, 1], [1, 0]], np.int64), np.array([1, 2, 3], np.int32),
                 np.array([2, 2], np.int64), np.array([[0, 0], [1, 0], [1, 1]], np.int64),
                 np.array([1, 3, 4], np.int32), np.array([2, 2], np.int64)), {})]


@tf_export("edit_distance")
def edit_distance(hypothesis, truth, normalize=True, name="edit_distance"):
    """Levenshtein distances between the sequences (innermost dimension) of two SparseTensors."""
    if not isinstance(hypothesis, (SparseTensor, SparseTensorValue)):
        raise TypeError("Hypothesis must be a SparseTensor.")
    if not isinstance(truth, (SparseTensor, SparseTensorValue)):
        raise TypeError("Truth must be a SparseTensor.")
    hypothesis, truth = to_sparse(hypothesis), to_sparse(truth)
    if truth.dtype.base_dtype is not hypothesis.dtype.base_dtype:
        raise TypeError(f"Input 'truth_values' of 'EditDistance' Op has type {truth.dtype.base_dtype.name} that does "
                        f"not match type {hypothesis.dtype.base_dtype.name} of argument 'hypothesis_values'.")
    return EditDistance(hypothesis.indices, hypothesis.values, hypothesis.dense_shape, truth.indices, truth.values,
                        truth.dense_shape, normalize=bool(normalize), name=name)
