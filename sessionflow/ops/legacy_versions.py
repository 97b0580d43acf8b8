"""Older versions of ops that graphs written by TF 1.x hold: FusedBatchNorm/FusedBatchNormV2, BatchMatMul,
Concat, Gather, BiasAddV1, Snapshot, PreventGradient.

TF 2.21 still registers them (tf.raw_ops) but no longer builds them; a frozen model from TF 1.x does. Each is the
same computation as its successor with an older signature (an operand first instead of last, an attribute instead
of an input, fewer outputs), so each is declared here once as an adapter over the successor's own infer and
kernel: one implementation of the arithmetic. Their gradients are their successors' gradients, taken through the
successor op built over the same inputs.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.registry import REGISTRY, op
from . import common
from .constant import constant
from .nn_norm import _BN_ATTRS, _bn_samples

_V3 = REGISTRY["FusedBatchNormV3"]
_BN_V1_ATTRS = {k: v for k, v in _BN_ATTRS.items() if k != "exponential_avg_factor"}


def _successor_grad(build, op_, grads, reorder=None):
    """The gradients of `op_` (an old-version op) as the successor op's gradient function gives them for the
    successor built over the same inputs (`build(op_) -> successor Operation`); `reorder(grads_of_successor)`
    maps them back to `op_`'s inputs."""
    successor = build(op_)
    got = REGISTRY[successor.type].grad(successor, *grads)
    got = list(got) if isinstance(got, (list, tuple)) else [got]
    return reorder(got) if reorder else got


def _fused_batch_norm(type_name: str, stats_typed: bool):
    """FusedBatchNorm (v1: every input of type T) and FusedBatchNormV2 (scale and statistics of type U): five
    outputs, FusedBatchNormV3's first five."""

    def infer(x, scale, offset, mean, variance, epsilon, data_format, is_training):
        return _V3.infer(x, scale, offset, mean, variance, epsilon, 1.0, data_format, is_training)[:5]

    def kernel(xp, x, scale, offset, mean, variance, epsilon, data_format, is_training):
        return tuple(_V3.kernel(xp, x, scale, offset, mean, variance, epsilon, 1.0, data_format, is_training)[:5])

    def build(op_):
        a = op_.attrs
        outs = REGISTRY["FusedBatchNormV3"](*op_.inputs, epsilon=a["epsilon"], exponential_avg_factor=1.0,
                                             data_format=a["data_format"], is_training=a["is_training"],
                                             name=f"{op_.name}_v3")
        return outs[0].op

    def grad(op_, *grads):
        return _successor_grad(build, op_, list(grads) + [None])

    body = dict(infer=infer, kernel=kernel, grad=grad, __doc__=f"TF 1.x's {type_name}: FusedBatchNormV3 without "
                                                                  "its sixth output (and, v1, with T statistics).")
    body["samples"] = [(args, {k: v for k, v in attrs.items() if k != "exponential_avg_factor"})
                       for args, attrs in _bn_samples() if attrs.get("exponential_avg_factor", 1.0) == 1.0]
    type_attrs = dict(T="x", U="mean") if stats_typed else dict(T="x")
    return op(type_name, inputs=("x", "scale", "offset", "mean", "variance"), attrs=_BN_V1_ATTRS,
              type_attrs=type_attrs)(type(type_name, (), body))


FusedBatchNorm = _fused_batch_norm("FusedBatchNorm", stats_typed=False)
FusedBatchNormV2 = _fused_batch_norm("FusedBatchNormV2", stats_typed=True)


@op("BatchMatMul", inputs=("x", "y"), attrs=dict(adj_x=False, adj_y=False), type_attrs=dict(T="x"))
class BatchMatMul:
    """TF 1.x's batched matmul: BatchMatMulV2 where the batch dimensions must be equal (no broadcasting)."""

    def infer(x, y, adj_x, adj_y):
        xs, ys = x.shape.as_tuple(), y.shape.as_tuple()
        if xs is not None and ys is not None:
            if len(xs) != len(ys):
                raise ValueError(f"Shapes must be equal rank, but are {len(xs)} and {len(ys)} for 'BatchMatMul'")
            for a, b in zip(xs[:-2], ys[:-2]):
                if a is not None and b is not None and a != b:
                    raise ValueError(f"Dimensions must be equal, but are {a} and {b} for 'BatchMatMul'")
        return REGISTRY["BatchMatMulV2"].infer(x, y, adj_x, adj_y)

    def kernel(xp, x, y, adj_x, adj_y):
        if x.shape[:-2] != y.shape[:-2]:
            raise errors.InvalidArgumentError(
                None, None, f"In[0] and In[1] must have compatible batch dimensions: {common.dims_str(x)} vs. "
                            f"{common.dims_str(y)}")
        return REGISTRY["BatchMatMulV2"].kernel(xp, x, y, adj_x, adj_y)

    def grad(op_, g):
        return _successor_grad(
            lambda o: REGISTRY["BatchMatMulV2"](*o.inputs, adj_x=o.attrs["adj_x"], adj_y=o.attrs["adj_y"],
                                                name=f"{o.name}_v2").op, op_, [g])

    samples = [((np.arange(12.0).reshape(2, 2, 3), np.arange(12.0).reshape(2, 3, 2) / 5), {}),
               ((np.arange(12.0).reshape(2, 3, 2), np.arange(12.0).reshape(2, 3, 2) / 5), dict(adj_x=True))]


