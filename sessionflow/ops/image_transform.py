"""ImageProjectiveTransformV2 / V3 (tf.contrib.image.transform and rotate, tf.raw_ops): each output pixel (x, y)
samples its image at ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1, for the image's
transform [a0, a1, a2, b0, b1, b2, c0, c1], by NEAREST (rounding half away from zero) or BILINEAR interpolation,
in float32 as TF's kernel; pixels outside the image read the fill value (0 for V2, the `fill_value` input for
V3), as does a point where k is 0. Only fill_mode CONSTANT is provided. The gradient for the images is the
transform of the incoming gradient by the inverted transforms, as TF registers it."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from . import shape_fns

_DTYPES = (dtypes.uint8, dtypes.int32, dtypes.int64, dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)


def _infer(op_type, images, transforms, output_shape, interpolation, fill_mode):
    if images.dtype.base_dtype not in _DTYPES:
        raise TypeError(f"Value passed to parameter 'images' has DataType {images.dtype.base_dtype.name} not in list "
                        f"of allowed values: uint8, int32, int64, float16, bfloat16, float32, float64")
    batch, _, _, depth = shape_fns.with_rank(op_type, images.shape, 4).as_list()
    shape_fns.with_rank(op_type, transforms.shape, 2)
    value = static_value(output_shape)
    height, width = (None, None) if value is None else (int(value[0]), int(value[1]))
    return images.dtype.base_dtype, TensorShape([batch, height, width, depth])


def _round_half_away(xp, v):
    return xp.sign(v) * xp.floor(xp.abs(v) + np.float32(0.5))


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def _transform(xp, images, transforms, output_shape, interpolation, fill_mode, fill_value):
    interpolation, fill_mode = _text(interpolation), _text(fill_mode)
    if images.ndim != 4:
        raise errors.InvalidArgumentError(None, None, "Input images must have rank 4")
    if transforms.ndim != 2 or transforms.shape[1] != 8 or transforms.shape[0] not in (1, images.shape[0]):
        raise errors.InvalidArgumentError(None, None, "Input transform should be num_images x 8 or 1 x 8")
    if fill_mode != "CONSTANT":
        raise errors.UnimplementedError(None, None, f"ImageProjectiveTransform fill_mode {fill_mode} is not provided "
                                                    f"by sessionflow yet (only CONSTANT)")
    out_h, out_w = (int(v) for v in np.asarray(output_shape).reshape(-1)[:2])
    batch, height, width, _ = images.shape
    f32 = np.float32
    t = xp.asarray(transforms, dtype=f32)
    t = xp.broadcast_to(t, (batch, 8))[:, :, None, None]  # [batch, 8, 1, 1]
    y = xp.arange(out_h, dtype=f32)[None, :, None]
    x = xp.arange(out_w, dtype=f32)[None, None, :]
    k = t[:, 6] * x + t[:, 7] * y + f32(1)
    safe_k = xp.where(k == 0, f32(1), k)
    in_x = (t[:, 0] * x + t[:, 1] * y + t[:, 2]) / safe_k  # [batch, out_h, out_w]
    in_y = (t[:, 3] * x + t[:, 4] * y + t[:, 5]) / safe_k
    fill = f32(fill_value)
    rows = xp.arange(batch)[:, None, None]

    def read(iy, ix):
        """The pixels at integer-valued float coordinates; fill outside the image: [batch, out_h, out_w, depth]."""
        inside = (iy >= 0) & (iy < height) & (ix >= 0) & (ix < width)
        cy = xp.clip(xp.where(inside, iy, 0), 0, height - 1).astype(np.int64)
        cx = xp.clip(xp.where(inside, ix, 0), 0, width - 1).astype(np.int64)
        values = images[rows, cy, cx].astype(f32)
        return xp.where(inside[..., None], values, fill)

    if interpolation == "NEAREST":
        out = read(_round_half_away(xp, in_y), _round_half_away(xp, in_x))
    elif interpolation == "BILINEAR":
        y0, x0 = xp.floor(in_y), xp.floor(in_x)
        y1, x1 = y0 + f32(1), x0 + f32(1)
        wx1, wx0 = (x1 - in_x)[..., None], (in_x - x0)[..., None]
        top = wx1 * read(y0, x0) + wx0 * read(y0, x1)
        bottom = wx1 * read(y1, x0) + wx0 * read(y1, x1)
        out = (y1 - in_y)[..., None] * top + (in_y - y0)[..., None] * bottom
    else:
        raise errors.InvalidArgumentError(None, None, f"Invalid interpolation {interpolation}")
    out = xp.where((k == 0)[..., None], fill, out)
    return out.astype(np.dtype(images.dtype))  # integers truncated toward zero, as the kernel's T(...)


def _inverted(transforms):
    """The flat transforms of the inverses of `transforms` [n, 8] (their 3x3 matrices inverted, then divided by
    the last entry), as TF's gradient builds them."""
    from .image_contrib import flat_transforms_to_matrices, matrices_to_flat_transforms
    from .linalg import matrix_inverse

    return matrices_to_flat_transforms(matrix_inverse(flat_transforms_to_matrices(transforms)))


