"""Linear-algebra ops: inverse, determinant, Cholesky, SVD, diagonals, band parts, and the composites
built on them (`tf.trace`, `tf.eye`, `tf.norm`, `tf.matrix_transpose`).

MatMul and BatchMatMulV2 (`tf.matmul`) are declared in `matmul`; Einsum (`tf.einsum`, `tf.tensordot`)
in `einsum`. Composites that need ops of other families (Transpose, Squeeze, reductions) import them
when called.
"""

from __future__ import annotations

import builtins

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from . import common
from .common import ALL, check_dtype, deferred_check
from .constant import convert_to_tensor
from .math import abs as _abs
from .math import multiply, negative, realdiv, sqrt, subtract
from .math import pow as _pow
from .matmul import matmul

_LINALG_TYPES = (dtypes.float64, dtypes.float32, dtypes.float16, dtypes.complex64, dtypes.complex128)  # TF's order
_INDEX = frozenset([dtypes.int32, dtypes.int64])


def _square_matrices(op_type: str, t: Tensor) -> TensorShape:
    """The static shape of a batch of square matrices; TF's ValueError otherwise."""
    shape = t.shape
    if shape.ndims is None:
        return shape
    if shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {shape.ndims} for '{op_type}' with input "
                         f"shapes: {common.shape_str(shape)}.")
    rows, cols = shape.as_list()[-2:]
    if rows is not None and cols is not None and rows != cols:
        raise ValueError(f"Dimensions must be equal, but are {rows} and {cols} for '{op_type}' with input "
                         f"shapes: {common.shape_str(shape)}.")
    return shape


def _swap(xp, a):
    return xp.conj(xp.swapaxes(a, -1, -2))


_SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]])
_MATRICES = [((_SPD,), {}), ((np.stack([_SPD[:2, :2], np.array([[1.5, -0.5], [0.75, 2.0]])]),), {}),
             ((np.array([[2.0, 1.0], [1.0, 3.0]], np.float32),), {})]


# --- inverse, determinant, Cholesky ------------------------------------------------------------

@op("MatrixInverse", inputs=("input",), attrs=dict(adjoint=False))
class MatrixInverse:
    """Inverse of each square matrix in a batch (of its adjoint with `adjoint=True`)."""

    def infer(input, adjoint):
        check_dtype("MatrixInverse", "input", input, _LINALG_TYPES)
        return input.dtype.base_dtype, _square_matrices("MatrixInverse", input)

    def kernel(xp, input, adjoint):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrices must be squares, got "
                                                          f"{input.shape[-2]} != {input.shape[-1]}")
        a = _swap(xp, input) if adjoint else input
        try:
            out = xp.linalg.inv(a)
        except np.linalg.LinAlgError:
            raise errors.InvalidArgumentError(None, None, "Input is not invertible.") from None
        # traced (XLA): an inverse that is not finite where the input is reruns the step on NumPy, whose
        # LAPACK call decides (and raises TF's error for a singular input)
        deferred_check(xp, xp.all(xp.isfinite(a)) & ~xp.all(xp.isfinite(out)))
        return out.astype(input.dtype)

    def grad(op_, g):
        ainv = op_.outputs[0]
        adjoint = op_.attrs["adjoint"]
        inner = matmul(g, ainv, adjoint_a=adjoint, adjoint_b=not adjoint)
        return (negative(matmul(ainv, inner, adjoint_a=not adjoint)),)

    samples = _MATRICES + [((_SPD,), dict(adjoint=True))]


@op("MatrixDeterminant", inputs=("input",))
class MatrixDeterminant:
    """Determinant of each square matrix in a batch: [..., n, n] -> [...]."""

    def infer(input):
        check_dtype("MatrixDeterminant", "input", input, frozenset(_LINALG_TYPES))  # listed in the usual order
        shape = _square_matrices("MatrixDeterminant", input)
        return input.dtype.base_dtype, (shape if shape.ndims is None else TensorShape(shape.as_list()[:-2]))

    def kernel(xp, input):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrices must be squares, got "
                                                          f"{input.shape[-2]} != {input.shape[-1]}")
        return xp.linalg.det(input).astype(input.dtype)

    def grad(op_, g):
        from .array import expand_dims

        a = op_.inputs[0]
        scale = expand_dims(expand_dims(multiply(g, op_.outputs[0]), -1), -1)
        return (multiply(scale, matrix_inverse(a, adjoint=True)),)

    samples = _MATRICES


