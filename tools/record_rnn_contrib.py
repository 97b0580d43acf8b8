"""Records tests/rnn/contrib_programs.py under real TensorFlow 2.21 into tests/rnn/goldens/<program>.npz/.json.

TF 2.21 has no tf.contrib, so the programs build with `Reference` below: TF 1.15's contrib.rnn cells restated
from TF 1.15's source (formulas, variable names and scopes, error messages), computed with TF 2.21's own ops
and, where TF 1.15 used a fused kernel, that kernel (`tf.raw_ops.GRUBlockCell`, `LSTMBlockCell`, `BlockLSTM`,
with TF 1.15's gradient functions for the two cell kernels restated here over `GRUBlockCellGrad` and
`LSTMBlockCellGrad`), and tf_slim's `layer_norm` (contrib.layers' own code) for the layer-normalized cells.

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/record_rnn_contrib.py
"""

from __future__ import annotations

import math
import os
import sys
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "rnn"))
sys.path.insert(0, os.path.join(ROOT, "tools"))
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import contrib_programs
import tensorflow
import tf_slim
from record_rnn_goldens import save

tf = tensorflow.compat.v1
tf.disable_v2_behavior()
raw = tensorflow.raw_ops
nest = tensorflow.nest
RNNCell = tf.nn.rnn_cell.RNNCell
LSTMStateTuple = tf.nn.rnn_cell.LSTMStateTuple


@tf.RegisterGradient("GRUBlockCell")
def _gru_block_cell_grad(op, *grads):
    x, h_prev, w_ru, w_c, b_ru, b_c = op.inputs
    r, u, c, _ = op.outputs
    d_h = grads[3]
    d_x, d_h_prev, d_c_bar, d_r_bar_u_bar = raw.GRUBlockCellGrad(x=x, h_prev=h_prev, w_ru=w_ru, w_c=w_c, b_ru=b_ru,
                                                                 b_c=b_c, r=r, u=u, c=c, d_h=d_h)
    d_w_ru = tf.matmul(tf.concat([x, h_prev], 1), d_r_bar_u_bar, transpose_a=True)
    d_w_c = tf.matmul(tf.concat([x, h_prev * r], 1), d_c_bar, transpose_a=True)
    return (d_x, d_h_prev, d_w_ru, d_w_c, raw.BiasAddGrad(out_backprop=d_r_bar_u_bar),
            raw.BiasAddGrad(out_backprop=d_c_bar))


@tf.RegisterGradient("LSTMBlockCell")
def _lstm_block_cell_grad(op, *grads):
    x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
    i, cs, f, o, ci, co, _ = op.outputs
    cs_grad = grads[1] if grads[1] is not None else tf.zeros_like(cs)
    h_grad = grads[6] if grads[6] is not None else tf.zeros_like(cs)
    cs_prev_grad, dgates, wci_grad, wcf_grad, wco_grad = raw.LSTMBlockCellGrad(
        x=x, cs_prev=cs_prev, h_prev=h_prev, w=w, wci=wci, wcf=wcf, wco=wco, b=b, i=i, cs=cs, f=f, o=o, ci=ci, co=co,
        cs_grad=cs_grad, h_grad=h_grad, use_peephole=op.get_attr("use_peephole"))
    input_size = _dim(x.shape[1])
    xh_grad = tf.matmul(dgates, w, transpose_b=True)
    x_grad, h_prev_grad = xh_grad[:, :input_size], xh_grad[:, input_size:]
    w_grad = tf.matmul(tf.concat([x, h_prev], 1), dgates, transpose_a=True)
    return (x_grad, cs_prev_grad, h_prev_grad, w_grad, wci_grad, wcf_grad, wco_grad,
            raw.BiasAddGrad(out_backprop=dgates))


def _dim(d):
    return tf.dimension_value(d)


