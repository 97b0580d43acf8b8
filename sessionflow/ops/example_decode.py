"""Decoding serialized tf.train.Example protos into the columns ParseExampleV2 returns.

`decode_batch(records, specs, names, single)` gives, per `Spec`, either a sparse triple (indices, values,
dense_shape) or a dense array, and raises TF's InvalidArgumentError texts. Each record is parsed by the
protobuf runtime's C parser (`Example.FromString`); large batches first try `example_wire.decode_columns`, a
vectorised reading of the wire format that hands back None when anything is unusual, so this module's
per-record path is the specification and the fast path only ever agrees with it.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from google.protobuf.message import DecodeError

from ..framework import dtypes, errors
from ..io import protos
from . import example_wire

KIND = {dtypes.float32: "float_list", dtypes.int64: "int64_list", dtypes.string: "bytes_list"}
TYPE_NAME = {"float_list": "float", "int64_list": "int64", "bytes_list": "string"}
NUMPY = {dtypes.float32: np.float32, dtypes.int64: np.int64, dtypes.string: object}
# batches at least this large try the vectorised wire reader first
VECTOR_MIN = 16


class Spec(NamedTuple):
    """One requested feature: its key, dtype, dense dims (None for sparse; a leading None for a sequence
    feature), and the default (an array: the value of a fixed feature, the padding of a sequence one, empty
    when the feature is required)."""

    key: str
    dtype: object
    dims: list | None
    default: np.ndarray | None
    sparse: bool = False


def text(value) -> str:
    if isinstance(value, np.ndarray):
        value = value.item()
    return value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)


def as_record(value) -> bytes:
    if isinstance(value, np.ndarray):
        value = value.item()
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def dtype_of(default) -> object:
    array = np.asarray(default)
    if array.dtype == object or array.dtype.kind in "SU":
        return dtypes.string
    return dtypes.as_dtype(array.dtype)


def invalid(message: str):
    return errors.InvalidArgumentError(None, None, message)


def bad_record(record: bytes):
    return invalid(f"Could not parse example input, value: '{record.decode('latin-1')}'")


class _Where:
    """How TF names the place of an error: `Name: N, Key: K, Index: I.` for a batch, `Key: K.` for one."""

    def __init__(self, names, single):
        self.names, self.single = names, single

    def name(self, i):
        return self.names[i] if i < len(self.names) else "<unknown>"

    def key(self, key, i):
        return f"Key: {key}." if self.single else f"Name: {self.name(i)}, Key: {key}, Index: {i}."

    def required(self, key, dtype, i):
        what = f"Feature: {key} (data type: {TYPE_NAME[KIND[dtype]]}) is required but could not be found."
        return invalid(what if self.single else f"Name: {self.name(i)}, {what}")


def _values(feature, spec: Spec, where: _Where, i: int):
    """The feature's values as a list or array of `spec.dtype`, or None when absent (no kind set). `feature` is
    a Feature or its serialized bytes (as a ParsingExample holds it)."""
    if feature is None:
        return None
    if isinstance(feature, bytes):
        try:
            feature = protos.Feature.FromString(feature)
        except (DecodeError, RuntimeError, ValueError):
            raise invalid(f"{where.key(spec.key, i)}  Can't parse serialized Example.") from None
    kind = feature.WhichOneof("kind")
    if kind is None:
        return None
    expected = KIND[spec.dtype]
    if kind != expected:
        if spec.sparse:
            raise invalid(f"{where.key(spec.key, i)}  Data types don't match. Expected type: "
                          f"{TYPE_NAME[expected]}, Actual type: {TYPE_NAME[kind]}")
        raise invalid(f"{where.key(spec.key, i)}  Data types don't match. Data type: {TYPE_NAME[kind]} but "
                      f"expected type: {TYPE_NAME[expected]}")
    values = getattr(feature, kind).value
    if spec.dtype is dtypes.string:
        return list(values)
    return np.fromiter(values, dtype=NUMPY[spec.dtype], count=len(values))


def _shape_text(dims) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


def _check_count(values, spec: Spec, where: _Where, i: int) -> None:
    dims = spec.dims
    kind = KIND[spec.dtype]
    type_name = TYPE_NAME[kind]
    n = len(values)
    if dims and dims[0] is None:  # a sequence feature: whole rows of the element shape
        stride = math.prod(dims[1:])
        if stride and n % stride:
            if where.single:
                raise invalid(f"Error while parsing feature with key {spec.key}: number of elements should be "
                              f"divisible by {stride}, found {n} instead")
            raise invalid(f"{where.key(spec.key, i)}  Number of {type_name} values is not a multiple of stride "
                          f"length. Saw {n} values but output shape is: {_shape_text(dims)}")
        return
    expected = math.prod(dims)
    if n == expected:
        return
    if where.single:
        detail = "Parsing bytes_list failed." if kind == "bytes_list" else f"Some {kind} slice was not parsed."
        raise invalid(f"Key: {spec.key}.  Can't parse serialized Example: {detail}")
    if kind == "bytes_list":
        raise invalid(f"{where.key(spec.key, i)}  Can't parse serialized Example.")
    raise invalid(f"{where.key(spec.key, i)}  Number of {type_name} values != expected.  Values size: {n} but "
                  f"output shape: {_shape_text(dims)}")


def parse_example(record: bytes):
    """The Example in `record` (as a ParsingExample), or TF's "Could not parse example input" error. As TF's parser, an unknown
    top-level field whose length runs past the end is skipped to the end rather than refused."""
    try:
        return protos.ParsingExample.FromString(record)
    except (DecodeError, RuntimeError, ValueError):
        repaired = _cut_overlong_unknown_field(record)
        if repaired is not None:
            try:
                return protos.ParsingExample.FromString(repaired)
            except (DecodeError, RuntimeError, ValueError):
                pass
        raise bad_record(record) from None


def _varint(data: bytes, pos: int):
    result = shift = 0
    while pos < len(data) and shift < 64:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
    return None, pos


def _cut_overlong_unknown_field(record: bytes):
    """`record` up to an unknown length-delimited top-level field that runs past its end, or None."""
    pos, n = 0, len(record)
    while pos < n:
        start = pos
        tag, pos = _varint(record, pos)
        if tag is None:
            return None
        wire = tag & 7
        if wire == 2:
            length, pos = _varint(record, pos)
            if length is None:
                return None
            if pos + length > n:
                return record[:start] if tag >> 3 != 1 else None
            pos += length
        elif wire == 0:
            _, pos = _varint(record, pos)
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:
            return None
    return None


def decode_batch(records: list, specs: list, names: list, single: bool) -> list:
    """The columns for `specs` of the serialized Examples `records` (see the module docstring)."""
    if len(records) >= VECTOR_MIN:
        try:
            columns = example_wire.decode_columns(records, specs)
        except TypeError:  # not all bytes (str values): converted below
            columns = None
        if columns is not None:
            return columns
    return decode_records([as_record(r) for r in records], specs, names, single)


def decode_records(records: list, specs: list, names: list, single: bool) -> list:
    """`decode_batch`'s per-record path (the reference)."""
    return decode_feature_maps([feature_map(parse_example(r)) for r in records], specs, names, single)


