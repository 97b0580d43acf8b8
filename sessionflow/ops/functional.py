"""Functional control flow: `tf.cond`, `tf.case` and `tf.while_loop` (map_fn, scan and folds: higher_order.py).

A branch or loop body is traced once into a `Subgraph`: the ops the Python function creates, the
outer tensors they read (its inputs, fed when it runs) and its outputs. An `If` or `While` op holds
its sub-graphs as attrs and runs them as sub-plans in the session (`OpContext.run_subgraph`), so only
the taken branch runs — side effects included — and a loop runs its body once per iteration.
Gradients are sub-graphs too: an If's gradient is an If of the branches' gradients; a While keeps
the loop state of every iteration (its last output) and its gradient op runs the body's gradient
backwards over them.

A gradient never runs a stateful op again. The outputs of the stateful ops of a forward branch or body
that its gradient reads (a random draw, a variable read or write, a nested If/While) are *saved* by
the forward run (`Subgraph.saved`): an If returns its branch's saved values in a last, variant output
(read back by `IfIntermediate`), a While stores them with each iteration's loop state. Everything
else the gradient needs is recomputed from those and from the branch's inputs, so little is kept and
higher-order gradients go through the recomputed values as usual.
"""

from __future__ import annotations

import collections
import contextlib

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.seeds import function_op_seeds
from ..framework.tensor_shape import TensorShape
from .array import identity
from .constant import convert_to_tensor
from .structure import flatten as _flatten
from .structure import pack_sequence_as as _pack, same_structure as _same_structure


class _Tracing:
    """Collects the ops created while a branch or body function runs."""

    def __init__(self, graph, parent):
        self.ops: list = []
        self.ancestors = set()
        while parent is not None:
            self.ancestors.add(parent)
            parent = parent.parent
        self.parent = graph._tracing


class Subgraph:
    """A traced function: `ops` run, `inputs` (outer tensors, then any extra fed tensors) are fed,
    `outputs` are fetched, and `saved` (tensors of `ops` that gradients read; the list only grows)
    are kept by runs that save. Hashable by identity: sessions cache its executables."""

    def __init__(self, ops, inputs, outputs, name):
        self.ops = frozenset(ops)
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.name = name
        self.saved: list = []

    def keep(self, tensor) -> int:
        """The position of `tensor` among the values runs of this sub-graph save (added if new)."""
        for index, t in enumerate(self.saved):
            if t is tensor:
                return index
        self.saved.append(tensor)
        return len(self.saved) - 1

    @staticmethod
    def holds_state(op_) -> bool:
        """Whether running `op_` again could give another value: it is stateful (a random op, an
        assignment, a nested If/While) or reads a variable. Its value is saved for gradients; every
        other value is recomputed from what the gradient is fed."""
        return op_.opdef.stateful or _referenced_variable(op_) is not None

    def __repr__(self):
        return f"<Subgraph {self.name}: {len(self.ops)} ops, {len(self.inputs)} inputs, {len(self.outputs)} outputs>"


def _trace(fn, args=()):
    """Runs `fn(*args)` recording the ops it creates; returns (result, tracing record)."""
    graph = get_default_graph()
    record = _Tracing(graph, graph._tracing)
    graph._tracing = record
    try:
        with graph.control_dependencies(None):
            result = fn(*args)
    finally:
        graph._tracing = record.parent
    return result, record


def function_seeds(graph):
    """Op seeds of a branch or loop function: TF 2's control flow builds each in a function graph of its
    own (its random ops count op seeds from 0, the graph's counter does not move); TF 1's
    (`tf.disable_control_flow_v2()`, `tf.disable_v2_behavior()`) puts their ops in the graph itself."""
    from .._behaviour import control_flow_v2

    return function_op_seeds(graph) if control_flow_v2() else contextlib.nullcontext()


