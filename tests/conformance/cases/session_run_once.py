import tensorflow as tf

# Each op executes at most once per Session.run, however many times it is fetched.
v = tf.Variable(0, name="v")
inc = tf.assign_add(v, 1)
w = tf.Variable(0, name="w")
inc_w = w.assign_add(10)
twice = inc + inc
derived = inc_w * 2
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("[inc, inc]:", sess.run([inc, inc]))
    print("v:", sess.run(v))
    print("inc + inc:", sess.run(twice), "v:", sess.run(v))
    print("[inc, twice, inc]:", sess.run([inc, twice, inc]), "v:", sess.run(v))
    print("[inc_w, derived]:", sess.run([inc_w, derived]), "w:", sess.run(w))
    print("dict with repeats:", sorted(sess.run({"a": inc, "b": inc}).items()), "v:", sess.run(v))
    print("op and tensor:", sess.run([inc.op, inc]), "v:", sess.run(v))
    group = tf.group(inc, inc.op)
    sess.run(group)
    print("group with same op twice, v:", sess.run(v))
