"""TF1's queue-based input functions (`tf.train.string_input_producer`, `batch`, `shuffle_batch`, ...):
each builds a queue, the ops that fill it, and a QueueRunner (in the QUEUE_RUNNERS collection) whose
threads run them, with TF's names, collections and `fraction_of_<capacity>_full` summaries.

`num_epochs` counts in a LOCAL variable `epochs` (run `tf.local_variables_initializer()`); once it is
reached the producer's enqueue fails with OutOfRangeError, its runner closes the queue, and the
consumers drain it and then get OutOfRangeError themselves. SparseTensors are batched as TF batches them:
stored in a session-side map, queued as int64 handles, and taken back out after the dequeue.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import GraphKeys, Tensor
from ..framework.registry import static_value
from ..framework.scopes import control_dependencies, name_scope
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import Dimension, as_shape, dimension_value
from ..ops.array import expand_dims, gather, identity, ones, range as range_, shape as shape_, size
from ..ops.array_stitch import dynamic_partition
from ..ops.constant import constant, convert_to_tensor
from ..ops.array_transform import squeeze
from ..ops.control_flow import no_op, with_dependencies
from ..ops.file_io import matching_files
from ..ops.functional import cond
from ..ops.logging_ops import Assert_
from ..ops.math import cast, greater, maximum
from ..ops.queues import FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue
from ..ops.random import random_shuffle
from ..ops.sparse_maps import (add_many_sparse_to_tensors_map, add_sparse_to_tensors_map,
                               take_many_sparse_from_tensors_map)
from ..ops.sparse_ops import sparse_retain
from ..ops.state import count_up_to
from ..ops.summary_ops import scalar as scalar_summary
from .queue_runner import QueueRunner, add_queue_runner


@tf_export("train.match_filenames_once", "io.match_filenames_once")
def match_filenames_once(pattern, name=None):
    """A LOCAL variable holding the files matching `pattern`, read once when it is initialized."""
    from ..variables import VariableV1

    with name_scope(name, "matching_filenames", [pattern]) as name:
        return VariableV1(name=name, initial_value=matching_files(pattern), trainable=False, validate_shape=False,
                          collections=[GraphKeys.LOCAL_VARIABLES])


@tf_export("train.limit_epochs")
def limit_epochs(tensor, num_epochs=None, name=None):
    """`tensor`, readable `num_epochs` times; the next read fails with OutOfRangeError. The count is the
    LOCAL variable `<name>/epochs`."""
    from ..variables import VariableV1

    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError(f"num_epochs must be > 0 not {num_epochs}.")
    with name_scope(name, "limit_epochs", [tensor]) as name:
        zero64 = constant(0, dtype=dtypes.int64)
        epochs = VariableV1(zero64, name="epochs", trainable=False, collections=[GraphKeys.LOCAL_VARIABLES])
        counter = count_up_to(epochs, num_epochs)
        with control_dependencies([counter]):
            return identity(tensor, name=name)


@tf_export("train.input_producer")
def input_producer(input_tensor, element_shape=None, num_epochs=None, shuffle=True, seed=None, capacity=32,
                   shared_name=None, summary_name=None, name=None, cancel_op=None):
    """A FIFOQueue filled with the rows of `input_tensor` (shuffled per epoch when `shuffle`), by a
    QueueRunner; `num_epochs` limits how many times."""
    with name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        element_shape = input_tensor.shape[1:].merge_with(as_shape(element_shape) if element_shape is not None
                                                          else input_tensor.shape[1:])
        if not element_shape.is_fully_defined():
            raise ValueError("Either `input_tensor` must have a fully defined shape or `element_shape` must be "
                             "specified")
        if shuffle:
            input_tensor = random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        q = FIFOQueue(capacity=capacity, dtypes=[input_tensor.dtype.base_dtype], shapes=[element_shape],
                      shared_name=shared_name, name=name)
        enq = q.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(q, [enq], cancel_op=cancel_op))
        if summary_name is not None:
            scalar_summary(summary_name, cast(q.size(), dtypes.float32) * (1.0 / capacity))
        return q


@tf_export("train.string_input_producer")
def string_input_producer(string_tensor, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                          name=None, cancel_op=None):
    """A queue of the strings (file names) of `string_tensor`, refilled every epoch."""
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not isinstance(string_tensor, Tensor) and not string_tensor:
        raise ValueError(not_null_err)
    with name_scope(name, "input_producer", [string_tensor]) as name:
        string_tensor = convert_to_tensor(string_tensor, dtype=dtypes.string)
        count = string_tensor.shape.num_elements()  # TF's size() is a constant when the shape is known
        count = size(string_tensor) if count is None else constant(count, dtype=dtypes.int32, name="Size")
        with control_dependencies([Assert_(greater(count, 0), [not_null_err])]):
            string_tensor = identity(string_tensor)
        return input_producer(input_tensor=string_tensor, element_shape=[], num_epochs=num_epochs, shuffle=shuffle,
                              seed=seed, capacity=capacity, shared_name=shared_name, name=name,
                              summary_name=f"fraction_of_{capacity}_full", cancel_op=cancel_op)


@tf_export("train.range_input_producer")
def range_input_producer(limit, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None, name=None):
    """A queue of the integers 0 .. limit-1, refilled every epoch."""
    with name_scope(name, "input_producer", [limit]) as name:
        range_tensor = range_(limit)
        return input_producer(range_tensor, [], num_epochs, shuffle, seed, capacity, shared_name,
                              f"fraction_of_{capacity}_full", name)


@tf_export("train.slice_input_producer")
def slice_input_producer(tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                         name=None):
    """One row of each tensor of `tensor_list` (the same row of each) per run, from a range queue."""
    with name_scope(name, "input_producer", tensor_list):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = shape_(tensor_list[0])[0]
        queue = range_input_producer(range_size, num_epochs=num_epochs, shuffle=shuffle, seed=seed,
                                     capacity=capacity, shared_name=shared_name)
        index = queue.dequeue()
        return [gather(t, index) for t in tensor_list]


# --------------------------------------------------------------------------------------------
# Batching
# --------------------------------------------------------------------------------------------
def _as_tensor_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    return tensors


def _as_tensor_list_list(tensors_list):
    if not tensors_list:
        raise ValueError("Expected at least one set of tensors")
    if isinstance(tensors_list[0], dict):
        expected = set(tensors_list[0].keys())
        for tensors in tensors_list[1:]:
            if set(tensors.keys()) != expected:
                raise ValueError("All dictionaries in tensors_list must have the same keys")
        return [_as_tensor_list(tensors) for tensors in tensors_list]
    return tensors_list


def _as_original_type(original_tensors, tensor_list):
    if isinstance(original_tensors, dict):
        if len(original_tensors) == 1:
            tensor_list = [tensor_list]
        return {k: tensor_list[i] for i, k in enumerate(sorted(original_tensors, key=str))}
    return tensor_list


def _convert(tensor_list) -> list:
    return [t if isinstance(t, SparseTensor) else convert_to_tensor(t) for t in tensor_list]


def _validate(tensor_list):
    tensor_list = _convert(tensor_list)
    if not tensor_list:
        raise ValueError("Expected at least one tensor in batch().")
    return tensor_list


def _validate_join(tensor_list_list):
    tensor_list_list = [_convert(tl) for tl in tensor_list_list]
    if not tensor_list_list:
        raise ValueError("Expected at least one input in batch_join().")
    return tensor_list_list


# --- SparseTensors travel through the queue as int64 handles into a session-side map (TF's way) ------------
class _SparseMetaData:
    """Whether a batched component is sparse, the map op its handles point into, and its rank."""

    def __init__(self, sparse, map_op, rank):
        self.sparse, self.map_op, self.rank = sparse, map_op, Dimension(rank)

    def __eq__(self, other):
        if self.sparse != other.sparse:
            return False
        if not self.sparse:
            return True
        return self.map_op is other.map_op and self.rank.is_compatible_with(other.rank)

    def __str__(self):
        return f"[SparseMetaData({self.sparse}, {self.map_op.name}, {self.rank})]"

    def merge_with(self, other):
        if self != other:
            raise ValueError(f"SparseMetaData objects are incompatible: {self} vs. {other}")
        if self.sparse:
            self.rank.merge_with(other.rank)
        return self


def _store_sparse_tensors(tensor_list, enqueue_many, keep_input, shared_map_ops=None):
    """Each SparseTensor of `tensor_list` replaced by its handle(s) in a map (a [1] vector, or [n, 1] with
    `enqueue_many`), and the metadata that restores it after the dequeue."""
    shared_map_ops = shared_map_ops or [None] * len(tensor_list)

    def store(t, shared_map_op):
        if not isinstance(t, SparseTensor):
            return t
        map_name = shared_map_op.name if shared_map_op is not None else None
        if keep_input.shape.ndims == 1:
            t = sparse_retain(t, gather(keep_input, t.indices[:, 0]))
            return add_many_sparse_to_tensors_map(t, shared_name=map_name)
        if enqueue_many:
            stored = _smart_cond(keep_input, lambda: add_many_sparse_to_tensors_map(t, shared_name=map_name),
                                 lambda: -1 * ones(shape_(t.dense_shape)[0:1], dtypes.int64))
            stored.set_shape([None])
            return stored
        return _smart_cond(keep_input, lambda: add_sparse_to_tensors_map(t, shared_name=map_name),
                           lambda: constant(-1, dtypes.int64))

    def map_op_of(stored):
        for t in stored.op.inputs:
            if t.op.type in ("AddSparseToTensorsMap", "AddManySparseToTensorsMap"):
                return t.op
        return stored.op

    stored_list = [store(t, shared) for t, shared in zip(tensor_list, shared_map_ops)]
    info = []
    for t, stored, shared in zip(tensor_list, stored_list, shared_map_ops):
        if not isinstance(t, SparseTensor):
            info.append(_SparseMetaData(False, None, None))
            continue
        rank = t.dense_shape.shape.with_rank(1).as_tuple()[0]
        if enqueue_many and rank is not None:
            rank -= 1
        info.append(_SparseMetaData(True, shared or map_op_of(stored), rank))
    stored_list = [expand_dims(s, [-1]) if i.sparse else s for s, i in zip(stored_list, info)]
    return stored_list, info


def _store_sparse_tensors_join(tensor_list_list, enqueue_many, keep_input):
    first, info = _store_sparse_tensors(tensor_list_list[0], enqueue_many, keep_input)
    stored = [first]
    for tensor_list in tensor_list_list[1:]:
        s, candidate = _store_sparse_tensors(tensor_list, enqueue_many, keep_input, [i.map_op for i in info])
        if info != candidate:
            raise ValueError(f"Inconsistent SparseTensors list: {tensor_list_list[0]} vs. {tensor_list}")
        info = [a.merge_with(b) for a, b in zip(info, candidate)]
        stored.append(s)
    return stored, info


def _restore_sparse_tensors(stored_list, info):
    """The dequeued components with sparse handles taken back out of their maps as SparseTensors."""
    sequence = isinstance(stored_list, (list, tuple))
    if not sequence:
        stored_list = (stored_list,)
    tensors = [take_many_sparse_from_tensors_map(i.map_op, squeeze(s, [1]), rank=dimension_value(i.rank + 1))
               if i.sparse else s for s, i in zip(stored_list, info)]
    if any(isinstance(t, SparseTensor) for t in tensors):
        values = [t.values if isinstance(t, SparseTensor) else t for t in tensors]

        def after_all(x):
            return with_dependencies(values, x)

        tensors = [SparseTensor(after_all(t.indices), after_all(t.values), after_all(t.dense_shape))
                   if isinstance(t, SparseTensor) else after_all(t) for t in tensors]
    return tensors if sequence else tensors[0]


def _validate_keep_input(keep_input, enqueue_many):
    keep_input = convert_to_tensor(keep_input)
    if keep_input.shape.ndims is None:
        raise ValueError("`keep_input` dimensions must be known at graph construction.")
    if not enqueue_many and keep_input.shape.ndims == 1:
        raise ValueError("`keep_input` cannot be a vector when `enqueue_many=False`.")
    if keep_input.shape.ndims > 1:
        raise ValueError("`keep_input` must be 0 or 1 dimensions.")
    return keep_input


def _dtypes(tensor_list_list):
    all_types = [[t.dtype for t in tl] for tl in tensor_list_list]
    types = all_types[0]
    for other in all_types[1:]:
        if other != types:
            raise TypeError(f"Expected types to be consistent: {', '.join(x.name for x in types)} vs. "
                            f"{', '.join(x.name for x in other)}.")
    return types


def _merge_shapes(shape_list, enqueue_many):
    shape_list = [as_shape(s) for s in shape_list]
    if enqueue_many:
        shape_list = [s.with_rank_at_least(1)[1:] for s in shape_list]
    merged = shape_list[0]
    for s in shape_list[1:]:
        merged.merge_with(s)
    return merged.as_list()


def _shapes(tensor_list_list, shapes, enqueue_many):
    if shapes is None:
        len0 = len(tensor_list_list[0])
        for tl in tensor_list_list:
            for i in range(len0):
                if tl[i].shape.ndims is None:
                    raise ValueError(f"Cannot infer Tensor's rank: {tl[i]}")
        shapes = [_merge_shapes([tl[i].shape.as_list() for tl in tensor_list_list], enqueue_many)
                  for i in range(len0)]
    return shapes


def _select_which_to_enqueue(tensor_list, keep_input):
    select = cast(keep_input, dtypes.int32)
    return [dynamic_partition(x, select, num_partitions=2)[1] for x in tensor_list]


def _smart_cond(pred, true_fn, false_fn):
    """`true_fn()` or `false_fn()` when `pred` is known while building, else a tf.cond of both."""
    known = static_value(pred)
    if known is not None:
        return true_fn() if bool(known) else false_fn()
    return cond(pred, true_fn, false_fn)


def _enqueue_ops(queue, tensor_list_list, enqueue_many, keep_input) -> list:
    enqueue_fn = queue.enqueue_many if enqueue_many else queue.enqueue
    if keep_input.shape.ndims == 1:
        return [enqueue_fn(_select_which_to_enqueue(tl, keep_input)) for tl in tensor_list_list]
    return [_smart_cond(keep_input, lambda tl=tl: enqueue_fn(tl), no_op) for tl in tensor_list_list]


def _dequeue(queue, batch_size, allow_smaller_final_batch, name):
    if allow_smaller_final_batch:
        return queue.dequeue_up_to(batch_size, name=name)
    return queue.dequeue_many(batch_size, name=name)


def _batch(tensors, batch_size, keep_input, num_threads=1, capacity=32, enqueue_many=False, shapes=None,
           dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "batch", list(tensor_list) + [keep_input]) as name:
        tensor_list = _validate(tensor_list)
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        tensor_list, sparse_info = _store_sparse_tensors(tensor_list, enqueue_many, keep_input)
        types = _dtypes([tensor_list])
        shapes = _shapes([tensor_list], shapes, enqueue_many)
        queue_class = PaddingFIFOQueue if dynamic_pad else FIFOQueue
        queue = queue_class(capacity=capacity, dtypes=types, shapes=shapes, shared_name=shared_name)
        enqueue = _enqueue_ops(queue, [tensor_list], enqueue_many, keep_input)[0]
        add_queue_runner(QueueRunner(queue, [enqueue] * num_threads))
        scalar_summary(f"fraction_of_{capacity}_full", cast(queue.size(), dtypes.float32) * (1.0 / capacity))
        dequeued = _restore_sparse_tensors(_dequeue(queue, batch_size, allow_smaller_final_batch, name), sparse_info)
        return _as_original_type(tensors, dequeued)


def _batch_join(tensors_list, batch_size, keep_input, capacity=32, enqueue_many=False, shapes=None,
                dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    tensor_list_list = _as_tensor_list_list(tensors_list)
    with name_scope(name, "batch_join", [t for tl in tensor_list_list for t in tl] + [keep_input]) as name:
        tensor_list_list = _validate_join(tensor_list_list)
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        tensor_list_list, sparse_info = _store_sparse_tensors_join(tensor_list_list, enqueue_many, keep_input)
        types = _dtypes(tensor_list_list)
        shapes = _shapes(tensor_list_list, shapes, enqueue_many)
        queue_class = PaddingFIFOQueue if dynamic_pad else FIFOQueue
        queue = queue_class(capacity=capacity, dtypes=types, shapes=shapes, shared_name=shared_name)
        add_queue_runner(QueueRunner(queue, _enqueue_ops(queue, tensor_list_list, enqueue_many, keep_input)))
        scalar_summary(f"fraction_of_{capacity}_full", cast(queue.size(), dtypes.float32) * (1.0 / capacity))
        dequeued = _restore_sparse_tensors(_dequeue(queue, batch_size, allow_smaller_final_batch, name), sparse_info)
        return _as_original_type(tensors_list[0], dequeued)


def _shuffle_queue(tensor_list_list, capacity, min_after_dequeue, seed, enqueue_many, shapes, shared_name):
    types = _dtypes(tensor_list_list)
    shapes = _shapes(tensor_list_list, shapes, enqueue_many)
    return RandomShuffleQueue(capacity=capacity, min_after_dequeue=min_after_dequeue, seed=seed, dtypes=types,
                              shapes=shapes, shared_name=shared_name)


def _fullness_summary(queue, capacity, min_after_dequeue):
    full = cast(maximum(0, queue.size() - min_after_dequeue), dtypes.float32) * (1.0 / (capacity - min_after_dequeue))
    scalar_summary(f"fraction_over_{min_after_dequeue}_of_{capacity - min_after_dequeue}_full", full)


def _shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, keep_input, num_threads=1, seed=None,
                   enqueue_many=False, shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "shuffle_batch", list(tensor_list) + [keep_input]) as name:
        if capacity <= min_after_dequeue:
            raise ValueError(f"capacity {capacity} must be bigger than min_after_dequeue {min_after_dequeue}.")
        tensor_list = _validate(tensor_list)
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        tensor_list, sparse_info = _store_sparse_tensors(tensor_list, enqueue_many, keep_input)
        queue = _shuffle_queue([tensor_list], capacity, min_after_dequeue, seed, enqueue_many, shapes, shared_name)
        enqueue = _enqueue_ops(queue, [tensor_list], enqueue_many, keep_input)[0]
        add_queue_runner(QueueRunner(queue, [enqueue] * num_threads))
        _fullness_summary(queue, capacity, min_after_dequeue)
        dequeued = _restore_sparse_tensors(_dequeue(queue, batch_size, allow_smaller_final_batch, name), sparse_info)
        return _as_original_type(tensors, dequeued)


def _shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, keep_input, seed=None,
                        enqueue_many=False, shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    tensor_list_list = _as_tensor_list_list(tensors_list)
    with name_scope(name, "shuffle_batch_join", [t for tl in tensor_list_list for t in tl] + [keep_input]) as name:
        tensor_list_list = _validate_join(tensor_list_list)
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        tensor_list_list, sparse_info = _store_sparse_tensors_join(tensor_list_list, enqueue_many, keep_input)
        queue = _shuffle_queue(tensor_list_list, capacity, min_after_dequeue, seed, enqueue_many, shapes,
                               shared_name)
        add_queue_runner(QueueRunner(queue, _enqueue_ops(queue, tensor_list_list, enqueue_many, keep_input)))
        _fullness_summary(queue, capacity, min_after_dequeue)
        dequeued = _restore_sparse_tensors(_dequeue(queue, batch_size, allow_smaller_final_batch, name), sparse_info)
        return _as_original_type(tensors_list[0], dequeued)


@tf_export("train.batch")
def batch(tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None, dynamic_pad=False,
          allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches of `batch_size` from a FIFOQueue (PaddingFIFOQueue with `dynamic_pad`) that `num_threads`
    threads fill with `tensors` (their rows with `enqueue_many`)."""
    return _batch(tensors, batch_size, True, num_threads, capacity, enqueue_many, shapes, dynamic_pad,
                  allow_smaller_final_batch, shared_name, name)


