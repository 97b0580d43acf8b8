"""Lookup tables as TF 1.x programs use them: `tf.lookup.StaticHashTable`,
`KeyValueTensorInitializer`, `TextFileInitializer` (`TextFileIndex.WHOLE_LINE` / `LINE_NUMBER`),
`StaticVocabularyTable` and `IdTableWithHashBuckets` (out-of-vocabulary buckets), `MutableHashTable`, the
`index_table_from_*` / `index_to_string_table_from_*` builders and `tf.tables_initializer()`.

Tables build TF's graphs (HashTableV2 + an initializer op in the TABLE_INITIALIZERS collection, lookups under
`<table>_Lookup`), over the ops of sessionflow/ops/lookup_ops.py; their contents live in each session.
"""

from __future__ import annotations

import collections

from ..framework import dtypes
from ..framework.api import export_value, tf_export
from ..framework.graph import GraphKeys, Tensor
from ..framework.scopes import add_to_collection, get_collection, name_scope
from ..framework.sparse_tensor import SparseTensor
from ..ops import lookup_ops
from ..ops.array import size
from ..ops.array_index import where_v2
from ..ops.array_slicing import range as range_
from ..ops.constant import convert_to_tensor
from ..ops.control_flow import group, no_op
from ..ops.math import add, cast, not_equal
from ..ops.strings import as_string
from ..ops.strings_hash import string_to_hash_bucket_fast, string_to_hash_bucket_strong


def _shown(dtype) -> str:
    """A dtype as TF's messages print it: <dtype: 'string'>."""
    return f"<dtype: '{dtypes.as_dtype(dtype).base_dtype.name}'>"


def _size(t: Tensor) -> Tensor:
    """tf.size(t) (int32), a constant when the shape is known, as TF's size() gives it."""
    count = t.shape.num_elements()
    return size(t) if count is None else convert_to_tensor(count, dtypes.int32, name="Size")


class TextFileIndex:
    """Column indices with a meaning: the whole line, or the line number."""

    WHOLE_LINE = lookup_ops.WHOLE_LINE
    LINE_NUMBER = lookup_ops.LINE_NUMBER


export_value(["lookup.TextFileIndex"], TextFileIndex)


class LookupInterface:
    """What every table has: key and value dtypes, a name, `size()` and `lookup(keys)`."""

    def __init__(self, key_dtype, value_dtype):
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return self._value_dtype

    @property
    def name(self) -> str:
        return self._name


class TableInitializerBase:
    """Fills a table: `initialize(table)` returns the op that does it."""

    def __init__(self, key_dtype, value_dtype):
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return self._value_dtype

    def _check_table_dtypes(self, table):
        if table.key_dtype.base_dtype is not self._key_dtype:
            raise TypeError(f"Invalid key dtype for table, expected {self._key_dtype} but got {table.key_dtype}.")
        if table.value_dtype.base_dtype is not self._value_dtype:
            raise TypeError(f"Invalid value dtype for table, expected {self._value_dtype} but got "
                            f"{table.value_dtype}.")


