"""Event files: tf.summary.FileWriter's output and semantics, the record reader, CRCs, a file real TF
wrote, and TensorBoard's own reader loading what sessionflow writes."""

from __future__ import annotations

import os
import re
import socket
import struct
from pathlib import Path

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import protos
from sessionflow.summary import FileWriter, FileWriterCache, SessionLog, records, summary_iterator

TF_WRITTEN = Path(__file__).parent / "fixtures" / "events_tf_written.tfevents"


def _events(path):
    return list(summary_iterator(path))


def _scalar(tag, value):
    return protos.Summary(value=[protos.Summary.Value(tag=tag, simple_value=value)])


def _training_graph():
    """A small graph with scalar, histogram, image and text summaries merged into one op."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0], [2.0]], name="w")
        loss = tf.reduce_mean(tf.matmul(x, w), name="loss")
        tf.summary.scalar("mean_loss", loss)
        tf.summary.histogram("weights", w)
        tf.summary.image("picture", tf.reshape(tf.range(12, dtype=tf.float32), [1, 2, 2, 3]))
        tf.summary.text("note", tf.constant("step notes"))
        merged = tf.summary.merge_all()
    return graph, x, w, merged


def test_exported_in_the_tf1_namespace():
    assert tf.summary.FileWriter is FileWriter and tf.summary.FileWriterCache is FileWriterCache


@pytest.mark.parametrize("data, crc", [(b"", 0), (b"a", 0xC1D04330), (b"123456789", 0xE3069283),
                                       (bytes(32), 0x8A9136AA), (bytes(range(32)), 0x46DD794E),
                                       (struct.pack("<f", 3.5), 0x8980737D)])
def test_crc32c_vectors(data, crc):
    assert records.crc32c(data) == crc


def test_mask_vectors():
    assert [records.mask(c) for c in (0, 0xE3069283, 0x8980737D, 0x4AADBBD2)] == [
        0xA282EAD8, 0xC78AB0E5, 0x897DFDD8, 0x1A278033]


def test_first_record_is_the_file_version_event(tmp_path):
    writer = FileWriter(str(tmp_path / "logs"))
    name = os.path.basename(writer.path)
    assert name.startswith("events.out.tfevents.") and name.endswith("." + socket.gethostname())
    assert len(name.split(".")[3]) == 10
    (first,) = _events(writer.path)  # written before any flush
    assert first.file_version == "brain.Event:2" and first.wall_time == int(first.wall_time)
    assert writer.get_logdir() == str(tmp_path / "logs")
    writer.close()


def test_filename_suffix_and_no_clobbering(tmp_path):
    a, b = FileWriter(str(tmp_path), filename_suffix=".x"), FileWriter(str(tmp_path), filename_suffix=".x")
    assert a.path != b.path and a.path.endswith(".x") and len(os.listdir(tmp_path)) == 2
    a.close()
    b.close()


def test_events_reach_the_file_on_flush_max_queue_and_close(tmp_path):
    writer = FileWriter(str(tmp_path), max_queue=3)
    writer.add_session_log(SessionLog(status=SessionLog.START), 1)
    assert len(_events(writer.path)) == 1
    writer.flush()
    assert len(_events(writer.path)) == 2
    for step in range(3):
        writer.add_summary(_scalar("s", step), step)
    assert len(_events(writer.path)) == 5  # the queue reached max_queue
    writer.add_summary(_scalar("s", 9), 9)
    writer.close()
    events = _events(writer.path)
    assert [e.step for e in events] == [0, 1, 0, 1, 2, 9]
    assert events[1].HasField("session_log") and events[1].session_log == SessionLog(status=SessionLog.START)
    assert [e.summary.value[0].simple_value for e in events[2:]] == [0.0, 1.0, 2.0, 9.0]


def test_flush_secs_flushes_in_the_background(tmp_path):
    import time

    writer = FileWriter(str(tmp_path), flush_secs=0.05)
    writer.add_summary(_scalar("s", 1))
    deadline = time.time() + 5
    while len(_events(writer.path)) < 2 and time.time() < deadline:
        time.sleep(0.02)
    assert len(_events(writer.path)) == 2
    writer.close()


def test_close_drops_later_events_and_reopen_starts_a_new_file(tmp_path):
    writer = FileWriter(str(tmp_path))
    first = writer.path
    writer.close()
    writer.add_summary(_scalar("s", 1))
    writer.flush()
    writer.close()
    assert len(_events(first)) == 1
    with writer:
        writer.reopen()
        writer.add_summary(_scalar("s", 2), 4)
    assert len(_events(first)) == 1 and os.path.exists(writer.path)
    assert [e.step for e in _events(writer.path)] == [0, 4] and writer.path != first


def test_summary_metadata_is_kept_for_the_first_event_of_a_tag_only(tmp_path):
    with tf.Graph().as_default():
        text = tf.summary.text("note", tf.constant("x"))
        with tf.Session() as sess, FileWriter(str(tmp_path)) as writer:
            for step in range(2):
                writer.add_summary(sess.run(text), step)
    values = [e.summary.value[0] for e in _events(writer.path) if e.HasField("summary")]
    assert [(v.tag, v.HasField("metadata"), v.metadata.plugin_data.plugin_name) for v in values] == [
        ("note", True, "text"), ("note", False, "")]
    assert values[1].tensor.string_val == [b"x"]


def test_full_round_trip(tmp_path):
    graph, x, w, merged = _training_graph()
    with graph.as_default(), tf.Session() as sess:
        writer = FileWriter(str(tmp_path), graph)
        sess.run(w.initializer)
        for step in range(3):
            options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
            metadata = tf.RunMetadata()
            writer.add_summary(sess.run(merged, {x: [[1.0, step]]}, options=options, run_metadata=metadata), step)
        writer.add_run_metadata(metadata, "step2", 2)
        with pytest.raises(ValueError, match="already used"):
            writer.add_run_metadata(metadata, "step2", 3)
        writer.close()
    events = _events(writer.path)
    assert events[0].file_version and events[1].graph_def
    summaries = [e for e in events if e.HasField("summary")]
    assert [e.step for e in summaries] == [0, 1, 2]
    tags = [v.tag for v in summaries[0].summary.value]
    assert tags == ["mean_loss", "weights", "picture/image/0", "note"]
    assert [e.summary.value[0].simple_value for e in summaries] == [1.0, 3.0, 5.0]
    (tagged,) = [e for e in events if e.HasField("tagged_run_metadata")]
    assert tagged.step == 2 and tagged.tagged_run_metadata.tag == "step2" and tagged.tagged_run_metadata.run_metadata


def test_reads_the_file_tensorflow_wrote():
    events = _events(TF_WRITTEN)
    assert events[0].file_version == "brain.Event:2"
    assert events[0].source_metadata.writer == "tensorflow.core.util.events_writer"
    assert events[1].graph_def and events[2].meta_graph_def
    assert events[3].HasField("session_log") and events[3].session_log.status == SessionLog.START
    scalars = [(e.step, v.simple_value) for e in events if e.HasField("summary") for v in e.summary.value
               if v.tag == "loss_1"]
    assert scalars == [(0, 1.0), (1, 3.0), (2, 5.0)]
    histos = [v.histo for e in events if e.HasField("summary") for v in e.summary.value if v.tag == "w_1"]
    assert len(histos) == 3 and histos[0].num == 2 and (histos[0].min, histos[0].max) == (1.0, 2.0)


def test_corruption_raises_data_loss_naming_the_file(tmp_path):
    data = bytearray(TF_WRITTEN.read_bytes())
    path = tmp_path / "events.out.tfevents.corrupt"
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match=str(path)):
        _events(path)


def test_a_partly_written_last_record_is_data_loss_after_the_whole_ones(tmp_path):
    """As TF's reader: the events before it are read, then `truncated record` (test_strict_reading.py compares
    every kind of damage with TF's recorded behaviour)."""
    data = TF_WRITTEN.read_bytes()
    path = tmp_path / "events.out.tfevents.partial"
    path.write_bytes(data[:-7])
    iterator = summary_iterator(path)
    events = [next(iterator) for _ in range(len(_events(TF_WRITTEN)) - 1)]
    assert events[0].file_version == "brain.Event:2"
    with pytest.raises(tf.errors.DataLossError, match=r"^truncated record at \d+' failed with Read less bytes than "
                                                      f"requested in {re.escape(str(path))}$"):
        next(iterator)