@tf_export("train.maybe_batch")
def maybe_batch(tensors, keep_input, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None,
                dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    """`batch`, enqueuing only what `keep_input` (a bool, or a vector of them with `enqueue_many`) keeps."""
    return _batch(tensors, batch_size, keep_input, num_threads, capacity, enqueue_many, shapes, dynamic_pad,
                  allow_smaller_final_batch, shared_name, name)


@tf_export("train.batch_join")
def batch_join(tensors_list, batch_size, capacity=32, enqueue_many=False, shapes=None, dynamic_pad=False,
               allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches from one FIFOQueue filled by one thread per tensor list of `tensors_list`."""
    return _batch_join(tensors_list, batch_size, True, capacity, enqueue_many, shapes, dynamic_pad,
                       allow_smaller_final_batch, shared_name, name)


@tf_export("train.maybe_batch_join")
def maybe_batch_join(tensors_list, keep_input, batch_size, capacity=32, enqueue_many=False, shapes=None,
                     dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None):
    return _batch_join(tensors_list, batch_size, keep_input, capacity, enqueue_many, shapes, dynamic_pad,
                       allow_smaller_final_batch, shared_name, name)


@tf_export("train.shuffle_batch")
def shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None, enqueue_many=False,
                  shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches of `batch_size` drawn at random from a RandomShuffleQueue that keeps at least
    `min_after_dequeue` elements until it closes."""
    return _shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, True, num_threads, seed, enqueue_many,
                          shapes, allow_smaller_final_batch, shared_name, name)


@tf_export("train.maybe_shuffle_batch")
def maybe_shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, keep_input, num_threads=1, seed=None,
                        enqueue_many=False, shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    return _shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, keep_input, num_threads, seed,
                          enqueue_many, shapes, allow_smaller_final_batch, shared_name, name)


@tf_export("train.shuffle_batch_join")
def shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, seed=None, enqueue_many=False,
                       shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    """`shuffle_batch` filled by one thread per tensor list of `tensors_list`."""
    return _shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, True, seed, enqueue_many,
                               shapes, allow_smaller_final_batch, shared_name, name)


@tf_export("train.maybe_shuffle_batch_join")
def maybe_shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, keep_input, seed=None,
                             enqueue_many=False, shapes=None, allow_smaller_final_batch=False, shared_name=None,
                             name=None):
    return _shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, keep_input, seed,
                               enqueue_many, shapes, allow_smaller_final_batch, shared_name, name)
