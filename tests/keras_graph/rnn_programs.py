"""Whole TF1 programs built with tf.keras's recurrent layers in graph mode: LSTM, GRU, SimpleRNN (sequences,
states, backwards), Bidirectional, TimeDistributed, the cells under RNN and StackedRNNCells, trained with
tf.train optimizers. Each takes the `tf` module (TensorFlow's compat.v1 or sessionflow) and returns what it
printed, as data; tools/record_keras.py records TensorFlow's results in tests/keras_graph/rnn_goldens.json."""

from __future__ import annotations

import numpy as np

from first_week.harness import registry
from keras_graph.keras_programs import _data, _labels, _names

PROGRAMS, program = registry()


def _shapes(tensors):
    return [t.shape.as_list() for t in tensors]


@program
def lstm_classifier_adam(tf):
    """A sequence classifier: LSTM over [batch, time, features], a Dense head, 3 Adam steps; the seeded
    initial weights (glorot kernel, orthogonal recurrent kernel, unit forget bias)."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float32, [None, 5, 3])
        y = tf.placeholder(tf.int64, [None])
        lstm = K.layers.LSTM(4)
        h = lstm(x)
        logits = K.layers.Dense(3)(h)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            initial = sess.run(lstm.weights)
            feed = {x: _data(0, 6, 5, 3), y: _labels(1, 6, 3)}
            losses = [float(sess.run([loss, train], feed)[0]) for _ in range(3)]
            return {"losses": losses, "initial": initial, "globals": _names(tf.global_variables()),
                    "trainables": _names(tf.trainable_variables()), "shapes": _shapes([h, logits]),
                    "after": sess.run(lstm.weights), "h": sess.run(h, feed)}


@program
def sequences_and_states(tf):
    """return_sequences / return_state of LSTM, GRU and SimpleRNN, go_backwards, an explicit initial state,
    and the layers' unit and cell attributes."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(2)
        x = tf.placeholder(tf.float32, [None, 4, 3])
        seq, h, c = K.layers.LSTM(3, return_sequences=True, return_state=True)(x)
        gru_seq = K.layers.GRU(2, return_sequences=True, go_backwards=True)(x)
        gru_last, gru_state = K.layers.GRU(2, return_state=True, activation="relu")(x)
        simple = K.layers.SimpleRNN(3, return_sequences=True)
        s_seq = simple(x, initial_state=[h])
        s_back = K.layers.SimpleRNN(2, go_backwards=True, use_bias=False)(seq)
        data = _data(3, 2, 4, 3)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = sess.run([seq, h, c, gru_seq, gru_last, gru_state, s_seq, s_back], {x: data})
            return {"values": values, "globals": _names(tf.global_variables()),
                    "shapes": _shapes([seq, h, c, gru_seq, gru_last, gru_state, s_seq, s_back]),
                    "units": [simple.units, simple.cell.name, simple.name]}


@program
def bidirectional_time_distributed(tf):
    """A sequence tagger: Bidirectional(LSTM(return_sequences)) then TimeDistributed(Dense), per-step softmax
    cross-entropy, 3 Adam steps; Bidirectional(GRU) merged by sum, average and multiplication."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        x = tf.placeholder(tf.float32, [None, 5, 2])
        y = tf.placeholder(tf.int64, [None, 5])
        bi = K.layers.Bidirectional(K.layers.LSTM(3, return_sequences=True))
        h = bi(x)
        logits = K.layers.TimeDistributed(K.layers.Dense(4))(h)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        summed = K.layers.Bidirectional(K.layers.GRU(2), merge_mode="sum")(x)
        averaged = K.layers.Bidirectional(K.layers.SimpleRNN(2), merge_mode="ave")(x)
        multiplied = K.layers.Bidirectional(K.layers.SimpleRNN(2, return_sequences=True), merge_mode="mul")(x)
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        data = _data(4, 3, 5, 2)
        labels = np.random.RandomState(5).randint(0, 4, (3, 5)).astype(np.int64)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: data, y: labels}
            losses = [float(sess.run([loss, train], feed)[0]) for _ in range(3)]
            return {"losses": losses, "globals": _names(tf.global_variables()),
                    "names": [bi.name, bi.forward_layer.name, bi.backward_layer.name],
                    "shapes": _shapes([h, logits, summed, averaged, multiplied]),
                    "merged": sess.run([summed, averaged, multiplied], feed)}


@program
def cells_under_rnn(tf):
    """The cells: RNN(StackedRNNCells([SimpleRNNCell, GRUCell])) with return_state, RNN([LSTMCell, LSTMCell]),
    a GRU with reset_after and sigmoid gates, an LSTM without unit_forget_bias; trained 3 Adam steps."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(4)
        x = tf.placeholder(tf.float32, [None, 4, 3])
        out, s1, s2 = K.layers.RNN(K.layers.StackedRNNCells([K.layers.SimpleRNNCell(3), K.layers.GRUCell(2)]),
                                   return_state=True)(x)
        stacked = K.layers.RNN([K.layers.LSTMCell(2), K.layers.LSTMCell(3)], return_sequences=True)(x)
        gru = K.layers.GRU(2, reset_after=True, recurrent_activation="sigmoid")(stacked)
        lstm = K.layers.LSTM(2, unit_forget_bias=False, recurrent_activation="sigmoid")(stacked)
        total = tf.reduce_sum(out) + tf.reduce_sum(s1) + tf.reduce_sum(gru * lstm)
        loss = tf.square(total - 1.0)
        train = tf.train.AdamOptimizer(0.02).minimize(loss)
        data = _data(6, 2, 4, 3)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [float(sess.run([loss, train], {x: data})[0]) for _ in range(3)]
            return {"losses": losses, "globals": [(v.name, v.shape.as_list()) for v in tf.global_variables()],
                    "values": sess.run([out, s1, s2, stacked, gru, lstm], {x: data}),
                    "shapes": _shapes([out, s1, s2, stacked, gru, lstm])}


@program
def sequential_lstm(tf):
    """A Sequential model: Embedding, LSTM(return_sequences), GRU, Dense; summary, predict, weights."""
    K = tf.keras
    with tf.Graph().as_default():
        tf.set_random_seed(5)
        model = K.Sequential([K.layers.Embedding(10, 4, input_length=6),
                              K.layers.LSTM(5, return_sequences=True),
                              K.layers.GRU(3),
                              K.layers.Dense(2, activation="softmax")])
        lines = []
        model.summary(print_fn=lines.append)
        ids = np.array([[1, 2, 3, 4, 5, 6], [9, 8, 0, 0, 1, 2], [3, 3, 3, 1, 1, 1]], np.int32)
        return {"summary": lines, "weights": _names(model.weights), "predict": model.predict(ids),
                "output_shape": list(model.output_shape)}
