"""The text helpers TF 1.x's tf.contrib.layers had beside the layers tf-slim kept: `embed_sequence` and
`bow_encoder` (contrib's encoders), `embedding_lookup_unique`, contrib's `safe_embedding_lookup_sparse` and
`dense_to_sparse_tensor`. sessionflow/compat/contrib.py serves them in tf.contrib.layers next to tf-slim's names.

Their embedding matrices are tf-slim model variables (MODEL_VARIABLES as well as the global collections), as
contrib made them.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.scopes import name_scope
from ..framework.sparse_tensor import SparseTensor
from ..ops import array, array_index, array_transform, math, reduction
from ..ops.constant import convert_to_tensor
from ..ops.nn import embedding_lookup
from ..ops.segment import unique
from ..ops.sparse_embedding import safe_embedding_lookup_sparse as _core_safe_lookup
from ..variable_scope import variable_scope


def _model_variable(name, shape, initializer, regularizer, trainable):
    from ..compat.contrib import import_tf_slim

    return import_tf_slim("tf_slim.ops.variables").model_variable(
        name, shape=shape, initializer=initializer, regularizer=regularizer, trainable=trainable)


def dense_to_sparse_tensor(dense_tensor, ignore_value=None):
    """The cells of `dense_tensor` that differ from `ignore_value` (by default its dtype's zero, '' for
    strings) as a SparseTensor of the same dense shape."""
    with name_scope("DenseToSparseTensor"):
        dense_tensor = convert_to_tensor(dense_tensor)
        dtype = dense_tensor.dtype.base_dtype
        if ignore_value is None:
            ignore_value = "" if dtype is dtypes.string else dtype.as_numpy_dtype()
        ignore = math.cast(ignore_value, dtype, name="ignore_value")
        indices = array_index.where(math.not_equal(dense_tensor, ignore), name="indices")
        return SparseTensor(indices=indices, values=array_index.gather_nd(dense_tensor, indices, name="values"),
                            dense_shape=array.shape(dense_tensor, out_type=dtypes.int64, name="dense_shape"))


def embedding_lookup_unique(params, ids, partition_strategy="mod", name=None):
    """embedding_lookup that gathers each distinct id once and repeats the rows; `ids` may have any rank."""
    with name_scope(name, "EmbeddingLookupUnique", [params, ids]):
        ids = convert_to_tensor(ids)
        shape = array.shape(ids)
        flat = array.reshape(ids, reduction.reduce_prod(shape, keepdims=True))
        distinct, position = unique(flat)
        rows = embedding_lookup(params, distinct, partition_strategy)
        gathered = array.gather(rows, position)
        out = array.reshape(gathered, array.concat([shape, array_transform.slice(array.shape(rows), [1], [-1])], 0))
        out.set_shape(ids.shape.concatenate(rows.shape[1:]))
        return out


def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None, combiner=None,
                                 default_id=None, name=None, partition_strategy="div", max_norm=None):
    """tf.nn.safe_embedding_lookup_sparse as contrib had it: no combiner means 'mean' (with TF 1.x's warning
    that the default would change)."""
    if combiner is None:
        from .. import _behaviour

        _behaviour.logging.warn('The default value of combiner will change from "mean" to "sqrtn" after '
                                '2016/11/01.')
        combiner = "mean"
    return _core_safe_lookup(embedding_weights, sparse_ids, sparse_weights, combiner=combiner,
                             default_id=default_id, name=name, partition_strategy=partition_strategy,
                             max_norm=max_norm)


def bow_encoder(ids, vocab_size, embed_dim, sparse_lookup=True, initializer=None, regularizer=None,
                trainable=True, scope=None, reuse=None):
    """The mean embedding of each row of `ids` ([batch, length] ids, or a SparseTensor of them). With
    `sparse_lookup`, ids equal to 0 in a dense `ids` are left out and an empty row gets id 0's embedding;
    without it every id, padding included, is averaged."""
    if not vocab_size or not embed_dim:
        raise ValueError("Must specify vocab size and embedding dimension")
    with variable_scope(scope, "bow_encoder", [ids], reuse=reuse):
        embeddings = _model_variable("embeddings", [vocab_size, embed_dim], initializer, regularizer, trainable)
        if sparse_lookup:
            sparse_ids = ids if isinstance(ids, SparseTensor) else dense_to_sparse_tensor(ids)
            return safe_embedding_lookup_sparse([embeddings], sparse_ids, combiner="mean", default_id=0)
        if isinstance(ids, SparseTensor):
            raise TypeError("ids are expected to be dense Tensor, got: %s", ids)
        return reduction.reduce_mean(embedding_lookup(embeddings, ids), axis=1)


def embed_sequence(ids, vocab_size=None, embed_dim=None, unique=False, initializer=None, regularizer=None,
                   trainable=True, scope=None, reuse=None):
    """[batch, length] ids -> [batch, length, embed_dim] rows of an `EmbedSequence/embeddings` model variable
    (reused by name when `reuse`, e.g. between an encoder and a decoder)."""
    if not (reuse or (vocab_size and embed_dim)):
        # TF's words, "not" and "reusing" run together as TF ran them
        raise ValueError(f"Must specify vocab size and embedding dimension when notreusing. Got "
                         f"vocab_size={vocab_size} and embed_dim={embed_dim}")
    with variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        shape = [vocab_size, embed_dim]
        if reuse and vocab_size is None or embed_dim is None:
            shape = None
        embeddings = _model_variable("embeddings", shape, initializer, regularizer, trainable)
        if unique:
            return embedding_lookup_unique(embeddings, ids)
        return embedding_lookup(embeddings, ids)
