"""Denormal floats are flushed to zero inside runs, as TF's CPU kernels flush them, and only there.

The expected values are TensorFlow 2.21's output (compat.v1, graph mode) for the same graphs and feeds."""

import threading

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime import float_env

pytestmark = pytest.mark.skipif(not float_env.flushes_denormals(),
                                reason="no known floating-point environment layout on this platform")

TINY = np.float32(1e-40)  # subnormal in float32


def _ieee_product(x):
    """x * 1 in the caller's own NumPy arithmetic: 1e-40 keeps its value outside runs."""
    return (np.array([x], np.float32) * np.float32(1.0))[0]


def test_float32_kernels_flush_as_tf():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        fetches = {
            "exp": tf.exp(x), "half": x * 0.5, "square": tf.square(x),
            "sqrt": tf.sqrt(tf.abs(x)), "relu": tf.nn.relu(x), "softmax": tf.nn.softmax(x),
            "softplus": tf.nn.softplus(x), "to_double": tf.cast(x, tf.float64),
            "outer": tf.matmul(tf.reshape(x, [-1, 1]), tf.reshape(x, [1, -1]))[0],
            "identity": tf.identity(x), "abs": tf.abs(x),
        }
        with tf.Session() as sess:
            out = sess.run(fetches, {x: np.array([-100.0, 1e-40, 1e-20], np.float32)})
    assert out["exp"].tolist() == [0.0, 1.0, 1.0]  # exp(-100) = 3.8e-44 is subnormal
    np.testing.assert_array_equal(out["half"], np.array([-50.0, 0.0, 5e-21], np.float32))
    np.testing.assert_array_equal(out["square"], np.array([10000.0, 0.0, 0.0], np.float32))  # 1e-40 underflows
    np.testing.assert_array_equal(out["sqrt"], np.array([10.0, 0.0, 1e-10], np.float32))
    np.testing.assert_array_equal(out["relu"], np.array([0.0, 0.0, 1e-20], np.float32))
    np.testing.assert_array_equal(out["softmax"], np.array([0.0, 0.5, 0.5], np.float32))
    np.testing.assert_allclose(out["softplus"], np.array([0.0, 0.6931472, 0.6931472], np.float32), rtol=1e-6)
    np.testing.assert_array_equal(out["to_double"], np.array([-100.0, 0.0, np.float32(1e-20)]))
    assert out["outer"][1] == 0.0
    # copies and sign operations keep a subnormal, on TF as here
    assert out["identity"][1] == TINY and out["abs"][1] == TINY


@pytest.mark.numpy_backend  # XLA's simplifier rewrites log(exp(x)) and x * 1 to x (docs/xla.md)
def test_identities_are_computed_as_tf_computes_them():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        with tf.Session() as sess:
            log_exp, times_one = sess.run([tf.log(tf.exp(x)), x * 1.0], {x: np.array([-100.0, 1e-40], np.float32)})
    assert log_exp[0] == -np.inf
    assert times_one.tolist() == [-100.0, 0.0]


def test_float64_and_py_func_flush_as_tf():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float64, [None])
        y = tf.placeholder(tf.float32, [None])
        in_py = tf.py_func(lambda a: a * np.float32(1.0), [y], tf.float32)  # TF runs it with the modes on too
        with tf.Session() as sess:
            doubled, exp, from_py = sess.run([x * 2.0, tf.exp(x), in_py],
                                             {x: np.array([1e-310, -800.0, 1.0]), y: np.array([1e-40], np.float32)})
    assert doubled.tolist() == [0.0, -1600.0, 2.0]
    assert exp[1] == 0.0
    assert from_py[0] == 0.0


def test_caller_keeps_ieee_arithmetic_after_runs_and_errors():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        checked = tf.debugging.check_numerics(x * 0.5, "bad")
        with tf.Session() as sess:
            assert sess.run(x * 0.5, {x: [TINY]})[0] == 0.0
            assert _ieee_product(TINY) == TINY
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(checked, {x: [np.nan]})
            assert _ieee_product(TINY) == TINY


def test_nested_runs_and_threads():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        inner = x * 0.5
        sess = tf.Session()

        def body(a):
            first = sess.run(inner, {x: a})  # a nested run: the outer one still flushes after it returns
            return np.concatenate([first, a * np.float32(0.5)])

        outer = tf.py_func(body, [x], tf.float32)
        assert sess.run(outer, {x: [TINY]}).tolist() == [0.0, 0.0]
        assert _ieee_product(TINY) == TINY

        seen = []
        worker = threading.Thread(target=lambda: seen.append(sess.run(inner, {x: [TINY]})[0]))
        worker.start()
        worker.join()
        assert seen == [0.0]
        assert _ieee_product(TINY) == TINY
        sess.close()


def test_a_caller_that_flushes_itself_keeps_flushing():
    modes = float_env._MODES
    callers = modes.buffer()
    assert modes.flush(callers)  # the caller's own code (a library built with -ffast-math, say) turned them on
    try:
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None])
            with tf.Session() as sess:
                assert sess.run(x * 0.5, {x: [TINY]})[0] == 0.0
        assert _ieee_product(TINY) == 0.0
    finally:
        modes.restore(callers)
    assert _ieee_product(TINY) == TINY


def test_parsed_numbers_keep_subnormals_as_tf():
    """Text parses to the nearest float32, subnormal or not (TF's strtof): no arithmetic flushes it."""
    with tf.Graph().as_default():
        a, b = tf.decode_csv(tf.constant(["1e-45,2", "3.5e-39,-1e-40", "1e-46,1e38"]), [[0.0], [0.0]])
        parsed = tf.strings.to_number(tf.constant(["1e-45", "-2.5e-40", "7e-46", "1.17549e-38"]))
        with tf.Session() as sess:
            got = [v.view(np.uint32).tolist() for v in sess.run([a, b, parsed])]
    assert got == [[1, 2497683, 0], [1073741824, 2147555010, 2123789977], [1, 2147662054, 0, 8388577]]  # TF's bits


@pytest.mark.numpy_backend
def test_plans_without_float_computation_skip_the_switch():
    with tf.Graph().as_default():
        v = tf.Variable(1e-40, dtype=tf.float32)
        step = tf.Variable(0, dtype=tf.int64)
        x = tf.placeholder(tf.float32, [None])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            runs = {"read": (tf.identity(v), {}), "count": (step.assign_add(1), {}),
                    "reshape": (tf.reshape(x, [-1, 1]), {x: [TINY]}), "scale": (x * 0.5, {x: [TINY]})}
            values = {name: sess.run(fetch, feed) for name, (fetch, feed) in runs.items()}
            flushes = {name: sess._executable((fetch,), sess._feeds(feed))._flushes
                       for name, (fetch, feed) in runs.items()}
    assert flushes == {"read": False, "count": False, "reshape": False, "scale": True}
    assert values["read"] == TINY and values["reshape"][0, 0] == TINY  # moved, not computed: kept, as on TF
    assert values["scale"][0] == 0.0
