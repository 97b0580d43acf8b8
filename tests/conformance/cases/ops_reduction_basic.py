import numpy as np
import tensorflow as tf


def _first(message):
    """The line of a runtime error message that states the error (TF prefixes graph context)."""
    lines = [line for line in message.splitlines() if line and not line.startswith(('Graph execution', 'Detected', ' ', 'Node', '\t', 'Original'))]
    return lines[0]

# Reductions: values, dtypes, static shapes and op names; deprecated spellings; argmax/top_k; logsumexp.
x = tf.constant([[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]])
i = tf.constant([[-1, -4, 0], [7, 2, 2]])
p = tf.placeholder(tf.float32, [None, 3])
cases = [
    ("sum_all", tf.reduce_sum(x)), ("sum_1", tf.reduce_sum(x, 1)), ("sum_kd", tf.reduce_sum(x, [0], keepdims=True)),
    ("mean_ri", tf.reduce_mean(x, reduction_indices=-1, keep_dims=True)), ("mean_int", tf.reduce_mean(i, axis=1)),
    ("max", tf.reduce_max(x, 0, name="mx")), ("min", tf.math.reduce_min(i)), ("prod", tf.reduce_prod(x, 1)),
    ("all", tf.reduce_all(x > 0, 1)), ("any", tf.reduce_any(x > 3)), ("lse", tf.reduce_logsumexp(x, 1)),
    ("argmax", tf.argmax(i, 1)), ("argmin32", tf.argmin(i, 0, output_type=tf.int32)),
    ("argmax_dim", tf.argmax(x, dimension=1)), ("count_nz", tf.count_nonzero(i, axis=0)),
    ("sum_ph0", tf.reduce_sum(p, 0)), ("sum_ph", tf.reduce_sum(p)), ("sum_ph_kd", tf.reduce_max(p, 1, keepdims=True)),
]
for label, t in cases:
    print(label, t.op.type, t.dtype.name, t.shape)
print([t.op.name for _, t in cases[:6]])
vals, idx = tf.nn.top_k(tf.constant([[3.0, 1.0, 3.0, 2.0]]), k=2)
# top_k's result is TF's namedtuple (beam searches read `.indices`), and a session fetches it as one
top = tf.math.top_k(tf.constant([[0.5, 4.0, 2.0]]), k=2, name="best")
print("top_k result", type(top).__name__, top._fields, top.values.name, top.indices.name)
mean, var = tf.nn.moments(x, axes=[1])
with tf.Session() as sess:
    feed = {p: [[1.0, 2.0, 3.0]]}
    for (label, _), v in zip(cases, sess.run([t for _, t in cases], feed)):
        print(label, "=", np.array2string(np.round(np.asarray(v, dtype=np.float64), 5)) if np.asarray(v).dtype.kind == "f"
              else np.asarray(v).tolist())
    print("top_k", sess.run(vals).tolist(), sess.run(idx).tolist(), idx.dtype.name)
    fetched = sess.run(top)
    print("top_k fetched", type(fetched).__name__, fetched.values.tolist(), fetched.indices.tolist())
    print("moments", np.round(sess.run(mean), 5).tolist(), np.round(sess.run(var), 5).tolist())
    print("nan max", sess.run(tf.reduce_max(tf.constant([1.0, np.nan, 2.0]))))
    print("empty", sess.run(tf.reduce_max(tf.constant(np.zeros([0], np.float32)))),
          sess.run(tf.reduce_prod(tf.constant(np.zeros([0], np.float32)))))
    print("lse -inf", sess.run(tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf]))))
try:
    tf.reduce_sum(x, 2)
except ValueError as e:
    print("ValueError", str(e).split(" for ")[0])
ph = tf.placeholder(tf.int32)
try:
    with tf.Session() as sess:
        sess.run(tf.reduce_sum(x, ph), {ph: 3})
except tf.errors.InvalidArgumentError as e:
    print("InvalidArgumentError", _first(e.message))
