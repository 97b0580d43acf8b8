import tensorflow as tf
import numpy as np

# Seeded random initializers of get_variable (the default is glorot_uniform).
tf.set_random_seed(42)
with tf.variable_scope("rand"):
    default = tf.get_variable("default", [2, 3])
    normal = tf.get_variable("normal", [4], initializer=tf.random_normal_initializer(stddev=2.0))
    truncated = tf.get_variable("truncated", [4], initializer=tf.truncated_normal_initializer(mean=1.0))
    uniform = tf.get_variable("uniform", [4], initializer=tf.random_uniform_initializer(-1.0, 1.0))
    glorot = tf.get_variable("glorot", [3, 2], initializer=tf.glorot_uniform_initializer())
    glorot_n = tf.get_variable("glorot_n", [3, 2], initializer=tf.glorot_normal_initializer())
    vs = tf.get_variable("vs", [2, 2], initializer=tf.variance_scaling_initializer())
    seeded = tf.get_variable("seeded", [3], initializer=tf.random_normal_initializer(seed=7))
variables = [default, normal, truncated, uniform, glorot, glorot_n, vs, seeded]
for var in variables:
    print(var.name, "initializer op:", var.initializer.inputs[1].op.name, var.initializer.inputs[1].op.type)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values = sess.run(variables)
    for var, value in zip(variables, values):
        print(var.op.name + ":", np.array2string(value, precision=8, separator=", "))
    sess.run(tf.global_variables_initializer())
    again = sess.run(default)
    print("re-init draws again:", not np.array_equal(again, values[0]))
