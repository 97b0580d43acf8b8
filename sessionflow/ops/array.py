"""Array ops: placeholders, identity, shapes, filling, ranges, reshaping, packing, slicing, gathering."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape, as_shape
from . import common
from .common import check_dtype
from .constant import constant, convert_to_tensor

_INDEX_TYPES = frozenset([dtypes.int32, dtypes.int64])


def _shape_from_value(t: Tensor, what: str) -> TensorShape:
    """A static shape from a 1-D shape tensor: fully or partly known from its static value."""
    value = static_value(t)
    if value is not None:
        return TensorShape([None if d < 0 else int(d) for d in np.asarray(value).reshape(-1)])
    n = t.shape.as_tuple()
    if n is not None and len(n) == 1 and n[0] is not None:
        return TensorShape([None] * n[0])
    return TensorShape(None)


# --- feeding ---------------------------------------------------------------------------------

@op("Placeholder", attrs=dict(dtype=None, shape=None), foldable=False)
class Placeholder:
    """A value the caller must feed; running it unfed is TF's InvalidArgumentError."""

    def infer(dtype, shape):
        return dtype, shape

    kernel = None
    grad = NOT_DIFFERENTIABLE


@op("PlaceholderWithDefault", inputs=("input",), attrs=dict(dtype=None, shape=None), foldable=False, type_attrs={})
class PlaceholderWithDefault:
    """Its input unless fed."""

    def infer(input, dtype, shape):
        if not shape.is_compatible_with(input.shape):
            raise ValueError(f"Incompatible shapes: default {input.shape} vs placeholder shape {shape}")
        return dtype, shape

    def kernel(xp, input, dtype, shape):
        return input

    def grad(op_, g):
        return g

    samples = [((np.array([1.5, 2.0]),), dict(dtype=dtypes.float64, shape=TensorShape([None])))]


def placeholder(dtype, shape=None, name=None) -> Tensor:
    dtype = dtypes.as_dtype(dtype)
    return Placeholder(dtype=dtype, shape=as_shape(shape), name=name or "Placeholder")


def placeholder_with_default(input, shape, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "PlaceholderWithDefault") as scope:
        input = convert_to_tensor(input, name="input")
        return PlaceholderWithDefault(input, dtype=input.dtype.base_dtype, shape=as_shape(shape), name=scope)


# --- identity --------------------------------------------------------------------------------

@op("Identity", inputs=("input",), forwards_ref=True)
class Identity:
    """Its input, unchanged."""

    def infer(input):
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input):
        return input

    def grad(op_, g):
        return g

    samples = [((np.array([[1.0, -2.0]]),), {}), ((np.array(3, np.int32),), {})]


@op("StopGradient", inputs=("input",))
class StopGradient:
    """Its input; gradients do not flow through it."""

    def infer(input):
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input):
        return input

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, 2.0]),), {})]


def identity(input, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Identity") as scope:
        return Identity(convert_to_tensor(input, name="input"), name=scope)


def stop_gradient(input, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "StopGradient") as scope:
        return StopGradient(convert_to_tensor(input, name="input"), name=scope)


# --- shapes ----------------------------------------------------------------------------------

def _shape_static(op_, index):
    shape = op_.inputs[0].shape
    if not shape.is_fully_defined():
        return None
    return np.array(shape.as_list(), dtype=op_.attrs["out_type"].as_numpy_dtype)


@op("Shape", inputs=("input",), attrs=dict(out_type=dtypes.int32))
class Shape:
    """The dynamic shape of its input as a 1-D int tensor."""

    def infer(input, out_type):
        return out_type, [input.shape.ndims]

    def kernel(xp, input, out_type):
        return xp.asarray(xp.shape(input), dtype=out_type.as_numpy_dtype)

    static_value = _shape_static
    grad = NOT_DIFFERENTIABLE
    samples = [((np.ones((2, 0, 3)),), {}), ((np.array(1.0),), dict(out_type=dtypes.int64))]


@op("Size", inputs=("input",), attrs=dict(out_type=dtypes.int32))
class Size:
    """The number of elements of its input."""

    def infer(input, out_type):
        return out_type, []

    def kernel(xp, input, out_type):
        return xp.asarray(xp.size(input), dtype=out_type.as_numpy_dtype)

    def static_value(op_, index):
        n = op_.inputs[0].shape.num_elements()
        return None if n is None else np.array(n, dtype=op_.attrs["out_type"].as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.ones((2, 3), np.int32),), {}), ((np.array(1.0),), dict(out_type=dtypes.int64))]


