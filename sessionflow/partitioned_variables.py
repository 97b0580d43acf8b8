"""Partitioned variables: `get_variable(..., partitioner=...)` makes one variable per slice of the full shape
(`w/part_0`, `w/part_1`, ..., split along one axis, the first slices one row longer when the length does not
divide), each carrying a SaveSliceInfo, and returns a PartitionedVariable over them (used as a tensor it is their
concatenation; `embedding_lookup` takes its parts as shards). The Saver writes the slices of one partitioned
variable as ONE tensor of the checkpoint (TF's sliced bundle entries, io/checkpoint_slices.py). Also TF's
partitioners (fixed_size, min_max_variable, variable_axis_size) and create_partitioned_variables."""

from __future__ import annotations

import collections.abc
import math

from .framework import dtypes
from .framework.api import tf_export
from .framework.graph import get_default_graph
from .framework.tensor_shape import TensorShape, as_shape


class SaveSliceInfo:
    """Where a part lies in the full variable: `full_name`, `full_shape`, `var_offset`, `var_shape`."""

    def __init__(self, full_name=None, full_shape=None, var_offset=None, var_shape=None, save_slice_info_def=None,
                 import_scope=None):
        if save_slice_info_def is not None:
            full_name = save_slice_info_def.full_name
            if import_scope:
                full_name = f"{import_scope}/{full_name}"
            full_shape, var_offset = list(save_slice_info_def.full_shape), list(save_slice_info_def.var_offset)
            var_shape = list(save_slice_info_def.var_shape)
        self.full_name, self.full_shape = full_name, full_shape
        self.var_offset, self.var_shape = var_offset, var_shape

    @property
    def spec(self) -> str:
        """TF's slice spec: the full shape, then `offset,length` per dimension (`"4 3 5 0,4:1,1:3,2"`)."""
        full = " ".join(str(d) for d in self.full_shape) + " "
        return full + ":".join(f"{o},{s}" for o, s in zip(self.var_offset, self.var_shape))

    def to_proto(self, export_scope=None):
        from .io import protos

        if export_scope is not None and not self.full_name.startswith(export_scope):
            return None
        name = self.full_name[len(export_scope) + 1:] if export_scope else self.full_name
        return protos.SaveSliceInfoDef(full_name=name, full_shape=self.full_shape, var_offset=self.var_offset,
                                       var_shape=self.var_shape)


class _PartitionInfo:
    """What an initializer learns about the part it initializes (`partition_info`): the full shape and offset."""

    def __init__(self, full_shape, var_offset):
        self.full_shape, self.var_offset = full_shape, var_offset

    def single_offset(self, shape):
        dim = self.single_slice_dim(shape)
        return 0 if dim is None else self.var_offset[dim]

    def single_slice_dim(self, shape):
        for i, (full, part) in enumerate(zip(self.full_shape, shape)):
            if full != part:
                return i
        return None


