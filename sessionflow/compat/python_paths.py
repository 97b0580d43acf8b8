"""Which sessionflow object each `tensorflow.python.*` module path and name means: the one table of them.

TF1 programs and libraries (tf-slim above all) import TensorFlow's internal modules
(`from tensorflow.python.ops import array_ops`). Under the `tensorflow` alias each such module is served
lazily by sessionflow/compat/python_modules.py from this table: `MODULES[path]` says where the names of
`tensorflow.python.<path>` come from:

- `sources`: sessionflow modules (or `module:attribute` objects), searched in order, for each name TF
  has in that module (TF's names are recorded in _tf_python_names.txt by tools/list_tf_python_names.py);
- `extras`: `name -> "module:attribute"`, for names TF's module no longer lists (TF 1.x names such as
  `control_flow_ops.cond`, moved in TF 2.x), internal helpers real code calls (`ops._get_graph_from_inputs`),
  and names whose sessionflow object lives elsewhere than the sources. An extra wins over the sources.

A name TF has there that no source provides raises the namespaces' "not provided yet" AttributeError. Every
path's parents (`framework`, `ops`, ...) are packages. This file holds strings only: it imports nothing, so
tools/list_tf_python_names.py can read it in TensorFlow's own venv.
"""

from __future__ import annotations

from typing import NamedTuple


class Served(NamedTuple):
    """Where one module's names come from (see the module docstring)."""

    sources: tuple[str, ...] = ()
    extras: dict[str, str] = {}


_TOP = "sessionflow"
_HELPERS = "sessionflow.compat.python_helpers"
_TRAIN = ("sessionflow.train",)
_TEST = ("sessionflow.test", "sessionflow.testing")

# TF 1.x's control_flow_ops held cond/case/while_loop/Assert; TF 2.x moved them to their own modules.
_CONTROL_FLOW = {name: f"{_TOP}:{name}" for name in ("cond", "case", "while_loop", "Assert", "tuple", "group",
                                                     "no_op", "map_fn", "foldl", "foldr", "scan")}

