"""`tf.while_loop` as one `While` op over traced cond/body sub-graphs, and its gradient.

`build_loop` is the core every loop uses (while_loop, map_fn, scan, the folds): flat loop variables,
a traced cond and body, and optionally values *collected* from each iteration, which the While op
returns stacked along a new first dimension (as TF's map_fn and scan accumulate into a TensorArray).
A While keeps, for its gradient, the loop state before each iteration and the values its body saved
(ops/functional.py: `Subgraph.saved`); `WhileGrad` runs the body's gradient over them, last iteration
first. A loop body saves every value its gradient reads except constants, stateless or not (TF's
accumulators; `_SavingBody` says what it costs), so no op of the body runs again. The gradient of an
outer tensor the body gathers rows of (dynamic_rnn's step inputs, map_fn's elements) is added up row
by row into one array, as TF's TensorArray gradient writes row t.
"""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape, as_shape
from .constant import convert_to_tensor
from .functional import (Subgraph, _close, _trace, function_seeds, gradient_spec, takes_gradient,
                         zeros_for_gradient)
from .structure import assert_same_structure, flatten as _flatten, is_nested
from .structure import pack_sequence_as as _pack


@op("LoopVariable", attrs=dict(dtype=None, shape=None), foldable=False)
class LoopVariable:
    """The value of a loop variable inside a while loop's cond/body (fed at every iteration)."""

    def infer(dtype, shape):
        return dtype, shape

    kernel = None
    grad = NOT_DIFFERENTIABLE


@op("While", inputs=("*input",), attrs=dict(cond=None, body=None, T=(), output_shapes=(), parallel_iterations=10,
                                          num_loop_vars=0, num_collected=0, has_max=False, keep_states=True),
    stateful=True, type_attrs=dict(has_max=None, num_loop_vars=None, num_collected=None, keep_states=None))
class While:
    """Runs `body` while `cond` holds. Inputs: the loop variables, then (if `has_max`) the maximum
    number of iterations, then the sub-graphs' outer inputs. The body's outputs are the next loop
    variables, then `num_collected` values kept from every iteration. Outputs: the final loop
    variables, the collected values stacked, and last (variant) each iteration's loop state and saved
    values, for the gradient."""

    def infer(*inputs, cond, body, T, output_shapes, parallel_iterations, num_loop_vars, num_collected, has_max,
              keep_states):
        return [(d, s) for d, s in zip(T, output_shapes)] + [(dtypes.variant, TensorShape([]))]

    def kernel(ctx, xp, *inputs, cond, body, T, output_shapes, parallel_iterations, num_loop_vars, num_collected,
               has_max, keep_states):
        n = num_loop_vars
        state = list(inputs[:n])
        limit = int(inputs[n]) if has_max else None
        outer = list(inputs[n + (1 if has_max else 0):])
        history = []
        collected = [[] for _ in range(num_collected)]
        iteration = 0
        while (limit is None or iteration < limit) and bool(ctx.run_subgraph(cond, state + outer)[0]):
            if keep_states:
                values, saved = ctx.run_subgraph(body, state + outer, keep=True)
                history.append((state, saved))
            else:
                values = ctx.run_subgraph(body, state + outer)
            state = list(values[:n])
            for items, value in zip(collected, values[n:]):
                items.append(value)
            iteration += 1
        stacked = [xp.stack(items) if items else _empty(T[n + j], output_shapes[n + j])
                   for j, items in enumerate(collected)]
        return tuple(state) + tuple(stacked) + (history,)

    def grad(op_, *grads):
        n, c = op_.attrs["num_loop_vars"], op_.attrs["num_collected"]
        has_max = op_.attrs["has_max"]
        outer = list(op_.inputs[n + (1 if has_max else 0):])
        differentiable = [i for i in range(n) if op_.inputs[i].dtype.base_dtype.is_floating]
        collected_diff = [j for j in range(c) if op_.outputs[n + j].dtype.base_dtype.is_floating]
        outer_diff = [j for j, t in enumerate(outer) if takes_gradient(t)]
        if not differentiable and not collected_diff:
            return [None] * len(op_.inputs)
        from .array import zeros_like

        def seed(k):
            return grads[k] if grads[k] is not None else zeros_like(op_.outputs[k])

        body_grad, saved_index, sparse = _body_gradient(op_, differentiable, collected_diff, outer_diff)
        outs = WhileGrad(op_.outputs[-1], [seed(i) for i in differentiable], [seed(n + j) for j in collected_diff],
                         outer, body_grad=body_grad, saved_index=saved_index, num_grads=len(differentiable),
                         num_collected=len(collected_diff), num_outer=len(outer_diff), outer_index=tuple(outer_diff),
                         sparse_outer=sparse,
                         T=tuple(op_.inputs[i].dtype.base_dtype for i in differentiable),
                         output_shapes=tuple(op_.inputs[i].shape for i in differentiable)
                         + tuple(gradient_spec(outer[j])[1] for j in outer_diff),
                         To=tuple(gradient_spec(outer[j])[0] for j in outer_diff))
        outs = [outs] if isinstance(outs, Tensor) else list(outs)
        result = [None] * len(op_.inputs)
        for k, i in enumerate(differentiable):
            result[i] = outs[k]
        base = n + (1 if has_max else 0)
        for k, j in enumerate(outer_diff):
            result[base + j] = outs[len(differentiable) + k]
        return result


