"""`tf.contrib.crf` as TF 1.15 served it: a linear-chain conditional random field over per-step tag scores.

The sequence score of a tagging is the sum of its unary scores (`inputs[b, t, tag_t]`) and of the transition
scores `transition_params[tag_t, tag_t+1]` between consecutive tags, both masked by the sequence lengths. The log
partition function runs the forward algorithm as a `tf.scan` over the time steps (log-sum-exp of the previous
alphas plus the transitions), and `crf_decode` is the Viterbi algorithm in the graph: a forward `dynamic_rnn`
keeping the best scores and their backpointers, then a backward `dynamic_rnn` following them. `viterbi_decode`
is the same decoding in NumPy, for one sequence, outside the graph. Sequences of one step take the single-step
formulas (chosen statically when the time dimension is known, else by a `tf.cond`), as TF's did.
"""

from __future__ import annotations

import numpy as np

import sessionflow as tf

from .cells import RNNCell
from .drivers import dynamic_rnn

__all__ = [
    "crf_sequence_score", "crf_log_norm", "crf_log_likelihood", "crf_unary_score", "crf_binary_score",
    "CrfForwardRnnCell", "viterbi_decode", "crf_decode", "CrfDecodeForwardRnnCell", "CrfDecodeBackwardRnnCell",
    "crf_multitag_sequence_score", "crf_forward",
]


def _one_step_or_more(inputs, one_step, more_steps):
    """`one_step()` when `inputs` [batch, time, ...] has a single time step, else `more_steps()`: statically when
    the time dimension is known."""
    steps = inputs.shape[1].value if inputs.shape.ndims is not None else None
    if steps is not None:
        return one_step() if steps == 1 else more_steps()
    return tf.cond(tf.equal(tf.shape(inputs)[1], 1), one_step, more_steps)


def _zero_where_empty(values, sequence_lengths):
    return tf.where(tf.less_equal(sequence_lengths, 0), tf.zeros_like(values), values)


def crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params):
    """The unnormalised score of the tag sequences `tag_indices` [batch, time] under the unary scores `inputs`
    [batch, time, num_tags] and `transition_params` [num_tags, num_tags]: a [batch] tensor."""
    def one_step():
        batch_size = tf.shape(inputs, out_type=tag_indices.dtype)[0]
        rows = tf.reshape(tf.range(batch_size, dtype=tag_indices.dtype), [-1, 1])
        scores = tf.gather_nd(tf.squeeze(inputs, [1]), tf.concat([rows, tag_indices], axis=1))
        return _zero_where_empty(scores, sequence_lengths)

    def more_steps():
        return (crf_unary_score(tag_indices, sequence_lengths, inputs)
                + crf_binary_score(tag_indices, sequence_lengths, transition_params))

    return _one_step_or_more(inputs, one_step, more_steps)


def crf_multitag_sequence_score(inputs, tag_bitmap, sequence_lengths, transition_params):
    """The log-sum of the scores of every tag sequence allowed by the boolean `tag_bitmap` [batch, time,
    num_tags]: the disallowed tags' unary scores are -inf, and the forward algorithm sums over the rest."""
    filtered = tf.where(tag_bitmap, inputs, tf.fill(tf.shape(inputs), float("-inf")))

    def one_step():
        return _zero_where_empty(tf.reduce_logsumexp(filtered, axis=[1, 2], keepdims=False), sequence_lengths)

    def more_steps():
        return crf_log_norm(filtered, sequence_lengths, transition_params)

    return _one_step_or_more(inputs, one_step, more_steps)


def crf_log_norm(inputs, sequence_lengths, transition_params):
    """The log partition function of each sequence (the log-sum-exp of the scores of every tagging): [batch]."""
    first_input = tf.squeeze(tf.slice(inputs, [0, 0, 0], [-1, 1, -1]), [1])

    def one_step():
        return _zero_where_empty(tf.reduce_logsumexp(first_input, [1]), sequence_lengths)

    def more_steps():
        rest_of_input = tf.slice(inputs, [0, 1, 0], [-1, -1, -1])
        alphas = crf_forward(rest_of_input, first_input, transition_params, sequence_lengths)
        return _zero_where_empty(tf.reduce_logsumexp(alphas, [1]), sequence_lengths)

    return _one_step_or_more(inputs, one_step, more_steps)


