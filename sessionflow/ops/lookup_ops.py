"""Lookup-table ops: HashTableV2 and MutableHashTableV2 (a table's handle), LookupTableFindV2,
LookupTableImportV2 / InitializeTableV2 / InitializeTableFromTextFileV2 (filling a table), LookupTableSizeV2,
LookupTableInsertV2, LookupTableRemoveV2, LookupTableExportV2.

A table is a session resource (`OpContext.resource`), keyed by its handle's value: the table op's
`shared_name`, else its name, so two sessions on one graph have their own tables. A HashTableV2 table starts
uninitialized: using it before an initializer ran is TF's FailedPreconditionError "Table not initialized.";
a MutableHashTableV2 table starts empty. Keys are bytes (strings) or Python ints in a dict; the Python
classes (tf.lookup, tf.contrib.lookup) are in sessionflow/lookup/.
"""

from __future__ import annotations

import os
import threading

import numpy as np

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import shape_fns

NOT_INITIALIZED = "Table not initialized."
_TABLE_ATTRS = {"container": "", "shared_name": "", "use_node_name_sharing": False, "key_dtype": None,
                "value_dtype": None}


class Table:
    """One session's lookup table: a dict of keys to values, guarded by a lock."""

    def __init__(self, key_dtype, value_dtype, initialized: bool, static: bool):
        self.key_dtype = dtypes.as_dtype(key_dtype)
        self.value_dtype = dtypes.as_dtype(value_dtype)
        self.entries: dict = {}
        self.initialized = initialized
        self.static = static  # HashTable: filled once by its initializer; MutableHashTable: updated freely
        self.lock = threading.Lock()

    def key(self, value):
        return bytes(value) if self.key_dtype is dtypes.string else int(value)

    def check_ready(self):
        if not self.initialized:
            raise errors.FailedPreconditionError(None, None, NOT_INITIALIZED)

    def check_types(self, keys_dtype, values_dtype=None):
        if keys_dtype is not None and keys_dtype is not self.key_dtype:
            raise errors.InvalidArgumentError(
                None, None, f"Conflicting key/value types: {keys_dtype.name} and {self.key_dtype.name}")
        if values_dtype is not None and values_dtype is not self.value_dtype:
            raise errors.InvalidArgumentError(
                None, None, f"Conflicting key/value types: {values_dtype.name} and {self.value_dtype.name}")

    def initialize(self, read_pairs):
        """Fills the table with the pairs `read_pairs()` gives, once: a static table that is already initialized
        stays as it is (TF ignores a second initialization, even with other data); a mutable one is replaced."""
        if self.static and self.initialized:
            return
        self.fill(read_pairs(), replace=True)

    def fill(self, pairs, replace: bool):
        """Sets the table to (or, without `replace`, adds) `pairs`; a static table refuses one key with two values."""
        entries = {} if replace else dict(self.entries)
        for k, v in pairs:
            if self.static and k in entries and entries[k] != v:
                raise errors.FailedPreconditionError(
                    None, None, f"HashTable has different value for same key. Key {_shown(k)} has {_shown(entries[k])} "
                                f"and trying to add value {_shown(v)}")
            entries[k] = v
        with self.lock:
            self.entries = entries
            self.initialized = True


def _shown(value) -> str:
    return value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)


def _plain_values(array, dtype) -> list:
    array = np.asarray(array)
    if dtype is dtypes.string:
        return [bytes(v) for v in array.reshape(-1)]
    return array.reshape(-1).tolist()


def _dtype_of(array):
    array = np.asarray(array)
    return dtypes.string if array.dtype == object or array.dtype.kind == "S" else dtypes.as_dtype(array.dtype)


def _table(ctx, handle) -> Table:
    return ctx.resource(handle.item() if isinstance(handle, np.ndarray) else handle)


def _handle_infer(container, shared_name, use_node_name_sharing, key_dtype, value_dtype):
    return dtypes.resource, []


