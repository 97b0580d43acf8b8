import numpy as np
import tensorflow as tf

x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
n = tf.constant([1, 2, 3, 4])
ops = [tf.cumsum(x), tf.cumsum(x, axis=1), tf.cumsum(x, axis=1, exclusive=True), tf.cumsum(x, axis=-1, reverse=True),
       tf.cumsum(x, axis=1, exclusive=True, reverse=True), tf.cumprod(x, axis=1), tf.cumprod(n, exclusive=True),
       tf.math.cumprod(n, reverse=True, exclusive=True), tf.math.cumsum(n, name="running")]
with tf.Session() as sess:
    for t, v in zip(ops, sess.run(ops)):
        print(t.name, t.dtype.name, t.shape, np.round(v, 4).tolist())
    try:
        sess.run(tf.floordiv(n, tf.constant([1, 0, 1, 1])))
    except tf.errors.InvalidArgumentError:
        print("InvalidArgumentError on integer division by zero")
