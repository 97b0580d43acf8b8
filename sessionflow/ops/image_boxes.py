"""Bounding-box ops of `tf.image` as TF's op types: NonMaxSuppression (V2, V3, V4, V5, WithOverlaps),
CropAndResize with its two gradient ops, DrawBoundingBoxes (V2) and the stateful SampleDistortedBoundingBox(V2),
with the TF1 public functions.

Kernels follow TF's CPU kernels step by step in float32: NMS pops candidates by score (ties: lower index
first) and compares each with the boxes already selected, newest first.
"""

from __future__ import annotations

import heapq

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from .common import check_dtype
from .constant import convert_to_tensor

_F32 = np.float32
_FLOAT_TYPES = (dtypes.float16, dtypes.float32)


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


# --- non-max suppression -----------------------------------------------------------------------------------

def _check_boxes(boxes: np.ndarray) -> int:
    if boxes.ndim != 2:
        raise _invalid(f"boxes must be 2-D{_shape_text(boxes.shape)} (Shape must be rank 2 but is rank {boxes.ndim})")
    if boxes.shape[1] != 4:
        raise _invalid(f"boxes must have 4 columns (Dimension must be 4 but is {boxes.shape[1]})")
    return boxes.shape[0]


def _check_scores(scores: np.ndarray, count: int) -> None:
    if scores.ndim != 1:
        raise _invalid(f"scores must be 1-D{_shape_text(scores.shape)} (Shape must be rank 1 but is rank "
                       f"{scores.ndim})")
    if scores.shape[0] != count:
        raise _invalid(f"scores has incompatible shape (Dimensions must be equal, but are {count} and "
                       f"{scores.shape[0]})")


def _iou_matrix(boxes: np.ndarray) -> np.ndarray:
    """TF's IOU for every pair of boxes, in float32 (corners in either order)."""
    b = boxes.astype(_F32)
    ymin, ymax = np.minimum(b[:, 0], b[:, 2]), np.maximum(b[:, 0], b[:, 2])
    xmin, xmax = np.minimum(b[:, 1], b[:, 3]), np.maximum(b[:, 1], b[:, 3])
    area = (ymax - ymin) * (xmax - xmin)
    inter = (np.maximum(np.minimum(ymax[:, None], ymax[None]) - np.maximum(ymin[:, None], ymin[None]), _F32(0))
             * np.maximum(np.minimum(xmax[:, None], xmax[None]) - np.maximum(xmin[:, None], xmin[None]), _F32(0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        iou = inter / (area[:, None] + area[None] - inter)
    return np.where((area[:, None] <= 0) | (area[None] <= 0), _F32(0), iou).astype(_F32)


def _nms(similarity: np.ndarray, scores: np.ndarray, max_output_size, threshold, score_threshold,
         soft_nms_sigma=0.0):
    """TF's DoNonMaxSuppressionOp: (selected indices, their (possibly soft-suppressed) scores)."""
    output_size = int(max_output_size)
    if output_size < 0:
        raise _invalid("output size must be non-negative")
    kind = scores.dtype.type
    threshold, score_threshold, sigma = kind(threshold), kind(score_threshold), kind(soft_nms_sigma)
    soft = sigma > 0
    scale = kind(-0.5) / sigma if soft else kind(0)
    heap = [(-scores[i], i, scores[i], 0) for i in range(len(scores)) if scores[i] > score_threshold]
    heapq.heapify(heap)
    selected, selected_scores = [], []
    while len(selected) < output_size and heap:
        _, index, score, begin = heapq.heappop(heap)
        original = score
        hard = False
        for j in range(len(selected) - 1, begin - 1, -1):
            sim = kind(similarity[index, selected[j]])
            weight = np.exp(scale * sim * sim).astype(kind)
            score = kind(score * (weight if soft or sim <= threshold else kind(0)))
            if not soft and sim > threshold:
                hard = True
                break
            if score <= score_threshold:
                break
        begin = len(selected)
        if hard:
            continue
        if score == original:
            selected.append(index)
            selected_scores.append(score)
        elif score > score_threshold:
            heapq.heappush(heap, (-score, index, score, begin))
    return np.array(selected, np.int32), np.array(selected_scores, scores.dtype)


def _nms_infer(op_type, with_score_threshold=True):
    def infer(boxes, scores, max_output_size, *thresholds, **attrs):
        check_dtype(op_type, "boxes", boxes, _FLOAT_TYPES)
        if boxes.shape.ndims not in (None, 2) or scores.shape.ndims not in (None, 1):
            which, rank, want = ("boxes", boxes.shape.ndims, 2) if boxes.shape.ndims not in (None, 2) else (
                "scores", scores.shape.ndims, 1)
            raise ValueError(f"Shape must be rank {want} but is rank {rank} for '{op_type}' ({which})")
        return dtypes.int32, TensorShape([None])

    return infer


_NMS_SAMPLE = (np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1],
                         [0, 100, 1, 101]], np.float32), np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3], np.float32))


