"""Strided slicing: the StridedSlice op, its gradient, and `Tensor.__getitem__` (TF's slicing rules); gathering:
Where, GatherV2 (`tf.gather`) and `tf.boolean_mask`; index ranges: Range and LinSpace (`tf.range`, `tf.linspace`).
The public functions of the last two groups are exported through array.py."""

from __future__ import annotations

import functools

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op, static_value
from ..framework.tensor_shape import Dimension, TensorShape
from .array import (_INDEX_TYPES, _context, _shape_from_value, _with_rank, builtins_range, concat, expand_dims,
                    partial_shape_dims, reshape, shape_of, size, stack)
from . import common
from .common import check_dtype, shape_str
from .constant import constant, convert_to_tensor


@op("StridedSlice", inputs=("input", "begin", "end", "strides"),
    attrs=dict(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0),
    type_attrs=dict(T="input", Index="begin"))
class StridedSlice:
    """NumPy-style basic slicing encoded as begin/end/strides vectors and bit masks."""

    def infer(input, begin, end, strides, **masks):
        for name, t in (("begin", begin), ("end", end), ("strides", strides)):
            check_dtype("StridedSlice", name, t, _INDEX_TYPES)
        values = [_partial_vector(t) for t in (begin, end, strides)]
        dims = input.shape.as_tuple()
        if dims is None or any(v is None for v in values) or len({len(v) for v in values}) > 1:
            return input.dtype.base_dtype, TensorShape(None)
        try:
            return input.dtype.base_dtype, _sliced_shape(dims, _slice_spec(*values, **masks))
        except (ValueError, errors.InvalidArgumentError) as error:
            raise ValueError(_with_computed_inputs(str(error) if isinstance(error, ValueError) else error.message,
                                                   (input, begin, end, strides), values)) from None

    def static_value(op_, index):
        """Folded when every input is known; also one known entry of a partly known `tf.shape(x)` (`s[1]`),
        as TF's shape inference reads it."""
        values = [static_value(t) for t in op_.inputs]
        if all(v is not None for v in values):
            try:
                return np.asarray(StridedSlice.kernel(np, *values, **op_.attrs))
            except Exception:  # fails at run time, with TF's error
                return None
        attrs = op_.attrs
        if (any(v is None for v in values[1:]) or attrs["shrink_axis_mask"] != 1 or attrs["ellipsis_mask"]
                or attrs["new_axis_mask"] or any(np.shape(v) != (1,) for v in values[1:])):
            return None
        dims = partial_shape_dims(op_.inputs[0])
        position = int(values[1][0])
        if dims is None or not -len(dims) <= position < len(dims) or dims[position] is None:
            return None
        return np.asarray(dims[position], dtype=op_.inputs[0].dtype.base_dtype.as_numpy_dtype)

    def kernel(xp, input, begin, end, strides, **masks):
        index = _slice_spec(begin.tolist(), end.tolist(), strides.tolist(), **masks)
        try:
            return xp.asarray(input[index])
        except IndexError:
            _sliced_shape(input.shape, index, runtime=True)
            raise

    def grad(op_, g):
        x, begin, end, strides = op_.inputs
        return (StridedSliceGrad(shape_of(x, out_type=begin.dtype.base_dtype), begin, end, strides, g, **op_.attrs),
                None, None, None)

    samples = [((np.arange(12.0).reshape(3, 4), np.array([1, 0], np.int32), np.array([3, 4], np.int32),
                 np.array([1, -2], np.int32)), dict(end_mask=2)),
               ((np.arange(24.0).reshape(2, 3, 4), np.array([0, 1, 0], np.int32), np.array([0, 2, 0], np.int32),
                 np.array([1, 1, 1], np.int32)), dict(ellipsis_mask=1, shrink_axis_mask=2, new_axis_mask=4)),
               ((np.arange(5, dtype=np.int64), np.array([-1], np.int64), np.array([0], np.int64),
                 np.array([1], np.int64)), dict(shrink_axis_mask=1))]


