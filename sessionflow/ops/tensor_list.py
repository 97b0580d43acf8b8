"""TensorList ops: the lists TF's functional control flow threads through while loops (`tf.map_fn`,
`tf.scan` and `tf.TensorArray` under control flow v2 build them), so that graphs TF wrote run here.

A TensorList is a variant scalar whose value is a `TensorListValue`: a tuple of items (arrays, or None
for an element reserved but never set), the element shape it was made with and its element dtype. Values
are never changed in place: every op that "modifies" a list returns a new one, so a While op's history
of loop states (kept for gradients) still holds each iteration's list. An element-shape input is a shape
vector (-1 for an unknown dimension) or the scalar -1 (unknown rank), as in TF. These ops are not
differentiable here (imported inference graphs do not need it).
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from . import shape_fns

__all__ = ["TensorListValue"]


class TensorListValue:
    """The value of a TensorList: `items` (a tuple of arrays, None where unset), `element_shape` (a tuple
    of ints with -1 for unknown dims, or None for an unknown rank) and `dtype` (a numpy dtype)."""

    __slots__ = ("items", "element_shape", "dtype")

    def __init__(self, items, element_shape, dtype):
        self.items = tuple(items)
        self.element_shape = element_shape
        self.dtype = np.dtype(dtype)

    def replace(self, items) -> "TensorListValue":
        return TensorListValue(items, self.element_shape, self.dtype)

    # A variant scalar as generic kernels see it: TF's gradients of lists take ZerosLike of them and AddN them.
    shape = ()

    def copy(self) -> "TensorListValue":
        return self

    def __array_function__(self, func, types, args, kwargs):
        if func is np.zeros_like:  # TF's zeros of a list: zeros for its set elements, unset ones stay unset
            return self.replace(None if item is None else np.zeros_like(item) for item in self.items)
        return NotImplemented

    def __add__(self, other: "TensorListValue") -> "TensorListValue":
        """Element-wise sum of two lists of one length (an unset element takes the other's)."""
        if len(self.items) != len(other.items):
            raise errors.InvalidArgumentError(None, None, f"Trying to add two lists of tensors with different "
                                                          f"lengths. One is {len(self.items)} and the other is "
                                                          f"{len(other.items)}")
        return self.replace(a if b is None else b if a is None else a + b for a, b in zip(self.items, other.items))

    __iadd__ = __add__

    def __repr__(self):
        return f"<TensorList of {len(self.items)} {self.dtype.name} elements, element_shape={self.element_shape}>"


# --- shapes ------------------------------------------------------------------------------------

def _static_element_shape(t) -> TensorShape:
    """The element shape an element-shape input gives while the graph is built (scalar -1: unknown rank)."""
    if t.shape.ndims == 0:
        value = static_value(t)
        if value is None or int(value) == -1:
            return TensorShape(None)
    return shape_fns.shape_from_value(t)


def _runtime_shape(value):
    """An element-shape input's value as a tuple (-1: unknown dim), or None for an unknown rank."""
    value = np.asarray(value)
    if value.ndim == 0:
        if int(value) != -1:
            raise errors.InvalidArgumentError(None, None, f"The only valid scalar shape tensor is the fully unknown "
                                                          f"shape specified as -1. Got {int(value)}")
        return None
    return tuple(int(d) for d in value.reshape(-1))


def _merge(a, b):
    """Two runtime element shapes merged; InvalidArgumentError if they disagree."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b) or any(x != y and x != -1 and y != -1 for x, y in zip(a, b)):
        raise errors.InvalidArgumentError(None, None, f"Incompatible shapes during merge: {_text(a)} vs. {_text(b)}")
    return tuple(x if x != -1 else y for x, y in zip(a, b))


def _text(shape) -> str:
    return "<unknown>" if shape is None else "[" + ",".join("?" if d == -1 else str(d) for d in shape) + "]"


def _check_item(lst: TensorListValue, item, what: str):
    if item.dtype != lst.dtype:
        have, got = dtypes.as_dtype(lst.dtype).name, dtypes.as_dtype(item.dtype).name
        raise errors.InvalidArgumentError(None, None, f"Invalid data types; list elements {have} but tried to {what} "
                                                      f"{got}")
    _merge(lst.element_shape, tuple(item.shape))


def _zeros_for(xp, lst: TensorListValue, shape, what: str):
    """The value of an unset element: zeros, which needs a fully known element shape."""
    if shape is None or -1 in shape:
        raise errors.InvalidArgumentError(None, None, f"Trying to {what} an uninitialized tensor with a partially "
                                                      f"defined element_shape: {_text(shape)}")
    return xp.zeros(shape, dtype=lst.dtype)


def _element(xp, lst, index, shape, what):
    item = lst.items[index]
    return _zeros_for(xp, lst, shape, what) if item is None else item


_VARIANT = (dtypes.variant, TensorShape([]))


# --- building lists ----------------------------------------------------------------------------

@op("EmptyTensorList", inputs=("element_shape", "max_num_elements"), attrs=dict(element_dtype=None),
    type_attrs=dict(shape_type="element_shape"), foldable=False)
class EmptyTensorList:
    """An empty list of elements of `element_dtype` and shape `element_shape`."""

    def infer(element_shape, max_num_elements, element_dtype):
        return _VARIANT

    def kernel(xp, element_shape, max_num_elements, element_dtype):
        return TensorListValue((), _runtime_shape(element_shape), element_dtype.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [(([2], -1), dict(element_dtype=dtypes.float32))]


@op("TensorListReserve", inputs=("element_shape", "num_elements"), attrs=dict(element_dtype=None),
    type_attrs=dict(shape_type="element_shape"), foldable=False)
class TensorListReserve:
    """A list of `num_elements` unset elements (they read as zeros once the element shape is known)."""

    def infer(element_shape, num_elements, element_dtype):
        return _VARIANT

    def kernel(xp, element_shape, num_elements, element_dtype):
        n = int(num_elements)
        if n < 0:
            raise errors.InvalidArgumentError(None, None, f"The num_elements to reserve must be a non negative "
                                                          f"number, but got {n}")
        return TensorListValue((None,) * n, _runtime_shape(element_shape), element_dtype.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [(([2, -1], 3), dict(element_dtype=dtypes.float32))]


@op("TensorListFromTensor", inputs=("tensor", "element_shape"),
    type_attrs=dict(element_dtype="tensor", shape_type="element_shape"), foldable=False)
class TensorListFromTensor:
    """The list of `tensor`'s slices along its first dimension."""

    def infer(tensor, element_shape):
        if tensor.shape.ndims == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for 'TensorListFromTensor'")
        return _VARIANT

    def kernel(xp, tensor, element_shape):
        tensor = xp.asarray(tensor)
        if tensor.ndim == 0:
            raise errors.InvalidArgumentError(None, None, "Tensor must be at least a vector, but saw shape: []")
        shape = _merge(_runtime_shape(element_shape), tuple(tensor.shape[1:]))
        return TensorListValue(tuple(tensor[i] for i in range(tensor.shape[0])), shape, tensor.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.arange(6, dtype=np.float32).reshape(3, 2), [2]), {})]


