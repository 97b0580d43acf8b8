"""The dataflow executor: runs a graph holding TF 1.x's control-flow primitives (ops/control_flow_v1.py), as an
imported TF 1.x graph has them for `tf.cond` and `tf.while_loop`.

A run whose pruned graph holds such an op cannot be a plan's flat step list (runtime/plan.py refuses it), because
which ops run, and how often, depends on values. This executor follows TF's executor semantics, in a ready-queue
loop over (node, tag) pairs, with each node's successors and pending-input counts computed once per
(fetches, feeds):
- an op whose data or control input is dead does not run, and its outputs (and control edges) are dead;
- Switch(data, pred) puts `data` on output 1 when `pred` is true, else on output 0; the other output is dead;
- Merge runs when its control inputs have arrived and either one data input is alive (it forwards the first live
  one and its index) or all are dead (then it is dead; a dead Enter kills it at once); dead control inputs do not
  kill it; ControlTrigger is alive even when its control inputs are dead;
- values are tagged with (frame, iteration): Enter, NextIteration and Exit move them between frames and
  iterations (see DataflowExecutable); loops are checked statically as TF checks them (one frame per op's inputs,
  Exit and NextIteration only inside a loop), and a loop iteration looks at the session (closed: CancelledError)
  and the run's deadline (DeadlineExceededError), so an endless loop still ends.
Every other op runs with its normal kernel, bound as the NumPy backend binds it (stateful kernels get their
OpContext), so each op has one implementation. Fetching a dead tensor raises TF's InvalidArgumentError
"Retval[i] does not have value"; ops of a branch not taken never run.

Reference variables flow as `_Ref` values (their key), through Identity and the control-flow ops alike (TF's
tensors alias the variable's buffer there): a consumer's reference input gets the key, any other input reads the
variable when the consumer's kernel runs, as the plan interpreter defers such reads.
"""

from __future__ import annotations

import time
from collections import deque

from ..framework import errors
from ..framework.registry import static_value
from ..ops.common import cpp_name, shape_str
from . import blas, float_env
from .backends.numpy import _bind, op_error
from .plan import Step
from .state import OpContext, VariableStore, _current_run

_KERNEL, _CONST, _VARIABLE, _FED, _SWITCH, _MERGE, _TRIGGER, _FORWARD = range(8)

_ENTER_TYPES = frozenset(["Enter", "RefEnter"])
_EXIT_TYPES = frozenset(["Exit", "RefExit"])


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


class _Frame:
    """One execution of a loop: its parent's tag, its loop invariants (constant Enters, given to every
    iteration), its last iteration, the Enters delivered so far and its Exits that ran dead or alive."""

    __slots__ = ("dead_exits", "depth", "done", "enters", "invariants", "last", "live_exits", "name", "parent")

    def __init__(self, name, parent, depth):
        self.name, self.parent, self.depth = name, parent, depth
        self.invariants, self.last, self.enters, self.done = [], 0, 0, False
        self.live_exits, self.dead_exits = set(), set()


ROOT = (None, 0)  # the tag (frame, iteration) of the graph outside any loop


