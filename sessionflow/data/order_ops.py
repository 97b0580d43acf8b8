"""Dataset ops that reorder, repeat, cut, combine or buffer elements: ShuffleDataset,
ShuffleAndRepeatDataset, RepeatDataset, TakeDataset, SkipDataset, ShardDataset, ZipDataset,
ConcatenateDataset, PrefetchDataset, CacheDataset, IgnoreErrorsDataset, RewriteDataset.

Shuffling follows TF's kernel exactly, so the element order is TF's for the same seeds: a buffer of
`buffer_size` elements (a ring, filled in input order); each output is the buffer element at
`start + Random() % filled` (Random(): the next 32-bit word of a Philox stream seeded with the
iterator's (seed, seed2)), which then takes the place of the element at `start`, and `start` moves on.
Each new iterator of a reshuffling dataset (each epoch of a repeat) takes its seeds as two words of a
generator seeded with the dataset's seeds; without reshuffling every iterator uses the dataset's
seeds. Elements of several epochs (ShuffleAndRepeat) are kept in slices: only the oldest epoch's
slice is drawn from.
"""

from __future__ import annotations

import os
import pickle

import numpy as np

from ..framework import errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..ops import philox
from .values import VARIANT, DatasetValue, made_ahead, scalar

_MAX_EPOCHS_IN_BUFFER = 3


class PhiloxWords:
    """32-bit words of the Philox stream of (seed, seed2), one at a time (TF's SingleSampleAdapter)."""

    __slots__ = ("counter", "key", "position", "words")

    def __init__(self, seed: int, seed2: int):
        self.key, self.counter = philox.seeds_to_key_counter(seed, seed2)
        self.words: list = []
        self.position = 0

    def __call__(self) -> int:
        if self.position == len(self.words):
            self.words = self.chunk()
            self.position = 0
        word = self.words[self.position]
        self.position += 1
        return word

    def chunk(self) -> list:
        """The next 256 words of the stream (for loops that take words in bulk; do not mix with calls)."""
        words = philox.blocks(np, self.key, self.counter, 64).reshape(-1).tolist()
        self.counter += 64
        return words


def _seeds(seed, seed2):
    seed, seed2 = int(seed), int(seed2)
    if seed == 0 and seed2 == 0:
        seed, seed2 = (int.from_bytes(os.urandom(8), "little") for _ in range(2))
    return seed, seed2


def _shuffled_once(source, size, random):
    """`_shuffled` for one epoch, the common case, in a tighter loop (the same order)."""
    source = iter(source)
    ring = [None] * size
    end = 0
    for element in source:
        ring[end] = element
        end += 1
        if end == size:
            break
    exhausted = end < size
    start = 0
    words, position = random.chunk(), 0
    while start < end:
        if position == 256:
            words, position = random.chunk(), 0
        index = (start + words[position] % (end - start)) % size
        position += 1
        first = start % size
        element = ring[index]
        ring[index] = ring[first]
        start += 1
        if not exhausted:
            following = next(source, None)
            if following is None:
                exhausted = True
            else:
                ring[end % size] = following
                end += 1
        yield element


def _shuffled(make_input, size, new_random, count):
    """TF's shuffle over `count` epochs (-1: forever) of `make_input()`; `new_random()` gives the random
    stream, at the start and again each time an epoch's elements are all out."""
    random = new_random()
    ring = [None] * size
    slices = []  # [start, end) of each epoch's elements in the ring, oldest first
    filled = epoch = 0
    source = None
    produced_any = False
    while True:
        while filled < size:
            if source is None and count != -1 and epoch >= count:
                break
            if len(slices) > _MAX_EPOCHS_IN_BUFFER and filled > 0:
                break
            if source is None:
                end = slices[-1][1] if slices else 0
                slices.append([end, end])
                source = iter(make_input())
            element = next(source, None)
            if element is None:
                source = None
                epoch += 1
                if not produced_any and count == -1:
                    return  # an empty input repeated forever: the end, rather than a hang
                continue
            produced_any = True
            last = slices[-1]
            ring[last[1] % size] = element
            last[1] += 1
            filled += 1
        if filled == 0:
            return
        while slices[0][0] == slices[0][1]:
            slices.pop(0)
            random = new_random()
        front = slices[0]
        index = (front[0] + random() % (front[1] - front[0])) % size
        start = front[0] % size
        element = ring[index]
        ring[index] = ring[start]
        ring[start] = None
        front[0] += 1
        filled -= 1
        yield element


