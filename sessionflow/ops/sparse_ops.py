"""SparseTensor basics: `tf.sparse_placeholder`, to/from dense, and the ops that move indices around:
SparseReorder, SparseReshape, SparseFillEmptyRows (+Grad), and the composites TF builds from plain ops
(retain, reset_shape, expand_dims, eye, transpose, merge, to_indicator).

Also installs the converter sessionflow.framework.sparse_tensor uses to turn Python values into Tensors.
Arithmetic is in sparse_math.py, reductions and softmax in sparse_reduce.py, concat/slice/split in
sparse_slicing.py, embedding lookups and edit distance in sparse_embedding.py.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..framework import dtypes, errors
from ..framework import sparse_tensor as _sparse_tensor
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue
from ..framework.tensor_shape import TensorShape, dimension_value
from ..framework.tensor_util import constant_value_as_shape
from . import array, array_index, array_transform, math, reduction, shape_fns
from .array import placeholder, placeholder_with_default
from .constant import constant, convert_to_tensor
from .sparse_to_dense import SparseToDense

_sparse_tensor.install_converter(convert_to_tensor)


# --- shared by the sparse op modules -----------------------------------------------------------

def invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def shape_text(dims) -> str:
    """A shape or index tuple as TF's kernels print it: `[2,3]`."""
    return "[" + ",".join(str(int(d)) for d in dims) + "]"


def check_components(indices, values, shape, what: str = "Input") -> None:
    """TF's kernel checks that a sparse tensor's parts are a matrix, a vector and a vector."""
    if np.ndim(indices) != 2:
        raise invalid(f"{what} indices should be a matrix but received shape {shape_text(np.shape(indices))}")
    if np.ndim(values) != 1:
        raise invalid(f"{what} values should be a vector but received shape {shape_text(np.shape(values))}")
    if np.ndim(shape) != 1:
        raise invalid(f"{what} shape should be a vector but received shape {shape_text(np.shape(shape))}")


def infer_components(op_type: str, indices, values, shape):
    """Static checks of (indices, values, dense_shape) inputs: ranks 2, 1, 1 and agreeing sizes. Returns
    (number of entries, rank), each an int or None."""
    ind = shape_fns.with_rank(op_type, indices.shape, 2).as_list()
    val = shape_fns.with_rank(op_type, values.shape, 1).as_list()
    dims = shape_fns.with_rank(op_type, shape.shape, 1).as_list()
    n = shape_fns.merge_dim(op_type, ind[0], val[0])
    rank = shape_fns.merge_dim(op_type, ind[1], dims[0])
    return n, rank


def row_major_order(indices, shape=None):
    """The permutation sorting index rows in row-major (lexicographic) order; stable for repeats."""
    if indices.shape[0] == 0 or indices.shape[1] == 0:
        return np.arange(indices.shape[0])
    return np.lexsort(indices.T[::-1])


def order_steps(indices) -> np.ndarray:
    """For each pair of consecutive index rows: -1 if the later one comes first in row-major order, 0 if
    they are equal, 1 if in order."""
    if indices.shape[0] < 2:
        return np.zeros(0, np.int64)
    diff = np.sign(indices[1:].astype(np.int64) - indices[:-1].astype(np.int64))
    if diff.shape[1] == 0:
        return np.zeros(diff.shape[0], np.int64)
    first = np.argmax(diff != 0, axis=1)
    return diff[np.arange(diff.shape[0]), first]


def strictly_ordered(indices) -> bool:
    """Whether the index rows are in row-major order without repeats."""
    return bool(np.all(order_steps(indices) > 0))


