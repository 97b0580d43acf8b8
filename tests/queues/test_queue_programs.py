"""Whole TF1 programs with queues, readers and queue runners give TF's recorded results
(tests/queues/fixtures/queue_programs.json, from tools/record_queues.py)."""

import json
import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from queue_programs import (PROGRAMS, build_meta_graph_pipeline, graph_file, run_graph_file,  # noqa: E402
                            run_meta_graph_pipeline, write_meta_graph_inputs)

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
with open(os.path.join(FIXTURES, "queue_programs.json")) as _f:
    RECORDED = json.load(_f)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_tensorflow(name, tmp_path):
    assert PROGRAMS[name](tf, str(tmp_path)) == RECORDED[name]


def test_the_same_graph_as_tensorflow_builds(tmp_path):
    _, built = graph_file(tf, str(tmp_path))
    assert built == RECORDED["graph_file"]


def test_tensorflows_graph_file_of_queue_and_reader_ops_imports_and_runs(tmp_path):
    """TF's own GraphDef (FIFOQueueV2, RandomShuffleQueueV2, TextLineReaderV2, ...) runs here with TF's
    results, RandomShuffleQueue's draws included; exported again, it runs the same."""
    text = tmp_path / "lines.txt"
    text.write_bytes(b"header\nA\nB\n")
    graph_def = tf.GraphDef()
    with open(os.path.join(FIXTURES, "queue_graph.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    for _ in range(2):
        graph = tf.Graph()
        with graph.as_default():
            tf.import_graph_def(graph_def, name="")
        assert run_graph_file(tf, graph, str(text)) == RECORDED["graph_file"]["results"]
        graph_def = graph.as_graph_def()


def test_tensorflows_meta_graph_brings_back_its_queue_runners(tmp_path, monkeypatch):
    """TF's MetaGraph holds the queue runners as QueueRunnerDefs: imported here, start_queue_runners
    starts them and the pipeline gives TF's batches; sessionflow's own export holds TF's bytes for them."""
    write_meta_graph_inputs(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    graph = tf.Graph()
    with graph.as_default():
        tf.train.import_meta_graph(os.path.join(FIXTURES, "queue_pipeline.meta"))
    assert run_meta_graph_pipeline(tf, graph) == RECORDED["meta_graph_pipeline"]

    recorded = tf.MetaGraphDef()
    with open(os.path.join(FIXTURES, "queue_pipeline.meta"), "rb") as f:
        recorded.ParseFromString(f.read())
    with build_meta_graph_pipeline(tf).as_default():
        exported = tf.train.export_meta_graph()
    assert (exported.collection_def["queue_runners"].bytes_list.value
            == recorded.collection_def["queue_runners"].bytes_list.value)
    graph = tf.Graph()
    with graph.as_default():
        tf.train.import_meta_graph(exported)
    assert run_meta_graph_pipeline(tf, graph) == RECORDED["meta_graph_pipeline"]
