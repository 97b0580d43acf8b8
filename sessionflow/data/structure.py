"""Element structures of datasets, as tf.data's nest treats them.

tf.data's nesting differs from `tf.nest` in one way: a list is not a structure but a value (it becomes
one tensor), so `from_tensor_slices([1, 2, 3])` has scalar elements. Tuples, namedtuples and dicts
(visited in sorted key order) nest. An element's structure is kept as a nest of `Spec` leaves.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.graph import Tensor
from ..framework.sparse_tensor import SparseTensor, SparseTensorValue
from ..framework.tensor_shape import TensorShape


class Spec:
    """One component of an element: its dtype, static shape and class (tf.Tensor)."""

    __slots__ = ("cls", "dtype", "shape")

    def __init__(self, dtype, shape, cls=Tensor):
        self.dtype = dtypes.as_dtype(dtype).base_dtype
        self.shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
        self.cls = cls

    def __repr__(self):
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype!r})"

    def __eq__(self, other):
        return (isinstance(other, Spec) and self.dtype == other.dtype and self.cls is other.cls
                and str(self.shape) == str(other.shape))

    def __hash__(self):
        return hash((self.dtype, str(self.shape)))


def is_nested(value) -> bool:
    return isinstance(value, dict) or isinstance(value, tuple) and not isinstance(value, SparseTensorValue)


def flatten(structure) -> list:
    """The leaves of `structure` (tuples, namedtuples, dicts nest; lists and sparse tensors are leaves)."""
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key])]
    if isinstance(structure, tuple) and not isinstance(structure, SparseTensorValue):
        return [leaf for child in structure for leaf in flatten(child)]
    return [structure]


def pack(structure, flat):
    """`flat`'s items in the nesting of `structure`."""
    items = iter(flat)

    def build(s):
        if isinstance(s, dict):
            built = {key: build(s[key]) for key in sorted(s)}
            return type(s)((key, built[key]) for key in s)
        if isinstance(s, tuple) and not isinstance(s, SparseTensorValue):
            children = [build(child) for child in s]
            return type(s)(*children) if hasattr(s, "_fields") else tuple(children)
        return next(items)

    return build(structure)


def map_structure(fn, structure):
    return pack(structure, [fn(leaf) for leaf in flatten(structure)])


def same_structure(a, b) -> bool:
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and sorted(a) == sorted(b) and all(
            same_structure(a[k], b[k]) for k in a)
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and all(
            same_structure(x, y) for x, y in zip(a, b))
    return True


def to_tensors(value, name="component"):
    """`value` with every leaf converted to a Tensor (a list is one tensor, a SparseTensor stays one);
    and the flat list of the element's components (a sparse leaf is one variant component)."""
    from ..ops.constant import convert_to_tensor
    from .sparse import to_variant

    leaves = flatten(value) if is_nested(value) else [value]
    converted, components = [], []
    for i, leaf in enumerate(leaves):
        if isinstance(leaf, SparseTensorValue):
            leaf = SparseTensor.from_value(leaf)
        if isinstance(leaf, SparseTensor):
            converted.append(leaf)
            components.append(to_variant(leaf))
            continue
        if hasattr(leaf, "_as_graph_element") and not isinstance(leaf, Tensor):
            leaf = leaf._as_graph_element()
        leaf = leaf if isinstance(leaf, Tensor) else convert_to_tensor(leaf, name=f"{name}_{i}")
        converted.append(leaf)
        components.append(leaf)
    structure = pack(value, converted) if is_nested(value) else converted[0]
    return structure, components


def specs_of(structure_of_tensors):
    return map_structure(lambda t: Spec(t.dtype, t.shape, SparseTensor if isinstance(t, SparseTensor) else Tensor),
                         structure_of_tensors)


def types_of(specs):
    return map_structure(lambda s: s.dtype, specs)


def shapes_of(specs):
    return map_structure(lambda s: s.shape, specs)


def classes_of(specs):
    return map_structure(lambda s: s.cls, specs)


def specs_from(output_types, output_shapes=None, output_classes=None):
    """Specs from TF's (types, shapes) structures; shapes default to unknown."""
    if output_shapes is None:
        output_shapes = map_structure(lambda _: TensorShape(None), output_types)
    flat_types = flatten(output_types)
    flat_shapes = _flat_shapes_like(output_types, output_shapes)
    return pack(output_types, [Spec(t, s) for t, s in zip(flat_types, flat_shapes)])


def _flat_shapes_like(types, shapes) -> list:
    """The shapes, one per type leaf: a shape may be given as a list or TensorShape (a leaf here)."""
    if is_nested(types):
        if isinstance(types, dict):
            return [s for key in sorted(types) for s in _flat_shapes_like(types[key], shapes[key])]
        if not isinstance(shapes, (tuple, list)) or len(shapes) != len(types):
            raise ValueError(f"The two structures don't have the same nested structure: {types} and {shapes}")
        return [s for t, sh in zip(types, shapes) for s in _flat_shapes_like(t, sh)]
    return [shapes if isinstance(shapes, TensorShape) else TensorShape(shapes)]


def is_sparse(spec) -> bool:
    return spec.cls is SparseTensor


def flat_types(specs) -> tuple:
    """The dtypes of the element's components, as dataset ops declare them (a sparse one: variant)."""
    return tuple(dtypes.variant if is_sparse(s) else s.dtype for s in flatten(specs))


def flat_shapes(specs) -> tuple:
    return tuple(TensorShape([]) if is_sparse(s) else s.shape for s in flatten(specs))


def unpack_components(specs, tensors):
    """The element structure from its flat component tensors (sparse components become SparseTensors)."""
    from .sparse import from_variant

    return pack(specs, [from_variant(t, s) if is_sparse(s) else t for t, s in zip(tensors, flatten(specs))])
