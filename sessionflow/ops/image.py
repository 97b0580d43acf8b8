"""Image resizing: ResizeBilinear, ResizeNearestNeighbor (NHWC batches), their gradient ops, and the public
`tf.image.resize` / `resize_images` / `resize_bilinear` / `resize_nearest_neighbor`.

Both resizes are linear maps along height and width, so kernels build per-axis weight matrices (TF's
interpolation rules, in float32 as TF computes them) and apply them with einsum; gradients apply the
transposed matrices.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import export_value, tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from .common import REAL, check_dtype, shape_str
from .constant import convert_to_tensor


def _scale(in_size: int, out_size: int, align_corners: bool) -> np.float32:
    if align_corners and out_size > 1:
        return np.float32(in_size - 1) / np.float32(out_size - 1)
    return np.float32(in_size) / np.float32(out_size)


def _bilinear_weights(in_size, out_size, align_corners, half_pixel_centers) -> np.ndarray:
    """[out, in] weights of TF's bilinear interpolation along one axis."""
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=np.float32)
    src = (i + np.float32(0.5)) * scale - np.float32(0.5) if half_pixel_centers else i * scale
    floor = np.floor(src)
    lower = np.maximum(floor, 0).astype(np.int64)
    upper = np.minimum(np.ceil(src), in_size - 1).astype(np.int64)
    lerp = (src - floor).astype(np.float32)
    w = np.zeros((out_size, in_size), np.float32)
    np.add.at(w, (np.arange(out_size), lower), 1 - lerp)
    np.add.at(w, (np.arange(out_size), upper), lerp)
    return w


def _nearest_source(in_size, out_size, align_corners, half_pixel_centers) -> np.ndarray:
    """For each output position along one axis, the nearest input position (TF's rule)."""
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=np.float32)
    src = (i + np.float32(0.5)) * scale if half_pixel_centers else i * scale
    src = np.sign(src) * np.floor(np.abs(src) + np.float32(0.5)) if align_corners else np.floor(src)
    src = np.minimum(src.astype(np.int64), in_size - 1)
    return np.maximum(src, 0) if half_pixel_centers else src


def _resize_infer(op_type, allowed):
    def infer(images, size, align_corners, half_pixel_centers):
        check_dtype(op_type, "images", images, allowed)
        if images.shape.ndims not in (None, 4):
            raise ValueError(f"Shape must be rank 4 but is rank {images.shape.ndims} for '{op_type}' with input "
                             f"shapes: {shape_str(images.shape)}, {shape_str(size.shape)}.")
        if align_corners and half_pixel_centers:
            raise ValueError("If half_pixel_centers is True, align_corners must be False.")
        v = static_value(size)
        dims = images.shape.as_tuple() or (None,) * 4
        hw = (None, None) if v is None else tuple(int(d) for d in np.asarray(v).reshape(-1))
        dtype = dtypes.float32 if op_type == "ResizeBilinear" else images.dtype.base_dtype
        return dtype, [dims[0], hw[0], hw[1], dims[3]]
    return infer


def _check_size(size):
    if size.shape != (2,) or size[0] <= 0 or size[1] <= 0:
        raise errors.InvalidArgumentError(None, None, f"output dimensions must be positive, got {size.tolist()}")
    return int(size[0]), int(size[1])


