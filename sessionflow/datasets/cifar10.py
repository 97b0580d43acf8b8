"""`tf.keras.datasets.cifar10.load_data`: CIFAR-10 as TensorFlow's Keras loads it.

The archive cifar-10-python.tar.gz (from the CIFAR home page, checked against TensorFlow's SHA-256) is kept in
`~/.keras/datasets/` and extracted beside it (keras_files.get_file). The five training batches are copied into
50000 preallocated rows, 10000 each, as TensorFlow copies them (so NumPy's broadcasting rules apply: a batch of
one image fills its 10000 rows); images are transposed to channels-last unless
`tf.keras.backend.image_data_format()` is "channels_first"; labels are uint8 of shape (n, 1).
"""

from __future__ import annotations

import os

import numpy

from ..framework.api import tf_export
from .cifar import channels_last, load_batch
from .keras_files import get_file, prepare_cache_dir

API = "tf.keras.datasets.cifar10.load_data"
DIRNAME = "cifar-10-batches-py"
URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
NUM_TRAIN_SAMPLES = 50000
BATCH_SIZE = 10000


@tf_export("keras.datasets.cifar10.load_data")
def load_data(cache_dir=None):
    """CIFAR-10 as `((x_train, y_train), (x_test, y_test))`: uint8 images (50000, 32, 32, 3) and
    (10000, 32, 32, 3) (channels-last), uint8 labels 0-9 of shapes (50000, 1) and (10000, 1)."""
    cache_dir = prepare_cache_dir(cache_dir)
    path = get_file(DIRNAME, origin=URL, api=API, untar=True, file_hash=SHA256, cache_dir=cache_dir)
    x_train = numpy.empty((NUM_TRAIN_SAMPLES, 3, 32, 32), dtype="uint8")
    y_train = numpy.empty((NUM_TRAIN_SAMPLES,), dtype="uint8")
    for i in range(1, 6):
        fpath = os.path.join(path, f"data_batch_{i}")
        data, labels = load_batch(fpath, delete=path)
        rows = slice((i - 1) * BATCH_SIZE, i * BATCH_SIZE)
        try:
            x_train[rows, :, :, :] = data
            y_train[rows] = labels
        except (ValueError, TypeError, OverflowError) as e:
            raise ValueError(f"{fpath} is not a CIFAR-10 training batch: {API} expects {BATCH_SIZE} images "
                             f"and {BATCH_SIZE} labels 0-9 in it, it holds images of shape {numpy.shape(data)} and "
                             f"{numpy.size(labels)} labels ({e}); delete {path} to have it extracted again") from None
    fpath = os.path.join(path, "test_batch")
    x_test, y_test = load_batch(fpath, delete=path)
    y_train = numpy.reshape(y_train, (len(y_train), 1))
    try:
        y_test = numpy.reshape(y_test, (len(y_test), 1))
    except (ValueError, TypeError) as e:
        raise ValueError(f"{fpath} holds labels of the wrong shape ({e}); delete {path} to have it extracted "
                         "again") from None
    if channels_last():
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)
    x_test = x_test.astype(x_train.dtype)
    y_test = y_test.astype(y_train.dtype)
    return (x_train, y_train), (x_test, y_test)
