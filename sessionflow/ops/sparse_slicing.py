"""Cutting and joining SparseTensors: SparseConcat, SparseSlice (+SparseSliceGrad), SparseSplit."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from . import array, reduction, shape_fns
from .constant import convert_to_tensor
from .sparse_ops import check_components, infer_components, invalid, row_major_order, shape_text, to_sparse

# --- SparseConcat ---------------------------------------------------------------------------------

@op("SparseConcat", inputs=("*indices", "*values", "*shapes"), attrs=dict(concat_dim=None, N=None),
    type_attrs=dict(T="values"))
class SparseConcat:
    """(output_indices, output_values, output_shape): the SparseTensors joined along `concat_dim`
    (their other dimensions equal), in row-major order."""

    def infer(*parts, concat_dim, N):
        if N < 2:
            raise ValueError(f"Attr 'N' of 'SparseConcat' Op passed {N} less than minimum 2.")
        indices, values, shapes = parts[:N], parts[N:2 * N], parts[2 * N:]
        rank = None
        for i, v, s in zip(indices, values, shapes):
            _, r = infer_components("SparseConcat", i, v, s)
            rank = shape_fns.merge_dim("SparseConcat", rank, r)
        dtype = values[0].dtype.base_dtype
        for v in values[1:]:
            if v.dtype.base_dtype is not dtype:
                raise TypeError(f"Expected {dtype.name} for argument 'values' of 'SparseConcat' Op, not "
                                f"{v.dtype.base_dtype.name}.")
        return [(dtypes.int64, [None, rank]), (dtype, [None]), (dtypes.int64, [rank])]

    def kernel(xp, *parts, concat_dim, N):
        n = N
        indices, values, shapes = parts[:n], parts[n:2 * n], parts[2 * n:]
        for k in range(n):
            if indices[k].ndim != 2:
                raise invalid(f"Input indices should be a matrix but received shape {shape_text(indices[k].shape)} "
                              f"at position {k}")
            if values[k].ndim != 1:
                raise invalid(f"Input values should be a vector but received shape {shape_text(values[k].shape)} at "
                              f"position {k}")
            if shapes[k].ndim != 1:
                raise invalid(f"Input shapes should be a vector but received shape {shape_text(shapes[k].shape)} at "
                              f"position {k}")
        rank = shapes[0].shape[0]
        if not -rank <= concat_dim < rank:
            raise invalid(f"Concat dimension must be in range [{-rank}, {rank}), got {concat_dim}")
        axis = concat_dim % rank
        for k in range(1, n):
            if shapes[k].shape[0] != rank:
                raise invalid(f"Ranks of all input tensors must match: expected {rank} but got "
                              f"{shapes[k].shape[0]} at position {k}")
            for d in range(rank):
                if d != axis and shapes[k][d] != shapes[0][d]:
                    raise invalid(f"Input shapes must match: expected {int(shapes[0][d])} for dimension {d} but got "
                                  f"{int(shapes[k][d])} at position {k}")
        offset, rows, out_values = 0, [], []
        for k in range(n):
            check_components(indices[k], values[k], shapes[k])
            shifted = indices[k].astype(np.int64).copy()
            shifted[:, axis] += offset
            rows.append(shifted)
            out_values.append(values[k])
            offset += int(shapes[k][axis])
        out_indices = np.concatenate(rows, 0)
        out_values = np.concatenate(out_values, 0)
        order = row_major_order(out_indices)
        out_shape = np.asarray(shapes[0], np.int64).copy()
        out_shape[axis] = offset
        return out_indices[order], out_values[order], out_shape

    grad = NOT_DIFFERENTIABLE
    samples = [(([np.array([[0, 2], [1, 0]], np.int64), np.array([[0, 1]], np.int64)],
                 [np.array([1.0, 2.0]), np.array([3.0])],
                 [np.array([2, 3], np.int64), np.array([2, 4], np.int64)]), dict(concat_dim=1, N=2))]


def _dim(shape: TensorShape, index: int):
    return shape.as_list()[index] if shape.ndims is not None else None


@tf_export("sparse.concat", "sparse_concat")
def sparse_concat(axis, sp_inputs, name=None, expand_nonconcat_dim=False, concat_dim=None,
                  expand_nonconcat_dims=None):
    """The SparseTensors joined along `axis`; with `expand_nonconcat_dim`, each other dimension is the
    largest of the inputs'."""
    if expand_nonconcat_dims is not None:
        expand_nonconcat_dim = expand_nonconcat_dims
    if concat_dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'concat_dim'")
        axis = concat_dim
    if not isinstance(sp_inputs, (list, tuple)):
        raise TypeError("Inputs must be a list or tuple.")
    sp_inputs = [to_sparse(s) for s in sp_inputs]
    if len(sp_inputs) == 1:
        return sp_inputs[0]
    indices = [s.indices for s in sp_inputs]
    values = [s.values for s in sp_inputs]
    shapes = [s.dense_shape for s in sp_inputs]
    if expand_nonconcat_dim:
        max_shape = reduction.reduce_max(array.concat([array.reshape(s, [1, -1]) for s in shapes], 0), 0)
        shapes = [array.concat([max_shape[:axis], s[-1:] if axis == -1 else s[axis:axis + 1],
                                [] if axis == -1 else max_shape[axis + 1:]], 0) for s in shapes]
    out_indices, out_values, out_shape = SparseConcat(indices, values, shapes, concat_dim=int(axis), N=len(indices),
                                                      name=name or "SparseConcat")
    input_shapes = [s.shape for s in sp_inputs]
    if all(s.ndims is not None for s in input_shapes):
        rank = input_shapes[0].ndims
        if not -rank <= int(axis) < rank:  # TF fails here with an IndexError; the kernel's message instead
            raise ValueError(f"Concat dimension must be in range [{-rank}, {rank}), got {int(axis)}")
        if expand_nonconcat_dim:
            static = []
            for dim in range(input_shapes[0].ndims):
                sizes = [_dim(s, dim) for s in input_shapes]
                static.append(None if None in sizes else max(sizes))
        else:
            static = input_shapes[0].as_list()
        sizes = [_dim(s, axis) for s in input_shapes]
        static[axis] = None if None in sizes else sum(sizes)
    else:
        static = None
    if all(s.is_fully_defined() for s in input_shapes):
        return SparseTensor(out_indices, out_values, convert_to_tensor(static, dtype=dtypes.int64))
    result = SparseTensor(out_indices, out_values, out_shape)
    result.set_shape(TensorShape(static))
    return result


