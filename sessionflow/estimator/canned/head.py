"""TF 1.x's canned-estimator heads: what turns a model's logits into predictions, a loss, eval metrics and a
train op. Three heads, as tf.estimator's v1 canned estimators use them: binary classification (sigmoid cross
entropy), multi-class classification (softmax cross entropy) and regression (mean squared error); the loss of a
batch is reduced as `loss_reduction` says (SUM by default), each example weighted by `weight_column`.

Names follow TF's: the head's ops under `head/` (`head/weighted_loss/Sum` is the loss), predictions under
`head/predictions/`, the metrics under `metrics/`, and the `loss` / `average_loss` summaries at the top."""

from __future__ import annotations

import collections

from ...framework import dtypes
from ...framework.sparse_tensor import SparseTensor
from ...lookup import tables as lookup_tables
from .. import export as export_lib
from ..model_fn import AVERAGE_LOSS_METRIC_KEY, LOSS_METRIC_KEY, EstimatorSpec, ModeKeys


def _tf():
    import sessionflow
    return sessionflow


class MetricKeys:
    """The eval metric names the canned heads report."""

    LOSS = LOSS_METRIC_KEY
    LOSS_MEAN = AVERAGE_LOSS_METRIC_KEY
    LOSS_REGULARIZATION = "regularization_loss"
    ACCURACY = "accuracy"
    PRECISION = "precision"
    RECALL = "recall"
    ACCURACY_BASELINE = "accuracy_baseline"
    AUC = "auc"
    AUC_PR = "auc_precision_recall"
    LABEL_MEAN = "label/mean"
    PREDICTION_MEAN = "prediction/mean"
    ACCURACY_AT_THRESHOLD = "accuracy/positive_threshold_%g"
    PRECISION_AT_THRESHOLD = "precision/positive_threshold_%g"
    RECALL_AT_THRESHOLD = "recall/positive_threshold_%g"


class PredictionKeys:
    """The keys of a canned head's predictions dict."""

    CLASSES = "classes"
    CLASS_IDS = "class_ids"
    ALL_CLASSES = "all_classes"
    ALL_CLASS_IDS = "all_class_ids"
    LOGISTIC = "logistic"
    LOGITS = "logits"
    PREDICTIONS = "predictions"
    PROBABILITIES = "probabilities"


_DEFAULT_SERVING_KEY = "serving_default"
_CLASSIFY_SERVING_KEY = "classification"
_REGRESS_SERVING_KEY = "regression"
_PREDICT_SERVING_KEY = "predict"

LossSpec = collections.namedtuple("LossSpec", ["training_loss", "unreduced_loss", "weights", "processed_labels"])


def model_fn_of(build, **arguments):
    """An Estimator's model_fn(features, labels, mode, config) over a canned model's `build(features, labels,
    mode, config=..., **arguments)`: its head and settings bound once."""
    def model_fn(features, labels, mode, config):
        return build(features, labels, mode, config=config, **arguments)
    return model_fn


def _summary_key(head_name, key):
    return f"{key}/{head_name}" if head_name else key


def _check_reduction(loss_reduction):
    reduction = _tf().losses.Reduction
    if loss_reduction not in reduction.all() or loss_reduction == reduction.NONE:
        raise ValueError(f"Invalid loss_reduction: {loss_reduction}")


