"""Colour ops of `tf.image` as TF's op types (AdjustContrastv2, AdjustSaturation, AdjustHue, RGBToHSV, HSVToRGB)
and the TF1 functions TF builds from them and from plain ops: convert_image_dtype, adjust_brightness /
contrast / saturation / hue / gamma, rgb_to_grayscale, grayscale_to_rgb, per_image_standardization, the
YIQ/YUV conversions, and the seeded random_flip_left_right / up_down, random_crop, random_brightness /
contrast / saturation / hue.

Kernels follow TF's CPU kernels operation by operation in float32 (the contrast mean is summed by TF's
halving folds; HSV uses each kernel's own formulas), so results match TF's bit for bit. The random
functions build the same random ops with the same seeds as TF, so a seeded program draws TF's numbers.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from . import math as math_ops
from .common import check_dtype, traced_jax
from .constant import convert_to_tensor
from .image import _no_registered_gradient

_F32 = np.float32


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _rgb_infer(op_type: str, allowed=(dtypes.float16, dtypes.float32, dtypes.float64, dtypes.bfloat16)):
    def infer(images, *scalars):
        check_dtype(op_type, "images", images, allowed)
        if images.shape.ndims is not None and images.shape.ndims < 3:
            raise ValueError(f"Shape must be at least rank 3 but is rank {images.shape.ndims} for '{op_type}'")
        depth = images.shape.as_tuple()[-1] if images.shape.ndims else None
        if depth not in (None, 3):
            raise ValueError(f"Dimension must be 3 but is {depth} for '{op_type}'")
        return images.dtype.base_dtype, images.shape

    return infer


def _check_rgb(images: np.ndarray, scalar=None, scalar_name: str = "") -> None:
    if images.ndim < 3:
        raise _invalid(f"input must be at least 3-D, got shape{list(images.shape)}".replace(" ", ""))
    if images.shape[-1] != 3:
        raise _invalid(f"input must have 3 channels but instead has {images.shape[-1]} channels.")
    if scalar is not None and np.ndim(scalar) != 0:
        raise _invalid(f"{scalar_name} must be scalar: {list(np.shape(scalar))}".replace(" ", ""))


def _rgb_to_hsv_grad(op_, grad):
    """TF's gradient of RGBToHSV, term by term as TF builds it (a piecewise formula TF defines; at points
    where it differs from the true derivative, TF's value is the specification)."""
    from .array import stack

    rgb = op_.inputs[0]
    kind = rgb.dtype.base_dtype
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    saturation, value = op_.outputs[0][..., 1], op_.outputs[0][..., 2]

    def flag(x):
        return math_ops.cast(x, kind)

    def inverse(x):
        return math_ops.div_no_nan(math_ops.cast(1.0, kind), x)

    r_max, g_max, b_max = flag((r >= b) & (r >= g)), flag((g > r) & (g >= b)), flag((b > r) & (b > g))
    r_min, g_min, b_min = flag((r < b) & (r < g)), flag((g <= r) & (g < b)), flag((b <= r) & (b <= g))
    square = math_ops.square

    def d_saturation(x, x_max, x_min, others):
        (y, y_max, y_min), (z, z_max, z_min) = others
        return flag(x > 0) * math_ops.add(x_max * math_ops.add(y_min * y, z_min * z) * inverse(square(x)),
                                          x_min * -1 * inverse((y_max * y) + (z_max * z)))

    ds = [d_saturation(r, r_max, r_min, ((g, g_max, g_min), (b, b_max, b_min))),
          d_saturation(g, g_max, g_min, ((r, r_max, r_min), (b, b_max, b_min))),
          d_saturation(b, b_max, b_min, ((g, g_max, g_min), (r, r_max, r_min)))]
    sv = inverse(square(saturation)) * inverse(square(value))
    dh_dr = (60 * (flag(r > 0) * r_max * -1 * (g - b) * sv)
             + 60 * (flag(g > 0) * g_max * r_min * (b - g) * inverse(square(r - g)))
             + 60 * (flag(g > 0) * g_max * b_min * -1 * inverse(g - b))
             + 60 * (flag(b > 0) * b_max * r_min * (b - g) * inverse(square(b - r)))
             + 60 * (flag(b > 0) * b_max * g_min * inverse(b - g))) / 360
    dh_dg = (60 * (flag(g > 0) * g_max * -1 * (b - r) * sv)
             + 60 * (flag(r > 0) * r_max * g_min * (r - b) * inverse(square(r - g)))
             + 60 * (flag(r > 0) * r_max * b_min * inverse(r - b))
             + 60 * (flag(b > 0) * b_max * g_min * (r - b) * inverse(square(b - g)))
             + 60 * (flag(b > 0) * b_max * r_min * -1 * inverse(b - r))) / 360
    dh_db = (60 * (flag(b > 0) * b_max * -1 * (r - g) * sv)
             + 60 * (flag(r > 0) * r_max * b_min * (g - r) * inverse(square(r - b)))
             + 60 * (flag(r > 0) * r_max * g_min * -1 * inverse(r - g))
             + 60 * (flag(g > 0) * g_max * b_min * (g - r) * inverse(square(g - b)))
             + 60 * (flag(g > 0) * g_max * r_min * inverse(g - r))) / 360
    dv = stack([grad[..., 2] * r_max, grad[..., 2] * g_max, grad[..., 2] * b_max], axis=-1)
    dsat = stack([grad[..., 1] * ds[0], grad[..., 1] * ds[1], grad[..., 1] * ds[2]], axis=-1)
    dhue = stack([grad[..., 0] * dh_dr, grad[..., 0] * dh_dg, grad[..., 0] * dh_db], axis=-1)
    return math_ops.add(math_ops.add(dv, dsat), dhue)


