"""TensorFlow's protocol buffer messages, built at import time from descriptors (no protoc, no generated code).

Every message keeps TensorFlow's full name (`tensorflow.GraphDef`, ...) and field numbers, so bytes written
here parse in TensorFlow and the other way round. Fields this engine never reads (FullTypeDef, OpList,
GraphDebugInfo, SavedObjectGraph, FunctionDef, ...) are left out of the schema: the protobuf runtime keeps
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

# A schema in a small line format of our own:
#   message NAME            (a dotted NAME nests it in its parent, e.g. `AttrValue.ListValue`)
#   enum NAME               followed by `VALUE = NUMBER` lines
#   [repeated] TYPE field = NUMBER [oneof GROUP]
#   map<KEY, VALUE> field = NUMBER
# TYPE is a scalar keyword or a message/enum name, resolved first inside the enclosing message, then at
# the top of the `tensorflow` package; names starting with `google.` are absolute.
_SCHEMA = """
enum DataType
  DT_INVALID = 0
  DT_FLOAT = 1
  DT_DOUBLE = 2
  DT_INT32 = 3
  DT_UINT8 = 4
  DT_INT16 = 5
  DT_INT8 = 6
  DT_STRING = 7
  DT_COMPLEX64 = 8
  DT_INT64 = 9
  DT_BOOL = 10
  DT_QINT8 = 11
  DT_QUINT8 = 12
  DT_QINT32 = 13
  DT_BFLOAT16 = 14
  DT_QINT16 = 15
  DT_QUINT16 = 16
  DT_UINT16 = 17
  DT_COMPLEX128 = 18
  DT_HALF = 19
  DT_RESOURCE = 20
  DT_VARIANT = 21
  DT_UINT32 = 22
  DT_UINT64 = 23
  DT_FLOAT8_E5M2 = 24
  DT_FLOAT8_E4M3FN = 25
  DT_FLOAT8_E4M3FNUZ = 26
  DT_FLOAT8_E4M3B11FNUZ = 27
  DT_FLOAT8_E5M2FNUZ = 28
  DT_INT4 = 29
  DT_UINT4 = 30
  DT_INT2 = 31
  DT_UINT2 = 32
  DT_FLOAT4_E2M1FN = 33

message TensorShapeProto
  repeated Dim dim = 2
  bool unknown_rank = 3
message TensorShapeProto.Dim
  int64 size = 1
  string name = 2

message ResourceHandleProto
  string device = 1
  string container = 2
  string name = 3
  uint64 hash_code = 4
  string maybe_type_name = 5

message TensorProto
  DataType dtype = 1
  TensorShapeProto tensor_shape = 2
  int32 version_number = 3
  bytes tensor_content = 4
  repeated float float_val = 5
  repeated double double_val = 6
  repeated int32 int_val = 7
  repeated bytes string_val = 8
  repeated float scomplex_val = 9
  repeated int64 int64_val = 10
  repeated bool bool_val = 11
  repeated double dcomplex_val = 12
  repeated int32 half_val = 13
  repeated ResourceHandleProto resource_handle_val = 14
  repeated uint32 uint32_val = 16
  repeated uint64 uint64_val = 17
  bytes float8_val = 18

message AttrValue
  ListValue list = 1 oneof value
  bytes s = 2 oneof value
  int64 i = 3 oneof value
  float f = 4 oneof value
  bool b = 5 oneof value
  DataType type = 6 oneof value
  TensorShapeProto shape = 7 oneof value
  TensorProto tensor = 8 oneof value
  string placeholder = 9 oneof value
  NameAttrList func = 10 oneof value
message AttrValue.ListValue
  repeated bytes s = 2
  repeated int64 i = 3
  repeated float f = 4
  repeated bool b = 5
  repeated DataType type = 6
  repeated TensorShapeProto shape = 7
  repeated TensorProto tensor = 8
  repeated NameAttrList func = 9

message NameAttrList
  string name = 1
  map<string, AttrValue> attr = 2

message NodeDef
  string name = 1
  string op = 2
  repeated string input = 3
  string device = 4
  map<string, AttrValue> attr = 5

message VersionDef
  int32 producer = 1
  int32 min_consumer = 2
  repeated int32 bad_consumers = 3

