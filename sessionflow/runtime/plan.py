"""Execution plans: the pruned, ordered list of steps that computes some fetches from some feeds.

A plan depends only on the graph and the run signature (fetched tensors, target ops, fed tensors),
never on a session, so it is built once and cached. It is a flat program over an integer register
file: constants are preloaded into the register template, fed tensors get their own registers,
and each step names the registers it reads and writes and those it frees afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework import errors
from ..framework.registry import static_value
from ..ops.common import cpp_name, shape_str


@dataclass(frozen=True)
class Step:
    """One op execution: read `inputs` registers, write `outputs`, then clear `frees`. `deref` lists
    (position, reading op): those registers hold variable keys, read when the step runs."""

    op: object
    inputs: tuple
    outputs: tuple
    frees: tuple
    deref: tuple = ()


@dataclass(frozen=True)
class VariableRead:
    """A fetch of a reference variable's value, read when the run ends; `op` is the reading op that
    errors name (None when the variable itself is fetched, as in TF)."""

    key: str
    op: object = None


@dataclass(frozen=True)
class Plan:
    """An immutable, session-independent program for one run signature."""

    steps: tuple
    template: tuple          # initial register contents (constants, variable keys, None)
    feed_slots: dict         # fed Tensor -> register
    fetch_slots: tuple       # per fetch: its register, a VariableRead, or None for an op
    ops: tuple               # every op the plan touches, in execution order (constants included)


class NeedsDataflow(errors.UnimplementedError):
    """Raised by build_plan when the graph to run holds a TF 1.x control-flow op (`OpDef.dataflow`: Switch,
    Merge, ...), which a step list cannot express: the session runs it on runtime/dataflow.py instead."""

    def __init__(self, op):
        super().__init__(None, op, f"{op.type} op '{op.name}' is TF 1.x control flow, which runs on the dataflow "
                                   "executor, not in a plan")


def build_plan(fetches, feeds, scope=None) -> Plan:
    """Prunes the graph to what `fetches` (Tensors and Operations) need, stopping at fed tensors.

    Every op runs at most once; ops run in creation order, which is a topological order because an
    op's inputs and control inputs always exist before it does. With `scope` (a set of ops: a
    control-flow sub-graph), only those ops run: control inputs outside it are ignored (the
    sub-graph's op runs after them) and every tensor entering it must be fed.
    """
    feeds = frozenset(feeds)
    needed = {}
    stack = []
    for f in fetches:
        if hasattr(f, "value_index"):
            if f not in feeds:
                stack.append(f.op)
        else:
            stack.append(f)
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed[op] = True
        ref_inputs = op.opdef.ref_inputs
        for i, t in enumerate(op.inputs):
            if t in feeds:
                continue
            if i in ref_inputs and not t.op.inputs:
                continue  # a variable itself: its key is all the consumer needs
            if scope is not None and t.op not in scope:
                raise errors.InternalError(None, op, f"{t.name} enters a control-flow sub-graph without being fed")
            stack.append(t.op)
        stack.extend(c for c in op.control_inputs if scope is None or c in scope)

    order = sorted(needed, key=lambda o: o._id)
    # Ops that must execute even if they only read a variable: control inputs and fetched ops (reading
    # an uninitialized variable there fails, as in TF).
    must_run = {c for op in order for c in op.control_inputs}
    must_run.update(f for f in fetches if not hasattr(f, "value_index"))
    slots: dict = {}
    deferred: dict = {}  # Tensor -> (key of the reference variable it reads, the op that reads it)
    template: list = []

    def new_slot(value=None) -> int:
        template.append(value)
        return len(template) - 1

    feed_slots = {t: new_slot() for t in feeds}
    slots.update(feed_slots)
    steps = []
    for op in order:
        opdef = op.opdef
        if opdef.dataflow:
            raise NeedsDataflow(op)
        if op not in must_run and _is_reference_read(op, feeds, deferred):
            key = opdef.ref_key(op) if opdef.ref_key is not None else deferred[op.inputs[0]][0]
            deferred[op.outputs[0]] = (key, op)
            continue
        if not op.inputs and opdef.static_value is not None and not opdef.stateful:
            for t in op.outputs:
                if t not in slots:
                    slots[t] = new_slot(static_value(t))
            continue
        if opdef.kernel is None:
            if all(t in feeds for t in op.outputs):
                continue
            out = op.outputs[0]
            shape = "" if out.shape.ndims is None else f" and shape {shape_str(out.shape)}"  # as TF words it
            raise errors.InvalidArgumentError(
                None, op, f"You must feed a value for placeholder tensor '{op.name}' with dtype "
                          f"{cpp_name(out.dtype)}{shape}")
        in_slots, deref = [], []
        for i, t in enumerate(op.inputs):
            if i in opdef.ref_inputs and t not in feeds:
                in_slots.append(new_slot(t.op.opdef.ref_key(t.op)))
            elif t in deferred:
                key, reader = deferred[t]
                deref.append((i, reader))
                in_slots.append(new_slot(key))
            else:
                in_slots.append(slots[t])
        out_slots = []
        for t in op.outputs:
            slot = slots.get(t)
            if slot is None:  # a fed output keeps the fed value; the op still runs for its others
                slot = slots[t] = new_slot()
            elif t in feeds:
                slot = new_slot()
            out_slots.append(slot)
        steps.append([op, tuple(in_slots), tuple(out_slots), tuple(deref)])

    fetch_slots = tuple(None if not hasattr(f, "value_index") else
                        VariableRead(deferred[f][0], _reader(deferred[f][1])) if f in deferred else slots[f]
                        for f in fetches)
    return Plan(steps=_with_frees(steps, fetch_slots, feed_slots.values()), template=tuple(template),
                feed_slots=feed_slots, fetch_slots=fetch_slots, ops=tuple(order))


def _with_frees(steps, fetch_slots, feed_slots) -> tuple:
    """Attaches to each step the registers nobody reads after it, so large values die early."""
    frees = free_lists([inputs for _, inputs, _, _ in steps], set(fetch_slots) | set(feed_slots))
    return tuple(Step(op, inputs, outputs, f, deref) for (op, inputs, outputs, deref), f in zip(steps, frees))


def free_lists(inputs_per_step, keep) -> list:
    """Per step, the registers (other than `keep`) that no later step reads: freed after it runs."""
    last_use = {}
    for index, inputs in enumerate(inputs_per_step):
        for slot in inputs:
            last_use[slot] = index
    frees = [[] for _ in inputs_per_step]
    for slot, index in last_use.items():
        if slot not in keep:
            frees[index].append(slot)
    return [tuple(f) for f in frees]


def _reader(op):
    return None if op.opdef.ref_key is not None else op


def _is_reference_read(op, feeds, deferred) -> bool:
    """Whether `op` only yields a reference to a variable (VariableV2, or an Identity of one), so its
    consumers read the variable themselves, when they run."""
    out = op.outputs[0] if op.outputs else None
    if out is None or out in feeds:
        return False
    opdef = op.opdef
    if opdef.ref_key is not None and not op.inputs:
        return out.dtype._is_ref_dtype
    return opdef.forwards_ref and not op.control_inputs and op.inputs[0] in deferred
