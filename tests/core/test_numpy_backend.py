"""The NumPy backend's run loop (sessionflow/runtime/backends/numpy.py): each kind of step (one
input, two inputs, several inputs or outputs) reads and writes the right registers, a failure names
its op, and NumPy's floating-point error state is private to the run."""

import warnings

import numpy as np
import pytest

import sessionflow as tf


def test_steps_of_every_arity_compute_what_numpy_does():
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    neg = tf.negative(x)                                   # one input
    summed = neg + tf.constant(1.0)                        # two inputs
    parts = tf.split(summed, 3, axis=1)                    # two inputs, three outputs
    joined = tf.concat([parts[2], parts[0], parts[1]], 1)  # four inputs (three values and the axis)
    total = tf.add_n([parts[0], parts[1], parts[2]])       # three inputs
    value = np.arange(12, dtype=np.float32).reshape(2, 6)
    with tf.Session() as sess:
        got = sess.run({"joined": joined, "total": total, "parts": parts, "x": x}, {x: value})
    expect = 1 - value
    np.testing.assert_array_equal(got["joined"], np.concatenate([expect[:, 4:], expect[:, :4]], 1))
    np.testing.assert_array_equal(got["total"], expect[:, :2] + expect[:, 2:4] + expect[:, 4:])
    for part, cols in zip(got["parts"], (slice(0, 2), slice(2, 4), slice(4, 6))):
        np.testing.assert_array_equal(part, expect[:, cols])
    np.testing.assert_array_equal(got["x"], value)


@pytest.mark.parametrize("build, feed, name", [
    (lambda x: tf.check_numerics(x, "bad", name="check"), [np.nan, 1.0], "check"),      # one input
    (lambda x: tf.reshape(x, [5], name="reshape"), [1.0, 2.0], "reshape"),              # two inputs
    (lambda x: tf.concat([x, x, tf.zeros([3, 1])], 1, name="concat"), [1.0, 2.0], "concat"),  # four inputs
])
def test_a_failing_step_names_its_op(build, feed, name):
    x = tf.placeholder(tf.float32, None, name="x")
    out = build(tf.reshape(x, [-1, 1]) if name == "concat" else x)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(out, {x: np.array(feed, np.float32)})
        assert info.value.op is not None and info.value.op.name == name
        assert sess.run(tf.constant(2.0) * 3) == 6.0  # the session still runs


def test_float_errors_give_ieee_values_silently_and_leave_numpys_state_alone():
    x = tf.placeholder(tf.float32, [3])
    out = [tf.log(x), x / x, tf.exp(x * 1e3)]
    before = np.geterr()
    with tf.Session() as sess, warnings.catch_warnings():
        warnings.simplefilter("error")
        log, ratio, big = sess.run(out, {x: np.array([0.0, 1.0, 2.0], np.float32)})
    assert log[0] == -np.inf and np.isnan(ratio[0]) and np.isinf(big[2])
    assert np.geterr() == before


def test_constants_folded_while_building_and_binding_warn_no_more_than_runs():
    # A divisor folded from constants (x / sqrt(c) runs as x * (1 / sqrt(c)), as TF's grappler leaves it)
    # and static shapes of ops on constants: NaN and inf values come out silently, as in runs.
    x = tf.placeholder(tf.float32, [2])
    c = tf.constant([-4.0, 0.0])
    with warnings.catch_warnings(record=True) as caught:  # recorded: folding would swallow raised warnings
        warnings.simplefilter("always")
        out = [x / tf.sqrt(c), x / tf.log(c), tf.reshape(tf.log(c), [2, 1])]
        with tf.Session() as sess:
            ratio, by_log, logs = sess.run(out, {x: np.array([1.0, 1.0], np.float32)})
    assert [str(w.message) for w in caught] == []
    assert np.isnan(ratio[0]) and ratio[1] == np.inf and np.isnan(by_log[0]) and by_log[1] == 0.0
    assert np.isnan(logs[0, 0]) and logs[1, 0] == -np.inf


@pytest.mark.parametrize("use, numpy", [
    (lambda w, x: tf.matmul(x, w), lambda w, x: x @ w),           # two inputs, the variable second
    (lambda w, x: tf.matmul(w, x), lambda w, x: w @ x),           # two inputs, the variable first
    (lambda w, x: tf.negative(w), lambda w, x: -w),               # one input
    (lambda w, x: tf.add_n([x, w, w]), lambda w, x: x + w + w),   # three inputs, two reads
])
def test_a_variable_read_by_its_consumer_names_the_read_op(use, numpy):
    """Reading an uninitialized variable fails at the consumer with TF's error, naming `w/read`; once
    initialized, the consumer reads the value the variable has when the consumer runs."""
    start = np.array([[1, 2], [3, 4]], np.float32)
    w = tf.Variable(start, name="w")
    x = tf.constant(np.array([[0.5, -1], [2, 0]], np.float32))
    out = use(w, x)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value w") as info:
            sess.run(out)
        assert info.value.op.name == "w/read"
        sess.run(w.initializer)
        np.testing.assert_array_equal(sess.run(out), numpy(start, sess.run(x)))
        sess.run(w.assign(2 * w))
        np.testing.assert_array_equal(sess.run(out), numpy(2 * start, sess.run(x)))
