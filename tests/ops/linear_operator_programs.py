"""TF1 programs over tf.linalg's LinearOperator classes, run by tools/record_linalg.py on TensorFlow (writing
tests/ops/goldens/linear_operator.json) and by tests/ops/test_linear_operator.py on sessionflow. Each
program builds one operator and records every public method's value (or the error it raises), its static
shapes and hints, and the name scopes its methods open."""

import numpy as np

CASES = {}

RNG = np.random.RandomState(7)
SPD = RNG.uniform(-1, 1, (2, 3, 3))
SPD = SPD @ np.swapaxes(SPD, -1, -2) + 3 * np.eye(3)
GENERAL = RNG.uniform(-1, 1, (2, 3, 3)) + 2.5 * np.eye(3)
X = RNG.uniform(-1, 1, (2, 3, 2))
V = RNG.uniform(-1, 1, (2, 3))


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _error(e):
    text = str(e).split(" in tensor ")[0]
    return {"error": type(e).__name__, "message": text.strip().splitlines()[0] if text.strip() else ""}


def _scope(t):
    return "/".join(t.name.split("/")[:2])


METHODS = {
    "to_dense": lambda o, x: o.to_dense(),
    "shape_tensor": lambda o, x: o.shape_tensor(),
    "batch_shape_tensor": lambda o, x: o.batch_shape_tensor(),
    "domain_dimension_tensor": lambda o, x: o.domain_dimension_tensor(),
    "range_dimension_tensor": lambda o, x: o.range_dimension_tensor(),
    "tensor_rank_tensor": lambda o, x: o.tensor_rank_tensor(),
    "matmul": lambda o, x: o.matmul(x),
    "matmul_adjoint": lambda o, x: o.matmul(x, adjoint=True),
    "matmul_adjoint_arg": lambda o, x: o.matmul(np.swapaxes(x, -1, -2), adjoint_arg=True),
    "matvec": lambda o, x: o.matvec(x[..., 0]),
    "matvec_adjoint": lambda o, x: o.matvec(x[..., 0], adjoint=True),
    "solve": lambda o, x: o.solve(x),
    "solve_adjoint": lambda o, x: o.solve(x, adjoint=True),
    "solve_adjoint_arg": lambda o, x: o.solve(np.swapaxes(x, -1, -2), adjoint_arg=True),
    "solvevec": lambda o, x: o.solvevec(x[..., 0]),
    "determinant": lambda o, x: o.determinant(),
    "log_abs_determinant": lambda o, x: o.log_abs_determinant(),
    "diag_part": lambda o, x: o.diag_part(),
    "trace": lambda o, x: o.trace(),
    "add_to_tensor": lambda o, x: o.add_to_tensor(o.to_dense() * 2 + 1),
    "adjoint_dense": lambda o, x: o.adjoint().to_dense(),
    "inverse_dense": lambda o, x: o.inverse().to_dense(),
    "cholesky_dense": lambda o, x: o.cholesky().to_dense(),
    "eigvals": lambda o, x: o.eigvals(),
    "cond": lambda o, x: o.cond(),
}


def describe(tf, run, op, x=X, methods=METHODS, scopes=("to_dense", "matmul", "determinant")):
    """Every method's value (or error), the static shapes, hints and types of derived operators."""
    tensors, out = {}, {}
    for key, fn in methods.items():
        try:
            tensors[key] = fn(op, x)
        except (ValueError, TypeError, NotImplementedError) as e:
            out[key] = _error(e)
    values = run(tensors)
    for key, value in values.items():
        out[key] = value
    info = dict(name=op.name, shape=str(op.shape), batch_shape=str(op.batch_shape), dtype=op.dtype.name,
                domain=str(op.domain_dimension), range=str(op.range_dimension), rank=op.tensor_rank,
                hints=[op.is_non_singular, op.is_self_adjoint, op.is_positive_definite, op.is_square],
                scopes={k: _scope(tensors[k]) for k in scopes if k in tensors})
    for key, fn in (("adjoint", lambda: op.adjoint()), ("inverse", lambda: op.inverse()),
                    ("H", lambda: op.H)):
        try:
            derived = fn()
            info[key + "_type"] = [type(derived).__name__, derived.name, str(derived.shape)]
        except (ValueError, TypeError, NotImplementedError) as e:
            info[key + "_type"] = _error(e)
    return dict(out, info=info)


