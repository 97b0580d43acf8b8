"""tf.Variable: construction, reads, updates, initializers and initialization queries."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf

# --- construction -------------------------------------------------------------------------------

def test_variable_basics(sess):
    v = tf.Variable([1.0, 2.0], name="v")
    assert v.name == "v:0" and v.op.name == "v"
    assert v.initial_value.name == "v/initial_value:0"
    assert v.initializer.name == "v/Assign"
    assert v.value().name == "v/read:0"
    assert v.trainable
    assert v.dtype.name == "float32_ref"
    assert v.graph is tf.get_default_graph()
    assert repr(v) == "<tf.Variable 'v:0' shape=(2,) dtype=float32_ref>"
    sess.run(v.initializer)
    assert sess.run(v).tolist() == [1.0, 2.0]
    assert sess.run(v.initial_value).tolist() == [1.0, 2.0]


def test_variable_from_callable(sess):
    v = tf.Variable(lambda: tf.constant([3.0, 4.0]), name="v")
    assert v.initial_value.name == "v/Initializer/Const:0"
    sess.run(v.initializer)
    assert sess.run(v).tolist() == [3.0, 4.0]


def test_variable_from_tensor(sess):
    b = tf.constant(2.0) * 3
    v = tf.Variable(b)
    assert v.initial_value is b
    sess.run(v.initializer)
    assert sess.run(v) == 6.0


def test_variable_dtype_argument(sess):
    v = tf.Variable(1, dtype=tf.float32)
    w = tf.Variable([1, 2], dtype=tf.int64)
    assert v.dtype.name == "float32_ref" and w.dtype.name == "int64_ref"
    assert v.initial_value.op.type == "Const"  # converted, not cast
    sess.run([v.initializer, w.initializer])
    assert sess.run(v) == 1.0 and sess.run(w).tolist() == [1, 2]


def test_variable_dtype_incompatible_value():
    with pytest.raises(TypeError, match="Expected int32, but got 1.5 of type 'float'."):
        tf.Variable(1.5, dtype=tf.int32)


def test_variable_requires_initial_value():
    with pytest.raises(ValueError, match="initial_value must be specified."):
        tf.Variable()


def test_variable_collections_argument_must_be_a_list():
    with pytest.raises(ValueError, match="collections argument to Variable constructor must be a list"):
        tf.Variable(1.0, collections="x")


def test_trainable_and_collections():
    v = tf.Variable(1.0)
    w = tf.Variable(1.0, trainable=False)
    x = tf.Variable(1.0, collections=[tf.GraphKeys.LOCAL_VARIABLES])
    y = tf.Variable(1.0, collections=["mine"])
    assert tf.global_variables() == [v, w]
    assert tf.all_variables() == [v, w]
    assert tf.trainable_variables() == [v, x, y]
    assert tf.local_variables() == [x]
    assert tf.get_collection("mine") == [y]
    assert not w.trainable


def test_validate_shape_false(sess):
    p = tf.placeholder(tf.float32, [None])
    v = tf.Variable(p, validate_shape=False)
    assert str(v.shape) == "<unknown>"
    sess.run(v.initializer, {p: [1.0, 2.0, 3.0]})
    assert sess.run(v).tolist() == [1.0, 2.0, 3.0]


def test_validate_shape_needs_known_shape():
    p = tf.placeholder(tf.float32, [None])
    with pytest.raises(ValueError) as info:
        tf.Variable(p)
    assert "initial_value must have a shape specified" in str(info.value)
    assert "Placeholder:0" in str(info.value)


def test_variable_shape_argument_can_be_unknown():
    v = tf.Variable(tf.zeros([2]), shape=tf.TensorShape(None))
    assert str(v.shape) == "<unknown>"


# --- reads --------------------------------------------------------------------------------------

def test_value_and_read_value(sess):
    v = tf.Variable(1.0)
    r = v.read_value()
    val = v.value()
    assert v.value() is val
    assert r.op.type == "Identity" and r.name == "read:0"
    assert val.name == "Variable/read:0"
    sess.run(v.initializer)
    sess.run(v.assign(4.0))
    assert sess.run(r) == 4.0 and sess.run(val) == 4.0


def test_convert_variable_to_tensor():
    v = tf.Variable(1.0)
    t = tf.convert_to_tensor(v)
    assert t is v.value() and t.name == "Variable/read:0"
    assert tf.identity(v).name == "Identity:0"


def test_initialized_value(sess):
    v = tf.Variable(2.0, name="v")
    w = tf.Variable(v.initialized_value() * 3, name="w")
    sess.run(w.initializer)              # v not initialized: uses v's initial value
    assert sess.run(w) == 6.0
    sess.run(v.initializer)
    sess.run(v.assign(10.0))
    sess.run(w.initializer)              # v initialized: uses v's value
    assert sess.run(w) == 30.0
    assert sess.run(v) == 10.0


def test_variable_eval():
    v = tf.Variable([1.0, 2.0])
    with tf.Session() as s:
        s.run(v.initializer)
        assert v.eval().tolist() == [1.0, 2.0]
        assert v.eval(session=s).tolist() == [1.0, 2.0]


def test_variable_as_feed_key(sess):
    v = tf.Variable(1.0)
    y = v * 2
    sess.run(v.initializer)
    assert sess.run(y, {v: 4.0}) == 8.0
    assert sess.run(v) == 1.0


# --- updates ------------------------------------------------------------------------------------

def test_assign_family(sess):
    v = tf.Variable(1.0)
    a = v.assign(5.0)
    b = v.assign_add(2.0)
    c = v.assign_sub(1.0)
    d = tf.assign(v, 10.0)
    e = tf.assign_add(v, 1.0)
    f = tf.assign_sub(v, 3.0)
    sess.run(v.initializer)
    assert [sess.run(x) for x in (a, b, c, d, e, f)] == [5.0, 7.0, 6.0, 10.0, 11.0, 8.0]
    assert sess.run(v) == 8.0
    assert [x.op.name for x in (a, b, c, d, e, f)] == [
        "Assign", "AssignAdd", "AssignSub", "Assign_1", "AssignAdd_1", "AssignSub_1"]
    assert [x.op.type for x in (a, b, c, d, e, f)] == ["Assign", "AssignAdd", "AssignSub"] * 2


def test_assign_converts_python_values(sess):
    v = tf.Variable([1.0, 2.0])
    a = v.assign([3, 4])
    sess.run(v.initializer)
    assert sess.run(a).tolist() == [3.0, 4.0]


def test_assign_float_to_int_variable_is_type_error():
    v = tf.Variable([1, 2])
    with pytest.raises(TypeError, match="Expected int32, but got 3.5 of type 'float'."):
        v.assign([3.5, 4])


def test_assign_tensor_of_wrong_dtype_is_type_error():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(TypeError, match="Input 'value' of 'Assign' Op has type int32"):
        v.assign(tf.constant([1, 2]))


def test_assign_without_shape_validation(sess):
    v = tf.Variable([1.0, 2.0])
    a = tf.assign(v, [1.0, 2.0, 3.0], validate_shape=False)
    assert str(a.shape) == "(3,)"
    sess.run(v.initializer)
    assert sess.run(a).tolist() == [1.0, 2.0, 3.0]
    assert sess.run(v).tolist() == [1.0, 2.0, 3.0]


def test_integer_counter(sess):
    v = tf.Variable(0, name="counter")
    inc = v.assign_add(1)
    assert v.dtype.name == "int32_ref" and inc.dtype.name == "int32_ref"
    sess.run(v.initializer)
    for _ in range(5):
        sess.run(inc)
    assert sess.run(v) == 5


def test_load(sess):
    v = tf.Variable([1.0, 2.0])
    sess.run(v.initializer)
    v.load([5.0, 6.0], sess)
    assert sess.run(v).tolist() == [5.0, 6.0]
    with sess.as_default():
        v.load([7.0, 8.0])
        assert v.eval().tolist() == [7.0, 8.0]


def test_load_without_session():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError, match="session"):
        v.load([5.0, 6.0])


def test_resource_variable(sess):
    v = tf.Variable(1.0, use_resource=True, name="r")
    a = v.assign_add(2.0)
    assert v.name == "r:0" and v.op.type == "VarHandleOp"
    assert v.dtype is tf.float32
    assert v.value().op.type == "ReadVariableOp"
    assert v.initializer.type == "AssignVariableOp"
    sess.run(v.initializer)
    assert sess.run(a) == 3.0
    assert sess.run(v) == 3.0


# --- initialization -----------------------------------------------------------------------------

def test_reading_uninitialized_variable(sess):
    v = tf.Variable(1.0, name="myvar")
    y = v * 2
    with pytest.raises(tf.errors.FailedPreconditionError) as info:
        sess.run(y)
    assert "Attempting to use uninitialized value myvar" in str(info.value)
    assert info.value.error_code == tf.errors.FAILED_PRECONDITION
    with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value myvar"):
        sess.run(v)
    with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value myvar"):
        sess.run(v.assign_add(1.0))
    sess.run(v.initializer)
    assert sess.run(y) == 2.0


def test_uninitialized_read_error_names_the_read_op(sess):
    v = tf.Variable(1.0, name="myvar")
    with pytest.raises(tf.errors.FailedPreconditionError) as info:
        sess.run(v * 2)
    assert info.value.op is not None and info.value.op.name == "myvar/read"  # TF's failing node
    assert "myvar/read" in str(info.value)


def test_uninitialized_read_value_error_names_the_read_op(sess):
    v = tf.Variable(1.0, name="myvar")
    with pytest.raises(tf.errors.FailedPreconditionError) as info:
        sess.run(v.read_value())
    assert info.value.op is not None and info.value.op.name == "read"


def test_reading_uninitialized_resource_variable(sess):
    v = tf.Variable(1.0, use_resource=True, name="res")
    with pytest.raises(tf.errors.FailedPreconditionError) as info:
        sess.run(v.value())
    assert "res" in str(info.value)


def test_global_local_and_selected_initializers(sess):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    tf.Variable(3.0, name="c", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    g = tf.global_variables_initializer()
    loc = tf.local_variables_initializer()
    only_b = tf.variables_initializer([b], name="just_b")
    empty = tf.variables_initializer([])
    assert (g.name, g.type) == ("init", "NoOp")
    assert loc.name == "init_1" and only_b.name == "just_b"
    assert (empty.name, empty.type) == ("init_2", "NoOp")
    assert sorted(c.name for c in g.control_inputs) == ["a/Assign", "b/Assign"]
    report = tf.report_uninitialized_variables()
    sess.run(only_b)
    assert sess.run(report).tolist() == [b"a", b"c"]
    sess.run(loc)
    assert sess.run(report).tolist() == [b"a"]
    sess.run(g)
    assert sess.run(report).tolist() == []
    assert sess.run(empty) is None
    assert sess.run(a) == 1.0


def test_initializer_rerun_resets(sess):
    v = tf.Variable(1.0)
    init = tf.global_variables_initializer()
    sess.run(init)
    sess.run(v.assign(5.0))
    sess.run(init)
    assert sess.run(v) == 1.0


def test_is_variable_initialized_and_report(sess):
    v = tf.Variable(1.0, name="a")
    w = tf.Variable(2.0, name="b")
    i = tf.is_variable_initialized(v)
    r = tf.report_uninitialized_variables()
    assert (i.op.type, i.op.name, i.dtype) == ("IsVariableInitialized", "IsVariableInitialized", tf.bool)
    assert r.dtype is tf.string and r.shape.as_list() == [None]
    assert r.op.name == "report_uninitialized_variables/boolean_mask/GatherV2"
    assert not sess.run(i)
    assert sess.run(r).tolist() == [b"a", b"b"]
    sess.run(v.initializer)
    assert sess.run(i)
    assert sess.run(r).tolist() == [b"b"]
    assert sess.run(tf.report_uninitialized_variables([w])).tolist() == [b"b"]
    assert sess.run(tf.report_uninitialized_variables([v])).tolist() == []


def test_report_uninitialized_without_variables(sess):
    r = tf.report_uninitialized_variables()
    assert r.dtype is tf.string and r.shape.as_list() == [0]
    assert sess.run(r).tolist() == []


def test_assert_variables_initialized_passes_when_initialized(sess):
    v = tf.Variable(1.0, name="a")
    check = tf.assert_variables_initialized()
    sess.run(v.initializer)
    sess.run(check)
    assert tf.assert_variables_initialized([]) is None


def test_assert_variables_initialized_fails_when_uninitialized(sess):
    tf.Variable(1.0, name="a")
    check = tf.assert_variables_initialized()
    with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value a"):
        sess.run(check)


# --- sessionflow's own uninitialized_variables_initializer ------------------------------------------

def test_uninitialized_variables_initializer_initializes_once(sess):
    v = tf.Variable(1.0, name="a")
    init_once = tf.uninitialized_variables_initializer()
    assert init_once.type == "NoOp" and init_once.name == "init_uninitialized"
    sess.run(init_once)
    assert sess.run(v) == 1.0
    sess.run(v.assign(5.0))
    sess.run(init_once)                     # re-running changes nothing
    assert sess.run(v) == 5.0
    sess.run(tf.global_variables_initializer())  # the TF initializer still resets
    assert sess.run(v) == 1.0


def test_uninitialized_variables_initializer_adds_new_variables(sess):
    v = tf.Variable(1.0, name="a")
    sess.run(v.initializer)
    sess.run(v.assign(5.0))
    w = tf.Variable(tf.random_normal([2], seed=1), name="w")
    init_once = tf.uninitialized_variables_initializer()
    sess.run(init_once)
    first = sess.run(w)
    sess.run(init_once)
    np.testing.assert_array_equal(sess.run(w), first)  # not a fresh draw
    assert sess.run(v) == 5.0                          # trained value untouched
    assert sess.run(tf.report_uninitialized_variables()).tolist() == []


def test_uninitialized_variables_initializer_var_list(sess):
    v = tf.Variable(1.0, name="a")
    w = tf.Variable(2.0, name="b")
    sess.run(tf.uninitialized_variables_initializer([w]))
    assert sess.run(tf.report_uninitialized_variables()).tolist() == [b"a"]
    assert sess.run(w) == 2.0
    sess.run(tf.uninitialized_variables_initializer())
    assert sess.run(v) == 1.0


# --- devices ------------------------------------------------------------------------------------

@pytest.mark.parametrize("resource", [False, True], ids=["ref", "resource"])
def test_a_variable_reports_its_ops_device(resource):
    # The cifar10_multi_gpu_train pattern: variables pinned with tf.device('/cpu:0') inside a GPU tower's scope.
    # Expected values: TF 2.21 (tf.compat.v1, graph mode) prints them for both kinds of variable; a callable's
    # initial value (get_variable's, and any initial value of a resource variable) is built outside the scopes.
    with tf.Graph().as_default():
        with tf.device("/gpu:0"):
            with tf.device("/cpu:0"):
                v = tf.get_variable("v", [2], initializer=tf.zeros_initializer(), use_resource=resource)
                w = tf.Variable([1.0], name="w", use_resource=resource)
            u = tf.get_variable("u", [2], use_resource=resource)
        assert [v.device, v.op.device, v.initializer.device] == ["/device:CPU:0"] * 3
        assert [w.device, u.device, u.initializer.device] == ["/device:CPU:0", "/device:GPU:0", "/device:GPU:0"]
        assert v.initial_value.device == ""
        assert w.initial_value.device == ("" if resource else "/device:CPU:0")
        assert w.initial_value.name == ("w/Initializer/initial_value:0" if resource else "w/initial_value:0")
        with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
            a = tf.Variable(1.0, name="a")
            b = tf.Variable(1.0, name="b")
        assert [a.device, b.device] == ["/job:ps/task:0", "/job:ps/task:1"]


def test_a_resource_initial_value_from_a_branch_is_refused_with_tfs_message():
    with tf.Graph().as_default():
        def branch():
            v = tf.Variable(tf.constant(3.0), name="vv", use_resource=True)
            return v.read_value()
        with pytest.raises(ValueError) as e:
            tf.cond(tf.placeholder(tf.bool, []), branch, lambda: tf.constant(1.0))
        assert str(e.value) == (  # TF 2.21's message
            "The `initial_value` passed to `tf.Variable` cond/vv/ is from inside a control-flow  construct, such as "
            "a loop or conditional. When creating a `tf.Variable` inside a loop or conditional, use a lambda as the "
            "`initial_value`. Got: initial_value=(Tensor(\"cond/Const:0\", shape=(), dtype=float32))")
