"""Normalization ops: fused batch normalization (`tf.nn.fused_batch_norm`, FusedBatchNormV3 and its
gradient op), local response normalization (`tf.nn.lrn`, LRN and LRNGrad), and the composites TF
builds from other ops (`tf.nn.moments`, `weighted_moments`, `batch_normalization`, `l2_normalize`).

Batch statistics are computed in the statistics dtype U (float32, the dtype of `scale`) whatever the
data dtype T, as TF's CPU kernels do. In training mode FusedBatchNormV3 returns the Bessel-corrected
batch variance (n / (n - 1)) as its `batch_variance` output but normalises with, and reserves, the
biased one; `exponential_avg_factor` f != 1 blends the incoming running statistics:
`(1 - f) * running + f * batch`. FusedBatchNormGradV3 is differentiable as in TF (second derivatives,
gradient penalties): its gradient differentiates the same computation written with differentiable ops.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from .common import shape_str
from .constant import constant, convert_to_tensor

_BN_FORMATS = ("NHWC", "NCHW", "NDHWC", "NCDHW")
_BN_DTYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32)  # in the order TF's errors list them
_STAT_DTYPES = (dtypes.float32,)
_BN_ATTRS = dict(epsilon=0.0001, exponential_avg_factor=1.0, data_format="NHWC", is_training=True)
_BN_GRAD_ATTRS = dict(epsilon=0.0001, data_format="NHWC", is_training=True)
_LRN_ATTRS = dict(depth_radius=5, bias=1.0, alpha=1.0, beta=0.5)


# --- fused batch normalization ------------------------------------------------------------------

def check_dtype(op_type: str, param: str, t: Tensor, allowed: tuple) -> None:
    """TF's TypeError for an input dtype outside `allowed`, listed in the op definition's order."""
    if t.dtype.base_dtype not in allowed:
        raise TypeError(f"Value passed to parameter '{param}' has DataType {t.dtype.base_dtype.name} not in list of "
                        f"allowed values: {', '.join(d.name for d in allowed)}")


def _channel_axis(data_format: str, ndim: int) -> int:
    return 1 if data_format.startswith("NC") else ndim - 1


def _check_format(op_type: str, data_format: str) -> int:
    """The rank `data_format` implies; TF's error for a format the op does not know."""
    if data_format not in _BN_FORMATS:
        raise ValueError(f"Attr 'data_format' of '{op_type}' Op passed string '{data_format}' not in: "
                         + ", ".join(f'"{f}"' for f in _BN_FORMATS) + ".")
    return len(data_format)


def _rank(op_type: str, t: Tensor, rank: int, shapes: str) -> tuple:
    dims = t.shape.as_tuple()
    if dims is None:
        return (None,) * rank
    if len(dims) != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {len(dims)} for '{op_type}' with input shapes: "
                         f"{shapes}.")
    return dims


def _merge_channels(op_type: str, channels, vectors, shapes: str):
    """The channel count, merged with the length of each rank-1 `vectors` tensor (TF's Merge)."""
    for t in vectors:
        (length,) = _rank(op_type, t, 1, shapes)
        if channels is not None and length is not None and channels != length:
            raise ValueError(f"Dimensions must be equal, but are {channels} and {length} for '{op_type}' with "
                             f"input shapes: {shapes}.")
        channels = length if channels is None else channels
    return channels


def _bn_stats_shape(xp, x, axis):
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]
    return tuple(shape)


def _batch_norm_forward(xp, x, scale, offset, mean, variance, epsilon, exponential_avg_factor, data_format,
                        is_training):
    axis = _channel_axis(data_format, x.ndim)
    reduce = tuple(a for a in range(x.ndim) if a != axis)
    stat = _bn_stats_shape(xp, x, axis)
    u = scale.dtype
    xu = x.astype(u)
    if is_training:
        count = x.size // max(x.shape[axis], 1)
        batch_mean = xp.mean(xu, axis=reduce)
        centered = xu - xp.reshape(batch_mean, stat)
        batch_var = xp.mean(centered * centered, axis=reduce)
        corrected = batch_var * (count / max(count - 1, 1))
        if exponential_avg_factor != 1.0:
            f = exponential_avg_factor
            running_mean = ((1 - f) * mean + f * batch_mean).astype(u)
            running_var = ((1 - f) * variance + f * corrected).astype(u)
        else:
            running_mean, running_var = batch_mean, corrected.astype(u)
        inv = 1 / xp.sqrt(batch_var + epsilon)
        y = centered * xp.reshape(inv * scale, stat) + xp.reshape(offset, stat)
        return y.astype(x.dtype), running_mean, running_var, batch_mean, batch_var, _reserve_3(xp, x, u)
    if mean.shape != scale.shape or variance.shape != scale.shape:
        raise errors.InvalidArgumentError(None, None, f"When is_training=false, mean and variance must have the "
                                                      f"same shape as scale: mean {list(mean.shape)}, variance "
                                                      f"{list(variance.shape)}, scale {list(scale.shape)}")
    inv = 1 / xp.sqrt(variance + epsilon)
    y = (xu - xp.reshape(mean, stat)) * xp.reshape(inv * scale, stat) + xp.reshape(offset, stat)
    return y.astype(x.dtype), mean, variance, mean, variance, _reserve_3(xp, x, u)