@case
def full_matrix(tf, run):
    return describe(tf, run, tf.linalg.LinearOperatorFullMatrix(GENERAL))


@case
def full_matrix_positive_definite(tf, run):
    op = tf.linalg.LinearOperatorFullMatrix(tf.constant(SPD, tf.float32), is_self_adjoint=True,
                                            is_positive_definite=True)
    return describe(tf, run, op, X.astype(np.float32))


@case
def full_matrix_rectangular(tf, run):
    op = tf.linalg.LinearOperatorFullMatrix(GENERAL[:, :, :2], name="tall")
    return describe(tf, run, op, X[:, :2])


@case
def diag(tf, run):
    return describe(tf, run, tf.linalg.LinearOperatorDiag(V + 2.0, is_positive_definite=True))


@case
def identity(tf, run):
    return describe(tf, run, tf.linalg.LinearOperatorIdentity(3, batch_shape=[2], dtype=tf.float64))


@case
def identity_broadcasts(tf, run):
    op = tf.linalg.LinearOperatorIdentity(3, batch_shape=[2], dtype=tf.float64)
    plain = tf.linalg.LinearOperatorIdentity(3, dtype=tf.float64)
    return run(dict(batched=op.matmul(X[0]), plain=plain.matmul(X), plain_det=plain.determinant(),
                    plain_dense=plain.to_dense()))


@case
def scaled_identity(tf, run):
    return describe(tf, run, tf.linalg.LinearOperatorScaledIdentity(3, np.array([2.0, -0.5])))


@case
def lower_triangular(tf, run):
    return describe(tf, run, tf.linalg.LinearOperatorLowerTriangular(GENERAL))


@case
def householder(tf, run):
    return describe(tf, run, tf.linalg.LinearOperatorHouseholder(V))


@case
def permutation(tf, run):
    return describe(tf, run, tf.linalg.LinearOperatorPermutation([[2, 0, 1], [1, 0, 2]], dtype=tf.float64))


@case
def tridiag_compact(tf, run):
    diagonals = np.random.RandomState(101).uniform(-1, 1, (2, 3, 3)) + np.array([0.0, 3.0, 0.0])[:, None]
    return describe(tf, run, tf.linalg.LinearOperatorTridiag(diagonals))


@case
def tridiag_sequence_and_matrix(tf, run):
    diagonals = np.random.RandomState(102).uniform(-1, 1, (3, 3)) + np.array([0.0, 3.0, 0.0])[:, None]
    seq = tf.linalg.LinearOperatorTridiag([diagonals[0], diagonals[1], diagonals[2]], diagonals_format="sequence")
    dense = tf.linalg.LinearOperatorTridiag(GENERAL, diagonals_format="matrix")
    return dict(sequence=describe(tf, run, seq, X[0]), matrix=describe(tf, run, dense))


@case
def zeros(tf, run):
    return describe(tf, run, tf.linalg.LinearOperatorZeros(3, batch_shape=[2], dtype=tf.float64))


@case
def zeros_rectangular(tf, run):
    op = tf.linalg.LinearOperatorZeros(3, num_columns=2, is_square=False, is_self_adjoint=False,
                                       dtype=tf.float64)
    return describe(tf, run, op, X[:, :2])


@case
def composition(tf, run):
    op = tf.linalg.LinearOperatorComposition([tf.linalg.LinearOperatorFullMatrix(GENERAL),
                                              tf.linalg.LinearOperatorDiag(V + 2.0)])
    return describe(tf, run, op)


@case
def adjoint_and_inversion(tf, run):
    base = tf.linalg.LinearOperatorFullMatrix(GENERAL, name="A")
    return dict(adjoint=describe(tf, run, tf.linalg.LinearOperatorAdjoint(base)),
                inversion=describe(tf, run, tf.linalg.LinearOperatorInversion(base)))


@case
def kronecker(tf, run):
    op = tf.linalg.LinearOperatorKronecker([tf.linalg.LinearOperatorFullMatrix(GENERAL[0, :2, :2]),
                                            tf.linalg.LinearOperatorFullMatrix(SPD[0])])
    x = np.random.RandomState(103).uniform(-1, 1, (6, 2))
    methods = {k: v for k, v in METHODS.items() if k != "add_to_tensor"}
    return describe(tf, run, op, x, methods)


