"""Variable ops: TF1 reference variables (VariableV2, Assign, ...) and resource variables
(VarHandleOp, ReadVariableOp, AssignVariableOp, ...). Values live in the session's store."""

from __future__ import annotations

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from .common import NUMBERS, deferred_check, rows_in_range, scatter_at, shape_str, traced_jax


def _require_ref(op_type: str, ref):
    if not ref.dtype._is_ref_dtype:
        raise TypeError(f"'{op_type}' Op requires that input 'ref' be a mutable tensor (e.g.: a tf.Variable)")


def _check_value(op_type: str, ref, value, validate_shape=True):
    if value.dtype.base_dtype is not ref.dtype.base_dtype:
        raise TypeError(f"Input 'value' of '{op_type}' Op has type {value.dtype.base_dtype.name} that does not "
                        f"match type {ref.dtype.base_dtype.name} of argument 'ref'.")
    mine, theirs = ref.shape.as_tuple(), value.shape.as_tuple()
    if not validate_shape or mine is None or theirs is None:
        return
    if len(mine) != len(theirs):  # TF's shape-merge errors
        raise ValueError(f"Shapes must be equal rank, but are {len(mine)} and {len(theirs)} for '{op_type}'")
    for i, (a, b) in enumerate(zip(mine, theirs)):
        if a is not None and b is not None and a != b:
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {a} and {b}. Shapes are "
                             f"{shape_str(ref.shape)} and {shape_str(value.shape)}. for '{op_type}'")


def _assigned_key(op_):
    """The variable an Assign-family op writes, so its output can feed another ref input."""
    producer = op_.inputs[0].op
    return producer.opdef.ref_key(producer)


@op("VariableV2", attrs=dict(shape=None, dtype=None, container="", shared_name=""), stateful=True)
class VariableV2:
    """A TF1 reference variable. Reading it gives the value it holds when the reader runs."""

    def infer(shape, dtype, container, shared_name):
        return dtype._as_ref, shape

    def kernel(ctx, xp, shape, dtype, container, shared_name):
        return ctx.read(ctx.op.attrs["shared_name"] or ctx.op.name)

    def ref_key(op_):
        return op_.attrs["shared_name"] or op_.name

    grad = NOT_DIFFERENTIABLE


def _declared_shape(variable_op):
    """The fully defined shape a reference variable op was declared with (the shape of the tensor TF
    allocates for it before any assignment), else None."""
    if variable_op.type not in ("VariableV2", "Variable"):
        return None
    shape = variable_op.attrs["shape"]
    return tuple(shape.as_list()) if shape is not None and shape.is_fully_defined() else None


@op("Assign", inputs=("ref", "value"), attrs=dict(validate_shape=True, use_locking=True), stateful=True,
    ref_inputs=("ref",))
class Assign:
    """Stores `value` in the variable; outputs the new value."""

    def infer(ref, value, validate_shape, use_locking):
        _require_ref("Assign", ref)
        _check_value("Assign", ref, value, validate_shape)
        shape = ref.shape.merge_with(value.shape) if validate_shape else value.shape
        return ref.dtype._as_ref, shape

    def kernel(ctx, xp, ref, value, validate_shape, use_locking):
        if validate_shape:
            # the variable's tensor: its value, or before its first assignment, the shape it was declared with
            old = ctx.read(ref).shape if ctx.is_initialized(ref) else _declared_shape(ctx.op.inputs[0].op)
            if old is not None and old != xp.shape(value):
                raise errors.InvalidArgumentError(
                    None, None, f"Assign requires shapes of both tensors to match. lhs shape= "
                                f"{list(old)} rhs shape= {list(xp.shape(value))}")
        return ctx.write(ref, value)

    ref_key = _assigned_key


