"""Array ops that index or select: GatherNd (`tf.gather_nd`, with TF's batch_dims composite), ScatterNd,
OneHot, Select/SelectV2 (`tf.where`), Diag/DiagPart, GatherV2's dense gradient, and composites built from public
ops (`tf.meshgrid`, `tf.sequence_mask`). Elsewhere: sorting and searching (array_search.py), space <-> depth
(array_space_depth.py), ShapeN/IdentityN/CheckNumerics/Bitcast (array_identity.py).
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op, static_value
from ..framework.tensor_shape import TensorShape
from . import common
from .array import (Fill, _context, _merge, _merged, _num_elements, _shape_from_value, _shape_of, builtins_range,
                    concat, expand_dims, rank, reshape, shape, size, stack)
from .array_slicing import Range, Where
from .common import check_dtype, shape_str
from .constant import constant, convert_to_tensor

_F64 = np.float64
_GATHER_INDEX_TYPES = (dtypes.int16, dtypes.int32, dtypes.int64)


def _check_nd_indices(xp, indices, shape, what: str):
    """InvalidArgumentError (TF's text, naming the last bad row) unless every index row of `indices` lies
    inside the leading dims of `shape`; `what` is "param shape" (GatherNd) or "shape" (ScatterNd)."""
    if indices.size == 0:
        return
    depth = indices.shape[-1]
    flat = indices.reshape(-1, depth)
    bad = xp.any((flat < 0) | (flat >= xp.asarray(shape[:depth], dtype=flat.dtype)), axis=1)
    if xp.any(bad):  # TF's kernels report the last bad row
        row = int(bad.shape[0] - 1 - xp.argmax(bad[::-1]))
        where = ",".join(str(int(i)) for i in np.unravel_index(row, indices.shape[:-1]))
        raise errors.InvalidArgumentError(None, None, f"indices{f'[{where}]' if where else ''} = "
                                                      f"{flat[row].tolist()} does not index into {what} "
                                                      f"[{','.join(map(str, shape))}]")


def _scatter_add(xp, out, index, updates):
    """`out[index] += updates` with repeated indices accumulating (numpy's add.at, jax's .at[].add)."""
    if hasattr(out, "at"):
        return out.at[index].add(updates)
    xp.add.at(out, index, updates)
    return out


def _scatter_nd_check(indices: TensorShape, updates: TensorShape, out: TensorShape, context: str) -> None:
    """TF's `ScatterNdShapeHelper`: the leading dims of `updates` are those of `indices`, the rest those of
    the output after the dims the index rows address."""
    if _num_elements(out.as_tuple()) == 0 and (_num_elements(indices.as_tuple()) or _num_elements(updates.as_tuple())):
        raise ValueError("Indices and updates specified for empty input" + context)
    i, u, o = indices.as_tuple(), updates.as_tuple(), out.as_tuple()
    if i is None or u is None or not u or i[-1] is None:
        return
    outer, ix = len(i) - 1, i[-1]
    pairs = ((f"[0,{outer}) of indices[shape={shape_str(indices)}]", TensorShape(i[:outer]),
              f"[0,{outer}) of updates[shape={shape_str(updates)}]", TensorShape(u[:outer])),
             (f"[{ix},{-1 if o is None else len(o)}) of input[shape={'?' if o is None else shape_str(out)}]",
              TensorShape(None if o is None else o[ix:]),
              f"[{outer},{len(u)}) of updates[shape={shape_str(updates)}]", TensorShape(u[outer:])))
    for first, a, second, b in pairs:
        try:
            _merge(a, b)
        except ValueError as e:
            raise ValueError(f"Dimensions {first} = {shape_str(a)} must match dimensions {second} = "
                             f"{shape_str(b)}: {e}{context}") from None


# --- gather_nd / scatter_nd ------------------------------------------------------------------

@op("GatherNd", inputs=("params", "indices"), attrs=dict(bad_indices_policy=""),
    type_attrs=dict(Tparams="params", Tindices="indices"))
class GatherNd:
    """`out[i...] = params[indices[i..., :]]`: the last axis of `indices` indexes the leading dims of params."""

    def infer(params, indices, bad_indices_policy):
        check_dtype("GatherNd", "indices", indices, _GATHER_INDEX_TYPES)
        p, i = params.shape.as_tuple(), indices.shape.as_tuple()
        if i is None or i[-1:] == (None,) or (i is not None and not i):
            if i is not None and not i:
                raise ValueError(f"Shape must be at least rank 1 but is rank 0 for 'GatherNd' with input shapes: "
                                 f"{shape_str(params.shape)}, [].")
            return params.dtype.base_dtype, TensorShape(None)
        depth = i[-1]
        if p is None:
            return params.dtype.base_dtype, TensorShape(None)
        if depth > len(p):
            raise ValueError(f"indices.shape[-1] must be <= params.rank, but saw indices shape: "
                             f"{shape_str(indices.shape)} and params shape: {shape_str(params.shape)} for "
                             f"'GatherNd' with input shapes: {shape_str(params.shape)}, {shape_str(indices.shape)}.")
        return params.dtype.base_dtype, i[:-1] + p[depth:]

    def kernel(xp, params, indices, bad_indices_policy):
        depth = indices.shape[-1]
        if params.size == 0 and _num_elements(indices.shape[:-1]):
            # TF's kernel refuses any index row into empty params, even rows that would read empty slices
            # (a beam's [batch, beam, 0] history gathered at the first step), before checking ranges
            raise errors.InvalidArgumentError(None, None, "Requested more than 0 entries, but params is empty.  "
                                                          f"Params shape: {_shape_of(params)}")
        _check_nd_indices(xp, indices, params.shape, "param shape")
        return params[tuple(xp.moveaxis(indices, -1, 0))] if depth else \
            xp.broadcast_to(params, indices.shape[:-1] + params.shape)

    def grad(op_, g):
        """As TF: IndexedSlices when `indices` is [N, 1] (whole rows of params), else a dense ScatterNd."""
        from .array_transform import squeeze
        from .indexed_slices import IndexedSlices

        params, indices = op_.inputs
        params_shape = shape(params, out_type=indices.dtype.base_dtype)
        if indices.shape.ndims == 2 and indices.shape.as_tuple()[-1] == 1:
            return IndexedSlices(g, squeeze(indices, axis=[-1]), params_shape), None
        return scatter_nd(indices, g, params_shape), None

    samples = [((np.arange(24.0).reshape(2, 3, 4), np.array([[0, 1], [1, 2], [0, 1]], np.int32)), {}),
               ((np.arange(6.0).reshape(2, 3), np.array([[[1, 2]], [[0, 0]]], np.int64)), {}),
               ((np.array([1, 2], np.int32), np.zeros((3, 0), np.int32)), {}),
               ((np.arange(6.0).reshape(3, 2), np.array([[2], [0], [2]], np.int64)), {})]


@op("ScatterNd", inputs=("indices", "updates", "shape"), attrs=dict(bad_indices_policy=""),
    type_attrs=dict(T="updates", Tindices="indices"))
class ScatterNd:
    """Zeros of `shape` with `updates` added at `indices` (repeated indices accumulate)."""

    def infer(indices, updates, shape, bad_indices_policy):
        check_dtype("ScatterNd", "indices", indices, _GATHER_INDEX_TYPES)
        if shape.dtype.base_dtype is not indices.dtype.base_dtype:
            raise TypeError(f"Input 'shape' of 'ScatterNd' Op has type {shape.dtype.base_dtype.name} that does not "
                            f"match type {indices.dtype.base_dtype.name} of argument 'indices'.")
        for t in (indices, updates):
            if t.shape.ndims == 0:
                raise ValueError("Shape must be at least rank 1 but is rank 0 for 'ScatterNd'")
        out = _shape_from_value(shape, op_type="ScatterNd")
        n = shape.shape.as_tuple()
        first = TensorShape(None if n is None or n[0] is None else [None] * n[0])
        _scatter_nd_check(indices.shape, updates.shape, first, " for 'ScatterNd'")  # TF's first pass: no values
        if static_value(shape) is not None:
            _scatter_nd_check(indices.shape, updates.shape, out,
                              _context("ScatterNd", (indices, updates, shape), partial=[(2, out)]))
        return updates.dtype.base_dtype, out

    def kernel(xp, indices, updates, shape, bad_indices_policy):
        dims = tuple(int(d) for d in shape)
        depth = indices.shape[-1]
        batch = indices.ndim - 1 if indices.ndim > 1 else 1
        prefix = (f"Dimensions [0,{batch}) of indices[shape={_shape_of(indices)}] must match dimensions [0,{batch}) of "
                  f"updates[shape={_shape_of(updates)}]")
        suffix = (f"Dimensions [{depth},{len(dims)}) of input[shape={_shape_of(np.empty(dims, bool))}] must match "
                  f"dimensions [{batch},{updates.ndim}) of updates[shape={_shape_of(updates)}]")
        problems = [f"Output must be at least 1-D, got shape: {_shape_of(np.empty(dims, bool))}"] * (not dims) + \
            [f"Indices and updates specified for empty output.  indices shape: {_shape_of(indices)}"] * (
                0 in dims and (indices.size > 0 or updates.size > 0)) + \
            [prefix] * (updates.ndim < batch) + \
            [suffix] * (len(dims) < depth + updates.ndim - batch or updates.ndim != batch + len(dims) - depth) + \
            [prefix] * (indices.shape[:batch] != updates.shape[:batch]) + \
            [suffix] * (updates.shape[batch:] != dims[depth:])
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        _check_nd_indices(xp, indices, dims, "shape")
        out = xp.zeros(dims, dtype=updates.dtype)
        flat_updates = xp.reshape(updates, (-1,) + dims[depth:])
        flat_index = xp.reshape(indices, (-1, depth))
        return _scatter_add(xp, out, tuple(flat_index.T), flat_updates)

    def grad(op_, g):
        indices = op_.inputs[0]
        return None, gather_nd(g, indices), None

    samples = [((np.array([[1], [3], [1]], np.int32), np.array([1.0, 2.0, 3.0]), np.array([5], np.int32)), {}),
               ((np.array([[0, 1], [1, 0]], np.int64), np.array([[1.0, 2.0], [3.0, 4.0]]),
                 np.array([2, 2, 2], np.int64)), {}),
               ((np.zeros((0, 1), np.int32), np.zeros((0, 3), np.int32), np.array([2, 3], np.int32)), {})]


@tf_export("gather_nd", "manip.gather_nd")
def gather_nd(params, indices, name=None, batch_dims=0) -> Tensor:
    """`tf.gather_nd`; with `batch_dims` > 0 the composite TF builds (`_batch_gather_nd`)."""
    value = static_value(batch_dims) if isinstance(batch_dims, Tensor) else batch_dims
    if value is not None:
        batch_dims = int(value)
    if isinstance(batch_dims, int) and batch_dims == 0:
        with get_default_graph().name_scope(name or "GatherNd") as scope:
            params = convert_to_tensor(params, name="params")
            indices = convert_to_tensor(indices, name="indices", preferred_dtype=dtypes.int32)
            return GatherNd(params, indices, name=scope)
    return _batch_gather_nd(params, indices, batch_dims, name)


def _batch_gather_nd(params, indices, batch_dims, name):
    """TF's batch_gather_nd: each index row is prefixed with its batch coordinates (a meshgrid over the
    leading `batch_dims` dims of params, tiled over the inner index dims) and one GatherNd runs on the
    whole of params; the result is reshaped to params' batch shape + the per-batch result shape."""
    from .array_transform import tile, transpose, unstack
    from .math import Cast
    from .reduction import reduce_prod

    with get_default_graph().name_scope(name or "BatchGatherND"):
        indices = convert_to_tensor(indices, name="indices")
        params = convert_to_tensor(params, name="params")
        if not isinstance(batch_dims, int):
            raise TypeError(f"Argument `batch_dims` must be an int; got {batch_dims}")
        if batch_dims < 0:
            raise ValueError("tf.gather_nd does not allow negative batch_dims.")
        for what, rank_ in (("indices", indices.shape.ndims), ("params", params.shape.ndims)):
            if rank_ is not None and batch_dims >= rank_:
                raise ValueError(f"Argument `batch_dims` = {batch_dims} must be less than rank(`{what}`) = {rank_}")
        itype = indices.dtype.base_dtype

        def cast(x, dtype):
            with get_default_graph().name_scope("Cast") as scope:
                return Cast(x, SrcT=x.dtype.base_dtype, DstT=dtype, name=scope)

        params_shape, indices_shape = shape(params), shape(indices)
        batch_shape = params_shape[:batch_dims]
        batch_size = reduce_prod(batch_shape, [0])
        index_internal_ndims = rank(indices) - batch_dims - 1
        indices_internal_shape = indices_shape[batch_dims:-1]
        dim_ranges = []
        for dim in unstack(batch_shape, axis=0):
            limit = cast(dim, dtypes.int32)
            with get_default_graph().name_scope("Range") as scope:
                positions = Range(constant(0, name="start"), limit, constant(1, name="delta"), name=scope)
            dim_ranges.append(cast(positions, itype))
        grids = [reshape(x, (-1,)) for x in meshgrid(*dim_ranges, indexing="ij")]
        index_grid = transpose(stack(grids, axis=0))
        grid_shape = shape(index_grid)
        index_grid = reshape(index_grid, concat([grid_shape[:1], _ones(index_internal_ndims, dtypes.int32),
                                                 grid_shape[1:]], axis=0))
        index_grid = tile(index_grid, concat(((1,), indices_internal_shape, (1,)), axis=0))
        # TF reads these shape vectors partially while building the graph; so do we, to match its static
        # shapes and graph-construction errors (our Reshape/Tile only read fully known shape vectors).
        p, i = params.shape.as_tuple(), indices.shape.as_tuple()
        rows = int(np.prod(p[:batch_dims])) if params.shape.is_fully_defined() else None
        flat_shape = _reshape_static(i, None if i is None else (rows,) + i[batch_dims:])
        flat_indices = reshape(indices, concat(([batch_size], indices_shape[batch_dims:]), axis=0))
        flat_indices.set_shape(flat_shape)
        if i is not None:
            index_grid.set_shape((rows,) + i[batch_dims:-1] + (batch_dims,))
        full_indices = concat((index_grid, flat_indices), axis=-1)
        with get_default_graph().name_scope("GatherNd") as scope:
            out = GatherNd(params, full_indices, name=scope)
        gathered = out.shape.as_tuple()
        out_shape = _reshape_static(gathered, None if gathered is None else p[:batch_dims] + gathered[1:])
        out = reshape(out, concat((batch_shape, shape(out)[1:]), axis=0))
        out.set_shape(out_shape)
    return out


