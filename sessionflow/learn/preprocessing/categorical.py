"""tf.contrib.learn.preprocessing.CategoricalProcessor (TF 1.x): the columns of a table of categories as ids.

`fit` learns one CategoricalVocabulary per column (one shared by all columns with `share=True`) from the rows of
`x` (a matrix, a pandas DataFrame, or an iterable of rows); NaNs are not counted. `transform` yields each row as
an int64 array of the columns' ids, NaN and unseen categories being 0.
"""

from __future__ import annotations

import math

import numpy as np

from .categorical_vocabulary import CategoricalVocabulary


def _rows(x):
    """A pandas DataFrame's values; anything else as it is."""
    if type(x).__name__ == "DataFrame" and hasattr(x, "values"):
        return x.values
    return x


def _is_nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


class CategoricalProcessor:
    """Categories to ids per column; `vocabularies_` holds the columns' CategoricalVocabulary objects."""

    def __init__(self, min_frequency=0, share=False, vocabularies=None):
        self.min_frequency = min_frequency
        self.share = share
        self.vocabularies_ = vocabularies

    def freeze(self, freeze=True):
        for vocabulary in self.vocabularies_:
            vocabulary.freeze(freeze)

    def fit(self, x, unused_y=None):
        for row in _rows(x):
            if self.vocabularies_ is None:
                if self.share:
                    shared = CategoricalVocabulary()
                    self.vocabularies_ = [shared for _ in row]
                else:
                    self.vocabularies_ = [CategoricalVocabulary() for _ in row]
            for column, value in enumerate(row):
                if not _is_nan(value):
                    self.vocabularies_[column].add(value)
        if self.min_frequency > 0:
            for vocabulary in self.vocabularies_:
                vocabulary.trim(self.min_frequency)
        self.freeze()
        return self

    def fit_transform(self, x, unused_y=None):
        self.fit(x)
        return self.transform(x)

    def transform(self, x):
        self.freeze()
        for row in _rows(x):
            yield np.array([0 if _is_nan(value) else self.vocabularies_[column].get(value)
                            for column, value in enumerate(row)], dtype=np.int64)
