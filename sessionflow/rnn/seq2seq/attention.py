"""`tf.contrib.seq2seq`'s attention (TF 1.15's attention_wrapper.py): the mechanisms (Bahdanau, Luong and
their monotonic forms), `AttentionWrapper` (an RNNCell that attends over a memory at every step) and its
state, `hardmax`, `safe_cumprod` and `monotonic_attention`.

Variable names are TF 1.15's: the memory layer is built when the mechanism is made (`memory_layer/kernel`
in the scope current then); the rest when the wrapper first runs, under its scope:
`<scope>/attention_wrapper/<cell>/...`, `.../bahdanau_attention/query_layer/kernel`, `.../attention_v`,
`attention_g`/`attention_b` when normalized, `.../luong_attention/attention_g` when scaled,
`.../attention_layer/kernel`.
"""

from __future__ import annotations

import collections
import functools
import math

import numpy as np

import sessionflow as tf

from ...framework.tensor_shape import TensorShape
from ...layers.base import Layer
from ...layers.core import Dense
from ...ops.structure import flatten, map_structure
from ..cells import RNNCell, assert_like_rnncell, zero_state_tensors

__all__ = [
    "AttentionMechanism",
    "AttentionWrapper",
    "AttentionWrapperState",
    "BahdanauAttention",
    "BahdanauMonotonicAttention",
    "LuongAttention",
    "LuongMonotonicAttention",
    "hardmax",
    "monotonic_attention",
    "safe_cumprod",
]


class AttentionMechanism:
    """The base every attention mechanism derives from (AttentionWrapper checks for it)."""


def _dim(t, i):
    value = t.shape[i].value
    return value if value is not None else tf.shape(t)[i]


def _prepare_memory(memory, memory_sequence_length, check_inner_dims_defined):
    """`memory` as tensors, rows past `memory_sequence_length` zeroed."""
    memory = map_structure(lambda m: tf.convert_to_tensor(m, name="memory"), memory)
    if memory_sequence_length is not None:
        memory_sequence_length = tf.convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
    if check_inner_dims_defined:
        for m in flatten(memory):
            if m.shape.ndims is None or not m.shape[2:].is_fully_defined():
                raise ValueError(f"Expected memory {m.name} to have fully defined inner dims, but saw shape: "
                                 f"{m.shape}")
    if memory_sequence_length is None:
        return memory
    first = flatten(memory)[0]
    seq_len_mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(first)[1], dtype=first.dtype)
    seq_len_batch_size = _dim(memory_sequence_length, 0)

    def maybe_mask(m):
        extra_ones = tf.ones(m.shape.ndims - 2, dtype=tf.int32)
        m_batch_size = _dim(m, 0)
        message = "memory_sequence_length and memory tensor batch sizes do not match."
        with tf.control_dependencies([tf.assert_equal(seq_len_batch_size, m_batch_size, message=message)]):
            mask = tf.reshape(seq_len_mask, tf.concat((tf.shape(seq_len_mask), extra_ones), 0))
            return m * mask

    return map_structure(maybe_mask, memory)


def _maybe_mask_score(score, memory_sequence_length, score_mask_value):
    if memory_sequence_length is None:
        return score
    message = "All values in memory_sequence_length must greater than zero."
    with tf.control_dependencies([tf.assert_positive(memory_sequence_length, message=message)]):
        score_mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(score)[1])
        score_mask_values = score_mask_value * tf.ones_like(score)
        return tf.where(score_mask, score, score_mask_values)


