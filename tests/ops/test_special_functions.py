"""The special functions (tests/ops/special_programs.py) on sessionflow give what TensorFlow 2.21 gave
(tools/record_special.py): float64 values within 1e-12 relative, float32 within 1e-6 relative (each with an
absolute floor of a few units in the last place of the function's scale, for values near a zero of the
function), the same NaN/inf pattern, op names and types, gradients and errors."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plainops_programs
import special_programs
from golden_compare import assert_close

GOLDENS = json.load(open(os.path.join(os.path.dirname(__file__), "goldens", "special.json")))
TOLERANCE = {"float64": (1e-12, 1e-15), "float32": (1e-6, 1e-7)}
# TF's float32 Bessel kernels run Cephes' single-precision approximations, whose phase for J/Y at large x
# (x >= 10) carries float32's rounding: sessionflow evaluates the double-precision ones and rounds, so the two
# agree to a few 1e-6 absolute there. TF's float32 Betainc is Cephes' single-precision incbetf (sessionflow:
# the double-precision incbet, rounded), up to ~7e-5 relative apart where incbetf loses precision.
FLOAT32_TOLERANCE = {"bessel_j0": (1e-6, 5e-6), "bessel_j1": (1e-6, 5e-6), "bessel_y0": (1e-6, 5e-6),
                     "bessel_y1": (1e-6, 5e-6), "betainc_values": (1e-4, 1e-7)}


def tolerance(dtype, path):
    if dtype == "float32":
        return FLOAT32_TOLERANCE.get(path.split(".")[0], TOLERANCE["float32"])
    return TOLERANCE.get(dtype, (1e-6, 1e-7))


@pytest.mark.parametrize("name", sorted(special_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_special.py"
    assert_close(plainops_programs.evaluate(tf, special_programs.CASES[name]), GOLDENS[name], name, tolerance)


def test_gradients_match_finite_differences():
    """Igamma's gradient in a (IgammaGradA) and the Bessel gradients agree with central differences."""
    a = tf.constant([0.7, 2.0, 5.0, 15.0], tf.float64)
    x = tf.constant([0.4, 3.0, 4.0, 11.0], tf.float64)
    grad_a = tf.gradients(tf.math.igamma(a, x), a)[0]
    h = 1e-6
    with tf.Session() as sess:
        got = sess.run(grad_a)
        hi = sess.run(tf.math.igamma(a + h, x))
        lo = sess.run(tf.math.igamma(a - h, x))
    np.testing.assert_allclose(got, (hi - lo) / (2 * h), rtol=1e-6)


def test_betainc_symmetry_and_igamma_complement():
    a = np.array([0.5, 2.0, 7.0, 40.0])
    b = np.array([3.0, 0.4, 7.0, 60.0])
    x = np.array([0.3, 0.8, 0.5, 0.45])
    with tf.Session() as sess:
        left, right = sess.run([tf.math.betainc(a, b, x), tf.math.betainc(b, a, 1 - x)])
        p, q = sess.run([tf.math.igamma(a, x * 50), tf.math.igammac(a, x * 50)])
    np.testing.assert_allclose(left + right, 1.0, rtol=1e-13)
    np.testing.assert_allclose(p + q, 1.0, rtol=1e-13)


# TF 2.21's tf.digamma of these points (float.hex of each output): Cephes' psi run in the op's own precision.
# Near psi's root (1.4616...) float32's rounding of the recurrence's sum decides the value (0.0 at 1.4616321);
# -1e-30 reflects through the nearest integer 0 (about 1e30), the poles are NaN.
DIGAMMA_X32 = [1.4616873, 1.4616036, 0.5, 1.0, 1.4616321, -1e-30, -0.4540716, -0.63822085, -6.6702094, 3.729958,
               2.331831, 1e-8, 0.0, -2.0, -2.5, 10.0]
DIGAMMA_TF32 = ["0x1.bcp-15", "-0x1.dp-16", "-0x1.f6a8a4p+0", "-0x1.2788d8p-1", "0x0.0p+0", "0x1.93e594p+99",
                "0x1.cbe79cp-2", "-0x1.4c6f7ep+0", "0x1.c2a38p-4", "0x1.2d287ep+0", "0x1.3bfd1p-1", "-0x1.7d784p+26",
                "nan", "nan", "0x1.1a687cp+0", "0x1.20396ep+1"]
DIGAMMA_X64 = [-3.9195805552059495, -2.1147640575223345, 0.9201426937617574, 1.6722907894651515, 1.4616321, -1e-30]
DIGAMMA_TF64 = ["-0x1.55ca4731eab42p+3", "0x1.2997cd73ff76bp+3", "-0x1.6f05700916d68p-1", "0x1.7d9c1b80988e0p-3",
                "-0x1.75c9b2cp-25", "0x1.93e5939a08ce9p+99"]


def test_digamma_is_tfs_in_each_precision():
    with tf.Graph().as_default(), tf.Session() as sess:
        got32, got64 = sess.run([tf.digamma(np.array(DIGAMMA_X32, np.float32)),
                                 tf.digamma(np.array(DIGAMMA_X64, np.float64))])
    for got, want, dtype in ((got32, DIGAMMA_TF32, np.float32), (got64, DIGAMMA_TF64, np.float64)):
        want = np.array([float.fromhex(w) if w != "nan" else np.nan for w in want], dtype)
        assert got.dtype == dtype
        np.testing.assert_array_equal(got, want)


def test_igamma_gradient_uses_tfs_float32_digamma():
    """IgammaGradA's d log(x^a e^-x / Gamma(a)) / da reads digamma in float32, as TF's kernel (TF 2.21's value)."""
    with tf.Graph().as_default(), tf.Session() as sess:
        a = tf.constant([1.4616])
        got = sess.run(tf.gradients(tf.igamma(a, tf.constant([2.0])), a)[0])
    assert got[0] == np.float32(float.fromhex("-0x1.190dc4p-2"))
