"""`tf.estimator.train_and_evaluate` run locally (sessionflow has no cluster): training with an evaluation after
each new checkpoint (at most one per `EvalSpec.throttle_secs`) and one at the end, as TF 1.x's local
executor does, through a CheckpointSaverListener; the exporters (`FinalExporter`, `LatestExporter`) export after
the evaluations."""

from __future__ import annotations

import collections
import os

from .._behaviour import logging
from ..framework.api import tf_export
from ..framework.graph import GraphKeys
from ..train.basic_hooks import CheckpointSaverListener, SecondOrStepTimer
from ..train.session_run_hook import SessionRunHook
from .estimator import Estimator


def _check_hooks(hooks) -> tuple:
    hooks = tuple(hooks or ())
    for hook in hooks:
        if not isinstance(hook, SessionRunHook):
            raise TypeError(f"All hooks must be SessionRunHook instances, given: {hook}")
    return hooks


@tf_export("estimator.TrainSpec")
class TrainSpec(collections.namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks", "saving_listeners"])):
    """The training half of train_and_evaluate: its input_fn, the global step to stop at (None: until the
    input ends) and hooks."""

    def __new__(cls, input_fn, max_steps=None, hooks=None, saving_listeners=None):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        return super().__new__(cls, input_fn=input_fn, max_steps=max_steps, hooks=_check_hooks(hooks),
                               saving_listeners=tuple(saving_listeners or ()))


@tf_export("estimator.EvalSpec")
class EvalSpec(collections.namedtuple("EvalSpec", ["input_fn", "steps", "name", "hooks", "exporters",
                                                   "start_delay_secs", "throttle_secs"])):
    """The evaluation half of train_and_evaluate: its input_fn, `steps` batches per evaluation (None: the whole
    input), the eval folder's `name`, hooks, exporters, and the least seconds between two evaluations."""

    def __new__(cls, input_fn, steps=100, name=None, hooks=None, exporters=None, start_delay_secs=120,
                throttle_secs=600):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"`name` must be string, given: {name}")
        if exporters is None:
            exporters = ()
        elif isinstance(exporters, Exporter):
            exporters = (exporters,)
        else:
            exporters = tuple(exporters)
            for exporter in exporters:
                if not isinstance(exporter, Exporter):
                    raise TypeError(f"`exporters` must be an Exporter, an iterable of Exporter, or `None`, found "
                                    f"{exporter}.")
            names = [e.name for e in exporters]
            if len(set(names)) != len(names):
                raise ValueError(f"`exporters` must have unique names. Such a name cannot be `None`. {names}")
        if start_delay_secs < 0:
            raise ValueError(f"Must specify start_delay_secs >= 0, given: {start_delay_secs}")
        if throttle_secs < 0:
            raise ValueError(f"Must specify throttle_secs >= 0, given: {throttle_secs}")
        return super().__new__(cls, input_fn=input_fn, steps=steps, name=name, hooks=_check_hooks(hooks),
                               exporters=exporters, start_delay_secs=start_delay_secs, throttle_secs=throttle_secs)


@tf_export("estimator.Exporter")
class Exporter:
    """Exports a model after an evaluation: `export(estimator, export_path, checkpoint_path, eval_result,
    is_the_final_export)` returns the export's path or None."""

    @property
    def name(self):
        raise NotImplementedError

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        raise NotImplementedError


class _SavedModelExporter(Exporter):
    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False):
        if not name:
            raise ValueError("Exporter name must be a non-empty string.")
        self._name = name
        self._receiver_fn = serving_input_receiver_fn
        self._assets_extra = assets_extra
        self._as_text = as_text

    name = property(lambda self: self._name)

    def _save(self, estimator, export_path, checkpoint_path):
        return estimator.export_saved_model(export_path, self._receiver_fn, assets_extra=self._assets_extra,
                                            as_text=self._as_text, checkpoint_path=checkpoint_path)


@tf_export("estimator.FinalExporter")
class FinalExporter(_SavedModelExporter):
    """Exports a SavedModel once, after the final evaluation."""

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        if not is_the_final_export:
            return None
        logging.info("Performing the final export in the end of training.")
        return self._save(estimator, export_path, checkpoint_path)


@tf_export("estimator.LatestExporter")
class LatestExporter(_SavedModelExporter):
    """Exports a SavedModel after every evaluation, keeping the newest `exports_to_keep` (None: all)."""

    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False, exports_to_keep=5):
        super().__init__(name, serving_input_receiver_fn, assets_extra, as_text)
        if exports_to_keep is not None and exports_to_keep <= 0:
            raise ValueError(f"`exports_to_keep`, if provided, must be a positive number. Got {exports_to_keep}")
        self._exports_to_keep = exports_to_keep

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        path = self._save(estimator, export_path, checkpoint_path)
        if self._exports_to_keep is not None:
            stamps = sorted(int(d) for d in os.listdir(export_path) if d.isdigit())
            for stamp in stamps[:-self._exports_to_keep]:
                import shutil

                shutil.rmtree(os.path.join(export_path, str(stamp)), ignore_errors=True)
        return path


