"""Dataset ops that read files: TextLineDataset, TFRecordDataset, FixedLengthRecordDatasetV2 and
CSVDatasetV2.

Each reads one file (the filenames dataset is flat-mapped over them, as TF does); files open when the
iteration reaches them. Damage is TF's DataLossError (io/tfrecord.py); a missing file NotFoundError."""

from __future__ import annotations

import csv
import gzip
import io
import os
import zlib
from itertools import islice

import numpy as np

from ..framework import errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from .values import VARIANT, DatasetValue, scalar


def _text(value) -> str:
    value = np.asarray(value).item() if not isinstance(value, (bytes, str)) else value
    return value.decode() if isinstance(value, bytes) else str(value)


def _filenames(value) -> list:
    array = np.asarray(value, dtype=object).reshape(-1)
    return [_text(v) for v in array]


def _compression(value) -> str:
    name = _text(value).upper()
    if name not in ("", "ZLIB", "GZIP"):
        raise errors.InvalidArgumentError(None, None, f"Unsupported compression_type: {name}.")
    return name


def _buffer(value) -> int | None:
    size = scalar(value, "buffer_size")
    if size < 0:
        raise errors.InvalidArgumentError(None, None, "`buffer_size` must be >= 0 (0 == no buffering)")
    return size or None


def _open_bytes(path: str, compression: str):
    """The (uncompressed) contents of `path` as a binary stream."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - returned open, or wrapped; the caller closes it
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(None, None, f"{path}; Is a directory") from None
    if compression == "GZIP":
        return gzip.GzipFile(fileobj=raw)
    if compression == "ZLIB":
        with raw:
            data = raw.read()
        try:
            return io.BytesIO(zlib.decompress(data))
        except zlib.error as exc:
            raise errors.DataLossError(None, None, f"{path}: inflate() failed: {exc}") from None
    return raw


class _TextLines(DatasetValue):
    __slots__ = ("compression", "files")

    def __init__(self, files, compression):
        self.files, self.compression = files, compression

    def iterate(self, env):
        for path in self.files:
            with _open_bytes(path, self.compression) as f:
                try:
                    for line in f:
                        if line.endswith(b"\n"):
                            line = line[:-2] if line.endswith(b"\r\n") else line[:-1]
                        yield (line,)
                except (OSError, EOFError, zlib.error) as exc:
                    raise errors.DataLossError(None, None, f"{path}: {exc}") from None


@op("TextLineDataset", inputs=("filenames", "compression_type", "buffer_size"), stateful=True, foldable=False, type_attrs={})
class TextLineDataset:
    """Elements: the lines of the files (without their line ends)."""

    def infer(filenames, compression_type, buffer_size):
        return VARIANT

    def kernel(ctx, xp, filenames, compression_type, buffer_size):
        return _TextLines(_filenames(filenames), _compression(compression_type))

    grad = NOT_DIFFERENTIABLE


class _Records(DatasetValue):
    __slots__ = ("buffer_size", "compression", "files")

    def __init__(self, files, compression, buffer_size):
        self.files, self.compression, self.buffer_size = files, compression, buffer_size

    def iterate(self, env):
        from ..io.tfrecord import iter_records

        for path in self.files:
            if not os.path.exists(path):
                raise errors.NotFoundError(None, None, f"{path}; No such file or directory")
            for record in iter_records(path, self.compression, self.buffer_size):
                yield (record,)

    def iterate_blocks(self, env, size):
        """The records in lists of `size` 1-tuples, read from the files' records generators in slices (no
        generator step of its own per record): `batch` over TFRecordDataset's hot path."""
        from ..io.tfrecord import iter_records

        rows: list = []
        for path in self.files:
            if not os.path.exists(path):
                raise errors.NotFoundError(None, None, f"{path}; No such file or directory")
            records = iter_records(path, self.compression, self.buffer_size)
            while True:
                more = [(record,) for record in islice(records, size - len(rows))]
                rows += more
                if len(rows) == size:
                    yield rows
                    rows = []
                elif not more:
                    break
        if rows:
            yield rows


@op("TFRecordDataset", inputs=("filenames", "compression_type", "buffer_size"), stateful=True, foldable=False, type_attrs={})
class TFRecordDataset:
    """Elements: the records of the TFRecord files (io/tfrecord.py reads them)."""

    def infer(filenames, compression_type, buffer_size):
        return VARIANT

    def kernel(ctx, xp, filenames, compression_type, buffer_size):
        return _Records(_filenames(filenames), _compression(compression_type), _buffer(buffer_size))

    grad = NOT_DIFFERENTIABLE


