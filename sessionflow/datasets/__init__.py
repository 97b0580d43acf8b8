"""Data sets TF 1.x programs load: MNIST as the tutorials read it (`input_data.read_data_sets`,
`tf.keras.datasets.mnist.load_data`); download.py fetches their files. sessionflow/keras makes the
`tf.keras.datasets` namespace the loader is exported in.
"""

from __future__ import annotations

from . import mnist  # noqa: F401 - registers tf.keras.datasets.mnist.load_data
