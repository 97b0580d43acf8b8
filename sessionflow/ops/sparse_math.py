"""Arithmetic with SparseTensors: SparseTensorDenseMatMul, SparseTensorDenseAdd, SparseDenseCwise{Mul,Div,Add}
(also SparseTensor's `*` and `/`), SparseAdd (+SparseAddGrad), SparseSparse{Maximum,Minimum}, and SparseMatMul
(`tf.sparse_matmul`: a dense product with sparsity hints)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue
from ..framework.tensor_shape import TensorShape
from . import array, array_index, array_transform, math, shape_fns
from .array import _context
from .common import NUMBERS, check_dtype
from .constant import convert_to_tensor
from .matmul import matmul
from .sparse_ops import (
    infer_components,
    invalid,
    row_ids,
    segment_starts,
    shape_text,
    strictly_ordered,
    to_sparse,
)

_INDEX_TYPES = (dtypes.int32, dtypes.int64)


def _lexicographic(a, b) -> int:
    """-1, 0 or 1: how index row `a` compares with row `b` in row-major order."""
    for x, y in zip(a, b):
        if x != y:
            return -1 if x < y else 1
    return 0


# --- SparseTensorDenseMatMul ------------------------------------------------------------------

@op("SparseTensorDenseMatMul", inputs=("a_indices", "a_values", "a_shape", "b"),
    attrs=dict(adjoint_a=False, adjoint_b=False), type_attrs=dict(T="a_values", Tindices="a_indices"))
class SparseTensorDenseMatMul:
    """The dense product of sparse matrix A (indices, values, shape) and dense matrix B, either adjointed."""

    def infer(a_indices, a_values, a_shape, b, adjoint_a, adjoint_b):
        check_dtype("SparseTensorDenseMatMul", "a_indices", a_indices, _INDEX_TYPES)
        shape_fns.with_rank("SparseTensorDenseMatMul", a_indices.shape, 2)
        shape_fns.with_rank("SparseTensorDenseMatMul", a_values.shape, 1)
        shape_fns.with_rank("SparseTensorDenseMatMul", a_shape.shape, 1)
        b_dims = shape_fns.with_rank("SparseTensorDenseMatMul", b.shape, 2).as_list()
        a_dims = shape_fns.shape_from_value(a_shape)
        if a_dims.ndims is not None and a_dims.ndims != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {a_dims.ndims} for 'SparseTensorDenseMatMul'")
        a_dims = a_dims.as_list() if a_dims.ndims is not None else [None, None]
        rows = a_dims[1] if adjoint_a else a_dims[0]
        inner_a = a_dims[0] if adjoint_a else a_dims[1]
        inner_b = b_dims[1] if adjoint_b else b_dims[0]
        cols = b_dims[0] if adjoint_b else b_dims[1]
        if inner_a is not None and inner_b is not None and inner_a != inner_b:
            raise ValueError(f"Dimensions must be equal, but are {inner_a} and {inner_b}" + _context(
                "SparseTensorDenseMatMul", (a_indices, a_values, a_shape, b), partial=[(2, TensorShape(a_dims))]))
        return a_values.dtype.base_dtype, [rows, cols]

    def kernel(xp, a_indices, a_values, a_shape, b, adjoint_a, adjoint_b):
        if a_shape.ndim != 1:
            raise invalid("Tensor 'a_shape' is not a vector")
        if a_shape.shape[0] != 2:
            raise invalid("Tensor 'a_shape' must have 2 elements")
        if a_values.ndim != 1:
            raise invalid("Tensor 'a_values' is not a vector")
        if a_indices.ndim != 2:
            raise invalid("Tensor 'a_indices' is not a matrix")
        if b.ndim != 2:
            raise invalid("Tensor 'b' is not a matrix")
        nnz = a_indices.shape[0]
        if nnz != a_values.shape[0]:
            raise invalid("Number of rows of a_indices does not match number of entries in a_values")
        if a_indices.shape[1] != a_shape.shape[0]:
            raise invalid("Number of columns of a_indices does not match number of entries in a_shape")
        outer_left, inner_left = (int(a_shape[1]), int(a_shape[0])) if adjoint_a else (int(a_shape[0]),
                                                                                        int(a_shape[1]))
        outer_right, inner_right = (b.shape[0], b.shape[1]) if adjoint_b else (b.shape[1], b.shape[0])
        if inner_left != inner_right:
            raise invalid(f"Cannot multiply A and B because inner dimension does not match: {inner_left} vs. "
                          f"{inner_right}.  Did you forget a transpose?  Dimensions of A: [{int(a_shape[0])}, "
                          f"{int(a_shape[1])}).  Dimensions of B: {shape_text(b.shape)}")
        rows_col, k_col = (1, 0) if adjoint_a else (0, 1)
        m = a_indices[:, rows_col].astype(np.int64)
        k = a_indices[:, k_col].astype(np.int64)
        bad_k = (k < 0) | (k >= inner_left)
        bad_m = (m < 0) | (m >= outer_left)
        if np.any(bad_k | bad_m):
            i = int(np.argmax(bad_k | bad_m))
            if bad_k[i]:
                raise invalid(f"k ({k[i]}) from index[{i},{k_col}] out of bounds (>={inner_left})")
            raise invalid(f"m ({m[i]}) from index[{i},{rows_col}] out of bounds (>={outer_left})")
        right = b.T.conj() if adjoint_b else b
        values = a_values.conj() if adjoint_a else a_values
        out = xp.zeros((outer_left, outer_right), dtype=a_values.dtype)
        if nnz:
            # each output row sums its entries' products in their order, as TF's loop does
            order = np.argsort(m, kind="stable")
            starts = segment_starts(m[order][:, None])
            out[m[order][starts]] = np.add.reduceat(values[order][:, None] * right[k[order]], starts, axis=0)
        return out

    def grad(op_, grad):
        """TF's: B's gradient is Aᵀ·grad (one more SparseTensorDenseMatMul); each value's is the dot
        product of the grad row and the B row its index pairs."""
        a_indices, a_values, a_shape, b = op_.inputs
        adj_a, adj_b = op_.attrs["adjoint_a"], op_.attrs["adjoint_b"]
        if a_values.dtype.base_dtype is not b.dtype.base_dtype:
            raise TypeError(f"SparseTensorDenseMatMul op received operands with different types: "
                            f"`{a_values.dtype.base_dtype}` and `{b.dtype.base_dtype}`.")
        b_grad = SparseTensorDenseMatMul(a_indices, a_values, a_shape, grad, adjoint_a=not adj_a, adjoint_b=False)
        if adj_b:
            from .linalg import matrix_transpose

            b_grad = matrix_transpose(b_grad, conjugate=True)
        rows, cols = a_indices[:, 0], a_indices[:, 1]
        parts_a = array.gather(grad, cols if adj_a else rows)
        parts_b = array.gather(array_transform.transpose(b) if adj_b else b, rows if adj_a else cols)
        if not adj_a and not adj_b:
            values_grad = matmul(array.expand_dims(parts_a, -2), array.expand_dims(parts_b, -2), adjoint_b=True)
        elif adj_a and not adj_b:
            values_grad = matmul(array.expand_dims(parts_a, -1), array.expand_dims(parts_b, -1), adjoint_a=True)
        elif not adj_a and adj_b:
            values_grad = matmul(array.expand_dims(parts_a, -2), array.expand_dims(parts_b, -1))
        else:
            values_grad = matmul(array.expand_dims(parts_a, -1), array.expand_dims(parts_b, -2), adjoint_a=True,
                                 adjoint_b=True)
        return None, array_transform.squeeze(values_grad, axis=[-2, -1]), None, b_grad

    samples = [((np.array([[0, 1], [1, 0], [2, 2]], np.int64), np.array([1.5, -2.0, 0.5]), np.array([3, 3], np.int64),
                 np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.25]])), {}),
               ((np.array([[0, 1], [1, 0]], np.int32), np.array([1.5, -2.0]), np.array([2, 3], np.int64),
                 np.array([[1.0, 2.0], [0.5, -1.0]])), dict(adjoint_a=True, adjoint_b=True))]


@tf_export("sparse.sparse_dense_matmul", "sparse.matmul", "sparse_tensor_dense_matmul")
def sparse_tensor_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None) -> Tensor:
    """A·B for a rank-2 SparseTensor A and a dense matrix B (or dense A and sparse B), either adjointed."""
    if isinstance(b, (SparseTensor, SparseTensorValue)):
        if adjoint_a != adjoint_b:
            return array_transform.transpose(sparse_tensor_dense_matmul(b, sp_a, adjoint_a, adjoint_b))
        return array_transform.transpose(sparse_tensor_dense_matmul(b, sp_a, adjoint_a=not adjoint_a,
                                                                    adjoint_b=not adjoint_b))
    sp_a = to_sparse(sp_a)
    with get_default_graph().name_scope(name or "SparseTensorDenseMatMul"):  # TF's op is inside the scope
        b = convert_to_tensor(b, name="b")
        if b.dtype.base_dtype is not sp_a.dtype.base_dtype:
            raise TypeError(f"Input 'b' of 'SparseTensorDenseMatMul' Op has type {b.dtype.base_dtype.name} that does "
                            f"not match type {sp_a.dtype.base_dtype.name} of argument 'a_values'.")
        return SparseTensorDenseMatMul(sp_a.indices, sp_a.values, sp_a.dense_shape, b, adjoint_a=bool(adjoint_a),
                                       adjoint_b=bool(adjoint_b))


# --- SparseTensorDenseAdd ---------------------------------------------------------------------

@op("SparseTensorDenseAdd", inputs=("a_indices", "a_values", "a_shape", "b"),
    type_attrs=dict(T="a_values", Tindices="a_indices"))
class SparseTensorDenseAdd:
    """Dense B plus sparse A of the same shape (no broadcasting): a dense tensor."""

    def infer(a_indices, a_values, a_shape, b):
        check_dtype("SparseTensorDenseAdd", "a_indices", a_indices, _INDEX_TYPES)
        return b.dtype.base_dtype, b.shape

    def kernel(xp, a_indices, a_values, a_shape, b):
        if a_indices.ndim != 2:
            raise invalid(f"Input a_indices should be a matrix but received shape: {shape_text(a_indices.shape)}")
        if a_values.ndim != 1 or a_shape.ndim != 1:
            raise invalid(f"Inputs a_values and a_shape should be vectors but received shapes: "
                          f"{shape_text(a_values.shape)} and {shape_text(a_shape.shape)}")
        if a_shape.shape[0] != b.ndim:
            raise invalid(f"Two operands have different ranks; received: {a_shape.shape[0]} and {b.ndim}")
        for d in range(b.ndim):
            if int(a_shape[d]) != b.shape[d]:
                raise invalid(f"Dimension {d} does not equal (no broadcasting is supported): sparse side "
                              f"{int(a_shape[d])} vs dense side {b.shape[d]}")
        if a_indices.shape[0] != a_values.shape[0] or a_indices.shape[1] != b.ndim:
            raise invalid(f"a_indices must be of shape [{a_values.shape[0]}, {b.ndim}] but received "
                          f"{shape_text(a_indices.shape)}")
        coords = a_indices.astype(np.int64)
        bad = (coords < 0) | (coords >= np.asarray(b.shape, np.int64))
        if np.any(bad):
            i, d = (int(x) for x in np.argwhere(bad)[0])
            raise invalid(f"Sparse tensor has an invalid index on dimension {d}: a_indices({i},{d}) = "
                          f"{coords[i, d]}, dense tensor shape: {' '.join(map(str, b.shape))}")
        out = np.array(b, copy=True)
        np.add.at(out, tuple(coords.T), a_values)
        return out

    def grad(op_, grad):
        """TF's: A's values get the gradient at their indices, B all of it."""
        return None, array_index.gather_nd(grad, op_.inputs[0]), None, grad

    samples = [((np.array([[0, 1], [1, 0]], np.int64), np.array([1.5, -2.0]), np.array([2, 2], np.int64),
                 np.array([[1.0, 2.0], [3.0, 4.0]])), {})]


# --- SparseDenseCwise{Mul,Div,Add} --------------------------------------------------------------

def _cwise_infer(op_type):
    def infer(sp_indices, sp_values, sp_shape, dense):
        shape_fns.with_rank(op_type, sp_indices.shape, 2)
        check_dtype(op_type, "sp_values", sp_values, NUMBERS)
        n = sp_indices.shape.as_list()[0] if sp_indices.shape.ndims else None
        return sp_values.dtype.base_dtype, [n]

    return infer


def _cwise_kernel(fn):
    def kernel(xp, sp_indices, sp_values, sp_shape, dense):
        if sp_indices.ndim != 2 or sp_values.ndim != 1 or sp_shape.ndim != 1:
            raise invalid("Inputs sp_indices, sp_values, and sp_shape should be a matrix, a vector, and a vector, "
                          f"but received shapes: {shape_text(sp_indices.shape)}, {shape_text(sp_values.shape)}, "
                          f"and {shape_text(sp_shape.shape)}")
        if sp_values.shape[0] != sp_indices.shape[0]:
            raise invalid(f"The first dimension of values and indices should match. ({sp_values.shape[0]} vs. "
                          f"{sp_indices.shape[0]})")
        if sp_shape.shape[0] != sp_indices.shape[1]:
            raise invalid(f"Number of dimensions must match second dimension of indices. Got {sp_shape.shape[0]} "
                          f"dimensions, indices shape: {shape_text(sp_indices.shape)}")
        lhs, rhs = [int(d) for d in sp_shape], list(dense.shape)
        fits = len(lhs) >= len(rhs) and all(r in (1, l) for l, r in zip(lhs[::-1], rhs[::-1]))
        if not fits:
            raise invalid("SparseDenseBinaryOpShared broadcasts dense to sparse only; got incompatible shapes: "
                          f"[{','.join(map(str, lhs))}] vs. [{','.join(map(str, rhs))}]")
        full = np.broadcast_to(dense, lhs)
        coords = sp_indices.astype(np.int64)
        if coords.size and (np.any(coords < 0) or np.any(coords >= np.asarray(lhs, np.int64))):
            raise invalid("Provided indices are out-of-bounds w.r.t. dense side with broadcasted shape")
        return fn(xp, sp_values, full[tuple(coords.T)] if coords.shape[1] else np.broadcast_to(
            full, (coords.shape[0],))).astype(sp_values.dtype)

    return kernel


def _cwise_mul_or_div_grad(op_, grad, is_mul: bool):
    """TF's: the dense side's gradient summed into its (broadcast) positions with sparse_add."""
    x_indices, x_values, x_shape, y = op_.inputs
    y_shape = math.cast(array.shape(y), dtypes.int64)
    added = array.expand_dims(array.size(x_shape) - array.size(y_shape), 0)
    augmented = array.concat([array.ones(added, dtypes.int64), y_shape], 0)
    scaling = math.floordiv(x_shape, augmented)
    scaled = math.floordiv(x_indices, scaling)
    scaled = array_transform.slice(scaled, array.concat([[0], added], 0), [-1, -1])
    dense_vals = array_index.gather_nd(y, scaled)
    if is_mul:
        dx = grad * dense_vals
        dy_val = grad * x_values
    else:
        dx = grad / dense_vals
        dy_val = grad * (-x_values / math.square(dense_vals))
    dy = sparse_tensor_dense_add_or_sparse(array.zeros_like(y), SparseTensor(scaled, dy_val, y_shape))
    return None, dx, None, dy


def _cwise_add_grad(op_, grad):
    raise NotImplementedError("Gradient for SparseDenseCwiseAdd is not implemented.")


_CWISE_SAMPLE = ((np.array([[0, 1], [1, 0], [1, 2]], np.int64), np.array([1.5, -2.0, 3.0]), np.array([2, 3], np.int64),
                  np.array([0.5, 2.0, -4.0])), {})


def _declare_cwise(op_type: str, fn, grad, doc: str, samples=(_CWISE_SAMPLE,)):
    return op(op_type, inputs=("sp_indices", "sp_values", "sp_shape", "dense"), type_attrs=dict(T="sp_values"))(
        type(op_type, (), dict(__doc__=doc, infer=_cwise_infer(op_type), kernel=_cwise_kernel(fn), grad=grad,
                               samples=samples)))


def _divide(xp, x, y):
    if np.issubdtype(x.dtype, np.integer):
        if np.any(y == 0):
            raise invalid("Integer division by zero")
        return xp.floor_divide(x, y)
    return x / y


SparseDenseCwiseMul = _declare_cwise("SparseDenseCwiseMul", lambda xp, x, y: x * y,
                                     lambda op_, g: _cwise_mul_or_div_grad(op_, g, True),
                                     "The sparse values times the dense tensor (broadcast to the sparse shape) there.")
SparseDenseCwiseDiv = _declare_cwise("SparseDenseCwiseDiv", _divide,
                                     lambda op_, g: _cwise_mul_or_div_grad(op_, g, False),
                                     "The sparse values divided by the dense tensor (broadcast) there.")
# float32 samples: TF gives this op no gradient, so the finite-difference check has nothing to compare
SparseDenseCwiseAdd = _declare_cwise("SparseDenseCwiseAdd", lambda xp, x, y: x + y, _cwise_add_grad,
                                     "The sparse values plus the dense tensor (broadcast) there; the other "
                                     "positions of the dense tensor are ignored.",
                                     samples=[(tuple(a.astype(np.float32) if a.dtype == np.float64 else a
                                                     for a in _CWISE_SAMPLE[0]), {})])


def _cwise_operator(opdef, scope_name: str, truediv: bool = False):
    def operator(sp_x, y):
        with get_default_graph().name_scope(scope_name) as scope:
            y = convert_to_tensor(y, dtype=sp_x.dtype.base_dtype, name="y")
            values = sp_x.values
            if truediv and (values.dtype.is_integer or values.dtype.is_bool):
                target = dtypes.float64 if values.dtype.size > 2 else dtypes.float32
                values, y = math.cast(values, target), math.cast(y, target)
            return SparseTensor(sp_x.indices, opdef(sp_x.indices, values, sp_x.dense_shape, y, name=scope),
                                sp_x.dense_shape)

    return operator


SparseTensor.__mul__ = _cwise_operator(SparseDenseCwiseMul, "mul")
SparseTensor.__div__ = _cwise_operator(SparseDenseCwiseDiv, "div")
SparseTensor.__truediv__ = _cwise_operator(SparseDenseCwiseDiv, "truediv", truediv=True)


# --- SparseAdd ----------------------------------------------------------------------------------

def _check_pair(a_indices, a_values, a_shape, b_indices, b_values, b_shape):
    if a_indices.ndim != 2 or b_indices.ndim != 2:
        raise invalid(f"Input indices should be matrices but received shapes: {shape_text(a_indices.shape)} and "
                      f"{shape_text(b_indices.shape)}")
    if a_values.ndim != 1 or b_values.ndim != 1:
        raise invalid(f"Input values should be vectors but received shapes: {shape_text(a_values.shape)} and "
                      f"{shape_text(b_values.shape)}")
    if a_indices.shape[0] != a_values.shape[0] or b_indices.shape[0] != b_values.shape[0]:
        raise invalid(f"Expected {a_indices.shape[0]} and {b_indices.shape[0]} non-empty input values, got "
                      f"{a_values.shape[0]} and {b_values.shape[0]}")
    if a_shape.ndim != 1 or b_shape.ndim != 1:
        raise invalid(f"Input shapes should be a vector but received shapes {shape_text(a_shape.shape)} and "
                      f"{shape_text(b_shape.shape)}")
    if a_shape.shape[0] != b_shape.shape[0]:
        raise invalid(f"Operands do not have the same ranks; got shapes: {shape_text(a_shape)} and "
                      f"{shape_text(b_shape)}")
    for d in range(a_shape.shape[0]):
        if a_shape[d] != b_shape[d]:
            raise invalid(f"Operands' shapes do not match: got {int(a_shape[d])} and {int(b_shape[d])} for "
                          f"dimension {d}")


def _ordered_union(a_indices, b_indices):
    """(union rows in row-major order, position of each A row in it, of each B row) for two ordered
    index lists without repeats: what the merge walk gives them."""
    a_ids, b_ids = row_ids(a_indices, b_indices)
    ids = np.union1d(a_ids, b_ids)
    rows = np.zeros((len(ids), a_indices.shape[1]), np.int64)
    in_a, in_b = np.searchsorted(ids, a_ids), np.searchsorted(ids, b_ids)
    rows[in_a] = a_indices
    rows[in_b] = b_indices
    return rows, in_a, in_b


def _union(a_indices, b_indices):
    """The merge of two row-major-ordered index lists: a list of (a position or None, b position or None)."""
    i = j = 0
    out = []
    na, nb = a_indices.shape[0], b_indices.shape[0]
    while i < na and j < nb:
        c = _lexicographic(a_indices[i], b_indices[j])
        if c < 0:
            out.append((i, None))
            i += 1
        elif c > 0:
            out.append((None, j))
            j += 1
        else:
            out.append((i, j))
            i += 1
            j += 1
    out.extend((k, None) for k in range(i, na))
    out.extend((None, k) for k in range(j, nb))
    return out


@op("SparseAdd", inputs=("a_indices", "a_values", "a_shape", "b_indices", "b_values", "b_shape", "thresh"),
    type_attrs=dict(T="a_values", Treal="thresh"))
class SparseAdd:
    """(sum_indices, sum_values, sum_shape): A + B for two ordered SparseTensors of one shape; a summed
    entry whose magnitude is below `thresh` is left out."""

    def infer(a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
        _, rank = infer_components("SparseAdd", a_indices, a_values, a_shape)
        infer_components("SparseAdd", b_indices, b_values, b_shape)
        if b_values.dtype.base_dtype is not a_values.dtype.base_dtype:
            raise TypeError(f"Input 'b_values' of 'SparseAdd' Op has type {b_values.dtype.base_dtype.name} that does "
                            f"not match type {a_values.dtype.base_dtype.name} of argument 'a_values'.")
        return [(dtypes.int64, [None, rank]), (a_values.dtype.base_dtype, [None]),
                (dtypes.int64, a_shape.shape.merge_with(TensorShape([None])))]

    def kernel(xp, a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
        _check_pair(a_indices, a_values, a_shape, b_indices, b_values, b_shape)
        if np.ndim(thresh) != 0:
            raise invalid(f"The magnitude threshold must be a scalar: got shape {shape_text(np.shape(thresh))}")
        if strictly_ordered(a_indices) and strictly_ordered(b_indices):
            union, in_a, in_b = _ordered_union(a_indices, b_indices)
            values = np.zeros(len(union), a_values.dtype)
            values[in_a] = a_values
            values[in_b] += b_values
            from_a, from_b = np.zeros(len(union), bool), np.zeros(len(union), bool)
            from_a[in_a], from_b[in_b] = True, True
            both = from_a & from_b
            keep = ~both | (np.abs(values) >= thresh)
            return union[keep], values[keep], np.asarray(a_shape, np.int64)
        rows, values = [], []
        for i, j in _union(a_indices, b_indices):
            if i is not None and j is not None:
                s = a_values[i] + b_values[j]
                if thresh <= abs(s):
                    rows.append(a_indices[i])
                    values.append(s)
            elif i is not None:
                rows.append(a_indices[i])
                values.append(a_values[i])
            else:
                rows.append(b_indices[j])
                values.append(b_values[j])
        rank = a_indices.shape[1]
        indices = np.asarray(rows, np.int64).reshape(len(rows), rank)
        return indices, np.asarray(values, a_values.dtype).reshape(len(values)), np.asarray(a_shape, np.int64)

    def grad(op_, *grads):
        """TF's: SparseAddGrad routes each sum value's gradient to the A and B values it came from."""
        a_grad, b_grad = SparseAddGrad(grads[1], op_.inputs[0], op_.inputs[3], op_.outputs[0])
        a_grad.set_shape(op_.inputs[1].shape)
        b_grad.set_shape(op_.inputs[4].shape)
        return None, a_grad, None, None, b_grad, None, None

    samples = [((np.array([[0, 0], [1, 1]], np.int64), np.array([1.0, 2.0]), np.array([2, 2], np.int64),
                 np.array([[0, 1], [1, 1]], np.int64), np.array([3.0, -0.5]), np.array([2, 2], np.int64),
                 np.array(0.0)), {})]


@op("SparseAddGrad", inputs=("backprop_val_grad", "a_indices", "b_indices", "sum_indices"))
class SparseAddGrad:
    """(a_val_grad, b_val_grad): each sum entry's gradient given to the A and B entries at its index."""

    def infer(backprop_val_grad, a_indices, b_indices, sum_indices):
        a = a_indices.shape.as_list()[0] if a_indices.shape.ndims else None
        b = b_indices.shape.as_list()[0] if b_indices.shape.ndims else None
        return [(backprop_val_grad.dtype.base_dtype, [a]), (backprop_val_grad.dtype.base_dtype, [b])]

    def kernel(xp, backprop_val_grad, a_indices, b_indices, sum_indices):
        a_grad = np.zeros(a_indices.shape[0], backprop_val_grad.dtype)
        b_grad = np.zeros(b_indices.shape[0], backprop_val_grad.dtype)
        if all(strictly_ordered(x) for x in (a_indices, b_indices, sum_indices)):
            a_ids, b_ids, sum_ids = row_ids(a_indices, b_indices, sum_indices)
            for ids, out in ((a_ids, a_grad), (b_ids, b_grad)):
                at = np.minimum(np.searchsorted(sum_ids, ids), max(len(sum_ids) - 1, 0))
                found = (sum_ids[at] == ids) if len(sum_ids) else np.zeros(len(ids), bool)
                out[found] = backprop_val_grad[at[found]]
            return a_grad, b_grad
        i = j = 0
        for k in range(sum_indices.shape[0]):
            row = sum_indices[k]
            while i < a_indices.shape[0] and _lexicographic(a_indices[i], row) < 0:
                i += 1
            while j < b_indices.shape[0] and _lexicographic(b_indices[j], row) < 0:
                j += 1
            if i < a_indices.shape[0] and _lexicographic(a_indices[i], row) == 0:
                a_grad[i] = backprop_val_grad[k]
                i += 1
            if j < b_indices.shape[0] and _lexicographic(b_indices[j], row) == 0:
                b_grad[j] = backprop_val_grad[k]
                j += 1
        return a_grad, b_grad

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, 2.0, 3.0]), np.array([[0, 0], [1, 1]], np.int64), np.array([[0, 1], [1, 1]], np.int64),
                 np.array([[0, 0], [0, 1], [1, 1]], np.int64)), {})]


