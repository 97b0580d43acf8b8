"""Integer FloorDiv/FloorMod/TruncateDiv/TruncateMod/Div and Pow check only the divisors (exponents)
they use: an empty result never fails, a zero divisor that is used fails in TF's words (TF's
TruncateDiv/TruncateMod report it as an InternalError). Checked against real TensorFlow's answers
(tests/first_week/division_programs.py, tools/record_first_week.py)."""

import os
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.ops import math as math_ops

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from first_week import harness  # noqa: E402
from first_week.division_programs import PROGRAMS  # noqa: E402


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_tensorflow(name):
    harness.check_program(PROGRAMS, name, tf)


@pytest.mark.parametrize("kernel", [math_ops._floordiv, math_ops._floormod, math_ops._truncatediv,
                                    math_ops._truncatemod, math_ops._div])
def test_kernels_never_fail_on_an_empty_result(kernel):
    for x, y in ((np.zeros([0], np.int32), np.int32(0)), (np.zeros([0, 2], np.int64), np.array([0, 0])),
                 (np.int32(3), np.zeros([0], np.int32))):
        assert kernel(np, np.asarray(x), np.asarray(y, dtype=np.asarray(x).dtype)).size == 0
