import numpy as np
import tensorflow as tf


def show(label, value):
    if isinstance(value, tf.Tensor):
        print(label, value.name, value.dtype.name, value.shape)
        return
    value = np.asarray(value)
    if value.dtype.kind == "f":  # five significant digits: float32 sums may differ in the last bits
        value = np.vectorize(lambda f: float(f"{f:.5g}") + 0.0 if abs(f) > 1e-9 else 0.0, otypes=[np.float64])(value)
    print(label, value.dtype.kind, value.shape, value.tolist())


def error(label, fn):
    try:
        fn()
        print(label, "no error")
    except (LookupError, TypeError, ValueError, tf.errors.OpError) as e:
        print(label, type(e).__name__)


tf.set_random_seed(1234)
rng = np.random.RandomState(0)
A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]])
B = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])
a, b = tf.constant(A), tf.constant(B)
lower = tf.constant(np.tril(A) + np.eye(3))
tall = tf.constant([[3.0, 1.0], [0.5, -1.0], [2.0, 4.0]])
x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
img = tf.constant(np.arange(2 * 5 * 6 * 2, dtype=np.float32).reshape(2, 5, 6, 2) / 10)
filters = tf.constant(np.arange(3 * 2 * 2 * 4, dtype=np.float32).reshape(3, 2, 2, 4) / 10 - 0.5)
weights = tf.constant(rng.normal(size=(40, 4)).astype(np.float32))
biases = tf.constant(rng.normal(size=(40,)).astype(np.float32))
inputs = tf.constant(rng.normal(size=(3, 4)).astype(np.float32))
labels = tf.constant([[3], [17], [0]], tf.int64)

parts = tf.dynamic_partition(x, [1, 0, 1], 2)
stitched = tf.dynamic_stitch([[0, 2], [1]], [x[:2], x[2:]])
q, r = tf.qr(tall)
q_full, r_full = tf.linalg.qr(tf.transpose(tall), full_matrices=True)
solve = tf.matrix_solve(a, b, adjoint=True)
tri = tf.matrix_triangular_solve(lower, b, lower=True)
tri_upper = tf.linalg.triangular_solve(tf.transpose(lower), b, lower=False, adjoint=True)
e, v = tf.linalg.eigh(a)
sign, logabs = tf.linalg.slogdet(a)
patches = tf.extract_image_patches(img, [1, 3, 2, 1], [1, 2, 2, 1], [1, 1, 2, 1], "SAME")
s2b = tf.space_to_batch_nd(img, [2, 3], [[1, 0], [0, 0]])
atrous = tf.nn.atrous_conv2d(img, filters, 2, "SAME")
sampler = tf.nn.log_uniform_candidate_sampler(labels, 1, 8, True, 40, seed=3)
uniform = tf.nn.uniform_candidate_sampler(labels, 1, 6, False, 40)
nce = tf.nn.nce_loss(weights, biases, labels, inputs, num_sampled=5, num_classes=40)
softmax_loss = tf.nn.sampled_softmax_loss(weights, biases, labels, inputs, num_sampled=6, num_classes=40, seed=7)

results = [
    ("ensure_shape", tf.ensure_shape(tf.placeholder_with_default(x, [None, 2]), [3, None])),
    ("partition", parts), ("stitch", stitched),
    ("partition_grad", tf.gradients([parts[0] * 2.0, parts[1] * 3.0], x)),
    ("stitch_grad", tf.gradients(stitched * [[1.0], [2.0], [3.0]], x)),
    ("setdiff1d", list(tf.setdiff1d([5, 1, 3, 5, 2], [5, 2]))),
    ("cross", tf.cross(tf.constant([[1.0, 2.0, 3.0]]), tf.constant([[-1.0, 0.5, 4.0]]))),
    ("qr", [q, r]), ("qr_full", [q_full, r_full]),
    ("qr_grad", tf.gradients([q * [[1.0, 2.0]], r], tall)),
    ("solve", solve), ("solve_grad", tf.gradients(solve * B, [a, b])),
    ("triangular", [tri, tri_upper]), ("triangular_grad", tf.gradients(tri * B, [lower, b])),
    ("cholesky_solve", tf.cholesky_solve(tf.cholesky(a), b)),
    ("lstsq", [tf.linalg.lstsq(tf.cast(x, tf.float64), b, l2_regularizer=0.5),
               tf.matrix_solve_ls(tf.cast(x, tf.float64), b, fast=False)]),
    ("eigh", [e, tf.matmul(v * e[tf.newaxis, :], v, transpose_b=True), tf.self_adjoint_eigvals(a)]),
    ("eigh_grad", tf.gradients(e * [1.0, 2.0, 3.0], a)),
    ("slogdet", [sign, logabs, tf.linalg.logdet(a)]), ("slogdet_grad", tf.gradients(logabs, a)),
    ("set_diag", tf.linalg.set_diag(tf.zeros([2, 3]), [1.0, 2.0], k=1)),
    ("histogram", [tf.histogram_fixed_width([-1.0, 0.0, 1.5, 2.0, 5.0, 15.0], [0.0, 5.0], nbins=5),
                   tf.histogram_fixed_width_bins([-1.0, 0.0, 1.5, 2.0, 5.0, 15.0], [0.0, 5.0], nbins=5)]),
    ("clip_by_average_norm", tf.clip_by_average_norm(x, 0.5)),
    ("moments", [tf.math.reduce_variance(x, axis=1), tf.math.reduce_std(x)]),
    ("matvec", tf.linalg.matvec(x, [1.0, -2.0])),
    ("patches", patches), ("patches_grad", tf.gradients(patches * patches, img)),
    ("space_to_batch", [s2b, tf.batch_to_space_nd(s2b, [2, 3], [[1, 0], [0, 0]])]),
    ("atrous", atrous), ("atrous_grad", tf.gradients(atrous * atrous, [img, filters])),
    ("sampler", list(sampler)), ("uniform_sampler", list(uniform)),
    ("accidental_hits", list(tf.nn.compute_accidental_hits(labels, sampler.sampled_candidates, 1))),
    ("sparse_to_dense", tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [1.5, -2.0], 0.25)),
    ("nce_loss", nce), ("sampled_softmax_loss", softmax_loss),
    ("sampled_grads", [tf.convert_to_tensor(g) for g in tf.gradients([nce, softmax_loss], [biases, inputs])]),
]
flat = [(label, t) for label, item in results for t in (item if isinstance(item, list) else [item])]
for label, t in flat:
    show(label, t)
