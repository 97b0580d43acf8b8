import numpy as np
import tensorflow as tf

# Custom-gradient idioms and tf.gradients' arguments: custom_gradient's graph (TF leaves an Identity of each
# result), gradient_override_map straight-through/reversal gradients visited in TF's order (so AddN names
# match), aggregation methods, grad_ys given as a tensor, unconnected zeros, and TF's registry/argument errors.


@tf.custom_gradient
def clip_grad(x):
    def grad(dy):
        return tf.clip_by_value(dy, -0.1, 0.1)
    return tf.identity(x), grad


@tf.RegisterGradient("STESignCase")
def _ste_sign(op, grad):
    return tf.clip_by_value(grad, -1.0, 1.0)


@tf.RegisterGradient("FlipCase")
def _flip(op, grad):
    return [tf.negative(grad) * 0.3]


x = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3) / 10.0 - 0.5)
w = tf.Variable(np.array([[0.5, -0.2, 0.1], [0.3, 0.8, -0.6], [-0.4, 0.2, 0.9]], np.float32), name="w")
h = tf.matmul(x, w)
hc = clip_grad(h)
after = tf.identity(hc)
g = tf.get_default_graph()
with g.gradient_override_map({"Sign": "STESignCase"}):
    hb = tf.sign(hc)
with g.gradient_override_map({"Identity": "FlipCase"}):
    hf = tf.identity(hc * 2.0, name="flipped")
loss = tf.reduce_sum(hb * hf) + tf.reduce_sum(hf * hf)
gw, gx = tf.gradients(loss, [w, x])
print(after.name, hc.name, gw.name, gx.name)
print([o.name for o in g.get_operations() if o.type in ("Identity", "IdentityN", "AddN")])

y1 = x * x
y2 = tf.reduce_sum(x, axis=1, keepdims=True) * x
total = y1 + y2 + y1 * y2
g_tree = tf.gradients(total, x, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)[0]
g_accn = tf.gradients(total, x, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N)[0]
g_addn = tf.gradients(total, x)[0]
g_ys = tf.gradients([y1, y2], x, grad_ys=[tf.ones_like(y1) * 0.5, tf.fill([4, 3], 2.0)])[0]
unused = tf.Variable(1.0, name="unused")
g_zero = tf.gradients(loss, unused, unconnected_gradients=tf.UnconnectedGradients.ZERO)[0]
print(g_tree.name, g_accn.name, g_addn.name, g_ys.name, g_zero.name)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for t in s.run([gw, gx, g_tree, g_accn, g_addn, g_ys, g_zero]):
        print(np.round(t, 5).tolist())

for call in (lambda: tf.gradients([y1, y2], x, grad_ys=[None]),
             lambda: tf.gradients(y1, x, aggregation_method="foo"),
             lambda: tf.gradients(y1, x, grad_ys=[tf.constant("a")]),
             lambda: tf.NotDifferentiable("STESignCase")):
    try:
        call()
    except (KeyError, TypeError, ValueError) as e:
        print(type(e).__name__, str(e).split(" (Previous")[0])
