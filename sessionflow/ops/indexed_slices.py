"""`tf.IndexedSlices`: a sparse gradient — some rows (`indices`) of a dense tensor (`dense_shape`).

tf.gradients returns one for a variable read through `tf.gather` / `embedding_lookup`, and the
optimizers apply it as a sparse update. Anything that needs a plain tensor converts it (the rows of
repeated indices are summed), as TF does.
"""

from __future__ import annotations

import collections

from ..framework.api import tf_export
from ..framework.graph import Tensor
from .constant import convert_to_tensor, register_tensor_conversion_function


@tf_export("IndexedSlices")
class IndexedSlices:
    """`values[i]` is row `indices[i]` of a tensor of shape `dense_shape` (rows may repeat)."""

    def __init__(self, values, indices, dense_shape=None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    values = property(lambda self: self._values)
    indices = property(lambda self: self._indices)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    name = property(lambda self: self._values.name)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._values.graph)
    device = property(lambda self: "")

    @property
    def shape(self):
        from ..framework.registry import static_value
        from ..framework.tensor_shape import TensorShape

        if self._dense_shape is None:
            return TensorShape(None)
        value = static_value(self._dense_shape)
        return TensorShape(value.tolist()) if value is not None else TensorShape([None] * (
            self._dense_shape.shape[0].value or 0))

    def __neg__(self):
        from .math import negative

        return IndexedSlices(negative(self._values), self._indices, self._dense_shape)

    def __repr__(self):
        shape = "" if self._dense_shape is None else f", dense_shape={self._dense_shape}"
        return f"IndexedSlices(indices={self._indices}, values={self._values}{shape})"


IndexedSlicesValue = collections.namedtuple("IndexedSlicesValue", ["values", "indices", "dense_shape"])
tf_export("IndexedSlicesValue")(IndexedSlicesValue)


def to_dense(slices: IndexedSlices, dtype=None, name=None, as_ref=False) -> Tensor:
    """The dense tensor: rows summed into zeros of `dense_shape` (TF's UnsortedSegmentSum)."""
    from .segment import unsorted_segment_sum

    if slices.dense_shape is None:
        raise ValueError(f"Tensor conversion requested for IndexedSlices without dense_shape: {slices.name}")
    if dtype is not None and not dtype.is_compatible_with(slices.dtype):
        raise ValueError(f"Tensor conversion requested dtype {dtype.name} for IndexedSlices with dtype "
                         f"{slices.dtype.name}")
    return unsorted_segment_sum(slices.values, slices.indices, slices.dense_shape[0], name=name)


register_tensor_conversion_function(IndexedSlices, to_dense)


def aggregate(grads):
    """The sum of gradients, sparse when all of them are IndexedSlices."""
    from .array import concat

    if all(isinstance(g, IndexedSlices) for g in grads):
        return IndexedSlices(concat([g.values for g in grads], 0), concat([g.indices for g in grads], 0),
                             grads[0].dense_shape)
    from ..framework.api import EXPORTS

    tensors = [convert_to_tensor(g) for g in grads]
    if len({t.device for t in tensors}) == 1:  # as TF's gradients: the sum is colocated with the first one
        with tensors[0].graph.colocate_with(tensors[0].op, ignore_existing=True):
            return EXPORTS["add_n"](tensors)
    return EXPORTS["add_n"](tensors)
