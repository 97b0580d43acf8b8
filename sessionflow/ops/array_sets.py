"""ListDiff (`tf.setdiff1d`): the values of one vector that another does not contain."""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op
from . import shape_fns
from .array_stitch import convert_input
from .constant import convert_to_tensor

_INDEX_TYPES = (dtypes.int32, dtypes.int64)
_ListDiffOutput = collections.namedtuple("ListDiff", ["out", "idx"])  # TF's result type


@op("ListDiff", inputs=("x", "y"), attrs=dict(out_idx=dtypes.int32), type_attrs=dict(T="x"))
class ListDiff:
    """(out, idx): the entries of 1-D `x` not in `y`, in `x`'s order (repeats kept), and their positions in `x`.
    TF registers no gradient for it: tf.gradients through `out` is a LookupError."""

    def infer(x, y, out_idx):
        if out_idx not in _INDEX_TYPES:
            raise TypeError(f"Value passed to parameter 'out_idx' has DataType {out_idx.name} not in list of "
                            "allowed values: int32, int64")
        shape_fns.with_rank("ListDiff", x.shape, 1)
        shape_fns.with_rank("ListDiff", y.shape, 1)
        return [(x.dtype.base_dtype, [None]), (out_idx, [None])]

    def kernel(xp, x, y, out_idx):
        for name, value in (("x", x), ("y", y)):
            if value.ndim != 1:
                raise errors.InvalidArgumentError(None, None, f"{name} should be a 1D vector.")
        keep = ~np.isin(x, y)
        return x[keep], xp.flatnonzero(keep).astype(out_idx.as_numpy_dtype)

    def grad(op_, *grads):
        raise LookupError(f"No gradient defined for operation '{op_.name}' (op type: {op_.type}). In general "
                          "every operation must have an associated `@tf.RegisterGradient` for correct autodiff.")

    samples = [((np.array([1, 2, 3, 4, 2], np.int32), np.array([2, 4, 7], np.int32)), {}),
               ((np.array([1.5, -1.0, 3.0], np.float32), np.array([], np.float32)), dict(out_idx=dtypes.int64)),
               ((np.array([b"a", b"b", b"c"]), np.array([b"b"])), {})]


@tf_export("setdiff1d")
def setdiff1d(x, y, index_dtype=dtypes.int32, name=None):
    """`tf.setdiff1d`: (out, idx) with `out = x[idx]` the entries of `x` not found in `y`."""
    with get_default_graph().name_scope(name or "ListDiff") as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_input("ListDiff", "y", y, x.dtype.base_dtype)
        if y.dtype.base_dtype is not x.dtype.base_dtype:
            raise TypeError(f"Input 'y' of 'ListDiff' Op has type {y.dtype.base_dtype.name} that does not match type "
                            f"{x.dtype.base_dtype.name} of argument 'x'.")
        return _ListDiffOutput(*ListDiff(x, y, out_idx=dtypes.as_dtype(index_dtype), name=scope))
