"""Records the reference results of the seq2seq programs of tests/rnn/test_seq2seq*.py into
tests/rnn/goldens/seq2seq_attention.npz, seq2seq_luong.npz, seq2seq_monotonic.npz and seq2seq_legacy.npz.

TF 2.21 has no tf.contrib; the reference is tensorflow-addons 0.23's seq2seq (TrainingSampler,
GreedyEmbeddingSampler, BasicDecoder, BeamSearchDecoder, BahdanauAttention, AttentionWrapper,
sequence_loss, dynamic_decode), which kept TF 1.15 contrib's math, run in TF 2.21's graph mode. Its
Keras variables are named differently, so every weight starts from the values this script draws and
saves with the results (the test builds the contrib program and assigns the same values by TF 1.15's
names). Install: `pip install --no-deps tensorflow-addons typeguard<3` into the oracle's venv.

legacy_seq2seq (seq2seq_legacy.npz) is plain Python over cells in TF 1.15, and TF 2.21 has neither it nor
contrib's core_rnn_cell: `legacy_reference` writes TF 1.15's embedding_attention_seq2seq out step by step
with TF 2.21's ops (static unrolling, LSTM gates, the 1x1-convolution attention of attention_decoder, the
output projections, legacy sequence_loss), its variables named as TF 1.15 names them.

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/record_seq2seq.py
"""

from __future__ import annotations

import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "rnn", "goldens", "seq2seq_attention.npz")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import tf_keras

# tensorflow-addons 0.23 imports Keras 2 as `keras`; tf_keras is that Keras.
import tf_keras.src.engine.keras_tensor

sys.modules.setdefault("keras", tf_keras)
sys.modules.setdefault("keras.src", tf_keras.src)
sys.modules.setdefault("keras.src.engine", tf_keras.src.engine)
sys.modules.setdefault("keras.src.engine.keras_tensor", tf_keras.src.engine.keras_tensor)

np.Inf = np.inf  # tensorflow-addons 0.23's beam search still spells it the NumPy 1 way

import tensorflow
import tensorflow_addons.seq2seq as tfa_seq2seq

tf = tensorflow.compat.v1
tf.disable_eager_execution()
tf.disable_resource_variables()

# The program's sizes and data (the test reads them back from the golden).
B, TS, TT, V, E, H, A, L, W = 3, 5, 4, 8, 4, 5, 6, 4, 3
GO, EOS = 1, 2
STEPS, LR, MAX_ITER, LENGTH_PENALTY = 3, 0.5, 6, 0.5

# role -> (TF 1.15 contrib name, shape)
WEIGHTS = {
    "emb": ("emb", (V, E)),
    "enc_kernel": ("rnn/basic_lstm_cell/kernel", (E + H, 4 * H)),
    "enc_bias": ("rnn/basic_lstm_cell/bias", (4 * H,)),
    "memory": ("memory_layer/kernel", (H, A)),
    "dec_kernel": ("decoder/attention_wrapper/basic_lstm_cell/kernel", (E + L + H, 4 * H)),
    "dec_bias": ("decoder/attention_wrapper/basic_lstm_cell/bias", (4 * H,)),
    "query": ("decoder/attention_wrapper/bahdanau_attention/query_layer/kernel", (H, A)),
    "v": ("decoder/attention_wrapper/bahdanau_attention/attention_v", (A,)),
    "g": ("decoder/attention_wrapper/bahdanau_attention/attention_g", ()),
    "b": ("decoder/attention_wrapper/bahdanau_attention/attention_b", (A,)),
    "attention_layer": ("decoder/attention_wrapper/attention_layer/kernel", (H + H, L)),
    "out_kernel": ("decoder/dense/kernel", (L, V)),
    "out_bias": ("decoder/dense/bias", (V,)),
}


def data():
    rs = np.random.RandomState(0)
    values = {role: (rs.uniform(-0.6, 0.6, shape)).astype(np.float32) for role, (_, shape) in WEIGHTS.items()}
    values["g"] = np.float32(np.sqrt(1.0 / A))
    values["out_bias"][EOS] -= 1.6  # decodes run a few steps before the end token wins
    return {"weights": values, "source": rs.randint(3, V, (B, TS)).astype(np.int32),
            "source_length": np.array([5, 3, 4], np.int32),
            "target": np.array([[3, 4, 5, 2], [6, 7, 2, 0], [5, 2, 0, 0]], np.int32),
            "target_length": np.array([4, 3, 2], np.int32)}


