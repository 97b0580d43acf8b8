"""GatherTree: the op under `tf.contrib.seq2seq.gather_tree` (TF 1.15's contrib beam_search_ops), which
follows each final beam back through its parents to spell out its whole sequence of ids."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from .common import check_dtype, shape_str


def _merge_error(a: TensorShape, b: TensorShape):
    """TF's Merge failure text for two rank-3 shapes, or None when they agree."""
    for i, (x, y) in enumerate(zip(a.as_list(), b.as_list())):
        if x is not None and y is not None and x != y:
            return (f"Dimension {i} in both shapes must be equal, but are {x} and {y}. Shapes are "
                    f"{shape_str(a)} and {shape_str(b)}.")
    return None


@op("GatherTree", inputs=("step_ids", "parent_ids", "max_sequence_lengths", "end_token"),
    type_attrs={"T": "step_ids"})
class GatherTree:
    """beams[t, b, k]: the id at step t of the beam that ends at k, read by walking `parent_ids` back
    from step min(max_time, max_sequence_lengths[b]) - 1; entries after the first `end_token` (and past
    the length) are `end_token`."""

    def infer(step_ids, parent_ids, max_sequence_lengths, end_token):
        for name, t in (("step_ids", step_ids), ("parent_ids", parent_ids), ("end_token", end_token)):
            check_dtype("GatherTree", name, t, (dtypes.int32,))
        check_dtype("GatherTree", "max_sequence_lengths", max_sequence_lengths, (dtypes.int32,))
        shapes = ", ".join(shape_str(t.shape) for t in (step_ids, parent_ids, max_sequence_lengths, end_token))
        note = f" for 'GatherTree' with input shapes: {shapes}."
        for t, rank in ((step_ids, 3), (parent_ids, 3), (max_sequence_lengths, 1), (end_token, 0)):
            if t.shape.ndims not in (None, rank):
                raise ValueError(f"Shape must be rank {rank} but is rank {t.shape.ndims}{note}")
        shape = step_ids.shape
        if shape.ndims is not None and parent_ids.shape.ndims is not None:
            problem = _merge_error(shape, parent_ids.shape)
            if problem:
                raise ValueError(problem + note)
            shape = shape.merge_with(parent_ids.shape)
        elif shape.ndims is None:
            shape = parent_ids.shape
        if shape.ndims is not None and max_sequence_lengths.shape.ndims is not None:
            batch, lengths = shape[1].value, max_sequence_lengths.shape[0].value
            if batch is not None and lengths is not None and batch != lengths:
                raise ValueError(f"Dimensions must be equal, but are {batch} and {lengths}{note}")
            if batch is None:
                shape = TensorShape([shape[0], lengths, shape[2]])
        return dtypes.int32, shape

    def kernel(xp, step_ids, parent_ids, max_sequence_lengths, end_token):
        if step_ids.shape != parent_ids.shape:
            raise errors.InvalidArgumentError(None, None, "step_ids.shape must match parent_ids.shape.  but shapes "
                                              f"are: {list(step_ids.shape)} and {list(parent_ids.shape)}")
        if step_ids.shape[1] != max_sequence_lengths.shape[0]:
            raise errors.InvalidArgumentError(
                None, None, "batch size dimensions step_ids.shape[1] and max_sequence_lengths.shape[0] must match.  "
                f"but shapes are: {list(step_ids.shape)} and {list(max_sequence_lengths.shape)}")
        max_time, batch_size, beam_width = step_ids.shape
        end = int(end_token)
        beams = np.full(step_ids.shape, end, np.int32)
        for b in range(batch_size):
            length = min(max_time, int(max_sequence_lengths[b]))
            if length <= 0:
                continue
            for k in range(beam_width):
                beams[length - 1, b, k] = step_ids[length - 1, b, k]
                parent = int(parent_ids[length - 1, b, k])
                for level in range(length - 2, -1, -1):
                    if parent < 0 or parent > beam_width:
                        beams[level, b, k] = -1
                        break
                    beams[level, b, k] = step_ids[level, b, parent]
                    parent = int(parent_ids[level, b, parent])
                ended = np.flatnonzero(beams[:length, b, k] == end)
                if ended.size:
                    beams[ended[0] + 1:length, b, k] = end
        return xp.asarray(beams)

    grad = NOT_DIFFERENTIABLE

    samples = (((np.array([[[2, 5, 3]], [[4, 1, 6]], [[7, 8, 9]]], np.int32),
                 np.array([[[0, 0, 0]], [[0, 2, 1]], [[2, 1, 0]]], np.int32),
                 np.array([3], np.int32), np.array(1, np.int32)), {}),)