def test_reader_api_and_missing_files(tmp_path):
    assert tf.train.summary_iterator is summary_iterator
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        _events(tmp_path / "missing")
    with pytest.raises(tf.errors.FailedPreconditionError, match="Is a directory"):
        _events(tmp_path)


def test_a_length_beyond_the_file_is_truncated_without_reading_it(tmp_path):
    """TF's reader allocates the length it reads (and crashes for a huge one); sessionflow bounds it first."""
    header = struct.pack("<Q", 1 << 40)
    path = tmp_path / "events.out.tfevents.huge"
    path.write_bytes(header + struct.pack("<I", records.masked_crc32c(header)) + b"abc")
    with pytest.raises(tf.errors.DataLossError, match="truncated record at 0'"):
        _events(path)


def test_bad_event_bytes_in_a_valid_record_are_data_loss(tmp_path):
    path = tmp_path / "events.out.tfevents.bad"
    path.write_bytes(records.frame(b"\x0a\xff"))
    with pytest.raises(tf.errors.DataLossError, match="bad"):
        _events(path)


def test_file_writer_cache_shares_one_writer_per_logdir(tmp_path):
    with tf.Graph().as_default():
        tf.constant(1.0, name="c")
        a = FileWriterCache.get(str(tmp_path))
        assert FileWriterCache.get(str(tmp_path)) is a
        FileWriterCache.clear()
    events = _events(a.path)
    assert events[1].graph_def  # the default graph
    assert FileWriterCache.get(str(tmp_path / "other")) is not a
    FileWriterCache.clear()


