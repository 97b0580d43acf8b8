"""Array ops that rearrange or resize a tensor: Transpose, Squeeze, Unpack, Split/SplitV, Tile, Pad/PadV2/
MirrorPad, Slice, InvertPermutation, and their public wrappers (`tf.transpose`, `tf.squeeze`,
`tf.unstack`, `tf.split`, `tf.tile`, `tf.pad`, `tf.slice`, ...).

Broadcasting (BroadcastTo, BroadcastArgs, `tf.broadcast_to`, ...) lives in `array_broadcast`; reversing
(ReverseV2, ReverseSequence) in `array_reverse`.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import TensorShape
from .array import (_INDEX_TYPES, _context, _num_elements, _shape_from_value, _shape_of, _with_rank, partial_shape_dims,
                    builtins_range, concat, reshape, shape, stack)
from .common import check_dtype, deferred_check, shape_str, traced_jax
from .constant import constant, convert_to_tensor

_F64 = np.float64
_X234 = np.arange(24, dtype=_F64).reshape(2, 3, 4) / 7.0


def outputs_of(result) -> list:
    """The output Tensors of a (possibly multi-output) op call's result, always as a list."""
    if isinstance(result, Operation):
        return list(result.outputs)
    if isinstance(result, Tensor):
        return list(result.op.outputs)
    return list(result)


def _ints(t: Tensor):
    """The static value of an int tensor as a flat list of Python ints, or None."""
    v = static_value(t)
    return None if v is None else [int(x) for x in np.asarray(v).reshape(-1)]


def _outputs_value(values: tuple):
    """A kernel's result for an op with a variable number of outputs (a lone output is returned bare)."""
    return values[0] if len(values) == 1 else values


def _rank_error(op_type, want, t, *others):
    shapes = ", ".join(shape_str(s.shape) for s in others)
    return ValueError(f"Shape must be rank {want} but is rank {t.shape.ndims} for '{op_type}' with input shapes: "
                      f"{shapes}.")


def _canonical_axis(axis: int, rank: int, message: str) -> int:
    if not -rank <= axis < rank:
        raise ValueError(message)
    return axis % rank


# --- transpose -------------------------------------------------------------------------------

@op("InvertPermutation", inputs=("x",))
class InvertPermutation:
    """The inverse of a permutation vector: `y[x[i]] = i`."""

    def infer(x):
        check_dtype("InvertPermutation", "x", x, _INDEX_TYPES)
        if x.shape.ndims not in (None, 1):
            raise _rank_error("InvertPermutation", 1, x, x)
        return x.dtype.base_dtype, x.shape if x.shape.ndims else [None]

    def kernel(xp, x):
        n = x.shape[0]
        if traced_jax(xp):  # a permutation: every value in range, each once
            hits = xp.zeros((n,), xp.int32).at[x].add(1, mode="drop")
            deferred_check(xp, (x < 0) | (x >= n) | (hits != 1))
            return xp.zeros_like(x).at[x].set(xp.arange(n, dtype=x.dtype), mode="drop")
        if n and (sorted(x.tolist()) != list(builtins_range(n))):
            raise errors.InvalidArgumentError(None, None, f"{x.tolist()} is not a permutation of 0..{n - 1}")
        out = xp.empty_like(x)
        out[x] = xp.arange(n, dtype=x.dtype)
        return out

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([2, 0, 1], np.int32),), {}), ((np.array([], np.int64),), {})]


