"""Recurrent cells and drivers against TF 2.21's recorded results (tools/record_rnn_goldens.py):
whole programs run here under sessionflow, compared with what the same programs gave under TF."""

import json
import os
import re
import sys

import numpy as np
import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import programs  # noqa: E402

GOLDENS = os.path.join(HERE, "goldens")


def golden(name):
    arrays = dict(np.load(os.path.join(GOLDENS, f"{name}.npz")))
    with open(os.path.join(GOLDENS, f"{name}.json"), encoding="utf-8") as f:
        arrays.update(json.load(f))
    return arrays


def run(name, *args):
    with tf.Graph().as_default():
        return programs.PROGRAMS[name](tf, *args) if name in programs.PROGRAMS else getattr(programs, name)(tf, *args)


@pytest.mark.parametrize("name", ["cells", "drivers"])
def test_values_names_and_gradients_equal_tf(name):
    got, want = run(name), golden(name)
    assert got["names"] == want["names"]
    if "static_shapes" in want:
        assert got["static_shapes"] == want["static_shapes"]
    keys = [k for k in want if k not in ("names", "static_shapes")]
    assert keys and set(keys) <= set(got)
    for key in keys:
        np.testing.assert_allclose(got[key], want[key], rtol=1e-5, atol=1e-6, err_msg=key)


def test_weight_names_are_tfs():
    want = golden("cells")["names"]
    assert "basic_lstm_cell/kernel:0" in want and "gru_cell/gates/bias:0" in want
    assert "lstm_cell/projection/kernel:0" in want and "lstm_cell/w_f_diag:0" in want
    assert "multi_rnn_cell/cell_0/gru_cell/candidate/kernel:0" in want
    drivers = golden("drivers")["names"]
    assert "rnn/basic_lstm_cell/kernel:0" in drivers and "bidirectional_rnn/fw/gru_cell/gates/kernel:0" in drivers
    assert "multi/multi_rnn_cell/cell_1/lstm_cell/bias:0" in drivers


def test_char_lstm_language_model_follows_tf_losses():
    got, want = run("char_lstm"), golden("char_lstm")
    assert got["names"] == want["names"] and got["global_names"] == want["global_names"]
    assert len(want["losses"]) == 20
    np.testing.assert_allclose(got["losses"], want["losses"], rtol=0, atol=1e-4)
    np.testing.assert_allclose(got["norms"], want["norms"], rtol=1e-4)


def test_bidirectional_gru_tagger_follows_tf():
    got, want = run("bidi_tagger"), golden("bidi_tagger")
    assert got["names"] == want["names"]
    np.testing.assert_allclose(got["losses"], want["losses"], rtol=0, atol=1e-5)
    np.testing.assert_allclose(got["logits"], want["logits"], rtol=1e-4, atol=1e-5)


def test_a_checkpoint_tf_wrote_restores_with_identical_predictions():
    got = run("restore_char_lstm", os.path.join(GOLDENS, "char_lstm.ckpt"))
    want = golden("char_lstm_restored")
    np.testing.assert_array_equal(got["predictions"], want["predictions"])
    np.testing.assert_allclose(got["loss"], want["loss"], rtol=1e-5)


def test_a_checkpoint_written_here_restores_in_tf_with_identical_predictions(tmp_path):
    # tools/record_rnn_checkpoint_in_tf.py: TF restored the checkpoint this program writes and recorded its
    # predictions; training here is deterministic, so the same checkpoint is written again now
    checkpoint = str(tmp_path / "char_lstm.ckpt")
    with tf.Graph().as_default():
        programs.save_char_lstm(tf, checkpoint)
    got = run("restore_char_lstm", checkpoint)
    want = dict(np.load(os.path.join(GOLDENS, "char_lstm_from_sessionflow.npz")))
    np.testing.assert_array_equal(got["predictions"], want["predictions"])
    np.testing.assert_allclose(got["loss"], want["loss"], rtol=1e-5)


def _comparable(key, message):
    """The part of TF's message that does not depend on TF's own op naming: the graph-node part of a
    shape error, the name of a loop tensor, a function's address."""
    message = re.sub(r" at 0x[0-9a-f]+>", ">", message)
    if key == "mismatched_state":
        message = re.sub(r'Tensor\("rnn/while/Identity_\d+:0"', 'Tensor("rnn/while/Identity:0"', message)
    if key == "seq_len_wrong_batch":
        message = message.split(" for ")[0]
    return message


def test_bad_input_gets_tfs_errors():
    got, want = run("errors"), golden("errors")
    assert set(got) == set(want)
    for key in want:
        assert _comparable(key, got[key]) == _comparable(key, want[key]), key


def test_raw_rnn_state_saving_rnn_and_variational_dropout_equal_tf():
    got, want = run("raw_and_saving"), golden("raw_and_saving")
    assert got["names"] == want["names"] and got["static_shapes"] == want["static_shapes"]
    assert got["plain_loop_is_none"] == want["plain_loop_is_none"] == "True"
    keys = [k for k in want if k.startswith(("value_", "grad_", "saved_"))]
    assert keys and set(keys) == {k for k in got if k.startswith(("value_", "grad_", "saved_"))}
    for key in keys:
        np.testing.assert_allclose(got[key], want[key], rtol=1e-5, atol=1e-5, err_msg=key)
    # the second run starts from the state the first one saved
    assert not np.allclose(want["saved_first_0"], want["saved_second_0"])
