"""`tf.estimator.Estimator`: a model_fn trained, evaluated, used for prediction and exported, each in a fresh graph,
as TF 1.x's estimator does it.

Each call builds a new Graph: the graph seed (`RunConfig.tf_random_seed`), the global step, the input_fn's
tensors, then the model_fn's EstimatorSpec. `train` runs it in a MonitoredTrainingSession over `model_dir`
(checkpoints `model.ckpt-<step>`, the events of the loss summary and `global_step/sec`, `loss = ..., step = ...`
log lines); `evaluate` restores the latest checkpoint, runs the metrics' update ops until the input ends or
`steps` runs, and writes the metric values to `model_dir/eval[_name]`; `predict` yields predictions;
`export_saved_model` writes a SavedModel of the PREDICT graph under `export_dir_base/<timestamp>`.
"""

from __future__ import annotations

import inspect
import os
import tempfile

import numpy as np

from .._behaviour import logging
from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import Graph, GraphKeys, get_default_graph
from ..framework.seeds import set_random_seed
from ..io import protos
from ..summary.writer import FileWriterCache
from ..train import basic_hooks, evaluation
from ..train.global_step import create_global_step, get_global_step
from ..train.monitored_session import ChiefSessionCreator, MonitoredSession, MonitoredTrainingSession, Scaffold
from ..train.saver import Saver, latest_checkpoint, list_variables, load_variable
from ..train.session_run_hook import SessionRunHook
from . import export as export_lib
from .model_fn import LOSS_METRIC_KEY, EstimatorSpec, ModeKeys
from .run_config import RunConfig, default_session_config


