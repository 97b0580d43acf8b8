"""`tf.layers`: TF1's layer functions and classes (`tf.layers.dense`, `tf.layers.Conv2D`, ...).

Importing this package runs the `tf_export` declarations of its modules.
"""

from . import base, convolutional, convolutional3d, core, normalization, pooling  # noqa: F401
