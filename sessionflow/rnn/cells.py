"""`tf.nn.rnn_cell`: the TF1 recurrent cells (`RNNCell`, `BasicRNNCell`, `BasicLSTMCell`, `LSTMCell`,
`GRUCell`, `MultiRNNCell`) as TF's legacy cells are, layers whose weights are made on first call.

A cell called without `scope` captures the variable scope current at its first call and re-enters
it on every later call, so its weights live at `<that scope>/<cell name>/...` (`rnn/lstm_cell/kernel`
inside `tf.nn.dynamic_rnn`) whatever scope a later call is made in; a second call reuses them.
"""

from __future__ import annotations

import collections

from .. import init_ops
from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.tensor_shape import TensorShape, as_shape
from ..layers.base import Layer, op
from ..ops.constant import convert_to_tensor
from ..ops.structure import flatten, is_nested, pack_sequence_as
from ..variable_scope import get_variable_scope, variable_scope

_BIAS = "bias"
_WEIGHTS = "kernel"


@tf_export("nn.rnn_cell.LSTMStateTuple")
class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """The (c, h) state of an LSTM cell: memory and output."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


def assert_like_rnncell(cell_name, cell):
    """TF's TypeError when `cell` lacks what an RNN cell has."""
    conditions = [hasattr(cell, "output_size"), hasattr(cell, "state_size"),
                  hasattr(cell, "get_initial_state") or hasattr(cell, "zero_state"), callable(cell)]
    errors = ["'output_size' property is missing", "'state_size' property is missing",
              "either 'zero_state' or 'get_initial_state' method is required", "is not callable"]
    if not all(conditions):
        message = ", ".join(e for c, e in zip(conditions, errors) if not c)
        raise TypeError(f"The argument {cell_name!r} ({cell}) is not an RNNCell: {message}.")


def _concat(prefix, suffix, static=False):
    """`prefix` (batch size) followed by the dims of `suffix`: a static list or an int32 vector. Either
    may be a size tensor (the batch size; an attention's memory length, known only when run)."""
    p, p_static = _shape_part(prefix, "prefix")
    s, s_static = _shape_part(suffix, "suffix")
    if static:
        if p_static is None or s_static is None:
            return TensorShape(None)
        return TensorShape(list(p_static) + list(s_static))
    if p is None or s is None:
        raise ValueError("Provided a prefix or suffix of None: %s and %s" % (prefix, suffix))
    return op("concat")([p, s], 0)


def _shape_part(part, what: str):
    """(an int32 vector of `part`'s dims or None, its static dims or None) for a size tensor or a shape."""
    if isinstance(part, Tensor):
        static = _constant_int(part)
        if part.shape.ndims == 0:
            return op("expand_dims")(part, 0), static
        if part.shape.ndims != 1:
            raise ValueError(f"{what} tensor must be either a scalar or vector, but saw tensor: {part}")
        return part, static
    shape = as_shape(part)
    static = shape.as_list() if shape.ndims is not None else None
    return (convert_to_tensor(shape.as_list(), dtype=dtypes.int32) if shape.is_fully_defined() else None), static


def _constant_int(t):
    if t.op.type == "Const":
        value = t.op.attrs["value"]
        try:
            return [int(v) for v in value.reshape(-1)]
        except AttributeError:
            return [int(value)]
    return [None] if t.shape.ndims == 0 else None


def zero_state_tensors(state_size, batch_size, dtype):
    """Zeros of shape [batch_size] + s for each `s` in the (nested) `state_size`."""

    def zeros(s):
        size = op("zeros")(_concat(batch_size, s), dtype=dtype)
        size.set_shape(_concat(batch_size if not isinstance(batch_size, Tensor) else
                               (_constant_int(batch_size) or [None])[:1], s, static=True))
        return size

    return pack_sequence_as(state_size, [zeros(s) for s in flatten(state_size)])


