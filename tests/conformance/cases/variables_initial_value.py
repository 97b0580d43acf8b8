import tensorflow as tf

# initial_value, initialized_value(), read_value(), value() and dependent initial values.
a = tf.Variable(2.0, name="a")
b = tf.Variable(a.initialized_value() * 3.0, name="b")
c = tf.Variable(a.initial_value + 1.0, name="c")
print("initial_value:", a.initial_value.name, a.initial_value.op.type)
print("initialized_value dtype/shape:", a.initialized_value().dtype.name, a.initialized_value().shape)
print("read_value:", a.read_value().name, a.read_value().op.type)
print("value:", a.value().name, a.value().op.type)
print("b initial_value:", b.initial_value.name)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("values:", sess.run([a, b, c]))
    sess.run(a.assign(100.0))
    print("initial_value after assign:", sess.run(a.initial_value))
    print("read_value after assign:", sess.run(a.read_value()))
    print("value after assign:", sess.run(a.value()))
    print("initialized_value after assign:", sess.run(a.initialized_value()))
    sess.run(b.initializer)
    print("b re-initialized from a's current value:", sess.run(b))
    sess.run(c.initializer)
    print("c re-initialized from a's initial value:", sess.run(c))
with tf.Session() as sess:
    sess.run(b.initializer)
    print("b alone in a fresh session:", sess.run(b))
    print("a initialized?", sess.run(tf.is_variable_initialized(a)))
