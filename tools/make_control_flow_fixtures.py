"""Records, with real TensorFlow, the control-flow fixtures of tests/io. Run with the TF venv (never
imported by the test suite):

    /root/tfenv/bin/python tools/make_control_flow_fixtures.py               # writes tests/io/fixtures/cf_*

(TF's output-argument names, which function bodies use, come from sessionflow/io/op_signatures.py,
written by tools/make_op_signatures.py.)

The fixtures use control flow v2, TF's default (If/While nodes calling functions of the GraphDef's
library), with the model of tests/io/control_flow_model.py (a dropout under `tf.cond`, a `tf.while_loop`
with a `tf.cond` inside, `tf.map_fn` and `tf.scan`, whose loops TF builds with TensorList ops), trained a
few steps with gradient descent:
- cf_ref.meta, cf_ref.index, cf_ref.data-00000-of-00001: its MetaGraph (with TF's gradient functions and
  train op) and checkpoint, reference variables;
- cf_resource.*: the same with resource variables (ReadVariableOp inside the functions), without the
  training op (its update ops, ResourceApplyGradientDescent, are not sessionflow's), untrained;
- cf_ref_frozen.pb, cf_resource_frozen.pb: the model frozen by `tf.graph_util.convert_variables_to_constants`;
- cf_text.pbtxt: a small text GraphDef with tf.cond and tf.map_fn (TF writes `experimental_type` there);
- cf_expected.npz: the inputs, TF's outputs, and the loss before and after one more training step;
- cf_tensor_list.npz: TF's results and error messages for the TensorList program `tensor_list_program`.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIXTURES = os.path.join(ROOT, "tests", "io", "fixtures")
sys.path.insert(0, os.path.join(ROOT, "tests", "io"))
from control_flow_model import OUTPUTS, build_model, model_inputs  # noqa: E402 - shared with the tests

sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))
from tensor_list_program import tensor_list_program  # noqa: E402 - tests/ops/test_tensor_list.py builds it too


def make_fixtures():
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    x_value, labels_value = model_inputs()
    expected = {"x": x_value, "labels": labels_value}
    for kind in ("ref", "resource"):
        graph = tf.Graph()
        with graph.as_default():
            if kind == "ref":
                tf.disable_resource_variables()
            else:
                tf.enable_resource_variables()
            x, labels, loss, train = build_model(tf, trainable=kind == "ref")
            feed = {x: x_value, labels: labels_value}
            saver = tf.train.Saver()
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(3 if train is not None else 0):
                    sess.run(train, feed)
                with tempfile.TemporaryDirectory() as tmp:  # keeps TF's `checkpoint` state file out of FIXTURES
                    saver.save(sess, os.path.join(tmp, f"cf_{kind}"))
                    for name in os.listdir(tmp):
                        if name.startswith(f"cf_{kind}"):
                            shutil.copy(os.path.join(tmp, name), os.path.join(FIXTURES, name))
                values = sess.run([f"{name}:0" for name in OUTPUTS] + [loss], feed)
                for name, value in zip(OUTPUTS + ("loss",), values):
                    expected[f"{kind}_{name}"] = value
                frozen = tf.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), list(OUTPUTS))
                if train is not None:
                    sess.run(train, feed)
                    expected[f"{kind}_loss_after_step"] = sess.run(loss, feed)
            with tf.Session() as sess:  # a fresh session: dropout's first two draws
                saver.restore(sess, os.path.join(FIXTURES, f"cf_{kind}"))
                expected[f"{kind}_dropout_runs"] = np.stack(
                    [sess.run("prediction:0", {x: x_value, "training:0": True}) for _ in range(2)])
        with open(os.path.join(FIXTURES, f"cf_{kind}_frozen.pb"), "wb") as f:
            f.write(frozen.SerializeToString())
    graph = tf.Graph()
    with graph.as_default():  # a text GraphDef: TF writes `experimental_type` in some NodeDefs of it
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * tf.cast(tf.shape(x)[1], tf.float32), lambda: x - 1.0)
        out = tf.identity(tf.map_fn(lambda r: r * r, y), name="out")
        tf.io.write_graph(graph, FIXTURES, "cf_text.pbtxt", as_text=True)
        with tf.Session() as sess:
            expected["text_out"] = sess.run(out, {x: x_value})
    np.savez(os.path.join(FIXTURES, "cf_expected.npz"), **expected)


def make_tensor_list_goldens():
    """TF's results and error messages for `tensor_list_program` (cf_tensor_list.npz)."""
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    golden = {}
    with tf.Graph().as_default():
        results, failing = tensor_list_program(tf.raw_ops, tf.constant, tf.float32, tf.int32)
        with tf.Session() as sess:
            golden.update(sess.run(results))
            for name, tensor in failing.items():
                try:
                    sess.run(tensor)
                except tf.errors.InvalidArgumentError as e:
                    golden[f"error_{name}"] = np.array(e.message.split("\n")[-2])  # the kernel's own line
    np.savez(os.path.join(FIXTURES, "cf_tensor_list.npz"), **golden)


if __name__ == "__main__":
    make_fixtures()
    make_tensor_list_goldens()
    print(sorted(name for name in os.listdir(FIXTURES) if name.startswith("cf_")))