def sparse_tensor_dense_add_or_sparse(a, b, threshold=0):
    """TF's sparse_add_v2: SparseAdd of two SparseTensors, else SparseTensorDenseAdd (a dense result)."""
    sparse_classes = (SparseTensor, SparseTensorValue)
    if not any(isinstance(x, sparse_classes) for x in (a, b)):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add()?")
    if all(isinstance(x, sparse_classes) for x in (a, b)):
        a, b = to_sparse(a), to_sparse(b)
        threshold = convert_to_tensor(threshold, dtype=a.values.dtype.real_dtype.base_dtype, name="threshold")
        indices, values, shape = SparseAdd(a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape,
                                           threshold)
        a.get_shape().assert_is_compatible_with(b.get_shape())
        static = a.get_shape().merge_with(b.get_shape())
        if static.is_fully_defined():
            shape = static.as_list()
        return SparseTensor(indices, values, shape)
    if isinstance(b, sparse_classes):
        a, b = b, a
    b = convert_to_tensor(b)
    return SparseTensorDenseAdd(a.indices, a.values, a.dense_shape, b)


@tf_export("sparse.add", "sparse_add")
def sparse_add(a, b, threshold=None, thresh=None):
    """A + B: a SparseTensor when both are sparse (sums below `threshold` in magnitude dropped), else a
    dense tensor."""
    if thresh is not None:
        if threshold is not None:
            raise ValueError("Cannot specify both 'threshold' and 'thresh'")
        threshold = thresh
    return sparse_tensor_dense_add_or_sparse(a, b, 0 if threshold is None else threshold)


