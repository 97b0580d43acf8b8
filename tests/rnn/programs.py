"""TF1 programs over recurrent cells and drivers. Each takes the `tf` module (sessionflow, or
TensorFlow's compat.v1 when tools/record_rnn_goldens.py records them) and returns a dict of
NumPy-convertible results; the tests compare sessionflow's results with TF's recorded ones."""

import numpy as np


def _inputs(shape, scale=0.1):
    return (np.sin(np.arange(np.prod(shape), dtype=np.float32) * 0.37) * scale * 10).reshape(shape).astype(np.float32)


def _run(tf, fetches, feed=None):
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        return s.run(fetches, feed)


def cells(tf):
    """Every cell called twice (the second call reuses the first call's variables), seeded weights."""
    tf.set_random_seed(11)
    x = tf.constant(_inputs([3, 4]))
    rnn = tf.nn.rnn_cell
    results = {}
    made = {
        "basic_rnn": rnn.BasicRNNCell(5, activation=tf.nn.relu),
        "basic_lstm": rnn.BasicLSTMCell(5, forget_bias=0.5),
        "basic_lstm_concat": rnn.BasicLSTMCell(3, state_is_tuple=False),
        "lstm": rnn.LSTMCell(4, use_peepholes=True, cell_clip=0.3, num_proj=3, proj_clip=0.2, forget_bias=0.7,
                             initializer=tf.random_uniform_initializer(-0.5, 0.5)),
        "lstm_concat": rnn.LSTMCell(4, num_proj=2, state_is_tuple=False),
        "gru": rnn.GRUCell(4),
        "multi_concat": rnn.MultiRNNCell([rnn.GRUCell(3), rnn.BasicRNNCell(2)], state_is_tuple=False),
        "residual": rnn.ResidualWrapper(rnn.GRUCell(4)),
        "device": rnn.DeviceWrapper(rnn.BasicLSTMCell(2), "/cpu:0"),
        "dropout": rnn.DropoutWrapper(rnn.BasicLSTMCell(3), input_keep_prob=0.7, output_keep_prob=0.6,
                                      state_keep_prob=0.5, seed=5),
    }
    for key, cell in made.items():
        state = cell.zero_state(3, tf.float32)
        out, state = cell(x, state)
        out2, state2 = cell(x * 0.5, state)
        results[key] = [out2, state2]
    fetched = _run(tf, results)
    names = [v.name for v in tf.trainable_variables()]
    flat = {k: [np.asarray(a) for a in _flatten(v)] for k, v in fetched.items()}
    return {"names": names, **{f"{k}_{i}": a for k, v in flat.items() for i, a in enumerate(v)}}


def _flatten(value):
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in _flatten(v)]
    return [value]


def drivers(tf):
    """dynamic_rnn batch- and time-major, with lengths and an initial state; static_rnn with lengths;
    both bidirectional drivers; the gradients of a sum of everything."""
    tf.set_random_seed(7)
    data = _inputs([3, 5, 2])
    x = tf.placeholder(tf.float32, [None, 5, 2])
    rnn = tf.nn.rnn_cell
    lengths = tf.constant([5, 2, 3], tf.int64)
    out_a, state_a = tf.nn.dynamic_rnn(rnn.BasicLSTMCell(3), x, dtype=tf.float32)
    gru = rnn.GRUCell(3)
    init = gru.zero_state(3, tf.float32) + 0.25
    out_b, state_b = tf.nn.dynamic_rnn(gru, tf.transpose(x, [1, 0, 2]), sequence_length=lengths,
                                       initial_state=init, time_major=True, scope="tm")
    multi = rnn.MultiRNNCell([rnn.LSTMCell(3), rnn.LSTMCell(2)])
    out_c, state_c = tf.nn.dynamic_rnn(multi, x, sequence_length=lengths, dtype=tf.float32, scope="multi")
    out_d, state_d = tf.nn.static_rnn(rnn.BasicRNNCell(2), tf.unstack(x, axis=1), sequence_length=lengths,
                                      dtype=tf.float32, scope="static")
    (fw, bw), (sfw, sbw) = tf.nn.bidirectional_dynamic_rnn(rnn.GRUCell(2), rnn.BasicLSTMCell(2), x,
                                                           sequence_length=lengths, dtype=tf.float32)
    out_e, sfe, sbe = tf.nn.static_bidirectional_rnn(rnn.BasicRNNCell(2), rnn.GRUCell(2), tf.unstack(x, axis=1),
                                                     sequence_length=lengths, dtype=tf.float32, scope="sbi")
    (fw2, bw2), _ = tf.nn.bidirectional_dynamic_rnn(rnn.BasicRNNCell(2), rnn.BasicRNNCell(2), x, dtype=tf.float32,
                                                    scope="nolen")
    everything = [out_a, state_a, out_b, state_b, out_c, state_c, out_d, state_d, fw, bw, sfw, sbw, out_e, sfe,
                  sbe, fw2, bw2]
    flat = _flatten(everything)
    loss = tf.add_n([tf.reduce_sum(t * (i + 1) * 0.1) for i, t in enumerate(flat)])
    grads = tf.gradients(loss, tf.trainable_variables() + [x])
    values, grad_values = _run(tf, [flat, grads], {x: data})
    out = {"names": [v.name for v in tf.trainable_variables()],
           "static_shapes": [str(t.shape) for t in flat]}
    out.update({f"value_{i}": v for i, v in enumerate(values)})
    out.update({f"grad_{i}": g for i, g in enumerate(grad_values)})
    return out