def _reserve_3(xp, x, dtype):
    """TF's CPU kernels leave reserve_space_3 empty for 4-D inputs and a scalar zero for 5-D ones."""
    return xp.zeros((0,) if x.ndim == 4 else (), dtype=dtype)


def _bn_samples():
    rng = np.random.RandomState(11)
    x = rng.uniform(-1, 1, (2, 3, 2, 3)).astype(np.float32)
    scale, offset = np.float32([1.0, 2.0, 0.5]), np.float32([0.1, 0.2, 0.3])
    mean, var = np.float32([0.1, -0.1, 0.0]), np.float32([1.0, 0.5, 2.0])
    empty = np.zeros((0,), np.float32)
    return [((x, scale, offset, empty, empty), dict(_BN_ATTRS)),
            ((x, scale, offset, mean, var), dict(_BN_ATTRS, is_training=False, epsilon=0.001)),
            ((x, scale, offset, mean, var), dict(_BN_ATTRS, exponential_avg_factor=0.3)),
            ((np.transpose(x, (0, 3, 1, 2)).copy(), scale, offset, empty, empty), dict(_BN_ATTRS, data_format="NCHW")),
            ((x.reshape(2, 3, 1, 2, 3), scale, offset, empty, empty), dict(_BN_ATTRS, data_format="NDHWC"))]


@op("FusedBatchNormV3", inputs=("x", "scale", "offset", "mean", "variance"), attrs=_BN_ATTRS,
    type_attrs=dict(T="x", U="mean"))
class FusedBatchNormV3:
    """Batch normalization over all axes but the channel axis; outputs y, batch_mean, batch_variance and
    three reserve spaces (the batch mean, the biased batch variance, an empty tensor)."""

    def infer(x, scale, offset, mean, variance, epsilon, exponential_avg_factor, data_format, is_training):
        check_dtype("FusedBatchNormV3", "x", x, _BN_DTYPES)
        for name, t in (("scale", scale), ("offset", offset), ("mean", mean), ("variance", variance)):
            check_dtype("FusedBatchNormV3", name, t, _STAT_DTYPES)
        rank = _check_format("FusedBatchNormV3", data_format)
        shapes = ", ".join(shape_str(t.shape) for t in (x, scale, offset, mean, variance))
        dims = list(_rank("FusedBatchNormV3", x, rank, shapes))
        axis = _channel_axis(data_format, rank)
        vectors = (scale, offset) if is_training and exponential_avg_factor == 1.0 else (scale, offset, mean,
                                                                                         variance)
        if is_training and exponential_avg_factor == 1.0:
            for t in (mean, variance):
                _rank("FusedBatchNormV3", t, 1, shapes)
        channels = _merge_channels("FusedBatchNormV3", dims[axis], vectors, shapes)
        dims[axis] = channels
        u, vec = scale.dtype.base_dtype, TensorShape([channels])
        return [(x.dtype.base_dtype, TensorShape(dims))] + [(u, vec)] * 4 + [(u, TensorShape(None))]

    def kernel(xp, x, scale, offset, mean, variance, epsilon, exponential_avg_factor, data_format, is_training):
        return _batch_norm_forward(xp, x, scale, offset, mean, variance, epsilon, exponential_avg_factor,
                                   data_format, is_training)

    def grad(op_, *grads):
        """TF's `_BaseFusedBatchNormGrad`: only y's gradient flows back; in inference mode the gradient op
        runs in NHWC/NDHWC on transposed tensors."""
        from .array_transform import transpose

        x, scale = op_.inputs[0], op_.inputs[1]
        gy = grads[0]
        epsilon, data_format = op_.attrs["epsilon"], op_.attrs["data_format"]
        if op_.attrs["is_training"]:
            dx, dscale, doffset, _, _ = FusedBatchNormGradV3(gy, x, scale, op_.outputs[3], op_.outputs[4],
                                                             op_.outputs[5], epsilon=epsilon,
                                                             data_format=data_format, is_training=True)
            return dx, dscale, doffset, None, None
        to_last = {"NCHW": [0, 2, 3, 1], "NCDHW": [0, 2, 3, 4, 1]}.get(data_format)
        if to_last is not None:
            x, gy = transpose(x, to_last), transpose(gy, to_last)
        dx, dscale, doffset, _, _ = FusedBatchNormGradV3(gy, x, scale, op_.inputs[3], op_.inputs[4], op_.outputs[5],
                                                         epsilon=epsilon,
                                                         data_format="NHWC" if len(data_format) == 4 else "NDHWC",
                                                         is_training=False)
        if to_last is not None:
            dx = transpose(dx, [0, 3, 1, 2] if len(to_last) == 4 else [0, 4, 1, 2, 3])
        return dx, dscale, doffset, None, None

    samples = _bn_samples()


