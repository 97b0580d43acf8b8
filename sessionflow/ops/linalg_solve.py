"""Linear solvers: MatrixSolve (`tf.linalg.solve`), MatrixTriangularSolve (`tf.linalg.triangular_solve`),
MatrixSolveLs and TF's composite least squares (`tf.linalg.lstsq`), `tf.linalg.cholesky_solve`, and the
vector cross product Cross (`tf.linalg.cross`). Gradients are TF's (`linalg_grad.py`, `math_grad.py`).

Triangular solves substitute row by row (vectorised over the batch and the right-hand sides), as
TF's kernel does: a zero on the diagonal gives infs and NaNs, not an error.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import REAL, check_dtype, convert_same_dtype
from .constant import convert_to_tensor
from .linalg import matrix_band_part
from .matmul import matmul

_SOLVE_TYPES = (dtypes.float64, dtypes.float32, dtypes.float16, dtypes.complex64, dtypes.complex128)
_TRIANGULAR_TYPES = (dtypes.bfloat16,) + _SOLVE_TYPES


def _dims(shape: TensorShape):
    return None if shape.ndims is None else shape.as_list()


def _square(op_type: str, shape: TensorShape, columns_first: bool = False) -> TensorShape:
    """TF's `MakeBatchSquareMatrix`: rank >= 2 with equal last two dims (compared columns first, as some
    shape functions do, with `columns_first`)."""
    shape_fns.with_rank_at_least(op_type, shape, 2)
    if shape.ndims is None:
        return shape
    *batch, m, n = shape.as_list()
    d = shape_fns.merge_dim(op_type, n, m) if columns_first else shape_fns.merge_dim(op_type, m, n)
    return TensorShape(batch + [d, d])


def _solve_shape(op_type: str, lhs: TensorShape, rhs: TensorShape, square: bool) -> TensorShape:
    """TF's `MatrixSolveShapeFn`: batch dims merged, rows of lhs and rhs merged; batch + [n, k]."""
    lhs = _square(op_type, lhs) if square else shape_fns.with_rank_at_least(op_type, lhs, 2)
    shape_fns.with_rank_at_least(op_type, rhs, 2)
    lb = TensorShape(None) if lhs.ndims is None else TensorShape(lhs.as_list()[:-2])
    rb = TensorShape(None) if rhs.ndims is None else TensorShape(rhs.as_list()[:-2])
    batch = shape_fns.merge(op_type, lb, rb)
    lm, ln = (None, None) if lhs.ndims is None else lhs.as_list()[-2:]
    rm, rk = (None, None) if rhs.ndims is None else rhs.as_list()[-2:]
    m = shape_fns.merge_dim(op_type, lm, rm)
    n = shape_fns.merge_dim(op_type, m, ln) if square else ln
    return batch.concatenate(TensorShape([n, rk]))


def _lapack(a):
    """LAPACK has no half precision: float16 is solved in float32."""
    return a.astype(np.float32) if a.dtype == np.float16 else a


def _adjoint(xp, a):
    return xp.conj(xp.swapaxes(a, -1, -2))


