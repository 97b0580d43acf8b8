"""TensorBoard summaries and event files; this package is also the `tf.summary` namespace.

The summary ops themselves (`tf.summary.scalar`, ...) are in sessionflow/ops/summary_ops.py;
`FileWriter`/`FileWriterCache` in writer.py; event-file reading (`summary_iterator`) here. The
messages (`Event`, `Summary`, ...) are sessionflow.io.protos'. Modules: content.py (TF's histogram
bucketing), records.py (TFRecord framing, masked CRC32C, the record reader).
"""

from __future__ import annotations

from collections.abc import Iterator

from google.protobuf.message import DecodeError

from ..framework import errors
from ..framework.api import tf_export
from ..io import protos
from . import records
from . import v2_compat as _v2_compat  # noqa: F401 - summary.initialize, SummaryDescription, ...
from .writer import FileWriter, FileWriterCache, SessionLog

__all__ = ["FileWriter", "FileWriterCache", "SessionLog", "summary_iterator"]


# TF's event and summary messages, under their TF1 API names.
tf_export("Summary", "summary.Summary")(protos.Summary)
tf_export("Event", "summary.Event")(protos.Event)
tf_export("HistogramProto")(protos.HistogramProto)
tf_export("SummaryMetadata")(protos.SummaryMetadata)
tf_export("SessionLog")(protos.SessionLog)
tf_export("LogMessage")(protos.LogMessage)
tf_export("summary.TaggedRunMetadata")(protos.TaggedRunMetadata)
tf_export("MetaGraphDef")(protos.MetaGraphDef)
tf_export("NameAttrList")(protos.NameAttrList)
tf_export("TensorInfo")(protos.TensorInfo)
tf_export("train.SaverDef")(protos.SaverDef)


@tf_export("train.summary_iterator")
def summary_iterator(path) -> Iterator[protos.Event]:
    """Each event in the event file at `path`, as a `tensorflow.Event` message, as TF's
    `tf.compat.v1.train.summary_iterator` yields them. A record cut short or failing its checksum raises
    TF's `tf.errors.DataLossError` (`truncated record at ...`, `corrupted record at ...`; records.py), as
    does a record that is not an Event; every DataLossError names the file. The events before the damage
    are yielded first, as in TF."""
    for index, data in enumerate(records.read_records(path)):
        try:
            yield protos.Event.FromString(data)
        except DecodeError as e:
            raise errors.DataLossError(None, None, f"corrupted event record {index} in {path}: {e}") from None