def row_ids(*index_arrays) -> list:
    """Each array's index rows as integers that order as the rows do (row-major), shared across arrays:
    a mixed-radix number when the coordinates allow, else the rank among the sorted rows."""
    rows = np.concatenate([np.asarray(a, np.int64).reshape(len(a), -1) for a in index_arrays], 0)
    if rows.shape[0] == 0 or rows.shape[1] == 0:
        ids = np.zeros(rows.shape[0], np.int64)
    else:
        radix = [int(r) + 1 for r in rows.max(axis=0)]
        if rows.min() >= 0 and int(np.prod(radix, dtype=object)) < 2 ** 62:
            ids = np.ravel_multi_index(tuple(rows.T), radix)
        else:
            order = row_major_order(rows)
            ranks = np.zeros(rows.shape[0], np.int64)
            ranks[1:] = np.cumsum(np.any(rows[order][1:] != rows[order][:-1], axis=1))
            ids = np.empty(rows.shape[0], np.int64)
            ids[order] = ranks
    out, at = [], 0
    for a in index_arrays:
        out.append(ids[at:at + len(a)])
        at += len(a)
    return out


def validate_ordered(indices, dims) -> None:
    """TF's SparseTensor::IndicesValid: each index row in bounds, in row-major order and not repeated; the
    first bad row is reported."""
    coords = indices.astype(np.int64)
    dims_arr = np.asarray(dims, np.int64)
    out_of_bounds = np.any((coords < 0) | (coords >= dims_arr), axis=1) if coords.size else \
        np.zeros(coords.shape[0], bool)
    steps = np.concatenate([[1], order_steps(coords)])
    bad = np.flatnonzero(out_of_bounds | (steps <= 0))
    if not bad.size:
        return
    i = int(bad[0])
    row = coords[i]
    if out_of_bounds[i]:
        raise invalid(f"indices[{i}] = {shape_text(row)} is out of bounds: need 0 <= index < {shape_text(dims)}")
    if steps[i] == 0:
        raise invalid(f"indices[{i}] = {shape_text(row)} is repeated")
    raise invalid(f"indices[{i}] = {shape_text(row)} is out of order. Many sparse ops require sorted "
                  "indices.\n    Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n")


def segment_starts(keys) -> np.ndarray:
    """The positions where a run of equal consecutive rows of `keys` ([n, k]) starts (0 first)."""
    n = keys.shape[0]
    if n == 0:
        return np.zeros(0, np.int64)
    if keys.shape[1] == 0:
        return np.zeros(1, np.int64)
    change = np.any(keys[1:] != keys[:-1], axis=1)
    return np.concatenate([[0], np.flatnonzero(change) + 1]).astype(np.int64)


def to_sparse(sp_input) -> SparseTensor:
    """A SparseTensor (a SparseTensorValue becomes one); anything else is TF's TypeError."""
    if isinstance(sp_input, SparseTensorValue):
        return SparseTensor.from_value(sp_input)
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    return sp_input


