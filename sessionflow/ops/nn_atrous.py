"""Dilated ("atrous") operations through space-to-batch: `tf.nn.with_space_to_batch` and
`tf.nn.atrous_conv2d`, built as TF's `nn_ops._WithSpaceToBatch` builds them (SpaceToBatchND, the op with
VALID padding, BatchToSpaceND; constant paddings and crops when the shapes are static).
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import static_value
from ..framework.tensor_shape import TensorShape
from .array_space_batch import autopack, batch_to_space_nd, required_space_to_batch_paddings, space_to_batch_nd
from .constant import convert_to_tensor


def _base_paddings(filter_shape, num_spatial_dims: int, rate):
    """TF's `_with_space_to_batch_base_paddings`: SAME padding of the dilated filter, split start/end."""
    pad_extra = (filter_shape[:num_spatial_dims] - 1) * rate
    start = pad_extra // 2
    end = pad_extra - start
    return autopack([[start[i], end[i]] for i in range(num_spatial_dims)], name="stack")


def _adjust(orig, fill_value, spatial_dims):
    """TF's `_with_space_to_batch_adjust`: `orig` (one row per spatial dim) with `fill_value` rows for the
    dimensions before and between the spatial ones; a NumPy array when `orig` is constant."""
    from .array import concat

    const = orig if isinstance(orig, np.ndarray) else static_value(orig)
    source = const if const is not None else orig
    fill_dims = list(np.shape(const)[1:]) if const is not None else orig.shape.as_list()[1:]
    dtype = const.dtype if const is not None else orig.dtype.as_numpy_dtype
    parts, previous, i = [], 0, 0
    while i < len(spatial_dims):
        start_i, start_dim = i, spatial_dims[i]
        if start_dim > 1:
            parts.append(np.full([start_dim - 1 - previous] + fill_dims, fill_value, dtype=dtype))
        while i + 1 < len(spatial_dims) and spatial_dims[i + 1] == spatial_dims[i] + 1:
            i += 1
        parts.append(source[start_i:i + 1])
        previous = spatial_dims[i]
        i += 1
    if const is not None:
        return np.concatenate(parts)
    if len(parts) == 1:  # TF's concat of one tensor: an Identity named "concat/concat" (and a "concat_dim")
        from .array import identity

        with get_default_graph().name_scope("concat"):
            convert_to_tensor(0, dtype=dtypes.int32, name="concat_dim")
            return identity(parts[0], name="concat")
    return concat(parts, 0)


def _space_to_batch_call(inp: Tensor, filter, dilation_rate: Tensor, padding: str, op, filter_shape, spatial_dims,
                         num_spatial_dims: int, rate) -> Tensor:
    """The body of TF's `_WithSpaceToBatch` for a dilation rate other than all ones."""
    from .array import shape

    if padding == "SAME":
        if filter_shape is None:
            raise ValueError(f"`filter_shape` must be specified for `padding='SAME'`. Received: "
                             f"filter_shape={filter_shape} and padding={padding}")
        if isinstance(filter_shape, TensorShape):
            if not filter_shape.is_fully_defined():
                raise ValueError(f"Cannot convert a partially known TensorShape {filter_shape} to a Tensor.")
            filter_shape = filter_shape.as_list()
        filter_shape = convert_to_tensor(filter_shape, name="filter_shape")
        const_filter_shape = static_value(filter_shape)
        if const_filter_shape is not None:
            base_paddings = _base_paddings(np.asarray(const_filter_shape), num_spatial_dims, rate)
        else:
            base_paddings = None
    elif padding == "VALID":
        base_paddings = np.zeros([num_spatial_dims, 2], np.int32)
    else:
        raise ValueError(f"`padding` must be one of 'SAME' or 'VALID'. Received: padding={padding}")
    dims = inp.shape.as_list() if inp.shape.ndims is not None else None
    spatial_shape = None if dims is None else [dims[i] for i in spatial_dims]
    if spatial_shape is None or None in spatial_shape:
        input_shape = shape(inp)
        spatial_shape = autopack([input_shape[i] for i in spatial_dims], name="stack")
    if base_paddings is None:
        base_paddings = _base_paddings(shape(filter), num_spatial_dims, rate)
    paddings, crops = required_space_to_batch_paddings(input_shape=spatial_shape, base_paddings=base_paddings,
                                                       block_shape=dilation_rate)
    block = _adjust(dilation_rate, 1, spatial_dims)
    paddings = _adjust(paddings, 0, spatial_dims)
    crops = _adjust(crops, 0, spatial_dims)
    converted = space_to_batch_nd(inp, block_shape=block, paddings=paddings)
    result = op(converted, num_spatial_dims, "VALID")
    return batch_to_space_nd(result, block_shape=block, crops=crops)


