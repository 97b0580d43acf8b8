"""`sessionflow graph`: DOT and the self-contained HTML page (the page's behaviour in a real browser
is tested in test_browser.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import sessionflow as tf
from sessionflow import explain
from sessionflow.tools import graph_render

SCRIPT = """import tensorflow as tf
rand_var = tf.Variable(tf.random_normal([5]), name="rand_var")
init_op = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init_op)
    sess.run(rand_var.assign(tf.random_normal([5])))
"""


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    tf.disable_resource_variables()
    yield
    tf.reset_default_graph()


def _model():
    v = tf.Variable(tf.random_normal([2, 3], seed=1), name="w")
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("layer"):
        y = tf.matmul(x, v)
    init = tf.global_variables_initializer()
    return v, x, y, init


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_format_for():
    assert graph_render.format_for("a/graph.HTML") == "html"
    assert graph_render.format_for("g.dot") == "dot"
    assert graph_render.format_for("g.svg") == "svg"
    with pytest.raises(ValueError, match=r"\.html, \.dot"):
        graph_render.format_for("g.txt")


def test_graph_data_groups_ops_by_name_scope():
    _model()
    data = graph_render.graph_data(tf.get_default_graph())
    by_name = {n["name"]: n for n in data["nodes"]}
    assert by_name["layer/MatMul"]["group"] == "layer"
    assert by_name["random_normal"]["group"] == "random_normal"  # the scope's output op sits inside it
    assert by_name["w"]["group"] == "w" and by_name["w/read"]["group"] == "w"
    assert by_name["layer/MatMul"]["outputs"] == [{"dtype": "float32", "shape": "(?, 3)"}]
    assert by_name["init"]["outputs"] == []
    assert {"", "layer", "random_normal", "w"} <= set(data["groups"])
    names = [n["name"] for n in data["nodes"]]
    edges = {(names[a], names[b], c) for a, b, c in data["edges"]}
    assert ("w/read", "layer/MatMul", 0) in edges and ("w/Assign", "init", 1) in edges


def test_dot_has_clusters_edges_and_highlight():
    _model()
    text = graph_render.to_dot(tf.get_default_graph(), highlight={"w/Assign"})
    assert text.startswith("digraph sessionflow {") and text.rstrip().endswith("}")
    assert 'subgraph "cluster_layer" {' in text and 'subgraph "cluster_w" {' in text
    assert '"w/Assign" -> "init" [style=dashed];' in text
    assert '"w/read" -> "layer/MatMul";' in text
    assert re.search(r'"w/Assign" \[label="Assign\\nAssign", tooltip="[^"]*", fillcolor="#ffd54f"', text)
    assert graph_render._dot_id('a"b\\c') == '"a\\"b\\\\c"'
    assert text.count("{") == text.count("}")


@pytest.mark.skipif(graph_render.dot_program() is None, reason="Graphviz's dot is not installed")
def test_svg_through_dot(tmp_path):
    _model()
    out = tmp_path / "g.svg"
    graph_render.write(tf.get_default_graph(), str(out))
    assert "<svg" in out.read_text()


def test_svg_without_dot_says_what_to_install(tmp_path, monkeypatch):
    _model()
    monkeypatch.setattr(graph_render, "dot_program", lambda: None)
    with pytest.raises(RuntimeError, match="Graphviz"):
        graph_render.write(tf.get_default_graph(), str(tmp_path / "g.png"))


def test_html_is_self_contained_and_embeds_graph_and_runs():
    init = _model()[3]
    with explain.trace() as t, tf.Session() as sess:
        sess.run(init)
    graph, runs = graph_render.graph_and_runs(t)
    assert graph is tf.get_default_graph()
    assert runs[0]["executed"][-1] == "init" and runs[0]["changed"] == ["w"]
    page = graph_render.to_html(graph, runs, highlight=1, title="model </script>")
    assert page.startswith("<!DOCTYPE html>")
    # nothing is fetched: no external scripts, styles, images or fonts
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page
    assert "default-src 'none'" in page
    data_text = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.DOTALL).group(1)
    data = json.loads(data_text)
    assert data["title"] == "model </script>" and data["highlight"] == 1
    assert {n["name"] for n in data["graph"]["nodes"]} >= {"w", "layer/MatMul", "init"}
    assert page.count("</script>") == 2  # the title's "</script>" was escaped


def test_graph_command_writes_html_and_dot(tmp_path):
    script = tmp_path / "model.py"
    script.write_text(SCRIPT)
    html_file, dot_file, trace_file = tmp_path / "g.html", tmp_path / "g.dot", tmp_path / "t.json"
    proc = subprocess.run([sys.executable, "-m", "sessionflow", "graph", "--output", str(html_file), "--run", "2",
                           str(script)], cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stderr and "\r" not in proc.stderr
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', html_file.read_text(), re.DOTALL).group(1))
    assert data["highlight"] == 2 and [r["index"] for r in data["runs"]] == [1, 2]
    assert "random_normal_1/RandomStandardNormal" in data["runs"][1]["executed"]
    assert any(n["site"] == "model.py:6" for n in data["graph"]["nodes"])

    subprocess.run([sys.executable, "-m", "sessionflow", "explain", "--json", str(trace_file), str(script)],
                   cwd=tmp_path, env=_env(), capture_output=True, timeout=120, check=True)
    proc = subprocess.run([sys.executable, "-m", "sessionflow", "graph", "--output", str(dot_file), "--trace",
                           str(trace_file), "--run", "1", str(script)], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert '"rand_var/Assign" [label="Assign\\nAssign", tooltip=' in dot_file.read_text()
    assert "fillcolor=\"#ffd54f\"" in dot_file.read_text()


def test_graph_command_rejects_unknown_formats_and_runs(tmp_path):
    script = tmp_path / "model.py"
    script.write_text(SCRIPT)
    for args, message in ((["--output", "g.txt"], ".html, .dot"), (["--output", "g.html", "--run", "9"], "no run 9")):
        proc = subprocess.run([sys.executable, "-m", "sessionflow", "graph", *args, str(script)], cwd=tmp_path,
                              env=_env(), capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 1 and message in proc.stderr
        assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr
