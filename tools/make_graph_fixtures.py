"""Writes the GraphDef/MetaGraph fixtures of tests/io with real TensorFlow, and checks sessionflow's files in TF.

Run with the TF venv (never imported by the test suite):

    /opt/tfvenv/bin/python tools/make_graph_fixtures.py            # writes tests/io/fixtures/graph_*, meta_*
    /opt/tfvenv/bin/python tools/make_graph_fixtures.py --check F  # imports sessionflow-written GraphDef F in TF
                                                                   # and prints each float output op's value
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "io", "fixtures")


def cnn_input() -> np.ndarray:
    return np.random.RandomState(7).uniform(-1, 1, (2, 8, 8, 1)).astype(np.float32)


def make_frozen_cnn():
    """A small CNN (conv2d+bias+relu+max_pool+reshape+matmul+softmax), frozen, plus its predictions."""
    graph = tf.Graph()
    with graph.as_default():
        rng = np.random.RandomState(3)
        x = tf.placeholder(tf.float32, [None, 8, 8, 1], name="input")
        k = tf.Variable(rng.normal(0, 0.5, (3, 3, 1, 4)).astype(np.float32), name="conv/kernel")
        b = tf.Variable(rng.normal(0, 0.1, (4,)).astype(np.float32), name="conv/bias")
        h = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, k, [1, 1, 1, 1], "SAME"), b))
        h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        h = tf.reshape(h, [-1, 4 * 4 * 4])
        w = tf.Variable(rng.normal(0, 0.3, (64, 3)).astype(np.float32), name="dense/kernel")
        c = tf.Variable(np.zeros(3, np.float32) + 0.05, name="dense/bias")
        tf.nn.softmax(tf.matmul(h, w) + c, name="predictions")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), ["predictions"])
            preds = sess.run("predictions:0", {x: cnn_input()})
    with open(os.path.join(FIXTURES, "graph_cnn_frozen.pb"), "wb") as f:
        f.write(frozen.SerializeToString())
    np.savez(os.path.join(FIXTURES, "graph_cnn_expected.npz"), input=cnn_input(), predictions=preds)


def make_small_graphs():
    """A text GraphDef with variadic, int and control inputs, and a MetaGraph with variables and a Saver."""
    graph = tf.Graph()
    with graph.as_default():
        a = tf.placeholder(tf.float32, [2], name="a")
        c = tf.constant([1.0, 2.0], name="c")
        with tf.control_dependencies([c.op]):
            s = tf.add_n([a, c, a], name="sum")
        tf.stack([s, a], axis=1, name="stacked")
        tf.cast(tf.reduce_sum(s, keepdims=True), tf.int32, name="total")
    tf.train.write_graph(graph, FIXTURES, "graph_small.pbtxt", as_text=True)
    graph = tf.Graph()
    with graph.as_default():
        v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
        u = tf.Variable(5, name="u", trainable=False)
        tf.add(tf.reduce_sum(v), tf.cast(u, tf.float32), name="out")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(v.assign([[10.0, 20.0], [30.0, 40.0]]))
            with tempfile.TemporaryDirectory() as tmp:  # keeps TF's `checkpoint` state file out of FIXTURES
                saver.save(sess, os.path.join(tmp, "meta_vars"), write_meta_graph=True)
                for name in os.listdir(tmp):
                    if name.startswith("meta_vars"):
                        shutil.copy(os.path.join(tmp, name), os.path.join(FIXTURES, name))


def check(path: str):
    """Imports a sessionflow-written GraphDef (binary or text) in TF and runs its float outputs."""
    from google.protobuf import text_format

    with open(path, "rb") as f:
        data = f.read()
    graph_def = tf.GraphDef()
    try:
        graph_def.ParseFromString(data)
    except Exception:  # noqa: BLE001 - text format
        text_format.Parse(data.decode(), graph_def)
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
        consumed = {i.split(":")[0].lstrip("^") for n in graph_def.node for i in n.input}
        sinks = [op for op in graph.get_operations() if op.name not in consumed and op.outputs
                 and op.type not in ("Placeholder",)]
        with tf.Session() as sess:
            for op in sinks:
                try:
                    print(op.name, op.type, sess.run(op.outputs[0]))
                except Exception as e:  # noqa: BLE001 - report, continue
                    print(op.name, op.type, "needs feeds:", type(e).__name__)
    print("OK: TF imported", path, "with", len(graph_def.node), "nodes")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        os.makedirs(FIXTURES, exist_ok=True)
        make_frozen_cnn()
        make_small_graphs()
        print(sorted(os.listdir(FIXTURES)))
