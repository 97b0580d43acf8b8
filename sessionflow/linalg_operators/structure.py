"""LinearOperators built from other operators: Composition, Adjoint, Inversion, Kronecker, BlockDiag,
BlockLowerTriangular and LowRankUpdate. Their products, solves and determinants follow the structure
(a block diagonal's determinant is the product of its blocks'); the rest is the base class's."""

from __future__ import annotations

import functools

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from ..ops import array as array_ops
from ..ops import linalg as linalg_ops
from ..ops import math as math_ops
from ..ops import reduction
from ..ops.array_broadcast import broadcast_dynamic_shape, broadcast_static_shape
from ..ops.linalg_tridiagonal import _conj
from ..ops.matmul import matmul
from .base import LinearOperator, adjoint_of, dim_value, implied


def _operator_list(operators, what="operators"):
    operators = list(operators)
    if not operators:
        raise ValueError(f"Expected a non-empty list of operators. Found: {operators}")
    dtype = operators[0].dtype
    if any(o.dtype != dtype for o in operators):
        raise TypeError("Expected all operators to have the same dtype.  Found " +
                        "   ".join(str((o.name, o.dtype)) for o in operators))
    return operators, dtype


def _batch_shape(operators) -> TensorShape:
    return functools.reduce(broadcast_static_shape, [o.batch_shape for o in operators])


def _batch_shape_tensor(operators):
    return functools.reduce(broadcast_dynamic_shape, [o.batch_shape_tensor() for o in operators])


def _hint(operator, name, provided, message):
    """TF's use_operator_or_provided_hint_unless_contradicting."""
    mine = getattr(operator, name)
    if (mine is True and provided is False) or (mine is False and provided is True):
        raise ValueError(message)
    return mine if mine is not None else provided