@op("Transpose", inputs=("x", "perm"), type_attrs=dict(T="x", Tperm="perm"))
class Transpose:
    """Permutes the dimensions of `x`: output dim i is input dim `perm[i]`."""

    def infer(x, perm):
        """TF's `TransposeShapeFn`: the rank from the input or the length of `perm`; repeated entries of
        `perm` pass (the kernel rejects them)."""
        check_dtype("Transpose", "perm", perm, _INDEX_TYPES)
        p, dims, n = _ints(perm), x.shape.as_tuple(), _num_elements(perm.shape.as_tuple())
        if dims is None and n is None and p is None:
            return x.dtype.base_dtype, TensorShape(None)
        rank = len(dims) if dims is not None else n if n is not None else len(p)
        if dims is None and rank < 2:  # one entry: a scalar or a vector, which Transpose leaves as it is
            return x.dtype.base_dtype, x.shape
        _with_rank("Transpose", x, rank)
        _with_rank("Transpose", perm, 1)
        if n is not None and n != rank:
            raise ValueError(f"Dimension must be {rank} but is {n} for 'Transpose'")
        if p is None:
            return x.dtype.base_dtype, [None] * rank
        for q in p:
            if not -rank <= q < rank:
                raise ValueError(f"perm dim {q} is out of range of input rank {rank}"
                                 + _context("Transpose", (x, perm), computed=[(1, static_value(perm))]))
        return x.dtype.base_dtype, [None if dims is None else dims[q] for q in p]

    def kernel(xp, x, perm):
        n = x.ndim
        p = [int(q) + n if q < 0 else int(q) for q in np.reshape(perm, -1)]
        problems = [f"perm must be rank 1, got shape {_shape_of(perm)}"] * (perm.ndim != 1) + \
                   [f"transpose expects a vector of size {n}. But input(1) is a vector of size {len(p)}"] * (
                       len(p) != n) + [f"{q} is out of range [0 .. {n})" for q in p if not 0 <= q < n] + \
                   [f"{i} is missing from {{{','.join(map(str, p))}}}." for i in builtins_range(n) if i not in p]
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        out = xp.transpose(x, p)
        # TF's Transpose writes the permuted elements in row-major order; NumPy's view would leave reductions
        # of the result summing in the input's order (another rounding: reduce_std of a transposed image was
        # 1 ulp off) and hand fetches non-contiguous arrays.
        return out.copy() if isinstance(out, np.ndarray) and not out.flags.c_contiguous else out

    def grad(op_, g):
        return transpose(g, invert_permutation(op_.inputs[1])), None

    samples = [((_X234, np.array([2, 0, 1], np.int32)), {}), ((np.array(1.5), np.array([], np.int32)), {}),
               ((np.zeros((0, 2), np.float32), np.array([1, 0], np.int64)), {})]


@tf_export("invert_permutation", "math.invert_permutation")
def invert_permutation(x, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "InvertPermutation") as scope:
        return InvertPermutation(convert_to_tensor(x, name="x", preferred_dtype=dtypes.int32), name=scope)


@tf_export("transpose")
def transpose(a, perm=None, name="transpose", conjugate=False) -> Tensor:
    """`tf.transpose`: `perm` defaults to reversing the dimensions."""
    with get_default_graph().name_scope(name) as scope:
        a = convert_to_tensor(a, name="a")
        if perm is None:
            rank = a.shape.ndims
            if rank is not None:
                perm = constant(np.arange(rank - 1, -1, -1, dtype=np.int32), name="perm")
            else:
                from .array import range as range_
                from .array import rank as rank_

                r = rank_(a)
                perm = (r - 1) - range_(0, r, 1)
        else:
            perm = convert_to_tensor(perm, name="perm", preferred_dtype=dtypes.int32)
        if conjugate and a.dtype.is_complex:
            from .complex_ops import ConjugateTranspose

            return ConjugateTranspose(a, perm, name=scope)
        return Transpose(a, perm, name=scope)


# --- squeeze and unstack ---------------------------------------------------------------------

@op("Squeeze", inputs=("input",), attrs=dict(squeeze_dims=()))
class Squeeze:
    """Removes size-1 dimensions: all of them, or those listed in `squeeze_dims`."""

    def infer(input, squeeze_dims):
        dims = input.shape.as_tuple()
        if dims is None:
            return input.dtype.base_dtype, TensorShape(None)
        rank = len(dims)
        axes = set()
        for i, a in enumerate(squeeze_dims):
            if not -rank <= a < rank:
                raise ValueError(f"squeeze_dims[{i}] not in [{-rank},{rank}). for 'Squeeze'")
            a %= rank
            if dims[a] is not None and dims[a] != 1:
                raise ValueError(f"Can not squeeze dim[{a}], expected a dimension of 1, got {dims[a]} for 'Squeeze'")
            axes.add(a)
        if not squeeze_dims:
            if None in dims:
                return input.dtype.base_dtype, TensorShape(None)
            return input.dtype.base_dtype, [d for d in dims if d != 1]
        return input.dtype.base_dtype, [d for i, d in enumerate(dims) if i not in axes]

    def kernel(xp, input, squeeze_dims):
        if not squeeze_dims:
            return xp.reshape(input, tuple(d for d in input.shape if d != 1))
        axes = tuple(a % input.ndim for a in squeeze_dims)
        for a in axes:
            if input.shape[a] != 1:
                raise errors.InvalidArgumentError(None, None, f"Can not squeeze dim[{a}], expected a dimension of "
                                                              f"1, got {input.shape[a]}")
        return xp.reshape(input, tuple(d for i, d in enumerate(input.shape) if i not in axes))

    def grad(op_, g):
        return reshape(g, shape(op_.inputs[0]))

    samples = [((np.ones((1, 3, 1)),), {}), ((np.ones((1, 3, 1)),), dict(squeeze_dims=[-1])),
               ((np.ones((2, 1), np.int32),), dict(squeeze_dims=[1]))]