def _labels_for(labels, logits, expected_dimension):
    """`labels` as a dense [D0, ..., DN, expected_dimension] tensor (a missing last axis added), with run-time
    checks that its shape matches the logits'."""
    tf = _tf()
    if labels is None:
        raise ValueError("You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: Check that "
                         "your data contain your label feature. Check that your input_fn properly parses and returns "
                         "labels.")
    with tf.name_scope(None, "labels", (labels, logits)) as scope:
        labels = tf.convert_to_tensor_or_sparse_tensor(labels)
        if isinstance(labels, SparseTensor):
            raise ValueError(
                f"SparseTensor labels are not supported. labels must be a Tensor of shape [D0, D1, ..., DN, "
                f"{expected_dimension}], e.g. [batch_size, {expected_dimension}]. Suggested Fix (1): Check the label "
                f"feature in your data. Each example must contain {expected_dimension} value(s). If not, your choice "
                "of label was probably incorrect. Suggested Fix (2): In your input_fn, use tf.sparse_tensor_to_dense() "
                "to turn labels into a Tensor.")
        if (labels.shape.ndims is not None and logits.shape.ndims is not None
                and labels.shape.ndims == logits.shape.ndims - 1):
            labels = tf.expand_dims(labels, -1)
        labels_shape = tf.shape(labels)
        logits_shape = tf.shape(logits)
        message = (f"labels shape must be [D0, D1, ... DN, {expected_dimension}]. Suggested Fix: check your "
                   "n_classes argument to the estimator and/or the shape of your label.")
        rank_check = tf.assert_rank_at_least(labels, 2, message=message)
        with tf.control_dependencies([rank_check]):
            static = labels.shape
            if static.ndims is not None:
                last = static.as_list()[-1]
                if last is not None and last != expected_dimension:
                    raise ValueError(
                        f"Mismatched label shape. Expected labels dimension={expected_dimension}.  Received {last}. "
                        "Suggested Fix:If your classifier expects one-hot encoding label,check your n_classes "
                        "argument to the estimator and/or the shape of your label. Otherwise, check the shape of "
                        "your label.")
            expected_shape = tf.concat([logits_shape[:-1], [expected_dimension]], axis=0)
            shape_check = tf.assert_equal(expected_shape, labels_shape, message=message,
                                          data=["expected_labels_shape: ", expected_shape, "labels_shape: ",
                                                labels_shape])
            with tf.control_dependencies([shape_check]):
                return tf.identity(labels, name=scope)


def _example_weights(features, weight_column, logits, per_logit=False):
    """1. without a weight column; else the column's values as float32 [D0, ..., DN, 1] (or per logit), checked
    against the logits' shape when the graph runs."""
    tf = _tf()
    from ...feature_column import columns as fc
    from ...feature_column.models import FeatureBuilder

    if per_logit:
        message = "weights shape must be [D0, D1, ... DN], [D0, D1, ... DN, 1] or [D0, D1, ... DN, logits_dimension]"
    else:
        message = "weights shape must be [D0, D1, ... DN] or [D0, D1, ... DN, 1]"
    with tf.name_scope(None, "weights", values=tuple(features.values()) + (logits,)) as scope:
        if weight_column is None:
            return 1.0
        if isinstance(weight_column, str):
            weight_column = tf.feature_column.numeric_column(key=weight_column, shape=(1,))
        if not isinstance(weight_column, fc.DenseColumn):
            raise TypeError(f"Weight column must be either a string or _DenseColumn. Given type: "
                            f"{type(weight_column)}.")
        weights = weight_column._get_dense_tensor(FeatureBuilder(features))
        if not (weights.dtype.is_floating or weights.dtype.is_integer):
            raise ValueError(f"Weight column should be castable to float. Given dtype: {weights.dtype}")
        weights = tf.cast(weights, name="weights", dtype=dtypes.float32)
        weights_shape = tf.shape(weights, name="weights_shape")
        logits_shape = tf.shape(logits, name="logits_shape")
        if (weights.shape.ndims is not None and logits.shape.ndims is not None
                and weights.shape.ndims == logits.shape.ndims - 1):
            check = tf.assert_equal(logits_shape[:-1], weights_shape, message=message,
                                    data=["logits_shape: ", logits_shape, "weights_shape: ", weights_shape])
            with tf.control_dependencies([check]):
                return tf.expand_dims(weights, -1, name=scope)
        supported = tf.concat([logits_shape[:-1], [1]], axis=0)
        if per_logit:
            condition = tf.reduce_any([tf.reduce_all(tf.equal(logits_shape, weights_shape)),
                                       tf.reduce_all(tf.equal(supported, weights_shape))])
            check = tf.Assert(condition, [message, "logits_shape: ", logits_shape, "weights_shape: ", weights_shape])
        else:
            check = tf.assert_equal(supported, weights_shape, message=message,
                                    data=["logits_shape: ", logits_shape, "weights_shape: ", weights_shape])
        with tf.control_dependencies([check]):
            return tf.identity(weights, name=scope)