def _tfa_role(name):
    """The weight role of a tfa/Keras variable of this program."""
    table = [("^embedding:", "emb"), ("^encoder/.*kernel", "enc_kernel"), ("^encoder/.*bias", "enc_bias"),
             ("^BahdanauAttention/kernel", "memory"), ("/BahdanauAttention/kernel", "query"),
             ("attention_v", "v"), ("attention_g", "g"), ("attention_b", "b"), ("attention_layer", "attention_layer"),
             ("^basic_lstm_cell/kernel", "dec_kernel"), ("^basic_lstm_cell/bias", "dec_bias"),
             ("output/kernel", "out_kernel"), ("output/bias", "out_bias")]
    import re

    for pattern, role in table:
        if re.search(pattern, name):
            return role
    raise KeyError(f"{name}: {[v.name for v in tf.global_variables()]}")


def build(d, beam):
    """The model on tfa: encoder, attention decoder cell and output layer; for `beam`, memory and
    encoder state tiled for beam search."""
    embedding = tf.get_variable("embedding", [V, E])
    source = tf.constant(d["source"])
    source_length = tf.constant(d["source_length"])
    with tf.variable_scope("encoder"):
        enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(H),
                                               tf.nn.embedding_lookup(embedding, source),
                                               sequence_length=source_length, dtype=tf.float32)
    batch = B * W if beam else B
    if beam:
        enc_out, source_length, enc_state = (tfa_seq2seq.tile_batch(x, W) for x in (enc_out, source_length,
                                                                                      enc_state))
    mechanism = tfa_seq2seq.BahdanauAttention(A, memory=enc_out, memory_sequence_length=source_length,
                                              normalize=True)
    cell = tfa_seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), mechanism, attention_layer_size=L, alignment_history=not beam)
    initial = cell.get_initial_state(batch_size=batch, dtype=tf.float32).clone(cell_state=enc_state)
    output = tf_keras.layers.Dense(V, name="output")
    return embedding, cell, initial, output


def apply_after_all(optimizer, grads, variables):
    """The update, run only once every gradient is computed: TF 1.x's reference variables are read when their
    reader runs, so a gradient op reading a variable (d x = d y @ W^T) may otherwise see it already updated,
    and the recorded losses would change from run to run."""
    with tf.control_dependencies([getattr(g, "values", g) for g in grads]):
        return optimizer.apply_gradients(zip(grads, variables))


def assign_all(session, d):
    for v in tf.global_variables():
        value = d["weights"][_tfa_role(v.name)]
        session.run(v.assign(np.reshape(value, v.shape.as_list())))


