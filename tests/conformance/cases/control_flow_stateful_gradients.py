import numpy as np
import tensorflow as tf

# Gradients through control flow that holds random ops use the values the forward pass drew.
tf.set_random_seed(7)
x = tf.constant([1.0, 2.0, 3.0])
p = tf.placeholder(tf.bool, [])


def show(name, *values):
    print(name, [np.round(np.asarray(v, np.float64), 5).tolist() for v in values])


# cond
y = tf.cond(p, lambda: x * tf.random_uniform([3], seed=1), lambda: x)
g = tf.gradients(tf.reduce_sum(y), x)[0]
# case
yc = tf.case([(tf.logical_not(p), lambda: x * 3.0)], default=lambda: x * tf.random_normal([3], seed=2))
gc = tf.gradients(tf.reduce_sum(yc), x)[0]
# cond inside cond
yn = tf.cond(p, lambda: tf.cond(p, lambda: x * tf.random_uniform([3], seed=3), lambda: x + 1.0) * 2.0,
             lambda: x)
gn = tf.gradients(tf.reduce_sum(yn), x)[0]
# while loop: h <- h * u, u drawn each iteration
_, h = tf.while_loop(lambda i, h: i < 3, lambda i, h: (i + 1, h * tf.random_uniform([3], seed=4)), [0, x])
gw = tf.gradients(tf.reduce_sum(h), x)[0]
# cond inside a while body
_, hc = tf.while_loop(lambda i, h: i < 2,
                      lambda i, h: (i + 1, tf.cond(p, lambda: h * tf.random_uniform([3], seed=5), lambda: h * 2.0)),
                      [0, x])
gwc = tf.gradients(tf.reduce_sum(hc), x)[0]
# dropout under a training switch (tf.layers.dropout builds a cond)
d = tf.layers.dropout(x, rate=0.5, training=p, seed=6)
gd = tf.gradients(tf.reduce_sum(d), x)[0]
# scan with a random op in fn
s = tf.scan(lambda a, e: a * e * tf.random_uniform([], 0.5, 1.5, seed=8), x, initializer=tf.constant(1.0))
gs = tf.gradients(tf.reduce_sum(s), x)[0]
# map_fn with a random op in fn
m = tf.map_fn(lambda e: e * e * tf.random_uniform([], seed=9), x)
gm = tf.gradients(tf.reduce_sum(m), x)[0]

with tf.Session() as sess:
    for train in [True, False]:
        yv, gv, ycv, gcv, ynv, gnv = sess.run([y, g, yc, gc, yn, gn], {p: train})
        print("train" if train else "eval")
        show("cond", yv / [1, 2, 3.], gv)
        print("cond consistent", np.allclose(gv, yv / [1, 2, 3.]))
        print("case consistent", np.allclose(gcv, ycv / [1, 2, 3.]))
        print("nested cond consistent", np.allclose(gnv, np.where(train, ynv / [1, 2, 3.], 1.0)))
        hv, gwv, hcv, gwcv = sess.run([h, gw, hc, gwc], {p: train})
        show("while", hv / [1, 2, 3.], gwv)
        print("while consistent", np.allclose(gwv, hv / [1, 2, 3.]))
        print("cond in while consistent", np.allclose(gwcv, hcv / [1, 2, 3.]))
        dv, gdv = sess.run([d, gd], {p: train})
        show("dropout", dv, gdv)
        print("dropout consistent", np.allclose(gdv, dv / [1, 2, 3.]))
    sv, gsv, mv, gmv = sess.run([s, gs, m, gm])
    # s_k = prod_{j<=k} x_j u_j, so d sum(s)/d x_j = sum_{k>=j} s_k / x_j
    print("scan consistent", np.allclose(gsv, np.cumsum(sv[::-1])[::-1] / [1, 2, 3.]))
    print("map_fn consistent", np.allclose(gmv, 2 * mv / [1, 2, 3.]))