def _resource_key(op_) -> str:
    return op_.attrs["shared_name"] or op_.name


@op("HashTableV2", attrs=_TABLE_ATTRS, stateful=True, type_attrs={})
class HashTableV2:
    """The handle of a hash table that its initializer fills once (tf.lookup.StaticHashTable)."""

    infer = _handle_infer

    def kernel(ctx, xp, container, shared_name, use_node_name_sharing, key_dtype, value_dtype):
        key = _resource_key(ctx.op)
        ctx.resource(key, lambda: Table(key_dtype, value_dtype, initialized=False, static=True))
        return key

    grad = NOT_DIFFERENTIABLE


@op("MutableHashTableV2", attrs=_TABLE_ATTRS, stateful=True, type_attrs={})
class MutableHashTableV2:
    """The handle of a hash table updated by insert and remove (tf.lookup.experimental.MutableHashTable)."""

    infer = _handle_infer

    def kernel(ctx, xp, container, shared_name, use_node_name_sharing, key_dtype, value_dtype):
        key = _resource_key(ctx.op)
        ctx.resource(key, lambda: Table(key_dtype, value_dtype, initialized=True, static=False))
        return key

    grad = NOT_DIFFERENTIABLE


def _check_handle(op_type: str, handle):
    if handle.dtype.base_dtype is not dtypes.resource:
        raise TypeError(f"Input 'table_handle' of '{op_type}' Op has type {handle.dtype.base_dtype.name} that does "
                        "not match expected type of resource.")
    shape_fns.with_rank(op_type, handle.shape, 0)


@op("LookupTableFindV2", inputs=("table_handle", "keys", "default_value"), stateful=True,
    type_attrs={"Tin": "keys", "Tout": "default_value"})
class LookupTableFindV2:
    """The value of each key, `default_value` for keys the table lacks."""

    def infer(table_handle, keys, default_value):
        _check_handle("LookupTableFindV2", table_handle)
        return default_value.dtype.base_dtype, keys.shape

    def kernel(ctx, xp, table_handle, keys, default_value):
        table = _table(ctx, table_handle)
        table.check_ready()
        table.check_types(_dtype_of(keys), _dtype_of(default_value))
        default = np.asarray(default_value)
        if default.ndim:
            raise errors.InvalidArgumentError(None, None, f"Expected shape [] for default value, got "
                                                          f"{list(default.shape)}")
        default = default.item()
        entries = table.entries
        keys = np.asarray(keys)
        found = [entries.get(k, default) for k in _plain_values(keys, table.key_dtype)]
        out = np.empty(len(found), dtype=object if table.value_dtype is dtypes.string else
                       table.value_dtype.as_numpy_dtype)
        out[:] = found
        return out.reshape(keys.shape)

    grad = NOT_DIFFERENTIABLE


def _fill_infer(op_type: str):
    def infer(table_handle, keys, values):
        _check_handle(op_type, table_handle)
        if keys.shape.ndims is not None and values.shape.ndims is not None:
            shape_fns.with_rank_at_least(op_type, values.shape, keys.shape.ndims)
            for a, b in zip(keys.shape.as_list(), values.shape.as_list()):
                shape_fns.merge_dim(op_type, a, b)
        return []

    return infer


def _pairs(table: Table, keys, values):
    keys, values = np.asarray(keys), np.asarray(values)
    if keys.shape != values.shape[:keys.ndim]:
        raise errors.InvalidArgumentError(None, None, f"Expected shape {list(keys.shape)} for value, got "
                                                      f"{list(values.shape)}")
    table.check_types(_dtype_of(keys), _dtype_of(values))
    return zip(_plain_values(keys, table.key_dtype), _plain_values(values, table.value_dtype))


@op("LookupTableImportV2", inputs=("table_handle", "keys", "values"), stateful=True,
    type_attrs={"Tin": "keys", "Tout": "values"})