@op("NonMaxSuppressionV2", inputs=("boxes", "scores", "max_output_size", "iou_threshold"),
    type_attrs=dict(T="boxes", T_threshold="iou_threshold"))
class NonMaxSuppressionV2:
    """Indices of the boxes greedy NMS keeps, by decreasing score."""

    infer = _nms_infer("NonMaxSuppressionV2")

    def kernel(xp, boxes, scores, max_output_size, iou_threshold):
        _check_scores(scores, _check_boxes(boxes))
        if not 0 <= iou_threshold <= 1:
            raise _invalid("iou_threshold must be in [0, 1]")
        return _nms(_iou_matrix(boxes), scores, max_output_size, iou_threshold, -np.inf)[0]

    grad = NOT_DIFFERENTIABLE

    samples = [((*_NMS_SAMPLE, np.int32(3), np.float32(0.5)), {})]


@op("NonMaxSuppressionV3", inputs=("boxes", "scores", "max_output_size", "iou_threshold", "score_threshold"),
    type_attrs=dict(T="boxes", T_threshold="iou_threshold"))
class NonMaxSuppressionV3:
    """NonMaxSuppressionV2 keeping only boxes scoring above score_threshold."""

    infer = _nms_infer("NonMaxSuppressionV3")

    def kernel(xp, boxes, scores, max_output_size, iou_threshold, score_threshold):
        _check_scores(scores, _check_boxes(boxes))
        if not 0 <= iou_threshold <= 1:
            raise _invalid("iou_threshold must be in [0, 1]")
        return _nms(_iou_matrix(boxes), scores, max_output_size, iou_threshold, score_threshold)[0]

    grad = NOT_DIFFERENTIABLE

    samples = [((*_NMS_SAMPLE, np.int32(4), np.float32(0.5), np.float32(0.55)), {})]


@op("NonMaxSuppressionV4", inputs=("boxes", "scores", "max_output_size", "iou_threshold", "score_threshold"),
    attrs=dict(pad_to_max_output_size=False), type_attrs=dict(T="boxes", T_threshold="iou_threshold"))
class NonMaxSuppressionV4:
    """NonMaxSuppressionV3 with the selection optionally zero-padded to max_output_size, and its valid count."""

    def infer(boxes, scores, max_output_size, iou_threshold, score_threshold, pad_to_max_output_size):
        _nms_infer("NonMaxSuppressionV4")(boxes, scores, max_output_size)
        from ..framework.registry import static_value

        size = static_value(max_output_size) if pad_to_max_output_size else None
        return [(dtypes.int32, TensorShape([None if size is None else int(size)])), (dtypes.int32, TensorShape([]))]

    def kernel(xp, boxes, scores, max_output_size, iou_threshold, score_threshold, pad_to_max_output_size):
        _check_scores(scores, _check_boxes(boxes))
        if not 0 <= iou_threshold <= 1:
            raise _invalid("iou_threshold must be in [0, 1]")
        selected, _ = _nms(_iou_matrix(boxes), scores, max_output_size, iou_threshold, score_threshold)
        valid = np.int32(len(selected))
        if pad_to_max_output_size:
            selected = np.concatenate([selected, np.zeros(int(max_output_size) - len(selected), np.int32)])
        return selected, valid

    grad = NOT_DIFFERENTIABLE

    samples = [((*_NMS_SAMPLE, np.int32(5), np.float32(0.5), np.float32(0.0)), dict(pad_to_max_output_size=True))]


