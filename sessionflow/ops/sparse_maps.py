"""SparseTensors kept in a session-side map and passed around as int64 handles: AddSparseToTensorsMap,
AddManySparseToTensorsMap and TakeManySparseFromTensorsMap. TF1's batching functions send SparseTensors
through queues this way (TF's input.py `_store_sparse_tensors` / `_restore_sparse_tensors`); the functions
here are TF's `sparse_ops._add_sparse_to_tensors_map` and friends.

A map is a session resource named by the op's `shared_name`, or by the adding op's name when that is
empty; handles count from 0 in each map. Taking a handle removes its SparseTensor."""

from __future__ import annotations

import threading

import numpy as np

from ..framework import dtypes
from ..framework.graph import Operation
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.sparse_tensor import SparseTensor
from . import shape_fns
from .sparse_ops import check_components, infer_components, invalid, segment_starts, shape_text, to_sparse, \
    validate_ordered

_MAP_ATTRS = dict(container="", shared_name="")


class SparseTensorsMap:
    """The SparseTensors a session holds for one map, by handle."""

    def __init__(self, name: str):
        self.name = name
        self._lock = threading.Lock()
        self._next = 0
        self._tensors: dict = {}

    def add(self, indices, values, shape) -> int:
        with self._lock:
            handle = self._next
            self._next += 1
            self._tensors[handle] = (np.asarray(indices, np.int64), values, np.asarray(shape, np.int64))
            return handle

    def take(self, handles) -> list:
        """The SparseTensors of `handles`, removed from the map (those before a missing one are removed)."""
        out = []
        with self._lock:
            for handle in np.asarray(handles).reshape(-1).tolist():
                found = self._tensors.pop(handle, None)
                if found is None:
                    raise invalid(f"Unable to find SparseTensor: {handle} in map: {self.name}")
                out.append(found)
        return out


def _map(ctx, shared_name: str) -> SparseTensorsMap:
    name = shared_name or ctx.op.name
    return ctx.resource(f"SparseTensorsMap/{name}", lambda: SparseTensorsMap(name))


@op("AddSparseToTensorsMap", inputs=("sparse_indices", "sparse_values", "sparse_shape"), attrs=_MAP_ATTRS,
    stateful=True, type_attrs=dict(T="sparse_values"))
class AddSparseToTensorsMap:
    """Stores a SparseTensor in the map; returns its int64 handle."""

    def infer(sparse_indices, sparse_values, sparse_shape, container, shared_name):
        infer_components("AddSparseToTensorsMap", sparse_indices, sparse_values, sparse_shape)
        return dtypes.int64, []

    def kernel(ctx, xp, sparse_indices, sparse_values, sparse_shape, container, shared_name):
        check_components(sparse_indices, sparse_values, sparse_shape)
        return np.asarray(_map(ctx, shared_name).add(sparse_indices, sparse_values, sparse_shape), np.int64)

    grad = NOT_DIFFERENTIABLE


@op("AddManySparseToTensorsMap", inputs=("sparse_indices", "sparse_values", "sparse_shape"), attrs=_MAP_ATTRS,
    stateful=True, type_attrs=dict(T="sparse_values"))
class AddManySparseToTensorsMap:
    """Stores each entry of the first dimension of an ordered SparseTensor (one rank less) in the map;
    returns their handles (the entries with values first, then the empty ones, as TF numbers them)."""

    def infer(sparse_indices, sparse_values, sparse_shape, container, shared_name):
        infer_components("AddManySparseToTensorsMap", sparse_indices, sparse_values, sparse_shape)
        return dtypes.int64, [None]

    def kernel(ctx, xp, sparse_indices, sparse_values, sparse_shape, container, shared_name):
        check_components(sparse_indices, sparse_values, sparse_shape)
        dims = [int(d) for d in sparse_shape]
        if len(dims) < 2:
            raise invalid(f"Rank of input SparseTensor should be > 1, but saw rank: {len(dims)}")
        validate_ordered(sparse_indices, dims)
        store = _map(ctx, shared_name)
        coords = np.asarray(sparse_indices, np.int64)
        handles = np.zeros(dims[0], np.int64)
        starts = segment_starts(coords[:, :1])
        ends = np.concatenate([starts[1:], [coords.shape[0]]]).astype(np.int64)
        seen = set()
        for start, end in zip(starts, ends):
            b = int(coords[start, 0])
            seen.add(b)
            handles[b] = store.add(coords[start:end, 1:], sparse_values[start:end], dims[1:])
        for b in range(dims[0]):
            if b not in seen:
                handles[b] = store.add(np.zeros((0, len(dims) - 1), np.int64), sparse_values[:0], dims[1:])
        return handles

    grad = NOT_DIFFERENTIABLE


