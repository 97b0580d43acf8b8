"""TF1's top-k streaming metrics: precision_at_k / recall_at_k (and their `_at_top_k` forms over given indices),
average_precision_at_k, and the deprecated sparse_precision_at_k / sparse_average_precision_at_k, built as TF's
metrics_impl builds them: set sizes of the intersections and differences of predicted and true classes,
float64 local variables named after their scopes (`precision_at_2/true_positive_at_2`,
`average_precision_at_3/max`, ...) and `update` ops that add a batch's counts."""

from __future__ import annotations

from .framework import dtypes
from .framework.api import tf_export
from .framework.graph import Tensor, get_default_graph
from .framework.sparse_tensor import SparseTensor, SparseTensorValue
from .layers.base import op
from .metrics import _add_to, metric_variable
from .ops import math as math_ops
from .ops.array import concat, expand_dims, fill, ones_like, rank, reshape, shape, size, zeros_like
from .ops.array_index import where_v2
from .ops.array_transform import tile
from .ops.constant import convert_to_tensor
from .ops.math_extra import cumsum
from .ops.reduction import reduce_max, reduce_sum, top_k
from .ops.sparse_ops import sparse_reshape, sparse_retain
from .ops.sparse_sets import set_difference, set_intersection, set_size
from .variables import assign_add


def _scope(name, default):
    return get_default_graph().name_scope(name or default)


def _at_k_name(name, k=None, class_id=None) -> str:
    name = f"{name}_at_{k}" if k is not None else f"{name}_at_k"
    return f"{name}_class{class_id}" if class_id is not None else name


def _tensor_or_sparse(value):
    if isinstance(value, SparseTensorValue):
        return SparseTensor.from_value(value)
    return value if isinstance(value, SparseTensor) else convert_to_tensor(value)


def _select_class_id(ids, selected_id):
    """Only the entries of `ids` equal to `selected_id`, as a SparseTensor."""
    ids = _tensor_or_sparse(ids)
    if isinstance(ids, SparseTensor):
        return sparse_retain(ids, math_ops.equal(ids.values, selected_id))
    ids_shape = shape(ids, out_type=dtypes.int64)
    filled_shape = concat([ids_shape[:-1], [1]], 0)
    filled = fill(filled_shape, math_ops.cast(selected_id, dtypes.int64))
    result = set_intersection(filled, ids)
    return SparseTensor(result.indices, result.values, ids_shape)


def _maybe_select_class_id(labels, predictions_idx, selected_id=None):
    if selected_id is None:
        return labels, predictions_idx
    return _select_class_id(labels, selected_id), _select_class_id(predictions_idx, selected_id)


def _maybe_expand_labels(labels, predictions):
    """Labels with a last dimension of 1 added when they have one dimension fewer than `predictions`."""
    with _scope(None, "expand_labels") as scope:
        labels = _tensor_or_sparse(labels)
        if isinstance(labels, SparseTensor):
            from .ops.functional import cond

            def expanded():
                return sparse_reshape(labels, shape=concat((labels.dense_shape, (1,)), 0), name=scope)

            labels_rank = labels.dense_shape.shape.as_list()[0] if labels.dense_shape.shape.ndims == 1 else None
            if predictions.shape.ndims is not None and labels_rank is not None:  # TF's cond, decided now
                return expanded() if predictions.shape.ndims == labels_rank + 1 else labels
            parts = cond(math_ops.equal(rank(predictions), size(labels.dense_shape) + 1),
                         lambda: _components(expanded()), lambda: _components(labels))
            return SparseTensor(*parts)
        labels_rank = labels.shape.ndims
        if labels_rank is not None:
            predictions_rank = predictions.shape.ndims
            if predictions_rank is not None:
                if predictions_rank == labels_rank:
                    return labels
                if predictions_rank == labels_rank + 1:
                    return expand_dims(labels, -1, name=scope)
                raise ValueError(f"Unexpected labels shape {labels.shape} for predictions shape "
                                 f"{predictions.shape}. Predictions rank should be the same rank as labels rank "
                                 "or labels rank plus one .")
        from .ops.functional import cond

        return cond(math_ops.equal(rank(predictions), rank(labels) + 1),
                    lambda: expand_dims(labels, -1, name=scope), lambda: labels)