def _int64(value, name: str) -> Tensor:
    """TF's _make_int64_tensor: a Python int or an integer Tensor, as int64."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return convert_to_tensor(value, name=name, dtype=dtypes.int64)
    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must be an integer value")
    return value if value.dtype.base_dtype is dtypes.int64 else math.cast(value, dtypes.int64)


# --- tf.sparse_placeholder ----------------------------------------------------------------------

@tf_export("sparse_placeholder", "sparse.placeholder")
def sparse_placeholder(dtype, shape=None, name=None) -> SparseTensor:
    """A SparseTensor to feed: placeholders for values ([None]) and indices ([None, rank]); its dense_shape
    is a placeholder too when `shape` is None, else a feedable default of `shape` (None dims as -1)."""
    dtype = dtypes.as_dtype(dtype)
    shape_name = f"{name}/shape" if name is not None else None
    if shape is None:
        rank = None
        dense_shape = placeholder(dtypes.int64, shape=[rank], name=shape_name)
        static = TensorShape(None)
    else:
        if isinstance(shape, Tensor):
            rank = shape.shape.dims[0].value if shape.shape.ndims else None
            static = constant_value_as_shape(shape)
        else:
            rank = len(shape)
            static = TensorShape([None if dimension_value(d) in (None, -1) else dimension_value(d) for d in shape])
            shape = tuple(-1 if dimension_value(d) is None else dimension_value(d) for d in shape)
            shape = convert_to_tensor(shape, dtype=dtypes.int64,
                                      name=f"{name}/shape_default" if name is not None else None)
        dense_shape = placeholder_with_default(shape, shape=shape.shape, name=shape_name)
    result = SparseTensor(
        values=placeholder(dtype, shape=[None], name=f"{name}/values" if name is not None else None),
        indices=placeholder(dtypes.int64, shape=[None, rank], name=f"{name}/indices" if name is not None else None),
        dense_shape=dense_shape)
    result.set_shape(static)
    return result


# --- dense <-> sparse ---------------------------------------------------------------------------

@tf_export("sparse.to_dense", "sparse_tensor_to_dense")
def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None) -> Tensor:
    """The dense tensor: `default_value` (0) where `sp_input` has no entry. With `validate_indices` the
    indices must be in bounds, ordered and distinct (tf.sparse.reorder orders them)."""
    sp_input = to_sparse(sp_input)
    with get_default_graph().name_scope(name or "SparseToDense") as scope:
        if default_value is None:
            default_value = array.zeros([], dtype=sp_input.dtype)
        default_value = convert_to_tensor(default_value, dtype=sp_input.dtype, name="default_value")
        return SparseToDense(sp_input.indices, sp_input.dense_shape, sp_input.values, default_value,
                             validate_indices=bool(validate_indices), name=scope)


@tf_export("sparse.from_dense")
def from_dense(tensor, name=None) -> SparseTensor:
    """The non-zero entries of `tensor` as a SparseTensor (in row-major order)."""
    with get_default_graph().name_scope(name or "dense_to_sparse"):
        tensor = convert_to_tensor(tensor)
        indices = array_index.where_v2(math.not_equal(tensor, array.zeros_like(tensor)))
        values = array_index.gather_nd(tensor, indices)
        shape = array.shape(tensor, out_type=dtypes.int64)
        return SparseTensor(indices, values, shape)


# --- SparseReorder ------------------------------------------------------------------------------

@op("SparseReorder", inputs=("input_indices", "input_values", "input_shape"), type_attrs=dict(T="input_values"))
class SparseReorder:
    """(output_indices, output_values): the entries in row-major order of their indices."""

    def infer(input_indices, input_values, input_shape):
        infer_components("SparseReorder", input_indices, input_values, input_shape)
        return [(dtypes.int64, input_indices.shape.merge_with(TensorShape([None, None]))),
                (input_values.dtype.base_dtype, input_values.shape)]

    def kernel(xp, input_indices, input_values, input_shape):
        check_components(input_indices, input_values, input_shape)
        order = row_major_order(input_indices)
        return input_indices[order], input_values[order]

    def grad(op_, unused_indices_grad, values_grad):
        """TF's: the values' gradient read back through the inverse of the reordering."""
        input_indices, _, input_shape = op_.inputs
        entries = array.range(array.shape(input_indices)[0])
        ordered = sparse_reorder(SparseTensor(input_indices, entries, input_shape))
        inverse = array_transform.invert_permutation(ordered.values)
        return None, array.gather(values_grad, inverse), None

    samples = [((np.array([[1, 0], [0, 2], [0, 1]], np.int64), np.array([1.0, 2.0, 3.0]), np.array([2, 3], np.int64)),
                {})]


@tf_export("sparse.reorder", "sparse_reorder")
def sparse_reorder(sp_input, name=None) -> SparseTensor:
    """The same sparse tensor with its entries in row-major order (what most sparse ops require)."""
    sp_input = to_sparse(sp_input)
    indices, values = SparseReorder(sp_input.indices, sp_input.values, sp_input.dense_shape,
                                    name=name or "SparseReorder")
    if sp_input.get_shape().is_fully_defined():
        return SparseTensor(indices, values, sp_input.get_shape().as_list())
    result = SparseTensor(indices, values, array.identity(sp_input.dense_shape))
    result.set_shape(sp_input.shape)
    return result


# --- SparseReshape ------------------------------------------------------------------------------

@op("SparseReshape", inputs=("input_indices", "input_shape", "new_shape"), type_attrs={})
class SparseReshape:
    """(output_indices, output_shape): the entries' coordinates in a dense tensor of `new_shape` (one
    dimension may be -1: inferred), keeping each entry's row-major position."""

    def infer(input_indices, input_shape, new_shape):
        shape_fns.with_rank("SparseReshape", input_indices.shape, 2)
        shape_fns.with_rank("SparseReshape", input_shape.shape, 1)
        out = shape_fns.with_rank("SparseReshape", new_shape.shape, 1)
        return [(dtypes.int64, [input_indices.shape.as_list()[0] if input_indices.shape.ndims else None,
                                out.as_list()[0]]),
                (dtypes.int64, out)]

    def kernel(xp, input_indices, input_shape, new_shape):
        if input_indices.ndim != 2:
            raise invalid(f"Input indices should be a matrix but received shape {shape_text(input_indices.shape)}")
        if input_shape.ndim != 1:
            raise invalid(f"Input shape should be a vector but received shape {shape_text(input_shape.shape)}")
        if new_shape.ndim != 1:
            raise invalid(f"Target shape should be a vector but received shape {shape_text(new_shape.shape)}")
        if input_indices.shape[1] != input_shape.shape[0]:
            raise invalid(f"Input tensor rank must match input shape length: {input_indices.shape[1]} vs "
                          f"{input_shape.shape[0]}")
        dims_in = [int(d) for d in input_shape]
        dense_size = int(np.prod(dims_in, dtype=np.int64))
        out, unknown, product = [], None, 1
        for d, size in enumerate(int(s) for s in new_shape):
            if size == -1:
                if unknown is not None:
                    raise invalid(f"only one output dimension may be -1, not both {unknown} and {d}")
                unknown = d
            else:
                if size < 0:
                    raise invalid(f"size {d} must be non-negative, not {size}")
                product *= size
            out.append(size)
        if unknown is not None:
            if product <= 0:
                raise invalid("reshape cannot infer the missing input size for an empty tensor unless all "
                              "specified input sizes are non-zero")
            missing = dense_size // product
            if product * missing != dense_size:
                out[unknown] = missing
                raise invalid(f"Input to reshape is a SparseTensor with {dense_size} dense values, but the "
                              f"requested shape requires a multiple of {product}. input_shape={shape_text(dims_in)}"
                              f" output_shape={shape_text(out)}")
            out[unknown] = missing
            product = dense_size
        if product != dense_size:
            raise invalid(f"Input to reshape is a tensor with {dense_size} dense values, but the requested "
                          f"shape has {product}. input_shape={shape_text(dims_in)} output_shape="
                          f"{shape_text(new_shape)}")
        n = input_indices.shape[0]
        if n == 0 or not out:
            return np.zeros((n, len(out)), np.int64), np.asarray(out, np.int64)
        flat = np.ravel_multi_index(tuple(input_indices.T.astype(np.int64)), dims_in) if dims_in else np.zeros(n, int)
        coords = np.stack(np.unravel_index(flat, out), axis=1).astype(np.int64)
        return coords, np.asarray(out, np.int64)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[0, 1], [1, 2]], np.int64), np.array([2, 3], np.int64), np.array([3, -1], np.int64)), {})]


