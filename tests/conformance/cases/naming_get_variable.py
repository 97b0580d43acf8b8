import tensorflow as tf

# tf.get_variable inside tf.variable_scope: variable names and the names of the ops it creates.
with tf.variable_scope("foo"):
    v = tf.get_variable("v", [2, 3])
    z = tf.get_variable("z", [2], initializer=tf.zeros_initializer())
    c = tf.get_variable("c", initializer=tf.constant([1.0, 2.0]))
    x = v * 2.0
print("names:", v.name, z.name, c.name)
print("x:", x.name)
print("ops:")
for op in tf.get_default_graph().get_operations():
    print("  ", op.name, op.type)

with tf.variable_scope("outer"):
    with tf.variable_scope("inner"):
        w = tf.get_variable("w", [1], initializer=tf.ones_initializer())
print("nested:", w.name, w.initializer.name)
print("scope name:", tf.get_variable_scope().name == "")
