"""input_data.read_data_sets as TF 1.x's: reading the IDX files, the splits, dtypes and shapes, TF's errors, and
next_batch's order (TF's shuffling of NumPy's global generator, wrap-around batches) on small synthetic files."""

from __future__ import annotations

import gzip
import os

import numpy as np
import pytest
from idx_files import FILES, IMAGE_MAGIC, LABEL_MAGIC, digits, idx_bytes, write_mnist

import sessionflow as tf
from sessionflow.datasets import mnist

MAXINT32 = 2**31 - 1


@pytest.fixture
def folder(tmp_path):
    arrays = write_mnist(tmp_path / "MNIST_data", train=120, test=30)
    return str(tmp_path / "MNIST_data"), arrays


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()  # the graph seed decides the DataSet's NumPy seed
    yield
    tf.reset_default_graph()


def test_splits_shapes_and_values(folder, capsys):
    path, (train_images, train_labels, test_images, test_labels) = folder
    data = mnist.read_data_sets(path, validation_size=20)
    assert capsys.readouterr().out.splitlines() == [f"Extracting {os.path.join(path, name)}" for name in FILES]
    assert type(data).__name__ == "Datasets" and data._fields == ("train", "validation", "test")
    assert (data.train.num_examples, data.validation.num_examples, data.test.num_examples) == (100, 20, 30)
    assert data.train.images.shape == (100, 784) and data.train.images.dtype == np.float32
    scaled = train_images.reshape(120, 784).astype(np.float32) * np.float32(1.0 / 255.0)
    np.testing.assert_array_equal(data.validation.images, scaled[:20])  # the first validation_size examples
    np.testing.assert_array_equal(data.train.images, scaled[20:])
    assert 0.0 <= data.train.images.min() and data.train.images.max() <= 1.0
    assert data.train.labels.dtype == np.uint8 and data.train.labels.shape == (100,)
    np.testing.assert_array_equal(data.train.labels, train_labels[20:])
    np.testing.assert_array_equal(data.test.labels, test_labels)
    assert data.train.epochs_completed == 0


def test_one_hot_uint8_and_unreshaped(folder):
    path, (train_images, train_labels, test_images, _) = folder
    data = mnist.read_data_sets(path, one_hot=True, dtype=tf.uint8, reshape=False, validation_size=0)
    assert data.train.labels.shape == (120, 10) and data.train.labels.dtype == np.float64  # as TF's
    np.testing.assert_array_equal(data.train.labels.argmax(1), train_labels)
    assert (data.train.labels.sum(1) == 1).all()
    assert data.train.images.dtype == np.uint8 and data.train.images.shape == (120, 28, 28, 1)
    np.testing.assert_array_equal(data.test.images[..., 0], test_images)
    assert mnist.read_data_sets(path, dtype="uint8", validation_size=0).train.images.shape == (120, 784)


def test_validation_size_out_of_range(folder):
    path, _ = folder
    for size in (121, 5000, -1):
        with pytest.raises(ValueError, match=rf"^Validation size should be between 0 and 120\. Received: {size}\.$"):
            mnist.read_data_sets(path, validation_size=size)
    assert mnist.read_data_sets(path, validation_size=120).train.num_examples == 0


def test_invalid_dtype():
    images, labels = digits(4, 0)
    with pytest.raises(TypeError, match=r"^Invalid image dtype tf\.int32, expected uint8 or float32$"):
        mnist.DataSet(images[..., None], labels, dtype=tf.int32)


def test_bad_magic_numbers(tmp_path, capsys):
    images, labels = digits(5, 0)
    (tmp_path / "images.gz").write_bytes(idx_bytes(images, LABEL_MAGIC))
    (tmp_path / "labels.gz").write_bytes(idx_bytes(labels, IMAGE_MAGIC))
    with open(tmp_path / "images.gz", "rb") as f, pytest.raises(ValueError) as caught:
        mnist.extract_images(f)
    assert str(caught.value) == f"Invalid magic number 2049 in MNIST image file: {tmp_path / 'images.gz'}"
    with open(tmp_path / "labels.gz", "rb") as f, pytest.raises(ValueError) as caught:
        mnist.extract_labels(f)
    assert str(caught.value) == f"Invalid magic number 2051 in MNIST label file: {tmp_path / 'labels.gz'}"


def test_truncated_files_and_bad_labels_are_clear_errors(tmp_path):
    images, labels = digits(5, 0)
    (tmp_path / "short.gz").write_bytes(idx_bytes(images, IMAGE_MAGIC, count=6))
    with open(tmp_path / "short.gz", "rb") as f, pytest.raises(ValueError, match="is truncated: its header promises"):
        mnist.extract_images(f)
    (tmp_path / "header.gz").write_bytes(gzip.compress(IMAGE_MAGIC.to_bytes(4, "big") + b"\0\0"))
    with open(tmp_path / "header.gz", "rb") as f, pytest.raises(ValueError, match="its header ends early"):
        mnist.extract_images(f)
    (tmp_path / "labels.gz").write_bytes(idx_bytes(np.array([1, 10, 2]), LABEL_MAGIC))
    with open(tmp_path / "labels.gz", "rb") as f, pytest.raises(ValueError, match=r"labels must be in \[0, 10\)"):
        mnist.extract_labels(f, one_hot=True)
    with pytest.raises(AssertionError, match=r"images.shape: \(5, 28, 28, 1\) labels.shape: \(4,\)"):
        mnist.DataSet(images[..., None], labels[:4])


