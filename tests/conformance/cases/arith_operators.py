import tensorflow as tf

# Python operators on tensors: op types and values (ints and floats, Python scalars on either side).
a = tf.constant([7, -7, 5])
b = tf.constant([2, 2, -3])
x = tf.constant([1.5, -2.0, 9.0])
y = tf.constant([0.5, 4.0, -2.0])
m = tf.constant([[1.0, 2.0], [3.0, 4.0]])
cases = [
    ("a + b", a + b), ("a - b", a - b), ("a * b", a * b), ("a / b", a / b),
    ("a // b", a // b), ("a % b", a % b), ("a ** 2", a ** 2), ("-a", -a), ("abs(a)", abs(a)),
    ("x + y", x + y), ("x / y", x / y), ("x // y", x // y), ("x % y", x % y), ("x ** y", x ** y),
    ("2 - x", 2 - x), ("1 / y", 1 / y), ("10 // b", 10 // b), ("3.0 ** y", 3.0 ** y),
    ("m @ m", m @ m), ("tf.matmul(m, m, transpose_b=True)", tf.matmul(m, m, transpose_b=True)),
    ("tf.div(a, b)", tf.div(a, b)), ("tf.truediv(a, b)", tf.truediv(a, b)), ("tf.floordiv(x, y)", tf.floordiv(x, y)),
    ("tf.mod(a, b)", tf.mod(a, b)), ("tf.pow(x, 2.0)", tf.pow(x, 2.0)), ("tf.negative(x)", tf.negative(x)),
    ("tf.square(a)", tf.square(a)), ("tf.abs(x)", tf.abs(x)), ("tf.subtract(x, y)", tf.subtract(x, y)),
]
for label, t in cases:
    print(label, "->", t.op.name, t.op.type, t.dtype.name)
with tf.Session() as sess:
    for (label, _), value in zip(cases, sess.run([t for _, t in cases])):
        print(label, "=", value.tolist())
