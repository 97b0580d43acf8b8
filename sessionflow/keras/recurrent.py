"""tf.keras's recurrent layers in TF1 graph mode, as tf_keras builds them when v2 behaviour is off: the
cells (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells), `RNN(cell)` and the layers over it (SimpleRNN,
LSTM, GRU), and the wrappers Bidirectional and TimeDistributed.

Graph mode gives the "v1" classes: LSTM and GRU default to `recurrent_activation="hard_sigmoid"`, GRU to
`reset_after=False`, and both cells compute gate by gate (implementation 1: one product per gate on a slice
of the kernel). Weights are the cell's, made while the layer builds in the scope `<layer>/<cell>`
(`lstm/lstm_cell/kernel`); the recurrent kernel is orthogonal and an LSTM's forget-gate bias starts at one.

The time loop is dynamic_rnn's (rnn/drivers.py): one While op over the time-major inputs collecting each
step's output; the Keras cell is called there through `_DriverCell`, which gives the driver the
(output, state) view of a cell whose states are a list.
"""

from __future__ import annotations

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from ..layers.base import op
from ..ops.constant import convert_to_tensor
from ..ops.structure import flatten, is_nested, pack_sequence_as
from ..rnn.drivers import _dynamic_rnn_loop, _transpose_batch_time
from . import backend_functions as K
from . import registries
from .base_layer import Layer, config_value


def _dot(x, kernel):
    return op("matmul")(x, kernel)


class _CellBase(Layer):
    """What the Keras cells share: Keras's argument resolution and the zero initial state."""

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, **kwargs):
        if units is None or int(units) <= 0:
            raise ValueError(f"Received an invalid value for argument `units`, expected a positive integer, "
                             f"got {units}.")
        if dropout or recurrent_dropout:
            raise NotImplementedError("tf.keras recurrent cells with dropout or recurrent_dropout are not "
                                      "provided yet")
        kwargs.pop("implementation", None)
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = registries.get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = registries.get_initializer(kernel_initializer)
        self.recurrent_initializer = registries.get_initializer(recurrent_initializer)
        self.bias_initializer = registries.get_initializer(bias_initializer)
        self.kernel_regularizer = registries.get_regularizer(kernel_regularizer)
        self.recurrent_regularizer = registries.get_regularizer(recurrent_regularizer)
        self.bias_regularizer = registries.get_regularizer(bias_regularizer)
        self.kernel_constraint = registries.get_constraint(kernel_constraint)
        self.recurrent_constraint = registries.get_constraint(recurrent_constraint)
        self.bias_constraint = registries.get_constraint(bias_constraint)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))

    def _weights(self, input_dim, gates, bias_initializer=None):
        self.kernel = self.add_weight(shape=(input_dim, self.units * gates), name="kernel",
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units * gates), name="recurrent_kernel",
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.units * gates,), name="bias",
                                        initializer=bias_initializer or self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        else:
            self.bias = None
        self.built = True

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            batch_size = op("shape")(inputs)[0]
            dtype = inputs.dtype
        return _zero_state(self.state_size, batch_size, dtype)

    def _recurrent_slice(self, begin, end=None):
        return self.recurrent_kernel[:, begin:end]

    _config_fields = ()  # the cell's own fields, tf_keras's order
    _config_extra = {}

    def get_config(self):
        return self._fields_config(self._config_fields, dict(self._config_extra))


def _zero_state(state_size, batch_size, dtype):
    def zeros(size):
        dims = [batch_size] + TensorShape(size).as_list()
        return op("zeros")(op("stack")(dims) if any(not isinstance(d, int) for d in dims) else dims,
                           dtype=dtype or K.floatx())

    if is_nested(state_size):
        return [zeros(s) for s in flatten(state_size)]
    return zeros(state_size)


def _states_list(states):
    return list(states) if isinstance(states, (list, tuple)) else [states]


