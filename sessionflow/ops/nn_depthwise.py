"""Depthwise convolution (`tf.nn.depthwise_conv2d`, `depthwise_conv2d_native`, `separable_conv2d`):
DepthwiseConv2dNative and its two backprop ops.

The kernels reuse `nn_conv`'s NHWC geometry and window helpers: the forward pass and the filter
gradient contract the strided window view with one einsum; the input gradient scatters per-tap
gradients back as Conv2D's does.
"""

from __future__ import annotations

import numpy as np

from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from .common import FLOATS, check_dtype
from .constant import convert_to_tensor
from .nn_conv import (_CONV_ATTRS, Conv2D, _channel, _check_conv_attrs, _check_format, _conv_attrs,
                      _conv_geometry, _conv_out_shape, _conv_shapes_str, _crop, _from_nhwc, _nhwc, _nhwc_shape,
                      _pad, _rank4, _same_dtype, _scatter_taps, _shape_arg, _shape_of, _windows)


def _backprop_samples(kind):
    """Random float64 (input_sizes or filter_sizes, ...) samples for the two backprop ops."""
    rng = np.random.RandomState(9)
    x, f = rng.uniform(-1, 1, (2, 5, 4, 2)), rng.uniform(-1, 1, (3, 2, 2, 2))
    samples = []
    for attrs in (dict(strides=[1, 1, 1, 1], padding="SAME", data_format="NHWC"),
                  dict(strides=[1, 1, 2, 1], padding="VALID", data_format="NCHW")):
        attrs = dict(_CONV_ATTRS, dilations=[1, 1, 1, 1], **attrs)
        xin = np.transpose(x, (0, 3, 1, 2)).copy() if attrs["data_format"] == "NCHW" else x
        g = rng.uniform(-1, 1, _depthwise_forward(np, xin, f, attrs["strides"], attrs["padding"],
                                                  attrs["data_format"], attrs["dilations"], ()).shape)
        if kind == "input":
            samples.append(((np.array(xin.shape, np.int32), f, g), attrs))
        else:
            samples.append(((xin, np.array(f.shape, np.int32), g), attrs))
    return samples


def _depthwise_forward(xp, input, filter, strides, padding, data_format, dilations, explicit_paddings):
    x = _nhwc(xp, input, data_format)
    kh, kw, c, m = filter.shape
    if x.shape[3] != c:
        raise errors.InvalidArgumentError(None, None, f"input and filter must have the same depth: {x.shape[3]} vs {c}")
    s, d, oh, ow = _conv_geometry(x.shape, (kh, kw), strides, padding, data_format, dilations, explicit_paddings)
    win = _windows(xp, _pad(xp, x, oh, ow), (kh, kw), s, d, (oh[0], ow[0]))
    out = xp.einsum("nhwcij,ijcm->nhwcm", win, filter)
    return _from_nhwc(xp, xp.reshape(out, (x.shape[0], oh[0], ow[0], c * m)), data_format)


@op("DepthwiseConv2dNativeBackpropInput", inputs=("input_sizes", "filter", "out_backprop"), attrs=_CONV_ATTRS,
    type_attrs=dict(T="filter", use_cudnn_on_gpu=None))
class DepthwiseConv2dNativeBackpropInput:
    """The gradient of DepthwiseConv2dNative with respect to its input."""

    def infer(input_sizes, filter, out_backprop, strides, padding, data_format, dilations, use_cudnn_on_gpu,
              explicit_paddings):
        _same_dtype("DepthwiseConv2dNativeBackpropInput", filter, out_backprop, "filter", "out_backprop")
        return filter.dtype.base_dtype, TensorShape(list(_shape_arg(input_sizes)))

    def kernel(xp, input_sizes, filter, out_backprop, strides, padding, data_format, dilations, use_cudnn_on_gpu,
               explicit_paddings):
        n, in_h, in_w, c = _nhwc_shape(input_sizes, data_format)
        kh, kw, _, m = filter.shape
        s, d, oh, ow = _conv_geometry((n, in_h, in_w, c), (kh, kw), strides, padding, data_format, dilations,
                                      explicit_paddings)
        g = xp.reshape(_nhwc(xp, out_backprop, data_format), (n, oh[0], ow[0], c, m))
        taps = xp.einsum("nhwcm,ijcm->nhwijc", g, filter)
        padded = (n, in_h + oh[1] + oh[2], in_w + ow[1] + ow[2], c)
        dx = _scatter_taps(xp, taps, padded, (kh, kw), s, d, (oh[0], ow[0]), g.dtype)
        return _from_nhwc(xp, _crop(dx, oh, ow, in_h, in_w), data_format)

    def grad(op_, g):
        """TF's rule: a filter gradient against out_backprop, and the forward convolution of `g`."""
        _, f, dy = op_.inputs
        attrs = _conv_attrs(op_.attrs)
        return (None, DepthwiseConv2dNativeBackpropFilter(g, _shape_of(f), dy, **attrs),
                DepthwiseConv2dNative(g, f, **attrs))

    samples = _backprop_samples("input")


