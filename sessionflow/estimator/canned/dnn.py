"""DNNClassifier, DNNRegressor and DNNEstimator: feed-forward networks over tf.feature_column inputs, built as TF
1.x's canned DNN builds them: in variable scope `dnn` (partitioned by `min_max_variable_partitioner` over the
parameter servers: `.../part_0` alone on one machine), the input layer in `dnn/input_from_feature_columns`, then
`dnn/hiddenlayer_<i>` and `dnn/logits` dense layers with Glorot-uniform kernels, each followed by its
zero-fraction and activation summaries. Adagrad (0.05) trains by default."""

from __future__ import annotations

from ...framework.api import tf_export
from ..estimator import Estimator
from ..model_fn import ModeKeys
from . import head as head_lib
from .optimizers import get_optimizer_instance

_LEARNING_RATE = 0.05


def _tf():
    import sessionflow
    return sessionflow


def layer_summary(value, tag):
    """The summaries TF's canned models write of each layer's output."""
    tf = _tf()
    tf.summary.scalar(f"{tag}/fraction_of_zero_values", tf.nn.zero_fraction(value))
    tf.summary.histogram(f"{tag}/activation", value)


def check_features(features):
    if not isinstance(features, dict):
        raise ValueError(f"features should be a dictionary of `Tensor`s. Given type: {type(features)}")


def dnn_logits(features, mode, units, hidden_units, feature_columns, activation_fn, dropout, input_layer_partitioner,
               batch_norm):
    """The logits of the network, built in the current variable scope (the caller's `dnn`)."""
    tf = _tf()
    if not isinstance(units, int):
        raise ValueError(f"units must be an int.  Given type: {type(units)}")
    is_training = mode == ModeKeys.TRAIN
    with tf.variable_scope("input_from_feature_columns", partitioner=input_layer_partitioner):
        net = tf.feature_column.input_layer(features, feature_columns)
    for index, width in enumerate(hidden_units):
        with tf.variable_scope(f"hiddenlayer_{index}") as scope:
            layer = tf.layers.Dense(width, activation=activation_fn, kernel_initializer=tf.glorot_uniform_initializer(),
                                    name=scope, _scope=scope)
            net = layer(net)
            if dropout is not None and is_training:
                net = tf.layers.Dropout(rate=dropout)(net, training=True)
            if batch_norm:
                norm = tf.layers.BatchNormalization(momentum=0.999, trainable=True, name=f"batchnorm_{index}")
                net = norm(net, training=is_training)
        layer_summary(net, scope.name)
    with tf.variable_scope("logits") as scope:
        logits = tf.layers.Dense(units, activation=None, kernel_initializer=tf.glorot_uniform_initializer(),
                                 name=scope, _scope=scope)(net)
    layer_summary(logits, scope.name)
    return logits


def dnn_model_fn(features, labels, mode, head, hidden_units, feature_columns, optimizer="Adagrad",
                 activation_fn=None, dropout=None, input_layer_partitioner=None, config=None, batch_norm=False):
    """The canned DNN's model_fn: the network's logits given to `head`, trained by `optimizer`."""
    tf = _tf()
    activation_fn = tf.nn.relu if activation_fn is None else activation_fn
    optimizer = get_optimizer_instance(optimizer, learning_rate=_LEARNING_RATE)
    check_features(features)
    num_ps_replicas = config.num_ps_replicas if config else 0
    partitioner = tf.min_max_variable_partitioner(max_partitions=num_ps_replicas)
    with tf.variable_scope("dnn", values=tuple(features.values()), partitioner=partitioner):
        input_layer_partitioner = input_layer_partitioner or tf.min_max_variable_partitioner(
            max_partitions=num_ps_replicas, min_slice_size=64 << 20)
        logits = dnn_logits(features, mode, head.logits_dimension, hidden_units, feature_columns, activation_fn,
                            dropout, input_layer_partitioner, batch_norm)
        return head.create_estimator_spec(features=features, mode=mode, labels=labels, optimizer=optimizer,
                                          logits=logits)


@tf_export("estimator.DNNClassifier")
class DNNClassifier(Estimator):
    """A feed-forward classifier: softmax cross entropy over `n_classes` (sigmoid for 2), the loss summed over
    the batch (`loss_reduction`)."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2, weight_column=None,
                 label_vocabulary=None, optimizer="Adagrad", activation_fn=None, dropout=None,
                 input_layer_partitioner=None, config=None, warm_start_from=None, loss_reduction=None,
                 batch_norm=False):
        head = head_lib.classifier_head(n_classes, weight_column, label_vocabulary, loss_reduction)
        feature_columns = tuple(feature_columns or [])

        model_fn = head_lib.model_fn_of(dnn_model_fn, head=head, hidden_units=hidden_units,
                                        feature_columns=feature_columns, optimizer=optimizer,
                                        activation_fn=activation_fn, dropout=dropout,
                                        input_layer_partitioner=input_layer_partitioner, batch_norm=batch_norm)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@tf_export("estimator.DNNRegressor")
class DNNRegressor(Estimator):
    """A feed-forward regressor: squared error over `label_dimension` outputs, summed over the batch."""

    def __init__(self, hidden_units, feature_columns, model_dir=None, label_dimension=1, weight_column=None,
                 optimizer="Adagrad", activation_fn=None, dropout=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False):
        head = head_lib.regression_head(label_dimension=label_dimension, weight_column=weight_column,
                                        loss_reduction=loss_reduction)
        feature_columns = tuple(feature_columns or [])

        model_fn = head_lib.model_fn_of(dnn_model_fn, head=head, hidden_units=hidden_units,
                                        feature_columns=feature_columns, optimizer=optimizer,
                                        activation_fn=activation_fn, dropout=dropout,
                                        input_layer_partitioner=input_layer_partitioner, batch_norm=batch_norm)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)


@tf_export("estimator.DNNEstimator")
class DNNEstimator(Estimator):
    """A feed-forward network under a head the caller gives."""

    def __init__(self, head, hidden_units, feature_columns, model_dir=None, optimizer="Adagrad", activation_fn=None,
                 dropout=None, input_layer_partitioner=None, config=None, warm_start_from=None, batch_norm=False):
        feature_columns = tuple(feature_columns or [])

        model_fn = head_lib.model_fn_of(dnn_model_fn, head=head, hidden_units=hidden_units,
                                        feature_columns=feature_columns, optimizer=optimizer,
                                        activation_fn=activation_fn, dropout=dropout,
                                        input_layer_partitioner=input_layer_partitioner, batch_norm=batch_norm)
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config, warm_start_from=warm_start_from)
