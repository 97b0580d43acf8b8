"""The schema of the TensorFlow messages `sessionflow.io.protos` builds: field names and numbers as in
TensorFlow's .proto files, in a small line format of our own (described below)."""

# The format:
#   message NAME            (a dotted NAME nests it in its parent, e.g. `AttrValue.ListValue`)
#   enum NAME               followed by `VALUE = NUMBER` lines
#   [repeated] TYPE field = NUMBER [oneof GROUP]
#   map<KEY, VALUE> field = NUMBER
# TYPE is a scalar keyword or a message/enum name, resolved first inside the enclosing message, then at
# the top of the `tensorflow` package; names starting with `google.` are absolute.
SCHEMA = """
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
  repeated FunctionDef function = 1
  repeated GradientDef gradient = 2
  repeated RegisteredGradient registered_gradients = 3
message FunctionDef
  OpDef signature = 1
  map<string, AttrValue> attr = 5
  map<uint32, ArgAttrs> arg_attr = 7
  map<uint32, uint32> resource_arg_unique_id = 8
  repeated NodeDef node_def = 3
  map<string, string> ret = 4
  map<string, string> control_ret = 6
message FunctionDef.ArgAttrs
  map<string, AttrValue> attr = 1
message GradientDef
  string function_name = 1
  string gradient_func = 2
message RegisteredGradient
  string gradient_func = 1
  string registered_op_type = 2
message OpDef
  string name = 1
  repeated ArgDef input_arg = 2
  repeated ArgDef output_arg = 3
  repeated string control_output = 20
  repeated AttrDef attr = 4
  string summary = 5
  string description = 6
  bool is_commutative = 18
  bool is_aggregate = 16
  bool is_stateful = 17
  bool allows_uninitialized_input = 19
  bool is_distributed_communication = 21
message OpDef.ArgDef
  string name = 1
  string description = 2
  DataType type = 3
  string type_attr = 4
  string number_attr = 5
  string type_list_attr = 6
  bool is_ref = 16
message OpDef.AttrDef
  string name = 1
  string type = 2
  AttrValue default_value = 3
  string description = 4
  bool has_minimum = 5
  int64 minimum = 6
  AttrValue allowed_values = 7

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

message QueueRunnerDef
  string queue_name = 1
  repeated string enqueue_op_name = 2
  string close_op_name = 3
  string cancel_op_name = 4
  repeated int32 queue_closed_exception_types = 5

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

message SavedModel
  int64 saved_model_schema_version = 1
  repeated MetaGraphDef meta_graphs = 2

message CheckpointState
  string model_checkpoint_path = 1
  repeated string all_model_checkpoint_paths = 2
  repeated double all_model_checkpoint_timestamps = 3
  double last_preserved_timestamp = 4

message JobDef
  string name = 1
  map<int32, string> tasks = 2
message ClusterDef
  repeated JobDef job = 1
message ServerDef
  ClusterDef cluster = 1
  string job_name = 2
  int32 task_index = 3
  string protocol = 5
  int32 port = 6
  int32 replica = 8

message InterconnectLink
  int32 device_id = 1
  string type = 2
  int32 strength = 3
message LocalLinks
  repeated InterconnectLink link = 1
message DeviceLocality
  int32 bus_id = 1
  int32 numa_node = 2
  LocalLinks links = 3
message DeviceAttributes
  string name = 1
  string device_type = 2
  int64 memory_limit = 4
  DeviceLocality locality = 5
  fixed64 incarnation = 6
  string physical_device_desc = 7
  int64 xla_global_id = 8

message GraphNodeProto
  string name = 1
  int64 exec_micros = 2
  int64 requested_bytes = 3
  int64 parameters = 4
  int64 total_exec_micros = 6
  int64 total_requested_bytes = 7
  int64 total_parameters = 8
  repeated string devices = 10
  repeated TensorShapeProto shapes = 11
  repeated GraphNodeProto children = 12
  int64 float_ops = 13
  int64 total_float_ops = 14
  map<int32, TensorShapeProto> input_shapes = 16
  int64 run_count = 21
  int64 total_run_count = 22
  int64 total_definition_count = 23
message MultiGraphNodeProto
  string name = 1
  int64 exec_micros = 2
  int64 requested_bytes = 3
  int64 parameters = 4
  int64 float_ops = 5
  int64 total_exec_micros = 6
  int64 total_requested_bytes = 7
  int64 total_parameters = 8
  int64 total_float_ops = 9
  repeated GraphNodeProto graph_nodes = 10
  repeated MultiGraphNodeProto children = 11
message AdviceProto
  map<string, AdviceProto.Checker> checkers = 1
message AdviceProto.Checker
  repeated string reports = 2
message OpLogEntry
  string name = 1
  int64 float_ops = 2
  repeated string types = 3
message OpLogProto
  repeated OpLogEntry log_entries = 1
  map<int64, string> id_to_string = 2

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

message SummaryDescription
  string type_hint = 1

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

message BytesList
  repeated bytes value = 1
message FloatList
  repeated float value = 1
message Int64List
  repeated int64 value = 1
message Feature
  BytesList bytes_list = 1 oneof kind
  FloatList float_list = 2 oneof kind
  Int64List int64_list = 3 oneof kind
message Features
  map<string, Feature> feature = 1
message FeatureList
  repeated Feature feature = 1
message FeatureLists
  map<string, FeatureList> feature_list = 1
message Example
  Features features = 1
message SequenceExample
  Features context = 1
  FeatureLists feature_lists = 2

message ParsingExample
  ParsingFeatures features = 1
message ParsingFeatures
  repeated ParsingFeatureEntry feature = 1
message ParsingFeatureEntry
  bytes key = 1
  bytes value = 2
"""