@op("StridedSliceGrad", inputs=("shape", "begin", "end", "strides", "dy"),
    attrs=dict(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0),
        type_attrs=dict(T="dy", Index="shape"))
class StridedSliceGrad:
    """Zeros of `shape` with `dy` written into the slice StridedSlice with the same arguments reads."""

    def infer(shape, begin, end, strides, dy, **masks):
        return dy.dtype.base_dtype, _shape_from_value(shape, "shape")

    def kernel(xp, shape, begin, end, strides, dy, **masks):
        index = _slice_spec(begin.tolist(), end.tolist(), strides.tolist(), **masks)
        out = xp.zeros(tuple(int(d) for d in shape), dtype=dy.dtype)
        if hasattr(out, "at"):
            return out.at[index].set(dy)
        out[index] = dy
        return out

    def grad(op_, g):
        _, begin, end, strides, _ = op_.inputs
        return None, None, None, None, StridedSlice(g, begin, end, strides, **op_.attrs)

    samples = [((np.array([3, 4], np.int32), np.array([1, 0], np.int32), np.array([3, 4], np.int32),
                 np.array([1, 2], np.int32), np.arange(4.0).reshape(2, 2)), {})]


def _partial_vector(t: Tensor):
    """The entries of a 1-D index tensor known while building the graph (None for unknown entries), or
    None when even its length is unknown. Packed scalars (`t[i]` builds `stack([i])`) are read one by one."""
    value = static_value(t)
    if value is not None:
        return [int(v) for v in np.asarray(value).reshape(-1)]
    if t.op.type == "Pack" and t.op.attrs.get("axis") == 0:
        parts = [static_value(p) for p in t.op.inputs]
        return [None if v is None or np.ndim(v) else int(v) for v in parts]
    n = t.shape.as_tuple()
    return None if n is None or len(n) != 1 or n[0] is None else [None] * n[0]


class _Unknown:
    """A slice component whose bounds are not known while building the graph."""

    def __repr__(self):
        return "<unknown>"


_UNKNOWN_INDEX = _Unknown()  # a shrink-axis index of unknown value: the dimension is dropped
_UNKNOWN_SLICE = _Unknown()  # a range of unknown extent: the dimension's size is unknown


def _with_computed_inputs(message, inputs, values):
    """`message` with TF's shape-inference context: the input shapes and the constant inputs TF had read when
    it failed (the strides first; begin and end once it checks indices)."""
    read = (3,) if "must be non-zero" in message or "Index out of range" in message else (1, 2, 3)
    computed = ", ".join(f"input[{i}] = <{' '.join('?' if v is None else str(v) for v in values[i - 1])}>"
                         for i in read)
    shapes = ", ".join(shape_str(t.shape) for t in inputs)
    return f"{message} for 'StridedSlice' with input shapes: {shapes} and with computed input tensors: {computed}."


def _slice_spec(begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask):
    spec = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            spec.append(Ellipsis)
        elif new_axis_mask & bit:
            spec.append(None)
        elif shrink_axis_mask & bit:
            spec.append(_UNKNOWN_INDEX if b is None else int(b))
        elif s is None or (b is None and not begin_mask & bit) or (e is None and not end_mask & bit):
            spec.append(_UNKNOWN_SLICE)
        else:
            if s == 0:
                raise errors.InvalidArgumentError(None, None, "strides[" + str(i) + "] must be non-zero")
            spec.append(slice(None if begin_mask & bit else b, None if end_mask & bit else e, s))
    return tuple(spec)


