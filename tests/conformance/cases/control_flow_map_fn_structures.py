# map_fn over a tuple of tensors, returning a tuple, and its gradients.
import tensorflow as tf
a = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
b = tf.constant([10.0, 20.0, 30.0])
s = tf.map_fn(lambda e: e * 2.0, a)
t = tf.map_fn(lambda ab: (ab[0] * ab[1], tf.reduce_sum(ab[0])), (a, b), dtype=(tf.float32, tf.float32))
g = tf.gradients(tf.reduce_sum(t[0]) + tf.reduce_sum(t[1]), [a, b])
with tf.Session() as sess:
    print(sess.run(s).tolist(), [x.tolist() for x in sess.run(t)], [x.tolist() for x in sess.run(g)], t[0].shape)
