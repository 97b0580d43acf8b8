"""The cell wrappers of `tf.nn.rnn_cell`: `DropoutWrapper`, `ResidualWrapper`, `DeviceWrapper`.

A wrapper opens no variable scope of its own: the wrapped cell's weights keep their names.
"""

from __future__ import annotations

import hashlib

from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import as_shape
from ..layers.base import op
from ..ops.constant import convert_to_tensor
from ..ops.structure import assert_same_structure, flatten, pack_sequence_as
from .cells import LSTMStateTuple, RNNCell, assert_like_rnncell


class _Wrapper(RNNCell):
    def __init__(self, cell, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assert_like_rnncell("cell", cell)
        self.cell = cell

    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)

    def zero_state(self, batch_size, dtype):
        with get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    @property
    def trainable_weights(self):
        return self.cell.trainable_weights

    trainable_variables = trainable_weights

    def __call__(self, inputs, state, scope=None):
        return self._call_wrapped_cell(inputs, state, self.cell.__call__, scope=scope)


def _default_dropout_state_filter(substate):
    """TF's default: an LSTM state drops out its h, never its c."""
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


@tf_export("nn.rnn_cell.DropoutWrapper")
class DropoutWrapper(_Wrapper):
    """Dropout on the inputs, state and outputs of a cell (`tf.nn.dropout` with per-part seeds
    derived from `seed`, as TF's)."""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None, **kwargs):
        super().__init__(cell, dtype=dtype, **kwargs)
        if dropout_state_filter_visitor is not None and not callable(dropout_state_filter_visitor):
            raise TypeError("dropout_state_filter_visitor must be callable. Received: "
                            f"{dropout_state_filter_visitor}")
        self._dropout_state_filter = dropout_state_filter_visitor or _default_dropout_state_filter
        with get_default_graph().name_scope("DropoutWrapperInit"):
            for prob, attr in [(input_keep_prob, "input_keep_prob"), (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")]:
                tensor = convert_to_tensor(prob)
                value = float(tensor.op.attrs["value"]) if tensor.op.type == "Const" else None
                if value is not None:
                    if value < 0 or value > 1:
                        raise ValueError(f"Parameter {attr} must be between 0 and 1. Received {value}")
                    setattr(self, f"_{attr}", value)
                else:
                    setattr(self, f"_{attr}", tensor)
        self._seed = seed
        self._variational_recurrent = variational_recurrent
        self._recurrent_input_noise = self._recurrent_state_noise = self._recurrent_output_noise = None
        if variational_recurrent:
            if dtype is None:
                raise ValueError("When variational_recurrent=True, dtype must be provided")
            with get_default_graph().name_scope("DropoutWrapperInit"):
                self._make_noise(cell, input_size, dtype)

    def _make_noise(self, cell, input_size, dtype):
        """Variational dropout: one uniform draw of shape [1, size] per input, state and output part, made
        once here, so every time step (and every batch row) drops the same units."""

        def noise(structure, salt):
            return pack_sequence_as(structure, [
                op("random_uniform")(op("concat")([[1], as_shape(s).as_list()], 0), seed=self._gen_seed(salt, i),
                                     dtype=dtype)
                for i, s in enumerate(flatten(structure))])

        if not isinstance(self._input_keep_prob, float) or self._input_keep_prob < 1.0:
            if input_size is None:
                raise ValueError("When variational_recurrent=True and input_keep_prob < 1.0 or is unknown, "
                                 "input_size must be provided")
            self._recurrent_input_noise = noise(input_size, "input")
        self._recurrent_state_noise = noise(cell.state_size, "state")
        self._recurrent_output_noise = noise(cell.output_size, "output")

    def _gen_seed(self, salt_prefix, index):
        if self._seed is None:
            return None
        text = (str(self._seed) + f"{salt_prefix}_{index}").encode("utf-8")
        return int(hashlib.md5(text).hexdigest()[:8], 16) & 0x7FFFFFFF

    def _dropout(self, values, salt_prefix, keep_prob, keep=None, noise=None):
        flat = flatten(values)
        mask = [True] * len(flat) if keep is None else _flat_filter(keep, values)
        flat_noise = flatten(noise) if noise is not None else [None] * len(flat)
        out = []
        for i, (v, do, n) in enumerate(zip(flat, mask, flat_noise)):
            if not do:
                out.append(v)
            elif n is None:
                out.append(op("nn.dropout")(v, keep_prob=keep_prob, seed=self._gen_seed(salt_prefix, i)))
            else:  # floor(keep_prob + noise) is 1 with probability keep_prob
                kept = op("divide")(v, keep_prob) * op("floor")(keep_prob + n)
                kept.set_shape(v.shape)
                out.append(kept)
        return pack_sequence_as(values, out)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        def should(p):
            return not isinstance(p, float) or p < 1

        if should(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._input_keep_prob, noise=self._recurrent_input_noise)
        output, new_state = cell_call_fn(inputs, state, **kwargs)
        if should(self._state_keep_prob):
            new_state = self._dropout(new_state, "state", self._state_keep_prob, self._dropout_state_filter,
                                      noise=self._recurrent_state_noise)
        if should(self._output_keep_prob):
            output = self._dropout(output, "output", self._output_keep_prob, noise=self._recurrent_output_noise)
        return output, new_state


def _flat_filter(visitor, values):
    """For each flat tensor of `values`, whether the filter keeps dropout on: the visitor is asked
    for each sub-structure from the top; a bool answers for all below it, a structure part by part."""
    if isinstance(values, Tensor) or not isinstance(values, (list, tuple, dict)):
        answer = visitor(values)
        return [bool(answer)] if isinstance(answer, bool) else [True]
    answer = visitor(values)
    if isinstance(answer, bool):
        return [answer] * len(flatten(values))
    if isinstance(values, dict):
        keys = sorted(values)
        return [b for k in keys for b in (_expand(answer[k], values[k]))]
    return [b for a, v in zip(answer, values) for b in _expand(a, v)]


def _expand(answer, values):
    if isinstance(answer, bool):
        return [answer] * len(flatten(values))
    return _flat_filter(lambda _: answer, values)


@tf_export("nn.rnn_cell.ResidualWrapper")
class ResidualWrapper(_Wrapper):
    """output = inputs + cell output (or `residual_fn(inputs, outputs)`)."""

    def __init__(self, cell, residual_fn=None, **kwargs):
        super().__init__(cell, **kwargs)
        self._residual_fn = residual_fn

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        outputs, new_state = cell_call_fn(inputs, state, **kwargs)

        def default(inputs, outputs):
            assert_same_structure(inputs, outputs)
            flat_in, flat_out = flatten(inputs), flatten(outputs)
            for a, b in zip(flat_in, flat_out):
                a.shape.assert_is_compatible_with(b.shape)
            return pack_sequence_as(inputs, [a + b for a, b in zip(flat_in, flat_out)])

        return (self._residual_fn or default)(inputs, outputs), new_state


@tf_export("nn.rnn_cell.DeviceWrapper")
class DeviceWrapper(_Wrapper):
    """Runs the cell under `tf.device(device)` (sessionflow places every op on its one device)."""

    def __init__(self, cell, device, **kwargs):
        super().__init__(cell, **kwargs)
        self._device = device

    def zero_state(self, batch_size, dtype):
        with get_default_graph().name_scope(type(self).__name__ + "ZeroState"), op("device")(self._device):
            return self.cell.zero_state(batch_size, dtype)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        with op("device")(self._device):
            return cell_call_fn(inputs, state, **kwargs)
