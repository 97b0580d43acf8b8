"""Recurrent networks: `tf.nn.rnn_cell` (cells.py, wrappers.py), the drivers `tf.nn.dynamic_rnn`,
`tf.nn.static_rnn` and their bidirectional forms (drivers.py), `tf.nn.raw_rnn` and
`tf.nn.static_state_saving_rnn` (raw_rnn.py), and `tf.contrib.rnn` (contrib.py over contrib_cells.py,
block_cells.py and projection_wrappers.py).

Importing this package runs the `tf_export` declarations of its modules.
"""

from . import cells, drivers, raw_rnn, wrappers  # noqa: F401
