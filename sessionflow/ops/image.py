"""Image resizing ops on NHWC batches: ResizeBilinear, ResizeNearestNeighbor, ResizeBicubic, ResizeArea and
the gradient ops, with the public `tf.image.resize` / `resize_images` / `resize_bilinear` /
`resize_nearest_neighbor` / `resize_bicubic` / `resize_area` and `tf.image.ResizeMethod`.

Each resize samples along height and along width separately. Forward kernels gather each output's input
taps per axis (TF's sampling rules and tabulated coefficients) and combine them in float32 in the order
TF's kernels do, so values match TF's bit for bit; gradient ops apply the transposed per-axis [out, in]
weight matrices.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import export_value, tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape, dimension_value
from ..framework.tensor_util import constant_value_as_shape
from . import math as math_ops
from .common import check_dtype, shape_str
from .constant import convert_to_tensor

# The image dtypes of TF's resize op definitions, in their listing order (ResizeBilinear's list really
# names bfloat16 twice).
_IMAGE_TYPES = (dtypes.int8, dtypes.uint8, dtypes.int16, dtypes.uint16, dtypes.int32, dtypes.int64,
                dtypes.float16, dtypes.float32, dtypes.float64, dtypes.bfloat16)
_BILINEAR_TYPES = _IMAGE_TYPES[:6] + (dtypes.bfloat16,) + _IMAGE_TYPES[6:]
_TABLE_SIZE = 1024  # TF tabulates the cubic kernel at 1/1024 steps


def _scale(in_size: int, out_size: int, align_corners: bool) -> np.float32:
    """Input pixels per output pixel. With align_corners the corner centres map onto each other, except on
    a one-pixel axis, which keeps in/out (what TF 2.21 computes; (1 - 1) / (out - 1) would be 0)."""
    if align_corners and out_size > 1 and in_size > 1:
        return np.float32(in_size - 1) / np.float32(out_size - 1)
    return np.float32(in_size) / np.float32(out_size)


def _source(out_size: int, scale: np.float32, half_pixel_centers: bool) -> np.ndarray:
    """The (float32) input coordinate each output position samples: TF's half-pixel or legacy scaler."""
    i = np.arange(out_size, dtype=np.float32)
    return (i + np.float32(0.5)) * scale - np.float32(0.5) if half_pixel_centers else i * scale


def _bilinear_taps(in_size, out_size, align_corners, half_pixel_centers):
    """TF's bilinear sampling along one axis: each output's lower and upper input index and the (float32)
    fraction of the way from lower to upper."""
    src = _source(out_size, _scale(in_size, out_size, align_corners), half_pixel_centers)
    floor = np.floor(src)
    lower = np.maximum(floor, 0).astype(np.int64)
    upper = np.minimum(np.ceil(src), in_size - 1).astype(np.int64)
    return lower, upper, (src - floor).astype(np.float32)


def _bilinear_weights(in_size, out_size, align_corners, half_pixel_centers) -> np.ndarray:
    """[out, in] float64 weights of TF's bilinear interpolation along one axis."""
    lower, upper, lerp = _bilinear_taps(in_size, out_size, align_corners, half_pixel_centers)
    return _tap_matrix(np.stack([lower, upper], axis=1), np.stack([1 - lerp, lerp], axis=1), in_size)


def _nearest_source(in_size, out_size, align_corners, half_pixel_centers) -> np.ndarray:
    """For each output position along one axis, the nearest input position (TF's rule)."""
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=np.float32)
    src = (i + np.float32(0.5)) * scale if half_pixel_centers else i * scale
    src = np.sign(src) * np.floor(np.abs(src) + np.float32(0.5)) if align_corners else np.floor(src)
    src = np.minimum(src.astype(np.int64), in_size - 1)
    return np.maximum(src, 0) if half_pixel_centers else src


