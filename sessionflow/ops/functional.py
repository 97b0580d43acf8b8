"""Functional control flow: `tf.cond`, `tf.case` and `tf.while_loop` (map_fn, scan and folds: higher_order.py).

A branch or loop body is traced once into a `Subgraph`: the ops the Python function creates, the
outer tensors they read (its inputs, fed when it runs) and its outputs. An `If` or `While` op holds
its sub-graphs as attrs and runs them as sub-plans in the session (`OpContext.run_subgraph`), so only
the taken branch runs — side effects included — and a loop runs its body once per iteration.
Gradients are sub-graphs too: an If's gradient is an If of the branches' gradients; a While keeps
the loop state of every iteration (its last output) and its gradient op runs the body's gradient
backwards over them.

A gradient never runs a stateful op again. Where it needs a value of the forward branch or body that
depends on state (a random draw, a variable read or write, a nested If/While), the forward sub-graph
*saves* that value when it runs (`Subgraph.saved`): an If returns its branch's saved values in a last,
variant output (read back by `IfIntermediate`), a While stores them with each iteration's loop state.
Values that depend on nothing stateful are recomputed by the gradient instead, so nothing is kept
for them and higher-order gradients go through them as usual.
"""

from __future__ import annotations

import collections
import logging

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape, as_shape
from .constant import convert_to_tensor
from .structure import assert_same_structure, flatten as _flatten, is_nested
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
        self._stateful_deps = None

    def keep(self, tensor) -> int:
        """The position of `tensor` among the values runs of this sub-graph save (added if new)."""
        for index, t in enumerate(self.saved):
            if t is tensor:
                return index
        self.saved.append(tensor)
        return len(self.saved) - 1

    def depends_on_state(self, op_) -> bool:
        """Whether `op_` (one of `ops`) could give another value if run again: it is stateful, reads a
        variable, or depends (by data or control) on such an op of this sub-graph."""
        if self._stateful_deps is None:
            deps = set()
            for o in sorted(self.ops, key=lambda o: o._id):
                if (o.opdef.stateful or _referenced_variable(o) is not None
                        or any(t.op in deps for t in o.inputs) or any(c in deps for c in o.control_inputs)):
                    deps.add(o)
            self._stateful_deps = deps
        return op_ in self._stateful_deps

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


def _close(record, outputs, fed=(), name="", forward=()):
    """The sub-graph computing `outputs` from the ops of `record` (and of other finished traces, such
    as the forward branch a gradient recomputes); every other tensor it reads becomes an input.
    `forward` lists (Subgraph, op running it) for the forward sub-graphs a gradient differentiates:
    their state-dependent values are inputs too (the forward run saves them, never runs them twice),
    and a control dependency on one of their ops becomes one on the op running them.
    Returns (Subgraph, outer tensors it reads, outer ops it must run after)."""
    fed = list(fed)
    fed_set = set(fed)
    visible = record.ancestors
    written = _variables_written(record.ops)

    def saved_by(op_):
        for subgraph, runner in forward:
            if op_ in subgraph.ops and subgraph.depends_on_state(op_):
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

    def need(t):
        if t in fed_set or t in captures:
            return
        if internal(t.op):
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
            from .array import zeros_like

            tensors = [t for t in branch.outputs if isinstance(t, Tensor)]
            diffs = gradients([tensors[k] for k in seeded], branch.inputs, grad_ys=[grads[k] for k in seeded],
                              stop_gradients=branch.inputs)
            result = [None] * len(inputs)
            for k, (t, d) in enumerate(zip(branch.inputs, diffs)):
                result[offset + k] = d if d is not None else zeros_like(t)
            return [r if r is not None else zeros_like(t) for r, t in zip(result, inputs)]

        differentiable = [i for i, t in enumerate(inputs) if t.dtype.base_dtype.is_floating]
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
        true_out, true_record = _trace(true_fn)
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
    flat = [outputs.pop(0) if isinstance(t, Tensor) else intermediates.op for t in true_flat]
    return _pack(true_out, flat)


