"""Queue ops (TF's V2 op types on resource handles) and the TF1 queue classes: `tf.QueueBase`,
`tf.FIFOQueue`, `tf.RandomShuffleQueue`, `tf.PaddingFIFOQueue`, `tf.PriorityQueue` (also under
`tf.queue` and `tf.io`).

A queue handle op (FIFOQueueV2, ...) makes its queue in the session the first time it runs, keyed by
its shared_name or else its op name; its value is that key. The queue objects themselves and their
blocking rules are in ops/queue_resources.py.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np

from ..framework import dtypes as _dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.scopes import init_scope, name_scope
from ..framework.seeds import get_seed
from ..framework.tensor_shape import Dimension, TensorShape, as_shape, dimension_value
from ..runtime.state import NOT_VARIABLE_WRITERS
from . import queue_resources as qr
from .constant import convert_to_tensor

NOT_VARIABLE_WRITERS.update(("QueueEnqueueV2", "QueueEnqueueManyV2", "QueueCloseV2"))


def handle_key(handle) -> str:
    """The session key a resource handle's value names."""
    if isinstance(handle, np.ndarray):
        handle = handle.item() if handle.ndim == 0 else handle.reshape(-1)[0]
    return handle.decode() if isinstance(handle, bytes) else str(handle)


def queue_of(ctx, handle) -> qr.Queue:
    """The queue `handle` names in ctx's session (NotFoundError when its handle op never ran there)."""
    queue = ctx.resource(handle_key(handle))
    if not isinstance(queue, qr.Queue):
        raise errors.InvalidArgumentError(None, None, f"Resource {handle_key(handle)} is not a queue")
    return queue


def _dims(shapes) -> list:
    return [as_shape(s).as_tuple() for s in shapes]


def resource_handle(ctx, shared_name: str, make) -> np.ndarray:
    """A handle kernel's work: the session's resource for `ctx.op` (made by `make(display name)` on first
    use), and the handle value naming it: its key, as a string scalar (so handles stack and gather)."""
    state = ctx.op_state
    handle = state.get("handle")
    if handle is None:  # the op's first run in this session
        key = shared_name or ctx.op.name
        namer = qr.resource_namer(ctx, shared_name)
        ctx.resource(key, lambda: make(namer()))
        handle = np.empty((), dtype=object)
        handle[()] = key
        handle.flags.writeable = False
        state["handle"] = handle
    return handle


_HANDLE = dict(component_types=(), shapes=(), capacity=-1, container="", shared_name="")


@op("FIFOQueueV2", attrs=_HANDLE, stateful=True, type_attrs={})
class FIFOQueueV2:
    """A first-in first-out queue's handle."""

    def infer(component_types, shapes, capacity, container, shared_name):
        return _dtypes.resource, []

    def kernel(ctx, xp, component_types, shapes, capacity, container, shared_name):
        return resource_handle(ctx, shared_name, lambda name: qr.Queue(name, component_types, _dims(shapes), capacity))

    grad = NOT_DIFFERENTIABLE


@op("PaddingFIFOQueueV2", attrs=_HANDLE, stateful=True, type_attrs={})
class PaddingFIFOQueueV2:
    """A FIFO queue whose dequeue_many pads components with unknown dimensions."""

    def infer(component_types, shapes, capacity, container, shared_name):
        return _dtypes.resource, []

    def kernel(ctx, xp, component_types, shapes, capacity, container, shared_name):
        return resource_handle(ctx, shared_name,
                              lambda name: qr.PaddingFIFOQueue(name, component_types, _dims(shapes), capacity))

    grad = NOT_DIFFERENTIABLE


@op("RandomShuffleQueueV2", attrs=dict(_HANDLE, min_after_dequeue=0, seed=0, seed2=0), stateful=True, type_attrs={})
class RandomShuffleQueueV2:
    """A queue that dequeues elements in a random order (TF's Philox draws for the same seeds)."""

    def infer(component_types, shapes, capacity, min_after_dequeue, seed, seed2, container, shared_name):
        return _dtypes.resource, []

    def kernel(ctx, xp, component_types, shapes, capacity, min_after_dequeue, seed, seed2, container, shared_name):
        if min_after_dequeue < 0:
            raise errors.InvalidArgumentError(None, None, f"min_after_dequeue {min_after_dequeue} must be >= 0")
        if capacity >= 0 and min_after_dequeue >= capacity:
            raise errors.InvalidArgumentError(
                None, None, f"min_after_dequeue {min_after_dequeue} must be < capacity {capacity}")
        return resource_handle(ctx, shared_name, lambda name: qr.RandomShuffleQueue(
            name, component_types, _dims(shapes), capacity, min_after_dequeue, seed, seed2))

    grad = NOT_DIFFERENTIABLE


