"""Dataset ops that run a user function or regroup elements: MapDataset, ParallelMapDatasetV2,
FilterDataset, FlatMapDataset, InterleaveDataset (and its parallel forms, deterministic order),
BatchDatasetV2, PaddedBatchDatasetV2, MapAndBatchDataset, UnbatchDataset, WindowDataset.

`f` attrs hold the function's `Subgraph` (TF's func attr; written to files as a library function);
`other_arguments` are the outer tensors it reads, fed after the element."""

from __future__ import annotations

import collections
import os
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

import numpy as np

from ..framework import errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from .functions import FunctionCall
from .values import VARIANT, DatasetValue, as_component, made_ahead, scalar, stack_components

_FN_TYPE_ATTRS = dict(Targuments="[other_arguments]")


def _parallelism(n: int) -> int:
    """Threads for num_parallel_calls `n` (AUTOTUNE, -1: the machine's cores)."""
    return os.cpu_count() or 1 if n == -1 else max(1, n)


class _Mapped:
    """The outputs of `call` on each element of `source`, in order. With `parallel` > 1, up to that many
    calls run at once on the iterator's threads (NumPy releases the GIL), also between get_next calls.
    A failing call raises its error once and the iteration goes on with the next element, as TF's map
    does; with `skip_errors` (ignore_errors) failing elements are dropped."""

    __slots__ = ("call", "executor", "exhausted", "parallel", "pending", "skip_errors", "source")

    def __init__(self, env, source, call, parallel: int, skip_errors=False):
        self.source = iter(source)
        self.call, self.parallel, self.skip_errors = call, parallel, skip_errors
        self.pending = collections.deque()
        self.exhausted = False
        self.executor = None
        if parallel > 1:
            self.executor = ThreadPoolExecutor(parallel, thread_name_prefix="sessionflow-map")
            env.executors.append(self.executor)

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            if self.executor is None:
                element = next(self.source)
                try:
                    return tuple(self.call(element))
                except errors.OpError as exc:
                    if not self.skip_errors or isinstance(exc, errors.CancelledError):
                        raise
                    continue
            while not self.exhausted and len(self.pending) <= self.parallel:
                try:
                    element = next(self.source)
                except StopIteration:
                    self.exhausted = True
                    break
                self.pending.append(self.executor.submit(self.call, element))
            if not self.pending:
                self.executor.shutdown(wait=False)
                raise StopIteration
            try:
                return tuple(self.pending.popleft().result())
            except errors.OpError as exc:
                if not self.skip_errors or isinstance(exc, errors.CancelledError):
                    raise


class _Map(DatasetValue):
    __slots__ = ("captured", "function", "input", "parallel")

    def __init__(self, input_, function, captured, parallel=1):
        self.input, self.function, self.captured, self.parallel = input_, function, captured, parallel

    def iterate(self, env, skip_errors=False):
        return _Mapped(env, self.input.iterate(env), FunctionCall(env.ctx, self.function, self.captured),
                       self.parallel, skip_errors)


@op("MapDataset", inputs=("input_dataset", "*other_arguments"),
    attrs=dict(f=None, output_types=(), output_shapes=(), use_inter_op_parallelism=True, preserve_cardinality=False,
               force_synchronous=False),
    stateful=True, foldable=False, type_attrs=_FN_TYPE_ATTRS)
class MapDataset:
    """Elements: `f` of each input element."""

    def infer(input_dataset, *other_arguments, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *other_arguments, f, **attrs):
        return _Map(input_dataset, f, other_arguments)

    grad = NOT_DIFFERENTIABLE


@op("ParallelMapDatasetV2", inputs=("input_dataset", "*other_arguments", "num_parallel_calls"),
    attrs=dict(f=None, output_types=(), output_shapes=(), use_inter_op_parallelism=True, preserve_cardinality=False,
               deterministic="default", use_unbounded_threadpool=False),
    stateful=True, foldable=False, type_attrs=_FN_TYPE_ATTRS)
