"""MaxPoolWithArgmax (tf.nn.max_pool_with_argmax): the 2-D max pool and the flat index of each maximum
(first in window order among ties; the batch is in the index only with `include_batch_in_index`), and
MaxPoolGradWithArgmax, its gradient, which adds each output gradient at its argmax."""

from __future__ import annotations

import collections

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from .constant import convert_to_tensor
from .nn_conv import _pad, _windows
from .nn_pool2d import _lowest, _pool_geometry, _pool_infer

_ATTRS = dict(ksize=None, strides=None, padding="VALID", include_batch_in_index=False)
MaxPoolWithArgmaxOutput = collections.namedtuple("MaxPoolWithArgmax", ["output", "argmax"])


def _flat_indices(xp, shape, include_batch):
    n, h, w, c = shape
    index = xp.arange(h * w * c, dtype=np.int64).reshape(1, h, w, c)
    if include_batch:
        return index + (xp.arange(n, dtype=np.int64) * (h * w * c)).reshape(n, 1, 1, 1)
    return xp.broadcast_to(index, shape)


@op("MaxPoolWithArgmax", inputs=("input",), attrs=dict(_ATTRS, Targmax=dtypes.int64))
class MaxPoolWithArgmax:
    """Max pooling (NHWC) and the flat input index of each output's maximum."""

    def infer(input, ksize, strides, padding, include_batch_in_index, Targmax):
        dtype, shape = _pool_infer("MaxPoolWithArgmax", input, ksize, strides, padding, "NHWC")
        return [(dtype, shape), (Targmax, shape)]

    def kernel(xp, input, ksize, strides, padding, include_batch_in_index, Targmax):
        k, s, oh, ow = _pool_geometry(input.shape, ksize, strides, padding, "NHWC")
        values = _windows(xp, _pad(xp, input, oh, ow, _lowest(xp, input.dtype)), k, s, (1, 1), (oh[0], ow[0]))
        index = _windows(xp, _pad(xp, _flat_indices(xp, input.shape, include_batch_in_index), oh, ow, -1), k, s,
                         (1, 1), (oh[0], ow[0]))
        best, where = values[..., 0, 0], index[..., 0, 0]
        for a in range(k[0]):
            for b in range(k[1]):
                if a or b:
                    better = values[..., a, b] > best  # strictly: the first maximum keeps its place
                    best = xp.where(better, values[..., a, b], best)
                    where = xp.where(better, index[..., a, b], where)
        return best.astype(input.dtype), where.astype(Targmax.as_numpy_dtype)

    def grad(op_, g, _):
        attrs = {k: op_.attrs[k] for k in _ATTRS}
        return MaxPoolGradWithArgmax(op_.inputs[0], g, op_.outputs[1], **attrs)

    samples = [((np.random.RandomState(3).permutation(50).reshape(1, 5, 5, 2).astype(np.float64),),
                dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")),
               ((np.random.RandomState(4).permutation(72).reshape(2, 3, 4, 3).astype(np.float32),),
                dict(ksize=[1, 3, 2, 1], strides=[1, 1, 1, 1], padding="VALID", include_batch_in_index=True))]


@op("MaxPoolGradWithArgmax", inputs=("input", "grad", "argmax"), attrs=_ATTRS,
    type_attrs=dict(T="input", Targmax="argmax"))
class MaxPoolGradWithArgmax:
    """Zeros shaped as `input` with each `grad` entry added at its flat index in `argmax`."""

    def infer(input, grad, argmax, ksize, strides, padding, include_batch_in_index):
        dtype, _ = _pool_infer("MaxPoolGradWithArgmax", input, ksize, strides, padding, "NHWC")
        return dtype, input.shape

    def kernel(xp, input, grad, argmax, ksize, strides, padding, include_batch_in_index):
        n = input.shape[0]
        size = int(np.prod(input.shape[1:]))
        flat = xp.zeros(n * size, dtype=grad.dtype)
        index = argmax.reshape(n, -1).astype(np.int64)
        if not include_batch_in_index:
            index = index + (xp.arange(n, dtype=np.int64) * size)[:, None]
        xp.add.at(flat, index.reshape(-1), grad.reshape(-1))
        return flat.reshape(input.shape)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.ones((1, 4, 4, 1)), np.array([[[[1.0], [2.0]], [[3.0], [4.0]]]]),
                 np.array([[[[5], [3]], [[8], [15]]]], np.int64)),
                dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID"))]


@tf_export("nn.max_pool_with_argmax")
def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC", Targmax=None, name=None,
                         output_dtype=None, include_batch_in_index=False):
    """(output, argmax) of 2-D max pooling over NHWC `input`."""
    if data_format != "NHWC":
        raise ValueError("`data_format` values other  than 'NHWC' are not supported. "
                         f"Received: data_format={data_format}")
    Targmax = output_dtype if output_dtype is not None else Targmax
    Targmax = dtypes.int64 if Targmax is None else dtypes.as_dtype(Targmax)
    with get_default_graph().name_scope(name or "MaxPoolWithArgmax") as scope:
        output, argmax = MaxPoolWithArgmax(convert_to_tensor(input, name="input"), ksize=list(ksize),
                                           strides=list(strides), padding=padding, Targmax=Targmax,
                                           include_batch_in_index=bool(include_batch_in_index), name=scope)
        return MaxPoolWithArgmaxOutput(output, argmax)