class LookupTableImportV2:
    """Fills the table with `keys` -> `values` (tf.lookup.KeyValueTensorInitializer): a static table once, a
    mutable table's contents replaced."""

    infer = _fill_infer("LookupTableImportV2")

    def kernel(ctx, xp, table_handle, keys, values):
        table = _table(ctx, table_handle)
        table.initialize(lambda: _pairs(table, keys, values))

    grad = NOT_DIFFERENTIABLE


@op("InitializeTableV2", inputs=("table_handle", "keys", "values"), stateful=True,
    type_attrs={"Tkey": "keys", "Tval": "values"})
class InitializeTableV2:
    """Fills the table with `keys` -> `values`."""

    infer = _fill_infer("InitializeTableV2")

    def kernel(ctx, xp, table_handle, keys, values):
        table = _table(ctx, table_handle)
        table.initialize(lambda: _pairs(table, keys, values))

    grad = NOT_DIFFERENTIABLE


@op("LookupTableInsertV2", inputs=("table_handle", "keys", "values"), stateful=True,
    type_attrs={"Tin": "keys", "Tout": "values"})
class LookupTableInsertV2:
    """Adds or replaces `keys` -> `values` in a mutable table."""

    infer = _fill_infer("LookupTableInsertV2")

    def kernel(ctx, xp, table_handle, keys, values):
        table = _table(ctx, table_handle)
        table.check_ready()
        table.fill(_pairs(table, keys, values), replace=False)

    grad = NOT_DIFFERENTIABLE


@op("LookupTableRemoveV2", inputs=("table_handle", "keys"), stateful=True, type_attrs={"Tin": "keys"})
class LookupTableRemoveV2:
    """Removes `keys` from a mutable table (keys it lacks are ignored)."""

    def infer(table_handle, keys):
        _check_handle("LookupTableRemoveV2", table_handle)
        return []

    def kernel(ctx, xp, table_handle, keys):
        table = _table(ctx, table_handle)
        table.check_ready()
        table.check_types(_dtype_of(keys))
        with table.lock:
            entries = dict(table.entries)
            for k in _plain_values(keys, table.key_dtype):
                entries.pop(k, None)
            table.entries = entries

    grad = NOT_DIFFERENTIABLE


@op("LookupTableSizeV2", inputs=("table_handle",), stateful=True, type_attrs={})
class LookupTableSizeV2:
    """The number of entries of the table (int64)."""

    def infer(table_handle):
        _check_handle("LookupTableSizeV2", table_handle)
        return dtypes.int64, []

    def kernel(ctx, xp, table_handle):
        table = _table(ctx, table_handle)
        table.check_ready()
        return np.int64(len(table.entries))

    grad = NOT_DIFFERENTIABLE


@op("LookupTableExportV2", inputs=("table_handle",), attrs={"Tkeys": None, "Tvalues": None}, stateful=True,
    type_attrs={})
class LookupTableExportV2:
    """The table's keys and values, as two vectors."""

    def infer(table_handle, Tkeys, Tvalues):
        _check_handle("LookupTableExportV2", table_handle)
        return [(dtypes.as_dtype(Tkeys), TensorShape([None])), (dtypes.as_dtype(Tvalues), TensorShape([None]))]

    def kernel(ctx, xp, table_handle, Tkeys, Tvalues):
        table = _table(ctx, table_handle)
        table.check_ready()
        items = list(table.entries.items())
        keys = np.empty(len(items), dtype=object if table.key_dtype is dtypes.string else
                        table.key_dtype.as_numpy_dtype)
        values = np.empty(len(items), dtype=object if table.value_dtype is dtypes.string else
                          table.value_dtype.as_numpy_dtype)
        keys[:] = [k for k, _ in items]
        values[:] = [v for _, v in items]
        return keys, values

    grad = NOT_DIFFERENTIABLE


# --- text files --------------------------------------------------------------------------------------------

WHOLE_LINE = -2
LINE_NUMBER = -1


