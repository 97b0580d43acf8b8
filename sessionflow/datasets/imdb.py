"""`tf.keras.datasets.imdb`: the IMDB movie-review sentiment data set as TensorFlow's Keras loads it.

`load_data` reads imdb.npz (25000 training and 25000 test reviews, each a list of word indexes ranked by
frequency) from `~/.keras/datasets/`, shuffles each split with `numpy.random.RandomState(seed)` (training
first, one generator), shifts the indexes by `index_from` after a `start_char`, drops the reviews not shorter
than `maxlen`, and replaces the words outside [skip_top, num_words) by `oov_char`. The reviews come back as
object arrays of lists (NumPy makes a 2-D object array when all have one length, as in TensorFlow).
`get_word_index` reads the word -> index dict (its indexes are the stored ones, before `index_from`).
"""

from __future__ import annotations

import numpy

from .._behaviour import logging
from ..framework.api import tf_export
from .keras_files import ORIGIN, get_file, prepare_cache_dir, reading
from .word_sequences import drop_long, limit_vocabulary, read_word_index, shift

URL = ORIGIN + "imdb.npz"
SHA256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
WORD_INDEX_URL = ORIGIN + "imdb_word_index.json"
WORD_INDEX_MD5 = "bfafd718b763782e994055a2d397834f"


@tf_export("keras.datasets.imdb.load_data")
def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2,
              index_from=3, cache_dir=None, **kwargs):
    """IMDB as `((x_train, y_train), (x_test, y_test))`: reviews as object arrays of word-index lists, labels
    0 (negative) or 1 (positive). Raises ValueError when `maxlen` leaves a split empty."""
    if "nb_words" in kwargs:
        logging.warning("The `nb_words` argument in `load_data` has been renamed `num_words`.")
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {kwargs}.")
    cache_dir = prepare_cache_dir(cache_dir)
    fpath = get_file(path, origin=URL, api="tf.keras.datasets.imdb.load_data", file_hash=SHA256,
                     cache_dir=cache_dir)
    with reading(fpath, "IMDB's imdb.npz"), numpy.load(fpath, allow_pickle=True) as f:
        x_train, labels_train = f["x_train"], f["y_train"]
        x_test, labels_test = f["x_test"], f["y_test"]

    rng = numpy.random.RandomState(seed)
    order = numpy.arange(len(x_train))
    rng.shuffle(order)
    x_train, labels_train = x_train[order], labels_train[order]
    order = numpy.arange(len(x_test))
    rng.shuffle(order)
    x_test, labels_test = x_test[order], labels_test[order]

    x_train = shift(x_train, start_char, index_from)
    x_test = shift(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = drop_long(maxlen, x_train, labels_train)
        x_test, labels_test = drop_long(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, no sequence was kept. "
                             "Increase maxlen.")
    xs = limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    labels = numpy.concatenate([labels_train, labels_test])
    split = len(x_train)
    return ((numpy.array(xs[:split], dtype="object"), labels[:split]),
            (numpy.array(xs[split:], dtype="object"), labels[split:]))


@tf_export("keras.datasets.imdb.get_word_index")
def get_word_index(path="imdb_word_index.json"):
    """The dict from each word of the IMDB reviews to its index (before `load_data`'s `index_from` shift),
    from `~/.keras/datasets/<path>`."""
    fpath = get_file(path, origin=WORD_INDEX_URL, api="tf.keras.datasets.imdb.get_word_index",
                     file_hash=WORD_INDEX_MD5)
    return read_word_index(fpath, "IMDB's word index (JSON)")
