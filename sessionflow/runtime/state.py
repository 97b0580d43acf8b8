"""A session's mutable state: variable values and the positions of its random streams.

Kernels of stateful ops never see the session; they get an `OpContext` bound to their op, which
reads and writes this store. Stored arrays are made read-only, so a value fetched or fed elsewhere
can never alias (and silently change) a variable.
"""

from __future__ import annotations

import os
import threading

import numpy as np

from ..framework import errors
from ..ops import philox


class VariableStore:
    """Variable values of one session, keyed by the variable's name (its op name or shared_name)."""

    __slots__ = ("values", "random_streams", "lock", "update_lock", "intra_op_threads", "subgraphs", "observer",
                 "op_state")

    def __init__(self, intra_op_threads: int = 0):
        self.values: dict[str, np.ndarray] = {}
        self.random_streams: dict[str, list] = {}
        self.subgraphs: dict = {}  # (control-flow sub-graph, number of saved values) -> its executable
        self.observer = None  # a RunObserver while an observed run executes (runtime/observe.py)
        self.op_state: dict[str, dict] = {}  # per-op kernel state that is not a variable (Print's counter)
        self.lock = threading.Lock()
        self.update_lock = threading.RLock()
        self.intra_op_threads = intra_op_threads or os.cpu_count() or 1


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
            raise errors.FailedPreconditionError(
                None, None, f"Attempting to use uninitialized value {key}") from None

    def write(self, key: str, value) -> np.ndarray:
        value = np.asarray(value)
        if value.flags.writeable and value.base is not None:
            value = value.copy()
        value.flags.writeable = False
        store = self._store
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
        """The lock kernels with `use_locking` hold around read-modify-write updates."""
        return self._store.update_lock

    def is_initialized(self, key: str) -> bool:
        return key in self._store.values

    def run_subgraph(self, subgraph, values, keep=False):
        """Runs a control-flow sub-graph (a cond branch, a loop body) in this session, feeding its
        inputs `values` in order; returns its outputs, or with `keep` (outputs, the values of the
        tensors in `subgraph.saved` that its gradients read). Its plans are built once per session."""
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
        results = executable.run_observed(feeds, observer) if observer is not None else executable.run(feeds)
        if not keep:
            return results
        n = len(subgraph.outputs)
        return results[:n], results[n:]

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