@op("NonMaxSuppressionV5", inputs=("boxes", "scores", "max_output_size", "iou_threshold", "score_threshold",
                                   "soft_nms_sigma"),
    attrs=dict(pad_to_max_output_size=False), type_attrs=dict(T="boxes"))
class NonMaxSuppressionV5:
    """NMS with Soft-NMS (a Gaussian score decay of width soft_nms_sigma): indices, scores, valid count."""

    def infer(boxes, scores, max_output_size, iou_threshold, score_threshold, soft_nms_sigma, pad_to_max_output_size):
        _nms_infer("NonMaxSuppressionV5")(boxes, scores, max_output_size)
        from ..framework.registry import static_value

        size = static_value(max_output_size) if pad_to_max_output_size else None
        shape = TensorShape([None if size is None else int(size)])
        return [(dtypes.int32, shape), (boxes.dtype.base_dtype, shape), (dtypes.int32, TensorShape([]))]

    def kernel(xp, boxes, scores, max_output_size, iou_threshold, score_threshold, soft_nms_sigma,
               pad_to_max_output_size):
        _check_scores(scores, _check_boxes(boxes))
        if not 0 <= iou_threshold <= 1:
            raise _invalid("iou_threshold must be in [0, 1]")
        if soft_nms_sigma < 0:
            raise _invalid("soft_nms_sigma must be non-negative")
        selected, kept = _nms(_iou_matrix(boxes), scores.astype(boxes.dtype), max_output_size, iou_threshold,
                              score_threshold, soft_nms_sigma)
        valid = np.int32(len(selected))
        if pad_to_max_output_size:
            pad = int(max_output_size) - len(selected)
            selected = np.concatenate([selected, np.zeros(pad, np.int32)])
            kept = np.concatenate([kept, np.zeros(pad, kept.dtype)])
        return selected, kept, valid

    grad = NOT_DIFFERENTIABLE

    samples = [((*_NMS_SAMPLE, np.int32(5), np.float32(0.5), np.float32(0.0), np.float32(0.5)), {})]


@op("NonMaxSuppressionWithOverlaps", inputs=("overlaps", "scores", "max_output_size", "overlap_threshold",
                                             "score_threshold"), type_attrs={})
class NonMaxSuppressionWithOverlaps:
    """Greedy NMS over a given [n, n] overlap matrix instead of box IOUs."""

    def infer(overlaps, scores, max_output_size, overlap_threshold, score_threshold):
        check_dtype("NonMaxSuppressionWithOverlaps", "overlaps", overlaps, (dtypes.float32,))
        return dtypes.int32, TensorShape([None])

    def kernel(xp, overlaps, scores, max_output_size, overlap_threshold, score_threshold):
        if overlaps.ndim != 2:
            raise _invalid(f"overlaps must be 2-D{_shape_text(overlaps.shape)}")
        if overlaps.shape[1] != overlaps.shape[0]:
            raise _invalid(f"overlaps must be square{_shape_text(overlaps.shape)}")
        _check_scores(scores, overlaps.shape[0])
        return _nms(overlaps.astype(_F32), scores.astype(_F32), max_output_size, overlap_threshold,
                    score_threshold)[0]

    grad = NOT_DIFFERENTIABLE

    samples = [((_iou_matrix(_NMS_SAMPLE[0]), _NMS_SAMPLE[1], np.int32(3), np.float32(0.4), np.float32(0.0)), {})]


