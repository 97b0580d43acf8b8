"""`tf.gfile` / `tf.io.gfile` on local paths, plus the bounded-read and atomic-write helpers the io modules use.

Contracts: reading a missing file raises `tf.errors.NotFoundError` naming it; files opened for writing are
written to a temporary file in the same directory and moved into place (`os.replace`) on close, so readers
never see a partial file; `read_bounded` refuses files larger than its limit with `tf.errors.DataLossError`.

Every atomic writer of sessionflow names its temporary file `<final name>.tempstate<16 hex digits>` (TF's
bundle writer's form; `temp_name`, and io/checkpoint_bundle.py's writer): a process killed while writing leaves
that name behind, and `stale_temps` finds the ones a later successful write may remove (train/saver.py does).
"""

from __future__ import annotations

import glob as _glob
import os
import re
import shutil
import uuid

from ..framework import errors as _errors
from ..framework.api import tf_export

__all__ = ["Copy", "DeleteRecursively", "Exists", "GFile", "Glob", "IsDirectory", "ListDirectory", "MakeDirs",
           "Mkdir", "Remove", "Rename", "Stat", "Walk", "atomic_write", "read_bounded", "stale_temps", "temp_name"]

_TEMP_SUFFIX = re.compile(r"\.tempstate[0-9a-f]{16}")


def _not_found(path, e=None):
    """TF's NotFoundError for a missing path (`e`, the OS error, is not part of TF's message)."""
    del e
    return _errors.NotFoundError(None, None, f"{path}; No such file or directory")


def _already_exists():
    return _errors.AlreadyExistsError(None, None, "file already exists")  # TF's words for Copy and Rename


def temp_name(path: str) -> str:
    """A fresh temporary name beside `path` for writing it atomically: `<path>.tempstate<16 hex digits>`."""
    return f"{path}.tempstate{uuid.uuid4().hex[:16]}"


def stale_temps(directory: str, is_ours, written_before_ns: int) -> list:
    """Paths of the temporary files (`temp_name`'s form) in `directory` whose final name `is_ours(name)` accepts
    and that were last written before `written_before_ns` (time.time_ns()): what writers killed before their
    rename left. A writer still running at that time may own one; a caller removes them only when no other
    writer of those names can be running (one Saver per checkpoint prefix)."""
    try:
        names = os.listdir(directory or ".")
    except OSError:
        return []
    found = []
    for name in names:
        match = _TEMP_SUFFIX.search(name)
        if match is None or match.end() != len(name) or not is_ours(name[:match.start()]):
            continue
        path = os.path.join(directory, name)
        try:
            if os.lstat(path).st_mtime_ns < written_before_ns and os.path.isfile(path):
                found.append(path)
        except OSError:
            continue
    return sorted(found)


def _open_temp(path: str):
    """(fd, name) of a new temporary file beside `path`."""
    temp = temp_name(path)
    return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), temp


