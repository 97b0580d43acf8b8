"""Control flow on the XLA backend: If, While and their gradient ops traced into one computation.

The branches and bodies of ops/functional.py and ops/loops.py are sub-graphs; each is planned as the
NumPy backend plans it (`build_plan(..., scope=ops)`) and its steps traced by the same stepper as a
whole plan (`xla._traced_steps`), so a branch reads and writes variables and draws random numbers
through the traced state like any other step. What the lowerings add:

- If: a predicate known while tracing (a constant, a folded shape test) runs its branch directly;
  otherwise `lax.cond` over both branches. Each branch returns its outputs, the state it wrote (the
  union of both branches' keys: the branch that did not write a key returns the value it found), the
  values it saved for gradients (zeros in place of the other branch's) and whether a deferred check of
  its kernels failed. Only the taken branch's writes and random draws happen, as in TF.
- While: a loop whose number of iterations can be computed while tracing (its condition depends only
  on loop variables that start, and stay, constants: map_fn's and scan's counters, `i < 10`) runs as a
  `lax.scan` of that length; a loop that needs neither per-iteration values (a gradient's history, the
  values map_fn collects) nor a fixed length runs as a `lax.while_loop`; one that needs them with a
  constant `maximum_iterations` runs as a `lax.scan` of that length whose iterations past the stop
  change nothing. Any other loop keeps its plan on NumPy, with the reason.
- IfIntermediate and WhileGrad read what the forward op kept: `_Branches` and `_History`, pytrees, so
  they pass through `lax.cond` and `lax.scan` when the forward op is itself inside a branch or body.

A failed deferred check inside a branch or body is returned as a flag, so the run falls back to NumPy,
which raises TF's error, as for any other step.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

from ...ops.common import TRACED_CHECKS
from ...ops.loops import _empty
from ..plan import build_plan
from ..state import _static_key, written_positions
from . import xla

LOWERED = frozenset({"If", "IfIntermediate", "While", "WhileGrad"})
# A While's attr saying that each of its collected values is only read padded with zero rows to
# maximum_iterations rows (dynamic_rnn's outputs, as TF's TensorArray of `time_steps` slots).
PADDED_TO_MAX = "_collected_padded_to_max"
_SUBGRAPH_ATTRS = ("then_branch", "else_branch", "cond", "body", "body_grad")
# A loop whose trip count is computed while tracing runs its counter on the host this many times at most.
MAX_COUNTED_TRIPS = 100_000

_plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Subgraph -> {number of saved values: Plan}
_plans_lock = threading.Lock()


def subplan(subgraph, keep: bool):
    """The plan of a sub-graph (its outputs, and with `keep` the values it saves), built once."""
    saved = tuple(subgraph.saved) if keep else ()
    with _plans_lock:
        plans = _plans.setdefault(subgraph, {})
        plan = plans.get(len(saved))
    if plan is None:
        plan = build_plan(list(subgraph.outputs) + list(saved), subgraph.inputs, scope=subgraph.ops)
        with _plans_lock:
            plans[len(saved)] = plan
    return plan


# --- what keeps a plan with control flow on NumPy ----------------------------------------------------

def untraceable_reason(op, plan) -> str | None:
    """Why the control-flow op `op` of `plan` cannot be traced, or None."""
    if op.type == "While" and _needs_rows(op, plan) and not op.attrs["has_max"] and not _counted(op):
        what = ("its gradient saves per-iteration values" if _history_needed(op, plan) else
                "it collects values from each iteration")
        return f"op While has no XLA kernel: {what} and maximum_iterations is not set"
    for name in _SUBGRAPH_ATTRS:
        subgraph = op.attrs.get(name)
        if subgraph is None:
            continue
        reason = xla.untraceable_reason(subplan(subgraph, keep=name != "cond"))
        if reason is not None:
            return f"op {op.type} has no XLA kernel (its {name.replace('_', ' ')}: {reason})"
    return None


def _history_needed(op, plan) -> bool:
    """Whether a While's per-iteration history is read in `plan` (by a WhileGrad, or fetched as a saved value)."""
    if not op.attrs["keep_states"]:
        return False
    history = op.outputs[-1]
    ops = set(plan.ops)
    if any(c in ops for c in history.consumers()):
        return True
    for step in plan.steps:
        if step.op is op:
            return step.outputs[-1] in plan.fetch_slots
    return False


def _needs_rows(op, plan) -> bool:
    return op.attrs["num_collected"] > 0 or _history_needed(op, plan)