class ParallelMapDatasetV2:
    """MapDataset with `num_parallel_calls` calls of `f` running at once, results in input order."""

    def infer(input_dataset, *rest, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *rest, f, **attrs):
        *other_arguments, num_parallel_calls = rest
        return _Map(input_dataset, f, tuple(other_arguments), _parallelism(scalar(num_parallel_calls,
                                                                                 "num_parallel_calls")))

    grad = NOT_DIFFERENTIABLE


class _Filter(DatasetValue):
    __slots__ = ("captured", "function", "input")

    def __init__(self, input_, function, captured):
        self.input, self.function, self.captured = input_, function, captured

    def iterate(self, env):
        call = FunctionCall(env.ctx, self.function, self.captured)
        for element in self.input.iterate(env):
            (keep,) = call(element)
            if np.ndim(keep) != 0:
                raise errors.InvalidArgumentError(
                    None, None, "Filter predicate `f` must return a scalar bool.")
            if keep:
                yield element


@op("FilterDataset", inputs=("input_dataset", "*other_arguments"),
    attrs=dict(predicate=None, output_types=(), output_shapes=()), stateful=True, foldable=False, type_attrs=_FN_TYPE_ATTRS)
class FilterDataset:
    """The input elements for which `predicate` is true."""

    def infer(input_dataset, *other_arguments, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *other_arguments, predicate, **attrs):
        return _Filter(input_dataset, predicate, other_arguments)

    grad = NOT_DIFFERENTIABLE


class _Interleave(DatasetValue):
    """TF's interleave order: a cycle of `cycle` open inner datasets, `block` elements from each in
    turn; an exhausted one is replaced by the next input element's dataset (flat_map: cycle 1). With
    `ahead` > 0 (the parallel forms), each open dataset is read ahead by its own thread into a buffer of
    that many elements; the order stays the deterministic one."""

    __slots__ = ("ahead", "block", "captured", "cycle", "function", "input")

    def __init__(self, input_, function, captured, cycle=1, block=1, ahead=0):
        self.input, self.function, self.captured = input_, function, captured
        self.cycle, self.block, self.ahead = cycle, block, ahead

    def iterate(self, env):
        call = FunctionCall(env.ctx, self.function, self.captured)
        source = self.input.iterate(env)
        if self.cycle == 1 and self.block == 1 and not self.ahead:
            for element in source:
                (inner,) = call(element)
                yield from inner.iterate(env)
            return
        cycle, block = self.cycle, self.block
        current = [None] * cycle
        index = block_index = num_open = 0
        end_of_input = False
        opened = collections.deque()  # parallel forms: the next input elements' datasets, already reading

        def open_next():
            """The next input element's dataset as an iterator, or None at the end of the input. The
            parallel forms keep `cycle` of them open ahead, each read by its own thread."""
            if not self.ahead:
                element = next(source, None)
                return None if element is None else iter(call(element)[0].iterate(env))
            while len(opened) < cycle:
                element = next(source, None)
                if element is None:
                    break
                (dataset,) = call(element)
                opened.append(made_ahead(lambda d=dataset: d.iterate(env), env, self.ahead, "sessionflow-interleave"))
            return opened.popleft() if opened else None

        while not end_of_input or num_open:
            inner = current[index]
            if inner is not None:
                element = next(inner, None)
                if element is not None:
                    yield element
                    block_index += 1
                    if block_index == block:
                        block_index, index = 0, (index + 1) % cycle
                    continue
                current[index] = None
                num_open -= 1
                block_index, index = 0, (index + 1) % cycle
            elif not end_of_input:
                inner = open_next()
                if inner is None:
                    end_of_input = True
                    continue
                current[index] = inner
                num_open += 1
            else:
                block_index, index = 0, (index + 1) % cycle


@op("FlatMapDataset", inputs=("input_dataset", "*other_arguments"),
    attrs=dict(f=None, output_types=(), output_shapes=()), stateful=True, foldable=False, type_attrs=_FN_TYPE_ATTRS)