@op("Cholesky", inputs=("input",))
class Cholesky:
    """Lower-triangular L with L L^H = input, per matrix (only the lower triangle is read). A matrix that
    is not positive definite gives NaNs, as TF's CPU kernel does (it does not raise)."""

    def infer(input):
        check_dtype("Cholesky", "input", input, _LINALG_TYPES)
        return input.dtype.base_dtype, _square_matrices("Cholesky", input)

    def kernel(xp, input):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrices must be squares, got "
                                                          f"{input.shape[-2]} != {input.shape[-1]}")
        lower = xp.tril(input)
        sym = lower + _swap(xp, xp.tril(input, -1))
        try:
            return xp.linalg.cholesky(sym).astype(input.dtype)
        except np.linalg.LinAlgError:
            return xp.full_like(input, xp.nan)

    def grad(op_, g):
        lower = op_.outputs[0]
        l_inv = matrix_inverse(lower)
        middle = matmul(lower, g, adjoint_a=True)
        half_diag = multiply(matrix_band_part(middle, 0, 0), convert_to_tensor(0.5, dtype=middle.dtype))
        middle = subtract(matrix_band_part(middle, -1, 0), half_diag)
        left = matmul(l_inv, middle, adjoint_a=True)
        grad_a = matmul(left, l_inv)
        grad_a_h = matmul(l_inv, left, adjoint_a=True, adjoint_b=True)
        half = convert_to_tensor(0.5, dtype=grad_a.dtype)
        return (multiply(half, grad_a + grad_a_h),)

    samples = _MATRICES


# --- singular value decomposition ------------------------------------------------------------



@op("Svd", inputs=("input",), attrs=dict(compute_uv=True, full_matrices=False))
class Svd:
    """Singular values `s` (descending) and, with `compute_uv`, vectors `u`, `v` of each matrix in a batch:
    input = u diag(s) v^H. Without `compute_uv`, `u` and `v` are empty vectors, as in TF."""

    def infer(input, compute_uv, full_matrices):
        check_dtype("Svd", "input", input, _LINALG_TYPES)
        dtype = input.dtype.base_dtype
        empty = (dtype, TensorShape([0]))
        if input.shape.ndims is None:
            unknown = (dtype, TensorShape(None))
            return [unknown, unknown, unknown] if compute_uv else [unknown, empty, empty]
        if input.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {input.shape.ndims} for 'Svd' with input "
                             f"shapes: {common.shape_str(input.shape)}.")
        *batch, m, n = input.shape.as_list()
        p = None if m is None or n is None else min(m, n)
        s = (dtype, TensorShape(batch + [p]))
        if not compute_uv:
            return [s, empty, empty]
        return [s, (dtype, TensorShape(batch + [m, m if full_matrices else p])),
                (dtype, TensorShape(batch + [n, n if full_matrices else p]))]

    def kernel(xp, input, compute_uv, full_matrices):
        a = input.astype(np.float32) if input.dtype == np.float16 else input  # LAPACK has no half precision
        empty = xp.zeros((0,), input.dtype)
        try:
            if not compute_uv:
                return xp.linalg.svd(a, compute_uv=False).astype(input.dtype), empty, empty
            u, s, vh = xp.linalg.svd(a, full_matrices=full_matrices)
        except np.linalg.LinAlgError:  # non-finite entries: TF's kernel returns NaNs
            s, u, v = _svd_shapes(input.shape, compute_uv, full_matrices)
            return xp.full(s, xp.nan, input.dtype), xp.full(u, xp.nan, input.dtype), xp.full(v, xp.nan, input.dtype)
        return s.astype(input.dtype), u.astype(input.dtype), _swap(xp, vh).astype(input.dtype)

    def grad(op_, grad_s, grad_u, grad_v):
        """TF's `_SvdGrad` (real matrices): Giles' formula, Townsend's for the thin case."""
        a = op_.inputs[0]
        if a.dtype.is_complex:
            raise NotImplementedError("The Svd gradient of complex matrices is not implemented in sessionflow")
        grad_s_mat = matrix_diag(grad_s)
        if not op_.attrs["compute_uv"]:
            _, u, v = svd(a, compute_uv=True)
            return (matmul(u, matmul(grad_s_mat, v, adjoint_b=True)),)
        return (_svd_grad_uv(op_, grad_s_mat, grad_u, grad_v),)

    samples = [((np.array([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]]),), dict(compute_uv=False)),
               ((np.array([[3.0, 1.0], [0.5, -1.0], [2.0, 4.0]]),), {}),
               ((np.array([[[2.0, 0.5, 0.0], [0.5, -1.0, 0.25], [1.0, 0.0, 3.0]],
                           [[1.0, 2.0, 0.0], [0.0, 1.5, -1.0], [0.5, 0.0, -2.5]]]),), {}),
               ((np.array([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]]),), dict(full_matrices=True)),
               ((np.array([[3.0, 1.0, 2.0, 0.5], [0.5, -1.0, 4.0, 1.0]], np.float32),), dict(full_matrices=True)),
               ((np.array([[1.0, 2.0], [3.0, 4.0]], np.float16),), dict(compute_uv=False))]