# --- contrast -------------------------------------------------------------------------------------------
#
# The kernels run on NumPy (xp is numpy) and traced (xp is jax.numpy, runtime/backends/xla.py): every step is a
# whole-array expression (`xp.where` / `xp.select`, no in-place writes), in the same float32 order either way.

def _f32(xp, value):
    """A scalar input as float32: a NumPy scalar on NumPy, a traced 0-d array under tracing."""
    return _F32(value) if xp is np else xp.asarray(value).astype(_F32)


def _folded_sum(xp, plane):
    """sum over axis 1 of [batch, pixels, channels] as TF's AdjustContrastv2 adds: the second half of the
    pixels onto the first (the odd middle pixel stays), until one pixel is left."""
    remaining = plane.shape[1]
    total = plane
    while remaining > 1:
        right = remaining // 2
        left = remaining - right
        folded = total[:, :right] + total[:, left:left + right]
        total = folded if left == right else xp.concatenate([folded, total[:, right:left]], axis=1)
        remaining = left
    return total[:, 0]


@op("AdjustContrastv2", inputs=("images", "contrast_factor"), type_attrs=dict(T="images"))
class AdjustContrastv2:
    """(images - mean) * contrast_factor + mean, the mean taken per image and channel."""

    def infer(images, contrast_factor):
        check_dtype("AdjustContrastv2", "images", images, (dtypes.float16, dtypes.float32))
        if images.shape.ndims is not None and images.shape.ndims < 3:
            raise ValueError(f"Shape must be at least rank 3 but is rank {images.shape.ndims} for "
                             "'AdjustContrastv2'")
        return images.dtype.base_dtype, images.shape

    def kernel(xp, images, contrast_factor):
        if images.ndim < 3:
            raise _invalid(f"input must be at least 3-D, got shape{list(images.shape)}".replace(" ", ""))
        if np.ndim(contrast_factor) != 0:
            raise _invalid(f"contrast_factor must be scalar: {list(np.shape(contrast_factor))}".replace(" ", ""))
        height, width, channels = images.shape[-3:]
        if images.size == 0:
            return images
        flat = images.astype(_F32).reshape(-1, height * width, channels)
        mean = _folded_sum(xp, flat) * (_F32(1) / _F32(height * width))
        out = mean[:, None, :] + _f32(xp, contrast_factor) * (flat - mean[:, None, :])
        return out.reshape(images.shape).astype(images.dtype)

    grad = _no_registered_gradient  # TF registers none

    samples = [((np.arange(24.0, dtype=np.float32).reshape(2, 2, 2, 3), np.float32(1.5)), {})]


