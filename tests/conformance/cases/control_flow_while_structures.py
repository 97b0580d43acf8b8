# tf.while_loop's structure rules: single loop variables, list/tuple/namedtuple/dict loop_vars and bodies,
# what comes back, and the errors for structures that do not match.
import collections
import tensorflow as tf

def show(label, fn):
    try:
        r = fn()
        def desc(v):
            if isinstance(v, tf.Tensor):
                return "Tensor(%s, %s)" % (v.dtype.name, v.shape)
            if isinstance(v, dict):
                return "dict{" + ", ".join("%s: %s" % (k, desc(v[k])) for k in sorted(v)) + "}"
            if isinstance(v, (list, tuple)):
                return type(v).__name__ + "[" + ", ".join(desc(x) for x in v) + "]"
            return repr(v)
        print(label, "->", desc(r))
        with tf.Session() as s:
            print("   value:", s.run(r))
    except Exception as e:
        print(label, "raises", type(e).__name__)

c = tf.constant
show("list1 body bare", lambda: tf.while_loop(lambda x: x < 100, lambda x: x * 2, [c(3)]))
show("list1 body list", lambda: tf.while_loop(lambda x: x < 100, lambda x: [x * 2], [c(3)]))
show("list1 body tuple", lambda: tf.while_loop(lambda x: x < 100, lambda x: (x * 2,), [c(3)]))
show("tuple1 body bare", lambda: tf.while_loop(lambda x: x < 100, lambda x: x * 2, (c(3),)))
show("bare body bare", lambda: tf.while_loop(lambda x: x < 100, lambda x: x * 2, c(3)))
show("bare body list", lambda: tf.while_loop(lambda x: x < 100, lambda x: [x * 2], c(3)))
show("list1 same structure", lambda: tf.while_loop(lambda x: x < 100, lambda x: x * 2, [c(3)], return_same_structure=True))
show("list2 body tuple", lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2), [c(0), c(1.0)]))
show("tuple2 body list", lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: [i + 1, x * 2], (c(0), c(1.0))))
show("python ints", lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2), [0, 1.0]))
P = collections.namedtuple("P", "i x")
show("namedtuple", lambda: tf.while_loop(lambda p: p.i < 3, lambda p: P(p.i + 1, p.x * 2), [P(c(0), c(1.0))]))
show("namedtuple bare", lambda: tf.while_loop(lambda p: p.i < 3, lambda p: P(p.i + 1, p.x * 2), P(c(0), c(1.0))))
show("namedtuple bare body tuple", lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2), P(c(0), c(1.0))))
show("dict", lambda: tf.while_loop(lambda d: d["i"] < 3, lambda d: {"i": d["i"] + 1, "x": d["x"] * 2}, [{"i": c(0), "x": c(1.0)}]))
show("dict bare", lambda: tf.while_loop(lambda d: d["i"] < 3, lambda d: {"i": d["i"] + 1, "x": d["x"] * 2}, {"i": c(0), "x": c(1.0)}))
show("nested", lambda: tf.while_loop(lambda i, xy: i < 3, lambda i, xy: (i + 1, (xy[0] * 2, xy[1] + 1)), [c(0), (c(1.0), c(5))]))
show("nested list inner", lambda: tf.while_loop(lambda i, xy: i < 3, lambda i, xy: (i + 1, [xy[0] * 2, xy[1] + 1]), [c(0), (c(1.0), c(5))]))
show("wrong count", lambda: tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1,), [c(0), c(1.0)]))
show("empty", lambda: tf.while_loop(lambda: True, lambda: (), []))
show("max iter", lambda: tf.while_loop(lambda x: x < 100, lambda x: x * 2, [c(3)], maximum_iterations=2))
show("list1 of list1", lambda: tf.while_loop(lambda x: x[0] < 100, lambda x: [x[0] * 2], [[c(3)]]))
