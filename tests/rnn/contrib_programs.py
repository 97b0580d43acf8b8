"""TF1 programs over `tf.contrib.rnn` and the less common tf.nn drivers. Each takes the `tf` module and
`rnn`, the contrib.rnn module to build with: sessionflow's `tf.contrib.rnn` here, and under TF 2.21
(which has no contrib) tools/record_rnn_contrib.py's reference module, TF 1.15's cells written with
the oracle's own ops and kernels (GRUBlockCell, LSTMBlockCell, BlockLSTM, tf_slim's layer_norm).

Weights are set by name (`assign_weights`), so a result depends on the variables' names and shapes,
never on how many random ops were made before them."""

import zlib

import numpy as np


def weights_for(name, shape):
    """A variable's value, from its name: uniform in [-0.6, 0.6), seeded by the name's CRC-32."""
    return np.random.RandomState(zlib.crc32(name.encode())).uniform(-0.6, 0.6, size=shape).astype(np.float32)


def assign_weights(tf, session):
    variables = tf.global_variables()
    placeholders = [tf.placeholder(v.dtype.base_dtype, v.shape) for v in variables]
    assigns = [tf.assign(v, p) for v, p in zip(variables, placeholders)]
    session.run(tf.global_variables_initializer())
    session.run(assigns, {p: weights_for(v.op.name, v.shape.as_list()) for v, p in zip(variables, placeholders)})


def _inputs(shape, scale=1.0):
    return (np.sin(np.arange(np.prod(shape), dtype=np.float32) * 0.37) * scale).reshape(shape).astype(np.float32)


def _flatten(value):
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in _flatten(v)]
    return [value]


def _evaluate(tf, flat, feed):
    """Values of `flat` and the gradients of a weighted sum of them with respect to every trainable
    variable and to each fed placeholder."""
    loss = tf.add_n([tf.reduce_sum(t * (0.3 + 0.1 * (i % 7))) for i, t in enumerate(flat)])
    wrt = tf.trainable_variables() + list(feed)
    grads = tf.gradients(loss, wrt)
    names = [v.name for v in tf.trainable_variables()]
    with tf.Session() as s:
        assign_weights(tf, s)
        values, grad_values = s.run([flat, [tf.convert_to_tensor(g) for g in grads if g is not None]], feed)
    out = {"names": names, "no_gradient": [w.name for w, g in zip(wrt, grads) if g is None],
           "static_shapes": [str(t.shape) for t in flat]}
    out.update({f"value_{i}": v for i, v in enumerate(values)})
    out.update({f"grad_{i}": g for i, g in enumerate(grad_values)})
    return out


