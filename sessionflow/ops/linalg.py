"""Linear-algebra ops: inverse, determinant, Cholesky, diagonals, band parts, einsum, and the
composites built on them (`tf.trace`, `tf.eye`, `tf.norm`, `tf.tensordot`, `tf.matrix_transpose`).

MatMul and BatchMatMulV2 (`tf.matmul`) are declared in `math`. Composites that need ops of other
families (Transpose, Squeeze, reductions) import them when called.
"""

from __future__ import annotations

import builtins
import re

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from . import common
from .common import ALL, FLOATS, NUMBERS, check_dtype
from .constant import convert_to_tensor
from .math import abs as _abs
from .math import matmul, multiply, negative, realdiv, sqrt, subtract
from .math import pow as _pow

_LINALG_TYPES = FLOATS | common.COMPLEX
_INDEX = frozenset([dtypes.int32, dtypes.int64])


def _square_matrices(op_type: str, t: Tensor) -> TensorShape:
    """The static shape of a batch of square matrices; TF's ValueError otherwise."""
    shape = t.shape
    if shape.ndims is None:
        return shape
    if shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {shape.ndims} for '{op_type}' with input "
                         f"shapes: {common.shape_str(shape)}.")
    rows, cols = shape.as_list()[-2:]
    if rows is not None and cols is not None and rows != cols:
        raise ValueError(f"Dimensions must be equal, but are {rows} and {cols} for '{op_type}' with input "
                         f"shapes: {common.shape_str(shape)}.")
    return shape


def _swap(xp, a):
    return xp.conj(xp.swapaxes(a, -1, -2))


_SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]])
_MATRICES = [((_SPD,), {}), ((np.stack([_SPD[:2, :2], np.array([[1.5, -0.5], [0.75, 2.0]])]),), {}),
             ((np.array([[2.0, 1.0], [1.0, 3.0]], np.float32),), {})]


# --- inverse, determinant, Cholesky ------------------------------------------------------------

@op("MatrixInverse", inputs=("input",), attrs=dict(adjoint=False))
class MatrixInverse:
    """Inverse of each square matrix in a batch (of its adjoint with `adjoint=True`)."""

    def infer(input, adjoint):
        check_dtype("MatrixInverse", "input", input, _LINALG_TYPES)
        return input.dtype.base_dtype, _square_matrices("MatrixInverse", input)

    def kernel(xp, input, adjoint):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrices must be squares, got "
                                                          f"{input.shape[-2]} != {input.shape[-1]}")
        a = _swap(xp, input) if adjoint else input
        try:
            out = xp.linalg.inv(a)
        except np.linalg.LinAlgError:
            raise errors.InvalidArgumentError(None, None, "Input is not invertible.") from None
        return out.astype(input.dtype)

    def grad(op_, g):
        ainv = op_.outputs[0]
        adjoint = op_.attrs["adjoint"]
        inner = matmul(g, ainv, adjoint_a=adjoint, adjoint_b=not adjoint)
        return (negative(matmul(ainv, inner, adjoint_a=not adjoint)),)

    samples = _MATRICES + [((_SPD,), dict(adjoint=True))]


@op("MatrixDeterminant", inputs=("input",))
class MatrixDeterminant:
    """Determinant of each square matrix in a batch: [..., n, n] -> [...]."""

    def infer(input):
        check_dtype("MatrixDeterminant", "input", input, _LINALG_TYPES)
        shape = _square_matrices("MatrixDeterminant", input)
        return input.dtype.base_dtype, (shape if shape.ndims is None else TensorShape(shape.as_list()[:-2]))

    def kernel(xp, input):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrices must be squares, got "
                                                          f"{input.shape[-2]} != {input.shape[-1]}")
        return xp.linalg.det(input).astype(input.dtype)

    def grad(op_, g):
        from .array import expand_dims

        a = op_.inputs[0]
        scale = expand_dims(expand_dims(multiply(g, op_.outputs[0]), -1), -1)
        return (multiply(scale, matrix_inverse(a, adjoint=True)),)

    samples = _MATRICES


