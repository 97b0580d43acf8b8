"""Records what real TensorFlow does with the damaged event files and invalid GraphDefs of
tests/io/strict_cases.py, into tests/io/fixtures/strict_reading.json (replayed by
tests/io/test_strict_reading.py). Run with the TF venv:

    /root/tfenv/bin/python tools/record_strict_reading.py

For each event-file case: how many events `tf.compat.v1.train.summary_iterator` yields and the error it then
raises (type and message), or none. For each GraphDef case: the error `tf.import_graph_def` raises, or none
(then the value of the last node's first output when it is a constant expression).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

import tensorflow as tf_root
from google.protobuf import text_format

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIXTURES = os.path.join(ROOT, "tests", "io", "fixtures")
sys.path.insert(0, os.path.join(ROOT, "tests", "io"))
from strict_cases import GRAPH_DEF_CASES, event_file_cases  # noqa: E402 - shared with the tests

tf = tf_root.compat.v1
tf.disable_eager_execution()


def _error(e: Exception) -> dict:
    return {"type": type(e).__name__, "message": str(e)}


def record_event_files() -> dict:
    with open(os.path.join(FIXTURES, "events_tf_written.tfevents"), "rb") as f:
        data = f.read()
    out = {}
    with tempfile.TemporaryDirectory() as directory:
        for name, damaged in event_file_cases(data).items():
            path = os.path.join(directory, f"events.out.tfevents.{name}")
            with open(path, "wb") as f:
                f.write(damaged)
            events, error = 0, None
            try:
                for _ in tf.train.summary_iterator(path):
                    events += 1
            except Exception as e:  # noqa: BLE001 - recording whatever TF raises
                error = _error(e)
            out[name] = {"events": events, "error": error}
    return out


def record_graph_defs() -> dict:
    out = {}
    for name, (text, scope) in GRAPH_DEF_CASES.items():
        graph_def = tf.GraphDef()
        text_format.Parse(text, graph_def)
        with tf.Graph().as_default():
            try:
                tf.import_graph_def(graph_def, name=scope)
            except Exception as e:  # noqa: BLE001
                out[name] = {"error": _error(e)}
                continue
            last = (scope + "/" if scope else "") + graph_def.node[-1].name + ":0"
            with tf.Session() as sess:
                out[name] = {"error": None, "value": sess.run(last).tolist()}
    return out


if __name__ == "__main__":
    golden = {"tensorflow": tf_root.__version__, "event_files": record_event_files(),
              "graph_defs": record_graph_defs()}
    path = os.path.join(FIXTURES, "strict_reading.json")
    with open(path, "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", path)