message FunctionDefLibrary

message GraphDef
  repeated NodeDef node = 1
  FunctionDefLibrary library = 2
  int32 version = 3
  VersionDef versions = 4

message SaveSliceInfoDef
  string full_name = 1
  repeated int64 full_shape = 2
  repeated int64 var_offset = 3
  repeated int64 var_shape = 4

enum VariableSynchronization
  VARIABLE_SYNCHRONIZATION_AUTO = 0
  VARIABLE_SYNCHRONIZATION_NONE = 1
  VARIABLE_SYNCHRONIZATION_ON_WRITE = 2
  VARIABLE_SYNCHRONIZATION_ON_READ = 3

enum VariableAggregation
  VARIABLE_AGGREGATION_NONE = 0
  VARIABLE_AGGREGATION_SUM = 1
  VARIABLE_AGGREGATION_MEAN = 2
  VARIABLE_AGGREGATION_ONLY_FIRST_REPLICA = 3

message VariableDef
  string variable_name = 1
  string initializer_name = 2
  string snapshot_name = 3
  SaveSliceInfoDef save_slice_info_def = 4
  bool is_resource = 5
  string initial_value_name = 6
  bool trainable = 7
  VariableSynchronization synchronization = 8
  VariableAggregation aggregation = 9

message SaverDef
  string filename_tensor_name = 1
  string save_tensor_name = 2
  string restore_op_name = 3
  int32 max_to_keep = 4
  bool sharded = 5
  float keep_checkpoint_every_n_hours = 6
  CheckpointFormatVersion version = 7
enum SaverDef.CheckpointFormatVersion
  LEGACY = 0
  V1 = 1
  V2 = 2

message CollectionDef
  NodeList node_list = 1 oneof kind
  BytesList bytes_list = 2 oneof kind
  Int64List int64_list = 3 oneof kind
  FloatList float_list = 4 oneof kind
  AnyList any_list = 5 oneof kind
message CollectionDef.NodeList
  repeated string value = 1
message CollectionDef.BytesList
  repeated bytes value = 1
message CollectionDef.Int64List
  repeated int64 value = 1
message CollectionDef.FloatList
  repeated float value = 1
message CollectionDef.AnyList
  repeated google.protobuf.Any value = 1

message TensorInfo
  string name = 1 oneof encoding
  DataType dtype = 2
  TensorShapeProto tensor_shape = 3
  CooSparse coo_sparse = 4 oneof encoding
message TensorInfo.CooSparse
  string values_tensor_name = 1
  string indices_tensor_name = 2
  string dense_shape_tensor_name = 3

message SignatureDef
  map<string, TensorInfo> inputs = 1
  map<string, TensorInfo> outputs = 2
  string method_name = 3
  map<string, TensorProto> defaults = 4

message AssetFileDef
  TensorInfo tensor_info = 1
  string filename = 2

message MetaGraphDef
  MetaInfoDef meta_info_def = 1
  GraphDef graph_def = 2
  SaverDef saver_def = 3
  map<string, CollectionDef> collection_def = 4
  map<string, SignatureDef> signature_def = 5
  repeated AssetFileDef asset_file_def = 6
message MetaGraphDef.MetaInfoDef
  string meta_graph_version = 1
  google.protobuf.Any any_info = 3
  repeated string tags = 4
  string tensorflow_version = 5
  string tensorflow_git_version = 6
  bool stripped_default_attrs = 7
  map<string, string> function_aliases = 8

message CheckpointState
  string model_checkpoint_path = 1
  repeated string all_model_checkpoint_paths = 2
  repeated double all_model_checkpoint_timestamps = 3
  double last_preserved_timestamp = 4

message TensorSliceProto
  repeated Extent extent = 1
message TensorSliceProto.Extent
  int64 start = 1
  int64 length = 2 oneof has_length

message BundleHeaderProto
  int32 num_shards = 1
  Endianness endianness = 2
  VersionDef version = 3
enum BundleHeaderProto.Endianness
  LITTLE = 0
  BIG = 1

message BundleEntryProto
  DataType dtype = 1
  TensorShapeProto shape = 2
  int32 shard_id = 3
  int64 offset = 4
  int64 size = 5
  fixed32 crc32c = 6
  repeated TensorSliceProto slices = 7

