"""tf.check_pinned (sessionflow/ops/pinned.py) and tf.graph_util.must_run_on_cpu (sessionflow/io/graph_util.py)
against TF's recorded results (tests/leftovers/goldens.json, from tools/record_leftovers.py)."""

import json
import os
import sys

import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import device_programs as programs

with open(os.path.join(HERE, "goldens.json")) as _f:
    RECORDED = {k.split(".", 1)[1]: v for k, v in json.load(_f).items() if k.startswith("device.")}


@pytest.mark.parametrize("name", sorted(programs.PROGRAMS))
def test_program_matches_tensorflow(name):
    assert programs.PROGRAMS[name](tf) == RECORDED[name]


def test_check_pinned_has_no_gradient_as_in_tensorflow():
    with tf.Graph().as_default():
        x = tf.constant([1.0])
        with pytest.raises(LookupError, match="No gradient defined for operation 'CheckPinned'"):
            tf.gradients(tf.check_pinned(x), x)


def test_must_run_on_cpu_asserts_on_other_objects():
    with pytest.raises(AssertionError):
        tf.graph_util.must_run_on_cpu("Const")
