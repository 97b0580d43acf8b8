"""The TF1 training idiom `with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
train = optimizer.minimize(loss)` over tf.layers with batch normalization: the optimizer's slots are
built in an init_scope, so `tf.global_variables_initializer()` needs no feed, and training matches
the losses and moving statistics real TensorFlow recorded (tools/record_first_week.py)."""

import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from first_week import harness  # noqa: E402
from first_week.training_programs import OPTIMIZERS, PROGRAMS  # noqa: E402


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_update_ops_idiom_matches_tensorflow(optimizer):
    harness.check_program(PROGRAMS, f"update_ops_idiom_{optimizer}", tf, rtol=1e-4)


def test_update_ops_idiom_with_a_training_placeholder_matches_tensorflow():
    """batch_normalization(training=<bool placeholder>) builds tf.cond over the batch statistics."""
    harness.check_program(PROGRAMS, "update_ops_idiom_training_placeholder", tf, rtol=1e-4)


def test_slots_created_under_control_dependencies_have_none():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None])
        w = tf.Variable(1.0)
        loss = tf.reduce_mean(tf.square(w * x))
        with tf.control_dependencies([tf.identity(x)]):
            optimizer = tf.train.AdamOptimizer(0.1)
            optimizer.minimize(loss)
        for v in optimizer.variables():
            assert v.initializer.control_inputs == [] and v.initial_value.op.control_inputs == []
