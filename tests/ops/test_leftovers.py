"""The programs of tests/ops/leftover_programs.py on sessionflow give what TensorFlow 2.21 gave (recorded by
tools/record_nnmisc.py): fractional pooling (pooling sequences bit for bit from the seeds, values and gradients),
graph_util's remove_training_nodes / tensor_shape_from_node_def_name, nondifferentiable_batch_function, and the
serialized bytes of audio and tensor summaries."""

from __future__ import annotations

import json
import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import leftover_programs  # noqa: E402
import plainops_programs  # noqa: E402
from test_plainops import assert_same  # noqa: E402

with open(os.path.join(os.path.dirname(__file__), "goldens", "leftovers.json")) as f:
    GOLDENS = json.load(f)


@pytest.mark.parametrize("name", sorted(leftover_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_nnmisc.py leftovers"
    assert_same(plainops_programs.evaluate(tf, leftover_programs.CASES[name]), GOLDENS[name], name)
