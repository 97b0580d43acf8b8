"""tf.keras.metrics as Model.compile uses them: the per-sample metric functions (accuracies, and the losses
under their metric names) and how a compiled model resolves a metric given by name (tf_keras's v1 rules:
"accuracy"/"acc" is the binary, sparse or categorical accuracy depending on the loss and the output's last
dimension, and is reported as "acc"; other names report the function's name, "mae" as
"mean_absolute_error").
"""

from __future__ import annotations

from ..framework.api import tf_export
from ..layers.base import op
from . import backend_functions as K
from . import losses


def _floatx(x):
    return op("cast")(x, K.floatx())


@tf_export("keras.metrics.binary_accuracy")
def binary_accuracy(y_true, y_pred, threshold=0.5):
    y_pred = op("convert_to_tensor")(y_pred)
    threshold = op("cast")(threshold, y_pred.dtype.base_dtype)
    y_pred = op("cast")(y_pred > threshold, y_pred.dtype.base_dtype)
    y_true = op("cast")(y_true, y_pred.dtype.base_dtype)
    return op("reduce_mean")(_floatx(op("equal")(y_true, y_pred)), -1)


@tf_export("keras.metrics.categorical_accuracy")
def categorical_accuracy(y_true, y_pred):
    return _floatx(op("equal")(op("argmax")(y_true, -1), op("argmax")(y_pred, -1)))


@tf_export("keras.metrics.sparse_categorical_accuracy")
def sparse_categorical_accuracy(y_true, y_pred):
    y_pred = op("convert_to_tensor")(y_pred)
    y_true = op("convert_to_tensor")(y_true)
    pred_rank, true_rank = y_pred.shape.ndims, y_true.shape.ndims
    if true_rank is not None and pred_rank is not None and true_rank == pred_rank:
        y_true = op("squeeze")(y_true, [-1])
    y_pred = op("argmax")(y_pred, -1)
    if y_pred.dtype.base_dtype != y_true.dtype.base_dtype:
        y_pred = op("cast")(y_pred, y_true.dtype.base_dtype)
    return _floatx(op("equal")(y_true, y_pred))


_BY_NAME = {
    "binary_accuracy": binary_accuracy, "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    "mean_squared_error": losses.mean_squared_error, "mse": losses.mean_squared_error,
    "mean_absolute_error": losses.mean_absolute_error, "mae": losses.mean_absolute_error,
    "categorical_crossentropy": losses.categorical_crossentropy,
    "sparse_categorical_crossentropy": losses.sparse_categorical_crossentropy,
    "binary_crossentropy": losses.binary_crossentropy,
}


@tf_export("keras.metrics.get")
def get(identifier):
    if isinstance(identifier, str):
        found = _BY_NAME.get(identifier)
        if found is None:
            raise ValueError(f"Unknown metric function: '{identifier}'. Please ensure you are using a "
                             "`keras.utils.custom_object_scope` and that this object is included in the scope.")
        return found
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret metric identifier: {identifier}")


def _loss_function(loss):
    return getattr(loss, "fn", loss)


def for_compile(metric, loss, output):
    """(name, per-sample function) of a metric given to compile for an output with this loss."""
    if metric in ("accuracy", "acc", "crossentropy", "ce"):
        fn = _loss_function(loss)
        last = output.shape.as_list()[-1] if output.shape.ndims else None
        if metric in ("accuracy", "acc"):
            if last == 1 or fn is losses.binary_crossentropy:
                return "acc", binary_accuracy
            if fn is losses.sparse_categorical_crossentropy:
                return "acc", sparse_categorical_accuracy
            return "acc", categorical_accuracy
        if last == 1 or fn is losses.binary_crossentropy:
            return "ce", losses.binary_crossentropy
        if fn is losses.sparse_categorical_crossentropy:
            return "ce", losses.sparse_categorical_crossentropy
        return "ce", losses.categorical_crossentropy
    if not isinstance(metric, str) and not callable(metric):
        raise ValueError(f"Could not interpret metric identifier: {metric}")
    fn = get(metric)
    if isinstance(fn, losses.Loss) or hasattr(fn, "update_state"):
        raise NotImplementedError("compile(metrics=[a metric object]) is not provided yet; name the metric "
                                  "or pass its function")
    return fn.__name__, fn
