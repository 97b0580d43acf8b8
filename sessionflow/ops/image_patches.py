"""ExtractImagePatches (`tf.image.extract_patches`, `tf.extract_image_patches`): the (dilated) patches of an
NHWC image, each flattened in (row, column, channel) order into the depth of the output."""

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


def _output_size(op_type: str, size, ksize: int, stride: int, rate: int, padding: str):
    """TF's `GetWindowedOutputSize` with an effective (dilated) window: (output size, padding before)."""
    if size is None:
        return None, None
    effective = ksize + (ksize - 1) * (rate - 1)
    if padding == "VALID":
        span = size - effective + stride
        out = span // stride if span >= 0 else -(-span // stride)  # C++ division truncates
        if out < 0:
            raise ValueError(f"Computed output size would be negative: {out} [input_size: {size}, "
                             f"effective_filter_size: {effective}, stride: {stride}] for '{op_type}'")
        return out, 0
    out = (size + stride - 1) // stride
    return out, max((out - 1) * stride + effective - size, 0) // 2


def _check_attrs(op_type: str, ksizes, strides, rates, padding):
    """The op builder's attr checks (the kernel checks the values)."""
    for name, value in (("ksizes", ksizes), ("strides", strides), ("rates", rates)):
        if len(value) < 4:
            raise ValueError(f"Attr '{name}' of '{op_type}' Op passed list of length {len(value)} less than "
                             "minimum 4.")
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Attr 'padding' of '{op_type}' Op passed string '{padding}' not in: \"SAME\", \"VALID\".")


def _check_values(ksizes, strides, rates):
    """The kernel's checks: exactly four values each, windows only over rows and columns."""
    for name, value in (("ksizes", ksizes), ("strides", strides), ("rates", rates)):
        if len(value) != 4:
            raise errors.InvalidArgumentError(None, None, f"Sliding window {name} field must specify 4 dimensions")
    if ksizes[0] != 1 or strides[0] != 1 or rates[0] != 1 or ksizes[3] != 1 or strides[3] != 1 or rates[3] != 1:
        raise errors.InvalidArgumentError(None, None, "Only support ksizes across space.")


