"""tf.linalg's LU factorisation, matrix functions (expm, logm, pinv, matrix_rank, normalize) and tridiagonal
names: the programs of tests/ops/linalg_programs.py on sessionflow give what TensorFlow 2.21 gave (recorded
by tools/record_linalg.py): values (float64 to 1e-9, float32 to 2e-5), gradients, dtypes, static shapes, op
names and error messages."""

from __future__ import annotations

import json
import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linalg_programs
import plainops_programs
from golden_compare import assert_close

GOLDENS = json.load(open(os.path.join(os.path.dirname(__file__), "goldens", "linalg_more.json")))


@pytest.mark.parametrize("name", sorted(linalg_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_linalg.py"
    assert_close(plainops_programs.evaluate(tf, linalg_programs.CASES[name]), GOLDENS[name], name)