@op("Rank", inputs=("input",))
class Rank:
    """The number of dimensions of its input."""

    def infer(input):
        return dtypes.int32, []

    def kernel(xp, input):
        return xp.asarray(xp.ndim(input), dtype=xp.int32)

    def static_value(op_, index):
        n = op_.inputs[0].shape.ndims
        return None if n is None else np.array(n, dtype=np.int32)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.ones((2, 3)),), {}), ((np.array(True),), {})]


def shape(input, name=None, out_type=dtypes.int32) -> Tensor:
    with get_default_graph().name_scope(name or "Shape") as scope:
        return Shape(convert_to_tensor(input, name="input"), out_type=dtypes.as_dtype(out_type), name=scope)


shape_of = shape


def size(input, name=None, out_type=dtypes.int32) -> Tensor:
    with get_default_graph().name_scope(name or "Size") as scope:
        return Size(convert_to_tensor(input, name="input"), out_type=dtypes.as_dtype(out_type), name=scope)


def rank(input, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Rank") as scope:
        return Rank(convert_to_tensor(input, name="input"), name=scope)


@op("Reshape", inputs=("tensor", "shape"), type_attrs=dict(T="tensor", Tshape="shape"))
class Reshape:
    """Its input with a new shape; one dimension may be -1 (inferred)."""

    def infer(tensor, shape):
        check_dtype("Reshape", "shape", shape, _INDEX_TYPES)
        value = static_value(shape)
        if value is None:
            return tensor.dtype.base_dtype, _shape_from_value(shape, "shape")
        dims = [int(d) for d in np.asarray(value).reshape(-1)]
        n = tensor.shape.num_elements()
        if dims.count(-1) > 1:
            raise ValueError(f"Cannot reshape a tensor with {n} elements to shape {dims}: "
                             "only one input size may be -1")
        known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
        if -1 in dims:
            if n is not None:
                if known == 0 or n % known:
                    raise ValueError(f"Cannot reshape a tensor with {n} elements to shape {dims}")
                dims = [n // known if d == -1 else d for d in dims]
            else:
                dims = [None if d == -1 else d for d in dims]
        elif n is not None and n != known:
            raise ValueError(f"Cannot reshape a tensor with {n} elements to shape {dims} ({known} elements) "
                             f"for 'Reshape' with input shapes: {common.shape_str(tensor.shape)}, "
                             f"[{len(dims)}] and with input tensors computed as partial shapes: "
                             f"input[1] = [{','.join(map(str, dims))}].")
        return tensor.dtype.base_dtype, dims

    def kernel(xp, tensor, shape):
        try:
            return xp.reshape(tensor, tuple(int(d) for d in shape))
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, f"Input to reshape is a tensor with {xp.size(tensor)} values, but the requested "
                            f"shape has {int(np.prod(shape))}") from None

    def grad(op_, g):
        return reshape(g, shape_of(op_.inputs[0])), None

    samples = [((np.arange(6.0).reshape(2, 3), np.array([3, -1], np.int32)), {}),
               ((np.array([4.5]), np.array([], np.int64)), {}),
               ((np.zeros((0, 4), np.int32), np.array([2, 0, 3], np.int32)), {})]


def reshape(tensor, shape, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Reshape") as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        shape = convert_to_tensor(shape, name="shape", preferred_dtype=dtypes.int32)
        return Reshape(tensor, shape, name=scope)


# --- filling and ranges ----------------------------------------------------------------------

@op("Fill", inputs=("dims", "value"), type_attrs=dict(T="value", index_type="dims"))
class Fill:
    """A tensor of shape `dims` filled with the scalar `value`."""

    def infer(dims, value):
        check_dtype("Fill", "dims", dims, _INDEX_TYPES)
        value.shape.with_rank(0)
        return value.dtype.base_dtype, _shape_from_value(dims, "dims")

    def kernel(xp, dims, value):
        if xp.any(dims < 0):
            raise errors.InvalidArgumentError(None, None, f"dims must be nonnegative, got {list(dims)}")
        return xp.full(tuple(int(d) for d in dims), value, dtype=value.dtype)

    def grad(op_, g):
        from .reduction import reduce_sum

        return None, reduce_sum(g)

    samples = [((np.array([2, 3], np.int32), np.array(1.5)), {}),
               ((np.array([], np.int64), np.array(7, np.int32)), {}),
               ((np.array([0, 2], np.int32), np.array(1.0, np.float32)), {})]


def fill(dims, value, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Fill") as scope:
        dims = convert_to_tensor(dims, name="dims", preferred_dtype=dtypes.int32)
        return Fill(dims, convert_to_tensor(value, name="value"), name=scope)


def _filled(value, shape, dtype, name):
    dtype = dtypes.as_dtype(dtype).base_dtype
    scalar = np.array(value).astype(dtype.as_numpy_dtype) if dtype is not dtypes.string else b""
    if not isinstance(shape, Tensor):
        shape = as_shape(shape)
        if shape.is_fully_defined() and shape.num_elements() < 1000:
            return constant(scalar, dtype=dtype, shape=shape.as_list(), name=name)
    with get_default_graph().name_scope(name) as scope:
        dims = convert_to_tensor(shape.as_list() if isinstance(shape, TensorShape) else shape,
                                 name="shape_as_tensor", preferred_dtype=dtypes.int32)
        return Fill(dims, constant(scalar, dtype=dtype), name=scope)


def zeros(shape, dtype=dtypes.float32, name=None) -> Tensor:
    return _filled(0, shape, dtype, name or "zeros")


def ones(shape, dtype=dtypes.float32, name=None) -> Tensor:
    return _filled(1, shape, dtype, name or "ones")


@op("ZerosLike", inputs=("x",))
class ZerosLike:
    """Zeros with the shape and dtype of its input."""

    def infer(x):
        return x.dtype.base_dtype, x.shape

    def kernel(xp, x):
        return xp.zeros_like(x)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, 2.0]),), {}), ((np.ones((0, 2), np.int32),), {})]


