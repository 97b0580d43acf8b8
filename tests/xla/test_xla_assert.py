"""Assert (tf.Assert, the tf.debugging.assert_* checks, dynamic_rnn's sequence_length check) compiles as a
deferred check: a run whose condition holds stays compiled; one where it is false reruns on NumPy, which
raises TF's InvalidArgumentError with its message and summarized data (checked against TF in tests/ops)."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime.backends import numpy as numpy_backend
from sessionflow.runtime.backends import xla_select
from xla_compare import assert_same_runs


@pytest.fixture
def numpy_runs(monkeypatch):
    """The plans of the runs that went to the NumPy interpreter (a compiled plan's reruns included)."""
    plans = []
    run = numpy_backend.NumpyExecutable.run

    def counted(self, feeds):
        plans.append(self.plan)
        return run(self, feeds)

    monkeypatch.setattr(numpy_backend.NumpyExecutable, "run", counted)
    return plans


def _run(backend, build, feeds_list, runs=None):
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    tf.set_random_seed(7)
    fetches, holders = build()
    results = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        if runs is not None:
            del runs[:]
        for values in feeds_list:
            try:
                results.append(sess.run(fetches, dict(zip(holders, values))))
            except tf.errors.InvalidArgumentError as e:
                results.append((type(e).__name__, e.message, e.op.name))
        executable = sess._executable(tuple(fetches), {h: None for h in holders})
    if runs is not None:  # only the whole plan's runs (not a loop body's, run on NumPy inside one)
        runs[:] = [plan for plan in runs if plan is executable.plan]
    return results, getattr(executable, "backend", "numpy"), getattr(executable, "reason", None)


def _same(want, got, rtol=1e-6):
    assert_same_runs(want, got, rtol=rtol)


def test_assert_checks_compile_and_a_false_condition_raises_tfs_error(numpy_runs):
    def build():
        x = tf.placeholder(tf.float32, [None])
        y = tf.placeholder(tf.float32, [None])
        checks = [tf.assert_equal(x, y), tf.debugging.assert_positive(x, message="x must be positive"),
                  tf.Assert(tf.reduce_all(x < 100.0), [x, y], summarize=2)]
        with tf.control_dependencies(checks):
            z = tf.identity(x * 2.0)
        return [z], (x, y)

    feeds = [([1.0, 2.0], [1.0, 2.0]), ([1.0, 2.0], [1.0, 3.0]), ([-1.0], [-1.0]), ([200.0, 1, 2], [200.0, 1, 2]),
             ([3.0], [3.0])]
    want, _, _ = _run("numpy", build, feeds)
    got, backend, reason = _run("xla", build, feeds, numpy_runs)
    assert backend == "xla", reason
    _same(want, got)
    assert [type(r) for r in got] == [list, tuple, tuple, tuple, list]
    assert got[3][1].startswith("assertion failed: [200 1...]")  # summarize=2 of the data, as NumPy renders it
    assert len(numpy_runs) == 3  # the three failing runs only


def _rnn_step(cell, optimizer, time_steps=None):
    def build():
        x = tf.placeholder(tf.float32, [4, time_steps, 3])
        lengths = tf.placeholder(tf.int32, [None])
        out, state = tf.nn.dynamic_rnn(cell(6), x, sequence_length=lengths, dtype=tf.float32)
        flat = state if isinstance(state, tf.Tensor) else state.h
        loss = tf.reduce_sum(out * out) + tf.reduce_sum(flat)
        return [loss, optimizer(0.1).minimize(loss)], (x, lengths)
    return build


X = np.random.RandomState(0).randn(4, 5, 3).astype(np.float32)


@pytest.mark.parametrize("cell, optimizer, time_steps", [
    (tf.nn.rnn_cell.BasicLSTMCell, tf.train.GradientDescentOptimizer, 5),
    (tf.nn.rnn_cell.GRUCell, tf.train.AdamOptimizer, None)], ids=["lstm-sgd-static", "gru-adam-dynamic"])
def test_dynamic_rnn_with_sequence_length_trains_compiled(numpy_runs, cell, optimizer, time_steps):
    """The loop's trip count (the time steps) is known while compiling, so its TensorArray has exactly as
    many rows as the scan: no run falls back. A sequence_length of the wrong shape fails dynamic_rnn's Assert."""
    feeds = [(X, [5, 3, 1, 4]), (X, [5, 5, 5, 5]), (X, [2, 0, 2, 1]), (X, [5, 3, 1]), (X, [1, 2, 3, 4])]
    if time_steps is None:
        feeds.insert(3, (X[:, :2], [2, 1, 2, 2]))
    build = _rnn_step(cell, optimizer, time_steps)
    want, _, _ = _run("numpy", build, feeds)
    got, backend, reason = _run("xla", build, feeds, numpy_runs)
    assert backend == "xla", reason
    _same(want, got, rtol=1e-5)
    error = [r for r in got if isinstance(r, tuple)]
    assert len(error) == 1 and "sequence_length" in error[0][1]
    assert len(numpy_runs) == 1  # the run with the bad sequence_length
