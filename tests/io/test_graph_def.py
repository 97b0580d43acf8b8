"""GraphDef interop: TF-encoded NodeDefs, write_graph, import_graph_def (incl. a frozen TF CNN), graph_util."""

import os

import numpy as np
import pytest
from google.protobuf import text_format

import sessionflow as tf
from sessionflow.io import protos
from sessionflow.io.graph_def import read_graph_def

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def _node(graph_def, name):
    return next(n for n in graph_def.node if n.name == name)


def test_as_graph_def_uses_tf_encodings():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    c = tf.constant([[1.0], [2.0], [3.0]], name="c")
    m = tf.matmul(x, c, name="m")
    tf.concat([x, x], 1, name="cat")
    with tf.control_dependencies([m]):
        tf.identity(x, name="after")
    tf.reshape(x, [-1], name="r")
    gd = tf.get_default_graph().as_graph_def()
    assert isinstance(gd, protos.GraphDef) and gd.versions.producer > 0
    ph = _node(gd, "x")
    assert ph.op == "Placeholder" and ph.attr["dtype"].type == protos.DT_FLOAT
    assert [d.size for d in ph.attr["shape"].shape.dim] == [-1, 3]
    assert _node(gd, "c").attr["value"].tensor.tensor_shape.dim[0].size == 3
    mm = _node(gd, "m")
    assert list(mm.input) == ["x", "c"] and mm.attr["T"].type == protos.DT_FLOAT
    assert mm.attr["transpose_a"].b is False and mm.attr["transpose_a"].WhichOneof("value") == "b"
    cat = _node(gd, "cat")
    assert list(cat.input) == ["x", "x", "cat/axis"]
    assert list(_node(gd, "after").input) == ["x", "^m"]
    assert (cat.attr["N"].i, cat.attr["Tidx"].type) == (2, protos.DT_INT32)
    assert _node(gd, "r").attr["Tshape"].type == protos.DT_INT32
    assert "value" not in _node(gd, "cat").attr


def test_multi_output_inputs_and_node_def():
    a, b = tf.split(tf.constant([1.0, 2.0]), 2, name="sp")
    tf.add(b, a, name="s")
    node = tf.get_default_graph().get_operation_by_name("s").node_def
    assert list(node.input) == ["sp:1", "sp"]
    assert "op: \"AddV2\"" in str(node)


def test_write_graph_binary_and_text(tmp_path):
    tf.add(tf.constant(1.0, name="a"), 2.0, name="b")
    pb = tf.train.write_graph(tf.get_default_graph(), str(tmp_path / "d"), "g.pb", as_text=False)
    txt = tf.train.write_graph(tf.get_default_graph().as_graph_def(), str(tmp_path / "d"), "g.pbtxt")
    parsed = tf.GraphDef()
    with open(pb, "rb") as f:
        parsed.ParseFromString(f.read())
    assert [n.name for n in parsed.node] == ["a", "b/y", "b"]
    with open(txt) as f:
        assert text_format.Parse(f.read(), protos.GraphDef()) == parsed
    assert read_graph_def(txt) == parsed
    assert sorted(os.listdir(tmp_path / "d")) == ["g.pb", "g.pbtxt"]


def test_round_trip_runs_the_same():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0, -1.0], [2.0, 0.5]], name="w")
    y = tf.nn.softmax(tf.matmul(x, w) + 1.0, name="y")
    tf.reduce_sum(tf.stack([y, y]), axis=[0, 1], name="total")
    gd = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default() as g:
        y2, total = tf.import_graph_def(gd, return_elements=["y:0", "total:0"])
        assert y2.name == "import/y:0"
        with tf.Session() as sess:
            sess.run("import/w/Assign")
            out = sess.run([y2, total], {"import/x:0": [[1.0, 2.0]]})
        assert g.get_operation_by_name("import/total").type == "Sum"
    with tf.Session() as sess:
        sess.run(w.initializer)
        ref = sess.run(y, {x: [[1.0, 2.0]]})
    np.testing.assert_allclose(out[0], ref)
    np.testing.assert_allclose(out[1], 2 * ref[0], rtol=1e-6)


