"""Matrix decompositions and what is built on them: Qr (`tf.linalg.qr`), SelfAdjointEigV2 (`tf.linalg.eigh`,
`tf.linalg.eigvalsh`), LogMatrixDeterminant (`tf.linalg.slogdet`), `tf.linalg.logdet`, and MatrixSetDiagV3
(`tf.linalg.set_diag`), which their gradients use. Gradients are TF's (`linalg_grad.py`, `array_grad.py`).

The kernels call LAPACK through NumPy; TF's CPU kernels use Eigen. Values agree to rounding, but the
sign of an eigenvector (each column of `v` may be negated) is the solver's choice and can differ from TF.
"""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import ALL, check_dtype, convert_same_dtype, shape_str
from .constant import convert_to_tensor
from .linalg import adjoint, matrix_band_part, matrix_diag, matrix_diag_part
from .linalg_solve import _dims, _lapack, _square, matrix_triangular_solve
from .matmul import matmul

_TYPES = (dtypes.float64, dtypes.float32, dtypes.float16, dtypes.complex64, dtypes.complex128)
_Qr = collections.namedtuple("Qr", ["q", "r"])
_Slogdet = collections.namedtuple("LogMatrixDeterminant", ["sign", "log_abs_determinant"])


def _batch(shape: TensorShape) -> TensorShape:
    return TensorShape(None) if shape.ndims is None else TensorShape(shape.as_list()[:-2])


def _safe_reciprocal(x: Tensor) -> Tensor:
    """x / (x^2 + 1e-20), TF's `_SafeReciprocal`."""
    from .math import reciprocal

    return x * reciprocal(x * x + 1e-20)


# --- MatrixSetDiagV3 -------------------------------------------------------------------------

@op("MatrixSetDiagV3", inputs=("input", "diagonal", "k"), attrs=dict(align="RIGHT_LEFT"))
class MatrixSetDiagV3:
    """`input` with its diagonal `k` replaced by `diagonal` (one diagonal: sessionflow takes a single k)."""

    def infer(input, diagonal, k, align):
        check_dtype("MatrixSetDiagV3", "input", input, ALL - {dtypes.string})
        shape_fns.with_rank_at_least("MatrixSetDiagV3", input.shape, 2)
        shape_fns.with_rank_at_least("MatrixSetDiagV3", diagonal.shape, 1)
        kv = static_value(k)
        if kv is not None and np.size(kv) != 1:
            raise NotImplementedError("MatrixSetDiagV3: only a single diagonal offset k is supported")
        if input.shape.ndims is not None:
            try:
                shape_fns.with_rank("MatrixSetDiagV3", diagonal.shape, input.shape.ndims - 1)
            except ValueError as e:
                if kv is None:
                    raise
                shapes = ", ".join(shape_str(t.shape) for t in (input, diagonal, k))
                raise ValueError(f"{e.args[0]} with input shapes: {shapes} and with computed input tensors: "
                                 f"input[2] = <{int(np.asarray(kv).reshape(-1)[0])}>.") from None
        out = input.shape
        if diagonal.shape.ndims is not None and not input.shape.is_fully_defined():
            from_diag = TensorShape(diagonal.shape.as_list()[:-1] + [None, None])
            out = shape_fns.merge("MatrixSetDiagV3", input.shape, from_diag)
        return input.dtype.base_dtype, out

    def kernel(xp, input, diagonal, k, align):
        k = int(np.asarray(k).reshape(-1)[0])
        rows, cols = input.shape[-2:]
        if not -rows < k < cols and not (rows == 0 or cols == 0):
            raise errors.InvalidArgumentError(None, None, f"The main diagonal index out of bounds: k = {k}, "
                                                          f"num_rows = {rows}, num_cols = {cols}")
        n = max(0, min(rows + min(k, 0), cols - max(k, 0)))
        expected = input.shape[:-2] + (n,)
        if diagonal.shape != expected:
            raise errors.InvalidArgumentError(
                None, None, "Either first dimensions of diagonal don't match input.shape[:-2], or diagonal.shape[:-1] "
                            "is not equal to the longests diagonal in range [lower_diag_index:upper_diag_index].\n"
                            f"Input shape: [{','.join(map(str, input.shape))}]\nDiagonal shape: "
                            f"[{','.join(map(str, diagonal.shape))}]\nExpected diagonal shape: "
                            f"[{','.join(map(str, expected))}]")
        out = xp.array(input, copy=True)
        idx = np.arange(n)
        out[..., idx + max(-k, 0), idx + max(k, 0)] = diagonal
        return out

    def grad(op_, grad):
        """TF's `_MatrixSetDiagGradV3` (one diagonal)."""
        from .array import zeros, zeros_like

        diagonal, k, align = op_.inputs[1], op_.inputs[2], op_.attrs["align"]
        if diagonal.shape.is_fully_defined():
            empty = zeros(diagonal.shape.as_list(), dtype=grad.dtype.base_dtype)
        else:
            empty = zeros_like(diagonal)
        return (matrix_set_diag(grad, empty, k=k, align=align), matrix_diag_part(grad, k=k, align=align), None)

    samples = [((np.arange(9.0).reshape(3, 3), np.array([-1.0, -2.0, -3.0]), np.array(0, np.int32)), {}),
               ((np.arange(24.0).reshape(2, 3, 4), np.array([[5.0, 6.0, 7.0], [8.0, 9.0, 1.0]]),
                 np.array(1, np.int32)), {}),
               ((np.zeros((2, 3), np.int32), np.array([4, 5], np.int32), np.array(1, np.int32)), {}),
               ((np.zeros((3, 2)), np.array([4.0, 5.0]), np.array(-1, np.int32)), {})]


