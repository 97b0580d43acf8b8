"""File readers: TF's reader ops (TFRecordReaderV2, TextLineReaderV2, FixedLengthRecordReaderV2,
WholeFileReaderV2, IdentityReaderV2, ReaderReadV2, ReaderReadUpToV2, ...) and the TF1 classes
`tf.ReaderBase`, `tf.TFRecordReader`, `tf.TextLineReader`, `tf.FixedLengthRecordReader`,
`tf.WholeFileReader`, `tf.IdentityReader`.

A reader lives in the session (keyed by its handle, as queues are). It takes work units (file
names) from a queue of strings, one at a time, and produces records keyed `<file name>:<n>` as TF's
readers do: the line number (from 1) for text lines, the record number (from 0) for fixed-length
records, the byte offset for TFRecords, the file name itself for whole files.
"""

from __future__ import annotations

import collections
import threading
import zlib

import numpy as np

from ..framework import dtypes as _dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.scopes import name_scope
from ..runtime.state import NOT_VARIABLE_WRITERS
from .constant import convert_to_tensor
from .queues import handle_key, queue_of, resource_handle

NOT_VARIABLE_WRITERS.update(("ReaderResetV2", "ReaderRestoreStateV2"))


def _text(value) -> str:
    return value.decode("utf-8", errors="surrogateescape") if isinstance(value, bytes) else str(value)


def _open_file(path: str):
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(None, None, f"{path}; Is a directory") from None
    except OSError as e:
        raise errors.UnknownError(None, None, f"{path}; {e.strerror}") from None


def _read_file(path: str) -> bytes:
    with _open_file(path) as f:
        return f.read()


class ReaderState:
    """TF's ReaderBase: work units from a queue, records from the work in progress, and the counters
    `num_records_produced` and `num_work_units_completed`. Subclasses give `start` and `next`."""

    kind = "ReaderBase"
    serializable = False

    def __init__(self, name: str):
        self.name = name
        self.lock = threading.Lock()
        self.work = b""  # the current (or last) work unit; TF keeps it after the unit ends
        self.started = self.finished = self.produced = 0

    # --- subclasses ------------------------------------------------------------------------
    def start(self) -> None:
        """Opens `self.work`."""

    def next(self):
        """(record, at_end): the next (key, value) of the work in progress or None, and whether the
        work unit is done."""
        raise NotImplementedError

    def finish(self) -> None:
        """Lets go of the finished work unit's file."""

    # --- TF's ReaderBase ---------------------------------------------------------------------
    def _key(self, n) -> bytes:
        return self.work + b":" + str(n).encode()

    def _next_work(self, ctx, queue) -> None:
        element = queue.dequeue(ctx)
        if len(element) != 1:
            raise errors.InvalidArgumentError(None, None, "Expected single component queue")
        if element[0].dtype != object:
            raise errors.InvalidArgumentError(None, None, "Expected queue with single string component")
        if element[0].size != 1:
            raise errors.InvalidArgumentError(None, None, "Expected to dequeue a one-element string tensor")
        work = element[0].reshape(-1)[0]
        self.work = work if isinstance(work, bytes) else str(work).encode()
        self.start()
        self.started += 1

    def _step(self, ctx, queue):
        """One record or None, taking new work first when none is in progress."""
        if self.finished >= self.started:
            self._next_work(ctx, queue)
        record, at_end = self.next()
        if at_end:
            self.finish()
            self.finished = self.started
        if record is not None:
            self.produced += 1
        return record, at_end

    def read(self, ctx, queue):
        """One (key, value) record, taking new work from `queue` as each unit ends."""
        with self.lock:
            while True:
                record, _ = self._step(ctx, queue)
                if record is not None:
                    return record

    def read_up_to(self, ctx, queue, n: int):
        """Up to `n` records: fewer when a work unit ends after some were produced (TF's ReadUpTo)."""
        keys, values = [], []
        with self.lock:
            while len(keys) < n:
                record, at_end = self._step(ctx, queue)
                if record is not None:
                    keys.append(record[0])
                    values.append(record[1])
                if at_end and keys:
                    break
        return keys, values

    def reset(self) -> None:
        with self.lock:
            self.started = self.finished = self.produced = 0
            self.work = b""
            self.finish()

    def serialize(self) -> bytes:
        if not self.serializable:
            raise errors.UnimplementedError(None, None, "Reader SerializeState")
        with self.lock:
            return _encode_state(self.started, self.finished, self.produced, self.work)

    def restore(self, state: bytes) -> None:
        if not self.serializable:
            raise errors.UnimplementedError(None, None, "Reader RestoreState")
        with self.lock:
            try:
                started, finished, produced, work = _decode_state(state)
            except ValueError:
                self.started = self.finished = self.produced = 0
                self.work = b""
                raise errors.InvalidArgumentError(
                    None, None, f"Could not parse state for {self.kind} '{self.name}': {state!r}") from None
            if started > finished:
                self.started = self.finished = self.produced = 0
                self.work = b""
                raise errors.InvalidArgumentError(
                    None, None, f"Inconsistent work started vs. finished when restoring in {self.kind} "
                                f"'{self.name}'")
            self.started, self.finished, self.produced, self.work = started, finished, produced, work


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _encode_state(started: int, finished: int, produced: int, work: bytes) -> bytes:
    """TF's ReaderBaseState message (work_started=1, work_finished=2, num_records_produced=3,
    current_work=4), zero fields left out as protobuf does."""
    out = b""
    for field, value in ((1, started), (2, finished), (3, produced)):
        if value:
            out += _varint(field << 3) + _varint(value)
    if work:
        out += _varint((4 << 3) | 2) + _varint(len(work)) + work
    return out


