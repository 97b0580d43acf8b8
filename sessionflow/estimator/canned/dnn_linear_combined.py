"""DNNLinearCombinedClassifier / Regressor / Estimator ("wide & deep"): the logits of a DNN (`dnn/...`, Adagrad
at 0.001 by default) plus those of a linear model (`linear/...`, FTRL at min(0.005, 1/sqrt(columns))), each part
trained by its own optimizer on its own variables, then the global step incremented once."""

from __future__ import annotations

import math

from ...framework.api import tf_export
from ..estimator import Estimator
from . import head as head_lib
from .dnn import check_features, dnn_logits, layer_summary
from .linear import linear_logits
from .optimizers import get_optimizer_instance

_DNN_LEARNING_RATE = 0.001
_LINEAR_LEARNING_RATE = 0.005


def _tf():
    import sessionflow
    return sessionflow


def _linear_learning_rate(num_columns):
    return min(_LINEAR_LEARNING_RATE, 1.0 / math.sqrt(num_columns))


def _check_not_sync_replicas(optimizer):
    if isinstance(optimizer, _tf().train.SyncReplicasOptimizer):
        raise ValueError("SyncReplicasOptimizer does not support multi optimizers case. Therefore, it is not supported "
                         "in DNNLinearCombined model. If you want to use this optimizer, please use either DNN or "
                         "Linear model.")


def _check_columns(linear_feature_columns, dnn_feature_columns):
    columns = list(linear_feature_columns or []) + list(dnn_feature_columns or [])
    if not columns:
        raise ValueError("Either linear_feature_columns or dnn_feature_columns must be defined.")
    return columns


def combined_model_fn(features, labels, mode, head, linear_feature_columns=None, linear_optimizer="Ftrl",
                      dnn_feature_columns=None, dnn_optimizer="Adagrad", dnn_hidden_units=None,
                      dnn_activation_fn=None, dnn_dropout=None, input_layer_partitioner=None, config=None,
                      batch_norm=False, linear_sparse_combiner="sum"):
    tf = _tf()
    check_features(features)
    if not linear_feature_columns and not dnn_feature_columns:
        raise ValueError("Either linear_feature_columns or dnn_feature_columns must be defined.")
    num_ps_replicas = config.num_ps_replicas if config else 0
    input_layer_partitioner = input_layer_partitioner or tf.min_max_variable_partitioner(
        max_partitions=num_ps_replicas, min_slice_size=64 << 20)
    dnn_part = linear_part = None
    if dnn_feature_columns:
        dnn_optimizer = get_optimizer_instance(dnn_optimizer, learning_rate=_DNN_LEARNING_RATE)
        _check_not_sync_replicas(dnn_optimizer)
        if not dnn_hidden_units:
            raise ValueError("dnn_hidden_units must be defined when dnn_feature_columns is specified.")
        with tf.variable_scope("dnn", values=tuple(features.values()),
                               partitioner=tf.min_max_variable_partitioner(max_partitions=num_ps_replicas)) as scope:
            dnn_part = (scope.name, dnn_logits(
                features, mode, head.logits_dimension, dnn_hidden_units, dnn_feature_columns,
                tf.nn.relu if dnn_activation_fn is None else dnn_activation_fn, dnn_dropout, input_layer_partitioner,
                batch_norm))
    if linear_feature_columns:
        linear_optimizer = get_optimizer_instance(
            linear_optimizer, learning_rate=_linear_learning_rate(len(linear_feature_columns)))
        _check_not_sync_replicas(linear_optimizer)
        with tf.variable_scope("linear", values=tuple(features.values()),
                               partitioner=input_layer_partitioner) as scope:
            logits = linear_logits(features, linear_feature_columns, head.logits_dimension, linear_sparse_combiner)
            layer_summary(logits, scope.name)
            linear_part = (scope.name, logits)
    if dnn_part and linear_part:
        logits = dnn_part[1] + linear_part[1]
    else:
        logits = (dnn_part or linear_part)[1]

    def _train_op_fn(loss):
        train_ops = []
        for part, optimizer in ((dnn_part, dnn_optimizer), (linear_part, linear_optimizer)):
            if part is not None:
                train_ops.append(optimizer.minimize(
                    loss, var_list=tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=part[0])))
        with tf.control_dependencies([tf.group(*train_ops)]):
            return tf.assign_add(tf.train.get_global_step(), 1).op

    return head.create_estimator_spec(features=features, mode=mode, labels=labels, train_op_fn=_train_op_fn,
                                      logits=logits)


