"""Einstein summation: the Einsum op (equation parsing, shape inference, gradient) and the public
functions built on it (`tf.einsum`, `tf.tensordot`)."""

from __future__ import annotations

import functools
import re

import numpy as np


from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import op
from ..framework.tensor_shape import TensorShape
from . import common
from .common import NUMBERS, check_dtype
from .constant import convert_to_tensor


# --- Einsum ----------------------------------------------------------------------------------
# Subscripts are handled with the ellipsis written as "0" (as TF's Python side does), so that every
# label is one character; `_render` turns them back into the attr TF records.

@functools.lru_cache(maxsize=256)
def _parse_equation(equation: str, n_inputs: int) -> tuple[tuple[str, ...], str]:
    """TF's resolution of an einsum equation: input and output subscripts ("0" marks the ellipsis);
    the implicit form gets the labels that appear once, sorted (an ellipsis only if it appears once)."""
    resolved = equation.replace(" ", "")
    allowed = "a-zA-Z"
    if "..." in resolved:
        if "0" in resolved:
            raise ValueError(f'Invalid character "0" in equation: {equation}.')
        resolved = resolved.replace("...", "0")
        allowed += "0"
    match = re.fullmatch(f"([{allowed},]*)(->[{allowed}]*)?", resolved)
    if not match:
        raise ValueError(f"Subscripts have incorrect format: {resolved}")
    ins = match.group(1).split(",")
    if len(ins) != n_inputs:
        raise ValueError(f'Got {n_inputs} inputs for equation "{equation}", expecting {len(ins)}')
    if match.group(2) is None:
        counts = {c: match.group(1).count(c) for c in set(match.group(1)) - {","}}
        out = "".join(c for c in sorted(counts) if counts[c] == 1)
    else:
        out = match.group(2)[2:]
    if len(set(out)) != len(out):
        raise ValueError(f"Output subscripts contain a label appearing more than once: {equation}")
    for c in out:
        if c != "0" and c not in match.group(1):
            raise ValueError(f"Output subscripts contain the label {c} not present in the input subscripts.")
    return tuple(ins), out


def _render(ins, out) -> str:
    return f"{','.join(ins)}->{out}".replace("0", "...")


def _einsum_shape_error(message: str, inputs) -> ValueError:
    shapes = ", ".join(common.shape_str(t.shape) for t in inputs)
    return ValueError(f"{message} for 'Einsum' with input shapes: {shapes}.")


def _broadcast_batch(batch: list, dims: list, inputs) -> list:
    """Broadcasts two ellipsis shapes (right-aligned, 1 stretches, unknown meets known as TF's shape fn)."""
    n = max(len(batch), len(dims))
    a = [1] * (n - len(batch)) + batch
    b = [1] * (n - len(dims)) + dims
    out = []
    for x, y in zip(a, b):
        if x == 1 or (x is None and y not in (None, 1)):
            out.append(y)
        elif y == 1 or y is None or x == y:
            out.append(x)
        else:
            raise _einsum_shape_error(f"Dimensions must be equal, but are {x} and {y}", inputs)
    return out


def _contract(xp, ins, out, a, b):
    """A two-operand einsum as TF's kernel computes it: labels only one operand has (and the output lacks)
    summed out first, then one batch matrix product of the operands transposed to [batch, free, contracted]
    and [batch, contracted, free], reshaped and transposed to the output. The products and their rounding
    are a MatMul's, which np.einsum's own loops do not reproduce."""
    (sa, sb) = ins
    lone = [i for i, c in enumerate(sa) if c not in sb and c not in out]
    if lone:
        a = xp.sum(a, axis=tuple(lone))
        sa = "".join(c for c in sa if c in sb or c in out)
    lone = [i for i, c in enumerate(sb) if c not in sa and c not in out]
    if lone:
        b = xp.sum(b, axis=tuple(lone))
        sb = "".join(c for c in sb if c in sa or c in out)
    batch = [c for c in sa if c in sb and c in out]
    contracted = [c for c in sa if c in sb and c not in out]
    free_a = [c for c in sa if c not in sb]
    free_b = [c for c in sb if c not in sa]
    size = dict(zip(sa, a.shape)) | dict(zip(sb, b.shape))
    dims = [size[c] for c in batch]

    def count(labels):
        return int(np.prod([size[c] for c in labels], dtype=np.int64))

    a = xp.reshape(xp.transpose(a, [sa.index(c) for c in batch + free_a + contracted]),
                   dims + [count(free_a), count(contracted)])
    b = xp.reshape(xp.transpose(b, [sb.index(c) for c in batch + contracted + free_b]),
                   dims + [count(contracted), count(free_b)])
    result = xp.reshape(xp.matmul(a, b), dims + [size[c] for c in free_a + free_b])
    labels = batch + free_a + free_b
    return xp.asarray(xp.transpose(result, [labels.index(c) for c in out]), dtype=a.dtype)