@tf_export("nn.rnn_cell.RNNCell")
class RNNCell(Layer):
    """The abstract recurrent cell: `cell(inputs, state)` gives `(output, new_state)`; subclasses give
    `state_size`, `output_size`, `build` and `call`."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._is_tf_rnn_cell = True
        self._rnncell_scope = None

    def __call__(self, inputs, state, scope=None):
        if scope is not None:
            with variable_scope(scope) as captured:
                return super().__call__(inputs, state, scope=captured)
        if self._rnncell_scope is None:
            self._rnncell_scope = get_variable_scope()
        if get_variable_scope() is self._rnncell_scope:  # as re-entering it, keeping its default-name counts
            return super().__call__(inputs, state)
        with variable_scope(self._rnncell_scope):
            return super().__call__(inputs, state)

    def _check_input(self, inputs):
        if not self.built and isinstance(inputs, Tensor) and inputs.dtype.base_dtype not in (
                dtypes.float16, dtypes.float32, dtypes.float64, dtypes.bfloat16):
            raise ValueError(f"RNN cell only supports floating point inputs, but received dtype: "
                             f"<dtype: '{inputs.dtype.base_dtype.name}'>")

    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def build(self, inputs_shape):
        self.built = True

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            inputs = convert_to_tensor(inputs)
            batch_size = inputs.shape[0].value if inputs.shape.ndims else None
            if batch_size is None:
                batch_size = op("shape")(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError(f"batch_size and dtype cannot be None while constructing initial state: "
                             f"batch_size={batch_size}, dtype={dtype}")
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size, dtype):
        """Zero-filled state tensor(s) for a batch of `batch_size`."""
        with get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            return zero_state_tensors(self.state_size, batch_size, dtype)


def _input_depth(cell, inputs_shape):
    shape = as_shape(inputs_shape)
    if shape.ndims is None or shape[-1].value is None:
        raise ValueError(f"Expected inputs.shape[-1] to be known, received shape: "
                         f"{tuple(shape.as_list()) if shape.ndims is not None else None}")
    return shape[-1].value


def _activation(activation):
    from ..layers.core import get_activation

    return get_activation(activation) if activation is not None else op("tanh")


def _split(value, n):
    return op("split")(value=value, num_or_size_splits=n, axis=1)


def _linear(cell, inputs, state, kernel, bias):
    out = op("matmul")(op("concat")([inputs, state], 1), kernel)
    return op("nn.bias_add")(out, bias)


@tf_export("nn.rnn_cell.BasicRNNCell")
class BasicRNNCell(RNNCell):
    """output = new_state = activation(W [inputs, state] + b)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(self, inputs_shape)
        self._kernel = self.add_weight(_WEIGHTS, shape=[depth + self._num_units, self._num_units])
        self._bias = self.add_weight(_BIAS, shape=[self._num_units],
                                     initializer=init_ops.zeros_initializer(dtype=self._dtype))
        self.built = True

    def call(self, inputs, state):
        output = self._activation(_linear(self, inputs, state, self._kernel, self._bias))
        return output, output


@tf_export("nn.rnn_cell.GRUCell")
class GRUCell(RNNCell):
    """Gated recurrent unit (Cho et al. 2014): reset and update gates, then a candidate state."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(self, inputs_shape)
        n = self._num_units
        self._gate_kernel = self.add_weight("gates/" + _WEIGHTS, shape=[depth + n, 2 * n],
                                            initializer=self._kernel_initializer)
        self._gate_bias = self.add_weight("gates/" + _BIAS, shape=[2 * n], initializer=(
            self._bias_initializer if self._bias_initializer is not None
            else init_ops.constant_initializer(1.0, dtype=self._dtype)))
        self._candidate_kernel = self.add_weight("candidate/" + _WEIGHTS, shape=[depth + n, n],
                                                 initializer=self._kernel_initializer)
        self._candidate_bias = self.add_weight("candidate/" + _BIAS, shape=[n], initializer=(
            self._bias_initializer if self._bias_initializer is not None
            else init_ops.zeros_initializer(dtype=self._dtype)))
        self.built = True

    def call(self, inputs, state):
        value = op("sigmoid")(_linear(self, inputs, state, self._gate_kernel, self._gate_bias))
        r, u = _split(value, 2)
        candidate = _linear(self, inputs, r * state, self._candidate_kernel, self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


@tf_export("nn.rnn_cell.BasicLSTMCell")
class BasicLSTMCell(RNNCell):
    """LSTM without peepholes or projection: gates i, j, f, o from one matrix product."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(self, inputs_shape)
        n = self._num_units
        self._kernel = self.add_weight(_WEIGHTS, shape=[depth + n, 4 * n])
        self._bias = self.add_weight(_BIAS, shape=[4 * n], initializer=init_ops.zeros_initializer(dtype=self._dtype))
        self.built = True

    def call(self, inputs, state):
        sigmoid = op("sigmoid")
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = op("split")(value=state, num_or_size_splits=2, axis=1)
        i, j, f, o = _split(_linear(self, inputs, h, self._kernel, self._bias), 4)
        forget_bias = convert_to_tensor(self._forget_bias, dtype=f.dtype)
        new_c = op("add")(op("multiply")(c, sigmoid(op("add")(f, forget_bias))),
                          op("multiply")(sigmoid(i), self._activation(j)))
        new_h = op("multiply")(self._activation(new_c), sigmoid(o))
        new_state = LSTMStateTuple(new_c, new_h) if self._state_is_tuple else op("concat")([new_c, new_h], 1)
        return new_h, new_state