with tf.Session() as sess:
    for step in range(2):
        values = sess.run([t for _, t in flat])
        for (label, _), value in zip(flat, values):
            if step == 0 or label in ("sampler", "uniform_sampler", "nce_loss", "sampled_softmax_loss"):
                show(label, value)
    error("stitch_range", lambda: sess.run(tf.dynamic_stitch([[0, -1]], [[1.0, 2.0]])))
    error("partition_range", lambda: sess.run(tf.dynamic_partition([1.0, 2.0], [0, 2], 2)))
    error("ensure_shape_run", lambda: sess.run(tf.ensure_shape(tf.placeholder_with_default(x, None), [2, 2])))
    error("solve_singular", lambda: sess.run(tf.matrix_solve(tf.zeros([2, 2]), tf.ones([2, 1]))))
    error("histogram_range", lambda: sess.run(tf.histogram_fixed_width([1.0], [5.0, 0.0], nbins=2)))
    error("sampler_range", lambda: sess.run(tf.nn.uniform_candidate_sampler(labels, 1, 50, True, 40)))
    error("sparse_repeated", lambda: sess.run(tf.sparse_to_dense([[0, 1], [0, 1]], [3, 3], [1.0, 2.0])))
for label, fn in [("ensure_shape", lambda: tf.ensure_shape(x, [None, 5])),
                  ("stitch_types", lambda: tf.dynamic_stitch([[0], [1]], [[1.0], [2]])),
                  ("partition_prefix", lambda: tf.dynamic_partition(x, [0, 1], 2)),
                  ("setdiff1d_rank", lambda: tf.setdiff1d([[1, 2]], [2])),
                  ("setdiff1d_grad", lambda: tf.gradients(tf.setdiff1d(x[0], [2.0])[0], x)),
                  ("cross_dim", lambda: tf.cross(tf.ones([2, 4]), tf.ones([2, 4]))),
                  ("qr_rank", lambda: tf.qr(tf.ones([3]))),
                  ("solve_rows", lambda: tf.matrix_solve(tf.ones([3, 3]), tf.ones([2, 1]))),
                  ("triangular_dtype", lambda: tf.matrix_triangular_solve(tf.ones([2, 2], tf.int32),
                                                                         tf.ones([2, 1], tf.int32))),
                  ("eigh_square", lambda: tf.linalg.eigh(tf.ones([3, 2]))),
                  ("slogdet_dtype", lambda: tf.linalg.slogdet(tf.ones([2, 2], tf.int32))),
                  ("lstsq_grad", lambda: tf.gradients(tf.matrix_solve_ls(a, b, fast=False), a)),
                  ("histogram_nbins", lambda: tf.histogram_fixed_width([1.0], [0.0, 5.0], nbins=0)),
                  ("patches_padding", lambda: tf.extract_image_patches(img, [1, 2, 2, 1], [1, 1, 1, 1],
                                                                       [1, 1, 1, 1], "FULL")),
                  ("space_to_batch_divisible", lambda: tf.space_to_batch_nd(img, [2, 4], [[0, 0], [0, 0]])),
                  ("sampler_num_sampled", lambda: tf.nn.log_uniform_candidate_sampler(labels, 1, 0, True, 40)),
                  ("atrous_rate", lambda: tf.nn.atrous_conv2d(img, filters, 0, "SAME"))]:
    error(label, fn)
