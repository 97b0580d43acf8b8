"""Convolution ops (`tf.nn.conv2d`, `conv2d_transpose`, `conv1d`, ...), their gradient ops, and the window
geometry shared with pooling (`nn_pool2d`, `nn_pool`) and depthwise convolution (`nn_depthwise`).

Every kernel works in NHWC (NCHW inputs are transposed in and out) and is built from one primitive:
`_windows`, a strided view of the padded input holding, for each output pixel, its receptive field
(`sliding_window_view`, no copy). Convolution is im2col + matmul over that view, the im2col matrix
copied a few images at a time (`_im2col`: blocks of about 2M elements, each padded on its own;
measured fastest against smaller cache-sized blocks, per-filter-row copies, and splitting the batch
over threads with a single-threaded BLAS); the input gradients scatter window gradients back with one
vectorised slice-add per filter tap (KH*KW adds, never a loop over pixels).
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from .common import (FLOATS, PLAN_CHOOSERS, check_dtype, convert_same_dtype, shape_str, stored, traced_choice,
                     traced_jax)
from .constant import constant, convert_to_tensor
from .shape_fns import shape_from_value

_F64 = np.float64
_CONV_ATTRS = dict(strides=None, padding="VALID", data_format="NHWC", dilations=(1, 1, 1, 1),
                   use_cudnn_on_gpu=True, explicit_paddings=())
_PADDINGS = ("SAME", "VALID", "EXPLICIT")


# --- geometry (pure Python, shared by infer and kernels) --------------------------------------

def _hw(data_format: str) -> tuple[int, int]:
    return (2, 3) if data_format == "NCHW" else (1, 2)


def _channel(data_format: str) -> int:
    return 1 if data_format == "NCHW" else 3


def _output_size(size, k, stride, dilation, padding, explicit=(0, 0), op_type="Conv2D", shapes=""):
    """(output size, pad before, pad after) of one spatial dimension, as TF computes them; None
    sizes stay None."""
    if stride <= 0:  # TF's windowed-output check comes first, whatever the size
        raise ValueError(f"Stride must be > 0, but got {stride} for '{op_type}' with input shapes: {shapes}.")
    eff = (k - 1) * dilation + 1
    if size is None:
        return None, 0, 0
    if padding == "SAME":
        out = -(-size // stride)
        total = max((out - 1) * stride + eff - size, 0)
        return out, total // 2, total - total // 2
    before, after = explicit if padding == "EXPLICIT" else (0, 0)
    padded = size + before + after
    if padded < eff:
        raise ValueError(f"Negative dimension size caused by subtracting {eff} from {padded} for '{op_type}' with "
                         f"input shapes: {shapes}.")
    return (padded - eff) // stride + 1, before, after


def _geometry(in_h, in_w, kh, kw, strides, dilations, padding, explicit, data_format, op_type="Conv2D", shapes=""):
    h, w = _hw(data_format)
    ep = list(explicit) if explicit else [0] * 8
    oh = _output_size(in_h, kh, strides[h], dilations[h], padding, ep[2 * h:2 * h + 2], op_type, shapes)
    ow = _output_size(in_w, kw, strides[w], dilations[w], padding, ep[2 * w:2 * w + 2], op_type, shapes)
    return oh, ow


def _nhwc(xp, x, data_format):
    return xp.transpose(x, (0, 2, 3, 1)) if data_format == "NCHW" else x


def _from_nhwc(xp, x, data_format):
    return xp.transpose(x, (0, 3, 1, 2)) if data_format == "NCHW" else x


def _spatial_params(attrs_strides, attrs_dilations, data_format):
    h, w = _hw(data_format)
    return (attrs_strides[h], attrs_strides[w]), (attrs_dilations[h], attrs_dilations[w])


def _pad(xp, x, oh, ow, value=0):
    (_, top, bottom), (_, left, right) = oh, ow
    if top or bottom or left or right:
        return xp.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=value)
    return x


def _windows(xp, x, k, s, d, out):
    """[N, OH, OW, C, KH, KW]: the receptive field of every output pixel of padded NHWC `x`."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = k, s, d, out
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    stride_tricks = getattr(getattr(xp, "lib", None), "stride_tricks", None)
    if stride_tricks is not None:
        view = stride_tricks.sliding_window_view(x, (ekh, ekw), axis=(1, 2))
        return view[:, :(oh - 1) * sh + 1:sh, :(ow - 1) * sw + 1:sw, :, ::dh, ::dw]
    taps = [x[:, i * dh:i * dh + (oh - 1) * sh + 1:sh, j * dw:j * dw + (ow - 1) * sw + 1:sw, :]
            for i in range(kh) for j in range(kw)]
    return xp.reshape(xp.stack(taps, -1), (x.shape[0], oh, ow, x.shape[3], kh, kw))


