"""The rest of TF1's `tf.metrics` built on the streaming mean and the confusion counts at thresholds
(metrics.py): root_mean_squared_error, mean_tensor, percentage_below, mean_relative_error,
mean_cosine_distance, mean_per_class_accuracy, {true,false}_{positives,negatives}_at_thresholds,
precision/recall_at_thresholds, sensitivity_at_specificity and specificity_at_sensitivity, with TF's
variable names (`<scope>/true_positives`, ...) and values."""

from __future__ import annotations

from .framework import dtypes
from .framework.api import tf_export
from .layers.base import op
from .metrics import (_add_to, _broadcast_weights, _confusion_at_thresholds, _squeeze_for_metric, mean,
                      mean_squared_error, metric_variable)
from .ops.constant import convert_to_tensor
from .variable_scope import variable_scope


@tf_export("metrics.root_mean_squared_error")
def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                            name=None):
    """The square root of the streaming mean squared error."""
    predictions, labels, weights = _squeeze_for_metric(predictions, convert_to_tensor(labels), weights)
    mse, update_mse = mean_squared_error(labels, predictions, weights, None, None, name or "root_mean_squared_error")
    rmse = op("sqrt")(mse)
    _add_to(metrics_collections, rmse)
    update_op = op("sqrt")(update_mse)
    _add_to(updates_collections, update_op)
    return rmse, update_op


@tf_export("metrics.mean_tensor")
def mean_tensor(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The element-wise streaming mean of `values` (variables `mean/total_tensor`, `mean/count_tensor`)."""
    with variable_scope(name, "mean"):
        values = op("cast")(values, dtypes.float32)
        if not values.shape.is_fully_defined():
            raise ValueError(f"Cannot convert a partially known TensorShape {values.shape} to a Tensor.")
        total = metric_variable(values.shape, dtypes.float32, name="total_tensor")
        count = metric_variable(values.shape, dtypes.float32, name="count_tensor")
        num_values = op("ones_like")(values)
        if weights is not None:
            values, _, weights = _squeeze_for_metric(values, None, weights)
            weights = _broadcast_weights(weights, values)
            values = op("multiply")(values, weights)
            num_values = op("multiply")(num_values, weights)
        update_total = op("assign_add")(total, values)
        from .framework.graph import get_default_graph

        with get_default_graph().control_dependencies([values]):
            update_count = op("assign_add")(count, num_values)
        value = op("div_no_nan")(total, op("maximum")(count, 0.0), name="value")
        _add_to(metrics_collections, value)
        update_op = op("div_no_nan")(update_total, op("maximum")(update_count, 0.0), name="update_op")
        _add_to(updates_collections, update_op)
        return value, update_op


@tf_export("metrics.percentage_below")
def percentage_below(values, threshold, weights=None, metrics_collections=None, updates_collections=None,
                     name=None):
    """The streaming fraction of `values` below `threshold`."""
    below = op("cast")(op("less")(values, threshold), dtypes.float32)
    return mean(below, weights, metrics_collections, updates_collections, name or "percentage_below_threshold")


@tf_export("metrics.mean_relative_error")
def mean_relative_error(labels, predictions, normalizer, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    """The streaming mean of |labels - predictions| / normalizer (0 where the normalizer is 0)."""
    from .ops.segment import remove_squeezable_dimensions

    predictions, labels, weights = _squeeze_for_metric(predictions, convert_to_tensor(labels), weights)
    predictions, normalizer = remove_squeezable_dimensions(predictions, convert_to_tensor(normalizer))
    predictions.shape.assert_is_compatible_with(normalizer.shape)
    relative = op("where")(op("equal")(normalizer, 0.0), op("zeros_like")(labels),
                           op("divide")(op("abs")(labels - predictions), normalizer))
    return mean(relative, weights, metrics_collections, updates_collections, name or "mean_relative_error")


@tf_export("metrics.mean_cosine_distance")
def mean_cosine_distance(labels, predictions, dim, weights=None, metrics_collections=None, updates_collections=None,
                         name=None):
    """1 - the streaming mean of sum(labels * predictions) along `dim` (unit vectors expected)."""
    predictions, labels, weights = _squeeze_for_metric(predictions, convert_to_tensor(labels), weights)
    radial = op("reduce_sum")(op("multiply")(predictions, labels), axis=[dim], keepdims=True)
    mean_distance, update_op = mean(radial, weights, None, None, name or "mean_cosine_distance")
    mean_distance = op("subtract")(1.0, mean_distance)
    update_op = op("subtract")(1.0, update_op)
    _add_to(metrics_collections, mean_distance)
    _add_to(updates_collections, update_op)
    return mean_distance, update_op


@tf_export("metrics.mean_per_class_accuracy")
def mean_per_class_accuracy(labels, predictions, num_classes, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """The mean over classes of the streaming accuracy per true class; the update op gives the per-class
    accuracies (as TF's)."""
    with variable_scope(name, "mean_accuracy"):
        labels = op("cast")(labels, dtypes.int64)
        predictions = convert_to_tensor(predictions)
        if labels.shape.ndims > 1:
            labels = op("reshape")(labels, [-1])
        if predictions.shape.ndims > 1:
            predictions = op("reshape")(predictions, [-1])
        predictions.shape.assert_is_compatible_with(labels.shape)
        total = metric_variable([num_classes], dtypes.float32, name="total")
        count = metric_variable([num_classes], dtypes.float32, name="count")
        ones = op("ones")(op("reshape")(op("size")(labels), [1]), dtypes.float32)
        if labels.dtype.base_dtype is not predictions.dtype.base_dtype:
            predictions = op("cast")(predictions, labels.dtype.base_dtype)
        is_correct = op("cast")(op("equal")(predictions, labels), dtypes.float32)
        if weights is not None:
            weights = convert_to_tensor(weights)
            if weights.shape.ndims > 1:
                weights = op("reshape")(weights, [-1])
            weights = op("cast")(weights, dtypes.float32)
            is_correct = is_correct * weights
            ones = ones * weights
        update_total = op("scatter_add")(total, labels, ones)
        update_count = op("scatter_add")(count, labels, is_correct)
        per_class = op("div_no_nan")(count, op("maximum")(total, 0.0))
        value = op("reduce_mean")(per_class, name="mean_accuracy")
        _add_to(metrics_collections, value)
        update_op = op("div_no_nan")(update_count, op("maximum")(update_total, 0.0), name="update_op")
        _add_to(updates_collections, update_op)
        return value, update_op


def _count_at_thresholds(key, default_name):
    def fn(labels, predictions, thresholds, weights=None, metrics_collections=None, updates_collections=None,
           name=None):
        with variable_scope(name, default_name):
            values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights, includes=(key,))
            value = op("identity")(values[key])
            _add_to(metrics_collections, value)
            _add_to(updates_collections, updates[key])
            return value, updates[key]

    fn.__name__ = fn.__qualname__ = f"{default_name}_at_thresholds"
    fn.__doc__ = f"The streaming weighted count of {default_name.replace('_', ' ')} at each threshold."
    return tf_export(f"metrics.{default_name}_at_thresholds")(fn)


true_positives_at_thresholds = _count_at_thresholds("tp", "true_positives")
false_positives_at_thresholds = _count_at_thresholds("fp", "false_positives")
true_negatives_at_thresholds = _count_at_thresholds("tn", "true_negatives")
false_negatives_at_thresholds = _count_at_thresholds("fn", "false_negatives")


def _rate_at_thresholds(default_name, other, doc):
    def fn(labels, predictions, thresholds, weights=None, metrics_collections=None, updates_collections=None,
           name=None):
        with variable_scope(name, f"{default_name}_at_thresholds"):
            values, updates = _confusion_at_thresholds(labels, predictions, thresholds, weights,
                                                       includes=("tp", other))
            epsilon = 1e-7

            def compute(tp, denominator_other, suffix):
                return op("divide")(tp, epsilon + tp + denominator_other, name=f"{default_name}_{suffix}")

            value = compute(values["tp"], values[other], "value")
            _add_to(metrics_collections, value)
            update_op = compute(updates["tp"], updates[other], "update_op")
            _add_to(updates_collections, update_op)
            return value, update_op

    fn.__name__ = fn.__qualname__ = f"{default_name}_at_thresholds"
    fn.__doc__ = doc
    return tf_export(f"metrics.{default_name}_at_thresholds")(fn)


precision_at_thresholds = _rate_at_thresholds("precision", "fp", "The streaming precision at each threshold.")
recall_at_thresholds = _rate_at_thresholds("recall", "fn", "The streaming recall at each threshold.")


def _thresholds(num_thresholds):
    kepsilon = 1e-7
    inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0 - kepsilon] + inner + [1.0 + kepsilon]


