"""Matrix functions TF composes from other ops: `tf.linalg.expm` (Padé approximants with scaling and
squaring), `matrix_rank`, `pinv`, `normalize`, `tf.linalg.experimental.conjugate_gradient`; and the
`MatrixLogarithm` op behind `tf.linalg.logm` (complex matrices only, as in TF).
"""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from .common import check_dtype
from .constant import convert_to_tensor
from .linalg import _square_matrices, eye, norm, svd
from .linalg_solve import matrix_solve
from .matmul import matmul

# Padé coefficients c_0..c_{m-1} of degree m (c_m = 1), TF's values.
_PADE = {
    3: [120.0, 60.0, 12.0],
    5: [30240.0, 15120.0, 3360.0, 420.0, 30.0],
    7: [17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0],
    9: [17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0, 2162160.0, 110880.0, 3960.0, 90.0],
    13: [64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
         10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0],
}
# (largest 1-norm for degree 3, 5, ...), the degrees, and the norm the last degree is scaled to.
_THRESHOLDS = {
    "single": ((4.258730016922831e-001, 1.880152677804762e+000), (3, 5, 7), 3.925724783138660),
    "double": ((1.495585217958292e-002, 2.539398330063230e-001, 9.504178996162932e-001, 2.097847961257068e+000),
               (3, 5, 7, 9, 13), 5.371920351148152),
}


def _pade(matrix: Tensor, degree: int):
    """(U, V) of the degree-m Padé approximant exp(A) ~ (V - U)^-1 (V + U), grouped as TF evaluates them."""
    from .array import shape
    from .array_slicing import strided_slice

    c = [convert_to_tensor(x, dtype=matrix.dtype) for x in _PADE[degree]]
    dims = shape(matrix)
    ident = eye(strided_slice(dims, [-2], [-1], shrink_axis_mask=1),
                batch_shape=strided_slice(dims, [0], [-2], begin_mask=1), dtype=matrix.dtype)
    a2 = matmul(matrix, matrix)
    powers = {0: ident, 2: a2}
    for k in range(4, min(degree, 7), 2):
        powers[k] = matmul(powers[k - 2], a2)
    if degree == 13:
        a4, a6 = powers[4], powers[6]
        u = matmul(a6, a6 + c[11] * a4 + c[9] * a2) + c[7] * a6 + c[5] * a4 + c[3] * a2 + c[1] * ident
        v = matmul(a6, c[12] * a6 + c[10] * a4 + c[8] * a2) + c[6] * a6 + c[4] * a4 + c[2] * a2 + c[0] * ident
        return matmul(matrix, u), v
    if degree == 9:
        powers[8] = matmul(powers[6], a2)
    u = powers[degree - 1]
    for k in range(degree - 2, 0, -2):
        u = u + c[k] * powers[k - 1]
    v = c[degree - 1] * powers[degree - 1]
    for k in range(degree - 3, -1, -2):
        v = v + c[k] * powers[k]
    return matmul(matrix, u), v


@tf_export("linalg.expm")
def matrix_exponential(input, name=None) -> Tensor:
    """`tf.linalg.expm`: exp of each square matrix, by TF's scaling and squaring over Padé approximants of
    degree 3..7 (single precision) or 3..13 (double), chosen by the matrix's 1-norm."""
    from .array import concat, fill, reshape, shape
    from .array_index import where_v2
    from .array_slicing import strided_slice
    from .functional import cond
    from .loops import while_loop
    from .math import cast, floor, is_finite, less, log, maximum
    from .math import pow as pow_
    from .reduction import reduce_max, reduce_sum

    with get_default_graph().name_scope(name or "matrix_exponential"):
        matrix = convert_to_tensor(input, name="input")
        if matrix.shape.ndims is not None and matrix.shape.as_list()[-2:] == [0, 0]:
            return matrix
        kind = {dtypes.float16: "single", dtypes.float32: "single", dtypes.complex64: "single",
                dtypes.float64: "double", dtypes.complex128: "double"}.get(matrix.dtype.base_dtype)
        if kind is None:
            raise ValueError(f"tf.linalg.expm does not support matrices of type {matrix.dtype}")
        original, full_shape = matrix, shape(matrix)
        matrix = reshape(matrix, concat(([-1], strided_slice(full_shape, [-2], [0], end_mask=1)), axis=0))
        l1_norm = reduce_max(reduce_sum(_magnitude(matrix), axis=1), axis=-1)[..., None, None]

        def const(x):
            return convert_to_tensor(x, dtype=l1_norm.dtype)

        bounds, degrees, max_norm = _THRESHOLDS[kind]
        squarings = maximum(floor(log(l1_norm / const(max_norm)) / log(const(2.0))), const(0.0))
        scaled = matrix / cast(pow_(const(2.0), squarings), matrix.dtype)
        pairs = [_pade(matrix, d) for d in degrees[:-1]] + [_pade(scaled, degrees[-1])]

        def pick(which):
            chosen = pairs[-1][which]
            for bound, pair in zip(reversed(bounds), reversed(pairs[:-1])):
                chosen = where_v2(less(l1_norm, const(bound)), pair[which], chosen)
            return chosen

        u, v = pick(0), pick(1)
        finite = is_finite(reduce_max(l1_norm))
        nan = convert_to_tensor(np.nan, dtype=matrix.dtype)
        result = cond(finite, lambda: matrix_solve(-u + v, u + v), lambda: fill(shape(matrix), nan))
        most = reduce_max(squarings)

        def keep_going(i, _):
            return cond(finite, lambda: less(i, most), lambda: convert_to_tensor(False))

        def square(i, r):
            return i + 1, where_v2(less(i, squarings), matmul(r, r), r)

        _, result = while_loop(keep_going, square, [const(0.0), result])
        out = reshape(result, full_shape)
        out.set_shape(original.shape)
        return out


