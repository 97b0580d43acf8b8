"""The public column constructors of tf.feature_column, with TF's argument checks and messages."""

from __future__ import annotations

import collections.abc

from ..framework import dtypes
from ..framework.api import tf_export
from . import columns as fc


def _check_shape(shape, key):
    if not isinstance(shape, (list, tuple)):
        shape = [shape]
    shape = tuple(shape)
    for dim in shape:
        if not isinstance(dim, int) or isinstance(dim, bool):
            raise TypeError(f"shape dimensions must be integer. shape: {shape}, key: {key}")
        if dim < 1:
            raise ValueError(f"shape dimensions must be greater than 0. shape: {shape}, key: {key}")
    return shape


def _flat(value):
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _flat(v)]
    return [value]


@tf_export("feature_column.numeric_column")
def numeric_column(key, shape=(1,), default_value=None, dtype=dtypes.float32, normalizer_fn=None):
    """A dense feature of `shape` per example, cast to float32 after `normalizer_fn`."""
    shape = _check_shape(shape, key)
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype}, key: {key}")
    if default_value is not None:
        flat = _flat(default_value)
        count = 1
        for d in shape:
            count *= d
        if len(flat) == 1 and not isinstance(default_value, (list, tuple)):
            default_value = tuple([default_value] * count) if count > 1 else (default_value,)
            flat = _flat(default_value)
        if len(flat) != count:
            raise ValueError(f"The shape of default_value must be equal to given shape. default_value: "
                             f"{default_value}, shape: {shape}, key: {key}")
        cast = int if dtype.is_integer else float
        for v in flat:
            if not isinstance(v, (int, float)) or (dtype.is_integer and isinstance(v, float)):
                raise TypeError(f"The data type of default_value must be compatible with dtype. default_value: "
                                f"{default_value}, dtype: {dtype}, key: {key}")
        default_value = _nest(tuple(cast(v) for v in flat), shape)
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    return fc.NumericColumn(key, shape=shape, default_value=default_value, dtype=dtype, normalizer_fn=normalizer_fn)


def _nest(flat, shape):
    if len(shape) <= 1:
        return tuple(flat)
    step = len(flat) // shape[0]
    return tuple(_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0]))


@tf_export("feature_column.bucketized_column")
def bucketized_column(source_column, boundaries):
    """A numeric column split into len(boundaries) + 1 buckets: one-hot as a dense column, ids as a categorical."""
    if not isinstance(source_column, fc.NumericColumn):
        raise ValueError(f"source_column must be a column generated with numeric_column(). Given: {source_column}")
    if len(source_column.shape) > 1:
        raise ValueError(f"source_column must be one-dimensional column. Given: {source_column}")
    if not boundaries:
        raise ValueError("boundaries must not be empty.")
    if not isinstance(boundaries, (list, tuple)):
        raise ValueError("boundaries must be a sorted list.")
    for i in range(len(boundaries) - 1):
        if boundaries[i] >= boundaries[i + 1]:
            raise ValueError("boundaries must be a sorted list.")
    return fc.BucketizedColumn(source_column, tuple(boundaries))


def _check_oov(key, num_oov_buckets, default_value, no_default):
    if num_oov_buckets:
        if default_value != no_default:
            raise ValueError(f"Can't specify both num_oov_buckets and default_value in {key}.")
        if num_oov_buckets < 0:
            raise ValueError(f"Invalid num_oov_buckets {num_oov_buckets} in {key}.")


@tf_export("feature_column.categorical_column_with_hash_bucket")
def categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=dtypes.string):
    """Ids from hashing each string (or stringified integer) value into `hash_bucket_size` buckets."""
    if hash_bucket_size is None:
        raise ValueError(f"hash_bucket_size must be set. key: {key}")
    if hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be at least 1. hash_bucket_size: {hash_bucket_size}, key: {key}")
    dtype = dtypes.as_dtype(dtype)
    fc._assert_string_or_int(dtype, prefix=f"column_name: {key}")
    return fc.HashedCategoricalColumn(key, hash_bucket_size, dtype)


