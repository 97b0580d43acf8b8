"""3-D convolution: Conv3D and its gradient ops Conv3DBackpropInputV2 / Conv3DBackpropFilterV2 (tf.nn.conv3d,
conv3d_transpose, conv3d_backprop_filter), NDHWC or NCDHW, SAME/VALID padding and dilations, in float64
arithmetic cast back (TF's float32 sums differ by rounding only).

Kernels work in NDHWC over the strided window view of the padded input ([N, OD, OH, OW, C, KD, KH, KW]); the
input gradient adds each tap's contribution into a padded buffer and crops it."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from .common import check_dtype, shape_str, traced_jax
from .constant import convert_to_tensor
from .nn_conv import _output_size, _sequence

_ATTRS = dict(strides=None, padding="VALID", data_format="NDHWC", dilations=[1, 1, 1, 1, 1])
_FLOATS = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)


def _spatial(values, data_format):
    return list(values[2:5]) if data_format == "NCDHW" else list(values[1:4])


def _to_ndhwc(x, data_format):
    return x.transpose((0, 2, 3, 4, 1)) if data_format == "NCDHW" else x


def _from_ndhwc(x, data_format):
    return x.transpose((0, 4, 1, 2, 3)) if data_format == "NCDHW" else x


def _ndhwc_dims(dims, data_format):
    return [dims[0], dims[2], dims[3], dims[4], dims[1]] if data_format == "NCDHW" else list(dims)


def _check_attrs(op_type, strides, padding, data_format, dilations):
    if len(strides) != 5:
        raise ValueError(f"Conv3D requires the stride attribute to contain 5 values, but got: {len(strides)} for "
                         f"'{op_type}'")
    if data_format not in ("NDHWC", "NCDHW"):
        raise ValueError(f"Invalid data format string: {data_format}")
    channel = 1 if data_format == "NCDHW" else 4
    if strides[0] != 1 or strides[channel] != 1:
        raise ValueError(f"Conv3D does not support strides in the batch or depth dimensions. for '{op_type}'")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Attr 'padding' of '{op_type}' Op passed string '{padding}' not in: \"SAME\", \"VALID\".")


def _geometry(in_dhw, k, strides, dilations, padding, op_type="Conv3D", shapes=""):
    return [_output_size(n, kk, s, d, padding, op_type=op_type, shapes=shapes)
            for n, kk, s, d in zip(in_dhw, k, strides, dilations)]


def _windows(x, k, s, d, geo):
    """[N, OD, OH, OW, C, KD, KH, KW] windows of NDHWC `x` padded as `geo` says."""
    pads = [(0, 0)] + [(g[1], g[2]) for g in geo] + [(0, 0)]
    xp = np.pad(x, pads)
    eff = [(kk - 1) * dd + 1 for kk, dd in zip(k, d)]
    view = np.lib.stride_tricks.sliding_window_view(xp, eff, axis=(1, 2, 3))
    out = [g[0] for g in geo]
    return view[:, :(out[0] - 1) * s[0] + 1:s[0], :(out[1] - 1) * s[1] + 1:s[1], :(out[2] - 1) * s[2] + 1:s[2], :,
                ::d[0], ::d[1], ::d[2]]


def _traced_conv(jax, x, filter, s, d, geo):
    """NDHWC `x` (float64) convolved with `filter` by XLA, padded as `geo` says."""
    return jax.lax.conv_general_dilated(x, filter.astype(x.dtype), tuple(s), [(g[1], g[2]) for g in geo],
                                        rhs_dilation=tuple(d), dimension_numbers=("NDHWC", "DHWIO", "NDHWC"),
                                        precision=jax.lax.Precision.HIGHEST)


def _traced_grad(jax, wrt, x, filter, g, s, d, geo):
    """The gradient of `_traced_conv` with respect to `x` (wrt 0) or `filter` (wrt 1), by its VJP."""
    f64 = filter.astype(x.dtype)
    def conv(v):
        return _traced_conv(jax, v, f64, s, d, geo) if wrt == 0 else _traced_conv(jax, x, v, s, d, geo)

    return jax.vjp(conv, x if wrt == 0 else f64)[1](g)[0]


def _forward(xp, input, filter, strides, padding, data_format, dilations):
    x = _to_ndhwc(input, data_format).astype(np.float64)
    k = filter.shape[:3]
    if x.shape[4] % filter.shape[3]:
        raise errors.InvalidArgumentError(None, None, f"Input depth must be evenly divisible by filter depth: "
                                                      f"{x.shape[4]} vs {filter.shape[3]}")
    if x.shape[4] != filter.shape[3]:
        raise errors.UnimplementedError(None, None, "Grouped 3-D convolutions are not supported in sessionflow")
    s, d = _spatial(strides, data_format), _spatial(dilations, data_format)
    try:
        geo = _geometry(x.shape[1:4], k, s, d, padding)
    except ValueError as e:
        raise errors.InvalidArgumentError(None, None, str(e).split(" for ")[0]) from None
    jax = traced_jax(xp)
    if jax is not None:
        return _from_ndhwc(_traced_conv(jax, x, filter, s, d, geo).astype(input.dtype), data_format)
    win = _windows(x, k, s, d, geo)
    out = np.einsum("ndhwcijk,ijkco->ndhwo", win, filter.astype(np.float64))
    return _from_ndhwc(out.astype(input.dtype), data_format)


def _input_grad(xp, input_dims, filter, g, strides, padding, data_format, dilations):
    n, di, hi, wi, c = _ndhwc_dims(input_dims, data_format)
    k = filter.shape[:3]
    s, d = _spatial(strides, data_format), _spatial(dilations, data_format)
    geo = _geometry((di, hi, wi), k, s, d, padding)
    g = _to_ndhwc(g, data_format).astype(np.float64)
    out = [gg[0] for gg in geo]
    if list(g.shape[1:4]) != out:
        raise errors.InvalidArgumentError(None, None, f"Conv3DBackpropInputOpV2: Computed output size mismatch: "
                                                      f"{list(g.shape[1:4])} vs {out}")
    jax = traced_jax(xp)
    if jax is not None:
        zeros = xp.zeros((n, di, hi, wi, c), np.float64)
        return _from_ndhwc(_traced_grad(jax, 0, zeros, filter, g, s, d, geo).astype(filter.dtype), data_format)
    padded = np.zeros((n, di + geo[0][1] + geo[0][2], hi + geo[1][1] + geo[1][2], wi + geo[2][1] + geo[2][2], c))
    taps = np.einsum("ndhwo,ijkco->ndhwijkc", g, filter.astype(np.float64))
    for a in range(k[0]):
        for b in range(k[1]):
            for e in range(k[2]):
                z, y, x = a * d[0], b * d[1], e * d[2]
                padded[:, z:z + (out[0] - 1) * s[0] + 1:s[0], y:y + (out[1] - 1) * s[1] + 1:s[1],
                       x:x + (out[2] - 1) * s[2] + 1:s[2], :] += taps[:, :, :, :, a, b, e, :]
    result = padded[:, geo[0][1]:geo[0][1] + di, geo[1][1]:geo[1][1] + hi, geo[2][1]:geo[2][1] + wi, :]
    return _from_ndhwc(result.astype(filter.dtype), data_format)


def _filter_grad(xp, input, filter_dims, g, strides, padding, data_format, dilations):
    x = _to_ndhwc(input, data_format).astype(np.float64)
    k = list(filter_dims[:3])
    s, d = _spatial(strides, data_format), _spatial(dilations, data_format)
    geo = _geometry(x.shape[1:4], k, s, d, padding)
    g = _to_ndhwc(g, data_format).astype(np.float64)
    jax = traced_jax(xp)
    if jax is not None:
        return _traced_grad(jax, 1, x, xp.zeros(k + list(filter_dims[3:]), np.float64), g, s, d, geo) \
            .astype(input.dtype)
    win = _windows(x, k, s, d, geo)
    return np.einsum("ndhwcijk,ndhwo->ijkco", win, g).astype(input.dtype)


def _infer_out(op_type, in_shape, f_shape, strides, padding, data_format, dilations, shapes):
    in_dims, f_dims = in_shape.as_tuple(), f_shape.as_tuple()
    if in_dims is not None and len(in_dims) != 5:
        raise ValueError(f"Shape must be rank 5 but is rank {len(in_dims)} for '{op_type}' with input shapes: "
                         f"{shapes}.")
    if in_dims is None or f_dims is None:
        return TensorShape(None if in_dims is None else [in_dims[0]] + [None] * 4)
    n, di, hi, wi, c = _ndhwc_dims(in_dims, data_format)
    if c is not None and f_dims[3] is not None and c % f_dims[3]:
        raise ValueError(f"Depth of input ({c}) is not a multiple of input depth of filter ({f_dims[3]}) for "
                         f"'{op_type}' with input shapes: {shapes}.")
    if any(k is None for k in f_dims[:3]):
        sizes = [None, None, None]
    else:
        sizes = [g[0] for g in _geometry((di, hi, wi), f_dims[:3], _spatial(strides, data_format),
                                         _spatial(dilations, data_format), padding, op_type, shapes)]
    out = [n] + sizes + [f_dims[4]]
    return TensorShape([out[0], out[4], out[1], out[2], out[3]] if data_format == "NCDHW" else out)


@op("Conv3D", inputs=("input", "filter"), attrs=_ATTRS)
class Conv3D:
    """3-D convolution (cross-correlation) of `input` with `filter` [KD, KH, KW, C, O]."""

    def infer(input, filter, strides, padding, data_format, dilations):
        check_dtype("Conv3D", "input", input, _FLOATS)
        _check_attrs("Conv3D", strides, padding, data_format, dilations)
        shapes = f"{shape_str(input.shape)}, {shape_str(filter.shape)}"
        return input.dtype.base_dtype, _infer_out("Conv3D", input.shape, filter.shape, strides, padding, data_format,
                                                  dilations, shapes)

    def kernel(xp, input, filter, strides, padding, data_format, dilations):
        return _forward(xp, input, filter, strides, padding, data_format, dilations)

    def grad(op_, g):
        from .array import shape

        x, f = op_.inputs
        attrs = {k: op_.attrs[k] for k in _ATTRS}
        return (Conv3DBackpropInputV2(shape(x), f, g, **attrs), Conv3DBackpropFilterV2(x, shape(f), g, **attrs))

    samples = [((np.random.RandomState(0).uniform(-1, 1, (1, 4, 3, 5, 2)),
                 np.random.RandomState(1).uniform(-1, 1, (2, 2, 3, 2, 3))),
                dict(strides=[1, 1, 2, 1, 1], padding="SAME", data_format="NDHWC", dilations=[1, 1, 1, 1, 1])),
               ((np.random.RandomState(2).uniform(-1, 1, (2, 2, 5, 4, 3)).astype(np.float32),
                 np.random.RandomState(3).uniform(-1, 1, (2, 2, 2, 2, 1)).astype(np.float32)),
                dict(strides=[1, 1, 1, 1, 1], padding="VALID", data_format="NCDHW", dilations=[1, 1, 1, 2, 1]))]


@op("Conv3DBackpropInputV2", inputs=("input_sizes", "filter", "out_backprop"), attrs=_ATTRS,
    type_attrs=dict(T="filter", Tshape="input_sizes"))
class Conv3DBackpropInputV2:
    """The gradient of Conv3D with respect to its input (of shape `input_sizes`)."""

    def infer(input_sizes, filter, out_backprop, strides, padding, data_format, dilations):
        _check_attrs("Conv3DBackpropInputV2", strides, padding, data_format, dilations)
        value = static_value(input_sizes)
        return filter.dtype.base_dtype, TensorShape(None if value is None else [int(v) for v in value])

    def kernel(xp, input_sizes, filter, out_backprop, strides, padding, data_format, dilations):
        return _input_grad(xp, [int(v) for v in input_sizes], filter, out_backprop, strides, padding, data_format,
                           dilations)

    def grad(op_, g):
        from .array import shape

        _, f, dy = op_.inputs
        attrs = {k: op_.attrs[k] for k in _ATTRS}
        return None, Conv3DBackpropFilterV2(g, shape(f), dy, **attrs), Conv3D(g, f, **attrs)

    samples = [((np.array([1, 4, 3, 5, 2], np.int32), np.random.RandomState(1).uniform(-1, 1, (2, 2, 3, 2, 3)),
                 np.random.RandomState(4).uniform(-1, 1, (1, 4, 2, 5, 3))),
                dict(strides=[1, 1, 2, 1, 1], padding="SAME", data_format="NDHWC", dilations=[1, 1, 1, 1, 1]))]


@op("Conv3DBackpropFilterV2", inputs=("input", "filter_sizes", "out_backprop"), attrs=_ATTRS)
class Conv3DBackpropFilterV2:
    """The gradient of Conv3D with respect to its filter (of shape `filter_sizes`)."""

    def infer(input, filter_sizes, out_backprop, strides, padding, data_format, dilations):
        _check_attrs("Conv3DBackpropFilterV2", strides, padding, data_format, dilations)
        value = static_value(filter_sizes)
        return input.dtype.base_dtype, TensorShape(None if value is None else [int(v) for v in value])

    def kernel(xp, input, filter_sizes, out_backprop, strides, padding, data_format, dilations):
        return _filter_grad(xp, input, [int(v) for v in filter_sizes], out_backprop, strides, padding, data_format,
                            dilations)

    def grad(op_, g):
        from .array import shape

        x, _, dy = op_.inputs
        attrs = {k: op_.attrs[k] for k in _ATTRS}
        return Conv3DBackpropInputV2(shape(x), g, dy, **attrs), None, Conv3D(x, g, **attrs)

    samples = [((np.random.RandomState(0).uniform(-1, 1, (1, 4, 3, 5, 2)), np.array([2, 2, 3, 2, 3], np.int32),
                 np.random.RandomState(4).uniform(-1, 1, (1, 4, 2, 5, 3))),
                dict(strides=[1, 1, 2, 1, 1], padding="SAME", data_format="NDHWC", dilations=[1, 1, 1, 1, 1]))]


def _format(data_format):
    data_format = data_format or "NDHWC"
    if data_format not in ("NDHWC", "NCDHW"):
        raise ValueError(f"Unknown data_format: {data_format}")
    return data_format


@tf_export("nn.conv3d")
def conv3d(input, filter=None, strides=None, padding=None, data_format="NDHWC", dilations=(1, 1, 1, 1, 1),
           name=None, filters=None):
    """3-D convolution (Conv3D)."""
    filter = filters if filter is None else filter
    data_format = _format(data_format)
    with get_default_graph().name_scope(name or "Conv3D") as scope:
        input = convert_to_tensor(input, name="input")
        filter = convert_to_tensor(filter, name="filter", dtype=input.dtype.base_dtype)
        return Conv3D(input, filter, strides=list(strides), padding=padding, data_format=data_format,
                      dilations=list(dilations), name=scope)


@tf_export("nn.conv3d_backprop_filter_v2", "nn.conv3d_backprop_filter")
def conv3d_backprop_filter(input, filter_sizes, out_backprop, strides, padding, data_format="NDHWC",
                           dilations=(1, 1, 1, 1, 1), name=None):
    """The filter gradient of a 3-D convolution (Conv3DBackpropFilterV2)."""
    data_format = _format(data_format)
    with get_default_graph().name_scope(name or "Conv3DBackpropFilterV2") as scope:
        return Conv3DBackpropFilterV2(convert_to_tensor(input, name="input"),
                                      convert_to_tensor(filter_sizes, name="filter_sizes", dtype=dtypes.int32),
                                      convert_to_tensor(out_backprop, name="out_backprop"), strides=list(strides),
                                      padding=padding, data_format=data_format, dilations=list(dilations),
                                      name=scope)


@tf_export("nn.conv3d_transpose")
def conv3d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME", data_format="NDHWC",
                     name=None, input=None, filters=None, dilations=None):
    """The transpose of conv3d: Conv3DBackpropInputV2 of `value` (filter [KD, KH, KW, out, in])."""
    value = input if value is None else value
    filter = filters if filter is None else filter
    data_format = _format(data_format)
    channel = 1 if data_format == "NCDHW" else 4
    with get_default_graph().name_scope(name or "conv3d_transpose") as scope:
        value = convert_to_tensor(value, name="value")
        filter = convert_to_tensor(filter, name="filter", dtype=value.dtype.base_dtype)
        output_shape = convert_to_tensor(output_shape, name="output_shape", preferred_dtype=dtypes.int32)
        return Conv3DBackpropInputV2(output_shape, filter, value, strides=_sequence(strides, 3, channel, "strides"),
                                     padding=padding, data_format=data_format,
                                     dilations=_sequence(dilations, 3, channel, "dilations"), name=scope)