@tf_export("lookup.KeyValueTensorInitializer")
class KeyValueTensorInitializer(TableInitializerBase):
    """Fills a table with the pairs of two tensors (LookupTableImportV2)."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        self._keys = convert_to_tensor(keys, dtype=key_dtype, name="keys")
        self._values = convert_to_tensor(values, dtype=value_dtype, name="values")
        self._name = name if name is not None else "key_value_init"
        super().__init__(self._keys.dtype.base_dtype, self._values.dtype.base_dtype)

    def initialize(self, table):
        self._check_table_dtypes(table)
        with name_scope(self._name, values=(table.resource_handle, self._keys, self._values)):
            init_op = lookup_ops.LookupTableImportV2(table.resource_handle, self._keys, self._values)
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, init_op)
        return init_op


@tf_export("lookup.TextFileInitializer")
class TextFileInitializer(TableInitializerBase):
    """Fills a table from a text file: each line gives a key and a value, a column (split at `delimiter`), the
    whole line (TextFileIndex.WHOLE_LINE) or the line number (TextFileIndex.LINE_NUMBER)."""

    def __init__(self, filename, key_dtype, key_index, value_dtype, value_index, vocab_size=None, delimiter="\t",
                 name=None, value_index_offset=0):
        if key_index < -2:
            raise ValueError(f"`key_index` should be >= -2, received: {key_index}.")
        if key_index == TextFileIndex.LINE_NUMBER and key_dtype != dtypes.int64:
            raise ValueError("`key_dtype` must be int64 if `key_index` is "
                             f"{TextFileIndex.LINE_NUMBER}, received: {key_dtype}")
        if key_index == TextFileIndex.WHOLE_LINE and not (dtypes.as_dtype(key_dtype).is_integer
                                                          or key_dtype == dtypes.string):
            raise ValueError("`key_dtype` should be either integer or string for `key_index` "
                             f"{TextFileIndex.WHOLE_LINE}, received: {key_dtype}")
        if value_index < -2:
            raise ValueError(f"`value_index` should be >= -2, received: {value_index}")
        if value_index == TextFileIndex.LINE_NUMBER and value_dtype != dtypes.int64:
            raise ValueError("`value_dtype` must be int64 for `value_index` "
                             f"{TextFileIndex.LINE_NUMBER}, received: {value_dtype}")
        if value_index == TextFileIndex.WHOLE_LINE and value_dtype != dtypes.string:
            raise ValueError(f"`value_dtype` must be string for `value_index` {TextFileIndex.WHOLE_LINE}, "
                             f"received: {value_dtype}")
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError(f"`vocab_size` should be > 0, received: {vocab_size}")
        # TF makes the file name a constant (its Asset) here, where the initializer is made.
        self._filename = filename if isinstance(filename, Tensor) else convert_to_tensor(
            filename, dtypes.string, name="asset_path")
        self._filename_text = None if isinstance(filename, Tensor) else filename
        self._key_index = key_index
        self._value_index = value_index
        self._vocab_size = vocab_size
        self._delimiter = delimiter
        self._name = name
        self._offset = value_index_offset
        super().__init__(key_dtype, value_dtype)

    def initialize(self, table):
        self._check_table_dtypes(table)
        with name_scope(self._name, "text_file_init", (table.resource_handle,)):
            filename = self._filename
            init_op = lookup_ops.InitializeTableFromTextFileV2(
                table.resource_handle, filename, key_index=self._key_index, value_index=self._value_index,
                vocab_size=-1 if self._vocab_size is None else self._vocab_size, delimiter=self._delimiter,
                offset=self._offset)
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, init_op)
        if self._filename_text is not None:
            add_to_collection(GraphKeys.ASSET_FILEPATHS, filename)
        return init_op

    def _shared_name(self) -> str:
        if self._vocab_size:
            return f"hash_table_{self._filename_text}_{self._vocab_size}_{self._key_index}_{self._value_index}"
        return f"hash_table_{self._filename_text}_{self._key_index}_{self._value_index}"


class TextFileStringTableInitializer(TextFileInitializer):
    """Line number -> whole line (the default columns)."""

    def __init__(self, filename, key_column_index=TextFileIndex.LINE_NUMBER,
                 value_column_index=TextFileIndex.WHOLE_LINE, vocab_size=None, delimiter="\t",
                 name="text_file_string_table_init"):
        super().__init__(filename, dtypes.int64, key_column_index, dtypes.string, value_column_index,
                         vocab_size=vocab_size, delimiter=delimiter, name=name)


class TextFileIdTableInitializer(TextFileInitializer):
    """Whole line -> line number (the default columns)."""

    def __init__(self, filename, key_column_index=TextFileIndex.WHOLE_LINE,
                 value_column_index=TextFileIndex.LINE_NUMBER, vocab_size=None, delimiter="\t",
                 name="text_file_id_table_init", key_dtype=dtypes.string):
        super().__init__(filename, key_dtype, key_column_index, dtypes.int64, value_column_index,
                         vocab_size=vocab_size, delimiter=delimiter, name=name)


class InitializableLookupTableBase(LookupInterface):
    """A table with an initializer: its handle, `initializer` (TF1's `init`), `lookup`, `size`."""

    def __init__(self, default_value, initializer):
        super().__init__(initializer.key_dtype, initializer.value_dtype)
        self._default_value = convert_to_tensor(default_value, dtype=self._value_dtype)
        self._initializer = initializer
        self._resource_handle = self._create_resource()
        self._init_op = initializer.initialize(self)

    @property
    def resource_handle(self) -> Tensor:
        return self._resource_handle

    @property
    def initializer(self):
        return self._init_op

    @property
    def init(self):
        return self._init_op

    @property
    def default_value(self) -> Tensor:
        return self._default_value

    def size(self, name=None) -> Tensor:
        """The number of entries (int64)."""
        with name_scope(name, f"{self.name}_Size", [self.resource_handle]):
            return lookup_ops.LookupTableSizeV2(self.resource_handle)

    def lookup(self, keys, name=None):
        """The value of each key (`default_value` for keys the table lacks); a SparseTensor's values are
        looked up and a SparseTensor returned."""
        values = keys.values if isinstance(keys, SparseTensor) else keys
        values = convert_to_tensor(values, dtype=self._key_dtype if not isinstance(values, Tensor) else None)
        if values.dtype.base_dtype is not self._key_dtype:
            raise TypeError(f"Dtype of argument `keys` must be {_shown(self._key_dtype)}, received: "
                            f"{_shown(values.dtype)}")
        with name_scope(name, f"{self.name}_Lookup", (self.resource_handle, values, self._default_value)):
            found = lookup_ops.LookupTableFindV2(self.resource_handle, values, self._default_value)
        found.set_shape(values.shape)
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, found, keys.dense_shape)
        return found


