"""`tf.map_fn`, `tf.scan`, `tf.foldl` and `tf.foldr`: loops over the first dimension, built on
`tf.while_loop` (ops/functional.py), so their gradients and saved values are the loop's."""

from __future__ import annotations

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .constant import convert_to_tensor
from .functional import while_loop
from .structure import flatten as _flatten
from .structure import pack_sequence_as as _pack


@tf_export("foldl")
def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """fn(...fn(fn(initializer, elems[0]), elems[1])..., elems[n-1]) over the first dimension."""
    return _fold(fn, elems, initializer, reverse=False, name=name or "foldl")


@tf_export("foldr")
def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """The same as foldl, from the last element to the first."""
    return _fold(fn, elems, initializer, reverse=True, name=name or "foldr")


def _fold(fn, elems, initializer, reverse, name):
    from .array import shape
    from .math import subtract

    with get_default_graph().name_scope(name):
        elems = convert_to_tensor(elems, name="elems")
        n = shape(elems)[0]
        if initializer is None:
            acc = elems[n - 1] if reverse else elems[0]
            start = subtract(n, 2) if reverse else convert_to_tensor(1)
        else:
            acc = initializer
            start = subtract(n, 1) if reverse else convert_to_tensor(0)
        step = -1 if reverse else 1

        def keep_going(i, a):
            from .math import greater_equal, less

            return greater_equal(i, 0) if reverse else less(i, n)

        def advance(i, a):
            return i + step, fn(a, elems[i])

        _, result = while_loop(keep_going, advance, [start, acc])
        return result


@tf_export("scan")
def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, infer_shape=True,
         reverse=False, name=None):
    """The sequence of accumulated values `a_i = fn(a_{i-1}, elems[i])`, stacked along dimension 0."""
    from .array import concat, expand_dims, shape

    with get_default_graph().name_scope(name or "scan"):
        elems = convert_to_tensor(elems, name="elems")
        n = shape(elems)[0]
        first = elems[n - 1] if reverse else elems[0]
        acc = first if initializer is None else fn(convert_to_tensor(initializer), first)
        start = 1
        stacked = expand_dims(acc, 0)
        acc_shape = TensorShape([None]).concatenate(acc.shape)

        def keep_going(i, a, out):
            from .math import less

            return less(i, n)

        def advance(i, a, out):
            index = n - 1 - i if reverse else i
            new = fn(a, elems[index])
            grown = concat([expand_dims(new, 0), out] if reverse else [out, expand_dims(new, 0)], 0)
            return i + 1, new, grown

        _, _, result = while_loop(keep_going, advance, [convert_to_tensor(start), acc, stacked],
                                  shape_invariants=[TensorShape([]), acc.shape, acc_shape])
        if elems.shape.ndims and elems.shape[0].value is not None:
            result.set_shape(TensorShape([elems.shape[0].value]).concatenate(acc.shape))
        return result


@tf_export("map_fn")
def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False, infer_shape=True,
           name=None, fn_output_signature=None):
    """`fn` applied to each element of `elems` (a tensor or a nested structure of tensors, unstacked
    along dimension 0), results stacked. The first element is mapped outside the loop, which fixes
    the result's structure, dtypes and element shapes; `elems` must not be empty."""
    from .array import concat, expand_dims, shape
    from .math import less

    with get_default_graph().name_scope(name or "map"):
        flat_elems = [convert_to_tensor(e, name="elems") for e in _flatten(elems)]
        n = shape(flat_elems[0])[0]

        def call(i):
            return fn(_pack(elems, [e[i] for e in flat_elems]))

        first = call(0)
        first_flat = [convert_to_tensor(t) for t in _flatten(first)]

        def keep_going(i, *outs):
            return less(i, n)

        def advance(i, *outs):
            new = [convert_to_tensor(t) for t in _flatten(call(i))]
            return (i + 1,) + tuple(concat([out, expand_dims(t, 0)], 0) for out, t in zip(outs, new))

        invariants = [TensorShape([])] + [TensorShape([None]).concatenate(t.shape) for t in first_flat]
        results = while_loop(keep_going, advance, [convert_to_tensor(1)] + [expand_dims(t, 0) for t in first_flat],
                             shape_invariants=invariants)[1:]
        known = flat_elems[0].shape.ndims and flat_elems[0].shape[0].value
        if known is not None:
            for r, t in zip(results, first_flat):
                r.set_shape(TensorShape([known]).concatenate(t.shape))
        return _pack(first, list(results))
