"""Bad input to the `sessionflow` command is one clear line on stderr and exit status 1, never a traceback,
and is caught before the script runs wherever it can be."""

from __future__ import annotations

import os

import pytest
from cli_helpers import THREE_RUNS, one_line_error, sessionflow

import sessionflow as tf
from sessionflow.io import protos


@pytest.fixture
def model(tmp_path):
    (tmp_path / "model.py").write_text(THREE_RUNS)
    return tmp_path


# --- graph files that are not graphs ------------------------------------------------------------

@pytest.mark.parametrize("name, content, says", [
    ("g.pbtxt", b"node { name: 'a' op: 'Const' \n nonsense {", "g.pbtxt is not a GraphDef in text format"),
    ("g.pbtxt", b"\xff\xfe\x00binary", "g.pbtxt is not a GraphDef in text format: it is not UTF-8 text"),
    ("g.pb", b"\x0a\xff\xff\xff\xff\x0fgarbage", "g.pb is not a binary GraphDef (the binary parse failed:"),
    ("g.meta", b"\x0a\xff\xff\xff\xff\x0fgarbage", "g.meta is not a binary MetaGraphDef (the binary parse failed:"),
    ("g.pb", b"\x48\x01", "g.pb is not a binary GraphDef: it parsed, but holds no nodes and fields a GraphDef"),
])
def test_graph_of_a_corrupt_graph_file(tmp_path, name, content, says):
    (tmp_path / name).write_bytes(content)
    line = one_line_error(sessionflow("graph", name, "--output", "g.html", cwd=tmp_path), "graph")
    assert says in line
    assert not (tmp_path / "g.html").exists()


def test_graph_of_a_graph_with_unknown_ops(tmp_path):
    graph_def = protos.GraphDef()
    graph_def.node.add(name="s", op="NoSuchOpType")
    (tmp_path / "g.pb").write_bytes(graph_def.SerializeToString())
    line = one_line_error(sessionflow("graph", "g.pb", "-o", "g.dot", cwd=tmp_path), "graph")
    assert "can't import the graph of g.pb" in line and "NoSuchOpType" in line