def _prepare(dilation_rate, input_shape: TensorShape, spatial_dims, data_format):
    """TF's `_WithSpaceToBatch.__init__` checks: (rate tensor, number of spatial dims, spatial dims, rate value
    or tensor, whether every rate is 1)."""
    dilation_rate = convert_to_tensor(dilation_rate, dtypes.int32, name="dilation_rate")
    if dilation_rate.shape.ndims not in (None, 1):
        raise ValueError(f"`dilation_rate.shape.rank` must be 1. Received: dilation_rate={dilation_rate} of rank "
                         f"{dilation_rate.shape.ndims}")
    if not dilation_rate.shape.is_fully_defined():
        raise ValueError(f"`dilation_rate.shape` must be fully defined. Received: dilation_rate={dilation_rate} with "
                         f"shape {dilation_rate.shape}")
    num_spatial_dims = dilation_rate.shape.as_list()[0]
    start = 2 if data_format is not None and data_format.startswith("NC") else 1
    if spatial_dims is None:
        spatial_dims = range(start, num_spatial_dims + start)
    original = list(spatial_dims)
    spatial_dims = sorted(set(int(x) for x in original))
    if spatial_dims != original or any(x < 1 for x in spatial_dims):
        raise ValueError(f"`spatial_dims` must be a monotonically increasing sequence of positive integers. "
                         f"Received: spatial_dims={original}")
    expected_rank = spatial_dims[-1] if start == 2 else spatial_dims[-1] + 1
    if input_shape.ndims is not None and input_shape.ndims < expected_rank:
        raise ValueError(f"`input.shape.rank` must be at least {expected_rank}. Received: input.shape={input_shape} "
                         f"with rank {input_shape.ndims}")
    const_rate = static_value(dilation_rate)
    rate = dilation_rate
    if const_rate is not None:
        rate = np.asarray(const_rate)
        if np.any(rate < 1):
            raise ValueError(f"`dilation_rate` must be positive. Received: dilation_rate={rate}")
        if np.all(rate == 1):
            return dilation_rate, num_spatial_dims, spatial_dims, rate, True
    return dilation_rate, num_spatial_dims, spatial_dims, rate, False


@tf_export("nn.with_space_to_batch")
def with_space_to_batch(input, dilation_rate, padding, op, filter_shape=None, spatial_dims=None,
                        data_format=None) -> Tensor:
    """`tf.nn.with_space_to_batch`: `op(converted_input, num_spatial_dims, "VALID")` on the space-to-batch
    form of `input` (dilation rate as block shape), converted back; `op(input, num_spatial_dims, padding)`
    when every rate is 1."""
    input = convert_to_tensor(input, name="input")
    rate_t, num_spatial_dims, spatial_dims, rate, trivial = _prepare(dilation_rate, input.shape, spatial_dims,
                                                                     data_format)
    if trivial:
        return op(input, num_spatial_dims, padding)
    return _space_to_batch_call(input, None, rate_t, padding, op, filter_shape, spatial_dims, num_spatial_dims, rate)


