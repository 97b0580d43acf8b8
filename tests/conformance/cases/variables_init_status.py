import tensorflow as tf

# variables_initializer, is_variable_initialized, report_uninitialized_variables.
a = tf.Variable(1, name="a")
b = tf.Variable(2, name="b")
with tf.variable_scope("s"):
    c = tf.get_variable("c", [2], initializer=tf.zeros_initializer())
init_ab = tf.variables_initializer([a, b], name="init_ab")
empty_init = tf.variables_initializer([])
report = tf.report_uninitialized_variables()
is_a = tf.is_variable_initialized(a)
print("init_ab:", init_ab.name, init_ab.type)
print("empty init:", empty_init.name, empty_init.type)
print("report:", report.dtype.name, report.shape)
print("is_variable_initialized:", is_a.name, is_a.dtype.name, is_a.op.type)
print("global init name:", tf.global_variables_initializer().name)
print("initialize_all_variables name:", tf.initialize_all_variables().name)
print("local init name:", tf.local_variables_initializer().name)
with tf.Session() as sess:
    print("before:", sess.run(report), sess.run(is_a))
    sess.run(a.initializer)
    print("after a:", sess.run(report), sess.run([is_a, tf.is_variable_initialized(b)]))
    sess.run(init_ab)
    print("after init_ab:", sess.run(report))
    sess.run(tf.global_variables_initializer())
    print("after global init:", sess.run(report), sess.run(report).dtype, sess.run(report).shape)
    print("subset report:", sess.run(tf.report_uninitialized_variables([a])))