@op("Cholesky", inputs=("input",))
class Cholesky:
    """Lower-triangular L with L L^H = input, per matrix (only the lower triangle is read). A matrix that
    is not positive definite gives NaNs, as TF's CPU kernel does (it does not raise)."""

    def infer(input):
        check_dtype("Cholesky", "input", input, _LINALG_TYPES)
        return input.dtype.base_dtype, _square_matrices("Cholesky", input)

    def kernel(xp, input):
        if input.shape[-1] != input.shape[-2]:
            raise errors.InvalidArgumentError(None, None, f"Input matrices must be squares, got "
                                                          f"{input.shape[-2]} != {input.shape[-1]}")
        lower = xp.tril(input)
        sym = lower + _swap(xp, xp.tril(input, -1))
        try:
            return xp.linalg.cholesky(sym).astype(input.dtype)
        except np.linalg.LinAlgError:
            return xp.full_like(input, xp.nan)

    def grad(op_, g):
        lower = op_.outputs[0]
        l_inv = matrix_inverse(lower)
        middle = matmul(lower, g, adjoint_a=True)
        half_diag = multiply(matrix_band_part(middle, 0, 0), convert_to_tensor(0.5, dtype=middle.dtype))
        middle = subtract(matrix_band_part(middle, -1, 0), half_diag)
        left = matmul(l_inv, middle, adjoint_a=True)
        grad_a = matmul(left, l_inv)
        grad_a_h = matmul(l_inv, left, adjoint_a=True, adjoint_b=True)
        half = convert_to_tensor(0.5, dtype=grad_a.dtype)
        return (multiply(half, grad_a + grad_a_h),)

    samples = _MATRICES


# --- diagonals and band parts ----------------------------------------------------------------

def _scalar_k(op_type: str, k: Tensor) -> int | None:
    value = static_value(k)
    if value is not None and np.asarray(value).size != 1:
        raise NotImplementedError(f"{op_type}: only a single diagonal offset k is supported")
    return None if value is None else int(np.asarray(value).reshape(-1)[0])


@op("MatrixDiagV3", inputs=("diagonal", "k", "num_rows", "num_cols", "padding_value"),
    attrs=dict(align="RIGHT_LEFT"))
class MatrixDiagV3:
    """A batch of matrices with `diagonal` on diagonal k and `padding_value` elsewhere."""

    def infer(diagonal, k, num_rows, num_cols, padding_value, align):
        check_dtype("MatrixDiagV3", "diagonal", diagonal, ALL - {dtypes.string})
        if diagonal.shape.ndims is None:
            return diagonal.dtype.base_dtype, TensorShape(None)
        dims = diagonal.shape.with_rank_at_least(1).as_list()
        kv, rows, cols = _scalar_k("MatrixDiagV3", k), static_value(num_rows), static_value(num_cols)
        n = dims[-1]
        if kv is None or n is None or rows is None or cols is None:
            return diagonal.dtype.base_dtype, TensorShape(dims[:-1] + [None, None])
        rows, cols = _diag_size(n, kv, int(rows), int(cols))
        return diagonal.dtype.base_dtype, TensorShape(dims[:-1] + [rows, cols])

    def kernel(xp, diagonal, k, num_rows, num_cols, padding_value, align):
        k = int(np.asarray(k).reshape(-1)[0])
        n = diagonal.shape[-1]
        rows, cols = _diag_size(n, k, int(num_rows), int(num_cols))
        out = xp.full(diagonal.shape[:-1] + (rows, cols), padding_value, dtype=diagonal.dtype)
        i = np.arange(n) + max(-k, 0)
        j = np.arange(n) + max(k, 0)
        keep = (i < rows) & (j < cols)
        out[..., i[keep], j[keep]] = diagonal[..., np.arange(n)[keep]]
        return out

    def grad(op_, g):
        from .reduction import reduce_sum

        on_diagonal = matrix_diag_part(g, k=op_.inputs[1])
        padding = subtract(reduce_sum(g), reduce_sum(on_diagonal))  # every off-diagonal entry is the padding
        return (on_diagonal, None, None, None, padding)

    samples = [((np.array([1.5, -2.0, 0.5]), np.array(0, np.int32), np.array(-1, np.int32),
                 np.array(-1, np.int32), np.array(0.0)), {}),
               ((np.array([[1, 2], [3, 4]], np.int32), np.array(1, np.int32), np.array(-1, np.int32),
                 np.array(-1, np.int32), np.array(9, np.int32)), {}),
               ((np.array([1.0, 2.0], np.float32), np.array(-1, np.int32), np.array(4, np.int32),
                 np.array(-1, np.int32), np.array(0.0, np.float32)), {})]


def _diag_size(n: int, k: int, rows: int, cols: int) -> tuple[int, int]:
    min_rows, min_cols = n + max(-k, 0), n + max(k, 0)
    if rows == -1 and cols == -1:
        return n + builtins.abs(k), n + builtins.abs(k)
    return (min_rows if rows == -1 else rows), (min_cols if cols == -1 else cols)