def main():
    d = data()
    result = {f"weight_{k}": v for k, v in d["weights"].items()}
    result.update({k: d[k] for k in ("source", "source_length", "target", "target_length")})
    with tf.Graph().as_default():
        embedding, cell, initial, output = build(d, beam=False)
        target = tf.constant(d["target"])
        target_in = tf.concat([tf.fill([B, 1], GO), target[:, :-1]], 1)
        target_length = tf.constant(d["target_length"])
        decoder = tfa_seq2seq.BasicDecoder(cell, tfa_seq2seq.TrainingSampler(), output_layer=output)
        train_out, _, train_lengths = decoder(tf.nn.embedding_lookup(embedding, target_in), initial_state=initial,
                                              sequence_length=target_length)
        logits = train_out.rnn_output
        weights = tf.sequence_mask(target_length, tf.shape(logits)[1], dtype=tf.float32)
        loss = tfa_seq2seq.sequence_loss(logits, target[:, :tf.shape(logits)[1]], weights)
        per_step = tfa_seq2seq.sequence_loss(logits, target[:, :tf.shape(logits)[1]], weights,
                                             average_across_batch=False, average_across_timesteps=False,
                                             sum_over_timesteps=True)
        grads = tf.gradients(loss, tf.trainable_variables())
        train = apply_after_all(tf.train.GradientDescentOptimizer(LR), grads, tf.trainable_variables())
        greedy = tfa_seq2seq.BasicDecoder(cell, tfa_seq2seq.GreedyEmbeddingSampler(), output_layer=output,
                                          maximum_iterations=MAX_ITER)
        g_out, g_state, g_lengths = greedy(embedding, start_tokens=tf.fill([B], GO), end_token=EOS,
                                           initial_state=initial)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            assign_all(s, d)
            result["first_logits"], result["first_per_sequence"] = s.run([logits, per_step])
            dense = [tf.convert_to_tensor(g) for g in grads]
            for v, g in zip(tf.trainable_variables(), s.run(dense)):
                result["grad_" + _tfa_role(v.name)] = np.reshape(g, WEIGHTS[_tfa_role(v.name)][1])
            losses = []
            for _ in range(STEPS):
                losses.append(s.run([loss, train])[0])
            result["losses"] = np.array(losses)
            result["train_lengths"] = s.run(train_lengths)
            (result["greedy_ids"], result["greedy_logits"], result["greedy_lengths"],
             result["greedy_alignments"]) = s.run([g_out.sample_id, g_out.rnn_output, g_lengths,
                                                   g_state.alignment_history.stack()])
            trained = {_tfa_role(v.name): s.run(v) for v in tf.global_variables()}
    d["weights"] = trained
    with tf.Graph().as_default():
        embedding, cell, initial, output = build(d, beam=True)
        beam = tfa_seq2seq.BeamSearchDecoder(cell, W, output_layer=output, length_penalty_weight=LENGTH_PENALTY,
                                             maximum_iterations=MAX_ITER)
        b_out, b_state, _ = beam(embedding, start_tokens=tf.fill([B], GO), end_token=EOS,
                                         initial_state=initial)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            assign_all(s, d)
            (result["beam_ids"], result["beam_scores"], result["beam_parents"], result["beam_step_ids"],
             result["beam_lengths"], result["beam_log_probs"]) = s.run([
                 b_out.predicted_ids, b_out.beam_search_decoder_output.scores,
                 b_out.beam_search_decoder_output.parent_ids, b_out.beam_search_decoder_output.predicted_ids,
                 b_state.lengths, b_state.log_probs])
    del result["beam_ids"]  # tfa 0.23 on TF 2.21 gives only end tokens here; the test walks the parents itself
    np.savez(OUT, **result)
    print({k: np.shape(v) for k, v in result.items() if not k.startswith("weight_")})
    print("losses", result["losses"], "\ngreedy", result["greedy_ids"], "\nbeam steps",
          result["beam_step_ids"][..., 0])


# The second program: LuongAttention(H, scale=True) with output_attention=False and no attention layer,
# decoded greedily (impute_finished, time-major), by seeded sampling, and by beam search with a coverage
# penalty. Same sizes and data as the first.
LUONG_WEIGHTS = {
    "emb": ("emb", (V, E)),
    "enc_kernel": ("rnn/basic_lstm_cell/kernel", (E + H, 4 * H)),
    "enc_bias": ("rnn/basic_lstm_cell/bias", (4 * H,)),
    "memory": ("memory_layer/kernel", (H, H)),
    "dec_kernel": ("decoder/attention_wrapper/basic_lstm_cell/kernel", (E + H + H, 4 * H)),
    "dec_bias": ("decoder/attention_wrapper/basic_lstm_cell/bias", (4 * H,)),
    "g": ("decoder/attention_wrapper/luong_attention/attention_g", ()),
    "out_kernel": ("decoder/dense/kernel", (H, V)),
    "out_bias": ("decoder/dense/bias", (V,)),
}
COVERAGE_PENALTY, SAMPLE_SEED, GRAPH_SEED = 0.4, 7, 5


def _luong_role(name):
    import re

    table = [("^embedding:", "emb"), ("^encoder/.*kernel", "enc_kernel"), ("^encoder/.*bias", "enc_bias"),
             ("^LuongAttention/kernel", "memory"), ("attention_g", "g"), ("^basic_lstm_cell/kernel", "dec_kernel"),
             ("^basic_lstm_cell/bias", "dec_bias"), ("output/kernel", "out_kernel"), ("output/bias", "out_bias")]
    for pattern, role in table:
        if re.search(pattern, name):
            return role
    raise KeyError(f"{name}: {[v.name for v in tf.global_variables()]}")


