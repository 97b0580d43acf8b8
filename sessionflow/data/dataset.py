"""tf.data.Dataset (TF1 graph mode): each method creates TF's dataset op in the default graph (a
variant tensor whose value, at run time, describes the elements) and returns a Dataset carrying
that tensor and its element structure."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.seeds import get_seed
from ..framework.tensor_shape import TensorShape
from ..ops.constant import convert_to_tensor
from . import order_ops, source_ops, transform_ops
from . import structure as st
from .functions import TracedFunction

AUTOTUNE = -1
INFINITE = -1
UNKNOWN = -2


def _int64(value, name):
    return convert_to_tensor(value, dtype=dtypes.int64, name=name)


def _flat(specs):
    return dict(output_types=st.flat_types(specs), output_shapes=st.flat_shapes(specs))


class DatasetV2:
    """A dataset: `_variant` (its op's variant output) and `_specs` (a nest of `structure.Spec`)."""

    def __init__(self, variant: Tensor, specs):
        self._variant = variant
        self._specs = specs

    # --- structure ---------------------------------------------------------------------------
    @property
    def output_types(self):
        return st.types_of(self._specs)

    @property
    def output_shapes(self):
        return st.shapes_of(self._specs)

    @property
    def output_classes(self):
        return st.classes_of(self._specs)

    @property
    def element_spec(self):
        return self._specs

    def _as_variant_tensor(self):
        return self._variant

    def __repr__(self):
        return f"<{type(self).__name__} element_spec={self._specs}>"

    def __iter__(self):
        raise RuntimeError("`tf.data.Dataset` only supports Python-style iteration in eager mode or within "
                           "tf.function.")

    # --- sources -----------------------------------------------------------------------------
    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset of one element, `tensors`."""
        structure, flat = _normalize(tensors)
        specs = st.specs_of(structure)
        return DatasetV1(source_ops.TensorDataset(flat, output_shapes=st.flat_shapes(specs), name=name), specs)

    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """A dataset of the slices of `tensors` along their first dimension."""
        structure, flat = _normalize(tensors)
        first = None
        for t in st.flatten(structure):
            if t.shape.ndims == 0:
                raise ValueError(f"Unbatching a tensor is only supported for rank >= 1, got {t.shape}")
            dim = t.shape.as_list()[0] if t.shape.ndims else None
            if dim is not None:
                if first is not None and dim != first:
                    raise ValueError(f"Dimensions {first} and {dim} are not compatible")
                first = dim
        specs = st.map_structure(lambda s: st.Spec(s.dtype, s.shape[1:] if s.shape.ndims else TensorShape(None),
                                                   s.cls), st.specs_of(structure))
        return DatasetV1(source_ops.TensorSliceDataset(flat, output_shapes=st.flat_shapes(specs), is_files=False,
                                                       name=name), specs)

    @staticmethod
    def range(*args, output_type=dtypes.int64, name=None):
        """start, start + step, ... before stop (`range(stop)`, `range(start, stop[, step])`)."""
        if len(args) == 1:
            start, stop, step = 0, args[0], 1
        elif len(args) == 2:
            (start, stop), step = args, 1
        elif len(args) == 3:
            start, stop, step = args
        else:
            raise ValueError(f"Invalid `args`. The length of `args` should be between 1 and 3 but was {len(args)}.")
        spec = st.Spec(output_type, TensorShape([]))
        variant = source_ops.RangeDataset(_int64(start, "start"), _int64(stop, "stop"), _int64(step, "step"),
                                          output_types=(spec.dtype,), output_shapes=(spec.shape,), name=name)
        return DatasetV1(variant, spec)

    @staticmethod
    def zip(*datasets, name=None):
        """Elements of `datasets` (a nest of datasets) side by side."""
        if len(datasets) == 1:
            datasets = datasets[0]
        flat = st.flatten(datasets)
        for d in flat:
            if not isinstance(d, DatasetV2):
                raise TypeError(f"Invalid `datasets`. `datasets` is expected to be a (nested) structure of "
                                f"`tf.data.Dataset` objects. Received: {datasets}")
        specs = st.pack(datasets, [d._specs for d in flat])
        variant = order_ops.ZipDataset([d._variant for d in flat], N=len(flat), **_flat(specs), name=name)
        return DatasetV1(variant, specs)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None, output_signature=None,
                       name=None):
        """The elements the Python `generator(*args)` yields, checked against `output_types`/`output_shapes`
        (or `output_signature`) and converted to them."""
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable.")
        if output_signature is not None:
            specs = st.map_structure(lambda s: st.Spec(s.dtype, s.shape), output_signature)
        else:
            if output_types is None:
                raise TypeError("To specify the output signature you need to provide either the "
                                "`output_signature` argument or the `output_types` argument.")
            specs = st.specs_from(output_types, output_shapes)
        arg_tensors = [convert_to_tensor(a, name=f"args_{i}") for i, a in enumerate(args or ())]
        variant = source_ops.GeneratorDataset(arg_tensors, generator=generator, specs=specs,
                                              output_shapes=st.flat_shapes(specs), name=name)
        return DatasetV1(variant, specs)

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None, name=None):
        """The files matching `file_pattern` (a glob, or a list of them), shuffled unless `shuffle=False`."""
        from .readers import list_files

        return list_files(file_pattern, shuffle, seed)

    # --- transformations ------------------------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        """Elements: `map_func` of each element (tuples are spread as arguments); with
        `num_parallel_calls`, that many calls run at once, results in order."""
        fn = TracedFunction(map_func, self._specs, "Dataset_map")
        attrs = dict(f=fn.subgraph, **_flat(fn.output_specs), use_inter_op_parallelism=True, preserve_cardinality=False)
        if num_parallel_calls is None:
            variant = transform_ops.MapDataset(self._variant, fn.captures, force_synchronous=False, name=name, **attrs)
        else:
            variant = transform_ops.ParallelMapDatasetV2(
                self._variant, fn.captures, _int64(num_parallel_calls, "num_parallel_calls"),
                deterministic="default" if deterministic is None else str(bool(deterministic)).lower(), name=name,
                **attrs)
        return DatasetV1(variant, fn.output_specs)

    def filter(self, predicate, name=None):
        """The elements for which `predicate` is true (a scalar bool)."""
        fn = TracedFunction(predicate, self._specs, "Dataset_filter")
        flat = st.flatten(fn.output_specs)
        if len(flat) != 1 or flat[0].dtype is not dtypes.bool or flat[0].shape.ndims not in (0, None):
            raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return "
                             f"type is {fn.output_specs}.")
        variant = transform_ops.FilterDataset(self._variant, fn.captures, predicate=fn.subgraph, **_flat(self._specs),
                                              name=name)
        return DatasetV1(variant, self._specs)

    def flat_map(self, map_func, name=None):
        """The elements of the dataset `map_func` makes of each element, one after another."""
        fn = TracedFunction(map_func, self._specs, "Dataset_flat_map", expect_dataset=True)
        variant = transform_ops.FlatMapDataset(self._variant, fn.captures, f=fn.subgraph, **_flat(fn.output_specs),
                                               name=name)
        return DatasetV1(variant, fn.output_specs)

    def interleave(self, map_func, cycle_length=None, block_length=None, num_parallel_calls=None,
                   deterministic=None, name=None):
        """Elements of `cycle_length` datasets made by `map_func`, `block_length` at a time from each."""
        fn = TracedFunction(map_func, self._specs, "Dataset_interleave", expect_dataset=True)
        cycle = _int64(AUTOTUNE if cycle_length is None else cycle_length, "cycle_length")
        block = _int64(1 if block_length is None else block_length, "block_length")
        if num_parallel_calls is None:
            variant = transform_ops.InterleaveDataset(self._variant, fn.captures, cycle, block, f=fn.subgraph,
                                                      **_flat(fn.output_specs), name=name)
        else:
            variant = transform_ops.ParallelInterleaveDatasetV4(
                self._variant, fn.captures, cycle, block, _int64(AUTOTUNE, "buffer_output_elements"),
                _int64(AUTOTUNE, "prefetch_input_elements"), _int64(num_parallel_calls, "num_parallel_calls"),
                f=fn.subgraph, deterministic="default" if deterministic is None else str(bool(deterministic)).lower(),
                **_flat(fn.output_specs), name=name)
        return DatasetV1(variant, fn.output_specs)

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None):
        """Elements: `batch_size` consecutive elements stacked (a smaller last batch unless
        `drop_remainder`)."""
        size = _int64(batch_size, "batch_size")
        drop = convert_to_tensor(drop_remainder, dtype=dtypes.bool, name="drop_remainder")
        specs = _batched(self._specs, size, drop)
        variant = transform_ops.BatchDatasetV2(self._variant, size, drop, **_flat(specs), parallel_copy=False,
                                               name=name)
        return DatasetV1(variant, specs)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False, name=None):
        """Batches whose components are padded to `padded_shapes` (None dims: the batch's longest) with
        `padding_values` (default 0, or b"" for strings)."""
        from .readers import padded_batch

        return padded_batch(self, batch_size, padded_shapes, padding_values, drop_remainder, name)

    def unbatch(self, name=None):
        """Each element split along its first dimension."""
        specs = st.map_structure(lambda s: st.Spec(s.dtype, s.shape[1:] if s.shape.ndims else TensorShape(None),
                                                   s.cls), self._specs)
        variant = transform_ops.UnbatchDataset(self._variant, **_flat(specs), name=name)
        return DatasetV1(variant, specs)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None, name=None):
        """The elements in TF's shuffled order for the same seeds (a buffer of `buffer_size`)."""
        size = _int64(buffer_size, "buffer_size")
        seed_t, seed2_t = _seed_tensors(seed)
        reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)
        variant = order_ops.ShuffleDataset(self._variant, size, seed_t, seed2_t, reshuffle_each_iteration=reshuffle,
                                           **_flat(self._specs), name=name)
        return DatasetV1(variant, self._specs)

    def repeat(self, count=None, name=None):
        """`count` passes over the elements (None or -1: forever)."""
        variant = order_ops.RepeatDataset(self._variant, _int64(-1 if count is None else count, "count"),
                                          **_flat(self._specs), name=name)
        return DatasetV1(variant, self._specs)

    def take(self, count, name=None):
        variant = order_ops.TakeDataset(self._variant, _int64(count, "count"), **_flat(self._specs), name=name)
        return DatasetV1(variant, self._specs)

    def skip(self, count, name=None):
        variant = order_ops.SkipDataset(self._variant, _int64(count, "count"), **_flat(self._specs), name=name)
        return DatasetV1(variant, self._specs)

    def shard(self, num_shards, index, name=None):
        variant = order_ops.ShardDataset(self._variant, _int64(num_shards, "num_shards"), _int64(index, "index"),
                                         require_non_empty=False, **_flat(self._specs), name=name)
        return DatasetV1(variant, self._specs)

    def prefetch(self, buffer_size, name=None):
        """The elements, made ahead by a background thread (`buffer_size` of them)."""
        variant = order_ops.PrefetchDataset(self._variant, _int64(buffer_size, "buffer_size"), **_flat(self._specs),
                                            slack_period=0, legacy_autotune=True, buffer_size_min=0, name=name)
        return DatasetV1(variant, self._specs)

    def cache(self, filename="", name=None):
        """The elements, computed on the first pass and kept (in memory, or in `filename`)."""
        filename_t = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
        variant = order_ops.CacheDataset(self._variant, filename_t, **_flat(self._specs), name=name)
        return DatasetV1(variant, self._specs)

    def concatenate(self, dataset, name=None):
        """These elements, then `dataset`'s (same types and structure)."""
        if not st.same_structure(self._specs, dataset._specs) or st.flat_types(self._specs) != st.flat_types(
                dataset._specs):
            raise TypeError(f"Incompatible dataset elements:\n  {self._specs} vs.   {dataset._specs}")
        specs = st.pack(self._specs, [st.Spec(a.dtype, a.shape.most_specific_compatible_shape(b.shape))
                                      for a, b in zip(st.flatten(self._specs), st.flatten(dataset._specs))])
        variant = order_ops.ConcatenateDataset(self._variant, dataset._variant, **_flat(specs), name=name)
        return DatasetV1(variant, specs)

    def enumerate(self, start=0, name=None):
        """(index, element) pairs, the index counting from `start`."""
        counter = DatasetV2.range(start, np.iinfo(np.int64).max)
        rewritten = order_ops.RewriteDataset(counter._variant, convert_to_tensor(
            "replicate_on_split", name="RewriteDataset/rewrite_name"), **_flat(counter._specs), name="RewriteDataset")
        return DatasetV2.zip((DatasetV1(rewritten, counter._specs), self))

    def window(self, size, shift=None, stride=1, drop_remainder=False, name=None):
        """Windows of `size` elements, `shift` apart: each component of a window is a dataset."""
        from .readers import window

        return window(self, size, shift, stride, drop_remainder, name)

    def apply(self, transformation_func):
        """`transformation_func(self)`, which must return a Dataset."""
        result = transformation_func(self)
        if not isinstance(result, DatasetV2):
            raise TypeError(f"`transformation_func` must return a `tf.data.Dataset` object. Got {type(result)}.")
        return result

    def ignore_errors(self, log_warning=False, name=None):
        variant = order_ops.IgnoreErrorsDataset(self._variant, log_warning=log_warning, **_flat(self._specs),
                                                name=name)
        return DatasetV1(variant, self._specs)

    def with_options(self, options, name=None):
        return self

    def options(self):
        from .readers import Options

        return Options()


@tf_export("data.Dataset")
class DatasetV1(DatasetV2):
    """tf.compat.v1.data.Dataset: a DatasetV2 with TF1's iterator methods."""

    def make_one_shot_iterator(self):
        """An iterator over this dataset that needs no initialization."""
        from .iterator import Iterator

        return Iterator._one_shot(self)

    def make_initializable_iterator(self, shared_name=None):
        """An iterator over this dataset, started by running its `initializer`."""
        from .iterator import Iterator

        return Iterator._initializable(self, shared_name)


def _normalize(value):
    """`value` as tf.data reads it: a nest of tensors (a list is one tensor, a SparseTensor stays one),
    named as TF names them; and the element's flat component tensors."""
    graph = get_default_graph()
    if isinstance(value, DatasetV2):
        raise TypeError("A Dataset cannot be a component of an element")
    with graph.name_scope("normalize_element"):
        return st.to_tensors(value)


def _batched(specs, size, drop):
    from ..framework.registry import static_value

    n = static_value(size)
    keep = static_value(drop)
    dim = int(n) if n is not None and keep is not None and bool(keep) else None
    return st.map_structure(lambda s: st.Spec(s.dtype, TensorShape([dim]).concatenate(s.shape), s.cls), specs)


def _seed_tensors(seed):
    """TF's (seed, seed2) tensors of a shuffle: both 0 without seeds, else seed2 is replaced by 2**31 - 1
    when both are 0, computed in the graph as TF does."""
    from ..ops.array_index import where_v2
    from ..ops.math import equal, logical_and

    seed, seed2 = get_seed(seed)
    if seed is None:
        return _int64(0, "seed"), _int64(0, "seed2")
    seed_t = _int64(seed, "seed")
    with get_default_graph().name_scope("seed2") as scope:
        seed2_t = _int64(seed2, "Const")
        both_zero = logical_and(equal(seed_t, 0), equal(seed2_t, 0))
        seed2_t = where_v2(both_zero, _int64(2 ** 31 - 1, "Const_1"), seed2_t, name=scope)
    return seed_t, seed2_t
