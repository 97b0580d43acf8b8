"""`tf.losses` (TF1): weighted, reduced losses that also register themselves in a collection.

Every loss casts to float32, multiplies by `weights` (broadcast to the losses' shape), then
reduces as `reduction` says; the default `SUM_BY_NONZERO_WEIGHTS` is the weighted sum divided
by the number of nonzero weights (0 when there are none). The result is added to
`loss_collection` (`tf.GraphKeys.LOSSES`) so `tf.losses.get_total_loss()` finds it.
"""

from __future__ import annotations

import numbers

from .framework import dtypes
from .framework.api import tf_export
from .framework.graph import GraphKeys, get_default_graph
from .layers.base import op
from .ops.constant import constant, convert_to_tensor
from .ops.segment import remove_squeezable_dimensions


@tf_export("losses.Reduction")
class Reduction:
    """How a loss is reduced to a scalar (or not: `NONE`)."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Key should be one of {cls.all()}.")


def _ns(scope, default):
    return get_default_graph().name_scope(scope or default)


@tf_export("losses.add_loss")
def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    if loss_collection:
        get_default_graph().add_to_collection(loss_collection, loss)


@tf_export("losses.get_losses")
def get_losses(scope=None, loss_collection=GraphKeys.LOSSES) -> list:
    return get_default_graph().get_collection(loss_collection, scope)


@tf_export("losses.get_regularization_losses")
def get_regularization_losses(scope=None) -> list:
    return get_default_graph().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


@tf_export("losses.get_regularization_loss")
def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses (a constant 0.0 when there are none)."""
    losses = get_regularization_losses(scope)
    if losses:
        return op("add_n")(losses, name=name)
    return constant(0.0)


@tf_export("losses.get_total_loss")
def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """`add_n` of the LOSSES collection (plus the regularization losses); ValueError when empty."""
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    if not losses:
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and "
                         "shape.")
    return op("add_n")(losses, name=name)


def _check_broadcastable(weights, values):
    """TF's static `assert_broadcastable`: weights are a scalar, or of values' rank with each
    dimension 1 or equal."""
    w_shape, v_shape = weights.shape, values.shape
    if w_shape.ndims is None or v_shape.ndims is None:
        return
    if w_shape.ndims == 0:
        return
    ok = w_shape.ndims == v_shape.ndims
    if ok:
        for w, v in zip(w_shape.as_list(), v_shape.as_list()):
            if w is not None and w != 1 and v is not None and w != v:
                ok = False
    if not ok:
        raise ValueError(f"weights can not be broadcast to values. values.rank={v_shape.ndims}. "
                         f"weights.rank={w_shape.ndims}. values.shape={v_shape}. weights.shape={w_shape}. "
                         f"Received weights={weights}, values={values}")


def _num_elements(losses):
    with get_default_graph().name_scope("num_elements") as scope:
        return op("cast")(op("size")(losses, name=scope), losses.dtype)


def _num_present(losses, weights, per_batch=False):
    if isinstance(weights, float) and weights != 0.0:
        return _num_elements(losses)
    with get_default_graph().name_scope("num_present") as scope:
        weights = op("cast")(weights, dtypes.float32)
        present = op("where")(op("equal")(weights, 0.0), op("zeros_like")(weights), op("ones_like")(weights))
        present = op("multiply")(present, op("ones_like")(losses))
        return op("reduce_sum")(present, name=scope)


def _safe_mean(losses, num_present):
    total = op("reduce_sum")(losses)
    return op("div_no_nan")(total, num_present, name="value")


