"""TF's shape-inference checks (`shape_inference::InferenceContext`) with its error messages, for `infer`,
and the shapes it reads from shape tensors (`shape_from_value`, `partial_shape_dims`).

Each check raises ValueError ending in ` for 'OP'`, which the graph rewrites into TF's node summary and
input shapes (`framework.graph._name_the_node`). Shapes are `TensorShape`s; an unknown rank passes.
"""

from __future__ import annotations

import builtins

import numpy as np

from ..framework.graph import Tensor
from ..framework.registry import static_value
from ..framework.tensor_shape import TensorShape
from .common import shape_str


def with_rank(op_type: str, shape: TensorShape, rank: int) -> TensorShape:
    """`shape` with rank `rank` (unknown dims if its rank is unknown)."""
    if shape.ndims is None:
        return TensorShape([None] * rank)
    if shape.ndims != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {shape.ndims} for '{op_type}'")
    return shape


def with_rank_at_least(op_type: str, shape: TensorShape, rank: int) -> TensorShape:
    if shape.ndims is not None and shape.ndims < rank:
        raise ValueError(f"Shape must be at least rank {rank} but is rank {shape.ndims} for '{op_type}'")
    return shape


def merge_dim(op_type: str, a, b):
    """The dimension both `a` and `b` (ints or None) describe; TF's "Dimensions must be equal" otherwise."""
    if a is not None and b is not None and a != b:
        raise ValueError(f"Dimensions must be equal, but are {a} and {b} for '{op_type}'")
    return a if a is not None else b


def merge(op_type: str, a: TensorShape, b: TensorShape) -> TensorShape:
    """The shape both `a` and `b` describe (TF's `InferenceContext::Merge`)."""
    if a.ndims is None:
        return b
    if b.ndims is None:
        return a
    if a.ndims != b.ndims:
        raise ValueError(f"Shapes must be equal rank, but are {a.ndims} and {b.ndims} for '{op_type}'")
    dims = []
    for i, (x, y) in enumerate(zip(a.as_list(), b.as_list())):
        if x is not None and y is not None and x != y:
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} and {y}. Shapes are "
                             f"{shape_str(a)} and {shape_str(b)}. for '{op_type}'")
        dims.append(x if x is not None else y)
    return TensorShape(dims)


def merge_prefix(op_type: str, shape: TensorShape, prefix: TensorShape) -> TensorShape:
    """`shape` with its leading dims merged with `prefix` (TF's `MergePrefix`); returns the merged prefix."""
    if shape.ndims is None or prefix.ndims is None:
        return prefix
    with_rank_at_least(op_type, shape, prefix.ndims)
    return TensorShape([merge_dim(op_type, s, p) for s, p in zip(shape.as_list(), prefix.as_list())])


def suffix(shape: TensorShape, start: int) -> TensorShape:
    """`shape[start:]` (unknown when the rank is)."""
    return shape if shape.ndims is None else TensorShape(shape.as_list()[start:])


def shape_from_value(t: Tensor, what: str = "shape", op_type: str = None) -> TensorShape:
    """A static shape from a 1-D shape tensor: fully or partly known from its static value (-1: unknown).
    With `op_type`, TF's checks of `InferenceContext::MakeShapeFromShapeTensor`: the tensor must be a vector,
    and no value may be below -1."""
    if op_type is not None and t.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims} for '{op_type}'")
    value = static_value(t)
    if value is not None:
        dims = [int(d) for d in np.asarray(value).reshape(-1)]
        if op_type is not None and any(d < -1 for d in dims):
            raise ValueError(f"Invalid value in tensor used for shape: {min(d for d in dims if d < -1)}")
        return TensorShape([None if d < 0 else d for d in dims])
    dims = partial_shape_dims(t)
    if dims is not None:
        return TensorShape(dims)
    n = t.shape.as_tuple()
    if n is not None and len(n) == 1 and n[0] is not None:
        return TensorShape([None] * n[0])
    return TensorShape(None)


def partial_shape_dims(t: Tensor, _depth: int = 0):
    """The dims (ints, None where unknown) a 1-D shape tensor holds while the graph is built, as far as TF's
    shape inference reads them (`ConstantPartialShape`): a constant, `tf.shape` of a partly known tensor,
    a stack of known or unknown scalars, a concat or a slice of such, a cast. None if nothing is known."""
    value = static_value(t)
    if value is not None:
        return [None if d < 0 else int(d) for d in np.asarray(value).reshape(-1)] if np.ndim(value) == 1 else None
    op_, kind = t.op, t.op.type
    if _depth > 16:
        return None
    if kind == "Shape":
        return op_.inputs[0].shape.as_list() if op_.inputs[0].shape.ndims is not None else None
    if kind == "Cast":
        return partial_shape_dims(op_.inputs[0], _depth + 1)
    if kind == "Pack" and op_.attrs.get("axis", 0) == 0:
        dims = [static_value(p) for p in op_.inputs]
        return [None if d is None or np.ndim(d) or int(d) < 0 else int(d) for d in dims]
    if kind == "ConcatV2" and static_value(op_.inputs[-1]) is not None and int(static_value(op_.inputs[-1])) == 0:
        parts = [partial_shape_dims(p, _depth + 1) for p in op_.inputs[:-1]]
        return None if any(p is None for p in parts) else [d for p in parts for d in p]
    if kind == "StridedSlice" and not any(op_.attrs[m] for m in ("ellipsis_mask", "new_axis_mask",
                                                                  "shrink_axis_mask")):
        dims, bounds = partial_shape_dims(op_.inputs[0], _depth + 1), [static_value(i) for i in op_.inputs[1:]]
        if dims is None or any(b is None or np.shape(b) != (1,) for b in bounds):
            return None
        (begin,), (end,), (stride,) = (np.asarray(b).tolist() for b in bounds)
        begin = None if op_.attrs["begin_mask"] & 1 else begin
        end = None if op_.attrs["end_mask"] & 1 else end
        return dims[builtins.slice(begin, end, stride)] if stride else None
    return None
