"""`tf.SparseTensor`: a tensor given by the coordinates (`indices`) and `values` of its non-default
entries and its `dense_shape`; `tf.SparseTensorValue`, what a session returns for one.

A SparseTensor is three Tensors, not one: dense ops do not take it (converting it is TF's TypeError), a
session fetches it as a SparseTensorValue and feeds it from a SparseTensorValue or an
(indices, values, dense_shape) tuple. Converting Python values to Tensors is an ops-level job: the
function doing it is installed by sessionflow.ops.sparse_ops (`install_converter`), so this module
imports nothing above framework/.
"""

from __future__ import annotations

import collections

from . import dtypes
from .api import tf_export
from .graph import Tensor, get_default_graph
from .tensor_shape import TensorShape, as_shape
from .tensor_util import constant_value_as_shape

# convert_to_tensor(value, dtype=None, name=None): installed by sessionflow.ops.sparse_ops.
_convert = None


def install_converter(convert) -> None:
    """Called once by the ops layer: how Python values become Tensors."""
    global _convert
    _convert = convert


SparseTensorValue = collections.namedtuple("SparseTensorValue", ["indices", "values", "dense_shape"])
SparseTensorValue.__doc__ = "A SparseTensor's value as a session returns it: NumPy indices, values, dense_shape."
tf_export("SparseTensorValue")(SparseTensorValue)


def _graph_of(*values):
    for v in values:
        if isinstance(v, Tensor):
            return v.graph
    return get_default_graph()


@tf_export("SparseTensor", "sparse.SparseTensor")
class SparseTensor:
    """`SparseTensor(indices, values, dense_shape)`: `indices` an int64 [N, rank] matrix of coordinates,
    `values` a [N] vector (one per coordinate), `dense_shape` an int64 [rank] vector."""

    @classmethod
    def from_value(cls, sparse_tensor_value):
        """A SparseTensor of constants from a SparseTensorValue (a SparseTensor is returned as it is)."""
        if isinstance(sparse_tensor_value, SparseTensor):
            return sparse_tensor_value
        if not isinstance(sparse_tensor_value, SparseTensorValue):
            raise TypeError(f"Argument sparse_tensor_value={sparse_tensor_value} is neither a SparseTensor nor "
                            "SparseTensorValue.")
        return SparseTensor(sparse_tensor_value.indices, sparse_tensor_value.values,
                            sparse_tensor_value.dense_shape)

    def __init__(self, indices, values, dense_shape):
        graph = _graph_of(indices, values, dense_shape)
        with graph.name_scope("SparseTensor"):
            indices = _convert(indices, dtype=dtypes.int64, name="indices")
            values = _convert(values, name="values")
            dense_shape = _convert(dense_shape, dtype=dtypes.int64, name="dense_shape")
        self._indices, self._values, self._dense_shape = indices, values, dense_shape
        self._dense_shape_default = constant_value_as_shape(dense_shape)
        indices_shape = indices.shape.with_rank(2)
        values_shape = values.shape.with_rank(1)
        dense_shape_shape = dense_shape.shape.with_rank(1)
        # the number of values and of index rows, and the rank in indices and in dense_shape, agree
        indices_shape.dims[0].merge_with(values_shape.dims[0])
        indices_shape.dims[1].merge_with(dense_shape_shape.dims[0])

    indices = property(lambda self: self._indices, doc="int64 [N, rank]: the coordinates of the values.")
    values = property(lambda self: self._values, doc="[N]: the values.")
    dense_shape = property(lambda self: self._dense_shape, doc="int64 [rank]: the shape of the dense tensor.")
    dtype = property(lambda self: self._values.dtype, doc="The dtype of the values.")
    op = property(lambda self: self._values.op, doc="The Operation that produces `values`.")
    graph = property(lambda self: self._indices.graph)
    device = property(lambda self: "")

    @property
    def shape(self) -> TensorShape:
        """The static shape of the dense tensor, as far as `dense_shape` is known while building."""
        return self._dense_shape_default

    def get_shape(self) -> TensorShape:
        return self._dense_shape_default

    def set_shape(self, shape) -> None:
        """Refines the static shape; ValueError when it contradicts what is known."""
        self._dense_shape_default = self._dense_shape_default.merge_with(as_shape(shape))

    def consumers(self) -> list:
        """The ops that read any of the three component tensors, each once."""
        seen: list = []
        for t in (self._indices, self._values, self._dense_shape):
            for op_ in t.consumers():
                if op_ not in seen:
                    seen.append(op_)
        return seen

    def eval(self, feed_dict=None, session=None):
        """The value in `session` (default: the default session), a SparseTensorValue."""
        from ..runtime.session import default_session_for

        return default_session_for(self.graph, session, "evaluate tensor").run(self, feed_dict)

    def with_values(self, new_values) -> SparseTensor:
        """The same indices and dense_shape with other values (same number of them)."""
        new_values = _convert(new_values)
        self._values.shape.dims[0].merge_with(new_values.shape.with_rank(1).dims[0])
        result = SparseTensor(self._indices, new_values, self._dense_shape)
        result._dense_shape_default = self._dense_shape_default
        return result

    def __repr__(self):
        return f"SparseTensor(indices={self._indices}, values={self._values}, dense_shape={self._dense_shape})"