def _cubic_table(step: np.ndarray, a: float) -> tuple[np.ndarray, np.ndarray]:
    """TF's tabulated cubic-convolution coefficients at distance step/1024 (`near`, the tap at distance
    t in [0, 1]) and at 1 + step/1024 (`far`), computed in double and stored as float32."""
    t = (step / _TABLE_SIZE).astype(np.float32)
    near = ((a + 2) * t.astype(np.float64) - (a + 3)) * t * t + 1
    t1 = (t + np.float32(1)).astype(np.float64)
    far = ((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a
    return near.astype(np.float32), far.astype(np.float32)


def _bicubic_taps(in_size, out_size, align_corners, half_pixel_centers) -> tuple[np.ndarray, np.ndarray]:
    """TF's bicubic sampling along one axis: for each output, four input indices and float32 weights.

    Output i reads the inputs floor(x)-1 .. floor(x)+2 around its source coordinate x, with the
    coefficients of the row nearest to frac(x) in TF's 1024-step table. Legacy mode (a = -0.75) clamps
    out-of-range taps to the border pixel; half-pixel mode (Keys, a = -0.5) drops them and renormalises
    the remaining weights to sum to one."""
    src = _source(out_size, _scale(in_size, out_size, align_corners), half_pixel_centers)
    base = np.floor(src)
    step = np.rint((src - base) * np.float32(_TABLE_SIZE)).astype(np.int64)
    a = -0.5 if half_pixel_centers else -0.75
    near_lo, far_lo = _cubic_table(step, a)
    near_hi, far_hi = _cubic_table(_TABLE_SIZE - step, a)
    weights = np.stack([far_lo, near_lo, near_hi, far_hi], axis=1)
    index = base.astype(np.int64)[:, None] + np.arange(-1, 3)
    bounded = np.clip(index, 0, in_size - 1)
    if half_pixel_centers:
        weights = np.where(bounded == index, weights, np.float32(0))
        total = ((weights[:, 0] + weights[:, 1]) + weights[:, 2]) + weights[:, 3]
        usable = np.abs(total) >= np.float32(1000) * np.finfo(np.float32).tiny
        weights = weights * (np.float32(1) / np.where(usable, total, np.float32(1)))[:, None]
    return bounded, weights


def _area_taps(in_size, out_size, align_corners) -> tuple[np.ndarray, np.ndarray, np.float32]:
    """TF's area sampling along one axis: for each output, the input cells it covers (padded to a common
    count with zero weights) with the length of each overlap, and the axis scale (in per out).

    Output i covers the input span [i * scale, (i + 1) * scale); cells past the border read the border
    pixel."""
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size)
    lo = i.astype(np.float32) * scale
    hi = (i + 1).astype(np.float32) * scale
    start, end = np.floor(lo).astype(np.int64), np.ceil(hi).astype(np.int64)
    cell = start[:, None] + np.arange(max(int(np.max(end - start)), 1))
    c, lo, hi = cell.astype(np.float32), lo[:, None], hi[:, None]
    overlap = np.where(c < lo, np.where(c + 1 > hi, scale, c + 1 - lo), np.where(c + 1 > hi, hi - c, np.float32(1)))
    weights = np.where(cell < end[:, None], overlap, np.float32(0)).astype(np.float32)
    return np.clip(cell, 0, in_size - 1), weights, scale


def _weighted_sum(values, weights, axis: int):
    """sum_k values[..., k, :] * weights[o, k] over the tap axis (-2), where `axis` of `values` is the output
    axis o; accumulated in tap order in float32, as TF's kernels do."""
    shape = weights.shape[:1] + (1,) * (values.ndim - axis - 2)
    total = values[..., 0, :] * weights[:, 0].reshape(shape)
    for k in range(1, weights.shape[1]):
        total = total + values[..., k, :] * weights[:, k].reshape(shape)
    return total


def _tap_matrix(index, weights, in_size) -> np.ndarray:
    """The [out, in] float64 matrix of per-output taps (repeated indices add up)."""
    w = np.zeros((index.shape[0], in_size))
    np.add.at(w, (np.broadcast_to(np.arange(index.shape[0])[:, None], index.shape), index), weights)
    return w


def _apply_transposed(xp, wy, grads, wx):
    """The gradient of a separable resize: `grads` [b, i, j, c] mapped back through the transposed [i, y] and
    [j, x] weights to [b, y, x, c] (one axis at a time)."""
    rows = xp.tensordot(wy, grads, axes=([0], [1]))  # [y, b, j, c]
    return xp.transpose(xp.tensordot(rows, wx, axes=([2], [0])), (1, 0, 3, 2))


def _size_dims(size: Tensor) -> list:
    """The requested [height, width] as far as it is known while building the graph (None where unknown or
    negative); a stacked size is read entry by entry, as TF's shape inference does."""
    value = static_value(size)
    if value is not None:
        entries = [int(v) for v in np.asarray(value).reshape(-1)]
    elif size.op.type == "Pack" and size.op.attrs.get("axis") == 0:
        parts = [static_value(p) for p in size.op.inputs]
        entries = [None if v is None or np.ndim(v) else int(v) for v in parts]
    else:
        entries = [None, None]
    return [None if d is None or d < 0 else d for d in entries] + [None] * (2 - len(entries))


def _resize_infer(op_type, allowed, out_dtype=None):
    """TF's shape function shared by the resize ops: rank-4 images, a 2-vector size; `out_dtype` None keeps
    the images' dtype."""

    def infer(images, size, align_corners, half_pixel_centers=False):
        check_dtype(op_type, "images", images, allowed)
        shapes = f"{shape_str(images.shape)}, {shape_str(size.shape)}"
        if images.shape.ndims not in (None, 4):
            raise ValueError(f"Shape must be rank 4 but is rank {images.shape.ndims} for '{op_type}' with input "
                             f"shapes: {shapes}.")
        if size.shape.ndims not in (None, 1):
            raise ValueError(f"Shape must be rank 1 but is rank {size.shape.ndims} for '{op_type}' with input "
                             f"shapes: {shapes}.")
        if size.shape.ndims == 1 and size.shape.as_tuple()[0] not in (None, 2):
            raise ValueError(f"Dimension must be 2 but is {size.shape.as_tuple()[0]} for '{op_type}' with input "
                             f"shapes: {shapes}.")
        dims = images.shape.as_tuple() or (None,) * 4
        height, width = _size_dims(size)
        return out_dtype or images.dtype.base_dtype, [dims[0], height, width, dims[3]]

    return infer


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _debug(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _output_size(images, size, align_corners, half_pixel_centers=False) -> tuple[int, int]:
    """TF's run-time checks of a resize (ImageResizerState); returns the output (height, width)."""
    if half_pixel_centers and align_corners:
        raise _invalid("If half_pixel_centers is True, align_corners must be False.")
    if images.ndim != 4:
        raise _invalid(f"input must be 4-dimensional{_debug(images.shape)}")
    if images.shape[3] <= 0:
        raise _invalid("image must have at least one channel")
    if images.shape[1] <= 0 or images.shape[2] <= 0:
        raise _invalid("input image must be of non-zero size")
    if size.ndim != 1:
        raise _invalid(f"shape_t must be 1-dimensional{_debug(size.shape)}")
    if size.size != 2:
        raise _invalid(f"shape_t must have two elements{_debug(size.shape)}")
    height, width = int(size[0]), int(size[1])
    if height <= 0 or width <= 0:
        raise _invalid("output dimensions must be positive")
    return height, width


def _check_gradient_inputs(grads, original_image, align_corners, half_pixel_centers) -> None:
    """TF's run-time checks of a resize gradient (ImageResizerGradientState)."""
    if half_pixel_centers and align_corners:
        raise _invalid("If half_pixel_centers is True, align_corners must be False.")
    if grads.ndim != 4:
        raise _invalid(f"input_grad must be 4-dimensional{_debug(grads.shape)}")
    if grads.shape[1] <= 0 or grads.shape[2] <= 0:
        raise _invalid("resized dimensions must be positive")
    if original_image.ndim != 4:
        raise _invalid(f"original_image must be 4-dimensional{_debug(original_image.shape)}")
    if original_image.shape[1] <= 0 or original_image.shape[2] <= 0:
        raise _invalid("original dimensions must be positive")


def _no_registered_gradient(op_, *grads):
    """TF registers no gradient for this op type: differentiating through it is a LookupError."""
    raise LookupError(f"No gradient defined for operation '{op_.name}' (op type: {op_.type}). In general every "
                      "operation must have an associated `@tf.RegisterGradient` for correct autodiff.")


_SAMPLES = [((np.arange(24.0).reshape(2, 3, 2, 2), np.array([5, 3], np.int32)), {}),
            ((np.arange(12.0).reshape(1, 3, 4, 1), np.array([2, 2], np.int32)), dict(half_pixel_centers=True)),
            ((np.arange(8, dtype=np.int32).reshape(1, 2, 4, 1), np.array([3, 1], np.int32)),
             dict(align_corners=True))]


@op("ResizeBilinear", inputs=("images", "size"), attrs=dict(align_corners=False, half_pixel_centers=False))
class ResizeBilinear:
    """Bilinear resize of NHWC `images` to `size` = [height, width]; the output is float32."""

    infer = _resize_infer("ResizeBilinear", _BILINEAR_TYPES, dtypes.float32)

    def kernel(xp, images, size, align_corners, half_pixel_centers):
        h, w = _output_size(images, size, align_corners, half_pixel_centers)
        images = images.astype(xp.float32)
        if (h, w) == images.shape[1:3]:
            return images
        top_y, bottom_y, y_lerp = _bilinear_taps(images.shape[1], h, align_corners, half_pixel_centers)
        left_x, right_x, x_lerp = _bilinear_taps(images.shape[2], w, align_corners, half_pixel_centers)
        top_rows, bottom_rows = images[:, top_y], images[:, bottom_y]
        top = top_rows[:, :, left_x] + (top_rows[:, :, right_x] - top_rows[:, :, left_x]) * x_lerp[:, None]
        bottom = bottom_rows[:, :, left_x] + (bottom_rows[:, :, right_x] - bottom_rows[:, :, left_x]) * x_lerp[:, None]
        return top + (bottom - top) * y_lerp[:, None, None]

    def grad(op_, g):
        images = op_.inputs[0]
        grad = ResizeBilinearGrad(g, images if images.dtype.base_dtype.is_floating else
                                  math_ops.cast(images, dtypes.float32), **op_.attrs)
        return (grad if images.dtype.base_dtype.is_floating else None), None

    samples = _SAMPLES


@op("ResizeBilinearGrad", inputs=("grads", "original_image"), attrs=dict(align_corners=False,
                                                                          half_pixel_centers=False),
    type_attrs=dict(T="original_image"))
class ResizeBilinearGrad:
    """The gradient of ResizeBilinear with respect to its (float) images."""

    def infer(grads, original_image, align_corners, half_pixel_centers):
        return original_image.dtype.base_dtype, original_image.shape

    def kernel(xp, grads, original_image, align_corners, half_pixel_centers):
        _check_gradient_inputs(grads, original_image, align_corners, half_pixel_centers)
        _, in_h, in_w, _ = original_image.shape
        wy = _bilinear_weights(in_h, grads.shape[1], align_corners, half_pixel_centers)
        wx = _bilinear_weights(in_w, grads.shape[2], align_corners, half_pixel_centers)
        return _apply_transposed(xp, wy, grads.astype(xp.float64), wx).astype(original_image.dtype)

    grad = NOT_DIFFERENTIABLE  # as TF declares it

    samples = [((np.ones((1, 2, 3, 1), np.float32), np.zeros((1, 3, 4, 1), np.float32)), {})]


def _static_hw(images):
    from .array import shape

    return shape(images)[1:3]


@op("ResizeNearestNeighbor", inputs=("images", "size"), attrs=dict(align_corners=False, half_pixel_centers=False))
class ResizeNearestNeighbor:
    """Nearest-neighbour resize of NHWC `images` to `size`; the dtype is kept."""

    infer = _resize_infer("ResizeNearestNeighbor", _IMAGE_TYPES)

    def kernel(xp, images, size, align_corners, half_pixel_centers):
        h, w = _output_size(images, size, align_corners, half_pixel_centers)
        sy = _nearest_source(images.shape[1], h, align_corners, half_pixel_centers)
        sx = _nearest_source(images.shape[2], w, align_corners, half_pixel_centers)
        return xp.take(xp.take(images, sy, axis=1), sx, axis=2)

    def grad(op_, g):
        return ResizeNearestNeighborGrad(g, _static_hw(op_.inputs[0]), **op_.attrs), None

    samples = _SAMPLES


@op("ResizeNearestNeighborGrad", inputs=("grads", "size"), attrs=dict(align_corners=False, half_pixel_centers=False))
class ResizeNearestNeighborGrad:
    """The gradient of ResizeNearestNeighbor: each output gradient is added to its source pixel."""

    def infer(grads, size, align_corners, half_pixel_centers):
        dims = grads.shape.as_tuple() or (None,) * 4
        return grads.dtype.base_dtype, TensorShape([dims[0], *_size_dims(size), dims[3]])

    def kernel(xp, grads, size, align_corners, half_pixel_centers):
        in_h, in_w = int(size[0]), int(size[1])
        sy = _nearest_source(in_h, grads.shape[1], align_corners, half_pixel_centers)
        sx = _nearest_source(in_w, grads.shape[2], align_corners, half_pixel_centers)
        wy = (sy[:, None] == np.arange(in_h)[None, :]).astype(grads.dtype)
        wx = (sx[:, None] == np.arange(in_w)[None, :]).astype(grads.dtype)
        return _apply_transposed(xp, wy, grads, wx).astype(grads.dtype)

    grad = _no_registered_gradient

    # No float64 sample: the finite-difference check would differentiate it.
    samples = [((np.arange(30, dtype=np.float32).reshape(1, 5, 3, 2), np.array([3, 2], np.int32)), {})]


@op("ResizeBicubic", inputs=("images", "size"), attrs=dict(align_corners=False, half_pixel_centers=False))
class ResizeBicubic:
    """Bicubic resize of NHWC `images` to `size` (TF's cubic kernel: a = -0.75, or Keys' a = -0.5 with
    half-pixel centers); the output is float32."""

    infer = _resize_infer("ResizeBicubic", _IMAGE_TYPES, dtypes.float32)

    def kernel(xp, images, size, align_corners, half_pixel_centers):
        h, w = _output_size(images, size, align_corners, half_pixel_centers)
        iy, wy = _bicubic_taps(images.shape[1], h, align_corners, half_pixel_centers)
        ix, wx = _bicubic_taps(images.shape[2], w, align_corners, half_pixel_centers)
        columns = _weighted_sum(xp.moveaxis(images.astype(xp.float32)[:, iy], 2, 3), wy, 1)  # [b, h, in_w, c]
        return _weighted_sum(columns[:, :, ix], wx, 2)

    def grad(op_, g):
        images = op_.inputs[0]
        if images.dtype.base_dtype not in (dtypes.float32, dtypes.float64):
            return None, None
        return ResizeBicubicGrad(g, images, **op_.attrs), None

    samples = _SAMPLES + [((np.arange(30.0).reshape(1, 5, 6, 1), np.array([3, 4], np.int32)),
                           dict(half_pixel_centers=True))]


@op("ResizeBicubicGrad", inputs=("grads", "original_image"), attrs=dict(align_corners=False,
                                                                         half_pixel_centers=False),
    type_attrs=dict(T="original_image"))
class ResizeBicubicGrad:
    """The gradient of ResizeBicubic with respect to its float32/float64 images (`grads` is float32)."""

    def infer(grads, original_image, align_corners, half_pixel_centers):
        if grads.dtype.base_dtype is not dtypes.float32:
            raise TypeError(f"Input 'grads' of 'ResizeBicubicGrad' Op has type {grads.dtype.base_dtype.name} that "
                            "does not match expected type of float32.")
        check_dtype("ResizeBicubicGrad", "original_image", original_image, (dtypes.float32, dtypes.float64))
        return original_image.dtype.base_dtype, original_image.shape

    def kernel(xp, grads, original_image, align_corners, half_pixel_centers):
        _check_gradient_inputs(grads, original_image, align_corners, half_pixel_centers)
        _, in_h, in_w, _ = original_image.shape
        wy = _tap_matrix(*_bicubic_taps(in_h, grads.shape[1], align_corners, half_pixel_centers), in_h)
        wx = _tap_matrix(*_bicubic_taps(in_w, grads.shape[2], align_corners, half_pixel_centers), in_w)
        return _apply_transposed(xp, wy, grads.astype(xp.float64), wx).astype(original_image.dtype)

    grad = _no_registered_gradient

    samples = [((np.ones((1, 2, 3, 1), np.float32), np.zeros((1, 3, 4, 1), np.float32)), {}),
               ((np.arange(12, dtype=np.float32).reshape(1, 4, 3, 1), np.zeros((1, 2, 5, 1), np.float32)),
                dict(half_pixel_centers=True))]


@op("ResizeArea", inputs=("images", "size"), attrs=dict(align_corners=False))
class ResizeArea:
    """Area resize of NHWC `images` to `size`: each output pixel averages the input area it covers; the
    output is float32. TF registers no gradient for it."""

    infer = _resize_infer("ResizeArea", _IMAGE_TYPES, dtypes.float32)

    def kernel(xp, images, size, align_corners):
        h, w = _output_size(images, size, align_corners)
        iy, wy, height_scale = _area_taps(images.shape[1], h, align_corners)
        ix, wx, width_scale = _area_taps(images.shape[2], w, align_corners)
        rows = _weighted_sum(images.astype(xp.float32)[:, :, ix], wx, 2)  # [b, in_h, w, c]
        total = _weighted_sum(xp.moveaxis(rows[:, iy], 2, 3), wy, 1)
        return total * np.float32(1.0 / np.float64(height_scale * width_scale))

    grad = _no_registered_gradient

    # No float64 sample: the finite-difference check would differentiate it.
    samples = [((np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2), np.array([5, 3], np.int32)), {}),
               ((np.arange(30, dtype=np.uint8).reshape(1, 5, 6, 1), np.array([2, 4], np.int32)), {}),
               ((np.arange(12, dtype=np.int32).reshape(1, 3, 4, 1), np.array([2, 3], np.int32)),
                dict(align_corners=True))]


# --- public wrappers -------------------------------------------------------------------------

class ResizeMethod:
    """TF1's `tf.image.ResizeMethod` (v1 integer values)."""

    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


export_value(["image.ResizeMethod"], ResizeMethod)

# method (v1 integer or v2 string, compared with == as TF does) -> the op resize_images builds
_METHOD_OPS = ((ResizeMethod.BILINEAR, "bilinear", ResizeBilinear),
               (ResizeMethod.NEAREST_NEIGHBOR, "nearest", ResizeNearestNeighbor),
               (ResizeMethod.BICUBIC, "bicubic", ResizeBicubic),
               (ResizeMethod.AREA, "area", ResizeArea))


def _raw(opdef, default_name, images, size, name, **attrs):
    with get_default_graph().name_scope(name or default_name) as scope:
        images = convert_to_tensor(images, name="images")
        size = convert_to_tensor(size, name="size", dtype=dtypes.int32)
        return opdef(images, size, name=scope, **attrs)


@tf_export("image.resize_bilinear")
def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False) -> Tensor:
    return _raw(ResizeBilinear, "ResizeBilinear", images, size, name, align_corners=align_corners,
                half_pixel_centers=half_pixel_centers)


