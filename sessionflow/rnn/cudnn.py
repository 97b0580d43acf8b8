"""tf.contrib.cudnn_rnn (TF 1.x), served by sessionflow/compat/contrib.py: the CPU cells whose weights and arithmetic
match cuDNN's RNNs (CudnnCompatibleLSTMCell: an LSTMBlockCell with forget_bias 0 under
`cudnn_compatible_lstm_cell`; CudnnCompatibleGRUCell: cuDNN's GRU, whose reset gate scales the projected hidden
state, with separate input and hidden projections). The cuDNN layers and ops themselves (CudnnLSTM, CudnnGRU, ...)
run only on an NVIDIA GPU with cuDNN, which sessionflow does not use: they raise an AttributeError naming the
compatible cells."""

from __future__ import annotations

from .. import init_ops
from .._namespaces import partial_module_error
from ..layers.base import op
from .block_cells import LSTMBlockCell
from .cells import GRUCell, _input_depth

_BIAS = "bias"
_WEIGHTS = "kernel"
_GPU_ONLY = ("CudnnLSTM", "CudnnGRU", "CudnnRNNTanh", "CudnnRNNRelu", "CudnnLSTMSaveable", "CudnnGRUSaveable",
             "CudnnRNNTanhSaveable", "CudnnRNNReluSaveable", "CudnnParamsFormatConverterLSTM",
             "CudnnParamsFormatConverterGRU", "CudnnParamsFormatConverterTanh", "CudnnParamsFormatConverterRelu",
             "CudnnOpaqueParamsSaveable")


class CudnnCompatibleLSTMCell(LSTMBlockCell):
    """An LSTM cell whose weights load from (and into) a cuDNN LSTM's canonical weights."""

    def __init__(self, num_units, reuse=None):
        super().__init__(num_units, forget_bias=0, cell_clip=None, use_peephole=False, reuse=reuse,
                         name="cudnn_compatible_lstm_cell")


class CudnnCompatibleGRUCell(GRUCell):
    """A GRU cell computing as cuDNN's: candidate = tanh(W_x x + b_x + r * (W_h h + b_h))."""

    def __init__(self, num_units, reuse=None, kernel_initializer=None):
        super().__init__(num_units, activation=None, reuse=reuse, kernel_initializer=kernel_initializer)

    def build(self, inputs_shape):
        depth = _input_depth(self, inputs_shape)
        n = self._num_units
        zeros = init_ops.zeros_initializer(dtype=self._dtype)
        self._gate_kernel = self.add_weight(f"gates/{_WEIGHTS}", shape=[depth + n, 2 * n],
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight(f"gates/{_BIAS}", shape=[2 * n],
                                          initializer=init_ops.constant_initializer(1.0, dtype=self._dtype))
        self._candidate_input_kernel = self.add_weight(f"candidate/input_projection/{_WEIGHTS}", shape=[depth, n],
                                                       initializer=self._kernel_initializer)
        self._candidate_hidden_kernel = self.add_weight(f"candidate/hidden_projection/{_WEIGHTS}", shape=[n, n],
                                                        initializer=self._kernel_initializer)
        self._candidate_input_bias = self.add_weight(f"candidate/input_projection/{_BIAS}", shape=[n],
                                                     initializer=zeros)
        self._candidate_hidden_bias = self.add_weight(f"candidate/hidden_projection/{_BIAS}", shape=[n],
                                                      initializer=zeros)
        self.built = True

    def call(self, inputs, state):
        gate_inputs = op("matmul")(op("concat")([inputs, state], 1), self._gate_kernel)
        value = op("sigmoid")(op("nn.bias_add")(gate_inputs, self._gate_bias))
        r, u = op("split")(value=value, num_or_size_splits=2, axis=1)
        candidate = op("nn.bias_add")(op("matmul")(inputs, self._candidate_input_kernel), self._candidate_input_bias)
        candidate += r * op("nn.bias_add")(op("matmul")(state, self._candidate_hidden_kernel),
                                           self._candidate_hidden_bias)
        candidate = self._activation(candidate)
        new_h = (1 - u) * candidate + u * state
        return new_h, new_h


_missing = partial_module_error("contrib.cudnn_rnn", ())


def __getattr__(name: str):
    if name in _GPU_ONLY:
        raise AttributeError(
            f"module 'tensorflow.contrib.cudnn_rnn' has no attribute {name!r}: tf.contrib.cudnn_rnn.{name} runs only "
            f"on an NVIDIA GPU with cuDNN, which sessionflow does not use; CudnnCompatibleLSTMCell and "
            f"CudnnCompatibleGRUCell compute the same recurrences (with tf.nn.dynamic_rnn)", name=name)
    raise _missing(name)
