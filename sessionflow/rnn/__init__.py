"""Recurrent networks: `tf.nn.rnn_cell` (cells.py, wrappers.py) and the drivers `tf.nn.dynamic_rnn`,
`tf.nn.static_rnn` and their bidirectional forms (drivers.py).

Importing this package runs the `tf_export` declarations of its modules.
"""

from . import cells, drivers, wrappers  # noqa: F401
