"""tf.keras.preprocessing.image's errors, warnings and iterator behaviour (the pixels and batches are checked
against TensorFlow in keras_programs.py's image_* programs)."""

import os
import sys

import numpy as np
import pytest

import sessionflow as tf

I = tf.keras.preprocessing.image


def _images(n=4, height=3, width=4, channels=3):
    return np.random.RandomState(0).rand(n, height, width, channels).astype(np.float32) * 255


def test_names_are_exported_under_preprocessing_image_and_utils():
    for name in ("ImageDataGenerator", "Iterator", "NumpyArrayIterator", "DirectoryIterator", "random_rotation",
                 "random_shift", "random_shear", "random_zoom", "random_channel_shift", "random_brightness",
                 "apply_affine_transform", "apply_channel_shift", "apply_brightness_shift"):
        assert callable(getattr(I, name))
    for name in ("load_img", "img_to_array", "array_to_img", "save_img"):
        assert getattr(I, name) is getattr(tf.keras.utils, name)
    assert issubclass(I.NumpyArrayIterator, tf.keras.utils.Sequence)
    assert issubclass(I.DirectoryIterator, tf.keras.utils.Sequence)


def test_generator_argument_errors():
    with pytest.raises(ValueError, match=r"`zoom_range` should be a float or a tuple or list of two floats. "
                                         r"Received: \[1, 2, 3\]"):
        I.ImageDataGenerator(zoom_range=[1, 2, 3])
    with pytest.raises(ValueError, match="`brightness_range should be tuple or list of two floats. Received: 2"):
        I.ImageDataGenerator(brightness_range=2)
    with pytest.raises(ValueError, match="`validation_split` must be strictly between 0 and 1.  Received: 1.5"):
        I.ImageDataGenerator(validation_split=1.5)
    with pytest.raises(ValueError, match='`data_format` should be `"channels_last"`'):
        I.ImageDataGenerator(data_format="NHWC")
    with pytest.raises(ValueError, match=r"Input to `.fit\(\)` should have rank 4. Got array with shape: \(3, 4, 3\)"):
        I.ImageDataGenerator(featurewise_center=True).fit(_images()[0])


def test_overridden_settings_and_missing_fit_warn():
    with pytest.warns(UserWarning, match="`zca_whitening`, which overrides setting of `featurewise_center`"):
        datagen = I.ImageDataGenerator(zca_whitening=True)
    assert datagen.featurewise_center
    with pytest.warns(UserWarning, match="`featurewise_std_normalization`, which overrides setting of"):
        I.ImageDataGenerator(featurewise_std_normalization=True)
    with pytest.warns(UserWarning, match="`samplewise_std_normalization`, which overrides setting of"):
        I.ImageDataGenerator(samplewise_std_normalization=True)
    unfit = I.ImageDataGenerator(featurewise_center=True)
    with pytest.warns(UserWarning, match=r"`featurewise_center`, but it hasn't been fit on any training data"):
        unfit.standardize(_images()[0])
    with pytest.warns(UserWarning, match="expected either 1, 3 or 4 channels on axis 3"):
        I.ImageDataGenerator(featurewise_center=True).fit(_images(channels=2))
    with pytest.warns(UserWarning, match=r"NumpyArrayIterator is set to use the data format convention "
                                         r'"channels_last" \(channels on axis 3\)'):
        I.ImageDataGenerator().flow(_images(channels=5))


def test_flow_errors():
    datagen = I.ImageDataGenerator(validation_split=0.5)
    x = _images()
    with pytest.raises(ValueError, match=r"`x` \(images tensor\) and `y` \(labels\) should have the same length"):
        datagen.flow(x, np.arange(3))
    with pytest.raises(ValueError, match="Training and validation subsets have different number of classes"):
        datagen.flow(x, np.array([0, 0, 1, 1]), subset="training")
    with pytest.raises(ValueError) as error:
        datagen.flow(x[0])
    assert "Input data in `NumpyArrayIterator` should have rank 4" in str(error.value)
    with pytest.raises(ValueError, match="Asked to retrieve element 2, but the Sequence has length 2"):
        datagen.flow(x, batch_size=2)[2]


