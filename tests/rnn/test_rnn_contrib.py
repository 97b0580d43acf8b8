"""tf.contrib.rnn against TF 1.15's cells as tools/record_rnn_contrib.py restates them on TF 2.21 (fused
kernels, tf_slim's layer_norm): values, variable names and gradients of whole programs."""

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import contrib_programs

GOLDENS = os.path.join(HERE, "goldens")


def golden(name):
    arrays = dict(np.load(os.path.join(GOLDENS, f"{name}.npz")))
    with open(os.path.join(GOLDENS, f"{name}.json"), encoding="utf-8") as f:
        arrays.update(json.load(f))
    return arrays


def run(name):
    with tf.Graph().as_default():
        return contrib_programs.PROGRAMS[name](tf, tf.contrib.rnn)


@pytest.mark.parametrize("name", ["contrib_cells", "contrib_drivers"])
def test_values_names_and_gradients_equal_tf(name):
    got, want = run(name), golden(name)
    assert got["names"] == want["names"]
    assert got["no_gradient"] == want["no_gradient"]
    assert got["static_shapes"] == want["static_shapes"]
    keys = [k for k in want if k.startswith(("value_", "grad_"))]
    assert keys and set(keys) == {k for k in got if k.startswith(("value_", "grad_"))}
    for key in keys:  # float32 sums over time steps and batch rows, in another order than TF's
        scale = max(1.0, float(np.abs(want[key]).max()))
        np.testing.assert_allclose(got[key], want[key], rtol=0, atol=2e-5 * scale, err_msg=key)


def test_contrib_weight_names_are_tf_1_15s():
    names = golden("contrib_cells")["names"]
    for name in ("gru_block/gru_cell/w_ru:0", "gru_block_v2/gru_cell/candidate/bias:0",
                 "lstm_block_peep/lstm_cell/w_o_diag:0", "layer_norm/layer_norm_basic_lstm_cell/forget/gamma:0",
                 "cifg/coupled_input_forget_gate_lstm_cell/W_0:0", "nas_proj/nas_cell/projection_weights:0",
                 "attention/attention_cell_wrapper/attention/attn_w:0", "highway/carry_w:0",
                 "embedding/embedding_wrapper/embedding:0", "output_projection/output_projection_wrapper/kernel:0"):
        assert name in names, name
    drivers = golden("contrib_drivers")["names"]
    assert "stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/lstm_cell/kernel:0" in drivers
    assert "static_stack/cell_0/fw/gru_cell/gates/kernel:0" in drivers and "lstm_fused_cell/kernel:0" in drivers


def test_bad_input_gets_tf_1_15s_errors():
    got, want = run("contrib_errors"), golden("contrib_errors")
    assert got == want


def test_contrib_rnn_serves_the_core_classes_and_says_what_it_lacks():
    rnn = tf.contrib.rnn
    assert rnn.LSTMCell is tf.nn.rnn_cell.LSTMCell and rnn.static_rnn is tf.nn.static_rnn
    assert rnn.LSTMStateTuple is tf.nn.rnn_cell.LSTMStateTuple and rnn.DropoutWrapper is tf.nn.rnn_cell.DropoutWrapper
    with pytest.raises(AttributeError, match="tf.contrib.rnn.GridLSTMCell is a TensorFlow 1.x API that sessionflow "
                                             "does not provide yet"):
        rnn.GridLSTMCell  # noqa: B018
