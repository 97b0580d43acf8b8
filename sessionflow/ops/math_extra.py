"""More math ops: AddN, cumulative sums and products, and the clipping functions.

`tf.clip_by_norm`, `tf.global_norm` and `tf.clip_by_global_norm` are composites of ops from other
families (reductions, `tf.where`, `tf.nn.l2_loss`, `tf.stack`); those are imported when called.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape, as_shape
from . import common
from .common import NUMBERS, check_dtype
from .constant import constant, convert_to_tensor
from .indexed_slices import IndexedSlices
from .math import cast, maximum, minimum, multiply, realdiv, sqrt

_AXIS_TYPES = frozenset([dtypes.int32, dtypes.int64])


# --- AddN ------------------------------------------------------------------------------------

@op("AddN", inputs=("*inputs",), type_attrs=dict(T="inputs", N="#inputs"))
class AddN:
    """Elementwise sum of N tensors of one dtype and shape (no broadcasting)."""

    def infer(*inputs):
        dtype = inputs[0].dtype.base_dtype
        check_dtype("AddN", "inputs", inputs[0], NUMBERS | {dtypes.variant})
        shape = inputs[0].shape
        for i, t in enumerate(inputs[1:], start=1):
            if t.dtype.base_dtype is not dtype:
                raise TypeError(f"Tensors in list passed to 'inputs' of 'AddN' Op have types "
                                f"[{', '.join(x.dtype.base_dtype.name for x in inputs)}] that don't all match.")
            if not shape.is_compatible_with(t.shape):
                axis, (d0, d1) = next((i, (a, b)) for i, (a, b) in enumerate(zip(shape.as_list(), t.shape.as_list()))
                                      if a is not None and b is not None and a != b) if shape.ndims == t.shape.ndims \
                    else (0, (shape.ndims, t.shape.ndims))
                raise ValueError(f"Dimension {axis} in both shapes must be equal, but are {d0} and {d1}. Shapes are "
                                 f"{common.shape_str(shape)} and {common.shape_str(t.shape)}.\n\tFrom merging "
                                 f"shape 0 with other shapes. for 'AddN' with input shapes: "
                                 f"{', '.join(common.shape_str(x.shape) for x in inputs)}.")
            shape = shape.merge_with(t.shape)
        return dtype, shape

    def kernel(xp, *arrays):
        first = arrays[0]
        for a in arrays[1:]:
            if a.shape != first.shape:
                raise errors.InvalidArgumentError(
                    None, None, f"Inputs to operation AddN of type AddN must have the same size and shape.  "
                                f"Input 0: {list(first.shape)} != input 1: {list(a.shape)}")
        total = first.copy()
        for a in arrays[1:]:
            total += a
        return total

    def grad(op_, g):
        return [g] * len(op_.inputs)

    samples = [(([np.array([1.0, -2.0]), np.array([0.5, 3.0]), np.array([2.0, 2.0])],), {}),
               (([np.array([[1, 2]], np.int32)],), {}),
               (([np.ones((2, 2), np.float32), np.zeros((2, 2), np.float32)],), {})]


@tf_export("math.add_n", "add_n")
def add_n(inputs, name=None) -> Tensor:
    """`tf.add_n`: the elementwise sum of a list of same-shape tensors (one input is returned as is)."""
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("inputs must be a list of at least one Tensor/IndexedSlices with the same dtype and "
                         "shape")
    inputs = [convert_to_tensor(t) for t in inputs]
    if len(inputs) == 1:
        if name:
            from .array import identity

            return identity(inputs[0], name=name)
        return inputs[0]
    with get_default_graph().name_scope(name or "AddN") as scope:
        return AddN(inputs, name=scope)


@tf_export("math.accumulate_n", "accumulate_n")
def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None) -> Tensor:
    """TF 1.x's `tf.accumulate_n`: `add_n` after checking that the inputs share a dtype and `shape`."""
    def input_error():
        return ValueError("inputs must be a list of at least one Tensor with the same dtype and shape")

    if not inputs or not isinstance(inputs, (list, tuple)):
        raise input_error()
    inputs = [convert_to_tensor(t) for t in inputs]
    if not all(t.dtype == inputs[0].dtype for t in inputs):
        raise input_error()
    merged = as_shape(shape) if shape is not None else TensorShape(None)
    for t in inputs:
        merged = merged.merge_with(t.shape)
    if tensor_dtype is not None and tensor_dtype != inputs[0].dtype:
        raise TypeError(f"The `tensor_dtype` argument is {tensor_dtype}, but `input` is of type {inputs[0].dtype}. "
                        "These must be equal. Try casting the input to the desired type.")
    return add_n(inputs, name=name)


