"""Optional ops: a variant scalar holding either a tuple of tensors or nothing. TF's cond_v2 gradients
pass a branch's intermediates out of an If this way (the branch that did not run gives OptionalNone),
so graphs TF wrote with cond gradients run here. Not differentiable.
"""

from __future__ import annotations

from ..framework import dtypes, errors
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape

__all__ = ["OptionalValue"]


class OptionalValue:
    """The value of an Optional: `components` (a tuple of arrays), or None when it holds nothing."""

    __slots__ = ("components",)

    def __init__(self, components):
        self.components = None if components is None else tuple(components)

    def __repr__(self):
        return "<Optional: none>" if self.components is None else f"<Optional of {len(self.components)} values>"


_VARIANT = (dtypes.variant, TensorShape([]))


@op("OptionalNone", foldable=False)
class OptionalNone:
    """An Optional holding nothing."""

    def infer():
        return _VARIANT

    def kernel(xp):
        return OptionalValue(None)

    grad = NOT_DIFFERENTIABLE


@op("OptionalFromValue", inputs=("*components",), type_attrs={"Toutput_types": "[components]"}, foldable=False)
class OptionalFromValue:
    """An Optional holding `components`."""

    def infer(*components):
        return _VARIANT

    def kernel(xp, *components):
        return OptionalValue(components)

    grad = NOT_DIFFERENTIABLE
    samples = [(([1.0, 2.0], [3]), {})]


@op("OptionalHasValue", inputs=("optional",), type_attrs={}, foldable=False)
class OptionalHasValue:
    """Whether the Optional holds values."""

    def infer(optional):
        return dtypes.bool, TensorShape([])

    def kernel(xp, optional):
        return xp.asarray(optional.components is not None)

    grad = NOT_DIFFERENTIABLE


@op("OptionalGetValue", inputs=("optional",), attrs={"output_types": (), "output_shapes": ()}, type_attrs={},
    foldable=False)
class OptionalGetValue:
    """The values an Optional holds; InvalidArgumentError if it holds nothing."""

    def infer(optional, output_types, output_shapes):
        return [(d, TensorShape(s) if not isinstance(s, TensorShape) else s)
                for d, s in zip(output_types, output_shapes)]

    def kernel(xp, optional, output_types, output_shapes):
        if optional.components is None:
            raise errors.InvalidArgumentError(None, None, "The given optional does not have a value.")
        values = optional.components
        return values if len(values) != 1 else values[0]

    grad = NOT_DIFFERENTIABLE
