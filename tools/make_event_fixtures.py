"""Record the TensorBoard summary/event goldens from real TensorFlow (TF1 graph mode).

Usage (with the Python of a venv that has TensorFlow installed; sessionflow never imports it):

    /opt/tfvenv/bin/python tools/make_event_fixtures.py

Writes, under tests/io/fixtures/:

* ``events_golden.json``: for each summary case of ``CASES`` (the same cases tests/io/test_summary.py
  builds with sessionflow), the ops it created (name, type, inputs), the summary collection, and the
  serialized ``Summary`` (hex) its op returns, or the error message; image summaries also record
  each image's decoded pixels (PNG bytes differ between encoders; the pixels must not). Also the
  chrome-trace structure TF's ``timeline.Timeline`` produced for a small traced run.
* ``events_tf_written.tfevents``: an event file TF's ``FileWriter`` wrote (file_version, graph,
  meta graph, a scalar and a histogram summary, a session log), read by tests/io/test_events.py.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.client import timeline

tf.disable_v2_behavior()

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "io" / "fixtures"


def _random_values():
    return np.random.RandomState(7).normal(size=500).astype(np.float32)


# name -> function building summaries in the default graph; returns the summary tensor to run.
# tests/io/test_summary.py mirrors each entry with sessionflow (keep them in step).
CASES = {
    "scalar_plain": lambda: tf.summary.scalar("loss", tf.constant(1.5)),
    "scalar_python_float": lambda: tf.summary.scalar("lr", 0.01),
    "scalar_existing_name": lambda: (tf.identity(tf.constant(2.0), name="loss"),
                                     tf.summary.scalar("loss", tf.constant(0.25)))[1],
    "scalar_in_scope": lambda: _in_scope("train", lambda: tf.summary.scalar("lr", tf.constant(3.0))),
    "scalar_family": lambda: tf.summary.scalar("acc", tf.constant(0.5), family="fam"),
    "scalar_cleaned_tag": lambda: tf.summary.scalar("my loss:1", tf.constant(1.0)),
    "scalar_int": lambda: tf.summary.scalar("count", tf.constant(7)),
    "scalar_double": lambda: tf.summary.scalar("d", tf.constant(1e-3, tf.float64)),
    "histogram_small": lambda: tf.summary.histogram("w", tf.constant([1.0, 2.0, -3.0, 0.0])),
    "histogram_ones": lambda: tf.summary.histogram("ones", tf.ones([6])),
    "histogram_random": lambda: tf.summary.histogram("r", tf.constant(_random_values())),
    "histogram_int": lambda: tf.summary.histogram("i", tf.constant([[1, 5], [-2, 1000000]])),
    "histogram_empty": lambda: tf.summary.histogram("e", tf.zeros([0])),
    "histogram_edges": lambda: tf.summary.histogram("edges", tf.constant(
        [1e-12, 0.917246389039776, -1e-12, 1e25, -1e30, 5e-13], tf.float64)),
    "histogram_nan": lambda: tf.summary.histogram("bad", tf.constant([1.0, np.nan])),
    "image_uint8": lambda: tf.summary.image("img", tf.constant(
        np.arange(2 * 3 * 4 * 3).reshape(2, 3, 4, 3).astype(np.uint8))),
    "image_float_positive": lambda: tf.summary.image("pos", tf.constant(
        np.linspace(0, 2, 12).reshape(1, 2, 2, 3).astype(np.float32))),
    "image_float_signed": lambda: tf.summary.image("signed", tf.constant(
        np.linspace(-1, 3, 16).reshape(1, 4, 4, 1).astype(np.float32))),
    "image_float_nan": lambda: tf.summary.image("nan", tf.constant(
        np.array([[[[0.5, 0.25, 1.0, 1.0], [np.nan, 0.0, 0.0, 1.0]]]], np.float32))),
    "image_max_outputs": lambda: tf.summary.image("many", tf.zeros([4, 1, 2, 3]), max_outputs=2),
    "image_gray_alpha": lambda: tf.summary.image("ga", tf.constant(
        np.arange(8).reshape(1, 2, 2, 2).astype(np.uint8) * 30)),
    "text_scalar": lambda: tf.summary.text("note", tf.constant("hello **world**")),
    "text_matrix": lambda: tf.summary.text("table", tf.constant([["a", "b"], ["c", "d"]])),
    "merge": lambda: tf.summary.merge([tf.summary.scalar("a", tf.constant(1.0)),
                                       tf.summary.histogram("b", tf.constant([2.0]))], name="mm"),
    "merge_all": lambda: (tf.summary.scalar("a", tf.constant(1.0)), tf.summary.text("t", tf.constant("x")),
                          tf.summary.merge_all())[-1],
    "merge_duplicate": lambda: tf.summary.merge([tf.summary.scalar("a", tf.constant(1.0)),
                                                 tf.summary.merge([tf.summary.scalar("a", tf.constant(2.0))])]),
    "scalar_shape_mismatch": lambda: tf.summary.scalar("v", tf.constant([1.0, 2.0])),
}


def _in_scope(name, build):
    with tf.name_scope(name):
        return build()


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
