"""`tf.contrib.legacy_seq2seq` (TF 1.15's legacy_seq2seq/python/ops/seq2seq.py): statically unrolled
sequence-to-sequence models over lists of per-step tensors, with TF 1.15's variable names
(`embedding_attention_seq2seq/rnn/embedding_wrapper/embedding`, `.../embedding_attention_decoder/
attention_decoder/AttnW_0`, `.../Attention_0/kernel`, `.../AttnOutputProjection/kernel`,
`.../output_projection_wrapper/kernel`, ...).
"""

from __future__ import annotations

import copy

import sessionflow as tf

from ...ops.structure import flatten, is_nested, pack_sequence_as

__all__ = ["attention_decoder", "basic_rnn_seq2seq", "embedding_attention_decoder", "embedding_attention_seq2seq",
           "embedding_rnn_decoder", "embedding_rnn_seq2seq", "embedding_tied_rnn_seq2seq", "model_with_buckets",
           "one2many_rnn_seq2seq", "rnn_decoder", "sequence_loss", "sequence_loss_by_example", "tied_rnn_seq2seq"]


def _core():
    """TF 1.15's core_rnn_cell pieces legacy_seq2seq builds on (sessionflow's tf.contrib.rnn)."""
    from .. import contrib_cells, projection_wrappers

    return contrib_cells.Linear, projection_wrappers.EmbeddingWrapper, projection_wrappers.OutputProjectionWrapper


def _extract_argmax_and_embed(embedding, output_projection=None, update_embedding=True):
    """The loop function of greedy decoding: embed the argmax of the (projected) previous output."""

    def loop_function(prev, _):
        if output_projection is not None:
            prev = tf.nn.xw_plus_b(prev, output_projection[0], output_projection[1])
        emb_prev = tf.nn.embedding_lookup(embedding, tf.argmax(prev, 1))
        return emb_prev if update_embedding else tf.stop_gradient(emb_prev)

    return loop_function


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None, scope=None):
    """Runs `cell` over `decoder_inputs` from `initial_state`; with `loop_function`, each input after
    the first is `loop_function(previous output, i)`. Returns (outputs, final state)."""
    with tf.variable_scope(scope or "rnn_decoder"):
        state = initial_state
        outputs = []
        prev = None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with tf.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                tf.get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, dtype=tf.float32, scope=None):
    """A static_rnn encoder (a copy of `cell`) whose final state starts an rnn_decoder."""
    with tf.variable_scope(scope or "basic_rnn_seq2seq"):
        enc_cell = copy.deepcopy(cell)
        _, enc_state = tf.nn.static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        return rnn_decoder(decoder_inputs, enc_state, cell)


def tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, loop_function=None, dtype=tf.float32, scope=None):
    """basic_rnn_seq2seq with the encoder and decoder sharing `cell`'s weights."""
    with tf.variable_scope("combined_tied_rnn_seq2seq"):
        scope = scope or "tied_rnn_seq2seq"
        _, enc_state = tf.nn.static_rnn(cell, encoder_inputs, dtype=dtype, scope=scope)
        tf.get_variable_scope().reuse_variables()
        return rnn_decoder(decoder_inputs, enc_state, cell, loop_function=loop_function, scope=scope)


def _check_projection(output_projection, num_symbols, dtype):
    weights = tf.convert_to_tensor(output_projection[0], dtype=dtype)
    weights.shape.assert_is_compatible_with([None, num_symbols])
    biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
    biases.shape.assert_is_compatible_with([num_symbols])


def embedding_rnn_decoder(decoder_inputs, initial_state, cell, num_symbols, embedding_size, output_projection=None,
                          feed_previous=False, update_embedding_for_previous=True, scope=None):
    """rnn_decoder over the embeddings of the id lists `decoder_inputs` (variable `embedding`);
    `feed_previous` decodes greedily from the first input."""
    with tf.variable_scope(scope or "embedding_rnn_decoder") as varscope:
        if output_projection is not None:
            _check_projection(output_projection, num_symbols, varscope.dtype)
        embedding = tf.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = _extract_argmax_and_embed(embedding, output_projection, update_embedding_for_previous) \
            if feed_previous else None
        emb_inp = [tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs]
        return rnn_decoder(emb_inp, initial_state, cell, loop_function=loop_function)