class _Shuffle(DatasetValue):
    __slots__ = ("count", "generator", "input", "reshuffle", "seed", "seed2", "size")

    def __init__(self, input_, size, seed, seed2, reshuffle, count=1):
        self.input, self.size, self.count = input_, size, count
        self.seed, self.seed2 = _seeds(seed, seed2)
        self.reshuffle = reshuffle
        self.generator = PhiloxWords(self.seed, self.seed2) if reshuffle else None

    def iterate(self, env):
        if self.count == 1:
            return _shuffled_once(self.input.iterate(env), self.size, self._new_random())
        return _shuffled(lambda: self.input.iterate(env), self.size, self._new_random, self.count)

    def _new_random(self):
        """A random stream for an iterator or epoch: seeded by two words of the dataset's generator when
        reshuffling, else by the dataset's seeds."""
        if self.generator is None:
            return PhiloxWords(self.seed, self.seed2)
        return PhiloxWords(self.generator(), self.generator())


def _buffer_size(value) -> int:
    size = scalar(value, "buffer_size")
    if size <= 0:
        raise errors.InvalidArgumentError(None, None, "buffer_size must be greater than zero.")
    return size


@op("ShuffleDataset", inputs=("input_dataset", "buffer_size", "seed", "seed2"),
    attrs=dict(output_types=(), output_shapes=(), reshuffle_each_iteration=True), stateful=True, foldable=False, type_attrs={})
class ShuffleDataset:
    """The input elements in TF's shuffled order (see the module docstring)."""

    def infer(input_dataset, buffer_size, seed, seed2, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, buffer_size, seed, seed2, reshuffle_each_iteration, **attrs):
        return _Shuffle(input_dataset, _buffer_size(buffer_size), seed, seed2, reshuffle_each_iteration)

    grad = NOT_DIFFERENTIABLE


@op("ShuffleAndRepeatDataset", inputs=("input_dataset", "buffer_size", "seed", "seed2", "count"),
    attrs=dict(output_types=(), output_shapes=(), reshuffle_each_iteration=True), stateful=True, foldable=False, type_attrs={})
class ShuffleAndRepeatDataset:
    """`count` epochs of the input shuffled through one buffer (epochs kept apart)."""

    def infer(input_dataset, buffer_size, seed, seed2, count, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, buffer_size, seed, seed2, count, reshuffle_each_iteration, **attrs):
        count = scalar(count, "count")
        if count <= 0 and count != -1:
            raise errors.InvalidArgumentError(None, None, "count must be greater than zero or equal to -1.")
        return _Shuffle(input_dataset, _buffer_size(buffer_size), seed, seed2, reshuffle_each_iteration, count)

    grad = NOT_DIFFERENTIABLE


class _Repeat(DatasetValue):
    __slots__ = ("count", "input")

    def __init__(self, input_, count):
        self.input, self.count = input_, count

    def iterate(self, env):
        epoch = 0
        while self.count < 0 or epoch < self.count:
            produced = False
            for element in self.input.iterate(env):
                produced = True
                yield element
            if not produced and self.count < 0:
                return
            epoch += 1


@op("RepeatDataset", inputs=("input_dataset", "count"), attrs=dict(output_types=(), output_shapes=()),
    stateful=True, foldable=False, type_attrs={})
class RepeatDataset:
    """`count` passes over the input (-1: forever)."""

    def infer(input_dataset, count, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, count, **attrs):
        return _Repeat(input_dataset, scalar(count, "count"))

    grad = NOT_DIFFERENTIABLE