@tf_export("sparse.reshape", "sparse_reshape")
def sparse_reshape(sp_input, shape, name=None) -> SparseTensor:
    """The same entries in a dense shape of the same size (one dimension may be -1)."""
    sp_input = to_sparse(sp_input)
    shape = math.cast(shape, dtypes.int64)
    with get_default_graph().name_scope(name or "SparseReshape") as scope:
        indices, new_shape = SparseReshape(sp_input.indices, sp_input.dense_shape, shape, name=scope)
        wanted = shape_fns.shape_from_value(shape)
        if wanted.ndims is not None and sp_input.shape.is_fully_defined():
            given = static_value(shape)
            if given is not None and sum(int(d) == -1 for d in np.asarray(given).reshape(-1)) > 1:
                raise ValueError(f"At most one dimension can be inferred (-1). Found: {np.asarray(given)}")
            dims, asked = wanted.as_list(), list(wanted.as_list())
            in_size = int(np.prod(sp_input.shape.as_list()))
            implied = sum(d is None for d in dims)
            if implied == 1 and 0 not in dims:
                at = asked.index(None)
                dims[at] = int(in_size // np.prod(asked[:at] + asked[at + 1:]))
            if implied == 0 or (implied == 1 and 0 not in dims):
                size = int(np.prod(dims))
                if size != in_size:
                    raise ValueError(f"Cannot reshape a tensor with {in_size} elements to shape {asked} ({size} "
                                     "elements).")
                new_shape = constant(np.asarray(dims, np.int64))
        return SparseTensor(indices, array.identity(sp_input.values), new_shape)


# --- SparseFillEmptyRows ------------------------------------------------------------------------

@op("SparseFillEmptyRows", inputs=("indices", "values", "dense_shape", "default_value"), type_attrs=dict(T="values"))
class SparseFillEmptyRows:
    """(output_indices, output_values, empty_row_indicator, reverse_index_map): every row (first index)
    without an entry gets one at column 0... with `default_value`; entries come out grouped by row, and
    `reverse_index_map[i]` is where input entry i went."""

    def infer(indices, values, dense_shape, default_value):
        _, rank = infer_components("SparseFillEmptyRows", indices, values, dense_shape)
        shape_fns.with_rank("SparseFillEmptyRows", default_value.shape, 0)
        rows = shape_fns.shape_from_value(dense_shape)
        n = indices.shape.as_list()[0] if indices.shape.ndims else None
        return [(dtypes.int64, [None, rank]), (values.dtype.base_dtype, [None]),
                (dtypes.bool, [rows.as_list()[0] if rows.ndims else None]), (dtypes.int64, [n])]

    def kernel(xp, indices, values, dense_shape, default_value):
        if dense_shape.ndim != 1:
            raise invalid(f"dense_shape must be a vector, saw: {shape_text(dense_shape.shape)}")
        if indices.ndim != 2:
            raise invalid(f"indices must be a matrix, saw: {shape_text(indices.shape)}")
        if values.ndim != 1:
            raise invalid(f"values must be a vector, saw: {shape_text(values.shape)}")
        if np.ndim(default_value) != 0:
            raise invalid(f"default_value must be a scalar, saw: {shape_text(np.shape(default_value))}")
        if indices.shape[0] != values.shape[0]:
            raise invalid(f"The length of `values` ({values.shape[0]}) must match the first dimension of "
                          f"`indices` ({indices.shape[0]}).")
        if indices.shape[1] != dense_shape.shape[0]:
            raise invalid(f"The length of `dense_shape` ({dense_shape.shape[0]}) must match the second dimension "
                          f"of `indices` ({indices.shape[1]}).")
        n, rank = indices.shape
        if dense_shape.shape[0] == 0:
            raise invalid("Received SparseTensor with dense_shape[0] = 0 but indices.shape[0] = "
                          f"{n}" if n else "Dense shape cannot be empty.")
        rows = int(dense_shape[0])
        row_of = indices[:, 0].astype(np.int64) if n else np.zeros(0, np.int64)
        bad = np.flatnonzero((row_of < 0) | (row_of >= rows))
        if bad.size:
            i = int(bad[0])
            raise invalid(f"indices({i}, 0) is invalid: {row_of[i]} >= {rows}" if row_of[i] >= 0 else
                          f"indices({i}, 0) is invalid: {row_of[i]} < 0")
        counts = np.bincount(row_of, minlength=rows)
        empty = counts == 0
        order = np.argsort(row_of, kind="stable")
        # output: for each row in order, its entries (input order) or one default entry
        filled = np.where(empty, 1, counts)
        starts = np.concatenate([[0], np.cumsum(filled)[:-1]]).astype(np.int64)
        total = int(filled.sum())
        out_indices = np.zeros((total, rank), np.int64)
        out_values = np.empty(total, values.dtype)
        empty_rows = np.flatnonzero(empty)
        out_indices[starts[empty_rows], 0] = empty_rows
        out_values[starts[empty_rows]] = default_value
        within = np.arange(n) - np.concatenate([[0], np.cumsum(counts)[:-1]])[row_of[order]] if n else order
        positions = starts[row_of[order]] + within
        reverse = np.empty(n, np.int64)
        reverse[order] = positions
        out_indices[positions] = indices[order]
        out_values[positions] = values[order]
        return out_indices, out_values, empty, reverse

    def grad(op_, unused_indices_grad, values_grad, unused_empty_grad, unused_map_grad):
        """TF's: SparseFillEmptyRowsGrad sends each output value's gradient back to its input value;
        the filled-in ones sum into `default_value`'s."""
        d_values, d_default = SparseFillEmptyRowsGrad(op_.outputs[3], values_grad)
        return None, d_values, None, d_default

    samples = [((np.array([[0, 1], [2, 0], [2, 2]], np.int64), np.array([1.0, 2.0, 3.0]), np.array([4, 3], np.int64),
                 np.array(-1.0)), {})]


@op("SparseFillEmptyRowsGrad", inputs=("reverse_index_map", "grad_values"), type_attrs=dict(T="grad_values"))
class SparseFillEmptyRowsGrad:
    """(d_values, d_default_value): `grad_values` read at `reverse_index_map`, and the sum of the rest."""

    def infer(reverse_index_map, grad_values):
        shape_fns.with_rank("SparseFillEmptyRowsGrad", reverse_index_map.shape, 1)
        shape_fns.with_rank("SparseFillEmptyRowsGrad", grad_values.shape, 1)
        return [(grad_values.dtype.base_dtype, reverse_index_map.shape), (grad_values.dtype.base_dtype, [])]

    def kernel(xp, reverse_index_map, grad_values):
        if reverse_index_map.ndim != 1:
            raise invalid(f"reverse_index_map must be a vector, saw: {shape_text(reverse_index_map.shape)}")
        if grad_values.ndim != 1:
            raise invalid(f"grad_values must be a vector, saw: {shape_text(grad_values.shape)}")
        bad = np.flatnonzero((reverse_index_map < 0) | (reverse_index_map >= grad_values.shape[0]))
        if bad.size:
            i = int(bad[0])
            raise invalid(f"Elements in reverse index must be in [0, {grad_values.shape[0]}) but got "
                          f"{reverse_index_map[i]}")
        d_values = grad_values[reverse_index_map]
        unused = np.ones(grad_values.shape[0], bool)
        unused[reverse_index_map] = False
        return d_values, np.asarray(grad_values[unused].sum(), grad_values.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([0, 2, 3], np.int64), np.array([1.0, 2.0, 3.0, 4.0, 5.0])), {})]


