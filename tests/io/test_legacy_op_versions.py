"""The op versions TF 1.x wrote (FusedBatchNorm/V2, BatchMatMul, Concat, Gather, BiasAddV1, Snapshot,
PreventGradient) import from a GraphDef TF made with its raw ops (tools/make_legacy_op_fixtures.py) and give
TF's outputs; their gradients are their successors'."""

import json
import os

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def test_a_graph_of_old_op_versions_runs_with_tfs_outputs():
    recorded = json.load(open(os.path.join(FIXTURES, "legacy_ops.json")))
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(open(os.path.join(FIXTURES, "legacy_ops.pb"), "rb").read())
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        types = {op.type for op in graph.get_operations()}
        assert {"FusedBatchNorm", "FusedBatchNormV2", "BatchMatMul", "Concat", "Gather", "BiasAddV1", "Snapshot",
                "PreventGradient"} <= types
        with tf.Session() as sess:
            got = sess.run(recorded["fetches"], {"x:0": np.float32(recorded["x"])})
    for name, ours, theirs in zip(recorded["fetches"], got, recorded["values"]):
        np.testing.assert_allclose(ours, np.asarray(theirs, dtype=ours.dtype), rtol=1e-5, atol=1e-6, err_msg=name)


def test_old_versions_differentiate_as_their_successors_and_prevent_gradient_refuses():
    rng = np.random.RandomState(0)
    with tf.Graph().as_default():
        x = tf.constant(rng.rand(2, 3, 4))
        y = tf.constant(rng.rand(2, 4, 2))
        old = REGISTRY["BatchMatMul"](x, y, adj_x=False, adj_y=False)
        new = tf.matmul(x, y)
        concat_old = REGISTRY["Concat"](tf.constant(1), [x, x * 2.0])
        with tf.Session() as sess:
            g_old, g_new = sess.run([tf.gradients(old, [x, y]), tf.gradients(new, [x, y])])
            for a, b in zip(g_old, g_new):
                np.testing.assert_allclose(a, b)
            np.testing.assert_allclose(sess.run(tf.gradients(concat_old, x)[0]), np.full((2, 3, 4), 3.0))
        blocked = REGISTRY["PreventGradient"](x, message="frozen model")
        with pytest.raises(LookupError, match="Gradient explicitly disabled. Reason: frozen model"):
            tf.gradients(blocked, x)


def test_a_frozen_classifier_of_jpeg_bytes_gives_tfs_probabilities():
    """DecodeJpeg -> ResizeBilinear (with and without half_pixel_centers) -> conv -> softmax, frozen by TF."""
    recorded = json.load(open(os.path.join(FIXTURES, "jpeg_classifier.json")))
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(open(os.path.join(FIXTURES, "jpeg_classifier.pb"), "rb").read())
    images = os.path.join(os.path.dirname(os.path.dirname(__file__)), "images", "fixtures")
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        assert {"DecodeJpeg", "ResizeBilinear"} <= {op.type for op in graph.get_operations()}
        with tf.Session() as sess:
            for name, expected in zip(recorded["images"], recorded["probabilities"]):
                data = open(os.path.join(images, name), "rb").read()
                got = sess.run("probabilities:0", {"jpeg:0": data})
                np.testing.assert_allclose(got, expected, rtol=1e-5, err_msg=name)
