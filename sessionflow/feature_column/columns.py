"""tf.feature_column's columns: immutable descriptions (namedtuples, TF's class names) of how a raw feature becomes
a dense tensor (`_get_dense_tensor`) or sparse ids with optional weights (`_get_sparse_tensors`). Transformations
go through a builder (models.FeatureBuilder) that caches each column's output, as TF's _LazyBuilder does."""

from __future__ import annotations

import collections
import math

from ..framework import dtypes
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape


def _tf():
    import sessionflow
    return sessionflow


IdWeightPair = collections.namedtuple("IdWeightPair", ("id_tensor", "weight_tensor"))


class FeatureColumn:
    """What every column has: a `name`, the variable scope it builds under and its parse spec."""

    @property
    def _var_scope_name(self):
        return self.name

    def __repr__(self):
        fields = ", ".join(f"{k}={_shown(v)}" for k, v in zip(self._fields, self))
        return f"{type(self).__name__}({fields})"


def _shown(value):
    if isinstance(value, dtypes.DType):
        return f"tf.{value.name}"
    return repr(value)


class DenseColumn(FeatureColumn):
    """A column input_layer can use: `_variable_shape` and `_get_dense_tensor`."""


class CategoricalColumn(FeatureColumn):
    """A column of ids in [0, _num_buckets): `_get_sparse_tensors` gives them (and weights) as SparseTensors."""

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        return IdWeightPair(inputs.get(self), None)


def _assert_string_or_int(dtype, prefix):
    if dtype != dtypes.string and not dtype.is_integer:
        raise ValueError(f"{prefix} dtype must be string or integer. dtype: {dtype}.")


def to_sparse_input(tensor, ignore_value=None):
    """A dense string/int tensor as a SparseTensor without its `ignore_value` cells ('' or -1 by default)."""
    tf = _tf()
    tensor = tf.convert_to_tensor_or_sparse_tensor(tensor)
    if isinstance(tensor, SparseTensor):
        return tensor
    with tf.name_scope(None, "to_sparse_input", [tensor]):
        if ignore_value is None:
            ignore_value = "" if tensor.dtype == dtypes.string else (-1 if tensor.dtype.is_integer else 0)
        ignore = tf.cast(ignore_value, tensor.dtype, name="ignore_value")
        indices = tf.where(tf.not_equal(tensor, ignore), name="indices")
        return SparseTensor(indices=indices, values=tf.gather_nd(tensor, indices, name="values"),
                            dense_shape=tf.shape(tensor, out_type=dtypes.int64, name="dense_shape"))


# ---- dense columns ---------------------------------------------------------------------------------------------

class NumericColumn(DenseColumn, collections.namedtuple(
        "NumericColumn", ("key", "shape", "default_value", "dtype", "normalizer_fn"))):
    __repr__ = FeatureColumn.__repr__

    @property
    def name(self):
        return self.key

    @property
    def _parse_example_spec(self):
        return {self.key: _tf().FixedLenFeature(self.shape, self.dtype, self.default_value)}

    def _transform_feature(self, inputs):
        tensor = inputs.get(self.key)
        if isinstance(tensor, SparseTensor):
            raise ValueError("The corresponding Tensor of numerical column must be a Tensor. SparseTensor is not "
                             f"supported. key: {self.key}")
        if self.normalizer_fn is not None:
            tensor = self.normalizer_fn(tensor)
        return _tf().cast(tensor, dtypes.float32)

    @property
    def _variable_shape(self):
        return TensorShape(self.shape)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        return inputs.get(self)


class BucketizedColumn(DenseColumn, CategoricalColumn, collections.namedtuple(
        "BucketizedColumn", ("source_column", "boundaries"))):
    __repr__ = FeatureColumn.__repr__

    @property
    def name(self):
        return f"{self.source_column.name}_bucketized"

    @property
    def _parse_example_spec(self):
        return self.source_column._parse_example_spec

    def _transform_feature(self, inputs):
        from ..ops.bucketize import bucketize
        return bucketize(inputs.get(self.source_column), boundaries=self.boundaries)

    @property
    def _variable_shape(self):
        return TensorShape(tuple(self.source_column.shape) + (len(self.boundaries) + 1,))

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        tf = _tf()
        return tf.one_hot(tf.cast(inputs.get(self), dtypes.int64), depth=len(self.boundaries) + 1,
                          on_value=1., off_value=0.)

    @property
    def _num_buckets(self):
        return (len(self.boundaries) + 1) * self.source_column.shape[0]

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        # Bucket b of source element j becomes id b + j * (len(boundaries) + 1), at [row, j].
        tf = _tf()
        buckets = inputs.get(self)
        batch = tf.shape(buckets)[0]
        width = self.source_column.shape[0]
        rows = tf.reshape(tf.tile(tf.expand_dims(tf.range(0, batch), 1), [1, width]), (-1,))
        cols = tf.tile(tf.range(0, width), [batch])
        ids = tf.reshape(buckets, (-1,)) + (len(self.boundaries) + 1) * cols
        indices = tf.cast(tf.transpose(tf.stack((rows, cols))), dtypes.int64)
        dense_shape = tf.cast(tf.stack([batch, width]), dtypes.int64)
        return IdWeightPair(SparseTensor(indices=indices, values=ids, dense_shape=dense_shape), None)


