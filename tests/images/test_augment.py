"""Colour ops, seeded random augmentations and a whole augmented-input program against TF's recorded answers
(tools/record_images.py)."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

import sessionflow as tf
from tests.images import image_programs

with open(os.path.join(os.path.dirname(__file__), "goldens.json")) as _f:
    GOLDENS = json.load(_f)


def _run(name):
    tf.reset_default_graph()
    return image_programs.PROGRAMS[name](tf)


def _assert_all_equal(got: dict, want: dict) -> None:
    assert sorted(got) == sorted(want)
    mismatched = sorted(k for k in want if got[k] != want[k])
    assert not mismatched, f"{len(mismatched)} of {len(want)} differ: {mismatched[:12]}"


def test_colour_ops_match_tf_bit_for_bit():
    _assert_all_equal(_run("adjustments"), GOLDENS["adjustments"])


def test_seeded_random_augmentations_draw_tfs_pixels():
    _assert_all_equal(_run("random_augmentations"), GOLDENS["random_augmentations"])


def test_standardization_and_colour_matrices_match_tf():
    got, want = _run("standardization"), GOLDENS["standardization"]
    assert sorted(got) == sorted(want)
    for key in want:
        # SSIM subtracts nearly equal window sums (num1 - num0), which magnifies float32 summation order
        rtol = 1e-4 if key.startswith("ssim") else 1e-5
        np.testing.assert_allclose(got[key], want[key], rtol=rtol, atol=2e-6, err_msg=key)


def test_decode_augment_resize_batch_conv_program_matches_tf():
    got, want = _run("augmented_training_batch"), GOLDENS["augmented_training_batch"]
    assert sorted(got) == sorted(want)
    for key in want:
        if key.startswith("batch"):
            assert got[key] == want[key], key
        else:
            np.testing.assert_allclose(got[key], want[key], rtol=1e-5, atol=1e-5, err_msg=key)


def test_random_ops_check_their_arguments_as_tf():
    image = tf.zeros([4, 4, 3])
    with pytest.raises(ValueError, match="max_delta must be non-negative."):
        tf.image.random_brightness(image, -1.0)
    with pytest.raises(ValueError, match="upper must be > lower."):
        tf.image.random_contrast(image, 0.5, 0.5)
    with pytest.raises(ValueError, match="max_delta must be <= 0.5."):
        tf.image.random_hue(image, 0.6)
    with pytest.raises(ValueError, match="lower must be non-negative."):
        tf.image.random_saturation(image, -0.1, 0.5)


def test_random_crop_larger_than_value_fails_at_run_time():
    crop = tf.image.random_crop(tf.zeros([4, 4, 3]), [5, 4, 3], seed=1)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="Need value.shape >= size"):
        sess.run(crop)


def test_adjust_hue_rejects_images_without_three_channels():
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="3 channels"):
        sess.run(tf.image.adjust_hue(tf.placeholder(tf.float32), 0.1),
                 {"Placeholder:0": np.zeros((2, 2, 4), np.float32)})


def test_box_ops_match_tf():
    got, want = _run("boxes"), GOLDENS["boxes"]
    assert sorted(got) == sorted(want)
    for key in want:
        if key.startswith("grad"):
            np.testing.assert_allclose(got[key], want[key], rtol=1e-5, atol=1e-5, err_msg=key)
        else:
            assert got[key] == want[key], key


def test_seeded_sample_distorted_bounding_box_proposes_tfs_crops():
    _assert_all_equal(_run("distorted_boxes"), GOLDENS["distorted_boxes"])


def test_convert_image_dtype_names_its_result_op_after_its_scope():
    # TF 2.21's op names: the op that makes the result is the scope's own name (`name_scope(...) as name`)
    tf.reset_default_graph()
    u8 = tf.constant(np.arange(6, dtype=np.uint8).reshape(1, 2, 3))
    flt = tf.image.convert_image_dtype(u8, tf.float32)
    got = [flt.name,
           tf.image.convert_image_dtype(u8, tf.float16, name="to_half").name,
           tf.image.convert_image_dtype(flt, tf.uint8).name,
           tf.image.convert_image_dtype(flt, tf.uint8, saturate=True).name,
           tf.image.convert_image_dtype(u8, tf.int32).name,
           tf.image.convert_image_dtype(tf.constant([[[70000]]]), tf.uint16, saturate=True).name,
           tf.image.convert_image_dtype(flt, tf.float64).name,
           tf.image.convert_image_dtype(u8, tf.uint8).name]
    assert got == ["convert_image:0", "to_half:0", "convert_image_1:0", "convert_image_2:0", "convert_image_3:0",
                   "convert_image_4:0", "convert_image_5:0", "Identity:0"]
    with tf.Session() as sess:
        assert sess.run(tf.get_default_graph().get_tensor_by_name("convert_image_2:0")).ravel().tolist() == \
            [0, 1, 2, 3, 4, 5]


def test_sample_distorted_bounding_box_names_its_op_as_tf():
    # TF 2.21's names: the op and its converted inputs sit in a scope named `name` (the function hands it on),
    # else SampleDistortedBoundingBoxV2, and the op takes that scope's own name
    tf.reset_default_graph()
    begin, _, _ = tf.image.sample_distorted_bounding_box([20, 30, 3], [[[0.1, 0.1, 0.8, 0.9]]], seed=1,
                                                         min_object_covered=0.3)
    named = tf.image.sample_distorted_bounding_box(tf.constant([20, 30, 3]), tf.zeros([1, 0, 4]), seed=1, seed2=3,
                                                   name="crop", use_image_if_no_bounding_boxes=True)[0]
    again = tf.image.sample_distorted_bounding_box([20, 30, 3], [[[0.1, 0.1, 0.8, 0.9]]], seed=1,
                                                   min_object_covered=tf.constant(0.5))[0]
    assert [begin.name, named.name, again.name] == [
        "sample_distorted_bounding_box/SampleDistortedBoundingBoxV2:0", "crop/crop:0",
        "sample_distorted_bounding_box_1/SampleDistortedBoundingBoxV2:0"]
    assert [(o.name, o.type) for o in tf.get_default_graph().get_operations()] == [
        ("sample_distorted_bounding_box/SampleDistortedBoundingBoxV2/image_size", "Const"),
        ("sample_distorted_bounding_box/SampleDistortedBoundingBoxV2/bounding_boxes", "Const"),
        ("sample_distorted_bounding_box/SampleDistortedBoundingBoxV2/min_object_covered", "Const"),
        ("sample_distorted_bounding_box/SampleDistortedBoundingBoxV2", "SampleDistortedBoundingBoxV2"),
        ("Const", "Const"), ("zeros", "Const"), ("crop/crop/min_object_covered", "Const"),
        ("crop/crop", "SampleDistortedBoundingBoxV2"), ("Const_1", "Const"),
        ("sample_distorted_bounding_box_1/SampleDistortedBoundingBoxV2/image_size", "Const"),
        ("sample_distorted_bounding_box_1/SampleDistortedBoundingBoxV2/bounding_boxes", "Const"),
        ("sample_distorted_bounding_box_1/SampleDistortedBoundingBoxV2", "SampleDistortedBoundingBoxV2")]
    with tf.Session() as sess:
        assert sess.run(named).tolist() == [8, 6, 0]  # TF 2.21 draws this crop with seeds (1, 3)