def _reshape_static(dims, target):
    """TF's Reshape shape function for a target shape known in part (None: unknown): raises its
    graph-construction errors and infers the one unknown target dim it can. `dims` is the input's shape."""
    if dims is None or target is None:
        return TensorShape(target)

    def known_product(shape_):  # (product of known dims, index of the single unknown dim or -1), or None
        if 0 in shape_:
            return 0, -1
        unknown = [k for k, d in enumerate(shape_) if d is None]
        return None if len(unknown) > 1 else (int(np.prod([d for d in shape_ if d is not None])),
                                              unknown[0] if unknown else -1)

    have, want = known_product(dims), known_product(target)
    if have is None or want is None:
        return TensorShape(target)
    (n_in, in_unknown), (n_out, out_unknown) = have, want
    context = (f" for 'Reshape' with input shapes: {shape_str(TensorShape(dims))}, [{len(target)}] and with input "
               f"tensors computed as partial shapes: input[1] = {shape_str(TensorShape(target))}.")
    if in_unknown < 0 and out_unknown < 0 and n_in != n_out:
        raise ValueError(f"Cannot reshape a tensor with {n_in} elements to shape {shape_str(TensorShape(target))} "
                         f"({n_out} elements){context}")
    if in_unknown < 0 <= out_unknown and n_out > 0 or out_unknown < 0 <= in_unknown and n_in != 0:
        divisor, size_ = (n_out, n_in) if in_unknown < 0 else (n_in, n_out)
        if size_ % divisor:
            raise ValueError(f"Dimension size must be evenly divisible by {divisor} but is {size_}{context}")
        if in_unknown < 0:
            target = target[:out_unknown] + (size_ // divisor,) + target[out_unknown + 1:]
    return TensorShape(target)


def _ones(dims, dtype) -> Tensor:
    """TF's `tf.ones` for a shape given as a tensor (a scalar is made a vector) or a list of scalar tensors."""
    with get_default_graph().name_scope("ones") as scope:
        known = None
        if not isinstance(dims, Tensor):
            known = [static_value(d) for d in dims]
            dims = stack(dims, name="packed")
        if dims.shape.ndims == 0:
            dims = reshape(dims, [-1])
        out = Fill(dims, constant(1, dtype=dtype, name="Const"), name=scope)
    if known is not None:  # TF reads the packed scalars one by one
        out.set_shape([None if d is None else int(d) for d in known])
    return out


def _gather_axis_grad(params, indices, axis, g, batch_dims) -> Tensor:
    """GatherV2's dense gradient (TF's `_GatherV2Grad` past axis 0, with `_BatchGatherGrad`): the gathered axis
    of `g` is moved to just after the batch dims, the slices are summed into place by one UnsortedSegmentSum
    (indices offset per batch, batches flattened), and the axes are moved back."""
    from .array import gather, range as range_
    from .array_transform import transpose
    from .reduction import reduce_prod
    from .segment import unsorted_segment_sum

    params_shape = shape(params)
    outer_shape, inner_shape = params_shape[:axis], params_shape[axis:][1:]
    values_shape = concat([outer_shape, [-1], inner_shape], 0)
    values_dims, axis_dims = size(values_shape), size(outer_shape)
    batch_axes, between_axes = range_(batch_dims), range_(batch_dims, axis_dims)
    inner_axes = range_(axis_dims + 1, values_dims)
    values = reshape(g, values_shape)
    moved = concat([batch_axes, [axis_dims], between_axes, inner_axes], 0)
    values = transpose(values, moved)
    moved_shape = gather(params_shape, moved)
    segments = params_shape[axis]
    indices_size = expand_dims(size(indices), 0)
    if batch_dims:
        values_shape = shape(values)
        batch_shape, slice_shape = values_shape[:batch_dims], values_shape[batch_dims:][1:]
        segments *= reduce_prod(batch_shape, [0])
        flat_values_shape = concat([[-1], slice_shape], 0)
        indices = _batch_offsets(moved_shape, indices, batch_dims)
        values = reshape(values, flat_values_shape)
    params_grad = unsorted_segment_sum(values, reshape(indices, indices_size), segments)
    if batch_dims:
        params_grad = reshape(params_grad, concat([batch_shape, flat_values_shape], 0))
    params_grad = transpose(params_grad, concat([batch_axes, between_axes + 1, [batch_dims], inner_axes], 0))
    params_grad = reshape(params_grad, shape(params))
    params_grad.set_shape(params.shape)  # TF reads the shape vector partially
    return params_grad


def _batch_offsets(params_shape, indices, batch_dims) -> Tensor:
    """`indices` plus, for each batch position, the offset of its block in params flattened over the batch
    dims and the (moved) gathered axis (TF's `_GetBatchIndices`)."""
    from .array import ones, range as range_, zeros
    from .array_transform import tile
    from .math import cast

    itype = indices.dtype.base_dtype
    dims = cast(params_shape, itype)
    stride = ones((), dtype=itype)
    for dim in builtins_range(batch_dims, 0, -1):
        size_ = dims[dim - 1]
        stride *= dims[dim]
        offsets = range_(zeros((), dtype=itype), size_, ones((), dtype=itype)) * stride
        dim_shape = concat([tile([1], [dim - 1]), [cast(size_, dtypes.int32)], tile([1], [rank(indices) - dim])], 0)
        indices += reshape(offsets, dim_shape)
    return indices


@tf_export("scatter_nd", "manip.scatter_nd")
def scatter_nd(indices, updates, shape, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "ScatterNd") as scope:
        indices = convert_to_tensor(indices, name="indices", preferred_dtype=dtypes.int32)
        updates = convert_to_tensor(updates, name="updates")
        shape = convert_to_tensor(shape, name="shape", preferred_dtype=indices.dtype.base_dtype)
        return ScatterNd(indices, updates, shape, name=scope)


# --- one_hot ---------------------------------------------------------------------------------

@op("OneHot", inputs=("indices", "depth", "on_value", "off_value"), attrs=dict(axis=-1),
    type_attrs=dict(T="on_value", TI="indices"))
class OneHot:
    """`on_value` where `indices` equals the position along the new `axis` of size `depth`, else `off_value`."""

    def infer(indices, depth, on_value, off_value, axis):
        check_dtype("OneHot", "indices", indices, (dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64))
        if depth.dtype.base_dtype is not dtypes.int32:
            raise TypeError(f"Input 'depth' of 'OneHot' Op has type {depth.dtype.base_dtype.name} that does not match "
                            "expected type of int32.")
        if on_value.dtype.base_dtype is not off_value.dtype.base_dtype:
            raise TypeError(f"Input 'off_value' of 'OneHot' Op has type {off_value.dtype.base_dtype.name} that does "
                            f"not match type {on_value.dtype.base_dtype.name} of argument 'on_value'.")
        if axis < -1:
            raise ValueError("axis must be >= -1 for 'OneHot'")
        d = static_value(depth)
        if d is not None:
            context = _context("OneHot", (indices, depth, on_value, off_value), computed=[(1, d)])
            if np.ndim(d):
                raise ValueError(f"Input must be scalar but has rank {np.ndim(d)}{context}")
            if int(d) < 0:
                raise ValueError(f"Dimension size, given by scalar input 1, must be non-negative but is {int(d)}"
                                 f"{context}")
        dims = indices.shape.as_tuple()
        if dims is None:
            return on_value.dtype.base_dtype, TensorShape(None)
        a = (axis + len(dims) + 1) % (len(dims) + 1)  # TF's shape function wraps an axis past the end
        return on_value.dtype.base_dtype, dims[:a] + (None if d is None else int(d),) + dims[a:]

    def kernel(xp, indices, depth, on_value, off_value, axis):
        problems = [f"Expected axis to be -1 or between [0, {indices.ndim + 1}).  But received: {axis}"
                    for _ in (0,) if not -1 <= axis <= indices.ndim]
        problems += [f"{n} must be a scalar, but got: {common.shape_str(TensorShape(v.shape))}"
                     for n, v in (("depth", depth), ("on_value", on_value), ("off_value", off_value)) if v.ndim]
        problems += [f"depth must be non-negative, got: {int(depth)}" for _ in (0,) if not problems and depth < 0]
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        a = indices.ndim if axis == -1 else axis
        positions = xp.reshape(xp.arange(int(depth)), (-1,) + (1,) * (indices.ndim - a))
        hot = xp.expand_dims(indices, a) == positions
        return xp.where(hot, on_value, off_value).astype(on_value.dtype)

    def grad(op_, g):
        """TF returns no gradients; we give the true ones for `on_value` and `off_value`."""
        from .reduction import reduce_sum

        indices, depth, on, _ = op_.inputs
        hot = OneHot(indices, depth, constant(1, on.dtype.base_dtype), constant(0, on.dtype.base_dtype),
                     axis=op_.attrs["axis"])
        on_grad = reduce_sum(g * hot)
        return None, None, on_grad, reduce_sum(g) - on_grad

    samples = [((np.array([0, 2, -1, 5], np.int32), np.array(3, np.int32), np.array(1.0), np.array(0.0)), {}),
               ((np.array([[1, 0]], np.int64), np.array(2, np.int32), np.array(5, np.int32), np.array(-1, np.int32)),
                dict(axis=0)),
               ((np.array(1, np.uint8), np.array(3, np.int32), np.array(True), np.array(False)), {})]


@tf_export("one_hot")
def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None) -> Tensor:
    """`tf.one_hot`: dtype from `dtype`, else from on/off values, else float32 (on=1, off=0)."""
    with get_default_graph().name_scope(name or "one_hot") as scope:
        if on_value is not None:
            on_value = convert_to_tensor(on_value, dtype_hint=dtype)
        if off_value is not None:
            off_value = convert_to_tensor(off_value, dtype_hint=dtype)
        on_dtype = None if on_value is None else on_value.dtype.base_dtype
        off_dtype = None if off_value is None else off_value.dtype.base_dtype
        if on_value is not None or off_value is not None:
            if dtype is not None:
                dtype = dtypes.as_dtype(dtype)
                for value_dtype, what in ((on_dtype, "on_value"), (off_dtype, "off_value")):
                    if value_dtype is not None and value_dtype is not dtype:
                        raise TypeError(f"dtype {value_dtype} of {what} does not match dtype parameter {dtype}")
            else:
                dtype = on_dtype or off_dtype
        elif dtype is None:
            dtype = dtypes.float32
        dtype = dtypes.as_dtype(dtype)
        if on_value is None:
            on_value, on_dtype = convert_to_tensor(1, dtype, name="on_value"), dtype
        if off_value is None:
            off_value, off_dtype = convert_to_tensor(0, dtype, name="off_value"), dtype
        if on_dtype is not off_dtype:
            raise TypeError(f"dtype {on_dtype} of on_value does not match dtype {off_dtype} of off_value")
        indices = convert_to_tensor(indices, name="indices")
        try:
            depth = depth if isinstance(depth, Tensor) else convert_to_tensor(depth, name="depth", dtype=dtypes.int32)
        except TypeError as e:
            raise TypeError(f"Expected int32 passed to parameter 'depth' of op 'OneHot', got {depth!r} of type "
                            f"'{type(depth).__name__}' instead. Error: {e}") from None
        return OneHot(indices, depth, on_value, off_value, axis=-1 if axis is None else axis, name=scope)


