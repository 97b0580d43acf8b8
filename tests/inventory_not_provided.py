"""The TF1 API names (sessionflow/_tf1_names.txt) that sessionflow does not provide, each with its reason.

tests/test_inventory.py fails when a name of the inventory is neither provided nor listed here, and when a
name listed here is provided (move it out as it lands). An entry ending in `.*` stands for a whole sub-module
outside the core inventory (every name under it)."""

NOT_PROVIDED_BY_FAMILY = {
    'TensorArray: its own module, being written separately': [
        'TensorArray', 'TensorArraySpec',
    ],
    'input pipelines: conditional accumulators (not queues)': [
        'ConditionalAccumulator', 'ConditionalAccumulatorBase', 'SparseConditionalAccumulator',
        'sparse.SparseConditionalAccumulator',
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
    "complex dtypes and FFTs: sessionflow's kernels are real-valued": [
        'angle', 'complex', 'conj', 'dtypes.complex', 'fft', 'fft2d', 'fftnd', 'ifft', 'ifft2d', 'ifftnd',
        'imag', 'irfftnd', 'math.angle', 'math.conj', 'math.imag', 'math.real', 'real', 'rfftnd', 'spectral',
        'spectral.dct', 'spectral.fft', 'spectral.fft2d', 'spectral.idct', 'spectral.ifft', 'spectral.ifft2d',
        'spectral.irfft', 'spectral.irfft2d', 'spectral.rfft', 'spectral.rfft2d',
    ],
    'quantized dtypes and ops: no quantized kernels': [
        'QUANTIZED_DTYPES', 'dequantize', 'dtypes.QUANTIZED_DTYPES', 'dtypes.qint16', 'dtypes.qint32',
        'dtypes.qint8', 'dtypes.quint16', 'dtypes.quint8', 'fake_quant_with_min_max_args',
        'fake_quant_with_min_max_args_gradient', 'fake_quant_with_min_max_vars',
        'fake_quant_with_min_max_vars_gradient', 'fake_quant_with_min_max_vars_per_channel',
        'fake_quant_with_min_max_vars_per_channel_gradient', 'nn.quantized_avg_pool', 'nn.quantized_conv2d',
        'nn.quantized_max_pool', 'nn.quantized_relu_x', 'qint16', 'qint32', 'qint8', 'quantize', 'quantize_v2',
        'quantized_concat', 'quint16', 'quint8', 'train.do_quantize_training_on_graphdef',
    ],
    'device placement and distributed execution: sessionflow runs in one process on the CPU': [
        'DeviceSpec', 'check_pinned', 'config', 'config.*', 'debugging.get_log_device_placement',
        'debugging.set_log_device_placement', 'distribute.*', 'experimental', 'experimental.*',
        'graph_util.must_run_on_cpu', 'mlir', 'mlir.*', 'profiler', 'profiler.*', 'tpu', 'tpu.*',
        'train.ClusterDef', 'train.ClusterSpec', 'train.JobDef', 'train.Server', 'train.ServerDef',
        'train.SyncReplicasOptimizer', 'train.replica_device_setter', 'xla', 'xla.*',
    ],
    'TF 2.x eager/object APIs (tf.function, tape, specs, Checkpoint, Generator): outside the graph-and-session model': [
        'CriticalSection', 'GradientTape', 'IndexedSlicesSpec', 'Module', 'NoneTensorSpec', 'OptionalSpec',
        'TensorSpec', 'TypeSpec', 'control_flow_v2_enabled', 'executing_eagerly_outside_functions', 'function',
        'grad_pass_through', 'is_symbolic_tensor', 'random.Algorithm', 'random.Generator',
        'random.create_rng_state', 'random.experimental.Algorithm', 'random.experimental.Generator',
        'random.experimental.create_rng_state', 'random.experimental.get_global_generator',
        'random.experimental.set_global_generator', 'random.get_global_generator',
        'random.set_global_generator', 'recompute_grad', 'train.Checkpoint', 'train.CheckpointManager',
        'train.CheckpointOptions', 'type_spec_from_value', 'variable_creator_scope', 'vectorized_map',
        'wrap_function',
    ],
    'lookup tables: the dense (open-addressing) table is not implemented': [
        'lookup.experimental.DenseHashTable',
    ],
    'persistent session tensor handles: not implemented': [
        'delete_session_tensor', 'get_session_handle', 'get_session_tensor',
    ],
    "custom op libraries and TF's C++ build: sessionflow has no C++ kernels to extend": [
        'CXX_VERSION', 'load_file_system_library', 'load_library', 'load_op_library',
    ],
    'special functions (Bessel, incomplete gamma/beta, zeta, ...): not implemented yet': [
        'betainc', 'igamma', 'igammac', 'math.bessel_i0', 'math.bessel_i0e', 'math.bessel_i1', 'math.bessel_i1e',
        'math.betainc', 'math.igamma', 'math.igammac', 'math.sobol_sample', 'math.special',
        'math.special.bessel_i0', 'math.special.bessel_i0e', 'math.special.bessel_i1', 'math.special.bessel_i1e',
        'math.special.bessel_j0', 'math.special.bessel_j1', 'math.special.bessel_k0', 'math.special.bessel_k0e',
        'math.special.bessel_k1', 'math.special.bessel_k1e', 'math.special.bessel_y0', 'math.special.bessel_y1',
        'math.special.dawsn', 'math.special.expint', 'math.special.fresnel_cos', 'math.special.fresnel_sin',
        'math.special.spence',
    ],
    'linear algebra not implemented yet (LinearOperator classes, LU, expm, ...)': [
        'linalg.LinearOperator', 'linalg.LinearOperatorAdjoint', 'linalg.LinearOperatorBlockDiag',
        'linalg.LinearOperatorBlockLowerTriangular', 'linalg.LinearOperatorCirculant',
        'linalg.LinearOperatorCirculant2D', 'linalg.LinearOperatorComposition', 'linalg.LinearOperatorDiag',
        'linalg.LinearOperatorFullMatrix', 'linalg.LinearOperatorHouseholder', 'linalg.LinearOperatorIdentity',
        'linalg.LinearOperatorInversion', 'linalg.LinearOperatorKronecker', 'linalg.LinearOperatorLowRankUpdate',
        'linalg.LinearOperatorLowerTriangular', 'linalg.LinearOperatorPermutation',
        'linalg.LinearOperatorScaledIdentity', 'linalg.LinearOperatorToeplitz', 'linalg.LinearOperatorTridiag',
        'linalg.LinearOperatorZeros', 'linalg.eigh_tridiagonal', 'linalg.experimental',
        'linalg.experimental.conjugate_gradient', 'linalg.expm', 'linalg.logm', 'linalg.lu',
        'linalg.lu_matrix_inverse', 'linalg.lu_reconstruct', 'linalg.lu_solve', 'linalg.matrix_rank',
        'linalg.normalize', 'linalg.pinv', 'linalg.tridiagonal_matmul', 'linalg.tridiagonal_solve',
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
    'random ops not implemented yet (stateless, gamma, poisson)': [
        'random.experimental.index_shuffle', 'random.experimental.stateless_shuffle',
        'random.fixed_unigram_candidate_sampler', 'random.learned_unigram_candidate_sampler',
        'random.stateless_binomial', 'random.stateless_categorical', 'random.stateless_multinomial',
        'random.stateless_parameterized_truncated_normal', 'random_index_shuffle',
    ],
    'TF API modules outside the core inventory: not implemented': [
        'audio', 'audio.*', 'autograph', 'autograph.*', 'distributions', 'distributions.*', 'estimator',
        'feature_column', 'feature_column.*', 'lite', 'lite.*', 'mixed_precision',
        'mixed_precision.*', 'quantization', 'quantization.*', 'ragged', 'ragged.*', 'raw_ops',
        'resource_loader', 'resource_loader.*', 'signal', 'signal.*', 'sysconfig', 'sysconfig.*', 'types',
        'types.*', 'user_ops', 'user_ops.*',
    ],
    "absl flags' parsers, serializers and validators: sessionflow's tf.flags has the DEFINE_* functions and FLAGS": [
        'app.flags.*', 'flags.*',
    ],
    "tf.test's benchmarks, local clusters and source paths: sessionflow's tf.test has TestCase, main and the checks": [
        'test.*',
    ],
    '4-bit and 8-bit float/int dtypes: NumPy has no such types': [
        'dtypes.experimental', 'dtypes.experimental.float4_e2m1fn', 'dtypes.experimental.float8_e4m3b11fnuz',
        'dtypes.experimental.float8_e4m3fn', 'dtypes.experimental.float8_e4m3fnuz',
        'dtypes.experimental.float8_e5m2', 'dtypes.experimental.float8_e5m2fnuz', 'dtypes.experimental.int2',
        'dtypes.experimental.int4', 'dtypes.experimental.uint2', 'dtypes.experimental.uint4',
    ],
    'mixed precision and checkpoint sharding (tf.train.experimental): not implemented': [
        'train.experimental', 'train.experimental.DynamicLossScale', 'train.experimental.FixedLossScale',
        'train.experimental.LossScale', 'train.experimental.MaxShardSizePolicy',
        'train.experimental.MixedPrecisionLossScaleOptimizer', 'train.experimental.PythonState',
        'train.experimental.ShardByTaskPolicy', 'train.experimental.ShardableTensor',
        'train.experimental.ShardingCallback', 'train.experimental.disable_mixed_precision_graph_rewrite',
        'train.experimental.enable_mixed_precision_graph_rewrite',
    ],
    'global numeric checking and traceback filtering switches of TF 2.x: not implemented': [
        'debugging.disable_check_numerics', 'debugging.disable_traceback_filtering',
        'debugging.enable_check_numerics', 'debugging.enable_traceback_filtering', 'debugging.experimental',
        'debugging.experimental.disable_dump_debug_info', 'debugging.experimental.enable_dump_debug_info',
        'debugging.is_traceback_filtering_enabled',
    ],
    'tf.nn.experimental (stateless and general dropout): not implemented yet': [
        'nn.experimental', 'nn.experimental.general_dropout', 'nn.experimental.stateless_dropout',
    ],
    '3-D and separable convolutions/pooling, transposed convolutions beyond conv2d_transpose: not implemented yet': [
        'fft3d', 'ifft3d', 'linalg.LinearOperatorCirculant3D', 'spectral.fft3d', 'spectral.ifft3d',
        'spectral.irfft3d', 'spectral.rfft3d',
    ],
    'SDCA optimizer ops: not implemented': [
        'train.sdca_fprint', 'train.sdca_optimizer', 'train.sdca_shrink_l1',
    ],
    'not implemented yet: plain ops, aliases and helpers still to add': [
        'nn.fixed_unigram_candidate_sampler', 'nn.learned_unigram_candidate_sampler',
    ],
}

# Families other work is landing now: they may be provided before they leave the table.
IN_FLIGHT = frozenset(NOT_PROVIDED_BY_FAMILY['TensorArray: its own module, being written separately'])

NOT_PROVIDED = {name: reason for reason, names in NOT_PROVIDED_BY_FAMILY.items() for name in names}