@op("ResizeBilinear", inputs=("images", "size"), attrs=dict(align_corners=False, half_pixel_centers=False))
class ResizeBilinear:
    """Bilinear resize of NHWC `images` to `size` = [height, width]; the output is float32."""

    infer = _resize_infer("ResizeBilinear", REAL)

    def kernel(xp, images, size, align_corners, half_pixel_centers):
        h, w = _check_size(size)
        wy = _bilinear_weights(images.shape[1], h, align_corners, half_pixel_centers)
        wx = _bilinear_weights(images.shape[2], w, align_corners, half_pixel_centers)
        out = xp.einsum("iy,byxc,jx->bijc", wy.astype(np.float64), images.astype(xp.float64), wx.astype(np.float64))
        return out.astype(xp.float32)

    def grad(op_, g):
        images = op_.inputs[0]
        grad = ResizeBilinearGrad(g, images if images.dtype.base_dtype.is_floating else
                                  _as_float32(images), **op_.attrs)
        return (grad if images.dtype.base_dtype.is_floating else None), None

    samples = [((np.arange(24.0).reshape(2, 3, 2, 2), np.array([5, 3], np.int32)), {}),
               ((np.arange(12.0).reshape(1, 3, 4, 1), np.array([2, 2], np.int32)), dict(half_pixel_centers=True)),
               ((np.arange(8, dtype=np.int32).reshape(1, 2, 4, 1), np.array([3, 1], np.int32)),
                dict(align_corners=True))]


def _as_float32(t):
    from .math import cast

    return cast(t, dtypes.float32)


@op("ResizeBilinearGrad", inputs=("grads", "original_image"), attrs=dict(align_corners=False,
                                                                          half_pixel_centers=False),
                                                                              type_attrs=dict(T="original_image"))
class ResizeBilinearGrad:
    """The gradient of ResizeBilinear with respect to its (float) images."""

    def infer(grads, original_image, align_corners, half_pixel_centers):
        return original_image.dtype.base_dtype, original_image.shape

    def kernel(xp, grads, original_image, align_corners, half_pixel_centers):
        _, in_h, in_w, _ = original_image.shape
        wy = _bilinear_weights(in_h, grads.shape[1], align_corners, half_pixel_centers).astype(np.float64)
        wx = _bilinear_weights(in_w, grads.shape[2], align_corners, half_pixel_centers).astype(np.float64)
        return xp.einsum("iy,bijc,jx->byxc", wy, grads.astype(xp.float64), wx).astype(original_image.dtype)

    def grad(op_, g):
        return ResizeBilinear(g, _static_hw(op_.inputs[0]), **op_.attrs), None

    samples = [((np.ones((1, 2, 3, 1), np.float32), np.zeros((1, 3, 4, 1), np.float32)), {})]


def _static_hw(images):
    from .array import shape

    return shape(images)[1:3]


@op("ResizeNearestNeighbor", inputs=("images", "size"), attrs=dict(align_corners=False, half_pixel_centers=False))
class ResizeNearestNeighbor:
    """Nearest-neighbour resize of NHWC `images` to `size`; the dtype is kept."""

    infer = _resize_infer("ResizeNearestNeighbor", REAL)

    def kernel(xp, images, size, align_corners, half_pixel_centers):
        h, w = _check_size(size)
        sy = _nearest_source(images.shape[1], h, align_corners, half_pixel_centers)
        sx = _nearest_source(images.shape[2], w, align_corners, half_pixel_centers)
        return xp.take(xp.take(images, sy, axis=1), sx, axis=2)

    def grad(op_, g):
        return ResizeNearestNeighborGrad(g, _static_hw(op_.inputs[0]), **op_.attrs), None

    samples = [((np.arange(24.0).reshape(2, 3, 2, 2), np.array([5, 3], np.int32)), {}),
               ((np.arange(12.0).reshape(1, 3, 4, 1), np.array([2, 2], np.int32)), dict(half_pixel_centers=True)),
               ((np.arange(8, dtype=np.int32).reshape(1, 2, 4, 1), np.array([3, 1], np.int32)),
                dict(align_corners=True))]


