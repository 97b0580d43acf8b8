"""MonitoredSession's machinery beyond the recorded programs: re-creating the session after
AbortedError, run_step_fn, queue runners started under its Coordinator, Scaffold's defaults and
collections, SessionManager, WorkerSessionCreator, the `tensorflow.python.training` paths."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

import sessionflow as tf
from sessionflow.framework import errors
from sessionflow.framework.graph import GraphKeys


@pytest.fixture(autouse=True)
def _fresh():
    tf.reset_default_graph()
    tf.summary.FileWriterCache.clear()
    yield
    tf.summary.FileWriterCache.clear()
    tf.reset_default_graph()


class _Counting(tf.train.SessionRunHook):
    def __init__(self, abort_first_runs=0):
        self.created = 0
        self.aborts_left = abort_first_runs
        self.ended = 0

    def after_create_session(self, session, coord):
        self.created += 1

    def before_run(self, run_context):
        if self.aborts_left:
            self.aborts_left -= 1
            raise errors.AbortedError(None, None, "preempted")

    def end(self, session):
        self.ended += 1


def test_aborted_error_recreates_the_session_and_reruns():
    v = tf.Variable(5.0, name="v")
    bump = tf.assign_add(v, 1.0)
    hook = _Counting(abort_first_runs=2)
    with tf.train.MonitoredSession(hooks=[hook]) as sess:
        assert sess.run(bump) == 6.0  # each new session re-initialized v
    assert hook.created == 3 and hook.ended == 1


def test_singular_session_does_not_recover():
    tf.Variable(1.0)
    hook = _Counting(abort_first_runs=1)
    sess = tf.train.SingularMonitoredSession(hooks=[hook])
    with pytest.raises(errors.AbortedError, match="preempted"):
        sess.run(tf.get_default_graph().get_tensor_by_name("Variable:0"))
    sess.close()
    assert hook.created == 1


def test_other_errors_close_without_end_and_unfinalize_the_graph():
    tf.Variable(1.0)
    hook = _Counting()
    with pytest.raises(ValueError, match="boom"), tf.train.MonitoredSession(hooks=[hook]):
        assert tf.get_default_graph().finalized
        raise ValueError("boom")
    assert hook.ended == 0 and not tf.get_default_graph().finalized


def test_closing_twice_says_so():
    tf.Variable(1.0)
    sess = tf.train.MonitoredSession()
    sess.close()
    assert sess.should_stop()
    with pytest.raises(RuntimeError, match="Session is already closed."):
        sess.close()


def test_run_step_fn_runs_with_and_without_hooks_and_stops():
    v = tf.Variable(0.0, name="v")
    bump = tf.assign_add(v, 1.0)
    seen = []

    class Seen(tf.train.SessionRunHook):
        def after_run(self, run_context, run_values):
            seen.append("hooked")

    def step_fn(step_context):
        value = step_context.session.run(bump)  # raw session: no hook
        if value >= 3:
            step_context.request_stop()
        return step_context.run_with_hooks(v)

    with tf.train.MonitoredSession(hooks=[Seen()]) as sess:
        out = [sess.run_step_fn(step_fn) for _ in range(2)]
        with pytest.raises(ValueError, match="`step_fn` may either have one `step_context` argument"):
            sess.run_step_fn(lambda ctx: None)
        while not sess.should_stop():
            sess.run_step_fn(step_fn)
    assert out == [1.0, 2.0] and seen == ["hooked", "hooked"]


def test_two_hooks_feeding_one_tensor_is_an_error():
    a = tf.placeholder(tf.float32, [])
    double = a * 2

    class Feed(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs(None, feed_dict={a: 1.0})

    with tf.train.MonitoredSession(hooks=[Feed(), Feed()]) as sess, \
            pytest.raises(RuntimeError, match="Same tensor is fed by two hooks. Conflict"):
        sess.run(double)


def test_hook_options_are_merged_and_traced_metadata_reaches_hooks():
    x = tf.constant(2.0) * 3.0
    got = {}

    class Trace(tf.train.SessionRunHook):
        def before_run(self, run_context):
            return tf.train.SessionRunArgs(x, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))

        def after_run(self, run_context, run_values):
            got["trace_level"] = run_values.options.trace_level
            got["ops"] = [n.node_name for d in run_values.run_metadata.step_stats.dev_stats for n in d.node_stats]

    with tf.train.MonitoredSession(hooks=[Trace()]) as sess:
        sess.run(x)
    assert got["trace_level"] == tf.RunOptions.FULL_TRACE and "mul" in got["ops"]


def test_queue_runners_start_and_an_exhausted_queue_ends_the_loop():
    producer = tf.train.range_input_producer(4, num_epochs=1, shuffle=False)
    item = producer.dequeue()
    got = []
    with tf.train.MonitoredSession() as sess:
        while not sess.should_stop():
            got.append(int(sess.run(item)))
    assert got == [0, 1, 2, 3]


def test_closing_stops_endless_queue_runners_without_waiting_out_the_grace_period():
    producer = tf.train.string_input_producer(["a", "b"], shuffle=False)  # never runs out
    batch = tf.train.batch([producer.dequeue()], batch_size=2, capacity=4)
    with tf.train.MonitoredSession(stop_grace_period_secs=120) as sess:
        got = [sess.run(batch).tolist() for _ in range(2)]
        started = time.monotonic()
    assert got == [[b"a", b"b"], [b"a", b"b"]]
    assert time.monotonic() - started < 60  # the coordinator's join did not wait for 120 s


def test_scaffold_builds_tf_defaults_into_collections_and_finalizes():
    tf.Variable(1.0, name="v")
    tf.Variable(2.0, name="lv", collections=[GraphKeys.LOCAL_VARIABLES])
    scaffold = tf.train.Scaffold().finalize()
    graph = tf.get_default_graph()
    assert graph.finalized
    for key, op in [(GraphKeys.INIT_OP, scaffold.init_op), (GraphKeys.READY_OP, scaffold.ready_op),
                    (GraphKeys.READY_FOR_LOCAL_INIT_OP, scaffold.ready_for_local_init_op),
                    (GraphKeys.LOCAL_INIT_OP, scaffold.local_init_op)]:
        assert graph.get_collection(key) == [op]
    assert graph.get_collection(GraphKeys.SAVERS) == [scaffold.saver]
    assert scaffold.summary_op is None
    with tf.Session() as sess:
        assert list(sess.run(scaffold.ready_op)) == [b"v", b"lv"]
        assert list(sess.run(scaffold.ready_for_local_init_op)) == [b"v"]
        sess.run(scaffold.init_op)
        assert list(sess.run(scaffold.ready_op)) == [b"lv"]
        sess.run(scaffold.local_init_op)
        assert sess.run(scaffold.ready_op).size == 0
    graph._unsafe_unfinalize()


def test_scaffold_copies_and_refuses_two_items_in_a_collection():
    tf.Variable(1.0)
    init = tf.no_op(name="my_init")
    copy = tf.train.Scaffold(copy_from_scaffold=tf.train.Scaffold(init_op=init, init_feed_dict={"a": 1}))
    assert copy.init_op is init and copy.init_feed_dict == {"a": 1}
    tf.add_to_collection(GraphKeys.READY_OP, tf.constant(1))
    tf.add_to_collection(GraphKeys.READY_OP, tf.constant(2))
    with pytest.raises(RuntimeError, match='More than one item in the collection "ready_op"'):
        tf.train.Scaffold().finalize()


def test_init_fn_and_init_feed_dict_are_used_by_the_chief():
    start = tf.placeholder(tf.float32, [])
    v = tf.Variable(start, name="v")
    w = tf.Variable(0.0, name="w")
    set_w = w.assign(7.0)
    calls = []

    def init_fn(scaffold, sess):
        calls.append(type(scaffold).__name__)
        sess.run(set_w)

    scaffold = tf.train.Scaffold(init_feed_dict={start: 4.0}, init_fn=init_fn)
    with tf.train.MonitoredSession(tf.train.ChiefSessionCreator(scaffold=scaffold)) as sess:
        assert sess.run([v, w]) == [4.0, 7.0]
    assert calls == ["Scaffold"]


def test_session_manager_restores_or_reports(tmp_path):
    v = tf.Variable(3.0, name="v")
    saver = tf.train.Saver()
    ready = tf.report_uninitialized_variables()
    manager = tf.train.SessionManager(ready_op=ready)
    sess, restored = manager.recover_session("", saver=saver, checkpoint_dir=str(tmp_path))
    assert restored is False
    with pytest.raises(RuntimeError, match="Model is not initialized and no init_op or init_fn or local_init_op"):
        manager.prepare_session("", saver=saver, checkpoint_dir=str(tmp_path))
    sess = manager.prepare_session("", init_op=v.initializer, saver=saver)
    sess.run(v.assign(9.0))
    saver.save(sess, os.path.join(tmp_path, "m"), global_step=1)
    sess.close()
    sess, restored = manager.recover_session("", saver=saver, checkpoint_dir=str(tmp_path))
    assert restored is True and sess.run(v) == 9.0
    sess = manager.prepare_session("", saver=saver, checkpoint_filename_with_path=os.path.join(tmp_path, "m-1"))
    assert sess.run(v) == 9.0
    with pytest.raises(ValueError, match="Can not provide both checkpoint_dir and checkpoint_filename_with_path."):
        manager.prepare_session("", saver=saver, checkpoint_dir=str(tmp_path), checkpoint_filename_with_path="x")
    with pytest.raises(ValueError, match="you must also pass a local_init_op"):
        tf.train.SessionManager(ready_for_local_init_op=ready)


def test_worker_waits_for_a_ready_model():
    v = tf.Variable(1.0, name="v")
    manager = tf.train.SessionManager(ready_op=tf.report_uninitialized_variables(), recovery_wait_secs=0.01)
    with pytest.raises(errors.DeadlineExceededError, match="Session was not ready after waiting 0 secs."):
        manager.wait_for_session("", max_wait_secs=0)
    nothing = tf.constant([], tf.string)
    scaffold = tf.train.Scaffold(ready_op=nothing, ready_for_local_init_op=tf.identity(nothing))
    worker = tf.train.MonitoredTrainingSession(is_chief=False, max_wait_secs=0, scaffold=scaffold)
    with worker as sess, pytest.raises(errors.FailedPreconditionError):  # ready: the worker initializes nothing
        sess.run(v)


def test_tensorflow_python_training_paths_serve_these_classes():
    # in a child process: the alias stays out of this one
    program = """