def build_luong(d, beam):
    embedding = tf.get_variable("embedding", [V, E])
    source_length = tf.constant(d["source_length"])
    with tf.variable_scope("encoder"):
        enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(H),
                                               tf.nn.embedding_lookup(embedding, tf.constant(d["source"])),
                                               sequence_length=source_length, dtype=tf.float32)
    if beam:
        enc_out, source_length, enc_state = (tfa_seq2seq.tile_batch(x, W) for x in (enc_out, source_length,
                                                                                      enc_state))
    mechanism = tfa_seq2seq.LuongAttention(H, memory=enc_out, memory_sequence_length=source_length, scale=True)
    cell = tfa_seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), mechanism, output_attention=False)
    initial = cell.get_initial_state(batch_size=B * W if beam else B, dtype=tf.float32).clone(cell_state=enc_state)
    return embedding, cell, initial, tf_keras.layers.Dense(V, name="output")


def luong_main():
    d = data()
    rs = np.random.RandomState(2)
    weights = {role: rs.uniform(-0.6, 0.6, shape).astype(np.float32) for role, (_, shape) in LUONG_WEIGHTS.items()}
    weights["g"] = np.float32(1.3)
    weights["out_bias"] *= 0.1
    weights["out_kernel"] *= 3.0
    result = {f"weight_{k}": v for k, v in weights.items()}

    def assign(session):
        for v in tf.global_variables():
            session.run(v.assign(np.reshape(weights[_luong_role(v.name)], v.shape.as_list())))

    with tf.Graph().as_default():
        tf.set_random_seed(GRAPH_SEED)
        embedding, cell, initial, output = build_luong(d, beam=False)
        greedy = tfa_seq2seq.BasicDecoder(cell, tfa_seq2seq.GreedyEmbeddingSampler(), output_layer=output,
                                          maximum_iterations=MAX_ITER, impute_finished=True, output_time_major=True)
        g_out, g_state, g_lengths = greedy(embedding, start_tokens=tf.fill([B], GO), end_token=EOS,
                                           initial_state=initial)
        sampler = tfa_seq2seq.BasicDecoder(cell, tfa_seq2seq.SampleEmbeddingSampler(seed=SAMPLE_SEED),
                                           output_layer=output, maximum_iterations=MAX_ITER)
        s_out, _, s_lengths = sampler(embedding, start_tokens=tf.fill([B], GO), end_token=EOS, initial_state=initial)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            assign(s)
            (result["greedy_ids"], result["greedy_logits"], result["greedy_lengths"], result["greedy_state_h"],
             result["greedy_attention"]) = s.run([g_out.sample_id, g_out.rnn_output, g_lengths,
                                                  g_state.cell_state.h, g_state.attention])
            result["sample_ids"], result["sample_lengths"] = s.run([s_out.sample_id, s_lengths])
    with tf.Graph().as_default():
        embedding, cell, initial, output = build_luong(d, beam=True)
        beam = tfa_seq2seq.BeamSearchDecoder(cell, W, output_layer=output, coverage_penalty_weight=COVERAGE_PENALTY,
                                             maximum_iterations=MAX_ITER)
        b_out, b_state, _ = beam(embedding, start_tokens=tf.fill([B], GO), end_token=EOS, initial_state=initial)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            assign(s)
            steps = b_out.beam_search_decoder_output
            (result["beam_scores"], result["beam_parents"], result["beam_step_ids"], result["beam_lengths"],
             result["beam_log_probs"], result["beam_coverage"]) = s.run([
                 steps.scores, steps.parent_ids, steps.predicted_ids, b_state.lengths, b_state.log_probs,
                 b_state.accumulated_attention_probs])
    np.savez(OUT.replace("seq2seq_attention", "seq2seq_luong"), **result)
    print("luong greedy", result["greedy_ids"].T, "\nsampled", result["sample_ids"], "\nbeam steps",
          result["beam_step_ids"][..., 0])


# The monotonic mechanisms, each called once on a query and previous alignments (weights by role).
MONOTONIC = {
    "bahdanau_parallel": ("BahdanauMonotonicAttention", {"normalize": True, "score_bias_init": -0.5, "mode": "parallel"}),
    "bahdanau_recursive": ("BahdanauMonotonicAttention", {"score_bias_init": 0.2, "mode": "recursive"}),
    "luong_parallel": ("LuongMonotonicAttention", {"scale": True, "score_bias_init": 0.5, "mode": "parallel"}),
    "luong_hard": ("LuongMonotonicAttention", {"mode": "hard"}),
}


