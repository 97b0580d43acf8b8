"""`tf.TensorArray` as TF 1.x builds it: the TensorArrayV3 op family, with gradients.

Design: an array's contents travel in its *flow* tensor. TF passes a float scalar `flow` from op to op
only to order reads after writes, and keeps the elements in a session resource; here the flow's value
is a `TensorArrayValue` (its declared dtype stays TF's float32 scalar, so GraphDefs match TF's), and
every op that "modifies" an array returns a new value. The ops are then pure functions of their
inputs: a While threads an array through its iterations as an ordinary loop variable, its gradient
machinery keeps each iteration's array like any loop state, and no op runs twice. The handle (a
resource scalar) carries only the array's name. Gradient arrays (TensorArrayGradV3) are values too:
unwritten elements read as zeros of the forward element's shape, and writes to one index add up; the
gradient of a flow is the gradient array, and gradients from several readers are summed (`+`).

TF's clear_after_read: a read marks the element in the value it read; another read op of that element
fails with TF's message (the same op reading it again, as a gradient's recomputation does, may).
"""

from __future__ import annotations

import itertools

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape, as_shape
from .constant import convert_to_tensor

__all__ = ["TensorArray", "TensorArrayValue"]


def _tf_name(dtype) -> str:
    name = dtypes.as_dtype(dtype).name
    return {"float32": "float", "float64": "double"}.get(name, name)


def _shape_text(shape) -> str:
    return "<unknown>" if shape is None else "[" + ",".join("?" if d < 0 else str(d) for d in shape) + "]"


def _merge(a, b):
    """Two runtime shapes (tuples, -1 unknown; None unknown rank) merged, or False if they disagree."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b) or any(x != y and x >= 0 and y >= 0 for x, y in zip(a, b)):
        return False
    return tuple(x if x >= 0 else y for x, y in zip(a, b))


def _known(shape) -> bool:
    return shape is not None and all(d >= 0 for d in shape)


class TensorArrayValue:
    """The contents of a TensorArray: `items` (arrays; None where unwritten), the runtime element shape
    (merged with each write when `identical`), and flags. `zero_shapes` (gradient arrays) gives each
    unwritten element's zeros shape."""

    __slots__ = ("items", "dtype", "element_shape", "dynamic", "clear", "identical", "grad", "zero_shapes",
                 "cleared", "lengths")

    shape = ()  # a scalar, as generic kernels see it

    def __init__(self, items, dtype, element_shape, dynamic=False, clear=True, identical=False, grad=False,
                 zero_shapes=None, cleared=None):
        self.items = tuple(items)
        self.dtype = np.dtype(dtype)
        self.element_shape = element_shape
        self.dynamic, self.clear, self.identical, self.grad = dynamic, clear, identical, grad
        self.zero_shapes = zero_shapes
        self.cleared = dict(cleared or {})

    def replace(self, items, element_shape=None) -> "TensorArrayValue":
        return TensorArrayValue(items, self.dtype, self.element_shape if element_shape is None else element_shape,
                                self.dynamic, self.clear, self.identical, self.grad, self.zero_shapes, self.cleared)

    def gradient_array(self) -> "TensorArrayValue":
        """An empty gradient array for this one: same size, zeros where nothing is written."""
        shapes = tuple(tuple(item.shape) if item is not None else self.element_shape for item in self.items)
        return TensorArrayValue((None,) * len(self.items), self.dtype, self.element_shape, True, False,
                                False, True, shapes)

    def copy(self):
        return self

    def __array_function__(self, func, types, args, kwargs):
        if func is np.zeros_like:
            return self.gradient_array() if not self.grad else self.replace((None,) * len(self.items))
        return NotImplemented

    def __add__(self, other):
        other = _unwrap(other)
        if not isinstance(other, TensorArrayValue):
            return self
        n = max(len(self.items), len(other.items))
        a = self.items + (None,) * (n - len(self.items))
        b = other.items + (None,) * (n - len(other.items))
        shapes = self.zero_shapes if self.zero_shapes and len(self.zero_shapes) >= n else other.zero_shapes
        out = self.replace(x if y is None else y if x is None else x + y for x, y in zip(a, b))
        out.zero_shapes = shapes
        return out

    __radd__ = __iadd__ = __add__

    def __repr__(self):
        return f"<TensorArray of {len(self.items)} {self.dtype.name} elements>"


