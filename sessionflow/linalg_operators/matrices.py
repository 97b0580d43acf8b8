"""LinearOperators defined by their entries: FullMatrix, LowerTriangular, Diag, Householder, Permutation
and Tridiag (Identity, ScaledIdentity and Zeros: constant_diagonal.py). Each overrides only what its
structure makes exact or cheap; everything else is the base class's dense algorithm."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import static_value
from ..ops import array as array_ops
from ..ops import linalg as linalg_ops
from ..ops import math as math_ops
from ..ops import reduction
from ..ops.constant import convert_to_tensor
from ..ops.linalg_decomp import matrix_set_diag
from ..ops.linalg_solve import matrix_triangular_solve
from ..ops.linalg_tridiagonal import _conj, tridiagonal_matmul, tridiagonal_solve
from .base import LinearOperator, adjoint_of, broadcast_matrix_batch_dims, dense_matmul, dim_value

_FLOATS = [dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128]


def _scope(name):
    return get_default_graph().name_scope(name)


@tf_export("linalg.LinearOperatorFullMatrix")
class LinearOperatorFullMatrix(LinearOperator):
    """A dense [..., M, N] matrix as an operator."""

    def __init__(self, matrix, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name="LinearOperatorFullMatrix"):
        parameters = dict(matrix=matrix, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        with _scope(name):
            self._matrix = convert_to_tensor(matrix, name="matrix")
            if self._matrix.dtype.base_dtype not in _FLOATS:
                raise TypeError(f"Argument `matrix` must have dtype in {_FLOATS}. Received: {self._matrix.dtype}.")
            if self._matrix.shape.ndims is not None and self._matrix.shape.ndims < 2:
                raise ValueError(f"Argument `matrix` must have at least 2 dimensions. Received: {self._matrix}.")
            super().__init__(self._matrix.dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=is_square, parameters=parameters,
                             name=name)

    def _shape(self):
        return self._matrix.shape

    def _shape_tensor(self):
        return array_ops.shape(self._matrix)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return dense_matmul(self._matrix, x, adjoint, adjoint_arg)

    def _to_dense(self):
        return self._matrix


@tf_export("linalg.LinearOperatorLowerTriangular")
class LinearOperatorLowerTriangular(LinearOperator):
    """The lower triangle of [..., N, N] `tril` (the rest is ignored) as an operator."""

    def __init__(self, tril, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name="LinearOperatorLowerTriangular"):
        parameters = dict(tril=tril, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        if is_square is False:
            raise ValueError("Only square lower triangular operators supported at this time.")
        with _scope(name):
            self._tril = convert_to_tensor(tril, name="tril")
            if self._tril.shape.ndims is not None and self._tril.shape.ndims < 2:
                raise ValueError(f"Argument tril must have at least 2 dimensions.  Found: {self._tril}")
            super().__init__(self._tril.dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=True, parameters=parameters,
                             name=name)

    def _shape(self):
        return self._tril.shape

    def _shape_tensor(self):
        return array_ops.shape(self._tril)

    def _get_tril(self):
        return linalg_ops.matrix_band_part(self._tril, -1, 0)

    def _diag(self):
        return linalg_ops.matrix_diag_part(self._tril)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return dense_matmul(self._get_tril(), x, adjoint, adjoint_arg)

    def _determinant(self):
        return reduction.reduce_prod(self._diag(), axis=[-1])

    def _log_abs_determinant(self):
        return reduction.reduce_sum(math_ops.log(math_ops.abs(self._diag())), axis=[-1])

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = adjoint_of(rhs) if adjoint_arg else rhs
        tril, rhs = broadcast_matrix_batch_dims(self._get_tril(), rhs)
        return matrix_triangular_solve(tril, rhs, lower=True, adjoint=adjoint)

    def _to_dense(self):
        return self._get_tril()

    def _eigvals(self):
        return self._diag()


@tf_export("linalg.LinearOperatorDiag")
class LinearOperatorDiag(LinearOperator):
    """The square diagonal matrix with `diag` [..., N] on its diagonal."""

    def __init__(self, diag, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name="LinearOperatorDiag"):
        parameters = dict(diag=diag, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        with _scope(name):
            self._diag = convert_to_tensor(diag, name="diag")
            if self._diag.shape.ndims is not None and self._diag.shape.ndims < 1:
                raise ValueError(f"Argument diag must have at least 1 dimension.  Found: {self._diag}")
            if not self._diag.dtype.is_complex:
                if is_self_adjoint is False:
                    raise ValueError("A real diagonal operator is always self adjoint.")
                is_self_adjoint = True
            if is_square is False:
                raise ValueError("Only square diagonal operators currently supported.")
            super().__init__(self._diag.dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=True, parameters=parameters,
                             name=name)

    @property
    def diag(self):
        return self._diag

    def _shape(self):
        return self._diag.shape.concatenate(self._diag.shape[-1:])

    def _shape_tensor(self):
        s = array_ops.shape(self._diag)
        return array_ops.concat([s, s[-1:]], 0)

    def _linop_inverse(self):
        return LinearOperatorDiag(1.0 / self._diag, is_non_singular=self.is_non_singular,
                                  is_self_adjoint=self.is_self_adjoint, is_positive_definite=self.is_positive_definite,
                                  is_square=True)

    def _linop_adjoint(self):
        return LinearOperatorDiag(_conj(self._diag), is_non_singular=self.is_non_singular,
                                  is_self_adjoint=self.is_self_adjoint, is_positive_definite=self.is_positive_definite,
                                  is_square=True)

    def _linop_cholesky(self):
        return LinearOperatorDiag(math_ops.sqrt(self._diag), is_non_singular=True, is_self_adjoint=True,
                                  is_positive_definite=True, is_square=True)

    def _linop_matmul(self, left, right):
        if isinstance(right, LinearOperatorDiag):
            return LinearOperatorDiag(left.diag * right.diag, is_square=True,
                                      is_non_singular=_both(left.is_non_singular, right.is_non_singular))
        if getattr(right, "_is_scaled_identity", False):
            return LinearOperatorDiag(left.diag * right.multiplier, is_square=True)
        return super()._linop_matmul(left, right)

    def _linop_solve(self, left, right):
        if isinstance(right, LinearOperatorDiag):
            return LinearOperatorDiag(right.diag / left.diag, is_square=True)
        return None

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        d = _conj(self._diag) if adjoint else self._diag
        x = adjoint_of(x) if adjoint_arg else x
        return array_ops.expand_dims(d, -1) * x

    def _matvec(self, x, adjoint=False):
        return (_conj(self._diag) if adjoint else self._diag) * x

    def _determinant(self):
        return reduction.reduce_prod(self._diag, axis=[-1])

    def _log_abs_determinant(self):
        return reduction.reduce_sum(math_ops.log(math_ops.abs(self._diag)), axis=[-1])

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        d = _conj(self._diag) if adjoint else self._diag
        rhs = adjoint_of(rhs) if adjoint_arg else rhs
        return rhs * array_ops.expand_dims(1.0 / d, -1)

    def _to_dense(self):
        return linalg_ops.matrix_diag(self._diag)

    def _diag_part(self):
        return self._diag

    def _add_to_tensor(self, x):
        return matrix_set_diag(x, self._diag + linalg_ops.matrix_diag_part(x))

    def _eigvals(self):
        return self._diag

    def _cond(self):
        a = math_ops.abs(self._diag)
        return reduction.reduce_max(a, axis=-1) / reduction.reduce_min(a, axis=-1)


def _both(a, b):
    if a is False or b is False:
        return False
    return True if a and b else None


@tf_export("linalg.LinearOperatorHouseholder")
class LinearOperatorHouseholder(LinearOperator):
    """The reflection I - 2 v v^H / |v|^2 across the hyperplane orthogonal to `reflection_axis` v."""

    def __init__(self, reflection_axis, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorHouseholder"):
        parameters = dict(reflection_axis=reflection_axis, is_non_singular=is_non_singular,
                          is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                          is_square=is_square, name=name)
        with _scope(name):
            self._axis = convert_to_tensor(reflection_axis, name="reflection_axis")
            if self._axis.shape.ndims is not None and self._axis.shape.ndims < 1:
                raise ValueError(f"Argument reflection_axis must have at least 1 dimension.  Found: {self._axis}")
            if is_self_adjoint is False:
                raise ValueError("A Householder operator is always self adjoint.")
            if is_non_singular is False:
                raise ValueError("A Householder operator is always non-singular.")
            if is_square is False:
                raise ValueError("A Householder operator is always square.")
            if is_positive_definite is True:
                raise ValueError("A Householder operator is always non-positive definite.")
            super().__init__(self._axis.dtype, is_non_singular=True, is_self_adjoint=True,
                             is_positive_definite=is_positive_definite, is_square=True, parameters=parameters,
                             name=name)

    @property
    def reflection_axis(self):
        return self._axis

    def _shape(self):
        return self._axis.shape.concatenate(self._axis.shape[-1:])

    def _shape_tensor(self):
        s = array_ops.shape(self._axis)
        return array_ops.concat([s, s[-1:]], 0)

    def _unit_axis(self):
        from ..ops.nn_norm import l2_normalize

        return l2_normalize(self._axis, axis=-1)[..., None]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = adjoint_of(x) if adjoint_arg else x
        v = self._unit_axis()
        return x - 2 * v * dense_matmul(v, x, adjoint=True)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint, adjoint_arg)

    def _determinant(self):
        return -array_ops.ones(self.batch_shape_tensor(), dtype=self.dtype)

    def _log_abs_determinant(self):
        return array_ops.zeros(self.batch_shape_tensor(), dtype=self.dtype)

    def _to_dense(self):
        v = self._unit_axis()
        batch, n = self._dense_batch_and_size()
        return linalg_ops.eye(num_rows=n, batch_shape=batch, dtype=self.dtype) - 2 * dense_matmul(v, adjoint_of(v))

    def _diag_part(self):
        v = self._unit_axis()[..., 0]
        return 1 - 2 * v * _conj(v)

    def _trace(self):
        n = dim_value(self.domain_dimension)
        n = convert_to_tensor(float(n), dtype=self.dtype) if n is not None else \
            math_ops.cast(self.domain_dimension_tensor(), self.dtype)
        return (n - 2) * array_ops.ones(self.batch_shape_tensor(), dtype=self.dtype)

    def _eigvals(self):
        n = self.domain_dimension_tensor()
        ones = array_ops.ones(array_ops.concat([self.batch_shape_tensor(), [n - 1]], 0), dtype=self.dtype)
        return array_ops.concat([-array_ops.ones(array_ops.concat([self.batch_shape_tensor(), [1]], 0),
                                                 dtype=self.dtype), ones], axis=-1)

    def _cond(self):
        return array_ops.ones(self.batch_shape_tensor(), dtype=self.dtype)


@tf_export("linalg.LinearOperatorPermutation")
class LinearOperatorPermutation(LinearOperator):
    """The permutation matrix P with (P x)[i] = x[perm[i]]."""

    def __init__(self, perm, dtype=dtypes.float32, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorPermutation"):
        parameters = dict(perm=perm, dtype=dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        with _scope(name):
            self._perm = convert_to_tensor(perm, name="perm")
            if self._perm.shape.ndims is not None and self._perm.shape.ndims < 1:
                raise ValueError(f"Argument `perm` must have at least 1 dimension. Received: {self._perm}.")
            if not self._perm.dtype.is_integer:
                raise TypeError(f"Argument `perm` must be integer dtype. Received: {self._perm}.")
            static = static_value(self._perm)
            if static is not None and np.any(np.sort(static, axis=-1) != np.arange(static.shape[-1])):
                raise ValueError(f"Argument `perm` must be a vector of unique integers from 0 to "
                                 f"{static.shape[-1] - 1}.")
            if is_non_singular is False:
                raise ValueError(f"A Permutation operator is always non-singular. Expected argument "
                                 f"`is_non_singular` to be True. Received: {is_non_singular}.")
            if is_square is False:
                raise ValueError(f"A Permutation operator is always square. Expected argument `is_square` to be "
                                 f"True. Received: {is_square}.")
            super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=True, parameters=parameters,
                             name=name)

    @property
    def perm(self):
        return self._perm

    def _shape(self):
        return self._perm.shape.concatenate(self._perm.shape[-1:])

    def _shape_tensor(self):
        s = array_ops.shape(self._perm)
        return array_ops.concat([s, s[-1:]], 0)

    def _to_dense(self):
        n = array_ops.shape(self._perm)[-1]
        return math_ops.cast(math_ops.equal(array_ops.range(0, n), self._perm[..., None]), self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return dense_matmul(self._to_dense(), x, adjoint, adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _log_abs_determinant(self):
        return array_ops.zeros(self.batch_shape_tensor(), dtype=self.dtype)

    def _diag_part(self):
        n = array_ops.shape(self._perm)[-1]
        return math_ops.cast(math_ops.equal(array_ops.range(0, n), self._perm), self.dtype)

    def _cond(self):
        return array_ops.ones(self.batch_shape_tensor(), dtype=self.dtype)


@tf_export("linalg.LinearOperatorTridiag")
class LinearOperatorTridiag(LinearOperator):
    """A square tridiagonal matrix from its diagonals ('compact' [..., 3, N], 'sequence' or 'matrix')."""

    def __init__(self, diagonals, diagonals_format="compact", is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorTridiag"):
        parameters = dict(diagonals=diagonals, diagonals_format=diagonals_format, is_non_singular=is_non_singular,
                          is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                          is_square=is_square, name=name)
        with _scope(name):
            if diagonals_format not in ("compact", "matrix", "sequence"):
                raise ValueError(f"Argument `diagonals_format` must be one of compact, matrix, or sequence. "
                                 f"Received : {diagonals_format}.")
            if diagonals_format == "sequence":
                self._diagonals = [convert_to_tensor(d, name=f"diag_{i}") for i, d in enumerate(diagonals)]
                dtype = self._diagonals[0].dtype
            else:
                self._diagonals = convert_to_tensor(diagonals, name="diagonals")
                dtype = self._diagonals.dtype
            self._diagonals_format = diagonals_format
            super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=is_square, parameters=parameters,
                             name=name)

    @property
    def diagonals(self):
        return self._diagonals

    @property
    def diagonals_format(self):
        return self._diagonals_format

    def _shape(self):
        if self._diagonals_format == "matrix":
            return self._diagonals.shape
        if self._diagonals_format == "compact":
            d = self._diagonals.shape[:-2].concatenate(self._diagonals.shape[-1:])
        else:
            from ..ops.array_broadcast import broadcast_static_shape

            batch = broadcast_static_shape(self._diagonals[0].shape[:-1], self._diagonals[1].shape[:-1])
            batch = broadcast_static_shape(batch, self._diagonals[2].shape[:-1])
            d = batch.concatenate(self._diagonals[1].shape[-1:])
        return d.concatenate(d[-1:])

    def _shape_tensor(self):
        if self._diagonals_format == "matrix":
            return array_ops.shape(self._diagonals)
        main = self._diagonals[1] if self._diagonals_format == "sequence" else self._diagonals[..., 1, :]
        s = array_ops.shape(main)
        return array_ops.concat([s, s[-1:]], 0)

    def _compact(self):
        """The [..., 3, N] compact diagonals, whatever the format."""
        if self._diagonals_format == "compact":
            return self._diagonals
        if self._diagonals_format == "sequence":
            return array_ops.stack(list(self._diagonals), axis=-2)
        from ..ops.linalg_tridiagonal import _three_diagonals

        return array_ops.stack(_three_diagonals(self._diagonals), axis=-2)

    def _adjoint_compact(self):
        d = _conj(self._compact())
        sup, main, sub = d[..., 0, :], d[..., 1, :], d[..., 2, :]
        new_sup = array_ops.concat([sub[..., 1:], sub[..., :1]], axis=-1)
        new_sub = array_ops.concat([sup[..., -1:], sup[..., :-1]], axis=-1)
        return array_ops.stack([new_sup, main, new_sub], axis=-2)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        d = self._adjoint_compact() if adjoint else self._compact()
        return tridiagonal_matmul(d, adjoint_of(x) if adjoint_arg else x)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        from ..ops.array_broadcast import broadcast_dynamic_shape, broadcast_to

        d = self._adjoint_compact() if adjoint else self._compact()
        rhs_shape = array_ops.shape(rhs)
        batch = broadcast_dynamic_shape(array_ops.shape(d)[:-2], rhs_shape[:-2])
        rhs = broadcast_to(rhs, array_ops.concat([batch, rhs_shape[-2:]], -1))
        d = broadcast_to(d, array_ops.concat([batch, array_ops.shape(d)[-2:]], -1))
        return tridiagonal_solve(d, rhs, transpose_rhs=adjoint_arg, conjugate_rhs=adjoint_arg)

    def _diag_part(self):
        if self._diagonals_format == "matrix":
            return linalg_ops.matrix_diag_part(self._diagonals)
        if self._diagonals_format == "sequence":
            from ..ops.array_broadcast import broadcast_to

            return broadcast_to(self._diagonals[1], self.shape_tensor()[:-1])
        return self._diagonals[..., 1, :]

    def _to_dense(self):
        if self._diagonals_format == "matrix":
            return self._diagonals
        d = self._compact()
        return (linalg_ops.matrix_diag(d[..., 1, :]) + linalg_ops.matrix_diag(d[..., 0, :-1], k=1)
                + linalg_ops.matrix_diag(d[..., 2, 1:], k=-1))
