import numpy as np
import tensorflow as tf

# tf.gradients: shapes, unconnected xs, stop_gradient, grad_ys, ints, hessians, custom_gradient,
# RegisterGradient + gradient_override_map, and optimizer errors.
x = tf.placeholder(tf.float32, [3])
y = tf.reduce_sum(x * x) + tf.reduce_sum(tf.stop_gradient(x) * 3.0)
u = tf.placeholder(tf.float32, [])
i = tf.placeholder(tf.int32, [])
g = tf.gradients(y, [x, u])
print("unconnected:", g[1], "int y:", tf.gradients(i * 2, i), "python x:", tf.gradients(y, 1.0))
gy = tf.gradients(x * 2.0, x, grad_ys=tf.constant([1.0, 10.0, 100.0]))[0]
stopped = tf.gradients(y, x, stop_gradients=[x])[0]
v = tf.Variable([1.0, 2.0], name="v")
hess = tf.hessians(tf.reduce_sum(v * v * v), v)[0]


@tf.custom_gradient
def clip_grad(t):
    def grad(dy):
        return tf.clip_by_value(dy, -0.5, 0.5)
    return tf.identity(t), grad


cg = tf.gradients(clip_grad(u) * 3.0, u)[0]


@tf.RegisterGradient("DoubleSquare")
def _double_square_grad(op, grad):
    return grad * 4.0 * op.inputs[0]


with tf.get_default_graph().gradient_override_map({"Square": "DoubleSquare"}):
    sq = tf.square(u)
og = tf.gradients(sq, u)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    feed = {x: [1.0, 2.0, 3.0], u: 2.0}
    print("grad:", sess.run(g[0], feed).tolist(), "grad_ys:", sess.run(gy, feed).tolist())
    print("stopped:", sess.run(stopped, feed).tolist(), "hessian:", sess.run(hess).tolist())
    print("custom:", sess.run(cg, feed), "override:", sess.run(og, feed))
for label, fn in [("no variables", lambda: tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(x))),
                  ("no gradients", lambda: tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(3.0)))]:
    try:
        with tf.Graph().as_default():
            if label == "no gradients":
                tf.Variable(1.0, name="w")
                tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(3.0))
            else:
                tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.constant([1.0])))
    except ValueError as e:
        print(label + ":", type(e).__name__, str(e)[:60])
other = tf.Graph()
with other.as_default():
    z = tf.placeholder(tf.float32, [])
try:
    tf.gradients(y, z)
except ValueError as e:
    print("other graph:", type(e).__name__)
