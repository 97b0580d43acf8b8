"""Conv2DBackpropInputV2 / Conv2DBackpropFilterV2 (tf.conv2d_backprop_input_v2 / conv2d_backprop_filter_v2):
the Conv2D gradient ops taking the input and filter tensors themselves (only their shapes matter) instead of
their sizes; and Conv (tf.conv), TF's generic convolution op, run as Conv2D or Conv3D. TF defines no gradient
for any of them."""

from __future__ import annotations

import numpy as np

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op
from .constant import convert_to_tensor
from .nn_conv import (_CONV_ATTRS, _channel, _check_format, _conv2d_filter_grad, _conv2d_input_grad,
                      _conv_samples, _sequence, Conv2DBackpropFilter, Conv2DBackpropInput)


def _no_gradient(op_, *grads):
    raise LookupError(f"No gradient defined for operation'{op_.name}' (op type: {op_.type}). In general every "
                      "operation must have an associated `@tf.RegisterGradient` for correct autodiff.")


def _float32(samples):
    return [(tuple(np.asarray(a, np.float32) if np.asarray(a).dtype == np.float64 else a for a in inputs), attrs)
            for inputs, attrs in samples]


def _with_tensor(samples, position):
    """The samples of the sizes-taking op, with the sizes input replaced by a tensor of those sizes."""
    return [(tuple(np.zeros(tuple(int(v) for v in a), np.float32) if i == position else a
                   for i, a in enumerate(inputs)), attrs) for inputs, attrs in _float32(samples)]


@op("Conv2DBackpropInputV2", inputs=("input", "filter", "out_backprop"), attrs=_CONV_ATTRS)
class Conv2DBackpropInputV2:
    """Conv2DBackpropInput with `input` given as a tensor (its shape is the output's)."""

    def infer(input, filter, out_backprop, **attrs):
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input, filter, out_backprop, **attrs):
        return _conv2d_input_grad(xp, np.array(input.shape, np.int32), filter, out_backprop, attrs["strides"],
                                  attrs["padding"], attrs["data_format"], attrs["dilations"],
                                  attrs["explicit_paddings"])

    grad = _no_gradient
    samples = _with_tensor(Conv2DBackpropInput.samples, 0)


@op("Conv2DBackpropFilterV2", inputs=("input", "filter", "out_backprop"), attrs=_CONV_ATTRS)
class Conv2DBackpropFilterV2:
    """Conv2DBackpropFilter with `filter` given as a tensor (its shape is the output's)."""

    def infer(input, filter, out_backprop, **attrs):
        return input.dtype.base_dtype, filter.shape

    def kernel(xp, input, filter, out_backprop, **attrs):
        return _conv2d_filter_grad(xp, input, np.array(filter.shape, np.int32), out_backprop, attrs["strides"],
                                   attrs["padding"], attrs["data_format"], attrs["dilations"],
                                   attrs["explicit_paddings"])

    grad = _no_gradient
    samples = _with_tensor(Conv2DBackpropFilter.samples, 1)


def _public(opdef, public, default_name):
    def fn(input, filter, out_backprop, strides, padding, use_cudnn_on_gpu=True, data_format="NHWC",
           dilations=(1, 1, 1, 1), name=None):
        data_format = _check_format(data_format)
        channel = _channel(data_format)
        with get_default_graph().name_scope(name or default_name) as scope:
            input = convert_to_tensor(input, name="input")
            return opdef(input, convert_to_tensor(filter, name="filter", dtype=input.dtype.base_dtype),
                         convert_to_tensor(out_backprop, name="out_backprop", dtype=input.dtype.base_dtype),
                         strides=_sequence(strides, 2, channel, "strides"), padding=padding, data_format=data_format,
                         dilations=_sequence(dilations, 2, channel, "dilations"), use_cudnn_on_gpu=use_cudnn_on_gpu,
                         explicit_paddings=(), name=scope)

    fn.__name__ = fn.__qualname__ = public
    fn.__doc__ = f"`tf.{public}`: the {opdef.type} op."
    return tf_export(public)(fn)


conv2d_backprop_input_v2 = _public(Conv2DBackpropInputV2, "conv2d_backprop_input_v2", "Conv2DBackpropInputV2")
conv2d_backprop_filter_v2 = _public(Conv2DBackpropFilterV2, "conv2d_backprop_filter_v2", "Conv2DBackpropFilterV2")


# --- Conv (tf.conv): the generic N-D convolution op ----------------------------------------------

@op("Conv", inputs=("input", "filter"),
    attrs=dict(strides=None, padding="VALID", explicit_paddings=(), data_format="CHANNELS_LAST", dilations=(),
               batch_dims=1, groups=1))
class Conv:
    """2-D or 3-D convolution by the input's rank (one batch dimension, no groups), CHANNELS_LAST or
    CHANNELS_FIRST; TF defines no gradient for it."""

    def infer(input, filter, strides, padding, explicit_paddings, data_format, dilations, batch_dims, groups):
        from .nn_conv3d import _infer_out

        rank = input.shape.ndims if input.shape.ndims is not None else filter.shape.ndims
        if rank not in (4, 5) or batch_dims != 1 or groups != 1:
            raise ValueError("sessionflow's Conv handles 2-D and 3-D convolutions with one batch dimension and one "
                             "group")
        first = data_format == "CHANNELS_FIRST"
        if rank == 4:
            from .nn_conv import Conv2D

            spec = Conv2D.infer(input, filter, list(strides), padding, "NCHW" if first else "NHWC",
                                list(dilations) or [1, 1, 1, 1], True, list(explicit_paddings))
            return spec
        return input.dtype.base_dtype, _infer_out("Conv", input.shape, filter.shape, list(strides), padding,
                                                  "NCDHW" if first else "NDHWC", list(dilations) or [1] * 5, "")

    def kernel(xp, input, filter, strides, padding, explicit_paddings, data_format, dilations, batch_dims, groups):
        first = data_format == "CHANNELS_FIRST"
        if input.ndim == 4:
            from .nn_conv import _conv2d_forward

            return _conv2d_forward(xp, input, filter, list(strides), padding, "NCHW" if first else "NHWC",
                                   list(dilations) or [1, 1, 1, 1], list(explicit_paddings))
        from .nn_conv3d import _forward

        return _forward(xp, input, filter, list(strides), padding, "NCDHW" if first else "NDHWC",
                        list(dilations) or [1] * 5)

    grad = _no_gradient
    samples = [((np.arange(50, dtype=np.float32).reshape(1, 5, 5, 2), np.ones((2, 2, 2, 3), np.float32)),
                dict(strides=[1, 1, 1, 1], padding="VALID")),
               ((np.ones((1, 3, 3, 3, 2), np.float32), np.ones((2, 2, 2, 2, 1), np.float32)),
                dict(strides=[1, 1, 1, 1, 1], padding="SAME"))]


@tf_export("conv")
def conv(input, filter, strides, padding, explicit_paddings=(), data_format="CHANNELS_LAST", dilations=(),
         batch_dims=1, groups=1, name=None):
    """The Conv op (TF's generic convolution)."""
    with get_default_graph().name_scope(name or "Conv") as scope:
        input = convert_to_tensor(input, name="input")
        return Conv(input, convert_to_tensor(filter, name="filter", dtype=input.dtype.base_dtype),
                    strides=list(strides), padding=padding, explicit_paddings=list(explicit_paddings),
                    data_format=data_format, dilations=list(dilations), batch_dims=batch_dims, groups=groups,
                    name=scope)
