"""tf.data.experimental transformations that select elements, with their ops: take_while
(TakeWhileDataset), unique (UniqueDataset), choose_from_datasets (DirectedInterleaveDataset), and
get_next_as_optional (IteratorGetNextAsOptional, read with the Optional ops of ops/optional_ops.py)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from ..ops.constant import convert_to_tensor
from . import order_ops
from . import structure as st
from .dataset import DatasetV1, DatasetV2, _flat
from .functions import FunctionCall, TracedFunction
from .values import VARIANT, DatasetValue


class _TakeWhile(DatasetValue):
    __slots__ = ("captured", "function", "input")

    def __init__(self, input_, function, captured):
        self.input, self.function, self.captured = input_, function, captured

    def iterate(self, env):
        call = FunctionCall(env.ctx, self.function, self.captured)
        for element in self.input.iterate(env):
            (keep,) = call(element)
            if not keep:
                return
            yield element


@op("TakeWhileDataset", inputs=("input_dataset", "*other_arguments"),
    attrs=dict(predicate=None, output_types=(), output_shapes=()), stateful=True, foldable=False,
    type_attrs=dict(Targuments="[other_arguments]"))
class TakeWhileDataset:
    """The input elements until `predicate` is first false."""

    def infer(input_dataset, *other_arguments, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, *other_arguments, predicate, **attrs):
        return _TakeWhile(input_dataset, predicate, other_arguments)

    grad = NOT_DIFFERENTIABLE


class _Unique(DatasetValue):
    __slots__ = ("input",)

    def __init__(self, input_):
        self.input = input_

    def iterate(self, env):
        seen = set()
        for element in self.input.iterate(env):
            (value,) = element
            key = np.asarray(value).item()
            if key not in seen:
                seen.add(key)
                yield element


@op("UniqueDataset", inputs=("input_dataset",), attrs=dict(output_types=(), output_shapes=()), stateful=True,
    foldable=False, type_attrs={})
class UniqueDataset:
    """The input elements (scalars) without repeats, in first-seen order."""

    def infer(input_dataset, **attrs):
        return VARIANT

    def kernel(ctx, xp, input_dataset, **attrs):
        return _Unique(input_dataset)

    grad = NOT_DIFFERENTIABLE


class _Directed(DatasetValue):
    __slots__ = ("inputs", "selector", "stop_on_empty")

    def __init__(self, selector, inputs, stop_on_empty):
        self.selector, self.inputs, self.stop_on_empty = selector, inputs, stop_on_empty

    def iterate(self, env):
        sources = [iter(d.iterate(env)) for d in self.inputs]
        ended = [False] * len(sources)
        for (choice,) in self.selector.iterate(env):
            index = int(choice)
            if index < 0 or index >= len(sources):
                raise errors.InvalidArgumentError(
                    None, None, f"Selector index out of range: {index} >= {len(sources)}")
            if ended[index]:
                continue
            element = next(sources[index], None)
            if element is None:
                ended[index] = True
                if self.stop_on_empty or all(ended):
                    return
                continue
            yield element


@op("DirectedInterleaveDataset", inputs=("selector_input_dataset", "*data_input_datasets"),
    attrs=dict(output_types=(), output_shapes=(), N=0, stop_on_empty_dataset=False), stateful=True,
    foldable=False, type_attrs=dict(N="#data_input_datasets"))
class DirectedInterleaveDataset:
    """Elements of `data_input_datasets`, each taken from the one the selector's next element names."""

    def infer(selector_input_dataset, *data_input_datasets, **attrs):
        return VARIANT

    def kernel(ctx, xp, selector_input_dataset, *data_input_datasets, stop_on_empty_dataset, **attrs):
        return _Directed(selector_input_dataset, data_input_datasets, stop_on_empty_dataset)

    grad = NOT_DIFFERENTIABLE


@tf_export("data.experimental.take_while")
def take_while(predicate):
    """The elements until `predicate` is first false, as a transformation for `Dataset.apply`."""

    def apply(dataset):
        fn = TracedFunction(predicate, dataset._specs, "Dataset_take_while")
        flat = st.flatten(fn.output_specs)
        if len(flat) != 1 or flat[0].dtype is not dtypes.bool or flat[0].shape.ndims not in (0, None):
            raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return "
                             f"type is {fn.output_specs}.")
        variant = TakeWhileDataset(dataset._variant, fn.captures, predicate=fn.subgraph, **_flat(dataset._specs))
        return DatasetV1(variant, dataset._specs)

    return apply


