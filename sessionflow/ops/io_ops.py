"""Checkpoint ops: TF's `SaveV2` and `RestoreV2`, whose kernels write and read V2 tensor bundles
(sessionflow/io/checkpoint_bundle.py). `tf.train.Saver` builds its save and restore sub-graphs from
them, as TF does, so a `.meta` graph that names `save/SaveV2` works in both directions."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from .common import cpp_name


def _text(value) -> str:
    value = value.item() if isinstance(value, np.ndarray) else value
    return value.decode("utf-8", errors="surrogateescape") if isinstance(value, bytes) else str(value)


def _texts(value) -> list[str]:
    return [_text(v) for v in np.asarray(value, dtype=object).reshape(-1)]


def _check_names(op_type: str, names, slices, count: int):
    if len(names) != count or len(slices) != count:
        raise errors.InvalidArgumentError(
            None, None, f"{op_type}: tensor_names ({len(names)}), shape_and_slices ({len(slices)}) and the number "
                        f"of tensors ({count}) must agree")


def _check_string_inputs(op_type: str, prefix, tensor_names, shape_and_slices):
    _require_strings(op_type, prefix=prefix, tensor_names=tensor_names, shape_and_slices=shape_and_slices)


def _require_strings(op_type: str, **named):
    for name, t in named.items():
        if t.dtype.base_dtype is not dtypes.string:
            raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not "
                            "match expected type of string.")


@op("SaveV2", inputs=("prefix", "tensor_names", "shape_and_slices", "*tensors"), attrs={"dtypes": ()}, type_attrs={},
    stateful=True)
class SaveV2:
    """Writes `tensors` under `tensor_names` to the V2 checkpoint at `prefix` (atomically: temporary
    files, then renames). Reference variables among `tensors` are read when this op runs."""

    def infer(prefix, tensor_names, shape_and_slices, *tensors, dtypes):
        _check_string_inputs("SaveV2", prefix, tensor_names, shape_and_slices)
        if len(dtypes) != len(tensors):
            raise ValueError(f"SaveV2: {len(tensors)} tensors but {len(dtypes)} dtypes")
        return []

    def kernel(ctx, xp, prefix, tensor_names, shape_and_slices, *tensors, dtypes):
        from ..io import checkpoint_bundle

        names, slices = _texts(tensor_names), _texts(shape_and_slices)
        _check_names("SaveV2", names, slices, len(tensors))
        entries = [(n, np.asarray(t), d, spec) for n, t, d, spec in zip(names, tensors, dtypes, slices)]
        checkpoint_bundle.write_bundle(_text(prefix), entries)

    grad = NOT_DIFFERENTIABLE


@op("RestoreV2", inputs=("prefix", "tensor_names", "shape_and_slices"), attrs={"dtypes": ()}, stateful=True,
    type_attrs={})
class RestoreV2:
    """Reads `tensor_names` from the V2 checkpoint at `prefix`; outputs one tensor per name, of the
    declared `dtypes`. NotFoundError for a missing key; InvalidArgumentError for a dtype mismatch;
    DataLossError for a damaged checkpoint."""

    def infer(prefix, tensor_names, shape_and_slices, dtypes):
        _check_string_inputs("RestoreV2", prefix, tensor_names, shape_and_slices)
        return [(d, TensorShape(None)) for d in dtypes]

    def kernel(ctx, xp, prefix, tensor_names, shape_and_slices, dtypes):
        from ..io import checkpoint_bundle

        names, slices = _texts(tensor_names), _texts(shape_and_slices)
        _check_names("RestoreV2", names, slices, len(dtypes))
        reader = checkpoint_bundle.BundleReader(_text(prefix))
        values = []
        for name, dtype, spec in zip(names, dtypes, slices):
            entry = reader.entries.get(name)
            if entry is None:
                raise errors.NotFoundError(None, None, f"Key {name} not found in checkpoint")
            if entry.dtype is not dtype.base_dtype:
                raise errors.InvalidArgumentError(
                    None, None, f"tensor_name = {name}; expected dtype {cpp_name(dtype)} does not equal "
                                f"original dtype {cpp_name(entry.dtype)}")
            if spec:
                from ..io import checkpoint_slices

                values.append(checkpoint_slices.read_slice(reader, name, spec))
            else:
                values.append(reader.get_tensor(name))
        return values[0] if len(values) == 1 else tuple(values)

    grad = NOT_DIFFERENTIABLE


@op("ShardedFilename", inputs=("basename", "shard", "num_shards"))
class ShardedFilename:
    """`basename-SSSSS-of-NNNNN`: the prefix of one shard of a sharded Saver's checkpoint."""

    def infer(basename, shard, num_shards):
        _require_strings("ShardedFilename", basename=basename)
        return dtypes.string, TensorShape([])

    def kernel(xp, basename, shard, num_shards):
        return np.array(f"{_text(basename)}-{int(shard):05d}-of-{int(num_shards):05d}".encode(), dtype=object)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(b"/tmp/ckpt_temp/part", dtype=object), np.int32(0), np.int32(1)), {})]


