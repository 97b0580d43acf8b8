"""What the CIFAR-10 and CIFAR-100 loaders share: reading one batch file of the Python version of CIFAR (a
pickle of a dict with bytes keys, written by Python 2), as TensorFlow's Keras reads it."""

from __future__ import annotations

import pickle

from .keras_files import reading


def load_batch(fpath, label_key="labels", delete=None):
    """`(data, labels)` of the batch file `fpath`: the images as (n, 3, 32, 32) (channels first, as stored)
    and the labels under `label_key` as stored (a list). A damaged file is a ValueError naming it."""
    with reading(fpath, "a CIFAR batch file (a pickle)", delete):
        with open(fpath, "rb") as f:
            batch = {key.decode("utf8"): value for key, value in pickle.load(f, encoding="bytes").items()}
        data, labels = batch["data"], batch[label_key]
        return data.reshape(data.shape[0], 3, 32, 32), labels


def channels_last() -> bool:
    from ..keras.backend_functions import image_data_format  # here: sessionflow.keras imports this package

    return image_data_format() == "channels_last"