class _Linear:
    """TF 1.15's rnn_cell_impl._Linear: `kernel` and `bias` (zeros) made in the current variable scope."""

    def __init__(self, args, output_size, build_bias):
        args = args if isinstance(args, (list, tuple)) else [args]
        total = sum(_dim(a.shape[1]) for a in args)
        self._w = tf.get_variable("kernel", [total, output_size], dtype=args[0].dtype)
        self._b = tf.get_variable("bias", [output_size], dtype=args[0].dtype,
                                  initializer=tf.constant_initializer(0.0)) if build_bias else None

    def __call__(self, args):
        args = args if isinstance(args, (list, tuple)) else [args]
        res = tf.matmul(args[0] if len(args) == 1 else tf.concat(args, 1), self._w)
        return res if self._b is None else tf.nn.bias_add(res, self._b)


def _norm(inp, scope, gain, shift, dtype=tf.float32):
    with tf.variable_scope(scope):
        tf.get_variable("gamma", shape=inp.shape[-1:], initializer=tf.constant_initializer(gain), dtype=dtype)
        tf.get_variable("beta", shape=inp.shape[-1:], initializer=tf.constant_initializer(shift), dtype=dtype)
    return tf_slim.layers.layer_norm(inp, reuse=True, scope=scope)


def _sharded(name, shape):
    return tf.get_variable(name + "_0", shape)


class LayerNormBasicLSTMCell(RNNCell):
    def __init__(self, num_units, forget_bias=1.0, layer_norm=True, norm_gain=1.0, norm_shift=0.0):
        super().__init__()
        self.n, self.fb, self.ln, self.gain, self.shift = num_units, forget_bias, layer_norm, norm_gain, norm_shift

    state_size = property(lambda self: LSTMStateTuple(self.n, self.n))
    output_size = property(lambda self: self.n)

    def call(self, inputs, state):
        c, h = state
        args = tf.concat([inputs, h], 1)
        concat = tf.matmul(args, tf.get_variable("kernel", [_dim(args.shape[-1]), 4 * self.n]))
        if not self.ln:
            concat = tf.nn.bias_add(concat, tf.get_variable("bias", [4 * self.n]))
        i, j, f, o = tf.split(concat, 4, axis=1)
        if self.ln:
            i, j, f, o = (_norm(t, s, self.gain, self.shift) for t, s in
                          zip((i, j, f, o), ("input", "transform", "forget", "output")))
        new_c = c * tf.sigmoid(f + self.fb) + tf.sigmoid(i) * tf.tanh(j)
        if self.ln:
            new_c = _norm(new_c, "state", self.gain, self.shift)
        new_h = tf.tanh(new_c) * tf.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


class CoupledInputForgetGateLSTMCell(RNNCell):
    def __init__(self, num_units, use_peepholes=False, num_proj=None, proj_clip=None, state_is_tuple=True,
                 layer_norm=False):
        super().__init__()
        self.n, self.peep, self.proj, self.clip = num_units, use_peepholes, num_proj, proj_clip
        self.tuple, self.ln = state_is_tuple, layer_norm
        out = num_proj or num_units
        self._ss = LSTMStateTuple(num_units, out) if state_is_tuple else num_units + out

    state_size = property(lambda self: self._ss)
    output_size = property(lambda self: self.proj or self.n)

    def call(self, inputs, state):
        n, p = self.n, self.proj or self.n
        c_prev, m_prev = state if self.tuple else (state[:, :n], state[:, n:n + p])
        w = _sharded("W", [_dim(inputs.shape[1]) + p, 3 * n])
        b = tf.get_variable("B", [3 * n], initializer=tf.zeros_initializer())
        matrix = tf.matmul(tf.concat([inputs, m_prev], 1), w)
        if not self.ln:
            matrix = tf.nn.bias_add(matrix, b)
        j, f, o = tf.split(matrix, 3, axis=1)
        if self.ln:
            j, f, o = (_norm(t, s, 1.0, 0.0) for t, s in zip((j, f, o), ("transform", "forget", "output")))
        if self.peep:
            wf, wo = tf.get_variable("W_F_diag", [n]), tf.get_variable("W_O_diag", [n])
            f_act = tf.sigmoid(f + 1.0 + wf * c_prev)
        else:
            f_act = tf.sigmoid(f + 1.0)
        c = f_act * c_prev + (1 - f_act) * tf.tanh(j)
        if self.ln:
            c = _norm(c, "state", 1.0, 0.0)
        m = (tf.sigmoid(o + wo * c) if self.peep else tf.sigmoid(o)) * tf.tanh(c)
        if self.proj:
            m = tf.matmul(m, _sharded("W_P", [n, self.proj]))
            if self.clip is not None:
                m = tf.clip_by_value(m, -self.clip, self.clip)
        return m, (LSTMStateTuple(c, m) if self.tuple else tf.concat([c, m], 1))


