"""Lookup tables: `tf.lookup` (names exported from tables.py) and `tf.contrib.lookup` (TF 1.x's names,
`contrib_lookup`)."""

from __future__ import annotations

import types

from . import tables


def contrib_lookup() -> types.ModuleType:
    """tf.contrib.lookup as TF 1.15 had it."""
    module = types.ModuleType("tensorflow.contrib.lookup", "TF 1.x's tf.contrib.lookup, on sessionflow's tables.")
    for name in ("HashTable", "IdTableWithHashBuckets", "InitializableLookupTableBase", "KeyValueTensorInitializer",
                 "LookupInterface", "MutableHashTable", "TableInitializerBase", "TextFileIdTableInitializer",
                 "TextFileIndex", "TextFileInitializer", "TextFileStringTableInitializer", "HasherSpec",
                 "FastHashSpec", "StrongHashSpec", "index_table_from_file", "index_table_from_tensor",
                 "index_to_string_table_from_file", "index_to_string_table_from_tensor", "index_to_string",
                 "string_to_index"):
        setattr(module, name, getattr(tables, name))
    return module


def _install_contrib() -> None:
    """tf.contrib.lookup: set on sessionflow's tf.contrib module (compat/contrib.py serves the rest)."""
    from ..compat.contrib import contrib

    contrib.lookup = contrib_lookup()


_install_contrib()