def atomic_write(path: str, data: bytes) -> None:
    """Writes `data` to `path` via a synced temporary file beside it (`temp_name`) and `os.replace`."""
    fd, tmp = _open_temp(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def read_bounded(path: str, limit: int) -> bytes:
    """The bytes of `path`; NotFoundError if missing, DataLossError if it is larger than `limit` bytes."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                raise _errors.DataLossError(None, None, f"{path}: file of {size} bytes exceeds the {limit}-byte limit")
            return f.read(limit + 1)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as e:
        raise _not_found(path, e) from None


@tf_export("gfile.GFile", "gfile.Open", "io.gfile.GFile")
class GFile:
    """A file object: `GFile(name, mode)` with read/readline/readlines/iteration/write/seek/tell/size/close.
    Modes 'r', 'rb', 'w', 'wb', 'a', 'ab'; writes ('w') become visible atomically at close."""

    def __init__(self, name, mode="r"):
        self.name = os.fspath(name)
        self.mode = mode
        self._binary = "b" in mode
        self._final = None
        try:
            if "w" in mode:
                directory = os.path.dirname(os.path.abspath(self.name))
                if not os.path.isdir(directory):
                    raise _not_found(directory)
                fd, self._tmp = _open_temp(self.name)
                self._final = self.name
                self._f = os.fdopen(fd, "wb" if self._binary else "w", encoding=None if self._binary else "utf-8")
            else:
                self._f = open(self.name, mode, encoding=None if self._binary else "utf-8")  # noqa: SIM115
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError) as e:
            raise _not_found(self.name, e) from None

    def read(self, n=-1):
        return self._f.read(n)

    def readline(self):
        return self._f.readline()

    def readlines(self):
        return self._f.readlines()

    def __iter__(self):
        return iter(self._f)

    def __next__(self):
        return next(self._f)

    def write(self, data):
        if not self._binary and isinstance(data, bytes):
            data = data.decode("utf-8")
        self._f.write(data)

    def seek(self, offset, whence=0):
        return self._f.seek(offset, whence)

    def tell(self):
        return self._f.tell()

    def size(self):
        self._f.flush()
        return os.fstat(self._f.fileno()).st_size

    def flush(self):
        self._f.flush()

    def close(self):
        if self._f.closed:
            return
        self._f.close()
        if self._final is not None:
            os.replace(self._tmp, self._final)

    @property
    def closed(self):
        return self._f.closed

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is not None and self._final is not None and not self._f.closed:
            self._f.close()
            os.remove(self._tmp)
            return False
        self.close()
        return False


@tf_export("gfile.FastGFile")
class FastGFile(GFile):
    """TF 1.x's deprecated name for GFile (same behaviour)."""

    def __init__(self, name, mode="r"):
        super().__init__(name, mode=mode)


@tf_export("gfile.Exists", "io.gfile.exists")
def Exists(filename) -> bool:
    return os.path.exists(filename)


@tf_export("gfile.IsDirectory", "io.gfile.isdir")
def IsDirectory(dirname) -> bool:
    return os.path.isdir(dirname)


@tf_export("gfile.MakeDirs", "io.gfile.makedirs")
def MakeDirs(dirname) -> None:
    """Creates `dirname` and its missing parents; FailedPreconditionError (TF's) when a part of the path
    is a file."""
    try:
        os.makedirs(dirname, exist_ok=True)
    except (NotADirectoryError, FileExistsError):
        prefix = os.fspath(dirname)
        while prefix and not os.path.exists(prefix):
            prefix = os.path.dirname(prefix)
        raise _errors.FailedPreconditionError(None, None, f"{prefix} is not a directory") from None


@tf_export("gfile.Mkdir", "gfile.MkDir", "io.gfile.mkdir")
def Mkdir(dirname) -> None:
    try:
        os.mkdir(dirname)
    except FileNotFoundError as e:
        raise _not_found(dirname, e) from None
    except FileExistsError:
        pass  # TF's create_dir succeeds when the path exists (even as a file)


@tf_export("gfile.Glob", "io.gfile.glob")
def Glob(filename) -> list:
    return sorted(_glob.glob(os.fspath(filename)))


@tf_export("gfile.ListDirectory", "io.gfile.listdir")
def ListDirectory(dirname) -> list:
    """Entry names (not paths) of a directory; NotFoundError if it is missing."""
    if not os.path.isdir(dirname):
        raise _errors.NotFoundError(None, None, f"Could not find directory {dirname}")
    return sorted(os.listdir(dirname))


@tf_export("gfile.Remove", "io.gfile.remove")
def Remove(filename) -> None:
    try:
        os.remove(filename)
    except FileNotFoundError as e:
        raise _not_found(filename, e) from None


@tf_export("gfile.DeleteRecursively", "io.gfile.rmtree")
def DeleteRecursively(dirname) -> None:
    if not os.path.exists(dirname):
        raise _errors.NotFoundError(None, None, f"{dirname} not found")
    shutil.rmtree(dirname) if os.path.isdir(dirname) else os.remove(dirname)


@tf_export("gfile.Rename", "io.gfile.rename")
def Rename(oldname, newname, overwrite=False) -> None:
    if not os.path.exists(oldname):
        raise _not_found(oldname)
    if os.path.exists(newname) and not overwrite:
        raise _already_exists()
    os.replace(oldname, newname)


@tf_export("gfile.Copy", "io.gfile.copy")
def Copy(oldpath, newpath, overwrite=False) -> None:
    if not os.path.exists(oldpath):
        raise _not_found(oldpath)
    if os.path.exists(newpath) and not overwrite:
        raise _already_exists()
    with open(oldpath, "rb") as f:
        atomic_write(newpath, f.read())


@tf_export("gfile.Stat", "io.gfile.stat")
def Stat(filename):
    """An object with `length`, `mtime_nsec` and `is_directory`, like TF's FileStatistics."""
    try:
        st = os.stat(filename)
    except FileNotFoundError as e:
        raise _not_found(filename, e) from None

    class FileStatistics:
        length = st.st_size
        mtime_nsec = st.st_mtime_ns
        is_directory = os.path.isdir(filename)

    return FileStatistics()


@tf_export("gfile.Walk", "io.gfile.walk")
def Walk(top, in_order=True):
    """(dirname, subdirs, files) triples, like os.walk (top-down when `in_order`)."""
    for dirpath, dirs, files in os.walk(top, topdown=in_order):
        yield dirpath, sorted(dirs), sorted(files)


@tf_export("io.gfile.join")
def join(path, *paths):
    """The paths joined with "/", as os.path.join does for local paths (a URI's scheme and host are kept)."""
    return os.path.join(path, *paths)
