"""Decoding ops over string tensors: DecodeRaw, DecodeCSV, SerializeTensor / ParseTensor, DecodeCompressed and
DecodeJSONExample, with TF's static shapes and InvalidArgumentError / DataLossError texts."""

from __future__ import annotations

import base64
import json
import zlib

import numpy as np
from google.protobuf import json_format
from google.protobuf.message import DecodeError

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from ..io import protos
from . import common
from .constant import convert_to_tensor
from .example_decode import as_record


def _invalid(message: str):
    return errors.InvalidArgumentError(None, None, message)


def _strings(array) -> np.ndarray:
    return np.asarray(array, dtype=object)


def _require_string(op_type: str, param: str, t) -> None:
    if t.dtype.base_dtype is not dtypes.string:
        raise TypeError(f"Input '{param}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not match "
                        "expected type of string.")


# --- DecodeRaw -------------------------------------------------------------------------------------------------

_RAW_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint16, dtypes.uint8,
              dtypes.int16, dtypes.int8, dtypes.int64, dtypes.complex64, dtypes.complex128, dtypes.bool,
              dtypes.bfloat16)


@op("DecodeRaw", inputs=("bytes",), attrs={"out_type": dtypes.float32, "little_endian": True},
    type_attrs={})
class DecodeRaw:
    """Each string's bytes reinterpreted as a vector of `out_type` (all strings the same length)."""

    def infer(bytes, out_type, little_endian):
        _require_string("DecodeRaw", "bytes", bytes)
        return out_type, None if bytes.shape.ndims is None else bytes.shape.as_list() + [None]

    def kernel(xp, bytes, out_type, little_endian):
        flat = [as_record(b) for b in _strings(bytes).reshape(-1)]
        np_type = np.dtype(out_type.as_numpy_dtype)
        width = np_type.itemsize
        size = len(flat[0]) if flat else 0
        for i, b in enumerate(flat):
            if len(b) != size:
                raise _invalid(f"DecodeRaw requires input strings to all be the same size, but element {i} has "
                               f"size {size} != {len(b)}")
        if size % width:
            raise _invalid(f"Input to DecodeRaw has length {size} that is not a multiple of {width}, the size of "
                           f"{out_type.name}")
        order = "<" if little_endian else ">"
        source = np_type.newbyteorder(order) if width > 1 and np_type.kind != "b" else np_type
        values = np.frombuffer(b"".join(flat), dtype=source).astype(np_type, copy=True)
        return values.reshape(*np.shape(bytes), size // width)

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array([b"abcd", b"efgh"], dtype=object),), {"out_type": dtypes.int16, "little_endian": True}),
               ((np.array([[b"\x01\x00\x00\x00"]], dtype=object),), {"out_type": dtypes.float32, "little_endian": False}),)


@tf_export("io.decode_raw", "decode_raw")
def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):
    """Reinterprets the bytes of each string as a vector of `out_type`."""
    if input_bytes is None:
        input_bytes = bytes
    out_type = dtypes.as_dtype(out_type)
    if out_type not in _RAW_TYPES:
        allowed = ", ".join(t.name for t in _RAW_TYPES)
        raise TypeError(f"Value passed to parameter 'out_type' has DataType {out_type.name} not in list of allowed "
                        f"values: {allowed}")
    with get_default_graph().name_scope(name or "DecodeRaw") as scope:
        value = convert_to_tensor(input_bytes, dtype=dtypes.string, name="bytes")
        return DecodeRaw(value, out_type=out_type, little_endian=bool(little_endian), name=scope)


# --- DecodeCSV -------------------------------------------------------------------------------------------------

_CSV_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)


def _split_record(record: str, delim: str, quoted: bool, index: int) -> list:
    """The fields of one CSV record, as TF's DecodeCSV splits them."""
    fields, pos, n = [], 0, len(record)
    if n == 0:
        return [""]
    while True:
        if quoted and pos < n and record[pos] == '"':
            pos += 1
            field = []
            while True:
                end = record.find('"', pos)
                if end < 0:
                    raise _invalid("Quoted field has to end with quote followed by delim or end")
                field.append(record[pos:end])
                if end + 1 < n and record[end + 1] == '"':
                    field.append('"')
                    pos = end + 2
                    continue
                pos = end + 1
                break
            if pos < n and record[pos] != delim:
                raise _invalid("Quote inside a string has to be escaped by another quote")
            fields.append("".join(field))
        else:
            end = record.find(delim, pos)
            end = n if end < 0 else end
            field = record[pos:end]
            if quoted and '"' in field:
                raise _invalid("Quote inside a string has to be escaped by another quote")
            fields.append(field)
            pos = end
        if pos >= n:
            return fields
        pos += 1  # the delimiter
        if pos == n:
            fields.append("")
            return fields


