"""tf.data.experimental transformations that carry state across elements or group them, with their
ops: scan (ScanDataset) and Counter on it, group_by_window (GroupByWindowDataset) and
bucket_by_sequence_length on it."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from ..ops.constant import convert_to_tensor
from . import structure as st
from .dataset import DatasetV1, _flat
from .functions import FunctionCall, TracedFunction
from .readers import DatasetStructure
from .transform_ops import Materialized
from .values import VARIANT, DatasetValue


class _Scan(DatasetValue):
    __slots__ = ("captured", "function", "initial", "input")

    def __init__(self, input_, initial, function, captured):
        self.input, self.initial, self.function, self.captured = input_, initial, function, captured

    def iterate(self, env):
        call = FunctionCall(env.ctx, self.function, self.captured)
        state = tuple(self.initial)
        n = len(state)
        for element in self.input.iterate(env):
            outputs = call(state + tuple(element))
            state = tuple(outputs[:n])
            yield tuple(outputs[n:])


@op("ScanDataset", inputs=("input_dataset", "*initial_state", "*other_arguments"),
    attrs=dict(f=None, Tstate=(), output_types=(), output_shapes=(), preserve_cardinality=False,
               use_default_device=True),
    stateful=True, foldable=False, type_attrs=dict(Tstate="[initial_state]", Targuments="[other_arguments]"))
class ScanDataset:
    """Elements: `f(state, element)`'s output part, the state carried from one element to the next."""

    def infer(input_dataset, *rest, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *rest, f, Tstate, **attrs):
        n = len(Tstate)
        return _Scan(input_dataset, rest[:n], f, rest[n:])

    grad = NOT_DIFFERENTIABLE


@tf_export("data.experimental.scan")
def scan(initial_state, scan_func):
    """`scan_func(state, element) -> (new_state, output)` over the elements: a transformation for
    `Dataset.apply` whose elements are the outputs."""

    def apply(dataset):
        state, state_tensors = st.to_tensors(initial_state, name="initial_state")
        state_specs = st.specs_of(state)
        fn = TracedFunction(scan_func, (state_specs, dataset._specs), "Dataset_scan")
        if not isinstance(fn.output_specs, tuple) or len(fn.output_specs) != 2:
            raise TypeError("The scan function must return a pair comprising the new state and the output value.")
        new_state, output = fn.output_specs
        if not st.same_structure(new_state, state_specs) or st.flat_types(new_state) != st.flat_types(state_specs):
            raise TypeError(f"The element types for the new state must match the initial state. Expected "
                            f"{st.types_of(state_specs)}; got {st.types_of(new_state)}.")
        variant = ScanDataset(dataset._variant, state_tensors, fn.captures, f=fn.subgraph,
                              Tstate=st.flat_types(state_specs), **_flat(output))
        return DatasetV1(variant, output)

    return apply


@tf_export("data.experimental.Counter")
def Counter(start=0, step=1, dtype=dtypes.int64):
    """start, start + step, ... without end (TF builds it as a scan over a repeated dummy element)."""
    from ..framework.graph import get_default_graph

    with get_default_graph().name_scope("counter"):
        start = convert_to_tensor(start, dtype=dtype, name="start")
        step = convert_to_tensor(step, dtype=dtype, name="step")
        dummy = DatasetV1.from_tensors(0).repeat(None)
        return dummy.apply(scan(start, lambda state, _: (state + step, state)))


class _GroupByWindow(DatasetValue):
    __slots__ = ("input", "key", "key_captured", "reduce", "reduce_captured", "size", "size_captured")

    def __init__(self, input_, key, key_captured, reduce, reduce_captured, size, size_captured):
        self.input, self.key, self.key_captured = input_, key, key_captured
        self.reduce, self.reduce_captured = reduce, reduce_captured
        self.size, self.size_captured = size, size_captured

    def iterate(self, env):
        key_of = FunctionCall(env.ctx, self.key, self.key_captured)
        reduce = FunctionCall(env.ctx, self.reduce, self.reduce_captured)
        size_of = FunctionCall(env.ctx, self.size, self.size_captured)
        groups: dict = {}
        sizes: dict = {}
        for element in self.input.iterate(env):
            (key,) = key_of(element)
            key = int(key)
            if key not in sizes:
                (size,) = size_of((np.int64(key),))
                size = int(size)
                if size <= 0:
                    raise errors.InvalidArgumentError(None, None, f"Window size must be greater than zero, but got "
                                                                  f"{size}.")
                sizes[key] = size
            group = groups.setdefault(key, [])
            group.append(element)
            if len(group) == sizes[key]:
                del groups[key]
                yield from self._reduced(reduce, key, group, env)
        for key in sorted(groups):
            yield from self._reduced(reduce, key, groups[key], env)

    @staticmethod
    def _reduced(reduce, key, group, env):
        (dataset,) = reduce((np.int64(key), Materialized(group)))
        yield from dataset.iterate(env)


@op("GroupByWindowDataset", inputs=("input_dataset", "*key_func_other_arguments", "*reduce_func_other_arguments",
                                    "*window_size_func_other_arguments"),
    attrs=dict(key_func=None, reduce_func=None, window_size_func=None, output_types=(), output_shapes=(),
               Tkey_func_other_arguments=(), Treduce_func_other_arguments=()),
    stateful=True, foldable=False,
    type_attrs=dict(Tkey_func_other_arguments="[key_func_other_arguments]",
                    Treduce_func_other_arguments="[reduce_func_other_arguments]",
                    Twindow_size_func_other_arguments="[window_size_func_other_arguments]"))
