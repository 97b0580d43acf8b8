"""SobolSample (`tf.math.sobol_sample`): points of the Sobol low-discrepancy sequence, as TF's kernel gives them.

Point i (0-based) of the output is the Sobol point of index i + skip + 1 (the origin is left out): in each
dimension the XOR, over the set bits k of the index's Gray code, of the direction number m_k / 2^(k+1). The
direction numbers are Joe and Kuo's, the ones TF uses; sessionflow holds those of the first 1024 dimensions
(sobol_directions.txt, each dimension's primitive polynomial and initial numbers, the rest by the
recurrence) and says so for a larger `dim`. Values are exact binary fractions (float32 rounds them)."""

from __future__ import annotations

import os

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from .common import check_dtype
from .constant import convert_to_tensor

TF_MAX_DIM = 21200  # the dimensions TF's table covers
_BITS = 30  # direction numbers per dimension: enough for every index below 2**30
_INT32_MAX = 2**31 - 1
_directions: np.ndarray | None = None


def _recurrence(s: int, a: int, initial) -> list:
    """m_1 .. m_BITS of a dimension from its polynomial's degree s, coefficients a and m_1 .. m_s."""
    m = list(initial)
    for k in range(s, _BITS):
        value = m[k - s] ^ (m[k - s] << s)
        for i in range(1, s):
            if (a >> (s - 1 - i)) & 1:
                value ^= m[k - i] << i
        m.append(value)
    return m


def directions() -> np.ndarray:
    """[dims, BITS] int64: direction number k of each dimension, scaled to BITS bits (m_k << (BITS-1-k))."""
    global _directions
    if _directions is None:
        rows = [[1] * _BITS]
        with open(os.path.join(os.path.dirname(__file__), "sobol_directions.txt"), encoding="ascii") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    _, s, a, *initial = (int(v) for v in line.split())
                    rows.append(_recurrence(s, a, initial))
        m = np.array(rows, np.int64)
        _directions = m << (_BITS - 1 - np.arange(_BITS, dtype=np.int64))
    return _directions


MAX_DIM = 1024


def sobol_points(dim: int, num_results: int, skip: int, dtype) -> np.ndarray:
    table = directions()[:dim]
    index = np.arange(num_results, dtype=np.int64) + skip + 1
    gray = index ^ (index >> 1)
    points = np.zeros((num_results, dim), np.int64)
    for k in range(_BITS):
        points ^= ((gray >> k) & 1)[:, None] * table[:, k][None, :]
    return (points.astype(np.float64) / 2.0**_BITS).astype(dtype)


@op("SobolSample", inputs=("dim", "num_results", "skip"), attrs=dict(dtype=dtypes.float32))
class SobolSample:
    """num_results points of the dim-dimensional Sobol sequence, after skipping `skip` of them."""

    def infer(dim, num_results, skip, dtype):
        for name, t in (("dim", dim), ("num_results", num_results), ("skip", skip)):
            check_dtype("SobolSample", name, t, (dtypes.int32,))
            if t.shape.ndims not in (None, 0):
                raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims} for 'SobolSample'")
        if dtype not in (dtypes.float32, dtypes.float64):
            raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                            "values: float32, float64")
        d, n = static_value(dim), static_value(num_results)
        return dtype, TensorShape([None if n is None else int(n), None if d is None else int(d)])

    def kernel(xp, dim, num_results, skip, dtype):
        d, n, s = int(dim), int(num_results), int(skip)
        if d < 1:
            raise errors.InvalidArgumentError(None, None, "dim must be at least one")
        if d > TF_MAX_DIM:
            raise errors.InvalidArgumentError(None, None, f"dim must be at most {TF_MAX_DIM}")
        if d > MAX_DIM:
            raise errors.UnimplementedError(None, None, f"SobolSample: sessionflow holds the Sobol direction numbers "
                                                        f"of the first {MAX_DIM} dimensions only, got dim {d}")
        if n < 1:
            raise errors.InvalidArgumentError(None, None, "num_results must be at least one")
        if s < 0:
            raise errors.InvalidArgumentError(None, None, "skip must be non-negative")
        if not n < _INT32_MAX - s:
            raise errors.InvalidArgumentError(None, None, f"num_results+skip must be less than {_INT32_MAX}")
        if n + s + 1 >= 2**_BITS:
            raise errors.UnimplementedError(None, None, f"SobolSample: points past index 2**{_BITS} are not "
                                                        "modelled (TF's 32-bit arithmetic overflows there)")
        return sobol_points(d, n, s, dtype.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(3, np.int32), np.array(5, np.int32), np.array(0, np.int32)), {}),
               ((np.array(2, np.int32), np.array(4, np.int32), np.array(7, np.int32)), dict(dtype=dtypes.float64))]


@tf_export("math.sobol_sample")
def sobol_sample(dim, num_results, skip=0, dtype=dtypes.float32, name=None):
    """`tf.math.sobol_sample`: [num_results, dim] points of the Sobol sequence (the origin excluded)."""
    with get_default_graph().name_scope(name or "sobol"):
        return SobolSample(convert_to_tensor(dim, dtype=dtypes.int32, name="dim"),
                           convert_to_tensor(num_results, dtype=dtypes.int32, name="num_results"),
                           convert_to_tensor(skip, dtype=dtypes.int32, name="skip"), dtype=dtypes.as_dtype(dtype))
