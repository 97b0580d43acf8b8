"""The dataflow executor: runs a graph holding TF 1.x's control-flow primitives (ops/control_flow_v1.py), as an
imported TF 1.x graph has them for `tf.cond`.

A run whose pruned graph holds such an op cannot be a plan's flat step list (runtime/plan.py refuses it), because
which ops run depends on values: a Switch sends its data to one output and leaves the other *dead*. This executor
follows TF's executor semantics, in a ready-queue loop over nodes whose successors and pending-input counts are
computed once per (fetches, feeds):
- an op whose data or control input is dead does not run, and its outputs (and control edges) are dead;
- Switch(data, pred) puts `data` on output 1 when `pred` is true, else on output 0; the other output is dead;
- Merge runs when its control inputs have arrived and either one data input is alive (it forwards the first live
  one and its index) or all are dead (then it is dead); dead control inputs do not kill it;
- ControlTrigger is alive even when its control inputs are dead.
Every other op runs with its normal kernel, bound as the NumPy backend binds it (stateful kernels get their
OpContext), so each op has one implementation. Fetching a dead tensor raises TF's InvalidArgumentError
"Retval[i] does not have value"; ops of the branch not taken never run (a stateful op runs at most once).

Reference variables flow as `_Ref` values (their key): a consumer's reference input gets the key, any other input
reads the variable when the consumer runs, as the plan interpreter defers such reads.

While loops (Enter, Exit, NextIteration, LoopCond: frames and iterations) are not executed yet: a run that needs
one raises UnimplementedError naming the op.
"""

from __future__ import annotations

import time
from collections import deque

from ..framework import errors
from ..framework.registry import static_value
from ..ops.common import cpp_name, shape_str
from . import blas
from .backends.numpy import _FLOAT_ERRORS, _IGNORE_FLOAT_ERRORS, _bind, op_error
from .plan import Step
from .state import OpContext, VariableStore

_KERNEL, _CONST, _VARIABLE, _FED, _SWITCH, _MERGE, _TRIGGER = range(7)

_LOOP_TYPES = frozenset(["Enter", "RefEnter", "Exit", "RefExit", "NextIteration", "RefNextIteration", "LoopCond"])
_REF_FORWARDING = frozenset(["RefSwitch", "RefMerge"])


class _Dead:
    """The value of an output that was not produced (a Switch's untaken side, anything downstream of it)."""

    __slots__ = ()

    def __repr__(self):
        return "<dead>"


DEAD = _Dead()


class _Ref:
    """A reference variable flowing through the graph: its key, and the op that produced the reference (the
    variable, or an Identity of it such as `v/read`), which a failed read names."""

    __slots__ = ("key", "op")

    def __init__(self, key, op):
        self.key = key
        self.op = op


