"""`tf.summary.FileWriter` and `tf.summary.FileWriterCache`: TensorBoard event files.

A FileWriter creates `logdir` (and parents) and a new file `events.out.tfevents.<%010d seconds>.
<hostname><filename_suffix>` in it, whose first record, written and flushed at once, is the
`file_version` event ("brain.Event:2"). Events added later are queued: they reach the file when
`max_queue` are pending, every `flush_secs` seconds (a daemon thread), on `flush()` and on
`close()`. After `close()`, adding events does nothing until `reopen()`, which starts a new file.
The file is an append-only stream of TFRecords (records.py); a reader sees whole records only.

If a file of the same name already exists (two writers in one directory in one second), the new
file gets a `.1`, `.2`, ... suffix instead of truncating it, which TensorBoard still reads.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from typing import ClassVar

from ..framework.api import tf_export
from ..io import protos
from . import records

FILE_VERSION = "brain.Event:2"
SOURCE_WRITER = "sessionflow"

SessionLog = protos.SessionLog  # `tf.summary.SessionLog`: status START, STOP or CHECKPOINT, as in TF


def _serialized(message) -> bytes:
    """`message` as bytes: bytes as they are, else its `SerializeToString()` (any protobuf runtime's
    message: sessionflow.io.protos', TF's, tensorboard's)."""
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)
    serialize = getattr(message, "SerializeToString", None)
    if serialize is None:
        raise TypeError(f"Expected a protocol buffer message or its serialized bytes, got {type(message).__name__}")
    return serialize()


def _as_message(cls, message):
    """`message` as a `cls` (a sessionflow.io.protos class): itself, or parsed from its bytes."""
    return message if isinstance(message, cls) else cls.FromString(_serialized(message))


def _run_metadata_bytes(run_metadata) -> bytes:
    """A serialized RunMetadata: the message's own bytes, or TF's layout of sessionflow's
    `RunMetadata.step_stats` records (runtime/observe.py)."""
    if hasattr(run_metadata, "SerializeToString"):
        return run_metadata.SerializeToString()
    proto = protos.RunMetadata()
    proto.step_stats.SetInParent()
    for device in getattr(run_metadata.step_stats, "dev_stats", []):
        device_proto = proto.step_stats.dev_stats.add(device=device.device)
        for ns in device.node_stats:
            node = device_proto.node_stats.add(
                node_name=ns.node_name, all_start_micros=ns.all_start_micros,
                op_start_rel_micros=getattr(ns, "op_start_rel_micros", 0), op_end_rel_micros=ns.op_end_rel_micros,
                all_end_rel_micros=getattr(ns, "all_end_rel_micros", ns.op_end_rel_micros),
                timeline_label=getattr(ns, "timeline_label", ""))
            for slot, shape in enumerate(getattr(ns, "output", [])):
                dims = shape if isinstance(shape, (tuple, list)) else ()
                node.output.add(slot=slot).tensor_description.shape.CopyFrom(protos.shape_to_proto(dims))
    return proto.SerializeToString()


class _EventFile:
    """One open event file: appends framed events; `flush` pushes them to the OS and the disk."""

    def __init__(self, logdir: str, suffix: str):
        os.makedirs(logdir, exist_ok=True)
        stem = os.path.join(logdir, f"events.out.tfevents.{int(time.time()):010d}.{socket.gethostname()}{suffix}")
        path, n = stem, 0
        while True:
            try:
                self._file = open(path, "xb")  # noqa: SIM115 - open until close()
                break
            except FileExistsError:
                n += 1
                path = f"{stem}.{n}"
        self.path = path

    def write(self, serialized_events) -> None:
        """Appends the events, as whole records, and hands them to the OS."""
        self._file.write(b"".join(records.frame(e) for e in serialized_events))
        self._file.flush()

    def flush(self) -> None:
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self.flush()
        self._file.close()