@op("ShardedFilespec", inputs=("basename", "num_shards"))
class ShardedFilespec:
    """`basename-?????-of-NNNNN`: the glob of every shard of a sharded checkpoint."""

    def infer(basename, num_shards):
        _require_strings("ShardedFilespec", basename=basename)
        return dtypes.string, TensorShape([])

    def kernel(xp, basename, num_shards):
        return np.array(f"{_text(basename)}-?????-of-{int(num_shards):05d}".encode(), dtype=object)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(b"/tmp/ckpt", dtype=object), np.int32(2)), {})]


@op("MergeV2Checkpoints", inputs=("checkpoint_prefixes", "destination_prefix"),
    attrs={"delete_old_dirs": True, "allow_missing_files": False}, stateful=True)
class MergeV2Checkpoints:
    """Merges the V2 checkpoints at `checkpoint_prefixes` (a sharded Saver's shards) into one at
    `destination_prefix` (io/checkpoint_bundle.merge_bundles)."""

    def infer(checkpoint_prefixes, destination_prefix, delete_old_dirs, allow_missing_files):
        _require_strings("MergeV2Checkpoints", checkpoint_prefixes=checkpoint_prefixes,
                         destination_prefix=destination_prefix)
        return []

    def kernel(ctx, xp, checkpoint_prefixes, destination_prefix, delete_old_dirs, allow_missing_files):
        from ..io import checkpoint_bundle

        checkpoint_bundle.merge_bundles(_texts(checkpoint_prefixes), _text(destination_prefix),
                                        delete_old_dirs=delete_old_dirs, allow_missing=allow_missing_files)

    grad = NOT_DIFFERENTIABLE


def save_v2(prefix, tensor_names, shape_and_slices, tensors, name=None):
    """Creates a SaveV2 op saving `tensors` under the Python string lists `tensor_names`."""
    from ..framework.graph import get_default_graph
    from .constant import constant, convert_to_tensor

    with get_default_graph().name_scope(name or "SaveV2") as scope:
        prefix = convert_to_tensor(prefix, dtype=dtypes.string, name="prefix")  # as TF: named after the input
        names = constant(list(tensor_names), dtype=dtypes.string, name="tensor_names")
        slices = constant(list(shape_and_slices), dtype=dtypes.string, name="shape_and_slices")
        return SaveV2(prefix, names, slices, list(tensors), dtypes=[t.dtype.base_dtype for t in tensors], name=scope)


def restore_v2(prefix, tensor_names, shape_and_slices, dtypes_, name=None) -> list:
    """Creates a RestoreV2 op; returns its output tensors (a list, even for one name)."""
    from ..framework.graph import get_default_graph
    from .constant import constant, convert_to_tensor

    with get_default_graph().name_scope(name or "RestoreV2") as scope:
        prefix = convert_to_tensor(prefix, dtype=dtypes.string, name="prefix")  # as TF: named after the input
        names = constant(list(tensor_names), dtype=dtypes.string, name="tensor_names")
        slices = constant(list(shape_and_slices), dtype=dtypes.string, name="shape_and_slices")
        result = RestoreV2(prefix, names, slices, dtypes=[dtypes.as_dtype(d).base_dtype for d in dtypes_], name=scope)
    return list(result.op.outputs) if not isinstance(result, tuple) else list(result)