def _close(record, outputs, fed=(), name="", forward=()):
    """The sub-graph computing `outputs` from the ops of `record` (and of other finished traces, such
    as the forward branch a gradient recomputes); every other tensor it reads becomes an input.
    `forward` lists (Subgraph, op running it) for the forward sub-graphs a gradient differentiates:
    the outputs of their stateful ops are inputs too (the forward run saves them; they never run
    twice), so are the tensors they were fed, and a control dependency on one of their stateful ops
    becomes one on the op running them.
    Returns (Subgraph, outer tensors it reads, outer ops it must run after)."""
    fed = list(fed)
    fed_set = set(fed)
    visible = record.ancestors
    written = _variables_written(record.ops)

    def saved_by(op_):
        for subgraph, runner in forward:
            if op_ in subgraph.ops and subgraph.holds_state(op_):
                return runner
        return None

    def internal(op_):
        if forward and saved_by(op_) is not None:
            return False
        if op_._ctx is not None and op_._ctx not in visible:
            return True
        key = _referenced_variable(op_)
        return key is not None and key in written

    inside, captures, control = set(), [], []
    stack = []
    # What a differentiated sub-graph was fed is fed to its gradient too (never recomputed): it may be
    # a value its own forward run saved.
    forward_inputs = {id(t) for subgraph, _ in forward for t in subgraph.inputs}

    def need(t):
        if t in fed_set or t in captures:
            return
        if id(t) in forward_inputs:
            captures.append(t)
        elif internal(t.op):
            stack.append(t.op)
        else:
            captures.append(t)

    for out in outputs:
        if isinstance(out, Operation):
            if internal(out):
                stack.append(out)
        else:
            need(out)
    while stack:
        op_ = stack.pop()
        if op_ in inside:
            continue
        inside.add(op_)
        for i, t in enumerate(op_.inputs):
            if i in op_.opdef.ref_inputs and not t.op.inputs:
                continue  # assigning an outer variable: its key is enough
            need(t)
        for c in op_.control_inputs:
            if internal(c):
                stack.append(c)
                continue
            runner = saved_by(c) if forward else None
            c = c if runner is None else runner
            if c is not None and c not in control:
                control.append(c)
    return Subgraph(inside, fed + captures, outputs, name), captures, control


def _referenced_variable(op_):
    """The key of the reference variable `op_` reads (the variable itself, or a plain Identity of it
    such as `v/read`), or None."""
    if not op_.outputs:
        return None
    if op_.opdef.ref_key is not None and not op_.inputs:
        return op_.opdef.ref_key(op_) if op_.outputs[0].dtype._is_ref_dtype else None
    if op_.opdef.forwards_ref and not op_.control_inputs:
        return _referenced_variable(op_.inputs[0].op)
    return None


def _variables_written(ops) -> set:
    """Keys of the reference variables that `ops` assign to. A sub-graph that writes a variable reads
    it afresh each time it runs (it includes the read); any other variable read is an input, fixed
    when the If/While op starts, and gradients flow to it through that input."""
    keys = set()
    for op_ in ops:
        for i in op_.opdef.ref_inputs:
            producer = op_.inputs[i].op
            if producer.opdef.ref_key is not None:
                keys.add(producer.opdef.ref_key(producer))
    return keys


# --- If ----------------------------------------------------------------------------------------

@op("If", inputs=("cond", "*input"), attrs=dict(then_branch=None, else_branch=None, Tout=(), output_shapes=()),
    stateful=True, type_attrs=dict(Tcond="cond", Tin="[input]"))