@tf_export("squeeze")
def squeeze(input, axis=None, name=None, squeeze_dims=None) -> Tensor:
    if axis is not None and squeeze_dims is not None:
        raise ValueError("Cannot specify both 'squeeze_dims' and 'axis'")
    axis = squeeze_dims if axis is None else axis
    if isinstance(axis, (int, np.integer)):
        axis = [axis]
    with get_default_graph().name_scope(name or "Squeeze") as scope:
        return Squeeze(convert_to_tensor(input, name="input"), squeeze_dims=[int(a) for a in axis or []], name=scope)


@op("Unpack", inputs=("value",), attrs=dict(num=None, axis=0))
class Unpack:
    """Splits `value` along `axis` into `num` tensors of rank - 1 (the inverse of Pack)."""

    def infer(value, num, axis):
        dims = value.shape.as_tuple()
        if dims is None:
            return [(value.dtype.base_dtype, TensorShape(None))] * num
        rank = len(dims)
        if not -rank <= axis < rank:
            raise ValueError(f"Invalid axis: {axis}; must be in [{-rank},{rank}) for 'Unpack'")
        axis %= rank
        if dims[axis] is not None and dims[axis] != num:
            raise ValueError(f"Dimension must be {num} but is {dims[axis]} for 'Unpack'")
        return [(value.dtype.base_dtype, dims[:axis] + dims[axis + 1:])] * num

    def kernel(xp, value, num, axis):
        axis %= value.ndim
        if value.shape[axis] != num:
            raise errors.InvalidArgumentError(None, None, f"Input shape axis {axis} must equal {num}, got shape "
                                                          f"{_shape_of(value)}")
        moved = xp.moveaxis(value, axis, 0)
        return _outputs_value(tuple(moved[i] for i in builtins_range(num)))

    def grad(op_, *grads):
        return stack(list(grads), axis=op_.attrs["axis"])

    samples = [((_X234,), dict(num=3, axis=1)), ((np.array([1, 2], np.int32),), dict(num=2, axis=-1)),
               ((np.ones((2, 0)),), dict(num=2, axis=0))]


@tf_export("unstack", "unpack")
def unstack(value, num=None, axis=0, name="unstack") -> list:
    """`tf.unstack`: a list of `num` tensors; `num` is inferred from the static shape when omitted (then, as in
    TF, `value` is converted and checked before the name scope opens)."""
    if num is None:
        value = convert_to_tensor(value)
        dims = value.shape.as_tuple()
        if dims is not None:
            if not -len(dims) <= axis < len(dims):
                raise ValueError(f"Argument `axis` = {axis} not in range [{-len(dims)}, {len(dims)})")
            num = dims[axis]
        if num is None:
            raise ValueError(f"Cannot infer argument `num` from shape {value.shape}")
    with get_default_graph().name_scope(name) as scope:
        value = convert_to_tensor(value, name="value")
        return outputs_of(Unpack(value, num=num, axis=axis, name=scope))


# --- split -----------------------------------------------------------------------------------

@op("Split", inputs=("split_dim", "value"), attrs=dict(num_split=None), type_attrs=dict(T="value"))
class Split:
    """`num_split` equal pieces of `value` along `split_dim`."""

    def infer(split_dim, value, num_split):
        _check_num_split("Split", num_split, split_dim)
        dims, dtype = value.shape.as_tuple(), value.dtype.base_dtype
        a = _scalar_dim("Split", 0, (split_dim, value), -1 if dims is None else len(dims))
        if a is None or dims is None:
            return [(dtype, TensorShape(None if dims is None else [None] * len(dims)))] * num_split
        size = dims[a]
        if size is not None and size % num_split:
            raise ValueError(f"Dimension size must be evenly divisible by {num_split} but is {size}\n\tNumber of "
                             "ways to split should evenly divide the split dimension"
                             + _context("Split", (split_dim, value), computed=[(0, static_value(split_dim))]))
        piece = None if size is None else size // num_split
        return [(dtype, dims[:a] + (piece,) + dims[a + 1:])] * num_split

    def kernel(xp, split_dim, value, num_split):
        if split_dim.ndim:
            raise errors.InvalidArgumentError(None, None, f"split_dim must be a scalar but has rank {split_dim.ndim}")
        axis = _runtime_split_dim(split_dim, value)
        if value.shape[axis] % num_split:
            raise errors.InvalidArgumentError(None, None, f"Number of ways to split should evenly divide the split "
                                                          f"dimension, but got split_dim {axis} (size = "
                                                          f"{value.shape[axis]}) and num_split {num_split}")
        return _outputs_value(tuple(xp.split(value, num_split, axis=axis)))

    def grad(op_, *grads):
        return None, concat(list(grads), op_.inputs[0])

    samples = [((np.array(2, np.int32), _X234), dict(num_split=2)),
               ((np.array(-3, np.int32), _X234), dict(num_split=1)),
               ((np.array(0, np.int32), np.arange(6, dtype=np.int64)), dict(num_split=3))]


