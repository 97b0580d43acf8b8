"""The stateless categorical draws, shuffles, index shuffles and unigram candidate samplers
(tests/ops/random_more_programs.py) on sessionflow give what TensorFlow 2.21 gave (tools/record_special.py):
the same values bit for bit, op names and errors."""

from __future__ import annotations

import json
import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plainops_programs
import random_more_programs
from test_plainops import assert_same

with open(os.path.join(os.path.dirname(__file__), "goldens", "random_more.json")) as _f:
    GOLDENS = json.load(_f)


@pytest.mark.parametrize("name", sorted(random_more_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_special.py"
    assert_same(plainops_programs.evaluate(tf, random_more_programs.CASES[name]), GOLDENS[name], name, exact=True)
