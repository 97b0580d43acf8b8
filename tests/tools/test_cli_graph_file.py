"""`sessionflow graph` draws a saved GraphDef (.pb) as well as a script's graph."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FROZEN = os.path.join(ROOT, "tests", "io", "fixtures", "graph_cnn_frozen.pb")


def _sessionflow(*args, cwd):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "sessionflow", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def test_graph_of_frozen_pb_as_dot_and_html(tmp_path):
    done = _sessionflow("graph", FROZEN, "--output", "cnn.dot", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    dot = (tmp_path / "cnn.dot").read_text()
    assert dot.startswith("digraph") and "Conv2D" in dot
    done = _sessionflow("graph", "--output", "cnn.html", FROZEN, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "cnn.html").read_text()
    assert "<html" in html.lower() and "Conv2D" in html
    assert 'src="http' not in html and "href=\"http" not in html  # self-contained: nothing fetched


def test_graph_without_output_is_a_usage_error(tmp_path):
    done = _sessionflow("graph", FROZEN, cwd=tmp_path)
    assert done.returncode == 2 and "--output" in done.stderr
