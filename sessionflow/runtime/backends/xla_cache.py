"""The XLA backend's compiled forms of one plan, one per shape of its feeds, in a bounded LRU.

`jax.jit` compiles a function again for every new shape of its arguments and keeps every executable.
Feeds whose shapes vary (a last, smaller batch; sequences of many lengths) would then compile without
bound. A plan's `ShapeCache` instead holds one jitted function per key (the fed arrays' shapes and
dtypes), at most SESSIONFLOW_XLA_SHAPE_CACHE of them (8): using a key makes it the most recent, and
adding one past the bound drops the least recently used, whose executable JAX then frees. Each
addition after the first records why the plan recompiled (`last_recompile`), in the words
`sessionflow explain` shows. `compile_behind` starts the background compiles of "auto".
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

CAPACITY = int(os.environ.get("SESSIONFLOW_XLA_SHAPE_CACHE", "8"))


def shape_key(fed: list) -> tuple:
    """The key of a run's fed arrays (NumPy arrays, as Session makes every fed value): their shapes and
    dtypes, in the plan's feed order."""
    return tuple([(v.shape, v.dtype) for v in fed])


def compile_behind(warm, fed, state) -> threading.Thread:
    """Starts `warm(fed, state)` (a plan's background compile) on its own thread. Not a daemon: at exit the
    interpreter waits for a compile in flight, since a daemon thread stopped inside XLA's compiler when the
    interpreter finalizes aborts the whole process ("terminate called ... FATAL: exception not rethrown")."""
    thread = threading.Thread(target=warm, args=(fed, state), name="sessionflow-xla-compile", daemon=False)
    thread.start()
    return thread


def _shape_text(shape) -> str:
    return str(tuple(int(d) for d in shape))


class ShapeCache:
    """Jitted functions of one plan keyed by `shape_key`, least recently used first.

    `feed_names` are the names of the plan's fed tensors, in the order of the keys' entries."""

    def __init__(self, feed_names: tuple, capacity: int | None = None):
        self.capacity = max(1, CAPACITY if capacity is None else capacity)
        self._names = feed_names
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.last_recompile: str | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key) -> bool:
        return key in self._entries

    def get(self, key):
        """The function compiled (or to be compiled) for `key`, made the most recent; None if absent."""
        with self._lock:
            fn = self._entries.get(key)
            if fn is not None:
                self._entries.move_to_end(key)
            return fn

    def add(self, key, fn) -> str | None:
        """Holds `fn` for `key` (evicting the least recently used past the bound); returns the recompile
        note when other shapes were compiled before, None for the plan's first."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return None
            before = next(reversed(self._entries)) if self._entries else None
            self._entries[key] = fn
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
            if before is None:
                return None
            self.last_recompile = note = self.recompile_note(key, before)
            return note

    def recompile_note(self, key, before) -> str:
        """Why a plan compiled for `key` although it had one for `before`: the first feed whose shape
        (or dtype) differs, and how full the cache is."""
        why = "a new feed signature"
        for name, (shape, dtype), (old_shape, old_dtype) in zip(self._names, key, before):
            if tuple(shape) != tuple(old_shape):
                why = f"feed {name} of shape {_shape_text(shape)} (compiled before: {_shape_text(old_shape)})"
                break
            if dtype != old_dtype:
                why = f"feed {name} of dtype {dtype} (compiled before: {old_dtype})"
                break
        count = len(self._entries) if key in self._entries else min(len(self._entries) + 1, self.capacity)
        return f"plan recompiled for {why}; {count} of {self.capacity} shapes cached"

    def latest(self):
        """The most recently used key, or None when nothing is cached."""
        with self._lock:
            return next(reversed(self._entries)) if self._entries else None

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