# --- HSV kernels ----------------------------------------------------------------------------------------

def _channels(images):
    flat = images.astype(_F32).reshape(-1, 3)
    return flat[:, 0], flat[:, 1], flat[:, 2]


@op("AdjustSaturation", inputs=("images", "scale"), type_attrs=dict(T="images"))
class AdjustSaturation:
    """Each pixel's HSV saturation multiplied by `scale` (clipped to [0, 1])."""

    infer = _rgb_infer("AdjustSaturation", (dtypes.float16, dtypes.float32))

    def kernel(xp, images, scale):
        _check_rgb(images, scale, "scale")
        r, g, b = _channels(images)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = xp.maximum(r, xp.maximum(g, b))
            spread = v - xp.minimum(r, xp.minimum(g, b))
            s = xp.where(v > 0, spread / v, _F32(0))
            norm = _F32(1) / (_F32(6) * spread)
            h = xp.where(r == v, norm * (g - b),
                         xp.where(g == v, (norm * (b - r)).astype(np.float64) + 2.0 / 6.0,
                                  (norm * (r - g)).astype(np.float64) + 4.0 / 6.0)).astype(_F32)
        h = xp.where(spread <= 0, _F32(0), h)
        h = xp.where(h < 0, h + _F32(1), h)
        s = xp.minimum(_F32(1), xp.maximum(_F32(0), s * _f32(xp, scale)))
        c = s * v
        m = v - c
        dh = h * _F32(6)
        category = dh.astype(np.int32)
        fmodu = _wrap_down(xp, xp.where(dh <= 0, dh + _F32(2), dh))  # dh is in [0, 6): TF's two while loops
        x = c * (_F32(1) - xp.abs(fmodu - _F32(1)))
        zero = xp.zeros_like(c)
        table = {0: (c, x, zero), 1: (x, c, zero), 2: (zero, c, x), 3: (zero, x, c), 4: (x, zero, c), 5: (c, zero, x)}
        out = []
        for i in range(3):
            channel = zero
            for k, parts in table.items():
                channel = xp.where(category == k, parts[i], channel)
            out.append(channel + m)
        return xp.stack(out, axis=-1).reshape(images.shape).astype(images.dtype)

    grad = _no_registered_gradient  # TF registers none

    samples = [((np.array([[[0.2, 0.5, 0.9], [0.9, 0.1, 0.4]]], np.float32), np.float32(0.5)), {})]


def _wrap_down(xp, fmodu):
    """TF's `while (fmodu >= 2) fmodu -= 2`, one subtraction at a time (h * 6 is below 6, so a few)."""
    for _ in range(4):
        fmodu = xp.where(fmodu >= 2, fmodu - _F32(2), fmodu)
    return fmodu


def _wrap_once(xp, h):
    h = xp.where(h < 0, h + _F32(6), h)
    return xp.where(h >= 6, h - _F32(6), h)


def _repeat(xp, times: int, step, value):
    """`value = step(value)` `times` times; traced, one `lax.fori_loop` (unrolled, XLA fuses the chain of
    selects into every reader of its result and computes it over again: AdjustHue took 20x longer)."""
    jax = traced_jax(xp)
    if jax is None:
        for _ in range(times):
            value = step(value)
        return value
    return jax.lax.fori_loop(0, times, lambda _, v: step(v), value)