# --- crop and resize -----------------------------------------------------------------------------------

def _crop_axis(lo, hi, image_size: int, crop_size: int):
    """Per box and output position, TF's float32 source coordinate along one axis ([boxes, crop])."""
    lo, hi = lo.astype(_F32)[:, None], hi.astype(_F32)[:, None]
    last = _F32(image_size - 1)
    if crop_size > 1:
        scale = (hi - lo) * last / _F32(crop_size - 1)
        return lo * last + np.arange(crop_size, dtype=_F32)[None] * scale
    return _F32(0.5) * (lo + hi) * last + np.zeros((1, crop_size), _F32)


def _check_crop_inputs(image, boxes, box_index, crop_size=None):
    if image.ndim != 4:
        raise _invalid(f"input image must be 4-D{_shape_text(image.shape)}")
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise _invalid(f"boxes must be 2-D [num_boxes, 4]: {_shape_text(boxes.shape)}")
    if box_index.ndim != 1 or box_index.shape[0] != boxes.shape[0]:
        raise _invalid(f"box_index has incompatible shape {_shape_text(box_index.shape)}")
    if np.any((box_index < 0) | (box_index >= image.shape[0])):
        bad = int(box_index[(box_index < 0) | (box_index >= image.shape[0])][0])
        raise _invalid(f"box_index has values outside [0, batch_size): {bad}")
    if crop_size is not None:
        if np.shape(crop_size) != (2,):
            raise _invalid(f"crop_size must be 1-D with 2 elements{_shape_text(np.shape(crop_size))}")
        if int(crop_size[0]) <= 0 or int(crop_size[1]) <= 0:
            raise _invalid("crop dimensions must be positive")


def _roundf(coord: np.ndarray) -> np.ndarray:
    """C's roundf (halves away from zero) as int64 indices."""
    low = np.floor(np.abs(coord))
    rounded = low + ((np.abs(coord) - low) >= 0.5)
    return (np.sign(coord) * rounded).astype(np.int64)


def _taps(coord, size):
    """floor/ceil indices (clamped for the gather; out-of-range positions are masked) and the lerp."""
    low = np.floor(coord)
    lerp = (coord - low).astype(_F32)
    valid = (coord >= 0) & (coord <= _F32(size - 1))
    lo = np.clip(low, 0, size - 1).astype(np.int64)
    hi = np.clip(np.ceil(coord), 0, size - 1).astype(np.int64)
    return lo, hi, lerp, valid


@op("CropAndResize", inputs=("image", "boxes", "box_ind", "crop_size"),
    attrs=dict(method="bilinear", extrapolation_value=0.0))