@op("OnesLike", inputs=("x",))
class OnesLike:
    """Ones with the shape and dtype of its input."""

    def infer(x):
        return x.dtype.base_dtype, x.shape

    def kernel(xp, x):
        return xp.ones_like(x)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, 2.0]),), {}), ((np.array(True),), {})]


def _like(opdef, fill_value, tensor, dtype, name, default_name):
    with get_default_graph().name_scope(name or default_name) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        dtype = tensor.dtype.base_dtype if dtype is None else dtypes.as_dtype(dtype).base_dtype
        if opdef is OnesLike:  # TF's ones_like is a Fill of the shape (a constant when it is known)
            if tensor.shape.is_fully_defined():
                dims = constant(np.array(tensor.shape.as_list(), np.int32), name="Shape/shape_as_tensor")
            else:
                dims = shape(tensor, name="Shape")
            result = _filled(fill_value, dims, dtype, scope)
            result.set_shape(tensor.shape)
            return result
        if tensor.shape.is_fully_defined():
            return _filled(fill_value, tensor.shape, dtype, scope)
        if dtype is not tensor.dtype.base_dtype:
            from .math import cast

            return cast(opdef(tensor), dtype, name=scope)
        return opdef(tensor, name=scope)


def zeros_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    return _like(ZerosLike, 0, tensor, dtype, name, "zeros_like")


def ones_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    return _like(OnesLike, 1, tensor, dtype, name, "ones_like")


