"""Neural-network ops (`tf.nn.*`): softmax, bias_add, L2 loss, dropout, embedding lookup, in_top_k,
xw_plus_b/relu_layer, and the shape helpers the nn composites share.

Activations and their gradient ops live in `nn_activation` (`relu` is re-exported from here, where
the package namespace imports it), cross-entropy losses in `nn_xent`, normalization (moments,
batch_normalization, l2_normalize, fused batch norm, LRN) in `nn_norm`, convolutions and pooling in
`nn_conv`, `nn_depthwise`, `nn_pool2d`, `nn_pool`. Composite wrappers build the op graph TF 2.21's
Python code builds (op types, names, static shapes): `shape_tensor`/`rank_tensor` are TF's
`array_ops.shape`/`rank` (a Const when the static value is known), `packed` its auto-packing of lists
mixing Python ints and tensors.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from .common import FLOATS, REAL, check_dtype, shape_str
from .constant import constant, convert_to_tensor
from .nn_activation import Relu
from .nn_activation import relu as relu  # re-exported: sessionflow/__init__.py imports it from here

_F64 = np.float64


# --- TF's shape helpers ----------------------------------------------------------------------

def shape_tensor(x: Tensor, name=None) -> Tensor:
    """`array_ops.shape` as TF builds it: a Const when the static shape is fully known, else a Shape op."""
    from .array import shape

    with get_default_graph().name_scope(name or "Shape") as scope:
        if x.shape.is_fully_defined():
            return constant(x.shape.as_list(), dtype=dtypes.int32, name=scope)
        return shape(x, name=scope)


def rank_tensor(x: Tensor, name=None) -> Tensor:
    """`array_ops.rank` as TF builds it: a Const when the rank is known, else a Rank op."""
    from .array import rank

    with get_default_graph().name_scope(name or "Rank") as scope:
        if x.shape.ndims is not None:
            return constant(x.shape.ndims, dtype=dtypes.int32, name=scope)
        return rank(x, name=scope)


def packed(values: list, name: str) -> Tensor:
    """A list mixing Python ints and scalar int32 tensors as one Pack, named as TF's auto-packing names it
    (the Python values become Consts `name/0`, `name/1`, ...)."""
    from .array import Pack

    with get_default_graph().name_scope(name) as scope:
        parts = [v if isinstance(v, Tensor) else constant(v, dtype=dtypes.int32, name=str(i))
                 for i, v in enumerate(values)]
        return Pack(parts, axis=0, name=scope)


def reshape_packed(tensor: Tensor, dims: list, name="Reshape") -> Tensor:
    """`array_ops.reshape(tensor, dims)` for a list mixing ints and scalar tensors (`Reshape/shape/0`
    Consts and a `Reshape/shape` Pack, as TF names them)."""
    from .array import Reshape

    with get_default_graph().name_scope(name) as scope:
        return Reshape(tensor, packed(dims, "shape"), name=scope)


def axis_or_dim(axis, dim):
    """TF's `deprecated_argument_lookup("axis", axis, "dim", dim)`: `dim` is the deprecated name of `axis`."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'dim' and 'axis'.")
        return dim
    return axis


# --- softmax ---------------------------------------------------------------------------------

_SOFTMAX_TYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)  # the op definitions' order


def _softmax_infer(type_name):
    def infer(logits):
        check_dtype(type_name, "logits", logits, _SOFTMAX_TYPES)
        if logits.shape.rank == 0:
            raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{{{{node {type_name}}}}} = "
                             f"{type_name}[T=DT_{logits.dtype.base_dtype.name.upper()}](Const)' with input shapes: [].")
        return logits.dtype.base_dtype, logits.shape

    return infer


def _softmax_kernel(xp, logits):
    e = xp.exp(logits - xp.max(logits, axis=-1, keepdims=True))
    return e / xp.sum(e, axis=-1, keepdims=True)


def _log_softmax_kernel(xp, logits):
    shifted = logits - xp.max(logits, axis=-1, keepdims=True)
    return shifted - xp.log(xp.sum(xp.exp(shifted), axis=-1, keepdims=True))


