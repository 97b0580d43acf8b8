"""Fetching a data set's file over HTTP(S): written atomically, checked against a published checksum, with
progress drawn on a terminal only.

`fetch(url, path, sha256)` streams the answer into a temporary file beside `path` and renames it into place
only once it is complete and its SHA-256 (or, for `md5=`, its MD5) matches, so an interrupted or corrupted
download never leaves a file that a later run would take for the real one. Every failure is a `DownloadError`
(an OSError) whose text says what went wrong; callers add where the file should be put by hand when there is
no network. `extract_tar(archive, folder, name)` unpacks a downloaded tar archive the same way: into a
temporary folder first, and `name` renamed into place only once the whole archive has been read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tarfile
import tempfile
import warnings
import zlib

from ..tools.progress import Progress

PROGRESS_DELAY = 0.5  # seconds before the progress line appears (a quick download never shows it)
TIMEOUT = 60.0  # seconds without an answer before a download gives up
_CHUNK = 1 << 16


class DownloadError(OSError):
    """A file could not be downloaded: no network, an HTTP error, a short answer, or a checksum mismatch."""


class ChecksumError(DownloadError):
    """The downloaded bytes are not the published file (their SHA-256 differs); nothing was kept."""

    def __init__(self, message: str, url: str, expected: str, actual: str):
        super().__init__(message)
        self.url, self.expected, self.actual = url, expected, actual


def _urlopen(url: str, timeout: float):
    """Opens `url` (the one place that touches the network; tests replace it)."""
    import urllib.request  # imported here: only a download needs it

    return urllib.request.urlopen(url, timeout=timeout)  # noqa: S310 - the URLs are data-set mirrors


def _reason(error: BaseException) -> str:
    code = getattr(error, "code", None)
    if code is not None and hasattr(error, "reason"):  # urllib's HTTPError
        return f"HTTP error {code} {error.reason}".rstrip()
    reason = getattr(error, "reason", None)  # urllib's URLError wraps the socket error
    return str(reason if reason is not None else error) or type(error).__name__


def file_hash(path: str, algorithm: str = "sha256") -> str:
    """The hex digest of the file at `path` (`algorithm`: "sha256" or "md5")."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path: str) -> str:
    return file_hash(path, "sha256")


def _size_text(done: int, total: int | None) -> str:
    if total:
        return f"{100 * done // total}% ({done / 1e6:.1f} of {total / 1e6:.1f} MB)"
    return f"{done / 1e6:.1f} MB"


def fetch(url: str, path: str, sha256: str | None = None, md5: str | None = None) -> int:
    """Downloads `url` to `path` and returns its size in bytes. The bytes go to a temporary file in `path`'s
    folder (created if needed), renamed to `path` once complete and, when `sha256` (or `md5`) is given,
    matching it. Raises DownloadError (ChecksumError for a mismatch); `path` is then left as it was."""
    import http.client  # for its exception type only

    if sha256 is not None and md5 is not None:
        raise ValueError("fetch checks one checksum: give sha256 or md5, not both")
    algorithm, expected = ("md5", md5) if md5 is not None else ("sha256", sha256)

    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".part")
    digest = hashlib.new(algorithm)
    size = 0
    try:
        with os.fdopen(handle, "wb") as out, Progress(f"Downloading {os.path.basename(path)}",
                                                       stream=sys.stderr, delay=PROGRESS_DELAY) as progress:
            try:
                with _urlopen(url, TIMEOUT) as response:
                    length = response.headers.get("Content-Length") if response.headers else None
                    total = int(length) if length and length.isdigit() else None
                    while chunk := response.read(_CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        size += len(chunk)
                        progress.update(_size_text(size, total))
            except (OSError, ValueError, http.client.HTTPException) as e:
                raise DownloadError(f"Could not download {url}: {_reason(e)}") from None
            if total is not None and size != total:
                raise DownloadError(f"Could not download {url}: the connection closed after {size} of {total} "
                                    "bytes")
        actual = digest.hexdigest()
        if expected is not None and actual != expected:
            raise ChecksumError(f"The file downloaded from {url} is not the published one: its {algorithm} is "
                                f"{actual}, expected {expected}; it was not kept", url, expected, actual)
        os.replace(temp, path)
    except BaseException:
        try:
            os.remove(temp)
        except OSError:
            pass
        raise
    return size


def _safe_members(archive: tarfile.TarFile, folder: str):
    """The archive's members that stay inside `folder` once extracted (links included); the others are
    skipped with a warning, as TensorFlow's Keras skips them."""
    for member in archive:
        try:
            yield tarfile.data_filter(member, folder)
        except tarfile.FilterError:
            warnings.warn(f"Skipping invalid path during archive extraction: '{member.name}'.", stacklevel=3)


def extract_tar(archive: str, folder: str, name: str) -> str:
    """Extracts the tar archive `archive` (plain, gzip or bzip2) and moves its top-level entry `name` to
    `folder/name`, which it returns. The archive is unpacked into a temporary folder inside `folder` and `name`
    is renamed into place only once every member was read, so a damaged archive leaves nothing behind; that
    is a ValueError naming the archive, as is an archive without `name`."""
    target = os.path.join(folder, name)
    os.makedirs(folder, exist_ok=True)
    temp = tempfile.mkdtemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        try:
            with tarfile.open(archive) as tar:
                tar.extractall(temp, members=_safe_members(tar, temp))
        except (tarfile.TarError, EOFError, zlib.error) as e:
            raise ValueError(f"{archive} is not a complete tar archive ({e}); delete it to have it downloaded "
                             "again") from None
        except OSError as e:
            if isinstance(e, FileNotFoundError) and not os.path.exists(archive):
                raise
            raise ValueError(f"Could not extract {archive}: {e}") from None
        if not os.path.isdir(os.path.join(temp, name)):
            raise ValueError(f"{archive} does not hold the folder {name}; delete it to have it downloaded again")
        try:
            os.rename(os.path.join(temp, name), target)
        except OSError:
            if not os.path.isdir(target):  # else another process extracted it first
                raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return target