class CropAndResize:
    """Each box's window of its batch image, resampled to crop_size (bilinear or nearest), as float32."""

    def infer(image, boxes, box_ind, crop_size, method, extrapolation_value):
        check_dtype("CropAndResize", "image", image, (dtypes.uint8, dtypes.uint16, dtypes.int8, dtypes.int16,
                                                     dtypes.int32, dtypes.int64, dtypes.float16, dtypes.float32,
                                                     dtypes.float64, dtypes.bfloat16))
        if method not in ("bilinear", "nearest"):
            raise ValueError(f"method must be 'bilinear' or 'nearest', got {method}")
        from ..framework.registry import static_value

        size = static_value(crop_size)
        dims = [None, None] if size is None else [int(v) for v in np.asarray(size).reshape(-1)[:2]]
        depth = image.shape.as_tuple()[-1] if image.shape.ndims == 4 else None
        count = boxes.shape.as_tuple()[0] if boxes.shape.ndims == 2 else None
        return dtypes.float32, TensorShape([count, *dims, depth])

    def kernel(xp, image, boxes, box_ind, crop_size, method, extrapolation_value):
        _check_crop_inputs(image, boxes, box_ind, crop_size)
        crop_h, crop_w = int(crop_size[0]), int(crop_size[1])
        _, height, width, _ = image.shape
        ys = _crop_axis(boxes[:, 0], boxes[:, 2], height, crop_h)
        xs = _crop_axis(boxes[:, 1], boxes[:, 3], width, crop_w)
        images = image.astype(_F32)[box_ind.astype(np.int64)]  # [boxes, h, w, c]
        rows = np.arange(len(boxes))[:, None, None]
        if method == "nearest":
            yi, xi = _roundf(ys).clip(0, height - 1), _roundf(xs).clip(0, width - 1)
            out = images[rows, yi[:, :, None], xi[:, None, :]]
        else:
            top, bottom, y_lerp, _ = _taps(ys, height)
            left, right, x_lerp, _ = _taps(xs, width)
            t, b = top[:, :, None], bottom[:, :, None]
            lft, rgt = left[:, None, :], right[:, None, :]
            xl = x_lerp[:, None, :, None]
            upper = images[rows, t, lft] + (images[rows, t, rgt] - images[rows, t, lft]) * xl
            lower = images[rows, b, lft] + (images[rows, b, rgt] - images[rows, b, lft]) * xl
            out = upper + (lower - upper) * y_lerp[:, :, None, None]
        inside = (((ys >= 0) & (ys <= _F32(height - 1)))[:, :, None]
                  & ((xs >= 0) & (xs <= _F32(width - 1)))[:, None, :])
        return np.where(inside[..., None], out, _F32(extrapolation_value)).astype(_F32)

    def grad(op_, g):
        from .array import shape

        image, boxes, box_ind, _ = op_.inputs
        method = op_.attrs["method"]
        grad_image = None
        if image.dtype.base_dtype in (dtypes.float16, dtypes.float32, dtypes.float64):
            grad_image = CropAndResizeGradImage(g, boxes, box_ind, shape(image), T=image.dtype.base_dtype,
                                                method=method)
        grad_boxes = CropAndResizeGradBoxes(g, image, boxes, box_ind) if method == "bilinear" else None
        return grad_image, grad_boxes, None, None

    samples = [((np.arange(2 * 5 * 6 * 2, dtype=np.float64).reshape(2, 5, 6, 2) / 10,
                 np.array([[0.1, 0.2, 0.7, 0.9], [0.0, 0.0, 1.0, 1.0], [0.3, 0.6, 0.35, 0.65]], np.float32),
                 np.array([1, 0, 1], np.int32), np.array([3, 4], np.int32)), {}),
               ((np.arange(30, dtype=np.uint8).reshape(1, 5, 6, 1), np.array([[-0.2, 0.1, 0.8, 1.3]], np.float32),
                 np.array([0], np.int32), np.array([4, 3], np.int32)), dict(method="nearest",
                                                                            extrapolation_value=-1.0))]


def _bilinear_grad_parts(grads, boxes, box_ind, height, width):
    crop_h, crop_w = grads.shape[1:3]
    ys = _crop_axis(boxes[:, 0], boxes[:, 2], height, crop_h)
    xs = _crop_axis(boxes[:, 1], boxes[:, 3], width, crop_w)
    top, bottom, y_lerp, y_ok = _taps(ys, height)
    left, right, x_lerp, x_ok = _taps(xs, width)
    mask = (y_ok[:, :, None] & x_ok[:, None, :])[..., None]
    return ys, xs, top, bottom, y_lerp, left, right, x_lerp, np.where(mask, grads.astype(_F32), _F32(0))


@op("CropAndResizeGradImage", inputs=("grads", "boxes", "box_ind", "image_size"),
    attrs=dict(T=dtypes.float32, method="bilinear"), type_attrs={})
