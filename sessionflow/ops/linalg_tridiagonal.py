"""Tridiagonal matrices: the `TridiagonalMatMul` and `TridiagonalSolve` ops with TF's gradients, their
wrappers (`tf.linalg.tridiagonal_matmul`, `tridiagonal_solve`: 'compact', 'sequence' and 'matrix'
formats) and `tf.linalg.eigh_tridiagonal`.

The compact format is TF's: [..., 3, M] rows superdiagonal, diagonal, subdiagonal, the superdiagonal's
last and the subdiagonal's first entries unused.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from . import common
from .common import check_dtype
from .constant import convert_to_tensor

_TYPES = (dtypes.float64, dtypes.float32, dtypes.complex64, dtypes.complex128)


def _conj(x: Tensor) -> Tensor:
    if not x.dtype.is_complex:
        return x
    from .array_transform import transpose

    return transpose(x, list(range(x.shape.ndims)), conjugate=True)


def _shift_rows(x: Tensor, up: bool) -> Tensor:
    """Rows of each matrix moved one up (the last row zero) or down (the first row zero): TF's
    `_LeftShift`/`_RightShift`."""
    from .array_transform import pad

    rank = x.shape.ndims
    body = x[..., 1:, :] if up else x[..., :-1, :]
    return pad(body, [[0, 0]] * (rank - 2) + [[0, 1] if up else [1, 0], [0, 0]])


# --- TridiagonalMatMul ---------------------------------------------------------------------------

@op("TridiagonalMatMul", inputs=("superdiag", "maindiag", "subdiag", "rhs"))
class TridiagonalMatMul:
    """The tridiagonal matrix given by three [..., 1, M] diagonals times rhs [..., M, N]."""

    def infer(superdiag, maindiag, subdiag, rhs):
        for name, t in (("superdiag", superdiag), ("maindiag", maindiag), ("subdiag", subdiag), ("rhs", rhs)):
            check_dtype("TridiagonalMatMul", name, t, _TYPES)
        if rhs.shape.ndims is not None and rhs.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {rhs.shape.ndims} for 'TridiagonalMatMul' "
                             f"with input shapes: {common.shape_str(superdiag.shape)}, "
                             f"{common.shape_str(maindiag.shape)}, {common.shape_str(subdiag.shape)}, "
                             f"{common.shape_str(rhs.shape)}.")
        return rhs.dtype.base_dtype, rhs.shape

    def kernel(xp, superdiag, maindiag, subdiag, rhs):
        m = rhs.shape[-2]
        for name, d in (("superdiag", superdiag), ("maindiag", maindiag), ("subdiag", subdiag)):
            if d.shape[-2:] != (1, m):
                raise errors.InvalidArgumentError(None, None, f"Expected {name} to have shape [..., 1, {m}], got "
                                                              f"{list(d.shape)}")
        sup, main, sub = (xp.swapaxes(d, -1, -2) for d in (superdiag, maindiag, subdiag))
        out = main * rhs
        out[..., :-1, :] += sup[..., :-1, :] * rhs[..., 1:, :]
        out[..., 1:, :] += sub[..., 1:, :] * rhs[..., :-1, :]
        return out.astype(rhs.dtype)

    def grad(op_, g):
        from .array import expand_dims
        from .linalg import matrix_transpose
        from .reduction import reduce_sum

        superdiag, maindiag, subdiag, rhs = op_.inputs
        sup_c, main_c, sub_c = (matrix_transpose(d, conjugate=True) for d in (superdiag, maindiag, subdiag))
        rhs_c = _conj(rhs)
        sup_grad = reduce_sum(_shift_rows(rhs_c, up=True) * g, axis=-1)
        main_grad = reduce_sum(rhs_c * g, axis=-1)
        sub_grad = reduce_sum(_shift_rows(rhs_c, up=False) * g, axis=-1)
        rhs_grad = _shift_rows(sup_c * g, up=False) + main_c * g + _shift_rows(sub_c * g, up=True)
        return expand_dims(sup_grad, -2), expand_dims(main_grad, -2), expand_dims(sub_grad, -2), rhs_grad

    samples = [((np.array([[1.0, -2.0, 0.5, 0.0]]), np.array([[3.0, 1.0, -1.0, 2.0]]),
                 np.array([[0.0, 0.25, 1.5, -1.0]]), np.arange(8.0).reshape(4, 2) / 3), {}),
               ((np.ones((2, 1, 3), np.float32), np.full((2, 1, 3), 2.0, np.float32),
                 np.full((2, 1, 3), -1.0, np.float32), np.ones((2, 3, 1), np.float32)), {})]


# --- TridiagonalSolve ----------------------------------------------------------------------------

def _solve_pivoting(xp, sup, main, sub, x):
    """Gaussian elimination with partial pivoting over [batch, M] diagonals and [batch, M, K] right-hand
    sides (LAPACK's gtsv scheme); returns (x, singular per batch)."""
    n = main.shape[-1]
    u0, u1, u2 = main.copy(), sup.copy(), xp.zeros_like(main)
    singular = xp.zeros(main.shape[:-1], bool)
    for i in range(n - 1):
        keep = xp.abs(u0[:, i]) >= xp.abs(sub[:, i + 1])
        singular |= keep & (u0[:, i] == 0)
        safe = xp.where(u0[:, i] == 0, xp.ones_like(u0[:, i]), u0[:, i])
        safe_sub = xp.where(sub[:, i + 1] == 0, xp.ones_like(safe), sub[:, i + 1])
        f_keep, f_swap = sub[:, i + 1] / safe, u0[:, i] / safe_sub
        next_keep = main[:, i + 1] - f_keep * u1[:, i]
        next_swap = u1[:, i] - f_swap * main[:, i + 1]
        xi, xn = x[:, i].copy(), x[:, i + 1].copy()
        k = keep[:, None]
        x[:, i] = xp.where(k, xi, xn)
        x[:, i + 1] = xp.where(k, xn - f_keep[:, None] * xi, xi - f_swap[:, None] * xn)
        u0_i, u1_i = u0[:, i].copy(), u1[:, i].copy()
        u0[:, i] = xp.where(keep, u0_i, sub[:, i + 1])
        u1[:, i] = xp.where(keep, u1_i, main[:, i + 1])
        u0[:, i + 1] = xp.where(keep, next_keep, next_swap)
        if i + 1 < n:
            u1[:, i + 1] = xp.where(keep, sup[:, i + 1], -f_swap * sup[:, i + 1])
        u2[:, i] = xp.where(keep, xp.zeros_like(u0_i), sup[:, i + 1])
    singular |= (u0 == 0).any(axis=-1)
    u0 = xp.where(u0 == 0, xp.ones_like(u0), u0)
    x[:, n - 1] /= u0[:, n - 1, None]
    if n > 1:
        x[:, n - 2] = (x[:, n - 2] - u1[:, n - 2, None] * x[:, n - 1]) / u0[:, n - 2, None]
    for i in range(n - 3, -1, -1):
        x[:, i] = (x[:, i] - u1[:, i, None] * x[:, i + 1] - u2[:, i, None] * x[:, i + 2]) / u0[:, i, None]
    return x, singular


def _solve_thomas(xp, sup, main, sub, x):
    """The Thomas algorithm (no pivoting): a zero pivot gives NaNs, as TF's kernel does."""
    n = main.shape[-1]
    c = xp.zeros_like(main)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = main[:, 0]
        c[:, 0] = sup[:, 0] / denom
        x[:, 0] = x[:, 0] / denom[:, None]
        for i in range(1, n):
            denom = main[:, i] - sub[:, i] * c[:, i - 1]
            c[:, i] = sup[:, i] / denom
            x[:, i] = (x[:, i] - sub[:, i, None] * x[:, i - 1]) / denom[:, None]
        for i in range(n - 2, -1, -1):
            x[:, i] = x[:, i] - c[:, i, None] * x[:, i + 1]
    return x, xp.zeros(main.shape[:-1], bool)


@op("TridiagonalSolve", inputs=("diagonals", "rhs"), attrs=dict(partial_pivoting=True, perturb_singular=False))
class TridiagonalSolve:
    """X with A X = rhs, A tridiagonal in the compact [..., 3, M] format; a singular system gives NaNs."""

    def infer(diagonals, rhs, partial_pivoting, perturb_singular):
        check_dtype("TridiagonalSolve", "diagonals", diagonals, _TYPES)
        if diagonals.shape.ndims is not None and diagonals.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {diagonals.shape.ndims} for "
                             f"'TridiagonalSolve' with input shapes: {common.shape_str(diagonals.shape)}, "
                             f"{common.shape_str(rhs.shape)}.")
        return rhs.dtype.base_dtype, rhs.shape

    def kernel(xp, diagonals, rhs, partial_pivoting, perturb_singular):
        if perturb_singular:
            raise errors.UnimplementedError(None, None, "TridiagonalSolve: perturb_singular is not provided by "
                                                        "sessionflow")
        m = diagonals.shape[-1]
        if diagonals.shape[-2] != 3:
            raise errors.InvalidArgumentError(None, None, "Expected diagonals to have 3 rows, got "
                                                          f"{diagonals.shape[-2]}")
        if rhs.shape[-2] != m:
            raise errors.InvalidArgumentError(None, None, f"Expected rhs to have {m} rows, got {rhs.shape[-2]}")
        batch = np.broadcast_shapes(diagonals.shape[:-2], rhs.shape[:-2])
        diags = np.broadcast_to(diagonals, batch + diagonals.shape[-2:]).reshape(-1, 3, m)
        x = np.broadcast_to(rhs, batch + rhs.shape[-2:]).reshape(-1, m, rhs.shape[-1]).copy()
        if m == 0:
            return x.reshape(batch + rhs.shape[-2:])
        solve = _solve_pivoting if partial_pivoting else _solve_thomas
        x, singular = solve(xp, diags[:, 0], diags[:, 1], diags[:, 2], x)
        x[singular] = np.nan
        return x.reshape(batch + rhs.shape[-2:]).astype(rhs.dtype)

    def grad(op_, g):
        """TF's `_TridiagonalSolveGrad`: the transposed system solved for the rhs gradient, and the three
        diagonals of -grad_rhs x^T for the diagonals'."""
        from .array import stack
        from .array_transform import pad
        from .reduction import reduce_sum

        diags, x = op_.inputs[0], op_.outputs[0]
        rank = diags.shape.ndims
        spread = [[0, 0]] * (rank - 2)
        transposed = stack([pad(diags[..., 2, 1:], spread + [[0, 1]]), diags[..., 1, :],
                            pad(diags[..., 0, :-1], spread + [[1, 0]])], axis=-2)
        grad_rhs = TridiagonalSolve(transposed, g, partial_pivoting=op_.attrs["partial_pivoting"],
                                    perturb_singular=op_.attrs["perturb_singular"])
        main = reduce_sum(grad_rhs * x, axis=-1)
        sup = reduce_sum(grad_rhs * pad(x[..., 1:, :], spread + [[0, 1], [0, 0]]), axis=-1)
        sub = reduce_sum(grad_rhs * pad(x[..., :-1, :], spread + [[1, 0], [0, 0]]), axis=-1)
        return -stack([sup, main, sub], axis=-2), grad_rhs

    samples = [((np.array([[1.0, -0.5, 0.25, 0.0], [3.0, 2.5, -2.0, 4.0], [0.0, 0.5, 1.0, -1.5]]),
                 np.arange(8.0).reshape(4, 2) / 3 - 1), {}),
               ((np.array([[[0.5, 1.0, 0.0], [0.1, 2.0, 3.0], [0.0, 4.0, 1.0]]] * 2), np.ones((2, 3, 1))), {}),
               ((np.array([[1.0, -0.5, 0.0], [3.0, 2.5, -2.0], [0.0, 0.5, 1.0]]), np.ones((3, 2))),
                dict(partial_pivoting=False)),
               ((np.array([[1.0, 2.0, 0.0], [2.0, 2.0, 1.0], [0.0, 1.0, 1.0]], np.float32),
                 np.ones((3, 1), np.float32)), {})]