@tf_export("data.experimental.unique")
def unique():
    """Drops elements already seen (elements must be int32, int64 or string scalars)."""

    def apply(dataset):
        flat = st.flatten(dataset._specs)
        if len(flat) != 1 or flat[0].dtype not in (dtypes.int32, dtypes.int64, dtypes.string):
            raise TypeError("Unique transformation only supports datasets of single int32, int64, or string "
                            f"components, got {dataset.output_types}.")
        return DatasetV1(UniqueDataset(dataset._variant, **_flat(dataset._specs)), dataset._specs)

    return apply


@tf_export("data.experimental.choose_from_datasets")
def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=False):
    """Elements of `datasets`, each from the one `choice_dataset`'s next (int64) element names; an
    exhausted dataset is skipped (or, with `stop_on_empty_dataset`, ends the result)."""
    datasets = list(datasets)
    if not datasets:
        raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
    if not isinstance(choice_dataset, DatasetV2) or choice_dataset.output_types != dtypes.int64 or \
            choice_dataset.output_shapes.ndims not in (0, None):
        raise TypeError("Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar of `tf.int64` dtype.")
    specs = datasets[0]._specs
    for d in datasets[1:]:
        if st.flat_types(d._specs) != st.flat_types(specs):
            raise TypeError(f"Invalid `datasets`. All datasets should have the same element types, got "
                            f"{datasets[0].output_types} and {d.output_types}.")
    selector = order_ops.RewriteDataset(choice_dataset._variant, convert_to_tensor(
        "replicate_on_split", name="RewriteDataset/rewrite_name"), **_flat(choice_dataset._specs),
        name="RewriteDataset")
    variant = DirectedInterleaveDataset(selector, [d._variant for d in datasets], N=len(datasets),
                                        stop_on_empty_dataset=bool(stop_on_empty_dataset), **_flat(specs))
    return DatasetV1(variant, specs)


class _Optional:
    """tf.data.experimental.Optional (graph mode): an element that may be missing."""

    def __init__(self, variant, specs):
        self._variant_tensor = variant
        self._specs = specs

    def has_value(self, name=None):
        from ..ops.optional_ops import OptionalHasValue

        return OptionalHasValue(self._variant_tensor, name=name or "OptionalHasValue")

    def get_value(self, name=None):
        from ..ops.optional_ops import OptionalGetValue

        flat = OptionalGetValue(self._variant_tensor, output_types=st.flat_types(self._specs),
                                output_shapes=st.flat_shapes(self._specs), name=name or "OptionalGetValue")
        flat = [flat] if len(st.flatten(self._specs)) == 1 else list(flat)
        return st.unpack_components(self._specs, flat)

    @property
    def element_spec(self):
        return self._specs


@op("IteratorGetNextAsOptional", inputs=("iterator",), attrs=dict(output_types=(), output_shapes=()),
    stateful=True, foldable=False, type_attrs={})
class IteratorGetNextAsOptional:
    """The iterator's next element as an Optional (holding nothing at the end, instead of an error)."""

    def infer(iterator, **attrs):
        return dtypes.variant, TensorShape([])

    def kernel(ctx, xp, iterator, output_types, output_shapes):
        from ..ops.optional_ops import OptionalValue
        from .iterator_ops import IteratorGetNext

        try:
            values = IteratorGetNext.kernel(ctx, xp, iterator, output_types=output_types, output_shapes=output_shapes)
        except errors.OutOfRangeError:
            return OptionalValue(None)
        return OptionalValue((values,) if len(output_types) == 1 else values)

    grad = NOT_DIFFERENTIABLE


@tf_export("data.experimental.get_next_as_optional")
def get_next_as_optional(iterator):
    """The iterator's next element as an Optional: `has_value()` is false at the end of the data."""
    variant = IteratorGetNextAsOptional(iterator._iterator_resource, output_types=st.flat_types(iterator._specs),
                                        output_shapes=st.flat_shapes(iterator._specs))
    return _Optional(variant, iterator._specs)
