"""tf.contrib.cudnn_rnn's CPU cells (CudnnCompatibleGRUCell, CudnnCompatibleLSTMCell) against TF 1.15's formulas
restated on TF 2.21 (cuDNN's GRU candidate; an LSTM with forget_bias 0): values, gradients and variable names.
The cuDNN layers themselves need a GPU and say so."""

import numpy as np
import pytest

import sessionflow as tf

# TF 2.21's output
GRU_LAST = [[-0.4847, -0.43188, 0.00289, 0.04251, 0.17739], [0.0, 0.0, 0.0, 0.0, 0.0]]
LSTM_H = [[-0.06332, 0.13325, 0.04927, 0.03184, 0.19953], [-0.13234, 0.02207, 0.1844, 0.00449, 0.00245]]
LOSS = -3.2579324
GRAD_ABS_SUMS = [8.754822731018066, 2.9910202026367188, 13.28921127319336, 2.1635642051696777, 7.071951389312744,
                 4.558989524841309, 8.852448463439941, 3.231905221939087]


def test_cudnn_compatible_cells():
    cudnn = tf.contrib.cudnn_rnn
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.constant(np.random.RandomState(0).randn(2, 4, 3).astype(np.float32))
        with tf.variable_scope("g"):
            og, _ = tf.nn.dynamic_rnn(cudnn.CudnnCompatibleGRUCell(5), x, dtype=tf.float32, sequence_length=[4, 2])
        with tf.variable_scope("l"):
            ol, sl = tf.nn.dynamic_rnn(cudnn.CudnnCompatibleLSTMCell(5), x, dtype=tf.float32)
        loss = tf.reduce_sum(og) + tf.reduce_sum(ol * ol)
        grads = tf.gradients(loss, tf.trainable_variables())
        gru = "g/rnn/cudnn_compatible_gru_cell/"
        assert [v.op.name for v in tf.trainable_variables()] == [
            gru + "gates/kernel", gru + "gates/bias", gru + "candidate/input_projection/kernel",
            gru + "candidate/hidden_projection/kernel", gru + "candidate/input_projection/bias",
            gru + "candidate/hidden_projection/bias", "l/rnn/cudnn_compatible_lstm_cell/kernel",
            "l/rnn/cudnn_compatible_lstm_cell/bias"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got_og, got_h, got_loss, got_grads = sess.run([og, sl.h, loss, grads])
    np.testing.assert_allclose(got_og[:, -1], GRU_LAST, atol=1e-5)
    np.testing.assert_allclose(got_h, LSTM_H, atol=1e-5)
    np.testing.assert_allclose(got_loss, LOSS, rtol=1e-5)
    np.testing.assert_allclose([np.abs(g).sum() for g in got_grads], GRAD_ABS_SUMS, rtol=1e-5)


def test_cudnn_layers_say_they_need_a_gpu():
    with pytest.raises(AttributeError, match="runs only on an NVIDIA GPU with cuDNN.*CudnnCompatibleLSTMCell"):
        tf.contrib.cudnn_rnn.CudnnLSTM