def _grad_v2(op_, grad):
    from .array import shape

    images = op_.inputs[0]
    return [ImageProjectiveTransformV2(grad, _inverted(op_.inputs[1]), shape(images)[1:3],
                                       interpolation=op_.get_attr("interpolation"),
                                       fill_mode=op_.get_attr("fill_mode")), None, None]


def _grad_v3(op_, grad):
    from .array import shape

    images = op_.inputs[0]
    return [ImageProjectiveTransformV3(grad, _inverted(op_.inputs[1]), shape(images)[1:3], op_.inputs[3],
                                       interpolation=op_.get_attr("interpolation"),
                                       fill_mode=op_.get_attr("fill_mode")), None, None, None]


@op("ImageProjectiveTransformV2", inputs=("images", "transforms", "output_shape"),
    attrs=dict(interpolation=None, fill_mode="CONSTANT"), type_attrs=dict(dtype="images"))
class ImageProjectiveTransformV2:
    """Each image resampled through its projective transform (fill 0)."""

    def infer(images, transforms, output_shape, interpolation, fill_mode):
        return _infer("ImageProjectiveTransformV2", images, transforms, output_shape, interpolation, fill_mode)

    def kernel(xp, images, transforms, output_shape, interpolation, fill_mode):
        return _transform(xp, images, transforms, output_shape, interpolation, fill_mode, 0.0)

    grad = _grad_v2
    # float32 and uint8 only: the gradient (the inverse transform of the incoming gradient) is TF's approximation,
    # not the exact adjoint a float64 finite-difference check would compare it with
    samples = [((np.arange(24, dtype=np.float32).reshape(2, 3, 4, 1), np.array([[0.9, -0.2, 0.7, 0.3, 1.1, -0.4, 0.01,
                                                                                  0.02]], np.float32),
                 np.array([3, 5], np.int32)), dict(interpolation="BILINEAR", fill_mode="CONSTANT")),
               ((np.arange(24, dtype=np.uint8).reshape(1, 4, 3, 2), np.array([[1, 0, -1, 0, 1, 0.5, 0, 0]], np.float32),
                 np.array([4, 3], np.int32)), dict(interpolation="NEAREST", fill_mode="CONSTANT"))]


@op("ImageProjectiveTransformV3", inputs=("images", "transforms", "output_shape", "fill_value"),
    attrs=dict(interpolation=None, fill_mode="CONSTANT"), type_attrs=dict(dtype="images"))
class ImageProjectiveTransformV3:
    """Each image resampled through its projective transform (fill `fill_value`)."""

    def infer(images, transforms, output_shape, fill_value, interpolation, fill_mode):
        return _infer("ImageProjectiveTransformV3", images, transforms, output_shape, interpolation, fill_mode)

    def kernel(xp, images, transforms, output_shape, fill_value, interpolation, fill_mode):
        return _transform(xp, images, transforms, output_shape, interpolation, fill_mode, float(fill_value))

    grad = _grad_v3
    samples = [((np.arange(12, dtype=np.float32).reshape(1, 3, 4, 1), np.array([[1, 0, -1.5, 0, 1, 0.5, 0, 0]],
                                                                               np.float32),
                 np.array([3, 4], np.int32), np.float32(-1)), dict(interpolation="BILINEAR", fill_mode="CONSTANT"))]