# ---- categorical columns ---------------------------------------------------------------------------------------

class _KeyedCategorical(CategoricalColumn):
    @property
    def name(self):
        return self.key

    @property
    def _parse_example_spec(self):
        return {self.key: _tf().VarLenFeature(self._spec_dtype)}

    @property
    def _spec_dtype(self):
        return self.dtype

    def _check_dtype(self, tensor):
        if self.dtype.is_integer != tensor.dtype.is_integer:
            raise ValueError("Column dtype and SparseTensors dtype must be compatible. key: "
                             f"{self.key}, column dtype: {self.dtype}, tensor dtype: {tensor.dtype}")


class HashedCategoricalColumn(_KeyedCategorical, collections.namedtuple(
        "HashedCategoricalColumn", ("key", "hash_bucket_size", "dtype"))):
    __repr__ = FeatureColumn.__repr__

    def _transform_feature(self, inputs):
        tf = _tf()
        tensor = to_sparse_input(inputs.get(self.key))
        _assert_string_or_int(tensor.dtype, prefix=f"column_name: {self.key} input_tensor")
        self._check_dtype(tensor)
        values = tensor.values if self.dtype == dtypes.string else tf.as_string(tensor.values)
        ids = tf.string_to_hash_bucket_fast(values, self.hash_bucket_size, name="lookup")
        return SparseTensor(tensor.indices, ids, tensor.dense_shape)

    @property
    def _num_buckets(self):
        return self.hash_bucket_size


def _lookup_input(column, inputs):
    tf = _tf()
    tensor = to_sparse_input(inputs.get(column.key))
    column._check_dtype(tensor)
    _assert_string_or_int(tensor.dtype, prefix=f"column_name: {column.key} input_tensor")
    key_dtype = column.dtype
    if tensor.dtype.is_integer:
        key_dtype = dtypes.int64
        tensor = _cast_sparse(tensor, dtypes.int64)
    return tensor, key_dtype


def _cast_sparse(tensor, dtype):
    if tensor.dtype == dtype:
        return tensor
    return SparseTensor(tensor.indices, _tf().cast(tensor.values, dtype), tensor.dense_shape)


class VocabularyFileCategoricalColumn(_KeyedCategorical, collections.namedtuple(
        "VocabularyFileCategoricalColumn",
        ("key", "vocabulary_file", "vocabulary_size", "num_oov_buckets", "dtype", "default_value", "file_format"),
        defaults=(None,))):
    """`file_format` is TF 2's field (None: one entry per line), kept so the column prints and compares as TF's."""
    __repr__ = FeatureColumn.__repr__

    def _transform_feature(self, inputs):
        from ..lookup.tables import index_table_from_file
        tensor, key_dtype = _lookup_input(self, inputs)
        with _tf().init_scope():
            table = index_table_from_file(
                vocabulary_file=self.vocabulary_file, num_oov_buckets=self.num_oov_buckets,
                vocab_size=self.vocabulary_size, default_value=self.default_value, key_dtype=key_dtype,
                name=f"{self.key}_lookup")
        return table.lookup(tensor)

    @property
    def _num_buckets(self):
        return self.vocabulary_size + self.num_oov_buckets


class VocabularyListCategoricalColumn(_KeyedCategorical, collections.namedtuple(
        "VocabularyListCategoricalColumn", ("key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"))):
    __repr__ = FeatureColumn.__repr__

    def _transform_feature(self, inputs):
        from ..lookup.tables import index_table_from_tensor
        tensor, key_dtype = _lookup_input(self, inputs)
        with _tf().init_scope():
            table = index_table_from_tensor(
                vocabulary_list=tuple(self.vocabulary_list), default_value=self.default_value,
                num_oov_buckets=self.num_oov_buckets, dtype=key_dtype, name=f"{self.key}_lookup")
        return table.lookup(tensor)

    @property
    def _num_buckets(self):
        return len(self.vocabulary_list) + self.num_oov_buckets


