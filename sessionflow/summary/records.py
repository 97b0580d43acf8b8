"""TFRecord framing (the container of event files) and TensorFlow's masked CRC32C.

A record is `uint64 length | masked_crc32c(length bytes) | data | masked_crc32c(data)`, all little
endian (shared/spec/events.md section 2). `frame(data)` builds one; `read_records(path)` yields each
record's data, checking both checksums. As TF's reader: a file that ends inside a record's header ends
the iteration; one that ends inside a record's data raises `tf.errors.DataLossError: truncated record`,
and a checksum mismatch `corrupted record`, both naming the offset and the file.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator

from ..framework import errors

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
# TF's reader refuses lengths this large outright ("record size too large"); smaller ones past the end of
# the file are truncated records.
_TOO_LARGE = (1 << 64) - 5


def mask(crc: int) -> int:
    """TF's masked form of a CRC (rotate right by 15, add a constant)."""
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + _MASK_DELTA) & 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    return mask(crc32c(data))


def frame(data: bytes) -> bytes:
    """One TFRecord holding `data`."""
    length = _LENGTH.pack(len(data))
    return length + _CRC.pack(masked_crc32c(length)) + data + _CRC.pack(masked_crc32c(data))


def read_records(path) -> Iterator[bytes]:
    """Each record's data in the TFRecord file at `path`, read as TF's record reader does.

    A file that ends inside a record's 12-byte header ends the iteration (TF reads that as the end of the
    file); a record whose data or footer is cut short is `DataLossError: truncated record at OFFSET`, a
    checksum mismatch `corrupted record at OFFSET` (the header's offset for the length checksum, the data's
    for the data checksum), TF's offsets and words, followed by the file's path. Lengths are bounded by the
    file size before anything is read. A missing file is NotFoundError, a directory
    FailedPreconditionError, as in TF.
    """
    path = os.fspath(path)
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed by the with below, after the size is known
    except (FileNotFoundError, NotADirectoryError):
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    except IsADirectoryError:
        raise errors.FailedPreconditionError(None, None, f"{path}; Is a directory") from None
    with f:
        size = os.fstat(f.fileno()).st_size
        offset = 0
        while True:
            header = f.read(12)
            if len(header) < 12:
                return
            (length,) = _LENGTH.unpack_from(header)
            (length_crc,) = _CRC.unpack_from(header, 8)
            if masked_crc32c(header[:8]) != length_crc:
                raise errors.DataLossError(None, None, f"corrupted record at {offset} in {path}: length checksum "
                                                       "mismatch")
            if length >= _TOO_LARGE:
                raise errors.DataLossError(None, None, f"record size too large at {offset} in {path}")
            if offset + 12 + length + 4 > size:
                raise errors.DataLossError(None, None, f"truncated record at {offset}' failed with Read less bytes "
                                                       f"than requested in {path}")
            body = f.read(length + 4)
            if len(body) < length + 4:  # the file shrank while being read
                raise errors.DataLossError(None, None, f"truncated record at {offset}' failed with Read less bytes "
                                                       f"than requested in {path}")
            data = body[:length]
            (data_crc,) = _CRC.unpack_from(body, length)
            if masked_crc32c(data) != data_crc:
                raise errors.DataLossError(None, None, f"corrupted record at {offset + 12} in {path}: data checksum "
                                                       "mismatch")
            yield data
            offset += 12 + length + 4
