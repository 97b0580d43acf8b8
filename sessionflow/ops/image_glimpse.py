"""ExtractGlimpse and ExtractGlimpseV2 (`tf.image.extract_glimpse`): a [height, width] window of each image at
an (y, x) offset (centered on the image and/or normalized to [-1, 1] / [0, 1], truncated to whole pixels as TF's
kernel does); where the window leaves the image it is filled with noise: uniform between the image's minimum and
maximum, Gaussian with each channel's mean and deviation, or zeros. V1 and V2 differ only in how uncentered or
unnormalized offsets are converted (V2 does not subtract half the window then)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .constant import convert_to_tensor

_ATTRS = dict(centered=True, normalized=True, uniform_noise=True, noise="uniform")


def _infer(op_type, input, size, offsets, uniform_noise, noise):
    if uniform_noise and noise not in ("uniform", ""):
        raise ValueError("The uniform_noise should not be True when noise is not uniform")
    if input.dtype.base_dtype is not dtypes.float32:
        raise TypeError(f"Value passed to parameter 'input' has DataType {input.dtype.base_dtype.name} not in list "
                        "of allowed values: float32")
    batch, _, _, depth = shape_fns.with_rank(op_type, input.shape, 4).as_list()
    shape_fns.with_rank(op_type, offsets.shape, 2)
    value = static_value(size)
    height, width = (None, None) if value is None else (int(value[0]), int(value[1]))
    return input.dtype.base_dtype, TensorShape([batch, height, width, depth])


def _origin(y, x, rows, cols, height, width, centered, normalized, version):
    """The window's top-left pixel (truncated toward zero) for offset (y, x)."""
    if version == 1 or normalized:
        if normalized:
            y, x = y * rows, x * cols
        if centered:
            y, x = y / 2.0 + rows / 2.0, x / 2.0 + cols / 2.0
        if version == 1 or centered:
            y, x = y - height / 2.0, x - width / 2.0
    elif centered:
        y, x = y + rows / 2.0, x + cols / 2.0
    return int(np.float32(y)), int(np.float32(x))


def _span(origin, extent, size):
    """(first output index, first input index, length) of the window's overlap with [0, size) along one axis."""
    if origin < 0:
        length = max(0, extent + origin)
        return extent - length, 0, min(size, length)
    return 0, origin, max(0, min(extent, size - origin, size))


def _glimpses(input, size, offsets, centered, normalized, noise, version):
    if input.ndim != 4:
        raise errors.InvalidArgumentError(None, None, f"input must be 4-dimensional{list(input.shape)}")
    size = np.asarray(size).reshape(-1)
    if size.shape != (2,):
        raise errors.InvalidArgumentError(None, None, "input must be a vector of size 2 (height, width)")
    batch, rows, cols, depth = input.shape
    offsets = np.asarray(offsets, np.float32)
    if offsets.ndim != 2 or offsets.shape[0] != batch or offsets.shape[1] != 2:
        raise errors.InvalidArgumentError(None, None, "input must be a matrix with batch_size rows and 2 columns")
    height, width = int(size[0]), int(size[1])
    out = np.zeros((batch, height, width, depth), np.float32)
    rng = np.random.default_rng()
    for b in range(batch):
        top, left = _origin(float(offsets[b, 0]), float(offsets[b, 1]), rows, cols, height, width, centered,
                            normalized, version)
        out_r, in_r, n_r = _span(top, height, rows)
        out_c, in_c, n_c = _span(left, width, cols)
        if top < 0 or top + height >= rows or left < 0 or left + width >= cols:
            image = input[b]
            if noise == "uniform":
                low = image.min()
                out[b] = low + (rng.random(out[b].shape, np.float32) * (image.max() - low)).astype(np.float32)
            elif noise == "gaussian":
                mean = image.mean(axis=(0, 1))
                sigma = np.sqrt(np.maximum(np.mean(np.square(image), axis=(0, 1)) - np.square(mean), 0))
                out[b] = rng.standard_normal(out[b].shape).astype(np.float32) * sigma + mean
        if n_r > 0 and n_c > 0:
            out[b, out_r:out_r + n_r, out_c:out_c + n_c] = input[b, in_r:in_r + n_r, in_c:in_c + n_c]
    return out


@op("ExtractGlimpse", inputs=("input", "size", "offsets"), attrs=_ATTRS, stateful=True,
    type_attrs={})
class ExtractGlimpse:
    """A window of each image at its offset; out-of-image pixels are noise (V1 offsets)."""

    def infer(input, size, offsets, centered, normalized, uniform_noise, noise):
        return _infer("ExtractGlimpse", input, size, offsets, uniform_noise, noise)

    def kernel(ctx, xp, input, size, offsets, centered, normalized, uniform_noise, noise):
        noise = noise or ("uniform" if uniform_noise else "gaussian")
        return _glimpses(input, size, offsets, centered, normalized, noise, 1)

    grad = NOT_DIFFERENTIABLE


@op("ExtractGlimpseV2", inputs=("input", "size", "offsets"), attrs=_ATTRS, stateful=True, type_attrs={})
class ExtractGlimpseV2:
    """A window of each image at its offset; out-of-image pixels are noise (V2 offsets)."""

    def infer(input, size, offsets, centered, normalized, uniform_noise, noise):
        return _infer("ExtractGlimpseV2", input, size, offsets, uniform_noise, noise)

    def kernel(ctx, xp, input, size, offsets, centered, normalized, uniform_noise, noise):
        noise = noise or ("uniform" if uniform_noise else "gaussian")
        return _glimpses(input, size, offsets, centered, normalized, noise, 2)

    grad = NOT_DIFFERENTIABLE


@tf_export("image.extract_glimpse")
def extract_glimpse(input, size, offsets, centered=True, normalized=True, uniform_noise=True, name=None) -> Tensor:
    """TF1's extract_glimpse: the ExtractGlimpse op (its `noise` attr stays "uniform", as TF 2.x builds it)."""
    with get_default_graph().name_scope(name or "ExtractGlimpse") as scope:
        return ExtractGlimpse(convert_to_tensor(input, name="input"), convert_to_tensor(size, dtypes.int32,
                                                                                         name="size"),
                              convert_to_tensor(offsets, dtypes.float32, name="offsets"), centered=bool(centered),
                              normalized=bool(normalized), uniform_noise=bool(uniform_noise), noise="uniform",
                              name=scope)


def extract_glimpse_v2(input, size, offsets, centered=True, normalized=True, noise="uniform", name=None) -> Tensor:
    """TF 2.x's extract_glimpse: the ExtractGlimpseV2 op with `noise` 'uniform', 'gaussian' or 'zero'."""
    with get_default_graph().name_scope(name or "ExtractGlimpseV2") as scope:
        return ExtractGlimpseV2(convert_to_tensor(input, name="input"), convert_to_tensor(size, dtypes.int32,
                                                                                           name="size"),
                                convert_to_tensor(offsets, dtypes.float32, name="offsets"), centered=bool(centered),
                                normalized=bool(normalized), uniform_noise=False, noise=noise, name=scope)
