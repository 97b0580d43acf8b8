"""SampleDistortedBoundingBox and SampleDistortedBoundingBoxV2 (`tf.image.sample_distorted_bounding_box`): a random
crop of an image, as tf.slice arguments, that covers enough of one of the given boxes.

The kernel is TF's: each attempt draws an aspect ratio, a height and an offset from the op's Philox stream
through TF's SimplePhilox (32-bit words one at a time, four per counter; integers rejection-sampled so `% n` is
unbiased), with TF's float32 rounding of areas and lrintf of sides. Each run reserves max_attempts counters,
as TF's kernel does, so a seeded op proposes TF's crops run after run.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import philox
from .common import check_dtype
from .constant import convert_to_tensor

_F32 = np.float32


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


class _SimplePhilox:
    """TF's SimplePhilox over a Philox stream: 32-bit words one at a time, four per counter."""

    def __init__(self, key, counter: int):
        self.key, self.counter, self.words = key, counter, []

    def rand32(self) -> int:
        if not self.words:
            self.words = [int(w) for w in philox.blocks(np, self.key, self.counter, 1)[0]]
            self.counter += 1
        return self.words.pop(0)

    def rand_float(self) -> np.float32:
        return (np.uint32((self.rand32() & 0x7FFFFF) | 0x3F800000).view(np.float32) - _F32(1)).astype(_F32)

    def uniform(self, n: int) -> int:
        """TF's ExactUniformInt: a power of two masks, other n reject the low words that would bias `% n`."""
        if n == 0:
            self.rand32()
            return 0
        if n & (n - 1) == 0:
            return self.rand32() & (n - 1)
        rem = (0xFFFFFFFF % n) + 1
        while True:
            word = self.rand32()
            if word >= rem:
                return word % n


def _lrintf(x) -> int:
    return int(np.rint(_F32(x)))  # the default rounding mode: halves to even


def _random_crop(width, height, min_area_fraction, max_area_fraction, aspect, rng: _SimplePhilox):
    """TF's GenerateRandomCrop: (x, y, w, h) of a crop with the sampled aspect ratio, or None."""
    if max_area_fraction <= 0 or aspect <= 0 or width <= 0 or height <= 0 or min_area_fraction > max_area_fraction:
        return None
    min_area = _F32(_F32(min_area_fraction * _F32(width)) * _F32(height))
    max_area = _F32(_F32(max_area_fraction * _F32(width)) * _F32(height))
    crop_h = _lrintf(np.sqrt(_F32(min_area / aspect)))
    max_h = _lrintf(np.sqrt(_F32(max_area / aspect)))
    if _lrintf(_F32(max_h) * aspect) > width:
        max_h = int((width + 0.5 - _F32(0.0000001)) / float(aspect))
        if _lrintf(_F32(max_h) * aspect) > width:
            max_h -= 1
    max_h = min(max_h, height)
    crop_h = min(crop_h, max_h)
    if crop_h < max_h:
        crop_h += rng.uniform(max_h - crop_h + 1)
    crop_w = _lrintf(_F32(crop_h) * aspect)
    area = _F32(crop_w * crop_h)
    if area < min_area:
        crop_h += 1
        crop_w = _lrintf(_F32(crop_h) * aspect)
        area = _F32(crop_w * crop_h)
    if area > max_area:
        crop_h -= 1
        crop_w = _lrintf(_F32(crop_h) * aspect)
        area = _F32(crop_w * crop_h)
    if area < min_area or area > max_area or crop_w > width or crop_h > height or crop_w <= 0 or crop_h <= 0:
        return None
    y = rng.uniform(height - crop_h) if crop_h < height else 0
    x = rng.uniform(width - crop_w) if crop_w < width else 0
    return x, y, crop_w, crop_h


def _area(x0, y0, x1, y1) -> np.float32:
    return _F32((x1 - x0) * (y1 - y0))