def test_frozen_tf_cnn_matches_tf_predictions():
    gd = read_graph_def(os.path.join(FIXTURES, "graph_cnn_frozen.pb"))
    expected = np.load(os.path.join(FIXTURES, "graph_cnn_expected.npz"), allow_pickle=False)
    (pred,) = tf.import_graph_def(gd, return_elements=["predictions:0"], name="cnn")
    with tf.Session() as sess:
        out = sess.run(pred, {"cnn/input:0": expected["input"]})
    np.testing.assert_allclose(out, expected["predictions"], rtol=1e-5, atol=1e-6)


def test_tf_text_graph_with_variadic_and_control_inputs():
    gd = read_graph_def(os.path.join(FIXTURES, "graph_small.pbtxt"))
    tf.import_graph_def(gd, name="")
    g = tf.get_default_graph()
    assert [t.name for t in g.get_operation_by_name("sum").inputs] == ["a:0", "c:0", "a:0"]
    with tf.Session() as sess:
        stacked, total = sess.run(["stacked:0", "total:0"], {"a:0": [1.0, 2.0]})
    np.testing.assert_array_equal(stacked, [[3.0, 1.0], [6.0, 2.0]])
    assert total.dtype == np.int32 and total.tolist() == [9]


def test_input_map_and_name_scopes():
    a = tf.constant([5.0, 6.0], name="five")
    gd = read_graph_def(os.path.join(FIXTURES, "graph_small.pbtxt"))
    (stacked,) = tf.import_graph_def(gd, input_map={"a": a}, return_elements=["stacked:0"])
    tf.import_graph_def(gd, input_map={"a:0": a})
    names = {op.name for op in tf.get_default_graph().get_operations()}
    assert "import/sum" in names and "import_1/sum" in names and "import/a" in names
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(stacked)[:, 1], [5.0, 6.0])


def test_return_elements_ops_and_missing():
    gd = read_graph_def(os.path.join(FIXTURES, "graph_small.pbtxt"))
    op, t = tf.import_graph_def(gd, return_elements=["sum", "total:0"])
    assert isinstance(op, tf.Operation) and isinstance(t, tf.Tensor)
    with pytest.raises(ValueError, match="nope"):
        tf.import_graph_def(gd, return_elements=["nope:0"])


def test_import_errors_are_tfs():
    # TF 2.21's messages for each case; the name checks come before any op is added, as TF's.
    with tf.Graph().as_default():
        tf.constant(1.0, name="c")
        gd = tf.get_default_graph().as_graph_def()
    cases = [
        (dict(return_elements=["nothere:0"]), "Requested return tensor 'nothere:0' not found in graph def"),
        (dict(return_elements=["nothere"]), "Requested return node 'nothere' not found in graph def"),
        (dict(return_elements=["c:3"]), "Invalid return output 3 of node 'c', which has 1 output(s)"),
        (dict(return_elements=["c:0:1"]), "Cannot convert 'c:0:1' to a tensor name. Tensor names should not contain "
                                          "more than 1 `:`. Obtained 2"),
        (dict(return_elements=["c:x"]), "Cannot convert 'c:x' to a tensor name. Second component of the name "
                                        "following the `:` should be an int. Got x."),
        (dict(input_map={"nope": tf.constant(2.0), "c": tf.constant(3.0)}),
         "Attempted to map inputs that were not found in graph_def: [nope:0]"),
    ]
    for kwargs, message in cases:
        before = len(tf.get_default_graph().get_operations())
        with pytest.raises(ValueError) as info:
            tf.import_graph_def(gd, **kwargs)
        assert str(info.value) == message
        if "Requested" in message or "Cannot convert" in message:
            assert len(tf.get_default_graph().get_operations()) == before