def _char_data():
    text = "hello world, the quick brown fox jumps over the lazy dog. " * 3
    chars = sorted(set(text))
    ids = np.array([chars.index(c) for c in text], np.int32)
    return ids, len(chars)


def char_lstm_graph(tf, vocab, steps=10, batch=4):
    tf.set_random_seed(1234)
    inputs = tf.placeholder(tf.int32, [batch, steps], name="inputs")
    targets = tf.placeholder(tf.int32, [batch, steps], name="targets")
    # One-hot characters (an embedding's gradient would be IndexedSlices, whose global norm TF takes
    # over the unsummed slices: a difference of tf.global_norm, not of the recurrent network).
    embedded = tf.one_hot(inputs, vocab)
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(16), tf.nn.rnn_cell.LSTMCell(16)])
    outputs, _ = tf.nn.dynamic_rnn(cell, embedded, dtype=tf.float32)
    logits = tf.layers.dense(tf.reshape(outputs, [-1, 16]), vocab, name="softmax")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.reshape(targets, [-1]), logits=logits))
    params = tf.trainable_variables()
    clipped, norm = tf.clip_by_global_norm(tf.gradients(loss, params), 1.0)
    train = tf.train.AdamOptimizer(0.01).apply_gradients(zip(clipped, params))
    predictions = tf.argmax(logits, 1, name="predictions")
    return inputs, targets, loss, norm, train, predictions


def char_batches(ids, steps=10, batch=4, count=20):
    for k in range(count):
        starts = [(k * 7 + b * 31) % (len(ids) - steps - 1) for b in range(batch)]
        yield (np.stack([ids[s:s + steps] for s in starts]), np.stack([ids[s + 1:s + steps + 1] for s in starts]))


def char_lstm(tf):
    """A char-level LSTM language model (2 stacked LSTMCells, dynamic_rnn, softmax loss, gradients
    clipped by global norm, Adam) trained 20 steps."""
    ids, vocab = _char_data()
    inputs, targets, loss, norm, train, predictions = char_lstm_graph(tf, vocab)
    losses, norms = [], []
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for xs, ys in char_batches(ids):
            value, n, _ = s.run([loss, norm, train], {inputs: xs, targets: ys})
            losses.append(value)
            norms.append(n)
    return {"losses": np.array(losses), "norms": np.array(norms),
            "names": [v.name for v in tf.trainable_variables()],
            "global_names": [v.name for v in tf.global_variables()]}


def bidi_tagger(tf):
    """A bidirectional GRU tagger over padded sentences with sequence_length, masked loss, SGD."""
    tf.set_random_seed(99)
    words = tf.placeholder(tf.int32, [None, 6])
    tags = tf.placeholder(tf.int32, [None, 6])
    lengths = tf.placeholder(tf.int32, [None])
    embedding = tf.get_variable("words", [12, 5])
    x = tf.nn.embedding_lookup(embedding, words)
    (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), tf.nn.rnn_cell.GRUCell(4), x,
                                                  sequence_length=lengths, dtype=tf.float32)
    logits = tf.layers.dense(tf.concat([fw, bw], 2), 3)
    mask = tf.sequence_mask(lengths, 6, dtype=tf.float32)
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tags, logits=logits)
    loss = tf.reduce_sum(xent * mask) / tf.reduce_sum(mask)
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    rng = np.random.RandomState(0)
    w = rng.randint(0, 12, size=(4, 6)).astype(np.int32)
    t = (w % 3).astype(np.int32)
    lens = np.array([6, 3, 4, 1], np.int32)
    losses = []
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for _ in range(5):
            value, _ = s.run([loss, train], {words: w, tags: t, lengths: lens})
            losses.append(value)
        final = s.run(logits, {words: w, lengths: lens})
    return {"losses": np.array(losses), "logits": final, "names": [v.name for v in tf.trainable_variables()]}


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the error is the result
        return f"{type(e).__name__}: {e}"
    return "no error"


