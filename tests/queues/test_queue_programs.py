"""Whole TF1 programs with queues, readers and queue runners give TF's recorded results
(tests/queues/fixtures/queue_programs.json, from tools/record_queues.py)."""

import json
import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from queue_programs import PROGRAMS  # noqa: E402

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "queue_programs.json")) as _f:
    RECORDED = json.load(_f)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_tensorflow(name, tmp_path):
    assert PROGRAMS[name](tf, str(tmp_path)) == RECORDED[name]