@tf_export("saturate_cast", "dtypes.saturate_cast")
def saturate_cast(value, dtype, name=None) -> Tensor:
    """Casts `value` to `dtype`, first clamping it into the range `dtype` can hold (real dtypes)."""
    with get_default_graph().name_scope(name or "saturate_cast") as scope:
        value = convert_to_tensor(value, name="value")
        dtype = dtypes.as_dtype(dtype).base_dtype
        in_np = value.dtype.base_dtype.as_numpy_dtype
        low, high = _dtype_range(value.dtype.base_dtype), _dtype_range(dtype)
        lo = in_np(max(low[0], high[0]))
        if np.array([lo, high[0]], np.promote_types(in_np, dtype.as_numpy_dtype))[0] < high[0]:
            lo = np.nextafter(lo, in_np(0), dtype=in_np)
        hi = in_np(min(float(low[1]), float(high[1])))
        if np.array([hi, high[1]], np.promote_types(in_np, dtype.as_numpy_dtype))[0] > high[1]:
            hi = np.nextafter(hi, in_np(0), dtype=in_np)
        value = clip_by_value(value, constant(lo, dtype=value.dtype.base_dtype),
                              constant(hi, dtype=value.dtype.base_dtype), name="clamp")
        return cast(value, dtype, name=scope)


tf_export("dtypes.cast")(cast)


def _dtype_range(dtype):
    np_dtype = np.dtype(dtype.as_numpy_dtype)
    if np_dtype.kind == "b":
        return (0, 1)
    info = np.iinfo(np_dtype) if np_dtype.kind in "iu" else np.finfo(np_dtype)
    return (info.min, info.max)


# --- Cumsum / Cumprod ------------------------------------------------------------------------

def _cumulative_infer(type_name):
    def infer(x, axis, exclusive, reverse):
        check_dtype(type_name, "x", x, NUMBERS)
        check_dtype(type_name, "axis", axis, _AXIS_TYPES)
        value, rank = static_value(axis), x.shape.ndims  # a non-scalar axis fails when the op runs, as in TF
        if value is not None and np.ndim(value) == 0 and rank is not None and not -rank <= int(value) < max(rank, 1):
            raise ValueError(f"axis must be in range [-{rank}, {rank}), but got {int(value)}")
        return x.dtype.base_dtype, x.shape

    return infer


def _cumulative(xp, x, axis, exclusive, reverse, fn, identity):
    if np.ndim(axis) != 0:
        raise errors.InvalidArgumentError(None, None, f"ScanOp: axis must be a scalar, not {list(np.shape(axis))}")
    axis = int(axis)
    rank = max(x.ndim, 1)
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(None, None, f"ScanOp: Expected scan axis in the range [{-rank}, {rank}), "
                                                      f"but got {axis}")
    if x.ndim == 0:
        return x.copy() if not exclusive else xp.full_like(x, identity)
    if reverse:
        x = xp.flip(x, axis)
    out = fn(x, axis=axis, dtype=x.dtype)
    if exclusive:
        head = xp.full_like(xp.take(out, xp.asarray([0]), axis=axis), identity)
        out = xp.concatenate([head, xp.take(out, xp.arange(out.shape[axis] - 1), axis=axis)], axis=axis)
    if reverse:
        out = xp.flip(out, axis)
    return out


_CUMULATIVE_SAMPLES = [
    ((np.array([[0.5, -1.5, 2.0], [1.25, 0.75, -0.5]]), np.array(1, np.int32)), dict(exclusive=False, reverse=False)),
    ((np.array([[0.5, -1.5, 2.0], [1.25, 0.75, -0.5]]), np.array(0, np.int32)), dict(exclusive=True, reverse=True)),
    ((np.array([1, 2, 3, 4], np.int32), np.array(-1, np.int32)), dict(exclusive=True, reverse=False)),
    ((np.array([0.5, 2.0, -1.5], np.float32), np.array(0, np.int64)), dict(exclusive=False, reverse=True)),
]


@op("Cumsum", inputs=("x", "axis"), attrs=dict(exclusive=False, reverse=False), type_attrs=dict(T="x", Tidx="axis"))
class Cumsum:
    """Running sum along `axis`; `exclusive` starts from 0, `reverse` runs from the end."""

    infer = _cumulative_infer("Cumsum")

    def kernel(xp, x, axis, exclusive, reverse):
        return _cumulative(xp, x, axis, exclusive, reverse, xp.cumsum, 0)

    def grad(op_, g):
        axis = op_.inputs[1]
        return (cumsum(g, axis, exclusive=op_.attrs["exclusive"], reverse=not op_.attrs["reverse"]), None)

    samples = _CUMULATIVE_SAMPLES


@op("Cumprod", inputs=("x", "axis"), attrs=dict(exclusive=False, reverse=False), type_attrs=dict(T="x", Tidx="axis"))
class Cumprod:
    """Running product along `axis`; `exclusive` starts from 1, `reverse` runs from the end."""

    infer = _cumulative_infer("Cumprod")

    def kernel(xp, x, axis, exclusive, reverse):
        return _cumulative(xp, x, axis, exclusive, reverse, xp.cumprod, 1)

    def grad(op_, g):
        x, axis = op_.inputs
        exclusive, reverse = op_.attrs["exclusive"], op_.attrs["reverse"]
        prod = cumprod(x, axis, exclusive=exclusive, reverse=reverse)
        return (realdiv(cumsum(multiply(prod, g), axis, exclusive=exclusive, reverse=not reverse), x), None)

    samples = _CUMULATIVE_SAMPLES


