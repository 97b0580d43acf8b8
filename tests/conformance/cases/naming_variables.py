import tensorflow as tf

# The ops a tf.Variable creates, and how variable names are uniquified.
v = tf.Variable(1.0)
v1 = tf.Variable(2.0)
named = tf.Variable(3.0, name="my_variable")
named_again = tf.Variable(4.0, name="my_variable")
print("variable names:", [x.name for x in [v, v1, named, named_again]])
print("op names:", [x.op.name for x in [v, v1, named, named_again]])
print("op type:", named.op.type)
print("ops:", [op.name for op in tf.get_default_graph().get_operations()])
print("types:", [op.type for op in tf.get_default_graph().get_operations()][:4])
print("initializer:", named.initializer.name, named.initializer.type)
print("initial_value:", named.initial_value.name)
print("value():", named.value().name)

with tf.name_scope("scope"):
    w = tf.Variable([1, 2], name="w")
print("in name_scope:", w.name, w.initializer.name)

t = tf.Variable(tf.zeros([2]), name="from_tensor")
print("from tensor:", t.initial_value.name, t.initializer.name)
print("new ops:", [op.name for op in tf.get_default_graph().get_operations()][-8:])