@tf_export("losses.compute_weighted_loss")
def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`losses * weights` reduced by `reduction`, cast back to the losses' dtype, and added to
    `loss_collection`."""
    Reduction.validate(reduction)
    with _ns(scope, "weighted_loss"):
        losses = convert_to_tensor(losses)
        input_dtype = losses.dtype.base_dtype
        losses = op("cast")(losses, dtypes.float32)
        weights_t = op("cast")(weights, dtypes.float32)
        _check_broadcastable(weights_t, losses)
        weighted = op("multiply")(losses, weights_t)
        if reduction == Reduction.NONE:
            loss = weighted
        else:
            loss = op("reduce_sum")(weighted)
            if reduction == Reduction.MEAN:
                loss = _safe_mean(loss, op("reduce_sum")(op("multiply")(op("ones_like")(losses), weights_t)))
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = _safe_mean(loss, _num_present(losses, weights))
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _safe_mean(loss, _num_elements(losses))
        loss = op("cast")(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


def _check_args(labels, predictions, labels_name="labels", predictions_name="predictions"):
    if labels is None:
        raise ValueError(f"Argument `{labels_name}` must not be None.")
    if predictions is None:
        raise ValueError(f"Argument `{predictions_name}` must not be None.")


def _float_pair(labels, predictions):
    predictions = op("cast")(predictions, dtypes.float32)
    labels = op("cast")(labels, dtypes.float32)
    predictions.shape.assert_is_compatible_with(labels.shape)
    return labels, predictions


@tf_export("losses.absolute_difference")
def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """|predictions - labels|, weighted and reduced."""
    _check_args(labels, predictions)
    with _ns(scope, "absolute_difference") as ns:
        labels, predictions = _float_pair(labels, predictions)
        losses = op("abs")(op("subtract")(predictions, labels))
        return compute_weighted_loss(losses, weights, ns, loss_collection, reduction=reduction)


@tf_export("losses.mean_squared_error")
def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """(predictions - labels)^2, weighted and reduced."""
    _check_args(labels, predictions)
    with _ns(scope, "mean_squared_error") as ns:
        labels, predictions = _float_pair(labels, predictions)
        losses = op("squared_difference")(predictions, labels)
        return compute_weighted_loss(losses, weights, ns, loss_collection, reduction=reduction)


@tf_export("losses.hinge_loss")
def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """max(0, 1 - (2 * labels - 1) * logits) for labels in {0, 1}."""
    _check_args(labels, logits, "labels", "logits")
    with _ns(scope, "hinge_loss") as ns:
        labels, logits = _float_pair(labels, logits)
        all_ones = op("ones_like")(labels)
        labels = op("subtract")(op("multiply")(2.0, labels), all_ones)
        losses = op("nn.relu")(op("subtract")(all_ones, op("multiply")(labels, logits)))
        return compute_weighted_loss(losses, weights, ns, loss_collection, reduction=reduction)


@tf_export("losses.huber_loss")
def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """0.5 * e^2 for |e| <= delta, delta * (|e| - 0.5 * delta) beyond, e = predictions - labels."""
    _check_args(labels, predictions)
    with _ns(scope, "huber_loss") as ns:
        labels, predictions = _float_pair(labels, predictions)
        abs_error = op("abs")(op("subtract")(predictions, labels))
        quadratic = op("minimum")(abs_error, delta)
        linear = op("subtract")(abs_error, quadratic)
        losses = op("add")(op("multiply")(constant(0.5, dtype=quadratic.dtype), op("multiply")(quadratic, quadratic)),
                           op("multiply")(delta, linear))
        return compute_weighted_loss(losses, weights, ns, loss_collection, reduction=reduction)


@tf_export("losses.log_loss")
def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None, loss_collection=GraphKeys.LOSSES,
             reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """-labels * log(p + eps) - (1 - labels) * log(1 - p + eps)."""
    _check_args(labels, predictions)
    with _ns(scope, "log_loss") as ns:
        labels, predictions = _float_pair(labels, predictions)
        log = op("log")
        losses = (-op("multiply")(labels, log(predictions + epsilon))
                  - op("multiply")(1 - labels, log(1 - predictions + epsilon)))
        return compute_weighted_loss(losses, weights, ns, loss_collection, reduction=reduction)


@tf_export("losses.sigmoid_cross_entropy")
def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Elementwise sigmoid cross-entropy; labels smoothed towards 1/2 by `label_smoothing`."""
    _check_args(multi_class_labels, logits, "multi_class_labels", "logits")
    with _ns(scope, "sigmoid_cross_entropy_loss") as ns:
        logits = convert_to_tensor(logits)
        labels = op("cast")(multi_class_labels, logits.dtype)
        logits.shape.assert_is_compatible_with(labels.shape)
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = op("nn.sigmoid_cross_entropy_with_logits")(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, ns, loss_collection, reduction=reduction)