@tf_export("image.resize_nearest_neighbor")
def resize_nearest_neighbor(images, size, align_corners=False, name=None, half_pixel_centers=False) -> Tensor:
    return _raw(ResizeNearestNeighbor, "ResizeNearestNeighbor", images, size, name, align_corners=align_corners,
                half_pixel_centers=half_pixel_centers)


@tf_export("image.resize_bicubic")
def resize_bicubic(images, size, align_corners=False, name=None, half_pixel_centers=False) -> Tensor:
    return _raw(ResizeBicubic, "ResizeBicubic", images, size, name, align_corners=align_corners,
                half_pixel_centers=half_pixel_centers)


@tf_export("image.resize_area")
def resize_area(images, size, align_corners=False, name=None) -> Tensor:
    return _raw(ResizeArea, "ResizeArea", images, size, name, align_corners=align_corners)


def image_dimensions(image: Tensor, rank: int) -> list:
    """Each dimension of `image` as a Python int when statically known, else a scalar tensor (TF's
    `_ImageDimensions`: all static when the whole shape is, otherwise unstacked from its dynamic shape)."""
    from .array import shape
    from .array_transform import unstack

    if image.shape.is_fully_defined():
        return list(image.shape.as_tuple())
    static = image.shape.with_rank(rank).as_tuple()
    dynamic = unstack(shape(image), rank)
    return [s if s is not None else d for s, d in zip(static, dynamic)]


