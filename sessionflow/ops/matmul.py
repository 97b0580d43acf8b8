"""Matrix products: MatMul (rank 2) and BatchMatMulV2 (broadcast batch dimensions), and `tf.matmul`,
which picks between them. Other matrix ops live in `linalg`; Einsum in `einsum`."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from . import common
from .common import NUMBERS, broadcast_shape, check_dtype
from .math import _sum_to


_MATMUL_TYPES = NUMBERS - {dtypes.uint8, dtypes.int8, dtypes.int16, dtypes.uint16, dtypes.uint32, dtypes.uint64}


def _check_matmul_dtypes(op_type, a, b, names):
    check_dtype(op_type, names[0], a, _MATMUL_TYPES)
    if a.dtype.base_dtype is not b.dtype.base_dtype:
        raise TypeError(f"Input '{names[1]}' of '{op_type}' Op has type {b.dtype.base_dtype.name} that does not "
                        f"match type {a.dtype.base_dtype.name} of argument '{names[0]}'.")


@op("MatMul", inputs=("a", "b"), attrs=dict(transpose_a=False, transpose_b=False),
    type_attrs=dict(T="a", grad_a=False, grad_b=False))
class MatMul:
    """Matrix product of two rank-2 tensors."""

    def infer(a, b, transpose_a, transpose_b):
        _check_matmul_dtypes("MatMul", a, b, ("a", "b"))
        for t in (a, b):
            if t.shape.ndims not in (None, 2):
                raise ValueError(f"Shape must be rank 2 but is rank {t.shape.ndims} for 'MatMul'")
        sa = a.shape.with_rank(2) if a.shape.ndims is not None else TensorShape([None, None])
        sb = b.shape.with_rank(2) if b.shape.ndims is not None else TensorShape([None, None])
        m, ka = (sa[1], sa[0]) if transpose_a else (sa[0], sa[1])
        kb, n = (sb[1], sb[0]) if transpose_b else (sb[0], sb[1])
        if not ka.is_compatible_with(kb):
            raise ValueError(f"Dimensions must be equal, but are {ka} and {kb} for 'MatMul' with input shapes: "
                             f"{common.shape_str(a.shape)}, {common.shape_str(b.shape)}.")
        return a.dtype.base_dtype, TensorShape([m, n])

    def kernel(xp, a, b, transpose_a, transpose_b):
        if transpose_a:
            a = a.T
        if transpose_b:
            b = b.T
        if a.shape[1] != b.shape[0]:
            raise errors.InvalidArgumentError(
                None, None, f"Matrix size-incompatible: In[0]: [{a.shape[0]},{a.shape[1]}], "
                            f"In[1]: [{b.shape[0]},{b.shape[1]}]")
        return xp.matmul(a, b)

    def grad(op_, g):
        from .complex_ops import conj  # TF's gradient of complex inputs multiplies by conjugates

        a, b = (conj(t) for t in op_.inputs)
        ta, tb = op_.attrs["transpose_a"], op_.attrs["transpose_b"]
        if not ta and not tb:
            return matmul(g, b, transpose_b=True), matmul(a, g, transpose_a=True)
        if not ta and tb:
            return matmul(g, b), matmul(g, a, transpose_a=True)
        if ta and not tb:
            return matmul(b, g, transpose_b=True), matmul(a, g)
        return matmul(b, g, transpose_a=True, transpose_b=True), matmul(g, a, transpose_a=True, transpose_b=True)

    samples = [((np.arange(6.0).reshape(2, 3) / 5, np.linspace(-1, 1, 12).reshape(3, 4)), {}),
               ((np.arange(6.0).reshape(3, 2) / 5, np.linspace(-1, 1, 12).reshape(4, 3)),
                dict(transpose_a=True, transpose_b=True)),
               ((np.ones((2, 2), np.int32), np.arange(4, dtype=np.int32).reshape(2, 2)), {}),
               ((np.zeros((0, 3), np.float32), np.ones((3, 2), np.float32)), {})]


@op("BatchMatMulV2", inputs=("x", "y"), attrs=dict(adj_x=False, adj_y=False),
    type_attrs=dict(T="x", grad_x=False, grad_y=False))
class BatchMatMulV2:
    """Matrix products over broadcast batch dimensions: [..., m, k] x [..., k, n] -> [..., m, n]."""

    def infer(x, y, adj_x, adj_y):
        _check_matmul_dtypes("BatchMatMulV2", x, y, ("x", "y"))
        for t in (x, y):
            if t.shape.ndims is not None and t.shape.ndims < 2:
                raise ValueError(f"Shape must be at least rank 2 but is rank {t.shape.ndims} for 'BatchMatMulV2'")
        if x.shape.ndims is None or y.shape.ndims is None:
            return x.dtype.base_dtype, TensorShape(None)
        sx, sy = x.shape.as_list(), y.shape.as_list()
        m, kx = (sx[-1], sx[-2]) if adj_x else (sx[-2], sx[-1])
        ky, n = (sy[-1], sy[-2]) if adj_y else (sy[-2], sy[-1])
        if kx is not None and ky is not None and kx != ky:
            raise ValueError(f"Dimensions must be equal, but are {kx} and {ky} for 'BatchMatMulV2' with input "
                             f"shapes: {common.shape_str(x.shape)}, {common.shape_str(y.shape)}.")
        try:
            batch = broadcast_shape("BatchMatMulV2", TensorShape(sx[:-2]), TensorShape(sy[:-2]))
        except ValueError as e:
            detail = str(e).split(" for ")[0]
            raise ValueError(f"{detail} for 'BatchMatMulV2' with input shapes: {common.shape_str(x.shape)}, "
                             f"{common.shape_str(y.shape)}.") from None
        return x.dtype.base_dtype, batch.concatenate(TensorShape([m, n]))

    def kernel(xp, x, y, adj_x, adj_y):
        if adj_x:
            x = xp.conj(xp.swapaxes(x, -1, -2))
        if adj_y:
            y = xp.conj(xp.swapaxes(y, -1, -2))
        if x.shape[-1] != y.shape[-2]:
            raise errors.InvalidArgumentError(
                None, None, f"Matrix size-incompatible: In[0]: {common.dims_str(x)}, In[1]: {common.dims_str(y)}")
        try:
            return xp.matmul(x, y)
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, f"In[0] and In[1] must have compatible batch dimensions: {common.dims_str(x)} vs. "
                            f"{common.dims_str(y)}") from None

    def grad(op_, g):
        x, y = op_.inputs
        ax, ay = op_.attrs["adj_x"], op_.attrs["adj_y"]
        if not ax and not ay:
            gx, gy = matmul(g, y, adjoint_b=True), matmul(x, g, adjoint_a=True)
        elif not ax and ay:
            gx, gy = matmul(g, y), matmul(g, x, adjoint_a=True)
        elif ax and not ay:
            gx, gy = matmul(y, g, adjoint_b=True), matmul(x, g)
        else:
            gx, gy = matmul(y, g, adjoint_a=True, adjoint_b=True), matmul(g, x, adjoint_a=True, adjoint_b=True)
        return _sum_to(gx, x), _sum_to(gy, y)

    samples = [((np.linspace(-1, 1, 12).reshape(2, 2, 3), np.linspace(0, 2, 6).reshape(3, 2)), {}),
               ((np.linspace(-1, 1, 12).reshape(2, 3, 2), np.linspace(0, 2, 12).reshape(2, 1, 2, 3)),
                dict(adj_x=True, adj_y=True)),
               ((np.ones((3, 2, 2), np.float32), np.ones((3, 2, 1), np.float32)), {})]


@tf_export("linalg.matmul", "matmul")
def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, grad_a=False, grad_b=False, name=None):
    """`tf.matmul`: MatMul when both ranks are known and at most 2 (MatMul's shape check then requires 2),
    BatchMatMulV2 (broadcast batch dims) otherwise."""
    if transpose_a and adjoint_a:
        raise ValueError("Only one of transpose_a and adjoint_a can be True.")
    if transpose_b and adjoint_b:
        raise ValueError("Only one of transpose_b and adjoint_b can be True.")
    with get_default_graph().name_scope(name or "MatMul") as scope:
        a, b = common.convert_same_dtype("MatMul", (a, b), ("a", "b"))
        ra, rb = a.shape.ndims, b.shape.ndims
        if ra is not None and rb is not None and ra <= 2 and rb <= 2:
            if a.dtype.is_complex and (adjoint_a or adjoint_b):  # TF: conj, then a transposing MatMul
                from .complex_ops import conj

                a = conj(a) if adjoint_a else a
                b = conj(b) if adjoint_b else b
            return MatMul(a, b, transpose_a=transpose_a or adjoint_a, transpose_b=transpose_b or adjoint_b,
                          name=scope)
        if transpose_a and not a.dtype.is_complex or adjoint_a:
            adj_a = True
        elif transpose_a:
            from .linalg import matrix_transpose

            a, adj_a = matrix_transpose(a, conjugate=False), False
        else:
            adj_a = False
        if transpose_b and not b.dtype.is_complex or adjoint_b:
            adj_b = True
        elif transpose_b:
            from .linalg import matrix_transpose

            b, adj_b = matrix_transpose(b, conjugate=False), False
        else:
            adj_b = False
        return BatchMatMulV2(a, b, adj_x=adj_a, adj_y=adj_b, name=scope)