def feature_map(example) -> dict:
    """key -> serialized Feature of a ParsingExample (a later entry of a key replaces an earlier one)."""
    return {entry.key.decode("utf-8", "backslashreplace"): entry.value for entry in example.features.feature}


def decode_feature_maps(fmaps: list, specs: list, names: list, single: bool) -> list:
    """The columns for `specs` of parsed Features maps (one per record)."""
    where = _Where(names, single)
    found = [[None] * len(fmaps) for _ in specs]
    for i, fmap in enumerate(fmaps):
        for s, spec in enumerate(specs):
            feature = fmap.get(spec.key)
            values = _values(feature, spec, where, i)
            if values is not None and not spec.sparse:
                _check_count(values, spec, where, i)
            found[s][i] = values
    return [_sparse_column(found[s], spec, single) if spec.sparse else _dense_column(found[s], spec, where, single)
            for s, spec in enumerate(specs)]


def _sparse_column(per_record: list, spec: Spec, single: bool):
    if single:  # one record: its values, indexed 0..n-1
        values = per_record[0]
        n = 0 if values is None else len(values)
        if spec.dtype is dtypes.string:
            out = np.empty(n, dtype=object)
            out[:] = values or []
        else:
            out = values if values is not None else np.zeros(0, NUMPY[spec.dtype])
        return np.arange(n, dtype=np.int64).reshape(n, 1), out, np.array([n], dtype=np.int64)
    lengths = np.array([0 if v is None else len(v) for v in per_record], dtype=np.int64)
    total = int(lengths.sum())
    rows = np.repeat(np.arange(len(per_record), dtype=np.int64), lengths)
    cols = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    if spec.dtype is dtypes.string:
        values = np.empty(total, dtype=object)
        values[:] = [b for v in per_record if v for b in v]
    else:
        parts = [v for v in per_record if v is not None and len(v)]
        values = np.concatenate(parts) if parts else np.zeros(0, NUMPY[spec.dtype])
    width = int(lengths.max()) if len(lengths) else 0
    if single:
        return cols.reshape(-1, 1), values, np.array([width], dtype=np.int64)
    return np.stack([rows, cols], axis=1), values, np.array([len(per_record), width], dtype=np.int64)


def _dense_column(per_record: list, spec: Spec, where: _Where, single: bool):
    dims, np_type = spec.dims, NUMPY[spec.dtype]
    n = len(per_record)
    if dims and dims[0] is None:  # sequence: pad every record's rows to the longest
        rest = dims[1:]
        stride = math.prod(rest)
        counts = [0 if v is None else (len(v) // stride if stride else 0) for v in per_record]
        width = max(counts, default=0)
        out = np.empty((n, width, *rest), dtype=np_type)
        out[...] = spec.default.reshape(()) if spec.default.size else (b"" if np_type is object else 0)
        for i, v in enumerate(per_record):
            if counts[i]:
                out[i, :counts[i]] = np.asarray(v, dtype=np_type).reshape(counts[i], *rest)
        return out[0] if single else out
    out = np.empty((n, *dims), dtype=np_type)
    for i, v in enumerate(per_record):
        if v is None:
            if spec.default.size == 0 and math.prod(dims) != 0:
                raise where.required(spec.key, spec.dtype, i)
            out[i, ...] = spec.default.reshape(dims)
        else:
            out[i, ...] = np.asarray(v, dtype=np_type).reshape(dims)
    return out[0] if single else out