def _counted(op) -> bool:
    """Whether the loop's trip count can be computed while tracing (judged from the graph: its condition
    reads only loop variables and outer values that are constants of the computation)."""
    n = op.attrs["num_loop_vars"]
    outer = op.inputs[n + (1 if op.attrs["has_max"] else 0):]
    return _constant_positions(op.attrs["cond"], op.attrs["body"], n,
                               [_static_tensor(t) for t in op.inputs[:n]],
                               [_static_tensor(t) for t in outer]) is not None


def _static_tensor(tensor, seen=None) -> bool:
    """Whether `tensor` folds to a constant while the plan is traced: no feed, no state on its way."""
    op = tensor.op
    if op.type in xla._SHAPE_OPS:
        return True
    if op.opdef.stateful or op.opdef.kernel is None or op.opdef.ref_key is not None:
        return False
    seen = set() if seen is None else seen
    if op in seen:
        return True
    seen.add(op)
    return all(_static_tensor(t, seen) for t in op.inputs)


def _input_positions(subgraph, tensors):
    """The positions of `subgraph.inputs` that `tensors` are computed from, or None when a stateful op
    (a variable read, a random draw) is on the way."""
    position = {}
    for index, t in enumerate(subgraph.inputs):
        position.setdefault(t, index)
    found, seen, stack = set(), set(), list(tensors)
    while stack:
        t = stack.pop()
        if t in position:
            found.add(position[t])
            continue
        op = t.op
        if op in seen:
            continue
        seen.add(op)
        if op.opdef.stateful or op.opdef.kernel is None or op not in subgraph.ops:
            return None
        if any(c in subgraph.ops for c in op.control_inputs):  # an assertion or update runs first
            return None
        if op.type not in xla._SHAPE_OPS:
            stack.extend(op.inputs)
    return found


def _constant_positions(cond, body, n, loop_static, outer_static):
    """The loop variables that stay constants through the loop (they start as constants and the body
    computes them from such variables and constant outer values only), if the condition reads only
    those and constant outer values; else None."""
    def allowed(positions, constant):
        return positions is not None and all(
            (p in constant) if p < n else outer_static[p - n] for p in positions)

    constant = {i for i in range(n) if loop_static[i]}
    changed = True
    while changed:
        changed = False
        for i in sorted(constant):
            if not allowed(_input_positions(body, [body.outputs[i]]), constant):
                constant.discard(i)
                changed = True
    return constant if allowed(_input_positions(cond, cond.outputs), constant) else None


# --- the variables and random streams a plan's control flow may touch -----------------------------------

def nested_state(plan, keys: tuple, locks: list, random_ops: tuple):
    """`keys` (variables the plan may read or write), `locks` (those it may write) and `random_ops` of
    an XlaExecutable, widened with those of its control-flow ops' sub-graphs."""
    keys, written, randoms = list(keys), set(locks), list(random_ops)
    for step in plan.steps:
        if step.op.type in LOWERED:
            _walk(step.op, keys, written, randoms, set())
    return tuple(dict.fromkeys(keys)), sorted(written), tuple(dict.fromkeys(randoms))


def _walk(op, keys, written, randoms, seen):
    handles = [_static_key(t) for t in op.inputs if t.dtype.base_dtype.name == "resource"]
    handles = [k for k in handles if k is not None]
    for name in _SUBGRAPH_ATTRS:
        subgraph = op.attrs.get(name)
        if subgraph is None or subgraph in seen:
            continue
        seen.add(subgraph)
        for inner in subgraph.ops:
            if inner.type in xla._RANDOM:
                randoms.append(inner)
            opdef = inner.opdef
            if opdef.ref_key is not None and inner.type in ("VariableV2", "VarHandleOp"):
                keys.append(opdef.ref_key(inner))
            for i, t in enumerate(inner.inputs):
                if i in opdef.ref_inputs or t.dtype.base_dtype.name == "resource":
                    key = _static_key(t)
                    if key is not None:
                        keys.append(key)
            for p in written_positions(inner):
                key = _static_key(inner.inputs[p])
                written.update([key] if key is not None else handles)
            if inner.type in LOWERED:
                _walk(inner, keys, written, randoms, seen)


# --- tracing ------------------------------------------------------------------------------------------