@tf_export("keras.layers.SimpleRNNCell")
class SimpleRNNCell(_CellBase):
    """output = new state = activation(x W + b + h U)."""

    state_size = property(lambda self: self.units)
    output_size = property(lambda self: self.units)
    _config_fields = ("units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
                      "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                      "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout")

    def build(self, input_shape):
        self._weights(TensorShape(input_shape)[-1].value, 1)

    def call(self, inputs, states, training=None):
        prev = states[0] if isinstance(states, (list, tuple)) else states
        h = _dot(inputs, self.kernel)
        if self.bias is not None:
            h = op("nn.bias_add")(h, self.bias)
        output = h + _dot(prev, self.recurrent_kernel)
        if self.activation is not None:
            output = self.activation(output)
        return output, ([output] if isinstance(states, (list, tuple)) else output)


@tf_export("keras.layers.LSTMCell")
class LSTMCell(_CellBase):
    """The LSTM of tf_keras's graph mode: gates i, f, c, o from per-gate slices of the kernels; states [h, c]."""

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
                 unit_forget_bias=True, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, **kwargs)
        self.recurrent_activation = registries.get_activation(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias

    state_size = property(lambda self: [self.units, self.units])
    output_size = property(lambda self: self.units)
    _config_fields = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                      "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
                      "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
                      "bias_constraint", "dropout", "recurrent_dropout")
    _config_extra = {"implementation": 1}

    def build(self, input_shape):
        bias_initializer = None
        if self.use_bias and self.unit_forget_bias:
            zeros = self.bias_initializer
            ones = registries.get_initializer("ones")

            def bias_initializer(shape, dtype=None, partition_info=None):
                return op("concat")([zeros((self.units,), dtype=dtype), ones((self.units,), dtype=dtype),
                                     zeros((self.units * 2,), dtype=dtype)], axis=-1)
        self._weights(TensorShape(input_shape)[-1].value, 4, bias_initializer)

    def call(self, inputs, states, training=None):
        h_tm1, c_tm1 = states[0], states[1]
        kernels = op("split")(self.kernel, num_or_size_splits=4, axis=1)
        x = [_dot(inputs, k) for k in kernels]
        if self.use_bias:
            biases = op("split")(self.bias, num_or_size_splits=4, axis=0)
            x = [op("nn.bias_add")(xi, b) for xi, b in zip(x, biases)]
        u = self.units
        x_i, x_f, x_c, x_o = x
        i = self.recurrent_activation(x_i + _dot(h_tm1, self._recurrent_slice(None, u)))
        f = self.recurrent_activation(x_f + _dot(h_tm1, self._recurrent_slice(u, 2 * u)))
        c = f * c_tm1 + i * self.activation(x_c + _dot(h_tm1, self._recurrent_slice(2 * u, 3 * u)))
        o = self.recurrent_activation(x_o + _dot(h_tm1, self._recurrent_slice(3 * u)))
        h = o * self.activation(c)
        return h, [h, c]


