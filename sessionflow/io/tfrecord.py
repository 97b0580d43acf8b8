"""TFRecord files: reading and writing, shared by everything that touches them.

A record is `uint64 length | masked_crc32c(length bytes) | data | masked_crc32c(data)`, all little endian
(shared/spec/events.md section 2); a file is records back to back, optionally compressed as one ZLIB
stream or as GZIP members. Event files, `tf.python_io`, the queue readers and TFRecordDataset all read
and write through this module:

- `iter_records(path, compression="", buffer_size=None, offset=0)` yields each record's data;
- `RecordReader(path, compression)` reads one record per `read()` (None at the end), `offset` is where
  the next record starts in the (uncompressed) stream;
- `RecordWriter(path, compression)` writes in place, as TF's writer does (`write`, `flush`, `close`).

Damage is reported as TF's reader reports it, with the file's path added: a stream that ends inside a
record's 12-byte header ends the iteration (TF reads that as the end of the file); one that ends inside a
record's data or footer is `DataLossError: truncated record at OFFSET' failed with ...`; a checksum
mismatch is `corrupted record at OFFSET`; a bad compressed stream `inflate() failed with error N: ...`.
Lengths are bounded by what the file holds before anything is allocated, so no input hangs or exhausts
memory. Written files are byte for byte TF's: zlib with TF's defaults (level 6, memLevel 9, 15 window
bits; GZIP adds 16 to them, so zlib writes the header TF's zlib writes: mtime 0, OS byte 3), and `flush()`
is a partial flush, as TF's.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator
from typing import ClassVar

from ..framework import errors
from ..framework.api import tf_export

try:  # the C implementation when installed (about 3000x faster than the table loop)
    import google_crc32c as _google_crc32c

    def crc32c(data: bytes) -> int:
        """CRC32C (Castagnoli) of `data`."""
        return _google_crc32c.value(bytes(data))
except ImportError:  # pragma: no cover - depends on the environment
    _google_crc32c = None

    def crc32c(data: bytes) -> int:
        """CRC32C (Castagnoli) of `data`."""
        crc = 0xFFFFFFFF
        for byte in bytes(data):
            crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
        return crc ^ 0xFFFFFFFF


_crc = _google_crc32c.value if _google_crc32c is not None else crc32c  # bytes in, int out


def _make_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _make_table()
_MASK_DELTA = 0xA282EAD8
_LENGTH = struct.Struct("<Q")
_CRC = struct.Struct("<I")
_HEADER = 12
_HEADER_STRUCT = struct.Struct("<QI")
# TF's reader refuses lengths this large outright ("record size too large"); smaller ones past the end of
# the stream are truncated records.
_TOO_LARGE = (1 << 64) - 5
_CHUNK = 256 * 1024  # TF's default read buffer
# zlib's window bits for each compression type TF names; GZIP adds 16 (a gzip wrapper, gzip only).
COMPRESSION_TYPES = ("", "ZLIB", "GZIP")
_WINDOW_BITS = {"ZLIB": 15, "GZIP": 31}


def mask(crc: int) -> int:
    """TF's masked form of a CRC (rotate right by 15, add a constant)."""
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    return mask(crc32c(data))


def frame(data: bytes) -> bytes:
    """One TFRecord holding `data`."""
    length = _LENGTH.pack(len(data))
    return length + _CRC.pack(masked_crc32c(length)) + data + _CRC.pack(masked_crc32c(data))


def check_compression(compression) -> str:
    """`compression` as TF's name for it ("", "ZLIB", "GZIP"); ValueError for anything else, as TF."""
    if compression is None:
        return ""
    if compression not in COMPRESSION_TYPES:
        raise ValueError(f'Not a valid compression_type: "{compression}"')
    return compression


def _open(path: str, mode: str):
    try:
        return open(path, mode)
    except (FileNotFoundError, NotADirectoryError):
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(None, None, f"{path}; Is a directory") from None
    except PermissionError:
        raise errors.PermissionDeniedError(None, None, f"{path}; Permission denied") from None


