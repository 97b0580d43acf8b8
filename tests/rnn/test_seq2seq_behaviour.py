"""tf.contrib.seq2seq's smaller contracts: bad input raises TF 1.15's errors with its messages (the texts of
TF 1.15's contrib/seq2seq sources; the batch-size checks go through tf.assert_equal, which fails while
building when both sizes are static, as TF's does), the GatherTree op, the helpers' documented behaviour
(scheduled sampling at probability 0 and 1, inference and custom helpers) checked against the same cell
unrolled by hand, and the monotonic attention modes against each other."""

import re

import numpy as np
import pytest

import sessionflow as tf

seq2seq = tf.contrib.seq2seq
rnn = tf.nn.rnn_cell
B, T, D = 2, 3, 4


def _memory():
    return tf.constant(np.linspace(-1, 1, B * T * D, dtype=np.float32).reshape(B, T, D))


# --- bad input ---------------------------------------------------------------------------------

def _attention_cell(memory=None, **kwargs):
    memory = _memory() if memory is None else memory
    return seq2seq.AttentionWrapper(rnn.GRUCell(D), seq2seq.LuongAttention(D, memory), **kwargs)


def _untiled_beam_search():
    cell = _attention_cell()
    seq2seq.BeamSearchDecoder(cell, tf.eye(5), tf.fill([B], 1), 2, cell.zero_state(B * 3, tf.float32), 3)


def _beam_search_state_not_tiled():
    cell = rnn.GRUCell(D)
    seq2seq.BeamSearchDecoder(cell, tf.eye(5), tf.fill([B], 1), 2, tf.zeros([B, D]), 3)


def _decode_with(**kwargs):
    cell = rnn.GRUCell(D)
    helper = seq2seq.GreedyEmbeddingHelper(tf.eye(D), tf.fill([B], 1), 2)
    seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32)), **kwargs)


BEAM_TILE = ("When calling zero_state of AttentionWrapper attention_wrapper: Non-matching batch sizes between the "
             "memory (encoder output) and the requested batch size.  Are you using the BeamSearchDecoder?  If so, "
             "make sure your encoder output has been tiled to beam_width via tf.contrib.seq2seq.tile_batch, and the "
             "batch_size= argument passed to zero_state is batch_size * beam_width.")