def _model_fn_over(head, linear_feature_columns, linear_optimizer, dnn_feature_columns, dnn_optimizer,
                   dnn_hidden_units, dnn_activation_fn, dnn_dropout, input_layer_partitioner, batch_norm,
                   linear_sparse_combiner):
    return head_lib.model_fn_of(
        combined_model_fn, head=head, linear_feature_columns=linear_feature_columns,
        linear_optimizer=linear_optimizer, dnn_feature_columns=dnn_feature_columns, dnn_optimizer=dnn_optimizer,
        dnn_hidden_units=dnn_hidden_units, dnn_activation_fn=dnn_activation_fn, dnn_dropout=dnn_dropout,
        input_layer_partitioner=input_layer_partitioner, batch_norm=batch_norm,
        linear_sparse_combiner=linear_sparse_combiner)


@tf_export("estimator.DNNLinearCombinedClassifier")
class DNNLinearCombinedClassifier(Estimator):
    """Wide & deep classification: sigmoid (2 classes) or softmax cross entropy over the summed logits."""

    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl", dnn_feature_columns=None,
                 dnn_optimizer="Adagrad", dnn_hidden_units=None, dnn_activation_fn=None, dnn_dropout=None,
                 n_classes=2, weight_column=None, label_vocabulary=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False, linear_sparse_combiner="sum"):
        self._feature_columns = _check_columns(linear_feature_columns, dnn_feature_columns)
        head = head_lib.classifier_head(n_classes, weight_column, label_vocabulary, loss_reduction)
        super().__init__(model_fn=_model_fn_over(
            head, linear_feature_columns, linear_optimizer, dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
            dnn_activation_fn, dnn_dropout, input_layer_partitioner, batch_norm, linear_sparse_combiner),
            model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@tf_export("estimator.DNNLinearCombinedRegressor")
class DNNLinearCombinedRegressor(Estimator):
    """Wide & deep regression: squared error over `label_dimension` outputs of the summed logits."""

    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl", dnn_feature_columns=None,
                 dnn_optimizer="Adagrad", dnn_hidden_units=None, dnn_activation_fn=None, dnn_dropout=None,
                 label_dimension=1, weight_column=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False, linear_sparse_combiner="sum"):
        self._feature_columns = _check_columns(linear_feature_columns, dnn_feature_columns)
        head = head_lib.regression_head(label_dimension=label_dimension, weight_column=weight_column,
                                        loss_reduction=loss_reduction)
        super().__init__(model_fn=_model_fn_over(
            head, linear_feature_columns, linear_optimizer, dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
            dnn_activation_fn, dnn_dropout, input_layer_partitioner, batch_norm, linear_sparse_combiner),
            model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@tf_export("estimator.DNNLinearCombinedEstimator")
class DNNLinearCombinedEstimator(Estimator):
    """Wide & deep under a head the caller gives."""

    def __init__(self, head, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl",
                 dnn_feature_columns=None, dnn_optimizer="Adagrad", dnn_hidden_units=None, dnn_activation_fn=None,
                 dnn_dropout=None, input_layer_partitioner=None, config=None, linear_sparse_combiner="sum"):
        self._feature_columns = _check_columns(linear_feature_columns, dnn_feature_columns)
        super().__init__(model_fn=_model_fn_over(
            head, linear_feature_columns, linear_optimizer, dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
            dnn_activation_fn, dnn_dropout, input_layer_partitioner, False, linear_sparse_combiner),
            model_dir=model_dir, config=config)
