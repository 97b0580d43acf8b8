"""Data sets TF 1.x programs load: MNIST as the tutorials read it (`input_data.read_data_sets`,
`tf.keras.datasets.mnist.load_data`); download.py fetches their files.

`tf.keras` here holds only `tf.keras.datasets.mnist.load_data`. TF1's list of names gives keras by name only,
so any other public name under `tf.keras` or `tf.keras.datasets` is reported as a TF1 API not provided yet.
"""

from __future__ import annotations

from .._namespaces import NAMESPACES, NOT_YET, make_namespace, missing_attribute
from . import mnist  # noqa: F401 - registers tf.keras.datasets.mnist.load_data


def _keras_getattr(path: str):
    def __getattr__(name: str):
        error = missing_attribute(NAMESPACES[path], path, name)
        if name.startswith("_") or NOT_YET in str(error):
            raise error
        raise AttributeError(f"{error}: tf.{path}.{name} {NOT_YET}")

    return __getattr__


for _path in ("keras", "keras.datasets"):
    make_namespace(_path, {"__getattr__": _keras_getattr(_path)})
