"""Sparse segment reductions: SparseSegment{Sum,Mean,SqrtN}[WithNumSegments] (`tf.sparse.segment_sum`, ...),
which reduce the rows `data[indices[k]]` into row `segment_ids[k]`, and their gradient ops
SparseSegment{Sum,Mean,SqrtN}Grad[V2] (V2: the rows of an IndexedSlices, for `sparse_gradient=True`).

Segment ids must be sorted; without `num_segments` there are `segment_ids[-1] + 1` rows. Empty segments
hold 0; a Mean row is divided by its number of entries, a SqrtN row by the square root of it.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from . import array
from .common import FLOATS, REAL, check_dtype, deferred_check, scatter_at, shape_str, traced_jax
from .constant import convert_to_tensor
from .indexed_slices import IndexedSlices
from .segment import static_size

_INDEX_TYPES = frozenset([dtypes.int32, dtypes.int64])
_SCALE = {"Sum": lambda xp, n: xp.ones(n.shape), "Mean": lambda xp, n: xp.maximum(n, 1.0),
          "SqrtN": lambda xp, n: xp.sqrt(xp.maximum(n, 1.0))}


def _rank_error(type_name, want, t, inputs, at_least=False):
    raise ValueError(f"Shape must be {'at least ' if at_least else ''}rank {want} but is rank {t.shape.ndims} for "
                     f"'{type_name}' with input shapes: {', '.join(shape_str(i.shape) for i in inputs)}.")


def _check_vectors(type_name, indices, segment_ids, inputs) -> None:
    """TF's shape checks of `indices` and `segment_ids`: vectors of one length."""
    for t in (indices, segment_ids):
        if t.shape.ndims not in (None, 1):
            _rank_error(type_name, 1, t, inputs)
    if not indices.shape.is_compatible_with(segment_ids.shape):
        a, b = indices.shape.as_list()[0], segment_ids.shape.as_list()[0]
        raise ValueError(f"Dimension 0 in both shapes must be equal, but are {a} and {b}. Shapes are [{a}] and "
                         f"[{b}]. for '{type_name}' with input shapes: "
                         f"{', '.join(shape_str(i.shape) for i in inputs)}.")


def _first_error(xp, data_rows, indices, ids, rows):
    """The message of the first error TF's kernel meets walking the segments in order, or None."""
    n = ids.shape[0]
    starts = np.flatnonzero(np.concatenate([[True], np.asarray(ids[1:] != ids[:-1])])) if n else np.zeros(0, int)
    ends = np.append(starts[1:], n)
    for start, end in zip(starts.tolist(), ends.tolist()):
        out_index = int(ids[start])
        if end < n and out_index > int(ids[end]):
            return "segment ids are not increasing"
        if not 0 <= out_index < rows:
            return (f"Segment id {out_index} out of range [0, {rows}), possibly because 'segment_ids' input is "
                    "not sorted.")
        chunk = indices[start:end]
        bad = (chunk < 0) | (chunk >= data_rows)
        if xp.any(bad):
            k = start + int(xp.argmax(bad))
            return f"Bad: indices[{k}] == {int(indices[k])} out of range [0, {data_rows})"
    return None


def _counts(xp, segment_ids, rows):
    """How many entries each of the `rows` segments has (float64)."""
    return scatter_at(xp, "add", xp.zeros((rows,), dtype=xp.float64), segment_ids,
                    xp.ones(segment_ids.shape, dtype=xp.float64))


def _reduce(xp, kind, data, indices, segment_ids, num_segments=None):
    if indices.ndim != 1 or segment_ids.ndim != 1 or indices.shape != segment_ids.shape:
        raise errors.InvalidArgumentError(None, None, "indices should be a vector." if indices.ndim != 1 else
                                          "segment_ids should be a vector." if segment_ids.ndim != 1 else
                                          "segment_ids and indices should have same size.")
    n = segment_ids.shape[0]
    if traced_jax(xp):  # rows known from num_segments (or constant ids); the checks deferred
        rows = static_size(segment_ids[-1] + 1 if n else 0, "segment_ids") if num_segments is None else \
            static_size(num_segments, "num_segments")
        bad = xp.any((indices < 0) | (indices >= data.shape[0]) | (segment_ids < 0) | (segment_ids >= rows))
        deferred_check(xp, bad | xp.any(segment_ids[1:] < segment_ids[:-1]) | (rows < 0))
        rows = max(rows, 0)
    else:
        last = int(segment_ids[-1]) + 1 if n else 0
        rows = last if num_segments is None else int(num_segments)
        message = ("segment ids must be < num_segments" if num_segments is not None and last > rows else
                   "segment ids must be >= 0" if rows < 0 else
                   _first_error(xp, data.shape[0], indices, segment_ids, rows))
        if message:
            raise errors.InvalidArgumentError(None, None, message)
    out = xp.zeros((rows,) + data.shape[1:], dtype=data.dtype)
    out = scatter_at(xp, "add", out, segment_ids, data[indices])
    if kind != "Sum":
        scale = _SCALE[kind](xp, _counts(xp, segment_ids, rows)).astype(data.dtype)
        out = out / scale.reshape((rows,) + (1,) * (data.ndim - 1))
    return out.astype(data.dtype)