def _scatter_taps(xp, tap_values, padded_shape, k, s, d, out, dtype):
    """Inverse of `_windows`: sums tap_values[:, :, :, i, j, :] (shape [N, OH, OW, KH, KW, C]) into a
    zero array of `padded_shape` at the positions tap (i, j) reads; one slice-add per tap."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = k, s, d, out
    jax = traced_jax(xp)
    if jax is not None:
        return _placed_sum(jax, [[tap_values[:, :, :, i, j, :] for j in range(kw)] for i in range(kh)],
                           padded_shape, (sh, sw), (dh, dw), dtype)
    result = xp.zeros(padded_shape, dtype=dtype)
    for i in range(kh):
        for j in range(kw):
            index = (slice(None), slice(i * dh, i * dh + (oh - 1) * sh + 1, sh),
                     slice(j * dw, j * dw + (ow - 1) * sw + 1, sw), slice(None))
            value = tap_values[:, :, :, i, j, :]
            if hasattr(result, "at"):
                result = result.at[index].add(value)
            else:
                result[index] += value
    return result


def _placed_sum(jax, taps, padded_shape, s, d, dtype):
    """Traced `_scatter_taps`: taps[i][j] ([N, OH, OW, C]) placed at the positions of `padded_shape` that tap
    (i, j) reads, by an interior-padded `lax.pad` (no scatter), and summed."""
    (sh, sw), (dh, dw) = s, d
    zero = jax.numpy.zeros((), dtype)
    total = None
    for i, row in enumerate(taps):
        for j, value in enumerate(row):
            oh, ow = value.shape[1], value.shape[2]
            config = ((0, 0, 0), (i * dh, padded_shape[1] - i * dh - (oh - 1) * sh - 1, sh - 1),
                      (j * dw, padded_shape[2] - j * dw - (ow - 1) * sw - 1, sw - 1), (0, 0, 0))
            placed = jax.lax.pad(value.astype(dtype), zero, config)
            total = placed if total is None else total + placed
    return total


# im2col blocks are built about this many elements at a time: a few GEMM calls, not one huge copy
_CHUNK_ELEMENTS = 1 << 21


def _chunks(n: int, per_image: int) -> list[tuple[int, int]]:
    """Image ranges [b, e) whose im2col block holds about _CHUNK_ELEMENTS (at least one image)."""
    step = max(1, _CHUNK_ELEMENTS // max(1, per_image))
    return [(b, min(b + step, n)) for b in range(0, n, step)]


def _im2col(x, oh, ow, k, s, d):
    """cols(b, e): the [(e - b) * OH * OW, KH * KW * C] patch matrix of images b..e of NHWC NumPy `x` padded
    as `oh`/`ow` say ((size, before, after) per dimension), rows in output-pixel order, columns in filter
    order (i, j, c). Each block is padded into a small reused buffer and copied out of its window view
    once; the whole input is never padded. (Traced kernels take XLA's convolutions or tap forms instead.)"""
    out = (oh[0], ow[0])
    width = k[0] * k[1] * x.shape[3]
    (_, top, bottom), (_, left, right) = oh, ow
    padded_hw = (x.shape[1] + top + bottom, x.shape[2] + left + right)
    buffers = {}

    def cols(b, e):
        if not buffers:
            buffers["cols"] = np.empty((e - b,) + out + (k[0], k[1], x.shape[3]), dtype=x.dtype)
            if top or bottom or left or right:
                buffers["padded"] = np.zeros((e - b,) + padded_hw + (x.shape[3],), dtype=x.dtype)
        block = buffers["cols"][:e - b]
        if "padded" in buffers:
            padded = buffers["padded"][:e - b]
            padded[:, top:top + x.shape[1], left:left + x.shape[2]] = x[b:e]  # the border stays zero
        else:
            padded = x[b:e]
        np.copyto(block, np.transpose(_windows(np, padded, k, s, d, out), (0, 1, 2, 4, 5, 3)))
        return block.reshape(-1, width)

    return cols


def _add_tap_blocks(result, tap_blocks, k, s, d, out):
    """In place: result[:, positions tap t = (i, j) reads, :] += tap_blocks[t] (NumPy only; [N, OH, OW, C]
    each, in row-major tap order)."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = k, s, d, out
    for t in range(kh * kw):
        i, j = divmod(t, kw)
        result[:, i * dh:i * dh + (oh - 1) * sh + 1:sh, j * dw:j * dw + (ow - 1) * sw + 1:sw, :] += tap_blocks[t]


def _crop(x, oh, ow, in_h, in_w):
    return x[:, oh[1]:oh[1] + in_h, ow[1]:ow[1] + in_w, :]


def _conv_geometry(in_shape, filter_hw, strides, padding, data_format, dilations, explicit_paddings):
    """Spatial geometry of a convolution at run time, from an NHWC input shape."""
    _, in_h, in_w, _ = in_shape
    # _geometry indexes attrs by data_format; for run time we pass NHWC-indexed strides
    s, d = _spatial_params(strides, dilations, data_format)
    h, w = _hw(data_format)
    ep = list(explicit_paddings) if explicit_paddings else [0] * 8
    try:
        oh = _output_size(in_h, filter_hw[0], s[0], d[0], padding, ep[2 * h:2 * h + 2])
        ow = _output_size(in_w, filter_hw[1], s[1], d[1], padding, ep[2 * w:2 * w + 2])
    except ValueError as e:
        raise errors.InvalidArgumentError(None, None, str(e).split(" for ")[0]) from None
    return s, d, oh, ow


# --- graph-time validation --------------------------------------------------------------------

def _check_4(op_type, name, values):
    values = list(values)
    if len(values) != 4:
        raise ValueError(f"Sliding window {name} field must specify 4 dimensions")
    return values


def _check_conv_attrs(op_type, strides, padding, data_format, dilations):
    if padding not in _PADDINGS:
        raise ValueError(f"Attr 'padding' of '{op_type}' Op passed string '{padding}' not in: \"SAME\", \"VALID\", "
                         f"\"EXPLICIT\".")
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"Invalid data format: {data_format}")
    strides = _check_4(op_type, "strides", strides)
    c = _channel(data_format)
    if strides[0] != 1 or strides[c] != 1:
        raise ValueError("Current implementation does not yet support strides in the batch and depth dimensions.")
    if dilations is not None and (dilations[0] != 1 or dilations[c] != 1):
        raise ValueError("Current implementation does not yet support dilations in the batch and depth dimensions.")


def _rank4(op_type, t, shapes):
    dims = t.shape.as_tuple()
    if dims is None:
        return (None,) * 4
    if len(dims) != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {len(dims)} for '{op_type}' with input shapes: {shapes}.")
    return dims


def _same_dtype(op_type, first, second, first_name, second_name):
    if second.dtype.base_dtype is not first.dtype.base_dtype:
        raise TypeError(f"Input '{second_name}' of '{op_type}' Op has type {second.dtype.base_dtype.name} that does "
                        f"not match type {first.dtype.base_dtype.name} of argument '{first_name}'.")


def _conv_out_shape(op_type, in_dims, f_dims, out_channels, strides, padding, data_format, dilations, explicit, shapes):
    h, w = _hw(data_format)
    oh, ow = _geometry(in_dims[h], in_dims[w], f_dims[0], f_dims[1], strides, dilations, padding, explicit,
                       data_format, op_type, shapes) if None not in f_dims[:2] else ((None,), (None,))
    out = [in_dims[0], None, None, None]
    out[h], out[w], out[_channel(data_format)] = oh[0], ow[0], out_channels
    return TensorShape(out)


def _shape_arg(t: Tensor, rank=4) -> tuple:
    value = static_value(t)
    if value is not None:
        return tuple(int(v) for v in np.asarray(value).reshape(-1))
    return (None,) * rank


# --- Conv2D and its gradients ------------------------------------------------------------------

def _conv2d_forward(xp, input, filter, strides, padding, data_format, dilations, explicit_paddings):
    x = _nhwc(xp, input, data_format)
    kh, kw, cin, cout = filter.shape
    if x.shape[3] % cin:
        raise errors.InvalidArgumentError(None, None, f"input depth must be evenly divisible by filter depth: "
                                                      f"{x.shape[3]} vs {cin}")
    if x.shape[3] != cin:
        raise errors.InvalidArgumentError(None, None, "Grouped convolution is not supported")
    s, d, oh, ow = _conv_geometry(x.shape, (kh, kw), strides, padding, data_format, dilations, explicit_paddings)
    jax = traced_jax(xp)
    if jax is not None:
        return _from_nhwc(xp, _traced_forward(jax, xp, x, filter, s, d, oh, ow), data_format)
    cols = _im2col(x, oh, ow, (kh, kw), s, d)
    w2d = xp.reshape(filter, (kh * kw * cin, cout))
    out = xp.empty((x.shape[0], oh[0], ow[0], cout), dtype=x.dtype)
    for b, e in _chunks(x.shape[0], oh[0] * ow[0] * kh * kw * cin):
        xp.matmul(cols(b, e), w2d, out=xp.reshape(out[b:e], (-1, cout)))
    return _from_nhwc(xp, out, data_format)


# The traced forms below are chosen by what XLA:CPU (jaxlib 0.10) does with each convolution, measured in
# whole training steps (bench/bench_train.py, and TF1 tutorials' CNNs: LeNet-5, Deep MNIST, small RGB
# nets), not by the convolution alone: XLA fuses element-wise producers into every consumer, so a form that
# wins alone can lose once it is computed again inside the bias, pooling and gradient fusions.
#
# Two convolution libraries. By default XLA:CPU hands a convolution to YNNPACK when its input or output has
# more than 16 channels (_YNN_MIN_CHANNELS - 1) and runs the rest in a generic loop. Its own Eigen kernels
# compute the convolutions of 16-96 channels 1.5-2x faster than YNNPACK here (conv 5x5 64 -> 64 at
# 64x12x12: 12.5 against 19.4 ms), so a plan with such a convolution is compiled with YNNPACK's convolutions
# switched off (`_choose_convolutions`, a plan chooser: common.PLAN_CHOOSERS): Deep MNIST's training step
# takes 0.74x the time, a 3x3 RGB CNN's 0.74x, CNN 2's 0.85-0.90x. YNNPACK stays for plans whose only
# convolutions are a single-channel image's first layer (it runs those 4-5x faster than Eigen) or have at
# most 16 channels on both sides (neither library takes those).
#
# A single-channel input's forward convolution (a grayscale image's first layer):
#   - with a filter of at most _TAP_SUM_MAX_TAPS taps, is a sum of the taps' scaled input slices
#     (`_tap_sum`), `stored` (computed once: XLA would otherwise compute it again in each consumer, the bias
#     and ReLU, the pooling and the ReLU's gradient). Against the convolution, CNN 2's step (1 -> 16
#     channels, where neither library takes it) is 6-9% faster with the sum recomputed and 4% faster again
#     stored; bench_train's CNN (1 -> 32 at 64x28x28, which YNNPACK takes) 0.83-0.91x the time stored, no
#     faster recomputed; a 3x3 Deep MNIST's 10% faster on Eigen's side;
#   - with a larger filter and at most 16 output channels, on YNNPACK's side, runs there with the filter
#     padded to _YNN_MIN_CHANNELS output channels and the output sliced (conv 5x5, 1 -> 16 channels at
#     50x28x28: a tap sum makes that step 2x slower).
_TAP_SUM_MAX_TAPS = 9
_YNN_MIN_CHANNELS = 17

# The traced filter gradient of an input with at most this many channels and a filter of at most
# _TAP_SUM_MAX_TAPS taps is one matrix product over the stacked tap slices (`_filter_grad_by_taps`). With
# more taps XLA's own form is as fast or faster, one process, alternating: LeNet-5's step and a 5x5 1 -> 32
# layer's unchanged, a 5x5 1 -> 16 layer's 10-18% faster, a 5x5 RGB layer's (3 -> 16) 27-41% faster.
_TAPS_MAX_CHANNELS = 4

# The tap forms of the gradients (`_filter_grad_by_taps`; the few-channel input gradient, `_conv2d_input_grad`)
# hold every output pixel's taps at once; above this many elements (64 MiB of float32: large images with large
# filters) the gradient is XLA's own convolution transpose instead, which holds no such copy.
_TAPS_MAX_ELEMENTS = 1 << 24

_EIGEN = "xla_cpu_eigen_convolutions"  # the traced choice: the plan runs XLA:CPU's own convolution kernels
_NO_YNN_CONVOLUTIONS = {  # XLA:CPU's default YNNPACK fusions (jaxlib 0.10) less its convolutions
    "xla_cpu_experimental_ynn_fusion_type": "LIBRARY_FUSION_TYPE_REDUCE,LIBRARY_FUSION_TYPE_INDIVIDUAL_DOT"}


def _traced_forward(jax, xp, x, filter, s, d, oh, ow):
    """Conv2D of NHWC `x` traced, in the form XLA:CPU computes fastest for its channel counts (above)."""
    kh, kw, cin, cout = filter.shape
    eigen = traced_choice(_EIGEN, False)
    if cin == 1 and kh * kw <= _TAP_SUM_MAX_TAPS:
        return stored(xp, _tap_sum(xp, x, filter, s, d, oh, ow))
    if cin == 1 and cout < _YNN_MIN_CHANNELS and not eigen:
        wide = xp.pad(filter, ((0, 0), (0, 0), (0, 0), (0, _YNN_MIN_CHANNELS - cout)))
        return _lax_conv(jax, x, wide, s, d, oh, ow)[..., :cout]
    return _lax_conv(jax, x, filter, s, d, oh, ow)


def _choose_convolutions(ops) -> tuple[dict, dict]:
    """The 2-D convolutions' plan chooser (common.PLAN_CHOOSERS): XLA:CPU's own convolution kernels, not
    YNNPACK's, for a plan with a convolution that YNNPACK would take and computes slower (above)."""
    for op in ops:
        if op.type not in ("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"):
            continue
        shape = (op.outputs[0] if op.type == "Conv2DBackpropFilter" else op.inputs[1]).shape.as_list() or []
        if len(shape) != 4 or None in shape[2:]:
            continue
        cin, cout = shape[2], shape[3]
        if op.type == "Conv2D" and cin == 1:  # YNNPACK's side, or a tap sum
            continue
        # a matrix product, or with more than 9 taps a transpose that runs as fast on YNNPACK's side
        if op.type == "Conv2DBackpropFilter" and cin <= _TAPS_MAX_CHANNELS:
            continue
        if max(cin, cout) >= _YNN_MIN_CHANNELS:
            return dict(_NO_YNN_CONVOLUTIONS), {_EIGEN: True}
    return {}, {}


PLAN_CHOOSERS.append(_choose_convolutions)


def _tap_sum(xp, x, filter, s, d, oh, ow):
    """Traced Conv2D of a single-channel NHWC `x`: each tap's input slice times its filter row, summed."""
    kh, kw = filter.shape[:2]
    total = None
    for t, tap in enumerate(_tap_slices(xp, x, (kh, kw), s, d, oh, ow)):
        term = tap[..., None] * filter[t // kw, t % kw, 0]
        total = term if total is None else total + term
    return total


def _tap_slices(xp, x, k, s, d, oh, ow):
    """The slices of NHWC `x`, padded as `oh`/`ow` say, that filter taps (0, 0), (0, 1), ... read (traced):
    [N, OH, OW, C], or [N, OH, OW] when C is 1 (XLA:CPU copies slices whose last axis has size 1 about four
    times slower, so that axis is dropped first)."""
    (kh, kw), (sh, sw), (dh, dw) = k, s, d
    (out_h, top, bottom), (out_w, left, right) = oh, ow
    if x.shape[3] == 1:
        x = xp.reshape(x, x.shape[:3])
    if top or bottom or left or right:
        x = xp.pad(x, ((0, 0), (top, bottom), (left, right)) + ((0, 0),) * (x.ndim - 3))
    return [x[:, i * dh:i * dh + (out_h - 1) * sh + 1:sh, j * dw:j * dw + (out_w - 1) * sw + 1:sw]
            for i in range(kh) for j in range(kw)]


def _single_channel_taps(xp, x, k, s, d, oh, ow):
    """`_tap_slices` of a single-channel `x` stacked, [KH, KW, N, OH, OW], in two steps: the KW column
    shifts of the padded images, then the KH row shifts of those. XLA:CPU copies each slice and the stack
    separately; built from the KH*KW slices at once the stack took 0.53 ms for 64x28x28 and a 3x3 filter,
    built in two steps 0.12 ms (bench_train's CNN step 7-8% faster, CNN 2's 6-7%)."""
    (kh, kw), (sh, sw), (dh, dw) = k, s, d
    (out_h, top, bottom), (out_w, left, right) = oh, ow
    x = xp.pad(xp.reshape(x, x.shape[:3]), ((0, 0), (top, bottom), (left, right)))
    columns = xp.stack([x[:, :, j * dw:j * dw + (out_w - 1) * sw + 1:sw] for j in range(kw)])
    return xp.stack([columns[:, :, i * dh:i * dh + (out_h - 1) * sh + 1:sh] for i in range(kh)])


def _filter_grad_by_taps(jax, xp, x, g, k, s, d, oh, ow):
    """Traced Conv2DBackpropFilter of an input with few channels as one matrix product: the taps' input
    slices stacked ([KH*KW, M, C], M the output pixels of all images) contracted over M with the output
    gradient ([M, COUT]). XLA's own form (the forward convolution's transpose) copies the gradient into
    another layout first: 1.6 against 0.5 ms for conv 3x3, 1 -> 32 channels, 64x28x28."""
    cin, cout = x.shape[3], g.shape[3]
    m = g.shape[0] * g.shape[1] * g.shape[2]
    if cin == 1:
        cols = xp.reshape(_single_channel_taps(xp, x, k, s, d, oh, ow), (k[0] * k[1], m))
    else:
        cols = xp.stack([xp.reshape(tap, (m, cin)) for tap in _tap_slices(xp, x, k, s, d, oh, ow)])
    dw = jax.lax.dot_general(cols, xp.reshape(g, (m, cout)), (((1,), (0,)), ((), ())),
                             precision=jax.lax.Precision.HIGHEST)
    return xp.reshape(dw, (k[0], k[1], cin, cout))


def _lax_conv(jax, x, filter, s, d, oh, ow):
    """The traced convolution of NHWC `x` (XLA's own, padded as TF's geometry says)."""
    return jax.lax.conv_general_dilated(x, filter, window_strides=s, padding=((oh[1], oh[2]), (ow[1], ow[2])),
                                        rhs_dilation=d, dimension_numbers=("NHWC", "HWIO", "NHWC"),
                                        precision=jax.lax.Precision.HIGHEST)


def _conv2d_input_grad(xp, input_sizes, filter, g, strides, padding, data_format, dilations, explicit_paddings):
    n, in_h, in_w, cin = _nhwc_shape(input_sizes, data_format)
    kh, kw, _, cout = filter.shape
    s, d, oh, ow = _conv_geometry((n, in_h, in_w, cin), (kh, kw), strides, padding, data_format, dilations,
                                  explicit_paddings)
    g = _nhwc(xp, g, data_format)
    if g.shape[1:3] != (oh[0], ow[0]) or g.shape[3] != cout:
        raise errors.InvalidArgumentError(None, None, f"Conv2DBackpropInput: Size of out_backprop doesn't match "
                                                      f"computed: actual = {g.shape[1]}, computed = {oh[0]}")
    jax = traced_jax(xp)
    few = max(cin, cout) < _YNN_MIN_CHANNELS and n * oh[0] * ow[0] * kh * kw * cin <= _TAPS_MAX_ELEMENTS
    if jax is not None and not few:  # the transpose of the forward convolution, as XLA computes it
        zeros = xp.zeros((n, in_h, in_w, cin), dtype=g.dtype)
        dx = jax.vjp(lambda x: _lax_conv(jax, x, filter, s, d, oh, ow), zeros)[1](g)[0]
        return _from_nhwc(xp, dx, data_format)
    w2d_t = xp.transpose(xp.reshape(filter, (kh * kw * cin, cout)))
    padded = (n, in_h + oh[1] + oh[2], in_w + ow[1] + ow[2], cin)
    if jax is not None:
        # At most 16 channels on both sides: neither of XLA:CPU's convolution libraries takes the transpose
        # (its generic loop computes it), and one product with the taps placed and summed is faster (LeNet-5's
        # second layer, 5x5, 6 -> 16 channels at 64x14x14: 1.0 against 2.1 ms alone, its step 12-13% faster).
        # The sum is `stored`, so that a consumer reading it several times does not recompute its taps.
        taps = jax.lax.dot_general(xp.reshape(g, (-1, cout)), w2d_t, (((1,), (0,)), ((), ())),
                                   precision=jax.lax.Precision.HIGHEST)
        taps = xp.reshape(taps, (n, oh[0], ow[0], kh, kw, cin))
        dx = _scatter_taps(xp, taps, padded, (kh, kw), s, d, (oh[0], ow[0]), g.dtype)
        return _from_nhwc(xp, stored(xp, _crop(dx, oh, ow, in_h, in_w)), data_format)
    # One product per filter tap ([M, COUT] x [COUT, CIN]), so that each tap's values are contiguous: added
    # into the image's rows, NumPy's loops then run over whole rows (OW * CIN elements), not CIN at a time as
    # over one product's interleaved taps (conv 3x3, 32 -> 16 channels at 32x14x14: 2.0 -> 0.6 ms)
    w_taps = xp.transpose(xp.reshape(filter, (kh * kw, cin, cout)), (0, 2, 1))
    dx = xp.zeros(padded, dtype=g.dtype)
    for b, e in _chunks(n, oh[0] * ow[0] * kh * kw * cin):  # cache-sized tap blocks, scattered as they come
        taps = xp.matmul(xp.reshape(g[b:e], (-1, cout)), w_taps)
        _add_tap_blocks(dx[b:e], xp.reshape(taps, (kh * kw, e - b, oh[0], ow[0], cin)), (kh, kw), s, d,
                        (oh[0], ow[0]))
    return _from_nhwc(xp, _crop(dx, oh, ow, in_h, in_w), data_format)


def _conv2d_filter_grad(xp, input, filter_sizes, g, strides, padding, data_format, dilations, explicit_paddings):
    x = _nhwc(xp, input, data_format)
    kh, kw, cin, cout = (int(v) for v in filter_sizes)
    s, d, oh, ow = _conv_geometry(x.shape, (kh, kw), strides, padding, data_format, dilations, explicit_paddings)
    g = _nhwc(xp, g, data_format)
    jax = traced_jax(xp)
    if jax is not None:
        few = (cin <= _TAPS_MAX_CHANNELS and kh * kw <= _TAP_SUM_MAX_TAPS
               and g.shape[0] * oh[0] * ow[0] * kh * kw * cin <= _TAPS_MAX_ELEMENTS)
        if few:
            return _filter_grad_by_taps(jax, xp, x, g, (kh, kw), s, d, oh, ow)
        zeros = xp.zeros((kh, kw, cin, cout), dtype=g.dtype)
        return jax.vjp(lambda f: _lax_conv(jax, x, f, s, d, oh, ow), zeros)[1](g)[0]
    cols = _im2col(x, oh, ow, (kh, kw), s, d)
    dw = xp.zeros((kh * kw * cin, cout), dtype=g.dtype)
    for b, e in _chunks(x.shape[0], oh[0] * ow[0] * kh * kw * cin):
        dw += xp.matmul(xp.transpose(cols(b, e)), xp.reshape(g[b:e], (-1, cout)))
    return xp.reshape(dw, (kh, kw, cin, cout))


def _nhwc_shape(sizes, data_format):
    sizes = [int(v) for v in sizes]
    return (sizes[0], sizes[2], sizes[3], sizes[1]) if data_format == "NCHW" else tuple(sizes)


def _conv_shapes_str(*ts):
    return ", ".join(shape_str(t.shape) for t in ts)


def _conv_attrs(opattrs):
    return {k: opattrs[k] for k in ("strides", "padding", "data_format", "dilations", "explicit_paddings")}


def _conv_samples(kind):
    rng = np.random.RandomState(7)
    x = rng.uniform(-1, 1, (2, 5, 5, 2))
    f = rng.uniform(-1, 1, (3, 3, 2, 3))
    base = dict(use_cudnn_on_gpu=True, explicit_paddings=())
    cases = [
        dict(strides=[1, 1, 1, 1], padding="SAME", data_format="NHWC", dilations=[1, 1, 1, 1]),
        dict(strides=[1, 2, 2, 1], padding="VALID", data_format="NHWC", dilations=[1, 1, 1, 1]),
        dict(strides=[1, 1, 2, 2], padding="SAME", data_format="NCHW", dilations=[1, 1, 1, 1]),
        dict(strides=[1, 1, 1, 1], padding="VALID", data_format="NHWC", dilations=[1, 2, 1, 1]),
    ]
    samples = []
    for attrs in cases:
        xin = np.transpose(x, (0, 3, 1, 2)).copy() if attrs["data_format"] == "NCHW" else x
        if kind == "forward":
            samples.append(((xin, f), dict(base, **attrs)))
            continue
        out = _conv2d_forward(np, xin, f, attrs["strides"], attrs["padding"], attrs["data_format"],
                              attrs["dilations"], ())
        g = rng.uniform(-1, 1, out.shape)
        if kind == "input":
            samples.append(((np.array(xin.shape, np.int32), f, g), dict(base, **attrs)))
        else:
            samples.append(((xin, np.array(f.shape, np.int32), g), dict(base, **attrs)))
    samples.append(((x.astype(np.float32), f.astype(np.float32)) if kind == "forward" else samples[0][0],
                    dict(base, **cases[0])))
    return samples[:4] if kind != "forward" else samples


@op("Conv2D", inputs=("input", "filter"), attrs=_CONV_ATTRS)
class Conv2D:
    """2-D convolution (cross-correlation) of a 4-D input with a [KH, KW, C_in, C_out] filter."""

    def infer(input, filter, strides, padding, data_format, dilations, use_cudnn_on_gpu, explicit_paddings):
        check_dtype("Conv2D", "input", input, FLOATS | {dtypes.int32})
        _same_dtype("Conv2D", input, filter, "input", "filter")
        _check_conv_attrs("Conv2D", strides, padding, data_format, dilations)
        shapes = _conv_shapes_str(input, filter)
        in_dims, f_dims = _rank4("Conv2D", input, shapes), _rank4("Conv2D", filter, shapes)
        depth = in_dims[_channel(data_format)]
        if depth is not None and f_dims[2] is not None and depth % f_dims[2]:
            raise ValueError(f"Depth of input ({depth}) is not a multiple of input depth of filter ({f_dims[2]}) for "
                             f"'Conv2D' with input shapes: {shapes}.")
        return input.dtype.base_dtype, _conv_out_shape("Conv2D", in_dims, f_dims, f_dims[3], strides, padding,
                                                       data_format, dilations, explicit_paddings, shapes)

    def kernel(xp, input, filter, strides, padding, data_format, dilations, use_cudnn_on_gpu, explicit_paddings):
        return _conv2d_forward(xp, input, filter, strides, padding, data_format, dilations, explicit_paddings)

    def grad(op_, g):
        x, f = op_.inputs
        attrs = _conv_attrs(op_.attrs)
        return (Conv2DBackpropInput(_shape_of(x), f, g, **attrs),
                Conv2DBackpropFilter(x, _shape_of(f), g, **attrs))

    samples = _conv_samples("forward")


@op("Conv2DBackpropInput", inputs=("input_sizes", "filter", "out_backprop"), attrs=_CONV_ATTRS,
    type_attrs=dict(T="filter"))
class Conv2DBackpropInput:
    """The gradient of Conv2D with respect to its input (also `conv2d_transpose`)."""

    def infer(input_sizes, filter, out_backprop, strides, padding, data_format, dilations, use_cudnn_on_gpu,
              explicit_paddings):
        check_dtype("Conv2DBackpropInput", "filter", filter, FLOATS | {dtypes.int32})
        _same_dtype("Conv2DBackpropInput", filter, out_backprop, "filter", "out_backprop")
        _check_conv_attrs("Conv2DBackpropInput", strides, padding, data_format, dilations)
        shapes = _conv_shapes_str(input_sizes, filter, out_backprop)
        _rank4("Conv2DBackpropInput", filter, shapes)
        backprop_dims = _rank4("Conv2DBackpropInput", out_backprop, shapes)
        sizes = shape_from_value(input_sizes).as_tuple()  # known parts of a stacked shape too
        dims = list(sizes) if sizes is not None and len(sizes) == 4 else [None] * 4
        dims[0] = backprop_dims[0]  # as TF: the batch size comes from out_backprop
        return filter.dtype.base_dtype, TensorShape(dims)

    def kernel(xp, input_sizes, filter, out_backprop, strides, padding, data_format, dilations, use_cudnn_on_gpu,
               explicit_paddings):
        return _conv2d_input_grad(xp, input_sizes, filter, out_backprop, strides, padding, data_format, dilations,
                                  explicit_paddings)

    def grad(op_, g):
        _, f, dy = op_.inputs
        attrs = _conv_attrs(op_.attrs)
        return None, Conv2DBackpropFilter(g, _shape_of(f), dy, **attrs), Conv2D(g, f, **attrs)

    samples = _conv_samples("input")


@op("Conv2DBackpropFilter", inputs=("input", "filter_sizes", "out_backprop"), attrs=_CONV_ATTRS)
class Conv2DBackpropFilter:
    """The gradient of Conv2D with respect to its filter."""

    def infer(input, filter_sizes, out_backprop, strides, padding, data_format, dilations, use_cudnn_on_gpu,
              explicit_paddings):
        check_dtype("Conv2DBackpropFilter", "input", input, FLOATS | {dtypes.int32})
        _same_dtype("Conv2DBackpropFilter", input, out_backprop, "input", "out_backprop")
        _check_conv_attrs("Conv2DBackpropFilter", strides, padding, data_format, dilations)
        shapes = _conv_shapes_str(input, filter_sizes, out_backprop)
        _rank4("Conv2DBackpropFilter", input, shapes)
        return input.dtype.base_dtype, TensorShape(list(_shape_arg(filter_sizes)))

    def kernel(xp, input, filter_sizes, out_backprop, strides, padding, data_format, dilations, use_cudnn_on_gpu,
               explicit_paddings):
        return _conv2d_filter_grad(xp, input, filter_sizes, out_backprop, strides, padding, data_format, dilations,
                                   explicit_paddings)

    def grad(op_, g):
        x, _, dy = op_.inputs
        attrs = _conv_attrs(op_.attrs)
        return Conv2DBackpropInput(_shape_of(x), g, dy, **attrs), None, Conv2D(x, g, **attrs)

    samples = _conv_samples("filter")


def _shape_of(t: Tensor) -> Tensor:
    dims = t.shape.as_tuple()
    if dims is not None and None not in dims:
        return constant(list(dims), dtype=dtypes.int32)
    from .array import shape
    return shape(t)


# --- public wrappers ---------------------------------------------------------------------------

def _sequence(value, n, channel_index, name):
    """TF's `_get_sequence`: an int or a list of 1, n or n + 2 ints -> the full 4-D attr list."""
    if value is None:
        value = 1
    if isinstance(value, int):
        value = [value]
    value = [int(v) for v in value]
    if len(value) == n + 2:
        return value
    if len(value) == 1:
        value = value * n
    elif len(value) != n:
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2} but was {len(value)}")
    full = [1] * (n + 2)
    start = 2 if channel_index == 1 else 1
    full[start:start + n] = value
    return full


def _check_format(data_format):
    if data_format is None:
        return "NHWC"
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"Unknown data_format: {data_format}")
    return data_format


