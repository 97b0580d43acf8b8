"""Resource variables train as in TensorFlow: every TF1 optimizer updates them with TF's ResourceApply* /
ResourceSparseApply* ops, their slots are resource variables, sparse gradients (ResourceGather) take the
sparse path, a Saver round trip continues training, and `tf.enable_resource_variables()` programs train.

The whole programs live in resource_programs.py; real TensorFlow's results for them were recorded by
tools/record_resource_training.py into goldens/resource_training.json.
"""

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow import explain, pitfalls
from sessionflow.io.graph_def import graph_def_of
from sessionflow.ops import state, training

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import resource_programs as programs  # noqa: E402

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "resource_training.json")) as f:
    GOLDENS = json.load(f)


@pytest.fixture(autouse=True)
def fresh_graph_with_reference_variables_by_default():
    tf.reset_default_graph()
    tf.disable_resource_variables()
    yield
    tf.disable_resource_variables()
    tf.reset_default_graph()


def c(value, dtype=tf.float32):
    return tf.constant(value, dtype)


# --- whole programs against TF's recorded numbers ---------------------------------------------------------

@pytest.mark.parametrize("name", sorted(programs.OPTIMIZERS))
def test_mlp_of_resource_variables_trains_as_tensorflow(name):
    expected = GOLDENS["mlp"][name]
    got = programs.mlp_training(tf, name)
    np.testing.assert_allclose(got["losses"], expected["losses"], rtol=1e-5, atol=1e-6)
    for weight, value in expected["weights"].items():
        np.testing.assert_allclose(got["weights"][weight], value, rtol=1e-5, atol=1e-6, err_msg=weight)
    assert got["variable_types"] == expected["variable_types"] == ["VarHandleOp"]
    assert got["variables"] == expected["variables"]  # slots and beta powers: resource variables, TF's names
    assert got["update_types"] == expected["update_types"]