def _covers(crop, min_covered, rects) -> bool:
    x0, y0, x1, y1 = crop
    if _area(*crop) < 1:
        return False
    for bx0, by0, bx1, by1 in rects:
        area = _area(bx0, by0, bx1, by1)
        if area < 1:
            continue
        ix0, iy0, ix1, iy1 = max(x0, bx0), max(y0, by0), min(x1, bx1), min(y1, by1)
        inter = _F32(0) if ix0 > ix1 or iy0 > iy1 else _area(ix0, iy0, ix1, iy1)
        if _F32(inter / area) >= min_covered:
            return True
    return False


def _sample_box(ctx, image_size, bounding_boxes, min_object_covered, seed, seed2, aspect_ratio_range, area_range,
                max_attempts, use_image_if_no_bounding_boxes):
    if np.ndim(image_size) != 1:
        raise _invalid(f"image_size must be 1-dimensional{_shape_text(np.shape(image_size))}")
    if np.shape(image_size)[0] != 3:
        raise _invalid(f"image_size must contain 3 elements{_shape_text(np.shape(image_size))}")
    if bounding_boxes.ndim != 3:
        raise _invalid("input boxes must be 3-dimensional [batch, num_boxes, coords]: "
                       f"{_shape_text(bounding_boxes.shape)}")
    if bounding_boxes.shape[-1] != 4:
        raise _invalid(f"bounding boxes must have shape [4] or [*, 4], got {_shape_text(bounding_boxes.shape)}")
    if min_object_covered < 0:
        raise _invalid(f"Min object covered must be non-negative: {float(min_object_covered):g}")
    for name, (lo, hi) in (("Aspect ratio range", aspect_ratio_range), ("Area range", area_range)):
        if not (lo > 0 and hi > 0):
            raise _invalid(f"{name} must be non-negative: [{lo:g}, {hi:g}]")
    if area_range[0] > 1 or area_range[1] > 1:
        raise _invalid(f"Area range must be less then or equal to 1.0: [{area_range[0]:g}, {area_range[1]:g}]")
    if max_attempts <= 0:
        raise _invalid(f"Max attempts must be non-negative: {max_attempts}")
    height, width = int(image_size[0]), int(image_size[1])
    key, base = ctx.random_stream(seed, seed2, max_attempts)
    rects = []
    for box in bounding_boxes.reshape(-1, 4).astype(_F32):
        for v in box:
            if not 0.0 <= v <= 1.0:
                raise _invalid(f"All bounding box coordinates must be in [0.0, 1.0]: {float(v):g}")
        rects.append((int(box[1] * _F32(width)), int(box[0] * _F32(height)), int(box[3] * _F32(width)),
                      int(box[2] * _F32(height))))
    if not rects:
        if not use_image_if_no_bounding_boxes:
            raise _invalid("No bounding boxes provided as input. One must enable use_image_if_no_bounding_boxes if "
                           "you wish to not provide any bounding boxes.")
        rects.append((0, 0, width, height))
    rng = _SimplePhilox(key, base)
    low_aspect, high_aspect = _F32(aspect_ratio_range[0]), _F32(aspect_ratio_range[1])
    crop = (0, 0, width, height)
    for _ in range(max_attempts):
        aspect = _F32(rng.rand_float() * (high_aspect - low_aspect) + low_aspect)
        found = _random_crop(width, height, _F32(area_range[0]), _F32(area_range[1]), aspect, rng)
        if found is not None:
            x, y, w, h = found
            if _covers((x, y, x + w, y + h), _F32(min_object_covered), rects):
                crop = (x, y, x + w, y + h)
                break
    x0, y0, x1, y1 = crop
    dtype = image_size.dtype
    begin = np.array([y0, x0, 0], dtype)
    size = np.array([y1 - y0, x1 - x0, -1], dtype)
    box = np.array([[[_F32(y0) / _F32(height), _F32(x0) / _F32(width), _F32(y1) / _F32(height),
                      _F32(x1) / _F32(width)]]], _F32)
    return begin, size, box


