"""The classic TF1 pitfalls that TensorFlow never reports, found from what a program's runs did.

Three kinds are warnings:
- `graph_growth`: ops keep being created between `sess.run` calls, at the same source lines, run after
  run (`sess.run(tf.assign(v, v + 1))` or `tf.train.Saver()` inside the training loop).
- `init_after_training`: an initializer ran again after other runs had changed its variables, and a
  later run used the reset values (the seed article's surprise).
- `untrained_variable`: a run executed an optimizer's training op that never changes a variable the
  loss depends on (or one it was asked to train): its gradient is None, `var_list` left it out, or it
  is not trainable. TF raises only when *no* variable gets a gradient and skips the rest silently.
One is a note: `init_redraw`, an initializer ran again with nothing changed in between, and its random
initial value was drawn anew.

Two consumers: `find(trace)` reads an explain trace after the fact (the report's "Watch out" section),
and `warnings_while_running(script)`, used by `sessionflow run`, watches runs as they happen and prints
each kind once on stderr (`SESSIONFLOW_WARNINGS=0` turns it off). The watcher only looks at what a run
was asked for and at the graph's op count, so a run pays O(1) (cached per fetch structure), and a
failure inside a detector is swallowed: a warning never breaks a program. Under plain
`import sessionflow` nothing is watched and nothing is printed.

`note_gradients` and `note_training_op` are called by `tf.train.Optimizer` as it builds a training op,
so the `untrained_variable` check knows the loss and which variables got no gradient.
"""

from __future__ import annotations

import contextlib
import os
import sys
import weakref
from dataclasses import dataclass, field

import numpy as np

from .runtime import observe as _observe

__all__ = ["Pitfall", "find", "note_gradients", "note_training_op", "warnings_while_running"]

WARMUP_RUNS = 3
"""Ops created before a graph's first WARMUP_RUNS runs are building, not growing."""
GROWTH_STREAK = 3
"""A source line that creates ops between runs this many times in a row (the graph's growths, however
many runs lie between them) is growing the graph: a loop, or a helper that builds ops each call."""

VARIABLE_TYPES = ("VariableV2", "VarHandleOp")
_NO_GRADIENT_TYPES = frozenset({"Round", "Floor", "Ceil", "Rint", "StopGradient", "PreventGradient"})
_RESOURCE_WRITERS = ("AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp", "ResourceApply",
                     "ResourceSparseApply", "ResourceScatter")
_NOT_WRITERS = frozenset({"IsVariableInitialized", "InitializeIfNeeded", "InitializedValue"})


@dataclass
class Pitfall:
    """One pitfall: its `kind`, `severity` ("warning" or "note"), the runs (1-based indexes) it is about,
    and kind-specific facts in `facts` (ops, sites as (file, line), variable names, values)."""
    kind: str
    severity: str
    runs: list
    facts: dict = field(default_factory=dict)

    def title(self) -> str:
        from .tools import pitfall_text

        return pitfall_text.TITLES[self.kind]

    def text(self, site) -> list:
        """What happened, in words: paragraphs (those starting "- " are list items); `site((file,
        line)) -> str` names places."""
        from .tools import pitfall_text

        return pitfall_text.TEXT[self.kind](self, site)

    def advice(self) -> str:
        from .tools import pitfall_text

        return pitfall_text.ADVICE[self.kind]

    def warning(self, site) -> str:
        """The one-paragraph form `sessionflow run` prints."""
        from .tools import pitfall_text

        return pitfall_text.WARNING[self.kind](self, site) + " " + pitfall_text.SHORT_ADVICE[self.kind]


# --- what Optimizer tells us ----------------------------------------------------------------------

@dataclass
class _Training:
    op: object
    loss: object  # the loss Tensor, or None when the gradients came from elsewhere
    variables: list  # the variables of grads_and_vars, in order
    no_gradient: list  # those whose gradient was None


class _Notes:
    """What the optimizers of one graph noted. Kept on the graph itself (not in a table keyed by it),
    so a graph and its notes, which refer to its tensors, are freed together."""

    __slots__ = ("gradients", "training")

    def __init__(self):
        self.gradients = []  # [(loss, variables, variables with no gradient)], the last 20
        self.training = {}  # training op -> _Training


def _notes(graph, create: bool = False):
    notes = getattr(graph, "_pitfall_notes", None)
    if notes is None and create:
        notes = graph._pitfall_notes = _Notes()
    return notes