def _sliced_shape(dims, index, runtime=False):
    """The shape `x[index]` has for a tensor of shape `dims` (None for unknown sizes)."""
    n_real = sum(1 for s in index if s is not None and s is not Ellipsis)
    if n_real > len(dims):
        raise ValueError(f"Index out of range using input dim {len(dims)}; input has only {len(dims)} dims")
    out, d = [], 0
    for s in index:
        if s is Ellipsis:
            span = len(dims) - n_real
            out.extend(dims[d:d + span])
            d += span
        elif s is None:
            out.append(1)
        elif s is _UNKNOWN_INDEX:
            d += 1
        elif s is _UNKNOWN_SLICE:
            out.append(None)
            d += 1
        elif isinstance(s, int):
            size = dims[d]
            if size is not None and not -size <= s < size:
                cls = errors.InvalidArgumentError if runtime else None
                message = f"slice index {s + size if s < 0 else s} of dimension {d} out of bounds."
                if cls:
                    raise cls(None, None, message)
                raise ValueError(message)
            d += 1
        else:
            size = dims[d]
            out.append(None if size is None else len(builtins_range(*s.indices(size))))
            d += 1
    out.extend(dims[d:])
    return TensorShape(out)


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None) -> Tensor:
    if strides is None:
        # TF's default strides: ones_like(begin), built before (and outside) the op's name scope, so a
        # graph gets the `ones_like` ops and their name counter moves as in TF.
        from .array_fill import ones_like

        strides = ones_like(begin)
    with get_default_graph().name_scope(name or "StridedSlice") as scope:
        input_ = convert_to_tensor(input_, name="input")
        args = [convert_to_tensor(v, name=n, preferred_dtype=dtypes.int32)
                for v, n in ((begin, "begin"), (end, "end"), (strides, "strides"))]
        return StridedSlice(input_, *args, begin_mask=begin_mask, end_mask=end_mask,
                            ellipsis_mask=ellipsis_mask, new_axis_mask=new_axis_mask,
                            shrink_axis_mask=shrink_axis_mask, name=scope)


def _index_vector(values, name):
    if all(isinstance(v, (int, np.integer)) for v in values):
        return constant(np.array(values, dtype=np.int32 if all(-2**31 <= v < 2**31 for v in values)
                                 else np.int64), name=name)
    return stack(values, name=name)


_SLICE_TYPE_ERROR = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                     "tf.int32/tf.int64 tensors are valid indices")


def _index_part(part):
    """An index or slice bound as TF checks one: None, an integer, a Dimension (its value; an undefined one is
    None, as if left out), or any object with an integer dtype that is not a vector (a Tensor, a Variable)."""
    if part is None or (isinstance(part, (int, np.integer)) and not isinstance(part, (bool, np.bool_))):
        return part
    if isinstance(part, Dimension):
        return part.value
    dtype = getattr(part, "dtype", None)
    try:
        dtype = None if dtype is None else dtypes.as_dtype(dtype).base_dtype
    except TypeError:
        dtype = None
    shape = getattr(part, "shape", None)
    rank = getattr(shape, "ndims", None) if isinstance(shape, TensorShape) else None if shape is None else len(shape)
    if dtype not in _INDEX_TYPES or rank == 1:
        raise TypeError(f"{_SLICE_TYPE_ERROR}, got {part!r}")
    return part if isinstance(part, Tensor) else convert_to_tensor(part)


