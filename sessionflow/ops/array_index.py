"""Array ops that index, select or reinterpret: GatherNd, ScatterNd, OneHot, Select/SelectV2 (`tf.where`),
ShapeN, IdentityN, CheckNumerics, Bitcast, Diag/DiagPart, SpaceToDepth/DepthToSpace, LowerBound/UpperBound,
and composites built from public ops (`tf.sort`, `tf.argsort`, `tf.searchsorted`, `tf.meshgrid`,
`tf.sequence_mask`).
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from . import common
from .array import _INDEX_TYPES, Where, builtins_range, concat, expand_dims, reshape, shape, stack
from .array_transform import outputs_of
from .common import check_dtype, shape_str
from .constant import constant, convert_to_tensor

_F64 = np.float64


def _index_error(indices, bad_row: int, limits) -> errors.InvalidArgumentError:
    row = indices.reshape(-1, indices.shape[-1])[bad_row].tolist()
    return errors.InvalidArgumentError(None, None, f"indices{list(np.unravel_index(bad_row, indices.shape[:-1]))} = "
                                                   f"{row} does not index into param shape {list(limits)}")


def _check_nd_indices(xp, indices, limits):
    """InvalidArgumentError unless every index row of `indices` lies inside `limits`."""
    if indices.size == 0:
        return
    flat = indices.reshape(-1, indices.shape[-1])
    bad = xp.any((flat < 0) | (flat >= xp.asarray(limits, dtype=flat.dtype)), axis=1)
    if xp.any(bad):
        raise _index_error(indices, int(xp.argmax(bad)), limits)


def _scatter_add(xp, out, index, updates):
    """`out[index] += updates` with repeated indices accumulating (numpy's add.at, jax's .at[].add)."""
    if hasattr(out, "at"):
        return out.at[index].add(updates)
    xp.add.at(out, index, updates)
    return out


# --- gather_nd / scatter_nd ------------------------------------------------------------------

@op("GatherNd", inputs=("params", "indices"), type_attrs=dict(Tparams="params", Tindices="indices"))
class GatherNd:
    """`out[i...] = params[indices[i..., :]]`: the last axis of `indices` indexes the leading dims of params."""

    def infer(params, indices):
        check_dtype("GatherNd", "indices", indices, _INDEX_TYPES)
        p, i = params.shape.as_tuple(), indices.shape.as_tuple()
        if i is None or i[-1:] == (None,) or (i is not None and not i):
            if i is not None and not i:
                raise ValueError(f"Shape must be at least rank 1 but is rank 0 for 'GatherNd' with input shapes: "
                                 f"{shape_str(params.shape)}, [].")
            return params.dtype.base_dtype, TensorShape(None)
        depth = i[-1]
        if p is None:
            return params.dtype.base_dtype, TensorShape(None)
        if depth > len(p):
            raise ValueError(f"indices.shape[-1] must be <= params.rank, but saw indices shape: "
                             f"{shape_str(indices.shape)} and params shape: {shape_str(params.shape)} for "
                             f"'GatherNd' with input shapes: {shape_str(params.shape)}, {shape_str(indices.shape)}.")
        return params.dtype.base_dtype, i[:-1] + p[depth:]

    def kernel(xp, params, indices):
        depth = indices.shape[-1]
        _check_nd_indices(xp, indices, params.shape[:depth])
        return params[tuple(xp.moveaxis(indices, -1, 0))] if depth else \
            xp.broadcast_to(params, indices.shape[:-1] + params.shape)

    def grad(op_, g):
        params, indices = op_.inputs
        return scatter_nd(indices, g, shape(params, out_type=indices.dtype.base_dtype)), None

    samples = [((np.arange(24.0).reshape(2, 3, 4), np.array([[0, 1], [1, 2], [0, 1]], np.int32)), {}),
               ((np.arange(6.0).reshape(2, 3), np.array([[[1, 2]], [[0, 0]]], np.int64)), {}),
               ((np.array([1, 2], np.int32), np.zeros((3, 0), np.int32)), {})]


@op("ScatterNd", inputs=("indices", "updates", "shape"), type_attrs=dict(T="updates", Tindices="indices"))
class ScatterNd:
    """Zeros of `shape` with `updates` added at `indices` (repeated indices accumulate)."""

    def infer(indices, updates, shape):
        check_dtype("ScatterNd", "indices", indices, _INDEX_TYPES)
        if shape.dtype.base_dtype is not indices.dtype.base_dtype:
            raise TypeError(f"Input 'shape' of 'ScatterNd' Op has type {shape.dtype.base_dtype.name} that does not "
                            f"match type {indices.dtype.base_dtype.name} of argument 'indices'.")
        from .array import _shape_from_value

        out = _shape_from_value(shape, "shape")
        i, u, o = indices.shape.as_tuple(), updates.shape.as_tuple(), out.as_tuple()
        if i is not None and u is not None and o is not None and i[-1] is not None:
            want = TensorShape(i[:-1] + o[i[-1]:])
            if not want.is_compatible_with(updates.shape):
                raise ValueError(f"Dimensions [{len(i) - 1},{len(u)}) of updates[shape={shape_str(updates.shape)}] "
                                 f"= {shape_str(TensorShape(u[len(i) - 1:]))} must match dimensions [{i[-1]},"
                                 f"{len(o)}) of output[shape={shape_str(out)}]")
        return updates.dtype.base_dtype, out

    def kernel(xp, indices, updates, shape):
        dims = tuple(int(d) for d in shape)
        depth = indices.shape[-1]
        _check_nd_indices(xp, indices, dims[:depth])
        out = xp.zeros(dims, dtype=updates.dtype)
        flat_updates = xp.reshape(updates, (-1,) + dims[depth:])
        flat_index = xp.reshape(indices, (-1, depth))
        return _scatter_add(xp, out, tuple(flat_index.T), flat_updates)

    def grad(op_, g):
        indices = op_.inputs[0]
        return None, gather_nd(g, indices), None

    samples = [((np.array([[1], [3], [1]], np.int32), np.array([1.0, 2.0, 3.0]), np.array([5], np.int32)), {}),
               ((np.array([[0, 1], [1, 0]], np.int64), np.array([[1.0, 2.0], [3.0, 4.0]]),
                 np.array([2, 2, 2], np.int64)), {}),
               ((np.zeros((0, 1), np.int32), np.zeros((0, 3), np.int32), np.array([2, 3], np.int32)), {})]


@tf_export("gather_nd", "manip.gather_nd")
def gather_nd(params, indices, name=None, batch_dims=0) -> Tensor:
    if batch_dims:
        raise NotImplementedError("tf.gather_nd with batch_dims != 0 is not supported by sessionflow yet")
    with get_default_graph().name_scope(name or "GatherNd") as scope:
        params = convert_to_tensor(params, name="params")
        indices = convert_to_tensor(indices, name="indices", preferred_dtype=dtypes.int32)
        return GatherNd(params, indices, name=scope)


@tf_export("scatter_nd", "manip.scatter_nd")
def scatter_nd(indices, updates, shape, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "ScatterNd") as scope:
        indices = convert_to_tensor(indices, name="indices", preferred_dtype=dtypes.int32)
        updates = convert_to_tensor(updates, name="updates")
        shape = convert_to_tensor(shape, name="shape", dtype=indices.dtype.base_dtype)
        return ScatterNd(indices, updates, shape, name=scope)


# --- one_hot ---------------------------------------------------------------------------------

@op("OneHot", inputs=("indices", "depth", "on_value", "off_value"), attrs=dict(axis=-1),
    type_attrs=dict(T="on_value", TI="indices"))
class OneHot:
    """`on_value` where `indices` equals the position along the new `axis` of size `depth`, else `off_value`."""

    def infer(indices, depth, on_value, off_value, axis):
        check_dtype("OneHot", "indices", indices, frozenset([dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64]))
        if on_value.dtype.base_dtype is not off_value.dtype.base_dtype:
            raise TypeError(f"Input 'off_value' of 'OneHot' Op has type {off_value.dtype.base_dtype.name} that does "
                            f"not match type {on_value.dtype.base_dtype.name} of argument 'on_value'.")
        d = static_value(depth)
        if d is not None and int(d) < 0:
            raise ValueError(f"depth must be non-negative, got: {int(d)}")
        dims = indices.shape.as_tuple()
        if dims is None:
            return on_value.dtype.base_dtype, TensorShape(None)
        if axis < -1 or axis > len(dims):
            raise ValueError(f"Expected axis to be -1 or between [0, {len(dims)}).  But received: {axis}")
        a = len(dims) if axis == -1 else axis
        return on_value.dtype.base_dtype, dims[:a] + (None if d is None else int(d),) + dims[a:]

    def kernel(xp, indices, depth, on_value, off_value, axis):
        if depth < 0:
            raise errors.InvalidArgumentError(None, None, f"depth must be non-negative, got: {int(depth)}")
        a = indices.ndim if axis == -1 else axis
        positions = xp.reshape(xp.arange(int(depth)), (-1,) + (1,) * (indices.ndim - a))
        hot = xp.expand_dims(indices, a) == positions
        return xp.where(hot, on_value, off_value).astype(on_value.dtype)

    def grad(op_, g):
        """TF returns no gradients; we give the true ones for `on_value` and `off_value`."""
        from .reduction import reduce_sum

        indices, depth, on, _ = op_.inputs
        hot = OneHot(indices, depth, constant(1, on.dtype.base_dtype), constant(0, on.dtype.base_dtype),
                     axis=op_.attrs["axis"])
        on_grad = reduce_sum(g * hot)
        return None, None, on_grad, reduce_sum(g) - on_grad

    samples = [((np.array([0, 2, -1, 5], np.int32), np.array(3, np.int32), np.array(1.0), np.array(0.0)), {}),
               ((np.array([[1, 0]], np.int64), np.array(2, np.int32), np.array(5, np.int32), np.array(-1, np.int32)),
                dict(axis=0)),
               ((np.array(1, np.uint8), np.array(3, np.int32), np.array(True), np.array(False)), {})]


@tf_export("one_hot")
def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None) -> Tensor:
    """`tf.one_hot`: dtype from `dtype`, else from on/off values, else float32 (on=1, off=0)."""
    with get_default_graph().name_scope(name or "one_hot") as scope:
        given = [v for v in (on_value, off_value) if v is not None]
        value_dtype = None
        for v in given:
            if isinstance(v, (Tensor, np.ndarray)):
                value_dtype = convert_to_tensor(v).dtype.base_dtype
                break
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype)
            if value_dtype is not None and value_dtype is not dtype:
                raise TypeError(f"dtype {dtype} of on_value does not match dtype parameter {value_dtype}")
        elif value_dtype is not None:
            dtype = value_dtype
        elif given:
            dtype = convert_to_tensor(given[0]).dtype.base_dtype
        else:
            dtype = dtypes.float32
        on = convert_to_tensor(1 if on_value is None else on_value, dtype=dtype, name="on_value")
        off = convert_to_tensor(0 if off_value is None else off_value, dtype=dtype, name="off_value")
        if on.dtype.base_dtype is not off.dtype.base_dtype:
            raise TypeError(f"dtype {on.dtype.base_dtype} of on_value does not match dtype {off.dtype.base_dtype} "
                            "of off_value")
        indices = convert_to_tensor(indices, name="indices", preferred_dtype=dtypes.int64)
        depth = convert_to_tensor(depth, name="depth", dtype=dtypes.int32)
        return OneHot(indices, depth, on, off, axis=-1 if axis is None else axis, name=scope)


# --- where / select --------------------------------------------------------------------------

@op("Select", inputs=("condition", "t", "e"), type_attrs=dict(T="t"))
class Select:
    """`t` where `condition`, else `e`; a vector `condition` may select whole rows of `t` and `e`."""

    def infer(condition, t, e):
        check_dtype("Select", "condition", condition, frozenset([dtypes.bool]))
        if t.dtype.base_dtype is not e.dtype.base_dtype:
            raise TypeError(f"Input 'e' of 'Select' Op has type {e.dtype.base_dtype.name} that does not match type "
                            f"{t.dtype.base_dtype.name} of argument 't'.")
        if not t.shape.is_compatible_with(e.shape):
            raise ValueError(f"Shapes must be equal rank, but are {t.shape.ndims} and {e.shape.ndims} for 'Select' "
                             f"with input shapes: {shape_str(condition.shape)}, {shape_str(t.shape)}, "
                             f"{shape_str(e.shape)}.")
        out = t.shape.merge_with(e.shape)
        c = condition.shape
        if c.ndims is not None and out.ndims is not None and c.ndims not in (0, 1, out.ndims) or (
                c.ndims == 1 and out.ndims not in (None, 1)
                and not TensorShape(out.as_list()[:1]).is_compatible_with(c)):
            raise ValueError(f"Shapes must be equal rank, but are {c.ndims} and {out.ndims} for 'Select' with "
                             f"input shapes: {shape_str(c)}, {shape_str(t.shape)}, {shape_str(e.shape)}.")
        if c.ndims == out.ndims and not c.is_compatible_with(out):
            raise ValueError(f"Dimension mismatch for 'Select': {shape_str(c)} vs {shape_str(out)}")
        return t.dtype.base_dtype, out

    def kernel(xp, condition, t, e):
        if t.shape != e.shape or not (condition.ndim == 0 or condition.shape == t.shape or
                                      (condition.ndim == 1 and t.ndim >= 1 and condition.shape[0] == t.shape[0])):
            raise errors.InvalidArgumentError(None, None, f"'then' and 'else' must have the same size.  but "
                                                          f"received: {list(t.shape)} vs. {list(e.shape)}"
                                              if t.shape != e.shape else "condition must be a scalar, a vector of "
                                              f"size {t.shape[0] if t.ndim else 1}, or the shape of 'then'")
        if condition.ndim == 1 and t.ndim > 1:
            condition = xp.reshape(condition, condition.shape + (1,) * (t.ndim - 1))
        return xp.where(condition, t, e)

    def grad(op_, g):
        from .array import zeros_like

        c = op_.inputs[0]
        zeros = zeros_like(g)
        return None, Select(c, g, zeros), Select(c, zeros, g)

    samples = [((np.array([True, False]), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[5.0, 6.0], [7.0, 8.0]])), {}),
               ((np.array([[True, False]]), np.array([[1.0, 2.0]]), np.array([[5.0, 6.0]])), {}),
               ((np.array(False), np.array([1, 2], np.int32), np.array([3, 4], np.int32)), {})]


@op("SelectV2", inputs=("condition", "t", "e"), type_attrs=dict(T="t"))
class SelectV2:
    """`t` where `condition`, else `e`, all three broadcast together."""

    def infer(condition, t, e):
        check_dtype("SelectV2", "condition", condition, frozenset([dtypes.bool]))
        if t.dtype.base_dtype is not e.dtype.base_dtype:
            raise TypeError(f"Input 'e' of 'SelectV2' Op has type {e.dtype.base_dtype.name} that does not match "
                            f"type {t.dtype.base_dtype.name} of argument 't'.")
        out = common.broadcast_shape("SelectV2", t.shape, e.shape)
        return t.dtype.base_dtype, common.broadcast_shape("SelectV2", condition.shape, out)

    def kernel(xp, condition, t, e):
        try:
            return xp.where(condition, t, e)
        except ValueError:
            raise errors.InvalidArgumentError(None, None, f"condition [{list(condition.shape)}], then "
                                                          f"{list(t.shape)}, and else {list(e.shape)} must be "
                                                          "broadcastable") from None

    def grad(op_, g):
        from .array import zeros_like
        from .math import _sum_to

        c, t, e = op_.inputs
        zeros = zeros_like(g)
        return None, _sum_to(SelectV2(c, g, zeros), t), _sum_to(SelectV2(c, zeros, g), e)

    samples = [((np.array([True, False]), np.array([[1.0], [3.0]]), np.array(0.5)), {}),
               ((np.array(True), np.array([1, 2], np.int32), np.array([3, 4], np.int32)), {})]


def _select(opdef, default_name, condition, x, y, name):
    with get_default_graph().name_scope(name or default_name) as scope:
        condition = convert_to_tensor(condition, name="condition", preferred_dtype=dtypes.bool)
        x, y = common.convert_same_dtype(default_name, [x, y], ["t", "e"])
        return opdef(condition, x, y, name=scope)


@tf_export("where")
def where(condition, x=None, y=None, name=None) -> Tensor:
    """TF1 `tf.where`: coordinates of true entries, or `x`/`y` selected elementwise (a vector condition
    selects rows)."""
    if x is None and y is None:
        with get_default_graph().name_scope(name or "Where") as scope:
            condition = convert_to_tensor(condition, name="condition", preferred_dtype=dtypes.bool)
            return Where(condition, name=scope)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _select(Select, "Select", condition, x, y, name)


@tf_export("where_v2")
def where_v2(condition, x=None, y=None, name=None) -> Tensor:
    """TF2 `tf.where`: like `where`, but `condition`, `x` and `y` broadcast together (SelectV2)."""
    if x is None and y is None:
        with get_default_graph().name_scope(name or "Where") as scope:
            condition = convert_to_tensor(condition, name="condition", preferred_dtype=dtypes.bool)
            return Where(condition, name=scope)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _select(SelectV2, "SelectV2", condition, x, y, name)


# --- identities and shapes of several tensors -------------------------------------------------

@op("ShapeN", inputs=("*input",), attrs=dict(out_type=dtypes.int32), type_attrs=dict(T="input", N="#input"))
class ShapeN:
    """The shape of each input."""

    def infer(*input, out_type):
        return [(out_type, [t.shape.ndims]) for t in input]

    def kernel(xp, *input, out_type):
        shapes = tuple(xp.asarray(a.shape, dtype=out_type.as_numpy_dtype) for a in input)
        return shapes[0] if len(shapes) == 1 else shapes

    def static_value(op_, index):
        s = op_.inputs[index].shape
        return np.array(s.as_list(), op_.attrs["out_type"].as_numpy_dtype) if s.is_fully_defined() else None

    grad = NOT_DIFFERENTIABLE
    samples = [(([np.ones((2, 3)), np.array(1, np.int32)],), {}), (([np.ones((0, 4))],), dict(out_type=dtypes.int64))]


@tf_export("shape_n")
def shape_n(input, out_type=dtypes.int32, name=None) -> list:
    with get_default_graph().name_scope(name or "ShapeN") as scope:
        tensors = [convert_to_tensor(t, name=f"input_{i}") for i, t in enumerate(input)]
        return outputs_of(ShapeN(tensors, out_type=dtypes.as_dtype(out_type), name=scope))


@op("IdentityN", inputs=("*input",), type_attrs=dict(T="[input]"))
class IdentityN:
    """Each input, unchanged."""

    def infer(*input):
        return [(t.dtype.base_dtype, t.shape) for t in input]

    def kernel(xp, *input):
        return input[0] if len(input) == 1 else tuple(input)

    def grad(op_, *grads):
        return list(grads)

    samples = [(([np.array([1.0, 2.0]), np.array(3, np.int32)],), {}), (([np.ones((2, 2))],), {})]


@tf_export("identity_n")
def identity_n(input, name=None) -> list:
    with get_default_graph().name_scope(name or "IdentityN") as scope:
        tensors = [convert_to_tensor(t, name=f"input_{i}") for i, t in enumerate(input)]
        return outputs_of(IdentityN(tensors, name=scope))


@op("CheckNumerics", inputs=("tensor",), attrs=dict(message=""))
class CheckNumerics:
    """Its input, or InvalidArgumentError when the input holds an Inf or NaN."""

    def infer(tensor, message):
        check_dtype("CheckNumerics", "tensor", tensor, common.FLOATS)
        return tensor.dtype.base_dtype, tensor.shape

    def kernel(xp, tensor, message):
        if not xp.all(xp.isfinite(tensor)):
            kinds = " and ".join(k for k, bad in (("Inf", xp.any(xp.isinf(tensor))), ("NaN", xp.any(xp.isnan(tensor))))
                                 if bad)
            raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had {kinds} values")
        return tensor

    def grad(op_, g):
        return CheckNumerics(g, message=f"Not a number (NaN) or infinity (Inf) values detected in gradient. "
                                        f"{op_.attrs['message']}")

    samples = [((np.array([1.0, -2.0]),), dict(message="m")), ((np.ones((0,), np.float32),), {})]


@tf_export("debugging.check_numerics", "check_numerics")
def check_numerics(tensor, message, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "CheckNumerics") as scope:
        return CheckNumerics(convert_to_tensor(tensor, name="tensor"), message=message, name=scope)


@op("Bitcast", inputs=("input",), attrs=dict(type=None))
class Bitcast:
    """The bytes of `input` reinterpreted as `type`: a wider type consumes the last dim, a narrower adds one."""

    def infer(input, type):
        src, dst = input.dtype.base_dtype.size, type.size
        dims = input.shape.as_tuple()
        if dims is None:
            return type, TensorShape(None)
        if src == dst:
            return type, dims
        if src > dst:
            return type, dims + (src // dst,)
        if not dims or (dims[-1] is not None and dims[-1] != dst // src):
            raise ValueError(f"Cannot bitcast from {input.dtype.base_dtype.name} to {type.name}: the last dimension "
                             f"must be {dst // src}")
        return type, dims[:-1]

    def kernel(xp, input, type):
        src, dst = input.dtype.itemsize, type.size
        out = xp.ascontiguousarray(input).view(type.as_numpy_dtype)
        if src > dst:
            return out.reshape(input.shape + (src // dst,))
        if src < dst:
            return out.reshape(input.shape[:-1])
        return out

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, -2.0], np.float32),), dict(type=dtypes.int32)),
               ((np.array([1, 2], np.int32),), dict(type=dtypes.uint8)),
               ((np.array([[1, 2], [3, 4]], np.int16),), dict(type=dtypes.int32))]


@tf_export("bitcast")
def bitcast(input, type, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Bitcast") as scope:
        return Bitcast(convert_to_tensor(input, name="input"), type=dtypes.as_dtype(type), name=scope)


# --- diagonals -------------------------------------------------------------------------------

@op("Diag", inputs=("diagonal",))
class Diag:
    """A tensor of rank 2k with `diagonal` (rank k) on its diagonal: `out[i..., i...] = diagonal[i...]`."""

    def infer(diagonal):
        dims = diagonal.shape.as_tuple()
        if dims is not None and not dims:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for 'Diag' with input shapes: [].")
        return diagonal.dtype.base_dtype, TensorShape(None) if dims is None else dims + dims

    def kernel(xp, diagonal):
        n = diagonal.size
        flat = xp.reshape(diagonal, (-1,))
        return xp.reshape(xp.eye(n, dtype=diagonal.dtype) * flat[None, :], diagonal.shape + diagonal.shape)

    def grad(op_, g):
        return diag_part(g)

    samples = [((np.array([1.0, 2.0, 3.0]),), {}), ((np.array([[1, 2], [3, 4]], np.int32),), {})]


@op("DiagPart", inputs=("input",))
class DiagPart:
    """The diagonal of a rank-2k tensor whose first and last k dimensions match."""

    def infer(input):
        dims = input.shape.as_tuple()
        if dims is None:
            return input.dtype.base_dtype, TensorShape(None)
        if not dims or len(dims) % 2:
            raise ValueError(f"Input must have even rank >= 2, got rank {len(dims)} for 'DiagPart'")
        k = len(dims) // 2
        out = TensorShape(dims[:k]).merge_with(TensorShape(dims[k:]))
        return input.dtype.base_dtype, out

    def kernel(xp, input):
        k = input.ndim // 2
        if input.shape[:k] != input.shape[k:]:
            raise errors.InvalidArgumentError(None, None, f"Invalid shape {list(input.shape)}: dimensions "
                                                          f"[0, {k}) and [{k}, {input.ndim}) must match")
        n = int(np.prod(input.shape[:k], dtype=np.int64))
        return xp.reshape(xp.diagonal(xp.reshape(input, (n, n))), input.shape[:k])

    def grad(op_, g):
        return diag(g)

    samples = [((np.arange(9.0).reshape(3, 3),), {}), ((np.arange(16, dtype=np.int64).reshape(2, 2, 2, 2),), {})]


@tf_export("diag", "linalg.tensor_diag")
def diag(diagonal, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Diag") as scope:
        return Diag(convert_to_tensor(diagonal, name="diagonal"), name=scope)


@tf_export("diag_part", "linalg.tensor_diag_part")
def diag_part(input, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "DiagPart") as scope:
        return DiagPart(convert_to_tensor(input, name="input"), name=scope)


# --- space <-> depth -------------------------------------------------------------------------

def _block_infer(op_type, input, block_size, data_format, to_depth):
    if block_size < 2:
        raise ValueError(f"Value for attr 'block_size' of {block_size} must be at least minimum 2")
    if data_format != "NHWC":
        raise ValueError(f"{op_type} supports only data_format='NHWC' in sessionflow, got {data_format!r}")
    dims = input.shape.as_tuple()
    if dims is None:
        return input.dtype.base_dtype, [None] * 4
    if len(dims) != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {len(dims)} for '{op_type}' with input shapes: "
                         f"{shape_str(input.shape)}.")
    n, h, w, c = dims
    b = block_size
    if to_depth:
        for d in (h, w):
            if d is not None and d % b:
                raise ValueError(f"Dimension size must be evenly divisible by {b} but is {d} for '{op_type}' with "
                                 f"input shapes: {shape_str(input.shape)}.")
        out = (n, None if h is None else h // b, None if w is None else w // b, None if c is None else c * b * b)
    else:
        if c is not None and c % (b * b):
            raise ValueError(f"Dimension size must be evenly divisible by {b * b} but is {c} for '{op_type}' with "
                             f"input shapes: {shape_str(input.shape)}.")
        out = (n, None if h is None else h * b, None if w is None else w * b, None if c is None else c // (b * b))
    return input.dtype.base_dtype, out


@op("SpaceToDepth", inputs=("input",), attrs=dict(block_size=None, data_format="NHWC"))
class SpaceToDepth:
    """Moves each `block_size` x `block_size` spatial block into the channel dimension (NHWC)."""

    def infer(input, block_size, data_format):
        return _block_infer("SpaceToDepth", input, block_size, data_format, True)

    def kernel(xp, input, block_size, data_format):
        n, h, w, c = input.shape
        b = block_size
        if h % b or w % b:
            raise errors.InvalidArgumentError(None, None, f"Image width {w} and height {h} should be divisible by "
                                                          f"block_size: {b}")
        x = xp.reshape(input, (n, h // b, b, w // b, b, c))
        return xp.reshape(xp.transpose(x, (0, 1, 3, 2, 4, 5)), (n, h // b, w // b, b * b * c))

    def grad(op_, g):
        return depth_to_space(g, op_.attrs["block_size"])

    samples = [((np.arange(32.0).reshape(1, 4, 4, 2),), dict(block_size=2)),
               ((np.arange(18, dtype=np.int32).reshape(2, 3, 3, 1),), dict(block_size=3))]


@op("DepthToSpace", inputs=("input",), attrs=dict(block_size=None, data_format="NHWC"))
class DepthToSpace:
    """Moves channel groups of size `block_size`**2 into spatial blocks (the inverse of SpaceToDepth)."""

    def infer(input, block_size, data_format):
        return _block_infer("DepthToSpace", input, block_size, data_format, False)

    def kernel(xp, input, block_size, data_format):
        n, h, w, c = input.shape
        b = block_size
        if c % (b * b):
            raise errors.InvalidArgumentError(None, None, f"Input depth dimension {c} should be divisible by: "
                                                          f"{b * b}")
        x = xp.reshape(input, (n, h, w, b, b, c // (b * b)))
        return xp.reshape(xp.transpose(x, (0, 1, 3, 2, 4, 5)), (n, h * b, w * b, c // (b * b)))

    def grad(op_, g):
        return space_to_depth(g, op_.attrs["block_size"])

    samples = [((np.arange(16.0).reshape(1, 2, 2, 4),), dict(block_size=2)),
               ((np.arange(8, dtype=np.int64).reshape(2, 1, 1, 4),), dict(block_size=2))]


@tf_export("space_to_depth", "nn.space_to_depth")
def space_to_depth(input, block_size, name=None, data_format="NHWC") -> Tensor:
    with get_default_graph().name_scope(name or "SpaceToDepth") as scope:
        return SpaceToDepth(convert_to_tensor(input, name="input"), block_size=int(block_size),
                            data_format=data_format, name=scope)


@tf_export("depth_to_space", "nn.depth_to_space")
def depth_to_space(input, block_size, name=None, data_format="NHWC") -> Tensor:
    with get_default_graph().name_scope(name or "DepthToSpace") as scope:
        return DepthToSpace(convert_to_tensor(input, name="input"), block_size=int(block_size),
                            data_format=data_format, name=scope)


# --- sorting and searching -------------------------------------------------------------------

def _bound_kernel(side):
    def kernel(xp, sorted_inputs, values, out_type):
        if sorted_inputs.shape[0] != values.shape[0]:
            raise errors.InvalidArgumentError(None, None, "Leading dim_size of both tensors must match.")
        rows = [xp.searchsorted(sorted_inputs[r], values[r], side=side) for r in builtins_range(values.shape[0])]
        out = xp.stack(rows) if rows else xp.zeros(values.shape, dtype=np.int64)
        return xp.asarray(out, dtype=out_type.as_numpy_dtype).reshape(values.shape)
    return kernel


def _bound_infer(op_type):
    def infer(sorted_inputs, values, out_type):
        if sorted_inputs.dtype.base_dtype is not values.dtype.base_dtype:
            raise TypeError(f"Input 'values' of '{op_type}' Op has type {values.dtype.base_dtype.name} that does not "
                            f"match type {sorted_inputs.dtype.base_dtype.name} of argument 'sorted_inputs'.")
        for t in (sorted_inputs, values):
            if t.shape.ndims not in (None, 2):
                raise ValueError(f"Shape must be rank 2 but is rank {t.shape.ndims} for '{op_type}'")
        return out_type, values.shape
    return infer


@op("LowerBound", inputs=("sorted_inputs", "values"), attrs=dict(out_type=dtypes.int32))
class LowerBound:
    """Per row: the first index in `sorted_inputs` whose entry is >= each value."""

    infer = _bound_infer("LowerBound")
    kernel = _bound_kernel("left")
    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[1.0, 2.0, 2.0, 3.0]]), np.array([[2.0, 0.0, 4.0]])), {}),
               ((np.array([[1, 3], [2, 4]], np.int32), np.array([[3], [5]], np.int32)), dict(out_type=dtypes.int64))]


@op("UpperBound", inputs=("sorted_inputs", "values"), attrs=dict(out_type=dtypes.int32))
class UpperBound:
    """Per row: the first index in `sorted_inputs` whose entry is > each value."""

    infer = _bound_infer("UpperBound")
    kernel = _bound_kernel("right")
    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[1.0, 2.0, 2.0, 3.0]]), np.array([[2.0, 0.0, 4.0]])), {})]


@tf_export("searchsorted")
def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None) -> Tensor:
    """Indices at which `values` would be inserted into the innermost dimension of `sorted_sequence`."""
    if side not in ("left", "right"):
        raise ValueError(f"Argument `side` must be either 'right' or 'left'. Received: `side` = '{side}'.")
    sorted_sequence = convert_to_tensor(sorted_sequence)
    values = convert_to_tensor(values, dtype=sorted_sequence.dtype.base_dtype)
    seq_shape, values_shape = shape(sorted_sequence), shape(values)
    seq_2d = reshape(sorted_sequence, stack([-1, seq_shape[-1]]))
    values_2d = reshape(values, stack([-1, values_shape[-1]]))
    opdef = LowerBound if side == "left" else UpperBound
    out = opdef(seq_2d, values_2d, out_type=dtypes.as_dtype(out_type), name=name)
    return reshape(out, values_shape)


def _sort(values, axis, direction, name, default_name, want_indices):
    """TF's sort/argsort: TopKV2 over the last axis (after moving `axis` there), negated for ASCENDING."""
    from .array_transform import transpose
    from .reduction import top_k

    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f'Argument `direction` should be one of "ASCENDING", "DESCENDING". Received: {direction}')
    with get_default_graph().name_scope(name or default_name):
        axis = convert_to_tensor(axis, name="axis", preferred_dtype=dtypes.int32)
        values = convert_to_tensor(values, name="values")
        a = static_value(axis)
        rank = values.shape.ndims
        if a is None or rank is None:
            raise ValueError(f"Argument `axis` must be a constant and the input rank known, got {axis}")
        a = int(a)
        if not -rank <= a < rank:
            raise ValueError(f"Argument `axis` = {a} not in range [{-rank}, {rank})")
        a %= rank
        ascending = direction == "ASCENDING"
        is_int = values.dtype.base_dtype.is_integer
        if ascending:
            values = -values - 1 if is_int else -values
        perm = None
        if a != rank - 1:
            perm = list(builtins_range(rank))
            perm[a], perm[-1] = perm[-1], perm[a]
            values = transpose(values, perm)
        k = shape(values)[-1]
        top_values, top_indices = top_k(values, k)
        result = top_indices if want_indices else top_values
        if perm is not None:
            result = transpose(result, perm)
        if ascending and not want_indices:
            result = -result - 1 if is_int else -result
        return result


