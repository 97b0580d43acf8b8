"""File datasets (TextLineDataset, TFRecordDataset, FixedLengthRecordDataset, CsvDataset, list_files)
and the Dataset methods that need more than one op's worth of setup (padded_batch, window)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.tensor_shape import TensorShape
from ..ops.array import reshape
from ..ops.constant import convert_to_tensor
from . import reader_ops, source_ops, transform_ops
from . import structure as st
from .dataset import AUTOTUNE, DatasetV1, DatasetV2, _flat, _int64

_STRING = st.Spec(dtypes.string, TensorShape([]))


def _filenames_dataset(filenames):
    """TF's filenames pipeline: a flat string tensor sliced into a dataset of file names."""
    if isinstance(filenames, DatasetV2):
        return filenames
    names = convert_to_tensor(filenames, dtype=dtypes.string)
    flat = reshape(names, [-1], name="flat_filenames")
    return DatasetV1(source_ops.TensorSliceDataset([flat], output_shapes=(TensorShape([]),), is_files=True),
                     _STRING)


def _over_files(filenames, make_reader, num_parallel_reads, specs=_STRING):
    """The records of every file: a flat_map (or, with `num_parallel_reads`, an interleave of that many
    files, one record from each in turn) of `make_reader(filename)`."""
    files = _filenames_dataset(filenames)

    def read(filename):
        return DatasetV1(make_reader(filename), specs)

    if num_parallel_reads is None:
        return files.flat_map(read)
    from .functions import TracedFunction

    fn = TracedFunction(read, files._specs, "Dataset_interleave", expect_dataset=True)
    variant = transform_ops.LegacyParallelInterleaveDatasetV2(
        files._variant, fn.captures, _int64(num_parallel_reads, "cycle_length"), _int64(1, "block_length"),
        _int64(2, "buffer_output_elements"), _int64(2, "prefetch_input_elements"), f=fn.subgraph, deterministic="true",
        **_flat(specs))
    return DatasetV1(variant, specs)


@tf_export("data.TextLineDataset")
class TextLineDataset(DatasetV1):
    """The lines of text files, without line ends."""

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None):
        def make(filename):
            return reader_ops.TextLineDataset(
                filename, convert_to_tensor(compression_type or "", dtype=dtypes.string, name="compression_type"),
                _int64(256 * 1024 if buffer_size is None else buffer_size, "buffer_size"))

        inner = _over_files(filenames, make, num_parallel_reads)
        super().__init__(inner._variant, inner._specs)


@tf_export("data.TFRecordDataset")
class TFRecordDataset(DatasetV1):
    """The records of TFRecord files (compression_type "", "ZLIB" or "GZIP")."""

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None):
        def make(filename):
            return reader_ops.TFRecordDataset(
                filename, convert_to_tensor(compression_type or "", dtype=dtypes.string, name="compression_type"),
                _int64(256 * 1024 if buffer_size is None else buffer_size, "buffer_size"))

        inner = _over_files(filenames, make, num_parallel_reads)
        super().__init__(inner._variant, inner._specs)


@tf_export("data.FixedLengthRecordDataset")
class FixedLengthRecordDataset(DatasetV1):
    """The fixed-length records of binary files, after `header_bytes` and before `footer_bytes`."""

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None, buffer_size=None,
                 compression_type=None, num_parallel_reads=None, name=None):
        def make(filename):
            return reader_ops.FixedLengthRecordDatasetV2(
                filename, _int64(header_bytes or 0, "header_bytes"), _int64(record_bytes, "record_bytes"),
                _int64(footer_bytes or 0, "footer_bytes"), _int64(buffer_size or 256 * 1024, "buffer_size"),
                convert_to_tensor(compression_type or "", dtype=dtypes.string, name="compression_type"))

        inner = _over_files(filenames, make, num_parallel_reads)
        super().__init__(inner._variant, inner._specs)


@tf_export("data.experimental.CsvDataset")
class CsvDataset(DatasetV1):
    """The fields of CSV records: one component per column, typed by `record_defaults` (a value, a
    dtype meaning "required", or an empty tensor)."""

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None, header=False,
                 field_delim=",", use_quote_delim=True, na_value="", select_cols=None, exclude_cols=None, name=None):
        defaults = []
        for i, d in enumerate(record_defaults):
            if isinstance(d, dtypes.DType):
                defaults.append(convert_to_tensor(np.zeros((0,), d.as_numpy_dtype) if d is not dtypes.string
                                                  else np.zeros((0,), object), dtype=d, name=f"record_default_{i}"))
            else:
                defaults.append(convert_to_tensor(d, name=f"record_default_{i}"))
        specs = tuple(st.Spec(d.dtype, TensorShape([])) for d in defaults)
        cols = [] if select_cols is None else sorted(select_cols)

        def make(filename):
            return reader_ops.CSVDatasetV2(
                filename, convert_to_tensor(compression_type or "", dtype=dtypes.string, name="compression_type"),
                _int64(buffer_size or 4 * 1024 * 1024, "buffer_size"),
                convert_to_tensor(bool(header), name="header"),
                convert_to_tensor(field_delim, dtype=dtypes.string, name="field_delim"),
                convert_to_tensor(bool(use_quote_delim), name="use_quote_delim"),
                convert_to_tensor(na_value, dtype=dtypes.string, name="na_value"),
                convert_to_tensor(np.asarray(cols, np.int64), name="select_cols"), defaults,
                convert_to_tensor(np.zeros((0,), np.int64), name="exclude_cols"),
                output_shapes=tuple(s.shape for s in specs))

        inner = _over_files(filenames, make, None, specs)
        super().__init__(inner._variant, inner._specs)


