import tensorflow as tf
import numpy as np

# max_pool1d / avg_pool1d / max_pool3d / avg_pool3d / nn.pool: values, names, static shapes, gradients, errors.
def show(label, t, value):
    value = np.asarray(value)
    print(label, t.name, t.op.type, t.dtype.name, t.shape, value.shape,
          np.array2string(np.round(value.ravel()[:10].astype(np.float64), 4), precision=4, suppress_small=True))

rng = np.random.RandomState(0)
x1 = tf.constant(rng.uniform(-1, 1, (2, 7, 3)).astype(np.float32))
x3 = tf.constant(rng.uniform(-1, 1, (2, 4, 5, 3, 2)).astype(np.float32))
x2 = tf.constant(rng.uniform(-1, 1, (2, 5, 4, 3)).astype(np.float32))
ones3 = tf.placeholder(tf.float32, [1, 3, 3, 3, 1])
ts = [tf.nn.max_pool1d(x1, 2, 2, "SAME"), tf.nn.avg_pool1d(x1, 3, 1, "VALID"),
      tf.nn.max_pool1d(tf.transpose(x1, [0, 2, 1]), 2, 1, "SAME", data_format="NCW", name="mp_ncw"),
      tf.nn.max_pool3d(x3, 2, 2, "SAME"), tf.nn.avg_pool3d(x3, [2, 3, 2], 1, "VALID"),
      tf.nn.avg_pool3d(x3, 2, [1, 2, 2], "SAME", name="ap3"),
      tf.nn.max_pool3d(tf.transpose(x3, [0, 4, 1, 2, 3]), [1, 1, 2, 2, 2], [1, 1, 1, 2, 1], "SAME",
                       data_format="NCDHW"),
      tf.nn.pool(x2, [2, 2], "MAX", "SAME", strides=[2, 2]), tf.nn.pool(x2, [3, 2], "AVG", "VALID"),
      tf.nn.pool(x1, [3], "AVG", "SAME"), tf.nn.pool(x3, [2, 2, 2], "MAX", "VALID", name="p3")]
for t in ts:
    print(t.name, t.op.type, t.shape, [i.name for i in t.op.inputs])
grads = [tf.gradients(t * tf.constant(rng.uniform(0.5, 1.5, t.shape.as_list()).astype(np.float32)), [x])[0]
         for t, x in [(ts[0], x1), (ts[1], x1), (ts[3], x3), (ts[4], x3), (ts[5], x3), (ts[6], x3)]]
grads.append(tf.gradients(tf.nn.max_pool3d(ones3, 2, 2, "SAME"), [ones3])[0])
print([g.op.type for g in grads])
placeholder = tf.placeholder(tf.float32, [None, 8, None, 6, 3])
print(tf.nn.max_pool3d(placeholder, 2, 2, "SAME").shape, tf.nn.avg_pool3d(placeholder, 3, 1, "VALID").shape)
for bad in [lambda: tf.nn.max_pool3d(tf.ones([1, 2, 2, 2]), 1, 1, "SAME"),
            lambda: tf.nn.max_pool3d(tf.ones([1, 2, 2, 2, 1]), 3, 1, "VALID"),
            lambda: tf.nn.max_pool3d(tf.ones([1, 2, 2, 2, 1], tf.float64), 1, 1, "SAME"),
            lambda: tf.nn.avg_pool3d(tf.ones([1, 2, 2, 2, 1], tf.int32), 1, 1, "SAME"),
            lambda: tf.nn.max_pool1d(tf.ones([1, 4, 2]), 2, 1, "SAME", data_format="NHWC"),
            lambda: tf.nn.pool(x2, [2, 2], "MAX", "SAME", strides=[3, 3]),
            lambda: tf.nn.pool(x2, [2, 2], "MAX", "SAME", dilation_rate=[2, 2]),
            lambda: tf.nn.pool(x2, [2, 2], "MIN", "SAME")]:
    try:
        bad()
        print("no error")
    except (ValueError, TypeError) as e:
        print(type(e).__name__, str(e).split(" for ")[0][:160])
with tf.Session() as sess:
    for i, (t, v) in enumerate(zip(ts + grads, sess.run(ts + grads, {ones3: np.ones([1, 3, 3, 3, 1])}))):
        show(str(i), t, v)
