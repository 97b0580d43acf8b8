"""What the IMDB and Reuters loaders share: TensorFlow's Keras's steps from the stored word indexes to the
sequences it returns (the index shift with a start mark, dropping long sequences, the vocabulary limits).

Each step keeps TensorFlow's types: the shift turns the stored object array into lists of lists, except with
`start_char=None` and `index_from=0`, where the array itself goes on (and IMDB's later `x_train + x_test`
is then NumPy's element-wise addition, as in TensorFlow).
"""

from __future__ import annotations

import json

from .keras_files import reading


def shift(sequences, start_char, index_from):
    """Each word index plus `index_from`, after `start_char` when it is not None."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in sequences]
    if index_from:
        return [[w + index_from for w in x] for x in sequences]
    return sequences


def drop_long(maxlen, sequences, labels):
    """The sequences shorter than `maxlen` (strictly) and their labels, as two lists."""
    kept, kept_labels = [], []
    for x, y in zip(sequences, labels):
        if len(x) < maxlen:
            kept.append(x)
            kept_labels.append(y)
    return kept, kept_labels


def limit_vocabulary(sequences, num_words, skip_top, oov_char):
    """Word indexes outside [skip_top, num_words) replaced by `oov_char`, or dropped when it is None;
    `num_words` None or 0 means the largest index present."""
    if not num_words:
        num_words = max(max(x) for x in sequences)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in sequences]
    return [[w for w in x if skip_top <= w < num_words] for x in sequences]


def read_word_index(path: str, what: str) -> dict:
    """The word -> index dict of a JSON word-index file."""
    with reading(path, what), open(path) as f:
        return json.load(f)
