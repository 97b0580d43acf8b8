"""Running TF1 programs of tests/compat/programs/ in a subprocess (`sessionflow run`, or pytest with the
sessionflow.testing plugin), and comparing what they print with TF's recorded goldens."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROGRAMS = os.path.join(HERE, "programs")


def golden(name: str) -> dict:
    with open(os.path.join(HERE, "goldens", name), encoding="utf-8") as f:
        value = json.load(f)
    value.pop("_recorded_with")
    return value


def python(*args, cwd: str = PROGRAMS, source: str | None = None) -> subprocess.CompletedProcess:
    """`python ARGS` (or `python -c SOURCE`) with the repository importable."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
    env.pop("SESSIONFLOW_TRACEBACK", None)
    command = [sys.executable, *(["-c", source] if source is not None else []), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=300, check=False)


def facts(source: str) -> dict:
    """Runs `source` (which prints one JSON object last) in a fresh interpreter and returns the object."""
    done = python(source=source)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def assert_close(actual, expected, path: str = "", tol: float = 1e-6) -> None:
    """`actual` equals `expected` (JSON values), floats within `tol` (relative and absolute)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and sorted(actual) == sorted(expected), (path, actual, expected)
        for key in expected:
            assert_close(actual[key], expected[key], f"{path}.{key}", tol)
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (path, actual, expected)
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_close(a, e, f"{path}[{i}]", tol)
    elif isinstance(expected, float) and not isinstance(actual, bool):
        assert isinstance(actual, (int, float)) and math.isclose(actual, expected, rel_tol=tol, abs_tol=tol), (
            path, actual, expected)
    else:
        assert actual == expected and type(actual) is type(expected), (path, actual, expected)