def _check_label_sizes(ins, arrays) -> None:
    """TF's kernel error for a label whose run-time sizes differ: the first size seen (operands in order,
    axes in order) against the axis of a later operand (ellipsis axes are broadcast, not compared)."""
    sizes: dict = {}
    for spec, array in zip(ins, arrays):
        shape = np.shape(array)
        labels = spec.replace("0", "0" * (len(shape) - len(spec) + 1)) if "0" in spec else spec
        for axis, (label, size) in enumerate(zip(labels, shape)):
            if label == "0":
                continue
            if sizes.setdefault(label, size) != size:
                raise errors.InvalidArgumentError(
                    None, None, f"Expected dimension {sizes[label]} at axis {axis} of the input shaped "
                                f"{common.dims_str(array)} but got dimension {size}")


@op("Einsum", inputs=("*inputs",), attrs=dict(equation=""), type_attrs=dict(T="inputs", N="#inputs"))
class Einsum:
    """Tensor contraction by an Einstein-summation equation; an ellipsis (`...`) stands for broadcast
    batch dimensions (right-aligned, size-1 dimensions stretch), as in NumPy."""

    def infer(*inputs, equation):
        dtype = inputs[0].dtype.base_dtype
        check_dtype("Einsum", "inputs", inputs[0], NUMBERS)
        for t in inputs[1:]:
            if t.dtype.base_dtype is not dtype:
                raise TypeError(f"Tensors in list passed to 'inputs' of 'Einsum' Op have types "
                                f"[{', '.join(x.dtype.base_dtype.name for x in inputs)}] that don't all match.")
        ins, out = _parse_equation(equation, len(inputs))
        sizes: dict[str, int | None] = {}
        batch: list | None = []
        for index, (spec, t) in enumerate(zip(ins, inputs)):
            if spec.count("0") > 1:
                raise _einsum_shape_error(f"Expected at most one ellipsis (...), but found {3 * spec.count('0')} "
                                          f"periods (.) in the input subscript: {spec.replace('0', '...')}", inputs)
            dims = t.shape.as_tuple()
            if dims is None:
                if "0" in spec:
                    batch = None
                continue
            dims = list(dims)
            named = spec.replace("0", "")
            if "0" in spec:
                if len(dims) < len(named):
                    raise _einsum_shape_error(f"Shape must be at least rank {len(named)} but is rank {len(dims)}\n\t"
                                              f" for {index}th input and equation: {equation}", inputs)
                start = spec.index("0")
                stop = start + len(dims) - len(named)
                if batch is not None:
                    batch = _broadcast_batch(batch, dims[start:stop], inputs)
                dims = dims[:start] + dims[stop:]
            elif len(dims) != len(named):
                raise _einsum_shape_error(f"Shape must be rank {len(named)} but is rank {len(dims)}\n\t"
                                          f" for {index}th input and equation: {equation}", inputs)
            for c, d in zip(named, dims):
                known = sizes.get(c)
                if known is not None and d is not None and known != d:
                    raise _einsum_shape_error(f"Dimensions must be equal, but are {known} and {d}", inputs)
                if known is None:
                    sizes[c] = d
        if "0" not in out:
            if batch:
                raise _einsum_shape_error(
                    f"Shape must be at most rank 0 but is rank {len(batch)}\n\t for einsum equation '{equation}' "
                    "without ellipsis (...) in the output subscripts where input(s) have non-empty broadcasting "
                    "shape", inputs)
            return dtype, TensorShape([sizes.get(c) for c in out])
        if batch is None:
            return dtype, TensorShape(None)
        start = out.index("0")
        return dtype, TensorShape([sizes.get(c) for c in out[:start]] + batch + [sizes.get(c) for c in out[start + 1:]])

    def kernel(xp, *arrays, equation):
        ins, out = _parse_equation(equation, len(arrays))
        if len(arrays) == 2 and "0" not in out and all("0" not in s and len(set(s)) == len(s) for s in ins):
            _check_label_sizes(ins, arrays)
            return _contract(xp, ins, out, *arrays)
        try:
            return xp.asarray(xp.einsum(_render(ins, out), *arrays), dtype=arrays[0].dtype)
        except ValueError as e:
            _check_label_sizes(ins, arrays)
            raise errors.InvalidArgumentError(None, None, f"Einsum: {e}") from None

    def grad(op_, g):
        """TF's rule: each operand's gradient is an einsum of `g` with the other operand (labels only that
        operand has are restored by broadcasting), summed over the batch dimensions it was broadcast along."""
        ins, out = _parse_equation(op_.attrs["equation"], len(op_.inputs))
        if "0" not in out:  # the ellipses are all empty (infer and the kernel check it): drop them
            ins = [spec.replace("0", "") for spec in ins]
        else:  # "...ij,jk->...ik": "jk" gets trailing batch axes, which its gradient is summed over
            ins = [spec if "0" in spec else spec + "0" for spec in ins]
        grads = []
        for i, (spec, x) in enumerate(zip(ins, op_.inputs)):
            if len(set(spec)) != len(spec):
                raise NotImplementedError("Einsum gradient with a repeated subscript in one input")
            others = [(s, t) for j, (s, t) in enumerate(zip(ins, op_.inputs)) if j != i]
            present = set(out).union(*(s for s, _ in others))
            kept = "".join(c for c in spec if c in present)
            grad = Einsum([g] + [t for _, t in others], equation=_render([out] + [s for s, _ in others], kept))
            if kept != spec:
                from .array import ones_like

                grad = Einsum([grad, ones_like(x)], equation=_render([kept, spec], spec))
            grads.append(_sum_batch(grad, x, spec) if "0" in spec else grad)
        return grads

    samples = [(([np.linspace(-1, 1, 6).reshape(2, 3), np.linspace(0, 1, 12).reshape(3, 4)],),
                dict(equation="ij,jk->ik")),
               (([np.linspace(-1, 1, 24).reshape(2, 3, 4), np.linspace(0, 1, 8).reshape(2, 4)],),
                dict(equation="bij,bj->bi")),
               (([np.arange(6.0).reshape(2, 3)],), dict(equation="ij->j")),
               (([np.ones((2, 3), np.float32), np.ones(3, np.float32)],), dict(equation="ij,j")),
               (([np.linspace(-1, 1, 24).reshape(2, 1, 3, 4), np.linspace(0, 2, 40).reshape(5, 4, 2)],),
                dict(equation="...ij,...jk->...ik")),
               (([np.linspace(-1, 1, 24).reshape(2, 3, 4), np.linspace(0, 2, 8).reshape(4, 2)],),
                dict(equation="...ij,jk->...ik")),
               (([np.linspace(-1, 1, 12).reshape(3, 4), np.linspace(0, 2, 24).reshape(3, 2, 4)],),
                dict(equation="i...,i...->...")),
               (([np.linspace(-1, 1, 24).reshape(2, 3, 4)],), dict(equation="...ij->...j")),
               (([np.linspace(-1, 1, 6).reshape(2, 3), np.linspace(0, 2, 12).reshape(3, 4)],),
                dict(equation="...ij,...jk->ik")),
               (([np.arange(12, dtype=np.int32).reshape(2, 3, 2), np.arange(2, dtype=np.int32)],),
                dict(equation="ab...,...->b..."))]


