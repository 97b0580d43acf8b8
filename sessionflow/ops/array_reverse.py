"""Reversing ops: ReverseV2 and ReverseSequence, and their public wrappers (`tf.reverse`,
`tf.reverse_sequence`)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from .array import _INDEX_TYPES
from .array_transform import _X234, _ints
from .common import check_dtype, shape_str
from .constant import convert_to_tensor


@op("ReverseV2", inputs=("tensor", "axis"), type_attrs=dict(T="tensor", Tidx="axis"))
class ReverseV2:
    """`tensor` with the listed dimensions reversed."""

    def infer(tensor, axis):
        check_dtype("ReverseV2", "axis", axis, _INDEX_TYPES)
        dims, a = tensor.shape.as_tuple(), _ints(axis)
        if dims is not None and a is not None:
            def error(message):
                return ValueError(f"{message} for 'ReverseV2' with input shapes: {shape_str(tensor.shape)}, "
                                  f"{shape_str(axis.shape)} and with computed input tensors: input[1] = "
                                  f"<{' '.join(str(q) for q in a)}>.")

            seen = set()
            for i, q in enumerate(a):
                if not -len(dims) <= q < len(dims):
                    raise error(f"'axis'[{i}] = {q} is out of valid range [0, {len(dims) - 1}")
                if q % len(dims) in seen:
                    raise error(f"axis {q % len(dims)} specified more than once.")
                seen.add(q % len(dims))
        return tensor.dtype.base_dtype, tensor.shape

    def kernel(xp, tensor, axis):
        axes = [int(q) for q in axis]
        if any(not -tensor.ndim <= q < tensor.ndim for q in axes):
            raise errors.InvalidArgumentError(None, None, f"'axis'[0] = {axes} is out of valid range "
                                                          f"[0, {tensor.ndim - 1}")
        if len({q % tensor.ndim for q in axes}) != len(axes):
            raise errors.InvalidArgumentError(None, None, f"axis {axes} specified more than once.")
        return xp.flip(tensor, axis=tuple(axes)) if axes else tensor

    def grad(op_, g):
        return reverse(g, op_.inputs[1]), None

    samples = [((_X234, np.array([1, -1], np.int32)), {}),
               ((np.array([1, 2, 3], np.int32), np.array([], np.int64)), {})]


@tf_export("reverse", "reverse_v2", "manip.reverse")
def reverse(tensor, axis, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "ReverseV2") as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        return ReverseV2(tensor, convert_to_tensor(axis, name="axis", preferred_dtype=dtypes.int32), name=scope)


@op("ReverseSequence", inputs=("input", "seq_lengths"), attrs=dict(seq_dim=None, batch_dim=0),
    type_attrs=dict(T="input", Tlen="seq_lengths"))
class ReverseSequence:
    """Reverses the first `seq_lengths[b]` entries along `seq_dim` of each batch entry b (along `batch_dim`)."""

    def infer(input, seq_lengths, seq_dim, batch_dim):
        check_dtype("ReverseSequence", "seq_lengths", seq_lengths, _INDEX_TYPES)
        dims = input.shape.as_tuple()
        if dims is not None:
            for n, v in (("seq_dim", seq_dim), ("batch_dim", batch_dim)):
                if not 0 <= v < len(dims):
                    raise ValueError(f"Invalid {n} {v} for input of rank {len(dims)}")
            n = seq_lengths.shape.as_tuple()
            if n is not None and n[0] is not None and dims[batch_dim] is not None and n[0] != dims[batch_dim]:
                raise ValueError(f"Dimensions must be equal, but are {dims[batch_dim]} and {n[0]} for "
                                 f"'ReverseSequence'")
        return input.dtype.base_dtype, input.shape

    def kernel(xp, input, seq_lengths, seq_dim, batch_dim):
        n = input.shape[seq_dim]
        if len(seq_lengths) != input.shape[batch_dim]:
            raise errors.InvalidArgumentError(None, None, f"Length of seq_lengths != input.dims({batch_dim}), "
                                                          f"({len(seq_lengths)} vs. {input.shape[batch_dim]})")
        if xp.any(seq_lengths > n) or xp.any(seq_lengths < 0):
            raise errors.InvalidArgumentError(None, None, f"seq_lens(i) > input.dims(seq_dim) or < 0: "
                                                          f"{seq_lengths.tolist()}")
        j = xp.arange(n)[None, :]
        lengths = seq_lengths.astype(xp.int64)[:, None]
        source = xp.where(j < lengths, lengths - 1 - j, j)  # [batch, n]
        shape_ = [1] * input.ndim
        shape_[batch_dim], shape_[seq_dim] = source.shape[0], n
        if batch_dim > seq_dim:
            source = source.T
            shape_[seq_dim], shape_[batch_dim] = n, source.shape[1]
        source = xp.reshape(source, tuple(shape_))
        return xp.take_along_axis(input, xp.broadcast_to(source, input.shape), axis=seq_dim)

    def grad(op_, g):
        return reverse_sequence(g, op_.inputs[1], seq_axis=op_.attrs["seq_dim"],
                                batch_axis=op_.attrs["batch_dim"]), None

    samples = [((_X234, np.array([2, 3], np.int32)), dict(seq_dim=1, batch_dim=0)),
               ((_X234, np.array([0, 1, 4], np.int64)), dict(seq_dim=2, batch_dim=1)),
               ((_X234, np.array([1, 2, 0, 1], np.int32)), dict(seq_dim=0, batch_dim=2))]


@tf_export("reverse_sequence")
def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None,
                     batch_dim=None) -> Tensor:
    seq_axis = seq_dim if seq_axis is None else seq_axis
    batch_axis = (batch_dim if batch_dim is not None else 0) if batch_axis is None else batch_axis
    with get_default_graph().name_scope(name or "ReverseSequence") as scope:
        input = convert_to_tensor(input, name="input")
        seq_lengths = convert_to_tensor(seq_lengths, name="seq_lengths", preferred_dtype=dtypes.int64)
        return ReverseSequence(input, seq_lengths, seq_dim=int(seq_axis), batch_dim=int(batch_axis), name=scope)