ERRORS = {
    "beam search over an untiled memory": (_untiled_beam_search, tf.errors.InvalidArgumentError, BEAM_TILE),
    "beam search from an untiled state": (
        _beam_search_state_not_tiled, ValueError,  # splitting [batch, depth] into [batch, beam_width, depth]
        "Cannot reshape a tensor with 8 elements to shape [2,3,4] (24 elements)"),
    "memory of unknown inner dims": (
        lambda: seq2seq.BahdanauAttention(3, tf.placeholder(tf.float32, [B, T, None])), ValueError,
        "Expected memory Placeholder:0 to have fully defined inner dims, but saw shape: (2, 3, ?)"),
    "memory of unknown rank": (
        lambda: seq2seq.LuongAttention(3, tf.placeholder(tf.float32)), ValueError,
        "Expected memory Placeholder:0 to have fully defined inner dims, but saw shape: <unknown>"),
    "Luong num_units unlike the query": (
        lambda: seq2seq.LuongAttention(3, _memory())(tf.zeros([B, D]), tf.zeros([B, T])),
        ValueError, "Incompatible or unknown inner dimensions between query and keys.  Query (Tensor(\"zeros"),
    "attention_layer_size per mechanism": (
        lambda: _attention_cell(attention_layer_size=[2, 3]), ValueError,
        "If provided, attention_layer_size must contain exactly one integer per attention_mechanism, saw: 2 vs 1"),
    "attention_layer_size and attention_layer": (
        lambda: _attention_cell(attention_layer_size=2, attention_layer=tf.layers.Dense(2)), ValueError,
        "Only one of attention_layer_size and attention_layer should be set"),
    "not a mechanism": (
        lambda: seq2seq.AttentionWrapper(rnn.GRUCell(D), _memory()), TypeError,
        ("attention_mechanism must be an AttentionMechanism or list of multiple AttentionMechanism instances, saw "
         "type: Tensor")),
    "state not an AttentionWrapperState": (
        lambda: _attention_cell()(tf.zeros([B, D]), tf.zeros([B, D])), TypeError,
        "Expected state to be instance of AttentionWrapperState. Received type "),
    "sequence_length not a vector": (
        lambda: seq2seq.TrainingHelper(tf.zeros([B, T, D]), tf.constant([[3], [2]])), ValueError,
        "Expected sequence_length to be a vector, but received shape: (2, 1)"),
    "start_tokens not a vector": (
        lambda: seq2seq.GreedyEmbeddingHelper(tf.eye(3), tf.zeros([B, 1], tf.int32), 2), ValueError,
        "start_tokens must be a vector"),
    "end_token not a scalar": (
        lambda: seq2seq.GreedyEmbeddingHelper(tf.eye(3), tf.zeros([B], tf.int32), [2]), ValueError,
        "end_token must be a scalar"),
    "sampling_probability of rank 2": (
        lambda: seq2seq.ScheduledEmbeddingTrainingHelper(tf.zeros([B, T, D]), [T, T], tf.eye(D), [[0.5]]),
        ValueError, "sampling_probability must be either a scalar or a vector. saw shape: (1, 1)"),
    "helper not a Helper": (
        lambda: seq2seq.BasicDecoder(rnn.GRUCell(D), 3, tf.zeros([B, D])), TypeError,
        "helper must be a Helper, received: <class 'int'>"),
    "output_layer not a Layer": (
        lambda: seq2seq.BasicDecoder(rnn.GRUCell(D), seq2seq.TrainingHelper(tf.zeros([B, T, D]), [T, T]),
                                     tf.zeros([B, D]), output_layer=tf.nn.relu), TypeError,
        "output_layer must be a Layer, received: <class 'function'>"),
    "decoder not a Decoder": (
        lambda: seq2seq.dynamic_decode(rnn.GRUCell(D)), TypeError, "Expected decoder to be type Decoder, but saw: "),
    "maximum_iterations not a scalar": (
        lambda: _decode_with(maximum_iterations=[3]), ValueError, "maximum_iterations must be a scalar"),
    "tile_batch of a scalar": (
        lambda: seq2seq.tile_batch(tf.constant(1.0), 2), ValueError, "t must have statically known rank"),
    "coverage penalty without attention": (
        lambda: seq2seq.BeamSearchDecoder(rnn.GRUCell(D), tf.eye(5), tf.fill([B], 1), 2, tf.zeros([B * 3, D]), 3,
                                          coverage_penalty_weight=0.5).initialize(), ValueError,
        "coverage_penalty_weight must be 0.0 if no cell is attentional."),
    "sequence_loss logits rank": (
        lambda: seq2seq.sequence_loss(tf.zeros([B, D]), tf.zeros([B, T], tf.int32), tf.ones([B, T])), ValueError,
        "Logits must be a [batch_size x sequence_length x logits_size] tensor"),
    "sequence_loss average and sum": (
        lambda: seq2seq.sequence_loss(tf.zeros([B, T, D]), tf.zeros([B, T], tf.int32), tf.ones([B, T]),
                                      sum_over_timesteps=True), ValueError,
        "average_across_timesteps and sum_over_timesteps cannot be set to True at same time."),
    "monotonic mode": (
        lambda: seq2seq.monotonic_attention(tf.zeros([B, T]), tf.zeros([B, T]), "soft"), ValueError,
        "mode must be 'recursive', 'parallel', or 'hard'."),
    "legacy sequence_loss lengths": (
        lambda: tf.contrib.legacy_seq2seq.sequence_loss_by_example([tf.zeros([B, D])], [], []), ValueError,
        "Lengths of logits, weights, and targets must be the same 1, 0, 0."),
    "legacy attention_decoder without inputs": (
        lambda: tf.contrib.legacy_seq2seq.attention_decoder([], tf.zeros([B, D]), _memory(), rnn.GRUCell(D)),
        ValueError, "Must provide at least 1 input to attention decoder."),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_bad_input_gets_tfs_error(case):
    build, error, message = ERRORS[case]
    with tf.Graph().as_default(), pytest.raises(error) as caught:
        build()
    assert str(caught.value).startswith(message), str(caught.value)


def test_attention_over_a_memory_of_another_batch_fails_when_run():
    with tf.Graph().as_default():
        memory = tf.placeholder(tf.float32, [None, T, D])
        cell = _attention_cell(memory)
        out, _ = cell(tf.zeros([B, D]), cell.zero_state(B, tf.float32))
        with tf.Session() as s:
            s.run(tf.global_variables_initializer(), {memory: np.zeros([B, T, D])})
            with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(
                    "When calling zero_state of AttentionWrapper attention_wrapper: Non-matching batch sizes")):
                s.run(out, {memory: np.zeros([B * 2, T, D])})


