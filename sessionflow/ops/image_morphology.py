"""Grayscale morphology: Dilation2D (`tf.nn.dilation2d`: the max over each window of input + filter, taps `rates`
apart, out-of-image taps skipped) with its two backprop ops, which route each output gradient to the input pixel
and filter tap of the window's first maximum, as TF's kernels do; `tf.nn.erosion2d` is its dual."""

from __future__ import annotations

import numpy as np

from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import REAL, check_dtype
from .constant import convert_to_tensor
from .image_patches import _output_size

_ATTRS = dict(strides=None, rates=None, padding=None)


def _check_attrs(op_type, strides, rates, padding):
    for name, value in (("strides", strides), ("rates", rates)):
        if len(value) != 4:
            raise ValueError(f"{op_type} requires the {name} attribute to contain 4 values, but got: {len(value)}")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Attr 'padding' of '{op_type}' Op passed string '{padding}' not in: \"SAME\", \"VALID\".")


def _infer_output(op_type, input, filter, strides, rates, padding) -> TensorShape:
    check_dtype(op_type, "input", input, REAL)
    _check_attrs(op_type, strides, rates, padding)
    batch, rows, cols, depth = shape_fns.with_rank(op_type, input.shape, 4).as_list()
    f_rows, f_cols, f_depth = shape_fns.with_rank(op_type, filter.shape, 3).as_list()
    if depth is not None and f_depth is not None and depth != f_depth:
        raise ValueError(f"Dimensions must be equal, but are {depth} and {f_depth} for '{op_type}'")
    out_rows = out_cols = None
    if rows is not None and f_rows is not None:
        out_rows, _ = _output_size(op_type, rows, f_rows, strides[1], rates[1], padding)
    if cols is not None and f_cols is not None:
        out_cols, _ = _output_size(op_type, cols, f_cols, strides[2], rates[2], padding)
    return TensorShape([batch, out_rows, out_cols, depth if depth is not None else f_depth])


def _windows(input, filter, strides, rates, padding):
    """(values [b, oh, ow, d, kh*kw] of input + filter per window tap (lowest where the tap is outside the
    image), row index [oh, kh], column index [ow, kw]) of TF's dilation loops."""
    if input.ndim != 4:
        raise errors.InvalidArgumentError(None, None, f"input must be 4-dimensional{list(input.shape)}")
    if filter.ndim != 3:
        raise errors.InvalidArgumentError(None, None, f"filter must be 3-dimensional: {list(filter.shape)}")
    if input.shape[3] != filter.shape[2]:
        raise errors.InvalidArgumentError(None, None, "input and filter must have the same depth: "
                                                      f"{input.shape[3]} vs {filter.shape[2]}")
    _, rows, cols, depth = input.shape
    kh, kw, _ = filter.shape
    try:
        out_r, pad_r = _output_size("Dilation2D", rows, kh, strides[1], rates[1], padding)
        out_c, pad_c = _output_size("Dilation2D", cols, kw, strides[2], rates[2], padding)
    except ValueError as e:
        raise errors.InvalidArgumentError(None, None, e.args[0].split(" for '")[0]) from None
    r_idx = (np.arange(out_r) * strides[1])[:, None] + (np.arange(kh) * rates[1])[None, :] - pad_r
    c_idx = (np.arange(out_c) * strides[2])[:, None] + (np.arange(kw) * rates[2])[None, :] - pad_c
    inside = ((r_idx >= 0) & (r_idx < rows))[:, :, None, None] & ((c_idx >= 0) & (c_idx < cols))[None, None]
    lowest = np.finfo(input.dtype).min if input.dtype.kind == "f" else np.iinfo(input.dtype).min
    if input.size:
        taken = input[:, np.clip(r_idx, 0, rows - 1)[:, :, None, None], np.clip(c_idx, 0, cols - 1)[None, None]]
    else:
        taken = np.zeros((input.shape[0], out_r, kh, out_c, kw, depth), input.dtype)
    values = np.where(inside[None, ..., None], taken + filter[None, None, :, None, :, :], lowest)
    values = values.astype(input.dtype).transpose(0, 1, 3, 5, 2, 4).reshape(input.shape[0], out_r, out_c, depth,
                                                                           kh * kw)
    return values, r_idx, c_idx


def _first_max(values):
    """Index of each window's first maximum (a tap replaces the best only when strictly greater)."""
    return np.argmax(values, axis=-1)