@tf_export("sort")
def sort(values, axis=-1, direction="ASCENDING", name=None) -> Tensor:
    return _sort(values, axis, direction, name, "sort", want_indices=False)


@tf_export("argsort")
def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None) -> Tensor:
    """Indices that sort `values` along `axis`; ties keep their order (TopKV2 is stable)."""
    return _sort(values, axis, direction, name, "argsort", want_indices=True)


# --- grids and masks -------------------------------------------------------------------------

@tf_export("meshgrid")
def meshgrid(*args, **kwargs) -> list:
    """N-D coordinate grids from 1-D vectors; `indexing="xy"` (default) swaps the first two axes."""
    from .array import ones

    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"Argument `indexing` parameter must be either 'xy' or 'ij', got '{indexing}'")
    with get_default_graph().name_scope(name):
        ndim = len(args)
        s0 = (1,) * ndim
        if not ndim:
            return []
        output = []
        for i, x in enumerate(args):
            output.append(reshape(stack(x), s0[:i] + (-1,) + s0[i + 1:]))
        sizes = [shape(x)[0] if not isinstance(x, Tensor) or x.shape.num_elements() is None
                 else x.shape.num_elements() for x in (convert_to_tensor(a) for a in args)]
        if indexing == "xy" and ndim > 1:
            output[0] = reshape(output[0], (1, -1) + (1,) * (ndim - 2))
            output[1] = reshape(output[1], (-1, 1) + (1,) * (ndim - 2))
            sizes[0], sizes[1] = sizes[1], sizes[0]
        mult_fact = ones(stack(sizes), output[0].dtype)
        return [x * mult_fact for x in output]