@tf_export("lookup.StaticHashTable")
class StaticHashTable(InitializableLookupTableBase):
    """A hash table its initializer fills once; keys it lacks look up as `default_value`."""

    def __init__(self, initializer, default_value, name=None, experimental_is_anonymous=False):
        self._name = name or "hash_table"
        self._shared_name = getattr(initializer, "_shared_name_for_table", None)
        super().__init__(default_value, initializer)

    def _create_resource(self):
        return lookup_ops.HashTableV2(shared_name=self._shared_name or "",
                                      use_node_name_sharing=self._shared_name is None,
                                      key_dtype=self._key_dtype, value_dtype=self._value_dtype, name=self._name)

    def export(self, name=None):
        with name_scope(name, f"{self.name}_Export", [self.resource_handle]):
            return lookup_ops.LookupTableExportV2(self.resource_handle, Tkeys=self._key_dtype,
                                                  Tvalues=self._value_dtype)


HashTable = StaticHashTable  # TF 2 keeps TF 1.x's name in lookup_ops (tf.contrib.lookup.HashTable: contrib.py)


class HasherSpec(collections.namedtuple("HasherSpec", ["hasher", "key"])):
    """Which hash puts out-of-vocabulary keys into buckets: 'fasthash' (FarmHash) or 'stronghash' (SipHash)."""

    __slots__ = ()


FastHashSpec = HasherSpec("fasthash", None)


class StrongHashSpec(HasherSpec):
    """SipHash keyed by two integers."""

    __slots__ = ()

    def __new__(cls, key):
        if len(key) != 2:
            raise ValueError(f"`key` must have size 2, received {len(key)}")
        if not isinstance(key[0], int) or not isinstance(key[1], int):
            raise TypeError("Invalid key %s. Must be unsigned integer values." % key)
        return super().__new__(cls, "stronghash", key)