def monotonic_data():
    rs = np.random.RandomState(5)
    previous = rs.uniform(0, 1, (B, TS)).astype(np.float32)
    return {"memory": rs.uniform(-1, 1, (B, TS, H)).astype(np.float32), "query": rs.uniform(-1, 1, (B, H)).astype(
        np.float32), "previous": previous / previous.sum(1, keepdims=True),
        "memory_length": np.array([5, 3, 4], np.int32)}


def monotonic_weights(kind, options, rs):
    units = A if kind.startswith("Bahdanau") else H
    weights = {"memory": rs.uniform(-0.8, 0.8, (H, units)).astype(np.float32),
               "score_bias": np.float32(options.get("score_bias_init", 0.0))}
    if kind.startswith("Bahdanau"):
        weights.update(query=rs.uniform(-0.8, 0.8, (H, units)).astype(np.float32),
                       v=rs.uniform(-0.8, 0.8, (units,)).astype(np.float32))
        if options.get("normalize"):
            weights.update(g=np.float32(0.7), b=rs.uniform(-0.3, 0.3, (units,)).astype(np.float32))
    elif options.get("scale"):
        weights["g"] = np.float32(1.4)
    return units, weights


def monotonic_main():
    d = monotonic_data()
    result = dict(d)
    rs = np.random.RandomState(6)
    for key, (kind, options) in MONOTONIC.items():
        units, weights = monotonic_weights(kind, options, rs)
        result.update({f"{key}:{role}": value for role, value in weights.items()})
        with tf.Graph().as_default():
            mechanism = getattr(tfa_seq2seq, kind)(units, memory=tf.constant(d["memory"]),
                                                   memory_sequence_length=tf.constant(d["memory_length"]), **options)
            alignments, _ = mechanism([tf.constant(d["query"]), tf.constant(d["previous"])])
            kernels = iter(("memory", "query"))
            with tf.Session() as s:
                s.run(tf.global_variables_initializer())
                for v in tf.global_variables():
                    role = next(kernels) if v.name.endswith("kernel:0") else {
                        "attention_v": "v", "attention_g": "g", "attention_b": "b",
                        "attention_score_bias": "score_bias"}[v.name.split("/")[-1][:-2]]
                    s.run(v.assign(weights[role]))
                result[f"{key}:alignments"] = s.run(alignments)
    np.savez(OUT.replace("seq2seq_attention", "seq2seq_monotonic"), **result)


# legacy_seq2seq.embedding_attention_seq2seq(enc, dec, BasicLSTMCell(LH), LV_ENC, LV_DEC, LE, num_heads=2)
LB, LT_ENC, LT_DEC, LV_ENC, LV_DEC, LE, LH, HEADS = 3, 4, 3, 6, 7, 3, 4, 2
LEGACY = "embedding_attention_seq2seq/"
DECODER = LEGACY + "embedding_attention_decoder/attention_decoder/"
LEGACY_WEIGHTS = {
    LEGACY + "rnn/embedding_wrapper/embedding": (LV_ENC, LE),
    LEGACY + "rnn/embedding_wrapper/basic_lstm_cell/kernel": (LE + LH, 4 * LH),
    LEGACY + "rnn/embedding_wrapper/basic_lstm_cell/bias": (4 * LH,),
    LEGACY + "embedding_attention_decoder/embedding": (LV_DEC, LE),
    **{DECODER + f"AttnW_{a}": (1, 1, LH, LH) for a in range(HEADS)},
    **{DECODER + f"AttnV_{a}": (LH,) for a in range(HEADS)},
    DECODER + "kernel": (LE + HEADS * LH, LE),
    DECODER + "bias": (LE,),
    DECODER + "output_projection_wrapper/basic_lstm_cell/kernel": (LE + LH, 4 * LH),
    DECODER + "output_projection_wrapper/basic_lstm_cell/bias": (4 * LH,),
    DECODER + "output_projection_wrapper/kernel": (LH, LV_DEC),
    DECODER + "output_projection_wrapper/bias": (LV_DEC,),
    **{DECODER + f"Attention_{a}/kernel": (2 * LH, LH) for a in range(HEADS)},
    **{DECODER + f"Attention_{a}/bias": (LH,) for a in range(HEADS)},
    DECODER + "AttnOutputProjection/kernel": (LV_DEC + HEADS * LH, LV_DEC),
    DECODER + "AttnOutputProjection/bias": (LV_DEC,),
}


