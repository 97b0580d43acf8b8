"""Seeded float32 inputs for the Eigen-math comparison (tools/record_eigen_math.py, test_eigen_math.py)."""

import numpy as np

SPECIAL = [0.0, -0.0, 1e-30, -1e-30, 1e-40, 0.0004, -0.0004, 0.00039999, 7.9, 7.91, 8.0, 9.0, -9.0, 15.6, 16.7,
           88.0, 88.8, -87.0, -103.9, -104.1, np.inf, -np.inf, np.nan]


def arrays() -> dict:
    """label -> array: the big mixed set (1,100,023 elements: 7 left for the scalar path) and small arrays
    of every tail length, one 2-D, and the special values where Eigen's packet path takes them."""
    rng = np.random.RandomState(0)
    big = np.concatenate([rng.randn(200000).astype(np.float32) * s for s in (0.001, 0.1, 1, 3, 10)]
                         + [np.linspace(-10, 10, 100000, dtype=np.float32), np.array(SPECIAL, np.float32)])
    out = {"mixed": big}
    for n in range(1, 18):
        out[f"n{n}"] = (rng.randn(n) * 4).astype(np.float32)
    out["grid_3x7"] = (rng.randn(3, 7) * 4).astype(np.float32)
    out["special_in_packets"] = np.array(SPECIAL + [1.0] * (40 - len(SPECIAL)), np.float32)
    return out
