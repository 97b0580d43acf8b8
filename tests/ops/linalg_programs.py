"""Small TF1 programs over tf.linalg's LU, matrix-function and tridiagonal names, run by
tools/record_linalg.py on TensorFlow (writing tests/ops/goldens/linalg_more.json) and by
tests/ops/test_linalg_more.py on sessionflow. Each takes the `tf` module and a `run` function and returns
a dict of values; an error it raises is recorded as its type and first line."""

import numpy as np

CASES = {}

RNG = np.random.RandomState(12)
SQUARE = RNG.uniform(-2, 2, (2, 4, 4))
RECT = RNG.uniform(-1, 1, (3, 5))
DIAGS = RNG.uniform(-1, 1, (2, 3, 5)) + np.array([0.0, 3.0, 0.0])[:, None]
RHS = RNG.uniform(-1, 1, (2, 5, 2))


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def grad_error(tf, fn):
    try:
        fn()
    except LookupError as e:
        return str(e).split(" In general")[0]
    return "no error"


def dense_tridiagonal(d):
    """The dense matrix of compact diagonals [3, M]."""
    return np.diag(d[1]) + np.diag(d[0][:-1], 1) + np.diag(d[2][1:], -1)


@case
def lu_factors(tf, run):
    x = tf.constant(SQUARE)
    lu, p = tf.linalg.lu(x)
    lu32, p64 = tf.linalg.lu(tf.constant([[1.0, 2.0, 0.0], [-1.0, 3.0, 2.0], [1.0, 0.5, -4.0]], tf.float32),
                             output_idx_type=tf.int64)
    names = [lu.name, p.name, lu.op.type, str(lu.shape), str(p.shape), p64.dtype.name]
    out = dict(lu=lu, p=p, lu32=lu32, p64=p64, reconstruct=tf.linalg.lu_reconstruct(lu, p),
               inverse=tf.linalg.lu_matrix_inverse(lu, p), solve=tf.linalg.lu_solve(lu, p, x[..., :2]),
               solve_broadcast=tf.linalg.lu_solve(lu[0], p[0], tf.constant(RHS[:, :4])),
               reconstruct32=tf.linalg.lu_reconstruct(lu32, p64))
    return dict(run(out), names=names, grad=grad_error(tf, lambda: tf.gradients(tf.reduce_sum(lu), x)))


@case
def lu_of_a_singular_matrix(tf, run):
    return run(tf.linalg.lu([[1.0, 2.0], [2.0, 4.0]]))


@case
def lu_solve_shape_errors(tf, run):
    out = {}
    for key, fn in dict(rhs_rank=lambda: tf.linalg.lu_solve(tf.ones((3, 3)), [0, 1, 2], tf.ones(3)),
                        rhs_rows=lambda: tf.linalg.lu_solve(tf.ones((3, 3)), [0, 1, 2], tf.ones((4, 1)))).items():
        try:
            fn()
            out[key] = "no error"
        except ValueError as e:
            out[key] = str(e)
    return out


@case
def rank_pinv_normalize(tf, run):
    low_rank = np.outer([1.0, 2.0, 3.0], [1.0, -1.0, 0.5, 2.0]) + np.outer([0.0, 1.0, 1.0], [1.0, 0.0, 0.0, 1.0])
    x = tf.constant(RECT)
    out = dict(rank=tf.linalg.matrix_rank(x), rank_low=tf.linalg.matrix_rank(low_rank),
               rank_tol=tf.linalg.matrix_rank(x, tol=0.5), rank_batch=tf.linalg.matrix_rank(SQUARE),
               pinv=tf.linalg.pinv(x), pinv_low=tf.linalg.pinv(low_rank), pinv_rcond=tf.linalg.pinv(x, rcond=0.5),
               pinv32=tf.linalg.pinv(tf.constant(low_rank, tf.float32)),
               normalize=tf.linalg.normalize(x), normalize_rows=tf.linalg.normalize(x, axis=1),
               normalize_l1=tf.linalg.normalize(x, ord=1, axis=0),
               pinv_grad=tf.gradients(tf.reduce_sum(tf.linalg.pinv(x) ** 2), x)[0])
    return dict(run(out), rank_dtype=out["rank"].dtype.name, pinv_shape=str(out["pinv"].shape))


@case
def expm_values(tf, run):
    scales = np.array([0.005, 0.1, 0.5, 1.5, 4.0, 30.0])[:, None, None]
    stack = RNG.uniform(-1, 1, (6, 3, 3)) * scales
    out = dict(f64=tf.linalg.expm(stack), f32=tf.linalg.expm(tf.constant(stack, tf.float32)),
               batch=tf.linalg.expm(stack.reshape(2, 3, 3, 3)), zero=tf.linalg.expm(tf.zeros((2, 2), tf.float64)),
               inf=tf.linalg.expm(tf.constant([[np.inf, 0.0], [0.0, 1.0]], tf.float64)))
    x = tf.constant(stack[:4])
    out["grad"] = tf.gradients(tf.reduce_sum(tf.linalg.expm(x) * stack[1:5]), x)[0]
    return dict(run(out), shape=str(out["batch"].shape))


@case
def expm_unknown_shape(tf, run):
    x = tf.placeholder(tf.float64, [None, None, None])
    return run(tf.linalg.expm(x), {x: SQUARE})


@case
def logm_complex(tf, run):
    c = np.array([[2.0 + 0.5j, 0.5, 0.0], [0.25, 1.5 - 0.25j, 0.1j], [0.0, 0.3, 3.0]])
    return run(dict(c128=tf.linalg.logm(c), c64=tf.linalg.logm(tf.constant(c, tf.complex64))))


