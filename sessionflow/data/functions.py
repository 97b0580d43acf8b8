"""User functions of datasets (map, filter, flat_map, interleave fns) traced into sub-graphs.

A function is traced once, the way tf.cond traces its branches: its arguments are fed placeholders
(`args_0`, `args_1`, ...), the ops it creates form a `Subgraph`, and the outer tensors it reads become
the dataset op's `other_arguments`. Each call runs the sub-graph in the session
(`OpContext.run_subgraph`), so stateful ops inside (random ops with seeds) draw as they run.
"""

from __future__ import annotations

import re
import warnings

import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import Operation, Tensor, get_default_graph
from ..framework.seeds import function_op_seeds
from ..ops.functional import Subgraph, _close, _trace
from ..ops.loops import LoopVariable
from . import structure as st


class TracedFunction:
    """`fn` traced for elements of structure `input_specs`: `subgraph`, `captures` (outer tensors it
    reads, fed after the arguments), `output_specs` (its result's structure), `output_value` (the
    Python object it returned when that is a Dataset: flat_map/interleave)."""

    def __init__(self, fn, input_specs, transformation: str, expect_dataset=False):
        graph = get_default_graph()
        fn_name = getattr(fn, "__name__", "fn")
        scope = re.sub(r"[^A-Za-z0-9_.\-]", "_", f"{transformation}_{fn_name}").strip("_")
        self.dataset = None

        def traced():
            args = [LoopVariable(dtype=dtype, shape=shape, name=f"args_{i}")
                    for i, (dtype, shape) in enumerate(zip(st.flat_types(input_specs), st.flat_shapes(input_specs)))]
            packed = st.pack(input_specs, [_as_argument(a, s) for a, s in zip(args, st.flatten(input_specs))])
            result = fn(*packed) if _spreads(input_specs) else fn(packed)
            return args, result

        with graph.name_scope(scope), function_op_seeds(graph):  # a function graph's own op seeds, as in TF
            (args, result), record = _trace(traced)
        if expect_dataset:
            from .dataset import DatasetV2

            if not isinstance(result, DatasetV2):
                raise TypeError(f"`{transformation}` must return a `Dataset` object. Got {type(result)}.")
            self.dataset = result
            outputs = [result._variant]
            self.output_specs = result._specs
        else:
            if isinstance(result, list):
                warnings.warn("The `map_func` returned a list; it is converted to a tuple.", stacklevel=3)
                result = tuple(result)
            if isinstance(result, Operation):
                raise TypeError(f"The function given to `{transformation}` returned an Operation ({result.name}); "
                                "it must return tensors.")
            with graph.name_scope(scope):
                graph._tracing = record
                try:
                    result, outputs = st.to_tensors(result)
                finally:
                    graph._tracing = record.parent
            self.output_specs = st.specs_of(result)
        subgraph, captures, control = _close(record, outputs, fed=args, name=scope)
        self.subgraph = subgraph
        self.captures = captures
        self.control = control
        self.name = scope

    def __repr__(self):
        return f"<TracedFunction {self.name}>"


def _as_argument(tensor, spec):
    """What the function receives for one component: the tensor, a SparseTensor for a sparse one, or
    for a dataset component (a window) a Dataset over it."""
    if st.is_sparse(spec):
        from .sparse import from_variant

        return from_variant(tensor, spec)
    inner = getattr(spec.cls, "specs", None)
    if inner is None:
        return tensor
    from .dataset import DatasetV1

    return DatasetV1(tensor, inner)


def _spreads(specs) -> bool:
    """Whether elements of this structure are passed as separate arguments (a tuple is spread)."""
    return isinstance(specs, tuple) and not hasattr(specs, "_fields")


class FunctionCall:
    """A function's sub-graph (a dataset op's `f` attr) bound to one session and to the values of its
    captures: `__call__(flat element) -> flat outputs`. Errors inside keep their TF type."""

    __slots__ = ("captured", "ctx", "dtypes", "subgraph")

    def __init__(self, ctx, subgraph, captured):
        self.ctx = ctx
        self.subgraph = subgraph
        self.captured = tuple(captured)
        n = len(subgraph.inputs) - len(self.captured)
        self.dtypes = tuple(None if t.dtype.base_dtype == dtypes.variant else t.dtype.base_dtype.as_numpy_dtype
                            for t in subgraph.inputs[:n])

    def __call__(self, element):
        args = tuple(v if type(v) is np.ndarray or d is None else np.asarray(v, dtype=d)
                     for v, d in zip(element, self.dtypes))
        return self.ctx.run_subgraph(self.subgraph, args + self.captured)


def stateful_ops(subgraph, found=None) -> set:
    """The stateful ops of a function's sub-graph, and of the functions of dataset ops inside it."""
    found = set() if found is None else found
    for op_ in subgraph.ops:
        if op_.opdef.stateful and op_ not in found:
            found.add(op_)
        for value in op_.attrs.values():
            if isinstance(value, Subgraph):
                stateful_ops(value, found)
    return found


def reraise_as_op_error(exc: Exception):
    """A Python exception from inside a function, as TF's InvalidArgumentError (errors keep theirs)."""
    if isinstance(exc, errors.OpError):
        return exc
    return errors.InvalidArgumentError(None, None, f"{type(exc).__name__}: {exc}")


__all__ = ["FunctionCall", "Tensor", "TracedFunction"]
