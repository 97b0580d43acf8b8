"""tf.contrib.learn.preprocessing's text processors (TF 1.x): `tokenizer`, `VocabularyProcessor` (documents to
fixed-length rows of word ids) and `ByteProcessor` (documents to fixed-length rows of UTF-8 bytes).

The default tokenizer finds, left to right, runs of two or more capitals not followed by a lower-case letter
("NASA" in "NASAs" is not one), a capitalised word followed by a capital ("Camel" of "CamelCase"), or else a run
of word characters, apostrophes and hyphens; everything else (spaces, punctuation) separates tokens.

`VocabularyProcessor(max_document_length)`: `fit` adds every token to its CategoricalVocabulary (ids from 1 in
first-seen order, 0 the unknown token), trims it when `min_frequency` > 0 (ids then by decreasing count) and
freezes it; `transform` yields one int64 row of `max_document_length` ids per document, the first tokens'
ids, zeros after the last token (tokens past the length are dropped, unknown ones are 0). `save` pickles the
processor and `restore` unpickles it, as TF 1.x did (and reads TF 1.x's files).
"""

from __future__ import annotations

import io
import pickle
import re

import numpy as np

from ...io import gfile
from .categorical_vocabulary import CategoricalVocabulary

TOKENIZER_RE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z][a-z]+(?=[A-Z])|[\'\w\-]+", re.UNICODE)


def tokenizer(iterator):
    """Yields the list of TOKENIZER_RE's tokens of each string of `iterator`."""
    for value in iterator:
        yield TOKENIZER_RE.findall(value)


class ByteProcessor:
    """Documents as rows of `max_document_length` byte values (UTF-8), cut or zero-padded to that length."""

    def __init__(self, max_document_length):
        self.max_document_length = max_document_length

    def fit(self, x):
        """Nothing to learn."""

    def fit_transform(self, x):
        return self.transform(x)

    def reverse(self, x):
        """Yields each row's text: its bytes up to the trailing zeros, decoded as UTF-8 ('' when they are not)."""
        for row in x:
            data = np.trim_zeros(np.asarray(row).astype(np.int8), trim="b").tobytes()
            try:
                yield data.decode("utf-8")
            except UnicodeDecodeError:
                yield ""

    def transform(self, x):
        """Yields each document's first `max_document_length` bytes as uint8, zero-padded."""
        for document in x:
            if isinstance(document, str):
                document = document.encode("utf-8")
            row = np.frombuffer(memoryview(document)[:self.max_document_length], dtype=np.uint8)
            yield np.pad(row, (0, self.max_document_length - len(row)), "constant")


class VocabularyProcessor:
    """Documents as rows of word ids (see the module's docstring); `vocabulary_` is the CategoricalVocabulary."""

    def __init__(self, max_document_length, min_frequency=0, vocabulary=None, tokenizer_fn=None):
        self.max_document_length = max_document_length
        self.min_frequency = min_frequency
        self.vocabulary_ = vocabulary if vocabulary else CategoricalVocabulary()
        self._tokenizer = tokenizer_fn if tokenizer_fn else tokenizer

    def fit(self, raw_documents, unused_y=None):
        """Adds the documents' tokens to the vocabulary, trims it to `min_frequency` and freezes it."""
        for tokens in self._tokenizer(raw_documents):
            for token in tokens:
                self.vocabulary_.add(token)
        if self.min_frequency > 0:
            self.vocabulary_.trim(self.min_frequency)
        self.vocabulary_.freeze()
        return self

    def fit_transform(self, raw_documents, unused_y=None):
        """`fit`, then `transform` of the same documents (a generator of rows)."""
        self.fit(raw_documents)
        return self.transform(raw_documents)

    def transform(self, raw_documents):
        """Yields an int64 row of `max_document_length` word ids per document."""
        for tokens in self._tokenizer(raw_documents):
            row = np.zeros(self.max_document_length, np.int64)
            for position, token in enumerate(tokens):
                if position >= self.max_document_length:
                    break
                row[position] = self.vocabulary_.get(token)
            yield row

    def reverse(self, documents):
        """Yields each row of ids as its words joined by spaces (0s, padding included, as "<UNK>")."""
        for row in documents:
            yield " ".join(self.vocabulary_.reverse(class_id) for class_id in row)

    def save(self, filename):
        """Pickles the processor (vocabulary included) into `filename`."""
        with gfile.GFile(filename, "wb") as f:
            f.write(pickle.dumps(self))

    @classmethod
    def restore(cls, filename):
        """The processor `save` wrote to `filename` (one TF 1.x saved, too)."""
        with gfile.GFile(filename, "rb") as f:
            return _Unpickler(io.BytesIO(f.read())).load()


_TF_PACKAGE = "tensorflow.contrib.learn.python.learn.preprocessing"


class _Unpickler(pickle.Unpickler):
    """Reads TF 1.x's pickles too: their classes and tokenizer are named by TF's module paths, which are these
    modules."""

    def find_class(self, module, name):
        if module.startswith(_TF_PACKAGE + "."):
            module = __package__ + module[len(_TF_PACKAGE):]
        return super().find_class(module, name)
