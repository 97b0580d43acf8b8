"""TensorFlow's protocol buffer messages, built at import time from descriptors (no protoc, no generated code).

Every message keeps TensorFlow's full name (`tensorflow.GraphDef`, ...) and field numbers, so bytes written
here parse in TensorFlow and the other way round. Fields this engine never reads (FullTypeDef, OpList,
GraphDebugInfo, SavedObjectGraph, ...) are left out of the schema: the protobuf runtime keeps
them as unknown fields when parsing and writes them back unchanged.

The classes live in a private descriptor pool, so importing real TensorFlow in the same process is harmless.

Public names: one class per message (`GraphDef`, `NodeDef`, `AttrValue`, `TensorProto`, `Event`, ...;
nested ones as attributes, e.g. `AttrValue.ListValue`, `Summary.Value`), the `DataType` enum wrapper and
its `DT_*` constants, and the tensor helpers `tensor_to_proto`, `proto_to_ndarray`, `shape_to_proto`,
`proto_to_shape`.
"""

from __future__ import annotations

import numpy as np
from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from ..framework import dtypes as _dtypes
from ..framework import errors as _errors
from ..framework.api import export_value as _export_value
from .proto_schema import SCHEMA as _SCHEMA

_F = descriptor_pb2.FieldDescriptorProto
_SCALARS = {
    "double": _F.TYPE_DOUBLE, "float": _F.TYPE_FLOAT, "int64": _F.TYPE_INT64, "uint64": _F.TYPE_UINT64,
    "int32": _F.TYPE_INT32, "uint32": _F.TYPE_UINT32, "fixed32": _F.TYPE_FIXED32, "fixed64": _F.TYPE_FIXED64,
    "bool": _F.TYPE_BOOL,
    "string": _F.TYPE_STRING, "bytes": _F.TYPE_BYTES,
}
_PACKAGE = "tensorflow"


def _parse_schema(text: str):
    """Splits the schema into `(kind, name, lines)` blocks."""
    blocks = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("message ", "enum ")):
            kind, name = line.split()
            blocks.append((kind, name, []))
        else:
            blocks[-1][2].append(line)
    return blocks


def _build_file() -> descriptor_pb2.FileDescriptorProto:
    blocks = _parse_schema(_SCHEMA)
    kinds = {name: kind for kind, name, _ in blocks}
    fdp = descriptor_pb2.FileDescriptorProto(name="sessionflow/io/tensorflow.proto", package=_PACKAGE,
                                             syntax="proto3", dependency=["google/protobuf/any.proto"])
    made: dict[str, object] = {}

    def container(name):
        parent, _, _ = name.rpartition(".")
        return made[parent] if parent else fdp

    def resolve(type_name, scope):
        if type_name in _SCALARS:
            return _SCALARS[type_name], ""
        if type_name.startswith("google."):
            return _F.TYPE_MESSAGE, "." + type_name
        parts = scope.split(".")
        for depth in range(len(parts), -1, -1):  # innermost scope first, like protoc
            candidate = ".".join(parts[:depth] + [type_name])
            if candidate in kinds:
                kind = _F.TYPE_ENUM if kinds[candidate] == "enum" else _F.TYPE_MESSAGE
                return kind, f".{_PACKAGE}.{candidate}"
        raise AssertionError(f"protos schema: unknown type {type_name!r} in {scope}")

    def add_field(msg, scope, words):
        label = _F.LABEL_OPTIONAL
        if words[0] == "repeated":
            label, words = _F.LABEL_REPEATED, words[1:]
        type_name, name, _, number, *rest = words
        field = msg.field.add(name=name, number=int(number), label=label)
        if type_name.startswith("map<"):
            key_type, value_type = (w.strip(" <>") for w in type_name[4:].split(","))
            entry = msg.nested_type.add(name="".join(p.title() for p in name.split("_")) + "Entry")
            entry.options.map_entry = True
            add_field(entry, scope, [key_type, "key", "=", "1"])
            add_field(entry, scope, [value_type, "value", "=", "2"])
            field.label, field.type = _F.LABEL_REPEATED, _F.TYPE_MESSAGE
            field.type_name = f".{_PACKAGE}.{scope}.{entry.name}"
            return
        field.type, type_ref = resolve(type_name, scope)
        if type_ref:
            field.type_name = type_ref
        if rest:  # "oneof GROUP"
            groups = [o.name for o in msg.oneof_decl]
            if rest[1] not in groups:
                msg.oneof_decl.add(name=rest[1])
                groups.append(rest[1])
            field.oneof_index = groups.index(rest[1])

    for kind, name, lines in blocks:
        short = name.rpartition(".")[2]
        if kind == "enum":
            parent = container(name)
            enum = parent.enum_type.add(name=short)
            for line in lines:
                value_name, _, number = line.split()
                enum.value.add(name=value_name, number=int(number))
            continue
        parent = container(name)
        msg = (parent.message_type if parent is fdp else parent.nested_type).add(name=short)
        made[name] = msg
        for line in lines:
            add_field(msg, name, line.replace(", ", ",").split())
    return fdp