def _logits_of_dimension(logits, dimension):
    """`logits` as float32, checked to end in `dimension` (statically where the shape says, else when run)."""
    tf = _tf()
    with tf.name_scope(None, "logits", (logits,)) as scope:
        logits = tf.cast(logits, dtype=dtypes.float32)
        logits_shape = tf.shape(logits)
        rank_check = tf.assert_rank_at_least(logits, 2, data=[logits_shape],
                                             message="logits shape must be [D0, D1, ... DN, logits_dimension]")
        with tf.control_dependencies([rank_check]):
            static = logits.shape
            if static.ndims is not None and static.as_list()[-1] is not None:
                if isinstance(dimension, int) and static.as_list()[-1] != dimension:
                    raise ValueError(f"logits shape must be [D0, D1, ... DN, logits_dimension={dimension}], got "
                                     f"{static}.")
                return logits
            check = tf.assert_equal(dimension, logits_shape[-1], data=[logits_shape],
                                    message=f"logits shape must be [D0, D1, ... DN, logits_dimension={dimension}]")
            with tf.control_dependencies([check]):
                return tf.identity(logits, name=scope)


def _in_range(labels, n_classes, message=None):
    tf = _tf()
    with tf.name_scope(None, "assert_range", (labels,)):
        at_most = tf.assert_less_equal(labels, tf.convert_to_tensor(n_classes - 1, dtype=labels.dtype),
                                       message=message or "Labels must <= n_classes - 1")
        at_least = tf.assert_non_negative(labels, message=message or "Labels must >= 0")
        with tf.control_dependencies((at_most, at_least)):
            return tf.identity(labels)


def _class_table(logits, n_classes, vocabulary=None):
    """[batch, n_classes]: each row the class names (the vocabulary, or the ids as strings)."""
    tf = _tf()
    batch = tf.shape(logits)[0]
    names = vocabulary if vocabulary else tf.as_string(tf.range(n_classes))
    return tf.tile(tf.expand_dims(names, 0), [batch, 1])


def _class_ids_table(logits, n_classes):
    tf = _tf()
    return tf.tile(tf.expand_dims(tf.range(n_classes), 0), [tf.shape(logits)[0], 1])


def _classification_output(scores, n_classes, vocabulary=None):
    return export_lib.ClassificationOutput(scores=scores, classes=_class_table(scores, n_classes, vocabulary))


def _labels_mean(labels, weights=None, name=None):
    tf = _tf()
    with tf.name_scope(name, "labels_mean", (labels, weights)) as scope:
        labels = tf.cast(labels, name="labels", dtype=dtypes.float32)
        if weights is not None:
            weights = _broadcast_weights(weights, labels)
        return tf.metrics.mean(labels, weights=weights, name=scope)


def _predictions_mean(predictions, weights=None, name=None):
    tf = _tf()
    with tf.name_scope(name, "predictions_mean", (predictions, weights)) as scope:
        predictions = tf.cast(predictions, name="predictions", dtype=dtypes.float32)
        if weights is not None:
            weights = _broadcast_weights(weights, predictions)
        return tf.metrics.mean(predictions, weights=weights, name=scope)


def _broadcast_weights(weights, values):
    tf = _tf()
    weights = tf.convert_to_tensor(weights)
    values = tf.convert_to_tensor(values)
    if weights.shape.is_fully_defined() and values.shape.is_fully_defined() and weights.shape == values.shape:
        return weights
    return tf.multiply(weights, tf.ones_like(values))


def _accuracy_baseline(labels_mean):
    tf = _tf()
    with tf.name_scope(None, "accuracy_baseline", labels_mean):
        value, update = labels_mean
        return tf.maximum(value, 1.0 - value, name="value"), tf.maximum(update, 1 - update, name="update_op")


def _auc(labels, predictions, weights=None, curve="ROC", name=None):
    tf = _tf()
    with tf.name_scope(name, "auc", (predictions, labels, weights)) as scope:
        predictions = tf.cast(predictions, name="predictions", dtype=dtypes.float32)
        if weights is not None:
            weights = _broadcast_weights(weights, predictions)
        return tf.metrics.auc(labels=labels, predictions=predictions, weights=weights, curve=curve, name=scope)