def _runtime_shape(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


# --- MatrixSolve -----------------------------------------------------------------------------

@op("MatrixSolve", inputs=("matrix", "rhs"), attrs=dict(adjoint=False))
class MatrixSolve:
    """X with matrix X = rhs (adjoint(matrix) X = rhs with `adjoint`), per matrix of a batch."""

    def infer(matrix, rhs, adjoint):
        check_dtype("MatrixSolve", "matrix", matrix, _SOLVE_TYPES)
        return matrix.dtype.base_dtype, _solve_shape("MatrixSolve", matrix.shape, rhs.shape, square=True)

    def kernel(xp, matrix, rhs, adjoint):
        if matrix.shape[-1] != matrix.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrix must be square, got "
                                                          f"{_runtime_shape(matrix.shape[-2:])}")
        if matrix.shape[:-2] != rhs.shape[:-2] or matrix.shape[-2] != rhs.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrix and right-hand side must have the same "
                                                          f"number of rows: {matrix.shape[-2]} vs. {rhs.shape[-2]}")
        if rhs.size == 0 or matrix.shape[-1] == 0:
            return xp.zeros(rhs.shape, dtype=matrix.dtype)
        a = _adjoint(xp, matrix) if adjoint else matrix
        try:
            out = xp.linalg.solve(_lapack(a), _lapack(rhs))
        except np.linalg.LinAlgError:
            raise errors.InvalidArgumentError(None, None, "Input matrix is not invertible.") from None
        return out.astype(matrix.dtype)

    def grad(op_, grad):
        """TF's `_MatrixSolveGrad`."""
        a, adjoint_a, c = op_.inputs[0], op_.attrs["adjoint"], op_.outputs[0]
        grad_b = matrix_solve(a, grad, adjoint=not adjoint_a)
        if adjoint_a:
            grad_a = -matmul(c, grad_b, adjoint_b=True)
        else:
            grad_a = -matmul(grad_b, c, adjoint_b=True)
        return grad_a, grad_b

    samples = [((np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]]),
                 np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])), {}),
               ((np.array([[[2.0, 1.0], [-1.0, 3.0]], [[1.0, 0.5], [0.25, 2.0]]]), np.array([[[1.0], [2.0]],
                                                                                            [[0.5], [-1.0]]])),
                dict(adjoint=True)),
               ((np.array([[2.0, 1.0], [1.0, 3.0]], np.float32), np.array([[1.0], [1.0]], np.float32)), {})]


@tf_export("linalg.solve", "matrix_solve")
def matrix_solve(matrix, rhs, adjoint=False, name=None) -> Tensor:
    """`tf.linalg.solve`: X with matrix X = rhs per matrix (adjoint(matrix) X = rhs with `adjoint`)."""
    with get_default_graph().name_scope(name or "MatrixSolve") as scope:
        matrix, rhs = convert_same_dtype("MatrixSolve", [matrix, rhs], ["matrix", "rhs"])
        return MatrixSolve(matrix, rhs, adjoint=bool(adjoint), name=scope)


# --- MatrixTriangularSolve -------------------------------------------------------------------

def _broadcast_batch(op_type: str, a: TensorShape, b: TensorShape) -> TensorShape:
    from .common import broadcast_shape

    try:
        return broadcast_shape(op_type, a, b)
    except ValueError:
        da, db = a.as_list(), b.as_list()
        n = max(len(da), len(db))
        da, db = [1] * (n - len(da)) + da, [1] * (n - len(db)) + db
        x, y = next((x, y) for x, y in zip(da, db) if x is not None and y is not None and x != y and 1 not in (x, y))
        raise ValueError(f"Dimensions must be equal, but are {x} and {y} for '{op_type}'") from None