@tf_export("summary.FileWriter")
class FileWriter:
    """Writes Summary, Graph, SessionLog and RunMetadata events for TensorBoard into `logdir`."""

    def __init__(self, logdir, graph=None, max_queue: int = 10, flush_secs: float = 120, graph_def=None,
                 filename_suffix: str | None = None, session=None):
        if session is not None:
            raise NotImplementedError("sessionflow's FileWriter does not write through a session; pass logdir")
        self._logdir = str(logdir)
        self._max_queue = max(1, int(max_queue))
        self._flush_secs = flush_secs
        self._suffix = filename_suffix or ""
        self._lock = threading.RLock()
        self._pending: list[bytes] = []
        self._seen_summary_tags: set = set()
        self._run_metadata_tags: set = set()
        self._file = None
        self._closed = True
        self._open()
        if graph is not None or graph_def is not None:
            self.add_graph(graph, graph_def=graph_def)
            self._add_graph_meta_graph(graph if graph is not None else graph_def)

    # --- lifecycle ----------------------------------------------------------------------------
    def _open(self) -> None:
        self._file = _EventFile(self._logdir, self._suffix)
        first = protos.Event(wall_time=float(int(time.time())), file_version=FILE_VERSION,
                             source_metadata=protos.SourceMetadata(writer=SOURCE_WRITER))
        self._file.write([first.SerializeToString()])
        self._file.flush()
        self._closed = False
        self._stop = threading.Event()
        self._flusher = threading.Thread(target=self._flush_periodically, args=(self._stop,), daemon=True,
                                         name="FileWriter flusher")
        self._flusher.start()

    def _flush_periodically(self, stop: threading.Event) -> None:
        while not stop.wait(self._flush_secs):
            self.flush()

    def get_logdir(self) -> str:
        return self._logdir

    @property
    def path(self) -> str:
        """The event file being written (sessionflow addition; TF's C++ writer keeps it private)."""
        return self._file.path

    def flush(self) -> None:
        """Writes every pending event and syncs the file to disk."""
        with self._lock:
            if self._closed:
                return
            self._write_pending()
            self._file.flush()

    def close(self) -> None:
        """Flushes and closes the file; later events are dropped until `reopen()`."""
        with self._lock:
            if self._closed:
                return
            self._write_pending()
            self._file.close()
            self._closed = True
            self._stop.set()

    def reopen(self) -> None:
        """After `close()`, starts a new event file in the same logdir (no-op while open)."""
        with self._lock:
            if self._closed:
                self._open()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _write_pending(self) -> None:
        if self._pending:
            self._file.write(self._pending)
            self._pending = []

    # --- events -------------------------------------------------------------------------------
    def add_event(self, event) -> None:
        """Queues an Event (a message with `SerializeToString`, or its serialized bytes)."""
        data = _serialized(event)
        with self._lock:
            if self._closed:
                return
            self._pending.append(data)
            if len(self._pending) >= self._max_queue:
                self._write_pending()

    def _add(self, global_step, **payload) -> None:
        step = 0 if global_step is None else int(global_step)
        self.add_event(protos.Event(wall_time=time.time(), step=step, **payload))

    def add_summary(self, summary, global_step=None) -> None:
        """Adds a Summary (message or serialized bytes, e.g. `sess.run(summary_op)`). Summary
        metadata is kept the first time a tag is seen only, as TF does."""
        summary = protos.Summary.FromString(_serialized(summary))
        for value in summary.value:
            if value.tag in self._seen_summary_tags:
                value.ClearField("metadata")
            self._seen_summary_tags.add(value.tag)
        self._add(global_step, summary=summary)

    def add_graph(self, graph, global_step=None, graph_def=None) -> None:
        """Adds a graph event: `graph.as_graph_def(add_shapes=True)`, or a GraphDef given as `graph`
        (or the deprecated `graph_def`)."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        source = graph if graph is not None else graph_def
        if hasattr(source, "as_graph_def"):
            source = source.as_graph_def(add_shapes=True)
        if not hasattr(source, "SerializeToString"):
            raise TypeError("The passed graph must be an instance of `Graph` or the deprecated `GraphDef`")
        self._add(global_step, graph_def=source.SerializeToString())

    def _add_graph_meta_graph(self, graph) -> None:
        """TF's FileWriter follows the graph it is given with that graph's MetaGraphDef."""
        from ..io.meta_graph import export_meta_graph

        if hasattr(graph, "as_graph_def"):
            self.add_meta_graph(export_meta_graph(graph=graph))
        else:
            self.add_meta_graph(export_meta_graph(graph_def=graph))

    def add_meta_graph(self, meta_graph_def, global_step=None) -> None:
        """Adds a MetaGraphDef (a message with `SerializeToString`, or bytes)."""
        self._add(global_step, meta_graph_def=_serialized(meta_graph_def))

    def add_session_log(self, session_log, global_step=None) -> None:
        """Adds a SessionLog (START makes TensorBoard drop older events at or after `global_step`)."""
        self._add(global_step, session_log=_as_message(protos.SessionLog, session_log))

    def add_run_metadata(self, run_metadata, tag: str, global_step=None) -> None:
        """Adds a RunMetadata (e.g. one filled by a FULL_TRACE run) under `tag`, which must be new."""
        if tag in self._run_metadata_tags:
            raise ValueError("The provided tag was already used for this event type")
        self._run_metadata_tags.add(tag)
        self._add(global_step, tagged_run_metadata=protos.TaggedRunMetadata(
            tag=tag, run_metadata=_run_metadata_bytes(run_metadata)))


@tf_export("summary.FileWriterCache")
class FileWriterCache:
    """One FileWriter per logdir, shared (TF's `FileWriterCache`); writers get the default graph."""

    _cache: ClassVar[dict] = {}
    _lock = threading.Lock()

    @staticmethod
    def get(logdir) -> FileWriter:
        from ..framework.graph import get_default_graph

        with FileWriterCache._lock:
            writer = FileWriterCache._cache.get(logdir)
            if writer is None:
                writer = FileWriterCache._cache[logdir] = FileWriter(logdir, graph=get_default_graph())
            return writer

    @staticmethod
    def clear() -> None:
        """Closes and forgets every cached writer."""
        with FileWriterCache._lock:
            for writer in FileWriterCache._cache.values():
                writer.close()
            FileWriterCache._cache.clear()