def note_gradients(loss, grads_and_vars) -> None:
    """Called by `Optimizer.compute_gradients`: `loss` and which variables got no gradient."""
    with contextlib.suppress(Exception):
        gradients = _notes(loss.graph, create=True).gradients
        gradients.append((loss, [v for _, v in grads_and_vars], [v for g, v in grads_and_vars if g is None]))
        del gradients[:-20]


def note_training_op(op, grads_and_vars) -> None:
    """Called by `Optimizer.apply_gradients` with the training op it returns."""
    with contextlib.suppress(Exception):
        notes = _notes(op.graph, create=True)
        variables = [v for _, v in grads_and_vars]
        no_gradient = [v for g, v in grads_and_vars if g is None]
        loss = None
        for noted_loss, noted_vars, _ in reversed(notes.gradients):
            if all(any(v is n for n in noted_vars) for v in variables):
                loss = noted_loss
                break
        notes.training[op] = _Training(op, loss, variables, no_gradient)


# --- the graph, as the detectors see it -----------------------------------------------------------

def _key(op) -> str:
    ref_key = getattr(op.opdef, "ref_key", None)
    return ref_key(op) if ref_key is not None else op.name


def _variable_op(tensor):
    """The VariableV2/VarHandleOp a tensor is (or forwards, through Identity), else None."""
    op = tensor.op
    while op.type not in VARIABLE_TYPES and op.opdef.forwards_ref and op.inputs:
        op = op.inputs[0].op
    return op if op.type in VARIABLE_TYPES else None


def _variables(graph) -> list:
    seen, result = set(), []
    for collection in ("variables", "local_variables", "trainable_variables"):
        for v in graph.get_collection(collection):
            if id(v) not in seen and getattr(v, "op", None) is not None:
                seen.add(id(v))
                result.append(v)
    return result


def _initializers(graph, cache: dict) -> dict:
    """Initializer op -> the key of its variable (cached per graph size)."""
    stamp = (graph.version, len(graph.get_collection("variables")), len(graph.get_collection("local_variables")))
    cached = cache.get(graph)
    if cached is None or cached[0] != stamp:
        result = {}
        for v in _variables(graph):
            init = getattr(v, "initializer", None)
            init = getattr(init, "op", init)
            if init is not None:
                result[init] = _key(v.op)
        cached = cache[graph] = (stamp, result)
    return cached[1]


def _written_keys(op) -> list:
    if op.type in _NOT_WRITERS:
        return []
    positions = op.opdef.ref_inputs or ((0,) if op.type.startswith(_RESOURCE_WRITERS) else ())
    keys = []
    for i in positions:
        var = _variable_op(op.inputs[i]) if i < len(op.inputs) else None
        if var is not None:
            keys.append(_key(var))
    return keys


@dataclass
class RunShape:
    """What one fetch structure makes a run do, read from the graph: the variables it initializes
    (key -> the initializer's value tensor, which a `Variable.load` feeds), those only initialized if
    they have no value yet, those it writes otherwise, those it reads, and the training ops it runs."""
    initialized: dict
    if_needed: frozenset
    written: frozenset
    read: frozenset
    training: tuple
    quiet: bool = False  # set by a watcher once nothing about such a run can be a pitfall any more

    @property
    def touched(self) -> frozenset:
        return self.written | self.read


def run_shape(graph, leaves, cache: dict) -> RunShape:
    """The RunShape of fetching `leaves` (Tensors and Operations) from `graph`."""
    inits = _initializers(graph, cache)
    notes = _notes(graph)
    training_ops = notes.training if notes is not None else {}
    initialized, if_needed, written, read, training = {}, set(), set(), set(), []
    stack, seen = [], set()
    for leaf in leaves:
        op = getattr(leaf, "op", None) if hasattr(leaf, "value_index") else leaf
        if op is None:
            continue
        if hasattr(leaf, "value_index") and _variable_op(leaf) is not None:
            read.add(_key(_variable_op(leaf)))
        stack.append(op)
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op in inits:
            initialized[inits[op]] = op.inputs[1] if len(op.inputs) > 1 else None
        elif op.type == "InitializeIfNeeded" and op.inputs:
            var = _variable_op(op.inputs[0])
            if var is not None:
                if_needed.add(_key(var))
        else:
            written.update(_written_keys(op))
        if op in training_ops:
            training.append(op)
        refs = op.opdef.ref_inputs
        for i, t in enumerate(op.inputs):
            producer = t.op
            if producer.type in VARIABLE_TYPES:
                if i not in refs and not (i == 0 and op.type.startswith(_RESOURCE_WRITERS)) and \
                        op.type not in _NOT_WRITERS:
                    read.add(_key(producer))
            else:
                stack.append(producer)
        stack.extend(op.control_inputs)
    return RunShape(initialized, frozenset(if_needed), frozenset(written), frozenset(read),
                    tuple(sorted(training, key=lambda o: o._id)))


