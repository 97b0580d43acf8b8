import tensorflow as tf
import numpy as np

# Seeded stateful random ops: values, dtypes, shapes and op types.
tf.set_random_seed(1)
normal = tf.random_normal([4])
normal_ms = tf.random_normal([2, 2], mean=5.0, stddev=0.5, seed=3)
uniform = tf.random_uniform([4])
uniform_range = tf.random_uniform([3], minval=-2.0, maxval=2.0)
uniform_int = tf.random_uniform([6], minval=0, maxval=10, dtype=tf.int32)
uniform_int64 = tf.random_uniform([3], minval=-5, maxval=5, dtype=tf.int64)
truncated = tf.truncated_normal([5], stddev=2.0)
normal64 = tf.random_normal([3], dtype=tf.float64)
ops = [normal, normal_ms, uniform, uniform_range, uniform_int, uniform_int64, truncated, normal64]
for t in ops:
    print(t.op.name, t.op.type, t.dtype.name, t.shape)
print("raw ops:", [op.type for op in tf.get_default_graph().get_operations() if op.type.startswith(("Random", "Truncated"))])
with tf.Session() as sess:
    for t, value in zip(ops, sess.run(ops)):
        print(t.op.name + ":", repr(value))
    print("truncated within 2 stddev:", bool(np.all(np.abs(sess.run(truncated)) <= 4.0)))