def is_sparse(x) -> bool:
    """Whether `x` is a SparseTensor or a SparseTensorValue."""
    return isinstance(x, (SparseTensor, SparseTensorValue))


@tf_export("convert_to_tensor_or_sparse_tensor")
def convert_to_tensor_or_sparse_tensor(value, dtype=None, name=None):
    """A SparseTensor stays one (a SparseTensorValue becomes one); anything else becomes a Tensor."""
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    if isinstance(value, SparseTensorValue):
        value = SparseTensor.from_value(value)
    if isinstance(value, SparseTensor):
        if dtype is not None and not dtype.is_compatible_with(value.dtype):
            raise RuntimeError(f"Sparse dtype mismatch. Requested: {dtype.name},  Actual: {value.dtype.name}")
        return value
    return _convert(value, dtype=dtype, name=name)


@tf_export("SparseTensorSpec")
class SparseTensorSpec:
    """The type of a SparseTensor: the static shape of its dense form and its dtype."""

    __slots__ = ("_shape", "_dtype")

    def __init__(self, shape=None, dtype=dtypes.float32):
        self._shape = as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    value_type = property(lambda self: SparseTensor)

    @classmethod
    def from_value(cls, value) -> "SparseTensorSpec":
        """The spec of a SparseTensor or SparseTensorValue."""
        if isinstance(value, SparseTensor):
            return cls(value.shape, value.dtype)
        if isinstance(value, SparseTensorValue):
            import numpy as np

            return cls(TensorShape([int(d) for d in np.asarray(value.dense_shape)]),
                       dtypes.as_dtype(np.asarray(value.values).dtype))
        raise TypeError(f"Expected SparseTensor or SparseTensorValue, got {value!r}")

    def is_compatible_with(self, spec_or_value) -> bool:
        """Same dtype and compatible shapes (a SparseTensor is read as its spec)."""
        if isinstance(spec_or_value, (SparseTensor, SparseTensorValue)):
            spec_or_value = SparseTensorSpec.from_value(spec_or_value)
        return (isinstance(spec_or_value, SparseTensorSpec) and self._dtype == spec_or_value.dtype
                and self._shape.is_compatible_with(spec_or_value.shape))

    def most_specific_common_supertype(self, others):
        """The spec every one of `others` and this one fits: dims that differ become unknown (None if the
        dtypes differ)."""
        shape = self._shape
        for other in others:
            if not isinstance(other, SparseTensorSpec) or other.dtype != self._dtype:
                return None
            shape = _common_shape(shape, other.shape)
        return SparseTensorSpec(shape, self._dtype)

    def most_specific_compatible_type(self, other) -> "SparseTensorSpec":
        result = self.most_specific_common_supertype([other])
        if result is None:
            raise ValueError(f"No TypeSpec is compatible with both {self} and {other}")
        return result

    def __eq__(self, other):
        if type(other) is not SparseTensorSpec or self._dtype != other.dtype:
            return False
        a, b = self._shape, other.shape
        if a.ndims is None or b.ndims is None:
            return a.ndims is None and b.ndims is None
        return a.as_list() == b.as_list()

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((tuple(self._shape.as_list()) if self._shape.ndims is not None else None, self._dtype))

    def __repr__(self):
        return f"SparseTensorSpec({self._shape!r}, {self._dtype!r})"


def _common_shape(a: TensorShape, b: TensorShape) -> TensorShape:
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])
