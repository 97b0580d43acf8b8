"""The programs of tests/ops/plainops_programs.py on sessionflow give what TensorFlow 2.21 gave (recorded by
tools/record_plainops.py): values (float32 to its rounding; random draws bit for bit), dtypes, op names, error
types and messages."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plainops_programs  # noqa: E402

GOLDENS = json.load(open(os.path.join(os.path.dirname(__file__), "goldens", "plainops.json")))


def assert_same(got, want, path="result", exact=False):
    if isinstance(want, dict) and "dtype" in want:
        assert isinstance(got, dict) and got.get("dtype") == want["dtype"], f"{path}: {got} != {want}"
        for key in ("value", "real", "imag"):
            if key in want:
                if want["dtype"] in ("bytes", "bool") or want["dtype"].startswith(("int", "uint")):
                    assert got[key] == want[key], f"{path}: {got[key]} != {want[key]}"
                else:
                    tol = 0 if exact else 1e-12 if want["dtype"] == "float64" else 2e-6
                    np.testing.assert_allclose(np.asarray(got[key], np.float64), np.asarray(want[key], np.float64),
                                               rtol=tol, atol=tol, err_msg=path)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), f"{path}: {got} != {want}"
        for key in want:
            assert_same(got[key], want[key], f"{path}.{key}", exact)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same(g, w, f"{path}[{i}]", exact)
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


@pytest.mark.parametrize("name", sorted(plainops_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_plainops.py"
    assert_same(plainops_programs.evaluate(tf, plainops_programs.CASES[name]), GOLDENS[name], name,
                exact=name.startswith("random_"))


def test_conv2d_backprop_v2_ops_compute_the_v1_gradients():
    """TF has no CPU kernel for Conv2DBackpropInputV2/FilterV2; sessionflow runs them as the V1 ops they
    generalise (whose values tests/ops/test_nn_conv.py checks against TF)."""
    rng = np.random.RandomState(4)
    with tf.Graph().as_default():
        x = tf.constant(rng.uniform(-1, 1, (2, 6, 5, 3)).astype(np.float32))
        f = tf.constant(rng.uniform(-1, 1, (3, 2, 3, 4)).astype(np.float32))
        dy = tf.constant(rng.uniform(-1, 1, (2, 3, 5, 4)).astype(np.float32))
        pairs = [(tf.conv2d_backprop_filter_v2(x, f, dy, [1, 2, 1, 1], "SAME"),
                  tf.nn.conv2d_backprop_filter(x, [3, 2, 3, 4], dy, [1, 2, 1, 1], "SAME")),
                 (tf.conv2d_backprop_input_v2(x, f, dy, [1, 2, 1, 1], "SAME"),
                  tf.nn.conv2d_backprop_input([2, 6, 5, 3], f, dy, [1, 2, 1, 1], "SAME"))]
        with tf.Session() as sess:
            for v2, v1 in sess.run(pairs):
                np.testing.assert_array_equal(v2, v1)


def test_random_gamma_gradient_in_alpha_is_refused_not_dropped():
    """TF differentiates gamma samples in alpha (RandomGammaGrad); sessionflow does not yet, and raises rather
    than silently giving no gradient."""
    with tf.Graph().as_default():
        alpha = tf.constant([1.5, 3.0])
        samples = tf.random.gamma([4], alpha, seed=1)
        with pytest.raises(LookupError, match="RandomGammaGrad"):
            tf.gradients(tf.reduce_sum(samples), alpha)
