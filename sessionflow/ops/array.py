"""Array ops: placeholders, identity, shapes, reshaping, packing, concatenation; the filling ops (Fill,
ZerosLike, OnesLike, tf.zeros/ones(_like)) are in array_fill.py, re-exported here."""

from __future__ import annotations

import math

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape, as_shape
from . import common
from .common import check_dtype
from .constant import constant, convert_to_tensor
from .shape_fns import partial_shape_dims, shape_from_value as _shape_from_value  # noqa: F401 - re-exported

_INDEX_TYPES = frozenset([dtypes.int32, dtypes.int64])


def _shape_of(array) -> str:
    """The shape of an array as TF's runtime errors print it: `[2,3]`."""
    return "[" + ",".join(map(str, np.shape(array))) + "]"


def _context(op_type: str, inputs, computed=(), partial=()) -> str:
    """TF's context of a shape-inference error of `op_type`: the input shapes (the graph rewrites them into
    TF's form), then the constant inputs TF had read (`computed`: (index, value) pairs) or read as partial
    shapes (`partial`: (index, TensorShape) pairs) when it failed."""
    from .logging_ops import summarize_v1

    text = f" for '{op_type}' with input shapes: " + ", ".join(common.shape_str(t.shape) for t in inputs)
    if computed:
        text += " and with computed input tensors: " + ", ".join(
            f"input[{i}] = <{summarize_v1(np.asarray(v), 256)}>" for i, v in computed)
    if partial:
        text += " and with input tensors computed as partial shapes: " + ",".join(
            f"input[{i}] = {common.shape_str(s)}" for i, s in partial)
    return text + "."


def _merge(a: TensorShape, b: TensorShape) -> TensorShape:
    """The shape both `a` and `b` describe: TF's `InferenceContext::Merge`, with its messages."""
    return a.merge_as_inference(b)


def _merged(op_type: str, a: TensorShape, b: TensorShape, note: str = "") -> TensorShape:
    """`_merge(a, b)`; its error names `op_type` (after `note`, TF's added context line if any)."""
    try:
        return _merge(a, b)
    except ValueError as e:
        raise ValueError(f"{e}{note} for '{op_type}'") from None


def _with_rank(op_type: str, t: Tensor, rank: int, note: str = "") -> None:
    """TF's `WithRank` check of an input."""
    if t.shape.ndims not in (None, rank):
        raise ValueError(f"Shape must be rank {rank} but is rank {t.shape.ndims}{note} for '{op_type}'")


def _num_elements(dims):
    """TF's `InferenceContext::NumElements`: 0 if any dimension is 0, None if one is unknown."""
    if dims is None or 0 in dims:
        return None if dims is None else 0
    return None if None in dims else int(np.prod(dims, dtype=np.int64))


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
        _merged("PlaceholderWithDefault", input.shape, shape)
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
    """`tf.shape`: as TF builds it, a Const when the static shape is fully known, else a Shape op."""
    with get_default_graph().name_scope(name or "Shape") as scope:
        dense_shape = _sparse_dense_shape(input)
        if dense_shape is not None:  # TF: a SparseTensor's shape is its dense_shape, cast (always a Cast op)
            from .math import Cast

            dense_shape = convert_to_tensor(dense_shape)
            return Cast(dense_shape, SrcT=dense_shape.dtype.base_dtype, DstT=dtypes.as_dtype(out_type), name="Cast")
        input = convert_to_tensor(input, name="input")
        if input.shape.is_fully_defined():
            return constant(np.array(input.shape.as_list(), dtypes.as_dtype(out_type).as_numpy_dtype), name=scope)
        return Shape(input, out_type=dtypes.as_dtype(out_type), name=scope)


shape_of = shape


def _sparse_dense_shape(input):
    """The dense_shape of a SparseTensor (or its value), else None."""
    from ..framework.sparse_tensor import SparseTensor, SparseTensorValue

    return input.dense_shape if isinstance(input, (SparseTensor, SparseTensorValue)) else None


