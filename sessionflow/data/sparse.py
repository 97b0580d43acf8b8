"""SparseTensor components of dataset elements. As in TF, a sparse component travels through dataset
ops as one variant value (here a `SparseValue`: indices, values, dense_shape arrays);
`DatasetSparseToVariant` packs a SparseTensor into it where an element is made (from_tensors, a
function's result) and `DatasetVariantToSparse` unpacks it where one is used (get_next, a function's
arguments). TF does this with SerializeSparse/DeserializeSparse on variants; sessionflow's own two ops
keep those TF names free for tf.io.serialize_sparse. Batching stacks sparse components into one
SparseTensor with a leading batch dimension, as TF does."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue
from ..framework.tensor_shape import TensorShape


class SparseValue:
    """A sparse component's value: int64 indices [N, rank], values [N], int64 dense_shape [rank]."""

    __slots__ = ("dense_shape", "indices", "values")

    def __init__(self, indices, values, dense_shape):
        self.indices = np.asarray(indices, np.int64).reshape(-1, len(dense_shape))
        self.values = values
        self.dense_shape = np.asarray(dense_shape, np.int64)

    def __repr__(self):
        return f"<SparseValue shape={self.dense_shape.tolist()} nnz={len(self.values)}>"


def is_sparse_value(value) -> bool:
    return isinstance(value, (SparseTensor, SparseTensorValue))


@op("DatasetSparseToVariant", inputs=("sparse_indices", "sparse_values", "sparse_shape"), stateful=True, foldable=False,
    type_attrs={})
class DatasetSparseToVariant:
    """A SparseTensor as one variant component of a dataset element."""

    def infer(sparse_indices, sparse_values, sparse_shape):
        return dtypes.variant, TensorShape([])

    def kernel(ctx, xp, sparse_indices, sparse_values, sparse_shape):
        return SparseValue(sparse_indices, np.asarray(sparse_values), sparse_shape)

    grad = NOT_DIFFERENTIABLE


@op("DatasetVariantToSparse", inputs=("variant",), attrs=dict(dtype=None, rank=None), stateful=True, foldable=False,
    type_attrs={})
class DatasetVariantToSparse:
    """A sparse component's (indices, values, dense_shape)."""

    def infer(variant, dtype, rank):
        return [(dtypes.int64, TensorShape([None, rank])), (dtype, TensorShape([None])),
                (dtypes.int64, TensorShape([rank]))]

    def kernel(ctx, xp, variant, dtype, rank):
        if not isinstance(variant, SparseValue):
            raise errors.InvalidArgumentError(None, None, "Expected a sparse dataset component")
        return variant.indices, np.asarray(variant.values, dtype=dtype.as_numpy_dtype), variant.dense_shape

    grad = NOT_DIFFERENTIABLE


def to_variant(sparse) -> object:
    """The variant tensor carrying `sparse` (a SparseTensor or SparseTensorValue)."""
    if isinstance(sparse, SparseTensorValue):
        sparse = SparseTensor.from_value(sparse)
    return DatasetSparseToVariant(sparse.indices, sparse.values, sparse.dense_shape)


def from_variant(variant, spec) -> SparseTensor:
    """The SparseTensor a variant component carries, with the static shape of `spec`."""
    rank = spec.shape.ndims
    indices, values, dense_shape = DatasetVariantToSparse(variant, dtype=spec.dtype, rank=rank)
    sparse = SparseTensor(indices, values, dense_shape)
    sparse.set_shape(spec.shape)
    return sparse


def stack(column: list) -> SparseValue:
    """Batches sparse components of the same rank into one with a leading batch dimension."""
    rank = len(column[0].dense_shape)
    for value in column:
        if len(value.dense_shape) != rank:
            raise errors.InvalidArgumentError(
                None, None, f"Cannot batch SparseTensors of different ranks: {rank} and {len(value.dense_shape)}")
    shape = np.max(np.stack([v.dense_shape for v in column]), axis=0) if rank else np.zeros((0,), np.int64)
    indices = [np.concatenate([np.full((len(v.indices), 1), i, np.int64), v.indices], axis=1)
               for i, v in enumerate(column)]
    values = np.concatenate([np.asarray(v.values) for v in column]) if column else np.zeros((0,))
    return SparseValue(np.concatenate(indices, axis=0), values, np.concatenate([[len(column)], shape]))


def slices(value: SparseValue) -> list:
    """The rows of a sparse component along its first dimension (from_tensor_slices, unbatch)."""
    n = int(value.dense_shape[0])
    rows = value.indices[:, 0] if len(value.indices) else np.zeros((0,), np.int64)
    out = []
    for i in range(n):
        keep = rows == i
        out.append(SparseValue(value.indices[keep][:, 1:], np.asarray(value.values)[keep], value.dense_shape[1:]))
    return out
