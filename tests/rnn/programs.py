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

    def raw_rnn_not_callable():
        tf.nn.raw_rnn(rnn.GRUCell(2), "loop_fn")

    def state_saving_names():
        tf.nn.static_state_saving_rnn(rnn.BasicLSTMCell(2), [tf.zeros([2, 3])], None, "state")

    def variational_no_dtype():
        rnn.DropoutWrapper(rnn.GRUCell(2), output_keep_prob=0.5, variational_recurrent=True)

    def variational_no_input_size():
        rnn.DropoutWrapper(rnn.GRUCell(2), input_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32)

    for fn in (wrong_depth, mismatched_state, seq_len_rank, seq_len_dtype, seq_len_wrong_batch, unknown_rank,
               no_dtype, rank_two, not_a_cell, static_not_list, static_no_dtype, unknown_depth, keep_prob_range,
               int_inputs, raw_rnn_not_callable, state_saving_names, variational_no_dtype,
               variational_no_input_size):
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


class _StateSaver:
    """A state saver over variables: `state(name)` reads one, `save_state(name, value)` assigns it."""

    def __init__(self, tf, sizes):
        self._tf = tf
        self._variables = {name: tf.get_variable(f"saved_{name}", [3, size], initializer=tf.constant_initializer(0.1),
                                                 trainable=False) for name, size in sizes.items()}

    def state(self, name):
        return self._variables[name] + 0.0

    def save_state(self, name, value):
        return self._tf.assign(self._variables[name], value)


def raw_and_saving(tf):
    """tf.nn.raw_rnn with a loop_fn (its own emit structure, a loop state counting steps, rows finishing at
    their lengths), its default emit structure, static_state_saving_rnn run twice (the state carried in
    the saver's variables), and DropoutWrapper's variational dropout under dynamic_rnn."""
    from contrib_programs import assign_weights

    tf.set_random_seed(5)
    data = _inputs([4, 3, 2])  # time-major: [time, batch, depth]
    x = tf.placeholder(tf.float32, [4, 3, 2])
    lengths = tf.constant([4, 1, 3])
    rnn = tf.nn.rnn_cell
    cell = rnn.LSTMCell(3)
    inputs_ta = tf.TensorArray(tf.float32, size=4, clear_after_read=False).unstack(x)

    def loop_fn(time, cell_output, cell_state, loop_state):
        if cell_output is None:
            next_state = cell.zero_state(3, tf.float32)
            emit = (tf.zeros([], tf.float32), tf.zeros([], tf.int32))  # per-row shapes (no batch)
            loop_state = tf.constant(0.0)
        else:
            next_state = cell_state
            emit = (tf.reduce_sum(cell_output, 1), tf.fill([3], time))
            loop_state = loop_state + 1.0
        finished = time >= lengths
        next_input = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([3, 2]), lambda: inputs_ta.read(time))
        return finished, next_input, next_state, emit, loop_state

    (sums_ta, times_ta), raw_state, raw_loop_state = tf.nn.raw_rnn(cell, loop_fn)
    gru = rnn.GRUCell(2)

    def plain_loop_fn(time, cell_output, cell_state, loop_state):
        finished = time >= 4
        next_input = tf.cond(finished, lambda: tf.zeros([3, 2]), lambda: inputs_ta.read(tf.minimum(time, 3)))
        state = gru.zero_state(3, tf.float32) if cell_output is None else cell_state
        return tf.fill([3], finished), next_input, state, cell_output, None

    plain_ta, plain_state, plain_loop = tf.nn.raw_rnn(gru, plain_loop_fn, scope="plain")
    saver = _StateSaver(tf, {"c": 2, "h": 2})
    saving_cell = rnn.BasicLSTMCell(2)
    saved_out, saved_state = tf.nn.static_state_saving_rnn(saving_cell, tf.unstack(x), saver, ("c", "h"),
                                                           scope="saving")
    variational = rnn.DropoutWrapper(rnn.BasicLSTMCell(3), input_keep_prob=0.7, state_keep_prob=0.6,
                                     output_keep_prob=0.8, variational_recurrent=True, input_size=2,
                                     dtype=tf.float32, seed=3)
    var_out, var_state = tf.nn.dynamic_rnn(variational, x, dtype=tf.float32, time_major=True, scope="variational")
    flat = _flatten([sums_ta.stack(), times_ta.stack(), raw_state, raw_loop_state, plain_ta.stack(), plain_state,
                     var_out, var_state])
    loss = tf.add_n([tf.reduce_sum(tf.cast(t, tf.float32) * (0.2 + 0.1 * i)) for i, t in enumerate(flat)])
    trainable = [v for v in tf.trainable_variables()]
    grads = [g for g in tf.gradients(loss, trainable + [x]) if g is not None]
    with tf.Session() as s:
        assign_weights(tf, s)
        values, grad_values = s.run([flat, grads], {x: data})
        first = s.run(saved_out + list(saved_state), {x: data})
        second = s.run(saved_out + list(saved_state), {x: data})
    out = {"names": [v.name for v in trainable], "static_shapes": [str(t.shape) for t in flat],
           "plain_loop_is_none": str(plain_loop is None)}
    out.update({f"value_{i}": v for i, v in enumerate(values)})
    out.update({f"grad_{i}": g for i, g in enumerate(grad_values)})
    out.update({f"saved_first_{i}": v for i, v in enumerate(first)})
    out.update({f"saved_second_{i}": v for i, v in enumerate(second)})
    return out


PROGRAMS = {"cells": cells, "drivers": drivers, "char_lstm": char_lstm, "bidi_tagger": bidi_tagger,
            "errors": errors, "raw_and_saving": raw_and_saving}