class PartitionedVariable:
    """A variable stored as parts along one axis; iterating gives the parts (ordered by offset), using it as a
    tensor gives their concatenation (`<name>/ConcatPartitions/concat`, then an Identity named `<name>`)."""

    def __init__(self, name, shape, dtype, variable_list, partitions):
        if not isinstance(variable_list, (list, tuple)):
            raise TypeError(f"variable_list is not a list or tuple: {variable_list}")
        if not isinstance(partitions, (list, tuple)):
            raise TypeError(f"partitions is not a list or tuple: {partitions}")
        if not all(p >= 1 for p in partitions):
            raise ValueError(f"partition values must be positive: {partitions}")
        if not variable_list:
            raise ValueError("variable_list may not be empty")
        for v in variable_list:
            if v._save_slice_info is None:
                raise ValueError(f"All variables must have a save_slice_info available: "
                                 f"{[v.name for v in variable_list]}")
            if len(shape) != len(partitions):
                raise ValueError(f"len(shape) != len(partitions): {shape} vs. {partitions}")
        self._variable_list = sorted(variable_list, key=lambda v: v._save_slice_info.var_offset)
        self._name, self._shape, self._dtype = name, as_shape(shape), dtypes.as_dtype(dtype)
        self._partitions = list(partitions)

    def __iter__(self):
        return iter(self._variable_list)

    def __len__(self):
        axes = self._partition_axes()
        if len(axes) > 1:
            raise ValueError(f"Cannot get a length for {len(axes)} > 1 partition axes")
        return len(self._variable_list)

    def _partition_axes(self):
        if all(p == 1 for p in self._partitions):
            return [0]
        return [i for i, p in enumerate(self._partitions) if p > 1]

    def _concat(self):
        from .ops.array import concat, identity

        graph = get_default_graph()
        if len(self._variable_list) == 1:
            with graph.name_scope(None):
                return identity(self._variable_list[0], name=self._name)
        axes = self._partition_axes()
        if len(axes) > 1:
            raise NotImplementedError(f"Cannot concatenate along more than one dimension: {axes}.  Multi-axis "
                                      "partition concat is not supported")
        with graph.name_scope(self._name + "/ConcatPartitions/"):
            concatenated = concat(self._variable_list, axes[0])
        with graph.name_scope(None):
            return identity(concatenated, name=self._name)

    def as_tensor(self):
        """The concatenated value, outside the control dependencies of the caller."""
        with get_default_graph().control_dependencies(None):
            return self._concat()

    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self._shape)

    def get_shape(self) -> TensorShape:
        return self._shape

    def _get_variable_list(self):
        return self._variable_list

    def _get_partitions(self):
        return self._partitions

    def _apply_assign_fn(self, assign_fn, value):
        from .ops.array_transform import split

        axes = self._partition_axes()
        if len(axes) > 1:
            raise NotImplementedError(f"Cannot do assign action along more than one dimension: {axes}.  "
                                      "Multi-axis partition assign action is not supported ")
        if isinstance(value, list):
            values = value
        elif isinstance(value, PartitionedVariable):
            values = list(value)
        else:
            sizes = [v.shape.as_list()[axes[0]] for v in self._variable_list]
            values = split(value, sizes, axis=axes[0])
        return [assign_fn(v, values[i]) for i, v in enumerate(self._variable_list)]

    def assign(self, value, use_locking=False, name=None, read_value=True):
        ops = self._apply_assign_fn(lambda v, x: v.assign(x, use_locking=use_locking, name=name), value)
        return ops if read_value else [o.op for o in ops]

    def assign_add(self, value, use_locking=False, name=None, read_value=True):
        ops = self._apply_assign_fn(lambda v, x: v.assign_add(x, use_locking=use_locking, name=name), value)
        return ops if read_value else [o.op for o in ops]

    def assign_sub(self, value, use_locking=False, name=None, read_value=True):
        ops = self._apply_assign_fn(lambda v, x: v.assign_sub(x, use_locking=use_locking, name=name), value)
        return ops if read_value else [o.op for o in ops]


def _to_tensor(v, dtype=None, name=None, as_ref=False):
    if dtype is not None and not dtypes.as_dtype(dtype).is_compatible_with(v.dtype):
        raise ValueError(f"Incompatible type conversion requested to type '{dtypes.as_dtype(dtype).name}' for "
                         f"variable of type '{v.dtype.name}'")
    if as_ref:
        raise NotImplementedError("PartitionedVariable doesn't support being used as a reference.")
    return v.as_tensor()


def _register_conversion():
    from .ops.constant import register_tensor_conversion_function

    register_tensor_conversion_function(PartitionedVariable, _to_tensor)


_register_conversion()


# --- making them ---------------------------------------------------------------------------------

def _call_partitioner(partitioner, shape: TensorShape, dtype):
    if not shape.is_fully_defined():
        raise ValueError(f"Shape of a new partitioned variable must be fully defined, but instead was {shape}.")
    if shape.ndims < 1:
        raise ValueError(f"A partitioned Variable must have rank at least 1, shape: {shape}")
    slicing = partitioner(shape=shape, dtype=dtype)
    if not isinstance(slicing, collections.abc.Sequence):
        raise ValueError(f"Partitioner must return a sequence, but saw: {slicing}")
    if len(slicing) != shape.ndims:
        raise ValueError(f"Partitioner returned a partition list that does not match the Variable's rank: "
                         f"{slicing} vs. {shape}")
    if any(p < 1 for p in slicing):
        raise ValueError(f"Partitioner returned zero partitions for some axes: {slicing}")
    if sum(p > 1 for p in slicing) > 1:
        raise ValueError(f"Can only slice a variable along one dimension: shape: {shape}, partitioning: {slicing}")
    return slicing


def _slices(full_shape, num_slices, slice_dim):
    """(offset, shape) of each part: the first `length % num_slices` parts one longer."""
    excess = full_shape[slice_dim] % num_slices
    offset = [0] * len(full_shape)
    shortest = full_shape[slice_dim] // num_slices
    for i in range(num_slices):
        shape = list(full_shape)
        shape[slice_dim] = shortest + (1 if i < excess else 0)
        yield list(offset), shape
        offset[slice_dim] += shape[slice_dim]


def get_partitioned_variable(store, name, partitioner, shape=None, dtype=dtypes.float32, initializer=None,
                             regularizer=None, reuse=None, trainable=None, collections=None, validate_shape=True,
                             use_resource=None, constraint=None) -> PartitionedVariable:
    """TF's `_VariableStore._get_partitioned_variable` over sessionflow's store (variable_scope.py)."""
    from .framework.graph import Tensor
    from .ops.array_transform import slice as slice_op
    from .ops.constant import convert_to_tensor

    partitioned = store.__dict__.setdefault("partitioned_vars", {})
    from_value = isinstance(initializer, Tensor)
    if name in store.vars:
        raise ValueError(f"A partitioner was provided, but an unpartitioned version of the variable was found: "
                         f"{name}.  Perhaps a variable of the same name was already created without partitioning?")
    shape = as_shape(shape)
    if from_value:
        shape = shape.merge_with(initializer.shape)
    dtype = dtypes.as_dtype(dtype)
    partitions = _call_partitioner(partitioner, shape, dtype) if (not reuse or partitioner) else None
    if name in partitioned:
        if reuse is None or reuse is False:
            raise ValueError(f"Partitioned variable with name {name} already exists. Did you mean to set reuse=True "
                             "or reuse=tf.AUTO_REUSE in VarScope?")
        existing = partitioned[name]
        if not shape.is_compatible_with(existing.get_shape()):
            raise ValueError(f"Trying to reuse partitioned variable {name}, but specified shape {shape} and found "
                             f"shape {existing.get_shape()}.")
        if not dtype.is_compatible_with(existing.dtype):
            raise ValueError(f"Trying to reuse partitioned variable {name}, but specified dtype {dtype.name} and "
                             f"found dtype {existing.dtype.name}.")
        if partitions is not None and list(existing._get_partitions()) != list(partitions):
            raise ValueError(f"Trying to reuse partitioned variable {name}, but specified partitions "
                             f"{list(partitions)} and found partitions {existing._get_partitions()}.")
        return existing
    if reuse is True:
        raise ValueError(f"PartitionedVariable {name} does not exist, or was not created with tf.get_variable(). "
                         "Did you mean to set reuse=False or reuse=tf.AUTO_REUSE in VarScope?")
    slice_dim, num_slices = next(((d, n) for d, n in enumerate(partitions) if n > 1), (0, 1))
    graph = get_default_graph()
    parts = []
    for i, (offset, part_shape) in enumerate(_slices(shape.as_list(), num_slices, slice_dim)):
        info = _PartitionInfo(full_shape=shape.as_list(), var_offset=offset)
        part_name = f"{name}/part_{i}"
        with graph.name_scope(part_name + "/PartitionedInitializer"):
            if initializer is None or callable(initializer):
                init, init_shape = initializer, part_shape
            elif from_value:
                init, init_shape = slice_op(initializer, offset, part_shape), None
                dtype = init.dtype.base_dtype
            else:
                init, init_shape = slice_op(convert_to_tensor(initializer, dtype=dtype), offset, part_shape), None
        with graph.name_scope(None):
            var = store._get_single(part_name, init_shape, dtype, init, regularizer, reuse, trainable, collections,
                                   validate_shape, use_resource, constraint, partition_info=info)
        var._save_slice_info = SaveSliceInfo(name, shape.as_list(), offset, part_shape)
        parts.append(var)
    result = PartitionedVariable(name=name, shape=shape, dtype=dtype, variable_list=parts, partitions=partitions)
    partitioned[name] = result
    return result


