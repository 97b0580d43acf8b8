"""`tf.contrib.seq2seq.BeamSearchDecoder`, `tile_batch` and `gather_tree` (TF 1.15's
beam_search_decoder.py and beam_search_ops.py).

The decoder keeps `beam_width` hypotheses per batch row. Its cell runs on [batch * beam_width] rows
(the initial state and an attention memory must be tiled with `tile_batch`); each step scores every
(beam, word) continuation by its total log probability, divided by the length penalty
((5 + length) / 6) ** length_penalty_weight (plus a coverage penalty over the attention when
`coverage_penalty_weight` is set), keeps the best `beam_width`, and reorders the cell states to follow
their parents. `finalize` walks the parents back (the GatherTree op) to spell out each beam.
"""

from __future__ import annotations

import collections

import numpy as np

import sessionflow as tf

from ...compat.python_helpers import constant_value
from ...framework.tensor_shape import TensorShape
from ...layers.base import Layer
from ...ops.beam_search import GatherTree
from ...ops.structure import flatten, map_structure, pack_sequence_as
from ..cells import assert_like_rnncell
from .attention import AttentionWrapperState
from .decoders import Decoder

__all__ = [
    "BeamSearchDecoder",
    "BeamSearchDecoderOutput",
    "BeamSearchDecoderState",
    "FinalBeamSearchDecoderOutput",
    "gather_tree",
    "tile_batch",
]


def _static_size(s) -> TensorShape:
    """A cell's state size as a static shape: a size tensor (an attention state's memory length) gives
    its constant value, or an unknown shape."""
    if isinstance(s, tf.Tensor):
        value = constant_value(s)
        return TensorShape(None if value is None else value.tolist())
    return s if isinstance(s, TensorShape) else TensorShape(s)


class BeamSearchDecoderState(collections.namedtuple("BeamSearchDecoderState", (
        "cell_state", "log_probs", "finished", "lengths", "accumulated_attention_probs"))):
    pass


class BeamSearchDecoderOutput(collections.namedtuple("BeamSearchDecoderOutput",
                                                     ("scores", "predicted_ids", "parent_ids"))):
    pass


class FinalBeamSearchDecoderOutput(collections.namedtuple("FinalBeamDecoderOutput",
                                                          ["predicted_ids", "beam_search_decoder_output"])):
    """`predicted_ids` [batch, time, beam] (time-major when decoded so) and the per-step outputs."""


def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    """The GatherTree op: each beam's full id sequence from the per-step ids and parent beams."""
    with tf.name_scope(name, "GatherTree") as scope:
        inputs = [tf.convert_to_tensor(v, name=n) for v, n in (
            (step_ids, "step_ids"), (parent_ids, "parent_ids"), (max_sequence_lengths, "max_sequence_lengths"),
            (end_token, "end_token"))]
    return GatherTree(*inputs, name=scope)


def _tile_batch(t, multiplier):
    t = tf.convert_to_tensor(t, name="t")
    shape_t = tf.shape(t)
    if t.shape.ndims is None or t.shape.ndims < 1:
        raise ValueError("t must have statically known rank")
    tiling = [1] * (t.shape.ndims + 1)
    tiling[1] = multiplier
    static_batch = t.shape[0].value
    tiled = tf.tile(tf.expand_dims(t, 1), tiling)
    tiled = tf.reshape(tiled, tf.concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape(TensorShape([static_batch * multiplier if static_batch is not None else None])
                    .concatenate(t.shape[1:]))
    return tiled


def tile_batch(t, multiplier, name=None):
    """Each batch entry of (each tensor in) `t` repeated `multiplier` times in a row: [b0, b0, b1, b1, ...]."""
    flat_t = flatten(t)
    with tf.name_scope(name, "tile_batch", flat_t + [multiplier]):
        return map_structure(lambda t_: _tile_batch(t_, multiplier), t)


def gather_tree_from_array(t, parent_ids, sequence_length):
    """The stacked TensorArray `t` [time, batch * beam, ...] with beams reordered along each beam's path."""
    max_time = parent_ids.shape[0].value or tf.shape(parent_ids)[0]
    batch_size = parent_ids.shape[1].value or tf.shape(parent_ids)[1]
    beam_width = parent_ids.shape[2].value or tf.shape(parent_ids)[2]
    beam_ids = tf.tile(tf.reshape(tf.range(beam_width), [1, 1, -1]), [max_time, batch_size, 1])
    mask = tf.transpose(tf.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1])
    max_sequence_lengths = tf.cast(tf.reduce_max(sequence_length, axis=1), tf.int32)
    sorted_beam_ids = gather_tree(step_ids=beam_ids, parent_ids=parent_ids,
                                  max_sequence_lengths=max_sequence_lengths, end_token=beam_width + 1)
    sorted_beam_ids = tf.where(mask, x=sorted_beam_ids, y=beam_ids)
    time_ind = tf.tile(tf.reshape(tf.range(max_time), [-1, 1, 1]), [1, batch_size, beam_width])
    batch_ind = tf.tile(tf.reshape(tf.range(batch_size), [-1, 1, 1]), [1, max_time, beam_width])
    batch_ind = tf.transpose(batch_ind, perm=[1, 0, 2])
    indices = tf.stack([time_ind, batch_ind, sorted_beam_ids], -1)
    final_shape = tf.shape(t)
    gather_from = tf.reshape(t, [max_time, batch_size, beam_width, -1])
    ordered = tf.gather_nd(gather_from, indices)
    return tf.reshape(ordered, final_shape)


