"""Checks that graphs with control flow written by sessionflow load and run in real TensorFlow.

    python tools/check_control_flow_in_tf.py [TF_PYTHON]      (default /root/tfenv/bin/python)

With sessionflow: builds the model of tests/io/control_flow_model.py (a dropout under `tf.cond`, a
`tf.while_loop` with a `tf.cond` inside reading a variable, `tf.map_fn`, `tf.scan`), trains it a few
steps and saves the training graph with `tf.train.Saver`; builds the inference graph (no optimizer) with
reference variables and again with resource variables holding the trained values, saves each with
`tf.train.Saver` and freezes each with `tf.graph_util.convert_variables_to_constants`. Then, in the
TensorFlow interpreter: `tf.train.import_meta_graph` + restore, and the frozen GraphDef, run with
sessionflow's outputs; the training graph is expected NOT to import, because it holds sessionflow's own
gradient ops (IfIntermediate, WhileGrad), which TF does not have: export inference graphs for TF (a graph
without the optimizer, or `extract_sub_graph`/`convert_variables_to_constants` of the outputs). Prints
what it checked and OK, or raises.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests", "io"))

from control_flow_model import OUTPUTS, build_model, model_inputs  # noqa: E402 - the fixtures' model

import sessionflow as tf  # noqa: E402

TF_SIDE = r'''
import sys
import numpy as np
import tensorflow.compat.v1 as tf
tf.disable_eager_execution()
directory = sys.argv[1]
expected = np.load(directory + "/expected.npz")
feed = {"x:0": expected["x"]}
names = ["prediction:0", "mapped:0", "scanned:0"]
for kind in ("ref", "resource"):
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(f"{directory}/{kind}/model.meta")
        with tf.Session() as sess:
            saver.restore(sess, f"{directory}/{kind}/model")
            for name, got in zip(names, sess.run(names, feed)):
                np.testing.assert_allclose(got, expected[f"{kind}_{name[:-2]}"], rtol=1e-5, atol=1e-6)
            dropped = sess.run("prediction:0", {"x:0": expected["x"], "training:0": True})
            assert dropped.shape == expected[f"{kind}_prediction"].shape
    print(f"TF ran sessionflow's {kind}-variable MetaGraph (If, While, TensorList accumulators): same outputs")
    graph_def = tf.GraphDef()
    with open(f"{directory}/{kind}/frozen.pb", "rb") as f:
        graph_def.ParseFromString(f.read())
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            for name, got in zip(names, sess.run(names, feed)):
                np.testing.assert_allclose(got, expected[f"{kind}_{name[:-2]}"], rtol=1e-5, atol=1e-6)
    print(f"TF ran sessionflow's frozen {kind}-variable GraphDef: same outputs")
with tf.Graph().as_default():
    try:
        tf.train.import_meta_graph(f"{directory}/training.meta")
    except Exception as e:
        message = str(e).splitlines()[0]
        assert "IfIntermediate" in message or "WhileGrad" in message, message
        print("As expected, TF cannot import a training graph holding sessionflow's own gradient ops "
              "(IfIntermediate, WhileGrad); export inference graphs for TF. TF said:", message)
    else:
        raise AssertionError("TF imported a graph holding sessionflow's gradient ops")
'''


def write_files(directory: str) -> dict:
    """Writes the MetaGraphs, checkpoints and frozen graphs under `directory`; returns sessionflow's outputs."""
    x_value, labels_value = model_inputs()
    expected = {"x": x_value}
    with tf.Graph().as_default():
        x, labels, loss, train = build_model(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train, {x: x_value, labels: labels_value})
            values = sess.run(tf.global_variables())
            tf.train.Saver().save(sess, os.path.join(directory, "training"))
    for kind in ("ref", "resource"):
        with tf.Graph().as_default() as graph:  # the inference graph, with the trained values
            with tf.variable_scope("", use_resource=kind == "resource"):
                build_model(tf, trainable=False)
            with tf.Session() as sess:
                for var, value in zip(tf.global_variables(), values):
                    var.load(value, sess)
                tf.train.Saver().save(sess, os.path.join(directory, kind, "model"))
                for name, value in zip(OUTPUTS, sess.run([f"{n}:0" for n in OUTPUTS], {"x:0": x_value})):
                    expected[f"{kind}_{name}"] = value
                frozen = tf.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), list(OUTPUTS))
        with open(os.path.join(directory, kind, "frozen.pb"), "wb") as f:
            f.write(frozen.SerializeToString())
    np.savez(os.path.join(directory, "expected.npz"), **expected)
    return expected


def main(tf_python: str):
    with tempfile.TemporaryDirectory() as directory:
        write_files(directory)
        subprocess.run([tf_python, "-c", TF_SIDE, directory], check=True)
    print("TensorFlow ran every sessionflow control-flow file: OK")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/root/tfenv/bin/python")
