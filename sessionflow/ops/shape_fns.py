"""TF's shape-inference checks (`shape_inference::InferenceContext`) with its error messages, for `infer`.

Each check raises ValueError ending in ` for 'OP'`, which the graph rewrites into TF's node summary and
input shapes (`framework.graph._name_the_node`). Shapes are `TensorShape`s; an unknown rank passes.
"""

from __future__ import annotations

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