@tf_export("nn.conv2d")
def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True, data_format="NHWC",
           dilations=(1, 1, 1, 1), name=None, filters=None):
    """`tf.nn.conv2d` (TF1 signature; `filters` is the TF2 name of `filter`)."""
    filter = filters if filter is None else filter
    data_format = _check_format(data_format)
    channel = _channel(data_format)
    with get_default_graph().name_scope(name or "Conv2D") as scope:
        input, filter = convert_same_dtype("Conv2D", [input, filter], ["input", "filter"])
        return Conv2D(input, filter, strides=_sequence(strides, 2, channel, "strides"), padding=padding,
                      data_format=data_format, dilations=_sequence(dilations, 2, channel, "dilations"),
                      use_cudnn_on_gpu=use_cudnn_on_gpu, explicit_paddings=(), name=scope)


@tf_export("nn.conv2d_backprop_input")
def conv2d_backprop_input(input_sizes, filter=None, out_backprop=None, strides=None, padding=None,
                          use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1), name=None, filters=None):
    """`tf.nn.conv2d_backprop_input`."""
    filter = filters if filter is None else filter
    data_format = _check_format(data_format)
    channel = _channel(data_format)
    with get_default_graph().name_scope(name or "Conv2DBackpropInput") as scope:
        filter = convert_to_tensor(filter, name="filter")
        return Conv2DBackpropInput(convert_to_tensor(input_sizes, dtype=dtypes.int32, name="input_sizes"), filter,
                                   convert_to_tensor(out_backprop, dtype=filter.dtype, name="out_backprop"),
                                   strides=_sequence(strides, 2, channel, "strides"), padding=padding,
                                   data_format=data_format, dilations=_sequence(dilations, 2, channel, "dilations"),
                                   use_cudnn_on_gpu=use_cudnn_on_gpu, explicit_paddings=(), name=scope)