# --- reading and writing -----------------------------------------------------------------------

def _index(lst: TensorListValue, index, verb: str) -> int:
    i = int(index)
    if not 0 <= i < len(lst.items):
        raise errors.InvalidArgumentError(None, None, f"Trying to {verb} element {i} in a list with "
                                                      f"{len(lst.items)} elements.")
    return i


@op("TensorListGetItem", inputs=("input_handle", "index", "element_shape"), attrs=dict(element_dtype=None),
    type_attrs=dict(Tshape="element_shape"), foldable=False)
class TensorListGetItem:
    """Element `index` of the list (zeros of the element shape if it was never set)."""

    def infer(input_handle, index, element_shape, element_dtype):
        return element_dtype, _static_element_shape(element_shape)

    def kernel(xp, input_handle, index, element_shape, element_dtype):
        i = _index(input_handle, index, "access")
        shape = _merge(input_handle.element_shape, _runtime_shape(element_shape))
        return _element(xp, input_handle, i, shape, "read")

    grad = NOT_DIFFERENTIABLE


@op("TensorListSetItem", inputs=("input_handle", "index", "item"), attrs=dict(resize_if_index_out_of_bounds=False),
    type_attrs=dict(element_dtype="item"), foldable=False)
class TensorListSetItem:
    """The list with element `index` replaced by `item` (grown first when `resize_if_index_out_of_bounds`)."""

    def infer(input_handle, index, item, resize_if_index_out_of_bounds):
        return _VARIANT

    def kernel(xp, input_handle, index, item, resize_if_index_out_of_bounds):
        item = xp.asarray(item)
        _check_item(input_handle, item, "write")
        items = list(input_handle.items)
        if resize_if_index_out_of_bounds and int(index) >= len(items):
            items.extend([None] * (int(index) + 1 - len(items)))
        i = _index(input_handle.replace(items), index, "modify")
        items[i] = item
        return input_handle.replace(items)

    grad = NOT_DIFFERENTIABLE


@op("TensorListPushBack", inputs=("input_handle", "tensor"), type_attrs=dict(element_dtype="tensor"), foldable=False)
class TensorListPushBack:
    """The list with `tensor` appended."""

    def infer(input_handle, tensor):
        return _VARIANT

    def kernel(xp, input_handle, tensor):
        tensor = xp.asarray(tensor)
        _check_item(input_handle, tensor, "push")
        return input_handle.replace(input_handle.items + (tensor,))

    grad = NOT_DIFFERENTIABLE


@op("TensorListPopBack", inputs=("input_handle", "element_shape"), attrs=dict(element_dtype=None), type_attrs={},
    foldable=False)
class TensorListPopBack:
    """(the list without its last element, that element)."""

    def infer(input_handle, element_shape, element_dtype):
        return [_VARIANT, (element_dtype, _static_element_shape(element_shape))]

    def kernel(xp, input_handle, element_shape, element_dtype):
        if not input_handle.items:
            raise errors.InvalidArgumentError(None, None, "Trying to pop from an empty list.")
        shape = _merge(input_handle.element_shape, _runtime_shape(element_shape))
        last = _element(xp, input_handle, len(input_handle.items) - 1, shape, "read")
        return input_handle.replace(input_handle.items[:-1]), last

    grad = NOT_DIFFERENTIABLE