class TimeFreqLSTMCell(RNNCell):
    def __init__(self, num_units, use_peepholes=False, cell_clip=None, feature_size=None, frequency_skip=None):
        super().__init__()
        self.n, self.peep, self.clip, self.fs, self.skip = num_units, use_peepholes, cell_clip, feature_size, \
            frequency_skip

    state_size = property(lambda self: 2 * self.n)
    output_size = property(lambda self: self.n)

    def call(self, inputs, state):
        n = self.n
        count = int((_dim(inputs.shape[1]) - self.fs) / self.skip) + 1
        windows = [inputs[:, k * self.skip:k * self.skip + self.fs] for k in range(count)]
        w = _sharded("W", [self.fs + 2 * n, 4 * n])
        b = tf.get_variable("B", [4 * n], initializer=tf.zeros_initializer())
        if self.peep:
            wf, wi, wo = (tf.get_variable(k, [n]) for k in ("W_F_diag", "W_I_diag", "W_O_diag"))
        m_freq = tf.zeros([int(_dim(inputs.shape[0])), n])
        states, outs = [], []
        for k, window in enumerate(windows):
            c_prev, m_prev = state[:, 2 * k * n:(2 * k + 1) * n], state[:, (2 * k + 1) * n:(2 * k + 2) * n]
            i, j, f, o = tf.split(tf.nn.bias_add(tf.matmul(tf.concat([window, m_prev, m_freq], 1), w), b), 4, 1)
            if self.peep:
                c = tf.sigmoid(f + 1.0 + wf * c_prev) * c_prev + tf.sigmoid(i + wi * c_prev) * tf.tanh(j)
            else:
                c = tf.sigmoid(f + 1.0) * c_prev + tf.sigmoid(i) * tf.tanh(j)
            if self.clip is not None:
                c = tf.clip_by_value(c, -self.clip, self.clip)
            m = (tf.sigmoid(o + wo * c) if self.peep else tf.sigmoid(o)) * tf.tanh(c)
            m_freq = m
            states += [c, m]
            outs.append(m)
        return tf.concat(outs, 1), tf.concat(states, 1)


class NASCell(RNNCell):
    def __init__(self, num_units, num_proj=None, use_biases=False):
        super().__init__()
        self.n, self.proj, self.biases = num_units, num_proj, use_biases

    state_size = property(lambda self: LSTMStateTuple(self.n, self.proj or self.n))
    output_size = property(lambda self: self.proj or self.n)

    def call(self, inputs, state):
        c_prev, m_prev = state
        w_m = tf.get_variable("recurrent_kernel", [self.proj or self.n, 8 * self.n])
        w_x = tf.get_variable("kernel", [_dim(inputs.shape[1]), 8 * self.n])
        mm = tf.matmul(m_prev, w_m)
        xm = tf.matmul(inputs, w_x)
        if self.biases:
            mm = tf.nn.bias_add(mm, tf.get_variable("bias", [8 * self.n], initializer=tf.zeros_initializer()))
        m, x = tf.split(mm, 8, axis=1), tf.split(xm, 8, axis=1)
        a = [tf.sigmoid(x[0] + m[0]), tf.nn.relu(x[1] + m[1]), tf.sigmoid(x[2] + m[2]), tf.nn.relu(x[3] * m[3]),
             tf.tanh(x[4] + m[4]), tf.sigmoid(x[5] + m[5]), tf.tanh(x[6] + m[6]), tf.sigmoid(x[7] + m[7])]
        b0, b1, b2, b3 = tf.tanh(a[0] * a[1]), tf.tanh(a[2] + a[3]), tf.tanh(a[4] * a[5]), tf.sigmoid(a[6] + a[7])
        new_c = tf.tanh(b0 + c_prev) * b1
        new_m = tf.tanh(new_c * tf.tanh(b2 + b3))
        if self.proj:
            new_m = tf.matmul(new_m, tf.get_variable("projection_weights", [self.n, self.proj]))
        return new_m, LSTMStateTuple(new_c, new_m)


