"""The default backend: "auto" (tiered) where JAX is importable, NumPy where it is not; a training loop
under "auto" moves onto XLA and ends where the NumPy interpreter ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np

import sessionflow as tf
from sessionflow.runtime.backends import xla_select

_PROGRAM = """
import sessionflow as tf
from sessionflow.runtime.backends import xla_select
v = tf.Variable(1.0)
with tf.Session() as sess:
    sess.run(v.initializer)
    print(xla_select.get_backend(), sess._backend, type(sess._executable((v.initializer,), {})).__name__)
"""


def _run_without_backend_variable(code: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SESSIONFLOW_BACKEND"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def test_default_is_auto_where_jax_is_importable():
    assert _run_without_backend_variable(_PROGRAM) == "auto auto XlaExecutable"


def test_default_is_numpy_without_jax():
    code = "from sessionflow.runtime.backends import xla\nxla.AVAILABLE = False\n" + _PROGRAM
    assert _run_without_backend_variable(code) == "numpy numpy NumpyExecutable"


def test_default_without_jax_in_process(monkeypatch):
    from sessionflow.runtime.backends import xla

    monkeypatch.delenv("SESSIONFLOW_BACKEND")
    xla_select.set_backend(None)
    assert xla_select.get_backend() == "auto" and xla_select.session_backend(None) == "auto"
    monkeypatch.setattr(xla, "AVAILABLE", False)
    assert xla_select.get_backend() == "numpy" and xla_select.session_backend(None) == "numpy"


class _SlowNumpy:
    """The plan's NumPy interpreter, made to take 30 ms a run: the tiering decision then goes to the
    compiled form on any machine, whatever else runs on it (no wall time is asserted)."""

    def __init__(self, numpy):
        self._numpy = numpy

    def run(self, feeds):
        time.sleep(0.03)
        return self._numpy.run(feeds)

    def __getattr__(self, name):
        return getattr(self._numpy, name)


def _training(steps: int, tiered: bool):
    tf.reset_default_graph()
    rng = np.random.RandomState(3)
    x = tf.placeholder(tf.float32, [None, 30])
    y = tf.placeholder(tf.int64, [None])
    w1 = tf.Variable(rng.randn(30, 24).astype(np.float32) * 0.2)
    b1 = tf.Variable(np.zeros(24, np.float32))
    w2 = tf.Variable(rng.randn(24, 4).astype(np.float32) * 0.2)
    logits = tf.matmul(tf.nn.relu(tf.matmul(x, w1) + b1), w2)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    xs, ys = rng.rand(32, 30).astype(np.float32), rng.randint(0, 4, 32)
    backends = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = []
        executable = sess._executable((loss, train), {x: xs, y: ys})  # the plan sess.run uses below
        if tiered:
            executable._numpy = _SlowNumpy(executable._numpy)
        for _ in range(steps):
            losses.append(sess.run([loss, train], {x: xs, y: ys})[0])
            if tiered and executable._warming and not executable._ready:  # wait for the background compile
                deadline = time.monotonic() + 120
                while not executable._ready and executable.reason is None and time.monotonic() < deadline:
                    time.sleep(0.02)
            backends.append(executable.backend if tiered else "numpy")
    return losses, backends, executable


def test_a_long_training_loop_under_auto_moves_to_xla_with_numpys_losses(monkeypatch):
    from sessionflow.runtime.backends import xla

    monkeypatch.setattr(xla, "TIER_SECONDS", 0.05)
    xla_select.set_backend("numpy")
    want, _, _ = _training(40, tiered=False)
    xla_select.set_backend("auto")
    try:
        got, backends, executable = _training(40, tiered=True)
    finally:
        xla_select.set_backend(None)
    assert executable.reason is None and executable.backend == "xla"
    assert backends[0] == "numpy" and backends[-1] == "xla"
    assert want[-1] < want[0] * 0.9  # it trains
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


_EXITS_WHILE_COMPILING = """
import sys, threading, time
import numpy as np
import sessionflow as tf
x = tf.placeholder(tf.float32, [None, 64])
w = tf.Variable(np.ones((64, 64), np.float32))
h = x
for _ in range(30):
    h = tf.nn.tanh(tf.matmul(h, w) * 0.01)
train = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(h))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: np.ones((4, 64), np.float32)})
compiling = [t for t in threading.enumerate() if t.name == "sessionflow-xla-compile"]
deadline = time.monotonic() + 60
while "jax" not in sys.modules and time.monotonic() < deadline:  # let the compile reach JAX
    time.sleep(0.01)
time.sleep(0.3)
print("exiting", len(compiling), all(not t.daemon for t in compiling))
"""


def test_a_program_that_ends_while_a_plan_compiles_exits_cleanly():
    """The compile threads are not daemons: a daemon stopped inside XLA's compiler as the interpreter
    finalizes aborts the process (exit status 134, "FATAL: exception not rethrown")."""
    env = dict(os.environ, SESSIONFLOW_BACKEND="auto", SESSIONFLOW_XLA_TIER_AFTER="1", SESSIONFLOW_XLA_TIER_SECONDS="0")
    done = subprocess.run([sys.executable, "-c", _EXITS_WHILE_COMPILING], env=env, capture_output=True, text=True, check=False,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["exiting", "2", "True"]  # the initializer's and the training step's compiles
