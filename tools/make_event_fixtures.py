"""Record the TensorBoard summary/event goldens from real TensorFlow (TF1 graph mode).

Usage (with the Python of a venv that has TensorFlow installed; sessionflow never imports it):

    /opt/tfvenv/bin/python tools/make_event_fixtures.py

Writes, under tests/io/fixtures/:

* ``events_golden.json``: for each summary case of ``CASES`` (the same cases tests/io/test_summary.py
  builds with sessionflow), the ops it created (name, type, inputs), the summary collection, and the
  serialized ``Summary`` (hex) its op returns, or the error message; image summaries also record
  each image's decoded pixels. Also the
  chrome-trace structure TF's ``timeline.Timeline`` produced for a small traced run.
* ``events_tf_written.tfevents``: an event file TF's ``FileWriter`` wrote (file_version, graph,
  meta graph, a scalar and a histogram summary, a session log), read by tests/io/test_events.py.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow.compat.v1 as tf
from tensorflow.python.client import timeline

tf.disable_v2_behavior()

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "io" / "fixtures"


sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "io"))
from summary_cases import summary_cases  # noqa: E402 - the cases tests/io/test_summary.py replays

CASES = summary_cases(tf)


def _record_case(build) -> dict:
    graph = tf.Graph()
    with graph.as_default():
        result = {}
        try:
            summary = build()
        except (ValueError, TypeError) as error:
            return {"build_error": str(error)}
        result["ops"] = [[op.name, op.type, [t.name for t in op.inputs]] for op in graph.get_operations()]
        result["collection"] = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
        result["output"] = summary.name
        with tf.Session() as sess:
            try:
                data = sess.run(summary)
            except tf.errors.OpError as error:
                result["run_error"] = [type(error).__name__, error.message]
                return result
            result["summary_hex"] = data.hex()
            parsed = tf.Summary.FromString(data)
            images = []
            for value in parsed.value:
                if value.HasField("image"):
                    pixels = sess.run(tf.image.decode_png(value.image.encoded_image_string))
                    images.append({"tag": value.tag, "height": value.image.height, "width": value.image.width,
                                   "colorspace": value.image.colorspace, "pixels": pixels.tolist()})
            if images:
                result["images"] = images
    return result


def _record_timeline() -> dict:
    graph = tf.Graph()
    with graph.as_default():
        a = tf.constant([[1.0, 2.0]], name="a")
        b = tf.constant([[3.0], [4.0]], name="b")
        product = tf.matmul(a, b, name="product")
        out = tf.nn.relu(product + 1.0, name="out")
        with tf.Session() as sess:
            options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
            metadata = tf.RunMetadata()
            sess.run(out, options=options, run_metadata=metadata)
    trace = json.loads(timeline.Timeline(metadata.step_stats).generate_chrome_trace_format(show_dataflow=True))
    keys_by_phase = {}
    for event in trace["traceEvents"]:
        keys_by_phase.setdefault(event["ph"], sorted(event))
    return {"top_level_keys": sorted(trace), "keys_by_phase": keys_by_phase,
            "metadata_events": [e for e in trace["traceEvents"] if e["ph"] == "M"][:4],
            "complete_example": next((e for e in trace["traceEvents"] if e["ph"] == "X"), None),
            "node_stats_example": str(metadata.step_stats.dev_stats[0].node_stats[-1])}


def _record_event_file() -> bytes:
    logdir = tempfile.mkdtemp()
    try:
        graph = tf.Graph()
        with graph.as_default():
            x = tf.placeholder(tf.float32, [None, 2], name="x")
            w = tf.Variable([[1.0], [2.0]], name="w")
            y = tf.matmul(x, w, name="y")
            loss = tf.reduce_mean(y, name="loss")
            scalar = tf.summary.scalar("loss", loss)
            histogram = tf.summary.histogram("w", w)
            writer = tf.summary.FileWriter(logdir, graph)
            with tf.Session() as sess:
                sess.run(w.initializer)
                writer.add_session_log(tf.SessionLog(status=tf.SessionLog.START), 0)
                for step in range(3):
                    s, h = sess.run([scalar, histogram], {x: [[1.0, step]]})
                    writer.add_summary(s, step)
                    writer.add_summary(h, step)
            writer.close()
        (path,) = glob.glob(os.path.join(logdir, "events.out.tfevents.*"))
        return Path(path).read_bytes()
    finally:
        shutil.rmtree(logdir)


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    golden = {"tensorflow_version": tf.__version__,
              "cases": {name: _record_case(build) for name, build in CASES.items()},
              "timeline": _record_timeline()}
    (FIXTURES / "events_golden.json").write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    (FIXTURES / "events_tf_written.tfevents").write_bytes(_record_event_file())
    print(f"wrote {FIXTURES / 'events_golden.json'} and events_tf_written.tfevents")


if __name__ == "__main__":
    main()