class _PlainStream:
    """The file's bytes as they are, read in chunks of `buffer_size` (TF's 256 KiB by default): `take(n)` gives
    the next `n` bytes (fewer at the end of the file) as (buffer, start), and no read asks for more than the
    file holds, so a length read from damaged data never allocates more than the file's size."""

    eof_text = "Read less bytes than requested"

    def __init__(self, f, buffer_size):
        self._f = f
        self._left = os.fstat(f.fileno()).st_size - f.tell()  # bytes of the file not read yet
        self._chunk = buffer_size or _CHUNK
        self.buf = b""
        self.pos = 0

    def take(self, n: int):
        """(buffer, start) such that buffer[start:start + n] are the next n bytes (fewer at the end)."""
        buf, pos = self.buf, self.pos
        if pos + n > len(buf) and self._left:
            want = min(self._left, max(self._chunk, n - (len(buf) - pos)))
            more = self._f.read(want)
            self._left = self._left - len(more) if len(more) == want else 0
            buf, pos = buf[pos:] + more, 0
            self.buf = buf
        self.pos = min(pos + n, len(buf))
        return buf, pos

    def available(self, n: int) -> int:
        return min(n, len(self.buf) - self.pos + self._left)

    def read(self, n: int) -> bytes:
        buf, pos = self.take(n)
        return buf[pos:pos + n]


class _InflatedStream:
    """The decompressed bytes of a ZLIB stream or of GZIP members, read in chunks of `buffer_size`.

    A ZLIB stream ends the data at its end (what follows is ignored); GZIP members follow each other, as TF's
    reader reads them. zlib's complaints are TF's `inflate() failed with error N: ...` DataLossError.
    """

    eof_text = "EOF reached"

    def __init__(self, f, buffer_size, compression, path):
        self._f, self._path = f, path
        self._chunk = buffer_size or _CHUNK
        self._bits = _WINDOW_BITS[compression]
        self._gzip = compression == "GZIP"
        self._z = zlib.decompressobj(self._bits)
        self._buf = bytearray()
        self._done = False

    def _fill(self, n: int) -> None:
        while len(self._buf) < n and not self._done:
            z = self._z
            data = b""
            if z.eof:
                if not self._gzip:
                    self._done = True  # what follows a ZLIB stream is not read, as in TF
                    return
                data = z.unused_data  # GZIP: the next member starts here (or in the next read)
                self._z = z = zlib.decompressobj(self._bits)
            elif z.unconsumed_tail:
                data = z.unconsumed_tail
            if not data:
                data = self._f.read(self._chunk)
                if not data:
                    self._done = True  # a stream cut short ends where its data ends, as in TF
                    return
            try:
                self._buf += z.decompress(data, max(n - len(self._buf), self._chunk))
            except zlib.error as e:
                raise errors.DataLossError(None, None, f"{_inflate_text(e)} in {self._path}") from None

    def available(self, n: int) -> int:
        self._fill(n)
        return min(n, len(self._buf))

    def read(self, n: int) -> bytes:
        self._fill(n)
        data = bytes(self._buf[:n])
        del self._buf[:n]
        return data


def _inflate_text(e: zlib.error) -> str:
    """Python's `Error -3 while decompressing data: incorrect header check` as TF words it."""
    text = str(e)
    head, _, reason = text.partition(": ")
    code = head.split()[1] if head.startswith("Error ") else "-3"
    return f"inflate() failed with error {code}: {reason or text}"