@op("MatrixDiagPartV3", inputs=("input", "k", "padding_value"), attrs=dict(align="RIGHT_LEFT"))
class MatrixDiagPartV3:
    """Diagonal k of each matrix in a batch: [..., m, n] -> [..., len]."""

    def infer(input, k, padding_value, align):
        check_dtype("MatrixDiagPartV3", "input", input, ALL - {dtypes.string})
        if input.shape.ndims is None:
            return input.dtype.base_dtype, TensorShape(None)
        if input.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {input.shape.ndims} for "
                             f"'MatrixDiagPartV3' with input shapes: {common.shape_str(input.shape)}, [], [].")
        dims = input.shape.as_list()
        kv = _scalar_k("MatrixDiagPartV3", k)
        rows, cols = dims[-2:]
        if kv is None or rows is None or cols is None:
            return input.dtype.base_dtype, TensorShape(dims[:-2] + [None])
        return input.dtype.base_dtype, TensorShape(dims[:-2] + [max(0, min(rows + min(kv, 0), cols - max(kv, 0)))])

    def kernel(xp, input, k, padding_value, align):
        k = int(np.asarray(k).reshape(-1)[0])
        rows, cols = input.shape[-2:]
        n = max(0, min(rows + min(k, 0), cols - max(k, 0)))
        idx = np.arange(n)
        return input[..., idx + max(-k, 0), idx + max(k, 0)]

    def grad(op_, g):
        x, k = op_.inputs[0], op_.inputs[1]
        from .array import shape as _shape
        from .array_slicing import strided_slice

        dims = x.shape.as_list() if x.shape.ndims is not None else None
        if dims is not None and None not in dims[-2:]:
            rows, cols = dims[-2:]
        else:
            s = _shape(x)
            rows, cols = strided_slice(s, [-2], [-1], shrink_axis_mask=1), strided_slice(s, [-1], [0],
                                                                                          end_mask=1, shrink_axis_mask=1)
        return (matrix_diag(g, k=k, num_rows=rows, num_cols=cols), None, None)

    samples = [((np.arange(9.0).reshape(3, 3) / 4, np.array(0, np.int32), np.array(0.0)), {}),
               ((np.arange(12.0).reshape(2, 2, 3), np.array(1, np.int32), np.array(0.0)), {}),
               ((np.arange(6, dtype=np.int32).reshape(3, 2), np.array(-1, np.int32), np.array(0, np.int32)), {})]


@op("MatrixBandPart", inputs=("input", "num_lower", "num_upper"), type_attrs=dict(T="input", Tindex="num_lower"))
class MatrixBandPart:
    """Keeps entries with (i - j) <= num_lower and (j - i) <= num_upper (negative: keep the whole triangle)."""

    def infer(input, num_lower, num_upper):
        if input.shape.ndims is not None and input.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {input.shape.ndims} for "
                             f"'MatrixBandPart' with input shapes: {common.shape_str(input.shape)}, [], [].")
        check_dtype("MatrixBandPart", "num_lower", num_lower, _INDEX)
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input, num_lower, num_upper):
        rows, cols = input.shape[-2:]
        lower, upper = int(num_lower), int(num_upper)
        if lower > rows or upper > cols:
            raise errors.InvalidArgumentError(None, None, f"num_lower must be negative or less or equal to number "
                                                          f"of rows ({rows}) got: {lower}")
        i = np.arange(rows)[:, None]
        j = np.arange(cols)[None, :]
        mask = ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))
        return xp.where(mask, input, xp.zeros_like(input))

    def grad(op_, g):
        return (matrix_band_part(g, op_.inputs[1], op_.inputs[2]), None, None)

    samples = [((np.arange(9.0).reshape(3, 3) - 4, np.array(0, np.int64), np.array(-1, np.int64)), {}),
               ((np.arange(16.0).reshape(2, 2, 4), np.array(1, np.int32), np.array(1, np.int32)), {})]


# --- Einsum ----------------------------------------------------------------------------------

def _parse_equation(equation: str, n_inputs: int):
    eq = equation.replace(" ", "")
    if "->" in eq:
        lhs, out = eq.split("->")
    else:
        lhs = eq
        letters = lhs.replace(",", "")
        out = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    ins = lhs.split(",")
    if len(ins) != n_inputs or not all(re.fullmatch(r"[a-zA-Z]*", s) for s in ins + [out]):
        raise ValueError(f"Invalid einsum equation {equation!r} for {n_inputs} inputs (ellipses are not "
                         f"supported)")
    return ins, out


