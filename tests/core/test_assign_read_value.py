"""`v.assign/assign_add/assign_sub(value, read_value=False)` return the update Operation (TF's
names: Assign*, or Assign*VariableOp for resource variables), and the functional tf.assign forms
return the new value, as real TensorFlow recorded (tests/first_week/assign_programs.py)."""

import os
import sys

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
