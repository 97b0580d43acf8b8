"""`tf.keras.datasets.boston_housing.load_data`: the Boston housing prices as TensorFlow's Keras loads them.

boston_housing.npz (506 houses: 13 attributes and the median value in k$) is read from `~/.keras/datasets/`,
shuffled with `numpy.random.RandomState(seed)`, and its last `test_split` is the test set.
"""

from __future__ import annotations

import numpy

from ..framework.api import tf_export
from .keras_files import ORIGIN, get_file, prepare_cache_dir, reading

URL = ORIGIN + "boston_housing.npz"
SHA256 = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


@tf_export("keras.datasets.boston_housing.load_data")
def load_data(path="boston_housing.npz", test_split=0.2, seed=113, cache_dir=None):
    """Boston housing as `((x_train, y_train), (x_test, y_test))`: float64 attributes (n, 13) and prices (n,);
    `test_split` (in [0, 1)) of the shuffled houses are the test set."""
    assert 0 <= test_split < 1
    cache_dir = prepare_cache_dir(cache_dir)
    fpath = get_file(path, origin=URL, api="tf.keras.datasets.boston_housing.load_data", file_hash=SHA256,
                     cache_dir=cache_dir)
    with reading(fpath, "the Boston housing boston_housing.npz"), numpy.load(fpath, allow_pickle=True) as f:
        x, y = f["x"], f["y"]
    rng = numpy.random.RandomState(seed)
    order = numpy.arange(len(x))
    rng.shuffle(order)
    x, y = x[order], y[order]
    split = int(len(x) * (1 - test_split))
    return (numpy.array(x[:split]), numpy.array(y[:split])), (numpy.array(x[split:]), numpy.array(y[split:]))
