"""`tf.train.Optimizer`: compute gradients, create slots, apply updates — with TF's names.

Slot variables are named `<variable>/<optimizer name>` (then `_1`, ... for further slots of the same
optimizer, e.g. Adam's `w/Adam` and `w/Adam_1`), non-slot variables (`beta1_power`) by their own
name, so a TF checkpoint of a model trained with TF's optimizer loads by name.

As in TF, a reference variable is updated through `_apply_dense` / `_apply_sparse` (Apply*,
SparseApply* ops on the variable itself) and a resource variable through `_resource_apply_dense` /
`_resource_apply_sparse` (ResourceApply*, ResourceSparseApply* ops on its handle); a resource
variable's slots are resource variables, and so are the non-slot variables when the variable they
are placed with is one.
"""

from __future__ import annotations

import contextlib

from .. import pitfalls
from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import GraphKeys, Tensor, get_default_graph
from ..framework.scopes import init_scope
from ..gradients import gradients
from ..ops import control_flow
from ..ops.array import zeros, zeros_like
from ..ops.constant import convert_to_tensor
from ..ops.indexed_slices import IndexedSlices
from ..ops.math import cast
from ..variables import Variable, trainable_variables


def _var_key(var) -> str:
    return var.op.name


@tf_export("train.Optimizer")
class Optimizer:
    """Base class. Subclasses implement `_create_slots`, `_prepare`, `_apply_dense` and may override
    `_finish` (e.g. to update non-slot variables after the per-variable updates)."""

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking: bool, name: str):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict[str, dict[str, Variable]] = {}
        self._non_slots: dict[tuple, Variable] = {}

    def get_name(self) -> str:
        return self._name

    # --- the public protocol --------------------------------------------------------------
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None):
        """compute_gradients + apply_gradients; ValueError when no variable gets a gradient."""
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, gate_gradients=gate_gradients,
                                                aggregation_method=aggregation_method,
                                                colocate_gradients_with_ops=colocate_gradients_with_ops,
                                                grad_loss=grad_loss)
        if not [v for g, v in grads_and_vars if g is not None]:
            raise ValueError("No gradients provided for any variable, check your graph for ops that do not "
                             f"support gradients, between variables {[str(v) for _, v in grads_and_vars]} and "
                             f"loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """[(gradient or None, variable)] for `var_list` (default: the trainable variables)."""
        if callable(loss):
            raise NotImplementedError("callable losses are an eager-execution feature")
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH):
            raise ValueError(f"gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                             f"Optimizer.GATE_GRAPH. Not {gate_gradients}")
        if not isinstance(loss, Tensor):
            loss = convert_to_tensor(loss)
        if var_list is None:
            var_list = trainable_variables() + get_default_graph().get_collection(
                GraphKeys.TRAINABLE_RESOURCE_VARIABLES)
        else:
            var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        for v in var_list:
            if not isinstance(v, Variable):
                raise TypeError(f"Argument is not a tf.Variable: {v}")
        self._assert_valid_dtypes([loss])
        grads = gradients(loss, var_list, grad_ys=grad_loss, gate_gradients=gate_gradients == Optimizer.GATE_OP,
                          aggregation_method=aggregation_method,
                          colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gate_gradients == Optimizer.GATE_GRAPH:
            grads = control_flow.tuple_(grads)
        pairs = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in pairs if g is not None])
        pitfalls.note_gradients(loss, pairs)
        return pairs

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """An op applying the gradients (incrementing `global_step` afterwards, if given)."""
        pairs = [(g, v) for g, v in grads_and_vars]
        if not pairs:
            raise ValueError("No variables provided.")
        with_grads = [(g, v) for g, v in pairs if g is not None]
        if not with_grads:
            raise ValueError(f"No gradients provided for any variable: {[str(v) for _, v in pairs]}.")
        graph = get_default_graph()
        with init_scope():  # as TF: slots ignore the caller's control deps and cond/while, keep its name scope
            self._create_slots([v for _, v in with_grads])
        updates = []
        with graph.name_scope(name or self._name) as scope:
            self._prepare()
            for g, v in with_grads:
                with graph.name_scope("update_" + v.op.name), graph.device(v.device):
                    updates.append(self._update_op(g, v))
            if global_step is None:
                apply_op = self._finish(updates, scope)
            else:
                with graph.control_dependencies([self._finish(updates, "update")]), graph.colocate_with(global_step):
                    from ..variables import assign_add

                    if isinstance(global_step, Variable) and global_step._handle is not None:
                        apply_op = global_step.assign_add(1, name=scope, read_value=False)
                    else:
                        apply_op = assign_add(global_step, 1, name=scope).op
            train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
            if apply_op not in train_ops:
                train_ops.append(apply_op)
        pitfalls.note_training_op(apply_op, pairs)
        return apply_op

    def _update_op(self, grad, var):
        """The update of one variable, as TF's `_RefVariableProcessor` / `_DenseResourceVariableProcessor`
        build it: dense or sparse, then the variable's constraint (dense gradients only)."""
        resource = var._handle is not None
        if isinstance(grad, IndexedSlices):
            if var.constraint is not None:
                raise RuntimeError("Cannot use a constraint function on a sparse variable.")
            if resource:
                return self._resource_apply_sparse_duplicate_indices(grad.values, var, grad.indices)
            return self._apply_sparse_duplicate_indices(grad, var)
        grad = convert_to_tensor(grad)
        update = self._resource_apply_dense(grad, var) if resource else self._apply_dense(grad, var)
        if var.constraint is None:
            return update
        with get_default_graph().control_dependencies([update]):
            return var.assign(var.constraint(var))

    def get_slot(self, var, name):
        """The slot variable `name` of `var`, or None."""
        return self._slots.get(name, {}).get(_var_key(var))

    def get_slot_names(self) -> list:
        return sorted(self._slots)

    def variables(self) -> list:
        """The optimizer's own variables (slots and non-slot variables), in creation order."""
        found = [v for slots in self._slots.values() for v in slots.values()] + list(self._non_slots.values())
        return sorted(found, key=lambda v: v.op._id)

    # --- for subclasses -------------------------------------------------------------------
    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError

    def _apply_sparse_duplicate_indices(self, grad, var):
        """A sparse update: repeated rows are summed first, then `_apply_sparse` applies them."""
        values, indices = _deduplicate(grad.values, grad.indices)
        return self._apply_sparse(IndexedSlices(values, indices, grad.dense_shape), var)

    def _apply_sparse(self, grad, var):
        """Applies IndexedSlices with unique rows. By default: as the dense gradient (exact for rules
        whose untouched rows do not change, such as gradient descent)."""
        return self._apply_dense(convert_to_tensor(grad), var)

    def _resource_apply_dense(self, grad, handle):
        """The update of resource variable `handle` (a Variable) by the dense gradient `grad`."""
        raise NotImplementedError()

    def _resource_apply_sparse_duplicate_indices(self, grad, handle, indices):
        """A sparse update of a resource variable: repeated rows of `grad` are summed first, then
        `_resource_apply_sparse` applies them."""
        values, unique_indices = _deduplicate(grad, indices)
        return self._resource_apply_sparse(values, handle, unique_indices)

    def _resource_apply_sparse(self, grad, handle, indices):
        """The update of rows `indices` (unique) of resource variable `handle` by the rows `grad`."""
        raise NotImplementedError()

    def _finish(self, update_ops, name_scope):
        return control_flow.group(*update_ops, name=name_scope)

    def _valid_dtypes(self):
        return {dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64}

    def _assert_valid_dtypes(self, tensors):
        valid = self._valid_dtypes()
        for t in tensors:
            dtype = t.dtype.base_dtype
            if dtype not in valid:  # the set's own order in the message, as TF lists it
                raise ValueError(f"Invalid type {dtype!r} for {t.name}, expected: {list(valid)}.")

    def _slot_name_taken(self, name: str) -> bool:
        return any(name == v.op.name for slots in self._slots.values() for v in slots.values())

    def _zeros_slot(self, var, slot_name: str, op_name: str):
        """A zero-initialized, non-trainable slot variable `<var>/<op_name>[_k]` shaped like `var`."""
        dtype = var.dtype.base_dtype
        shape = var.get_shape()

        def zeros_value():
            if shape.is_fully_defined():
                return zeros(shape.as_list(), dtype=dtype)
            return zeros_like(var.value())

        return self._get_or_make_slot(var, zeros_value, slot_name, op_name)

    def _constant_slot(self, var, value, slot_name: str, op_name: str):
        """A slot variable shaped like `var` whose every element starts at `value` (Adagrad's accumulators)."""
        from ..ops.constant import constant

        dtype, shape = var.dtype.base_dtype, var.get_shape().as_list()
        return self._get_or_make_slot(var, lambda: constant(value, dtype=dtype, shape=shape), slot_name, op_name)

    def _get_or_make_slot(self, var, value, slot_name: str, op_name: str):
        """The slot variable `slot_name` of `var`, created from `value` (a tensor, or a callable
        building one inside the slot's Initializer scope) the first time."""
        slots = self._slots.setdefault(slot_name, {})
        key = _var_key(var)
        if key not in slots:
            from ..variable_scope import get_variable_scope

            graph = get_default_graph()
            # as TF's slot_creator: the slot lives in the variable scope open when the optimizer applies
            # (a canned estimator's `dnn/` scope gives `dnn/dnn/.../Adagrad`)
            outer = get_variable_scope().name
            base = f"{outer}/{var.op.name}/{op_name}" if outer else f"{var.op.name}/{op_name}"
            name, k = base, 0
            while name in graph._ops_by_name:
                k += 1
                name = f"{base}_{k}"
            # as TF's slot_creator: a resource variable's slots are resource ones, colocated with it
            with graph.name_scope(None), graph.colocate_with(var):
                slot = Variable(value, trainable=False, name=name, dtype=var.dtype.base_dtype,
                                use_resource=var._handle is not None)
            _slice_like(slot, var)
            slots[key] = slot
        return slots[key]

    def _create_non_slot_variable(self, initial_value, name: str, colocate_with=None):
        """The optimizer's variable `name` (one per graph), a resource variable when `colocate_with` is one."""
        key = (name, get_default_graph())
        if key not in self._non_slots:
            use_resource = None if colocate_with is None else colocate_with._handle is not None
            with contextlib.ExitStack() as scopes:  # in the caller's name scope, as TF's
                if colocate_with is not None:
                    scopes.enter_context(get_default_graph().colocate_with(colocate_with))
                self._non_slots[key] = Variable(initial_value, name=name, trainable=False, use_resource=use_resource)
        return self._non_slots[key]

    def _get_non_slot_variable(self, name: str, graph=None):
        return self._non_slots.get((name, graph or get_default_graph()))

    def _cast(self, value, var):
        return cast(value, var.dtype.base_dtype)


def _slice_like(slot, var) -> None:
    """A slot of one part of a partitioned variable is that part of a partitioned slot: it gets the part's
    SaveSliceInfo under the name TF's slot_creator gives it, the slot's name less the part's name and its `/`
    (so an outer scope shifts it: `dnn/dnn/w/part_0/Adagrad` of `dnn/w/part_0` is saved as `dnn/w/t_0/Adagrad`,
    as in TF)."""
    info = var._save_slice_info
    if info is None or slot.get_shape().ndims == 0:
        return
    from ..partitioned_variables import SaveSliceInfo

    real_name = slot.op.name[len(var.op.name) + 1:]
    slot._save_slice_info = SaveSliceInfo(f"{info.full_name}/{real_name}", list(info.full_shape),
                                          list(info.var_offset), list(info.var_shape))


def _deduplicate(values, indices):
    """(summed rows, unique indices): the rows `values` at `indices` with each index once (TF's
    `_deduplicate_indexed_slices`)."""
    from ..ops.array import shape
    from ..ops.segment import unique, unsorted_segment_sum

    unique_indices, positions = unique(indices)
    return unsorted_segment_sum(values, positions, shape(unique_indices)[0]), unique_indices


def fresh_read(var):
    """A value of `var` read when its consumer runs: a new ReadVariableOp for a resource variable (TF's
    `ResourceVariable.value()`), the variable itself for a reference variable."""
    return var.read_value() if var._handle is not None else var
