"""`tf.strings.format` (tensors summarized into a template by logging_ops' StringFormat, as tf.print writes
them) and Unicode: UnicodeDecode(WithOffsets), UnicodeEncode, UnicodeTranscode. TF returns RaggedTensors for
the code points or characters of a vector of strings, which sessionflow does not provide: `unicode_decode`,
`unicode_split` and their `_with_offsets` forms take a scalar string, `unicode_encode` a dense tensor."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.scopes import name_scope
from .array import expand_dims, reshape
from .constant import convert_to_tensor
from .logging_ops import StringFormat
from .strings_common import as_bytes, map_strings, require_string, string_tensor


@tf_export("strings.format")
def string_format(template, inputs, placeholder="{}", summarize=3, name=None):
    """`template` with each `placeholder` replaced by the summary of the next tensor of `inputs`."""
    if not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    if template.count(placeholder) != len(inputs):
        raise ValueError(f"The template expects {template.count(placeholder)} tensors, but the inputs only has "
                         f"{len(inputs)}. Please ensure the number of placeholders in template matches inputs length.")
    tensors = [convert_to_tensor(x) for x in inputs]
    return StringFormat(tensors, template=template, placeholder=placeholder, summarize=summarize, name=name)


# --- Unicode ---------------------------------------------------------------------------------------------

_ENCODINGS = {"UTF-8": "utf-8", "UTF-16-BE": "utf-16-be", "UTF-32-BE": "utf-32-be"}


def _codec(encoding: str, op_type: str) -> str:
    try:
        return _ENCODINGS[encoding.upper()]
    except KeyError:
        raise errors.InvalidArgumentError(
            None, None, f"{op_type}: encoding {encoding!r} is not one of {', '.join(_ENCODINGS)}") from None


def _code_points(data: bytes, encoding: str, errors_mode: str, replacement_char: int,
                 replace_control_characters: bool) -> list[int]:
    codec = _codec(encoding, "UnicodeDecode")
    try:
        text = data.decode(codec, "strict" if errors_mode == "strict" else
                           "ignore" if errors_mode == "ignore" else "replace")
    except UnicodeDecodeError as e:
        raise errors.InvalidArgumentError(None, None, f"Invalid formatting on input string: {e}") from None
    points = [ord(c) for c in text]
    if errors_mode == "replace":
        points = [replacement_char if p == 0xFFFD else p for p in points]
    if replace_control_characters:
        points = [replacement_char if p < 0x20 or 0x7F <= p < 0xA0 else p for p in points]
    return points


@op("UnicodeDecode", inputs=("input",), attrs={"input_encoding": None, "errors": "replace",
                                               "replacement_char": 65533, "replace_control_characters": False,
                                               "Tsplits": dtypes.int64}, type_attrs={})
class UnicodeDecode:
    """The code points of each string: `row_splits` (row i is char_values[row_splits[i]:row_splits[i+1]])
    and `char_values`."""

    def infer(input, input_encoding, errors, replacement_char, replace_control_characters, Tsplits):
        require_string("UnicodeDecode", "input", input)
        return [(dtypes.as_dtype(Tsplits), [None]), (dtypes.int32, [None])]

    def kernel(xp, input, input_encoding, errors, replacement_char, replace_control_characters, Tsplits):
        rows = [_code_points(as_bytes(s), input_encoding, errors, replacement_char, replace_control_characters)
                for s in np.asarray(input, dtype=object).reshape(-1)]
        splits = np.cumsum([0] + [len(r) for r in rows]).astype(dtypes.as_dtype(Tsplits).as_numpy_dtype)
        return splits, np.array([p for r in rows for p in r], np.int32)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([b"h\xc3\xa9", b"ab"], dtype=object),), {"input_encoding": "UTF-8"})]


@tf_export("strings.unicode_decode")
def unicode_decode(input, input_encoding, errors="replace", replacement_char=65533, replace_control_characters=False,
                   name=None):
    """The Unicode code points (int32) of a scalar string. TF returns a RaggedTensor for higher ranks, which
    sessionflow does not provide."""
    with name_scope(name, "UnicodeDecode", [input]):
        input = string_tensor(input)
        if input.shape.ndims != 0:
            raise ValueError("tf.strings.unicode_decode of a non-scalar string returns a RaggedTensor in TF, which "
                             "sessionflow does not provide; decode scalar strings")
        _, values = UnicodeDecode(reshape(input, [1]), input_encoding=input_encoding, errors=errors,
                                  replacement_char=replacement_char,
                                  replace_control_characters=replace_control_characters)
        return values


def _transcode(data: bytes, input_encoding, output_encoding, errors_mode, replacement_char,
               replace_control_characters) -> bytes:
    points = _code_points(data, input_encoding, errors_mode, replacement_char, replace_control_characters)
    return "".join(map(chr, points)).encode(_codec(output_encoding, "UnicodeTranscode"), "surrogatepass")


@op("UnicodeTranscode", inputs=("input",), attrs={"input_encoding": None, "output_encoding": None,
                                                  "errors": "replace", "replacement_char": 65533,
                                                  "replace_control_characters": False}, type_attrs={})
class UnicodeTranscode:
    """Each string re-encoded from `input_encoding` to `output_encoding`."""

    def infer(input, input_encoding, output_encoding, errors, replacement_char, replace_control_characters):
        require_string("UnicodeTranscode", "input", input)
        return dtypes.string, input.shape

    def kernel(xp, input, input_encoding, output_encoding, errors, replacement_char, replace_control_characters):
        return map_strings(lambda s: _transcode(s, input_encoding, output_encoding, errors, replacement_char,
                                                replace_control_characters), input)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([b"h\xc3\xa9"], dtype=object),), {"input_encoding": "UTF-8",
                                                            "output_encoding": "UTF-16-BE"})]


@tf_export("strings.unicode_transcode")
def unicode_transcode(input, input_encoding, output_encoding, errors="replace", replacement_char=65533,
                      replace_control_characters=False, name=None):
    """Each string of `input` re-encoded (UTF-8, UTF-16-BE, UTF-32-BE)."""
    return UnicodeTranscode(string_tensor(input), input_encoding=input_encoding, output_encoding=output_encoding,
                            errors=errors, replacement_char=replacement_char,
                            replace_control_characters=replace_control_characters, name=name)


def _offsets(data: bytes, encoding: str, errors_mode: str) -> list[int]:
    """The byte offset where each decoded character starts (the characters `_code_points` returns)."""
    codec = _codec(encoding, "UnicodeDecodeWithOffsets")
    if codec != "utf-8":
        width = 2 if codec == "utf-16-be" else 4
        return list(range(0, len(data) - len(data) % width, width))
    starts, i = [], 0
    while i < len(data):
        lead = data[i]
        size = 1 if lead < 0x80 else 2 if lead >> 5 == 6 else 3 if lead >> 4 == 14 else 4 if lead >> 3 == 30 else 1
        chunk = data[i:i + size]
        try:
            chunk.decode("utf-8")
            valid = True
        except UnicodeDecodeError:
            valid, size = False, 1
        if valid or errors_mode != "ignore":
            starts.append(i)
        i += size
    return starts


@op("UnicodeDecodeWithOffsets", inputs=("input",),
    attrs={"input_encoding": None, "errors": "replace", "replacement_char": 65533,
           "replace_control_characters": False, "Tsplits": dtypes.int64}, type_attrs={})
class UnicodeDecodeWithOffsets:
    """UnicodeDecode, and the byte offset where each character starts."""

    def infer(input, input_encoding, errors, replacement_char, replace_control_characters, Tsplits):
        require_string("UnicodeDecodeWithOffsets", "input", input)
        return [(dtypes.as_dtype(Tsplits), [None]), (dtypes.int32, [None]), (dtypes.int64, [None])]

    def kernel(xp, input, input_encoding, errors, replacement_char, replace_control_characters, Tsplits):
        splits, values = UnicodeDecode.kernel(xp, input, input_encoding, errors, replacement_char,
                                              replace_control_characters, Tsplits)
        starts = [o for s in np.asarray(input, dtype=object).reshape(-1)
                  for o in _offsets(as_bytes(s), input_encoding, errors)]
        return splits, values, np.array(starts, np.int64)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([b"h\xc3\xa9", b"ab"], dtype=object),), {"input_encoding": "UTF-8"})]


def _scalar_input(input, what: str):
    input = string_tensor(input)
    if input.shape.ndims != 0:
        raise ValueError(f"tf.strings.{what} of a non-scalar string returns a RaggedTensor in TF, which sessionflow "
                         "does not provide; use scalar strings")
    return input


@tf_export("strings.unicode_decode_with_offsets")
def unicode_decode_with_offsets(input, input_encoding, errors="replace", replacement_char=65533,
                                replace_control_characters=False, name=None):
    """(code points, byte offsets where they start) of a scalar string."""
    with name_scope(name, "UnicodeDecodeWithOffsets", [input]):
        input = _scalar_input(input, "unicode_decode_with_offsets")
        _, values, starts = UnicodeDecodeWithOffsets(
            reshape(input, [1]), input_encoding=input_encoding, errors=errors, replacement_char=replacement_char,
            replace_control_characters=replace_control_characters)
        return values, starts


def _encode_row(points, encoding: str, errors_mode: str, replacement_char: int) -> bytes:
    codec = _codec(encoding, "UnicodeEncode")
    chars = []
    for p in points:
        if not (0 <= p <= 0x10FFFF) or 0xD800 <= p <= 0xDFFF:
            if errors_mode == "strict":
                raise errors.InvalidArgumentError(None, None, f"Invalid code point: {p}")
            if errors_mode == "ignore":
                continue
            p = replacement_char
        chars.append(chr(p))
    return "".join(chars).encode(codec)


@op("UnicodeEncode", inputs=("input_values", "input_splits"),
    attrs={"errors": "replace", "output_encoding": None, "replacement_char": 65533},
    type_attrs={"Tsplits": "input_splits"})
class UnicodeEncode:
    """One string per row of code points (row i is input_values[input_splits[i]:input_splits[i+1]])."""

    def infer(input_values, input_splits, errors, output_encoding, replacement_char):
        if input_values.dtype.base_dtype is not dtypes.int32:
            raise TypeError(f"Input 'input_values' of 'UnicodeEncode' Op has type {input_values.dtype.base_dtype.name}"
                            " that does not match expected type of int32.")
        rows = input_splits.shape.as_tuple()
        return dtypes.string, [None if rows is None or rows[0] is None else max(rows[0] - 1, 0)]

    def kernel(xp, input_values, input_splits, errors, output_encoding, replacement_char):
        values = np.asarray(input_values).reshape(-1).tolist()
        splits = np.asarray(input_splits).tolist()
        out = np.empty(max(len(splits) - 1, 0), dtype=object)
        out[:] = [_encode_row(values[a:b], output_encoding, errors, replacement_char)
                  for a, b in zip(splits[:-1], splits[1:])]
        return out

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([104, 233, 97], np.int32), np.array([0, 2, 3], np.int64)), {"output_encoding": "UTF-8"})]


@tf_export("strings.unicode_encode")
def unicode_encode(input, output_encoding, errors="replace", replacement_char=65533, name=None):
    """Encodes the code points of the last dimension of a dense int32 `input` as strings (one rank fewer)."""
    with name_scope(name, "UnicodeEncode", [input]):
        input = convert_to_tensor(input)
        dims = input.shape.as_list() if input.shape.ndims is not None else None
        if not dims:
            raise ValueError("tf.strings.unicode_encode needs a dense input of rank 1 or more here (TF's ragged "
                             "inputs need RaggedTensor, which sessionflow does not provide)")
        if None in dims:  # rows of a length known at run time
            from .array import shape as shape_of
            from .array_slicing import range as range_
            from .math import multiply
            from .reduction import reduce_prod

            dynamic = shape_of(input, out_type=dtypes.int64)
            outer = dynamic[:-1]
            splits = multiply(range_(reduce_prod(outer) + 1), dynamic[-1])
        else:
            outer = dims[:-1]
            splits = convert_to_tensor(np.arange(int(np.prod(outer, dtype=np.int64)) + 1, dtype=np.int64) * dims[-1])
        encoded = UnicodeEncode(reshape(input, [-1]), splits, errors=errors, output_encoding=output_encoding,
                                replacement_char=replacement_char)
        return reshape(encoded, outer)


@tf_export("strings.unicode_split")
def unicode_split(input, input_encoding, errors="replace", replacement_char=65533, name=None):
    """The characters of a scalar string, each a string in `input_encoding`."""
    with name_scope(name, "UnicodeSplit", [input]):
        points = unicode_decode(_scalar_input(input, "unicode_split"), input_encoding, errors=errors,
                                replacement_char=replacement_char)
        return unicode_encode(expand_dims(points, 1), input_encoding, errors=errors,
                              replacement_char=replacement_char)


@tf_export("strings.unicode_split_with_offsets")
def unicode_split_with_offsets(input, input_encoding, errors="replace", replacement_char=65533, name=None):
    """(characters, byte offsets where they start) of a scalar string."""
    with name_scope(name, "UnicodeSplitWithOffsets", [input]):
        points, starts = unicode_decode_with_offsets(_scalar_input(input, "unicode_split_with_offsets"),
                                                     input_encoding, errors=errors, replacement_char=replacement_char)
        return unicode_encode(expand_dims(points, 1), input_encoding, errors=errors,
                              replacement_char=replacement_char), starts