def _svd_shapes(shape, compute_uv, full_matrices):
    *batch, m, n = shape
    p = min(m, n)
    if not compute_uv:
        return [(*batch, p), (0,), (0,)]
    return [(*batch, p), (*batch, m, m if full_matrices else p), (*batch, n, n if full_matrices else p)]


def _safe_reciprocal(x: Tensor) -> Tensor:
    """x / (x^2 + 1e-20): 1/x away from zero, 0 at zero (TF's `_SafeReciprocal`)."""
    from .math import add, reciprocal

    return multiply(x, reciprocal(add(multiply(x, x), convert_to_tensor(1e-20, dtype=x.dtype.base_dtype))))


def _svd_grad_uv(op_, grad_s_mat, grad_u, grad_v) -> Tensor:
    from .array import expand_dims
    from .math import add

    a = op_.inputs[0]
    if a.shape.ndims is None:
        raise NotImplementedError("SVD gradient has not been implemented for input with unknown inner matrix shape.")
    m, n = a.shape.as_list()[-2:]
    m = m if m is not None else grad_u.shape.as_list()[-2] if grad_u.shape.ndims else None
    n = n if n is not None else grad_v.shape.as_list()[-2] if grad_v.shape.ndims else None
    if m is None or n is None:
        raise NotImplementedError("SVD gradient has not been implemented for input with unknown inner matrix shape.")
    s, u, v = op_.outputs
    use_adjoint = m > n
    if use_adjoint:
        m, n, u, v, grad_u, grad_v = n, m, v, u, grad_v, grad_u
    full_matrices = op_.attrs["full_matrices"]
    if full_matrices and builtins.abs(m - n) > 1:
        raise NotImplementedError(f"svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True. "
                                  f"Received: m={m} and n={n} from op input={a} with shape={a.shape}.")
    s_mat = matrix_diag(s)
    s2 = multiply(s, s)
    f = _safe_reciprocal(subtract(expand_dims(s2, -2), expand_dims(s2, -1)))  # zero on the diagonal
    v1, grad_v1 = v[..., :, :m], grad_v[..., :, :m]
    f_u = multiply(f, matmul(u, grad_u, adjoint_a=True))
    f_v = multiply(f, matmul(v1, grad_v1, adjoint_a=True))
    inner = add(add(grad_s_mat, matmul(add(f_u, adjoint(f_u)), s_mat)), matmul(s_mat, add(f_v, adjoint(f_v))))
    grad_a = matmul(u, matmul(inner, v1, adjoint_b=True))
    if m != n:
        gv1t = adjoint(grad_v1)
        term2 = subtract(gv1t, matmul(matmul(gv1t, v1), v1, adjoint_b=True))
        if full_matrices:
            v2, grad_v2 = v[..., :, m:n], grad_v[..., :, m:n]
            term2 = subtract(term2, matmul(matmul(v1, grad_v2, adjoint_a=True), v2, adjoint_b=True))
        grad_a = add(grad_a, matmul(matmul(u, matrix_diag(_safe_reciprocal(s))), term2))
    return adjoint(grad_a) if use_adjoint else grad_a


