"""float32 Tanh, Sigmoid, Exp, Sin, Cos, Log, Log1p and Expm1 give TensorFlow's bits: Eigen's approximations (ops/eigen_math.py), checked on
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


NAMES = ["tanh", "sigmoid", "exp", "sin", "cos", "log", "log1p", "expm1"]


@pytest.mark.parametrize("name", NAMES)
def test_the_kernels_functions_are_tensorflows_bit_for_bit(name):
    fn = getattr(eigen_math, name)
    wrong = [label for label, x in ARRAYS.items() if digest(fn(np, x)) != GOLDENS[label][name]]
    assert not wrong


@pytest.mark.parametrize("name", NAMES)
def test_the_ops_run_them_on_float32(name):
    x = ARRAYS["n13"] if not name.startswith("log") else np.abs(ARRAYS["n13"])
    p = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        got = sess.run(getattr(tf, name)(p), {p: x})
    assert got.dtype == np.float32
    if os.environ.get("SESSIONFLOW_BACKEND") == "xla":  # compiled: the tail's C library function stands in rounded
        np.testing.assert_allclose(got, getattr(eigen_math, name)(np, x), rtol=2e-7)
        return
    assert digest(got) == digest(getattr(eigen_math, name)(np, x))
    if not name.startswith("log"):
        assert digest(got) == GOLDENS["n13"][name]


def test_the_packet_path_is_the_same_on_jax():
    """One algorithm text on both array modules: inside a compiled plan the packets (whole groups of 8) give the
    same bits where XLA is kept from fusing multiply-adds (XLA_FLAGS=--xla_cpu_max_isa=AVX), and within float
    rounding where it is not (the tail may differ by an ulp: there the C library's function is not at hand)."""
    jax = pytest.importorskip("jax")  # the optional extra `xla`
    jnp = jax.numpy

    x = ARRAYS["mixed"][:40000]
    positive = np.abs(x)
    with jax.enable_x64(True):
        for name in NAMES:
            arg = positive if name.startswith("log") else x
            got = np.asarray(jax.jit(lambda v, fn=getattr(eigen_math, name): fn(jnp, v))(arg))
            want = getattr(eigen_math, name)(np, arg)
            if "--xla_cpu_max_isa=AVX" in os.environ.get("XLA_FLAGS", ""):
                assert digest(got) == digest(want), name
            else:
                np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-7, err_msg=name)


def test_other_dtypes_keep_their_own_precision():
    x = np.array([0.5, -3.0, 20.0])
    with tf.Session() as sess:
        got = sess.run([tf.tanh(x), tf.sigmoid(x), tf.exp(x), tf.sin(x), tf.cos(x), tf.log(x + 4), tf.log1p(x + 3),
                        tf.expm1(x)])
    np.testing.assert_allclose(got, [np.tanh(x), 1 / (1 + np.exp(-x)), np.exp(x), np.sin(x), np.cos(x),
                                     np.log(x + 4), np.log1p(x + 3), np.expm1(x)], rtol=1e-15)