@op("CountUpTo", inputs=("ref",), attrs=dict(limit=0), stateful=True, ref_inputs=("ref",))
class CountUpTo:
    """Adds 1 to an integer variable; outputs the value before. OutOfRangeError once it reached `limit`."""

    def infer(ref, limit):
        _require_ref("CountUpTo", ref)
        if ref.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"Value for attr 'T' of {ref.dtype.base_dtype.name} is not in the list of allowed "
                            "values: int32, int64")
        return ref.dtype.base_dtype, ref.shape.merge_with(TensorShape([]))

    def kernel(ctx, xp, ref, limit):
        before = ctx.read(ref)
        if before >= limit:
            raise errors.OutOfRangeError(None, None, f"Reached limit of {limit}")
        ctx.write(ref, before + before.dtype.type(1))
        return before

    grad = NOT_DIFFERENTIABLE


def count_up_to(ref, limit, name=None):
    """Increments the variable `ref` until it reaches `limit`; each run gives the value before."""
    return CountUpTo(getattr(ref, "_variable", ref), limit=int(limit), name=name or "CountUpTo")


def _update_kernel(op_type: str, combine):
    def update(ctx, xp, ref, value):
        old = ctx.read(ref)
        if old.shape != xp.shape(value):
            raise errors.InvalidArgumentError(
                None, None, f"Must have the same shape for {op_type}: {list(old.shape)} vs {list(xp.shape(value))}")
        return ctx.write(ref, combine(old, value))

    def kernel(ctx, xp, ref, value, use_locking):
        if use_locking:
            with ctx.lock:
                return update(ctx, xp, ref, value)
        return update(ctx, xp, ref, value)

    return kernel


def _update_infer(op_type: str):
    def infer(ref, value, use_locking):
        _require_ref(op_type, ref)
        _check_value(op_type, ref, value)
        return ref.dtype._as_ref, ref.shape

    return infer


@op("AssignAdd", inputs=("ref", "value"), attrs=dict(use_locking=False), stateful=True, ref_inputs=("ref",))
class AssignAdd:
    """Adds `value` to the variable; outputs the new value."""

    infer = _update_infer("AssignAdd")
    kernel = _update_kernel("AssignAdd", lambda old, value: old + value)
    ref_key = _assigned_key


@op("AssignSub", inputs=("ref", "value"), attrs=dict(use_locking=False), stateful=True, ref_inputs=("ref",))
class AssignSub:
    """Subtracts `value` from the variable; outputs the new value."""

    infer = _update_infer("AssignSub")
    kernel = _update_kernel("AssignSub", lambda old, value: old - value)
    ref_key = _assigned_key


@op("IsVariableInitialized", inputs=("ref",), attrs=dict(dtype=None), stateful=True, ref_inputs=("ref",), type_attrs={})
class IsVariableInitialized:
    """Whether the variable holds a value in this session."""

    def infer(ref, dtype):
        _require_ref("IsVariableInitialized", ref)
        return dtypes.bool, []

    def kernel(ctx, xp, ref, dtype):
        return xp.asarray(ctx.is_initialized(ref))

    grad = NOT_DIFFERENTIABLE


# --- resource variables ----------------------------------------------------------------------

@op("VarHandleOp", attrs=dict(dtype=None, shape=None, container="", shared_name=""), stateful=True)
class VarHandleOp:
    """The handle of a resource variable (its key in the session's store)."""

    def infer(dtype, shape, container, shared_name):
        return dtypes.resource, []

    def kernel(ctx, xp, dtype, shape, container, shared_name):
        return shared_name or ctx.op.name

    def ref_key(op_):
        return op_.attrs["shared_name"] or op_.name

    grad = NOT_DIFFERENTIABLE


@op("ReadVariableOp", inputs=("resource",), attrs=dict(dtype=None), stateful=True, type_attrs={})
class ReadVariableOp:
    """The value of a resource variable when this op runs."""

    def infer(resource, dtype):
        return dtype, handle_shape(resource)

    def kernel(ctx, xp, resource, dtype):
        return ctx.read(resource)

    def grad(op_, grad):
        """The gradient flows to the handle: tf.gradients(y, v) of a resource variable is taken with
        respect to its handle, as in TF."""
        return grad


