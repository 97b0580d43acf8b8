"""Image resizing against values recorded from TF 2.21 (tf.compat.v1)."""

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
