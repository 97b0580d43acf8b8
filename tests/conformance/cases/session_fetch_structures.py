import collections
import tensorflow as tf

# Session.run accepts nested fetch structures and returns the same structure filled with values.
a = tf.constant(1)
b = tf.constant([2, 3])
c = tf.constant(4.5, name="c")
v = tf.Variable(7, name="v")
noop = tf.no_op(name="nothing")
Pair = collections.namedtuple("Pair", ["first", "second"])

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print("single:", sess.run(a))
    print("list:", sess.run([a, b]))
    print("tuple:", sess.run((a, c)))
    r = sess.run([a, (b, [c])])
    print("nested:", r, type(r[1]).__name__, type(r[1][1]).__name__)
    d = sess.run({"x": a, "y": [c, a]})
    print("dict:", sorted(d.items()), type(d).__name__)
    od = sess.run(collections.OrderedDict([("z", a), ("y", c)]))
    print("ordered dict:", type(od).__name__, list(od.keys()))
    p = sess.run(Pair(first=a, second=c))
    print("namedtuple:", p, type(p).__name__)
    print("op -> None:", sess.run(noop), sess.run([a, noop]))
    print("init op -> None:", sess.run(tf.global_variables_initializer()))
    print("by name:", sess.run("c:0"), sess.run(["c:0", "v:0"]))
    print("op by name:", sess.run("nothing"))
    print("variable:", sess.run(v), sess.run([v, a]))
    print("same tensor twice:", sess.run([a, a, (a,)]))
    print("empty list:", sess.run([]), "empty dict:", sess.run({}))
    print("tuple type:", type(sess.run((a,))).__name__, "list type:", type(sess.run([a])).__name__)