@op("PriorityQueueV2", attrs=_HANDLE, stateful=True, type_attrs={})
class PriorityQueueV2:
    """A queue of (int64 priority, components...) that dequeues the smallest priority first."""

    def infer(component_types, shapes, capacity, container, shared_name):
        return _dtypes.resource, []

    def kernel(ctx, xp, component_types, shapes, capacity, container, shared_name):
        return resource_handle(ctx, shared_name, lambda name: qr.PriorityQueue(
            name, [_dtypes.int64] + list(component_types), [()] + _dims(shapes), capacity))

    grad = NOT_DIFFERENTIABLE


def _values(arrays) -> tuple:
    return tuple(np.asarray(a) for a in arrays)


@op("QueueEnqueueV2", inputs=("handle", "*components"), attrs=dict(timeout_ms=-1), stateful=True,
    type_attrs={"Tcomponents": "[components]"})
class QueueEnqueueV2:
    """Adds one element; waits while the queue is full."""

    def infer(handle, *components, timeout_ms):
        return []

    def kernel(ctx, xp, handle, *components, timeout_ms):
        queue_of(ctx, handle).enqueue(ctx, _values(components))

    grad = NOT_DIFFERENTIABLE


@op("QueueEnqueueManyV2", inputs=("handle", "*components"), attrs=dict(timeout_ms=-1), stateful=True,
    type_attrs={"Tcomponents": "[components]"})
class QueueEnqueueManyV2:
    """Adds the rows of its components (sliced along dimension 0) as elements."""

    def infer(handle, *components, timeout_ms):
        return []

    def kernel(ctx, xp, handle, *components, timeout_ms):
        queue_of(ctx, handle).enqueue_many(ctx, _values(components))

    grad = NOT_DIFFERENTIABLE


def _outputs(values):
    return values[0] if len(values) == 1 else tuple(values)


@op("QueueDequeueV2", inputs=("handle",), attrs=dict(component_types=(), timeout_ms=-1), stateful=True,
    type_attrs={})
class QueueDequeueV2:
    """Removes one element; waits while the queue is empty."""

    def infer(handle, component_types, timeout_ms):
        return [(d, TensorShape(None)) for d in component_types]

    def kernel(ctx, xp, handle, component_types, timeout_ms):
        return _outputs(queue_of(ctx, handle).dequeue(ctx))

    grad = NOT_DIFFERENTIABLE


def _dequeue_many_kernel(allow_small_batch):
    def kernel(ctx, xp, handle, n, component_types, timeout_ms):
        return _outputs(queue_of(ctx, handle).dequeue_many(ctx, int(n), allow_small_batch))

    return kernel


@op("QueueDequeueManyV2", inputs=("handle", "n"), attrs=dict(component_types=(), timeout_ms=-1), stateful=True,
    type_attrs={})
class QueueDequeueManyV2:
    """Removes `n` elements, stacked per component."""

    def infer(handle, n, component_types, timeout_ms):
        return [(d, TensorShape(None)) for d in component_types]

    kernel = _dequeue_many_kernel(False)
    grad = NOT_DIFFERENTIABLE


@op("QueueDequeueUpToV2", inputs=("handle", "n"), attrs=dict(component_types=(), timeout_ms=-1), stateful=True,
    type_attrs={})
class QueueDequeueUpToV2:
    """`QueueDequeueManyV2`, except that a closed queue gives its last elements as a smaller batch."""

    def infer(handle, n, component_types, timeout_ms):
        return [(d, TensorShape(None)) for d in component_types]

    kernel = _dequeue_many_kernel(True)
    grad = NOT_DIFFERENTIABLE