class CropAndResizeGradImage:
    """The gradient of CropAndResize with respect to its image: each crop gradient spread back by its taps."""

    def infer(grads, boxes, box_ind, image_size, T, method):
        from ..framework.registry import static_value

        size = static_value(image_size)
        return T, TensorShape(None if size is None else [int(v) for v in np.asarray(size).reshape(-1)])

    def kernel(xp, grads, boxes, box_ind, image_size, T, method):
        batch, height, width, depth = (int(v) for v in image_size)
        if np.shape(image_size) != (4,):
            raise _invalid(f"image_size must be 1-D with 4 elements{_shape_text(np.shape(image_size))}")
        out = np.zeros((batch, height, width, depth), np.float64)
        ys, xs, top, bottom, y_lerp, left, right, x_lerp, g = _bilinear_grad_parts(grads, boxes, box_ind, height,
                                                                                   width)
        b = box_ind.astype(np.int64)[:, None, None]
        if method == "nearest":
            yi, xi = _roundf(ys).clip(0, height - 1), _roundf(xs).clip(0, width - 1)
            np.add.at(out, (b, yi[:, :, None], xi[:, None, :]), g)
            return out.astype(T.as_numpy_dtype)
        yl, xl = y_lerp[:, :, None, None], x_lerp[:, None, :, None]
        for rows, wy in ((top, 1 - yl), (bottom, yl)):
            for cols, wx in ((left, 1 - xl), (right, xl)):
                np.add.at(out, (b, rows[:, :, None], cols[:, None, :]), g * wy * wx)
        return out.astype(T.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE

    samples = [((np.ones((2, 3, 4, 1), np.float32), np.array([[0.1, 0.2, 0.7, 0.9], [0, 0, 1, 1]], np.float32),
                 np.array([0, 1], np.int32), np.array([2, 5, 6, 1], np.int32)), {})]


@op("CropAndResizeGradBoxes", inputs=("grads", "image", "boxes", "box_ind"), attrs=dict(method="bilinear"),
    type_attrs=dict(T="image"))
class CropAndResizeGradBoxes:
    """The gradient of bilinear CropAndResize with respect to the box coordinates."""

    def infer(grads, image, boxes, box_ind, method):
        return dtypes.float32, boxes.shape

    def kernel(xp, grads, image, boxes, box_ind, method):
        _check_crop_inputs(image, boxes, box_ind)
        _, height, width, _ = image.shape
        crop_h, crop_w = grads.shape[1:3]
        _, _, top, bottom, y_lerp, left, right, x_lerp, g = _bilinear_grad_parts(grads, boxes, box_ind, height,
                                                                                 width)
        images = image.astype(_F32)[box_ind.astype(np.int64)]
        rows = np.arange(len(boxes))[:, None, None]
        t, bt, lf, rt = top[:, :, None], bottom[:, :, None], left[:, None, :], right[:, None, :]
        tl, tr, bl, br = images[rows, t, lf], images[rows, t, rt], images[rows, bt, lf], images[rows, bt, rt]
        yl, xl = y_lerp[:, :, None, None], x_lerp[:, None, :, None]
        grad_y = ((1 - xl) * (bl - tl) + xl * (br - tr)) * g
        grad_x = ((1 - yl) * (tr - tl) + yl * (br - bl)) * g
        dy = grad_y.sum(axis=(2, 3), dtype=np.float64)  # [boxes, crop_h]
        dx = grad_x.sum(axis=(1, 3), dtype=np.float64)  # [boxes, crop_w]
        out = np.zeros((len(boxes), 4), np.float64)
        for axis, d, size, crop, lo, hi in ((0, dy, height, crop_h, 0, 2), (1, dx, width, crop_w, 1, 3)):
            if crop > 1:
                ratio = (size - 1) / (crop - 1)
                pos = np.arange(crop) * ratio
                out[:, lo] = (d * ((size - 1) - pos)).sum(axis=1)
                out[:, hi] = (d * pos).sum(axis=1)
            else:
                out[:, lo] = out[:, hi] = (d * 0.5 * (size - 1)).sum(axis=1)
        return out.astype(_F32)

    grad = NOT_DIFFERENTIABLE

    samples = [((np.ones((1, 3, 4, 1), np.float32), np.arange(30, dtype=np.float32).reshape(1, 5, 6, 1),
                 np.array([[0.1, 0.2, 0.7, 0.9]], np.float32), np.array([0], np.int32)), {})]


# --- drawing boxes -------------------------------------------------------------------------------------

_DEFAULT_COLORS = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1], [0.5, 0, 0.5, 1],
                            [0.5, 0.5, 0, 1], [0.5, 0, 0, 1], [0, 0, 0.5, 1], [0, 1, 1, 1], [1, 0, 1, 1]], np.float32)