def _threshold_metrics(labels, logistic, weights, threshold):
    """accuracy, precision and recall of `logistic >= threshold` (the binary head's `thresholds`)."""
    tf = _tf()
    keys = MetricKeys
    found = {}
    name = keys.ACCURACY_AT_THRESHOLD % threshold
    with tf.name_scope(name, values=(logistic, labels, weights, threshold)) as scope:
        hits = tf.to_float(tf.greater_equal(logistic, threshold))
        found[name] = tf.metrics.accuracy(labels=labels, predictions=hits, weights=weights, name=scope)
    for key, metric in ((keys.PRECISION_AT_THRESHOLD, tf.metrics.precision_at_thresholds),
                        (keys.RECALL_AT_THRESHOLD, tf.metrics.recall_at_thresholds)):
        name = key % threshold
        with tf.name_scope(name, values=(logistic, labels, weights, threshold)) as scope:
            value, update = metric(labels=labels, predictions=logistic, thresholds=(threshold,), weights=weights,
                                   name=scope)
            found[name] = (tf.squeeze(value), tf.squeeze(update))
    return found


class _Head:
    """A head: `logits_dimension`, `create_loss` and `create_estimator_spec`, as TF 1.x's `_Head`."""

    name = property(lambda self: self._name)

    def _train_op(self, loss, optimizer, train_op_fn):
        tf = _tf()
        if optimizer is not None:
            if train_op_fn is not None:
                raise ValueError("train_op_fn and optimizer cannot both be set.")
            train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
        elif train_op_fn is not None:
            train_op = train_op_fn(loss)
        else:
            raise ValueError("train_op_fn and optimizer cannot both be None.")
        updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        return tf.group(train_op, *updates) if updates else train_op

    def _spec(self, mode, predictions, export_outputs, features, logits, labels, optimizer, train_op_fn,
              regularization_losses, metric_inputs):
        """The EstimatorSpec of `mode`: PREDICT's outputs; else the loss (plus the regularization losses), and in
        EVAL the metrics, in TRAIN the train op and the loss summaries."""
        tf = _tf()
        if mode == ModeKeys.PREDICT:
            return EstimatorSpec(mode=mode, predictions=predictions, export_outputs=export_outputs)
        training_loss, unreduced_loss, weights, processed_labels = self.create_loss(
            features=features, mode=mode, logits=logits, labels=labels)
        if regularization_losses:
            regularization_loss = tf.add_n(regularization_losses)
            loss = tf.add_n([training_loss, regularization_loss])
        else:
            regularization_loss = None
            loss = training_loss
        if mode == ModeKeys.EVAL:
            return mode, predictions, loss, dict(metric_inputs, labels=processed_labels, weights=weights,
                                                 unreduced_loss=unreduced_loss,
                                                 regularization_loss=regularization_loss)
        train_op = self._train_op(loss, optimizer, train_op_fn)
        mean_loss = None
        if self._loss_reduction == tf.losses.Reduction.SUM:
            example_weight_sum = tf.reduce_sum(weights * tf.ones_like(unreduced_loss))
            mean_loss = training_loss / example_weight_sum
        return mode, predictions, loss, (train_op, mean_loss, regularization_loss)

    def create_estimator_spec(self, features, mode, logits, labels=None, optimizer=None, train_op_fn=None,
                              regularization_losses=None):
        tf = _tf()
        with tf.name_scope(self._name, "head"):
            built = self._build(features, mode, logits, labels, optimizer, train_op_fn, regularization_losses)
        if isinstance(built, EstimatorSpec):
            return built
        mode, predictions, loss, rest = built
        if mode == ModeKeys.EVAL:
            return EstimatorSpec(mode=mode, predictions=predictions, loss=loss,
                                 eval_metric_ops=self._eval_metric_ops(**rest))
        train_op, mean_loss, regularization_loss = rest
        with tf.name_scope(""):
            keys = MetricKeys
            tf.summary.scalar(_summary_key(self._name, keys.LOSS), loss)
            if mean_loss is not None:
                tf.summary.scalar(_summary_key(self._name, keys.LOSS_MEAN), mean_loss)
            if regularization_loss is not None:
                tf.summary.scalar(_summary_key(self._name, keys.LOSS_REGULARIZATION), regularization_loss)
        return EstimatorSpec(mode=mode, predictions=predictions, loss=loss, train_op=train_op)

    def _regularization_metric(self, metrics, regularization_loss):
        if regularization_loss is not None:
            keys = MetricKeys
            metrics[_summary_key(self._name, keys.LOSS_REGULARIZATION)] = _tf().metrics.mean(
                values=regularization_loss, name=keys.LOSS_REGULARIZATION)


