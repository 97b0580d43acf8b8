import numpy as np
import tensorflow as tf


def show(t, v, index):
    name = "-" if index in VALUE_ONLY else t.name  # sessionflow builds these two from other ops than TF
    print(name, t.dtype.name, t.shape, np.round(np.asarray(v, dtype=np.float64), 4).tolist())


m = tf.constant([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]])
batch = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10)
v = tf.placeholder(tf.float32, [None, 4])
ops = [tf.matmul(m, m), tf.matmul(m, m, transpose_a=True, transpose_b=True), tf.matmul(batch, batch, adjoint_b=True),
       tf.matmul(batch, tf.ones([4, 2])), tf.linalg.matmul(tf.ones([2, 1, 2, 3]), tf.ones([3, 3, 1])),
       tf.matrix_inverse(m), tf.linalg.inv(m, adjoint=True), tf.matrix_determinant(m), tf.linalg.det(batch[:, :, :3]),
       tf.cholesky(m), tf.matrix_diag([1.0, 2.0]), tf.linalg.diag(tf.ones([2, 2]), k=1),
       tf.matrix_diag_part(batch), tf.linalg.diag_part(m, k=-1), tf.matrix_band_part(m, 0, -1),
       tf.linalg.band_part(batch, 1, 0), tf.eye(3), tf.eye(2, 3, batch_shape=[2], dtype=tf.int32),
       tf.einsum("ij,jk->ik", m, m), tf.einsum("bij->bji", batch), tf.einsum("bij,bkj->bik", batch, batch),
       tf.tensordot(batch, tf.ones([4, 5]), axes=1), tf.tensordot(batch, batch, axes=[[1, 2], [1, 2]]),
       tf.matmul(v, tf.ones([4, 2]))]
VALUE_ONLY = {17, 22}
with tf.Session() as sess:
    values = sess.run(ops, feed_dict={v: np.ones((3, 4))})
    for index, (t, val) in enumerate(zip(ops, values)):
        show(t, val, index)
    try:
        sess.run(tf.matrix_inverse(tf.zeros([2, 2])))
    except tf.errors.InvalidArgumentError:
        print("InvalidArgumentError: singular matrix")
for bad in [lambda: tf.matmul(tf.ones([2, 3]), tf.ones([2, 3])), lambda: tf.matmul(tf.ones([4, 2, 3]), tf.ones([5, 3, 3])),
            lambda: tf.matrix_inverse(tf.ones([2, 3])), lambda: tf.cholesky(tf.ones([3])),
            lambda: tf.matmul(tf.ones([2, 2]), tf.ones([2, 2], tf.float64))]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
