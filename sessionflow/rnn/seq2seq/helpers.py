"""`tf.contrib.seq2seq`'s helpers: what a BasicDecoder feeds its cell at each step and how it reads the
cell's output (TF 1.15's helper.py). A helper gives `initialize() -> (finished, first inputs)`,
`sample(time, outputs, state) -> sample ids` and `next_inputs(time, outputs, state, sample_ids) ->
(finished, next inputs, state)`.

Training helpers read the step-t inputs by indexing the time-major inputs (TF reads an unstacked
TensorArray: same values, and the gradient is an ordinary gather's).
"""

from __future__ import annotations

import sessionflow as tf

from ...framework.tensor_shape import TensorShape
from ...ops.structure import flatten, map_structure
from ..drivers import _transpose_batch_time

__all__ = [
    "CustomHelper",
    "GreedyEmbeddingHelper",
    "Helper",
    "InferenceHelper",
    "SampleEmbeddingHelper",
    "ScheduledEmbeddingTrainingHelper",
    "ScheduledOutputTrainingHelper",
    "TrainingHelper",
]


def _embedding_fn(embedding):
    if callable(embedding):
        return embedding
    return lambda ids: tf.nn.embedding_lookup(embedding, ids)


def _categorical_sample(logits, seed=None):
    """tf.distributions.Categorical(logits=logits).sample(seed=seed): one int32 draw per row."""
    depth = logits.shape[-1].value
    logits_2d = logits if logits.shape.ndims == 2 else tf.reshape(logits, [-1, depth if depth else -1])
    draws = tf.multinomial(logits_2d, 1, seed=seed, output_dtype=tf.int32)
    return tf.reshape(tf.transpose(draws), tf.shape(logits)[:-1])


def _bernoulli_sample(probs, n, seed=None, dtype=tf.int32):
    """tf.distributions.Bernoulli(probs=probs, dtype=dtype).sample(n, seed=seed)."""
    shape = tf.concat([tf.reshape(n, [1]), tf.shape(probs)], 0)
    draws = tf.less(tf.random_uniform(shape, seed=seed, dtype=probs.dtype), probs)
    return tf.cast(draws, dtype)


class Helper:
    """The interface BasicDecoder uses (TF 1.15's abstract `Helper`)."""

    @property
    def batch_size(self):
        raise NotImplementedError

    @property
    def sample_ids_shape(self):
        raise NotImplementedError

    @property
    def sample_ids_dtype(self):
        raise NotImplementedError

    def initialize(self, name=None):
        raise NotImplementedError

    def sample(self, time, outputs, state, name=None):
        raise NotImplementedError

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        raise NotImplementedError


class CustomHelper(Helper):
    """A helper made of three functions: `initialize_fn()`, `sample_fn(time, outputs, state)`,
    `next_inputs_fn(time, outputs, state, sample_ids)`."""

    def __init__(self, initialize_fn, sample_fn, next_inputs_fn, sample_ids_shape=None, sample_ids_dtype=None):
        self._initialize_fn = initialize_fn
        self._sample_fn = sample_fn
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = sample_ids_dtype or tf.int32

    @property
    def batch_size(self):
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    sample_ids_shape = property(lambda self: self._sample_ids_shape)
    sample_ids_dtype = property(lambda self: self._sample_ids_dtype)

    def initialize(self, name=None):
        with tf.name_scope(name, f"{type(self).__name__}Initialize"):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = tf.size(finished)
        return finished, next_inputs

    def sample(self, time, outputs, state, name=None):
        with tf.name_scope(name, f"{type(self).__name__}Sample", (time, outputs, state)):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope(name, f"{type(self).__name__}NextInputs", (time, outputs, state)):
            return self._next_inputs_fn(time=time, outputs=outputs, state=state, sample_ids=sample_ids)


