"""Queues as they live in a session: the objects behind FIFOQueueV2, RandomShuffleQueueV2,
PaddingFIFOQueueV2 and PriorityQueueV2 handles (ops/queues.py declares the ops).

Semantics follow TF's queue kernels. Enqueue attempts and dequeue attempts each wait in line: only
the attempt at the front of its line makes progress, so elements keep their order and a blocked
`enqueue_many` or `dequeue_many` fills or drains as room or elements appear. `close()` without
cancelling is an enqueue attempt too (it waits behind pending enqueues, as in TF); closing with
`cancel_pending_enqueues` fails them at once. Attempts run in whichever thread changes the queue
(TF's FlushUnlocked); their own threads only wait, through `OpContext.wait_until`, so
`RunOptions.timeout_in_ms` and `Session.close()` end the wait (a dequeue cut short loses what it had
taken, as in TF). An element is a tuple of arrays, one per component.
"""

from __future__ import annotations

import collections
import heapq
import itertools
import os
import threading

import numpy as np

from ..framework import errors
from . import philox

UNBOUNDED = 2 ** 31 - 1  # TF's kUnbounded: capacity -1


def shape_text(dims) -> str:
    """A shape as TF's kernels print it: `[2,3]`, `[?,3]` for a partial one, `[]` for a scalar."""
    return "[" + ",".join("?" if d is None or d < 0 else str(d) for d in dims) + "]"


_NONE, _PROGRESS, _COMPLETE = range(3)  # what one step of an attempt achieved


class _Attempt:
    """One enqueue, dequeue or close waiting in its line: `need` elements still to move; `step` runs it."""

    __slots__ = ("need", "taken", "error", "done", "step")

    def __init__(self, need: int):
        self.need = need
        self.taken: list = []
        self.error = None
        self.done = False
        self.step = None


_resource_ids = itertools.count()  # TF's ResourceMgr ids: one counter for the whole process
_resource_ids_lock = threading.Lock()


def resource_namer(ctx, shared_name: str):
    """A function giving the name TF's messages use for a resource `ctx.op` makes: its shared_name, else
    `_<n>_<op name>`, n counting the process's unnamed resources in the order they are made, as TF's."""
    if shared_name:
        return lambda: shared_name

    def name() -> str:
        with _resource_ids_lock:
            return f"_{next(_resource_ids)}_{ctx.op.name}"

    return name