# --- SparseSlice ----------------------------------------------------------------------------------

def _slice_dims(shape, start, size):
    return [max(0, min(int(st) + int(sz), int(n)) - int(st)) for n, st, sz in zip(shape, start, size)]


@op("SparseSlice", inputs=("indices", "values", "shape", "start", "size"), type_attrs=dict(T="values"))
class SparseSlice:
    """(output_indices, output_values, output_shape): the entries inside the box [start, start + size),
    moved to start at 0 (the box is cut to the dense shape)."""

    def infer(indices, values, shape, start, size):
        _, rank = infer_components("SparseSlice", indices, values, shape)
        return [(dtypes.int64, [None, rank]), (values.dtype.base_dtype, [None]), (dtypes.int64, [rank])]

    def kernel(xp, indices, values, shape, start, size):
        check_components(indices, values, shape)
        if start.ndim != 1:
            raise invalid(f"Input start should be a vector but received shape {shape_text(start.shape)}")
        if size.ndim != 1:
            raise invalid(f"Input size should be a vector but received shape {shape_text(size.shape)}")
        rank = shape.shape[0]
        if start.shape[0] != rank:
            raise invalid(f"Expected start to be a vector of length {rank} but got length {start.shape[0]}")
        if size.shape[0] != rank:
            raise invalid(f"Expected size to be a vector of length {rank} but got length {size.shape[0]}")
        coords = indices.astype(np.int64)
        lo = np.asarray(start, np.int64)
        hi = lo + np.asarray(size, np.int64)
        keep = np.all((coords >= lo) & (coords < hi), axis=1) if coords.size else np.zeros(coords.shape[0], bool)
        return coords[keep] - lo, values[keep], np.asarray(_slice_dims(shape, start, size), np.int64)

    def grad(op_, *grads):
        """TF's: SparseSliceGrad gives each kept input value its output value's gradient, the rest 0."""
        values_grad = SparseSliceGrad(grads[1], op_.inputs[0], op_.inputs[3], op_.outputs[0])
        values_grad.set_shape(op_.inputs[1].shape)
        return None, values_grad, None, None, None

    samples = [((np.array([[0, 1], [1, 0], [2, 2]], np.int64), np.array([1.0, 2.0, 3.0]), np.array([3, 3], np.int64),
                 np.array([1, 0], np.int64), np.array([5, 3], np.int64)), {})]


@op("SparseSliceGrad", inputs=("backprop_val_grad", "input_indices", "input_start", "output_indices"))
class SparseSliceGrad:
    """The gradient of a SparseSlice's input values: each output value's gradient at the input entry it
    came from, 0 elsewhere."""

    def infer(backprop_val_grad, input_indices, input_start, output_indices):
        n = input_indices.shape.as_list()[0] if input_indices.shape.ndims else None
        return backprop_val_grad.dtype.base_dtype, [n]

    def kernel(xp, backprop_val_grad, input_indices, input_start, output_indices):
        if input_indices.ndim != 2 or output_indices.ndim != 2:
            raise invalid(f"input_indices and output_indices should be matrices but received shapes: "
                          f"{shape_text(input_indices.shape)} and {shape_text(output_indices.shape)}")
        if backprop_val_grad.ndim != 1:
            raise invalid(f"backprop_val_grad should be a vector but received shape: "
                          f"{shape_text(backprop_val_grad.shape)}")
        if backprop_val_grad.shape[0] != output_indices.shape[0]:
            raise invalid(f"backprop_val_grad and output_indices must have the same number of entries; got "
                          f"{backprop_val_grad.shape[0]} and {output_indices.shape[0]}")
        where = {tuple((row + input_start).tolist()): k for k, row in enumerate(output_indices.astype(np.int64))}
        out = np.zeros(input_indices.shape[0], backprop_val_grad.dtype)
        for i, row in enumerate(input_indices.astype(np.int64)):
            k = where.get(tuple(row.tolist()))
            if k is not None:
                out[i] = backprop_val_grad[k]
        return out

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([2.0, 3.0]), np.array([[0, 1], [1, 0], [2, 2]], np.int64), np.array([1, 0], np.int64),
                 np.array([[0, 0], [1, 2]], np.int64)), {})]


