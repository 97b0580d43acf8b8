"""SparseToDense (`tf.sparse_to_dense`): a dense tensor from (indices, values) and a default value."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from .array import _shape_from_value
from .array_stitch import convert_input
from .common import check_dtype, convert_same_dtype
from .constant import convert_to_tensor

_INDEX_TYPES = (dtypes.int32, dtypes.int64)


def _shape(dims) -> str:
    return "[" + ",".join(str(int(d)) for d in dims) + "]"


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


@op("SparseToDense", inputs=("sparse_indices", "output_shape", "sparse_values", "default_value"),
    attrs=dict(validate_indices=True), type_attrs=dict(T="sparse_values", Tindices="sparse_indices"))
class SparseToDense:
    """`default_value` everywhere except at `sparse_indices` (rows of coordinates; a vector for 1-D
    outputs), which take `sparse_values` (one per index, or one scalar for all). With `validate_indices`,
    indices must be in bounds, sorted in row-major order and distinct; otherwise the last write wins."""

    def infer(sparse_indices, output_shape, sparse_values, default_value, validate_indices):
        check_dtype("SparseToDense", "sparse_indices", sparse_indices, _INDEX_TYPES)
        return sparse_values.dtype.base_dtype, _shape_from_value(output_shape, "output_shape")

    def kernel(xp, sparse_indices, output_shape, sparse_values, default_value, validate_indices):
        if sparse_indices.ndim > 2:
            raise _invalid(f"sparse_indices should be a scalar, vector, or matrix, got shape "
                           f"{_shape(sparse_indices.shape)}")
        num_elems = sparse_indices.shape[0] if sparse_indices.ndim > 0 else 1
        num_dims = sparse_indices.shape[1] if sparse_indices.ndim > 1 else 1
        if output_shape.ndim != 1:
            raise _invalid(f"output_shape must be rank 1, got shape {_shape(output_shape.shape)}")
        if output_shape.shape[0] != num_dims:
            raise _invalid(f"output_shape has incorrect number of elements: {output_shape.shape[0]} should be: "
                           f"{num_dims}")
        if not (sparse_values.ndim == 0 or (sparse_values.ndim == 1 and sparse_values.shape[0] == num_elems)):
            raise _invalid(f"sparse_values has incorrect shape {_shape(sparse_values.shape)}, should be [] or "
                           f"[{num_elems}]")
        if np.ndim(default_value) != 0:
            raise _invalid(f"default_value should be a scalar, got shape {_shape(np.shape(default_value))}")
        dims = tuple(int(d) for d in output_shape)
        coords = sparse_indices.reshape(num_elems, num_dims).astype(np.int64)
        out_of_bounds = np.any((coords < 0) | (coords >= np.asarray(dims, np.int64)), axis=1)
        if validate_indices and num_elems:
            flat = np.ravel_multi_index(tuple(np.clip(coords, 0, np.maximum(np.asarray(dims) - 1, 0)).T), dims) \
                if 0 not in dims else np.zeros(num_elems, np.int64)
            step = np.diff(flat)
            bad_order = np.concatenate([[False], step <= 0])
            first = np.flatnonzero(out_of_bounds | bad_order)
            if first.size:
                i = int(first[0])
                where = _shape(coords[i])
                if out_of_bounds[i]:
                    raise _invalid(f"indices[{i}] = {where} is out of bounds: need 0 <= index < {_shape(dims)}")
                if step[i - 1] == 0:
                    raise _invalid(f"indices[{i}] = {where} is repeated")
                raise _invalid(f"indices[{i}] = {where} is out of order. Many sparse ops require sorted indices.\n"
                               "    Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n")
        elif np.any(out_of_bounds):
            i = int(np.argmax(out_of_bounds))
            raise _invalid(f"indices[{i}] = {_shape(coords[i])} is out of bounds: need 0 <= index < {_shape(dims)}")
        out = xp.full(dims, default_value, dtype=sparse_values.dtype)
        values = xp.broadcast_to(sparse_values, (num_elems,))
        out[tuple(coords.T)] = values
        return out

    def grad(op_, grad):
        """TF's `_SparseToDenseGrad`: values get grad at their indices, the default value the rest."""
        from .array import zeros_like
        from .array_index import gather_nd
        from .reduction import reduce_sum

        sparse_indices, output_shape = op_.inputs[:2]
        values_grad = gather_nd(grad, sparse_indices)
        default_grad = reduce_sum(grad) - reduce_sum(values_grad)
        return zeros_like(sparse_indices), zeros_like(output_shape), values_grad, default_grad

    samples = [((np.array([[0, 1], [1, 0], [2, 2]], np.int64), np.array([3, 3], np.int64),
                 np.array([1.5, -2.0, 4.0]), np.array(0.5)), {}),
               ((np.array([3, 0], np.int32), np.array([5], np.int32), np.array(7, np.int32), np.array(1, np.int32)),
                dict(validate_indices=False)),
               ((np.array(2, np.int32), np.array([4], np.int32), np.array(1.0, np.float32),
                 np.array(0.0, np.float32)), {})]


@tf_export("sparse_to_dense")
def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True,
                    name=None) -> Tensor:
    """`tf.sparse_to_dense`: a dense tensor of `output_shape` holding `sparse_values` at `sparse_indices`."""
    with get_default_graph().name_scope(name or "SparseToDense") as scope:
        sparse_indices = convert_to_tensor(sparse_indices, name="sparse_indices", preferred_dtype=dtypes.int32)
        output_shape = convert_to_tensor(output_shape, dtype=None if isinstance(output_shape, Tensor)
                                         else sparse_indices.dtype.base_dtype, name="output_shape")
        sparse_values = convert_to_tensor(sparse_values, name="sparse_values")
        default_value = convert_input("SparseToDense", "default_value", default_value,
                                      sparse_values.dtype.base_dtype)
        sparse_values, default_value = convert_same_dtype("SparseToDense", [sparse_values, default_value],
                                                          ["sparse_values", "default_value"])
        return SparseToDense(sparse_indices, output_shape, sparse_values, default_value,
                             validate_indices=bool(validate_indices), name=scope)