@tf_export("sequence_mask")
def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None) -> Tensor:
    """`mask[i..., j] = j < lengths[i...]`, with `maxlen` defaulting to `max(lengths)`."""
    from .array import range as range_
    from .math import cast, less, maximum
    from .reduction import reduce_max

    with get_default_graph().name_scope(name or "SequenceMask"):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            maxlen = maximum(constant(0, dtype=lengths.dtype), reduce_max(lengths, []
                                                                         if lengths.shape.ndims == 0 else None))
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen.shape.ndims not in (None, 0):
            raise ValueError(f"Argument `maxlen` must be scalar for sequence_mask, received `maxlen` = {maxlen} "
                             f"with shape '{maxlen.shape}' instead")
        row_vector = range_(constant(0, maxlen.dtype), maxlen, constant(1, maxlen.dtype))
        matrix = cast(expand_dims(lengths, -1), maxlen.dtype)
        result = less(row_vector, matrix)
        dtype = dtypes.as_dtype(dtype)
        return result if dtype is dtypes.bool else cast(result, dtype)


__all__ = [
    "argsort",
    "bitcast",
    "check_numerics",
    "concat",
    "depth_to_space",
    "diag",
    "diag_part",
    "gather_nd",
    "identity_n",
    "meshgrid",
    "one_hot",
    "scatter_nd",
    "searchsorted",
    "sequence_mask",
    "shape_n",
    "sort",
    "space_to_depth",
    "where",
    "where_v2",
]