def _batch_norm_backward(xp, y_backprop, x, scale, reserve_space_1, reserve_space_2, epsilon, data_format,
                         is_training):
    axis = _channel_axis(data_format, x.ndim)
    reduce = tuple(a for a in range(x.ndim) if a != axis)
    stat = _bn_stats_shape(xp, x, axis)
    u = scale.dtype
    gy, xu = y_backprop.astype(u), x.astype(u)
    inv = 1 / xp.sqrt(reserve_space_2 + epsilon)
    x_hat = (xu - xp.reshape(reserve_space_1, stat)) * xp.reshape(inv, stat)
    doffset = xp.sum(gy, axis=reduce)
    dscale = xp.sum(gy * x_hat, axis=reduce)
    if is_training:
        count = x.size // max(x.shape[axis], 1)
        dx = xp.reshape(scale * inv, stat) * (gy - xp.reshape(doffset / count, stat)
                                              - x_hat * xp.reshape(dscale / count, stat))
    else:
        dx = gy * xp.reshape(scale * inv, stat)
    empty = xp.zeros((0,), dtype=u)
    return dx.astype(x.dtype), dscale.astype(u), doffset.astype(u), empty, empty


def _bn_grad_samples():
    samples = []
    rng = np.random.RandomState(12)
    for (x, scale, offset, mean, var), attrs in _bn_samples()[:2] + _bn_samples()[3:]:
        outs = _batch_norm_forward(np, x, scale, offset, mean, var, **attrs)
        gy = rng.uniform(-1, 1, x.shape).astype(np.float32)
        grad_attrs = {k: attrs[k] for k in _BN_GRAD_ATTRS}
        samples.append(((gy, x, scale, outs[3], outs[4], outs[5]), grad_attrs))
    return samples


@op("FusedBatchNormGradV3", inputs=("y_backprop", "x", "scale", "reserve_space_1", "reserve_space_2",
                                    "reserve_space_3"), attrs=_BN_GRAD_ATTRS,
    type_attrs=dict(T="y_backprop", U="reserve_space_1"))