@op("AdjustHue", inputs=("images", "delta"), type_attrs=dict(T="images"))
class AdjustHue:
    """Each pixel's hue rotated by `delta` (a fraction of the colour circle)."""

    infer = _rgb_infer("AdjustHue", (dtypes.float16, dtypes.float32))

    def kernel(xp, images, delta):
        _check_rgb(images, delta, "delta")
        r, g, b = _channels(images)
        # TF's rgb_to_hv_range: sort the channels, the category says which is largest and which in the middle.
        r_lt_g, b_lt_r, b_gt_g, b_lt_g, b_gt_r = r < g, b < r, b > g, b < g, b > r
        category = xp.where(r_lt_g, xp.where(b_lt_r, 1, xp.where(b_gt_g, 3, 2)),
                            xp.where(b_lt_g, 0, xp.where(b_gt_r, 4, 5)))
        picks = [category == k for k in range(6)]
        high = xp.select(picks, [r, g, g, b, b, r])
        mid = xp.select(picks, [g, r, b, g, r, b])
        low = xp.select(picks, [b, b, r, r, g, g])
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = (mid - low) / (high - low)
        increase = category % 2 == 0
        h = xp.where(high == low, _F32(0), category.astype(_F32) + xp.where(increase, ratio, _F32(1) - ratio))
        h = _repeat(xp, 8, lambda h: _wrap_once(xp, h), h + _f32(xp, delta) * _F32(6))
        category = h.astype(np.int32)
        ratio = h - category.astype(_F32)
        ratio = xp.where(category % 2 == 0, ratio, _F32(1) - ratio)
        mid = low + ratio * (high - low)
        picks = [category == k for k in range(6)]
        out_r = xp.select(picks, [high, mid, low, low, mid, high], high)
        out_g = xp.select(picks, [mid, high, high, mid, low, low], low)
        out_b = xp.select(picks, [low, low, mid, high, high, mid], mid)
        return xp.stack([out_r, out_g, out_b], axis=-1).reshape(images.shape).astype(images.dtype)

    grad = _no_registered_gradient  # TF registers none

    samples = [((np.array([[[0.2, 0.5, 0.9], [0.9, 0.1, 0.4]]], np.float32), np.float32(0.2)), {})]