def errors(tf):
    """Bad input: TF's error types and messages."""
    rnn = tf.nn.rnn_cell
    out = {}

    def fresh(fn):
        def run():
            with tf.Graph().as_default():
                fn()
        return run

    def wrong_depth():
        cell = rnn.BasicLSTMCell(3)
        cell(tf.zeros([2, 4]), cell.zero_state(2, tf.float32))
        cell(tf.zeros([2, 5]), cell.zero_state(2, tf.float32))

    def mismatched_state():
        cell = rnn.MultiRNNCell([rnn.GRUCell(2), rnn.GRUCell(2)])
        tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 4]), initial_state=tf.zeros([2, 4]))

    def seq_len_rank():
        tf.nn.dynamic_rnn(rnn.GRUCell(2), tf.zeros([2, 3, 4]), sequence_length=tf.zeros([2, 1], tf.int32),
                          dtype=tf.float32)

    def seq_len_dtype():
        tf.nn.dynamic_rnn(rnn.GRUCell(2), tf.zeros([2, 3, 4]), sequence_length=tf.constant(["a", "b"]),
                          dtype=tf.float32)

    def seq_len_wrong_batch():
        with tf.Session() as s:
            out, _ = tf.nn.dynamic_rnn(rnn.GRUCell(2), tf.zeros([2, 3, 4]), sequence_length=[1, 2, 3],
                                       dtype=tf.float32)
            s.run(tf.global_variables_initializer())
            s.run(out)

    def unknown_rank():
        tf.nn.dynamic_rnn(rnn.GRUCell(2), tf.placeholder(tf.float32), dtype=tf.float32)

    def no_dtype():
        tf.nn.dynamic_rnn(rnn.GRUCell(2), tf.zeros([2, 3, 4]))

    def rank_two():
        tf.nn.dynamic_rnn(rnn.GRUCell(2), tf.zeros([2, 3]), dtype=tf.float32)

    def not_a_cell():
        tf.nn.dynamic_rnn(lambda x, s: (x, s), tf.zeros([2, 3, 4]), dtype=tf.float32)

    def static_not_list():
        tf.nn.static_rnn(rnn.GRUCell(2), tf.zeros([2, 3]), dtype=tf.float32)

    def static_no_dtype():
        tf.nn.static_rnn(rnn.GRUCell(2), [tf.zeros([2, 3])])

    def unknown_depth():
        cell = rnn.GRUCell(2)
        cell(tf.placeholder(tf.float32, [2, None]), tf.zeros([2, 2]))

    def keep_prob_range():
        rnn.DropoutWrapper(rnn.GRUCell(2), output_keep_prob=1.5)

    def int_inputs():
        cell = rnn.GRUCell(2)
        cell(tf.zeros([2, 3], tf.int32), tf.zeros([2, 2]))

    for fn in (wrong_depth, mismatched_state, seq_len_rank, seq_len_dtype, seq_len_wrong_batch, unknown_rank,
               no_dtype, rank_two, not_a_cell, static_not_list, static_no_dtype, unknown_depth, keep_prob_range,
               int_inputs):
        out[fn.__name__] = _error(fresh(fn))
    return out


def restore_char_lstm(tf, checkpoint):
    """The char LSTM graph restored from `checkpoint`: its predictions and loss on one batch."""
    ids, vocab = _char_data()
    inputs, targets, loss, _, _, predictions = char_lstm_graph(tf, vocab)
    xs, ys = next(char_batches(ids, count=1))
    with tf.Session() as s:
        tf.train.Saver().restore(s, checkpoint)
        p, value = s.run([predictions, loss], {inputs: xs, targets: ys})
    return {"predictions": p, "loss": value}


def save_char_lstm(tf, checkpoint):
    """Trains the char LSTM 20 steps and saves it (the fixture restore_char_lstm reads)."""
    ids, vocab = _char_data()
    inputs, targets, loss, _, train, _ = char_lstm_graph(tf, vocab)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for xs, ys in char_batches(ids):
            s.run(train, {inputs: xs, targets: ys})
        tf.train.Saver().save(s, checkpoint, write_meta_graph=False)


PROGRAMS = {"cells": cells, "drivers": drivers, "char_lstm": char_lstm, "bidi_tagger": bidi_tagger,
            "errors": errors}