@case
def block_diag(tf, run):
    op = tf.linalg.LinearOperatorBlockDiag([tf.linalg.LinearOperatorFullMatrix(GENERAL[:, :2, :2]),
                                            tf.linalg.LinearOperatorDiag(V[:, :1] + 2.0)])
    return describe(tf, run, op)


@case
def block_lower_triangular(tf, run):
    op = tf.linalg.LinearOperatorBlockLowerTriangular(
        [[tf.linalg.LinearOperatorFullMatrix(GENERAL[:, :2, :2])],
         [tf.linalg.LinearOperatorFullMatrix(GENERAL[:, 2:, :2]), tf.linalg.LinearOperatorDiag(V[:, :1] + 2.0)]])
    return describe(tf, run, op)


@case
def low_rank_update(tf, run):
    base = tf.linalg.LinearOperatorDiag(V + 2.0, is_positive_definite=True)
    u = np.random.RandomState(104).uniform(-1, 1, (2, 3, 2))
    return dict(plain=describe(tf, run, tf.linalg.LinearOperatorLowRankUpdate(base, u)),
                diag_update=describe(tf, run, tf.linalg.LinearOperatorLowRankUpdate(
                    base, u, diag_update=np.array([[0.5, 2.0], [1.5, 0.25]]), is_diag_update_positive=True)),
                with_v=describe(tf, run, tf.linalg.LinearOperatorLowRankUpdate(
                    tf.linalg.LinearOperatorFullMatrix(GENERAL), u,
                    v=np.random.RandomState(105).uniform(-1, 1, (2, 3, 2)))))


@case
def operator_algebra(tf, run):
    """matmul/solve of operators give operators, of TF's types, whose values are the products."""
    full = tf.linalg.LinearOperatorFullMatrix(GENERAL, name="F")
    diag = tf.linalg.LinearOperatorDiag(V + 2.0, name="D")
    scaled = tf.linalg.LinearOperatorScaledIdentity(3, tf.constant(2.0, tf.float64), name="S")
    ident = tf.linalg.LinearOperatorIdentity(3, dtype=tf.float64, name="I")
    results = dict(full_diag=full @ diag, diag_diag=diag.matmul(diag), diag_scaled=diag @ scaled,
                   scaled_scaled=scaled @ scaled, full_ident=full @ ident, ident_full=ident @ full,
                   solve_op=full.solve(diag), diag_solve_diag=diag.solve(diag), solve_ident=full.solve(ident),
                   adjoint_adjoint=full.H.H, inverse_inverse=full.inverse().inverse())
    types = {k: [type(v).__name__, v.name] for k, v in results.items()}
    return dict(run({k: v.to_dense() for k, v in results.items()}), types=types)


