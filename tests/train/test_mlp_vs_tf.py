"""The MLP of mlp_program.py trains on sessionflow with the same losses real TensorFlow recorded
(tools/record_training_goldens.py), to 1e-4 relative, over 50 steps of SGD, Momentum and Adam."""

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mlp_program  # noqa: E402

GOLDENS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "mlp_losses.json")


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_losses_match_tensorflow(optimizer):
    with open(GOLDENS) as f:
        expected = json.load(f)[optimizer]
    losses = mlp_program.train_losses(tf, optimizer)
    assert len(losses) == mlp_program.STEPS
    np.testing.assert_allclose(losses, expected, rtol=1e-4)
    assert losses[-1] < losses[0]  # it learns the (random) training batches