def _lstm(x, state, kernel, bias):
    """BasicLSTMCell (forget_bias 1): gates i, j, f, o from [x, h] @ kernel + bias."""
    c, h = state
    i, j, f, o = tf.split(tf.nn.bias_add(tf.matmul(tf.concat([x, h], 1), kernel), bias), 4, axis=1)
    new_c = c * tf.sigmoid(f + 1.0) + tf.sigmoid(i) * tf.tanh(j)
    return tf.tanh(new_c) * tf.sigmoid(o), (new_c, tf.tanh(new_c) * tf.sigmoid(o))


def legacy_reference(w, enc_ids, dec_ids, feed_previous):
    """TF 1.15's embedding_attention_seq2seq (num_heads=HEADS, no output_projection), written out."""
    zeros = tf.zeros([LB, LH])
    state = (zeros, zeros)
    enc_outputs = []
    for ids in enc_ids:  # the encoder: EmbeddingWrapper(BasicLSTMCell) under static_rnn
        x = tf.nn.embedding_lookup(w[LEGACY + "rnn/embedding_wrapper/embedding"], tf.reshape(ids, [-1]))
        out, state = _lstm(x, state, w[LEGACY + "rnn/embedding_wrapper/basic_lstm_cell/kernel"],
                           w[LEGACY + "rnn/embedding_wrapper/basic_lstm_cell/bias"])
        enc_outputs.append(out)
    attention_states = tf.concat([tf.reshape(e, [-1, 1, LH]) for e in enc_outputs], 1)
    hidden = tf.reshape(attention_states, [-1, LT_ENC, 1, LH])
    features = [tf.nn.conv2d(hidden, w[DECODER + f"AttnW_{a}"], [1, 1, 1, 1], "SAME") for a in range(HEADS)]

    def attention(query):
        query = tf.concat(list(query), 1)
        reads = []
        for a in range(HEADS):
            y = tf.reshape(tf.matmul(query, w[DECODER + f"Attention_{a}/kernel"]) + w[DECODER + f"Attention_{a}/bias"],
                           [-1, 1, 1, LH])
            s = tf.reduce_sum(w[DECODER + f"AttnV_{a}"] * tf.tanh(features[a] + y), [2, 3])
            weights = tf.nn.softmax(s)
            reads.append(tf.reshape(tf.reduce_sum(tf.reshape(weights, [-1, LT_ENC, 1, 1]) * hidden, [1, 2]),
                                    [-1, LH]))
        return reads

    embedding = w[LEGACY + "embedding_attention_decoder/embedding"]
    attns = [tf.zeros([LB, LH]) for _ in range(HEADS)]
    outputs, prev = [], None
    for i, ids in enumerate(dec_ids):
        inp = tf.nn.embedding_lookup(embedding, ids)
        if feed_previous and prev is not None:
            inp = tf.nn.embedding_lookup(embedding, tf.argmax(prev, 1))
        x = tf.matmul(tf.concat([inp] + attns, 1), w[DECODER + "kernel"]) + w[DECODER + "bias"]
        cell_out, state = _lstm(x, state, w[DECODER + "output_projection_wrapper/basic_lstm_cell/kernel"],
                                w[DECODER + "output_projection_wrapper/basic_lstm_cell/bias"])
        cell_out = tf.matmul(cell_out, w[DECODER + "output_projection_wrapper/kernel"]) + \
            w[DECODER + "output_projection_wrapper/bias"]
        attns = attention(state)
        output = tf.matmul(tf.concat([cell_out] + attns, 1), w[DECODER + "AttnOutputProjection/kernel"]) + \
            w[DECODER + "AttnOutputProjection/bias"]
        outputs.append(output)
        prev = output
    return outputs, state


def legacy_data():
    rs = np.random.RandomState(1)
    return {"weights": {name: rs.uniform(-0.7, 0.7, shape).astype(np.float32)
                        for name, shape in LEGACY_WEIGHTS.items()},
            "encoder": rs.randint(0, LV_ENC, (LT_ENC, LB)).astype(np.int32),
            "decoder": rs.randint(0, LV_DEC, (LT_DEC, LB)).astype(np.int32),
            "targets": rs.randint(0, LV_DEC, (LT_DEC, LB)).astype(np.int32),
            "weights_mask": np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0]], np.float32)}