@op("RGBToHSV", inputs=("images",))
class RGBToHSV:
    """RGB in [0, 1] to HSV (hue as a fraction of the circle)."""

    infer = _rgb_infer("RGBToHSV")

    def kernel(xp, images):
        _check_rgb(images)
        dtype = images.dtype.type
        flat = images.reshape(-1, 3)
        r, g, b = flat[:, 0], flat[:, 1], flat[:, 2]
        v = xp.max(flat, axis=1)
        spread = v - xp.min(flat, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = xp.where(v > 0, spread / v, dtype(0))
            norm = (dtype(1) / spread) * (dtype(1) / dtype(6))
            h = xp.where(r == v, norm * (g - b), xp.where(g == v, norm * (b - r) + dtype(2) / dtype(6),
                                                          norm * (r - g) + dtype(4) / dtype(6)))
        h = xp.where(spread > 0, h, dtype(0))
        h = xp.where(h < 0, h + dtype(1), h)
        return xp.stack([h, s, v], axis=-1).astype(images.dtype).reshape(images.shape)

    grad = _rgb_to_hsv_grad

    # float32 only: TF's piecewise gradient is not the finite differences of the op everywhere.
    samples = [((np.array([[[0.2, 0.5, 0.9], [0.9, 0.1, 0.4]]], np.float32),), {})]


@op("HSVToRGB", inputs=("images",))
class HSVToRGB:
    """HSV (hue as a fraction of the circle) to RGB in [0, 1]."""

    infer = _rgb_infer("HSVToRGB")

    def kernel(xp, images):
        _check_rgb(images)
        dtype = images.dtype.type
        flat = images.reshape(-1, 3)
        h, s, v = flat[:, 0], flat[:, 1], flat[:, 2]
        dh = h * dtype(6)
        dr = xp.clip(xp.abs(dh - dtype(3)) - dtype(1), dtype(0), dtype(1))
        dg = xp.clip(-xp.abs(dh - dtype(2)) + dtype(2), dtype(0), dtype(1))
        db = xp.clip(-xp.abs(dh - dtype(4)) + dtype(2), dtype(0), dtype(1))
        one_s = -s + dtype(1)
        out = [(one_s + s * d) * v for d in (dr, dg, db)]
        return xp.stack(out, axis=-1).astype(images.dtype).reshape(images.shape)

    grad = NOT_DIFFERENTIABLE

    samples = [((np.array([[[0.2, 0.5, 0.9], [0.9, 0.1, 0.4]]]),), {})]


# --- public functions -----------------------------------------------------------------------------------

def _scope(name, default):
    return get_default_graph().name_scope(name or default)


@tf_export("image.convert_image_dtype")
def convert_image_dtype(image, dtype, saturate=False, name=None) -> Tensor:
    """`image` in `dtype`, rescaled as TF does: integers span [0, MAX], floats [0, 1)."""
    image = convert_to_tensor(image, name="image")
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError("dtype must be either floating point or integer")
    if not image.dtype.is_floating and not image.dtype.is_integer:
        raise AttributeError("image dtype must be either floating point or integer")
    from .array import identity
    from .math_extra import saturate_cast

    if dtype == image.dtype.base_dtype:
        return identity(image, name=name)
    with _scope(name, "convert_image") as name:
        source = image.dtype.base_dtype
        if source.is_integer and dtype.is_integer:
            scale_in, scale_out = source.max, dtype.max
            if scale_in > scale_out:
                scaled = math_ops.floordiv(image, (scale_in + 1) // (scale_out + 1))
                return (saturate_cast(scaled, dtype, name=name) if saturate
                        else math_ops.cast(scaled, dtype, name=name))
            cast = saturate_cast(image, dtype) if saturate else math_ops.cast(image, dtype)
            return math_ops.multiply(cast, (scale_out + 1) // (scale_in + 1), name=name)
        if source.is_floating and dtype.is_floating:
            return math_ops.cast(image, dtype, name=name)
        if source.is_integer:
            return math_ops.multiply(math_ops.cast(image, dtype), 1.0 / source.max, name=name)
        scaled = math_ops.multiply(image, dtype.max + 0.5)
        return saturate_cast(scaled, dtype, name=name) if saturate else math_ops.cast(scaled, dtype, name=name)


def _as_float(image: Tensor) -> Tensor:
    return image if image.dtype.base_dtype in (dtypes.float16, dtypes.float32) else convert_image_dtype(
        image, dtypes.float32)


@tf_export("image.adjust_brightness")
def adjust_brightness(image, delta) -> Tensor:
    """`image` + delta, in the float domain of the image's dtype (saturated back)."""
    with get_default_graph().name_scope("adjust_brightness") as scope:
        image = convert_to_tensor(image, name="image")
        flt = _as_float(image)
        adjusted = math_ops.add(flt, math_ops.cast(delta, flt.dtype), name=scope)
        return convert_image_dtype(adjusted, image.dtype.base_dtype, saturate=True)


@tf_export("image.adjust_contrast")
def adjust_contrast(images, contrast_factor) -> Tensor:
    """(x - mean) * contrast_factor + mean for each channel of each image (AdjustContrastv2)."""
    with get_default_graph().name_scope("adjust_contrast") as scope:
        images = convert_to_tensor(images, name="images")
        flt = _as_float(images)
        factor = convert_to_tensor(contrast_factor, dtype=dtypes.float32, name="contrast_factor")
        adjusted = AdjustContrastv2(flt, factor, name=scope)
        return convert_image_dtype(adjusted, images.dtype.base_dtype, saturate=True)


@tf_export("image.adjust_saturation")
def adjust_saturation(image, saturation_factor, name=None) -> Tensor:
    with _scope(name, "adjust_saturation"):
        image = convert_to_tensor(image, name="image")
        flt = _as_float(image)
        factor = convert_to_tensor(saturation_factor, dtype=dtypes.float32, name="scale")
        return convert_image_dtype(AdjustSaturation(flt, factor), image.dtype.base_dtype)


@tf_export("image.adjust_hue")
def adjust_hue(image, delta, name=None) -> Tensor:
    with _scope(name, "adjust_hue"):
        image = convert_to_tensor(image, name="image")
        flt = _as_float(image)
        delta = convert_to_tensor(delta, dtype=dtypes.float32, name="delta")
        return convert_image_dtype(AdjustHue(flt, delta), image.dtype.base_dtype)


@tf_export("image.adjust_gamma")
def adjust_gamma(image, gamma=1, gain=1) -> Tensor:
    """gain * image ** gamma in the float domain (gamma must not be negative)."""
    from .control_flow import with_dependencies
    from .logging_ops import Assert_

    with get_default_graph().name_scope("adjust_gamma"):
        image = convert_to_tensor(image, name="image")
        flt = _as_float(image)
        if isinstance(gamma, Tensor) or hasattr(gamma, "_as_graph_element"):
            gamma = with_dependencies([Assert_(gamma >= 0, ["Gamma should be a non-negative real number."])],
                                      gamma)
        elif gamma < 0:
            raise ValueError("Gamma should be a non-negative real number.")
        adjusted = gain * flt ** gamma
        return convert_image_dtype(adjusted, image.dtype.base_dtype, saturate=True)


@tf_export("image.rgb_to_grayscale")
def rgb_to_grayscale(images, name=None) -> Tensor:
    """The luma (0.2989 R + 0.587 G + 0.114 B) of each pixel, a last dimension of 1."""
    from .array import expand_dims
    from .einsum import tensordot

    with _scope(name, "rgb_to_grayscale") as scope:
        images = convert_to_tensor(images, name="images")
        flt = convert_image_dtype(images, dtypes.float32)
        gray = expand_dims(tensordot(flt, [0.2989, 0.5870, 0.1140], [-1, -1]), -1)
        return convert_image_dtype(gray, images.dtype.base_dtype, name=scope)


@tf_export("image.grayscale_to_rgb")
def grayscale_to_rgb(images, name=None) -> Tensor:
    """One-channel images with the channel repeated three times."""
    from .array import concat, expand_dims, ones, rank
    from .array_transform import tile

    with _scope(name, "grayscale_to_rgb") as scope:
        images = convert_to_tensor(images, name="images")
        dims = images.shape.as_tuple()
        if dims is not None and (len(dims) < 2 or dims[-1] not in (None, 1)):
            raise ValueError(f"Last dimension of a grayscale image should be size 1. {images.shape}" if len(dims) >= 2
                             else "A grayscale image must be at least two-dimensional.")
        rank_1 = expand_dims(rank(images) - 1, 0)
        multiples = concat([ones(rank_1, dtype=dtypes.int32), expand_dims(3, 0)], 0)
        rgb = tile(images, multiples, name=scope)
        if dims is not None:
            rgb.set_shape(list(dims[:-1]) + [3])
        return rgb


@tf_export("image.rgb_to_hsv")
def rgb_to_hsv(images, name=None) -> Tensor:
    return RGBToHSV(convert_to_tensor(images, name="images"), name=name)


@tf_export("image.hsv_to_rgb")
def hsv_to_rgb(images, name=None) -> Tensor:
    return HSVToRGB(convert_to_tensor(images, name="images"), name=name)


_YIQ = [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617], [0.114, -0.32134392, 0.31119955]]
_YIQ_INV = [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021], [0.6208248, -0.64720424, 1.70423049]]
_YUV = [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512], [0.114, 0.43601035, -0.10001026]]
_YUV_INV = [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]]