# --- where / select --------------------------------------------------------------------------

def _check_condition(op_type: str, condition: Tensor) -> None:
    if condition.dtype.base_dtype is not dtypes.bool:
        raise TypeError(f"Input 'condition' of '{op_type}' Op has type {condition.dtype.base_dtype.name} that does "
                        "not match expected type of bool.")


@op("Select", inputs=("condition", "t", "e"), type_attrs=dict(T="t"))
class Select:
    """`t` where `condition`, else `e`; a vector `condition` may select whole rows of `t` and `e`."""

    def infer(condition, t, e):
        _check_condition("Select", condition)
        if t.dtype.base_dtype is not e.dtype.base_dtype:
            raise TypeError(f"Input 'e' of 'Select' Op has type {e.dtype.base_dtype.name} that does not match type "
                            f"{t.dtype.base_dtype.name} of argument 't'.")
        out, c = _merged("Select", t.shape, e.shape), condition.shape
        if c.ndims is None or out.ndims is None or c.ndims == 0:
            return t.dtype.base_dtype, out
        if c.ndims != 1 or out.ndims == 0:  # the condition has the shape of `t` and `e`
            return t.dtype.base_dtype, _merged("Select", out, c)
        _merged("Select", c, TensorShape(out.as_tuple()[:1]))  # or is a vector over their first dimension
        return t.dtype.base_dtype, out

    def kernel(xp, condition, t, e):
        """TF's kernel: a scalar or the shape of `t` and `e`, or a vector over their first dimension."""
        same = f"'then' and 'else' must have the same size.  but received: {_shape_of(t)} vs. {_shape_of(e)}"
        if condition.ndim == 1 and t.ndim != 1:
            problems = [f"'then' must be at least a vector, but saw shape: {_shape_of(t)}"] if t.ndim == 0 else \
                [f"Number of batches of 'then' must match size of 'cond', but saw: {t.shape[0]} vs. "
                 f"{condition.size}"] * (t.shape[0] != condition.size) or [same] * (t.shape != e.shape)
        elif condition.ndim == 0:
            problems = [same] * (t.shape != e.shape)
        else:  # TF's message also names the node, which a kernel does not know
            problems = [f"Inputs to operation of type Select must have the same size and shape.  Input 0: "
                        f"{_shape_of(condition)} != input {i}: {_shape_of(v)}" for i, v in ((1, t), (2, e))
                        if v.shape != condition.shape]
        if problems:
            raise errors.InvalidArgumentError(None, None, problems[0])
        if condition.ndim == 1 and t.ndim > 1:
            condition = xp.reshape(condition, condition.shape + (1,) * (t.ndim - 1))
        return xp.where(condition, t, e)

    def grad(op_, g):
        from .array import zeros_like

        c = op_.inputs[0]
        zeros = zeros_like(g)
        return None, Select(c, g, zeros), Select(c, zeros, g)

    samples = [((np.array([True, False]), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[5.0, 6.0], [7.0, 8.0]])), {}),
               ((np.array([[True, False]]), np.array([[1.0, 2.0]]), np.array([[5.0, 6.0]])), {}),
               ((np.array(False), np.array([1, 2], np.int32), np.array([3, 4], np.int32)), {})]