@tf_export("sparse.fill_empty_rows", "sparse_fill_empty_rows")
def sparse_fill_empty_rows(sp_input, default_value, name=None):
    """(filled SparseTensor, empty_row_indicator): each empty row gets `default_value` at column 0."""
    sp_input = to_sparse(sp_input)
    with get_default_graph().name_scope(name or "SparseFillEmptyRows"):
        default_value = convert_to_tensor(default_value, dtype=sp_input.values.dtype)
        indices, values, empty, _ = SparseFillEmptyRows(sp_input.indices, sp_input.values, sp_input.dense_shape,
                                                        default_value)
        return SparseTensor(indices, values, sp_input.dense_shape), empty


# --- composites of plain ops ----------------------------------------------------------------------

@tf_export("sparse.retain", "sparse_retain")
def sparse_retain(sp_input, to_retain) -> SparseTensor:
    """The entries where the bool vector `to_retain` is true."""
    sp_input = to_sparse(sp_input)
    to_retain = convert_to_tensor(to_retain)
    retain_shape = to_retain.shape
    retain_shape.assert_has_rank(1)
    if sp_input.values.shape.ndims is not None:
        sp_input.values.shape.dims[0].assert_is_compatible_with(
            retain_shape.dims[0] if retain_shape.ndims else None)
    where_true = array.reshape(array_index.where_v2(to_retain), [-1])
    return SparseTensor(array.gather(sp_input.indices, where_true), array.gather(sp_input.values, where_true),
                        array.identity(sp_input.dense_shape))