def _decode_state(data: bytes):
    fields = {1: 0, 2: 0, 3: 0, 4: b""}
    pos = 0

    def varint():
        nonlocal pos
        shift = value = 0
        while True:
            if pos >= len(data) or shift > 63:
                raise ValueError("truncated varint")
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    while pos < len(data):
        tag = varint()
        field, wire = tag >> 3, tag & 7
        if wire == 0 and field in (1, 2, 3):
            fields[field] = varint()
        elif wire == 2 and field == 4:
            length = varint()
            if pos + length > len(data):
                raise ValueError("truncated bytes")
            fields[4] = data[pos:pos + length]
            pos += length
        else:
            raise ValueError("unexpected field")
    return fields[1], fields[2], fields[3], fields[4]


class TextLines(ReaderState):
    kind = "TextLineReader"

    def __init__(self, name, skip_header_lines: int):
        super().__init__(name)
        self.skip_header_lines = skip_header_lines

    def start(self):
        """Opens the file (read a line at a time) and skips the header lines."""
        self._file = _open_file(_text(self.work))
        self._line = 0
        while self._line < self.skip_header_lines and self._file.readline():
            self._line += 1

    def next(self):
        line = self._file.readline()
        if not line:  # a final newline ends the last line; it does not start one
            return None, True
        self._line += 1
        if line.endswith(b"\n"):
            line = line[:-1]
        if line.endswith(b"\r"):
            line = line[:-1]
        return (self._key(self._line), line), False

    def finish(self):
        file = getattr(self, "_file", None)
        if file is not None:
            file.close()
            self._file = None


class FixedLengthRecords(ReaderState):
    kind = "FixedLengthRecordReader"

    def __init__(self, name, header_bytes, record_bytes, footer_bytes, hop_bytes, encoding):
        super().__init__(name)
        self.header, self.record, self.footer, self.hop = header_bytes, record_bytes, footer_bytes, hop_bytes
        self.encoding = encoding

    def start(self):
        path = _text(self.work)
        data = _read_file(path)
        if self.encoding in ("ZLIB", "GZIP"):
            try:
                data = zlib.decompress(data, 15 if self.encoding == "ZLIB" else 31)
            except zlib.error as e:
                raise errors.DataLossError(None, None, f"{path}: {e}") from None
        self._data = data[self.header:len(data) - self.footer] if len(data) >= self.header + self.footer else b""
        self._number = 0

    def next(self):
        start = self._number * (self.hop or self.record)
        if start + self.record > len(self._data):
            return None, True
        record = self._key(self._number), self._data[start:start + self.record]
        self._number += 1
        return record, False

    def finish(self):
        self._data = b""


