"""Broadcasting ops: BroadcastTo and BroadcastArgs, and their public wrappers (`tf.broadcast_to`,
`tf.broadcast_dynamic_shape`, `tf.broadcast_static_shape`)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from .array import _INDEX_TYPES, _shape_of
from .common import check_dtype
from .constant import convert_to_tensor


@op("BroadcastTo", inputs=("input", "shape"), type_attrs=dict(T="input", Tidx="shape"))
class BroadcastTo:
    """`input` broadcast to `shape` (NumPy rules)."""

    def infer(input, shape):
        check_dtype("BroadcastTo", "shape", shape, _INDEX_TYPES)
        from .array import _shape_from_value
        from .common import shape_str

        target = _shape_from_value(shape, op_type="BroadcastTo")
        out, dims = target.as_tuple(), input.shape.as_tuple()
        if out is None or dims is None:
            return input.dtype.base_dtype, target
        if len(dims) > len(out):
            raise ValueError(f"Shape must be at most rank {len(out)} but is rank {len(dims)} for 'BroadcastTo'")
        out = list(out)
        for i in range(1, len(dims) + 1):  # TF's rule: an input dimension above 1 must be the output's
            d = dims[-i]
            if d is not None and d > 1:
                if out[-i] is not None and out[-i] != d:
                    raise ValueError(f"Dimensions must be equal, but are {d} and {out[-i]} for 'BroadcastTo' with "
                                     f"input shapes: {shape_str(input.shape)}, {shape_str(shape.shape)} and with "
                                     f"input tensors computed as partial shapes: input[1] = {shape_str(target)}.")
                out[-i] = d
        return input.dtype.base_dtype, out

    def kernel(xp, input, shape):
        dims = tuple(int(d) for d in np.reshape(shape, -1))
        for d in dims:
            if d < 0:
                raise errors.InvalidArgumentError(None, None, f"Dimension {d} must be >= 0")
        try:
            return xp.broadcast_to(input, dims)
        except ValueError:
            raise errors.InvalidArgumentError(None, None, f"Incompatible shapes: {_shape_of(input)} vs. "
                                                          f"{_shape_of(np.empty(dims, bool))}") from None

    def grad(op_, g):
        from .math import _sum_to

        return _sum_to(g, op_.inputs[0]), None

    samples = [((np.array([1.0, 2.0]), np.array([3, 2], np.int32)), {}),
               ((np.array([[1.5], [2.5]]), np.array([2, 2, 3], np.int64)), {}),
               ((np.array(7, np.int32), np.array([0], np.int32)), {})]


@tf_export("broadcast_to")
def broadcast_to(input, shape, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "BroadcastTo") as scope:
        input = convert_to_tensor(input, name="input")
        return BroadcastTo(input, convert_to_tensor(shape, name="shape", preferred_dtype=dtypes.int32), name=scope)


@op("BroadcastArgs", inputs=("s0", "s1"))
class BroadcastArgs:
    """The broadcast shape of two shape vectors."""

    def infer(s0, s1):
        check_dtype("BroadcastArgs", "s0", s0, _INDEX_TYPES)
        a, b = s0.shape.as_tuple(), s1.shape.as_tuple()
        n = None if a is None or b is None or a[0] is None or b[0] is None else max(a[0], b[0])
        return s0.dtype.base_dtype, [n]

    def kernel(xp, s0, s1):
        try:
            return xp.asarray(np.broadcast_shapes(tuple(s0.tolist()), tuple(s1.tolist())), dtype=s0.dtype)
        except ValueError:
            raise errors.InvalidArgumentError(None, None, f"Incompatible shapes: {s0.tolist()} vs. "
                                                          f"{s1.tolist()}") from None

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1, 2], np.int32), np.array([3, 1], np.int32)), {}),
               ((np.array([], np.int64), np.array([4], np.int64)), {})]


@tf_export("broadcast_dynamic_shape")
def broadcast_dynamic_shape(shape_x, shape_y) -> Tensor:
    with get_default_graph().name_scope("BroadcastArgs") as scope:
        shape_x = convert_to_tensor(shape_x, name="s0", preferred_dtype=dtypes.int32)
        shape_y = convert_to_tensor(shape_y, name="s1", dtype=shape_x.dtype.base_dtype)
        return BroadcastArgs(shape_x, shape_y, name=scope)


@tf_export("broadcast_static_shape")
def broadcast_static_shape(shape_x, shape_y) -> TensorShape:
    """The broadcast of two static shapes; TF's ValueError when they are incompatible."""
    from .common import broadcast_shape

    try:
        return broadcast_shape("BroadcastArgs", TensorShape(shape_x), TensorShape(shape_y))
    except ValueError:
        raise ValueError(f"Incompatible shapes for broadcasting. Two shapes are compatible if for each dimension "
                         f"pair they are either equal or one of them is 1. Received: {TensorShape(shape_x)} and "
                         f"{TensorShape(shape_y)}.") from None