def contrib_cells(tf, rnn, only=None):
    """Every contrib cell run by dynamic_rnn over a [3, 5, 4] batch (some with sequence lengths),
    and called twice directly (the second call reusing the first call's weights)."""
    data = _inputs([3, 5, 4])
    x = tf.placeholder(tf.float32, [3, 5, 4])
    lengths = tf.constant([5, 2, 4])
    made = [
        ("layer_norm", rnn.LayerNormBasicLSTMCell(4, forget_bias=0.7), True),
        ("layer_norm_off", rnn.LayerNormBasicLSTMCell(3, layer_norm=False), False),
        ("layer_norm_gain", rnn.LayerNormBasicLSTMCell(3, norm_gain=1.5, norm_shift=0.2), False),
        ("cifg", rnn.CoupledInputForgetGateLSTMCell(4, use_peepholes=True, num_proj=3, proj_clip=0.4), True),
        ("cifg_norm", rnn.CoupledInputForgetGateLSTMCell(3, layer_norm=True, state_is_tuple=False), False),
        ("nas", rnn.NASCell(4), True),
        ("nas_proj", rnn.NASCell(4, num_proj=2, use_biases=True), False),
        ("ugrnn", rnn.UGRNNCell(3, forget_bias=0.5), True),
        ("intersection", rnn.IntersectionRNNCell(4), False),
        ("intersection_proj", rnn.IntersectionRNNCell(3, num_in_proj=3), True),
        ("gru_block", rnn.GRUBlockCell(3), True),
        ("gru_block_v2", rnn.GRUBlockCellV2(num_units=3), False),
        ("lstm_block", rnn.LSTMBlockCell(3, forget_bias=0.5), True),
        ("lstm_block_peep", rnn.LSTMBlockCell(3, use_peephole=True, cell_clip=0.3), False),
        ("attention", rnn.AttentionCellWrapper(rnn.LSTMCell(3), attn_length=3), True),
        ("attention_sizes", rnn.AttentionCellWrapper(rnn.GRUCell(3), attn_length=2, attn_size=2, attn_vec_size=4,
                                                     input_size=5), False),
        ("highway", rnn.HighwayWrapper(rnn.GRUCell(4)), True),
        ("highway_uncoupled", rnn.HighwayWrapper(rnn.BasicRNNCell(4), couple_carry_transform_gates=False,
                                                 carry_bias_init=0.5), False),
        ("input_projection", rnn.InputProjectionWrapper(rnn.GRUCell(3), 2, activation=tf.tanh), False),
        ("output_projection", rnn.OutputProjectionWrapper(rnn.LSTMCell(3), 2), True),
        ("time_freq", rnn.TimeFreqLSTMCell(2, use_peepholes=True, cell_clip=0.5, feature_size=4,
                                           frequency_skip=1), False),
    ]
    flat = []
    for key, cell, with_lengths in made:
        if only is not None and key not in only:
            continue
        outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths if with_lengths else None,
                                           dtype=tf.float32, scope=key)
        flat += _flatten([outputs, state])
    for key, cell in [("direct_nas", rnn.NASCell(3)), ("direct_ugrnn", rnn.UGRNNCell(3)),
                      ("direct_gru_block", rnn.GRUBlockCellV2(3)), ("direct_layer_norm", rnn.LayerNormBasicLSTMCell(3))]:
        with tf.variable_scope(key):
            state = cell.zero_state(3, tf.float32)
            out, state = cell(x[:, 0], state)
            out2, state2 = cell(x[:, 1] * 0.5, state)
        flat += _flatten([out, out2, state2])
    if only is not None:
        return _evaluate(tf, flat, {x: data})
    ids = tf.constant(np.arange(15).reshape(3, 5, 1) % 6, tf.int32)
    emb_out, emb_state = tf.nn.dynamic_rnn(rnn.EmbeddingWrapper(rnn.GRUCell(3), 6, 2), ids, dtype=tf.float32,
                                           scope="embedding")
    flat += [emb_out, emb_state]
    return _evaluate(tf, flat, {x: data})


