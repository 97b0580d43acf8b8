import numpy as np
import tensorflow as tf

# map_fn, scan, foldl, foldr and their gradients.
elems = tf.constant([1.0, 2.0, 3.0, 4.0])
m = tf.map_fn(lambda e: e * e, elems)
sc = tf.scan(lambda a, e: a + e, elems)
sc_init = tf.scan(lambda a, e: a * e, elems, initializer=1.0)
fl = tf.foldl(lambda a, e: a * e, elems)
fr = tf.foldr(lambda a, e: a - e, elems, initializer=0.0)
gm = tf.gradients(tf.reduce_sum(m), elems)[0]
print("static:", m.shape, sc.shape)
with tf.Session() as sess:
    for name, t in [("map", m), ("scan", sc), ("scan_init", sc_init), ("foldl", fl), ("foldr", fr), ("grad map", gm)]:
        print(name, np.round(sess.run(t), 4).tolist())
