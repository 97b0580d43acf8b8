"""`tf.estimator`: the model_fn core of TF 1.x's Estimator API.

model_fn.py: EstimatorSpec and ModeKeys; run_config.py: RunConfig; estimator.py: Estimator (train, evaluate,
predict, export_saved_model) and WarmStartSettings; training.py: TrainSpec, EvalSpec, train_and_evaluate (local)
and the exporters; export.py: `tf.estimator.export` (receivers, ExportOutputs, signatures); inputs.py:
`tf.estimator.inputs` (numpy_input_fn, pandas_input_fn). The session-run hooks are tf.train's, under their
tf.estimator names too. canned/: TF 1.x's canned estimators (DNN, Linear, DNNLinearCombined and Baseline
classifiers / regressors / estimators, their v1 heads and default optimizers, classifier_parse_example_spec and
regressor_parse_example_spec); the boosted trees are not written: they say so."""

from __future__ import annotations

import sys as _sys

from ..framework.api import export_value as _export_value
from ..train import basic_hooks as _hooks
from ..train import session_run_hook as _run_hook
from ..train.warm_starting import VocabInfo
from . import export, inputs  # noqa: F401 - tf.estimator.export, tf.estimator.inputs
from .canned import (BaselineClassifier, BaselineEstimator, BaselineRegressor, DNNClassifier,  # noqa: F401
                     DNNEstimator, DNNLinearCombinedClassifier, DNNLinearCombinedEstimator, DNNLinearCombinedRegressor,
                     DNNRegressor, LinearClassifier, LinearEstimator, LinearRegressor, classifier_parse_example_spec,
                     regressor_parse_example_spec)
from .estimator import Estimator, WarmStartSettings  # noqa: F401
from .model_fn import EstimatorSpec, ModeKeys  # noqa: F401
from .run_config import RunConfig  # noqa: F401
from .training import EvalSpec, Exporter, FinalExporter, LatestExporter, TrainSpec, train_and_evaluate  # noqa: F401

_TRAIN_NAMES = dict(  # noqa: C408
    CheckpointSaverHook=_hooks.CheckpointSaverHook, CheckpointSaverListener=_hooks.CheckpointSaverListener,
    FeedFnHook=_hooks.FeedFnHook, FinalOpsHook=_hooks.FinalOpsHook, GlobalStepWaiterHook=_hooks.GlobalStepWaiterHook,
    LoggingTensorHook=_hooks.LoggingTensorHook, NanLossDuringTrainingError=_hooks.NanLossDuringTrainingError,
    NanTensorHook=_hooks.NanTensorHook, ProfilerHook=_hooks.ProfilerHook, SecondOrStepTimer=_hooks.SecondOrStepTimer,
    StepCounterHook=_hooks.StepCounterHook, StopAtStepHook=_hooks.StopAtStepHook,
    SummarySaverHook=_hooks.SummarySaverHook, SessionRunArgs=_run_hook.SessionRunArgs,
    SessionRunContext=_run_hook.SessionRunContext, SessionRunHook=_run_hook.SessionRunHook,
    SessionRunValues=_run_hook.SessionRunValues, VocabInfo=VocabInfo)
for _name, _value in _TRAIN_NAMES.items():
    _export_value([f"estimator.{_name}"], _value)
    globals()[_name] = _value

# TF 1.15's tf.estimator names sessionflow does not provide yet, with the reason.
NOT_PROVIDED = dict.fromkeys(
    ("BoostedTreesClassifier", "BoostedTreesEstimator", "BoostedTreesRegressor"),
    "the boosted-trees estimators need TF's BoostedTrees* resource ops (quantile sketches, tree ensembles), which "
    "are not written")
NOT_PROVIDED.update(BestExporter="BestExporter (reading eval event files to pick the best model) is not written yet",
                    add_metrics="add_metrics (wrapping an estimator's model_fn) is not written yet",
                    experimental="tf.estimator.experimental is not written yet",
                    tpu="tf.estimator.tpu: sessionflow has no TPU")


def __getattr__(name: str):
    if name in NOT_PROVIDED:
        raise AttributeError(f"module 'tensorflow.estimator' has no attribute {name!r}: tf.estimator.{name} is a "
                             f"TensorFlow 1.x API that sessionflow does not provide yet: {NOT_PROVIDED[name]}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}", name=name, obj=_sys.modules[__name__])