@op("DepthwiseConv2dNativeBackpropFilter", inputs=("input", "filter_sizes", "out_backprop"), attrs=_CONV_ATTRS,
    type_attrs=dict(T="input", use_cudnn_on_gpu=None))
class DepthwiseConv2dNativeBackpropFilter:
    """The gradient of DepthwiseConv2dNative with respect to its filter."""

    def infer(input, filter_sizes, out_backprop, strides, padding, data_format, dilations, use_cudnn_on_gpu,
              explicit_paddings):
        _same_dtype("DepthwiseConv2dNativeBackpropFilter", input, out_backprop, "input", "out_backprop")
        return input.dtype.base_dtype, TensorShape(list(_shape_arg(filter_sizes)))

    def kernel(xp, input, filter_sizes, out_backprop, strides, padding, data_format, dilations, use_cudnn_on_gpu,
               explicit_paddings):
        x = _nhwc(xp, input, data_format)
        kh, kw, c, m = (int(v) for v in filter_sizes)
        s, d, oh, ow = _conv_geometry(x.shape, (kh, kw), strides, padding, data_format, dilations, explicit_paddings)
        win = _windows(xp, _pad(xp, x, oh, ow), (kh, kw), s, d, (oh[0], ow[0]))
        g = xp.reshape(_nhwc(xp, out_backprop, data_format), (x.shape[0], oh[0], ow[0], c, m))
        return xp.einsum("nhwcij,nhwcm->ijcm", win, g)

    def grad(op_, g):
        """TF's rule: an input gradient against out_backprop, and the forward convolution with `g`."""
        x, _, dy = op_.inputs
        attrs = _conv_attrs(op_.attrs)
        return (DepthwiseConv2dNativeBackpropInput(_shape_of(x), g, dy, **attrs), None,
                DepthwiseConv2dNative(x, g, **attrs))

    samples = _backprop_samples("filter")


@op("DepthwiseConv2dNative", inputs=("input", "filter"), attrs=_CONV_ATTRS,
    type_attrs=dict(T="input", use_cudnn_on_gpu=None))
class DepthwiseConv2dNative:
    """Per-channel 2-D convolution: filter [KH, KW, C, M] gives C * M output channels."""

    def infer(input, filter, strides, padding, data_format, dilations, use_cudnn_on_gpu, explicit_paddings):
        check_dtype("DepthwiseConv2dNative", "input", input, FLOATS)
        _same_dtype("DepthwiseConv2dNative", input, filter, "input", "filter")
        _check_conv_attrs("DepthwiseConv2dNative", strides, padding, data_format, dilations)
        shapes = _conv_shapes_str(input, filter)
        in_dims, f_dims = _rank4("DepthwiseConv2dNative", input, shapes), _rank4("DepthwiseConv2dNative", filter,
                                                                                  shapes)
        depth = in_dims[_channel(data_format)]
        if depth is not None and f_dims[2] is not None and depth != f_dims[2]:
            raise ValueError(f"Dimensions must be equal, but are {depth} and {f_dims[2]} for "
                             f"'DepthwiseConv2dNative' with input shapes: {shapes}.")
        c = depth if depth is not None else f_dims[2]
        out_c = c * f_dims[3] if c is not None and f_dims[3] is not None else None
        return input.dtype.base_dtype, _conv_out_shape("DepthwiseConv2dNative", in_dims, f_dims, out_c, strides,
                                                       padding, data_format, dilations, explicit_paddings, shapes)

    def kernel(xp, input, filter, strides, padding, data_format, dilations, use_cudnn_on_gpu, explicit_paddings):
        return _depthwise_forward(xp, input, filter, strides, padding, data_format, dilations, explicit_paddings)

    def grad(op_, g):
        x, f = op_.inputs
        attrs = _conv_attrs(op_.attrs)
        return (DepthwiseConv2dNativeBackpropInput(_shape_of(x), f, g, **attrs),
                DepthwiseConv2dNativeBackpropFilter(x, _shape_of(f), g, **attrs))

    samples = [((np.random.RandomState(3).uniform(-1, 1, (2, 5, 5, 2)),
                 np.random.RandomState(4).uniform(-1, 1, (3, 3, 2, 2))),
                dict(_CONV_ATTRS, strides=[1, 2, 2, 1], padding="SAME", dilations=[1, 1, 1, 1])),
               ((np.random.RandomState(3).uniform(-1, 1, (1, 2, 5, 5)),
                 np.random.RandomState(4).uniform(-1, 1, (2, 2, 2, 1))),
                dict(_CONV_ATTRS, strides=[1, 1, 1, 1], padding="VALID", data_format="NCHW", dilations=[1, 1, 1, 1]))]