@op("TensorListLength", inputs=("input_handle",), type_attrs={}, foldable=False)
class TensorListLength:
    """The number of elements (int32 scalar)."""

    def infer(input_handle):
        return dtypes.int32, TensorShape([])

    def kernel(xp, input_handle):
        return xp.asarray(len(input_handle.items), dtype=xp.int32)

    grad = NOT_DIFFERENTIABLE


@op("TensorListElementShape", inputs=("input_handle",), attrs=dict(shape_type=dtypes.int32), type_attrs={},
    foldable=False)
class TensorListElementShape:
    """The list's element shape (-1 for unknown dims; the scalar -1 for an unknown rank)."""

    def infer(input_handle, shape_type):
        return shape_type, TensorShape(None)

    def kernel(xp, input_handle, shape_type):
        shape = input_handle.element_shape
        return xp.asarray(-1 if shape is None else list(shape), dtype=shape_type.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE


# --- whole lists as tensors --------------------------------------------------------------------

def _stacked(xp, lst: TensorListValue, indices, shape, what):
    """The elements at `indices` stacked into one array (unset ones as zeros)."""
    for item in lst.items:
        if item is not None:
            shape = _merge(shape, tuple(item.shape))
    if indices and (shape is None or -1 in shape) and all(lst.items[i] is None for i in indices):
        raise errors.InvalidArgumentError(None, None, f"Tried to {what} list which only contains uninitialized "
                                                      f"tensors and has a non-fully-defined element_shape: "
                                                      f"{_text(shape)}")
    if not indices:
        if shape is None or -1 in shape:
            raise errors.InvalidArgumentError(None, None, f"Tried to {what} elements of an empty list with "
                                                          f"non-fully-defined element_shape: {_text(shape)}")
        return xp.zeros((0,) + shape, dtype=lst.dtype)
    return xp.stack([_element(xp, lst, i, shape, what) for i in indices])


@op("TensorListStack", inputs=("input_handle", "element_shape"), attrs=dict(element_dtype=None, num_elements=-1),
    type_attrs={}, foldable=False)
class TensorListStack:
    """All elements stacked along a new first dimension."""

    def infer(input_handle, element_shape, element_dtype, num_elements):
        first = TensorShape([num_elements if num_elements >= 0 else None])
        return element_dtype, first.concatenate(_static_element_shape(element_shape))

    def kernel(xp, input_handle, element_shape, element_dtype, num_elements):
        n = len(input_handle.items)
        if num_elements >= 0 and n != num_elements:
            raise errors.InvalidArgumentError(None, None, f"Operation expected a list with {num_elements} elements "
                                                          f"but got a list with {n} elements.")
        shape = _merge(input_handle.element_shape, _runtime_shape(element_shape))
        return _stacked(xp, input_handle, range(n), shape, "stack")

    grad = NOT_DIFFERENTIABLE


@op("TensorListGather", inputs=("input_handle", "indices", "element_shape"), attrs=dict(element_dtype=None),
    type_attrs={}, foldable=False)
class TensorListGather:
    """The elements at `indices` stacked."""

    def infer(input_handle, indices, element_shape, element_dtype):
        first = indices.shape if indices.shape.ndims is not None else TensorShape([None])
        return element_dtype, first.concatenate(_static_element_shape(element_shape))

    def kernel(xp, input_handle, indices, element_shape, element_dtype):
        picked = [_index(input_handle, i, "access") for i in np.asarray(indices).reshape(-1)]
        shape = _merge(input_handle.element_shape, _runtime_shape(element_shape))
        return _stacked(xp, input_handle, picked, shape, "gather")

    grad = NOT_DIFFERENTIABLE


@op("TensorListScatterIntoExistingList", inputs=("input_handle", "tensor", "indices"),
    type_attrs=dict(element_dtype="tensor"), foldable=False)
class TensorListScatterIntoExistingList:
    """The list with element `indices[i]` set to `tensor[i]` (the list grows to fit the largest index)."""

    def infer(input_handle, tensor, indices):
        return _VARIANT

    def kernel(xp, input_handle, tensor, indices):
        tensor = xp.asarray(tensor)
        indices = [int(i) for i in np.asarray(indices).reshape(-1)]
        if tensor.ndim == 0 or tensor.shape[0] != len(indices):
            rows = tensor.shape[0] if tensor.ndim else 0
            raise errors.InvalidArgumentError(None, None, f"Invalid number of rows in input tensor. Expected: "
                                                          f"{len(indices)} Actual: {rows}")
        items = list(input_handle.items)
        for row, i in enumerate(indices):
            if i < 0:
                raise errors.InvalidArgumentError(None, None, "Indices in TensorListScatter must all be non-negative.")
            _check_item(input_handle, tensor[row], "scatter")
            items.extend([None] * (i + 1 - len(items)))
            items[i] = tensor[row]
        return input_handle.replace(items)

    grad = NOT_DIFFERENTIABLE