def handle_shape(resource) -> TensorShape:
    """The static shape of the variable a resource handle names (unknown unless it is a VarHandleOp's)."""
    if resource.op.type == "VarHandleOp":
        return resource.op.attrs.get("shape") or TensorShape(None)
    return TensorShape(None)


@op("AssignVariableOp", inputs=("resource", "value"), attrs=dict(dtype=None, validate_shape=False),
    stateful=True, type_attrs={})
class AssignVariableOp:
    """Stores `value` in a resource variable."""

    def infer(resource, value, dtype, validate_shape):
        return []

    def kernel(ctx, xp, resource, value, dtype, validate_shape):
        if validate_shape and ctx.is_initialized(resource):
            held = ctx.read(resource).shape
            if tuple(held) != tuple(value.shape):
                raise errors.InvalidArgumentError(
                    None, None, f"Trying to assign to variable with tensor with wrong shape. Expected "
                    f"{_shape_text(held)} got {_shape_text(value.shape)}")
        ctx.write(resource, value)


def _shape_text(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _resource_update(op_type: str, combine):
    def infer(resource, value, dtype):
        if value.dtype.base_dtype not in NUMBERS:
            raise TypeError(f"{op_type} needs a numeric value, got {value.dtype.name}")
        return []

    def kernel(ctx, xp, resource, value, dtype):
        old = ctx.read(resource)
        if tuple(old.shape) != tuple(value.shape):
            raise errors.InvalidArgumentError(
                None, None, f"Cannot update variable with shape {_shape_text(old.shape)} using a Tensor with shape "
                f"{_shape_text(value.shape)}, shapes must be equal.")
        ctx.write(resource, combine(old, value))

    return infer, kernel


@op("AssignAddVariableOp", inputs=("resource", "value"), attrs=dict(dtype=None), stateful=True, type_attrs={})
class AssignAddVariableOp:
    """Adds `value` to a resource variable."""

    infer, kernel = _resource_update("AssignAddVariableOp", lambda old, value: old + value)


@op("AssignSubVariableOp", inputs=("resource", "value"), attrs=dict(dtype=None), stateful=True, type_attrs={})
class AssignSubVariableOp:
    """Subtracts `value` from a resource variable."""

    infer, kernel = _resource_update("AssignSubVariableOp", lambda old, value: old - value)


@op("VarIsInitializedOp", inputs=("resource",), stateful=True, type_attrs={})
class VarIsInitializedOp:
    """Whether the resource variable holds a value in this session."""

    def infer(resource):
        return dtypes.bool, []

    def kernel(ctx, xp, resource):
        return xp.asarray(ctx.is_initialized(resource))

    grad = NOT_DIFFERENTIABLE


@op("VariableShape", inputs=("input",), attrs=dict(out_type=dtypes.int32), stateful=True, type_attrs={})
class VariableShape:
    """The shape of the resource variable `input` names, when this op runs."""

    def infer(input, out_type):
        if out_type not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"Value passed to parameter 'out_type' has DataType {out_type.name} not in list of "
                            "allowed values: int32, int64")
        shape = handle_shape(input)
        return out_type, [shape.ndims]

    def kernel(ctx, xp, input, out_type):
        return xp.asarray(ctx.read(input).shape, dtype=out_type.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE


def variable_shape(handle, out_type=dtypes.int32):
    """The shape of the variable `handle` names: a constant when it is statically known, else a
    VariableShape op (TF's `resource_variable_ops.variable_shape`)."""
    from .constant import constant

    shape = handle_shape(handle)
    if shape.is_fully_defined():
        return constant(shape.as_list(), dtype=out_type)
    return VariableShape(handle, out_type=out_type)


@op("ResourceGather", inputs=("resource", "indices"), attrs=dict(batch_dims=0, validate_indices=True, dtype=None),
    stateful=True, type_attrs=dict(Tindices="indices"))
class ResourceGather:
    """Rows `indices` of the resource variable (`tf.gather` and `embedding_lookup` of a resource
    variable: `ResourceVariable.sparse_read`); its gradient is IndexedSlices over the variable."""

    def infer(resource, indices, batch_dims, validate_indices, dtype):
        from .shape_fns import with_rank_at_least

        if indices.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"Value passed to parameter 'indices' has DataType {indices.dtype.base_dtype.name} not "
                            "in list of allowed values: int32, int64")
        params = with_rank_at_least("ResourceGather", handle_shape(resource), 1)
        if params.ndims is None or indices.shape.ndims is None:
            return dtype, TensorShape(None)
        return dtype, indices.shape.as_list() + params.as_list()[batch_dims + 1:]

    def kernel(ctx, xp, resource, indices, batch_dims, validate_indices, dtype):
        from .array_slicing import GatherV2

        value = ctx.read(resource)
        if value.dtype != dtype.as_numpy_dtype:
            raise errors.InvalidArgumentError(None, None, f"Trying to read variable with wrong dtype. Expected "
                                                          f"{dtype.name} got {dtypes.as_dtype(value.dtype).name}")
        return GatherV2.kernel(xp, value, indices, batch_dims, batch_dims)

    def grad(op_, grad):
        """TF's: IndexedSlices(grad as rows, indices flattened, the variable's shape)."""
        from .array import concat, expand_dims, reshape, size
        from .indexed_slices import IndexedSlices

        handle, indices = op_.inputs
        params_shape = variable_shape(handle)
        count = expand_dims(size(indices), 0)
        values = reshape(grad, concat([count, params_shape[1:]], 0))
        return IndexedSlices(values, reshape(indices, count), params_shape), None


