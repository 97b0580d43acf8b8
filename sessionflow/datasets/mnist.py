"""MNIST as TensorFlow 1.x's tutorials read it: `input_data.read_data_sets` and `tf.keras.datasets.mnist`.

Under the alias this module is `tensorflow.examples.tutorials.mnist.input_data` (sessionflow/compat/alias.py),
`tf.contrib.learn.datasets.mnist` and `tensorflow.contrib.learn.python.learn.datasets.mnist` (sessionflow/learn,
served by sessionflow/compat/contrib.py), and its `load_data` is `tf.keras.datasets.mnist.load_data`.

`read_data_sets(train_dir, one_hot=True)` reads the four IDX files (gzip) from `train_dir`, downloading the
missing ones from `source_url`, and returns `Datasets(train, validation, test)`: the first `validation_size`
training examples are the validation set. Each `DataSet` hands out `next_batch(n)` as TF 1.x does: the global
NumPy generator is seeded when the DataSet is made (`numpy.random.seed(seed1 if seed is None else seed2)`
with `(seed1, seed2) = get_seed(seed)`, TF's op-seed rules), the examples are shuffled with
`numpy.random.shuffle` when the first batch is taken and again each time an epoch ends, and the batch that
crosses the end of an epoch is the rest of that epoch followed by the start of the next. Like TF, it uses
NumPy's global generator, so a program's own `numpy.random` calls change the order, as they do in TF.
"""

from __future__ import annotations

import collections
import gzip
import os

import numpy

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.seeds import get_seed
from .download import ChecksumError, DownloadError, fetch
from .keras_files import get_file, prepare_cache_dir, reading

# CVDF mirror of http://yann.lecun.com/exdb/mnist/, the one TF 1.x downloads from.
DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
SOURCE_URL = DEFAULT_SOURCE_URL

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
FILES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

# SHA-256 of the four files as the mirrors publish them. A download from one of these mirrors is checked;
# another source_url (Fashion-MNIST, a local server) serves other files and is not.
SHA256 = {
    TRAIN_IMAGES: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    TRAIN_LABELS: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    TEST_IMAGES: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    TEST_LABELS: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
MNIST_MIRRORS = (DEFAULT_SOURCE_URL, "http://yann.lecun.com/exdb/mnist/", "https://yann.lecun.com/exdb/mnist/",
                 "https://ossci-datasets.s3.amazonaws.com/mnist/")

KERAS_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
KERAS_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])

_IMAGE_MAGIC, _LABEL_MAGIC = 2051, 2049


def _read32(bytestream) -> int:
    """The next big-endian unsigned 32-bit integer of an IDX header."""
    data = bytestream.read(4)
    if len(data) < 4:
        raise ValueError(f"MNIST file {getattr(bytestream, 'name', '')} is truncated: its header ends early")
    return int.from_bytes(data, "big")


def _read_exactly(bytestream, count: int, what: str, name: str) -> bytes:
    chunks, remaining = [], count
    while remaining > 0:  # in pieces: a damaged header may promise more than memory holds
        chunk = bytestream.read(min(remaining, 1 << 24))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    data = b"".join(chunks)
    if len(data) != count:
        raise ValueError(f"MNIST {what} file {name} is truncated: its header promises {count} bytes of data, "
                         f"it has {len(data)}")
    return data


def extract_images(f):
    """The images of an IDX image file (gzip) as a uint8 array [index, y, x, depth=1]. `f` is a binary file
    object; its name is printed ("Extracting ...") as TF does. A wrong magic number is TF's ValueError."""
    print("Extracting", f.name)
    with gzip.GzipFile(fileobj=f) as bytestream:
        magic = _read32(bytestream)
        if magic != _IMAGE_MAGIC:
            raise ValueError("Invalid magic number %d in MNIST image file: %s" % (magic, f.name))
        count, rows, cols = _read32(bytestream), _read32(bytestream), _read32(bytestream)
        data = _read_exactly(bytestream, count * rows * cols, "image", f.name)
        return numpy.frombuffer(data, dtype=numpy.uint8).reshape(count, rows, cols, 1)