class FusedBatchNormGradV3:
    """The gradients of FusedBatchNormV3 with respect to x, scale and offset (plus two empty reserve outputs);
    reserve_space_1/2 are the batch mean and biased variance (training) or the population statistics."""

    def infer(y_backprop, x, scale, reserve_space_1, reserve_space_2, reserve_space_3, epsilon, data_format,
              is_training):
        check_dtype("FusedBatchNormGradV3", "y_backprop", y_backprop, _BN_DTYPES)
        for name, t in (("scale", scale), ("reserve_space_1", reserve_space_1), ("reserve_space_2", reserve_space_2)):
            check_dtype("FusedBatchNormGradV3", name, t, _STAT_DTYPES)
        rank = _check_format("FusedBatchNormGradV3", data_format)
        ts = (y_backprop, x, scale, reserve_space_1, reserve_space_2, reserve_space_3)
        shapes = ", ".join(shape_str(t.shape) for t in ts)
        dims = _rank("FusedBatchNormGradV3", y_backprop, rank, shapes)
        x_dims = _rank("FusedBatchNormGradV3", x, rank, shapes)
        merged = [a if a is not None else b for a, b in zip(dims, x_dims)]
        axis = _channel_axis(data_format, rank)
        channels = _merge_channels("FusedBatchNormGradV3", merged[axis], (scale, reserve_space_1, reserve_space_2),
                                   shapes)
        merged[axis] = channels
        u = scale.dtype.base_dtype
        return [(y_backprop.dtype.base_dtype, TensorShape(merged)), (u, TensorShape([channels])),
                (u, TensorShape([channels])), (u, TensorShape([0])), (u, TensorShape([0]))]

    def kernel(xp, y_backprop, x, scale, reserve_space_1, reserve_space_2, reserve_space_3, epsilon, data_format,
               is_training):
        return _batch_norm_backward(xp, y_backprop, x, scale, reserve_space_1, reserve_space_2, epsilon,
                                    data_format, is_training)

    def grad(op_, *grads):
        """TF's `_FusedBatchNormGradGradV3`: the gradients of `_batch_norm_grad_graph` (the same three
        results, built from differentiable ops) with respect to y_backprop, x and scale; none for the
        reserve spaces (in training mode the batch statistics are recomputed from x)."""
        from ..gradients import gradients

        y_backprop, x, scale, reserve_space_1, reserve_space_2, _ = op_.inputs
        results = _batch_norm_grad_graph(y_backprop, x, scale, reserve_space_1, reserve_space_2, **op_.attrs)
        inputs = [y_backprop, x, scale]  # partial derivatives: y_backprop may itself depend on x
        grad_y_backprop, grad_x, grad_scale = gradients(list(results), inputs, grad_ys=list(grads[:3]),
                                                        stop_gradients=inputs)
        return grad_y_backprop, grad_x, grad_scale, None, None, None

    samples = _bn_grad_samples()


def _batch_norm_grad_graph(grad_y, x, scale, pop_mean, pop_var, epsilon, data_format, is_training):
    """(grad_x, grad_scale, grad_offset) of batch normalization as a graph of differentiable ops, as TF's
    `_BatchNormGrad` builds it (half-precision inputs computed in float32; in training mode the batch
    statistics come from x, the variance through a stop_gradient of the mean)."""
    from .array import reshape, stop_gradient
    from .array_transform import squeeze
    from .math import cast, reciprocal, rsqrt, squared_difference
    from .reduction import reduce_mean, reduce_sum

    x_dtype = x.dtype.base_dtype
    if x_dtype in (dtypes.float16, dtypes.bfloat16):
        x, grad_y = cast(x, dtypes.float32), cast(grad_y, dtypes.float32)
    rank = len(data_format)
    channels_first = data_format.startswith("NC")
    axes = [a for a in range(rank) if a != _channel_axis(data_format, rank)]
    stat_shape = [1, -1] + [1] * (rank - 2)
    if is_training:
        if channels_first:
            scale = reshape(scale, stat_shape)
        mean_grad_y = reduce_mean(grad_y, axes, keepdims=channels_first)
        mean_x = reduce_mean(x, axes, keepdims=channels_first)
        var_x = reduce_mean(squared_difference(x, stop_gradient(mean_x)), axes, keepdims=channels_first)
        x_offset = x - mean_x
        mean = reduce_mean(grad_y * x_offset, axes, keepdims=channels_first)
        grad_x = scale * rsqrt(var_x + epsilon) * (grad_y - mean_grad_y
                                                   - reciprocal(var_x + epsilon) * mean * x_offset)
        grad_scale = rsqrt(var_x + epsilon) * reduce_sum(grad_y * x_offset, axes, keepdims=channels_first)
        if channels_first:
            grad_scale = squeeze(grad_scale, axes)
    else:
        if channels_first:
            pop_mean, pop_var, scale = (reshape(t, stat_shape) for t in (pop_mean, pop_var, scale))
        var_rsqrt = rsqrt(pop_var + epsilon)
        grad_scale = reduce_sum(grad_y * (x - pop_mean) * var_rsqrt, axes)
        grad_x = grad_y * scale * var_rsqrt
    return cast(grad_x, x_dtype), grad_scale, reduce_sum(grad_y, axes)