def _resource_scatter(op_type: str, combine):
    """infer/kernel of ResourceScatter<Op>: `combine(xp, new, rows, updates)` updates `new` in place."""

    def infer(resource, indices, updates):
        from .shape_fns import merge

        if indices.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"Value passed to parameter 'indices' has DataType {indices.dtype.base_dtype.name} not "
                            "in list of allowed values: int32, int64")
        dtype = resource.op.attrs.get("dtype") if resource.op.type == "VarHandleOp" else None
        if dtype is not None and dtype.base_dtype is not updates.dtype.base_dtype:
            raise ValueError(f"Trying to read variable with wrong dtype. Expected {dtype.base_dtype.name} got "
                             f"{updates.dtype.base_dtype.name} for '{op_type}'")
        var = handle_shape(resource)
        if updates.shape.ndims != 0 and var.ndims is not None and indices.shape.ndims is not None:
            merge(op_type, updates.shape, TensorShape(indices.shape.as_list() + var.as_list()[1:]))
        return []

    def kernel(ctx, xp, resource, indices, updates):
        old = ctx.read(resource)
        if old.dtype != updates.dtype:
            raise errors.InvalidArgumentError(None, None, f"Trying to read variable with wrong dtype. Expected "
                                                          f"{dtypes.as_dtype(updates.dtype).name} got "
                                                          f"{dtypes.as_dtype(old.dtype).name}")
        flat = _rows(xp, indices, old.shape[0])
        if xp.ndim(updates) == 0:
            rows = xp.broadcast_to(updates, (flat.size,) + old.shape[1:])
        elif updates.shape != indices.shape + old.shape[1:]:
            raise errors.InvalidArgumentError(
                None, None, f"updates has wrong shape: indices.shape + params.shape[1:] is "
                            f"{list(indices.shape) + list(old.shape[1:])} but updates.shape is {list(updates.shape)}")
        else:
            rows = xp.reshape(updates, (flat.size,) + old.shape[1:])
        ctx.write(resource, combine(xp, old.copy(), flat, rows))

    return infer, kernel