class TrainingHelper(Helper):
    """Teacher forcing: step t reads the given inputs at t; row b is finished once t >= sequence_length[b]."""

    def __init__(self, inputs, sequence_length, time_major=False, name=None):
        with tf.name_scope(name, "TrainingHelper", [inputs, sequence_length]):
            inputs = map_structure(lambda x: tf.convert_to_tensor(x, name="inputs"), inputs)
            self._inputs = inputs
            if not time_major:
                inputs = map_structure(_transpose_batch_time, inputs)
            self._time_major_inputs = inputs
            self._sequence_length = tf.convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.shape.ndims != 1:
                raise ValueError("Expected sequence_length to be a vector, but received shape: "
                                 f"{self._sequence_length.shape}")
            self._zero_inputs = map_structure(lambda x: tf.zeros_like(x[0, :]), inputs)
            self._batch_size = tf.size(sequence_length)

    inputs = property(lambda self: self._inputs)
    sequence_length = property(lambda self: self._sequence_length)
    batch_size = property(lambda self: self._batch_size)
    sample_ids_shape = property(lambda self: TensorShape([]))
    sample_ids_dtype = property(lambda self: tf.int32)

    def _read(self, time):
        def read(x):
            step = tf.gather(x, time)
            step.set_shape(x.shape[1:])
            return step

        return map_structure(read, self._time_major_inputs)

    def initialize(self, name=None):
        with tf.name_scope(name, "TrainingHelperInitialize"):
            finished = tf.equal(0, self._sequence_length)
            all_finished = tf.reduce_all(finished)
            next_inputs = tf.cond(all_finished, lambda: self._zero_inputs, lambda: self._read(0))
            return finished, next_inputs

    def sample(self, time, outputs, name=None, **unused_kwargs):
        with tf.name_scope(name, "TrainingHelperSample", [time, outputs]):
            return tf.cast(tf.argmax(outputs, axis=-1), tf.int32)

    def next_inputs(self, time, outputs, state, name=None, **unused_kwargs):
        with tf.name_scope(name, "TrainingHelperNextInputs", [time, outputs, state]):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            all_finished = tf.reduce_all(finished)
            next_inputs = tf.cond(all_finished, lambda: self._zero_inputs, lambda: self._read(next_time))
            return finished, next_inputs, state


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """Teacher forcing, except that with probability `sampling_probability` a row's next input is the
    embedding of an id sampled from its logits."""

    def __init__(self, inputs, sequence_length, embedding, sampling_probability, time_major=False, seed=None,
                 scheduling_seed=None, name=None):
        with tf.name_scope(name, "ScheduledEmbeddingSamplingWrapper", [embedding, sampling_probability]):
            self._embedding_fn = _embedding_fn(embedding)
            self._sampling_probability = tf.convert_to_tensor(sampling_probability, name="sampling_probability")
            if self._sampling_probability.shape.ndims not in (0, 1):
                raise ValueError("sampling_probability must be either a scalar or a vector. saw shape: "
                                 f"{self._sampling_probability.shape}")
            self._seed = seed
            self._scheduling_seed = scheduling_seed
            super().__init__(inputs=inputs, sequence_length=sequence_length, time_major=time_major, name=name)

    def initialize(self, name=None):
        return super().initialize(name=name)

    def sample(self, time, outputs, state, name=None):
        with tf.name_scope(name, "ScheduledEmbeddingTrainingHelperSample", [time, outputs, state]):
            select_sample = _bernoulli_sample(self._sampling_probability, self.batch_size, self._scheduling_seed,
                                              dtype=tf.bool)
            return tf.where(select_sample, _categorical_sample(outputs, seed=self._seed),
                            tf.fill([self.batch_size], -1))

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope(name, "ScheduledEmbeddingTrainingHelperNextInputs", [time, outputs, state]):
            finished, base_next_inputs, state = super().next_inputs(time=time, outputs=outputs, state=state,
                                                                    sample_ids=sample_ids, name=name)

            def maybe_sample():
                where_sampling = tf.cast(tf.where(sample_ids > -1), tf.int32)
                where_not_sampling = tf.cast(tf.where(sample_ids <= -1), tf.int32)
                sample_ids_sampling = tf.gather_nd(sample_ids, where_sampling)
                inputs_not_sampling = tf.gather_nd(base_next_inputs, where_not_sampling)
                sampled_next_inputs = self._embedding_fn(sample_ids_sampling)
                base_shape = tf.shape(base_next_inputs)
                return (tf.scatter_nd(indices=where_sampling, updates=sampled_next_inputs, shape=base_shape)
                        + tf.scatter_nd(indices=where_not_sampling, updates=inputs_not_sampling, shape=base_shape))

            next_inputs = tf.cond(tf.reduce_all(finished), lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class ScheduledOutputTrainingHelper(TrainingHelper):
    """Teacher forcing, except that with probability `sampling_probability` a row's next input is its
    own output (through `next_inputs_fn`, concatenated with `auxiliary_inputs` when given)."""

    def __init__(self, inputs, sequence_length, sampling_probability, time_major=False, seed=None,
                 next_inputs_fn=None, auxiliary_inputs=None, name=None):
        with tf.name_scope(name, "ScheduledOutputTrainingHelper", [inputs, auxiliary_inputs, sampling_probability]):
            self._sampling_probability = tf.convert_to_tensor(sampling_probability, name="sampling_probability")
            if self._sampling_probability.shape.ndims not in (0, 1):
                raise ValueError("sampling_probability must be either a scalar or a vector. saw shape: "
                                 f"{self._sampling_probability.shape}")
            if auxiliary_inputs is None:
                maybe_concatenated_inputs = inputs
            else:
                inputs = tf.convert_to_tensor(inputs, name="inputs")
                auxiliary_inputs = tf.convert_to_tensor(auxiliary_inputs, name="auxiliary_inputs")
                maybe_concatenated_inputs = map_structure(lambda x, y: tf.concat((x, y), -1), inputs,
                                                          auxiliary_inputs)
                if not time_major:
                    auxiliary_inputs = map_structure(_transpose_batch_time, auxiliary_inputs)
            self._auxiliary_inputs = auxiliary_inputs
            self._seed = seed
            self._next_inputs_fn = next_inputs_fn
            super().__init__(inputs=maybe_concatenated_inputs, sequence_length=sequence_length,
                             time_major=time_major, name=name)

    def initialize(self, name=None):
        return super().initialize(name=name)

    def sample(self, time, outputs, state, name=None):
        with tf.name_scope(name, "ScheduledOutputTrainingHelperSample", [time, outputs, state]):
            return _bernoulli_sample(self._sampling_probability, self.batch_size, self._seed)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope(name, "ScheduledOutputTrainingHelperNextInputs", [time, outputs, state, sample_ids]):
            finished, base_next_inputs, state = super().next_inputs(time=time, outputs=outputs, state=state,
                                                                    sample_ids=sample_ids, name=name)
            sample_ids = tf.cast(sample_ids, tf.bool)

            def maybe_sample():
                def with_auxiliary(outputs_, indices=None):
                    if self._auxiliary_inputs is None:
                        return outputs_
                    auxiliary = map_structure(lambda x: tf.gather(x, time + 1), self._auxiliary_inputs)
                    if indices is not None:
                        auxiliary = tf.gather_nd(auxiliary, indices)
                    return map_structure(lambda x, y: tf.concat((x, y), -1), outputs_, auxiliary)

                if self._next_inputs_fn is None:
                    return tf.where(sample_ids, with_auxiliary(outputs), base_next_inputs)
                where_sampling = tf.cast(tf.where(sample_ids), tf.int32)
                where_not_sampling = tf.cast(tf.where(tf.logical_not(sample_ids)), tf.int32)
                outputs_sampling = tf.gather_nd(outputs, where_sampling)
                inputs_not_sampling = tf.gather_nd(base_next_inputs, where_not_sampling)
                sampled_next_inputs = with_auxiliary(self._next_inputs_fn(outputs_sampling), where_sampling)
                base_shape = tf.shape(base_next_inputs)
                return (tf.scatter_nd(indices=where_sampling, updates=sampled_next_inputs, shape=base_shape)
                        + tf.scatter_nd(indices=where_not_sampling, updates=inputs_not_sampling, shape=base_shape))

            no_samples = tf.logical_not(tf.reduce_any(sample_ids))
            next_inputs = tf.cond(tf.logical_or(tf.reduce_all(finished), no_samples), lambda: base_next_inputs,
                                  maybe_sample)
            return finished, next_inputs, state


class GreedyEmbeddingHelper(Helper):
    """Inference: the next input is the embedding of the argmax of the outputs; a row is finished when it
    emits `end_token`."""

    def __init__(self, embedding, start_tokens, end_token):
        self._embedding_fn = _embedding_fn(embedding)
        self._start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32, name="start_tokens")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._start_tokens.shape.ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._batch_size = tf.size(start_tokens)
        if self._end_token.shape.ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._start_inputs = self._embedding_fn(self._start_tokens)

    batch_size = property(lambda self: self._batch_size)
    sample_ids_shape = property(lambda self: TensorShape([]))
    sample_ids_dtype = property(lambda self: tf.int32)

    def initialize(self, name=None):
        finished = tf.tile([False], [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time, outputs, state, name=None):
        del time, state
        if not isinstance(outputs, tf.Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        return tf.argmax(outputs, axis=-1, output_type=tf.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        del time, outputs
        finished = tf.equal(sample_ids, self._end_token)
        next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                              lambda: self._embedding_fn(sample_ids))
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """Inference by sampling: the next id is drawn from softmax(outputs / softmax_temperature)."""

    def __init__(self, embedding, start_tokens, end_token, softmax_temperature=None, seed=None):
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature = softmax_temperature
        self._seed = seed

    def sample(self, time, outputs, state, name=None):
        del time, state
        if not isinstance(outputs, tf.Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        logits = outputs if self._softmax_temperature is None else outputs / self._softmax_temperature
        return _categorical_sample(logits, seed=self._seed)


class InferenceHelper(Helper):
    """Inference without embeddings: `sample_fn(outputs)` gives the sample ids, the next inputs are
    `next_inputs_fn(sample_ids)` (the ids themselves by default), `end_fn(sample_ids)` says which rows end."""

    def __init__(self, sample_fn, sample_shape, sample_dtype, start_inputs, end_fn, next_inputs_fn=None):
        self._sample_fn = sample_fn
        self._end_fn = end_fn
        self._sample_shape = TensorShape(sample_shape)
        self._sample_dtype = sample_dtype
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = tf.shape(flatten(start_inputs)[0])[0]
        self._start_inputs = tf.convert_to_tensor(start_inputs, name="start_inputs")

    batch_size = property(lambda self: self._batch_size)
    sample_ids_shape = property(lambda self: self._sample_shape)
    sample_ids_dtype = property(lambda self: self._sample_dtype)

    def initialize(self, name=None):
        finished = tf.tile([False], [self._batch_size])
        return finished, self._start_inputs

    def sample(self, time, outputs, state, name=None):
        del time, state
        return self._sample_fn(outputs)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        del time, outputs
        next_inputs = sample_ids if self._next_inputs_fn is None else self._next_inputs_fn(sample_ids)
        return self._end_fn(sample_ids), next_inputs, state