def size(input, name=None, out_type=dtypes.int32) -> Tensor:
    with get_default_graph().name_scope(name or "Size") as scope:
        dense_shape = _sparse_dense_shape(input)
        if dense_shape is not None:  # TF: the product of the dense_shape
            from .math import cast
            from .reduction import reduce_prod

            return reduce_prod(cast(dense_shape, out_type), 0, name=scope)
        input = convert_to_tensor(input, name="input")
        count = input.shape.num_elements() if input.shape.is_fully_defined() else \
            0 if input.shape.ndims and 0 in input.shape.as_list() else None
        if count is not None:  # as TF builds it: a Const when the static shape tells the count
            return constant(np.array(count, dtypes.as_dtype(out_type).as_numpy_dtype), name=scope)
        return Size(input, out_type=dtypes.as_dtype(out_type), name=scope)


def rank(input, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Rank") as scope:
        dense_shape = _sparse_dense_shape(input)
        if dense_shape is not None:  # TF: the number of dims in dense_shape
            return Size(convert_to_tensor(dense_shape), out_type=dtypes.int32, name=scope)
        input = convert_to_tensor(input, name="input")
        if input.shape.ndims is not None:  # as TF builds it: a Const when the static rank is known
            return constant(np.int32(input.shape.ndims), name=scope)
        return Rank(input, name=scope)


def _reshaped(dims, out, context):
    """TF's `SetOutputShapeForReshape` for input dims `dims` and target `out` (tuples, None: unknown): the
    output dims, with one unknown dimension inferred where the element counts tell it."""
    if out is None or dims is None:
        return out
    out, context = list(out), context or " for 'Reshape'"
    known_out, known_in = _num_elements(out), _num_elements(dims)
    unknown_out = [i for i, d in enumerate(out) if d is None] if known_out is None else []
    unknown_in = [i for i, d in enumerate(dims) if d is None] if known_in is None else []
    if len(unknown_out) > 1 or len(unknown_in) > 1:
        return out
    if known_out is None:
        known_out = int(np.prod([d for d in out if d is not None], dtype=np.int64))
    if known_in is None:
        known_in = int(np.prod([d for d in dims if d is not None], dtype=np.int64))
    if not unknown_in and not unknown_out:
        if known_in != known_out:
            raise ValueError(f"Cannot reshape a tensor with {known_in} elements to shape "
                             f"{common.shape_str(TensorShape(out))} ({known_out} elements){context}")
    elif not unknown_in and known_out > 0:
        if known_in % known_out:
            raise ValueError(f"Dimension size must be evenly divisible by {known_out} but is {known_in}"
                             f"{context}")
        out[unknown_out[0]] = known_in // known_out
    elif not unknown_out and unknown_in and known_in != 0 and known_out % known_in:
        raise ValueError(f"Dimension size must be evenly divisible by {known_in} but is {known_out}"
                         f"{context}")
    return out


@op("Reshape", inputs=("tensor", "shape"), type_attrs=dict(T="tensor", Tshape="shape"))
class Reshape:
    """Its input with a new shape; one dimension may be -1 (inferred)."""

    def infer(tensor, shape):
        """TF's shape function, run as TF's shape refiner runs it: first knowing only the length of `shape`
        (an error then has no context), then knowing its value (an error names it as a partial shape)."""
        check_dtype("Reshape", "shape", shape, _INDEX_TYPES)
        out = _shape_from_value(shape, op_type="Reshape")
        n = shape.shape.as_tuple()
        first = TensorShape(None if n is None or n[0] is None else [None] * n[0])
        _reshaped(tensor.shape.as_tuple(), first.as_tuple(), "")
        if static_value(shape) is None:  # sizes read from tf.shape(...), tf.stack([...]): TF's partial shape
            return tensor.dtype.base_dtype, out if out.ndims is not None else first
        context = _context("Reshape", (tensor, shape), partial=[(1, out)])
        return tensor.dtype.base_dtype, _reshaped(tensor.shape.as_tuple(), out.as_tuple(), context)

    def kernel(xp, tensor, shape):
        """TF's kernel: one size may be -1; zero sizes are left out when it infers that one."""
        out, unknown = [int(v) for v in np.asarray(shape).reshape(-1).tolist()], None
        for d, size in enumerate(out):
            if size < -1 or (size == -1 and unknown is not None):
                raise errors.InvalidArgumentError(None, None, f"Size {d} must be non-negative, not {size}" if size < -1
                                                  else f"Only one input size may be -1, not both {unknown} and {d}")
            unknown = d if size == -1 else unknown
        if unknown is not None:
            zero = 0 in out
            product = math.prod(d for d in out if d > 0)  # Python ints: this runs in every backward pass
            n = math.prod(d for d in tensor.shape if d > 0 or not zero)
            if n % product and not (zero and 0 in tensor.shape):
                raise errors.InvalidArgumentError(
                    None, None, f"Input to reshape is a tensor with {n} values, but the requested shape requires a "
                                f"multiple of {product}")
            out[unknown] = n // product
        if math.prod(out) != tensor.size:
            raise errors.InvalidArgumentError(None, None, f"Input to reshape is a tensor with {tensor.size} values, "
                                                          f"but the requested shape has {int(np.prod(out))}")
        return xp.reshape(tensor, tuple(out))

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


# --- filling (array_fill.py) and ranges (array_slicing.py) --------------------------------------

def range(start, limit=None, delta=1, dtype=None, name="range") -> Tensor:  # TF's name; the op is in array_slicing
    from .array_slicing import range as range_

    return range_(start, limit, delta, dtype, name)


def linspace(start, stop, num, name=None, axis=0) -> Tensor:
    from .array_slicing import linspace as linspace_

    return linspace_(start, stop, num, name, axis)


lin_space = linspace


# --- packing, concatenation, expansion -------------------------------------------------------

@op("Pack", inputs=("*values",), attrs=dict(axis=0), type_attrs=dict(T="values", N="#values"))
class Pack:
    """Stacks N tensors of one shape into a tensor of rank + 1 along `axis`."""

    def infer(*values, axis):
        for v in values[1:]:
            if v.dtype.base_dtype is not values[0].dtype.base_dtype:
                raise TypeError(f"Tensors in list passed to 'values' of 'Pack' Op have types "
                                f"[{', '.join(t.dtype.base_dtype.name for t in values)}] that don't all match.")
        shape = values[-1].shape
        for i in builtins_range(len(values) - 2, -1, -1):  # TF merges from the last input back
            shape = _merged("Pack", values[i].shape, shape, f"\n\tFrom merging shape {i} with other shapes.")
        dims = shape.as_tuple()
        if dims is None:
            return values[0].dtype.base_dtype, TensorShape(None)
        rank = len(dims) + 1
        if not -rank <= axis < rank:
            raise ValueError(f"Invalid axis: {axis}; must be in [{-rank},{rank}) for 'Pack'")
        axis %= rank
        return values[0].dtype.base_dtype, dims[:axis] + (len(values),) + dims[axis:]

    def kernel(xp, *values, axis):
        for i, v in enumerate(values):
            if v.shape != values[0].shape:
                raise errors.InvalidArgumentError(None, None, f"Shapes of all inputs must match: values[0].shape = "
                                                              f"{_shape_of(values[0])} != values[{i}].shape = "
                                                              f"{_shape_of(v)}")
        return xp.stack(values, axis=axis)

    def grad(op_, g):
        from .array_transform import unstack

        return unstack(g, num=len(op_.inputs), axis=op_.attrs["axis"])

    samples = [(([np.array([1.0, 2.0]), np.array([3.0, 4.0])],), dict(axis=1)),
               (([np.array(1, np.int32)],), dict(axis=0)), (([np.ones((2, 0)), np.ones((2, 0))],), dict(axis=-1))]


def _convert_list(op_type: str, values, arg: str = "values") -> list:
    """TF's conversion of a list input of one type attr: Python values take the dtype of the first Tensor;
    TF's TypeError, naming each element's own dtype, when they cannot all have one dtype."""
    values = list(values)
    dtype = next((v.dtype.base_dtype for v in values if isinstance(v, Tensor)), None)
    try:
        tensors = [convert_to_tensor(v, dtype=dtype, name=f"{arg}_{i}") for i, v in enumerate(values)]
        if len({t.dtype.base_dtype for t in tensors}) > 1:
            raise TypeError
    except (TypeError, ValueError):
        observed = []
        for v in values:
            try:
                observed.append(convert_to_tensor(v).dtype.base_dtype.name)
            except (TypeError, ValueError):
                observed.append("<NOT CONVERTIBLE TO TENSOR>")
        raise TypeError(f"Tensors in list passed to '{arg}' of '{op_type}' Op have types [{', '.join(observed)}] "
                        "that don't all match.") from None
    return tensors


def stack(values, axis=0, name="stack") -> Tensor:
    """`tf.stack`. As TF, along axis 0 it first converts `values` as one value (a nest of constants makes one
    Const, Tensors are auto-packed under `name`); if that fails, it packs them again under a new name."""
    if axis == 0:
        try:
            return convert_to_tensor(values, name=name)
        except (TypeError, ValueError):
            pass
    dims = convert_to_tensor(values[0], name=name).shape.as_tuple()  # TF converts the first value on its own
    if dims is not None and not -len(dims) - 1 <= axis <= len(dims):
        raise ValueError(f"Argument `axis` = {axis} not in range [{-len(dims) - 1}, {len(dims) + 1})")
    with get_default_graph().name_scope(name) as scope:
        return Pack(_convert_list("Pack", values), axis=axis, name=scope)


builtins_range = __builtins__["range"] if isinstance(__builtins__, dict) else __builtins__.range


def _first_dtype(value):
    """The dtype of the first Tensor (or Tensor-like) in a nest of lists, depth first, or None."""
    if isinstance(value, (list, tuple)):
        return next((d for d in map(_first_dtype, value) if d is not None), None)
    return None if isinstance(value, np.ndarray) or np.isscalar(value) else convert_to_tensor(value).dtype.base_dtype


def _autopack(value, dtype, name):
    """TF's `_autopacking_helper`: a nest of lists holding Tensors packed into one Tensor under the name scope
    `name` (Python values become constants named by their index); a nest without Tensors comes back as is."""
    with get_default_graph().name_scope(name) as scope:
        must_pack, items = False, []
        for i, item in enumerate(value):
            if isinstance(item, (list, tuple)):
                item = _autopack(item, dtype, str(i))
            elif not (isinstance(item, np.ndarray) or np.isscalar(item)):
                item = convert_to_tensor(item)
            if isinstance(item, Tensor):
                if dtype is not None and item.dtype.base_dtype is not dtype:
                    raise TypeError(f"Cannot convert a list containing a tensor of dtype {item.dtype} to {dtype} "
                                    f"(Tensor is: {item!r})")
                must_pack = True
            items.append(item)
        if not must_pack:
            return items
        tensors = [t if isinstance(t, Tensor) else constant(t, dtype=dtype, name=str(i)) for i, t in enumerate(items)]
        return Pack(tensors, axis=0, name=scope)


def pack_nested(value, dtype=None, name=None) -> Tensor:
    """Converts a (nested) list mixing Tensors and Python values by packing, as TF's auto-packing does."""
    inferred = _first_dtype(value)
    if dtype is not None and inferred is not None and dtype.base_dtype is not inferred:
        raise TypeError(f"Cannot convert a list containing a tensor of dtype {inferred} to {dtype.base_dtype}")
    return _autopack(value, inferred, name or "packed")


@op("ExpandDims", inputs=("input", "dim"), type_attrs=dict(T="input", Tdim="dim"))
class ExpandDims:
    """Inserts a dimension of size 1 at index `dim`."""

    def infer(input, dim):
        axis = static_value(dim)
        dims = input.shape.as_tuple()
        if axis is not None and np.size(axis) != 1:
            raise ValueError("'dim' input must be a tensor with a single value"
                             + _context("ExpandDims", (input, dim), computed=[(1, axis)]))
        if axis is None or dims is None:
            return input.dtype.base_dtype, TensorShape(None)
        axis = int(np.asarray(axis).reshape(-1)[0])
        rank = len(dims) + 1
        if not -rank <= axis < rank:
            raise ValueError(f"dim {axis} not in the interval [{-rank}, {rank - 1}]."
                             + _context("ExpandDims", (input, dim), computed=[(1, axis)]))
        axis %= rank
        return input.dtype.base_dtype, dims[:axis] + (1,) + dims[axis:]

    def kernel(xp, input, dim):
        if np.size(dim) != 1:
            raise errors.InvalidArgumentError(None, None, "'dim' must be a tensor with a single value")
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
        """TF's shape function: the ranks are checked first (an error then has no context), the dimensions
        once the axis is known (an error then names it)."""
        values, axis_t = args[:-1], args[-1]
        dtype = values[0].dtype.base_dtype
        for v in values[1:]:
            if v.dtype.base_dtype is not dtype:
                raise TypeError(f"Tensors in list passed to 'values' of 'ConcatV2' Op have types "
                                f"[{', '.join(t.dtype.base_dtype.name for t in values)}] that don't all match.")
        check_dtype("ConcatV2", "axis", axis_t, (dtypes.int32, dtypes.int64))
        _with_rank("ConcatV2", axis_t, 0)
        rank = next((v.shape.ndims for v in values if v.shape.ndims is not None), None)
        if rank == 0:
            raise ValueError("Can't concatenate scalars (use tf.stack instead) for 'ConcatV2'")
        for v in values:
            _with_rank("ConcatV2", v, rank if rank is not None else v.shape.ndims)
        axis = static_value(axis_t)
        if axis is None or rank is None:
            return dtype, TensorShape(None if rank is None else [None] * rank)
        axis = int(axis)
        context = _context("ConcatV2", args, computed=[(len(values), axis)])
        least = -axis if axis < 0 else axis + 1
        out = None
        for v in reversed(values):  # TF's order: from the last input back
            dims = v.shape.as_tuple()
            if dims is not None and len(dims) < least:
                raise ValueError(f"Shape must be at least rank {least} but is rank {len(dims)}{context}")
            if dims is None:
                continue
            parts = (TensorShape(dims[:axis]), dims[axis], TensorShape(dims[axis + 1:] if axis != -1 else ()))
            if out is None:
                out = parts
                continue
            try:
                before, after = _merge(parts[0], out[0]), _merge(parts[2], out[2])
            except ValueError as e:
                raise ValueError(f"{e}{context}") from None
            middle = None if out[1] is None or parts[1] is None else out[1] + parts[1]
            out = before, middle, after
        if out is None:
            return dtype, TensorShape(None)
        if any(v.shape.ndims is None for v in values):
            out = out[0], None, out[2]
        return dtype, out[0].as_tuple() + (out[1],) + out[2].as_tuple()

    def kernel(xp, *args):
        values, axis = args[:-1], args[-1]
        if axis.ndim and axis.shape != (1,):  # TF's kernel takes a 1-element vector too
            raise errors.InvalidArgumentError(None, None, "axis tensor should be a scalar integer, but got shape "
                                                          f"{_shape_of(axis)}")
        axis, rank = int(np.reshape(axis, -1)[0]), values[0].ndim
        problems = [f"Expected concatenating dimensions in the range [{-rank}, {rank}), but got {axis}"] * (
            not -rank <= axis < rank)
        for i, v in enumerate(values):  # the messages are written only for a mismatch (this runs every step)
            if v.ndim != rank:
                problems.append(f"Ranks of all input tensors should match: shape[0] = {_shape_of(values[0])} vs. "
                                f"shape[{i}] = {_shape_of(v)}")
                continue
            problems += [f"Dimension {j} in both shapes must be equal: shape[0] = {_shape_of(values[0])} vs. "
                         f"shape[{i}] = {_shape_of(v)}" for j in builtins_range(rank) if j != axis % max(rank, 1)
                         and v.shape[j] != values[0].shape[j]]
        if problems:
            raise errors.InvalidArgumentError(None, None, f"ConcatOp : {problems[0]}")
        return xp.concatenate(values, axis=axis)

    def grad(op_, g):
        from .array_transform import split
        from .indexed_slices import IndexedSlices

        if isinstance(g, IndexedSlices):  # a gather or embedding lookup of the joined tensor
            return _concat_sliced_grads(op_.inputs[:-1], op_.inputs[-1], g) + [None]
        values, axis = op_.inputs[:-1], op_.inputs[-1]
        fixed, ndims = static_value(axis), g.shape.ndims
        if fixed is not None and ndims:  # sizes known when the graph is built: one Split, no shape ops
            sizes = [v.shape[int(fixed) % ndims].value for v in values]
            if None not in sizes:
                return split(g, sizes, int(fixed) % ndims, num=len(values)) + [None]
        axis = axis % rank(g)
        sizes = stack([gather(shape_of(v), axis) for v in values])
        return split(g, sizes, axis, num=len(values)) + [None]

    samples = [(([np.ones((2, 1)), np.arange(6.0).reshape(2, 3)], np.array(1, np.int32)), {}),
               (([np.array([1, 2], np.int32), np.array([], np.int32), np.array([3], np.int32)],
                 np.array(-1, np.int64)), {})]


def _concat_sliced_grads(values, axis, g) -> list:
    """A concat's gradient for an IndexedSlices `g`, as TF gives it: an IndexedSlices per input, so a
    sparse update of each joined variable stays sparse. Joined along axis 0, an input gets the rows of
    `g` whose indices fall in its range, renumbered from its first row; along another axis, every index
    of `g` with its own columns of the values."""
    from . import math
    from .array_index import one_hot, where
    from .array_transform import slice, squeeze
    from .indexed_slices import IndexedSlices
    from .math_cast import cast

    fixed = static_value(axis)
    if fixed is None:
        raise ValueError("Can only compute IndexedSlices gradient with statically-known concat_dim")
    fixed = int(fixed)
    if fixed < 0:
        if values[0].shape.ndims is None:
            raise ValueError("Can only compute IndexedSlices gradient with negative concat_dim when first value "
                             "rank is statically-known.")
        fixed %= values[0].shape.ndims
    sizes = [shape(v) for v in values]
    grads = []
    if fixed == 0:
        start = constant(0, dtype=g.indices.dtype)
        for size in sizes:
            end = math.add(start, cast(gather(size, 0), g.indices.dtype))
            inside = math.logical_and(math.greater_equal(g.indices, start), math.less(g.indices, end))
            selected = squeeze(where(inside), axis=[1])
            grads.append(IndexedSlices(gather(g.values, selected), math.subtract(gather(g.indices, selected), start),
                                       size))
            start = end
        return grads
    mask = one_hot(fixed, rank(values[0]), dtype=dtypes.int32)  # the joined axis, as a vector
    begin = zeros_like(sizes[0])
    for size in sizes:
        every_row = concat([constant([-1]), slice(size, [1], [-1])], 0)
        grads.append(IndexedSlices(slice(g.values, begin, every_row), g.indices, size))
        begin = math.add(begin, math.multiply(size, mask))
    return grads


def concat(values, axis, name="concat") -> Tensor:
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:  # TF checks the axis and returns an identity named `name` in the scope `name`
        with get_default_graph().name_scope(name):
            convert_to_tensor(axis, name="concat_dim", dtype=dtypes.int32).shape.with_rank(0)
            return identity(values[0], name=name)
    with get_default_graph().name_scope(name) as scope:
        tensors = _convert_list("ConcatV2", values)
        axis = convert_to_tensor(axis, name="axis", preferred_dtype=dtypes.int32)
        return ConcatV2(tensors, axis, name=scope)


# --- gathering (array_slicing.py) -----------------------------------------------------------

def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0) -> Tensor:
    from .array_slicing import gather as gather_

    return gather_(params, indices, validate_indices, name, axis, batch_dims)


def boolean_mask(tensor, mask, name="boolean_mask", axis=None) -> Tensor:
    from .array_slicing import boolean_mask as boolean_mask_

    return boolean_mask_(tensor, mask, name, axis)


__all__ = ["placeholder", "placeholder_with_default", "identity", "stop_gradient", "shape", "size", "rank",
           "reshape", "fill", "zeros", "ones", "zeros_like", "ones_like", "range", "linspace", "lin_space",
           "stack", "expand_dims", "concat", "gather", "boolean_mask"]


# array_fill.py builds on this module's helpers, so it is imported once they are defined; its names stay array's
from .array_fill import Fill, OnesLike, ZerosLike, fill, ones, ones_like, zeros, zeros_like  # noqa: E402, F401
