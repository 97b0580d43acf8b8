"""`tf.strings.format` (tensors summarized into a template by logging_ops' StringFormat, as tf.print writes
them) and the Unicode basics: UnicodeDecode for a scalar string (`tf.strings.unicode_decode`; a vector's code points are
a RaggedTensor in TF, which sessionflow does not provide) and UnicodeTranscode."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.scopes import name_scope
from .array import reshape
from .logging_ops import StringFormat
from .constant import convert_to_tensor
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
