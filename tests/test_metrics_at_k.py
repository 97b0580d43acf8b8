"""The top-k metric programs of tests/metrics_at_k_programs.py on sessionflow give what TensorFlow 2.21 gave
(recorded by tools/record_nnmisc.py): streamed values, update results, local variable names and values."""

from __future__ import annotations

import json
import os
import sys

import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "ops"))
import metrics_at_k_programs  # noqa: E402
import plainops_programs  # noqa: E402
from test_plainops import assert_same  # noqa: E402

with open(os.path.join(HERE, "goldens", "metrics_at_k.json")) as f:
    GOLDENS = json.load(f)


@pytest.mark.parametrize("name", sorted(metrics_at_k_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_nnmisc.py metrics_at_k"
    assert_same(plainops_programs.evaluate(tf, metrics_at_k_programs.CASES[name]), GOLDENS[name], name)
