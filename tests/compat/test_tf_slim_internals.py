"""TF 1.x behaviours and `tensorflow.python.*` internals that tf-slim's code and tests rely on (tensor attributes,
slicing by Variables and Dimensions, Dimension/TensorShape conversion, VariableScope's collections,
Variable.count_up_to, metrics_impl's and weights_broadcast_ops' helpers): each case of
programs/tf_slim_internals_program.py, run under `sessionflow run`, gives what TF 2.21 recorded
(tools/record_tf_slim_internals.py). None of them needs tf-slim installed.
"""

from __future__ import annotations

import json
import os

import pytest
from compat_harness import PROGRAMS, golden, python

EXPECTED = golden("tf_slim_internals_program.json")


@pytest.fixture(scope="module")
def program() -> dict:
    done = python("-m", "sessionflow", "run", os.path.join(PROGRAMS, "tf_slim_internals_program.py"))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_matches_tf(program, case):
    assert program[case] == EXPECTED[case]


def test_every_case_was_recorded(program):
    assert sorted(program) == sorted(EXPECTED)