# --- wrappers --------------------------------------------------------------------------------

def _dim(t: Tensor, axis: int):
    return None if t.shape.ndims is None else t.shape.as_list()[axis]


def _three_diagonals(matrix: Tensor):
    """(superdiag, maindiag, subdiag) of square matrices, in the compact layout (TF reads them with
    matrix_diag_part(k=(-1, 1), align='LEFT_RIGHT'))."""
    from .array_transform import pad
    from .linalg import matrix_diag_part

    m1, m2 = _dim(matrix, -1), _dim(matrix, -2)
    if m1 and m2 and m1 != m2:
        raise ValueError(f"Expected last two dimensions of diagonals to be same, got {m1} and {m2}")
    spread = [[0, 0]] * (matrix.shape.ndims - 2)
    sup = pad(matrix_diag_part(matrix, k=1), spread + [[0, 1]])
    sub = pad(matrix_diag_part(matrix, k=-1), spread + [[1, 0]])
    return sup, matrix_diag_part(matrix), sub


@tf_export("linalg.tridiagonal_matmul")
def tridiagonal_matmul(diagonals, rhs, diagonals_format="compact", name=None) -> Tensor:
    """`tf.linalg.tridiagonal_matmul`: a tridiagonal matrix (compact, sequence or matrix format) times rhs."""
    from .array import expand_dims

    if diagonals_format == "compact":
        diagonals = convert_to_tensor(diagonals, name="diagonals")
        sup, main, sub = diagonals[..., 0, :], diagonals[..., 1, :], diagonals[..., 2, :]
    elif diagonals_format == "sequence":
        sup, main, sub = (convert_to_tensor(d) for d in diagonals)
    elif diagonals_format == "matrix":
        sup, main, sub = _three_diagonals(convert_to_tensor(diagonals, name="diagonals"))
    else:
        raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")
    rhs = convert_to_tensor(rhs, name="rhs")
    with get_default_graph().name_scope(name or "TridiagonalMatMul") as scope:
        return TridiagonalMatMul(expand_dims(sup, -2), expand_dims(main, -2), expand_dims(sub, -2), rhs,
                                 name=scope)


