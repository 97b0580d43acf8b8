"""The image colour-space ops (RGBToHSV, HSVToRGB, AdjustHue, AdjustSaturation, AdjustContrastv2) and the
grayscale conversions compile, and give the NumPy kernels' values (themselves checked against TF's recorded
output in tests/images): bit for bit where XLA does not contract a multiply-add into an FMA
(`XLA_FLAGS=--xla_cpu_max_isa=AVX`, as CI runs), within a few float32 ulps where it does. A seeded
augmentation step (random_hue, random_saturation, random_contrast) inside a training step compiles whole."""

from __future__ import annotations

import os

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime.backends import xla_select

# Without the flag, XLA:CPU fuses `a + b * c` into one FMA (one rounding instead of two): docs/xla.md.
EXACT = "--xla_cpu_max_isa=AVX" in os.environ.get("XLA_FLAGS", "")
EPS = 4  # float32 values seen up to 2 eps apart with FMA contraction (HSVToRGB's `(1 - s + s * d) * v`)


def _images(dtype=np.float32, shape=(2, 5, 7, 3)):
    """Random pixels in [0, 1] and the cases the kernels branch on: grays, black, white, ties between the
    largest or smallest channels, each channel the largest in turn, negative hue (b > g with r largest)."""
    rng = np.random.RandomState(7)
    images = rng.uniform(0.0, 1.0, shape)
    special = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.5, 0.5, 0.5], [0.9, 0.9, 0.1], [0.2, 0.9, 0.9],
                        [0.9, 0.2, 0.9], [0.1, 0.1, 0.8], [0.9, 0.1, 0.5], [0.3, 0.8, 0.1], [0.25, 0.5, 1.0],
                        [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.6, 0.3, 0.3]])
    flat = images.reshape(-1, 3)
    flat[:len(special)] = special
    return images.astype(dtype)


def _run(backend, build, feeds, steps=1):
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    tf.set_random_seed(5)
    fetches, holders = build()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        results = [sess.run(fetches, dict(zip(holders, feeds))) for _ in range(steps)]
        executable = sess._executable(tuple(f if isinstance(f, tf.Tensor) else f for f in fetches),
                                      {h: None for h in holders})
    return results, getattr(executable, "backend", "numpy"), getattr(executable, "reason", None)


def _assert_same(got, want):
    got, want = np.asarray(got), np.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape
    if EXACT:
        np.testing.assert_array_equal(got, want)
    else:
        tolerance = EPS * np.finfo(want.dtype).eps if want.dtype.kind == "f" else 1  # uint8: a rounding either way
        np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=tolerance, atol=tolerance)


