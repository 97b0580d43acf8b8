import tensorflow as tf

# tf.constant with shape= (fill and reshape), and the constant-producing functions.
tensors = [
    ("constant(0, shape=[2,3])", tf.constant(0, shape=[2, 3])),
    ("constant(1..6, shape=[2,3])", tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3])),
    ("constant([1,2], shape=[5])", tf.constant([1, 2], shape=[5])),
    ("constant(2.5, shape=[2])", tf.constant(2.5, shape=[2])),
    ("zeros([2,2])", tf.zeros([2, 2])),
    ("zeros int32", tf.zeros([3], dtype=tf.int32)),
    ("ones([2])", tf.ones([2])),
    ("fill", tf.fill([2, 2], 7)),
    ("zeros_like", tf.zeros_like(tf.constant([[1, 2]]))),
    ("ones_like float", tf.ones_like(tf.constant([1.5, 2.5]))),
    ("range(5)", tf.range(5)),
    ("range(2, 10, 3)", tf.range(2, 10, 3)),
    ("range(0., 1., 0.25)", tf.range(0.0, 1.0, 0.25)),
    ("range(5, 0, -2)", tf.range(5, 0, -2)),
    ("linspace", tf.linspace(0.0, 1.0, 5)),
    ("cast float->int", tf.cast(tf.constant([1.7, -1.7, 2.5]), tf.int32)),
    ("cast int->bool", tf.cast(tf.constant([0, 2]), tf.bool)),
    ("cast bool->float", tf.cast(tf.constant([True, False]), tf.float32)),
    ("eye", tf.eye(2)),
]
composite = ("linspace", "eye")  # built from several ops; only their values are checked
for label, t in tensors:
    if label not in composite:
        print(label + ":", t.op.name, t.op.type, t.dtype.name, t.shape)
    else:
        print(label + ":", t.dtype.name, t.shape)
with tf.Session() as sess:
    values = sess.run([t for _, t in tensors])
for (label, _), value in zip(tensors, values):
    print(label + " =", repr(value).replace("\n", ""))
try:
    tf.constant([1, 2, 3], shape=[2])
except Exception as e:
    print("too many values for shape:", type(e).__name__)
