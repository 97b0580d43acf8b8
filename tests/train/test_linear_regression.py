"""The classic TF1 linear-regression tutorial (unshaped placeholders fed Python floats, a sum over a
scalar whose gradient takes FloorMod of an empty vector by 0) trains and prints what real TensorFlow
printed (tools/record_first_week.py); gradients of other reductions over scalar, vector and empty
feeds match too."""

import os
import re
import sys

import sessionflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from first_week import harness  # noqa: E402
from first_week.training_programs import PROGRAMS  # noqa: E402

NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


def test_linear_regression_prints_tensorflows_numbers():
    """Line by line: the same text, and the same numbers to float32 precision (a float32 sum of 17
    values may differ from TF's vectorized order in its last bit; XLA's reduction order, in its last two)."""
    rtol = 1e-6 if os.environ.get("SESSIONFLOW_BACKEND", "numpy") == "numpy" else 3e-6
    expected = harness.load_goldens()["linear_regression_tutorial"]
    printed = PROGRAMS["linear_regression_tutorial"](tf)
    assert len(printed) == len(expected)
    for line, golden in zip(printed, expected):
        assert NUMBER.sub("#", line) == NUMBER.sub("#", golden)
        harness.assert_matches([float(n) for n in NUMBER.findall(line)],
                               [float(n) for n in NUMBER.findall(golden)], rtol=rtol, atol=0.0, path=line)


def test_gradients_through_scalar_feeds_match_tensorflow():
    harness.check_program(PROGRAMS, "gradients_through_scalar_feeds", tf)