# --- detector: the graph grows inside a loop ----------------------------------------------------

class _Growth:
    """One graph's growth between runs."""

    __slots__ = ("found", "history", "last_run", "runs", "sites", "streak", "version")

    def __init__(self, version):
        self.runs = 0
        self.version = version
        self.streak = []  # [(run before, run after)]: growths in a row that share sites
        self.sites = set()  # the (site, kinds of ops it made) every growth of the streak has
        self.last_run = 0
        self.found = None
        self.history = {}  # site -> [times it created ops between runs, how many, the last run after]


class GrowthDetector:
    def __init__(self):
        self._graphs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._last_graph = self._last_state = None

    def run(self, graph, version: int, index: int):
        """Called as run `index` starts on `graph` with `version` ops; a new Pitfall the first time
        the graph is seen growing, else None. The Pitfall's facts keep counting later growth."""
        if graph is self._last_graph:
            state = self._last_state
        else:
            state = self._graphs.get(graph)
            if state is None:
                state = self._graphs[graph] = _Growth(version)
            self._last_graph, self._last_state = graph, state
        state.runs += 1
        if version == state.version:
            state.last_run = index
            return None
        found = None
        if version > state.version and state.runs > 1:
            new_ops = graph._ops[state.version:version]
            for op in new_ops:
                if op.site is not None:
                    entry = state.history.setdefault(op.site, [0, 0, 0])
                    entry[0] += entry[2] != index
                    entry[1] += 1
                    entry[2] = index
            if state.runs > WARMUP_RUNS and state.found is None:
                found = self._grew(state, new_ops, index)
        state.version = version
        state.last_run = index
        return found

    def _grew(self, state, new_ops, index):
        """A streak is growths in a row where one line made the same kinds of ops each time (a loop does;
        a call that builds its graph lazily, over its first runs, makes different ones each time)."""
        kinds: dict = {}
        for op in new_ops:
            if op.site is not None:
                kinds.setdefault(op.site, set()).add(op.type)
        sites = {(site, frozenset(types)) for site, types in kinds.items()}
        common = state.sites & sites
        if state.streak and common:
            state.sites = common
        else:
            state.streak, state.sites = [], sites
        state.streak.append((state.last_run, index))
        if len(state.streak) < GROWTH_STREAK or not state.sites:
            return None
        streak_sites = {site for site, _ in state.sites}
        per_site = {}
        for op in new_ops:
            if op.site in streak_sites:
                per_site.setdefault(op.site, []).append(op.type)
        state.found = Pitfall("graph_growth", "warning", [after for _, after in state.streak], {
            "sites": sorted(per_site), "per_site": per_site, "intervals": list(state.streak),
            "ops": [op.name for op in new_ops if op.site in streak_sites], "history": state.history})
        return state.found


# --- detector: an initializer ran again after training ----------------------------------------------

class _Session:
    __slots__ = ("pending",)

    def __init__(self):
        self.pending = None  # a reset Pitfall waiting for the next run that touches its variables


class ResetDetector:
    """Decides, run by run, whether an initializer reset variables that other runs had changed (told
    by the caller, who knows values) and whether a later run used the reset values (a warning) or
    trained them again (starting over on purpose: no warning)."""

    def __init__(self, sessions=None):
        self._sessions = {} if sessions is None else sessions  # session (or its number) -> _Session
        self.pending = 0  # how many sessions have a reset waiting

    def state(self, session) -> _Session:
        state = self._sessions.get(session)
        if state is None:
            state = self._sessions[session] = _Session()
        return state

    def run(self, session, index: int, site, shape: RunShape, reset: dict):
        """Run `index` of `session` has `shape` and reset the variables in `reset` (key -> (value
        before, initial value, (first, last) run that changed it since its last initialization, whether
        the initial value is a new random draw), or None when not known); `site` is where it was
        called, or a function giving it. Returns the reset Pitfall this run made certain, or None."""
        state = self.state(session)
        found = None
        pending = state.pending
        if pending is not None and shape.touched & set(pending.facts["variables"]):
            state.pending = None
            self.pending -= 1
            if not shape.written & set(pending.facts["variables"]):
                pending.runs.append(index)
                site = pending.facts["used_at"] = site() if callable(site) else site
                found = pending
        if reset:
            self.pending += state.pending is None
            state.pending = Pitfall("init_after_training", "warning", [index], {
                "variables": sorted(reset), "values": reset, "site": site() if callable(site) else site})
        return found


