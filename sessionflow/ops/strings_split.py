"""Splitting strings into a SparseTensor of tokens: StringSplit (`tf.string_split`: any of a set of delimiter
characters) and StringSplitV2 (`tf.strings.split` under tf.compat.v1: a separator string, or runs of
whitespace, with `maxsplit`). Row i of the result holds the tokens of string i."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.scopes import name_scope
from ..framework.sparse_tensor import SparseTensor
from . import shape_fns
from .strings_common import as_bytes, require_string, string_tensor

_SPLIT_SPECS = [(dtypes.int64, [None, 2]), (dtypes.string, [None]), (dtypes.int64, [2])]


def _sparse_result(rows: list[list[bytes]]):
    indices = [(i, j) for i, row in enumerate(rows) for j in range(len(row))]
    values = np.empty(len(indices), dtype=object)
    values[:] = [token for row in rows for token in row]
    width = max((len(row) for row in rows), default=0)
    return (np.array(indices, np.int64).reshape(-1, 2), values, np.array([len(rows), width], np.int64))


def _check_rank1(op_type: str, input, sep):
    shape_fns.with_rank(op_type, input.shape, 1)
    shape_fns.with_rank(op_type, sep.shape, 0)


def _scalar(value, what: str) -> bytes:
    value = np.asarray(value, dtype=object)
    if value.ndim:
        raise errors.InvalidArgumentError(None, None, f"{what} must be a scalar, got shape: {list(value.shape)}")
    return as_bytes(value.item())


def _split_on_any(s: bytes, delimiters: bytes, skip_empty: bool) -> list[bytes]:
    if not delimiters:
        return [s[i:i + 1] for i in range(len(s))]
    if not s:
        return []
    tokens, start = [], 0
    for i, byte in enumerate(s):
        if byte in delimiters:
            tokens.append(s[start:i])
            start = i + 1
    tokens.append(s[start:])
    return [t for t in tokens if t] if skip_empty else tokens


@op("StringSplit", inputs=("input", "delimiter"), attrs={"skip_empty": True}, type_attrs={})
class StringSplit:
    """Splits each string of a vector at every byte that is in `delimiter` (each byte when it is empty)."""

    def infer(input, delimiter, skip_empty):
        require_string("StringSplit", "input", input)
        require_string("StringSplit", "delimiter", delimiter)
        _check_rank1("StringSplit", input, delimiter)
        return _SPLIT_SPECS

    def kernel(xp, input, delimiter, skip_empty):
        delimiters = _scalar(delimiter, "delimiter")
        return _sparse_result([_split_on_any(as_bytes(s), delimiters, skip_empty)
                               for s in np.asarray(input, dtype=object).reshape(-1)])

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([b"a b", b"c"], dtype=object), np.array(b" ", dtype=object)), {})]


def _split_v2(s: bytes, sep: bytes, maxsplit: int) -> list[bytes]:
    if not sep:
        return s.split(None, maxsplit)
    return s.split(sep, maxsplit)


@op("StringSplitV2", inputs=("input", "sep"), attrs={"maxsplit": -1}, type_attrs={})
class StringSplitV2:
    """Splits each string of a vector at `sep` (at runs of whitespace, trimmed, when `sep` is empty), at most
    `maxsplit` times when it is not -1, as Python's `str.split`."""

    def infer(input, sep, maxsplit):
        require_string("StringSplitV2", "input", input)
        require_string("StringSplitV2", "sep", sep)
        _check_rank1("StringSplitV2", input, sep)
        return _SPLIT_SPECS

    def kernel(xp, input, sep, maxsplit):
        separator = _scalar(sep, "sep")
        return _sparse_result([_split_v2(as_bytes(s), separator, maxsplit)
                               for s in np.asarray(input, dtype=object).reshape(-1)])

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([b"a,b", b"c"], dtype=object), np.array(b",", dtype=object)), {})]


@tf_export("string_split")
def string_split(source, sep=None, skip_empty=True, delimiter=None, result_type="SparseTensor", name=None):
    """Splits each string of the vector `source` at any character of `delimiter` (default ' '): a
    SparseTensor whose row i holds the tokens of string i."""
    if sep is not None and delimiter is not None:
        raise ValueError("Cannot specify both 'sep' and 'delimiter'.")
    if result_type != "SparseTensor":
        raise ValueError(f"result_type {result_type!r}: sessionflow has no RaggedTensor; use 'SparseTensor'")
    delimiter = sep if delimiter is None else delimiter
    with name_scope(name, "StringSplit", [source]):
        source = string_tensor(source)
        delimiter = string_tensor(" " if delimiter is None else delimiter)
        indices, values, shape = StringSplit(source, delimiter, skip_empty=skip_empty)
        return SparseTensor(indices, values, shape)


@tf_export("strings.split")
def strings_split(input=None, sep=None, maxsplit=-1, result_type="SparseTensor", source=None, name=None):
    """tf.compat.v1.strings.split: the tokens of each string of a vector as a SparseTensor, split at `sep`
    (runs of whitespace when None), at most `maxsplit` times per string."""
    if input is not None and source is not None:
        raise ValueError("Cannot specify both 'input' and 'source'.")
    input = source if input is None else input
    if result_type != "SparseTensor":
        raise ValueError(f"result_type {result_type!r}: sessionflow has no RaggedTensor; use 'SparseTensor'")
    with name_scope(name, "StringSplit", [input]):
        input = string_tensor(input)
        if input.shape.ndims == 0:
            raise ValueError("input must have rank 1 or more (a scalar's tokens are a RaggedTensor in TF, which "
                             "sessionflow does not provide)")
        indices, values, shape = StringSplitV2(input, string_tensor("" if sep is None else sep), maxsplit=maxsplit)
        return SparseTensor(indices, values, shape)
