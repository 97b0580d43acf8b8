"""`tf.keras.datasets.fashion_mnist.load_data`: Fashion-MNIST as TensorFlow's Keras loads it.

The four IDX files (gzip) are kept in `~/.keras/datasets/fashion-mnist/` (keras_files.get_file) and read as
TensorFlow reads them: the headers are skipped unread (8 bytes for labels, 16 for images) and the images
reshaped to (number of labels, 28, 28). TensorFlow publishes no checksum for these files, so none is checked.
"""

from __future__ import annotations

import gzip
import os

import numpy

from ..framework.api import tf_export
from .keras_files import ORIGIN, get_file, prepare_cache_dir, reading

API = "tf.keras.datasets.fashion_mnist.load_data"
CACHE_SUBDIR = os.path.join("datasets", "fashion-mnist")
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
FILES = (TRAIN_LABELS, TRAIN_IMAGES, TEST_LABELS, TEST_IMAGES)  # in the order they are fetched


def _read(path: str, header: int, what: str, count: int | None = None):
    with reading(path, f"Fashion-MNIST's {what} file (IDX, gzip)"):
        with gzip.open(path, "rb") as f:
            values = numpy.frombuffer(f.read(), numpy.uint8, offset=header)
        return values if count is None else values.reshape(count, 28, 28)


@tf_export("keras.datasets.fashion_mnist.load_data")
def load_data(cache_dir=None):
    """Fashion-MNIST as `((x_train, y_train), (x_test, y_test))`: uint8 arrays of shapes (60000, 28, 28),
    (60000,), (10000, 28, 28) and (10000,), labels 0-9 (T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal,
    Shirt, Sneaker, Bag, Ankle boot). The files are kept in `<cache_dir or ~/.keras>/datasets/fashion-mnist`
    and downloaded from TensorFlow's mirror when missing."""
    cache_dir = prepare_cache_dir(cache_dir)
    paths = [get_file(name, origin=ORIGIN + name, api=API, cache_dir=cache_dir, cache_subdir=CACHE_SUBDIR)
             for name in FILES]
    y_train = _read(paths[0], 8, "training-label")
    x_train = _read(paths[1], 16, "training-image", len(y_train))
    y_test = _read(paths[2], 8, "test-label")
    x_test = _read(paths[3], 16, "test-image", len(y_test))
    return (x_train, y_train), (x_test, y_test)