@op("Dilation2D", inputs=("input", "filter"), attrs=_ATTRS)
class Dilation2D:
    """out[b, y, x, c] = max over taps (i, j) inside the image of input[b, y*sy + i*ry - pad, x*sx + j*rx - pad, c]
    + filter[i, j, c]."""

    def infer(input, filter, strides, rates, padding):
        return input.dtype.base_dtype, _infer_output("Dilation2D", input, filter, strides, rates, padding)

    def kernel(xp, input, filter, strides, rates, padding):
        values, _, _ = _windows(input, filter, strides, rates, padding)
        return values.max(axis=-1) if values.shape[-1] else values[..., 0]

    def grad(op_, grad):
        attrs = {k: op_.attrs[k] for k in _ATTRS}
        x, f = op_.inputs
        return (Dilation2DBackpropInput(x, f, grad, **attrs), Dilation2DBackpropFilter(x, f, grad, **attrs))

    samples = [((np.random.RandomState(0).randn(2, 5, 6, 2), np.random.RandomState(1).randn(2, 3, 2)),
                dict(strides=[1, 1, 1, 1], rates=[1, 1, 1, 1], padding="SAME")),
               ((np.random.RandomState(2).randn(1, 7, 6, 1), np.random.RandomState(3).randn(2, 2, 1)),
                dict(strides=[1, 2, 1, 1], rates=[1, 1, 2, 1], padding="VALID")),
               ((np.random.RandomState(4).randn(1, 4, 4, 3).astype(np.float32),
                 np.random.RandomState(5).randn(3, 3, 3).astype(np.float32)),
                dict(strides=[1, 2, 2, 1], rates=[1, 2, 2, 1], padding="SAME"))]


@op("Dilation2DBackpropInput", inputs=("input", "filter", "out_backprop"), attrs=_ATTRS)
class Dilation2DBackpropInput:
    """Each out_backprop value added at the input pixel of its window's first maximum."""

    def infer(input, filter, out_backprop, strides, rates, padding):
        _infer_output("Dilation2DBackpropInput", input, filter, strides, rates, padding)
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input, filter, out_backprop, strides, rates, padding):
        values, r_idx, c_idx = _windows(input, filter, strides, rates, padding)
        if out_backprop.shape != values.shape[:4]:
            raise errors.InvalidArgumentError(None, None, "out_backprop has incompatible size.")
        kw = filter.shape[1]
        best = _first_max(values)  # [b, oh, ow, d]
        b, oh, ow, d = np.indices(best.shape, sparse=True)
        rows, cols = r_idx[oh, best // kw], c_idx[ow, best % kw]
        result = np.zeros(input.shape, input.dtype)
        np.add.at(result, (b, rows, cols, d), out_backprop)
        return result

    grad = NOT_DIFFERENTIABLE
    samples = [((np.random.RandomState(6).randn(1, 4, 4, 2), np.random.RandomState(7).randn(2, 2, 2),
                 np.ones((1, 4, 4, 2))), dict(strides=[1, 1, 1, 1], rates=[1, 1, 1, 1], padding="SAME"))]


@op("Dilation2DBackpropFilter", inputs=("input", "filter", "out_backprop"), attrs=_ATTRS)
class Dilation2DBackpropFilter:
    """Each out_backprop value added at the filter tap of its window's first maximum."""

    def infer(input, filter, out_backprop, strides, rates, padding):
        _infer_output("Dilation2DBackpropFilter", input, filter, strides, rates, padding)
        return input.dtype.base_dtype, filter.shape

    def kernel(xp, input, filter, out_backprop, strides, rates, padding):
        values, _, _ = _windows(input, filter, strides, rates, padding)
        if out_backprop.shape != values.shape[:4]:
            raise errors.InvalidArgumentError(None, None, "out_backprop has incompatible size.")
        kh, kw, depth = filter.shape
        best = _first_max(values)
        d = np.broadcast_to(np.arange(depth), best.shape)
        result = np.zeros(filter.shape, filter.dtype)
        np.add.at(result, (best // kw, best % kw, d), out_backprop)
        return result

    grad = NOT_DIFFERENTIABLE
    samples = [((np.random.RandomState(8).randn(1, 4, 4, 2), np.random.RandomState(9).randn(2, 2, 2),
                 np.ones((1, 2, 2, 2))), dict(strides=[1, 2, 2, 1], rates=[1, 1, 1, 1], padding="VALID"))]


@tf_export("nn.dilation2d")
def dilation2d(input, filter=None, strides=None, rates=None, padding=None, name=None, filters=None,
               dilations=None) -> Tensor:
    """Grayscale dilation of NHWC `input` by a [rows, cols, depth] structuring function `filter`."""
    if filter is not None and filters is not None:
        raise ValueError("Cannot specify both 'filters' and 'filter'")
    if rates is not None and dilations is not None:
        raise ValueError("Cannot specify both 'dilations' and 'rates'")
    filter = filters if filter is None else filter
    rates = dilations if rates is None else rates
    with get_default_graph().name_scope(name or "Dilation2D") as scope:
        return Dilation2D(convert_to_tensor(input, name="input"), convert_to_tensor(filter, name="filter"),
                          strides=[int(s) for s in strides], rates=[int(r) for r in rates], padding=padding,
                          name=scope)


@tf_export("nn.erosion2d")
def erosion2d(value, kernel, strides, rates, padding, name=None) -> Tensor:
    """Grayscale erosion: -dilation2d(-value, kernel reversed in rows and columns)."""
    from .array_reverse import reverse as reverse_v2
    from .math import negative

    with get_default_graph().name_scope(name or "erosion2d") as scope:
        value, kernel = convert_to_tensor(value, name="value"), convert_to_tensor(kernel, name="kernel")
        dilated = dilation2d(negative(value), reverse_v2(kernel, [0, 1]), strides, rates, padding,
                             name=scope.rstrip("/") + "/")
        return negative(dilated)