# --- GatherTree --------------------------------------------------------------------------------

def test_gather_tree_follows_parents_and_fills_after_the_end():
    step_ids = np.array([[[2, 5, 3]], [[4, 1, 6]], [[7, 8, 9]], [[1, 1, 1]]], np.int32)  # [time, batch, beam]
    parents = np.array([[[0, 0, 0]], [[0, 2, 1]], [[2, 1, 0]], [[0, 0, 0]]], np.int32)
    with tf.Graph().as_default():
        beams = seq2seq.gather_tree(step_ids, parents, max_sequence_lengths=[3], end_token=8)
        assert beams.op.type == "GatherTree" and beams.shape.as_list() == [4, 1, 3]
        with tf.Session() as s:
            got = s.run(beams)
    # beam 0 ends at 7 <- parent 2 (id 6) <- parent 1 (id 5); beam 1: 8 (the end) <- 1 <- 3; past length 3: end
    np.testing.assert_array_equal(got[:, 0, :], [[5, 3, 2], [6, 1, 4], [7, 8, 9], [8, 8, 8]])


def test_gather_tree_shape_errors_are_tfs():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"^Shape must be rank 3 but is rank 2 for '\{\{node GatherTree\}\} = "
                           r"GatherTree\[T=DT_INT32\].* with input shapes: \[2,3\], \[2,3\], \[3\], \[\]\.$"):
            seq2seq.gather_tree(tf.zeros([2, 3], tf.int32), tf.zeros([2, 3], tf.int32), [1, 1, 1], 0)
        with pytest.raises(ValueError, match=re.escape("Dimension 0 in both shapes must be equal, but are 2 and 4.")):
            seq2seq.gather_tree(tf.zeros([2, 1, 3], tf.int32), tf.zeros([4, 1, 3], tf.int32), [1], 0)


# --- helpers -----------------------------------------------------------------------------------

def _unrolled(cell, inputs, state):
    outputs = []
    for t in range(inputs.shape[1].value):
        out, state = cell(inputs[:, t], state)
        outputs.append(out)
    return tf.stack(outputs, 1), state


def test_scheduled_embedding_sampling_at_probability_zero_is_teacher_forcing():
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        embedding = tf.constant(np.random.RandomState(0).uniform(-1, 1, (5, D)).astype(np.float32))
        ids = tf.constant([[1, 4, 2], [3, 0, 2]])
        inputs = tf.nn.embedding_lookup(embedding, ids)
        cell = rnn.GRUCell(5)
        helper = seq2seq.ScheduledEmbeddingTrainingHelper(inputs, [T, T], embedding, 0.0, seed=1)
        out, _, _ = seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32)))
        want, _ = _unrolled(cell, inputs, cell.zero_state(B, tf.float32))
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            got, expected = s.run([out, want])
    np.testing.assert_allclose(got.rnn_output, expected, rtol=1e-6)
    np.testing.assert_array_equal(got.sample_id, -np.ones([B, T]))  # -1: not sampled


