"""TF's signatures of the op types sessionflow registers: each input's type (`x:T, y:T -> z:T`, as TF
prints an op) and the attrs TF requires (those without a default, `name:type`). Importing a GraphDef
checks its NodeDefs against them as TF does (io/graph_def.py). Generated from TF 2.21's op registry by
`tools/make_op_signatures.py` (do not edit). An op type missing here (sessionflow's own) is checked
against its sessionflow declaration only."""

_GROUPED = {
    ('x:T -> y:T', ('T:type',)): (
        "Abs Acos Acosh Asin Asinh Atan Atanh BesselI0 BesselI0e BesselI1 BesselI1e BesselJ0 BesselJ1 BesselK0"
        " BesselK0e BesselK1 BesselK1e BesselY0 BesselY1 Ceil Cos Cosh Dawsn Digamma Erf Erfc Erfinv Exp Expint"
        " Expm1 Floor FresnelCos FresnelSin Invert Lgamma Log Log1p Ndtri Neg OnesLike Reciprocal Rint Round Rsqrt"
        " Sigmoid Sign Sin Sinh Spence Sqrt Square Tan Tanh ZerosLike"),
    ('x:T, y:T -> z:T', ('T:type',)): (
        "Add AddV2 BitwiseAnd BitwiseOr BitwiseXor Div DivNoNan FloorDiv FloorMod LeftShift Maximum Minimum Mul"
        " MulNoNan Pow RealDiv RightShift SquaredDifference Sub TruncateDiv TruncateMod Xdivy Xlog1py Xlogy"),
    ('input:T -> output:T', ('T:type',)): (
        "Cholesky GuaranteeConst Identity MatrixDeterminant MatrixInverse MatrixLogarithm MatrixSquareRoot"
        " PreventGradient Snapshot Squeeze StopGradient"),
    ('ref:Ref(T), indices:Tindices, updates:T -> output_ref:Ref(T)', ('T:type', 'Tindices:type')): (
        "ScatterAdd ScatterDiv ScatterMax ScatterMin ScatterMul ScatterNdAdd ScatterNdSub ScatterNdUpdate"
        " ScatterSub ScatterUpdate"),
    ('resource:resource, indices:Tindices, updates:dtype -> ', ('dtype:type', 'Tindices:type')): (
        "ResourceScatterAdd ResourceScatterDiv ResourceScatterMax ResourceScatterMin ResourceScatterMul"
        " ResourceScatterSub ResourceScatterUpdate"),
    ('features:T -> activations:T', ('T:type',)): (
        "Elu Relu Relu6 Selu Softplus Softsign"),
    ('input:T, reduction_indices:Tidx -> output:T', ('T:type',)): (
        "EuclideanNorm Max Mean Min Prod Sum"),
    ('input:Tcomplex -> output:Tcomplex', ()): (
        "FFT FFT2D FFT3D IFFT IFFT2D IFFT3D"),
    ('x:T, y:T -> z:bool', ('T:type',)): (
        "Equal Greater GreaterEqual Less LessEqual NotEqual"),
    ('data:T, segment_ids:Tindices -> output:T', ('T:type', 'Tindices:type')): (
        "SegmentMax SegmentMean SegmentMin SegmentProd SegmentSum"),
    ('input:string -> output:string', ()): (
        "DecodeBase64 EncodeBase64 StringLower StringStrip StringUpper"),
    ('tensor:T, indices:Tindices, updates:T -> output:T', ('T:type', 'Tindices:type')): (
        "TensorScatterAdd TensorScatterMax TensorScatterMin TensorScatterSub TensorScatterUpdate"),
    (' -> reader_handle:resource', ()): (
        "IdentityReaderV2 TFRecordReaderV2 TextLineReaderV2 WholeFileReaderV2"),
    ('a:T, x:T -> z:T', ('T:type',)): (
        "Igamma IgammaGradA Igammac Polygamma"),
    ('data:T, segment_ids:Tindices, num_segments:Tnumsegments -> output:T', ('T:type', 'Tindices:type')): (
        "UnsortedSegmentMax UnsortedSegmentMin UnsortedSegmentProd UnsortedSegmentSum"),
    ('shape:Tshape, key:uint64, counter:uint64, alg:int32 -> output:dtype', ()): (
        "StatelessRandomNormalV2 StatelessRandomUniformFullIntV2 StatelessRandomUniformV2"
        " StatelessTruncatedNormalV2"),
    (
        'true_classes:int64 -> sampled_candidates:int64, true_expected_count:float, sampled_expected_count:float',
        ('num_true:int,min=1', 'num_sampled:int,min=1', 'unique:bool', 'range_max:int,min=1'),
    ): (
        "FixedUnigramCandidateSampler LearnedUnigramCandidateSampler LogUniformCandidateSampler"
        " UniformCandidateSampler"),
    (' -> handle:resource', ('component_types:list(type),min=1',)): (
        "FIFOQueueV2 PaddingFIFOQueueV2 RandomShuffleQueueV2"),
    ('contents:string -> image:uint8', ()): (
        "DecodeBmp DecodeGif DecodeJpeg"),
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
    ('handle:resource -> ', ()): (
        "QueueCloseV2 StackCloseV2 TensorArrayCloseV3"),
    ('images:T, size:int32 -> resized_images:float', ('T:type',)): (
        "ResizeArea ResizeBicubic ResizeBilinear"),
    ('input:T -> output:Tout', ()): (
        "Angle Imag Real"),
    ('input:T, filter:T -> output:T', ('T:type', 'strides:list(int)', 'padding:string')): (
        "Conv Conv2D DepthwiseConv2dNative"),
    ('input:Tcomplex, fft_length:int32 -> output:Treal', ()): (
        "IRFFT IRFFT2D IRFFT3D"),
    ('input:Tin -> output:Tout', ('token:string', 'Tin:list(type),min=0', 'Tout:list(type),min=0')): (
        "EagerPyFunc PyFunc PyFuncStateless"),
    ('input:Treal, fft_length:int32 -> output:Tcomplex', ()): (
        "RFFT RFFT2D RFFT3D"),
    ('input_dataset:variant -> handle:variant', ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1')): (
        "IgnoreErrorsDataset UnbatchDataset UniqueDataset"),
    (
        'input_dataset:variant, count:int64 -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "RepeatDataset SkipDataset TakeDataset"),
    ('ref:Ref(T), value:T -> output_ref:Ref(T)', ('T:type',)): (
        "Assign AssignAdd AssignSub"),
    ('ref:resource, indices:Tindices, updates:T -> ', ('T:type', 'Tindices:type')): (
        "ResourceScatterNdAdd ResourceScatterNdSub ResourceScatterNdUpdate"),
    ('resource:resource, value:dtype -> ', ('dtype:type',)): (
        "AssignAddVariableOp AssignSubVariableOp AssignVariableOp"),
    ('shape:T -> output:dtype', ('dtype:type', 'T:type')): (
        "RandomStandardNormal RandomUniform TruncatedNormal"),
    ('sp_indices:int64, sp_values:T, sp_shape:int64, dense:T -> output:T', ('T:type',)): (
        "SparseDenseCwiseAdd SparseDenseCwiseDiv SparseDenseCwiseMul"),
    ('x:T -> y:bool', ('T:type',)): (
        "IsFinite IsInf IsNan"),
    ('x:T, axis:Tidx -> out:T', ('T:type',)): (
        "Cumprod Cumsum CumulativeLogsumexp"),
    (' -> ', ()): (
        "ControlTrigger NoOp"),
    (' -> table_handle:resource', ('key_dtype:type', 'value_dtype:type')): (
        "HashTableV2 MutableHashTableV2"),
    ('a:T, b:T -> product:T', ('T:type',)): (
        "Cross MatMul"),
    (
        'a_indices:int64, a_values:T, a_shape:int64, b_indices:int64, b_values:T, b_shape:int64 -> '
        'output_indices:int64, output_values:T',
        ('T:type',),
    ): (
        "SparseSparseMaximum SparseSparseMinimum"),
    (
        'components:Toutput_types -> handle:variant',
        ('Toutput_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "TensorDataset TensorSliceDataset"),
    ('condition:bool, t:T, e:T -> output:T', ('T:type',)): (
        "Select SelectV2"),
    ('contents:string -> image:dtype', ()): (
        "DecodeImage DecodePng"),
    ('data:Ref(T) -> output:Ref(T)', ('T:type',)): (
        "RefExit RefNextIteration"),
    ('data:T -> output:T', ('T:type',)): (
        "Exit NextIteration"),
    ('filenames:string, compression_type:string, buffer_size:int64 -> handle:variant', ()): (
        "TFRecordDataset TextLineDataset"),
    ('gradients:T, features:T -> backprops:T', ('T:type',)): (
        "Relu6Grad ReluGrad"),
    ('gradients:T, outputs:T -> backprops:T', ('T:type',)): (
        "EluGrad SeluGrad"),
    (
        'gradients:float, inputs:float, min:float, max:float -> backprops_wrt_input:float, backprop_wrt_min:float, '
        'backprop_wrt_max:float',
        (),
    ): (
        "FakeQuantWithMinMaxVarsGradient FakeQuantWithMinMaxVarsPerChannelGradient"),
    ('grads:float, original_image:T -> output:T', ('T:type',)): (
        "ResizeBicubicGrad ResizeBilinearGrad"),
    ('handle:resource, components:Tcomponents -> ', ('Tcomponents:list(type),min=1',)): (
        "QueueEnqueueManyV2 QueueEnqueueV2"),
    ('handle:resource, n:int32 -> components:component_types', ('component_types:list(type),min=1',)): (
        "QueueDequeueManyV2 QueueDequeueUpToV2"),
    ('images:T -> output:T', ()): (
        "HSVToRGB RGBToHSV"),
    ('indices:N*int32, data:N*T -> merged:T', ('N:int,min=1', 'T:type')): (
        "DynamicStitch ParallelDynamicStitch"),
    ('input:T -> output:T', ()): (
        "Conj LRN"),
    ('input:T -> output:T', ('T:type', 'block_size:int,min=2')): (
        "DepthToSpace SpaceToDepth"),
    ('input:T -> output:T', ('ksize:list(int),min=5', 'strides:list(int),min=5', 'padding:string', 'T:type')): (
        "AvgPool3D MaxPool3D"),
    ('input:T -> output:out_type', ('T:type',)): (
        "Shape Size"),
    ('input:T, dimension:Tidx -> output:output_type', ('T:type',)): (
        "ArgMax ArgMin"),
    ('input:T, filter:T, out_backprop:T -> output:T', ('T:type', 'strides:list(int)', 'padding:string')): (
        "Conv2DBackpropFilterV2 Conv2DBackpropInputV2"),
    ('input:T, filter_sizes:int32, out_backprop:T -> output:T', ('T:type', 'strides:list(int)', 'padding:string')): (
        "Conv2DBackpropFilter DepthwiseConv2dNativeBackpropFilter"),
    ('input:T, input_min:T, input_max:T -> output:T', ('T:type',)): (
        "QuantizeAndDequantizeV2 QuantizeAndDequantizeV4"),
    (
        'input:T, min_input:float, max_input:float -> output:T, min_output:float, max_output:float',
        ('T:type', 'ksize:list(int)', 'strides:list(int)', 'padding:string'),
    ): (
        "QuantizedAvgPool QuantizedMaxPool"),
    ('input:T, paddings:Tpaddings -> output:T', ('T:type', 'mode:string')): (
        "MirrorPad MirrorPadGrad"),
    ('input:Tcomplex, fft_length:int32, axes:int32 -> output:Tcomplex', ()): (
        "FFTND IFFTND"),
    ('input:bool, reduction_indices:Tidx -> output:bool', ()): (
        "All Any"),
    ('input:float, size:int32, offsets:float -> glimpse:float', ()): (
        "ExtractGlimpse ExtractGlimpseV2"),
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
    ('input_indices:int64, input_values:T, input_shape:int64, reduction_axes:int32 -> output:T', ('T:type',)): (
        "SparseReduceMax SparseReduceSum"),
    (
        'input_indices:int64, input_values:T, input_shape:int64, reduction_axes:int32 -> output_indices:int64, '
        'output_values:T, output_shape:int64',
        ('T:type',),
    ): (
        "SparseReduceMaxSparse SparseReduceSumSparse"),
    ('input_sizes:int32, filter:T, out_backprop:T -> output:T', ('T:type', 'strides:list(int)', 'padding:string')): (
        "Conv2DBackpropInput DepthwiseConv2dNativeBackpropInput"),
    ('inputs:float, min:float, max:float -> outputs:float', ()): (
        "FakeQuantWithMinMaxVars FakeQuantWithMinMaxVarsPerChannel"),
    ('matrix:T, rhs:T -> output:T', ('T:type',)): (
        "MatrixSolve MatrixTriangularSolve"),
    ('params:Tparams, indices:Tindices -> output:Tparams', ('Tparams:type', 'Tindices:type')): (
        "Gather GatherNd"),
    ('sorted_inputs:T, values:T -> output:out_type', ('T:type',)): (
        "LowerBound UpperBound"),
    ('sparse_indices:int64, sparse_values:T, sparse_shape:int64 -> serialized_sparse:out_type', ('T:type',)): (
        "SerializeManySparse SerializeSparse"),
    ('table_handle:resource, keys:Tin, values:Tout -> ', ('Tin:type', 'Tout:type')): (
        "LookupTableImportV2 LookupTableInsertV2"),
    (
        'value:T -> output:T, row_pooling_sequence:int64, col_pooling_sequence:int64',
        ('pooling_ratio:list(float),min=4', 'T:type'),
    ): (
        "FractionalAvgPool FractionalMaxPool"),
    ('value:T, bias:T -> output:T', ('T:type',)): (
        "BiasAdd BiasAddV1"),
    ('var:resource, accum:resource, lr:T, grad:T, indices:Tindices, momentum:T -> ', ('T:type', 'Tindices:type')): (
        "ResourceSparseApplyKerasMomentum ResourceSparseApplyMomentum"),
    ('var:resource, accum:resource, lr:T, grad:T, momentum:T -> ', ('T:type',)): (
        "ResourceApplyKerasMomentum ResourceApplyMomentum"),
    ('x:T, perm:Tperm -> y:T', ('T:type',)): (
        "ConjugateTranspose Transpose"),
    ('x:T, y:T -> output:T', ('T:type',)): (
        "BatchMatMul BatchMatMulV2"),
    ('x:bool, y:bool -> z:bool', ()): (
        "LogicalAnd LogicalOr"),
    ('y:T, dy:T -> z:T', ('T:type',)): (
        "SigmoidGrad TanhGrad"),
    (' -> fact:string', ()): (
        "Fact"),
    (' -> handle:Ref(string)', ('dtype:type', 'shape:shape')): (
        "SparseConditionalAccumulator"),
    (
        ' -> handle:resource',
        ('dataset_factory:func', 'output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "OneShotIterator"),
    (' -> handle:resource', ('dtype:type', 'shape:shape')): (
        "ResourceConditionalAccumulator"),
    (' -> handle:resource', ('shapes:list(shape),min=0',)): (
        "PriorityQueueV2"),
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
    (' -> reader_handle:resource', ('record_bytes:int',)): (
        "FixedLengthRecordReaderV2"),
    (' -> ref:Ref(dtype)', ('shape:shape', 'dtype:type')): (
        "VariableV2"),
    (' -> resource:resource', ('dtype:type', 'shape:shape')): (
        "VarHandleOp"),
    (' -> ts:double', ()): (
        "Timestamp"),
    ('a:T, b:T, x:T -> z:T', ('T:type',)): (
        "Betainc"),
    ('a:Ta, b:Tb -> product:float', ()): (
        "SparseMatMul"),
    ('a_indices:Tindices, a_values:T, a_shape:Tindices, b:T -> output:T', ('T:type', 'Tindices:type')): (
        "SparseTensorDenseAdd"),
    ('a_indices:Tindices, a_values:T, a_shape:int64, b:T -> product:T', ('T:type',)): (
        "SparseTensorDenseMatMul"),
    (
        'a_indices:int64, a_values:T, a_shape:int64, b_indices:int64, b_values:T, b_shape:int64, thresh:Treal -> '
        'sum_indices:int64, sum_values:T, sum_shape:int64',
        ('T:type', 'Treal:type'),
    ): (
        "SparseAdd"),
    ('audio:float, sample_rate:int32 -> contents:string', ()): (
        "EncodeWav"),
    (
        'backprop_val_grad:T, a_indices:int64, b_indices:int64, sum_indices:int64 -> a_val_grad:T, b_val_grad:T',
        ('T:type',),
    ): (
        "SparseAddGrad"),
    ('backprop_val_grad:T, input_indices:int64, input_start:int64, output_indices:int64 -> val_grad:T', ('T:type',)): (
        "SparseSliceGrad"),
    ('basename:string, num_shards:int32 -> filename:string', ()): (
        "ShardedFilespec"),
    ('basename:string, shard:int32, num_shards:int32 -> filename:string', ()): (
        "ShardedFilename"),
    (
        'boxes:T, scores:T, max_output_size:int32, iou_threshold:T, score_threshold:T, soft_nms_sigma:T -> '
        'selected_indices:int32, selected_scores:T, valid_outputs:int32',
        (),
    ): (
        "NonMaxSuppressionV5"),
    ('boxes:T, scores:T, max_output_size:int32, iou_threshold:T_threshold -> selected_indices:int32', ()): (
        "NonMaxSuppressionV2"),
    (
        'boxes:T, scores:T, max_output_size:int32, iou_threshold:T_threshold, score_threshold:T_threshold -> '
        'selected_indices:int32',
        (),
    ): (
        "NonMaxSuppressionV3"),
    (
        'boxes:T, scores:T, max_output_size:int32, iou_threshold:T_threshold, score_threshold:T_threshold -> '
        'selected_indices:int32, valid_outputs:int32',
        (),
    ): (
        "NonMaxSuppressionV4"),
    (
        'boxes:float, scores:float, max_output_size_per_class:int32, max_total_size:int32, iou_threshold:float, '
        'score_threshold:float -> nmsed_boxes:float, nmsed_scores:float, nmsed_classes:float, valid_detections:int32',
        (),
    ): (
        "CombinedNonMaxSuppression"),
    ('bytes:string -> output:out_type', ('out_type:type',)): (
        "DecodeRaw"),
    ('bytes:string -> output:string', ()): (
        "DecodeCompressed"),
    ('checkpoint_prefixes:string, destination_prefix:string -> ', ()): (
        "MergeV2Checkpoints"),
    ('components:Toutput_types -> optional:variant', ('Toutput_types:list(type),min=1',)): (
        "OptionalFromValue"),
    ('concat_dim:int32, shape:N*shape_type -> offset:N*shape_type', ('N:int,min=2',)): (
        "ConcatOffset"),
    ('concat_dim:int32, values:N*T -> output:T', ('N:int,min=2', 'T:type')): (
        "Concat"),
    (
        'concat_dim:int32, values:N*T, input_mins:N*float, input_maxes:N*float -> output:T, output_min:float, '
        'output_max:float',
        ('N:int,min=2', 'T:type'),
    ): (
        "QuantizedConcat"),
    (
        'cond:Tcond, input:Tin -> output:Tout',
        ('Tcond:type', 'Tin:list(type),min=0', 'Tout:list(type),min=0', 'then_branch:func', 'else_branch:func'),
    ): (
        "If"),
    ('condition:bool, data:T -> ', ('T:list(type),min=1',)): (
        "Assert"),
    ('contents:string -> audio:float, sample_rate:int32', ()): (
        "DecodeWav"),
    ('contents:string -> image_shape:output_type', ()): (
        "ExtractJpegShape"),
    ('contents:string, crop_window:int32 -> image:uint8', ()): (
        "DecodeAndCropJpeg"),
    ('data:Ref(T) -> output:Ref(T)', ('T:type', 'frame_name:string')): (
        "RefEnter"),
    ('data:Ref(T), pred:bool -> output_false:Ref(T), output_true:Ref(T)', ('T:type',)): (
        "RefSwitch"),
    ('data:T -> output:T', ('T:type', 'frame_name:string')): (
        "Enter"),
    ('data:T, method:string -> fingerprint:uint8', ('T:type',)): (
        "Fingerprint"),
    ('data:T, partitions:int32 -> outputs:num_partitions*T', ('num_partitions:int,min=1', 'T:type')): (
        "DynamicPartition"),
    ('data:T, pred:bool -> output_false:T, output_true:T', ('T:type',)): (
        "Switch"),
    (
        'data:string, data_splits:Tsplits -> ngrams:string, ngrams_splits:Tsplits',
        (
            'separator:string',
            'ngram_widths:list(int),min=0',
            'left_pad:string',
            'right_pad:string',
            'pad_width:int',
            'preserve_short_sequences:bool',
        ),
    ): (
        "StringNGrams"),
    ('dataset:variant, iterator:resource -> ', ()): (
        "MakeIterator"),
    ('diagonal:T -> output:T', ('T:type',)): (
        "Diag"),
    ('diagonal:T, k:int32, num_rows:int32, num_cols:int32, padding_value:T -> output:T', ('T:type',)): (
        "MatrixDiagV3"),
    ('diagonals:T, rhs:T -> output:T', ('T:type',)): (
        "TridiagonalSolve"),
    ('dim:int32, num_results:int32, skip:int32 -> samples:dtype', ()): (
        "SobolSample"),
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
        'features:Tinput, max_value:float, min_features:float, max_features:float -> activations:out_type, '
        'min_activations:float, max_activations:float',
        ('Tinput:type',),
    ): (
        "QuantizedReluX"),
    ('filename:string -> contents:string', ()): (
        "ReadFile"),
    ('filename:string, contents:string -> ', ()): (
        "WriteFile"),
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
    (
        'gradients:T, input:T, input_min:T, input_max:T -> input_backprop:T, input_min_backprop:T, '
        'input_max_backprop:T',
        ('T:type',),
    ): (
        "QuantizeAndDequantizeV4Grad"),
    ('gradients:float, inputs:float -> backprops:float', ()): (
        "FakeQuantWithMinMaxArgsGradient"),
    ('grads:T, size:int32 -> output:T', ('T:type',)): (
        "ResizeNearestNeighborGrad"),
    ('grads:float, boxes:float, box_ind:int32, image_size:int32 -> output:T', ('T:type',)): (
        "CropAndResizeGradImage"),
    ('grads:float, image:T, boxes:float, box_ind:int32 -> output:float', ('T:type',)): (
        "CropAndResizeGradBoxes"),
    ('handle:Ref(string) -> num_accumulated:int32', ()): (
        "AccumulatorNumAccumulated"),
    (
        'handle:Ref(string), local_step:int64, gradient_indices:int64, gradient_values:dtype, gradient_shape:int64 -> ',
        ('dtype:type', 'has_known_shape:bool'),
    ): (
        "SparseAccumulatorApplyGradient"),
    ('handle:Ref(string), new_global_step:int64 -> ', ()): (
        "AccumulatorSetGlobalStep"),
    ('handle:Ref(string), num_required:int32 -> indices:int64, values:dtype, shape:int64', ('dtype:type',)): (
        "SparseAccumulatorTakeGradient"),
    ('handle:resource -> components:component_types', ('component_types:list(type),min=1',)): (
        "QueueDequeueV2"),
    ('handle:resource -> elem:elem_type', ('elem_type:type',)): (
        "StackPopV2"),
    ('handle:resource -> is_closed:bool', ()): (
        "QueueIsClosedV2"),
    ('handle:resource -> num_accumulated:int32', ()): (
        "ResourceAccumulatorNumAccumulated"),
    ('handle:resource -> size:int32', ()): (
        "QueueSizeV2"),
    ('handle:resource, elem:T -> output:T', ('T:type',)): (
        "StackPushV2"),
    ('handle:resource, flow_in:float -> grad_handle:resource, flow_out:float', ('source:string',)): (
        "TensorArrayGradV3"),
    ('handle:resource, flow_in:float -> size:int32', ()): (
        "TensorArraySizeV3"),
    ('handle:resource, flow_in:float -> value:dtype, lengths:int64', ('dtype:type',)): (
        "TensorArrayConcatV3"),
    ('handle:resource, index:int32, flow_in:float -> value:dtype', ('dtype:type',)): (
        "TensorArrayReadV3"),
    ('handle:resource, index:int32, value:T, flow_in:float -> flow_out:float', ('T:type',)): (
        "TensorArrayWriteV3"),
    ('handle:resource, indices:int32, flow_in:float -> value:dtype', ('dtype:type',)): (
        "TensorArrayGatherV3"),
    ('handle:resource, indices:int32, value:T, flow_in:float -> flow_out:float', ('T:type',)): (
        "TensorArrayScatterV3"),
    ('handle:resource, local_step:int64, gradient:dtype -> ', ('dtype:type',)): (
        "ResourceAccumulatorApplyGradient"),
    ('handle:resource, new_global_step:int64 -> ', ()): (
        "ResourceAccumulatorSetGlobalStep"),
    ('handle:resource, num_required:int32 -> average:dtype', ('dtype:type',)): (
        "ResourceAccumulatorTakeGradient"),
    ('handle:resource, value:T, lengths:int64, flow_in:float -> flow_out:float', ('T:type',)): (
        "TensorArraySplitV3"),
    ('handle:string -> ', ()): (
        "DeleteSessionTensor"),
    ('handle:string -> value:dtype', ('dtype:type',)): (
        "GetSessionTensor"),
    (
        'hypothesis_indices:int64, hypothesis_values:T, hypothesis_shape:int64, truth_indices:int64, truth_values:T, '
        'truth_shape:int64 -> output:float',
        ('T:type',),
    ): (
        "EditDistance"),
    ('image:T -> contents:string', ()): (
        "EncodePng"),
    ('image:T, boxes:float, box_ind:int32, crop_size:int32 -> crops:float', ('T:type',)): (
        "CropAndResize"),
    ('image:uint8 -> contents:string', ()): (
        "EncodeJpeg"),
    ('image_size:T, bounding_boxes:float -> begin:T, size:T, bboxes:float', ('T:type',)): (
        "SampleDistortedBoundingBox"),
    ('image_size:T, bounding_boxes:float, min_object_covered:float -> begin:T, size:T, bboxes:float', ('T:type',)): (
        "SampleDistortedBoundingBoxV2"),
    (
        'images:T -> patches:T',
        ('ksizes:list(int),min=4', 'strides:list(int),min=4', 'rates:list(int),min=4', 'T:type', 'padding:string'),
    ): (
        "ExtractImagePatches"),
    ('images:T, boxes:float -> output:T', ()): (
        "DrawBoundingBoxes"),
    ('images:T, boxes:float, colors:float -> output:T', ()): (
        "DrawBoundingBoxesV2"),
    ('images:T, contrast_factor:float -> output:T', ()): (
        "AdjustContrastv2"),
    ('images:T, delta:float -> output:T', ()): (
        "AdjustHue"),
    ('images:T, scale:float -> output:T', ()): (
        "AdjustSaturation"),
    ('images:T, size:int32 -> resized_images:T', ('T:type',)): (
        "ResizeNearestNeighbor"),
    (
        'images:dtype, transforms:float, output_shape:int32 -> transformed_images:dtype',
        ('dtype:type', 'interpolation:string'),
    ): (
        "ImageProjectiveTransformV2"),
    (
        'images:dtype, transforms:float, output_shape:int32, fill_value:float -> transformed_images:dtype',
        ('dtype:type', 'interpolation:string'),
    ): (
        "ImageProjectiveTransformV3"),
    ('images:uint8, quality:int32 -> contents:string', ()): (
        "EncodeJpegVariableQuality"),
    ('index:dtype, seed:Tseed, max_index:dtype -> output:dtype', ('dtype:type', 'Tseed:type')): (
        "RandomIndexShuffle"),
    (
        'indices:N*int64, values:N*T, shapes:N*int64 -> output_indices:int64, output_values:T, output_shape:int64',
        ('concat_dim:int', 'N:int,min=2', 'T:type'),
    ): (
        "SparseConcat"),
    (
        'indices:N*int64, values:sparse_types, shapes:N*int64, dense_inputs:dense_types -> output_indices:int64, '
        'output_values:out_type, output_shape:int64',
        (
            'N:int,min=0',
            'hashed_output:bool',
            'num_buckets:int,min=0',
            'hash_key:int',
            'sparse_types:list(type),min=0',
            'dense_types:list(type),min=0',
            'out_type:type',
            'internal_type:type',
        ),
    ): (
        "SparseCross"),
    (
        'indices:N*int64, values:sparse_types, shapes:N*int64, dense_inputs:dense_types, sep:string -> '
        'output_indices:int64, output_values:string, output_shape:int64',
        ('N:int,min=0', 'sparse_types:list(type),min=0', 'dense_types:list(type),min=0'),
    ): (
        "SparseCrossV2"),
    ('indices:TI, depth:int32, on_value:T, off_value:T -> output:T', ('T:type',)): (
        "OneHot"),
    ('indices:Tidx, dims:Tidx -> output:Tidx', ()): (
        "UnravelIndex"),
    ('indices:Tindices, updates:T, shape:Tindices -> output:T', ('T:type', 'Tindices:type')): (
        "ScatterNd"),
    (
        'indices:int64, values:T, dense_shape:int64, default_value:T -> output_indices:int64, output_values:T, '
        'empty_row_indicator:bool, reverse_index_map:int64',
        ('T:type',),
    ): (
        "SparseFillEmptyRows"),
    (
        'indices:int64, values:T, dense_shape:int64, weights:output_type -> output_indices:int64, '
        'output_values:output_type, output_dense_shape:int64',
        ('T:type', 'binary_output:bool', 'output_type:type'),
    ): (
        "SparseCountSparseOutput"),
    (
        'indices:int64, values:T, shape:int64, start:int64, size:int64 -> output_indices:int64, output_values:T, '
        'output_shape:int64',
        ('T:type',),
    ): (
        "SparseSlice"),
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
    ('input:T -> lu:T, p:output_idx_type', ('T:type',)): (
        "Lu"),
    ('input:T -> output:T', ('T:list(type),min=0', 'cond:func', 'body:func')): (
        "While"),
    ('input:T -> output:T', ('T:list(type),min=1',)): (
        "IdentityN"),
    ('input:T -> output:T', ('ksize:list(int),min=4', 'strides:list(int),min=4', 'padding:string')): (
        "MaxPool"),
    ('input:T -> output:T', ('shape:shape', 'T:type')): (
        "EnsureShape"),
    (
        'input:T -> output:T, argmax:Targmax',
        ('ksize:list(int),min=4', 'strides:list(int),min=4', 'padding:string', 'T:type'),
    ): (
        "MaxPoolWithArgmax"),
    ('input:T -> output:int32', ('T:type',)): (
        "Rank"),
    ('input:T -> output:int32', ('T:type', 'boundaries:list(float)')): (
        "Bucketize"),
    ('input:T -> output:string', ('T:type',)): (
        "AsString"),
    ('input:T -> output:type', ('T:type', 'type:type')): (
        "Bitcast"),
    ('input:T -> patches:T', ('ksizes:list(int),min=5', 'strides:list(int),min=5', 'T:type', 'padding:string')): (
        "ExtractVolumePatches"),
    ('input:T -> q:T, r:T', ('T:type',)): (
        "Qr"),
    ('input:T -> s:T, u:T, v:T', ('T:type',)): (
        "Svd"),
    ('input:T -> sign:T, log_abs_determinant:T', ('T:type',)): (
        "LogMatrixDeterminant"),
    ('input:T -> values:T, indices:int32', ('k:int,min=0', 'T:type')): (
        "ApproxTopK"),
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
    (
        'input:T, filter:T -> output:T',
        ('T:type', 'strides:list(int),min=4', 'rates:list(int),min=4', 'padding:string'),
    ): (
        "Dilation2D"),
    ('input:T, filter:T -> output:T', ('T:type', 'strides:list(int),min=5', 'padding:string')): (
        "Conv3D"),
    (
        'input:T, filter:T, out_backprop:T -> filter_backprop:T',
        ('T:type', 'strides:list(int),min=4', 'rates:list(int),min=4', 'padding:string'),
    ): (
        "Dilation2DBackpropFilter"),
    (
        'input:T, filter:T, out_backprop:T -> in_backprop:T',
        ('T:type', 'strides:list(int),min=4', 'rates:list(int),min=4', 'padding:string'),
    ): (
        "Dilation2DBackpropInput"),
    (
        'input:T, filter_sizes:int32, out_backprop:T -> output:T',
        ('T:type', 'strides:list(int),min=5', 'padding:string'),
    ): (
        "Conv3DBackpropFilterV2"),
    (
        'input:T, grad:T, argmax:Targmax -> output:T',
        ('ksize:list(int),min=4', 'strides:list(int),min=4', 'padding:string', 'Targmax:type', 'T:type'),
    ): (
        "MaxPoolGradWithArgmax"),
    ('input:T, k:Tk -> values:T, indices:index_type', ('T:type',)): (
        "TopKV2"),
    ('input:T, k:int32, padding_value:T -> diagonal:T', ('T:type',)): (
        "MatrixDiagPartV3"),
    ('input:T, min_range:float, max_range:float -> output:dtype', ('T:type',)): (
        "Dequantize"),
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
    ('input:T, shift:Tshift, axis:Taxis -> output:T', ('T:type', 'Tshift:type', 'Taxis:type')): (
        "Roll"),
    ('input:Tcomplex, fft_length:int32, axes:int32 -> output:Treal', ()): (
        "IRFFTND"),
    ('input:Tidx, size:Tidx, weights:T -> output:T', ('Tidx:type', 'T:type')): (
        "DenseBincount"),
    (
        'input:Tinput, filter:Tfilter, min_input:float, max_input:float, min_filter:float, max_filter:float -> '
        'output:out_type, min_output:float, max_output:float',
        ('Tinput:type', 'Tfilter:type', 'strides:list(int)', 'padding:string'),
    ): (
        "QuantizedConv2D"),
    ('input:Treal, fft_length:int32, axes:int32 -> output:Tcomplex', ()): (
        "RFFTND"),
    ('input:bool -> output:bool', ()): (
        "LoopCond"),
    ('input:dtype -> output:dtype', ('dtype:type', 'shape:shape')): (
        "PlaceholderWithDefault"),
    ('input:float, min_range:float, max_range:float -> output:T, output_min:float, output_max:float', ('T:type',)): (
        "QuantizeV2"),
    ('input:resource -> output:out_type', ()): (
        "VariableShape"),
    ('input:string -> ', ()): (
        "PrintV2"),
    ('input:string -> output:bool', ('pattern:string',)): (
        "StaticRegexFullMatch"),
    ('input:string -> output:int32', ()): (
        "StringLength"),
    ('input:string -> output:int64', ('num_buckets:int,min=1',)): (
        "StringToHashBucketFast"),
    ('input:string -> output:int64', ('num_buckets:int,min=1', 'key:list(int)')): (
        "StringToHashBucketStrong"),
    ('input:string -> output:string', ('input_encoding:string', 'output_encoding:string')): (
        "UnicodeTranscode"),
    ('input:string -> output:string', ('pattern:string', 'rewrite:string')): (
        "StaticRegexReplace"),
    ('input:string -> row_splits:Tsplits, char_values:int32', ('input_encoding:string',)): (
        "UnicodeDecode"),
    ('input:string -> row_splits:Tsplits, char_values:int32, char_to_byte_starts:int64', ('input_encoding:string',)): (
        "UnicodeDecodeWithOffsets"),
    ('input:string, delimiter:string -> indices:int64, values:string, shape:int64', ()): (
        "StringSplit"),
    ('input:string, pattern:string -> output:bool', ()): (
        "RegexFullMatch"),
    ('input:string, pattern:string, rewrite:string -> output:string', ()): (
        "RegexReplace"),
    ('input:string, pos:T, len:T -> output:string', ('T:type',)): (
        "Substr"),
    ('input:string, sep:string -> indices:int64, values:string, shape:int64', ()): (
        "StringSplitV2"),
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
    ('input_indices:int64, input_shape:int64, new_shape:int64 -> output_indices:int64, output_shape:int64', ()): (
        "SparseReshape"),
    ('input_indices:int64, input_values:T, input_shape:int64 -> output_indices:int64, output_values:T', ('T:type',)): (
        "SparseReorder"),
    (
        'input_sizes:Tshape, filter:T, out_backprop:T -> output:T',
        ('T:type', 'strides:list(int),min=5', 'padding:string'),
    ): (
        "Conv3DBackpropInputV2"),
    ('input_values:int32, input_splits:Tsplits -> output:string', ('output_encoding:string',)): (
        "UnicodeEncode"),
    ('inputs:N*T -> output:T', ('equation:string', 'N:int,min=1', 'T:type')): (
        "Einsum"),
    ('inputs:N*T -> output:T, value_index:int32', ('T:type', 'N:int,min=1')): (
        "Merge"),
    ('inputs:N*T -> sum:T', ('N:int,min=1', 'T:type')): (
        "AddN"),
    ('inputs:N*string -> output:string', ('N:int,min=0',)): (
        "StringJoin"),
    ('inputs:N*string -> summary:string', ('N:int,min=1',)): (
        "MergeSummary"),
    ('inputs:Ref(N*T) -> output:Ref(T), value_index:int32', ('T:type', 'N:int,min=1')): (
        "RefMerge"),
    ('inputs:T -> output:string', ('T:list(type),min=0',)): (
        "StringFormat"),
    ('inputs:T, labels_indices:int64, labels_values:int32, sequence_length:int32 -> loss:T, gradient:T', ()): (
        "CTCLoss"),
    (
        'inputs:T, sequence_length:int32 -> decoded_indices:int64, decoded_values:int64, decoded_shape:int64, '
        'log_probability:T',
        (),
    ): (
        "CTCGreedyDecoder"),
    (
        'inputs:T, sequence_length:int32 -> decoded_indices:top_paths*int64, decoded_values:top_paths*int64, '
        'decoded_shape:top_paths*int64, log_probability:T',
        ('beam_width:int,min=1', 'top_paths:int,min=1'),
    ): (
        "CTCBeamSearchDecoder"),
    ('inputs:float -> outputs:float', ()): (
        "FakeQuantWithMinMaxArgs"),
    ('inputs:string, reduction_indices:int32 -> output:string', ()): (
        "ReduceJoin"),
    ('inputs:string, segment_ids:Tindices, num_segments:Tnumsegments -> output:string', ('Tindices:type',)): (
        "UnsortedSegmentJoin"),
    (
        'iterator:resource -> components:output_types',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1'),
    ): (
        "IteratorGetNext"),
    ('iterator:resource -> optional:variant', ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1')): (
        "IteratorGetNextAsOptional"),
    ('json_examples:string -> binary_examples:string', ()): (
        "DecodeJSONExample"),
    ('logits:T -> logsoftmax:T', ('T:type',)): (
        "LogSoftmax"),
    ('logits:T -> softmax:T', ('T:type',)): (
        "Softmax"),
    ('logits:T, num_samples:int32 -> output:output_dtype', ('T:type',)): (
        "Multinomial"),
    ('logits:T, num_samples:int32, seed:Tseed -> output:output_dtype', ('T:type',)): (
        "StatelessMultinomial"),
    ('matrix:T, rhs:T, l2_regularizer:double -> output:T', ('T:type',)): (
        "MatrixSolveLs"),
    ('max_size:int32 -> handle:resource', ('elem_type:type',)): (
        "StackV2"),
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
        'orig_input:T, orig_output:T, out_backprop:T, row_pooling_sequence:int64, col_pooling_sequence:int64 -> '
        'output:T',
        ('T:type',),
    ): (
        "FractionalMaxPoolGrad"),
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
    (
        'orig_input_tensor_shape:int64, out_backprop:T, row_pooling_sequence:int64, col_pooling_sequence:int64 -> '
        'output:T',
        ('T:type',),
    ): (
        "FractionalAvgPoolGrad"),
    ('out_backprop:T -> output:T', ('T:type',)): (
        "BiasAddGrad"),
    (
        'overlaps:float, scores:float, max_output_size:int32, overlap_threshold:float, score_threshold:float -> '
        'selected_indices:int32',
        (),
    ): (
        "NonMaxSuppressionWithOverlaps"),
    (
        'params:Tparams, indices:Tindices, axis:Taxis -> output:Tparams',
        ('Tparams:type', 'Tindices:type', 'Taxis:type'),
    ): (
        "GatherV2"),
    ('pattern:string -> filenames:string', ()): (
        "MatchingFiles"),
    ('predictions:float, targets:T, k:T -> precision:bool', ()): (
        "InTopKV2"),
    ('prefix:string, tensor_names:string, shape_and_slices:string -> tensors:dtypes', ('dtypes:list(type),min=1',)): (
        "RestoreV2"),
    ('prefix:string, tensor_names:string, shape_and_slices:string, tensors:dtypes -> ', ('dtypes:list(type),min=1',)): (
        "SaveV2"),
    ('reader_handle:resource -> ', ()): (
        "ReaderResetV2"),
    ('reader_handle:resource -> records_produced:int64', ()): (
        "ReaderNumRecordsProducedV2"),
    ('reader_handle:resource -> state:string', ()): (
        "ReaderSerializeStateV2"),
    ('reader_handle:resource -> units_completed:int64', ()): (
        "ReaderNumWorkUnitsCompletedV2"),
    ('reader_handle:resource, queue_handle:resource -> key:string, value:string', ()): (
        "ReaderReadV2"),
    ('reader_handle:resource, queue_handle:resource, num_records:int64 -> keys:string, values:string', ()): (
        "ReaderReadUpToV2"),
    ('reader_handle:resource, state:string -> ', ()): (
        "ReaderRestoreStateV2"),
    ('real:T, imag:T -> out:Tout', ()): (
        "Complex"),
    ('records:string, record_defaults:OUT_TYPE -> output:OUT_TYPE', ('OUT_TYPE:list(type),min=1',)): (
        "DecodeCSV"),
    ('ref:Ref(T) -> output:T', ('limit:int', 'T:type')): (
        "CountUpTo"),
    ('ref:Ref(dtype) -> is_initialized:bool', ('dtype:type',)): (
        "IsVariableInitialized"),
    ('resource:resource -> is_initialized:bool', ()): (
        "VarIsInitializedOp"),
    ('resource:resource -> value:dtype', ('dtype:type',)): (
        "ReadVariableOp"),
    ('resource:resource, alg:int32, delta:uint64 -> value:int64', ()): (
        "RngReadAndSkip"),
    ('resource:resource, indices:Tindices -> output:dtype', ('dtype:type', 'Tindices:type')): (
        "ResourceGather"),
    ('resource_handle:resource -> string_handle:string', ()): (
        "IteratorToStringHandle"),
    ('reverse_index_map:int64, grad_values:T -> d_values:T, d_default_value:T', ('T:type',)): (
        "SparseFillEmptyRowsGrad"),
    ('s0:T, s1:T -> r0:T', ()): (
        "BroadcastArgs"),
    ('s0:T, s1:T -> r0:T, r1:T', ()): (
        "BroadcastGradientArgs"),
    ('seed:Tseed -> key:uint64, counter:uint64', ()): (
        "StatelessRandomGetKeyCounter"),
    (
        'selector_input_dataset:variant, data_input_datasets:N*variant -> handle:variant',
        ('output_types:list(type),min=1', 'output_shapes:list(shape),min=1', 'N:int,min=1'),
    ): (
        "DirectedInterleaveDataset"),
    ('serialized:string -> output:out_type', ('out_type:type',)): (
        "ParseTensor"),
    (
        'serialized:string, debug_name:string, context_sparse_keys:string, context_dense_keys:string, '
        'context_ragged_keys:string, feature_list_sparse_keys:string, feature_list_dense_keys:string, '
        'feature_list_ragged_keys:string, feature_list_dense_missing_assumed_empty:bool, '
        'context_dense_defaults:Tcontext_dense -> context_sparse_indices:Ncontext_sparse*int64, '
        'context_sparse_values:context_sparse_types, context_sparse_shapes:Ncontext_sparse*int64, '
        'context_dense_values:Tcontext_dense, context_ragged_values:context_ragged_value_types, '
        'context_ragged_row_splits:context_ragged_split_types, '
        'feature_list_sparse_indices:Nfeature_list_sparse*int64, '
        'feature_list_sparse_values:feature_list_sparse_types, feature_list_sparse_shapes:Nfeature_list_sparse*int64, '
        'feature_list_dense_values:feature_list_dense_types, feature_list_dense_lengths:Nfeature_list_dense*int64, '
        'feature_list_ragged_values:feature_list_ragged_value_types, '
        'feature_list_ragged_outer_splits:feature_list_ragged_split_types, '
        'feature_list_ragged_inner_splits:feature_list_ragged_split_types',
        (),
    ): (
        "ParseSequenceExampleV2"),
    (
        'serialized:string, names:string, sparse_keys:string, dense_keys:string, ragged_keys:string, '
        'dense_defaults:Tdense -> sparse_indices:num_sparse*int64, sparse_values:sparse_types, '
        'sparse_shapes:num_sparse*int64, dense_values:Tdense, ragged_values:ragged_value_types, '
        'ragged_row_splits:ragged_split_types',
        (
            'Tdense:list(type),min=0',
            'num_sparse:int,min=0',
            'sparse_types:list(type),min=0',
            'ragged_value_types:list(type),min=0',
            'ragged_split_types:list(type),min=0',
            'dense_shapes:list(shape),min=0',
        ),
    ): (
        "ParseExampleV2"),
    ('serialized_sparse:string -> sparse_indices:int64, sparse_values:dtype, sparse_shape:int64', ('dtype:type',)): (
        "DeserializeManySparse"),
    (
        'set1:T, set2:T -> result_indices:int64, result_values:T, result_shape:int64',
        ('set_operation:string', 'T:type'),
    ): (
        "DenseToDenseSetOperation"),
    (
        'set1:T, set2_indices:int64, set2_values:T, set2_shape:int64 -> result_indices:int64, result_values:T, '
        'result_shape:int64',
        ('set_operation:string', 'T:type'),
    ): (
        "DenseToSparseSetOperation"),
    (
        'set1_indices:int64, set1_values:T, set1_shape:int64, set2_indices:int64, set2_values:T, set2_shape:int64 -> '
        'result_indices:int64, result_values:T, result_shape:int64',
        ('set_operation:string', 'T:type'),
    ): (
        "SparseToSparseSetOperation"),
    ('set_indices:int64, set_values:T, set_shape:int64 -> size:int32', ('T:type',)): (
        "SetSize"),
    ('shape:Index, begin:Index, end:Index, strides:Index, dy:T -> output:T', ('T:type', 'Index:type')): (
        "StridedSliceGrad"),
    ('shape:S, alpha:T -> output:T', ('S:type', 'T:type')): (
        "RandomGamma"),
    ('shape:S, rate:R -> output:dtype', ('S:type',)): (
        "RandomPoissonV2"),
    ('shape:S, seed:Tseed, counts:T, probs:T -> output:dtype', ('S:type',)): (
        "StatelessRandomBinomial"),
    (
        'shape:S, seed:Tseed, means:dtype, stddevs:dtype, minvals:dtype, maxvals:dtype -> output:dtype',
        ('S:type', 'dtype:type'),
    ): (
        "StatelessParameterizedTruncatedNormal"),
    ('shape:T, minval:Tout, maxval:Tout -> output:Tout', ('Tout:type', 'T:type')): (
        "RandomUniformInt"),
    ('shape:T, seed:Tseed, lam:Rtype -> output:dtype', ('Rtype:type', 'dtype:type', 'T:type')): (
        "StatelessRandomPoisson"),
    (
        'shape:Tshape, key:uint64, counter:uint64, alg:int32, minval:dtype, maxval:dtype -> output:dtype',
        ('dtype:type',),
    ): (
        "StatelessRandomUniformIntV2"),
    ('shape:shape_dtype, key:uint64, counter:uint64, alg:int32, alpha:dtype -> output:dtype', ('dtype:type',)): (
        "StatelessRandomGammaV3"),
    ('size:int32 -> handle:resource, flow:float', ('dtype:type',)): (
        "TensorArrayV3"),
    ('sp_indices:int64, sp_values:T, sp_shape:int64 -> output:T', ('T:type',)): (
        "SparseSoftmax"),
    ('sparse_handles:int64 -> sparse_indices:int64, sparse_values:dtype, sparse_shape:int64', ('dtype:type',)): (
        "TakeManySparseFromTensorsMap"),
    (
        'sparse_indices:Tindices, output_shape:Tindices, sparse_values:T, default_value:T -> dense:T',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseToDense"),
    ('sparse_indices:int64, sparse_values:T, sparse_shape:int64 -> sparse_handle:int64', ('T:type',)): (
        "AddSparseToTensorsMap"),
    ('sparse_indices:int64, sparse_values:T, sparse_shape:int64 -> sparse_handles:int64', ('T:type',)): (
        "AddManySparseToTensorsMap"),
    ('split_dim:int32, value:T -> output:num_split*T', ('num_split:int,min=1', 'T:type')): (
        "Split"),
    (
        'split_dim:int64, indices:int64, values:T, shape:int64 -> output_indices:num_split*int64, '
        'output_values:num_split*T, output_shape:num_split*int64',
        ('num_split:int,min=1', 'T:type'),
    ): (
        "SparseSplit"),
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
    ('string_tensor:string -> output:int64', ('num_buckets:int,min=1',)): (
        "StringToHashBucket"),
    ('string_tensor:string -> output:out_type', ()): (
        "StringToNumber"),
    ('superdiag:T, maindiag:T, subdiag:T, rhs:T -> output:T', ('T:type',)): (
        "TridiagonalMatMul"),
    ('t:T -> output:T', ('T:type',)): (
        "L2Loss"),
    ('table_handle:resource -> keys:Tkeys, values:Tvalues', ('Tkeys:type', 'Tvalues:type')): (
        "LookupTableExportV2"),
    ('table_handle:resource -> size:int64', ()): (
        "LookupTableSizeV2"),
    ('table_handle:resource, filename:string -> ', ('key_index:int,min=-2', 'value_index:int,min=-2')): (
        "InitializeTableFromTextFileV2"),
    ('table_handle:resource, keys:Tin -> ', ('Tin:type',)): (
        "LookupTableRemoveV2"),
    ('table_handle:resource, keys:Tin, default_value:Tout -> values:Tout', ('Tin:type', 'Tout:type')): (
        "LookupTableFindV2"),
    ('table_handle:resource, keys:Tkey, values:Tval -> ', ('Tkey:type', 'Tval:type')): (
        "InitializeTableV2"),
    ('tag:string, tensor:T -> summary:string', ()): (
        "ImageSummary"),
    ('tag:string, tensor:T, serialized_summary_metadata:string -> summary:string', ('T:type',)): (
        "TensorSummaryV2"),
    ('tag:string, tensor:float, sample_rate:float -> summary:string', ()): (
        "AudioSummaryV2"),
    ('tag:string, values:T -> summary:string', ()): (
        "HistogramSummary"),
    ('tags:string, values:T -> summary:string', ('T:type',)): (
        "ScalarSummary"),
    ('tensor:T -> output:T', ('T:type',)): (
        "CheckPinned"),
    ('tensor:T -> output:T', ('T:type', 'message:string')): (
        "CheckNumerics"),
    ('tensor:T -> serialized:string', ('T:type',)): (
        "SerializeTensor"),
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
    ('value:T -> handle:string', ('T:type',)): (
        "GetSessionHandle"),
    ('value:T -> output:T', ('T:type',)): (
        "RandomShuffle"),
    ('value:T -> output:T', ('ksize:list(int),min=4', 'strides:list(int),min=4', 'padding:string', 'T:type')): (
        "AvgPool"),
    ('value:T -> output:num*T', ('num:int,min=0', 'T:type')): (
        "Unpack"),
    ('value:T, key:uint64, counter:uint64, alg:int32 -> output:T', ('T:type',)): (
        "StatelessShuffle"),
    ('value:T, size_splits:Tlen, split_dim:int32 -> output:num_split*T', ('num_split:int,min=1', 'T:type')): (
        "SplitV"),
    ('values:N*T -> output:T', ('N:int,min=1', 'T:type')): (
        "Pack"),
    ('values:N*T -> output:T', ('N:int,min=1', 'T:type', 'shape:shape')): (
        "ParallelConcat"),
    ('values:N*T, axis:Tidx -> output:T', ('N:int,min=2', 'T:type')): (
        "ConcatV2"),
    ('values:T, value_range:T, nbins:int32 -> out:dtype', ('T:type',)): (
        "HistogramFixedWidth"),
    (
        'values:T, weights:output_type -> output_indices:int64, output_values:output_type, output_dense_shape:int64',
        ('T:type', 'binary_output:bool', 'output_type:type'),
    ): (
        "DenseCountSparseOutput"),
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
    ('var:Ref(T), accum:Ref(T), lr:T, l1:T, l2:T, grad:T -> out:Ref(T)', ('T:type',)): (
        "ApplyProximalAdagrad"),
    (
        'var:Ref(T), accum:Ref(T), lr:T, l1:T, l2:T, grad:T, indices:Tindices -> out:Ref(T)',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseApplyProximalAdagrad"),
    ('var:Ref(T), alpha:T, delta:T -> out:Ref(T)', ('T:type',)): (
        "ApplyGradientDescent"),
    ('var:Ref(T), alpha:T, l1:T, l2:T, delta:T -> out:Ref(T)', ('T:type',)): (
        "ApplyProximalGradientDescent"),
    ('var:Ref(T), alpha:T, l1:T, l2:T, grad:T, indices:Tindices -> out:Ref(T)', ('T:type', 'Tindices:type')): (
        "SparseApplyProximalGradientDescent"),
    (
        'var:Ref(T), gradient_accumulator:Ref(T), gradient_squared_accumulator:Ref(T), grad:T, indices:Tindices, '
        'lr:T, l1:T, l2:T, global_step:int64 -> out:Ref(T)',
        ('T:type', 'Tindices:type'),
    ): (
        "SparseApplyAdagradDA"),
    (
        'var:Ref(T), gradient_accumulator:Ref(T), gradient_squared_accumulator:Ref(T), grad:T, lr:T, l1:T, l2:T, '
        'global_step:int64 -> out:Ref(T)',
        ('T:type',),
    ): (
        "ApplyAdagradDA"),
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
    ('var:resource, accum:resource, lr:T, l1:T, l2:T, grad:T -> ', ('T:type',)): (
        "ResourceApplyProximalAdagrad"),
    ('var:resource, accum:resource, lr:T, l1:T, l2:T, grad:T, indices:Tindices -> ', ('T:type', 'Tindices:type')): (
        "ResourceSparseApplyProximalAdagrad"),
    ('var:resource, alpha:T, delta:T -> ', ('T:type',)): (
        "ResourceApplyGradientDescent"),
    ('var:resource, alpha:T, l1:T, l2:T, delta:T -> ', ('T:type',)): (
        "ResourceApplyProximalGradientDescent"),
    ('var:resource, alpha:T, l1:T, l2:T, grad:T, indices:Tindices -> ', ('T:type', 'Tindices:type')): (
        "ResourceSparseApplyProximalGradientDescent"),
    (
        'var:resource, gradient_accumulator:resource, gradient_squared_accumulator:resource, grad:T, '
        'indices:Tindices, lr:T, l1:T, l2:T, global_step:int64 -> ',
        ('T:type', 'Tindices:type'),
    ): (
        "ResourceSparseApplyAdagradDA"),
    (
        'var:resource, gradient_accumulator:resource, gradient_squared_accumulator:resource, grad:T, lr:T, l1:T, '
        'l2:T, global_step:int64 -> ',
        ('T:type',),
    ): (
        "ResourceApplyAdagradDA"),
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
    ('x1:T, x2:T -> output:T', ()): (
        "NextAfter"),
    ('x:SrcT -> y:DstT', ('SrcT:type', 'DstT:type')): (
        "Cast"),
    ('x:T -> y:T', ()): (
        "InvertPermutation"),
    ('x:T -> y:T, idx:out_idx', ('T:type',)): (
        "Unique"),
    ('x:T -> y:T, idx:out_idx, count:out_idx', ('T:type',)): (
        "UniqueWithCounts"),
    ('x:T -> y:Tout', ()): (
        "ComplexAbs"),
    ('x:T, q:T -> z:T', ('T:type',)): (
        "Zeta"),
    (
        'x:T, scale:T, offset:T, mean:T, variance:T -> y:T, batch_mean:T, batch_variance:T, reserve_space_1:T, '
        'reserve_space_2:T',
        ('T:type',),
    ): (
        "FusedBatchNorm"),
    (
        'x:T, scale:U, offset:U, mean:U, variance:U -> y:T, batch_mean:U, batch_variance:U, reserve_space_1:U, '
        'reserve_space_2:U',
        ('T:type', 'U:type'),
    ): (
        "FusedBatchNormV2"),
    (
        'x:T, scale:U, offset:U, mean:U, variance:U -> y:T, batch_mean:U, batch_variance:U, reserve_space_1:U, '
        'reserve_space_2:U, reserve_space_3:U',
        ('T:type', 'U:type'),
    ): (
        "FusedBatchNormV3"),
    ('x:T, y:T -> out:T, idx:out_idx', ('T:type',)): (
        "ListDiff"),
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
