"""Dense string ops: StringJoin, ReduceJoin, Substr, StringLength, StringLower/Upper, StringStrip,
AsString, StringToNumber, EncodeBase64/DecodeBase64 (`tf.strings.*` and TF1's top-level names).

Splitting is in strings_split.py, hashing in strings_hash.py, regular expressions in strings_regex.py,
formatting and Unicode in strings_format.py. Values are object arrays of bytes, as everywhere in sessionflow.
"""

from __future__ import annotations

import base64
import binascii
import math

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import export_value, tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.scopes import name_scope
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import broadcast_shape, check_dtype, parsed_floats
from .constant import convert_to_tensor
from .strings_common import (
    UNITS,
    as_bytes,
    check_choice,
    map_strings,
    require_string,
    string_tensor,
    utf8_length,
    utf8_offsets,
)

_to_string = string_tensor

export_value(["dtypes.string"], dtypes.string)

_S = np.array([b"hello", b"world"], dtype=object)


# --- joining ---------------------------------------------------------------------------------------------

@op("StringJoin", inputs=("*inputs",), attrs=dict(separator=""), type_attrs={"N": "#inputs"})
class StringJoin:
    """Joins the strings of `inputs` element by element (scalars repeat; other shapes must be equal)."""

    def infer(*inputs, separator):
        shape = TensorShape([])
        for t in inputs:
            require_string("StringJoin", "inputs", t)
            if t.shape.ndims != 0:
                shape = t.shape if shape.ndims == 0 else shape_fns.merge("StringJoin", shape, t.shape)
        return dtypes.string, shape

    def kernel(xp, *inputs, separator):
        arrays = [np.asarray(a, dtype=object) for a in inputs]
        shape = ()
        for a in arrays:
            if a.ndim:
                if shape and a.shape != shape:
                    raise errors.InvalidArgumentError(
                        None, None, f"Input shapes do not match: [{','.join(map(str, shape))}] vs. "
                                    f"[{','.join(map(str, a.shape))}]")
                shape = a.shape
        sep = as_bytes(separator)
        columns = [np.broadcast_to(a, shape).reshape(-1) for a in arrays]
        out = np.empty(int(np.prod(shape, dtype=np.int64)), dtype=object)
        out[:] = [sep.join(parts) for parts in zip(*columns)] if columns else []
        return out.reshape(shape)

    grad = NOT_DIFFERENTIABLE
    samples = [(([_S, np.array(b"!", dtype=object)],), dict(separator="-"))]


@tf_export("string_join", "strings.join")
def string_join(inputs, separator="", name=None):
    """Joins the strings of `inputs` element by element with `separator`."""
    with name_scope(name, "StringJoin", inputs) as scope:  # Python values become constants inside the op's scope
        tensors = [string_tensor(x, name=f"inputs_{i}") for i, x in enumerate(inputs)]
        return StringJoin(tensors, separator=separator, name=scope)


def _reduced_axes(op_type: str, rank: int, axes) -> list:
    out = []
    for axis in np.asarray(axes).reshape(-1).tolist():
        if not -rank <= axis < rank:
            raise ValueError(f"Invalid reduction dimension {axis} for input with {rank} dimensions.")
        axis %= rank
        if axis in out:
            raise ValueError(f"Duplicate reduction dimension {axis}")
        out.append(axis)
    return out