def _cumulative_wrapper(opdef, default_name, x, axis, exclusive, reverse, name):
    with get_default_graph().name_scope(name or default_name) as scope:
        x = convert_to_tensor(x, name="x")
        axis = convert_to_tensor(axis, name="axis")
        return opdef(x, axis, exclusive=bool(exclusive), reverse=bool(reverse), name=scope)


@tf_export("math.cumsum", "cumsum")
def cumsum(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """`tf.cumsum`: running sum along `axis` (Cumsum)."""
    return _cumulative_wrapper(Cumsum, "Cumsum", x, axis, exclusive, reverse, name)


@tf_export("math.cumprod", "cumprod")
def cumprod(x, axis=0, exclusive=False, reverse=False, name=None) -> Tensor:
    """`tf.cumprod`: running product along `axis` (Cumprod)."""
    return _cumulative_wrapper(Cumprod, "Cumprod", x, axis, exclusive, reverse, name)


# --- clipping --------------------------------------------------------------------------------

@tf_export("clip_by_value")
def clip_by_value(t, clip_value_min, clip_value_max, name=None) -> Tensor:
    """`tf.clip_by_value`: maximum(minimum(t, max), min); the result op is named `name` ("clip_by_value")."""
    with get_default_graph().name_scope(name or "clip_by_value") as scope:
        t = convert_to_tensor(t, name="t")
        t_min = minimum(t, clip_value_max)
        if not t.shape.is_compatible_with(t_min.shape):
            raise ValueError(f"Shapes {t.shape} and {t_min.shape} are incompatible")
        return maximum(t_min, clip_value_min, name=scope)


@tf_export("clip_by_norm")
def clip_by_norm(t, clip_norm, axes=None, name=None) -> Tensor:
    """`tf.clip_by_norm`: t * clip_norm / max(l2norm(t, axes), clip_norm), with a zero-safe norm."""
    from .array import identity, ones_like
    from .array_index import where
    from .math import greater
    from .math import sqrt as _sqrt
    from .reduction import reduce_sum

    with get_default_graph().name_scope(name or "clip_by_norm") as scope:
        t = convert_to_tensor(t, name="t")
        l2sum = reduce_sum(t * t, axes, keepdims=True)
        pred = greater(l2sum, 0)
        l2sum_safe = where(pred, l2sum, ones_like(l2sum))  # two selects keep the gradient of a zero norm finite
        l2norm = where(pred, _sqrt(l2sum_safe), l2sum)
        intermediate = t * clip_norm
        if not t.shape.is_compatible_with(intermediate.shape):
            raise ValueError(f"Dimensions {t.shape} and {intermediate.shape} are not compatible")
        return identity(intermediate / maximum(l2norm, clip_norm), name=scope)


@tf_export("linalg.global_norm", "global_norm")
def global_norm(t_list, name=None) -> Tensor:
    """`tf.global_norm`: sqrt(sum of squared L2 norms of all tensors in `t_list`; None entries skipped)."""
    from .array import stack
    from .nn import l2_loss
    from .reduction import reduce_sum

    if isinstance(t_list, Tensor) or not hasattr(t_list, "__iter__"):
        raise TypeError("t_list should be a sequence")
    values = [convert_to_tensor(_values_of(t)) for t in t_list if t is not None]
    with get_default_graph().name_scope(name or "global_norm"):
        half_squared_norm = reduce_sum(stack([l2_loss(v) for v in values]))
        two = convert_to_tensor(2.0, dtype=half_squared_norm.dtype.base_dtype, name="Const")
        return sqrt(multiply(half_squared_norm, two, name="mul"), name="global_norm")


@tf_export("clip_by_global_norm")
def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """`tf.clip_by_global_norm`: scales every tensor by clip_norm / max(global_norm, clip_norm); returns
    (clipped list, global norm). None entries stay None; a non-finite norm makes every value NaN."""
    from .array import identity

    if isinstance(t_list, Tensor) or not hasattr(t_list, "__iter__"):
        raise TypeError("t_list should be a sequence")
    t_list = list(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    with get_default_graph().name_scope(name or "clip_by_global_norm") as scope:
        dtype = use_norm.dtype.base_dtype
        scale = clip_norm * minimum(1.0 / use_norm, constant(1.0, dtype=dtype) / clip_norm)
        scale = scale + (use_norm - use_norm)  # NaN unless the norm is finite
        clipped = []
        for i, t in enumerate(t_list):
            if t is None:
                clipped.append(None)
                continue
            values = convert_to_tensor(_values_of(t))
            scaled = identity(values * cast(scale, values.dtype.base_dtype), name=f"{scope}_{i}")
            clipped.append(IndexedSlices(scaled, t.indices, t.dense_shape) if isinstance(t, IndexedSlices) else scaled)
    return clipped, use_norm


def _values_of(t):
    """What the global norm and clipping read of a gradient: a sparse gradient's rows as they are
    (repeated indices not summed), as TF does; it stays sparse after clipping."""
    return t.values if isinstance(t, IndexedSlices) else t