def _convert_field(text: str, dtype, column: int, record: int):
    try:
        if "_" in text or text != text.strip():
            raise ValueError(text)
        if dtype in (dtypes.int32, dtypes.int64):
            value = int(text, 10)
            info = np.iinfo(dtype.as_numpy_dtype)
            if not info.min <= value <= info.max:
                raise ValueError(text)
            return value
        return float(text)
    except ValueError:
        raise _invalid(f"Field {column} in record {record} is not a valid {_csv_type_name(dtype)}: {text}") from None


def _csv_type_name(dtype) -> str:
    return {dtypes.float32: "float", dtypes.float64: "double"}.get(dtype, dtype.name)


@op("DecodeCSV", inputs=("records", "*record_defaults"),
    attrs={"field_delim": ",", "use_quote_delim": True, "na_value": "", "select_cols": ()},
    type_attrs={"OUT_TYPE": "[record_defaults]"})
class DecodeCSV:
    """Each CSV record split into one tensor per column, empty fields taking the column's default."""

    def infer(records, *record_defaults, field_delim, use_quote_delim, na_value, select_cols):
        _require_string("DecodeCSV", "records", records)
        for d in record_defaults:
            if d.shape.ndims is not None and d.shape.ndims > 1:
                raise ValueError(f"Shape must be at most rank 1 but is rank {d.shape.ndims} for 'DecodeCSV'")
        return [(d.dtype.base_dtype, records.shape) for d in record_defaults]

    def kernel(xp, records, *record_defaults, field_delim, use_quote_delim, na_value, select_cols):
        if len(field_delim) != 1:
            raise _invalid("field_delim should be only 1 char")
        types = [_csv_dtype(d) for d in record_defaults]
        for j, d in enumerate(record_defaults):
            if np.size(d) > 1:
                raise _invalid(f"There should only be 1 default per field but field {j} has {np.size(d)}")
        shape = np.shape(records)
        flat = _strings(records).reshape(-1)
        # float32 columns are parsed as float64 and rounded once at the end (common.parsed_floats: subnormals kept)
        columns = [np.empty(len(flat), dtype=object if t is dtypes.string else np.float64 if t is dtypes.float32
                            else t.as_numpy_dtype) for t in types]
        wanted = list(select_cols) if select_cols else None
        for i, raw in enumerate(flat):
            text = as_record(raw).decode("utf-8", "surrogateescape")
            fields = _split_record(text, field_delim, use_quote_delim, i)
            if wanted is not None:
                if len(fields) <= wanted[-1]:
                    raise _invalid(f"Expect {wanted[-1] + 1} fields but have {len(fields)} in record {i}")
                fields = [fields[c] for c in wanted]
            if len(fields) != len(types):
                raise _invalid(f"Expect {len(types)} fields but have {len(fields)} in record {i}")
            for j, (field, dtype) in enumerate(zip(fields, types)):
                if field == "" or (na_value and field == na_value):
                    default = record_defaults[j]
                    if np.size(default) == 0:
                        raise _invalid(f"Field {j} is required but missing in record {i}!")
                    columns[j][i] = np.asarray(default).reshape(-1)[0]
                elif dtype is dtypes.string:
                    columns[j][i] = field.encode("utf-8", "surrogateescape")
                else:
                    columns[j][i] = _convert_field(field, dtype, j, i)
        columns = [common.parsed_floats(c, np.float32) if t is dtypes.float32 else c for c, t in zip(columns, types)]
        outputs = [c.reshape(shape) if shape else (c[0] if c.dtype == object else c.reshape(())) for c in columns]
        return tuple(outputs) if len(outputs) != 1 else outputs[0]

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array([b"1,a", b'2,"b,c"'], dtype=object), [np.array([0], np.int32), np.array([b""], dtype=object)]),
                {"field_delim": ",", "use_quote_delim": True, "na_value": "", "select_cols": []}),)


def _csv_dtype(default):
    array = np.asarray(default)
    if array.dtype == object or array.dtype.kind in "SU":
        return dtypes.string
    return dtypes.as_dtype(array.dtype)


