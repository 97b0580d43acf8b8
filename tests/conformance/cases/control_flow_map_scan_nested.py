# map_fn, scan, foldl and foldr over nested elems and initializers: values, static shapes, gradients and
# TF's structure errors; fn runs once per element (random draws in order with parallel_iterations=1).
import numpy as np
import tensorflow as tf
c = tf.constant
def show(label, fn):
    try:
        r = fn()
        with tf.Session() as s:
            v = s.run(r)
        print(label, "->", [t.shape for t in tf.nest.flatten(r)] if hasattr(tf, "nest") else r, tf.nest.map_structure(lambda a: np.round(a, 4).tolist(), v))
    except Exception as e:
        print(label, "raises", type(e).__name__, str(e)[:200].replace("\n", " | "))
x = c([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
ph = tf.placeholder(tf.float32, [None, 2])
show("map", lambda: tf.map_fn(lambda r: r * 2, x))
show("map dtype", lambda: tf.map_fn(lambda r: tf.cast(r, tf.int32), x, dtype=tf.int32))
show("map tuple out", lambda: tf.map_fn(lambda r: (r, r[0]), x, dtype=(tf.float32, tf.float32)))
show("map tuple elems", lambda: tf.map_fn(lambda p: p[0] + p[1], (x, x * 10)))
show("map tuple elems dtype", lambda: tf.map_fn(lambda p: p[0] + p[1], (x, x * 10), dtype=tf.float32))
show("map scalar", lambda: tf.map_fn(lambda r: r, c(3.0)))
show("map empty", lambda: tf.map_fn(lambda r: r * 2, tf.zeros([0, 2])))
show("map reduce", lambda: tf.map_fn(lambda r: tf.reduce_sum(r), x))
show("scan", lambda: tf.scan(lambda a, e: a + e, x))
show("scan init", lambda: tf.scan(lambda a, e: a + e, x, initializer=c([10.0, 10.0])))
show("scan reverse", lambda: tf.scan(lambda a, e: a + e, x, reverse=True))
show("scan reverse init", lambda: tf.scan(lambda a, e: a * e, c([1.0, 2.0, 3.0]), initializer=c(1.0), reverse=True))
show("scan tuple init", lambda: tf.scan(lambda a, e: (a[0] + e, a[1] * e), c([1.0, 2.0, 3.0]), initializer=(c(0.0), c(1.0))))
show("scan tuple elems", lambda: tf.scan(lambda a, e: a + e[0] * e[1], (c([1.0, 2.0]), c([3.0, 4.0])), initializer=c(0.0)))
show("foldl", lambda: tf.foldl(lambda a, e: a + e, c([1.0, 2.0, 3.0])))
show("foldr", lambda: tf.foldr(lambda a, e: a * 10 + e, c([1.0, 2.0, 3.0])))
show("foldl init", lambda: tf.foldl(lambda a, e: a * 10 + e, c([1.0, 2.0, 3.0]), initializer=c(5.0)))
show("foldl tuple", lambda: tf.foldl(lambda a, e: a + e[0] * e[1], (c([1.0, 2.0]), c([3.0, 4.0])), initializer=c(0.0)))
m = tf.map_fn(lambda r: r * r, ph)
print("static", m.shape, tf.map_fn(lambda r: r * r, x).shape, tf.scan(lambda a, e: a + e, ph).shape)
g = tf.gradients(tf.reduce_sum(tf.map_fn(lambda r: r * r, x)), x)[0]
gs = tf.gradients(tf.reduce_sum(tf.scan(lambda a, e: a * e, x)), x)[0]
with tf.Session() as s:
    print("grads", s.run([g, gs]))
tf.set_random_seed(3)
rm = tf.map_fn(lambda r: r * tf.random_uniform([], seed=1), x, parallel_iterations=1)
rs = tf.scan(lambda a, e: a + e * tf.random_normal([], seed=2), c([1.0, 2.0, 3.0]), initializer=c(0.0), parallel_iterations=1)
with tf.Session() as s:
    print("random", np.round(s.run(rm), 5).tolist(), np.round(s.run(rs), 5).tolist())
