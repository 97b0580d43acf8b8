"""tf.image resizing (every method), its gradients and the crop/pad/flip helpers, against values recorded from
TF 2.21 (tf.compat.v1)."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf

IMG = np.arange(2 * 3 * 4 * 2, dtype=np.float32).reshape(2, 3, 4, 2)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def run(t):
    with tf.Session() as sess:
        return sess.run(t)


def test_resize_bilinear_values_names_and_dtype():
    out = tf.image.resize(IMG, [5, 3])
    assert out.op.name == "resize/ResizeBilinear" and out.dtype == tf.float32
    assert out.op.attrs["half_pixel_centers"] is False
    np.testing.assert_allclose(run(out)[0, :, 0, 0], [0, 4.8, 9.6, 14.4, 16], rtol=1e-6)
    ints = tf.image.resize(IMG.astype(np.int32), [5, 3])
    assert ints.dtype == tf.float32


def test_resize_nearest_and_raw_attrs():
    out = tf.image.resize_images(IMG, [5, 3], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
    np.testing.assert_array_equal(run(out)[0, :, :, 0], [[0, 2, 4], [0, 2, 4], [8, 10, 12], [8, 10, 12],
                                                         [16, 18, 20]])
    hp = tf.image.resize_nearest_neighbor(IMG, [5, 3], half_pixel_centers=True)
    np.testing.assert_array_equal(run(hp)[0, :, :, 0], [[0, 4, 6], [0, 4, 6], [8, 12, 14], [16, 20, 22],
                                                        [16, 20, 22]])
    ac = tf.image.resize_bilinear(IMG, [5, 3], align_corners=True)
    np.testing.assert_allclose(run(ac)[0, :, :, 0], [[0, 3, 6], [4, 7, 10], [8, 11, 14], [12, 15, 18],
                                                     [16, 19, 22]])


def test_resize_shapes_and_errors():
    assert tf.image.resize(IMG[0], [2, 2]).shape.as_list() == [2, 2, 2]
    assert tf.image.resize(IMG, [3, 4]).op.type == "Const"
    with pytest.raises(ValueError):
        tf.image.resize(tf.zeros([3]), [2, 2])
    with pytest.raises(ValueError):
        tf.image.resize_bilinear(tf.zeros([3, 3, 3]), [2, 2])


def test_resize_bilinear_gradient():
    img = tf.constant(IMG)
    out = tf.image.resize(img, [5, 3])
    g = tf.gradients(tf.reduce_sum(out * out), img)[0]
    assert g.op.type == "ResizeBilinearGrad"
    np.testing.assert_allclose(run(g)[0, 0, :, 0], [3.84, 7.53778, 10.02667, 12.51556], rtol=1e-4)


ROW = np.array([0, 1, 4, 9, 16], np.float32).reshape(1, 1, 5, 1)


@pytest.mark.parametrize("kwargs, size, expected", [
    ({}, [1, 8], [0.0, 0.31005859375, 1.609375, 3.337890625, 6.125, 10.09033203125, 14.58984375, 16.76904296875]),
    (dict(half_pixel_centers=True), [1, 8], [-0.07195571810007095, 0.24374927580356598, 1.12890625, 2.84765625,
                                             5.34765625, 8.62890625, 13.48818302154541, 16.50368881225586]),
    (dict(align_corners=True), [1, 3], [0.0, 4.0, 16.0]),
    ({}, [1, 2], [0.0, 6.125]),
])
def test_resize_bicubic_matches_tf_bit_for_bit(kwargs, size, expected):
    out = tf.image.resize_bicubic(ROW, size, **kwargs)
    assert out.op.type == "ResizeBicubic" and out.dtype == tf.float32 and out.shape.as_list() == [1, *size, 1]
    np.testing.assert_array_equal(run(out).ravel(), np.float32(expected))


def test_resize_bicubic_2d_and_integer_input():
    image = np.arange(12, dtype=np.int32).reshape(1, 3, 4, 1)
    np.testing.assert_array_equal(run(tf.image.resize_bicubic(image, [2, 3]))[0, :, :, 0],
                                  np.float32([[0.0, 1.3700991868972778, 2.7410120964050293],
                                              [6.375, 7.74509859085083, 9.116012573242188]]))


@pytest.mark.parametrize("kwargs, size, expected", [
    ({}, [1, 3], [0.4000000059604645, 4.400000095367432, 13.200000762939453]),
    ({}, [1, 7], [0.0, 0.6000000238418579, 1.5999995470046997, 4.0, 8.000001907348633, 11.799994468688965,
                  16.000001907348633]),
    (dict(align_corners=True), [1, 3], [0.5, 6.5, 16.0]),
])
def test_resize_area_matches_tf_bit_for_bit(kwargs, size, expected):
    out = tf.image.resize_area(ROW, size, **kwargs)
    assert out.op.type == "ResizeArea" and out.dtype == tf.float32 and "half_pixel_centers" not in out.op.attrs
    np.testing.assert_array_equal(run(out).ravel(), np.float32(expected))


def test_resize_area_2d_uint8():
    out = tf.image.resize_area(np.arange(12, dtype=np.uint8).reshape(1, 3, 4, 1), [2, 3])
    np.testing.assert_allclose(run(out)[0, :, :, 0], [[1.5833335, 2.8333335, 4.083333], [6.916667, 8.166667, 9.416666]],
                               rtol=1e-6)


@pytest.mark.parametrize("kwargs", [{}, dict(align_corners=True), dict(half_pixel_centers=True)])
@pytest.mark.parametrize("size", [[7, 3], [2, 9], [1, 1]])
def test_resize_bicubic_gradient_is_the_adjoint_of_the_resize(kwargs, size):
    """<resize(x), w> is linear in x, so its gradient must equal the resize's transpose applied to w."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (2, 4, 5, 3))
    w = rng.uniform(-1, 1, (2, *size, 3)).astype(np.float32)
    images = tf.constant(x)
    grad = tf.gradients(tf.reduce_sum(tf.image.resize_bicubic(images, size, **kwargs) * w), images)[0]
    assert grad.op.type == "ResizeBicubicGrad" and grad.dtype == tf.float64
    g = run(grad)
    basis = np.eye(x.size).reshape(-1, *x.shape)
    with tf.Session() as sess:
        probe = tf.placeholder(tf.float64, x.shape)
        resized = tf.image.resize_bicubic(probe, size, **kwargs)
        columns = np.stack([np.sum(sess.run(resized, {probe: e}) * w) for e in basis])
    np.testing.assert_allclose(g.ravel(), columns, rtol=1e-5, atol=1e-6)


