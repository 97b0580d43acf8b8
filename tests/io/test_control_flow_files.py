"""Graphs with tf.cond / tf.while_loop in files: sessionflow writes their branches and bodies as the FunctionDefs
of the GraphDef's library (as TF 2.x does) and reads them back, reads the files TF wrote (fixtures cf_*,
recorded by tools/make_control_flow_fixtures.py), and freezes them. The sessionflow -> TF direction runs in
tools/check_control_flow_in_tf.py (test_sessionflow_files_run_in_tf, when TF's venv is there)."""

import os
import subprocess
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import protos
from sessionflow.io.graph_def import read_graph_def

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from control_flow_model import OUTPUTS, build_model, model_inputs  # noqa: E402 - shared with the fixtures' tool

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
TF_PYTHON = "/root/tfenv/bin/python"
EXPECTED = np.load(os.path.join(FIXTURES, "cf_expected.npz"))
X, LABELS = model_inputs()


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def _function(graph_def, name):
    return next(f for f in graph_def.library.function if f.signature.name == name)


def _trained_model(prefix=None):
    """The model trained 3 steps (with dropout on); saved to `prefix` when given. Returns (session, train op)."""
    x, labels, loss, train = build_model(tf)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train, {x: X, labels: LABELS, "training:0": True})
    if prefix:
        tf.train.Saver().save(sess, prefix)
    return sess, train


# --- what sessionflow writes -----------------------------------------------------------------------------

def test_branches_and_bodies_are_functions_not_nodes():
    x = tf.placeholder(tf.float32, [None], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    y = tf.cond(p, lambda: x * 2.0, lambda: x - 1.0)
    tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + y), [0, y], maximum_iterations=5)
    graph_def = tf.get_default_graph().as_graph_def()
    names = [n.name for n in graph_def.node]
    assert not any(name.startswith("cond/mul") or name.startswith("while/add") for name in names)
    node = next(n for n in graph_def.node if n.name == "cond")
    assert node.op == "If" and list(node.input) == ["p", "x"]
    assert [protos.DataType.Name(t) for t in node.attr["Tin"].list.type] == ["DT_FLOAT"]
    then_fn = _function(graph_def, node.attr["then_branch"].func.name)
    assert [a.name for a in then_fn.signature.input_arg] == ["x"]
    assert {n.op: list(n.input) for n in then_fn.node_def}["Mul"] == ["x", "mul/y:output:0"]
    assert list(then_fn.ret.values()) == ["mul:z:0"]  # TF's output argument name of Mul
    loop = next(n for n in graph_def.node if n.name == "while")
    # TF's while_v2 layout: loop counter, maximum, the loop variables, then the captured tensor passed through
    assert list(loop.input) == ["while/loop_counter", "while/maximum_iterations", "while/Const", "cond/Identity",
                                "cond/Identity"]
    body = _function(graph_def, loop.attr["body"].func.name)
    assert len(body.signature.output_arg) == 5 and body.ret[body.signature.output_arg[4].name] == \
        body.signature.input_arg[4].name


def test_dropout_model_restores_in_a_fresh_process(tmp_path):
    prefix = str(tmp_path / "model.ckpt")
    sess, _ = _trained_model(prefix)
    want = sess.run([f"{n}:0" for n in OUTPUTS] + ["loss:0"], {"x:0": X, "labels:0": LABELS})
    np.savez(tmp_path / "want.npz", *want)
    np.save(tmp_path / "x.npy", X)
    np.save(tmp_path / "labels.npy", LABELS)
    fetches = [f"{n}:0" for n in OUTPUTS] + ["loss:0"]
    program = (f"import numpy as np, sessionflow as tf\n"
               f"saver = tf.train.import_meta_graph({prefix + '.meta'!r})\n"
               f"sess = tf.Session(); saver.restore(sess, {prefix!r})\n"
               f"feed = {{'x:0': np.load({str(tmp_path / 'x.npy')!r}), "
               f"'labels:0': np.load({str(tmp_path / 'labels.npy')!r})}}\n"
               f"got = sess.run({fetches!r}, feed)\n"
               f"want = np.load({str(tmp_path / 'want.npz')!r})\n"
               f"for i, g in enumerate(got): np.testing.assert_array_equal(g, want[f'arr_{{i}}'])\n"
               f"print('same outputs')\n")
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "same outputs" in run.stdout


def test_training_graph_round_trip_trains_the_same(tmp_path):
    """The gradient ops (IfIntermediate, WhileGrad over the saved loop states) come back and still apply."""
    prefix = str(tmp_path / "model.ckpt")
    sess, train = _trained_model(prefix)
    feed = {"x:0": X, "labels:0": LABELS}
    sess.run(train, feed)
    want = sess.run("loss:0", feed)
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert {"IfIntermediate", "WhileGrad"} <= types
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(prefix + ".meta")
        with tf.Session() as restored:
            saver.restore(restored, prefix)
            restored.run(tf.get_collection("train_op")[0], feed)
            assert restored.run("loss:0", feed) == want


