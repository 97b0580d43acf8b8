"""The stock hooks' own rules: SecondOrStepTimer by seconds, tensors named ambiguously, hooks without a
global step or saver, StepCounterHook's warning, ProfilerHook's trace file, checkpoints_iterator and
basic_train_loop."""

from __future__ import annotations

import json
import logging
import os
import threading

import pytest

import sessionflow as tf
from sessionflow.framework import errors
from sessionflow.train import basic_hooks


@pytest.fixture(autouse=True)
def _fresh():
    tf.reset_default_graph()
    tf.summary.FileWriterCache.clear()
    yield
    tf.summary.FileWriterCache.clear()
    tf.reset_default_graph()


def test_second_or_step_timer_by_steps_and_by_seconds(monkeypatch):
    timer = tf.train.SecondOrStepTimer(every_steps=3)
    assert timer.should_trigger_for_step(0)
    assert timer.update_last_triggered_step(0) == (None, None)
    assert [timer.should_trigger_for_step(s) for s in (0, 1, 2, 3)] == [False, False, False, True]
    now = [100.0]
    monkeypatch.setattr(basic_hooks.time, "time", lambda: now[0])
    timer = tf.train.SecondOrStepTimer(every_secs=10)
    timer.update_last_triggered_step(5)
    now[0] = 109.0
    assert not timer.should_trigger_for_step(6)
    now[0] = 110.0
    assert timer.should_trigger_for_step(6) and not timer.should_trigger_for_step(5)
    assert timer.update_last_triggered_step(8) == (10.0, 3) and timer.last_triggered_step() == 8


def test_logging_hook_names_and_graphs():
    a, b = tf.split(tf.constant([1.0, 2.0]), 2, name="halves")
    with pytest.raises(ValueError, match="Name halves is ambiguous"):
        tf.train.LoggingTensorHook(["halves"], every_n_iter=1).begin()
    with tf.Graph().as_default():
        other = tf.constant(1.0)
    with pytest.raises(ValueError, match="should have graph attribute that is equal to current graph"):
        tf.train.LoggingTensorHook([other], every_n_iter=1).begin()
    tf.train.LoggingTensorHook(["halves:1"], every_n_iter=1).begin()
    del a, b


@pytest.mark.parametrize("make, name", [
    (lambda: tf.train.StopAtStepHook(num_steps=1), "StopAtStepHook"),
    (lambda: tf.train.CheckpointSaverHook("/nonexistent", save_steps=1), "CheckpointSaverHook"),
    (lambda: tf.train.StepCounterHook(), "StepCounterHook"),
    (lambda: tf.train.SummarySaverHook(save_steps=1, summary_op=tf.constant("")), "SummarySaverHook"),
    (lambda: tf.train.GlobalStepWaiterHook(1), "_GlobalStepWaiterHook"),
])
def test_hooks_that_need_a_global_step_say_so(make, name):
    with pytest.raises(RuntimeError, match=f"Global step should be created to use {name}."):
        make().begin()


def test_checkpoint_saver_hook_needs_one_saver(tmp_path):
    tf.train.get_or_create_global_step()
    tf.Variable(1.0)
    with pytest.raises(ValueError, match="You cannot provide both saver and scaffold."):
        tf.train.CheckpointSaverHook(str(tmp_path), save_steps=1, saver=object(), scaffold=object())
    hook = tf.train.CheckpointSaverHook(str(tmp_path), save_steps=1)
    with pytest.raises(RuntimeError, match="No items in collection savers"):
        hook._get_saver()
    saver = tf.train.Saver()
    tf.add_to_collection(tf.GraphKeys.SAVERS, saver)
    assert hook._get_saver() is saver


def test_step_counter_warns_when_the_step_does_not_move(caplog):
    tf.train.get_or_create_global_step()
    x = tf.constant(1.0)
    with caplog.at_level(logging.WARNING, logger="tensorflow"), \
            tf.train.MonitoredSession(hooks=[tf.train.StepCounterHook(every_n_steps=1)]) as sess:
        for _ in range(8):
            sess.run(x)
    warned = [r for r in caplog.records if "has not been increased" in r.getMessage()]
    assert len(warned) == 5  # TF logs it for the first 5 times only


def test_profiler_hook_writes_a_chrome_trace(tmp_path):
    step = tf.train.get_or_create_global_step()
    train = tf.assign_add(step, 1, name="bump")
    with tf.train.MonitoredSession(hooks=[tf.train.ProfilerHook(save_steps=1, output_dir=str(tmp_path))]) as sess:
        for _ in range(2):
            sess.run(train)
    trace = json.loads((tmp_path / "timeline-2.json").read_text())
    names = {e.get("args", {}).get("name") for e in trace["traceEvents"]}
    assert "bump" in names
    assert not (tmp_path / "timeline-1.json").exists()  # the first run is never traced, as in TF


def test_global_step_waiter_waits_for_another_worker():
    step = tf.train.get_or_create_global_step()
    set_step = step.assign(2)
    x = tf.constant(1.0)
    with tf.train.MonitoredSession(hooks=[tf.train.GlobalStepWaiterHook(wait_until_step=2)]) as sess:
        other = threading.Timer(0.2, lambda: sess._tf_sess().run(set_step))  # "another worker" trains
        other.start()
        assert sess.run(x) == 1.0  # held back until the step reached 2
        other.join()
        assert sess.run(step) == 2


def test_checkpoints_iterator_yields_each_new_checkpoint(tmp_path):
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        saver.save(sess, str(tmp_path / "m"), global_step=1)
        found = []
        timer = threading.Timer(0.3, lambda: saver.save(sess, str(tmp_path / "m"), global_step=2))
        timer.start()
        for path in tf.train.checkpoints_iterator(str(tmp_path), timeout=60):  # the loop ends at the second
            found.append(os.path.basename(path))
            if len(found) == 2:
                break
        timer.join()
    assert found == ["m-1", "m-2"]
    asked = []
    assert list(tf.train.checkpoints_iterator(str(tmp_path / "none"), timeout=0.01,
                                              timeout_fn=lambda: asked.append(1) or len(asked) == 2)) == []
    assert asked == [1, 1]


def test_basic_train_loop_starts_over_after_aborted_error():
    class Supervisor:
        def __init__(self):
            self.sessions = 0
            self.steps = 0

        def managed_session(self, master):
            self.sessions += 1
            return tf.Session()

        def should_stop(self):
            return self.steps >= 3

    def step(sess, supervisor, fail):
        supervisor.steps += 1
        if fail and supervisor.sessions == 1:
            raise errors.AbortedError(None, None, "preempted")

    supervisor = Supervisor()
    tf.train.basic_train_loop(supervisor, step, args=[supervisor], kwargs={"fail": True})
    assert supervisor.sessions == 2 and supervisor.steps == 3