class _Evaluator:
    """Evaluates each new checkpoint once and runs the exporters after it."""

    def __init__(self, estimator, eval_spec, max_training_steps):
        self._estimator = estimator
        self._spec = eval_spec
        self._max_training_steps = max_training_steps
        self._previous_checkpoint = None

    def evaluate_and_export(self):
        checkpoint = self._estimator.latest_checkpoint()
        if not checkpoint:
            logging.warning("Estimator is not trained yet. Will start an evaluation when a checkpoint is ready.")
            return None, []
        if checkpoint == self._previous_checkpoint:
            logging.warning("No new checkpoint ready for evaluation. Skip the current evaluation pass as evaluation "
                            "results are expected to be same for the same checkpoint.")
            return None, []
        metrics = self._estimator.evaluate(self._spec.input_fn, steps=self._spec.steps, name=self._spec.name,
                                           checkpoint_path=checkpoint, hooks=self._spec.hooks)
        if not metrics:
            raise ValueError("Internal error: `Estimator.evaluate` should never return empty metrics.")
        if GraphKeys.GLOBAL_STEP not in metrics:
            raise ValueError(f"Internal error: `Estimator.evaluate` result should have `global_step` in result. "
                             f"Given {metrics}")
        final = bool(self._max_training_steps) and metrics[GraphKeys.GLOBAL_STEP] >= self._max_training_steps
        base = os.path.join(self._estimator.model_dir, "export")
        exports = [exporter.export(estimator=self._estimator, export_path=os.path.join(base, exporter.name),
                                   checkpoint_path=checkpoint, eval_result=metrics, is_the_final_export=final)
                   for exporter in self._spec.exporters]
        self._previous_checkpoint = checkpoint
        return metrics, exports


class _EvaluateAfterNewCheckpoint(CheckpointSaverListener):
    """Evaluates after a checkpoint is saved (the first one, of the untrained model, excepted) at most once per
    `throttle_secs`, and after the last one."""

    def __init__(self, evaluator, throttle_secs):
        self._evaluator = evaluator
        self._throttle_secs = throttle_secs
        self._timer = SecondOrStepTimer(every_secs=throttle_secs)
        self._is_first_run = True
        self.eval_result = None
        self.export_results = []

    def after_save(self, session, global_step_value):
        if self._is_first_run:
            self._is_first_run = False
            return False
        if self._timer.should_trigger_for_step(global_step_value):
            self._evaluate(global_step_value)
        else:
            logging.info(f"Skip the current checkpoint eval due to throttle secs ({self._throttle_secs} secs).")
        return False

    def end(self, session, global_step_value):
        if global_step_value != self._timer.last_triggered_step():
            self._evaluate(global_step_value)

    def _evaluate(self, global_step_value):
        self._timer.update_last_triggered_step(global_step_value)
        metrics, exports = self._evaluator.evaluate_and_export()
        if metrics is None:
            raise RuntimeError("There was no new checkpoint after the training. Eval status: no new checkpoint")
        self.eval_result, self.export_results = metrics, exports


@tf_export("estimator.train_and_evaluate")
def train_and_evaluate(estimator, train_spec, eval_spec):
    """Trains `estimator` per `train_spec`, evaluating per `eval_spec` after new checkpoints and at the end;
    returns (the last evaluation's metrics, the exporters' results)."""
    if not isinstance(estimator, Estimator):
        raise TypeError(f"`estimator` must have type `tf.estimator.Estimator`. Got: {type(estimator)}")
    if not isinstance(train_spec, TrainSpec):
        raise TypeError(f"`train_spec` must have type `tf.estimator.TrainSpec`. Got: {type(train_spec)}")
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError(f"`eval_spec` must have type `tf.estimator.EvalSpec`. Got: {type(eval_spec)}")
    logging.info("Running training and evaluation locally (non-distributed).")
    config = estimator.config
    logging.info("Start train and evaluate loop. The evaluate will happen after every checkpoint. Checkpoint "
                 f"frequency is determined based on RunConfig arguments: save_checkpoints_steps "
                 f"{config.save_checkpoints_steps} or save_checkpoints_secs {config.save_checkpoints_secs}.")
    if eval_spec.throttle_secs <= 0:
        raise ValueError(f"eval_spec.throttle_secs should be positive, given: {eval_spec.throttle_secs}. It is used "
                         "do determine how long each training iteration should go when train and evaluate locally.")
    evaluator = _Evaluator(estimator, eval_spec, train_spec.max_steps)
    listener = _EvaluateAfterNewCheckpoint(evaluator, eval_spec.throttle_secs)
    estimator.train(input_fn=train_spec.input_fn, max_steps=train_spec.max_steps, hooks=list(train_spec.hooks),
                    saving_listeners=[listener] + list(train_spec.saving_listeners))
    return listener.eval_result, listener.export_results