class Queue:
    """A FIFO queue of elements (tuples of arrays). Subclasses change where elements go and come from."""

    kind = "FIFOQueue"

    def __init__(self, name: str, dtypes, shapes, capacity: int):
        self.name = name
        self.dtypes = list(dtypes)
        # per component: a tuple of dims (None: unknown, only in padding queues); None when not specified
        self.shapes = [tuple(s) for s in shapes] if shapes else None
        self.capacity = capacity if capacity >= 0 else UNBOUNDED
        self.closed = False
        self.condition = threading.Condition()
        self._enqueuers: collections.deque = collections.deque()
        self._dequeuers: collections.deque = collections.deque()
        self._items: collections.deque = collections.deque()

    # --- storage: subclasses override ------------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    def _put(self, element) -> None:
        self._items.append(element)

    def _take(self):
        return self._items.popleft()

    def _restore(self, taken: list) -> None:
        """Puts a partly dequeued batch back (TF: at the front, in its order)."""
        for element in reversed(taken):
            self._items.appendleft(element)

    def _available(self, size: int) -> int:
        """How many of `size` elements a dequeue may take now."""
        return size

    # --- checks ------------------------------------------------------------------------------
    def check_element(self, element) -> None:
        """TF's ValidateTuple: the number of components, their dtypes and (when specified) shapes."""
        self._check_components(element)
        if self.shapes is not None:
            for i, (value, shape) in enumerate(zip(element, self.shapes)):
                if not _fits(value.shape, shape):
                    raise errors.InvalidArgumentError(
                        None, None, f"Shape mismatch in tuple component {i}. Expected {shape_text(shape)}, got "
                                    f"{shape_text(value.shape)}")

    def check_batch(self, batch) -> int:
        """TF's ValidateManyTuple; returns the batch size."""
        self._check_components(batch)
        for i, value in enumerate(batch):
            if value.ndim == 0:
                raise errors.InvalidArgumentError(
                    None, None, f"Shape mismatch in tuple component {i}. Expected [?,...], got []")
        n = batch[0].shape[0]
        if self.shapes is not None:
            for i, (value, shape) in enumerate(zip(batch, self.shapes)):
                if not _fits(value.shape, (n,) + shape):
                    raise errors.InvalidArgumentError(
                        None, None, f"Shape mismatch in tuple component {i}. Expected {shape_text((n,) + shape)}, "
                                    f"got {shape_text(value.shape)}")
        else:
            for i, value in enumerate(batch[1:], 1):
                if value.shape[0] != n:
                    raise errors.InvalidArgumentError(
                        None, None, "All input tensors must have the same size in the 0th dimension. Component "
                                    f"{i} has {value.shape[0]}, and should have {n}")
        return n

    def _check_components(self, components) -> None:
        if len(components) != len(self.dtypes):
            raise errors.InvalidArgumentError(
                None, None, f"Wrong number of components in tuple. Expected {len(self.dtypes)}, got "
                            f"{len(components)}")

    # --- operations ----------------------------------------------------------------------------
    def size(self) -> int:
        with self.condition:
            return len(self)

    def enqueue(self, ctx, element) -> None:
        self.check_element(element)
        self._wait_in_line(ctx, self._enqueuers, _Attempt(1), lambda a: self._enqueue_step(a, [element]))

    def enqueue_many(self, ctx, batch) -> None:
        n = self.check_batch(batch)
        if n == 0:
            return
        rows = [tuple(component[i, ...] for component in batch) for i in range(n)]  # 0-d arrays, not scalars
        self._wait_in_line(ctx, self._enqueuers, _Attempt(n), lambda a: self._enqueue_step(a, rows))

    def dequeue(self, ctx):
        attempt = self._wait_in_line(ctx, self._dequeuers, _Attempt(1), lambda a: self._dequeue_step(a, False))
        return attempt.taken[0]

    def dequeue_many(self, ctx, n: int, allow_small_batch: bool):
        """`n` elements stacked per component (fewer, at least one, when closed and `allow_small_batch`)."""
        if self.shapes is None:
            raise errors.InvalidArgumentError(
                None, None, f"{self.kind}'s DequeueMany and DequeueUpTo require the components to have specified "
                            "shapes.")
        if n < 0:
            raise errors.InvalidArgumentError(None, None, f"DequeueMany requested {n} < 0 elements")
        if n == 0:
            return self._batch([])
        attempt = self._wait_in_line(ctx, self._dequeuers, _Attempt(n),
                                     lambda a: self._dequeue_step(a, allow_small_batch))
        return self._batch(attempt.taken)

    def close(self, ctx, cancel_pending_enqueues: bool) -> None:
        if cancel_pending_enqueues:
            with self.condition:
                self.closed = True
                for attempt in self._enqueuers:
                    attempt.error = errors.CancelledError(None, None, "Enqueue operation was cancelled")
                    attempt.done = True
                self._enqueuers.clear()
                self._flush()
                self.condition.notify_all()
            return
        self._wait_in_line(ctx, self._enqueuers, _Attempt(0), self._close_step)

    def is_closed(self) -> bool:
        with self.condition:
            return self.closed

    def cancel(self) -> None:
        """The session closed: wake every waiter (each then raises CancelledError)."""
        with self.condition:
            self.condition.notify_all()

    # --- attempts --------------------------------------------------------------------------------
    # As TF's FlushUnlocked: whenever an attempt joins or leaves a line, the front attempts of both lines
    # run, in the thread that changed things, until neither makes progress. A step returns one of
    # _NONE, _PROGRESS (moved some elements, not all) or _COMPLETE.
    def _wait_in_line(self, ctx, line, attempt: _Attempt, step) -> _Attempt:
        attempt.step = step
        with self.condition:
            line.append(attempt)
            self._flush()
            try:
                ctx.wait_until(self.condition, lambda: attempt.done)
            except BaseException as e:
                if attempt in line:  # cancelled (deadline, closed session): what a dequeue took is lost, as in TF
                    line.remove(attempt)
                    self._flush()
                if isinstance(e, errors.CancelledError):  # the session closed: TF cancels the attempt itself
                    what = "Enqueue" if line is self._enqueuers else "Dequeue"
                    raise errors.CancelledError(None, None, f"{what} operation was cancelled") from None
                raise
        if attempt.error is not None:
            raise attempt.error
        return attempt

    def _flush(self) -> None:
        progress = False
        while True:
            changed = self._run_line(self._enqueuers)
            changed = self._run_line(self._dequeuers) or changed
            if not changed:
                break
            progress = True
        if progress:
            self.condition.notify_all()

    @staticmethod
    def _run_line(line) -> bool:
        progress = False
        while line:
            attempt = line[0]
            status = attempt.step(attempt)
            if status == _NONE:
                break
            progress = True
            if status == _PROGRESS:
                break
            attempt.done = True
            line.popleft()
        return progress

    def _enqueue_step(self, attempt: _Attempt, rows) -> int:
        if self.closed:
            attempt.error = errors.CancelledError(None, None, f"{self.kind} '{self.name}' is closed.")
            return _COMPLETE
        status = _NONE
        while len(self) < self.capacity:
            self._put(rows[len(rows) - attempt.need])
            attempt.need -= 1
            if attempt.need == 0:
                return _COMPLETE
            status = _PROGRESS
        return status

    def _close_step(self, attempt: _Attempt) -> int:
        if self.closed:
            attempt.error = errors.CancelledError(None, None, f"Queue '{self.name}' is already closed.")
        self.closed = True
        return _COMPLETE

    def _dequeue_step(self, attempt: _Attempt, allow_small_batch: bool) -> int:
        size = len(self)
        if self.closed and size < attempt.need:
            if attempt.taken:
                self._restore(attempt.taken)
                attempt.taken = []
            if allow_small_batch and len(self):
                attempt.need = size = len(self)
            else:
                if allow_small_batch and self._enqueuers:
                    return _NONE  # a pending enqueue may still bring elements
                attempt.error = errors.OutOfRangeError(
                    None, None, f"{self.kind} '{self.name}' is closed and has insufficient elements (requested "
                                f"{attempt.need}, current size {size})")
                return _COMPLETE
        available = size if self.closed else self._available(size)
        status = _NONE
        while available > 0:
            attempt.taken.append(self._take())
            attempt.need -= 1
            available -= 1
            if attempt.need == 0:
                return _COMPLETE
            status = _PROGRESS
        return status

    def _batch(self, taken: list) -> list:
        """The components of `taken` elements stacked along a new first dimension."""
        out = []
        for i, (dtype, shape) in enumerate(zip(self.dtypes, self.shapes)):
            if taken:
                out.append(np.stack([element[i] for element in taken]))
            else:
                out.append(np.zeros((0,) + tuple(d or 0 for d in shape), dtype=dtype.as_numpy_dtype))
        return out