@tf_export("metrics.sensitivity_at_specificity")
def sensitivity_at_specificity(labels, predictions, specificity, weights=None, num_thresholds=200,
                               metrics_collections=None, updates_collections=None, name=None):
    """The sensitivity at the threshold whose specificity is closest to `specificity`."""
    if specificity < 0 or specificity > 1:
        raise ValueError(f"`specificity` must be in the range [0, 1]. Currently, `specificity` got {specificity}.")
    with variable_scope(name, "sensitivity_at_specificity"):
        kepsilon = 1e-7
        values, updates = _confusion_at_thresholds(labels, predictions, _thresholds(num_thresholds), weights)

        def compute(v, name_):
            specificities = op("divide")(v["tn"], v["tn"] + v["fp"] + kepsilon)
            index = op("cast")(op("argmin")(op("abs")(specificities - specificity), 0), dtypes.int32)
            return op("divide")(v["tp"][index], v["tp"][index] + v["fn"][index] + kepsilon, name=name_)

        value = compute(values, "value")
        _add_to(metrics_collections, value)
        update_op = compute(updates, "update_op")
        _add_to(updates_collections, update_op)
        return value, update_op


@tf_export("metrics.specificity_at_sensitivity")
def specificity_at_sensitivity(labels, predictions, sensitivity, weights=None, num_thresholds=200,
                               metrics_collections=None, updates_collections=None, name=None):
    """The specificity at the last threshold whose sensitivity is closest to `sensitivity`."""
    if sensitivity < 0 or sensitivity > 1:
        raise ValueError(f"`sensitivity` must be in the range [0, 1]. Currently, `sensitivity` got {sensitivity}.")
    with variable_scope(name, "specificity_at_sensitivity"):
        kepsilon = 1e-7
        values, updates = _confusion_at_thresholds(labels, predictions, _thresholds(num_thresholds), weights)

        def compute(v, name_):
            sensitivities = op("divide")(v["tp"], v["tp"] + v["fn"] + kepsilon)
            distance = op("abs")(sensitivities - sensitivity)
            at_min = op("cast")(op("equal")(distance, op("reduce_min")(distance)), dtypes.int64)
            index = op("cast")(op("argmax")(op("cumsum")(at_min), 0), dtypes.int32)
            return op("divide")(v["tn"][index], v["tn"][index] + v["fp"][index] + kepsilon, name=name_)

        value = compute(values, "value")
        _add_to(metrics_collections, value)
        update_op = compute(updates, "update_op")
        _add_to(updates_collections, update_op)
        return value, update_op
