"""Seeded random ops compile: Philox4x32-10 traced in uint64 arithmetic, each op's stream position passed
into the computation and its advanced counter stored back, so the draws are the NumPy kernels' draws (bit
for bit TF's: tests/ops checks those against TF) and the stream continues across backends."""

from __future__ import annotations

import numpy as np

import sessionflow as tf
from sessionflow.runtime.backends import xla_select


def _draws(backend, switch_to=None):
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    tf.set_random_seed(7)
    x = tf.placeholder(tf.float32, [None, 6])
    dropped = tf.nn.dropout(x, keep_prob=0.6)
    draws = [dropped, tf.random_uniform([3, 5], seed=1), tf.random_normal([7], seed=2),
             tf.random_uniform([4], 0, 10, dtype=tf.int32, seed=4), tf.random_uniform([3], dtype=tf.float64, seed=6),
             tf.random_uniform([2], -5, 2 ** 40, dtype=tf.int64, seed=8)]
    unseeded = tf.random_uniform([2])
    out = []
    with tf.Session() as sess:
        for _ in range(3):
            out.append(sess.run(draws, {x: np.ones((4, 6), np.float32)}))
        executable = sess._executable(tuple(draws), {x: None})
        backend_used, reason = getattr(executable, "backend", "numpy"), getattr(executable, "reason", None)
        if switch_to:  # the same session's streams continue on the other backend
            sess._backend = switch_to
            sess._executables.clear()
            out.append(sess.run(draws, {x: np.ones((4, 6), np.float32)}))
        first = sess.run(unseeded)
        assert not np.array_equal(first, sess.run(unseeded))  # an unseeded op draws once per run, not a replay
    return out, backend_used, reason


def test_seeded_draws_compile_and_match_numpy_bit_for_bit():
    want, _, _ = _draws("numpy", switch_to="numpy")
    got, backend, reason = _draws("xla", switch_to="numpy")
    assert backend == "xla", reason
    for run_want, run_got in zip(want, got):
        for a, b in zip(run_want, run_got):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)


def test_a_plan_with_dropout_trains_compiled_like_numpy():
    def losses(backend):
        xla_select.set_backend(backend)
        tf.reset_default_graph()
        tf.set_random_seed(3)
        rng = np.random.RandomState(0)
        x = tf.placeholder(tf.float32, [None, 10])
        w = tf.Variable(rng.randn(10, 4).astype(np.float32))
        h = tf.nn.dropout(tf.nn.relu(tf.matmul(x, w)), keep_prob=0.5)
        loss = tf.reduce_mean(tf.square(h - 1.0))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        xs = rng.rand(16, 10).astype(np.float32)
        with tf.Session() as sess:
            sess.run(w.initializer)
            result = [sess.run([loss, train], {x: xs})[0] for _ in range(4)]
            step = sess._executable((loss, train), {x: xs})
            assert getattr(step, "backend", "numpy") == backend, step.reason
        return result
    np.testing.assert_allclose(losses("xla"), losses("numpy"), rtol=1e-6)
