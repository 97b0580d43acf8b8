"""tf.nn helpers TF1 has beside its ops: swish/silu, log_poisson_loss, sufficient_statistics and
normalize_moments, compute_average_loss and scale_regularization_loss (one replica), the 2-D pooling names
of TF 2's API (max_pool2d, avg_pool2d, max_pool_v2, avg_pool_v2) and batch_norm_with_global_normalization."""

from __future__ import annotations

import math as _math

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from . import array, array_index, math, nn_pool, nn_pool2d, reduction
from .constant import constant, convert_to_tensor


@tf_export("nn.silu", "nn.swish")
def silu(features, beta=1.0):
    """features * sigmoid(beta * features)."""
    features = convert_to_tensor(features, name="features")
    beta = math.cast(convert_to_tensor(beta, name="beta"), features.dtype.base_dtype)
    return math.multiply(features, math.sigmoid(math.multiply(beta, features)))


swish = silu


@tf_export("nn.log_poisson_loss")
def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """exp(log_input) - log_input * targets, plus Stirling's term for targets > 1 when `compute_full_loss`."""
    with get_default_graph().name_scope(name or "log_poisson_loss"):
        log_input = convert_to_tensor(log_input, name="log_input")
        targets = convert_to_tensor(targets, name="targets")
        if not targets.shape.is_compatible_with(log_input.shape):
            raise ValueError(f"`log_input` and `targets` must have the same shape, received ({log_input.shape} vs "
                             f"{targets.shape}).")
        result = math.exp(log_input) - log_input * targets
        if compute_full_loss:
            dtype = targets.dtype.base_dtype
            point_five = constant(0.5, dtype=dtype)
            two_pi = constant(2 * _math.pi, dtype=dtype)
            stirling = targets * math.log(targets) - targets + point_five * math.log(two_pi * targets)
            zeros = array.zeros_like(targets, dtype=dtype)
            ones = array.ones_like(targets, dtype=dtype)
            cond = math.logical_and(math.greater_equal(targets, zeros), math.less_equal(targets, ones))
            result += array_index.where(cond, zeros, stirling)
        return result


@tf_export("nn.sufficient_statistics")
def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """(count, sum of x - shift, sum of (x - shift)^2, shift) over `axes`."""
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    with get_default_graph().name_scope(name or "sufficient_statistics"):
        x = convert_to_tensor(x, name="x")
        dims = x.shape.as_tuple()
        if dims is not None and all(dims[d] is not None for d in axes):
            count = 1
            for d in axes:
                count *= dims[d]
            counts = constant(count, dtype=x.dtype.base_dtype)
        else:
            x_dims = array.gather(math.cast(array.shape(x), x.dtype.base_dtype), list(axes))
            counts = reduction.reduce_prod(x_dims, name="count")
        if shift is not None:
            shift = convert_to_tensor(shift, name="shift")
            m_ss = math.subtract(x, shift)
            v_ss = math.squared_difference(x, shift)
        else:
            m_ss, v_ss = x, math.square(x)
        m_ss = reduction.reduce_sum(m_ss, axes, keepdims=keepdims, name="mean_ss")
        v_ss = reduction.reduce_sum(v_ss, axes, keepdims=keepdims, name="var_ss")
    return counts, m_ss, v_ss, shift


@tf_export("nn.normalize_moments")
def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """Mean and variance from sufficient statistics."""
    with get_default_graph().name_scope(name or "normalize"):
        divisor = math.reciprocal(counts, name="divisor")
        if shift is not None:
            shifted_mean = math.multiply(mean_ss, divisor, name="shifted_mean")
            mean = math.add(shifted_mean, shift, name="mean")
        else:
            shifted_mean = math.multiply(mean_ss, divisor, name="mean")
            mean = shifted_mean
        variance = math.subtract(math.multiply(variance_ss, divisor), math.square(shifted_mean), name="variance")
    return mean, variance


@tf_export("nn.compute_average_loss")
def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """sum(per_example_loss * sample_weight) / global_batch_size (0 for 0) (default: the batch, one replica)."""
    from .logging_ops import assert_positive

    per_example_loss = convert_to_tensor(per_example_loss)
    dtype = per_example_loss.dtype.base_dtype
    if per_example_loss.shape.ndims == 0:
        raise ValueError("Invalid value passed for `per_example_loss`. Expected a tensor with at least rank 1. "
                         f"Received per_example_loss={per_example_loss} with rank 0")
    if sample_weight is not None:
        sample_weight = math.cast(convert_to_tensor(sample_weight), dtype)
        per_example_loss = math.multiply(per_example_loss, sample_weight)
    if global_batch_size is None:
        global_batch_size = array.shape(per_example_loss)[0]
    global_batch_size = convert_to_tensor(global_batch_size)
    if global_batch_size.shape.ndims != 0:
        raise ValueError(f"global_batch_size must be scalar.  Expected scalar shape, saw shape: "
                         f"{global_batch_size.shape}.")
    if not global_batch_size.dtype.is_integer:
        raise TypeError(f'global_batch_size must be an integer.  Expected "x" to be integer type.  Found: '
                        f"{global_batch_size.name} of dtype {global_batch_size.dtype}")
    if isinstance(global_batch_size, int) or global_batch_size.op.type == "Const":
        from ..framework.registry import static_value

        if static_value(global_batch_size) is not None and static_value(global_batch_size) <= 0:
            raise ValueError("global_batch_size must be positive.")
    else:
        assert_positive(global_batch_size, message="global_batch_size must be positive.")
    return math.div_no_nan(reduction.reduce_sum(per_example_loss), math.cast(global_batch_size, dtype))