def _dataset(count=10, seed=None, **options):
    images = np.arange(count, dtype=np.uint8).reshape(count, 1, 1, 1)
    return mnist.DataSet(images, np.arange(count), dtype=tf.uint8, seed=seed, **options)


def test_each_example_once_per_epoch_and_the_wrap_around_batch():
    data = _dataset(10, seed=3)
    first = np.concatenate([data.next_batch(4)[1], data.next_batch(4)[1]])
    assert data.epochs_completed == 0
    images, labels = data.next_batch(4)  # 2 left in epoch 1, then 2 from epoch 2
    assert data.epochs_completed == 1
    np.testing.assert_array_equal(images.ravel(), labels)  # images and labels stay paired through the shuffles
    epoch1 = np.concatenate([first, labels[:2]])
    assert sorted(epoch1) == list(range(10)) and list(epoch1) != list(range(10))
    epoch2 = np.concatenate([labels[2:], data.next_batch(8)[1]])
    assert sorted(epoch2) == list(range(10)) and data.epochs_completed == 1
    assert list(epoch2) != list(epoch1)  # reshuffled at the epoch's end
    # An epoch that ends exactly on a batch: the epoch counts as done only when the next batch is taken.
    assert data.next_batch(5)[1].shape == (5,) and data.epochs_completed == 2


def test_shuffle_false_keeps_the_file_order():
    data = _dataset(7)
    batches = [list(data.next_batch(3, shuffle=False)[1]) for _ in range(4)]
    assert batches == [[0, 1, 2], [3, 4, 5], [6, 0, 1], [2, 3, 4]]
    assert data.epochs_completed == 1


def _tf_permutation(numpy_seed, count):
    """TF 1.x's first-epoch order: numpy.random.seed(seed) when the DataSet is made, then numpy.random.shuffle."""
    order = np.arange(count)
    np.random.RandomState(numpy_seed).shuffle(order)
    return order


def test_seeding_follows_tf1():
    # seed given, no graph seed: get_seed gives (87654321, seed) and NumPy is seeded with the second.
    assert list(_dataset(50, seed=7).next_batch(50)[1]) == list(_tf_permutation(7, 50))
    # no seed, a graph seed: NumPy is seeded with the graph seed.
    tf.set_random_seed(11)
    assert list(_dataset(50).next_batch(50)[1]) == list(_tf_permutation(11, 50))
    # graph seed 0 and seed 0 give (0, 2**31 - 1), as TF's get_seed.
    tf.set_random_seed(0)
    assert list(_dataset(50, seed=0).next_batch(50)[1]) == list(_tf_permutation(MAXINT32, 50))


def test_it_is_numpys_global_generator_as_in_tf():
    _dataset(5, seed=21)
    assert np.random.rand() == np.random.RandomState(21).rand()  # making a DataSet reseeds numpy.random
    data = _dataset(30, seed=21)
    np.random.seed(99)  # the program's own seeding changes the order, as in TF
    assert list(data.next_batch(30)[1]) == list(_tf_permutation(99, 30))


def test_same_seed_same_batches_and_no_seed_varies(folder):
    path, _ = folder

    def batches(**options):
        data = mnist.read_data_sets(path, validation_size=20, **options)
        return [data.train.next_batch(30)[1] for _ in range(7)]  # crosses two epochs

    assert all((a == b).all() for a, b in zip(batches(seed=5), batches(seed=5)))
    assert any((a != b).any() for a, b in zip(batches(seed=5), batches(seed=6)))
    assert any((a != b).any() for a, b in zip(batches(), batches()))


def test_fake_data_reads_nothing(tmp_path):
    data = mnist.read_data_sets(str(tmp_path / "nowhere"), fake_data=True, one_hot=True)
    assert not os.path.exists(tmp_path / "nowhere")
    assert data.train.num_examples == data.validation.num_examples == data.test.num_examples == 10000
    images, labels = data.train.next_batch(3, fake_data=True)
    assert images == [[1] * 784] * 3 and labels == [[1] + [0] * 9] * 3
    plain = mnist.read_data_sets("unused", fake_data=True)
    assert plain.test.next_batch(2, fake_data=True)[1] == [0, 0]


def test_the_module_has_tf1s_names():
    assert mnist.DEFAULT_SOURCE_URL == "https://storage.googleapis.com/cvdf-datasets/mnist/"
    assert mnist._DataSet is mnist.DataSet and mnist._Datasets is mnist.Datasets
    one_hot = mnist.dense_to_one_hot(np.array([2, 0]), 3)
    np.testing.assert_array_equal(one_hot, [[0, 0, 1], [1, 0, 0]])
    assert tf.keras.datasets.mnist.load_data is mnist.load_data


def test_reading_the_data_takes_no_op_seed_from_the_graph(tmp_path):
    """Seeded ops made after read_data_sets get the op seeds they would get without it."""
    folder = str(tmp_path / "MNIST_data")
    write_mnist(folder)
    seeds = []
    for load in (False, True):
        with tf.Graph().as_default():
            tf.set_random_seed(1)
            if load:
                mnist.read_data_sets(folder, one_hot=True)
            tf.random_normal([2])
            (draw,) = [op for op in tf.get_default_graph().get_operations() if op.type == "RandomStandardNormal"]
            seeds.append(draw.get_attr("seed2"))
    assert seeds[0] == seeds[1]