# --- detector: a training op that never changes a variable ------------------------------------------

def _ancestors(tensors, limit: int = 200_000) -> set:
    seen, stack = set(), [t.op for t in tensors]
    while stack and len(seen) < limit:
        op = stack.pop()
        if op not in seen:
            seen.add(op)
            stack.extend(t.op for t in op.inputs)
    return seen


def _descendants(op, limit: int = 200_000) -> set:
    seen, stack = set(), [op]
    while stack and len(seen) < limit:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            for t in current.outputs:
                stack.extend(t.consumers())
    return seen


def _differentiable(dtype) -> bool:
    base = dtype.base_dtype
    return base.is_floating or base.is_complex or base.name in ("resource", "variant")


def _blockers(var_op, loss, up: set) -> list:
    """The ops on the paths from `var_op` to `loss` that pass no gradient: (op, why)."""
    from .framework.registry import NOT_DIFFERENTIABLE
    from .gradients import _gradient_function

    path = up & _descendants(var_op)
    found = []
    for op in sorted(path - {var_op}, key=lambda o: o._id):
        try:
            no_grad = _gradient_function(op) is NOT_DIFFERENTIABLE
        except LookupError:
            no_grad = True
        if op.type in _NO_GRADIENT_TYPES or no_grad:
            found.append((op, "stop_gradient" if op.type in ("StopGradient", "PreventGradient") else "no_gradient"))
            continue
        path_inputs = [t for t in op.inputs if t.op in path]
        path_outputs = [t for t in op.outputs if t is loss or any(c in path for c in t.consumers())]
        if path_inputs and path_outputs and any(_differentiable(t.dtype) for t in path_inputs) and \
                not any(_differentiable(t.dtype) for t in path_outputs):
            found.append((op, "integer:" + path_outputs[0].dtype.base_dtype.name))
    return found[:3]


def _updated(training: _Training) -> set:
    return {_key(v.op) for v in training.variables if not any(v is n for n in training.no_gradient)}


def _managed(graph, key: str) -> bool:
    """Whether an op other than the variable's initializer or a checkpoint restore writes it (a
    variable kept up to date that way, such as a moving average, a step counter or a DQN's target
    network assigned from the online one)."""
    inits = {}
    for v in _variables(graph):
        init = getattr(v, "initializer", None)
        inits[getattr(init, "op", init)] = True
    for op in graph.get_operations():
        if op in inits or op.type in _NOT_WRITERS or key not in _written_keys(op):
            continue
        if len(op.inputs) > 1 and op.inputs[1].op.type.startswith("Restore"):
            continue
        return True
    return False


def untrained_variables(op) -> list:
    """For a training op built by an Optimizer: [(variable key, variable op, reason, blockers)] for
    each variable it never changes although the loss depends on it or it was asked to train it, and
    no other training op of the graph trains it. reason: "no_path" (the loss does not depend on it),
    "blocked" (only through ops without a gradient), "no_gradient", "var_list", "not_trainable"."""
    graph = op.graph
    notes = _notes(graph)
    training = notes.training.get(op) if notes is not None else None
    if training is None:
        return []
    updated_anywhere = set()
    for other in notes.training.values():
        updated_anywhere |= _updated(other)
    variables = {_key(v.op): v for v in _variables(graph)}
    trainable = {_key(v.op) for v in graph.get_collection("trainable_variables") if getattr(v, "op", None)}
    up = _ancestors([training.loss]) if training.loss is not None else set()
    on_loss = {_key(o): o for o in sorted(up, key=lambda o: o._id) if o.type in VARIABLE_TYPES}
    found = []
    for v in training.no_gradient:
        key = _key(v.op)
        if key in updated_anywhere:
            continue
        if training.loss is None:
            found.append((key, v.op, "no_gradient", []))
        elif key in on_loss:
            found.append((key, v.op, "blocked", _blockers(v.op, training.loss, up)))
        else:
            found.append((key, v.op, "no_path", []))
    asked = {_key(v.op) for v in training.variables}
    for key, var_op in on_loss.items():
        v = variables.get(key)
        if key in asked or key in updated_anywhere or v is None or not v.dtype.base_dtype.is_floating:
            continue
        if _managed(graph, key):
            # another op keeps it up to date: a target network copied from the online one, a moving average
            continue
        found.append((key, var_op, "var_list" if key in trainable else "not_trainable", []))
    return found


