"""A script that fails under `sessionflow run/explain/graph` shows its own frames and TF's message, not
sessionflow's internal frames; `-v` or SESSIONFLOW_TRACEBACK=full shows them all; SystemExit keeps its code."""

from __future__ import annotations

import re

import pytest
from cli_helpers import sessionflow

FAILING = """\
import tensorflow as tf


def build():
    x = tf.placeholder(tf.float32, [2], name="x")
    return x * 2


with tf.Session() as sess:
    sess.run(tf.constant(1.0))
    sess.run(build())
"""


def _frames(stderr: str) -> list:
    return re.findall(r'^  File "([^"]+)", line (\d+), in (\S+)$', stderr, re.MULTILINE)


def _command(command: str) -> list:
    return {"run": ["run"], "explain": ["explain"], "graph": ["graph", "-o", "g.dot"]}[command]


@pytest.mark.parametrize("command", ["run", "explain", "graph"])
def test_the_traceback_shows_the_scripts_frames_only(tmp_path, command):
    (tmp_path / "train.py").write_text(FAILING)
    done = sessionflow(*_command(command), "train.py", cwd=tmp_path)
    assert done.returncode == 1
    assert _frames(done.stderr) == [("train.py", "11", "<module>")]
    assert "Traceback (most recent call last):" in done.stderr
    assert "    sess.run(build())" in done.stderr
    message = ("sessionflow.framework.errors.InvalidArgumentError: You must feed a value for placeholder tensor 'x' "
               "with dtype float and shape [2]")
    assert message in done.stderr
    assert "sessionflow/" not in done.stderr and "runpy" not in done.stderr


@pytest.mark.parametrize("how", [{"args": ["-v"]}, {"args": ["--verbose"]}, {"env": {"SESSIONFLOW_TRACEBACK": "full"}}])
@pytest.mark.parametrize("command", ["run", "explain"])
def test_the_full_traceback_on_request(tmp_path, command, how):
    (tmp_path / "train.py").write_text(FAILING)
    done = sessionflow(*_command(command), *how.get("args", []), "train.py", cwd=tmp_path, env=how.get("env"))
    assert done.returncode == 1
    frames = _frames(done.stderr)
    assert ("train.py", "11", "<module>") in [f for f in frames if f[0] == "train.py"]
    assert any("sessionflow/runtime/session.py" in f[0] for f in frames)
    assert any("runpy" in f[0] for f in frames)


def test_chained_exceptions_and_did_you_mean_hints_survive(tmp_path):
    (tmp_path / "typo.py").write_text(
        "import tensorflow as tf\n"
        "try:\n"
        "    tf.constant([1, 2]) + tf.constant([1, 2, 3])\n"
        "except ValueError as e:\n"
        "    raise RuntimeError('while building') from e\n")
    done = sessionflow("run", "typo.py", cwd=tmp_path)
    assert done.returncode == 1
    assert _frames(done.stderr) == [("typo.py", "3", "<module>"), ("typo.py", "5", "<module>")]
    assert "ValueError: Dimensions must be equal, but are 2 and 3" in done.stderr
    assert "The above exception was the direct cause" in done.stderr
    assert done.stderr.rstrip().endswith("RuntimeError: while building")

    (tmp_path / "typo.py").write_text("import tensorflow as tf\nsess = tf.Sesion()\n")
    done = sessionflow("run", "typo.py", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.rstrip().endswith(
        "AttributeError: module 'tensorflow' has no attribute 'Sesion'. Did you mean: 'Session'?")


@pytest.mark.parametrize("command", ["run", "explain"])
def test_system_exit_keeps_its_code(tmp_path, command):
    (tmp_path / "quits.py").write_text("import sys\nimport tensorflow as tf\nsys.exit(int(sys.argv[-1]))\n")
    done = sessionflow(command, "quits.py", "--", "7", cwd=tmp_path)
    assert done.returncode == 7 and "Traceback" not in done.stderr
    (tmp_path / "quits.py").write_text("import sys\nsys.exit('giving up: no data')\n")
    done = sessionflow(command, "quits.py", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.strip().endswith("giving up: no data")