@op("TakeManySparseFromTensorsMap", inputs=("sparse_handles",), attrs=dict(_MAP_ATTRS, dtype=None),
    stateful=True, type_attrs={})
class TakeManySparseFromTensorsMap:
    """(indices, values, dense_shape): the SparseTensors of `sparse_handles` taken from the map and stacked
    along a new first dimension (the others the largest of theirs)."""

    def infer(sparse_handles, dtype, container, shared_name):
        shape_fns.with_rank("TakeManySparseFromTensorsMap", sparse_handles.shape, 1)
        return [(dtypes.int64, [None, None]), (dtype, [None]), (dtypes.int64, [None])]

    def kernel(ctx, xp, sparse_handles, dtype, container, shared_name):
        if sparse_handles.ndim != 1:
            raise invalid(f"sparse_handles should be a vector but received shape {shape_text(sparse_handles.shape)}")
        parts = _map(ctx, shared_name).take(sparse_handles)
        if not parts:
            raise invalid("Must have at least 1 serialized SparseTensor, but has 0")
        rank = None
        for i, (indices, values, shape) in enumerate(parts):
            got = dtypes.string if values.dtype == object else dtypes.as_dtype(values.dtype)
            if got != dtype:
                raise invalid(f"Requested SparseTensor of type {dtype.name} but SparseTensor[{i}].values.dtype() == "
                              f"{got.name}")
            if rank is not None and shape.shape[0] != rank:
                raise invalid(f"Inconsistent rank across SparseTensors: rank prior to SparseTensor[{i}] was: {rank} "
                              f"but rank of SparseTensor[{i}] is: {shape.shape[0]}")
            rank = shape.shape[0]
        out_shape = np.max(np.stack([p[2] for p in parts]), axis=0) if rank else np.zeros(0, np.int64)
        indices = np.concatenate([np.concatenate([np.full((p[0].shape[0], 1), i, np.int64), p[0]], 1)
                                  for i, p in enumerate(parts)], 0)
        values = np.concatenate([p[1] for p in parts], 0)
        return indices, values, np.concatenate([[len(parts)], out_shape]).astype(np.int64)

    grad = NOT_DIFFERENTIABLE


def add_sparse_to_tensors_map(sp_input, container=None, shared_name=None, name=None):
    """TF's sparse_ops._add_sparse_to_tensors_map: the int64 handle of `sp_input` stored in a map."""
    sp_input = to_sparse(sp_input)
    return AddSparseToTensorsMap(sp_input.indices, sp_input.values, sp_input.dense_shape, container=container or "",
                                 shared_name=shared_name or "", name=name)


def add_many_sparse_to_tensors_map(sp_input, container=None, shared_name=None, name=None):
    """TF's sparse_ops._add_many_sparse_to_tensors_map: one handle per entry of the first dimension."""
    sp_input = to_sparse(sp_input)
    return AddManySparseToTensorsMap(sp_input.indices, sp_input.values, sp_input.dense_shape,
                                     container=container or "", shared_name=shared_name or "", name=name)


def take_many_sparse_from_tensors_map(sparse_map_op, sparse_handles, rank=None, name=None) -> SparseTensor:
    """TF's sparse_ops._take_many_sparse_from_tensors_map: the SparseTensors the handles name (in the map
    `sparse_map_op` stores into), stacked; `rank` (counting the new first dimension) sets static shapes."""
    if not isinstance(sparse_map_op, Operation):
        raise TypeError("sparse_map_op be an Operation")
    if sparse_map_op.type not in ("AddSparseToTensorsMap", "AddManySparseToTensorsMap"):
        raise TypeError("sparse_map_op must be one of AddSparseToTensorsMap or AddSparseToTensorsMap. Instead, "
                        f"found `{sparse_map_op.type}`.")
    from .constant import convert_to_tensor

    shared_name = sparse_map_op.attrs["shared_name"] or sparse_map_op.name
    indices, values, shape = TakeManySparseFromTensorsMap(
        convert_to_tensor(sparse_handles, dtype=dtypes.int64), dtype=sparse_map_op.inputs[1].dtype.base_dtype,
        container=sparse_map_op.attrs["container"], shared_name=shared_name, name=name)
    indices.set_shape([None, rank])
    shape.set_shape([rank])
    return SparseTensor(indices, values, shape)