@op("Range", inputs=("start", "limit", "delta"), attrs=dict(Tidx=dtypes.int32), type_attrs={})
class Range:
    """`start, start + delta, ...` up to (excluding) `limit`."""

    def infer(start, limit, delta, Tidx):
        values = [static_value(t) for t in (start, limit, delta)]
        if all(v is not None for v in values):
            s, lim, d = (v.item() for v in values)
            if d == 0:
                raise ValueError("Requires delta != 0")
            if d > 0 and s > lim:
                raise ValueError(f"Requires start <= limit when delta > 0: {s}/{lim}")
            if d < 0 and s < lim:
                raise ValueError(f"Requires start >= limit when delta < 0: {s}/{lim}")
            n = max(0, int(np.ceil((lim - s) / d)))
            return Tidx, [n]
        return Tidx, [None]

    def kernel(xp, start, limit, delta, Tidx):
        if delta == 0:
            raise errors.InvalidArgumentError(None, None, "Requires delta != 0: 0")
        if (delta > 0 and start > limit) or (delta < 0 and start < limit):
            raise errors.InvalidArgumentError(
                None, None, f"Requires start <= limit when delta > 0: {start}/{limit}" if delta > 0 else
                f"Requires start >= limit when delta < 0: {start}/{limit}")
        return xp.arange(start, limit, delta, dtype=Tidx.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(0, np.int32), np.array(5, np.int32), np.array(2, np.int32)), dict(Tidx=dtypes.int32)),
               ((np.array(1.0), np.array(0.0), np.array(-0.25)), dict(Tidx=dtypes.float64))]


def range(start, limit=None, delta=1, dtype=None, name="range") -> Tensor:  # TF's name
    """`tf.range`: the dtype is inferred from the arguments (the widest of them) unless given."""
    if limit is None:
        start, limit = 0, start
    with get_default_graph().name_scope(name) as scope:
        args = [convert_to_tensor(v, dtype=dtype, name=n) for v, n in
                ((start, "start"), (limit, "limit"), (delta, "delta"))]
        if dtype is None:
            order = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64]
            widest = max((a.dtype.base_dtype for a in args), key=order.index)
            from .math import cast

            args = [cast(a, widest) for a in args]
        return Range(*args, Tidx=args[0].dtype.base_dtype, name=scope)


@op("LinSpace", inputs=("start", "stop", "num"), type_attrs=dict(T="start", Tidx="num"))
class LinSpace:
    """`num` evenly spaced values from `start` to `stop` inclusive."""

    def infer(start, stop, num):
        check_dtype("LinSpace", "start", start, common.FLOATS)
        n = static_value(num)
        return start.dtype.base_dtype, [None if n is None else int(n)]

    def kernel(xp, start, stop, num):
        if num <= 0:
            raise errors.InvalidArgumentError(None, None, f"Requires num > 0: {num}")
        return xp.linspace(start, stop, int(num)).astype(start.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(0.0), np.array(1.0), np.array(5, np.int32)), {}),
               ((np.array(2.0, np.float32), np.array(-1.0, np.float32), np.array(1, np.int64)), {})]


def linspace(start, stop, num, name=None, axis=0) -> Tensor:
    with get_default_graph().name_scope(name or "LinSpace") as scope:
        start, stop = common.convert_same_dtype("LinSpace", (start, stop), ("start", "stop"))
        if start.dtype.is_integer:  # TF computes integer end points in float64
            from .math import cast

            start, stop = cast(start, dtypes.float64), cast(stop, dtypes.float64)
        num = convert_to_tensor(num, name="num", preferred_dtype=dtypes.int32)
        return LinSpace(start, stop, num, name=scope)


lin_space = linspace


# --- packing, concatenation, expansion -------------------------------------------------------