def _check_maybe(t):
    if t.shape.ndims is None:
        raise ValueError(f"Expected tensor ({t.name}) to have known rank, but ndims == None.")


def _length_penalty(sequence_lengths, penalty_factor):
    penalty_factor = tf.convert_to_tensor(penalty_factor, name="penalty_factor")
    penalty_factor.set_shape(())
    static_penalty = constant_value(penalty_factor)
    if static_penalty is not None and static_penalty == 0:
        return 1.0
    return tf.div((5.0 + tf.cast(sequence_lengths, tf.float32)) ** penalty_factor, (5.0 + 1.0) ** penalty_factor)


def _attention_probs_from_state(attention_state):
    probs = attention_state.alignments
    if isinstance(probs, tuple):
        probs = tf.reduce_mean(tf.concat([tf.expand_dims(p, -1) for p in probs], -1), -1)
    return probs


def _get_attention_probs(next_cell_state, coverage_penalty_weight):
    if coverage_penalty_weight == 0.0:
        return None
    per_layer = []
    if isinstance(next_cell_state, AttentionWrapperState):
        per_layer = [_attention_probs_from_state(next_cell_state)]
    elif isinstance(next_cell_state, tuple):
        per_layer = [_attention_probs_from_state(s) for s in next_cell_state if isinstance(s, AttentionWrapperState)]
    if not per_layer:
        raise ValueError("coverage_penalty_weight must be 0.0 if no cell is attentional.")
    if len(per_layer) == 1:
        return per_layer[0]
    return tf.reduce_mean(tf.concat([tf.expand_dims(p, -1) for p in per_layer], -1), -1)


def _get_scores(log_probs, sequence_lengths, length_penalty_weight, coverage_penalty_weight, finished,
                accumulated_attention_probs):
    length_penalty = tf.cast(_length_penalty(sequence_lengths, length_penalty_weight), log_probs.dtype)
    scores = log_probs / length_penalty
    coverage_penalty_weight = tf.convert_to_tensor(coverage_penalty_weight, name="coverage_penalty_weight")
    if coverage_penalty_weight.shape.ndims != 0:
        raise ValueError(f"coverage_penalty_weight should be a scalar, but saw shape: {coverage_penalty_weight.shape}")
    if constant_value(coverage_penalty_weight) == 0.0:
        return scores
    if accumulated_attention_probs is None:
        raise ValueError("accumulated_attention_probs can be None only if coverage penalty is disabled.")
    accumulated = tf.where(tf.equal(accumulated_attention_probs, 0.0), tf.ones_like(accumulated_attention_probs),
                           accumulated_attention_probs)
    coverage_penalty = tf.reduce_sum(tf.log(tf.minimum(accumulated, 1.0)), 2)
    coverage_penalty *= tf.cast(finished, tf.float32)
    return scores + tf.expand_dims(coverage_penalty * coverage_penalty_weight, 2)