class _Branches:
    """An If's last output while traced: which branch ran (0: then) and, per branch, the values it saved
    (zeros for the branch that did not run under lax.cond; None when the predicate was a constant)."""

    def __init__(self, taken, saved):
        self.taken = taken
        self.saved = saved


class _History:
    """A While's last output while traced: the loop variables at the start of each iteration and the
    values its body saved, stacked along a first dimension of `rows` iterations, of which the first
    `count` ran (`count` is `rows`, an int, unless the loop ran as a scan of maximum_iterations)."""

    def __init__(self, states, saved, count, rows):
        self.states = states
        self.saved = saved
        self.count = count
        self.rows = rows


_registered: list = []


RECORDS = (_Branches, _History)  # traced values that are not arrays: passed through as they are


def _register_pytrees():
    """Lets `_Branches` and `_History` pass through lax.cond and lax.scan (once JAX is loaded)."""
    if _registered:
        return
    with _plans_lock:
        if _registered:
            return
        tree = xla.jax.tree_util
        tree.register_pytree_node(_Branches, lambda b: ((b.taken, b.saved), None),
                                  lambda _, children: _Branches(*children))
        tree.register_pytree_node(_History, lambda h: ((h.states, h.saved, h.count), h.rows),
                                  lambda rows, children: _History(*children, rows))
        _registered.append(True)


class Untraceable(xla.Untraceable):
    """A control-flow op this backend cannot lower (its plan stays on NumPy, with this reason)."""


def lowering(step, plan, state: dict, written: dict):
    """The traced form of the control-flow op of `step`: a function of the step's input values, which
    reads and updates `state` and `written` (the plan's traced variables) as a kernel's context would."""
    _register_pytrees()
    op = step.op
    if op.type == "If":
        return lambda cond, *inputs: _lower_if(op, state, written, cond, inputs)
    if op.type == "IfIntermediate":
        branch, index = op.attrs["branch"], op.attrs["index"]
        return lambda branches: None if branches.saved[branch] is None else branches.saved[branch][index]
    if op.type == "While":
        return lambda *inputs: _lower_while(op, _history_needed(op, plan), state, written, inputs)
    return lambda history, *rest: _lower_while_grad(op, state, rest, history)


def _is_traced(value) -> bool:
    return isinstance(value, xla.jax.Array) or hasattr(value, "aval")


def _run(plan, inputs, values, state: dict, checks=None):
    """Traces a sub-plan over `values`: (fetched values, variables it wrote). Its deferred checks go to
    `checks` (a list) when given, else to the enclosing trace's."""
    outer = TRACED_CHECKS.active
    outer_padded = getattr(TRACED_CHECKS, "padded", None)  # the enclosing trace's padded rows (ops/common.py)
    if checks is not None:
        TRACED_CHECKS.active = checks
    try:
        fetched, wrote = xla._traced_steps(plan, inputs, values, state)
    finally:
        TRACED_CHECKS.active = outer
        TRACED_CHECKS.padded = outer_padded  # a branch's or body's own record must not replace it
    for k, slot in enumerate(plan.fetch_slots):
        if slot is not None and type(slot) is not int:  # a reference variable fetched: its value now
            fetched[k] = wrote[slot.key] if slot.key in wrote else state[slot.key]
    return fetched, wrote


def _flag(checks):
    jnp = xla.jnp
    return jnp.any(jnp.stack(checks)) if checks else jnp.zeros((), bool)


def _report(flag):
    if TRACED_CHECKS.active is not None:
        TRACED_CHECKS.active.append(flag)


def _zeros(tree):
    jnp = xla.jnp
    return xla.jax.tree_util.tree_map(lambda s: jnp.zeros(s.shape, s.dtype), tree)


def _current(state: dict, keys):
    for key in keys:
        if key not in state:  # a variable first written inside a branch or body: its value has no type yet
            raise Untraceable(f"variable {key} is first initialized inside control flow")
    return {key: state[key] for key in keys}


# --- If ---------------------------------------------------------------------------------------------------

