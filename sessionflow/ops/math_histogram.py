"""HistogramFixedWidth (`tf.histogram_fixed_width`) and `tf.histogram_fixed_width_bins`: counts of values
in equal-width bins over a range, and the bin of each value."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from . import shape_fns
from .common import check_dtype, shape_str
from .constant import convert_to_tensor

_VALUE_TYPES = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)
_COUNT_TYPES = (dtypes.int32, dtypes.int64)


@op("HistogramFixedWidth", inputs=("values", "value_range", "nbins"), attrs=dict(dtype=dtypes.int32),
    type_attrs=dict(T="values"))
class HistogramFixedWidth:
    """Counts of `values` in `nbins` equal bins over [value_range[0], value_range[1]]; values below the range
    count in the first bin, values above it in the last."""

    def infer(values, value_range, nbins, dtype):
        check_dtype("HistogramFixedWidth", "values", values, _VALUE_TYPES)
        if dtype not in _COUNT_TYPES:
            raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                            "values: int32, int64")
        vr = shape_fns.with_rank("HistogramFixedWidth", value_range.shape, 1)
        if vr.as_list()[0] not in (None, 2):
            raise ValueError(f"Dimension must be 2 but is {vr.as_list()[0]} for 'HistogramFixedWidth'")
        shape_fns.with_rank("HistogramFixedWidth", nbins.shape, 0)
        n = static_value(nbins)
        if n is not None and int(n) <= 0:
            shapes = ", ".join(shape_str(t.shape) for t in (values, value_range, nbins))
            raise ValueError(f"Requires nbins > 0: {int(n)} for 'HistogramFixedWidth' with input shapes: {shapes} "
                             f"and with computed input tensors: input[2] = <{int(n)}>.")
        return dtype, [None if n is None else int(n)]

    def kernel(xp, values, value_range, nbins, dtype):
        n = int(nbins)
        if value_range.shape != (2,):
            raise errors.InvalidArgumentError(None, None, f"value_range should be a vector of 2 elements, but got "
                                                          f"[{','.join(map(str, value_range.shape))}]")
        if nbins.ndim != 0:
            raise errors.InvalidArgumentError(None, None, "nbins should be a scalar")
        low, high = value_range
        if not low < high:
            raise errors.InvalidArgumentError(None, None, f"value_range should satisfy value_range[0] < "
                                                          f"value_range[1], but got '[{low:.6g}, {high:.6g}]'")
        if n <= 0:
            raise errors.InvalidArgumentError(None, None, f"nbins should be a positive number, but got '{n}'")
        step = (float(high) - float(low)) / n  # TF: double arithmetic after the shift in the values' type
        shifted = (xp.maximum(values, low) - low).astype(np.float64).reshape(-1)
        bins = xp.minimum(shifted / step, float(n - 1)).astype(np.int32)
        return xp.bincount(bins, minlength=n).astype(dtype.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([-1.0, 0.0, 1.5, 2.0, 5.0, 15.0], np.float32), np.array([0.0, 5.0], np.float32),
                 np.array(5, np.int32)), {}),
               ((np.array([[1, 7], [3, 3]], np.int64), np.array([0, 10], np.int64), np.array(3, np.int32)),
                dict(dtype=dtypes.int64))]


@tf_export("histogram_fixed_width")
def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None) -> Tensor:
    """`tf.histogram_fixed_width`: the counts of `values` in `nbins` equal-width bins over `value_range`."""
    with get_default_graph().name_scope(name or "histogram_fixed_width") as scope:
        values = convert_to_tensor(values, name="values")
        value_range = convert_to_tensor(value_range, dtype=values.dtype.base_dtype if not isinstance(
            value_range, Tensor) else None, name="value_range")
        nbins = convert_to_tensor(nbins, dtype=dtypes.int32 if not isinstance(nbins, Tensor) else None, name="nbins")
        return HistogramFixedWidth(values, value_range, nbins, dtype=dtypes.as_dtype(dtype), name=scope)


@tf_export("histogram_fixed_width_bins")
def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=dtypes.int32, name=None) -> Tensor:
    """`tf.histogram_fixed_width_bins`: the bin index of each value (same shape as `values`), TF's graph:
    floor(nbins * (values - low) / (high - low)) clipped to [0, nbins - 1]."""
    from .array import reshape, shape
    from .control_flow import with_dependencies
    from .logging_ops import Assert_
    from .math import cast, floor, greater, realdiv
    from .math_extra import clip_by_value

    with get_default_graph().name_scope(name or "histogram_fixed_width_bins"):
        values = convert_to_tensor(values, name="values")
        values_shape = shape(values)
        values = reshape(values, [-1])
        value_range = convert_to_tensor(value_range, name="value_range")
        nbins = convert_to_tensor(nbins, dtype=dtypes.int32, name="nbins")
        check = Assert_(greater(nbins, 0), [f"nbins {nbins} must > 0"])
        nbins = with_dependencies([check], nbins)
        nbins_float = cast(nbins, values.dtype.base_dtype)
        scaled_values = realdiv(values - value_range[0], value_range[1] - value_range[0], name="scaled_values")
        indices = floor(nbins_float * scaled_values, name="indices")
        indices = cast(clip_by_value(indices, 0, nbins_float - 1), dtypes.int32)
        return reshape(indices, values_shape)
