import tensorflow as tf
import numpy as np

# Deterministic get_variable initializers: zeros, ones, constant, default dtype and shapes.
with tf.variable_scope("init"):
    z = tf.get_variable("z", [2, 2], initializer=tf.zeros_initializer())
    o = tf.get_variable("o", [3], initializer=tf.ones_initializer())
    c = tf.get_variable("c", [2, 3], initializer=tf.constant_initializer(0.5))
    l = tf.get_variable("l", [2, 2], initializer=tf.constant_initializer([1, 2, 3, 4]))
    i = tf.get_variable("i", [2], dtype=tf.int32, initializer=tf.zeros_initializer())
    n = tf.get_variable("n", initializer=np.array([1.0, 2.0], dtype=np.float32))
    k = tf.get_variable("k", [2], initializer=tf.constant_initializer(7), dtype=tf.int64)
for var in [z, o, c, l, i, n, k]:
    print(var.name, var.dtype.name, var.shape, var.initializer.inputs[1].op.name)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for var in [z, o, c, l, i, n, k]:
        print(var.op.name + ":", repr(sess.run(var)))
try:
    with tf.variable_scope("init"):
        bad = tf.get_variable("bad", [3], initializer=tf.constant_initializer([1, 2]))
    print("constant_initializer short list: ok", bad.shape)
except Exception as e:
    print("constant_initializer wrong size:", type(e).__name__)
try:
    tf.get_variable("noshape")
except ValueError as e:
    print("no shape:", type(e).__name__)
