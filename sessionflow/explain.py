"""Explaining what `Session.run` calls did: `with sessionflow.explain.trace() as t: ...`.

While a trace is active, every `Session.run` (in any session and thread) is recorded as a `RunRecord`:
where it was called, what it fetched and fed, the ops that executed in order, every variable write
(value before and after, and the op that wrote it), the random ops that drew new values, and the
failing op when the run raised. `print(t)` renders the records as a plain-text report for people,
ending with the pitfalls they show (`t.pitfalls`, see sessionflow/pitfalls.py); `t.to_json()` gives the
same as data. Outside a trace nothing is observed, so runs pay nothing.

    import sessionflow.explain
    with sessionflow.explain.trace() as t:
        sess.run(init)
    t.runs[0].executed   # [Step(my_variable/Assign), Step(init)]
    t.runs[0].changed    # {'my_variable': Change(before=None, after=1.0, ...)}
    print(t)

`sessionflow explain SCRIPT` runs a TF1 script under a trace and prints the report.
"""

from __future__ import annotations

import linecache
import os
import sys
import threading
import time
import weakref
from dataclasses import dataclass, field

import numpy as np

from .runtime import observe as _observe

__all__ = [
    "Change",
    "Failure",
    "Fed",
    "Fetched",
    "RunRecord",
    "Step",
    "Trace",
    "Write",
    "summarise",
    "trace",
]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

KEEP_VALUES_UP_TO = 10_000
"""Values with more elements than this are kept as summaries only (a long training loop would
otherwise keep every version of every weight alive)."""

RANDOM_OP_TYPES = frozenset({
    "RandomStandardNormal", "RandomUniform", "RandomUniformInt", "TruncatedNormal", "RandomShuffle",
    "Multinomial", "RandomGamma", "RandomPoisson", "RandomPoissonV2", "ParameterizedTruncatedNormal"})


# --- values --------------------------------------------------------------------------------------

def _number(x) -> str:
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (float, np.floating)):
        return np.format_float_positional(x, precision=4, unique=True, trim="0") if abs(x) >= 1e-4 or x == 0 \
            else np.format_float_scientific(x, precision=3)
    return str(x)


def summarise(value, elements: int = 5) -> str:
    """A short, human-readable form of a value: the value itself when small, else dtype, shape,
    mean, min, max and the first few elements."""
    if value is None:
        return "(no value)"
    array = np.asarray(value)
    if array.dtype == object or array.dtype.kind in "SU":
        flat = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in array.reshape(-1)]
        if array.ndim == 0:
            return repr(flat[0])
        shown = ", ".join(repr(v) for v in flat[:elements])
        more = ", ..." if array.size > elements else ""
        return f"{array.dtype.name} array of shape {array.shape}: [{shown}{more}]"
    if array.ndim == 0:
        return _number(array[()])
    if array.size <= 8 and array.ndim == 1:
        return "[" + " ".join(_number(v) for v in array) + "]"
    if array.size <= 8:
        return f"{array.dtype.name} {array.shape}: [" + " ".join(_number(v) for v in array.reshape(-1)) + "]"
    flat = array.reshape(-1)
    first = " ".join(_number(v) for v in flat[:elements])
    if array.dtype.kind == "b":
        stats = f"{int(flat.sum())} of {array.size} True"
    elif array.dtype.kind == "c":
        stats = f"mean {_number(flat.mean())}"
    else:
        with np.errstate(all="ignore"):
            stats = f"mean {_number(flat.mean())}, min {_number(flat.min())}, max {_number(flat.max())}"
    return f"{array.dtype.name} array of shape {array.shape}: {stats}; first [{first} ...]"


def _kept(value):
    """`value` when small enough to keep, else None (its summary is kept instead)."""
    if value is None:
        return None
    size = getattr(value, "size", 1)
    return value if size <= KEEP_VALUES_UP_TO else None


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    except (TypeError, ValueError, AttributeError):
        return False


# --- records -------------------------------------------------------------------------------------

@dataclass
class Step:
    """One executed op. `duration_ns` is its kernel's wall time."""
    op: object
    duration_ns: int
    output_shapes: tuple = ()

    @property
    def name(self) -> str:
        return self.op.name

    def __repr__(self):
        return f"Step({self.op.name})"


@dataclass
class Write:
    """A variable write: `op` set `variable` from `before` to `after` (None: no value / not kept).
    `step` is the position in `RunRecord.executed` of the writing op."""
    variable: str
    op: object
    before: object
    after: object
    before_summary: str
    after_summary: str
    step: int
    same: bool