@tf_export("linalg.set_diag", "matrix_set_diag")
def matrix_set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT") -> Tensor:
    """`tf.linalg.set_diag`: `input` with diagonal `k` of each matrix replaced by `diagonal`."""
    with get_default_graph().name_scope(name or "set_diag") as scope:
        input, diagonal = convert_same_dtype("MatrixSetDiagV3", [input, diagonal], ["input", "diagonal"])
        k = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        return MatrixSetDiagV3(input, diagonal, k, align=align, name=scope)


# --- QR --------------------------------------------------------------------------------------

@op("Qr", inputs=("input",), attrs=dict(full_matrices=False))
class Qr:
    """(q, r) with input = q r per matrix: q has orthonormal columns, r is upper triangular; [..., m, p] and
    [..., p, n] (p = min(m, n)), or [..., m, m] and [..., m, n] with `full_matrices`."""

    def infer(input, full_matrices):
        check_dtype("Qr", "input", input, _TYPES)
        shape_fns.with_rank_at_least("Qr", input.shape, 2)
        dtype = input.dtype.base_dtype
        if input.shape.ndims is None:
            return [(dtype, TensorShape(None)), (dtype, TensorShape(None))]
        *batch, m, n = input.shape.as_list()
        p = None if m is None or n is None else min(m, n)
        if full_matrices:
            return [(dtype, TensorShape(batch + [m, m])), (dtype, TensorShape(batch + [m, n]))]
        return [(dtype, TensorShape(batch + [m, p])), (dtype, TensorShape(batch + [p, n]))]

    def kernel(xp, input, full_matrices):
        q, r = xp.linalg.qr(_lapack(input), mode="complete" if full_matrices else "reduced")
        return q.astype(input.dtype), r.astype(input.dtype)

    def grad(op_, dq, dr):
        """TF's `_QrGrad` (arXiv:2009.10071): square and tall matrices, and wide ones by partitioning."""
        from .array import concat

        q, r = op_.outputs
        # TF reads the static shapes of q and r; sessionflow also takes them from the incoming gradients
        rd, qd = _dims(r.shape.merge_with(dr.shape)), _dims(q.shape.merge_with(dq.shape))
        if rd is None or qd is None or None in rd[-2:] or qd[-2] is None:
            raise NotImplementedError(f"QrGrad not implemented with dynamic shapes. Received r.shape: {r.shape}")
        if rd[-2] > rd[-1] and qd[-2] == qd[-1]:
            raise NotImplementedError(f"QrGrad not implemented when nrows > ncols and full_matrices is true. "
                                      f"Received r.shape={r.shape} with nrows={rd[-2]}and ncols={rd[-1]}.")
        rows, cols = qd[-2], rd[-1]
        if rows >= cols:
            return _qr_grad_square_and_deep(q, r, dq, dr)
        a = op_.inputs[0]
        y = a[..., :, rows:]
        u = r[..., :, :rows]
        dv, du = dr[..., :, rows:], dr[..., :, :rows]
        dy = matmul(q, dv)
        dx = _qr_grad_square_and_deep(q, u, dq + matmul(y, dv, adjoint_b=True), du)
        return concat([dx, dy], axis=-1)

    samples = [((np.array([[3.0, 1.0], [0.5, -1.0], [2.0, 4.0]]),), {}),
               ((np.array([[[2.0, 0.5, 0.0], [0.5, -1.0, 0.25], [1.0, 0.0, 3.0]]]),), {}),
               ((np.array([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]]),), {}),
               ((np.array([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]]),), dict(full_matrices=True)),
               ((np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32),), dict(full_matrices=True))]


