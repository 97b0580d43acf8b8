import numpy as np
import tensorflow as tf

a = tf.constant([[1.0, 2.0, 3.0], [4.0, np.nan, 6.0]])
b = tf.constant([2.0, 2.0, 7.0])
p = tf.constant([True, True, False, False])
q = tf.constant([True, False, True, False])
ops = [tf.equal(a, b), tf.not_equal(a, b), tf.less(a, b), tf.less_equal(a, b), tf.greater(a, b),
       tf.greater_equal(a, b), tf.math.equal(1, tf.constant([1, 2])), tf.logical_and(p, q), tf.logical_or(p, q),
       tf.logical_not(p), tf.logical_xor(p, q), tf.math.logical_xor(p, q, name="xor2")]
with tf.Session() as sess:
    for t, v in zip(ops, sess.run(ops)):
        print(t.name, t.dtype.name, t.shape, v.tolist())
for bad in [lambda: tf.logical_and(tf.constant([1]), tf.constant([0])), lambda: tf.less(a, tf.constant([1, 2, 3])),
            lambda: tf.equal(a, tf.ones([2, 2]))]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
