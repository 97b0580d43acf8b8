"""Golden-file conformance: each snippet in cases/ must print exactly what real TensorFlow printed.

The goldens (``cases/NAME.expected``) were recorded from TensorFlow 1.x graph mode (TF 2.21,
``tf.compat.v1`` after ``disable_v2_behavior()``) by ``tools/record_conformance.py``. Here each
snippet runs under sessionflow as ``python -m sessionflow run NAME.py`` in a subprocess, and its
stdout (plus a ``<<exit status N>>`` line when the exit status is nonzero) is compared with the
golden after stripping trailing whitespace from every line. TensorFlow is never imported.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).resolve().parent / "cases"
REPO_ROOT = CASES_DIR.parent.parent.parent
TIMEOUT_S = 60
EXIT_TRAILER = "<<exit status {}>>\n"  # same convention as tools/record_conformance.py

CASES = sorted(p.with_suffix(".py") for p in CASES_DIR.glob("*.expected"))


def normalize(text: str) -> str:
    """Strip trailing whitespace from every line; nothing else."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def golden_text(stdout: str, returncode: int) -> str:
    if returncode != 0:
        if stdout and not stdout.endswith("\n"):
            stdout += "\n"
        stdout += EXIT_TRAILER.format(returncode)
    return stdout


def run_snippet(case: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["PYTHONHASHSEED"] = "0"
    return subprocess.run(
        [sys.executable, "-m", "sessionflow", "run", case.name],
        cwd=case.parent,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=TIMEOUT_S,
    )


def test_cases_are_recorded():
    missing = [p.name for p in sorted(CASES_DIR.glob("*.py")) if not p.with_suffix(".expected").exists()]
    assert not missing, f"snippets without a golden (run tools/record_conformance.py): {missing}"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_conformance(case: Path):
    expected = normalize(case.with_suffix(".expected").read_text())
    proc = run_snippet(case)
    actual = normalize(golden_text(proc.stdout, proc.returncode))
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            f"{case.stem}.expected (TensorFlow)", f"{case.stem} (sessionflow)"))
        stderr_tail = "\n".join(proc.stderr.strip().splitlines()[-20:])
        pytest.fail(f"output differs from real TensorFlow:\n{diff}\n--- stderr (tail) ---\n{stderr_tail}",
                    pytrace=False)