def _aspect_preserving_size(images: Tensor, size: Tensor) -> Tensor:
    """The largest size within `size` with the aspect ratio of `images` (TF's graph: scale by the smaller
    of the two ratios, round half to even)."""
    _, height, width, _ = image_dimensions(images, 4)
    as_float = [math_ops.cast(v, dtypes.float32) for v in (size[0], size[1], height, width)]
    factor = math_ops.minimum(as_float[0] / as_float[2], as_float[1] / as_float[3])
    scaled = [math_ops.cast(math_ops.round(factor * math_ops.cast(d, dtypes.float32)), dtypes.int32)
              for d in (height, width)]
    return convert_to_tensor(scaled, dtype=dtypes.int32, name="size")


@tf_export("image.resize_images", "image.resize")
def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False, preserve_aspect_ratio=False,
                  name=None) -> Tensor:
    """TF1 `tf.image.resize` / `resize_images`: 3-D or 4-D NHWC images, resized by `method` without
    half-pixel centers. The output is float32, except with NEAREST_NEIGHBOR (dtype kept) and when the size
    is statically the images' own: then the images are returned as they are, whatever the method."""
    from .array import expand_dims
    from .array_transform import squeeze

    with get_default_graph().name_scope(name or "resize"):
        images = convert_to_tensor(images, name="images")
        if images.shape.ndims is None:
            raise ValueError("'images' contains no shape.")
        is_batch = images.shape.ndims == 4
        if images.shape.ndims == 3:
            images = expand_dims(images, 0)
        elif not is_batch:
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        _, height, width, _ = images.shape.as_tuple()
        try:
            size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
        except (TypeError, ValueError):
            raise ValueError("'size' must be a 1-D int32 Tensor") from None
        if not size.shape.is_compatible_with([2]):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
        if preserve_aspect_ratio:
            # TF reads the computed size with `constant_value`, which does not see through Round: it never
            # skips the resize nor sets a static size here (the op's own shape inference still may).
            size = _aspect_preserving_size(images, size)
            new_height = new_width = None
        else:
            # As TF, what the size is known to be here is what tensor_util.constant_value_as_shape reads: a
            # slice of the images' own shape is, a stack of its entries is not (the op's shape function
            # may still know it).
            new_height, new_width = (dimension_value(d) for d in constant_value_as_shape(size)[:2])
        if None not in (height, width, new_height, new_width) and (height, width) == (new_height, new_width):
            return images if is_batch else squeeze(images, axis=[0])
        opdef = next((d for code, text, d in _METHOD_OPS if method == code or method == text), None)
        if opdef is None:
            raise ValueError(f"Resize method is not implemented: {method}")
        attrs = dict(align_corners=align_corners)
        if opdef is not ResizeArea:
            attrs["half_pixel_centers"] = False
        out = opdef(images, size, **attrs)
        out.set_shape([None, new_height, new_width, None])
        return out if is_batch else squeeze(out, axis=[0])


__all__ = ["ResizeMethod", "image_dimensions", "resize_area", "resize_bicubic", "resize_bilinear",
           "resize_images", "resize_nearest_neighbor"]