def slice_helper(tensor, spec, var=None):
    """`tensor[spec]` for ints, slices, `...`, `tf.newaxis` and scalar int tensors (TF's rules)."""
    if not isinstance(spec, tuple):
        spec = (spec,)
    begin, end, strides = [], [], []
    masks = dict(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0)
    for i, s in enumerate(spec):
        bit = 1 << i
        if isinstance(s, slice):
            # TF: when a bound is a tensor, the bounds left out are constants of its dtype (Const ops made
            # here, outside the slice's scope), so that the three vectors can be packed
            start, stop, step = (_index_part(part) for part in (s.start, s.stop, s.step))
            dtype = _bounds_dtype((s.start, s.stop, s.step))
            default = (lambda v: v) if dtype is None else (lambda v: constant(v, dtype=dtype))
            begin.append(default(0) if start is None else start)
            end.append(default(0) if stop is None else stop)
            strides.append(default(1) if step is None else step)
            masks["begin_mask"] |= bit if start is None else 0
            masks["end_mask"] |= bit if stop is None else 0
        elif s is Ellipsis:
            begin.append(0), end.append(0), strides.append(1)
            masks["ellipsis_mask"] |= bit
        elif s is None:
            begin.append(0), end.append(0), strides.append(1)
            masks["new_axis_mask"] |= bit
        elif isinstance(s, (int, np.integer)) and not isinstance(s, (bool, np.bool_)):
            begin.append(int(s)), end.append(int(s) + 1), strides.append(1)
            masks["shrink_axis_mask"] |= bit
        else:
            s = _index_part(s)
            if s is None:  # an undefined Dimension
                raise TypeError(f"{_SLICE_TYPE_ERROR}, got {spec[i]!r}")
            wide = isinstance(s, Tensor) and s.dtype.base_dtype in (dtypes.int16, dtypes.int64)
            begin.append(s), end.append(s + 1), strides.append(constant(1, dtype=s.dtype) if wide else 1)
            masks["shrink_axis_mask"] |= bit
    with get_default_graph().name_scope("strided_slice") as scope:
        vectors = [_index_vector(begin, "stack"), _index_vector(end, "stack_1"), _index_vector(strides, "stack_2")]
        if any(v.dtype.base_dtype == dtypes.int64 for v in vectors):  # TF widens the others to int64
            from .math import Cast

            vectors = [v if v.dtype.base_dtype == dtypes.int64 else
                       Cast(v, SrcT=v.dtype.base_dtype, DstT=dtypes.int64, name="Cast") for v in vectors]
        return StridedSlice(convert_to_tensor(tensor), *vectors, name=scope, **masks)


def _bounds_dtype(parts):
    """The dtype TF gives a slice's left-out bounds: that of its tensor bounds (int64 over int32 over
    int16), None when it has none."""
    found = {part.dtype.base_dtype for part in parts if isinstance(part, Tensor)}
    for dtype in (dtypes.int64, dtypes.int32, dtypes.int16):
        if dtype in found:
            return dtype
    return None



Tensor.__getitem__ = slice_helper


# --- index ranges --------------------------------------------------------------------------

_RANGE_ARGS = ("start", "limit", "delta")


def _range_problem(start, limit, delta):
    """TF's complaint about the scalars of a Range (its shape function's order), or None."""
    from .logging_ops import summarize_v1

    s, lim = (summarize_v1(np.asarray(v), 1) for v in (start, limit))
    if start > limit and delta > 0:
        return f"Requires start <= limit when delta > 0: {s}/{lim}"
    if start < limit and delta < 0:
        return f"Requires start >= limit when delta < 0: {s}/{lim}"
    return "Requires delta != 0" if delta == 0 else None


@op("Range", inputs=_RANGE_ARGS, attrs=dict(Tidx=dtypes.int32), type_attrs={})
class Range:
    """`start, start + delta, ...` up to (excluding) `limit`."""

    def infer(start, limit, delta, Tidx):
        check_dtype("Range", "start", start, (dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64,
                                              dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint16,
                                              dtypes.uint32, dtypes.uint64))
        for t, n in zip((start, limit, delta), _RANGE_ARGS):
            _with_rank("Range", t, 0, f"\n\t for '{n}'")
        values = [static_value(t) for t in (start, limit, delta)]
        if any(v is None for v in values):
            return Tidx, [None]
        s, lim, d = (np.asarray(v).reshape(()) for v in values)
        problem = _range_problem(s, lim, d)
        if problem:
            raise ValueError(problem + _context("Range", (start, limit, delta), computed=list(enumerate(values))))
        if Tidx.is_integer:
            return Tidx, [(abs(int(lim) - int(s)) + abs(int(d)) - 1) // abs(int(d))]
        return Tidx, [int(np.ceil(abs((lim - s) / d)))]

    def kernel(xp, start, limit, delta, Tidx):
        for v, n in zip((start, limit, delta), _RANGE_ARGS):  # TF's kernel takes 1-element vectors too
            if v.ndim and v.shape != (1,):
                raise errors.InvalidArgumentError(None, None, f"{n} must be a scalar, not shape "
                                                              f"{common.shape_str(TensorShape(v.shape))}")
        start, limit, delta = (v.reshape(()) for v in (start, limit, delta))
        problem = _range_problem(start, limit, delta)
        if problem:
            from .logging_ops import summarize_v1

            raise errors.InvalidArgumentError(None, None, problem if delta else
                                              f"{problem}: {summarize_v1(np.asarray(delta), 1)}")
        return xp.arange(start, limit, delta, dtype=Tidx.as_numpy_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(0, np.int32), np.array(5, np.int32), np.array(2, np.int32)), dict(Tidx=dtypes.int32)),
               ((np.array(1.0), np.array(0.0), np.array(-0.25)), dict(Tidx=dtypes.float64))]


