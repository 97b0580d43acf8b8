"""tf.contrib.seq2seq: a small attention seq2seq trained a few steps, then decoded greedily and with beam
search, against recorded reference output.

Where the reference comes from: TF 2.21 has no tf.contrib, so tools/record_seq2seq.py runs the same
program on tensorflow-addons 0.23's seq2seq (which kept TF 1.15 contrib's math: TrainingSampler,
GreedyEmbeddingSampler, BasicDecoder, BeamSearchDecoder, BahdanauAttention(normalize=True),
AttentionWrapper, sequence_loss, dynamic_decode) in TF 2.21's graph mode, from weights it draws and saves
in tests/rnn/goldens/seq2seq_attention.npz. Here the program is written with TF 1.15's contrib API and
gets the same weights by TF 1.15's variable names (which the test also checks). tfa's own gather_tree
gives only end tokens on TF 2.21, so the beams' ids are checked against a walk of the recorded parents.
"""

import os

import numpy as np
import pytest

import sessionflow as tf

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "seq2seq_attention.npz")
B, TS, TT, V, E, H, A, L, W = 3, 5, 4, 8, 4, 5, 6, 4, 3
GO, EOS = 1, 2
STEPS, LR, MAX_ITER, LENGTH_PENALTY = 3, 0.5, 6, 0.5

# TF 1.15 contrib's variable names for this program, by role (as in tools/record_seq2seq.py).
NAMES = {
    "emb": "emb",
    "enc_kernel": "rnn/basic_lstm_cell/kernel",
    "enc_bias": "rnn/basic_lstm_cell/bias",
    "memory": "memory_layer/kernel",
    "dec_kernel": "decoder/attention_wrapper/basic_lstm_cell/kernel",
    "dec_bias": "decoder/attention_wrapper/basic_lstm_cell/bias",
    "query": "decoder/attention_wrapper/bahdanau_attention/query_layer/kernel",
    "v": "decoder/attention_wrapper/bahdanau_attention/attention_v",
    "g": "decoder/attention_wrapper/bahdanau_attention/attention_g",
    "b": "decoder/attention_wrapper/bahdanau_attention/attention_b",
    "attention_layer": "decoder/attention_wrapper/attention_layer/kernel",
    "out_kernel": "decoder/dense/kernel",
    "out_bias": "decoder/dense/bias",
}
ROLE = {name + ":0": role for role, name in NAMES.items()}


@pytest.fixture(scope="module")
def golden():
    return dict(np.load(GOLDEN))


def _model(g, beam, history=False):
    seq2seq = tf.contrib.seq2seq
    emb = tf.get_variable("emb", [V, E])
    source_length = tf.constant(g["source_length"])
    enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(H),
                                           tf.nn.embedding_lookup(emb, tf.constant(g["source"])),
                                           sequence_length=source_length, dtype=tf.float32)
    batch = B * W if beam else B
    if beam:
        enc_out, source_length, enc_state = seq2seq.tile_batch((enc_out, source_length, enc_state), W)
    mechanism = seq2seq.BahdanauAttention(A, enc_out, memory_sequence_length=source_length, normalize=True)
    cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), mechanism, attention_layer_size=L,
                                    alignment_history=history)
    initial = cell.zero_state(batch, tf.float32).clone(cell_state=enc_state)
    return emb, cell, initial, tf.layers.Dense(V)


def _assign(session, weights):
    for v in tf.global_variables():
        session.run(v.assign(weights[ROLE[v.name]]))


def _walk_parents(step_ids, parents, lengths, end_token):
    """TF 1.15's GatherTree on batch-major [batch, time, beam] arrays, written out plainly."""
    out = np.full_like(step_ids, end_token)
    for b in range(step_ids.shape[0]):
        for k in range(step_ids.shape[2]):
            n = min(step_ids.shape[1], int(lengths[b]))
            parent = k
            for t in range(n - 1, -1, -1):
                out[b, t, k] = step_ids[b, t, parent]
                parent = parents[b, t, parent]
            ended = np.flatnonzero(out[b, :n, k] == end_token)
            if ended.size:
                out[b, ended[0] + 1:n, k] = end_token
    return out