def _magnitude(x: Tensor) -> Tensor:
    """|x| elementwise, real; for complex x as sqrt(x conj(x)) cast to the real dtype."""
    from .linalg_tridiagonal import _conj
    from .math import abs as abs_
    from .math import cast, sqrt

    if not x.dtype.is_complex:
        return abs_(x)
    return cast(sqrt(x * _conj(x)), x.dtype.real_dtype)


@op("MatrixLogarithm", inputs=("input",))
class MatrixLogarithm:
    """The principal logarithm of each square complex matrix (TF accepts only complex64/complex128).
    Computed from the eigendecomposition, which assumes a diagonalizable matrix (TF uses Eigen's
    Schur-Parlett method, which also handles defective ones)."""

    def infer(input):
        check_dtype("MatrixLogarithm", "input", input, (dtypes.complex64, dtypes.complex128))
        return input.dtype.base_dtype, _square_matrices("MatrixLogarithm", input)

    def kernel(xp, input):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrices must be squares, got "
                                                          f"{input.shape[-2]} != {input.shape[-1]}")
        if input.shape[-1] == 0:
            return input.copy()
        values, vectors = xp.linalg.eig(input.astype(np.complex128))
        out = (vectors * xp.log(values)[..., None, :]) @ xp.linalg.inv(vectors)
        return out.astype(input.dtype)

    def grad(op_, g):
        raise LookupError(f"No gradient defined for operation'{op_.name}' (op type: MatrixLogarithm). In general "
                          "every operation must have an associated `@tf.RegisterGradient` for correct autodiff, "
                          "which this op is lacking.")

    samples = [((np.array([[2.0 + 0.5j, 0.5], [0.25, 1.5 - 0.25j]], np.complex128),), {}),
               ((np.array([[[1.0, 0.2], [0.0, 3.0]]], np.complex64),), {})]


@tf_export("linalg.logm")
def matrix_logarithm(input, name=None) -> Tensor:
    """`tf.linalg.logm`: the matrix logarithm (complex matrices only, TF's TypeError for real ones)."""
    with get_default_graph().name_scope(name or "MatrixLogarithm") as scope:
        return MatrixLogarithm(convert_to_tensor(input, name="input"), name=scope)


def _check_matrix(a: Tensor) -> None:
    if not a.dtype.is_floating:
        raise TypeError(f"Input `a` must have `float`-like `dtype` (saw {a.dtype.name}).")
    if a.shape.ndims is not None and a.shape.ndims < 2:
        raise ValueError(f"Input `a` must have at least 2 dimensions (saw: {a.shape.ndims}).")


@tf_export("linalg.matrix_rank")
def matrix_rank(a, tol=None, validate_args=False, name=None) -> Tensor:
    """`tf.linalg.matrix_rank`: the number of singular values above `tol` (default eps * max(m, n) *
    largest singular value), as int32."""
    from .array import shape
    from .math import cast, greater
    from .reduction import reduce_max, reduce_sum

    with get_default_graph().name_scope(name or "matrix_rank"):
        a = convert_to_tensor(a, dtype_hint=dtypes.float32, name="a")
        _check_matrix(a)
        s = svd(a, compute_uv=False)
        if tol is None:
            dims = a.shape.as_list()[-2:] if a.shape.ndims is not None else [None]
            m = max(dims) if None not in dims else reduce_max(shape(a)[-2:])
            eps = np.finfo(a.dtype.as_numpy_dtype).eps
            tol = eps * cast(m, a.dtype) * reduce_max(s, axis=-1, keepdims=True)
        return reduce_sum(cast(greater(s, tol), dtypes.int32), axis=-1)