def legacy_main():
    d = legacy_data()
    result = {"encoder": d["encoder"], "decoder": d["decoder"], "targets": d["targets"], "mask": d["weights_mask"]}
    result.update({"weight:" + k: v for k, v in d["weights"].items()})
    with tf.Graph().as_default():
        w = {name: tf.Variable(value, name=name) for name, value in d["weights"].items()}
        enc = [tf.constant(x) for x in d["encoder"]]
        dec = [tf.constant(x) for x in d["decoder"]]
        targets = [tf.constant(x) for x in d["targets"]]
        mask = [tf.constant(x) for x in d["weights_mask"]]
        outputs, state = legacy_reference(w, enc, dec, feed_previous=False)
        greedy, _ = legacy_reference(w, enc, dec, feed_previous=True)
        per_example = []
        for logit, target, weight in zip(outputs, targets, mask):
            per_example.append(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=logit) * weight)
        per_example = tf.add_n(per_example) / (tf.add_n(mask) + 1e-12)
        loss = tf.reduce_sum(per_example) / LB
        names = list(w)
        grads = tf.gradients(loss, [w[n] for n in names])
        train = apply_after_all(tf.train.GradientDescentOptimizer(0.5), grads, [w[n] for n in names])
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            result["outputs"], result["state_c"], result["state_h"], result["greedy"], result["per_example"] = \
                s.run([tf.stack(outputs), state[0], state[1], tf.stack(greedy), per_example])
            for name, g in zip(names, s.run([tf.convert_to_tensor(g) for g in grads])):
                result["grad:" + name] = g
            result["losses"] = np.array([s.run([loss, train])[0] for _ in range(3)])
    result.update(legacy_buckets(d))
    result.update(legacy_basic(d))
    np.savez(OUT.replace("seq2seq_attention", "seq2seq_legacy"), **result)
    print("legacy losses", result["losses"], result["bucket_losses"])


EMBEDDING_RNN = "embedding_rnn_seq2seq/"
RNN_DECODER = EMBEDDING_RNN + "embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/"
BUCKET_WEIGHTS = {
    EMBEDDING_RNN + "rnn/embedding_wrapper/embedding": (LV_ENC, LE),
    EMBEDDING_RNN + "rnn/embedding_wrapper/basic_lstm_cell/kernel": (LE + LH, 4 * LH),
    EMBEDDING_RNN + "rnn/embedding_wrapper/basic_lstm_cell/bias": (4 * LH,),
    EMBEDDING_RNN + "embedding_rnn_decoder/embedding": (LV_DEC, LE),
    RNN_DECODER + "basic_lstm_cell/kernel": (LE + LH, 4 * LH),
    RNN_DECODER + "basic_lstm_cell/bias": (4 * LH,),
    RNN_DECODER + "kernel": (LH, LV_DEC),
    RNN_DECODER + "bias": (LV_DEC,),
}
BUCKETS = ((2, 2), (4, 3))


def embedding_rnn_reference(w, enc_ids, dec_ids, feed_previous):
    """TF 1.15's embedding_rnn_seq2seq (no output_projection), written out."""
    state = (tf.zeros([LB, LH]), tf.zeros([LB, LH]))
    for ids in enc_ids:
        x = tf.nn.embedding_lookup(w[EMBEDDING_RNN + "rnn/embedding_wrapper/embedding"], tf.reshape(ids, [-1]))
        _, state = _lstm(x, state, w[EMBEDDING_RNN + "rnn/embedding_wrapper/basic_lstm_cell/kernel"],
                         w[EMBEDDING_RNN + "rnn/embedding_wrapper/basic_lstm_cell/bias"])
    embedding = w[EMBEDDING_RNN + "embedding_rnn_decoder/embedding"]
    outputs, prev = [], None
    for ids in dec_ids:
        inp = tf.nn.embedding_lookup(embedding, ids if prev is None or not feed_previous else tf.argmax(prev, 1))
        out, state = _lstm(inp, state, w[RNN_DECODER + "basic_lstm_cell/kernel"], w[RNN_DECODER + "basic_lstm_cell/bias"])
        prev = tf.matmul(out, w[RNN_DECODER + "kernel"]) + w[RNN_DECODER + "bias"]
        outputs.append(prev)
    return outputs, state


