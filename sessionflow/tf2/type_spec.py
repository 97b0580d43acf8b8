"""tf.TypeSpec and its graph-mode kinds (TensorSpec, IndexedSlicesSpec, NoneTensorSpec, OptionalSpec),
tf.type_spec_from_value, and TF 2.x's graph-mode predicates (is_symbolic_tensor, control_flow_v2_enabled,
executing_eagerly_outside_functions).

A spec describes a value without holding one. Its identity is `_serialize()` (a tuple): equality, hashing and
`repr` (`TensorSpec(shape=(None, 3), dtype=tf.float32, name='x')`) come from it, as in TF."""

from __future__ import annotations

import numpy as np

from .. import _behaviour
from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor
from ..framework.tensor_shape import TensorShape, as_shape


def _shape_repr(shape: TensorShape) -> str:
    dims = shape.as_tuple()
    return "TensorShape(None)" if dims is None else f"TensorShape({list(dims)})"


def _shape_tuple_str(shape: TensorShape) -> str:
    dims = shape.as_tuple()
    if dims is None:
        return "<unknown>"
    return "(" + ", ".join("None" if d is None else str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"


def _shape_key(shape: TensorShape):
    return shape.as_tuple()


def _shape_subtype(mine: TensorShape, theirs: TensorShape) -> bool:
    """TF's TensorShape.is_subtype_of: `theirs` is as general as `mine` on every dimension."""
    a, b = mine.as_tuple(), theirs.as_tuple()
    if b is None:
        return True
    if a is None or len(a) != len(b):
        return False
    return all(y is None or x == y for x, y in zip(a, b))


@tf_export("TypeSpec")
class TypeSpec:
    """The type of a TF value: what a function's signature, a dataset's element or an optional holds."""

    value_type = None

    def _serialize(self) -> tuple:
        raise NotImplementedError

    def _key(self):
        return tuple(_shape_key(v) if isinstance(v, TensorShape) else v for v in self._serialize())

    def __eq__(self, other) -> bool:
        return type(self) is type(other) and self._key() == other._key()

    def __ne__(self, other) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __repr__(self) -> str:
        parts = [_shape_repr(v) if isinstance(v, TensorShape) else repr(v) for v in self._serialize()]
        return f"{type(self).__name__}({', '.join(parts)}{',' if len(parts) == 1 else ''})"

    def is_compatible_with(self, spec_or_value) -> bool:
        other = spec_or_value if isinstance(spec_or_value, TypeSpec) else type_spec_from_value(spec_or_value)
        return type(self) is type(other) and self._key() == other._key()

    def is_subtype_of(self, other) -> bool:
        return self == other

    def most_specific_common_supertype(self, others):
        return self if all(self == o for o in others) else None


@tf_export("TensorSpec")
class TensorSpec(TypeSpec):
    """The shape, dtype and (optional) name of a dense tensor."""

    __slots__ = ("_dtype", "_name", "_shape")
    value_type = Tensor

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self._shape = as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)

    @classmethod
    def from_spec(cls, spec, name=None):
        return cls(spec.shape, spec.dtype, name or getattr(spec, "name", None))

    @classmethod
    def from_tensor(cls, tensor, name=None):
        if isinstance(tensor, Tensor):
            return cls(tensor.shape, tensor.dtype, name or tensor.op.name)
        raise ValueError(f"`tensor` should be a tf.Tensor, but got type {type(tensor)}.")

    def _serialize(self):
        return (self._shape, self._dtype, self._name)

    def __repr__(self) -> str:
        return f"TensorSpec(shape={_shape_tuple_str(self._shape)}, dtype={self._dtype!r}, name={self._name!r})"

    def is_compatible_with(self, spec_or_tensor) -> bool:
        """Same dtype and compatible shapes (names do not matter); a value is compared through its spec."""
        other = spec_or_tensor
        if not isinstance(other, (TypeSpec, Tensor)):
            try:
                other = type_spec_from_value(other)
            except TypeError:
                return False
        if isinstance(other, TypeSpec) and not isinstance(other, TensorSpec):
            return False
        return (self._dtype.base_dtype is other.dtype.base_dtype
                and self._shape.is_compatible_with(other.shape))

    def is_subtype_of(self, other) -> bool:
        return (isinstance(other, TensorSpec) and (not self._name or self._name == other.name)
                and self._dtype is other.dtype and _shape_subtype(self._shape, other.shape))

    def most_specific_common_supertype(self, others):
        if any(not isinstance(o, TensorSpec) or o.dtype is not self._dtype for o in others):
            return None
        shape = self._shape
        for o in others:
            shape = shape.most_specific_compatible_shape(o.shape)
        name = self._name if all(o.name == self._name for o in others) else None
        return TensorSpec(shape, self._dtype, name)