# --- all of it, over an explain trace -------------------------------------------------------------

def _is_init_write(write, inits) -> bool:
    return inits.get(write.op) == write.variable or write.op.type == "InitializeIfNeeded"


def find(trace) -> list:
    """The pitfalls in an explain trace's runs, in the order they became certain."""
    from .explain import random_ancestors

    growth, resets, shapes, by_leaves = GrowthDetector(), ResetDetector(), {}, {}  # shapes: initializers
    found, trained, redraw = [], {}, None
    changed: dict = {}  # (session, variable) -> [first, last] run that changed it since its initializer last ran
    for record in trace.runs:
        graph = record.graph
        pitfall = growth.run(graph, record.graph_version, record.index)
        if pitfall is not None:
            found.append(pitfall)
        leaves = tuple(f.element for f in record.fetched)
        shape = by_leaves.get(leaves)
        if shape is None:
            shape = by_leaves[leaves] = run_shape(graph, leaves, shapes)
        fed = {f.tensor for f in record.fed}
        loaded = {key for key, value in shape.initialized.items() if value in fed}  # Variable.load
        inits = {op: key for op, key in _initializers(graph, shapes).items() if key not in loaded}
        reset, redrawn = {}, {}
        drawn = {op.name for op in record.drew}
        for w in record.writes:
            key = (record.session, w.variable)
            if not _is_init_write(w, inits):
                if not w.same:
                    changed.setdefault(key, [record.index, record.index])[1] = record.index
                continue
            if not w.same and w.before_summary != "(no value)":
                random = any(r in drawn for r in random_ancestors(w.op))
                if key in changed:
                    reset[w.variable] = (w.before_summary, w.after_summary, tuple(changed[key]), random)
                elif random:
                    redrawn[w.variable] = (w.before_summary, w.after_summary)
            changed.pop(key, None)
        if redrawn and redraw is None:
            redraw = Pitfall("init_redraw", "note", [record.index], {
                "variables": sorted(redrawn), "values": redrawn, "site": record.site})
            found.append(redraw)
        elif redrawn:
            redraw.runs.append(record.index)  # told once: the first time says it all
        pitfall = resets.run(record.session, record.index, record.site, shape, reset)
        if pitfall is not None:
            found.append(pitfall)
        for op in shape.training:
            if op in trained:
                trained[op].runs.append(record.index)
                continue
            issues = untrained_variables(op)
            trained[op] = Pitfall("untrained_variable", "warning", [record.index], {
                "op": op, "issues": issues, "site": record.site})
            if issues:
                found.append(trained[op])
    return found


# --- under `sessionflow run`: warnings on stderr, once per kind ---------------------------------------

_warned: set = set()


def _frame_site():
    """(file, line) of the innermost frame outside the sessionflow package."""
    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame = frame.f_back
    return None if frame is None else (frame.f_code.co_filename, frame.f_lineno)


