import numpy as np
import tensorflow as tf

# tf.cond runs only the taken branch (side effects included); tf.while_loop; tf.case; gradients.
x = tf.placeholder(tf.float32, [])
v = tf.Variable(0.0, name="v")
r = tf.cond(x > 0, lambda: x * 2.0, lambda: x - 1.0)
side = tf.cond(x > 0, lambda: v.assign_add(1.0), lambda: v.assign_sub(1.0))
pair = tf.cond(x > 0, lambda: (x, x * x), lambda: (-x, x + 1.0))
i, s = tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + tf.cast(i, tf.float32) * x), [0, 0.0])
_, w = tf.while_loop(lambda n, a: tf.logical_and(n < 3, a < 100.0), lambda n, a: (n + 1, a * 2.0), [0, x])
c = tf.case([(x < 0, lambda: tf.constant(-1.0)), (x < 10, lambda: tf.constant(1.0))],
            default=lambda: tf.constant(99.0))
grads = tf.gradients([r, s, w], x)
print("static shapes:", r.shape, s.shape, i.dtype.name, w.shape)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for value in [3.0, -2.0, 50.0]:
        out = sess.run([r, side, pair, i, s, w, c, grads], {x: value})
        print(value, [np.round(o, 4).tolist() if isinstance(o, (list, tuple, np.ndarray)) else float(o) for o in out])

h0 = tf.placeholder(tf.float32, [2])
k = tf.Variable(0.7, name="k")
_, h = tf.while_loop(lambda n, h: n < 3, lambda n, h: (n + 1, tf.tanh(h * k + 0.1)), [0, h0])
loss = tf.reduce_sum(h * h)
gk, gh = tf.gradients(loss, [k, h0])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("rnn:", [np.round(a, 5).tolist() for a in sess.run([h, gk, gh], {h0: [0.5, -0.3]})])