@tf_export("nn.conv2d_backprop_filter")
def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding, use_cudnn_on_gpu=True,
                           data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """`tf.nn.conv2d_backprop_filter`."""
    data_format = _check_format(data_format)
    channel = _channel(data_format)
    with get_default_graph().name_scope(name or "Conv2DBackpropFilter") as scope:
        input = convert_to_tensor(input, name="input")
        return Conv2DBackpropFilter(input, convert_to_tensor(filter_sizes, dtype=dtypes.int32, name="filter_sizes"),
                                    convert_to_tensor(out_backprop, dtype=input.dtype, name="out_backprop"),
                                    strides=_sequence(strides, 2, channel, "strides"), padding=padding,
                                    data_format=data_format, dilations=_sequence(dilations, 2, channel, "dilations"),
                                    use_cudnn_on_gpu=use_cudnn_on_gpu, explicit_paddings=(), name=scope)


def _convert_padding(padding):
    """TF's `convert_padding`: a list of [before, after] pairs is EXPLICIT padding."""
    if padding == "EXPLICIT":
        raise ValueError("'EXPLICIT' is not a valid value for `padding`. To use explicit padding, `padding` must "
                         "be a list.")
    if not isinstance(padding, (list, tuple)):
        return padding, []
    for pair in padding:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(f"When `padding` is a list, each element of `padding` must be a list/tuple of size 2. "
                             f"Received: padding={padding}")
    return "EXPLICIT", [int(v) for pair in padding for v in pair]