@op("ResizeNearestNeighborGrad", inputs=("grads", "size"), attrs=dict(align_corners=False, half_pixel_centers=False))
class ResizeNearestNeighborGrad:
    """The gradient of ResizeNearestNeighbor: each output gradient is added to its source pixel."""

    def infer(grads, size, align_corners, half_pixel_centers):
        v = static_value(size)
        dims = grads.shape.as_tuple() or (None,) * 4
        hw = (None, None) if v is None else tuple(int(d) for d in np.asarray(v).reshape(-1))
        return grads.dtype.base_dtype, TensorShape([dims[0], hw[0], hw[1], dims[3]])

    def kernel(xp, grads, size, align_corners, half_pixel_centers):
        in_h, in_w = int(size[0]), int(size[1])
        sy = _nearest_source(in_h, grads.shape[1], align_corners, half_pixel_centers)
        sx = _nearest_source(in_w, grads.shape[2], align_corners, half_pixel_centers)
        wy = (sy[:, None] == np.arange(in_h)[None, :]).astype(grads.dtype)
        wx = (sx[:, None] == np.arange(in_w)[None, :]).astype(grads.dtype)
        return xp.einsum("iy,bijc,jx->byxc", wy, grads, wx).astype(grads.dtype)

    def grad(op_, g):
        shape_out = op_.inputs[0]
        from .array import shape

        return ResizeNearestNeighbor(g, shape(shape_out)[1:3], **op_.attrs), None

    samples = [((np.arange(30.0).reshape(1, 5, 3, 2), np.array([3, 2], np.int32)), {})]


# --- public wrappers -------------------------------------------------------------------------

class ResizeMethod:
    """TF1's `tf.image.ResizeMethod` (v1 integer values)."""

    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


export_value(["image.ResizeMethod"], ResizeMethod)
_METHODS = {0: "bilinear", 1: "nearest", "bilinear": "bilinear", "nearest": "nearest"}


def _raw(opdef, default_name, images, size, align_corners, half_pixel_centers, name):
    with get_default_graph().name_scope(name or default_name) as scope:
        images = convert_to_tensor(images, name="images")
        size = convert_to_tensor(size, name="size", dtype=dtypes.int32)
        return opdef(images, size, align_corners=align_corners, half_pixel_centers=half_pixel_centers, name=scope)


@tf_export("image.resize_bilinear")
def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False) -> Tensor:
    return _raw(ResizeBilinear, "ResizeBilinear", images, size, align_corners, half_pixel_centers, name)


@tf_export("image.resize_nearest_neighbor")
def resize_nearest_neighbor(images, size, align_corners=False, name=None, half_pixel_centers=False) -> Tensor:
    return _raw(ResizeNearestNeighbor, "ResizeNearestNeighbor", images, size, align_corners, half_pixel_centers,
                name)


@tf_export("image.resize_images", "image.resize")
def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False, preserve_aspect_ratio=False,
                  name=None) -> Tensor:
    """TF1 `tf.image.resize` / `resize_images`: 3-D or 4-D NHWC images; BILINEAR (float32 output) or
    NEAREST_NEIGHBOR (dtype kept), without half-pixel centers (TF1's behaviour). Resizing to the static
    input size returns the images unchanged."""
    from .array import expand_dims
    from .array_transform import squeeze

    kind = _METHODS.get(method.lower() if isinstance(method, str) else method)
    if kind is None:
        raise ValueError(f"Resize method is not implemented: {method}")
    if preserve_aspect_ratio:
        raise NotImplementedError("preserve_aspect_ratio is not supported by sessionflow yet")
    with get_default_graph().name_scope(name or "resize"):
        images = convert_to_tensor(images, name="images")
        if images.shape.ndims is None:
            raise ValueError("'images' contains no shape.")
        if images.shape.ndims not in (3, 4):
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        is_batch = images.shape.ndims == 4
        if not is_batch:
            images = expand_dims(images, 0)
        size = convert_to_tensor(size, name="size", dtype=dtypes.int32)
        target = static_value(size)
        _, height, width, _ = images.shape.as_tuple()
        if target is not None and (int(target[0]), int(target[1])) == (height, width):
            return images if is_batch else squeeze(images, axis=[0])
        opdef = ResizeBilinear if kind == "bilinear" else ResizeNearestNeighbor
        out = opdef(images, size, align_corners=align_corners, half_pixel_centers=False)
        return out if is_batch else squeeze(out, axis=[0])


__all__ = ["ResizeMethod", "resize_bilinear", "resize_images", "resize_nearest_neighbor"]