def _mask_probs(probs, eos_token, finished):
    """Finished beams put all their probability on `eos_token`."""
    vocab_size = tf.shape(probs)[2]
    finished_row = tf.one_hot(eos_token, vocab_size, dtype=probs.dtype,
                              on_value=tf.convert_to_tensor(0.0, dtype=probs.dtype), off_value=probs.dtype.min)
    finished_probs = tf.tile(tf.reshape(finished_row, [1, 1, -1]), tf.concat([tf.shape(finished), [1]], 0))
    finished_mask = tf.tile(tf.expand_dims(finished, 2), [1, 1, vocab_size])
    return tf.where(finished_mask, finished_probs, probs)


def _tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape, name=None):
    with tf.name_scope(name, "tensor_gather_helper"):
        range_ = tf.expand_dims(tf.range(batch_size) * range_size, 1)
        gather_indices = tf.reshape(gather_indices + range_, [-1])
        output = tf.gather(tf.reshape(gather_from, gather_shape), gather_indices)
        final_shape = tf.shape(gather_from)[:1 + len(gather_shape)]
        static_batch_size = constant_value(batch_size)
        final_static_shape = TensorShape([None if static_batch_size is None else int(static_batch_size)]) \
            .concatenate(gather_from.shape[1:1 + len(gather_shape)])
        output = tf.reshape(output, final_shape, name="output")
        output.set_shape(final_static_shape)
        return output


def _maybe_tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape):
    if isinstance(gather_from, tf.TensorArray):
        return gather_from
    _check_maybe(gather_from)
    if gather_from.shape.ndims >= len(gather_shape):
        return _tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape)
    return gather_from


def _beam_search_step(time, logits, next_cell_state, beam_state, batch_size, beam_width, end_token,
                      length_penalty_weight, coverage_penalty_weight):
    static_batch_size = constant_value(batch_size)
    static_batch_size = None if static_batch_size is None else int(static_batch_size)
    prediction_lengths = beam_state.lengths
    previously_finished = beam_state.finished
    not_finished = tf.logical_not(previously_finished)
    step_log_probs = _mask_probs(tf.nn.log_softmax(logits), end_token, previously_finished)
    total_probs = tf.expand_dims(beam_state.log_probs, 2) + step_log_probs
    vocab_size = logits.shape[-1].value or tf.shape(logits)[-1]
    lengths_to_add = tf.one_hot(indices=tf.fill([batch_size, beam_width], end_token), depth=vocab_size,
                                on_value=np.int64(0), off_value=np.int64(1), dtype=tf.int64)
    lengths_to_add *= tf.expand_dims(tf.cast(not_finished, tf.int64), 2)
    new_prediction_lengths = lengths_to_add + tf.expand_dims(prediction_lengths, 2)
    accumulated_attention_probs = None
    attention_probs = _get_attention_probs(next_cell_state, coverage_penalty_weight)
    if attention_probs is not None:
        attention_probs *= tf.expand_dims(tf.cast(not_finished, tf.float32), 2)
        accumulated_attention_probs = beam_state.accumulated_attention_probs + attention_probs
    scores = _get_scores(total_probs, new_prediction_lengths, length_penalty_weight, coverage_penalty_weight,
                         previously_finished, accumulated_attention_probs)
    time = tf.convert_to_tensor(time, name="time")
    scores_flat = tf.reshape(scores, [batch_size, -1])
    next_beam_size = tf.convert_to_tensor(beam_width, dtype=tf.int32, name="beam_width")
    next_beam_scores, word_indices = tf.nn.top_k(scores_flat, k=next_beam_size)
    next_beam_scores.set_shape([static_batch_size, beam_width])
    word_indices.set_shape([static_batch_size, beam_width])
    next_beam_probs = _tensor_gather_helper(word_indices, total_probs, batch_size, beam_width * vocab_size, [-1],
                                            name="next_beam_probs")
    next_word_ids = tf.cast(tf.mod(word_indices, vocab_size, name="next_beam_word_ids"), tf.int32)
    next_beam_ids = tf.cast(word_indices / vocab_size, tf.int32, name="next_beam_parent_ids")
    previously_finished = _tensor_gather_helper(next_beam_ids, previously_finished, batch_size, beam_width, [-1])
    next_finished = tf.logical_or(previously_finished, tf.equal(next_word_ids, end_token), name="next_beam_finished")
    lengths_to_add = tf.cast(tf.logical_not(previously_finished), tf.int64)
    next_prediction_len = _tensor_gather_helper(next_beam_ids, beam_state.lengths, batch_size, beam_width, [-1])
    next_prediction_len += lengths_to_add
    next_accumulated_attention_probs = ()
    if accumulated_attention_probs is not None:
        next_accumulated_attention_probs = _tensor_gather_helper(
            next_beam_ids, accumulated_attention_probs, batch_size, beam_width, [batch_size * beam_width, -1],
            name="next_accumulated_attention_probs")
    next_cell_state = map_structure(
        lambda gather_from: _maybe_tensor_gather_helper(next_beam_ids, gather_from, batch_size, beam_width,
                                                        [batch_size * beam_width, -1]), next_cell_state)
    next_state = BeamSearchDecoderState(cell_state=next_cell_state, log_probs=next_beam_probs,
                                        lengths=next_prediction_len, finished=next_finished,
                                        accumulated_attention_probs=next_accumulated_attention_probs)
    output = BeamSearchDecoderOutput(scores=next_beam_scores, predicted_ids=next_word_ids, parent_ids=next_beam_ids)
    return output, next_state


