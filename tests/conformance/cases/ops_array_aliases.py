import numpy as np
import tensorflow as tf

# The remaining spellings of the op list: explicit tf.strided_slice with every mask, expand_dims,
# matrix_transpose, trace, to_int32/to_int64. (sessionflow also keeps TF 0.x's tf.pack/tf.unpack, which
# TF 2.21's compat.v1 no longer has.)
x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
results = [
    ("strided_slice", tf.strided_slice(x, [0, 1, 0], [2, 3, 4], [1, 1, 2])),
    ("strided_slice masks", tf.strided_slice(x, [1, 0, 3], [2, 2, 0], [1, 1, -1], begin_mask=2, end_mask=4,
                                             shrink_axis_mask=1)),
    ("strided_slice ellipsis/new axis", tf.strided_slice(x, [0, 0, 1], [0, 0, 2], [1, 1, 1], ellipsis_mask=1,
                                                         new_axis_mask=2)),
    ("expand_dims 0", tf.expand_dims(x, 0)),
    ("expand_dims -1", tf.expand_dims(x, -1)),
    ("expand_dims dim=", tf.expand_dims(x, dim=1)),
    ("matrix_transpose", tf.matrix_transpose(x)),
    ("linalg.matrix_transpose", tf.linalg.matrix_transpose(x, conjugate=True)),
    ("trace", tf.trace(x[:, :, :3])),
    ("linalg.trace", tf.linalg.trace(tf.eye(3, batch_shape=[2]))),
    ("to_int32", tf.to_int32(x * 1.7)),
    ("to_int64", tf.to_int64(-x * 1.7)),
    ("to_float", tf.to_float(tf.constant([1, 2]))),
    ("to_double", tf.to_double(tf.constant([1, 2]))),
]
with tf.Session() as sess:
    for label, t in results:
        value = sess.run(t)
        print(label, t.op.type, t.name, t.shape, t.dtype.name, value.reshape(-1)[:8].tolist())
try:
    tf.expand_dims(x, 4)
except ValueError as e:
    print("ValueError", str(e).split(" for ")[0])
