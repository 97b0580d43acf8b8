"""Record the queue/reader/queue-runner goldens from real TensorFlow.

Usage (with the Python of a venv that has TensorFlow installed; sessionflow never imports it):

    /root/tfenv/bin/python tools/record_queues.py

Runs every program of tests/queues/queue_programs.py on TF (graph mode, reference variables) and writes
their results to tests/queues/fixtures/queue_programs.json, which tests/queues/test_queue_programs.py
compares with sessionflow's results for the same programs; also writes TF's GraphDef of
`queue_programs.graph_file` (queue_graph.pb) and TF's MetaGraph of a pipeline with its queue runners
(queue_pipeline.meta), which the tests import and run.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow.compat.v1 as tf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "queues"))
from queue_programs import (PROGRAMS, build_meta_graph_pipeline, graph_file, run_meta_graph_pipeline,  # noqa: E402
                            write_meta_graph_inputs)

FIXTURES = ROOT / "tests" / "queues" / "fixtures"
OUT = FIXTURES / "queue_programs.json"


def _meta_graph_pipeline() -> dict:
    """Writes TF's MetaGraph of queue_programs.build_meta_graph_pipeline (queue_pipeline.meta, its
    queue_runners collection included) and what running it after import_meta_graph gives."""
    with build_meta_graph_pipeline(tf).as_default():
        tf.train.export_meta_graph(str(FIXTURES / "queue_pipeline.meta"))
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as workdir:
        write_meta_graph_inputs(workdir)
        os.chdir(workdir)
        try:
            graph = tf.Graph()
            with graph.as_default():
                tf.train.import_meta_graph(str(FIXTURES / "queue_pipeline.meta"))
            return run_meta_graph_pipeline(tf, graph)
        finally:
            os.chdir(cwd)


def main() -> None:
    tf.disable_eager_execution()
    tf.disable_resource_variables()
    tf.logging.set_verbosity(tf.logging.ERROR)
    results = {}
    for name, program in PROGRAMS.items():
        with tempfile.TemporaryDirectory() as workdir:
            results[name] = program(tf, workdir)
        print(f"recorded {name}")
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        graph, results["graph_file"] = graph_file(tf, workdir)
    tf.io.write_graph(graph.as_graph_def(), str(FIXTURES), "queue_graph.pb", as_text=False)
    results["meta_graph_pipeline"] = _meta_graph_pipeline()
    OUT.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