@tf_export("linalg.pinv")
def pinv(a, rcond=None, validate_args=False, name=None) -> Tensor:
    """`tf.linalg.pinv`: the Moore-Penrose pseudo-inverse from the SVD, singular values at or below
    rcond * the largest treated as zero (default rcond: 10 * max(m, n) * eps)."""
    from .array import expand_dims, shape
    from .array_index import where_v2
    from .math import cast, greater, maximum
    from .reduction import reduce_max

    with get_default_graph().name_scope(name or "pinv"):
        a = convert_to_tensor(a, name="a")
        _check_matrix(a)
        dtype = a.dtype.as_numpy_dtype
        if rcond is None:
            dims = a.shape.as_list()[-2:] if a.shape.ndims is not None else [None, None]
            if None not in dims:
                largest = float(max(dims))
            else:
                largest = cast(maximum(shape(a)[-2], shape(a)[-1]), a.dtype)
            rcond = 10.0 * largest * np.finfo(dtype).eps
        rcond = convert_to_tensor(rcond, dtype=a.dtype, name="rcond")
        s, u, v = svd(a, full_matrices=False, compute_uv=True)
        cutoff = rcond * reduce_max(s, axis=-1)
        s = where_v2(greater(s, expand_dims(cutoff, -1)), s, np.array(np.inf, dtype))
        result = matmul(v / expand_dims(s, -2), u, adjoint_b=True)
        if a.shape.ndims is not None:
            result.set_shape(a.shape[:-2].concatenate([a.shape[-1], a.shape[-2]]))
        return result


@tf_export("linalg.normalize")
def normalize(tensor, ord="euclidean", axis=None, name=None):
    """`tf.linalg.normalize`: `(tensor / norm, norm)`, the norm kept with size-1 axes."""
    from .math import cast

    with get_default_graph().name_scope(name or "normalize"):
        tensor = convert_to_tensor(tensor)
        magnitude = cast(norm(tensor, ord, axis, keepdims=True), tensor.dtype)
        return tensor / magnitude, magnitude


CGState = collections.namedtuple("CGState", ["i", "x", "r", "p", "gamma"])


@tf_export("linalg.experimental.conjugate_gradient")
def conjugate_gradient(operator, rhs, preconditioner=None, x=None, tol=1e-5, max_iter=20,
                       name="conjugate_gradient"):
    """`tf.linalg.experimental.conjugate_gradient`: solves operator x = rhs for a self-adjoint positive
    definite LinearOperator by (preconditioned) conjugate gradients; returns CGState(i, x, r, p, gamma)
    after `max_iter` steps or once every residual norm is at most tol * |rhs|."""
    from .array import concat, shape, zeros
    from .array_broadcast import broadcast_dynamic_shape, broadcast_to
    from .loops import while_loop
    from .math import greater, less, logical_and
    from .reduction import reduce_any

    if not (operator.is_self_adjoint and operator.is_positive_definite):
        raise ValueError("Expected a self-adjoint, positive definite operator.")

    def dot(a, b):
        return _sum_last(_conj_of(a) * b)

    def keep_going(i, state):
        return logical_and(less(i, max_iter), reduce_any(greater(norm(state.r, axis=-1), tol_)))

    def step(i, state):
        z = operator.matvec(state.p)
        alpha = state.gamma / dot(state.p, z)
        x = state.x + alpha[..., None] * state.p
        r = state.r - alpha[..., None] * z
        q = r if preconditioner is None else preconditioner.matvec(r)
        gamma = dot(r, q)
        p = q + (gamma / state.gamma)[..., None] * state.p
        return i + 1, CGState(i + 1, x, r, p, gamma)

    with get_default_graph().name_scope(name):
        rhs = convert_to_tensor(rhs, name="rhs")
        batch = broadcast_dynamic_shape(shape(rhs)[:-1], operator.batch_shape_tensor())
        if preconditioner is not None:
            batch = broadcast_dynamic_shape(batch, preconditioner.batch_shape_tensor())
        rhs_shape = concat([batch, shape(rhs)[-1:]], axis=-1)
        r0 = broadcast_to(rhs, rhs_shape)
        tol_ = tol * norm(r0, axis=-1)
        if x is None:
            x = zeros(rhs_shape, dtype=rhs.dtype.base_dtype)
        else:
            r0 = rhs - operator.matvec(x)
        p0 = r0 if preconditioner is None else preconditioner.matvec(r0)
        i = convert_to_tensor(0, dtype=dtypes.int32)
        _, state = while_loop(keep_going, step, [i, CGState(i, x, r0, p0, dot(r0, p0))])
        return CGState(state.i, x=state.x, r=state.r, p=state.p, gamma=state.gamma)


def _conj_of(x: Tensor) -> Tensor:
    from .linalg_tridiagonal import _conj

    return _conj(x)


def _sum_last(x: Tensor) -> Tensor:
    from .reduction import reduce_sum

    return reduce_sum(x, axis=-1)