@tf_export("nn.depthwise_conv2d_native")
def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """`tf.nn.depthwise_conv2d_native`."""
    data_format = _check_format(data_format)
    with get_default_graph().name_scope(name or "DepthwiseConv2dNative") as scope:
        input = convert_to_tensor(input, name="input")
        return DepthwiseConv2dNative(input, convert_to_tensor(filter, dtype=input.dtype, name="filter"),
                                     strides=list(strides), padding=padding, data_format=data_format,
                                     dilations=list(dilations), use_cudnn_on_gpu=True, explicit_paddings=(),
                                     name=scope)


def _with_space_to_batch(input, filter, rate, padding, build_op):
    """TF's `with_space_to_batch` around a depthwise op: `build_op(input, padding)` directly when every
    rate is 1, else on the SpaceToBatchND form of `input` (VALID), converted back with BatchToSpaceND."""
    from .array import shape
    from .nn_atrous import with_space_to_batch

    filter_shape = shape(filter)
    return with_space_to_batch(input, rate, padding, lambda converted, _, pad: build_op(converted, pad),
                               filter_shape=filter_shape)


def _dilations(rate, data_format):
    return [1, 1] + list(rate) if data_format == "NCHW" else [1] + list(rate) + [1]


@tf_export("nn.depthwise_conv2d")
def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None, data_format=None, dilations=None):
    """`tf.nn.depthwise_conv2d`; `rate` (TF1) or `dilations` set the dilation."""
    data_format = _check_format(data_format)
    if dilations is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'rate' and 'dilations'.")
        rate = dilations
    with get_default_graph().name_scope(name or "depthwise") as scope:
        input = convert_to_tensor(input, name="tensor_in")
        filter = convert_to_tensor(filter, name="filter_in")
        rate = [1, 1] if rate is None else rate
        return _with_space_to_batch(input, filter, rate, padding, lambda converted, pad: DepthwiseConv2dNative(
            converted, filter, strides=list(strides), padding=pad, data_format=data_format,
            dilations=[1, 1, 1, 1], use_cudnn_on_gpu=True, explicit_paddings=(), name=scope))


@tf_export("nn.separable_conv2d")
def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, rate=None, name=None,
                     data_format=None, dilations=None):
    """`tf.nn.separable_conv2d`: a depthwise convolution (`name/depthwise`) followed by a 1x1 convolution."""
    data_format = _check_format(data_format)
    if dilations is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'rate' and 'dilations'.")
        rate = dilations
    with get_default_graph().name_scope(name or "separable_conv2d") as scope:
        input = convert_to_tensor(input, name="tensor_in")
        depthwise_filter = convert_to_tensor(depthwise_filter, name="depthwise_filter")
        pointwise_filter = convert_to_tensor(pointwise_filter, name="pointwise_filter")
        pointwise_shape = pointwise_filter.shape.with_rank(4).as_tuple()
        for d in pointwise_shape[:2]:
            if d is not None and d != 1:
                raise ValueError(f"Dimensions {d} and 1 are not compatible")
        rate = [1, 1] if rate is None else rate
        depthwise = _with_space_to_batch(input, depthwise_filter, rate, padding, lambda converted, pad:
                                         DepthwiseConv2dNative(converted, depthwise_filter, strides=list(strides),
                                                               padding=pad, data_format=data_format,
                                                               dilations=[1, 1, 1, 1], use_cudnn_on_gpu=True,
                                                               explicit_paddings=(), name="depthwise"))
        return Conv2D(depthwise, pointwise_filter, strides=[1, 1, 1, 1], padding="VALID", data_format=data_format,
                      dilations=[1, 1, 1, 1], use_cudnn_on_gpu=True, explicit_paddings=(), name=scope)
