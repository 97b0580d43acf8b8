import tensorflow as tf

# TF builds each cond branch and each while loop's cond and body as a function graph with its own
# op-seed counter, starting at 0: a random op inside one takes its op seed from that counter, and
# the random ops after the cond or loop continue the outer counter as if the function's ops were
# not there. tf.layers.dropout with a training placeholder is such a cond. A cond returns an
# Identity of each output of its If op.
tf.enable_control_flow_v2()
tf.set_random_seed(1)
p = tf.placeholder(tf.bool, [])
y = tf.cond(p, lambda: tf.random_uniform([3]), lambda: tf.random_normal([3]) * 0.0)
z = tf.random_uniform([2])
w = tf.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a + tf.random_uniform([2])), [0, tf.zeros([2])])
v = tf.random_uniform([2])
d = tf.layers.dropout(tf.ones([2, 4]), rate=0.5, training=p)
u = tf.random_uniform([2])
print(y.name, y.op.type, y.op.inputs[0].op.type)
print([(t.op.get_attr("seed"), t.op.get_attr("seed2")) for t in (z, v, u)])
with tf.Session() as sess:
    for value in sess.run([y, z, w[1], v, d, u], {p: True}):
        print(value.tolist())
    print(sess.run(d, {p: False}).tolist())