@tf_export("nn.atrous_conv2d")
def atrous_conv2d(value, filters, rate, padding, name=None) -> Tensor:
    """`tf.nn.atrous_conv2d`: a 2-D convolution whose filter taps are `rate` pixels apart (TF's
    `tf.nn.convolution` with `dilation_rate=[rate, rate]`: Conv2D between SpaceToBatchND and BatchToSpaceND,
    the Conv2D named after the scope, "convolution")."""
    from .nn_conv import conv2d

    dilation = np.broadcast_to(rate, (2,))
    with get_default_graph().name_scope(name or "convolution") as scope:
        value = convert_to_tensor(value, name="input")
        filters = convert_to_tensor(filters, name="filters")
        if np.any(np.asarray(dilation) < 1):
            raise ValueError(f"all values of `dilation_rate` must be positive. Received: dilation_rate={dilation}")
        if filters.shape.ndims is not None and filters.shape.ndims != 4:
            raise ValueError(f"`filters.shape.rank` must be `num_spatial_dims + 2`. Received: "
                             f"filters.shape={filters.shape} of rank {filters.shape.ndims} and num_spatial_dims=2")
        in_channels = value.shape.as_list()[3] if value.shape.ndims == 4 else None
        filter_in = filters.shape.as_list()[2] if filters.shape.ndims == 4 else None
        if in_channels is not None and filter_in is not None and in_channels % filter_in:
            raise ValueError(f"The number of input channels is not divisible by the corresponding number of output "
                             f"filters. Received: input.shape={value.shape} with {in_channels} channels and "
                             f"filters.shape={filters.shape} with {filter_in} output filters.")
        if np.all(dilation == 1):
            return conv2d(value, filters, strides=[1, 1, 1, 1], padding=padding, name=scope)
        rate_t, num_spatial_dims, spatial_dims, rate_value, _ = _prepare(dilation.astype(np.int32), value.shape,
                                                                         None, None)
        filter_shape = filters.shape

        def build(inp, _num_spatial_dims, op_padding):
            return conv2d(inp, filters, strides=[1, 1, 1, 1], padding=op_padding, name=scope)

        return _space_to_batch_call(value, filters, rate_t, padding, build, filter_shape, spatial_dims,
                                    num_spatial_dims, rate_value)


def dilated_convolution(value: Tensor, filters: Tensor, padding, strides, dilations, data_format, scope: str,
                        num_spatial_dims: int) -> Tensor:
    """`tf.nn.convolution` with a dilation rate other than all ones, inside its scope `scope`: as TF's
    `nn_ops.Convolution` builds it, SpaceToBatchND by the rate, the plain convolution (conv1d, Conv2D or Conv3D
    named after the scope) with VALID padding, BatchToSpaceND. `strides` and `dilations` are per spatial
    dimension."""
    from .nn_conv import conv1d, conv2d
    from .nn_conv3d import conv3d

    n = num_spatial_dims
    f_dims = filters.shape.as_list() if filters.shape.ndims is not None else None
    if f_dims is not None and len(f_dims) != n + 2:
        raise ValueError(f"`filters.shape.rank` must be `num_spatial_dims + 2`. Received: filters.shape="
                         f"{filters.shape} of rank {len(f_dims)} and num_spatial_dims={n}")
    channels_first = data_format is not None and data_format.startswith("NC")
    batch_dims = value.shape.ndims - n - 1 if value.shape.ndims is not None else 1
    if batch_dims < 1:
        raise ValueError(f"Batch dims should be >= 1, but found {batch_dims}. Batch dims was estimated as "
                         "`input.shape.rank - num_spatial_dims - 1` and `num_spatial_dims` was either provided or "
                         "estimated as `filters.shape.rank - 2`. Received: input.shape="
                         f"{value.shape} of rank {value.shape.ndims}, filters.shape={filters.shape} of rank "
                         f"{filters.shape.ndims}, and num_spatial_dims={n}")
    channel_axis = batch_dims if channels_first else batch_dims + n
    spatial_dims = list(range(batch_dims + 1, batch_dims + n + 1) if channels_first else range(batch_dims,
                                                                                               batch_dims + n))
    in_channels = value.shape.as_list()[channel_axis] if value.shape.ndims is not None else None
    filter_in = f_dims[n] if f_dims is not None else None
    if in_channels is not None and filter_in is not None and in_channels % filter_in:
        raise ValueError(f"The number of input channels is not divisible by the corresponding number of output "
                         f"filters. Received: input.shape={value.shape} with {in_channels} channels and "
                         f"filters.shape={filters.shape} with {filter_in} output filters.")
    rate = np.array(dilations, dtype=np.int32)
    if np.any(rate < 1):
        raise ValueError(f"all values of `dilation_rate` must be positive. Received: dilation_rate={rate}")
    step = np.array(strides, dtype=np.int32)
    if np.any(step < 1):
        raise ValueError(f"all values of `strides` must be positive. Received: strides={step}")
    if np.any(step > 1) and np.any(rate > 1):
        raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                         f"strides={step} and dilation_rate={rate}")
    rate_t, num_spatial_dims, spatial_dims, rate_value, _ = _prepare(rate, value.shape, spatial_dims, data_format)

    def build(inp, _num_spatial_dims, op_padding):
        if n == 1:
            return conv1d(inp, filters, stride=[int(v) for v in step], padding=op_padding,
                          data_format=data_format or "NWC", name=scope)
        full = [1, 1, *[int(v) for v in step]] if channels_first else [1, *[int(v) for v in step], 1]
        if n == 2:
            return conv2d(inp, filters, strides=full, padding=op_padding, data_format=data_format or "NHWC",
                          name=scope)
        return conv3d(inp, filters, strides=full, padding=op_padding, data_format=data_format or "NDHWC",
                      name=scope)

    return _space_to_batch_call(value, filters, rate_t, padding, build, filters.shape, spatial_dims,
                                num_spatial_dims, rate_value)


