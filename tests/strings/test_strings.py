"""String ops against TF's recorded output (tests/strings/goldens/strings.json, tools/record_strings.py): every
program of strings_programs.py gives TF's values, and TF's error classes and messages."""

from __future__ import annotations

import json
import os
import sys

import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import strings_programs  # noqa: E402

with open(os.path.join(HERE, "goldens", "strings.json"), encoding="utf-8") as _f:
    GOLDENS = json.load(_f)

# Where sessionflow's message differs from TF's on purpose: (program, case) -> the prefix both share.
# Python's `re` words a bad pattern its own way after TF's "Invalid pattern: <pattern>, error:".
_MESSAGE_PREFIX = {("regex", "bad_pattern"): "Invalid pattern: (, error:",
                   ("regex", "bad_full_pattern"): "Invalid pattern: [a, error:"}


def _cases():
    for program, cases in GOLDENS.items():
        for case in cases:
            yield program, case


_RESULTS = {}


def _result(program):
    if program not in _RESULTS:
        with tf.Graph().as_default():
            _RESULTS[program] = strings_programs.PROGRAMS[program](tf)
    return _RESULTS[program]


@pytest.mark.parametrize("program, case", list(_cases()), ids=lambda v: str(v))
def test_matches_tf(program, case):
    expected = GOLDENS[program][case]
    got = _result(program)[case]
    prefix = _MESSAGE_PREFIX.get((program, case))
    if prefix is not None:
        assert got[0] == expected[0] and got[1].startswith(prefix), got
        return
    if isinstance(expected, list) and len(expected) == 2 and expected[0] in ("ValueError", "TypeError"):
        assert got[0] == expected[0], got
        assert _graph_message(got[1]) == _graph_message(expected[1]), got
        return
    assert got == expected


def _graph_message(text: str) -> str:
    """A graph-construction message without TF's node summary and input shapes (sessionflow prints the same
    summary, but its attrs for a node can differ in ways this test does not judge)."""
    return text.split(" for '{{node")[0]