def crf_log_likelihood(inputs, tag_indices, sequence_lengths, transition_params=None):
    """(log-likelihood [batch], transition_params): without `transition_params`, a [num_tags, num_tags]
    variable `transitions` is made in the current variable scope (glorot-uniform, as get_variable's default)."""
    num_tags = inputs.shape[2].value
    if transition_params is None:
        transition_params = tf.get_variable("transitions", [num_tags, num_tags])
    sequence_scores = crf_sequence_score(inputs, tag_indices, sequence_lengths, transition_params)
    log_norm = crf_log_norm(inputs, sequence_lengths, transition_params)
    return sequence_scores - log_norm, transition_params


def crf_unary_score(tag_indices, sequence_lengths, inputs):
    """The sum over each sequence's steps of the score of its tag: [batch]."""
    batch_size = tf.shape(inputs)[0]
    max_seq_len = tf.shape(inputs)[1]
    num_tags = tf.shape(inputs)[2]
    flattened_inputs = tf.reshape(inputs, [-1])
    offsets = tf.expand_dims(tf.range(batch_size) * max_seq_len * num_tags, 1)
    offsets += tf.expand_dims(tf.range(max_seq_len) * num_tags, 0)
    if tag_indices.dtype == tf.int64:
        offsets = tf.cast(offsets, tf.int64)
    flattened_tag_indices = tf.reshape(offsets + tag_indices, [-1])
    unary_scores = tf.reshape(tf.gather(flattened_inputs, flattened_tag_indices), [batch_size, max_seq_len])
    masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1], dtype=tf.float32)
    return tf.reduce_sum(unary_scores * masks, 1)


def crf_binary_score(tag_indices, sequence_lengths, transition_params):
    """The sum over each sequence of the transition scores between its consecutive tags: [batch]."""
    num_tags = transition_params.get_shape()[0]
    num_transitions = tf.shape(tag_indices)[1] - 1
    start_tags = tf.slice(tag_indices, [0, 0], [-1, num_transitions])
    end_tags = tf.slice(tag_indices, [0, 1], [-1, num_transitions])
    flattened_transition_indices = start_tags * num_tags + end_tags
    flattened_transition_params = tf.reshape(transition_params, [-1])
    binary_scores = tf.gather(flattened_transition_params, flattened_transition_indices)
    masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1], dtype=tf.float32)
    truncated_masks = tf.slice(masks, [0, 1], [-1, -1])
    return tf.reduce_sum(binary_scores * truncated_masks, 1)


def crf_forward(inputs, state, transition_params, sequence_lengths):
    """The forward algorithm: the alphas [batch, num_tags] at each sequence's last step, from the first step's
    `state` and the remaining steps' unary scores `inputs` [batch, time - 1, num_tags]."""
    sequence_lengths = tf.maximum(tf.constant(0, dtype=sequence_lengths.dtype), sequence_lengths - 2)
    inputs = tf.transpose(inputs, [1, 0, 2])
    transition_params = tf.expand_dims(transition_params, 0)

    def step(alphas, step_inputs):
        transition_scores = tf.expand_dims(alphas, 2) + transition_params
        return step_inputs + tf.reduce_logsumexp(transition_scores, [1])

    all_alphas = tf.transpose(tf.scan(step, inputs, state), [1, 0, 2])
    last = tf.stack([tf.range(tf.shape(sequence_lengths)[0]), sequence_lengths], axis=1)
    return tf.gather_nd(all_alphas, last)


class _TagStepCell(RNNCell):
    """A step over the tags: its state and output have one entry per tag; `transition_params` broadcast over
    the batch."""

    def __init__(self, transition_params):
        super().__init__()
        self._transition_params = tf.expand_dims(transition_params, 0)
        self._num_tags = transition_params.shape[0].value

    state_size = property(lambda self: self._num_tags)
    output_size = property(lambda self: self._num_tags)


class CrfForwardRnnCell(_TagStepCell):
    """One step of the forward algorithm as a cell: the new alphas are both output and state."""

    def __call__(self, inputs, state, scope=None):
        transition_scores = tf.expand_dims(state, 2) + self._transition_params
        new_alphas = inputs + tf.reduce_logsumexp(transition_scores, [1])
        return new_alphas, new_alphas


