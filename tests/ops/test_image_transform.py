"""ImageProjectiveTransformV2/V3 and tf.contrib.image (transform, rotate, translate): the expected values are
TF 2.21's output (its ImageProjectiveTransformV2/V3 kernels and gradient) on the same inputs."""

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.ops.image_transform import ImageProjectiveTransformV2, ImageProjectiveTransformV3

IMG = np.arange(20, dtype=np.float32).reshape(1, 4, 5, 1)
U8 = (np.arange(12) * 20).astype(np.uint8).reshape(1, 3, 4, 1)
T = [[0.866, -0.5, 1.2, 0.5, 0.866, -0.7, 0.01, -0.02]]
SHIFT = [[1, 0, -1.5, 0, 1, 0.5, 0, 0]]
# TF 2.21's output
EXPECTED = {
    ("NEAREST", "float32"): [[0.0, 2.0, 3.0, 9.0, 9.0], [1.0, 7.0, 7.0, 13.0, 14.0], [5.0, 11.0, 12.0, 18.0, 19.0],
                             [10.0, 16.0, 16.0, 0.0, 0.0]],
    ("BILINEAR", "float32"): [
        [0.36000001430511475, 1.640486240386963, 4.345098495483398, 7.570874214172363, 5.282688140869141],
        [1.5612244606018066, 4.945454120635986, 8.261999130249023, 11.512870788574219, 13.413838386535645],
        [5.583333492279053, 8.995874404907227, 12.338774681091309, 15.614139556884766, 18.066757202148438],
        [6.8736982345581055, 13.216840744018555, 16.182449340820312, 8.630817413330078, 0.40921348333358765]],
    ("NEAREST", "uint8"): [[0, 40, 60, 0, 0], [20, 120, 120, 220, 0], [80, 180, 200, 0, 0], [160, 0, 0, 0, 0]],
    ("BILINEAR", "uint8"): [[7, 32, 81, 38, 0], [27, 85, 141, 141, 0], [90, 148, 184, 95, 0], [106, 81, 0, 0, 0]],
}
V3 = [[-1.0, 0.75, 3.0, 4.0, 5.0, 6.0], [-1.0, 3.25, 8.0, 9.0, 10.0, 11.0], [-1.0, 5.75, 13.0, 14.0, 15.0, 16.0]]
GRAD = [[-0.42105263471603394, -0.3684210777282715, -0.31578946113586426, -0.14473684132099152, 0.0],
        [-0.5789473652839661, -0.47368425130844116, -0.3684210479259491, -0.15789473056793213, 0.0],
        [-0.052631571888923645, 0.052631571888923645, 0.15789473056793213, 0.10526315867900848, 0.0],
        [0.47368425130844116, 0.5789473652839661, 0.6842105388641357, 0.3684210479259491, 0.0]]


def test_projective_transform_kernels_and_gradient():
    with tf.Graph().as_default():
        outs = {(interp, im.dtype.name): ImageProjectiveTransformV2(
                    tf.constant(im), tf.constant(T, tf.float32), tf.constant([4, 5]), interpolation=interp)
                for im in (IMG, U8) for interp in ("NEAREST", "BILINEAR")}
        v3 = ImageProjectiveTransformV3(tf.constant(IMG), tf.constant(SHIFT, tf.float32), tf.constant([3, 6]),
                                        tf.constant(-1.0), interpolation="BILINEAR")
        x = tf.constant(IMG)
        weights = tf.constant(np.linspace(-1, 1, 20, dtype=np.float32).reshape(1, 4, 5, 1))
        moved = ImageProjectiveTransformV2(x, tf.constant(SHIFT, tf.float32), tf.constant([4, 5]),
                                           interpolation="BILINEAR")
        grad = tf.gradients(tf.reduce_sum(moved * weights), x)[0]
        assert v3.shape.as_list() == [1, 3, 6, 1] and outs[("NEAREST", "uint8")].dtype == tf.uint8
        with tf.Session() as sess:
            got = sess.run(outs)
            for key, want in EXPECTED.items():
                np.testing.assert_allclose(got[key][0, :, :, 0], want, rtol=1e-6, err_msg=str(key))
            np.testing.assert_allclose(sess.run(v3)[0, :, :, 0], V3, rtol=1e-6)
            np.testing.assert_allclose(sess.run(grad)[0, :, :, 0], GRAD, rtol=1e-5, atol=1e-6)


def test_contrib_image_rotate_translate_and_ranks():
    image = tf.contrib.image
    with tf.Graph().as_default():
        quarter = image.rotate(U8[0, :, :, 0], np.pi / 2)  # a 2-D image comes back 2-D
        shifted = image.translate(IMG[0], [1.5, -0.5], "BILINEAR")  # 3-D
        composed = image.compose_transforms([1.0, 0, -1, 0, 1, 0, 0, 0], [1.0, 0, -2, 0, 1, 3, 0, 0])
        assert quarter.shape.as_list() == [3, 4] and shifted.shape.as_list() == [4, 5, 1]
        with tf.Session() as sess:
            # TF 2.21's output for TF 1.15's rotate/translate composition
            np.testing.assert_array_equal(sess.run(quarter), [[0, 140, 220, 0], [0, 40, 180, 0], [0, 20, 100, 0]])
            np.testing.assert_allclose(sess.run(shifted)[:, :, 0], [
                [0.0, 1.25, 3.0, 4.0, 5.0], [0.0, 3.75, 8.0, 9.0, 10.0], [0.0, 6.25, 13.0, 14.0, 15.0],
                [0.0, 3.75, 7.75, 8.25, 8.75]], rtol=1e-6)
            np.testing.assert_allclose(sess.run(composed), [[1, 0, -3, 0, 1, 3, 0, 0]], atol=1e-6)
    with pytest.raises(AttributeError, match="tf.contrib.image.dense_image_warp is a TensorFlow 1.x API"):
        image.dense_image_warp
