"""The TF1 API names (sessionflow/_tf1_names.txt) that sessionflow does not provide, each with its reason.

tests/test_inventory.py fails when a name of the inventory is neither provided nor listed here, and when a
name listed here is provided (move it out as it lands). An entry ending in `.*` stands for a whole sub-module
outside the core inventory (every name under it)."""

NOT_PROVIDED_BY_FAMILY = {
    "TensorArraySpec: TF 2.x's type spec of a TensorArray (tf.function signatures), outside the graph-and-session "
    "model; tf.TensorArray itself is provided": [
        'TensorArraySpec',
    ],
    'input pipelines: LMDB files (no LMDB reader)': [
        'LMDBReader',
    ],
    'input pipelines: tf.Example protos and the parsing/decoding ops': [
        'io.RaggedFeature',
        'io.decode_proto', 'io.encode_proto',
    ],
    'input pipelines: tf.data, queues, the TF2 gfile module': [
        'io.gfile.*',
    ],
    'tf.data: options, distribution, the data service and the rarer experimental transformations': [
        'data.DatasetSpec', 'data.NumpyIterator', 'data.ThreadingOptions', 'data.experimental.AutoShardPolicy',
        'data.experimental.AutotuneAlgorithm', 'data.experimental.AutotuneOptions',
        'data.experimental.DatasetInitializer', 'data.experimental.DatasetStructure',
        'data.experimental.DistributeOptions', 'data.experimental.ExternalStatePolicy',
        'data.experimental.OptimizationOptions', 'data.experimental.Optional',
        'data.experimental.OptionalStructure', 'data.experimental.RaggedTensorStructure',
        'data.experimental.RandomDataset', 'data.experimental.Reducer', 'data.experimental.SHARD_HINT',
        'data.experimental.ServiceOptions', 'data.experimental.SparseTensorStructure',
        'data.experimental.SqlDataset', 'data.experimental.Structure', 'data.experimental.TFRecordWriter',
        'data.experimental.TensorArrayStructure', 'data.experimental.TensorStructure',
        'data.experimental.ThreadingOptions', 'data.experimental.assert_cardinality',
        'data.experimental.cardinality',
        'data.experimental.copy_to_device',
        'data.experimental.dense_to_ragged_batch', 'data.experimental.dense_to_sparse_batch',
        'data.experimental.distributed_save', 'data.experimental.enable_debug_mode', 'data.experimental.from_list',
        'data.experimental.from_variant', 'data.experimental.get_model_proto',
        'data.experimental.get_structure',
        'data.experimental.group_by_reducer',
        'data.experimental.index_table_from_dataset', 'data.experimental.make_batched_features_dataset',
        'data.experimental.make_saveable_from_iterator', 'data.experimental.map_and_batch_with_legacy_function',
        'data.experimental.pad_to_cardinality', 'data.experimental.parse_example_dataset',
        'data.experimental.prefetch_to_device', 'data.experimental.rejection_resample',
        'data.experimental.sample_from_datasets', 'data.experimental.service',
        'data.experimental.service.*', 'data.experimental.snapshot', 'data.experimental.table_from_dataset',
        'data.experimental.to_variant',
    ],
    'RaggedTensor family: not implemented': [
        'RaggedTensor', 'RaggedTensorSpec', 'ragged_fill_empty_rows', 'ragged_fill_empty_rows_grad',
    ],
    "strings.unicode_script: Unicode's script property (ICU data) is not in Python's unicodedata": [
        'strings.unicode_script',
    ],
    'image codecs and file ops (JPEG/PNG/GIF/BMP, read_file): not implemented': [
        'image.decode_jxl', 'image.decode_webp', 'io.decode_jxl', 'io.decode_webp',
    ],
    "tf.quantization.experimental: TF 2.x's SavedModel post-training quantizer (a C++/MLIR pipeline), outside the "
    "graph-and-session model": [
        'quantization.experimental', 'quantization.experimental.*',
    ],
    "train.do_quantize_training_on_graphdef: TF 2.21's C++ rewriter inserts QuantizeAndDequantizeV2 ops with "
    "moving-average range variables built from TF 1.x Switch/Merge; not reimplemented": [
        'train.do_quantize_training_on_graphdef',
    ],
    'device placement and distributed execution: sessionflow runs in one process on the CPU': [
        'distribute.*',
    ],
    "tf.experimental's TF 2.x extension types, API dispatch and 4/8-bit dtypes; TPU embeddings (no TPU)": [
        'experimental.*', 'tpu.*',
    ],
    "TF 2.x object-based checkpoints (the `_CHECKPOINTABLE_OBJECT_GRAPH` format): not implemented yet": [
        'train.Checkpoint', 'train.CheckpointManager', 'train.CheckpointOptions',
    ],
    'lookup tables: the dense (open-addressing) table is not implemented': [
        'lookup.experimental.DenseHashTable',
    ],
    "custom op libraries and TF's C++ build: sessionflow has no C++ kernels to extend": [
        'CXX_VERSION', 'load_file_system_library', 'load_library', 'load_op_library',
    ],
    'linear algebra: the circulant and Toeplitz LinearOperators (spectral operators over the FFT ops of '
    'ops/spectral.py) are not written yet': [
        'linalg.LinearOperatorCirculant', 'linalg.LinearOperatorCirculant2D', 'linalg.LinearOperatorCirculant3D',
        'linalg.LinearOperatorToeplitz',
    ],
    "image.generate_bounding_box_proposals: TF registers only a GPU kernel for GenerateBoundingBoxProposals, so "
    "there is no CPU behaviour to record and match": [
        'image.generate_bounding_box_proposals',
    ],
    'SavedModel: TF 2.x object-based saving (tf.saved_model.save/load of trackables, SaveOptions, Asset) is outside the graph-and-session model': [
        'saved_model.Asset', 'saved_model.SaveOptions', 'saved_model.experimental',
        'saved_model.experimental.TrackableResource', 'saved_model.experimental.VariablePolicy',
        'saved_model.experimental.save', 'saved_model.load_v2', 'saved_model.save',
        'saved_model.signature_def_utils.MethodNameUpdater',
    ],
    'TF API modules outside the core inventory: not implemented': [
        'lite', 'lite.*', 'ragged', 'ragged.*',
    ],
    "tf.feature_column's sequence columns: their consumer (SequenceFeatures, contrib's sequence_input_layer) is not "
    "provided, and input_layer refuses them": [
        'feature_column.sequence_categorical_column_with_hash_bucket',
        'feature_column.sequence_categorical_column_with_identity',
        'feature_column.sequence_categorical_column_with_vocabulary_file',
        'feature_column.sequence_categorical_column_with_vocabulary_list', 'feature_column.sequence_numeric_column',
    ],
    "absl flags' parsers, serializers and validators: sessionflow's tf.flags has the DEFINE_* functions and FLAGS": [
        'app.flags.*', 'flags.*',
    ],
    "tf.test's benchmarks, local clusters and source paths: sessionflow's tf.test has TestCase, main and the checks": [
        'test.*',
    ],
    "object-based checkpoint helpers (PythonState, checkpoint sharding policies and callbacks): they serve "
    "tf.train.Checkpoint, which is outside the graph-and-session model (see that family)": [
        'train.experimental.MaxShardSizePolicy', 'train.experimental.PythonState',
        'train.experimental.ShardByTaskPolicy', 'train.experimental.ShardableTensor',
        'train.experimental.ShardingCallback',
    ],
    "global numeric checking: TF adds CheckNumericsV2 after each float op through an op-creation callback whose "
    "outputs replace the op's, which sessionflow's Graph does not have yet, and its error embeds a 30-frame stack "
    "trace of the op's creation (sessionflow keeps file:line); debug-info dumps (tfdbg2 files)": [
        'debugging.disable_check_numerics', 'debugging.enable_check_numerics', 'debugging.experimental',
        'debugging.experimental.disable_dump_debug_info', 'debugging.experimental.enable_dump_debug_info',
    ],
    'SDCA optimizer ops: not implemented': [
        'train.sdca_fprint', 'train.sdca_optimizer', 'train.sdca_shrink_l1',
    ],
}

# Families other work is landing now: they may be provided before they leave the table.
IN_FLIGHT = frozenset()

NOT_PROVIDED = {name: reason for reason, names in NOT_PROVIDED_BY_FAMILY.items() for name in names}