@tf_export("linalg.tridiagonal_solve")
def tridiagonal_solve(diagonals, rhs, diagonals_format="compact", transpose_rhs=False, conjugate_rhs=False,
                      name=None, partial_pivoting=True, perturb_singular=False) -> Tensor:
    """`tf.linalg.tridiagonal_solve`: X with A X = rhs for tridiagonal A (a singular A gives NaNs)."""
    from .array import stack
    from .array_transform import pad

    if perturb_singular and not partial_pivoting:
        raise ValueError("partial_pivoting must be True if perturb_singular is.")
    if diagonals_format == "compact":
        diagonals = convert_to_tensor(diagonals, name="diagonals")
    elif diagonals_format == "sequence":
        if not isinstance(diagonals, (tuple, list)) or len(diagonals) != 3:
            raise ValueError("Expected diagonals to be a sequence of length 3.")
        sup, main, sub = (convert_to_tensor(d) for d in diagonals)
        if not (sub.shape[:-1].is_compatible_with(main.shape[:-1])
                and sup.shape[:-1].is_compatible_with(main.shape[:-1])):
            raise ValueError(f"Tensors representing the three diagonals must have the same shape,except for the "
                             f"last dimension, got {sub.shape}, {main.shape}, {sup.shape}")
        m = _dim(main, -1)

        def padded(t, what, padding):
            n = _dim(t, -1)
            if not n or n == m:
                return t
            if n == m - 1:
                return pad(t, [[0, 0]] * (t.shape.ndims - 1) + [padding])
            raise ValueError(f"Expected {what} to be have length {m} or {m - 1}, got {n}.")

        diagonals = stack([padded(sup, "superdiagonal", [0, 1]), main, padded(sub, "subdiagonal", [1, 0])], axis=-2)
    elif diagonals_format == "matrix":
        diagonals = stack(_three_diagonals(convert_to_tensor(diagonals, name="diagonals")), axis=-2)
    else:
        raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")
    return _solve_compact(diagonals, convert_to_tensor(rhs, name="rhs"), transpose_rhs, conjugate_rhs,
                          partial_pivoting, perturb_singular, name)


