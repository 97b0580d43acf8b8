import tensorflow as tf

# tf.control_dependencies, tf.group, tf.tuple, tf.identity and tf.no_op.
v = tf.Variable(0, name="v")
inc = tf.assign_add(v, 1, name="inc")
with tf.control_dependencies([inc]):
    read_after = tf.identity(v, name="read_after")
    plain = v + 0
    const = tf.constant(5)
print("control inputs:", [op.name for op in read_after.op.control_inputs], [op.name for op in plain.op.control_inputs])
print("constant inside control_dependencies:", [op.name for op in const.op.control_inputs])
with tf.control_dependencies(None):
    free = tf.identity(v, name="free")
print("cleared:", free.op.control_inputs)
noop = tf.no_op(name="nothing")
print("no_op:", noop.name, noop.type, noop.outputs)
g = tf.group(inc, name="grp")
g2 = tf.group()
print("group:", g.name, g.type, [op.name for op in g.control_inputs], g2.name)
w = tf.Variable(10, name="w")
dec = tf.assign_sub(w, 1)
t1, t2 = tf.tuple([tf.identity(w), tf.identity(v)])
print("tuple names:", t1.op.name, t2.op.name)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("read_after:", sess.run(read_after), sess.run(read_after), "v:", sess.run(v))
    print("const with control dep:", sess.run(const), "v:", sess.run(v))
    print("group run:", sess.run(g), "v:", sess.run(v))
    sess.run(tf.group(inc, dec))
    print("group of two:", sess.run([v, w]))
    print("free:", sess.run(free), "v:", sess.run(v))
    with tf.control_dependencies([dec]):
        chained = tf.identity(w)
    print("chained:", sess.run(chained), sess.run(chained))
    print("identity of variable type:", tf.identity(v).dtype.name, tf.identity(v).op.type)
