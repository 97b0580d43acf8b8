"""A plan's compiled forms per feed shape (runtime/backends/xla_cache.py): a bounded LRU, the same
results for every shape, a new shape on "auto" run on NumPy while it compiles, and explain's note."""

from __future__ import annotations

import gc
import time
import weakref

import numpy as np

import sessionflow as tf
from sessionflow.explain import Trace
from sessionflow.runtime.backends import xla_cache, xla_select
from sessionflow.runtime.backends.xla_cache import ShapeCache, shape_key


def _key(*shapes):
    return shape_key([np.zeros(s, np.float32) for s in shapes])


def test_cache_keeps_the_most_recently_used_shapes_and_says_why_it_recompiled():
    cache = ShapeCache(("x:0", "y:0"), capacity=2)
    a, b, c = _key((128, 784), (128,)), _key((50, 784), (50,)), _key((7, 784), (7,))
    assert cache.add(a, "fa") is None  # the first shape is no recompile
    assert cache.add(b, "fb") == ("plan recompiled for feed x:0 of shape (50, 784) (compiled before: (128, 784)); "
                                  "2 of 2 shapes cached")
    assert cache.get(a) == "fa"  # a is now the most recent: c evicts b
    assert cache.add(c, "fc").startswith("plan recompiled for feed x:0 of shape (7, 784) (compiled before: (128, 784))")
    assert len(cache) == 2 and cache.get(b) is None and cache.get(a) == "fa" and cache.get(c) == "fc"
    dtype = shape_key([np.zeros((7, 784), np.float64), np.zeros(7, np.float32)])
    assert "feed x:0 of dtype float64 (compiled before: float32)" in cache.add(dtype, "fd")


def _program():
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    w = tf.Variable(np.linspace(-1, 1, 18, dtype=np.float32).reshape(6, 3))
    y = tf.reduce_sum(tf.nn.tanh(tf.matmul(x, w)) * 2.0 + 1.0, axis=1)
    return x, w, y


def test_results_across_more_shapes_than_the_cache_holds(monkeypatch):
    monkeypatch.setattr(xla_cache, "CAPACITY", 2)
    rng = np.random.RandomState(0)
    batches = [rng.rand(n, 6).astype(np.float32) for n in (4, 5, 4, 3, 9, 5, 4)]
    xla_select.set_backend("numpy")
    x, w, y = _program()
    with tf.Session() as sess:
        sess.run(w.initializer)
        want = [sess.run(y, {x: b}) for b in batches]
    xla_select.set_backend("xla")
    try:
        with tf.Session() as sess:
            sess.run(w.initializer)
            got = []
            for b in batches:
                got.append(sess.run(y, {x: b}))
                executable = sess._executable((y,), {x: b})
                assert executable.backend == "xla" and len(executable._shapes) <= 2
            assert executable._shapes.get(_key((4, 6))) is not None  # the two most recent: 5 and 4 rows
            assert executable._shapes.get(_key((5, 6))) is not None
            first = executable._shapes.get(_key((4, 6)))
            gone = weakref.ref(first)
            del first
            for n in (1, 2):  # two new shapes evict the others: nothing holds their functions any more
                sess.run(y, {x: np.ones((n, 6), np.float32)})
            gc.collect()
            assert gone() is None
    finally:
        xla_select.set_backend(None)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-5)


def test_auto_runs_a_new_shape_on_numpy_while_it_compiles(monkeypatch):
    from sessionflow.runtime.backends import xla

    monkeypatch.setattr(xla, "WARMUP_SECONDS", 0.0)

    xla_select.set_backend("auto")
    try:
        x, w, y = _program()
        small, big = np.ones((2, 6), np.float32), np.ones((5, 6), np.float32)
        with tf.Session() as sess:
            sess.run(w.initializer)
            executable = sess._executable((y,), {x: small})
            state = {k: sess._store.values[k] for k in executable._keys}
            executable._numpy_ns = 10 ** 15  # NumPy "took" 11 days: the compiled form wins its trials
            executable._warm([small], state)
            started = []
            monkeypatch.setattr(executable, "_compile_behind", lambda fed: started.append(fed) or True)
            want = sess.run(y, {x: big})  # a new shape: NumPy runs it, a compile starts behind
            assert len(started) == 1 and len(executable._shapes) == 1
            assert executable._trials == xla.WARMUP + xla.TRIALS  # a run on NumPy is no trial of the compiled form
            for _ in range(xla.WARMUP + xla.TRIALS):
                sess.run(y, {x: small})
            assert executable.backend == "xla" and executable.reason is None and not executable._trials
            monkeypatch.undo()
            executable._compile_behind([big])
            deadline = time.monotonic() + 120
            while len(executable._shapes) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert executable._shapes.get(_key((5, 6))) is not None
            np.testing.assert_allclose(sess.run(y, {x: big}), want, rtol=1e-5)  # now compiled
            assert "plan recompiled for feed x:0 of shape (5, 6) (compiled before: (2, 6))" in \
                executable._shapes.last_recompile
    finally:
        xla_select.set_backend(None)


def test_explain_says_when_a_plan_recompiled_and_why():
    xla_select.set_backend("xla")
    try:
        x, w, y = _program()
        with tf.Session() as sess:
            sess.run(w.initializer)
            with Trace() as trace:
                for n in (128, 128, 50):
                    sess.run(y, {x: np.ones((n, 6), np.float32)})
    finally:
        xla_select.set_backend(None)
    notes = [run.backend for run in trace.runs]
    assert notes[0] == notes[1] == "plan runs on xla (observed runs go step by step on numpy)"
    assert notes[2] == ("plan runs on xla (observed runs go step by step on numpy); plan recompiled for feed x:0 "
                        "of shape (50, 6) (compiled before: (128, 6)); 2 of 8 shapes cached")
    report = " ".join(trace.render().split())  # the report wraps its lines
    assert "plan recompiled for feed x:0 of shape (50, 6) (compiled before: (128, 6)); 2 of 8 shapes cached." in report
