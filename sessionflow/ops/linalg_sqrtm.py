"""MatrixSquareRoot (tf.linalg.sqrtm): the principal square root of each square matrix (from its
eigendecomposition; NaN where a real matrix has no real square root), and its gradient, the solution of
the Sylvester equation S^T X + X S^T = grad (as TF solves it, through a Kronecker-sum system)."""

from __future__ import annotations

import numpy as np

from ..framework import errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op
from . import array
from .common import INEXACT, check_dtype
from .constant import convert_to_tensor


@op("MatrixSquareRoot", inputs=("input",))
class MatrixSquareRoot:
    """S with S @ S = input, for each matrix of the batch."""

    def infer(input):
        check_dtype("MatrixSquareRoot", "input", input, INEXACT)
        dims = input.shape.as_tuple()
        if dims is not None:
            if len(dims) < 2:
                raise ValueError(f"Shape must be at least rank 2 but is rank {len(dims)} for 'MatrixSquareRoot'")
            if dims[-1] is not None and dims[-2] is not None and dims[-1] != dims[-2]:
                raise ValueError(f"Dimensions must be equal, but are {dims[-2]} and {dims[-1]} for "
                                 "'MatrixSquareRoot'")
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, "Input matrix must be square.")
        if input.size == 0:
            return input.copy()
        a = input.astype(np.complex128)
        w, v = np.linalg.eig(a)
        with np.errstate(all="ignore"):
            root = (v * np.sqrt(w)[..., None, :]) @ np.linalg.inv(v)
        if input.dtype.kind == "f":
            scale = np.maximum(np.abs(input).max(axis=(-2, -1), keepdims=True), 1.0)
            real = np.abs(root.imag).max(axis=(-2, -1), keepdims=True) <= 1e-6 * scale
            return xp.asarray(np.where(real, root.real, np.nan), dtype=input.dtype)
        return xp.asarray(root, dtype=input.dtype)

    def grad(op_, grad):
        from .einsum import einsum
        from .linalg import eye, matrix_transpose
        from .linalg_solve import matrix_solve

        sqrtm = op_.outputs[0]
        dims = array.shape(sqrtm)
        batch, n = dims[:-2], dims[-1]
        nn = array.reshape(n * n, [1])
        identity = eye(n, dtype=sqrtm.dtype.base_dtype)
        sqrtm_t = matrix_transpose(sqrtm, conjugate=True)
        system = einsum("...ij,kl->...ikjl", sqrtm_t, identity) + einsum("ij,...kl->...ikjl", identity, sqrtm)
        system = array.reshape(system, array.concat([batch, nn, nn], 0))
        rhs = array.reshape(grad, array.concat([batch, nn, [1]], 0))
        return array.reshape(matrix_solve(system, rhs), array.shape(sqrtm))

    samples = [((np.array([[4.0, 1.0], [1.0, 3.0]]),), {}),
               ((np.array([[[2.0, 0.5, 0.0], [0.5, 3.0, 0.25], [0.0, 0.25, 1.5]],
                           [[5.0, 1.0, 0.5], [0.0, 4.0, 1.0], [0.0, 0.0, 3.0]]], np.float32),), {})]


@tf_export("linalg.sqrtm", "matrix_square_root")
def matrix_square_root(input, name=None):
    with get_default_graph().name_scope(name or "MatrixSquareRoot") as scope:
        return MatrixSquareRoot(convert_to_tensor(input, name="input"), name=scope)