# --- diagonals and band parts ----------------------------------------------------------------

def _scalar_k(op_type: str, k: Tensor) -> int | None:
    value = static_value(k)
    if value is not None and np.asarray(value).size != 1:
        raise NotImplementedError(f"{op_type}: only a single diagonal offset k is supported")
    return None if value is None else int(np.asarray(value).reshape(-1)[0])


@op("MatrixDiagV3", inputs=("diagonal", "k", "num_rows", "num_cols", "padding_value"),
    attrs=dict(align="RIGHT_LEFT"))
class MatrixDiagV3:
    """A batch of matrices with `diagonal` on diagonal k and `padding_value` elsewhere."""

    def infer(diagonal, k, num_rows, num_cols, padding_value, align):
        check_dtype("MatrixDiagV3", "diagonal", diagonal, ALL - {dtypes.string})
        if diagonal.shape.ndims is None:
            return diagonal.dtype.base_dtype, TensorShape(None)
        dims = diagonal.shape.with_rank_at_least(1).as_list()
        kv, rows, cols = _scalar_k("MatrixDiagV3", k), static_value(num_rows), static_value(num_cols)
        n = dims[-1]
        if kv is None or n is None or rows is None or cols is None:
            return diagonal.dtype.base_dtype, TensorShape(dims[:-1] + [None, None])
        rows, cols = _diag_size(n, kv, int(rows), int(cols))
        return diagonal.dtype.base_dtype, TensorShape(dims[:-1] + [rows, cols])

    def kernel(xp, diagonal, k, num_rows, num_cols, padding_value, align):
        k = int(np.asarray(k).reshape(-1)[0])
        n = diagonal.shape[-1]
        rows, cols = _diag_size(n, k, int(num_rows), int(num_cols))
        out = xp.full(diagonal.shape[:-1] + (rows, cols), padding_value, dtype=diagonal.dtype)
        i = np.arange(n) + max(-k, 0)
        j = np.arange(n) + max(k, 0)
        keep = (i < rows) & (j < cols)
        out[..., i[keep], j[keep]] = diagonal[..., np.arange(n)[keep]]
        return out

    def grad(op_, g):
        from .reduction import reduce_sum

        on_diagonal = matrix_diag_part(g, k=op_.inputs[1])
        padding = subtract(reduce_sum(g), reduce_sum(on_diagonal))  # every off-diagonal entry is the padding
        return (on_diagonal, None, None, None, padding)

    samples = [((np.array([1.5, -2.0, 0.5]), np.array(0, np.int32), np.array(-1, np.int32),
                 np.array(-1, np.int32), np.array(0.0)), {}),
               ((np.array([[1, 2], [3, 4]], np.int32), np.array(1, np.int32), np.array(-1, np.int32),
                 np.array(-1, np.int32), np.array(9, np.int32)), {}),
               ((np.array([1.0, 2.0], np.float32), np.array(-1, np.int32), np.array(4, np.int32),
                 np.array(-1, np.int32), np.array(0.0, np.float32)), {})]


def _diag_size(n: int, k: int, rows: int, cols: int) -> tuple[int, int]:
    min_rows, min_cols = n + max(-k, 0), n + max(k, 0)
    if rows == -1 and cols == -1:
        return n + builtins.abs(k), n + builtins.abs(k)
    return (min_rows if rows == -1 else rows), (min_cols if cols == -1 else cols)


