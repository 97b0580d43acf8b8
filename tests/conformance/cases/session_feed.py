import tensorflow as tf
import numpy as np

# Feeding placeholders, intermediate tensors and placeholder_with_default.
x = tf.placeholder(tf.float32, shape=[None], name="x")
y = x * 2.0
z = y + 1.0
d = tf.placeholder_with_default(tf.constant([10, 20]), shape=[2], name="d")
d2 = d * 3
n = tf.placeholder(tf.int32, name="n")

with tf.Session() as sess:
    print("feed list:", sess.run(z, feed_dict={x: [1.0, 2.0]}))
    print("feed array:", sess.run(z, {x: np.array([3.0], dtype=np.float64)}))
    print("feed by name:", sess.run(z, feed_dict={"x:0": [4.0]}))
    print("feed intermediate:", sess.run(z, feed_dict={y: [100.0, 200.0]}))
    print("feed fetched tensor:", sess.run(y, feed_dict={y: [5.0]}))
    print("feed constant:", sess.run(z, feed_dict={x: [1.0], y: [0.0]}))
    print("default:", sess.run(d2), "fed:", sess.run(d2, {d: [1, 2]}))
    print("default op type:", d.op.type, d.shape)
    value = sess.run(n, {n: 7})
    print("fed scalar:", value, type(value).__name__)
    value = sess.run(x, {x: [1, 2]})
    print("ints fed to float placeholder:", value, value.dtype)
    value = sess.run(n, {n: 2.9})
    print("float fed to int placeholder:", value, type(value).__name__)
    c = tf.constant(5)
    print("feed a constant:", sess.run(c * 2, {c: 1}))
    print("placeholder shape:", x.shape, n.shape, x.op.type)