@tf_export("feature_column.categorical_column_with_vocabulary_file")
def categorical_column_with_vocabulary_file(key, vocabulary_file, vocabulary_size=None, num_oov_buckets=0,
                                            default_value=None, dtype=dtypes.string):
    """Ids from a vocabulary file (one entry per line): a value's line number, else an OOV bucket or default."""
    if not vocabulary_file:
        raise ValueError(f"Missing vocabulary_file in {key}.")
    if vocabulary_size is None:
        from ..io import gfile
        if not gfile.exists(vocabulary_file):
            raise ValueError(f"vocabulary_file in {key} does not exist.")
        with gfile.GFile(vocabulary_file, "rb") as f:
            vocabulary_size = sum(1 for _ in f)
    if vocabulary_size < 1:
        raise ValueError(f"Invalid vocabulary_size in {key}.")
    _check_oov(key, num_oov_buckets, default_value, None)
    dtype = dtypes.as_dtype(dtype)
    fc._assert_string_or_int(dtype, prefix=f"column_name: {key} vocabulary")
    return fc.VocabularyFileCategoricalColumn(
        key=key, vocabulary_file=vocabulary_file, vocabulary_size=vocabulary_size,
        num_oov_buckets=0 if num_oov_buckets is None else num_oov_buckets,
        default_value=-1 if default_value is None else default_value, dtype=dtype)


@tf_export("feature_column.categorical_column_with_vocabulary_list")
def categorical_column_with_vocabulary_list(key, vocabulary_list, dtype=None, default_value=-1, num_oov_buckets=0):
    """Ids from an in-memory vocabulary: a value's position, else an OOV bucket (hashed) or `default_value`."""
    if vocabulary_list is None or len(vocabulary_list) < 1:
        raise ValueError(f"vocabulary_list {vocabulary_list} must be non-empty, column_name: {key}")
    if len(set(vocabulary_list)) != len(vocabulary_list):
        raise ValueError(f"Duplicate keys in vocabulary_list {vocabulary_list}, column_name: {key}")
    first = vocabulary_list[0]
    vocabulary_dtype = dtypes.string if isinstance(first, (str, bytes)) else (
        dtypes.int64 if isinstance(first, int) else dtypes.float32)
    _check_oov(key, num_oov_buckets, default_value, -1)
    fc._assert_string_or_int(vocabulary_dtype, prefix=f"column_name: {key} vocabulary")
    if dtype is None:
        dtype = vocabulary_dtype
    else:
        dtype = dtypes.as_dtype(dtype)
        if dtype.is_integer != vocabulary_dtype.is_integer:
            raise ValueError(f"dtype {dtype} and vocabulary dtype {vocabulary_dtype} do not match, column_name: "
                             f"{key}")
    fc._assert_string_or_int(dtype, prefix=f"column_name: {key}")
    return fc.VocabularyListCategoricalColumn(key=key, vocabulary_list=tuple(vocabulary_list), dtype=dtype,
                                              default_value=default_value, num_oov_buckets=num_oov_buckets)


@tf_export("feature_column.categorical_column_with_identity")
def categorical_column_with_identity(key, num_buckets, default_value=None):
    """Integer values used as ids directly; values outside [0, num_buckets) become `default_value` when given."""
    if num_buckets < 1:
        raise ValueError(f"num_buckets {num_buckets} < 1, column_name {key}")
    if default_value is not None and (default_value < 0 or default_value >= num_buckets):
        raise ValueError(f"default_value {default_value} not in range [0, {num_buckets}), column_name {key}")
    return fc.IdentityCategoricalColumn(key=key, number_buckets=num_buckets, default_value=default_value)


@tf_export("feature_column.indicator_column")
def indicator_column(categorical_column):
    """A categorical column as a dense multi-hot (or weight-summed) vector of _num_buckets entries."""
    return fc.IndicatorColumn(categorical_column)


@tf_export("feature_column.weighted_categorical_column")
def weighted_categorical_column(categorical_column, weight_feature_key, dtype=dtypes.float32):
    """A categorical column whose ids carry the weights of feature `weight_feature_key`."""
    dtype = dtypes.as_dtype(dtype)
    if dtype is None or not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype {dtype} is not convertible to float.")
    return fc.WeightedCategoricalColumn(categorical_column=categorical_column,
                                        weight_feature_key=weight_feature_key, dtype=dtype)


@tf_export("feature_column.crossed_column")
def crossed_column(keys, hash_bucket_size, hash_key=None):
    """The hashed cross of string features and categorical columns (TF's SparseCrossHashed)."""
    if not hash_bucket_size or hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be > 1. hash_bucket_size: {hash_bucket_size}")
    if not keys or len(keys) < 2:
        raise ValueError(f"keys must be a list with length > 1. Given: {keys}")
    for key in keys:
        if not isinstance(key, (str, fc.CategoricalColumn)):
            raise ValueError(f"Unsupported key type. All keys must be either string, or categorical column except "
                             f"HashedCategoricalColumn. Given: {key}")
        if isinstance(key, fc.HashedCategoricalColumn):
            raise ValueError("categorical_column_with_hash_bucket is not supported for crossing. Hashing before "
                             "crossing will increase probability of collision. Instead, use the feature name as a "
                             f"string. Given: {key}")
    return fc.CrossedColumn(keys=tuple(keys), hash_bucket_size=hash_bucket_size, hash_key=hash_key)


