"""The programs of tests/images/morphology_programs.py on sessionflow give what TensorFlow 2.21 gave (recorded by
tools/record_nnmisc.py): dilation2d/erosion2d and their gradients, extract_volume_patches and its gradient,
extract_glimpse (V1's copied pixels and noise range; V2 with zero noise exactly), ssim_multiscale."""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "ops"))
import morphology_programs  # noqa: E402
import plainops_programs  # noqa: E402
from test_plainops import assert_same  # noqa: E402

with open(os.path.join(HERE, "goldens_morphology.json")) as f:
    GOLDENS = json.load(f)


def _v1_copied(got, want):
    """ExtractGlimpse (V1) fills out-of-image pixels with random uniform noise: compare the pixels TF copied from
    the image (the zero-noise V2 result of the same window tells which) and check the rest lies in range."""
    for key in [k for k in want if k.endswith(",v1")]:
        g, w = np.asarray(got[key]["value"]), np.asarray(want[key]["value"])
        x = np.arange(4 * 7 * 8 * 2, dtype=np.float32).reshape(4, 7, 8, 2)
        for b in range(4):
            copied = np.isin(w[b], x[b]) & np.isin(g[b], x[b])
            np.testing.assert_array_equal(g[b][copied], w[b][copied], err_msg=key)
            assert np.all((g[b] >= x[b].min()) & (g[b] <= x[b].max())), key
            got[key] = want[key]


@pytest.mark.parametrize("name", sorted(morphology_programs.CASES))
def test_program_matches_tf(name):
    assert name in GOLDENS, f"{name}: run tools/record_nnmisc.py morphology"
    got = plainops_programs.evaluate(tf, morphology_programs.CASES[name])
    if name == "glimpse":
        _v1_copied(got, GOLDENS[name])
    assert_same(got, GOLDENS[name], name)