@op("SelectV2", inputs=("condition", "t", "e"), type_attrs=dict(T="t"))
class SelectV2:
    """`t` where `condition`, else `e`, all three broadcast together."""

    def infer(condition, t, e):
        _check_condition("SelectV2", condition)
        if t.dtype.base_dtype is not e.dtype.base_dtype:
            raise TypeError(f"Input 'e' of 'SelectV2' Op has type {e.dtype.base_dtype.name} that does not match "
                            f"type {t.dtype.base_dtype.name} of argument 't'.")
        out = common.broadcast_shape("SelectV2", t.shape, e.shape)
        return t.dtype.base_dtype, common.broadcast_shape("SelectV2", condition.shape, out)

    def kernel(xp, condition, t, e):
        try:
            return xp.where(condition, t, e)
        except ValueError:
            raise errors.InvalidArgumentError(None, None, f"condition {_shape_of(condition)}, then {_shape_of(t)}, "
                                                          f"and else {_shape_of(e)} must be broadcastable") from None

    def grad(op_, g):
        from .array import zeros_like
        from .math import _sum_to

        c, t, e = op_.inputs
        zeros = zeros_like(g)
        return None, _sum_to(SelectV2(c, g, zeros), t), _sum_to(SelectV2(c, zeros, g), e)

    samples = [((np.array([True, False]), np.array([[1.0], [3.0]]), np.array(0.5)), {}),
               ((np.array(True), np.array([1, 2], np.int32), np.array([3, 4], np.int32)), {})]


