"""`tf.linalg.LinearOperator`: the base class with TF's public methods and its generic (dense) algorithms.

A subclass gives `_shape` (a static TensorShape), `_shape_tensor` when the shape can be dynamic, and
`_matmul`; it overrides the other `_method`s only where its structure gives a cheaper or exact form
(a diagonal's determinant is a product). Each public method opens the name scope `<operator name>/<method>`,
checks TF's hints and argument shapes, then calls the `_method`, as TF's LinearOperator does.
"""

from __future__ import annotations

import contextlib

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import Dimension, TensorShape
from ..ops import array as array_ops
from ..ops import linalg as linalg_ops
from ..ops import math as math_ops
from ..ops import reduction
from ..ops.array_broadcast import broadcast_dynamic_shape, broadcast_to
from ..ops.array_transform import squeeze
from ..ops.constant import constant, convert_to_tensor
from ..ops.linalg_decomp import LogMatrixDeterminant, self_adjoint_eigvals
from ..ops.linalg_solve import cholesky_solve, matrix_solve
from ..ops.matmul import matmul as _matmul_op


def implied(hint, holds, message: str):
    """A hint the operator's structure settles: True when `holds`, and a ValueError (`message`) when the caller
    said False; the caller's hint when it does not hold."""
    if not holds:
        return hint
    if hint is False:
        raise ValueError(message)
    return True


def dim_value(dim):
    """An int, or None for an unknown dimension."""
    return dim.value if isinstance(dim, Dimension) else dim


def shape_tensor(shape, name=None) -> Tensor:
    """`shape` as a Tensor, int32 for Python ints (TF's `linear_operator_util.shape_tensor`)."""
    if isinstance(shape, Tensor):
        return shape
    if isinstance(shape, (tuple, list)) and not shape:
        return convert_to_tensor(shape, dtype=dtypes.int32, name=name)
    return convert_to_tensor(shape, name=name)


def adjoint_of(x: Tensor) -> Tensor:
    return linalg_ops.adjoint(x)


def broadcast_matrix_batch_dims(a: Tensor, b: Tensor):
    """`a` and `b` with their batch dimensions (all but the last two) broadcast against each other."""
    sa, sb = a.shape, b.shape
    if sa.ndims is not None and sb.ndims is not None and sa[:-2].is_fully_defined() \
            and sb[:-2].is_fully_defined() and sa[:-2].as_list() == sb[:-2].as_list():
        return a, b
    batch = broadcast_dynamic_shape(array_ops.shape(a)[:-2], array_ops.shape(b)[:-2])
    a = broadcast_to(a, array_ops.concat([batch, array_ops.shape(a)[-2:]], axis=0))
    b = broadcast_to(b, array_ops.concat([batch, array_ops.shape(b)[-2:]], axis=0))
    return a, b


def is_square_pair(left, right):
    """TF's property_hint_util.is_square: whether left @ right is square, None if unknown."""
    if left.is_square and right.is_square:
        return True
    if left.is_square is False or right.is_square is False:
        return None
    r, d = dim_value(left.range_dimension), dim_value(right.domain_dimension)
    return None if r is None or d is None else r == d


def combined_non_singular(left, right):
    if left.is_non_singular is False or right.is_non_singular is False:
        return False
    return left.is_non_singular and right.is_non_singular