@tf_export("sparse.slice", "sparse_slice")
def sparse_slice(sp_input, start, size, name=None) -> SparseTensor:
    """The entries of `sp_input` in the box [start, start + size), as a SparseTensor starting at 0."""
    sp_input = to_sparse(sp_input)
    start = convert_to_tensor(start, dtypes.int64)
    size = convert_to_tensor(size, dtypes.int64)
    with get_default_graph().name_scope(name or "SparseSlice") as scope:
        indices, values, shape = SparseSlice(sp_input.indices, sp_input.values, sp_input.dense_shape, start, size,
                                             name=scope)
        return SparseTensor(indices, values, shape)


# --- SparseSplit ----------------------------------------------------------------------------------

@op("SparseSplit", inputs=("split_dim", "indices", "values", "shape"), attrs=dict(num_split=None),
    type_attrs=dict(T="values"))
class SparseSplit:
    """`num_split` SparseTensors cut along `split_dim` (the first `size % num_split` one larger): their
    indices, then their values, then their shapes."""

    def infer(split_dim, indices, values, shape, num_split):
        if num_split is None or num_split < 1:
            raise ValueError(f"Attr 'num_split' of 'SparseSplit' Op passed {num_split} less than minimum 1.")
        shape_fns.with_rank("SparseSplit", split_dim.shape, 0)
        _, rank = infer_components("SparseSplit", indices, values, shape)
        return ([(dtypes.int64, [None, rank])] * num_split + [(values.dtype.base_dtype, [None])] * num_split
                + [(dtypes.int64, [rank])] * num_split)

    def kernel(xp, split_dim, indices, values, shape, num_split):
        check_components(indices, values, shape)
        rank = shape.shape[0]
        axis = int(split_dim)
        if not -rank <= axis < rank:
            raise invalid(f"Input axis should be in range [{-rank}, {rank}), got {int(split_dim)}")
        axis %= rank
        size = int(shape[axis])
        if not 1 <= num_split <= size:
            raise invalid(f"Input num_split should be between 1 and the splitting dimension size ({size}), got "
                          f"{num_split}")
        piece, extra = divmod(size, num_split)
        bounds = [0]
        for k in range(num_split):
            bounds.append(bounds[-1] + piece + (1 if k < extra else 0))
        coords = indices.astype(np.int64)
        out_ind, out_val, out_shape = [], [], []
        for k in range(num_split):
            keep = (coords[:, axis] >= bounds[k]) & (coords[:, axis] < bounds[k + 1])
            part = coords[keep].copy()
            part[:, axis] -= bounds[k]
            dims = np.asarray(shape, np.int64).copy()
            dims[axis] = bounds[k + 1] - bounds[k]
            out_ind.append(part)
            out_val.append(values[keep])
            out_shape.append(dims)
        return tuple(out_ind + out_val + out_shape)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(1, np.int64), np.array([[0, 1], [1, 0], [1, 4]], np.int64), np.array([1.0, 2.0, 3.0]),
                 np.array([2, 5], np.int64)), dict(num_split=2))]


class _KeywordRequired:
    def __repr__(self):
        return "KeywordRequired()"


_KEYWORD_REQUIRED = _KeywordRequired()  # tf.sparse_split's first parameter: its arguments go by keyword


@tf_export("sparse.split", "sparse_split")
def sparse_split(keyword_required=_KEYWORD_REQUIRED, sp_input=None, num_split=None, axis=None, name=None,
                 split_dim=None) -> list:
    """`num_split` SparseTensors cut from `sp_input` along `axis` (keyword arguments only)."""
    if not isinstance(keyword_required, _KeywordRequired):
        raise ValueError("Keyword arguments are required for this function.")
    if sp_input is None:
        raise ValueError("sp_input is required")
    if num_split is None:
        raise ValueError("num_split is required")
    if axis is None:  # checked before split_dim is read, as TF does
        raise ValueError("axis is required")
    if split_dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'split_dim'")
    sp_input = to_sparse(sp_input)
    outputs = SparseSplit(convert_to_tensor(axis, dtype=dtypes.int64), sp_input.indices, sp_input.values,
                          sp_input.dense_shape, num_split=int(num_split), name=name or "SparseSplit")
    n = int(num_split)
    return [SparseTensor(outputs[k], outputs[n + k], outputs[2 * n + k]) for k in range(n)]