@op("ReduceJoin", inputs=("inputs", "reduction_indices"), attrs=dict(keep_dims=False, separator=""), type_attrs={})
class ReduceJoin:
    """Joins strings across the `reduction_indices` axes; the first listed axis varies fastest."""

    def infer(inputs, reduction_indices, keep_dims, separator):
        require_string("ReduceJoin", "inputs", inputs)
        axes = static_value(reduction_indices)
        dims = inputs.shape.as_tuple()
        if axes is None or dims is None:
            if dims is not None and keep_dims:
                return dtypes.string, [None] * len(dims)
            return dtypes.string, TensorShape(None)
        try:
            reduced = _reduced_axes("ReduceJoin", len(dims), axes)
        except ValueError as e:
            raise ValueError(f"{e} for 'ReduceJoin'") from None
        if keep_dims:
            return dtypes.string, [1 if i in reduced else d for i, d in enumerate(dims)]
        return dtypes.string, [d for i, d in enumerate(dims) if i not in reduced]

    def kernel(xp, inputs, reduction_indices, keep_dims, separator):
        array = np.asarray(inputs, dtype=object)
        try:
            reduced = _reduced_axes("ReduceJoin", array.ndim, reduction_indices)
        except ValueError as e:
            raise errors.InvalidArgumentError(None, None, str(e)) from None
        kept = [i for i in range(array.ndim) if i not in reduced]
        moved = np.transpose(array, kept + reduced[::-1])
        kept_shape = [array.shape[i] for i in kept]
        rows = moved.reshape(int(np.prod(kept_shape, dtype=np.int64)), -1) if array.size else \
            np.empty((int(np.prod(kept_shape, dtype=np.int64)), 0), dtype=object)
        sep = as_bytes(separator)
        out = np.empty(rows.shape[0], dtype=object)
        out[:] = [sep.join(row) for row in rows]
        if keep_dims:
            return out.reshape([1 if i in reduced else d for i, d in enumerate(array.shape)])
        return out.reshape(kept_shape)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[b"a", b"b"], [b"c", b"d"]], dtype=object), np.array([1, 0], np.int32)),
                dict(separator=","))]


@tf_export("reduce_join", "strings.reduce_join")
def reduce_join(inputs, axis=None, keep_dims=None, separator="", name=None, reduction_indices=None,
                keepdims=None):
    """Joins the strings of `inputs` across `axis` (all axes, last first, when None)."""
    if axis is not None and reduction_indices is not None:
        raise ValueError("Cannot specify both 'axis' and 'reduction_indices'.")
    if keep_dims is not None and keepdims is not None:
        raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'.")
    axis = reduction_indices if axis is None else axis
    keep = bool(keepdims if keep_dims is None else keep_dims)
    with name_scope(None, "ReduceJoin", [inputs]):
        inputs = string_tensor(inputs)
        if axis is None:
            rank = inputs.shape.ndims
            if rank is None:
                from .array import rank as rank_of
                from .array_slicing import range as range_

                axis = range_(rank_of(inputs) - 1, -1, -1)
            else:
                axis = convert_to_tensor(list(range(rank - 1, -1, -1)), dtype=dtypes.int32)
        with name_scope(name, "ReduceJoin") as scope:
            axis = convert_to_tensor(axis, dtype=dtypes.int32, name="reduction_indices")
            return ReduceJoin(inputs, axis, keep_dims=keep, separator=separator, name=scope)


# --- per-string ops --------------------------------------------------------------------------------------

def _unary_string_op(type_name: str, fn, out_dtype=dtypes.string, attrs=None, doc="", check=None, sample=_S):
    """An elementwise op over strings: `fn(bytes, **attrs)` per element."""
    attrs = dict(attrs or {})

    def infer(input, **given):
        require_string(type_name, "input", input)
        if check is not None:
            check(**given)
        return out_dtype, input.shape

    def kernel(xp, input, **given):
        otype = object if out_dtype is dtypes.string else out_dtype.as_numpy_dtype
        return map_strings(lambda s: fn(s, **given), input, otype)

    body = dict(infer=infer, kernel=kernel, grad=NOT_DIFFERENTIABLE, __doc__=doc,
                samples=[((sample,), {})])
    return op(type_name, inputs=("input",), attrs=attrs, type_attrs={})(type(type_name, (), body))


def _length(s: bytes, unit: str) -> int:
    return len(s) if unit == "BYTE" else utf8_length(s)


StringLength = _unary_string_op(
    "StringLength", _length, dtypes.int32, dict(unit="BYTE"), "Length of each string, in bytes or UTF-8 characters.",
    check=lambda unit: check_choice("StringLength", "unit", unit, UNITS))

