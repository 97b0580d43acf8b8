"""tf.contrib.learn.preprocessing (TF 1.x): VocabularyProcessor, ByteProcessor, tokenizer and TOKENIZER_RE
(text.py), CategoricalVocabulary (categorical_vocabulary.py) and CategoricalProcessor (categorical.py)."""

from __future__ import annotations

from .categorical import CategoricalProcessor  # noqa: F401 - the namespace's names
from .categorical_vocabulary import CategoricalVocabulary  # noqa: F401
from .text import TOKENIZER_RE, ByteProcessor, VocabularyProcessor, tokenizer  # noqa: F401