def _field(text: bytes, dtype, line_number: int):
    if dtype is dtypes.string:
        return text
    kind = "int64" if dtype.is_integer else "float" if dtype is dtypes.float32 else "double"
    try:
        decoded = text.decode("ascii").strip()
        value = int(decoded) if dtype.is_integer else float(decoded)
        if "_" in decoded:
            raise ValueError(decoded)
    except (UnicodeDecodeError, ValueError):
        raise errors.InvalidArgumentError(
            None, None, f"Field {text.decode('utf-8', 'backslashreplace')} in line {line_number} is not a valid "
                        f"{dtype.name if dtype.is_integer else kind}.") from None
    return value


def _column(line: bytes, fields, index: int, dtype, line_number: int, offset: int = 0):
    if index == WHOLE_LINE:
        return _field(line, dtype, line_number)
    if index == LINE_NUMBER:
        return line_number + offset
    return _field(fields[index], dtype, line_number)


def _open_check(filename: str) -> None:
    if not os.path.exists(filename):
        raise errors.NotFoundError(None, None, f"{filename}; No such file or directory")


def read_text_table(filename: str, key_index: int, value_index: int, vocab_size: int, delimiter: str,
                    key_dtype, value_dtype, offset: int = 0) -> list:
    """(key, value) pairs from the lines of a text file, as TF's InitializeTableFromTextFile reads them."""
    try:
        with open(filename, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{filename}; No such file or directory") from None
    except OSError as e:
        raise errors.InvalidArgumentError(None, None, f"{filename}; {e.strerror}") from None
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    sep = delimiter.encode("utf-8")
    needed = max(key_index, value_index) + 1
    pairs, position = [], 0
    for number, raw in enumerate(lines):
        if vocab_size > 0 and number >= vocab_size:
            break
        position += len(raw) + 1
        line = raw[:-1] if raw.endswith(b"\r") else raw
        if not line:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid content in {filename}: empty line found at position {position}.")
        fields = line.split(sep) if needed > 0 else None
        if needed > 0 and len(fields) < needed:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid number of columns in {filename} line {number} "
                            f"({line.decode('utf-8', 'backslashreplace')}) : expected at least {needed} got "
                            f"{len(fields)}")
        pairs.append((_column(line, fields, key_index, key_dtype, number, offset),
                      _column(line, fields, value_index, value_dtype, number, offset)))
    if vocab_size > 0 and len(pairs) != vocab_size:
        raise errors.InvalidArgumentError(
            None, None, f"Invalid vocab_size in {filename}: expected {vocab_size} but got {len(pairs)}")
    return pairs


@op("InitializeTableFromTextFileV2", inputs=("table_handle", "filename"),
    attrs={"key_index": None, "value_index": None, "vocab_size": -1, "delimiter": "\t", "offset": 0},
    stateful=True, type_attrs={})
class InitializeTableFromTextFileV2:
    """Fills the table from the lines of a text file: keys and values are columns (split at `delimiter`),
    the whole line (-2) or the line number (-1)."""

    def infer(table_handle, filename, key_index, value_index, vocab_size, delimiter, offset):
        _check_handle("InitializeTableFromTextFileV2", table_handle)
        shape_fns.with_rank("InitializeTableFromTextFileV2", filename.shape, 0)
        return []

    def kernel(ctx, xp, table_handle, filename, key_index, value_index, vocab_size, delimiter, offset):
        table = _table(ctx, table_handle)
        name = np.asarray(filename, dtype=object).item()
        name = name.decode("utf-8") if isinstance(name, bytes) else str(name)
        if table.static and table.initialized:  # TF still opens the file, then keeps the table as it is
            _open_check(name)
        table.initialize(lambda: read_text_table(name, key_index, value_index, vocab_size, delimiter, table.key_dtype,
                                                 table.value_dtype, offset))

    grad = NOT_DIFFERENTIABLE