def _runtime_split_dim(split_dim, value) -> int:
    """The split axis, as TF's Split and SplitV kernels check it."""
    axis, rank = int(np.reshape(split_dim, -1)[0]), value.ndim
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(None, None, f"-input rank(-{rank}) <= split_dim < input rank ({rank}), but "
                                                      f"got {axis}")
    return axis % rank


def _check_num_split(op_type, num_split, split_dim):
    if split_dim.dtype.base_dtype is not dtypes.int32:
        raise TypeError(f"Input 'split_dim' of '{op_type}' Op has type {split_dim.dtype.base_dtype.name} that does "
                        "not match expected type of int32.")
    if num_split < 1:
        raise ValueError(f"Attr 'num_split' of '{op_type}' Op passed {num_split} less than minimum 1.")


def _scalar_dim(op_type, index, inputs, rank, computed=None):
    """TF's `MakeDimForScalarInputWithNegativeIndexing`: the static scalar `inputs[index]` as a dimension of a
    tensor of rank `rank` (-1: unknown), or None when it is not known."""
    value = static_value(inputs[index])
    if value is None:
        return None
    value = np.asarray(value)
    if value.ndim:
        message = f"Input must be scalar but has rank {value.ndim}"
    else:
        d = int(value)
        if rank < 0:  # an unknown rank: a negative dimension stays unknown
            return None if d < 0 else d
        if -rank <= d < rank:
            return d % rank
        message = f"Dimension size, given by scalar input {d} must be in range [-{rank}, {rank})"
    raise ValueError(message + _context(op_type, inputs, computed=computed or [(index, value)]))


def _split_sizes(sizes, total):
    """TF's checks of the sizes of a SplitV (one may be -1: the rest of `total`, None if unknown): the error
    message, or the sizes."""
    if len([s for s in sizes if s == -1]) > 1:
        return "size_splits can only have one -1"
    rest = None if total is None else total - sum(s for s in sizes if s != -1)
    out = [rest if s == -1 else s for s in sizes]
    for i, (s, given) in enumerate(zip(out, sizes)):
        if s is not None and s < 0:
            return f"Split size at index {i} must be >= 0. Got: {s}"
    if total is not None and (rest < 0 if -1 in sizes else rest != 0):
        return f"can't split axis of size {total} into pieces of size [{','.join(map(str, sizes))}]"
    return out


@op("SplitV", inputs=("value", "size_splits", "split_dim"), attrs=dict(num_split=None),
    type_attrs=dict(T="value", Tlen="size_splits"))
class SplitV:
    """Pieces of `value` along `split_dim` of the given sizes (one may be -1: the rest)."""

    def infer(value, size_splits, split_dim, num_split):
        _check_num_split("SplitV", num_split, split_dim)
        check_dtype("SplitV", "size_splits", size_splits, _INDEX_TYPES | {dtypes.int8})
        dims, dtype = value.shape.as_tuple(), value.dtype.base_dtype
        if dims is not None and not dims:
            raise ValueError("Can't split scalars for 'SplitV'")
        inputs = (value, size_splits, split_dim)
        computed = [(i, static_value(t)) for i, t in ((1, size_splits), (2, split_dim)) if static_value(t) is not None]
        a = _scalar_dim("SplitV", 2, inputs, -1 if dims is None else len(dims), computed)
        sizes = _ints(size_splits)
        if dims is None:
            return [(dtype, TensorShape(None))] * num_split
        if sizes is None or a is None:
            return [(dtype, [None] * len(dims) if a is None else dims[:a] + (None,) + dims[a + 1:])] * num_split
        out = "Length of size_splits should be equal to num_outputs" if len(sizes) != num_split else \
            _split_sizes(sizes, dims[a])
        if isinstance(out, str):
            raise ValueError(out + _context("SplitV", inputs, computed=computed))
        return [(dtype, dims[:a] + (s,) + dims[a + 1:]) for s in out]

    def kernel(xp, value, size_splits, split_dim, num_split):
        if split_dim.size != 1:
            raise errors.InvalidArgumentError(None, None, "split_dim_tensor must have exactly one element.")
        axis = _runtime_split_dim(split_dim, value)
        sizes, total = [int(s) for s in np.reshape(size_splits, -1)], value.shape[axis]
        known = sum(s for s in sizes if s != -1)
        problems = [f"size of the split_tensor must be 1-D and have the same elements as outputs got "
                    f"{size_splits.ndim} -D and {size_splits.size} elements"] * (
            size_splits.ndim != 1 or size_splits.size != num_split) + \
            ["There can only be one -1 in the input."] * (sizes.count(-1) > 1) + \
            ["Determined shape must either match input shape along split_dim exactly if fully specified, or be less "
             f"than the size of the input along split_dim if not fully specified.  Got: {known}"] * (
                (known > total) if -1 in sizes else (known != total))
        sizes = [total - known if s == -1 else s for s in sizes]
        problems += [f"Split size at index {i} must be >= 0. Got: {s}" for i, s in enumerate(sizes) if s < 0]
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        return _outputs_value(tuple(xp.split(value, np.cumsum(sizes)[:-1].tolist(), axis=axis)))

    def grad(op_, *grads):
        return concat(list(grads), op_.inputs[2]), None, None

    samples = [((_X234, np.array([1, -1], np.int32), np.array(2, np.int32)), dict(num_split=2)),
               ((np.arange(5, dtype=np.float32), np.array([0, 2, 3], np.int64), np.array(0, np.int32)),
                dict(num_split=3))]


