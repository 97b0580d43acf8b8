"""Cast and its public wrappers: `tf.cast` (of Tensors, SparseTensors and IndexedSlices), `tf.to_float`,
`tf.to_double`, `tf.to_int32`, `tf.to_int64`."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from .constant import convert_to_tensor


def _grad_cast(op_, g):
    src, dst = op_.attrs["SrcT"], op_.attrs["DstT"]
    inexact = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128)
    if src in inexact and dst in inexact:
        return (cast(g, src),)
    return (None,)


# the 8-bit float types TF 2.21's CPU Cast kernel does not convert
_NO_CAST_KERNEL = frozenset([dtypes.float8_e4m3fnuz, dtypes.float8_e5m2fnuz, dtypes.float8_e4m3b11fnuz])


@op("Cast", inputs=("x",), attrs=dict(SrcT=None, DstT=None, Truncate=False), type_attrs={})
class Cast:
    """Converts to DstT; float -> int truncates toward zero, as C does."""

    def infer(x, SrcT, DstT, Truncate):
        return DstT, x.shape

    def kernel(xp, x, SrcT, DstT, Truncate):
        if DstT is dtypes.string or SrcT is dtypes.string or {SrcT, DstT} & _NO_CAST_KERNEL:
            c_name = {"float32": "float", "float64": "double", "float16": "half"}
            raise errors.UnimplementedError(None, None, f"Cast {c_name.get(SrcT.name, SrcT.name)} to "
                                                        f"{c_name.get(DstT.name, DstT.name)} is not supported")
        x = xp.asarray(x)
        if x.dtype.kind == "c" and not DstT.is_complex and DstT is not dtypes.bool:
            x = xp.real(x)  # TF keeps the real part
        return x.astype(dtypes.storage_numpy_dtype(DstT))

    grad = _grad_cast
    samples = [((np.array([1.5, -2.25]),), dict(SrcT=dtypes.float64, DstT=dtypes.float32)),
               ((np.array([1.7, -2.7], np.float32),), dict(SrcT=dtypes.float32, DstT=dtypes.int32)),
               ((np.array([[1, 0]], np.int32),), dict(SrcT=dtypes.int32, DstT=dtypes.bool))]


@tf_export("cast")
def cast(x, dtype, name=None) -> Tensor:
    """`tf.cast`: converts `x` to `dtype` (returns `x` itself when it already has it). A SparseTensor or
    IndexedSlices gets its values cast, as in TF."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    from ..framework.sparse_tensor import SparseTensor
    from .indexed_slices import IndexedSlices

    if isinstance(x, (SparseTensor, IndexedSlices)):
        if x.dtype.base_dtype is dtype:
            return x
        with get_default_graph().name_scope(name or "Cast") as scope:
            values = cast(x.values, dtype, name=scope)
            if isinstance(x, SparseTensor):
                return SparseTensor(x.indices, values, x.dense_shape)
            return IndexedSlices(values, x.indices, x.dense_shape)
    if not isinstance(x, Tensor) and hasattr(x, "_as_graph_element"):
        x = convert_to_tensor(x)
    if isinstance(x, Tensor) and x.dtype.base_dtype is dtype:
        return x
    with get_default_graph().name_scope(name or "Cast") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype is dtype:
            return x
        return Cast(x, SrcT=x.dtype.base_dtype, DstT=dtype, name=scope)


@tf_export("to_float")
def to_float(x, name="ToFloat"):
    return cast(x, dtypes.float32, name=name)


@tf_export("to_double")
def to_double(x, name="ToDouble"):
    return cast(x, dtypes.float64, name=name)


@tf_export("to_int32")
def to_int32(x, name="ToInt32"):
    return cast(x, dtypes.int32, name=name)


@tf_export("to_int64")
def to_int64(x, name="ToInt64"):
    return cast(x, dtypes.int64, name=name)
