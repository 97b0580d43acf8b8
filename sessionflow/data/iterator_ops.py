"""Iterator ops: an iterator is a session resource (keyed by its handle's name) holding the Python
iterator of the dataset it was last initialized with.

IteratorV2 (a handle), MakeIterator (starts an iteration over a dataset; again: starts over),
IteratorGetNext (the next element; OutOfRangeError "End of sequence" at the end), OneShotIterator
(a handle whose iterator starts on first use from its `dataset_factory` sub-graph),
IteratorToStringHandle / IteratorFromStringHandleV2 (handles as strings, fed from one run to another).
"""

from __future__ import annotations

import threading

import numpy as np

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from ..ops.functional import Subgraph
from .functions import reraise_as_op_error, stateful_ops
from .values import DatasetValue, IteratorEnv, as_component

_HANDLE = (dtypes.resource, TensorShape([]))
_NOT_INITIALIZED = ("GetNext() failed because the iterator has not been initialized. Ensure that you have run the "
                    "initializer operation for this iterator before getting the next element.")


class IteratorResource:
    """One iterator in one session: the current iteration and the env its threads watch."""

    __slots__ = ("env", "lock", "output_shapes", "output_types", "source")

    def __init__(self, output_types=(), output_shapes=()):
        self.lock = threading.Lock()
        self.source = None
        self.env = None
        self.output_types = tuple(output_types)
        self.output_shapes = tuple(output_shapes)

    def start(self, dataset, ctx) -> None:
        """Starts iterating `dataset` (a DatasetValue), stopping any iteration already running. As in TF,
        where each initialization instantiates the dataset's functions afresh, random ops inside them
        start their streams over."""
        _restart_random_streams(ctx, dataset)
        env = IteratorEnv(ctx)
        previous = self.env
        if previous is not None:
            previous.stop()  # before taking the lock: a get_next waiting on the old threads gives it up
        with self.lock:
            if self.env is not None:
                self.env.stop()
            self.env = env
            self.source = iter(dataset.iterate(env))

    def get_next(self) -> tuple:
        with self.lock:
            source = self.source
            if source is None:
                raise errors.FailedPreconditionError(None, None, _NOT_INITIALIZED)
            try:
                element = next(source)
            except StopIteration:
                raise errors.OutOfRangeError(None, None, "End of sequence") from None
            except errors.OpError:
                raise
            except Exception as exc:
                raise reraise_as_op_error(exc) from exc
        return element

    def cancel(self) -> None:
        env = self.env
        if env is not None:
            env.stop()


def _functions_of(value, found: list, seen: set) -> None:
    """The function sub-graphs a dataset value (and the values it reads) runs."""
    if id(value) in seen:
        return
    seen.add(id(value))
    for name in getattr(type(value), "__slots__", ()):
        item = getattr(value, name, None)
        for part in item if isinstance(item, (tuple, list)) else (item,):
            if isinstance(part, Subgraph):
                found.append(part)
            elif isinstance(part, DatasetValue):
                _functions_of(part, found, seen)


def _restart_random_streams(ctx, dataset) -> None:
    functions: list = []
    _functions_of(dataset, functions, set())
    if not functions:
        return
    ops: set = set()
    for function in functions:
        stateful_ops(function, ops)
    streams = ctx._store.random_streams
    for op_ in ops:
        streams.pop(op_.name, None)


def _key(handle) -> str:
    value = handle.item() if isinstance(handle, np.ndarray) else handle
    return value.decode() if isinstance(value, bytes) else str(value)


@op("IteratorV2", attrs=dict(shared_name="", container="", output_types=(), output_shapes=()), stateful=True,
    foldable=False, type_attrs={})
class IteratorV2:
    """The handle of an iterator (the resource is made by MakeIterator)."""

    def infer(shared_name, container, output_types, output_shapes):
        return _HANDLE

    def kernel(ctx, xp, shared_name, container, output_types, output_shapes):
        return shared_name or ctx.op.name

    grad = NOT_DIFFERENTIABLE



@op("MakeIterator", inputs=("dataset", "iterator"), stateful=True, foldable=False, type_attrs={})
class MakeIterator:
    """Starts the iterator over `dataset` (from its first element, even if it ran before)."""

    def infer(dataset, iterator):
        return []

    def kernel(ctx, xp, dataset, iterator):
        resource = ctx.resource(_key(iterator), IteratorResource)
        resource.start(dataset, ctx)

    grad = NOT_DIFFERENTIABLE


@op("OneShotIterator", attrs=dict(dataset_factory=None, output_types=(), output_shapes=(), container="",
                                  shared_name=""),
    stateful=True, foldable=False, type_attrs={})
class OneShotIterator:
    """The handle of an iterator that starts over its dataset (made by running `dataset_factory`)
    the first time it is used in a session, and only then."""

    def infer(dataset_factory, output_types, output_shapes, container, shared_name):
        return _HANDLE

    def kernel(ctx, xp, dataset_factory, output_types, output_shapes, container, shared_name):
        key = shared_name or ctx.op.name

        def create():
            resource = IteratorResource(output_types, output_shapes)
            (dataset,) = ctx.run_subgraph(dataset_factory, ())
            resource.start(dataset, ctx)
            return resource

        ctx.resource(key, create)
        return key

    grad = NOT_DIFFERENTIABLE


@op("IteratorGetNext", inputs=("iterator",), attrs=dict(output_types=(), output_shapes=()), stateful=True,
    foldable=False, type_attrs={})
class IteratorGetNext:
    """The iterator's next element; OutOfRangeError at the end."""

    def infer(iterator, output_types, output_shapes):
        return [(d, s if isinstance(s, TensorShape) else TensorShape(s)) for d, s in zip(output_types, output_shapes)]

    def kernel(ctx, xp, iterator, output_types, output_shapes):
        element = ctx.resource(_key(iterator), IteratorResource).get_next()
        if len(element) != len(output_types):
            raise errors.InvalidArgumentError(
                None, None, f"Number of components does not match: expected {len(output_types)} types but got "
                            f"{len(element)}.")
        values = []
        for value, dtype, shape in zip(element, output_types, output_shapes):
            if dtype == dtypes.variant:
                values.append(value)
                continue
            array = as_component(value, dtype)
            if not shape.is_compatible_with(array.shape):
                raise errors.InvalidArgumentError(
                    None, None, f"Incompatible shapes: the element has shape {list(array.shape)}, the iterator "
                                f"expects {shape}.")
            values.append(array)
        return values[0] if len(values) == 1 else tuple(values)

    grad = NOT_DIFFERENTIABLE


@op("IteratorToStringHandle", inputs=("resource_handle",), stateful=True, foldable=False, type_attrs={})
class IteratorToStringHandle:
    """The iterator's handle as a string, for IteratorFromStringHandleV2 (fed in a later run)."""

    def infer(resource_handle):
        return dtypes.string, TensorShape([])

    def kernel(ctx, xp, resource_handle):
        return np.asarray(_key(resource_handle).encode(), dtype=object)

    grad = NOT_DIFFERENTIABLE


@op("IteratorFromStringHandleV2", inputs=("string_handle",), attrs=dict(output_types=(), output_shapes=()),
    stateful=True, foldable=False, type_attrs={})
class IteratorFromStringHandleV2:
    """The iterator a string handle names."""

    def infer(string_handle, output_types, output_shapes):
        return _HANDLE

    def kernel(ctx, xp, string_handle, output_types, output_shapes):
        key = _key(string_handle)
        if not key:
            raise errors.InvalidArgumentError(None, None, "Could not parse string_handle as a valid ResourceHandle")
        return key

    grad = NOT_DIFFERENTIABLE
