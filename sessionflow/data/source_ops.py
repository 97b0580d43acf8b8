"""Dataset ops that make elements from tensors: TensorSliceDataset, TensorDataset, RangeDataset,
GeneratorDataset (tf.data.Dataset.from_generator)."""

from __future__ import annotations

import numpy as np

from ..framework import errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from .values import VARIANT, DatasetValue, as_component, scalar

_SPECS = dict(output_shapes=(), Toutput_types=())


class _Slices(DatasetValue):
    __slots__ = ("components",)

    def __init__(self, components):
        self.components = components

    def iterate(self, env):
        from .sparse import SparseValue, slices

        columns = [slices(c) if isinstance(c, SparseValue) else c.tolist() if c.ndim == 1 else list(c)
                   for c in self.components]
        return iter([(row,) for row in columns[0]]) if len(columns) == 1 else zip(*columns)


@op("TensorSliceDataset", inputs=("*components",), attrs=dict(output_shapes=(), is_files=False),
    stateful=True, foldable=False, type_attrs=dict(Toutput_types="[components]"))
class TensorSliceDataset:
    """Elements: the slices of `components` along their first dimension."""

    def infer(*components, output_shapes, is_files):
        return VARIANT

    def kernel(ctx, xp, *components, output_shapes, is_files):
        from .sparse import SparseValue

        components = [c if isinstance(c, SparseValue) else np.asarray(c) for c in components]
        sizes = []
        for c in components:
            if isinstance(c, SparseValue):
                sizes.append(int(c.dense_shape[0]) if len(c.dense_shape) else None)
            else:
                sizes.append(c.shape[0] if c.ndim else None)
            if sizes[-1] is None:
                raise errors.InvalidArgumentError(None, None, "All components must be at least 1-dimensional")
        n = sizes[0]
        for size in sizes[1:]:
            if size != n:
                raise errors.InvalidArgumentError(
                    None, None, "All components must have the same size in the 0th dimension")
        return _Slices(components)

    grad = NOT_DIFFERENTIABLE


class _One(DatasetValue):
    __slots__ = ("components",)

    def __init__(self, components):
        self.components = tuple(components)

    def iterate(self, env):
        return iter((self.components,))


@op("TensorDataset", inputs=("*components",), attrs=dict(output_shapes=()), stateful=True, foldable=False,
    type_attrs=dict(Toutput_types="[components]"))
class TensorDataset:
    """One element: `components`."""

    def infer(*components, output_shapes):
        return VARIANT

    def kernel(ctx, xp, *components, output_shapes):
        return _One(c if not isinstance(c, np.ndarray) and hasattr(c, "dense_shape") else np.asarray(c)
                    for c in components)

    grad = NOT_DIFFERENTIABLE


class _Range(DatasetValue):
    __slots__ = ("dtype", "start", "step", "stop")

    def __init__(self, start, stop, step, dtype):
        self.start, self.stop, self.step, self.dtype = start, stop, step, dtype

    def iterate(self, env):
        return ((v,) for v in range(self.start, self.stop, self.step))


@op("RangeDataset", inputs=("start", "stop", "step"), attrs=dict(output_types=(), output_shapes=(),
                                                                 replicate_on_split=False),
    stateful=True, foldable=False, type_attrs={})
class RangeDataset:
    """Elements start, start + step, ... before stop."""

    def infer(start, stop, step, output_types, output_shapes, replicate_on_split):
        return VARIANT

    def kernel(ctx, xp, start, stop, step, output_types, output_shapes, replicate_on_split):
        step = scalar(step, "step")
        if step == 0:
            raise errors.InvalidArgumentError(None, None, "step must be a non-zero integer.")
        return _Range(scalar(start, "start"), scalar(stop, "stop"), step, output_types[0])

    grad = NOT_DIFFERENTIABLE


class _Generator(DatasetValue):
    __slots__ = ("args", "generator", "specs")

    def __init__(self, generator, args, specs):
        self.generator, self.args, self.specs = generator, args, specs

    def iterate(self, env):
        from . import structure as st

        specs = self.specs
        flat_specs = st.flatten(specs)
        try:
            source = iter(self.generator(*self.args))
        except Exception as exc:
            raise errors.InvalidArgumentError(None, None, f"{type(exc).__name__}: {exc}") from exc
        for value in source:
            if isinstance(value, list) and st.is_nested(specs):
                value = tuple(value)
            try:
                flat = st.flatten(value) if st.is_nested(specs) else [value]
            except Exception:  # noqa: BLE001
                flat = [value]
            if len(flat) != len(flat_specs):
                raise errors.InvalidArgumentError(
                    None, None, "TypeError: `generator` yielded an element that did not match the expected "
                                f"structure. The expected structure was {st.types_of(specs)}, but the yielded "
                                f"element was {value}.")
            element = []
            for v, spec in zip(flat, flat_specs):
                try:
                    array = as_component(v, spec.dtype)
                except (TypeError, ValueError) as exc:
                    raise errors.InvalidArgumentError(
                        None, None, f"TypeError: `generator` yielded an element that could not be converted to "
                                    f"the expected type. The expected type was {spec.dtype.name}, but the "
                                    f"yielded element was {v}.") from exc
                if not spec.shape.is_compatible_with(array.shape):
                    raise errors.InvalidArgumentError(
                        None, None, f"`generator` yielded an element of shape {list(array.shape)} where an "
                                    f"element of shape {spec.shape} was expected.")
                element.append(array)
            yield tuple(element)


@op("GeneratorDataset", inputs=("*args",), attrs=dict(generator=None, specs=None, output_shapes=()),
    foldable=False, stateful=True, type_attrs=dict(generator=None, specs=None))
class GeneratorDataset:
    """Elements: what the Python generator `generator(*args)` yields (sessionflow's from_generator)."""

    def infer(*args, generator, specs, output_shapes):
        return VARIANT

    def kernel(ctx, xp, *args, generator, specs, output_shapes):
        return _Generator(generator, tuple(a.item() if np.ndim(a) == 0 else a for a in args), specs)

    grad = NOT_DIFFERENTIABLE