def substitute(xp, matrix, rhs, lower: bool):
    """Solves triangular systems by substitution (forward for `lower`, else backward) over a batch; only
    the triangle named is read."""
    m = matrix.shape[-1]
    out = xp.zeros(np.broadcast_shapes(matrix.shape[:-2], rhs.shape[:-2]) + rhs.shape[-2:],
                   dtype=np.result_type(matrix.dtype, rhs.dtype))
    rows = range(m) if lower else range(m - 1, -1, -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in rows:
            done = slice(0, i) if lower else slice(i + 1, m)
            partial = matrix[..., i:i + 1, done] @ out[..., done, :]
            out[..., i, :] = (rhs[..., i, :] - partial[..., 0, :]) / matrix[..., i, i][..., None]
    return out


@op("MatrixTriangularSolve", inputs=("matrix", "rhs"), attrs=dict(lower=True, adjoint=False))
class MatrixTriangularSolve:
    """X with matrix X = rhs for lower (or upper) triangular matrices (their adjoints with `adjoint`); the
    batch dimensions broadcast."""

    def infer(matrix, rhs, lower, adjoint):
        check_dtype("MatrixTriangularSolve", "matrix", matrix, _TRIANGULAR_TYPES)
        lhs = _square("MatrixTriangularSolve", matrix.shape)
        rhs_shape = shape_fns.with_rank_at_least("MatrixTriangularSolve", rhs.shape, 2)
        if lhs.ndims is None or rhs_shape.ndims is None:
            batch = TensorShape(None)
        else:
            batch = _broadcast_batch("MatrixTriangularSolve", TensorShape(lhs.as_list()[:-2]),
                                     TensorShape(rhs_shape.as_list()[:-2]))
        n = None if lhs.ndims is None else lhs.as_list()[-1]
        rm, rk = (None, None) if rhs_shape.ndims is None else rhs_shape.as_list()[-2:]
        m = shape_fns.merge_dim("MatrixTriangularSolve", n, rm)
        return matrix.dtype.base_dtype, batch.concatenate(TensorShape([m, rk]))

    def kernel(xp, matrix, rhs, lower, adjoint):
        if matrix.shape[-1] != rhs.shape[-2]:
            raise errors.InvalidArgumentError(
                None, None, f"In[0] mismatch In[1] shape: {matrix.shape[-1]} vs. {rhs.shape[-2]}: "
                            f"{_runtime_shape(matrix.shape)} {_runtime_shape(rhs.shape)} {int(lower)} {int(adjoint)}")
        try:
            np.broadcast_shapes(matrix.shape[:-2], rhs.shape[:-2])
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, f"Incompatible shapes: {_runtime_shape(matrix.shape[:-2])} vs. "
                            f"{_runtime_shape(rhs.shape[:-2])}") from None
        a = _adjoint(xp, matrix) if adjoint else matrix
        out = substitute(xp, _lapack(a), _lapack(rhs), lower=lower != adjoint)
        return out.astype(matrix.dtype)

    def grad(op_, grad):
        """TF's `_MatrixTriangularSolveGrad`, summing over broadcast batch dimensions."""
        a, b = op_.inputs
        adjoint_a, lower_a, c = op_.attrs["adjoint"], op_.attrs["lower"], op_.outputs[0]
        grad_b = matrix_triangular_solve(a, grad, lower=lower_a, adjoint=not adjoint_a)
        if adjoint_a:
            grad_a = -matmul(c, grad_b, adjoint_b=True)
        else:
            grad_a = -matmul(grad_b, c, adjoint_b=True)
        grad_a = matrix_band_part(grad_a, -1, 0) if lower_a else matrix_band_part(grad_a, 0, -1)
        if (a.shape.is_fully_defined() and b.shape.is_fully_defined()
                and a.shape.as_list()[:-2] == b.shape.as_list()[:-2]):
            return grad_a, grad_b
        return _unbroadcast(grad_a, a), _unbroadcast(grad_b, b)

    samples = [((np.array([[2.0, 0.0, 0.0], [1.0, 3.0, 0.0], [0.5, -1.0, 1.5]]),
                 np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])), {}),
               ((np.array([[2.0, 0.7, -0.3], [5.0, 3.0, 1.0], [0.5, -1.0, 1.5]]),
                 np.array([[1.0], [0.5], [3.0]])), dict(lower=False, adjoint=True)),
               ((np.array([[[2.0, 0.0], [1.0, 3.0]], [[1.0, 0.0], [0.5, 2.0]]]), np.array([[1.0, 2.0], [0.5, -1.0]])),
                dict(adjoint=True)),
               ((np.array([[2.0, 0.5], [0.0, 4.0]], np.float32), np.ones((3, 2, 1), np.float32)), dict(lower=False))]


def _unbroadcast(grad: Tensor, like: Tensor) -> Tensor:
    """`grad` summed over the batch dimensions `like` was broadcast along, reshaped to `like`'s shape."""
    from .array import reshape, shape
    from .array_slicing import strided_slice
    from .math import BroadcastGradientArgs
    from .reduction import reduce_sum

    like_shape, grad_shape = shape(like), shape(grad)
    axes, _ = BroadcastGradientArgs(strided_slice(like_shape, [0], [-2]), strided_slice(grad_shape, [0], [-2]))
    return reshape(reduce_sum(grad, axes), like_shape)


