"""Data sets TF 1.x programs load: MNIST as the tutorials read it (`input_data.read_data_sets`,
`tf.keras.datasets.mnist.load_data`) and the other `tf.keras.datasets` loaders (fashion_mnist, cifar10,
cifar100, imdb, reuters, boston_housing) as TensorFlow's Keras provides them. download.py fetches their files
and keras_files.py keeps Keras's cache. sessionflow/keras makes the `tf.keras.datasets` namespace the loaders
are exported in.
"""

from __future__ import annotations

# Each registers its tf.keras.datasets.<name> functions.
from . import boston_housing, cifar10, cifar100, fashion_mnist, imdb, mnist, reuters  # noqa: F401
