"""Downloading the MNIST files and Keras's mnist.npz, without a network: a fake URL opener serves the test's own
files. Checked: what is fetched and printed, the published checksums, atomic writes (nothing half-written is
left), the message when offline, progress on a terminal only, and tf.keras.datasets.mnist.load_data's cache."""

from __future__ import annotations

import hashlib
import io
import os
import re
import socket
import urllib.error

import numpy as np
import pytest
from idx_files import FILES, mnist_files, npz_bytes

import sessionflow as tf
from sessionflow.datasets import download, mnist


class FakeResponse(io.BytesIO):
    def __init__(self, data: bytes, length: int | None = None):
        super().__init__(data)
        self.headers = {"Content-Length": str(len(data) if length is None else length)}


class FakeWeb:
    """Stands in for urllib: serves `files` by URL, records what was asked, fails as told."""

    def __init__(self, files=None, error=None, short=False):
        self.files, self.error, self.short, self.asked = dict(files or {}), error, short, []

    def __call__(self, url, timeout):
        self.asked.append(url)
        if self.error is not None:
            raise self.error
        if url not in self.files:
            raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)
        data = self.files[url]
        return FakeResponse(data[:len(data) // 2], length=len(data)) if self.short else FakeResponse(data)


OFFLINE = urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))


@pytest.fixture
def web(monkeypatch):
    def install(**options):
        fake = FakeWeb(**options)
        monkeypatch.setattr(download, "_urlopen", fake)
        return fake

    monkeypatch.setattr(download, "_urlopen", FakeWeb(error=AssertionError("a test tried to download")))
    return install


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield


def _leftovers(folder) -> list:
    return [name for name in os.listdir(folder) if name.endswith(".part")]


def test_missing_files_are_downloaded_from_source_url(tmp_path, web, capsys):
    data, (train_images, *_) = mnist_files(train=60, test=10)
    url = "http://mirror.example/mnist/"
    fake = web(files={url + name: content for name, content in data.items()})
    folder = tmp_path / "new" / "MNIST_data"
    (folder.parent).mkdir()
    sets = mnist.read_data_sets(str(folder), source_url=url, validation_size=10)
    assert fake.asked == [url + name for name in FILES]
    assert sorted(os.listdir(folder)) == sorted(FILES)  # and no temporary file left
    assert all((folder / name).read_bytes() == content for name, content in data.items())
    out = capsys.readouterr()
    assert f"Successfully downloaded {FILES[0]} {len(data[FILES[0]])} bytes." in out.out.splitlines()
    assert out.err == ""  # no progress line when stderr is not a terminal
    np.testing.assert_array_equal(sets.validation.images, train_images[:10].reshape(10, 784) * np.float32(1 / 255))
    fake.error = AssertionError("the files are there now")
    mnist.read_data_sets(str(folder), source_url=url, validation_size=10)


def test_only_the_missing_files_are_fetched(tmp_path, web):
    data, _ = mnist_files(train=60, test=10)
    for name in FILES[:3]:
        (tmp_path / name).write_bytes(data[name])
    fake = web(files={mnist.DEFAULT_SOURCE_URL + FILES[3]: data[FILES[3]]})
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(mnist.SHA256, FILES[3], hashlib.sha256(data[FILES[3]]).hexdigest())
        mnist.read_data_sets(str(tmp_path), validation_size=10, source_url="")  # "" means the default mirror
    assert fake.asked == [mnist.DEFAULT_SOURCE_URL + FILES[3]]


def test_a_download_from_a_mirror_must_match_the_published_checksum(tmp_path, web):
    data, _ = mnist_files(train=60, test=10)
    web(files={mnist.DEFAULT_SOURCE_URL + name: content for name, content in data.items()})
    with pytest.raises(download.ChecksumError) as caught:
        mnist.read_data_sets(str(tmp_path))
    actual = hashlib.sha256(data[FILES[0]]).hexdigest()
    assert str(caught.value) == (f"The file downloaded from {mnist.DEFAULT_SOURCE_URL}{FILES[0]} is not the "
                                 f"published one: its sha256 is {actual}, expected {mnist.SHA256[FILES[0]]}; "
                                 "it was not kept")
    assert os.listdir(tmp_path) == []
    assert mnist.SHA256[FILES[0]] == "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"


def test_offline_is_one_clear_message(tmp_path, web, monkeypatch):
    web(error=OFFLINE)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(download.DownloadError) as caught:
        mnist.read_data_sets("MNIST_data/", one_hot=True)
    folder = os.path.join(str(tmp_path), "MNIST_data")
    assert str(caught.value) == (
        f"Could not download {mnist.DEFAULT_SOURCE_URL}train-images-idx3-ubyte.gz: [Errno -3] Temporary failure "
        "in name resolution. read_data_sets reads the four MNIST files train-images-idx3-ubyte.gz, "
        "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from the folder "
        f"'MNIST_data/' ({folder}), and all four are missing there. Without a network, download them from "
        f"{mnist.DEFAULT_SOURCE_URL} elsewhere and put them in {folder}.")
    assert isinstance(caught.value, OSError) and _leftovers(folder) == []


