"""LU factorisation with partial pivoting (the `Lu` op) and the functions TF composes over it:
`tf.linalg.lu_solve`, `lu_reconstruct`, `lu_matrix_inverse`.

`Lu` returns TF's layout: one matrix holding L's strict lower triangle (L has a unit diagonal) and U's
upper triangle, and `p`, the row permutation as indices: `input[p] = L @ U`. TF registers no gradient for
it. The composites apply the permutation as a product with its 0/1 matrix, which is exact (each entry is
one value times 1 plus zeros) and works for any batch shape.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from .common import check_dtype
from .constant import convert_to_tensor
from .linalg import _square_matrices, matrix_band_part
from .linalg_decomp import matrix_set_diag
from .linalg_solve import matrix_triangular_solve
from .matmul import matmul

_LU_TYPES = (dtypes.float64, dtypes.float32, dtypes.float16, dtypes.complex64, dtypes.complex128)


def _factor(xp, a):
    """Doolittle elimination with row pivoting on the largest magnitude (the first one on ties), as Eigen's
    PartialPivLU; returns (lu, perm, singular) over a [batch, n, n] stack."""
    lu = a.copy()
    batch, n = lu.shape[0], lu.shape[-1]
    perm = np.tile(np.arange(n), (batch, 1))
    rows = np.arange(batch)
    singular = False
    for k in range(n):
        piv = k + np.argmax(np.abs(lu[:, k:, k]), axis=1)
        lu[rows, k], lu[rows, piv] = lu[rows, piv].copy(), lu[rows, k].copy()
        perm[rows, k], perm[rows, piv] = perm[rows, piv], perm[rows, k]
        pivot = lu[:, k, k]
        zero = pivot == 0
        singular = singular or bool(zero.any())
        scale = xp.where(zero, xp.ones_like(pivot), pivot)
        lu[:, k + 1:, k] /= scale[:, None]
        lu[:, k + 1:, k + 1:] -= lu[:, k + 1:, k, None] * lu[:, k, None, k + 1:]
    return lu, perm, singular


@op("Lu", inputs=("input",), attrs=dict(output_idx_type=dtypes.int32))
class Lu:
    """LU factors of each square matrix of a batch and its row permutation: input[p] = L @ U."""

    def infer(input, output_idx_type):
        check_dtype("Lu", "input", input, _LU_TYPES)
        shape = _square_matrices("Lu", input)
        perm = TensorShape(None) if shape.ndims is None else TensorShape(shape.as_list()[:-1])
        return [(input.dtype.base_dtype, shape), (dtypes.as_dtype(output_idx_type), perm)]

    def kernel(xp, input, output_idx_type):
        if input.ndim < 2 or input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, "Input matrix must be square.")
        n = input.shape[-1]
        work = input.astype(np.float32) if input.dtype == np.float16 else input
        lu, perm, singular = _factor(xp, work.reshape((-1, n, n)))
        if singular:
            raise errors.InvalidArgumentError(None, None, "Input is not invertible.")
        index = dtypes.as_dtype(output_idx_type).as_numpy_dtype
        return lu.reshape(input.shape).astype(input.dtype), perm.reshape(input.shape[:-1]).astype(index)

    def grad(op_, *grads):
        raise LookupError(f"No gradient defined for operation'{op_.name}' (op type: Lu). In general every "
                          "operation must have an associated `@tf.RegisterGradient` for correct autodiff, which "
                          "this op is lacking.")

    samples = [((np.array([[1.0, 2.0, 0.5], [3.0, 4.0, -1.0], [0.5, -2.0, 6.0]], np.float32),), {}),
               ((np.array([[[2.0, 1.0], [4.0, -1.0]], [[0.0, 1.0], [1.0, 0.0]]], np.float32),),
                dict(output_idx_type=dtypes.int64))]


@tf_export("linalg.lu")
def lu(input, output_idx_type=dtypes.int32, name=None):
    """`tf.linalg.lu`: `(lu, p)`, the packed LU factors and the row permutation of each matrix."""
    with get_default_graph().name_scope(name or "Lu") as scope:
        return Lu(convert_to_tensor(input, name="input"), output_idx_type=dtypes.as_dtype(output_idx_type),
                  name=scope)


def _permutation_matrix(perm: Tensor, dtype) -> Tensor:
    """The 0/1 matrix P with P[i, perm[i]] = 1 (so P @ A = A[perm]), batched like `perm`."""
    from .array import shape
    from .array_index import one_hot
    from .array_slicing import strided_slice

    depth = strided_slice(shape(perm), [-1], [0], end_mask=1, shrink_axis_mask=1)
    return one_hot(perm, depth, dtype=dtype)


def _unit_lower(lower_upper: Tensor) -> Tensor:
    from .array import ones, shape
    from .array_slicing import strided_slice

    diag_shape = strided_slice(shape(lower_upper), [0], [-1], begin_mask=1)
    return matrix_set_diag(matrix_band_part(lower_upper, -1, 0), ones(diag_shape, dtype=lower_upper.dtype))


def _lu_inputs(lower_upper, perm):
    lower_upper = convert_to_tensor(lower_upper, dtype_hint=dtypes.float32, name="lower_upper")
    perm = convert_to_tensor(perm, dtype_hint=dtypes.int32, name="perm")
    return lower_upper, perm


def _check_lu(lower_upper: Tensor, perm: Tensor) -> None:
    """TF's static checks (`lu_reconstruct_assertions`)."""
    if lower_upper.shape.ndims is not None and lower_upper.shape.ndims < 2:
        raise ValueError("Input `lower_upper` must have at least 2 dimensions.")
    if perm.shape.ndims is not None and lower_upper.shape.ndims is not None \
            and lower_upper.shape.ndims != perm.shape.ndims + 1:
        raise ValueError("`rank(lower_upper)` must equal `rank(perm) + 1`")
    if lower_upper.shape.ndims is not None:
        rows, cols = lower_upper.shape.as_list()[-2:]
        if rows is not None and cols is not None and rows != cols:
            raise ValueError("`lower_upper` must be square.")


