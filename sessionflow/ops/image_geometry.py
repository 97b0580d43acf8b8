"""Geometric `tf.image` functions built from array ops, as TF's image_ops_impl builds them: flips, rot90,
transpose, central_crop, pad_to_bounding_box / crop_to_bounding_box, resize_with_crop_or_pad and
resize_image_with_pad. 3-D images are [height, width, channels]; 4-D ones carry a leading batch.

Checks that can be decided while building the graph raise TF's ValueError then; the others become Assert
ops the result depends on.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import static_value
from ..framework.tensor_shape import TensorShape
from . import math as math_ops
from .array import expand_dims, rank, reshape, shape, stack
from .array_reverse import reverse
from .array_transform import pad, slice, squeeze, transpose as transpose_array
from .constant import convert_to_tensor
from .control_flow import with_dependencies
from .functional import case, cond
from .image import ResizeMethod, image_dimensions, resize_images
from .logging_ops import Assert_, assert_greater_equal, assert_positive


def _is_tensor(x) -> bool:
    """A Tensor or a variable (TF's `_is_tensor`), as opposed to a Python value."""
    return isinstance(x, Tensor) or hasattr(x, "_as_graph_element")


def _assert(condition, message: str) -> list:
    """An Assert op on a tensor condition; a Python condition is checked now (ValueError if false)."""
    if _is_tensor(condition):
        return [Assert_(condition, [message])]
    if not condition:
        raise ValueError(message)
    return []


def _check_at_least_3d(image: Tensor, require_static: bool = True) -> list:
    """TF's `_CheckAtLeast3DImage`: static rank and size checks, or asserts for what is not yet known."""
    known = image.shape
    try:
        dims = known.with_rank(3) if known.ndims is None else known.with_rank_at_least(3)
    except ValueError:
        raise ValueError(f"'image' (shape {image.shape}) must be at least three-dimensional.") from None
    if require_static and not dims.is_fully_defined():
        raise ValueError("'image' must be fully defined.")
    inner = TensorShape(dims.as_tuple()[-3:])
    if any(d == 0 for d in inner.as_tuple()):
        raise ValueError(f"inner 3 dims of 'image.shape' must be > 0: {dims}")
    if inner.is_fully_defined():
        return []
    return [assert_positive(shape(image)[-3:], ["inner 3 dims of 'image.shape' must be > 0."]),
            assert_greater_equal(rank(image), 3, message="'image' must be at least three-dimensional.")]


def _assert_at_least_3d(image: Tensor) -> Tensor:
    return with_dependencies(_check_at_least_3d(image, require_static=False), image)


def _as_batch(image: Tensor) -> tuple[Tensor, bool]:
    """`image` as a 4-D batch, and whether it already was one (an image of unknown rank counts as 3-D)."""
    ndims = image.shape.ndims
    if ndims == 4:
        return image, True
    if ndims not in (None, 3):
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")
    batch = expand_dims(image, 0)
    if ndims is None:
        batch.set_shape([None] * 4)
    return batch, False


def _static_or_none(values) -> list:
    return [None if _is_tensor(v) else v for v in values]


def _flip(image, axis: int, scope_name: str) -> Tensor:
    with get_default_graph().name_scope(scope_name):
        image = _assert_at_least_3d(convert_to_tensor(image, name="image"))
        ndims = image.shape.ndims

        def flip_3d():
            flipped = reverse(image, [axis])
            flipped.set_shape([None] * 3 if image.shape.ndims is None else image.shape)
            return flipped

        if ndims is None:
            return cond(math_ops.equal(rank(image), 3), flip_3d, lambda: reverse(image, [axis + 1]))
        if ndims == 3:
            return flip_3d()
        if ndims == 4:
            return reverse(image, [axis + 1])
        raise ValueError(f"'image' (shape {image.shape})must have either 3 or 4 dimensions.")


@tf_export("image.flip_left_right")
def flip_left_right(image) -> Tensor:
    """The image (or each image of a batch) mirrored horizontally."""
    return _flip(image, 1, "flip_left_right")


@tf_export("image.flip_up_down")
def flip_up_down(image) -> Tensor:
    """The image (or each image of a batch) mirrored vertically."""
    return _flip(image, 0, "flip_up_down")


def _rot90(images: Tensor, k: Tensor, scope: str, batched: bool) -> Tensor:
    h, w = (1, 2) if batched else (0, 1)
    perm = [0, 2, 1, 3] if batched else [1, 0, 2]
    pairs = [(math_ops.equal(k, 1), lambda: transpose_array(reverse(images, [w]), perm)),
             (math_ops.equal(k, 2), lambda: reverse(images, [h, w])),
             (math_ops.equal(k, 3), lambda: reverse(transpose_array(images, perm), [w]))]
    result = case(pairs, default=lambda: images, exclusive=True, name=scope)
    dims = result.shape.as_tuple() if batched else images.shape.as_tuple()
    if batched:
        result.set_shape([None if dims is None else dims[0], None, None, None if dims is None else dims[3]])
    else:
        result.set_shape([None, None, None if dims is None else dims[2]])
    return result


@tf_export("image.rot90")
def rot90(image, k=1, name=None) -> Tensor:
    """The image (or each image of a batch) rotated counter-clockwise by k quarter turns."""
    with get_default_graph().name_scope(name or "rot90") as scope:
        image = _assert_at_least_3d(convert_to_tensor(image, name="image"))
        k = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        k.shape.assert_has_rank(0)
        k = math_ops.mod(k, 4)
        ndims = image.shape.ndims
        if ndims is None:
            return cond(math_ops.equal(rank(image), 3), lambda: _rot90(image, k, scope, False),
                        lambda: _rot90(image, k, scope, True))
        if ndims in (3, 4):
            return _rot90(image, k, scope, ndims == 4)
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")


@tf_export("image.transpose", "image.transpose_image")
def transpose(image, name=None) -> Tensor:
    """The image (or each image of a batch) with height and width swapped."""
    with get_default_graph().name_scope(name or "transpose"):
        image = _assert_at_least_3d(convert_to_tensor(image, name="image"))
        ndims = image.shape.ndims

        def swap_3d():
            return transpose_array(image, [1, 0, 2], name=name or "transpose")

        def swap_4d():
            return transpose_array(image, [0, 2, 1, 3], name=name or "transpose")

        if ndims is None:
            return cond(math_ops.equal(rank(image), 3), swap_3d, swap_4d)
        if ndims in (3, 4):
            return swap_3d() if ndims == 3 else swap_4d()
        raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")


def _crop_start(size, fraction, fraction_static):
    """(start, is_dynamic) of the centered crop along an axis of `size` (an int or a scalar tensor)."""
    if _is_tensor(size) or fraction_static is None:
        as_float = math_ops.cast(size, dtypes.float64)
        kept = as_float * math_ops.cast(fraction, dtypes.float64)
        return math_ops.cast((as_float - kept) / 2, dtypes.int32), True
    return int((float(size) - float(size) * fraction_static) / 2), False


@tf_export("image.central_crop")
def central_crop(image, central_fraction) -> Tensor:
    """The central `central_fraction` of the image's height and width (rounded as TF rounds it)."""
    with get_default_graph().name_scope("central_crop"):
        image = convert_to_tensor(image, name="image")
        fraction_static = static_value(central_fraction) if _is_tensor(central_fraction) else central_fraction
        if fraction_static is not None:
            if fraction_static <= 0.0 or fraction_static > 1.0:
                raise ValueError("central_fraction must be within (0, 1]")
            if fraction_static == 1.0:
                return image
        else:
            checks = _assert(math_ops.logical_or(central_fraction > 0.0, central_fraction <= 1.0),
                             "central_fraction must be within (0, 1]")
            image = with_dependencies(checks, image)
        _assert_at_least_3d(image)
        ndims = image.shape.ndims
        if ndims not in (3, 4):
            raise ValueError(f"`image` should either be a Tensor with rank = 3 or rank = 4. Had rank = {ndims}.")
        dims = list(image.shape.as_tuple())
        first = 0 if ndims == 3 else 1
        sizes = [dims[i] if dims[i] is not None else shape(image)[i] for i in (first, first + 1)]
        (h_start, h_dynamic), (w_start, w_dynamic) = (_crop_start(s, central_fraction, fraction_static)
                                                      for s in sizes)
        h_size, w_size = sizes[0] - h_start * 2, sizes[1] - w_start * 2
        begin, size = [h_start, w_start, 0], [h_size, w_size, -1]
        if ndims == 4:
            begin, size = [0] + begin, [-1] + size
        cropped = slice(image, stack(begin), stack(size))
        known = [None if h_dynamic else h_size, None if w_dynamic else w_size, dims[-1]]
        cropped.set_shape(known if ndims == 3 else [dims[0]] + known)
        return cropped


def _pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width,
                         check_dims: bool) -> Tensor:
    with get_default_graph().name_scope("pad_to_bounding_box"):
        image, is_batch = _as_batch(convert_to_tensor(image, name="image"))
        batch, height, width, depth = image_dimensions(image, 4)
        after_width = target_width - offset_width - width
        after_height = target_height - offset_height - height
        if check_dims:
            checks = _check_at_least_3d(image, require_static=False)
            checks += _assert(offset_height >= 0, "offset_height must be >= 0")
            checks += _assert(offset_width >= 0, "offset_width must be >= 0")
            checks += _assert(after_width >= 0, "width must be <= target - offset")
            checks += _assert(after_height >= 0, "height must be <= target - offset")
            image = with_dependencies(checks, image)
        paddings = reshape(stack([0, 0, offset_height, after_height, offset_width, after_width, 0, 0]), [4, 2])
        padded = pad(image, paddings)
        padded.set_shape(_static_or_none([batch, target_height, target_width, depth]))
        return padded if is_batch else squeeze(padded, axis=[0])


