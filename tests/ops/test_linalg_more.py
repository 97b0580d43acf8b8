"""tf.linalg's LU factorisation, matrix functions (expm, logm, pinv, matrix_rank, normalize) and tridiagonal
names: the programs of tests/ops/linalg_programs.py on sessionflow give what TensorFlow 2.21 gave (recorded
by tools/record_linalg.py): values (float64 to 1e-9, float32 to 2e-5), gradients, dtypes, static shapes, op
names and error messages."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linalg_programs  # noqa: E402
import plainops_programs  # noqa: E402
GOLDENS = json.load(open(os.path.join(os.path.dirname(__file__), "goldens", "linalg_more.json")))


def assert_close(got, want, path="result"):
    """`got` equals `want` (the recorded form of plainops_programs.plain): same structure and dtypes,
    floats to their precision's tolerance, NaNs where TF has them."""
    if isinstance(want, dict) and "dtype" in want:
        assert isinstance(got, dict) and got.get("dtype") == want["dtype"], f"{path}: {got} != {want}"
        for key in ("value", "real", "imag"):
            if key not in want:
                continue
            if want["dtype"] in ("float64", "complex128", "float32", "complex64"):
                tol = 1e-9 if want["dtype"] in ("float64", "complex128") else 2e-5
                np.testing.assert_allclose(np.asarray(got[key], np.float64), np.asarray(want[key], np.float64),
                                           rtol=tol, atol=tol, err_msg=path)
            else:
                assert got[key] == want[key], f"{path}: {got[key]} != {want[key]}"
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), f"{path}: {sorted(got)} != {sorted(want)}"
        for key in want:
            assert_close(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, f"{path}[{i}]")
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


@pytest.mark.parametrize("name", sorted(linalg_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_linalg.py"
    assert_close(plainops_programs.evaluate(tf, linalg_programs.CASES[name]), GOLDENS[name], name)
