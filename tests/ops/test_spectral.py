"""The programs of tests/ops/spectral_programs.py (complex numbers, FFTs, tf.signal) on sessionflow give what
TensorFlow 2.21 gave (recorded by tools/record_spectral.py): values, dtypes, static shapes, op types, errors."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spectral_programs  # noqa: E402

GOLDENS = json.load(open(os.path.join(os.path.dirname(__file__), "goldens", "spectral.json")))


def _close(got, want, dtype, path):
    """Float32 FFT results carry rounding that grows with the transform: compare to the array's scale."""
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    assert got.shape == want.shape, f"{path}: shape {got.shape} != {want.shape}"
    scale = max(1.0, float(np.max(np.abs(want)))) if want.size else 1.0
    tol = 1e-11 if dtype in ("float64", "complex128") else 3e-6
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol * scale, err_msg=path)


def assert_same(got, want, path="result"):
    if isinstance(want, dict) and "dtype" in want:
        assert isinstance(got, dict) and got.get("dtype") == want["dtype"], f"{path}: {got} != {want}"
        for key in ("value", "real", "imag"):
            if key in want:
                if want["dtype"] in ("bytes", "bool") or want["dtype"].startswith(("int", "uint")):
                    assert got[key] == want[key], f"{path}: {got[key]} != {want[key]}"
                else:
                    _close(got[key], want[key], want["dtype"], f"{path}.{key}")
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), f"{path}: {sorted(got)} != {sorted(want)}"
        for key in want:
            assert_same(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got} != {want}"
        if want and all(isinstance(w, float) for w in want):
            _close(got, want, "float32", path)
            return
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same(g, w, f"{path}[{i}]")
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


@pytest.mark.parametrize("name", sorted(spectral_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_spectral.py"
    assert_same(spectral_programs.evaluate(tf, spectral_programs.CASES[name]), GOLDENS[name], name)