class _MultiClassHead(_Head):
    """Softmax cross entropy over `n_classes` (> 2) logits; labels are ids, or strings of `label_vocabulary`."""

    def __init__(self, n_classes, weight_column=None, label_vocabulary=None, loss_reduction="weighted_sum",
                 loss_fn=None, name=None):
        if n_classes is None:
            raise ValueError("n_classes cannot be None")
        if isinstance(n_classes, int) and n_classes <= 2:
            raise ValueError(f"n_classes must be > 2: {n_classes}.")
        self._n_classes = n_classes
        self._weight_column = weight_column
        self._label_vocabulary = label_vocabulary
        self._loss_reduction = loss_reduction
        self._loss_fn = loss_fn
        self._name = name

    logits_dimension = property(lambda self: self._n_classes)

    def _label_ids(self, labels):
        if self._label_vocabulary is None:
            if not labels.dtype.is_integer:
                raise ValueError(f"Labels dtype should be integer. Instead got {labels.dtype}.")
            ids = labels
        else:
            if labels.dtype != dtypes.string:
                raise ValueError(f"Labels dtype should be string if there is a vocabulary. Instead got {labels.dtype}")
            ids = lookup_tables.index_table_from_tensor(vocabulary_list=tuple(self._label_vocabulary),
                                                            name="class_id_lookup").lookup(labels)
        return _in_range(ids, self._n_classes)

    def create_loss(self, features, mode, logits, labels):
        tf = _tf()
        logits = tf.convert_to_tensor(logits)
        labels = _labels_for(labels, logits, 1)
        label_ids = self._label_ids(labels)
        if self._loss_fn:
            unweighted = _call_loss_fn(self._loss_fn, label_ids, logits, features, 1)
        else:
            unweighted = tf.losses.sparse_softmax_cross_entropy(labels=label_ids, logits=logits,
                                                                reduction=tf.losses.Reduction.NONE)
            unweighted = tf.expand_dims(unweighted, axis=-1)
        weights = _example_weights(features, self._weight_column, logits)
        training_loss = tf.losses.compute_weighted_loss(unweighted, weights=weights, reduction=self._loss_reduction)
        return LossSpec(training_loss, unweighted, weights, label_ids)

    def _build(self, features, mode, logits, labels, optimizer, train_op_fn, regularization_losses):
        tf = _tf()
        keys = PredictionKeys
        logits = _logits_of_dimension(logits, self.logits_dimension)
        with tf.name_scope(None, "predictions", (logits,)):
            all_class_ids = _class_ids_table(logits, self._n_classes)
            all_classes = _class_table(logits, self._n_classes, self._label_vocabulary)
            class_ids = tf.expand_dims(tf.argmax(logits, axis=-1, name=keys.CLASS_IDS), axis=-1)
            classes = _class_names(class_ids, self._label_vocabulary)
            probabilities = tf.nn.softmax(logits, name=keys.PROBABILITIES)
            predictions = {keys.LOGITS: logits, keys.PROBABILITIES: probabilities, keys.CLASS_IDS: class_ids,
                           keys.CLASSES: classes, keys.ALL_CLASS_IDS: all_class_ids, keys.ALL_CLASSES: all_classes}
        export_outputs = None
        if mode == ModeKeys.PREDICT:
            output = _classification_output(probabilities, self._n_classes, self._label_vocabulary)
            export_outputs = {_DEFAULT_SERVING_KEY: output, _CLASSIFY_SERVING_KEY: output,
                              _PREDICT_SERVING_KEY: export_lib.PredictOutput(predictions)}
        return self._spec(mode, predictions, export_outputs, features, logits, labels, optimizer, train_op_fn,
                          regularization_losses, {"class_ids": class_ids})

    def _eval_metric_ops(self, labels, class_ids, weights, unreduced_loss, regularization_loss):
        tf = _tf()
        keys = MetricKeys
        with tf.name_scope(None, "metrics", (labels, class_ids, weights, unreduced_loss, regularization_loss)):
            metrics = {
                _summary_key(self._name, keys.LOSS_MEAN): tf.metrics.mean(values=unreduced_loss, weights=weights,
                                                                          name=keys.LOSS_MEAN),
                _summary_key(self._name, keys.ACCURACY): tf.metrics.accuracy(
                    labels=labels, predictions=class_ids, weights=weights, name=keys.ACCURACY)}
            self._regularization_metric(metrics, regularization_loss)
        return metrics


