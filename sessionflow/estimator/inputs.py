"""`tf.estimator.inputs`: input_fns over NumPy arrays and pandas DataFrames.

TF 1.x feeds them through a FIFO (or RandomShuffleQueue) filled by `enqueue_data` threads and read with
`dequeue_many` (num_epochs=None: full batches forever) or `dequeue_up_to` (a last, smaller batch). Here the
same rows come from a tf.data pipeline over the arrays: `repeat(num_epochs)` then `batch(batch_size)` gives
exactly TF's unshuffled batches, epochs running on into one another within a batch as they do in the queue,
and a static batch size when num_epochs is None. With `shuffle=True` the rows are shuffled through a buffer
of `queue_capacity` rows seeded by the graph seed: a different permutation from TF's queue, equally random.
`num_threads` only orders TF's enqueue threads; it changes nothing here."""

from __future__ import annotations

import collections

import numpy as np

from ..framework.api import tf_export

_DIRECT_INPUT = "__direct_np_input__"
_TARGET_KEY = "__target_key__"


def _ordered(data, what: str) -> collections.OrderedDict:
    if not data:
        raise ValueError(f"{what} cannot be an empty dict")
    return collections.OrderedDict(sorted((key, np.asarray(value)) for key, value in data.items()))


def _unique_key(features: dict, key: str) -> str:
    while key in features:
        key += "_n"
    return key


def _dataset_batches(columns: collections.OrderedDict, batch_size, num_epochs, shuffle, queue_capacity):
    from ..data.dataset import DatasetV1
    from ..data.iterator import Iterator

    dataset = DatasetV1.from_tensor_slices(dict(columns)).repeat(num_epochs)
    if shuffle:
        # one op seed from the graph, as TF's RandomShuffleQueue takes
        dataset = dataset.shuffle(queue_capacity)
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)
    # TF's queue and enqueue threads take no other op seed: the random ops made after the input_fn get the seeds
    # they get in TF
    return Iterator._one_shot(dataset, takes_op_seed=False).get_next()


@tf_export("estimator.inputs.numpy_input_fn")
def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000, num_threads=1):
    """An input_fn returning batches of `x` (an array, or a dict of arrays: the features) and of `y` (an array
    or dict of arrays: the labels), `num_epochs` times over the rows (None: forever)."""
    if not isinstance(shuffle, bool):
        raise ValueError("shuffle must be provided and explicitly set as boolean (it is recommended to set it as "  # noqa: TRY004 - TF's ValueError
                         f"True for training); got {shuffle}")

    def input_fn():
        if isinstance(x, dict):
            columns = _ordered(x, "x")
        elif isinstance(x, np.ndarray):
            columns = collections.OrderedDict([(_DIRECT_INPUT, np.asarray(x))])
        else:
            raise TypeError(f"x must be a dict or array; got {type(x).__name__}")
        feature_keys = list(columns)
        if y is None:
            target_keys = None
        elif isinstance(y, dict):
            targets = _ordered(y, "y")
            duplicates = set(feature_keys) & set(targets)
            if duplicates:
                raise ValueError(f"{sorted(duplicates)} duplicate keys are found in both x and y: {sorted(duplicates)}")
            columns.update(targets)
            target_keys = list(targets)
        else:
            target_keys = _unique_key(columns, _TARGET_KEY)
            columns[target_keys] = np.asarray(y)
        lengths = {value.shape[0] if value.ndim else None for value in columns.values()}
        if len(lengths) != 1 or None in lengths:
            x_shapes = {k: columns[k].shape for k in feature_keys}
            y_shapes = (columns[target_keys].shape if isinstance(target_keys, str)
                        else {k: columns[k].shape for k in target_keys or ()})
            raise ValueError("Length of tensors in x and y is mismatched. All elements in x and y must have the same "
                             f"length.\nShapes in x: {x_shapes}\nShapes in y: {y_shapes}\n")
        batch = _dataset_batches(columns, batch_size, num_epochs, shuffle, queue_capacity)
        features = {key: batch[key] for key in feature_keys}
        if _DIRECT_INPUT in features:
            features = features[_DIRECT_INPUT]
        if target_keys is None:
            return features
        if isinstance(target_keys, list):
            return features, {key: batch[key] for key in target_keys}
        return features, batch[target_keys]

    return input_fn


@tf_export("estimator.inputs.pandas_input_fn")
def pandas_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000, num_threads=1,
                    target_column="target"):
    """numpy_input_fn over a pandas DataFrame's columns (and a Series of labels, whose index must match)."""
    try:
        import pandas  # noqa: F401
    except ImportError as e:
        raise TypeError("pandas_input_fn should not be called without pandas installed") from e
    if not isinstance(shuffle, bool):
        raise ValueError("shuffle must be provided and explicitly set as boolean (it is recommended to set it as "  # noqa: TRY004 - TF's ValueError
                         f"True for training); got {shuffle}")
    if y is not None:
        if target_column in x:
            raise ValueError(f"Cannot use name {target_column} for target column: DataFrame already has a column "
                             f"with that name: {list(x.columns)}")
        if not np.array_equal(x.index, y.index):
            raise ValueError(f"Index for x and y are mismatched.\nIndex for x: {x.index}\nIndex for y: {y.index}\n")
        y = y.to_numpy() if hasattr(y, "to_numpy") else np.asarray(y)
    features = {str(name): x[name].to_numpy() for name in x.columns}
    return numpy_input_fn(features, y, batch_size=batch_size, num_epochs=num_epochs, shuffle=shuffle,
                          queue_capacity=queue_capacity, num_threads=num_threads)
