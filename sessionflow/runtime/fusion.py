"""Step fusion: patterns of plan steps that the NumPy backend runs as one step, with the same results.

TF's graphs carry run-time shape bookkeeping that TF's own graph optimizer (grappler) folds away before
a step runs, and which sessionflow's interpreter would otherwise pay for op by op. The one that matters
is the gradient of every broadcasting binary op (`x + b`, `x * s`): for each side

    sx = Shape(x)  (or a constant)     sg = Shape(grad)     rx, _ = BroadcastGradientArgs(sx, sg)
    gx = Reshape(Sum(grad, rx), sx)

five steps, repeated for every layer of a network, to compute what is usually `grad` itself or its sum
over the batch axis. `fuse` collapses each such chain into one step, "reduce `grad` to the shape of
`x`": the reduction axes come from BroadcastGradientArgs's own kernel, cached per pair of shapes; the
Sum and Reshape are their own kernels (so values are bit for bit the same), skipped when there is
nothing to reduce. Errors still name the op that raises them (an incompatible shape: the
BroadcastGradientArgs node).

Steps that pass their input on unchanged (Identity, StopGradient) or do nothing (NoOp) are dropped, their
readers reading the input's register, as grappler removes such nodes: optimizers' gradients pass through
`tf.tuple` gates (an Identity per gradient and a NoOp per op) and training ops are NoOp groups.

Only `NumpyExecutable.run` uses the fused program: observed runs (explain, FULL_TRACE step stats) run
the plan's steps one by one, as the graph has them. A chain is fused only when none of its intermediate
values is fetched, fed or read by any other step.
"""

from __future__ import annotations

import numpy as np

from ..framework import errors
from .plan import free_lists


def fuse(plan, bound: tuple):
    """The program `run` executes: `bound` (the plan's steps bound to a session, as
    (fn, inputs, outputs, frees)) with fusable chains collapsed and pass-through steps dropped, and the
    op each entry's errors name. Returns (program, ops)."""
    steps = plan.steps
    chains = _broadcast_gradient_chains(plan)
    removed = set()
    replaced = {}  # index of a chain's Reshape step -> (fn, inputs, outputs)
    for chain in chains:
        removed.update(chain.removed)
        replaced[chain.reshape] = (
            _reduce_to_shape(chain, bound, steps), chain.inputs, steps[chain.reshape].outputs)
    pinned = {s for s in plan.fetch_slots if type(s) is int} | set(plan.feed_slots.values())
    alias = {}  # the output register of a dropped pass-through step -> the register it passes on
    program, ops = [], []
    for index, step in enumerate(steps):
        if index in removed:
            continue
        if _passes_through(step, pinned):
            if step.outputs:
                alias[step.outputs[0]] = alias.get(step.inputs[0], step.inputs[0])
            continue
        fn, ins, outs = replaced[index] if index in replaced else bound[index][:3]
        if alias:
            ins = tuple(alias.get(slot, slot) for slot in ins)
        program.append([fn, ins, outs])
        ops.append(step.op)
    if not chains and not alias and len(program) == len(steps):
        return bound, tuple(s.op for s in steps)
    return _with_frees(program, plan), tuple(ops)


# Ops whose kernel returns its input itself (Identity, StopGradient) or does nothing (NoOp): TF's graph
# optimizer removes them where nothing fetches or feeds their outputs, and so does `run`. Their control
# inputs need nothing more: steps run in creation order, so every reader of a dropped step's output still
# runs after what the step waited for.
_PASS_THROUGH = frozenset(("Identity", "StopGradient", "NoOp"))


def _passes_through(step, pinned) -> bool:
    if step.op.type not in _PASS_THROUGH or step.deref:  # deref: an Identity reading a variable's value now
        return False
    if not step.outputs:
        return not step.inputs
    return len(step.inputs) == 1 and len(step.outputs) == 1 and step.outputs[0] not in pinned


class _Chain:
    """One gradient-side chain: BroadcastGradientArgs output `position` -> Sum -> Reshape."""

    __slots__ = ("bga", "position", "sum", "reshape", "shape_of", "shape_const", "inputs", "removed")


def _broadcast_gradient_chains(plan) -> list:
    steps = plan.steps
    producer, consumers = {}, {}
    for index, step in enumerate(steps):
        for slot in step.outputs:
            producer[slot] = index
        for slot in step.inputs:
            consumers.setdefault(slot, []).append(index)
    pinned = {s for s in plan.fetch_slots if type(s) is int} | set(plan.feed_slots.values())
    chains, dropped = [], {}

    def only_reader(slot, index) -> bool:
        return slot not in pinned and consumers.get(slot) == [index]

    for k, bga in enumerate(steps):
        if bga.op.type != "BroadcastGradientArgs" or bga.deref:
            continue
        found, complete = [], True
        for position, slot in enumerate(bga.outputs):
            readers = consumers.get(slot, [])
            if not readers and slot not in pinned:
                continue
            chain = _chain_from(steps, k, position, readers, only_reader, producer, consumers, plan)
            if chain is None:
                complete = False
                break
            found.append(chain)
        if not complete or not found:
            continue
        # The Shape steps feeding this BroadcastGradientArgs go too when nothing but these chains reads them.
        shape_steps = set()
        for slot in bga.inputs:
            index = producer.get(slot)
            if index is not None and steps[index].op.type == "Shape" and slot not in pinned:
                shape_steps.add((index, slot))
        for chain in found:
            chain.removed = {k, chain.sum}
        chains.extend(found)
        for index, slot in shape_steps:
            dropped.setdefault(index, (slot, []))[1].extend(found)
    # A Shape step is dropped only when every reader of its output is a step being removed or replaced.
    gone = {i for c in chains for i in c.removed} | {c.reshape for c in chains}
    still_read = {slot for c in chains for slot in c.inputs}
    for index, (slot, owners) in dropped.items():
        if slot not in still_read and all(reader in gone for reader in consumers.get(slot, [])):
            owners[0].removed.add(index)
    return chains