def _class_names(class_ids, vocabulary):
    tf = _tf()
    if vocabulary:
        table = lookup_tables.index_to_string_table_from_tensor(vocabulary_list=vocabulary,
                                                                   name="class_string_lookup")
        return table.lookup(class_ids)
    return tf.as_string(class_ids, name="str_classes")


class _BinaryHead(_Head):
    """Sigmoid cross entropy over one logit; labels are 0/1 (or in [0, 1]), or strings of `label_vocabulary`."""

    def __init__(self, weight_column=None, thresholds=None, label_vocabulary=None, loss_reduction="weighted_sum",
                 loss_fn=None, name=None):
        self._weight_column = weight_column
        self._thresholds = tuple(thresholds) if thresholds else ()
        self._label_vocabulary = label_vocabulary
        self._loss_reduction = loss_reduction
        self._loss_fn = loss_fn
        self._name = name

    logits_dimension = property(lambda self: 1)

    def create_loss(self, features, mode, logits, labels):
        tf = _tf()
        logits = tf.convert_to_tensor(logits)
        labels = _labels_for(labels, logits, 1)
        if self._label_vocabulary is not None:
            labels = lookup_tables.index_table_from_tensor(vocabulary_list=tuple(self._label_vocabulary),
                                                               name="class_id_lookup").lookup(labels)
        labels = tf.cast(labels, dtype=dtypes.float32)
        labels = _in_range(labels, 2)
        if self._loss_fn:
            unweighted = _call_loss_fn(self._loss_fn, labels, logits, features, 1)
        else:
            unweighted = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
        weights = _example_weights(features, self._weight_column, logits)
        training_loss = tf.losses.compute_weighted_loss(unweighted, weights=weights, reduction=self._loss_reduction)
        return LossSpec(training_loss, unweighted, weights, labels)

    def _build(self, features, mode, logits, labels, optimizer, train_op_fn, regularization_losses):
        tf = _tf()
        keys = PredictionKeys
        with tf.name_scope(None, "predictions", (logits,)):
            logits = _logits_of_dimension(logits, self.logits_dimension)
            logistic = tf.sigmoid(logits, name=keys.LOGISTIC)
            two_class_logits = tf.concat((tf.zeros_like(logits), logits), axis=-1, name="two_class_logits")
            probabilities = tf.nn.softmax(two_class_logits, name=keys.PROBABILITIES)
            class_ids = tf.expand_dims(tf.argmax(two_class_logits, axis=-1, name=keys.CLASS_IDS), axis=-1)
            all_class_ids = _class_ids_table(logits, 2)
            all_classes = _class_table(logits, 2, self._label_vocabulary)
            classes = _class_names(class_ids, self._label_vocabulary)
            predictions = {keys.LOGITS: logits, keys.LOGISTIC: logistic, keys.PROBABILITIES: probabilities,
                           keys.CLASS_IDS: class_ids, keys.CLASSES: classes, keys.ALL_CLASS_IDS: all_class_ids,
                           keys.ALL_CLASSES: all_classes}
        export_outputs = None
        if mode == ModeKeys.PREDICT:
            output = _classification_output(probabilities, 2, self._label_vocabulary)
            export_outputs = {_DEFAULT_SERVING_KEY: output, _CLASSIFY_SERVING_KEY: output,
                              _REGRESS_SERVING_KEY: export_lib.RegressionOutput(value=logistic),
                              _PREDICT_SERVING_KEY: export_lib.PredictOutput(predictions)}
        return self._spec(mode, predictions, export_outputs, features, logits, labels, optimizer, train_op_fn,
                          regularization_losses, {"logits": logits, "logistic": logistic, "class_ids": class_ids})

    def _eval_metric_ops(self, labels, logits, logistic, class_ids, weights, unreduced_loss, regularization_loss):
        tf = _tf()
        keys = MetricKeys
        key = lambda k: _summary_key(self._name, k)  # noqa: E731
        with tf.name_scope(None, "metrics", (labels, logits, logistic, class_ids, weights, unreduced_loss,
                                             regularization_loss)):
            labels_mean = _labels_mean(labels=labels, weights=weights, name=keys.LABEL_MEAN)
            metrics = {
                key(keys.LOSS_MEAN): tf.metrics.mean(values=unreduced_loss, weights=weights, name=keys.LOSS_MEAN),
                key(keys.ACCURACY): tf.metrics.accuracy(labels=labels, predictions=class_ids, weights=weights,
                                                        name=keys.ACCURACY),
                key(keys.PRECISION): tf.metrics.precision(labels=labels, predictions=class_ids, weights=weights,
                                                          name=keys.PRECISION),
                key(keys.RECALL): tf.metrics.recall(labels=labels, predictions=class_ids, weights=weights,
                                                    name=keys.RECALL),
                key(keys.PREDICTION_MEAN): _predictions_mean(predictions=logistic, weights=weights,
                                                             name=keys.PREDICTION_MEAN),
                key(keys.LABEL_MEAN): labels_mean,
                key(keys.ACCURACY_BASELINE): _accuracy_baseline(labels_mean),
                key(keys.AUC): _auc(labels=labels, predictions=logistic, weights=weights, name=keys.AUC),
                key(keys.AUC_PR): _auc(labels=labels, predictions=logistic, weights=weights, curve="PR",
                                       name=keys.AUC_PR)}
            self._regularization_metric(metrics, regularization_loss)
            for threshold in self._thresholds:
                for name, value in _threshold_metrics(labels, logistic, weights, threshold).items():
                    metrics[key(name)] = value
        return metrics


