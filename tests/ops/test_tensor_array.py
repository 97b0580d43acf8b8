"""tf.TensorArray (the TensorArrayV3 ops): whole programs checked against TensorFlow's recorded results
(tools/record_tensor_array.py runs tests/ops/tensor_array_programs.py on TF with control flow v1)."""

import json
import os

import numpy as np
import pytest

import sessionflow as tf
from tests.ops import tensor_array_programs as programs

GOLDENS = json.load(open(os.path.join(os.path.dirname(__file__), "goldens", "tensor_array.json")))


def _close(ours, theirs, path=""):
    if isinstance(theirs, dict):
        assert sorted(ours) == sorted(theirs), path
        for key in theirs:
            _close(ours[key], theirs[key], f"{path}.{key}")
    elif isinstance(theirs, (float, list)) and not isinstance(theirs, str) and \
            np.asarray(theirs).dtype.kind == "f":
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5, err_msg=path)
    else:
        assert ours == theirs, path


@pytest.mark.parametrize("name", [n for n in programs.PROGRAMS if n != "errors"])
def test_program_matches_tf(name):
    _close(programs.PROGRAMS[name](tf), GOLDENS[name], name)


@pytest.mark.parametrize("case", sorted(GOLDENS["errors"]))
def test_errors_match_tf(case):
    assert programs.errors(tf)[case] == GOLDENS["errors"][case]


def test_rnn_losses_decrease_as_tf():
    losses = programs.rnn_training(tf)["losses"]
    np.testing.assert_allclose(losses, GOLDENS["rnn_training"]["losses"], rtol=1e-5)
    assert losses[-1] < losses[0]


def test_graph_def_names_tf_ops_and_attrs():
    expected = {op: dict(inputs=v["inputs"], attrs=[a for a in v["attrs"] if not a.startswith("_")])
                for op, v in GOLDENS["node_defs"].items()}
    assert programs.node_defs(tf) == expected


def test_loop_result_is_a_tensor_array_and_flow_is_float():
    g = tf.Graph()
    with g.as_default():
        ta = tf.TensorArray(tf.float32, size=2)
        _, out = tf.while_loop(lambda i, t: i < 2, lambda i, t: (i + 1, t.write(i, 2.0)), [0, ta])
        assert isinstance(out, tf.TensorArray)
        assert out.flow.dtype == tf.float32 and out.handle.dtype == tf.resource
        with tf.Session() as sess:
            assert sess.run(out.stack()).tolist() == [2.0, 2.0]