def _triangular_solve_right(x: Tensor, r: Tensor) -> Tensor:
    """x r^-H for upper-triangular r (TF's `_TriangularSolve` in `_QrGrad`)."""
    return adjoint(matrix_triangular_solve(r, adjoint(x), lower=False, adjoint=False))


def _qr_grad_square_and_deep(q, r, dq, dr) -> Tensor:
    if q.dtype.is_complex:
        raise NotImplementedError("The Qr gradient of complex matrices is not implemented in sessionflow")
    qdq = matmul(q, dq, adjoint_a=True)
    qdq_ = qdq - adjoint(qdq)
    rdr = matmul(r, dr, adjoint_b=True)
    rdr_ = rdr - adjoint(rdr)
    tril = matrix_band_part(qdq_ + rdr_, -1, 0)
    grad_a = matmul(q, dr + _triangular_solve_right(tril, r))
    grad_b = _triangular_solve_right(dq - matmul(q, qdq), r)
    return grad_a + grad_b


@tf_export("linalg.qr", "qr")
def qr(input, full_matrices=False, name=None):
    """`tf.linalg.qr`: the namedtuple `Qr(q, r)` of each matrix's QR decomposition."""
    with get_default_graph().name_scope(name or "Qr") as scope:
        input = convert_to_tensor(input, name="input")
        return _Qr(*Qr(input, full_matrices=bool(full_matrices), name=scope))


# --- eigendecomposition of self-adjoint matrices ---------------------------------------------

@op("SelfAdjointEigV2", inputs=("input",), attrs=dict(compute_v=True))
class SelfAdjointEigV2:
    """(e, v): eigenvalues (ascending) and eigenvectors (columns) of each self-adjoint matrix, read from its
    lower triangle; without `compute_v`, `v` is an empty vector."""

    def infer(input, compute_v):
        check_dtype("SelfAdjointEigV2", "input", input, _TYPES)
        shape = _square("SelfAdjointEigV2", input.shape)
        dtype = input.dtype.base_dtype
        if shape.ndims is None:
            return [(dtype, TensorShape(None)), (dtype, TensorShape(None if compute_v else [0]))]
        *batch, n, _ = shape.as_list()
        return [(dtype, TensorShape(batch + [n])), (dtype, TensorShape(batch + [n, n] if compute_v else [0]))]

    def kernel(xp, input, compute_v):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrices must be squares, got "
                                                          f"{input.shape[-2]} != {input.shape[-1]}")
        a = _lapack(input)
        if input.shape[-1] == 0:
            e, v = xp.zeros(input.shape[:-1], a.dtype), xp.zeros(input.shape, a.dtype)
        elif compute_v or getattr(xp, "__name__", "") == "jax.numpy":
            # traced (the XLA backend): only the lower triangle is read, as TF's kernel (JAX's default averages
            # the two triangles)
            lower = {"symmetrize_input": False} if getattr(xp, "__name__", "") == "jax.numpy" else {}
            e, v = xp.linalg.eigh(a, UPLO="L", **lower)
        else:
            e, v = xp.linalg.eigvalsh(a, UPLO="L"), None
        v = xp.zeros((0,), input.dtype) if not compute_v else v.astype(input.dtype)
        return e.astype(input.dtype), v

    def grad(op_, grad_e, grad_v):
        """TF's `_SelfAdjointEigV2Grad`, symmetrised onto the lower triangle the op reads."""
        e = op_.outputs[0]
        if op_.attrs["compute_v"]:
            from .array import expand_dims, zeros_like

            v = op_.outputs[1]
            f = matrix_set_diag(_safe_reciprocal(expand_dims(e, -2) - expand_dims(e, -1)), zeros_like(e))
            inner = matrix_diag(grad_e) + f * matmul(v, grad_v, adjoint_a=True)
            grad_a = matmul(v, matmul(inner, v, adjoint_b=True))
        else:
            _, v = self_adjoint_eig(op_.inputs[0])
            grad_a = matmul(v, matmul(matrix_diag(grad_e), v, adjoint_b=True))
        grad_a = matrix_band_part(grad_a + adjoint(grad_a), -1, 0)
        return (matrix_set_diag(grad_a, 0.5 * matrix_diag_part(grad_a)),)

    samples = [((np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]]),), {}),
               ((np.array([[[2.0, 0.5], [0.5, -1.0]], [[1.0, 0.3], [0.3, 3.0]]]),), dict(compute_v=False)),
               ((np.array([[2.0, 1.0], [1.0, 3.0]], np.float32),), {})]