def _check_embedding_args(dimension, ckpt_to_load_from, tensor_name_in_ckpt, initializer, what):
    if dimension is None or dimension < 1:
        raise ValueError(f"Invalid dimension {dimension}.")
    if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
        raise ValueError("Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or none of them.")
    if initializer is not None and not callable(initializer):
        raise ValueError(f"initializer must be callable if specified.{what}")
    return initializer if initializer is not None else fc.default_embedding_initializer(dimension)


@tf_export("feature_column.embedding_column")
def embedding_column(categorical_column, dimension, combiner="mean", initializer=None, ckpt_to_load_from=None,
                     tensor_name_in_ckpt=None, max_norm=None, trainable=True, use_safe_embedding_lookup=True):
    """A categorical column as the `combiner` of its ids' rows of an [_num_buckets, dimension] embedding variable
    (`<scope>/<name>_embedding/embedding_weights`, truncated normal with stddev 1/sqrt(dimension) by default)."""
    initializer = _check_embedding_args(dimension, ckpt_to_load_from, tensor_name_in_ckpt, initializer,
                                        f" Embedding of column_name: {categorical_column.name}")
    return fc.EmbeddingColumn(categorical_column=categorical_column, dimension=dimension, combiner=combiner,
                              initializer=initializer, ckpt_to_load_from=ckpt_to_load_from,
                              tensor_name_in_ckpt=tensor_name_in_ckpt, max_norm=max_norm, trainable=trainable,
                              use_safe_embedding_lookup=use_safe_embedding_lookup)


@tf_export("feature_column.shared_embedding_columns")
def shared_embedding_columns(categorical_columns, dimension, combiner="mean", initializer=None,
                             shared_embedding_collection_name=None, ckpt_to_load_from=None, tensor_name_in_ckpt=None,
                             max_norm=None, trainable=True, use_safe_embedding_lookup=True):
    """Embedding columns of several categorical columns (same type and bucket count) sharing one variable, named
    after the sorted columns (`a_b_shared_embedding`) unless `shared_embedding_collection_name` is given."""
    initializer = _check_embedding_args(dimension, ckpt_to_load_from, tensor_name_in_ckpt, initializer, "")
    if isinstance(categorical_columns, collections.abc.Iterator):
        categorical_columns = list(categorical_columns)
    ordered = sorted(categorical_columns, key=lambda c: c.name)
    first = ordered[0]
    if not isinstance(first, fc.CategoricalColumn):
        raise ValueError(f"All categorical_columns must be subclasses of _CategoricalColumn. Given: {first}, of "
                         f"type: {type(first)}")
    buckets = first._num_buckets
    wrappers = (fc.WeightedCategoricalColumn,)
    while isinstance(first, wrappers):
        first = first.categorical_column
    for c in ordered[1:]:
        while isinstance(c, wrappers):
            c = c.categorical_column
        if not isinstance(c, type(first)):
            raise ValueError("To use shared_embedding_column, all categorical_columns must have the same type, or be "
                             "weighted_categorical_column or sequence column of the same type. Given column: "
                             f"{first} of type: {type(first)} does not match given column: {c} of type: {type(c)}")
        if buckets != c._num_buckets:
            raise ValueError("To use shared_embedding_column, all categorical_columns must have the same number of "
                             f"buckets. ven column: {first} with buckets: {buckets} does  not match column: {c} "
                             f"with buckets: {c._num_buckets}")
    if not shared_embedding_collection_name:
        shared_embedding_collection_name = "_".join(c.name for c in ordered) + "_shared_embedding"
    return [fc.SharedEmbeddingColumn(
        categorical_column=c, dimension=dimension, combiner=combiner, initializer=initializer,
        shared_embedding_collection_name=shared_embedding_collection_name, ckpt_to_load_from=ckpt_to_load_from,
        tensor_name_in_ckpt=tensor_name_in_ckpt, max_norm=max_norm, trainable=trainable,
        use_safe_embedding_lookup=use_safe_embedding_lookup) for c in categorical_columns]