def _color_matrix(images, matrix, name, default) -> Tensor:
    from .einsum import tensordot

    with _scope(name, default):
        images = convert_to_tensor(images, name="images")
        kernel = convert_to_tensor(matrix, dtype=images.dtype.base_dtype, name="kernel")
        return tensordot(images, kernel, axes=[[images.shape.ndims - 1], [0]])


@tf_export("image.rgb_to_yiq")
def rgb_to_yiq(images) -> Tensor:
    return _color_matrix(images, _YIQ, None, "rgb_to_yiq")


@tf_export("image.yiq_to_rgb")
def yiq_to_rgb(images) -> Tensor:
    return _color_matrix(images, _YIQ_INV, None, "yiq_to_rgb")


@tf_export("image.rgb_to_yuv")
def rgb_to_yuv(images) -> Tensor:
    return _color_matrix(images, _YUV, None, "rgb_to_yuv")


@tf_export("image.yuv_to_rgb")
def yuv_to_rgb(images) -> Tensor:
    return _color_matrix(images, _YUV_INV, None, "yuv_to_rgb")


@tf_export("image.per_image_standardization")
def per_image_standardization(image) -> Tensor:
    """(image - mean) / max(stddev, 1 / sqrt(pixels)) over each image's height, width and channels."""
    from .array import shape
    from .reduction import reduce_mean, reduce_prod
    from .image_geometry import _assert_at_least_3d
    from .reduction_moments import reduce_std

    with get_default_graph().name_scope("per_image_standardization") as scope:
        image = _assert_at_least_3d(convert_to_tensor(image, name="image"))
        image = math_ops.cast(image, dtypes.float32)
        num_pixels = reduce_prod(shape(image)[-3:])
        mean = reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
        stddev = reduce_std(image, axis=[-1, -2, -3], keepdims=True)
        min_stddev = math_ops.rsqrt(math_ops.cast(num_pixels, dtypes.float32))
        adjusted_stddev = math_ops.maximum(stddev, min_stddev)
        image = image - mean
        return math_ops.divide(image, adjusted_stddev, name=scope)