def _rows(xp, indices, n):
    """`indices` flattened, checked to lie in [0, n) with TF's scatter error (naming the first bad one)."""
    flat, bad = rows_in_range(xp, indices, xp.asarray(indices).reshape(-1), n)
    if flat.size and not deferred_check(xp, bad) and bad.any():
        position = int(xp.argmax(bad))
        raise errors.InvalidArgumentError(None, None, f"indices[{position}] = {int(flat[position])} is not in [0, {n})")
    return flat


def _at(ufunc: str):
    """A scatter's `combine(xp, new, rows, updates) -> new`: `new[rows] <ufunc>= updates` (common.scatter_at)."""
    return lambda xp, new, rows, updates: scatter_at(xp, ufunc, new, rows, updates)


def _scatter_divide(xp, new, rows, updates):
    if new.dtype.kind in "fc":
        return _at("divide")(xp, new, rows, updates)
    if traced_jax(xp):
        raise NotImplementedError("integer scatter division runs in index order")
    for row, update in zip(rows.tolist(), updates):  # integers divide as C++ does (truncating), in order
        new[row] = xp.trunc(new[row] / update).astype(new.dtype)
    return new


def _scatter_assign(xp, new, indices, updates):
    if traced_jax(xp):
        return new.at[indices].set(updates)
    new[indices] = updates
    return new


_RESOURCE_SCATTERS = {
    "ResourceScatterAdd": ("ref[indices] += updates", _at("add")),
    "ResourceScatterSub": ("ref[indices] -= updates", _at("subtract")),
    "ResourceScatterMul": ("ref[indices] *= updates", _at("multiply")),
    "ResourceScatterDiv": ("ref[indices] /= updates", _scatter_divide),
    "ResourceScatterMin": ("ref[indices] = min(ref[indices], updates)", _at("minimum")),
    "ResourceScatterMax": ("ref[indices] = max(ref[indices], updates)", _at("maximum")),
    "ResourceScatterUpdate": ("ref[indices] = updates", _scatter_assign),
}


def _declare_resource_scatter(op_type: str, doc: str, combine):
    infer, kernel = _resource_scatter(op_type, combine)
    body = dict(infer=infer, kernel=kernel, grad=NOT_DIFFERENTIABLE,
                __doc__=f"{doc} on a resource variable (repeated indices all apply).")
    return op(op_type, inputs=("resource", "indices", "updates"), stateful=True,
              type_attrs=dict(dtype="updates", Tindices="indices"))(type(op_type, (), body))


(ResourceScatterAdd, ResourceScatterSub, ResourceScatterMul, ResourceScatterDiv, ResourceScatterMin,
 ResourceScatterMax, ResourceScatterUpdate) = [_declare_resource_scatter(t, d, c)
                                               for t, (d, c) in _RESOURCE_SCATTERS.items()]


# --- sessionflow's own variable ops (not in TF) ------------------------------------------------

@op("InitializeIfNeeded", inputs=("ref", "value"), stateful=True, ref_inputs=("ref",))
class InitializeIfNeeded:
    """Assigns `value` only if the variable holds no value yet in this session ("initialize once").
    Backs `tf.uninitialized_variables_initializer()`."""

    def infer(ref, value):
        if value.dtype.base_dtype is not ref.dtype.base_dtype and ref.dtype.base_dtype is not dtypes.resource:
            raise TypeError(f"Input 'value' of 'InitializeIfNeeded' Op has type {value.dtype.base_dtype.name} "
                            f"that does not match type {ref.dtype.base_dtype.name} of argument 'ref'.")
        return []

    def kernel(ctx, xp, ref, value):
        if not ctx.is_initialized(ref):
            ctx.write(ref, value)

    grad = NOT_DIFFERENTIABLE


