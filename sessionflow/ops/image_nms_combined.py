"""CombinedNonMaxSuppression (`tf.image.combined_non_max_suppression`): greedy NMS per batch image and class,
then the best `max_total_size` detections of each image across its classes, zero-padded.

Per class, candidates come off a binary max-heap ordered by score alone, as TF's std::priority_queue keeps
them (libstdc++'s push/pop, reproduced, so boxes with equal scores come off in TF's order); a candidate is
kept when its IOU with every box kept before it, newest first, is at most iou_threshold.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from .common import check_dtype
from .constant import convert_to_tensor
from .image_boxes import _iou_matrix

_F32 = np.float32


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(None, None, message)


class _ScoreHeap:
    """std::priority_queue<Candidate> with `a.score < b.score` as libstdc++ implements it (push_heap/pop_heap)."""

    def __init__(self):
        self.items: list = []

    def _sift_up(self, hole: int, top: int, item) -> None:
        heap = self.items
        parent = (hole - 1) // 2
        while hole > top and heap[parent][0] < item[0]:
            heap[hole] = heap[parent]
            hole = parent
            parent = (hole - 1) // 2
        heap[hole] = item

    def push(self, item) -> None:
        self.items.append(item)
        self._sift_up(len(self.items) - 1, 0, item)

    def pop(self):
        heap = self.items
        top = heap[0]
        last = heap.pop()
        length = len(heap)
        if length == 0:
            return top
        hole, child = 0, 0
        while child < (length - 1) // 2:
            child = 2 * (child + 1)
            if heap[child][0] < heap[child - 1][0]:
                child -= 1
            heap[hole] = heap[child]
            hole = child
        if length % 2 == 0 and child == (length - 2) // 2:
            child = 2 * (child + 1)
            heap[hole] = heap[child - 1]
            hole = child - 1
        self._sift_up(hole, 0, last)
        return top

    def __bool__(self) -> bool:
        return bool(self.items)


def _per_class(scores: np.ndarray, iou: np.ndarray, limit: int, score_threshold, iou_threshold) -> list:
    """TF's DoNMSPerClass: (box index, score) of the kept candidates of one class, best first."""
    heap = _ScoreHeap()
    for index, score in enumerate(scores):
        if score > score_threshold:
            heap.push((score, index))
    kept: list = []
    while len(kept) < limit and heap:
        score, index = heap.pop()
        if all(iou[index, other] <= iou_threshold for other, _ in reversed(kept)):
            kept.append((index, score))
    return kept


@op("CombinedNonMaxSuppression", inputs=("boxes", "scores", "max_output_size_per_class", "max_total_size",
                                         "iou_threshold", "score_threshold"),
    attrs=dict(pad_per_class=False, clip_boxes=True), type_attrs={})
