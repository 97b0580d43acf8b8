"""TF 2.x object APIs in graph mode (tests/compat/programs/tf2_graph_apis.py): each section of the program runs
on sessionflow, in-process, and gives what TensorFlow 2.21 gave (tests/compat/goldens/tf2_graph_apis.json)."""

from __future__ import annotations

import os
import sys

import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "programs"))
import tf2_graph_apis  # noqa: E402
from compat_harness import assert_close, golden  # noqa: E402

GOLDEN = golden("tf2_graph_apis.json")


@pytest.mark.parametrize("section", tf2_graph_apis.SECTIONS)
def test_section_gives_tfs_results(section):
    assert "error" not in GOLDEN[section], GOLDEN[section]
    with tf.Graph().as_default():
        actual = getattr(tf2_graph_apis, section)(tf)
    assert_close(actual, GOLDEN[section], section, tol=1e-5)