@case
def hint_errors(tf, run):
    out = {}
    cases = dict(
        pd_singular=lambda: tf.linalg.LinearOperatorFullMatrix(SPD, is_positive_definite=True,
                                                              is_non_singular=False),
        non_square_ns=lambda: tf.linalg.LinearOperatorFullMatrix(SPD, is_non_singular=True, is_square=False),
        sa_not_square=lambda: tf.linalg.LinearOperatorFullMatrix(SPD, is_self_adjoint=True, is_square=False),
        square_hint=lambda: tf.linalg.LinearOperatorFullMatrix(SPD, is_square=False).is_square,
        diag_real=lambda: tf.linalg.LinearOperatorDiag(V, is_self_adjoint=False),
        diag_square=lambda: tf.linalg.LinearOperatorDiag(V, is_square=False),
        identity_sa=lambda: tf.linalg.LinearOperatorIdentity(3, is_self_adjoint=False),
        identity_rows=lambda: tf.linalg.LinearOperatorIdentity(-1),
        identity_int=lambda: tf.linalg.LinearOperatorIdentity(2.5),
        zeros_singular=lambda: tf.linalg.LinearOperatorZeros(3, is_non_singular=True),
        zeros_square=lambda: tf.linalg.LinearOperatorZeros(3, num_columns=2),
        householder_pd=lambda: tf.linalg.LinearOperatorHouseholder(V, is_positive_definite=True),
        perm_values=lambda: tf.linalg.LinearOperatorPermutation([0, 0, 1]),
        perm_dtype=lambda: tf.linalg.LinearOperatorPermutation([0.0, 1.0]),
        full_dtype=lambda: tf.linalg.LinearOperatorFullMatrix(np.ones((2, 2), np.int32)),
        full_rank=lambda: tf.linalg.LinearOperatorFullMatrix(np.ones(2)),
        composition_empty=lambda: tf.linalg.LinearOperatorComposition([]),
        inversion_singular=lambda: tf.linalg.LinearOperatorInversion(
            tf.linalg.LinearOperatorFullMatrix(SPD, is_non_singular=False)),
        matmul_dims=lambda: tf.linalg.LinearOperatorFullMatrix(SPD).matmul(np.ones((2, 4, 1))),
        matmul_dtype=lambda: tf.linalg.LinearOperatorFullMatrix(SPD).matmul(np.ones((2, 3, 1), np.float32)),
        operator_dims=lambda: tf.linalg.LinearOperatorFullMatrix(SPD).matmul(
            tf.linalg.LinearOperatorFullMatrix(np.ones((4, 4)))),
        cholesky=lambda: tf.linalg.LinearOperatorFullMatrix(SPD).cholesky(),
        eigvals=lambda: tf.linalg.LinearOperatorFullMatrix(SPD).eigvals(),
        singular_solve=lambda: tf.linalg.LinearOperatorFullMatrix(SPD, is_non_singular=False).solve(X),
        singular_inverse=lambda: tf.linalg.LinearOperatorFullMatrix(SPD, is_non_singular=False).inverse())
    for key, fn in cases.items():
        try:
            fn()
            out[key] = "no error"
        except (ValueError, TypeError, NotImplementedError) as e:
            out[key] = _error(e)
    return out


@case
def conjugate_gradient(tf, run):
    op = tf.linalg.LinearOperatorFullMatrix(SPD, is_self_adjoint=True, is_positive_definite=True)
    rhs = tf.constant(X[..., 0])
    state = tf.linalg.experimental.conjugate_gradient(op, rhs, max_iter=2)
    full = tf.linalg.experimental.conjugate_gradient(op, rhs, tol=1e-10)
    pre = tf.linalg.experimental.conjugate_gradient(
        op, rhs, preconditioner=tf.linalg.LinearOperatorDiag(1.0 / np.diagonal(SPD, axis1=-2, axis2=-1)),
        x=tf.ones((2, 3), tf.float64))
    try:
        tf.linalg.experimental.conjugate_gradient(tf.linalg.LinearOperatorFullMatrix(SPD), rhs)
        refused = "no error"
    except ValueError as e:
        refused = str(e)
    return dict(run(dict(two_steps=list(state), converged=list(full), preconditioned=list(pre))),
                fields=list(state._fields), refused=refused)


@case
def unknown_shapes(tf, run):
    """Dynamic shapes: the *_tensor methods read them at run time."""
    m = tf.placeholder(tf.float64, [None, None, 3])
    op = tf.linalg.LinearOperatorFullMatrix(m)
    d = tf.placeholder(tf.float64, [None])
    diag = tf.linalg.LinearOperatorDiag(d)
    fetches = dict(shape=op.shape_tensor(), batch=op.batch_shape_tensor(), rows=op.range_dimension_tensor(),
                   cols=op.domain_dimension_tensor(), dense=diag.to_dense(), det=diag.determinant(),
                   diag_shape=diag.shape_tensor())
    static = [str(op.shape), str(op.batch_shape), str(op.domain_dimension), str(op.range_dimension),
              str(diag.shape), op.is_square]
    return dict(run(fetches, {m: GENERAL[:, :3], d: V[0]}), static=static)


@case
def gradients_through_operators(tf, run):
    a = tf.constant(GENERAL)
    d = tf.constant(V + 2.0)
    op = tf.linalg.LinearOperatorComposition([tf.linalg.LinearOperatorFullMatrix(a),
                                              tf.linalg.LinearOperatorDiag(d)])
    loss = tf.reduce_sum(op.solve(X) ** 2) + tf.reduce_sum(op.log_abs_determinant())
    return run(tf.gradients(loss, [a, d]))