_ASCII_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = bytes.maketrans(b"abcdefghijklmnopqrstuvwxyz", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _case(table, method):
    def convert(s: bytes, encoding: str) -> bytes:
        if not encoding:
            return s.translate(table)
        return getattr(s.decode("utf-8", "surrogateescape"), method)().encode("utf-8", "surrogateescape")

    return convert


def _check_encoding(op_type):
    def check(encoding):
        if encoding not in ("", "utf-8", "utf8", "UTF-8", "UTF8"):
            raise ValueError(f"{op_type}: unsupported encoding {encoding!r} (only '' and 'utf-8')")

    return check


StringLower = _unary_string_op("StringLower", _case(_ASCII_LOWER, "lower"), attrs=dict(encoding=""),
                               doc="Lower-cases ASCII letters (every letter with encoding 'utf-8').",
                               check=_check_encoding("StringLower"))
StringUpper = _unary_string_op("StringUpper", _case(_ASCII_UPPER, "upper"), attrs=dict(encoding=""),
                               doc="Upper-cases ASCII letters (every letter with encoding 'utf-8').",
                               check=_check_encoding("StringUpper"))
StringStrip = _unary_string_op("StringStrip", lambda s: s.strip(b" \t\n\v\f\r"),
                               doc="Removes leading and trailing ASCII whitespace.")


@tf_export("strings.length")
def string_length(input, name=None, unit="BYTE"):
    """The length of each string: bytes, or UTF-8 characters with unit='UTF8_CHAR'."""
    return StringLength(string_tensor(input), unit=unit, name=name)


@tf_export("strings.lower")
def string_lower(input, encoding="", name=None):
    return StringLower(string_tensor(input), encoding=encoding, name=name)


@tf_export("strings.upper")
def string_upper(input, encoding="", name=None):
    return StringUpper(string_tensor(input), encoding=encoding, name=name)


@tf_export("string_strip", "strings.strip")
def string_strip(input, name=None):
    return StringStrip(string_tensor(input), name=name)


# --- Substr ----------------------------------------------------------------------------------------------

@op("Substr", inputs=("input", "pos", "len"), attrs=dict(unit="BYTE"), type_attrs={"T": "pos"})
class Substr:
    """The substring of `len` bytes (or UTF-8 characters) from `pos` (negative: from the end) of each string;
    `input` broadcasts against `pos`, and `pos` and `len` have one shape."""

    def infer(input, pos, len, unit):
        require_string("Substr", "input", input)
        check_dtype("Substr", "T", pos, (dtypes.int32, dtypes.int64))
        if len.dtype.base_dtype is not pos.dtype.base_dtype:
            raise TypeError(f"Input 'len' of 'Substr' Op has type {len.dtype.base_dtype.name} that does not match "
                            f"type {pos.dtype.base_dtype.name} of argument 'pos'.")
        check_choice("Substr", "unit", unit, UNITS)
        if len.shape.ndims is not None:
            shape_fns.with_rank("Substr", pos.shape, len.shape.ndims)
            for a, b in zip(pos.shape.as_list(), len.shape.as_list()):
                shape_fns.merge_dim("Substr", a, b)
        return dtypes.string, broadcast_shape("Substr", input.shape, pos.shape)

    def kernel(xp, input, pos, len, unit):
        pos, length = np.asarray(pos), np.asarray(len)
        if pos.shape != length.shape:
            raise errors.InvalidArgumentError(
                None, None, f"pos and len should have the same shape, got: {list(pos.shape)} vs. {list(length.shape)}")
        try:
            strings, pos, length = np.broadcast_arrays(np.asarray(input, dtype=object), pos, length)
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, f"Incompatible shapes: {list(np.shape(input))} vs. {list(pos.shape)}") from None
        out = np.empty(strings.size, dtype=object)
        for i, (s, p, n) in enumerate(zip(strings.reshape(-1), pos.reshape(-1).tolist(), length.reshape(-1).tolist())):
            out[i] = _substr(as_bytes(s), p, n, unit, i)
        return out.reshape(strings.shape)

    grad = NOT_DIFFERENTIABLE
    samples = [((_S, np.array([1, 2], np.int32), np.array([2, 9], np.int32)), {})]


def _substr(s: bytes, pos: int, length: int, unit: str, index: int) -> bytes:
    offsets = None if unit == "BYTE" else utf8_offsets(s)
    size = len(s) if offsets is None else len(offsets) - 1
    start = pos + size if pos < 0 else pos
    if start < 0 or start > size:
        shown = "" if offsets is not None else f" b'{s.decode('utf-8', 'backslashreplace')}'"  # TF's two messages
        raise errors.InvalidArgumentError(None, None, f"pos {pos} out of range for string{shown} at index {index}")
    end = min(size, start + max(length, 0))
    return s[start:end] if offsets is None else s[offsets[start]:offsets[end]]


