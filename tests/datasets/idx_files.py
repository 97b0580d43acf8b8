"""Small MNIST-shaped IDX files (gzip) the data-set tests write themselves: learnable synthetic digits."""

from __future__ import annotations

import gzip
import io
import os

import numpy as np

IMAGE_MAGIC, LABEL_MAGIC = 2051, 2049
FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz")


def idx_bytes(array: np.ndarray, magic: int, count: int | None = None) -> bytes:
    """An IDX file, gzip-compressed: magic, the dimensions (the first replaced by `count` if given), the bytes."""
    dims = list(array.shape)
    if count is not None:
        dims[0] = count
    raw = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in dims)
    return gzip.compress(raw + np.ascontiguousarray(array, dtype=np.uint8).tobytes(), mtime=0)


def digits(count: int, seed: int, size: int = 28):
    """`count` images (uint8 [count, size, size]) whose label k is a bright band at rows 2k..2k+5, over noise."""
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 10, count).astype(np.uint8)
    images = rng.randint(0, 60, (count, size, size)).astype(np.uint8)
    for i, label in enumerate(labels):
        images[i, 2 * label:2 * label + 6, 4:size - 4] = 250
    return images, labels


def mnist_files(train: int = 5600, test: int = 300, seed: int = 0) -> dict:
    """The four files' bytes by name, and the arrays they hold."""
    train_images, train_labels = digits(train, seed)
    test_images, test_labels = digits(test, seed + 1)
    data = dict(zip(FILES, (idx_bytes(train_images, IMAGE_MAGIC), idx_bytes(train_labels, LABEL_MAGIC),
                            idx_bytes(test_images, IMAGE_MAGIC), idx_bytes(test_labels, LABEL_MAGIC))))
    return data, (train_images, train_labels, test_images, test_labels)


def write_mnist(folder, **options):
    """Writes the four files into `folder`; returns the arrays they hold."""
    data, arrays = mnist_files(**options)
    os.makedirs(folder, exist_ok=True)
    for name, content in data.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(content)
    return arrays


def npz_bytes(arrays: dict) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()
