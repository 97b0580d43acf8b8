"""The programs of tests/train/mixed_precision_programs.py on sessionflow give what TensorFlow 2.21 gave (recorded
by tools/record_quant.py): loss scales and their update schedule, the loss-scale optimizer (gradients unscaled,
updates skipped on non-finite gradients, global step not advanced then), and the graph-rewrite switch."""

from __future__ import annotations

import json
import os
import sys

import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "ops"))
import mixed_precision_programs  # noqa: E402
from test_plainops import assert_same  # noqa: E402

with open(os.path.join(HERE, "goldens", "mixed_precision.json")) as _f:
    GOLDENS = json.load(_f)


@pytest.mark.parametrize("name", sorted(mixed_precision_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_quant.py"
    assert_same(mixed_precision_programs.evaluate(tf, mixed_precision_programs.CASES[name]), GOLDENS[name], name)


def test_disabling_a_disabled_rewrite_warns(caplog):
    with caplog.at_level("WARNING"):
        tf.train.experimental.disable_mixed_precision_graph_rewrite()
    assert "already disabled" in caplog.text