class RecordReader:
    """Reads the records of one TFRecord file, one per `read()`, as TF's RecordReader does.

    `offset` is where the next record starts in the uncompressed stream (TF's reader offsets); opening at
    `offset` skips that many bytes first. A missing file is NotFoundError, a directory
    FailedPreconditionError, as in TF; `compression` is "", "ZLIB" or "GZIP".
    """

    def __init__(self, path, compression: str = "", buffer_size: int | None = None, offset: int = 0):
        self.path = os.fspath(path)
        self.compression = check_compression(compression)
        self._plain = None
        self._f = _open(self.path, "rb")
        if self.compression:
            self._stream = _InflatedStream(self._f, buffer_size, self.compression, self.path)
            skipped = self._stream.read(offset) if offset else b""
            self.offset = len(skipped)
        else:
            self._stream = _PlainStream(self._f, buffer_size)
            if offset:
                self._f.seek(offset)
                self._stream = _PlainStream(self._f, buffer_size)
            self.offset = offset

    def read(self) -> bytes | None:
        """The next record's data, or None at the end of the file."""
        stream, offset, path = self._stream, self.offset, self.path
        if stream is None:
            return None
        if not self.compression:
            return self._read_plain(stream, offset, path)
        return self._record(stream, path, offset)

    def _read_plain(self, stream: _PlainStream, offset: int, path: str) -> bytes | None:
        """`read` for an uncompressed file: the next record of `_plain_records`."""
        if self._plain is None:
            self._plain = self._plain_records(stream, path)
        return next(self._plain, None)

    def _plain_records(self, stream: _PlainStream, path: str):
        """The records of an uncompressed file, read as `read` does (the same checks and errors), straight from
        the stream's chunk buffer with everything in local variables: the hot loop of reading. Records lying
        wholly inside the buffer are cut out by the inner loop, with no call per record but the two CRCs (and
        the length's CRC is remembered per length: records often share one); the outer loop refills the buffer
        and takes a record that straddles two chunks."""
        unpack_header, unpack_crc, crc_of = _HEADER_STRUCT.unpack_from, _CRC.unpack_from, _crc
        offset = self.offset
        length_crcs: dict = {}  # length -> the masked CRC of its 8 bytes
        while True:
            buf, pos = stream.buf, stream.pos
            size = len(buf)
            while pos + _HEADER <= size:
                length, length_crc = unpack_header(buf, pos)
                expected = length_crcs.get(length)
                if expected is None:
                    crc = crc_of(buf[pos:pos + 8])
                    expected = ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF
                    if expected == length_crc and len(length_crcs) < 1024:
                        length_crcs[length] = expected
                if expected != length_crc or length >= _TOO_LARGE:
                    break  # the outer loop words the error
                start = pos + _HEADER
                end = start + length
                if end + 4 > size:
                    break  # the record goes on in the next chunk
                data = buf[start:end]
                crc = crc_of(data)
                if ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF != \
                        unpack_crc(buf, end)[0]:
                    break
                pos = end + 4
                stream.pos = pos
                offset += _HEADER + length + 4
                self.offset = offset
                yield data
            data = self._record(stream, path, offset)
            if data is None:
                return
            offset = self.offset
            yield data

    def _record(self, stream, path: str, offset: int) -> bytes | None:
        """The record at the stream's position (`offset` in the uncompressed stream), with TF's errors for a
        damaged one; None at the end of the file."""
        header = stream.read(_HEADER)
        if len(header) < _HEADER:
            self.close()
            return None
        (length,) = _LENGTH.unpack_from(header)
        (length_crc,) = _CRC.unpack_from(header, 8)
        if masked_crc32c(header[:8]) != length_crc:
            self.close()
            raise errors.DataLossError(None, None, f"corrupted record at {offset} in {path}: length checksum "
                                                   "mismatch")
        if length >= _TOO_LARGE:
            self.close()
            raise errors.DataLossError(None, None, f"record size too large at {offset} in {path}")
        if stream.available(length + 4) < length + 4:
            self.close()
            raise errors.DataLossError(None, None, f"truncated record at {offset}' failed with {stream.eof_text} "
                                                   f"in {path}")
        body = stream.read(length + 4)
        if len(body) < length + 4:  # the file shrank while being read
            self.close()
            raise errors.DataLossError(None, None, f"truncated record at {offset}' failed with {stream.eof_text} "
                                                   f"in {path}")
        data = body[:length]
        (data_crc,) = _CRC.unpack_from(body, length)
        if masked_crc32c(data) != data_crc:
            self.close()
            raise errors.DataLossError(None, None, f"corrupted record at {offset + _HEADER} in {path}: data "
                                                   "checksum mismatch")
        self.offset = offset + _HEADER + length + 4
        return data

    def close(self) -> None:
        self._stream = None
        self._f.close()

    def __iter__(self) -> Iterator[bytes]:
        if not self.compression and self._stream is not None:  # the records generator itself (no per-record call)
            if self._plain is None:
                self._plain = self._plain_records(self._stream, self.path)
            return self._plain
        return self

    def __next__(self) -> bytes:
        record = self.read()
        if record is None:
            raise StopIteration
        return record

    def __del__(self):
        f = getattr(self, "_f", None)
        if f is not None:
            f.close()


def iter_records(path, compression: str = "", buffer_size: int | None = None, offset: int = 0) -> Iterator[bytes]:
    """Each record's data in the TFRecord file at `path` (see RecordReader; the file is opened now)."""
    return iter(RecordReader(path, compression, buffer_size, offset))


