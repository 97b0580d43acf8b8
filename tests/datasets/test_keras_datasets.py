"""tf.keras.datasets' fashion_mnist, cifar10, cifar100, imdb, reuters and boston_housing, without a network.

Each loader runs on the small synthetic files of keras_synthetic.py placed in a temporary Keras cache (the
published checksums replaced by the synthetic files' own) and returns exactly what TensorFlow's loaders
returned on the same files (keras_datasets_goldens.json, recorded by tools/record_keras_datasets.py): dtypes,
shapes, strides, writeability, bytes, object arrays item by item, and TensorFlow's errors. Also checked: the
cache layout and downloads (URLs, hash algorithms, TensorFlow's messages), atomic tar extraction, the message
when offline, and damaged files as errors naming them."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import pickle
import socket
import tarfile
import urllib.error

import keras_synthetic
import numpy as np
import pytest

import sessionflow as tf
from sessionflow.datasets import (
    boston_housing,
    cifar10,
    cifar100,
    download,
    fashion_mnist,
    imdb,
    reuters,
)

GOLDENS = os.path.join(os.path.dirname(__file__), "keras_datasets_goldens.json")
ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
MODULES = {"fashion_mnist": fashion_mnist, "cifar10": cifar10, "cifar100": cifar100, "imdb": imdb,
           "reuters": reuters, "boston_housing": boston_housing}
# The constant holding each file's published checksum, and the file it is for.
CHECKSUMS = {("cifar10", "load_data"): ("SHA256", "cifar-10-batches-py.tar.gz"),
             ("cifar100", "load_data"): ("SHA256", "cifar-100-python.tar.gz"),
             ("imdb", "load_data"): ("SHA256", "imdb.npz"),
             ("imdb", "get_word_index"): ("WORD_INDEX_MD5", "imdb_word_index.json"),
             ("reuters", "load_data"): ("SHA256", "reuters.npz"),
             ("reuters", "get_word_index"): ("WORD_INDEX_MD5", "reuters_word_index.json"),
             ("boston_housing", "load_data"): ("SHA256", "boston_housing.npz")}
OFFLINE = urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))


class FakeResponse(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.headers = {"Content-Length": str(len(data))}


class FakeWeb:
    """Stands in for urllib: serves `files` by URL, records what was asked."""

    def __init__(self, files=None, error=None):
        self.files, self.error, self.asked = dict(files or {}), error, []

    def __call__(self, url, timeout):
        self.asked.append(url)
        if self.error is not None:
            raise self.error
        if url not in self.files:
            raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)
        return FakeResponse(self.files[url])


@pytest.fixture
def web(monkeypatch):
    def install(**options):
        fake = FakeWeb(**options)
        monkeypatch.setattr(download, "_urlopen", fake)
        return fake

    return install(error=AssertionError("a test tried to download")), install


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KERAS_HOME", raising=False)
    return tmp_path / "home"


@pytest.fixture
def cache(tmp_path, home, web):
    """The synthetic files in `<tmp>/cache/datasets` and in `~/.keras/datasets`; their hashes by name."""
    hashes = keras_synthetic.write(str(tmp_path / "cache" / "datasets"))
    keras_synthetic.write(str(home / ".keras" / "datasets"))
    return tmp_path / "cache", hashes


@pytest.fixture(scope="module")
def goldens():
    with open(GOLDENS, encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.parametrize("case, module_name, function, kwargs", keras_synthetic.CASES,
                         ids=[case[0] for case in keras_synthetic.CASES])
def test_the_loaders_return_what_tensorflow_returns(case, module_name, function, kwargs, cache, goldens,
                                                    monkeypatch):
    folder, hashes = cache
    module = MODULES[module_name]
    kwargs = dict(kwargs)
    channels_first = kwargs.pop("channels_first", False)
    if function == "load_data":
        kwargs["cache_dir"] = str(folder)
    if (module_name, function) in CHECKSUMS:
        constant, default = CHECKSUMS[module_name, function]
        monkeypatch.setattr(module, constant, hashes[kwargs.get("path", default)])
    tf.keras.backend.set_image_data_format("channels_first" if channels_first else "channels_last")
    try:
        got = keras_synthetic.describe(getattr(tf.keras.datasets, module_name).__dict__[function](**kwargs))
    except Exception as e:  # noqa: BLE001 - TensorFlow's errors are part of the goldens
        got = keras_synthetic.describe_error(e, str(folder))
    finally:
        tf.keras.backend.set_image_data_format("channels_last")
    assert got == goldens[case]


def test_the_loaders_are_exported_under_tf_keras_datasets():
    for name, module in MODULES.items():
        assert getattr(tf.keras.datasets, name).load_data is module.load_data
    assert tf.keras.datasets.imdb.get_word_index is imdb.get_word_index
    assert tf.keras.datasets.reuters.get_word_index is reuters.get_word_index
    assert tf.keras.datasets.reuters.get_label_names()[45] == "lead"


def test_published_locations_and_checksums():
    assert fashion_mnist.CACHE_SUBDIR == os.path.join("datasets", "fashion-mnist")
    assert cifar10.URL == "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    assert cifar100.URL == "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
    assert (imdb.URL, reuters.URL, boston_housing.URL) == (
        ORIGIN + "imdb.npz", ORIGIN + "reuters.npz", ORIGIN + "boston_housing.npz")
    assert (imdb.WORD_INDEX_URL, reuters.WORD_INDEX_URL) == (
        ORIGIN + "imdb_word_index.json", ORIGIN + "reuters_word_index.json")
    for digest in (cifar10.SHA256, cifar100.SHA256, imdb.SHA256, reuters.SHA256, boston_housing.SHA256):
        assert len(digest) == 64  # TensorFlow's "auto": SHA-256
    assert len(imdb.WORD_INDEX_MD5) == len(reuters.WORD_INDEX_MD5) == 32  # MD5


# Downloads


def test_fashion_mnist_downloads_its_four_files_unchecked_once(home, web, capsys):
    files = keras_synthetic.fashion_files()
    fake = web[1](files={ORIGIN + name: content for name, content in files.items()})
    (x_train, _), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
    assert capsys.readouterr().out.splitlines() == [f"Downloading data from {ORIGIN}{name}"
                                                    for name in fashion_mnist.FILES]
    folder = home / ".keras" / "datasets" / "fashion-mnist"
    assert sorted(os.listdir(folder)) == sorted(files)
    assert x_train.shape == (5, 28, 28) and y_test.shape == (3,) and x_test.dtype == np.uint8
    assert not x_train.flags.writeable  # read straight from the file's bytes, as TensorFlow's
    fake.error = AssertionError("cached")
    tf.keras.datasets.fashion_mnist.load_data()
    assert len(fake.asked) == 4 and capsys.readouterr().out == ""


def test_cifar10_downloads_and_extracts_the_archive_atomically(home, web, monkeypatch, capsys):
    archive = keras_synthetic.cifar10_archive()
    monkeypatch.setattr(cifar10, "SHA256", hashlib.sha256(archive).hexdigest())
    fake = web[1](files={cifar10.URL: archive})
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert capsys.readouterr().out == f"Downloading data from {cifar10.URL}\n"
    datasets = home / ".keras" / "datasets"
    assert sorted(os.listdir(datasets)) == ["cifar-10-batches-py", "cifar-10-batches-py.tar.gz"]
    assert sorted(os.listdir(datasets / "cifar-10-batches-py")) == [
        "batches.meta", "data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5",
        "test_batch"]
    assert (x_train.shape, y_train.shape, x_test.shape, y_test.shape) == (
        (50000, 32, 32, 3), (50000, 1), (3, 32, 32, 3), (3, 1))
    fake.error = AssertionError("cached")
    cifar10.load_data()
    assert fake.asked == [cifar10.URL]


def test_a_cached_file_that_is_not_the_published_one_is_fetched_again(home, web, monkeypatch, capsys):
    content = keras_synthetic.boston_npz()
    monkeypatch.setattr(boston_housing, "SHA256", hashlib.sha256(content).hexdigest())
    cached = home / ".keras" / "datasets" / "boston_housing.npz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"half a file")
    web[1](files={boston_housing.URL: content})
    (x_train, _), _ = boston_housing.load_data()
    assert x_train.shape == (8, 13)
    assert capsys.readouterr().out.splitlines() == [
        ("A local file was found, but it seems to be incomplete or outdated because the auto file hash does not "
         f"match the original value of {boston_housing.SHA256} so we will re-download the data."),
        f"Downloading data from {boston_housing.URL}"]
    assert cached.read_bytes() == content


def test_word_indexes_are_checked_with_md5(home, web, monkeypatch, capsys):
    content = keras_synthetic.word_index(["the", "of"])
    web[1](files={reuters.WORD_INDEX_URL: content})
    with pytest.raises(ValueError, match="^Incomplete or corrupted file detected. The auto file hash does not "
                                         f"match the provided value of {reuters.WORD_INDEX_MD5}"):
        reuters.get_word_index()
    assert os.listdir(home / ".keras" / "datasets") == []
    monkeypatch.setattr(reuters, "WORD_INDEX_MD5", hashlib.md5(content).hexdigest())
    assert reuters.get_word_index() == {"the": 1, "of": 2}
    assert (home / ".keras" / "datasets" / "reuters_word_index.json").read_bytes() == content


def test_a_download_that_is_not_the_published_file_is_not_kept(home, web):
    web[1](files={cifar100.URL: keras_synthetic.cifar100_archive()})
    with pytest.raises(ValueError, match="^Incomplete or corrupted file detected. The auto file hash does not "
                                         f"match the provided value of {cifar100.SHA256}"):
        cifar100.load_data()
    assert os.listdir(home / ".keras" / "datasets") == []


@pytest.mark.parametrize("call, api, folder, name, url", [
    (lambda: fashion_mnist.load_data(), "fashion_mnist.load_data", "datasets/fashion-mnist",
     "train-labels-idx1-ubyte.gz", ORIGIN + "train-labels-idx1-ubyte.gz"),
    (lambda: cifar10.load_data(), "cifar10.load_data", "datasets", "cifar-10-batches-py.tar.gz", cifar10.URL),
    (lambda: cifar100.load_data(label_mode="coarse"), "cifar100.load_data", "datasets",
     "cifar-100-python.tar.gz", cifar100.URL),
    (lambda: imdb.load_data(path="reviews.npz"), "imdb.load_data", "datasets", "reviews.npz", imdb.URL),
    (lambda: imdb.get_word_index(), "imdb.get_word_index", "datasets", "imdb_word_index.json",
     imdb.WORD_INDEX_URL),
    (lambda: reuters.load_data(), "reuters.load_data", "datasets", "reuters.npz", reuters.URL),
    (lambda: boston_housing.load_data(), "boston_housing.load_data", "datasets", "boston_housing.npz",
     boston_housing.URL),
], ids=lambda value: value if isinstance(value, str) and "." in value and "/" not in value else "")
def test_offline_the_error_says_where_to_put_the_file(home, web, call, api, folder, name, url):
    web[1](error=OFFLINE)
    with pytest.raises(download.DownloadError) as caught:
        call()
    where = home / ".keras" / folder
    assert str(caught.value) == (
        f"Could not download {url}: [Errno -3] Temporary failure in name resolution. tf.keras.datasets.{api} "
        f"reads {name} from {where}; without a network, download {url} elsewhere and put it at {where / name}.")
    assert os.listdir(where) == []


def test_cache_dir(tmp_path, home, web):
    web[1](error=OFFLINE)
    with pytest.raises(download.DownloadError, match=f"put it at {tmp_path / 'mine' / 'datasets' / 'x.npz'}"):
        imdb.load_data(path="x.npz", cache_dir=str(tmp_path / "mine"))
    assert (home / ".keras").is_dir()  # created, as importing TensorFlow's Keras creates it


def test_keras_home_is_not_the_data_set_cache(tmp_path, home, web, monkeypatch):
    # KERAS_HOME is where Keras keeps keras.json, not the data sets: TensorFlow creates it, and with no
    # ~/.keras it falls back to /tmp/.keras for the data, as for any folder it cannot write.
    if os.path.exists("/tmp/.keras") and not os.access("/tmp/.keras", os.W_OK):
        pytest.skip("/tmp/.keras belongs to another user here")
    web[1](error=OFFLINE)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    with pytest.raises(download.DownloadError, match="put it at /tmp/.keras/datasets/boston_housing.npz"):
        boston_housing.load_data()
    assert (tmp_path / "keras-home").is_dir() and not (home / ".keras").exists()
    (home / ".keras").mkdir(parents=True)
    with pytest.raises(download.DownloadError, match=f"put it at {home / '.keras' / 'datasets' / 'reuters.npz'}"):
        reuters.load_data()


# Damaged files


def _write(path, content: bytes) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content)
    return str(path)


def test_a_truncated_fashion_mnist_file_is_an_error_naming_it(tmp_path, web):
    folder = tmp_path / "datasets" / "fashion-mnist"
    for name, content in keras_synthetic.fashion_files().items():
        _write(folder / name, content)
    images = folder / "t10k-images-idx3-ubyte.gz"
    images.write_bytes(images.read_bytes()[:-30])
    with pytest.raises(ValueError, match=f"^{images} is damaged or is not Fashion-MNIST's test-image file "
                                         r"\(IDX, gzip\) \(EOFError: .*\); delete it to have it downloaded"):
        fashion_mnist.load_data(cache_dir=str(tmp_path))
    images.write_bytes(gzip.compress(b"\0" * (16 + 784 * 2)))  # two images for three labels
    with pytest.raises(ValueError, match=f"^{images} is damaged .*cannot reshape array of size 1568 into shape "
                                         r"\(3,28,28\)"):
        fashion_mnist.load_data(cache_dir=str(tmp_path))


@pytest.mark.parametrize("module, content, name", [
    (imdb, keras_synthetic.imdb_npz()[:300], "imdb.npz"),
    (imdb, keras_synthetic.reuters_npz(), "imdb.npz"),  # no x_train in it
    (reuters, b"not a zip at all", "reuters.npz"),
    (boston_housing, keras_synthetic.boston_npz()[:-40], "boston_housing.npz"),
], ids=["truncated", "other-arrays", "garbage", "truncated-end"])
def test_a_damaged_npz_is_an_error_naming_it(tmp_path, web, monkeypatch, module, content, name):
    path = _write(tmp_path / "datasets" / name, content)
    monkeypatch.setattr(module, "SHA256", hashlib.sha256(content).hexdigest())
    with pytest.raises(ValueError, match=f"^{path} is damaged or is not .*; delete it to have it downloaded again"):
        module.load_data(cache_dir=str(tmp_path))


def test_a_damaged_word_index_is_an_error_naming_it(home, web, monkeypatch):
    path = _write(home / ".keras" / "datasets" / "imdb_word_index.json", b'{"the": 1, "a"')
    monkeypatch.setattr(imdb, "WORD_INDEX_MD5", hashlib.md5(b'{"the": 1, "a"').hexdigest())
    with pytest.raises(ValueError, match=f"^{path} is damaged or is not IMDB's word index \\(JSON\\) "
                                         r"\(JSONDecodeError: "):
        imdb.get_word_index()


def test_a_truncated_archive_leaves_nothing_extracted(tmp_path, web, monkeypatch):
    content = keras_synthetic.cifar10_archive()[:5000]
    archive = _write(tmp_path / "datasets" / "cifar-10-batches-py.tar.gz", content)
    monkeypatch.setattr(cifar10, "SHA256", hashlib.sha256(content).hexdigest())
    with pytest.raises(ValueError, match=f"^{archive} is not a complete tar archive .*; delete it to have it "
                                         "downloaded again"):
        cifar10.load_data(cache_dir=str(tmp_path))
    assert os.listdir(tmp_path / "datasets") == ["cifar-10-batches-py.tar.gz"]


def test_an_archive_without_the_folder_is_an_error(tmp_path, web, monkeypatch):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        info = tarfile.TarInfo("other/file")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    archive = _write(tmp_path / "datasets" / "cifar-100-python.tar.gz", out.getvalue())
    monkeypatch.setattr(cifar100, "SHA256", hashlib.sha256(out.getvalue()).hexdigest())
    with pytest.raises(ValueError, match=f"^{archive} does not hold the folder cifar-100-python"):
        cifar100.load_data(cache_dir=str(tmp_path))
    assert os.listdir(tmp_path / "datasets") == ["cifar-100-python.tar.gz"]


def test_unsafe_archive_members_are_skipped_with_a_warning(tmp_path):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name in ("data/ok", "../escape", "/absolute"):
            info = tarfile.TarInfo(name)
            info.size = 2
            tar.addfile(info, io.BytesIO(b"hi"))
    archive = _write(tmp_path / "a.tar", out.getvalue())
    with pytest.warns(UserWarning, match="Skipping invalid path during archive extraction: '../escape'"):
        target = download.extract_tar(archive, str(tmp_path / "out"), "data")
    assert os.listdir(target) == ["ok"] and sorted(os.listdir(tmp_path / "out")) == ["data"]
    assert not (tmp_path / "escape").exists()


def _extracted_cifar10(tmp_path, monkeypatch):
    archive = keras_synthetic.cifar10_archive()
    _write(tmp_path / "datasets" / "cifar-10-batches-py.tar.gz", archive)
    monkeypatch.setattr(cifar10, "SHA256", hashlib.sha256(archive).hexdigest())
    cifar10.load_data(cache_dir=str(tmp_path))
    return tmp_path / "datasets" / "cifar-10-batches-py"


def test_damaged_cifar_batches_are_errors_naming_them(tmp_path, web, monkeypatch):
    folder = _extracted_cifar10(tmp_path, monkeypatch)
    batch = folder / "data_batch_3"
    good = batch.read_bytes()
    batch.write_bytes(good[:200])
    with pytest.raises(ValueError, match=f"^{batch} is damaged or is not a CIFAR batch file \\(a pickle\\) "
                                         f"\\(.*\\); delete {folder} to have it downloaded again"):
        cifar10.load_data(cache_dir=str(tmp_path))
    rng = np.random.RandomState(0)
    batch.write_bytes(pickle.dumps({b"data": rng.randint(0, 256, (2, 3072)).astype(np.uint8),
                                    b"labels": [1, 2]}, protocol=2))
    with pytest.raises(ValueError, match=f"^{batch} is not a CIFAR-10 training batch: .* expects 10000 images and "
                                         r"10000 labels 0-9 in it, it holds images of shape \(2, 3, 32, 32\) "
                                         "and 2 labels"):
        cifar10.load_data(cache_dir=str(tmp_path))
    batch.write_bytes(pickle.dumps({b"data": np.zeros((1, 3072), np.uint8)}, protocol=2))
    with pytest.raises(ValueError, match=f"^{batch} is damaged .*KeyError: 'labels'"):
        cifar10.load_data(cache_dir=str(tmp_path))
    batch.write_bytes(good)
    assert cifar10.load_data(cache_dir=str(tmp_path))[1][0].shape == (3, 32, 32, 3)