class BeamSearchDecoder(Decoder):
    """Beam search over `cell` from `start_tokens` until `end_token`, keeping `beam_width` hypotheses.

    `initial_state` must have batch_size * beam_width rows (`tile_batch` the encoder's state, and its
    output when the cell attends over it)."""

    def __init__(self, cell, embedding, start_tokens, end_token, initial_state, beam_width, output_layer=None,
                 length_penalty_weight=0.0, coverage_penalty_weight=0.0, reorder_tensor_arrays=True):
        assert_like_rnncell("cell", cell)
        if output_layer is not None and not isinstance(output_layer, Layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._cell = cell
        self._output_layer = output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._embedding_fn = embedding if callable(embedding) else \
            (lambda ids: tf.nn.embedding_lookup(embedding, ids))
        self._start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32, name="start_tokens")
        if self._start_tokens.shape.ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._end_token.shape.ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._batch_size = tf.size(start_tokens)
        self._beam_width = beam_width
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight
        self._initial_cell_state = map_structure(self._maybe_split_batch_beams, initial_state,
                                                 self._cell.state_size)
        self._start_tokens = tf.tile(tf.expand_dims(self._start_tokens, 1), [1, self._beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = tf.one_hot(tf.zeros([self._batch_size], dtype=tf.int32), depth=self._beam_width,
                                    on_value=False, off_value=True, dtype=tf.bool)

    batch_size = property(lambda self: self._batch_size)
    tracks_own_finished = property(lambda self: True)

    def _rnn_output_size(self):
        size = self._cell.output_size
        if self._output_layer is None:
            return size
        unknown_batch = map_structure(lambda s: TensorShape([None]).concatenate(s), size)
        return map_structure(lambda s: s[1:], self._output_layer.compute_output_shape(unknown_batch))

    @property
    def output_size(self):
        return BeamSearchDecoderOutput(scores=TensorShape([self._beam_width]),
                                       predicted_ids=TensorShape([self._beam_width]),
                                       parent_ids=TensorShape([self._beam_width]))

    @property
    def output_dtype(self):
        dtype = flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(scores=map_structure(lambda _: dtype, self._rnn_output_size()),
                                       predicted_ids=tf.int32, parent_ids=tf.int32)

    def initialize(self, name=None):
        finished, start_inputs = self._finished, self._start_inputs
        dtype = flatten(self._initial_cell_state)[0].dtype
        log_probs = tf.one_hot(tf.zeros([self._batch_size], dtype=tf.int32), depth=self._beam_width,
                               on_value=tf.convert_to_tensor(0.0, dtype=dtype),
                               off_value=tf.convert_to_tensor(-np.inf, dtype=dtype), dtype=dtype)
        init_attention_probs = _get_attention_probs(self._initial_cell_state, self._coverage_penalty_weight)
        if init_attention_probs is None:
            init_attention_probs = ()
        initial_state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state, log_probs=log_probs, finished=finished,
            lengths=tf.zeros([self._batch_size, self._beam_width], dtype=tf.int64),
            accumulated_attention_probs=init_attention_probs)
        return finished, start_inputs, initial_state

    def finalize(self, outputs, final_state, sequence_lengths):
        """The beams spelled out by GatherTree; TensorArrays in the cell state (alignment history) are
        stacked and reordered along the beams' paths when `reorder_tensor_arrays`."""
        del sequence_lengths
        max_sequence_lengths = tf.cast(tf.reduce_max(final_state.lengths, axis=1), tf.int32)
        predicted_ids = gather_tree(outputs.predicted_ids, outputs.parent_ids,
                                    max_sequence_lengths=max_sequence_lengths, end_token=self._end_token)
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(cell_state=map_structure(
                lambda t: self._maybe_sort_array_beams(t, outputs.parent_ids, final_state.lengths),
                final_state.cell_state))
        return FinalBeamSearchDecoderOutput(beam_search_decoder_output=outputs, predicted_ids=predicted_ids), \
            final_state

    def _merge_batch_beams(self, t, s=None):
        s = _static_size(s)
        t_shape = tf.shape(t)
        static_batch_size = constant_value(self._batch_size)
        batch_size_beam_width = None if static_batch_size is None else int(static_batch_size) * self._beam_width
        reshaped_t = tf.reshape(t, tf.concat(([self._batch_size * self._beam_width], t_shape[2:]), 0))
        reshaped_t.set_shape(TensorShape([batch_size_beam_width]).concatenate(s))
        return reshaped_t

    def _split_batch_beams(self, t, s=None):
        s = _static_size(s)
        t_shape = tf.shape(t)
        reshaped_t = tf.reshape(t, tf.concat(([self._batch_size, self._beam_width], t_shape[1:]), 0))
        static_batch_size = constant_value(self._batch_size)
        expected = TensorShape([None if static_batch_size is None else int(static_batch_size),
                                self._beam_width]).concatenate(s)
        if not reshaped_t.shape.is_compatible_with(expected):
            raise ValueError("Unexpected behavior when reshaping between beam width and batch size.  The reshaped "
                             f"tensor has shape: {reshaped_t.shape}.  We expected it to have shape (batch_size, "
                             f"beam_width, depth) == {expected}.  Perhaps you forgot to create a zero_state with "
                             "batch_size=encoder_batch_size * beam_width?")
        reshaped_t.set_shape(expected)
        return reshaped_t

    def _maybe_split_batch_beams(self, t, s):
        if isinstance(t, tf.TensorArray):
            return t
        _check_maybe(t)
        return self._split_batch_beams(t, s) if t.shape.ndims >= 1 else t

    def _maybe_merge_batch_beams(self, t, s):
        if isinstance(t, tf.TensorArray):
            return t
        _check_maybe(t)
        return self._merge_batch_beams(t, s) if t.shape.ndims >= 2 else t

    def _maybe_sort_array_beams(self, t, parent_ids, sequence_length):
        if not isinstance(t, tf.TensorArray):
            return t
        shape = t.element_shape
        if shape.ndims is None or shape.ndims < 1:
            return t
        static_batch = constant_value(self._batch_size)
        if static_batch is not None and shape[0].value is not None and shape[0].value != \
                int(static_batch) * self._beam_width and not (
                shape.ndims >= 2 and shape[0].value == int(static_batch) and shape[1].value == self._beam_width):
            return t
        stacked = t.stack()
        return gather_tree_from_array(stacked, parent_ids, sequence_length)

    def step(self, time, inputs, state, name=None):
        batch_size = self._batch_size
        beam_width = self._beam_width
        end_token = self._end_token
        with tf.name_scope(name, "BeamSearchDecoderStep", (time, inputs, state)):
            cell_state = state.cell_state
            inputs = map_structure(lambda inp: self._merge_batch_beams(inp, s=inp.shape[2:]), inputs)
            cell_state = map_structure(self._maybe_merge_batch_beams, cell_state, self._cell.state_size)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = map_structure(lambda out: self._split_batch_beams(out, out.shape[1:]), cell_outputs)
            next_cell_state = pack_sequence_as(cell_state, flatten(next_cell_state))
            next_cell_state = map_structure(self._maybe_split_batch_beams, next_cell_state, self._cell.state_size)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            beam_search_output, beam_search_state = _beam_search_step(
                time=time, logits=cell_outputs, next_cell_state=next_cell_state, beam_state=state,
                batch_size=batch_size, beam_width=beam_width, end_token=end_token,
                length_penalty_weight=self._length_penalty_weight,
                coverage_penalty_weight=self._coverage_penalty_weight)
            finished = beam_search_state.finished
            sample_ids = beam_search_output.predicted_ids
            next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                                  lambda: self._embedding_fn(sample_ids))
        return beam_search_output, beam_search_state, next_inputs, finished