MODULES: dict[str, Served] = {
    # framework
    "framework.ops": Served(
        (_TOP, "sessionflow.framework.graph", "sessionflow.framework.scopes", "sessionflow.ops.constant"),
        dict(Tensor=f"{_TOP}:Tensor", IndexedSlices=f"{_TOP}:IndexedSlices",
             IndexedSlicesValue=f"{_TOP}:IndexedSlicesValue", convert_to_tensor=f"{_TOP}:convert_to_tensor",
             internal_convert_to_tensor=f"{_TOP}:convert_to_tensor",
             convert_to_tensor_or_indexed_slices=f"{_HELPERS}:convert_to_tensor_or_indexed_slices",
             internal_convert_to_tensor_or_indexed_slices=f"{_HELPERS}:convert_to_tensor_or_indexed_slices",
             convert_n_to_tensor=f"{_HELPERS}:convert_n_to_tensor",
             internal_convert_n_to_tensor=f"{_HELPERS}:convert_n_to_tensor",
             name_scope=f"{_TOP}:name_scope", get_name_scope=f"{_HELPERS}:get_name_scope",
             _get_graph_from_inputs=f"{_HELPERS}:get_graph_from_inputs",
             get_default_session=f"{_TOP}:get_default_session",
             executing_eagerly_outside_functions=f"{_HELPERS}:false", inside_function=f"{_HELPERS}:false",
             has_default_graph=f"{_HELPERS}:true", is_dense_tensor_like=f"{_TOP}:is_tensor",
             no_gradient=f"{_TOP}:NotDifferentiable", NotDifferentiable=f"{_TOP}:NotDifferentiable",
             NoGradient=f"{_TOP}:NoGradient", RegisterGradient=f"{_TOP}:RegisterGradient",
             prepend_name_scope=f"{_HELPERS}:prepend_name_scope", strip_name_scope=f"{_HELPERS}:strip_name_scope",
             get_all_collection_keys=f"{_HELPERS}:get_all_collection_keys")),
    "framework.dtypes": Served(("sessionflow.framework.dtypes",)),
    "framework.tensor_shape": Served(
        ("sessionflow.framework.tensor_shape",),
        dict(scalar="sessionflow.framework.tensor_shape:scalar", vector=f"{_HELPERS}:vector",
             matrix=f"{_HELPERS}:matrix", dimension_at_index=f"{_HELPERS}:dimension_at_index")),
    "framework.constant_op": Served(
        (_TOP,), dict(constant_v1=f"{_TOP}:constant", is_constant=f"{_HELPERS}:is_constant")),
    "framework.tensor_util": Served(
        (_TOP,), dict(constant_value=f"{_HELPERS}:constant_value",
                      constant_value_as_shape=f"{_HELPERS}:constant_value_as_shape", MakeNdarray=f"{_TOP}:make_ndarray",
                      make_tensor_proto=f"{_TOP}:make_tensor_proto", is_tensor=f"{_TOP}:is_tensor")),
    "framework.graph_util": Served(("sessionflow.graph_util",)),
    "framework.graph_util_impl": Served(("sessionflow.graph_util",)),
    "framework.graph_io": Served((_TRAIN[0],)),
    "framework.importer": Served((_TOP,)),
    "framework.meta_graph": Served(_TRAIN),
    "framework.sparse_tensor": Served((_TOP, "sessionflow.sparse")),
    "framework.errors": Served((f"{_TOP}:errors",)),
    "framework.errors_impl": Served((f"{_TOP}:errors",)),
    "framework.random_seed": Served((_TOP, "sessionflow.framework.seeds")),
    "framework.device": Served(()),
    "framework.function": Served(()),
    "framework.device_spec": Served(()),
    "framework.test_util": Served(_TEST),
    # ops
    "ops.array_ops": Served(
        (_TOP, "sessionflow.linalg", "sessionflow.image"),
        dict(shape_internal=f"{_HELPERS}:shape_internal", size_internal=f"{_HELPERS}:size_internal",
             rank_internal=f"{_HELPERS}:rank_internal", reverse=f"{_TOP}:reverse_v2", constant=f"{_TOP}:constant",
             stack=f"{_TOP}:stack", unstack=f"{_TOP}:unstack", placeholder=f"{_TOP}:placeholder")),
    "ops.math_ops": Served((_TOP, "sessionflow.math", "sessionflow.linalg")),
    "ops.nn": Served(("sessionflow.nn", _TOP, "sessionflow.math")),
    "ops.nn_ops": Served(("sessionflow.nn", _TOP, "sessionflow.math")),
    "ops.nn_impl": Served(("sessionflow.nn", _TOP)),
    "ops.init_ops": Served(("sessionflow.init_ops", _TOP)),
    "ops.variable_scope": Served(("sessionflow.variable_scope", _TOP), dict(
        variable=f"{_TOP}:VariableV1", **{name: f"{_TOP}:{name}" for name in (
            "enable_resource_variables", "disable_resource_variables", "resource_variables_enabled")})),
    "ops.variables": Served(("sessionflow.variables", _TOP), dict(
        VariableV1=f"{_TOP}:VariableV1", PartitionedVariable=f"{_TOP}.partitioned_variables:PartitionedVariable")),
    "ops.resource_variable_ops": Served(("sessionflow.variables", _TOP)),
    "ops.control_flow_ops": Served((_TOP, "sessionflow.ops.control_flow"),
                                   {**_CONTROL_FLOW, "switch": "sessionflow.ops.control_flow_v1:switch",
                                    "merge": "sessionflow.ops.control_flow_v1:merge"}),
    "ops.control_flow_util": Served(  # no XLA compilation contexts in sessionflow's graphs
        (), dict(GraphOrParentsInXlaContext=f"{_HELPERS}:false", InXlaContext=f"{_HELPERS}:false",
                 IsInXLAContext=f"{_HELPERS}:false")),
    "ops.functional_ops": Served((_TOP,), _CONTROL_FLOW),
    "ops.map_fn": Served((_TOP,)),
    "ops.state_ops": Served((_TOP,)),
    "ops.random_ops": Served((_TOP, "sessionflow.random")),
    "ops.check_ops": Served(("sessionflow.debugging", _TOP)),
    "ops.gradients_impl": Served((_TOP,)),
    "ops.gradients": Served((_TOP,)),
    "ops.gradient_checker": Served(("sessionflow.test",)),
    "ops.custom_gradient": Served((_TOP,)),
    "ops.standard_ops": Served((_TOP, "sessionflow.math", "sessionflow.linalg")),
    "ops.clip_ops": Served((_TOP,)),
    "ops.embedding_ops": Served(("sessionflow.nn",)),
    "ops.sparse_ops": Served(("sessionflow.sparse", _TOP)),
    "ops.data_flow_ops": Served((_TOP,)),
    "ops.io_ops": Served((_TOP, "sessionflow.io")),
    "ops.parsing_ops": Served((_TOP, "sessionflow.io")),
    "ops.lookup_ops": Served(("sessionflow.lookup.tables",)),
    "ops.string_ops": Served((_TOP, "sessionflow.strings")),
    "ops.image_ops": Served(("sessionflow.image",)),
    "ops.logging_ops": Served((_TOP,), dict(print_v2=f"{_TOP}:print")),
    "ops.summary_ops": Served(("sessionflow.summary",)),
    "ops.histogram_ops": Served((_TOP,)),
    "ops.confusion_matrix": Served((_TOP,)),
    "ops.linalg_ops": Served((_TOP, "sessionflow.linalg")),
    "ops.special_math_ops": Served((_TOP, "sessionflow.math")),
    "ops.metrics": Served(("sessionflow.metrics",)),
    "ops.metrics_impl": Served(
        ("sessionflow.metrics", "sessionflow.metrics_at_k"),
        dict(_remove_squeezable_dimensions="sessionflow.metrics:_squeeze_for_metric",
             _aggregate_variable=f"{_HELPERS}:aggregate_variable", _safe_scalar_div=f"{_HELPERS}:safe_scalar_div",
             _confusion_matrix_at_thresholds=f"{_HELPERS}:confusion_matrix_at_thresholds",
             _streaming_sparse_average_precision_at_top_k=(
                 "sessionflow.metrics_at_k:_streaming_sparse_average_precision_at_top_k"))),
    "ops.weights_broadcast_ops": Served(
        (), dict(assert_broadcastable=f"{_HELPERS}:assert_broadcastable",
                 broadcast_weights=f"{_HELPERS}:broadcast_weights")),
    "ops.losses.losses": Served(("sessionflow.losses",)),
    "ops.partitioned_variables": Served(("sessionflow.partitioned_variables",)),
    "ops.template": Served((_TOP,)),
    "ops.script_ops": Served((_TOP,)),
    "ops.tensor_array_ops": Served((_TOP,)),
    # platform
    "platform.gfile": Served(("sessionflow.gfile",), dict(MkDir="sessionflow.gfile:Mkdir")),
    "platform.tf_logging": Served((f"{_TOP}:logging", _HELPERS)),
    "platform.test": Served(_TEST),
    "platform.googletest": Served(_TEST, dict(GetTempDir="sessionflow.test:get_temp_dir")),
    "platform.flags": Served(("sessionflow.app_flags",)),
    "platform.app": Served(("sessionflow.app",)),
    # training
    **{f"training.{name}": Served(_TRAIN) for name in (
        "training", "training_util", "saver", "optimizer", "gradient_descent", "momentum", "adam", "adagrad",
        "adadelta", "rmsprop", "ftrl", "proximal_gradient_descent", "learning_rate_decay", "monitored_session",
        "basic_session_run_hooks", "input", "queue_runner", "queue_runner_impl",
        "coordinator", "checkpoint_management", "checkpoint_utils", "supervisor", "device_setter",
        "sync_replicas_optimizer", "slot_creator")},
    # the training loop's classes beyond tf.train's names (the service threads, timers), from their modules
    **{f"training.{name}": Served((f"sessionflow.train.{module}",) + _TRAIN) for name, module in (
        ("monitored_session", "monitored_session"), ("basic_session_run_hooks", "basic_hooks"),
        ("supervisor", "supervisor"))},
    # TF 2.21's checkpoint_management re-exports these from elsewhere (its recorded names are empty)
    "training.checkpoint_management": Served(_TRAIN, {name: f"sessionflow.train.saver:{name}" for name in (
        "latest_checkpoint", "get_checkpoint_state", "checkpoint_exists", "get_checkpoint_mtimes",
        "remove_checkpoint", "update_checkpoint_state", "generate_checkpoint_state_proto")}),
    "training.evaluation": Served(_TRAIN, dict(
        _StopAfterNEvalsHook="sessionflow.train.evaluation:StopAfterNEvalsHook",
        _evaluate_once="sessionflow.train.evaluation:evaluate_once",
        _get_or_create_eval_step="sessionflow.train.evaluation:get_or_create_eval_step")),
    "training.session_run_hook": Served(_TRAIN),
    "training.moving_averages": Served(("sessionflow.train.moving_averages",) + _TRAIN),
    # client
    "client.session": Served((_TOP,)),
    "client.timeline": Served(("sessionflow.timeline",)),
    "client.device_lib": Served((), dict(list_local_devices="sessionflow.config:list_local_devices")),
    # util
    "util.compat": Served(("sessionflow.compat", _HELPERS)),
    "util.deprecation": Served((_HELPERS,)),
    "util.nest": Served(("sessionflow.nest", "sessionflow.ops.structure"),
                        dict(is_sequence="sessionflow.nest:is_nested")),
    "util.tf_inspect": Served(("inspect",), dict(getargspec=f"{_HELPERS}:getargspec")),
    "util.tf_decorator": Served((_HELPERS,)),
    "util.tf_contextlib": Served(("contextlib",)),
    "util.all_util": Served((_HELPERS,)),
    "util.tf_export": Served((), dict(tf_export=f"{_HELPERS}:tf_export")),
    # saved_model: serving code imports TF's modules (`from tensorflow.python.saved_model import tag_constants`)
    **{f"saved_model.{name}": Served((f"sessionflow.saved_model.{module}",)) for name, module in (
        ("tag_constants", "constants"), ("signature_constants", "constants"), ("constants", "constants"),
        ("signature_def_utils", "signatures"), ("signature_def_utils_impl", "signatures"), ("utils", "signatures"),
        ("utils_impl", "signatures"), ("builder", "builder"), ("builder_impl", "builder"),
        ("simple_save", "builder"), ("loader", "loader"), ("loader_impl", "loader"), ("main_op", "main_op"))},
    # TF's tools as libraries (freezing a graph, printing a checkpoint, reading a SavedModel's graphs)
    "tools.freeze_graph": Served(("sessionflow.io.freeze_graph",)),
    "tools.inspect_checkpoint": Served(("sessionflow.tools.inspect_checkpoint",)),
    "tools.saved_model_utils": Served(("sessionflow.saved_model.loader",)),
    # summary, files
    "summary.summary": Served(("sessionflow.summary",)),
    "summary.summary_iterator": Served(("sessionflow.summary",)),
    "summary.writer.writer": Served(("sessionflow.summary",)),
    "summary.writer.writer_cache": Served(("sessionflow.summary",)),
    "lib.io.file_io": Served((_HELPERS,), {name: f"sessionflow.gfile:{gfile_name}" for name, gfile_name in dict(
        file_exists="Exists", delete_file="Remove", get_matching_files="Glob", create_dir="Mkdir",
        recursive_create_dir="MakeDirs", delete_recursively="DeleteRecursively", is_directory="IsDirectory",
        list_directory="ListDirectory", FileIO="GFile", copy="Copy", rename="Rename", walk="Walk", stat="Stat",
    ).items()}),
    "lib.io.tf_record": Served((f"{_TOP}:python_io",)),
    # tf.data
    "data.ops.dataset_ops": Served(("sessionflow.data", "sessionflow.data.dataset"), dict(
        DatasetV1="sessionflow.data:DatasetV1", DatasetV2="sessionflow.data:DatasetV2",
        make_one_shot_iterator="sessionflow.data:make_one_shot_iterator",
        make_initializable_iterator="sessionflow.data:make_initializable_iterator")),
    "data.ops.iterator_ops": Served(("sessionflow.data.iterator",)),
    "data.ops.readers": Served(("sessionflow.data.readers",), dict(
        TFRecordDatasetV1="sessionflow.data:TFRecordDataset", TextLineDatasetV1="sessionflow.data:TextLineDataset",
        FixedLengthRecordDatasetV1="sessionflow.data:FixedLengthRecordDataset")),
    "data.experimental.ops.batching": Served(("sessionflow.data.experimental",)),
    "data.experimental.ops.shuffle_ops": Served(("sessionflow.data.experimental",)),
    "data.experimental.ops.interleave_ops": Served(("sessionflow.data.experimental",)),
    "data.experimental.ops.readers": Served(("sessionflow.data.experimental",)),
    # layers, eager, top
    "layers.base": Served(("sessionflow.layers.base", "sessionflow.layers")),
    "layers.core": Served(("sessionflow.layers.core", "sessionflow.layers")),
    # TF's modules also hold each class under its long name (Convolution2D is Conv2D), which tf-slim uses.
    "layers.convolutional": Served(
        ("sessionflow.layers.convolutional", "sessionflow.layers.convolutional3d", "sessionflow.layers"), {
            long: f"sessionflow.layers:{short}" for long, short in dict(
                Convolution1D="Conv1D", Convolution2D="Conv2D", Convolution3D="Conv3D",
                Convolution2DTranspose="Conv2DTranspose", Deconvolution2D="Conv2DTranspose",
                Deconv2D="Conv2DTranspose", Convolution3DTranspose="Conv3DTranspose",
                Deconvolution3D="Conv3DTranspose", Deconv3D="Conv3DTranspose",
                SeparableConvolution1D="SeparableConv1D", SeparableConvolution2D="SeparableConv2D").items()}),
    "layers.normalization": Served(("sessionflow.layers.normalization", "sessionflow.layers"),
                                   dict(BatchNormalization="sessionflow.layers.normalization:BatchNormalization")),
    "layers.pooling": Served(("sessionflow.layers.pooling", "sessionflow.layers"), dict(
        MaxPool2D="sessionflow.layers.pooling:MaxPooling2D", AvgPool2D="sessionflow.layers.pooling:AveragePooling2D",
        MaxPool1D="sessionflow.layers.pooling:MaxPooling1D", AvgPool1D="sessionflow.layers.pooling:AveragePooling1D",
        MaxPool3D="sessionflow.layers:MaxPooling3D", AvgPool3D="sessionflow.layers:AveragePooling3D")),
    "layers.layers": Served(("sessionflow.layers",)),
    "eager.context": Served((_TOP,), dict(in_graph_mode=f"{_HELPERS}:true", in_eager_mode=f"{_HELPERS}:false",
                                          graph_mode=f"{_HELPERS}:graph_mode")),
    "eager.backprop": Served(()),
    "keras.engine.input_spec": Served((), dict(InputSpec="sessionflow.layers.base:InputSpec")),
    "tf2": Served((), dict(enabled=f"{_HELPERS}:false")),
    "pywrap_tensorflow": Served((), dict(NewCheckpointReader="sessionflow.train:NewCheckpointReader")),
}