_SOFTMAX_SAMPLES = [((np.array([[0.3, -0.7, 1.2], [2.5, -1.4, 0.5]], _F64),), {}),
                    ((np.array([0.2, 0.9, -0.4, 1.1], _F64),), {}),
                    ((np.array([[1.0, 2.0], [3.0, 0.5]], np.float32),), {})]


@op("Softmax", inputs=("logits",))
class Softmax:
    """exp(logits) / sum(exp(logits)) along the last axis."""

    infer = _softmax_infer("Softmax")
    kernel = _softmax_kernel

    def grad(op_, g):
        from .math import multiply, subtract
        from .reduction import reduce_sum

        y = op_.outputs[0]
        return multiply(subtract(g, reduce_sum(multiply(g, y), -1, keepdims=True)), y)

    samples = _SOFTMAX_SAMPLES


@op("LogSoftmax", inputs=("logits",))
class LogSoftmax:
    """logits - log(sum(exp(logits))) along the last axis."""

    infer = _softmax_infer("LogSoftmax")
    kernel = _log_softmax_kernel

    def grad(op_, g):
        from .math import exp, multiply, subtract
        from .reduction import reduce_sum

        return subtract(g, multiply(reduce_sum(g, -1, keepdims=True), exp(op_.outputs[0])))

    samples = _SOFTMAX_SAMPLES


def _swap_axis(t, dim, last, name=None):
    """`t` with axes `dim` and `last` exchanged (TF's `_swap_axis`: a Transpose by a concat of ranges)."""
    from .array import concat
    from .array import range as range_
    from .array_transform import transpose

    return transpose(t, concat([range_(dim), [last], range_(dim + 1, last), [dim]], 0), name=name or "transpose")


def _softmax_wrapper(opdef, logits, axis, name):
    """TF's `_wrap_2d_function`: the op itself on the last axis; any other axis (a Python int or a
    tensor) is swapped with the last one (Rank, Sub, Range, ConcatV2, Transpose), the op applied, and the
    axes swapped back."""
    from .array_index import where
    from .math import less, subtract

    logits = convert_to_tensor(logits)
    static = logits.shape
    python_axis = not isinstance(axis, Tensor)
    rank = static.ndims
    if python_axis and axis == -1 or (python_axis and axis == rank - 1):  # unknown rank: TF's TypeError
        with get_default_graph().name_scope(name or opdef.type) as scope:
            return opdef(logits, name=scope)
    if rank is None:
        raise TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'")
    value = axis if python_axis else static_value(axis)
    if value is not None and not -rank <= int(value) < rank:
        raise errors.InvalidArgumentError(None, None, f"`dim` must be in the range [{-rank}, {rank}) where {rank} "
                                                      f"is the number of dimensions in the input. Received: "
                                                      f"dim={value}")
    ndims = rank_tensor(logits)
    if python_axis:
        if axis < 0:
            axis += ndims
    else:
        axis = where(less(axis, 0), axis + ndims, axis)
    input_rank = rank_tensor(logits)
    dim_axis = axis % rank
    out = opdef(_swap_axis(logits, dim_axis, subtract(input_rank, 1)))
    out = _swap_axis(out, dim_axis, subtract(input_rank, 1), name=name)
    out.set_shape(static)
    return out


@tf_export("nn.softmax", "math.softmax")
def softmax(logits, axis=None, name=None, dim=None):
    """`tf.nn.softmax` (TF1: `dim` is the deprecated name of `axis`)."""
    axis = axis_or_dim(axis, dim)
    return _softmax_wrapper(Softmax, logits, -1 if axis is None else axis, name)


@tf_export("nn.log_softmax", "math.log_softmax")
def log_softmax(logits, axis=None, name=None, dim=None):
    """`tf.nn.log_softmax` (TF1: `dim` is the deprecated name of `axis`)."""
    axis = axis_or_dim(axis, dim)
    return _softmax_wrapper(LogSoftmax, logits, -1 if axis is None else axis, name)


# --- bias_add, l2 -----------------------------------------------------------------------------

def _channel_axis(data_format: str, rank: int) -> int:
    return 1 if data_format.startswith("NC") and rank >= 3 else rank - 1