def test_saving_a_restored_graph_again_writes_the_same_graph():
    """Resuming training (import, train, save) must not grow the graph: the nodes written only for TF's form
    of a While (loop counter, collected-value lists) are read past, not imported as ops."""
    build_model(tf)
    written = [tf.get_default_graph().as_graph_def()]
    for _ in range(2):
        with tf.Graph().as_default() as graph:
            tf.import_graph_def(written[-1], name="")
            written.append(graph.as_graph_def())
    names = [sorted(n.name for n in g.node) for g in written]
    functions = [sorted(f.signature.name for f in g.library.function) for g in written]
    assert names[0] == names[1] == names[2] and functions[0] == functions[1] == functions[2]


def test_nested_loops_and_conds_round_trip():
    x = tf.placeholder(tf.float32, [3], name="x")

    def inner(v):
        return tf.while_loop(lambda j, a: j < 2, lambda j, a: (j + 1, tf.cond(a[0] > 0, lambda: a * 2.0,
                                                                             lambda: a - 1.0)), [0, v])[1]

    _, out = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, inner(v) + x), [0, x])
    total = tf.identity(tf.foldl(lambda a, e: a + e, out), name="total")
    feed = np.array([1.0, -2.0, 0.5], np.float32)
    with tf.Session() as sess:
        want = sess.run([out, total], {x: feed})
    graph_def = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="imported")
        with tf.Session() as sess:
            got = sess.run([f"imported/{out.name}", "imported/total:0"], {"imported/x:0": feed})
    np.testing.assert_array_equal(got[0], want[0])
    assert got[1] == want[1]


def test_collections_leave_out_ops_made_inside_branches(tmp_path):
    x = tf.placeholder(tf.float32, [None], name="x")
    tf.cond(tf.reduce_sum(x) > 0, lambda: tf.add_to_collection("inside", x * 2.0) or x, lambda: x)
    tf.add_to_collection("inside", x)
    meta = tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    assert list(meta.collection_def["inside"].node_list.value) == ["x:0"]
    with tf.Graph().as_default():
        tf.train.import_meta_graph(str(tmp_path / "m.meta"))
        assert [t.name for t in tf.get_collection("inside")] == ["x:0"]


def test_graph_command_draws_a_saved_control_flow_model(tmp_path):
    _trained_model(str(tmp_path / "model.ckpt"))
    run = subprocess.run([sys.executable, "-m", "sessionflow", "graph", str(tmp_path / "model.ckpt.meta"),
                          "--output", str(tmp_path / "g.html")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "g.html").read_text()
    assert '"type": "While"' in page or '"type":"While"' in page


# --- what TF wrote ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["ref", "resource"])
def test_tf_meta_graph_with_control_flow_runs_with_tf_outputs(kind):
    saver = tf.train.import_meta_graph(os.path.join(FIXTURES, f"cf_{kind}.meta"))
    feed = {"x:0": EXPECTED["x"], "labels:0": EXPECTED["labels"]}
    with tf.Session() as sess:
        saver.restore(sess, os.path.join(FIXTURES, f"cf_{kind}"))
        for name, got in zip(OUTPUTS + ("loss",), sess.run([f"{n}:0" for n in OUTPUTS] + ["loss:0"], feed)):
            np.testing.assert_allclose(got, EXPECTED[f"{kind}_{name}"], rtol=1e-6, atol=1e-6, err_msg=name)
    with tf.Session() as sess:  # the dropout inside TF's function draws what TF's kernel drew, run after run
        saver.restore(sess, os.path.join(FIXTURES, f"cf_{kind}"))
        runs = [sess.run("prediction:0", {"x:0": EXPECTED["x"], "training:0": True}) for _ in range(2)]
    np.testing.assert_allclose(runs, EXPECTED[f"{kind}_dropout_runs"], rtol=1e-6)


def test_tf_training_graph_trains_here_as_in_tf():
    """TF's own gradient functions (cond_v2 Optionals, while_v2 TensorList accumulators) run here."""
    saver = tf.train.import_meta_graph(os.path.join(FIXTURES, "cf_ref.meta"))
    feed = {"x:0": EXPECTED["x"], "labels:0": EXPECTED["labels"]}
    with tf.Session() as sess:
        saver.restore(sess, os.path.join(FIXTURES, "cf_ref"))
        sess.run(tf.get_collection("train_op")[0], feed)
        np.testing.assert_allclose(sess.run("loss:0", feed), EXPECTED["ref_loss_after_step"], rtol=1e-6)


@pytest.mark.parametrize("kind", ["ref", "resource"])
def test_tf_frozen_graph_with_control_flow_runs(kind):
    tf.import_graph_def(read_graph_def(os.path.join(FIXTURES, f"cf_{kind}_frozen.pb")), name="")
    with tf.Session() as sess:
        for name, got in zip(OUTPUTS, sess.run([f"{n}:0" for n in OUTPUTS], {"x:0": EXPECTED["x"]})):
            np.testing.assert_allclose(got, EXPECTED[f"{kind}_{name}"], rtol=1e-6, atol=1e-6, err_msg=name)


def test_tf_text_graph_with_control_flow_runs():
    """Text GraphDefs from TF hold NodeDef fields this schema leaves out (`experimental_type`)."""
    tf.import_graph_def(read_graph_def(os.path.join(FIXTURES, "cf_text.pbtxt")), name="")
    np.testing.assert_allclose(tf.Session().run("out:0", {"x:0": EXPECTED["x"]}), EXPECTED["text_out"], rtol=1e-6)


# --- freezing --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("use_resource", [False, True], ids=["ref", "resource"])
def test_frozen_control_flow_graph_reads_the_values_inside_functions(use_resource):
    with tf.variable_scope("", use_resource=use_resource):
        build_model(tf, trainable=False)
    graph = tf.get_default_graph()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(next(v for v in tf.global_variables() if v.op.name == "scale").assign(1.5))
        want = sess.run([f"{n}:0" for n in OUTPUTS], {"x:0": X})
        frozen = tf.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), list(OUTPUTS))
    assert not any(n.op in ("VariableV2", "VarHandleOp", "ReadVariableOp") for n in frozen.node)
    assert not any(n.op == "ReadVariableOp" for f in frozen.library.function for n in f.node_def
                   if f.signature.name.endswith("_frozen"))
    with tf.Graph().as_default():
        tf.import_graph_def(frozen, name="")
        with tf.Session() as sess:
            got = sess.run([f"{n}:0" for n in OUTPUTS], {"x:0": X})
    for name, g, w in zip(OUTPUTS, got, want):
        np.testing.assert_array_equal(g, w, err_msg=name)


