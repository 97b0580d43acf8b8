"""What a `model_fn` returns: `EstimatorSpec` (checked as TF 1.x's estimator checks it) and the `ModeKeys` it is
called with."""

from __future__ import annotations

import collections

from ..framework.api import tf_export
from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.sparse_tensor import SparseTensor
from ..train.monitored_session import Scaffold
from ..train.session_run_hook import SessionRunHook

LOSS_METRIC_KEY = "loss"
AVERAGE_LOSS_METRIC_KEY = "average_loss"


@tf_export("estimator.ModeKeys")
class ModeKeys:
    """The three modes a model_fn is called in (TF 1.x's strings: PREDICT is `'infer'`)."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


def _as_tensor(value, name: str):
    if isinstance(value, SparseTensor):
        return value
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be Tensor, given: {value}")
    return value


def _check_tensor_or_operation(value, name: str) -> None:
    if not isinstance(value, (Operation, Tensor)):
        raise TypeError(f"{name} must be Operation or Tensor, given: {value}")


def _check_hooks(hooks, kind: str) -> tuple:
    hooks = tuple(hooks or ())
    for hook in hooks:
        if not isinstance(hook, SessionRunHook):
            raise TypeError(f"All hooks must be SessionRunHook instances, given: {hook}")
    return hooks


_FROM_DEFAULT_GRAPH = (
    '{0} with "{1}" must be from the default graph. Possible causes of this error include: \n\n'
    "1) {0} was created outside the context of the default graph.\n\n"
    '2) The object passed through to EstimatorSpec was not created in the most recent call to "model_fn".')


def _check_graph(value, what: str, label: str) -> None:
    if getattr(value, "graph", None) is not get_default_graph():
        raise ValueError(_FROM_DEFAULT_GRAPH.format(what, label))


_SPEC_FIELDS = ["mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs", "training_chief_hooks",
                "training_hooks", "scaffold", "evaluation_hooks", "prediction_hooks"]


@tf_export("estimator.EstimatorSpec")
class EstimatorSpec(collections.namedtuple("EstimatorSpec", _SPEC_FIELDS)):
    """The ops and objects a model_fn returns for one mode. TRAIN needs `loss` and `train_op`, EVAL `loss`,
    PREDICT `predictions`; a loss of one element is reshaped to a scalar; `export_outputs` defaults (in
    PREDICT) to one PredictOutput of the predictions under 'serving_default'. Every tensor must come from the
    default graph (the one the Estimator built for this call)."""

    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metric_ops=None, export_outputs=None,
                training_chief_hooks=None, training_hooks=None, scaffold=None, evaluation_hooks=None,
                prediction_hooks=None):
        from ..ops.array import reshape
        from . import export as export_lib

        if mode not in (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT):
            raise ValueError(f"mode={mode} unrecognized.")
        if train_op is None:
            if mode == ModeKeys.TRAIN:
                raise ValueError("Missing train_op.")
        else:
            _check_tensor_or_operation(train_op, "train_op")
        if loss is None:
            if mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
                raise ValueError("Missing loss.")
        else:
            loss = _as_tensor(loss, "loss")
            elements = loss.shape.num_elements()
            if elements not in (None, 1):
                raise ValueError(f"Loss must be scalar, given: {loss}")
            if loss.shape.ndims not in (None, 0):
                loss = reshape(loss, [])
        if predictions is None:
            if mode == ModeKeys.PREDICT:
                raise ValueError("Missing predictions.")
            predictions = {}
        elif isinstance(predictions, dict):
            predictions = {k: _as_tensor(v, f"predictions[{k}]") for k, v in predictions.items()}
        else:
            predictions = _as_tensor(predictions, "predictions")
        if eval_metric_ops is None:
            eval_metric_ops = {}
        else:
            if not isinstance(eval_metric_ops, dict):
                raise TypeError(f"eval_metric_ops must be a dict, given: {eval_metric_ops}")
            for key, value in eval_metric_ops.items():
                if not isinstance(value, tuple) or len(value) != 2:
                    raise TypeError("Values of eval_metric_ops must be (metric_value, update_op) tuples, given: "
                                    f"{value} for key: {key}")
                for member in _flatten(value[0]):
                    _check_tensor_or_operation(member, f"eval_metric_ops[{key}]")
                _check_tensor_or_operation(value[1], f"eval_metric_ops[{key}]")
        if mode == ModeKeys.PREDICT:
            export_outputs = export_lib.get_export_outputs(export_outputs, predictions)

        if isinstance(predictions, dict):
            for key, value in predictions.items():
                _check_graph(value, "prediction values", f"{key}: {value.name}")
        else:
            _check_graph(predictions, "prediction values", predictions.name)
        if loss is not None:
            _check_graph(loss, "loss", loss.name)
        if train_op is not None:
            _check_graph(train_op, "train_op", train_op.name)
        for key, (value, update) in eval_metric_ops.items():
            for member in _flatten(value):
                _check_graph(member, "eval_metric_ops", f"{key}: {member.name}")
            _check_graph(update, "eval_metric_ops", f"{key}: {update.name}")

        training_chief_hooks = _check_hooks(training_chief_hooks, "training_chief_hooks")
        training_hooks = _check_hooks(training_hooks, "training_hooks")
        evaluation_hooks = _check_hooks(evaluation_hooks, "evaluation_hooks")
        prediction_hooks = _check_hooks(prediction_hooks, "prediction_hooks")
        scaffold = scaffold or Scaffold()
        if not isinstance(scaffold, Scaffold):
            raise TypeError(f"scaffold must be tf.train.Scaffold. Given: {scaffold}")
        return super().__new__(cls, mode=mode, predictions=predictions, loss=loss, train_op=train_op,
                               eval_metric_ops=eval_metric_ops, export_outputs=export_outputs,
                               training_chief_hooks=training_chief_hooks, training_hooks=training_hooks,
                               scaffold=scaffold, evaluation_hooks=evaluation_hooks,
                               prediction_hooks=prediction_hooks)

    def _replace(self, **kwds):
        if "mode" in kwds and self.mode != kwds["mode"]:
            raise ValueError("mode of EstimatorSpec cannot be changed.")
        fields = self._asdict()
        fields.update(kwds)
        return EstimatorSpec(**fields)


def _flatten(value) -> list:
    if isinstance(value, (tuple, list)):
        return [leaf for item in value for leaf in _flatten(item)]
    return [value]