@tf_export("substr", "strings.substr")
def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002 - TF's argument names
    """Substrings of `len` bytes (unit='UTF8_CHAR': characters) from `pos` of each string of `input`."""
    with name_scope(name, "Substr", [input, pos, len]) as scope:
        pos = convert_to_tensor(pos, name="pos")
        length = convert_to_tensor(len, dtype=pos.dtype if pos.dtype.is_integer else None, name="len")
        return Substr(string_tensor(input), pos, length, unit=unit, name=scope)


# --- AsString --------------------------------------------------------------------------------------------

_AS_STRING_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint8, dtypes.uint16, dtypes.int16,
                    dtypes.int8, dtypes.int64, dtypes.bfloat16, dtypes.uint32, dtypes.uint64, dtypes.complex64,
                    dtypes.complex128, dtypes.bool, dtypes.string, dtypes.float16)


def _as_string_format(dtype, precision, scientific, shortest, width, fill) -> str:
    """The printf format TF's AsString builds; InvalidArgumentError for TF's refused combinations."""
    def refuse(message):
        raise errors.InvalidArgumentError(None, None, message)

    if len(fill) > 1:
        refuse("Fill string must be one or fewer characters")
    if scientific and shortest:
        refuse("Cannot select both scientific and shortest notation")
    if fill and fill not in " +-0#":
        refuse(f'Fill argument not supported: "{fill}"')
    floating = dtype.is_floating or dtype.is_complex
    if not floating:
        if precision > -1:
            refuse(f"precision not supported for datatype {dtype.name}")
        if scientific:
            refuse(f"scientific not supported for datatype {dtype.name}")
        if shortest:
            refuse(f"shortest not supported for datatype {dtype.name}")
    if dtype in (dtypes.bool, dtypes.string):
        if fill or width > -1:
            refuse(f"width/fill not supported for datatype {dtype.name}")
    fmt = "%" + fill + (str(width) if width > -1 else "")
    if not floating:
        return fmt + "d"
    fmt += f".{precision}" if precision > -1 else ""
    return fmt + ("g" if shortest else "e" if scientific else "f")


def _format_number(fmt: str, value) -> str:
    if isinstance(value, float) and math.isnan(value):
        value = float("nan")  # printf prints nan without a sign for the NaN TF makes
    return fmt % value


@op("AsString", inputs=("input",), attrs=dict(precision=-1, scientific=False, shortest=False, width=-1, fill=""))
class AsString:
    """Each element as text: printf's %d / %f / %e / %g with TF's width, fill and precision attrs."""

    def infer(input, precision, scientific, shortest, width, fill):
        check_dtype("AsString", "T", input, _AS_STRING_TYPES)
        return dtypes.string, input.shape

    def kernel(xp, input, precision, scientific, shortest, width, fill):
        array = np.asarray(input)
        dtype = dtypes.string if array.dtype == object else dtypes.as_dtype(array.dtype)
        fmt = _as_string_format(dtype, precision, scientific, shortest, width, fill)
        if dtype is dtypes.string:
            return array
        if dtype is dtypes.bool:
            text = ["true" if v else "false" for v in array.reshape(-1).tolist()]
        elif dtype.is_complex:
            text = [f"({_format_number(fmt, v.real)},{_format_number(fmt, v.imag)})"
                    for v in array.reshape(-1).tolist()]
        else:
            text = [_format_number(fmt, v) for v in array.reshape(-1).tolist()]
        out = np.empty(len(text), dtype=object)
        out[:] = [t.encode("ascii") for t in text]
        return out.reshape(array.shape)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.5, -2.25], np.float32),), dict(precision=2)), ((np.array([3, 40], np.int64),),
                                                                          dict(width=4, fill="0"))]


@tf_export("as_string", "strings.as_string", "dtypes.as_string")
def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="", name=None):
    """Converts each element of `input` to a string."""
    return AsString(convert_to_tensor(input), precision=precision, scientific=scientific, shortest=shortest,
                    width=width, fill=fill, name=name)


# --- StringToNumber --------------------------------------------------------------------------------------