def _unwrap(value):
    if isinstance(value, np.ndarray) and value.dtype == object and value.ndim == 0:
        return value.item()
    return value


def _array(flow, what) -> TensorArrayValue:
    value = _unwrap(flow)
    if not isinstance(value, TensorArrayValue):
        raise errors.InvalidArgumentError(None, None, f"{what}: the flow input does not come from a TensorArray "
                                                      f"(got {type(value).__name__})")
    return value


def _element(xp, ta: TensorArrayValue, i: int, read_id=None):
    if not 0 <= i < len(ta.items):
        raise errors.InvalidArgumentError(None, None, f"Tried to read from index {i} but array size is: "
                                                      f"{len(ta.items)}")
    if ta.clear and read_id is not None and ta.cleared.get(i, read_id) != read_id:
        raise errors.InvalidArgumentError(None, None, f"Could not read index {i} twice because it was cleared after "
                                                      "a previous read (perhaps try setting clear_after_read = "
                                                      "false?).")
    item = ta.items[i]
    if item is None:
        shape = ta.zero_shapes[i] if ta.grad and ta.zero_shapes and i < len(ta.zero_shapes) else ta.element_shape
        if not _known(shape):
            raise errors.InvalidArgumentError(
                None, None, f"Could not read from TensorArray index {i}.  Furthermore, the element shape is not fully "
                f"defined: {_shape_text(shape)}.  It is possible you are working with a resizeable TensorArray and "
                "stop_gradients is not allowing the gradients to be written.  If you set the full element_shape "
                "property on the forward TensorArray, the proper all-zeros tensor will be returned instead of "
                "incurring this error.")
        return xp.zeros(shape, ta.dtype)
    if ta.clear and read_id is not None:
        ta.cleared[i] = read_id
    return item


def _written(ta: TensorArrayValue, writes) -> TensorArrayValue:
    """`ta` with `writes` ((index, array) pairs) applied, with TF's checks."""
    items = list(ta.items)
    shape = ta.element_shape
    for i, value in writes:
        value = np.asarray(value)
        if value.dtype.kind == "S" and ta.dtype == object:  # a row of a string array NumPy gave as bytes
            value = value.astype(object)
        if value.dtype != ta.dtype:
            raise errors.InvalidArgumentError(None, None, f"TensorArray dtype is {_tf_name(ta.dtype)} but Op is trying "
                                                          f"to write dtype {_tf_name(value.dtype)}.")
        if i < 0:
            raise errors.InvalidArgumentError(None, None, f"Tried to write to index {i} but array size is: {len(items)}")
        if i >= len(items):
            if not ta.dynamic:
                raise errors.InvalidArgumentError(None, None, f"Tried to write to index {i} but array is not resizeable "
                                                              f"and size is: {len(items)}")
            items.extend([None] * (i + 1 - len(items)))
        if ta.identical:
            merged = _merge(shape, tuple(value.shape))
            if merged is False:
                raise errors.InvalidArgumentError(
                    None, None, f"Could not write to TensorArray index {i} because the value shape is "
                    f"{_shape_text(value.shape)} which is incompatible with the TensorArray's inferred element shape: "
                    f"{_shape_text(shape)} (consider setting infer_shape=False).")
            shape = merged
        if items[i] is not None or i in ta.cleared:
            if not ta.grad:
                raise errors.InvalidArgumentError(None, None, f"Could not write to TensorArray index {i} because it "
                                                              "has already been written to.")
            value = items[i] + value
        items[i] = value
    return ta.replace(items, shape)