def _sum_batch(grad: Tensor, x: Tensor, spec: str) -> Tensor:
    """`grad` (the full broadcast batch shape where `x` has its ellipsis) summed to `x`'s shape."""
    from .array import reshape, shape
    from .math import BroadcastGradientArgs
    from .reduction import reduce_sum

    start, after = spec.index("0"), len(spec) - spec.index("0") - 1
    gs, xs = grad.shape.as_tuple(), x.shape.as_tuple()
    if gs is not None and xs is not None and None not in gs and None not in xs:
        if gs == xs:
            return grad
        gb, xb = gs[start:len(gs) - after], xs[start:len(xs) - after]
        lead = len(gb) - len(xb)
        axes = [start + k for k in range(lead)]
        axes += [start + lead + k for k, d in enumerate(xb) if d == 1 and gb[lead + k] != 1]
        return reshape(reduce_sum(grad, axes) if axes else grad, list(xs))
    x_shape, g_shape = shape(x), shape(grad)
    stop = -after if after else None
    axes, _ = BroadcastGradientArgs(x_shape[start:stop], g_shape[start:stop])
    return reshape(reduce_sum(grad, axes + start), x_shape)


def _static_dims(ins, shapes) -> tuple[tuple[int, ...], ...]:
    """The shapes TF hands opt_einsum for choosing a contraction order: an ellipsis (label "0") becomes one
    dimension, the product of its known sizes; each label gets the largest size any operand gives it, and
    1 where no operand knows it."""
    sizes: dict[str, int] = {}
    for i, (labels, shape) in enumerate(zip(ins, shapes)):
        if shape is None:
            continue
        shape = list(shape)
        if "0" in labels:
            if labels.count("0") > 1:
                raise ValueError(f"Too many ellipses in input label {labels.replace('0', '...')}.")
            if len(labels) > len(shape) + 1:
                raise ValueError(f"Too many named labels in {i}th subscript string of equation for input shape "
                                 f"{shape} ")
            start, stop = labels.index("0"), labels.index("0") + len(shape) + 1 - len(labels)
            shape[start:stop] = [int(np.prod([d for d in shape[start:stop] if d], dtype=np.int64))]
        elif len(labels) != len(shape):
            raise ValueError(f"Number of named labels in input #{i} of equation must be equal to the number of "
                             f"dimensions in shape {shape}")
        for label, dim in zip(labels, shape):
            if dim is not None:
                sizes[label] = max(sizes.get(label, 1), dim)
    return tuple(tuple(sizes.get(label, 1) for label in labels) for labels in ins)


