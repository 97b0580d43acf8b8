import numpy as np
import tensorflow as tf

x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
p = tf.placeholder(tf.float32, [None, 3, 4])
i = tf.placeholder(tf.int32, [])
cases = [
    ("transpose", tf.transpose(x)), ("transpose_perm", tf.transpose(p, [1, 0, 2])),
    ("squeeze", tf.squeeze(tf.zeros([1, 2, 1]))), ("squeeze_axis", tf.squeeze(tf.ones([1, 2, 1]), axis=[2])),
    ("tile", tf.tile(x, [1, 2, 1])), ("pad", tf.pad(x, [[0, 0], [1, 1], [2, 0]])),
    ("pad_c", tf.pad(x, [[0, 0], [1, 0], [0, 1]], constant_values=3)),
    ("pad_reflect", tf.pad(x, [[0, 0], [1, 1], [2, 0]], mode="REFLECT")),
    ("pad_sym", tf.pad(x, [[1, 0], [0, 0], [0, 2]], mode="SYMMETRIC")),
    ("slice", tf.slice(x, [0, 1, 0], [-1, 2, 2])), ("reverse", tf.reverse(x, [1])),
    ("reverse_seq", tf.reverse_sequence(x, [2, 3], seq_axis=1, batch_axis=0)),
    ("gather_axis", tf.gather(x, [3, 0], axis=-1)), ("gather_nd", tf.gather_nd(x, [[0, 1], [1, 2]])),
    ("scatter_nd", tf.scatter_nd([[1], [3], [1]], [1., 2., 3.], [5])),
    ("bmask", tf.boolean_mask(x, [True, False])),
    ("bmask2d", tf.boolean_mask(x, [[True, False, True], [False, False, True]])),
    ("bmask_axis", tf.boolean_mask(x, [True, False, True], axis=1)),
    ("one_hot", tf.one_hot([0, 2, -1], 3)), ("one_hot_axis", tf.one_hot([[1, 0]], 2, on_value=5, off_value=-1, axis=0)),
    ("broadcast_to", tf.broadcast_to([1, 2], [3, 2])), ("diag", tf.diag([1., 2.])),
    ("diag_part", tf.diag_part(tf.reshape(tf.range(9), [3, 3]))),
    ("s2d", tf.space_to_depth(tf.reshape(tf.range(16), [1, 4, 4, 1]), 2)),
    ("d2s", tf.depth_to_space(tf.reshape(tf.range(16), [1, 2, 2, 4]), 2)),
    ("where_coords", tf.where([[True, False], [False, True]])),
    ("where_rows", tf.where([True, False], [[1, 2], [3, 4]], [[5, 6], [7, 8]])),
    ("where_v2", tf.where_v2([True, False], 1, [3, 4])),
    ("sort", tf.sort([3, 1, 2])), ("sort_desc", tf.sort([3., 1., 2.], direction="DESCENDING")),
    ("argsort", tf.argsort([3, 1, 2, 1])), ("searchsorted", tf.searchsorted([[1., 2., 3.]], [[2.5, 0.]])),
    ("seq_mask", tf.sequence_mask([1, 3], 4)), ("seq_mask_default", tf.sequence_mask([1, 3])),
    ("bitcast", tf.bitcast(tf.constant([1.0], tf.float32), tf.int32)),
    ("t[i]", x[i]),
]
for label, t in cases:
    print(label, t.op.name, t.op.type, t.dtype.name, t.shape)
parts = tf.split(x, 2, axis=2)
sizes = tf.split(x, [1, -1], axis=2)
un = tf.unstack(x, axis=1)
mg = tf.meshgrid([1, 2, 3], [4, 5])
sn = tf.shape_n([x, p])
idn = tf.identity_n([x, p])
for label, ts in (("split", parts), ("splitv", sizes), ("unstack", un), ("meshgrid", mg), ("shape_n", sn),
                  ("identity_n", idn)):
    print(label, [(t.name, t.op.type, str(t.shape)) for t in ts])
print("broadcast_static_shape", tf.broadcast_static_shape(tf.TensorShape([1, 2]), tf.TensorShape([3, 1])))
feed = {p: np.ones((2, 3, 4), np.float32), i: 1}
with tf.Session() as sess:
    for label, t in cases:
        print(label, "=", np.array2string(np.asarray(sess.run(t, feed)), precision=4).replace("\n", ""))
    for label, ts in (("split", parts), ("splitv", sizes), ("unstack", un), ("meshgrid", mg), ("shape_n", sn)):
        print(label, "=", [v.tolist() for v in sess.run(ts, feed)])
    print("bdyn", sess.run(tf.broadcast_dynamic_shape([1, 2], [3, 1])).tolist())
    for label, fn in (("gather oob", lambda: tf.gather([1, 2], [2])), ("gather_nd oob", lambda: tf.gather_nd([1, 2], [[5]])),
                      ("check_numerics", lambda: tf.check_numerics(tf.constant([1.0, np.inf]), "bad"))):
        try:
            sess.run(fn())
        except tf.errors.InvalidArgumentError as e:
            print(label, type(e).__name__)
for label, fn in (("transpose bad perm", lambda: tf.transpose(x, [0, 1])),
                  ("squeeze non-1", lambda: tf.squeeze(x, [0])),
                  ("split uneven", lambda: tf.split(x, 3, axis=2)),
                  ("reshape", lambda: tf.reshape(x, [5, -1]))):
    try:
        fn()
    except ValueError as e:
        print(label, type(e).__name__)