def _install():
    pool = descriptor_pool.DescriptorPool()
    pool.Add(descriptor_pb2.FileDescriptorProto.FromString(any_pb2.DESCRIPTOR.serialized_pb))
    pool.Add(_build_file())
    return pool


POOL = _install()


def _message(name: str):
    return message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"{_PACKAGE}.{name}"))


DataType = EnumTypeWrapper(POOL.FindEnumTypeByName(f"{_PACKAGE}.DataType"))
DT_INVALID = DataType.Value('DT_INVALID')
DT_FLOAT = DataType.Value('DT_FLOAT')
DT_DOUBLE = DataType.Value('DT_DOUBLE')
DT_INT32 = DataType.Value('DT_INT32')
DT_UINT8 = DataType.Value('DT_UINT8')
DT_INT16 = DataType.Value('DT_INT16')
DT_INT8 = DataType.Value('DT_INT8')
DT_STRING = DataType.Value('DT_STRING')
DT_COMPLEX64 = DataType.Value('DT_COMPLEX64')
DT_INT64 = DataType.Value('DT_INT64')
DT_BOOL = DataType.Value('DT_BOOL')
DT_QINT8 = DataType.Value('DT_QINT8')
DT_QUINT8 = DataType.Value('DT_QUINT8')
DT_QINT32 = DataType.Value('DT_QINT32')
DT_BFLOAT16 = DataType.Value('DT_BFLOAT16')
DT_QINT16 = DataType.Value('DT_QINT16')
DT_QUINT16 = DataType.Value('DT_QUINT16')
DT_UINT16 = DataType.Value('DT_UINT16')
DT_COMPLEX128 = DataType.Value('DT_COMPLEX128')
DT_HALF = DataType.Value('DT_HALF')
DT_RESOURCE = DataType.Value('DT_RESOURCE')
DT_VARIANT = DataType.Value('DT_VARIANT')
DT_UINT32 = DataType.Value('DT_UINT32')
DT_UINT64 = DataType.Value('DT_UINT64')
# the 8-, 4- and 2-bit types (tf.dtypes.experimental)
DT_FLOAT8_E5M2 = DataType.Value('DT_FLOAT8_E5M2')
DT_FLOAT8_E4M3FN = DataType.Value('DT_FLOAT8_E4M3FN')
DT_FLOAT8_E4M3FNUZ = DataType.Value('DT_FLOAT8_E4M3FNUZ')
DT_FLOAT8_E4M3B11FNUZ = DataType.Value('DT_FLOAT8_E4M3B11FNUZ')
DT_FLOAT8_E5M2FNUZ = DataType.Value('DT_FLOAT8_E5M2FNUZ')
DT_INT4 = DataType.Value('DT_INT4')
DT_UINT4 = DataType.Value('DT_UINT4')
DT_INT2 = DataType.Value('DT_INT2')
DT_UINT2 = DataType.Value('DT_UINT2')
DT_FLOAT4_E2M1FN = DataType.Value('DT_FLOAT4_E2M1FN')