def test_affine_transform_argument_errors():
    image = _images()[0]
    with pytest.raises(ValueError, match="'row_axis', 'col_axis', and 'channel_axis' must be distinct"):
        I.apply_affine_transform(image, theta=3, row_axis=0, col_axis=0, channel_axis=2)
    with pytest.raises(ValueError, match=r"Invalid axis' indices: \{3\}"):
        I.apply_affine_transform(image, theta=3, row_axis=0, col_axis=1, channel_axis=3)
    with pytest.raises(ValueError, match="Channels are allowed and the first and last dimensions."):
        I.apply_affine_transform(image, theta=3, row_axis=0, col_axis=2, channel_axis=1)
    with pytest.raises(ValueError, match=r"`zoom_range` should be a tuple or list of two floats. Received: \[1\]"):
        I.random_zoom(image, [1])
    assert I.apply_affine_transform(image) is image  # the identity transform leaves the image alone


def test_transforms_without_scipy_raise_tf_keras_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy", None)
    with pytest.raises(ImportError, match="Image transformations require SciPy. Install SciPy."):
        I.ImageDataGenerator(rotation_range=10).random_transform(_images()[0])


def test_iterator_next_cycles_through_passes_and_sequence_reads_by_index():
    x, y = _images(5), np.arange(5)
    flow = I.ImageDataGenerator().flow(x, y, batch_size=2, shuffle=False)
    sizes = [len(next(flow)[1]) for _ in range(4)]
    assert sizes == [2, 2, 1, 2]  # the short last batch, then the next pass
    assert iter(flow) is flow
    assert list(flow[2][1]) == [4]
    seeded = [I.ImageDataGenerator(rotation_range=30).flow(x, y, batch_size=2, seed=3) for _ in range(2)]
    for first, second in zip(next(seeded[0]), next(seeded[1])):
        np.testing.assert_array_equal(first, second)


def test_directory_iterator_errors_and_listing(tmp_path, capsys):
    for name in ("b", "a"):
        os.makedirs(tmp_path / name)
        I.save_img(str(tmp_path / name / "x.png"), _images(1, 3, 3)[0])
    (tmp_path / "a" / "skip.txt").write_text("not an image")
    iterator = I.ImageDataGenerator().flow_from_directory(str(tmp_path), target_size=(2, 2), shuffle=False)
    assert capsys.readouterr().out == "Found 2 images belonging to 2 classes.\n"
    assert iterator.filenames == [os.path.join("a", "x.png"), os.path.join("b", "x.png")]
    assert iterator.class_indices == {"a": 0, "b": 1}
    assert iterator[0][0].shape == (2, 2, 2, 3)
    with pytest.raises(ValueError, match="Invalid class_mode: raw; expected one of: "):
        I.ImageDataGenerator().flow_from_directory(str(tmp_path), class_mode="raw")
    with pytest.raises(ValueError, match='Invalid subset name: all;expected "training" or "validation"'):
        I.ImageDataGenerator().flow_from_directory(str(tmp_path), subset="all")
    with pytest.raises(NotImplementedError, match="flow_from_dataframe is a TensorFlow 1.x API"):
        I.ImageDataGenerator().flow_from_dataframe(None)


def test_image_helper_errors(tmp_path):
    path = str(tmp_path / "image.png")
    I.save_img(path, _images(1)[0])
    with pytest.raises(ValueError, match='color_mode must be "grayscale", "rgb", or "rgba"'):
        I.load_img(path, color_mode="cmyk")
    with pytest.raises(ValueError, match="Invalid interpolation method cubic specified. Supported methods are "
                                         "nearest, bilinear, bicubic, hamming, box, lanczos"):
        I.load_img(path, target_size=(2, 2), interpolation="cubic")
    with pytest.raises(TypeError, match="path should be path-like or io.BytesIO, not <class 'int'>"):
        I.load_img(3)
    with pytest.raises(ValueError, match=r"Expected image array to have rank 3 \(single image\)"):
        I.array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="Unsupported channel number: 2"):
        I.array_to_img(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="Unknown data_format: nhwc"):
        I.img_to_array(I.load_img(path), data_format="nhwc")
    with pytest.warns(UserWarning, match="The JPG format does not support RGBA images, converting to RGB."):
        I.save_img(str(tmp_path / "image.jpg"), _images(1, channels=4)[0], file_format="jpeg")
    with pytest.warns(UserWarning, match='grayscale is deprecated. Please use color_mode = "grayscale"'):
        assert I.load_img(path, grayscale=True).mode == "L"


def test_tensorflow_is_not_imported():
    assert "tensorflow" not in sys.modules