class FlatMapDataset:
    """The elements of the dataset `f` makes of each input element, one dataset after another."""

    def infer(input_dataset, *other_arguments, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *other_arguments, f, **attrs):
        return _Interleave(input_dataset, f, other_arguments)

    grad = NOT_DIFFERENTIABLE


def _ahead(value, block: int) -> int:
    """How many elements each open dataset of a parallel interleave reads ahead (AUTOTUNE: a block)."""
    n = scalar(value, "buffer_output_elements")
    return max(1, block if n == -1 else n)


def _cycle(value) -> int:
    n = scalar(value, "cycle_length")
    return os.cpu_count() or 1 if n == -1 else n


@op("InterleaveDataset", inputs=("input_dataset", "*other_arguments", "cycle_length", "block_length"),
    attrs=dict(f=None, output_types=(), output_shapes=()), stateful=True, foldable=False, type_attrs=_FN_TYPE_ATTRS)
class InterleaveDataset:
    """`cycle_length` datasets made by `f` read `block_length` elements at a time in turn."""

    def infer(input_dataset, *rest, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *rest, f, **attrs):
        *other_arguments, cycle_length, block_length = rest
        return _Interleave(input_dataset, f, tuple(other_arguments), _cycle(cycle_length),
                           scalar(block_length, "block_length"))

    grad = NOT_DIFFERENTIABLE


@op("ParallelInterleaveDatasetV4", inputs=("input_dataset", "*other_arguments", "cycle_length", "block_length",
                                           "buffer_output_elements", "prefetch_input_elements",
                                           "num_parallel_calls"),
    attrs=dict(f=None, output_types=(), output_shapes=(), deterministic="default"), stateful=True, foldable=False,
    type_attrs=_FN_TYPE_ATTRS)
class ParallelInterleaveDatasetV4:
    """InterleaveDataset with parallel calls; sessionflow gives the deterministic order."""

    def infer(input_dataset, *rest, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *rest, f, **attrs):
        *other_arguments, cycle_length, block_length, buffer_output_elements, _, _ = rest
        block = scalar(block_length, "block_length")
        return _Interleave(input_dataset, f, tuple(other_arguments), _cycle(cycle_length), block,
                           _ahead(buffer_output_elements, block))

    grad = NOT_DIFFERENTIABLE


@op("LegacyParallelInterleaveDatasetV2", inputs=("input_dataset", "*other_arguments", "cycle_length",
                                                 "block_length", "buffer_output_elements",
                                                 "prefetch_input_elements"),
    attrs=dict(f=None, output_types=(), output_shapes=(), deterministic="default"), stateful=True, foldable=False,
    type_attrs=_FN_TYPE_ATTRS)
class LegacyParallelInterleaveDatasetV2:
    """tf.data.experimental.parallel_interleave (and TFRecordDataset's num_parallel_reads); sessionflow
    gives the deterministic order."""

    def infer(input_dataset, *rest, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *rest, f, **attrs):
        *other_arguments, cycle_length, block_length, buffer_output_elements, _ = rest
        block = scalar(block_length, "block_length")
        return _Interleave(input_dataset, f, tuple(other_arguments), _cycle(cycle_length), block,
                           _ahead(buffer_output_elements, block))

    grad = NOT_DIFFERENTIABLE


class _Batch(DatasetValue):
    __slots__ = ("drop", "dtypes", "input", "size")

    def __init__(self, input_, size, drop, dtypes_):
        self.input, self.size, self.drop, self.dtypes = input_, size, drop, dtypes_

    def iterate(self, env):
        size, drop, dtypes_ = self.size, self.drop, self.dtypes
        for rows in self.input.iterate_blocks(env, size):
            if drop and len(rows) < size:
                return
            yield stack_components(rows, dtypes_)


def _batch_size(value) -> int:
    size = scalar(value, "batch_size")
    if size <= 0:
        raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")
    return size