def viterbi_decode(score, transition_params):
    """The highest-scoring tag sequence of one sequence's `score` [time, num_tags] (NumPy, outside the graph):
    (a list of tag indices, its score)."""
    trellis = np.zeros_like(score)
    backpointers = np.zeros_like(score, dtype=np.int32)
    trellis[0] = score[0]
    for t in range(1, score.shape[0]):
        candidates = np.expand_dims(trellis[t - 1], 1) + transition_params
        trellis[t] = score[t] + np.max(candidates, 0)
        backpointers[t] = np.argmax(candidates, 0)
    viterbi = [np.argmax(trellis[-1])]
    for pointers in reversed(backpointers[1:]):
        viterbi.append(pointers[viterbi[-1]])
    viterbi.reverse()
    return viterbi, np.max(trellis[-1])


class CrfDecodeForwardRnnCell(_TagStepCell):
    """One Viterbi step: the best score of each tag (the state) and, as output, the previous tag it came from."""

    def build(self, inputs_shape):
        self.built = True

    def __call__(self, inputs, state, scope=None):
        transition_scores = tf.expand_dims(state, 2) + self._transition_params
        new_state = inputs + tf.reduce_max(transition_scores, [1])
        backpointers = tf.cast(tf.argmax(transition_scores, 1), dtype=tf.int32)
        return backpointers, new_state


class CrfDecodeBackwardRnnCell(RNNCell):
    """One step back along the backpointers: the tag [batch, 1] the current one came from."""

    def __init__(self, num_tags):
        super().__init__()
        self._num_tags = num_tags

    state_size = property(lambda self: 1)
    output_size = property(lambda self: 1)

    def build(self, inputs_shape):
        self.built = True

    def __call__(self, inputs, state, scope=None):
        state = tf.squeeze(state, axis=[1])
        batch_size = tf.shape(inputs)[0]
        indices = tf.stack([tf.range(batch_size), state], axis=1)
        new_tags = tf.expand_dims(tf.gather_nd(inputs, indices), axis=-1)
        return new_tags, new_tags


def crf_decode(potentials, transition_params, sequence_length):
    """Viterbi decoding in the graph: (decode_tags [batch, time] int32, best_score [batch])."""
    def one_step():
        squeezed = tf.squeeze(potentials, [1])
        decode_tags = tf.expand_dims(tf.argmax(squeezed, axis=1), 1)
        return tf.cast(decode_tags, dtype=tf.int32), tf.reduce_max(squeezed, axis=1)

    def more_steps():
        num_tags = potentials.shape[2].value
        forward_cell = CrfDecodeForwardRnnCell(transition_params)
        initial_state = tf.squeeze(tf.slice(potentials, [0, 0, 0], [-1, 1, -1]), axis=[1])
        inputs = tf.slice(potentials, [0, 1, 0], [-1, -1, -1])
        length_less_one = tf.maximum(tf.constant(0, dtype=sequence_length.dtype), sequence_length - 1)
        backpointers, last_score = dynamic_rnn(forward_cell, inputs=inputs, sequence_length=length_less_one,
                                               initial_state=initial_state, time_major=False, dtype=tf.int32)
        backpointers = tf.reverse_sequence(backpointers, length_less_one, seq_axis=1, batch_axis=0)
        backward_cell = CrfDecodeBackwardRnnCell(num_tags)
        initial_state = tf.expand_dims(tf.cast(tf.argmax(last_score, axis=1), dtype=tf.int32), axis=-1)
        decode_tags, _ = dynamic_rnn(backward_cell, inputs=backpointers, sequence_length=length_less_one,
                                     initial_state=initial_state, time_major=False, dtype=tf.int32)
        decode_tags = tf.squeeze(decode_tags, axis=[2])
        decode_tags = tf.concat([initial_state, decode_tags], axis=1)
        decode_tags = tf.reverse_sequence(decode_tags, sequence_length, seq_axis=1, batch_axis=0)
        return decode_tags, tf.reduce_max(last_score, axis=1)

    return _one_step_or_more(potentials, one_step, more_steps)
