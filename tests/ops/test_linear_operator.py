"""tf.linalg's LinearOperator classes: the programs of tests/ops/linear_operator_programs.py on sessionflow give
what TensorFlow 2.21 gave (recorded by tools/record_linalg.py): each public method's value or error for each
class, static shapes and hints, the types and names of derived operators, and the name scopes methods open."""

from __future__ import annotations

import json
import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linear_operator_programs
import plainops_programs
from golden_compare import assert_close

GOLDENS = json.load(open(os.path.join(os.path.dirname(__file__), "goldens", "linear_operator.json")))


@pytest.mark.parametrize("name", sorted(linear_operator_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_linalg.py"
    assert_close(plainops_programs.evaluate(tf, linear_operator_programs.CASES[name]), GOLDENS[name], name)