class TFRecords(ReaderState):
    kind = "TFRecordReader"

    def __init__(self, name, compression_type):
        super().__init__(name)
        self.compression = compression_type

    def start(self):
        from ..io.tfrecord import RecordReader

        self._reader = RecordReader(_text(self.work), self.compression)

    def next(self):
        offset = self._reader.offset
        data = self._reader.read()
        return (None, True) if data is None else ((self._key(offset), data), False)

    def finish(self):
        reader = getattr(self, "_reader", None)
        if reader is not None:
            reader.close()
            self._reader = None


class WholeFiles(ReaderState):
    kind = "WholeFileReader"
    serializable = True

    def next(self):
        return (self.work, _read_file(_text(self.work))), True


class WorkUnits(ReaderState):
    kind = "IdentityReader"
    serializable = True

    def next(self):
        return (self.work, self.work), True


# --------------------------------------------------------------------------------------------
# Ops
# --------------------------------------------------------------------------------------------
def reader_of(ctx, handle) -> ReaderState:
    reader = ctx.resource(handle_key(handle))
    if not isinstance(reader, ReaderState):
        raise errors.InvalidArgumentError(None, None, f"Resource {handle_key(handle)} is not a reader")
    return reader


_HANDLE = dict(container="", shared_name="")


@op("TextLineReaderV2", attrs=dict(_HANDLE, skip_header_lines=0), stateful=True, type_attrs={})
class TextLineReaderV2:
    """A reader of lines (without their newline), keyed `<file>:<line number>`."""

    def infer(skip_header_lines, container, shared_name):
        return _dtypes.resource, []

    def kernel(ctx, xp, skip_header_lines, container, shared_name):
        return resource_handle(ctx, shared_name, lambda name: TextLines(name, skip_header_lines))

    grad = NOT_DIFFERENTIABLE


@op("FixedLengthRecordReaderV2", attrs=dict(_HANDLE, header_bytes=0, record_bytes=None, footer_bytes=0, hop_bytes=0,
                                            encoding=""), stateful=True, type_attrs={})
class FixedLengthRecordReaderV2:
    """A reader of fixed-length records between a header and a footer (hop_bytes apart when set)."""

    def infer(header_bytes, record_bytes, footer_bytes, hop_bytes, encoding, container, shared_name):
        return _dtypes.resource, []

    def kernel(ctx, xp, header_bytes, record_bytes, footer_bytes, hop_bytes, encoding, container, shared_name):
        for what, value in (("header_bytes", header_bytes), ("footer_bytes", footer_bytes),
                            ("hop_bytes", hop_bytes)):
            if value < 0:
                raise errors.InvalidArgumentError(None, None, f"{what} must be >= 0 not {value}")
        if record_bytes <= 0:
            raise errors.InvalidArgumentError(None, None, f"record_bytes must be > 0 not {record_bytes}")
        return resource_handle(ctx, shared_name, lambda name: FixedLengthRecords(
            name, header_bytes, record_bytes, footer_bytes, hop_bytes, encoding))

    grad = NOT_DIFFERENTIABLE


@op("TFRecordReaderV2", attrs=dict(_HANDLE, compression_type=""), stateful=True, type_attrs={})
class TFRecordReaderV2:
    """A reader of TFRecord files' records, keyed `<file>:<byte offset>`."""

    def infer(compression_type, container, shared_name):
        return _dtypes.resource, []

    def kernel(ctx, xp, compression_type, container, shared_name):
        return resource_handle(ctx, shared_name, lambda name: TFRecords(name, compression_type))

    grad = NOT_DIFFERENTIABLE


@op("WholeFileReaderV2", attrs=_HANDLE, stateful=True, type_attrs={})
class WholeFileReaderV2:
    """A reader giving each file's whole contents, keyed by its name."""

    def infer(container, shared_name):
        return _dtypes.resource, []

    def kernel(ctx, xp, container, shared_name):
        return resource_handle(ctx, shared_name, WholeFiles)

    grad = NOT_DIFFERENTIABLE


@op("IdentityReaderV2", attrs=_HANDLE, stateful=True, type_attrs={})
class IdentityReaderV2:
    """A reader whose records are its work units themselves (key and value both)."""

    def infer(container, shared_name):
        return _dtypes.resource, []

    def kernel(ctx, xp, container, shared_name):
        return resource_handle(ctx, shared_name, WorkUnits)

    grad = NOT_DIFFERENTIABLE