TensorShapeProto = _message("TensorShapeProto")
ResourceHandleProto = _message("ResourceHandleProto")
TensorProto = _message("TensorProto")
AttrValue = _message("AttrValue")
NameAttrList = _message("NameAttrList")
NodeDef = _message("NodeDef")
VersionDef = _message("VersionDef")
FunctionDefLibrary = _message("FunctionDefLibrary")
FunctionDef = _message("FunctionDef")
OpDef = _message("OpDef")
GraphDef = _message("GraphDef")
SaveSliceInfoDef = _message("SaveSliceInfoDef")
VariableDef = _message("VariableDef")
SaverDef = _message("SaverDef")
CollectionDef = _message("CollectionDef")
QueueRunnerDef = _message("QueueRunnerDef")  # its exception types are tensorflow.error.Code values
TensorInfo = _message("TensorInfo")
SignatureDef = _message("SignatureDef")
AssetFileDef = _message("AssetFileDef")
MetaGraphDef = _message("MetaGraphDef")
SavedModel = _message("SavedModel")
CheckpointState = _message("CheckpointState")
JobDef = _message("JobDef")  # tf.train.ClusterSpec's cluster protos (train/cluster.py)
ClusterDef = _message("ClusterDef")
ServerDef = _message("ServerDef")  # its default_session_config and device filters stay unknown fields
DeviceAttributes = _message("DeviceAttributes")  # device_lib.list_local_devices (config.py)
GraphNodeProto = _message("GraphNodeProto")  # tf.profiler's (TF: package tensorflow.tfprof; same fields)
MultiGraphNodeProto = _message("MultiGraphNodeProto")
AdviceProto = _message("AdviceProto")
OpLogProto = _message("OpLogProto")
TensorSliceProto = _message("TensorSliceProto")
BundleHeaderProto = _message("BundleHeaderProto")
BundleEntryProto = _message("BundleEntryProto")
HistogramProto = _message("HistogramProto")
SummaryMetadata = _message("SummaryMetadata")
SummaryDescription = _message("SummaryDescription")
Summary = _message("Summary")
LogMessage = _message("LogMessage")
SessionLog = _message("SessionLog")
TaggedRunMetadata = _message("TaggedRunMetadata")
SourceMetadata = _message("SourceMetadata")
Event = _message("Event")
AllocationDescription = _message("AllocationDescription")
TensorDescription = _message("TensorDescription")
AllocatorMemoryUsed = _message("AllocatorMemoryUsed")
NodeOutput = _message("NodeOutput")
MemoryStats = _message("MemoryStats")
NodeExecStats = _message("NodeExecStats")
DeviceStepStats = _message("DeviceStepStats")
StepStats = _message("StepStats")
RunMetadata = _message("RunMetadata")
# tf.train.Example and its parts (TF's example.proto / feature.proto)
BytesList = _message("BytesList")
FloatList = _message("FloatList")
Int64List = _message("Int64List")
Feature = _message("Feature")
Features = _message("Features")
FeatureList = _message("FeatureList")
FeatureLists = _message("FeatureLists")
Example = _message("Example")
SequenceExample = _message("SequenceExample")
# sessionflow's own: Example's wire layout with the features map read as (bytes key, serialized Feature) entries,
# so that ParseExampleV2 reads only the features it is asked for and neither checks keys' UTF-8 nor merges
# repeated keys early, as TF's parser does
ParsingExample = _message("ParsingExample")
for _name in ("BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList", "FeatureLists",
              "Example", "SequenceExample"):
    _export_value((f"train.{_name}",), globals()[_name])

# --------------------------------------------------------------------------------------------------------
# Tensors and shapes

MAX_ELEMENTS = 1 << 28
"""Default bound on the number of elements `proto_to_ndarray` materialises from one TensorProto."""

# dtype enum -> (typed value field, NumPy dtype stored there). float16/bfloat16 keep their bits in half_val.
_VAL_FIELD = {
    DT_FLOAT: "float_val", DT_DOUBLE: "double_val", DT_INT32: "int_val", DT_UINT8: "int_val",
    DT_INT16: "int_val", DT_INT8: "int_val", DT_UINT16: "int_val", DT_INT64: "int64_val",
    DT_BOOL: "bool_val", DT_COMPLEX64: "scomplex_val", DT_COMPLEX128: "dcomplex_val",
    DT_HALF: "half_val", DT_BFLOAT16: "half_val", DT_UINT32: "uint32_val", DT_UINT64: "uint64_val",
    DT_STRING: "string_val", DT_QINT8: "int_val", DT_QUINT8: "int_val", DT_QINT16: "int_val",
    DT_QUINT16: "int_val", DT_QINT32: "int_val",
    DT_FLOAT8_E5M2: "float8_val", DT_FLOAT8_E4M3FN: "float8_val", DT_FLOAT8_E4M3FNUZ: "float8_val",
    DT_FLOAT8_E4M3B11FNUZ: "float8_val", DT_FLOAT8_E5M2FNUZ: "float8_val", DT_FLOAT4_E2M1FN: "float8_val",
    DT_INT4: "int_val", DT_UINT4: "int_val", DT_INT2: "int_val", DT_UINT2: "int_val",
}
_NUMPY = {
    DT_FLOAT: np.float32, DT_DOUBLE: np.float64, DT_INT32: np.int32, DT_UINT8: np.uint8,
    DT_INT16: np.int16, DT_INT8: np.int8, DT_UINT16: np.uint16, DT_INT64: np.int64, DT_BOOL: np.bool_,
    DT_COMPLEX64: np.complex64, DT_COMPLEX128: np.complex128, DT_HALF: np.float16,
    DT_UINT32: np.uint32, DT_UINT64: np.uint64, DT_QINT8: np.int8, DT_QUINT8: np.uint8,
    DT_QINT16: np.int16, DT_QUINT16: np.uint16, DT_QINT32: np.int32,
    **{enum: _dtypes.as_dtype(enum).as_numpy_dtype for enum in (
        DT_BFLOAT16, DT_FLOAT8_E5M2, DT_FLOAT8_E4M3FN, DT_FLOAT8_E4M3FNUZ, DT_FLOAT8_E4M3B11FNUZ, DT_FLOAT8_E5M2FNUZ,
        DT_FLOAT4_E2M1FN, DT_INT4, DT_UINT4, DT_INT2, DT_UINT2)},
}
# TF never stores these in tensor_content: their in-memory bit layout is the implementation's.
_NO_CONTENT = frozenset([DT_STRING, DT_INT4, DT_UINT4, DT_INT2, DT_UINT2, DT_COMPLEX64, DT_COMPLEX128])