def test_scheduled_embedding_sampling_at_probability_one_feeds_the_samples_back():
    with tf.Graph().as_default():
        tf.set_random_seed(3)
        embedding = tf.constant(np.random.RandomState(0).uniform(-1, 1, (5, D)).astype(np.float32))
        inputs = tf.nn.embedding_lookup(embedding, tf.constant([[1, 4, 2], [3, 0, 2]]))
        cell = rnn.GRUCell(5)
        helper = seq2seq.ScheduledEmbeddingTrainingHelper(inputs, [T, T], embedding, 1.0, seed=1)
        out, _, _ = seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32)))
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            got = s.run(out)
            # the same cell fed the first input, then the embeddings of the ids it sampled
            steps = [inputs[:, 0]] + [tf.nn.embedding_lookup(embedding, got.sample_id[:, t]) for t in range(T - 1)]
            want, _ = _unrolled(cell, tf.stack(steps, 1), cell.zero_state(B, tf.float32))
            expected = s.run(want)
    assert ((got.sample_id >= 0) & (got.sample_id < 5)).all()
    np.testing.assert_allclose(got.rnn_output, expected, rtol=1e-5, atol=1e-6)


def test_scheduled_output_sampling_at_probability_one_feeds_the_outputs_back():
    with tf.Graph().as_default():
        inputs = _memory()
        cell = rnn.GRUCell(D)
        helper = seq2seq.ScheduledOutputTrainingHelper(inputs, [T, T], 1.0, seed=2)
        out, _, _ = seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32)))
        state = cell.zero_state(B, tf.float32)
        step, outputs = inputs[:, 0], []
        for _ in range(T):
            step, state = cell(step, state)
            outputs.append(step)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            got, expected = s.run([out, tf.stack(outputs, 1)])
    np.testing.assert_array_equal(got.sample_id, np.ones([B, T]))
    np.testing.assert_allclose(got.rnn_output, expected, rtol=1e-5, atol=1e-6)


