"""One session used from several threads at once."""

from __future__ import annotations

import sys
import threading

import pytest

import sessionflow as tf


def _run_threads(n, target, *args):
    errors = []

    def guarded(i):
        try:
            target(i, *args)
        except BaseException as e:  # noqa: BLE001 - reported to the main thread
            errors.append(e)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.fixture
def fast_switching():
    """Makes the interpreter switch threads very often, so races show up quickly."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def test_concurrent_independent_runs_are_consistent(sess, fast_switching):
    p = tf.placeholder(tf.float32, [3])
    y = p * 2 + 1
    r = tf.random_normal([2], seed=1)

    def work(i):
        for k in range(100):
            assert sess.run(y, {p: [i, k, 1.0]}).tolist() == [2 * i + 1, 2 * k + 1, 3.0]
            assert sess.run(r).shape == (2,)

    assert _run_threads(8, work) == []


def test_concurrent_counter_loses_no_update(sess):
    """Updates of one variable are atomic even without use_locking (tests/core/test_thread_safety.py)."""
    v = tf.Variable(0, name="c")
    inc = v.assign_add(1)
    sess.run(v.initializer)

    def work(i):
        for _ in range(200):
            sess.run(inc)

    assert _run_threads(4, work) == []
    assert sess.run(v) == 800


def test_locked_assign_add_loses_no_updates(fast_switching):
    for _ in range(10):
        tf.reset_default_graph()
        v = tf.Variable(0, name="c")
        inc = tf.assign_add(v, 1, use_locking=True)
        with tf.Session() as s:
            s.run(v.initializer)

            def work(i, s=s, inc=inc):
                for _ in range(500):
                    s.run(inc)

            assert _run_threads(4, work) == []
            assert s.run(v) == 2000


def test_default_session_is_thread_local():
    tf.constant(1.0)
    seen = []
    with tf.Session():
        t = threading.Thread(target=lambda: seen.append(tf.get_default_session()))
        t.start()
        t.join()
    assert seen == [None]


def test_sessions_in_threads_are_independent():
    v = tf.Variable(0)
    inc = v.assign_add(1)
    results = {}

    def work(i):
        with tf.Session(graph=v.graph) as s:
            s.run(v.initializer)
            for _ in range(i + 1):
                s.run(inc)
            results[i] = int(s.run(v))

    assert _run_threads(4, work) == []
    assert results == {0: 1, 1: 2, 2: 3, 3: 4}
