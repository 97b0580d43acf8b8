"""tf.init_scope, and the variables, slots, global step, metric accumulators and moving averages
built in it: whole TF1 programs (tests/first_week/init_scope_programs.py) checked against what real
TensorFlow computed (tools/record_first_week.py), plus the scope's own contract."""

import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from first_week import harness  # noqa: E402
from first_week.init_scope_programs import PROGRAMS  # noqa: E402


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_tensorflow(name):
    harness.check_program(PROGRAMS, name, tf)


def test_init_scope_restores_what_it_lifted_out_of():
    graph = tf.Graph()
    with graph.as_default():
        gate = tf.no_op(name="gate")
        pred = tf.placeholder(tf.bool, [])
        seen = {}

        def branch():
            with tf.control_dependencies([gate]):
                with tf.init_scope():
                    seen["lifted"] = tf.constant(1.0, name="lifted")
                seen["inside"] = tf.constant(2.0, name="inside")
            return seen["lifted"] + seen["inside"]

        out = tf.cond(pred, branch, lambda: tf.constant(0.0))
        assert seen["lifted"].op.control_inputs == [] and seen["inside"].op.control_inputs == [gate]
        assert graph._tracing is None
        with tf.Session() as sess:
            assert sess.run(seen["lifted"]) == 1.0  # runs without the predicate: it is not in the branch
            assert sess.run(out, {pred: True}) == 3.0


def test_init_scope_is_exported_as_tf_does():
    assert tf.init_scope is tf.compat.v1.init_scope