@op("QueueCloseV2", inputs=("handle",), attrs=dict(cancel_pending_enqueues=False), stateful=True, type_attrs={})
class QueueCloseV2:
    """Closes the queue: no more enqueues; dequeues drain what is left, then fail with OutOfRangeError."""

    def infer(handle, cancel_pending_enqueues):
        return []

    def kernel(ctx, xp, handle, cancel_pending_enqueues):
        queue_of(ctx, handle).close(ctx, cancel_pending_enqueues)

    grad = NOT_DIFFERENTIABLE


@op("QueueSizeV2", inputs=("handle",), stateful=True, type_attrs={})
class QueueSizeV2:
    """The number of elements in the queue."""

    def infer(handle):
        return _dtypes.int32, []

    def kernel(ctx, xp, handle):
        return np.int32(queue_of(ctx, handle).size())

    grad = NOT_DIFFERENTIABLE


@op("QueueIsClosedV2", inputs=("handle",), stateful=True, type_attrs={})
class QueueIsClosedV2:
    """Whether the queue is closed."""

    def infer(handle):
        return _dtypes.bool, []

    def kernel(ctx, xp, handle):
        return np.bool_(queue_of(ctx, handle).is_closed())

    grad = NOT_DIFFERENTIABLE


# --------------------------------------------------------------------------------------------
# The Python classes
# --------------------------------------------------------------------------------------------
def _as_type_list(dtypes) -> list:
    if not isinstance(dtypes, (list, tuple)):
        dtypes = [dtypes]
    return [_dtypes.as_dtype(d) for d in dtypes]


def _as_shape_list(shapes, unknown_dim_allowed=False, unknown_rank_allowed=False):
    """TF's rules for a queue's `shapes` argument: None, one shape, or one per component."""
    if unknown_dim_allowed and (not isinstance(shapes, (list, tuple)) or not shapes
                                or any(s is None or isinstance(s, int) for s in shapes)):
        raise ValueError("When providing partial shapes, a list of shapes must be provided.")
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape):
        shapes = [shapes]
    if not isinstance(shapes, (tuple, list)):
        raise TypeError("Shapes must be a TensorShape or a list or tuple of TensorShapes.")
    if all(s is None or isinstance(s, int) for s in shapes):
        shapes = [shapes]  # a single shape
    shapes = [as_shape(s) for s in shapes]
    if not unknown_dim_allowed and any(not s.is_fully_defined() for s in shapes):
        raise ValueError(f"All shapes must be fully defined: {shapes}")
    if not unknown_rank_allowed and any(s.dims is None for s in shapes):
        raise ValueError(f"All shapes must have a defined rank: {shapes}")
    return shapes


def _as_name_list(names, dtypes):
    if names is None:
        return None
    if not isinstance(names, (list, tuple)):
        names = [names]
    if len(names) != len(dtypes):
        raise ValueError("List of names must have the same length as the list of dtypes")
    return list(names)


def _shape_common(s1, s2):
    """The most specific shape compatible with both."""
    s1, s2 = as_shape(s1), as_shape(s2)
    if s1.ndims is None or s2.ndims is None or s1.ndims != s2.ndims:
        return TensorShape(None)
    return TensorShape([d1 if dimension_value(d1) == dimension_value(d2) else None
                        for d1, d2 in zip(s1.as_tuple(), s2.as_tuple())])


