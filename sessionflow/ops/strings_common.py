"""What the string op modules share: checks with TF's messages, and applying a function to every string of
an object array. String tensors are NumPy object arrays of `bytes`; kernels return the same."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.graph import Tensor
from .constant import convert_to_tensor

UNITS = ("BYTE", "UTF8_CHAR")


def require_string(op_type: str, param: str, t: Tensor) -> None:
    """TF's TypeError for a string input given another dtype."""
    if t.dtype.base_dtype is not dtypes.string:
        raise TypeError(f"Input '{param}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not match "
                        "expected type of string.")


def string_tensor(value, name: str | None = None) -> Tensor:
    return value if isinstance(value, Tensor) else convert_to_tensor(value, dtype=dtypes.string, name=name)


def check_choice(op_type: str, attr: str, value: str, allowed) -> None:
    if value not in allowed:
        listed = ", ".join(f'"{a}"' for a in allowed)
        raise ValueError(f"Attr '{attr}' of '{op_type}' Op passed string '{value}' not in: {listed}.")


def check_minimum(op_type: str, attr: str, value: int, minimum: int) -> None:
    if value < minimum:
        raise ValueError(f"Attr '{attr}' of '{op_type}' Op passed {value} less than minimum {minimum}.")


def as_bytes(value) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, np.ndarray):
        return as_bytes(value.item())
    return bytes(value)


def as_text(value) -> str:
    """A string value as text (invalid UTF-8 kept as surrogates, so it round-trips through `text_bytes`)."""
    return as_bytes(value).decode("utf-8", "surrogateescape")


def text_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def map_strings(fn, array, otype=object) -> np.ndarray:
    """`fn` applied to each bytes value of `array`, as an array of the same shape (`otype` elements)."""
    array = np.asarray(array, dtype=object)
    flat = [fn(as_bytes(v)) for v in array.reshape(-1)]
    out = np.empty(len(flat), dtype=otype)
    out[:] = flat
    return out.reshape(array.shape)


def utf8_length(data: bytes) -> int:
    """Characters in UTF-8 `data`, counted as TF counts them: the bytes that do not continue a character."""
    return sum(1 for b in data if b & 0xC0 != 0x80)


def utf8_offsets(data: bytes) -> list[int]:
    """The byte offset of each character of UTF-8 `data`, and its length at the end."""
    return [i for i, b in enumerate(data) if b & 0xC0 != 0x80] + [len(data)]
