"""The cache `tf.keras.datasets` loaders read their files from, as TensorFlow's Keras (tf_keras) keeps it.

`get_file(fname, origin, file_hash, ...)` is the path of `fname` in `<cache_dir>/<cache_subdir>`; `cache_dir`
defaults to `~/.keras` and, when that folder is not writable, to `/tmp/.keras` (TensorFlow's fallback). As in
TensorFlow, `KERAS_HOME` names the folder that importing Keras creates (for its keras.json), not the data-set
cache: with KERAS_HOME set and no `~/.keras`, the files go to `/tmp/.keras/datasets`. A file is downloaded
when it is missing or its hash (SHA-256 for a 64-digit `file_hash`, MD5 otherwise: TensorFlow's "auto") does
not match, printing TensorFlow's messages; download.fetch writes it atomically and checks it. Without a
network the error says where to put the file by hand. `untar=True` also extracts `<fname>.tar.gz` into the
folder `fname` (download.extract_tar: atomically) unless that folder exists.

`reading(path, what)` turns the errors of reading a damaged file (a truncated archive, a broken pickle, a
missing array) into one ValueError naming the file.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import zipfile
import zlib

from .download import ChecksumError, DownloadError, extract_tar, fetch
from .download import file_hash as _file_hash

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def _create_keras_home() -> None:
    """Importing TensorFlow's Keras creates its home folder (KERAS_HOME, else ~/.keras)."""
    if "KERAS_HOME" in os.environ:
        home = os.environ["KERAS_HOME"]
    else:
        home = os.path.join(os.path.expanduser("~"), ".keras")
    try:
        os.makedirs(os.path.expanduser(home), exist_ok=True)
    except OSError:
        pass


def prepare_cache_dir(cache_dir):
    """A loader's `cache_dir` argument, as its loader takes it: `~` expanded and the folder created."""
    if cache_dir:
        cache_dir = os.path.expanduser(cache_dir)
        os.makedirs(cache_dir, exist_ok=True)
    return cache_dir


def _algorithm(expected: str) -> str:
    return "sha256" if len(expected) == 64 else "md5"


def get_file(fname: str, origin: str, api: str, file_hash: str | None = None, cache_subdir: str = "datasets",
             cache_dir: str | None = None, untar: bool = False) -> str:
    """The local path of `fname` (for `untar`, of the extracted folder), downloaded from `origin` when it is
    missing or is not the published file. `api` (as `tf.keras.datasets.imdb.load_data`) names the loader in
    the message given without a network."""
    _create_keras_home()
    base = os.path.expanduser(cache_dir) if cache_dir is not None else os.path.join(os.path.expanduser("~"),
                                                                                     ".keras")
    if not os.access(base, os.W_OK):
        base = os.path.join("/tmp", ".keras")
    datadir = os.path.join(base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)
    if untar:
        fname = fname.removesuffix(".tar.gz")
        folder = os.path.join(datadir, fname)
        fpath = folder + ".tar.gz"
    else:
        fpath = os.path.join(datadir, fname)
    download = not os.path.exists(fpath)
    if not download and file_hash is not None and _file_hash(fpath, _algorithm(file_hash)) != file_hash:
        print("A local file was found, but it seems to be incomplete or outdated because the auto file hash does "
              f"not match the original value of {file_hash} so we will re-download the data.")
        download = True
    if download:
        print(f"Downloading data from {origin}")
        checksum = {} if file_hash is None else {_algorithm(file_hash): file_hash}
        try:
            fetch(origin, fpath, **checksum)
        except ChecksumError:
            raise ValueError("Incomplete or corrupted file detected. The auto file hash does not match the "
                             f"provided value of {file_hash}. (The download was not kept.)") from None
        except DownloadError as e:
            raise DownloadError(f"{e}. {api} reads {os.path.basename(fpath)} from {datadir}; without a network, "
                                f"download {origin} elsewhere and put it at {fpath}.") from None
    if untar:
        if not os.path.exists(folder):
            extract_tar(fpath, datadir, os.path.basename(folder))
        return folder
    return fpath


# What reading a damaged file raises: NumPy's npz (a zip) and pickles, gzip, JSON, and arrays of the wrong size.
_READ_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, EOFError, OverflowError,
                zipfile.BadZipFile, zlib.error, pickle.UnpicklingError, UnicodeDecodeError)


@contextlib.contextmanager
def reading(path: str, what: str, delete: str | None = None):
    """Turns the errors of reading `path` (`what`: the file it should be) into a ValueError naming it and
    saying what to delete (`delete`, by default the file itself) to have it downloaded again."""
    try:
        yield
    except FileNotFoundError:
        raise
    except (*_READ_ERRORS, OSError) as e:
        reason = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        raise ValueError(f"{path} is damaged or is not {what} ({reason}); delete {delete or 'it'} to have it "
                         "downloaded again") from None