@tf_export("linalg.triangular_solve", "matrix_triangular_solve")
def matrix_triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None) -> Tensor:
    """`tf.linalg.triangular_solve`: solves triangular systems (ops under the scope `triangular_solve`)."""
    with get_default_graph().name_scope(name or "triangular_solve"):
        return _triangular(matrix, rhs, lower=bool(lower), adjoint=bool(adjoint))


@tf_export("linalg.cholesky_solve", "cholesky_solve")
def cholesky_solve(chol, rhs, name=None) -> Tensor:
    """`tf.linalg.cholesky_solve`: X with (chol chol^H) X = rhs, by two triangular solves."""
    with get_default_graph().name_scope(name or "cholesky_solve"):
        y = _triangular(chol, rhs, lower=True, adjoint=False)
        return _triangular(chol, y, lower=True, adjoint=True)


def _triangular(matrix, rhs, lower, adjoint) -> Tensor:
    """A MatrixTriangularSolve op in the current scope (the raw `gen_linalg_ops` call)."""
    with get_default_graph().name_scope("MatrixTriangularSolve") as scope:
        matrix, rhs = convert_same_dtype("MatrixTriangularSolve", [matrix, rhs], ["matrix", "rhs"])
        return MatrixTriangularSolve(matrix, rhs, lower=lower, adjoint=adjoint, name=scope)


# --- least squares ---------------------------------------------------------------------------

def _regularized_gramian_cholesky(matrix: Tensor, l2_regularizer, first_kind: bool) -> Tensor:
    """TF's `_RegularizedGramianCholesky`: cholesky(A^H A + l2 I) (first kind) or cholesky(A A^H + l2 I)."""
    from .array import shape
    from .array_slicing import strided_slice
    from .linalg import cholesky, eye
    gramian = matmul(matrix, matrix, adjoint_a=first_kind, adjoint_b=not first_kind)
    if isinstance(l2_regularizer, Tensor) or l2_regularizer != 0:
        matrix_shape = shape(matrix)
        batch_shape = strided_slice(matrix_shape, [0], [-2])
        small_dim = strided_slice(matrix_shape, [-1 if first_kind else -2], [0 if first_kind else -1],
                                  end_mask=1 if first_kind else 0, shrink_axis_mask=1)
        identity = eye(small_dim, batch_shape=batch_shape, dtype=matrix.dtype.base_dtype)
        dims = _dims(matrix.shape)
        if dims is not None:
            small = dims[-1 if first_kind else -2]
            identity.set_shape(TensorShape(dims[:-2] + [small, small]))
        gramian = gramian + l2_regularizer * identity
    return cholesky(gramian)