message HistogramProto
  double min = 1
  double max = 2
  double num = 3
  double sum = 4
  double sum_squares = 5
  repeated double bucket_limit = 6
  repeated double bucket = 7

enum DataClass
  DATA_CLASS_UNKNOWN = 0
  DATA_CLASS_SCALAR = 1
  DATA_CLASS_TENSOR = 2
  DATA_CLASS_BLOB_SEQUENCE = 3

message SummaryMetadata
  PluginData plugin_data = 1
  string display_name = 2
  string summary_description = 3
  DataClass data_class = 4
message SummaryMetadata.PluginData
  string plugin_name = 1
  bytes content = 2

message Summary
  repeated Value value = 1
message Summary.Image
  int32 height = 1
  int32 width = 2
  int32 colorspace = 3
  bytes encoded_image_string = 4
message Summary.Audio
  float sample_rate = 1
  int64 num_channels = 2
  int64 length_frames = 3
  bytes encoded_audio_string = 4
  string content_type = 5
message Summary.Value
  string tag = 1
  float simple_value = 2 oneof value
  bytes obsolete_old_style_histogram = 3 oneof value
  Image image = 4 oneof value
  HistogramProto histo = 5 oneof value
  Audio audio = 6 oneof value
  string node_name = 7
  TensorProto tensor = 8 oneof value
  SummaryMetadata metadata = 9

message LogMessage
  Level level = 1
  string message = 2
enum LogMessage.Level
  UNKNOWN = 0
  DEBUGGING = 10
  INFO = 20
  WARN = 30
  ERROR = 40
  FATAL = 50

message SessionLog
  SessionStatus status = 1
  string checkpoint_path = 2
  string msg = 3
enum SessionLog.SessionStatus
  STATUS_UNSPECIFIED = 0
  START = 1
  STOP = 2
  CHECKPOINT = 3

message TaggedRunMetadata
  string tag = 1
  bytes run_metadata = 2

message SourceMetadata
  string writer = 1

message Event
  double wall_time = 1
  int64 step = 2
  string file_version = 3 oneof what
  bytes graph_def = 4 oneof what
  Summary summary = 5 oneof what
  LogMessage log_message = 6 oneof what
  SessionLog session_log = 7 oneof what
  TaggedRunMetadata tagged_run_metadata = 8 oneof what
  bytes meta_graph_def = 9 oneof what
  SourceMetadata source_metadata = 10

message AllocationDescription
  int64 requested_bytes = 1
  int64 allocated_bytes = 2
  string allocator_name = 3
  int64 allocation_id = 4
  bool has_single_reference = 5
  uint64 ptr = 6

message TensorDescription
  DataType dtype = 1
  TensorShapeProto shape = 2
  AllocationDescription allocation_description = 4

message AllocatorMemoryUsed
  string allocator_name = 1
  int64 total_bytes = 2
  int64 peak_bytes = 3
  int64 live_bytes = 4
  int64 allocator_bytes_in_use = 5

message NodeOutput
  int32 slot = 1
  TensorDescription tensor_description = 3

message MemoryStats
  int64 temp_memory_size = 1
  int64 device_temp_memory_size = 2
  int64 persistent_memory_size = 3
  int64 device_persistent_memory_size = 4
  repeated int64 persistent_tensor_alloc_ids = 5
  repeated int64 device_persistent_tensor_alloc_ids = 6

message NodeExecStats
  string node_name = 1
  int64 all_start_micros = 2
  int64 op_start_rel_micros = 3
  int64 op_end_rel_micros = 4
  int64 all_end_rel_micros = 5
  repeated AllocatorMemoryUsed memory = 6
  repeated NodeOutput output = 7
  string timeline_label = 8
  int64 scheduled_micros = 9
  uint32 thread_id = 10
  repeated AllocationDescription referenced_tensor = 11
  MemoryStats memory_stats = 12
  int64 all_start_nanos = 13
  int64 op_start_rel_nanos = 14
  int64 op_end_rel_nanos = 15
  int64 all_end_rel_nanos = 16
  int64 scheduled_nanos = 17

message DeviceStepStats
  string device = 1
  repeated NodeExecStats node_stats = 2
  map<uint32, string> thread_names = 3