_RANGE_DTYPES = [dtypes.int32, dtypes.int64, dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64]


def range(start, limit=None, delta=1, dtype=None, name="range") -> Tensor:  # TF's name
    """`tf.range`: the dtype is inferred from the arguments (the widest of them) unless given."""
    from .math import cast

    if limit is None:
        start, limit = 0, start
    with get_default_graph().name_scope(name) as scope:
        args = [v if isinstance(v, Tensor) else convert_to_tensor(v, dtype=dtype, name=n)
                for v, n in zip((start, limit, delta), _RANGE_ARGS)]
        if dtype is None:
            if not all(a.dtype in _RANGE_DTYPES for a in args):
                raise AssertionError()  # TF asserts this
            dtype = max((a.dtype for a in args), key=_RANGE_DTYPES.index)
        dtype = dtypes.as_dtype(dtype)
        args = [cast(a, dtype) for a in args]
        return Range(*args, Tidx=dtype.base_dtype, name=scope)


@op("LinSpace", inputs=("start", "stop", "num"), type_attrs=dict(T="start", Tidx="num"))
class LinSpace:
    """`num` evenly spaced values from `start` to `stop` inclusive."""

    def infer(start, stop, num):
        check_dtype("LinSpace", "start", start, common.FLOATS)
        for t, name in ((start, "start"), (stop, "stop"), (num, "num")):
            _with_rank("LinSpace", t, 0, f"\n\t for '{name}'")
        n = static_value(num)
        if n is not None and int(n) <= 0:
            raise ValueError(f"Requires num > 0: {int(n)}"
                             + _context("LinSpace", (start, stop, num), computed=[(2, n)]))
        return start.dtype.base_dtype, [None if n is None else int(n)]

    def kernel(xp, start, stop, num):
        if num <= 0:
            raise errors.InvalidArgumentError(None, None, f"Requires num > 0: {num}")
        return xp.linspace(start, stop, int(num)).astype(start.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array(0.0), np.array(1.0), np.array(5, np.int32)), {}),
               ((np.array(2.0, np.float32), np.array(-1.0, np.float32), np.array(1, np.int64)), {})]