_NUMBER_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64)
_SPACE = b" \t\n\v\f\r"


def _parse_number(s: bytes, dtype):
    """`s` as TF's safe_strto* read it (surrounding whitespace allowed, nothing else), or None."""
    text = s.strip(_SPACE)
    if not text or b"_" in text:
        return None
    try:
        decoded = text.decode("ascii")
    except UnicodeDecodeError:
        return None
    if dtype.is_floating:
        try:
            value = float(decoded)
        except ValueError:
            body = decoded.lstrip("+-")
            if not body[:2].lower() == "0x":
                return None
            try:
                value = float.fromhex(decoded)
            except ValueError:
                return None
        return value
    try:
        value = int(decoded, 10)
    except ValueError:
        return None
    info = np.iinfo(dtype.as_numpy_dtype)
    return value if info.min <= value <= info.max else None


@op("StringToNumber", inputs=("string_tensor",), attrs=dict(out_type=dtypes.float32), type_attrs={})
class StringToNumber:
    """Parses each string as a number of `out_type`; InvalidArgumentError for text that is not one."""

    def infer(string_tensor, out_type):
        require_string("StringToNumber", "string_tensor", string_tensor)
        out_type = dtypes.as_dtype(out_type)
        if out_type not in _NUMBER_TYPES:
            names = ", ".join(d.name for d in _NUMBER_TYPES)
            raise TypeError(f"Value passed to parameter 'out_type' has DataType {out_type.name} not in list of "
                            f"allowed values: {names}")
        return out_type, string_tensor.shape

    def kernel(xp, string_tensor, out_type):
        out_type = dtypes.as_dtype(out_type)
        array = np.asarray(string_tensor, dtype=object)
        values = []
        for s in array.reshape(-1):
            s = as_bytes(s)
            value = _parse_number(s, out_type)
            if value is None:
                raise errors.InvalidArgumentError(
                    None, None, f"StringToNumberOp could not correctly convert string: "
                                f"{s.decode('utf-8', 'backslashreplace')}")
            values.append(value)
        with np.errstate(over="ignore"):
            if out_type.is_floating:
                return parsed_floats(values, out_type.as_numpy_dtype).reshape(array.shape)
            return np.array(values, dtype=out_type.as_numpy_dtype).reshape(array.shape)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([b"1.5", b"-2"], dtype=object),), {}),
               ((np.array([b"12", b" 7"], dtype=object),), dict(out_type=dtypes.int64))]


@tf_export("string_to_number", "strings.to_number")
def string_to_number(string_tensor=None, out_type=dtypes.float32, name=None, input=None):
    """Parses each string of the tensor as a number of `out_type`."""
    value = string_tensor if string_tensor is not None else input
    return StringToNumber(_to_string(value), out_type=out_type, name=name)


# --- base64 ----------------------------------------------------------------------------------------------

def _encode64(s: bytes, pad: bool) -> bytes:
    out = base64.urlsafe_b64encode(s)
    return out if pad else out.rstrip(b"=")


def _decode64(s: bytes) -> bytes:
    body = s.rstrip(b"=")
    if len(body) % 4 == 1:
        raise errors.InvalidArgumentError(None, None, "Base64 string length cannot be 1 modulo 4.")
    if body.strip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"):
        raise errors.InvalidArgumentError(None, None, "Invalid character found in base64.")
    try:
        return base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4))
    except binascii.Error as e:
        raise errors.InvalidArgumentError(None, None, f"Invalid base64: {e}") from None


EncodeBase64 = _unary_string_op("EncodeBase64", _encode64, attrs=dict(pad=False),
                                doc="Web-safe base64 of each string ('-' and '_'), '=' padding with pad=True.")
DecodeBase64 = _unary_string_op("DecodeBase64", _decode64, doc="Decodes web-safe base64 (padding optional).",
                                sample=np.array([b"aGVsbG8", b"eHk="], dtype=object))


@tf_export("encode_base64", "io.encode_base64")
def encode_base64(input, pad=False, name=None):
    return EncodeBase64(string_tensor(input), pad=pad, name=name)


@tf_export("decode_base64", "io.decode_base64")
def decode_base64(input, name=None):
    return DecodeBase64(string_tensor(input), name=name)