@tf_export("sparse.reset_shape", "sparse_reset_shape")
def sparse_reset_shape(sp_input, new_shape=None) -> SparseTensor:
    """The same entries with another dense shape: the tightest one (`new_shape` None) or `new_shape`,
    which must be at least as large in every dimension."""
    from .control_flow import with_dependencies
    from .logging_ops import assert_equal, assert_less_equal

    sp_input = to_sparse(sp_input)
    in_indices = array.identity(sp_input.indices)
    in_values = array.identity(sp_input.values)
    in_shape = array.identity(sp_input.dense_shape)
    if new_shape is None:
        low = reduction.reduce_max(in_indices, axis=0)
        out = math.maximum(constant(0, dtype=dtypes.int64), math.add(low, array.ones_like(in_shape)))
        return SparseTensor(in_indices, in_values, out)
    out = convert_to_tensor(new_shape)
    out.shape.assert_has_rank(1)
    out = math.cast(out, dtypes.int64)
    if out.shape.ndims is not None:
        out.shape.dims[0].assert_is_compatible_with(in_shape.shape.dims[0])
    out_const = static_value(out)
    if out_const is not None and sp_input.get_shape().is_fully_defined():
        in_const = np.array(sp_input.get_shape().as_list())
        if not np.all(in_const <= out_const):
            raise ValueError(f"Requested new_shape should have dimension sizes >= sp_input.shape.  Found new_shape "
                             f"({in_const}), sp_input.shape ({out_const}).")
        out = out_const
    else:
        out = with_dependencies([assert_equal(array.shape(in_shape), array.shape(out))], out)
        out = with_dependencies([assert_less_equal(in_shape, out)], out)
    return SparseTensor(in_indices, in_values, out)


