"""Supervisor's background services and its rules for non-chief replicas (the recorded program in
monitored_programs/supervisor_loop.py covers managed_session, checkpoints and restoring)."""

from __future__ import annotations

import time

import pytest

import sessionflow as tf


@pytest.fixture(autouse=True)
def _fresh():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


class _Writer:
    """Records what the Supervisor's services write."""

    def __init__(self):
        self.summaries, self.logs, self.graphs, self.closed = [], [], 0, False

    def add_summary(self, summary, global_step=None):
        parsed = tf.Summary.FromString(summary) if isinstance(summary, bytes) else summary
        self.summaries.append((global_step, [v.tag for v in parsed.value]))

    def add_session_log(self, log, global_step=None):
        self.logs.append((log.status, global_step))

    def add_graph(self, graph):
        self.graphs += 1

    def add_meta_graph(self, meta):
        self.graphs += 1

    def reopen(self):
        self.closed = False

    def close(self):
        self.closed = True


def test_summary_and_step_counter_services_write_through_the_writer(tmp_path):
    step = tf.train.get_or_create_global_step()
    loss = tf.cast(step, tf.float32)
    tf.summary.scalar("loss", loss)
    train = tf.assign_add(step, 1)
    writer = _Writer()
    sv = tf.train.Supervisor(logdir=str(tmp_path), summary_writer=writer, save_summaries_secs=0.01,
                             save_model_secs=0)
    with sv.managed_session() as sess:
        deadline = time.time() + 60
        while time.time() < deadline:
            sess.run(train)
            tags = {t for _, ts in writer.summaries for t in ts}
            if {"loss", "global_step/sec"} <= tags:
                break
            time.sleep(0.005)
        sv.summary_computed(sess, sess.run(sv.summary_op))
    assert {"loss", "global_step/sec"} <= tags
    assert writer.logs[0] == (tf.SessionLog.START, 0) and writer.logs[-1][0] == tf.SessionLog.STOP
    assert writer.graphs == 2 and writer.closed
    assert not list(tmp_path.glob("model.ckpt*"))  # save_model_secs=0: no checkpoint service


def test_loop_runs_a_function_until_stopped():
    tf.Variable(1.0)
    sv = tf.train.Supervisor(logdir=None)
    calls = []
    with sv.managed_session():
        sv.loop(0.001, calls.append, args=(1,))
        deadline = time.time() + 60
        while len(calls) < 3 and time.time() < deadline:
            time.sleep(0.005)
    assert len(calls) >= 3 and sv.should_stop()


def test_non_chief_replicas_need_variables_on_a_device():
    tf.Variable(1.0)
    with pytest.raises(ValueError, match="When using replicas, all Variables must have their device set"):
        tf.train.Supervisor(is_chief=False)
    sv_graph = tf.Graph()
    with sv_graph.as_default():
        sv = tf.train.Supervisor(logdir=None)
        with pytest.raises(RuntimeError, match="Writing a summary requires a summary writer."):
            sv.summary_computed(None, b"")
    assert sv.is_chief and sv.summary_writer is None and sv.saver is None