class If:
    """Runs `then_branch` or `else_branch` (sub-graphs fed with `input`) depending on `cond`. Outputs:
    the branch's outputs, then (variant) which branch ran and the values it saved for gradients."""

    def infer(cond, *inputs, then_branch, else_branch, Tout, output_shapes):
        if cond.dtype.base_dtype is not dtypes.bool:
            raise TypeError(f"pred must be a bool tensor, got {cond.dtype.base_dtype.name}")
        return [(dtype, shape) for dtype, shape in zip(Tout, output_shapes)] + [(dtypes.variant, TensorShape([]))]

    def kernel(ctx, xp, cond, *inputs, then_branch, else_branch, Tout, output_shapes):
        taken = 0 if bool(cond) else 1
        split = len(then_branch.inputs)
        branch, fed = (then_branch, inputs[:split]) if taken == 0 else (else_branch, inputs[split:])
        values, saved = ctx.run_subgraph(branch, fed, keep=True)
        return (*values, (taken, saved)) if values else (taken, saved)

    def grad(op_, *grads):
        then_b, else_b = op_.attrs["then_branch"], op_.attrs["else_branch"]
        inputs = list(op_.inputs[1:])
        outputs = [t for t in then_b.outputs if isinstance(t, Tensor)]
        seeded = [k for k, g in enumerate(grads[:len(outputs)]) if g is not None]

        def branch_grads(branch, offset):
            """Gradients of every If input from one branch: its own inputs sit at `offset`."""
            from ..gradients import gradients

            tensors = [t for t in branch.outputs if isinstance(t, Tensor)]
            diffs = gradients([tensors[k] for k in seeded], branch.inputs, grad_ys=[grads[k] for k in seeded],
                              stop_gradients=branch.inputs)
            result = [None] * len(inputs)
            for k, (t, d) in enumerate(zip(branch.inputs, diffs)):  # sparse gradients densified in the branch
                result[offset + k] = convert_to_tensor(d) if d is not None else zeros_for_gradient(t)
            return [r if r is not None else zeros_for_gradient(t) for r, t in zip(result, inputs)]

        differentiable = [i for i, t in enumerate(inputs) if takes_gradient(t)]
        if not differentiable or not seeded:
            return [None] * len(op_.inputs)

        def pick(values):
            return [values[i] for i in differentiable]

        outs = _build_if(op_.inputs[0], lambda: pick(branch_grads(then_b, 0)),
                         lambda: pick(branch_grads(else_b, len(then_b.inputs))), "cond_grad", forward=op_)
        result = [None] * len(op_.inputs)
        for i, g in zip(differentiable, _flatten(outs)):
            result[1 + i] = g
        return result


@op("IfIntermediate", inputs=("intermediates",), attrs=dict(branch=0, index=0, dtype=None, shape=None),
    stateful=True)
class IfIntermediate:
    """A value the `branch` (0: then, 1: else) of an If saved for its gradient, read from the If's last
    output; nothing (None) when the other branch ran, in which case the gradient does not read it."""

    def infer(intermediates, branch, index, dtype, shape):
        return dtype, shape

    def kernel(ctx, xp, intermediates, branch, index, dtype, shape):
        taken, values = intermediates
        return values[index] if taken == branch else None

    grad = NOT_DIFFERENTIABLE


