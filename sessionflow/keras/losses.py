"""tf.keras.losses in graph mode: the per-sample loss functions (mean over the last axis, as tf_keras's) and
their class forms, which reduce the per-sample values to one number (the sum over the batch size by default).

The crossentropies take the logits behind a Softmax / Sigmoid output when they are given probabilities,
as tf_keras's backend does, so that `Dense(..., activation="softmax")` + `"categorical_crossentropy"` is
computed from the logits.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..layers.base import op
from . import backend_functions as K


def _tensor(x, dtype=None):
    return op("convert_to_tensor")(x, dtype=dtype)


def _logits_behind(output, from_logits: bool, op_type: str):
    """The logits of an output made by `op_type` (Softmax / Sigmoid) and whether the loss reads logits."""
    if hasattr(output, "_keras_logits"):
        return output._keras_logits, True
    if isinstance(output, Tensor) and output.op.type == op_type and len(output.op.inputs) == 1:
        return output.op.inputs[0], True
    return output, from_logits


# --- tf.keras.backend's crossentropies ------------------------------------------------------------

@tf_export("keras.backend.categorical_crossentropy")
def backend_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _tensor(target), _tensor(output)
    output, from_logits = _logits_behind(output, from_logits, "Softmax")
    if from_logits:
        return op("nn.softmax_cross_entropy_with_logits_v2")(labels=target, logits=output, axis=axis)
    output = output / op("reduce_sum")(output, axis, True)
    eps = op("constant")(K.epsilon(), dtype=output.dtype.base_dtype)
    output = op("clip_by_value")(output, eps, 1.0 - eps)
    return -op("reduce_sum")(target * op("log")(output), axis)


@tf_export("keras.backend.sparse_categorical_crossentropy")
def backend_sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _tensor(target), _tensor(output)
    target = op("cast")(target, dtypes.int64)
    output, from_logits = _logits_behind(output, from_logits, "Softmax")
    if not from_logits:
        eps = op("constant")(K.epsilon(), dtype=output.dtype.base_dtype)
        output = op("log")(op("clip_by_value")(output, eps, 1 - eps))
    rank = output.shape.ndims
    if rank is not None:
        axis %= rank
        if axis != rank - 1:
            output = op("transpose")(output, perm=[*range(axis), *range(axis + 1, rank), axis])
    elif axis != -1:
        raise ValueError(f"Cannot compute sparse categorical crossentropy with `axis={axis}` on an output tensor "
                         "with unknown rank")
    output_shape = op("shape")(output)
    reshape = target.shape.ndims is not None and rank is not None and target.shape.ndims != rank - 1
    if reshape:
        target = op("reshape")(target, [-1])
        output = op("reshape")(output, [-1, output_shape[-1]])
    result = op("nn.sparse_softmax_cross_entropy_with_logits")(labels=target, logits=output)
    if reshape and rank >= 3:
        result = op("reshape")(result, output_shape[:-1])
    return result


@tf_export("keras.backend.binary_crossentropy")
def backend_binary_crossentropy(target, output, from_logits=False):
    target, output = _tensor(target), _tensor(output)
    output, from_logits = _logits_behind(output, from_logits, "Sigmoid")
    if from_logits:
        return op("nn.sigmoid_cross_entropy_with_logits")(labels=target, logits=output)
    eps = op("constant")(K.epsilon(), dtype=output.dtype.base_dtype)
    output = op("clip_by_value")(output, eps, 1.0 - eps)
    bce = target * op("log")(output + K.epsilon())
    bce += (1 - target) * op("log")(1 - output + K.epsilon())
    return -bce


# --- the loss functions ---------------------------------------------------------------------------

def _pair(y_true, y_pred):
    y_pred = _tensor(y_pred)
    return op("cast")(_tensor(y_true), y_pred.dtype.base_dtype), y_pred


def _mean(x, axis=-1):
    return op("reduce_mean")(x, axis)


@tf_export("keras.losses.mean_squared_error", "keras.losses.mse", "keras.losses.MSE",
           "keras.metrics.mean_squared_error", "keras.metrics.mse", "keras.metrics.MSE")
def mean_squared_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    return _mean(op("math.squared_difference")(y_pred, y_true))


@tf_export("keras.losses.mean_absolute_error", "keras.losses.mae", "keras.losses.MAE",
           "keras.metrics.mean_absolute_error", "keras.metrics.mae", "keras.metrics.MAE")
def mean_absolute_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    return _mean(op("abs")(y_pred - y_true))


def _smoothed(y_true, label_smoothing, classes):
    if not label_smoothing:
        return y_true
    return y_true * (1.0 - label_smoothing) + label_smoothing / classes


@tf_export("keras.losses.categorical_crossentropy", "keras.metrics.categorical_crossentropy")
def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = _pair(y_true, y_pred)
    if label_smoothing:
        classes = op("cast")(op("shape")(y_true)[-1], y_pred.dtype.base_dtype)
        y_true = _smoothed(y_true, label_smoothing, classes)
    return backend_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


@tf_export("keras.losses.sparse_categorical_crossentropy", "keras.metrics.sparse_categorical_crossentropy")
def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1, ignore_class=None):
    if ignore_class is not None:
        raise NotImplementedError("sparse_categorical_crossentropy(ignore_class=...) is not provided yet")
    return backend_sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


@tf_export("keras.losses.binary_crossentropy", "keras.metrics.binary_crossentropy")
def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = _smoothed(y_true, label_smoothing, 2.0)
    return _mean(backend_binary_crossentropy(y_true, y_pred, from_logits=from_logits), axis)


# --- the class forms ------------------------------------------------------------------------------

_REDUCTIONS = ("auto", "none", "sum", "sum_over_batch_size")


@tf_export("keras.losses.Reduction")
class Reduction:
    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls):
        return _REDUCTIONS

    @classmethod
    def validate(cls, key):
        if key not in _REDUCTIONS:
            raise ValueError(f'Invalid Reduction Key: {key}. Expected keys are "{_REDUCTIONS}"')


def reduce_weighted(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Per-sample losses times their weights, reduced as `reduction` says (tf_keras's compute_weighted_loss:
    the sum over the batch size divides the weighted sum by the number of per-sample values)."""
    values = _tensor(values)
    if sample_weight is not None:
        weights = op("cast")(_tensor(sample_weight), values.dtype.base_dtype)
        values = op("multiply")(values, weights)
    if reduction == "none":
        return values
    total = op("reduce_sum")(values)
    if reduction == "sum":
        return total
    count = op("cast")(op("size")(values, name="num_elements"), values.dtype.base_dtype)
    return op("math.divide_no_nan")(total, count, name="value")


