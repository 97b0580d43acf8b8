"""Session.partial_run_setup / partial_run (runtime/partial_run.py): one run spread over calls, each op run at
most once. Values and messages are TensorFlow 2.21's for the same programs (compat.v1, graph mode)."""

import numpy as np
import pytest

import sessionflow as tf


def _graph():
    a = tf.placeholder(tf.float32, shape=[], name="a")
    b = tf.placeholder(tf.float32, shape=[], name="b")
    c = tf.placeholder(tf.float32, shape=[], name="c")
    v = tf.Variable(10.0, name="v")
    r1 = tf.add(a, b, name="r1")
    with tf.control_dependencies([tf.assign_add(v, 1.0)]):
        r1b = tf.identity(r1, name="r1b")
    r2 = tf.multiply(r1b, c, name="r2")
    return a, b, c, v, r1, r1b, r2, r2 + v


def test_each_op_runs_once_over_the_calls_and_the_handle_ends_when_all_is_done():
    with tf.Graph().as_default():
        a, b, c, v, _, r1b, r2, r3 = _graph()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            handle = sess.partial_run_setup([r1b, r2, r3], [a, b, c])
            assert isinstance(handle, str)
            assert sess.partial_run(handle, r1b, feed_dict={a: 1, b: 2}) == 3.0
            assert sess.run(v) == 11.0  # the assign ran for the first fetch
            second = sess.partial_run(handle, [r2, r3], feed_dict={c: 3})
            assert second == [9.0, 20.0] and type(second[0]) is np.float32
            assert sess.run(v) == 11.0  # and not again for the second
            with pytest.raises(tf.errors.InvalidArgumentError, match="Must run 'setup' before performing partial"):
                sess.partial_run(handle, r2)


def test_random_values_are_drawn_once_per_partial_run():
    with tf.Graph().as_default():
        r = tf.random_uniform([3], seed=1)
        once, twice = r * 1.0, r * 2.0
        with tf.Session() as sess:
            handle = sess.partial_run_setup([once, twice])
            first = sess.partial_run(handle, once)
            np.testing.assert_array_equal(sess.partial_run(handle, twice), first * 2)


def test_errors_are_tfs():
    with tf.Graph().as_default():
        a, b, c, _, r1, _, r2, r3 = _graph()
        grp = tf.group(r1, name="grp")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            handle = sess.partial_run_setup([r1, r2, grp], [a, b, c])
            with pytest.raises(tf.errors.InvalidArgumentError, match="^The fetch add:0 was not specified in "
                                                                     "partial_run_setup.$"):
                sess.partial_run(handle, r3, feed_dict={a: 1, b: 2})
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="^Fetch b:0 can't be computed from the feeds that have been fed so far."):
                sess.partial_run(handle, r1, feed_dict={a: 1})  # a failed call feeds nothing
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="^Fetch a:0 can't be computed from the feeds that have been fed so far."):
                sess.partial_run(handle, r2, feed_dict={c: 2})
            with pytest.raises(tf.errors.InvalidArgumentError,  # the nearest unfed input first: c, then r1's a
                               match="^Fetch c:0 can't be computed from the feeds that have been fed so far."):
                sess.partial_run(handle, r2, feed_dict={a: 2})
            with pytest.raises(RuntimeError, match=r"partial_run\(\) requires empty `target_list`. Received: "
                                                   r"target_list=\[<tf.Operation 'grp' type=NoOp>\] \(non-empty\)"):
                sess.partial_run(handle, [r1, grp])
            assert sess.partial_run(handle, r1, feed_dict={a: 1, b: 5}) == 6.0
            with pytest.raises(tf.errors.InvalidArgumentError, match="^The feed a:0 has already been fed.$"):
                sess.partial_run(handle, r2, feed_dict={a: 2})
            with pytest.raises(tf.errors.InvalidArgumentError, match="^The fetch r1:0 has already been fetched.$"):
                sess.partial_run(handle, r1)
            with pytest.raises(tf.errors.InvalidArgumentError, match="^The feed d:0 was not specified in "
                                                                     "partial_run_setup.$"):
                sess.partial_run(handle, r2, feed_dict={tf.placeholder(tf.float32, name="d"): 1.0})
            assert sess.partial_run(handle, r2, feed_dict={c: 2}) == 12.0
            with pytest.raises(tf.errors.InvalidArgumentError, match="Must run 'setup'"):
                sess.partial_run("bogus", r1)
            names = sess.partial_run_setup([r1], [a, "b:0"])
            assert sess.partial_run(names, [], feed_dict={a: 1.0}) == []
            assert sess.partial_run(names, [r1], feed_dict={"b:0": 1.0}) == [2.0]