@tf_export("split")
def split(value, num_or_size_splits, axis=0, num=None, name="split") -> list:
    """`tf.split`: an int gives equal pieces (Split), a list of sizes gives SplitV."""
    if isinstance(num_or_size_splits, (int, np.integer)):
        with get_default_graph().name_scope(name) as scope:
            axis = convert_to_tensor(axis, name="split_dim", preferred_dtype=dtypes.int32)
            value = convert_to_tensor(value, name="value")
            return outputs_of(Split(axis, value, num_split=int(num_or_size_splits), name=scope))
    size_splits = convert_to_tensor(num_or_size_splits, preferred_dtype=dtypes.int32)
    if size_splits.shape.ndims == 0:
        raise ValueError("Rank-0 tensors are not supported as the num_or_size_splits argument to split. Argument "
                         f"provided: {num_or_size_splits}")
    if num is None:
        n = size_splits.shape.as_tuple()
        num = n[0] if n else None
        if num is None:
            raise ValueError(f"Cannot infer argument `num` from shape {num_or_size_splits}")
    with get_default_graph().name_scope(name) as scope:
        value = convert_to_tensor(value, name="value")
        axis = convert_to_tensor(axis, name="split_dim", preferred_dtype=dtypes.int32)
        return outputs_of(SplitV(value, size_splits, axis, num_split=int(num), name=scope))


# --- tile and pad ----------------------------------------------------------------------------

@op("Tile", inputs=("input", "multiples"), type_attrs=dict(T="input", Tmultiples="multiples"))
class Tile:
    """`input` repeated `multiples[i]` times along each dimension i."""

    def infer(input, multiples):
        check_dtype("Tile", "multiples", multiples, _INDEX_TYPES)
        dims, m_dims = input.shape.as_tuple(), multiples.shape.as_tuple()
        _with_rank("Tile", multiples, 1)
        if dims is not None and m_dims is not None and m_dims[0] not in (None, len(dims)):
            raise ValueError(f"Shape must be rank {len(dims)} but is rank {m_dims[0]} for 'Tile'")
        m = _shape_from_value(multiples, op_type="Tile").as_tuple()  # TF reads the multiples as a shape
        if m is None:
            return input.dtype.base_dtype, TensorShape(None if dims is None else [None] * len(dims))
        dims = [None] * len(m) if dims is None else dims
        return input.dtype.base_dtype, [0 if 0 in (d, k) else d if k == 1 else k if d == 1 else
                                        None if None in (d, k) else d * k for d, k in zip(dims, m)]

    def kernel(xp, input, multiples):
        problems = [f"Expected multiples to be 1-D, but got shape {_shape_of(multiples)}"] * (multiples.ndim != 1) + \
                   [f"Expected multiples argument to be a vector of length {input.ndim} but got length "
                    f"{multiples.size}"] * (multiples.size != input.ndim) + \
                   [f"Expected multiples[{i}] >= 0, but got {int(k)}" for i, k in enumerate(np.reshape(multiples, -1))
                    if k < 0]
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        return xp.tile(input, tuple(int(k) for k in multiples))

    def grad(op_, g):
        from .math import cast
        from .reduction import reduce_sum

        x, multiples = op_.inputs
        sx = shape(x, out_type=multiples.dtype.base_dtype)
        split_shape = reshape(transpose(stack([multiples, sx])), [-1])
        from .array import range as range_
        from .array import size

        axes = range_(0, size(split_shape), 2)
        summed = reduce_sum(reshape(g, split_shape), axes)
        return reshape(summed, sx) if x.dtype.base_dtype is g.dtype.base_dtype else cast(summed, x.dtype), None

    samples = [((np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([2, 3], np.int32)), {}),
               ((np.array([1, 2], np.int32), np.array([0], np.int64)), {}),
               ((np.array(2.5), np.array([], np.int32)), {})]