_FLOW = (dtypes.float32, TensorShape([]))
_RESOURCE = (dtypes.resource, TensorShape([]))
_read_ids = itertools.count(1)


def _runtime_shape(shape: TensorShape):
    dims = shape.as_tuple() if isinstance(shape, TensorShape) else None
    return None if dims is None else tuple(-1 if d is None else int(d) for d in dims)


@op("TensorArrayV3", inputs=("size",),
    attrs=dict(dtype=None, element_shape=TensorShape(None), dynamic_size=False, clear_after_read=True,
               identical_element_shapes=False, tensor_array_name="", shape=TensorShape([])),
    type_attrs=dict(shape=None), foldable=False)
class TensorArrayV3:
    """A new array of `size` elements: (handle, flow). `shape` (sessionflow only) is the shape of the
    handle's zero gradient when a loop body captures it."""

    def infer(size, dtype, element_shape, dynamic_size, clear_after_read, identical_element_shapes,
              tensor_array_name, shape):
        if size.shape.ndims not in (0, None):
            raise ValueError(f"Shape must be rank 0 but is rank {size.shape.ndims} for 'TensorArrayV3'")
        return [_RESOURCE, _FLOW]

    def kernel(xp, size, dtype, element_shape, dynamic_size, clear_after_read, identical_element_shapes,
               tensor_array_name, shape):
        n = int(size)
        if n < 0:
            raise errors.InvalidArgumentError(None, None, f"Size should be >= 0, got: {n}")
        value = TensorArrayValue((None,) * n, dtype.as_numpy_dtype, _runtime_shape(as_shape(element_shape)),
                                 dynamic_size, clear_after_read, identical_element_shapes)
        return np.asarray(tensor_array_name or "TensorArray", dtype=object), value

    grad = NOT_DIFFERENTIABLE


@op("TensorArrayGradV3", inputs=("handle", "flow_in"), attrs=dict(source=""), type_attrs={}, foldable=False)
class TensorArrayGradV3:
    """The gradient array of the array `flow_in` holds: same size, nothing written (zeros)."""

    def infer(handle, flow_in, source):
        return [_RESOURCE, _FLOW]

    def kernel(xp, handle, flow_in, source):
        return handle, _array(flow_in, "TensorArrayGradV3").gradient_array()

    grad = NOT_DIFFERENTIABLE


@op("TensorArrayWriteV3", inputs=("handle", "index", "value", "flow_in"), type_attrs=dict(T="value"),
    foldable=False)
class TensorArrayWriteV3:
    def infer(handle, index, value, flow_in):
        return _FLOW

    def kernel(xp, handle, index, value, flow_in):
        return _written(_array(flow_in, "TensorArrayWriteV3"), [(int(index), value)])

    def grad(op_, g):
        if g is None:
            return [None] * 4
        handle, index, value, _ = op_.inputs
        # `g` is a plain zero where nothing read the array (a loop state no loss depends on): adding this
        # array's empty gradient array makes it one (and leaves a gradient array as it is)
        from .math_extra import add_n

        g = add_n([TensorArrayGradV3(handle, op_.outputs[0], source="gradients")[1], g])
        return [None, None, TensorArrayReadV3(handle, index, g, dtype=value.dtype.base_dtype), g]


@op("TensorArrayReadV3", inputs=("handle", "index", "flow_in"), attrs=dict(dtype=None, read_id=0),
    type_attrs=dict(read_id=None), foldable=False)
class TensorArrayReadV3:
    def infer(handle, index, flow_in, dtype, read_id):
        return dtype, TensorShape(None)

    def kernel(xp, handle, index, flow_in, dtype, read_id):
        return _element(xp, _array(flow_in, "TensorArrayReadV3"), int(index), read_id or None)

    def grad(op_, g):
        handle, index, flow = op_.inputs
        g_handle, g_flow = TensorArrayGradV3(handle, flow, source="gradients")
        return [None, None, TensorArrayWriteV3(g_handle, index, g, g_flow)]


