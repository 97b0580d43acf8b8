"""tf.contrib.learn.datasets (TF 1.x): `mnist` (sessionflow/datasets/mnist.py: `read_data_sets`, `load_mnist`),
`base` (CSV loaders, the Dataset/Datasets tuples) and `load_dataset(name)`, which loads "mnist" into the folder
"MNIST-data" as TF 1.x did. iris, boston and dbpedia are names TF 1.x knew whose data sessionflow does not ship:
loading them says so.
"""

from __future__ import annotations

from ..._namespaces import NOT_YET, partial_module_getattr
from ...datasets import mnist
from . import base  # noqa: F401 - tf.contrib.learn.datasets.base

DATASETS = {"mnist": mnist.load_mnist}
_NOT_PROVIDED = ("iris", "boston", "dbpedia")


def load_dataset(name, size="small", test_with_fake_data=False):
    """The data set `name` (only "mnist": `Datasets(train, validation, test)` read from "MNIST-data")."""
    if name in _NOT_PROVIDED:
        raise NotImplementedError(f"tf.contrib.learn.datasets.load_dataset({name!r}) {NOT_YET}")
    if name not in DATASETS:
        raise ValueError(f"Name of dataset is not found: {name}")
    return DATASETS[name]()


_TF1_NAMES = ("load_iris", "load_boston", "text_datasets", "synthetic", "produce_dataset")
__getattr__ = partial_module_getattr("contrib.learn.datasets", _TF1_NAMES)