@tf_export("nn.fused_batch_norm")
def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001, data_format="NHWC", is_training=True,
                     name=None, exponential_avg_factor=1.0):
    """`tf.nn.fused_batch_norm`: returns (y, batch_mean, batch_variance); in training mode batch_variance is
    Bessel-corrected, and `mean`/`variance` are needed only when exponential_avg_factor != 1."""
    if (not is_training or exponential_avg_factor != 1.0) and (mean is None or variance is None):
        raise ValueError("Both `mean` and `variance` must be a 1D tensor when `is_training` is False or "
                         f"`exponential_avg_factor` != 1.0. Received: `mean` {mean!r} and `variance` {variance!r}")
    x = convert_to_tensor(x, name="input")
    scale = convert_to_tensor(scale, name="scale")
    offset = convert_to_tensor(offset, name="offset")
    if mean is None:
        mean = constant([])
    if variance is None:
        variance = constant([])
    with get_default_graph().name_scope(name or "FusedBatchNormV3") as scope:
        mean = convert_to_tensor(mean, dtype=dtypes.float32, name="mean")
        variance = convert_to_tensor(variance, dtype=dtypes.float32, name="variance")
        y, running_mean, running_var, _, _, _ = FusedBatchNormV3(
            x, scale, offset, mean, variance, epsilon=float(epsilon),
            exponential_avg_factor=float(exponential_avg_factor), data_format=data_format,
            is_training=bool(is_training), name=scope)
    return y, running_mean, running_var


# --- composite normalization: moments, batch_normalization, l2_normalize -------------------------

def _keep_dims(keepdims, keep_dims) -> bool:
    if keep_dims is not None:
        if keepdims is not None:
            raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'.")
        return bool(keep_dims)
    return bool(keepdims)


@tf_export("nn.moments")
def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """(mean, variance) of `x` over `axes` (`shift` is unused, as in TF); float16 inputs are computed in
    float32. Built as TF builds it: Mean, StopGradient, SquaredDifference, Mean, then two Squeezes."""
    from .array import stop_gradient
    from .array_transform import squeeze
    from .math import cast, squared_difference
    from .reduction import reduce_mean

    keep = _keep_dims(keepdims, keep_dims)
    with get_default_graph().name_scope(name or "moments"):
        half = dtypes.as_dtype(x.dtype).base_dtype is dtypes.float16
        y = cast(x, dtypes.float32) if half else x
        mean = reduce_mean(y, axes, keepdims=True, name="mean")
        variance = reduce_mean(squared_difference(y, stop_gradient(mean)), axes, keepdims=True, name="variance")
        if not keep:
            mean = squeeze(mean, axes)
            variance = squeeze(variance, axes)
        if half:
            return cast(mean, dtypes.float16), cast(variance, dtypes.float16)
        return mean, variance


@tf_export("nn.weighted_moments")
def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """The `frequency_weights`-weighted mean and variance of `x` over `axes` (0 where the weights sum to 0)."""
    from .array import zeros_like
    from .array_transform import squeeze
    from .math import cast, div_no_nan, squared_difference
    from .reduction import reduce_sum

    keep = _keep_dims(keepdims, keep_dims)
    with get_default_graph().name_scope(name or "weighted_moments"):
        x = convert_to_tensor(x, name="x")
        frequency_weights = convert_to_tensor(frequency_weights, name="frequency_weights")
        half = x.dtype.base_dtype is dtypes.float16
        if half:
            x = cast(x, dtypes.float32)
        frequency_weights = cast(frequency_weights, x.dtype)
        weighted_input_sum = reduce_sum(frequency_weights * x, axes, name="weighted_input_sum", keepdims=True)
        sum_of_weights = reduce_sum(frequency_weights + zeros_like(x), axes, name="sum_of_weights", keepdims=True)
        weighted_mean = div_no_nan(weighted_input_sum, sum_of_weights)
        weighted_distsq = reduce_sum(frequency_weights * squared_difference(x, weighted_mean), axes,
                                     name="weighted_distsq", keepdims=True)
        weighted_variance = div_no_nan(weighted_distsq, sum_of_weights)
        if not keep:
            weighted_mean = squeeze(weighted_mean, axis=axes)
            weighted_variance = squeeze(weighted_variance, axis=axes)
        if half:
            weighted_mean = cast(weighted_mean, dtypes.float16)
            weighted_variance = cast(weighted_variance, dtypes.float16)
        return weighted_mean, weighted_variance


@tf_export("nn.batch_normalization")
def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """`tf.nn.batch_normalization`: (x - mean) * scale / sqrt(variance + epsilon) + offset, built as TF
    builds it: x * inv + (offset - mean * inv), inv = rsqrt(variance + epsilon) * scale."""
    from .math import cast, rsqrt

    with get_default_graph().name_scope(name or "batchnorm"):
        inv = rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv *= scale
        return x * cast(inv, x.dtype) + cast(offset - mean * inv if offset is not None else -mean * inv, x.dtype)