tf_export("manip.reshape")(reshape)  # tf.reshape under TF 1.x's manip name


@tf_export("tile", "manip.tile")
def tile(input, multiples, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Tile") as scope:
        input = convert_to_tensor(input, name="input")
        return Tile(input, convert_to_tensor(multiples, name="multiples", preferred_dtype=dtypes.int32), name=scope)


def _padded_shape(op_type, input, paddings, *others):
    """TF's `PadShapeFn`: paddings is [n, 2] and the input has rank n; negative paddings fail once their
    value is known."""
    check_dtype(op_type, "paddings", paddings, _INDEX_TYPES)
    _with_rank(op_type, paddings, 2)
    dims, pshape, p = input.shape.as_tuple(), paddings.shape.as_tuple(), static_value(paddings)
    if pshape is not None and pshape[1] not in (None, 2):
        raise ValueError(f"Dimension must be 2 but is {pshape[1]} for '{op_type}'")
    n = None if pshape is None else pshape[0]
    if dims is not None and n not in (None, len(dims)):
        raise ValueError(f"Shape must be rank {n} but is rank {len(dims)} for '{op_type}'")
    n = len(dims) if dims is not None else n
    if p is None:
        return TensorShape(None if n is None else [None] * n), None
    p = np.asarray(p).reshape(-1, 2)
    if np.any(p < 0):
        raise ValueError("Paddings must be non-negative" + _context(op_type, (input, paddings) + others,
                                                                     computed=[(1, static_value(paddings))]))
    dims = [None] * len(p) if dims is None else dims
    return TensorShape([None if d is None else d + int(a) + int(b) for d, (a, b) in zip(dims, p)]), p


def _check_paddings(xp, input, paddings, mode=None, constant_values=None):
    """TF's run-time checks of Pad, PadV2 (`constant_values`) and MirrorPad (`mode`)."""
    pairs = [(int(a), int(b)) for a, b in np.reshape(paddings, (-1, 2))] if paddings.ndim == 2 else []
    problems = [f"paddings must be a matrix with 2 columns: {_shape_of(paddings)}"] * (
        paddings.ndim != 2 or paddings.shape[1] != 2) + \
        [f"The first dimension of paddings must be the rank of inputs{_shape_of(paddings)}{',' if mode else ''} "
         f"{_shape_of(input)}"] * (len(pairs) != input.ndim) + \
        [f"constant_values must be a scalar. Found: {_shape_of(constant_values)}"] * (
            constant_values is not None and constant_values.ndim != 0)
    for (a, b), d in zip(pairs, input.shape):
        problems += [f"{'p' if mode else 'P'}addings must be non-negative: {a} {b}"] * (a < 0 or b < 0) or \
            ([f"paddings must be less than the dimension size: {a}, {b} not less than {d}"] * (max(a, b) >= d)
             if mode == "REFLECT" else
             [f"paddings must be no greater than the dimension size: {a}, {b} greater than {d}"] * (max(a, b) > d)
             if mode == "SYMMETRIC" else [])
    if problems:
        raise errors.InvalidArgumentError(None, None, problems[0])
    return pairs


def _pad_grad(op_, g):
    """The slice of `g` that the unpadded input occupies."""
    x, paddings = op_.inputs[0], op_.inputs[1]
    from .array import rank

    before = reshape(slice(paddings, [0, 0], stack([rank(x), 1])), [-1])
    return slice(g, before, shape(x, out_type=paddings.dtype.base_dtype))


@op("Pad", inputs=("input", "paddings"), type_attrs=dict(T="input", Tpaddings="paddings"))
class Pad:
    """`input` with zeros added before and after each dimension (`paddings` is [rank, 2])."""

    def infer(input, paddings):
        return input.dtype.base_dtype, _padded_shape("Pad", input, paddings)[0]

    def kernel(xp, input, paddings):
        pads = _check_paddings(xp, input, paddings)
        return xp.pad(input, pads) if pads else input

    def grad(op_, g):
        return _pad_grad(op_, g), None

    samples = [((np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1, 0], [0, 2]], np.int32)), {}),
               ((np.array(3, np.int32), np.zeros((0, 2), np.int64)), {})]