@tf_export("sparse.expand_dims")
def sparse_expand_dims(sp_input, axis=None, name=None) -> SparseTensor:
    """A size-1 dimension inserted at `axis` (-1: last)."""
    rank = sp_input.dense_shape.shape.dims[0].value if sp_input.dense_shape.shape.ndims else None
    if rank is None:
        rank = array.shape(sp_input.dense_shape)[0]
    axis = -1 if axis is None else axis
    with get_default_graph().name_scope(name or "expand_dims"):
        if isinstance(axis, numbers.Integral):
            axis = convert_to_tensor(axis, name="axis", dtype=dtypes.int32)
        elif not isinstance(axis, Tensor):
            raise TypeError("axis must be an integer value in range [-rank(sp_input) - 1, rank(sp_input)]")
        axis = array_index.where_v2(axis >= 0, axis, axis + rank + 1)
        column_size = array.shape(sp_input.indices)[0]
        new_index = array.zeros(array.stack([column_size, 1]), dtype=dtypes.int64)
        before = array_transform.slice(sp_input.indices, array.stack([0, 0]), array.stack([-1, axis]))
        after = array_transform.slice(sp_input.indices, array.stack([0, axis]), [-1, -1])
        indices = array.concat([before, new_index, after], axis=1)
        shape_before = array_transform.slice(sp_input.dense_shape, [0], array.expand_dims(axis, 0))
        shape_after = array_transform.slice(sp_input.dense_shape, array.expand_dims(axis, 0), [-1])
        new_shape = convert_to_tensor([1], name="new_shape", dtype=dtypes.int64)
        shape = array.concat([shape_before, new_shape, shape_after], axis=0)
        return SparseTensor(indices=indices, values=sp_input.values, dense_shape=shape)


@tf_export("sparse.eye")
def sparse_eye(num_rows, num_columns=None, dtype=dtypes.float32, name=None) -> SparseTensor:
    """The identity matrix (ones on the diagonal) as a SparseTensor."""
    with get_default_graph().name_scope(name or "eye"):
        num_rows = _int64(num_rows, "num_rows")
        num_columns = num_rows if num_columns is None else _int64(num_columns, "num_columns")
        diag_size = math.minimum(num_rows, num_columns)
        diag_range = array.range(diag_size, dtype=dtypes.int64)
        return SparseTensor(indices=array.stack([diag_range, diag_range], axis=1),
                            values=array.ones(array.expand_dims(diag_size, 0), dtype=dtype),
                            dense_shape=array.stack([num_rows, num_columns]))