def _outputs_and_state(outputs_and_state, n, structure):
    state_list = outputs_and_state[n:]
    state = state_list[0]
    if is_nested(structure):
        state = pack_sequence_as(structure, state_list)
    return outputs_and_state[:n], state


def _state_list(state):
    return flatten(state) if is_nested(state) else [state]


def embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                          embedding_size, output_projection=None, feed_previous=False, dtype=None, scope=None):
    """An EmbeddingWrapper encoder and an embedding_rnn_decoder (through an OutputProjectionWrapper to
    `num_decoder_symbols` unless `output_projection`); a Tensor `feed_previous` builds both decoders
    under a tf.cond."""
    _, embedding_wrapper, output_projection_wrapper = _core()
    with tf.variable_scope(scope or "embedding_rnn_seq2seq") as varscope:
        if dtype is not None:
            varscope.set_dtype(dtype)
        else:
            dtype = varscope.dtype
        encoder_cell = embedding_wrapper(copy.deepcopy(cell), embedding_classes=num_encoder_symbols,
                                         embedding_size=embedding_size)
        _, encoder_state = tf.nn.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        if output_projection is None:
            cell = output_projection_wrapper(cell, num_decoder_symbols)
        if isinstance(feed_previous, bool):
            return embedding_rnn_decoder(decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                                         output_projection=output_projection, feed_previous=feed_previous)

        def decoder(feed_previous_bool):
            with tf.variable_scope(tf.get_variable_scope(), reuse=None if feed_previous_bool else True):
                outputs, state = embedding_rnn_decoder(
                    decoder_inputs, encoder_state, cell, num_decoder_symbols, embedding_size,
                    output_projection=output_projection, feed_previous=feed_previous_bool,
                    update_embedding_for_previous=False)
                return outputs + _state_list(state)

        both = tf.cond(feed_previous, lambda: decoder(True), lambda: decoder(False))
        return _outputs_and_state(both, len(decoder_inputs), encoder_state)


def embedding_tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, num_symbols, embedding_size,
                               num_decoder_symbols=None, output_projection=None, feed_previous=False, dtype=None,
                               scope=None):
    """tied_rnn_seq2seq over one shared `embedding` of encoder and decoder ids."""
    _, _, output_projection_wrapper = _core()
    with tf.variable_scope(scope or "embedding_tied_rnn_seq2seq", dtype=dtype) as varscope:
        dtype = varscope.dtype
        if output_projection is not None:
            _check_projection(output_projection, num_symbols, dtype)
        embedding = tf.get_variable("embedding", [num_symbols, embedding_size], dtype=dtype)
        emb_encoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in encoder_inputs]
        emb_decoder_inputs = [tf.nn.embedding_lookup(embedding, x) for x in decoder_inputs]
        output_symbols = num_decoder_symbols if num_decoder_symbols is not None else num_symbols
        if output_projection is None:
            cell = output_projection_wrapper(cell, output_symbols)
        if isinstance(feed_previous, bool):
            loop_function = _extract_argmax_and_embed(embedding, output_projection, True) if feed_previous else None
            return tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell, loop_function=loop_function,
                                    dtype=dtype)

        def decoder(feed_previous_bool):
            loop_function = _extract_argmax_and_embed(embedding, output_projection, False) \
                if feed_previous_bool else None
            with tf.variable_scope(tf.get_variable_scope(), reuse=None if feed_previous_bool else True):
                outputs, state = tied_rnn_seq2seq(emb_encoder_inputs, emb_decoder_inputs, cell,
                                                  loop_function=loop_function, dtype=dtype)
                return outputs + _state_list(state)

        both = tf.cond(feed_previous, lambda: decoder(True), lambda: decoder(False))
        batch_size = encoder_inputs[0].shape[0]
        for inp in encoder_inputs[1:]:
            batch_size.merge_with(inp.shape[0])
        batch_size = batch_size.value if batch_size.value is not None else tf.shape(encoder_inputs[0])[0]
        return _outputs_and_state(both, len(decoder_inputs), cell.zero_state(batch_size, dtype))


