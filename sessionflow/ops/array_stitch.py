"""Partitioning a tensor by ids and stitching pieces back together: DynamicPartition, DynamicStitch and
ParallelDynamicStitch (`tf.dynamic_partition`, `tf.dynamic_stitch`), each with TF's gradient.

DynamicStitch merges the rows `data[i][j]` into `merged[indices[i][j]]`; when an index repeats, the row
given last (in input order, then in row-major order within an input) wins, and indices no input names
hold zeros. The gradient gathers every `data[i]` from the incoming gradient, as TF's does (so an
overwritten row also receives the gradient of the row that replaced it).
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import shape_str
from .constant import convert_to_tensor


def convert_list(op_type: str, arg: str, values, dtype=None) -> list[Tensor]:
    """The Tensors of a list input, converted as TF's op builder does (`arg_0`, `arg_1`, ... for Python
    values); `dtype` fixes the input's type, otherwise all must share one."""
    if isinstance(values, Tensor) or not isinstance(values, (list, tuple)):
        raise TypeError(f"Expected list for '{arg}' argument to '{op_type}' Op, not {values}.")
    tensors = [convert_to_tensor(v, dtype=dtype if not isinstance(v, Tensor) else None, name=f"{arg}_{i}")
               for i, v in enumerate(values)]
    types = [t.dtype.base_dtype for t in tensors]
    if dtype is not None and any(t is not dtype for t in types):
        raise TypeError(f"Tensors in list passed to '{arg}' of '{op_type}' Op have types "
                        f"[{', '.join(t.name for t in types)}] that do not match expected type {dtype.name}.")
    if dtype is None and len(set(types)) > 1:
        raise TypeError(f"Tensors in list passed to '{arg}' of '{op_type}' Op have types "
                        f"[{', '.join(t.name for t in types)}] that don't all match.")
    return tensors


def convert_input(op_type: str, arg: str, value, dtype) -> Tensor:
    """`value` converted for an input of fixed type `dtype`, with TF's op-builder TypeError if it cannot be
    (a Tensor passes unchanged: the op's own dtype check reports it)."""
    if isinstance(value, Tensor):
        return value
    try:
        return convert_to_tensor(value, dtype=dtype, name=arg)
    except (TypeError, ValueError) as e:
        raise TypeError(f"Expected {dtype.name} passed to parameter '{arg}' of op '{op_type}', got {value!r} of "
                        f"type '{type(value).__name__}' instead. Error: {e}") from None