@op("Einsum", inputs=("*inputs",), attrs=dict(equation=""), type_attrs=dict(T="inputs", N="#inputs"))
class Einsum:
    """Tensor contraction by an Einstein-summation equation over one or two inputs (no ellipsis)."""

    def infer(*inputs, equation):
        dtype = inputs[0].dtype.base_dtype
        check_dtype("Einsum", "inputs", inputs[0], NUMBERS)
        for t in inputs[1:]:
            if t.dtype.base_dtype is not dtype:
                raise TypeError(f"Tensors in list passed to 'inputs' of 'Einsum' Op have types "
                                f"[{', '.join(x.dtype.base_dtype.name for x in inputs)}] that don't all match.")
        ins, out = _parse_equation(equation, len(inputs))
        sizes: dict[str, int | None] = {}
        for spec, t in zip(ins, inputs):
            if t.shape.ndims is None:
                continue
            if t.shape.ndims != len(spec):
                raise ValueError(f"Einsum: input has rank {t.shape.ndims} but subscript {spec!r} has {len(spec)}")
            for c, d in zip(spec, t.shape.as_list()):
                known = sizes.get(c)
                if known is not None and d is not None and known != d and 1 not in (known, d):
                    raise ValueError(f"Expected dimension {known} at axis {spec.index(c)} of the input shaped "
                                     f"{t.shape} but got dimension {d}")
                if known is None or known == 1:
                    sizes[c] = d
        return dtype, TensorShape([sizes.get(c) for c in out])

    def kernel(xp, *arrays, equation):
        try:
            return xp.asarray(xp.einsum(equation.replace(" ", ""), *arrays), dtype=arrays[0].dtype)
        except ValueError as e:
            raise errors.InvalidArgumentError(None, None, f"Einsum: {e}") from None

    def grad(op_, g):
        ins, out = _parse_equation(op_.attrs["equation"], len(op_.inputs))
        grads = []
        for i, (spec, x) in enumerate(zip(ins, op_.inputs)):
            if len(set(spec)) != len(spec):
                raise NotImplementedError("Einsum gradient with a repeated subscript in one input")
            operands, specs = [g], [out]
            for j, (other, y) in enumerate(zip(ins, op_.inputs)):
                if j != i:
                    operands.append(y)
                    specs.append(other)
            if not set(spec) <= set("".join(specs)):
                from .array import ones_like

                operands.append(ones_like(x))
                specs.append(spec)
            grads.append(einsum(f"{','.join(specs)}->{spec}", *operands))
        return grads

    samples = [(([np.linspace(-1, 1, 6).reshape(2, 3), np.linspace(0, 1, 12).reshape(3, 4)],),
                dict(equation="ij,jk->ik")),
               (([np.linspace(-1, 1, 24).reshape(2, 3, 4), np.linspace(0, 1, 8).reshape(2, 4)],),
                dict(equation="bij,bj->bi")),
               (([np.arange(6.0).reshape(2, 3)],), dict(equation="ij->j")),
               (([np.ones((2, 3), np.float32), np.ones(3, np.float32)],), dict(equation="ij,j"))]


@tf_export("linalg.einsum", "einsum")
def einsum(equation, *inputs, **kwargs) -> Tensor:
    """`tf.einsum(equation, *inputs, name=None)`: one Einsum op, named `einsum/Einsum` as TF names it."""
    name = kwargs.pop("name", None)
    kwargs.pop("optimize", None)
    if kwargs:
        raise TypeError(f"Invalid keyword arguments for this function: {', '.join(sorted(kwargs))}")
    with get_default_graph().name_scope(name or "einsum"):
        tensors = common.convert_same_dtype("Einsum", inputs, [f"inputs_{i}" for i in range(len(inputs))])
        return Einsum(tensors, equation=equation, name="Einsum")


# --- public wrappers -------------------------------------------------------------------------

@tf_export("linalg.inv", "matrix_inverse")
def matrix_inverse(input, adjoint=False, name=None) -> Tensor:
    """`tf.linalg.inv`: inverse of each matrix; InvalidArgumentError at run time if one is singular."""
    with get_default_graph().name_scope(name or "MatrixInverse") as scope:
        return MatrixInverse(convert_to_tensor(input, name="input"), adjoint=bool(adjoint), name=scope)