class IdentityCategoricalColumn(_KeyedCategorical, collections.namedtuple(
        "IdentityCategoricalColumn", ("key", "number_buckets", "default_value"))):
    __repr__ = FeatureColumn.__repr__
    _spec_dtype = dtypes.int64

    @property
    def num_buckets(self):
        return self.number_buckets

    def _transform_feature(self, inputs):
        tf = _tf()
        tensor = to_sparse_input(inputs.get(self.key))
        if not tensor.dtype.is_integer:
            raise ValueError(f"Invalid input, not integer. key: {self.key} dtype: {tensor.dtype}")
        values = tensor.values
        if values.dtype != dtypes.int64:
            values = tf.cast(values, dtypes.int64, name="values")
        if self.default_value is not None:
            buckets = tf.cast(self.number_buckets, dtypes.int64, name="num_buckets")
            zero = tf.cast(0, dtypes.int64, name="zero")
            outside = tf.logical_or(values < zero, values >= buckets, name="out_of_range")
            values = tf.where_v2(outside, tf.fill(tf.shape(values), tf.cast(self.default_value, dtypes.int64),
                                                  name="default_values"), values)
        return SparseTensor(indices=tensor.indices, values=values, dense_shape=tensor.dense_shape)

    @property
    def _num_buckets(self):
        return self.number_buckets


class WeightedCategoricalColumn(CategoricalColumn, collections.namedtuple(
        "WeightedCategoricalColumn", ("categorical_column", "weight_feature_key", "dtype"))):
    __repr__ = FeatureColumn.__repr__

    @property
    def name(self):
        return f"{self.categorical_column.name}_weighted_by_{self.weight_feature_key}"

    @property
    def _parse_example_spec(self):
        spec = dict(self.categorical_column._parse_example_spec)
        if self.weight_feature_key in spec:
            raise ValueError(f"Parse config {spec[self.weight_feature_key]} already exists for "
                             f"{self.weight_feature_key}.")
        spec[self.weight_feature_key] = _tf().VarLenFeature(self.dtype)
        return spec

    @property
    def _num_buckets(self):
        return self.categorical_column._num_buckets

    def _transform_feature(self, inputs):
        tf = _tf()
        weights = inputs.get(self.weight_feature_key)
        if weights is None:
            raise ValueError(f"Missing weights {self.weight_feature_key}.")
        weights = tf.convert_to_tensor_or_sparse_tensor(weights)
        if self.dtype != weights.dtype.base_dtype:
            raise ValueError(f"Bad dtype, expected {self.dtype}, but got {weights.dtype}.")
        if not isinstance(weights, SparseTensor):
            weights = to_sparse_input(weights, ignore_value=0.0)
        if not weights.dtype.is_floating:
            weights = _cast_sparse(weights, dtypes.float32)
        return inputs.get(self.categorical_column), weights

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        ids, weights = inputs.get(self)
        return IdWeightPair(ids, weights)


def leaf_keys(cross):
    keys = []
    for key in cross.keys:
        keys.extend(leaf_keys(key) if isinstance(key, CrossedColumn) else [key])
    return keys


class CrossedColumn(CategoricalColumn, collections.namedtuple(
        "CrossedColumn", ("keys", "hash_bucket_size", "hash_key"))):
    __repr__ = FeatureColumn.__repr__

    @property
    def name(self):
        return "_X_".join(sorted(k.name if isinstance(k, FeatureColumn) else k for k in leaf_keys(self)))

    @property
    def _parse_example_spec(self):
        spec = {}
        for key in self.keys:
            if isinstance(key, FeatureColumn):
                spec.update(key._parse_example_spec)
            else:
                spec[key] = _tf().VarLenFeature(dtypes.string)
        return spec

    def _transform_feature(self, inputs):
        tensors = []
        for key in leaf_keys(self):
            if isinstance(key, str):
                tensors.append(inputs.get(key))
            elif isinstance(key, CategoricalColumn):
                pair = key._get_sparse_tensors(inputs)
                if pair.weight_tensor is not None:
                    raise ValueError("crossed_column does not support weight_tensor, but the given column populates "
                                     f"weight_tensor. Given column: {key.name}")
                tensors.append(pair.id_tensor)
            else:
                raise ValueError(f"Unsupported column type. Given: {key}")
        return _tf().sparse.cross_hashed(inputs=tensors, num_buckets=self.hash_bucket_size, hash_key=self.hash_key)

    @property
    def _num_buckets(self):
        return self.hash_bucket_size


# ---- dense wrappers of categorical columns -----------------------------------------------------------------------