def _runtime_shape(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


# --- stitching -------------------------------------------------------------------------------

def _stitch_infer(op_type):
    def infer(*inputs, N):
        indices, data = inputs[:N], inputs[N:]
        extra = TensorShape(None)
        largest, all_known = -1, True
        for idx, values in zip(indices, data):
            value = static_value(idx)
            if value is None:
                all_known = False
            elif np.size(value):
                largest = max(largest, int(np.max(value)))
            if idx.shape.ndims is None:
                continue
            shape_fns.merge_prefix(op_type, values.shape, idx.shape)
            extra = shape_fns.merge(op_type, extra, shape_fns.suffix(values.shape, idx.shape.ndims))
        first = TensorShape([largest + 1 if all_known else None])
        return data[0].dtype.base_dtype, first.concatenate(extra)

    return infer


def _stitch_kernel(xp, *arrays, N):
    indices, data = arrays[:N], arrays[N:]
    extra = None
    for i, (idx, values) in enumerate(zip(indices, data)):
        if tuple(values.shape[:idx.ndim]) != tuple(idx.shape):
            raise errors.InvalidArgumentError(
                None, None, f"data[{i}].shape = {_runtime_shape(values.shape)} does not start with indices[{i}].shape"
                            f" = {_runtime_shape(idx.shape)}")
        rest = tuple(values.shape[idx.ndim:])
        if extra is None:
            extra = rest
        elif rest != extra:
            raise errors.InvalidArgumentError(
                None, None, f"Need data[0].shape[{indices[0].ndim}:] = data[{i}].shape[{idx.ndim}:], got data[0].shape"
                            f" = {_runtime_shape(data[0].shape)}, data[{i}].shape = {_runtime_shape(values.shape)}, "
                            f"indices[0].shape = {_runtime_shape(indices[0].shape)}, indices[{i}].shape = "
                            f"{_runtime_shape(idx.shape)}")
    flat = [idx.reshape(-1) for idx in indices]
    rows = xp.concatenate(flat) if flat else xp.zeros((0,), xp.int32)
    size = int(xp.max(rows)) + 1 if rows.size else 0
    for idx in flat:
        bad = idx < 0
        if xp.any(bad):
            raise errors.InvalidArgumentError(None, None, f"indices[{int(xp.argmax(bad))}] is out of range")
    values = xp.concatenate([v.reshape((idx.size,) + extra) for idx, v in zip(flat, data)])
    last = xp.full((size,), -1, dtype=xp.int64)  # the position of the row each index takes (the last given)
    xp.maximum.at(last, rows, xp.arange(rows.size, dtype=xp.int64))
    out = xp.zeros((size,) + extra, dtype=data[0].dtype)
    taken = last >= 0
    out[taken] = values[last[taken]]
    return out


def _stitch_grad(op_, grad):
    """TF's `_DynamicStitchGrads`: no gradient for the indices, `gather(grad, indices[i])` for data[i]."""
    from .array import gather
    from .indexed_slices import IndexedSlices
    from .math import cast
    from .segment import unsorted_segment_sum

    n = op_.attrs["N"]
    indices = [i if i.dtype.base_dtype is dtypes.int32 else cast(i, dtypes.int32) for i in op_.inputs[:n]]
    if isinstance(grad, IndexedSlices):
        from .array import shape

        grad = unsorted_segment_sum(grad.values, grad.indices, shape(op_.outputs[0])[0])
    return [None] * n + [gather(grad, i) for i in indices]


_STITCH_SAMPLES = [
    (([np.array([0, 2], np.int32), np.array([1], np.int32)], [np.array([1.5, -2.0]), np.array([3.0])]), dict(N=2)),
    (([np.array([[3, 0]], np.int32), np.array(1, np.int32)],
      [np.array([[[1.0, 2.0], [3.0, 4.0]]]), np.array([5.0, 6.0])]), dict(N=2)),
    (([np.array([1, 0], np.int32)], [np.array([[1, 2], [3, 4]], np.int32)]), dict(N=1)),
    (([np.array([0, 1], np.int32), np.array([1], np.int32)], [np.array([1.0, 2.0], np.float32),
                                                               np.array([7.0], np.float32)]), dict(N=2)),
]


@op("DynamicStitch", inputs=("*indices", "*data"), attrs=dict(N=None), type_attrs=dict(T="data"))
class DynamicStitch:
    """`merged[indices[i][j, ...]] = data[i][j, ...]`; merged has max(index) + 1 rows."""

    infer = _stitch_infer("DynamicStitch")
    kernel = _stitch_kernel
    grad = _stitch_grad
    samples = _STITCH_SAMPLES


@op("ParallelDynamicStitch", inputs=("*indices", "*data"), attrs=dict(N=None), type_attrs=dict(T="data"))
class ParallelDynamicStitch:
    """DynamicStitch whose choice among repeated indices is unspecified in TF (here: the last, as DynamicStitch)."""

    infer = _stitch_infer("ParallelDynamicStitch")
    kernel = _stitch_kernel
    grad = _stitch_grad
    samples = _STITCH_SAMPLES[:2]


def _stitch(opdef, op_type, public, indices, data, name):
    if not isinstance(indices, (list, tuple)):
        raise TypeError(f"Expected list for 'indices' argument to '{public}' Op, not {indices}.")
    if not isinstance(data, (list, tuple)):
        raise TypeError(f"Expected list for 'data' argument to '{public}' Op, not {data}.")
    if len(data) != len(indices):
        raise ValueError(f"List argument 'data' to '{public}' Op with length {len(data)} must match length "
                         f"{len(indices)} of argument 'indices'.")
    with get_default_graph().name_scope(name or op_type) as scope:
        indices = convert_list(op_type, "indices", indices, dtypes.int32)
        data = convert_list(op_type, "data", data)
        return opdef(indices, data, N=len(indices), name=scope)


@tf_export("dynamic_stitch")
def dynamic_stitch(indices, data, name=None) -> Tensor:
    """`tf.dynamic_stitch`: interleaves the rows of `data` into one tensor at the positions `indices` give."""
    return _stitch(DynamicStitch, "DynamicStitch", "dynamic_stitch", indices, data, name)


def parallel_dynamic_stitch(indices, data, name=None) -> Tensor:
    """TF's `data_flow_ops.parallel_dynamic_stitch` (no public tf.* name)."""
    return _stitch(ParallelDynamicStitch, "ParallelDynamicStitch", "parallel_dynamic_stitch", indices, data, name)


# --- partitioning ----------------------------------------------------------------------------

@op("DynamicPartition", inputs=("data", "partitions"), attrs=dict(num_partitions=None))
class DynamicPartition:
    """`num_partitions` outputs: output i holds the slices `data[j, ...]` with `partitions[j] == i`, in order."""

    def infer(data, partitions, num_partitions):
        if partitions.dtype.base_dtype is not dtypes.int32:
            raise TypeError(f"Value passed to parameter 'partitions' has DataType {partitions.dtype.base_dtype.name} "
                            "not in list of allowed values: int32")
        if partitions.shape.ndims is None:
            return [(data.dtype.base_dtype, TensorShape(None))] * num_partitions
        shape_fns.merge_prefix("DynamicPartition", data.shape, partitions.shape)
        out = TensorShape([None]).concatenate(shape_fns.suffix(data.shape, partitions.shape.ndims))
        return [(data.dtype.base_dtype, out)] * num_partitions

    def kernel(xp, data, partitions, num_partitions):
        if tuple(data.shape[:partitions.ndim]) != tuple(partitions.shape):
            raise errors.InvalidArgumentError(
                None, None, f"data.shape must start with partitions.shape, got data.shape = "
                            f"{_runtime_shape(data.shape)}, partitions.shape = {_runtime_shape(partitions.shape)}")
        flat = partitions.reshape(-1)
        bad = (flat < 0) | (flat >= num_partitions)
        if xp.any(bad):
            pos = int(xp.argmax(bad))
            where = ",".join(str(int(i)) for i in np.unravel_index(pos, partitions.shape))
            raise errors.InvalidArgumentError(
                None, None, f"partitions[{where}] = {int(flat[pos])} is not in [0, {num_partitions})")
        rows = data.reshape((flat.size,) + data.shape[partitions.ndim:])
        parts = tuple(rows[flat == i] for i in range(num_partitions))
        return parts if num_partitions > 1 else parts[0]

    def grad(op_, *grads):
        """TF's `_DynamicPartitionGrads`: partition the positions the same way and stitch the gradients back."""
        from .array import range as range_
        from .array import reshape, shape
        from .reduction import reduce_prod

        data, partitions = op_.inputs
        prefix_shape = shape(partitions)
        original = reshape(range_(reduce_prod(prefix_shape)), prefix_shape)
        partitioned = DynamicPartition(original, partitions, num_partitions=op_.attrs["num_partitions"])
        partitioned = list(partitioned) if isinstance(partitioned, tuple) else [partitioned]
        stitched = parallel_dynamic_stitch(partitioned, list(grads))
        return reshape(stitched, shape(data)), None

    samples = [((np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([1, 0, 1], np.int32)),
                dict(num_partitions=2)),
               ((np.arange(12.0).reshape(2, 3, 2), np.array([[0, 2, 2], [1, 0, 0]], np.int32)),
                dict(num_partitions=3)),
               ((np.array(5.0, np.float32), np.array(1, np.int32)), dict(num_partitions=2)),
               ((np.array([1, 2, 3], np.int64), np.array([0, 0, 0], np.int32)), dict(num_partitions=1))]


@tf_export("dynamic_partition")
def dynamic_partition(data, partitions, num_partitions, name=None) -> list[Tensor]:
    """`tf.dynamic_partition`: splits `data` into `num_partitions` tensors by the ids in `partitions`."""
    with get_default_graph().name_scope(name or "DynamicPartition") as scope:
        if not isinstance(num_partitions, (int, np.integer)) or isinstance(num_partitions, bool):
            raise TypeError(f"Expected int for argument 'num_partitions' not {num_partitions!r}.")
        if num_partitions < 1:
            raise ValueError(f"Attr 'num_partitions' of 'DynamicPartition' Op passed {num_partitions} less than "
                             "minimum 1.")
        data = convert_to_tensor(data, name="data")
        partitions = convert_input("DynamicPartition", "partitions", partitions, dtypes.int32)
        result = DynamicPartition(data, partitions, num_partitions=int(num_partitions), name=scope)
    return list(result) if isinstance(result, tuple) else [result]


# --- EnsureShape -----------------------------------------------------------------------------

@op("EnsureShape", inputs=("input",), attrs=dict(shape=None))
class EnsureShape:
    """Its input, checked at run time against `shape` (a TensorShape, possibly partial)."""

    def infer(input, shape):
        if shape.ndims is None:  # TF's shape function compares against rank -1 here, and fails
            if input.shape.ndims is not None:
                raise ValueError(f"Shape must be rank -1 but is rank {input.shape.ndims} for 'EnsureShape'")
            return input.dtype.base_dtype, input.shape
        shape_fns.with_rank("EnsureShape", input.shape, shape.ndims)
        return input.dtype.base_dtype, shape_fns.merge("EnsureShape", shape, input.shape)

    def kernel(xp, input, shape):
        if not shape.is_compatible_with(TensorShape(input.shape)):
            raise errors.InvalidArgumentError(None, None, f"Shape of tensor {_runtime_shape(input.shape)} is not "
                                                          f"compatible with expected shape {shape_str(shape)}.")
        return input

    def grad(op_, g):
        return g

    samples = [((np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),), dict(shape=TensorShape([None, 2]))),
               ((np.array([1, 2], np.int32),), dict(shape=TensorShape([2])))]


@tf_export("ensure_shape")
def ensure_shape(x, shape, name=None) -> Tensor:
    """`tf.ensure_shape`: `x`, with its static shape merged with `shape` and checked again at run time."""
    if not isinstance(shape, TensorShape):
        shape = TensorShape(shape)
    with get_default_graph().name_scope(name or "EnsureShape") as scope:
        x = convert_to_tensor(x, name="input")
        return EnsureShape(x, shape=shape, name=scope)
