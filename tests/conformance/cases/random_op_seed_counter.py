import tensorflow as tf

# With a graph seed but no op seed, each random op gets the next value of a per-graph counter
# as its op seed (seed2), so two identical ops differ; the same graph rebuilt gives the same
# values; other ops created in between do not change the counter.
def build_and_run(extra_op_first):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(10)
        if extra_op_first:
            tf.constant(0)
        a = tf.random_uniform([3])
        b = tf.random_uniform([3])
        c = tf.random_uniform([3], seed=4)
        d = tf.random_uniform([3], seed=4)
        print("(seed, seed2) of a, b, c:", [(t.op.get_attr("seed"), t.op.get_attr("seed2")) for t in [a, b, c]])
        with tf.Session() as sess:
            return sess.run([a, b, c, d])

first = build_and_run(False)
second = build_and_run(False)
shifted = build_and_run(True)
print("a:", repr(first[0]))
print("b:", repr(first[1]))
print("a != b:", not (first[0] == first[1]).all())
print("same graph again equal:", all((x == y).all() for x, y in zip(first, second)))
print("explicit op seeds equal (c == d):", (first[2] == first[3]).all())
print("extra constant changes a:", not (shifted[0] == first[0]).all(), "c unchanged:", (shifted[2] == first[2]).all())

g = tf.Graph()
with g.as_default():
    e = tf.random_uniform([2], seed=4)
    print("op seed only:", e.op.get_attr("seed"), e.op.get_attr("seed2"))
    f = tf.random_uniform([2])
    print("no seeds:", f.op.get_attr("seed"), f.op.get_attr("seed2"))
    tf.set_random_seed(3)
    h = tf.random_uniform([2])
    print("graph seed set after ops:", h.op.get_attr("seed"), h.op.get_attr("seed2"))
    print("graph.seed:", g.seed)
    tf.set_random_seed(3)
    k = tf.random_uniform([2])
    print("set_random_seed again does not reset the counter:", k.op.get_attr("seed"), k.op.get_attr("seed2"))
    n = tf.random_uniform([2], seed=0)
    print("graph seed 3, op seed 0:", n.op.get_attr("seed"), n.op.get_attr("seed2"))

g = tf.Graph()
with g.as_default():
    tf.set_random_seed(0)
    z = tf.random_uniform([2], seed=0)
    print("seed 0 and op seed 0:", z.op.get_attr("seed"), z.op.get_attr("seed2"))
