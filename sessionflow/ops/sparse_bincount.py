"""`tf.sparse.bincount`: counts of non-negative integers as a SparseTensor (DenseCountSparseOutput,
SparseCountSparseOutput), over everything (axis 0) or per row (axis -1), optionally weighted or binary."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor
from . import array, logging_ops
from .common import check_dtype
from .constant import constant, convert_to_tensor
from .control_flow import with_dependencies
from .sparse_ops import invalid, shape_text

_COUNT_ATTRS = dict(minlength=-1, maxlength=-1, binary_output=False, output_type=None)


def _counts(rows, values, weights, n_rows, minlength, maxlength, binary_output, output_type):
    """(indices, values, dense_shape) of the counts of `values` (one row each of `rows`; None: one row)."""
    if values.size and values.min() < 0:
        raise invalid("Input values must all be non-negative")
    if weights.size and weights.shape[0] != values.shape[0]:
        raise invalid(f"Weights and values must have the same shape. Weight shape: {shape_text(weights.shape)}; "
                      f"values shape: {shape_text(values.shape)}")
    size = max(int(values.max()) + 1 if values.size else 0, minlength)
    if maxlength >= 0:
        size = min(size, maxlength)
    keep = values < size
    row_ids = np.zeros(values.shape[0], np.int64) if rows is None else rows
    keys = row_ids[keep] * max(size, 1) + values[keep]
    unique, first = np.unique(keys, return_inverse=True)
    dtype = np.dtype(output_type.as_numpy_dtype)
    if binary_output:
        totals = np.ones(len(unique), dtype)
    elif weights.size:
        totals = np.zeros(len(unique), dtype)
        np.add.at(totals, first, weights[keep].astype(dtype))
    else:
        totals = np.bincount(first, minlength=len(unique)).astype(dtype)
    if rows is None:
        indices = (unique % max(size, 1))[:, None]
        shape = [size]
    else:
        indices = np.stack([unique // max(size, 1), unique % max(size, 1)], 1)
        shape = [n_rows, size]
    return indices.astype(np.int64).reshape(len(unique), len(shape)), totals, np.asarray(shape, np.int64)


@op("DenseCountSparseOutput", inputs=("values", "weights"), attrs=_COUNT_ATTRS,
    type_attrs=dict(T="values"))
class DenseCountSparseOutput:
    """(indices, values, dense_shape): how often each value occurs in a 1-D tensor, or in each row of a 2-D
    one (summed weights, or 1 with `binary_output`); values >= `maxlength` are left out."""

    def infer(values, weights, minlength, maxlength, binary_output, output_type):
        check_dtype("DenseCountSparseOutput", "values", values, (dtypes.int32, dtypes.int64))
        rank = values.shape.ndims
        return [(dtypes.int64, [None, rank]), (output_type, [None]), (dtypes.int64, [rank])]

    def kernel(xp, values, weights, minlength, maxlength, binary_output, output_type):
        if values.ndim not in (1, 2):
            raise invalid(f"Input must be a 1 or 2-dimensional tensor. Got: {values.ndim}")
        if weights.size and weights.shape != values.shape:
            raise invalid(f"Weights and values must have the same shape. Weight shape: {shape_text(weights.shape)}; "
                          f"values shape: {shape_text(values.shape)}")
        flat_weights = weights.reshape(-1) if weights.size else weights
        rows = None if values.ndim == 1 else np.repeat(np.arange(values.shape[0]), values.shape[1])
        return _counts(rows, values.reshape(-1).astype(np.int64), flat_weights, values.shape[0] if rows is not None
                       else 1, minlength, maxlength, binary_output, output_type)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[1, 3, 3], [2, 0, 3]], np.int64), np.array([], np.int64)), dict(output_type=dtypes.int64)),
               ((np.array([1, 1, 4], np.int32), np.array([0.5, 1.0, 2.0], np.float32)),
                dict(output_type=dtypes.float32, minlength=6))]


@op("SparseCountSparseOutput", inputs=("indices", "values", "dense_shape", "weights"), attrs=_COUNT_ATTRS,
    type_attrs=dict(T="values"))
class SparseCountSparseOutput:
    """(indices, values, dense_shape): the counts of a SparseTensor's values in each row (its first index)."""

    def infer(indices, values, dense_shape, weights, minlength, maxlength, binary_output, output_type):
        check_dtype("SparseCountSparseOutput", "values", values, (dtypes.int32, dtypes.int64))
        rank = dense_shape.shape.as_list()[0] if dense_shape.shape.ndims else None
        return [(dtypes.int64, [None, rank]), (output_type, [None]), (dtypes.int64, [rank])]

    def kernel(xp, indices, values, dense_shape, weights, minlength, maxlength, binary_output, output_type):
        if dense_shape.ndim != 1 or dense_shape.shape[0] not in (1, 2):
            raise invalid(f"Input must be a 1 or 2-dimensional tensor. Got: {dense_shape.shape[0]}")
        if dense_shape.shape[0] == 1:
            return _counts(None, values.astype(np.int64), weights, 1, minlength, maxlength, binary_output,
                           output_type)
        return _counts(indices[:, 0].astype(np.int64), values.astype(np.int64), weights, int(dense_shape[0]),
                       minlength, maxlength, binary_output, output_type)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[0, 0], [0, 2], [1, 1]], np.int64), np.array([4, 4, 1], np.int64),
                 np.array([2, 3], np.int64), np.array([], np.int64)), dict(output_type=dtypes.int64))]


