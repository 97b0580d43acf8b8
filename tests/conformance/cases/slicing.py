import tensorflow as tf

# Python slicing syntax on tensors: strided slices, ellipsis, newaxis, negative indices.
t = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
cases = [
    ("t[0]", t[0]),
    ("t[-1]", t[-1]),
    ("t[1:, ::2]", t[1:, ::2]),
    ("t[..., 0]", t[..., 0]),
    ("t[:, tf.newaxis]", t[:, tf.newaxis]),
    ("t[tf.newaxis]", t[tf.newaxis]),
    ("t[::-1]", t[::-1]),
    ("t[:, -2:]", t[:, -2:]),
    ("t[1, 2]", t[1, 2]),
    ("t[:, 1:3]", t[:, 1:3]),
    ("t[0, ...]", t[0, ...]),
    ("t[-2:, -1]", t[-2:, -1]),
    ("t[5:]", t[5:]),
]
p = tf.placeholder(tf.int32, shape=[None, 4])
print("placeholder p[:, 1]:", p[:, 1].shape, "p[1:]:", p[1:].shape, "p[0]:", p[0].shape)
i = tf.placeholder(tf.int32, shape=[])
print("tensor index t[i]:", t[i].shape)
for label, s in cases:
    print(label, s.op.name, s.op.type, s.shape)
with tf.Session() as sess:
    for label, s in cases:
        print(label, "=", sess.run(s).tolist())
    print("t[i] with i=2:", sess.run(t[i], {i: 2}).tolist())
    print("t[:, i] with i=-1:", sess.run(t[:, i], {i: -1}).tolist())
try:
    t[3]
except ValueError as e:
    print("out of range index:", type(e).__name__)
