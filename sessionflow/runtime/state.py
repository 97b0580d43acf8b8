"""A session's mutable state: variable values and the positions of its random streams.

Kernels of stateful ops never see the session; they get an `OpContext` bound to their op, which
reads and writes this store. Stored arrays are made read-only, so a value fetched or fed elsewhere
can never alias (and silently change) a variable.

Threads: a session may run from many threads at once. Every kernel that writes variables runs
holding those variables' locks (`exclusive`), so read-modify-write updates are atomic, with or
without `use_locking`; readers take no lock, since a stored array is never changed, only replaced.
Closing the session marks the store `closed`: runs in flight end with CancelledError.

Resources: queues, dataset iterators and lookup tables are objects that live in the session, as
variables do, keyed by their handle's name (`OpContext.resource`). A kernel that blocks (a dequeue
from an empty queue) waits through `OpContext.wait_until`, which honours the run's
`RunOptions.timeout_in_ms` (or the session's `operation_timeout_in_ms`) and wakes when the session
closes; closing the session also calls each resource's `cancel()`, so no thread is left waiting.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time

import numpy as np

from ..framework import dtypes, errors
from ..ops import philox

RUN_CANCELLED = "Run call was cancelled"  # TF's message for a run its session's close() interrupts
_WAIT_SLICE = 0.05  # seconds: how often a blocked kernel looks again at the session and the deadline

# The run the calling thread is executing: its deadline (time.monotonic() seconds, or None), set by
# Session.run from RunOptions.timeout_in_ms / ConfigProto.operation_timeout_in_ms (`run_deadline`).
_current_run = threading.local()


@contextlib.contextmanager
def run_deadline(timeout_ms: int):
    """While open, blocking kernels on this thread give up `timeout_ms` milliseconds from now (0: never)."""
    previous = getattr(_current_run, "deadline", None)
    _current_run.deadline = time.monotonic() + timeout_ms / 1000.0 if timeout_ms and timeout_ms > 0 else None
    try:
        yield
    finally:
        _current_run.deadline = previous


class VariableStore:
    """Variable values of one session, keyed by the variable's name (its op name or shared_name)."""

    __slots__ = ("values", "random_streams", "lock", "variable_locks", "closed", "intra_op_threads", "subgraphs",
                 "observer", "op_state", "resources")

    def __init__(self, intra_op_threads: int = 0):
        self.values: dict[str, np.ndarray] = {}
        self.random_streams: dict[str, list] = {}
        self.subgraphs: dict = {}  # (control-flow sub-graph, number of saved values) -> its executable
        self.observer = None  # a RunObserver while an observed run executes (runtime/observe.py)
        self.op_state: dict[str, dict] = {}  # per-op kernel state that is not a variable (Print's counter)
        self.resources: dict[str, object] = {}  # queues, iterators, tables: by handle name (OpContext.resource)
        self.lock = threading.Lock()
        self.variable_locks: dict[str, threading.Lock] = {}  # made on a variable's first update
        self.closed = False  # set by Session.close(): runs still executing stop
        self.intra_op_threads = intra_op_threads or os.cpu_count() or 1

    def close(self) -> None:
        """Marks the store closed and cancels its resources (a resource's `cancel()`, if it has one,
        wakes its waiters and stops its threads; it must not block). Never waits."""
        self.closed = True
        with self.lock:
            resources = list(self.resources.values())
            self.resources.clear()
        for resource in resources:
            cancel = getattr(resource, "cancel", None)
            if cancel is not None:
                cancel()
        self.values.clear()

    def variable_lock(self, key: str) -> threading.Lock:
        """The lock held while a kernel updates variable `key` (made on first use)."""
        lock = self.variable_locks.get(key)
        if lock is None:
            lock = self.variable_locks.setdefault(key, threading.Lock())  # atomic: one lock per key wins
        return lock


