"""tf.contrib.lookup as TF 1.15 had it, on sessionflow's tables (served by sessionflow/compat/contrib.py).

Most names are the core tables themselves. TF 1.x's contrib front differed in a few places, which programs of
that time rely on: its builders take the vocabulary as `mapping` (core's `vocabulary_list`), it kept the
2016 shortcuts `string_to_index` / `index_to_string` and the `string_to_index_table_from_*` builders, and its
`HashTable` takes a `shared_name`.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.scopes import name_scope
from ..ops.constant import convert_to_tensor
from . import tables
from .tables import (  # noqa: F401 - re-exports
                     FastHashSpec,
                     HasherSpec,
                     IdTableWithHashBuckets,
                     InitializableLookupTableBase,
                     KeyValueTensorInitializer,
                     LookupInterface,
                     MutableHashTable,
                     StrongHashSpec,
                     TableInitializerBase,
                     TextFileIdTableInitializer,
                     TextFileIndex,
                     TextFileInitializer,
                     TextFileStringTableInitializer,
                     index_table_from_file,
                     index_to_string_table_from_file,
)


def _require(mapping):
    if mapping is None:
        raise ValueError("mapping must be specified.")


def index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec,
                            dtype=dtypes.string, name=None):
    """Core's index_table_from_tensor, the vocabulary given as `mapping`."""
    _require(mapping)
    return tables.index_table_from_tensor(vocabulary_list=mapping, num_oov_buckets=num_oov_buckets,
                                          default_value=default_value, hasher_spec=hasher_spec, dtype=dtype,
                                          name=name)


def index_to_string_table_from_tensor(mapping, default_value="UNK", name=None):
    """Core's index_to_string_table_from_tensor, the strings given as `mapping`."""
    _require(mapping)
    return tables.index_to_string_table_from_tensor(vocabulary_list=mapping, default_value=default_value,
                                                    name=name)


def string_to_index_table_from_file(vocabulary_file=None, num_oov_buckets=0, vocab_size=None, default_value=-1,
                                    hasher_spec=FastHashSpec, name=None):
    """The pre-1.1 name of index_table_from_file (string keys only)."""
    return index_table_from_file(vocabulary_file, num_oov_buckets, vocab_size, default_value, hasher_spec,
                                 key_dtype=dtypes.string, name=name)


def string_to_index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec,
                                      name=None):
    """The pre-1.1 name of index_table_from_tensor (string keys only); the table is built in the scope opened
    here for converting `mapping`."""
    with name_scope(name, "string_to_index") as scope:
        mapping = convert_to_tensor(mapping)
    if mapping.dtype.base_dtype is not dtypes.string:
        raise ValueError("string_to_index_table_from_tensor requires string.")
    return index_table_from_tensor(mapping, num_oov_buckets, default_value, hasher_spec, name=scope)


def string_to_index(tensor, mapping, default_value=-1, name=None):
    """TF 1.x's deprecated shortcut: positions in `mapping` of the strings of `tensor`."""
    return index_table_from_tensor(mapping=mapping, default_value=default_value, name=name).lookup(tensor)


def index_to_string(tensor, mapping, default_value="UNK", name=None):
    """TF 1.x's deprecated shortcut: strings of `mapping` for the int64 ids of `tensor`."""
    return index_to_string_table_from_tensor(mapping=mapping, default_value=default_value,
                                             name=name).lookup(tensor)


class HashTable(tables.StaticHashTable):
    """TF 1.x's contrib HashTable: a StaticHashTable whose resource may be shared across sessions under
    `shared_name`."""

    def __init__(self, initializer, default_value, shared_name=None, name=None):
        self._given_shared_name = shared_name
        super().__init__(initializer, default_value, name=name)

    def _create_resource(self):
        if self._given_shared_name:
            self._shared_name = self._given_shared_name
        return super()._create_resource()
