"""Scatter into a copy of a tensor (TensorScatterUpdate/Add/Sub/Max/Min: tf.tensor_scatter_nd_*), Roll
(tf.roll), UnravelIndex (tf.unravel_index) and tf.repeat (TF's composite of tile, sequence_mask and
boolean_mask)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import array, math
from .array import _context, _merge
from .array_index import _check_nd_indices, _scatter_nd_check, gather_nd, scatter_nd
from .common import check_dtype, deferred_check, traced_jax
from .constant import convert_to_tensor

_INDEX = (dtypes.int16, dtypes.int32, dtypes.int64)


def _tensor_scatter(op_type: str, combine):
    """infer/kernel of TensorScatter<Op>: a copy of `tensor` with `combine(xp, out, index, updates)` applied."""

    def infer(tensor, indices, updates, bad_indices_policy):
        check_dtype(op_type, "indices", indices, _INDEX)
        if updates.dtype.base_dtype is not tensor.dtype.base_dtype:
            raise TypeError(f"Input 'updates' of '{op_type}' Op has type {updates.dtype.base_dtype.name} that does "
                            f"not match type {tensor.dtype.base_dtype.name} of argument 'tensor'.")
        if indices.shape.ndims == 0:
            raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{op_type}'"
                             + _context(op_type, (tensor, indices, updates)))
        _scatter_nd_check(indices.shape, updates.shape, tensor.shape, _context(op_type, (tensor, indices, updates)))
        return tensor.dtype.base_dtype, tensor.shape

    def kernel(xp, tensor, indices, updates, bad_indices_policy):
        depth = indices.shape[-1]
        if depth > tensor.ndim:
            raise errors.InvalidArgumentError(None, None, f"Dimensions [0,{indices.ndim - 1}) of indices"
                                                          f"[shape={list(indices.shape)}] must match")
        expected = indices.shape[:-1] + tensor.shape[depth:]
        if updates.shape != expected:
            raise errors.InvalidArgumentError(
                None, None, f"Dimensions [0,{indices.ndim - 1}) of indices[shape={list(indices.shape)}] = "
                            f"{list(indices.shape[:-1])} must match dimensions [0,{updates.ndim}) of updates"
                            f"[shape={list(updates.shape)}]")
        _check_nd_indices(xp, indices, tensor.shape, "shape")
        out = xp.array(tensor, copy=True)
        index = tuple(xp.reshape(indices, (-1, depth)).T)
        combine(xp, out, index, xp.reshape(updates, (-1,) + tensor.shape[depth:]))
        return out

    return infer, kernel


def _assign(xp, out, index, updates):
    out[index] = updates


_KINDS = {
    "TensorScatterUpdate": ("tensor with tensor[indices] = updates", _assign),
    "TensorScatterAdd": ("tensor with updates added at indices", lambda xp, o, i, u: xp.add.at(o, i, u)),
    "TensorScatterSub": ("tensor with updates subtracted at indices", lambda xp, o, i, u: xp.subtract.at(o, i, u)),
    "TensorScatterMax": ("tensor with the max of it and updates at indices",
                         lambda xp, o, i, u: xp.maximum.at(o, i, u)),
    "TensorScatterMin": ("tensor with the min of it and updates at indices",
                         lambda xp, o, i, u: xp.minimum.at(o, i, u)),
}


def _update_grad(op_, g):
    _, indices, updates = op_.inputs
    return TensorScatterUpdate(array.identity(g), indices, array.zeros_like(updates)), None, gather_nd(g, indices)


def _add_grad(op_, g):
    return g, None, gather_nd(g, op_.inputs[1])


def _sub_grad(op_, g):
    return g, None, math.negative(gather_nd(g, op_.inputs[1]))


def _min_or_max_grad(op_, g):
    """TF's rule: the gradient split evenly between the tensor's and the updates' entries that won."""
    x, indices, y = op_.inputs
    z = op_.outputs[0]
    x_indicators = math.cast(math.equal(x, z), g.dtype)
    y_indicators = math.cast(math.equal(y, gather_nd(z, indices)), g.dtype)
    ys_indicators = scatter_nd(indices, y_indicators, array.shape(x, out_type=indices.dtype.base_dtype))
    indicators = x_indicators + ys_indicators
    return g * x_indicators / indicators, None, gather_nd(g / indicators, indices) * y_indicators


_GRADS = dict(TensorScatterUpdate=_update_grad, TensorScatterAdd=_add_grad, TensorScatterSub=_sub_grad,
              TensorScatterMax=_min_or_max_grad, TensorScatterMin=_min_or_max_grad)
_SAMPLES = [((np.arange(6.0).reshape(3, 2), np.array([[2], [0]], np.int32), np.array([[7.5, -1.0], [3.25, 9.0]])),
             {}),
            ((np.array([1.0, 5.0, 3.0, 2.0], np.float32), np.array([[3], [1]], np.int64),
              np.array([4.0, 0.5], np.float32)), {})]