@op("Pack", inputs=("*values",), attrs=dict(axis=0), type_attrs=dict(T="values", N="#values"))
class Pack:
    """Stacks N tensors of one shape into a tensor of rank + 1 along `axis`."""

    def infer(*values, axis):
        shape = values[0].shape
        for v in values[1:]:
            if v.dtype.base_dtype is not values[0].dtype.base_dtype:
                raise TypeError(f"Tensors in list passed to 'values' of 'Pack' Op have types "
                                f"[{', '.join(t.dtype.base_dtype.name for t in values)}] that don't all match.")
            if not shape.is_compatible_with(v.shape):
                raise ValueError(f"Shapes must be equal rank, but are {shape.ndims} and {v.shape.ndims}"
                                 if shape.ndims != v.shape.ndims else
                                 f"Dimension mismatch in Pack: {shape} and {v.shape}")
            shape = shape.merge_with(v.shape)
        dims = shape.as_tuple()
        if dims is None:
            return values[0].dtype.base_dtype, TensorShape(None)
        rank = len(dims) + 1
        if not -rank <= axis < rank:
            raise ValueError(f"Argument `axis` = {axis} not in range [{-rank}, {rank})")
        axis %= rank
        return values[0].dtype.base_dtype, dims[:axis] + (len(values),) + dims[axis:]

    def kernel(xp, *values, axis):
        return xp.stack(values, axis=axis)

    def grad(op_, g):
        from .array_transform import unstack

        return unstack(g, num=len(op_.inputs), axis=op_.attrs["axis"])

    samples = [(([np.array([1.0, 2.0]), np.array([3.0, 4.0])],), dict(axis=1)),
               (([np.array(1, np.int32)],), dict(axis=0)), (([np.ones((2, 0)), np.ones((2, 0))],), dict(axis=-1))]


def stack(values, axis=0, name="stack") -> Tensor:
    with get_default_graph().name_scope(name) as scope:
        tensors = common.convert_same_dtype("Pack", list(values), [f"values_{i}" for i in
                                                                   builtins_range(len(values))])
        return Pack(tensors, axis=axis, name=scope)


builtins_range = __builtins__["range"] if isinstance(__builtins__, dict) else __builtins__.range


def pack_nested(value, dtype=None, name=None) -> Tensor:
    """Converts a (nested) list mixing Tensors and Python values by packing, as TF's auto-packing does."""
    def pack(v, scope_name):
        if isinstance(v, (list, tuple)):
            return stack([pack(item, None) for item in v], name=scope_name or "packed")
        return convert_to_tensor(v, dtype=dtype)

    return pack(value, name or "packed")


@op("ExpandDims", inputs=("input", "dim"), type_attrs=dict(T="input", Tdim="dim"))
class ExpandDims:
    """Inserts a dimension of size 1 at index `dim`."""

    def infer(input, dim):
        axis = static_value(dim)
        dims = input.shape.as_tuple()
        if axis is None or dims is None:
            return input.dtype.base_dtype, TensorShape(None)
        axis = int(np.asarray(axis).reshape(-1)[0])
        rank = len(dims) + 1
        if not -rank <= axis < rank:
            raise ValueError(f"dim {axis} not in the interval [{-rank}, {rank - 1}]. for 'ExpandDims' with input shapes: "
                             f"{common.shape_str(input.shape)}, {common.shape_str(dim.shape)} and with computed input tensors: "
                             f"input[1] = <{axis}>.")
        axis %= rank
        return input.dtype.base_dtype, dims[:axis] + (1,) + dims[axis:]

    def kernel(xp, input, dim):
        axis = int(np.asarray(dim).reshape(-1)[0])
        if not -input.ndim - 1 <= axis <= input.ndim:
            raise errors.InvalidArgumentError(None, None, f"Tried to expand dim index {axis} for tensor with "
                                                          f"{input.ndim} dimensions.")
        return xp.expand_dims(input, axis)

    def grad(op_, g):
        return reshape(g, shape_of(op_.inputs[0])), None

    samples = [((np.array([1.0, 2.0]), np.array(-1, np.int32)), {}),
               ((np.array(3, np.int32), np.array(0, np.int64)), {})]


def expand_dims(input, axis=None, name=None, dim=None) -> Tensor:
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    with get_default_graph().name_scope(name or "ExpandDims") as scope:
        input = convert_to_tensor(input, name="input")
        return ExpandDims(input, convert_to_tensor(axis, name="dim", preferred_dtype=dtypes.int32), name=scope)