def _draw(images: np.ndarray, boxes: np.ndarray, colors: np.ndarray | None) -> np.ndarray:
    """TF's DrawBoundingBoxes: each box's outline in its colour (cycled), coordinates scaled by size - 1 and
    truncated; colour values cast to the image dtype as they are (1.0 stays 1 in a uint8 image)."""
    if images.ndim != 4:
        raise _invalid(f"The rank of the images should be 4{_shape_text(images.shape)}")
    batch, height, width, depth = images.shape
    if depth not in (1, 3, 4):
        raise _invalid("Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA)")
    if boxes.ndim != 3 or boxes.shape[0] != batch or boxes.shape[2] != 4:
        raise _invalid(f"boxes must be [batch, num_boxes, 4], got {_shape_text(boxes.shape)}")
    table = _DEFAULT_COLORS
    if colors is not None:
        if colors.ndim != 2 or colors.shape[1] < depth:
            raise _invalid(f"colors must be a 2-D matrix with at least {depth} columns{_shape_text(colors.shape)}")
        if colors.shape[0] > 0:
            table = np.concatenate([colors.astype(_F32), np.ones((colors.shape[0], 4), _F32)], axis=1)[:, :4]
            table[:, :min(colors.shape[1], 4)] = colors[:, :4]
    canvas = images.copy()
    for b in range(batch):
        for k in range(boxes.shape[1]):
            color = table[k % len(table)][:depth].astype(images.dtype)
            coords = boxes[b, k].astype(_F32)
            top, left = int(coords[0] * _F32(height - 1)), int(coords[1] * _F32(width - 1))
            bottom, right = int(coords[2] * _F32(height - 1)), int(coords[3] * _F32(width - 1))
            if top > bottom or left > right or top >= height or bottom < 0 or left >= width or right < 0:
                continue
            rows = slice(max(top, 0), min(bottom, height - 1) + 1)
            cols = slice(max(left, 0), min(right, width - 1) + 1)
            if top >= 0:
                canvas[b, top, cols] = color
            if bottom < height:
                canvas[b, bottom, cols] = color
            if left >= 0:
                canvas[b, rows, left] = color
            if right < width:
                canvas[b, rows, right] = color
    return canvas


def _draw_infer(images, boxes, *colors):
    check_dtype("DrawBoundingBoxes", "images", images, (dtypes.float32, dtypes.float16))
    return images.dtype.base_dtype, images.shape


_DRAW_SAMPLE = (np.zeros((1, 6, 7, 3), np.float32), np.array([[[0.1, 0.2, 0.8, 0.9], [-0.5, 0.5, 0.5, 1.5]]],
                                                             np.float32))


@op("DrawBoundingBoxes", inputs=("images", "boxes"))
class DrawBoundingBoxes:
    """Box outlines drawn onto a batch of images in TF's default colours."""

    infer = _draw_infer

    def kernel(xp, images, boxes):
        return _draw(images, boxes, None)

    grad = NOT_DIFFERENTIABLE

    samples = [(_DRAW_SAMPLE, {})]