def _solve_compact(diagonals, rhs, transpose_rhs, conjugate_rhs, partial_pivoting, perturb_singular, name):
    from .array import expand_dims
    from .array_transform import squeeze
    from .linalg import matrix_transpose

    diags_rank, rhs_rank = diagonals.shape.ndims, rhs.shape.ndims
    if diags_rank:
        if diags_rank < 2:
            raise ValueError(f"Expected diagonals to have rank at least 2, got {diags_rank}")
        if rhs_rank and rhs_rank not in (diags_rank, diags_rank - 1):
            raise ValueError(f"Expected the rank of rhs to be {diags_rank - 1} or {diags_rank}, got {rhs_rank}")
        if rhs_rank and not diagonals.shape[:-2].is_compatible_with(rhs.shape[:diags_rank - 2]):
            raise ValueError(f"Batch shapes {diagonals.shape[:-2]} and {rhs.shape[:diags_rank - 2]} are incompatible")
    if _dim(diagonals, -2) and _dim(diagonals, -2) != 3:
        raise ValueError(f"Expected 3 diagonals got {_dim(diagonals, -2)}")

    def solve(rhs):
        m, k = _dim(diagonals, -1), _dim(rhs, -2)
        if m and k and m != k:
            raise ValueError(f"Expected number of left-hand sided and right-hand sides to be equal, got {m} and {k}")
        with get_default_graph().name_scope(name or "TridiagonalSolve") as scope:
            return TridiagonalSolve(diagonals, rhs, partial_pivoting=bool(partial_pivoting),
                                    perturb_singular=bool(perturb_singular), name=scope)

    if rhs_rank and diags_rank and rhs_rank == diags_rank - 1:
        return squeeze(solve(expand_dims(_conj(rhs) if conjugate_rhs else rhs, -1)), -1)
    if transpose_rhs:
        rhs = matrix_transpose(rhs, conjugate=conjugate_rhs)
    elif conjugate_rhs:
        rhs = _conj(rhs)
    return solve(rhs)