@tf_export("image.pad_to_bounding_box")
def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width) -> Tensor:
    """The image zero-padded to target_height x target_width, its top-left corner at the offsets."""
    return _pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width, True)


@tf_export("image.crop_to_bounding_box")
def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width) -> Tensor:
    """The target_height x target_width window of the image whose top-left corner is at the offsets."""
    with get_default_graph().name_scope("crop_to_bounding_box"):
        image, is_batch = _as_batch(convert_to_tensor(image, name="image"))
        checks = _check_at_least_3d(image, require_static=False)
        batch, height, width, depth = image_dimensions(image, 4)
        checks += _assert(offset_width >= 0, "offset_width must be >= 0.")
        checks += _assert(offset_height >= 0, "offset_height must be >= 0.")
        checks += _assert(target_width > 0, "target_width must be > 0.")
        checks += _assert(target_height > 0, "target_height must be > 0.")
        checks += _assert(width >= (target_width + offset_width), "width must be >= target + offset.")
        checks += _assert(height >= (target_height + offset_height), "height must be >= target + offset.")
        image = with_dependencies(checks, image)
        cropped = slice(image, stack([0, offset_height, offset_width, 0]),
                        stack([shape(image)[0], target_height, target_width, shape(image)[3]]))
        cropped.set_shape(_static_or_none([batch, target_height, target_width, depth]))
        return cropped if is_batch else squeeze(cropped, axis=[0])