def _forward_infer(type_name, allowed, with_num_segments):
    def infer(data, indices, segment_ids, *num_segments, sparse_gradient):
        inputs = (data, indices, segment_ids) + num_segments
        check_dtype(type_name, "data", data, allowed)
        for name, t in zip(("indices", "segment_ids", "num_segments"), inputs[1:]):
            check_dtype(type_name, name, t, _INDEX_TYPES)
        if data.shape.ndims == 0:
            _rank_error(type_name, 1, data, inputs, at_least=True)
        _check_vectors(type_name, indices, segment_ids, inputs)
        rows = None
        if with_num_segments:
            if num_segments[0].shape.ndims not in (None, 0):
                _rank_error(type_name, 0, num_segments[0], inputs)
            value = static_value(num_segments[0])
            rows = None if value is None else int(value)
        dims = data.shape.as_tuple()
        return data.dtype.base_dtype, TensorShape(None if dims is None else (rows,) + dims[1:])
    return infer


def _declare_forward(kind: str, grad_opdefs, with_num_segments: bool):
    type_name = f"SparseSegment{kind}" + ("WithNumSegments" if with_num_segments else "")
    allowed = REAL if kind == "Sum" else FLOATS
    dense_grad, sparse_grad = grad_opdefs

    class SparseSegment:
        infer = _forward_infer(type_name, allowed, with_num_segments)

        def kernel(xp, data, indices, segment_ids, *num_segments, sparse_gradient):
            return _reduce(xp, kind, data, indices, segment_ids, *num_segments)

        def grad(op_, g):
            """TF's: a dense SparseSegment*Grad, or with `sparse_gradient` the rows of an IndexedSlices."""
            data, indices, segment_ids = op_.inputs[:3]
            rest = (None,) * (len(op_.inputs) - 1)
            data_shape = array.shape(data)
            if op_.attrs["sparse_gradient"]:
                values, unique_indices = sparse_grad(g, indices, segment_ids, data_shape[0])
                return (IndexedSlices(values, unique_indices, data_shape),) + rest
            return (dense_grad(g, indices, segment_ids, data_shape[0]),) + rest

    data = np.array([[1.5, -2.0], [0.5, 4.0], [3.0, 1.0], [-1.0, 2.5]])
    extra = (np.array(5, np.int32),) if with_num_segments else ()
    SparseSegment.samples = [
        ((data, np.array([0, 2, 2, 3, 1], np.int32), np.array([0, 0, 1, 3, 3], np.int32)) + extra, {}),
        ((data, np.array([3, 0], np.int64), np.array([1, 1], np.int64)) + extra, dict(sparse_gradient=True)),
        ((np.zeros([0, 2], np.float32), np.zeros([0], np.int32), np.zeros([0], np.int32)) + extra, {})]
    if kind == "Sum":
        SparseSegment.samples.append(((np.array([4, -3, 5], np.int32), np.array([2, 2, 0], np.int32),
                                       np.array([0, 1, 1], np.int32)) + extra, {}))
    SparseSegment.__doc__ = f"{kind} of the rows `data[indices]` grouped by the sorted `segment_ids`."
    inputs = ("data", "indices", "segment_ids") + (("num_segments",) if with_num_segments else ())
    type_attrs = dict(T="data", Tidx="indices", Tsegmentids="segment_ids")
    if with_num_segments:
        type_attrs["Tnumsegments"] = "num_segments"
    return op(type_name, inputs=inputs, attrs=dict(sparse_gradient=False), type_attrs=type_attrs)(SparseSegment)


def _scaled_rows(xp, kind, grad, indices, segment_ids, output_dim0):
    """Each entry's share of its segment's gradient: `grad[segment_ids[k]]` over the segment's scale."""
    m = grad.shape[0]
    if deferred_check(xp, (segment_ids < 0) | (segment_ids >= m) | (indices < 0) | (indices >= output_dim0)):
        message = None
    else:
        message = next((f"segment_ids[{k}] = {int(s)} is out of range [0, {m})"
                        for k, s in enumerate(segment_ids.tolist()) if not 0 <= s < m), None) or \
            next((f"Index {int(i)} out of range [0, {int(output_dim0)})." for i in indices.tolist()
                  if not 0 <= i < output_dim0), None)
    if message:
        raise errors.InvalidArgumentError(None, None, message)
    scale = _SCALE[kind](xp, _counts(xp, segment_ids, m))
    weights = (1.0 / scale).astype(grad.dtype).reshape((m,) + (1,) * (grad.ndim - 1))
    return (grad * weights)[segment_ids]