def _bucket_fn(hasher_spec):
    if not isinstance(hasher_spec, HasherSpec):
        raise TypeError(f"hasher_spec must be of type HasherSpec {hasher_spec}.")
    if hasher_spec.hasher == "fasthash":
        return string_to_hash_bucket_fast
    if hasher_spec.hasher == "stronghash":
        return lambda values, num_buckets, name=None: string_to_hash_bucket_strong(
            values, num_buckets, key=hasher_spec.key, name=name)
    raise ValueError(f"Found unknown hasher {hasher_spec.hasher}.")


class IdTableWithHashBuckets(LookupInterface):
    """Ids from `table`, and for keys it lacks (its default value) `table.size() + hash(key) % num_oov_buckets`."""

    def __init__(self, table, num_oov_buckets, hasher_spec=FastHashSpec, name=None, key_dtype=None):
        if num_oov_buckets < 0:
            raise ValueError(f"oov_buckets must be >= 0, got {num_oov_buckets}.")
        self._table = table
        self._num_oov_buckets = num_oov_buckets
        self._hasher_spec = hasher_spec
        self._bucket = _bucket_fn(hasher_spec)
        key_dtype = key_dtype or (table.key_dtype if table is not None else dtypes.string)
        self._name = name or (table.name if table is not None else "hash_bucket")
        super().__init__(key_dtype, dtypes.int64)

    @property
    def resource_handle(self):
        return self._table.resource_handle if self._table is not None else None

    @property
    def initializer(self):
        return self._table.initializer if self._table is not None else no_op()

    init = initializer

    def size(self, name=None):
        with name_scope(name, f"{self.name}_Size"):
            extra = convert_to_tensor(self._num_oov_buckets, dtypes.int64)
            return add(self._table.size(), extra) if self._table is not None else extra

    def lookup(self, keys, name=None):
        values = keys.values if isinstance(keys, SparseTensor) else convert_to_tensor(keys)
        if values.dtype.base_dtype is not self._key_dtype and not (
                values.dtype.is_integer and self._key_dtype.is_integer):
            raise TypeError(f"Dtype of argument `keys` must be {_shown(self._key_dtype)}, received: "
                            f"{_shown(values.dtype)}")
        if self._table is not None and self._table.key_dtype.base_dtype is dtypes.int64:
            values = cast(values, dtypes.int64)
        if self._num_oov_buckets == 0:
            ids = self._table.lookup(values, name=name)
        else:
            with name_scope(name, f"{self.name}_Lookup"):
                text = values if values.dtype.base_dtype is dtypes.string else as_string(values)
                buckets = self._bucket(text, num_buckets=self._num_oov_buckets, name="hash_bucket")
                if self._table is not None:
                    ids = self._table.lookup(values)
                    buckets = add(buckets, self._table.size())
                    ids = where_v2(not_equal(ids, self._table.default_value), ids, buckets)
                else:
                    ids = buckets
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, ids, keys.dense_shape)
        return ids


@tf_export("lookup.StaticVocabularyTable")
class StaticVocabularyTable(IdTableWithHashBuckets):
    """A vocabulary from `initializer` (keys -> int64 ids) plus `num_oov_buckets` hash buckets after it."""

    def __init__(self, initializer, num_oov_buckets, lookup_key_dtype=None, name=None,
                 experimental_is_anonymous=False):
        if num_oov_buckets <= 0:
            raise ValueError("`num_oov_buckets` must be > 0; use StaticHashTable.")
        if initializer.value_dtype != dtypes.int64:
            raise TypeError(f"Invalid `value_dtype`, expected {dtypes.int64} but got {initializer.value_dtype}.")
        with name_scope(name, "vocabulary"):
            table = StaticHashTable(initializer, -1)
        super().__init__(table, num_oov_buckets, FastHashSpec, name=name or table.name,
                         key_dtype=lookup_key_dtype or initializer.key_dtype)


def _check_oov(num_oov_buckets):
    if num_oov_buckets < 0:
        raise ValueError(f"num_oov_buckets must be greater or equal than 0, got {num_oov_buckets}.")