class _BaseAttentionMechanism(AttentionMechanism):
    """Keeps the (masked) memory as `values` and its projection by `memory_layer` as `keys`."""

    def __init__(self, query_layer, memory, probability_fn, memory_sequence_length=None, memory_layer=None,
                 check_inner_dims_defined=True, score_mask_value=None, custom_key_value_fn=None, name=None):
        if query_layer is not None and not isinstance(query_layer, Layer):
            raise TypeError(f"query_layer is not a Layer: {type(query_layer).__name__}")
        if memory_layer is not None and not isinstance(memory_layer, Layer):
            raise TypeError(f"memory_layer is not a Layer: {type(memory_layer).__name__}")
        self._query_layer = query_layer
        self._memory_layer = memory_layer
        self.dtype = memory_layer.dtype
        if not callable(probability_fn):
            raise TypeError(f"probability_fn must be callable, saw type: {type(probability_fn).__name__}")
        if score_mask_value is None:
            score_mask_value = tf.as_dtype(self._memory_layer.dtype).as_numpy_dtype(-np.inf)
        self._probability_fn = lambda score, prev: probability_fn(
            _maybe_mask_score(score, memory_sequence_length, score_mask_value), prev)
        with tf.name_scope(name, "BaseAttentionMechanismInit", flatten(memory)):
            self._values = _prepare_memory(memory, memory_sequence_length,
                                           check_inner_dims_defined=check_inner_dims_defined)
            self._keys = self.memory_layer(self._values) if self.memory_layer else self._values
            if custom_key_value_fn is not None:
                self._keys, self._values = custom_key_value_fn(self._keys, self._values)
            self._batch_size = _dim(self._keys, 0)
            self._alignments_size = _dim(self._keys, 1)

    memory_layer = property(lambda self: self._memory_layer)
    query_layer = property(lambda self: self._query_layer)
    values = property(lambda self: self._values)
    keys = property(lambda self: self._keys)
    batch_size = property(lambda self: self._batch_size)
    alignments_size = property(lambda self: self._alignments_size)
    state_size = property(lambda self: self._alignments_size)

    def initial_alignments(self, batch_size, dtype):
        """Zeros of shape [batch_size, alignments_size]."""
        return zero_state_tensors(self._alignments_size, batch_size, dtype)

    def initial_state(self, batch_size, dtype):
        return self.initial_alignments(batch_size, dtype)


def _luong_score(query, keys, scale):
    depth = query.shape[-1].value
    key_units = keys.shape[-1].value
    if depth != key_units:
        raise ValueError(
            f"Incompatible or unknown inner dimensions between query and keys.  Query ({query}) has units: {depth}.  "
            f"Keys ({keys}) have units: {key_units}.  Perhaps you need to set num_units to the keys' dimension "
            f"({key_units})?")
    query = tf.expand_dims(query, 1)
    score = tf.squeeze(tf.matmul(query, keys, transpose_b=True), [1])
    if scale is not None:
        score = scale * score
    return score


def _bahdanau_score(processed_query, keys, attention_v, attention_g=None, attention_b=None):
    processed_query = tf.expand_dims(processed_query, 1)
    if attention_g is not None and attention_b is not None:
        normed_v = attention_g * attention_v * tf.rsqrt(tf.reduce_sum(tf.square(attention_v)))
        return tf.reduce_sum(normed_v * tf.tanh(keys + processed_query + attention_b), [2])
    return tf.reduce_sum(attention_v * tf.tanh(keys + processed_query), [2])


def _bahdanau_weights(num_units, normalize, dtype):
    attention_v = tf.get_variable("attention_v", [num_units], dtype=dtype)
    if not normalize:
        return attention_v, None, None
    attention_g = tf.get_variable("attention_g", dtype=dtype, shape=(),
                                  initializer=tf.constant_initializer(math.sqrt(1.0 / num_units)))
    attention_b = tf.get_variable("attention_b", [num_units], dtype=dtype, initializer=tf.zeros_initializer())
    return attention_v, attention_g, attention_b