@tf_export("linalg.det", "matrix_determinant")
def matrix_determinant(input, name=None) -> Tensor:
    """`tf.linalg.det`: determinant of each matrix in a batch."""
    with get_default_graph().name_scope(name or "MatrixDeterminant") as scope:
        return MatrixDeterminant(convert_to_tensor(input, name="input"), name=scope)


@tf_export("linalg.cholesky", "cholesky")
def cholesky(input, name=None) -> Tensor:
    """`tf.linalg.cholesky`: the lower-triangular Cholesky factor of each matrix."""
    with get_default_graph().name_scope(name or "Cholesky") as scope:
        return Cholesky(convert_to_tensor(input, name="input"), name=scope)


@tf_export("linalg.diag", "matrix_diag")
def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """`tf.linalg.diag`: matrices with `diagonal` on diagonal `k` (MatrixDiagV3)."""
    with get_default_graph().name_scope(name or "diag") as scope:
        diagonal = convert_to_tensor(diagonal, name="diagonal")
        k = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        num_rows = convert_to_tensor(num_rows, dtype=dtypes.int32, name="num_rows")
        num_cols = convert_to_tensor(num_cols, dtype=dtypes.int32, name="num_cols")
        padding_value = convert_to_tensor(padding_value, dtype=diagonal.dtype.base_dtype, name="padding_value")
        return MatrixDiagV3(diagonal, k, num_rows, num_cols, padding_value, align=align, name=scope)


@tf_export("linalg.diag_part", "matrix_diag_part")
def matrix_diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """`tf.linalg.diag_part`: diagonal `k` of each matrix (MatrixDiagPartV3)."""
    with get_default_graph().name_scope(name or "diag_part") as scope:
        input = convert_to_tensor(input, name="input")
        k = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        padding_value = convert_to_tensor(padding_value, dtype=input.dtype.base_dtype, name="padding_value")
        return MatrixDiagPartV3(input, k, padding_value, align=align, name=scope)


@tf_export("linalg.band_part", "matrix_band_part")
def matrix_band_part(input, num_lower, num_upper, name=None) -> Tensor:
    """`tf.linalg.band_part`: zeroes everything outside a band around the diagonal."""
    with get_default_graph().name_scope(name or "MatrixBandPart") as scope:
        input = convert_to_tensor(input, name="input")
        num_lower = convert_to_tensor(num_lower, dtype=_index_dtype(num_lower), name="num_lower")
        num_upper = convert_to_tensor(num_upper, dtype=num_lower.dtype.base_dtype, name="num_upper")
        return MatrixBandPart(input, num_lower, num_upper, name=scope)


def _index_dtype(value):
    return value.dtype.base_dtype if isinstance(value, Tensor) else dtypes.int64


@tf_export("linalg.matrix_transpose", "matrix_transpose")
def matrix_transpose(a, name="matrix_transpose", conjugate=False) -> Tensor:
    """`tf.linalg.matrix_transpose`: swaps the last two axes (Transpose with a static perm)."""
    from .array_transform import transpose

    with get_default_graph().name_scope(name or "matrix_transpose"):
        a = convert_to_tensor(a, name="a")
        rank = a.shape.ndims
        if rank is None:
            raise NotImplementedError("matrix_transpose of a tensor of unknown rank")
        if rank < 2:
            raise ValueError(f"Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: {a.shape}")
        perm = list(range(rank - 2)) + [rank - 1, rank - 2]
        return transpose(a, perm, conjugate=conjugate)


@tf_export("linalg.adjoint")
def adjoint(matrix, name=None) -> Tensor:
    """`tf.linalg.adjoint`: the conjugate transpose of the last two axes."""
    with get_default_graph().name_scope(name or "adjoint"):
        return matrix_transpose(convert_to_tensor(matrix, name="matrix"), conjugate=True)


@tf_export("linalg.trace", "trace")
def trace(x, name=None) -> Tensor:
    """`tf.linalg.trace`: the sum of each matrix's main diagonal: [..., m, n] -> [...]."""
    from .reduction import reduce_sum

    with get_default_graph().name_scope(name or "Trace") as scope:
        x = convert_to_tensor(x, name="x")
        return reduce_sum(matrix_diag_part(x), [-1], name=scope)


@tf_export("linalg.eye", "eye")
def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None) -> Tensor:
    """`tf.eye`: a (batch of) identity matrices of shape batch_shape + [num_rows, num_columns]."""
    from .array import ones

    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "eye"):
        rows = int(num_rows)
        cols = rows if num_columns is None else int(num_columns)
        batch = [] if batch_shape is None else [int(d) for d in batch_shape]
        diag = ones(batch + [min(rows, cols)], dtype=dtype)
        return matrix_diag(diag, num_rows=rows, num_cols=cols)