def _empty(dtype, shape):
    """The stack of no values of static `shape` ([?, ...]): unknown sizes are 0."""
    dims = [0] + [d if d is not None else 0 for d in (shape.as_list()[1:] if shape.ndims is not None else [])]
    return np.zeros(dims, dtype.as_numpy_dtype)


def _body_gradient(loop, differentiable, collected_diff, outer_diff):
    """The sub-graph mapping (loop state, outer inputs, gradients of the body's next loop variables and
    collected values, values the body saved) to the gradients of its inputs: (d state for the
    differentiable loop variables, d outer inputs); the positions of the saved values in
    `body.saved`; and which outer inputs' gradients are rows (a gather in the body: the sub-graph
    gives their values and indices, two outputs, which WhileGrad adds into one total)."""
    from ..gradients import gradients
    from .indexed_slices import IndexedSlices

    body = loop.attrs["body"]
    n = loop.attrs["num_loop_vars"]
    state_inputs = body.inputs[:n]
    outer_inputs = body.inputs[n:]
    ys = [body.outputs[i] for i in differentiable] + [body.outputs[n + j] for j in collected_diff]
    sparse = []

    def fn():
        seeds = [LoopVariable(dtype=y.dtype.base_dtype, shape=y.shape, name="grad_in") for y in ys]
        xs = [state_inputs[i] for i in differentiable] + [outer_inputs[j] for j in outer_diff]
        diffs = gradients(ys, xs, grad_ys=seeds, stop_gradients=outer_inputs)
        outs = []
        for position, (d, x) in enumerate(zip(diffs, xs)):
            if isinstance(d, IndexedSlices) and position >= len(differentiable):
                sparse.append(position - len(differentiable))  # an outer input's rows: added up by WhileGrad
                outs += [d.values, d.indices]
            else:  # a loop variable's sparse gradient feeds the previous iteration: dense
                outs.append(convert_to_tensor(d) if d is not None else zeros_for_gradient(x))
        return seeds, outs

    graph = get_default_graph()
    with graph.name_scope("while_grad"):
        (seeds, outs), record = _trace(fn)
    subgraph, captures, _ = _close(record, outs, fed=list(state_inputs) + list(outer_inputs) + seeds,
                                   name="while_grad", forward=((_SavingBody(body), loop),))
    outside = [t for t in captures if t.op not in body.ops]
    if outside:
        raise NotImplementedError("the gradient of this while loop body reads tensors from outside the loop "
                                  f"that are not loop inputs: {[t.name for t in outside]}")
    return subgraph, tuple(body.keep(t) for t in captures), tuple(sparse)


class _SavingBody:
    """A loop body as its gradient sees it (`functional._close`'s `forward`): every value of the body
    that the gradient reads is saved by each forward iteration, stateful or not, except constants
    (ops without inputs that hold no state), which the gradient holds itself. So no op of the body
    runs again in the gradient: not a stateful one (its value would differ), and not a stateless one
    either (TF's accumulators: a matrix product or activation is computed once). The memory cost is
    those values (references to the arrays the iteration computed, no copies) for every iteration,
    held from the forward iteration until WhileGrad has run over it."""

    __slots__ = ("inputs", "ops")

    def __init__(self, body):
        self.ops = body.ops
        self.inputs = body.inputs

    @staticmethod
    def holds_state(op_) -> bool:
        return bool(op_.inputs) or Subgraph.holds_state(op_)


@op("WhileGrad", inputs=("states", "*grads", "*collected", "*outer"),
    attrs=dict(body_grad=None, saved_index=(), num_grads=0, num_collected=0, num_outer=0, outer_index=(),
               sparse_outer=(), T=(), output_shapes=(), To=()),
    stateful=True)
