"""The attention mechanisms and decoders of tf.contrib.seq2seq, differentiated: the gradients tf.gradients
builds for a weighted sum of a decode's outputs and final state, with respect to every variable and to the
inputs (read both as the decoder's inputs and as the attention memory), equal central finite differences in
float64. One table row per configuration.

monotonic_attention's "recursive" mode builds float32 ones whatever its inputs' dtype, as TF 1.15's does, so it
has no float64 row (test_seq2seq_behaviour.py checks it equals the "parallel" mode).
TF 1.15's monotonic mechanisms make `attention_score_bias` from a Python float, which TF refuses for float64
(its dtype and the initializer's disagree), so they are differentiated through monotonic_attention here."""

import os
import sys

import numpy as np
import pytest

import sessionflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from finite_differences import flat as _flat, numeric as _numeric  # noqa: E402

seq2seq = tf.contrib.seq2seq
rnn = tf.nn.rnn_cell
T, B, D = 3, 2, 3  # time steps, batch rows, input depth
F64 = tf.float64


def _lengths():
    return tf.constant([3, 2])


def _attention_decode(mechanism, cell=lambda: rnn.GRUCell(3), output_layer=True, impute_finished=False,
                      output_time_major=False, **wrapper):
    def build(x):
        mechanisms = mechanism(x)
        attention_cell = seq2seq.AttentionWrapper(cell(), mechanisms, **wrapper)
        helper = seq2seq.TrainingHelper(x, _lengths())
        decoder = seq2seq.BasicDecoder(attention_cell, helper, attention_cell.zero_state(B, F64),
                                       output_layer=tf.layers.Dense(4, dtype=F64) if output_layer else None)
        outputs, state, _ = seq2seq.dynamic_decode(decoder, impute_finished=impute_finished,
                                                   output_time_major=output_time_major)
        return outputs.rnn_output, state.cell_state, state.attention
    return build


def _bahdanau(**kwargs):
    return lambda x: seq2seq.BahdanauAttention(3, x, memory_sequence_length=_lengths(), dtype=F64, **kwargs)


def _luong(**kwargs):
    return lambda x: seq2seq.LuongAttention(3, x, memory_sequence_length=_lengths(), dtype=F64, **kwargs)


def _monotonic_attention(mode):
    def build(x):
        p_choose_i = tf.sigmoid(tf.reshape(x, [B, T * D])[:, :4])
        previous = tf.nn.softmax(tf.reshape(x, [B, T * D])[:, 4:8] * 2.0)
        return seq2seq.monotonic_attention(p_choose_i, previous, mode), seq2seq.safe_cumprod(p_choose_i, axis=1)
    return build


def _plain_decode(x):
    helper = seq2seq.TrainingHelper(tf.transpose(x, [1, 0, 2]), _lengths(), time_major=True)
    cell = rnn.BasicLSTMCell(2)
    decoder = seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, F64))
    outputs, state, _ = seq2seq.dynamic_decode(decoder, impute_finished=True, output_time_major=True)
    return outputs.rnn_output, state


def _sequence_loss(x):
    logits = tf.layers.Dense(4, dtype=F64)(x)
    targets = tf.constant([[1, 3, 0], [2, 2, 1]])
    weights = tf.constant([[1.0, 1.0, 0.5], [1.0, 0.0, 0.0]], F64)
    return [seq2seq.sequence_loss(logits, targets, weights),
            seq2seq.sequence_loss(logits, targets, weights, average_across_batch=False, sum_over_batch=True),
            seq2seq.sequence_loss(logits, targets, weights, average_across_timesteps=False,
                                  average_across_batch=False)]


ROWS = {
    "BahdanauAttention": _attention_decode(_bahdanau(), attention_layer_size=2),
    "BahdanauAttention normalize": _attention_decode(_bahdanau(normalize=True), cell=lambda: rnn.BasicLSTMCell(2),
                                                     impute_finished=True),
    "LuongAttention": _attention_decode(_luong(), output_attention=False, attention_layer_size=3),
    "LuongAttention scale": _attention_decode(_luong(scale=True), output_layer=False, output_time_major=True),
    "monotonic_attention parallel, safe_cumprod": _monotonic_attention("parallel"),
    "two mechanisms, cell_input_fn": _attention_decode(
        lambda x: [_bahdanau()(x), _luong()(x)], attention_layer_size=[2, 3],
        cell_input_fn=lambda inputs, attention: inputs + tf.reduce_sum(attention, 1, keepdims=True)),
    "BasicDecoder impute_finished, time major": _plain_decode,
    "sequence_loss": _sequence_loss,
}


@pytest.mark.parametrize("row", sorted(ROWS))
def test_gradients_equal_finite_differences(row):
    rng = np.random.RandomState(sum(map(ord, row)))
    with tf.Graph().as_default():
        x = tf.placeholder(F64, [B, T, D])
        with tf.variable_scope("row", dtype=F64):
            flat = [t for t in _flat(ROWS[row](x)) if isinstance(t, tf.Tensor) and t.dtype.base_dtype == F64]
        variables = tf.trainable_variables()
        assert all(v.dtype.base_dtype == F64 for v in variables), variables
        targets = variables + [x]
        feed = {x: rng.uniform(-1, 1, size=(B, T, D))}
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            for v in variables:
                v.load(rng.uniform(-0.8, 0.8, size=v.shape.as_list()), s)
            weights = [rng.uniform(-1, 1, size=np.shape(value)) for value in s.run(flat, feed)]
            loss = tf.add_n([tf.reduce_sum(t * w) for t, w in zip(flat, weights)])
            grads = tf.gradients(loss, targets)
            for target, grad in zip(targets, grads):
                assert grad is not None, target.name
                value = np.array(feed[x] if target is x else s.run(target))
                analytic = s.run(tf.convert_to_tensor(grad), feed)
                for index in rng.choice(value.size, size=min(3, value.size), replace=False):
                    numeric = _numeric(s, loss, target, value, feed, int(index))
                    np.testing.assert_allclose(analytic.flat[index], numeric, rtol=1e-5, atol=1e-7,
                                               err_msg=f"{row}: d loss / d {target.name}[{index}]")