def _data_loss(message: str):
    return _errors.DataLossError(None, None, message)


def _dtype_enum(dtype) -> int:
    if isinstance(dtype, int) and not isinstance(dtype, bool):
        return dtype
    return _dtypes.as_dtype(dtype).base_dtype.as_datatype_enum


def shape_to_proto(shape) -> TensorShapeProto:
    """A TensorShapeProto for `shape`: a sequence of ints/None (None -> size -1), None (unknown rank), or a
    TensorShape (anything with `as_list()`/`dims`)."""
    proto = TensorShapeProto()
    if shape is None or getattr(shape, "ndims", 0) is None:
        proto.unknown_rank = True
        return proto
    dims = shape.as_list() if hasattr(shape, "as_list") else list(shape)
    for d in dims:
        d = getattr(d, "value", d)
        proto.dim.add(size=-1 if d is None else int(d))
    return proto


def proto_to_shape(proto) -> list | None:
    """The dims of a TensorShapeProto as a list (None for an unknown size, i.e. -1), or None for unknown rank."""
    if proto.unknown_rank:
        return None
    return [None if d.size < 0 else int(d.size) for d in proto.dim]


def tensor_to_proto(values, dtype=None, shape=None) -> TensorProto:
    """Encodes an array-like as a TensorProto the way TF's `make_tensor_proto` does.

    `dtype` (a sessionflow DType, name, NumPy dtype or DataType enum) defaults to the array's own. Arrays with
    more than one element are stored in `tensor_content` (little-endian raw bytes), except strings, which
    always use `string_val`, also when `shape` gives the same number of elements; scalars and one-element arrays
    use the typed `*_val` field. `shape` overrides the stored shape when `values` is a scalar to broadcast (TF's
    single-value form: one value, any shape).
    """
    if dtype is None:
        arr = np.asarray(values)
        enum = _dtypes.as_dtype(arr.dtype).as_datatype_enum if arr.dtype != object else DT_STRING
    else:
        enum = _dtype_enum(dtype)
        arr = np.asarray(values, dtype=object if enum == DT_STRING else _NUMPY.get(enum))
    if enum not in _VAL_FIELD:
        raise TypeError(f"Cannot encode a tensor of DataType {enum} as a TensorProto")
    proto = TensorProto(dtype=enum)
    dims = list(arr.shape) if shape is None else [int(d) for d in shape]
    if shape is not None and arr.size != 1 and int(np.prod(dims, dtype=np.int64)) != arr.size:
        raise ValueError(f"Cannot store {arr.size} values in a tensor of shape {dims}")
    proto.tensor_shape.CopyFrom(shape_to_proto(dims))
    field = _VAL_FIELD[enum]
    if enum == DT_STRING:
        proto.string_val.extend(v.encode("utf-8") if isinstance(v, str) else bytes(v) for v in arr.reshape(-1))
    elif arr.size > 1 and int(np.prod(dims, dtype=np.int64)) == arr.size and enum not in _NO_CONTENT:
        proto.tensor_content = np.ascontiguousarray(arr, arr.dtype.newbyteorder("<")).tobytes()
    elif field == "float8_val":
        proto.float8_val = np.ascontiguousarray(arr.reshape(-1)).view(np.uint8).tobytes()
    else:
        flat = arr.reshape(-1)
        if enum in (DT_HALF, DT_BFLOAT16):
            flat = flat.view(np.uint16).astype(np.int32)
        elif enum in (DT_INT4, DT_UINT4, DT_INT2, DT_UINT2):
            flat = flat.astype(np.int8)
        elif enum in (DT_COMPLEX64, DT_COMPLEX128):
            flat = np.stack([flat.real, flat.imag], axis=-1).reshape(-1)
        getattr(proto, field).extend(flat.tolist())
    return proto


