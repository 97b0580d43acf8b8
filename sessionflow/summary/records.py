"""TFRecord framing (the container of event files) and TensorFlow's masked CRC32C.

A record is `uint64 length | masked_crc32c(length bytes) | data | masked_crc32c(data)`, all little
endian (shared/spec/events.md section 2). `frame(data)` builds one; `read_records(path)` yields each
record's data, checking both checksums. A file that ends inside a record (still being written) ends
the iteration quietly, as TF's reader does; anything else that is wrong (a checksum mismatch, an
absurd length) raises `tf.errors.DataLossError` naming the file and offset.
"""

from __future__ import annotations

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
# Larger records are treated as corruption rather than attempted (TF has no hard limit; 2 GiB is
# the protobuf message limit).
MAX_RECORD_BYTES = 1 << 31


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
    """Each record's data in the TFRecord file at `path`.

    Raises DataLossError (naming `path`) on a checksum mismatch or an impossible length; a record
    cut short by the end of the file ends the iteration (the writer may still be writing it).
    """
    path = str(path)
    with open(path, "rb") as f:
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
            if length > MAX_RECORD_BYTES:
                raise errors.DataLossError(None, None, f"corrupted record at {offset} in {path}: length {length} "
                                                       "is too large")
            body = f.read(length + 4)
            if len(body) < length + 4:
                return
            data = body[:length]
            (data_crc,) = _CRC.unpack_from(body, length)
            if masked_crc32c(data) != data_crc:
                raise errors.DataLossError(None, None, f"corrupted record at {offset} in {path}: data checksum "
                                                       "mismatch")
            yield data
            offset += 12 + length + 4
