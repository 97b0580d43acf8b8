"""`tf.metrics` (TF1): streaming metrics.

Each metric returns `(value, update_op)`. Its accumulators are local variables (collections
LOCAL_VARIABLES and METRIC_VARIABLES, named `<metric scope>/total`, `/count`, ...), so running
`tf.local_variables_initializer()` resets it; each run of `update_op` folds one batch into them
and returns the updated metric, and `value` reads the metric without changing anything.
"""

from __future__ import annotations

from .framework import dtypes
from .framework.api import tf_export
from .framework.graph import GraphKeys, get_default_graph
from .layers.base import op
from .ops.constant import constant, convert_to_tensor
from .ops.segment import remove_squeezable_dimensions
from .variable_scope import variable_scope
from .variables import Variable


def metric_variable(shape, dtype, validate_shape=True, name=None) -> Variable:
    """A zero-initialized, non-trainable local variable in LOCAL_VARIABLES and METRIC_VARIABLES."""
    dtype = dtypes.as_dtype(dtype)
    return Variable(lambda: op("zeros")(shape, dtype), trainable=False,
                    collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
                    validate_shape=validate_shape, name=name)


def _add_to(collections, value):
    if collections:
        get_default_graph().add_to_collections(collections, value)


def _squeeze_for_metric(predictions, labels, weights):
    """TF's `_remove_squeezable_dimensions` of metrics_impl (static ranks)."""
    predictions = convert_to_tensor(predictions)
    if labels is not None:
        labels, predictions = remove_squeezable_dimensions(labels, predictions)
        predictions.shape.assert_is_compatible_with(labels.shape)
    if weights is None:
        return predictions, labels, None
    weights = convert_to_tensor(weights)
    w_rank, p_rank = weights.shape.ndims, predictions.shape.ndims
    if w_rank == 0:
        return predictions, labels, weights
    if p_rank is not None and w_rank is not None:
        if w_rank - p_rank == 1:
            weights = op("squeeze")(weights, [-1])
        elif p_rank - w_rank == 1:
            weights = op("expand_dims")(weights, -1)
    return predictions, labels, weights


def _broadcast_weights(weights, values):
    weights = op("cast")(weights, dtypes.float32)
    if weights.shape.is_fully_defined() and values.shape.is_fully_defined() and \
            weights.shape.as_list() == values.shape.as_list():
        return weights
    return op("multiply")(weights, op("ones_like")(values))


@tf_export("metrics.mean")
def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """Streaming (weighted) mean: `total / count` with variables `mean/total` and `mean/count`."""
    with variable_scope(name, "mean"):
        values = op("cast")(values, dtypes.float32)
        total = metric_variable([], dtypes.float32, name="total")
        count = metric_variable([], dtypes.float32, name="count")
        if weights is None:
            num_values = op("cast")(op("size")(values), dtypes.float32)
        else:
            values, _, weights = _squeeze_for_metric(values, None, weights)
            weights = _broadcast_weights(weights, values)
            values = op("multiply")(values, weights)
            num_values = op("reduce_sum")(weights)
        update_total = op("assign_add")(total, op("reduce_sum")(values))
        with get_default_graph().control_dependencies([values]):
            update_count = op("assign_add")(count, num_values)
        value = op("div_no_nan")(total, op("maximum")(count, 0.0), name="value")
        _add_to(metrics_collections, value)
        update_op = op("div_no_nan")(update_total, op("maximum")(update_count, 0.0), name="update_op")
        _add_to(updates_collections, update_op)
        return value, update_op


@tf_export("metrics.accuracy")
def accuracy(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """Streaming fraction of `predictions == labels` (variables `accuracy/total`, `accuracy/count`)."""
    predictions, labels, weights = _squeeze_for_metric(predictions, convert_to_tensor(labels), weights)
    predictions.shape.assert_is_compatible_with(labels.shape)
    if labels.dtype.base_dtype is not predictions.dtype.base_dtype:
        predictions = op("cast")(predictions, labels.dtype.base_dtype)
    is_correct = op("cast")(op("equal")(predictions, labels), dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


@tf_export("metrics.mean_squared_error")
def mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                       name=None):
    """Streaming mean of (labels - predictions)^2."""
    predictions, labels, weights = _squeeze_for_metric(predictions, convert_to_tensor(labels), weights)
    squared_error = op("squared_difference")(labels, predictions)
    return mean(squared_error, weights, metrics_collections, updates_collections, name or "mean_squared_error")


@tf_export("metrics.mean_absolute_error")
def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                        name=None):
    """Streaming mean of |predictions - labels|."""
    predictions, labels, weights = _squeeze_for_metric(predictions, convert_to_tensor(labels), weights)
    absolute_errors = op("abs")(predictions - labels)
    return mean(absolute_errors, weights, metrics_collections, updates_collections, name or "mean_absolute_error")