@tf_export("keras.losses.Loss")
class Loss:
    """A loss object: `loss(y_true, y_pred, sample_weight=None)` reduces `call`'s per-sample values."""

    def __init__(self, reduction="auto", name=None):
        Reduction.validate(reduction)
        self.reduction = reduction
        self.name = name

    def __call__(self, y_true, y_pred, sample_weight=None):
        with get_default_graph().name_scope(self.name or type(self).__name__):
            values = self.call(y_true, y_pred)
            reduction = "sum_over_batch_size" if self.reduction == "auto" else self.reduction
            return reduce_weighted(values, sample_weight, reduction)

    def call(self, y_true, y_pred):
        raise NotImplementedError("Must be implemented in subclasses.")

    def get_config(self):
        return {"reduction": self.reduction, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class LossFunctionWrapper(Loss):
    """A Loss over a per-sample loss function and its keyword arguments."""

    def __init__(self, fn, reduction="auto", name=None, **kwargs):
        super().__init__(reduction=reduction, name=name)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        return {**self._fn_kwargs, **super().get_config()}


def _loss_class(public: str, fn, default_name: str, keywords: tuple = ()):
    def __init__(self, *args, reduction="auto", name=default_name, **kwargs):
        given = dict(zip(keywords, args))
        given.update(kwargs)
        unknown = set(given) - set(keywords)
        if unknown:
            raise TypeError(f"{public}.__init__() got an unexpected keyword argument '{sorted(unknown)[0]}'")
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, **given)

    cls = type(public, (LossFunctionWrapper,), {"__init__": __init__, "__doc__": f"The class form of {fn.__name__}.",
                                                "_keywords": keywords})
    return tf_export(f"keras.losses.{public}")(cls)


MeanSquaredError = _loss_class("MeanSquaredError", mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _loss_class("MeanAbsoluteError", mean_absolute_error, "mean_absolute_error")
CategoricalCrossentropy = _loss_class("CategoricalCrossentropy", categorical_crossentropy,
                                      "categorical_crossentropy", ("from_logits", "label_smoothing", "axis"))
SparseCategoricalCrossentropy = _loss_class("SparseCategoricalCrossentropy", sparse_categorical_crossentropy,
                                            "sparse_categorical_crossentropy", ("from_logits", "ignore_class"))
BinaryCrossentropy = _loss_class("BinaryCrossentropy", binary_crossentropy, "binary_crossentropy",
                                 ("from_logits", "label_smoothing", "axis"))

_BY_NAME = {
    "mean_squared_error": mean_squared_error, "mse": mean_squared_error, "MSE": mean_squared_error,
    "mean_absolute_error": mean_absolute_error, "mae": mean_absolute_error, "MAE": mean_absolute_error,
    "categorical_crossentropy": categorical_crossentropy, "binary_crossentropy": binary_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
    "MeanSquaredError": MeanSquaredError, "MeanAbsoluteError": MeanAbsoluteError,
    "CategoricalCrossentropy": CategoricalCrossentropy, "BinaryCrossentropy": BinaryCrossentropy,
    "SparseCategoricalCrossentropy": SparseCategoricalCrossentropy,
}


@tf_export("keras.losses.get")
def get(identifier):
    """A loss function (or Loss object) from a name, a config dict, a function or a Loss."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        found = _BY_NAME.get(identifier)
        if found is None:
            raise ValueError(f"Unknown loss function: '{identifier}'. Please ensure you are using a "
                             "`keras.utils.custom_object_scope` and that this object is included in the scope.")
        return found() if isinstance(found, type) else found
    if isinstance(identifier, dict):
        cls = _BY_NAME.get(identifier.get("class_name"))
        if not isinstance(cls, type):
            raise ValueError(f"Unknown loss function: '{identifier.get('class_name')}'.")
        config = {k: v for k, v in identifier.get("config", {}).items() if k != "fn"}  # (tf_keras writes it)
        return cls.from_config(config)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret loss function identifier: {identifier}")


@tf_export("keras.losses.serialize")
def serialize(loss):
    if isinstance(loss, Loss):
        return {"class_name": type(loss).__name__, "config": loss.get_config()}
    return loss.__name__