def _lower_if(op, state, written, cond, inputs):
    then_b, else_b = op.attrs["then_branch"], op.attrs["else_branch"]
    split = len(then_b.inputs)
    branches = ((then_b, inputs[:split]), (else_b, inputs[split:]))
    plans = [subplan(b, keep=True) for b, _ in branches]

    def finish(values, taken, saved):
        n = len(branches[0][0].outputs)
        result = list(values[:n]) + [_Branches(taken, saved)]
        return tuple(result) if len(result) > 1 else result[0]

    if not _is_traced(cond):  # the predicate is a constant of the computation: its branch only
        taken = 0 if bool(cond) else 1
        subgraph, fed = branches[taken]
        fetched, wrote = _run(plans[taken], subgraph.inputs, list(fed), state)
        state.update(wrote)
        written.update(wrote)
        n = len(subgraph.outputs)
        saved = [None, None]
        saved[taken] = fetched[n:]
        return finish(fetched, taken, saved)

    def branch(k):
        subgraph, fed = branches[k]
        checks = []
        fetched, wrote = _run(plans[k], subgraph.inputs, list(fed), state, checks)
        n = len(subgraph.outputs)
        return fetched[:n], wrote, fetched[n:], _flag(checks)

    jax = xla.jax
    # Each branch is traced once (a nested cond's branches too: tf.case chains stay linear), then
    # evaluated inside lax.cond once the keys both branches write are known.
    traced = [jax.make_jaxpr(lambda k=k: branch(k), return_shape=True)() for k in (0, 1)]
    shapes = [shape for _, shape in traced]
    keys = sorted(set(shapes[0][1]) | set(shapes[1][1]))
    before = _current(state, keys)

    def taking(k):
        closed, shape = traced[k]

        def run():
            flat = jax.core.eval_jaxpr(closed.jaxpr, closed.consts)
            values, wrote, saved, failed = jax.tree_util.tree_unflatten(jax.tree_util.tree_structure(shape), flat)
            both = [saved if j == k else _zeros(shapes[j][2]) for j in (0, 1)]
            return values, {key: wrote.get(key, before[key]) for key in keys}, both, failed
        return run

    values, wrote, saved, failed = jax.lax.cond(cond, taking(0), taking(1))
    _report(failed)
    state.update(wrote)
    written.update(wrote)
    return finish(values, jax.numpy.where(cond, 0, 1), saved)


# --- While ------------------------------------------------------------------------------------------------

def _lower_while(op, history_needed, state, written, inputs):
    attrs = op.attrs
    n, c, has_max = attrs["num_loop_vars"], attrs["num_collected"], attrs["has_max"]
    cond_g, body_g = attrs["cond"], attrs["body"]
    initial = list(inputs[:n])
    limit = inputs[n] if has_max else None
    outer = list(inputs[n + (1 if has_max else 0):])
    if limit is not None and not _is_traced(limit):
        limit = int(limit)
    cond_plan = subplan(cond_g, keep=False)
    body_plan = subplan(body_g, keep=history_needed)

    def test(values, current, checks=None):
        fetched, wrote = _run(cond_plan, cond_g.inputs, list(values) + outer, current, checks)
        if wrote:
            raise Untraceable("the loop's condition writes variables")
        return fetched[0]

    def step(values, current, checks):
        """One iteration: (next loop variables, collected values, saved values, variables written)."""
        fetched, wrote = _run(body_plan, body_g.inputs, list(values) + outer, current, checks)
        return fetched[:n], fetched[n:n + c], fetched[n + c:], wrote

    trips = _trip_count(op, initial, outer, limit)
    if trips is not None:
        return _counted_loop(op, trips, initial, state, written, step, history_needed)
    if not history_needed and not c:
        return _while_loop(op, initial, limit, state, written, test, step)
    if isinstance(limit, int):
        return _masked_loop(op, limit, initial, state, written, test, step, history_needed)
    raise Untraceable("its gradient saves per-iteration values and maximum_iterations is not set"
                      if history_needed else "it collects values from each iteration and maximum_iterations is "
                                             "not set")


def _trip_count(op, initial, outer, limit):
    """The loop's number of iterations, when its condition can be evaluated while tracing (on the
    host, from the loop variables that stay constants); else None."""
    attrs = op.attrs
    n, cond_g, body_g = attrs["num_loop_vars"], attrs["cond"], attrs["body"]
    if limit is not None and not isinstance(limit, int):
        return None
    constant = _constant_positions(cond_g, body_g, n, [not _is_traced(v) for v in initial],
                                   [not _is_traced(v) for v in outer])
    if constant is None:
        return None
    wanted = sorted(constant)
    counter = build_plan([body_g.outputs[i] for i in wanted], body_g.inputs, scope=body_g.ops)
    cond_plan = subplan(attrs["cond"], keep=False)
    values = [v if i in constant else None for i, v in enumerate(initial)]
    trips = 0
    while limit is None or trips < limit:
        keep_going, _ = _run(cond_plan, cond_g.inputs, values + outer, {})
        if _is_traced(keep_going[0]) or not bool(keep_going[0]):
            if _is_traced(keep_going[0]):
                return None
            break
        nexts, _ = _run(counter, body_g.inputs, values + outer, {})
        if any(_is_traced(v) for v in nexts):
            return None
        for i, v in zip(wanted, nexts):
            values[i] = v
        trips += 1
        if trips > MAX_COUNTED_TRIPS:
            return None
    return trips