class GroupByWindowDataset:
    """Elements grouped by `key_func` into windows of `window_size_func(key)`; each full window (and,
    at the end, each partial one, by key) becomes the elements of `reduce_func(key, window)`."""

    def infer(input_dataset, *rest, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *rest, key_func, reduce_func, window_size_func, Tkey_func_other_arguments,
               Treduce_func_other_arguments, **attrs):
        n_key, n_reduce = len(Tkey_func_other_arguments), len(Treduce_func_other_arguments)
        return _GroupByWindow(input_dataset, key_func, rest[:n_key], reduce_func, rest[n_key:n_key + n_reduce],
                              window_size_func, rest[n_key + n_reduce:])

    grad = NOT_DIFFERENTIABLE


@tf_export("data.experimental.group_by_window")
def group_by_window(key_func, reduce_func, window_size=None, window_size_func=None):
    """Groups elements by `key_func` (an int64 key) into windows of `window_size` (or
    `window_size_func(key)`) and replaces each window by the dataset `reduce_func(key, window)`."""
    if (window_size is None) == (window_size_func is None):
        raise ValueError("Either the `window_size` argument or the `window_size_func` argument must be specified.")
    if window_size is not None:
        def window_size_func(key):
            return convert_to_tensor(window_size, dtype=dtypes.int64)

    def apply(dataset):
        specs = dataset._specs
        key_fn = TracedFunction(key_func, specs, "Dataset_group_by_window_key")
        flat = st.flatten(key_fn.output_specs)
        if len(flat) != 1 or flat[0].dtype is not dtypes.int64 or flat[0].shape.ndims not in (0, None):
            raise ValueError(f"Invalid `key_func`. `key_func` must return a single tf.int64 scalar tensor but its "
                             f"return type is {key_fn.output_specs}.")
        key_spec = st.Spec(dtypes.int64, TensorShape([]))
        window_spec = st.Spec(dtypes.variant, TensorShape([]), DatasetStructure(specs))
        reduce_fn = TracedFunction(reduce_func, (key_spec, window_spec), "Dataset_group_by_window_reduce",
                                   expect_dataset=True)
        size_fn = TracedFunction(window_size_func, key_spec, "Dataset_group_by_window_size")
        variant = GroupByWindowDataset(
            dataset._variant, key_fn.captures, reduce_fn.captures, size_fn.captures, key_func=key_fn.subgraph,
            reduce_func=reduce_fn.subgraph, window_size_func=size_fn.subgraph,
            Tkey_func_other_arguments=tuple(t.dtype.base_dtype for t in key_fn.captures),
            Treduce_func_other_arguments=tuple(t.dtype.base_dtype for t in reduce_fn.captures),
            **_flat(reduce_fn.output_specs))
        return DatasetV1(variant, reduce_fn.output_specs)

    return apply


@tf_export("data.experimental.bucket_by_sequence_length")
def bucket_by_sequence_length(element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes=None,
                              padding_values=None, pad_to_bucket_boundary=False, no_padding=False,
                              drop_remainder=False):
    """Batches elements of similar length together: bucket i holds lengths in
    [boundaries[i-1], boundaries[i]), batched by `bucket_batch_sizes[i]` and padded (group_by_window)."""
    import sessionflow as tf

    if len(bucket_batch_sizes) != len(bucket_boundaries) + 1:
        raise ValueError(f"`len(bucket_batch_sizes)` must equal `len(bucket_boundaries) + 1` but "
                         f"`len(bucket_batch_sizes)={len(bucket_batch_sizes)}` and "
                         f"`len(bucket_boundaries)={len(bucket_boundaries)}`.")
    batch_sizes = tf.constant(bucket_batch_sizes, dtype=dtypes.int64)

    def element_to_bucket_id(*args):
        seq_length = element_length_func(*args)
        boundaries = list(bucket_boundaries)
        buckets_min = [np.iinfo(np.int32).min] + boundaries
        buckets_max = boundaries + [np.iinfo(np.int32).max]
        conditions = tf.logical_and(tf.less_equal(buckets_min, seq_length), tf.less(seq_length, buckets_max))
        return tf.reduce_min(tf.where(conditions))

    def window_size_fn(bucket_id):
        return batch_sizes[bucket_id]

    def make_padded_shapes(shapes, none_filler=None):
        return st.map_structure(lambda s: TensorShape([none_filler if d is None else d for d in s.as_list()])
                                if s.ndims is not None else s, shapes)

    def batching_fn(bucket_id, grouped_dataset):
        batch_size = window_size_fn(bucket_id)
        if no_padding:
            return grouped_dataset.batch(batch_size, drop_remainder=drop_remainder)
        none_filler = None
        if pad_to_bucket_boundary:
            raise NotImplementedError("pad_to_bucket_boundary is not provided by sessionflow yet")
        shapes = make_padded_shapes(padded_shapes or grouped_dataset.output_shapes, none_filler=none_filler)
        return grouped_dataset.padded_batch(batch_size, shapes, padding_values, drop_remainder=drop_remainder)

    def apply(dataset):
        spreads = isinstance(dataset._specs, tuple) and not hasattr(dataset._specs, "_fields")
        key = element_to_bucket_id if spreads else (lambda element: element_to_bucket_id(element))
        return dataset.apply(group_by_window(key, batching_fn, window_size_func=window_size_fn))

    return apply


__all__ = ["Counter", "bucket_by_sequence_length", "group_by_window", "scan"]
