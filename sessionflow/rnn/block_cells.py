"""The "block" cells of TF 1.x's `tf.contrib.rnn` (contrib/rnn/python/ops/gru_ops.py, lstm_ops.py):
`GRUBlockCell`, `GRUBlockCellV2`, `LSTMBlockCell` and `LSTMBlockFusedCell`.

TF runs them as fused kernels (GRUBlockCell, LSTMBlockCell, BlockLSTM); here they are the same
arithmetic written with ordinary ops, so their gradients come from those ops. Variable names are TF 1.15's:
`gru_cell/w_ru`, `b_ru`, `w_c`, `b_c` (GRUBlockCell), `gru_cell/gates/kernel`... (GRUBlockCellV2),
`lstm_cell/kernel`, `bias`, `w_i_diag`... (LSTMBlockCell), `lstm_fused_cell/kernel`... (LSTMBlockFusedCell).
"""

from __future__ import annotations

from .. import init_ops
from ..framework import dtypes
from ..layers.base import Layer, op
from ..ops.constant import convert_to_tensor
from .cells import LSTMStateTuple, RNNCell


def _check_ndim(layer, inputs, ndim):
    shape = inputs.shape
    if shape.ndims is not None and shape.ndims != ndim:
        raise ValueError(f"Input 0 of layer {layer.name} is incompatible with the layer: expected ndim={ndim}, found "
                         f"ndim={shape.ndims}. Full shape received: {shape.as_list()}")


class GRUBlockCell(RNNCell):
    """A GRU with the fused GRUBlockCell kernel's arithmetic:
    `r, u = sigmoid([x, h] w_ru + b_ru)`, `c = tanh([x, r h] w_c + b_c)`, `h' = u h + (1 - u) c`."""

    _names = ("w_ru", "b_ru", "w_c", "b_c")

    def __init__(self, num_units=None, cell_size=None, reuse=None, name="gru_cell"):
        super().__init__(_reuse=reuse, name=name)
        if (cell_size is None) == (num_units is None):
            raise ValueError("Exactly one of num_units or cell_size must be provided.")
        self._cell_size = num_units if num_units is not None else cell_size

    state_size = property(lambda self: self._cell_size)
    output_size = property(lambda self: self._cell_size)

    def _check_input(self, inputs):
        _check_ndim(self, inputs, 2)

    def build(self, input_shape):
        input_size = input_shape[1].value
        if input_size is None:
            raise ValueError("Expecting input_size to be set.")
        n = self._cell_size
        w_ru, b_ru, w_c, b_c = self._names
        self._gate_kernel = self.add_weight(w_ru, [input_size + n, 2 * n])
        self._gate_bias = self.add_weight(b_ru, [2 * n], initializer=init_ops.constant_initializer(1.0))
        self._candidate_kernel = self.add_weight(w_c, [input_size + n, n])
        self._candidate_bias = self.add_weight(b_c, [n], initializer=init_ops.constant_initializer(0.0))
        self.built = True

    def call(self, inputs, h_prev):
        cell_size = h_prev.shape.with_rank(2)[1]
        if cell_size.value is not None and cell_size.value != self._cell_size:
            raise ValueError(f"Shape of h_prev[1] incorrect: cell_size {self._cell_size} vs {cell_size.value}")
        sigmoid = op("sigmoid")
        gates = op("nn.bias_add")(op("matmul")(op("concat")([inputs, h_prev], 1), self._gate_kernel),
                                  self._gate_bias)
        r, u = op("split")(value=sigmoid(gates), num_or_size_splits=2, axis=1)
        c = op("tanh")(op("nn.bias_add")(op("matmul")(op("concat")([inputs, r * h_prev], 1), self._candidate_kernel),
                                         self._candidate_bias))
        new_h = u * h_prev + (1 - u) * c
        return new_h, new_h


class GRUBlockCellV2(GRUBlockCell):
    """GRUBlockCell with GRUCell's variable names (`gates/kernel`, `gates/bias`, `candidate/kernel`, ...)."""

    _names = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")


def lstm_block(x, cs_prev, h_prev, w, b, wci, wcf, wco, forget_bias, cell_clip, use_peephole):
    """One step of TF's LSTMBlockCell kernel (gates i, c, f, o of `[x, h] w + b`); returns (cs, h). As in
    TF's LSTMBlockCellGrad and BlockLSTMGrad kernels, the cell clip is the identity for gradients."""
    sigmoid, tanh = op("sigmoid"), op("tanh")
    i, ci, f, o = op("split")(value=op("nn.bias_add")(op("matmul")(op("concat")([x, h_prev], 1), w), b),
                              num_or_size_splits=4, axis=1)
    if use_peephole:
        i = i + cs_prev * wci
        f = f + cs_prev * wcf
    cs = tanh(ci) * sigmoid(i) + cs_prev * sigmoid(f + forget_bias)
    if cell_clip > 0:  # TF's gradient kernels pass the gradient through the clip unchanged
        cs = cs + op("stop_gradient")(op("clip_by_value")(cs, -cell_clip, cell_clip) - cs)
    if use_peephole:
        o = o + cs * wco
    return cs, tanh(cs) * sigmoid(o)