def linspace(start, stop, num, name=None, axis=0) -> Tensor:
    """`tf.linspace` (and `tf.lin_space`): TF 2's linspace_nd, built from plain ops as TF builds it, so
    `start` and `stop` may be N-D (broadcast against each other; the `num` values run along `axis`) and
    the result has a gradient with respect to both. The LinSpace op above is what a graph file or
    tf.raw_ops holds; TF's Python function no longer builds it."""
    from .array_broadcast import broadcast_dynamic_shape, broadcast_to
    from .array_index import where_v2
    from .array_transform import slice as slice_
    from .array_fill import zeros_like
    from .math import Cast, cast, equal, maximum

    with get_default_graph().name_scope(name or "linspace"):
        start = convert_to_tensor(start, name="start")
        stop = convert_to_tensor(stop, name="stop", dtype=start.dtype)
        num_int = convert_to_tensor(num, name="num", preferred_dtype=dtypes.int32)
        if num_int.dtype.is_integer:  # TF's convert_to_int_tensor: an int32 Cast op, even of an int32 `num`
            num_int = Cast(num_int, SrcT=num_int.dtype.base_dtype, DstT=dtypes.int32, name="Cast")
        cast(num_int, start.dtype)  # TF builds (and never uses) `num` in start's dtype
        both = broadcast_dynamic_shape(shape_of(start), shape_of(stop))
        start, stop = broadcast_to(start, both), broadcast_to(stop, both)
        first, last = expand_dims(start, axis), expand_dims(stop, axis)
        shape = shape_of(first)
        ndims = shape_of(shape)[0]
        axis = where_v2(axis >= 0, axis, ndims + axis)
        middle = maximum(num_int - 2, 0)  # how many values lie strictly between the end points
        steps = maximum(num_int - 1, 1)  # at least 1: no division by zero for num == 1 (or 0)
        delta = (last - first) / cast(steps, last.dtype)
        first, last = cast(first, delta.dtype), cast(last, delta.dtype)  # integer end points: float64
        # num < 0 makes Range fail, as TF's does
        counts = cast(range(1, where_v2(num_int >= 0, steps, -1), dtype=dtypes.int64), delta.dtype)
        counts = reshape(counts, where_v2(equal(axis, range(ndims)), middle, 1))
        inner = first + delta * counts
        joined = concat((first, inner, last), axis=axis)
        begin = zeros_like(shape)
        size = concat((shape[0:axis], reshape(num_int, [1]), shape[axis + 1:]), axis=0)
        return slice_(joined, begin, size)


# --- gathering -------------------------------------------------------------------------------

@op("Where", inputs=("input",))
class Where:
    """Coordinates (int64, [num_true, rank]) of the true (non-zero) elements."""

    def infer(input):
        return dtypes.int64, [None, input.shape.ndims]

    def kernel(xp, input):
        coords = xp.asarray(xp.argwhere(input), dtype=xp.int64)
        return coords.reshape(int(xp.count_nonzero(input)), xp.ndim(input))

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([[True, False], [False, True]]),), {}), ((np.array([0.0, 2.0, 0.5]),), {}),
               ((np.array(True),), {})]


@op("GatherV2", inputs=("params", "indices", "axis"), attrs=dict(batch_dims=0),
    type_attrs=dict(Tparams="params", Tindices="indices", Taxis="axis"))