def _fn_args(fn) -> tuple:
    """The names a function (or functools.partial, or callable object) takes by keyword."""
    try:
        parameters = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return ()
    return tuple(name for name, p in parameters.items()
                 if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


def _check_hooks_type(hooks) -> list:
    hooks = list(hooks or [])
    for hook in hooks:
        if not isinstance(hook, SessionRunHook):
            raise TypeError(f"Hooks must be a SessionRunHook, given: {hook}")
    return hooks


def _check_listeners_type(listeners) -> list:
    listeners = list(listeners or [])
    for listener in listeners:
        if not isinstance(listener, basic_hooks.CheckpointSaverListener):
            raise TypeError(f"saving_listeners must be a list of CheckpointSaverListener, given: {listener}")
    return listeners


class _DatasetInitializerHook(SessionRunHook):
    """Initializes the iterator the Estimator made over an input_fn's Dataset once the session exists."""

    def __init__(self, iterator):
        self._iterator = iterator

    def begin(self):
        self._initializer = self._iterator.initializer

    def after_create_session(self, session, coord):
        session.run(self._initializer)


def parse_input_fn_result(result):
    """(features, labels, input hooks) of what an input_fn returned: a Dataset (of features or of (features,
    labels)), a (features, labels) pair, or features alone."""
    from ..data.dataset import DatasetV2

    hooks = []
    if isinstance(result, DatasetV2):
        from ..data.iterator import Iterator

        iterator = Iterator._initializable(result, None)
        hooks.append(_DatasetInitializerHook(iterator))
        result = iterator.get_next()
    if isinstance(result, (list, tuple)):
        if len(result) != 2:
            raise ValueError("input_fn should return (features, labels) as a len 2 tuple.")
        return result[0], result[1], hooks
    return result, None, hooks


def _has_input_pipeline(features) -> bool:
    graph = get_default_graph()
    if graph.get_collection(GraphKeys.QUEUE_RUNNERS):
        return True
    return any(op.type in ("IteratorGetNext", "IteratorV2", "OneShotIterator", "Iterator")
               for op in graph.get_operations())


@tf_export("estimator.WarmStartSettings")
class WarmStartSettings(tuple):
    """Where and what to warm-start from: `(ckpt_to_initialize_from, vars_to_warm_start='.*',
    var_name_to_vocab_info=None, var_name_to_prev_var_name=None)`, the arguments of tf.train.warm_start."""

    _fields = ("ckpt_to_initialize_from", "vars_to_warm_start", "var_name_to_vocab_info", "var_name_to_prev_var_name")

    def __new__(cls, ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
                var_name_to_prev_var_name=None):
        if not ckpt_to_initialize_from:
            raise ValueError("Need to specify `ckpt_to_initialize_from` in WarmStartSettings.")
        return super().__new__(cls, (ckpt_to_initialize_from, vars_to_warm_start, var_name_to_vocab_info or {},
                                     var_name_to_prev_var_name or {}))

    ckpt_to_initialize_from = property(lambda self: self[0])
    vars_to_warm_start = property(lambda self: self[1])
    var_name_to_vocab_info = property(lambda self: self[2])
    var_name_to_prev_var_name = property(lambda self: self[3])

    def __repr__(self):
        fields = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"WarmStartSettings({fields})"


def _warm_start_settings(warm_start_from):
    if warm_start_from is None:
        return None
    if isinstance(warm_start_from, (str, bytes, os.PathLike)):
        path = os.fsdecode(warm_start_from)
        variables_dir = os.path.join(path, "variables")
        if os.path.isdir(variables_dir) and os.path.exists(os.path.join(variables_dir, "variables.index")):
            logging.info("Warm-starting from a SavedModel")
            return WarmStartSettings(os.path.join(variables_dir, "variables"))
        return WarmStartSettings(path)
    if isinstance(warm_start_from, WarmStartSettings):
        return warm_start_from
    raise ValueError(f"warm_start_from must be a string or a WarmStartSettings, instead got {type(warm_start_from)}")


def _dict_to_str(dictionary) -> str:
    return ", ".join(f"{k} = {v!s}" for k, v in sorted(dictionary.items()) if not isinstance(v, bytes))


def _write_dict_to_summary(output_dir, dictionary, current_global_step) -> None:
    """Writes each scalar of `dictionary` (but global_step) as a simple_value at `current_global_step`."""
    logging.info("Saving dict for global step %d: %s", current_global_step, _dict_to_str(dictionary))
    writer = FileWriterCache.get(output_dir)
    summary = protos.Summary()
    for key, value in dictionary.items():
        if value is None or key == "global_step":
            continue
        if isinstance(value, (bool, np.bool_)):
            value = int(value)
        if isinstance(value, (int, float, np.integer, np.floating)) or (
                isinstance(value, np.ndarray) and value.size == 1):
            summary.value.add(tag=key, simple_value=float(value))
        elif isinstance(value, bytes):
            parsed = protos.Summary()
            parsed.ParseFromString(value)
            summary.value.extend(parsed.value)
        else:
            logging.warning("Skipping summary for %s, must be a float, np.float32, np.int64, np.int32 or int or a "
                            "serialized string of Summary.", key)
    writer.add_summary(summary, current_global_step)
    writer.flush()


def _write_checkpoint_path_to_summary(output_dir, checkpoint_path, current_global_step) -> None:
    logging.info("Saving 'checkpoint_path' summary for global step %d: %s", current_global_step, checkpoint_path)
    summary = protos.Summary()
    summary.value.add(tag="checkpoint_path", tensor=protos.tensor_to_proto(np.array(checkpoint_path.encode(), dtype=object)))
    writer = FileWriterCache.get(output_dir)
    writer.add_summary(summary, current_global_step)
    writer.flush()


def _extract_metric_update_ops(eval_metric_ops):
    """(one grouped update op, the metric values by name), the names in sorted order as TF groups them."""
    from ..ops.control_flow import group

    updates, values = [], {}
    for name, (value, update) in sorted(eval_metric_ops.items()):
        values[name] = value
        updates.append(update)
    return (group(*updates) if updates else None), values


@tf_export("estimator.Estimator")
class Estimator:
    """Trains, evaluates, predicts with and exports the model `model_fn(features, labels, mode, params,
    config)` builds (it may take any subset of those after `features`), keeping its state in `model_dir`."""

    def __init__(self, model_fn, model_dir=None, config=None, params=None, warm_start_from=None):
        if config is None:
            config = RunConfig()
            logging.info("Using default config.")
        if not isinstance(config, RunConfig):
            raise ValueError(f"config must be an instance of `RunConfig`, but provided {config}.")  # noqa: TRY004 - TF's ValueError
        if model_dir is not None:
            model_dir = os.fspath(model_dir)
        if model_dir and config.model_dir and model_dir != config.model_dir:
            raise ValueError("`model_dir` are set both in constructor and `RunConfig`, but with different values. "
                             f"In constructor: '{model_dir}', in `RunConfig`: '{config.model_dir}' ")
        model_dir = model_dir or config.model_dir
        if not model_dir:
            model_dir = tempfile.mkdtemp()
            logging.warning("Using temporary folder as model directory: %s", model_dir)
        changes = {}
        if config.model_dir != model_dir:
            changes["model_dir"] = model_dir
        if config.session_config is None:
            changes["session_config"] = default_session_config()
        self._config = config.replace(**changes) if changes else config
        logging.info("Using config: %s", str(vars(self._config)))
        self._model_dir = model_dir
        self._session_config = self._config.session_config
        _verify_model_fn_args(model_fn, params)
        self._model_fn = model_fn
        self._params = dict(params or {})
        self._warm_start_settings = _warm_start_settings(warm_start_from)

    model_dir = property(lambda self: self._model_dir, doc="The folder of checkpoints and event files.")
    config = property(lambda self: self._config)
    params = property(lambda self: dict(self._params), doc="A copy of the params given to the model_fn.")
    model_fn = property(lambda self: self._call_model_fn_for_users)

    def _call_model_fn_for_users(self, features, labels, mode, config):
        return self._call_model_fn(features, labels, mode, config)

    # --- checkpoints ---------------------------------------------------------------------------------------
    def latest_checkpoint(self):
        """The newest checkpoint prefix in model_dir, or None."""
        return latest_checkpoint(self._model_dir)

    def _require_checkpoint(self):
        if not self.latest_checkpoint():
            raise ValueError(f"Could not find trained model in model_dir: {self._model_dir}.")

    def get_variable_names(self) -> list:
        """The names of the variables in the latest checkpoint."""
        self._require_checkpoint()
        return [name for name, _ in list_variables(self._model_dir)]

    def get_variable_value(self, name):
        """The value of variable `name` in the latest checkpoint."""
        self._require_checkpoint()
        return load_variable(self._model_dir, name)

    def eval_dir(self, name=None) -> str:
        """Where evaluate(name=...) writes its events: model_dir/eval or model_dir/eval_<name>."""
        return os.path.join(self._model_dir, "eval" if not name else "eval_" + name)

    # --- calling the user's functions ----------------------------------------------------------------------
    def _call_input_fn(self, input_fn, mode):
        args = _fn_args(input_fn)
        kwargs = {}
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = self.config
        return input_fn(**kwargs)

    def _call_model_fn(self, features, labels, mode, config):
        args = _fn_args(self._model_fn)
        kwargs = {}
        if "labels" in args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = config
        logging.info("Calling model_fn.")
        spec = self._model_fn(features=features, **kwargs)
        logging.info("Done calling model_fn.")
        if not isinstance(spec, EstimatorSpec):
            raise ValueError("model_fn should return an EstimatorSpec.")  # noqa: TRY004 - TF's ValueError
        return spec

    def _start_graph(self, graph):
        set_random_seed(self._config.tf_random_seed)
        step = create_global_step(graph)
        if step is not get_global_step(graph) or not step.dtype.is_integer:
            raise ValueError("The global step must be an integer variable of the graph.")
        return step

    # --- train ---------------------------------------------------------------------------------------------
    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None):
        """Trains until `input_fn` ends, `steps` more steps, or the global step reaches `max_steps`; returns
        self."""
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        if max_steps is not None:
            start_step = _load_global_step(self._model_dir)
            if max_steps <= start_step:
                logging.info("Skipping training since max_steps has already saved.")
                return self
        hooks = _check_hooks_type(hooks)
        if steps is not None or max_steps is not None:
            hooks.append(basic_hooks.StopAtStepHook(steps, max_steps))
        saving_listeners = _check_listeners_type(saving_listeners)
        loss = self._train_model(input_fn, hooks, saving_listeners)
        logging.info("Loss for final step: %s.", loss)
        return self

    def _train_model(self, input_fn, hooks, saving_listeners):
        with Graph().as_default() as graph:
            global_step = self._start_graph(graph)
            features, labels, input_hooks = parse_input_fn_result(self._call_input_fn(input_fn, ModeKeys.TRAIN))
            spec = self._call_model_fn(features, labels, ModeKeys.TRAIN, self._config)
            return self._train_with_spec(spec, input_hooks, hooks, global_step, saving_listeners)

    def _train_with_spec(self, spec, worker_hooks, hooks, global_step, saving_listeners):
        from ..ops.summary_ops import scalar

        graph = get_default_graph()
        if self._warm_start_settings:
            from ..train.warm_starting import warm_start

            logging.info(f"Warm-starting with WarmStartSettings: {self._warm_start_settings}")
            warm_start(*self._warm_start_settings)
        if not any(s.op.name == "loss" for s in graph.get_collection(GraphKeys.SUMMARIES)):
            scalar("loss", spec.loss)
        graph.add_to_collection(GraphKeys.LOSSES, spec.loss)
        worker_hooks = list(worker_hooks) + list(hooks)
        worker_hooks.append(basic_hooks.NanTensorHook(spec.loss))
        if self._config.log_step_count_steps is not None:
            worker_hooks.append(basic_hooks.LoggingTensorHook({"loss": spec.loss, "step": global_step},
                                                              every_n_iter=self._config.log_step_count_steps))
        worker_hooks.extend(spec.training_hooks)
        scaffold = spec.scaffold
        if not (scaffold.saver or graph.get_collection(GraphKeys.SAVERS)):
            graph.add_to_collection(GraphKeys.SAVERS, Saver(
                sharded=True, max_to_keep=self._config.keep_checkpoint_max,
                keep_checkpoint_every_n_hours=self._config.keep_checkpoint_every_n_hours, defer_build=True,
                save_relative_paths=True))
        chief_hooks = []
        if self._config.save_checkpoints_secs or self._config.save_checkpoints_steps:
            existing = [h for h in list(spec.training_chief_hooks) + worker_hooks
                        if isinstance(h, basic_hooks.CheckpointSaverHook)]
            if existing:
                existing[0]._listeners.extend(saving_listeners)
            else:
                chief_hooks = [basic_hooks.CheckpointSaverHook(
                    self._model_dir, save_secs=self._config.save_checkpoints_secs,
                    save_steps=self._config.save_checkpoints_steps, scaffold=scaffold, listeners=saving_listeners,
                    save_graph_def=self._config.checkpoint_save_graph_def)]
        elif saving_listeners:
            raise ValueError("There should be a CheckpointSaverHook to use saving_listeners. Please set one of the "
                             "RunConfig.save_checkpoints_steps or RunConfig.save_checkpoints_secs.")
        save_summary_steps = self._config.save_summary_steps
        loss = None
        any_step_done = False
        with MonitoredTrainingSession(
                checkpoint_dir=self._model_dir, scaffold=scaffold, hooks=worker_hooks,
                chief_only_hooks=tuple(chief_hooks) + tuple(spec.training_chief_hooks), save_checkpoint_secs=0,
                save_summaries_steps=save_summary_steps, config=self._session_config,
                log_step_count_steps=self._config.log_step_count_steps,
                save_graph_def=self._config.checkpoint_save_graph_def) as session:
            while not session.should_stop():
                _, loss = session.run([spec.train_op, spec.loss])
                any_step_done = True
        if not any_step_done:
            logging.warning("Training with estimator made no steps. Perhaps input is empty or misspecified.")
        return loss

    # --- evaluate ------------------------------------------------------------------------------------------
    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None) -> dict:
        """Runs the metrics over `input_fn` (until it ends, or `steps` batches) with the weights of
        `checkpoint_path` (default: the latest checkpoint); returns {metric: value, 'loss': ...,
        'global_step': ...} and writes it to eval_dir(name)."""
        hooks = _check_hooks_type(hooks)
        if steps is not None:
            if steps <= 0:
                raise ValueError(f"Must specify steps > 0, given: {steps}")
            hooks.append(evaluation.StopAfterNEvalsHook(num_evals=steps))
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
            if not checkpoint_path:
                logging.info(f"Could not find trained model in model_dir: {self._model_dir}, running initialization "
                             "to evaluate.")
        with Graph().as_default() as graph:
            global_step = self._start_graph(graph)
            features, labels, input_hooks = parse_input_fn_result(self._call_input_fn(input_fn, ModeKeys.EVAL))
            spec = self._call_model_fn(features, labels, ModeKeys.EVAL, self._config)
            update_op, eval_dict = self._eval_ops(spec, global_step)
            all_hooks = list(input_hooks) + hooks + list(spec.evaluation_hooks)
            results = evaluation.evaluate_once(checkpoint_path=checkpoint_path, scaffold=spec.scaffold,
                                               eval_ops=update_op, final_ops=eval_dict, hooks=all_hooks,
                                               config=self._session_config)
            step = results[GraphKeys.GLOBAL_STEP]
            output_dir = self.eval_dir(name)
            _write_dict_to_summary(output_dir, results, step)
            if checkpoint_path:
                _write_checkpoint_path_to_summary(output_dir, checkpoint_path, step)
        return results

    def _eval_ops(self, spec, global_step):
        from ..metrics import mean

        metric_ops = dict(spec.eval_metric_ops)
        if LOSS_METRIC_KEY in metric_ops:
            raise ValueError(f'Metric with name "{LOSS_METRIC_KEY}" is not allowed, because Estimator already '
                             "defines a default metric with the same name.")
        metric_ops[LOSS_METRIC_KEY] = mean(spec.loss)
        update_op, eval_dict = _extract_metric_update_ops(metric_ops)
        if GraphKeys.GLOBAL_STEP in eval_dict:
            raise ValueError(f"Metric with name `{GraphKeys.GLOBAL_STEP}` is not allowed, because Estimator already "
                             "defines a default metric with the same name.")
        eval_dict[GraphKeys.GLOBAL_STEP] = global_step
        return update_op, eval_dict

    # --- predict -------------------------------------------------------------------------------------------
    def predict(self, input_fn, predict_keys=None, hooks=None, checkpoint_path=None, yield_single_examples=True):
        """Yields the model's predictions over `input_fn`'s features (labels are ignored), one example at a
        time (or one batch, without `yield_single_examples`), until the input ends."""
        hooks = _check_hooks_type(hooks)
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
            if not checkpoint_path:
                logging.info(f"Could not find trained model in model_dir: {self._model_dir}, running initialization "
                             "to predict.")
        with Graph().as_default() as graph:
            self._start_graph(graph)
            features, _, input_hooks = parse_input_fn_result(self._call_input_fn(input_fn, ModeKeys.PREDICT))
            if not _has_input_pipeline(features):
                logging.warning("Input graph does not use tf.data.Dataset or contain a QueueRunner. That means "
                                "predict yields forever. This is probably a mistake.")
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT, self._config)
            predictions = _extract_keys(spec.predictions, predict_keys)
            all_hooks = list(input_hooks) + hooks + list(spec.prediction_hooks)
            creator = ChiefSessionCreator(checkpoint_filename_with_path=checkpoint_path, scaffold=spec.scaffold,
                                          config=self._session_config)
            with MonitoredSession(session_creator=creator, hooks=all_hooks) as session:
                while not session.should_stop():
                    values = session.run(predictions)
                    if not yield_single_examples:
                        yield values
                    elif not isinstance(predictions, dict):
                        yield from values
                    else:
                        for i in range(_batch_length(values)):
                            yield {key: value[i] for key, value in values.items()}

    # --- export --------------------------------------------------------------------------------------------
    def export_saved_model(self, export_dir_base, serving_input_receiver_fn, assets_extra=None, as_text=False,
                           checkpoint_path=None, experimental_mode=ModeKeys.PREDICT):
        """Writes the PREDICT graph with the weights of `checkpoint_path` (default: the latest) as a SavedModel
        (tag 'serve', one signature per export output) in `export_dir_base/<timestamp>`; returns that path
        (bytes)."""
        if not serving_input_receiver_fn:
            raise ValueError("An input_receiver_fn must be defined.")
        if experimental_mode != ModeKeys.PREDICT:
            raise ValueError(f"sessionflow exports the {ModeKeys.PREDICT} mode only, given: {experimental_mode}")
        return self._export(export_dir_base, serving_input_receiver_fn, assets_extra, as_text, checkpoint_path,
                            strip_default_attrs=True)

    def export_savedmodel(self, export_dir_base, serving_input_receiver_fn, assets_extra=None, as_text=False,
                          checkpoint_path=None, strip_default_attrs=False):
        """TF 1.x's older name of export_saved_model."""
        if not serving_input_receiver_fn:
            raise ValueError("serving_input_receiver_fn must be defined.")
        return self._export(export_dir_base, serving_input_receiver_fn, assets_extra, as_text, checkpoint_path,
                            strip_default_attrs)

    def _export(self, export_dir_base, receiver_fn, assets_extra, as_text, checkpoint_path, strip_default_attrs):
        import shutil

        from ..runtime.session import Session
        from ..saved_model import constants as sm_constants
        from ..saved_model.builder import SavedModelBuilder

        checkpoint_path = checkpoint_path or self.latest_checkpoint()
        if not checkpoint_path:
            raise ValueError(f"Couldn't find trained model at {self._model_dir}.")
        export_dir = export_lib.get_timestamped_export_dir(export_dir_base)
        temp_dir = export_lib.get_temp_export_dir(export_dir)
        builder = SavedModelBuilder(temp_dir)
        with Graph().as_default() as graph:
            self._start_graph(graph)
            receiver = receiver_fn()
            spec = self._call_model_fn(receiver.features, getattr(receiver, "labels", None), ModeKeys.PREDICT,
                                       self._config)
            export_outputs = export_lib.get_export_outputs(spec.export_outputs, spec.predictions)
            signature_def_map = export_lib.build_all_signature_defs(
                receiver.receiver_tensors, export_outputs, getattr(receiver, "receiver_tensors_alternatives", None))
            with Session(config=self._session_config) as session:
                local_init_op = spec.scaffold.local_init_op or Scaffold.default_local_init_op()
                saver = spec.scaffold.saver or Saver(sharded=True)
                try:
                    saver.restore(session, checkpoint_path)
                except errors.NotFoundError as e:
                    raise ValueError(f"Could not load all requested variables from checkpoint. Please make sure your "
                                     f"model_fn does not expect variables that were not saved in the checkpoint.\n\n"
                                     f"Encountered error with mode `{ModeKeys.PREDICT}` while restoring checkpoint "
                                     f"from: `{checkpoint_path}`. Full Traceback:\n\n{e}") from e
                builder.add_meta_graph_and_variables(
                    session, [sm_constants.SERVING], signature_def_map=signature_def_map,
                    assets_collection=graph.get_collection(GraphKeys.ASSET_FILEPATHS), main_op=local_init_op,
                    saver=saver, strip_default_attrs=strip_default_attrs)
            builder.save(as_text)
        if assets_extra:
            extra_dir = os.path.join(os.fsdecode(temp_dir), "assets.extra")
            for dest, source in assets_extra.items():
                target = os.path.join(extra_dir, dest)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(source, target)
        os.rename(temp_dir, export_dir)
        return export_dir


