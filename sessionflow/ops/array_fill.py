"""Filling ops: Fill, ZerosLike, OnesLike and `tf.fill`, `tf.zeros`, `tf.ones`, `tf.zeros_like`,
`tf.ones_like` (re-exported by array.py, whose shape helpers they use)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape, as_shape
from .array import _INDEX_TYPES, _context, _shape_from_value, _shape_of, _with_rank, shape
from .common import check_dtype
from .constant import constant, convert_to_tensor


@op("Fill", inputs=("dims", "value"), type_attrs=dict(T="value", index_type="dims"))
class Fill:
    """A tensor of shape `dims` filled with the scalar `value`."""

    def infer(dims, value):
        check_dtype("Fill", "dims", dims, _INDEX_TYPES)
        _with_rank("Fill", dims, 1)
        _with_rank("Fill", value, 0)
        out = _shape_from_value(dims, op_type="Fill")
        known = static_value(dims)
        if known is not None and np.any(np.asarray(known) < 0):
            raise ValueError("Fill dimensions must be >= 0" + _context("Fill", (dims, value), partial=[(0, out)]))
        return value.dtype.base_dtype, out

    def kernel(xp, dims, value):
        problems = [f"dims must represent a vector, got shape {_shape_of(dims)}"] * (dims.ndim != 1) + \
                   [f"value must represent a scalar, got shape {_shape_of(value)}"] * (value.ndim != 0) + \
                   [f"Dimension {int(d)} must be >= 0" for d in np.reshape(dims, -1) if d < 0]
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        return xp.full(tuple(int(d) for d in dims), value, dtype=value.dtype)

    def grad(op_, g):
        from .reduction import reduce_sum

        return None, reduce_sum(g)

    samples = [((np.array([2, 3], np.int32), np.array(1.5)), {}),
               ((np.array([], np.int64), np.array(7, np.int32)), {}),
               ((np.array([0, 2], np.int32), np.array(1.0, np.float32)), {})]


def fill(dims, value, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Fill") as scope:
        dims = convert_to_tensor(dims, name="dims", preferred_dtype=dtypes.int32)
        return Fill(dims, convert_to_tensor(value, name="value"), name=scope)


def _filled(value, shape, dtype, name):
    dtype = dtypes.as_dtype(dtype).base_dtype
    scalar = np.array(value).astype(dtype.as_numpy_dtype) if dtype is not dtypes.string else b""
    if not isinstance(shape, Tensor):
        try:
            shape = as_shape(shape)
        except TypeError:  # a list holding tensors (`[tf.shape(x)[0], 5]`) is packed into a shape tensor
            with get_default_graph().name_scope(name) as scope:
                return Fill(convert_to_tensor(shape, dtype=dtypes.int32), constant(scalar, dtype=dtype), name=scope)
        if shape.is_fully_defined() and shape.num_elements() < 1000:
            return constant(scalar, dtype=dtype, shape=shape.as_list(), name=name)
    with get_default_graph().name_scope(name) as scope:
        dims = convert_to_tensor(shape.as_list() if isinstance(shape, TensorShape) else shape,
                                 name="shape_as_tensor", preferred_dtype=dtypes.int32)
        return Fill(dims, constant(scalar, dtype=dtype), name=scope)


def zeros(shape, dtype=dtypes.float32, name=None) -> Tensor:
    return _filled(0, shape, dtype, name or "zeros")


def ones(shape, dtype=dtypes.float32, name=None) -> Tensor:
    return _filled(1, shape, dtype, name or "ones")


@op("ZerosLike", inputs=("x",))
class ZerosLike:
    """Zeros with the shape and dtype of its input."""

    def infer(x):
        return x.dtype.base_dtype, x.shape

    def kernel(xp, x):
        return xp.zeros_like(x)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, 2.0]),), {}), ((np.ones((0, 2), np.int32),), {})]


@op("OnesLike", inputs=("x",))
class OnesLike:
    """Ones with the shape and dtype of its input."""

    def infer(x):
        return x.dtype.base_dtype, x.shape

    def kernel(xp, x):
        return xp.ones_like(x)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, 2.0]),), {}), ((np.array(True),), {})]


def _like(opdef, fill_value, tensor, dtype, name, default_name):
    with get_default_graph().name_scope(name or default_name) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        dtype = tensor.dtype.base_dtype if dtype is None else dtypes.as_dtype(dtype).base_dtype
        if opdef is OnesLike:  # TF's ones_like is a Fill of the shape (a constant when it is known)
            if tensor.shape.is_fully_defined():
                dims = constant(np.array(tensor.shape.as_list(), np.int32), name="Shape/shape_as_tensor")
            else:
                dims = shape(tensor, name="Shape")
            result = _filled(fill_value, dims, dtype, scope)
            result.set_shape(tensor.shape)
            return result
        if tensor.shape.is_fully_defined():
            return _filled(fill_value, tensor.shape, dtype, scope)
        if dtype is not tensor.dtype.base_dtype:
            from .math import cast

            return cast(opdef(tensor), dtype, name=scope)
        return opdef(tensor, name=scope)


def zeros_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    return _like(ZerosLike, 0, tensor, dtype, name, "zeros_like")


def ones_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    return _like(OnesLike, 1, tensor, dtype, name, "ones_like")