def _probe_writes(step, values, state):
    """The keys of the variables one iteration of the body writes (traced abstractly)."""
    jax = xla.jax
    shape = jax.eval_shape(lambda: step(values, dict(state), [])[3])
    return sorted(shape)


def _results(op, final, collected, history):
    result = tuple(final) + tuple(collected) + (history,)
    return result if len(result) > 1 else result[0]


def _empty_collected(op):
    n, c = op.attrs["num_loop_vars"], op.attrs["num_collected"]
    return [_empty(op.attrs["T"][n + j], op.attrs["output_shapes"][n + j]) for j in range(c)]


def _counted_loop(op, trips, initial, state, written, step, history_needed):
    """A loop of `trips` iterations known while tracing: lax.scan of that length."""
    jax, jnp = xla.jax, xla.jnp
    if trips == 0:
        return _results(op, initial, _empty_collected(op), _History([], [], 0, 0))
    keys = _probe_writes(step, initial, state)
    before = _current(state, keys)

    def iterate(carry, _):
        values, current, failed = carry
        checks = []
        nexts, collected, saved, wrote = step(values, {**state, **current}, checks)
        nexts = [jnp.asarray(v, jnp.result_type(old)) for v, old in zip(nexts, values)]
        current = {key: wrote.get(key, current[key]) for key in keys}
        row = (collected, (list(values), saved) if history_needed else None)
        return (nexts, current, failed | _flag(checks)), row

    start = [jnp.asarray(v) for v in initial]
    (final, current, failed), (collected, kept) = jax.lax.scan(
        iterate, (start, before, jnp.zeros((), bool)), None, length=trips)
    _report(failed)
    state.update(current)
    written.update(current)
    history = _History(kept[0], kept[1], trips, trips) if history_needed else _History([], [], 0, 0)
    return _results(op, final, collected, history)


def _while_loop(op, initial, limit, state, written, test, step):
    """A loop nothing needs per-iteration values of: lax.while_loop, the condition evaluated before
    the first iteration and after each (so its deferred checks are returned with the body's)."""
    jax, jnp = xla.jax, xla.jnp
    keys = _probe_writes(step, initial, state)
    before = _current(state, keys)

    def going(count, values, current, checks):
        keep = jnp.asarray(test(values, {**state, **current}, checks), bool)
        if limit is None:
            return keep
        within = count < limit
        return within & keep

    checks = []
    start = [jnp.asarray(v) for v in initial]
    first = going(0, start, before, checks)
    failed = _flag(checks)

    def iterate(carry):
        count, values, current, failed, _ = carry
        checks = []
        nexts, _, _, wrote = step(values, {**state, **current}, checks)
        nexts = [jnp.asarray(v, jnp.result_type(old)) for v, old in zip(nexts, values)]
        current = {key: wrote.get(key, current[key]) for key in keys}
        count = count + 1
        cond_checks = []
        keep = going(count, nexts, current, cond_checks)
        failed = failed | _flag(checks)
        if cond_checks:  # the condition is not evaluated once the limit is reached
            failed = failed | (_flag(cond_checks) & (True if limit is None else count < limit))
        return count, nexts, current, failed, keep

    _, final, current, failed, _ = jax.lax.while_loop(
        lambda carry: carry[4], iterate, (jnp.zeros((), np.int64), start, before, failed, first))
    _report(failed)
    state.update(current)
    written.update(current)
    return _results(op, final, [], _History([], [], 0, 0))