@op("TensorArrayGatherV3", inputs=("handle", "indices", "flow_in"), attrs=dict(dtype=None,
                                                                              element_shape=TensorShape(None)),
    type_attrs={}, foldable=False)
class TensorArrayGatherV3:
    def infer(handle, indices, flow_in, dtype, element_shape):
        return dtype, TensorShape([None]).concatenate(as_shape(element_shape))  # TF's shape fn: first dim unknown

    def kernel(xp, handle, indices, flow_in, dtype, element_shape):
        ta = _array(flow_in, "TensorArrayGatherV3")
        merged = _merge(ta.element_shape, _runtime_shape(as_shape(element_shape)))
        if merged is not False and ta.element_shape != merged:
            ta = ta.replace(ta.items, merged)
        indices = [int(i) for i in np.asarray(indices).reshape(-1)]
        if not indices:
            if not _known(ta.element_shape):
                raise errors.InvalidArgumentError(
                    None, None, f"TensorArray has size zero, but element shape {_shape_text(ta.element_shape)} is not "
                    "fully defined. Currently only static shapes are supported when packing zero-size TensorArrays.")
            return xp.zeros((0,) + ta.element_shape, ta.dtype)
        values = [_element(xp, ta, i) for i in indices]
        first = values[0].shape
        for i, v in zip(indices, values):
            if v.shape != first:
                raise errors.InvalidArgumentError(
                    None, None, f"TensorArray has inconsistent shapes.  Index 0 has shape: {_shape_text(first)} but "
                    f"index {i} has shape: {_shape_text(v.shape)}")
        return xp.stack(values)

    def grad(op_, g):
        handle, indices, flow = op_.inputs
        g_handle, g_flow = TensorArrayGradV3(handle, flow, source="gradients")
        return [None, None, TensorArrayScatterV3(g_handle, indices, g, g_flow)]


@op("TensorArrayScatterV3", inputs=("handle", "indices", "value", "flow_in"), type_attrs=dict(T="value"),
    foldable=False)
class TensorArrayScatterV3:
    def infer(handle, indices, value, flow_in):
        return _FLOW

    def kernel(xp, handle, indices, value, flow_in):
        ta = _array(flow_in, "TensorArrayScatterV3")
        indices = [int(i) for i in np.asarray(indices).reshape(-1)]
        value = np.asarray(value)
        if value.ndim == 0 or value.shape[0] != len(indices):
            raise errors.InvalidArgumentError(None, None, f"Expected len(indices) == values.shape[0], but saw: "
                                                          f"{len(indices)} vs. {value.shape[0] if value.ndim else 0}")
        if indices and not ta.dynamic and max(indices) >= len(ta.items):
            raise errors.InvalidArgumentError(None, None, f"Max scatter index must be < array size ({max(indices)} vs. "
                                                          f"{len(ta.items)})")
        return _written(ta, [(i, value[k]) for k, i in enumerate(indices)])

    def grad(op_, g):
        if g is None:
            return [None] * 4
        handle, indices, value, _ = op_.inputs
        return [None, None, TensorArrayGatherV3(handle, indices, g, dtype=value.dtype.base_dtype), g]


@op("TensorArrayConcatV3", inputs=("handle", "flow_in"), attrs=dict(dtype=None, element_shape_except0=TensorShape(None)),
    type_attrs={}, foldable=False)
class TensorArrayConcatV3:
    def infer(handle, flow_in, dtype, element_shape_except0):
        return [(dtype, TensorShape([None]).concatenate(as_shape(element_shape_except0))),
                (dtypes.int64, TensorShape([None]))]

    def kernel(xp, handle, flow_in, dtype, element_shape_except0):
        ta = _array(flow_in, "TensorArrayConcatV3")
        values = [_element(xp, ta, i) for i in range(len(ta.items))]
        lengths = np.asarray([v.shape[0] if v.ndim else 0 for v in values], np.int64)
        if any(v.ndim == 0 for v in values):
            raise errors.InvalidArgumentError(None, None, "Concat saw a scalar shape at index 0 but requires at least "
                                                          "vectors.")
        if not values:
            rest = _runtime_shape(as_shape(element_shape_except0))
            return xp.zeros((0,) + (rest if _known(rest) else ()), ta.dtype), lengths
        return xp.concatenate(values), lengths

    def grad(op_, g, g_lengths=None):
        if g is None:
            return [None, None]
        handle, flow = op_.inputs
        g_handle, g_flow = TensorArrayGradV3(handle, flow, source="gradients")
        return [None, TensorArraySplitV3(g_handle, g, op_.outputs[1], g_flow)]