def _select(opdef, default_name, condition, x, y, name):
    with get_default_graph().name_scope(name or default_name) as scope:
        condition = convert_to_tensor(condition, name="condition", preferred_dtype=dtypes.bool)
        x, y = common.convert_same_dtype(default_name, [x, y], ["t", "e"])
        return opdef(condition, x, y, name=scope)


@tf_export("where")
def where(condition, x=None, y=None, name=None) -> Tensor:
    """TF1 `tf.where`: coordinates of true entries, or `x`/`y` selected elementwise (a vector condition
    selects rows)."""
    if x is None and y is None:
        with get_default_graph().name_scope(name or "Where") as scope:
            condition = convert_to_tensor(condition, name="condition", preferred_dtype=dtypes.bool)
            return Where(condition, name=scope)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _select(Select, "Select", condition, x, y, name)


@tf_export("where_v2")
def where_v2(condition, x=None, y=None, name=None) -> Tensor:
    """TF2 `tf.where`: like `where`, but `condition`, `x` and `y` broadcast together (SelectV2)."""
    if x is None and y is None:
        with get_default_graph().name_scope(name or "Where") as scope:
            condition = convert_to_tensor(condition, name="condition", preferred_dtype=dtypes.bool)
            return Where(condition, name=scope)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _select(SelectV2, "SelectV2", condition, x, y, name)