# `tensorflow.core.*`: TF's generated protobuf modules (`from tensorflow.core.protobuf import saver_pb2`), which
# hold messages only: each path maps names to "module:attribute" (io/protos.py builds the messages from TF's
# descriptors; the session's ConfigProto/RunOptions/RunMetadata are runtime/config.py's records).
_PROTOS = "sessionflow.io.protos"
_CONFIG = "sessionflow.runtime.config"
CORE: dict[str, dict[str, str]] = {
    "protobuf.saver_pb2": dict(SaverDef=f"{_PROTOS}:SaverDef"),
    "protobuf.queue_runner_pb2": dict(QueueRunnerDef=f"{_PROTOS}:QueueRunnerDef"),
    "protobuf.config_pb2": {name: f"{_CONFIG}:{name}" for name in (
        "ConfigProto", "RunOptions", "RunMetadata", "GPUOptions", "GraphOptions", "OptimizerOptions")},
    "protobuf.meta_graph_pb2": {name: f"{_PROTOS}:{name}" for name in (
        "MetaGraphDef", "CollectionDef", "SignatureDef", "TensorInfo", "AssetFileDef")},
    "framework.graph_pb2": dict(GraphDef=f"{_PROTOS}:GraphDef"),
    "framework.node_def_pb2": dict(NodeDef=f"{_PROTOS}:NodeDef"),
    "framework.attr_value_pb2": dict(AttrValue=f"{_PROTOS}:AttrValue", NameAttrList=f"{_PROTOS}:NameAttrList"),
    "framework.tensor_pb2": dict(TensorProto=f"{_PROTOS}:TensorProto"),
    "framework.tensor_shape_pb2": dict(TensorShapeProto=f"{_PROTOS}:TensorShapeProto"),
    "framework.types_pb2": {name: f"{_PROTOS}:{name}" for name in (
        "DataType", "DT_INVALID", "DT_FLOAT", "DT_DOUBLE", "DT_INT32", "DT_INT64", "DT_STRING", "DT_BOOL", "DT_HALF", "DT_RESOURCE",
        "DT_VARIANT")},
    "framework.variable_pb2": dict(VariableDef=f"{_PROTOS}:VariableDef", SaveSliceInfoDef=f"{_PROTOS}:SaveSliceInfoDef"),
    "framework.summary_pb2": {name: f"{_PROTOS}:{name}" for name in ("Summary", "SummaryMetadata", "HistogramProto")},
    "util.event_pb2": {name: f"{_PROTOS}:{name}" for name in ("Event", "SessionLog", "LogMessage", "TaggedRunMetadata")},
    "example.example_pb2": {name: f"{_PROTOS}:{name}" for name in ("Example", "SequenceExample")},
    "example.feature_pb2": {name: f"{_PROTOS}:{name}" for name in (
        "Feature", "Features", "FeatureList", "FeatureLists", "BytesList", "FloatList", "Int64List")},
}
CORE_PACKAGES: frozenset[str] = frozenset(
    path.rsplit(".", i)[0] for path in CORE for i in range(1, path.count(".") + 1)) | {""}

# The parent packages of the paths above (`framework`, `ops.losses`, ...), and `tensorflow.python` itself ("").
PACKAGES: frozenset[str] = frozenset(
    path.rsplit(".", i)[0] for path in MODULES for i in range(1, path.count(".") + 1)) | {""}
