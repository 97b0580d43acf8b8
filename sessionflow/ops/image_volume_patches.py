"""ExtractVolumePatches (`tf.extract_volume_patches`): the 3-D patches of an NDHWC volume, each flattened in
(plane, row, column, channel) order into the depth of the output; SAME zero-pads as 3-D convolutions do. Its
gradient routes each entry back to its voxel (TF's _ExtractVolumePatchesGrad, as a segment sum)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from . import shape_fns
from .common import NUMBERS, check_dtype
from .constant import constant, convert_to_tensor
from .image_patches import _output_size


def _check_attrs(ksizes, strides, padding):
    for name, value in (("ksizes", ksizes), ("strides", strides)):
        if len(value) < 5:
            raise ValueError(f"Attr '{name}' of 'ExtractVolumePatches' Op passed list of length {len(value)} less "
                             "than minimum 5.")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Attr 'padding' of 'ExtractVolumePatches' Op passed string '{padding}' not in: \"SAME\", "
                         "\"VALID\".")


@op("ExtractVolumePatches", inputs=("input",), attrs=dict(ksizes=None, strides=None, padding=None))
class ExtractVolumePatches:
    """[batch, planes, rows, cols, depth] -> [batch, out_planes, out_rows, out_cols, kp * kr * kc * depth]."""

    def infer(input, ksizes, strides, padding):
        check_dtype("ExtractVolumePatches", "input", input, NUMBERS)
        _check_attrs(ksizes, strides, padding)
        batch, *spatial, depth = shape_fns.with_rank("ExtractVolumePatches", input.shape, 5).as_list()
        out = [None if size is None else _output_size("ExtractVolumePatches", size, k, s, 1, padding)[0]
               for size, k, s in zip(spatial, ksizes[1:4], strides[1:4])]
        out_depth = None if depth is None else ksizes[1] * ksizes[2] * ksizes[3] * depth
        return input.dtype.base_dtype, TensorShape([batch, *out, out_depth])

    def kernel(xp, input, ksizes, strides, padding):
        if input.ndim != 5:
            raise errors.InvalidArgumentError(None, None, f"input must be 5-dimensional{list(input.shape)}")
        if len(ksizes) != 5 or len(strides) != 5:
            raise errors.InvalidArgumentError(None, None, "Sliding window ksizes field must specify 5 dimensions")
        if ksizes[0] != 1 or strides[0] != 1 or ksizes[4] != 1 or strides[4] != 1:
            raise errors.InvalidArgumentError(None, None, "Only support ksizes across space.")
        batch, *spatial, depth = input.shape
        index, inside, outs = [], [], []
        for size, k, s in zip(spatial, ksizes[1:4], strides[1:4]):
            try:
                out, pad = _output_size("ExtractVolumePatches", size, k, s, 1, padding)
            except ValueError as e:
                raise errors.InvalidArgumentError(None, None, e.args[0].split(" for '")[0]) from None
            idx = (np.arange(out) * s)[:, None] + np.arange(k)[None, :] - pad
            index.append(np.clip(idx, 0, max(size - 1, 0)))
            inside.append((idx >= 0) & (idx < size))
            outs.append(out)
        (p, kp), (r, kr), (c, kc) = [i.shape for i in index]
        sel = (index[0][:, None, None, :, None, None], index[1][None, :, None, None, :, None],
               index[2][None, None, :, None, None, :])
        ok = (inside[0][:, None, None, :, None, None] & inside[1][None, :, None, None, :, None]
              & inside[2][None, None, :, None, None, :])
        taken = input[(slice(None), *sel)] if input.size else np.zeros((batch, p, r, c, kp, kr, kc, depth),
                                                                        input.dtype)
        patches = np.where(ok[None, ..., None], taken, np.zeros((), input.dtype))
        return patches.reshape(batch, *outs, kp * kr * kc * depth)

    def grad(op_, grad):
        from .array import range as range_
        from .array import reshape, shape, stack
        from .array_transform import transpose, unstack
        from .math import cast
        from .segment import unsorted_segment_sum

        attrs = op_.attrs
        batch, planes, rows, cols, channels = unstack(shape(op_.inputs[0], out_type=dtypes.int64))
        planes_out, rows_out, cols_out = unstack(shape(op_.outputs[0], out_type=dtypes.int64)[1:4])
        kp, kr, kc = (constant(k, dtypes.int64) for k in attrs["ksizes"][1:4])
        num = planes * rows * cols
        one = constant(1, dtypes.int64)
        index = reshape(range_(cast(one, dtypes.float32), cast(num + 1, dtypes.float32), dtype=dtypes.float32),
                        stack([one, planes, rows, cols, one]))
        index_patched = cast(ExtractVolumePatches(index, **attrs), dtypes.int64)
        expanded = transpose(reshape(convert_to_tensor(grad),
                                     stack([batch, planes_out, rows_out, cols_out, kp, kr, kc, channels])),
                             (1, 2, 3, 4, 5, 6, 0, 7))
        flat = reshape(expanded, stack([constant(-1, dtypes.int64), batch * channels]))
        summed = unsorted_segment_sum(flat, reshape(index_patched, [-1]) - 1, num_segments=num)
        return transpose(reshape(summed, stack([planes, rows, cols, batch, channels])), (3, 0, 1, 2, 4))

    samples = [((np.arange(48.0).reshape(1, 2, 4, 3, 2) / 5,), dict(ksizes=[1, 2, 2, 2, 1], strides=[1, 1, 2, 1, 1],
                                                                     padding="VALID")),
               ((np.arange(54.0).reshape(2, 3, 3, 3, 1) / 7,), dict(ksizes=[1, 2, 3, 1, 1], strides=[1, 2, 1, 2, 1],
                                                                     padding="SAME"))]


@tf_export("extract_volume_patches")
def extract_volume_patches(input, ksizes, strides, padding, name=None) -> Tensor:
    """The 3-D patches of an NDHWC `input`, flattened into the depth of the output."""
    with get_default_graph().name_scope(name or "ExtractVolumePatches") as scope:
        return ExtractVolumePatches(convert_to_tensor(input, name="input"), ksizes=[int(k) for k in ksizes],
                                    strides=[int(s) for s in strides], padding=padding, name=scope)
