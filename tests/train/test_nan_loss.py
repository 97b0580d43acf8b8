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
            assert np.isnan(sess.run(w)) or np.isfinite(sess.run(w))
            assert sess.run(loss, {x: [1.0]}) is not None  # the session stays usable