def test_inference_and_custom_helpers_decode_as_the_unrolled_cell():
    with tf.Graph().as_default():
        start = tf.constant([[0.5, -0.5, 0.2, 0.1], [0.3, 0.3, -0.2, 0.0]])
        cell = rnn.GRUCell(D)
        inference = seq2seq.InferenceHelper(lambda outputs: outputs, [D], tf.float32, start,
                                            end_fn=lambda ids: tf.reduce_sum(ids, 1) > 10.0)
        custom = seq2seq.CustomHelper(lambda: (tf.zeros([B], tf.bool), start),
                                      lambda time, outputs, state: tf.argmax(outputs, 1, output_type=tf.int32),
                                      lambda time, outputs, state, sample_ids: (time + 1 >= T, outputs, state))
        decoded = [seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32)),
                                          maximum_iterations=T)[0] for helper in (inference, custom)]
        state, step, outputs = cell.zero_state(B, tf.float32), start, []
        for _ in range(T):
            step, state = cell(step, state)
            outputs.append(step)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            got_inference, got_custom, expected = s.run(decoded + [tf.stack(outputs, 1)])
    np.testing.assert_allclose(got_inference.rnn_output, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_inference.sample_id, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_custom.rnn_output, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(got_custom.sample_id, expected.argmax(-1))


def test_impute_finished_zeroes_outputs_and_keeps_states_of_finished_rows():
    with tf.Graph().as_default():
        cell = rnn.GRUCell(D)
        helper = seq2seq.TrainingHelper(_memory(), [3, 1])
        out, state, lengths = seq2seq.dynamic_decode(
            seq2seq.BasicDecoder(cell, helper, cell.zero_state(B, tf.float32)), impute_finished=True)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            got, final, got_lengths = s.run([out.rnn_output, state, lengths])
    np.testing.assert_array_equal(got_lengths, [3, 1])
    assert np.all(got[1, 1:] == 0) and np.all(got[0] != 0)
    np.testing.assert_allclose(final[1], got[1, 0], rtol=1e-6)  # row 1's state is its step-0 output, kept


def test_monotonic_attention_modes_agree():
    rs = np.random.RandomState(4)
    p = rs.uniform(0.05, 0.95, (B, 5)).astype(np.float32)
    previous = rs.dirichlet(np.ones(5), B).astype(np.float32)
    with tf.Graph().as_default():
        modes = [seq2seq.monotonic_attention(p, previous, mode) for mode in ("recursive", "parallel")]
        hard = seq2seq.monotonic_attention((p > 0.5).astype(np.float32), np.eye(5, dtype=np.float32)[[0, 2]], "hard")
        soft_max = seq2seq.hardmax(tf.constant(p))
        with tf.Session() as s:
            recursive, parallel, got_hard, got_hardmax = s.run(modes + [hard, soft_max])
    np.testing.assert_allclose(recursive, parallel, rtol=1e-4, atol=1e-6)
    want_hard = np.zeros((B, 5), np.float32)  # the first index at or after the previous one with p > 0.5
    for b, start in enumerate((0, 2)):
        chosen = np.flatnonzero(p[b, start:] > 0.5)
        if chosen.size:
            want_hard[b, start + chosen[0]] = 1
    np.testing.assert_array_equal(got_hard, want_hard)
    np.testing.assert_array_equal(got_hardmax, np.eye(5)[p.argmax(1)])


def test_a_loop_that_writes_an_array_no_loss_reads_still_differentiates():
    """(AttentionWrapper's alignment history while training.) The unread array's flow gets a zero gradient,
    which its writes' gradients take as an empty gradient array."""
    with tf.Graph().as_default():
        x = tf.constant([1.0, 2.0])
        history = tf.TensorArray(tf.float32, size=0, dynamic_size=True, element_shape=[2])

        def body(i, acc, history):
            acc = acc * x
            return i + 1, acc, history.write(i, acc)

        _, acc, history = tf.while_loop(lambda i, a, h: i < 3, body, [0, tf.ones([2]), history])
        grad, = tf.gradients(tf.reduce_sum(acc), x)
        with tf.Session() as s:
            got, written = s.run([grad, history.stack()])
    np.testing.assert_allclose(got, [3.0, 12.0])  # d/dx sum(x ** 3)
    np.testing.assert_allclose(written, [[1, 2], [1, 4], [1, 8]])


def test_initial_cell_state_starts_the_cell_and_must_match_the_memorys_batch():
    state = np.arange(B * D, dtype=np.float32).reshape(B, D)
    with tf.Graph().as_default():
        cell = _attention_cell(initial_cell_state=tf.constant(state))
        zero = cell.zero_state(B, tf.float32)
        with tf.Session() as s:
            got = s.run(zero.cell_state)
        with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(
                "When constructing AttentionWrapper attention_wrapper: Non-matching batch sizes between the memory "
                "(encoder output) and initial_cell_state.  Are you using the BeamSearchDecoder?  You may need to tile "
                "your initial state via the tf.contrib.seq2seq.tile_batch function with argument multiple=beam_width.")):
            _attention_cell(initial_cell_state=tf.zeros([B + 1, D]))
    np.testing.assert_array_equal(got, state)


DEEP_PATHS = """
import tensorflow as tf
from tensorflow.contrib.seq2seq.python.ops.attention_wrapper import _compute_attention, BahdanauAttention
from tensorflow.contrib.seq2seq.python.ops import helper as helper_py, beam_search_decoder
from tensorflow.contrib.seq2seq.python.ops.basic_decoder import BasicDecoderOutput
from tensorflow.contrib.legacy_seq2seq.python.ops import seq2seq as legacy
import tensorflow.contrib.seq2seq as seq2seq
print(BahdanauAttention is tf.contrib.seq2seq.BahdanauAttention is seq2seq.BahdanauAttention, callable(_compute_attention))
print(helper_py.Helper is seq2seq.Helper, beam_search_decoder.tile_batch is seq2seq.tile_batch,
      BasicDecoderOutput is seq2seq.BasicDecoderOutput,
      legacy.model_with_buckets is tf.contrib.legacy_seq2seq.model_with_buckets)
"""


