"""`tf.nn.dynamic_rnn`, `tf.nn.static_rnn`, `tf.nn.bidirectional_dynamic_rnn` and
`tf.nn.static_bidirectional_rnn`: a cell run over time, as TF's drivers run it.

dynamic_rnn is one While loop (ops/loops.py) whose body reads step t's inputs as a gather (TF reads
a TensorArray: the gradient of step t goes into row t only), calls the cell once per time step and
collects each step's output (TF writes them to a TensorArray; the While op stacks them along time).
With `sequence_length`, a batch row past its length gets zero outputs and keeps its state (a select,
as TF's `_rnn_step`), and the loop stops after the longest sequence.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from ..layers.base import op
from ..ops.constant import convert_to_tensor
from ..ops.loops import build_loop
from ..ops.structure import assert_same_structure, flatten, is_nested, pack_sequence_as
from ..variable_scope import variable_scope
from .cells import _concat, assert_like_rnncell


def _transpose_batch_time(x):
    shape = x.shape
    if shape.ndims is not None and shape.ndims < 2:
        raise ValueError(f"Expected input tensor {x} to have rank at least 2, but saw shape: {shape}")
    if shape.ndims is not None:
        perm = [1, 0] + list(range(2, shape.ndims))
    else:
        perm = op("concat")([[1, 0], op("range")(2, op("rank")(x))], 0)
    out = op("transpose")(x, perm)
    if shape.ndims is not None:
        dims = shape.as_list()
        out.set_shape([dims[1], dims[0]] + dims[2:])
    return out


def _best_effort_batch_size(flat_input):
    for x in flat_input:
        shape = x.shape
        if shape.ndims is None:
            continue
        if shape.ndims < 2:
            raise ValueError(f"Input tensor should have rank >= 2. Received input={x} of rank {shape.ndims}")
        if shape[1].value is not None:
            return shape[1].value
    return op("shape")(flat_input[0])[1]


def _state_dtype(dtype, state):
    if dtype is not None:
        return dtypes.as_dtype(dtype)
    flat = flatten(state)
    inferred = flat[0].dtype.base_dtype
    if any(s.dtype.base_dtype is not inferred for s in flat):
        raise ValueError(f"State has tensors of different inferred_dtypes. Unable to infer a single "
                         f"representative dtype. Dtypes received: {[s.dtype for s in flat]}")
    return inferred


def _select_through(copy_cond, old, new):
    """Per batch row: `old` where `copy_cond`, else `new` (scalars always take `new`)."""
    if new.shape.ndims == 0:
        return new
    rows, batch = copy_cond.shape, new.shape
    if rows.ndims == 1 and batch.ndims and rows[0].value is not None and batch[0].value is not None \
            and rows[0].value != batch[0].value:
        raise ValueError(f"Dimension 0 in both shapes must be equal, but are {rows[0].value} and {batch[0].value}. "
                         f"Shapes are [{rows[0].value}] and [{batch[0].value}]. for 'Select' with input shapes: "
                         f"{_dims(rows)}, {_dims(old.shape)}, {_dims(batch)}.")
    return op("where")(copy_cond, old, new)


def _dims(shape):
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_list()) + "]"


def _rnn_step(time, sequence_length, zero_output, state, call_cell):
    """One time step with lengths: rows whose sequence has ended emit zeros and keep their state."""
    new_output, new_state = call_cell()
    assert_same_structure(zero_output, new_output)
    assert_same_structure(state, new_state)
    copy_cond = time >= sequence_length
    flat_zero, flat_state = flatten(zero_output), flatten(state)
    outputs = [_select_through(copy_cond, z, n) for z, n in zip(flat_zero, flatten(new_output))]
    states = [_select_through(copy_cond, s, n) for s, n in zip(flat_state, flatten(new_state))]
    for o, z in zip(outputs, flat_zero):
        o.set_shape(z.shape)
    for s, z in zip(states, flat_state):
        s.set_shape(z.shape)
    return pack_sequence_as(zero_output, outputs), pack_sequence_as(state, states)


def _initial_state(cell, initial_state, dtype, batch_size, message):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError(message)
    return cell.zero_state(batch_size, dtype)


def _check_sequence_length(sequence_length, message):
    if sequence_length.shape.ndims not in (None, 1):
        raise ValueError(message + (f", but saw shape: {sequence_length.shape}" if "saw" not in message else ""))


@tf_export("nn.dynamic_rnn")
def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None, parallel_iterations=None,
                swap_memory=False, time_major=False, scope=None):
    """Runs `cell` over the time dimension of `inputs` ([batch, time, ...], or [time, batch, ...]
    with `time_major`). Returns (outputs nested as `cell.output_size`, final state)."""
    assert_like_rnncell("cell", cell)
    with variable_scope(scope or "rnn"):
        flat_input = [convert_to_tensor(x) for x in flatten(inputs)]
        if not time_major:
            flat_input = [_transpose_batch_time(x) for x in flat_input]
        parallel_iterations = parallel_iterations or 32
        if sequence_length is not None:
            sequence_length = op("cast")(sequence_length, dtypes.int32)
            if sequence_length.shape.ndims not in (None, 1):
                raise ValueError("Argument sequence_length must be a vector of length batch_size. Received "
                                 f"sequence_length={sequence_length} of shape: {sequence_length.shape}")
            sequence_length = op("identity")(sequence_length, name="sequence_length")
        batch_size = _best_effort_batch_size(flat_input)
        state = _initial_state(cell, initial_state, dtype, batch_size,
                               "If no initial_state is provided, argument `dtype` must be specified")
        if sequence_length is not None:
            seq_shape = op("shape")(sequence_length)
            expected = op("stack")([batch_size])
            check = op("Assert")(op("reduce_all")(op("equal")(seq_shape, expected)),
                                 [f"Expected shape for Tensor {sequence_length.name} is ", expected,
                                  " but saw shape: ", seq_shape])
            with get_default_graph().control_dependencies([check]):
                sequence_length = op("identity")(sequence_length, name="CheckSeqLen")
        inputs = pack_sequence_as(inputs, flat_input)
        outputs, final_state = _dynamic_rnn_loop(cell, inputs, state, parallel_iterations, sequence_length, dtype)
        if not time_major:
            outputs = pack_sequence_as(outputs, [_transpose_batch_time(o) for o in flatten(outputs)])
        return outputs, final_state


def _dynamic_rnn_loop(cell, inputs, initial_state, parallel_iterations, sequence_length, dtype):
    state = initial_state
    flat_input = flatten(inputs)
    flat_output_size = flatten(cell.output_size)
    input_shape = op("shape")(flat_input[0])
    time_steps = input_shape[0]
    batch_size = _best_effort_batch_size(flat_input)
    if any(x.shape.ndims is None for x in flat_input):
        raise TypeError("'NoneType' object is not subscriptable")  # TF's own failure on inputs of unknown rank
    got_shapes = [x.shape.with_rank_at_least(3) for x in flat_input]
    const_time_steps, const_batch_size = got_shapes[0].as_list()[:2] if got_shapes[0].ndims else (None, None)
    for shape in got_shapes:
        if shape.ndims is None or not shape[2:].is_fully_defined():
            raise ValueError("Input size (depth of inputs) must be accessible via shape inference, but saw "
                             "value None.")
        if const_time_steps != shape[0].value:
            raise ValueError("Time steps is not the same for all the elements in the input in a batch.")
        if const_batch_size != shape[1].value:
            raise ValueError("Batch_size is not the same for all the elements in the input.")
    state_dtype = _state_dtype(dtype, state)
    flat_zero_output = [op("zeros")(_concat(batch_size, size), state_dtype) for size in flat_output_size]
    for z, size in zip(flat_zero_output, flat_output_size):
        z.set_shape(_concat([const_batch_size], size, static=True))
    zero_output = pack_sequence_as(cell.output_size, flat_zero_output)
    if sequence_length is not None:
        max_sequence_length = op("reduce_max")(sequence_length)
        loop_bound = op("minimum")(time_steps, op("maximum")(1, max_sequence_length))
    else:
        loop_bound = time_steps
    time = convert_to_tensor(0, dtype=dtypes.int32, name="time")
    flat_state = [convert_to_tensor(s) for s in flatten(state)]
    structures = []

    def body(loop):
        t, states = loop[0], loop[1:]
        step_state = pack_sequence_as(state, states)
        # step t's rows as a gather: their gradient is those rows (IndexedSlices), which the loop's
        # gradient adds into one total, as TF's TensorArray read (not a dense [time, ...] array per step)
        step_input = [op("gather")(x, t) for x in flat_input]
        for x, shape in zip(step_input, got_shapes):
            x.set_shape(shape[1:])
        step_input = pack_sequence_as(inputs, step_input)

        def call_cell():
            return cell(step_input, step_state)

        if sequence_length is not None:
            output, new_state = _rnn_step(t, sequence_length, zero_output, step_state, call_cell)
        else:
            output, new_state = call_cell()
        assert_same_structure(state, new_state)
        flat_out = [convert_to_tensor(o) for o in flatten(output)]
        structures.append(output)
        return [t + 1] + [convert_to_tensor(s) for s in flatten(new_state)], flat_out

    with get_default_graph().name_scope("while") as scope:
        finals, outputs = build_loop([time] + flat_state, [TensorShape([])] + [s.shape for s in flat_state],
                                     lambda loop: loop[0] < loop_bound, body, scope,
                                     maximum_iterations=time_steps, parallel_iterations=parallel_iterations)
    if sequence_length is not None:
        # TF's TensorArray has `time_steps` slots: those after the loop stopped stack as zeros.
        if outputs:  # (said on the loop, so a compiled scan of maximum_iterations keeps its zero rows)
            outputs[0].op.attrs["_collected_padded_to_max"] = True
        outputs = [_pad_time(out, time_steps) for out in outputs]
    for out, size in zip(outputs, flat_output_size):
        out.set_shape(_concat([const_time_steps, const_batch_size], size, static=True))
    final_state = pack_sequence_as(state, finals[1:])
    return pack_sequence_as(cell.output_size, outputs), final_state


def _pad_time(out, time_steps):
    missing = time_steps - op("shape")(out)[0]
    rank = out.shape.ndims
    paddings = op("stack")([op("stack")([0, missing])] + [convert_to_tensor([0, 0])] * (rank - 1))
    padded = op("pad")(out, paddings)
    padded.set_shape([None] + out.shape.as_list()[1:])
    return padded


@tf_export("nn.static_rnn")
def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """Runs `cell` over the list `inputs` (one [batch, ...] tensor per time step) as a Python loop:
    one copy of the cell's ops per step, the variables made at step 0 and reused after. Returns
    (list of outputs, final state)."""
    assert_like_rnncell("cell", cell)
    if not is_nested(inputs):
        raise TypeError(f"Argument `inputs` must be a sequence. Received: {inputs}")
    if not inputs:
        raise ValueError("inputs must not be empty")
    outputs = []
    with variable_scope(scope or "rnn") as varscope:
        first = inputs
        while is_nested(first):
            first = first[0]
        first = convert_to_tensor(first)
        if first.shape.ndims != 1:
            fixed_batch = first.shape.with_rank_at_least(2)[0]
            for x in flatten(inputs):
                shape = convert_to_tensor(x).shape.with_rank_at_least(2)
                fixed_batch.assert_is_compatible_with(shape[0])
                for i, size in enumerate(shape[1:].as_list()):
                    if size is None:
                        raise ValueError(f"Input size (dimension {i} of inputs) must be accessible via shape "
                                         "inference, but saw value None.")
        else:
            fixed_batch = first.shape.with_rank_at_least(1)[0]
        batch_size = fixed_batch.value if fixed_batch.value else op("shape")(first)[0]
        state = _initial_state(cell, initial_state, dtype, batch_size,
                               "If no initial_state is provided, argument `dtype` must be specified")
        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if sequence_length.shape.ndims not in (None, 1):
                raise ValueError("sequence_length must be a vector of length batch_size")
            state_dtype = _state_dtype(dtype, state)
            flat_zero = []
            for size in flatten(cell.output_size):
                z = op("zeros")(_concat(batch_size, size), state_dtype)
                z.set_shape(_concat([fixed_batch.value], size, static=True))
                flat_zero.append(z)
            zero_output = pack_sequence_as(cell.output_size, flat_zero)
            sequence_length = op("cast")(sequence_length, dtypes.int32)
        for time, x in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()
            if sequence_length is not None:
                output, state = _rnn_step(convert_to_tensor(time), sequence_length, zero_output, state,
                                          lambda x=x, state=state: cell(x, state))
            else:
                output, state = cell(x, state)
            outputs.append(output)
        return outputs, state


def _reverse(x, seq_lengths, seq_axis, batch_axis):
    if seq_lengths is not None:
        return op("reverse_sequence")(input=x, seq_lengths=seq_lengths, seq_axis=seq_axis, batch_axis=batch_axis)
    return op("reverse")(x, axis=[seq_axis])


@tf_export("nn.bidirectional_dynamic_rnn")
def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None, initial_state_fw=None,
                              initial_state_bw=None, dtype=None, parallel_iterations=None, swap_memory=False,
                              time_major=False, scope=None):
    """A forward and a backward dynamic_rnn (scopes `fw` and `bw`); the backward one reads the inputs
    reversed in time (each row within its length when `sequence_length` is given). Returns
    ((outputs_fw, outputs_bw), (state_fw, state_bw)), both outputs in the inputs' time order."""
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length=sequence_length,
                                              initial_state=initial_state_fw, dtype=dtype,
                                              parallel_iterations=parallel_iterations, time_major=time_major,
                                              scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = pack_sequence_as(inputs, [_reverse(x, sequence_length, time_axis, batch_axis)
                                                        for x in flatten(inputs)])
            tmp, state_bw = dynamic_rnn(cell_bw, reversed_inputs, sequence_length=sequence_length,
                                        initial_state=initial_state_bw, dtype=dtype,
                                        parallel_iterations=parallel_iterations, time_major=time_major,
                                        scope=bw_scope)
    output_bw = pack_sequence_as(tmp, [_reverse(x, sequence_length, time_axis, batch_axis) for x in flatten(tmp)])
    return (output_fw, output_bw), (state_fw, state_bw)


