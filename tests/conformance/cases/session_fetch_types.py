import tensorflow as tf
import numpy as np

# Python/NumPy types of fetched values.
with tf.Session() as sess:
    for label, t in [
        ("float32 scalar", tf.constant(1.5)),
        ("int32 scalar", tf.constant(2)),
        ("int64 scalar", tf.constant(2 ** 40)),
        ("float64 scalar", tf.constant(np.float64(1.0))),
        ("bool scalar", tf.constant(True)),
        ("string scalar", tf.constant("hi")),
        ("float32 array", tf.constant([1.0, 2.0])),
        ("int32 matrix", tf.constant([[1, 2]])),
        ("string array", tf.constant(["a", "bc"])),
        ("comparison", tf.constant(1) < tf.constant(2)),
    ]:
        value = sess.run(t)
        dtype = getattr(value, "dtype", None)
        print(label + ":", type(value).__name__, dtype, repr(value))
    v = tf.Variable(3.0)
    sess.run(v.initializer)
    value = sess.run(v)
    print("variable:", type(value).__name__, value.dtype, value)
    arr = sess.run(tf.constant([1, 2, 3]))
    print("array writeable:", arr.flags.writeable, "shape:", arr.shape)
    print("fetched string:", sess.run(tf.constant("hi")) == b"hi")
