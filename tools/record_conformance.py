"""Record conformance goldens by running each snippet on real TensorFlow (TF1 graph mode).

Usage (with the Python of a venv that has TensorFlow installed; sessionflow never imports it):

    /opt/tfvenv/bin/python tools/record_conformance.py [names...]
    /opt/tfvenv/bin/python tools/record_conformance.py --check [names...]

Without names, every ``tests/conformance/cases/*.py`` is recorded; a name may be given as
``naming_scopes``, ``naming_scopes.py`` or a path to the snippet.

Each snippet runs in its own subprocess (cwd = the cases folder) behind a small prelude that
imports ``tensorflow.compat.v1``, calls ``disable_v2_behavior()`` (graph mode, reference
variables, TF1 shapes and Tensor equality) and installs it as ``sys.modules['tensorflow']``, so
the snippet's ``import tensorflow as tf`` gets the TF1 API. TensorFlow's log noise is kept off
stdout: ``TF_CPP_MIN_LOG_LEVEL=3``, absl/TF logging at ERROR and to stderr, Python warnings to
stderr. The snippet's stdout is written to ``NAME.expected`` next to it. If the snippet exits
with a nonzero status (snippets should exit 0), a last line ``<<exit status N>>`` is appended
to the golden (the conformance test appends the same line) and a warning is printed.

``--check`` records into memory instead and reports any case whose output differs from its
committed ``.expected`` (use it to check that recordings are deterministic). Exit status is
nonzero if any snippet failed (or, with ``--check``, differed).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = REPO_ROOT / "tests" / "conformance" / "cases"
TIMEOUT_S = 300

PRELUDE = r"""
import os, sys, runpy, logging
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import absl.logging
absl.logging.set_verbosity(absl.logging.ERROR)
absl.logging.set_stderrthreshold("error")
import tensorflow.compat.v1 as _tf1
_tf1.get_logger().setLevel(logging.ERROR)
_tf1.disable_v2_behavior()
sys.modules["tensorflow"] = _tf1
_path = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(_path)))
runpy.run_path(_path, run_name="__main__")
"""

EXIT_TRAILER = "<<exit status {}>>\n"


def golden_text(stdout: str, returncode: int) -> str:
    """The golden for one run: its stdout, plus the exit trailer when the status is nonzero."""
    if returncode != 0:
        if stdout and not stdout.endswith("\n"):
            stdout += "\n"
        stdout += EXIT_TRAILER.format(returncode)
    return stdout


def run_case(case: Path) -> tuple[str, int, str]:
    """Run one snippet on real TF; return (stdout, returncode, stderr)."""
    env = dict(os.environ)
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONHASHSEED"] = "0"
    env["TF_USE_LEGACY_KERAS"] = "1"  # tf.layers and tf.nn.rnn_cell need Keras 2 (the tf-keras package)
    env.pop("PYTHONPATH", None)  # keep sessionflow (repo root) away from the TF run
    proc = subprocess.run(
        [sys.executable, "-c", PRELUDE, case.name],
        cwd=case.parent,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=TIMEOUT_S,
    )
    return proc.stdout, proc.returncode, proc.stderr


def resolve(names: list[str]) -> list[Path]:
    if not names:
        return sorted(CASES_DIR.glob("*.py"))
    cases = []
    for name in names:
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".py")
        if not path.exists():
            path = CASES_DIR / path.name
        if not path.exists():
            sys.exit(f"no such case: {name}")
        cases.append(path.resolve())
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="cases to record (default: all)")
    parser.add_argument("--check", action="store_true", help="compare with .expected, write nothing")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)

    cases = resolve(args.names)
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = pool.map(run_case, cases)
        for case, (stdout, returncode, stderr) in zip(cases, results):
            text = golden_text(stdout, returncode)
            expected_path = case.with_suffix(".expected")
            if returncode != 0:
                failed += 1
                tail = "\n".join(stderr.strip().splitlines()[-15:])
                print(f"WARNING {case.name}: exit status {returncode}\n{tail}", file=sys.stderr)
            if args.check:
                old = expected_path.read_text() if expected_path.exists() else ""
                if old != text:
                    failed += 1
                    diff = difflib.unified_diff(
                        old.splitlines(keepends=True), text.splitlines(keepends=True),
                        f"{case.stem}.expected", f"{case.stem} (this run)")
                    print(f"DIFFERS {case.name}\n{''.join(diff)}")
                else:
                    print(f"same    {case.name}")
            else:
                expected_path.write_text(text)
                print(f"wrote   {expected_path.relative_to(REPO_ROOT)} ({len(text.splitlines())} lines)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