@tf_export("nn.scale_regularization_loss")
def scale_regularization_loss(regularization_loss):
    """The regularization loss summed, divided by the replica count (one here)."""
    return math.truediv(reduction.reduce_sum(regularization_loss), 1)


def _v2_pool(pools, default_names):
    def fn(input, ksize, strides, padding, data_format=None, name=None):
        input = convert_to_tensor(input, name="input")
        rank = input.shape.ndims
        if rank is None:
            if data_format is None:
                raise ValueError("`input` must have a static shape or a data format must be given. Received: "
                                 f"input.shape={input.shape} and data_format={data_format}")
            rank = len(data_format)
        if rank not in (3, 4, 5):
            raise ValueError("`input.shape.rank` must be 3, 4 or 5. Received: "
                             f"input.shape={input.shape} of rank {rank}.")
        fn_ = pools[rank - 3]
        kwargs = {} if data_format is None else dict(data_format=data_format)
        return fn_(input, ksize, strides, padding, name=name or default_names[rank - 3], **kwargs)

    return fn


def _pool2d(pool, default_name):
    def fn(input, ksize, strides, padding, data_format="NHWC", name=None):
        return pool(input, ksize, strides, padding, data_format=data_format, name=name or default_name)

    return fn


max_pool2d = tf_export("nn.max_pool2d")(_pool2d(nn_pool2d.max_pool, "MaxPool2d"))
avg_pool2d = tf_export("nn.avg_pool2d")(_pool2d(nn_pool2d.avg_pool, "AvgPool"))
max_pool_v2 = tf_export("nn.max_pool_v2")(_v2_pool((nn_pool.max_pool1d, max_pool2d, nn_pool.max_pool3d),
                                                   ("MaxPool1d", "MaxPool2d", "MaxPool3D")))
avg_pool_v2 = tf_export("nn.avg_pool_v2")(_v2_pool((nn_pool.avg_pool1d, avg_pool2d, nn_pool.avg_pool3d),
                                                   ("AvgPool1D", "AvgPool", "AvgPool3D")))


@tf_export("nn.batch_norm_with_global_normalization")
def batch_norm_with_global_normalization(t=None, m=None, v=None, beta=None, gamma=None, variance_epsilon=None,
                                         scale_after_normalization=None, name=None, input=None, mean=None,
                                         variance=None):
    """TF1's batch normalization by given moments: tf.nn.batch_normalization, gamma only when
    `scale_after_normalization`."""
    from .nn_norm import batch_normalization

    t = input if t is None else t
    m = mean if m is None else m
    v = variance if v is None else v
    return batch_normalization(t, m, v, beta, gamma if scale_after_normalization else None, variance_epsilon,
                               name)


def _depthwise_backprop(opdef, public_names, sizes_name):
    def fn(input_or_sizes, filter_or_sizes, out_backprop, strides, padding, data_format="NHWC",
           dilations=(1, 1, 1, 1), name=None):
        from .nn_depthwise import _check_format

        data_format = _check_format(data_format)
        with get_default_graph().name_scope(name or opdef.type) as scope:
            first = convert_to_tensor(input_or_sizes, name=opdef.inputs[0])
            second = convert_to_tensor(filter_or_sizes, name=opdef.inputs[1])
            return opdef(first, second, convert_to_tensor(out_backprop, name="out_backprop"), strides=list(strides),
                         padding=padding, data_format=data_format, dilations=list(dilations), use_cudnn_on_gpu=True,
                         explicit_paddings=(), name=scope)

    fn.__name__ = fn.__qualname__ = public_names[0].rpartition(".")[2]
    fn.__doc__ = f"`tf.{public_names[0]}`: the {opdef.type} op ({sizes_name} given as a 1-D int32 tensor)."
    return tf_export(*public_names)(fn)


def _declare_depthwise_backprops():
    from .nn_depthwise import DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput

    return (_depthwise_backprop(DepthwiseConv2dNativeBackpropInput, ("nn.depthwise_conv2d_native_backprop_input",
                                                                     "nn.depthwise_conv2d_backprop_input"),
                                "input_sizes"),
            _depthwise_backprop(DepthwiseConv2dNativeBackpropFilter, ("nn.depthwise_conv2d_native_backprop_filter",
                                                                      "nn.depthwise_conv2d_backprop_filter"),
                                "filter_sizes"))


depthwise_conv2d_native_backprop_input, depthwise_conv2d_native_backprop_filter = _declare_depthwise_backprops()