@dataclass
class Change:
    """A variable's net change in one run: `before` the run, `after` it, and the ops that wrote it.
    `random_ops` names the random ops (that drew in this run) the written value came from."""
    variable: str
    before: object
    after: object
    before_summary: str
    after_summary: str
    ops: list
    random_ops: list

    def __repr__(self):
        return f"Change({self.variable}: {self.before_summary} -> {self.after_summary})"


@dataclass
class Failure:
    """Why a run raised: the error, and the failing op (None when no op is to blame)."""
    error: BaseException
    op: object

    @property
    def type(self) -> str:
        return type(self.error).__name__

    @property
    def message(self) -> str:
        return getattr(self.error, "message", None) or str(self.error)


@dataclass
class Fetched:
    """One fetched element (a Tensor or an Operation) and the value the run returned for it."""
    element: object
    value: object = None
    summary: str = ""

    @property
    def name(self) -> str:
        return self.element.name

    @property
    def is_operation(self) -> bool:
        return not hasattr(self.element, "value_index")


@dataclass
class Fed:
    tensor: object
    value: object
    summary: str


@dataclass
class RunRecord:
    """One `Session.run` call (numbered from 1 in `index`). `graph_version` is the number of ops the
    graph had when the run began."""
    index: int
    session: int
    site: tuple | None
    source: str
    fetched: list
    fed: list
    graph: object
    executed: list = field(default_factory=list)
    writes: list = field(default_factory=list)
    drew: list = field(default_factory=list)
    error: Failure | None = None
    duration_ns: int = 0
    finished: bool = False
    graph_version: int = 0
    backend: str = ""  # where the session's backend runs this plan, when it says (runtime/backends/xla.py)
    _start_ns: int = 0

    @property
    def changed(self) -> dict:
        """Variable name -> Change, for every variable whose value this run changed (a write of the
        value it already had is in `writes` but not here)."""
        drawn = {op.name for op in self.drew}
        result: dict = {}
        for name in self.written:
            ws = [w for w in self.writes if w.variable == name]
            first, last = ws[0], ws[-1]
            if first.before_summary != "(no value)" and (
                    all(w.same for w in ws) or
                    (first.before is not None and last.after is not None and _same(first.before, last.after))):
                continue
            ops = list(dict.fromkeys(w.op for w in ws))
            result[name] = Change(name, first.before, last.after, first.before_summary, last.after_summary, ops,
                                  [r for r in random_ancestors(last.op) if r in drawn])
        return result

    @property
    def written(self) -> list:
        """Names of every variable written in this run, changed or not."""
        return list(dict.fromkeys(w.variable for w in self.writes))


# --- graph helpers ------------------------------------------------------------------------------

def random_ancestors(op, limit: int = 10_000) -> list:
    """Names of the random ops `op` depends on through data inputs (not through variables)."""
    seen, stack, found = {op}, [op], []
    while stack and len(seen) < limit:
        current = stack.pop()
        if current.type in RANDOM_OP_TYPES:
            found.append(current.name)
        for t in current.inputs:
            producer = t.op
            if producer not in seen and producer.type not in ("VariableV2", "VarHandleOp"):
                seen.add(producer)
                stack.append(producer)
    return sorted(found)


def variable_initializers(graph) -> dict:
    """Initializer op name -> variable key, for the graph's global and local variables."""
    result = {}
    for key in ("variables", "local_variables"):
        for v in graph.get_collection(key):
            init = getattr(v, "initializer", None)
            var_op = getattr(v, "op", None)
            if init is not None and var_op is not None:
                result[init.name] = var_op.name
    return result


def variable_ops(graph) -> dict:
    """Variable key -> the op that holds it (VariableV2 or VarHandleOp), for every variable."""
    return {op.name: op for op in graph.get_operations() if op.type in ("VariableV2", "VarHandleOp")}