def list_files(file_pattern, shuffle=None, seed=None):
    """Dataset.list_files, built as TF builds it: MatchingFiles, an assertion that something matched, the
    names sliced; shuffled (a buffer of all of them) unless `shuffle` is False."""
    import sessionflow as tf

    from ..framework.graph import get_default_graph

    graph = get_default_graph()
    with graph.name_scope("list_files"):
        pattern = convert_to_tensor(file_pattern, dtype=dtypes.string, name="file_pattern")
        matching = tf.matching_files(pattern)
        condition = tf.greater(tf.shape(matching)[0], 0, name="match_not_empty")
        message = tf.add("No files matched pattern: ", tf.reduce_join(pattern, separator=", "), name="message")
        check = tf.Assert(condition, [message], summarize=1, name="assert_not_empty")
        with graph.control_dependencies([check]):
            matching = tf.identity(matching)
        dataset = DatasetV1(source_ops.TensorSliceDataset([matching], output_shapes=(TensorShape([]),),
                                                          is_files=True), _STRING)
        if shuffle is None or shuffle:
            size = tf.maximum(tf.shape(matching, out_type=dtypes.int64)[0], 1)
            dataset = dataset.shuffle(size, seed=seed)
    return dataset


def padded_batch(dataset, batch_size, padded_shapes, padding_values, drop_remainder, name):
    specs = dataset._specs
    flat_specs = st.flatten(specs)
    if padded_shapes is None:
        shapes = [s.shape for s in flat_specs]
        for s, shape in zip(flat_specs, shapes):
            if shape.ndims is None:
                raise ValueError("You must provide `padded_shapes` argument because component has unknown rank.")
    else:
        shapes = st._flat_shapes_like(st.types_of(specs), padded_shapes)
    values = st.flatten(padding_values) if padding_values is not None and st.is_nested(padding_values) else (
        [padding_values] * len(flat_specs))
    size = _int64(batch_size, "batch_size")
    shape_tensors, value_tensors = [], []
    for spec, shape, value in zip(flat_specs, shapes, values):
        if not shape.is_compatible_with(spec.shape) and not (
                shape.ndims == spec.shape.ndims and all(d is None or p is None or p >= d for p, d in zip(
                    shape.as_list(), spec.shape.as_list()))):
            raise ValueError(f"The padded shape {shape} is not compatible with the shape {spec.shape} of the "
                             "corresponding input component.")
        dims = [-1 if d is None else d for d in shape.as_list()]
        shape_tensors.append(convert_to_tensor(np.asarray(dims, np.int64), name="Const"))
        if value is None:
            value = b"" if spec.dtype is dtypes.string else 0
        value_tensors.append(convert_to_tensor(value, dtype=spec.dtype, name="padding_value"))
    drop = convert_to_tensor(drop_remainder, dtype=dtypes.bool, name="drop_remainder")
    dim = int(batch_size) if isinstance(batch_size, (int, np.integer)) and drop_remainder is True else None
    out_specs = st.pack(specs, [st.Spec(s.dtype, TensorShape([dim]).concatenate(shape))
                                for s, shape in zip(flat_specs, shapes)])
    variant = transform_ops.PaddedBatchDatasetV2(dataset._variant, size, shape_tensors, value_tensors, drop,
                                                 output_shapes=st.flat_shapes(out_specs), N=len(flat_specs),
                                                 parallel_copy=False, name=name)
    return DatasetV1(variant, out_specs)


class DatasetStructure:
    """The class of a window's components: a dataset whose elements are `specs`."""

    def __init__(self, specs):
        self.specs = specs

    def __repr__(self):
        return f"DatasetSpec({self.specs!r}, TensorShape([]))"


def window(dataset, size, shift, stride, drop_remainder, name):
    variant = transform_ops.WindowDataset(
        dataset._variant, _int64(size, "size"), _int64(size if shift is None else shift, "shift"),
        _int64(stride, "stride"), convert_to_tensor(drop_remainder, dtype=dtypes.bool, name="drop_remainder"),
        **_flat(dataset._specs), name=name)
    specs = st.map_structure(lambda s: st.Spec(dtypes.variant, TensorShape([]), DatasetStructure(s)), dataset._specs)
    return DatasetV1(variant, specs)


@tf_export("data.Options")
class Options:
    """tf.data.Options: accepted and kept; sessionflow's pipelines have no options to tune."""

    def __init__(self):
        self.experimental_deterministic = None
        self.experimental_optimization = None
        self.experimental_threading = None

    def merge(self, options):
        return self


__all__ = ["AUTOTUNE", "CsvDataset", "FixedLengthRecordDataset", "TFRecordDataset", "TextLineDataset"]