def _norm_axes(axis, rank):
    if axis is None:
        return None
    axes = [int(a) for a in np.asarray(axis).reshape(-1)]
    if len(axes) not in (1, 2):
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
    if len(axes) == 2 and (axes[0] == axes[1] or (rank is not None and axes[0] % rank == axes[1] % rank)):
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
    return axes


@tf_export("linalg.norm", "norm")
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None) -> Tensor:
    """`tf.norm`: vector p-norms (p > 0, 'euclidean', inf) and matrix norms ('fro', 'euclidean', 1, inf)."""
    from .array_transform import squeeze
    from .reduction import reduce_max, reduce_sum

    if keepdims is not None and keep_dims is not None and keepdims != keep_dims:
        raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'")
    keepdims = bool(keep_dims if keepdims is None else keepdims)
    with get_default_graph().name_scope(name or "norm"):
        tensor = convert_to_tensor(tensor, name="tensor")
        axes = _norm_axes(axis, tensor.shape.ndims)
        is_matrix = axes is not None and len(axes) == 2
        supported = ("fro", "euclidean", 1, np.inf) if is_matrix else ("euclidean", "fro", np.inf)
        if ord not in supported and not (not is_matrix and isinstance(ord, (int, float)) and ord > 0):
            raise ValueError(f"'ord' must be a supported {'matrix' if is_matrix else 'vector'} norm, got {ord!r}")
        if ord in ("euclidean", "fro", 2) and not (is_matrix and ord == 2):
            result = sqrt(reduce_sum(multiply(tensor, tensor), axes, keepdims=True))
        elif is_matrix:
            sum_axis, max_axis = (axes[0], axes[1]) if ord == 1 else (axes[1], axes[0])
            result = reduce_max(reduce_sum(_abs(tensor), sum_axis, keepdims=True), max_axis, keepdims=True)
        elif ord == np.inf:
            result = reduce_max(_abs(tensor), axes, keepdims=True)
        elif ord == 1:
            result = reduce_sum(_abs(tensor), axes, keepdims=True)
        else:
            p = convert_to_tensor(ord, dtype=tensor.dtype.base_dtype)
            summed = reduce_sum(_pow(_abs(tensor), p), axes, keepdims=True)
            result = _pow(summed, realdiv(convert_to_tensor(1.0, dtype=p.dtype.base_dtype), p))
        if not keepdims:
            result = squeeze(result, axes)
        return result


@tf_export("linalg.tensordot", "tensordot")
def tensordot(a, b, axes, name=None) -> Tensor:
    """`tf.tensordot`: sums a's and b's products over the given axes (one Einsum op named `Tensordot`)."""
    with get_default_graph().name_scope(name or "Tensordot") as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b", dtype=a.dtype.base_dtype)
        ra, rb = a.shape.ndims, b.shape.ndims
        if ra is None or rb is None:
            raise NotImplementedError("tensordot of tensors of unknown rank")
        if isinstance(axes, (int, np.integer)) or (np.ndim(axes) == 0 and not isinstance(axes, (list, tuple))):
            n = int(axes)
            if n < 0 or n > min(ra, rb):
                raise ValueError(f"'axes' must be at most the rank of a and b ({min(ra, rb)}), got {n}")
            a_axes, b_axes = list(range(ra - n, ra)), list(range(n))
        else:
            if len(axes) != 2:
                raise ValueError(f"'axes' must be an integer or have length 2, got {axes}")
            a_axes = [int(x) % ra for x in np.asarray(axes[0]).reshape(-1)]
            b_axes = [int(x) % rb for x in np.asarray(axes[1]).reshape(-1)]
            if len(a_axes) != len(b_axes):
                raise ValueError(f"Different number of contraction axes 'a' and 'b', {len(a_axes)} != "
                                 f"{len(b_axes)}.")
        letters = iter("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        sa = [next(letters) for _ in range(ra)]
        sb = [next(letters) for _ in range(rb)]
        for i, j in zip(a_axes, b_axes):
            sb[j] = sa[i]
        out = [c for i, c in enumerate(sa) if i not in a_axes] + [c for j, c in enumerate(sb) if j not in b_axes]
        return Einsum([a, b], equation=f"{''.join(sa)},{''.join(sb)}->{''.join(out)}", name=scope)