def index_table_from_file(vocabulary_file=None, num_oov_buckets=0, vocab_size=None, default_value=-1,
                          hasher_spec=FastHashSpec, key_dtype=dtypes.string, name=None,
                          key_column_index=TextFileIndex.WHOLE_LINE, value_column_index=TextFileIndex.LINE_NUMBER,
                          delimiter="\t"):
    """A table mapping the keys of a vocabulary file (one per line) to their line numbers (int64), keys outside
    it to `default_value` or, with `num_oov_buckets`, to hash buckets after the vocabulary."""
    if vocabulary_file is None or (isinstance(vocabulary_file, str) and not vocabulary_file):
        raise ValueError("`vocabulary_file` must be specified and must not be empty.")
    _check_oov(num_oov_buckets)
    if vocab_size is not None and vocab_size < 1:
        raise ValueError(f"`vocab_size` must be greater than 0, got {vocab_size} for vocabulary_file: "
                         f"{vocabulary_file}.")
    key_dtype = dtypes.as_dtype(key_dtype)
    if not key_dtype.is_integer and key_dtype is not dtypes.string:
        raise TypeError(f"Dtype for `keys` should be either integer or string. Received: {key_dtype}")
    with name_scope(name, "string_to_index"):
        with name_scope(None, "hash_table"):
            init = TextFileIdTableInitializer(vocabulary_file, vocab_size=vocab_size,
                                              key_dtype=dtypes.int64 if key_dtype.is_integer else key_dtype,
                                              name="table_init", key_column_index=key_column_index,
                                              value_column_index=value_column_index, delimiter=delimiter)
            init._shared_name_for_table = init._shared_name()
            table = StaticHashTable(init, default_value)
        if num_oov_buckets:
            table = IdTableWithHashBuckets(table, num_oov_buckets=num_oov_buckets, hasher_spec=hasher_spec,
                                           key_dtype=key_dtype)
        return table


def index_table_from_tensor(vocabulary_list, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec,
                            dtype=dtypes.string, name=None):
    """A table mapping each key of `vocabulary_list` to its position (int64); see index_table_from_file."""
    if vocabulary_list is None:
        raise ValueError("`vocabulary_list` must be specified.")
    _check_oov(num_oov_buckets)
    dtype = dtypes.as_dtype(dtype)
    with name_scope(name, "string_to_index"):
        keys = convert_to_tensor(vocabulary_list)
        if keys.dtype.is_integer != dtype.is_integer:
            raise ValueError(f"Invalid `dtype`: Expected {'integer' if dtype.is_integer else 'non-integer'}, got "
                             f"{_shown(keys.dtype)}.")
        if not dtype.is_integer and keys.dtype.base_dtype is not dtype:
            raise ValueError(f"Invalid `dtype`: Expected {_shown(dtype)}, got {_shown(keys.dtype)}.")
        count = _size(keys)
        values = cast(range_(count), dtypes.int64)
        with name_scope(None, "hash_table"):
            table_keys = cast(keys, dtypes.int64) if keys.dtype.is_integer else keys
            init = KeyValueTensorInitializer(table_keys, values, table_keys.dtype.base_dtype, dtypes.int64,
                                             name="table_init")
            table = StaticHashTable(init, default_value)
        if num_oov_buckets:
            table = IdTableWithHashBuckets(table, num_oov_buckets=num_oov_buckets, hasher_spec=hasher_spec,
                                           key_dtype=dtype)
        return table