@tf_export("QueueBase", "queue.QueueBase", "io.QueueBase")
class QueueBase:
    """The base of TF's queues: a handle (`queue_ref`) plus the component dtypes, shapes and names,
    and the methods that build the queue's ops."""

    def __init__(self, dtypes, shapes, names, queue_ref):
        self._dtypes = dtypes
        if shapes is not None:
            if len(shapes) != len(dtypes):
                raise ValueError("Queue shapes must have the same length as dtypes")
            self._shapes = [as_shape(s) for s in shapes]
        else:
            self._shapes = [TensorShape(None) for _ in self._dtypes]
        if names is not None:
            if len(names) != len(dtypes):
                raise ValueError("Queue names must have the same length as dtypes")
            self._names = names
        else:
            self._names = None
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name.split("/")[-1]

    @staticmethod
    def from_list(index, queues):
        """A QueueBase whose handle is `queues[index]`'s (chosen when the ops run)."""
        if not queues or not isinstance(queues, list) or not all(isinstance(x, QueueBase) for x in queues):
            raise TypeError("A list of queues expected")
        dtypes = queues[0].dtypes
        if not all(dtypes == q.dtypes for q in queues[1:]):
            raise TypeError("Queues do not have matching component dtypes.")
        names = queues[0].names
        if not all(names == q.names for q in queues[1:]):
            raise TypeError("Queues do not have matching component names.")
        shapes = [functools.reduce(_shape_common, s) for s in zip(*[q.shapes for q in queues])]
        from .array import gather, stack

        selected = gather(stack([q.queue_ref for q in queues]), index)
        return QueueBase(dtypes=dtypes, shapes=shapes, names=names, queue_ref=selected)

    @property
    def queue_ref(self) -> Tensor:
        return self._queue_ref

    @property
    def name(self) -> str:
        return self._queue_ref.op.name

    @property
    def dtypes(self) -> list:
        return self._dtypes

    @property
    def shapes(self) -> list:
        return self._shapes

    @property
    def names(self):
        return self._names

    def _check_enqueue_dtypes(self, vals) -> list:
        if isinstance(vals, dict):
            if not self._names:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names, key=str) != sorted(vals.keys(), key=str):
                raise ValueError(f"Keys in dictionary to enqueue do not match names of Queue.  Dictionary: "
                                 f"({sorted(vals.keys())}), Queue: ({sorted(self._names)})")
            vals = [vals[k] for k in self._names]
        else:
            if self._names:
                raise ValueError("You must enqueue a dictionary in a Queue with names")
            if not isinstance(vals, (list, tuple)):
                vals = [vals]
        return [convert_to_tensor(v, dtype=d, name=f"component_{i}")
                for i, (v, d) in enumerate(zip(vals, self._dtypes))]

    def _scope_vals(self, vals) -> list:
        if isinstance(vals, (list, tuple)):
            return list(vals)
        if isinstance(vals, dict):
            return list(vals.values())
        return [vals]

    def enqueue(self, vals, name=None):
        """The op adding one element (a tensor, a list/tuple of them, or a dict for a queue with names)."""
        with name_scope(name, f"{self._name}_enqueue", self._scope_vals(vals)) as scope:
            vals = self._check_enqueue_dtypes(vals)
            for val, shape in zip(vals, self._shapes):
                val.shape.assert_is_compatible_with(shape)
            return QueueEnqueueV2(self._queue_ref, vals, name=scope)

    def enqueue_many(self, vals, name=None):
        """The op adding the rows of `vals` (sliced along dimension 0) as elements."""
        with name_scope(name, f"{self._name}_EnqueueMany", self._scope_vals(vals)) as scope:
            vals = self._check_enqueue_dtypes(vals)
            batch_dim = Dimension(dimension_value(vals[0].shape.with_rank_at_least(1)[0]))
            for val, shape in zip(vals, self._shapes):
                batch_dim = batch_dim.merge_with(Dimension(dimension_value(val.shape.with_rank_at_least(1)[0])))
                val.shape[1:].assert_is_compatible_with(shape)
            return QueueEnqueueManyV2(self._queue_ref, vals, name=scope)

    def _dequeue_return_value(self, tensors):
        if self._names:
            return {n: tensors[i] for i, n in enumerate(self._names)}
        if len(tensors) == 1:
            return tensors[0]
        return tensors

    def _outputs(self, result) -> list:
        return list(result) if isinstance(result, tuple) else [result]

    def dequeue(self, name=None):
        """One element: a tensor, a list of them, or a dict for a queue with names."""
        ret = self._outputs(QueueDequeueV2(self._queue_ref, component_types=self._dtypes,
                                           name=name or f"{self._name}_Dequeue"))
        for output, shape in zip(ret, self._shapes):
            output.set_shape(shape)
        return self._dequeue_return_value(ret)

    def _many(self, opdef, n, name, batch_dim):
        with name_scope(name) as scope:
            n = convert_to_tensor(n, dtype=_dtypes.int32, name="n")
            ret = self._outputs(opdef(self._queue_ref, n, component_types=self._dtypes, name=scope))
        if batch_dim is not None:
            value = static_value(n)
            batch_dim = None if value is None else int(value)
        for output, shape in zip(ret, self._shapes):
            output.set_shape(TensorShape([batch_dim]).concatenate(shape))
        return self._dequeue_return_value(ret)

    def dequeue_many(self, n, name=None):
        """`n` elements stacked along a new first dimension; waits until there are `n`."""
        return self._many(QueueDequeueManyV2, n, name or f"{self._name}_DequeueMany", batch_dim=True)

    def dequeue_up_to(self, n, name=None):
        """`dequeue_many`, except that a closed queue with fewer than `n` elements gives what it has."""
        return self._many(QueueDequeueUpToV2, n, name or f"{self._name}_DequeueUpTo", batch_dim=None)

    def close(self, cancel_pending_enqueues=False, name=None):
        """The op closing the queue (with `cancel_pending_enqueues`, blocked enqueues fail at once)."""
        return QueueCloseV2(self._queue_ref, cancel_pending_enqueues=bool(cancel_pending_enqueues),
                            name=name or f"{self._name}_Close")

    def is_closed(self, name=None):
        return QueueIsClosedV2(self._queue_ref, name=name or f"{self._name}_Is_Closed")

    def size(self, name=None):
        return QueueSizeV2(self._queue_ref, name=name or f"{self._name}_Size")


