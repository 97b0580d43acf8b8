import tensorflow as tf
import numpy as np

# A random op draws new values on every run; a new session restarts its stream.
tf.set_random_seed(2024)
r = tf.random_normal([3])
pair = tf.stack([r, r])
with tf.Session() as sess:
    run1 = sess.run(r)
    run2 = sess.run(r)
    both = sess.run(pair)
    print("run 1:", repr(run1))
    print("run 2:", repr(run2))
    print("runs differ:", not np.array_equal(run1, run2))
    print("one op used twice in a run is drawn once:", np.array_equal(both[0], both[1]))
    print("third run:", repr(both[0]))
with tf.Session() as sess:
    again = sess.run(r)
    print("new session restarts:", np.array_equal(again, run1))
s1 = tf.Session()
s2 = tf.Session()
x1 = s1.run(r)
x2 = s2.run(r)
print("two live sessions same first draw:", np.array_equal(x1, x2), np.array_equal(x1, run1))
s1.close()
s2.close()

tf.reset_default_graph()
tf.set_random_seed(2024)
r2 = tf.random_normal([3])
with tf.Session() as sess:
    print("reset_default_graph and rebuild:", np.array_equal(sess.run(r2), run1), r2.op.name)
tf.reset_default_graph()
r3 = tf.random_normal([3])
print("after reset, graph seed:", tf.get_default_graph().seed, r3.op.name)
