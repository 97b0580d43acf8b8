"""`tf.sets`: set operations over the last dimension of dense tensors or SparseTensors (SetSize,
DenseToDenseSetOperation, DenseToSparseSetOperation, SparseToSparseSetOperation). Each group (the leading
coordinates) holds a set; results are SparseTensors with each group's elements in ascending order."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor, convert_to_tensor_or_sparse_tensor
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .sparse_ops import check_components, invalid, shape_text, validate_ordered

_VALID_DTYPES = frozenset([dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16,
                           dtypes.string])
_OPERATIONS = ("a-b", "b-a", "intersection", "union")


def _dense_groups(x) -> tuple:
    """(group shape, {group: set}) of a dense tensor: every group, its last-dimension entries."""
    group_shape = list(x.shape[:-1])
    rows = x.reshape(int(np.prod(group_shape, dtype=np.int64)), x.shape[-1])
    keys = np.ndindex(*group_shape) if group_shape else [()]
    return group_shape, {key: set(row.tolist()) for key, row in zip(keys, rows)}


def _sparse_groups(indices, values, shape, validate) -> tuple:
    """(group shape, {group: set}) of a SparseTensor: the groups that have entries."""
    check_components(indices, values, shape)
    dims = [int(d) for d in shape]
    if len(dims) < 2:
        raise invalid(f"Invalid input rank {len(dims)}, must be at least 2.")
    if validate:
        validate_ordered(indices, dims)
    groups: dict = {}
    for row, value in zip(indices[:, :-1].tolist(), values.tolist()):
        groups.setdefault(tuple(row), set()).add(value)
    return dims[:-1], groups


def _check_groups(a_shape, b_shape) -> None:
    if list(a_shape) != list(b_shape):
        raise invalid(f"Mismatched shapes {shape_text(a_shape)} vs {shape_text(b_shape)}")


def _apply(operation, a_groups, b_groups, group_shape, dtype):
    """The SparseTensor (indices, values, dense_shape) of `operation` over every group either side has."""
    rows, values, widest = [], [], 0
    for key in sorted(set(a_groups) | set(b_groups)):
        a, b = a_groups.get(key, set()), b_groups.get(key, set())
        result = {"a-b": a - b, "b-a": b - a, "intersection": a & b, "union": a | b}[operation]
        members = sorted(result)
        widest = max(widest, len(members))
        rows.extend(list(key) + [k] for k in range(len(members)))
        values.extend(members)
    rank = len(group_shape) + 1
    indices = np.asarray(rows, np.int64).reshape(len(rows), rank)
    out_values = np.array(values, dtype=object) if dtype is dtypes.string else \
        np.asarray(values, dtype.as_numpy_dtype).reshape(len(values))
    return indices, out_values.reshape(len(values)), np.asarray(list(group_shape) + [widest], np.int64)


def _value_dtype(values):
    return dtypes.string if values.dtype == object else dtypes.as_dtype(values.dtype)


def _check_operation(operation):
    if operation not in _OPERATIONS:
        raise ValueError(f"Invalid set_operation {operation}.")


@op("SetSize", inputs=("set_indices", "set_values", "set_shape"), attrs=dict(validate_indices=True),
    type_attrs=dict(T="set_values"))
class SetSize:
    """The number of distinct values in each group (the last dimension) of a SparseTensor, as int32."""

    def infer(set_indices, set_values, set_shape, validate_indices):
        return dtypes.int32, None

    def kernel(xp, set_indices, set_values, set_shape, validate_indices):
        group_shape, groups = _sparse_groups(set_indices, set_values, set_shape, validate_indices)
        out = np.zeros(group_shape, np.int32)
        for key, members in groups.items():
            out[key] = len(members)
        return out

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[0, 0], [0, 1], [2, 0]], np.int64), np.array([3, 3, 1], np.int32),
                 np.array([3, 2], np.int64)), {})]


@op("DenseToDenseSetOperation", inputs=("set1", "set2"), attrs=dict(set_operation=None, validate_indices=True),
    type_attrs=dict(T="set1"))
class DenseToDenseSetOperation:
    """(indices, values, shape): `set_operation` ("a-b", "b-a", "intersection", "union") of each group's
    last-dimension entries of two dense tensors with the same leading shape."""

    def infer(set1, set2, set_operation, validate_indices):
        _check_operation(set_operation)
        op_type = "DenseToDenseSetOperation"
        a = shape_fns.with_rank_at_least(op_type, set1.shape, 2)
        rank = a.ndims
        if rank is not None:
            b = shape_fns.with_rank(op_type, set2.shape, rank)
            shape_fns.merge(op_type, TensorShape(a.as_list()[:-1]), TensorShape(b.as_list()[:-1]))
        else:
            shape_fns.with_rank_at_least(op_type, set2.shape, 2)
            rank = set2.shape.ndims
        return [(dtypes.int64, [None, rank]), (set1.dtype.base_dtype, [None]), (dtypes.int64, [rank])]

    def kernel(xp, set1, set2, set_operation, validate_indices):
        a_shape, a_groups = _dense_groups(set1)
        b_shape, b_groups = _dense_groups(set2)
        _check_groups(a_shape, b_shape)
        return _apply(set_operation, a_groups, b_groups, a_shape, _value_dtype(set1))

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[1, 2], [3, 3]], np.int32), np.array([[2, 5], [4, 3]], np.int32)),
                dict(set_operation="union"))]


@op("DenseToSparseSetOperation", inputs=("set1", "set2_indices", "set2_values", "set2_shape"),
    attrs=dict(set_operation=None, validate_indices=True), type_attrs=dict(T="set1"))
class DenseToSparseSetOperation:
    """(indices, values, shape): `set_operation` of each group of a dense tensor and of a SparseTensor."""

    def infer(set1, set2_indices, set2_values, set2_shape, set_operation, validate_indices):
        _check_operation(set_operation)
        op_type = "DenseToSparseSetOperation"
        rank = shape_fns.with_rank_at_least(op_type, set1.shape, 2).ndims
        shape_fns.with_rank(op_type, set2_indices.shape, 2)
        shape_fns.with_rank(op_type, set2_values.shape, 1)
        shape_fns.with_rank(op_type, set2_shape.shape, 1)
        return [(dtypes.int64, [None, rank]), (set1.dtype.base_dtype, [None]), (dtypes.int64, [rank])]

    def kernel(xp, set1, set2_indices, set2_values, set2_shape, set_operation, validate_indices):
        a_shape, a_groups = _dense_groups(set1)
        b_shape, b_groups = _sparse_groups(set2_indices, set2_values, set2_shape, validate_indices)
        _check_groups(a_shape, b_shape)
        return _apply(set_operation, a_groups, b_groups, a_shape, _value_dtype(set1))

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[1, 2], [3, 3]], np.int32), np.array([[0, 0], [1, 1]], np.int64), np.array([2, 7], np.int32),
                 np.array([2, 2], np.int64)), dict(set_operation="intersection"))]


@op("SparseToSparseSetOperation", inputs=("set1_indices", "set1_values", "set1_shape", "set2_indices",
                                          "set2_values", "set2_shape"),
    attrs=dict(set_operation=None, validate_indices=True), type_attrs=dict(T="set1_values"))
class SparseToSparseSetOperation:
    """(indices, values, shape): `set_operation` of each group of two SparseTensors."""

    def infer(set1_indices, set1_values, set1_shape, set2_indices, set2_values, set2_shape, set_operation,
              validate_indices):
        _check_operation(set_operation)
        op_type = "SparseToSparseSetOperation"
        for t, r in ((set1_indices, 2), (set1_values, 1), (set1_shape, 1), (set2_indices, 2), (set2_values, 1),
                     (set2_shape, 1)):
            shape_fns.with_rank(op_type, t.shape, r)
        dims = set1_shape.shape.as_list() if set1_shape.shape.ndims else [None]
        return [(dtypes.int64, [None, dims[0]]), (set1_values.dtype.base_dtype, [None]), (dtypes.int64, dims)]

    def kernel(xp, set1_indices, set1_values, set1_shape, set2_indices, set2_values, set2_shape, set_operation,
               validate_indices):
        a_shape, a_groups = _sparse_groups(set1_indices, set1_values, set1_shape, validate_indices)
        b_shape, b_groups = _sparse_groups(set2_indices, set2_values, set2_shape, validate_indices)
        _check_groups(a_shape, b_shape)
        return _apply(set_operation, a_groups, b_groups, a_shape, _value_dtype(set1_values))

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[0, 0], [1, 1]], np.int64), np.array([1, 3], np.int32), np.array([2, 2], np.int64),
                 np.array([[0, 0], [0, 1]], np.int64), np.array([1, 2], np.int32), np.array([2, 2], np.int64)),
                dict(set_operation="a-b"))]


@tf_export("sets.size", "sets.set_size")
def set_size(a, validate_indices=True):
    """The number of distinct values in each group (the last dimension) of SparseTensor `a`."""
    a = convert_to_tensor_or_sparse_tensor(a, name="a")
    if not isinstance(a, SparseTensor):
        raise TypeError(f"Expected `SparseTensor`, got {a}.")
    if a.values.dtype.base_dtype not in _VALID_DTYPES:
        raise TypeError(f"Invalid dtype `{a.values.dtype}` not in supported dtypes: `{_VALID_DTYPES}`.")
    return SetSize(a.indices, a.values, a.dense_shape, validate_indices=bool(validate_indices))


def _convert_pair(a, b):
    a = convert_to_tensor_or_sparse_tensor(a, name="a")
    if a.dtype.base_dtype not in _VALID_DTYPES:
        raise TypeError(f"'a' has invalid dtype `{a.dtype}` not in supported dtypes: `{_VALID_DTYPES}`.")
    b = convert_to_tensor_or_sparse_tensor(b, name="b")
    if b.dtype.base_dtype != a.dtype.base_dtype:
        raise TypeError(f"Types don't match, {a.dtype} vs {b.dtype}.")
    if isinstance(a, SparseTensor) and not isinstance(b, SparseTensor):
        return b, a, True
    return a, b, False


def _set_operation(a, b, operation, validate_indices):
    validate_indices = bool(validate_indices)
    if isinstance(a, SparseTensor):
        indices, values, shape = SparseToSparseSetOperation(
            a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape, set_operation=operation,
            validate_indices=validate_indices)
    elif isinstance(b, SparseTensor):
        indices, values, shape = DenseToSparseSetOperation(a, b.indices, b.values, b.dense_shape,
                                                           set_operation=operation, validate_indices=validate_indices)
    else:
        indices, values, shape = DenseToDenseSetOperation(a, b, set_operation=operation,
                                                          validate_indices=validate_indices)
    return SparseTensor(indices, values, shape)


@tf_export("sets.intersection", "sets.set_intersection")
def set_intersection(a, b, validate_indices=True) -> SparseTensor:
    """The elements each group of `a` and of `b` share (dense or sparse; a sparse `a` with a dense `b` is
    computed flipped)."""
    a, b, _ = _convert_pair(a, b)
    return _set_operation(a, b, "intersection", validate_indices)


@tf_export("sets.difference", "sets.set_difference")
def set_difference(a, b, aminusb=True, validate_indices=True) -> SparseTensor:
    """The elements of each group of `a` that `b`'s lacks (`aminusb`), or the other way round."""
    a, b, flipped = _convert_pair(a, b)
    if flipped:
        aminusb = not aminusb
    return _set_operation(a, b, "a-b" if aminusb else "b-a", validate_indices)


@tf_export("sets.union", "sets.set_union")
def set_union(a, b, validate_indices=True) -> SparseTensor:
    """The elements of each group of `a` or of `b`."""
    a, b, _ = _convert_pair(a, b)
    return _set_operation(a, b, "union", validate_indices)