class RecordWriter:
    """Writes TFRecords into `path`, in place and buffered, as TF's writer does.

    The file is created (truncated) at once; records reach it on `flush()` / `close()` or when the buffer
    fills. With compression, zlib gets TF's settings (`compression_level` -1 = 6, `mem_level` 9,
    `window_bits` 15, +16 for GZIP; `strategy` 0). A write or flush after `close()` is
    FailedPreconditionError "Writer is closed.", as TF; `close()` twice is fine.
    """

    def __init__(self, path, compression: str = "", *, compression_level: int | None = None,
                 mem_level: int | None = None, window_bits: int | None = None, strategy: int | None = None):
        self.path = os.fspath(path)
        self.compression = check_compression(compression)
        self._f = _open(self.path, "wb")
        self._z = None
        if self.compression:
            bits = window_bits if window_bits is not None else 15
            if self.compression == "GZIP":
                bits += 16
            self._z = zlib.compressobj(-1 if compression_level is None else compression_level, zlib.DEFLATED,
                                       bits, 9 if mem_level is None else mem_level,
                                       0 if strategy is None else strategy)

    def _check_open(self) -> None:
        if self._f is None:
            raise errors.FailedPreconditionError(None, None, "Writer is closed.")

    def write(self, record: bytes) -> None:
        self._check_open()
        data = frame(record)
        self._f.write(self._z.compress(data) if self._z is not None else data)

    def flush(self) -> None:
        self._check_open()
        if self._z is not None:
            self._f.write(self._z.flush(zlib.Z_PARTIAL_FLUSH))
        self._f.flush()

    def close(self) -> None:
        if self._f is None:
            return
        f, self._f = self._f, None
        try:
            if self._z is not None:
                f.write(self._z.flush(zlib.Z_FINISH))
        finally:
            f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --- tf.io / tf.python_io --------------------------------------------------------------------------------------


@tf_export("io.TFRecordCompressionType", "python_io.TFRecordCompressionType")
class TFRecordCompressionType:
    """The type of compression for the record."""

    NONE = 0
    ZLIB = 1
    GZIP = 2


@tf_export("io.TFRecordOptions", "python_io.TFRecordOptions")
class TFRecordOptions:
    """Options used for manipulating TFRecord files (TF's fields; zlib's settings apply to writing)."""

    compression_type_map: ClassVar[dict] = {
        TFRecordCompressionType.ZLIB: "ZLIB",
        TFRecordCompressionType.GZIP: "GZIP",
        TFRecordCompressionType.NONE: "",
    }

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None, output_buffer_size=None,
                 window_bits=None, compression_level=None, compression_method=None, mem_level=None,
                 compression_strategy=None):
        self.get_compression_type_string(compression_type)  # ValueError for an unknown type, as TF
        self.compression_type = compression_type
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options) -> str:
        """"", "ZLIB" or "GZIP" for `options` (a TFRecordOptions, a TFRecordCompressionType value, a string
        or None); ValueError for anything else."""
        if not options:
            return ""
        if isinstance(options, TFRecordOptions):
            return cls.get_compression_type_string(options.compression_type)
        if isinstance(options, int) and not isinstance(options, bool) and options in cls.compression_type_map:
            return cls.compression_type_map[options]
        if isinstance(options, str) and options in COMPRESSION_TYPES:
            return options
        raise ValueError(f'Not a valid compression_type: "{options}"')

    def _writer_settings(self) -> dict:
        return {"compression_level": self.compression_level, "mem_level": self.mem_level,
                "window_bits": self.window_bits, "strategy": self.compression_strategy}


def _options(options) -> TFRecordOptions:
    return options if isinstance(options, TFRecordOptions) else TFRecordOptions(options)


@tf_export("io.TFRecordWriter", "python_io.TFRecordWriter")
class TFRecordWriter(RecordWriter):
    """A class to write records to a TFRecords file (a context manager; the file is written in place).

    `options` is a TFRecordOptions, or a compression type ("", "ZLIB", "GZIP" or a TFRecordCompressionType
    value). A missing directory is NotFoundError, as in TF.
    """

    def __init__(self, path, options=None):
        opts = _options(options)
        super().__init__(path, TFRecordOptions.get_compression_type_string(opts), **opts._writer_settings())

    def write(self, record) -> None:
        """Writes `record` (bytes; a str is written as UTF-8) as one TFRecord."""
        if isinstance(record, str):
            record = record.encode("utf-8")
        elif isinstance(record, (bytearray, memoryview)):
            record = bytes(record)
        elif not isinstance(record, bytes):
            raise TypeError(f"write(): a record must be bytes or str, not {type(record).__name__}")
        super().write(record)


@tf_export("io.tf_record_iterator", "python_io.tf_record_iterator")
def tf_record_iterator(path, options=None) -> RecordReader:
    """An iterator over the records of the TFRecords file at `path` (opened now: NotFoundError for a missing
    file). Damage raises DataLossError as TF's reader does (see the module's docstring)."""
    opts = _options(options)
    return RecordReader(path, TFRecordOptions.get_compression_type_string(opts), opts.input_buffer_size)