def _check_transpose_channels(output_shape, filter, value, channel):
    """The channel checks of TF's Conv2DBackpropInput shape function (the op's infer here leaves them to
    the kernel): value's channels against filter[3], output_shape's against filter[2]."""
    f_dims = filter.shape.as_tuple() if filter.shape.ndims == 4 else (None,) * 4
    v_dims = value.shape.as_tuple() if value.shape.ndims == 4 else (None,) * 4
    out = static_value(output_shape)
    out = (None,) * 4 if out is None or np.size(out) != 4 else tuple(int(d) for d in np.reshape(out, -1))
    shapes = ", ".join(shape_str(t.shape) for t in (output_shape, filter, value))
    for got, want in ((v_dims[channel], f_dims[3]), (out[channel], f_dims[2])):
        if got is not None and want is not None and got != want:
            raise ValueError(f"Dimensions must be equal, but are {got} and {want} for 'Conv2DBackpropInput' with "
                             f"input shapes: {shapes}.")


@tf_export("nn.conv2d_transpose")
def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME", data_format="NHWC",
                     name=None, input=None, filters=None, dilations=None):
    """`tf.nn.conv2d_transpose`: the gradient of conv2d, as a layer (a Conv2DBackpropInput named as the
    call); filter is [KH, KW, out_C, in_C]."""
    value = input if value is None else value
    filter = filters if filter is None else filter
    data_format = "NHWC" if data_format is None else data_format
    channel = 1 if data_format.startswith("NC") else 3
    with get_default_graph().name_scope(name or "conv2d_transpose") as scope:
        strides = _sequence(strides, 2, channel, "strides")
        dilations = _sequence(dilations, 2, channel, "dilations")
        padding, explicit_paddings = _convert_padding(padding)
        output_shape = convert_to_tensor(output_shape, name="input_sizes", preferred_dtype=dtypes.int32)
        filter = convert_to_tensor(filter, name="filter")
        value = convert_to_tensor(value, dtype=filter.dtype, name="out_backprop")
        _check_transpose_channels(output_shape, filter, value, channel)
        return Conv2DBackpropInput(output_shape, filter, value, strides=strides, padding=padding,
                                   data_format=data_format, dilations=dilations, use_cudnn_on_gpu=True,
                                   explicit_paddings=explicit_paddings, name=scope)