class _RegressionHead(_Head):
    """Mean squared error over `label_dimension` outputs (`inverse_link_fn` maps logits to predictions)."""

    def __init__(self, label_dimension, weight_column=None, loss_reduction="weighted_sum", loss_fn=None,
                 inverse_link_fn=None, name=None):
        if label_dimension < 1:
            raise ValueError(f"Invalid label_dimension {label_dimension}.")
        self._logits_dimension = label_dimension
        self._weight_column = weight_column
        self._loss_reduction = loss_reduction
        self._loss_fn = loss_fn
        self._inverse_link_fn = inverse_link_fn
        self._name = name

    logits_dimension = property(lambda self: self._logits_dimension)

    def create_loss(self, features, mode, logits, labels):
        tf = _tf()
        logits = tf.convert_to_tensor(logits)
        labels = _labels_for(labels, logits, self._logits_dimension)
        labels = tf.cast(labels, dtype=dtypes.float32)
        if self._loss_fn:
            unweighted = _call_loss_fn(self._loss_fn, labels, logits, features, self._logits_dimension)
        else:
            unweighted = tf.losses.mean_squared_error(labels=labels, predictions=logits,
                                                      reduction=tf.losses.Reduction.NONE)
        weights = _example_weights(features, self._weight_column, logits, per_logit=True)
        training_loss = tf.losses.compute_weighted_loss(unweighted, weights=weights, reduction=self._loss_reduction)
        return LossSpec(training_loss, unweighted, weights, labels)

    def _build(self, features, mode, logits, labels, optimizer, train_op_fn, regularization_losses):
        keys = PredictionKeys
        logits = _logits_of_dimension(logits, self._logits_dimension)
        if self._inverse_link_fn:
            predicted = self._inverse_link_fn(logits)
            predictions = {keys.PREDICTIONS: predicted, keys.LOGITS: logits}
        else:
            predicted = logits
            predictions = {keys.PREDICTIONS: predicted}
        export_outputs = None
        if mode == ModeKeys.PREDICT:
            output = export_lib.RegressionOutput(value=predicted)
            export_outputs = {_DEFAULT_SERVING_KEY: output, _REGRESS_SERVING_KEY: output,
                              _PREDICT_SERVING_KEY: export_lib.PredictOutput(predictions)}
        return self._spec(mode, predictions, export_outputs, features, logits, labels, optimizer, train_op_fn,
                          regularization_losses, {"predicted_value": predicted})

    def _eval_metric_ops(self, predicted_value, labels, weights, unreduced_loss, regularization_loss):
        tf = _tf()
        keys = MetricKeys
        metrics = {
            _summary_key(self._name, keys.LOSS_MEAN): tf.metrics.mean(values=unreduced_loss, weights=weights),
            _summary_key(self._name, keys.PREDICTION_MEAN): _predictions_mean(
                predictions=predicted_value, weights=weights, name=keys.PREDICTION_MEAN),
            _summary_key(self._name, keys.LABEL_MEAN): tf.metrics.mean(values=labels, weights=weights)}
        self._regularization_metric(metrics, regularization_loss)
        return metrics