# --- diagonals -------------------------------------------------------------------------------

@op("Diag", inputs=("diagonal",))
class Diag:
    """A tensor of rank 2k with `diagonal` (rank k) on its diagonal: `out[i..., i...] = diagonal[i...]`."""

    def infer(diagonal):
        dims = diagonal.shape.as_tuple()
        if dims is not None and not dims:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for 'Diag' with input shapes: [].")
        return diagonal.dtype.base_dtype, TensorShape(None) if dims is None else dims + dims

    def kernel(xp, diagonal):
        n = diagonal.size
        flat = xp.reshape(diagonal, (-1,))
        return xp.reshape(xp.eye(n, dtype=diagonal.dtype) * flat[None, :], diagonal.shape + diagonal.shape)

    def grad(op_, g):
        return diag_part(g)

    samples = [((np.array([1.0, 2.0, 3.0]),), {}), ((np.array([[1, 2], [3, 4]], np.int32),), {})]


@op("DiagPart", inputs=("input",))
class DiagPart:
    """The diagonal of a rank-2k tensor whose first and last k dimensions match."""

    def infer(input):
        dims = input.shape.as_tuple()
        if dims is None:
            return input.dtype.base_dtype, TensorShape(None)
        if not dims or len(dims) % 2:
            raise ValueError(f"Input must have even rank >= 2, got rank {len(dims)} for 'DiagPart'")
        k = len(dims) // 2
        out = TensorShape(dims[:k]).merge_with(TensorShape(dims[k:]))
        return input.dtype.base_dtype, out

    def kernel(xp, input):
        k = input.ndim // 2
        if input.shape[:k] != input.shape[k:]:
            raise errors.InvalidArgumentError(None, None, f"Invalid shape {list(input.shape)}: dimensions "
                                                          f"[0, {k}) and [{k}, {input.ndim}) must match")
        n = int(np.prod(input.shape[:k], dtype=np.int64))
        return xp.reshape(xp.diagonal(xp.reshape(input, (n, n))), input.shape[:k])

    def grad(op_, g):
        return diag(g)

    samples = [((np.arange(9.0).reshape(3, 3),), {}), ((np.arange(16, dtype=np.int64).reshape(2, 2, 2, 2),), {})]