class IndicatorColumn(DenseColumn, collections.namedtuple("IndicatorColumn", ("categorical_column",))):
    __repr__ = FeatureColumn.__repr__

    @property
    def name(self):
        return f"{self.categorical_column.name}_indicator"

    @property
    def _parse_example_spec(self):
        return self.categorical_column._parse_example_spec

    @property
    def _variable_shape(self):
        return TensorShape([1, self.categorical_column._num_buckets])

    def _transform_feature(self, inputs):
        tf = _tf()
        pair = self.categorical_column._get_sparse_tensors(inputs)
        size = self.categorical_column._num_buckets
        if pair.weight_tensor is not None:
            merged = tf.sparse_merge(sp_ids=pair.id_tensor, sp_values=pair.weight_tensor, vocab_size=int(size))
            merged = tf.sparse_slice(merged, [0, 0], merged.dense_shape)
            return tf.scatter_nd(merged.indices, merged.values, merged.dense_shape)
        dense_ids = tf.sparse_tensor_to_dense(pair.id_tensor, default_value=-1)
        return tf.reduce_sum(tf.one_hot(dense_ids, depth=size, on_value=1.0, off_value=0.0), axis=[-2])

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        return inputs.get(self)


def _embedding_lookup(column, pair, weights):
    tf = _tf()
    return tf.nn.safe_embedding_lookup_sparse(weights, pair.id_tensor, pair.weight_tensor, combiner=column.combiner,
                                              name=f"{column.name}_weights", max_norm=column.max_norm)


def _restore_from_checkpoint(column, weights):
    if column.ckpt_to_load_from is not None:
        _tf().train.init_from_checkpoint(column.ckpt_to_load_from, {column.tensor_name_in_ckpt: weights})


class _EmbeddingColumnBase(DenseColumn):
    """What embedding_column and shared_embedding_columns share: the categorical input, a vector of `dimension`."""

    @property
    def _parse_example_spec(self):
        return self.categorical_column._parse_example_spec

    def _transform_feature(self, inputs):
        return inputs.get(self.categorical_column)

    @property
    def _variable_shape(self):
        return TensorShape([self.dimension])


class EmbeddingColumn(_EmbeddingColumnBase, collections.namedtuple(
        "EmbeddingColumn", ("categorical_column", "dimension", "combiner", "initializer", "ckpt_to_load_from",
                            "tensor_name_in_ckpt", "max_norm", "trainable", "use_safe_embedding_lookup"))):
    __repr__ = FeatureColumn.__repr__

    @property
    def name(self):
        return f"{self.categorical_column.name}_embedding"

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        tf = _tf()
        pair = self.categorical_column._get_sparse_tensors(inputs, weight_collections, trainable)
        if weight_collections and tf.GraphKeys.GLOBAL_VARIABLES not in weight_collections:
            weight_collections.append(tf.GraphKeys.GLOBAL_VARIABLES)
        weights = tf.get_variable(
            name="embedding_weights", shape=(self.categorical_column._num_buckets, self.dimension),
            dtype=dtypes.float32, initializer=self.initializer, trainable=self.trainable and trainable,
            collections=weight_collections)
        _restore_from_checkpoint(self, weights)
        return _embedding_lookup(self, pair, weights)


class SharedEmbeddingColumn(_EmbeddingColumnBase, collections.namedtuple(
        "_SharedEmbeddingColumn",
        ("categorical_column", "dimension", "combiner", "initializer", "shared_embedding_collection_name",
         "ckpt_to_load_from", "tensor_name_in_ckpt", "max_norm", "trainable", "use_safe_embedding_lookup"))):
    __repr__ = FeatureColumn.__repr__

    @property
    def name(self):
        return f"{self.categorical_column.name}_shared_embedding"

    @property
    def _var_scope_name(self):
        return self.shared_embedding_collection_name

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        tf = _tf()
        with tf.name_scope(None, default_name=self.name):
            pair = self.categorical_column._get_sparse_tensors(inputs, weight_collections, trainable)
            shape = (self.categorical_column._num_buckets, self.dimension)
            shared = tf.get_collection(self.shared_embedding_collection_name)
            if shared:
                if len(shared) > 1:
                    raise ValueError(f"Collection {shared} can only contain one variable. Suggested fix A: Choose a "
                                     "unique name for this collection. Suggested fix B: Do not add any variables to "
                                     "this collection. The feature_column library already adds a variable under the "
                                     "hood.")
                weights = shared[0]
                if weights.get_shape() != shape:
                    raise ValueError(f"Shared embedding collection {self.shared_embedding_collection_name} contains "
                                     f"variable {weights.name} of unexpected shape {weights.get_shape()}. Expected "
                                     f"shape is {shape}.")
            else:
                weights = tf.get_variable(name="embedding_weights", shape=shape, dtype=dtypes.float32,
                                          initializer=self.initializer, trainable=self.trainable and trainable,
                                          collections=weight_collections)
                tf.add_to_collection(self.shared_embedding_collection_name, weights)
            _restore_from_checkpoint(self, weights)
            return _embedding_lookup(self, pair, weights)


def default_embedding_initializer(dimension):
    return _tf().truncated_normal_initializer(mean=0.0, stddev=1 / math.sqrt(dimension))
