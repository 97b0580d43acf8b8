"""Lookups keyed by SparseTensors, built from plain ops as TF builds them: `tf.nn.embedding_lookup_sparse`
(combiner "mean", "sqrtn" or "sum", optional weights), `tf.nn.safe_embedding_lookup_sparse` (invalid ids
pruned, empty rows zero or a default id), and `tf.sparse_mask` (rows of an IndexedSlices left out)."""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import static_value
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape
from . import array, array_index, array_sets, array_transform, math, reduction, segment, segment_sparse
from .constant import convert_to_tensor
from .indexed_slices import IndexedSlices
from .nn import embedding_lookup
from .sparse_ops import sparse_fill_empty_rows, sparse_reshape, sparse_retain

_COMBINERS = ("mean", "sqrtn", "sum")


def _params_list(params) -> list:
    """A list of shards: a PartitionedVariable's parts, as embedding_lookup takes them."""
    if hasattr(params, "_get_variable_list"):
        return list(params)
    return params if isinstance(params, list) else [params]


@tf_export("nn.embedding_lookup_sparse")
def embedding_lookup_sparse(params, sp_ids, sp_weights, partition_strategy="mod", name=None, combiner=None,
                            max_norm=None, allow_fast_lookup=False) -> Tensor:
    """One embedding per row of `sp_ids` ([batch, ...] ids): the rows of `params` its ids name, combined
    ("mean" by default, "sqrtn" or "sum"), each weighted by `sp_weights` when given."""
    if combiner is None:
        combiner = "mean"
    if combiner not in _COMBINERS:
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn' or 'sum', got {combiner}")
    params = _params_list(params)
    if not isinstance(sp_ids, SparseTensor):
        raise TypeError(f"sp_ids must be SparseTensor, got {type(sp_ids)}")
    ignore_weights = sp_weights is None
    if not ignore_weights:
        if not isinstance(sp_weights, SparseTensor):
            raise TypeError(f"sp_weights must be either None or SparseTensor,got {type(sp_weights)}")
        sp_ids.values.shape.assert_is_compatible_with(sp_weights.values.shape)
        sp_ids.indices.shape.assert_is_compatible_with(sp_weights.indices.shape)
        sp_ids.dense_shape.shape.assert_is_compatible_with(sp_weights.dense_shape.shape)
    with get_default_graph().name_scope(name or "embedding_lookup_sparse") as scope:
        segment_ids = sp_ids.indices[:, 0]
        return _lookup(params, segment_ids, sp_weights, sp_ids.values, combiner, ignore_weights, max_norm,
                       allow_fast_lookup, partition_strategy, scope)


def _lookup(params, segment_ids, sp_weights, ids, combiner, ignore_weights, max_norm, allow_fast_lookup,
            partition_strategy, name):
    """TF's embedding_lookup_sparse_impl. Without weights, one shard and no max_norm, the ids index the
    params directly (a SparseSegment* op whose gradient is an IndexedSlices); otherwise the unique ids are
    looked up first."""
    sparse_gradient = False
    segment_ids = convert_to_tensor(segment_ids, name="segment_ids")
    if len(params) == 1 and not isinstance(params[0], Tensor):
        params = [convert_to_tensor(params[0], name="params")]
    if len(params) == 1 and max_norm is None and (allow_fast_lookup or ignore_weights):
        idx = ids
        embeddings = params[0]
        sparse_gradient = not allow_fast_lookup
    else:
        ids, idx = segment.unique(ids)
        embeddings = embedding_lookup(params, ids, partition_strategy=partition_strategy, max_norm=max_norm)
    if not ignore_weights:
        if segment_ids.dtype.base_dtype is not dtypes.int32:
            segment_ids = math.cast(segment_ids, dtypes.int32)
        weights = sp_weights.values
        embeddings = array.gather(embeddings, idx)
        original_dtype = embeddings.dtype.base_dtype
        if original_dtype in (dtypes.float16, dtypes.bfloat16):
            embeddings = math.cast(embeddings, dtypes.float32)
        if weights.dtype.base_dtype is not embeddings.dtype.base_dtype:
            weights = math.cast(weights, embeddings.dtype.base_dtype)
        ones_shape = array.expand_dims(array.rank(embeddings) - 1, 0)
        weights_shape = array.shape(weights)
        ones = array.ones(ones_shape, dtype=weights_shape.dtype)
        broadcast_shape = array.concat([weights_shape, ones], 0)
        original_weights_shape = weights.shape
        weights = array.reshape(weights, broadcast_shape)
        if embeddings.shape.ndims is not None:
            weights.set_shape(original_weights_shape.concatenate([1] * (embeddings.shape.ndims - 1)))
        embeddings = embeddings * weights
        if combiner == "sum":
            embeddings = segment.segment_sum(embeddings, segment_ids, name=name)
        elif combiner == "mean":
            embeddings = segment.segment_sum(embeddings, segment_ids)
            weight_sum = segment.segment_sum(weights, segment_ids)
            embeddings = math.div_no_nan(embeddings, weight_sum, name=name)
        else:
            embeddings = segment.segment_sum(embeddings, segment_ids)
            weight_sum = segment.segment_sum(math.pow(weights, 2), segment_ids)
            embeddings = math.div_no_nan(embeddings, math.sqrt(weight_sum), name=name)
        if embeddings.dtype.base_dtype is not original_dtype:
            embeddings = math.cast(embeddings, original_dtype)
        return embeddings
    if segment_ids.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
        segment_ids = math.cast(segment_ids, dtypes.int32)
    combine = dict(sum=segment_sparse.sparse_segment_sum, mean=segment_sparse.sparse_segment_mean,
                   sqrtn=segment_sparse.sparse_segment_sqrt_n)[combiner]
    return combine(embeddings, idx, segment_ids, name=name, sparse_gradient=sparse_gradient)