@tf_export("losses.softmax_cross_entropy")
def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Softmax cross-entropy per example; with `label_smoothing` s the labels become
    `labels * (1 - s) + s / num_classes`."""
    _check_args(onehot_labels, logits, "onehot_labels", "logits")
    with _ns(scope, "softmax_cross_entropy_loss") as ns:
        logits = convert_to_tensor(logits)
        labels = op("cast")(onehot_labels, logits.dtype)
        logits.shape.assert_is_compatible_with(labels.shape)
        if label_smoothing > 0:
            num_classes = op("cast")(op("shape")(labels)[-1], logits.dtype)
            labels = labels * (1.0 - label_smoothing) + label_smoothing / num_classes
        labels = op("stop_gradient")(labels, name="labels_stop_gradient")
        losses = op("nn.softmax_cross_entropy_with_logits_v2")(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, ns, loss_collection, reduction=reduction)


@tf_export("losses.sparse_softmax_cross_entropy")
def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Softmax cross-entropy against integer class ids `labels` (rank of logits minus one)."""
    _check_args(labels, logits, "labels", "logits")
    with _ns(scope, "sparse_softmax_cross_entropy_loss") as ns:
        labels, logits = remove_squeezable_dimensions(labels, logits, expected_rank_diff=1)
        if not isinstance(weights, numbers.Number):
            weights = convert_to_tensor(weights)
            if (labels.shape.ndims is not None and weights.shape.ndims is not None
                    and weights.shape.ndims - labels.shape.ndims == 1):
                weights = op("squeeze")(weights, [-1])
        losses = op("nn.sparse_softmax_cross_entropy_with_logits")(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, ns, loss_collection, reduction=reduction)


@tf_export("losses.cosine_distance")
def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS, dim=None):
    """1 - sum(labels * predictions) along `axis` (inputs unit-normalized by the caller), weighted and reduced."""
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    _check_args(labels, predictions)
    with _ns(scope, "cosine_distance_loss") as ns:
        labels, predictions = _float_pair(labels, predictions)
        radial = op("multiply")(predictions, labels)
        losses = 1 - op("reduce_sum")(radial, axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, ns, loss_collection, reduction=reduction)


@tf_export("losses.mean_pairwise_squared_error")
def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES):
    """The mean over pairs of elements of each example of ((p_i - p_j) - (l_i - l_j))^2, weighted per example
    and summed."""
    _check_args(labels, predictions)
    graph = get_default_graph()
    with _ns(scope, "mean_pairwise_squared_error"):
        weights = op("cast")(weights, dtypes.float32)
        labels = op("cast")(labels, dtypes.float32)
        predictions = op("cast")(predictions, dtypes.float32)
        predictions.shape.assert_is_compatible_with(labels.shape)
        _check_broadcastable(weights, labels)
        diffs = op("subtract")(predictions, labels)
        axis = op("range")(1, op("rank")(diffs))
        sum_squares = op("reduce_sum")(op("square")(diffs), axis=axis, keepdims=True)
        with graph.name_scope("num_present") as present_scope:
            present = op("where")(op("equal")(weights, 0.0), op("zeros_like")(weights), op("ones_like")(weights))
            present = op("multiply")(present, op("ones_like")(diffs))
            num_present = op("reduce_sum")(present, axis=op("range")(1, op("rank")(present)), keepdims=True,
                                           name=present_scope)
        term1 = 2.0 * op("div_no_nan")(sum_squares, op("maximum")(num_present - 1, 0), name="value")
        sum_diff = op("reduce_sum")(diffs, axis=axis, keepdims=True)
        term2 = 2.0 * op("div_no_nan")(op("square")(sum_diff),
                                       op("maximum")(op("multiply")(num_present, num_present - 1), 0), name="value")
        loss = op("reduce_sum")(op("multiply")(term1 - term2, weights))
        mean_loss = op("where")(op("reduce_sum")(num_present) > 0, loss, op("zeros_like")(loss), name="value")
        add_loss(mean_loss, loss_collection)
        return mean_loss