class DataflowExecutable:
    """The nodes `fetches` need (stopping at fed tensors), bound to one session's store: `run(feeds) -> values`.

    Values are tagged with (frame, iteration): a frame is one execution of a loop (keyed by its parent's tag and
    the loop's frame name), Enter moves a value into iteration 0 of its child frame (a constant Enter into every
    iteration), NextIteration into the next iteration, Exit into the parent's tag. Iterations run as their inputs
    become ready (parallel_iterations is not honoured). An Exit that ran only dead tells its consumers so when its
    frame is done (all its Enters delivered and nothing left to run), as TF's executor does."""

    __slots__ = (
        "_consts",
        "_ctl_edges",
        "_enter_count",
        "_fed_at",
        "_fetch",
        "_fns",
        "_frame_of",
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
        frame_of = [None] * n  # an Enter's frame name and whether it is constant
        enter_count: dict = {}
        for i, op in enumerate(nodes):
            opdef = op.opdef
            kinds[i] = kind = _kind(op, feeds)
            if kind == _KERNEL:
                fns[i] = _bind(Step(op, (), (), ()), store, feeds)[0]
                ref_pos[i] = opdef.ref_inputs
            elif kind == _CONST:
                consts[i] = tuple(static_value(t) for t in op.outputs)
            elif kind == _FORWARD and op.type in _ENTER_TYPES:
                name = op.attrs.get("frame_name")
                if not name:
                    raise errors.InvalidArgumentError(None, op, f"{op.type} op '{op.name}' has no frame_name")
                frame_of[i] = (name, bool(op.attrs.get("is_constant")))
                enter_count[name] = enter_count.get(name, 0) + 1
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
        self._frame_of, self._enter_count = tuple(frame_of), enter_count
        if enter_count or any(k == _FORWARD for k in kinds):
            _check_frames(nodes, out_edges, ctl_edges, frame_of, n_data, pending)
        self._ready = tuple(i for i in range(n) if pending[i] == 0 and n_data[i] == 0 and not fed_at[i])
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
        pending0, fed_at = self._pending, self._fed_at
        store = self._store
        # per (node, tag): [pending count, a dead input arrived, inputs, first live input (Merge), dead inputs]
        records: dict = {}
        ready = deque((i, ROOT) for i in self._ready)
        frames: dict = {}
        outputs_of = [None] * len(nodes)
        deadline = getattr(_current_run, "deadline", None)

        def record(dst, tag):
            r = [pending0[dst], False, [None] * len(nodes[dst].inputs), -1, 0, False]
            for pos, t in fed_at[dst]:
                r[2][pos] = feeds[t]
                if r[3] < 0 and is_merge[dst]:
                    r[3] = pos
            records[(dst, tag)] = r
            return r

        def start_merge(dst, tag, r):
            if not r[5] and r[0] == 0 and (r[3] >= 0 or r[4] >= n_data[dst]):
                r[5] = True
                ready.append((dst, tag))

        def deliver(i, outs, dead, tag, from_enter=False):
            for k, edges in enumerate(out_edges[i]):
                value = DEAD if outs is None else outs[k]
                for dst, pos in edges:
                    r = records.get((dst, tag)) or record(dst, tag)
                    if is_merge[dst]:
                        if value is DEAD:
                            r[4] += n_data[dst] if from_enter else 1  # TF: a dead Enter kills its Merge
                        elif r[3] < 0:
                            r[3] = pos
                            r[2][pos] = value
                        start_merge(dst, tag, r)
                        continue
                    if value is DEAD:
                        r[1] = True
                    else:
                        r[2][pos] = value
                    r[0] -= 1
                    if r[0] == 0:
                        ready.append((dst, tag))
            for dst in ctl_edges[i]:
                r = records.get((dst, tag)) or record(dst, tag)
                r[0] -= 1
                if is_merge[dst]:
                    start_merge(dst, tag, r)
                    continue
                if dead:
                    r[1] = True
                if r[0] == 0:
                    ready.append((dst, tag))

        for fed in {i for i in range(len(nodes)) if fed_at[i] and pending0[i] == 0}:
            r = record(fed, ROOT)
            if is_merge[fed]:
                start_merge(fed, ROOT, r)
            elif n_data[fed] == 0:
                ready.append((fed, ROOT))
        i = -1
        token = float_env.enter()
        try:
            while True:
                if not ready:
                    if not self._finish_a_frame(frames, deliver, outputs_of):
                        break
                    continue
                i, tag = ready.popleft()
                kind = kinds[i]
                r = records.pop((i, tag), None)
                args = r[2] if r is not None else []
                dead = r is not None and r[1]
                if kind == _MERGE:
                    if tag is not ROOT:  # once per loop iteration: a session closed, a run out of time
                        if store.closed:
                            raise errors.CancelledError(None, nodes[i], "Loop execution was cancelled.")
                        if deadline is not None and time.monotonic() > deadline:
                            raise errors.DeadlineExceededError(None, None, "Timed out waiting for notification")
                    live = r[3]
                    dead = live < 0
                    if dead:
                        outs = None
                    else:
                        outs = (args[live], _INDEX[live] if live < len(_INDEX) else _index(live))
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
                    outs = (DEAD, data) if bool(pred) else (data, DEAD)
                elif kind == _FORWARD:  # Enter, Exit, NextIteration, LoopCond: their input, elsewhere
                    value = args[0]
                    outs = (value,)
                elif kind == _CONST:
                    outs = self._consts[i]
                elif kind == _VARIABLE:
                    op = nodes[i]
                    outs = (_Ref(op.opdef.ref_key(op), op),)
                elif kind == _FED:  # a placeholder run for its control edges: its outputs are fed
                    outs = (DEAD,) * n_out[i]
                else:  # ControlTrigger
                    dead, outs = False, ()
                if tag is ROOT:
                    outputs_of[i] = False if outs is None else outs
                elif outs is not None and kind == _FORWARD and tag[0][0] is ROOT and nodes[i].type in _EXIT_TYPES:
                    outputs_of[i] = outs  # a loop's result, fetched outside it
                self._propagate(i, kind, outs, dead, tag, frames, deliver)
        except Exception as e:
            raise (e if isinstance(e, errors.OpError) and e.op is not None else op_error(e, nodes[i])) from e
        finally:
            float_env.leave(token)
            if blas.changed:
                blas.end_run()
        return [self._fetched(position, fetch, outputs_of, feeds) for position, fetch in enumerate(self._fetch)]

    def _propagate(self, i, kind, outs, dead, tag, frames, deliver):
        """Sends node `i`'s outputs (None: dead) from `tag` to its consumers, moving them between frames and
        iterations as Enter, Exit and NextIteration do."""
        op_type = self._nodes[i].type if kind == _FORWARD else None
        if op_type is None or op_type == "LoopCond":
            deliver(i, outs, dead, tag)
        elif op_type in ("Enter", "RefEnter"):
            name, constant = self._frame_of[i]
            key = (tag, name)
            frame = frames.get(key)
            if frame is None:
                parent = frames.get(tag[0])
                frame = frames[key] = _Frame(name, tag, 0 if parent is None else parent.depth + 1)
            frame.enters += 1
            if constant:  # a loop invariant: every iteration, those to come included, sees it
                frame.invariants.append((i, outs, dead))
                for iteration in range(frame.last + 1):
                    deliver(i, outs, dead, (key, iteration), True)
            else:
                deliver(i, outs, dead, (key, 0), True)
        elif op_type in ("Exit", "RefExit"):
            frame = frames.get(tag[0])
            if frame is None:
                raise errors.InvalidArgumentError(None, self._nodes[i], f"{op_type} op '{self._nodes[i].name}' is "
                                                                        "not inside a while loop's frame")
            if dead:  # told to its consumers only if the frame ends without this Exit alive
                frame.dead_exits.add(i)
            else:
                frame.live_exits.add(i)
                deliver(i, outs, False, frame.parent)
        else:  # NextIteration: a dead one ends the loop's chain
            frame = frames.get(tag[0])
            if frame is None:
                raise errors.InvalidArgumentError(None, self._nodes[i], f"{op_type} op '{self._nodes[i].name}' is "
                                                                        "not inside a while loop's frame")
            if dead:
                return
            iteration = tag[1] + 1
            next_tag = (tag[0], iteration)
            if iteration > frame.last:
                frame.last = iteration
                for enter, values, was_dead in frame.invariants:
                    deliver(enter, values, was_dead, next_tag, True)
            deliver(i, outs, False, next_tag)

    def _finish_a_frame(self, frames, deliver, outputs_of) -> bool:
        """With nothing ready: ends the innermost loop frame that has all its Enters, telling the consumers of
        its Exits that ran only dead; False when there is none (the run is over)."""
        candidates = [f for f in frames.values() if not f.done and f.enters >= self._enter_count.get(f.name, 0)]
        if not candidates:
            return False
        frame = max(candidates, key=lambda f: f.depth)
        frame.done = True
        for exit_node in sorted(frame.dead_exits - frame.live_exits):
            deliver(exit_node, None, True, frame.parent)
            if frame.parent is ROOT:
                outputs_of[exit_node] = False
        return True
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


def _check_frames(nodes, out_edges, ctl_edges, frame_of, n_data, pending) -> None:
    """TF's static check of a graph's loops: every op's inputs come from one frame (an Enter starts its frame,
    an Exit returns to the frame of the loop's Enters); Exit and NextIteration only inside a loop. Raises
    InvalidArgumentError naming the op."""
    frame = {}  # node -> (frame name, the Enter that entered it, or None at the top)
    queue = deque(i for i in range(len(nodes)) if pending[i] == 0 and n_data[i] == 0)
    for i in queue:
        frame[i] = ("", None)
    while queue:
        i = queue.popleft()
        name, enter = frame[i]
        op = nodes[i]
        if op.type in ("Exit", "RefExit", "NextIteration", "RefNextIteration") and enter is None:
            raise errors.InvalidArgumentError(None, op, f"{op.type} op '{op.name}' is not inside a while loop's "
                                                        "frame")
        if frame_of[i] is not None:
            out = (frame_of[i][0], i)
        elif op.type in ("Exit", "RefExit"):
            out = frame[enter]
        else:
            out = (name, enter)
        for dst in [d for edges in out_edges[i] for d, _ in edges] + list(ctl_edges[i]):
            seen = frame.get(dst)
            if seen is None:
                frame[dst] = out
                queue.append(dst)
            elif seen[0] != out[0]:
                raise errors.InvalidArgumentError(
                    None, nodes[dst], f"The node '{nodes[dst].name}' has inputs from different frames. The input "
                                      f"'{op.name}' is in frame '{out[0]}'. The other inputs are in frame "
                                      f"'{seen[0]}'.")


def _index(position):
    import numpy as np

    return np.int32(position)


_INDEX = tuple(_index(i) for i in range(8))


def _kind(op, feeds) -> int:
    opdef = op.opdef
    if opdef.dataflow:
        if op.type in ("Switch", "RefSwitch"):
            return _SWITCH
        if op.type in ("Merge", "RefMerge"):
            return _MERGE
        if op.type == "ControlTrigger":
            return _TRIGGER
        return _FORWARD
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