@tf_export("sparse.transpose", "sparse_transpose")
def sparse_transpose(sp_input, perm=None, name=None) -> SparseTensor:
    """The transposed SparseTensor (dimensions reversed, or permuted by `perm`), reordered."""
    with get_default_graph().name_scope(name or "SparseTranspose"):
        if perm is None:
            if sp_input.shape.ndims is not None:
                rank = sp_input.shape.ndims
                perm = rank - 1 - np.arange(0, rank, 1)
            else:
                rank = array.size(sp_input.dense_shape)
                perm = rank - 1 - array.range(0, rank, 1)
        indices = sp_input.indices
        transposed = array_transform.transpose(array.gather(array_transform.transpose(indices), perm))
        perm_value = static_value(convert_to_tensor(perm))
        if perm_value is not None and sp_input.get_shape().is_fully_defined():
            old = sp_input.get_shape().as_list()
            dense_shape = [old[int(p)] for p in perm_value]
        else:
            dense_shape = array.gather(sp_input.dense_shape, perm)
        return sparse_reorder(SparseTensor(transposed, sp_input.values, dense_shape))


def _merge(sp_ids, sp_values, vocab_size, name=None, already_sorted=False) -> SparseTensor:
    """TF's sparse_merge_impl: ids become the last index column(s), weights the values."""
    if isinstance(sp_ids, (SparseTensor, SparseTensorValue)):
        sp_ids = [sp_ids]
        if not isinstance(vocab_size, (Tensor, numbers.Integral)):
            raise TypeError(f"vocab_size has to be a Tensor or Python int. Found {type(vocab_size)}")
        vocab_size = [vocab_size]
    else:
        if not hasattr(sp_ids, "__iter__"):
            raise TypeError(f"sp_ids has to be a SparseTensor or list thereof. Found {type(sp_ids)}")
        if not hasattr(vocab_size, "__iter__"):
            raise TypeError(f"vocab_size has to be a list of Tensors or Python ints. Found {type(vocab_size)}")
        for dim in vocab_size:
            if not isinstance(dim, (Tensor, numbers.Integral)):
                raise TypeError(f"vocab_size has to be a list of Tensors or Python ints. Found {type(dim)}")
    if len(sp_ids) != len(vocab_size):
        raise ValueError("sp_ids and vocab_size have to have equal lengths.")
    with get_default_graph().name_scope(name or "SparseMerge"):
        sp_ids = [to_sparse(s) for s in sp_ids]
        sp_values = to_sparse(sp_values)
        ids = []
        for s in sp_ids:
            column = s.values if s.dtype.base_dtype is dtypes.int64 else math.cast(s.values, dtypes.int64)
            ids.append(array.expand_dims(column, axis=1))
        vocab_size = [math.cast(v, dtypes.int64) for v in vocab_size]
        kept = sp_ids[0].indices[:, :-1]
        new_indices = array.concat([kept] + ids, 1)
        new_shape = array.concat([sp_ids[0].dense_shape[:-1], vocab_size], 0)
        result = SparseTensor(new_indices, sp_values.values, new_shape)
        if already_sorted:
            return result
        ordered = sparse_reorder(result)
        return SparseTensor(ordered.indices, ordered.values, new_shape)


@tf_export("sparse.merge", "sparse_merge")
def sparse_merge(sp_ids, sp_values, vocab_size, name=None, already_sorted=False) -> SparseTensor:
    """`sp_values` placed at columns `sp_ids` of a [..., vocab_size] tensor (ids and weights of a bag)."""
    return _merge(sp_ids, sp_values, vocab_size, name, already_sorted)


@tf_export("sparse.to_indicator", "sparse_to_indicator")
def sparse_to_indicator(sp_input, vocab_size, name=None) -> Tensor:
    """A dense bool [..., vocab_size] tensor, true at each id the last dimension of `sp_input` holds."""
    sp_input = to_sparse(sp_input)
    with get_default_graph().name_scope(name or "SparseToIndicator") as scope:
        num_entries = array.shape(sp_input.indices)[0]
        new_values = array.fill(array.expand_dims(num_entries, 0), True)
        sp_values = SparseTensor(sp_input.indices, new_values, sp_input.dense_shape)
        merged = _merge(sp_input, sp_values, vocab_size, scope)
        return sparse_tensor_to_dense(merged, default_value=False, validate_indices=False, name=scope)