# --- partitioners --------------------------------------------------------------------------------

@tf_export("fixed_size_partitioner")
def fixed_size_partitioner(num_shards, axis=0):
    """A partitioner of `num_shards` parts along `axis` (fewer when the axis is shorter)."""

    def _partitioner(shape, **unused_args):
        partitions = [1] * len(shape)
        partitions[axis] = min(num_shards, shape.dims[axis].value)
        return partitions

    return _partitioner


@tf_export("min_max_variable_partitioner")
def min_max_variable_partitioner(max_partitions=1, axis=0, min_slice_size=256 << 10, bytes_per_string_element=16):
    """A partitioner of parts of at least `min_slice_size` bytes, at most `max_partitions` of them."""

    def _partitioner(shape, dtype):
        if axis >= len(shape):
            raise ValueError(f"Cannot partition variable along axis {axis} when shape is only {shape}")
        dtype = dtypes.as_dtype(dtype)
        per_element = bytes_per_string_element if dtype.base_dtype == dtypes.string else dtype.size
        partitions = shape.num_elements() * per_element / min_slice_size
        result = [1] * len(shape)
        result[axis] = max(1, min(shape.dims[axis].value, max_partitions, int(math.ceil(partitions))))
        return result

    return _partitioner


@tf_export("variable_axis_size_partitioner")
def variable_axis_size_partitioner(max_shard_bytes, axis=0, bytes_per_string_element=16, max_shards=None):
    """A partitioner of parts of at most `max_shard_bytes` bytes along `axis` (at most `max_shards` parts)."""
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        raise ValueError("Both max_shard_bytes and bytes_per_string_element must be positive. Currently, "
                         f"max_shard_bytes is {max_shard_bytes} andbytes_per_string_element is "
                         f"{bytes_per_string_element}")
    if max_shards and max_shards < 1:
        raise ValueError("max_shards must be positive.")

    def _partitioner(shape, dtype):
        if not isinstance(shape, TensorShape):
            raise ValueError(f"shape is not a TensorShape: {shape}")
        if not shape.is_fully_defined():
            raise ValueError(f"shape is not fully defined: {shape}")
        dtype = dtypes.as_dtype(dtype)
        element_size = bytes_per_string_element if dtype.base_dtype == dtypes.string else dtype.size
        partitions = [1] * shape.ndims
        bytes_per_slice = 1.0 * (shape.num_elements() / shape.dims[axis].value) * element_size
        slices_per_shard = max(1, math.floor(max_shard_bytes / bytes_per_slice))
        axis_shards = int(math.ceil(1.0 * shape.dims[axis].value / slices_per_shard))
        if max_shards:
            axis_shards = min(max_shards, axis_shards)
        partitions[axis] = axis_shards
        return partitions

    return _partitioner


@tf_export("create_partitioned_variables")
def create_partitioned_variables(shape, slicing, initializer, dtype=dtypes.float32, trainable=True, collections=None,
                                 name=None, reuse=None) -> list:
    """The parts (a list of Variables) of a variable of `shape` sliced as `slicing` says (deprecated in TF)."""
    from .variable_scope import _graph_variables, variable_scope

    if len(shape) != len(slicing):
        raise ValueError("The 'shape' and 'slicing' of a partitioned Variable must have the length: "
                         f"shape: {shape}, slicing: {slicing}")
    if len(shape) < 1:
        raise ValueError(f"A partitioned Variable must have rank at least 1: shape: {shape}")
    with variable_scope(name, "PartitionedVariable", reuse=reuse) as scope:
        with get_default_graph().name_scope(None):
            var = get_partitioned_variable(_graph_variables().store, scope.name, lambda **_: slicing, shape=shape,
                                           dtype=dtype, initializer=initializer, trainable=trainable,
                                           collections=collections, reuse=scope.reuse or None)
        return list(var)
