"""TF's output argument names of the op types sessionflow registers, for the `node:arg:index`
references inside FunctionDefs. Generated from TF 2.21's op registry by
`tools/make_control_flow_fixtures.py --output-args` (do not edit). An op type missing here has one
output argument named `output` (a list when it has several outputs), as most TF ops and all
sessionflow-only ops do; a name starting with `*` is a list argument.
"""

_GROUPED = {
    ('y',): (
        "Abs Acos Acosh Asin Asinh Atan Atanh Cast Ceil Cos Cosh Digamma Erf Erfc Exp Expm1 Floor Invert"
        " InvertPermutation IsFinite IsInf IsNan Lgamma Log Log1p LogicalNot Neg OnesLike Reciprocal Rint Round"
        " Rsqrt Sigmoid Sign Sin Sinh Sqrt Square Tan Tanh Transpose ZerosLike"),
    ('z',): (
        "Add AddV2 Atan2 BitwiseAnd BitwiseOr BitwiseXor Div DivNoNan Equal FloorDiv FloorMod Greater GreaterEqual"
        " Less LessEqual LogicalAnd LogicalOr Maximum Minimum Mul NotEqual Polygamma Pow RealDiv SquaredDifference"
        " Sub TruncateDiv TruncateMod"),
    ('out',): (
        "ApplyAdadelta ApplyAdagrad ApplyAdam ApplyCenteredRMSProp ApplyFtrlV2 ApplyGradientDescent ApplyMomentum"
        " ApplyProximalGradientDescent ApplyRMSProp Cumprod Cumsum HistogramFixedWidth SparseApplyAdadelta"
        " SparseApplyAdagrad SparseApplyCenteredRMSProp SparseApplyFtrlV2 SparseApplyMomentum"
        " SparseApplyProximalGradientDescent SparseApplyRMSProp"),
    (): (
        "Assert AssignAddVariableOp AssignSubVariableOp AssignVariableOp NoOp PrintV2 SaveV2"),
    ('*output',): (
        "IdentityN If ShapeN Split SplitV Unpack While"),
    ('activations',): (
        "Elu LeakyRelu Relu Relu6 Selu Softplus Softsign"),
    ('output_ref',): (
        "Assign AssignAdd AssignSub ScatterAdd ScatterSub ScatterUpdate"),
    ('backprops',): (
        "EluGrad LeakyReluGrad Relu6Grad ReluGrad SeluGrad"),
    ('summary',): (
        "HistogramSummary ImageSummary MergeSummary ScalarSummary TensorSummaryV2"),
    ('output_handle',): (
        "TensorListFromTensor TensorListPushBack TensorListScatterIntoExistingList TensorListSetItem"),
    ('resized_images',): (
        "ResizeArea ResizeBicubic ResizeBilinear ResizeNearestNeighbor"),
    ('output', 'sorted_unique_indices'): (
        "SparseSegmentMeanGradV2 SparseSegmentSqrtNGradV2 SparseSegmentSumGradV2"),
    ('sampled_candidates', 'true_expected_count', 'sampled_expected_count'): (
        "AllCandidateSampler LogUniformCandidateSampler UniformCandidateSampler"),
    ('diagonal',): (
        "DiagPart MatrixDiagPartV3"),
    ('handle',): (
        "EmptyTensorList TensorListReserve"),
    ('is_initialized',): (
        "IsVariableInitialized VarIsInitializedOp"),
    ('loss', 'backprop'): (
        "SoftmaxCrossEntropyWithLogits SparseSoftmaxCrossEntropyWithLogits"),
    ('merged',): (
        "DynamicStitch ParallelDynamicStitch"),
    ('optional',): (
        "OptionalFromValue OptionalNone"),
    ('product',): (
        "Cross MatMul"),
    ('*components',): (
        "OptionalGetValue"),
    ('*outputs',): (
        "DynamicPartition"),
    ('*tensors',): (
        "RestoreV2"),
    ('band',): (
        "MatrixBandPart"),
    ('dense',): (
        "SparseToDense"),
    ('e', 'v'): (
        "SelfAdjointEigV2"),
    ('element_shape',): (
        "TensorListElementShape"),
    ('has_value',): (
        "OptionalHasValue"),
    ('index',): (
        "Where"),
    ('indices', 'ids', 'weights'): (
        "ComputeAccidentalHits"),
    ('item',): (
        "TensorListGetItem"),
    ('length',): (
        "TensorListLength"),
    ('logsoftmax',): (
        "LogSoftmax"),
    ('out', 'idx'): (
        "ListDiff"),
    ('output_handle', 'tensor'): (
        "TensorListPopBack"),
    ('patches',): (
        "ExtractImagePatches"),
    ('precision',): (
        "InTopKV2"),
    ('q', 'r'): (
        "Qr"),
    ('r0',): (
        "BroadcastArgs"),
    ('r0', 'r1'): (
        "BroadcastGradientArgs"),
    ('ref',): (
        "VariableV2"),
    ('resource',): (
        "VarHandleOp"),
    ('s', 'u', 'v'): (
        "Svd"),
    ('sign', 'log_abs_determinant'): (
        "LogMatrixDeterminant"),
    ('softmax',): (
        "Softmax"),
    ('sum',): (
        "AddN"),
    ('tensor',): (
        "TensorListStack"),
    ('value',): (
        "ReadVariableOp"),
    ('values',): (
        "TensorListGather"),
    ('values', 'indices'): (
        "TopKV2"),
    ('x_backprop', 'scale_backprop', 'offset_backprop', 'reserve_space_4', 'reserve_space_5'): (
        "FusedBatchNormGradV3"),
    ('y', 'batch_mean', 'batch_variance', 'reserve_space_1', 'reserve_space_2', 'reserve_space_3'): (
        "FusedBatchNormV3"),
    ('y', 'idx'): (
        "Unique"),
    ('y', 'idx', 'count'): (
        "UniqueWithCounts"),
}

OUTPUT_ARGS: dict[str, tuple] = {op: args for args, names in _GROUPED.items() for op in names.split()}