# --- SparseSparseMaximum / Minimum --------------------------------------------------------------

def _declare_sparse_sparse(op_type: str, fn, doc: str):
    def infer(a_indices, a_values, a_shape, b_indices, b_values, b_shape):
        _, rank = infer_components(op_type, a_indices, a_values, a_shape)
        infer_components(op_type, b_indices, b_values, b_shape)
        return [(dtypes.int64, [None, rank]), (a_values.dtype.base_dtype, [None])]

    def kernel(xp, a_indices, a_values, a_shape, b_indices, b_values, b_shape):
        if a_indices.ndim != 2 or b_indices.ndim != 2:
            raise invalid(f"Inputs a_indices and b_indices should be matrices but received shapes: "
                          f"{shape_text(a_indices.shape)}, {shape_text(b_indices.shape)}")
        if a_values.ndim != 1 or b_values.ndim != 1:
            raise invalid(f"Inputs a_values and b_values should be vectors but received shapes: "
                          f"{shape_text(a_values.shape)} and {shape_text(b_values.shape)}")
        if a_indices.shape[0] != a_values.shape[0] or b_indices.shape[0] != b_values.shape[0]:
            raise invalid(f"Expected {a_indices.shape[0]} and {b_indices.shape[0]} non-empty input values, got "
                          f"{a_values.shape[0]} and {b_values.shape[0]}")
        if a_shape.ndim != 1 or b_shape.ndim != 1:
            raise invalid(f"Input shapes should be a vector but received shapes {shape_text(a_shape.shape)} and "
                          f"{shape_text(b_shape.shape)}")
        if a_shape.shape != b_shape.shape or np.any(a_shape != b_shape):
            if a_shape.shape != b_shape.shape:
                raise invalid(f"Operands do not have the same ranks; got shapes: {shape_text(a_shape)} and "
                              f"{shape_text(b_shape)}")
            d = int(np.flatnonzero(a_shape != b_shape)[0])
            raise invalid(f"Operands' shapes do not match: got {int(a_shape[d])} and {int(b_shape[d])} for "
                          f"dimension {d}")
        if strictly_ordered(a_indices) and strictly_ordered(b_indices):
            union, in_a, in_b = _ordered_union(a_indices, b_indices)
            left = np.zeros(len(union), a_values.dtype)
            right = np.zeros(len(union), a_values.dtype)
            left[in_a], right[in_b] = a_values, b_values
            return union, fn(left, right).astype(a_values.dtype)
        rows, values = [], []
        zero = np.zeros((), a_values.dtype)
        for i, j in _union(a_indices, b_indices):
            rows.append(a_indices[i] if i is not None else b_indices[j])
            values.append(fn(a_values[i] if i is not None else zero, b_values[j] if j is not None else zero))
        indices = np.asarray(rows, np.int64).reshape(len(rows), a_indices.shape[1])
        return indices, np.asarray(values, a_values.dtype).reshape(len(values))

    def grad(op_, *grads):
        raise NotImplementedError(f"Gradient for {op_type} is not implemented.")

    # float32: TF gives these ops no gradient, so the finite-difference check has nothing to compare
    samples = [((np.array([[0, 0], [1, 1]], np.int64), np.array([1.0, -2.0], np.float32), np.array([2, 2], np.int64),
                 np.array([[0, 1], [1, 1]], np.int64), np.array([3.0, -0.5], np.float32), np.array([2, 2], np.int64)),
                {})]
    return op(op_type, inputs=("a_indices", "a_values", "a_shape", "b_indices", "b_values", "b_shape"),
              type_attrs=dict(T="a_values"))(type(op_type, (), dict(__doc__=doc, infer=infer, kernel=kernel,
                                                                       grad=grad, samples=samples)))