@op("BiasAddGrad", inputs=("out_backprop",), attrs=dict(data_format="NHWC"))
class BiasAddGrad:
    """Sum of `out_backprop` over every axis but the channel axis."""

    def infer(out_backprop, data_format):
        dims = out_backprop.shape.as_tuple()
        if dims is None:
            return out_backprop.dtype.base_dtype, TensorShape([None])
        return out_backprop.dtype.base_dtype, TensorShape([dims[_channel_axis(data_format, len(dims))]])

    def kernel(xp, out_backprop, data_format):
        c = _channel_axis(data_format, out_backprop.ndim)
        axes = tuple(i for i in range(out_backprop.ndim) if i != c)
        return xp.sum(out_backprop, axis=axes).astype(out_backprop.dtype)

    def grad(op_, g):
        """TF's `_BiasAddGradGrad`: the bias gradient `g` reshaped onto the channel axis and tiled over
        every other axis of `out_backprop`."""
        from .array import concat, ones_like, reshape, shape
        from .array_transform import tile

        dims = shape(op_.inputs[0])
        if op_.attrs["data_format"] == "NCHW":
            expanded = concat([ones_like(dims[:1]), shape(g), ones_like(dims[2:])], 0)
            multiples = concat([dims[:1], [1], dims[2:]], 0)
        else:
            expanded = concat([ones_like(dims[:-1]), shape(g)], 0)
            multiples = concat([dims[:-1], [1]], 0)
        return tile(reshape(g, expanded), multiples)

    samples = [((np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], _F64),), dict(data_format="NHWC")),
               ((np.ones((2, 3, 2, 2), np.float32),), dict(data_format="NCHW"))]


@op("BiasAdd", inputs=("value", "bias"), attrs=dict(data_format="NHWC"))
class BiasAdd:
    """`value + bias`, with the 1-D `bias` added along the channel axis of `data_format`."""

    def infer(value, bias, data_format):
        check_dtype("BiasAdd", "value", value, REAL | {dtypes.complex64, dtypes.complex128})
        if bias.dtype.base_dtype is not value.dtype.base_dtype:
            raise TypeError(f"Input 'bias' of 'BiasAdd' Op has type {bias.dtype.base_dtype.name} that does not "
                            f"match type {value.dtype.base_dtype.name} of argument 'value'.")
        shapes = f"{shape_str(value.shape)}, {shape_str(bias.shape)}"
        if bias.shape.rank is not None and bias.shape.rank != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {bias.shape.rank} for 'BiasAdd' with input shapes: "
                             f"{shapes}.")
        dims = value.shape.as_tuple()
        if dims is None:
            return value.dtype.base_dtype, value.shape
        if len(dims) < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {len(dims)} for 'BiasAdd' with input "
                             f"shapes: {shapes}.")
        c = _channel_axis(data_format, len(dims))
        b = bias.shape.as_tuple()[0] if bias.shape.rank == 1 else None
        if dims[c] is not None and b is not None and dims[c] != b:
            raise ValueError(f"Dimensions must be equal, but are {dims[c]} and {b} for 'BiasAdd' with input "
                             f"shapes: {shapes}.")
        out = list(dims)
        out[c] = dims[c] if dims[c] is not None else b
        return value.dtype.base_dtype, TensorShape(out)

    def kernel(xp, value, bias, data_format):
        c = _channel_axis(data_format, value.ndim)
        if value.shape[c] != bias.shape[0]:
            raise errors.InvalidArgumentError(None, None, f"Must provide as many biases as the last dimension of the "
                                                          f"input tensor: [{bias.shape[0]}] vs. "
                                                          f"[{','.join(map(str, value.shape))}]")
        shape = [1] * value.ndim
        shape[c] = bias.shape[0]
        return value + xp.reshape(bias, shape)

    def grad(op_, g):
        return g, BiasAddGrad(g, data_format=op_.attrs["data_format"])

    samples = [((np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], _F64), np.array([0.1, 0.2, -0.3])),
                dict(data_format="NHWC")),
               ((np.arange(24, dtype=_F64).reshape(2, 3, 2, 2) / 7, np.array([0.1, 0.2, -0.3])),
                dict(data_format="NCHW")),
               ((np.ones((2, 2, 3), np.float32), np.array([1, 2, 3], np.float32)), dict(data_format="NHWC"))]