@op("DrawBoundingBoxesV2", inputs=("images", "boxes", "colors"))
class DrawBoundingBoxesV2:
    """Box outlines drawn onto a batch of images, box k in colors[k % len(colors)]."""

    infer = _draw_infer

    def kernel(xp, images, boxes, colors):
        return _draw(images, boxes, colors)

    grad = NOT_DIFFERENTIABLE

    samples = [((*_DRAW_SAMPLE, np.array([[0.2, 0.4, 0.6, 1.0]], np.float32)), {})]


# --- public functions -----------------------------------------------------------------------------------

def _scope(name, default):
    return get_default_graph().name_scope(name or default)


@tf_export("image.non_max_suppression")
def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"),
                        name=None) -> Tensor:
    """Indices of the boxes greedy non-max suppression keeps, by decreasing score (NonMaxSuppressionV3)."""
    with _scope(name, "non_max_suppression"):
        iou_threshold = convert_to_tensor(iou_threshold, dtype=dtypes.float32, name="iou_threshold")
        score_threshold = convert_to_tensor(score_threshold, dtype=dtypes.float32, name="score_threshold")
        return NonMaxSuppressionV3(convert_to_tensor(boxes), convert_to_tensor(scores),
                                   convert_to_tensor(max_output_size, dtype=dtypes.int32), iou_threshold,
                                   score_threshold)


@tf_export("image.non_max_suppression_with_scores")
def non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
                                    score_threshold=float("-inf"), soft_nms_sigma=0.0, name=None):
    """(indices, scores) of greedy or Soft-NMS (soft_nms_sigma > 0) selection (NonMaxSuppressionV5)."""
    with _scope(name, "non_max_suppression_with_scores"):
        thresholds = [convert_to_tensor(v, dtype=dtypes.float32, name=n) for v, n in (
            (iou_threshold, "iou_threshold"), (score_threshold, "score_threshold"),
            (soft_nms_sigma, "soft_nms_sigma"))]
        indices, kept, _ = NonMaxSuppressionV5(convert_to_tensor(boxes), convert_to_tensor(scores),
                                               convert_to_tensor(max_output_size, dtype=dtypes.int32), *thresholds,
                                               pad_to_max_output_size=False)
        return indices, kept


@tf_export("image.non_max_suppression_overlaps")
def non_max_suppression_overlaps(overlaps, scores, max_output_size, overlap_threshold=0.5,
                                 score_threshold=float("-inf"), name=None) -> Tensor:
    with _scope(name, "non_max_suppression_overlaps"):
        overlap_threshold = convert_to_tensor(overlap_threshold, dtype=dtypes.float32, name="overlap_threshold")
        score_threshold = convert_to_tensor(score_threshold, dtype=dtypes.float32, name="score_threshold")
        return NonMaxSuppressionWithOverlaps(convert_to_tensor(overlaps), convert_to_tensor(scores),
                                             convert_to_tensor(max_output_size, dtype=dtypes.int32),
                                             overlap_threshold, score_threshold)


@tf_export("image.crop_and_resize")
def crop_and_resize(image, boxes, box_ind=None, crop_size=None, method="bilinear", extrapolation_value=0,
                    name=None, box_indices=None) -> Tensor:
    """Each box's window of its batch image resampled to crop_size, as float32 (CropAndResize)."""
    box_ind = box_indices if box_ind is None else box_ind
    return CropAndResize(convert_to_tensor(image, name="image"), convert_to_tensor(boxes, dtype=dtypes.float32),
                         convert_to_tensor(box_ind, dtype=dtypes.int32),
                         convert_to_tensor(crop_size, dtype=dtypes.int32), method=method,
                         extrapolation_value=float(extrapolation_value), name=name)


@tf_export("image.draw_bounding_boxes")
def draw_bounding_boxes(images, boxes, name=None, colors=None) -> Tensor:
    images, boxes = convert_to_tensor(images, name="images"), convert_to_tensor(boxes, name="boxes")
    if colors is None:
        return DrawBoundingBoxes(images, boxes, name=name)
    return DrawBoundingBoxesV2(images, boxes, convert_to_tensor(colors, dtype=dtypes.float32), name=name)
