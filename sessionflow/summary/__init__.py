"""TensorBoard summaries and event files; this package is also the `tf.summary` namespace.

The summary ops themselves (`tf.summary.scalar`, ...) are in sessionflow/ops/summary_ops.py;
`FileWriter`/`FileWriterCache` in writer.py; event-file reading (`summary_iterator`) here. The
messages (`Event`, `Summary`, ...) are sessionflow.io.protos'. Modules: content.py (TF's histogram
bucketing, PNG encoding), records.py (TFRecord framing, masked CRC32C, the record reader).
"""

from __future__ import annotations

from collections.abc import Iterator

from google.protobuf.message import DecodeError

from ..framework import errors
from ..io import protos
from . import records
from .writer import FileWriter, FileWriterCache, SessionLog

__all__ = ["FileWriter", "FileWriterCache", "SessionLog", "summary_iterator"]


def summary_iterator(path) -> Iterator[protos.Event]:
    """Each event in the event file at `path`, as a `tensorflow.Event` message (as TF's
    `summary_iterator` yields). Corrupt records or events raise `tf.errors.DataLossError` naming
    the file; a partly written last record is not an error."""
    for index, data in enumerate(records.read_records(path)):
        try:
            yield protos.Event.FromString(data)
        except DecodeError as e:
            raise errors.DataLossError(None, None, f"corrupted event record {index} in {path}: {e}") from None
