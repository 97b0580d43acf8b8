"""Reversing ops: ReverseV2 and ReverseSequence, and their public wrappers (`tf.reverse`,
`tf.reverse_sequence`)."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from .array import _INDEX_TYPES, _with_rank
from .array_transform import _X234, _ints
from .common import check_dtype, shape_str
from .constant import convert_to_tensor


@op("ReverseV2", inputs=("tensor", "axis"), type_attrs=dict(T="tensor", Tidx="axis"))
class ReverseV2:
    """`tensor` with the listed dimensions reversed."""

    def infer(tensor, axis):
        check_dtype("ReverseV2", "axis", axis, _INDEX_TYPES)
        _with_rank("ReverseV2", axis, 1)
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
        axes, seen = [int(q) for q in np.reshape(axis, -1)], set()
        for i, q in enumerate(axes):
            if not -tensor.ndim <= q < tensor.ndim:
                raise errors.InvalidArgumentError(None, None, f"'axis'[{i}] = {q} is out of valid range "
                                                              f"[0, {tensor.ndim - 1}")
            if q % tensor.ndim in seen:
                raise errors.InvalidArgumentError(None, None, f"axis {q % tensor.ndim} specified more than once.")
            seen.add(q % tensor.ndim)
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
        _with_rank("ReverseSequence", seq_lengths, 1)
        dims = input.shape.as_tuple()
        if dims is None:
            return input.dtype.base_dtype, input.shape
        problems = [f"{n} must be < input rank: {v} vs. {len(dims)}" for n, v in (("batch_dim", batch_dim),
                                                                                  ("seq_dim", seq_dim))
                    if v >= len(dims)] + [f"batch_dim must be >=0, got {batch_dim}" for _ in (0,) if batch_dim < 0]
        if problems:
            raise ValueError(f"{problems[0]} for 'ReverseSequence'")
        n = seq_lengths.shape.as_tuple()
        n = None if n is None else n[0]
        if n is not None and dims[batch_dim] is not None and n != dims[batch_dim]:
            raise ValueError(f"Dimensions must be equal, but are {dims[batch_dim]} and {n} for 'ReverseSequence'")
        out = list(dims)
        out[batch_dim] = n if out[batch_dim] is None else out[batch_dim]
        return input.dtype.base_dtype, out

    def kernel(xp, input, seq_lengths, seq_dim, batch_dim):
        problems = [f"Invalid seq_dim {seq_dim}"] * (seq_dim < 0) or \
            [f"batch_dim == seq_dim == {seq_dim}"] * (batch_dim == seq_dim) or \
            [f"{n} must be < input rank ( {v} vs. {input.ndim})" for n, v in (("seq_dim", seq_dim),
                                                                             ("batch_dim", batch_dim))
             if v >= input.ndim] or \
            [f"Length of seq_lengths != input.dims({batch_dim}), ({seq_lengths.size} vs. {input.shape[batch_dim]})"
             ] * (seq_lengths.size != input.shape[batch_dim]) or \
            [f"seq_lens({i}) < 0" if s < 0 else f"seq_lens({i}) > input.dims({seq_dim})"
             for i, s in enumerate(seq_lengths.tolist()) if not 0 <= s <= input.shape[seq_dim]]
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        n = input.shape[seq_dim]
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
        seq_lengths = convert_to_tensor(seq_lengths, name="seq_lengths")
        return ReverseSequence(input, seq_lengths, seq_dim=int(seq_axis), batch_dim=int(batch_axis), name=scope)