def _components(sp):
    return sp.indices, sp.values, sp.dense_shape


def _weighted(count, weights):
    count = math_ops.cast(count, dtypes.float64)
    if weights is None:
        return count
    return math_ops.multiply(count, math_ops.cast(weights, dtypes.float64))


def _true_positive_at_k(labels, predictions_idx, class_id=None, weights=None, name=None):
    with _scope(name, "true_positives"):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        return _weighted(set_size(set_intersection(predictions_idx, labels)), weights)


def _false_negative_at_k(labels, predictions_idx, class_id=None, weights=None):
    with _scope(None, "false_negatives"):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        return _weighted(set_size(set_difference(predictions_idx, labels, aminusb=False)), weights)


def _false_positive_at_k(labels, predictions_idx, class_id=None, weights=None):
    with _scope(None, "false_positives"):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        return _weighted(set_size(set_difference(predictions_idx, labels, aminusb=True)), weights)


def _streaming_count(kind, counter, labels, predictions_idx, k, class_id, weights):
    """(variable, update): the running float64 total of `counter`'s per-example counts, TF's `<kind>_at_<k>`."""
    with _scope(None, _at_k_name(kind, k, class_id=class_id)) as scope:
        batch_total = math_ops.cast(reduce_sum(counter(labels, predictions_idx, class_id=class_id,
                                                       weights=weights)), dtypes.float64)
        var = metric_variable([], dtypes.float64, name=scope)
        return var, assign_add(var, batch_total, name="update")


def _ratio_at_top_k(kind, other_kind, other_counter, labels, predictions_idx, k, class_id, weights,
                    metrics_collections, updates_collections, name):
    with _scope(name, _at_k_name(kind, k, class_id=class_id)) as scope:
        labels = _maybe_expand_labels(labels, predictions_idx)
        top_k_idx = math_ops.cast(predictions_idx, dtypes.int64)
        tp, tp_update = _streaming_count("true_positive", _true_positive_at_k, labels, top_k_idx, k, class_id,
                                         weights)
        other, other_update = _streaming_count(other_kind, other_counter, labels, top_k_idx, k, class_id, weights)
        metric = math_ops.divide(tp, math_ops.add(tp, other), name=scope)
        _add_to(metrics_collections, metric)
        update = math_ops.divide(tp_update, math_ops.add(tp_update, other_update), name="update")
        _add_to(updates_collections, update)
        return metric, update


@tf_export("metrics.recall_at_top_k")
def recall_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    """Streaming recall of the given top-k class indices: true positives / (true positives + false negatives)."""
    return _ratio_at_top_k("recall", "false_negative", _false_negative_at_k, labels, predictions_idx, k, class_id,
                           weights, metrics_collections, updates_collections, name)


@tf_export("metrics.precision_at_top_k")
def precision_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    """Streaming precision of the given top-k class indices: true positives / (true positives + false positives)."""
    return _ratio_at_top_k("precision", "false_positive", _false_positive_at_k, labels, predictions_idx, k, class_id,
                           weights, metrics_collections, updates_collections, name)


@tf_export("metrics.recall_at_k")
def recall_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                updates_collections=None, name=None):
    """Streaming recall of the k highest-scoring classes of `predictions` against class-id `labels`."""
    with _scope(name, _at_k_name("recall", k, class_id=class_id)) as scope:
        _, top_k_idx = top_k(predictions, k)
        return recall_at_top_k(labels, top_k_idx, k=k, class_id=class_id, weights=weights,
                               metrics_collections=metrics_collections, updates_collections=updates_collections,
                               name=scope)


