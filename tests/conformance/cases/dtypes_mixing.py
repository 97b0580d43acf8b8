import tensorflow as tf
import numpy as np

# Mixing dtypes: Python scalars adopt the tensor's dtype; two different tensor dtypes do not mix.
f = tf.constant(1.0)
i = tf.constant(2)
d = tf.constant(np.float64(3.0))
print("float32 + 1:", (f + 1).dtype.name)
print("1 + float32:", (1 + f).dtype.name)
print("int32 * 2:", (i * 2).dtype.name)
print("float64 + 1.5:", (d + 1.5).dtype.name)
print("int32 / int32:", (i / i).dtype.name, (i / i).op.type)
print("int32 // int32:", (i // i).dtype.name, (i // i).op.type)
print("float32 // float32:", (f // f).dtype.name, (f // f).op.type)
print("int32 ** 2:", (i ** 2).dtype.name, (i ** 2).op.type)
print("int32 % 3:", (i % 3).dtype.name, (i % 3).op.type)
print("int64 var + 1:", (tf.Variable(tf.constant(1, tf.int64)) + 1).dtype.name)

for label, fn in [
    ("int32 + float32", lambda: i + f),
    ("tf.add(int32, float32)", lambda: tf.add(i, f)),
    ("float32 + float64", lambda: f + d),
    ("int32 + 1.5", lambda: i + 1.5),
    ("tf.constant(1.5, dtype=tf.int32)", lambda: tf.constant(1.5, dtype=tf.int32)),
    ("tf.constant('a', dtype=tf.float32)", lambda: tf.constant("a", dtype=tf.float32)),
]:
    try:
        r = fn()
        print(label + ": ok", r.dtype.name)
    except Exception as e:
        print(label + ":", type(e).__name__)
cast = tf.cast(i, tf.float32)
print("cast:", cast.dtype.name, cast.op.type, cast.op.name)
same = tf.cast(f, tf.float32)
print("cast to same dtype returns input:", same is f)
print("to_float:", tf.to_float(i).dtype.name)