@op("Concat", inputs=("concat_dim", "*values"), type_attrs=dict(T="values", N="#values"))
class Concat:
    """TF 1.x's concat: ConcatV2 with the axis first (and always int32)."""

    def infer(concat_dim, *values):
        return REGISTRY["ConcatV2"].infer(*values, concat_dim)

    def kernel(xp, concat_dim, *values):
        return REGISTRY["ConcatV2"].kernel(xp, *values, concat_dim)

    def grad(op_, g):
        axis, values = op_.inputs[0], list(op_.inputs[1:])
        return _successor_grad(lambda o: REGISTRY["ConcatV2"](values, axis, name=f"{o.name}_v2").op, op_, [g],
                               reorder=lambda got: [None] + got[:-1])

    samples = [((np.array(1, np.int32), [np.ones((2, 1)), np.arange(6.0).reshape(2, 3)]), {})]


@op("Gather", inputs=("params", "indices"), attrs=dict(validate_indices=True),
    type_attrs=dict(Tparams="params", Tindices="indices"))
class Gather:
    """TF 1.x's gather: GatherV2 along axis 0."""

    def infer(params, indices, validate_indices):
        from ..framework.tensor_shape import TensorShape

        p, i = params.shape.as_tuple(), indices.shape.as_tuple()
        if p is not None and len(p) < 1:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for 'Gather'")
        dims = None if p is None or i is None else list(i) + list(p[1:])
        return params.dtype.base_dtype, TensorShape(dims)

    def kernel(xp, params, indices, validate_indices):
        return REGISTRY["GatherV2"].kernel(xp, params, indices, np.int32(0), 0)

    def grad(op_, g):
        params, indices = op_.inputs
        with get_default_graph().name_scope(f"{op_.name}_v2"):
            axis = constant(0, name="axis")
        return _successor_grad(lambda o: REGISTRY["GatherV2"](params, indices, axis, name=f"{o.name}_v2").op,
                               op_, [g], reorder=lambda got: got[:2])

    samples = [((np.arange(12.0).reshape(4, 3), np.array([2, 0, 2], np.int32)), {})]


@op("BiasAddV1", inputs=("value", "bias"), type_attrs=dict(T="value"))
class BiasAddV1:
    """TF 1.x's first bias_add: BiasAdd in NHWC."""

    def infer(value, bias):
        return REGISTRY["BiasAdd"].infer(value, bias, "NHWC")

    def kernel(xp, value, bias):
        return REGISTRY["BiasAdd"].kernel(xp, value, bias, "NHWC")

    def grad(op_, g):
        return _successor_grad(lambda o: REGISTRY["BiasAdd"](*o.inputs, data_format="NHWC", name=f"{o.name}_v2").op,
                               op_, [g])

    samples = [((np.arange(6.0).reshape(2, 3), np.array([1.0, -1.0, 0.5])), {})]


@op("Snapshot", inputs=("input",), type_attrs=dict(T="input"))
class Snapshot:
    """A copy of its input (TF's graph optimizer inserts it; frozen graphs keep it)."""

    def infer(input):
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input):
        return xp.array(input, copy=True)

    def grad(op_, g):
        return g

    samples = [((np.arange(4.0),), {})]


@op("PreventGradient", inputs=("input",), attrs=dict(message=""), type_attrs=dict(T="input"))
class PreventGradient:
    """Its input; asking for its gradient is TF's LookupError (the op exists to forbid it)."""

    def infer(input, message):
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input, message):
        return input

    def grad(op_, g):
        raise LookupError(f"Gradient explicitly disabled. Reason: {op_.attrs['message']}")

    samples = [((np.arange(3, dtype=np.float32),), dict(message="no second derivative"))]  # float32: no gradient check

