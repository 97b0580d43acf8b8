"""tf.contrib.learn.preprocessing.CategoricalVocabulary (TF 1.x): a growing map from categories (words, or any
hashable value) to ids.

Id 0 is the unknown token ("<UNK>"); a new category gets the next id, in the order categories are first seen,
until the vocabulary is frozen, after which an unseen category is 0. `add` counts a category (adding it if new);
`trim(min_frequency)` renumbers the vocabulary 1..n by decreasing count (ties in ascending order of the category,
str values after non-str ones) keeping only categories counted more than `min_frequency` times (and, with
`max_frequency` > 0, fewer than it). The attribute names are TF 1.x's, so vocabularies pickled by TF 1.x's
VocabularyProcessor.save load here and the other way round.
"""

from __future__ import annotations

import collections


class CategoricalVocabulary:
    """Maps categories to ids, 0 being `unknown_token`; with `support_reverse`, ids back to categories."""

    def __init__(self, unknown_token="<UNK>", support_reverse=True):
        self._unknown_token = unknown_token
        self._mapping = {unknown_token: 0}
        self._support_reverse = support_reverse
        if support_reverse:
            self._reverse_mapping = [unknown_token]
        self._freq = collections.defaultdict(int)
        self._freeze = False

    def __len__(self):
        """The number of ids, the unknown token's included."""
        return len(self._mapping)

    def freeze(self, freeze=True):
        """While frozen, `get` answers 0 for a category it has not seen instead of adding it."""
        self._freeze = freeze

    def get(self, category):
        """`category`'s id, adding it (next id) when it is new and the vocabulary is not frozen."""
        found = self._mapping.get(category)
        if found is not None:
            return found
        if self._freeze:
            return 0
        found = self._mapping[category] = len(self._mapping)
        if self._support_reverse:
            self._reverse_mapping.append(category)
        return found

    def add(self, category, count=1):
        """Counts `count` more of `category` (adding it when new); the unknown token and, while frozen, unseen
        categories are not counted."""
        if self.get(category) > 0:
            self._freq[category] += count

    def trim(self, min_frequency, max_frequency=-1):
        """Keeps the categories counted more than `min_frequency` times (and fewer than `max_frequency` when it
        is positive), renumbered 1..n by decreasing count, equal counts in ascending order of the category."""
        by_name = sorted(self._freq.items(), key=lambda item: (isinstance(item[0], str), item[0]))
        ranked = sorted(by_name, key=lambda item: item[1], reverse=True)  # stable: ties keep the name order
        self._mapping = {self._unknown_token: 0}
        if self._support_reverse:
            self._reverse_mapping = [self._unknown_token]
        kept = 0
        for category, count in ranked:
            if max_frequency > 0 and count >= max_frequency:
                continue
            if count <= min_frequency:
                break
            kept += 1
            self._mapping[category] = kept
            if self._support_reverse:
                self._reverse_mapping.append(category)
        # As TF 1.x did: the counts kept are those of the first `kept` ranked entries (skipped ones included).
        self._freq = dict(ranked[:kept])

    def reverse(self, class_id):
        """The category whose id is `class_id`."""
        if not self._support_reverse:
            raise ValueError("This vocabulary wasn't initalized with support_reverse to support reverse() function.")
        return self._reverse_mapping[class_id]