def test_graph_given_as_graph_def_and_type_errors(tmp_path):
    with FileWriter(str(tmp_path)) as writer:
        with pytest.raises(TypeError):
            writer.add_graph(object())
        with pytest.raises(ValueError):
            writer.add_graph(tf.Graph(), graph_def=tf.Graph().as_graph_def())


# --- TensorBoard's reader ----------------------------------------------------------------------

def test_tensorboard_loads_what_sessionflow_writes(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.compat.proto import summary_pb2

    graph, x, w, merged = _training_graph()
    with graph.as_default(), tf.Session() as sess:
        writer = FileWriter(str(tmp_path), graph)
        sess.run(w.initializer)
        for step in range(3):
            options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
            metadata = tf.RunMetadata()
            data = sess.run(merged, {x: [[1.0, step]]}, options=options, run_metadata=metadata)
            summary_pb2.Summary.FromString(data)  # tensorboard's protobuf parses the op's output
            writer.add_summary(data, step)
        writer.add_run_metadata(metadata, "trace", 2)
        writer.close()
    acc = EventAccumulator(str(tmp_path), size_guidance={"images": 0, "histograms": 0, "scalars": 0})
    acc.Reload()
    tags = acc.Tags()
    assert tags["scalars"] == ["mean_loss"] and tags["histograms"] == ["weights"]
    assert tags["images"] == ["picture/image/0"] and tags["tensors"] == ["note"]
    assert tags["graph"] is True and tags["run_metadata"] == ["trace"]
    assert [(s.step, s.value) for s in acc.Scalars("mean_loss")] == [(0, 1.0), (1, 3.0), (2, 5.0)]
    histo = acc.Histograms("weights")[0].histogram_value
    assert (histo.min, histo.max, histo.num, histo.sum) == (1.0, 2.0, 2.0, 3.0)
    image = acc.Images("picture/image/0")[0]
    assert (image.width, image.height) == (2, 2) and image.encoded_image_string.startswith(b"\x89PNG")
    text = acc.Tensors("note")[0].tensor_proto
    assert text.string_val == [b"step notes"]
    assert acc.SummaryMetadata("note").plugin_data.plugin_name == "text"
    graph_def = acc.Graph()
    names = {node.name: node for node in graph_def.node}
    assert names["loss"].op == "Mean" and names["w"].op == "VariableV2"
    assert list(names["MatMul"].input) == ["x", "w/read"]
    run_metadata = acc.RunMetadata("trace")
    node_names = [n.node_name for n in run_metadata.step_stats.dev_stats[0].node_stats]
    assert "MatMul" in node_names


def test_tensorboard_images_decode_to_the_summary_pixels(tmp_path):
    pytest.importorskip("tensorboard")
    PIL = pytest.importorskip("PIL.Image")
    import io

    pixels = (np.arange(2 * 3 * 4 * 3) % 256).astype(np.uint8).reshape(2, 3, 4, 3)
    with tf.Graph().as_default():
        summary = tf.summary.image("img", tf.constant(pixels), max_outputs=1)
        with tf.Session() as sess:
            (value,) = protos.Summary.FromString(sess.run(summary)).value
    decoded = np.asarray(PIL.open(io.BytesIO(value.image.encoded_image_string)))
    np.testing.assert_array_equal(decoded, pixels[0])


def test_accepts_sessionflow_protobuf_messages(tmp_path):
    summary = protos.Summary(value=[protos.Summary.Value(tag="manual", simple_value=1.5)])
    with FileWriter(str(tmp_path)) as writer:
        writer.add_summary(summary, 10)
        writer.add_session_log(protos.SessionLog(status=protos.SessionLog.STOP), 11)
    events = _events(writer.path)
    value = events[1].summary.value[0]
    assert (events[1].step, value.tag, value.simple_value) == (10, "manual", 1.5)
    assert events[2].HasField("session_log") and events[2].session_log.status == SessionLog.STOP
