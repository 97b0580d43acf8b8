"""Gradients reach resource variables read inside tf.cond branches, tf.while_loop bodies and loops inside conds."""
import tensorflow as tf
v = tf.get_variable("v", initializer=2.0, use_resource=True)
p = tf.placeholder(tf.bool, [])
y = tf.cond(p, lambda: v * v, lambda: v + 1.0)
_, z = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * v), [0, tf.constant(1.0)])
q = tf.cond(p, lambda: tf.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a * v), [0, tf.constant(1.0)])[1], lambda: v)
gy = tf.gradients(y, v)[0]
gz = tf.gradients(z, v)[0]
gq = tf.gradients(q, v)[0]
train = tf.train.GradientDescentOptimizer(0.1).minimize(y + z)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    print(s.run([gy, gz, gq], {p: True}), s.run([gy, gq], {p: False}))
    s.run(train, {p: True})
    print(s.run(v))
