"""`tf.map_fn`, `tf.scan`, `tf.foldl` and `tf.foldr`: loops over the first dimension of (nested)
`elems`, each one `While` op (ops/loops.py) whose body calls `fn` once per element, as TF's do.

map_fn and scan collect each iteration's result in the loop (TF writes it to a TensorArray), so `fn`
is traced once and runs once per element, its random ops included; their gradients are the loop's.
"""

from __future__ import annotations

from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from .constant import convert_to_tensor
from .loops import build_loop
from .structure import assert_same_structure, flatten as _flatten
from .structure import pack_sequence_as as _pack


def _elements(elems):
    """(flat element tensors, their length as a tensor, the static length or None), with TF's errors."""
    from .array import shape

    flat = [convert_to_tensor(e, name="elems") for e in _flatten(elems)]
    if not flat:
        raise ValueError(f"elems must be a Tensor or (possibly nested) sequence of Tensors. Got {elems}")
    for e in flat:
        if e.shape.ndims == 0:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
    static = flat[0].shape[0].value if flat[0].shape.ndims else None
    n = convert_to_tensor(static) if static is not None else shape(flat[0])[0]
    return flat, n, static


def _row(elems, i):
    """Element `i` of `elems` read inside the loop, as a gather: its gradient is that row
    (IndexedSlices), which the loop's gradient adds into one total (as TF's TensorArray read), rather
    than an array the size of `elems` per iteration."""
    from .array_slicing import gather

    return gather(elems, i)


def _loop(initial, shapes, n, body, back_prop, parallel_iterations):
    """`build_loop` of `body` while the counter (the first loop variable) is below `n`, in a `while`
    scope inside the caller's."""
    with get_default_graph().name_scope("while") as scope:
        return build_loop(initial, shapes, lambda loop: loop[0] < n, body, scope, back_prop=back_prop,
                          parallel_iterations=parallel_iterations or 10)


def _stacked_shapes(results, values, static):
    for r, v in zip(results, values):
        r.set_shape(TensorShape([static]).concatenate(v.shape))


@tf_export("map_fn")
def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False, infer_shape=True,
           name=None, fn_output_signature=None):
    """`fn` applied to each element of `elems` (a tensor or a nested structure of tensors, unstacked
    along dimension 0), results stacked. `fn`'s result must be nested as `dtype` (as `elems` when no
    dtype is given)."""
    signature = fn_output_signature if fn_output_signature is not None else dtype
    with get_default_graph().name_scope(name or "map"):
        flat, n, static = _elements(elems)
        structure = []

        def body(loop):
            i = loop[0]
            result = fn(_pack(elems, [_row(e, i) for e in flat]))
            assert_same_structure(signature if signature is not None else elems, result)
            values = [convert_to_tensor(v) for v in _flatten(result)]
            expected = _flatten(signature) if signature is not None else [e.dtype for e in flat]
            for v, want in zip(values, expected):
                want = getattr(want, "dtype", want)
                if v.dtype.base_dtype is not want.base_dtype:
                    raise TypeError(f"map_fn: fn returned {v.dtype.base_dtype.name} where the output signature "
                                    f"says {want.base_dtype.name} (pass dtype= to map_fn)")
            structure.append(result)
            return [i + 1], values

        (_,), results = _loop([convert_to_tensor(0)], [TensorShape([])], n, body, back_prop, parallel_iterations)
        _stacked_shapes(results, [convert_to_tensor(v) for v in _flatten(structure[0])], static)
        return _pack(structure[0], results)


@tf_export("scan")
def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, infer_shape=True,
         reverse=False, name=None):
    """The sequence of accumulated values `a_i = fn(a_{i-1}, elems[i])`, stacked along dimension 0
    (from the last element to the first with `reverse`). Without `initializer`, `a_0` is the first
    element itself (the last, with `reverse`)."""
    from .array import concat, expand_dims
    from .array_reverse import reverse as reverse_along

    with get_default_graph().name_scope(name or "scan"):
        flat, n, static = _elements(elems)
        start = n - 1 if reverse else 0
        if initializer is None:
            accumulator = elems
            first = [e[start] for e in flat]
        else:
            accumulator = initializer
            first = [convert_to_tensor(a) for a in _flatten(initializer)]
        offset = 0 if initializer is not None else 1

        def body(loop):
            i, acc = loop[0], loop[1:]
            index = n - 1 - i if reverse else i
            result = fn(_pack(accumulator, acc), _pack(elems, [_row(e, index) for e in flat]))
            assert_same_structure(accumulator, result)
            values = [convert_to_tensor(v) for v in _flatten(result)]
            return [i + 1] + values, values

        _, results = _loop([convert_to_tensor(offset)] + first, [TensorShape([])] + [a.shape for a in first], n, body,
                           back_prop, parallel_iterations)
        if reverse:
            results = [reverse_along(r, [0]) for r in results]
        if initializer is None:
            results = [concat([r, expand_dims(a, 0)] if reverse else [expand_dims(a, 0), r], 0)
                       for r, a in zip(results, first)]
        _stacked_shapes(results, first, static)
        return _pack(accumulator, results)


@tf_export("foldl")
def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """fn(...fn(fn(initializer, elems[0]), elems[1])..., elems[n-1]) over the first dimension."""
    return _fold(fn, elems, initializer, False, parallel_iterations, back_prop, name or "foldl")


@tf_export("foldr")
def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """The same as foldl, from the last element to the first."""
    return _fold(fn, elems, initializer, True, parallel_iterations, back_prop, name or "foldr")


def _fold(fn, elems, initializer, reverse, parallel_iterations, back_prop, name):
    with get_default_graph().name_scope(name):
        flat, n, _ = _elements(elems)
        if initializer is None:
            accumulator = elems
            first = [e[n - 1] if reverse else e[0] for e in flat]
        else:
            accumulator = initializer
            first = [convert_to_tensor(a) for a in _flatten(initializer)]
        done = 1 if initializer is None else 0

        def body(loop):
            i, acc = loop[0], loop[1:]
            index = n - 1 - i if reverse else i
            result = fn(_pack(accumulator, acc), _pack(elems, [_row(e, index) for e in flat]))
            assert_same_structure(accumulator, result)
            return [i + 1] + [convert_to_tensor(v) for v in _flatten(result)], []

        (_, *finals), _ = _loop([convert_to_tensor(done)] + first, [TensorShape([])] + [a.shape for a in first], n,
                                body, back_prop, parallel_iterations)
        return _pack(accumulator, finals)
