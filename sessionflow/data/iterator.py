"""tf.data.Iterator (TF1): a handle to an iterator resource with the element structure of its
datasets; `get_next()` gives that structure of tensors with their static shapes."""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Operation
from ..framework.seeds import get_seed
from ..ops.constant import convert_to_tensor
from . import structure as st
from .iterator_ops import (
    IteratorFromStringHandleV2,
    IteratorGetNext,
    IteratorToStringHandle,
    IteratorV2,
    MakeIterator,
    OneShotIterator,
)


class Iterator:
    """An iterator over elements of structure `specs`. Made by `Dataset.make_one_shot_iterator`,
    `Dataset.make_initializable_iterator`, `Iterator.from_structure` or `Iterator.from_string_handle`."""

    def __init__(self, iterator_resource, initializer, specs):
        self._iterator_resource = iterator_resource
        self._initializer = initializer
        self._specs = specs
        self._string_handle = IteratorToStringHandle(iterator_resource)
        self._get_next_call_count = 0

    # --- construction ----------------------------------------------------------------------
    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None):
        """An iterator not bound to a dataset: `make_initializer(dataset)` starts it over one of this
        structure."""
        specs = st.specs_from(output_types, output_shapes)
        handle = IteratorV2(shared_name=shared_name or "", container="", output_types=st.flat_types(specs),
                            output_shapes=st.flat_shapes(specs))
        return Iterator(handle, None, specs)

    @staticmethod
    def from_string_handle(string_handle, output_types, output_shapes=None, output_classes=None):
        """The iterator whose string handle (`string_handle()`, fed at run time) is `string_handle`."""
        specs = st.specs_from(output_types, output_shapes)
        string_handle = convert_to_tensor(string_handle, dtype=dtypes.string)
        handle = IteratorFromStringHandleV2(string_handle, output_types=st.flat_types(specs),
                                            output_shapes=st.flat_shapes(specs))
        return Iterator(handle, None, specs)

    @staticmethod
    def _one_shot(dataset, takes_op_seed=True):
        # TF takes an op seed here for the dataset factory function it builds (a graph seed for the function's
        # ops); the dataset's ops already have their seeds, but the counter moves, so later ops' seeds shift.
        # `takes_op_seed=False`: for input pipelines that stand in for TF code building no such function.
        if takes_op_seed:
            get_seed(None)
        factory = _dataset_factory(dataset)
        handle = OneShotIterator(dataset_factory=factory, output_types=st.flat_types(dataset._specs),
                                 output_shapes=st.flat_shapes(dataset._specs), container="", shared_name="")
        return Iterator(handle, None, dataset._specs)

    @staticmethod
    def _initializable(dataset, shared_name=None):
        specs = dataset._specs
        handle = IteratorV2(shared_name=shared_name or "", container="", output_types=st.flat_types(specs),
                            output_shapes=st.flat_shapes(specs))
        initializer = MakeIterator(dataset._variant, handle)
        return Iterator(handle, initializer, specs)

    # --- use -------------------------------------------------------------------------------
    @property
    def initializer(self) -> Operation:
        if self._initializer is None:
            raise ValueError("Iterator does not have an initializer.")
        return self._initializer

    def make_initializer(self, dataset, name=None) -> Operation:
        """The op that starts this iterator over `dataset` (its structure must be this iterator's)."""
        if not st.same_structure(self._specs, dataset._specs) or [s.dtype for s in st.flatten(self._specs)] != [
                s.dtype for s in st.flatten(dataset._specs)]:
            raise TypeError(f"Expected output types {self.output_types} but got dataset with output types "
                            f"{dataset.output_types}.")
        for mine, theirs in zip(st.flatten(self._specs), st.flatten(dataset._specs)):
            if not mine.shape.is_compatible_with(theirs.shape):
                raise TypeError(f"Expected output shapes compatible with {self.output_shapes} but got dataset with "
                                f"output shapes {dataset.output_shapes}.")
        return MakeIterator(dataset._variant, self._iterator_resource, name=name or "make_initializer")

    def get_next(self, name=None):
        """The next element, as this iterator's structure of tensors (OutOfRangeError at the end)."""
        self._get_next_call_count += 1
        flat = st.flatten(self._specs)
        outputs = IteratorGetNext(self._iterator_resource, output_types=st.flat_types(self._specs),
                                  output_shapes=st.flat_shapes(self._specs), name=name)
        outputs = [outputs] if len(flat) == 1 else list(outputs)
        return st.unpack_components(self._specs, outputs)

    def string_handle(self, name=None):
        """A string tensor naming this iterator, for `Iterator.from_string_handle`."""
        if name is None:
            return self._string_handle
        return IteratorToStringHandle(self._iterator_resource, name=name)

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


def _dataset_factory(dataset):
    """The sub-graph that makes `dataset`'s value: every op its variant depends on through data edges (as
    TF copies the dataset's graph into the factory function, control dependencies, such as list_files'
    assertion, are left behind). A one-shot iterator cannot read a placeholder or a variable (TF cannot
    capture them by value either)."""
    from ..ops.functional import Subgraph

    ops, stack = set(), [dataset._variant.op]
    while stack:
        op_ = stack.pop()
        if op_ in ops:
            continue
        if op_.type in ("Placeholder", "PlaceholderWithDefault", "VariableV2", "VarHandleOp"):
            raise ValueError(f"Cannot capture a placeholder (name:{op_.name}, type:{op_.type}) by value."
                             if op_.type.startswith("Placeholder") else
                             f"Failed to capture resource named \"{op_.name}\" in a dataset function. Use "
                             "`make_initializable_iterator()` instead.")
        ops.add(op_)
        stack.extend(t.op for t in op_.inputs)
    return Subgraph(ops, [], [dataset._variant], "dataset_factory")


@tf_export("data.make_one_shot_iterator")
def make_one_shot_iterator(dataset) -> Iterator:
    """An iterator over `dataset` that needs no initialization (it starts on first use)."""
    return dataset.make_one_shot_iterator()


@tf_export("data.make_initializable_iterator")
def make_initializable_iterator(dataset, shared_name=None) -> Iterator:
    """An iterator over `dataset` started (and restarted) by running its `initializer`."""
    return dataset.make_initializable_iterator(shared_name)


@tf_export("data.get_output_types")
def get_output_types(dataset_or_iterator):
    return dataset_or_iterator.output_types


@tf_export("data.get_output_shapes")
def get_output_shapes(dataset_or_iterator):
    return dataset_or_iterator.output_shapes


@tf_export("data.get_output_classes")
def get_output_classes(dataset_or_iterator):
    return dataset_or_iterator.output_classes