@tf_export("IndexedSlicesSpec")
class IndexedSlicesSpec(TypeSpec):
    """The type of an IndexedSlices: the dense shape and dtype, the indices' dtype and shape."""

    def __init__(self, shape=None, dtype=dtypes.float32, indices_dtype=dtypes.int64, dense_shape_dtype=None,
                 indices_shape=None):
        self._shape = as_shape(shape)
        self._values_dtype = dtypes.as_dtype(dtype)
        self._indices_dtype = dtypes.as_dtype(indices_dtype)
        self._dense_shape_dtype = None if dense_shape_dtype is None else dtypes.as_dtype(dense_shape_dtype)
        self._indices_shape = as_shape(indices_shape).with_rank(1) if indices_shape is not None \
            else TensorShape([None])

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._values_dtype)

    @property
    def value_type(self):
        from ..ops.indexed_slices import IndexedSlices

        return IndexedSlices

    def _serialize(self):
        return (self._shape, self._values_dtype, self._indices_dtype, self._dense_shape_dtype, self._indices_shape)


@tf_export("NoneTensorSpec")
class NoneTensorSpec(TypeSpec):
    """The type of `None` where a structure of tensors may hold it."""

    value_type = type(None)

    def _serialize(self):
        return ()


@tf_export("OptionalSpec")
class OptionalSpec(TypeSpec):
    """The type of a tf.experimental.Optional holding a value of `element_spec` (a spec or a structure)."""

    def __init__(self, element_spec):
        self._element_spec = element_spec

    element_spec = property(lambda self: self._element_spec)

    def _serialize(self):
        return (self._element_spec,)


@tf_export("type_spec_from_value")
def type_spec_from_value(value) -> TypeSpec:
    """The TypeSpec of `value`: a tensor's shape and dtype, an IndexedSlices', or a constant's (numpy, Python)."""
    from ..ops.indexed_slices import IndexedSlices

    if isinstance(value, TypeSpec):
        return value
    if isinstance(value, Tensor):
        return TensorSpec(value.shape, value.dtype)
    if isinstance(value, IndexedSlices):
        dense = value.dense_shape.dtype if value.dense_shape is not None else None
        return IndexedSlicesSpec(value.shape, value.dtype, value.indices.dtype, dense, value.indices.shape)
    if isinstance(value, (np.ndarray, np.generic, bool, int, float, complex, str, bytes, list, tuple)):
        from ..ops.constant import _python_dtype

        try:
            array = np.asarray(value)
            if array.dtype != object:
                native = isinstance(value, (np.ndarray, np.generic))
                return TensorSpec(array.shape, dtypes.as_dtype(array.dtype) if native else _python_dtype(array))
        except (TypeError, ValueError):
            pass
    raise TypeError(f"Could not build a TypeSpec for {value!r} of unsupported type {type(value)}.")


@tf_export("is_symbolic_tensor")
def is_symbolic_tensor(tensor) -> bool:
    """True for a graph tensor (every sessionflow Tensor), False for anything else."""
    return isinstance(tensor, Tensor)


@tf_export("control_flow_v2_enabled")
def control_flow_v2_enabled() -> bool:
    """What TF reports: True unless disable_control_flow_v2 / disable_v2_behavior ran. sessionflow's
    tf.cond/while_loop always build the functional If/While ops."""
    return _behaviour.control_flow_v2()


@tf_export("executing_eagerly_outside_functions")
def executing_eagerly_outside_functions() -> bool:
    """False: programs run as graphs in sessions."""
    return False