def index_to_string_table_from_file(vocabulary_file, vocab_size=None, default_value="UNK", name=None,
                                    key_column_index=TextFileIndex.LINE_NUMBER,
                                    value_column_index=TextFileIndex.WHOLE_LINE, delimiter="\t"):
    """A table mapping int64 line numbers of a vocabulary file to its lines, others to `default_value`."""
    if vocabulary_file is None or (isinstance(vocabulary_file, str) and not vocabulary_file):
        raise ValueError("`vocabulary_file` must be specified and must not be empty.")
    if vocab_size is not None and vocab_size < 1:
        raise ValueError(f"`vocab_size` must be greater than 0, got {vocab_size}.")
    with name_scope(name, "index_to_string"):
        init = TextFileStringTableInitializer(vocabulary_file, vocab_size=vocab_size, name="table_init",
                                              key_column_index=key_column_index,
                                              value_column_index=value_column_index, delimiter=delimiter)
        init._shared_name_for_table = init._shared_name()
        return StaticHashTable(init, default_value)


def index_to_string_table_from_tensor(vocabulary_list, default_value="UNK", name=None):
    """A table mapping int64 positions in `vocabulary_list` to its strings, others to `default_value`."""
    if vocabulary_list is None:
        raise ValueError("`vocabulary_list` must be specified.")
    with name_scope(name, "index_to_string"):
        vocabulary = convert_to_tensor(vocabulary_list, dtypes.string)
        keys = cast(range_(_size(vocabulary)), dtypes.int64)
        init = KeyValueTensorInitializer(keys, vocabulary, dtypes.int64, dtypes.string, name="table_init")
        return StaticHashTable(init, default_value)


@tf_export("lookup.experimental.MutableHashTable")
class MutableHashTable(LookupInterface):
    """A table updated by `insert` and `remove` (no initializer); keys it lacks look up as `default_value`."""

    def __init__(self, key_dtype, value_dtype, default_value, name="MutableHashTable", checkpoint=True,
                 experimental_is_anonymous=False):
        super().__init__(key_dtype, value_dtype)
        self._default_value = convert_to_tensor(default_value, dtype=self._value_dtype)
        self._name = name
        self._resource_handle = lookup_ops.MutableHashTableV2(
            use_node_name_sharing=True, key_dtype=self._key_dtype, value_dtype=self._value_dtype, name=name)

    @property
    def resource_handle(self):
        return self._resource_handle

    def size(self, name=None):
        with name_scope(name, f"{self.name}_Size", [self.resource_handle]):
            return lookup_ops.LookupTableSizeV2(self.resource_handle)

    def lookup(self, keys, dynamic_default_values=None, name=None):
        with name_scope(name, f"{self.name}_lookup_table_find", (self.resource_handle, keys)):
            keys = convert_to_tensor(keys, dtype=self._key_dtype, name="keys")
            return lookup_ops.LookupTableFindV2(self.resource_handle, keys, self._default_value)

    def insert(self, keys, values, name=None):
        with name_scope(name, f"{self.name}_lookup_table_insert", [self.resource_handle, keys, values]):
            keys = convert_to_tensor(keys, self._key_dtype, name="keys")
            values = convert_to_tensor(values, self._value_dtype, name="values")
            return lookup_ops.LookupTableInsertV2(self.resource_handle, keys, values)

    def remove(self, keys, name=None):
        if keys.dtype.base_dtype is not self._key_dtype:
            raise TypeError(f"Signature mismatch. Keys must be dtype {self._key_dtype}, got {keys.dtype}.")
        with name_scope(name, f"{self.name}_lookup_table_remove", (self.resource_handle, keys)):
            return lookup_ops.LookupTableRemoveV2(self.resource_handle, keys)

    def export(self, name=None):
        with name_scope(name, f"{self.name}_lookup_table_export_values", [self.resource_handle]):
            return lookup_ops.LookupTableExportV2(self.resource_handle, Tkeys=self._key_dtype,
                                                  Tvalues=self._value_dtype)


@tf_export("tables_initializer", "initializers.tables_initializer", "initialize_all_tables")
def tables_initializer(name="init_all_tables"):
    """One op running every table initializer of the graph (the TABLE_INITIALIZERS collection)."""
    initializers = get_collection(GraphKeys.TABLE_INITIALIZERS)
    if initializers:
        return group(*initializers, name=name)
    return no_op(name=name)
