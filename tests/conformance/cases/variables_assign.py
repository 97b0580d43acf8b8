import tensorflow as tf
import numpy as np

# assign / assign_add / assign_sub (methods and tf.* functions), their results, and load.
v = tf.Variable(10.0, name="v")
a1 = v.assign(3.0)
a2 = v.assign_add(2.0)
a3 = v.assign_sub(1.5)
f1 = tf.assign(v, 7.0)
f2 = tf.assign_add(v, 1.0)
f3 = tf.assign_sub(v, 0.5)
print("op names:", [t.op.name for t in [a1, a2, a3, f1, f2, f3]])
print("op types:", [t.op.type for t in [a1, a2, a3, f1, f2, f3]])
print("result:", a1)
m = tf.Variable([1, 2, 3], name="m")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("assign returns:", sess.run(a1), "then v:", sess.run(v))
    print("assign_add returns:", sess.run(a2))
    print("assign_sub returns:", sess.run(a3))
    print("tf.assign:", sess.run(f1), "tf.assign_add:", sess.run(f2), "tf.assign_sub:", sess.run(f3))
    print("chained:", sess.run(a2 * 2.0), sess.run(v))
    v.load(42.0, sess)
    print("after load:", sess.run(v))
    v.load(np.float64(1.25), session=sess)
    print("after load float64:", sess.run(v), sess.run(v).dtype)
    print("vector assign_add:", sess.run(m.assign_add([10, 20, 30])))
    print("vector assign:", sess.run(tf.assign(m, [0, 0, 1])))
    try:
        m.assign([1, 2])
    except ValueError as e:
        print("wrong shape assign:", type(e).__name__)
    grow = tf.assign(m, [1, 2, 3, 4], validate_shape=False)
    print("validate_shape=False:", sess.run(grow), sess.run(m), m.shape)
    with sess.as_default():
        v.load(9.0)
        print("load with default session:", v.eval())