def _call_loss_fn(loss_fn, labels, logits, features, expected_dimension):
    """A user's `loss_fn(labels, logits[, features])`, its result checked to be [D0, ..., DN, expected_dim]."""
    tf = _tf()
    from ..estimator import _fn_args

    kwargs = {"features": features} if "features" in _fn_args(loss_fn) else {}
    with tf.name_scope(None, "call_loss_fn", values=[labels, logits, *features.values()]):
        unweighted = loss_fn(labels=labels, logits=logits, **kwargs)
        logits_shape = tf.shape(logits, name="logits_shape")
        expected = tf.concat([logits_shape[:-1], [expected_dimension]], axis=0, name="expected_loss_shape")
        loss_shape = tf.shape(unweighted, name="loss_shape")
        check = tf.Assert(tf.reduce_all(tf.equal(loss_shape, expected)),
                          [f"loss_fn must return Tensor of shape [D0, D1, ... DN, {expected_dimension}]. ",
                           "logits_shape: ", logits_shape, "loss_shape: ", loss_shape], name="check_loss_shape")
        with tf.control_dependencies([check]):
            return tf.identity(unweighted)


def _validate_loss_fn(loss_fn):
    from ..estimator import _fn_args

    args = _fn_args(loss_fn)
    for required in ("labels", "logits"):
        if required not in args:
            raise ValueError(f"loss_fn must contain argument: {required}. Given arguments: {args}")
    invalid = list(set(args) - {"labels", "logits", "features"})
    if invalid:
        raise ValueError(f"loss_fn has unexpected args: {invalid}")


def multi_class_head(n_classes, weight_column=None, label_vocabulary=None, loss_reduction=None, loss_fn=None,
                     name=None):
    if label_vocabulary is not None and not isinstance(label_vocabulary, (list, tuple)):
        raise ValueError(f"label_vocabulary should be a list or a tuple. Given type: {type(label_vocabulary)}")
    loss_reduction = loss_reduction or _tf().losses.Reduction.SUM
    _check_reduction(loss_reduction)
    if loss_fn:
        _validate_loss_fn(loss_fn)
    return _MultiClassHead(n_classes, weight_column, label_vocabulary, loss_reduction, loss_fn, name)


def binary_head(weight_column=None, thresholds=None, label_vocabulary=None, loss_reduction=None, loss_fn=None,
                name=None):
    thresholds = tuple(thresholds) if thresholds else ()
    if label_vocabulary is not None and not isinstance(label_vocabulary, (list, tuple)):
        raise TypeError(f"label_vocabulary should be a list or tuple. Given type: {type(label_vocabulary)}")
    for threshold in thresholds:
        if threshold <= 0.0 or threshold >= 1.0:
            raise ValueError(f"thresholds not in (0, 1): {(thresholds,)}.")
    loss_reduction = loss_reduction or _tf().losses.Reduction.SUM
    _check_reduction(loss_reduction)
    if loss_fn:
        _validate_loss_fn(loss_fn)
    return _BinaryHead(weight_column, thresholds, label_vocabulary, loss_reduction, loss_fn, name)


def regression_head(weight_column=None, label_dimension=1, loss_reduction=None, loss_fn=None, inverse_link_fn=None,
                    name=None):
    loss_reduction = loss_reduction or _tf().losses.Reduction.SUM
    _check_reduction(loss_reduction)
    if loss_fn:
        _validate_loss_fn(loss_fn)
    return _RegressionHead(label_dimension, weight_column, loss_reduction, loss_fn, inverse_link_fn, name)


def classifier_head(n_classes, weight_column, label_vocabulary, loss_reduction):
    """The binary head for 2 classes, the multi-class head for more (the canned classifiers' choice)."""
    if n_classes == 2:
        return binary_head(weight_column=weight_column, label_vocabulary=label_vocabulary,
                           loss_reduction=loss_reduction)
    return multi_class_head(n_classes, weight_column=weight_column, label_vocabulary=label_vocabulary,
                            loss_reduction=loss_reduction)
