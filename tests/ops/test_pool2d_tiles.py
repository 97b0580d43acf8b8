"""2-D max pooling against a loop reference, for windows that tile the input (stride = window: the
reshaped fast path) and windows that do not: values, TF's first-maximum tie rule, NaN and -inf windows
as TF's CPU kernels treat them, and gradients' signed zeros (0 + g where routed, +0 elsewhere, as TF
accumulates)."""

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
    """(max pool of NHWC x, and with g: the gradient routed to each window's chosen tap), as TF's CPU kernels
    compute them: the pool starts from the lowest finite value and takes a tap only when it is greater; the
    gradient's tap is the window's first one inside the input, replaced by each later tap greater than it."""
    n, h, w, c = x.shape
    (oh, top), (ow, left) = _geometry(h, k[0], s[0], padding), _geometry(w, k[1], s[1], padding)
    out = np.full((n, oh, ow, c), np.finfo(x.dtype).min, x.dtype)
    dx = np.zeros_like(x)
    for b, i, j, ch in itertools.product(range(n), range(oh), range(ow), range(c)):
        taps = [(i * s[0] - top + a, j * s[1] - left + d) for a in range(k[0]) for d in range(k[1])]
        taps = [(y, z) for y, z in taps if 0 <= y < h and 0 <= z < w]
        chosen = None
        for y, z in taps:
            v = x[b, y, z, ch]
            if out[b, i, j, ch] < v:
                out[b, i, j, ch] = v
            if chosen is None or x[b, chosen[0], chosen[1], ch] < v:
                chosen = (y, z)
        if g is not None:
            dx[b, chosen[0], chosen[1], ch] += g[b, i, j, ch]
    return out, dx


CASES = [((2, 2), (2, 2), "SAME", (2, 6, 8, 3)), ((2, 2), (2, 2), "SAME", (1, 5, 7, 2)),
         ((3, 3), (3, 3), "VALID", (2, 8, 7, 2)), ((3, 2), (3, 2), "SAME", (1, 7, 5, 1)),
         ((2, 2), (1, 1), "VALID", (1, 5, 5, 2)), ((3, 3), (2, 2), "SAME", (2, 7, 6, 2))]


@pytest.mark.parametrize("k, s, padding, shape", CASES)
@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
def test_max_pool_and_its_gradient_match_the_loop_reference(k, s, padding, shape, data_format):
    rng = np.random.RandomState(sum(shape))
    x = rng.randint(0, 4, shape).astype(np.float32)  # small integers: many ties
    x[0, 0, 0, 0] = np.nan  # a NaN first tap: the pool passes it by, the gradient stays with it
    x[0, 1, 2, 0] = np.nan
    x[-1, -2:, -2:, -1] = -np.inf  # a window of -inf only (tiling 2x2): the lowest finite value
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


def test_nan_and_minus_infinity_windows_pool_and_route_as_tf():
    """What TF 2.21's CPU MaxPool and MaxPoolGrad give (tools/ oracle run, oneDNN on and off alike): NaN never
    wins the pool, a window of -inf pools to the lowest finite float, a NaN first tap keeps the gradient;
    orig_output's values are not read (zeros give the same gradient)."""
    x = np.array([[1, 5, 2, 2], [np.nan, 3, 2, 2], [7, np.nan, -np.inf, -np.inf], [1, 2, -np.inf, -np.inf]],
                 np.float32).reshape(1, 4, 4, 1)
    low = np.finfo(np.float32).min
    with tf.Graph().as_default(), tf.Session() as sess:
        out = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        g = np.array([10, 20, 30, 40], np.float32).reshape(1, 2, 2, 1)
        dx = tf.raw_ops.MaxPoolGrad(orig_input=x, orig_output=out, grad=g, ksize=[1, 2, 2, 1],
                                    strides=[1, 2, 2, 1], padding="VALID")
        dx_zeros = tf.raw_ops.MaxPoolGrad(orig_input=x, orig_output=np.zeros((1, 2, 2, 1), np.float32), grad=g,
                                          ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
        out3 = tf.nn.max_pool(x, [1, 3, 3, 1], [1, 1, 1, 1], "SAME")
        g3 = np.arange(1, 17, dtype=np.float32).reshape(1, 4, 4, 1)
        dx3 = tf.raw_ops.MaxPoolGrad(orig_input=x, orig_output=out3, grad=g3, ksize=[1, 3, 3, 1],
                                     strides=[1, 1, 1, 1], padding="SAME")
        got = sess.run([out, dx, dx_zeros, out3, dx3])
    np.testing.assert_array_equal(got[0][0, :, :, 0], [[5, 2], [7, low]])
    want_dx = [[0, 10, 20, 0], [0, 0, 0, 0], [30, 0, 40, 0], [0, 0, 0, 0]]
    np.testing.assert_array_equal(got[1][0, :, :, 0], want_dx)
    np.testing.assert_array_equal(got[2][0, :, :, 0], want_dx)
    np.testing.assert_array_equal(got[3][0, :, :, 0], [[5, 5, 5, 2], [7, 7, 5, 2], [7, 7, 3, 2], [7, 7, 2, low]])
    np.testing.assert_array_equal(got[4][0, :, :, 0], [[0, 13, 12, 0], [19, 11, 12, 0], [38, 15, 16, 0], [0, 0, 0, 0]])


def test_equal_signed_zeros_keep_the_first_as_tf():
    """TF's pool keeps the value it holds against an equal tap: +0 then -0 pools to +0, -0 then +0 to -0."""
    x = np.array([0.0, -0.0, -0.0, 0.0], np.float32).reshape(1, 1, 4, 1)
    out = MAX.kernel(np, x, ksize=[1, 1, 2, 1], strides=[1, 1, 2, 1], padding="VALID", data_format="NHWC")
    np.testing.assert_array_equal(np.signbit(out).ravel(), [False, True])