def _fits(actual, expected) -> bool:
    """Whether an array shape matches a (possibly partial) declared shape."""
    return len(actual) == len(expected) and all(e is None or e < 0 or a == e for a, e in zip(actual, expected))


class RandomShuffleQueue(Queue):
    """Dequeues a random element: TF's Philox draw (seed, seed2) modulo the size, the chosen element
    replaced by the last one. Until closed, `min_after_dequeue` elements always stay."""

    kind = "RandomShuffleQueue"

    def __init__(self, name, dtypes, shapes, capacity, min_after_dequeue, seed, seed2):
        super().__init__(name, dtypes, shapes, capacity)
        self._items = []
        self.min_after_dequeue = min_after_dequeue
        if seed == 0 and seed2 == 0:
            seed, seed2 = (int.from_bytes(os.urandom(8), "little") for _ in range(2))
        self._key, self._counter = philox.seeds_to_key_counter(seed, seed2)
        self._words: list = []

    def _next_word(self) -> int:
        if not self._words:
            self._words = [int(w) for w in philox.blocks(np, self._key, self._counter, 1)[0]][::-1]
            self._counter += 1
        return self._words.pop()

    def _take(self):
        items = self._items
        index = self._next_word() % len(items)
        element = items[index]
        items[index] = items[-1]
        items.pop()
        return element

    def _restore(self, taken: list) -> None:
        for element in reversed(taken):
            self._items.append(element)

    def _available(self, size: int) -> int:
        return size - self.min_after_dequeue


class PaddingFIFOQueue(Queue):
    """A FIFO queue whose shapes may have unknown dimensions; `dequeue_many` pads each component to
    the largest element of the batch with zeros (empty strings, False)."""

    kind = "PaddingFIFOQueue"

    def _batch(self, taken: list) -> list:
        out = []
        for i, (dtype, shape) in enumerate(zip(self.dtypes, self.shapes)):
            dims = [max((element[i].shape[d] for element in taken), default=0) if s is None or s < 0 else s
                    for d, s in enumerate(shape)]
            fill = b"" if dtype.as_numpy_dtype is np.object_ else 0
            batch = np.full([len(taken)] + dims, fill, dtype=dtype.as_numpy_dtype)
            for row, element in enumerate(taken):
                value = element[i]
                batch[(row,) + tuple(slice(0, d) for d in value.shape)] = value
            out.append(batch)
        return out


class PriorityQueue(Queue):
    """Dequeues the element with the smallest priority (component 0, an int64 scalar) first; equal
    priorities leave in the order they came."""

    kind = "PriorityQueue"

    def __init__(self, name, dtypes, shapes, capacity):
        super().__init__(name, dtypes, shapes, capacity)
        self._items = []
        self._arrivals = itertools.count()

    def check_element(self, element) -> None:
        super().check_element(element)
        if np.ndim(element[0]) != 0:
            raise errors.InvalidArgumentError(
                None, None, f"Expected the priority element to be a scalar, but received shape: "
                            f"{shape_text(np.shape(element[0]))}")

    def _put(self, element) -> None:
        heapq.heappush(self._items, (int(element[0]), next(self._arrivals), element))

    def _take(self):
        return heapq.heappop(self._items)[2]

    def _restore(self, taken: list) -> None:
        for element in taken:
            self._put(element)
