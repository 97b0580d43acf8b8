import tensorflow as tf
import numpy as np

# conv2d / pooling / conv2d_transpose / depthwise: values, static shapes, op names and types.
def show(label, t, value):
    print(label, t.op.name, t.op.type, t.dtype.name, t.shape, np.array2string(np.round(value, 4).ravel()[:12],
                                                                              precision=4))

rng = np.random.RandomState(0)
x = tf.constant(rng.uniform(-1, 1, (2, 6, 5, 3)).astype(np.float32))
f = tf.constant(rng.uniform(-1, 1, (3, 3, 3, 4)).astype(np.float32))
ts = [tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME"), tf.nn.conv2d(x, f, [1, 2, 2, 1], "VALID"),
      tf.nn.conv2d(x, f, 1, "SAME", dilations=[1, 2, 2, 1], name="dilated"),
      tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"),
      tf.nn.max_pool(x, 3, 1, "VALID"), tf.nn.avg_pool(x, 2, 1, "VALID"),
      tf.nn.conv2d_transpose(tf.ones([2, 3, 3, 4]), f, [2, 6, 5, 3], [1, 2, 2, 1], "SAME"),
      tf.nn.depthwise_conv2d(x, tf.ones([2, 2, 3, 2]) / 4, [1, 1, 1, 1], "VALID"),
      tf.nn.bias_add(tf.nn.conv2d(x, f, 1, "SAME"), [0.1, 0.2, 0.3, 0.4])]
placeholder = tf.placeholder(tf.float32, [None, 28, 28, 1])
print(tf.nn.conv2d(placeholder, tf.ones([5, 5, 1, 8]), [1, 2, 2, 1], "SAME").shape,
      tf.nn.max_pool(placeholder, [1, 2, 2, 1], [1, 2, 2, 1], "VALID").shape)
for bad in [lambda: tf.nn.conv2d(placeholder, tf.ones([3, 3, 2, 4]), 1, "SAME"),
            lambda: tf.nn.conv2d(tf.ones([1, 2, 2, 1]), tf.ones([3, 3, 1, 1]), 1, "VALID")]:
    try:
        bad()
    except ValueError as e:
        print("ValueError", str(e).split(" for ")[0])
with tf.Session() as sess:
    for i, (t, v) in enumerate(zip(ts, sess.run(ts))):
        show(str(i), t, v)