@tf_export("linalg.LinearOperator")
class LinearOperator:
    """A (batch of) linear operator(s) A: [B1, ..., Bb, M, N], acting on tensors by matmul/solve without
    always forming A."""

    def __init__(self, dtype, graph_parents=None, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None, parameters=None):
        is_non_singular = implied(is_non_singular, is_positive_definite,
                                  "A positive definite matrix is always non-singular.")
        is_square = implied(is_square, is_non_singular, "A non-singular matrix is always square.")
        is_square = implied(is_square, is_self_adjoint, "A self-adjoint matrix is always square.")
        self._is_square_set_or_implied_by_hints = is_square
        self._graph_parents = list(graph_parents or [])
        self._dtype = dtypes.as_dtype(dtype).base_dtype if dtype else dtype
        self._is_non_singular = is_non_singular
        self._is_self_adjoint = is_self_adjoint
        self._is_positive_definite = is_positive_definite
        self._parameters = dict(parameters or {})
        self._name = name or type(self).__name__

    @contextlib.contextmanager
    def _name_scope(self, name=None):
        full_name = self.name if name is None else f"{self.name}/{name}"
        with get_default_graph().name_scope(full_name) as scope:
            yield scope

    # --- properties and hints ---------------------------------------------------------------

    @property
    def parameters(self) -> dict:
        return dict(self._parameters)

    @property
    def dtype(self):
        return self._dtype

    @property
    def name(self) -> str:
        return self._name

    @property
    def graph_parents(self) -> list:
        return self._graph_parents

    @property
    def is_non_singular(self):
        return self._is_non_singular

    @property
    def is_self_adjoint(self):
        return self._is_self_adjoint

    @property
    def is_positive_definite(self):
        return self._is_positive_definite

    @property
    def is_square(self):
        square = self.domain_dimension == self.range_dimension
        square = None if isinstance(square, Dimension) or square is None else bool(square)
        if self._is_square_set_or_implied_by_hints is False and square:
            raise ValueError("User set is_square hint to False, but the operator was square.")
        if self._is_square_set_or_implied_by_hints is None:
            return square
        return self._is_square_set_or_implied_by_hints

    # --- shapes ------------------------------------------------------------------------------

    def _shape(self) -> TensorShape:
        raise NotImplementedError("_shape is not implemented.")

    def _shape_tensor(self) -> Tensor:
        raise NotImplementedError("_shape_tensor is not implemented.")

    @property
    def shape(self) -> TensorShape:
        return self._shape()

    def shape_tensor(self, name="shape_tensor") -> Tensor:
        with self._name_scope(name):
            if self.shape.is_fully_defined():
                return shape_tensor(self.shape.as_list())
            return self._shape_tensor()

    @property
    def batch_shape(self) -> TensorShape:
        return self.shape[:-2]

    def batch_shape_tensor(self, name="batch_shape_tensor") -> Tensor:
        with self._name_scope(name):
            if self.batch_shape.is_fully_defined():
                return shape_tensor(self.batch_shape.as_list(), name="batch_shape")
            return self.shape_tensor()[:-2]

    @property
    def tensor_rank(self):
        return self.shape.ndims

    def tensor_rank_tensor(self, name="tensor_rank_tensor") -> Tensor:
        with self._name_scope(name):
            if self.tensor_rank is not None:
                return convert_to_tensor(self.tensor_rank)
            return array_ops.size(self.shape_tensor())

    @property
    def domain_dimension(self) -> Dimension:
        return Dimension(None) if self.shape.ndims is None else self.shape.dims[-1]

    def domain_dimension_tensor(self, name="domain_dimension_tensor") -> Tensor:
        with self._name_scope(name):
            value = dim_value(self.domain_dimension)
            return convert_to_tensor(value) if value is not None else self.shape_tensor()[-1]

    @property
    def range_dimension(self) -> Dimension:
        return self.shape.dims[-2] if self.shape.dims else Dimension(None)

    def range_dimension_tensor(self, name="range_dimension_tensor") -> Tensor:
        with self._name_scope(name):
            value = dim_value(self.range_dimension)
            return convert_to_tensor(value) if value is not None else self.shape_tensor()[-2]

    def _dense_batch_and_size(self):
        batch = self.batch_shape if self.batch_shape.is_fully_defined() else self.batch_shape_tensor()
        n = dim_value(self.domain_dimension)
        return (batch.as_list() if isinstance(batch, TensorShape) else batch), (
            n if n is not None else self.domain_dimension_tensor())

    # --- assertions --------------------------------------------------------------------------

    def assert_non_singular(self, name="assert_non_singular"):
        with self._name_scope(name):
            return self._assert_non_singular()

    def _assert_non_singular(self):
        from ..ops.logging_ops import assert_less

        if self._can_use_cholesky():
            return self.assert_positive_definite()
        singular = linalg_ops.svd(self.to_dense(), compute_uv=False)
        cond = reduction.reduce_max(singular, axis=-1) / reduction.reduce_min(singular, axis=-1)
        eps = np.finfo(self.dtype.as_numpy_dtype).eps
        largest = max(100.0, float(dim_value(self.range_dimension) or 0), float(dim_value(self.domain_dimension) or 0))
        return assert_less(cond, constant(1.0 / (largest * eps), dtype=self.dtype),
                           message="Singular matrix up to precision epsilon.")

    def assert_positive_definite(self, name="assert_positive_definite"):
        with self._name_scope(name):
            return self._assert_positive_definite()

    def _assert_positive_definite(self):
        from ..ops.logging_ops import assert_positive

        if self.is_self_adjoint:
            return assert_positive(linalg_ops.matrix_diag_part(linalg_ops.cholesky(self.to_dense())),
                                   message="Matrix was not positive definite.")
        raise NotImplementedError("assert_positive_definite is not implemented.")

    def assert_self_adjoint(self, name="assert_self_adjoint"):
        with self._name_scope(name):
            return self._assert_self_adjoint()

    def _assert_self_adjoint(self):
        from ..ops.logging_ops import assert_equal

        dense = self.to_dense()
        return assert_equal(dense, adjoint_of(dense), message="Matrix was not equal to its adjoint.")

    def _check_input_dtype(self, arg: Tensor) -> None:
        if arg.dtype.base_dtype != self.dtype:
            raise TypeError(f"Expected argument to have dtype {self.dtype}.  Found: {arg.dtype} in tensor {arg}")

    def _check_dim(self, self_dim: int, other) -> None:
        mine = self.shape[self_dim] if self.shape.ndims is not None else Dimension(None)
        Dimension(dim_value(mine)).assert_is_compatible_with(other)

    # --- products and solves -----------------------------------------------------------------

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        raise NotImplementedError("_matmul is not implemented.")

    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        """self @ x (A^H x with `adjoint`, A x^H with `adjoint_arg`); an operator `x` gives an operator."""
        if isinstance(x, LinearOperator):
            left = self.adjoint() if adjoint else self
            right = x.adjoint() if adjoint_arg else x
            r, d = dim_value(right.range_dimension), dim_value(left.domain_dimension)
            if r is not None and d is not None and r != d:
                raise ValueError(f"Operators are incompatible. Expected `x` to have dimension {d} but got {r}.")
            with self._name_scope(name):
                return left._linop_matmul(left, right)
        with self._name_scope(name):
            x = convert_to_tensor(x, name="x")
            self._check_input_dtype(x)
            self._check_dim(-2 if adjoint else -1, x.shape[-1 if adjoint_arg else -2])
            return self._matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _linop_matmul(self, left, right):
        from .structure import LinearOperatorComposition

        if getattr(right, "_is_identity", False):
            return left
        if getattr(right, "_is_zeros", False):
            if not right.is_square or not left.is_square:
                raise ValueError("Matmul with non-square `LinearOperator`s or non-square `LinearOperatorZeros` not "
                                 "supported at this time.")
            return right
        square = is_square_pair(left, right)
        hints = dict(is_non_singular=combined_non_singular(left, right)) if square else \
            dict(is_non_singular=False, is_self_adjoint=False, is_positive_definite=False) if square is False else {}
        return LinearOperatorComposition([left, right], is_square=square, **hints)

    def __matmul__(self, other):
        return self.matmul(other)

    def _matvec(self, x, adjoint=False):
        return squeeze(self.matmul(array_ops.expand_dims(x, -1), adjoint=adjoint), axis=[-1])

    def matvec(self, x, adjoint=False, name="matvec"):
        with self._name_scope(name):
            x = convert_to_tensor(x, name="x")
            self._check_input_dtype(x)
            self._check_dim(-2 if adjoint else -1, x.shape[-1])
            return self._matvec(x, adjoint=adjoint)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if self.is_square is False:
            raise NotImplementedError("Solve is not yet implemented for non-square operators.")
        rhs = adjoint_of(rhs) if adjoint_arg else rhs
        if self._can_use_cholesky():
            return cholesky_solve(linalg_ops.cholesky(self.to_dense()), rhs)
        matrix, rhs = broadcast_matrix_batch_dims(self.to_dense(), rhs)
        return matrix_solve(matrix, rhs, adjoint=adjoint)

    def solve(self, rhs, adjoint=False, adjoint_arg=False, name="solve"):
        """X with self @ X = rhs (A^H X = rhs with `adjoint`); an operator `rhs` gives an operator."""
        if self.is_non_singular is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is expected to be singular.")
        if self.is_square is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is expected to not be "
                                      "square.")
        if isinstance(rhs, LinearOperator):
            from .structure import LinearOperatorComposition, LinearOperatorInversion

            left = self.adjoint() if adjoint else self
            right = rhs.adjoint() if adjoint_arg else rhs
            r, d = dim_value(right.range_dimension), dim_value(left.domain_dimension)
            if r is not None and d is not None and r != d:
                raise ValueError(f"Operators are incompatible. Expected `rhs` to have dimension {d} but got {r}.")
            with self._name_scope(name):
                if getattr(right, "_is_identity", False):
                    return left.inverse()
                special = left._linop_solve(left, right)
                if special is not None:
                    return special
                square = is_square_pair(left, right)
                hints = dict(is_non_singular=combined_non_singular(left, right)) if square else {}
                return LinearOperatorComposition([LinearOperatorInversion(left), right], is_square=square, **hints)
        with self._name_scope(name):
            rhs = convert_to_tensor(rhs, name="rhs")
            self._check_input_dtype(rhs)
            self._check_dim(-1 if adjoint else -2, rhs.shape[-1 if adjoint_arg else -2])
            return self._solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _linop_solve(self, left, right):
        return None

    def _solvevec(self, rhs, adjoint=False):
        return squeeze(self.solve(array_ops.expand_dims(rhs, -1), adjoint=adjoint), axis=[-1])

    def solvevec(self, rhs, adjoint=False, name="solve"):
        with self._name_scope(name):
            rhs = convert_to_tensor(rhs, name="rhs")
            self._check_input_dtype(rhs)
            self._check_dim(-1 if adjoint else -2, rhs.shape[-1])
            return self._solvevec(rhs, adjoint=adjoint)

    # --- determinants ------------------------------------------------------------------------

    def _determinant(self):
        if self._can_use_cholesky():
            return math_ops.exp(self.log_abs_determinant())
        return linalg_ops.matrix_determinant(self.to_dense())

    def determinant(self, name="det"):
        if self.is_square is False:
            raise NotImplementedError("Determinant not implemented for an operator that is expected to not be "
                                      "square.")
        with self._name_scope(name):
            return self._determinant()

    def _log_abs_determinant(self):
        if self._can_use_cholesky():
            diag = linalg_ops.matrix_diag_part(linalg_ops.cholesky(self.to_dense()))
            return 2 * reduction.reduce_sum(math_ops.log(diag), axis=[-1])
        return LogMatrixDeterminant(self.to_dense())[1]

    def log_abs_determinant(self, name="log_abs_det"):
        if self.is_square is False:
            raise NotImplementedError("Determinant not implemented for an operator that is expected to not be "
                                      "square.")
        with self._name_scope(name):
            return self._log_abs_determinant()

    # --- derived operators -------------------------------------------------------------------

    def adjoint(self, name="adjoint"):
        if self.is_self_adjoint is True:
            return self
        with self._name_scope(name):
            return self._linop_adjoint()

    H = property(adjoint, None)

    def _linop_adjoint(self):
        from .structure import LinearOperatorAdjoint

        return LinearOperatorAdjoint(self, is_non_singular=self.is_non_singular, is_self_adjoint=self.is_self_adjoint,
                                     is_positive_definite=self.is_positive_definite, is_square=self.is_square)

    def inverse(self, name="inverse"):
        if self.is_square is False:
            raise ValueError("Cannot take the Inverse: This operator represents a non square matrix.")
        if self.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular matrix.")
        with self._name_scope(name):
            return self._linop_inverse()

    def _linop_inverse(self):
        from .structure import LinearOperatorInversion

        return LinearOperatorInversion(self, is_non_singular=self.is_non_singular,
                                       is_self_adjoint=self.is_self_adjoint,
                                       is_positive_definite=self.is_positive_definite, is_square=self.is_square)

    def cholesky(self, name="cholesky"):
        if not self._can_use_cholesky():
            raise ValueError("Cannot take the Cholesky decomposition: Not a positive definite self adjoint matrix.")
        with self._name_scope(name):
            return self._linop_cholesky()

    def _linop_cholesky(self):
        from .matrices import LinearOperatorLowerTriangular

        return LinearOperatorLowerTriangular(linalg_ops.cholesky(self.to_dense()), is_non_singular=True,
                                             is_self_adjoint=False, is_square=True)

    def _can_use_cholesky(self) -> bool:
        return bool(self.is_self_adjoint and self.is_positive_definite)

    # --- dense forms -------------------------------------------------------------------------

    def _to_dense(self):
        batch, n = self._dense_batch_and_size()
        return self.matmul(linalg_ops.eye(num_rows=n, batch_shape=batch, dtype=self.dtype))

    def to_dense(self, name="to_dense"):
        with self._name_scope(name):
            return self._to_dense()

    def _diag_part(self):
        return linalg_ops.matrix_diag_part(self.to_dense())

    def diag_part(self, name="diag_part"):
        with self._name_scope(name):
            return self._diag_part()

    def _trace(self):
        return reduction.reduce_sum(self.diag_part(), axis=-1)

    def trace(self, name="trace"):
        with self._name_scope(name):
            return self._trace()

    def _add_to_tensor(self, x):
        return self.to_dense() + x

    def add_to_tensor(self, x, name="add_to_tensor"):
        with self._name_scope(name):
            x = convert_to_tensor(x, name="x")
            self._check_input_dtype(x)
            return self._add_to_tensor(x)

    def _eigvals(self):
        return self_adjoint_eigvals(self.to_dense())

    def eigvals(self, name="eigvals"):
        if not self.is_self_adjoint:
            raise NotImplementedError("Only self-adjoint matrices are supported.")
        with self._name_scope(name):
            return self._eigvals()

    def _cond(self):
        if not self.is_self_adjoint:
            values = linalg_ops.svd(self.to_dense(), compute_uv=False)
        else:
            values = math_ops.abs(self._eigvals())
        return reduction.reduce_max(values, axis=-1) / reduction.reduce_min(values, axis=-1)

    def cond(self, name="cond"):
        with self._name_scope(name):
            return self._cond()

    def __repr__(self):
        return f"<tf.linalg.{type(self).__name__} '{self.name}' shape={self.shape} dtype={self.dtype}>"


def dense_matmul(matrix: Tensor, x: Tensor, adjoint=False, adjoint_arg=False) -> Tensor:
    return _matmul_op(matrix, x, adjoint_a=adjoint, adjoint_b=adjoint_arg)