def test_resize_gradients_tf_does_not_register():
    images = tf.constant(IMG)
    with pytest.raises(LookupError):
        tf.gradients(tf.image.resize_area(images, [5, 5]), images)
    first = tf.gradients(tf.reduce_sum(tf.image.resize_bicubic(images, [5, 5]) ** 2), images)[0]
    with pytest.raises(LookupError):
        tf.gradients(first, images)
    assert tf.gradients(tf.image.resize_bicubic(tf.cast(images, tf.int32), [5, 5]), images) == [None]


def test_resize_ops_check_sizes_and_attrs_at_run_time():
    size = tf.placeholder(tf.int32, [2])
    assert tf.image.resize_bicubic(IMG, [-1, 2]).shape.as_list() == [2, None, 2, 2]
    both = tf.image.resize_bilinear(IMG, [2, 2], align_corners=True, half_pixel_centers=True)  # no graph-time error
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="output dimensions must be positive"):
            sess.run(tf.image.resize_area(IMG, size), {size: [2, 0]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="align_corners must be False"):
            sess.run(both)
    with pytest.raises(TypeError, match="DataType uint32 not in list"):
        tf.image.resize_area(tf.zeros([1, 2, 2, 1], tf.uint32), [3, 3])
    with pytest.raises(ValueError, match="Dimension must be 2 but is 3"):
        tf.image.resize_bicubic(IMG, [2, 2, 2])


@pytest.mark.parametrize("method, dtype", [(tf.image.ResizeMethod.BILINEAR, tf.float32),
                                           (tf.image.ResizeMethod.NEAREST_NEIGHBOR, tf.uint8),
                                           (tf.image.ResizeMethod.BICUBIC, tf.float32),
                                           (tf.image.ResizeMethod.AREA, tf.float32), ("area", tf.float32)])
def test_resize_images_methods_and_dtypes(method, dtype):
    image = IMG.astype(np.uint8)
    assert tf.image.resize_images(image, [5, 3], method=method).dtype == dtype
    assert tf.image.resize_images(image[0], [5, 3], method=method).shape.as_list() == [5, 3, 2]
    same = tf.image.resize_images(image, [3, 4], method=method)
    assert same.dtype == tf.uint8 and same.op.type == "Const"
    assert tf.image.resize_images(image, [6, 6], method=method, preserve_aspect_ratio=True).shape.as_list() == \
        [2, 4, 6, 2]


def test_resize_images_rejects_unknown_methods_only_when_resizing():
    with pytest.raises(ValueError, match="Resize method is not implemented: BICUBIC"):
        tf.image.resize_images(IMG, [2, 2], method="BICUBIC")
    assert tf.image.resize_images(IMG, [3, 4], method=9).op.type == "Const"


X3 = np.arange(30, dtype=np.float32).reshape(5, 3, 2)


def test_flips_rot90_transpose():
    np.testing.assert_array_equal(run(tf.image.flip_left_right(X3)), X3[:, ::-1])
    np.testing.assert_array_equal(run(tf.image.flip_up_down(IMG)), IMG[:, ::-1])
    for k in range(-1, 5):
        rotated = tf.image.rot90(X3, k)
        assert rotated.shape.as_list() == [None, None, 2]
        np.testing.assert_array_equal(run(rotated), np.rot90(X3, k, axes=(0, 1)))
    np.testing.assert_array_equal(run(tf.image.rot90(IMG, 3)), np.rot90(IMG, 3, axes=(1, 2)))
    np.testing.assert_array_equal(run(tf.image.transpose_image(IMG)), IMG.transpose(0, 2, 1, 3))
    with pytest.raises(ValueError, match="must be at least three-dimensional"):
        tf.image.flip_left_right(tf.zeros([4, 4]))


def test_crops_and_pads():
    np.testing.assert_array_equal(run(tf.image.central_crop(X3, 0.5)), X3[1:4])  # widths round the start down
    np.testing.assert_array_equal(run(tf.image.crop_to_bounding_box(IMG, 1, 1, 2, 3)), IMG[:, 1:3, 1:4])
    padded = run(tf.image.pad_to_bounding_box(X3, 1, 2, 7, 6))
    np.testing.assert_array_equal(padded[1:6, 2:5], X3)
    assert padded.sum() == X3.sum()
    cropped_or_padded = tf.image.resize_with_crop_or_pad(X3, 3, 6)
    assert cropped_or_padded.shape.as_list() == [3, 6, 2]
    np.testing.assert_array_equal(run(cropped_or_padded)[:, 1:4], X3[1:4])
    fitted = tf.image.resize_image_with_pad(X3, 4, 4)
    assert fitted.dtype == tf.float32 and fitted.shape.as_list() == [4, 4, 2]
    with pytest.raises(ValueError, match="central_fraction must be within"):
        tf.image.central_crop(X3, 0.0)
    with pytest.raises(ValueError, match="height must be >= target \\+ offset"):
        tf.image.crop_to_bounding_box(X3, 0, 0, 6, 2)
    image = tf.placeholder(tf.float32, [None, None, 2])
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="width must be <= target"):
        sess.run(tf.image.pad_to_bounding_box(image, 0, 2, 5, 4), {image: X3})