def contrib_drivers(tf, rnn):
    """The stacked bidirectional drivers (dynamic and static, with lengths and initial states),
    LSTMBlockFusedCell over time-major inputs (with and without lengths, a list of inputs),
    contrib.rnn.static_rnn and the tf.nn names contrib.rnn re-exports."""
    data = _inputs([3, 5, 2])
    x = tf.placeholder(tf.float32, [3, 5, 2])
    lengths = tf.constant([5, 2, 3])
    stacked, states_fw, states_bw = rnn.stack_bidirectional_dynamic_rnn(
        [rnn.GRUCell(3), rnn.LSTMCell(2)], [rnn.GRUCell(2), rnn.LSTMCell(2)], x, sequence_length=lengths,
        dtype=tf.float32)
    init_fw = [tf.fill([3, 2], 0.1)]
    stacked_tm, _, states_bw_tm = rnn.stack_bidirectional_dynamic_rnn(
        [rnn.BasicRNNCell(2)], [rnn.BasicRNNCell(2)], tf.transpose(x, [1, 0, 2]), initial_states_fw=init_fw,
        dtype=tf.float32, time_major=True, scope="time_major")
    steps = tf.unstack(x, axis=1)
    static_out, static_fw, static_bw = rnn.stack_bidirectional_rnn(
        [rnn.GRUCell(2), rnn.GRUCell(2)], [rnn.BasicRNNCell(2), rnn.BasicRNNCell(3)], steps, sequence_length=lengths,
        dtype=tf.float32, scope="static_stack")
    fused = rnn.LSTMBlockFusedCell(3, forget_bias=0.5)
    time_major = tf.transpose(x, [1, 0, 2])
    fused_out, fused_state = fused(time_major, dtype=tf.float32, sequence_length=lengths)
    fused_peep = rnn.LSTMBlockFusedCell(2, use_peephole=True, cell_clip=0.4)
    init = (tf.fill([3, 2], 0.2), tf.fill([3, 2], -0.1))
    peep_out, peep_state = fused_peep(steps, initial_state=init)
    plain_out, plain_state = rnn.static_rnn(rnn.GRUCell(2), steps, dtype=tf.float32, scope="contrib_static")
    flat = _flatten([stacked, states_fw, states_bw, stacked_tm, states_bw_tm, static_out, static_fw, static_bw,
                     fused_out, fused_state, peep_out, peep_state, plain_out, plain_state])
    return _evaluate(tf, flat, {x: data})


def contrib_errors(tf, rnn):
    """Bad input to the contrib cells and drivers: TF 1.15's errors."""
    out = {}

    def attempt(key, fn):
        with tf.Graph().as_default():
            try:
                fn()
                out[key] = "no error"
            except Exception as e:  # noqa: BLE001 - the error is the result
                out[key] = f"{type(e).__name__}: {e}"

    x = lambda: tf.zeros([2, 3])
    attempt("gru_block_both_sizes", lambda: rnn.GRUBlockCell(num_units=2, cell_size=2))
    attempt("gru_block_state_size", lambda: rnn.GRUBlockCell(2)(x(), tf.zeros([2, 3])))
    attempt("lstm_block_state", lambda: rnn.LSTMBlockCell(2)(x(), (tf.zeros([2, 2]),) * 3))
    attempt("fused_no_dtype", lambda: rnn.LSTMBlockFusedCell(2)(tf.zeros([4, 2, 3])))
    attempt("attention_length", lambda: rnn.AttentionCellWrapper(rnn.GRUCell(2), attn_length=0))
    attempt("attention_tuple_state", lambda: rnn.AttentionCellWrapper(rnn.LSTMCell(2), 2, state_is_tuple=False))
    attempt("intersection_size", lambda: rnn.IntersectionRNNCell(2)(x(), tf.zeros([2, 2])))
    attempt("output_projection_size", lambda: rnn.OutputProjectionWrapper(rnn.GRUCell(2), 0))
    attempt("embedding_sizes", lambda: rnn.EmbeddingWrapper(rnn.GRUCell(2), 0, 3))
    attempt("stack_not_list", lambda: rnn.stack_bidirectional_dynamic_rnn(
        rnn.GRUCell(2), [rnn.GRUCell(2)], tf.zeros([2, 3, 4]), dtype=tf.float32))
    attempt("stack_depths", lambda: rnn.stack_bidirectional_dynamic_rnn(
        [rnn.GRUCell(2)], [rnn.GRUCell(2), rnn.GRUCell(2)], tf.zeros([2, 3, 4]), dtype=tf.float32))
    attempt("stack_states", lambda: rnn.stack_bidirectional_rnn(
        [rnn.GRUCell(2)], [rnn.GRUCell(2)], [x()], initial_states_fw=tf.zeros([2, 2]), dtype=tf.float32))
    attempt("stack_empty", lambda: rnn.stack_bidirectional_rnn([], [rnn.GRUCell(2)], [x()], dtype=tf.float32))
    return out


PROGRAMS = {"contrib_cells": contrib_cells, "contrib_drivers": contrib_drivers, "contrib_errors": contrib_errors}
