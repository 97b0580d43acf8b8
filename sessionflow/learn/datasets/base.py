"""tf.contrib.learn.datasets.base (TF 1.x): the `Dataset(data, target)` and `Datasets(train, validation, test)`
tuples, CSV loaders and `maybe_download`.

`load_csv_with_header` reads a CSV whose first row starts with the number of examples and of features (the
rest of that row, class names for example, is ignored) into `Dataset(data, target)`: `target` is the column
`target_column` (the last by default) of each row, `data` the other columns. `load_csv_without_header` reads
every row as an example. load_iris and load_boston read CSV files TF 1.x shipped inside its package, which
sessionflow does not have: they say they are not provided.
"""

from __future__ import annotations

import collections
import csv

import numpy as np

from ..._namespaces import partial_module_getattr
from ...datasets.mnist import Datasets, maybe_download  # noqa: F401 - the same tuple and download as mnist's
from ...io import gfile

Dataset = collections.namedtuple("Dataset", ["data", "target"])


def load_csv_with_header(filename, target_dtype, features_dtype, target_column=-1):
    """`Dataset(data, target)` of a CSV file whose header row is `n_samples,n_features,...`."""
    with gfile.GFile(filename) as f:
        rows = csv.reader(f)
        header = next(rows)
        n_samples, n_features = int(header[0]), int(header[1])
        data = np.zeros((n_samples, n_features), dtype=features_dtype)
        target = np.zeros((n_samples,), dtype=target_dtype)
        for i, row in enumerate(rows):
            target[i] = np.asarray(row.pop(target_column), dtype=target_dtype)
            data[i] = np.asarray(row, dtype=features_dtype)
    return Dataset(data=data, target=target)


def load_csv_without_header(filename, target_dtype, features_dtype, target_column=-1):
    """`Dataset(data, target)` of a CSV file whose every row is an example."""
    data, target = [], []
    with gfile.GFile(filename) as f:
        for row in csv.reader(f):
            target.append(row.pop(target_column))
            data.append(np.asarray(row, dtype=features_dtype))
    return Dataset(data=np.array(data), target=np.array(target, dtype=target_dtype))


def shrink_csv(filename, ratio):
    """Writes every `ratio`-th row of `filename` to the same name with `_small` before its first dot."""
    with gfile.GFile(filename) as f:
        rows = [row for i, row in enumerate(csv.reader(f)) if i % ratio == 0]
    with gfile.GFile(filename.replace(".", "_small.", 1), "w") as f:
        csv.writer(f).writerows(rows)


_TF1_NAMES = ("load_iris", "load_boston", "retry", "urlretrieve_with_retry")
__getattr__ = partial_module_getattr("contrib.learn.datasets.base", _TF1_NAMES)