class GatherV2:
    """Slices of `params` along `axis` at `indices`; the first `batch_dims` dimensions of `params` and
    `indices` are batch dimensions gathered in lockstep (negative `batch_dims` counts from rank(indices))."""

    def infer(params, indices, axis, batch_dims):
        """TF's shape function: ranks are checked here, batch_dims <= axis and batch sizes only at run time."""
        check_dtype("GatherV2", "indices", indices, (dtypes.int16, dtypes.int32, dtypes.int64))
        a = static_value(axis)
        p, i = params.shape.as_tuple(), indices.shape.as_tuple()

        def at_least(dims, n, context=" for 'GatherV2'"):
            if dims is not None and len(dims) < n:
                raise ValueError(f"Shape must be at least rank {n} but is rank {len(dims)}{context}")

        at_least(p, 1)
        _with_rank("GatherV2", axis, 0)
        if a is not None:
            at_least = functools.partial(at_least, context=_context("GatherV2", (params, indices, axis),
                                                                    computed=[(2, a)]))
        if a is None:  # TF subtracts a negative batch_dims as it is (a wrong rank); we count it from rank(indices)
            rank_ = None if p is None or i is None else len(p) - 1 - batch_dims + (len(i) if batch_dims >= 0 else 0)
            return params.dtype.base_dtype, TensorShape(None if rank_ is None else [None] * rank_)
        a = int(a)
        at_least(p, -a if a < 0 else a + 1)
        at_least(i, abs(batch_dims))
        b = batch_dims + (-1 if i is None else len(i)) if batch_dims < 0 else batch_dims  # TF's unknown rank is -1
        at_least(p, b + 1)
        if i is None or p is None:
            return params.dtype.base_dtype, TensorShape(None)
        return params.dtype.base_dtype, p[:a] + i[b:] + (p[a + 1:] if a != -1 else ())

    def kernel(xp, params, indices, axis, batch_dims):
        a, n, m = int(axis), params.ndim, indices.ndim
        axis, b = a % max(n, 1), batch_dims + m if batch_dims < 0 else batch_dims
        problems = (["params must be at least 1 dimensional"] if not n else
                    [f"Shape must be at least rank {-a if a < 0 else a + 1} but is rank {n}"] if not -n <= a < n else
                    [f"Expected batch_dims in the range [{-m}, {m}], but got {batch_dims}"] if abs(batch_dims) > m else
                    [f"batch_dims ({b}) must be less than rank(params) ({n})."] if b >= n else
                    [f"batch_dims ({b}) must be less than or equal to axis ({axis})."] if axis < b else
                    [f"params.shape[{k}]: {params.shape[k]} should be equal to indices.shape[{k}]: {indices.shape[k]}"
                     for k in builtins_range(b) if params.shape[k] != indices.shape[k]])
        limit = params.shape[axis] if n else 0
        if not problems and indices.size and not common.deferred_check(xp, (indices < 0) | (indices >= limit)) \
                and (xp.min(indices) < 0 or xp.max(indices) >= limit):
            flat = indices.reshape(-1)
            pos = int(xp.argmax((flat < 0) | (flat >= limit)))
            problems = [f"indices[{','.join(str(int(v)) for v in np.unravel_index(pos, indices.shape))}] = "
                        f"{int(flat[pos])} is not in [0, {limit})"]
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        if b == 0:
            return xp.take(params, indices, axis=axis)
        rows = int(np.prod(params.shape[:b], dtype=np.int64))
        p, i = params.reshape((rows,) + params.shape[b:]), indices.reshape((rows,) + indices.shape[b:])
        out = xp.stack([xp.take(p[k], i[k], axis=axis - b) for k in builtins_range(p.shape[0])]) if p.shape[0] \
            else xp.zeros((0,) + p.shape[1:axis - b + 1] + i.shape[1:] + p.shape[axis - b + 2:], params.dtype)
        return out.reshape(params.shape[:b] + out.shape[1:])

    def grad(op_, g):
        """TF's: IndexedSlices for a gather along a static axis 0, else dense (array_index._gather_axis_grad)."""
        from .array_index import _gather_axis_grad
        from .indexed_slices import IndexedSlices

        params, indices, axis = op_.inputs
        b = op_.attrs["batch_dims"]
        if b < 0:
            if indices.shape.ndims is None:
                raise ValueError("Currently, it is unsupported to take the gradient of tf.gather when batch_dims < 0 "
                                 "and the rank of the indices is unknown. Please pass a positive batch_dims or use "
                                 "tf.ensure_shape to update the shape of indices when calling tf.gather. Got "
                                 f"batch_dims={b} and indices={indices}")
            b += indices.shape.ndims
        axis_value = static_value(axis)
        if axis_value is None or int(axis_value) != 0:
            return _gather_axis_grad(params, indices, axis, g, b), None, None
        params_shape, indices_size = shape_of(params), expand_dims(size(indices), 0)
        values = reshape(g, concat([indices_size, params_shape[1:]], 0))
        return IndexedSlices(values, reshape(indices, indices_size), params_shape), None, None

    samples = [((np.arange(12.0).reshape(3, 4), np.array([2, 0, 2], np.int32), np.array(0, np.int32)), {}),
               ((np.arange(12.0).reshape(3, 4), np.array([[3], [1]], np.int64), np.array(-1, np.int32)), {}),
               ((np.arange(24.0).reshape(2, 3, 4), np.array(1, np.int32), np.array(1, np.int64)), {}),
               ((np.arange(24).reshape(2, 3, 4), np.array([[2, 0], [1, 1]], np.int32), np.array(1, np.int32)),
                dict(batch_dims=1)),
               ((np.arange(24.0).reshape(2, 3, 4), np.array([[1, 1, 0], [2, 0, 2]], np.int32), np.array(1, np.int32)),
                dict(batch_dims=1)),
               ((np.arange(24.0).reshape(2, 3, 4), np.array([[[3], [0], [3]], [[1], [2], [1]]], np.int64),
                 np.array(2, np.int32)), dict(batch_dims=-1)),
               ((np.arange(24.0).reshape(2, 3, 4), np.array([[0, 2, 2], [1, 0, 1]], np.int32), np.array(-2, np.int32)),
                dict(batch_dims=1)),
               ((np.arange(48.0).reshape(2, 2, 3, 4), np.array([[3, 0], [1, 1]], np.int32), np.array(3, np.int32)),
                dict(batch_dims=1))]