def _bool_inputs(labels, predictions, weights):
    return _squeeze_for_metric(op("cast")(predictions, dtypes.bool), op("cast")(labels, dtypes.bool), weights)


def _count_condition(values, weights=None, metrics_collections=None, updates_collections=None):
    count = metric_variable([], dtypes.float32, name="count")
    values = op("cast")(values, dtypes.float32)
    if weights is not None:
        weights = op("cast")(weights, dtypes.float32)
        values = op("multiply")(values, weights)
    value = op("identity")(count)
    _add_to(metrics_collections, value)
    update_op = op("assign_add")(count, op("reduce_sum")(values))
    _add_to(updates_collections, update_op)
    return value, update_op


def _condition_counter(default_name, label_value, prediction_value, doc):
    def counter(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
        with variable_scope(name, default_name):
            predictions, labels, weights = _bool_inputs(labels, predictions, weights)
            is_condition = op("logical_and")(op("equal")(labels, label_value),
                                             op("equal")(predictions, prediction_value))
            return _count_condition(is_condition, weights, metrics_collections, updates_collections)

    counter.__name__ = counter.__qualname__ = default_name
    counter.__doc__ = doc
    return tf_export(f"metrics.{default_name}")(counter)


true_positives = _condition_counter("true_positives", True, True, "Streaming (weighted) count of true positives.")
false_positives = _condition_counter("false_positives", False, True, "Streaming count of false positives.")
false_negatives = _condition_counter("false_negatives", True, False, "Streaming count of false negatives.")
true_negatives = _condition_counter("true_negatives", False, False, "Streaming count of true negatives.")


def _ratio(numerator, other, name):
    """numerator / (numerator + other), 0 when the sum is 0."""
    total = numerator + other
    return op("where")(op("greater")(total, 0.0), op("divide")(numerator, total), op("zeros_like")(total), name=name)


def _ratio_metric(default_name, other_counter, labels, predictions, weights, metrics_collections,
                  updates_collections, name):
    with variable_scope(name, default_name):
        predictions, labels, weights = _bool_inputs(labels, predictions, weights)
        tp, tp_update = true_positives(labels, predictions, weights)
        other, other_update = other_counter(labels, predictions, weights)
        value = _ratio(tp, other, "value")
        _add_to(metrics_collections, value)
        update_op = _ratio(tp_update, other_update, "update_op")
        _add_to(updates_collections, update_op)
        return value, update_op


@tf_export("metrics.precision")
def precision(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """Streaming tp / (tp + fp) (variables `precision/true_positives/count`, `.../false_positives/count`)."""
    return _ratio_metric("precision", false_positives, labels, predictions, weights, metrics_collections,
                         updates_collections, name)


@tf_export("metrics.recall")
def recall(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """Streaming tp / (tp + fn)."""
    return _ratio_metric("recall", false_negatives, labels, predictions, weights, metrics_collections,
                         updates_collections, name)


def _confusion_at_thresholds(labels, predictions, thresholds, weights=None, includes=("tp", "fn", "tn", "fp")):
    predictions, labels, weights = _squeeze_for_metric(op("cast")(predictions, dtypes.float32),
                                                       op("cast")(labels, dtypes.bool), weights)
    n = len(thresholds)
    predictions_2d = op("reshape")(predictions, [-1, 1])
    labels_2d = op("reshape")(op("cast")(labels, dtypes.bool), [1, -1])
    num_predictions = predictions_2d.shape.as_list()[0]
    if num_predictions is None:
        num_predictions = op("shape")(predictions_2d)[0]
    thresh_tiled = op("tile")(op("expand_dims")(constant(thresholds, dtype=dtypes.float32), 1),
                              op("stack")([1, num_predictions]))
    pred_is_pos = op("greater")(op("tile")(op("transpose")(predictions_2d), [n, 1]), thresh_tiled)
    pred_is_neg = op("logical_not")(pred_is_pos)
    label_is_pos = op("tile")(labels_2d, [n, 1])
    label_is_neg = op("logical_not")(label_is_pos)
    weights_tiled = None
    if weights is not None:
        weights = _broadcast_weights(weights, predictions)
        weights_tiled = op("tile")(op("reshape")(weights, [1, -1]), [n, 1])
    values, updates = {}, {}
    for key, name, lab, pred in (("tp", "true_positives", label_is_pos, pred_is_pos),
                                 ("fn", "false_negatives", label_is_pos, pred_is_neg),
                                 ("tn", "true_negatives", label_is_neg, pred_is_neg),
                                 ("fp", "false_positives", label_is_neg, pred_is_pos)):
        if key not in includes:
            continue
        var = metric_variable([n], dtypes.float32, name=name)
        hits = op("cast")(op("logical_and")(lab, pred), dtypes.float32)
        if weights_tiled is not None:
            hits = hits * weights_tiled
        updates[key] = op("assign_add")(var, op("reduce_sum")(hits, 1))
        values[key] = var
    return values, updates


@tf_export("metrics.auc")
def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None, updates_collections=None,
        curve="ROC", name=None, summation_method="trapezoidal", thresholds=None):
    """Streaming area under the ROC (or PR) curve, from confusion counts at `num_thresholds`
    thresholds spread over [0, 1] (Riemann sum, trapezoidal by default)."""
    with variable_scope(name, "auc"):
        if curve not in ("ROC", "PR"):
            raise ValueError(f"Curve must be either ROC or PR. Curve {curve} is unknown.")
        kepsilon = 1e-7
        if thresholds is not None:
            thresholds = sorted(thresholds)
            num_thresholds = len(thresholds) + 2
            thresholds = [0.0 - kepsilon] + list(thresholds) + [1.0 + kepsilon]
        else:
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            thresholds = [0.0 - kepsilon] + thresholds + [1.0 + kepsilon]
        values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights)
        epsilon = 1.0e-6

        def compute_auc(tp, fn, tn, fp, name):
            if curve == "PR" and summation_method == "careful_interpolation":
                raise NotImplementedError("auc: summation_method='careful_interpolation' is not supported yet")
            rec = op("divide")(tp + epsilon, tp + fn + epsilon)
            if curve == "ROC":
                x, y = op("divide")(fp, fp + tn + epsilon), rec
            else:
                x, y = rec, op("divide")(tp + epsilon, tp + fp + epsilon)
            dx = x[:num_thresholds - 1] - x[1:]
            if summation_method in ("trapezoidal", "careful_interpolation"):
                heights = (y[:num_thresholds - 1] + y[1:]) / 2.0
            elif summation_method == "minoring":
                heights = op("minimum")(y[:num_thresholds - 1], y[1:])
            elif summation_method == "majoring":
                heights = op("maximum")(y[:num_thresholds - 1], y[1:])
            else:
                raise ValueError(f"Invalid summation_method: {summation_method}")
            return op("reduce_sum")(op("multiply")(dx, heights), name=name)

        value = compute_auc(values["tp"], values["fn"], values["tn"], values["fp"], "value")
        _add_to(metrics_collections, value)
        update_op = compute_auc(updates["tp"], updates["fn"], updates["tn"], updates["fp"], "update_op")
        _add_to(updates_collections, update_op)
        return value, update_op


@tf_export("metrics.mean_iou")
def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None, updates_collections=None,
             name=None):
    """Streaming mean intersection-over-union over the classes seen; `update_op` returns the
    accumulated [num_classes, num_classes] float64 confusion matrix (as TF's does)."""
    with variable_scope(name, "mean_iou"):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        predictions.shape.assert_is_compatible_with(labels.shape)
        total_cm = metric_variable([num_classes, num_classes], dtypes.float64, name="total_confusion_matrix")
        predictions = op("cast")(predictions, dtypes.int64)
        labels = op("cast")(labels, dtypes.int64)
        classes = op("cast")(num_classes, dtypes.int64)
        if predictions.shape.ndims > 1:
            predictions = op("reshape")(predictions, [-1])
        if labels.shape.ndims > 1:
            labels = op("reshape")(labels, [-1])
        if weights is not None:
            weights = convert_to_tensor(weights)
            if weights.shape.ndims > 1:
                weights = op("reshape")(weights, [-1])
        current = op("confusion_matrix")(labels, predictions, classes, weights=weights, dtype=dtypes.float64)
        update_op = op("assign_add")(total_cm, current)

        sum_over_row = op("cast")(op("reduce_sum")(total_cm, 0), dtypes.float32)
        sum_over_col = op("cast")(op("reduce_sum")(total_cm, 1), dtypes.float32)
        cm_diag = op("cast")(op("diag_part")(total_cm), dtypes.float32)
        denominator = sum_over_row + sum_over_col - cm_diag
        num_valid = op("reduce_sum")(op("cast")(op("not_equal")(denominator, 0.0), dtypes.float32))
        denominator = op("where")(op("greater")(denominator, 0.0), denominator, op("ones_like")(denominator))
        iou = op("divide")(cm_diag, denominator)
        value = op("where")(op("greater")(num_valid, 0.0), op("reduce_sum")(iou, name="mean_iou") / num_valid, 0.0)
        _add_to(metrics_collections, value)
        _add_to(updates_collections, update_op)
        return value, update_op


from . import metrics_thresholds as _metrics_thresholds  # noqa: E402,F401 - the rest of tf.metrics
from . import metrics_at_k as _metrics_at_k  # noqa: E402,F401 - top-k metrics
