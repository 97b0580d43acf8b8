"""Re-entering a VariableScope object: a new unique name scope named after its last part, while the scope keeps
its original name scope, where a layer built with `_scope` (as tf-slim builds its layers) puts its ops."""
import tensorflow as tf
with tf.variable_scope("a") as s:
    c0 = tf.constant(1, name="c")
with tf.variable_scope(s):
    c1 = tf.constant(1, name="c")
with tf.variable_scope(s, reuse=True):
    c2 = tf.constant(1, name="c")
with tf.name_scope("outer"):
    with tf.variable_scope(s):
        c3 = tf.constant(1, name="c")
with tf.variable_scope("b"):
    with tf.variable_scope(s):
        c4 = tf.constant(1, name="c")
        with tf.variable_scope("inner"):
            c5 = tf.constant(1, name="c")
d = tf.layers.Dense(2, name="logits")
y1 = d(tf.ones([1, 3])); y2 = d(tf.ones([1, 3]))
print(c0.name, c1.name, c2.name, c3.name, c4.name, c5.name, y1.name, y2.name)
with tf.variable_scope("x"):
    with tf.variable_scope("y") as xy:
        pass
with tf.variable_scope("z"):
    with tf.variable_scope(xy) as again:
        c6 = tf.constant(1, name="c")
print(c6.name, again.original_name_scope, xy.original_name_scope)
with tf.variable_scope("head") as sc:
    layer = tf.layers.Dense(2, _scope=sc)
    out = layer(tf.ones([1, 3]))
print(out.name, sc.original_name_scope, [v.name for v in layer.variables])
