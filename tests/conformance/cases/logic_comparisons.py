import tensorflow as tf

# Comparisons and boolean operators; tensors are not Python bools; == is identity in TF1.
a = tf.constant([1, 2, 3])
b = tf.constant([3, 2, 1])
p = tf.constant([True, True, False, False])
q = tf.constant([True, False, True, False])
cases = [
    ("a < b", a < b), ("a <= b", a <= b), ("a > b", a > b), ("a >= b", a >= b),
    ("tf.equal(a, b)", tf.equal(a, b)), ("tf.not_equal(a, b)", tf.not_equal(a, b)),
    ("p & q", p & q), ("p | q", p | q), ("p ^ q", p ^ q), ("~p", ~p),
    ("tf.logical_and", tf.logical_and(p, q)), ("tf.logical_xor", tf.logical_xor(p, q)),
    ("a < 2", a < 2), ("2 < a", 2 < a),
]
for label, t in cases:
    print(label, "->", t.op.name, t.op.type, t.dtype.name)
with tf.Session() as sess:
    for (label, _), value in zip(cases, sess.run([t for _, t in cases])):
        print(label, "=", value.tolist())
print("a == b:", a == b, "a == a:", a == a, "a != b:", a != b)
print("hashable:", len({a, b, a}))
for label, fn in [("bool(tensor)", lambda: bool(a < b)), ("if tensor", lambda: 1 if a else 0),
                  ("iterate", lambda: [v for v in tf.placeholder(tf.int32)])]:
    try:
        fn()
        print(label + ": ok")
    except TypeError as e:
        print(label + ":", type(e).__name__, "is a TypeError:", isinstance(e, TypeError))
try:
    tf.constant([1.0]) & tf.constant([2.0])
except Exception as e:
    print("float & float:", type(e).__name__)
try:
    list(a)
    print("iterate a tensor of known length: ok")
except TypeError as e:
    print("iterate a tensor of known length:", type(e).__name__)
print("p ^ q is built from:", sorted({op.type for op in tf.get_default_graph().get_operations() if op.name.startswith("xor")}))
