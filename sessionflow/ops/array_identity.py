"""Ops that pass tensors through, check or reinterpret them: ShapeN, IdentityN, CheckNumerics, Bitcast; and
ConcatOffset (where each input of a concat starts, which TF 1.x's concat gradient computes in the graph)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import common
from .array_transform import outputs_of
from .common import check_dtype
from .constant import convert_to_tensor


@op("ShapeN", inputs=("*input",), attrs=dict(out_type=dtypes.int32), type_attrs=dict(T="input", N="#input"))
class ShapeN:
    """The shape of each input."""

    def infer(*input, out_type):
        return [(out_type, [t.shape.ndims]) for t in input]

    def kernel(xp, *input, out_type):
        shapes = tuple(xp.asarray(a.shape, dtype=out_type.as_numpy_dtype) for a in input)
        return shapes[0] if len(shapes) == 1 else shapes

    def static_value(op_, index):
        s = op_.inputs[index].shape
        return np.array(s.as_list(), op_.attrs["out_type"].as_numpy_dtype) if s.is_fully_defined() else None

    grad = NOT_DIFFERENTIABLE
    samples = [(([np.ones((2, 3)), np.array(1, np.int32)],), {}), (([np.ones((0, 4))],), dict(out_type=dtypes.int64))]


@op("ConcatOffset", inputs=("concat_dim", "*shape"), type_attrs={"N": "#shape", "shape_type": "shape"})
class ConcatOffset:
    """For shapes concatenated along `concat_dim`, where each one starts: zeros but at `concat_dim`."""

    def infer(concat_dim, *shape):
        if len(shape) < 2:
            raise ValueError(f"ConcatOffset takes at least 2 shapes, got {len(shape)}")
        return [(t.dtype.base_dtype, t.shape) for t in shape]

    def kernel(xp, concat_dim, *shape):
        rank = len(shape[0])
        axis = int(concat_dim)
        if not 0 <= axis < rank:
            raise errors.InvalidArgumentError(None, None, f"Concat dim is out of range: {axis} vs. {rank}")
        offsets, start = [], 0
        for i, s in enumerate(shape):
            if len(s) != rank:
                raise errors.InvalidArgumentError(None, None, f"input {i} should contain {rank} elements, but got "
                                                              f"{len(s)}")
            for d in range(rank):
                if d != axis and s[d] != shape[0][d]:
                    raise errors.InvalidArgumentError(
                        None, None, f"All dimensions except {axis} must match. Input {i} has shape "
                                    f"[{' '.join(str(v) for v in s)}] and doesn't match input 0 with shape "
                                    f"[{' '.join(str(v) for v in shape[0])}].")
            offset = xp.zeros(rank, dtype=s.dtype)
            offset[axis] = start
            offsets.append(offset)
            start += s[axis]
        return tuple(offsets)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(1, np.int32), [np.array([2, 3], np.int32), np.array([2, 5], np.int32)]), {})]


@tf_export("shape_n")
def shape_n(input, out_type=dtypes.int32, name=None) -> list:
    with get_default_graph().name_scope(name or "ShapeN") as scope:
        tensors = [convert_to_tensor(t, name=f"input_{i}") for i, t in enumerate(input)]
        return outputs_of(ShapeN(tensors, out_type=dtypes.as_dtype(out_type), name=scope))


@op("IdentityN", inputs=("*input",), type_attrs=dict(T="[input]"))
class IdentityN:
    """Each input, unchanged."""

    def infer(*input):
        return [(t.dtype.base_dtype, t.shape) for t in input]

    def kernel(xp, *input):
        return input[0] if len(input) == 1 else tuple(input)

    def grad(op_, *grads):
        return list(grads)

    samples = [(([np.array([1.0, 2.0]), np.array(3, np.int32)],), {}), (([np.ones((2, 2))],), {})]


@tf_export("identity_n")
def identity_n(input, name=None) -> list:
    with get_default_graph().name_scope(name or "IdentityN") as scope:
        tensors = [convert_to_tensor(t, name=f"input_{i}") for i, t in enumerate(input)]
        return outputs_of(IdentityN(tensors, name=scope))


@op("CheckNumerics", inputs=("tensor",), attrs=dict(message=""))
class CheckNumerics:
    """Its input, or InvalidArgumentError when the input holds an Inf or NaN."""

    def infer(tensor, message):
        check_dtype("CheckNumerics", "tensor", tensor, common.FLOATS)
        return tensor.dtype.base_dtype, tensor.shape

    def kernel(xp, tensor, message):
        if not common.deferred_check(xp, ~xp.isfinite(tensor)) and not xp.all(xp.isfinite(tensor)):
            kinds = " and ".join(k for k, bad in (("Inf", xp.any(xp.isinf(tensor))), ("NaN", xp.any(xp.isnan(tensor))))
                                 if bad)
            raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had {kinds} values")
        return tensor

    def grad(op_, g):
        return CheckNumerics(g, message=f"Not a number (NaN) or infinity (Inf) values detected in gradient. "
                                        f"{op_.attrs['message']}")

    samples = [((np.array([1.0, -2.0]),), dict(message="m")), ((np.ones((0,), np.float32),), {})]


@tf_export("debugging.check_numerics", "check_numerics")
def check_numerics(tensor, message, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "CheckNumerics") as scope:
        return CheckNumerics(convert_to_tensor(tensor, name="tensor"), message=message, name=scope)


@op("Bitcast", inputs=("input",), attrs=dict(type=None))
class Bitcast:
    """The bytes of `input` reinterpreted as `type`: a wider type consumes the last dim, a narrower adds one."""

    def infer(input, type):
        src, dst = input.dtype.base_dtype.size, type.size
        dims = input.shape.as_tuple()
        if dims is None:
            return type, TensorShape(None)
        if src == dst:
            return type, dims
        if src > dst:
            return type, dims + (src // dst,)
        if not dims or (dims[-1] is not None and dims[-1] != dst // src):
            raise ValueError(f"Cannot bitcast from {input.dtype.base_dtype.name} to {type.name}: the last dimension "
                             f"must be {dst // src}")
        return type, dims[:-1]

    def kernel(xp, input, type):
        src, dst = input.dtype.itemsize, type.size
        out = xp.ascontiguousarray(input).view(type.as_numpy_dtype)
        if src > dst:
            return out.reshape(input.shape + (src // dst,))
        if src < dst:
            return out.reshape(input.shape[:-1])
        return out

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, -2.0], np.float32),), dict(type=dtypes.int32)),
               ((np.array([1, 2], np.int32),), dict(type=dtypes.uint8)),
               ((np.array([[1, 2], [3, 4]], np.int16),), dict(type=dtypes.int32))]


@tf_export("bitcast")
def bitcast(input, type, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Bitcast") as scope:
        return Bitcast(convert_to_tensor(input, name="input"), type=dtypes.as_dtype(type), name=scope)


__all__ = ["bitcast", "check_numerics", "identity_n", "shape_n"]