@op("PadV2", inputs=("input", "paddings", "constant_values"), type_attrs=dict(T="input", Tpaddings="paddings"))
class PadV2:
    """Pad with a scalar `constant_values` instead of zeros."""

    def infer(input, paddings, constant_values):
        if constant_values.dtype.base_dtype is not input.dtype.base_dtype:
            raise TypeError(f"Input 'constant_values' of 'PadV2' Op has type {constant_values.dtype.base_dtype.name} "
                            f"that does not match type {input.dtype.base_dtype.name} of argument 'input'.")
        return input.dtype.base_dtype, _padded_shape("PadV2", input, paddings, constant_values)[0]

    def kernel(xp, input, paddings, constant_values):
        pads = _check_paddings(xp, input, paddings, constant_values=constant_values)
        return xp.pad(input, pads, constant_values=constant_values) if pads else input

    def grad(op_, g):
        """TF returns None for `constant_values`; we give its true gradient (the sum over the padding)."""
        from .reduction import reduce_sum

        inner = _pad_grad(op_, g)
        return inner, None, reduce_sum(g) - reduce_sum(inner)

    samples = [((np.array([1.0, 2.0]), np.array([[2, 1]], np.int32), np.array(-1.0)), {})]


def _mirror_index(n: int, before: int, after: int, offset: int) -> np.ndarray:
    """For each position of a mirror-padded axis, the source index in the unpadded axis of size `n`."""
    pos = np.arange(-before, n + after)
    return np.where(pos < 0, -pos - 1 + offset, np.where(pos >= n, 2 * n - pos - 1 - offset, pos))


@op("MirrorPad", inputs=("input", "paddings"), attrs=dict(mode="REFLECT"),
    type_attrs=dict(T="input", Tpaddings="paddings"))
class MirrorPad:
    """Pad by mirroring: REFLECT excludes the edge, SYMMETRIC repeats it."""

    def infer(input, paddings, mode):
        return input.dtype.base_dtype, _padded_shape("MirrorPad", input, paddings)[0]  # sizes are checked at run time

    def kernel(xp, input, paddings, mode):
        pads = _check_paddings(xp, input, paddings, mode=mode)
        offset = 1 if mode == "REFLECT" else 0
        return xp.pad(input, pads, mode="reflect" if offset else "symmetric")

    def grad(op_, g):
        return MirrorPadGrad(g, op_.inputs[1], mode=op_.attrs["mode"]), None

    samples = [((np.arange(6, dtype=_F64).reshape(2, 3), np.array([[1, 1], [2, 1]], np.int32)), {}),
               ((np.arange(6, dtype=_F64).reshape(2, 3), np.array([[2, 0], [3, 3]], np.int32)),
                dict(mode="SYMMETRIC"))]


@op("MirrorPadGrad", inputs=("input", "paddings"), attrs=dict(mode="REFLECT"),
    type_attrs=dict(T="input", Tpaddings="paddings"))
class MirrorPadGrad:
    """The gradient of MirrorPad: each padded position's value is added back onto its mirror source."""

    def infer(input, paddings, mode):
        dims = input.shape.as_tuple()
        p = static_value(paddings)
        if dims is None or p is None:
            return input.dtype.base_dtype, TensorShape(None if dims is None else [None] * len(dims))
        p = np.asarray(p).reshape(-1, 2)
        return input.dtype.base_dtype, [None if d is None else d - int(a) - int(b) for d, (a, b) in zip(dims, p)]

    def kernel(xp, input, paddings, mode):
        out = input
        offset = 1 if mode == "REFLECT" else 0
        for axis, (a, b) in enumerate(paddings.tolist()):
            n = out.shape[axis] - a - b
            source = _mirror_index(n, a, b, offset)
            fold = xp.asarray(source[:, None] == np.arange(n)[None, :], dtype=input.dtype)
            out = xp.moveaxis(xp.tensordot(out, fold, axes=([axis], [0])), -1, axis)
        return out

    def grad(op_, g):
        return MirrorPad(g, op_.inputs[1], mode=op_.attrs["mode"]), None

    samples = [((np.arange(20, dtype=_F64).reshape(4, 5), np.array([[1, 1], [2, 0]], np.int32)), {})]


@tf_export("pad")
def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0) -> Tensor:
    """`tf.pad`: CONSTANT (Pad, or PadV2 for a nonzero `constant_values`), REFLECT or SYMMETRIC (MirrorPad)."""
    mode = mode.upper()
    if mode == "CONSTANT":
        if not isinstance(constant_values, Tensor) and np.all(np.asarray(constant_values) == 0):
            with get_default_graph().name_scope(name or "Pad") as scope:
                tensor = convert_to_tensor(tensor, name="input")
                paddings = convert_to_tensor(paddings, name="paddings", preferred_dtype=dtypes.int32)
                return Pad(tensor, paddings, name=scope)
        with get_default_graph().name_scope(name or "PadV2") as scope:
            tensor = convert_to_tensor(tensor, name="input")
            paddings = convert_to_tensor(paddings, name="paddings", preferred_dtype=dtypes.int32)
            values = convert_to_tensor(constant_values, dtype=tensor.dtype.base_dtype, name="constant_values")
            return PadV2(tensor, paddings, values, name=scope)
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError(f'Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". '
                         f'Received `mode` = {mode}')
    with get_default_graph().name_scope(name or "MirrorPad") as scope:
        tensor = convert_to_tensor(tensor, name="input")
        paddings = convert_to_tensor(paddings, name="paddings", preferred_dtype=dtypes.int32)
        return MirrorPad(tensor, paddings, mode=mode, name=scope)


