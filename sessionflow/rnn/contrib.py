"""`tf.contrib.rnn` as TF 1.15 served it: the `tf.nn.rnn_cell` classes and drivers, the contrib cells
(contrib_cells.py, block_cells.py, projection_wrappers.py) and the stacked bidirectional drivers.

A TF 1.15 contrib.rnn name that is not here raises an AttributeError saying sessionflow does not provide it
yet (GridLSTMCell, PhasedLSTMCell, the convolutional LSTMs, ...).
"""

from __future__ import annotations

from .._namespaces import NOT_YET
from ..layers.base import op
from ..ops.structure import flatten
from ..variable_scope import variable_scope
from .block_cells import GRUBlockCell, GRUBlockCellV2, LSTMBlockCell, LSTMBlockFusedCell  # noqa: F401
from .cells import BasicLSTMCell, BasicRNNCell, GRUCell, LSTMCell, LSTMStateTuple, MultiRNNCell, RNNCell  # noqa: F401
from .contrib_cells import (  # noqa: F401
    AttentionCellWrapper,
    CoupledInputForgetGateLSTMCell,
    HighwayWrapper,
    IntersectionRNNCell,
    LayerNormBasicLSTMCell,
    NASCell,
    TimeFreqLSTMCell,
    UGRNNCell,
)
from .drivers import (
    _best_effort_batch_size,
    _transpose_batch_time,
    bidirectional_dynamic_rnn,
    static_bidirectional_rnn,
    static_rnn,  # noqa: F401
)
from .projection_wrappers import EmbeddingWrapper, InputProjectionWrapper, OutputProjectionWrapper  # noqa: F401
from .raw_rnn import static_state_saving_rnn  # noqa: F401
from .wrappers import DeviceWrapper, DropoutWrapper, ResidualWrapper  # noqa: F401


class LayerRNNCell(RNNCell):
    """An RNNCell whose weights are made in `build` (every sessionflow cell is one)."""


def transpose_batch_time(x):
    """[batch, time, ...] <-> [time, batch, ...]."""
    return _transpose_batch_time(x)


def best_effort_input_batch_size(flat_input):
    """The batch size of time-major inputs: static when some input knows it, else a scalar tensor."""
    return _best_effort_batch_size(flat_input)


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
                                    dtype=None, sequence_length=None, parallel_iterations=None, time_major=False,
                                    scope=None, swap_memory=False):
    """Layers of bidirectional_dynamic_rnn (scopes `cell_<i>`), each reading the previous layer's forward
    and backward outputs concatenated. Returns (outputs, forward states, backward states)."""
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            with variable_scope(f"cell_{i}"):
                outputs, (state_fw, state_bw) = bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, prev_layer,
                    initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    sequence_length=sequence_length, parallel_iterations=parallel_iterations, dtype=dtype,
                    swap_memory=swap_memory, time_major=time_major)
                prev_layer = op("concat")(flatten(outputs), 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None, initial_states_bw=None, dtype=None,
                            sequence_length=None, scope=None):
    """Layers of static_bidirectional_rnn over a list of inputs (scopes `cell_<i>/fw`, `cell_<i>/bw`).
    Returns (list of outputs, forward states, backward states)."""
    _check_stack(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            with variable_scope(f"cell_{i}") as cell_scope:
                prev_layer, state_fw, state_bw = static_bidirectional_rnn(
                    cell_fw, cell_bw, prev_layer,
                    initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    sequence_length=sequence_length, dtype=dtype, scope=cell_scope)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"module 'tensorflow.contrib.rnn' has no attribute {name!r}: tf.contrib.rnn.{name} {NOT_YET}",
                         name=name)
