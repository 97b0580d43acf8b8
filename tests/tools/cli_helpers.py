"""Running `python -m sessionflow ...` in a subprocess, for the CLI tests (tests/tools/test_cli_*.py)."""

from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# A small TF1 program: three sess.run calls; it leaves a marker file so a test can tell it ran.
THREE_RUNS = """\
import sys
import tensorflow as tf
open("ran.marker", "w").write(" ".join(sys.argv[1:]))
counter = tf.Variable(0, name="counter")
step = tf.assign_add(counter, 1)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(step)
    print("counter", sess.run(counter))
"""


def sessionflow(*args, cwd, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m sessionflow ARGS` in `cwd` (the repository on PYTHONPATH, `env` added to the environment)."""
    full_env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
    full_env.pop("SESSIONFLOW_TRACEBACK", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "sessionflow", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=full_env, timeout=120, check=False)


def one_line_error(done: subprocess.CompletedProcess, command: str) -> str:
    """The single stderr line of a command that failed on bad input (exit status 1, no traceback)."""
    assert done.returncode == 1, (done.returncode, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert lines[0].startswith(f"sessionflow {command}: "), lines[0]
    return lines[0]