@tf_export("keras.layers.GRUCell")
class GRUCell(_CellBase):
    """The GRU of tf_keras's graph mode: gates z, r and candidate h from per-gate slices of the kernels; the
    reset gate applied before the recurrent product (after it with `reset_after`, biases then [2, 3 units])."""

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
                 reset_after=False, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias, **kwargs)
        self.recurrent_activation = registries.get_activation(recurrent_activation)
        self.reset_after = reset_after

    state_size = property(lambda self: self.units)
    output_size = property(lambda self: self.units)
    _config_fields = ("units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                      "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
                      "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                      "recurrent_dropout")

    def get_config(self):
        return self._fields_config(self._config_fields, {"implementation": 1, "reset_after": self.reset_after})

    def build(self, input_shape):
        input_dim = TensorShape(input_shape)[-1].value
        if not self.reset_after:
            self._weights(input_dim, 3)
            return
        use_bias, self.use_bias = self.use_bias, False
        self._weights(input_dim, 3)
        self.use_bias = use_bias
        if use_bias:
            self.bias = self.add_weight(shape=(2, 3 * self.units), name="bias", initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def call(self, inputs, states, training=None):
        h_tm1 = states[0] if isinstance(states, (list, tuple)) else states
        u = self.units
        input_bias = recurrent_bias = None
        if self.use_bias:
            if self.reset_after:
                input_bias, recurrent_bias = op("unstack")(self.bias)
            else:
                input_bias = self.bias
        x_z = _dot(inputs, self.kernel[:, :u])
        x_r = _dot(inputs, self.kernel[:, u:2 * u])
        x_h = _dot(inputs, self.kernel[:, 2 * u:])
        if input_bias is not None:
            x_z = op("nn.bias_add")(x_z, input_bias[:u])
            x_r = op("nn.bias_add")(x_r, input_bias[u:2 * u])
            x_h = op("nn.bias_add")(x_h, input_bias[2 * u:])
        recurrent_z = _dot(h_tm1, self._recurrent_slice(None, u))
        recurrent_r = _dot(h_tm1, self._recurrent_slice(u, 2 * u))
        if recurrent_bias is not None:
            recurrent_z = op("nn.bias_add")(recurrent_z, recurrent_bias[:u])
            recurrent_r = op("nn.bias_add")(recurrent_r, recurrent_bias[u:2 * u])
        z = self.recurrent_activation(x_z + recurrent_z)
        r = self.recurrent_activation(x_r + recurrent_r)
        if self.reset_after:
            recurrent_h = _dot(h_tm1, self._recurrent_slice(2 * u))
            if recurrent_bias is not None:
                recurrent_h = op("nn.bias_add")(recurrent_h, recurrent_bias[2 * u:])
            recurrent_h = r * recurrent_h
        else:
            recurrent_h = _dot(r * h_tm1, self._recurrent_slice(2 * u))
        hh = self.activation(x_h + recurrent_h)
        h = z * h_tm1 + (1 - z) * hh
        return h, ([h] if isinstance(states, (list, tuple)) else h)


@tf_export("keras.layers.StackedRNNCells")
class StackedRNNCells(Layer):
    """Cells run one after the other at each step: each one's output is the next one's input; the states are
    every cell's states in order (flat), the output the last cell's."""

    def __init__(self, cells, **kwargs):
        for cell in cells:
            if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
                raise ValueError(f"All cells must have a `call` method and a `state_size` attribute. "
                                 f"Received cells={cells}")
        super().__init__(**kwargs)
        self.cells = list(cells)
        self._tracked_layers = list(self.cells)

    @property
    def state_size(self):
        return tuple(c.state_size for c in self.cells)

    def get_config(self):
        from .model_files import serialize_layer

        return self._fields_config((), {"cells": [serialize_layer(c) for c in self.cells]})

    @classmethod
    def from_config(cls, config):
        from .model_files import deserialize_layer

        config = dict(config)
        return cls([deserialize_layer(c) for c in config.pop("cells")], **config)

    @property
    def output_size(self):
        return self.cells[-1].output_size

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        return [c.get_initial_state(inputs, batch_size, dtype) for c in self.cells]

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and cell._dtype is None:
                cell._dtype = dtypes.as_dtype(K.floatx())  # (as tf_keras's cells built here)
            if isinstance(cell, Layer) and not cell.built:
                with get_default_graph().name_scope(cell.name):
                    cell.build(shape)
                    cell.built = True
            shape = TensorShape([shape[0].value] + flatten(cell.output_size))
        self.built = True

    def call(self, inputs, states, training=None):
        flat = flatten(states)
        new_states = []
        for cell in self.cells:
            n = len(flatten(cell.state_size))
            mine, flat = flat[:n], flat[n:]
            kwargs = {"training": training} if "training" in _call_params(cell) else {}
            inputs, state = cell(inputs, mine, **kwargs)
            new_states.extend(flatten(state))
        return inputs, new_states


class _DriverCell:
    """A Keras cell as rnn/drivers.py's loop calls a cell: `(inputs, states list) -> (output, states list)`."""

    def __init__(self, cell, training):
        self.cell, self.training = cell, training

    @property
    def output_size(self):
        return self.cell.output_size

    @property
    def state_size(self):
        return self.cell.state_size

    def __call__(self, inputs, states):
        kwargs = {"training": self.training} if "training" in _call_params(self.cell) else {}
        output, new_states = self.cell(inputs, list(states), **kwargs)
        return output, _states_list(flatten(new_states))


def _call_params(cell):
    import inspect

    return inspect.signature(cell.call).parameters


@tf_export("keras.layers.RNN")
class RNN(Layer):
    """A cell (or a list of cells, stacked) run over the time axis of [batch, time, ...] inputs."""

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                 unroll=False, time_major=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call"):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if not hasattr(cell, "state_size"):
            raise ValueError("The RNN cell should have a `state_size` attribute (tuple of integers, one integer "
                             "per RNN state). Received: cell={cell}")
        if stateful:
            raise NotImplementedError("tf.keras recurrent layers with stateful=True are not provided yet")
        kwargs.pop("zero_output_for_mask", None)
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.time_major = time_major
        self.supports_masking = True

    @property
    def states(self):
        return [None] * len(flatten(self.cell.state_size))

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        step_shape = TensorShape([shape[1].value] + shape.as_list()[2:]) if self.time_major else \
            TensorShape([shape[0].value] + shape.as_list()[2:])
        if isinstance(self.cell, Layer) and self.cell._dtype is None and not isinstance(self.cell, StackedRNNCells):
            self.cell._dtype = self._dtype or dtypes.as_dtype(K.floatx())
        if isinstance(self.cell, Layer) and not self.cell.built:
            with get_default_graph().name_scope(self.cell.name):
                self.cell.build(step_shape)
                self.cell.built = True
        self.built = True

    def get_initial_state(self, inputs):
        batch_size = op("shape")(inputs)[1 if self.time_major else 0]
        get_state = getattr(self.cell, "get_initial_state", None)
        if get_state is not None:
            state = get_state(inputs=None, batch_size=batch_size, dtype=inputs.dtype)
        else:
            state = _zero_state(self.cell.state_size, batch_size, inputs.dtype)
        return list(flatten(state))

    def __call__(self, inputs, initial_state=None, constants=None, **kwargs):
        if constants is not None:
            raise NotImplementedError("tf.keras.layers.RNN(...)(constants=...) is not provided yet")
        if isinstance(inputs, list) and initial_state is None and len(inputs) > 1:
            inputs, initial_state = inputs[0], inputs[1:]
        if initial_state is not None:
            kwargs["initial_state"] = _states_list(initial_state)
        return super().__call__(inputs, **kwargs)

    def call(self, inputs, mask=None, training=None, initial_state=None):
        if mask is not None:
            raise NotImplementedError("tf.keras recurrent layers with a mask are not provided yet")
        timesteps = inputs.shape[0 if self.time_major else 1].value if inputs.shape.ndims else None
        if self.unroll and timesteps is None:
            raise ValueError("Cannot unroll a RNN if the time dimension is undefined. \n- If using a Sequential "
                             "model, specify the time dimension by passing an `input_shape` or "
                             "`batch_input_shape` argument to your first layer. If your first layer is an "
                             "Embedding, you can also use the `input_length` argument.\n- If using the "
                             "functional API, specify the time dimension by passing a `shape` or `batch_shape` "
                             "argument to your Input layer.")
        if initial_state is None:
            initial_state = self.get_initial_state(inputs)
        initial_state = [convert_to_tensor(s) for s in initial_state]
        n_states = len(flatten(self.cell.state_size))
        if len(initial_state) != n_states:
            raise ValueError(f"Layer has {n_states} states but was passed {len(initial_state)} initial states. "
                             f"Received: initial_state={initial_state}")
        time_major = inputs if self.time_major else _transpose_batch_time(inputs)
        if self.go_backwards:
            time_major = op("reverse")(time_major, axis=[0])
        outputs, states = _dynamic_rnn_loop(_DriverCell(self.cell, training), time_major, initial_state,
                                            32, None, inputs.dtype)
        last_output = outputs[-1]
        if self.return_sequences:
            output = outputs if self.time_major else _transpose_batch_time(outputs)
        else:
            output = last_output
        if self.return_state:
            return [output] + list(states)
        return output

    _LAYER_FIELDS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major")

    def get_config(self):
        from .model_files import serialize_layer

        return self._fields_config(self._LAYER_FIELDS, {"cell": serialize_layer(self.cell)})

    @classmethod
    def from_config(cls, config):
        from .model_files import deserialize_layer

        config = dict(config)
        return cls(deserialize_layer(config.pop("cell")), **config)


class _CellLayer(RNN):
    """SimpleRNN, LSTM, GRU: an RNN over its own cell named `<kind>_cell`, constructed from the layer's
    arguments (kept for Bidirectional's copies)."""

    _cell_class = None
    _cell_name = None

    def __init__(self, units, **kwargs):
        self._arguments = dict(kwargs, units=units)
        layer_args = {k: kwargs.pop(k) for k in list(kwargs) if k in (
            "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major", "name",
            "trainable", "input_shape", "batch_input_shape", "input_dim", "batch_size", "dtype",
            "activity_regularizer", "weights", "input_length")}
        input_length = layer_args.pop("input_length", None)
        if "input_dim" in layer_args and "input_shape" not in layer_args:
            layer_args["input_shape"] = (input_length, layer_args.pop("input_dim"))
        cell = self._cell_class(units, name=self._cell_name, dtype=layer_args.get("dtype"),
                                trainable=layer_args.get("trainable", True), **kwargs)
        super().__init__(cell, **layer_args)

    def __getattr__(self, name):
        cell = self.__dict__.get("cell")
        if cell is not None and not name.startswith("_") and hasattr(cell, name):
            return getattr(cell, name)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def _copy(self, **changes):
        arguments = dict(self._arguments, name=self.name, **changes)
        return type(self)(**arguments)

    def get_config(self):
        from .model_files import serialize_layer

        config = self._fields_config(self._LAYER_FIELDS)
        for key in self.cell._config_fields:
            config[key] = config_value(key, getattr(self.cell, key))
            if key == "bias_regularizer":
                config["activity_regularizer"] = config_value("activity_regularizer", self.activity_regularizer)
        cell = self.cell.get_config()
        for key in self.cell._config_fields:
            cell.pop(key)
        for key in ("name", "trainable", "dtype"):
            cell.pop(key)
        config.update(cell)  # (implementation, reset_after)
        serialize_layer(self.cell)  # as tf_keras's RNN config serializes the cell too (a file's shared objects)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@tf_export("keras.layers.SimpleRNN")
class SimpleRNN(_CellLayer):
    _cell_class, _cell_name = SimpleRNNCell, "simple_rnn_cell"


@tf_export("keras.layers.LSTM")
class LSTM(_CellLayer):
    _cell_class, _cell_name = LSTMCell, "lstm_cell"


@tf_export("keras.layers.GRU")
class GRU(_CellLayer):
    _cell_class, _cell_name = GRUCell, "gru_cell"


@tf_export("keras.layers.Bidirectional")
class Bidirectional(Layer):
    """A recurrent layer run forwards and (a copy of it) backwards, their outputs merged: concatenated by
    default, or summed (`sum`), averaged (`ave`), multiplied (`mul`), or both returned (None)."""

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Please initialize `Bidirectional` layer with a `tf.keras.layers.Layer` instance. "
                             f"Received: {layer}")
        if merge_mode not in ["sum", "mul", "ave", "concat", None]:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                             '{"sum", "mul", "ave", "concat", None}')
        if weights is not None:
            raise NotImplementedError("tf.keras.layers.Bidirectional(weights=...) is not provided yet")
        super().__init__(**kwargs)
        self._wrapped = layer  # (its config is the layer's, as tf_keras writes it)
        self._wrapped_backward = backward_layer
        self.forward_layer = layer._copy() if hasattr(layer, "_copy") else layer
        if backward_layer is None:
            if not hasattr(layer, "_copy"):
                raise NotImplementedError("tf.keras.layers.Bidirectional over a custom layer without "
                                          "backward_layer is not provided yet")
            self.backward_layer = layer._copy(go_backwards=not layer.go_backwards)
        else:
            self.backward_layer = backward_layer
        self.forward_layer._name = "forward_" + self.forward_layer.name
        self.backward_layer._name = "backward_" + self.backward_layer.name
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True

    def build(self, input_shape):
        self.built = True

    def call(self, inputs, training=None, initial_state=None):
        kwargs = {"training": training}
        if initial_state is not None:
            half = len(initial_state) // 2
            y = self.forward_layer(inputs, initial_state=initial_state[:half], **kwargs)
            y_rev = self.backward_layer(inputs, initial_state=initial_state[half:], **kwargs)
        else:
            y = self.forward_layer(inputs, **kwargs)
            y_rev = self.backward_layer(inputs, **kwargs)
        states = []
        if self.return_state:
            states = y[1:] + y_rev[1:]
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = op("reverse")(y_rev, axis=[0 if getattr(self.forward_layer, "time_major", False) else 1])
        if self.merge_mode == "concat":
            output = op("concat")([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            output = y + y_rev
        elif self.merge_mode == "ave":
            output = (y + y_rev) / 2
        elif self.merge_mode == "mul":
            output = y * y_rev
        else:
            output = [y, y_rev]
        if self.return_state:
            return (output if isinstance(output, list) else [output]) + states
        return output

    def __call__(self, inputs, initial_state=None, **kwargs):
        if initial_state is not None:
            kwargs["initial_state"] = _states_list(initial_state)
        return super().__call__(inputs, **kwargs)

    def get_config(self):
        from .model_files import serialize_layer

        extra = {"layer": serialize_layer(self._wrapped), "merge_mode": self.merge_mode}
        if self._wrapped_backward is not None:
            extra["backward_layer"] = serialize_layer(self._wrapped_backward)
        return self._fields_config((), extra)

    @classmethod
    def from_config(cls, config):
        from .model_files import deserialize_layer

        config = dict(config)
        layer = deserialize_layer(config.pop("layer"))
        if config.get("backward_layer") is not None:
            config["backward_layer"] = deserialize_layer(config["backward_layer"])
        return cls(layer, **config)


@tf_export("keras.layers.TimeDistributed")
class TimeDistributed(Layer):
    """`layer` applied to every time step of [batch, time, ...] inputs: the steps folded into the batch
    (a reshape to [-1, ...]), the layer called once, the result unfolded."""

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Please initialize `TimeDistributed` layer with a `tf.keras.layers.Layer` instance. "
                             f"Received: {layer}")
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        if shape.ndims is None or shape.ndims < 3:
            raise ValueError(f"`TimeDistributed` Layer should be passed an `input_shape ` with at least 3 "
                             f"dimensions, received: {shape}")
        if not self.layer.built:
            if self.layer._dtype is None:
                self.layer._dtype = self._dtype
            self.layer.build(TensorShape([shape[0].value] + shape.as_list()[2:]))
            self.layer.built = True
        self.built = True

    def call(self, inputs, training=None):
        dims = inputs.shape.as_list()
        steps = dims[1] if dims[1] is not None else op("shape")(inputs)[1]
        inner = op("reshape")(inputs, [-1] + dims[2:]) if None not in dims[2:] else \
            op("reshape")(inputs, op("concat")([[-1], op("shape")(inputs)[2:]], 0))
        kwargs = {"training": training} if getattr(self.layer, "_expects_training_arg", False) else {}
        y = self.layer(inner, **kwargs)
        out_dims = y.shape.as_list()[1:]
        shape = [-1, steps] + out_dims
        if any(not isinstance(d, int) for d in shape):
            shape = op("stack")([d if d is not None else -1 for d in shape])
        output = op("reshape")(y, shape)
        output.set_shape([dims[0], dims[1]] + out_dims)
        return output

    def get_config(self):
        from .model_files import serialize_layer

        return self._fields_config((), {"layer": serialize_layer(self.layer)})

    @classmethod
    def from_config(cls, config):
        from .model_files import deserialize_layer

        config = dict(config)
        return cls(deserialize_layer(config.pop("layer")), **config)
