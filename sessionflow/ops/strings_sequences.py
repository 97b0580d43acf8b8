"""String ops over sequences of tokens: UnsortedSegmentJoin (`tf.strings.unsorted_segment_join`) and
StringNGrams (`tf.strings.ngrams`; TF's op reads ragged rows as values + splits, and the dense inputs
sessionflow takes are turned into that form here), plus `tf.strings.bytes_split` of a scalar."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.scopes import name_scope
from ..framework.tensor_shape import TensorShape
from .array import reshape
from .common import check_dtype
from .constant import convert_to_tensor
from .strings_common import as_bytes, require_string, string_tensor

_INDEX = (dtypes.int32, dtypes.int64)


@op("UnsortedSegmentJoin", inputs=("inputs", "segment_ids", "num_segments"), attrs={"separator": ""},
    type_attrs={"Tindices": "segment_ids", "Tnumsegments": "num_segments"})
class UnsortedSegmentJoin:
    """Joins the strings of `inputs` with the same segment id, in order; empty segments are ''. Every id must
    be in [0, num_segments)."""

    def infer(inputs, segment_ids, num_segments, separator):
        require_string("UnsortedSegmentJoin", "inputs", inputs)
        check_dtype("UnsortedSegmentJoin", "Tindices", segment_ids, _INDEX)
        check_dtype("UnsortedSegmentJoin", "Tnumsegments", num_segments, _INDEX)
        n = static_value(num_segments)
        dims, id_dims = inputs.shape.as_tuple(), segment_ids.shape.as_tuple()
        if dims is None or id_dims is None:
            return dtypes.string, TensorShape(None)
        return dtypes.string, [None if n is None else int(n)] + list(dims[len(id_dims):])

    def kernel(xp, inputs, segment_ids, num_segments, separator):
        data = np.asarray(inputs, dtype=object)
        ids = np.asarray(segment_ids)
        if data.shape[:ids.ndim] != ids.shape:
            raise errors.InvalidArgumentError(
                None, None, f"data.shape = {list(data.shape)} does not start with segment_ids.shape = "
                            f"{list(ids.shape)}")
        n = int(num_segments)
        rows = data.reshape((ids.size,) + data.shape[ids.ndim:])
        flat_ids = ids.reshape(-1)
        if np.any((flat_ids < 0) | (flat_ids >= n)):
            raise errors.InvalidArgumentError(
                None, None, "segment_ids are not allowed to exceed num_segments or to have negative values.")
        tail = data.shape[ids.ndim:]
        parts = [[[] for _ in range(int(np.prod(tail, dtype=np.int64)))] for _ in range(n)]
        for row, segment in zip(rows.reshape(ids.size, -1), flat_ids.tolist()):
            for cell, value in zip(parts[segment], row):
                cell.append(as_bytes(value))
        sep = as_bytes(separator)
        out = np.empty(n * int(np.prod(tail, dtype=np.int64)), dtype=object)
        out[:] = [sep.join(cell) for segment in parts for cell in segment]
        return out.reshape((n,) + tail)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([b"a", b"b", b"c"], dtype=object), np.array([1, 0, 1], np.int32), np.array(2, np.int32)),
                {"separator": ":"})]


@tf_export("strings.unsorted_segment_join")
def unsorted_segment_join(inputs, segment_ids, num_segments, separator="", name=None):
    """Joins the strings of `inputs` that share a segment id (in their order) with `separator`."""
    with name_scope(name, "UnsortedSegmentJoin", [inputs, segment_ids, num_segments]) as scope:
        return UnsortedSegmentJoin(string_tensor(inputs, name="inputs"),
                                   convert_to_tensor(segment_ids, name="segment_ids"),
                                   convert_to_tensor(num_segments, name="num_segments"), separator=separator,
                                   name=scope)


def _row_ngrams(tokens: list, widths, sep: bytes, left: bytes, right: bytes, pad_width: int, preserve: bool) -> list:
    out = []
    for width in widths:
        pad = min(width - 1, pad_width if pad_width >= 0 else width - 1)
        padded = [left] * pad + tokens + [right] * pad
        out.extend(sep.join(padded[i:i + width]) for i in range(len(padded) - width + 1))
    if not out and preserve and tokens:
        pad = min(min(widths) - 1, pad_width if pad_width >= 0 else min(widths) - 1)
        out.append(sep.join([left] * pad + tokens + [right] * pad))
    return out


@op("StringNGrams", inputs=("data", "data_splits"),
    attrs={"separator": " ", "ngram_widths": None, "left_pad": "", "right_pad": "", "pad_width": None,
           "preserve_short_sequences": False}, type_attrs={"Tsplits": "data_splits"})
class StringNGrams:
    """The n-grams of each row of `data` (row i is data[data_splits[i]:data_splits[i+1]]) for each width,
    padded with `pad_width` pads (width - 1 when negative) at each end: `ngrams` and their row splits."""

    def infer(data, data_splits, separator, ngram_widths, left_pad, right_pad, pad_width, preserve_short_sequences):
        require_string("StringNGrams", "data", data)
        check_dtype("StringNGrams", "Tsplits", data_splits, _INDEX)
        return [(dtypes.string, [None]), (data_splits.dtype.base_dtype, data_splits.shape)]

    def kernel(xp, data, data_splits, separator, ngram_widths, left_pad, right_pad, pad_width,
               preserve_short_sequences):
        values = [as_bytes(v) for v in np.asarray(data, dtype=object).reshape(-1)]
        splits = np.asarray(data_splits)
        if splits.size and (splits[0] != 0 or splits[-1] != len(values) or np.any(np.diff(splits) < 0)):
            raise errors.InvalidArgumentError(
                None, None, f"Invalid split values: {splits.tolist()} for data of {len(values)} elements")
        rows = [_row_ngrams(values[a:b], ngram_widths, as_bytes(separator), as_bytes(left_pad), as_bytes(right_pad),
                            pad_width, preserve_short_sequences) for a, b in zip(splits[:-1], splits[1:])]
        out = np.empty(sum(len(r) for r in rows), dtype=object)
        out[:] = [g for r in rows for g in r]
        return out, np.cumsum([0] + [len(r) for r in rows]).astype(splits.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([b"a", b"b", b"c"], dtype=object), np.array([0, 3], np.int64)),
                {"ngram_widths": (2,), "pad_width": -1})]


@tf_export("strings.ngrams")
def ngrams(data, ngram_width, separator=" ", pad_values=None, padding_width=None, preserve_short_sequences=False,
           name=None):
    """The n-grams of the last dimension of a dense `data` (rank 1 or 2), `ngram_width` an int or a list."""
    widths = (ngram_width,) if isinstance(ngram_width, int) else tuple(ngram_width)
    if any(w < 1 for w in widths):
        raise ValueError(f"All ngram_widths must be greater than 0. Got {list(widths)}")
    if pad_values is None:
        left = right = ""
    elif isinstance(pad_values, (list, tuple)):
        if len(pad_values) != 2 or not all(isinstance(p, str) for p in pad_values):
            raise ValueError("pad_values must be a string, tuple of strings, or None.")
        left, right = pad_values
    elif isinstance(pad_values, str):
        left = right = pad_values
    else:
        raise ValueError("pad_values must be a string, tuple of strings, or None.")
    if padding_width is not None and padding_width < 1:
        raise ValueError("padding_width must be greater than 0.")
    if padding_width is not None and pad_values is None:
        raise ValueError("pad_values must be provided if padding_width is set.")
    with name_scope(name, "StringNGrams", [data]):
        data = string_tensor(data)
        rank = data.shape.ndims
        if rank not in (1, 2):
            raise ValueError("sessionflow's tf.strings.ngrams takes a dense rank-1 or rank-2 tensor (TF's ragged "
                             "inputs need RaggedTensor, which sessionflow does not provide)")
        dims = data.shape.as_list()
        if None in dims:
            raise ValueError("tf.strings.ngrams here needs the static shape of `data`")
        rows, length = (1, dims[0]) if rank == 1 else dims
        splits = np.arange(0, rows * length + 1, max(length, 1), dtype=np.int64)[:rows + 1]
        grams, _ = StringNGrams(reshape(data, [-1]), convert_to_tensor(splits),
                                separator=separator, ngram_widths=widths, left_pad=left, right_pad=right,
                                pad_width=-1 if pad_values is not None and padding_width is None else
                                (padding_width or 0), preserve_short_sequences=preserve_short_sequences)
        return grams if rank == 1 else reshape(grams, [rows, -1])


@tf_export("strings.bytes_split")
def bytes_split(input, name=None):
    """The bytes of a scalar string, as a vector of one-byte strings (TF gives a RaggedTensor for higher ranks,
    which sessionflow does not provide)."""
    from .array import stack
    from .strings_split import StringSplit

    with name_scope(name, "BytesSplit", [input]):
        input = string_tensor(input)
        if not isinstance(input, Tensor) or input.shape.ndims != 0:
            raise ValueError("tf.strings.bytes_split of a non-scalar string returns a RaggedTensor in TF, which "
                             "sessionflow does not provide; split scalar strings")
        _, values, _ = StringSplit(stack([input]), string_tensor(""), skip_empty=False)
        return values