@tf_export("nn.safe_embedding_lookup_sparse")
def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None, combiner="mean",
                                 default_id=None, name=None, partition_strategy="div", max_norm=None,
                                 allow_fast_lookup=False) -> Tensor:
    """embedding_lookup_sparse that tolerates bad input: negative ids (and, unless summing, weights <= 0)
    are dropped, and a row with no ids left gets zeros (or `default_id`'s embedding). `sparse_ids` may have
    rank above 2: the result has its leading dimensions."""
    if embedding_weights is None:
        raise ValueError(f"Missing embedding_weights {embedding_weights}.")
    embedding_weights = _params_list(embedding_weights)
    if len(embedding_weights) < 1:
        raise ValueError(f"Missing embedding_weights {embedding_weights}.")
    dtype = sparse_weights.dtype if sparse_weights is not None else None
    embedding_weights = [w if _is_resource_variable(w) and dtype in (None, w.dtype) else
                         convert_to_tensor(w, dtype=dtype) for w in embedding_weights]
    with get_default_graph().name_scope(name or "embedding_lookup") as scope:
        original_shape = sparse_ids.dense_shape
        rank_dim = original_shape.shape.as_list()[0] if original_shape.shape.ndims else None
        original_rank = array.size(original_shape) if rank_dim is None else rank_dim
        sparse_ids = sparse_reshape(sparse_ids, [
            reduction.reduce_prod(array_transform.slice(original_shape, [0], array.reshape(original_rank - 1, [1])
                                                        if isinstance(original_rank, Tensor) else [original_rank - 1])),
            array.gather(original_shape, original_rank - 1)])
        if sparse_weights is not None:
            sparse_weights = SparseTensor(sparse_ids.indices, sparse_weights.values, sparse_ids.dense_shape)
        sparse_ids, sparse_weights = _prune_invalid_ids(sparse_ids, sparse_weights)
        if combiner != "sum":
            sparse_ids, sparse_weights = _prune_invalid_weights(sparse_ids, sparse_weights)
        sparse_ids, is_row_empty = sparse_fill_empty_rows(sparse_ids, default_id or 0)
        if sparse_weights is not None:
            sparse_weights, _ = sparse_fill_empty_rows(sparse_weights, 1.0)
        result = embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights, combiner=combiner,
                                         partition_strategy=partition_strategy,
                                         name=None if default_id is None else scope, max_norm=max_norm,
                                         allow_fast_lookup=allow_fast_lookup)
        if default_id is None:
            is_row_empty = array_transform.tile(array.reshape(is_row_empty, [-1, 1]),
                                                array.stack([1, array.shape(result)[1]]))
            result = array_index.where(is_row_empty, array.zeros_like(result), result, name=scope)
        leading = array_transform.slice(math.cast(original_shape, dtypes.int32), [0],
                                        array.reshape(original_rank - 1, [1]) if isinstance(original_rank, Tensor)
                                        else [original_rank - 1])
        final = array.reshape(result, array.concat([leading, array_transform.slice(array.shape(result), [1], [-1])],
                                                   0))
        # TF's shape inference evaluates the constant leading sizes of the Reshape; static_value does too
        known = static_value(original_shape)
        leading_static = TensorShape(None if rank_dim is None else [None] * (rank_dim - 1)) if known is None else \
            TensorShape([int(d) for d in known[:-1]])
        final.set_shape(leading_static.concatenate(result.shape.as_list()[1:] if result.shape.ndims else None))
        return final


def _is_resource_variable(value) -> bool:
    return getattr(value, "handle", None) is not None and getattr(getattr(value, "handle", None), "dtype",
                                                                     None) is dtypes.resource


def _prune_invalid_ids(sparse_ids, sparse_weights):
    valid = math.greater_equal(sparse_ids.values, 0)
    if sparse_weights is not None:
        valid = math.logical_and(valid, array.ones_like(sparse_weights.values, dtype=dtypes.bool))
    sparse_ids = sparse_retain(sparse_ids, valid)
    if sparse_weights is not None:
        sparse_weights = sparse_retain(sparse_weights, valid)
    return sparse_ids, sparse_weights


def _prune_invalid_weights(sparse_ids, sparse_weights):
    if sparse_weights is not None:
        valid = math.greater(sparse_weights.values, 0)
        sparse_ids = sparse_retain(sparse_ids, valid)
        sparse_weights = sparse_retain(sparse_weights, valid)
    return sparse_ids, sparse_weights


@tf_export("sparse_mask", "sparse.mask")
def sparse_mask(a, mask_indices, name=None) -> IndexedSlices:
    """The IndexedSlices `a` without the rows whose index is in `mask_indices`."""
    with get_default_graph().name_scope(name or "sparse_mask") as scope:
        out_indices, to_gather = array_sets.setdiff1d(a.indices, mask_indices)
        out_values = array.gather(a.values, to_gather, name=scope)
        return IndexedSlices(out_values, out_indices, a.dense_shape)
