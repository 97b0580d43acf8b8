"""TF's evaluation loop (`tensorflow.python.training.evaluation`, what tf-slim's and tf.contrib's
evaluation run on): `evaluate_once` restores a checkpoint into a MonitoredSession and runs the eval ops
until a StopAfterNEvalsHook (counting through the `eval_step` local variable) or the input ends, then
returns the final ops' values."""

from __future__ import annotations

import math
import time

from .._behaviour import logging
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from .basic_hooks import FinalOpsHook
from .monitored_session import ChiefSessionCreator, MonitoredSession
from .session_run_hook import SessionRunArgs, SessionRunHook


def get_or_create_eval_step():
    """The int64 count of evaluation runs: the local variable `eval_step` of the EVAL_STEP collection."""
    from ..init_ops import zeros_initializer
    from ..variable_scope import get_variable

    found = get_default_graph().get_collection(GraphKeys.EVAL_STEP)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ValueError("Multiple tensors added to tf.GraphKeys.EVAL_STEP")
    return get_variable("eval_step", shape=[], dtype=dtypes.int64, initializer=zeros_initializer(), trainable=False,
                        collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.EVAL_STEP])


def _latest_eval_step_value(update_ops):
    from ..ops.array import identity

    if isinstance(update_ops, dict):
        update_ops = list(update_ops.values())
    with get_default_graph().control_dependencies(update_ops):
        return identity(get_or_create_eval_step().read_value())


class StopAfterNEvalsHook(SessionRunHook):
    """Requests a stop after `num_evals` evaluation runs (never when None), logging `Evaluation [i/n]`."""

    def __init__(self, num_evals, log_progress=True):
        self._num_evals = num_evals
        self._evals_completed = None
        self._log_progress = log_progress
        self._log_frequency = 1 if (num_evals is None or num_evals < 20) else math.floor(num_evals / 10.0)

    def _set_evals_completed_tensor(self, updated_eval_step):
        self._evals_completed = updated_eval_step

    def before_run(self, run_context):
        return SessionRunArgs({"evals_completed": self._evals_completed})

    def after_run(self, run_context, run_values):
        done = run_values.results["evals_completed"]
        if self._log_progress:
            if self._num_evals is None:
                logging.info("Evaluation [%d]", done)
            elif done % self._log_frequency == 0 or done == self._num_evals:
                logging.info("Evaluation [%d/%d]", done, self._num_evals)
        if self._num_evals is not None and done >= self._num_evals:
            run_context.request_stop()


def evaluate_once(checkpoint_path, master="", scaffold=None, eval_ops=None, feed_dict=None, final_ops=None,
                  final_ops_feed_dict=None, hooks=None, config=None):
    """Restores `checkpoint_path`, runs `eval_ops` until a hook stops (or the input ends), and returns the
    values of `final_ops` at the end."""
    from ..variables import assign_add

    eval_step = get_or_create_eval_step()
    hooks = list(hooks or [])
    if eval_ops is not None:
        update_eval_step = assign_add(eval_step, 1, use_locking=True)
        if isinstance(eval_ops, dict):
            eval_ops["update_eval_step"] = update_eval_step
        elif isinstance(eval_ops, (tuple, list)):
            eval_ops = list(eval_ops) + [update_eval_step]
        else:
            eval_ops = [eval_ops, update_eval_step]
        value = _latest_eval_step_value(eval_ops)
        for hook in hooks:
            if isinstance(hook, StopAfterNEvalsHook):
                hook._set_evals_completed_tensor(value)
    logging.info("Starting evaluation at " + time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime()))
    started = time.time()
    creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path, master=master,
                                  config=config)
    final_hook = FinalOpsHook(final_ops, final_ops_feed_dict)
    hooks.append(final_hook)
    with MonitoredSession(session_creator=creator, hooks=hooks) as session:
        if eval_ops is not None:
            while not session.should_stop():
                session.run(eval_ops, feed_dict)
    logging.info(f"Inference Time : {time.time() - started:0.5f}s")
    logging.info("Finished evaluation at " + time.strftime("%Y-%m-%d-%H:%M:%S", time.localtime()))
    return final_hook.final_ops_values