@pytest.mark.parametrize("name", sorted(programs.OPTIMIZERS))
def test_resource_embedding_trains_sparsely_as_tensorflow(name):
    expected = GOLDENS["embedding"][name]
    got = programs.embedding_training(tf, name)
    assert got["lookup_type"] == expected["lookup_type"] == "ResourceGather"
    assert got["gradient_types"] == expected["gradient_types"] == {"table": "IndexedSlices", "dense": "Tensor"}
    assert got["update_types"] == expected["update_types"]
    assert got["variables"] == expected["variables"]
    np.testing.assert_allclose(got["losses"], expected["losses"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got["table"], expected["table"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("into", ["resource", "reference"])
def test_saver_round_trip_of_a_resource_model_continues_training(tmp_path, into):
    expected = GOLDENS[f"saver_into_{into}"]
    got = programs.saver_round_trip(tf, str(tmp_path), restore_as_resource=into == "resource")
    assert got["checkpoint"] == expected["checkpoint"]
    assert got["variable_types"] == expected["variable_types"]
    assert got["restored_w1"] == got["saved_w1"]
    np.testing.assert_allclose(got["before"], expected["before"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got["after"], expected["after"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("switch", ["enable_resource_variables", "enable_v2_behavior"])
def test_a_program_that_switches_resource_variables_on_trains(switch):
    expected = GOLDENS[switch]
    got = programs.resource_variables_switched_on(tf, switch)
    assert got["variable_types"] == expected["variable_types"]
    assert set(got["variable_types"].values()) == {"VarHandleOp"}
    assert got["train_type"] == expected["train_type"] == "AssignAddVariableOp"
    assert got["update_types"] == expected["update_types"]
    assert got["final"]["step"] == expected["final"]["step"] == programs.STEPS
    np.testing.assert_allclose(got["first_grad"], expected["first_grad"], rtol=1e-5)
    np.testing.assert_allclose(got["losses"], expected["losses"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got["final"]["w"], expected["final"]["w"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got["final"]["b"], expected["final"]["b"], rtol=1e-5, atol=1e-6)


# --- the ops: TF's signatures, checks and run-time errors ----------------------------------------------------

def _resource(name="w", shape=(4, 3), value=1.0):
    return tf.get_variable(name, shape, initializer=tf.constant_initializer(value), use_resource=True)


def test_resource_apply_ops_take_handles_and_have_no_outputs():
    w = _resource()
    op = training.ResourceApplyGradientDescent(w.handle, c(0.5), tf.ones([4, 3]))
    assert isinstance(op, tf.Operation) and op.outputs == [] and op.type == "ResourceApplyGradientDescent"
    node = graph_def_of(tf.get_default_graph()).node[-1]
    assert node.op == "ResourceApplyGradientDescent" and list(node.input) == ["w", "Const", "ones"]
    assert node.attr["T"].type == tf.float32.as_datatype_enum and not node.attr["use_locking"].b
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(op)
        np.testing.assert_array_equal(sess.run(w), np.full((4, 3), 0.5, np.float32))


def test_resource_sparse_apply_updates_only_the_named_rows():
    w, acc = _resource("w"), _resource("acc", value=0.1)
    op = training.ResourceSparseApplyAdagrad(w.handle, acc.handle, c(0.1), tf.ones([2, 3]), c([3, 1], tf.int32))
    node = graph_def_of(tf.get_default_graph()).node[-1]
    assert node.attr["Tindices"].type == tf.int32.as_datatype_enum and node.attr["update_slots"].b
    assert node.attr["T"].type == tf.float32.as_datatype_enum
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(op)
        w_value, acc_value = sess.run([w, acc])
    np.testing.assert_allclose(acc_value[[1, 3]], 1.1)
    np.testing.assert_allclose(acc_value[[0, 2]], 0.1)
    np.testing.assert_allclose(w_value[[1, 3]], 1 - 0.1 / np.sqrt(1.1), rtol=1e-6)
    np.testing.assert_array_equal(w_value[[0, 2]], 1.0)


def test_graph_construction_errors_are_tensorflows():
    w = _resource()
    with pytest.raises(TypeError, match="Input 'var' of 'ResourceApplyGradientDescent' Op has type float32 that "
                                        "does not match expected type of resource."):
        training.ResourceApplyGradientDescent(tf.ones([2]), c(0.1), tf.ones([2]))
    with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but are 4 and 3. Shapes are "
                                         r"\[4,3\] and \[3,3\]. for '\{\{node ResourceApplyGradientDescent_1\}\} = "
                                         r"ResourceApplyGradientDescent\[T=DT_FLOAT, use_locking=false\]\(w, Const_1, "
                                         r"ones_2\)' with input shapes: \[\], \[\], \[3,3\]."):
        training.ResourceApplyGradientDescent(w.handle, c(0.1), tf.ones([3, 3]))
    with pytest.raises(TypeError, match="Input 'delta' of 'ResourceApplyGradientDescent' Op has type float32 that "
                                        "does not match type float64 of argument 'alpha'."):
        training.ResourceApplyGradientDescent(w.handle, c(0.1, tf.float64), tf.ones([4, 3]))
    with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
        training.ResourceApplyGradientDescent(w.handle, c([0.1, 0.2]), tf.ones([4, 3]))
    with pytest.raises(ValueError, match=r"Dimension 1 in both shapes must be equal, but are 2 and 3. Shapes are "
                                         r"\[2,2\] and \[2,3\]"):
        state.ResourceScatterAdd(w.handle, c([0, 1], tf.int32), tf.ones([2, 2]))
    with pytest.raises(ValueError, match="Trying to read variable with wrong dtype. Expected float32 got int32"):
        state.ResourceScatterAdd(w.handle, c([0, 1], tf.int32), tf.ones([2, 3], tf.int32))
    with pytest.raises(TypeError, match="'ApplyGradientDescent' Op requires that input 'var' be a mutable tensor"):
        training.ApplyGradientDescent(w.handle, c(0.1), tf.ones([4, 3]))


def test_run_time_errors_are_tensorflows():
    w, acc = _resource("w"), _resource("acc")
    fed = tf.placeholder(tf.float32)
    cases = [
        (state.ResourceGather(w.handle, c([[1, 7]], tf.int32), dtype=tf.float32),
         r"indices\[0,1\] = 7 is not in \[0, 4\)"),
        (state.ResourceScatterAdd(w.handle, c([0, 7], tf.int32), tf.ones([2, 3])),
         r"indices\[1\] = 7 is not in \[0, 4\)"),
        (training.ResourceSparseApplyAdagrad(w.handle, acc.handle, c(0.1), tf.ones([1, 3]), c([7], tf.int32)),
         "Index 7 at offset 0 in indices is out of range"),
        (training.ResourceSparseApplyAdagrad(w.handle, acc.handle, c(0.1), fed, c([1], tf.int32)),
         "var and grad must match in dimension 1"),
        (training.ResourceApplyGradientDescent(w.handle, c(0.1), fed),
         r"var and delta do not have the same shape\[4,3\] \[1,2\]"),
    ]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for fetch, message in cases:
            with pytest.raises(tf.errors.InvalidArgumentError, match=message):
                sess.run(fetch, {fed: [[1.0, 2.0]]})
        np.testing.assert_array_equal(sess.run(w), np.ones((4, 3), np.float32))  # nothing was half-applied


def test_an_op_on_a_variable_of_another_dtype_fails_when_it_runs():
    w = _resource()
    step = training.ResourceApplyGradientDescent(w.handle, c(0.1, tf.float64), tf.ones([4, 3], tf.float64))
    with tf.Session() as sess:
        sess.run(w.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError, match="wrong dtype. Expected float64 got float32"):
            sess.run(step)


def test_gather_of_a_resource_variable_reads_rows_and_its_gradient_is_indexed_slices():
    w = tf.get_variable("w", initializer=np.arange(12, dtype=np.float32).reshape(4, 3), use_resource=True)
    r = tf.Variable(np.zeros((4, 3), np.float32), name="r")
    rows = tf.gather(w, [2, 0])
    looked = tf.nn.embedding_lookup(w, [[1, 1]])
    across = tf.gather(w, [0], axis=1)
    assert rows.op.type == "ResourceGather" and rows.op.name == "Gather"
    assert looked.op.type == "Identity" and looked.op.inputs[0].op.name == "embedding_lookup"
    assert across.op.type == "GatherV2" and tf.gather(r, [0]).op.type == "GatherV2"
    assert rows.shape.as_list() == [2, 3] and looked.shape.as_list() == [1, 2, 3]
    grad = tf.gradients(tf.reduce_sum(looked) + tf.reduce_sum(rows), w)[0]
    assert isinstance(grad, tf.IndexedSlices)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(rows), [[6, 7, 8], [0, 1, 2]])
        value = sess.run(grad)
    assert sorted(value.indices.tolist()) == [0, 1, 1, 2] and value.dense_shape.tolist() == [4, 3]


def test_scatter_functions_and_methods_of_resource_variables():
    w = tf.get_variable("w", initializer=np.ones((3, 2), np.float32), use_resource=True)
    added = tf.scatter_add(w, [0, 0], [[1.0, 1.0], [2.0, 2.0]])
    assert added.op.type == "ResourceScatterAdd" and added.name == added.op.name  # TF's _UnreadVariable
    subtracted = w.scatter_sub(tf.IndexedSlices(tf.ones([1, 2]), [2]))
    updated = tf.scatter_update(w, [1], [[5.0, 6.0]])
    with tf.Session() as sess:
        sess.run(w.initializer)
        np.testing.assert_array_equal(sess.run(added), [[4, 4], [1, 1], [1, 1]])
        np.testing.assert_array_equal(sess.run(subtracted), [[4, 4], [1, 1], [0, 0]])
        np.testing.assert_array_equal(sess.run(updated), [[4, 4], [5, 6], [0, 0]])


@pytest.mark.parametrize("op_type, expected", [
    ("ResourceScatterMul", [[6.0, 1.0], [1.0, 1.0]]), ("ResourceScatterDiv", [[1 / 6, 1.0], [1.0, 1.0]]),
    ("ResourceScatterMin", [[1.0, 1.0], [1.0, 1.0]]), ("ResourceScatterMax", [[3.0, 1.0], [1.0, 1.0]]),
    ("ResourceScatterSub", [[-4.0, -1.0], [1.0, 1.0]])])  # as TF 2.21 gives them
def test_resource_scatter_family(op_type, expected):
    w = tf.get_variable("w", initializer=np.ones((2, 2), np.float32), use_resource=True)
    op = getattr(state, op_type)(w.handle, c([[0, 0]], tf.int32), c([[[2.0, 1.0], [3.0, 1.0]]]))
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(op)
        np.testing.assert_allclose(sess.run(w), expected, rtol=1e-6)


def test_variable_shape_reads_the_shape_when_it_runs():
    v = tf.Variable(tf.placeholder_with_default(np.zeros((2, 5), np.float32), [None, None]), name="v",
                    use_resource=True, validate_shape=False)
    shape = state.VariableShape(v.handle)
    assert shape.shape.as_list() == [None]
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(shape).tolist() == [2, 5]


def test_constraint_is_applied_after_the_resource_update():
    w = tf.get_variable("w", initializer=np.array([0.5, -0.5], np.float32), use_resource=True,
                        constraint=lambda t: tf.clip_by_value(t, 0.0, 1.0))
    train = tf.train.GradientDescentOptimizer(1.0).minimize(-tf.reduce_sum(w))
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(train)
        np.testing.assert_allclose(sess.run(w), [1.0, 0.5])


def test_a_sparse_gradient_with_a_constraint_is_tensorflows_runtime_error():
    w = tf.get_variable("w", initializer=np.ones((3, 2), np.float32), use_resource=True,
                        constraint=lambda t: t)
    with pytest.raises(RuntimeError, match="Cannot use a constraint function on a sparse variable."):
        tf.train.AdagradOptimizer(0.1).minimize(tf.reduce_sum(tf.gather(w, [0])))


# --- explain and pitfalls see resource training ops ----------------------------------------------------------

def _resource_training_graph():
    x = tf.constant([[1.0, 2.0]])
    w = tf.get_variable("w", initializer=np.zeros((2, 1), np.float32), use_resource=True)
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0))
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    return w, loss, train


def test_pitfalls_find_a_resource_variable_the_training_op_never_changes():
    _, loss, _ = _resource_training_graph()
    unused = tf.get_variable("unused", initializer=1.0, use_resource=True)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss + 0.0 * tf.stop_gradient(unused.read_value()))
    issues = {key: reason for key, _, reason, _ in pitfalls.untrained_variables(train)}
    assert issues == {"unused": "blocked"}
    with explain.trace() as trace, tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
    assert [p.kind for p in trace.pitfalls] == ["untrained_variable"]


def test_pitfalls_see_an_initializer_run_again_after_resource_training():
    w, _, train = _resource_training_graph()
    init = tf.global_variables_initializer()
    with explain.trace() as trace, tf.Session() as sess:
        sess.run(init)
        for _ in range(3):
            sess.run(train)
        sess.run(init)
        sess.run(w.read_value())
    (found,) = trace.pitfalls
    assert found.kind == "init_after_training" and "w" in found.facts["variables"]


def test_resource_training_without_pitfalls_reports_none():
    _, loss, train = _resource_training_graph()
    assert pitfalls.untrained_variables(train) == []
    with explain.trace() as trace, tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        sess.run(loss)
    assert trace.pitfalls == []