@op("BatchDatasetV2", inputs=("input_dataset", "batch_size", "drop_remainder"),
    attrs=dict(output_types=(), output_shapes=(), parallel_copy=False), stateful=True, foldable=False, type_attrs={})
class BatchDatasetV2:
    """Elements: `batch_size` consecutive input elements stacked (the last batch smaller unless
    `drop_remainder`)."""

    def infer(input_dataset, batch_size, drop_remainder, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, batch_size, drop_remainder, output_types, **attrs):
        return _Batch(input_dataset, _batch_size(batch_size), bool(drop_remainder), output_types)

    grad = NOT_DIFFERENTIABLE


@op("MapAndBatchDataset", inputs=("input_dataset", "*other_arguments", "batch_size", "num_parallel_calls",
                                  "drop_remainder"),
    attrs=dict(f=None, output_types=(), output_shapes=(), preserve_cardinality=False), stateful=True, foldable=False,
    type_attrs=_FN_TYPE_ATTRS)
class MapAndBatchDataset:
    """map(f) then batch, in one op (tf.data.experimental.map_and_batch)."""

    def infer(input_dataset, *rest, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *rest, f, output_types, **attrs):
        *other_arguments, batch_size, num_parallel_calls, drop_remainder = rest
        mapped = _Map(input_dataset, f, tuple(other_arguments),
                      _parallelism(scalar(num_parallel_calls, "num_parallel_calls")))
        return _Batch(mapped, _batch_size(batch_size), bool(drop_remainder), output_types)

    grad = NOT_DIFFERENTIABLE


class _PaddedBatch(DatasetValue):
    __slots__ = ("drop", "dtypes", "input", "pads", "shapes", "size")

    def __init__(self, input_, size, drop, shapes, pads, dtypes_):
        self.input, self.size, self.drop = input_, size, drop
        self.shapes, self.pads, self.dtypes = shapes, pads, dtypes_

    def iterate(self, env):
        source = iter(self.input.iterate(env))
        while True:
            rows = list(islice(source, self.size))
            if not rows or (self.drop and len(rows) < self.size):
                return
            out = []
            for k, (shape, pad, dtype) in enumerate(zip(self.shapes, self.pads, self.dtypes)):
                column = [as_component(row[k], dtype) for row in rows]
                rank = len(shape)
                for c in column:
                    if c.ndim != rank:
                        raise errors.InvalidArgumentError(
                            None, None, f"The padded shape for component {k} has rank {rank}, but an element "
                                        f"has rank {c.ndim}.")
                target = []
                for d, dim in enumerate(shape):
                    largest = max(c.shape[d] for c in column)
                    if dim == -1:
                        target.append(largest)
                    elif largest > dim:
                        raise errors.InvalidArgumentError(
                            None, None, "Attempted to pad to a smaller size than the input element.")
                    else:
                        target.append(dim)
                batch = np.full([len(column)] + target, pad, dtype=dtype.as_numpy_dtype)
                for i, c in enumerate(column):
                    # The trailing Ellipsis makes even a scalar's target a view: an object (string) batch
                    # would otherwise store the 0-d array itself, not its bytes.
                    batch[(i,) + tuple(slice(0, s) for s in c.shape) + (Ellipsis,)] = c
                out.append(batch)
            yield tuple(out)


@op("PaddedBatchDatasetV2", inputs=("input_dataset", "batch_size", "*padded_shapes", "*padding_values",
                                    "drop_remainder"),
    attrs=dict(output_shapes=(), N=0, parallel_copy=False), stateful=True, foldable=False,
    type_attrs=dict(Toutput_types="[padding_values]", N="#padded_shapes"))