def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0) -> Tensor:
    """`tf.gather`; as in TF, a static `axis` of 0 builds a plain GatherV2 (`batch_dims` is not passed on), or
    reads only those rows of a resource variable (its `sparse_read`: a ResourceGather)."""
    static_axis = static_value(axis) if isinstance(axis, Tensor) else (batch_dims if axis is None else axis)
    if hasattr(params, "sparse_read") and static_axis is not None and np.ndim(static_axis) == 0 and static_axis == 0:
        try:
            return params.sparse_read(indices, name=name)
        except AttributeError:  # a reference variable has no sparse read: it is read whole, as in TF
            pass
    with get_default_graph().name_scope(name or "GatherV2") as scope:
        params = convert_to_tensor(params, name="params")
        indices = convert_to_tensor(indices, name="indices", preferred_dtype=dtypes.int32)
        axis = convert_to_tensor(batch_dims if axis is None else axis, name="axis", preferred_dtype=dtypes.int32)
        axis_value = static_value(axis)
        if axis_value is not None and np.size(axis_value) == 1 and int(np.asarray(axis_value).reshape(-1)[0]) == 0:
            batch_dims = 0
        return GatherV2(params, indices, axis, batch_dims=batch_dims, name=scope)


def boolean_mask(tensor, mask, name="boolean_mask", axis=None) -> Tensor:
    """`tensor` where the (N-d) `mask` is true: the mask covers dims `axis..axis+N` (flattened to one)."""
    from .array_transform import squeeze
    from .reduction import reduce_prod

    with get_default_graph().name_scope(name):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        ndims_mask = mask.shape.ndims
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some dimensions are None.  "
                             "E.g. shape=[None] is ok, but shape=None is not.")
        axis = 0 if axis is None else axis
        axis_value = static_value(convert_to_tensor(axis)) if isinstance(axis, Tensor) else axis
        dims = tensor.shape.as_tuple()
        if axis_value is not None and dims is not None:
            axis = int(axis_value) % len(dims) if int(axis_value) < 0 else int(axis_value)
            TensorShape(dims[axis:axis + ndims_mask]).assert_is_compatible_with(mask.shape)
        full = shape_of(tensor)
        leading = reduce_prod(full[axis:axis + ndims_mask], [0])
        tensor = reshape(tensor, concat([full[:axis], [leading], full[axis + ndims_mask:]], 0))
        if dims is not None and isinstance(axis, int):
            first = TensorShape(dims[axis:axis + ndims_mask]).num_elements()
            tensor.set_shape(list(dims[:axis]) + [first] + list(dims[axis + ndims_mask:]))
        mask = reshape(mask, [-1])
        indices = squeeze(Where(mask), axis=[1])
        return gather(tensor, indices, axis=axis)