def _verify_model_fn_args(model_fn, params) -> None:
    args = set(_fn_args(model_fn))
    if "features" not in args:
        raise ValueError(f"model_fn ({model_fn}) must include features argument.")
    if params is not None and "params" not in args:
        raise ValueError(f"model_fn ({model_fn}) does not include params argument, but params ({params}) is passed "
                         "to Estimator.")
    if params is None and "params" in args:
        logging.warning("Estimator's model_fn (%s) includes params argument, but params are not passed to "
                        "Estimator.", model_fn)
    unexpected = args - {"features", "labels", "mode", "params", "self", "config"}
    if unexpected:
        raise ValueError(f"model_fn ({model_fn}) has following not expected args: {sorted(unexpected)}")


def _load_global_step(model_dir) -> int:
    """The global step of the latest checkpoint in `model_dir`, 0 when there is none."""
    if not latest_checkpoint(model_dir):
        return 0
    try:
        return int(load_variable(model_dir, GraphKeys.GLOBAL_STEP))
    except (errors.NotFoundError, ValueError, KeyError):
        return 0


def _extract_keys(predictions, predict_keys):
    if predict_keys is None:
        return predictions
    if not isinstance(predictions, dict):
        raise ValueError("predict_keys argument is not valid in case of non-dict predictions.")  # noqa: TRY004 - TF's ValueError
    existing = predictions.keys()
    chosen = {key: value for key, value in predictions.items() if key in predict_keys}
    if not chosen:
        raise ValueError(f"Expected to run at least one output from {existing}, provided {predict_keys}.")
    return chosen


def _batch_length(values) -> int:
    length = None
    for key, value in values.items():
        length = length or value.shape[0]
        if value.shape[0] != length:
            raise ValueError(f"Batch length of predictions should be same. {key} has different batch length than "
                             "others.")
    return length
