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

import threading

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