class UGRNNCell(RNNCell):
    def __init__(self, num_units, forget_bias=1.0):
        super().__init__()
        self.n, self.fb, self.lin = num_units, forget_bias, None

    state_size = property(lambda self: self.n)
    output_size = property(lambda self: self.n)

    def call(self, inputs, state):
        cell_inputs = tf.concat([inputs, state], 1)
        self.lin = self.lin or _Linear(cell_inputs, 2 * self.n, True)
        g_act, c_act = tf.split(self.lin(cell_inputs), 2, axis=1)
        g = tf.sigmoid(g_act + self.fb)
        new = g * state + (1.0 - g) * tf.tanh(c_act)
        return new, new


class IntersectionRNNCell(RNNCell):
    def __init__(self, num_units, num_in_proj=None):
        super().__init__()
        self.n, self.in_proj, self.lin1, self.lin2 = num_units, num_in_proj, None, None

    state_size = property(lambda self: self.n)
    output_size = property(lambda self: self.n)

    def call(self, inputs, state):
        n = self.n
        if _dim(inputs.shape[1]) != n:
            if not self.in_proj:
                raise ValueError("Must have input size == output size for Intersection RNN. To fix, num_in_proj "
                                 "should be set to num_units at cell init.")
            with tf.variable_scope("in_projection"):
                self.lin1 = self.lin1 or _Linear(inputs, n, True)
                inputs = self.lin1(inputs)
        cell_inputs = tf.concat([inputs, state], 1)
        self.lin2 = self.lin2 or _Linear(cell_inputs, 4 * n, True)
        gh_act, h_act, gy_act, y_act = tf.split(self.lin2(cell_inputs), 4, axis=1)
        gh, gy = tf.sigmoid(gh_act + 1.0), tf.sigmoid(gy_act + 1.0)
        new_state = gh * state + (1.0 - gh) * tf.tanh(h_act)
        return gy * inputs + (1.0 - gy) * tf.nn.relu(y_act), new_state


class GRUBlockCell(RNNCell):
    names = ("w_ru", "b_ru", "w_c", "b_c")

    def __init__(self, num_units=None, cell_size=None):
        super().__init__(name="gru_cell")
        if (cell_size is None) == (num_units is None):
            raise ValueError("Exactly one of num_units or cell_size must be provided.")
        self.n = num_units or cell_size

    state_size = property(lambda self: self.n)
    output_size = property(lambda self: self.n)

    def build(self, shape):
        n, d = self.n, _dim(shape[1])
        self.w_ru = self.add_variable(self.names[0], [d + n, 2 * n])
        self.b_ru = self.add_variable(self.names[1], [2 * n], initializer=tf.constant_initializer(1.0))
        self.w_c = self.add_variable(self.names[2], [d + n, n])
        self.b_c = self.add_variable(self.names[3], [n], initializer=tf.constant_initializer(0.0))
        self.built = True

    def call(self, inputs, h_prev):
        if _dim(h_prev.shape[1]) != self.n:
            raise ValueError(f"Shape of h_prev[1] incorrect: cell_size {self.n} vs {_dim(h_prev.shape[1])}")
        h = raw.GRUBlockCell(x=inputs, h_prev=h_prev, w_ru=self.w_ru, w_c=self.w_c, b_ru=self.b_ru, b_c=self.b_c)[3]
        return h, h