@op("MatrixSolveLs", inputs=("matrix", "rhs", "l2_regularizer"), attrs=dict(fast=True), type_attrs=dict(T="matrix"))
class MatrixSolveLs:
    """Least-squares solutions X of matrix X = rhs: with `fast`, from the regularized normal equations
    (A^H A + l2 I) X = A^H rhs (or X = A^H (A A^H + l2 I)^-1 rhs when A is wide); otherwise the
    minimum-norm solution, ignoring `l2_regularizer` (TF's complete orthogonal decomposition)."""

    def infer(matrix, rhs, l2_regularizer, fast):
        check_dtype("MatrixSolveLs", "matrix", matrix, _SOLVE_TYPES)
        shape_fns.with_rank("MatrixSolveLs", l2_regularizer.shape, 0)
        return matrix.dtype.base_dtype, _solve_shape("MatrixSolveLs", matrix.shape, rhs.shape, square=False)

    def kernel(xp, matrix, rhs, l2_regularizer, fast):
        if matrix.shape[:-2] != rhs.shape[:-2] or matrix.shape[-2] != rhs.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrix and right-hand side must have the same "
                                              f"number of rows: {matrix.shape[-2]} vs. {rhs.shape[-2]}")
        m, n = matrix.shape[-2:]
        if m == 0 or n == 0 or rhs.shape[-1] == 0:
            return xp.zeros(matrix.shape[:-2] + (n, rhs.shape[-1]), dtype=matrix.dtype)
        a, b = _lapack(matrix), _lapack(rhs)
        if not fast:
            return (xp.linalg.pinv(a) @ b).astype(matrix.dtype)
        l2 = float(l2_regularizer)
        try:
            if m >= n:
                gram = _adjoint(xp, a) @ a + l2 * xp.eye(n, dtype=a.dtype)
                out = xp.linalg.solve(gram, _adjoint(xp, a) @ b)
            else:
                gram = a @ _adjoint(xp, a) + l2 * xp.eye(m, dtype=a.dtype)
                out = _adjoint(xp, a) @ xp.linalg.solve(gram, b)
        except np.linalg.LinAlgError:
            raise errors.InvalidArgumentError(None, None, "Input matrix is not invertible.") from None
        return out.astype(matrix.dtype)

    def grad(op_, grad):
        """TF's `_MatrixSolveLsGrad` (fast mode only)."""
        from .linalg import matrix_transpose
        from .math import cast

        if not op_.attrs["fast"]:
            raise ValueError("Gradient not defined for fast=False")
        a, b = op_.inputs[:2]

        def overdetermined():
            chol = _regularized_gramian_cholesky(a, cast(op_.inputs[2], a.dtype.base_dtype), first_kind=True)
            z = cholesky_solve(chol, grad)
            xzt = matmul(op_.outputs[0], z, adjoint_b=True)
            zx_sym = xzt + matrix_transpose(xzt)
            grad_a = -matmul(a, zx_sym) + matmul(b, z, adjoint_b=True)
            return grad_a, matmul(a, z)

        def underdetermined():
            chol = _regularized_gramian_cholesky(a, cast(op_.inputs[2], a.dtype.base_dtype), first_kind=False)
            grad_b = cholesky_solve(chol, matmul(a, grad))
            tmp = cholesky_solve(chol, b)
            a1 = -matmul(grad_b, matmul(tmp, a, adjoint_a=True))
            a2 = matmul(tmp, grad - matmul(a, grad_b, adjoint_a=True), adjoint_b=True)
            return a1 + a2, grad_b

        dims = _dims(a.shape)
        if dims is not None and None not in dims[-2:]:
            return (*(overdetermined() if dims[-2] >= dims[-1] else underdetermined()), None)
        return (*_matrix_shape_cond(a, overdetermined, underdetermined), None)

    samples = [((np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]), np.array([[1.0, 0.5], [2.0, -1.0], [0.0, 3.0]]),
                 np.array(0.25)), {}),
               ((np.array([[1.0, 2.0, 0.5], [3.0, 4.0, -1.0]]), np.array([[1.0], [2.0]]), np.array(0.0)), {}),
               ((np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]], np.float32), np.ones((3, 1), np.float32),
                 np.array(0.5)), dict(fast=False))]


@tf_export("linalg.lstsq", "matrix_solve_ls")
def matrix_solve_ls(matrix, rhs, l2_regularizer=0.0, fast=True, name=None) -> Tensor:
    """`tf.linalg.lstsq`: least-squares solutions. As in TF, `fast` builds the composite (Cholesky of the
    regularized Gramian, two triangular solves) for small or unknown shapes, else the MatrixSolveLs op."""
    matrix = convert_to_tensor(matrix, name="matrix")
    if matrix.dtype.base_dtype is dtypes.complex128 and (isinstance(l2_regularizer, Tensor) or l2_regularizer != 0):
        raise NotImplementedError("matrix_solve_ls is currently disabled for complex128 and l2_regularizer != 0 "
                                  "due to poor accuracy.")
    if not _use_composite(fast, matrix):
        with get_default_graph().name_scope(name or "MatrixSolveLs") as scope:
            rhs = convert_to_tensor(rhs, dtype=matrix.dtype.base_dtype, name="rhs")
            l2 = convert_to_tensor(l2_regularizer, dtype=dtypes.float64, name="l2_regularizer")
            return MatrixSolveLs(matrix, rhs, l2, fast=bool(fast), name=scope)

    def overdetermined():
        chol = _regularized_gramian_cholesky(matrix, l2_regularizer, first_kind=True)
        return cholesky_solve(chol, matmul(matrix, rhs, adjoint_a=True))

    def underdetermined():
        chol = _regularized_gramian_cholesky(matrix, l2_regularizer, first_kind=False)
        return matmul(matrix, cholesky_solve(chol, rhs), adjoint_a=True)

    with get_default_graph().name_scope(name or "matrix_solve_ls"):
        dims = _dims(matrix.shape)
        if dims is not None and None not in dims[-2:]:
            return overdetermined() if dims[-2] >= dims[-1] else underdetermined()
        return _matrix_shape_cond(matrix, overdetermined, underdetermined)