SparseSparseMaximum = _declare_sparse_sparse("SparseSparseMaximum", np.maximum,
                                             "(output_indices, output_values): the elementwise maximum of two "
                                             "ordered SparseTensors, missing entries counting as 0.")
SparseSparseMinimum = _declare_sparse_sparse("SparseSparseMinimum", np.minimum,
                                             "(output_indices, output_values): the elementwise minimum of two "
                                             "ordered SparseTensors, missing entries counting as 0.")


def _sparse_sparse(opdef, default_name):
    def fn(sp_a, sp_b, name=None):
        with get_default_graph().name_scope(name or default_name) as scope:
            indices, values = opdef(sp_a.indices, sp_a.values, sp_a.dense_shape, sp_b.indices, sp_b.values,
                                    sp_b.dense_shape, name=scope)
        return SparseTensor(indices, values, sp_a.dense_shape)

    return fn


sparse_maximum = tf_export("sparse.maximum", "sparse_maximum")(_sparse_sparse(SparseSparseMaximum,
                                                                              "SparseSparseMaximum"))
sparse_minimum = tf_export("sparse.minimum", "sparse_minimum")(_sparse_sparse(SparseSparseMinimum,
                                                                              "SparseSparseMinimum"))


# --- SparseMatMul (tf.sparse_matmul) --------------------------------------------------------------