@tf_export("metrics.precision_at_k")
def precision_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    """Streaming precision of the k highest-scoring classes of `predictions` against class-id `labels`."""
    with _scope(name, _at_k_name("precision", k, class_id=class_id)) as scope:
        _, top_k_idx = top_k(predictions, k)
        return precision_at_top_k(labels, top_k_idx, k=k, class_id=class_id, weights=weights,
                                  metrics_collections=metrics_collections, updates_collections=updates_collections,
                                  name=scope)


@tf_export("metrics.sparse_precision_at_k")
def sparse_precision_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                          updates_collections=None, name=None):
    """Deprecated name of precision_at_k."""
    return precision_at_k(labels, predictions, k, class_id=class_id, weights=weights,
                          metrics_collections=metrics_collections, updates_collections=updates_collections, name=name)


def _expand_and_tile(tensor, multiple, dim=0, name=None):
    """`tensor` with a new dimension at `dim` repeated `multiple` times (dense tensors and SparseTensors)."""
    if multiple < 1:
        raise ValueError(f"Invalid argument multiple={multiple} for expand_and_tile  call. `multiple` must be an "
                         "integer > 0")
    with _scope(name, "expand_and_tile") as scope:
        tensor = _tensor_or_sparse(tensor)
        if isinstance(tensor, SparseTensor):
            from .ops.array_transform import slice as slice_op
            from .ops.sparse_slicing import sparse_concat

            at = reshape(size(tensor.dense_shape) + dim, [1]) if dim < 0 else [dim]
            expanded_shape = concat((slice_op(tensor.dense_shape, [0], at), [1],
                                     slice_op(tensor.dense_shape, at, [-1])), 0, name="expanded_shape")
            expanded = sparse_reshape(tensor, shape=expanded_shape, name="expand")
            if multiple == 1:
                return expanded
            return sparse_concat(dim - 1 if dim < 0 else dim, [expanded] * multiple, name=scope)
        expanded = expand_dims(tensor, dim if dim >= 0 else dim - 1, name="expand")
        if multiple == 1:
            return expanded
        ones = ones_like(shape(tensor))
        multiples = concat((ones[:dim], (multiple,), ones[dim:]), 0, name="multiples")
        return tile(expanded, multiples, name=scope)


def _num_relevant(labels, k):
    if k < 1:
        raise ValueError(f"Invalid k={k}")
    with _scope(None, "num_relevant") as scope:
        labels = _tensor_or_sparse(labels)
        if isinstance(labels, SparseTensor):
            return math_ops.minimum(set_size(labels), k, name=scope)
        num_labels = reduce_sum(where_v2(math_ops.greater_equal(labels, 0), ones_like(labels), zeros_like(labels)),
                                axis=-1)
        return math_ops.minimum(num_labels, k, name=scope)


def _average_precision_at_top_k(labels, predictions_idx) -> Tensor:
    with _scope(None, "average_precision") as scope:
        predictions_idx = math_ops.cast(predictions_idx, dtypes.int64, name="predictions_idx")
        if predictions_idx.shape.ndims == 0:
            raise ValueError("The rank of `predictions_idx` must be at least 1.")
        k = predictions_idx.shape.as_list()[-1]
        if k is None:
            raise ValueError("The last dimension of predictions_idx must be set. Currently, it is None.")
        labels = _maybe_expand_labels(labels, predictions_idx)
        predictions_idx_per_k = expand_dims(predictions_idx, -1, name="predictions_idx_per_k")
        labels_per_k = _expand_and_tile(labels, multiple=k, dim=-1, name="labels_per_k")
        relevant_per_k = _true_positive_at_k(labels_per_k, predictions_idx_per_k, name="relevant_per_k")
        tp_per_k = cumsum(relevant_per_k, axis=-1, name="tp_per_k")
        retrieved_per_k = cumsum(ones_like(relevant_per_k), axis=-1, name="retrieved_per_k")
        precision_per_k = math_ops.divide(math_ops.cast(tp_per_k, dtypes.float64),
                                          math_ops.cast(retrieved_per_k, dtypes.float64), name="precision_per_k")
        relevant_precision_per_k = math_ops.multiply(precision_per_k, math_ops.cast(relevant_per_k, dtypes.float64),
                                                     name="relevant_precision_per_k")
        precision_sum = reduce_sum(relevant_precision_per_k, axis=(-1,), name="precision_sum")
        num_relevant_items = math_ops.cast(_num_relevant(labels, k), dtypes.float64)
        return math_ops.divide(precision_sum, num_relevant_items, name=scope)