def _either(x, y, on_tensors, on_values):
    return on_tensors(x, y) if _is_tensor(x) or _is_tensor(y) else on_values(x, y)


@tf_export("image.resize_with_crop_or_pad", "image.resize_image_with_crop_or_pad")
def resize_image_with_crop_or_pad(image, target_height, target_width) -> Tensor:
    """The image centrally cropped and/or zero-padded to target_height x target_width."""
    with get_default_graph().name_scope("resize_image_with_crop_or_pad"):
        image, is_batch = _as_batch(convert_to_tensor(image, name="image"))
        checks = _check_at_least_3d(image, require_static=False)
        checks += _assert(target_width > 0, "target_width must be > 0.")
        checks += _assert(target_height > 0, "target_height must be > 0.")
        image = with_dependencies(checks, image)
        if _is_tensor(target_height):
            target_height = with_dependencies(checks, target_height)
        if _is_tensor(target_width):
            target_width = with_dependencies(checks, target_width)
        _, height, width, _ = image_dimensions(image, 4)
        width_diff, height_diff = target_width - width, target_height - height
        crop_width = _either(-width_diff // 2, 0, math_ops.maximum, max)
        pad_width = _either(width_diff // 2, 0, math_ops.maximum, max)
        crop_height = _either(-height_diff // 2, 0, math_ops.maximum, max)
        pad_height = _either(height_diff // 2, 0, math_ops.maximum, max)
        cropped = crop_to_bounding_box(image, crop_height, crop_width,
                                       _either(target_height, height, math_ops.minimum, min),
                                       _either(target_width, width, math_ops.minimum, min))
        resized = pad_to_bounding_box(cropped, pad_height, pad_width, target_height, target_width)
        if resized.shape.ndims is None:
            raise ValueError("resized contains no shape.")
        _, resized_height, resized_width, _ = image_dimensions(resized, 4)
        checks = _assert(_either(resized_height, target_height, math_ops.equal, lambda a, b: a == b),
                         "resized height is not correct.")
        checks += _assert(_either(resized_width, target_width, math_ops.equal, lambda a, b: a == b),
                          "resized width is not correct.")
        resized = with_dependencies(checks, resized)
        return resized if is_batch else squeeze(resized, axis=[0])


@tf_export("image.resize_image_with_pad")
def resize_image_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR,
                          align_corners=False) -> Tensor:
    """The image resized to fit target_height x target_width with its aspect ratio kept (`resize_images`
    with `method`), then zero-padded, centered, to exactly that size."""
    with get_default_graph().name_scope("resize_image_with_pad"):
        image, is_batch = _as_batch(convert_to_tensor(image, name="image"))
        checks = _check_at_least_3d(image, require_static=False)
        checks += _assert(target_width > 0, "target_width must be > 0.")
        checks += _assert(target_height > 0, "target_height must be > 0.")
        image = with_dependencies(checks, image)
        _, height, width, _ = image_dimensions(image, 4)
        f_height, f_width, f_target_height, f_target_width = (
            math_ops.cast(v, dtypes.float32) for v in (height, width, target_height, target_width))
        ratio = _either(f_width / f_target_width, f_height / f_target_height, math_ops.maximum, max)
        resized_height_float, resized_width_float = f_height / ratio, f_width / ratio
        resized_height = math_ops.cast(math_ops.floor(resized_height_float), dtypes.int32)
        resized_width = math_ops.cast(math_ops.floor(resized_width_float), dtypes.int32)
        pad_height = math_ops.floor((f_target_height - resized_height_float) / 2)
        pad_width = math_ops.floor((f_target_width - resized_width_float) / 2)
        p_height = _either(0, math_ops.cast(pad_height, dtypes.int32), math_ops.maximum, max)
        p_width = _either(0, math_ops.cast(pad_width, dtypes.int32), math_ops.maximum, max)
        resized = resize_images(image, [resized_height, resized_width], method, align_corners=align_corners)
        padded = pad_to_bounding_box(resized, p_height, p_width, target_height, target_width)
        if padded.shape.ndims is None:
            raise ValueError("padded contains no shape.")
        image_dimensions(padded, 4)
        return padded if is_batch else squeeze(padded, axis=[0])


__all__ = ["central_crop", "crop_to_bounding_box", "flip_left_right", "flip_up_down", "pad_to_bounding_box",
           "resize_image_with_crop_or_pad", "resize_image_with_pad", "rot90", "transpose"]