class _Shaped(tuple):
    """What opt_einsum plans with in place of an array: only a `shape`."""

    @property
    def shape(self):
        return tuple(self)


@functools.lru_cache(maxsize=128)
def _contraction_order(equation: str, dims: tuple[tuple[int, ...], ...], optimize) -> tuple:
    """((operand positions, pairwise equation), ...): opt_einsum's plan for an n-ary einsum, which TF
    follows, one Einsum op per step (the operands popped from the list, the result appended)."""
    import opt_einsum

    _, steps = opt_einsum.contract_path(equation, *(_Shaped(d) for d in dims), optimize=optimize,
                                        einsum_call=True, use_blas=True)
    return tuple((tuple(step[0]), step[2]) for step in steps)


@tf_export("linalg.einsum", "einsum")
def einsum(equation, *inputs, **kwargs) -> Tensor:
    """`tf.einsum(equation, *inputs, name=None, optimize="greedy")`: one or two operands make one Einsum
    op, named `einsum/Einsum` as TF names it; more are contracted pairwise in the order opt_einsum's
    `optimize` strategy picks from the static shapes, as TF does (`einsum/Einsum`, `einsum/Einsum_1`, ...)."""
    name = kwargs.pop("name", None)
    optimize = kwargs.pop("optimize", "greedy")
    if kwargs:
        raise TypeError(f"Invalid keyword arguments for this function: {', '.join(sorted(kwargs))}")
    with get_default_graph().name_scope(name or "einsum"):
        tensors = common.convert_same_dtype("Einsum", inputs, [f"inputs_{i}" for i in range(len(inputs))])
        ins, out = _parse_equation(equation, len(tensors))
        if len(tensors) <= 2:
            return Einsum(tensors, equation=_render(ins, out), name="Einsum")
        dims = _static_dims(ins, [t.shape.as_list() if t.shape.ndims is not None else None for t in tensors])
        operands = list(tensors)
        for positions, pairwise in _contraction_order(f"{','.join(ins)}->{out}", dims, optimize):
            taken = [operands.pop(i) for i in positions]
            operands.append(Einsum(taken, equation=pairwise.replace("0", "..."), name="Einsum"))
        return operands[0]