@tf_export("nn.bias_add")
def bias_add(value, bias, data_format=None, name=None):
    """`tf.nn.bias_add`; `data_format` "N...C" (default) or "NC..."."""
    if data_format is None:
        data_format = "NHWC"
    elif data_format.startswith("NC"):
        data_format = "NCHW"
    elif data_format.startswith("N") and data_format.endswith("C"):
        data_format = "NHWC"
    else:
        raise ValueError("data_format must be of the form `N...C` or `NC...`")
    with get_default_graph().name_scope(name or "BiasAdd") as scope:
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype, name="bias")
        return BiasAdd(value, bias, data_format=data_format, name=scope)


@op("L2Loss", inputs=("t",))
class L2Loss:
    """sum(t ** 2) / 2, a scalar."""

    def infer(t):
        check_dtype("L2Loss", "t", t, FLOATS)
        return t.dtype.base_dtype, TensorShape([])

    def kernel(xp, t):
        return xp.asarray(xp.sum(t * t) / 2, dtype=t.dtype)

    def grad(op_, g):
        from .math import multiply
        return multiply(op_.inputs[0], g)

    samples = [((np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], _F64),), {}),
               ((np.array([3.0, 4.0], np.float32),), {})]


@tf_export("nn.l2_loss")
def l2_loss(t, name=None):
    """`tf.nn.l2_loss`: sum(t ** 2) / 2."""
    with get_default_graph().name_scope(name or "L2Loss") as scope:
        return L2Loss(convert_to_tensor(t, name="t"), name=scope)


# --- dropout ---------------------------------------------------------------------------------

def _noise_shape(x: Tensor, noise_shape):
    """TF's `_get_noise_shape`: x's shape, or `noise_shape` with its unknown dimensions taken from x."""
    if noise_shape is None:
        return shape_tensor(x)
    if isinstance(noise_shape, Tensor):
        return noise_shape
    try:
        wanted = TensorShape(noise_shape)
    except (TypeError, ValueError):
        return noise_shape
    dims = x.shape.as_tuple()
    if dims is not None and wanted.ndims == len(dims):
        return TensorShape([d if n is None and d is not None else n for d, n in zip(dims, wanted.as_tuple())])
    return noise_shape


@tf_export("nn.dropout")
def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """`tf.nn.dropout` (TF1 signature): keeps each element with probability 1 - rate, scaled by
    1 / (1 - rate). Builds TF 2.21's graph (Mul by the scale, or RealDiv by 1 - rate for a tensor rate;
    RandomUniform, GreaterEqual against rate, SelectV2), so a seeded mask equals TF's."""
    from ..framework.seeds import get_seed
    from .random import random_uniform

    try:
        rate_from_keep_prob = 1. - keep_prob if keep_prob is not None else None
    except TypeError:
        raise ValueError(f"`keep_prob` must be a floating point number or Tensor. Received: keep_prob={keep_prob}") \
            from None
    if rate_from_keep_prob is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'keep_prob' and 'rate'.")
        rate = rate_from_keep_prob
    if rate is None:
        raise ValueError(f"`rate` must be provided. Received: rate={rate}")
    # TF's dummy RNG step for rate 0: the op-seed counter advances as if a random op were made
    return dropout_with(x, rate, noise_shape, lambda shape, dtype: random_uniform(shape, seed=seed, dtype=dtype),
                        lambda: get_seed(seed), name, "dropout")


