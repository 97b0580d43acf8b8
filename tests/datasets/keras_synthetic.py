"""Small files in the formats of TensorFlow's Keras data sets (Fashion-MNIST's gzip IDX files, CIFAR's tar.gz
of Python-2 pickles, IMDB's / Reuters' / Boston's npz, the JSON word indexes), the calls made on them, and
`describe`, which writes what a loader returns as JSON (arrays by dtype, shape, strides, writeability and a
digest of their bytes; object arrays item by item, with each item's type). tools/record_keras_datasets.py runs
TensorFlow's loaders on these files and records keras_datasets_goldens.json; test_keras_datasets.py runs
sessionflow's on the same files and compares. Only NumPy and the standard library are used here."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import pickle
import tarfile

import numpy as np

CIFAR10_DIR, CIFAR100_DIR = "cifar-10-batches-py", "cifar-100-python"


def _gzip_idx(magic: int, array: np.ndarray) -> bytes:
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return gzip.compress(header + array.astype(np.uint8).tobytes(), mtime=0)


def fashion_files() -> dict:
    rng = np.random.RandomState(1)
    x_train, x_test = rng.randint(0, 256, (5, 28, 28)), rng.randint(0, 256, (3, 28, 28))
    y_train, y_test = rng.randint(0, 10, 5), rng.randint(0, 10, 3)
    return {"train-labels-idx1-ubyte.gz": _gzip_idx(2049, y_train),
            "train-images-idx3-ubyte.gz": _gzip_idx(2051, x_train),
            "t10k-labels-idx1-ubyte.gz": _gzip_idx(2049, y_test),
            "t10k-images-idx3-ubyte.gz": _gzip_idx(2051, x_test)}


def _cifar_batch(rng, rows: int, labels: dict) -> bytes:
    """A batch as the Python version of CIFAR stores it: a protocol-2 pickle of a dict with bytes keys."""
    batch = {b"batch_label": b"synthetic batch", b"data": rng.randint(0, 256, (rows, 3072)).astype(np.uint8),
             b"filenames": [b"image_%d.png" % i for i in range(rows)]}
    batch.update({key.encode(): [int(v) for v in rng.randint(0, top, rows)] for key, (top) in labels.items()})
    return pickle.dumps(batch, protocol=2)


def _tar_gz(members: dict) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name in sorted(members):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(members[name]), 0, 0o644
            tar.addfile(info, io.BytesIO(members[name]))
    return out.getvalue()


def cifar10_archive(train_rows=(1, 1, 1, 1, 1), test_rows=3) -> bytes:
    """cifar-10-python.tar.gz with training batches of `train_rows` images (TensorFlow broadcasts a batch of
    one image over its 10000 rows) and a test batch of `test_rows`."""
    rng = np.random.RandomState(2)
    members = {f"{CIFAR10_DIR}/data_batch_{i + 1}": _cifar_batch(rng, rows, {"labels": 10})
               for i, rows in enumerate(train_rows)}
    members[f"{CIFAR10_DIR}/test_batch"] = _cifar_batch(rng, test_rows, {"labels": 10})
    members[f"{CIFAR10_DIR}/batches.meta"] = pickle.dumps({b"label_names": [b"airplane"]}, protocol=2)
    return _tar_gz(members)


def cifar100_archive() -> bytes:
    rng = np.random.RandomState(3)
    labels = {"fine_labels": 100, "coarse_labels": 20}
    return _tar_gz({f"{CIFAR100_DIR}/train": _cifar_batch(rng, 4, labels),
                    f"{CIFAR100_DIR}/test": _cifar_batch(rng, 3, labels),
                    f"{CIFAR100_DIR}/meta": pickle.dumps({b"fine_label_names": [b"apple"]}, protocol=2)})


def _sequences(rng, count: int, lengths=(1, 9), top=30):
    """`count` word-index lists (Python ints, as the real files hold) in a 1-D object array."""
    out = np.empty(count, dtype=object)
    for i in range(count):
        length = lengths[0] if lengths[0] == lengths[1] else rng.randint(*lengths)
        out[i] = [int(w) for w in rng.randint(1, top, length)]
    return out


def _npz(**arrays) -> bytes:
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def imdb_npz(train=7, test=5, lengths=(1, 9)) -> bytes:
    rng = np.random.RandomState(4)
    return _npz(x_train=_sequences(rng, train, lengths), y_train=rng.randint(0, 2, train).astype(np.int64),
                x_test=_sequences(rng, test, lengths), y_test=rng.randint(0, 2, test).astype(np.int64))


def reuters_npz() -> bytes:
    rng = np.random.RandomState(5)
    return _npz(x=_sequences(rng, 11), y=rng.randint(0, 46, 11).astype(np.int64))


def boston_npz() -> bytes:
    rng = np.random.RandomState(6)
    return _npz(x=rng.uniform(0, 100, (11, 13)), y=rng.uniform(5, 50, 11))


def word_index(words) -> bytes:
    return json.dumps({word: i + 1 for i, word in enumerate(words)}).encode()


def files() -> dict:
    """Every synthetic file by its path under the cache's datasets folder."""
    out = {f"fashion-mnist/{name}": content for name, content in fashion_files().items()}
    out.update({
        "cifar-10-batches-py.tar.gz": cifar10_archive(),
        "cifar-100-python.tar.gz": cifar100_archive(),
        "imdb.npz": imdb_npz(),
        "imdb_square.npz": imdb_npz(train=4, test=4, lengths=(3, 3)),
        "imdb_same_length.npz": imdb_npz(lengths=(4, 4)),
        "reuters.npz": reuters_npz(),
        "boston_housing.npz": boston_npz(),
        "imdb_word_index.json": word_index(["the", "and", "a", "of", "film"]),
        "reuters_word_index.json": word_index(["the", "of", "to", "said", "mln", "é"]),
    })
    return out