# --- slice -----------------------------------------------------------------------------------

@op("Slice", inputs=("input", "begin", "size"), type_attrs=dict(T="input", Index="begin"))
class Slice:
    """The block of `input` starting at `begin` with extent `size` (-1: to the end)."""

    def infer(input, begin, size):
        for n, t in (("begin", begin), ("size", size)):
            check_dtype("Slice", n, t, _INDEX_TYPES)
        if begin.dtype.base_dtype is not size.dtype.base_dtype:
            raise TypeError(f"Input 'size' of 'Slice' Op has type {size.dtype.base_dtype.name} that does not match "
                            f"type {begin.dtype.base_dtype.name} of argument 'begin'.")
        dims, b, s = input.shape.as_tuple(), _ints(begin), _ints(size)
        if s is None:  # sizes read as TF reads a partly known shape (`tf.stack([n, 2, -1])`: -1 unknown too)
            s = partial_shape_dims(size)
        lengths = []
        for t in (begin, size):  # TF's order: begin and size are vectors of one length n, the input has rank n
            if t.shape.ndims not in (None, 1):
                raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims} for 'Slice'")
            lengths.append(None if t.shape.ndims is None else t.shape.as_tuple()[0])
        n_begin, n_size = lengths
        if n_begin is not None and n_size is not None and n_begin != n_size:
            raise ValueError(f"Dimension 0 in both shapes must be equal, but are {n_begin} and {n_size}. Shapes are "
                             f"[{n_begin}] and [{n_size}]. for 'Slice'")
        n = n_size if n_begin is None else n_begin
        if dims is not None and n is not None and n != len(dims):
            raise ValueError(f"Shape must be rank {n} but is rank {len(dims)} for 'Slice'")
        if dims is None:
            return input.dtype.base_dtype, TensorShape(None if n is None else [None] * n)
        out = []
        for i, d in enumerate(dims):
            bi = None if b is None else b[i]
            si = None if s is None else s[i]
            if si is not None and si != -1:  # out-of-range sizes fail when the op runs, as in TF
                out.append(si)
            elif si == -1 and d is not None and bi is not None:
                out.append(d - bi)
            else:
                out.append(None)
        return input.dtype.base_dtype, out

    def kernel(xp, input, begin, size):
        if len(begin) != input.ndim or len(size) != input.ndim:
            raise errors.InvalidArgumentError(None, None, f"Expected begin and size arguments to be 1-D tensors of "
                                                          f"size {input.ndim}, but got shapes {list(begin.shape)} "
                                                          f"and {list(size.shape)} instead.")
        index = []
        for i, (b, s, d) in enumerate(zip(begin.tolist(), size.tolist(), input.shape)):
            s = d - b if s == -1 else s
            if not (0 <= b <= d and s >= 0 and b + s <= d):
                raise errors.InvalidArgumentError(None, None, f"Expected size[{i}] in [0, {d - b}], but got {s}"
                                                  if 0 <= b <= d else f"Expected begin[{i}] in [0, {d}], but got {b}")
            index.append(builtins_slice(b, b + s))
        return input[tuple(index)]

    def grad(op_, g):
        x, begin, _ = op_.inputs
        from .array import rank

        sx = shape(x, out_type=begin.dtype.base_dtype)
        sg = shape(op_.outputs[0], out_type=begin.dtype.base_dtype)
        pair = stack([rank(x), 1])
        paddings = concat([reshape(begin, pair), reshape(sx - sg - begin, pair)], 1)
        return pad(g, paddings), None, None

    samples = [((_X234, np.array([0, 1, 1], np.int32), np.array([-1, 2, 2], np.int32)), {}),
               ((np.arange(5, dtype=np.int64), np.array([5], np.int64), np.array([0], np.int64)), {})]


builtins_slice = __builtins__["slice"] if isinstance(__builtins__, dict) else __builtins__.slice


@tf_export("slice")
def slice(input_, begin, size, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Slice") as scope:
        input_ = convert_to_tensor(input_, name="input")
        begin, size = (convert_to_tensor(v, name=n, preferred_dtype=dtypes.int32)
                       for v, n in ((begin, "begin"), (size, "size")))
        return Slice(input_, begin, size, name=scope)
