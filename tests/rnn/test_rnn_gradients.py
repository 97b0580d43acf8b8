"""Every recurrent cell and driver, differentiated: the gradients tf.gradients builds for a weighted sum of
everything a row returns, with respect to each of its variables and its inputs, equal central finite
differences in float64. One table row per cell or driver configuration.

Left out: DropoutWrapper (its masks are fresh draws on every run) and LSTMBlockCell/LSTMBlockFusedCell with
`cell_clip`, whose gradient, as TF's kernels compute it, deliberately ignores the clip (test_rnn_contrib.py
checks that one against TF)."""

import os
import sys
import zlib

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from finite_differences import flat as _flat, numeric as _numeric  # noqa: E402

rnn = tf.contrib.rnn
T, B, D = 3, 2, 3  # time steps, batch rows, input depth


def _lengths():
    return tf.constant([3, 1])


def _dynamic(cell, lengths=False, time_major=False):
    def build(x):
        inputs = tf.transpose(x, [1, 0, 2]) if time_major else x
        return tf.nn.dynamic_rnn(cell(), inputs, sequence_length=_lengths() if lengths else None, dtype=tf.float64,
                                 time_major=time_major)
    return build


class _ConstantSaver:
    def __init__(self):
        self._states = {}

    def state(self, name):
        return self._states.setdefault(name, tf.fill([B, 2], tf.constant(0.3, tf.float64)))

    def save_state(self, name, value):
        return tf.no_op()


def _raw_rnn(x):
    cell = rnn.GRUCell(2)
    steps = tf.TensorArray(tf.float64, size=T).unstack(tf.transpose(x, [1, 0, 2]))

    def loop_fn(time, cell_output, cell_state, loop_state):
        finished = time >= _lengths()
        state = cell.zero_state(B, tf.float64) if cell_output is None else cell_state
        next_input = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([B, D], tf.float64),
                             lambda: steps.read(time))
        return finished, next_input, state, cell_output, None

    outputs, state, _ = tf.nn.raw_rnn(cell, loop_fn)
    return tf.reshape(outputs.stack(), [T, B, 2]), state


def _embedding(x):
    ids = tf.constant([[1, 4, 2], [3, 0, 4]])
    return tf.nn.dynamic_rnn(rnn.EmbeddingWrapper(rnn.GRUCell(2), 5, 2), tf.expand_dims(ids, -1), dtype=tf.float64)


