"""`tf.nn.raw_rnn` (a cell driven by a user's `loop_fn`, outputs in TensorArrays) and
`tf.nn.static_state_saving_rnn` (static_rnn whose state comes from and goes back to a state saver).

raw_rnn is TF's: one `tf.while_loop` over (time, finished, input, emit TensorArrays, state, loop state);
`loop_fn(time, cell_output, cell_state, loop_state)` gives `(finished, next_input, next_state, emit_output,
next_loop_state)`, at time 0 with `cell_output=None` (then `next_state` is the initial state and
`emit_output` the emit structure, or None for `cell.output_size`). Rows already finished emit zeros and
keep their state.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape, as_shape
from ..layers.base import op
from ..ops.constant import convert_to_tensor
from ..ops.structure import assert_same_structure, flatten, is_nested, map_structure, pack_sequence_as
from ..variable_scope import variable_scope
from .cells import _concat, assert_like_rnncell
from .drivers import static_rnn


def _static_shape(size):
    if hasattr(size, "op"):  # a shape tensor: its constant value when it has one
        from ..framework.registry import static_value

        value = static_value(size)
        return TensorShape(None) if value is None else TensorShape([int(v) for v in value])
    return as_shape(size)


@tf_export("nn.raw_rnn")
def raw_rnn(cell, loop_fn, parallel_iterations=None, swap_memory=False, scope=None):
    """Runs `cell` under `loop_fn`'s control until every row is finished. Returns (emit TensorArrays
    nested as the emit structure, final state, final loop state or None)."""
    assert_like_rnncell("cell", cell)
    if not callable(loop_fn):
        raise TypeError(f"Argument `loop_fn` must be a callable. Received: {loop_fn}.")
    parallel_iterations = parallel_iterations or 32
    with variable_scope(scope or "rnn"):
        time = convert_to_tensor(0, dtype=dtypes.int32)
        elements_finished, next_input, initial_state, emit_structure, init_loop_state = loop_fn(
            time=time, cell_output=None, cell_state=None, loop_state=None)
        flat_input = flatten(next_input)
        loop_state = init_loop_state if init_loop_state is not None else convert_to_tensor(0, dtype=dtypes.int32)
        input_shapes = [x.shape for x in flat_input]
        static_batch = input_shapes[0].with_rank_at_least(1)[0]
        for shape in input_shapes:
            static_batch.merge_with(shape.with_rank_at_least(1)[0])
        const_batch_size = static_batch.value
        batch_size = const_batch_size if const_batch_size is not None else op("shape")(flat_input[0])[0]
        assert_same_structure(initial_state, cell.state_size)
        flat_state = [convert_to_tensor(s) for s in flatten(initial_state)]
        state = pack_sequence_as(initial_state, flat_state)
        if emit_structure is not None:
            flat_emit_structure = flatten(emit_structure)
            flat_emit_size = [e.shape if e.shape.is_fully_defined() else op("shape")(e) for e in flat_emit_structure]
            flat_emit_dtypes = [e.dtype for e in flat_emit_structure]
        else:
            emit_structure = cell.output_size
            flat_emit_size = flatten(emit_structure)
            flat_emit_dtypes = [flat_state[0].dtype] * len(flat_emit_size)
        flat_emit_ta = [op("TensorArray")(dtype=dtype, dynamic_size=True, size=0, name=f"rnn_output_{i}",
                                          element_shape=TensorShape([const_batch_size]).concatenate(
                                              _static_shape(size)))
                        for i, (dtype, size) in enumerate(zip(flat_emit_dtypes, flat_emit_size))]
        emit_ta = pack_sequence_as(emit_structure, flat_emit_ta)
        zero_emit = pack_sequence_as(emit_structure, [op("zeros")(_concat(batch_size, size), dtype)
                                                      for size, dtype in zip(flat_emit_size, flat_emit_dtypes)])

        def condition(unused_time, elements_finished, *_):
            return op("logical_not")(op("reduce_all")(elements_finished))

        def body(time, elements_finished, current_input, emit_ta, state, loop_state):
            next_output, cell_state = cell(current_input, state)
            assert_same_structure(state, cell_state)
            assert_same_structure(cell.output_size, next_output)
            next_time = time + 1
            next_finished, next_input, next_state, emit_output, next_loop_state = loop_fn(
                next_time, next_output, cell_state, loop_state)
            assert_same_structure(state, next_state)
            assert_same_structure(current_input, next_input)
            assert_same_structure(emit_ta, emit_output)
            loop_state = loop_state if next_loop_state is None else next_loop_state

            def copy_some_through(current, candidate):
                def copy(cur, cand):
                    if not hasattr(cur, "shape") or cur.shape.ndims == 0:
                        return cand
                    return op("where")(elements_finished, cur, cand)

                return map_structure(copy, current, candidate)

            emit_output = copy_some_through(zero_emit, emit_output)
            next_state = copy_some_through(state, next_state)
            emit_ta = map_structure(lambda ta, emit: ta.write(time, emit), emit_ta, emit_output)
            elements_finished = op("logical_or")(elements_finished, next_finished)
            return next_time, elements_finished, next_input, emit_ta, next_state, loop_state

        returned = op("while_loop")(condition, body,
                                    loop_vars=[time, elements_finished, next_input, emit_ta, state, loop_state],
                                    parallel_iterations=parallel_iterations, swap_memory=swap_memory)
        emit_ta, final_state, final_loop_state = returned[-3:]
        if init_loop_state is None:
            final_loop_state = None
        return emit_ta, final_state, final_loop_state


@tf_export("nn.static_state_saving_rnn")
def static_state_saving_rnn(cell, inputs, state_saver, state_name, sequence_length=None, scope=None):
    """static_rnn starting from `state_saver.state(name)` for each state part (`state_name` nested as
    `cell.state_size`); the last output and the final state depend on `state_saver.save_state(...)`."""
    state_size = cell.state_size
    state_is_tuple = is_nested(state_size)
    if state_is_tuple != is_nested(state_name):
        raise ValueError(f"Argument `state_name` should be the same type as `cell.state_size`. Received: "
                         f"state_name={state_name!s}, cell.state_size={state_size!s}.")
    if state_is_tuple:
        names, sizes = flatten(state_name), flatten(state_size)
        if len(names) != len(sizes):
            raise ValueError(f"Number of elements in argument `state_name` and `cell.state_size` are mismatched. "
                             f"Received state_name={state_name} with {len(names)} elements and "
                             f"cell.state_size={state_size} with {len(sizes)} elements.")
        initial_state = pack_sequence_as(state_size, [state_saver.state(s) for s in names])
    else:
        initial_state = state_saver.state(state_name)
    outputs, state = static_rnn(cell, inputs, initial_state=initial_state, sequence_length=sequence_length,
                                scope=scope)
    if state_is_tuple:
        flat_state = flatten(state)
        save = [state_saver.save_state(name, s) for name, s in zip(flatten(state_name), flat_state)]
    else:
        save = [state_saver.save_state(state_name, state)]
    with get_default_graph().control_dependencies(save):
        last = outputs[-1]
        outputs[-1] = pack_sequence_as(last, [op("identity")(o) for o in flatten(last)])
        if state_is_tuple:
            state = pack_sequence_as(state, [op("identity")(s) for s in flatten(state)])
        else:
            state = op("identity")(state)
    return outputs, state
