"""Random ops without an op seed inside a tf.cond branch or a tf.while_loop body take their op seeds from
a counter of their own that starts at 0, as in TF 2's function graphs; the outer graph's counter does
not move. Expected values: TensorFlow 2.21 (compat.v1, control flow v2) printed them for this program."""

import numpy as np

import sessionflow as tf


def test_a_branch_and_a_loop_body_count_op_seeds_from_zero():
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        a = tf.random_uniform([2])
        p = tf.placeholder(tf.bool, [])
        c = tf.cond(p, lambda: tf.random_uniform([3]), lambda: tf.zeros([3]))
        w = tf.while_loop(lambda i, s: i < 2, lambda i, s: (i + 1, s + tf.random_uniform([])), [0, 0.0])[1]
        b = tf.random_uniform([2])
        with tf.Session() as sess:
            va, vc, vb, vw = sess.run([a, c, b, w], {p: True})
    np.testing.assert_allclose(va, [0.8126964569091797, 0.07857465744018555], rtol=1e-6)
    np.testing.assert_allclose(vc, [0.8126964569091797, 0.07857465744018555, 0.8916854858398438], rtol=1e-6)
    np.testing.assert_allclose(vb, [0.055544137954711914, 0.018698453903198242], rtol=1e-6)
    np.testing.assert_allclose(vw, 1.3399857, rtol=1e-6)