class CombinedNonMaxSuppression:
    """Per image: (boxes [n, 4], scores [n], classes [n], valid count) of class-wise NMS, best first."""

    def infer(boxes, scores, max_output_size_per_class, max_total_size, iou_threshold, score_threshold,
              pad_per_class, clip_boxes):
        check_dtype("CombinedNonMaxSuppression", "boxes", boxes, (dtypes.float32,))
        if boxes.shape.ndims not in (None, 4):
            raise ValueError(f"Shape must be rank 4 but is rank {boxes.shape.ndims} for 'CombinedNonMaxSuppression'")
        if scores.shape.ndims not in (None, 3):
            raise ValueError(f"Shape must be rank 3 but is rank {scores.shape.ndims} for "
                             "'CombinedNonMaxSuppression'")
        batch = boxes.shape.as_tuple()[0] if boxes.shape.ndims else None
        total = static_value(max_total_size)
        per_class = static_value(max_output_size_per_class)
        size = None if total is None else int(total)
        if pad_per_class and size is not None:
            classes = scores.shape.as_tuple()[2] if scores.shape.ndims else None
            size = None if per_class is None or classes is None else min(size, int(per_class) * classes)
        return [(dtypes.float32, TensorShape([batch, size, 4])), (dtypes.float32, TensorShape([batch, size])),
                (dtypes.float32, TensorShape([batch, size])), (dtypes.int32, TensorShape([batch]))]

    def kernel(xp, boxes, scores, max_output_size_per_class, max_total_size, iou_threshold, score_threshold,
               pad_per_class, clip_boxes):
        if boxes.ndim != 4:
            raise _invalid(f"boxes must be 4-D{list(boxes.shape)}".replace(" ", ""))
        if scores.ndim != 3:
            raise _invalid(f"scores must be 3-D{list(scores.shape)}".replace(" ", ""))
        per_class_limit, total = int(max_output_size_per_class), int(max_total_size)
        if per_class_limit <= 0:
            raise _invalid("max_size_per_class must be > 0")
        if total <= 0:
            raise _invalid("max_total_size must be > 0")
        if not 0 <= iou_threshold <= 1:
            raise _invalid("iou_threshold must be in [0, 1]")
        batch, num_boxes, q, _ = boxes.shape
        num_classes = scores.shape[2]
        if scores.shape[:2] != (batch, num_boxes):
            raise _invalid("boxes and scores must agree on batch size and number of boxes")
        if q not in (1, num_classes):
            raise _invalid("third dimension of boxes must be either 1 or num_classes")
        size_per_class = min(per_class_limit, num_boxes)
        per_batch = min(total, per_class_limit * num_classes) if pad_per_class else total
        out_boxes = np.zeros((batch, per_batch, 4), _F32)
        out_scores = np.zeros((batch, per_batch), _F32)
        out_classes = np.zeros((batch, per_batch), _F32)
        valid = np.zeros(batch, np.int32)
        threshold, floor = _F32(iou_threshold), _F32(score_threshold)
        for b in range(batch):
            found = []  # (score, class, slot, box index)
            for c in range(num_classes):
                class_boxes = boxes[b, :, c if q > 1 else 0].astype(_F32)
                kept = _per_class(scores[b, :, c].astype(_F32), _iou_matrix(class_boxes), size_per_class, floor,
                                  threshold)
                found += [(score, c, index) for index, score in kept]
            found.sort(key=lambda item: -item[0])  # TF's std::sort by score (ties: see the module docstring)
            count = min(len(found), per_batch if pad_per_class else total)
            valid[b] = count
            for slot, (score, c, index) in enumerate(found[:count]):
                corners = boxes[b, index, c if q > 1 else 0].astype(_F32)
                out_boxes[b, slot] = np.clip(corners, 0, 1) if clip_boxes else corners
                out_scores[b, slot], out_classes[b, slot] = score, c
        return out_boxes, out_scores, out_classes, valid

    grad = NOT_DIFFERENTIABLE

    samples = [((np.array([[[[0, 0, 1, 1]], [[0, 0.1, 1, 1.1]], [[0, 10, 1, 11]], [[0.5, 0.5, 0.6, 0.7]]]],
                          np.float32),
                 np.array([[[0.9, 0.1], [0.8, 0.7], [0.3, 0.95], [0.6, 0.2]]], np.float32),
                 np.int32(2), np.int32(5), np.float32(0.5), np.float32(0.15)), {}),
               ((np.zeros((2, 3, 1, 4), np.float32) + np.array([0, 0, 1.5, 1], np.float32),
                 np.arange(12, dtype=np.float32).reshape(2, 3, 2) / 12, np.int32(1), np.int32(4), np.float32(0.5),
                 np.float32(0.0)), dict(pad_per_class=True, clip_boxes=False))]


@tf_export("image.combined_non_max_suppression")
def combined_non_max_suppression(boxes, scores, max_output_size_per_class, max_total_size, iou_threshold=0.5,
                                 score_threshold=float("-inf"), pad_per_class=False, clip_boxes=True, name=None):
    """(nmsed_boxes, nmsed_scores, nmsed_classes, valid_detections) of per-class NMS over a batch."""
    with get_default_graph().name_scope(name or "combined_non_max_suppression"):
        iou_threshold = convert_to_tensor(iou_threshold, dtype=dtypes.float32, name="iou_threshold")
        score_threshold = convert_to_tensor(score_threshold, dtype=dtypes.float32, name="score_threshold")
        max_total_size = convert_to_tensor(max_total_size)
        boxes, scores = (x if hasattr(x, "op") else convert_to_tensor(x, dtype=dtypes.float32) for x in (boxes, scores))
        return CombinedNonMaxSuppression(boxes, scores,
                                         convert_to_tensor(max_output_size_per_class, dtype=dtypes.int32),
                                         max_total_size, iou_threshold, score_threshold,
                                         pad_per_class=pad_per_class, clip_boxes=clip_boxes)