class WhileGrad:
    """Back-propagates through the iterations a While op recorded, last iteration first; each
    iteration's `body_grad` is fed the loop state, the outer inputs, the gradients of its next loop
    variables so far, the gradients of the values it collected (that iteration's row of `collected`)
    and the values the body saved in that iteration (those at `saved_index`).

    The gradient of an outer input is the sum of every iteration's, kept in one array: a dense one is
    added in place; one listed in `sparse_outer` (by position among the outer gradients) comes as
    rows and their indices (a gather in the body, such as dynamic_rnn's read of step t), added into
    those rows only, as TF's TensorArray gradient writes row t. The sums are those of adding the
    iterations' dense gradients in the same order, bit for bit."""

    def infer(states, *rest, body_grad, saved_index, num_grads, num_collected, num_outer, outer_index, sparse_outer,
              T, output_shapes, To):
        dtypes_out = list(T) + list(To)
        return [(d, s) for d, s in zip(dtypes_out, output_shapes)]

    def kernel(ctx, xp, states, *rest, body_grad, saved_index, num_grads, num_collected, num_outer, outer_index,
               sparse_outer, T, output_shapes, To):
        grads = list(rest[:num_grads])
        collected = rest[num_grads:num_grads + num_collected]
        outer = list(rest[num_grads + num_collected:])
        totals, owned = [None] * num_outer, [False] * num_outer
        for iteration in range(len(states) - 1, -1, -1):
            state, saved = states[iteration]
            fed = list(state) + outer + grads + [g[iteration] for g in collected] + [saved[i] for i in saved_index]
            values = ctx.run_subgraph(body_grad, fed)
            grads = [xp.asarray(v) for v in values[:num_grads]]
            position = num_grads
            for k in range(num_outer):
                if k in sparse_outer:
                    if totals[k] is None:
                        totals[k] = xp.zeros(_outer_value(ctx, outer[outer_index[k]]).shape, To[k].as_numpy_dtype)
                    _add_rows(xp, totals[k], values[position], values[position + 1])
                    position += 2
                else:
                    totals[k], owned[k] = _add(totals[k], values[position], owned[k])
                    position += 1
        for k, j in enumerate(outer_index):
            if totals[k] is None:
                totals[k] = xp.zeros_like(_outer_value(ctx, outer[j]))
        result = tuple(grads) + tuple(xp.asarray(g) for g in totals)
        return result if len(result) != 1 else result[0]

    def grad(op_, *grads):
        """Second-order gradients through a loop would differentiate the recorded iterations too; rather
        than a silent None (a zero Hessian), say that they are not there yet."""
        if any(g is not None for g in grads):
            raise LookupError(f"Gradients of the gradient of a tf.while_loop ({op_.name}) are not supported yet: "
                              "second-order derivatives through loops (including map_fn, scan and folds) are "
                              "not implemented in sessionflow.")
        return [None] * len(op_.inputs)


def _outer_value(ctx, value):
    """An outer input's value; a resource handle's value is its variable's key."""
    return ctx.read(value) if isinstance(value, str) else value


def _add(total, value, owned):
    """(total + value, whether it is an array this kernel made): added in place into such an array
    (a fresh one each iteration would cost as much as the addition); a TensorArray's gradient (an
    object) adds as it defines."""
    if total is None:
        return value, False
    if owned and type(value) is np.ndarray and value.dtype == total.dtype and value.shape == total.shape:
        np.add(total, value, out=total)
        return total, True
    result = total + value
    return result, type(result) is np.ndarray and result.dtype != object


def _add_rows(xp, total, rows, indices):
    """`total[indices] += rows`, rows of one index summed first in their order (UnsortedSegmentSum's
    sum, so `total` gets what adding the dense gradient would give)."""
    if indices.shape[0] == 1:
        total[indices[0]] += rows[0]
        return
    unique, inverse = np.unique(indices, return_inverse=True)
    summed = xp.zeros((unique.shape[0],) + rows.shape[1:], rows.dtype)
    np.add.at(summed, inverse.reshape(-1), rows)
    total[unique] += summed