def _string(value) -> np.ndarray:
    out = np.empty((), dtype=object)
    out[()] = value
    return out


@op("ReaderReadV2", inputs=("reader_handle", "queue_handle"), stateful=True, type_attrs={})
class ReaderReadV2:
    """The next (key, value) record; takes a new file from the queue when one ends."""

    def infer(reader_handle, queue_handle):
        return [(_dtypes.string, []), (_dtypes.string, [])]

    def kernel(ctx, xp, reader_handle, queue_handle):
        key, value = reader_of(ctx, reader_handle).read(ctx, queue_of(ctx, queue_handle))
        return _string(key), _string(value)

    grad = NOT_DIFFERENTIABLE


@op("ReaderReadUpToV2", inputs=("reader_handle", "queue_handle", "num_records"), stateful=True, type_attrs={})
class ReaderReadUpToV2:
    """Up to `num_records` records (fewer at the end of a file) as two vectors."""

    def infer(reader_handle, queue_handle, num_records):
        return [(_dtypes.string, [None]), (_dtypes.string, [None])]

    def kernel(ctx, xp, reader_handle, queue_handle, num_records):
        n = int(num_records)
        if n <= 0:
            raise errors.InvalidArgumentError(None, None, f"num_records ({n}) must be > 0")
        keys, values = reader_of(ctx, reader_handle).read_up_to(ctx, queue_of(ctx, queue_handle), n)
        out_keys, out_values = np.empty(len(keys), dtype=object), np.empty(len(values), dtype=object)
        out_keys[:], out_values[:] = keys, values
        return out_keys, out_values

    grad = NOT_DIFFERENTIABLE


def _counter_op(type_name: str, attribute: str, doc: str):
    def infer(reader_handle):
        return _dtypes.int64, []

    def kernel(ctx, xp, reader_handle):
        reader = reader_of(ctx, reader_handle)
        with reader.lock:
            return np.int64(getattr(reader, attribute))

    body = dict(infer=infer, kernel=kernel, grad=NOT_DIFFERENTIABLE, __doc__=doc)
    return op(type_name, inputs=("reader_handle",), stateful=True, type_attrs={})(type(type_name, (), body))


ReaderNumRecordsProducedV2 = _counter_op("ReaderNumRecordsProducedV2", "produced",
                                         "How many records the reader has produced.")
ReaderNumWorkUnitsCompletedV2 = _counter_op("ReaderNumWorkUnitsCompletedV2", "finished",
                                            "How many work units (files) the reader has finished.")


@op("ReaderSerializeStateV2", inputs=("reader_handle",), stateful=True, type_attrs={})
class ReaderSerializeStateV2:
    """The reader's state as TF's ReaderBaseState bytes (WholeFileReader, IdentityReader)."""

    def infer(reader_handle):
        return _dtypes.string, []

    def kernel(ctx, xp, reader_handle):
        return _string(reader_of(ctx, reader_handle).serialize())

    grad = NOT_DIFFERENTIABLE


@op("ReaderRestoreStateV2", inputs=("reader_handle", "state"), stateful=True, type_attrs={})
class ReaderRestoreStateV2:
    """Puts a reader back in a state `ReaderSerializeStateV2` gave."""

    def infer(reader_handle, state):
        return []

    def kernel(ctx, xp, reader_handle, state):
        state = state.item() if isinstance(state, np.ndarray) else state
        reader_of(ctx, reader_handle).restore(state if isinstance(state, bytes) else str(state).encode())

    grad = NOT_DIFFERENTIABLE


@op("ReaderResetV2", inputs=("reader_handle",), stateful=True, type_attrs={})
class ReaderResetV2:
    """Restarts the reader: counters to zero, no work in progress."""

    def infer(reader_handle):
        return []

    def kernel(ctx, xp, reader_handle):
        reader_of(ctx, reader_handle).reset()

    grad = NOT_DIFFERENTIABLE


# --------------------------------------------------------------------------------------------
# The Python classes
# --------------------------------------------------------------------------------------------
ReaderReadResult = collections.namedtuple("ReaderReadV2", ["key", "value"])
ReaderReadUpToResult = collections.namedtuple("ReaderReadUpToV2", ["keys", "values"])


