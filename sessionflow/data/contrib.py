"""tf.contrib.data (TF 1.x): the transformations that moved to tf.data.experimental, under their TF 1.x names."""

from __future__ import annotations

from .._namespaces import partial_module_getattr
from .experimental import (
    CsvDataset,
    enumerate_dataset,
    get_single_element,
    ignore_errors,
    make_csv_dataset,
    map_and_batch,
    parallel_interleave,
    shuffle_and_repeat,
    unbatch,
)
from .grouping_ops import bucket_by_sequence_length, group_by_window, scan
from .selection_ops import choose_from_datasets, get_next_as_optional, unique


def batch_and_drop_remainder(batch_size):
    """batch(batch_size, drop_remainder=True), as a transformation for `Dataset.apply`."""
    return lambda dataset: dataset.batch(batch_size, drop_remainder=True)


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    """padded_batch(..., drop_remainder=True), as a transformation for `Dataset.apply`."""
    return lambda dataset: dataset.padded_batch(batch_size, padded_shapes, padding_values, drop_remainder=True)


def sloppy_interleave(map_func, cycle_length, block_length=1):
    """parallel_interleave with sloppy=True (sessionflow keeps the deterministic order)."""
    return parallel_interleave(map_func, cycle_length, block_length, sloppy=True)


_TF1_NAMES = ("CheckpointInputPipelineHook", "LMDBDataset", "Optional", "Reducer", "SqlDataset", "TFRecordWriter",
              "assert_element_shape", "copy_to_device", "dense_to_sparse_batch", "group_by_reducer",
              "make_batched_features_dataset", "make_saveable_from_iterator", "parse_example_dataset",
              "prefetch_to_device", "read_batch_features", "reduce_dataset", "rejection_resample",
              "sample_from_datasets", "sliding_window_batch")


__getattr__ = partial_module_getattr("contrib.data", _TF1_NAMES)


__all__ = ["CsvDataset", "batch_and_drop_remainder", "bucket_by_sequence_length", "choose_from_datasets",
           "enumerate_dataset", "get_next_as_optional", "get_single_element", "group_by_window", "ignore_errors",
           "make_csv_dataset", "map_and_batch", "padded_batch_and_drop_remainder", "parallel_interleave", "scan",
           "shuffle_and_repeat", "sloppy_interleave", "unbatch", "unique"]