def _declare(op_type: str):
    doc, combine = _KINDS[op_type]
    infer, kernel = _tensor_scatter(op_type, combine)
    body = dict(infer=infer, kernel=kernel, grad=_GRADS[op_type], samples=_SAMPLES, __doc__=f"A copy of {doc}.")
    return op(op_type, inputs=("tensor", "indices", "updates"), attrs=dict(bad_indices_policy=""),
              type_attrs=dict(T="tensor", Tindices="indices"))(type(op_type, (), body))


TensorScatterUpdate, TensorScatterAdd, TensorScatterSub, TensorScatterMax, TensorScatterMin = map(_declare, _KINDS)


def _public(opdef, *names):
    def fn(tensor, indices, updates, name=None):
        with get_default_graph().name_scope(name or opdef.type) as scope:
            tensor = convert_to_tensor(tensor, name="tensor")
            indices = convert_to_tensor(indices, name="indices")
            updates = convert_to_tensor(updates, name="updates", dtype=tensor.dtype.base_dtype)
            return opdef(tensor, indices, updates, name=scope)

    fn.__name__ = fn.__qualname__ = names[0]
    fn.__doc__ = f"`tf.{names[0]}`: {opdef.doc}"
    return tf_export(*names)(fn)


tensor_scatter_nd_update = _public(TensorScatterUpdate, "tensor_scatter_nd_update", "tensor_scatter_update")
tensor_scatter_nd_add = _public(TensorScatterAdd, "tensor_scatter_nd_add", "tensor_scatter_add")
tensor_scatter_nd_sub = _public(TensorScatterSub, "tensor_scatter_nd_sub", "tensor_scatter_sub")
tensor_scatter_nd_max = _public(TensorScatterMax, "tensor_scatter_nd_max")
tensor_scatter_nd_min = _public(TensorScatterMin, "tensor_scatter_nd_min")


# --- Roll ------------------------------------------------------------------------------------

@op("Roll", inputs=("input", "shift", "axis"), type_attrs=dict(T="input", Tshift="shift", Taxis="axis"))
class Roll:
    """`input` rotated by `shift[i]` places along `axis[i]` (shifts on one axis add up)."""

    def infer(input, shift, axis):
        for name, t in (("shift", shift), ("axis", axis)):
            check_dtype("Roll", name, t, (dtypes.int32, dtypes.int64))
            if t.shape.ndims is not None and t.shape.ndims > 1:
                raise ValueError(f"Shape must be at most rank 1 but is rank {t.shape.ndims} for 'Roll'"
                                 + _context("Roll", (input, shift, axis)))
        if input.shape.ndims == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for 'Roll'" + _context("Roll", (input, shift,
                                                                                                          axis)))
        try:
            _merge(shift.shape, axis.shape)
        except ValueError as e:
            raise ValueError(f"{e}{_context('Roll', (input, shift, axis))}") from None
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input, shift, axis):
        shift, axis = xp.reshape(shift, (-1,)), xp.reshape(axis, (-1,))
        if shift.shape != axis.shape:
            raise errors.InvalidArgumentError(None, None, f"shift and axis must have the same size")
        total = [0] * input.ndim
        for s, a in zip(shift.tolist(), axis.tolist()):
            if not -input.ndim <= a < input.ndim:
                raise errors.InvalidArgumentError(None, None, f"axis {a} is out of range")
            total[a % input.ndim] += s
        moved = [(s, a) for a, s in enumerate(total) if s]
        if not moved:
            return input
        return xp.roll(input, [s for s, _ in moved], [a for _, a in moved])

    def grad(op_, g):
        _, shift, axis = op_.inputs
        return Roll(g, math.negative(shift), axis), None, None

    samples = [((np.arange(6.0).reshape(2, 3), np.array([1, -2], np.int32), np.array([1, 0], np.int32)), {}),
               ((np.array([1.0, 2.0, 3.0, 4.0]), np.array(5, np.int64), np.array(0, np.int64)), {})]


@tf_export("roll", "manip.roll")
def roll(input, shift, axis, name=None):
    with get_default_graph().name_scope(name or "Roll") as scope:
        return Roll(convert_to_tensor(input, name="input"), convert_to_tensor(shift, name="shift"),
                    convert_to_tensor(axis, name="axis"), name=scope)


# --- UnravelIndex ----------------------------------------------------------------------------