def _declare_grad(kind: str, sparse: bool):
    type_name = f"SparseSegment{kind}Grad" + ("V2" if sparse else "")
    last_input = "dense_output_dim0" if sparse else "output_dim0"

    class SparseSegmentGrad:
        def infer(grad, indices, segment_ids, dim0):
            inputs = (grad, indices, segment_ids, dim0)
            check_dtype(type_name, "grad", grad, FLOATS)
            if grad.shape.ndims == 0:
                _rank_error(type_name, 1, grad, inputs, at_least=True)
            _check_vectors(type_name, indices, segment_ids, inputs)
            dims = grad.shape.as_tuple()
            if sparse:
                values = TensorShape(None if dims is None else (None,) + dims[1:])
                return [(grad.dtype.base_dtype, values), (indices.dtype.base_dtype, TensorShape([None]))]
            rows = static_value(dim0)
            rows = None if rows is None else int(rows)
            return grad.dtype.base_dtype, TensorShape(None if dims is None else (rows,) + dims[1:])

        def kernel(xp, grad, indices, segment_ids, dim0):
            rows = _scaled_rows(xp, kind, grad, indices, segment_ids, dim0)
            if sparse and traced_jax(xp):
                raise NotImplementedError("its output size depends on the values of indices")
            if sparse:
                unique, position = xp.unique(indices, return_inverse=True)
                values = xp.zeros((unique.shape[0],) + grad.shape[1:], dtype=grad.dtype)
                values = scatter_at(xp, "add", values, position.reshape(-1), rows)
                return values, unique.astype(indices.dtype)
            out = xp.zeros((static_size(dim0, "output_dim0"),) + grad.shape[1:], dtype=grad.dtype)
            out = scatter_at(xp, "add", out, indices, rows)
            return out

    SparseSegmentGrad.grad = NOT_DIFFERENTIABLE
    SparseSegmentGrad.samples = [
        ((np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([2, 0, 2], np.int32), np.array([0, 0, 1], np.int32),
          np.array(4, np.int32)), {}),
        ((np.zeros([2, 3], np.float32), np.zeros([0], np.int64), np.zeros([0], np.int32), np.array(1, np.int32)), {})]
    SparseSegmentGrad.__doc__ = (f"The gradient of SparseSegment{kind} w.r.t. `data`" +
                                 (": the rows of the distinct `indices`, and those indices (sorted)." if sparse else
                                  f", with `{last_input}` rows."))
    return op(type_name, inputs=("grad", "indices", "segment_ids", last_input),
              type_attrs=dict(T="grad", Tidx="indices", Tsegmentids="segment_ids"))(SparseSegmentGrad)


_OPS = {}
for _kind in ("Sum", "Mean", "SqrtN"):
    _grads = (_declare_grad(_kind, sparse=False), _declare_grad(_kind, sparse=True))
    _OPS[_kind] = (_declare_forward(_kind, _grads, False), _declare_forward(_kind, _grads, True)) + _grads

SparseSegmentSum, SparseSegmentSumWithNumSegments, SparseSegmentSumGrad, SparseSegmentSumGradV2 = _OPS["Sum"]
SparseSegmentMean, SparseSegmentMeanWithNumSegments, SparseSegmentMeanGrad, SparseSegmentMeanGradV2 = _OPS["Mean"]
SparseSegmentSqrtN, SparseSegmentSqrtNWithNumSegments, SparseSegmentSqrtNGrad, SparseSegmentSqrtNGradV2 = _OPS["SqrtN"]


def _wrapper(kind: str, public_names):
    plain, with_num_segments = _OPS[kind][:2]

    def fn(data, indices, segment_ids, name=None, num_segments=None, sparse_gradient=False):
        opdef = plain if num_segments is None else with_num_segments
        with get_default_graph().name_scope(name or opdef.type) as scope:
            args = [convert_to_tensor(data, name="data"),
                    convert_to_tensor(indices, name="indices", preferred_dtype=dtypes.int32),
                    convert_to_tensor(segment_ids, name="segment_ids", preferred_dtype=dtypes.int32)]
            if num_segments is not None:
                args.append(convert_to_tensor(num_segments, name="num_segments", preferred_dtype=dtypes.int32))
            return opdef(*args, sparse_gradient=bool(sparse_gradient), name=scope)

    fn.__name__ = public_names[1]
    fn.__doc__ = f"{plain.doc} `num_segments` fixes the number of rows; `sparse_gradient` makes the gradient " \
                 "an IndexedSlices."
    return tf_export(*public_names)(fn)


sparse_segment_sum = _wrapper("Sum", ("sparse.segment_sum", "sparse_segment_sum"))
sparse_segment_mean = _wrapper("Mean", ("sparse.segment_mean", "sparse_segment_mean"))
sparse_segment_sqrt_n = _wrapper("SqrtN", ("sparse.segment_sqrt_n", "sparse_segment_sqrt_n"))

__all__ = ["sparse_segment_mean", "sparse_segment_sqrt_n", "sparse_segment_sum"]