def _call_site():
    """(file, line) of the innermost frame outside the sessionflow package, and that line's text."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    if frame is None:
        return None, ""
    filename, line = frame.f_code.co_filename, frame.f_lineno
    return (filename, line), linecache.getline(filename, line).strip()


# --- the observer -------------------------------------------------------------------------------

class _Recorder(_observe.RunObserver):
    reports_pitfalls = True  # `sessionflow run`'s pitfall warnings stay quiet: the report says the same

    def __init__(self, trace: Trace):
        self._trace = trace
        self._local = threading.local()

    def begin_run(self, session, fetches, feeds):
        site, source = _call_site()
        t = self._trace
        record = RunRecord(
            index=0, session=t._session_number(session), site=site, source=source,
            fetched=[Fetched(f) for f in fetches],
            fed=[Fed(tensor, _kept(value), summarise(value)) for tensor, value in feeds.items()],
            graph=session.graph, graph_version=session.graph.version)
        record._start_ns = time.perf_counter_ns()
        t._append(record)
        self._local.run = record

    def _record(self):
        return getattr(self._local, "run", None)

    def end_step(self, op, start_ns, end_ns, outputs):
        record = self._record()
        if record is not None:
            record.executed.append(Step(op, end_ns - start_ns, tuple(tuple(getattr(o, "shape", ())) for o in outputs)))

    def wrote(self, key, op, old, new):
        record = self._record()
        if record is not None:
            record.writes.append(Write(key, op, _kept(old), _kept(new), summarise(old), summarise(new),
                                       len(record.executed), _same(old, new)))

    def plan_backend(self, note):
        record = self._record()
        if record is not None:
            record.backend = note

    def drew(self, op):
        record = self._record()
        if record is not None and op not in record.drew:
            record.drew.append(op)

    def failed(self, op, error):
        record = self._record()
        if record is not None and record.error is None:
            record.error = Failure(error, op if op is not None else getattr(error, "op", None))
            self._finish(record)

    def end_run(self, values):
        record = self._record()
        if record is None:
            return
        for fetched, value in zip(record.fetched, values):
            fetched.value = _kept(value)
            fetched.summary = "None" if fetched.is_operation else summarise(value)
        self._finish(record)

    def _finish(self, record):
        record.duration_ns = time.perf_counter_ns() - record._start_ns
        record.finished = True
        self._local.run = None
        if self._trace.on_run is not None:
            self._trace.on_run(record)


class Trace:
    """The records of every `Session.run` made while the trace was active (`runs`, in call order).

    `base_dir`: sites under it are shown relative to it (default: the current directory).
    `on_run(record)` is called as each run finishes (the CLI's progress indicator uses it).
    """

    def __init__(self, base_dir: str | None = None, on_run=None):
        self.runs: list[RunRecord] = []
        self.base_dir = os.path.abspath(base_dir) if base_dir else os.getcwd()
        self.on_run = on_run
        self.script: str | None = None
        self._recorder = _Recorder(self)
        self._lock = threading.Lock()
        self._sessions: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._session_count = 0

    def _session_number(self, session) -> int:
        with self._lock:
            number = self._sessions.get(session)
            if number is None:
                self._session_count += 1
                number = self._sessions[session] = self._session_count
            return number

    def _append(self, record: RunRecord):
        with self._lock:
            self.runs.append(record)
            record.index = len(self.runs)

    def start(self) -> Trace:
        _observe.add_observer(self._recorder)
        return self

    def stop(self) -> None:
        _observe.remove_observer(self._recorder)

    def __enter__(self) -> Trace:
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def pitfalls(self) -> list:
        """The classic TF1 pitfalls these runs show (sessionflow.pitfalls.Pitfall: a graph growing inside
        a loop, an initializer run again after training, a variable a training op never changes)."""
        from .pitfalls import find

        return find(self)

    def select(self, runs=None, match: str | None = None) -> list:
        """The records numbered in `runs` (1-based) and/or mentioning `match` (in the call's source,
        a fetched/fed/executed op name, or a written variable)."""
        from .tools.explain_report import select

        return select(self.runs, runs, match)

    def render(self, runs=None, match: str | None = None, all_ops: bool = False, primer: bool = True) -> str:
        """The plain-text report of the selected runs (see sessionflow/tools/explain_report.py):
        `all_ops` lists every op of long runs; `primer` starts with a how-to-read paragraph."""
        from .tools.explain_report import render

        return render(self, self.select(runs, match), all_ops=all_ops, primer=primer)

    def to_json(self, runs=None, match: str | None = None) -> dict:
        from .tools.explain_report import to_json

        return to_json(self, self.select(runs, match))

    def __str__(self):
        return self.render()

    def __repr__(self):
        return f"<sessionflow.explain.Trace: {len(self.runs)} runs>"


def trace(base_dir: str | None = None, on_run=None) -> Trace:
    """A context manager recording every `Session.run` inside it: `with trace() as t: ...`."""
    return Trace(base_dir, on_run)
