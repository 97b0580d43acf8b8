"""Shared by the first-week programs, their recording tool and their tests: program registries,
error records that read the same on TensorFlow and sessionflow, and the golden comparison."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

GOLDENS = Path(__file__).resolve().with_name("goldens.json")


def registry():
    """A dict of programs and the decorator that fills it (`@program` or `@program(name=...)`)."""
    programs: dict = {}

    def program(fn=None, *, name=None):
        def add(f):
            programs[name or f.__name__] = f
            return f

        return add(fn) if fn is not None else add

    return programs, program


def error_record(error: BaseException) -> dict:
    """The exception's class and message. TensorFlow 2's graph execution errors wrap the kernel's
    message ("Graph execution error: ... Node: 'x'\\n<message>\\n..."), sessionflow's end it with the
    node (`<message>\\n\\t [[node x ...]]`): both reduce to the kernel's message."""
    text = str(error)
    if "\nNode: '" in text:
        text = text.split("\nNode: '", 1)[1].split("\n", 1)[1]
    if hasattr(error, "error_code"):
        text = text.split("\n", 1)[0]
    return {"error": type(error).__name__, "message": text}


def attempt(fn):
    """fn()'s result, or the error record of what it raised."""
    try:
        return fn()
    except Exception as error:  # noqa: BLE001 - every failure is part of the recorded behaviour
        return error_record(error)


def plain(value):
    """A JSON-able copy of `value`: arrays and NumPy scalars become lists and numbers, bytes their repr."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, bytes):
        return repr(value)
    return value


def load_goldens() -> dict:
    with open(GOLDENS) as f:
        return json.load(f)


def assert_matches(actual, expected, rtol=1e-5, atol=1e-6, path="result"):
    """Exact for strings, bools, ints and structure; floats to `rtol`/`atol` (NaN matches NaN)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected a dict, got {actual!r}"
        assert sorted(actual) == sorted(expected), f"{path}: keys {sorted(actual)} != {sorted(expected)}"
        for key in expected:
            assert_matches(actual[key], expected[key], rtol, atol, f"{path}[{key!r}]")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {actual!r}"
        assert len(actual) == len(expected), f"{path}: length {len(actual)} != {len(expected)}: {actual!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_matches(a, e, rtol, atol, f"{path}[{i}]")
    elif isinstance(expected, float) or (isinstance(actual, float) and not isinstance(expected, bool)):
        assert isinstance(actual, (int, float)) and not isinstance(actual, bool), f"{path}: {actual!r} != {expected!r}"
        if math.isnan(expected):
            assert math.isnan(actual), f"{path}: {actual!r} != nan"
        else:
            assert math.isclose(actual, expected, rel_tol=rtol, abs_tol=atol), f"{path}: {actual!r} != {expected!r}"
    else:
        assert type(actual) is type(expected) and actual == expected, f"{path}: {actual!r} != {expected!r}"


def check_program(programs: dict, name: str, tf, **tolerances):
    """Runs programs[name] on `tf` (sessionflow) and compares with the golden TensorFlow recorded."""
    expected = load_goldens()[name]
    assert_matches(plain(programs[name](tf)), expected, **tolerances)
