import numpy as np
import tensorflow as tf

# Composite functions build the same ops, with the same names, as TF: tf.tensordot (static and
# dynamic shapes, every `axes` form, its errors) and tf.reduce_logsumexp (non-finite maxima).
rng = np.random.RandomState(0)
A = rng.rand(2, 3, 4).astype(np.float32)
B = rng.rand(4, 5).astype(np.float32)
C = rng.rand(3, 2, 5).astype(np.float32)
cases = [
    ("int axes", [2, 3, 4], [4, 5], 1, A, B),
    ("list axes, unknown batch", [None, 3, 4], [4, 5], [[2], [0]], A, B),
    ("two axes, no reshape needed", [2, 3, 4], [3, 2, 5], [[0, 1], [1, 0]], A, C),
    ("outer product", [2, 3, 4], [4, 5], 0, A, B),
    ("pair of ints", [2, 3, 4], [4, 5], [2, 0], A, B),
    ("negative axis", [2, 3, 4], [4, 5], [[-1], [0]], A, B),
    ("b partly unknown", [2, 3, 4], [4, None], [[2], [0]], A, B),
]
for label, shape_a, shape_b, axes, value_a, value_b in cases:
    graph = tf.Graph()
    with graph.as_default():
        a = tf.placeholder(tf.float32, shape_a)
        b = tf.placeholder(tf.float32, shape_b)
        c = tf.tensordot(a, b, axes)
        print(label, c)
        print("  ", [(op.name, op.type) for op in graph.get_operations()])
        grads = tf.gradients(c, [a, b])
        with tf.Session() as sess:
            out, grad_a, grad_b = sess.run([c] + grads, {a: value_a, b: value_b})
        print("  ", np.round(out.reshape(-1)[:6], 4), out.shape, np.round(grad_a.sum(), 3), np.round(grad_b.sum(), 3))
for axes in [-1, 4, [[0, 1], [0]], [1, 2, 3]]:
    with tf.Graph().as_default():
        try:
            tf.tensordot(tf.zeros([2, 3]), tf.zeros([3, 2]), axes)
        except ValueError as e:
            print("ValueError", e)

with tf.Graph().as_default() as graph:
    x = tf.placeholder(tf.float32, [2, 3, 4])
    lse = tf.reduce_logsumexp(x, axis=1)
    lse_keep = tf.reduce_logsumexp(x, axis=[0, 2], keepdims=True)
    print(lse, lse_keep)
    print([(op.name, op.type) for op in graph.get_operations()])
    value = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7
    value[0, 0, 0] = np.inf
    value[1, :, 1] = -np.inf
    value[1, 2, 3] = np.nan
    (grad,) = tf.gradients(lse, x)
    with tf.Session() as sess:
        for result in sess.run([lse, lse_keep, grad], {x: value}):
            print(np.round(result, 4))

# Clipping and ones_like: TF's operator names (mul, truediv), Fill-based ones_like, values and gradients.
with tf.Graph().as_default() as graph:
    x = tf.placeholder(tf.float32, [2, 3])
    clipped = tf.clip_by_norm(x, 1.0)
    clipped_rows = tf.clip_by_norm(x, 2.0, axes=[1])
    ones_known, ones_partial = tf.ones_like(x), tf.ones_like(tf.placeholder(tf.float32, [None, 3]))
    zeros_known = tf.zeros_like(x)
    norm = tf.global_norm([x, tf.constant([1.0, 2.0])])
    clipped_list, used_norm = tf.clip_by_global_norm([x, tf.constant([1.0, 2.0])], 1.5)
    print(ones_known, ones_partial, zeros_known)
    print([(op.name, op.type) for op in graph.get_operations()])
    (grad,) = tf.gradients(clipped, x)
    with tf.Session() as sess:
        value = np.arange(6, dtype=np.float32).reshape(2, 3)
        for result in sess.run([clipped, clipped_rows, norm, clipped_list, used_norm, grad], {x: value}):
            print(np.round(result, 5) if not isinstance(result, list) else [np.round(r, 5) for r in result])
        print(sess.run(tf.clip_by_norm(tf.zeros([2]), 1.0)), sess.run(tf.gradients(tf.clip_by_norm(x * 0, 1.0), x),
                                                                     {x: value}))

# tf.shape is a Const when the static shape is fully known; dilated depthwise convolutions go through
# SpaceToBatchND/BatchToSpaceND as in TF.
with tf.Graph().as_default() as graph:
    print(tf.shape(tf.zeros([2, 3])).op.type, tf.shape(tf.placeholder(tf.float32, [None, 3])).op.type,
          tf.shape(tf.zeros([2, 3]), out_type=tf.int64).dtype.name)
    images = tf.placeholder(tf.float32, [2, 9, 9, 3])
    kernel = tf.constant(np.random.RandomState(0).rand(3, 3, 3, 2).astype(np.float32))
    dilated = tf.nn.depthwise_conv2d(images, kernel, [1, 1, 1, 1], "SAME", rate=[2, 2])
    separable = tf.nn.separable_conv2d(images, kernel, tf.ones([1, 1, 6, 4]), [1, 1, 1, 1], "VALID", rate=[2, 1])
    print(dilated, separable)
    print([(op.name, op.type) for op in graph.get_operations()])
    with tf.Session() as sess:
        a, b = sess.run([dilated, separable], {images: np.random.RandomState(1).rand(2, 9, 9, 3)})
        print(np.round(a.sum(), 3), np.round(b.sum(), 3))