def _build_if(pred, true_fn, false_fn, name, forward=None):
    """Traces both branches and builds the If op. `forward`: the If whose gradient this is; the values
    of its branches that the gradient branches read are taken from what its run saved."""
    graph = get_default_graph()
    with graph.name_scope(name) as scope:
        with function_seeds(graph):
            true_out, true_record = _trace(true_fn)
        with function_seeds(graph):
            false_out, false_record = _trace(false_fn)
        if not _same_structure(true_out, false_out):
            raise ValueError("true_fn and false_fn must return the same structure of outputs, got "
                             f"{true_out!r} and {false_out!r}")
        true_flat = [_as_output(t) for t in _flatten(true_out)]
        false_flat = [_as_output(t) for t in _flatten(false_out)]
        for a, b in zip(true_flat, false_flat):
            if isinstance(a, Tensor) != isinstance(b, Tensor) or (
                    isinstance(a, Tensor) and a.dtype.base_dtype is not b.dtype.base_dtype):
                raise ValueError(f"Outputs of true_fn and false_fn must have the same type(s), got {a!r} and {b!r}")
        saving = () if forward is None else tuple(
            (forward.attrs[key], forward) for key in ("then_branch", "else_branch"))
        then_b, then_in, then_ctl = _close(true_record, true_flat, name=scope + "then", forward=saving)
        else_b, else_in, else_ctl = _close(false_record, false_flat, name=scope + "else", forward=saving)
        if forward is not None:
            then_in, else_in = _read_saved(then_in, forward), _read_saved(else_in, forward)
        specs = [(a.dtype.base_dtype, a.shape.most_specific_compatible_shape(b.shape))
                 for a, b in zip(true_flat, false_flat) if isinstance(a, Tensor)]
        with graph.control_dependencies(then_ctl + [c for c in else_ctl if c not in then_ctl]):
            result = If(pred, then_in + else_in, then_branch=then_b, else_branch=else_b,
                        Tout=tuple(d for d, _ in specs), output_shapes=tuple(s for _, s in specs), name=scope)
        outputs = list(result) if isinstance(result, (list, tuple)) else [result]
        intermediates = outputs.pop()
        # cond returns an Identity of each If output (`cond/Identity`, `cond/Identity_1`, ...), as TF does
        outputs = [identity(t) for t in outputs]
    flat = [outputs.pop(0) if isinstance(t, Tensor) else intermediates.op for t in true_flat]
    return _pack(true_out, flat)


def _read_saved(captures, forward):
    """`captures` with each value of `forward`'s branches replaced by its saved copy (IfIntermediate),
    and each tensor a branch was fed by the If input that fed it."""
    then_b, else_b = forward.attrs["then_branch"], forward.attrs["else_branch"]
    fed_by = {}
    for offset, subgraph in ((1, then_b), (1 + len(then_b.inputs), else_b)):
        for position, t in enumerate(subgraph.inputs):
            fed_by.setdefault(id(t), forward.inputs[offset + position])
    result = []
    for t in captures:
        if id(t) in fed_by:
            result.append(fed_by[id(t)])
            continue
        for branch, subgraph in enumerate((then_b, else_b)):
            if t.op in subgraph.ops:
                t = IfIntermediate(forward.outputs[-1], branch=branch, index=subgraph.keep(t),
                                   dtype=t.dtype.base_dtype, shape=t.shape, name="saved")
                break
        result.append(t)
    return result


def takes_gradient(t) -> bool:
    """Whether a control-flow op passes gradients to its input `t`: a floating value, or the handle of
    a resource variable read inside the branch or body (its gradient is the variable's)."""
    base = t.dtype.base_dtype
    return base.is_floating or base is dtypes.resource


def gradient_spec(t):
    """(dtype, static shape) of the gradient of `t`; a resource handle's is its variable's value's."""
    if t.dtype.base_dtype is dtypes.resource:
        return t.op.attrs.get("dtype") or dtypes.float32, t.op.attrs.get("shape") or TensorShape(None)
    return t.dtype.base_dtype, t.shape


def zeros_for_gradient(t):
    """The zero gradient of `t` (for a resource handle: zeros of its variable's value)."""
    from .array import zeros, zeros_like

    if t.dtype.base_dtype is not dtypes.resource:
        return zeros_like(t)
    dtype, shape = gradient_spec(t)
    if shape.is_fully_defined():
        return zeros(shape.as_list(), dtype)
    from .state import ReadVariableOp

    return zeros_like(ReadVariableOp(t, dtype=dtype))


def _as_output(value):
    """A branch output as the If op needs it: Tensors and Operations as they are, anything else
    (a Variable, a Python value) converted to a Tensor."""
    return value if isinstance(value, (Tensor, Operation)) else convert_to_tensor(value)