def test_unknown_ops_are_listed_before_anything_is_created():
    gd = protos.GraphDef()
    gd.node.add(name="ok", op="NoOp")
    gd.node.add(name="f1", op="FancyOp")
    gd.node.add(name="f2", op="FancyOp")
    gd.node.add(name="g", op="OtherOp")
    with pytest.raises(tf.errors.NotFoundError, match=r"^Op type not registered 'FancyOp' in binary running on .*"
                       r"'FancyOp' \(nodes: f1, f2\); 'OtherOp' \(nodes: g\)"):
        tf.import_graph_def(gd)
    assert tf.get_default_graph().get_operations() == []


@pytest.mark.parametrize("nodes, message", [
    ([("a", "NoOp", ["^b"])], "not in the GraphDef"),
    ([("a", "Identity", ["b"]), ("b", "Identity", ["a"])], "cycle"),
    ([("a", "NoOp", []), ("a", "NoOp", [])], "duplicate"),
    ([("a", "Identity", [])], "inputs"),
])
def test_malformed_graph_defs_raise_value_error(nodes, message):
    gd = protos.GraphDef()
    for name, op, inputs in nodes:
        n = gd.node.add(name=name, op=op, input=inputs)
        n.attr["T"].type = protos.DT_FLOAT
    with pytest.raises(ValueError, match=message):
        tf.import_graph_def(gd)


def test_node_order_does_not_matter():
    gd = read_graph_def(os.path.join(FIXTURES, "graph_small.pbtxt"))
    reordered = protos.GraphDef()
    reordered.node.extend(reversed(gd.node))
    tf.import_graph_def(reordered, name="r")
    with tf.Session() as sess:
        assert sess.run("r/total:0", {"r/a:0": [1.0, 1.0]}).tolist() == [7]


def test_read_graph_def_errors(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="missing.pb"):
        read_graph_def(str(tmp_path / "missing.pb"))
    bad = tmp_path / "bad.pb"
    bad.write_bytes(b"\x0a\xff\xff\xff\xff\x0f garbage")
    with pytest.raises(tf.errors.DataLossError, match="bad.pb"):
        read_graph_def(str(bad))


def test_convert_variables_to_constants_and_extract_sub_graph():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
    y = tf.identity(tf.matmul(x, w), name="y")
    tf.add(y, 1.0, name="unused")
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(w.assign([[0.0, 1.0], [1.0, 0.0]]))
        frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["y"])
    assert {n.name: n.op for n in frozen.node}["w"] == "Const"
    assert "unused" not in {n.name for n in frozen.node}
    sub = tf.graph_util.extract_sub_graph(frozen, ["w/read"])
    assert [n.name for n in sub.node] == ["w", "w/read"]
    with pytest.raises(AssertionError):
        tf.graph_util.extract_sub_graph(frozen, ["nope"])
    with tf.Graph().as_default():
        (out,) = tf.import_graph_def(frozen, return_elements=["y:0"], name="")
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(out, {"x:0": [[1.0, 2.0]]}), [[2.0, 1.0]])


def test_importing_twice_without_a_scope_renames_the_taken_names_as_tf():
    source = tf.Graph()
    with source.as_default():
        w = tf.Variable(1.0, name="w")
        tf.identity(w * 2, name="y")
    graph_def = source.as_graph_def()
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        (y,) = tf.import_graph_def(graph_def, name="", return_elements=["y:0"])
        ops = graph.get_operations()
    # TF 2.21's names, inputs and colocation groups for the second import
    assert y.name == "y_1:0"
    assert [op.name for op in ops[len(ops) // 2:]] == ["w/initial_value_1", "w_1", "w/Assign_1", "w/read_1",
                                                        "mul/y_1", "mul_1", "y_1"]
    second = {op.name: op for op in ops}
    assert [t.name for t in second["mul_1"].inputs] == ["w/read_1:0", "mul/y_1:0"]
    assert second["w/read_1"].colocation_groups() == [b"loc:@w_1"]
    with tf.Session(graph=graph) as sess:
        sess.run("w/Assign_1")
        assert sess.run(y) == 2.0