def _masked_loop(op, limit, initial, state, written, test, step, history_needed):
    """A loop whose per-iteration values are needed, of at most `limit` iterations (maximum_iterations):
    lax.scan of `limit` iterations, those after the condition first failed changing nothing. Collected
    values have one row per iteration that ran: a run that stopped early fails its checks (NumPy then
    runs it), as their shape would not be the one traced, unless the loop's collected values are padded
    with zeros to maximum_iterations rows (dynamic_rnn's, marked PADDED_TO_MAX): the scan's rows are then
    the padded values."""
    jax, jnp = xla.jax, xla.jnp
    keys = _probe_writes(step, initial, state)
    before = _current(state, keys)
    start = [jnp.asarray(v) for v in initial]
    shapes = jax.eval_shape(lambda: step(start, dict(state), [])[:3])

    def iterate(carry, _):
        count, active, values, current, failed = carry
        checks = []
        keep = jnp.asarray(test(values, {**state, **current}, checks), bool)
        failed = failed | (_flag(checks) & active)
        active = active & keep

        def run():
            checks = []
            nexts, collected, saved, wrote = step(values, {**state, **current}, checks)
            nexts = [jnp.asarray(v, jnp.result_type(old)) for v, old in zip(nexts, values)]
            return nexts, collected, saved, {key: wrote.get(key, current[key]) for key in keys}, _flag(checks)

        def skip():
            return list(values), _zeros(shapes[1]), _zeros(shapes[2]), dict(current), jnp.zeros((), bool)

        nexts, collected, saved, current, body_failed = jax.lax.cond(active, run, skip)
        row = (collected, (list(values), saved) if history_needed else None)
        return (count + active.astype(np.int64), active, nexts, current, failed | body_failed), row

    carry = (jnp.zeros((), np.int64), jnp.ones((), bool), start, before, jnp.zeros((), bool))
    (count, _, final, current, failed), (collected, kept) = jax.lax.scan(iterate, carry, None, length=limit)
    if op.attrs["num_collected"] and not op.attrs.get(PADDED_TO_MAX):
        failed = failed | (count != limit)
    _report(failed)
    state.update(current)
    written.update(current)
    history = _History(kept[0], kept[1], count, limit) if history_needed else _History([], [], 0, 0)
    return _results(op, final, collected, history)


# --- WhileGrad ----------------------------------------------------------------------------------------------

def _lower_while_grad(op, state, rest, history):
    """The loop's iterations backwards (a reverse lax.scan over the history), as WhileGrad's kernel."""
    jax, jnp = xla.jax, xla.jnp
    attrs = op.attrs
    num_grads, num_collected, num_outer = attrs["num_grads"], attrs["num_collected"], attrs["num_outer"]
    body_grad, saved_index, outer_index = attrs["body_grad"], attrs["saved_index"], attrs["outer_index"]
    sparse, to = attrs["sparse_outer"], attrs["To"]
    grads = [jnp.asarray(g) for g in rest[:num_grads]]
    collected = list(rest[num_grads:num_grads + num_collected])
    outer = list(rest[num_grads + num_collected:])
    plan = subplan(body_grad, keep=False)

    def outer_value(value):
        return state[value] if isinstance(value, str) else value

    totals = [jnp.zeros(np.shape(outer_value(outer[j])), to[k].as_numpy_dtype) for k, j in enumerate(outer_index)]

    def result(grads, totals):
        out = tuple(grads) + tuple(totals)
        return out if len(out) != 1 else out[0]

    if history.rows == 0:
        return result(grads, totals)

    def iterate(carry, row):
        grads, totals, failed = carry
        index, state_row, saved_row, collected_row = row

        def run():
            checks = []
            fed = list(state_row) + outer + list(grads) + list(collected_row) + [saved_row[i] for i in saved_index]
            values, _ = _run(plan, body_grad.inputs, fed, state, checks)
            new = [jnp.asarray(v, g.dtype) for v, g in zip(values[:num_grads], grads)]
            position, added = num_grads, []
            for k in range(num_outer):
                if k in sparse:
                    rows, indices = values[position], values[position + 1]
                    added.append(totals[k].at[indices].add(jnp.asarray(rows, totals[k].dtype)))
                    position += 2
                else:
                    added.append(totals[k] + values[position])
                    position += 1
            return new, added, _flag(checks)

        if isinstance(history.count, int):
            new, added, body_failed = run()
        else:
            new, added, body_failed = jax.lax.cond(
                index < history.count, run, lambda: (list(grads), list(totals), jnp.zeros((), bool)))
        added = [jnp.asarray(a, t.dtype) for a, t in zip(added, totals)]
        return (new, added, failed | body_failed), None

    rows = (jnp.arange(history.rows), history.states, history.saved, collected)
    (grads, totals, failed), _ = jax.lax.scan(iterate, (grads, totals, jnp.zeros((), bool)), rows, reverse=True)
    _report(failed)
    return result(grads, totals)