@op("MatrixDiagPartV3", inputs=("input", "k", "padding_value"), attrs=dict(align="RIGHT_LEFT"))
class MatrixDiagPartV3:
    """Diagonal k of each matrix in a batch: [..., m, n] -> [..., len]."""

    def infer(input, k, padding_value, align):
        check_dtype("MatrixDiagPartV3", "input", input, ALL - {dtypes.string})
        if input.shape.ndims is None:
            return input.dtype.base_dtype, TensorShape(None)
        if input.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {input.shape.ndims} for "
                             f"'MatrixDiagPartV3' with input shapes: {common.shape_str(input.shape)}, [], [].")
        dims = input.shape.as_list()
        kv = _scalar_k("MatrixDiagPartV3", k)
        rows, cols = dims[-2:]
        if kv is None or rows is None or cols is None:
            return input.dtype.base_dtype, TensorShape(dims[:-2] + [None])
        return input.dtype.base_dtype, TensorShape(dims[:-2] + [max(0, min(rows + min(kv, 0), cols - max(kv, 0)))])

    def kernel(xp, input, k, padding_value, align):
        k = int(np.asarray(k).reshape(-1)[0])
        rows, cols = input.shape[-2:]
        n = max(0, min(rows + min(k, 0), cols - max(k, 0)))
        idx = np.arange(n)
        return input[..., idx + max(-k, 0), idx + max(k, 0)]

    def grad(op_, g):
        x, k = op_.inputs[0], op_.inputs[1]
        from .array import shape as _shape
        from .array_slicing import strided_slice

        dims = x.shape.as_list() if x.shape.ndims is not None else None
        if dims is not None and None not in dims[-2:]:
            rows, cols = dims[-2:]
        else:
            s = _shape(x)
            rows = strided_slice(s, [-2], [-1], shrink_axis_mask=1)
            cols = strided_slice(s, [-1], [0], end_mask=1, shrink_axis_mask=1)
        return (matrix_diag(g, k=k, num_rows=rows, num_cols=cols), None, None)

    samples = [((np.arange(9.0).reshape(3, 3) / 4, np.array(0, np.int32), np.array(0.0)), {}),
               ((np.arange(12.0).reshape(2, 2, 3), np.array(1, np.int32), np.array(0.0)), {}),
               ((np.arange(6, dtype=np.int32).reshape(3, 2), np.array(-1, np.int32), np.array(0, np.int32)), {})]


@op("MatrixBandPart", inputs=("input", "num_lower", "num_upper"), type_attrs=dict(T="input", Tindex="num_lower"))
class MatrixBandPart:
    """Keeps entries with (i - j) <= num_lower and (j - i) <= num_upper (negative: keep the whole triangle)."""

    def infer(input, num_lower, num_upper):  # a rank below 2 fails when the op runs, as in TF
        check_dtype("MatrixBandPart", "num_lower", num_lower, _INDEX)
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input, num_lower, num_upper):
        if input.ndim < 2:
            raise errors.InvalidArgumentError(None, None, f"input must be at least 2-dim, received shape: "
                                                          f"{common.shape_str(TensorShape(input.shape))}")
        rows, cols = input.shape[-2:]
        lower, upper = int(num_lower), int(num_upper)
        if lower > rows or upper > cols:
            raise errors.InvalidArgumentError(None, None, f"num_lower must be negative or less or equal to number "
                                                          f"of rows ({rows}) got: {lower}")
        i = np.arange(rows)[:, None]
        j = np.arange(cols)[None, :]
        mask = ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))
        return xp.where(mask, input, xp.zeros_like(input))

    def grad(op_, g):
        return (matrix_band_part(g, op_.inputs[1], op_.inputs[2]), None, None)

    samples = [((np.arange(9.0).reshape(3, 3) - 4, np.array(0, np.int64), np.array(-1, np.int64)), {}),
               ((np.arange(16.0).reshape(2, 2, 4), np.array(1, np.int32), np.array(1, np.int32)), {})]


