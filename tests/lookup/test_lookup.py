"""Lookup tables against TF's recorded output (tests/lookup/goldens/lookup.json, tools/record_strings.py): the
tf.lookup / tf.contrib.lookup tables, their graphs (op names and types), TF's errors, and the whole text pipeline
(sentences -> string_split -> vocabulary ids -> embeddings -> logistic regression) with TF's ids and losses."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import lookup_programs  # noqa: E402

with open(os.path.join(HERE, "goldens", "lookup.json"), encoding="utf-8") as _f:
    GOLDENS = json.load(_f)

_RESULTS = {}


def _result(program):
    if program not in _RESULTS:
        with tf.Graph().as_default():
            _RESULTS[program] = lookup_programs.PROGRAMS[program](tf)
    return _RESULTS[program]


def _graph_message(value):
    """A graph-construction error without TF's node summary (sessionflow prints its own)."""
    if isinstance(value, list) and len(value) == 2 and value[0] in ("ValueError", "TypeError"):
        return [value[0], value[1].split(" for '{{node")[0]]
    return value


@pytest.mark.parametrize("program, case", [(p, c) for p in GOLDENS if p != "text_pipeline" for c in GOLDENS[p]])
def test_matches_tf(program, case):
    assert _graph_message(_result(program)[case]) == _graph_message(GOLDENS[program][case])


def test_text_pipeline_gets_tfs_ids_and_losses():
    got, expected = _result("text_pipeline"), GOLDENS["text_pipeline"]
    assert got["ids"] == expected["ids"]
    np.testing.assert_allclose(got["losses"], expected["losses"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got["final_loss"], expected["final_loss"], rtol=1e-5, atol=1e-6)
    for name in ("embedding", "weights", "bias"):
        np.testing.assert_allclose(got[name], expected[name], rtol=1e-4, atol=1e-5)
