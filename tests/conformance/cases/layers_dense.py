# tf.layers.dense: variable/op names, scope sharing (variable_scope reuse, reuse=), regularizer
# losses, seeded glorot_uniform initial values, and outputs.
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
x = tf.placeholder(tf.float32, [None, 3], name="x")
y = tf.layers.dense(x, 4, activation=tf.nn.relu)
y2 = tf.layers.dense(y, 2, kernel_regularizer=lambda w: tf.reduce_sum(w))
with tf.variable_scope("s"):
    z = tf.layers.dense(x, 4, name="d")
with tf.variable_scope("s", reuse=True):
    z2 = tf.layers.dense(x, 4, name="d")
z3 = tf.layers.dense(x, 4, name="d", reuse=tf.AUTO_REUSE)
z4 = tf.layers.dense(x, 4, name="d", reuse=True)
nb = tf.layers.dense(x, 2, use_bias=False, kernel_initializer=tf.ones_initializer(), trainable=False)
x3 = tf.placeholder(tf.float32, [2, 5, 3], name="x3")
y3 = tf.layers.dense(x3, 2, name="seq")
print(y.name, y2.name, z.name, z2.name, z3.name, z4.name, nb.name, y3.name, y3.shape)
for op in tf.get_default_graph().get_operations():
    if "Initializer" in op.name or "Tensordot" in op.name:  # tensordot internals differ
        continue
    print(op.name, op.type, [i.name for i in op.inputs])
for k in ["variables", "trainable_variables", "regularization_losses", "update_ops"]:
    print(k, [v.name for v in tf.get_collection(k)])
layer = tf.layers.Dense(3, name="cls")
o1 = layer(x)
o2 = layer(x)
print("class:", layer.name, layer.kernel.name, o1.name, o2.name, [v.name for v in layer.trainable_weights])
try:
    tf.layers.dense(x, 4, name="d")
except ValueError as e:
    print("ValueError:", str(e).splitlines()[0])
try:
    tf.layers.dense(x, 4, name="nope", reuse=True)
except ValueError as e:
    print("ValueError:", str(e).splitlines()[0])
try:
    tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 4)
except ValueError as e:
    print("ValueError:", str(e).splitlines()[0])
xv = np.arange(6, dtype=np.float32).reshape(2, 3) / 5.0 - 0.4
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for v in tf.global_variables()[:4]:
        print(v.name, np.round(s.run(v), 6).tolist())
    for t in (y, y2, z, z2, nb):
        print(t.name, np.round(s.run(t, {x: xv}), 5).tolist())
    print("y3", np.round(s.run(y3, {x3: np.ones((2, 5, 3), np.float32)}), 5)[0].tolist())
    print("reg", round(float(s.run(tf.losses.get_regularization_loss())), 5))
