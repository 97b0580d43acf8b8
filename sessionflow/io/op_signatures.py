"""TF's signatures of the op types sessionflow registers: each input's type (`x:T, y:T -> z:T`, as TF
prints an op) and the attrs TF requires (those without a default, `name:type`). Importing a GraphDef
checks its NodeDefs against them as TF does (io/graph_def.py). Generated from TF 2.21's op registry by
`tools/make_op_signatures.py` (do not edit). An op type missing here (sessionflow's own) is checked
against its sessionflow declaration only."""

_GROUPED = {
    ('x:T -> y:T', ('T:type',)): (
        "Abs Acos Acosh Asin Asinh Atan Atanh Ceil Cos Cosh Digamma Erf Erfc Exp Expm1 Floor Invert Lgamma Log"
        " Log1p Neg OnesLike Reciprocal Rint Round Rsqrt Sigmoid Sign Sin Sinh Sqrt Square Tan Tanh ZerosLike"),
    ('x:T, y:T -> z:T', ('T:type',)): (
        "Add AddV2 BitwiseAnd BitwiseOr BitwiseXor Div DivNoNan FloorDiv FloorMod Maximum Minimum Mul Pow RealDiv"
        " SquaredDifference Sub TruncateDiv TruncateMod"),
    ('resource:resource, indices:Tindices, updates:dtype -> ', ('dtype:type', 'Tindices:type')): (
        "ResourceScatterAdd ResourceScatterDiv ResourceScatterMax ResourceScatterMin ResourceScatterMul"
        " ResourceScatterSub ResourceScatterUpdate"),
    ('features:T -> activations:T', ('T:type',)): (
        "Elu Relu Relu6 Selu Softplus Softsign"),
    ('input:T -> output:T', ('T:type',)): (
        "Cholesky Identity MatrixDeterminant MatrixInverse Squeeze StopGradient"),
    ('x:T, y:T -> z:bool', ('T:type',)): (
        "Equal Greater GreaterEqual Less LessEqual NotEqual"),
    ('data:T, segment_ids:Tindices -> output:T', ('T:type', 'Tindices:type')): (
        "SegmentMax SegmentMean SegmentMin SegmentProd SegmentSum"),
    ('input:T, reduction_indices:Tidx -> output:T', ('T:type',)): (
        "Max Mean Min Prod Sum"),
    ('data:T, segment_ids:Tindices, num_segments:Tnumsegments -> output:T', ('T:type', 'Tindices:type')): (
        "UnsortedSegmentMax UnsortedSegmentMin UnsortedSegmentProd UnsortedSegmentSum"),
    ('data:T, indices:Tidx, segment_ids:Tsegmentids -> output:T', ('T:type',)): (
        "SparseSegmentMean SparseSegmentSqrtN SparseSegmentSum"),
    ('data:T, indices:Tidx, segment_ids:Tsegmentids, num_segments:Tnumsegments -> output:T', ('T:type',)): (
        "SparseSegmentMeanWithNumSegments SparseSegmentSqrtNWithNumSegments SparseSegmentSumWithNumSegments"),
    (
        'grad:T, indices:Tidx, segment_ids:Tsegmentids, dense_output_dim0:int32 -> output:T, '
        'sorted_unique_indices:Tidx',
        ('T:type',),
    ): (
        "SparseSegmentMeanGradV2 SparseSegmentSqrtNGradV2 SparseSegmentSumGradV2"),
    ('grad:T, indices:Tidx, segment_ids:Tsegmentids, output_dim0:int32 -> output:T', ('T:type',)): (
        "SparseSegmentMeanGrad SparseSegmentSqrtNGrad SparseSegmentSumGrad"),
    ('images:T, size:int32 -> resized_images:float', ('T:type',)): (
        "ResizeArea ResizeBicubic ResizeBilinear"),
    ('input_dataset:variant -> handle:variant', ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1')): (
        "IgnoreErrorsDataset UnbatchDataset UniqueDataset"),
    (
        'input_dataset:variant, count:int64 -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "RepeatDataset SkipDataset TakeDataset"),
    ('ref:Ref(T), indices:Tindices, updates:T -> output_ref:Ref(T)', ('T:type', 'Tindices:type')): (
        "ScatterAdd ScatterSub ScatterUpdate"),
    ('ref:Ref(T), value:T -> output_ref:Ref(T)', ('T:type',)): (
        "Assign AssignAdd AssignSub"),
    ('resource:resource, value:dtype -> ', ('dtype:type',)): (
        "AssignAddVariableOp AssignSubVariableOp AssignVariableOp"),
    ('shape:T -> output:dtype', ('dtype:type', 'T:type')): (
        "RandomStandardNormal RandomUniform TruncatedNormal"),
    ('x:T -> y:bool', ('T:type',)): (
        "IsFinite IsInf IsNan"),
    ('a:T, b:T -> product:T', ('T:type',)): (
        "Cross MatMul"),
    (
        'components:Toutput_types -> handle:variant',
        ('Toutput_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "TensorDataset TensorSliceDataset"),
    ('condition:bool, t:T, e:T -> output:T', ('T:type',)): (
        "Select SelectV2"),
    ('filenames:string, compression_type:string, buffer_size:int64 -> handle:variant', ()): (
        "TFRecordDataset TextLineDataset"),
    ('gradients:T, features:T -> backprops:T', ('T:type',)): (
        "Relu6Grad ReluGrad"),
    ('gradients:T, outputs:T -> backprops:T', ('T:type',)): (
        "EluGrad SeluGrad"),
    ('grads:float, original_image:T -> output:T', ('T:type',)): (
        "ResizeBicubicGrad ResizeBilinearGrad"),
    ('indices:N*int32, data:N*T -> merged:T', ('N:int,min=1', 'T:type')): (
        "DynamicStitch ParallelDynamicStitch"),
    ('input:T -> output:T', ('T:type', 'block_size:int,min=2')): (
        "DepthToSpace SpaceToDepth"),
    ('input:T -> output:T', ('ksize:list(int),min=5', 'strides:list(int),min=5', 'padding:string', 'T:type')): (
        "AvgPool3D MaxPool3D"),
    ('input:T -> output:out_type', ('T:type',)): (
        "Shape Size"),
    ('input:T, dimension:Tidx -> output:output_type', ('T:type',)): (
        "ArgMax ArgMin"),
    ('input:T, filter:T -> output:T', ('T:type', 'strides:list(int)', 'padding:string')): (
        "Conv2D DepthwiseConv2dNative"),
    ('input:T, filter_sizes:int32, out_backprop:T -> output:T', ('T:type', 'strides:list(int)', 'padding:string')): (
        "Conv2DBackpropFilter DepthwiseConv2dNativeBackpropFilter"),
    ('input:T, paddings:Tpaddings -> output:T', ('T:type', 'mode:string')): (
        "MirrorPad MirrorPadGrad"),
    ('input:bool, reduction_indices:Tidx -> output:bool', ()): (
        "All Any"),
    (
        'input_dataset:variant, other_arguments:Targuments -> handle:variant',
        ('f:func', 'Targuments:list(type),min=0', 'output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "FlatMapDataset MapDataset"),
    (
        'input_dataset:variant, other_arguments:Targuments -> handle:variant',
        (
            'predicate:func',
            'Targuments:list(type),min=0',
            'output_types:list(type),min=1',
            'output_shapes:list(shape),min=1',
        ),
    ): (
        "FilterDataset TakeWhileDataset"),
    ('input_sizes:int32, filter:T, out_backprop:T -> output:T', ('T:type', 'strides:list(int)', 'padding:string')): (
        "Conv2DBackpropInput DepthwiseConv2dNativeBackpropInput"),
    ('matrix:T, rhs:T -> output:T', ('T:type',)): (
        "MatrixSolve MatrixTriangularSolve"),
    ('sorted_inputs:T, values:T -> output:out_type', ('T:type',)): (
        "LowerBound UpperBound"),
    (
        'true_classes:int64 -> sampled_candidates:int64, true_expected_count:float, sampled_expected_count:float',
        ('num_true:int,min=1', 'num_sampled:int,min=1', 'unique:bool', 'range_max:int,min=1'),
    ): (
        "LogUniformCandidateSampler UniformCandidateSampler"),
    ('x:T, axis:Tidx -> out:T', ('T:type',)): (
        "Cumprod Cumsum"),
    ('x:bool, y:bool -> z:bool', ()): (
        "LogicalAnd LogicalOr"),
    (' -> ', ()): (
        "NoOp"),
    (
        ' -> handle:resource',
        ('dataset_factory:func', 'output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "OneShotIterator"),
    (
        ' -> handle:resource',
        ('shared_name:string', 'container:string', 'output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "IteratorV2"),
    (' -> optional:variant', ()): (
        "OptionalNone"),
    (' -> output:dtype', ('dtype:type',)): (
        "Placeholder"),
    (' -> output:dtype', ('value:tensor', 'dtype:type')): (
        "Const"),
    (' -> ref:Ref(dtype)', ('shape:shape', 'dtype:type')): (
        "VariableV2"),
    (' -> resource:resource', ('dtype:type', 'shape:shape')): (
        "VarHandleOp"),
    ('a:T, x:T -> z:T', ('T:type',)): (
        "Polygamma"),
    ('components:Toutput_types -> optional:variant', ('Toutput_types:list(type),min=1',)): (
        "OptionalFromValue"),
    (
        'cond:Tcond, input:Tin -> output:Tout',
        ('Tcond:type', 'Tin:list(type),min=0', 'Tout:list(type),min=0', 'then_branch:func', 'else_branch:func'),
    ): (
        "If"),
    ('condition:bool, data:T -> ', ('T:list(type),min=1',)): (
        "Assert"),
    ('data:T, partitions:int32 -> outputs:num_partitions*T', ('num_partitions:int,min=1', 'T:type')): (
        "DynamicPartition"),
    ('dataset:variant, iterator:resource -> ', ()): (
        "MakeIterator"),
    ('diagonal:T -> output:T', ('T:type',)): (
        "Diag"),
    ('diagonal:T, k:int32, num_rows:int32, num_cols:int32, padding_value:T -> output:T', ('T:type',)): (
        "MatrixDiagV3"),
    ('dims:index_type, value:T -> output:T', ('T:type',)): (
        "Fill"),
    ('element_shape:shape_type, max_num_elements:int32 -> handle:variant', ('element_dtype:type', 'shape_type:type')): (
        "EmptyTensorList"),
    ('element_shape:shape_type, num_elements:int32 -> handle:variant', ('element_dtype:type', 'shape_type:type')): (
        "TensorListReserve"),
    ('features:T -> activations:T', ()): (
        "LeakyRelu"),
    ('features:T, labels:T -> loss:T, backprop:T', ('T:type',)): (
        "SoftmaxCrossEntropyWithLogits"),
    ('features:T, labels:Tlabels -> loss:T, backprop:T', ('T:type',)): (
        "SparseSoftmaxCrossEntropyWithLogits"),
    (
        'filenames:string, compression_type:string, buffer_size:int64, header:bool, field_delim:string, '
        'use_quote_delim:bool, na_value:string, select_cols:int64, record_defaults:output_types, exclude_cols:int64 '
        '-> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "CSVDatasetV2"),
    (
        'filenames:string, header_bytes:int64, record_bytes:int64, footer_bytes:int64, buffer_size:int64, '
        'compression_type:string -> handle:variant',
        (),
    ): (
        "FixedLengthRecordDatasetV2"),
    ('gradients:T, features:T -> backprops:T', ()): (
        "LeakyReluGrad"),
    ('grads:T, size:int32 -> output:T', ('T:type',)): (
        "ResizeNearestNeighborGrad"),
    (
        'images:T -> patches:T',
        ('ksizes:list(int),min=4', 'strides:list(int),min=4', 'rates:list(int),min=4', 'T:type', 'padding:string'),
    ): (
        "ExtractImagePatches"),
    ('images:T, size:int32 -> resized_images:T', ('T:type',)): (
        "ResizeNearestNeighbor"),
    ('indices:TI, depth:int32, on_value:T, off_value:T -> output:T', ('T:type',)): (
        "OneHot"),
    ('indices:Tindices, updates:T, shape:Tindices -> output:T', ('T:type', 'Tindices:type')): (
        "ScatterNd"),
    (
        'init_func_other_args:Tinit_func_args, next_func_other_args:Tnext_func_args, '
        'finalize_func_other_args:Tfinalize_func_args -> handle:variant',
        (
            'init_func:func',
            'next_func:func',
            'finalize_func:func',
            'Tinit_func_args:list(type),min=0',
            'Tnext_func_args:list(type),min=0',
            'Tfinalize_func_args:list(type),min=0',
            'output_types:list(type),min=1',
            'output_shapes:list(shape),min=1',
        ),
    ): (
        "GeneratorDataset"),
    ('input:N*T -> output:N*out_type', ('N:int,min=1', 'T:type')): (
        "ShapeN"),
    ('input:T -> diagonal:T', ('T:type',)): (
        "DiagPart"),
    ('input:T -> e:T, v:T', ('T:type',)): (
        "SelfAdjointEigV2"),
    ('input:T -> index:int64', ()): (
        "Where"),
    ('input:T -> output:T', ()): (
        "LRN"),
    ('input:T -> output:T', ('T:list(type),min=0', 'cond:func', 'body:func')): (
        "While"),
    ('input:T -> output:T', ('T:list(type),min=1',)): (
        "IdentityN"),
    ('input:T -> output:T', ('ksize:list(int),min=4', 'strides:list(int),min=4', 'padding:string')): (
        "MaxPool"),
    ('input:T -> output:T', ('shape:shape', 'T:type')): (
        "EnsureShape"),
    ('input:T -> output:int32', ('T:type',)): (
        "Rank"),
    ('input:T -> output:type', ('T:type', 'type:type')): (
        "Bitcast"),
    ('input:T -> q:T, r:T', ('T:type',)): (
        "Qr"),
    ('input:T -> s:T, u:T, v:T', ('T:type',)): (
        "Svd"),
    ('input:T -> sign:T, log_abs_determinant:T', ('T:type',)): (
        "LogMatrixDeterminant"),
    ('input:T, begin:Index, end:Index, strides:Index -> output:T', ('T:type', 'Index:type')): (
        "StridedSlice"),
    ('input:T, begin:Index, size:Index -> output:T', ('T:type', 'Index:type')): (
        "Slice"),
    ('input:T, block_shape:Tblock_shape, crops:Tcrops -> output:T', ('T:type',)): (
        "BatchToSpaceND"),
    ('input:T, block_shape:Tblock_shape, paddings:Tpaddings -> output:T', ('T:type',)): (
        "SpaceToBatchND"),
    ('input:T, data:U -> output:T', ('T:type', 'U:list(type),min=0')): (
        "Print"),
    ('input:T, diagonal:T, k:int32 -> output:T', ('T:type',)): (
        "MatrixSetDiagV3"),
    ('input:T, dim:Tdim -> output:T', ('T:type',)): (
        "ExpandDims"),
    ('input:T, k:Tk -> values:T, indices:index_type', ('T:type',)): (
        "TopKV2"),
    ('input:T, k:int32, padding_value:T -> diagonal:T', ('T:type',)): (
        "MatrixDiagPartV3"),
    ('input:T, multiples:Tmultiples -> output:T', ('T:type',)): (
        "Tile"),
    ('input:T, num_lower:Tindex, num_upper:Tindex -> band:T', ('T:type',)): (
        "MatrixBandPart"),
    ('input:T, paddings:Tpaddings -> output:T', ('T:type',)): (
        "Pad"),
    ('input:T, paddings:Tpaddings, constant_values:T -> output:T', ('T:type',)): (
        "PadV2"),
    ('input:T, seq_lengths:Tlen -> output:T', ('seq_dim:int', 'T:type')): (
        "ReverseSequence"),
    ('input:T, shape:Tidx -> output:T', ('T:type',)): (
        "BroadcastTo"),
    ('input:Tidx, size:Tidx, weights:T -> output:T', ('Tidx:type', 'T:type')): (
        "DenseBincount"),
    ('input:dtype -> output:dtype', ('dtype:type', 'shape:shape')): (
        "PlaceholderWithDefault"),
    ('input:resource -> output:out_type', ()): (
        "VariableShape"),
    ('input:string -> ', ()): (
        "PrintV2"),
    (
        'input_dataset:variant, another_dataset:variant -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "ConcatenateDataset"),
    (
        'input_dataset:variant, batch_size:int64, drop_remainder:bool -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "BatchDatasetV2"),
    (
        'input_dataset:variant, batch_size:int64, padded_shapes:N*int64, padding_values:Toutput_types, '
        'drop_remainder:bool -> handle:variant',
        ('Toutput_types:list(type),min=1', 'output_shapes:list(shape),min=1', 'N:int,min=1'),
    ): (
        "PaddedBatchDatasetV2"),
    (
        'input_dataset:variant, buffer_size:int64 -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "PrefetchDataset"),
    (
        'input_dataset:variant, buffer_size:int64, seed:int64, seed2:int64 -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "ShuffleDataset"),
    (
        'input_dataset:variant, buffer_size:int64, seed:int64, seed2:int64, count:int64 -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "ShuffleAndRepeatDataset"),
    (
        'input_dataset:variant, filename:string -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "CacheDataset"),
    (
        'input_dataset:variant, initial_state:Tstate, other_arguments:Targuments -> handle:variant',
        (
            'f:func',
            'Tstate:list(type),min=1',
            'Targuments:list(type),min=0',
            'output_types:list(type),min=1',
            'output_shapes:list(shape),min=1',
        ),
    ): (
        "ScanDataset"),
    (
        'input_dataset:variant, key_func_other_arguments:Tkey_func_other_arguments, '
        'reduce_func_other_arguments:Treduce_func_other_arguments, '
        'window_size_func_other_arguments:Twindow_size_func_other_arguments -> handle:variant',
        (
            'key_func:func',
            'reduce_func:func',
            'window_size_func:func',
            'Tkey_func_other_arguments:list(type),min=0',
            'Treduce_func_other_arguments:list(type),min=0',
            'Twindow_size_func_other_arguments:list(type),min=0',
            'output_types:list(type),min=1',
            'output_shapes:list(shape),min=1',
        ),
    ): (
        "GroupByWindowDataset"),
    (
        'input_dataset:variant, num_shards:int64, index:int64 -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "ShardDataset"),
    (
        'input_dataset:variant, other_arguments:Targuments, batch_size:int64, num_parallel_calls:int64, '
        'drop_remainder:bool -> handle:variant',
        ('f:func', 'Targuments:list(type),min=0', 'output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "MapAndBatchDataset"),
    (
        'input_dataset:variant, other_arguments:Targuments, cycle_length:int64, block_length:int64 -> handle:variant',
        ('f:func', 'Targuments:list(type),min=0', 'output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "InterleaveDataset"),
    (
        'input_dataset:variant, other_arguments:Targuments, cycle_length:int64, block_length:int64, '
        'buffer_output_elements:int64, prefetch_input_elements:int64 -> handle:variant',
        ('f:func', 'Targuments:list(type),min=0', 'output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "LegacyParallelInterleaveDatasetV2"),
    (
        'input_dataset:variant, other_arguments:Targuments, cycle_length:int64, block_length:int64, '
        'buffer_output_elements:int64, prefetch_input_elements:int64, num_parallel_calls:int64 -> handle:variant',
        ('f:func', 'Targuments:list(type),min=0', 'output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "ParallelInterleaveDatasetV4"),
    (
        'input_dataset:variant, other_arguments:Targuments, num_parallel_calls:int64 -> handle:variant',
        ('f:func', 'Targuments:list(type),min=0', 'output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "ParallelMapDatasetV2"),
    (
        'input_dataset:variant, rewrite_name:string -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "RewriteDataset"),
    (
        'input_dataset:variant, size:int64, shift:int64, stride:int64, drop_remainder:bool -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "WindowDataset"),
    (
        'input_datasets:N*variant -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1', 'N:int,min=1'),
    ): (
        "ZipDataset"),
    ('input_grads:T, input_image:T, output_image:T -> output:T', ()): (
        "LRNGrad"),
    ('input_handle:variant -> element_shape:shape_type', ('shape_type:type',)): (
        "TensorListElementShape"),
    ('input_handle:variant -> length:int32', ()): (
        "TensorListLength"),
    (
        'input_handle:variant, element_shape:int32 -> output_handle:variant, tensor:element_dtype',
        ('element_dtype:type',),
    ): (
        "TensorListPopBack"),
    ('input_handle:variant, element_shape:int32 -> tensor:element_dtype', ('element_dtype:type',)): (
        "TensorListStack"),
    ('input_handle:variant, index:int32, element_shape:Tshape -> item:element_dtype', ('element_dtype:type',)): (
        "TensorListGetItem"),
    ('input_handle:variant, index:int32, item:element_dtype -> output_handle:variant', ('element_dtype:type',)): (
        "TensorListSetItem"),
    ('input_handle:variant, indices:int32, element_shape:int32 -> values:element_dtype', ('element_dtype:type',)): (
        "TensorListGather"),
    ('input_handle:variant, tensor:element_dtype -> output_handle:variant', ('element_dtype:type',)): (
        "TensorListPushBack"),
    ('input_handle:variant, tensor:element_dtype, indices:int32 -> output_handle:variant', ('element_dtype:type',)): (
        "TensorListScatterIntoExistingList"),
    ('inputs:N*T -> output:T', ('equation:string', 'N:int,min=1', 'T:type')): (
        "Einsum"),
    ('inputs:N*T -> sum:T', ('N:int,min=1', 'T:type')): (
        "AddN"),
    ('inputs:N*string -> summary:string', ('N:int,min=1',)): (
        "MergeSummary"),
    ('inputs:T -> output:string', ('T:list(type),min=0',)): (
        "StringFormat"),
    (
        'iterator:resource -> components:output_types',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "IteratorGetNext"),
    ('iterator:resource -> optional:variant', ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1')): (
        "IteratorGetNextAsOptional"),
    ('logits:T -> logsoftmax:T', ('T:type',)): (
        "LogSoftmax"),
    ('logits:T -> softmax:T', ('T:type',)): (
        "Softmax"),
    ('logits:T, num_samples:int32 -> output:output_dtype', ('T:type',)): (
        "Multinomial"),
    ('matrix:T, rhs:T, l2_regularizer:double -> output:T', ('T:type',)): (
        "MatrixSolveLs"),
    (
        'optional:variant -> components:output_types',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "OptionalGetValue"),
    ('optional:variant -> has_value:bool', ()): (
        "OptionalHasValue"),
    (
        'orig_input:T, orig_output:T, grad:T -> output:T',
        ('ksize:list(int),min=4', 'strides:list(int),min=4', 'padding:string'),
    ): (
        "MaxPoolGrad"),
    (
        'orig_input:T, orig_output:T, grad:T -> output:T',
        ('ksize:list(int),min=4', 'strides:list(int),min=4', 'padding:string', 'T:type'),
    ): (
        "MaxPoolGradGrad"),
    (
        'orig_input:T, orig_output:T, grad:T -> output:T',
        ('ksize:list(int),min=5', 'strides:list(int),min=5', 'padding:string', 'T:type'),
    ): (
        "MaxPool3DGradGrad"),
    (
        'orig_input:TInput, orig_output:TInput, grad:T -> output:T',
        ('ksize:list(int),min=5', 'strides:list(int),min=5', 'padding:string'),
    ): (
        "MaxPool3DGrad"),
    (
        'orig_input_shape:int32, grad:T -> output:T',
        ('ksize:list(int),min=4', 'strides:list(int),min=4', 'padding:string', 'T:type'),
    ): (
        "AvgPoolGrad"),
    (
        'orig_input_shape:int32, grad:T -> output:T',
        ('ksize:list(int),min=5', 'strides:list(int),min=5', 'padding:string', 'T:type'),
    ): (
        "AvgPool3DGrad"),
    ('out_backprop:T -> output:T', ('T:type',)): (
        "BiasAddGrad"),
    ('params:Tparams, indices:Tindices -> output:Tparams', ('Tparams:type', 'Tindices:type')): (
        "GatherNd"),
    (
        'params:Tparams, indices:Tindices, axis:Taxis -> output:Tparams',
        ('Tparams:type', 'Tindices:type', 'Taxis:type'),
    ): (
        "GatherV2"),
    ('predictions:float, targets:T, k:T -> precision:bool', ()): (
        "InTopKV2"),
    ('prefix:string, tensor_names:string, shape_and_slices:string -> tensors:dtypes', ('dtypes:list(type),min=1',)): (
        "RestoreV2"),
    ('prefix:string, tensor_names:string, shape_and_slices:string, tensors:dtypes -> ', ('dtypes:list(type),min=1',)): (
        "SaveV2"),
    ('ref:Ref(dtype) -> is_initialized:bool', ('dtype:type',)): (
        "IsVariableInitialized"),
    ('resource:resource -> is_initialized:bool', ()): (
        "VarIsInitializedOp"),
    ('resource:resource -> value:dtype', ('dtype:type',)): (
        "ReadVariableOp"),
    ('resource:resource, indices:Tindices -> output:dtype', ('dtype:type', 'Tindices:type')): (
        "ResourceGather"),
    ('resource_handle:resource -> string_handle:string', ()): (
        "IteratorToStringHandle"),
    ('s0:T, s1:T -> r0:T', ()): (
        "BroadcastArgs"),
    ('s0:T, s1:T -> r0:T, r1:T', ()): (
        "BroadcastGradientArgs"),
    (
        'selector_input_dataset:variant, data_input_datasets:N*variant -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1', 'N:int,min=1'),
    ): (
        "DirectedInterleaveDataset"),
    ('shape:Index, begin:Index, end:Index, strides:Index, dy:T -> output:T', ('T:type', 'Index:type')): (
        "StridedSliceGrad"),
    ('shape:T, minval:Tout, maxval:Tout -> output:Tout', ('Tout:type', 'T:type')): (
        "RandomUniformInt"),
    (
        'sparse_indices:Tindices, output_shape:Tindices, sparse_values:T, default_value:T -> dense:T',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseToDense"),
    ('split_dim:int32, value:T -> output:num_split*T', ('num_split:int,min=1', 'T:type')): (
        "Split"),
    ('start:T, stop:T, num:Tidx -> output:T', ('T:type',)): (
        "LinSpace"),
    ('start:Tidx, limit:Tidx, delta:Tidx -> output:Tidx', ()): (
        "Range"),
    (
        'start:int64, stop:int64, step:int64 -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "RangeDataset"),
    ('string_handle:string -> resource_handle:resource', ()): (
        "IteratorFromStringHandleV2"),
    ('t:T -> output:T', ('T:type',)): (
        "L2Loss"),
    ('tag:string, tensor:T -> summary:string', ()): (
        "ImageSummary"),
    ('tag:string, tensor:T, serialized_summary_metadata:string -> summary:string', ('T:type',)): (
        "TensorSummaryV2"),
    ('tag:string, values:T -> summary:string', ()): (
        "HistogramSummary"),
    ('tags:string, values:T -> summary:string', ('T:type',)): (
        "ScalarSummary"),
    ('tensor:T -> output:T', ('T:type', 'message:string')): (
        "CheckNumerics"),
    ('tensor:T, axis:Tidx -> output:T', ('T:type',)): (
        "ReverseV2"),
    ('tensor:T, shape:Tshape -> output:T', ('T:type',)): (
        "Reshape"),
    (
        'tensor:element_dtype, element_shape:shape_type -> output_handle:variant',
        ('element_dtype:type', 'shape_type:type'),
    ): (
        "TensorListFromTensor"),
    (
        'true_classes:int64 -> sampled_candidates:int64, true_expected_count:float, sampled_expected_count:float',
        ('num_true:int,min=1', 'num_sampled:int,min=1', 'unique:bool'),
    ): (
        "AllCandidateSampler"),
    ('true_classes:int64, sampled_candidates:int64 -> indices:int32, ids:int64, weights:float', ('num_true:int',)): (
        "ComputeAccidentalHits"),
    ('value:T -> output:T', ('T:type',)): (
        "RandomShuffle"),
    ('value:T -> output:T', ('ksize:list(int),min=4', 'strides:list(int),min=4', 'padding:string', 'T:type')): (
        "AvgPool"),
    ('value:T -> output:num*T', ('num:int,min=0', 'T:type')): (
        "Unpack"),
    ('value:T, bias:T -> output:T', ('T:type',)): (
        "BiasAdd"),
    ('value:T, size_splits:Tlen, split_dim:int32 -> output:num_split*T', ('num_split:int,min=1', 'T:type')): (
        "SplitV"),
    ('values:N*T -> output:T', ('N:int,min=1', 'T:type')): (
        "Pack"),
    ('values:N*T, axis:Tidx -> output:T', ('N:int,min=2', 'T:type')): (
        "ConcatV2"),
    ('values:T, value_range:T, nbins:int32 -> out:dtype', ('T:type',)): (
        "HistogramFixedWidth"),
    ('var:Ref(T), accum:Ref(T), accum_update:Ref(T), lr:T, rho:T, epsilon:T, grad:T -> out:Ref(T)', ('T:type',)): (
        "ApplyAdadelta"),
    (
        'var:Ref(T), accum:Ref(T), accum_update:Ref(T), lr:T, rho:T, epsilon:T, grad:T, indices:Tindices -> out:Ref(T)',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseApplyAdadelta"),
    (
        'var:Ref(T), accum:Ref(T), linear:Ref(T), grad:T, indices:Tindices, lr:T, l1:T, l2:T, l2_shrinkage:T, '
        'lr_power:T -> out:Ref(T)',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseApplyFtrlV2"),
    (
        'var:Ref(T), accum:Ref(T), linear:Ref(T), grad:T, indices:Tindices, lr:T, l1:T, l2:T, lr_power:T -> out:Ref(T)',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseApplyFtrl"),
    (
        'var:Ref(T), accum:Ref(T), linear:Ref(T), grad:T, lr:T, l1:T, l2:T, l2_shrinkage:T, lr_power:T -> out:Ref(T)',
        ('T:type',),
    ): (
        "ApplyFtrlV2"),
    ('var:Ref(T), accum:Ref(T), linear:Ref(T), grad:T, lr:T, l1:T, l2:T, lr_power:T -> out:Ref(T)', ('T:type',)): (
        "ApplyFtrl"),
    ('var:Ref(T), accum:Ref(T), lr:T, grad:T -> out:Ref(T)', ('T:type',)): (
        "ApplyAdagrad"),
    ('var:Ref(T), accum:Ref(T), lr:T, grad:T, indices:Tindices -> out:Ref(T)', ('T:type', 'Tindices:type')): (
        "SparseApplyAdagrad"),
    (
        'var:Ref(T), accum:Ref(T), lr:T, grad:T, indices:Tindices, momentum:T -> out:Ref(T)',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseApplyMomentum"),
    ('var:Ref(T), accum:Ref(T), lr:T, grad:T, momentum:T -> out:Ref(T)', ('T:type',)): (
        "ApplyMomentum"),
    ('var:Ref(T), alpha:T, delta:T -> out:Ref(T)', ('T:type',)): (
        "ApplyGradientDescent"),
    ('var:Ref(T), alpha:T, l1:T, l2:T, delta:T -> out:Ref(T)', ('T:type',)): (
        "ApplyProximalGradientDescent"),
    ('var:Ref(T), alpha:T, l1:T, l2:T, grad:T, indices:Tindices -> out:Ref(T)', ('T:type', 'Tindices:type')): (
        "SparseApplyProximalGradientDescent"),
    (
        'var:Ref(T), m:Ref(T), v:Ref(T), beta1_power:T, beta2_power:T, lr:T, beta1:T, beta2:T, epsilon:T, grad:T -> '
        'out:Ref(T)',
        ('T:type',),
    ): (
        "ApplyAdam"),
    (
        'var:Ref(T), mg:Ref(T), ms:Ref(T), mom:Ref(T), lr:T, rho:T, momentum:T, epsilon:T, grad:T -> out:Ref(T)',
        ('T:type',),
    ): (
        "ApplyCenteredRMSProp"),
    (
        'var:Ref(T), mg:Ref(T), ms:Ref(T), mom:Ref(T), lr:T, rho:T, momentum:T, epsilon:T, grad:T, indices:Tindices '
        '-> out:Ref(T)',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseApplyCenteredRMSProp"),
    ('var:Ref(T), ms:Ref(T), mom:Ref(T), lr:T, rho:T, momentum:T, epsilon:T, grad:T -> out:Ref(T)', ('T:type',)): (
        "ApplyRMSProp"),
    (
        'var:Ref(T), ms:Ref(T), mom:Ref(T), lr:T, rho:T, momentum:T, epsilon:T, grad:T, indices:Tindices -> out:Ref(T)',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseApplyRMSProp"),
    ('var:resource, accum:resource, accum_update:resource, lr:T, rho:T, epsilon:T, grad:T -> ', ('T:type',)): (
        "ResourceApplyAdadelta"),
    (
        'var:resource, accum:resource, accum_update:resource, lr:T, rho:T, epsilon:T, grad:T, indices:Tindices -> ',
        ('T:type', 'Tindices:type'),
    ): (
        "ResourceSparseApplyAdadelta"),
    (
        'var:resource, accum:resource, linear:resource, grad:T, indices:Tindices, lr:T, l1:T, l2:T, l2_shrinkage:T, '
        'lr_power:T -> ',
        ('T:type', 'Tindices:type'),
    ): (
        "ResourceSparseApplyFtrlV2"),
    (
        'var:resource, accum:resource, linear:resource, grad:T, indices:Tindices, lr:T, l1:T, l2:T, lr_power:T -> ',
        ('T:type', 'Tindices:type'),
    ): (
        "ResourceSparseApplyFtrl"),
    (
        'var:resource, accum:resource, linear:resource, grad:T, lr:T, l1:T, l2:T, l2_shrinkage:T, lr_power:T -> ',
        ('T:type',),
    ): (
        "ResourceApplyFtrlV2"),
    ('var:resource, accum:resource, linear:resource, grad:T, lr:T, l1:T, l2:T, lr_power:T -> ', ('T:type',)): (
        "ResourceApplyFtrl"),
    ('var:resource, accum:resource, lr:T, grad:T -> ', ('T:type',)): (
        "ResourceApplyAdagrad"),
    ('var:resource, accum:resource, lr:T, grad:T, indices:Tindices -> ', ('T:type', 'Tindices:type')): (
        "ResourceSparseApplyAdagrad"),
    ('var:resource, accum:resource, lr:T, grad:T, indices:Tindices, momentum:T -> ', ('T:type', 'Tindices:type')): (
        "ResourceSparseApplyMomentum"),
    ('var:resource, accum:resource, lr:T, grad:T, momentum:T -> ', ('T:type',)): (
        "ResourceApplyMomentum"),
    ('var:resource, alpha:T, delta:T -> ', ('T:type',)): (
        "ResourceApplyGradientDescent"),
    ('var:resource, alpha:T, l1:T, l2:T, delta:T -> ', ('T:type',)): (
        "ResourceApplyProximalGradientDescent"),
    ('var:resource, alpha:T, l1:T, l2:T, grad:T, indices:Tindices -> ', ('T:type', 'Tindices:type')): (
        "ResourceSparseApplyProximalGradientDescent"),
    (
        'var:resource, m:resource, v:resource, beta1_power:T, beta2_power:T, lr:T, beta1:T, beta2:T, epsilon:T, '
        'grad:T -> ',
        ('T:type',),
    ): (
        "ResourceApplyAdam"),
    (
        'var:resource, mg:resource, ms:resource, mom:resource, lr:T, rho:T, momentum:T, epsilon:T, grad:T -> ',
        ('T:type',),
    ): (
        "ResourceApplyCenteredRMSProp"),
    (
        'var:resource, mg:resource, ms:resource, mom:resource, lr:T, rho:T, momentum:T, epsilon:T, grad:T, '
        'indices:Tindices -> ',
        ('T:type', 'Tindices:type'),
    ): (
        "ResourceSparseApplyCenteredRMSProp"),
    ('var:resource, ms:resource, mom:resource, lr:T, rho:T, momentum:T, epsilon:T, grad:T -> ', ('T:type',)): (
        "ResourceApplyRMSProp"),
    (
        'var:resource, ms:resource, mom:resource, lr:T, rho:T, momentum:T, epsilon:T, grad:T, indices:Tindices -> ',
        ('T:type', 'Tindices:type'),
    ): (
        "ResourceSparseApplyRMSProp"),
    ('x:SrcT -> y:DstT', ('SrcT:type', 'DstT:type')): (
        "Cast"),
    ('x:T -> y:T', ()): (
        "InvertPermutation"),
    ('x:T -> y:T, idx:out_idx', ('T:type',)): (
        "Unique"),
    ('x:T -> y:T, idx:out_idx, count:out_idx', ('T:type',)): (
        "UniqueWithCounts"),
    ('x:T, perm:Tperm -> y:T', ('T:type',)): (
        "Transpose"),
    (
        'x:T, scale:U, offset:U, mean:U, variance:U -> y:T, batch_mean:U, batch_variance:U, reserve_space_1:U, '
        'reserve_space_2:U, reserve_space_3:U',
        ('T:type', 'U:type'),
    ): (
        "FusedBatchNormV3"),
    ('x:T, y:T -> out:T, idx:out_idx', ('T:type',)): (
        "ListDiff"),
    ('x:T, y:T -> output:T', ('T:type',)): (
        "BatchMatMulV2"),
    ('x:bool -> y:bool', ()): (
        "LogicalNot"),
    ('y:T, x:T -> z:T', ('T:type',)): (
        "Atan2"),
    (
        'y_backprop:T, x:T, scale:float, reserve_space_1:U, reserve_space_2:U, reserve_space_3:U -> x_backprop:T, '
        'scale_backprop:U, offset_backprop:U, reserve_space_4:U, reserve_space_5:U',
        ('T:type', 'U:type'),
    ): (
        "FusedBatchNormGradV3"),
}

SIGNATURES: dict[str, tuple[str, tuple]] = {op: key for key, names in _GROUPED.items() for op in names.split()}
"""Op type -> (TF's signature, its required attrs)."""