def dense_to_one_hot(labels_dense, num_classes):
    """Class labels [n] as one-hot rows [n, num_classes] (float64, as TF's)."""
    labels_dense = numpy.asarray(labels_dense)
    if labels_dense.size and (labels_dense.min() < 0 or labels_dense.max() >= num_classes):
        raise ValueError(f"labels must be in [0, {num_classes}) for a one-hot encoding with {num_classes} "
                         f"classes, got values from {labels_dense.min()} to {labels_dense.max()}")
    one_hot = numpy.zeros((labels_dense.shape[0], num_classes))
    one_hot[numpy.arange(labels_dense.shape[0]), labels_dense.ravel()] = 1
    return one_hot


def extract_labels(f, one_hot=False, num_classes=10):
    """The labels of an IDX label file (gzip): uint8 [index], or one-hot float64 rows when `one_hot`."""
    print("Extracting", f.name)
    with gzip.GzipFile(fileobj=f) as bytestream:
        magic = _read32(bytestream)
        if magic != _LABEL_MAGIC:
            raise ValueError("Invalid magic number %d in MNIST label file: %s" % (magic, f.name))
        count = _read32(bytestream)
        labels = numpy.frombuffer(_read_exactly(bytestream, count, "label", f.name), dtype=numpy.uint8)
    if one_hot:
        try:
            return dense_to_one_hot(labels, num_classes)
        except ValueError as e:
            raise ValueError(f"MNIST label file {f.name}: {e}") from None
    return labels


