import tensorflow as tf

# Explicit name= arguments, collisions with existing names, and the case-insensitive uniquifier.
x = tf.constant(1, name="x")
x1 = tf.constant(2, name="x")
x2 = tf.constant(3, name="x")
print("x, x, x:", x.op.name, x1.op.name, x2.op.name)

y1 = tf.constant(4, name="y_1")
y = tf.constant(5, name="y")
y_again = tf.constant(6, name="y")
print("y_1, y, y:", y1.op.name, y.op.name, y_again.op.name)

total = tf.add(x, x1, name="total")
total2 = tf.add(x, x1, name="total")
print("total:", total.op.name, total2.op.name, total.name)

upper = tf.constant(7, name="Foo")
lower = tf.constant(8, name="foo")
print("Foo then foo:", upper.op.name, lower.op.name)

sum_op = tf.add(x, x1)
sum_lower = x + x1
print("Add then add:", sum_op.op.name, sum_lower.op.name)

i = tf.identity(x, name="out")
print("identity:", i.name, i.op.type)
print("graph has 'x_1':", "x_1" in [op.name for op in tf.get_default_graph().get_operations()])
