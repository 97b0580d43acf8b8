"""Graphs whose conds are TF 1.x's dataflow ops (Switch/Merge) run on the dataflow executor (runtime/dataflow.py):
frozen graphs recorded with real TF (tools/make_v1_control_flow_fixtures.py, control flow v1) give TF's outputs,
fetching a tensor of the branch not taken gives TF's error, only the taken branch's ops run, and a graph without
such ops keeps the plan interpreter."""

import os

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework import errors
from sessionflow.ops.control_flow_v1 import Enter, Exit, Merge, NextIteration, Switch
from sessionflow.runtime.backends.numpy import NumpyExecutable
from sessionflow.runtime.dataflow import DataflowExecutable

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
EXPECTED = np.load(os.path.join(FIXTURES, "expected.npz"))
CONDS_OUTPUTS = ["nested:0", "noisy:0", "const_branch:0", "two_preds:0", "after:0"]
CNN_OUTPUTS = ["logits:0", "probs:0"]
LOOPS_OUTPUTS = ["count:0", "total:0", "collected:0", "outer_sum:0", "in_cond:0"]


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def _read(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def _imported(name):
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(_read(name), name="")
    return graph


@pytest.mark.parametrize("p", [False, True])
@pytest.mark.parametrize("q", [False, True])
def test_conds_give_tfs_outputs(p, q):
    graph = _imported("conds.pb")
    with tf.Session(graph=graph) as sess:  # a fresh session per run, as recorded: the random op's first draw
        values = sess.run(CONDS_OUTPUTS, {"x:0": EXPECTED["conds/x"], "p:0": p, "q:0": q})
    for name, value in zip(CONDS_OUTPUTS, values):
        np.testing.assert_allclose(value, EXPECTED[f"conds/{int(p)}{int(q)}/{name}"], rtol=1e-5, err_msg=name)


@pytest.mark.parametrize("n", [0, 1, 4])
@pytest.mark.parametrize("p", [False, True])
def test_while_loops_give_tfs_outputs(n, p):
    """A loop with a cond and a TensorArray in its body, a loop nested in a loop, a loop inside a cond."""
    graph = _imported("loops.pb")
    assert {"Enter", "Exit", "NextIteration", "LoopCond"} <= {op.type for op in graph.get_operations()}
    with tf.Session(graph=graph) as sess:
        values = sess.run(LOOPS_OUTPUTS, {"x:0": EXPECTED["conds/x"], "n:0": n, "p:0": p})
    for name, value in zip(LOOPS_OUTPUTS, values):
        np.testing.assert_allclose(value, EXPECTED[f"loops/{n}{int(p)}/{name}"], rtol=1e-5, err_msg=name)


def test_fetching_the_branch_not_taken_is_tfs_error():
    fetch, kind, message = EXPECTED["conds/dead_fetch"]
    graph = _imported("conds.pb")
    with tf.Session(graph=graph) as sess:
        with pytest.raises(getattr(errors, str(kind))) as caught:
            sess.run(str(fetch), {"x:0": EXPECTED["conds/x"], "p:0": True, "q:0": False})
        assert caught.value.message == str(message)
        # the same tensor on the branch taken is a value
        value = sess.run(str(fetch), {"x:0": EXPECTED["conds/x"], "p:0": False, "q:0": False})
        np.testing.assert_allclose(value, EXPECTED["conds/x"] * 0.5)


@pytest.mark.parametrize("training", ["0", "1", "default"])
def test_frozen_cnn_with_batch_norm_and_dropout_conds(training):
    graph = _imported("cnn_cond_frozen.pb")
    assert {"Switch", "Merge"} <= {op.type for op in graph.get_operations()}
    feeds = {"x:0": EXPECTED["cnn/x"]}
    if training != "default":
        feeds["is_training:0"] = training == "1"
    with tf.Session(graph=graph) as sess:
        values = sess.run(CNN_OUTPUTS, feeds)
    for name, value in zip(CNN_OUTPUTS, values):
        np.testing.assert_allclose(value, EXPECTED[f"cnn/{training}/{name}"], rtol=1e-5, atol=1e-6, err_msg=name)


def test_an_imported_v1_graph_exports_back_unchanged():
    graph = _imported("conds.pb")
    original = tf.GraphDef()
    original.ParseFromString(_read("conds.pb"))
    exported = graph.as_graph_def()
    def nodes(graph_def):
        return {n.name: (n.op, list(n.input), {k: v for k, v in n.attr.items() if not k.startswith("_")})
                for n in graph_def.node}

    assert nodes(exported) == nodes(original)
    again = tf.Graph()
    with again.as_default():
        tf.import_graph_def(exported, name="")
        with tf.Session() as sess:
            value = sess.run("two_preds:0", {"x:0": EXPECTED["conds/x"], "p:0": True, "q:0": True})
    np.testing.assert_allclose(value, EXPECTED["conds/11/two_preds:0"], rtol=1e-5)


def test_an_imported_v1_loop_exports_back_unchanged_and_reimports():
    graph = _imported("loops.pb")
    original = tf.GraphDef()
    original.ParseFromString(_read("loops.pb"))
    exported = graph.as_graph_def()
    assert {n.name: (n.op, list(n.input)) for n in exported.node} == \
        {n.name: (n.op, list(n.input)) for n in original.node}
    with tf.Graph().as_default():
        tf.import_graph_def(exported, name="")
        with tf.Session() as sess:
            value = sess.run("collected:0", {"x:0": EXPECTED["conds/x"], "n:0": 4, "p:0": True})
    np.testing.assert_allclose(value, EXPECTED["loops/41/collected:0"], rtol=1e-5)


def _counting_cond():
    """A hand-written v1 cond whose true branch increments a counter: out = p ? x + 1 : x * 2."""
    counter = tf.Variable(0, name="counter")
    x = tf.placeholder(tf.float32, [], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    x_false, x_true = Switch(x, p)
    pivot_t, pivot_f = tf.identity(Switch(p, p)[1], name="pivot_t"), tf.identity(Switch(p, p)[0], name="pivot_f")
    with tf.control_dependencies([pivot_t]):
        bump = tf.assign_add(counter, 1)
    with tf.control_dependencies([bump]):
        taken = x_true + 1.0
    out, index = Merge([x_false * 2.0, taken], name="merge")
    return counter, x, p, out, index, pivot_f


def test_only_the_taken_branch_runs():
    counter, x, p, out, index, _ = _counting_cond()
    with tf.Session() as sess:
        sess.run(counter.initializer)
        assert sess.run([out, index], {x: 3.0, p: False}) == [6.0, 0]
        assert sess.run(counter) == 0
        assert sess.run([out, index], {x: 3.0, p: True}) == [4.0, 1]
        assert sess.run([out, index], {x: 5.0, p: True}) == [6.0, 1]
        assert sess.run(counter) == 2


def test_control_edges_from_a_dead_op_kill_the_consumer():
    counter, x, p, out, _, pivot_f = _counting_cond()
    with tf.control_dependencies([pivot_f]):
        on_false = tf.identity(x, name="on_false")
    with tf.Session() as sess:
        sess.run(counter.initializer)
        assert sess.run(on_false, {x: 1.5, p: False}) == 1.5
        with pytest.raises(errors.InvalidArgumentError, match=r"^Retval\[1\] does not have value$"):
            sess.run([out, on_false], {x: 1.5, p: True})
        assert sess.run(counter) == 1  # the live branch still ran once


def test_enter_and_exit_move_a_value_through_a_frame():
    x = tf.placeholder(tf.float32, [], name="x")
    entered = Enter(x, frame_name="loop", name="enter")
    out = Exit(entered * entered, name="exit")
    with tf.Session() as sess:
        assert sess.run(out, {x: 1.5}) == 2.25
        with pytest.raises(errors.InvalidArgumentError,
                           match=r"'mul_1' has inputs from different frames. The input 'mul_1/y' is in frame ''"):
            sess.run(Exit(entered * 2.0), {x: 1.5})  # the constant is outside the loop's frame


@pytest.mark.parametrize("make", [lambda x: Exit(x, name="bad"), lambda x: NextIteration(x, name="bad")])
def test_a_malformed_frame_is_tfs_invalid_argument_naming_the_op(make):
    x = tf.placeholder(tf.float32, [], name="x")
    out = make(x * 1.0)
    with tf.Session() as sess, pytest.raises(errors.InvalidArgumentError, match="'bad' is not inside a while loop"):
        sess.run(out, {x: 1.0})


def test_graphs_without_v1_control_flow_keep_the_plan_interpreter():
    _, x, p, out, _, _ = _counting_cond()
    plain = x * 3.0
    with tf.Session() as sess:
        assert sess.run(plain, {x: 2.0}) == 6.0
        assert sess.run(out, {x: 2.0, p: False}) == 4.0
        kinds = {type(e) for e in sess._executables.values()}
    from sessionflow.runtime.backends.xla import XlaExecutable  # the plan interpreter under SESSIONFLOW_BACKEND=xla
    assert kinds in ({NumpyExecutable, DataflowExecutable}, {XlaExecutable, DataflowExecutable})


def test_feeding_a_branch_tensor_cuts_the_cond_off():
    out = _counting_cond()[3]
    with tf.Session() as sess:  # `out` fed: nothing upstream runs, no feed for p needed
        assert sess.run(out * 1.0, {out: 7.0}) == 7.0


def test_switch_and_merge_infer_tfs_shapes():
    x = tf.placeholder(tf.float32, [2, 3])
    y = tf.placeholder(tf.float32, [2, 4])
    p = tf.placeholder(tf.bool, [])
    f, t = Switch(x, p)
    assert f.shape.as_list() == [2, 3] and t.shape.as_list() == [2, 3] and t.dtype == tf.float32
    merged, index = Merge([x, y])
    assert merged.shape.as_list() == [2, None] and index.dtype == tf.int32 and index.shape.ndims == 0
    with pytest.raises(ValueError, match="rank 0"):
        Switch(x, tf.placeholder(tf.bool, [2]))
    with pytest.raises(TypeError, match="bool"):
        Switch(x, x)


def test_a_full_trace_records_the_ops_that_ran():
    counter, x, p, out, _, _ = _counting_cond()
    with tf.Session() as sess:
        sess.run(counter.initializer)
        metadata = tf.RunMetadata()
        value = sess.run(out, {x: 3.0, p: False}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                         run_metadata=metadata)
        assert value == 6.0
        names = {n.node_name for n in metadata.step_stats.dev_stats[0].node_stats}
        assert "mul" in names and "AssignAdd" not in names and "add" not in names
