"""TF 1.x's `tf.contrib.rnn` wrappers that add weights around a cell (contrib/rnn/python/ops/core_rnn_cell.py):
`EmbeddingWrapper`, `InputProjectionWrapper`, `OutputProjectionWrapper`.

Each is a cell with its own variable scope (`output_projection_wrapper/kernel`, `embedding_wrapper/embedding`);
the wrapped cell's weights live inside it (`output_projection_wrapper/gru_cell/...`).
"""

from __future__ import annotations

from ..framework.graph import get_default_graph
from ..layers.base import op
from ..variable_scope import get_variable, get_variable_scope
from .cells import assert_like_rnncell
from .contrib_cells import ContribCell, Linear, sqrt3_uniform


class _Wrapping(ContribCell):
    def __init__(self, cell, reuse=None):
        super().__init__(_reuse=reuse)
        assert_like_rnncell("cell", cell)
        self._cell = cell

    state_size = property(lambda self: self._cell.state_size)
    output_size = property(lambda self: self._cell.output_size)

    def zero_state(self, batch_size, dtype):
        with get_default_graph().name_scope(type(self).__name__ + "ZeroState"):
            return self._cell.zero_state(batch_size, dtype)


class EmbeddingWrapper(_Wrapping):
    """Looks integer ids up in an `embedding` [embedding_classes, embedding_size] (default initializer
    Uniform(-sqrt 3, sqrt 3)) and feeds the vectors to the cell."""

    def __init__(self, cell, embedding_classes, embedding_size, initializer=None, reuse=None):
        super().__init__(cell, reuse=reuse)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError(f"Both embedding_classes and embedding_size must be > 0: {embedding_classes}, "
                             f"{embedding_size}.")
        self._embedding_classes = embedding_classes
        self._embedding_size = embedding_size
        self._initializer = initializer

    def call(self, inputs, state):
        with op("device")("/cpu:0"):
            initializer = self._initializer or get_variable_scope().initializer or sqrt3_uniform()
            data_type = state[0].dtype if isinstance(state, tuple) else state.dtype
            embedding = get_variable("embedding", [self._embedding_classes, self._embedding_size],
                                     initializer=initializer, dtype=data_type.base_dtype)
            embedded = op("nn.embedding_lookup")(embedding, op("reshape")(inputs, [-1]))
            return self._cell(embedded, state)


class InputProjectionWrapper(_Wrapping):
    """Projects the inputs to `num_proj` (`kernel`, `bias`; then `activation`) before the cell."""

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super().__init__(cell, reuse=reuse)
        self._num_proj = num_proj
        self._activation = activation
        self._linear = None

    def call(self, inputs, state):
        if self._linear is None:
            self._linear = Linear(inputs, self._num_proj, True)
        projected = self._linear(inputs)
        if self._activation:
            projected = self._activation(projected)
        return self._cell(projected, state)


class OutputProjectionWrapper(_Wrapping):
    """Projects the cell's output to `output_size` (`kernel`, `bias`; then `activation`)."""

    def __init__(self, cell, output_size, activation=None, reuse=None):
        super().__init__(cell, reuse=reuse)
        if output_size < 1:
            raise ValueError(f"Parameter output_size must be > 0: {output_size}.")
        self._output_size = output_size
        self._activation = activation
        self._linear = None

    output_size = property(lambda self: self._output_size)

    def call(self, inputs, state):
        output, res_state = self._cell(inputs, state)
        if self._linear is None:
            self._linear = Linear(output, self._output_size, True)
        projected = self._linear(output)
        if self._activation:
            projected = self._activation(projected)
        return projected, res_state