@op("UnravelIndex", inputs=("indices", "dims"), type_attrs=dict(Tidx="indices"))
class UnravelIndex:
    """The coordinates of flat `indices` in an array of shape `dims` (one row per dimension)."""

    def infer(indices, dims):
        check_dtype("UnravelIndex", "indices", indices, (dtypes.int32, dtypes.int64))
        if dims.dtype.base_dtype is not indices.dtype.base_dtype:
            raise TypeError(f"Input 'dims' of 'UnravelIndex' Op has type {dims.dtype.base_dtype.name} that does not "
                            f"match type {indices.dtype.base_dtype.name} of argument 'indices'.")
        i, d = indices.shape, dims.shape
        if i.ndims is not None and i.ndims > 1:
            raise ValueError(f"Shape must be at most rank 1 but is rank {i.ndims} for 'UnravelIndex'"
                             + _context("UnravelIndex", (indices, dims)))
        n = d.as_tuple()[0] if d.ndims == 1 else None
        if i.ndims == 0:
            return indices.dtype.base_dtype, TensorShape([n])
        return indices.dtype.base_dtype, TensorShape([n] + ([None] if i.ndims is None else i.as_list()))

    def kernel(xp, indices, dims):
        if traced_jax(xp):  # row k: (index // prod(dims[k+1:])) % dims[k]; bad dims or indices deferred
            strides = xp.concatenate([xp.cumprod(dims[::-1])[::-1][1:], xp.ones((1,), dims.dtype)])
            flat = indices.reshape((1, -1))
            deferred_check(xp, xp.concatenate([dims < 0, ((flat < 0) | (flat >= xp.prod(dims))).reshape(-1)]))
            safe = xp.maximum(dims, 1)[:, None]
            return ((flat // xp.maximum(strides, 1)[:, None]) % safe).reshape(dims.shape + indices.shape)
        for k, d in enumerate(dims.tolist()):
            if d < 0:
                raise errors.InvalidArgumentError(None, None, f"Input dims cannot be negative. Got dim = {d} at "
                                                              f"index {k}")
        size = int(np.prod(dims, dtype=np.int64))
        if xp.any((indices < 0) | (indices >= size)):
            raise errors.InvalidArgumentError(None, None, "index is out of bound as with dims")
        return xp.asarray(np.unravel_index(indices, tuple(dims.tolist())), dtype=indices.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([5, 7, 0], np.int32), np.array([3, 4], np.int32)), {}),
               ((np.array(9, np.int64), np.array([2, 2, 3], np.int64)), {})]


@tf_export("unravel_index")
def unravel_index(indices, dims, name=None):
    with get_default_graph().name_scope(name or "UnravelIndex") as scope:
        indices = convert_to_tensor(indices, name="indices")
        return UnravelIndex(indices, convert_to_tensor(dims, name="dims", dtype=indices.dtype.base_dtype), name=scope)


# --- repeat ----------------------------------------------------------------------------------

@tf_export("repeat")
def repeat(input, repeats, axis=None, name=None):
    """Each element (or slice along `axis`) of `input` repeated `repeats` times (`axis` None: flattened)."""
    from .array_index import sequence_mask
    from .array_transform import tile, transpose
    from .reduction import reduce_max

    with get_default_graph().name_scope(name or "Repeat"):
        input = convert_to_tensor(input, name="input")
        repeats = convert_to_tensor(repeats, name="repeats")
        if axis is None:
            input = array.reshape(input, [-1])
            axis = 0
        rank = input.shape.ndims
        if rank is None:
            raise ValueError("repeat of a tensor of unknown rank is not supported in sessionflow yet")
        axis = axis % rank if rank else axis
        if repeats.shape.ndims == 0 or repeats.shape.num_elements() == 1:
            repeats = array.reshape(repeats, [])
            expanded = array.expand_dims(input, axis + 1)
            multiples = array.concat([[1] * (axis + 1), array.reshape(repeats, [1]), [1] * (rank - axis - 1)], 0)
            tiled = tile(expanded, multiples)
            shape = array.shape(input)
            new_shape = array.concat([shape[:axis], array.reshape(shape[axis] * repeats, [1]), shape[axis + 1:]], 0)
            return array.reshape(tiled, new_shape)
        max_repeat = math.maximum(convert_to_tensor(0, dtype=repeats.dtype.base_dtype), reduce_max(repeats))
        mask = sequence_mask(repeats, max_repeat)
        expanded = array.expand_dims(input, axis + 1)
        multiples = array.concat([[1] * (axis + 1), array.reshape(max_repeat, [1]), [1] * (rank - axis - 1)], 0)
        tiled = tile(expanded, math.cast(multiples, dtypes.int32))
        if axis:
            perm = list(range(axis, rank + 1)) + list(range(axis))
            tiled = transpose(tiled, perm)
            result = array.boolean_mask(tiled, mask)
            inverse = list(range(rank - axis, rank)) + list(range(rank - axis))
            return transpose(result, inverse)
        return array.boolean_mask(tiled, mask)
