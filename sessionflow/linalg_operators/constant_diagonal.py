"""LinearOperators with a constant diagonal, sized by numbers: Identity, ScaledIdentity and Zeros."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.registry import static_value
from ..framework.tensor_shape import TensorShape
from ..ops import array as array_ops
from ..ops import linalg as linalg_ops
from ..ops import math as math_ops
from ..ops import reduction
from ..ops.constant import convert_to_tensor
from ..ops.linalg_decomp import matrix_set_diag
from ..ops.linalg_tridiagonal import _conj
from .base import LinearOperator, adjoint_of, dim_value, shape_tensor
from .matrices import LinearOperatorDiag, _scope


def _check_size(value, what):
    """A static, non-negative, integer size (TF's checks on num_rows/num_columns/batch_shape)."""
    t = shape_tensor(value, name=what) if not hasattr(value, "dtype") else value
    if not t.dtype.is_integer:
        raise TypeError(f"Argument {what} must be integer type.  Found: {t}")
    static = static_value(t)
    if static is not None:
        static = np.asarray(static)
        want = 1 if what == "batch_shape" else 0
        if static.ndim != want:
            raise ValueError(f"Argument {what} must be a {want}-D Tensor.  Found: {static}")
        if np.any(static < 0):
            raise ValueError(f"Argument {what} must be non-negative.  Found: {static}")
    return t, static


class _ConstantDiagonal(LinearOperator):
    """Shared by Identity, ScaledIdentity and Zeros: a size given by numbers, a constant diagonal."""

    def _init_sizes(self, num_rows, num_columns=None, batch_shape=None):
        self._num_rows, self._num_rows_static = _check_size(num_rows, "num_rows")
        self._num_columns, self._num_columns_static = (self._num_rows, self._num_rows_static) if num_columns is None \
            else _check_size(num_columns, "num_columns")
        if batch_shape is None:
            self._batch_shape_arg, self._batch_shape_static = None, None
        else:
            self._batch_shape_arg, self._batch_shape_static = _check_size(batch_shape, "batch_shape")

    def _matrix_shape(self):
        def d(v):
            return None if v is None else int(v)

        return TensorShape([d(self._num_rows_static), d(self._num_columns_static)])

    def _shape(self):
        if self._batch_shape_arg is None:
            return self._matrix_shape()
        batch = TensorShape(None if self._batch_shape_static is None else [int(v) for v in self._batch_shape_static])
        return batch.concatenate(self._matrix_shape())

    def _shape_tensor(self):
        matrix = array_ops.stack([self._num_rows, self._num_columns], axis=0)
        return matrix if self._batch_shape_arg is None else array_ops.concat([self._batch_shape_arg, matrix], 0)

    def _batch_ones_shape(self):
        return self.batch_shape.as_list() if self.batch_shape.is_fully_defined() else self.batch_shape_tensor()

    def _min_dim(self):
        d, r = dim_value(self.domain_dimension), dim_value(self.range_dimension)
        return None if d is None or r is None else min(d, r)

    def _constant_diag(self, fill):
        n = self._min_dim()
        if self.shape.is_fully_defined():
            shape = self.batch_shape.as_list() + [n]
        else:
            shape = array_ops.concat([self.batch_shape_tensor(), [reduction.reduce_min(self.shape_tensor()[-2:])]], 0)
        return fill(shape, dtype=self.dtype)

    def _broadcast_batch(self, x):
        """x broadcast against the operator's batch shape (x + zeros when the shapes differ)."""
        if self._batch_shape_arg is None:
            return x
        special = self.batch_shape.concatenate([1, 1])
        if special.is_fully_defined() and x.shape.ndims is not None:
            try:
                merged = np.broadcast_shapes(tuple(d if d is not None else 1 for d in x.shape.as_list()),
                                             tuple(special.as_list()))
            except ValueError:
                merged = None
            if merged == tuple(x.shape.as_list()):
                return x
            return x + array_ops.zeros(special.as_list(), dtype=self.dtype)
        return x + array_ops.zeros(array_ops.concat([self.batch_shape_tensor(), [1, 1]], 0), dtype=self.dtype)


@tf_export("linalg.LinearOperatorIdentity")
class LinearOperatorIdentity(_ConstantDiagonal):
    """The [batch_shape] + [N, N] identity."""

    _is_identity = True

    def __init__(self, num_rows, batch_shape=None, dtype=None, is_non_singular=True, is_self_adjoint=True,
                 is_positive_definite=True, is_square=True, assert_proper_shapes=False,
                 name="LinearOperatorIdentity"):
        parameters = dict(num_rows=num_rows, batch_shape=batch_shape, dtype=dtype, is_non_singular=is_non_singular,
                          is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                          is_square=is_square, assert_proper_shapes=assert_proper_shapes, name=name)
        with _scope(name):
            if not is_self_adjoint:
                raise ValueError("An identity operator is always self adjoint.")
            if not is_non_singular:
                raise ValueError("An identity operator is always non-singular.")
            if not is_positive_definite:
                raise ValueError("An identity operator is always positive-definite.")
            if not is_square:
                raise ValueError("An identity operator is always square.")
            super().__init__(dtypes.as_dtype(dtype or dtypes.float32), is_non_singular=True, is_self_adjoint=True,
                             is_positive_definite=True, is_square=True, parameters=parameters, name=name)
            self._init_sizes(num_rows, batch_shape=batch_shape)

    def _linop_adjoint(self):
        return self

    def _linop_inverse(self):
        return self

    def _linop_cholesky(self):
        return self

    def _linop_matmul(self, left, right):
        return right

    def _linop_solve(self, left, right):
        return right

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._broadcast_batch(adjoint_of(x) if adjoint_arg else x)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return array_ops.ones(self._batch_ones_shape(), dtype=self.dtype)

    def _log_abs_determinant(self):
        return array_ops.zeros(self._batch_ones_shape(), dtype=self.dtype)

    def _trace(self):
        ones = array_ops.ones(self._batch_ones_shape(), dtype=self.dtype)
        n = self._min_dim()
        return (n if n is not None else math_ops.cast(reduction.reduce_min(self.shape_tensor()[-2:]), self.dtype)) \
            * ones

    def _diag_part(self):
        return self._constant_diag(array_ops.ones)

    def _to_dense(self):
        batch, n = self._dense_batch_and_size()
        return linalg_ops.eye(num_rows=n, batch_shape=batch, dtype=self.dtype)

    def add_to_tensor(self, mat, name="add_to_tensor"):
        with self._name_scope(name):
            mat = convert_to_tensor(mat, name="mat")
            return matrix_set_diag(mat, 1 + linalg_ops.matrix_diag_part(mat))

    def _eigvals(self):
        return self._constant_diag(array_ops.ones)

    def _cond(self):
        return array_ops.ones(self._batch_ones_shape(), dtype=self.dtype)


@tf_export("linalg.LinearOperatorScaledIdentity")
class LinearOperatorScaledIdentity(_ConstantDiagonal):
    """multiplier * I, `multiplier`'s shape being the batch shape."""

    _is_scaled_identity = True

    def __init__(self, num_rows, multiplier, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=True, assert_proper_shapes=False, name="LinearOperatorScaledIdentity"):
        parameters = dict(num_rows=num_rows, multiplier=multiplier, is_non_singular=is_non_singular,
                          is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                          is_square=is_square, assert_proper_shapes=assert_proper_shapes, name=name)
        with _scope(name):
            self._multiplier = convert_to_tensor(multiplier, name="multiplier")
            if not self._multiplier.dtype.is_complex:
                if is_self_adjoint is False:
                    raise ValueError("A real diagonal operator is always self adjoint.")
                is_self_adjoint = True
            if not is_square:
                raise ValueError("A ScaledIdentity operator is always square.")
            super().__init__(self._multiplier.dtype.base_dtype, is_non_singular=is_non_singular,
                             is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                             is_square=is_square, parameters=parameters, name=name)
            self._init_sizes(num_rows)
            self._num_rows_as_dtype = math_ops.cast(self._num_rows, self.dtype)

    @property
    def multiplier(self):
        return self._multiplier

    def _shape(self):
        return self._multiplier.shape.concatenate(self._matrix_shape())

    def _shape_tensor(self):
        return array_ops.concat([array_ops.shape(self._multiplier),
                                 array_ops.stack([self._num_rows, self._num_rows], axis=0)], 0)

    def _multiplier_matrix(self, conjugate=False):
        m = array_ops.expand_dims(array_ops.expand_dims(self._multiplier, -1), -1)
        return _conj(m) if conjugate else m

    def _linop_adjoint(self):
        return LinearOperatorScaledIdentity(self._num_rows, _conj(self._multiplier), is_square=True)

    def _linop_inverse(self):
        return LinearOperatorScaledIdentity(self._num_rows, 1.0 / self._multiplier, is_self_adjoint=True,
                                            is_square=True)

    def _linop_cholesky(self):
        return LinearOperatorScaledIdentity(self._num_rows, math_ops.sqrt(self._multiplier), is_non_singular=True,
                                            is_self_adjoint=True, is_positive_definite=True, is_square=True)

    def _linop_matmul(self, left, right):
        if isinstance(right, LinearOperatorScaledIdentity):
            return LinearOperatorScaledIdentity(left.domain_dimension_tensor(), left.multiplier * right.multiplier,
                                                is_square=True)
        if isinstance(right, LinearOperatorDiag):
            return LinearOperatorDiag(right.diag * left.multiplier, is_square=True)
        return super()._linop_matmul(left, right)

    def _linop_solve(self, left, right):
        if isinstance(right, LinearOperatorScaledIdentity):
            return LinearOperatorScaledIdentity(left.domain_dimension_tensor(), right.multiplier / left.multiplier,
                                                is_square=True)
        if isinstance(right, LinearOperatorDiag):
            return LinearOperatorDiag(right.diag / left.multiplier, is_square=True)
        return None

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = adjoint_of(x) if adjoint_arg else x
        return x * self._multiplier_matrix(conjugate=adjoint)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = adjoint_of(rhs) if adjoint_arg else rhs
        return rhs / self._multiplier_matrix(conjugate=adjoint)

    def _determinant(self):
        return self._multiplier ** self._num_rows_as_dtype

    def _log_abs_determinant(self):
        return math_ops.cast(self._num_rows, self.dtype.real_dtype) * math_ops.log(math_ops.abs(self._multiplier))

    def _trace(self):
        ones = array_ops.ones(self._batch_ones_shape(), dtype=self.dtype)
        n = self._min_dim()
        size = n if n is not None else math_ops.cast(reduction.reduce_min(self.shape_tensor()[-2:]), self.dtype)
        return self._multiplier * size * ones

    def _diag_part(self):
        return self._constant_diag(array_ops.ones) * self._multiplier[..., None]

    def _to_dense(self):
        batch, n = self._dense_batch_and_size()
        return linalg_ops.eye(num_rows=n, batch_shape=batch, dtype=self.dtype) * self._multiplier_matrix()

    def add_to_tensor(self, mat, name="add_to_tensor"):
        with self._name_scope(name):
            mat = convert_to_tensor(mat, name="mat")
            return matrix_set_diag(mat, array_ops.expand_dims(self._multiplier, -1) + linalg_ops.matrix_diag_part(mat))

    def _eigvals(self):
        return self._diag_part()

    def _cond(self):
        from ..ops.array_index import where_v2

        return where_v2(math_ops.equal(self._multiplier, 0.0), math_ops.cast(np.nan, self.dtype),
                        math_ops.cast(1.0, self.dtype))


@tf_export("linalg.LinearOperatorZeros")
class LinearOperatorZeros(_ConstantDiagonal):
    """The [batch_shape] + [M, N] zero matrix."""

    _is_zeros = True

    def __init__(self, num_rows, num_columns=None, batch_shape=None, dtype=None, is_non_singular=False,
                 is_self_adjoint=True, is_positive_definite=False, is_square=True, assert_proper_shapes=False,
                 name="LinearOperatorZeros"):
        parameters = dict(num_rows=num_rows, num_columns=num_columns, batch_shape=batch_shape, dtype=dtype,
                          is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square,
                          assert_proper_shapes=assert_proper_shapes, name=name)
        with _scope(name):
            if not is_self_adjoint and is_square:
                raise ValueError("A zero operator is always self adjoint.")
            if is_non_singular:
                raise ValueError("A zero operator is always singular.")
            if is_positive_definite:
                raise ValueError("A zero operator is always not positive-definite.")
            super().__init__(dtypes.as_dtype(dtype or dtypes.float32), is_non_singular=is_non_singular,
                             is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                             is_square=is_square, parameters=parameters, name=name)
            self._init_sizes(num_rows, num_columns, batch_shape)
            rows, cols = self._num_rows_static, self._num_columns_static
            if rows is not None and cols is not None and is_square and rows != cols:
                raise ValueError(f"LinearOperatorZeros initialized as is_square=True, but got num_rows({rows}) != "
                                 f"num_columns({cols})")

    def _assert_non_singular(self):
        from ..framework import errors

        raise errors.InvalidArgumentError(None, None, "Zero operators are always non-invertible.")

    def _assert_positive_definite(self):
        from ..framework import errors

        raise errors.InvalidArgumentError(None, None, "Zero operators are always non-positive definite.")

    def _linop_matmul(self, left, right):
        if not left.is_square or not right.is_square:
            raise ValueError("Matmul with non-square `LinearOperator`s or non-square `LinearOperatorZeros` not "
                             "supported at this time.")
        return left

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        s = array_ops.shape(x)
        if self.is_square:
            out = array_ops.concat([s[:-2], [s[-1], s[-2]]], 0) if adjoint_arg else s
        else:
            n = self._num_columns if adjoint else self._num_rows
            out = array_ops.concat([s[:-2], array_ops.stack([n, s[-2] if adjoint_arg else s[-1]])], 0)
        return self._broadcast_batch(array_ops.zeros(out, dtype=x.dtype))

    def _determinant(self):
        return array_ops.zeros(self._batch_ones_shape(), dtype=self.dtype)

    def _trace(self):
        return array_ops.zeros(self._batch_ones_shape(), dtype=self.dtype)

    def _diag_part(self):
        return self._constant_diag(array_ops.zeros)

    def _eigvals(self):
        return self._constant_diag(array_ops.zeros)

    def _to_dense(self):
        batch = self._batch_ones_shape() if self._batch_shape_arg is not None else []
        if self.shape.is_fully_defined():
            return array_ops.zeros(self.shape.as_list(), dtype=self.dtype)
        return array_ops.zeros(array_ops.concat([batch, array_ops.stack([self._num_rows, self._num_columns])], 0),
                               dtype=self.dtype)

    def add_to_tensor(self, mat, name="add_to_tensor"):
        return self._broadcast_batch(convert_to_tensor(mat))