def _queue_ref(queue) -> Tensor:
    return queue if isinstance(queue, Tensor) else queue.queue_ref


@tf_export("ReaderBase")
class ReaderBase:
    """The base of TF's readers: a handle (`reader_ref`) and the methods building the reader's ops."""

    def __init__(self, reader_ref, supports_serialize=False):
        self._reader_ref = reader_ref
        self._supports_serialize = supports_serialize

    @property
    def reader_ref(self) -> Tensor:
        return self._reader_ref

    def read(self, queue, name=None):
        """(key, value): the next record, taking file names from `queue` (a queue or its handle)."""
        key, value = ReaderReadV2(self._reader_ref, _queue_ref(queue), name=name or "ReaderReadV2")
        return ReaderReadResult(key, value)

    def read_up_to(self, queue, num_records, name=None):
        """(keys, values): up to `num_records` records."""
        with name_scope(name or "ReaderReadUpToV2") as scope:
            num_records = convert_to_tensor(num_records, dtype=_dtypes.int64, name="num_records")
            keys, values = ReaderReadUpToV2(self._reader_ref, _queue_ref(queue), num_records, name=scope)
        return ReaderReadUpToResult(keys, values)

    def num_records_produced(self, name=None):
        return ReaderNumRecordsProducedV2(self._reader_ref, name=name or "ReaderNumRecordsProducedV2")

    def num_work_units_completed(self, name=None):
        return ReaderNumWorkUnitsCompletedV2(self._reader_ref, name=name or "ReaderNumWorkUnitsCompletedV2")

    def serialize_state(self, name=None):
        return ReaderSerializeStateV2(self._reader_ref, name=name or "ReaderSerializeStateV2")

    def restore_state(self, state, name=None):
        with name_scope(name or "ReaderRestoreStateV2") as scope:
            state = convert_to_tensor(state, dtype=_dtypes.string, name="state")
            return ReaderRestoreStateV2(self._reader_ref, state, name=scope)

    @property
    def supports_serialize(self) -> bool:
        return self._supports_serialize

    def reset(self, name=None):
        return ReaderResetV2(self._reader_ref, name=name or "ReaderResetV2")


@tf_export("WholeFileReader")
class WholeFileReader(ReaderBase):
    """Reads each file whole: key = file name, value = its contents."""

    def __init__(self, name=None):
        super().__init__(WholeFileReaderV2(name=name or "WholeFileReaderV2"), supports_serialize=True)


@tf_export("TextLineReader")
class TextLineReader(ReaderBase):
    """Reads lines (newline removed), skipping `skip_header_lines` at the top of each file."""

    def __init__(self, skip_header_lines=None, name=None):
        super().__init__(TextLineReaderV2(skip_header_lines=skip_header_lines or 0, name=name or "TextLineReaderV2"))


@tf_export("FixedLengthRecordReader")
class FixedLengthRecordReader(ReaderBase):
    """Reads records of `record_bytes` bytes between `header_bytes` and `footer_bytes` (`hop_bytes` apart
    when given; `encoding` "ZLIB" or "GZIP" for compressed files)."""

    def __init__(self, record_bytes, header_bytes=None, footer_bytes=None, hop_bytes=None, name=None,
                 encoding=None):
        super().__init__(FixedLengthRecordReaderV2(
            record_bytes=int(record_bytes), header_bytes=header_bytes or 0, footer_bytes=footer_bytes or 0,
            hop_bytes=hop_bytes or 0, encoding=encoding or "", name=name or "FixedLengthRecordReaderV2"))


@tf_export("TFRecordReader")
class TFRecordReader(ReaderBase):
    """Reads the records of TFRecord files (`options`: a TFRecordOptions or compression type)."""

    def __init__(self, name=None, options=None):
        from ..io.tfrecord import TFRecordOptions

        compression = TFRecordOptions.get_compression_type_string(options)
        super().__init__(TFRecordReaderV2(compression_type=compression, name=name or "TFRecordReaderV2"))


@tf_export("IdentityReader")
class IdentityReader(ReaderBase):
    """Reads work units as records: key and value are both the queued string."""

    def __init__(self, name=None):
        super().__init__(IdentityReaderV2(name=name or "IdentityReaderV2"), supports_serialize=True)
