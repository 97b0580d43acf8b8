"""`tf.contrib.seq2seq`'s Decoder interface, BasicDecoder and `dynamic_decode` (TF 1.15's decoder.py and
basic_decoder.py).

`dynamic_decode` runs `decoder.step` in a `tf.while_loop` (scope "decoder") until every row is finished
or `maximum_iterations` steps were taken, writing each step's outputs to TensorArrays; with
`impute_finished` a finished row emits zeros and keeps its state.
"""

from __future__ import annotations

import collections

import sessionflow as tf

from ...framework.tensor_shape import TensorShape
from ...layers.base import Layer
from ...ops.structure import assert_same_structure, flatten, map_structure
from ..cells import _concat, assert_like_rnncell
from ..drivers import _transpose_batch_time
from .helpers import Helper

__all__ = ["BasicDecoder", "BasicDecoderOutput", "Decoder", "dynamic_decode"]


class Decoder:
    """What `dynamic_decode` drives: `batch_size`, `output_size`, `output_dtype`, `initialize()`,
    `step(time, inputs, state)`, optionally `finalize(outputs, final_state, sequence_lengths)`;
    `tracks_own_finished` when the decoder's own `finished` is authoritative."""

    @property
    def batch_size(self):
        raise NotImplementedError

    @property
    def output_size(self):
        raise NotImplementedError

    @property
    def output_dtype(self):
        raise NotImplementedError

    def initialize(self, name=None):
        raise NotImplementedError

    def step(self, time, inputs, state, name=None):
        raise NotImplementedError

    def finalize(self, outputs, final_state, sequence_lengths):
        raise NotImplementedError

    @property
    def tracks_own_finished(self):
        return False


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
    pass


class BasicDecoder(Decoder):
    """A cell (and optional `output_layer` applied to its output) driven by a Helper."""

    def __init__(self, cell, helper, initial_state, output_layer=None):
        assert_like_rnncell("cell", cell)
        if not isinstance(helper, Helper):
            raise TypeError(f"helper must be a Helper, received: {type(helper)}")
        if output_layer is not None and not isinstance(output_layer, Layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._cell = cell
        self._helper = helper
        self._initial_state = initial_state
        self._output_layer = output_layer

    batch_size = property(lambda self: self._helper.batch_size)

    def _rnn_output_size(self):
        size = self._cell.output_size
        if self._output_layer is None:
            return size
        unknown_batch = map_structure(lambda s: TensorShape([None]).concatenate(s), size)
        layer_output_shape = self._output_layer.compute_output_shape(unknown_batch)
        return map_structure(lambda s: s[1:], layer_output_shape)

    @property
    def output_size(self):
        return BasicDecoderOutput(rnn_output=self._rnn_output_size(), sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self):
        dtype = flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(map_structure(lambda _: dtype, self._rnn_output_size()),
                                  self._helper.sample_ids_dtype)

    def initialize(self, name=None):
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time, inputs, state, name=None):
        with tf.name_scope(name, "BasicDecoderStep", (time, inputs, state)):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids)
        return BasicDecoderOutput(cell_outputs, sample_ids), next_state, next_inputs, finished


def _create_zero_outputs(size, dtype, batch_size):
    return map_structure(lambda s, d: tf.zeros(_concat(batch_size, s), dtype=d), size, dtype)


def _static_batch(batch_size):
    from ...compat.python_helpers import constant_value

    value = constant_value(tf.convert_to_tensor(batch_size, name="batch_size"))
    return None if value is None else int(value)


def dynamic_decode(decoder, output_time_major=False, impute_finished=False, maximum_iterations=None,
                   parallel_iterations=32, swap_memory=False, scope=None):
    """Decodes until every row is finished (or `maximum_iterations`). Returns (final_outputs,
    final_state, final_sequence_lengths); outputs are batch-major unless `output_time_major`."""
    if not isinstance(decoder, Decoder):
        raise TypeError(f"Expected decoder to be type Decoder, but saw: {type(decoder)}")
    with tf.variable_scope(scope, "decoder"):
        if maximum_iterations is not None:
            maximum_iterations = tf.convert_to_tensor(maximum_iterations, dtype=tf.int32, name="maximum_iterations")
            if maximum_iterations.shape.ndims != 0:
                raise ValueError("maximum_iterations must be a scalar")
        initial_finished, initial_inputs, initial_state = decoder.initialize()
        zero_outputs = _create_zero_outputs(decoder.output_size, decoder.output_dtype, decoder.batch_size)
        if maximum_iterations is not None:
            initial_finished = tf.logical_or(initial_finished, 0 >= maximum_iterations)
        initial_sequence_lengths = tf.zeros_like(initial_finished, dtype=tf.int32)
        initial_time = tf.constant(0, dtype=tf.int32)
        static_batch = _static_batch(decoder.batch_size)

        def create_ta(s, d):
            shape = None if not isinstance(s, TensorShape) or s.ndims == 0 else \
                TensorShape([static_batch]).concatenate(s)
            return tf.TensorArray(dtype=d, size=0, dynamic_size=True, element_shape=shape)

        initial_outputs_ta = map_structure(create_ta, decoder.output_size, decoder.output_dtype)

        def condition(unused_time, unused_outputs_ta, unused_state, unused_inputs, finished, unused_lengths):
            return tf.logical_not(tf.reduce_all(finished))

        def body(time, outputs_ta, state, inputs, finished, sequence_lengths):
            next_outputs, decoder_state, next_inputs, decoder_finished = decoder.step(time, inputs, state)
            lengths_from_state = False
            if decoder.tracks_own_finished:
                next_finished = decoder_finished
                lengths = getattr(decoder_state, "lengths", None)
                if lengths is not None:
                    lengths_from_state = True
                    sequence_lengths = tf.cast(lengths, tf.int32)
            else:
                next_finished = tf.logical_or(decoder_finished, finished)
            if lengths_from_state:
                next_sequence_lengths = sequence_lengths
            else:
                next_sequence_lengths = tf.where(tf.logical_not(finished),
                                                 tf.fill(tf.shape(sequence_lengths), time + 1), sequence_lengths)
            assert_same_structure(state, decoder_state)
            assert_same_structure(outputs_ta, next_outputs)
            assert_same_structure(inputs, next_inputs)
            if impute_finished:
                emit = map_structure(lambda out, zero: tf.where(finished, zero, out), next_outputs, zero_outputs)
            else:
                emit = next_outputs

            def maybe_copy_state(new, cur):
                if isinstance(cur, tf.TensorArray):
                    return new
                new.set_shape(cur.shape)
                return new if new.shape.ndims == 0 else tf.where(finished, cur, new)

            next_state = map_structure(maybe_copy_state, decoder_state, state) if impute_finished else decoder_state
            outputs_ta = map_structure(lambda ta, out: ta.write(time, out), outputs_ta, emit)
            return time + 1, outputs_ta, next_state, next_inputs, next_finished, next_sequence_lengths

        res = tf.while_loop(condition, body, loop_vars=(initial_time, initial_outputs_ta, initial_state,
                                                        initial_inputs, initial_finished, initial_sequence_lengths),
                            parallel_iterations=parallel_iterations, maximum_iterations=maximum_iterations,
                            swap_memory=swap_memory)
        final_outputs_ta, final_state, final_sequence_lengths = res[1], res[2], res[5]
        final_outputs = map_structure(lambda ta: ta.stack(), final_outputs_ta)
        try:
            final_outputs, final_state = decoder.finalize(final_outputs, final_state, final_sequence_lengths)
        except NotImplementedError:
            pass
        if not output_time_major:
            final_outputs = map_structure(_transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_sequence_lengths
