import numpy as np
import tensorflow as tf


def _first(message):
    """The line of a runtime error message that states the error (TF prefixes graph context)."""
    lines = [line for line in message.splitlines() if line and not line.startswith(('Graph execution', 'Detected', ' ', 'Node', '\t', 'Original'))]
    return lines[0]

# Segment reductions, unique, bincount, confusion_matrix.
data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
cases = [
    ("segment_sum", tf.segment_sum(data, [0, 0, 2])), ("segment_mean", tf.math.segment_mean(data, [0, 0, 1])),
    ("segment_max", tf.segment_max(data, [0, 1, 1])), ("segment_min", tf.segment_min(data, [0, 0, 0])),
    ("unsorted_sum", tf.unsorted_segment_sum(data, [2, -1, 2], 4)),
    ("unsorted_max", tf.unsorted_segment_max(data, [1, 1, 0], 2)),
    ("unsorted_min", tf.math.unsorted_segment_min(tf.constant([3, 1, 2]), [0, 0, 2], 3)),
    ("unsorted_mean", tf.unsorted_segment_mean(data, [0, 0, 1], 3)),
    ("bincount", tf.math.bincount([1, 1, 3])), ("bincount_w", tf.math.bincount([1, 1, 3], weights=[0.5, 1.0, 2.0], minlength=6)),
    ("confusion", tf.math.confusion_matrix([0, 1, 2, 1], [0, 2, 2, 1])),
]
for label, t in cases:
    print(label, t.dtype.name, t.shape)
u = tf.unique([3, 1, 3, 2, 1])
print("unique", u.y.op.type, u.y.name, u.idx.name, u.idx.dtype.name)
with tf.Session() as sess:
    for (label, _), v in zip(cases, sess.run([t for _, t in cases])):
        print(label, "=", np.asarray(v).tolist())
    y, idx = sess.run(u)
    print("unique =", y.tolist(), idx.tolist())
    for bad in [tf.segment_sum([1.0, 2.0], [1, 0]), tf.unsorted_segment_sum([1.0, 2.0], [1, 5], 3)]:
        try:
            sess.run(bad)
        except tf.errors.InvalidArgumentError as e:
            print("InvalidArgumentError", _first(e.message))