def attention_decoder(decoder_inputs, initial_state, attention_states, cell, output_size=None, num_heads=1,
                      loop_function=None, dtype=None, scope=None, initial_state_attention=False):
    """rnn_decoder whose cell reads Linear(input, previous attention reads) and whose outputs are
    Linear(cell output, attention reads); each of `num_heads` heads reads `attention_states` with
    softmax(v . tanh(W h + U state)) (Vinyals et al. 2015)."""
    linear, _, _ = _core()
    if not decoder_inputs:
        raise ValueError("Must provide at least 1 input to attention decoder.")
    if num_heads < 1:
        raise ValueError("With less than 1 heads, use a non-attention decoder.")
    if attention_states.shape[2].value is None:
        raise ValueError(f"Shape[2] of attention_states must be known: {attention_states.shape}")
    if output_size is None:
        output_size = cell.output_size
    with tf.variable_scope(scope or "attention_decoder", dtype=dtype) as varscope:
        dtype = varscope.dtype
        batch_size = tf.shape(decoder_inputs[0])[0]
        attn_length = attention_states.shape[1].value
        if attn_length is None:
            attn_length = tf.shape(attention_states)[1]
        attn_size = attention_states.shape[2].value
        hidden = tf.reshape(attention_states, [-1, attn_length, 1, attn_size])
        hidden_features, v = [], []
        attention_vec_size = attn_size
        for a in range(num_heads):
            k = tf.get_variable(f"AttnW_{a}", [1, 1, attn_size, attention_vec_size], dtype=dtype)
            hidden_features.append(tf.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME"))
            v.append(tf.get_variable(f"AttnV_{a}", [attention_vec_size], dtype=dtype))
        state = initial_state

        def attention(query):
            ds = []
            if is_nested(query):
                query = tf.concat(flatten(query), 1)
            for a in range(num_heads):
                with tf.variable_scope(f"Attention_{a}"):
                    y = linear(query, attention_vec_size, True)(query)
                    y = tf.cast(tf.reshape(y, [-1, 1, 1, attention_vec_size]), dtype)
                    s = tf.reduce_sum(v[a] * tf.tanh(hidden_features[a] + y), [2, 3])
                    weights = tf.cast(tf.nn.softmax(tf.cast(s, dtype=tf.float32)), dtype)
                    d = tf.reduce_sum(tf.reshape(weights, [-1, attn_length, 1, 1]) * hidden, [1, 2])
                    ds.append(tf.reshape(d, [-1, attn_size]))
            return ds

        outputs = []
        prev = None
        batch_attn_size = tf.stack([batch_size, attn_size])
        attns = [tf.zeros(batch_attn_size, dtype=dtype) for _ in range(num_heads)]
        for a in attns:
            a.set_shape([None, attn_size])
        if initial_state_attention:
            attns = attention(initial_state)
        for i, inp in enumerate(decoder_inputs):
            if i > 0:
                tf.get_variable_scope().reuse_variables()
            if loop_function is not None and prev is not None:
                with tf.variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            input_size = inp.shape.with_rank(2)[1]
            if input_size.value is None:
                raise ValueError(f"Could not infer input size from input: {inp.name}")
            inputs = [tf.cast(e, dtype) for e in [inp] + attns]
            x = linear(inputs, input_size.value, True)(inputs)
            cell_output, state = cell(x, state)
            if i == 0 and initial_state_attention:
                with tf.variable_scope(tf.get_variable_scope(), reuse=True):
                    attns = attention(state)
            else:
                attns = attention(state)
            with tf.variable_scope("AttnOutputProjection"):
                inputs = [tf.cast(cell_output, dtype)] + attns
                output = linear(inputs, output_size, True)(inputs)
            if loop_function is not None:
                prev = output
            outputs.append(output)
    return outputs, state


def embedding_attention_decoder(decoder_inputs, initial_state, attention_states, cell, num_symbols, embedding_size,
                                num_heads=1, output_size=None, output_projection=None, feed_previous=False,
                                update_embedding_for_previous=True, dtype=None, scope=None,
                                initial_state_attention=False):
    """attention_decoder over the embeddings of the id lists `decoder_inputs`."""
    if output_size is None:
        output_size = cell.output_size
    if output_projection is not None:
        biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
        biases.shape.assert_is_compatible_with([num_symbols])
    with tf.variable_scope(scope or "embedding_attention_decoder", dtype=dtype):
        embedding = tf.get_variable("embedding", [num_symbols, embedding_size])
        loop_function = _extract_argmax_and_embed(embedding, output_projection, update_embedding_for_previous) \
            if feed_previous else None
        emb_inp = [tf.nn.embedding_lookup(embedding, i) for i in decoder_inputs]
        return attention_decoder(emb_inp, initial_state, attention_states, cell, output_size=output_size,
                                 num_heads=num_heads, loop_function=loop_function,
                                 initial_state_attention=initial_state_attention)


def embedding_attention_seq2seq(encoder_inputs, decoder_inputs, cell, num_encoder_symbols, num_decoder_symbols,
                                embedding_size, num_heads=1, output_projection=None, feed_previous=False, dtype=None,
                                scope=None, initial_state_attention=False):
    """An EmbeddingWrapper encoder whose outputs the embedding_attention_decoder attends over."""
    _, embedding_wrapper, output_projection_wrapper = _core()
    with tf.variable_scope(scope or "embedding_attention_seq2seq", dtype=dtype) as varscope:
        dtype = varscope.dtype
        encoder_cell = embedding_wrapper(copy.deepcopy(cell), embedding_classes=num_encoder_symbols,
                                         embedding_size=embedding_size)
        encoder_outputs, encoder_state = tf.nn.static_rnn(encoder_cell, encoder_inputs, dtype=dtype)
        top_states = [tf.reshape(e, [-1, 1, cell.output_size]) for e in encoder_outputs]
        attention_states = tf.concat(top_states, 1)
        output_size = None
        if output_projection is None:
            cell = output_projection_wrapper(cell, num_decoder_symbols)
            output_size = num_decoder_symbols
        if isinstance(feed_previous, bool):
            return embedding_attention_decoder(
                decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols, embedding_size,
                num_heads=num_heads, output_size=output_size, output_projection=output_projection,
                feed_previous=feed_previous, initial_state_attention=initial_state_attention)

        def decoder(feed_previous_bool):
            with tf.variable_scope(tf.get_variable_scope(), reuse=None if feed_previous_bool else True):
                outputs, state = embedding_attention_decoder(
                    decoder_inputs, encoder_state, attention_states, cell, num_decoder_symbols, embedding_size,
                    num_heads=num_heads, output_size=output_size, output_projection=output_projection,
                    feed_previous=feed_previous_bool, update_embedding_for_previous=False,
                    initial_state_attention=initial_state_attention)
                return outputs + _state_list(state)

        both = tf.cond(feed_previous, lambda: decoder(True), lambda: decoder(False))
        return _outputs_and_state(both, len(decoder_inputs), encoder_state)


def one2many_rnn_seq2seq(encoder_inputs, decoder_inputs_dict, enc_cell, dec_cells_dict, num_encoder_symbols,
                         num_decoder_symbols_dict, embedding_size, feed_previous=False, dtype=None, scope=None):
    """One EmbeddingWrapper encoder, one embedding_rnn_decoder per name (scope `one2many_decoder_<name>`).
    Returns ({name: outputs}, {name: final state})."""
    from ..cells import RNNCell

    _, embedding_wrapper, output_projection_wrapper = _core()
    outputs_dict, state_dict = {}, {}
    if not isinstance(enc_cell, RNNCell):
        raise TypeError(f"enc_cell is not an RNNCell: {type(enc_cell)}")
    if set(dec_cells_dict) != set(decoder_inputs_dict):
        raise ValueError("keys of dec_cells_dict != keys of decodre_inputs_dict")
    for dec_cell in dec_cells_dict.values():
        if not isinstance(dec_cell, RNNCell):
            raise TypeError(f"dec_cell is not an RNNCell: {type(dec_cell)}")
    with tf.variable_scope(scope or "one2many_rnn_seq2seq", dtype=dtype) as varscope:
        dtype = varscope.dtype
        enc_cell = embedding_wrapper(enc_cell, embedding_classes=num_encoder_symbols, embedding_size=embedding_size)
        _, encoder_state = tf.nn.static_rnn(enc_cell, encoder_inputs, dtype=dtype)
        for name, decoder_inputs in decoder_inputs_dict.items():
            num_decoder_symbols = num_decoder_symbols_dict[name]
            with tf.variable_scope("one2many_decoder_" + str(name)):
                dec_cell = output_projection_wrapper(dec_cells_dict[name], num_decoder_symbols)
                if isinstance(feed_previous, bool):
                    outputs, state = embedding_rnn_decoder(decoder_inputs, encoder_state, dec_cell,
                                                           num_decoder_symbols, embedding_size,
                                                           feed_previous=feed_previous)
                else:
                    def filled(feed_previous_bool, decoder_inputs=decoder_inputs, dec_cell=dec_cell,
                               num_decoder_symbols=num_decoder_symbols):
                        with tf.variable_scope(tf.get_variable_scope(), reuse=None if feed_previous_bool else True):
                            outputs, state = embedding_rnn_decoder(decoder_inputs, encoder_state, dec_cell,
                                                                   num_decoder_symbols, embedding_size,
                                                                   feed_previous=feed_previous_bool)
                        return outputs + _state_list(state)

                    both = tf.cond(feed_previous, lambda f=filled: f(True), lambda f=filled: f(False))
                    outputs, state = _outputs_and_state(both, len(decoder_inputs), encoder_state)
            outputs_dict[name] = outputs
            state_dict[name] = state
    return outputs_dict, state_dict


def sequence_loss_by_example(logits, targets, weights, average_across_timesteps=True, softmax_loss_function=None,
                             name=None):
    """Per-example weighted cross-entropy summed over the steps (lists of [batch] tensors), divided by
    the summed weights (+1e-12) with `average_across_timesteps`."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError("Lengths of logits, weights, and targets must be the same "
                         f"{len(logits)}, {len(weights)}, {len(targets)}.")
    with tf.name_scope(name, "sequence_loss_by_example", logits + targets + weights):
        log_perp_list = []
        for logit, target, weight in zip(logits, targets, weights):
            if softmax_loss_function is None:
                crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(target, [-1]),
                                                                          logits=logit)
            else:
                crossent = softmax_loss_function(labels=target, logits=logit)
            log_perp_list.append(crossent * weight)
        log_perps = tf.add_n(log_perp_list)
        if average_across_timesteps:
            total_size = tf.add_n(weights)
            total_size += 1e-12
            log_perps /= total_size
    return log_perps


def sequence_loss(logits, targets, weights, average_across_timesteps=True, average_across_batch=True,
                  softmax_loss_function=None, name=None):
    """sequence_loss_by_example summed over the batch (divided by the batch size with
    `average_across_batch`)."""
    with tf.name_scope(name, "sequence_loss", logits + targets + weights):
        cost = tf.reduce_sum(sequence_loss_by_example(logits, targets, weights,
                                                      average_across_timesteps=average_across_timesteps,
                                                      softmax_loss_function=softmax_loss_function))
        if average_across_batch:
            return cost / tf.cast(tf.shape(targets[0])[0], cost.dtype)
        return cost


def model_with_buckets(encoder_inputs, decoder_inputs, targets, weights, buckets, seq2seq,
                       softmax_loss_function=None, per_example_loss=False, name=None):
    """`seq2seq` built once per (input length, output length) bucket, sharing variables; returns
    (outputs per bucket, loss per bucket)."""
    if len(encoder_inputs) < buckets[-1][0]:
        raise ValueError(f"Length of encoder_inputs ({len(encoder_inputs)}) must be at least that of last bucket "
                         f"({buckets[-1][0]}).")
    if len(targets) < buckets[-1][1]:
        raise ValueError(f"Length of targets ({len(targets)}) must be at least that of last bucket "
                         f"({buckets[-1][1]}).")
    if len(weights) < buckets[-1][1]:
        raise ValueError(f"Length of weights ({len(weights)}) must be at least that of last bucket "
                         f"({buckets[-1][1]}).")
    all_inputs = encoder_inputs + decoder_inputs + targets + weights
    losses, outputs = [], []
    with tf.name_scope(name, "model_with_buckets", all_inputs):
        for j, bucket in enumerate(buckets):
            with tf.variable_scope(tf.get_variable_scope(), reuse=True if j > 0 else None):
                bucket_outputs, _ = seq2seq(encoder_inputs[:bucket[0]], decoder_inputs[:bucket[1]])
                outputs.append(bucket_outputs)
                loss = sequence_loss_by_example if per_example_loss else sequence_loss
                losses.append(loss(outputs[-1], targets[:bucket[1]], weights[:bucket[1]],
                                   softmax_loss_function=softmax_loss_function))
    return outputs, losses