ROWS = {
    "BasicRNNCell": _dynamic(lambda: rnn.BasicRNNCell(3)),
    "BasicLSTMCell": _dynamic(lambda: rnn.BasicLSTMCell(2, forget_bias=0.5), lengths=True),
    "BasicLSTMCell concat state": _dynamic(lambda: rnn.BasicLSTMCell(2, state_is_tuple=False)),
    "LSTMCell peepholes clip projection": _dynamic(lambda: rnn.LSTMCell(
        3, use_peepholes=True, cell_clip=0.8, num_proj=2, proj_clip=0.9), lengths=True),
    "GRUCell": _dynamic(lambda: rnn.GRUCell(3), lengths=True, time_major=True),
    "MultiRNNCell": _dynamic(lambda: rnn.MultiRNNCell([rnn.LSTMCell(2), rnn.GRUCell(2)])),
    "MultiRNNCell concat state": _dynamic(lambda: rnn.MultiRNNCell([rnn.GRUCell(2), rnn.BasicRNNCell(2)],
                                                                   state_is_tuple=False)),
    "ResidualWrapper": _dynamic(lambda: rnn.ResidualWrapper(rnn.GRUCell(3))),
    "DeviceWrapper": _dynamic(lambda: rnn.DeviceWrapper(rnn.BasicRNNCell(2), "/cpu:0")),
    "LayerNormBasicLSTMCell": _dynamic(lambda: rnn.LayerNormBasicLSTMCell(2, norm_gain=1.2, norm_shift=0.1)),
    "LayerNormBasicLSTMCell no norm": _dynamic(lambda: rnn.LayerNormBasicLSTMCell(2, layer_norm=False), True),
    "CoupledInputForgetGateLSTMCell": _dynamic(lambda: rnn.CoupledInputForgetGateLSTMCell(
        3, use_peepholes=True, num_proj=2), lengths=True),
    "CoupledInputForgetGateLSTMCell layer norm": _dynamic(lambda: rnn.CoupledInputForgetGateLSTMCell(
        2, layer_norm=True)),
    "TimeFreqLSTMCell": _dynamic(lambda: rnn.TimeFreqLSTMCell(2, use_peepholes=True, feature_size=3,
                                                             frequency_skip=1)),
    "NASCell": _dynamic(lambda: rnn.NASCell(2, num_proj=2, use_biases=True)),
    "UGRNNCell": _dynamic(lambda: rnn.UGRNNCell(2), lengths=True),
    "IntersectionRNNCell": _dynamic(lambda: rnn.IntersectionRNNCell(2, num_in_proj=2)),
    "GRUBlockCell": _dynamic(lambda: rnn.GRUBlockCell(2), lengths=True),
    "GRUBlockCellV2": _dynamic(lambda: rnn.GRUBlockCellV2(2)),
    "LSTMBlockCell peepholes": _dynamic(lambda: rnn.LSTMBlockCell(2, use_peephole=True, forget_bias=0.5)),
    "AttentionCellWrapper": _dynamic(lambda: rnn.AttentionCellWrapper(rnn.LSTMCell(2), attn_length=2)),
    "HighwayWrapper": _dynamic(lambda: rnn.HighwayWrapper(rnn.GRUCell(3), couple_carry_transform_gates=False)),
    "InputProjectionWrapper": _dynamic(lambda: rnn.InputProjectionWrapper(rnn.GRUCell(2), 2, activation=tf.tanh)),
    "OutputProjectionWrapper": _dynamic(lambda: rnn.OutputProjectionWrapper(rnn.BasicLSTMCell(2), 3)),
    "EmbeddingWrapper": lambda x: _embedding(x),
    "static_rnn": lambda x: tf.nn.static_rnn(rnn.LSTMCell(2), tf.unstack(x, axis=1), sequence_length=_lengths(),
                                             dtype=tf.float64),
    "bidirectional_dynamic_rnn": lambda x: tf.nn.bidirectional_dynamic_rnn(
        rnn.GRUCell(2), rnn.BasicLSTMCell(2), x, sequence_length=_lengths(), dtype=tf.float64),
    "static_bidirectional_rnn": lambda x: tf.nn.static_bidirectional_rnn(
        rnn.BasicRNNCell(2), rnn.GRUCell(2), tf.unstack(x, axis=1), sequence_length=_lengths(), dtype=tf.float64),
    "stack_bidirectional_dynamic_rnn": lambda x: rnn.stack_bidirectional_dynamic_rnn(
        [rnn.GRUCell(2), rnn.GRUCell(2)], [rnn.LSTMCell(2), rnn.BasicRNNCell(2)], x, sequence_length=_lengths(),
        dtype=tf.float64),
    "stack_bidirectional_rnn": lambda x: rnn.stack_bidirectional_rnn(
        [rnn.GRUCell(2)], [rnn.GRUCell(2)], tf.unstack(x, axis=1), dtype=tf.float64),
    "raw_rnn": _raw_rnn,
    "static_state_saving_rnn": lambda x: tf.nn.static_state_saving_rnn(
        rnn.BasicLSTMCell(2), tf.unstack(x, axis=1), _ConstantSaver(), ("c", "h")),
    "LSTMBlockFusedCell": lambda x: rnn.LSTMBlockFusedCell(2, use_peephole=True)(
        tf.transpose(x, [1, 0, 2]), dtype=tf.float64, sequence_length=_lengths()),
}


@pytest.mark.parametrize("row", sorted(ROWS))
def test_gradients_equal_finite_differences(row):
    # A seed fixed per row: str.hash changes with every process, and a draw that puts a two-unit layer norm's
    # inputs within ~1e-6 of each other makes central differences meaningless there (the analytic gradient is fine).
    rng = np.random.RandomState(zlib.crc32(row.encode()))
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float64, [B, T, D])
        with tf.variable_scope("row", dtype=tf.float64):
            flat = [t for t in _flat(ROWS[row](x)) if t.dtype.base_dtype == tf.float64]
        weights = [rng.uniform(-1, 1, size=t.shape.as_list()) for t in flat]
        loss = tf.add_n([tf.reduce_sum(t * w) for t, w in zip(flat, weights)])
        variables = tf.trainable_variables()
        assert variables and all(v.dtype.base_dtype == tf.float64 for v in variables), variables
        targets = variables + [x]
        grads = tf.gradients(loss, targets)
        feed = {x: rng.uniform(-1, 1, size=(B, T, D))}
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            for v in variables:  # weights large enough to leave the cells' linear regime
                v.load(rng.uniform(-0.8, 0.8, size=v.shape.as_list()), s)
            for target, grad in zip(targets, grads):
                value = feed[x] if target is x else s.run(target)
                if grad is None:  # the ids an embedding reads; CIFG's bias, unused under layer norm (as TF)
                    assert (target is x and row == "EmbeddingWrapper") or target.name.endswith("/B:0"), target.name
                    continue
                analytic = s.run(tf.convert_to_tensor(grad), feed)
                picks = rng.choice(value.size, size=min(3, value.size), replace=False)
                for index in picks:
                    numeric = _numeric(s, loss, target, value, feed, int(index))
                    np.testing.assert_allclose(analytic.flat[index], numeric, rtol=1e-5, atol=1e-7,
                                               err_msg=f"{row}: d loss / d {target.name}[{index}]")
