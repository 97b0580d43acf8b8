"""`tf.keras.datasets.reuters`: the Reuters newswire topic data set as TensorFlow's Keras loads it.

`load_data` reads reuters.npz (11228 newswires as word-index lists, 46 topics) from `~/.keras/datasets/`,
shuffles it with `numpy.random.RandomState(seed)`, shifts the indexes by `index_from` after a `start_char`,
drops the newswires not shorter than `maxlen`, replaces the words outside [skip_top, num_words) by `oov_char`,
and splits off the last `test_split` of it as the test set. `get_word_index` reads the word -> index dict;
`get_label_names` names the 46 topics.
"""

from __future__ import annotations

import numpy

from .._behaviour import logging
from ..framework.api import tf_export
from .keras_files import ORIGIN, get_file, prepare_cache_dir, reading
from .word_sequences import drop_long, limit_vocabulary, read_word_index, shift

URL = ORIGIN + "reuters.npz"
SHA256 = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
WORD_INDEX_URL = ORIGIN + "reuters_word_index.json"
WORD_INDEX_MD5 = "4d44cc38712099c9e383dc6e5f11a921"

LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee", "sugar",
    "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp",
    "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi", "iron-steel",
    "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog",
    "lead",
)


@tf_export("keras.datasets.reuters.load_data")
def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113,
              start_char=1, oov_char=2, index_from=3, cache_dir=None, **kwargs):
    """Reuters as `((x_train, y_train), (x_test, y_test))`: newswires as object arrays of word-index lists,
    topic labels 0-45; the last `test_split` of the shuffled newswires are the test set."""
    if "nb_words" in kwargs:
        logging.warning("The `nb_words` argument in `load_data` has been renamed `num_words`.")
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {kwargs}")
    cache_dir = prepare_cache_dir(cache_dir)
    fpath = get_file(path, origin=URL, api="tf.keras.datasets.reuters.load_data", file_hash=SHA256,
                     cache_dir=cache_dir)
    with reading(fpath, "Reuters' reuters.npz"), numpy.load(fpath, allow_pickle=True) as f:
        xs, labels = f["x"], f["y"]

    rng = numpy.random.RandomState(seed)
    order = numpy.arange(len(xs))
    rng.shuffle(order)
    xs, labels = xs[order], labels[order]

    xs = shift(xs, start_char, index_from)
    if maxlen:
        xs, labels = drop_long(maxlen, xs, labels)
    xs = limit_vocabulary(xs, num_words, skip_top, oov_char)
    split = int(len(xs) * (1 - test_split))
    return ((numpy.array(xs[:split], dtype="object"), numpy.array(labels[:split])),
            (numpy.array(xs[split:], dtype="object"), numpy.array(labels[split:])))


@tf_export("keras.datasets.reuters.get_word_index")
def get_word_index(path="reuters_word_index.json"):
    """The dict from each word of the newswires to its index (before `load_data`'s `index_from` shift: the
    index of "the" is 1 here, 4 in the loaded data), from `~/.keras/datasets/<path>`."""
    fpath = get_file(path, origin=WORD_INDEX_URL, api="tf.keras.datasets.reuters.get_word_index",
                     file_hash=WORD_INDEX_MD5)
    return read_word_index(fpath, "Reuters' word index (JSON)")


@tf_export("keras.datasets.reuters.get_label_names")
def get_label_names():
    """The 46 topic names, indexed as the labels."""
    return LABEL_NAMES