def run_program(g):
    seq2seq = tf.contrib.seq2seq
    weights = {k[len("weight_"):]: v for k, v in g.items() if k.startswith("weight_")}
    got = {}
    with tf.Graph().as_default():
        emb, cell, initial, output = _model(g, beam=False, history=True)  # trained with its alignment history on
        target = tf.constant(g["target"])
        target_in = tf.concat([tf.fill([B, 1], GO), target[:, :-1]], 1)
        target_length = tf.constant(g["target_length"])
        helper = seq2seq.TrainingHelper(tf.nn.embedding_lookup(emb, target_in), target_length)
        train_out, _, train_lengths = seq2seq.dynamic_decode(
            seq2seq.BasicDecoder(cell, helper, initial, output_layer=output))
        logits = train_out.rnn_output
        mask = tf.sequence_mask(target_length, tf.shape(logits)[1], dtype=tf.float32)
        loss = seq2seq.sequence_loss(logits, target[:, :tf.shape(logits)[1]], mask)
        per_sequence = seq2seq.sequence_loss(logits, target[:, :tf.shape(logits)[1]], mask,
                                             average_across_batch=False, average_across_timesteps=False,
                                             sum_over_timesteps=True)
        variables = tf.trainable_variables()
        grads = tf.gradients(loss, variables)
        with tf.control_dependencies([getattr(g, "values", g) for g in grads]):  # as recorded (TF's updates race)
            train = tf.train.GradientDescentOptimizer(LR).apply_gradients(zip(grads, variables))
        got["names"] = sorted(v.name for v in tf.global_variables())
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            _assign(s, weights)
            got["first_logits"], got["first_per_sequence"] = s.run([logits, per_sequence])
            for v, grad in zip(variables, s.run([tf.convert_to_tensor(x) for x in grads])):
                got["grad_" + ROLE[v.name]] = grad
            got["losses"] = np.array([s.run([loss, train])[0] for _ in range(STEPS)])
            got["train_lengths"] = s.run(train_lengths)
            trained = {ROLE[v.name]: s.run(v) for v in tf.global_variables()}
    with tf.Graph().as_default():  # decoded with the trained weights in a graph of its own, with alignment history
        emb, cell, initial, output = _model(g, beam=False, history=True)
        greedy = seq2seq.GreedyEmbeddingHelper(emb, tf.fill([B], GO), EOS)
        g_out, g_state, g_lengths = seq2seq.dynamic_decode(
            seq2seq.BasicDecoder(cell, greedy, initial, output_layer=output), maximum_iterations=MAX_ITER)
        with tf.Session() as s:
            _assign(s, trained)
            got["greedy_ids"], got["greedy_logits"], got["greedy_lengths"], got["greedy_alignments"] = s.run(
                [g_out.sample_id, g_out.rnn_output, g_lengths, g_state.alignment_history.stack()])
    with tf.Graph().as_default():
        emb, cell, initial, output = _model(g, beam=True)
        decoder = seq2seq.BeamSearchDecoder(cell, emb, tf.fill([B], GO), EOS, initial, W, output_layer=output,
                                            length_penalty_weight=LENGTH_PENALTY)
        b_out, b_state, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=MAX_ITER)
        steps = b_out.beam_search_decoder_output
        got["beam_names"] = sorted(v.name for v in tf.global_variables())
        with tf.Session() as s:
            _assign(s, trained)
            (got["beam_ids"], got["beam_scores"], got["beam_parents"], got["beam_step_ids"], got["beam_lengths"],
             got["beam_log_probs"]) = s.run([b_out.predicted_ids, steps.scores, steps.parent_ids,
                                             steps.predicted_ids, b_state.lengths, b_state.log_probs])
    return got


@pytest.fixture(scope="module")
def program(golden):
    return run_program(golden)


def test_variables_have_tf_1_15_contrib_names(program):
    assert program["names"] == sorted(name + ":0" for name in NAMES.values())
    assert program["beam_names"] == program["names"]