@tf_export("nn.convolution")
def convolution(input, filter=None, padding=None, strides=None, dilation_rate=None, name=None, data_format=None,
                filters=None, dilations=None):
    """N-D convolution (N = 1, 2 or 3 from the input's rank): conv1d, Conv2D or Conv3D with the strides given per
    spatial dimension; dilated, that convolution between SpaceToBatchND and BatchToSpaceND, as TF builds it
    (nn_atrous.dilated_convolution)."""
    from . import nn_conv, nn_conv3d

    filter = filters if filter is None else filter
    dilation_rate = dilations if dilation_rate is None else dilation_rate
    input = convert_to_tensor(input, name="input")
    filter = convert_to_tensor(filter, name="filter", dtype=input.dtype.base_dtype)
    rank = input.shape.ndims if input.shape.ndims is not None else filter.shape.ndims
    if rank is None:
        raise ValueError("nn.convolution needs the rank of the input or of the filter")
    n = rank - 2
    if n not in (1, 2, 3):
        raise ValueError(f"`input.shape.rank - 2` must be 1, 2 or 3. Received: input.shape={input.shape}")
    channels_first = data_format is not None and data_format.startswith("NC")
    channel = 1 if channels_first else n + 1
    full_strides = nn_conv._sequence(strides, n, channel, "strides")
    full_dilations = nn_conv._sequence(dilation_rate, n, channel, "dilations")
    spatial = slice(2, None) if channels_first else slice(1, n + 1)
    if any(d != 1 for d in full_dilations[spatial]):
        from .nn_atrous import dilated_convolution

        with get_default_graph().name_scope(name or "convolution") as scope:
            return dilated_convolution(input, filter, padding, full_strides[spatial], full_dilations[spatial],
                                       data_format, scope, n)
    name = name or "convolution"
    if n == 1:
        return nn_conv.conv1d(input, filter, stride=full_strides,
                              padding=padding, data_format=data_format or "NWC", dilations=full_dilations,
                              name=name)
    if n == 2:
        return nn_conv.conv2d(input, filter, strides=full_strides, padding=padding,
                              data_format=data_format or "NHWC", dilations=full_dilations, name=name)
    return nn_conv3d.conv3d(input, filter, strides=full_strides, padding=padding, data_format=data_format or "NDHWC",
                            dilations=full_dilations, name=name)


@tf_export("nn.conv1d_transpose")
def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC", dilations=None,
                     name=None):
    """The transpose of conv1d: Conv2DBackpropInput over an inserted unit height axis, squeezed back."""
    from . import array, array_transform, nn_conv

    with get_default_graph().name_scope(name or "conv1d_transpose") as scope:
        if data_format is None or data_format == "NWC":
            data_format, spatial_start_dim, channel_index = "NHWC", 1, 2
        elif data_format == "NCW":
            data_format, spatial_start_dim, channel_index = "NCHW", 2, 1
        else:
            raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: data_format={data_format}")
        strides = [1] + nn_conv._sequence(strides, 1, channel_index, "stride")
        dilations = [1] + nn_conv._sequence(dilations, 1, channel_index, "dilations")
        input = array.expand_dims(convert_to_tensor(input, name="input"), spatial_start_dim)
        filters = array.expand_dims(convert_to_tensor(filters, name="filters"), 0)
        if not hasattr(output_shape, "op"):
            output_shape = list(output_shape)
        output_shape = array.concat([output_shape[:spatial_start_dim], [1], output_shape[spatial_start_dim:]], 0)
        result = nn_conv.Conv2DBackpropInput(math.cast(output_shape, dtypes.int32), filters, input, strides=strides,
                                             padding=padding, data_format=data_format, dilations=dilations,
                                             use_cudnn_on_gpu=True, explicit_paddings=(), name=scope)
        return array_transform.squeeze(result, [spatial_start_dim])


@tf_export("nn.conv_transpose")
def conv_transpose(input, filters, output_shape, strides, padding="SAME", data_format=None, dilations=None,
                   name=None):
    """The transpose of an N-D convolution (N = len(output_shape) - 2)."""
    from . import nn_conv, nn_conv3d

    if hasattr(output_shape, "shape") and hasattr(output_shape, "op"):
        n = output_shape.shape.as_list()[0] - 2
    elif hasattr(output_shape, "__len__"):
        n = len(output_shape) - 2
    else:
        raise ValueError("`output_shape` must be a tensor or sized collection")
    if not 1 <= n <= 3:
        raise ValueError(f"`output_shape` must be of length 3, 4 or 5. Received: output_shape={output_shape} of "
                         f"length {n + 2}.")
    with get_default_graph().name_scope(name or "conv_transpose") as scope:
        if n == 1:
            return conv1d_transpose(input, filters, output_shape, strides, padding=padding,
                                    data_format=data_format or "NWC", dilations=dilations, name=scope)
        if n == 2:
            return nn_conv.conv2d_transpose(input, filters, output_shape, strides, padding=padding,
                                            data_format=data_format or "NHWC", dilations=dilations, name=scope)
        return nn_conv3d.conv3d_transpose(input, filters, output_shape, strides, padding=padding,
                                          data_format=data_format or "NDHWC", dilations=dilations, name=scope)