class _LSTMBlockWeights:
    def _make_weights(self, input_size):
        n = self._num_units
        self._kernel = self.add_weight("kernel", [input_size + n, 4 * n])
        self._bias = self.add_weight("bias", [4 * n], initializer=init_ops.constant_initializer(0.0))
        if self._use_peephole:
            self._w_i_diag = self.add_weight("w_i_diag", [n])
            self._w_f_diag = self.add_weight("w_f_diag", [n])
            self._w_o_diag = self.add_weight("w_o_diag", [n])

    def _peepholes(self, dtype):
        if self._use_peephole:
            return self._w_i_diag, self._w_f_diag, self._w_o_diag
        zeros = op("zeros")([self._num_units], dtype=dtype)
        return zeros, zeros, zeros


class LSTMBlockCell(_LSTMBlockWeights, RNNCell):
    """An LSTM with the fused LSTMBlockCell kernel's arithmetic (optional peepholes and cell clipping);
    its variables are named as LSTMCell's (`lstm_cell/kernel`, `lstm_cell/bias`)."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, dtype=None, reuse=None,
                 name="lstm_cell"):
        super().__init__(_reuse=reuse, dtype=dtype, name=name)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._use_peephole = use_peephole
        self._cell_clip = cell_clip if cell_clip is not None else -1

    state_size = property(lambda self: LSTMStateTuple(self._num_units, self._num_units))
    output_size = property(lambda self: self._num_units)

    def _check_input(self, inputs):
        _check_ndim(self, inputs, 2)

    def build(self, inputs_shape):
        if not inputs_shape[1].value:
            raise ValueError(f"Expecting inputs_shape[1] to be set: {inputs_shape}")
        self._make_weights(inputs_shape[1].value)
        self.built = True

    def call(self, inputs, state):
        if len(state) != 2:
            raise ValueError("Expecting state to be a tuple with length 2.")
        wci, wcf, wco = self._peepholes(self._kernel.dtype.base_dtype)
        cs_prev, h_prev = state
        cs, h = lstm_block(inputs, cs_prev, h_prev, self._kernel, self._bias, wci, wcf, wco, self._forget_bias,
                           self._cell_clip, self._use_peephole)
        return h, LSTMStateTuple(cs, h)


class LSTMBlockFusedCell(_LSTMBlockWeights, Layer):
    """The whole LSTM over time in one call (TF's BlockLSTM kernel): `cell(inputs [time, batch, depth],
    initial_state=None, dtype=None, sequence_length=None)` gives (outputs [time, batch, units], final
    LSTMStateTuple). With `sequence_length`, outputs past each length are zero and the final state is
    the one at each row's last step. A list of [batch, depth] inputs gives a list of outputs."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False, reuse=None, dtype=None,
                 name="lstm_fused_cell"):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self._use_peephole = use_peephole

    num_units = property(lambda self: self._num_units)

    def __call__(self, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
        is_list = isinstance(inputs, list)
        if is_list:
            inputs = op("stack")(inputs)
        outputs, state = super().__call__(inputs, initial_state=initial_state, dtype=dtype,
                                          sequence_length=sequence_length, scope=scope)
        return (op("unstack")(outputs) if is_list else outputs), state

    def _check_input(self, inputs):
        _check_ndim(self, inputs, 3)

    def build(self, input_shape):
        self._make_weights(input_shape[2].value)
        self.built = True

    def call(self, inputs, initial_state=None, dtype=None, sequence_length=None):
        shape = inputs.shape.with_rank(3)
        if not shape[2].value:
            raise ValueError(f"Expecting inputs_shape[2] to be set: {shape}")
        batch_size = shape[1].value if shape[1].value is not None else op("shape")(inputs)[1]
        time_len = shape[0].value if shape[0].value is not None else op("shape")(inputs)[0]
        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            z = op("zeros")(op("stack")([batch_size, self._num_units]), dtype=dtype)
            initial_state = z, z
        else:
            if len(initial_state) != 2:
                raise ValueError("Expecting initial_state to be a tuple with length 2 or None")
            if dtype is None:
                dtype = initial_state[0].dtype
        dtype = dtypes.as_dtype(dtype)
        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length)
        cs0, h0 = initial_state
        wci, wcf, wco = self._peepholes(dtype)

        def step(carry, x):
            return lstm_block(x, carry[0], carry[1], self._kernel, self._bias, wci, wcf, wco, self._forget_bias,
                              self._cell_clip, self._use_peephole)

        cell_states, outputs = op("scan")(step, inputs, initializer=(convert_to_tensor(cs0), convert_to_tensor(h0)))
        if sequence_length is None:
            return outputs, LSTMStateTuple(cell_states[-1], outputs[-1])
        mask = op("transpose")(op("sequence_mask")(sequence_length, time_len, dtype=dtype), [1, 0])
        outputs = outputs * op("tile")(op("expand_dims")(mask, -1), [1, 1, self._num_units])
        mod_cell_states = op("concat")([op("expand_dims")(cs0, 0), cell_states], 0)
        mod_outputs = op("concat")([op("expand_dims")(h0, 0), outputs], 0)
        index = op("stack")([op("cast")(sequence_length, dtypes.int32), op("range")(batch_size)], axis=1)
        return outputs, LSTMStateTuple(op("gather_nd")(mod_cell_states, index), op("gather_nd")(mod_outputs, index))
