"""input_layer, linear_model and make_parse_example_spec: TF1's ways of turning a features dict and feature columns
into tensors, with TF's variable scopes (`input_layer/<column>/...`, `linear_model/<column>/weights`,
`linear_model/bias_weights`) and columns taken in name order."""

from __future__ import annotations

import collections.abc

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.sparse_tensor import SparseTensor
from . import columns as fc


def _tf():
    import sessionflow
    return sessionflow


class FeatureBuilder:
    """TF's _LazyBuilder: raw features by key (rank 1 expanded to [batch, 1]) and each column's transformation,
    made once per builder so a column used twice (bucketized alone and in a cross) builds one set of ops."""

    def __init__(self, features):
        self._features = dict(features)
        self._cache = {}

    def get(self, key):
        if key in self._cache:
            return self._cache[key]
        if isinstance(key, str):
            if key not in self._features:
                raise ValueError(f"Feature {key} is not in features dictionary.")
            value = self._raw(key)
        elif isinstance(key, fc.FeatureColumn):
            value = key._transform_feature(self)
            if value is None:
                raise ValueError(f"Column {key.name} is not supported.")
        else:
            raise TypeError(f'"key" must be either a "str" or "_FeatureColumn". Provided: {key}')
        self._cache[key] = value
        return value

    def _raw(self, key):
        tf = _tf()
        tensor = tf.convert_to_tensor_or_sparse_tensor(self._features[key])
        rank = tensor.get_shape().ndims
        if rank == 0:
            raise ValueError(f"Feature (key: {key}) cannot have rank 0. Given: {tensor}")
        if rank is None:
            return self._raw_unknown_rank(key, tensor)
        if rank != 1:
            return tensor
        if isinstance(tensor, SparseTensor):
            return tf.sparse_reshape(tensor, [_batch(tensor), 1])
        return tf.expand_dims(tensor, -1)

    @staticmethod
    def _raw_unknown_rank(key, tensor):
        """A feature whose rank is known only when it runs: rank 0 fails (TF's assertion), rank 1 gets a trailing
        1 appended to its shape (where TF takes a tf.cond, the same values)."""
        tf = _tf()
        sparse = isinstance(tensor, SparseTensor)
        shape = tensor.dense_shape if sparse else tf.shape(tensor)
        rank = tf.size(shape) if sparse else tf.rank(tensor)
        check = tf.assert_positive(rank, message=f"Feature (key: {key}) cannot have rank 0. Given: {tensor}")
        with tf.control_dependencies([check]):
            extra = tf.ones(tf.reshape(tf.maximum(2 - rank, 0), [1]), dtype=shape.dtype)
            new_shape = tf.concat([shape, extra], 0)
            if sparse:
                return tf.sparse_reshape(tensor, new_shape)
            return tf.reshape(tensor, new_shape)


def normalize_columns(feature_columns):
    if isinstance(feature_columns, fc.FeatureColumn):
        feature_columns = [feature_columns]
    if isinstance(feature_columns, collections.abc.Iterator):
        feature_columns = list(feature_columns)
    if isinstance(feature_columns, dict):
        raise ValueError("Expected feature_columns to be iterable, found dict.")
    for column in feature_columns:
        if not isinstance(column, fc.FeatureColumn):
            raise ValueError(f"Items of feature_columns must be a _FeatureColumn. Given (type {type(column)}): "
                             f"{column}.")
    if not feature_columns:
        raise ValueError("feature_columns must not be empty.")
    seen = {}
    for column in feature_columns:
        if column.name in seen:
            raise ValueError(f"Duplicate feature column name found for columns: {column} and {seen[column.name]}. "
                             "This usually means that these columns refer to same base feature. Either one must be "
                             "discarded or a duplicated but renamed item must be inserted in features dict.")
        seen[column.name] = column
    return list(feature_columns)


def _check_batch_sizes(tensors, columns):
    expected = None
    for tensor, column in zip(tensors, columns):
        size = tensor.shape[0] if tensor.shape.ndims else None
        size = getattr(size, "value", size)
        if size is None:
            continue
        if expected is None:
            expected = (size, column)
        elif expected[0] != size:
            raise ValueError("Batch size (first dimension) of each feature must be same. Batch size of columns "
                             f"({expected[1].name}, {column.name}): ({expected[0]}, {size})")


def _weight_collections(weight_collections):
    tf = _tf()
    collections_ = list(weight_collections or [])
    for key in (tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.MODEL_VARIABLES):
        if key not in collections_:
            collections_.append(key)
    return collections_


@tf_export("feature_column.input_layer")
def input_layer(features, feature_columns, weight_collections=None, trainable=True, cols_to_vars=None,
                cols_to_output_tensors=None):
    """The dense columns' tensors, each reshaped to [batch, elements], concatenated in column-name order."""
    tf = _tf()
    feature_columns = normalize_columns(feature_columns)
    for column in feature_columns:
        if not isinstance(column, fc.DenseColumn):
            raise ValueError("Items of feature_columns must be a _DenseColumn. You can wrap a categorical column with "
                             f"an embedding_column or indicator_column. Given: {column}")
    weight_collections = _weight_collections(weight_collections)
    with tf.variable_scope(None, default_name="input_layer", values=list(features.values())):
        builder = FeatureBuilder(features)
        outputs, ordered = [], []
        for column in sorted(feature_columns, key=lambda c: c.name):
            ordered.append(column)
            with tf.variable_scope(None, default_name=column._var_scope_name):
                tensor = column._get_dense_tensor(builder, weight_collections=weight_collections,
                                                  trainable=trainable)
                elements = column._variable_shape.num_elements()
                output = tf.reshape(tensor, shape=(tf.shape(tensor)[0], elements))
                outputs.append(output)
                if cols_to_vars is not None:
                    cols_to_vars[column] = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES,
                                                             scope=tf.get_variable_scope().name)
                if cols_to_output_tensors is not None:
                    cols_to_output_tensors[column] = output
        _check_batch_sizes(outputs, ordered)
        return tf.concat(outputs, 1)


