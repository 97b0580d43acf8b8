import tensorflow as tf

# Session.make_callable: fetch structures and feed order.
a = tf.placeholder(tf.int32, name="a")
b = tf.placeholder(tf.int32, name="b")
s = a + b
diff = a - b
v = tf.Variable(0, name="counter")
inc = tf.assign_add(v, 1)

with tf.Session() as sess:
    sess.run(v.initializer)
    f = sess.make_callable(s, feed_list=[a, b])
    print("scalar fetch:", f(1, 2), f(10, 20))
    g = sess.make_callable([s, diff], feed_list=[b, a])
    print("list fetch, feeds (b, a):", g(1, 5))
    h = sess.make_callable({"sum": s}, feed_list=[a, b])
    print("dict fetch:", h(3, 4))
    step = sess.make_callable(inc)
    print("no feeds:", step(), step(), step())
    op_only = sess.make_callable(inc.op)
    print("op fetch:", op_only(), sess.run(v))
    t = sess.make_callable((s,), feed_list=[a, b])
    print("tuple fetch:", t(1, 1), type(t(1, 1)).__name__)
