"""`tf.compat`: `compat.v1` is sessionflow's TF1 namespace itself; byte/text helpers."""

from __future__ import annotations

import sys

v1 = None


def _install_v1():
    """Binds `compat.v1` (and `compat.v2`, for code that reaches for it) to the TF1 namespace."""
    global v1, v2
    v1 = v2 = sys.modules["sessionflow"]
    sys.modules["sessionflow.compat.v1"] = v1


v2 = None


def as_bytes(bytes_or_text, encoding="utf-8") -> bytes:
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding="utf-8") -> str:
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text
as_str_any = str
