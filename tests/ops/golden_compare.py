"""One comparison of a program's plain results (plainops_programs.plain: nested dicts and lists, tensors as
{"dtype", "value"} or {"dtype", "real", "imag"}) with TF's recorded ones: the same structure and dtypes, integers
and strings exactly, floats to a tolerance per dtype (and per case), NaNs and infinities where TF has them."""

from __future__ import annotations

import numpy as np

FLOATS = ("float16", "bfloat16", "float32", "float64", "complex64", "complex128")


def default_tolerance(dtype: str, path: str) -> tuple[float, float]:
    """(rtol, atol): a few ulps of float32, 1e-9 for float64 (results computed the same way, summed in another
    order)."""
    return (1e-9, 1e-9) if dtype in ("float64", "complex128") else (2e-5, 2e-5)


def assert_close(got, want, path="result", tolerance=default_tolerance):
    if isinstance(want, dict) and "dtype" in want:
        assert isinstance(got, dict) and got.get("dtype") == want["dtype"], f"{path}: {got} != {want}"
        for key in ("value", "real", "imag"):
            if key not in want:
                continue
            if want["dtype"] not in FLOATS:
                assert got[key] == want[key], f"{path}: {got[key]} != {want[key]}"
                continue
            g, w = np.asarray(got[key], np.float64), np.asarray(want[key], np.float64)
            assert g.shape == w.shape, f"{path}: shape {g.shape} != {w.shape}"
            np.testing.assert_array_equal(np.isnan(g), np.isnan(w), err_msg=path)
            np.testing.assert_array_equal(np.isinf(g) * np.sign(g), np.isinf(w) * np.sign(w), err_msg=path)
            rtol, atol = tolerance(want["dtype"], path)
            finite = np.isfinite(w)
            np.testing.assert_allclose(g[finite], w[finite], rtol=rtol, atol=atol, err_msg=path)
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), f"{path}: {sorted(got)} != {sorted(want)}"
        for key in want:
            assert_close(got[key], want[key], f"{path}.{key}", tolerance)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, f"{path}[{i}]", tolerance)
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"
