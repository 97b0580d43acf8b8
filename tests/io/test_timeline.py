"""sessionflow.timeline: Chrome trace JSON of a FULL_TRACE run, in the structure TF's timeline writes
(compared with the structure recorded from TF 2.21 in fixtures/events_golden.json)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

import sessionflow as tf
from sessionflow.timeline import Timeline

GOLDEN = json.loads((Path(__file__).parent / "fixtures" / "events_golden.json").read_text())["timeline"]
DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"


def _traced_run():
    with tf.Graph().as_default():
        a = tf.constant([[1.0, 2.0]], name="a")
        b = tf.placeholder(tf.float32, [2, 1], name="b")
        out = tf.nn.relu(tf.matmul(a, b, name="product") + 1.0, name="out")
        with tf.Session() as sess:
            metadata = tf.RunMetadata()
            sess.run(out, {b: [[3.0], [4.0]]}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                     run_metadata=metadata)
    return metadata


def _node(name, label, start, duration, outputs=((1,),)):
    return SimpleNamespace(node_name=name, timeline_label=label, all_start_micros=start, op_end_rel_micros=duration,
                           all_end_rel_micros=duration, output=list(outputs))


def _stats(*nodes, device=DEVICE):
    return SimpleNamespace(dev_stats=[SimpleNamespace(device=device, node_stats=list(nodes))])


def test_trace_of_a_sessionflow_run_has_tfs_structure():
    trace = json.loads(Timeline(_traced_run().step_stats).generate_chrome_trace_format())
    assert sorted(trace) == GOLDEN["top_level_keys"]
    events = trace["traceEvents"]
    metadata = [e for e in events if e["ph"] == "M"]
    assert metadata == GOLDEN["metadata_events"][:3]  # Allocators, then the CPU's Compute and Tensors
    for event in events:
        assert sorted(event) == GOLDEN["keys_by_phase"][event["ph"]]
    ops = [e for e in events if e["ph"] == "X"]
    by_name = {e["args"]["name"]: e for e in ops}
    assert by_name["product"]["name"] == "MatMul" and by_name["product"]["args"]["op"] == "MatMul"
    assert by_name["out"]["cat"] == "Op" and by_name["out"]["pid"] == 1
    assert all(e["dur"] >= 1 and e["ts"] > 1e15 for e in ops)  # microseconds since the epoch


def test_recorded_golden_is_what_tf_writes():
    example = GOLDEN["complete_example"]
    assert example["ph"] == "X" and example["cat"] == "Op" and set(example["args"]) >= {"name", "op"}


def test_lanes_keep_overlapping_ops_apart_and_dataflow_links_lanes():
    stats = _stats(_node("a", "a = Const()", 10, 5),
                   _node("b", "b = Const()", 12, 5),
                   _node("c", "c = Add(a, b)", 20, 3))
    events = json.loads(Timeline(stats).generate_chrome_trace_format(show_dataflow=True))["traceEvents"]
    ops = {e["args"]["name"]: e for e in events if e["ph"] == "X"}
    assert (ops["a"]["tid"], ops["b"]["tid"], ops["c"]["tid"]) == (0, 1, 0)
    assert ops["c"]["args"] == {"name": "c", "op": "Add", "input0": "a", "input1": "b"}
    flows = [e for e in events if e["ph"] in "st"]
    assert [(e["ph"], e["name"], e["tid"], e["ts"], e["id"]) for e in flows] == [
        ("s", "b", 1, 17, 0), ("t", "b", 0, 20, 0)]  # a -> c share a lane: no arrow, as in TF
    assert all(e["cat"] == "DataFlow" for e in flows)
    quiet = json.loads(Timeline(stats).generate_chrome_trace_format(show_dataflow=False))["traceEvents"]
    assert not [e for e in quiet if e["ph"] in "st"]


def test_show_memory_adds_tensor_objects_and_counters():
    stats = _stats(_node("a", "a = Const()", 10, 5), _node("c", "c = Neg(a)", 20, 3))
    events = json.loads(Timeline(stats).generate_chrome_trace_format(show_memory=True))["traceEvents"]
    phases = {e["ph"] for e in events}
    assert {"N", "O", "D", "C"} <= phases
    deleted = {e["name"]: e["ts"] for e in events if e["ph"] == "D"}
    assert deleted["a"] == 22  # last used by c (ends at 23, minus one, as TF counts)


def test_unparsable_labels_and_bad_op_time():
    stats = _stats(_node("x", "not a label", 1, 1))
    (op,) = [e for e in json.loads(Timeline(stats).generate_chrome_trace_format())["traceEvents"] if e["ph"] == "X"]
    assert op["name"] == "unknown" and op["args"] == {"name": "x", "op": "unknown"}
    with pytest.raises(ValueError):
        Timeline(stats).generate_chrome_trace_format(op_time="wall")


def test_reads_a_step_stats_protobuf(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.compat.proto import config_pb2

    from sessionflow.summary.writer import _run_metadata_bytes

    proto = config_pb2.RunMetadata.FromString(_run_metadata_bytes(_traced_run()))
    events = json.loads(Timeline(proto.step_stats).generate_chrome_trace_format(show_memory=True))["traceEvents"]
    assert "MatMul" in {e["name"] for e in events if e["ph"] == "X"}