class GRUBlockCellV2(GRUBlockCell):
    names = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")


class LSTMBlockCell(RNNCell):
    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False):
        super().__init__(name="lstm_cell")
        self.n, self.fb, self.clip, self.peep = num_units, forget_bias, -1 if cell_clip is None else cell_clip, \
            use_peephole

    state_size = property(lambda self: LSTMStateTuple(self.n, self.n))
    output_size = property(lambda self: self.n)

    def build(self, shape):
        n = self.n
        self.w = self.add_variable("kernel", [_dim(shape[1]) + n, 4 * n])
        self.b = self.add_variable("bias", [4 * n], initializer=tf.constant_initializer(0.0))
        if self.peep:
            self.wci, self.wcf, self.wco = (self.add_variable(k, [n]) for k in ("w_i_diag", "w_f_diag", "w_o_diag"))
        self.built = True

    def call(self, inputs, state):
        if len(state) != 2:
            raise ValueError("Expecting state to be a tuple with length 2.")
        z = tf.zeros([self.n])
        wci, wcf, wco = (self.wci, self.wcf, self.wco) if self.peep else (z, z, z)
        out = raw.LSTMBlockCell(x=inputs, cs_prev=state[0], h_prev=state[1], w=self.w, wci=wci, wcf=wcf, wco=wco,
                                b=self.b, forget_bias=self.fb, cell_clip=self.clip, use_peephole=self.peep)
        return out[6], LSTMStateTuple(out[1], out[6])


class LSTMBlockFusedCell:
    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False):
        self.n, self.fb, self.clip, self.peep = num_units, forget_bias, -1 if cell_clip is None else cell_clip, \
            use_peephole

    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None):
        is_list = isinstance(inputs, list)
        if is_list:
            inputs = tf.stack(inputs)
        time_len, batch = _dim(inputs.shape[0]), _dim(inputs.shape[1])
        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            z = tf.zeros(tf.stack([batch, self.n]), dtype=dtype)
            initial_state = z, z
        dtype = dtype or initial_state[0].dtype
        with tf.variable_scope(None, default_name="lstm_fused_cell"):
            n = self.n
            w = tf.get_variable("kernel", [_dim(inputs.shape[2]) + n, 4 * n])
            b = tf.get_variable("bias", [4 * n], initializer=tf.constant_initializer(0.0))
            z = tf.zeros([n])
            wci, wcf, wco = (tf.get_variable(k, [n]) for k in ("w_i_diag", "w_f_diag", "w_o_diag")) if self.peep \
                else (z, z, z)
            max_len = tf.cast(time_len if sequence_length is None else tf.reduce_max(sequence_length), tf.int64)
            out = raw.BlockLSTM(seq_len_max=max_len, x=inputs, cs_prev=initial_state[0], h_prev=initial_state[1], w=w,
                                wci=wci, wcf=wcf, wco=wco, b=b, forget_bias=self.fb, cell_clip=self.clip,
                                use_peephole=self.peep)
            cs, h = out[1], out[6]
            if sequence_length is None:
                final = LSTMStateTuple(cs[-1], h[-1])
            else:
                mask = tf.transpose(tf.sequence_mask(sequence_length, time_len, dtype=dtype), [1, 0])
                h = h * tf.tile(tf.expand_dims(mask, -1), [1, 1, n])
                index = tf.stack([sequence_length, tf.range(batch)], axis=1)
                final = LSTMStateTuple(
                    tf.gather_nd(tf.concat([tf.expand_dims(initial_state[0], 0), cs], 0), index),
                    tf.gather_nd(tf.concat([tf.expand_dims(initial_state[1], 0), h], 0), index))
        return (tf.unstack(h) if is_list else h), final