class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention: score = query . keys (times a learned scalar `attention_g` with `scale`)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="LuongAttention"):
        probability_fn = probability_fn or tf.nn.softmax
        dtype = dtype or tf.float32
        super().__init__(query_layer=None,
                         memory_layer=Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
                         memory=memory, probability_fn=lambda score, _: probability_fn(score),
                         memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
                         custom_key_value_fn=custom_key_value_fn, name=name)
        self._num_units = num_units
        self._scale = scale
        self._name = name

    def __call__(self, query, state):
        with tf.variable_scope(None, "luong_attention", [query]):
            attention_g = None
            if self._scale:
                attention_g = tf.get_variable("attention_g", dtype=query.dtype, initializer=tf.ones_initializer,
                                              shape=())
            score = _luong_score(query, self._keys, attention_g)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention: score = v . tanh(keys + W query) (weight-normalized v and a bias with `normalize`)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, probability_fn=None,
                 score_mask_value=None, dtype=None, custom_key_value_fn=None, name="BahdanauAttention"):
        probability_fn = probability_fn or tf.nn.softmax
        dtype = dtype or tf.float32
        super().__init__(query_layer=Dense(num_units, name="query_layer", use_bias=False, dtype=dtype),
                         memory_layer=Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
                         memory=memory, probability_fn=lambda score, _: probability_fn(score),
                         memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
                         custom_key_value_fn=custom_key_value_fn, name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name

    def __call__(self, query, state):
        with tf.variable_scope(None, "bahdanau_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            v, g, b = _bahdanau_weights(self._num_units, self._normalize, query.dtype)
            score = _bahdanau_score(processed_query, self._keys, v, g, b)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def safe_cumprod(x, *args, **kwargs):
    """cumprod computed as exp(cumsum(log(x))) with x clipped to [tiny, 1], which has usable gradients."""
    with tf.name_scope(None, "SafeCumprod", [x]):
        x = tf.convert_to_tensor(x, name="x")
        tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
        return tf.exp(tf.cumsum(tf.log(tf.clip_by_value(x, tiny, 1)), *args, **kwargs))


def monotonic_attention(p_choose_i, previous_attention, mode):
    """The expected monotonic alignment given the choosing probabilities and the previous alignment
    (Raffel et al. 2017); `mode` is "recursive", "parallel" or "hard"."""
    p_choose_i = tf.convert_to_tensor(p_choose_i, name="p_choose_i")
    previous_attention = tf.convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        batch_size = tf.shape(p_choose_i)[0]
        shifted_1mp_choose_i = tf.concat([tf.ones((batch_size, 1)), 1 - p_choose_i[:, :-1]], 1)
        attention = p_choose_i * tf.transpose(tf.scan(
            lambda x, yz: tf.reshape(yz[0] * x + yz[1], (batch_size,)),
            [tf.transpose(shifted_1mp_choose_i), tf.transpose(previous_attention)], tf.zeros((batch_size,))))
    elif mode == "parallel":
        cumprod_1mp_choose_i = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        attention = p_choose_i * cumprod_1mp_choose_i * tf.cumsum(
            previous_attention / tf.clip_by_value(cumprod_1mp_choose_i, 1e-10, 1.0), axis=1)
    elif mode == "hard":
        p_choose_i = p_choose_i * tf.cumsum(previous_attention, axis=1)
        attention = p_choose_i * tf.cumprod(1 - p_choose_i, axis=1, exclusive=True)
    else:
        raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")
    return attention


def _monotonic_probability_fn(score, previous_alignments, sigmoid_noise, mode, seed=None):
    if sigmoid_noise > 0:
        score += sigmoid_noise * tf.random_normal(tf.shape(score), dtype=score.dtype, seed=seed)
    if mode == "hard":
        p_choose_i = tf.cast(score > 0, score.dtype)
    else:
        p_choose_i = tf.sigmoid(score)
    return monotonic_attention(p_choose_i, previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
    """Monotonic mechanisms start with all attention on the first memory entry."""

    def initial_alignments(self, batch_size, dtype):
        return tf.one_hot(tf.zeros((batch_size,), dtype=tf.int32), self._alignments_size, dtype=dtype)


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Bahdanau scores plus a learned scalar `attention_score_bias`, through monotonic_attention."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False, score_mask_value=None,
                 sigmoid_noise=0.0, sigmoid_noise_seed=None, score_bias_init=0.0, mode="parallel", dtype=None,
                 name="BahdanauMonotonicAttention"):
        dtype = dtype or tf.float32
        probability_fn = functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
                                           seed=sigmoid_noise_seed)
        super().__init__(query_layer=Dense(num_units, name="query_layer", use_bias=False, dtype=dtype),
                         memory_layer=Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
                         memory=memory, probability_fn=probability_fn, memory_sequence_length=memory_sequence_length,
                         score_mask_value=score_mask_value, name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        with tf.variable_scope(None, "bahdanau_monotonic_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            v, g, b = _bahdanau_weights(self._num_units, self._normalize, query.dtype)
            score = _bahdanau_score(processed_query, self._keys, v, g, b)
            score_bias = tf.get_variable("attention_score_bias", dtype=processed_query.dtype,
                                         initializer=self._score_bias_init)
            score += score_bias
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Luong scores plus a learned scalar `attention_score_bias`, through monotonic_attention."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False, score_mask_value=None,
                 sigmoid_noise=0.0, sigmoid_noise_seed=None, score_bias_init=0.0, mode="parallel", dtype=None,
                 name="LuongMonotonicAttention"):
        dtype = dtype or tf.float32
        probability_fn = functools.partial(_monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
                                           seed=sigmoid_noise_seed)
        super().__init__(query_layer=None,
                         memory_layer=Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
                         memory=memory, probability_fn=probability_fn, memory_sequence_length=memory_sequence_length,
                         score_mask_value=score_mask_value, name=name)
        self._num_units = num_units
        self._scale = scale
        self._score_bias_init = score_bias_init
        self._name = name

    def __call__(self, query, state):
        with tf.variable_scope(None, "luong_monotonic_attention", [query]):
            attention_g = None
            if self._scale:
                attention_g = tf.get_variable("attention_g", dtype=query.dtype, initializer=tf.ones_initializer,
                                              shape=())
            score = _luong_score(query, self._keys, attention_g)
            score_bias = tf.get_variable("attention_score_bias", dtype=query.dtype, initializer=self._score_bias_init)
            score += score_bias
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class AttentionWrapperState(collections.namedtuple("AttentionWrapperState", (
        "cell_state", "attention", "time", "alignments", "alignment_history", "attention_state"))):
    """The state of an AttentionWrapper: the wrapped cell's state, the last attention vector, the step,
    the last alignments, the alignment history (a TensorArray, or () without it) and each mechanism's state."""

    def clone(self, **kwargs):
        """A copy with the given fields replaced; a replaced tensor keeps the old one's static shape."""

        def with_same_shape(old, new):
            if isinstance(old, tf.Tensor) and isinstance(new, tf.Tensor):
                new.set_shape(old.shape)
            return new

        return map_structure(with_same_shape, self, super()._replace(**kwargs))


def hardmax(logits, name=None):
    """One-hot vectors at each row's largest logit."""
    with tf.name_scope(name, "Hardmax", [logits]):
        logits = tf.convert_to_tensor(logits, name="logits")
        depth = logits.shape[-1].value
        if depth is None:
            depth = tf.shape(logits)[-1]
        return tf.one_hot(tf.argmax(logits, -1), depth, dtype=logits.dtype)


def _compute_attention(attention_mechanism, cell_output, attention_state, attention_layer):
    alignments, next_attention_state = attention_mechanism(cell_output, state=attention_state)
    context = tf.squeeze(tf.matmul(tf.expand_dims(alignments, 1), attention_mechanism.values), [1])
    attention = attention_layer(tf.concat([cell_output, context], 1)) if attention_layer is not None else context
    return attention, alignments, next_attention_state


class AttentionWrapper(RNNCell):
    """Wraps `cell`: each step feeds `cell_input_fn(inputs, previous attention)` to the cell, attends over
    each mechanism's memory with the cell's output, and emits the attention (`output_attention`) or the
    cell's output."""

    def __init__(self, cell, attention_mechanism, attention_layer_size=None, alignment_history=False,
                 cell_input_fn=None, output_attention=True, initial_cell_state=None, name=None, attention_layer=None,
                 attention_fn=None):
        super().__init__(name=name)
        assert_like_rnncell("cell", cell)
        if isinstance(attention_mechanism, (list, tuple)):
            self._is_multi = True
            attention_mechanisms = attention_mechanism
            for mechanism in attention_mechanisms:
                if not isinstance(mechanism, AttentionMechanism):
                    raise TypeError("attention_mechanism must contain only instances of AttentionMechanism, saw "
                                    f"type: {type(mechanism).__name__}")
        else:
            self._is_multi = False
            if not isinstance(attention_mechanism, AttentionMechanism):
                raise TypeError("attention_mechanism must be an AttentionMechanism or list of multiple "
                                f"AttentionMechanism instances, saw type: {type(attention_mechanism).__name__}")
            attention_mechanisms = (attention_mechanism,)
        if cell_input_fn is None:
            def cell_input_fn(inputs, attention):
                return tf.concat([inputs, attention], -1)
        elif not callable(cell_input_fn):
            raise TypeError(f"cell_input_fn must be callable, saw type: {type(cell_input_fn).__name__}")
        if attention_layer_size is not None and attention_layer is not None:
            raise ValueError("Only one of attention_layer_size and attention_layer should be set")
        if attention_layer_size is not None:
            sizes = tuple(attention_layer_size if isinstance(attention_layer_size, (list, tuple))
                          else (attention_layer_size,))
            if len(sizes) != len(attention_mechanisms):
                raise ValueError("If provided, attention_layer_size must contain exactly one integer per "
                                 f"attention_mechanism, saw: {len(sizes)} vs {len(attention_mechanisms)}")
            self._attention_layers = tuple(
                Dense(size, name="attention_layer", use_bias=False, dtype=attention_mechanisms[i].dtype)
                for i, size in enumerate(sizes))
            self._attention_layer_size = sum(sizes)
        elif attention_layer is not None:
            self._attention_layers = tuple(attention_layer if isinstance(attention_layer, (list, tuple))
                                           else (attention_layer,))
            if len(self._attention_layers) != len(attention_mechanisms):
                raise ValueError("If provided, attention_layer must contain exactly one layer per attention_mechanism, "
                                 f"saw: {len(self._attention_layers)} vs {len(attention_mechanisms)}")
            self._attention_layer_size = sum(
                layer.compute_output_shape([None, cell.output_size + m.values.shape[-1].value])[-1].value
                for layer, m in zip(self._attention_layers, attention_mechanisms))
        else:
            self._attention_layers = None
            self._attention_layer_size = sum(m.values.shape[-1].value for m in attention_mechanisms)
        self._attention_fn = attention_fn or _compute_attention
        self._cell = cell
        self._attention_mechanisms = attention_mechanisms
        self._cell_input_fn = cell_input_fn
        self._output_attention = output_attention
        self._alignment_history = alignment_history
        with tf.name_scope(name, "AttentionWrapperInit"):
            if initial_cell_state is None:
                self._initial_cell_state = None
            else:
                final = flatten(initial_cell_state)[-1]
                message = (f"When constructing AttentionWrapper {self._base_name}: Non-matching batch sizes between "
                           "the memory (encoder output) and initial_cell_state.  Are you using the BeamSearchDecoder?  "
                           "You may need to tile your initial state via the tf.contrib.seq2seq.tile_batch function "
                           "with argument multiple=beam_width.")
                with tf.control_dependencies(self._batch_size_checks(_dim(final, 0), message)):
                    self._initial_cell_state = map_structure(
                        lambda s: tf.identity(s, name="check_initial_cell_state"), initial_cell_state)

    def _batch_size_checks(self, batch_size, error_message):
        return [tf.assert_equal(batch_size, m.batch_size, message=error_message) for m in self._attention_mechanisms]

    def _item_or_tuple(self, seq):
        t = tuple(seq)
        return t if self._is_multi else t[0]

    @property
    def output_size(self):
        return self._attention_layer_size if self._output_attention else self._cell.output_size

    @property
    def state_size(self):
        return AttentionWrapperState(
            cell_state=self._cell.state_size, time=TensorShape([]), attention=self._attention_layer_size,
            alignments=self._item_or_tuple(m.alignments_size for m in self._attention_mechanisms),
            attention_state=self._item_or_tuple(m.state_size for m in self._attention_mechanisms),
            alignment_history=self._item_or_tuple(m.alignments_size if self._alignment_history else ()
                                                  for m in self._attention_mechanisms))

    def zero_state(self, batch_size, dtype):
        """The initial state: the cell's (or `initial_cell_state`), zero attention, each mechanism's
        initial alignments, and an empty alignment history."""
        with tf.name_scope(type(self).__name__ + "ZeroState", values=[batch_size]):
            cell_state = self._initial_cell_state if self._initial_cell_state is not None else \
                self._cell.zero_state(batch_size, dtype)
            message = (f"When calling zero_state of AttentionWrapper {self._base_name}: Non-matching batch sizes "
                       "between the memory (encoder output) and the requested batch size.  Are you using the "
                       "BeamSearchDecoder?  If so, make sure your encoder output has been tiled to beam_width via "
                       "tf.contrib.seq2seq.tile_batch, and the batch_size= argument passed to zero_state is "
                       "batch_size * beam_width.")
            with tf.control_dependencies(self._batch_size_checks(batch_size, message)):
                cell_state = map_structure(lambda s: tf.identity(s, name="checked_cell_state"), cell_state)
            initial_alignments = [m.initial_alignments(batch_size, dtype) for m in self._attention_mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state, time=tf.zeros([], dtype=tf.int32),
                attention=zero_state_tensors(self._attention_layer_size, batch_size, dtype),
                alignments=self._item_or_tuple(initial_alignments),
                attention_state=self._item_or_tuple(m.initial_state(batch_size, dtype)
                                                    for m in self._attention_mechanisms),
                alignment_history=self._item_or_tuple(
                    tf.TensorArray(dtype, size=0, dynamic_size=True, element_shape=a.shape)
                    if self._alignment_history else () for a in initial_alignments))

    def call(self, inputs, state):
        if not isinstance(state, AttentionWrapperState):
            raise TypeError(f"Expected state to be instance of AttentionWrapperState. Received type {type(state)} "
                            "instead.")
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        message = (f"When applying AttentionWrapper {self.name}: Non-matching batch sizes between the memory "
                   "(encoder output) and the query (decoder output).  Are you using the BeamSearchDecoder?  You may "
                   "need to tile your memory input via the tf.contrib.seq2seq.tile_batch function with argument "
                   "multiple=beam_width.")
        with tf.control_dependencies(self._batch_size_checks(_dim(cell_output, 0), message)):
            cell_output = tf.identity(cell_output, name="checked_cell_output")
        if self._is_multi:
            previous_attention_state = state.attention_state
            previous_alignment_history = state.alignment_history
        else:
            previous_attention_state = [state.attention_state]
            previous_alignment_history = [state.alignment_history]
        all_alignments, all_attentions, all_attention_states, maybe_all_histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            attention, alignments, next_attention_state = self._attention_fn(
                mechanism, cell_output, previous_attention_state[i],
                self._attention_layers[i] if self._attention_layers else None)
            alignment_history = previous_alignment_history[i].write(state.time, alignments) \
                if self._alignment_history else ()
            all_attention_states.append(next_attention_state)
            all_alignments.append(alignments)
            all_attentions.append(attention)
            maybe_all_histories.append(alignment_history)
        attention = tf.concat(all_attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1, cell_state=next_cell_state, attention=attention,
            attention_state=self._item_or_tuple(all_attention_states),
            alignments=self._item_or_tuple(all_alignments),
            alignment_history=self._item_or_tuple(maybe_all_histories))
        return (attention if self._output_attention else cell_output), next_state