@tf_export("io.decode_csv", "decode_csv")
def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None, na_value="",
               select_cols=None):
    """Converts CSV records to tensors, one per column (`record_defaults`: one default, or none for a
    required column, per column; its dtype is the column's)."""
    if select_cols is not None and any(select_cols[i] >= select_cols[i + 1] for i in range(len(select_cols) - 1)):
        raise ValueError("select_cols is not strictly increasing.")
    if select_cols is not None and select_cols and select_cols[0] < 0:
        raise ValueError("select_cols contains negative values.")
    if select_cols is not None and len(select_cols) != len(record_defaults):
        raise ValueError("Length of select_cols and record_defaults do not match.")
    with get_default_graph().name_scope(name or "DecodeCSV") as scope:
        records_t = convert_to_tensor(records, dtype=dtypes.string, name="records")
        defaults = []
        for i, d in enumerate(record_defaults):
            t = convert_to_tensor(d, name=f"record_defaults_{i}")
            if t.dtype.base_dtype not in _CSV_TYPES:
                allowed = "float32, float64, int32, int64, string"
                raise TypeError(f"Value passed to parameter 'record_defaults' has DataType {t.dtype.base_dtype.name} "
                                f"not in list of allowed values: {allowed}")
            defaults.append(t)
        result = DecodeCSV(records_t, defaults, field_delim=field_delim, use_quote_delim=bool(use_quote_delim),
                           na_value=na_value, select_cols=list(select_cols or []), name=scope)
        return list(result) if isinstance(result, (list, tuple)) else [result]


# --- SerializeTensor / ParseTensor --------------------------------------------------------------------------------


def serialize_array(array: np.ndarray, dtype) -> bytes:
    """A TensorProto's bytes as TF's SerializeTensor writes them: raw little-endian `tensor_content` for numbers,
    `string_val` for strings."""
    proto = protos.TensorProto(dtype=dtype.as_datatype_enum)
    proto.tensor_shape.CopyFrom(protos.shape_to_proto(list(np.shape(array))))
    if dtype is dtypes.string:
        proto.string_val.extend(as_record(v) for v in _strings(array).reshape(-1))
    elif np.size(array):
        np_type = np.dtype(dtype.as_numpy_dtype)
        proto.tensor_content = np.ascontiguousarray(array, np_type.newbyteorder("<")).tobytes()
    return proto.SerializeToString()


@op("SerializeTensor", inputs=("tensor",))
class SerializeTensor:
    """The TensorProto bytes of its input."""

    def infer(tensor):
        return dtypes.string, []

    def kernel(xp, tensor):
        return serialize_array(np.asarray(tensor), _csv_dtype(tensor) if np.asarray(tensor).dtype == object
                               else dtypes.as_dtype(np.asarray(tensor).dtype))

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array([[1.0, 2.0]], np.float32),), {}), ((np.array([b"a", b""], dtype=object),), {}),)


@tf_export("io.serialize_tensor", "serialize_tensor")
def serialize_tensor(tensor, name=None):
    """A scalar string holding `tensor` as a serialized TensorProto (TF's bytes)."""
    with get_default_graph().name_scope(name or "SerializeTensor") as scope:
        return SerializeTensor(convert_to_tensor(tensor, name="tensor"), name=scope)


@op("ParseTensor", inputs=("serialized",), attrs={"out_type": dtypes.float32}, type_attrs={})
class ParseTensor:
    """The tensor a serialized TensorProto holds (its dtype must be `out_type`)."""

    def infer(serialized, out_type):
        _require_string("ParseTensor", "serialized", serialized)
        return out_type, None

    def kernel(xp, serialized, out_type):
        if np.ndim(serialized) != 0:
            shape = common.shape_str(TensorShape(np.shape(serialized)))
            raise _invalid(f"Expected `serialized` to be a scalar, got shape: {shape}")
        data = as_record(serialized)
        try:
            proto = protos.TensorProto.FromString(data)
        except (DecodeError, RuntimeError, ValueError):
            proto = None
        if proto is None or proto.dtype == protos.DT_INVALID:
            raise _invalid(f"Could not parse `serialized` as TensorProto, base64: {base64.b64encode(data).decode()}")
        parsed = dtypes.as_dtype(proto.dtype)
        if parsed != out_type:
            raise _invalid(f"Type mismatch between parsed tensor ({_tf_name(parsed)}) and dtype ({_tf_name(out_type)})")
        try:
            return protos.proto_to_ndarray(proto)
        except errors.OpError as e:
            raise _invalid(f"Could not parse `serialized` as TensorProto: {e.message}") from None

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array(bytes.fromhex("0801120412020803220c0000803f0000004000004040"), dtype=object),),
                {"out_type": dtypes.float32}),)


def _tf_name(dtype) -> str:
    return {dtypes.float32: "float", dtypes.float64: "double"}.get(dtype, dtype.name)


@tf_export("io.parse_tensor", "parse_tensor")
def parse_tensor(serialized, out_type, name=None):
    """The tensor of `out_type` a serialized TensorProto (a scalar string) holds."""
    with get_default_graph().name_scope(name or "ParseTensor") as scope:
        value = convert_to_tensor(serialized, dtype=dtypes.string, name="serialized")
        return ParseTensor(value, out_type=dtypes.as_dtype(out_type), name=scope)