@op("TensorArraySplitV3", inputs=("handle", "value", "lengths", "flow_in"), type_attrs=dict(T="value"),
    foldable=False)
class TensorArraySplitV3:
    def infer(handle, value, lengths, flow_in):
        return _FLOW

    def kernel(xp, handle, value, lengths, flow_in):
        ta = _array(flow_in, "TensorArraySplitV3")
        value = np.asarray(value)
        lengths = [int(n) for n in np.asarray(lengths).reshape(-1)]
        if value.ndim == 0 or sum(lengths) != value.shape[0]:
            raise errors.InvalidArgumentError(None, None, f"Expected sum of lengths to be equal to values.shape[0], but "
                                                          f"sum of lengths is {sum(lengths)} and value's shape is: "
                                                          f"{_shape_text(value.shape)}")
        if not ta.dynamic and len(lengths) != len(ta.items):
            raise errors.InvalidArgumentError(None, None, f"TensorArray's size is not equal to the size of lengths "
                                                          f"({len(lengths)} vs. {len(ta.items)}), and the TensorArray "
                                                          "is not marked as dynamically resizeable.")
        starts = np.cumsum([0] + lengths)
        return _written(ta, [(i, value[starts[i]:starts[i + 1]]) for i in range(len(lengths))])

    def grad(op_, g):
        if g is None:
            return [None] * 4
        handle, value = op_.inputs[:2]
        concat, _ = TensorArrayConcatV3(handle, g, dtype=value.dtype.base_dtype,
                                        element_shape_except0=value.shape[1:] if value.shape.ndims else TensorShape(None))
        return [None, concat, None, g]


@op("TensorArraySizeV3", inputs=("handle", "flow_in"), type_attrs={}, foldable=False)
class TensorArraySizeV3:
    def infer(handle, flow_in):
        return dtypes.int32, TensorShape([])

    def kernel(xp, handle, flow_in):
        return np.int32(len(_array(flow_in, "TensorArraySizeV3").items))

    grad = NOT_DIFFERENTIABLE


@op("TensorArrayCloseV3", inputs=("handle",), type_attrs={}, foldable=False)
class TensorArrayCloseV3:
    """Releases the array (its value goes when nothing reads its flow any more)."""

    def infer(handle):
        return []

    def kernel(xp, handle):
        return None

    grad = NOT_DIFFERENTIABLE


# --- the Python class -------------------------------------------------------------------------