class _Slice(DatasetValue):
    __slots__ = ("every", "input", "skip", "take")

    def __init__(self, input_, skip=0, take=-1, every=1):
        self.input, self.skip, self.take, self.every = input_, skip, take, every

    def iterate(self, env):
        from itertools import islice

        source = self.input.iterate(env)
        if self.skip < 0:
            return iter(())
        stop = None if self.take < 0 else self.skip + self.take * self.every
        return islice(source, self.skip, stop, self.every)


@op("TakeDataset", inputs=("input_dataset", "count"), attrs=dict(output_types=(), output_shapes=()),
    stateful=True, foldable=False, type_attrs={})
class TakeDataset:
    """The first `count` input elements (-1: all)."""

    def infer(input_dataset, count, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, count, **attrs):
        return _Slice(input_dataset, take=scalar(count, "count"))

    grad = NOT_DIFFERENTIABLE


@op("SkipDataset", inputs=("input_dataset", "count"), attrs=dict(output_types=(), output_shapes=()),
    stateful=True, foldable=False, type_attrs={})
class SkipDataset:
    """The input elements after the first `count` (-1: none)."""

    def infer(input_dataset, count, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, count, **attrs):
        return _Slice(input_dataset, skip=scalar(count, "count"))

    grad = NOT_DIFFERENTIABLE


@op("ShardDataset", inputs=("input_dataset", "num_shards", "index"),
    attrs=dict(output_types=(), output_shapes=(), require_non_empty=False), stateful=True, foldable=False, type_attrs={})
class ShardDataset:
    """Every `num_shards`-th input element, starting at `index`."""

    def infer(input_dataset, num_shards, index, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, num_shards, index, **attrs):
        num_shards, index = scalar(num_shards, "num_shards"), scalar(index, "index")
        if num_shards <= 0:
            raise errors.InvalidArgumentError(None, None, f"Number of shards must be greater than zero (currently "
                                                          f"num_shards = {num_shards}).")
        if index < 0 or index >= num_shards:
            raise errors.InvalidArgumentError(None, None, f"Index must be between 0 and {num_shards - 1} (currently "
                                                          f"index = {index}).")
        return _Slice(input_dataset, skip=index, every=num_shards)

    grad = NOT_DIFFERENTIABLE


class _Zip(DatasetValue):
    __slots__ = ("inputs",)

    def __init__(self, inputs):
        self.inputs = inputs

    def iterate(self, env):
        for parts in zip(*[d.iterate(env) for d in self.inputs]):
            yield tuple(c for part in parts for c in part)


@op("ZipDataset", inputs=("*input_datasets",), attrs=dict(output_types=(), output_shapes=(), N=0),
    stateful=True, foldable=False, type_attrs=dict(N="#input_datasets"))
class ZipDataset:
    """Elements: the elements of `input_datasets` side by side, until the shortest ends."""

    def infer(*input_datasets, **attrs):
        return VARIANT

    def kernel(ctx, xp, *input_datasets, **attrs):
        return _Zip(input_datasets)

    grad = NOT_DIFFERENTIABLE


class _Concatenate(DatasetValue):
    __slots__ = ("first", "second")

    def __init__(self, first, second):
        self.first, self.second = first, second

    def iterate(self, env):
        yield from self.first.iterate(env)
        yield from self.second.iterate(env)


@op("ConcatenateDataset", inputs=("input_dataset", "another_dataset"), attrs=dict(output_types=(), output_shapes=()),
    stateful=True, foldable=False, type_attrs={})
class ConcatenateDataset:
    """The elements of `input_dataset`, then those of `another_dataset`."""

    def infer(input_dataset, another_dataset, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, another_dataset, **attrs):
        return _Concatenate(input_dataset, another_dataset)

    grad = NOT_DIFFERENTIABLE


class _Prefetch(DatasetValue):
    """Elements made ahead by a background thread into a buffer of `size`; the thread stops when the
    iterator is re-initialized or its session closes (it never blocks for long: it waits in slices)."""

    __slots__ = ("input", "size")

    def __init__(self, input_, size):
        self.input, self.size = input_, size

    def iterate(self, env):
        return made_ahead(lambda: self.input.iterate(env), env, self.size)