def _shared_name(shared_name) -> str:
    return shared_name or ""


def _make_handle(opdef, name, **attrs) -> Tensor:
    with init_scope():
        return opdef(name=name, **attrs)


@tf_export("FIFOQueue", "queue.FIFOQueue")
class FIFOQueue(QueueBase):
    """A queue that dequeues elements in first-in first-out order."""

    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None, name="fifo_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes)
        names = _as_name_list(names, dtypes)
        ref = _make_handle(FIFOQueueV2, name, component_types=dtypes, shapes=shapes or [], capacity=capacity,
                           shared_name=_shared_name(shared_name))
        super().__init__(dtypes, shapes, names, ref)


@tf_export("PaddingFIFOQueue", "queue.PaddingFIFOQueue", "io.PaddingFIFOQueue")
class PaddingFIFOQueue(QueueBase):
    """A FIFOQueue whose shapes may have unknown dimensions; dequeue_many pads them with zeros."""

    def __init__(self, capacity, dtypes, shapes, names=None, shared_name=None, name="padding_fifo_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes, unknown_dim_allowed=True)
        names = _as_name_list(names, dtypes)
        if len(dtypes) != len(shapes):
            raise ValueError(f"Shapes must be provided for all components, but received {len(dtypes)} dtypes and "
                             f"{len(shapes)} shapes.")
        ref = _make_handle(PaddingFIFOQueueV2, name, component_types=dtypes, shapes=shapes, capacity=capacity,
                           shared_name=_shared_name(shared_name))
        super().__init__(dtypes, shapes, names, ref)


@tf_export("RandomShuffleQueue", "queue.RandomShuffleQueue", "io.RandomShuffleQueue")
class RandomShuffleQueue(QueueBase):
    """A queue that dequeues elements in a random order, keeping `min_after_dequeue` until closed."""

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None, shared_name=None,
                 name="random_shuffle_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes)
        names = _as_name_list(names, dtypes)
        seed1, seed2 = get_seed(seed)
        if seed1 is None and seed2 is None:
            seed1, seed2 = 0, 0
        elif seed is None and shared_name is not None:
            # a graph seed but no op seed: TF derives seed2 from the shared name, so sharing queues agree
            digest = hashlib.md5((str(seed1) + shared_name).encode("utf-8")).hexdigest()
            seed2 = int(digest[:8], 16) & 0x7FFFFFFF
        ref = _make_handle(RandomShuffleQueueV2, name, component_types=dtypes, shapes=shapes or [],
                           capacity=capacity, min_after_dequeue=min_after_dequeue, seed=seed1, seed2=seed2,
                           shared_name=_shared_name(shared_name))
        super().__init__(dtypes, shapes, names, ref)


@tf_export("PriorityQueue", "queue.PriorityQueue", "io.PriorityQueue")
class PriorityQueue(QueueBase):
    """A queue of elements with an int64 priority first; dequeues the smallest priority first."""

    def __init__(self, capacity, types, shapes=None, names=None, shared_name=None, name="priority_queue"):
        types = _as_type_list(types)
        shapes = _as_shape_list(shapes)
        ref = _make_handle(PriorityQueueV2, name, component_types=types, shapes=shapes or [], capacity=capacity,
                           shared_name=_shared_name(shared_name))
        priority_dtypes = [_dtypes.int64] + types
        priority_shapes = [()] + shapes if shapes else shapes
        super().__init__(priority_dtypes, priority_shapes, names, ref)