@tf_export("TensorArray")
class TensorArray:
    """TF 1.x's graph-mode TensorArray over the TensorArrayV3 ops (see the module docstring)."""

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None, colocate_with_first_write_call=True,
                 name=None):
        if handle is not None and tensor_array_name:
            raise ValueError("Cannot provide both `handle` and `tensor_array_name` arguments at the same time.")
        if handle is not None and not isinstance(handle, Tensor):
            raise TypeError(f"Expected `handle` to be a Tensor, but got `{handle}` of type `{type(handle)}` instead.")
        if handle is None and size is None:
            raise ValueError("Argument `size` must be provided if handle is not provided.")
        if handle is not None and size is not None:
            raise ValueError("Cannot provide both a `handle` and `size` arguments at the same time.")
        if handle is not None and element_shape is not None:
            raise ValueError("Cannot provide both `handle` and `element_shape` arguments at the same time.")
        if handle is not None and dynamic_size is not None:
            raise ValueError("Cannot provide both `handle` and `dynamic_size` arguments at the same time.")
        if handle is not None and clear_after_read is not None:
            raise ValueError("Cannot provide both `handle` and `clear_after_read` arguments at the same time.")
        self._dtype = dtypes.as_dtype(dtype).base_dtype
        self._dynamic_size = bool(dynamic_size)
        self._element_shape = [as_shape(element_shape)]
        self._infer_shape = infer_shape
        self._size = size
        graph = get_default_graph()
        with graph.name_scope(name or "TensorArray") as scope:
            if handle is not None:
                if flow is None:
                    raise ValueError("flow must not be None if handle is not None.")
                self._handle, self._flow = handle, flow
            else:
                self._handle, self._flow = TensorArrayV3(
                    convert_to_tensor(size, dtype=dtypes.int32, name="size"), dtype=self._dtype,
                    element_shape=self._element_shape[0], dynamic_size=self._dynamic_size,
                    clear_after_read=True if clear_after_read is None else bool(clear_after_read),
                    identical_element_shapes=bool(infer_shape), tensor_array_name=tensor_array_name or "",
                    name=scope.rstrip("/"))

    flow = property(lambda self: self._flow)
    dtype = property(lambda self: self._dtype)
    handle = property(lambda self: self._handle)
    dynamic_size = property(lambda self: self._dynamic_size)
    element_shape = property(lambda self: self._element_shape[0])

    def _with_flow(self, flow) -> "TensorArray":
        ta = TensorArray.__new__(TensorArray)
        ta.__dict__.update(self.__dict__)
        ta._flow = flow
        return ta

    def _check_element_shape(self, shape):
        if not shape.is_compatible_with(self.element_shape):
            raise ValueError(f"Inconsistent shapes: saw {shape} but expected {self.element_shape} ")
        if self._infer_shape:
            self._element_shape[0] = self.element_shape.merge_with(shape)

    def _value(self, value, dtype=None):
        if isinstance(value, Tensor):
            return value
        try:
            return convert_to_tensor(value, dtype=dtype or self._dtype, name="value")
        except (TypeError, ValueError):
            if dtype is not None:
                raise
            return convert_to_tensor(value, name="value")

    def identity(self) -> "TensorArray":
        from .array import identity

        return self._with_flow(identity(self._flow))

    def grad(self, source, flow=None, name=None) -> "TensorArray":
        from .array import identity

        flow = self._flow if flow is None else flow
        with get_default_graph().name_scope(name or "TensorArrayGrad"):
            g_handle, g_flow = TensorArrayGradV3(self._handle, flow, source=source)
            g = TensorArray(self._dtype, handle=g_handle, flow=identity(g_flow, name="gradient_flow"),
                            infer_shape=self._infer_shape)
            g._element_shape = self._element_shape
            return g

    def read(self, index, name=None):
        value = TensorArrayReadV3(self._handle, convert_to_tensor(index, dtype=dtypes.int32), self._flow,
                                  dtype=self._dtype, read_id=next(_read_ids), name=name or "TensorArrayReadV3")
        if self._element_shape:
            value.set_shape(self._element_shape[0])
        return value

    def write(self, index, value, name=None):
        with get_default_graph().name_scope(name or "TensorArrayWrite"):
            value = self._value(value)
            self._check_element_shape(value.shape)
            flow = TensorArrayWriteV3(self._handle, convert_to_tensor(index, dtype=dtypes.int32), value, self._flow,
                                      name="TensorArrayWriteV3")
            return self._with_flow(flow)

    def stack(self, name=None):
        from .array import range as range_

        with get_default_graph().name_scope(name or "TensorArrayStack"):
            value = self.gather(range_(0, self.size()), name="TensorArrayGatherV3")
            if self.element_shape and not self._dynamic_size and self._size is not None:
                size = _constant_value(self._size)
                value.set_shape(TensorShape([None if size is None else int(size)]).concatenate(self.element_shape))
            return value

    def gather(self, indices, name=None):
        element_shape = self._element_shape[0] if self._element_shape else TensorShape(None)
        value = TensorArrayGatherV3(self._handle, convert_to_tensor(indices, dtype=dtypes.int32), self._flow,
                                    dtype=self._dtype, element_shape=element_shape, name=name or "TensorArrayGatherV3")
        if self.element_shape:
            value.set_shape(TensorShape([None]).concatenate(self.element_shape))
        return value

    def concat(self, name=None):
        es = self.element_shape
        value, _ = TensorArrayConcatV3(self._handle, self._flow, dtype=self._dtype,
                                       element_shape_except0=es[1:] if es else TensorShape(None),
                                       name=name or "TensorArrayConcatV3")
        if es:
            dim0 = None
            if self._infer_shape:
                size = _constant_value(self.size())
                if size is not None and es[0] is not None:
                    dim0 = int(size) * es[0]
            value.set_shape(TensorShape([dim0]).concatenate(es[1:]))
        return value

    def unstack(self, value, name=None):
        from .array import shape as shape_of
        from .array import range as range_

        with get_default_graph().name_scope(name or "TensorArrayUnstack"):
            value = self._value(value)
            return self.scatter(range_(0, shape_of(value)[0]), value, name="TensorArrayScatter")

    def scatter(self, indices, value, name=None):
        with get_default_graph().name_scope(name or "TensorArrayScatter"):
            value = self._value(value)
            self._check_element_shape(value.shape[1:] if value.shape.ndims else TensorShape(None))
            flow = TensorArrayScatterV3(self._handle, convert_to_tensor(indices, dtype=dtypes.int32), value,
                                        self._flow, name="TensorArrayScatterV3")
            return self._with_flow(flow)

    def split(self, value, lengths, name=None):
        from .math import cast

        with get_default_graph().name_scope(name or "TensorArraySplit"):
            value = self._value(value, self._dtype)
            lengths = cast(convert_to_tensor(lengths), dtypes.int64)
            known = _constant_value(lengths)
            if value.shape.ndims is not None and known is not None and np.size(known) and \
                    np.max(known) == np.min(known):
                self._check_element_shape(TensorShape([int(np.reshape(known, -1)[0])]).concatenate(value.shape[1:]))
            flow = TensorArraySplitV3(self._handle, value, lengths, self._flow, name="TensorArraySplitV3")
            return self._with_flow(flow)

    def size(self, name=None):
        if not self._dynamic_size and self._size is not None:
            return convert_to_tensor(self._size, dtype=dtypes.int32)
        return TensorArraySizeV3(self._handle, self._flow, name=name or "TensorArraySizeV3")

    def close(self, name=None):
        return TensorArrayCloseV3(self._handle, name=name or "TensorArrayCloseV3")


def _constant_value(value):
    """A size or lengths as TF's tensor_util.constant_value sees it (None where TF does not evaluate it)."""
    from ..compat.python_helpers import constant_value

    return constant_value(value)


def flows(structure):
    """`structure` with each TensorArray replaced by its flow (how loops carry arrays)."""
    from .structure import is_nested

    if isinstance(structure, TensorArray):
        return structure.flow
    if isinstance(structure, dict):
        return type(structure)((k, flows(v)) for k, v in structure.items())
    if is_nested(structure):
        items = [flows(v) for v in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)
    return structure


def rebuild(template, structure):
    """`structure` (alike `template`) with the flows at TensorArrays' places made TensorArrays again."""
    from .structure import is_nested

    if isinstance(template, TensorArray):
        return template._with_flow(structure) if isinstance(structure, Tensor) else structure
    if isinstance(template, dict) and isinstance(structure, dict):
        return type(structure)((k, rebuild(template[k], v)) for k, v in structure.items())
    if is_nested(template) and is_nested(structure) and len(template) == len(structure):
        items = [rebuild(t, v) for t, v in zip(template, structure)]
        return type(structure)(*items) if hasattr(structure, "_fields") else type(structure)(items)
    return structure