def dropout_with(x, rate, noise_shape, uniform_sampler, dummy_rng_step, name, default_name):
    """TF's shared dropout: `uniform_sampler(shape=, dtype=)` draws the [0, 1) values compared with `rate`."""
    from .array_index import where_v2
    from .math import Cast, Mul, RealDiv, Sub

    with get_default_graph().name_scope(name or default_name):
        is_rate_number = isinstance(rate, numbers.Real)
        if is_rate_number and not 0 <= rate < 1:
            raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}")
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError(f"`x.dtype` must be a floating point tensor as `x` will be scaled. Received: "
                             f"x_dtype={x.dtype}")
        if is_rate_number and rate == 0:
            dummy_rng_step()
            return x
        if not isinstance(rate, Tensor):
            if not is_rate_number:
                raise ValueError(f"`rate` must be a scalar or scalar tensor. Received: rate={rate}")
            ret = Mul(x, convert_to_tensor(1 / (1 - rate), dtype=x.dtype))
        else:
            rate.shape.with_rank(0)
            if rate.dtype.base_dtype is not x.dtype.base_dtype:
                if not rate.dtype.is_compatible_with(x.dtype):
                    raise ValueError(f"`x.dtype` must be compatible with `rate.dtype`. Received: x.dtype={x.dtype} "
                                     f"and rate.dtype={rate.dtype}")
                rate = Cast(rate, SrcT=rate.dtype.base_dtype, DstT=x.dtype.base_dtype, name="rate")
            ret = RealDiv(x, Sub(constant(1, dtype=x.dtype), rate))
        random_tensor = uniform_sampler(shape=_noise_shape(x, noise_shape), dtype=x.dtype)
        keep_mask = random_tensor >= rate
        ret = where_v2(keep_mask, ret, constant(0, dtype=x.dtype))
        ret.set_shape(x.shape)
        return ret


# --- embedding, in_top_k, dense layers ---------------------------------------------------------

def _clip_rows(params, ids, max_norm):
    """TF's embedding `_clip`: each embedding (the axes past the ids' rank) clipped to L2 norm `max_norm`."""
    from .array import range as range_
    from .math_extra import clip_by_norm

    if max_norm is None:
        return params
    ids_rank, params_rank = ids.shape.ndims, params.shape.ndims
    if ids_rank and params_rank:
        axes = list(range(ids_rank, params_rank))
    else:
        axes = range_(ids_rank or rank_tensor(ids), params_rank or rank_tensor(params))
    return clip_by_norm(params, max_norm, axes=axes)


def _size(t: Tensor) -> Tensor:
    """`array_ops.size` (int32) as TF builds it: a Const when the element count is static."""
    from .array import size

    n = t.shape.num_elements()
    return size(t, out_type=dtypes.int32) if n is None else constant(n, dtype=dtypes.int32, name="Size")


def _partition(flat_ids, params, num_shards, partition_strategy):
    """(shard of each id, row within its shard) for TF's "mod" and "div" strategies."""
    from .array_index import where
    from .math import cast, maximum
    from .reduction import reduce_sum

    if partition_strategy == "mod":
        return flat_ids % num_shards, flat_ids // num_shards
    if partition_strategy != "div":
        raise ValueError(f"Unrecognized partition strategy: {partition_strategy}.Must be one of either `mod` or "
                         f"`div`.")
    sizes = [p.shape.as_tuple()[0] if p.shape.ndims else None for p in params]
    if None not in sizes and sum(sizes):
        total = constant(sum(sizes), dtype=flat_ids.dtype)
    else:
        total = reduce_sum(cast(packed([s if s is not None else shape_tensor(p)[0] for s, p in zip(sizes, params)],
                                       "stack"), flat_ids.dtype))
    per_shard = total // num_shards
    extras = total % num_shards
    assignments = maximum(flat_ids // (per_shard + 1), (flat_ids - extras) // per_shard)
    new_ids = where(assignments < extras, flat_ids % (per_shard + 1), (flat_ids - extras) % per_shard)
    return assignments, new_ids


@tf_export("nn.embedding_lookup")
def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None):
    """`tf.nn.embedding_lookup`: rows of `params` (a Tensor, or a list of shards partitioned by
    `partition_strategy` "mod" (row i in shard i % n) or "div" (contiguous blocks)). One shard is a
    GatherV2 and an Identity; several are DynamicPartition, one GatherV2 per shard, ParallelDynamicStitch
    and a Reshape, as TF builds them."""
    from .array import concat, gather, identity
    from .array import range as range_
    from .array import reshape
    from .array_stitch import dynamic_partition, parallel_dynamic_stitch
    from .math import cast

    if params is None:
        raise ValueError("params must be specified")
    if isinstance(params, (list, tuple)) and not params:
        raise ValueError("Length of params is currently 0. Need at least one param.")
    if hasattr(params, "_get_variable_list"):  # a PartitionedVariable: its parts are the shards
        params = list(params)
    if not isinstance(params, list):
        params = [params]
    with get_default_graph().name_scope(name or "embedding_lookup") as scope:
        num_shards = len(params)
        if not any(getattr(p, "_handle", None) is not None for p in params):  # resource variables: read by rows
            params = [convert_to_tensor(p, name=f"params_{i}") for i, p in enumerate(params)]
        ids = convert_to_tensor(ids, name="ids")
        if num_shards == 1:
            return identity(_clip_rows(gather(params[0], ids, name=scope), ids, max_norm))
        flat_ids = reshape(ids, [-1])
        original_indices = range_(_size(flat_ids))
        assignments, new_ids = _partition(flat_ids, params, num_shards, partition_strategy)
        assignments = cast(assignments, dtypes.int32)
        gather_ids = dynamic_partition(new_ids, assignments, num_shards)
        positions = dynamic_partition(original_indices, assignments, num_shards)
        rows = [gather(p, pids) for p, pids in zip(params, gather_ids)]
        ret = parallel_dynamic_stitch(positions, rows, name=scope)
        element = TensorShape(params[0].shape.as_tuple()[1:] if params[0].shape.ndims else None)
        for p in params[1:]:
            element = element.merge_with(TensorShape(p.shape.as_tuple()[1:] if p.shape.ndims else None))
        element_dims = element.as_list() if element.is_fully_defined() else shape_tensor(params[0])[1:]
        ret = reshape(ret, concat([shape_tensor(ids), element_dims], 0))
        ret.set_shape(ids.shape.concatenate(element))
        return _clip_rows(ret, ids, max_norm)