@op("ExtractImagePatches", inputs=("images",), attrs=dict(ksizes=None, strides=None, rates=None, padding=None))
class ExtractImagePatches:
    """[batch, rows, cols, depth] -> [batch, out_rows, out_cols, ksize_rows * ksize_cols * depth]: the window at
    each output position, its taps `rates` apart; SAME zero-pads as convolutions do."""

    def infer(images, ksizes, strides, rates, padding):
        check_dtype("ExtractImagePatches", "images", images, NUMBERS | {dtypes.bool})
        _check_attrs("ExtractImagePatches", ksizes, strides, rates, padding)
        dims = shape_fns.with_rank("ExtractImagePatches", images.shape, 4).as_list()
        batch, rows, cols, depth = dims
        out_rows = out_cols = None  # TF leaves both unknown unless both input sizes are known
        if rows is not None and cols is not None:
            out_rows, _ = _output_size("ExtractImagePatches", rows, ksizes[1], strides[1], rates[1], padding)
            out_cols, _ = _output_size("ExtractImagePatches", cols, ksizes[2], strides[2], rates[2], padding)
        out_depth = None if depth is None else ksizes[1] * ksizes[2] * depth
        return images.dtype.base_dtype, TensorShape([batch, out_rows, out_cols, out_depth])

    def kernel(xp, images, ksizes, strides, rates, padding):
        if images.ndim != 4:
            raise errors.InvalidArgumentError(None, None, f"input must be 4-dimensional"
                                                          f"[{','.join(map(str, images.shape))}]")
        _check_values(ksizes, strides, rates)
        _, rows, cols, _ = images.shape
        try:
            out_r, pad_r = _output_size("ExtractImagePatches", rows, ksizes[1], strides[1], rates[1], padding)
            out_c, pad_c = _output_size("ExtractImagePatches", cols, ksizes[2], strides[2], rates[2], padding)
        except ValueError as e:
            raise errors.InvalidArgumentError(None, None, e.args[0].split(" for '")[0]) from None
        r_idx = (np.arange(out_r) * strides[1])[:, None] + (np.arange(ksizes[1]) * rates[1])[None, :] - pad_r
        c_idx = (np.arange(out_c) * strides[2])[:, None] + (np.arange(ksizes[2]) * rates[2])[None, :] - pad_c
        r_ok, c_ok = (r_idx >= 0) & (r_idx < rows), (c_idx >= 0) & (c_idx < cols)
        taken = images[:, np.clip(r_idx, 0, max(rows - 1, 0))[:, None, :, None],
                       np.clip(c_idx, 0, max(cols - 1, 0))[None, :, None, :], :] if images.size else \
            xp.zeros((images.shape[0], out_r, out_c, ksizes[1], ksizes[2], images.shape[3]), images.dtype)
        inside = (r_ok[:, None, :, None] & c_ok[None, :, None, :])[None, ..., None]
        patches = xp.where(inside, taken, xp.zeros((), images.dtype))
        return patches.reshape(images.shape[0], out_r, out_c, ksizes[1] * ksizes[2] * images.shape[3])

    def grad(op_, grad):
        """TF's `_ExtractImagePatchesGrad`: the patches of an index image route each gradient entry back to
        its pixel (UnsortedSegmentSum; padding taps get index -1 and drop out)."""
        from .array import range as range_
        from .array import reshape, shape, stack
        from .array_transform import transpose, unstack
        from .math import cast
        from .segment import unsorted_segment_sum

        attrs = op_.attrs
        batch_size, rows_in, cols_in, channels = unstack(shape(op_.inputs[0], out_type=dtypes.int64))
        rows_out, cols_out = unstack(shape(op_.outputs[0], out_type=dtypes.int64)[1:3])
        ksize_r, ksize_c = attrs["ksizes"][1:3]
        input_indices_num = rows_in * cols_in
        one = constant(1, dtypes.int64)
        input_idx = reshape(range_(cast(one, dtypes.float32), cast(input_indices_num + 1, dtypes.float32),
                                   dtype=dtypes.float32), stack([one, rows_in, cols_in, one]))
        input_idx_patched = cast(ExtractImagePatches(input_idx, **attrs), dtypes.int64)
        ksize_r, ksize_c = constant(ksize_r, dtypes.int64), constant(ksize_c, dtypes.int64)
        grad_expanded = transpose(reshape(convert_to_tensor(grad),
                                          stack([batch_size, rows_out, cols_out, ksize_r, ksize_c, channels])),
                                  (1, 2, 3, 4, 0, 5))
        grad_flat = reshape(grad_expanded, stack([constant(-1, dtypes.int64), batch_size * channels]))
        segment_ids = reshape(input_idx_patched, [-1]) - 1
        grad_out = unsorted_segment_sum(grad_flat, segment_ids, num_segments=input_indices_num)
        grad_out = reshape(grad_out, stack([rows_in, cols_in, batch_size, channels]))
        return transpose(grad_out, (2, 0, 1, 3))

    samples = [((np.arange(32.0).reshape(1, 4, 4, 2),), dict(ksizes=[1, 2, 2, 1], strides=[1, 1, 1, 1],
                                                              rates=[1, 1, 1, 1], padding="VALID")),
               ((np.arange(50.0).reshape(2, 5, 5, 1) / 7,), dict(ksizes=[1, 3, 2, 1], strides=[1, 2, 2, 1],
                                                                  rates=[1, 1, 2, 1], padding="SAME")),
               ((np.arange(48, dtype=np.int32).reshape(1, 4, 6, 2),), dict(ksizes=[1, 1, 3, 1], strides=[1, 3, 1, 1],
                                                                            rates=[1, 1, 1, 1], padding="SAME"))]


def _extract(images, ksizes, strides, rates, padding, name):
    with get_default_graph().name_scope(name or "ExtractImagePatches") as scope:
        images = convert_to_tensor(images, name="images")
        padding = padding.decode() if isinstance(padding, bytes) else padding
        return ExtractImagePatches(images, ksizes=[int(k) for k in ksizes], strides=[int(s) for s in strides],
                                   rates=[int(r) for r in rates], padding=padding, name=scope)


@tf_export("image.extract_patches")
def extract_patches(images, sizes, strides, rates, padding, name=None) -> Tensor:
    """`tf.image.extract_patches`: the patches of `images`, flattened into the depth of the output."""
    return _extract(images, sizes, strides, rates, padding, name)


@tf_export("extract_image_patches", "image.extract_image_patches")
def extract_image_patches(images, ksizes=None, strides=None, rates=None, padding=None, name=None, sizes=None):
    """`tf.extract_image_patches` (TF1 argument names; `sizes` is an alias of `ksizes`)."""
    return _extract(images, ksizes if ksizes is not None else sizes, strides, rates, padding, name)