# --- seeded random augmentations ---------------------------------------------------------------------------

def _uniform(shape, minval, maxval, seed, dtype=dtypes.float32) -> Tensor:
    from .random import random_uniform

    return random_uniform(shape, minval, maxval, dtype=dtype, seed=seed)


def _random_flip(image, axis: int, seed, scope_name: str) -> Tensor:
    from .array import reshape, shape
    from .array_reverse import reverse
    from .functional import cond
    from .image_geometry import _assert_at_least_3d

    with get_default_graph().name_scope(scope_name) as scope:
        image = _assert_at_least_3d(convert_to_tensor(image, name="image"))
        ndims = image.shape.ndims

        def rank3():
            mirror = math_ops.less(_uniform([], 0, 1.0, seed), 0.5)
            result = cond(mirror, lambda: reverse(image, [axis]), lambda: image, name=scope)
            result.set_shape(image.shape if image.shape.ndims is not None else [None] * 3)
            return result

        def rank4():
            batch = shape(image)[0]
            flips = math_ops.round(reshape(_uniform([batch], 0, 1.0, seed), [batch, 1, 1, 1]))
            flips = math_ops.cast(flips, image.dtype.base_dtype)
            flipped = reverse(image, [axis + 1])
            return flips * flipped + (1 - flips) * image

        if ndims == 3:
            return rank3()
        if ndims == 4:
            return rank4()
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")


@tf_export("image.random_flip_left_right")
def random_flip_left_right(image, seed=None) -> Tensor:
    """The image mirrored horizontally with probability 1/2 (each image of a batch on its own draw)."""
    return _random_flip(image, 1, seed, "random_flip_left_right")


@tf_export("image.random_flip_up_down")
def random_flip_up_down(image, seed=None) -> Tensor:
    """The image mirrored vertically with probability 1/2 (each image of a batch on its own draw)."""
    return _random_flip(image, 0, seed, "random_flip_up_down")


@tf_export("image.random_crop", "random_crop")
def random_crop(value, size, seed=None, name=None) -> Tensor:
    """A `size` slice of `value` at a uniformly random offset."""
    from .array import shape
    from .array_transform import slice as slice_op
    from .control_flow import with_dependencies
    from .logging_ops import Assert_
    from .reduction import reduce_all

    with _scope(name, "random_crop") as scope:
        value = convert_to_tensor(value, name="value")
        size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
        dims = shape(value)
        check = Assert_(reduce_all(dims >= size), ["Need value.shape >= size, got ", dims, size], summarize=1000)
        dims = with_dependencies([check], dims)
        limit = dims - size + 1
        offset = _uniform(shape(dims), 0, dtypes.int32.max, seed, dtype=dtypes.int32) % limit
        return slice_op(value, offset, size, name=scope)


@tf_export("image.random_brightness")
def random_brightness(image, max_delta, seed=None) -> Tensor:
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_brightness(image, _uniform([], -max_delta, max_delta, seed))


@tf_export("image.random_contrast")
def random_contrast(image, lower, upper, seed=None) -> Tensor:
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    return adjust_contrast(image, _uniform([], lower, upper, seed))


@tf_export("image.random_saturation")
def random_saturation(image, lower, upper, seed=None) -> Tensor:
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    return adjust_saturation(image, _uniform([], lower, upper, seed))


@tf_export("image.random_hue")
def random_hue(image, max_delta, seed=None) -> Tensor:
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    return adjust_hue(image, _uniform([], -max_delta, max_delta, seed))