@op("InTopKV2", inputs=("predictions", "targets", "k"), type_attrs=dict(T="targets"))
class InTopKV2:
    """Whether predictions[i, targets[i]] is among the k largest of row i (ties count as in)."""

    def infer(predictions, targets, k):
        check_dtype("InTopKV2", "predictions", predictions, {dtypes.float32})
        check_dtype("InTopKV2", "targets", targets, {dtypes.int32, dtypes.int64})
        if predictions.shape.rank is not None and predictions.shape.rank != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {predictions.shape.rank} for 'InTopKV2' with input "
                             f"shapes: {shape_str(predictions.shape)}, {shape_str(targets.shape)}, [].")
        dims = predictions.shape.as_tuple() or (None, None)
        return dtypes.bool, TensorShape(dims[:1]).merge_with(targets.shape if targets.shape.rank == 1
                                                             else TensorShape([None]))

    def kernel(xp, predictions, targets, k):
        n, classes = predictions.shape
        valid = (targets >= 0) & (targets < classes)
        safe = xp.where(valid, targets, 0)
        target_values = predictions[xp.arange(n), safe]
        greater = xp.sum(predictions > target_values[:, None], axis=1)
        return valid & xp.isfinite(target_values) & (greater < k)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[0.1, 0.8, 0.1], [0.3, 0.3, 0.4]], np.float32), np.array([1, 0], np.int32),
                 np.array(1, np.int32)), {})]


@tf_export("nn.in_top_k", "math.in_top_k")
def in_top_k(predictions, targets, k, name=None):
    """`tf.nn.in_top_k`: an InTopKV2 op (named `name`, default "InTopKV2") inside the "in_top_k" scope."""
    graph = get_default_graph()
    with graph.name_scope(name or "in_top_k"), graph.name_scope(name or "InTopKV2") as scope:
        predictions = convert_to_tensor(predictions, name="predictions")
        targets = convert_to_tensor(targets, name="targets")
        k = convert_to_tensor(k, dtype=targets.dtype, name="k")
        return InTopKV2(predictions, targets, k, name=scope)


@tf_export("nn.xw_plus_b")
def xw_plus_b(x, weights, biases, name=None):
    """`tf.nn.xw_plus_b`: matmul(x, weights) + biases."""
    from .matmul import matmul

    with get_default_graph().name_scope(name or "xw_plus_b") as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return bias_add(matmul(x, weights), biases, name=scope)


@tf_export("nn.relu_layer")
def relu_layer(x, weights, biases, name=None):
    """`tf.nn.relu_layer`: relu(matmul(x, weights) + biases)."""
    from .matmul import matmul

    with get_default_graph().name_scope(name or "relu_layer") as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return Relu(bias_add(matmul(x, weights), biases), name=scope)
