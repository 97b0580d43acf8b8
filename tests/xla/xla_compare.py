"""Comparing the runs of one program on the NumPy and XLA backends (tests/xla)."""

from __future__ import annotations

import numpy as np


def assert_same_runs(want, got, rtol=1e-6, atol=1e-6):
    """`want` and `got`: per run, either the fetched values (None for a fetched op) or a tuple naming the error
    raised (type, message, op): errors must be the same, values equal to tolerance with the same dtype and
    shape."""
    assert len(want) == len(got)
    for a, b in zip(want, got):
        if isinstance(a, tuple):
            assert a == b  # the same error, message and op
            continue
        for x, y in zip(a, b):
            if x is None:  # a fetched op
                assert y is None
                continue
            x, y = np.asarray(x), np.asarray(y)
            assert x.dtype == y.dtype and x.shape == y.shape
            np.testing.assert_allclose(y, x, rtol=rtol, atol=atol)