def _sparse_weights(values, weights):
    """TF's validate_sparse_weights: the weights' values, checked to sit where `values`' do."""
    if weights is None:
        return constant([], dtype=values.values.dtype)
    if not isinstance(weights, SparseTensor):
        raise ValueError("Argument `weights` must be a SparseTensor if `values` is a SparseTensor. Received "
                         f"weights={weights} of type: {type(weights).__name__}")
    checks = []
    if weights.dense_shape is not values.dense_shape:
        checks.append(logging_ops.assert_equal(weights.dense_shape, values.dense_shape,
                                               message="'weights' and 'values' must have the same dense shape."))
    if weights.indices is not values.indices:
        checks.append(logging_ops.assert_equal(weights.indices, values.indices,
                                               message="'weights' and 'values' must have the same indices."))
    return with_dependencies(checks, weights.values) if checks else weights.values


def _dense_weights(values, weights):
    if weights is None:
        return constant([], dtype=values.dtype)
    if not isinstance(weights, Tensor):
        raise ValueError("Argument `weights` must be a tf.Tensor if `values` is a tf.Tensor. Received "
                         f"weights={weights} of type: {type(weights).__name__}")
    return weights


@tf_export("sparse.bincount")
def sparse_bincount(values, weights=None, axis=0, minlength=None, maxlength=None, binary_output=False,
                    name=None) -> SparseTensor:
    """The counts of the non-negative integers in `values` (dense or sparse) as a SparseTensor: over all of
    them (axis 0) or per row (axis -1); `weights` sums weights instead, `binary_output` marks presence."""
    with get_default_graph().name_scope(name or "count"):
        if not isinstance(values, SparseTensor):
            values = convert_to_tensor(values, name="values")
        if weights is not None and not isinstance(weights, SparseTensor):
            weights = convert_to_tensor(weights, name="weights")
        if weights is not None and binary_output:
            raise ValueError("Arguments `binary_output` and `weights` are mutually exclusive. Please specify only "
                             "one.")
        axis = 0 if axis is None else axis
        if axis not in (0, -1):
            raise ValueError(f"Unsupported value for argument axis={axis}. Only 0 and -1 are currently supported.")
        attrs = dict(minlength=-1 if minlength is None else int(minlength),
                     maxlength=-1 if maxlength is None else int(maxlength), binary_output=bool(binary_output))
        if axis == 0:
            if isinstance(values, SparseTensor):
                if weights is not None:
                    weights = _sparse_weights(values, weights)
                values = values.values
            else:
                if weights is not None:
                    weights = array.reshape(weights, [-1])
                values = array.reshape(values, [-1])
        if isinstance(values, SparseTensor):
            weights = _sparse_weights(values, weights)
            outputs = SparseCountSparseOutput(values.indices, values.values, values.dense_shape, weights,
                                              output_type=weights.dtype.base_dtype, **attrs)
        else:
            weights = _dense_weights(values, weights)
            outputs = DenseCountSparseOutput(values, weights, output_type=weights.dtype.base_dtype, **attrs)
        return SparseTensor(*outputs)