def legacy_buckets(d):
    """model_with_buckets(embedding_rnn_seq2seq) over BUCKETS: each bucket's outputs and loss (legacy
    sequence_loss), and embedding_rnn_seq2seq(feed_previous=True) over the largest bucket."""
    rs = np.random.RandomState(3)
    result = {"bucket_weight:" + name: rs.uniform(-0.7, 0.7, shape).astype(np.float32)
              for name, shape in BUCKET_WEIGHTS.items()}
    with tf.Graph().as_default():
        w = {name[len("bucket_weight:"):]: tf.constant(v) for name, v in result.items()}
        enc = [tf.constant(x) for x in d["encoder"]]
        dec = [tf.constant(x) for x in d["decoder"]]
        targets = [tf.constant(x) for x in d["targets"]]
        mask = [tf.constant(x) for x in d["weights_mask"]]
        fetches = {}
        for j, (n_enc, n_dec) in enumerate(BUCKETS):
            outputs, _ = embedding_rnn_reference(w, enc[:n_enc], dec[:n_dec], feed_previous=False)
            per_example = tf.add_n([tf.nn.sparse_softmax_cross_entropy_with_logits(labels=t, logits=o) * m
                                    for o, t, m in zip(outputs, targets[:n_dec], mask[:n_dec])])
            per_example /= tf.add_n(mask[:n_dec]) + 1e-12
            fetches[f"bucket_outputs_{j}"] = tf.stack(outputs)
            fetches[f"bucket_loss_{j}"] = tf.reduce_sum(per_example) / LB
        fetches["bucket_greedy"] = tf.stack(embedding_rnn_reference(w, enc, dec, feed_previous=True)[0])
        with tf.Session() as s:
            result.update(s.run(fetches))
    result["bucket_losses"] = np.array([result.pop(f"bucket_loss_{j}") for j in range(len(BUCKETS))])
    return result


def legacy_basic(d):
    """basic_rnn_seq2seq and tied_rnn_seq2seq on BasicLSTMCell(LH) over float inputs (a fixed embedding of
    the ids): outputs and final states."""
    rs = np.random.RandomState(4)
    table = rs.uniform(-1, 1, (max(LV_ENC, LV_DEC), LE)).astype(np.float32)
    names = {"basic_rnn_seq2seq/rnn/basic_lstm_cell/", "basic_rnn_seq2seq/rnn_decoder/basic_lstm_cell/",
             "combined_tied_rnn_seq2seq/tied_rnn_seq2seq/basic_lstm_cell/"}
    result = {"basic_table": table}
    for name in sorted(names):
        result[f"basic_weight:{name}kernel"] = rs.uniform(-0.7, 0.7, (LE + LH, 4 * LH)).astype(np.float32)
        result[f"basic_weight:{name}bias"] = rs.uniform(-0.7, 0.7, (4 * LH,)).astype(np.float32)
    with tf.Graph().as_default():
        def weights(name):
            return tf.constant(result[f"basic_weight:{name}kernel"]), tf.constant(result[f"basic_weight:{name}bias"])

        enc = [tf.constant(table[x]) for x in d["encoder"]]
        dec = [tf.constant(table[x]) for x in d["decoder"]]
        fetches = {}
        for key, enc_name, dec_name in (("basic", "basic_rnn_seq2seq/rnn/basic_lstm_cell/",
                                         "basic_rnn_seq2seq/rnn_decoder/basic_lstm_cell/"),
                                        ("tied", "combined_tied_rnn_seq2seq/tied_rnn_seq2seq/basic_lstm_cell/",
                                         "combined_tied_rnn_seq2seq/tied_rnn_seq2seq/basic_lstm_cell/")):
            state = (tf.zeros([LB, LH]), tf.zeros([LB, LH]))
            for x in enc:
                _, state = _lstm(x, state, *weights(enc_name))
            outputs = []
            for x in dec:
                out, state = _lstm(x, state, *weights(dec_name))
                outputs.append(out)
            fetches[f"{key}_outputs"], fetches[f"{key}_state_c"], fetches[f"{key}_state_h"] = (
                tf.stack(outputs), state[0], state[1])
        with tf.Session() as s:
            result.update(s.run(fetches))
    return result


if __name__ == "__main__":
    main()
    luong_main()
    monotonic_main()
    legacy_main()