class AttentionCellWrapper(RNNCell):
    def __init__(self, cell, attn_length, attn_size=None, attn_vec_size=None, input_size=None, state_is_tuple=True):
        super().__init__()
        if nest.is_nested(cell.state_size) and not state_is_tuple:
            raise ValueError(f"Cell returns tuple of states, but the flag state_is_tuple is not set. State size "
                             f"is: {cell.state_size}")
        if attn_length <= 0:
            raise ValueError(f"attn_length should be greater than zero, got {attn_length}")
        self.cell, self.length, self.input_size = cell, attn_length, input_size
        self.size = attn_size or cell.output_size
        self.vec = attn_vec_size or self.size
        self.lin1 = self.lin2 = self.lin3 = None

    state_size = property(lambda self: (self.cell.state_size, self.size, self.size * self.length))
    output_size = property(lambda self: self.size)

    def call(self, inputs, state):
        state, attns, attn_states = state
        attn_states = tf.reshape(attn_states, [-1, self.length, self.size])
        self.lin1 = self.lin1 or _Linear([inputs, attns], self.input_size or _dim(inputs.shape[1]), True)
        cell_output, new_state = self.cell(self.lin1([inputs, attns]), state)
        query = tf.concat(nest.flatten(new_state), 1)
        with tf.variable_scope("attention"):
            k = tf.get_variable("attn_w", [1, 1, self.size, self.vec])
            v = tf.get_variable("attn_v", [self.vec])
            hidden = tf.reshape(attn_states, [-1, self.length, 1, self.size])
            features = tf.nn.conv2d(hidden, k, [1, 1, 1, 1], "SAME")
            self.lin3 = self.lin3 or _Linear(query, self.vec, True)
            y = tf.reshape(self.lin3(query), [-1, 1, 1, self.vec])
            a = tf.nn.softmax(tf.reduce_sum(v * tf.tanh(features + y), [2, 3]))
            new_attns = tf.reshape(tf.reduce_sum(tf.reshape(a, [-1, self.length, 1, 1]) * hidden, [1, 2]),
                                   [-1, self.size])
            new_attn_states = attn_states[:, 1:, :]
        with tf.variable_scope("attn_output_projection"):
            self.lin2 = self.lin2 or _Linear([cell_output, new_attns], self.size, True)
            output = self.lin2([cell_output, new_attns])
        new_attn_states = tf.reshape(tf.concat([new_attn_states, tf.expand_dims(output, 1)], 1),
                                     [-1, self.length * self.size])
        return output, (new_state, new_attns, new_attn_states)


class HighwayWrapper:
    def __init__(self, cell, couple_carry_transform_gates=True, carry_bias_init=1.0):
        self.cell, self.couple, self.bias = cell, couple_carry_transform_gates, carry_bias_init

    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)

    def zero_state(self, batch_size, dtype):
        return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        out, new_state = self.cell(inputs, state, scope=scope)
        d = _dim(inputs.shape[1])
        carry = tf.sigmoid(tf.nn.xw_plus_b(inputs, tf.get_variable("carry_w", [d, d]), tf.get_variable(
            "carry_b", [d], initializer=tf.constant_initializer(self.bias))))
        if self.couple:
            transform = 1 - carry
        else:
            transform = tf.sigmoid(tf.nn.xw_plus_b(inputs, tf.get_variable("transform_w", [d, d]), tf.get_variable(
                "transform_b", [d], initializer=tf.constant_initializer(-self.bias))))
        return inputs * carry + out * transform, new_state


class _Wrapping(RNNCell):
    def __init__(self, cell):
        super().__init__()
        self.cell, self.lin = cell, None

    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)


class EmbeddingWrapper(_Wrapping):
    def __init__(self, cell, embedding_classes, embedding_size):
        super().__init__(cell)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError(f"Both embedding_classes and embedding_size must be > 0: {embedding_classes}, "
                             f"{embedding_size}.")
        self.classes, self.size = embedding_classes, embedding_size

    def call(self, inputs, state):
        s = math.sqrt(3)
        embedding = tf.get_variable("embedding", [self.classes, self.size],
                                    initializer=tf.random_uniform_initializer(-s, s))
        return self.cell(tf.nn.embedding_lookup(embedding, tf.reshape(inputs, [-1])), state)