@tf_export("linalg.lu_reconstruct")
def lu_reconstruct(lower_upper, perm, validate_args=False, name=None) -> Tensor:
    """`tf.linalg.lu_reconstruct`: the matrix `lu` factors, (L @ U) with its rows put back in place."""
    with get_default_graph().name_scope(name or "lu_reconstruct"):
        lower_upper, perm = _lu_inputs(lower_upper, perm)
        _check_lu(lower_upper, perm)
        upper = matrix_band_part(lower_upper, 0, -1)
        product = matmul(_unit_lower(lower_upper), upper)
        x = matmul(_permutation_matrix(perm, lower_upper.dtype), product, transpose_a=True)
        x.set_shape(lower_upper.shape)
        return x


@tf_export("linalg.lu_solve")
def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None) -> Tensor:
    """`tf.linalg.lu_solve`: X with A X = rhs, A given by its `lu` factors (batches broadcast)."""
    with get_default_graph().name_scope(name or "lu_solve"):
        lower_upper, perm = _lu_inputs(lower_upper, perm)
        rhs = convert_to_tensor(rhs, dtype_hint=lower_upper.dtype, name="rhs")
        _check_lu(lower_upper, perm)
        if rhs.shape.ndims is not None and rhs.shape.ndims < 2:
            raise ValueError("Input `rhs` must have at least 2 dimensions.")
        n, d = lower_upper.shape.as_list()[-1] if lower_upper.shape.ndims else None, \
            rhs.shape.as_list()[-2] if rhs.shape.ndims else None
        if n is not None and d is not None and n != d:
            raise ValueError("`lower_upper.shape[-1]` must equal `rhs.shape[-1]`.")
        permuted = matmul(_permutation_matrix(perm, lower_upper.dtype), rhs)
        y = matrix_triangular_solve(_unit_lower(lower_upper), permuted)
        return matrix_triangular_solve(lower_upper, y, lower=False)


@tf_export("linalg.lu_matrix_inverse")
def lu_matrix_inverse(lower_upper, perm, validate_args=False, name=None) -> Tensor:
    """`tf.linalg.lu_matrix_inverse`: the inverse of the matrix given by its `lu` factors."""
    from .array import shape
    from .array_slicing import strided_slice
    from .linalg import eye

    with get_default_graph().name_scope(name or "lu_matrix_inverse"):
        lower_upper, perm = _lu_inputs(lower_upper, perm)
        _check_lu(lower_upper, perm)
        dims = shape(lower_upper)
        n = strided_slice(dims, [-1], [0], end_mask=1, shrink_axis_mask=1)
        batch = strided_slice(dims, [0], [-2], begin_mask=1)
        return lu_solve(lower_upper, perm, eye(n, batch_shape=batch, dtype=lower_upper.dtype))