class _FixedLength(DatasetValue):
    __slots__ = ("compression", "files", "footer", "header", "record")

    def __init__(self, files, header, record, footer, compression):
        self.files, self.header, self.record = files, header, record
        self.footer, self.compression = footer, compression

    def iterate(self, env):
        for path in self.files:
            with _open_bytes(path, self.compression) as f:
                data = f.read()
            body = data[self.header:len(data) - self.footer if self.footer else None]
            if self.compression == "" and len(data) >= self.header + self.footer and \
                    len(body) % self.record:
                raise errors.DataLossError(
                    None, None, f"Excluding the header ({self.header} bytes) and footer ({self.footer} bytes), "
                                f"input file \"{path}\" has body length {len(body)} bytes, which is not an exact "
                                f"multiple of the record length ({self.record} bytes).")
            for start in range(0, len(body) - self.record + 1, self.record):
                yield (body[start:start + self.record],)


@op("FixedLengthRecordDatasetV2", inputs=("filenames", "header_bytes", "record_bytes", "footer_bytes",
                                          "buffer_size", "compression_type"), stateful=True, foldable=False, type_attrs={})
class FixedLengthRecordDatasetV2:
    """Elements: the `record_bytes`-long records of the files, between a header and a footer."""

    def infer(filenames, header_bytes, record_bytes, footer_bytes, buffer_size, compression_type):
        return VARIANT

    def kernel(ctx, xp, filenames, header_bytes, record_bytes, footer_bytes, buffer_size, compression_type):
        record = scalar(record_bytes, "record_bytes")
        header, footer = scalar(header_bytes, "header_bytes"), scalar(footer_bytes, "footer_bytes")
        if record <= 0:
            raise errors.InvalidArgumentError(None, None, f"record_bytes must be greater than zero, got {record}")
        if header < 0 or footer < 0:
            raise errors.InvalidArgumentError(None, None, "header_bytes and footer_bytes must be >= 0")
        return _FixedLength(_filenames(filenames), header, record, footer, _compression(compression_type))

    grad = NOT_DIFFERENTIABLE


class _Csv(DatasetValue):
    __slots__ = ("cols", "compression", "defaults", "delim", "files", "header", "na", "quote", "types")

    def __init__(self, files, compression, defaults, header, delim, quote, na, cols, types):
        self.files, self.compression, self.defaults = files, compression, defaults
        self.header, self.delim, self.quote, self.na, self.cols, self.types = header, delim, quote, na, cols, types

    def iterate(self, env):
        for path in self.files:
            with _open_bytes(path, self.compression) as f:
                text = io.TextIOWrapper(f, encoding="utf-8", newline="")
                reader = csv.reader(text, delimiter=self.delim, quoting=csv.QUOTE_MINIMAL if self.quote
                                    else csv.QUOTE_NONE)
                for number, row in enumerate(reader):
                    if number == 0 and self.header:
                        continue
                    if not row:
                        continue
                    yield self._parse(row, path, number)

    def _parse(self, row, path, number):
        cols = self.cols if self.cols else range(len(row))
        if self.cols and max(self.cols) >= len(row) or not self.cols and len(row) != len(self.defaults):
            raise errors.InvalidArgumentError(
                None, None, f"Expect {len(self.defaults)} fields but have {len(row)} in record {number} of {path}")
        out = []
        for k, c in enumerate(cols):
            field, dtype, default = row[c], self.types[k], self.defaults[k]
            if field == "" or field == self.na:
                if default is None:
                    raise errors.InvalidArgumentError(
                        None, None, f"Field {k} is required but missing in record {number}!")
                out.append(default)
                continue
            try:
                if dtype.is_integer:
                    out.append(dtype.as_numpy_dtype(int(field)))
                elif dtype.is_floating:
                    out.append(dtype.as_numpy_dtype(float(field)))
                else:
                    out.append(field.encode())
            except ValueError:
                raise errors.InvalidArgumentError(
                    None, None, f"Field {k} in record {number} is not a valid {dtype.name}: {field}") from None
        return tuple(out)


@op("CSVDatasetV2", inputs=("filenames", "compression_type", "buffer_size", "header", "field_delim",
                            "use_quote_delim", "na_value", "select_cols", "*record_defaults", "exclude_cols"),
    attrs=dict(output_shapes=()), stateful=True, foldable=False, type_attrs=dict(output_types="[record_defaults]"))
class CSVDatasetV2:
    """Elements: the fields of each CSV record, typed by `record_defaults` (an empty default: required)."""

    def infer(*inputs, output_shapes):
        return VARIANT

    def kernel(ctx, xp, filenames, compression_type, buffer_size, header, field_delim, use_quote_delim, na_value,
               select_cols, *rest, output_shapes):
        from ..framework import dtypes

        *record_defaults, _exclude = rest
        defaults, types = [], []
        for d in record_defaults:
            d = np.asarray(d)
            dtype = dtypes.string if d.dtype == object else dtypes.as_dtype(d.dtype)
            types.append(dtype)
            defaults.append(None if d.size == 0 else d.reshape(-1)[0])
        cols = [int(c) for c in np.asarray(select_cols).reshape(-1)]
        return _Csv(_filenames(filenames), _compression(compression_type), defaults, bool(header),
                    _text(field_delim), bool(use_quote_delim), _text(na_value), cols, types)

    grad = NOT_DIFFERENTIABLE
