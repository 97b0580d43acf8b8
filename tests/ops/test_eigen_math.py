"""float32 Tanh, Sigmoid and Exp give TensorFlow's bits: Eigen's approximations (ops/eigen_math.py), checked on
a million seeded inputs and on every tail length against hashes of TF 2.21's outputs
(tools/record_eigen_math.py)."""

import hashlib
import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.ops import eigen_math

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eigen_math_inputs

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "eigen_math.json")) as f:
    GOLDENS = json.load(f)
ARRAYS = eigen_math_inputs.arrays()


def digest(values) -> str:
    return hashlib.sha256(np.ascontiguousarray(values, np.float32).tobytes()).hexdigest()


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "exp"])
def test_the_kernels_functions_are_tensorflows_bit_for_bit(name):
    fn = getattr(eigen_math, name)
    wrong = [label for label, x in ARRAYS.items() if digest(fn(np, x)) != GOLDENS[label][name]]
    assert not wrong


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "exp"])
def test_the_ops_run_them_on_float32(name):
    x = ARRAYS["n13"]
    p = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        got = sess.run(getattr(tf, name)(p), {p: x})
    assert digest(got) == GOLDENS["n13"][name]
    assert got.dtype == np.float32


def test_other_dtypes_keep_their_own_precision():
    x = np.array([0.5, -3.0, 20.0])
    with tf.Session() as sess:
        got = sess.run([tf.tanh(x), tf.sigmoid(x), tf.exp(x)])
    np.testing.assert_allclose(got, [np.tanh(x), 1 / (1 + np.exp(-x)), np.exp(x)], rtol=1e-15)
