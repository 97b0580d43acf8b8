import tensorflow as tf

# Two sessions on one graph hold independent variable values; closing one leaves the other.
v = tf.Variable(1, name="v")
inc = v.assign_add(1)
s1 = tf.Session()
s2 = tf.Session()
s1.run(v.initializer)
s2.run(v.initializer)
s1.run(inc)
s1.run(inc)
print("s1:", s1.run(v), "s2:", s2.run(v))
s2.run(v.assign(100))
print("s1:", s1.run(v), "s2:", s2.run(v))
print("graphs:", s1.graph is tf.get_default_graph(), s2.graph is s1.graph)
s1.close()
print("s2 after s1 closed:", s2.run(inc))
s3 = tf.Session()
try:
    s3.run(v)
except tf.errors.FailedPreconditionError as e:
    print("fresh session uninitialized:", type(e).__name__)
s2.close()
s3.close()

g = tf.Graph()
with g.as_default():
    c = tf.constant(42, name="c")
with tf.Session(graph=g) as sess:
    print("session on other graph:", sess.run(c), sess.graph is g, sess.graph is tf.get_default_graph())
print("default graph unchanged:", tf.get_default_graph() is not g)
