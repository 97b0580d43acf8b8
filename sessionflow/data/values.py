"""What a dataset op computes: a *dataset value*, a description that makes Python iterators of
elements (tuples of arrays, one per component), carried in the op's variant output.

`DatasetValue.iterate(env)` returns a fresh iterator; `env` (an `IteratorEnv`) is the iterator resource
it serves: the session (`env.ctx`, an OpContext, runs functions), and the stop flag its background
threads (prefetch, parallel map) watch, set when the iterator is re-initialized or the session closes.
A component may be a NumPy array or a plain Python scalar (bytes, int, float): batching and
`IteratorGetNext` convert it to the component's dtype.

Dataset ops are declared stateful (TF marks its dataset ops so, to keep them from constant folding): their
kernels take the OpContext, nothing folds them, and each run that needs one makes a fresh value.
"""

from __future__ import annotations

import queue
import threading

from itertools import islice

import numpy as np

from ..framework import dtypes, errors
from ..framework.tensor_shape import TensorShape

VARIANT = (dtypes.variant, TensorShape([]))


class IteratorEnv:
    """The resource an iterator serves: its session's OpContext and its stop flag."""

    __slots__ = ("ctx", "executors", "stopped")

    def __init__(self, ctx):
        self.ctx = ctx
        self.stopped = threading.Event()
        self.executors: list = []

    def stop(self) -> None:
        """Stops background threads without waiting for them."""
        self.stopped.set()
        for executor in self.executors:
            executor.shutdown(wait=False, cancel_futures=True)


class DatasetValue:
    """A dataset: `iterate(env)` makes an iterator over its elements (tuples of components)."""

    __slots__ = ()

    def iterate(self, env: IteratorEnv):
        raise NotImplementedError

    def iterate_blocks(self, env: IteratorEnv, size: int):
        """The elements in lists of `size` (the last one shorter, none empty), for `batch`. A dataset that can
        produce its elements in bulk (the TFRecord reader) overrides it."""
        source = iter(self.iterate(env))
        while True:
            rows = list(islice(source, size))
            if not rows:
                return
            yield rows

    def __repr__(self):
        return f"<{type(self).__name__}>"


def scalar(value, name: str) -> int:
    """A scalar argument of a dataset op as a Python int."""
    array = np.asarray(value)
    if array.ndim != 0:
        raise errors.InvalidArgumentError(None, None, f"{name} must be a scalar")
    return int(array)


def as_component(value, dtype):
    """A component as its dtype's array (strings: an object array of bytes)."""
    np_dtype = dtype.as_numpy_dtype
    if isinstance(value, np.ndarray) and value.dtype == np_dtype:
        return value
    if np_dtype is np.object_:
        array = np.asarray(value, dtype=object)
        if array.ndim == 0 and isinstance(value, str):
            return np.asarray(value.encode(), dtype=object)
        return array
    return np.asarray(value, dtype=np_dtype)


def stack_components(rows, dtypes_):
    """Batches a list of elements into one element: each component stacked along a new first axis;
    InvalidArgumentError (TF's text) when their shapes differ."""
    out = []
    for k, dtype in enumerate(dtypes_):
        column = [row[k] for row in rows]
        np_dtype = dtype.as_numpy_dtype
        first = column[0]
        if dtype == dtypes.variant:
            from .sparse import SparseValue, stack

            if not isinstance(first, SparseValue):
                raise errors.InvalidArgumentError(None, None, f"Cannot batch component {k}: a dataset or other "
                                                              "variant value")
            out.append(stack(column))
            continue
        if not isinstance(first, np.ndarray):
            out.append(np.array(column, dtype=np_dtype))
            continue
        shape = first.shape
        for i, c in enumerate(column):
            if np.shape(c) != shape:
                raise errors.InvalidArgumentError(
                    None, None, "Cannot batch tensors with different shapes in component "
                                f"{k}. First element had shape [{','.join(map(str, shape))}] and element {i} had "
                                f"shape [{','.join(map(str, np.shape(c)))}].")
        out.append(np.stack(column).astype(np_dtype, copy=False) if column else np.zeros((0,), np_dtype))
    return tuple(out)


_END = object()


def made_ahead(make_source, env, size: int, thread_name: str = "sessionflow-prefetch"):
    """The elements of `make_source()`, made ahead by a background thread (started now) into a buffer of
    `size`. The thread stops when the iterator is re-initialized or its session closes, or when this generator is
    closed; it never blocks for long (it waits in slices). An error in the source is raised here."""
    buffer = queue.Queue(size)
    stopped = env.stopped
    local_stop = threading.Event()

    def produce():
        try:
            for element in make_source():
                while True:
                    if stopped.is_set() or local_stop.is_set():
                        return
                    try:
                        buffer.put(element, timeout=0.05)
                        break
                    except queue.Full:
                        continue
            item = _END
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            item = exc
        while not (stopped.is_set() or local_stop.is_set()):
            try:
                buffer.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    threading.Thread(target=produce, name=thread_name, daemon=True).start()
    return _taken(buffer, stopped, local_stop)


def _taken(buffer, stopped, local_stop):
    """The consumer side of `made_ahead` (a generator; the thread already runs)."""
    try:
        while True:
            try:
                item = buffer.get(timeout=0.05)
            except queue.Empty:
                if stopped.is_set():
                    raise errors.CancelledError(None, None, "Iterator was cancelled") from None
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        local_stop.set()
