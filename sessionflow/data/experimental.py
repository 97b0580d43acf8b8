"""tf.data.experimental (TF1 graph mode): the transformations `Dataset.apply` takes (map_and_batch,
shuffle_and_repeat, parallel_interleave, ignore_errors, unbatch, enumerate_dataset), CsvDataset and
make_csv_dataset, get_single_element, AUTOTUNE."""

from __future__ import annotations

import csv
import glob

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.tensor_shape import TensorShape
from . import order_ops, transform_ops
from .dataset import AUTOTUNE, INFINITE, UNKNOWN, DatasetV1, _batched, _flat, _int64, _seed_tensors
from .functions import TracedFunction
from .iterator import Iterator
from .readers import CsvDataset

INFINITE_CARDINALITY = INFINITE
UNKNOWN_CARDINALITY = UNKNOWN
tf_export("data.experimental.AUTOTUNE")(AUTOTUNE)
tf_export("data.AUTOTUNE")(AUTOTUNE)


@tf_export("data.experimental.map_and_batch")
def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False, num_parallel_calls=None):
    """map(map_func) then batch(batch_size), fused into one MapAndBatchDataset op."""
    if num_parallel_batches is not None and num_parallel_calls is not None:
        raise ValueError("`map_and_batch` allows only one of `num_parallel_batches` and `num_parallel_calls` to be "
                         "set.")
    calls = num_parallel_calls if num_parallel_calls is not None else (
        batch_size * (num_parallel_batches or 1) if isinstance(batch_size, int) else 1)

    def apply(dataset):
        from ..ops.constant import convert_to_tensor

        fn = TracedFunction(map_func, dataset._specs, "Dataset_map")
        size = _int64(batch_size, "batch_size")
        parallel = _int64(calls, "num_parallel_calls")
        drop = convert_to_tensor(drop_remainder, dtype=dtypes.bool, name="drop_remainder")
        specs = _batched(fn.output_specs, size, drop)
        variant = transform_ops.MapAndBatchDataset(dataset._variant, fn.captures, size, parallel, drop, f=fn.subgraph,
                                                   preserve_cardinality=True, **_flat(specs))
        return DatasetV1(variant, specs)

    return apply


@tf_export("data.experimental.shuffle_and_repeat")
def shuffle_and_repeat(buffer_size, count=None, seed=None):
    """shuffle then repeat through one buffer (ShuffleAndRepeatDataset): epochs stay apart."""

    def apply(dataset):
        size = _int64(buffer_size, "buffer_size")
        count_t = _int64(-1 if count is None else count, "count")
        seed_t, seed2_t = _seed_tensors(seed)
        variant = order_ops.ShuffleAndRepeatDataset(dataset._variant, size, seed_t, seed2_t, count_t,
                                                    reshuffle_each_iteration=True, **_flat(dataset._specs))
        return DatasetV1(variant, dataset._specs)

    return apply


@tf_export("data.experimental.parallel_interleave")
def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False, buffer_output_elements=None,
                        prefetch_input_elements=None):
    """interleave with parallel reads (sessionflow keeps the deterministic order, also when `sloppy`)."""

    def apply(dataset):
        fn = TracedFunction(map_func, dataset._specs, "Dataset_interleave", expect_dataset=True)
        variant = transform_ops.LegacyParallelInterleaveDatasetV2(
            dataset._variant, fn.captures, _int64(cycle_length, "cycle_length"), _int64(block_length, "block_length"),
            _int64(2 * cycle_length if buffer_output_elements is None else buffer_output_elements,
                   "buffer_output_elements"),
            _int64(2 * cycle_length if prefetch_input_elements is None else prefetch_input_elements,
                   "prefetch_input_elements"),
            f=fn.subgraph, deterministic="false" if sloppy else "true", **_flat(fn.output_specs))
        return DatasetV1(variant, fn.output_specs)

    return apply


@tf_export("data.experimental.ignore_errors")
def ignore_errors(log_warning=False):
    """Drops elements whose making failed (see IgnoreErrorsDataset)."""
    return lambda dataset: dataset.ignore_errors(log_warning)


@tf_export("data.experimental.unbatch")
def unbatch():
    return lambda dataset: dataset.unbatch()


@tf_export("data.experimental.enumerate_dataset")
def enumerate_dataset(start=0):
    return lambda dataset: dataset.enumerate(start)


@tf_export("data.experimental.get_single_element")
def get_single_element(dataset):
    """The one element of `dataset`, as tensors (an error at run time unless it has exactly one)."""
    # TF's DatasetToSingleElement builds no factory function, so it takes no op seed
    return Iterator._one_shot(dataset.take(1), takes_op_seed=False).get_next()


@tf_export("data.experimental.make_csv_dataset")
def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None, label_name=None,
                     select_columns=None, field_delim=",", use_quote_delim=True, na_value="", header=True,
                     num_epochs=None, shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                     prefetch_buffer_size=None, num_parallel_reads=None, sloppy=False, num_rows_for_inference=100,
                     compression_type=None, ignore_errors=False, encoding="utf-8"):
    """Batches of (features dict, label) read from CSV files: column names from the header (or
    `column_names`), types from `column_defaults` or inferred from the first rows (int32, float32, string)."""
    files = sorted({f for p in ([file_pattern] if isinstance(file_pattern, str) else file_pattern)
                    for f in glob.glob(p)})
    if not files:
        raise ValueError(f"No files match `file_pattern` {file_pattern}.")
    with open(files[0], newline="", encoding=encoding) as f:
        rows = list(_take(csv.reader(f, delimiter=field_delim), num_rows_for_inference + 1))
    if column_names is None:
        if not header:
            raise ValueError("Expected `column_names` or `header` argument to be set.")
        column_names = rows[0]
    data_rows = rows[1:] if header else rows
    if select_columns is not None:
        indices = sorted(column_names.index(c) if isinstance(c, str) else c for c in select_columns)
    else:
        indices = list(range(len(column_names)))
    names = [column_names[i] for i in indices]
    if column_defaults is None:
        column_defaults = [_infer_type([r[i] for r in data_rows if i < len(r)], na_value) for i in indices]
    dataset = CsvDataset(files, list(column_defaults), compression_type=compression_type, header=header, field_delim=field_delim,
                         use_quote_delim=use_quote_delim, na_value=na_value,
                         select_cols=indices if select_columns is not None else None)

    def to_dict(*fields):
        features = dict(zip(names, fields))
        if label_name is None:
            return features
        label = features.pop(label_name)
        return features, label

    if label_name is not None and label_name not in names:
        raise ValueError(f"`label_name` provided must be one of the columns: {names}. Received: {label_name}.")
    if ignore_errors:
        dataset = dataset.ignore_errors()
    if num_epochs != 1 or shuffle:
        if shuffle:
            dataset = dataset.shuffle(shuffle_buffer_size, shuffle_seed)
        if num_epochs != 1:
            dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size).map(to_dict)
    return dataset.prefetch(AUTOTUNE if prefetch_buffer_size is None else prefetch_buffer_size)


def _take(iterable, n):
    for i, item in enumerate(iterable):
        if i >= n:
            return
        yield item


def _infer_type(values, na_value):
    seen = [v for v in values if v not in ("", na_value)]
    for dtype, cast in ((dtypes.int32, int), (dtypes.float32, float)):
        try:
            for v in seen:
                cast(v)
        except ValueError:
            continue
        if dtype is dtypes.int32 and any(abs(int(v)) >= 2 ** 31 for v in seen):
            return dtypes.int64
        return dtype
    return dtypes.string


__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "CsvDataset", "TensorShape", "np"]
