"""The rest of TF1's sparse writes into variables: ScatterMul/Div/Min/Max and ScatterNdUpdate/Add/Sub on
reference variables, ResourceScatterNdUpdate/Add/Sub on resource ones, and tf.scatter_mul & co,
tf.scatter_nd_*, tf.batch_scatter_update and tf.count_up_to (CountUpTo lives in state.py)."""

from __future__ import annotations

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from . import array, math
from .array_index import _check_nd_indices, _scatter_nd_check
from .common import check_dtype
from .constant import convert_to_tensor
from .state import _assigned_key, _at, _require_ref, _scatter_divide, _scatter_update, count_up_to as _count_up_to

_INDEX = (dtypes.int32, dtypes.int64)


def _declare_ref_scatter(op_type: str, doc: str, combine):
    infer, kernel = _scatter_update(op_type, combine)
    body = dict(infer=infer, kernel=kernel, ref_key=_assigned_key, grad=NOT_DIFFERENTIABLE, __doc__=doc)
    return op(op_type, inputs=("ref", "indices", "updates"), attrs=dict(use_locking=False), stateful=True,
              ref_inputs=("ref",), type_attrs=dict(T="ref", Tindices="indices"))(type(op_type, (), body))


ScatterMul = _declare_ref_scatter("ScatterMul", "ref[indices] *= updates (repeated indices all apply).",
                                  _at("multiply"))
ScatterDiv = _declare_ref_scatter("ScatterDiv", "ref[indices] /= updates (repeated indices all apply).",
                                  _scatter_divide)
ScatterMin = _declare_ref_scatter("ScatterMin", "ref[indices] = min(ref[indices], updates).",
                                  _at("minimum"))
ScatterMax = _declare_ref_scatter("ScatterMax", "ref[indices] = max(ref[indices], updates).",
                                  _at("maximum"))


# --- ScatterNd* on variables -----------------------------------------------------------------

def _nd_assign(xp, out, index, updates):
    out[index] = updates


_ND = {"Update": ("ref[indices] = updates", _nd_assign),
       "Add": ("ref[indices] += updates", lambda xp, o, i, u: xp.add.at(o, i, u)),
       "Sub": ("ref[indices] -= updates", lambda xp, o, i, u: xp.subtract.at(o, i, u))}


def _nd_apply(op_type, xp, old, indices, updates, combine):
    depth = indices.shape[-1]
    expected = indices.shape[:-1] + old.shape[depth:]
    if updates.shape != expected:
        raise errors.InvalidArgumentError(
            None, None, f"Dimensions [0,{indices.ndim - 1}) of indices[shape={list(indices.shape)}] = "
                        f"{list(indices.shape[:-1])} must match dimensions [0,{updates.ndim}) of "
                        f"updates[shape={list(updates.shape)}]")
    _check_nd_indices(xp, indices, old.shape, "shape")
    new = old.copy()
    combine(xp, new, tuple(xp.reshape(indices, (-1, depth)).T), xp.reshape(updates, (-1,) + old.shape[depth:]))
    return new


def _declare_nd(kind: str):
    doc, combine = _ND[kind]
    ref_type, resource_type = f"ScatterNd{kind}", f"ResourceScatterNd{kind}"

    def infer(ref, indices, updates, use_locking, bad_indices_policy):
        _require_ref(ref_type, ref)
        check_dtype(ref_type, "indices", indices, _INDEX)
        if updates.dtype.base_dtype is not ref.dtype.base_dtype:
            raise TypeError(f"Input 'updates' of '{ref_type}' Op has type {updates.dtype.base_dtype.name} that does "
                            f"not match type {ref.dtype.base_dtype.name} of argument 'ref'.")
        _scatter_nd_check(indices.shape, updates.shape, ref.shape, f" for '{ref_type}'")
        return ref.dtype._as_ref, ref.shape

    def kernel(ctx, xp, ref, indices, updates, use_locking, bad_indices_policy):
        return ctx.write(ref, _nd_apply(ref_type, xp, ctx.read(ref), indices, updates, combine))

    def resource_infer(ref, indices, updates, use_locking, bad_indices_policy):
        check_dtype(resource_type, "indices", indices, _INDEX)
        return []

    def resource_kernel(ctx, xp, ref, indices, updates, use_locking, bad_indices_policy):
        ctx.write(ref, _nd_apply(resource_type, xp, ctx.read(ref), indices, updates, combine))

    ref_op = op(ref_type, inputs=("ref", "indices", "updates"),
                attrs=dict(use_locking=kind == "Update", bad_indices_policy=""), stateful=True,
                ref_inputs=("ref",), type_attrs=dict(T="ref", Tindices="indices"))(
        type(ref_type, (), dict(infer=infer, kernel=kernel, ref_key=_assigned_key, grad=NOT_DIFFERENTIABLE,
                                __doc__=f"{doc} at the index rows of `indices` (a reference variable).")))
    resource_op = op(resource_type, inputs=("ref", "indices", "updates"),
                     attrs=dict(use_locking=True, bad_indices_policy=""), stateful=True,
                     type_attrs=dict(T="updates", Tindices="indices"))(
        type(resource_type, (), dict(infer=resource_infer, kernel=resource_kernel, grad=NOT_DIFFERENTIABLE,
                                     __doc__=f"{doc} at the index rows of `indices` (a resource variable).")))
    return ref_op, resource_op