@tf_export("nn.rnn_cell.LSTMCell")
class LSTMCell(RNNCell):
    """LSTM with optional peepholes (`use_peepholes`), cell clipping (`cell_clip`) and an output
    projection (`num_proj`, `proj_clip`)."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=None, num_proj_shards=None, forget_bias=1.0, state_is_tuple=True,
                 activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        if num_unit_shards is not None or num_proj_shards is not None:
            raise NotImplementedError("LSTMCell: num_unit_shards and num_proj_shards (partitioned weights) are "
                                      "not supported in sessionflow yet.")
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)
        out = num_proj if num_proj else num_units
        self._state_size = LSTMStateTuple(num_units, out) if state_is_tuple else num_units + out
        self._output_size = out

    state_size = property(lambda self: self._state_size)
    output_size = property(lambda self: self._output_size)

    def build(self, inputs_shape):
        depth = _input_depth(self, inputs_shape)
        n = self._num_units
        h_depth = self._num_proj if self._num_proj is not None else n
        self._kernel = self.add_weight(_WEIGHTS, shape=[depth + h_depth, 4 * n], initializer=self._initializer)
        self._bias = self.add_weight(_BIAS, shape=[4 * n], initializer=init_ops.zeros_initializer(dtype=self._dtype))
        if self._use_peepholes:
            self._w_f_diag = self.add_weight("w_f_diag", shape=[n], initializer=self._initializer)
            self._w_i_diag = self.add_weight("w_i_diag", shape=[n], initializer=self._initializer)
            self._w_o_diag = self.add_weight("w_o_diag", shape=[n], initializer=self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = self.add_weight(f"projection/{_WEIGHTS}", shape=[n, self._num_proj],
                                                initializer=self._initializer)
        self.built = True

    def call(self, inputs, state):
        sigmoid = op("sigmoid")
        n = self._num_units
        num_proj = n if self._num_proj is None else self._num_proj
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = op("slice")(state, [0, 0], [-1, n])
            m_prev = op("slice")(state, [0, n], [-1, num_proj])
        if inputs.shape.ndims is not None and inputs.shape.with_rank(2)[1].value is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1]")
        i, j, f, o = _split(_linear(self, inputs, m_prev, self._kernel, self._bias), 4)
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
                 + sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = op("clip_by_value")(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = op("matmul")(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = op("clip_by_value")(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else op("concat")([c, m], 1)
        return m, new_state


@tf_export("nn.rnn_cell.MultiRNNCell")
class MultiRNNCell(RNNCell):
    """Cells stacked in layers: the output of cell i is the input of cell i+1; the state is one per
    cell (`cell_<i>` variable scopes)."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not is_nested(cells):
            raise TypeError(f"cells must be a list or tuple, but saw: {cells}.")
        if len(set(id(c) for c in cells)) < len(cells):
            import warnings

            warnings.warn("At least two cells provided to MultiRNNCell are the same object and will share "
                          "weights.", stacklevel=2)
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(is_nested(c.state_size) for c in self._cells):
            raise ValueError("Some cells return tuples of states, but the flag state_is_tuple is not set.  "
                             f"State sizes are: {[c.state_size for c in self._cells]}")

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(c.state_size for c in self._cells)
        return sum(c.state_size for c in self._cells)

    output_size = property(lambda self: self._cells[-1].output_size)

    def zero_state(self, batch_size, dtype):
        with get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(c.zero_state(batch_size, dtype) for c in self._cells)
            return super().zero_state(batch_size, dtype)

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [w for c in self._cells for w in c.trainable_weights]

    trainable_variables = trainable_weights

    def build(self, inputs_shape):
        self.built = True

    def call(self, inputs, state):
        current = inputs
        new_states = []
        position = 0
        for i, cell in enumerate(self._cells):
            with variable_scope(f"cell_{i}"):
                if self._state_is_tuple:
                    if not is_nested(state):
                        raise ValueError(f"Expected state to be a tuple of length {len(self.state_size)}, but "
                                         f"received: {state}")
                    cell_state = state[i]
                else:
                    cell_state = op("slice")(state, [0, position], [-1, cell.state_size])
                    position += cell.state_size
                current, new_state = cell(current, cell_state)
                new_states.append(new_state)
        new_states = tuple(new_states) if self._state_is_tuple else op("concat")(new_states, 1)
        return current, new_states