class DataSet:
    """One split (train, validation or test): `images`, `labels`, `num_examples`, `epochs_completed`, and
    `next_batch`. `dtype` uint8 keeps pixels in [0, 255]; float32 scales them to [0, 1]. `reshape` flattens
    [n, rows, cols, 1] to [n, rows * cols]. `seed` (with the graph seed) seeds NumPy's global generator."""

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=dtypes.float32, reshape=True,
                 seed=None):
        seed1, seed2 = get_seed(seed, advance=False)  # TF 1.x's get_seed took nothing from the graph here
        numpy.random.seed(seed1 if seed is None else seed2)  # TF 1.x: the graph seed unless an op seed is given
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype not in (dtypes.uint8, dtypes.float32):
            raise TypeError("Invalid image dtype %r, expected uint8 or float32" % dtype)
        self.one_hot = one_hot
        if fake_data:
            self._num_examples = 10000
        else:
            if images.shape[0] != labels.shape[0]:
                raise AssertionError(f"images.shape: {images.shape} labels.shape: {labels.shape}")
            self._num_examples = images.shape[0]
            if reshape:
                if images.shape[3] != 1:
                    raise AssertionError(f"reshape=True needs images of depth 1, got shape {images.shape}")
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == dtypes.float32:
                images = numpy.multiply(images.astype(numpy.float32), 1.0 / 255.0)  # float32, as TF's
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._num_examples

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def _shuffle(self) -> None:
        order = numpy.arange(self._num_examples)
        numpy.random.shuffle(order)
        self._images = self._images[order]
        self._labels = self._labels[order]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next `batch_size` (images, labels). The order is shuffled before the first batch and at the end
        of each epoch (unless `shuffle=False`); a batch that crosses an epoch's end is the rest of that epoch
        followed by the start of the next. `fake_data`: lists of 784 ones and label 0 (one-hot: class 0)."""
        if fake_data:
            fake_image = [1] * 784
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return [fake_image for _ in range(batch_size)], [fake_label for _ in range(batch_size)]
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size > self._num_examples:  # this batch finishes the epoch
            self._epochs_completed += 1
            rest_images = self._images[start:self._num_examples]
            rest_labels = self._labels[start:self._num_examples]
            if shuffle:
                self._shuffle()
            self._index_in_epoch = end = batch_size - (self._num_examples - start)
            return (numpy.concatenate((rest_images, self._images[:end]), axis=0),
                    numpy.concatenate((rest_labels, self._labels[:end]), axis=0))
        self._index_in_epoch += batch_size
        end = self._index_in_epoch
        return self._images[start:end], self._labels[start:end]


def _missing_files_help(train_dir: str, source_url: str) -> str:
    folder = os.path.abspath(train_dir)
    missing = [name for name in FILES if not os.path.exists(os.path.join(train_dir, name))]
    missing_text = ("all four are" if len(missing) == len(FILES) else
                    f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'}")
    return (f"read_data_sets reads the four MNIST files {', '.join(FILES[:3])} and {FILES[3]} from the folder "
            f"{train_dir!r} ({folder}), and {missing_text} missing there. Without a network, download them from "
            f"{source_url} elsewhere and put them in {folder}")


def maybe_download(filename, work_directory, source_url):
    """The path of `filename` in `work_directory`, downloaded from `source_url` (the file's full URL) when it
    is not there yet. A download from a known MNIST mirror is checked against the published SHA-256."""
    filepath = os.path.join(work_directory, filename)
    if os.path.exists(filepath):
        return filepath
    base_url = source_url[:-len(filename)] if source_url.endswith(filename) else None
    expected = SHA256.get(filename) if base_url in MNIST_MIRRORS else None
    try:
        size = fetch(source_url, filepath, sha256=expected)
    except ChecksumError:
        raise
    except DownloadError as e:
        raise DownloadError(f"{e}. {_missing_files_help(work_directory, base_url or source_url)}.") from None
    print("Successfully downloaded", filename, size, "bytes.")
    return filepath


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=dtypes.float32, reshape=True,
                   validation_size=5000, seed=None, source_url=DEFAULT_SOURCE_URL):
    """MNIST from the folder `train_dir` (missing files downloaded from `source_url`) as
    `Datasets(train, validation, test)`; `validation_size` examples are taken from the start of the training
    file. `fake_data`: three DataSets of 10000 fake examples, reading nothing."""
    if fake_data:
        def fake():
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)

        return Datasets(train=fake(), validation=fake(), test=fake())
    if not source_url:
        source_url = DEFAULT_SOURCE_URL

    def read(filename, extract, **options):
        local_file = maybe_download(filename, train_dir, source_url + filename)
        with open(local_file, "rb") as f:
            return extract(f, **options)

    train_images = read(TRAIN_IMAGES, extract_images)
    train_labels = read(TRAIN_LABELS, extract_labels, one_hot=one_hot)
    test_images = read(TEST_IMAGES, extract_images)
    test_labels = read(TEST_LABELS, extract_labels, one_hot=one_hot)
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {len(train_images)}. "
                         f"Received: {validation_size}.")
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    train = DataSet(train_images[validation_size:], train_labels[validation_size:], **options)
    validation = DataSet(train_images[:validation_size], train_labels[:validation_size], **options)
    test = DataSet(test_images, test_labels, **options)
    return Datasets(train=train, validation=validation, test=test)


def load_mnist(train_dir="MNIST-data"):
    return read_data_sets(train_dir)


# The names TF 1.15's tensorflow/examples/tutorials/mnist/input_data.py gives them.
_DataSet, _Datasets = DataSet, Datasets
_extract_images, _extract_labels, _dense_to_one_hot, _maybe_download = (extract_images, extract_labels,
                                                                        dense_to_one_hot, maybe_download)


@tf_export("keras.datasets.mnist.load_data")
def load_data(path="mnist.npz", cache_dir=None):
    """MNIST as `((x_train, y_train), (x_test, y_test))`, uint8 arrays of shapes (60000, 28, 28), (60000,),
    (10000, 28, 28), (10000,), from `~/.keras/datasets/<path>` (or `<cache_dir>/datasets/<path>`), downloaded
    from TF's mirror when it is missing or is not the published file (keras_files.get_file)."""
    cache_dir = prepare_cache_dir(cache_dir)
    fpath = get_file(path, origin=KERAS_URL, api="tf.keras.datasets.mnist.load_data", file_hash=KERAS_SHA256,
                     cache_dir=cache_dir)
    with reading(fpath, "MNIST's mnist.npz"):
        with numpy.load(fpath, allow_pickle=True) as f:
            return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
