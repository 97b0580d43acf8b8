"""TensorBoard summaries and event files; this package is also the `tf.summary` namespace.

The summary ops themselves (`tf.summary.scalar`, ...) are in sessionflow/ops/summary_ops.py;
`FileWriter`/`FileWriterCache` in writer.py; event-file reading (`summary_iterator`) here.
Modules: wire.py (protobuf wire format), messages.py (Event/Summary encoders and decoders),
records.py (TFRecord framing, masked CRC32C, the record reader).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..framework import errors
from . import messages, records, wire
from .writer import FileWriter, FileWriterCache, SessionLog

__all__ = ["FileWriter", "FileWriterCache", "SessionLog", "summary_iterator"]


def summary_iterator(path) -> Iterator[messages.Event]:
    """Each event in the event file at `path`, decoded (messages.Event). Corrupt records or events
    raise `tf.errors.DataLossError` naming the file; a partly written last record is not an error."""
    for index, data in enumerate(records.read_records(path)):
        try:
            yield messages.parse_event(data)
        except wire.WireError as e:
            raise errors.DataLossError(None, None, f"corrupted event record {index} in {path}: {e}") from None
