import tensorflow as tf

# Default op names: constants, operators and functions, and how duplicates are numbered.
a = tf.constant(1.0)
b = tf.constant(2.0)
s1 = a + b
s2 = tf.add(a, b)
s3 = a + b
m1 = a * b
m2 = tf.multiply(a, b)
m3 = tf.multiply(a, b)
sub = a - b
div = a / b
neg = -a
print("names:", [t.op.name for t in [a, b, s1, s2, s3, m1, m2, m3, sub, div, neg]])
print("types:", [t.op.type for t in [a, b, s1, s2, s3, m1, m2, m3, sub, div, neg]])
print("tensor names:", [t.name for t in [a, s1, s2]])
print("all ops:", [op.name for op in tf.get_default_graph().get_operations()])