class _Watcher(_observe.RunObserver):
    """Told only of each run's start (`steps = False`: the run itself executes at full speed); prints
    each kind of pitfall once per process."""

    steps = False
    MAX_SHAPES = 10_000

    def __init__(self, base_dir: str, stream=None):
        self.base_dir = base_dir
        self.stream = stream
        self.runs = 0
        self.growth = GrowthDetector()
        self.resets = ResetDetector(weakref.WeakKeyDictionary())
        self.shapes: dict = {}  # fetched leaves -> RunShape
        self.initializers: dict = {}  # graph -> its initializers (run_shape's cache)
        self.snapshots: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # session -> {key: weakref}
        self.to_snapshot: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # session -> keys
        self.snapshot_due = False
        self.trained: set = set()

    def site(self, site) -> str:
        if not site:
            return "an unknown place"
        filename, line = site
        relative = os.path.relpath(filename, self.base_dir) if os.path.isabs(filename) else filename
        return f"{filename if relative.startswith('..') else relative}:{line}"

    def begin_run(self, session, fetches, feeds):
        try:
            self._begin(session, fetches, feeds)
        except Exception:  # noqa: BLE001 - a detector's failure must never break the program
            _observe.remove_observer(self)

    def _begin(self, session, fetches, feeds):
        self.runs += 1
        index = self.runs
        graph = session._graph
        growth = self.growth
        if graph is growth._last_graph and len(graph._ops) == growth._last_state.version:  # the usual case
            growth._last_state.runs += 1
            growth._last_state.last_run = index
        else:
            pitfall = growth.run(graph, len(graph._ops), index)
            if pitfall is not None:
                self.warn(pitfall)
        shape = self.shapes.get(fetches if type(fetches) is tuple else tuple(fetches))
        if shape is None:
            if len(self.shapes) >= self.MAX_SHAPES:
                self.shapes.clear()
            shape = self.shapes[tuple(fetches)] = run_shape(graph, fetches, self.initializers)
        if shape.quiet and not self.snapshot_due and not self.resets.pending:
            return
        if self.snapshot_due:
            self._snapshot(session)
        reset = self._reset(session, shape, feeds) if shape.initialized or shape.if_needed else None
        if reset or (self.resets.pending and shape.touched):
            pitfall = self.resets.run(session, index, _frame_site, shape, reset)
            if pitfall is not None:
                self.warn(pitfall)
        for op in shape.training:
            if op not in self.trained:
                self.trained.add(op)
                issues = untrained_variables(op)
                if issues:
                    self.warn(Pitfall("untrained_variable", "warning", [index],
                                      {"op": op, "issues": issues, "site": _frame_site()}))
        shape.quiet = not (shape.initialized or shape.if_needed)

    def _snapshot(self, session):
        """Remembers the values the session's last initializing run gave (the arrays a session stores
        are never changed in place, so a reference tells whether a later write replaced them)."""
        keys = self.to_snapshot.pop(session, None)
        self.snapshot_due = bool(self.to_snapshot)
        if keys:
            values = session._store.values
            snapshots = self.snapshots.setdefault(session, {})
            for key in keys:
                value = values.get(key)
                if value is not None:
                    snapshots[key] = weakref.ref(value)

    def _reset(self, session, shape, feeds) -> dict:
        """The variables this initializing run is about to reset after other runs changed them
        (key -> None: their values are not summarised here)."""
        values = session._store.values
        snapshots = self.snapshots.setdefault(session, {})
        reset, remember = {}, []
        for key, value_tensor in shape.initialized.items():
            if feeds and value_tensor in feeds:  # Variable.load: a write like any other
                snapshots.pop(key, None)
                continue
            remember.append(key)
            current = values.get(key)
            if current is None:
                continue
            ref = snapshots.get(key)
            initial = ref() if ref is not None else None
            if initial is None or (initial is not current and not np.array_equal(initial, current)):
                reset[key] = None  # what it was and by which runs: known to an explain trace only
        remember += [key for key in shape.if_needed if key not in values]
        if remember:
            self.to_snapshot[session] = remember
            self.snapshot_due = True
        return reset

    def warn(self, pitfall: Pitfall) -> None:
        if pitfall.kind in _warned:
            return
        _warned.add(pitfall.kind)
        stream = self.stream or sys.stderr
        stream.write("sessionflow: warning: " + pitfall.warning(self.site) + "\n")
        stream.flush()


@contextlib.contextmanager
def warnings_while_running(script: str, stream=None):
    """While inside, every run is watched for pitfalls, each kind printed once (to `stream`, default
    stderr) with places relative to `script`'s directory. Does nothing when SESSIONFLOW_WARNINGS=0 or
    while an explain trace is recording (its report says the same)."""
    watcher = None
    if os.environ.get("SESSIONFLOW_WARNINGS", "1") != "0" and \
            not any(getattr(o, "reports_pitfalls", False) for o in _observe._global):
        watcher = _Watcher(os.path.dirname(os.path.abspath(script)), stream)
        _observe.add_observer(watcher)
    try:
        yield watcher
    finally:
        if watcher is not None:
            _observe.remove_observer(watcher)

