"""The record layer of event files: TFRecord framing and TF's masked CRC32C, from io/tfrecord.py.

Event files are uncompressed TFRecord files (shared/spec/events.md section 2); `frame(data)` builds one
record and `read_records(path)` yields each record's data, with TF's reader's errors (`truncated record
at`, `corrupted record at`, naming the offset and the file). io/tfrecord.py holds the one implementation.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..io.tfrecord import crc32c, frame, mask, masked_crc32c
from ..io.tfrecord import iter_records as _iter_records

__all__ = ["crc32c", "frame", "mask", "masked_crc32c", "read_records"]


def read_records(path) -> Iterator[bytes]:
    """Each record's data in the (uncompressed) TFRecord file at `path`, read as TF's record reader does."""
    return _iter_records(path)