@op("ConcatV2", inputs=("*values", "axis"), type_attrs=dict(T="values", N="#values", Tidx="axis"))
class ConcatV2:
    """Joins tensors along an existing axis."""

    def infer(*args):
        values, axis_t = args[:-1], args[-1]
        axis = static_value(axis_t)
        dtype = values[0].dtype.base_dtype
        for v in values[1:]:
            if v.dtype.base_dtype is not dtype:
                raise TypeError(f"Tensors in list passed to 'values' of 'ConcatV2' Op have types "
                                f"[{', '.join(t.dtype.base_dtype.name for t in values)}] that don't all match.")
        ranks = {v.shape.ndims for v in values} - {None}
        if len(ranks) > 1:
            raise ValueError(f"Shape must be rank {min(ranks)} but is rank {max(ranks)} for 'ConcatV2'")
        if axis is None or not ranks:
            return dtype, TensorShape([None] * ranks.pop()) if ranks else TensorShape(None)
        rank = ranks.pop()
        axis = int(axis)
        if not -rank <= axis < rank:
            raise ValueError(f"ConcatOp : Expected concatenating dimensions in the range [{-rank}, {rank}), "
                             f"but got {axis}")
        axis %= rank
        out = list(values[0].shape.with_rank(rank).as_list())
        out[axis] = 0
        for v in values:
            d = v.shape.with_rank(rank).as_list()
            for i, size in enumerate(d):
                if i == axis:
                    out[i] = None if out[i] is None or size is None else out[i] + size
                elif out[i] is None:
                    out[i] = size
                elif size is not None and size != out[i]:
                    raise ValueError(f"Dimension {i} in both shapes must be equal, but are {out[i]} and {size}. "
                                     f"Shapes are {values[0].shape} and {v.shape}.")
        return dtype, out

    def kernel(xp, *args):
        try:
            return xp.concatenate(args[:-1], axis=int(args[-1]))
        except ValueError as e:
            raise errors.InvalidArgumentError(None, None, f"ConcatOp : {e}") from None

    def grad(op_, g):
        from .array_transform import split

        values, axis = op_.inputs[:-1], op_.inputs[-1]
        axis = axis % rank(g)
        sizes = stack([gather(shape_of(v), axis) for v in values])
        return split(g, sizes, axis, num=len(values)) + [None]

    samples = [(([np.ones((2, 1)), np.arange(6.0).reshape(2, 3)], np.array(1, np.int32)), {}),
               (([np.array([1, 2], np.int32), np.array([], np.int32), np.array([3], np.int32)],
                 np.array(-1, np.int64)), {})]


def concat(values, axis, name="concat") -> Tensor:
    if len(values) == 1:
        with get_default_graph().name_scope(name) as scope:
            return identity(values[0], name=scope)
    with get_default_graph().name_scope(name) as scope:
        tensors = common.convert_same_dtype("ConcatV2", list(values),
                                            [f"values_{i}" for i in builtins_range(len(values))])
        axis = convert_to_tensor(axis, name="axis", preferred_dtype=dtypes.int32)
        return ConcatV2(tensors, axis, name=scope)


# --- gathering -------------------------------------------------------------------------------

@op("Where", inputs=("input",))
class Where:
    """Coordinates (int64, [num_true, rank]) of the true (non-zero) elements."""

    def infer(input):
        return dtypes.int64, [None, input.shape.ndims]

    def kernel(xp, input):
        coords = xp.asarray(xp.argwhere(input), dtype=xp.int64)
        return coords.reshape(int(xp.count_nonzero(input)), xp.ndim(input))

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[True, False], [False, True]]),), {}), ((np.array([0.0, 2.0, 0.5]),), {}),
               ((np.array(True),), {})]


@op("GatherV2", inputs=("params", "indices", "axis"), attrs=dict(batch_dims=0),
    type_attrs=dict(Tparams="params", Tindices="indices", Taxis="axis"))
