"""tf.py_func / tf.numpy_function / tf.py_function: results, op types, error classes and messages against TF's
recorded output (tests/ops/goldens/script_ops.json, tools/record_strings.py); tokens and GraphDefs; calls from
many threads at once."""

from __future__ import annotations

import json
import os
import re
import sys
import threading

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.ops import script_ops

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import script_ops_programs  # noqa: E402

with open(os.path.join(HERE, "goldens", "script_ops.json"), encoding="utf-8") as _f:
    GOLDENS = json.load(_f)


def _tokens_unnumbered(value):
    """Tokens count every function registered in the process, so their numbers differ between runs."""
    return json.loads(re.sub(r"pyfunc_\d+", "pyfunc_N", json.dumps(value)))


@pytest.mark.parametrize("program", sorted(GOLDENS))
def test_programs_match_tf(program):
    with tf.Graph().as_default():
        got = script_ops_programs.PROGRAMS[program](tf)
    assert _tokens_unnumbered(got) == _tokens_unnumbered(GOLDENS[program])


def test_error_message_carries_the_traceback_naming_the_function():
    def parse_record(x):
        raise ValueError("bad record")

    with tf.Graph().as_default():
        y = tf.py_func(parse_record, [tf.constant(1.0)], tf.float32)
        with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(y)
    message = info.value.message
    assert message.startswith("ValueError: bad record\nTraceback (most recent call last):")
    assert "in parse_record" in message and 'raise ValueError("bad record")' in message
    assert info.value.op is y.op


def test_token_is_the_registry_key_and_a_graph_def_round_trips_in_process():
    calls = []

    def double(a):
        calls.append(1)
        return a * 2

    with tf.Graph().as_default() as g:
        y = tf.py_func(double, [tf.constant([1.0, 2.0])], tf.float32, name="double")
        token = y.op.get_attr("token") if hasattr(y.op, "get_attr") else y.op.attrs["token"]
        assert script_ops._py_funcs.get(token) is double
        graph_def = g.as_graph_def()
    with tf.Graph().as_default():
        (z,) = tf.import_graph_def(graph_def, return_elements=["double:0"], name="")
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(z), [2.0, 4.0])
    assert calls == [1]


def test_stateful_py_func_runs_once_per_run_and_is_never_folded():
    calls = []

    def count(a):
        calls.append(a)
        return a + 1

    with tf.Graph().as_default():
        y = tf.py_func(count, [tf.constant(1, tf.int64)], tf.int64, stateful=True)
        s = tf.py_func(count, [tf.constant(10, tf.int64)], tf.int64, stateful=False)
        both = y + s
        assert calls == []  # nothing is called while the graph is built
        with tf.Session() as sess:
            assert sess.run(both) == 13
            assert sess.run([both, y]) == [13, 2]
    assert len(calls) == 4


def test_py_func_is_called_from_many_threads_at_once():
    """Runs from two threads are inside the function together (no global lock serializes them): each call
    waits at a barrier that only two concurrent calls pass."""
    barrier = threading.Barrier(2, timeout=20)

    def meet(a):
        barrier.wait()
        return a * 3

    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        y = tf.py_func(meet, [x], tf.float32)
        results, failures = {}, []
        with tf.Session() as sess:
            def worker(i):
                try:
                    for j in range(5):
                        results[(i, j)] = sess.run(y, {x: [float(i), float(j)]})
                except Exception as e:  # reported below
                    failures.append(e)

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    assert not failures
    for (i, j), value in results.items():
        np.testing.assert_array_equal(value, [3.0 * i, 3.0 * j])


def test_many_threads_share_one_function_safely():
    lock = threading.Lock()
    seen = []

    def record(a):
        with lock:
            seen.append(int(a))
        return np.int64(a) * 2

    with tf.Graph().as_default():
        x = tf.placeholder(tf.int64, [])
        y = tf.py_func(record, [x], tf.int64)
        out = {}
        with tf.Session() as sess:
            threads = [threading.Thread(target=lambda k=k: out.__setitem__(k, sess.run(y, {x: k}))) for k in range(16)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    assert out == {k: 2 * k for k in range(16)}
    assert sorted(seen) == list(range(16))


def test_not_callable_is_refused():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="Expected func to be callable"):
        tf.py_func(3, [], tf.float32)


def test_py_function_trains_through_a_custom_gradient():
    """py_function has no gradient of its own here (TF's needs an eager tape); tf.custom_gradient gives one."""
    @tf.custom_gradient
    def cube(x):
        y = tf.py_function(lambda a: a.numpy() ** 3, [x], tf.float32)

        def grad(dy):
            return dy * 3 * x * x

        return y, grad

    values = np.array([1.0, -2.0, 0.5], np.float32)
    with tf.Graph().as_default():
        x = tf.constant(values)
        y = cube(x)
        (g,) = tf.gradients(tf.reduce_sum(y), x)
        with tf.Session() as sess:
            y_value, g_value = sess.run([y, g])
    np.testing.assert_allclose(y_value, values ** 3)
    np.testing.assert_allclose(g_value, 3 * values ** 2)
