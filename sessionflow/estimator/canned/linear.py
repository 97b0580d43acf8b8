"""LinearClassifier, LinearRegressor and LinearEstimator: `tf.feature_column.linear_model` in variable scope
`linear` (`linear/linear_model/<column>/weights`, `.../bias_weights`, partitioned as TF partitions them), with the
`bias` and `fraction_of_zero_weights` summaries. FTRL trains by default (0.2; min(0.2, 1/sqrt(columns)) when
`optimizer=None`)."""

from __future__ import annotations

import math

from ...framework import dtypes
from ...framework.api import tf_export
from ..estimator import Estimator
from . import head as head_lib
from .dnn import check_features
from .optimizers import get_optimizer_instance

_LEARNING_RATE = 0.2


def _tf():
    import sessionflow
    return sessionflow


def _default_optimizer(feature_columns):
    return _tf().train.FtrlOptimizer(learning_rate=min(_LEARNING_RATE, 1.0 / math.sqrt(len(feature_columns))))


def _parts(variables):
    """Each variable, a partitioned one as its parts."""
    found = []
    for variable in variables:
        found.extend(list(variable) if hasattr(variable, "_get_variable_list") else [variable])
    return found


def fraction_of_zero(variables):
    """The fraction of zeros over all of `variables`' elements (a summary of the linear model's sparsity)."""
    tf = _tf()
    with tf.name_scope("zero_fraction"):
        variables = tf.nest.flatten(variables)
        with tf.name_scope("total_size"):
            sizes = [tf.size(v, out_type=dtypes.int64) for v in variables]
            total_size = tf.add_n(sizes)
        with tf.name_scope("total_zero"):
            total_zero = tf.add_n([
                tf.cond(tf.equal(size, tf.constant(0, dtype=dtypes.int64)),
                        true_fn=lambda: tf.constant(0, dtype=dtypes.float32),
                        false_fn=lambda v=v, size=size: tf.nn.zero_fraction(v) * tf.cast(size, dtype=dtypes.float32),
                        name="zero_count")
                for v, size in zip(variables, sizes)])
        with tf.name_scope("compute"):
            fraction = total_zero / tf.cast(total_size, dtype=dtypes.float32, name="float32_size")
        return tf.identity(fraction, name="zero_fraction_or_nan")


def linear_logits(features, feature_columns, units, sparse_combiner="sum"):
    """The linear model's logits, with its summaries, in the current variable scope (the caller's `linear`)."""
    tf = _tf()
    cols_to_vars = {}
    logits = tf.feature_column.linear_model(features, feature_columns, units=units, sparse_combiner=sparse_combiner,
                                            cols_to_vars=cols_to_vars)
    bias = _parts(cols_to_vars.pop("bias"))
    weights = _parts([v for column_vars in cols_to_vars.values() for v in column_vars])
    if units > 1:
        tf.summary.histogram("bias", bias)
    else:
        tf.summary.scalar("bias", bias[0][0])
    tf.summary.scalar("fraction_of_zero_weights", fraction_of_zero(weights))
    return logits


def linear_model_fn(features, labels, mode, head, feature_columns, optimizer, partitioner, config,
                    sparse_combiner="sum"):
    """The canned linear model's model_fn."""
    tf = _tf()
    check_features(features)
    num_ps_replicas = config.num_ps_replicas if config else 0
    partitioner = partitioner or tf.min_max_variable_partitioner(max_partitions=num_ps_replicas,
                                                                 min_slice_size=64 << 20)
    with tf.variable_scope("linear", values=tuple(features.values()), partitioner=partitioner):
        logits = linear_logits(features, feature_columns, head.logits_dimension, sparse_combiner)
        optimizer = get_optimizer_instance(optimizer or _default_optimizer(feature_columns),
                                           learning_rate=_LEARNING_RATE)
        return head.create_estimator_spec(features=features, mode=mode, labels=labels, optimizer=optimizer,
                                          logits=logits)


def _check_optimizer(optimizer):
    if type(optimizer).__name__ == "LinearSDCA":
        raise ValueError("sessionflow's linear estimators do not train with LinearSDCA (its SdcaOptimizer ops are not "
                         "written); use an Optimizer")


@tf_export("estimator.LinearClassifier")
class LinearClassifier(Estimator):
    """A linear classifier: sigmoid (2 classes) or softmax cross entropy, the loss summed over the batch."""

    def __init__(self, feature_columns, model_dir=None, n_classes=2, weight_column=None, label_vocabulary=None,
                 optimizer="Ftrl", config=None, partitioner=None, warm_start_from=None, loss_reduction=None,
                 sparse_combiner="sum"):
        _check_optimizer(optimizer)
        head = head_lib.classifier_head(n_classes, weight_column, label_vocabulary, loss_reduction)
        feature_columns = tuple(feature_columns or [])

        model_fn = head_lib.model_fn_of(linear_model_fn, head=head, feature_columns=feature_columns,
                                        optimizer=optimizer, partitioner=partitioner, sparse_combiner=sparse_combiner)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@tf_export("estimator.LinearRegressor")
class LinearRegressor(Estimator):
    """A linear regressor: squared error over `label_dimension` outputs, summed over the batch."""

    def __init__(self, feature_columns, model_dir=None, label_dimension=1, weight_column=None, optimizer="Ftrl",
                 config=None, partitioner=None, warm_start_from=None, loss_reduction=None, sparse_combiner="sum"):
        _check_optimizer(optimizer)
        head = head_lib.regression_head(label_dimension=label_dimension, weight_column=weight_column,
                                        loss_reduction=loss_reduction)
        feature_columns = tuple(feature_columns or [])

        model_fn = head_lib.model_fn_of(linear_model_fn, head=head, feature_columns=feature_columns,
                                        optimizer=optimizer, partitioner=partitioner, sparse_combiner=sparse_combiner)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@tf_export("estimator.LinearEstimator")
class LinearEstimator(Estimator):
    """A linear model under a head the caller gives."""

    def __init__(self, head, feature_columns, model_dir=None, optimizer="Ftrl", config=None, partitioner=None,
                 sparse_combiner="sum", warm_start_from=None):
        _check_optimizer(optimizer)
        feature_columns = tuple(feature_columns or [])

        model_fn = head_lib.model_fn_of(linear_model_fn, head=head, feature_columns=feature_columns,
                                        optimizer=optimizer, partitioner=partitioner, sparse_combiner=sparse_combiner)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)
