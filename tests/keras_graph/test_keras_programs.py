"""tf.keras in graph mode against TensorFlow 2.21 with tf_keras (tools/record_keras.py): the same variable
names, seeded initial values, training losses, model structure and summary text."""

import json
import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from first_week import harness  # noqa: E402
from keras_graph.keras_programs import PROGRAMS  # noqa: E402

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens.json")) as _f:
    GOLDENS = json.load(_f)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_tensorflow(name):
    harness.assert_matches(harness.plain(PROGRAMS[name](tf)), GOLDENS[name], rtol=1e-4, atol=1e-5)
