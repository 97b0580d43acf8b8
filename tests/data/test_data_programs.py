"""Whole tf.data programs (data_programs.py) against TensorFlow's recorded results
(goldens/data.json, from tools/record_data.py): shuffle orders for several seeds, buffer sizes,
reshuffling and repeats; every transformation; nested structures and static shapes; the four iterator
kinds; file datasets; and a training loop fed by TFRecord files until OutOfRangeError."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from data_programs import PROGRAMS

import sessionflow as tf

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "data.json")) as _f:
    GOLDENS = json.load(_f)


def _close(actual, expected, path):
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and sorted(actual) == sorted(expected), f"{path}: {actual!r}"
        for key in expected:
            _close(actual[key], expected[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            _close(a, e, f"{path}[{i}]")
    elif isinstance(expected, float):
        assert np.isclose(actual, expected, rtol=1e-5, atol=1e-6), f"{path}: {actual!r} != {expected!r}"
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_tensorflow(name, tmp_path):
    with tf.Graph().as_default():
        result = PROGRAMS[name](tf, str(tmp_path))
    _close(json.loads(json.dumps(result)), GOLDENS[name], name)


def test_pipelines_for_tensorflow_are_written(tmp_path):
    # tools/record_data.py --check-graphs has TF import these GraphDefs and compare the elements.
    from data_programs import write_exported_pipelines

    write_exported_pipelines(tf, str(tmp_path))
    for name in ("files", "structured", "grouped"):
        with open(tmp_path / f"{name}.json") as f:
            written = json.load(f)
        assert written["values"] and (tmp_path / f"{name}.pb").stat().st_size > 0