def build_loop(initial, invariants, cond_fn, body_fn, scope, maximum_iterations=None, back_prop=True,
               parallel_iterations=10):
    """The While op of a loop over the flat tensors `initial` (static shapes `invariants`), inside the
    name scope `scope`. `cond_fn(loop_tensors)` gives the predicate; `body_fn(loop_tensors)` gives
    (next values, values to collect from each iteration). Returns (final values, collected values
    stacked along a new first dimension)."""
    graph = get_default_graph()

    def traced():
        loop_tensors = [LoopVariable(dtype=t.dtype.base_dtype, shape=inv, name="Identity")
                        for t, inv in zip(initial, invariants)]
        with function_seeds(graph):
            keep_going = cond_fn(loop_tensors)
        with function_seeds(graph):
            new, collected = body_fn(loop_tensors)
        return loop_tensors, convert_to_tensor(keep_going), [convert_to_tensor(v) for v in new], \
            [convert_to_tensor(v) for v in collected]

    (loop_tensors, keep_going, new_flat, collected), record = _trace(traced)
    for t, new, inv in zip(initial, new_flat, invariants):
        if new.dtype.base_dtype is not t.dtype.base_dtype:
            raise TypeError(f"Loop variable {t.name} enters the loop with type {t.dtype.base_dtype.name}, but "
                            f"has type {new.dtype.base_dtype.name} after one iteration.")
        if not inv.is_compatible_with(new.shape):
            raise ValueError(f"Input tensor '{t.name}' enters the loop with shape {inv}, but has shape "
                             f"{new.shape} after one iteration. To allow the shape to vary across iterations, "
                             "use the `shape_invariants` argument of tf.while_loop to specify a less-specific "
                             "shape.")
    if keep_going.dtype.base_dtype is not dtypes.bool:
        raise TypeError(f"Input 'input' of 'LoopCond' Op has type {keep_going.dtype.base_dtype.name} that does "
                        "not match expected type of bool.")
    if keep_going.shape.ndims not in (0, None):
        raise ValueError(f"Shape must be rank 0 but is rank {keep_going.shape.ndims} for 'LoopCond' "
                         f"(the value of cond: {keep_going.name})")
    cond_graph, cond_in, cond_ctl = _close(record, [keep_going], fed=loop_tensors, name=scope + "cond")
    body_graph, body_in, body_ctl = _close(record, new_flat + collected, fed=loop_tensors, name=scope + "body")
    outer = cond_in + [t for t in body_in if t not in cond_in]
    cond_graph.inputs = loop_tensors + outer
    body_graph.inputs = loop_tensors + outer
    inputs = list(initial)
    if maximum_iterations is not None:
        inputs.append(convert_to_tensor(maximum_iterations, name="maximum_iterations"))
    specs = [(t.dtype.base_dtype, inv) for t, inv in zip(initial, invariants)]
    specs += [(t.dtype.base_dtype, TensorShape([None]).concatenate(t.shape)) for t in collected]
    with graph.control_dependencies(cond_ctl + [c for c in body_ctl if c not in cond_ctl]):
        result = While(inputs + outer, cond=cond_graph, body=body_graph, T=tuple(d for d, _ in specs),
                       output_shapes=tuple(s for _, s in specs), num_loop_vars=len(initial),
                       num_collected=len(collected), has_max=maximum_iterations is not None,
                       keep_states=bool(back_prop), parallel_iterations=parallel_iterations, name=scope)
    return list(result[:len(initial)]), list(result[len(initial):-1])


@tf_export("while_loop")
def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, name=None, maximum_iterations=None, return_same_structure=False):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`; returns the final loop_vars.

    TF's structure rules: `cond` and `body` take the items of `loop_vars` as arguments; a body that
    returns a single non-sequence value returns a one-element list; the body's result must be nested
    as `loop_vars` (the outer list/tuple may differ); the result is nested as the body's result, and
    is its one tensor when there is one loop variable (unless `return_same_structure`)."""
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    if not loop_vars:
        raise ValueError("'loop_vars' must be provided.")
    if isinstance(loop_vars, dict) or not isinstance(loop_vars, (list, tuple)):
        raise TypeError(f"loop_vars must be a list or tuple of loop variables, got {type(loop_vars).__name__}")
    from .tensor_array import flows, rebuild  # TensorArrays travel as their flow tensors, rebuilt on each side

    template = list(loop_vars)
    structure = flows(template)
    with get_default_graph().name_scope(name or "while") as scope:
        initial = [convert_to_tensor(v) for v in _flatten(structure)]
        if shape_invariants is not None:
            invariants = [as_shape(s) for s in _flatten(list(shape_invariants) if isinstance(
                shape_invariants, (list, tuple)) and not hasattr(shape_invariants, "_fields") else shape_invariants)]
            if len(invariants) != len(initial):
                raise ValueError(f"shape_invariants must match loop_vars: {len(invariants)} shapes for "
                                 f"{len(initial)} loop variables")
            for t, inv in zip(initial, invariants):
                if not inv.is_compatible_with(t.shape):
                    raise ValueError(f"The shape invariant specified for {t.name} is not compatible with the initial "
                                     f"shape of the loop variable. It enters the loop with shape {t.shape}, but the "
                                     f"specified shape invariant is {inv}.")
        else:
            invariants = [t.shape for t in initial]
        body_structure = []

        def next_values(loop_tensors):
            args = rebuild(template, _pack(structure, loop_tensors))
            new = body(*args)
            if not is_nested(new):
                new = [new]
            assert_same_structure(args, list(new))  # TF compares the outer level as lists
            body_structure.append(new)
            new = flows(new)
            return _flatten(new), []

        finals, _ = build_loop(initial, invariants,
                               lambda loop_tensors: cond(*rebuild(template, _pack(structure, loop_tensors))),
                               next_values, scope, maximum_iterations, back_prop, parallel_iterations)
    packed = rebuild(body_structure[0], _pack(flows(body_structure[0]), finals))
    if not return_same_structure and len(initial) == 1:
        return packed[0] if not isinstance(packed, dict) else _flatten(packed)[0]
    return packed