def test_frozen_scalar_variable_keeps_its_value():
    v = tf.Variable(2.5, name="v")
    tf.identity(v * 2.0, name="out")
    with tf.Session() as sess:
        sess.run(v.initializer)
        frozen = tf.graph_util.convert_variables_to_constants(sess, tf.get_default_graph().as_graph_def(), ["out"])
    with tf.Graph().as_default():
        tf.import_graph_def(frozen, name="")
        assert tf.Session().run("out:0") == 5.0


# --- bad files -------------------------------------------------------------------------------------------

def _graph_with_function(body_nodes, ret, name="fn"):
    """A GraphDef: placeholder x, an If on a const calling function `name` (one float arg `a`) both ways."""
    graph_def = protos.GraphDef()
    graph_def.node.add(name="x", op="Placeholder").attr["dtype"].type = protos.DT_FLOAT
    pred = graph_def.node.add(name="p", op="Const")
    pred.attr["dtype"].type = protos.DT_BOOL
    pred.attr["value"].tensor.CopyFrom(protos.tensor_to_proto(np.array(True)))
    node = graph_def.node.add(name="cond", op="If", input=["p", "x"])
    node.attr["Tout"].list.type.append(protos.DT_FLOAT)
    node.attr["then_branch"].func.name = node.attr["else_branch"].func.name = name
    fdef = graph_def.library.function.add()
    fdef.signature.name = "fn"
    fdef.signature.input_arg.add(name="a", type=protos.DT_FLOAT)
    fdef.signature.output_arg.add(name="out", type=protos.DT_FLOAT)
    fdef.node_def.extend(body_nodes)
    fdef.ret["out"] = ret
    return graph_def


def _identity(name, source):
    node = protos.NodeDef(name=name, op="Identity", input=[source])
    node.attr["T"].type = protos.DT_FLOAT
    return node


def test_function_nodes_run():
    tf.import_graph_def(_graph_with_function([_identity("i", "a")], "i:output:0"), name="")
    assert tf.Session().run("cond:0", {"x:0": 3.0}) == 3.0


def test_unknown_op_in_a_function_is_listed_with_the_others():
    weird = protos.NodeDef(name="weird", op="NoSuchOp", input=["a"])
    graph_def = _graph_with_function([weird], "weird:y:0")
    graph_def.node.add(name="top", op="AlsoMissing")
    with pytest.raises(tf.errors.NotFoundError,
                       match=r"'AlsoMissing' \(nodes: top\); 'NoSuchOp' \(nodes: fn/weird\)"):
        tf.import_graph_def(graph_def, name="")
    assert tf.get_default_graph().get_operations() == []


@pytest.mark.parametrize("nodes, ret, name, message", [
    ([], "a", "missing", "calls function 'missing', which is not in the GraphDef's library"),
    ([_identity("i", "b")], "i:output:0", "fn", "node 'i' reads 'b', which is neither an argument nor a node"),
    ([_identity("i", "a")], "i:nope:0", "fn", "'i:nope:0' names no output of node 'i'"),
    ([_identity("i", "i:output:0")], "i:output:0", "fn", "function 'fn' has a cycle through node 'i'"),
])
def test_malformed_functions_raise_value_error(nodes, ret, name, message):
    with pytest.raises(ValueError, match=message):
        tf.import_graph_def(_graph_with_function(nodes, ret, name), name="")


def test_sessionflow_files_run_in_tf():
    if not os.path.exists(TF_PYTHON):
        pytest.skip("TensorFlow's venv (the oracle) is not on this machine")
    run = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "check_control_flow_in_tf.py"), TF_PYTHON],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "TensorFlow ran every sessionflow control-flow file: OK" in run.stdout