def _clean_out_of_range_indices(labels, num_classes):
    """Labels >= num_classes replaced by -1 (when there are any: a tf.cond, as in TF)."""
    from .ops.functional import cond

    def clean(values):
        return where_v2(math_ops.greater_equal(values, num_classes), -1 * ones_like(values), values)

    if isinstance(labels, (SparseTensor, SparseTensorValue)):
        labels = _tensor_or_sparse(labels)
        max_labels = reduce_max(labels.values)
        values = cond(math_ops.greater_equal(max_labels, num_classes), lambda: clean(labels.values),
                      lambda: labels.values)
        return SparseTensor(labels.indices, values, labels.dense_shape)
    labels = convert_to_tensor(labels)
    return cond(math_ops.greater_equal(reduce_max(labels), num_classes), lambda: clean(labels), lambda: labels)


@tf_export("metrics.average_precision_at_k")
def average_precision_at_k(labels, predictions, k, weights=None, metrics_collections=None, updates_collections=None,
                           name=None):
    """Streaming mean average precision of the k highest-scoring classes (variables `.../max` and `.../total`)."""
    if k < 1:
        raise ValueError(f"Invalid k={k}. `k` should be >= 1.")
    with _scope(name, _at_k_name("average_precision", k)) as scope:
        _, predictions_idx = top_k(predictions, k)
        labels = _clean_out_of_range_indices(labels, math_ops.cast(shape(predictions)[-1], dtypes.int64))
        return _streaming_sparse_average_precision_at_top_k(labels, predictions_idx, weights, metrics_collections,
                                                            updates_collections, scope)


@tf_export("metrics.sparse_average_precision_at_k")
def sparse_average_precision_at_k(labels, predictions, k, weights=None, metrics_collections=None,
                                  updates_collections=None, name=None):
    """Deprecated name of average_precision_at_k."""
    return average_precision_at_k(labels, predictions, k, weights=weights, metrics_collections=metrics_collections,
                                  updates_collections=updates_collections, name=name)


def _streaming_sparse_average_precision_at_top_k(labels, predictions_idx, weights=None, metrics_collections=None,
                                                 updates_collections=None, name=None):
    """TF's metrics_impl helper (tf-slim calls it): streaming mean average precision of given top-k indices."""
    from .compat.python_helpers import broadcast_weights

    div_no_nan = op("div_no_nan")

    with _scope(name, "average_precision_at_top_k") as scope:
        average_precision = _average_precision_at_top_k(labels, predictions_idx)
        if weights is not None:
            weights = broadcast_weights(math_ops.cast(weights, dtypes.float64), average_precision)
            average_precision = math_ops.multiply(average_precision, weights)
        with _scope(None, "max") as max_scope:
            max_var = metric_variable([], dtypes.float64, name=max_scope)
            if weights is None:
                batch_max = math_ops.cast(size(average_precision, name="batch_max"), dtypes.float64)
            else:
                batch_max = reduce_sum(weights, name="batch_max")
            max_update = assign_add(max_var, batch_max, name="update")
        with _scope(None, "total") as total_scope:
            total_var = metric_variable([], dtypes.float64, name=total_scope)
            batch_total = reduce_sum(average_precision, name="batch_total")
            total_update = assign_add(total_var, batch_total, name="update")
        mean_average_precision = div_no_nan(total_var, max_var, name="mean")
        _add_to(metrics_collections, mean_average_precision)
        update = div_no_nan(total_update, max_update, name=scope)
        _add_to(updates_collections, update)
        return mean_average_precision, update