@op("InitializedValue", inputs=("ref", "initial_value"), stateful=True, ref_inputs=("ref",))
class InitializedValue:
    """The variable's value if it is initialized, else its initial value (TF builds this from a cond).
    Backs `Variable.initialized_value()`."""

    def infer(ref, initial_value):
        return initial_value.dtype.base_dtype, initial_value.shape

    def kernel(ctx, xp, ref, initial_value):
        return ctx.read(ref) if ctx.is_initialized(ref) else initial_value


def _initialized_value_nodes(op, node) -> list:
    """InitializedValue in a GraphDef, as TF 1.x's cond builds `initialized_value()` (TF has no such op):
    IsVariableInitialized, a RefSwitch reading the variable when true, a Switch passing the initial value
    when false, and their Merge, which keeps the op's name, so the file's readers of `name:0` read it."""
    from ..io import protos
    from ..io.graph_def import attr_to_proto

    name, (ref, initial), controls = node.name, node.input[:2], node.input[2:]
    dtype = op.outputs[0].dtype.base_dtype

    def make(suffix, op_type, inputs, **attrs):
        out = protos.NodeDef(name=f"{name}/{suffix}" if suffix else name, op=op_type, device=node.device)
        out.input.extend(inputs)
        for key, value in attrs.items():
            out.attr[key].CopyFrom(attr_to_proto(value))
        return out

    pred = make("IsVariableInitialized", "IsVariableInitialized", [ref, *controls], dtype=dtype)
    return [pred,
            make("pred_id", "Identity", [pred.name], T=dtypes.bool),
            make("read/Switch", "RefSwitch", [ref, f"{name}/pred_id"], T=dtype),
            make("read", "Identity", [f"{name}/read/Switch:1"], T=dtype),
            make("Switch_1", "Switch", [initial, f"{name}/pred_id"], T=dtype),
            make("", "Merge", [f"{name}/Switch_1", f"{name}/read"], T=dtype, N=2)]


InitializedValue.tf_nodes = _initialized_value_nodes


# --- scatter updates (sparse writes into a reference variable) -----------------------------------

def _scatter_update(op_type: str, combine):
    def infer(ref, indices, updates, use_locking):
        _require_ref(op_type, ref)
        if updates.dtype.base_dtype is not ref.dtype.base_dtype:
            raise TypeError(f"Input 'updates' of '{op_type}' Op has type {updates.dtype.base_dtype.name} that does "
                            f"not match type {ref.dtype.base_dtype.name} of argument 'ref'.")
        return ref.dtype._as_ref, ref.shape

    def kernel(ctx, xp, ref, indices, updates, use_locking):
        old = ctx.read(ref)
        flat = _rows(xp, indices, old.shape[0])
        rows = xp.reshape(updates, (flat.size,) + old.shape[1:])
        return ctx.write(ref, combine(xp, old.copy(), flat, rows))

    return infer, kernel


@op("ScatterAdd", inputs=("ref", "indices", "updates"), attrs=dict(use_locking=False), stateful=True,
    ref_inputs=("ref",),
    type_attrs=dict(T="ref", Tindices="indices"))
class ScatterAdd:
    """ref[indices] += updates (repeated indices add up)."""

    infer, kernel = _scatter_update("ScatterAdd", _at("add"))
    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE


@op("ScatterSub", inputs=("ref", "indices", "updates"), attrs=dict(use_locking=False), stateful=True,
    ref_inputs=("ref",),
    type_attrs=dict(T="ref", Tindices="indices"))
class ScatterSub:
    """ref[indices] -= updates (repeated indices add up)."""

    infer, kernel = _scatter_update("ScatterSub", _at("subtract"))
    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE


@op("ScatterUpdate", inputs=("ref", "indices", "updates"), attrs=dict(use_locking=True), stateful=True,
    ref_inputs=("ref",),
    type_attrs=dict(T="ref", Tindices="indices"))
class ScatterUpdate:
    """ref[indices] = updates."""

    infer, kernel = _scatter_update("ScatterUpdate", _scatter_assign)
    ref_key = _assigned_key
    grad = NOT_DIFFERENTIABLE