def test_a_text_graph_saved_as_pb_is_read(tmp_path):
    graph = tf.Graph()
    with graph.as_default():
        tf.constant(1.0, name="one")
    tf.train.write_graph(graph, str(tmp_path), "text.pb", as_text=True)  # TF's default: text, whatever the name
    done = sessionflow("graph", "text.pb", "-o", "g.dot", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"one"' in (tmp_path / "g.dot").read_text()


# --- scripts that are not Python scripts ------------------------------------------------------

@pytest.mark.parametrize("command", ["run", "explain", "graph"])
@pytest.mark.parametrize("name, content, says", [
    ("weights.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "weights.bin is not a Python script: it is a binary file"),
    ("model.pb", b"\x0a\x05\x0a\x01a", "model.pb is a saved graph, not a Python script"),
    ("notes.txt", b"Remember to { rerun the model", "notes.txt is not a Python script (line 1: "),
    ("latin.py", b"print('caf\xe9')\n", "latin.py is not a Python script: it is not text in UTF-8"),
    ("ckpt.index", b"\x00\x01", ("ckpt.index is part of a checkpoint, not a Python script (to list it: "
                                "sessionflow inspect ckpt)")),
])
def test_a_file_that_is_not_a_python_script_is_not_run(tmp_path, command, name, content, says):
    (tmp_path / name).write_bytes(content)
    args = ["graph", name, "-o", "g.html"] if command == "graph" else [command, name]
    if command == "graph" and name == "model.pb":
        pytest.skip("graph draws a .pb (tested above)")
    done = sessionflow(*args, cwd=tmp_path)
    line = one_line_error(done, command)
    assert says in line
    assert "wrote" not in done.stderr and not (tmp_path / "g.html").exists() and done.stdout == ""


def test_run_and_explain_of_a_pb_suggest_graph(tmp_path):
    (tmp_path / "model.pb").write_bytes(protos.GraphDef().SerializeToString())
    for command in ("run", "explain"):
        line = one_line_error(sessionflow(command, "model.pb", cwd=tmp_path), command)
        assert line.endswith("(to draw it: sessionflow graph model.pb --output graph.html)")


@pytest.mark.parametrize("command", ["run", "explain", "graph"])
def test_a_directory_or_a_missing_script(tmp_path, command):
    (tmp_path / "models").mkdir()
    extra = ["-o", "g.html"] if command == "graph" else []
    line = one_line_error(sessionflow(command, "models", *extra, cwd=tmp_path), command)
    assert line == f"sessionflow {command}: models is a directory, not a Python script"
    line = one_line_error(sessionflow(command, "missing.py", *extra, cwd=tmp_path), command)
    assert line == f"sessionflow {command}: can't open file 'missing.py': no such file"


def test_a_syntax_error_in_a_py_script_is_shown_as_python_shows_it_before_anything_runs(tmp_path):
    (tmp_path / "broken.py").write_text("import tensorflow as tf\nx = (1,\n")
    done = sessionflow("graph", "broken.py", "-o", "g.html", cwd=tmp_path)
    assert done.returncode == 1
    assert 'File "broken.py", line 2' in done.stderr and "SyntaxError: '(' was never closed" in done.stderr
    assert "Traceback" not in done.stderr and "sessionflow" not in done.stderr
    assert not (tmp_path / "g.html").exists()


# --- outputs and options checked before the script runs --------------------------------------

@pytest.mark.parametrize("args, says", [
    (["graph", "model.py", "--output", "no/such/dir/g.html"],
     "--output no/such/dir/g.html: the folder no/such/dir does not exist"),
    (["explain", "model.py", "--output", "nodir/report.txt"], "--output nodir/report.txt: the folder nodir does not"),
    (["explain", "model.py", "--json", "nodir/trace.json"], "--json nodir/trace.json: the folder nodir does not"),
    (["graph", "model.py", "--output", "g.txt"], "don't know how to write 'g.txt': use .html, .dot, .svg or .png"),
    (["explain", "model.py", "--run", "abc"], "--run abc: expected a run number (3), a range (2-5) or a list (1,4)"),
    (["explain", "model.py", "--run", "0"], "--run 0: expected a run number"),
    (["graph", "model.py", "-o", "g.html", "--run", "abc"], "--run abc: expected one run number"),
    (["graph", "model.py", "-o", "g.html", "--trace", "none.json"], "--trace none.json: No such file or directory"),
])
def test_bad_options_are_reported_before_the_script_runs(model, args, says):
    command = args[0]
    line = one_line_error(sessionflow(*args, cwd=model), command)
    assert says in line
    assert not (model / "ran.marker").exists()


@pytest.mark.parametrize("args", [["explain", "model.py", "--run", "99"], ["explain", "model.py", "--run", "2,98-99"],
                                  ["graph", "model.py", "-o", "g.html", "--run", "99"]])
def test_a_run_the_script_did_not_make(model, args):
    done = sessionflow(*args, cwd=model)
    line = one_line_error(done, args[0])
    missing = "98-99" if "2,98-99" in args else "99"
    assert line == f"sessionflow {args[0]}: no run {missing}: the script made 3 runs"
    assert (model / "ran.marker").exists() and "counter 1" in done.stdout  # the script ran; nothing was drawn
    assert not (model / "g.html").exists()


# --- inspect --------------------------------------------------------------------------------------

@pytest.fixture
def checkpoint(tmp_path):
    graph = tf.Graph()
    with graph.as_default():
        tf.Variable([1.0, 2.0], name="v")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, str(tmp_path / "run" / "model"))
    return tmp_path


@pytest.mark.parametrize("given, says", [
    ("run/model.index", ("run/model.index is one file of the checkpoint run/model: give the checkpoint's prefix, as "
                        "in: sessionflow inspect run/model")),
    ("run/model.data-00000-of-00001", ("run/model.data-00000-of-00001 is one file of the checkpoint run/model: give "
                                      "the checkpoint's prefix, as in: sessionflow inspect run/model")),
    ("run/model.meta", "run/model.meta is the graph (MetaGraphDef) of the checkpoint run/model"),
    ("run/modle", "Unsuccessful TensorSliceReader constructor: Failed to find any matching files for run/modle"),
])
def test_inspect_a_file_of_a_checkpoint_suggests_its_prefix(checkpoint, given, says):
    line = one_line_error(sessionflow("inspect", given, cwd=checkpoint), "inspect")
    assert line.startswith(f"sessionflow inspect: {says}")
    done = sessionflow("inspect", "run/model", cwd=checkpoint)
    assert done.returncode == 0 and done.stdout.startswith("v (DT_FLOAT) [2]")


def test_inspect_when_the_state_file_names_a_missing_checkpoint(checkpoint):
    state = checkpoint / "run" / "checkpoint"
    state.write_text('model_checkpoint_path: "model-500"\nall_model_checkpoint_paths: "model-500"\n')
    line = one_line_error(sessionflow("inspect", "run", cwd=checkpoint), "inspect")
    assert line == (f"sessionflow inspect: {os.path.join('run', 'checkpoint')} names the checkpoint "
                    f"{os.path.join('run', 'model-500')}, which is missing (there is no "
                    f"{os.path.join('run', 'model-500.index')})")
    state.unlink()
    line = one_line_error(sessionflow("inspect", "run", cwd=checkpoint), "inspect")
    assert line == ("sessionflow inspect: run has no `checkpoint` state file naming its latest checkpoint; it holds "
                    f"the checkpoint {os.path.join('run', 'model')}")


def test_inspect_an_unknown_tensor_prints_nothing_but_the_error(checkpoint):
    done = sessionflow("inspect", "run/model", "--tensor", "w", cwd=checkpoint)
    assert one_line_error(done, "inspect") == "sessionflow inspect: Key w not found in checkpoint"
    assert done.stdout == ""