def test_offline_names_the_files_still_missing(tmp_path, web):
    data, _ = mnist_files(train=60, test=10)
    for name in FILES[:2]:
        (tmp_path / name).write_bytes(data[name])
    web(error=socket.timeout("timed out"))
    with pytest.raises(download.DownloadError, match="t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz are "
                                                     "missing there") as caught:
        mnist.read_data_sets(str(tmp_path))
    assert str(caught.value).startswith(f"Could not download {mnist.DEFAULT_SOURCE_URL}{FILES[2]}: timed out.")


def test_http_errors_and_short_answers_keep_nothing(tmp_path, web):
    web(files={})
    with pytest.raises(download.DownloadError, match=r"^Could not download http://x/train-images-idx3-ubyte\.gz: "
                                                     r"HTTP error 404 Not Found\. read_data_sets reads"):
        mnist.read_data_sets(str(tmp_path), source_url="http://x/")
    data, _ = mnist_files(train=60, test=10)
    web(files={"http://x/" + name: content for name, content in data.items()}, short=True)
    with pytest.raises(download.DownloadError, match=r"the connection closed after \d+ of \d+ bytes"):
        mnist.read_data_sets(str(tmp_path), source_url="http://x/")
    assert os.listdir(tmp_path) == []


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_drawn_on_a_terminal_only(tmp_path, web, monkeypatch):
    web(files={"http://x/file.bin": b"\1" * 300_000})
    monkeypatch.setattr(download, "PROGRESS_DELAY", 0.0)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert download.fetch("http://x/file.bin", str(tmp_path / "file.bin")) == 300_000
    drawn = terminal.getvalue()
    # (redrawn at most five times a second, so the last percentage shown varies)
    assert re.search(r"Downloading file\.bin: \d+% \(0\.\d of 0\.3 MB\)", drawn), drawn
    assert drawn.endswith("\r\x1b[K")  # the line is erased when the download ends
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    download.fetch("http://x/file.bin", str(tmp_path / "again.bin"))
    assert piped.getvalue() == ""


# tf.keras.datasets.mnist.load_data


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def _keras_npz():
    rng = np.random.RandomState(0)
    arrays = dict(x_train=rng.randint(0, 256, (12, 28, 28)).astype(np.uint8), y_train=np.arange(12, dtype=np.uint8),
                  x_test=rng.randint(0, 256, (4, 28, 28)).astype(np.uint8), y_test=np.arange(4, dtype=np.uint8))
    return npz_bytes(arrays), arrays


def test_load_data_downloads_once_into_the_keras_cache(home, web, monkeypatch, capsys):
    content, arrays = _keras_npz()
    monkeypatch.setattr(mnist, "KERAS_SHA256", hashlib.sha256(content).hexdigest())
    fake = web(files={mnist.KERAS_URL: content})
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    assert capsys.readouterr().out == f"Downloading data from {mnist.KERAS_URL}\n"
    assert (home / ".keras" / "datasets" / "mnist.npz").read_bytes() == content
    for got, name in ((x_train, "x_train"), (y_train, "y_train"), (x_test, "x_test"), (y_test, "y_test")):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, arrays[name])
    fake.error = AssertionError("cached")
    assert tf.keras.datasets.mnist.load_data()[1][1].shape == (4,)
    assert fake.asked == [mnist.KERAS_URL] and capsys.readouterr().out == ""


def test_load_data_fetches_again_a_cached_file_that_is_not_the_published_one(home, web, monkeypatch, capsys):
    content, arrays = _keras_npz()
    monkeypatch.setattr(mnist, "KERAS_SHA256", hashlib.sha256(content).hexdigest())
    cached = home / ".keras" / "datasets" / "mnist.npz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"half a file")
    web(files={mnist.KERAS_URL: content})
    np.testing.assert_array_equal(mnist.load_data()[0][0], arrays["x_train"])
    assert capsys.readouterr().out.splitlines() == [
        "A local file was found, but it seems to be incomplete or outdated because the auto file hash does not "
        f"match the original value of {mnist.KERAS_SHA256} so we will re-download the data.",
        f"Downloading data from {mnist.KERAS_URL}"]
    assert cached.read_bytes() == content


def test_load_data_checksum_and_offline_errors(home, web, tmp_path):
    content, _ = _keras_npz()
    web(files={mnist.KERAS_URL: content})
    with pytest.raises(ValueError, match="^Incomplete or corrupted file detected. The auto file hash does not "
                                         f"match the provided value of {mnist.KERAS_SHA256}"):
        mnist.load_data()
    datasets = home / ".keras" / "datasets"
    assert os.listdir(datasets) == []
    web(error=OFFLINE)
    with pytest.raises(download.DownloadError) as caught:
        mnist.load_data()
    assert str(caught.value) == (
        f"Could not download {mnist.KERAS_URL}: [Errno -3] Temporary failure in name resolution. "
        f"tf.keras.datasets.mnist.load_data reads mnist.npz from {datasets}; without a network, download "
        f"{mnist.KERAS_URL} elsewhere and put it at {datasets / 'mnist.npz'}.")
    with pytest.raises(download.DownloadError, match=f"put it at {tmp_path / 'cache' / 'datasets' / 'm.npz'}"):
        mnist.load_data(path="m.npz", cache_dir=str(tmp_path / "cache"))