class OpContext:
    """What a stateful kernel may touch: its session's variables and its own random stream."""

    __slots__ = ("op", "_store")

    def __init__(self, store: VariableStore, op):
        self.op = op
        self._store = store

    def read(self, key: str) -> np.ndarray:
        """The variable's current value; FailedPreconditionError when it was never initialized."""
        try:
            return self._store.values[key]
        except KeyError:
            if self._store.closed:  # the session was closed under this run, emptying the store
                raise errors.CancelledError(None, None, RUN_CANCELLED) from None
            raise errors.FailedPreconditionError(
                None, None, f"Attempting to use uninitialized value {key}") from None

    def write(self, key: str, value) -> np.ndarray:
        value = np.asarray(value)
        if value.flags.writeable and value.base is not None:
            value = value.copy()
        value.flags.writeable = False
        store = self._store
        if store.closed:  # nothing lands in the store of a closed session
            raise errors.CancelledError(None, None, RUN_CANCELLED)
        if store.observer is not None:
            store.observer.wrote(key, self.op, store.values.get(key), value)
        store.values[key] = value
        return value

    @property
    def op_state(self) -> dict:
        """A dict private to this op in this session, for kernel state that is not a variable."""
        return self._store.op_state.setdefault(self.op.name, {})

    @property
    def lock(self):
        """What kernels with `use_locking` hold around a read-modify-write update: nothing more is
        needed, since every kernel that writes variables already runs holding their locks
        (`exclusive`), so this is a no-op context manager."""
        return _HELD

    def is_initialized(self, key: str) -> bool:
        return key in self._store.values

    # --- resources: queues, iterators, tables ------------------------------------------------
    def resource(self, key: str, create=None):
        """The session's resource named `key`. When it does not exist yet, `create()` makes it (once,
        even with many threads racing); without `create`, NotFoundError as TF reports a missing resource."""
        store = self._store
        found = store.resources.get(key)
        if found is not None:
            return found
        if store.closed:
            raise errors.CancelledError(None, None, RUN_CANCELLED)
        if create is None:
            raise errors.NotFoundError(None, None, f"Resource localhost/{key} does not exist.")
        with store.lock:
            found = store.resources.get(key)
            if found is None:
                found = store.resources[key] = create()
        return found

    def delete_resource(self, key: str) -> None:
        """Removes (and cancels) resource `key`; NotFoundError when there is none."""
        with self._store.lock:
            found = self._store.resources.pop(key, None)
        if found is None:
            raise errors.NotFoundError(None, None, f"Resource localhost/{key} does not exist.")
        cancel = getattr(found, "cancel", None)
        if cancel is not None:
            cancel()

    def wait_until(self, condition: threading.Condition, ready, what: str = "Timed out waiting for notification"):
        """Waits on `condition` (held by the caller) until `ready()` is true. Raises DeadlineExceededError
        with `what` when the run's deadline passes, CancelledError when the session closes."""
        deadline = getattr(_current_run, "deadline", None)
        store = self._store
        while not ready():
            if store.closed:
                raise errors.CancelledError(None, None, RUN_CANCELLED)
            wait = _WAIT_SLICE
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise errors.DeadlineExceededError(None, None, what)
                wait = min(wait, left)
            condition.wait(wait)

    def run_subgraph(self, subgraph, values, keep=False):
        """Runs a control-flow sub-graph (a cond branch, a loop body) in this session, feeding its
        inputs `values` in order; returns its outputs, or with `keep` (outputs, the values of the
        tensors in `subgraph.saved` that its gradients read). Its plans are built once per session."""
        store = self._store
        if store.closed:  # checked once per branch or loop iteration: a long loop stops soon after close()
            raise self._cancelled()
        saved = tuple(subgraph.saved) if keep else ()
        key = (subgraph, len(saved))
        executable = self._store.subgraphs.get(key)
        if executable is None:
            from .backends.numpy import NumpyExecutable
            from .plan import build_plan

            plan = build_plan(list(subgraph.outputs) + list(saved), subgraph.inputs, scope=subgraph.ops)
            executable = self._store.subgraphs[key] = NumpyExecutable(plan, self._store)
        feeds = dict(zip(subgraph.inputs, values))
        observer = self._store.observer
        try:
            results = executable.run_observed(feeds, observer) if observer is not None else executable.run(feeds)
        except errors.CancelledError:
            if store.closed:  # as TF reports it: the loop (or branch) was cancelled, not an op inside
                raise self._cancelled() from None
            raise
        if not keep:
            return results
        n = len(subgraph.outputs)
        return results[:n], results[n:]

    def _cancelled(self) -> errors.CancelledError:
        """TF's error for a control-flow op whose session was closed while it ran: a loop's own
        message ('body' marks While ops), else the run's."""
        return errors.CancelledError(
            None, None, "Loop execution was cancelled." if "body" in self.op.attrs else RUN_CANCELLED)

    @property
    def intra_op_threads(self) -> int:
        return self._store.intra_op_threads

    def random_stream(self, seed: int, seed2: int, blocks: int):
        """(Philox key, base counter) for this execution of the op; advances its stream by `blocks`.

        Seeds (0, 0) mean "seed non-deterministically", drawn once per op per session as TF does.
        """
        streams = self._store.random_streams
        name = self.op.name
        if self._store.observer is not None:
            self._store.observer.drew(self.op)
        with self._store.lock:
            stream = streams.get(name)
            if stream is None:
                if seed == 0 and seed2 == 0:
                    seed, seed2 = (int.from_bytes(os.urandom(8), "little") for _ in range(2))
                key, counter = philox.seeds_to_key_counter(seed, seed2)
                stream = streams[name] = [key, counter]
            key, base = stream
            stream[1] = base + blocks
        return key, base


