"""tf.summary ops against goldens recorded from TF 2.21 (tools/make_event_fixtures.py): op names, tags,
collections, and the serialized Summary bytes (byte for byte, PNG images included; their pixels decoded too)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import protos
from sessionflow.summary import content

GOLDEN = json.loads((Path(__file__).parent / "fixtures" / "events_golden.json").read_text())["cases"]


sys.path.insert(0, str(Path(__file__).parent))
from summary_cases import summary_cases  # noqa: E402 - shared with tools/make_event_fixtures.py

CASES = summary_cases(tf)


def test_cases_mirror_the_recorded_ones():
    assert sorted(CASES) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(CASES))
def test_summary_matches_tensorflow(name):
    golden = GOLDEN[name]
    with tf.Graph().as_default() as graph:
        summary = CASES[name]()
        assert [[op.name, op.type, [t.name for t in op.inputs]] for op in graph.get_operations()] == golden["ops"]
        assert [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)] == golden["collection"]
        assert summary.name == golden["output"]
        assert summary.dtype == tf.string and summary.shape.as_list() == []
        with tf.Session() as sess:
            if "run_error" in golden:
                kind, message = golden["run_error"]
                with pytest.raises(getattr(tf.errors, kind)) as info:
                    sess.run(summary)
                expected = [line for line in message.splitlines() if line.strip()][-2]
                assert expected in str(info.value)
                return
            data = sess.run(summary)
    assert isinstance(data, bytes)
    # image summaries too: their PNGs are TF's bytes (libpng's filters, window and zlib settings)
    assert data.hex() == golden["summary_hex"]
    for value, image in zip(protos.Summary.FromString(data).value, golden.get("images", [])):
        assert value.tag == image["tag"]
        with tf.Graph().as_default(), tf.Session() as sess:
            pixels = sess.run(tf.image.decode_png(value.image.encoded_image_string))
        np.testing.assert_array_equal(pixels, np.array(image["pixels"]))


def test_text_summary_carries_the_text_plugin_metadata():
    with tf.Graph().as_default():
        summary = tf.summary.text("note", tf.constant(["a", "bc"]))
        with tf.Session() as sess:
            (value,) = protos.Summary.FromString(sess.run(summary)).value
    plugin = value.metadata.plugin_data
    assert (plugin.plugin_name, plugin.content) == ("text", b"")
    assert (value.tensor.dtype, protos.proto_to_shape(value.tensor.tensor_shape), list(value.tensor.string_val)) == (
        7, [2], [b"a", b"bc"])


def test_text_needs_a_string_tensor():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="to have dtype string"):
        tf.summary.text("t", tf.constant(1.0))


def test_histogram_of_infinity_names_infinity():
    with tf.Graph().as_default():
        summary = tf.summary.histogram("h", tf.constant([np.inf]))
        with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError,
                                                 match="Infinity in summary histogram for: h"):
            sess.run(summary)


def test_scalar_summary_with_placeholder_and_collections():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [])
        summary = tf.summary.scalar("x", x, collections=["mine"])
        assert tf.get_collection("mine") == [summary]
        assert tf.get_collection(tf.GraphKeys.SUMMARIES) == []
        assert tf.summary.merge_all() is None
        with tf.Session() as sess:
            (value,) = protos.Summary.FromString(sess.run(summary, {x: 0.5})).value
    assert (value.tag, value.simple_value) == ("x", 0.5)


def test_merge_all_filters_by_scope():
    with tf.Graph().as_default():
        with tf.name_scope("train"):
            tf.summary.scalar("a", 1.0)
        tf.summary.scalar("b", 2.0)
        merged = tf.summary.merge_all(scope="train")
        with tf.Session() as sess:
            assert [v.tag for v in protos.Summary.FromString(sess.run(merged)).value] == ["train/a"]


def test_summary_rejects_non_numeric_values():
    with tf.Graph().as_default():
        with pytest.raises(TypeError):
            tf.summary.scalar("s", tf.constant("text"))
        with pytest.raises(TypeError):
            tf.summary.histogram("b", tf.constant([True]))


def test_default_bucket_limits_are_tfs():
    limits = content.DEFAULT_BUCKET_LIMITS
    assert len(limits) == 1551 and limits[775] == 0.0 and limits[776] == 1e-12
    assert limits[-1] == content.DBL_MAX and limits[0] == -content.DBL_MAX
    assert limits[-2] < 1e20 <= limits[-2] * 1.1