@tf_export("linalg.tensordot", "tensordot")
def tensordot(a, b, axes, name=None) -> Tensor:
    """`tf.tensordot`: sums a's and b's products over the given axes, as TF builds it: each operand
    transposed (free axes first for `a`, last for `b`) and reshaped to a matrix, one MatMul, and a
    Reshape to the free dimensions; shapes known at graph time become constants."""
    from .array import concat, gather, reshape, shape, stack
    from .array_transform import transpose
    from .constant import constant
    from .matmul import matmul
    from .reduction import reduce_prod

    def contraction_axes(t):
        rank = t.shape.ndims
        if isinstance(axes, (int, np.integer)):
            if axes < 0:
                raise ValueError(f"`axes` must be at least 0. Received: {axes}.")
            if rank is None:
                raise NotImplementedError("tf.tensordot with an integer `axes` of a tensor of unknown rank")
            if axes > rank:
                raise ValueError(f"`axes` must not be larger than the number of dimensions of tensor {t}.  "
                                 f"Received {axes}, vs tensor dimensions {rank}.")
            return list(range(rank - axes, rank)), list(range(axes))
        if not isinstance(axes, (list, tuple)) or len(axes) != 2:
            raise ValueError(f"`axes` must be an integer or have length 2. Received {axes}.")
        a_axes, b_axes = axes
        if isinstance(a_axes, (int, np.integer)) and isinstance(b_axes, (int, np.integer)):
            a_axes, b_axes = [a_axes], [b_axes]
        a_axes, b_axes = ([int(v) for v in np.asarray(listed).reshape(-1)] for listed in (a_axes, b_axes))
        if len(a_axes) != len(b_axes):
            raise ValueError(f"Different number of contraction axes `a` and `b`, {len(a_axes)} != {len(b_axes)}.")
        return a_axes, b_axes

    def as_matrix(t, contracted, free_last):
        """(t as a matrix, its free dims as a list or a tensor, the free dims' static shape)."""
        dims = t.shape.as_tuple()
        if dims is None:
            raise NotImplementedError("tf.tensordot of a tensor of unknown rank")
        contracted = [i % len(dims) for i in contracted]
        free = [i for i in range(len(dims)) if i not in contracted]
        perm = contracted + free if free_last else free + contracted
        free_static = [dims[i] for i in free]
        if None not in dims:
            rows, cols = int(np.prod([dims[i] for i in free])), int(np.prod([dims[i] for i in contracted]))
            matrix = transpose(t, perm) if perm != list(range(len(dims))) else t
            target = [cols, rows] if free_last else [rows, cols]
            if matrix.shape.as_list() != target:
                matrix = reshape(matrix, target)
            return matrix, free_static, free_static
        contracted_t = constant(contracted, name="axes")
        free_t = constant(free, name="free")
        dynamic = shape(t)
        free_dims, contracted_dims = gather(dynamic, free_t), gather(dynamic, contracted_t)
        rows, cols = reduce_prod(free_dims), reduce_prod(contracted_dims)
        if free_last:
            perm_t, target = concat([contracted_t, free_t], 0), stack([cols, rows])
        else:
            perm_t, target = concat([free_t, contracted_t], 0), stack([rows, cols])
        return reshape(transpose(t, perm_t), target), free_dims, free_static

    with get_default_graph().name_scope(name or "Tensordot") as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        a_axes, b_axes = contraction_axes(a)
        a_matrix, a_free, a_static = as_matrix(a, a_axes, False)
        b_matrix, b_free, b_static = as_matrix(b, b_axes, True)
        product = matmul(a_matrix, b_matrix)
        if isinstance(a_free, list) and isinstance(b_free, list):
            if product.shape.is_fully_defined() and product.shape.as_list() == a_free + b_free:
                return product
            return reshape(product, a_free + b_free, name=scope)
        free_dims = [d if isinstance(d, Tensor) else constant(d, dtype=dtypes.int32) for d in (a_free, b_free)]
        result = reshape(product, concat(free_dims, 0), name=scope)
        result.set_shape(a_static + b_static)
        return result