def _matrix_shape_cond(matrix: Tensor, tall_fn, wide_fn):
    """TF's run-time choice for a matrix of unknown shape: `cond(rows >= cols, tall_fn, wide_fn)`."""
    from .array import shape
    from .array_slicing import strided_slice
    from .functional import cond
    from .math import greater_equal

    matrix_shape = strided_slice(shape(matrix), [-2], [0], end_mask=1)
    rows = strided_slice(matrix_shape, [-2], [-1], shrink_axis_mask=1)
    cols = strided_slice(matrix_shape, [-1], [0], end_mask=1, shrink_axis_mask=1)
    return cond(greater_equal(rows, cols), tall_fn, wide_fn)


def _use_composite(fast, matrix: Tensor) -> bool:
    """TF's `_use_composite_impl`: the composite unless `fast` is off or the batch is large and io-bound."""
    if fast is False:
        return False
    dims = _dims(matrix.shape)
    if dims is None or None in dims:
        return True
    size = int(np.prod(dims)) * matrix.dtype.size
    return not (size > 256000 and int(np.prod(dims[:-2])) > min(dims[-2:]))


# --- Cross -----------------------------------------------------------------------------------

@op("Cross", inputs=("a", "b"))
class Cross:
    """The cross product of the 3-vectors along the last dimension of `a` and `b` (same shapes)."""

    def infer(a, b):
        check_dtype("Cross", "a", a, REAL)
        shape_fns.with_rank_at_least("Cross", a.shape, 1)
        shape_fns.with_rank_at_least("Cross", b.shape, 1)
        shape = shape_fns.merge("Cross", a.shape, b.shape)
        if shape.ndims is not None and shape.as_list()[-1] not in (None, 3):
            raise ValueError(f"Dimension must be 3 but is {shape.as_list()[-1]} for 'Cross'")
        return a.dtype.base_dtype, shape

    def kernel(xp, a, b):
        if a.shape != b.shape:
            raise errors.InvalidArgumentError(None, None, f"Both inputs must be of same shape: "
                                              f"{_runtime_shape(a.shape)} vs. {_runtime_shape(b.shape)}")
        if a.ndim < 1:
            raise errors.InvalidArgumentError(None, None, "Input must be at least 1D" + _runtime_shape(a.shape))
        if a.shape[-1] != 3:
            raise errors.InvalidArgumentError(None, None, f"Trailing dimension must be of size 3: "
                                              f"{_runtime_shape(a.shape)}")
        return xp.cross(a, b).astype(a.dtype)

    def grad(op_, grad):
        """TF's `_CrossGrad`: (cross(b, grad), cross(grad, a))."""
        a, b = op_.inputs
        return cross(b, grad), cross(grad, a)

    samples = [((np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]]), np.array([[-1.0, 0.0, 4.0], [2.0, 2.0, 1.0]])), {}),
               ((np.array([1, 2, 3], np.int32), np.array([3, 2, 1], np.int32)), {})]


@tf_export("linalg.cross", "cross")
def cross(a, b, name=None) -> Tensor:
    """`tf.linalg.cross`: pairwise cross products of the 3-vectors in the last dimension."""
    with get_default_graph().name_scope(name or "Cross") as scope:
        a, b = convert_same_dtype("Cross", [a, b], ["a", "b"])
        return Cross(a, b, name=scope)