def _chain_from(steps, k, position, readers, only_reader, producer, consumers, plan):
    """The chain that reads output `position` of the BroadcastGradientArgs step `k`, or None."""
    bga = steps[k]
    if len(readers) != 1:
        return None
    j = readers[0]
    total = steps[j]
    if (total.op.type != "Sum" or total.deref or total.inputs[1] != bga.outputs[position]
            or total.op.attrs.get("keep_dims") or not only_reader(bga.outputs[position], j)):
        return None
    sum_out = total.outputs[0]
    readers_of_sum = consumers.get(sum_out, [])
    if len(readers_of_sum) != 1 or not only_reader(sum_out, readers_of_sum[0]):
        return None
    i = readers_of_sum[0]
    reshape = steps[i]
    target = bga.inputs[position]
    if reshape.op.type != "Reshape" or reshape.deref or reshape.inputs != (sum_out, target):
        return None
    chain = _Chain()
    chain.bga, chain.position, chain.sum, chain.reshape = k, position, j, i
    chain.shape_of = chain.shape_const = None
    grad = total.inputs[0]
    shape_index = producer.get(target)
    if shape_index is not None and steps[shape_index].op.type == "Shape" and not steps[shape_index].deref:
        chain.shape_of = True
        chain.inputs = (steps[shape_index].inputs[0], grad)  # the shape comes from x's value itself
    elif shape_index is None and target not in plan.feed_slots.values() and plan.template[target] is not None:
        chain.shape_const = plan.template[target]
        chain.inputs = (grad,)
    else:
        chain.shape_of = False
        chain.inputs = (target, grad)  # a shape vector computed some other way
    # The gradient's shape: BroadcastGradientArgs's other input must be Shape(grad).
    other = producer.get(bga.inputs[1 - position])
    if other is None or steps[other].op.type != "Shape" or steps[other].deref or steps[other].inputs[0] != grad:
        return None
    return chain


def _reduce_to_shape(chain, bound, steps):
    """The fused step's function: Reshape(Sum(grad, axes), shape), axes from BroadcastGradientArgs."""
    bga_fn, sum_fn, reshape_fn = bound[chain.bga][0], bound[chain.sum][0], bound[chain.reshape][0]
    bga_op, sum_op, reshape_op = steps[chain.bga].op, steps[chain.sum].op, steps[chain.reshape].op
    position = chain.position
    index_dtype = np.dtype(bga_op.attrs.get("T").as_numpy_dtype) if bga_op.attrs.get("T") is not None \
        else np.dtype(np.int32)
    axes_for: dict = {}

    def reduce(shape: tuple, grad):
        key = (shape, grad.shape)
        axes = axes_for.get(key)
        if axes is None:
            sizes = [np.asarray(grad.shape, dtype=index_dtype)] * 2
            sizes[position] = np.asarray(shape, dtype=index_dtype)  # in BroadcastGradientArgs's input order
            try:
                axes = bga_fn(*sizes)[position]
            except Exception as e:
                raise _named(e, bga_op) from e
            if len(axes_for) < 64:
                axes_for[key] = axes
        if not axes.size and shape == grad.shape and grad.dtype.kind in "fc":
            return grad  # nothing to reduce: Sum over no axes and Reshape to its own shape give grad's values
        try:
            total = sum_fn(grad, axes)
        except Exception as e:
            raise _named(e, sum_op) from e
        try:
            return reshape_fn(total, np.asarray(shape, dtype=index_dtype))
        except Exception as e:
            raise _named(e, reshape_op) from e

    if chain.shape_const is not None:
        fixed = tuple(int(d) for d in np.asarray(chain.shape_const).reshape(-1))
        return lambda grad: reduce(fixed, grad)
    if chain.shape_of:
        return lambda x, grad: reduce(np.shape(x), grad)
    return lambda shape, grad: reduce(tuple(int(d) for d in np.asarray(shape).reshape(-1)), grad)


def _named(e: Exception, op) -> errors.OpError:
    from .backends.numpy import op_error

    return op_error(e, op)


def _with_frees(program, plan) -> tuple:
    """(fn, inputs, outputs, frees) per entry: registers nobody reads later are cleared after their last reader."""
    keep = {s for s in plan.fetch_slots if type(s) is int} | set(plan.feed_slots.values())
    frees = free_lists([ins for _, ins, _ in program], keep)
    return tuple((fn, ins, outs, f) for (fn, ins, outs), f in zip(program, frees))