@tf_export("nn.l2_normalize", "math.l2_normalize", "linalg.l2_normalize")
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """`tf.nn.l2_normalize`: x / sqrt(max(sum(x ** 2, axis), epsilon))."""
    from .math import maximum, multiply, rsqrt, square
    from .nn import axis_or_dim
    from .reduction import reduce_sum

    axis = axis_or_dim(axis, dim)
    with get_default_graph().name_scope(name or "l2_normalize") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_complex:
            raise NotImplementedError("l2_normalize of a complex tensor needs the Real, Imag and Complex ops")
        square_sum = reduce_sum(square(x), axis, keepdims=True)
        return multiply(x, rsqrt(maximum(square_sum, epsilon)), name=scope)


# --- local response normalization ---------------------------------------------------------------

def _band(xp, depth: int, radius: int, dtype):
    """[depth, depth] matrix with ones where |i - j| <= radius: x*x @ band is TF's windowed square sum."""
    index = np.arange(depth)
    return xp.asarray((np.abs(index[:, None] - index[None, :]) <= radius).astype(dtype))


def _lrn_norm(xp, x, depth_radius, bias, alpha):
    band = _band(xp, x.shape[-1], depth_radius, x.dtype)
    return bias + alpha * xp.matmul(x * x, band)


def _lrn_infer(op_type, tensors, names):
    for name, t in zip(names, tensors):
        check_dtype(op_type, name, t, _BN_DTYPES)
    shapes = ", ".join(shape_str(t.shape) for t in tensors)
    dims = None
    for t in tensors:
        d = _rank(op_type, t, 4, shapes)
        dims = d if dims is None else tuple(a if a is not None else b for a, b in zip(dims, d))
    return tensors[0].dtype.base_dtype, TensorShape(list(dims))


def _lrn_samples():
    x = np.random.RandomState(13).uniform(-1, 1, (2, 2, 3, 7)).astype(np.float32)
    return [((x,), dict(_LRN_ATTRS)),
            ((x,), dict(depth_radius=2, bias=2.0, alpha=0.5, beta=0.75)),
            ((x[..., :3],), dict(depth_radius=1, bias=1.0, alpha=1e-3, beta=1.0))]


@op("LRN", inputs=("input",), attrs=_LRN_ATTRS)
class LRN:
    """Local response normalization across the last axis:
    `input / (bias + alpha * sum(input[..., d - r:d + r + 1] ** 2)) ** beta`."""

    def infer(input, depth_radius, bias, alpha, beta):
        return _lrn_infer("LRN", (input,), ("input",))

    def kernel(xp, input, depth_radius, bias, alpha, beta):
        return (input * _lrn_norm(xp, input, depth_radius, bias, alpha) ** -beta).astype(input.dtype)

    def grad(op_, g):
        return LRNGrad(g, op_.inputs[0], op_.outputs[0], **{k: op_.attrs[k] for k in _LRN_ATTRS})

    samples = _lrn_samples()


@op("LRNGrad", inputs=("input_grads", "input_image", "output_image"), attrs=_LRN_ATTRS)
class LRNGrad:
    """The gradient of LRN: `g * N**-beta - 2 * alpha * beta * x * band_sum(g * y / N)`, N the norm."""

    def infer(input_grads, input_image, output_image, depth_radius, bias, alpha, beta):
        return _lrn_infer("LRNGrad", (input_grads, input_image, output_image),
                          ("input_grads", "input_image", "output_image"))

    def kernel(xp, input_grads, input_image, output_image, depth_radius, bias, alpha, beta):
        norm = _lrn_norm(xp, input_image, depth_radius, bias, alpha)
        band = _band(xp, input_image.shape[-1], depth_radius, input_image.dtype)
        spread = xp.matmul(input_grads * output_image / norm, band)
        return (input_grads * norm ** -beta - 2 * alpha * beta * input_image * spread).astype(input_image.dtype)

    grad = NOT_DIFFERENTIABLE  # as in TF, which registers no gradient for LRNGrad
    samples = [((np.ones_like(x), x, LRN.kernel(np, x, **attrs)), attrs) for (x,), attrs in _lrn_samples()]


@tf_export("nn.local_response_normalization", "nn.lrn")
def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):
    """`tf.nn.lrn` / `tf.nn.local_response_normalization` (4-D input, normalised across the last axis)."""
    with get_default_graph().name_scope(name or "LRN") as scope:
        input = convert_to_tensor(input, name="input")
        return LRN(input, depth_radius=int(depth_radius), bias=float(bias), alpha=float(alpha), beta=float(beta),
                   name=scope)
