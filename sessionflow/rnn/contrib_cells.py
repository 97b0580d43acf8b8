"""The research cells of TF 1.x's `tf.contrib.rnn` (contrib/rnn/python/ops/rnn_cell.py):
`LayerNormBasicLSTMCell`, `CoupledInputForgetGateLSTMCell`, `TimeFreqLSTMCell`, `NASCell`, `UGRNNCell`,
`IntersectionRNNCell`, `AttentionCellWrapper` and `HighwayWrapper`, with TF 1.15's formulas and variable
names.

These cells make their weights with `tf.get_variable` inside `call` (under the cell's own variable scope,
`nas_cell/kernel`), as TF 1.15's do, and accept any input dtype (TF's float-only check belongs to the core
cells).
"""

from __future__ import annotations

import math

from .. import init_ops
from ..framework.graph import get_default_graph
from ..layers.base import op
from ..ops.structure import assert_same_structure, flatten, is_nested, map_structure
from ..variable_scope import get_variable, get_variable_scope, variable_scope
from .cells import LSTMStateTuple, RNNCell, assert_like_rnncell

_LAYER_NORM_EPSILON = 1e-12  # tf.contrib.layers.layer_norm's variance_epsilon


class ContribCell(RNNCell):
    """A contrib cell: no float-only input check (EmbeddingWrapper's inputs are ids)."""

    def _check_input(self, inputs):
        pass


def _tanh():
    return op("tanh")


class Linear:
    """TF's `rnn_cell_impl._Linear`: `kernel` (and `bias`, zeros by default) in the current variable scope,
    made when constructed; calling it gives `concat(args, 1) @ kernel + bias`."""

    def __init__(self, args, output_size, build_bias, bias_initializer=None, kernel_initializer=None):
        if args is None or (is_nested(args) and not args):
            raise ValueError("`args` must be specified")
        self._is_sequence = is_nested(args)
        args = flatten(args) if self._is_sequence else [args]
        total = 0
        for a in args:
            shape = a.shape
            if shape.ndims != 2:
                raise ValueError(f"linear is expecting 2D arguments: {[x.shape for x in args]}")
            if shape[1].value is None:
                raise ValueError(f"linear expects shape[1] to be provided for shape {shape}, but saw None")
            total += shape[1].value
        dtype = args[0].dtype.base_dtype
        self._weights = get_variable("kernel", [total, output_size], dtype=dtype, initializer=kernel_initializer)
        self._biases = None
        if build_bias:
            if bias_initializer is None:
                bias_initializer = init_ops.constant_initializer(0.0, dtype=dtype)
            self._biases = get_variable("bias", [output_size], dtype=dtype, initializer=bias_initializer)

    def __call__(self, args):
        if not self._is_sequence:
            args = [args]
        args = flatten(args)
        res = op("matmul")(args[0] if len(args) == 1 else op("concat")(args, 1), self._weights)
        return res if self._biases is None else op("nn.bias_add")(res, self._biases)


def _input_size(inputs):
    size = inputs.shape.with_rank(2)[1]
    if size.value is None:
        raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
    return size.value


def layer_norm(inp, scope, gain, shift, dtype=None):
    """`gamma`/`beta` under `scope` (made here, as TF's cells make them), then tf.contrib.layers.layer_norm
    over every dimension but the first (epsilon 1e-12)."""
    shape = inp.shape[-1:]
    with variable_scope(scope):
        gamma = get_variable("gamma", shape=shape, initializer=init_ops.constant_initializer(gain), dtype=dtype)
        beta = get_variable("beta", shape=shape, initializer=init_ops.constant_initializer(shift), dtype=dtype)
    with variable_scope(scope, reuse=True), get_default_graph().name_scope("LayerNorm"):
        axes = list(range(1, inp.shape.ndims))
        mean, variance = op("nn.moments")(inp, axes, keep_dims=True)
        return op("nn.batch_normalization")(inp, mean, variance, offset=beta, scale=gamma,
                                            variance_epsilon=_LAYER_NORM_EPSILON)