def _compare(build, feeds, steps=1):
    want, _, _ = _run("numpy", build, feeds, steps)
    got, backend, reason = _run("xla", build, feeds, steps)
    assert backend == "xla", reason
    for a, b in zip(want, got, strict=True):
        for x, y in zip(a, b, strict=True):
            _assert_same(y, x)
    return want


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.float64])
def test_hsv_conversions_compile(dtype):
    def build():
        x = tf.placeholder(dtype, [None, None, None, 3])
        hsv = tf.image.rgb_to_hsv(x)
        return [hsv, tf.image.hsv_to_rgb(hsv), tf.image.hsv_to_rgb(x)], (x,)

    want = _compare(build, (_images(dtype),))
    hsv, back, _ = want[0]
    assert hsv.dtype == dtype and np.all((hsv[..., 0] >= 0) & (hsv[..., 0] < 1))
    np.testing.assert_allclose(back, _images(dtype), atol=4e-3 if dtype == np.float16 else 1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_adjust_hue_and_saturation_compile(dtype):
    """Fed deltas and factors (each a traced scalar), every hue category, a delta wrapping below 0 and past 1."""
    def build():
        x = tf.placeholder(dtype, [None, None, None, 3])
        delta, factor = tf.placeholder(tf.float32, []), tf.placeholder(tf.float32, [])
        fetches = [tf.image.adjust_hue(x, delta), tf.image.adjust_hue(x, -0.45), tf.image.adjust_hue(x, 0.5),
                   tf.image.adjust_saturation(x, factor), tf.image.adjust_saturation(x, 0.0),
                   tf.image.adjust_saturation(x, 3.0)]
        return fetches, (x, delta, factor)

    for delta, factor in [(0.3, 0.4), (-0.2, 1.7)]:
        want = _compare(build, (_images(dtype), delta, factor))
        assert not np.array_equal(want[0][0], want[0][1])


def test_contrast_compiles():
    """AdjustContrastv2's halving folds over odd (35, 9) and even (16) pixel counts, and one pixel."""
    def build():
        x = tf.placeholder(tf.float32, [None, None, None, 3])
        factor = tf.placeholder(tf.float32, [])
        return [tf.image.adjust_contrast(x, factor), tf.image.adjust_contrast(x[:, :3, :3], 0.5),
                tf.image.adjust_contrast(x[0, :4, :4], 2.0), tf.image.adjust_contrast(x[:, :1, :1], 2.0)], (x, factor)

    want = _compare(build, (_images(), 1.8))
    assert not np.array_equal(want[0][0], _images())


def test_grayscale_conversions_compile():
    """rgb_to_grayscale is a tensordot (a MatMul of depth 3): XLA's dot may round its sum another way, so
    within a few ulps even without FMA contraction; grayscale_to_rgb (a Tile) is exact."""
    def build():
        x = tf.placeholder(tf.float32, [None, None, None, 3])
        gray = tf.image.rgb_to_grayscale(x)
        return [gray, tf.image.grayscale_to_rgb(gray)], (x,)

    want, _, _ = _run("numpy", build, (_images(),))
    got, backend, reason = _run("xla", build, (_images(),))
    assert backend == "xla", reason
    eps = np.finfo(np.float32).eps
    np.testing.assert_allclose(got[0][0], want[0][0], rtol=EPS * eps, atol=EPS * eps)
    np.testing.assert_array_equal(got[0][1], np.repeat(got[0][0], 3, axis=-1))
    assert want[0][1].shape == (2, 5, 7, 3)


def test_uint8_images_compile():
    """The public functions' conversions around the float kernels (convert_image_dtype both ways)."""
    def build():
        x = tf.placeholder(tf.uint8, [None, None, 3])
        return [tf.image.adjust_hue(x, 0.1), tf.image.adjust_saturation(x, 0.5),
                tf.image.adjust_contrast(x, 1.3)], (x,)

    images = (_images(shape=(6, 9, 3)) * 255).astype(np.uint8)
    _compare(build, (images,))


def _augmented_training(backend, steps=4):
    """A training step that augments its batch with seeded random_hue / random_saturation / random_contrast
    (new draws each step), then fits a dense layer on the augmented pixels."""
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [4, 5, 7, 3])
    y = tf.placeholder(tf.float32, [4, 2])
    augmented = tf.image.random_hue(x, 0.2, seed=1)
    augmented = tf.image.random_saturation(augmented, 0.5, 1.5, seed=2)
    augmented = tf.image.random_contrast(augmented, 0.8, 1.2, seed=4)
    augmented = tf.clip_by_value(augmented, 0.0, 1.0)
    w = tf.get_variable("w", [5 * 7 * 3, 2], initializer=tf.zeros_initializer())
    logits = tf.matmul(tf.reshape(augmented, [4, -1]), w)
    loss = tf.reduce_mean(tf.square(logits - y))
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    images = _images(shape=(4, 5, 7, 3))
    labels = np.arange(8, dtype=np.float32).reshape(4, 2) / 8
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            out.append(sess.run([augmented, loss, train], {x: images, y: labels})[:2])
        step = sess._executable((augmented, loss, train), {x: None, y: None})
        final = sess.run(w)
    return out, final, getattr(step, "backend", "numpy"), getattr(step, "reason", None)


def test_augmentation_inside_a_training_step_compiles():
    want, want_w, _, _ = _augmented_training("numpy")
    got, got_w, backend, reason = _augmented_training("xla")
    assert backend == "xla", reason
    for (a_want, l_want), (a_got, l_got) in zip(want, got, strict=True):
        _assert_same(a_got, a_want)  # the random draws are Philox's, bit-exact; the colour ops as above
        np.testing.assert_allclose(l_got, l_want, rtol=1e-5)  # the mean and the product: XLA's summation order
    np.testing.assert_allclose(got_w, want_w, rtol=1e-5, atol=1e-7)
    assert not np.array_equal(want[0][0], want[1][0])  # each step draws new factors
    assert want[-1][1] < want[0][1]