_HELD = contextlib.nullcontext()

# A stateless step whose output has at least this many elements (as far as its static shape tells)
# checks for cancellation before it runs: a long chain of big steps stops soon after close(), and
# the check costs nothing next to the step. Small steps never check (the run as a whole does).
_CHECKED_STEP_SIZE = 1 << 14


def exclusive(fn, op, store: VariableStore):
    """`fn`, the bound kernel of `op` (called with the step's input values), wrapped as the session's
    threads need: when `op` writes variables it runs holding their locks, taken in sorted key order
    (Adam writes var, m and v; a fixed order never deadlocks), so its read-modify-write is atomic;
    a big stateless step first checks that the session is still open. Written variables are found
    from the op's declaration, so every update op gets this without saying so: they are the values
    of its reference inputs (`ref_inputs`, the Assign/Scatter/Apply families) and, for a stateful op
    without outputs (AssignVariableOp, ResourceApply*, ResourceScatter*: TF's resource writers all
    have none), of its resource-handle inputs. Keys known from the graph (a variable, a VarHandleOp)
    are looked up once, here; a handle computed at run time (fed into a loop body) when it runs."""
    positions = written_positions(op)
    if not positions:
        if not op.opdef.stateful and _static_size(op) >= _CHECKED_STEP_SIZE:
            return _checking_cancellation(fn, store)
        return fn
    keys = [_static_key(op.inputs[p]) for p in positions]
    if None not in keys:
        locks = [store.variable_lock(key) for key in sorted(set(keys))]
        return _holding(fn, locks[0]) if len(locks) == 1 else _holding_all(fn, locks)
    if len(positions) == 1:
        return _holding_lock_of(fn, positions[0], store)
    return _holding_locks_of(fn, positions, store)


# Op types whose resource inputs are not variables (queue and reader ops): they synchronize themselves,
# and one that blocks (an enqueue into a full queue) must not hold a lock that the op waking it needs.
NOT_VARIABLE_WRITERS: set[str] = set()


def written_positions(op) -> tuple:
    """The input positions of `op` whose values are the keys of variables it may write."""
    opdef = op.opdef
    if not opdef.stateful:
        return ()
    positions = list(opdef.ref_inputs)
    if not op.outputs and opdef.type not in NOT_VARIABLE_WRITERS:
        positions += [i for i, t in enumerate(op.inputs) if t.dtype.base_dtype is dtypes.resource]
    return tuple(sorted(set(positions)))


def _static_key(tensor):
    """The key of the variable `tensor` names when the graph says which (a variable, an update of
    one, a VarHandleOp: the key plans pass for a reference input), else None."""
    producer = tensor.op
    ref_key = producer.opdef.ref_key
    if ref_key is None or (tensor.dtype.base_dtype is dtypes.resource and producer.inputs):
        return None
    return ref_key(producer)


# Locks are taken with acquire()/release(), not `with`: that is about 100 ns faster per step.
def _holding(fn, lock):
    def run_locked(*args):
        lock.acquire()
        try:
            return fn(*args)
        finally:
            lock.release()

    return run_locked


def _holding_all(fn, locks):
    def run_locked(*args):
        for lock in locks:
            lock.acquire()
        try:
            return fn(*args)
        finally:
            for lock in reversed(locks):
                lock.release()

    return run_locked


def _holding_lock_of(fn, position, store):
    locks = store.variable_locks
    make = store.variable_lock

    def run_locked(*args):
        lock = locks.get(args[position]) or make(args[position])
        lock.acquire()
        try:
            return fn(*args)
        finally:
            lock.release()

    return run_locked


def _holding_locks_of(fn, positions, store):
    make = store.variable_lock

    def run_locked(*args):
        return _holding_all(fn, [make(key) for key in sorted({args[p] for p in positions})])(*args)

    return run_locked


def _checking_cancellation(fn, store):
    def run_checked(*args):
        if store.closed:
            raise errors.CancelledError(None, None, RUN_CANCELLED)
        return fn(*args)

    return run_checked


def _static_size(op) -> int:
    """The largest output of `op` in elements, counting unknown dimensions as 1."""
    largest = 0
    for t in op.outputs:
        dims = t.shape.as_tuple()
        if dims is None:
            continue
        size = 1
        for d in dims:
            size *= 1 if d is None else d
        largest = max(largest, size)
    return largest