# --- public wrappers -------------------------------------------------------------------------

@tf_export("linalg.inv", "matrix_inverse")
def matrix_inverse(input, adjoint=False, name=None) -> Tensor:
    """`tf.linalg.inv`: inverse of each matrix; InvalidArgumentError at run time if one is singular."""
    with get_default_graph().name_scope(name or "MatrixInverse") as scope:
        return MatrixInverse(convert_to_tensor(input, name="input"), adjoint=bool(adjoint), name=scope)


@tf_export("linalg.det", "matrix_determinant")
def matrix_determinant(input, name=None) -> Tensor:
    """`tf.linalg.det`: determinant of each matrix in a batch."""
    with get_default_graph().name_scope(name or "MatrixDeterminant") as scope:
        return MatrixDeterminant(convert_to_tensor(input, name="input"), name=scope)


@tf_export("linalg.cholesky", "cholesky")
def cholesky(input, name=None) -> Tensor:
    """`tf.linalg.cholesky`: the lower-triangular Cholesky factor of each matrix."""
    with get_default_graph().name_scope(name or "Cholesky") as scope:
        return Cholesky(convert_to_tensor(input, name="input"), name=scope)


@tf_export("linalg.svd", "svd")
def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """`tf.linalg.svd`: `(s, u, v)` with tensor = u diag(s) v^H per matrix (`s` alone without `compute_uv`);
    `s` is real for complex input, as TF's wrapper makes it."""
    from .math import cast

    with get_default_graph().name_scope(name or "Svd") as scope:
        tensor = convert_to_tensor(tensor, name="input")
        s, u, v = Svd(tensor, compute_uv=bool(compute_uv), full_matrices=bool(full_matrices), name=scope)
    if s.dtype.is_complex:
        s = cast(s, dtypes.float32 if s.dtype.base_dtype is dtypes.complex64 else dtypes.float64)
    return (s, u, v) if compute_uv else s


@tf_export("linalg.diag", "matrix_diag")
def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """`tf.linalg.diag`: matrices with `diagonal` on diagonal `k` (MatrixDiagV3)."""
    with get_default_graph().name_scope(name or "diag") as scope:
        diagonal = convert_to_tensor(diagonal, name="diagonal")
        k = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        num_rows = convert_to_tensor(num_rows, dtype=dtypes.int32, name="num_rows")
        num_cols = convert_to_tensor(num_cols, dtype=dtypes.int32, name="num_cols")
        padding_value = convert_to_tensor(padding_value, dtype=diagonal.dtype.base_dtype, name="padding_value")
        return MatrixDiagV3(diagonal, k, num_rows, num_cols, padding_value, align=align, name=scope)


@tf_export("linalg.diag_part", "matrix_diag_part")
def matrix_diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """`tf.linalg.diag_part`: diagonal `k` of each matrix (MatrixDiagPartV3)."""
    with get_default_graph().name_scope(name or "diag_part") as scope:
        input = convert_to_tensor(input, name="input")
        k = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        padding_value = convert_to_tensor(padding_value, dtype=input.dtype.base_dtype, name="padding_value")
        return MatrixDiagPartV3(input, k, padding_value, align=align, name=scope)


@tf_export("linalg.band_part", "matrix_band_part")
def matrix_band_part(input, num_lower, num_upper, name=None) -> Tensor:
    """`tf.linalg.band_part`: zeroes everything outside a band around the diagonal."""
    with get_default_graph().name_scope(name or "MatrixBandPart") as scope:
        input = convert_to_tensor(input, name="input")
        num_lower = convert_to_tensor(num_lower, dtype=_index_dtype(num_lower), name="num_lower")
        num_upper = convert_to_tensor(num_upper, dtype=num_lower.dtype.base_dtype, name="num_upper")
        return MatrixBandPart(input, num_lower, num_upper, name=scope)


