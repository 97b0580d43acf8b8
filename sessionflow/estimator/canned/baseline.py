"""BaselineClassifier / BaselineRegressor / BaselineEstimator: a model of one bias per output (`baseline/bias`),
which learns the labels' prior (FTRL at 0.3 by default)."""

from __future__ import annotations

from ...framework.api import tf_export
from ..estimator import Estimator
from . import head as head_lib
from .optimizers import get_optimizer_instance

_LEARNING_RATE = 0.3


def _tf():
    import sessionflow
    return sessionflow


def _weight_key(weight_column):
    from ...feature_column import columns as fc

    if weight_column is None or isinstance(weight_column, str):
        return weight_column
    if not isinstance(weight_column, fc.NumericColumn):
        raise TypeError(f"Weight column must be either a string or _NumericColumn. Given type: {type(weight_column)}.")
    return weight_column.key


def _baseline_logits(features, num_outputs, weight_column):
    """bias x ones([batch, num_outputs]), the batch size read from the first feature (the others checked to
    agree with it when the graph runs)."""
    tf = _tf()
    weight_key = _weight_key(weight_column)
    checks, batch = [], None
    for key, feature in features.items():
        if key == weight_key:
            continue
        first = tf.shape(feature)[0]
        if batch is None:
            batch = first
        else:
            checks.append(tf.assert_equal(batch, first))
    with tf.control_dependencies(checks), tf.variable_scope("baseline"):
        bias = tf.get_variable("bias", shape=[num_outputs], initializer=tf.zeros_initializer())
        return tf.multiply(bias, tf.ones([batch, num_outputs]))


def baseline_model_fn(features, labels, mode, head, optimizer, weight_column=None, config=None):
    tf = _tf()
    logits = _baseline_logits(features, head.logits_dimension, weight_column)

    def train_op_fn(loss):
        opt = get_optimizer_instance(optimizer, learning_rate=_LEARNING_RATE)
        return opt.minimize(loss, global_step=tf.train.get_global_step())

    return head.create_estimator_spec(features=features, mode=mode, logits=logits, labels=labels,
                                      train_op_fn=train_op_fn)


@tf_export("estimator.BaselineClassifier")
class BaselineClassifier(Estimator):
    """Predicts the classes' prior: one logit per class (one for 2 classes), whatever the features."""

    def __init__(self, model_dir=None, n_classes=2, weight_column=None, label_vocabulary=None, optimizer="Ftrl",
                 config=None, loss_reduction=None):
        head = head_lib.classifier_head(n_classes, weight_column, label_vocabulary, loss_reduction)

        model_fn = head_lib.model_fn_of(baseline_model_fn, head=head, optimizer=optimizer,
                                        weight_column=weight_column)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config)


@tf_export("estimator.BaselineRegressor")
class BaselineRegressor(Estimator):
    """Predicts the labels' mean, whatever the features."""

    def __init__(self, model_dir=None, label_dimension=1, weight_column=None, optimizer="Ftrl", config=None,
                 loss_reduction=None):
        head = head_lib.regression_head(label_dimension=label_dimension, weight_column=weight_column,
                                        loss_reduction=loss_reduction)

        model_fn = head_lib.model_fn_of(baseline_model_fn, head=head, optimizer=optimizer,
                                        weight_column=weight_column)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config)


@tf_export("estimator.BaselineEstimator")
class BaselineEstimator(Estimator):
    """The baseline model under a head the caller gives."""

    def __init__(self, head, model_dir=None, optimizer="Ftrl", config=None):
        model_fn = head_lib.model_fn_of(baseline_model_fn, head=head, optimizer=optimizer)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config)
