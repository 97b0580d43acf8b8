"""A NaN in the loss does not crash the session: the run completes and reports NaN, as TF does."""

import numpy as np

import sessionflow as tf


def test_nan_loss_trains_without_crashing():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None])
        w = tf.Variable(1.0)
        loss = tf.reduce_mean(tf.log(x * w))  # log of a negative number: NaN
        step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            value, _ = sess.run([loss, step], {x: [-1.0, 2.0]})
            assert np.isnan(value)
            # d/dw log(x * w) = 1 / w whatever x's sign: the update itself is finite, as in TF.
            np.testing.assert_allclose(sess.run(w), 0.9, rtol=1e-6)
            np.testing.assert_allclose(sess.run(loss, {x: [1.0]}), np.log(0.9), rtol=1e-6)  # still usable