(ScatterNdUpdate, ResourceScatterNdUpdate), (ScatterNdAdd, ResourceScatterNdAdd), (ScatterNdSub, ResourceScatterNdSub) \
    = map(_declare_nd, _ND)


# --- public ----------------------------------------------------------------------------------

def _scatter_public(opdef, name_, default_locking):
    def fn(ref, indices, updates, use_locking=default_locking, name=None):
        from ..variables import _scatter

        return _scatter(opdef, opdef.type, ref, indices, updates, use_locking, name)

    fn.__name__ = fn.__qualname__ = name_
    fn.__doc__ = f"`tf.{name_}`: {opdef.doc} Returns the variable's new value."
    return tf_export(name_)(fn)


scatter_mul = _scatter_public(ScatterMul, "scatter_mul", False)
scatter_div = _scatter_public(ScatterDiv, "scatter_div", False)
scatter_min = _scatter_public(ScatterMin, "scatter_min", False)
scatter_max = _scatter_public(ScatterMax, "scatter_max", False)


def _scatter_nd_public(ref_op, resource_op, name_, default_locking):
    def fn(ref, indices, updates, use_locking=default_locking, name=None):
        from ..variables import Variable, _UnreadVariable, _as_ref_tensor

        graph = get_default_graph()
        if isinstance(ref, Variable) and ref._handle is not None:
            with graph.name_scope(name or resource_op.type) as scope:
                update = resource_op(ref._handle, convert_to_tensor(indices, name="indices"),
                                     convert_to_tensor(updates, dtype=ref.dtype.base_dtype, name="updates"),
                                     use_locking=use_locking, name=scope)
            return _UnreadVariable(ref, update)
        # TF 2.21 passes `name` positionally into the op's bad_indices_policy: a ref scatter_nd_* is always
        # named as its op type.
        with graph.name_scope(ref_op.type) as scope:
            ref_tensor = _as_ref_tensor(ref)
            indices = convert_to_tensor(indices, name="indices")
            updates = convert_to_tensor(updates, dtype=ref_tensor.dtype.base_dtype, name="updates")
            return ref_op(ref_tensor, indices, updates, use_locking=use_locking, name=scope)

    fn.__name__ = fn.__qualname__ = name_
    fn.__doc__ = f"`tf.{name_}`: {ref_op.doc}"
    return tf_export(name_)(fn)


scatter_nd_update = _scatter_nd_public(ScatterNdUpdate, ResourceScatterNdUpdate, "scatter_nd_update", True)
scatter_nd_add = _scatter_nd_public(ScatterNdAdd, ResourceScatterNdAdd, "scatter_nd_add", False)
scatter_nd_sub = _scatter_nd_public(ScatterNdSub, ResourceScatterNdSub, "scatter_nd_sub", False)


@tf_export("batch_scatter_update")
def batch_scatter_update(ref, indices, updates, use_locking=True, name=None):
    """ref[i..., indices[i..., j]] = updates[i..., j]: scatter_nd_update with the batch coordinates added."""
    from contextlib import nullcontext

    with get_default_graph().name_scope(name) if name else nullcontext():  # TF opens no scope for None
        indices = convert_to_tensor(indices, name="indices")
        rank = indices.shape.ndims
        if rank is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        nd_indices = array.expand_dims(indices, -1)
        shape = array.shape(indices)
        parts = []
        for dim in range(rank - 1):
            size = shape[dim]
            broadcast = [1] * (rank + 1)
            broadcast[dim] = size
            positions = array.reshape(math.cast(array.range(size), indices.dtype.base_dtype), broadcast)
            parts.append(positions * array.ones_like(nd_indices))
        parts.append(nd_indices)
        return scatter_nd_update(ref, array.concat(parts, axis=-1), updates, use_locking=use_locking)


@tf_export("count_up_to")
def count_up_to(ref, limit, name=None):
    """Adds 1 to the integer variable `ref` each run and gives its value before; OutOfRangeError at `limit`."""
    return _count_up_to(ref, limit, name=name)