def proto_to_ndarray(proto, max_elements: int = MAX_ELEMENTS) -> np.ndarray:
    """Decodes a TensorProto into a NumPy array (strings as an object array of bytes).

    Accepts `tensor_content` and the typed `*_val` fields, including TF's short form where fewer values than
    elements are stored and the last one is repeated (no values at all means zeros). Raises
    `tf.errors.DataLossError` for an unknown dtype, a bad shape, a content length that does not match the
    shape, or more than `max_elements` elements (so a tiny hostile proto cannot demand a huge allocation).
    """
    enum = proto.dtype
    if enum not in _VAL_FIELD:
        raise _data_loss(f"TensorProto has unsupported or invalid dtype {enum}")
    dims = proto_to_shape(proto.tensor_shape)
    if dims is None or any(d is None for d in dims):
        raise _data_loss("TensorProto has a shape that is not fully defined")
    count = 1
    for d in dims:
        count *= d
        if count > max_elements:
            raise _data_loss(f"TensorProto of shape {dims} has more than {max_elements} elements")
    if enum == DT_STRING:
        values = list(proto.string_val)
        return _fill(np.array(values + [b""] * (not values), dtype=object), values, dims, count)
    np_type = np.dtype(_NUMPY[enum])
    np_type = np_type.newbyteorder("<") if np_type.itemsize > 1 and np_type.kind != "V" else np_type
    if proto.tensor_content:
        if len(proto.tensor_content) != count * np_type.itemsize:
            raise _data_loss(f"TensorProto content holds {len(proto.tensor_content)} bytes, but shape {dims} "
                             f"of dtype {DataType.Name(enum)} needs {count * np_type.itemsize}")
        out = np.frombuffer(proto.tensor_content, dtype=np_type).reshape(dims)
        out = out.astype(np_type.newbyteorder("="))
    else:
        values = list(getattr(proto, _VAL_FIELD[enum]))
        if enum in (DT_COMPLEX64, DT_COMPLEX128):
            pairs = np.asarray(values[: len(values) // 2 * 2], dtype=np.float64).reshape(-1, 2)
            flat = (pairs[:, 0] + 1j * pairs[:, 1]).astype(np_type.newbyteorder("="))
        elif enum in (DT_HALF, DT_BFLOAT16):
            flat = np.asarray(values, dtype=np.int64).astype(np.uint16).view(np_type)
        elif _VAL_FIELD[enum] == "float8_val":
            flat = np.asarray(values, dtype=np.uint8).view(np_type)
        elif enum in (DT_INT4, DT_UINT4, DT_INT2, DT_UINT2):
            flat = np.asarray(values, dtype=np.int64).astype(np_type)
        else:
            flat = _cast_values(values, np_type.newbyteorder("="))
        out = _fill(flat if len(flat) else np.zeros(1, flat.dtype), flat, dims, count)
    return out


def _cast_values(values, np_type):
    try:
        with np.errstate(all="ignore"):
            return np.asarray(values, dtype=np.float64 if np_type.kind == "f" else None).astype(np_type)
    except (OverflowError, ValueError) as e:
        raise _data_loss(f"TensorProto holds values that do not fit {np_type}: {e}") from None


def _fill(candidates, values, dims, count):
    """`values` reshaped to `dims`; fewer values than `count` repeat the last one (TF's short form)."""
    n = len(values)
    if n > count:
        raise _data_loss(f"TensorProto holds {n} values for shape {dims} ({count} elements)")
    if n == count:
        return np.asarray(candidates)[:count].reshape(dims)
    out = np.empty(count, dtype=candidates.dtype)
    if n:
        out[:n] = candidates[:n]
    out[n:] = candidates[n - 1] if n else candidates[0]
    return out.reshape(dims)