@op("PrefetchDataset", inputs=("input_dataset", "buffer_size"),
    attrs=dict(output_types=(), output_shapes=(), slack_period=0, legacy_autotune=True, buffer_size_min=0),
    stateful=True, foldable=False, type_attrs={})
class PrefetchDataset:
    """The input elements, made ahead by a background thread (`buffer_size` of them; AUTOTUNE: 2 per
    core). A buffer_size of 0 makes none ahead."""

    def infer(input_dataset, buffer_size, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, buffer_size, **attrs):
        size = scalar(buffer_size, "buffer_size")
        if size == 0:
            return input_dataset
        if size == -1:
            size = 2 * (os.cpu_count() or 1)
        if size < 0:
            raise errors.InvalidArgumentError(None, None, "buffer_size must be >= 0 or set buffer_size to be "
                                                          "AUTOTUNE.")
        return _Prefetch(input_dataset, size)

    grad = NOT_DIFFERENTIABLE


class _Cache(DatasetValue):
    """The input's elements, kept after the first complete pass: in memory (filename "") or in a file
    (written to `<filename>.tmp` while the pass runs, renamed when it completes)."""

    __slots__ = ("elements", "filename", "input")

    def __init__(self, input_, filename):
        self.input, self.filename = input_, filename
        self.elements = None

    def iterate(self, env):
        if self.elements is not None:
            return iter(self.elements)
        path = self.filename + ".sessionflow-cache" if self.filename else None
        if path and os.path.exists(path):
            with open(path, "rb") as f:
                self.elements = pickle.load(f)
            return iter(self.elements)
        return self._filling(env, path)

    def _filling(self, env, path):
        collected = []
        for element in self.input.iterate(env):
            collected.append(element)
            yield element
        self.elements = collected
        if path:
            temp = path + ".tmp"
            with open(temp, "wb") as f:
                pickle.dump(collected, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)


@op("CacheDataset", inputs=("input_dataset", "filename"), attrs=dict(output_types=(), output_shapes=()),
    stateful=True, foldable=False, type_attrs={})
class CacheDataset:
    """The input elements, computed once (see _Cache)."""

    def infer(input_dataset, filename, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, filename, **attrs):
        name = np.asarray(filename).item()
        return _Cache(input_dataset, name.decode() if isinstance(name, bytes) else str(name))

    grad = NOT_DIFFERENTIABLE


class _IgnoreErrors(DatasetValue):
    """The input's elements, errors dropped. A map's failing calls are skipped one by one, as in TF;
    any other input (a Python iterator cannot go on after it raised) ends at its first error."""

    __slots__ = ("input",)

    def __init__(self, input_):
        self.input = input_

    def iterate(self, env):
        from .transform_ops import _Map

        source = self.input.iterate(env, skip_errors=True) if isinstance(self.input, _Map) else \
            self.input.iterate(env)
        source = iter(source)
        while True:
            try:
                element = next(source)
            except StopIteration:
                return
            except errors.CancelledError:
                raise
            except errors.OpError:
                return
            yield element


@op("IgnoreErrorsDataset", inputs=("input_dataset",), attrs=dict(output_types=(), output_shapes=(), log_warning=False),
    stateful=True, foldable=False, type_attrs={})
class IgnoreErrorsDataset:
    """The input elements, errors dropped."""

    def infer(input_dataset, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, **attrs):
        return _IgnoreErrors(input_dataset)

    grad = NOT_DIFFERENTIABLE


@op("RewriteDataset", inputs=("input_dataset", "rewrite_name"), attrs=dict(output_types=(), output_shapes=()),
    stateful=True, foldable=False, type_attrs={})
class RewriteDataset:
    """The input dataset as it is (TF applies a named graph rewrite; none changes the elements)."""

    def infer(input_dataset, rewrite_name, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, rewrite_name, **attrs):
        return input_dataset

    grad = NOT_DIFFERENTIABLE