class DataflowExecutable:
    """The nodes `fetches` need (stopping at fed tensors), bound to one session's store: `run(feeds) -> values`."""

    __slots__ = (
        "_consts",
        "_ctl_edges",
        "_fed_at",
        "_fetch",
        "_fns",
        "_inputs",
        "_is_merge",
        "_kinds",
        "_n_data",
        "_n_out",
        "_nodes",
        "_out_edges",
        "_pending",
        "_read",
        "_ready",
        "_ref_pos",
        "_store",
    )

    def __init__(self, fetches, feeds, store: VariableStore):
        self._store = store
        self._read = OpContext(store, None).read
        feeds = frozenset(feeds)
        nodes = _prune(fetches, feeds)
        index = {op: i for i, op in enumerate(nodes)}
        self._nodes = nodes
        n = len(nodes)
        kinds, fns, consts, ref_pos = [None] * n, [None] * n, [None] * n, [()] * n
        out_edges = [[[] for _ in op.outputs] for op in nodes]
        ctl_edges = [[] for _ in nodes]
        pending = [0] * n
        n_data = [0] * n
        fed_at = [[] for _ in nodes]  # (input position, fed tensor) per node
        for i, op in enumerate(nodes):
            opdef = op.opdef
            kinds[i] = kind = _kind(op, feeds)
            if kind == _KERNEL:
                fns[i] = _bind(Step(op, (), (), ()), store)[0]
                ref_pos[i] = opdef.ref_inputs
            elif kind == _CONST:
                consts[i] = tuple(static_value(t) for t in op.outputs)
            for pos, t in enumerate(op.inputs):
                if t in feeds:
                    fed_at[i].append((pos, t))
                else:
                    out_edges[index[t.op]][t.value_index].append((i, pos))
                    n_data[i] += 1
            for c in op.control_inputs:
                if c in index:
                    ctl_edges[index[c]].append(i)
                    pending[i] += 1
            if kind != _MERGE:
                pending[i] += n_data[i]
        self._kinds, self._fns, self._consts, self._ref_pos = tuple(kinds), tuple(fns), tuple(consts), tuple(ref_pos)
        self._out_edges = tuple(tuple(tuple(e) for e in edges) for edges in out_edges)
        self._ctl_edges = tuple(tuple(e) for e in ctl_edges)
        self._pending, self._n_data = tuple(pending), tuple(n_data)
        self._n_out = tuple(len(op.outputs) for op in nodes)
        self._is_merge = tuple(k == _MERGE for k in kinds)
        self._fed_at = tuple(tuple(f) for f in fed_at)
        self._ready = tuple(i for i in range(n) if pending[i] == 0 and (kinds[i] != _MERGE or n_data[i] == 0))
        self._fetch = tuple(None if not hasattr(f, "value_index") else (f, index.get(f.op, -1))
                            for f in fetches)

    def run(self, feeds: dict) -> list:
        """Executes the graph; `feeds` maps fed Tensors to arrays. Errors name the failing op."""
        return self._execute(feeds, None)

    def run_observed(self, feeds: dict, observer) -> list:
        """`run`, telling `observer` about every kernel that ran."""
        store = self._store
        outer, store.observer = store.observer, observer
        try:
            return self._execute(feeds, observer)
        except Exception as e:
            observer.failed(getattr(e, "op", None), e)
            raise
        finally:
            store.observer = outer

    def _execute(self, feeds, observer) -> list:
        nodes, kinds, fns, n_out = self._nodes, self._kinds, self._fns, self._n_out
        out_edges, ctl_edges, is_merge, n_data = self._out_edges, self._ctl_edges, self._is_merge, self._n_data
        store = self._store
        inputs = [[None] * len(op.inputs) for op in nodes]
        pending = list(self._pending)
        dead_in = [False] * len(nodes)
        merge_live = {}   # Merge node -> position of its first live input
        merge_dead = {}   # Merge node -> number of dead data inputs
        outputs_of = [None] * len(nodes)
        for i, fed in enumerate(self._fed_at):
            for pos, t in fed:
                inputs[i][pos] = feeds[t]
                if is_merge[i]:
                    merge_live.setdefault(i, pos)
        ready = deque(self._ready)
        ready.extend(i for i in merge_live if pending[i] == 0 and i not in ready)
        started = set(ready)
        i = -1
        token = _FLOAT_ERRORS.set(_IGNORE_FLOAT_ERRORS)
        try:
            while ready:
                i = ready.popleft()
                kind = kinds[i]
                args = inputs[i]
                inputs[i] = None
                dead = dead_in[i]
                if kind == _MERGE:
                    if store.closed:
                        raise errors.CancelledError(None, nodes[i], "Session has been closed.")
                    live = merge_live.get(i)
                    dead = live is None
                    outs = None if dead else (args[live], _INDEX[live] if live < len(_INDEX) else _index(live))
                elif dead and kind != _TRIGGER:
                    outs = None
                elif kind == _KERNEL:
                    args = self._arguments(i, args)
                    if type(args) is _Ref:  # an Identity of a variable forwards the reference
                        outs = (_Ref(args.key, nodes[i]),)
                    else:
                        if observer is not None:
                            start = time.perf_counter_ns()
                        result = fns[i](*args)
                        count = n_out[i]
                        outs = (result,) if count == 1 else tuple(result) if count else ()
                        if observer is not None:
                            observer.end_step(nodes[i], start, time.perf_counter_ns(), outs)
                elif kind == _SWITCH:
                    data, pred = args
                    if type(pred) is _Ref:
                        pred = self._deref(pred, nodes[i])
                    if type(data) is _Ref and nodes[i].type not in _REF_FORWARDING:
                        data = self._deref(data, nodes[i])
                    outs = (DEAD, data) if bool(pred) else (data, DEAD)
                elif kind == _CONST:
                    outs = self._consts[i]
                elif kind == _VARIABLE:
                    op = nodes[i]
                    outs = (_Ref(op.opdef.ref_key(op), op),)
                elif kind == _FED:  # a placeholder run for its control edges: its outputs are fed
                    outs = (DEAD,) * n_out[i]
                else:  # ControlTrigger
                    dead, outs = False, ()
                outputs_of[i] = False if outs is None else outs
                for k, edges in enumerate(out_edges[i]):
                    value = DEAD if outs is None else outs[k]
                    for dst, pos in edges:
                        if is_merge[dst]:
                            if value is DEAD:
                                merge_dead[dst] = merge_dead.get(dst, 0) + 1
                            elif dst not in merge_live:
                                merge_live[dst] = pos
                                inputs[dst][pos] = value
                            if (pending[dst] == 0 and dst not in started
                                    and (dst in merge_live or merge_dead.get(dst, 0) == n_data[dst])):
                                started.add(dst)
                                ready.append(dst)
                            continue
                        if value is DEAD:
                            dead_in[dst] = True
                        else:
                            inputs[dst][pos] = value
                        pending[dst] -= 1
                        if pending[dst] == 0:
                            ready.append(dst)
                for dst in ctl_edges[i]:
                    pending[dst] -= 1
                    if is_merge[dst]:
                        if (pending[dst] == 0 and dst not in started
                                and (dst in merge_live or merge_dead.get(dst, 0) == n_data[dst])):
                            started.add(dst)
                            ready.append(dst)
                        continue
                    if dead:
                        dead_in[dst] = True
                    if pending[dst] == 0:
                        ready.append(dst)
        except Exception as e:
            raise (e if isinstance(e, errors.OpError) and e.op is not None else op_error(e, nodes[i])) from e
        finally:
            _FLOAT_ERRORS.reset(token)
            if blas.changed:
                blas.end_run()
        return [self._fetched(position, fetch, outputs_of, feeds) for position, fetch in enumerate(self._fetch)]

    def _arguments(self, i, args):
        """A kernel's arguments: references read (or, at reference inputs, their keys); a lone `_Ref` when the
        op only forwards one (an Identity of a variable without control inputs)."""
        refs = [pos for pos, v in enumerate(args) if type(v) is _Ref]
        if not refs:
            return args
        op = self._nodes[i]
        if op.opdef.forwards_ref and not op.control_inputs and len(args) == 1:
            return args[0]
        ref_pos = self._ref_pos[i]
        for pos in refs:
            args[pos] = args[pos].key if pos in ref_pos else self._deref(args[pos], op)
        return args

    def _deref(self, ref, reader):
        try:
            return self._read(ref.key)
        except errors.OpError as e:
            raise op_error(e, ref.op if ref.op.opdef.ref_key is None else reader) from None

    def _fetched(self, position, fetch, outputs_of, feeds):
        if fetch is None:
            return None
        tensor, i = fetch
        if tensor in feeds:
            return feeds[tensor]
        outs = outputs_of[i]
        if outs is None:  # its inputs never all arrived: a graph whose control flow is malformed
            raise errors.InvalidArgumentError(None, tensor.op, f"{tensor.op.type} op '{tensor.op.name}' never ran: "
                                                               "some of its inputs were never produced")
        value = DEAD if outs is False else outs[tensor.value_index]
        if value is DEAD:
            raise errors.InvalidArgumentError(None, None, f"Retval[{position}] does not have value")
        if type(value) is _Ref:
            try:
                return self._read(value.key)
            except errors.OpError as e:
                raise (e if value.op.opdef.ref_key is not None else op_error(e, value.op)) from None
        return value