def _index_dtype(value):
    return value.dtype.base_dtype if isinstance(value, Tensor) else dtypes.int64


@tf_export("linalg.matrix_transpose", "linalg.transpose", "matrix_transpose")
def matrix_transpose(a, name="matrix_transpose", conjugate=False) -> Tensor:
    """`tf.linalg.matrix_transpose`: swaps the last two axes (Transpose with a static perm)."""
    from .array_transform import transpose

    with get_default_graph().name_scope(name or "matrix_transpose"):
        a = convert_to_tensor(a, name="a")
        rank = a.shape.ndims
        if rank is None:
            raise NotImplementedError("matrix_transpose of a tensor of unknown rank")
        if rank < 2:
            raise ValueError(f"Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: {a.shape}")
        perm = list(range(rank - 2)) + [rank - 1, rank - 2]
        return transpose(a, perm, conjugate=conjugate)


@tf_export("linalg.matvec")
def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None) -> Tensor:
    """`tf.linalg.matvec`: matrix (batch) times vector (batch), TF's MatMul with `b` expanded then squeezed."""
    from .array import expand_dims
    from .array_transform import squeeze

    with get_default_graph().name_scope(name or "MatVec"):
        output = matmul(a, expand_dims(b, axis=-1), transpose_a=transpose_a, adjoint_a=adjoint_a)
        return squeeze(output, axis=-1)


@tf_export("linalg.adjoint")
def adjoint(matrix, name=None) -> Tensor:
    """`tf.linalg.adjoint`: the conjugate transpose of the last two axes."""
    with get_default_graph().name_scope(name or "adjoint"):
        return matrix_transpose(convert_to_tensor(matrix, name="matrix"), conjugate=True)


@tf_export("linalg.trace", "trace")
def trace(x, name=None) -> Tensor:
    """`tf.linalg.trace`: the sum of each matrix's main diagonal: [..., m, n] -> [...]."""
    from .reduction import reduce_sum

    with get_default_graph().name_scope(name or "Trace") as scope:
        x = convert_to_tensor(x, name="x")
        return reduce_sum(matrix_diag_part(x), [-1], name=scope)


@tf_export("linalg.eye", "eye")
def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None) -> Tensor:
    """`tf.eye`: a (batch of) identity matrices of shape batch_shape + [num_rows, num_columns]; TF's graph
    (MatrixDiagV3 when square, else MatrixSetDiagV3 on zeros; sizes and batch_shape may be Tensors)."""
    from .array import concat, ones, zeros
    from .linalg_decomp import matrix_set_diag
    from .math import minimum

    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "eye"):
        is_square = num_columns is None
        batch_shape = [] if batch_shape is None else batch_shape
        num_columns = num_rows if num_columns is None else num_columns
        if isinstance(num_rows, Tensor) or isinstance(num_columns, Tensor):
            diag_size = minimum(num_rows, num_columns)
        else:
            if not all(isinstance(d, (int, np.integer)) and not isinstance(d, bool) for d in (num_rows, num_columns)):
                raise TypeError("Arguments `num_rows` and `num_columns` must be positive integer values. Received: "
                                f"num_rows={num_rows}, num_columns={num_columns}")
            is_square = num_rows == num_columns
            diag_size = int(min(num_rows, num_columns))
        if isinstance(batch_shape, Tensor) or isinstance(diag_size, Tensor):
            batch_shape = convert_to_tensor(batch_shape, dtype=dtypes.int32, name="shape")
            diag_shape = concat([batch_shape, [diag_size]], axis=0)
            shape = None if is_square else concat([batch_shape, [num_rows, num_columns]], axis=0)
        else:
            batch_shape = [int(d) for d in batch_shape]
            diag_shape = batch_shape + [diag_size]
            shape = None if is_square else batch_shape + [int(num_rows), int(num_columns)]
        diag_ones = ones(diag_shape, dtype=dtype)
        if is_square:
            return matrix_diag(diag_ones)
        return matrix_set_diag(zeros(shape, dtype=dtype), diag_ones)