def test_tf1_module_paths_under_the_alias(tmp_path):
    """TF 1.x programs import contrib's modules by path (Tacotron: attention_wrapper's _compute_attention)."""
    import os
    import subprocess
    import sys

    (tmp_path / "script.py").write_text(DEEP_PATHS)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    done = subprocess.run([sys.executable, "-m", "sessionflow", "run", "script.py"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, PYTHONPATH=root), check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"] * 6


def test_custom_key_value_fn_replaces_keys_and_values():
    with tf.Graph().as_default():
        memory = _memory()
        plain = seq2seq.LuongAttention(D, memory, name="plain")
        custom = seq2seq.LuongAttention(D, memory, custom_key_value_fn=lambda keys, values: (keys * 2.0, values + 1.0))
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            s.run(custom.memory_layer.kernel.assign(plain.memory_layer.kernel))
            keys, values, custom_keys, custom_values = s.run([plain.keys, plain.values, custom.keys, custom.values])
    np.testing.assert_allclose(custom_keys, keys * 2.0, rtol=1e-6)
    np.testing.assert_allclose(custom_values, values + 1.0, rtol=1e-6)


def test_attention_over_a_memory_of_unknown_batch_and_time_decodes_as_a_static_one():
    """A memory fed through a placeholder of shape [None, None, D] (TF 1.15's NMT models feed it from an
    iterator): the zero state's alignments are zeros of a size known only when run, and beam search's
    state splitting takes that size as TF's contrib does (no static depth). Greedy and beam decodes
    give what the same memory given as a constant gives."""
    memory_value = np.linspace(-1, 1, B * T * D, dtype=np.float32).reshape(B, T, D)
    lengths_value = np.array([3, 2], np.int32)
    def decodes(memory, lengths, batch):
        tf.set_random_seed(3)  # each graph draws the same weights
        embedding = tf.constant(np.linspace(-0.5, 0.5, 6 * D, dtype=np.float32).reshape(6, D))
        cell = seq2seq.AttentionWrapper(rnn.GRUCell(D), seq2seq.LuongAttention(D, memory, lengths),
                                        attention_layer_size=D)
        state = cell.zero_state(batch, tf.float32)
        helper = seq2seq.GreedyEmbeddingHelper(embedding, tf.fill([batch], 1), 2)
        greedy, _, _ = seq2seq.dynamic_decode(seq2seq.BasicDecoder(cell, helper, state, tf.layers.Dense(6)),
                                              maximum_iterations=4)
        tiled = seq2seq.tile_batch(memory, 3), seq2seq.tile_batch(lengths, 3)
        cell = seq2seq.AttentionWrapper(rnn.GRUCell(D), seq2seq.LuongAttention(D, *tiled), attention_layer_size=D)
        beam = seq2seq.BeamSearchDecoder(cell, embedding, tf.fill([batch], 1), 2,
                                         cell.zero_state(batch * 3, tf.float32), 3, tf.layers.Dense(6))
        searched, _, _ = seq2seq.dynamic_decode(beam, maximum_iterations=4)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            return state.alignments.shape, s.run(
                [state.alignments, greedy.rnn_output, searched.predicted_ids,
                 searched.beam_search_decoder_output.scores], feeds)

    with tf.Graph().as_default():
        memory = tf.placeholder(tf.float32, [None, None, D])
        lengths = tf.placeholder(tf.int32, [None])
        feeds = {memory: memory_value, lengths: lengths_value}
        fed_shape, got = decodes(memory, lengths, tf.size(lengths))
    with tf.Graph().as_default():
        feeds = None
        _, want = decodes(tf.constant(memory_value), tf.constant(lengths_value), B)
    assert fed_shape.as_list() == [None, None]
    assert got[0].shape == (B, T) and not got[0].any()
    for a, b in zip(got, want):
        np.testing.assert_array_equal(a, b)