class InputProjectionWrapper(_Wrapping):
    def __init__(self, cell, num_proj, activation=None):
        super().__init__(cell)
        self.proj, self.activation = num_proj, activation

    def call(self, inputs, state):
        self.lin = self.lin or _Linear(inputs, self.proj, True)
        projected = self.lin(inputs)
        return self.cell(self.activation(projected) if self.activation else projected, state)


class OutputProjectionWrapper(_Wrapping):
    def __init__(self, cell, output_size):
        super().__init__(cell)
        if output_size < 1:
            raise ValueError(f"Parameter output_size must be > 0: {output_size}.")
        self.size = output_size

    output_size = property(lambda self: self.size)

    def call(self, inputs, state):
        output, new_state = self.cell(inputs, state)
        self.lin = self.lin or _Linear(output, self.size, True)
        return self.lin(output), new_state


def _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    if not cells_fw:
        raise ValueError("Must specify at least one fw cell for BidirectionalRNN.")
    if not cells_bw:
        raise ValueError("Must specify at least one bw cell for BidirectionalRNN.")
    if not isinstance(cells_fw, list):
        raise ValueError("cells_fw must be a list of RNNCells (one per layer).")  # noqa: TRY004 - TF's
    if not isinstance(cells_bw, list):
        raise ValueError("cells_bw must be a list of RNNCells (one per layer).")  # noqa: TRY004 - TF's
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    for states, which in ((initial_states_fw, "fw"), (initial_states_bw, "bw")):
        if states is not None and (not isinstance(states, list) or len(states) != len(cells_fw)):
            raise ValueError(f"initial_states_{which} must be a list of state tensors (one per layer).")


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None,
                                    dtype=None, sequence_length=None, time_major=False, scope=None):
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw, layer = [], [], inputs
    with tf.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (fw, bw) in enumerate(zip(cells_fw, cells_bw)):
            with tf.variable_scope(f"cell_{i}"):
                outputs, (sfw, sbw) = tf.nn.bidirectional_dynamic_rnn(
                    fw, bw, layer, initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    sequence_length=sequence_length, dtype=dtype, time_major=time_major)
                layer = tf.concat(outputs, 2)
            states_fw.append(sfw)
            states_bw.append(sbw)
    return layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None, dtype=None,
                            sequence_length=None, scope=None):
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw, layer = [], [], inputs
    with tf.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (fw, bw) in enumerate(zip(cells_fw, cells_bw)):
            with tf.variable_scope(f"cell_{i}") as cell_scope:
                layer, sfw, sbw = tf.nn.static_bidirectional_rnn(
                    fw, bw, layer, initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    sequence_length=sequence_length, dtype=dtype, scope=cell_scope)
            states_fw.append(sfw)
            states_bw.append(sbw)
    return layer, tuple(states_fw), tuple(states_bw)


for _cls in [v for v in dict(globals()).values() if isinstance(v, type) and "call" in vars(v)]:
    _cls.call = tensorflow.autograph.experimental.do_not_convert(_cls.call)  # plain Python, TF 1.15's errors

Reference = types.SimpleNamespace(
    **{k: getattr(tf.nn.rnn_cell, k) for k in ("BasicRNNCell", "GRUCell", "LSTMCell", "BasicLSTMCell")},
    static_rnn=tf.nn.static_rnn, **{k: v for k, v in dict(globals()).items() if isinstance(v, type) and k[0].isupper()
                                     and k not in ("RNNCell", "LSTMStateTuple")},
    stack_bidirectional_dynamic_rnn=stack_bidirectional_dynamic_rnn, stack_bidirectional_rnn=stack_bidirectional_rnn)


def main():
    for name, program in contrib_programs.PROGRAMS.items():
        with tf.Graph().as_default():
            save(name, program(tf, Reference))


if __name__ == "__main__":
    main()