from sessionflow.compat import alias
alias.install()
import sessionflow as sf
from sessionflow.train import basic_hooks, evaluation, supervisor
from tensorflow.python.training import (basic_session_run_hooks, checkpoint_management, monitored_session,
                                        session_run_hook)
from tensorflow.python.training import evaluation as tf_evaluation, supervisor as tf_supervisor
assert session_run_hook.SessionRunHook is sf.train.SessionRunHook
assert session_run_hook.SessionRunArgs is sf.train.SessionRunArgs
assert monitored_session.MonitoredSession is sf.train.MonitoredSession
assert basic_session_run_hooks.StopAtStepHook is sf.train.StopAtStepHook
assert basic_session_run_hooks.NeverTriggerTimer is basic_hooks.NeverTriggerTimer
assert tf_supervisor.SVSummaryThread is supervisor.SVSummaryThread
assert checkpoint_management.latest_checkpoint is sf.train.latest_checkpoint
assert tf_evaluation._evaluate_once is evaluation.evaluate_once
assert tf_evaluation._StopAfterNEvalsHook is evaluation.StopAfterNEvalsHook
assert tf_evaluation._get_or_create_eval_step is evaluation.get_or_create_eval_step
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300, check=False)
    assert done.stdout.strip() == "ok", done.stderr

