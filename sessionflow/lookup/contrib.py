"""tf.contrib.lookup as TF 1.15 had it, on sessionflow's tables (served by sessionflow/compat/contrib.py)."""

from __future__ import annotations

from .tables import (  # noqa: F401 - re-exports
                     FastHashSpec,
                     HasherSpec,
                     HashTable,
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
                     index_table_from_tensor,
                     index_to_string,
                     index_to_string_table_from_file,
                     index_to_string_table_from_tensor,
                     string_to_index,
)