def _batch(sparse):
    """tf.shape(sparse)[0] as TF computes it for a SparseTensor: its dense_shape cast to int32."""
    tf = _tf()
    return tf.cast(sparse.dense_shape, dtypes.int32)[0]


def _weighted_sum(column, builder, units, sparse_combiner, weight, weight_collections, trainable):
    tf = _tf()
    if isinstance(column, fc.CategoricalColumn):
        pair = column._get_sparse_tensors(builder)
        ids = tf.sparse_reshape(pair.id_tensor, [_batch(pair.id_tensor), -1])
        weights = pair.weight_tensor
        if weights is not None:
            weights = tf.sparse_reshape(weights, [_batch(weights), -1])
        return tf.nn.safe_embedding_lookup_sparse(weight, ids, sparse_weights=weights, combiner=sparse_combiner,
                                                  name="weighted_sum")
    tensor = column._get_dense_tensor(builder, weight_collections=weight_collections, trainable=trainable)
    tensor = tf.reshape(tensor, shape=(tf.shape(tensor)[0], column._variable_shape.num_elements()))
    return tf.matmul(tensor, weight, name="weighted_sum")


def _add_to_collections(var, weight_collections):
    tf = _tf()
    for key in weight_collections:
        if key != tf.GraphKeys.GLOBAL_VARIABLES:
            tf.add_to_collection(key, var)


@tf_export("feature_column.linear_model")
def linear_model(features, feature_columns, units=1, sparse_combiner="sum", weight_collections=None,
                 trainable=True, cols_to_vars=None):
    """sum over columns of (column's tensor x `<col>/weights`) + `bias_weights`, all zero-initialized, in
    `linear_model` (categorical columns: their ids' weight rows combined by `sparse_combiner`)."""
    tf = _tf()
    feature_columns = normalize_columns(feature_columns)
    weight_collections = _weight_collections(weight_collections)
    with tf.variable_scope(None, "linear_model") as vs:
        model_name = vs.name.rsplit("/", 1)[-1]
    # TF's layers take their scope names at construction, one per column, outside the model's scope.
    layers = []
    for column in sorted(feature_columns, key=lambda c: c.name):
        with tf.variable_scope(None, default_name=column._var_scope_name) as vs:
            layers.append((vs.name.rsplit("/", 1)[-1], column))
    for column in feature_columns:
        if not isinstance(column, (fc.DenseColumn, fc.CategoricalColumn)):
            raise ValueError("Items of feature_columns must be either a _DenseColumn or _CategoricalColumn. Given: "
                             f"{column}")
    found = {}
    # TF's model layer: its own name scope (`linear_model_1`), then its variable scope re-entered inside it.
    with tf.name_scope(model_name):
        with tf.variable_scope(model_name):
            builder = FeatureBuilder(features)
            sums, ordered = [], []
            for layer_name, column in sorted(layers, key=lambda pair: pair[0]):
                with tf.variable_scope(layer_name) as layer_scope:
                    if isinstance(column, fc.CategoricalColumn):
                        shape = (column._num_buckets, units)
                    else:
                        shape = [column._variable_shape.num_elements(), units]
                    weight = tf.get_variable("weights", shape=shape, initializer=tf.zeros_initializer(),
                                             trainable=trainable)
                    _add_to_collections(weight, weight_collections)
                    ordered.append(column)
                    sums.append(_weighted_sum(column, builder, units, sparse_combiner, weight, weight_collections,
                                              trainable))
                    found[column] = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope=layer_scope.name)
            _check_batch_sizes(sums, ordered)
            no_bias = tf.add_n(sums, name="weighted_sum_no_bias")
            bias = tf.get_variable("bias_weights", shape=[units], initializer=tf.zeros_initializer(),
                                   trainable=trainable)
            _add_to_collections(bias, weight_collections)
            found["bias"] = [bias]
            predictions = tf.nn.bias_add(no_bias, bias, name="weighted_sum")
    if cols_to_vars is not None:
        cols_to_vars.update(found)
    return predictions


@tf_export("feature_column.make_parse_example_spec")
def make_parse_example_spec(feature_columns):
    """The tf.parse_example `features` dict the columns need (keys clashing with different specs are an error)."""
    result = {}
    for column in feature_columns:
        if not isinstance(column, fc.FeatureColumn):
            raise ValueError(f"All feature_columns must be _FeatureColumn instances. Given: {column}")
        for key, value in column._parse_example_spec.items():
            if key in result and value != result[key]:
                raise ValueError(f"feature_columns contain different parse_spec for key {key}. Given {value} and "
                                 f"{result[key]}")
        result.update(column._parse_example_spec)
    return result

