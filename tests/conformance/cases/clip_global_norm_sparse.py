"""tf.global_norm and tf.clip_by_global_norm of sparse gradients (an embedding lookup): the norm is taken over
the gradient's rows as they are, repeated ids not summed, and the clipped gradient stays sparse, so the optimizer
updates only the rows looked up (Adam's sparse path)."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
ids = tf.constant([[1, 3, 3], [0, 1, 1]])
embedding = tf.get_variable("embedding", [6, 4])
w = tf.get_variable("w", [4, 2])
h = tf.reduce_mean(tf.nn.embedding_lookup(embedding, ids), axis=1)
loss = tf.reduce_sum(tf.square(tf.matmul(h, w) - 1.0))
optimizer = tf.train.AdamOptimizer(0.1)
grads, variables = zip(*optimizer.compute_gradients(loss))
clipped, norm = tf.clip_by_global_norm(grads, 0.5)
print("sparse:", [isinstance(g, tf.IndexedSlices) for g in grads], [isinstance(g, tf.IndexedSlices) for g in clipped])
train = optimizer.apply_gradients(zip(clipped, variables))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(8):
        _, l, n = sess.run([train, loss, norm])
        print(step, "%.5f %.5f" % (l, n))  # 5 digits: XLA sums in its own order
    print("untouched rows stay put:", np.round(sess.run(embedding)[[2, 4, 5]], 5).tolist())