def write(datasets_dir: str) -> dict:
    """Writes the files into `datasets_dir` (a cache's `datasets` folder); returns their hashes by name
    (SHA-256, and MD5 for the JSON word indexes, as TensorFlow checks them)."""
    hashes = {}
    for name, content in files().items():
        path = os.path.join(datasets_dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
        algorithm = hashlib.md5 if name.endswith(".json") else hashlib.sha256
        hashes[name] = algorithm(content).hexdigest()
    return hashes


# (case, module, function, keyword arguments); `cache_dir` is added for the load_data calls.
CASES = [
    ("fashion_mnist", "fashion_mnist", "load_data", {}),
    ("cifar10", "cifar10", "load_data", {}),
    ("cifar10_channels_first", "cifar10", "load_data", {"channels_first": True}),
    ("cifar100_fine", "cifar100", "load_data", {}),
    ("cifar100_coarse", "cifar100", "load_data", {"label_mode": "coarse"}),
    ("cifar100_coarse_channels_first", "cifar100", "load_data", {"label_mode": "coarse", "channels_first": True}),
    ("cifar100_bad_label_mode", "cifar100", "load_data", {"label_mode": "medium"}),
    ("imdb", "imdb", "load_data", {}),
    ("imdb_vocabulary", "imdb", "load_data", {"num_words": 12, "skip_top": 5}),
    ("imdb_vocabulary_no_oov", "imdb", "load_data", {"num_words": 12, "skip_top": 5, "oov_char": None}),
    ("imdb_maxlen", "imdb", "load_data", {"maxlen": 6}),
    ("imdb_maxlen_too_small", "imdb", "load_data", {"maxlen": 2}),
    ("imdb_seed", "imdb", "load_data", {"seed": 7, "start_char": 9, "index_from": 0}),
    ("imdb_no_start", "imdb", "load_data", {"start_char": None}),
    ("imdb_no_start_no_shift", "imdb", "load_data", {"start_char": None, "index_from": 0}),
    ("imdb_square_no_start_no_shift", "imdb", "load_data",
     {"path": "imdb_square.npz", "start_char": None, "index_from": 0}),
    ("imdb_same_length", "imdb", "load_data", {"path": "imdb_same_length.npz"}),
    ("imdb_nb_words", "imdb", "load_data", {"nb_words": 10}),
    ("imdb_unknown_argument", "imdb", "load_data", {"num_word": 10}),
    ("imdb_word_index", "imdb", "get_word_index", {}),
    ("reuters", "reuters", "load_data", {}),
    ("reuters_options", "reuters", "load_data",
     {"num_words": 15, "skip_top": 2, "maxlen": 7, "test_split": 0.5, "seed": 3}),
    ("reuters_no_oov_no_start", "reuters", "load_data",
     {"oov_char": None, "start_char": None, "num_words": 20, "index_from": 1}),
    ("reuters_maxlen_keeps_none", "reuters", "load_data", {"maxlen": 1}),
    ("reuters_unknown_argument", "reuters", "load_data", {"test": 1}),
    ("reuters_word_index", "reuters", "get_word_index", {}),
    ("reuters_label_names", "reuters", "get_label_names", {}),
    ("boston_housing", "boston_housing", "load_data", {}),
    ("boston_housing_split", "boston_housing", "load_data", {"test_split": 0.35, "seed": 1}),
    ("boston_housing_no_test", "boston_housing", "load_data", {"test_split": 0}),
    ("boston_housing_bad_split", "boston_housing", "load_data", {"test_split": 1.0}),
]


def describe(value):
    """`value` as JSON-able data that says exactly what it is."""
    if isinstance(value, np.ndarray):  # [dtype, shape, strides, writeable, digest of the bytes or the items]
        if value.dtype == object:
            content = [describe(item) for item in value.ravel()]
        else:
            content = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()[:16]
        return {"array": [str(value.dtype), list(value.shape), list(value.strides), bool(value.flags.writeable),
                          content]}
    if isinstance(value, tuple):
        return {"tuple": [describe(item) for item in value]}
    if isinstance(value, list):
        if all(type(item) is int for item in value):
            return {"ints": value}
        return {"list": [describe(item) for item in value]}
    if isinstance(value, dict):
        return {"dict": [[key, describe(item)] for key, item in sorted(value.items())]}
    if isinstance(value, np.generic):
        return {"numpy": str(value.dtype), "value": value.item()}
    if isinstance(value, (bool, int, float, str)) or value is None:
        return {type(value).__name__: value}
    raise TypeError(f"cannot describe {type(value).__name__}")


def describe_error(error: BaseException, cache: str) -> dict:
    return {"error": type(error).__name__, "message": str(error).replace(cache, "<cache>")}