class GatherV2:
    """Slices of `params` along `axis` at `indices`; the first `batch_dims` dimensions of `params` and
    `indices` are batch dimensions gathered in lockstep (negative `batch_dims` counts from rank(indices))."""

    def infer(params, indices, axis, batch_dims):
        """TF's shape function: ranks are checked here, batch_dims <= axis and batch sizes only at run time."""
        check_dtype("GatherV2", "indices", indices, _INDEX_TYPES)
        a = static_value(axis)
        p, i = params.shape.as_tuple(), indices.shape.as_tuple()

        def at_least(dims, n):
            if dims is not None and len(dims) < n:
                computed = "" if a is None else f" and with computed input tensors: input[2] = <{int(a)}>"
                raise ValueError(f"Shape must be at least rank {n} but is rank {len(dims)} for 'GatherV2' with input "
                                 f"shapes: {common.shape_str(params.shape)}, {common.shape_str(indices.shape)}, []"
                                 f"{computed}.")

        at_least(p, 1)
        if a is None:  # TF subtracts a negative batch_dims as it is (a wrong rank); we count it from rank(indices)
            rank_ = None if p is None or i is None else len(p) - 1 - batch_dims + (len(i) if batch_dims >= 0 else 0)
            return params.dtype.base_dtype, TensorShape(None if rank_ is None else [None] * rank_)
        a = int(a)
        at_least(p, -a if a < 0 else a + 1)
        at_least(i, abs(batch_dims))
        b = batch_dims + (-1 if i is None else len(i)) if batch_dims < 0 else batch_dims  # TF's unknown rank is -1
        at_least(p, b + 1)
        if i is None or p is None:
            return params.dtype.base_dtype, TensorShape(None)
        return params.dtype.base_dtype, p[:a] + i[b:] + (p[a + 1:] if a != -1 else ())

    def kernel(xp, params, indices, axis, batch_dims):
        a, n, m = int(axis), params.ndim, indices.ndim
        axis, b = a % max(n, 1), batch_dims + m if batch_dims < 0 else batch_dims
        problems = (["params must be at least 1 dimensional"] if not n else
                    [f"Shape must be at least rank {-a if a < 0 else a + 1} but is rank {n}"] if not -n <= a < n else
                    [f"Expected batch_dims in the range [{-m}, {m}], but got {batch_dims}"] if abs(batch_dims) > m else
                    [f"batch_dims ({b}) must be less than rank(params) ({n})."] if b >= n else
                    [f"batch_dims ({b}) must be less than or equal to axis ({axis})."] if axis < b else
                    [f"params.shape[{k}]: {params.shape[k]} should be equal to indices.shape[{k}]: {indices.shape[k]}"
                     for k in builtins_range(b) if params.shape[k] != indices.shape[k]])
        limit = params.shape[axis] if n else 0
        if not problems and indices.size and (xp.min(indices) < 0 or xp.max(indices) >= limit):
            flat = indices.reshape(-1)
            pos = int(xp.argmax((flat < 0) | (flat >= limit)))
            problems = [f"indices[{','.join(str(int(v)) for v in np.unravel_index(pos, indices.shape))}] = "
                        f"{int(flat[pos])} is not in [0, {limit})"]
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        if b == 0:
            return xp.take(params, indices, axis=axis)
        rows = int(np.prod(params.shape[:b], dtype=np.int64))
        p, i = params.reshape((rows,) + params.shape[b:]), indices.reshape((rows,) + indices.shape[b:])
        out = xp.stack([xp.take(p[k], i[k], axis=axis - b) for k in builtins_range(p.shape[0])]) if p.shape[0] \
            else xp.zeros((0,) + p.shape[1:axis - b + 1] + i.shape[1:] + p.shape[axis - b + 2:], params.dtype)
        return out.reshape(params.shape[:b] + out.shape[1:])

    def grad(op_, g):
        """TF's: IndexedSlices for a gather along a static axis 0, else dense (array_index._gather_axis_grad)."""
        from .array_index import _gather_axis_grad
        from .indexed_slices import IndexedSlices

        params, indices, axis = op_.inputs
        b = op_.attrs["batch_dims"]
        if b < 0:
            if indices.shape.ndims is None:
                raise ValueError("Currently, it is unsupported to take the gradient of tf.gather when batch_dims < 0 "
                                 "and the rank of the indices is unknown. Please pass a positive batch_dims or use "
                                 "tf.ensure_shape to update the shape of indices when calling tf.gather. Got "
                                 f"batch_dims={b} and indices={indices}")
            b += indices.shape.ndims
        axis_value = static_value(axis)
        if axis_value is None or int(axis_value) != 0:
            return _gather_axis_grad(params, indices, axis, g, b), None, None
        params_shape, indices_size = shape_of(params), expand_dims(size(indices), 0)
        values = reshape(g, concat([indices_size, params_shape[1:]], 0))
        return IndexedSlices(values, reshape(indices, indices_size), params_shape), None, None

    samples = [((np.arange(12.0).reshape(3, 4), np.array([2, 0, 2], np.int32), np.array(0, np.int32)), {}),
               ((np.arange(12.0).reshape(3, 4), np.array([[3], [1]], np.int64), np.array(-1, np.int32)), {}),
               ((np.arange(24.0).reshape(2, 3, 4), np.array(1, np.int32), np.array(1, np.int64)), {}),
               ((np.arange(24).reshape(2, 3, 4), np.array([[2, 0], [1, 1]], np.int32), np.array(1, np.int32)),
                dict(batch_dims=1)),
               ((np.arange(24.0).reshape(2, 3, 4), np.array([[1, 1, 0], [2, 0, 2]], np.int32), np.array(1, np.int32)),
                dict(batch_dims=1)),
               ((np.arange(24.0).reshape(2, 3, 4), np.array([[[3], [0], [3]], [[1], [2], [1]]], np.int64),
                 np.array(2, np.int32)), dict(batch_dims=-1)),
               ((np.arange(24.0).reshape(2, 3, 4), np.array([[0, 2, 2], [1, 0, 1]], np.int32), np.array(-2, np.int32)),
                dict(batch_dims=1)),
               ((np.arange(48.0).reshape(2, 2, 3, 4), np.array([[3, 0], [1, 1]], np.int32), np.array(3, np.int32)),
                dict(batch_dims=1))]


