"""ApproxTopK (tf.math.approx_max_k / approx_min_k): on CPU TF computes the exact top k along
`reduction_dimension`, sorted, lower index first among ties; the gradient scatters back to the chosen
positions."""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from . import array
from .array import _context
from .array_broadcast import broadcast_to
from .array_index import scatter_nd
from .common import check_dtype
from .constant import convert_to_tensor

_ALLOWED = (dtypes.float16, dtypes.bfloat16, dtypes.float32)
ApproxTopKOutput = collections.namedtuple("ApproxTopK", ["values", "indices"])


@op("ApproxTopK", inputs=("input",),
    attrs=dict(k=None, reduction_dimension=-1, recall_target=0.95, is_max_k=True, reduction_input_size_override=-1,
               aggregate_to_topk=True))
class ApproxTopK:
    """The k largest (`is_max_k`) or smallest entries along `reduction_dimension` and their int32 indices."""

    def infer(input, k, reduction_dimension, recall_target, is_max_k, reduction_input_size_override,
              aggregate_to_topk):
        check_dtype("ApproxTopK", "input", input, _ALLOWED)
        dims = input.shape.as_tuple()
        if dims is None:
            return [(input.dtype.base_dtype, TensorShape(None)), (dtypes.int32, TensorShape(None))]
        axis = reduction_dimension % len(dims) if dims else 0
        size = dims[axis] if dims else None
        # TF's shape function also rejects an unknown size here (as "-1 < k"); sessionflow lets the kernel check.
        if size is not None and size < k:
            raise ValueError(f"input must have last dimension >= k = {k} but was {-1 if size is None else size}"
                             + _context("ApproxTopK", (input,)))
        out = TensorShape(dims[:axis] + (k,) + dims[axis + 1:])
        return [(input.dtype.base_dtype, out), (dtypes.int32, out)]

    def kernel(xp, input, k, reduction_dimension, recall_target, is_max_k, reduction_input_size_override,
               aggregate_to_topk):
        axis = reduction_dimension % input.ndim
        if input.shape[axis] < k:
            raise errors.InvalidArgumentError(None, None, f"input must have last dimension >= k = {k} but was "
                                                          f"{input.shape[axis]}")
        keys = -input.astype(np.float64) if is_max_k else input.astype(np.float64)
        order = xp.argsort(keys, axis=axis, kind="stable")
        indices = xp.take(order, xp.arange(k), axis=axis)
        return xp.take_along_axis(input, indices, axis=axis), indices.astype(np.int32)

    def grad(op_, grad, _):
        """TF's rule: `grad` scattered to the positions the indices name (static shapes)."""
        indices = op_.outputs[1]
        dims = indices.shape.as_list()
        rank = len(dims)
        axis = op_.attrs["reduction_dimension"] % rank
        lifted = dims + [1]
        parts = []
        for d in range(rank):
            if d == axis:
                parts.append(array.reshape(indices, lifted))
            else:
                iota_shape = [1] * (rank + 1)
                iota_shape[d] = dims[d]
                parts.append(broadcast_to(array.reshape(array.range(dims[d]), iota_shape), lifted))
        flat = int(np.prod(dims))
        flat_idx = array.reshape(array.concat(parts, axis=rank), [flat, rank])
        return scatter_nd(flat_idx, array.reshape(grad, [flat]), op_.inputs[0].shape.as_list())

    samples = [((np.array([[3.0, 1.0, 4.0, 1.5, 5.0], [9.0, 2.0, 6.0, 5.0, 3.0]], np.float32),), dict(k=2)),
               ((np.array([[3.0, 1.0, 4.0], [9.0, 2.0, 6.0]], np.float32),),
                dict(k=1, reduction_dimension=0, is_max_k=False))]


def _approx(is_max_k, names):
    def fn(operand, k, reduction_dimension=-1, recall_target=0.95, reduction_input_size_override=-1,
           aggregate_to_topk=True, name=None):
        with get_default_graph().name_scope(name or "ApproxTopK") as scope:
            operand = convert_to_tensor(operand, name="input")
            values, indices = ApproxTopK(operand, k=int(k), reduction_dimension=int(reduction_dimension),
                                         recall_target=float(recall_target), is_max_k=is_max_k,
                                         reduction_input_size_override=int(reduction_input_size_override),
                                         aggregate_to_topk=bool(aggregate_to_topk), name=scope)
            return ApproxTopKOutput(values, indices)

    fn.__name__ = fn.__qualname__ = names[0].rpartition(".")[2]
    fn.__doc__ = f"The k {'largest' if is_max_k else 'smallest'} entries of `operand` and their indices."
    return tf_export(*names)(fn)


approx_max_k = _approx(True, ("math.approx_max_k", "nn.approx_max_k"))
approx_min_k = _approx(False, ("math.approx_min_k", "nn.approx_min_k"))


@tf_export("approx_top_k")
def approx_top_k(input, k, reduction_dimension=-1, recall_target=0.95, is_max_k=True,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The ApproxTopK op itself: (values, indices) of the k largest (or smallest) entries."""
    with get_default_graph().name_scope(name or "ApproxTopK") as scope:
        values, indices = ApproxTopK(convert_to_tensor(input, name="input"), k=int(k),
                                     reduction_dimension=int(reduction_dimension), recall_target=float(recall_target),
                                     is_max_k=bool(is_max_k),
                                     reduction_input_size_override=int(reduction_input_size_override),
                                     aggregate_to_topk=bool(aggregate_to_topk), name=scope)
        return ApproxTopKOutput(values, indices)
