"""The CTC programs of tests/ops/ctc_programs.py on sessionflow give what TensorFlow 2.21 gave (recorded by
tools/record_nnmisc.py): losses and their gradients (float tolerance), decoded label sequences (exactly),
beam-search log probabilities, op names, error types and messages."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ctc_programs
import plainops_programs

GOLDENS = json.load(open(os.path.join(os.path.dirname(__file__), "goldens", "ctc.json")))


def assert_close(got, want, path="result"):
    """Equal structure, dtypes and integers; floats to 1e-5 (TF's CTC kernels sum in float32 in another order)."""
    if isinstance(want, dict) and "dtype" in want:
        assert isinstance(got, dict) and got.get("dtype") == want["dtype"], f"{path}: {got} != {want}"
        if want["dtype"].startswith("float"):
            np.testing.assert_allclose(np.asarray(got["value"], np.float64), np.asarray(want["value"], np.float64),
                                       rtol=1e-5, atol=1e-5, err_msg=path)
        else:
            assert got["value"] == want["value"], f"{path}: {got['value']} != {want['value']}"
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), f"{path}: {got} != {want}"
        for key in want:
            assert_close(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, f"{path}[{i}]")
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


@pytest.mark.parametrize("name", sorted(ctc_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_nnmisc.py ctc"
    assert_close(plainops_programs.evaluate(tf, ctc_programs.CASES[name]), GOLDENS[name], name)


def test_ctc_loss_has_no_second_derivative():
    with tf.Graph().as_default():
        logits = tf.constant(np.random.RandomState(0).randn(4, 1, 3).astype(np.float32))
        labels = tf.SparseTensor(np.array([[0, 0]], np.int64), np.array([1], np.int32), [1, 1])
        grad, = tf.gradients(tf.nn.ctc_loss(labels, logits, [4]), logits)
        with pytest.raises(LookupError, match="second  derivative of ctc_loss"):
            tf.gradients(grad, logits)
