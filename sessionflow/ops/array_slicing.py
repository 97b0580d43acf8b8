"""Strided slicing: the StridedSlice op, its gradient, and `Tensor.__getitem__` (TF's slicing rules)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from .array import _INDEX_TYPES, _shape_from_value, builtins_range, shape_of, stack
from .common import check_dtype, shape_str
from .constant import constant, convert_to_tensor


@op("StridedSlice", inputs=("input", "begin", "end", "strides"),
    attrs=dict(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0),
    type_attrs=dict(T="input", Index="begin"))
class StridedSlice:
    """NumPy-style basic slicing encoded as begin/end/strides vectors and bit masks."""

    def infer(input, begin, end, strides, **masks):
        for name, t in (("begin", begin), ("end", end), ("strides", strides)):
            check_dtype("StridedSlice", name, t, _INDEX_TYPES)
        values = [_partial_vector(t) for t in (begin, end, strides)]
        dims = input.shape.as_tuple()
        if dims is None or any(v is None for v in values) or len({len(v) for v in values}) > 1:
            return input.dtype.base_dtype, TensorShape(None)
        try:
            return input.dtype.base_dtype, _sliced_shape(dims, _slice_spec(*values, **masks))
        except (ValueError, errors.InvalidArgumentError) as error:
            raise ValueError(_with_computed_inputs(str(error) if isinstance(error, ValueError) else error.message,
                                                   (input, begin, end, strides), values)) from None

    def kernel(xp, input, begin, end, strides, **masks):
        index = _slice_spec(begin.tolist(), end.tolist(), strides.tolist(), **masks)
        try:
            return xp.asarray(input[index])
        except IndexError:
            _sliced_shape(input.shape, index, runtime=True)
            raise

    def grad(op_, g):
        x, begin, end, strides = op_.inputs
        return (StridedSliceGrad(shape_of(x, out_type=begin.dtype.base_dtype), begin, end, strides, g, **op_.attrs),
                None, None, None)

    samples = [((np.arange(12.0).reshape(3, 4), np.array([1, 0], np.int32), np.array([3, 4], np.int32),
                 np.array([1, -2], np.int32)), dict(end_mask=2)),
               ((np.arange(24.0).reshape(2, 3, 4), np.array([0, 1, 0], np.int32), np.array([0, 2, 0], np.int32),
                 np.array([1, 1, 1], np.int32)), dict(ellipsis_mask=1, shrink_axis_mask=2, new_axis_mask=4)),
               ((np.arange(5, dtype=np.int64), np.array([-1], np.int64), np.array([0], np.int64),
                 np.array([1], np.int64)), dict(shrink_axis_mask=1))]


@op("StridedSliceGrad", inputs=("shape", "begin", "end", "strides", "dy"),
    attrs=dict(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0),
        type_attrs=dict(T="dy", Index="shape"))
class StridedSliceGrad:
    """Zeros of `shape` with `dy` written into the slice StridedSlice with the same arguments reads."""

    def infer(shape, begin, end, strides, dy, **masks):
        return dy.dtype.base_dtype, _shape_from_value(shape, "shape")

    def kernel(xp, shape, begin, end, strides, dy, **masks):
        index = _slice_spec(begin.tolist(), end.tolist(), strides.tolist(), **masks)
        out = xp.zeros(tuple(int(d) for d in shape), dtype=dy.dtype)
        if hasattr(out, "at"):
            return out.at[index].set(dy)
        out[index] = dy
        return out

    def grad(op_, g):
        _, begin, end, strides, _ = op_.inputs
        return None, None, None, None, StridedSlice(g, begin, end, strides, **op_.attrs)

    samples = [((np.array([3, 4], np.int32), np.array([1, 0], np.int32), np.array([3, 4], np.int32),
                 np.array([1, 2], np.int32), np.arange(4.0).reshape(2, 2)), {})]


def _partial_vector(t: Tensor):
    """The entries of a 1-D index tensor known while building the graph (None for unknown entries), or
    None when even its length is unknown. Packed scalars (`t[i]` builds `stack([i])`) are read one by one."""
    value = static_value(t)
    if value is not None:
        return [int(v) for v in np.asarray(value).reshape(-1)]
    if t.op.type == "Pack" and t.op.attrs.get("axis") == 0:
        parts = [static_value(p) for p in t.op.inputs]
        return [None if v is None or np.ndim(v) else int(v) for v in parts]
    n = t.shape.as_tuple()
    return None if n is None or len(n) != 1 or n[0] is None else [None] * n[0]


class _Unknown:
    """A slice component whose bounds are not known while building the graph."""

    def __repr__(self):
        return "<unknown>"


_UNKNOWN_INDEX = _Unknown()  # a shrink-axis index of unknown value: the dimension is dropped
_UNKNOWN_SLICE = _Unknown()  # a range of unknown extent: the dimension's size is unknown


def _with_computed_inputs(message, inputs, values):
    """`message` with TF's shape-inference context: the input shapes and the constant inputs TF had read when
    it failed (the strides first; begin and end once it checks indices)."""
    read = (3,) if "must be non-zero" in message or "Index out of range" in message else (1, 2, 3)
    computed = ", ".join(f"input[{i}] = <{' '.join('?' if v is None else str(v) for v in values[i - 1])}>"
                         for i in read)
    shapes = ", ".join(shape_str(t.shape) for t in inputs)
    return f"{message} for 'StridedSlice' with input shapes: {shapes} and with computed input tensors: {computed}."


def _slice_spec(begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask):
    spec = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            spec.append(Ellipsis)
        elif new_axis_mask & bit:
            spec.append(None)
        elif shrink_axis_mask & bit:
            spec.append(_UNKNOWN_INDEX if b is None else int(b))
        elif s is None or (b is None and not begin_mask & bit) or (e is None and not end_mask & bit):
            spec.append(_UNKNOWN_SLICE)
        else:
            if s == 0:
                raise errors.InvalidArgumentError(None, None, "strides[" + str(i) + "] must be non-zero")
            spec.append(slice(None if begin_mask & bit else b, None if end_mask & bit else e, s))
    return tuple(spec)


def _sliced_shape(dims, index, runtime=False):
    """The shape `x[index]` has for a tensor of shape `dims` (None for unknown sizes)."""
    n_real = sum(1 for s in index if s is not None and s is not Ellipsis)
    if n_real > len(dims):
        raise ValueError(f"Index out of range using input dim {len(dims)}; input has only {len(dims)} dims")
    out, d = [], 0
    for s in index:
        if s is Ellipsis:
            span = len(dims) - n_real
            out.extend(dims[d:d + span])
            d += span
        elif s is None:
            out.append(1)
        elif s is _UNKNOWN_INDEX:
            d += 1
        elif s is _UNKNOWN_SLICE:
            out.append(None)
            d += 1
        elif isinstance(s, int):
            size = dims[d]
            if size is not None and not -size <= s < size:
                cls = errors.InvalidArgumentError if runtime else None
                message = f"slice index {s + size if s < 0 else s} of dimension {d} out of bounds."
                if cls:
                    raise cls(None, None, message)
                raise ValueError(message)
            d += 1
        else:
            size = dims[d]
            out.append(None if size is None else len(builtins_range(*s.indices(size))))
            d += 1
    out.extend(dims[d:])
    return TensorShape(out)


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "StridedSlice") as scope:
        input_ = convert_to_tensor(input_, name="input")
        if strides is None:
            strides = [1] * len(begin)
        args = [convert_to_tensor(v, name=n, preferred_dtype=dtypes.int32)
                for v, n in ((begin, "begin"), (end, "end"), (strides, "strides"))]
        return StridedSlice(input_, *args, begin_mask=begin_mask, end_mask=end_mask,
                            ellipsis_mask=ellipsis_mask, new_axis_mask=new_axis_mask,
                            shrink_axis_mask=shrink_axis_mask, name=scope)


def _index_vector(values, name):
    if all(isinstance(v, (int, np.integer)) for v in values):
        return constant(np.array(values, dtype=np.int32 if all(-2**31 <= v < 2**31 for v in values)
                                 else np.int64), name=name)
    return stack(values, name=name)


def slice_helper(tensor, spec, var=None):
    """`tensor[spec]` for ints, slices, `...`, `tf.newaxis` and scalar int tensors (TF's rules)."""
    if not isinstance(spec, tuple):
        spec = (spec,)
    begin, end, strides = [], [], []
    masks = dict(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0)
    for i, s in enumerate(spec):
        bit = 1 << i
        if isinstance(s, slice):
            for part in (s.start, s.stop, s.step):
                if part is not None and not isinstance(part, (int, np.integer, Tensor)):
                    raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and "
                                    f"scalar tf.int32/tf.int64 tensors are valid indices, got {s!r}")
            begin.append(0 if s.start is None else s.start)
            end.append(0 if s.stop is None else s.stop)
            strides.append(1 if s.step is None else s.step)
            masks["begin_mask"] |= bit if s.start is None else 0
            masks["end_mask"] |= bit if s.stop is None else 0
        elif s is Ellipsis:
            begin.append(0), end.append(0), strides.append(1)
            masks["ellipsis_mask"] |= bit
        elif s is None:
            begin.append(0), end.append(0), strides.append(1)
            masks["new_axis_mask"] |= bit
        elif isinstance(s, (int, np.integer)) and not isinstance(s, (bool, np.bool_)):
            begin.append(int(s)), end.append(int(s) + 1), strides.append(1)
            masks["shrink_axis_mask"] |= bit
        elif isinstance(s, Tensor) and s.dtype.base_dtype in _INDEX_TYPES and s.shape.ndims in (0, None):
            begin.append(s), end.append(s + 1), strides.append(1)
            masks["shrink_axis_mask"] |= bit
        else:
            raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                            f"tf.int32/tf.int64 tensors are valid indices, got {s!r}")
    with get_default_graph().name_scope("strided_slice") as scope:
        return StridedSlice(convert_to_tensor(tensor), _index_vector(begin, "stack"),
                            _index_vector(end, "stack_1"), _index_vector(strides, "stack_2"),
                            name=scope, **masks)



Tensor.__getitem__ = slice_helper