_MATRIX_NORMS = ["euclidean", "fro", 1, 2, np.inf]
_VECTOR_NORMS = ["euclidean", 1, 2, np.inf]


def _norm_axes(axis) -> tuple[list[int] | None, bool]:
    """TF's checks on `tf.norm`'s axis: (the axes, whether it is a matrix norm)."""
    def is_int(a):
        return isinstance(a, (int, np.integer)) and not isinstance(a, bool)

    if isinstance(axis, (tuple, list)) and len(axis) == 2:
        axis = tuple(axis)
        if not is_int(axis[0]) or not is_int(axis[1]) or axis[0] == axis[1]:
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
        return [int(a) for a in axis], True
    if not (axis is None or is_int(axis)):
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
    return (None if axis is None else [int(axis)]), False


def _spectral_norm(tensor: Tensor, axes: list[int]) -> Tensor:
    """The largest singular value over `axes`, kept as size-1 dimensions (TF: Svd of the moved axes)."""
    from .array import expand_dims
    from .array_transform import transpose
    from .reduction import reduce_max

    rank = tensor.shape.ndims
    if rank is None:
        raise NotImplementedError("tf.norm with ord=2 over two axes of a tensor of unknown rank")
    if not all(-rank <= a < rank for a in axes) or axes[0] % rank == axes[1] % rank:
        raise ValueError(f"Invalid axes {tuple(axes)} for the matrix norm of a tensor of rank {rank}")
    axes = [a % rank for a in axes]
    perm_before = [i for i in range(rank) if i not in axes] + axes
    perm_after = [perm_before.index(i) for i in range(rank)]
    singular = svd(transpose(tensor, perm_before), compute_uv=False)
    largest = expand_dims(reduce_max(_abs(singular), axis=-1, keepdims=True), axis=-1)
    return transpose(largest, perm_after)


@tf_export("linalg.norm", "norm")
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None) -> Tensor:
    """`tf.norm`: vector p-norms (p > 0, 'euclidean', inf) and matrix norms ('fro', 'euclidean', 1, 2, inf)
    over two axes; ord=2 over two axes is the spectral norm (largest singular value)."""
    from .array_transform import squeeze
    from .reduction import reduce_max, reduce_sum

    if keepdims is not None and keep_dims is not None and keepdims != keep_dims:
        raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'")
    keepdims = bool(keep_dims if keepdims is None else keepdims)
    axes, is_matrix = _norm_axes(axis)
    if is_matrix and ord not in _MATRIX_NORMS:
        raise ValueError(f"'ord' must be a supported matrix norm in {_MATRIX_NORMS}, got {ord}")
    if not is_matrix and (not np.isreal(ord) or ord <= 0) and ord not in _VECTOR_NORMS:
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    with get_default_graph().name_scope(name or "norm"):
        tensor = convert_to_tensor(tensor, name="tensor")
        if is_matrix and ord == 2:
            result = _spectral_norm(tensor, axes)
        elif ord in ("euclidean", "fro", 2):
            result = sqrt(reduce_sum(multiply(tensor, tensor), axes, keepdims=True))
        elif is_matrix:
            sum_axis, max_axis = (axes[0], axes[1]) if ord == 1 else (axes[1], axes[0])
            result = reduce_max(reduce_sum(_abs(tensor), sum_axis, keepdims=True), max_axis, keepdims=True)
        elif ord == np.inf:
            result = reduce_max(_abs(tensor), axes, keepdims=True)
        elif ord == 1:
            result = reduce_sum(_abs(tensor), axes, keepdims=True)
        else:
            p = convert_to_tensor(ord, dtype=tensor.dtype.base_dtype)
            summed = reduce_sum(_pow(_abs(tensor), p), axes, keepdims=True)
            result = _pow(summed, realdiv(convert_to_tensor(1.0, dtype=p.dtype.base_dtype), p))
        if not keepdims:
            result = squeeze(result, axes)
        return result