@tf_export("nn.conv1d")
def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None, data_format=None, name=None,
           input=None, dilations=None):
    """`tf.nn.conv1d`: conv2d over a unit spatial axis (ExpandDims of value and filters, Conv2D named as
    the call, then that axis squeezed out)."""
    from .array import expand_dims
    from .array_transform import squeeze

    value = input if value is None else value
    with get_default_graph().name_scope(name or "conv1d") as scope:
        if data_format in (None, "NHWC", "NWC"):
            data_format, spatial_start_dim, channel_index = "NHWC", -3, 2
        elif data_format in ("NCHW", "NCW"):
            data_format, spatial_start_dim, channel_index = "NCHW", -2, 1
        else:
            raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: data_format={data_format}")
        strides = [1] + _sequence(stride, 1, channel_index, "stride")
        dilations = [1] + _sequence(dilations, 1, channel_index, "dilations")
        value = expand_dims(value, spatial_start_dim)
        filters = expand_dims(filters, 0)
        result = Conv2D(value, filters, strides=strides, padding=padding, data_format=data_format,
                        dilations=dilations, use_cudnn_on_gpu=True if use_cudnn_on_gpu is None else use_cudnn_on_gpu,
                        explicit_paddings=(), name=scope)
        return squeeze(result, [spatial_start_dim])
