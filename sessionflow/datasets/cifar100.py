"""`tf.keras.datasets.cifar100.load_data`: CIFAR-100 as TensorFlow's Keras loads it.

The archive cifar-100-python.tar.gz (from the CIFAR home page, checked against TensorFlow's SHA-256) is kept in
`~/.keras/datasets/` and extracted beside it. The images keep the dtype they are stored with (uint8), transposed
to channels-last unless `tf.keras.backend.image_data_format()` is "channels_first"; the labels ("fine": 100
classes, "coarse": 20 superclasses) are int64 of shape (n, 1), as TensorFlow gives them.
"""

from __future__ import annotations

import os

import numpy

from ..framework.api import tf_export
from .cifar import channels_last, load_batch
from .keras_files import get_file, prepare_cache_dir

API = "tf.keras.datasets.cifar100.load_data"
DIRNAME = "cifar-100-python"
URL = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
SHA256 = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"


def _labels_column(labels, fpath, path):
    try:
        return numpy.reshape(labels, (len(labels), 1))
    except (ValueError, TypeError) as e:
        raise ValueError(f"{fpath} holds labels of the wrong shape ({e}); delete {path} to have it extracted "
                         "again") from None


@tf_export("keras.datasets.cifar100.load_data")
def load_data(label_mode="fine", cache_dir=None):
    """CIFAR-100 as `((x_train, y_train), (x_test, y_test))`: uint8 images (50000, 32, 32, 3) and
    (10000, 32, 32, 3) (channels-last), labels of shapes (50000, 1) and (10000, 1): 0-99 for
    `label_mode="fine"`, 0-19 for "coarse"."""
    if label_mode not in ["fine", "coarse"]:
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`. '
                         f"Received: label_mode={label_mode}.")
    cache_dir = prepare_cache_dir(cache_dir)
    path = get_file(DIRNAME, origin=URL, api=API, untar=True, file_hash=SHA256, cache_dir=cache_dir)
    label_key = label_mode + "_labels"
    train, test = os.path.join(path, "train"), os.path.join(path, "test")
    x_train, y_train = load_batch(train, label_key=label_key, delete=path)
    x_test, y_test = load_batch(test, label_key=label_key, delete=path)
    y_train = _labels_column(y_train, train, path)
    y_test = _labels_column(y_test, test, path)
    if channels_last():
        x_train = x_train.transpose(0, 2, 3, 1)
        x_test = x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)