def test_training_follows_the_reference(program, golden):
    np.testing.assert_allclose(program["first_logits"], golden["first_logits"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(program["first_per_sequence"], golden["first_per_sequence"], rtol=1e-5)
    for role in NAMES:
        np.testing.assert_allclose(program["grad_" + role], golden["grad_" + role], rtol=1e-4, atol=1e-6,
                                   err_msg=role)
    assert len(golden["losses"]) == STEPS
    np.testing.assert_allclose(program["losses"], golden["losses"], rtol=0, atol=1e-5)
    np.testing.assert_array_equal(program["train_lengths"], golden["train_lengths"])


def test_greedy_decoding_follows_the_reference(program, golden):
    np.testing.assert_array_equal(program["greedy_ids"], golden["greedy_ids"])
    np.testing.assert_array_equal(program["greedy_lengths"], golden["greedy_lengths"])
    np.testing.assert_allclose(program["greedy_logits"], golden["greedy_logits"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(program["greedy_alignments"], golden["greedy_alignments"], rtol=1e-4, atol=1e-6)


def test_beam_search_follows_the_reference(program, golden):
    for key in ("beam_step_ids", "beam_parents", "beam_lengths"):
        np.testing.assert_array_equal(program[key], golden[key], err_msg=key)
    np.testing.assert_allclose(program["beam_scores"], golden["beam_scores"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(program["beam_log_probs"], golden["beam_log_probs"], rtol=1e-4, atol=1e-5)
    walked = _walk_parents(golden["beam_step_ids"], golden["beam_parents"], golden["beam_lengths"].max(1), EOS)
    np.testing.assert_array_equal(program["beam_ids"], walked)


# --- the second program: Luong attention, greedy (impute_finished, time-major), sampled, coverage penalty ----

LUONG_NAMES = {
    "emb": "emb",
    "enc_kernel": "rnn/basic_lstm_cell/kernel",
    "enc_bias": "rnn/basic_lstm_cell/bias",
    "memory": "memory_layer/kernel",
    "dec_kernel": "decoder/attention_wrapper/basic_lstm_cell/kernel",
    "dec_bias": "decoder/attention_wrapper/basic_lstm_cell/bias",
    "g": "decoder/attention_wrapper/luong_attention/attention_g",
    "out_kernel": "decoder/dense/kernel",
    "out_bias": "decoder/dense/bias",
}
LUONG_ROLE = {name + ":0": role for role, name in LUONG_NAMES.items()}
COVERAGE_PENALTY, SAMPLE_SEED, GRAPH_SEED = 0.4, 7, 5


@pytest.fixture(scope="module")
def luong(golden):
    recorded = dict(np.load(GOLDEN.replace("seq2seq_attention", "seq2seq_luong")))
    return recorded, run_luong(golden, recorded)


def _luong_model(g, beam):
    seq2seq = tf.contrib.seq2seq
    emb = tf.get_variable("emb", [V, E])
    source_length = tf.constant(g["source_length"])
    enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(H),
                                           tf.nn.embedding_lookup(emb, tf.constant(g["source"])),
                                           sequence_length=source_length, dtype=tf.float32)
    if beam:
        enc_out, source_length, enc_state = seq2seq.tile_batch((enc_out, source_length, enc_state), W)
    mechanism = seq2seq.LuongAttention(H, enc_out, memory_sequence_length=source_length, scale=True)
    cell = seq2seq.AttentionWrapper(tf.nn.rnn_cell.BasicLSTMCell(H), mechanism, output_attention=False)
    initial = cell.zero_state(B * W if beam else B, tf.float32).clone(cell_state=enc_state)
    return emb, cell, initial, tf.layers.Dense(V)


def run_luong(g, recorded):
    seq2seq = tf.contrib.seq2seq
    weights = {k[len("weight_"):]: v for k, v in recorded.items() if k.startswith("weight_")}

    def assign(session):
        for v in tf.global_variables():
            session.run(v.assign(weights[LUONG_ROLE[v.name]]))

    got = {}
    with tf.Graph().as_default():
        tf.set_random_seed(GRAPH_SEED)
        emb, cell, initial, output = _luong_model(g, beam=False)
        greedy = seq2seq.GreedyEmbeddingHelper(emb, tf.fill([B], GO), EOS)
        g_out, g_state, g_lengths = seq2seq.dynamic_decode(
            seq2seq.BasicDecoder(cell, greedy, initial, output_layer=output), maximum_iterations=MAX_ITER,
            impute_finished=True, output_time_major=True)
        sample = seq2seq.SampleEmbeddingHelper(emb, tf.fill([B], GO), EOS, seed=SAMPLE_SEED)
        s_out, _, s_lengths = seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, sample, initial, output_layer=output),
                                                     maximum_iterations=MAX_ITER)
        got["names"] = sorted(v.name for v in tf.global_variables())
        with tf.Session() as s:
            assign(s)
            (got["greedy_ids"], got["greedy_logits"], got["greedy_lengths"], got["greedy_state_h"],
             got["greedy_attention"], got["sample_ids"], got["sample_lengths"]) = s.run([
                 g_out.sample_id, g_out.rnn_output, g_lengths, g_state.cell_state.h, g_state.attention,
                 s_out.sample_id, s_lengths])
    with tf.Graph().as_default():
        emb, cell, initial, output = _luong_model(g, beam=True)
        decoder = seq2seq.BeamSearchDecoder(cell, emb, tf.fill([B], GO), EOS, initial, W, output_layer=output,
                                            coverage_penalty_weight=COVERAGE_PENALTY)
        b_out, b_state, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=MAX_ITER)
        steps = b_out.beam_search_decoder_output
        with tf.Session() as s:
            assign(s)
            (got["beam_ids"], got["beam_scores"], got["beam_parents"], got["beam_step_ids"], got["beam_lengths"],
             got["beam_log_probs"], got["beam_coverage"]) = s.run([
                 b_out.predicted_ids, steps.scores, steps.parent_ids, steps.predicted_ids, b_state.lengths,
                 b_state.log_probs, b_state.accumulated_attention_probs])
    return got


def test_luong_variables_have_tf_1_15_contrib_names(luong):
    _, got = luong
    assert got["names"] == sorted(name + ":0" for name in LUONG_NAMES.values())


def test_luong_greedy_decoding_imputes_finished_rows_as_the_reference(luong):
    want, got = luong
    assert got["greedy_ids"].shape[:2] == (want["greedy_lengths"].max(), B)  # time-major
    np.testing.assert_array_equal(got["greedy_ids"], want["greedy_ids"])
    np.testing.assert_array_equal(got["greedy_lengths"], want["greedy_lengths"])
    np.testing.assert_allclose(got["greedy_logits"], want["greedy_logits"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got["greedy_state_h"], want["greedy_state_h"], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(got["greedy_attention"], want["greedy_attention"], rtol=1e-4, atol=1e-6)


def test_seeded_sampling_draws_the_references_ids(luong):
    want, got = luong
    np.testing.assert_array_equal(got["sample_ids"], want["sample_ids"])
    np.testing.assert_array_equal(got["sample_lengths"], want["sample_lengths"])


def test_beam_search_with_a_coverage_penalty_follows_the_reference(luong):
    want, got = luong
    for key in ("beam_step_ids", "beam_parents", "beam_lengths"):
        np.testing.assert_array_equal(got[key], want[key], err_msg=key)
    for key in ("beam_scores", "beam_log_probs", "beam_coverage"):
        np.testing.assert_allclose(got[key], want[key], rtol=1e-4, atol=1e-5, err_msg=key)
    walked = _walk_parents(want["beam_step_ids"], want["beam_parents"], want["beam_lengths"].max(1), EOS)
    np.testing.assert_array_equal(got["beam_ids"], walked)


# --- the monotonic mechanisms, each called once (reference: tfa's, same formulas as TF 1.15's) -------------

MONOTONIC = {
    "bahdanau_parallel": ("BahdanauMonotonicAttention", {"normalize": True, "score_bias_init": -0.5, "mode": "parallel"}),
    "bahdanau_recursive": ("BahdanauMonotonicAttention", {"score_bias_init": 0.2, "mode": "recursive"}),
    "luong_parallel": ("LuongMonotonicAttention", {"scale": True, "score_bias_init": 0.5, "mode": "parallel"}),
    "luong_hard": ("LuongMonotonicAttention", {"mode": "hard"}),
}
MONOTONIC_ROLE = {"memory_layer/kernel": "memory", "query_layer/kernel": "query", "attention_v": "v",
                  "attention_g": "g", "attention_b": "b", "attention_score_bias": "score_bias"}


@pytest.mark.parametrize("key", sorted(MONOTONIC))
def test_monotonic_mechanisms_follow_the_reference(key):
    recorded = dict(np.load(GOLDEN.replace("seq2seq_attention", "seq2seq_monotonic")))
    kind, options = MONOTONIC[key]
    weights = {k.split(":", 1)[1]: v for k, v in recorded.items() if k.startswith(key + ":")}
    scope = "bahdanau_monotonic_attention" if kind.startswith("Bahdanau") else "luong_monotonic_attention"
    with tf.Graph().as_default():
        units = weights["memory"].shape[1]
        mechanism = getattr(tf.contrib.seq2seq, kind)(units, tf.constant(recorded["memory"]),
                                                      memory_sequence_length=recorded["memory_length"], **options)
        alignments, next_state = mechanism(tf.constant(recorded["query"]), state=tf.constant(recorded["previous"]))
        assert next_state is alignments
        names = sorted(v.name[:-2] for v in tf.global_variables())
        want = sorted(("memory_layer/kernel" if role == "memory" else
                       f"{scope}/{'query_layer/kernel' if role == 'query' else 'attention_' + role}")
                      for role in weights if role != "alignments")
        assert names == want
        with tf.Session() as s:
            for v in tf.global_variables():
                role = MONOTONIC_ROLE["/".join(v.name[:-2].split("/")[-2:])] if "layer" in v.name else \
                    MONOTONIC_ROLE[v.name[:-2].split("/")[-1]]
                s.run(v.assign(weights[role]))
            got = s.run(alignments)
    np.testing.assert_allclose(got, weights["alignments"], rtol=1e-5, atol=1e-6)