def _reverse_seq(input_seq, lengths):
    if lengths is None:
        return list(reversed(input_seq))
    flat_seq = [flatten(x) for x in input_seq]
    results = [[] for _ in input_seq]
    for sequence in zip(*flat_seq):
        shape = TensorShape(None)
        for x in sequence:
            shape = shape.merge_with(x.shape)
        joined = op("stack")(list(sequence))
        r = op("reverse_sequence")(input=joined, seq_lengths=lengths, seq_axis=0, batch_axis=1)
        for flat, item in zip(results, op("unstack")(r, num=len(sequence))):
            item.set_shape(shape)
            flat.append(item)
    return [pack_sequence_as(x, flat) for x, flat in zip(input_seq, results)]


@tf_export("nn.static_bidirectional_rnn")
def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None, dtype=None,
                             sequence_length=None, scope=None):
    """static_rnn forward and backward (scopes `fw`, `bw`); returns (outputs with the two directions
    concatenated along depth, state_fw, state_bw)."""
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    if not is_nested(inputs):
        raise TypeError(f"Argument `inputs` must be a sequence. Received: {inputs}")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype, sequence_length,
                                             scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_seq(inputs, sequence_length)
            tmp, state_bw = static_rnn(cell_bw, reversed_inputs, initial_state_bw, dtype, sequence_length,
                                       scope=bw_scope)
    output_bw = _reverse_seq(tmp, sequence_length)
    flat = [op("concat")([fw, bw], 1) for fw, bw in zip(flatten(output_fw), flatten(output_bw))]
    return pack_sequence_as(output_fw, flat), state_fw, state_bw