@tf_export("nn.atrous_conv2d_transpose")
def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """The transpose of atrous_conv2d, as TF builds it: SpaceToBatch by `rate`, a VALID Conv2DBackpropInput,
    BatchToSpace cropping both the SAME padding and the padding to a multiple of `rate`."""
    from .array_space_batch import batch_to_space, space_to_batch
    from .nn_conv import Conv2DBackpropInput, conv2d_transpose

    with get_default_graph().name_scope(name or "atrous_conv2d_transpose"):
        value = convert_to_tensor(value, name="value")
        filters = convert_to_tensor(filters, name="filters")
        v_dims, f_dims = value.shape.as_list(), filters.shape.as_list()
        if v_dims[3] is not None and f_dims[3] is not None and v_dims[3] != f_dims[3]:
            raise ValueError("`value` channel count must be compatible with `filters` input channel count. Received: "
                             f"value.shape={value.shape} with channel count {v_dims[3]} and "
                             f"filters.shape={filters.shape} with input channel count {f_dims[3]}.")
        if rate < 1:
            raise ValueError(f"`rate` cannot be less than one. Received: rate={rate}")
        if rate == 1:
            return conv2d_transpose(value, filters, output_shape, strides=[1, 1, 1, 1], padding=padding,
                                    data_format="NHWC")
        output_shape = list(output_shape)
        if padding == "SAME":
            fh, fw = f_dims[0], f_dims[1]
            pad_h, pad_w = fh + (fh - 1) * (rate - 1) - 1, fw + (fw - 1) * (rate - 1) - 1
            pad_top, pad_left = pad_h // 2, pad_w // 2
            pad_bottom, pad_right = pad_h - pad_top, pad_w - pad_left
        elif padding == "VALID":
            pad_top = pad_bottom = pad_left = pad_right = 0
        else:
            raise ValueError(f"`padding` must be either 'VALID' or 'SAME'. Received: padding={padding}")
        in_height = output_shape[1] + pad_top + pad_bottom
        in_width = output_shape[2] + pad_left + pad_right
        extra_bottom, extra_right = (rate - in_height % rate) % rate, (rate - in_width % rate) % rate
        value = space_to_batch(value, [[0, extra_bottom], [0, extra_right]], block_size=rate)
        input_sizes = [rate * rate * output_shape[0], (in_height + extra_bottom) // rate,
                       (in_width + extra_right) // rate, output_shape[3]]
        value = Conv2DBackpropInput(convert_to_tensor(input_sizes, dtype=dtypes.int32), filters, value,
                                    strides=[1, 1, 1, 1], padding="VALID", data_format="NHWC",
                                    dilations=[1, 1, 1, 1], use_cudnn_on_gpu=True, explicit_paddings=())
        return batch_to_space(value, [[pad_top, pad_bottom + extra_bottom], [pad_left, pad_right + extra_right]],
                              block_size=rate)
