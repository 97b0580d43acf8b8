"""Sorting and searching: LowerBound/UpperBound (`tf.searchsorted`) and `tf.sort`/`tf.argsort` (TopKV2 composites)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from .array import builtins_range, reshape, shape, stack
from .constant import convert_to_tensor


def _bound_kernel(side):
    def kernel(xp, sorted_inputs, values, out_type):
        if sorted_inputs.shape[0] != values.shape[0]:
            raise errors.InvalidArgumentError(None, None, "Leading dim_size of both tensors must match.")
        rows = [xp.searchsorted(sorted_inputs[r], values[r], side=side) for r in builtins_range(values.shape[0])]
        out = xp.stack(rows) if rows else xp.zeros(values.shape, dtype=np.int64)
        return xp.asarray(out, dtype=out_type.as_numpy_dtype).reshape(values.shape)
    return kernel


def _bound_infer(op_type):
    def infer(sorted_inputs, values, out_type):
        if sorted_inputs.dtype.base_dtype is not values.dtype.base_dtype:
            raise TypeError(f"Input 'values' of '{op_type}' Op has type {values.dtype.base_dtype.name} that does not "
                            f"match type {sorted_inputs.dtype.base_dtype.name} of argument 'sorted_inputs'.")
        for t in (sorted_inputs, values):
            if t.shape.ndims not in (None, 2):
                raise ValueError(f"Shape must be rank 2 but is rank {t.shape.ndims} for '{op_type}'")
        return out_type, values.shape
    return infer


@op("LowerBound", inputs=("sorted_inputs", "values"), attrs=dict(out_type=dtypes.int32))
class LowerBound:
    """Per row: the first index in `sorted_inputs` whose entry is >= each value."""

    infer = _bound_infer("LowerBound")
    kernel = _bound_kernel("left")
    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[1.0, 2.0, 2.0, 3.0]]), np.array([[2.0, 0.0, 4.0]])), {}),
               ((np.array([[1, 3], [2, 4]], np.int32), np.array([[3], [5]], np.int32)), dict(out_type=dtypes.int64))]


@op("UpperBound", inputs=("sorted_inputs", "values"), attrs=dict(out_type=dtypes.int32))
class UpperBound:
    """Per row: the first index in `sorted_inputs` whose entry is > each value."""

    infer = _bound_infer("UpperBound")
    kernel = _bound_kernel("right")
    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[1.0, 2.0, 2.0, 3.0]]), np.array([[2.0, 0.0, 4.0]])), {})]


@tf_export("searchsorted")
def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None) -> Tensor:
    """Indices at which `values` would be inserted into the innermost dimension of `sorted_sequence`."""
    if side not in ("left", "right"):
        raise ValueError(f"Argument `side` must be either 'right' or 'left'. Received: `side` = '{side}'.")
    sorted_sequence = convert_to_tensor(sorted_sequence)
    values = convert_to_tensor(values, dtype=sorted_sequence.dtype.base_dtype)
    seq_shape, values_shape = shape(sorted_sequence), shape(values)
    seq_2d = reshape(sorted_sequence, stack([-1, seq_shape[-1]]))
    values_2d = reshape(values, stack([-1, values_shape[-1]]))
    opdef = LowerBound if side == "left" else UpperBound
    out = opdef(seq_2d, values_2d, out_type=dtypes.as_dtype(out_type), name=name)
    return reshape(out, values_shape)


def _sort(values, axis, direction, name, default_name, want_indices):
    """TF's sort/argsort: TopKV2 over the last axis (after moving `axis` there), negated for ASCENDING."""
    from .array_transform import transpose
    from .reduction import top_k

    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f'Argument `direction` should be one of "ASCENDING", "DESCENDING". Received: {direction}')
    with get_default_graph().name_scope(name or default_name):
        axis = convert_to_tensor(axis, name="axis", preferred_dtype=dtypes.int32)
        values = convert_to_tensor(values, name="values")
        a = static_value(axis)
        rank = values.shape.ndims
        if a is None or rank is None:
            raise ValueError(f"Argument `axis` must be a constant and the input rank known, got {axis}")
        a = int(a)
        if not -rank <= a < rank:
            raise ValueError(f"Argument `axis` = {a} not in range [{-rank}, {rank})")
        a %= rank
        ascending = direction == "ASCENDING"
        is_int = values.dtype.base_dtype.is_integer
        if ascending:
            values = -values - 1 if is_int else -values
        perm = None
        if a != rank - 1:
            perm = list(builtins_range(rank))
            perm[a], perm[-1] = perm[-1], perm[a]
            values = transpose(values, perm)
        k = shape(values)[-1]
        top_values, top_indices = top_k(values, k)
        result = top_indices if want_indices else top_values
        if perm is not None:
            result = transpose(result, perm)
        if ascending and not want_indices:
            result = -result - 1 if is_int else -result
        return result


@tf_export("sort")
def sort(values, axis=-1, direction="ASCENDING", name=None) -> Tensor:
    return _sort(values, axis, direction, name, "sort", want_indices=False)


@tf_export("argsort")
def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None) -> Tensor:
    """Indices that sort `values` along `axis`; ties keep their order (TopKV2 is stable)."""
    return _sort(values, axis, direction, name, "argsort", want_indices=True)


__all__ = ["argsort", "searchsorted", "sort"]
