"""2-D max pooling against a loop reference, for windows that tile the input (stride = window: the
reshaped fast path) and windows that do not: values, TF's first-maximum tie rule, NaN windows, and
gradients' signed zeros (0 + g where routed, +0 elsewhere, as TF accumulates)."""

import itertools

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY

MAX, MAX_GRAD = REGISTRY["MaxPool"], REGISTRY["MaxPoolGrad"]


def _geometry(size, k, s, padding):
    if padding == "SAME":
        out = -(-size // s)
        return out, max((out - 1) * s + k - size, 0) // 2
    return (size - k) // s + 1, 0


def _reference(x, k, s, padding, g=None):
    """(max pool of NHWC x, and with g: the gradient routed to each window's first maximum)."""
    n, h, w, c = x.shape
    (oh, top), (ow, left) = _geometry(h, k[0], s[0], padding), _geometry(w, k[1], s[1], padding)
    out = np.full((n, oh, ow, c), -np.inf, x.dtype)
    dx = np.zeros_like(x)
    for b, i, j, ch in itertools.product(range(n), range(oh), range(ow), range(c)):
        taps = [(i * s[0] - top + a, j * s[1] - left + d) for a in range(k[0]) for d in range(k[1])]
        taps = [(y, z) for y, z in taps if 0 <= y < h and 0 <= z < w]
        values = [x[b, y, z, ch] for y, z in taps]
        best = np.nan if any(np.isnan(values)) else max(values)
        out[b, i, j, ch] = best
        if g is not None:
            first = next((t for t, v in zip(taps, values) if v == best), None)
            if first is not None:
                dx[b, first[0], first[1], ch] += g[b, i, j, ch]
    return out, dx


CASES = [((2, 2), (2, 2), "SAME", (2, 6, 8, 3)), ((2, 2), (2, 2), "SAME", (1, 5, 7, 2)),
         ((3, 3), (3, 3), "VALID", (2, 8, 7, 2)), ((3, 2), (3, 2), "SAME", (1, 7, 5, 1)),
         ((2, 2), (1, 1), "VALID", (1, 5, 5, 2)), ((3, 3), (2, 2), "SAME", (2, 7, 6, 2))]


@pytest.mark.parametrize("k, s, padding, shape", CASES)
@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
def test_max_pool_and_its_gradient_match_the_loop_reference(k, s, padding, shape, data_format):
    rng = np.random.RandomState(sum(shape))
    x = rng.randint(0, 4, shape).astype(np.float32)  # small integers: many ties
    x[0, 0, 0, 0] = np.nan
    ref_out, _ = _reference(x, k, s, padding)
    g = rng.randn(*ref_out.shape).astype(np.float32)
    g[g < -1] = -0.0
    g.flat[1] = np.nan  # a NaN gradient reaches its window's first maximum only
    _, ref_dx = _reference(x, k, s, padding, g)
    attrs = dict(ksize=[1, *k, 1], strides=[1, *s, 1], padding=padding, data_format=data_format)
    to = (lambda a: np.ascontiguousarray(a.transpose(0, 3, 1, 2))) if data_format == "NCHW" else (lambda a: a)
    if data_format == "NCHW":
        attrs.update(ksize=[1, 1, *k], strides=[1, 1, *s])
    out = MAX.kernel(np, to(x), **attrs)
    np.testing.assert_array_equal(out, to(ref_out))
    dx = MAX_GRAD.kernel(np, to(x), out, to(g), **attrs)
    np.testing.assert_array_equal(dx, to(ref_dx))
    assert np.array_equal(np.signbit(dx), np.signbit(to(ref_dx)))


@pytest.mark.parametrize("k, s, padding, want", [
    # what TF 2.21's MaxPoolGrad gives for x = arange(16) as 4x4 and a gradient of ones but NaN first
    (3, 1, "SAME", [[0, 0, 0, 0], [0, np.nan, 1, 2], [0, 1, 1, 2], [0, 2, 2, 4]]),
    (3, 2, "VALID", [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, np.nan, 0], [0, 0, 0, 0]])])
def test_a_nan_gradient_of_overlapping_windows_stays_at_its_maximum_as_tf(k, s, padding, want):
    x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    attrs = dict(ksize=[1, k, k, 1], strides=[1, s, s, 1], padding=padding, data_format="NHWC")
    g = np.ones_like(MAX.kernel(np, x, **attrs))
    g.flat[0] = np.nan
    dx = MAX_GRAD.kernel(np, x, MAX.kernel(np, x, **attrs), g, **attrs)
    np.testing.assert_array_equal(dx[0, :, :, 0], np.array(want, np.float32))


@pytest.mark.parametrize("build", [
    lambda x: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 0, 2, 1], "SAME"),
    lambda x: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 0, 1], "VALID"),
    lambda x: tf.nn.conv2d(x, tf.ones([2, 2, 1, 1]), [1, 0, 1, 1], "SAME")])
def test_a_zero_stride_is_tfs_shape_error(build):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [1, 4, 4, 1])
        with pytest.raises(ValueError, match=r"Stride must be > 0, but got 0 for '\{\{node "):
            build(x)
