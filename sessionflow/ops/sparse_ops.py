"""SparseTensor basics: `tf.sparse_placeholder`, and the converter sessionflow.framework.sparse_tensor uses."""

from __future__ import annotations

from ..framework import dtypes
from ..framework import sparse_tensor as _sparse_tensor
from ..framework.api import tf_export
from ..framework.graph import Tensor
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor_shape import TensorShape, dimension_value
from .array import placeholder, placeholder_with_default
from .constant import convert_to_tensor

_sparse_tensor.install_converter(convert_to_tensor)


@tf_export("sparse_placeholder", "sparse.placeholder")
def sparse_placeholder(dtype, shape=None, name=None) -> SparseTensor:
    """A SparseTensor to feed: placeholders for values ([None]) and indices ([None, rank]); its dense_shape
    is a placeholder too when `shape` is None, else a feedable default of `shape` (None dims as -1)."""
    dtype = dtypes.as_dtype(dtype)
    shape_name = f"{name}/shape" if name is not None else None
    if shape is None:
        rank = None
        dense_shape = placeholder(dtypes.int64, shape=[rank], name=shape_name)
        static = TensorShape(None)
    else:
        if isinstance(shape, Tensor):
            rank = shape.shape.dims[0].value if shape.shape.ndims else None
            static = _sparse_tensor._shape_from_dense_shape(shape)
        else:
            rank = len(shape)
            static = TensorShape([None if dimension_value(d) in (None, -1) else dimension_value(d) for d in shape])
            shape = tuple(-1 if dimension_value(d) is None else dimension_value(d) for d in shape)
            shape = convert_to_tensor(shape, dtype=dtypes.int64,
                                      name=f"{name}/shape_default" if name is not None else None)
        dense_shape = placeholder_with_default(shape, shape=shape.shape, name=shape_name)
    result = SparseTensor(
        values=placeholder(dtype, shape=[None], name=f"{name}/values" if name is not None else None),
        indices=placeholder(dtypes.int64, shape=[None, rank], name=f"{name}/indices" if name is not None else None),
        dense_shape=dense_shape)
    result.set_shape(static)
    return result
