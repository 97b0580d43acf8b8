"""File ops: ReadFile, WriteFile and MatchingFiles (tf.read_file, tf.write_file, tf.matching_files), on local
paths, with TF's errors (`NotFoundError: PATH; No such file or directory`, `FailedPreconditionError: PATH; Is a
directory`) and static shapes."""

from __future__ import annotations

import glob
import os

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from .constant import convert_to_tensor
from .example_decode import as_record
from .shape_fns import with_rank


def _require_string(op_type: str, param: str, t) -> None:
    if t.dtype.base_dtype is not dtypes.string:
        raise TypeError(f"Input '{param}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not match "
                        "expected type of string.")


def _path(value) -> str:
    return as_record(value).decode("utf-8", "surrogateescape")


def _os_error(path: str, e: OSError):
    if isinstance(e, (FileNotFoundError, NotADirectoryError)):
        return errors.NotFoundError(None, None, f"{path}; No such file or directory")
    if isinstance(e, IsADirectoryError):
        return errors.FailedPreconditionError(None, None, f"{path}; Is a directory")
    if isinstance(e, PermissionError):
        return errors.PermissionDeniedError(None, None, f"{path}; Permission denied")
    return errors.UnknownError(None, None, f"{path}; {e.strerror or e}")


@op("ReadFile", inputs=("filename",), stateful=True, type_attrs={})
class ReadFile:
    """The whole contents of the file named by a scalar string."""

    def infer(filename):
        _require_string("ReadFile", "filename", filename)
        with_rank("ReadFile", filename.shape, 0)
        return dtypes.string, []

    def kernel(ctx, xp, filename):
        path = _path(filename)
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as e:
            raise _os_error(path, e) from None

    grad = NOT_DIFFERENTIABLE


@tf_export("io.read_file", "read_file")
def read_file(filename, name=None):
    """A scalar string holding the contents of the file `filename`."""
    with get_default_graph().name_scope(name or "ReadFile") as scope:
        value = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
        return ReadFile(value, name=scope)


@op("WriteFile", inputs=("filename", "contents"), stateful=True, type_attrs={})
class WriteFile:
    """Writes `contents` to the file `filename`, creating its directory when missing (as TF)."""

    def infer(filename, contents):
        _require_string("WriteFile", "filename", filename)
        _require_string("WriteFile", "contents", contents)
        with_rank("WriteFile", filename.shape, 0)
        with_rank("WriteFile", contents.shape, 0)
        return []

    def kernel(ctx, xp, filename, contents):
        path = _path(filename)
        try:
            directory = os.path.dirname(path)
            if directory:
                os.makedirs(directory, exist_ok=True)
            with open(path, "wb") as f:
                f.write(as_record(contents))
        except OSError as e:
            raise _os_error(path, e) from None

    grad = NOT_DIFFERENTIABLE


@tf_export("io.write_file", "write_file")
def write_file(filename, contents, name=None):
    """An op writing `contents` (a scalar string) to the file `filename`."""
    with get_default_graph().name_scope(name or "WriteFile") as scope:
        path = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
        data = convert_to_tensor(contents, dtype=dtypes.string, name="contents")
        return WriteFile(path, data, name=scope)


@op("MatchingFiles", inputs=("pattern",), stateful=True, type_attrs={})
class MatchingFiles:
    """The sorted paths matching a glob pattern (or any of a vector of them)."""

    def infer(pattern):
        _require_string("MatchingFiles", "pattern", pattern)
        if pattern.shape.ndims is not None and pattern.shape.ndims > 1:
            raise ValueError(f"Shape must be at most rank 1 but is rank {pattern.shape.ndims} for 'MatchingFiles'")
        return dtypes.string, [None]

    def kernel(ctx, xp, pattern):
        found = []
        for p in np.asarray(pattern, dtype=object).reshape(-1):
            found.extend(sorted(glob.glob(_path(p))))
        out = np.empty(len(found), dtype=object)
        out[:] = [f.encode("utf-8", "surrogateescape") for f in found]
        return out

    grad = NOT_DIFFERENTIABLE


@tf_export("io.matching_files", "matching_files")
def matching_files(pattern, name=None):
    """The files matching `pattern` (a glob, or a vector of them), sorted per pattern."""
    with get_default_graph().name_scope(name or "MatchingFiles") as scope:
        value = convert_to_tensor(pattern, dtype=dtypes.string, name="pattern")
        return MatchingFiles(value, name=scope)