message StepStats
  repeated DeviceStepStats dev_stats = 1

message RunMetadata
  StepStats step_stats = 1
  repeated GraphDef partition_graphs = 3
"""

_F = descriptor_pb2.FieldDescriptorProto
_SCALARS = {
    "double": _F.TYPE_DOUBLE, "float": _F.TYPE_FLOAT, "int64": _F.TYPE_INT64, "uint64": _F.TYPE_UINT64,
    "int32": _F.TYPE_INT32, "uint32": _F.TYPE_UINT32, "fixed32": _F.TYPE_FIXED32, "bool": _F.TYPE_BOOL,
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

TensorShapeProto = _message("TensorShapeProto")
ResourceHandleProto = _message("ResourceHandleProto")
TensorProto = _message("TensorProto")
AttrValue = _message("AttrValue")
NameAttrList = _message("NameAttrList")
NodeDef = _message("NodeDef")
VersionDef = _message("VersionDef")
FunctionDefLibrary = _message("FunctionDefLibrary")
GraphDef = _message("GraphDef")
SaveSliceInfoDef = _message("SaveSliceInfoDef")
VariableDef = _message("VariableDef")
SaverDef = _message("SaverDef")
CollectionDef = _message("CollectionDef")
TensorInfo = _message("TensorInfo")
SignatureDef = _message("SignatureDef")
AssetFileDef = _message("AssetFileDef")
MetaGraphDef = _message("MetaGraphDef")
CheckpointState = _message("CheckpointState")
TensorSliceProto = _message("TensorSliceProto")
BundleHeaderProto = _message("BundleHeaderProto")
BundleEntryProto = _message("BundleEntryProto")
HistogramProto = _message("HistogramProto")
SummaryMetadata = _message("SummaryMetadata")
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
}
_NUMPY = {
    DT_FLOAT: np.float32, DT_DOUBLE: np.float64, DT_INT32: np.int32, DT_UINT8: np.uint8,
    DT_INT16: np.int16, DT_INT8: np.int8, DT_UINT16: np.uint16, DT_INT64: np.int64, DT_BOOL: np.bool_,
    DT_COMPLEX64: np.complex64, DT_COMPLEX128: np.complex128, DT_HALF: np.float16,
    DT_UINT32: np.uint32, DT_UINT64: np.uint64, DT_QINT8: np.int8, DT_QUINT8: np.uint8,
    DT_QINT16: np.int16, DT_QUINT16: np.uint16, DT_QINT32: np.int32,
}


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
    always use `string_val`; scalars and one-element arrays use the typed `*_val` field. `shape` overrides
    the stored shape when `values` is a scalar to broadcast (TF's single-value form: one value, any shape).
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
    elif enum == DT_BFLOAT16:
        bits = (np.asarray(arr, np.float32).reshape(-1).view(np.uint32) >> 16).astype(np.int32)
        proto.half_val.extend(bits.tolist())
    elif arr.size > 1 and shape is None:
        proto.tensor_content = np.ascontiguousarray(arr, arr.dtype.newbyteorder("<")).tobytes()
    else:
        flat = arr.reshape(-1)
        if enum == DT_HALF:
            flat = flat.view(np.uint16).astype(np.int32)
        elif enum in (DT_COMPLEX64, DT_COMPLEX128):
            flat = np.stack([flat.real, flat.imag], axis=-1).reshape(-1)
        getattr(proto, field).extend(flat.tolist())
    return proto


def proto_to_ndarray(proto, max_elements: int = MAX_ELEMENTS) -> np.ndarray:
    """Decodes a TensorProto into a NumPy array (strings as an object array of bytes; bfloat16 widened to float32).

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
    if enum == DT_BFLOAT16:
        np_type = np.dtype("<u2")
    else:
        np_type = np.dtype(_NUMPY[enum]).newbyteorder("<")
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
            flat = np.asarray(values, dtype=np.int64).astype(np.uint16)
            if enum == DT_HALF:
                flat = flat.view(np.float16)
        else:
            flat = _cast_values(values, np_type.newbyteorder("="))
        out = _fill(flat if len(flat) else np.zeros(1, flat.dtype), flat, dims, count)
    if enum == DT_BFLOAT16:
        out = (out.astype(np.uint32) << 16).view(np.float32)
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