def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0) -> Tensor:
    """`tf.gather`; as in TF, a static `axis` of 0 builds a plain GatherV2 (`batch_dims` is not passed on)."""
    with get_default_graph().name_scope(name or "GatherV2") as scope:
        params = convert_to_tensor(params, name="params")
        indices = convert_to_tensor(indices, name="indices", preferred_dtype=dtypes.int32)
        axis = convert_to_tensor(batch_dims if axis is None else axis, name="axis", preferred_dtype=dtypes.int32)
        axis_value = static_value(axis)
        if axis_value is not None and int(axis_value) == 0:
            batch_dims = 0
        return GatherV2(params, indices, axis, batch_dims=batch_dims, name=scope)


def boolean_mask(tensor, mask, name="boolean_mask", axis=None) -> Tensor:
    """`tensor` where the (N-d) `mask` is true: the mask covers dims `axis..axis+N` (flattened to one)."""
    from .array_transform import squeeze
    from .reduction import reduce_prod

    with get_default_graph().name_scope(name):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        ndims_mask = mask.shape.ndims
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some dimensions are None.  "
                             "E.g. shape=[None] is ok, but shape=None is not.")
        axis = 0 if axis is None else axis
        axis_value = static_value(convert_to_tensor(axis)) if isinstance(axis, Tensor) else axis
        dims = tensor.shape.as_tuple()
        if axis_value is not None and dims is not None:
            axis = int(axis_value) % len(dims) if int(axis_value) < 0 else int(axis_value)
            TensorShape(dims[axis:axis + ndims_mask]).assert_is_compatible_with(mask.shape)
        full = shape_of(tensor)
        leading = reduce_prod(full[axis:axis + ndims_mask], [0])
        tensor = reshape(tensor, concat([full[:axis], [leading], full[axis + ndims_mask:]], 0))
        if dims is not None and isinstance(axis, int):
            first = TensorShape(dims[axis:axis + ndims_mask]).num_elements()
            tensor.set_shape(list(dims[:axis]) + [first] + list(dims[axis + ndims_mask:]))
        mask = reshape(mask, [-1])
        indices = squeeze(Where(mask), axis=[1])
        return gather(tensor, indices, axis=axis)

__all__ = ["placeholder", "placeholder_with_default", "identity", "stop_gradient", "shape", "size", "rank",
           "reshape", "fill", "zeros", "ones", "zeros_like", "ones_like", "range", "linspace", "lin_space",
           "stack", "expand_dims", "concat", "gather", "boolean_mask"]
