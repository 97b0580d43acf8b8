"""tf.keras in graph mode against TensorFlow 2.21 with tf_keras (tools/record_keras.py): the same variable
names, seeded initial values, training losses, model structure and summary text (keras_programs.py), and
for the recurrent layers the same variable names and shapes, seeded initial weights, outputs and training
losses (rnn_programs.py)."""

import json
import os
import sys

import pytest

import sessionflow as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from first_week import harness  # noqa: E402
from keras_graph import keras_programs, rnn_programs  # noqa: E402


def _goldens(filename):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), filename)) as f:
        return json.load(f)


SUITES = {"layers": (keras_programs.PROGRAMS, _goldens("goldens.json")),
          "rnn": (rnn_programs.PROGRAMS, _goldens("rnn_goldens.json"))}


@pytest.mark.parametrize("suite, name", [(suite, name) for suite, (programs, _) in SUITES.items()
                                         for name in sorted(programs)])
def test_program_matches_tensorflow(suite, name):
    programs, goldens = SUITES[suite]
    harness.assert_matches(harness.plain(programs[name](tf)), goldens[name], rtol=1e-4, atol=1e-5)
