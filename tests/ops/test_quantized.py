"""The programs of tests/ops/quant_programs.py on sessionflow give what TensorFlow 2.21 gave (recorded by
tools/record_quant.py): quantized and 8/4-bit dtypes, QuantizeV2/Dequantize in every mode, the fake-quantization
ops and their gradients, bit for bit; op names, error types and messages."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quant_programs  # noqa: E402
from test_plainops import assert_same  # noqa: E402

with open(os.path.join(os.path.dirname(__file__), "goldens", "quant.json")) as _f:
    GOLDENS = json.load(_f)


@pytest.mark.parametrize("name", sorted(quant_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_quant.py"
    assert_same(quant_programs.evaluate(tf, quant_programs.CASES[name]), GOLDENS[name], name,
                exact=name != "fake_quant_training_program")  # its loss is a reduce_mean, to float32 rounding


def test_quantized_constants_are_written_with_their_quantized_dtype():
    with tf.Graph().as_default() as g:
        tf.constant(np.array([1, 2, 3], np.int8), tf.qint8, name="q")
        node = g.as_graph_def().node[0]
    assert node.attr["value"].tensor.dtype == tf.qint8.as_datatype_enum
    assert node.attr["value"].tensor.tensor_content == b"\x01\x02\x03"
    with tf.Graph().as_default():
        tf.import_graph_def(g.as_graph_def(), name="")
        with tf.Session() as sess:
            value = sess.run("q:0")
    assert value.dtype == np.int8 and value.tolist() == [1, 2, 3]


def test_fake_quant_gradient_ops_are_registered_gradients():
    with tf.Graph().as_default():
        x = tf.constant([0.5, 9.0])
        lo, hi = tf.constant(-1.0), tf.constant(1.0)
        ops = [tf.gradients(fn, x)[0].op.type for fn in (tf.fake_quant_with_min_max_args(x),
                                                          tf.fake_quant_with_min_max_vars(x, lo, hi))]
    assert ops == ["FakeQuantWithMinMaxArgsGradient", "FakeQuantWithMinMaxVarsGradient"]
