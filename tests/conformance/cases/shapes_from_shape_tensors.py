import numpy as np
import tensorflow as tf

# Static shapes of ops whose shape is a tensor built from tf.shape(...): TF reads the known parts
# (a partly known tf.shape, stacks of known and unknown scalars, concats and slices of them).
x = tf.placeholder(tf.float32, [None, 4, 6])
s = tf.shape(x)
cases = [
    ("fill", tf.fill(tf.shape(x), 1.0)),
    ("zeros of a shape", tf.zeros(tf.shape(x))),
    ("ones of a shape", tf.ones(tf.shape(x))),
    ("zeros of a list holding a tensor", tf.zeros([s[0], 5])),
    ("ones of a list holding a tensor, int32", tf.ones([s[0], 5], dtype=tf.int32)),
    ("zeros of a 1-tuple", tf.zeros((s[0],))),
    ("fill of a list holding a tensor", tf.fill([s[0], 2], 3.0)),
    ("reshape to [n, -1]", tf.reshape(x, [s[0], -1])),
    ("reshape to [n, 4, 3, 2]", tf.reshape(x, [s[0], 4, 3, 2])),
    ("reshape to a concat", tf.reshape(x, tf.concat([s[:1], [24]], 0))),
    ("reshape to a stack of products", tf.reshape(x, tf.stack([s[0], s[1] * s[2]]))),
    ("broadcast_to a shape", tf.broadcast_to(tf.constant(1.0), tf.shape(x))),
    ("random_normal of a shape", tf.random_normal(tf.shape(x))),
    ("tile with a tensor multiple", tf.tile(x, [1, 2, tf.constant(3)])),
    ("reshape to a product of slices", tf.reshape(x, s[:2] * [1, 6])),
    ("slice with a stacked size", tf.slice(x, [0, 0, 0], tf.stack([s[0], 2, -1]))),
]
for label, t in cases:
    print(label, t.name, t.op.type, t.shape)
print([(op.name, op.type) for op in tf.get_default_graph().get_operations() if op.name.startswith(("zeros", "ones"))])
with tf.Session() as sess:
    values = sess.run([t for _, t in cases if "random" not in _], {x: np.ones((3, 4, 6), np.float32)})
    print([v.shape for v in values])

# conv2d_transpose: the batch size of its static shape comes from the input, the rest from output_shape.
images = tf.placeholder(tf.float32, [None, 5, 5, 3])
kernel = tf.zeros([3, 3, 4, 3])
print(tf.nn.conv2d_transpose(images, kernel, [8, 10, 10, 4], [1, 2, 2, 1], "SAME").shape)
print(tf.nn.conv2d_transpose(images, kernel, tf.stack([tf.shape(images)[0], 10, 10, 4]), [1, 2, 2, 1], "SAME").shape)

# Feeding nothing to a placeholder: TF names its shape only when the rank is known.
for placeholder in (tf.placeholder(tf.float32), tf.placeholder(tf.float32, [None, 2], name="q")):
    try:
        with tf.Session() as sess:
            sess.run(placeholder * 2)
    except tf.errors.InvalidArgumentError as e:
        print([line for line in e.message.split("\n") if "must feed" in line][0])
