"""SpaceToDepth and DepthToSpace: moving square spatial blocks into channels and back (NHWC)."""

from __future__ import annotations

import numpy as np

from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from .common import shape_str
from .constant import convert_to_tensor


def _block_infer(op_type, input, block_size, data_format, to_depth):
    if block_size < 2:
        raise ValueError(f"Value for attr 'block_size' of {block_size} must be at least minimum 2")
    if data_format != "NHWC":
        raise ValueError(f"{op_type} supports only data_format='NHWC' in sessionflow, got {data_format!r}")
    dims = input.shape.as_tuple()
    if dims is None:
        return input.dtype.base_dtype, [None] * 4
    if len(dims) != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {len(dims)} for '{op_type}' with input shapes: "
                         f"{shape_str(input.shape)}.")
    n, h, w, c = dims
    b = block_size
    if to_depth:
        for d in (h, w):
            if d is not None and d % b:
                raise ValueError(f"Dimension size must be evenly divisible by {b} but is {d} for '{op_type}' with "
                                 f"input shapes: {shape_str(input.shape)}.")
        out = (n, None if h is None else h // b, None if w is None else w // b, None if c is None else c * b * b)
    else:
        if c is not None and c % (b * b):
            raise ValueError(f"Dimension size must be evenly divisible by {b * b} but is {c} for '{op_type}' with "
                             f"input shapes: {shape_str(input.shape)}.")
        out = (n, None if h is None else h * b, None if w is None else w * b, None if c is None else c // (b * b))
    return input.dtype.base_dtype, out


@op("SpaceToDepth", inputs=("input",), attrs=dict(block_size=None, data_format="NHWC"))
class SpaceToDepth:
    """Moves each `block_size` x `block_size` spatial block into the channel dimension (NHWC)."""

    def infer(input, block_size, data_format):
        return _block_infer("SpaceToDepth", input, block_size, data_format, True)

    def kernel(xp, input, block_size, data_format):
        n, h, w, c = input.shape
        b = block_size
        if h % b or w % b:
            raise errors.InvalidArgumentError(None, None, f"Image width {w} and height {h} should be divisible by "
                                                          f"block_size: {b}")
        x = xp.reshape(input, (n, h // b, b, w // b, b, c))
        return xp.reshape(xp.transpose(x, (0, 1, 3, 2, 4, 5)), (n, h // b, w // b, b * b * c))

    def grad(op_, g):
        return depth_to_space(g, op_.attrs["block_size"])

    samples = [((np.arange(32.0).reshape(1, 4, 4, 2),), dict(block_size=2)),
               ((np.arange(18, dtype=np.int32).reshape(2, 3, 3, 1),), dict(block_size=3))]


@op("DepthToSpace", inputs=("input",), attrs=dict(block_size=None, data_format="NHWC"))
class DepthToSpace:
    """Moves channel groups of size `block_size`**2 into spatial blocks (the inverse of SpaceToDepth)."""

    def infer(input, block_size, data_format):
        return _block_infer("DepthToSpace", input, block_size, data_format, False)

    def kernel(xp, input, block_size, data_format):
        n, h, w, c = input.shape
        b = block_size
        if c % (b * b):
            raise errors.InvalidArgumentError(None, None, f"Input depth dimension {c} should be divisible by: "
                                                          f"{b * b}")
        x = xp.reshape(input, (n, h, w, b, b, c // (b * b)))
        return xp.reshape(xp.transpose(x, (0, 1, 3, 2, 4, 5)), (n, h * b, w * b, c // (b * b)))

    def grad(op_, g):
        return space_to_depth(g, op_.attrs["block_size"])

    samples = [((np.arange(16.0).reshape(1, 2, 2, 4),), dict(block_size=2)),
               ((np.arange(8, dtype=np.int64).reshape(2, 1, 1, 4),), dict(block_size=2))]


@tf_export("space_to_depth", "nn.space_to_depth")
def space_to_depth(input, block_size, name=None, data_format="NHWC") -> Tensor:
    with get_default_graph().name_scope(name or "SpaceToDepth") as scope:
        return SpaceToDepth(convert_to_tensor(input, name="input"), block_size=int(block_size),
                            data_format=data_format, name=scope)


@tf_export("depth_to_space", "nn.depth_to_space")
def depth_to_space(input, block_size, name=None, data_format="NHWC") -> Tensor:
    with get_default_graph().name_scope(name or "DepthToSpace") as scope:
        return DepthToSpace(convert_to_tensor(input, name="input"), block_size=int(block_size),
                            data_format=data_format, name=scope)


__all__ = ["depth_to_space", "space_to_depth"]