@tf_export("diag", "linalg.tensor_diag")
def diag(diagonal, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "Diag") as scope:
        return Diag(convert_to_tensor(diagonal, name="diagonal"), name=scope)


@tf_export("diag_part", "linalg.tensor_diag_part")
def diag_part(input, name=None) -> Tensor:
    with get_default_graph().name_scope(name or "DiagPart") as scope:
        return DiagPart(convert_to_tensor(input, name="input"), name=scope)


# --- grids and masks -------------------------------------------------------------------------

@tf_export("meshgrid")
def meshgrid(*args, **kwargs) -> list:
    """N-D coordinate grids from 1-D vectors; `indexing="xy"` (default) swaps the first two axes."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"Argument `indexing` parameter must be either 'xy' or 'ij', got '{indexing}'")
    with get_default_graph().name_scope(name):
        ndim = len(args)
        s0 = (1,) * ndim
        if not ndim:
            return []
        output = []
        for i, x in enumerate(args):
            x = x if isinstance(x, Tensor) else convert_to_tensor(x, name="stack")
            output.append(reshape(x, s0[:i] + (-1,) + s0[i + 1:]))
        sizes = [size(x) for x in args]
        output_dtype = convert_to_tensor(args[0]).dtype.base_dtype
        if indexing == "xy" and ndim > 1:
            output[0] = reshape(output[0], (1, -1) + (1,) * (ndim - 2))
            output[1] = reshape(output[1], (-1, 1) + (1,) * (ndim - 2))
            sizes[0], sizes[1] = sizes[1], sizes[0]
        mult_fact = _ones(sizes, output_dtype)
        return [x * mult_fact for x in output]


@tf_export("sequence_mask")
def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None) -> Tensor:
    """`mask[i..., j] = j < lengths[i...]`, with `maxlen` defaulting to `max(lengths)`."""
    from .math import cast, less, maximum
    from .reduction import reduce_max

    with get_default_graph().name_scope(name or "SequenceMask"):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            maxlen = maximum(constant(0, dtype=lengths.dtype), reduce_max(lengths, []
                                                                         if lengths.shape.ndims == 0 else None))
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen.shape.ndims not in (None, 0):
            raise ValueError(f"Argument `maxlen` must be scalar for sequence_mask, received `maxlen` = {maxlen} "
                             f"with shape '{maxlen.shape}' instead")
        row_vector = Range(constant(0, maxlen.dtype), maxlen, constant(1, maxlen.dtype), Tidx=maxlen.dtype.base_dtype,
                           name="Range")  # TF calls the op itself
        matrix = cast(expand_dims(lengths, -1), maxlen.dtype)
        result = less(row_vector, matrix)
        dtype = dtypes.as_dtype(dtype)
        return result if dtype is dtypes.bool else cast(result, dtype)


__all__ = [
    "concat",
    "diag",
    "diag_part",
    "gather_nd",
    "meshgrid",
    "one_hot",
    "scatter_nd",
    "sequence_mask",
    "where",
    "where_v2",
]