@tf_export("linalg.LinearOperatorComposition")
class LinearOperatorComposition(LinearOperator):
    """operators[0] @ operators[1] @ ... @ operators[-1], never formed unless asked."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name=None):
        parameters = dict(operators=operators, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._operators, dtype = _operator_list(operators)
        is_non_singular = implied(is_non_singular, all(o.is_non_singular for o in self._operators),
                                  "The composition of non-singular operators is always non-singular.")
        is_self_adjoint = implied(is_self_adjoint, len(self._operators) == 1 and self._operators[0].is_self_adjoint,
                                  "The composition was determined to be self-adjoint but user provided incorrect "
                                  "`False` hint.")
        name = name or "_o_".join(o.name for o in self._operators)
        with get_default_graph().name_scope(name):
            super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=is_square,
                             parameters=parameters, name=name)

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        domain = self._operators[-1].domain_dimension
        range_ = self._operators[0].range_dimension
        for a, b in zip(self._operators[:-1], self._operators[1:]):
            a.domain_dimension.assert_is_compatible_with(b.range_dimension)
        return _batch_shape(self._operators).concatenate([range_, domain])

    def _shape_tensor(self):
        return array_ops.concat([_batch_shape_tensor(self._operators),
                                 [self._operators[0].range_dimension_tensor(),
                                  self._operators[-1].domain_dimension_tensor()]], 0)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        chain = self._operators if adjoint else list(reversed(self._operators))
        result = chain[0].matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for operator in chain[1:]:
            result = operator.matmul(result, adjoint=adjoint)
        return result

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        chain = list(reversed(self._operators)) if adjoint else self._operators
        solution = chain[0].solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for operator in chain[1:]:
            solution = operator.solve(solution, adjoint=adjoint)
        return solution

    def _determinant(self):
        if all(o.is_square for o in self._operators):
            return functools.reduce(math_ops.multiply, [o.determinant() for o in self._operators])
        return super()._determinant()

    def _log_abs_determinant(self):
        if all(o.is_square for o in self._operators):
            return functools.reduce(math_ops.add, [o.log_abs_determinant() for o in self._operators])
        return super()._log_abs_determinant()


@tf_export("linalg.LinearOperatorAdjoint")
class LinearOperatorAdjoint(LinearOperator):
    """The adjoint (conjugate transpose) of `operator`."""

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name=None):
        parameters = dict(operator=operator, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._operator = operator
        is_non_singular = _hint(operator, "is_non_singular", is_non_singular,
                                "An operator is non-singular if and only if its adjoint is non-singular.")
        is_self_adjoint = _hint(operator, "is_self_adjoint", is_self_adjoint,
                                "An operator is self-adjoint if and only if its adjoint is self-adjoint.")
        is_positive_definite = _hint(operator, "is_positive_definite", is_positive_definite,
                                     "An operator is positive-definite if and only if its adjoint is "
                                     "positive-definite.")
        is_square = _hint(operator, "is_square", is_square,
                          "An operator is square if and only if its adjoint is square.")
        name = name or operator.name + "_adjoint"
        with get_default_graph().name_scope(name):
            super().__init__(operator.dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=is_square,
                             parameters=parameters, name=name)

    @property
    def operator(self):
        return self._operator

    def _shape(self):
        s = self._operator.shape
        return s[:-2].concatenate([s[-1], s[-2]])

    def _shape_tensor(self):
        s = self._operator.shape_tensor()
        return array_ops.concat([s[:-2], [s[-1], s[-2]]], 0)

    def _linop_adjoint(self):
        return self._operator

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._operator.matmul(x, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _matvec(self, x, adjoint=False):
        return self._operator.matvec(x, adjoint=not adjoint)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._operator.solve(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return _conj(self._operator.determinant())

    def _log_abs_determinant(self):
        return self._operator.log_abs_determinant()

    def _trace(self):
        return _conj(self._operator.trace())

    def _diag_part(self):
        return _conj(self._operator.diag_part())

    def _to_dense(self):
        return adjoint_of(self._operator.to_dense())


@tf_export("linalg.LinearOperatorInversion")
class LinearOperatorInversion(LinearOperator):
    """The inverse of a square, non-singular `operator`: its matmul is the operator's solve."""

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name=None):
        parameters = dict(operator=operator, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._operator = operator
        if operator.is_non_singular is False or is_non_singular is False:
            raise ValueError(f"Argument `is_non_singular` or argument `operator` must have supplied hint "
                             f"`is_non_singular` equal to `True` or `None`. Found `operator.is_non_singular`: "
                             f"{operator.is_non_singular}, `is_non_singular`: {is_non_singular}.")
        if operator.is_square is False or is_square is False:
            raise ValueError(f"Argument `is_square` or argument `operator` must have supplied hint `is_square` "
                             f"equal to `True` or `None`. Found `operator.is_square`: {operator.is_square}, "
                             f"`is_square`: {is_square}.")
        is_square = _hint(operator, "is_square", is_square,
                          "An operator is square if and only if its inverse is square.")
        is_non_singular = _hint(operator, "is_non_singular", is_non_singular,
                                "An operator is non-singular if and only if its inverse is non-singular.")
        is_self_adjoint = _hint(operator, "is_self_adjoint", is_self_adjoint,
                                "An operator is self-adjoint if and only if its inverse is self-adjoint.")
        is_positive_definite = _hint(operator, "is_positive_definite", is_positive_definite,
                                     "An operator is positive-definite if and only if its inverse is "
                                     "positive-definite.")
        name = name or operator.name + "_inv"
        with get_default_graph().name_scope(name):
            super().__init__(operator.dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=is_square,
                             parameters=parameters, name=name)

    @property
    def operator(self):
        return self._operator

    def _shape(self):
        return self._operator.shape

    def _shape_tensor(self):
        return self._operator.shape_tensor()

    def _linop_inverse(self):
        return self._operator

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._operator.solve(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._operator.matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return 1.0 / self._operator.determinant()

    def _log_abs_determinant(self):
        return -1.0 * self._operator.log_abs_determinant()


def _kron_dense(a, b):
    """The Kronecker product of two (batches of) matrices."""
    product = a[..., :, None, :, None] * b[..., None, :, None, :]
    s = array_ops.shape(product)
    return array_ops.reshape(product, array_ops.concat([s[:-4], [s[-4] * s[-3], s[-2] * s[-1]]], 0))


@tf_export("linalg.LinearOperatorKronecker")
class LinearOperatorKronecker(LinearOperator):
    """operators[0] ⊗ operators[1] ⊗ ...: the Kronecker product of the factors."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name=None):
        parameters = dict(operators=operators, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._operators, dtype = _operator_list(operators)
        is_non_singular = implied(is_non_singular, all(o.is_non_singular for o in self._operators),
                                  "The Kronecker product of non-singular operators is always non-singular.")
        is_self_adjoint = implied(is_self_adjoint, all(o.is_self_adjoint for o in self._operators),
                                  "The Kronecker product of self-adjoint operators is always self-adjoint.")
        is_positive_definite = implied(is_positive_definite, all(o.is_positive_definite for o in self._operators),
                                       "The Kronecker product of positive-definite operators is always "
                                       "positive-definite.")
        name = name or "_x_".join(o.name for o in self._operators)
        with get_default_graph().name_scope(name):
            super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=is_square,
                             parameters=parameters, name=name)

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        def product(dims):
            values = [dim_value(d) for d in dims]
            return None if None in values else functools.reduce(lambda a, b: a * b, values, 1)

        return _batch_shape(self._operators).concatenate([product([o.range_dimension for o in self._operators]),
                                                          product([o.domain_dimension for o in self._operators])])

    def _shape_tensor(self):
        rows = functools.reduce(math_ops.multiply, [o.range_dimension_tensor() for o in self._operators])
        cols = functools.reduce(math_ops.multiply, [o.domain_dimension_tensor() for o in self._operators])
        return array_ops.concat([_batch_shape_tensor(self._operators), [rows, cols]], 0)

    def _to_dense(self):
        return functools.reduce(_kron_dense, [o.to_dense() for o in self._operators])

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return matmul(self.to_dense(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def _determinant(self):
        total = math_ops.cast(self.domain_dimension_tensor(), self.dtype)
        dets = [o.determinant() ** (total / math_ops.cast(o.domain_dimension_tensor(), self.dtype))
                for o in self._operators]
        return functools.reduce(math_ops.multiply, dets)

    def _log_abs_determinant(self):
        total = math_ops.cast(self.domain_dimension_tensor(), self.dtype)
        terms = [o.log_abs_determinant() * (total / math_ops.cast(o.domain_dimension_tensor(), self.dtype))
                 for o in self._operators]
        return functools.reduce(math_ops.add, terms)

    def _trace(self):
        return functools.reduce(math_ops.multiply, [o.trace() for o in self._operators])

    def _diag_part(self):
        def kron_vectors(a, b):
            product = a[..., :, None] * b[..., None, :]
            s = array_ops.shape(product)
            return array_ops.reshape(product, array_ops.concat([s[:-2], [s[-2] * s[-1]]], 0))

        return functools.reduce(kron_vectors, [o.diag_part() for o in self._operators])

    def _linop_inverse(self):
        return LinearOperatorKronecker([o.inverse() for o in self._operators], is_square=True)

    def _linop_adjoint(self):
        return LinearOperatorKronecker([o.adjoint() for o in self._operators], is_square=self.is_square)


def _static_dims(operators, which):
    dims = [dim_value(getattr(o, which)) for o in operators]
    if None in dims:
        raise NotImplementedError("sessionflow's block operators need the blocks' sizes when the graph is built")
    return dims


def _split_rows(x, sizes):
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    return [x[..., s:s + n, :] for s, n in zip(starts, sizes)]


def _block_row(blocks, dtype, batch, row_size, col_sizes_after):
    """One block row: the given dense blocks, then zero blocks of the given widths."""
    zeros = [array_ops.zeros(batch + [row_size, n], dtype=dtype) for n in col_sizes_after if n]
    return array_ops.concat(blocks + zeros, axis=-1) if len(blocks) + len(zeros) > 1 else blocks[0]


def _dense_blocks(operators):
    batch = _batch_shape(operators)
    if not batch.is_fully_defined():
        raise NotImplementedError("sessionflow's block operators need a static batch shape")
    from ..ops.array_broadcast import broadcast_to

    out = []
    for o in operators:
        dense = o.to_dense()
        if o.batch_shape.as_list() != batch.as_list():
            dense = broadcast_to(dense, batch.as_list() + dense.shape.as_list()[-2:])
        out.append(dense)
    return out, batch.as_list()


@tf_export("linalg.LinearOperatorBlockDiag")
class LinearOperatorBlockDiag(LinearOperator):
    """The block-diagonal matrix with the (square) operators on its diagonal."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=True, name=None):
        parameters = dict(operators=operators, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        self._operators, dtype = _operator_list(operators)
        for flag, message in (("is_non_singular", "non-singular"), ("is_self_adjoint", "self-adjoint"),
                              ("is_positive_definite", "positive-definite")):
            if all(getattr(o, flag) for o in self._operators):
                if locals()[flag] is False:
                    raise ValueError(f"The direct sum of {message} operators is always {message}.")
        if all(o.is_non_singular for o in self._operators):
            is_non_singular = True
        if all(o.is_self_adjoint for o in self._operators):
            is_self_adjoint = True
        if all(o.is_positive_definite for o in self._operators):
            is_positive_definite = True
        if not is_square:
            raise ValueError(f"Argument `is_square` must be True. Received: {is_square}.")
        name = name or "_ds_".join(o.name for o in self._operators)
        with get_default_graph().name_scope(name):
            super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=True,
                             parameters=parameters, name=name)

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        rows = [dim_value(o.range_dimension) for o in self._operators]
        cols = [dim_value(o.domain_dimension) for o in self._operators]
        return _batch_shape(self._operators).concatenate([None if None in rows else sum(rows),
                                                          None if None in cols else sum(cols)])

    def _shape_tensor(self):
        rows = functools.reduce(math_ops.add, [o.range_dimension_tensor() for o in self._operators])
        cols = functools.reduce(math_ops.add, [o.domain_dimension_tensor() for o in self._operators])
        return array_ops.concat([_batch_shape_tensor(self._operators), [rows, cols]], 0)

    def _blockwise(self, method, x, adjoint, adjoint_arg):
        x = adjoint_of(x) if adjoint_arg else x
        which = "range_dimension" if (adjoint != (method == "solve")) else "domain_dimension"
        parts = _split_rows(x, _static_dims(self._operators, which))
        return array_ops.concat([getattr(o, method)(p, adjoint=adjoint) for o, p in zip(self._operators, parts)],
                                axis=-2)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._blockwise("matmul", x, adjoint, adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._blockwise("solve", rhs, adjoint, adjoint_arg)

    def _determinant(self):
        return functools.reduce(math_ops.multiply, [o.determinant() for o in self._operators])

    def _log_abs_determinant(self):
        return functools.reduce(math_ops.add, [o.log_abs_determinant() for o in self._operators])

    def _trace(self):
        return functools.reduce(math_ops.add, [o.trace() for o in self._operators])

    def _diag_part(self):
        return array_ops.concat([o.diag_part() for o in self._operators], axis=-1)

    def _to_dense(self):
        dense, batch = _dense_blocks(self._operators)
        cols = _static_dims(self._operators, "domain_dimension")
        rows = _static_dims(self._operators, "range_dimension")
        out = []
        for i, block in enumerate(dense):
            left = [array_ops.zeros(batch + [rows[i], n], dtype=self.dtype) for n in cols[:i] if n]
            out.append(_block_row(left + [block], self.dtype, batch, rows[i], cols[i + 1:]))
        return array_ops.concat(out, axis=-2)

    def _linop_inverse(self):
        return LinearOperatorBlockDiag([o.inverse() for o in self._operators], is_square=True)

    def _linop_adjoint(self):
        return LinearOperatorBlockDiag([o.adjoint() for o in self._operators], is_square=True)

    def _linop_cholesky(self):
        return LinearOperatorBlockDiag([o.cholesky() for o in self._operators], is_square=True)


@tf_export("linalg.LinearOperatorBlockLowerTriangular")
class LinearOperatorBlockLowerTriangular(LinearOperator):
    """A block lower-triangular matrix: `operators[i]` is block row i, its last operator on the diagonal."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorBlockLowerTriangular"):
        parameters = dict(operators=operators, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                          is_positive_definite=is_positive_definite, is_square=is_square, name=name)
        rows = [list(row) for row in operators]
        if not rows:
            raise ValueError(f"Argument `operators` must be a list of >=1 operators. Received: {rows}.")
        self._operators = rows
        self._diagonal_operators = [row[-1] for row in rows]
        _, dtype = _operator_list([o for row in rows for o in row])
        for i, row in enumerate(rows):
            if len(row) != i + 1:
                raise ValueError(f"Argument `operators[{i}]` must contain `{i + 1}` blocks. Received: {len(row)} "
                                 f"blocks.")
        is_non_singular = implied(is_non_singular, all(o.is_non_singular for o in self._diagonal_operators),
                                  "A blockwise lower-triangular operator with non-singular operators on the main "
                                  "diagonal is always non-singular.")
        if is_square is False:
            raise ValueError(f"`LinearOperatorBlockLowerTriangular` must be square. Expected argument `is_square` "
                             f"to be `True`. Received: {is_square}.")
        for o in self._diagonal_operators:
            if o.is_square is False:
                raise ValueError("Argument `operators` must be square on the diagonal.")
        with get_default_graph().name_scope(name):
            super().__init__(dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=True,
                             parameters=parameters, name=name)

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        sizes = [dim_value(o.domain_dimension) for o in self._diagonal_operators]
        n = None if None in sizes else sum(sizes)
        return _batch_shape([o for row in self._operators for o in row]).concatenate([n, n])

    def _shape_tensor(self):
        n = functools.reduce(math_ops.add, [o.domain_dimension_tensor() for o in self._diagonal_operators])
        return array_ops.concat([_batch_shape_tensor([o for row in self._operators for o in row]), [n, n]], 0)

    def _to_dense(self):
        flat = [o for row in self._operators for o in row]
        dense, batch = _dense_blocks(flat)
        sizes = _static_dims(self._diagonal_operators, "domain_dimension")
        rows, k = [], 0
        for i, row in enumerate(self._operators):
            blocks = dense[k:k + len(row)]
            k += len(row)
            rows.append(_block_row(blocks, self.dtype, batch, sizes[i], sizes[i + 1:]))
        return array_ops.concat(rows, axis=-2)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return matmul(self.to_dense(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if adjoint:
            return super()._solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        rhs = adjoint_of(rhs) if adjoint_arg else rhs
        parts = _split_rows(rhs, _static_dims(self._diagonal_operators, "domain_dimension"))
        solution = []
        for i, row in enumerate(self._operators):
            residual = parts[i]
            for j, block in enumerate(row[:-1]):
                residual = residual - block.matmul(solution[j])
            solution.append(row[-1].solve(residual))
        return array_ops.concat(solution, axis=-2)

    def _determinant(self):
        return functools.reduce(math_ops.multiply, [o.determinant() for o in self._diagonal_operators])

    def _log_abs_determinant(self):
        return functools.reduce(math_ops.add, [o.log_abs_determinant() for o in self._diagonal_operators])

    def _diag_part(self):
        return array_ops.concat([o.diag_part() for o in self._diagonal_operators], axis=-1)

    def _trace(self):
        return functools.reduce(math_ops.add, [o.trace() for o in self._diagonal_operators])


@tf_export("linalg.LinearOperatorLowRankUpdate")
class LinearOperatorLowRankUpdate(LinearOperator):
    """base_operator + U D V^H, D = diag(diag_update) (the identity when None), V = U when `v` is None."""

    def __init__(self, base_operator, u, diag_update=None, v=None, is_diag_update_positive=None,
                 is_non_singular=None, is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name="LinearOperatorLowRankUpdate"):
        from ..ops.constant import convert_to_tensor

        parameters = dict(base_operator=base_operator, u=u, diag_update=diag_update, v=v,
                          is_diag_update_positive=is_diag_update_positive, is_non_singular=is_non_singular,
                          is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite,
                          is_square=is_square, name=name)
        if is_diag_update_positive is False and diag_update is None:
            raise ValueError("Default diagonal is the identity, which is positive.  However, user set "
                             "`is_diag_update_positive` to False.")
        if diag_update is None:
            is_diag_update_positive = True
        self._use_cholesky = bool(v is None and base_operator.is_positive_definite and base_operator.is_self_adjoint
                                  and is_diag_update_positive)
        is_self_adjoint = implied(is_self_adjoint, v is None and base_operator.is_self_adjoint,
                                  "A = L + UDU^H, with L self-adjoint and D real diagonal.  Since UDU^H is "
                                  "self-adjoint, this must be a self-adjoint operator.")
        if self._use_cholesky:
            if is_positive_definite is False or is_non_singular is False:
                raise ValueError("A = L + UDU^H with L > 0 and D > 0 is positive definite, and non-singular.")
            is_positive_definite = is_non_singular = True
        with get_default_graph().name_scope(name):
            self._u = convert_to_tensor(u, name="u")
            self._v = self._u if v is None else convert_to_tensor(v, name="v")
            self._diag_update = None if diag_update is None else convert_to_tensor(diag_update, name="diag_update")
            self._base_operator = base_operator
            dtypes_ = {base_operator.dtype, self._u.dtype.base_dtype, self._v.dtype.base_dtype}
            if self._diag_update is not None:
                dtypes_.add(self._diag_update.dtype.base_dtype)
            if len(dtypes_) > 1:
                raise TypeError("Expected all arguments to have the same dtype.")
            super().__init__(base_operator.dtype, is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                             is_positive_definite=is_positive_definite, is_square=is_square,
                             parameters=parameters, name=name)

    @property
    def base_operator(self):
        return self._base_operator

    @property
    def u(self):
        return self._u

    @property
    def v(self):
        return self._v

    @property
    def diag_update(self):
        return self._diag_update

    @property
    def is_diag_update_positive(self):
        return self._parameters.get("is_diag_update_positive") if self._diag_update is not None else True

    def _shape(self):
        batch = broadcast_static_shape(self._base_operator.batch_shape, self._u.shape[:-2])
        return batch.concatenate(self._base_operator.shape[-2:])

    def _shape_tensor(self):
        batch = broadcast_dynamic_shape(self._base_operator.batch_shape_tensor(), array_ops.shape(self._u)[:-2])
        return array_ops.concat([batch, self._base_operator.shape_tensor()[-2:]], 0)

    def _scaled(self, x, conjugate=False):
        if self._diag_update is None:
            return x
        d = _conj(self._diag_update) if conjugate else self._diag_update
        return d[..., None] * x

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        u, v = (self._v, self._u) if adjoint else (self._u, self._v)
        base = self._base_operator.matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        vh_x = matmul(v, x, adjoint_a=True, adjoint_b=adjoint_arg)
        return base + matmul(u, self._scaled(vh_x, conjugate=adjoint))

    def _capacitance(self):
        """C = D^-1 + V^H L^-1 U (the small matrix of the Woodbury identity)."""
        vh_linv_u = matmul(self._v, self._base_operator.solve(self._u), adjoint_a=True)
        if self._diag_update is None:
            k = array_ops.shape(self._u)[-1]
            return linalg_ops.eye(k, dtype=self.dtype) + vh_linv_u
        return linalg_ops.matrix_diag(1.0 / self._diag_update) + vh_linv_u

    def _determinant(self):
        det = self._base_operator.determinant() * linalg_ops.matrix_determinant(self._capacitance())
        if self._diag_update is not None:
            det = det * reduction.reduce_prod(self._diag_update, axis=[-1])
        return det

    def _log_abs_determinant(self):
        from ..ops.linalg_decomp import LogMatrixDeterminant

        total = self._base_operator.log_abs_determinant() + LogMatrixDeterminant(self._capacitance())[1]
        if self._diag_update is not None:
            total = total + reduction.reduce_sum(math_ops.log(math_ops.abs(self._diag_update)), axis=[-1])
        return total

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        from ..ops.linalg_solve import matrix_solve

        if self._base_operator.is_non_singular is False:
            raise ValueError("Solve returns incorrect result when base_operator is singular.")
        u, v = (self._v, self._u) if adjoint else (self._u, self._v)
        base = self._base_operator
        linv_rhs = base.solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        vh_linv_rhs = matmul(v, linv_rhs, adjoint_a=True)
        capacitance = self._capacitance()
        capacitance = adjoint_of(capacitance) if adjoint else capacitance
        from .base import broadcast_matrix_batch_dims

        capacitance, vh_linv_rhs = broadcast_matrix_batch_dims(capacitance, vh_linv_rhs)
        return linv_rhs - base.solve(matmul(u, matrix_solve(capacitance, vh_linv_rhs)), adjoint=adjoint)

    def _to_dense(self):
        update = matmul(self._u, self._scaled(adjoint_of(self._v)))
        return self._base_operator.to_dense() + update