def _read_saved(captures, forward):
    """`captures` with each value of `forward`'s branches replaced by its saved copy (IfIntermediate)."""
    result = []
    for t in captures:
        for branch, key in enumerate(("then_branch", "else_branch")):
            subgraph = forward.attrs[key]
            if t.op in subgraph.ops:
                t = IfIntermediate(forward.outputs[-1], branch=branch, index=subgraph.keep(t),
                                   dtype=t.dtype.base_dtype, shape=t.shape, name="saved")
                break
        result.append(t)
    return result


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
            logging.getLogger("sessionflow").warning(
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


# --- While -------------------------------------------------------------------------------------

@op("LoopVariable", attrs=dict(dtype=None, shape=None), foldable=False)
class LoopVariable:
    """The value of a loop variable inside a while loop's cond/body (fed at every iteration)."""

    def infer(dtype, shape):
        return dtype, shape

    kernel = None
    grad = NOT_DIFFERENTIABLE


@op("While", inputs=("*input",), attrs=dict(cond=None, body=None, T=(), output_shapes=(), parallel_iterations=10,
                                          num_loop_vars=0, has_max=False, keep_states=True),
    stateful=True, type_attrs=dict(has_max=None, num_loop_vars=None, keep_states=None))
class While:
    """Runs `body` while `cond` holds. Inputs: the loop variables, then (if `has_max`) the maximum
    number of iterations, then the sub-graphs' outer inputs. Outputs: the final loop variables and,
    last, the states before each iteration (for the gradient)."""

    def infer(*inputs, cond, body, T, output_shapes, parallel_iterations, num_loop_vars, has_max, keep_states):
        return [(d, s) for d, s in zip(T, output_shapes)] + [(dtypes.variant, TensorShape([]))]

    def kernel(ctx, xp, *inputs, cond, body, T, output_shapes, parallel_iterations, num_loop_vars, has_max,
               keep_states):
        state = list(inputs[:num_loop_vars])
        limit = int(inputs[num_loop_vars]) if has_max else None
        outer = list(inputs[num_loop_vars + (1 if has_max else 0):])
        history = []
        iteration = 0
        while (limit is None or iteration < limit) and bool(ctx.run_subgraph(cond, state + outer)[0]):
            if keep_states:
                values, saved = ctx.run_subgraph(body, state + outer, keep=True)
                history.append((state, saved))
            else:
                values = ctx.run_subgraph(body, state + outer)
            state = list(values)
            iteration += 1
        return tuple(state) + (history,)

    def grad(op_, *grads):
        n = op_.attrs["num_loop_vars"]
        has_max = op_.attrs["has_max"]
        outer = list(op_.inputs[n + (1 if has_max else 0):])
        loop_grads = list(grads[:n])
        differentiable = [i for i in range(n) if op_.inputs[i].dtype.base_dtype.is_floating]
        outer_diff = [j for j, t in enumerate(outer) if t.dtype.base_dtype.is_floating]
        if not differentiable:
            return [None] * len(op_.inputs)
        from .array import zeros_like

        seeds = [loop_grads[i] if loop_grads[i] is not None else zeros_like(op_.outputs[i]) for i in differentiable]
        body_grad, saved_index = _body_gradient(op_, n, differentiable, outer_diff)
        outs = WhileGrad(op_.outputs[n], seeds, outer, body_grad=body_grad, saved_index=saved_index,
                         num_grads=len(differentiable), num_outer=len(outer_diff), outer_index=tuple(outer_diff),
                         T=tuple(op_.inputs[i].dtype.base_dtype for i in differentiable),
                         output_shapes=tuple(op_.inputs[i].shape for i in differentiable)
                         + tuple(outer[j].shape for j in outer_diff),
                         To=tuple(outer[j].dtype.base_dtype for j in outer_diff))
        outs = [outs] if isinstance(outs, Tensor) else list(outs)
        result = [None] * len(op_.inputs)
        for k, i in enumerate(differentiable):
            result[i] = outs[k]
        base = n + (1 if has_max else 0)
        for k, j in enumerate(outer_diff):
            result[base + j] = outs[len(differentiable) + k]
        return result


def _body_gradient(loop, n, differentiable, outer_diff):
    """The sub-graph mapping (loop state, outer inputs, gradients of the body's outputs, values the
    body saved) to the gradients of its inputs: (d state for the differentiable loop variables,
    d outer inputs); and the positions of those saved values in `body.saved`."""
    from ..gradients import gradients
    from .array import zeros_like

    body = loop.attrs["body"]
    state_inputs = body.inputs[:n]
    outer_inputs = body.inputs[n:]

    def fn():
        seeds = [LoopVariable(dtype=body.outputs[i].dtype.base_dtype, shape=body.outputs[i].shape, name="grad_in")
                 for i in differentiable]
        ys = [body.outputs[i] for i in differentiable]
        xs = [state_inputs[i] for i in differentiable] + [outer_inputs[j] for j in outer_diff]
        diffs = gradients(ys, xs, grad_ys=seeds, stop_gradients=outer_inputs)
        return seeds, [d if d is not None else zeros_like(x) for d, x in zip(diffs, xs)]

    graph = get_default_graph()
    with graph.name_scope("while_grad"):
        (seeds, outs), record = _trace(fn)
    subgraph, captures, _ = _close(record, outs, fed=list(state_inputs) + list(outer_inputs) + seeds,
                                   name="while_grad", forward=((body, loop),))
    outside = [t for t in captures if t.op not in body.ops]
    if outside:
        raise NotImplementedError("the gradient of this while loop body reads tensors from outside the loop "
                                  f"that are not loop inputs: {[t.name for t in outside]}")
    return subgraph, tuple(body.keep(t) for t in captures)


@op("WhileGrad", inputs=("states", "*grads", "*outer"),
    attrs=dict(body_grad=None, saved_index=(), num_grads=0, num_outer=0, outer_index=(), T=(), output_shapes=(),
               To=()),
    stateful=True)
class WhileGrad:
    """Back-propagates through the iterations a While op recorded, last iteration first; each
    iteration's `body_grad` is fed the loop state, the outer inputs, the gradients so far and the
    values the body saved in that iteration (those at `saved_index`)."""

    def infer(states, *rest, body_grad, saved_index, num_grads, num_outer, outer_index, T, output_shapes, To):
        dtypes_out = list(T) + list(To)
        return [(d, s) for d, s in zip(dtypes_out, output_shapes)]

    def kernel(ctx, xp, states, *rest, body_grad, saved_index, num_grads, num_outer, outer_index, T,
               output_shapes, To):
        grads = list(rest[:num_grads])
        outer = list(rest[num_grads:])
        outer_grads = None
        for state, saved in reversed(states):
            values = ctx.run_subgraph(body_grad, list(state) + outer + grads + [saved[i] for i in saved_index])
            grads = [xp.asarray(v) for v in values[:num_grads]]
            step = values[num_grads:]
            outer_grads = step if outer_grads is None else [a + b for a, b in zip(outer_grads, step)]
        if outer_grads is None:
            outer_grads = [xp.zeros_like(outer[j]) for j in outer_index]
        result = tuple(grads) + tuple(xp.asarray(g) for g in outer_grads)
        return result if len(result) != 1 else result[0]

    grad = NOT_DIFFERENTIABLE


@tf_export("while_loop")
def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, name=None, maximum_iterations=None, return_same_structure=False):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`; returns the final loop_vars.

    TF's structure rules: `cond` and `body` take the items of `loop_vars` as arguments; a body that
    returns a single non-sequence value returns a one-element list; the body's result must be nested
    as `loop_vars` (the outer list/tuple may differ); the result is nested as the body's result, and
    is its one tensor when there is one loop variable (unless `return_same_structure`)."""
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    if not loop_vars:
        raise ValueError("'loop_vars' must be provided.")
    if isinstance(loop_vars, dict) or not isinstance(loop_vars, (list, tuple)):
        raise TypeError(f"loop_vars must be a list or tuple of loop variables, got {type(loop_vars).__name__}")
    graph = get_default_graph()
    structure = list(loop_vars)
    with graph.name_scope(name or "while") as scope:
        initial = [convert_to_tensor(v) for v in _flatten(structure)]
        if shape_invariants is not None:
            invariants = [as_shape(s) for s in _flatten(list(shape_invariants) if isinstance(
                shape_invariants, (list, tuple)) and not hasattr(shape_invariants, "_fields") else shape_invariants)]
            if len(invariants) != len(initial):
                raise ValueError(f"shape_invariants must match loop_vars: {len(invariants)} shapes for "
                                 f"{len(initial)} loop variables")
            for t, inv in zip(initial, invariants):
                if not inv.is_compatible_with(t.shape):
                    raise ValueError(f"The shape invariant specified for {t.name} is not compatible with the initial "
                                     f"shape of the loop variable. It enters the loop with shape {t.shape}, but the "
                                     f"specified shape invariant is {inv}.")
        else:
            invariants = [t.shape for t in initial]
        body_structure = []

        def traced():
            loop_tensors = [LoopVariable(dtype=t.dtype.base_dtype, shape=inv, name="Identity")
                            for t, inv in zip(initial, invariants)]
            args = _pack(structure, loop_tensors)
            keep_going = cond(*args)
            new = body(*args)
            if not is_nested(new):
                new = [new]
            assert_same_structure(args, list(new))  # TF compares the outer level as lists
            body_structure.append(new)
            return loop_tensors, convert_to_tensor(keep_going), [convert_to_tensor(v) for v in _flatten(new)]

        (loop_tensors, keep_going, new_flat), record = _trace(traced)
        for t, new, inv in zip(initial, new_flat, invariants):
            if new.dtype.base_dtype is not t.dtype.base_dtype:
                raise TypeError(f"Loop variable {t.name} enters the loop with type {t.dtype.base_dtype.name}, but "
                                f"has type {new.dtype.base_dtype.name} after one iteration.")
            if not inv.is_compatible_with(new.shape):
                raise ValueError(f"Input tensor '{t.name}' enters the loop with shape {inv}, but has shape "
                                 f"{new.shape} after one iteration. To allow the shape to vary across iterations, "
                                 "use the `shape_invariants` argument of tf.while_loop to specify a less-specific "
                                 "shape.")
        if keep_going.dtype.base_dtype is not dtypes.bool:
            raise TypeError(f"Input 'input' of 'LoopCond' Op has type {keep_going.dtype.base_dtype.name} that does "
                            "not match expected type of bool.")
        if keep_going.shape.ndims not in (0, None):
            raise ValueError(f"Shape must be rank 0 but is rank {keep_going.shape.ndims} for 'LoopCond' "
                             f"(the value of cond: {keep_going.name})")
        cond_graph, cond_in, cond_ctl = _close(record, [keep_going], fed=loop_tensors, name=scope + "cond")
        body_graph, body_in, body_ctl = _close(record, new_flat, fed=loop_tensors, name=scope + "body")
        outer = cond_in + [t for t in body_in if t not in cond_in]
        cond_graph.inputs = loop_tensors + outer
        body_graph.inputs = loop_tensors + outer
        inputs = list(initial)
        if maximum_iterations is not None:
            inputs.append(convert_to_tensor(maximum_iterations, name="maximum_iterations"))
        with graph.control_dependencies(cond_ctl + [c for c in body_ctl if c not in cond_ctl]):
            result = While(inputs + outer, cond=cond_graph, body=body_graph,
                           T=tuple(t.dtype.base_dtype for t in initial), output_shapes=tuple(invariants),
                           num_loop_vars=len(initial), has_max=maximum_iterations is not None,
                           keep_states=bool(back_prop), name=scope)
    packed = _pack(body_structure[0], list(result[:len(initial)]))
    if not return_same_structure and len(initial) == 1:
        return packed[0] if not isinstance(packed, dict) else _flatten(packed)[0]
    return packed