@op("SparseMatMul", inputs=("a", "b"),
    attrs=dict(transpose_a=False, transpose_b=False, a_is_sparse=False, b_is_sparse=False),
    type_attrs=dict(Ta="a", Tb="b"))
class SparseMatMul:
    """A dense float32 matrix product; the sparsity flags are hints (about zeros in a or b) only."""

    def infer(a, b, transpose_a, transpose_b, a_is_sparse, b_is_sparse):
        for name, t in (("a", a), ("b", b)):
            check_dtype("SparseMatMul", name, t, (dtypes.float32, dtypes.bfloat16))
        a_dims = shape_fns.with_rank("SparseMatMul", a.shape, 2).as_list()
        b_dims = shape_fns.with_rank("SparseMatMul", b.shape, 2).as_list()
        rows, inner_a = (a_dims[1], a_dims[0]) if transpose_a else (a_dims[0], a_dims[1])
        inner_b, cols = (b_dims[1], b_dims[0]) if transpose_b else (b_dims[0], b_dims[1])
        shape_fns.merge_dim("SparseMatMul", inner_a, inner_b)
        return dtypes.float32, [rows, cols]

    def kernel(xp, a, b, transpose_a, transpose_b, a_is_sparse, b_is_sparse):
        left = a.T if transpose_a else a
        right = b.T if transpose_b else b
        if left.shape[1] != right.shape[0]:
            raise invalid(f"Matrix size incompatible: a: {shape_text(a.shape)}, b: {shape_text(b.shape)}")
        return xp.matmul(left.astype(np.float32), right.astype(np.float32))

    def grad(op_, grad):
        """As MatMul's, each product again a SparseMatMul."""
        a, b = op_.inputs
        ta, tb = op_.attrs["transpose_a"], op_.attrs["transpose_b"]
        if not ta and not tb:
            return SparseMatMul(grad, b, transpose_b=True), SparseMatMul(a, grad, transpose_a=True)
        if not ta and tb:
            return SparseMatMul(grad, b), SparseMatMul(grad, a, transpose_a=True)
        if ta and not tb:
            return SparseMatMul(b, grad, transpose_b=True), SparseMatMul(a, grad)
        return SparseMatMul(b, grad, transpose_a=True, transpose_b=True), \
            SparseMatMul(grad, a, transpose_a=True, transpose_b=True)

    samples = [((np.array([[1.0, 0.0], [0.0, 2.0]], np.float32), np.array([[0.5, 1.0], [2.0, 0.0]], np.float32)),
                dict(a_is_sparse=True))]


@tf_export("sparse_matmul")
def sparse_matmul(a, b, transpose_a=False, transpose_b=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """`tf.sparse_matmul`: a·b of dense float32/bfloat16 matrices, with hints that a or b has many zeros."""
    with get_default_graph().name_scope(name or "SparseMatMul") as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        return SparseMatMul(a, b, transpose_a=bool(transpose_a), transpose_b=bool(transpose_b),
                            a_is_sparse=bool(a_is_sparse), b_is_sparse=bool(b_is_sparse), name=scope)
