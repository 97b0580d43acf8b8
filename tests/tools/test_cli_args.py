"""`sessionflow explain/graph`: options after SCRIPT, the script's own arguments after `--` or after the
first argument the command does not know; `sessionflow run SCRIPT ARGS...` passes everything on."""

from __future__ import annotations

import json
import re

import pytest
from cli_helpers import THREE_RUNS, sessionflow

from sessionflow.tools.cli import _parser
from sessionflow.tools.cli_args import split_script_args

ARGV_PRINTER = "import sys\nimport tensorflow as tf\nprint('argv', sys.argv[1:])\n"


@pytest.fixture
def commands():
    return _parser()[1]


@pytest.mark.parametrize("argv, ours, theirs", [
    (["explain", "s.py", "--run", "3"], ["explain", "--run", "3", "s.py"], []),
    (["explain", "--run", "3", "s.py", "--ops"], ["explain", "--run", "3", "--ops", "s.py"], []),
    (["explain", "s.py", "--run=2-5", "--lr", "0.1", "--ops"], ["explain", "--run=2-5", "s.py"],
     ["--lr", "0.1", "--ops"]),
    (["explain", "s.py", "--run", "3", "--", "--run", "7"], ["explain", "--run", "3", "s.py"], ["--run", "7"]),
    (["explain", "s.py", "data.csv", "--ops"], ["explain", "s.py"], ["data.csv", "--ops"]),
    (["explain", "--", "-odd.py", "x"], ["explain", "--", "-odd.py"], ["x"]),
    (["graph", "s.py", "-og.html", "--run", "2"], ["graph", "-og.html", "--run", "2", "s.py"], []),
    (["graph", "--out", "g.html", "s.py", "--out", "x"], ["graph", "--out", "g.html", "s.py"], ["--out", "x"]),
    (["run", "-v", "s.py", "--run", "3", "-v", "--", "x"], ["run", "-v", "s.py"], ["--run", "3", "-v", "--", "x"]),
    (["inspect", "ckpt", "--all"], ["inspect", "ckpt", "--all"], []),
])
def test_split_script_args(commands, argv, ours, theirs):
    assert split_script_args(argv, commands) == (ours, theirs)


def test_graph_and_explain_take_options_after_the_script(tmp_path):
    (tmp_path / "model.py").write_text(THREE_RUNS)
    done = sessionflow("graph", "model.py", "--output", "g.html", "--run", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"sessionflow: wrote g\.html \(\d+ ops, 3 runs\)\n", done.stderr)
    page = (tmp_path / "g.html").read_text()
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.DOTALL).group(1))
    assert data["highlight"] == 2

    done = sessionflow("explain", "model.py", "--run", "3", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 of 3 sess.run calls recorded." in done.stdout
    assert "== Run 3: sess.run at model.py:9" in done.stdout and "== Run 2" not in done.stdout
    assert (tmp_path / "ran.marker").read_text() == ""  # the script got no arguments


def test_options_before_the_script_still_work(tmp_path):
    (tmp_path / "model.py").write_text(THREE_RUNS)
    done = sessionflow("explain", "--run", "2", "--output", "report.txt", "model.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 of 3 sess.run calls recorded." in (tmp_path / "report.txt").read_text()


def test_script_arguments_after_dashes_or_the_first_unknown_argument(tmp_path):
    (tmp_path / "args.py").write_text(ARGV_PRINTER)
    done = sessionflow("explain", "args.py", "--ops", "--lr", "0.1", "--run", "3", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("argv ['--lr', '0.1', '--run', '3']\n")
    done = sessionflow("explain", "args.py", "--ops", "--", "--run", "3", cwd=tmp_path)
    assert done.stdout.startswith("argv ['--run', '3']\n")
    done = sessionflow("graph", "args.py", "-o", "g.dot", "input.txt", "-o", "x", cwd=tmp_path)
    assert done.stdout.startswith("argv ['input.txt', '-o', 'x']\n") and (tmp_path / "g.dot").is_file()


def test_run_passes_everything_after_the_script(tmp_path):
    (tmp_path / "args.py").write_text(ARGV_PRINTER)
    done = sessionflow("run", "args.py", "--run", "3", "-v", "--", "--output", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "argv ['--run', '3', '-v', '--', '--output']\n"


def test_help_states_the_rule(tmp_path):
    for command in ("explain", "graph"):
        done = sessionflow(command, "--help", cwd=tmp_path)
        text = " ".join(done.stdout.split())
        assert "Options may come before or after SCRIPT" in text
        assert "after `--`, or start at the first argument after SCRIPT that this command does not know" in text
    assert "Everything after SCRIPT is passed to the script" in " ".join(sessionflow("run", "-h", cwd=tmp_path)
                                                                         .stdout.split())