# --- DecodeCompressed / DecodeJSONExample ----------------------------------------------------------------------


def _inflate(data: bytes, compression_type: str) -> bytes:
    if not compression_type:
        return data
    bits = 15 if compression_type == "ZLIB" else 31
    z = zlib.decompressobj(bits)
    try:
        out = z.decompress(data) + z.flush()
    except zlib.error as e:
        head, _, reason = str(e).partition(": ")
        code = head.split()[1] if head.startswith("Error ") else "-3"
        raise errors.DataLossError(None, None, f"inflate() failed with error {code}: {reason or e}") from None
    if not z.eof:
        raise errors.DataLossError(None, None, "EOF reached")
    return out


@op("DecodeCompressed", inputs=("bytes",), attrs={"compression_type": ""}, type_attrs={})
class DecodeCompressed:
    """Each string decompressed (ZLIB or GZIP; "" leaves it as it is)."""

    def infer(bytes, compression_type):
        _require_string("DecodeCompressed", "bytes", bytes)
        if compression_type not in ("", "ZLIB", "GZIP"):
            raise ValueError(f"Attr 'compression_type' of 'DecodeCompressed' Op passed string "
                             f"'{compression_type}' not in: \"\", \"ZLIB\", \"GZIP\".")
        return dtypes.string, bytes.shape

    def kernel(xp, bytes, compression_type):
        if np.ndim(bytes) == 0:
            return _inflate(as_record(bytes), compression_type)
        flat = [_inflate(as_record(b), compression_type) for b in _strings(bytes).reshape(-1)]
        out = np.empty(len(flat), dtype=object)
        out[:] = flat
        return out.reshape(np.shape(bytes))

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array([zlib.compress(b"abc"), zlib.compress(b"")], dtype=object),), {"compression_type": "ZLIB"}),)


@tf_export("io.decode_compressed", "decode_compressed")
def decode_compressed(bytes, compression_type="", name=None):
    with get_default_graph().name_scope(name or "DecodeCompressed") as scope:
        value = convert_to_tensor(bytes, dtype=dtypes.string, name="bytes")
        return DecodeCompressed(value, compression_type=compression_type, name=scope)


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _example_bytes(example, order: list) -> bytes:
    """An Example's bytes as TF's JSON conversion writes them: features in the JSON's order, float and int64
    values unpacked (one tag per value)."""
    fmap = example.features.feature
    entries = []
    for key in order + [k for k in fmap if k not in order]:
        feature = fmap[key]
        kind = feature.WhichOneof("kind")
        if kind == "bytes_list":
            body = _field(1, b"".join(_field(1, v) for v in feature.bytes_list.value))
        elif kind == "float_list":
            body = _field(2, b"".join(b"\x0d" + np.float32(v).tobytes() for v in feature.float_list.value))
        elif kind == "int64_list":
            body = _field(3, b"".join(b"\x08" + _varint(int(v)) for v in feature.int64_list.value))
        else:
            body = b""
        entries.append(_field(1, _field(1, key.encode("utf-8")) + _field(2, body)))
    return _field(1, b"".join(entries)) if example.HasField("features") else b""


@op("DecodeJSONExample", inputs=("json_examples",), type_attrs={})
class DecodeJSONExample:
    """Each JSON-encoded Example as its binary serialization."""

    def infer(json_examples):
        _require_string("DecodeJSONExample", "json_examples", json_examples)
        return dtypes.string, json_examples.shape

    def kernel(xp, json_examples):
        def convert(text: bytes) -> bytes:
            try:
                source = text.decode("utf-8")
                example = json_format.Parse(source, protos.Example())
                order = list(json.loads(source).get("features", {}).get("feature", {}))
            except (json_format.ParseError, UnicodeDecodeError, ValueError, AttributeError) as e:
                raise _invalid(f"Error while parsing JSON: {e}") from None
            return _example_bytes(example, order)

        if np.ndim(json_examples) == 0:
            return convert(as_record(json_examples))
        flat = [convert(as_record(b)) for b in _strings(json_examples).reshape(-1)]
        out = np.empty(len(flat), dtype=object)
        out[:] = flat
        return out.reshape(np.shape(json_examples))

    grad = NOT_DIFFERENTIABLE
    samples = (((np.array([b'{"features": {"feature": {"a": {"int64List": {"value": ["1"]}}}}}'], dtype=object),), {}),)


@tf_export("io.decode_json_example", "decode_json_example")
def decode_json_example(json_examples, name=None):
    """Converts JSON-encoded Example protos to their binary form."""
    with get_default_graph().name_scope(name or "DecodeJSONExample") as scope:
        value = convert_to_tensor(json_examples, dtype=dtypes.string, name="json_examples")
        return DecodeJSONExample(value, name=scope)

