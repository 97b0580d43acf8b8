"""`v.assign/assign_add/assign_sub(value, read_value=False)` return the update Operation (TF's
names: Assign*, or Assign*VariableOp for resource variables), and the functional tf.assign forms
return the new value, as real TensorFlow recorded (tests/first_week/assign_programs.py)."""

import os
import re
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from first_week import harness  # noqa: E402
from first_week.assign_programs import PROGRAMS  # noqa: E402


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_tensorflow(name):
    harness.check_program(PROGRAMS, name, tf)


def test_resource_assign_of_a_wrong_shape_is_tfs_value_error():
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0], use_resource=True, name="r")
        with pytest.raises(ValueError, match=r"Cannot assign value to variable ' r:0': Shape mismatch\.The variable "
                                             r"shape \(2,\), and the assigned value shape \(3,\) are incompatible\."):
            v.assign([1.0, 2.0, 3.0])


def test_resource_updates_of_a_wrong_shape_fail_when_they_run_as_in_tf():
    """A fed value of the wrong shape: TF's AssignVariableOp (validate_shape, set by Variable.assign for a
    fully-defined shape) and AssignAddVariableOp fail with these messages; the raw op, whose validate_shape
    defaults to False, and a variable made with validate_shape=False take the new shape."""
    with tf.Graph().as_default():
        v = tf.Variable(np.zeros((4, 1), np.float32), use_resource=True, name="v")
        loose = tf.Variable(np.zeros((4, 1), np.float32), use_resource=True, validate_shape=False)
        p = tf.placeholder(tf.float32, [None, 1])
        assign, add, sub = v.assign(p), v.assign_add(p), v.assign_sub(p)
        raw = tf.raw_ops.AssignVariableOp(resource=v.handle, value=p)
        assert [assign.op.get_attr("validate_shape"), raw.get_attr("validate_shape")] == [True, False]
        with tf.Session() as sess:
            sess.run([v.initializer, loose.initializer])
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=re.escape("Trying to assign to variable with tensor with wrong shape. Expected "
                                               "[4,1] got [3,1]")):
                sess.run(assign, {p: np.zeros((3, 1))})
            for update in (add, sub):
                with pytest.raises(tf.errors.InvalidArgumentError,
                                   match=re.escape("Cannot update variable with shape [4,1] using a Tensor with shape "
                                                   "[3,1], shapes must be equal.")):
                    sess.run(update, {p: np.zeros((3, 1))})
            np.testing.assert_array_equal(sess.run(v), np.zeros((4, 1)))  # nothing was written
            sess.run(loose.assign(p), {p: np.ones((3, 1))})
            assert sess.run(loose).shape == (3, 1)
            sess.run(raw, {p: np.ones((2, 1))})
            assert sess.run(v).shape == (2, 1)