def _index(position):
    import numpy as np

    return np.int32(position)


_INDEX = tuple(_index(i) for i in range(8))


def _kind(op, feeds) -> int:
    opdef = op.opdef
    if opdef.dataflow:
        if op.type in _LOOP_TYPES:
            raise errors.UnimplementedError(
                None, op, f"{op.type} op '{op.name}' belongs to a TF 1.x while loop (frame "
                          f"'{op.attrs.get('frame_name', '')}'), which sessionflow does not execute yet; conds "
                          f"(Switch/Merge) run")
        if op.type in ("Switch", "RefSwitch"):
            return _SWITCH
        if op.type in ("Merge", "RefMerge"):
            return _MERGE
        return _TRIGGER
    if not op.inputs and opdef.ref_key is not None and op.outputs and op.outputs[0].dtype._is_ref_dtype:
        return _VARIABLE
    if not op.inputs and opdef.static_value is not None and not opdef.stateful:
        return _CONST
    if opdef.kernel is None:
        if all(t in feeds for t in op.outputs):
            return _FED
        out = op.outputs[0]
        shape = "" if out.shape.ndims is None else f" and shape {shape_str(out.shape)}"
        raise errors.InvalidArgumentError(
            None, op, f"You must feed a value for placeholder tensor '{op.name}' with dtype "
                      f"{cpp_name(out.dtype)}{shape}")
    return _KERNEL


def _prune(fetches, feeds) -> tuple:
    """The ops `fetches` need over data and control edges, stopping at fed tensors, in creation order."""
    needed = set()
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
        needed.add(op)
        stack.extend(t.op for t in op.inputs if t not in feeds)
        stack.extend(op.control_inputs)
    return tuple(sorted(needed, key=lambda o: o._id))