@tf_export("cond")
def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """Returns `true_fn()` if `pred` is true else `false_fn()`; only the taken branch runs."""
    true_fn = true_fn if true_fn is not None else fn1
    false_fn = false_fn if false_fn is not None else fn2
    if true_fn is None or not callable(true_fn):
        raise TypeError("true_fn must be callable.")
    if false_fn is None or not callable(false_fn):
        raise TypeError("false_fn must be callable.")
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool")
    pred = convert_to_tensor(pred)
    if pred.dtype.base_dtype is not dtypes.bool:
        raise TypeError(f"pred must be a bool tensor, got {pred.dtype.base_dtype.name}")
    result = _build_if(pred, true_fn, false_fn, name or "cond")
    if not strict and isinstance(result, (list, tuple)) and len(result) == 1:
        return result[0]
    return result


@tf_export("case")
def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The function of the first true predicate (in order), or `default()`.

    As in TF: with `exclusive`, an assertion fails the run when more than one predicate is true; with
    no `default`, the last pair's function is the default and fails the run unless its predicate is
    true."""
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError(f"'pred_fn_pairs' must be a list, tuple, or dict. Received: {type(pred_fn_pairs)}")
    if isinstance(pred_fn_pairs, collections.OrderedDict):
        pairs = list(pred_fn_pairs.items())
    elif isinstance(pred_fn_pairs, dict):  # in the order of the predicates' names, as TF orders them
        pairs = sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
        if not exclusive:
            from .._behaviour import logging

            logging.warning(
                "%s: An unordered dictionary of predicate/fn pairs was provided, but exclusive=False. The order of "
                "conditional tests is deterministic but not guaranteed.", name)
    else:
        pairs = list(pred_fn_pairs)
    if not pairs:
        raise ValueError("pred_fn_pairs must not be empty")
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in 'pred_fn_pairs' must be a 2-tuple. Received {pair}.")
        p, f = pair
        if not isinstance(p, Tensor):
            raise TypeError(f"pred must be a Tensor, got: {p}")
        if p.dtype.base_dtype is not dtypes.bool:
            raise TypeError(f"pred must be Tensor of type bool: {p.name}")
        if not callable(f):
            raise TypeError(f"fn for pred {p.name} must be callable.")
    preds = [convert_to_tensor(p) for p, _ in pairs]
    fns = [f for _, f in pairs]
    graph = get_default_graph()
    with graph.name_scope(name):
        if default is None:
            default, preds, fns = _default_from_last(preds, fns)

        def chain(position):
            """The cond of pair `position`, whose false branch is the chain of the later pairs."""
            if position == len(preds):
                return default()
            return cond(preds[position], fns[position], lambda: chain(position + 1), strict=strict)

        if not exclusive:
            return chain(0)
        with graph.control_dependencies([_assert_at_most_n_true(preds, 1, "Input error: exclusive=True")]):
            return chain(0)


def _assert_at_most_n_true(preds, n, message):
    """An Assert that fails the run, listing the predicates, when more than `n` of them are true."""
    from .array import stack
    from .logging_ops import Assert_
    from .math import cast, less_equal
    from .reduction import reduce_sum

    stacked = stack(preds, name="preds_c")
    count = reduce_sum(cast(stacked, dtypes.int32), name="num_true_conds")
    names = ", ".join(p.name for p in preds)
    return Assert_(less_equal(count, convert_to_tensor(n, name="n_true_conds")),
                   [f"{message}: more than {n} conditions ({names}) evaluated as True:", stacked],
                   summarize=len(preds))


def _default_from_last(preds, fns):
    """TF's default when none is given: the last pair's function, which asserts that its predicate is
    true (and, as an internal check, that no earlier one is)."""
    from .array import stack
    from .logging_ops import Assert_

    last = len(preds) - 1

    def default():
        checks = [Assert_(preds[last], ["Input error: None of conditions evaluated as True:",
                                        stack(preds, name="preds_c")], summarize=len(preds))]
        if last:
            checks.insert(0, _assert_at_most_n_true(
                preds[:last], 0, f"Implementation error: selected default action #{last} was called, but some of "
                                 "other predicates are True: "))
        with get_default_graph().control_dependencies(checks):
            return fns[last]()

    return default, preds[:last], fns[:last]