@tf_export("linalg.eigh", "self_adjoint_eig")
def self_adjoint_eig(tensor, name=None):
    """`tf.linalg.eigh`: (e, v), the eigenvalues (ascending) and eigenvectors of each self-adjoint matrix."""
    with get_default_graph().name_scope(name or "SelfAdjointEigV2") as scope:
        tensor = convert_to_tensor(tensor, name="input")
        e, v = SelfAdjointEigV2(tensor, compute_v=True, name=scope)
    return e, v


@tf_export("linalg.eigvalsh", "self_adjoint_eigvals")
def self_adjoint_eigvals(tensor, name=None) -> Tensor:
    """`tf.linalg.eigvalsh`: the eigenvalues (ascending) of each self-adjoint matrix."""
    with get_default_graph().name_scope(name or "SelfAdjointEigV2") as scope:
        tensor = convert_to_tensor(tensor, name="input")
        e, _ = SelfAdjointEigV2(tensor, compute_v=False, name=scope)
    return e


# --- log-determinants ------------------------------------------------------------------------

@op("LogMatrixDeterminant", inputs=("input",))
class LogMatrixDeterminant:
    """(sign, log_abs_determinant) of each square matrix: det = sign * exp(log_abs_determinant); a singular
    matrix gives sign 0 and -inf."""

    def infer(input):
        check_dtype("LogMatrixDeterminant", "input", input, frozenset(_TYPES))
        shape = _square("LogMatrixDeterminant", input.shape, columns_first=True)
        batch = _batch(shape)
        return [(input.dtype.base_dtype, batch), (input.dtype.base_dtype, batch)]

    def kernel(xp, input):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrices must be squares, got "
                                                          f"{input.shape[-2]} != {input.shape[-1]}")
        sign, logdet = xp.linalg.slogdet(_lapack(input))
        return xp.asarray(sign).astype(input.dtype), xp.asarray(logdet).astype(input.dtype)

    def grad(op_, _, grad_b):
        """TF's `_LogMatrixDeterminantGrad`: grad * inverse(adjoint(a))."""
        from .array import concat, reshape, shape
        from .linalg import matrix_inverse

        a, c = op_.inputs[0], op_.outputs[1]
        a_adj_inv = matrix_inverse(a, adjoint=True)
        multipliers = reshape(grad_b, concat([shape(c), [1, 1]], 0))
        return (multipliers * a_adj_inv,)

    samples = [((np.array([[4.0, 1.0, 0.5], [1.0, -3.0, 0.25], [0.5, 0.25, 2.0]]),), {}),
               ((np.array([[[2.0, 0.5], [1.5, -1.0]], [[1.0, 0.3], [0.3, 3.0]]]),), {}),
               ((np.array([[2.0, 1.0], [1.0, 3.0]], np.float32),), {})]


@tf_export("linalg.slogdet")
def slogdet(input, name=None):
    """`tf.linalg.slogdet`: the namedtuple (sign, log_abs_determinant) of each matrix's determinant."""
    with get_default_graph().name_scope(name or "LogMatrixDeterminant") as scope:
        input = convert_to_tensor(input, name="input")
        return _Slogdet(*LogMatrixDeterminant(input, name=scope))


@tf_export("linalg.logdet")
def logdet(matrix, name=None) -> Tensor:
    """`tf.linalg.logdet`: log(det(matrix)) of Hermitian positive-definite matrices, 2 * sum(log(diag(chol)))."""
    from .linalg import cholesky
    from .math import log
    from .reduction import reduce_sum

    with get_default_graph().name_scope(name or "logdet"):
        chol = cholesky(matrix)
        return 2.0 * reduce_sum(log(_real(matrix_diag_part(chol))), axis=[-1])


def _real(x: Tensor) -> Tensor:
    if not x.dtype.is_complex:
        return x
    from .math import cast

    return cast(x, x.dtype.real_dtype)
