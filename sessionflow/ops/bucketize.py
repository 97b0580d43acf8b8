"""Bucketize: the bucket of each value among sorted boundaries (math_ops._bucketize; feature_column's bucketized_column)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.graph import Tensor
from ..framework.registry import NOT_DIFFERENTIABLE, op
from .constant import convert_to_tensor

_TYPES = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


@op("Bucketize", inputs=("input",), attrs=dict(boundaries=()))
class Bucketize:
    """For each value, how many boundaries are <= it (TF's std::upper_bound): int32, same shape."""

    def infer(input, boundaries):
        if input.dtype.base_dtype not in _TYPES:
            raise TypeError(f"Value passed to parameter 'input' has DataType {input.dtype.base_dtype.name} not in "
                            f"list of allowed values: int32, int64, float32, float64")
        if list(boundaries) != sorted(boundaries):
            raise ValueError("Expected sorted boundaries for 'Bucketize'")
        return dtypes.int32, input.shape

    def kernel(xp, input, boundaries):
        edges = np.asarray(boundaries, dtype=np.float64)
        return xp.asarray(np.searchsorted(edges, np.asarray(input, np.float64), side="right"), dtype=np.int32)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([-5.0, 0.0, 3.0, 10.0, 11.0], np.float32),), dict(boundaries=(0.0, 10.0))),
               ((np.array([[1, 5], [7, 2]], np.int64),), dict(boundaries=(2.0, 5.0, 6.0)))]


def bucketize(input, boundaries, name=None) -> Tensor:
    """math_ops._bucketize: `input`'s buckets among the sorted float `boundaries`."""
    return Bucketize(convert_to_tensor(input, name="input"), boundaries=tuple(float(b) for b in boundaries), name=name)