_SDBB_ATTRS = dict(seed=0, seed2=0, aspect_ratio_range=(0.75, 1.33), area_range=(0.05, 1.0), max_attempts=100,
                   use_image_if_no_bounding_boxes=False)


def _sdbb_infer(image_size, bounding_boxes, *rest, **attrs):
    check_dtype("SampleDistortedBoundingBoxV2", "image_size", image_size,
                (dtypes.uint8, dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64))
    dtype = image_size.dtype.base_dtype
    return [(dtype, TensorShape([3])), (dtype, TensorShape([3])), (dtypes.float32, TensorShape([1, 1, 4]))]


@op("SampleDistortedBoundingBoxV2", inputs=("image_size", "bounding_boxes", "min_object_covered"),
    attrs=_SDBB_ATTRS, stateful=True, type_attrs=dict(T="image_size"))
class SampleDistortedBoundingBoxV2:
    """A random crop (begin, size for tf.slice, and its box) covering enough of one of the given boxes."""

    infer = _sdbb_infer

    def kernel(ctx, xp, image_size, bounding_boxes, min_object_covered, seed, seed2, aspect_ratio_range, area_range,
               max_attempts, use_image_if_no_bounding_boxes):
        if np.ndim(min_object_covered) != 0:
            raise _invalid(f"min_object_covered must be 0-D, got shape {_shape_text(np.shape(min_object_covered))}")
        return _sample_box(ctx, image_size, bounding_boxes, _F32(min_object_covered), seed, seed2,
                           aspect_ratio_range, area_range, max_attempts, use_image_if_no_bounding_boxes)

    grad = NOT_DIFFERENTIABLE


@op("SampleDistortedBoundingBox", inputs=("image_size", "bounding_boxes"),
    attrs=dict(_SDBB_ATTRS, min_object_covered=0.1), stateful=True, type_attrs=dict(T="image_size"))
class SampleDistortedBoundingBox:
    """SampleDistortedBoundingBoxV2 with min_object_covered as an attr."""

    infer = _sdbb_infer

    def kernel(ctx, xp, image_size, bounding_boxes, seed, seed2, aspect_ratio_range, area_range, max_attempts,
               use_image_if_no_bounding_boxes, min_object_covered):
        return _sample_box(ctx, image_size, bounding_boxes, _F32(min_object_covered), seed, seed2,
                           aspect_ratio_range, area_range, max_attempts, use_image_if_no_bounding_boxes)

    grad = NOT_DIFFERENTIABLE


@tf_export("image.sample_distorted_bounding_box")
def sample_distorted_bounding_box(image_size, bounding_boxes, seed=None, seed2=None, min_object_covered=0.1,
                                  aspect_ratio_range=None, area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    """(begin, size, bboxes) of a random crop for tf.slice (SampleDistortedBoundingBoxV2; the seeds go to the op
    as given, as TF1's function passes them)."""
    with get_default_graph().name_scope(name or "sample_distorted_bounding_box"):
        attrs = dict(seed=seed or 0, seed2=seed2 or 0)
        for key, value in (("aspect_ratio_range", aspect_ratio_range), ("area_range", area_range),
                           ("max_attempts", max_attempts),
                           ("use_image_if_no_bounding_boxes", use_image_if_no_bounding_boxes)):
            if value is not None:
                attrs[key] = tuple(float(v) for v in value) if key.endswith("range") else value
        # TF's function hands its `name` on to the op too: the op is named after the scope its inputs are
        # converted in (`name/name`, else `.../SampleDistortedBoundingBoxV2`)
        with get_default_graph().name_scope(name or "SampleDistortedBoundingBoxV2") as scope:
            size = convert_to_tensor(image_size, name="image_size")
            boxes = convert_to_tensor(bounding_boxes, dtype=dtypes.float32, name="bounding_boxes")
            covered = convert_to_tensor(min_object_covered, dtype=dtypes.float32, name="min_object_covered")
        return SampleDistortedBoundingBoxV2(size, boxes, covered, name=scope, **attrs)