class LayerNormBasicLSTMCell(ContribCell):
    """A basic LSTM with layer normalization of each gate and of the new cell state (before their
    nonlinearities; no bias then) and recurrent dropout on the candidate (`dropout_keep_prob`)."""

    def __init__(self, num_units, forget_bias=1.0, input_size=None, activation=None, layer_norm=True,
                 norm_gain=1.0, norm_shift=0.0, dropout_keep_prob=1.0, dropout_prob_seed=None, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._activation = activation or _tanh()
        self._forget_bias = forget_bias
        self._keep_prob = dropout_keep_prob
        self._seed = dropout_prob_seed
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift

    state_size = property(lambda self: LSTMStateTuple(self._num_units, self._num_units))
    output_size = property(lambda self: self._num_units)

    def _norm(self, inp, scope, dtype):
        return layer_norm(inp, scope, self._norm_gain, self._norm_shift, dtype)

    def call(self, inputs, state):
        c, h = state
        args = op("concat")([inputs, h], 1)
        dtype = args.dtype.base_dtype
        out_size = 4 * self._num_units
        kernel = get_variable("kernel", [args.shape[-1].value, out_size], dtype=dtype)
        concat = op("matmul")(args, kernel)
        if not self._layer_norm:
            concat = op("nn.bias_add")(concat, get_variable("bias", [out_size], dtype=dtype))
        i, j, f, o = op("split")(value=concat, num_or_size_splits=4, axis=1)
        if self._layer_norm:
            i = self._norm(i, "input", dtype)
            j = self._norm(j, "transform", dtype)
            f = self._norm(f, "forget", dtype)
            o = self._norm(o, "output", dtype)
        g = self._activation(j)
        if not isinstance(self._keep_prob, float) or self._keep_prob < 1:
            g = op("nn.dropout")(g, keep_prob=self._keep_prob, seed=self._seed)
        sigmoid = op("sigmoid")
        new_c = c * sigmoid(f + self._forget_bias) + sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state", dtype)
        new_h = self._activation(new_c) * sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


def _concat_variable(name, shape, dtype, num_shards):
    """TF's sharded weight: `<name>_0` .. `<name>_<n-1>` split along rows, concatenated when n > 1."""
    if num_shards > shape[0]:
        raise ValueError(f"Too many shards: shape={shape}, num_shards={num_shards}")
    unit = shape[0] // num_shards
    remaining = shape[0] - unit * num_shards
    shards = [get_variable(f"{name}_{i}", [unit + (1 if i < remaining else 0)] + list(shape[1:]), dtype=dtype)
              for i in range(num_shards)]
    return shards[0] if len(shards) == 1 else op("concat")(shards, 0, name=f"{name}/concat")


class CoupledInputForgetGateLSTMCell(ContribCell):
    """An LSTM whose input gate is one minus its forget gate (`W_0`, `B`, peepholes `W_F_diag`/`W_O_diag`,
    projection `W_P_0`), with optional layer normalization."""

    def __init__(self, num_units, use_peepholes=False, initializer=None, num_proj=None, proj_clip=None,
                 num_unit_shards=1, num_proj_shards=1, forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, layer_norm=False, norm_gain=1.0, norm_shift=0.0):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._initializer = initializer  # TF 1.15 stores it and never uses it
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards = num_unit_shards
        self._num_proj_shards = num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation or _tanh()
        self._layer_norm = layer_norm
        self._norm_gain = norm_gain
        self._norm_shift = norm_shift
        out = num_proj if num_proj else num_units
        self._state_size = LSTMStateTuple(num_units, out) if state_is_tuple else num_units + out
        self._output_size = out

    state_size = property(lambda self: self._state_size)
    output_size = property(lambda self: self._output_size)

    def call(self, inputs, state):
        sigmoid = op("sigmoid")
        n = self._num_units
        num_proj = n if self._num_proj is None else self._num_proj
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = op("slice")(state, [0, 0], [-1, n])
            m_prev = op("slice")(state, [0, n], [-1, num_proj])
        dtype = inputs.dtype.base_dtype
        input_size = _input_size(inputs)
        concat_w = _concat_variable("W", [input_size + num_proj, 3 * n], dtype, self._num_unit_shards)
        b = get_variable("B", shape=[3 * n], initializer=init_ops.zeros_initializer(), dtype=dtype)
        lstm_matrix = op("matmul")(op("concat")([inputs, m_prev], 1), concat_w)
        if not self._layer_norm:
            lstm_matrix = op("nn.bias_add")(lstm_matrix, b)
        j, f, o = op("split")(value=lstm_matrix, num_or_size_splits=3, axis=1)
        if self._layer_norm:
            j = layer_norm(j, "transform", self._norm_gain, self._norm_shift)
            f = layer_norm(f, "forget", self._norm_gain, self._norm_shift)
            o = layer_norm(o, "output", self._norm_gain, self._norm_shift)
        if self._use_peepholes:
            w_f_diag = get_variable("W_F_diag", shape=[n], dtype=dtype)
            w_o_diag = get_variable("W_O_diag", shape=[n], dtype=dtype)
            f_act = sigmoid(f + self._forget_bias + w_f_diag * c_prev)
        else:
            f_act = sigmoid(f + self._forget_bias)
        c = f_act * c_prev + (1 - f_act) * self._activation(j)
        if self._layer_norm:
            c = layer_norm(c, "state", self._norm_gain, self._norm_shift)
        if self._use_peepholes:
            m = sigmoid(o + w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = op("matmul")(m, _concat_variable("W_P", [n, self._num_proj], dtype, self._num_proj_shards))
            if self._proj_clip is not None:
                m = op("clip_by_value")(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else op("concat")([c, m], 1)
        return m, new_state


class TimeFreqLSTMCell(ContribCell):
    """An LSTM run over frequency windows of the input (`feature_size` wide, `frequency_skip` apart), each
    window's output feeding the next window's; state and output concatenate the windows'."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_unit_shards=1,
                 forget_bias=1.0, feature_size=None, frequency_skip=None, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_unit_shards = num_unit_shards
        self._forget_bias = forget_bias
        self._feature_size = feature_size
        self._frequency_skip = frequency_skip

    state_size = property(lambda self: 2 * self._num_units)
    output_size = property(lambda self: self._num_units)

    def _features(self, inputs):
        input_size = inputs.shape.with_rank(2)[-1].value
        if input_size is None:
            raise ValueError("Cannot infer input_size from static shape inference.")
        count = int((input_size - self._feature_size) / self._frequency_skip) + 1
        return [op("slice")(inputs, [0, f * self._frequency_skip], [-1, self._feature_size]) for f in range(count)]

    def call(self, inputs, state):
        sigmoid, tanh = op("sigmoid"), op("tanh")
        n = self._num_units
        freq_inputs = self._features(inputs)
        dtype = inputs.dtype.base_dtype
        width = freq_inputs[0].shape.as_list()[1]
        concat_w = _concat_variable("W", [width + 2 * n, 4 * n], dtype, self._num_unit_shards)
        b = get_variable("B", shape=[4 * n], initializer=init_ops.zeros_initializer(), dtype=dtype)
        if self._use_peepholes:
            w_f_diag = get_variable("W_F_diag", shape=[n], dtype=dtype)
            w_i_diag = get_variable("W_I_diag", shape=[n], dtype=dtype)
            w_o_diag = get_variable("W_O_diag", shape=[n], dtype=dtype)
        m_prev_freq = op("zeros")([int(inputs.shape[0]), n], dtype)
        states, outputs = [], []
        for fq, window in enumerate(freq_inputs):
            c_prev = op("slice")(state, [0, 2 * fq * n], [-1, n])
            m_prev = op("slice")(state, [0, (2 * fq + 1) * n], [-1, n])
            lstm_matrix = op("nn.bias_add")(op("matmul")(op("concat")([window, m_prev, m_prev_freq], 1), concat_w), b)
            i, j, f, o = op("split")(value=lstm_matrix, num_or_size_splits=4, axis=1)
            if self._use_peepholes:
                c = sigmoid(f + self._forget_bias + w_f_diag * c_prev) * c_prev + sigmoid(i + w_i_diag * c_prev) * tanh(j)
            else:
                c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * tanh(j)
            if self._cell_clip is not None:
                c = op("clip_by_value")(c, -self._cell_clip, self._cell_clip)
            m = sigmoid(o + w_o_diag * c) * tanh(c) if self._use_peepholes else sigmoid(o) * tanh(c)
            m_prev_freq = m
            states += [c, m]
            outputs.append(m)
        state_out = op("concat")(states, 1)
        m_out = outputs[0] if len(outputs) == 1 else op("concat")(outputs, 1)
        return m_out, state_out


class NASCell(ContribCell):
    """The recurrent cell found by Neural Architecture Search (Zoph & Le 2017): eight input and eight
    recurrent branches combined in a fixed tree; optional projection (`projection_weights`)."""

    _NAS_BASE = 8

    def __init__(self, num_units, num_proj=None, use_biases=False, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._num_proj = num_proj
        self._use_biases = use_biases
        out = num_proj if num_proj is not None else num_units
        self._state_size = LSTMStateTuple(num_units, out)
        self._output_size = out

    state_size = property(lambda self: self._state_size)
    output_size = property(lambda self: self._output_size)

    def call(self, inputs, state):
        sigmoid, tanh, relu = op("sigmoid"), op("tanh"), op("nn.relu")
        n, base = self._num_units, self._NAS_BASE
        num_proj = n if self._num_proj is None else self._num_proj
        c_prev, m_prev = state
        dtype = inputs.dtype.base_dtype
        input_size = _input_size(inputs)
        w_m = get_variable("recurrent_kernel", [num_proj, base * n], dtype)
        w_inputs = get_variable("kernel", [input_size, base * n], dtype)
        m_matrix = op("matmul")(m_prev, w_m)
        inputs_matrix = op("matmul")(inputs, w_inputs)
        if self._use_biases:
            b = get_variable("bias", shape=[base * n], initializer=init_ops.zeros_initializer(), dtype=dtype)
            m_matrix = op("nn.bias_add")(m_matrix, b)
        m = op("split")(axis=1, num_or_size_splits=base, value=m_matrix)
        x = op("split")(axis=1, num_or_size_splits=base, value=inputs_matrix)
        l1 = [sigmoid(x[0] + m[0]), relu(x[1] + m[1]), sigmoid(x[2] + m[2]), relu(x[3] * m[3]),
              tanh(x[4] + m[4]), sigmoid(x[5] + m[5]), tanh(x[6] + m[6]), sigmoid(x[7] + m[7])]
        l2_0 = tanh(l1[0] * l1[1])
        l2_1 = tanh(l1[2] + l1[3])
        l2_2 = tanh(l1[4] * l1[5])
        l2_3 = sigmoid(l1[6] + l1[7])
        l2_0 = tanh(l2_0 + c_prev)
        new_c = l2_0 * l2_1
        l3_1 = tanh(l2_2 + l2_3)
        new_m = tanh(new_c * l3_1)
        if self._num_proj is not None:
            new_m = op("matmul")(new_m, get_variable("projection_weights", [n, self._num_proj], dtype))
        return new_m, LSTMStateTuple(new_c, new_m)


class UGRNNCell(ContribCell):
    """Update-gate RNN (Collins et al. 2017): one gate mixes the old state with a new candidate."""

    def __init__(self, num_units, initializer=None, forget_bias=1.0, activation=None, reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._activation = activation or _tanh()
        self._linear = None

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def call(self, inputs, state):
        _input_size(inputs)
        with variable_scope(get_variable_scope(), initializer=self._initializer):
            cell_inputs = op("concat")([inputs, state], 1)
            if self._linear is None:
                self._linear = Linear(cell_inputs, 2 * self._num_units, True)
            g_act, c_act = op("split")(axis=1, num_or_size_splits=2, value=self._linear(cell_inputs))
            c = self._activation(c_act)
            g = op("sigmoid")(g_act + self._forget_bias)
            new_state = g * state + (1.0 - g) * c
        return new_state, new_state


class IntersectionRNNCell(ContribCell):
    """Intersection RNN (+RNN, Collins et al. 2017): gated paths through time (the state) and through
    depth (the output); inputs of another size are first projected (`num_in_proj`, scope `in_projection`)."""

    def __init__(self, num_units, num_in_proj=None, initializer=None, forget_bias=1.0, y_activation=None,
                 reuse=None):
        super().__init__(_reuse=reuse)
        self._num_units = num_units
        self._initializer = initializer
        self._forget_bias = forget_bias
        self._num_input_proj = num_in_proj
        self._y_activation = y_activation or op("nn.relu")
        self._linear1 = None
        self._linear2 = None

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def call(self, inputs, state):
        sigmoid, tanh = op("sigmoid"), op("tanh")
        input_size = _input_size(inputs)
        with variable_scope(get_variable_scope(), initializer=self._initializer):
            if input_size != self._num_units:
                if not self._num_input_proj:
                    raise ValueError("Must have input size == output size for Intersection RNN. To fix, "
                                     "num_in_proj should be set to num_units at cell init.")
                with variable_scope("in_projection"):
                    if self._linear1 is None:
                        self._linear1 = Linear(inputs, self._num_units, True)
                    inputs = self._linear1(inputs)
            n = self._num_units
            cell_inputs = op("concat")([inputs, state], 1)
            if self._linear2 is None:
                self._linear2 = Linear(cell_inputs, 4 * n, True)
            rnn_matrix = self._linear2(cell_inputs)
            gh_act, h_act, gy_act, y_act = (rnn_matrix[:, k * n:(k + 1) * n] for k in range(4))
            h = tanh(h_act)
            y = self._y_activation(y_act)
            gh = sigmoid(gh_act + self._forget_bias)
            gy = sigmoid(gy_act + self._forget_bias)
            new_state = gh * state + (1.0 - gh) * h
            new_y = gy * inputs + (1.0 - gy) * y
        return new_y, new_state


class AttentionCellWrapper(ContribCell):
    """Attention over the cell's last `attn_length` outputs (Bahdanau et al.): the state is (cell state,
    attention vector, attention window); scopes `attention` and `attn_output_projection`."""

    def __init__(self, cell, attn_length, attn_size=None, attn_vec_size=None, input_size=None, state_is_tuple=True,
                 reuse=None):
        super().__init__(_reuse=reuse)
        assert_like_rnncell("cell", cell)
        if is_nested(cell.state_size) and not state_is_tuple:
            raise ValueError(f"Cell returns tuple of states, but the flag state_is_tuple is not set. State size "
                             f"is: {cell.state_size}")
        if attn_length <= 0:
            raise ValueError(f"attn_length should be greater than zero, got {attn_length}")
        if attn_size is None:
            attn_size = cell.output_size
        if attn_vec_size is None:
            attn_vec_size = attn_size
        self._state_is_tuple = state_is_tuple
        self._cell = cell
        self._attn_vec_size = attn_vec_size
        self._input_size = input_size
        self._attn_size = attn_size
        self._attn_length = attn_length
        self._linear1 = self._linear2 = self._linear3 = None

    @property
    def state_size(self):
        size = (self._cell.state_size, self._attn_size, self._attn_size * self._attn_length)
        return size if self._state_is_tuple else sum(size)

    output_size = property(lambda self: self._attn_size)

    def call(self, inputs, state):
        if self._state_is_tuple:
            state, attns, attn_states = state
        else:
            states = state
            cell_size = self._cell.state_size
            state = op("slice")(states, [0, 0], [-1, cell_size])
            attns = op("slice")(states, [0, cell_size], [-1, self._attn_size])
            attn_states = op("slice")(states, [0, cell_size + self._attn_size],
                                      [-1, self._attn_size * self._attn_length])
        attn_states = op("reshape")(attn_states, [-1, self._attn_length, self._attn_size])
        input_size = self._input_size if self._input_size is not None else inputs.shape.as_list()[1]
        if self._linear1 is None:
            self._linear1 = Linear([inputs, attns], input_size, True)
        inputs = self._linear1([inputs, attns])
        cell_output, new_state = self._cell(inputs, state)
        new_state_cat = op("concat")(flatten(new_state), 1) if self._state_is_tuple else new_state
        new_attns, new_attn_states = self._attention(new_state_cat, attn_states)
        with variable_scope("attn_output_projection"):
            if self._linear2 is None:
                self._linear2 = Linear([cell_output, new_attns], self._attn_size, True)
            output = self._linear2([cell_output, new_attns])
        new_attn_states = op("concat")([new_attn_states, op("expand_dims")(output, 1)], 1)
        new_attn_states = op("reshape")(new_attn_states, [-1, self._attn_length * self._attn_size])
        new_state = (new_state, new_attns, new_attn_states)
        if not self._state_is_tuple:
            new_state = op("concat")(list(new_state), 1)
        return output, new_state

    def _attention(self, query, attn_states):
        with variable_scope("attention"):
            k = get_variable("attn_w", [1, 1, self._attn_size, self._attn_vec_size])
            v = get_variable("attn_v", [self._attn_vec_size])
            hidden = op("reshape")(attn_states, [-1, self._attn_length, 1, self._attn_size])
            hidden_features = op("nn.conv2d")(hidden, k, [1, 1, 1, 1], "SAME")
            if self._linear3 is None:
                self._linear3 = Linear(query, self._attn_vec_size, True)
            y = op("reshape")(self._linear3(query), [-1, 1, 1, self._attn_vec_size])
            s = op("reduce_sum")(v * op("tanh")(hidden_features + y), [2, 3])
            a = op("nn.softmax")(s)
            d = op("reduce_sum")(op("reshape")(a, [-1, self._attn_length, 1, 1]) * hidden, [1, 2])
            new_attns = op("reshape")(d, [-1, self._attn_size])
            new_attn_states = op("slice")(attn_states, [0, 1, 0], [-1, -1, -1])
            return new_attns, new_attn_states


class HighwayWrapper(ContribCell):
    """output = inputs * carry + cell output * transform, with `carry = sigmoid(inputs W_c + b_c)` and
    `transform = 1 - carry` (or its own gate). Its weights (`carry_w`, `carry_b`, ...) live in the scope
    the wrapper is called in, as TF's: the wrapper opens no scope."""

    def __init__(self, cell, couple_carry_transform_gates=True, carry_bias_init=1.0):
        super().__init__()
        self._cell = cell
        self._couple_carry_transform_gates = couple_carry_transform_gates
        self._carry_bias_init = carry_bias_init

    state_size = property(lambda self: self._cell.state_size)
    output_size = property(lambda self: self._cell.output_size)

    def zero_state(self, batch_size, dtype):
        with get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)

    def _highway(self, inp, out):
        size = inp.shape.with_rank(2)[1].value
        carry_w = get_variable("carry_w", [size, size])
        carry_b = get_variable("carry_b", [size], initializer=init_ops.constant_initializer(self._carry_bias_init))
        carry = op("sigmoid")(op("nn.xw_plus_b")(inp, carry_w, carry_b))
        if self._couple_carry_transform_gates:
            transform = 1 - carry
        else:
            transform_w = get_variable("transform_w", [size, size])
            transform_b = get_variable("transform_b", [size],
                                       initializer=init_ops.constant_initializer(-self._carry_bias_init))
            transform = op("sigmoid")(op("nn.xw_plus_b")(inp, transform_w, transform_b))
        return inp * carry + out * transform

    def __call__(self, inputs, state, scope=None):
        outputs, new_state = self._cell(inputs, state, scope=scope)
        assert_same_structure(inputs, outputs)
        map_structure(lambda i, o: i.shape.assert_is_compatible_with(o.shape), inputs, outputs)
        return map_structure(self._highway, inputs, outputs), new_state


def sqrt3_uniform():
    """Uniform(-sqrt 3, sqrt 3), variance 1: EmbeddingWrapper's default."""
    s = math.sqrt(3)
    return init_ops.random_uniform_initializer(-s, s)