class PaddedBatchDatasetV2:
    """Batches whose components are padded with `padding_values` to `padded_shapes` (-1: the batch's
    largest size in that dimension)."""

    def infer(input_dataset, batch_size, *rest, output_shapes, N, parallel_copy):
        return VARIANT

    def kernel(ctx, xp, input_dataset, batch_size, *rest, output_shapes, N, parallel_copy):
        shapes = [tuple(int(d) for d in np.asarray(s).reshape(-1)) for s in rest[:N]]
        pads = [np.asarray(p) for p in rest[N:2 * N]]
        drop = bool(rest[2 * N])
        from ..framework import dtypes as _dtypes

        types = [_dtypes.as_dtype(p.dtype) if p.dtype != object else _dtypes.string for p in pads]
        return _PaddedBatch(input_dataset, _batch_size(batch_size), drop, shapes, pads, types)

    grad = NOT_DIFFERENTIABLE


class _Unbatch(DatasetValue):
    __slots__ = ("input",)

    def __init__(self, input_):
        self.input = input_

    def iterate(self, env):
        from .sparse import SparseValue, slices

        for element in self.input.iterate(env):
            arrays = [slices(c) if isinstance(c, SparseValue) else np.asarray(c) for c in element]
            n = len(arrays[0]) if isinstance(arrays[0], list) or arrays[0].ndim else None
            if n is None or any(not isinstance(a, list) and a.ndim == 0 or len(a) != n for a in arrays):
                raise errors.InvalidArgumentError(
                    None, None, "Input element must have a non-scalar value in each component.")
            for i in range(n):
                yield tuple(a[i] for a in arrays)


@op("UnbatchDataset", inputs=("input_dataset",), attrs=dict(output_types=(), output_shapes=()), stateful=True, foldable=False,
    type_attrs={})
class UnbatchDataset:
    """Each input element split along its first dimension into elements."""

    def infer(input_dataset, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, **attrs):
        return _Unbatch(input_dataset)

    grad = NOT_DIFFERENTIABLE


class Materialized(DatasetValue):
    """A dataset of elements already computed (a window's contents)."""

    __slots__ = ("elements",)

    def __init__(self, elements):
        self.elements = list(elements)

    def iterate(self, env):
        return iter(self.elements)


class _Window(DatasetValue):
    __slots__ = ("drop", "input", "shift", "size", "stride")

    def __init__(self, input_, size, shift, stride, drop):
        self.input, self.size, self.shift, self.stride, self.drop = input_, size, shift, stride, drop

    def iterate(self, env):
        buffer = collections.deque()
        span = (self.size - 1) * self.stride + 1
        source = iter(self.input.iterate(env))
        exhausted = False
        skip = 0
        while True:
            while not exhausted and len(buffer) < span:
                element = next(source, None)
                if element is None:
                    exhausted = True
                    break
                if skip:
                    skip -= 1
                    continue
                buffer.append(element)
            if not buffer or (exhausted and self.drop and len(buffer) < span):
                return
            window = list(buffer)[::self.stride][:self.size]
            n_components = len(window[0])
            yield tuple(Materialized([(row[k],) for row in window]) for k in range(n_components))
            if self.shift >= len(buffer):
                skip = self.shift - len(buffer)
                buffer.clear()
            else:
                for _ in range(self.shift):
                    buffer.popleft()


@op("WindowDataset", inputs=("input_dataset", "size", "shift", "stride", "drop_remainder"),
    attrs=dict(output_types=(), output_shapes=()), stateful=True, foldable=False, type_attrs={})
class WindowDataset:
    """Elements: windows of `size` input elements (every `stride`-th), `shift` apart; each component
    of a window is a dataset."""

    def infer(input_dataset, size, shift, stride, drop_remainder, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, size, shift, stride, drop_remainder, **attrs):
        size, shift, stride = scalar(size, "size"), scalar(shift, "shift"), scalar(stride, "stride")
        for name, value in (("size", size), ("shift", shift), ("stride", stride)):
            if value <= 0:
                raise errors.InvalidArgumentError(None, None, f"Window {name} must be greater than zero, but "
                                                              f"got {value}.")
        return _Window(input_dataset, size, shift, stride, bool(drop_remainder))

    grad = NOT_DIFFERENTIABLE