@case
def logm_real_is_refused(tf, run):
    return run(tf.linalg.logm(tf.eye(2)))


@case
def tridiagonal_matmul_formats(tf, run):
    d = tf.constant(DIAGS)
    dense = np.stack([dense_tridiagonal(x) for x in DIAGS])
    rhs = tf.constant(RHS)
    compact = tf.linalg.tridiagonal_matmul(d, rhs)
    out = dict(compact=compact,
               sequence=tf.linalg.tridiagonal_matmul((d[:, 0], d[:, 1], d[:, 2]), rhs, diagonals_format="sequence"),
               matrix=tf.linalg.tridiagonal_matmul(dense, rhs, diagonals_format="matrix"),
               f32=tf.linalg.tridiagonal_matmul(tf.constant(DIAGS, tf.float32), tf.constant(RHS, tf.float32)))
    out["grads"] = tf.gradients(tf.reduce_sum(compact * RHS[::-1]), [d, rhs])
    return dict(run(out), type=compact.op.type)


@case
def tridiagonal_solve_formats(tf, run):
    d = tf.constant(DIAGS)
    dense = np.stack([dense_tridiagonal(x) for x in DIAGS])
    rhs = tf.constant(RHS)
    zero_first = tf.constant([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    b3 = tf.constant([[1.0], [2.0], [3.0]])
    solved = tf.linalg.tridiagonal_solve(d, rhs)
    out = dict(compact=solved, no_pivoting=tf.linalg.tridiagonal_solve(d, rhs, partial_pivoting=False),
               sequence=tf.linalg.tridiagonal_solve((d[:, 0, :-1], d[:, 1], d[:, 2, 1:]), rhs,
                                                    diagonals_format="sequence"),
               matrix=tf.linalg.tridiagonal_solve(dense, rhs, diagonals_format="matrix"),
               vector=tf.linalg.tridiagonal_solve(d, rhs[..., 0]),
               transposed=tf.linalg.tridiagonal_solve(d, tf.linalg.matrix_transpose(rhs), transpose_rhs=True),
               pivot_needed=tf.linalg.tridiagonal_solve(zero_first, b3),
               zero_pivot=tf.linalg.tridiagonal_solve(zero_first, b3, partial_pivoting=False),
               singular=tf.linalg.tridiagonal_solve(tf.constant([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]),
                                                    tf.constant([[1.0], [1.0]])),
               f32=tf.linalg.tridiagonal_solve(tf.constant(DIAGS, tf.float32), tf.constant(RHS, tf.float32)))
    out["grads"] = tf.gradients(tf.reduce_sum(solved * RHS[::-1]), [d, rhs])
    out["grads_no_pivoting"] = tf.gradients(tf.reduce_sum(out["no_pivoting"] ** 2), [d, rhs])
    return dict(run(out), type=solved.op.type, shape=str(out["vector"].shape))


@case
def tridiagonal_errors(tf, run):
    out = {}
    cases = dict(
        three=lambda: tf.linalg.tridiagonal_solve(tf.ones((2, 4)), tf.ones((4, 1))),
        rows=lambda: tf.linalg.tridiagonal_solve(tf.ones((3, 4)), tf.ones((5, 1))),
        rank=lambda: tf.linalg.tridiagonal_solve(tf.ones((2, 3, 4)), tf.ones((2, 2, 4, 1))),
        fmt=lambda: tf.linalg.tridiagonal_solve(tf.ones((3, 4)), tf.ones((4, 1)), diagonals_format="band"),
        seq=lambda: tf.linalg.tridiagonal_solve([tf.ones(4), tf.ones(4)], tf.ones((4, 1)),
                                                diagonals_format="sequence"),
        seq_len=lambda: tf.linalg.tridiagonal_solve([tf.ones(2), tf.ones(4), tf.ones(4)], tf.ones((4, 1)),
                                                    diagonals_format="sequence"),
        perturb=lambda: tf.linalg.tridiagonal_solve(tf.ones((3, 4)), tf.ones((4, 1)), partial_pivoting=False,
                                                    perturb_singular=True),
        matrix=lambda: tf.linalg.tridiagonal_matmul(tf.ones((3, 4)), tf.ones((4, 1)), diagonals_format="matrix"),
        mm_fmt=lambda: tf.linalg.tridiagonal_matmul(tf.ones((3, 4)), tf.ones((4, 1)), diagonals_format="x"))
    for key, fn in cases.items():
        try:
            fn()
            out[key] = "no error"
        except ValueError as e:
            out[key] = str(e)
    return out


def _signed(v):
    """Eigenvector columns with their largest-magnitude entry made positive (a sign-free form)."""
    idx = np.argmax(np.abs(v), axis=0)
    return v * np.sign(v[idx, np.arange(v.shape[1])])


@case
def eigh_tridiagonal_selects(tf, run):
    alpha, beta = DIAGS[0, 1], DIAGS[0, 0, :-1]
    out = dict(all=tf.linalg.eigh_tridiagonal(alpha, beta),
               index=tf.linalg.eigh_tridiagonal(alpha, beta, select="i", select_range=[1, 3]),
               interval=tf.linalg.eigh_tridiagonal(alpha, beta, select="v", select_range=[2.5, 3.5]),
               f32=tf.linalg.eigh_tridiagonal(tf.constant(alpha, tf.float32), tf.constant(beta, tf.float32)),
               single=tf.linalg.eigh_tridiagonal([2.5], []))
    values, vectors = tf.linalg.eigh_tridiagonal(alpha, beta, eigvals_only=False)
    got = run(dict(out, values=values, vectors=vectors))
    got["vectors"] = _signed(got["vectors"])
    return got