@tf_export("linalg.eigh_tridiagonal")
def eigh_tridiagonal(alpha, beta, eigvals_only=True, select="a", select_range=None, tol=None, name=None):
    """`tf.linalg.eigh_tridiagonal`: eigenvalues (ascending) of the Hermitian tridiagonal matrix with
    diagonal `alpha` and superdiagonal `beta`, all of them (select='a'), those with index in
    select_range (select='i', inclusive) or those in the interval (lo, hi] (select='v'); with
    `eigvals_only=False` also the eigenvectors, as columns. sessionflow computes them with the dense
    Hermitian eigensolver (TF bisects Sturm sequences, to the same values within `tol`); an eigenvector's
    sign is the eigensolver's, not necessarily TF's (TF starts inverse iteration from random vectors)."""
    from .array_slicing import boolean_mask
    from .linalg import matrix_diag
    from .linalg_decomp import _real, self_adjoint_eig, self_adjoint_eigvals
    from .math import greater, less_equal, logical_and

    with get_default_graph().name_scope(name or "eigh_tridiagonal"):
        alpha = convert_to_tensor(alpha, name="alpha")
        n = _dim(alpha, 0)
        if n is not None and n <= 1:
            return _real(alpha)
        beta = convert_to_tensor(beta, name="beta")
        if alpha.dtype.base_dtype != beta.dtype.base_dtype:
            raise ValueError("'alpha' and 'beta' must have the same type.")
        if select not in ("a", "i", "v"):
            raise ValueError("'select must have a value in {'a', 'i', 'v'}.")
        matrix = matrix_diag(alpha) + matrix_diag(beta, k=1) + matrix_diag(_conj(beta), k=-1)
        if eigvals_only:
            values, vectors = self_adjoint_eigvals(matrix), None
        else:
            values, vectors = self_adjoint_eig(matrix)
        values = _real(values) if values.dtype.is_complex else values
        if select == "i":
            lo, hi = select_range
            values = values[lo:hi + 1]
            vectors = None if vectors is None else vectors[:, lo:hi + 1]
        elif select == "v":
            keep = logical_and(greater(values, select_range[0]), less_equal(values, select_range[1]))
            values = boolean_mask(values, keep)
            vectors = None if vectors is None else boolean_mask(vectors, keep, axis=1)
        return values if eigvals_only else (values, vectors)
