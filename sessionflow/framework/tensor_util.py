"""What TF's Python-side `tensor_util.constant_value` and `constant_value_as_shape` know of a tensor while
the graph is built.

TF's own evaluator reads through far fewer ops than sessionflow's constant folding (`static_value`): a
slice or an arithmetic op of a shape is unknown to it. Python code that decides something from a
value (skipping a resize, a SparseTensor's static shape, a TensorArray's size) asks here, so it decides
as TF does; the ops' shape functions keep using `static_value`, as TF's C++ shape inference sees further.
"""

from __future__ import annotations

import numpy as np

from . import dtypes
from .graph import Tensor
from .registry import static_value
from .tensor_shape import TensorShape

# The op types TF's constant_value evaluates (through their inputs); any other op's value is unknown to it.
_EVALUATED = frozenset({"Const", "Range", "Cast", "Concat", "ConcatV2", "Pack", "Unpack", "Split", "Fill", "Equal",
                        "NotEqual", "StopGradient", "Identity", "CheckNumericsV2"})
_FROM_SHAPES = frozenset({"Shape", "Size", "Rank"})  # known from the input's static shape alone
_MAX_DEPTH = 64


def constant_value(tensor, partial: bool = False):
    """The value of `tensor` as a NumPy array when TF's `constant_value` knows it (constants, shapes of known
    shape, and the few ops TF evaluates over them), else None; a value that is not a Tensor is returned as
    it is."""
    del partial
    if not isinstance(tensor, Tensor):
        return tensor
    return static_value(tensor) if _evaluates(tensor.op, 0) else None


def _evaluates(op, depth: int) -> bool:
    if op.type in _FROM_SHAPES:
        return True
    if op.type not in _EVALUATED or depth > _MAX_DEPTH:
        return False
    return all(_evaluates(t.op, depth + 1) for t in op.inputs)


def constant_value_as_shape(tensor: Tensor, _depth: int = 0) -> TensorShape:
    """The (partial) static shape a 1-D shape tensor says, as TF's `constant_value_as_shape` reads it: the
    shape of a Shape op's input, a Pack's known elements, a Concat's parts, a Cast to an integer type or a
    plain StridedSlice (masks 0 or 1) of such, or the constant value (-1: unknown); else as many unknown
    dimensions as it has elements. A scalar must be statically -1 (an unknown shape)."""
    if tensor.shape.ndims == 0:
        value = constant_value(tensor)
        if value is None:
            raise ValueError("Received a scalar with unknown value as shape; require a statically known scalar "
                             "with value '-1' to describe an unknown shape.")
        if value != -1:
            raise ValueError(f"Received a scalar value '{value}' as shape; require a statically known scalar "
                             "with value '-1' to describe an unknown shape.")
        return TensorShape(None)
    n = tensor.shape.with_rank(1).as_list()[0]
    if n == 0:
        return TensorShape([])
    op_ = tensor.op
    if _depth < _MAX_DEPTH:
        known = _read_through(op_, n, _depth)
        if known is not None:
            return known
    result = TensorShape([None] * n if n is not None else None)
    value = constant_value(tensor)
    if value is not None:
        result = result.merge_with(TensorShape([None if int(d) < 0 else int(d) for d in value.reshape(-1)]))
    return result


def _read_through(op_, n, depth: int):
    """The shape an op of a shape tensor says from its inputs, where TF reads through that op; else None."""
    if op_.type == "Shape":
        return op_.inputs[0].shape
    if op_.type == "Cast":
        before = constant_value_as_shape(op_.inputs[0], depth + 1)
        if before.ndims is None:
            return before
        dtype = dtypes.as_dtype(op_.attrs["DstT"])
        if dtype not in (dtypes.int32, dtypes.int64):
            return TensorShape([None] * n if n is not None else None)
        cast = np.array([-1 if d is None else d for d in before.as_list()]).astype(dtype.as_numpy_dtype)
        return TensorShape([int(d) if d >= 0 else None for d in cast])
    if op_.type == "Pack":
        dims = []
        for t in op_.inputs:
            v = constant_value(t)
            dims.append(None if v is None or int(v) < 0 else int(v))
        return TensorShape(dims)
    if op_.type in ("Concat", "ConcatV2"):
        result = TensorShape([])
        for t in (op_.inputs[1:] if op_.type == "Concat" else op_.inputs[:-1]):
            result = result.concatenate(constant_value_as_shape(t, depth + 1))
        return result
    if op_.type == "StridedSlice":
        return _strided_slice(op_, depth)
    return None


def _strided_slice(op_, depth: int):
    bounds = [constant_value(t) for t in op_.inputs[1:]]
    if any(b is None or np.shape(b) != (1,) for b in bounds):
        return None
    (begin,), (end,), (stride,) = (np.asarray(b).tolist() for b in bounds)
    attrs = op_.attrs
    if attrs["ellipsis_mask"] or attrs["new_axis_mask"] or attrs["shrink_axis_mask"] or \
            attrs["begin_mask"] not in (0, 1) or attrs["end_mask"] not in (0, 1) or not stride:
        return None
    before = constant_value_as_shape(op_.inputs[0], depth + 1)
    if before.ndims is None:
        return None
    return TensorShape(before.as_list()[slice(None if attrs["begin_mask"] else begin,
                                              None if attrs["end_mask"] else end, stride)])
