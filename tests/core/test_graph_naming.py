"""Graph, Operation and Tensor: default graphs, unique names, scopes, lookups, collections,
control dependencies, group / no_op / tuple / identity, finalize."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import sessionflow as tf

# --- default graph ------------------------------------------------------------------------------

def test_graph_as_default_stack():
    g0 = tf.get_default_graph()
    g = tf.Graph()
    with g.as_default() as entered:
        a = tf.constant(1.0)
        assert entered is g
        assert tf.get_default_graph() is g
        g2 = tf.Graph()
        with g2.as_default():
            assert tf.get_default_graph() is g2
        assert tf.get_default_graph() is g
    assert a.graph is g and a.op.graph is g
    assert tf.get_default_graph() is g0
    assert a.op.name == "Const"  # names are per graph
    assert g0.get_operations() == []


def test_reset_default_graph_replaces_it():
    g0 = tf.get_default_graph()
    tf.constant(1.0)
    tf.reset_default_graph()
    assert tf.get_default_graph() is not g0
    assert tf.get_default_graph().get_operations() == []
    assert tf.constant(1.0).op.name == "Const"


def test_reset_default_graph_inside_nested_graph_fails():
    with tf.Graph().as_default(), pytest.raises(AssertionError, match="Do not use tf.reset_default_graph"):
        tf.reset_default_graph()


def test_default_graph_is_thread_local():
    g = tf.Graph()
    seen = []
    with g.as_default():
        t = threading.Thread(target=lambda: seen.append(tf.get_default_graph() is g))
        t.start()
        t.join()
    assert seen == [False]


# --- unique names -------------------------------------------------------------------------------

def test_unique_op_names():
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    c = a + b
    d = a + b
    e = tf.add(a, b)
    f = tf.add(a, b, name="add")
    g = tf.constant(3.0, name="add_1_1")
    assert [x.op.name for x in (a, b, c, d, e, f, g)] == [
        "Const", "Const_1", "add", "add_1", "Add_2", "add_3", "add_1_1"]


def test_names_are_unique_case_insensitively():
    a = tf.constant(1.0, name="Foo")
    b = tf.constant(1.0, name="foo")
    assert (a.op.name, b.op.name) == ("Foo", "foo_1")


def test_explicit_suffix_names():
    a = tf.constant(1.0, name="x_1")
    b = tf.constant(1.0, name="x")
    c = tf.constant(1.0, name="x")
    assert [t.op.name for t in (a, b, c)] == ["x_1", "x", "x_2"]


def test_graph_unique_name():
    g = tf.get_default_graph()
    assert g.unique_name("foo") == "foo"
    assert g.unique_name("foo") == "foo_1"
    assert g.unique_name("foo", mark_as_used=False) == "foo_2"
    assert g.unique_name("foo") == "foo_2"


def test_tensor_names_and_repr():
    a = tf.constant([1.0, 2.0], name="x")
    assert a.name == "x:0"
    assert a.value_index == 0
    assert a.op.name == "x"
    assert repr(a) == "<tf.Tensor 'x:0' shape=(2,) dtype=float32>"
    assert str(a) == 'Tensor("x:0", shape=(2,), dtype=float32)'
    assert a.device == ""


def test_variable_names():
    v = tf.Variable(1.0)
    w = tf.Variable(1.0)
    x = tf.Variable(1.0, name="my")
    y = tf.Variable(1.0, name="my")
    assert [t.name for t in (v, w, x, y)] == ["Variable:0", "Variable_1:0", "my:0", "my_1:0"]
    assert v.op.type == "VariableV2"
    assert v.initializer.type == "Assign" and v.initializer.name == "Variable/Assign"
    assert v.value().op.type == "Identity" and v.value().name == "Variable/read:0"


def test_invalid_op_name():
    with pytest.raises(ValueError, match="bad name!"):
        tf.constant(1.0, name="bad name!")


# --- name scopes --------------------------------------------------------------------------------

def test_name_scope_prefixes_and_uniqueness():
    with tf.name_scope("s") as sc:
        a = tf.constant(1.0)
        v = tf.Variable(1.0)
        v2 = tf.Variable(2.0)
        with tf.name_scope("inner"):
            b = tf.identity(a)
    with tf.name_scope("s") as sc2:
        c = tf.constant(1.0)
    with tf.name_scope("s/"):  # re-enter an existing scope exactly
        d = tf.constant(1.0)
    with tf.name_scope(None):
        e = tf.constant(0.0)
    assert (sc, sc2) == ("s/", "s_1/")
    assert a.name == "s/Const:0"
    assert (v.name, v2.name) == ("s/Variable:0", "s/Variable_1:0")
    assert b.name == "s/inner/Identity:0"
    assert c.name == "s_1/Const:0"
    assert d.name == "s/Const_1:0"
    assert e.name == "Const:0"
    assert v.initializer.name == "s/Variable/Assign"
    assert v.value().name == "s/Variable/read:0"
    assert v.initial_value.name == "s/Variable/initial_value:0"


def test_name_scope_default_name_and_values():
    with tf.name_scope(None, "dflt") as s1:
        pass
    with tf.name_scope(None, "dflt") as s2:
        pass
    assert (s1, s2) == ("dflt/", "dflt_1/")
    g1 = tf.Graph()
    with g1.as_default():
        a = tf.constant(1.0)
    with tf.name_scope("foo", values=[a]) as sc:  # enters a's graph
        b = tf.constant(2.0)
    assert sc == "foo/" and b.graph is g1 and b.name == "foo/Const:0"


def test_get_name_scope():
    with tf.name_scope("a"), tf.name_scope("b"):
        assert tf.get_default_graph().get_name_scope() == "a/b"
    assert tf.get_default_graph().get_name_scope() == ""


# --- lookups ------------------------------------------------------------------------------------

def test_get_operation_and_tensor_by_name():
    a = tf.constant(1.0, name="a")
    b = a * 2
    g = tf.get_default_graph()
    assert g.get_operation_by_name("a") is a.op
    assert g.get_tensor_by_name("mul:0") is b
    assert g.as_graph_element("a:0") is a
    assert g.as_graph_element("mul") is b.op
    assert g.as_graph_element(a) is a


def test_get_operation_by_name_missing():
    with pytest.raises(KeyError) as info:
        tf.get_default_graph().get_operation_by_name("nope")
    assert "The name 'nope' refers to an Operation not in the graph." in str(info.value)


def test_get_tensor_by_name_missing():
    with pytest.raises(KeyError) as info:
        tf.get_default_graph().get_tensor_by_name("nope:0")
    assert "'nope:0' refers to a Tensor which does not exist" in str(info.value)


def test_get_tensor_by_name_bad_index():
    tf.constant(1.0, name="a")
    with pytest.raises(KeyError, match="exists but only has 1 outputs"):
        tf.get_default_graph().get_tensor_by_name("a:1")


def test_get_tensor_by_name_needs_index():
    tf.constant(1.0, name="a")
    with pytest.raises(ValueError, match="Tensor names must be of the form"):
        tf.get_default_graph().get_tensor_by_name("a")


def test_get_operation_by_tensor_name():
    tf.constant(1.0, name="a")
    with pytest.raises(ValueError, match="Name 'a:0' appears to refer to a Tensor, not a Operation."):
        tf.get_default_graph().get_operation_by_name("a:0")


def test_as_graph_element_errors():
    with pytest.raises(TypeError, match="Can not convert a int into a Tensor or Operation."):
        tf.get_default_graph().as_graph_element(3)
    with tf.Graph().as_default():
        a = tf.constant(1.0)
    with pytest.raises(ValueError, match="is not an element of this graph"):
        tf.get_default_graph().as_graph_element(a)


# --- Operation properties -----------------------------------------------------------------------

def test_operation_properties():
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    c = tf.add(a, b, name="c")
    op = c.op
    assert op.type == "AddV2"
    assert [t.name for t in op.inputs] == ["Const:0", "Const_1:0"]
    assert [t.name for t in op.outputs] == ["c:0"]
    assert [o.name for o in a.consumers()] == ["c"]
    assert op.graph is tf.get_default_graph()
    assert len(tf.get_default_graph().get_operations()) == 3
    assert a.op.get_attr("dtype") is tf.float32
    assert repr(op) == "<tf.Operation 'c' type=AddV2>"
    with pytest.raises(ValueError, match="Operation 'Const' has no attr named 'nope'."):
        a.op.get_attr("nope")


def test_ops_from_different_graphs_cannot_mix():
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        a = tf.constant(1.0)
    with g2.as_default():
        b = tf.constant(2.0)
        with pytest.raises(ValueError) as info:
            a + b
    assert "must be from the same graph" in str(info.value)
    assert "Const:0" in str(info.value)


# --- collections --------------------------------------------------------------------------------

def test_collections():
    tf.add_to_collection("c", 1)
    tf.add_to_collection("c", 2)
    tf.add_to_collections(["d", "e"], 3)
    tf.get_collection_ref("c").append(4)       # the ref is the live list
    tf.get_collection("c").append(5)           # get_collection returns a copy
    assert tf.get_collection("c") == [1, 2, 4]
    assert tf.get_collection("d") == [3] and tf.get_collection("e") == [3]
    assert tf.get_collection("missing") == []
    assert sorted(tf.get_default_graph().get_all_collection_keys()) == ["c", "d", "e"]


def test_collection_scope_filter():
    with tf.name_scope("sc"):
        v = tf.Variable(1.0)
    tf.Variable(2.0)
    assert tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="sc") == [v]
    assert tf.GraphKeys.GLOBAL_VARIABLES == "variables"
    assert tf.GraphKeys.TRAINABLE_VARIABLES == "trainable_variables"
    assert tf.GraphKeys.LOCAL_VARIABLES == "local_variables"


# --- control dependencies, group, no_op, tuple, identity ----------------------------------------

def test_control_dependencies_structure():
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    with tf.control_dependencies([a, b.op]):
        c = tf.constant(3.0)
        d = a + 1.0  # already depends on a through data: no control input needed
        with tf.control_dependencies(None):
            e = tf.constant(4.0)
        with tf.control_dependencies([c]):
            f = tf.identity(d)
    assert [x.name for x in c.op.control_inputs] == ["Const", "Const_1"]
    assert d.op.control_inputs == []
    assert e.op.control_inputs == []
    assert [x.name for x in f.op.control_inputs] == ["Const_2"]


def test_control_dependencies_order_execution(sess):
    v = tf.Variable(1.0)
    a = v.assign(5.0)
    with tf.control_dependencies([a]):
        r = v.read_value()
        i = tf.identity(v)
    sess.run(v.initializer)
    assert sess.run(r) == 5.0
    sess.run(v.initializer)
    assert sess.run(i) == 5.0
    assert [c.name for c in r.op.control_inputs] == ["Assign"]


def test_control_dependencies_rejects_non_ops():
    with pytest.raises(TypeError), tf.control_dependencies([3]):
        pass


def test_group(sess):
    v = tf.Variable(0)
    w = tf.Variable(0)
    g = tf.group(v.assign(1), w.assign(2), name="both")
    assert g.name == "both" and g.type == "NoOp"
    sess.run([v.initializer, w.initializer])
    assert sess.run(g) is None
    assert sess.run([v, w]) == [1, 2]


def test_group_names_and_inputs(sess):
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    g = tf.group(a, b)
    assert g.name == "group_deps" and g.type == "NoOp"
    assert sorted(x.name for x in g.control_inputs) == ["Const", "Const_1"]
    empty = tf.group()
    assert empty.name == "group_deps_1" and empty.control_inputs == []
    assert sess.run(empty) is None


def test_no_op(sess):
    n = tf.no_op()
    assert n.name == "NoOp" and n.type == "NoOp"
    assert tf.no_op(name="nothing").name == "nothing"
    assert sess.run(n) is None


def test_tuple(sess):
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    t = tf.tuple([a, b])
    assert [x.name for x in t] == ["tuple/control_dependency:0", "tuple/control_dependency_1:0"]
    assert [x.op.type for x in t] == ["Identity", "Identity"]
    assert sess.run(t) == [1.0, 2.0]


def test_tuple_control_inputs_run_first(sess):
    v = tf.Variable(0)
    t = tf.tuple([tf.constant(1)], control_inputs=[v.assign(7)])
    sess.run(v.initializer)
    assert sess.run(t) == [1]
    assert sess.run(v) == 7


def test_identity(sess):
    a = tf.constant([1, 2])
    i = tf.identity(a)
    j = tf.identity(a, name="j")
    assert i.name == "Identity:0" and i.op.type == "Identity"
    assert j.name == "j:0"
    assert sess.run(i).tolist() == [1, 2]


# --- finalize -----------------------------------------------------------------------------------

def test_finalized_graph_rejects_new_ops_but_runs():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
        g.finalize()
        assert g.finalized
        with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
            tf.constant(2.0)
        with tf.Session() as s:
            assert s.run(a) == 1.0


def test_optimizer_gradients_are_gated_per_op(sess):
    # Optimizers ask tf.gradients for GATE_OP: an op's input gradients pass through a tf.tuple, so the
    # gradients they return are `<op>_grad/tuple/control_dependency_N`; names are TF 2.21's
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    ids = tf.placeholder(tf.int32, [None], name="ids")
    w = tf.Variable(np.ones((3, 2), np.float32), name="w")
    emb = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name="emb")
    h = tf.matmul(x + tf.gather(emb, ids), w)
    loss = tf.reduce_sum(h * h)
    opt = tf.train.GradientDescentOptimizer(0.1)
    (gw, _), (gemb, _) = opt.compute_gradients(loss)
    assert gw.name == "gradients/MatMul_grad/tuple/control_dependency_1:0"
    assert (gemb.values.name, gemb.indices.name) == ("gradients/GatherV2_grad/Reshape:0",
                                                    "gradients/GatherV2_grad/Reshape_1:0")  # one gradient: no gate
    assert [g.name for g in tf.gradients(loss, [x, w])] == ["gradients_1/add_grad/Reshape:0",
                                                            "gradients_1/MatMul_grad/MatMul_1:0"]
    gx, gemb = tf.gradients(loss, [x, emb], gate_gradients=True)
    assert gx.name == "gradients_2/add_grad/tuple/control_dependency:0"
    gate = gx.op.control_inputs[0]
    assert gate.name == "gradients_2/add_grad/tuple/group_deps"
    assert [c.name for c in gate.control_inputs] == ["gradients_2/add_grad/Reshape", "gradients_2/add_grad/Reshape_1"]
    sliced, total = tf.tuple([gemb, loss])
    assert (sliced.values.name, sliced.indices.name, total.name) == (
        "tuple/control_dependency:0", "gradients_2/GatherV2_grad/Reshape_1:0", "tuple/control_dependency_1:0")
    sess.run(tf.global_variables_initializer())
    gx_value, gemb_value = sess.run([gx, gemb], {x: np.ones((2, 3), np.float32), ids: [1, 3]})
    assert gx_value.tolist() == [[60.0] * 3, [132.0] * 3] and gemb_value.values.tolist() == gx_value.tolist()
    assert gemb_value.indices.tolist() == [1, 3]


def test_a_gate_does_not_wait_on_a_gradient_nothing_reads(sess):
    # TF's gate on MatMul's gradients also waits on the gradient of its placeholder input, which nothing reads;
    # here that one is not waited for, so a training run never computes it. The tensors and names are TF's.
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(np.ones((3, 2), np.float32), name="w")
    loss = tf.reduce_sum(tf.matmul(x, w))
    (gw, _), = tf.train.GradientDescentOptimizer(0.1).compute_gradients(loss)
    assert gw.name == "gradients/MatMul_grad/tuple/control_dependency_1:0"
    graph = tf.get_default_graph()
    assert graph.get_tensor_by_name("gradients/MatMul_grad/tuple/control_dependency:0").op.type == "Identity"
    assert [op.name for op in gw.op.control_inputs[0].control_inputs] == ["gradients/MatMul_grad/MatMul_1"]
    sess.run(tf.global_variables_initializer())
    assert sess.run(gw, {x: [[1.0, 2.0, 3.0]]}).tolist() == [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]


def test_tuple_gates_on_each_op_once_and_passes_ops_through_a_group():
    a = tf.constant(1.0)
    b = a * 2
    t = tf.tuple([a, b, a, None, tf.no_op(name="op")])
    assert [getattr(i, "name", None) for i in t] == ["tuple/control_dependency:0", "tuple/control_dependency_1:0",
                                                     "tuple/control_dependency_2:0", None, "tuple/group_deps_1"]
    assert [c.name for c in t[0].op.control_inputs[0].control_inputs] == ["Const", "mul", "op"]
    assert t[4].type == "NoOp" and [c.name for c in t[4].control_inputs] == ["tuple/group_deps", "op"]


# --- ops composite functions add, as TF 2.21's graphs hold them ---------------------------------------

def _op_names(graph) -> list:
    return [(op.name, op.type) for op in graph.get_operations()]


def test_strided_slice_without_strides_builds_ones_like_of_begin():
    # tf.strided_slice's default strides are ones_like(begin), built before the op's own scope (the
    # cifar10_input idiom `tf.strided_slice(record, [0], [label_bytes])`); TF 2.21 prints these ops.
    with tf.Graph().as_default() as g:
        x = tf.constant([1.0, 2.0, 3.0])
        y = tf.strided_slice(x, [0], [2])
        z = tf.ones_like([1, 2])
        assert _op_names(g)[1:] == [
            ("ones_like/tensor", "Const"), ("ones_like/Shape/shape_as_tensor", "Const"), ("ones_like/Const", "Const"),
            ("ones_like", "Fill"), ("StridedSlice/begin", "Const"), ("StridedSlice/end", "Const"),
            ("StridedSlice", "StridedSlice"), ("ones_like_1/tensor", "Const"),
            ("ones_like_1/Shape/shape_as_tensor", "Const"), ("ones_like_1/Const", "Const"), ("ones_like_1", "Fill")]
        assert [t.name for t in y.op.inputs] == ["Const:0", "StridedSlice/begin:0", "StridedSlice/end:0", "ones_like:0"]
        with tf.Session() as sess:
            assert sess.run(y).tolist() == [1.0, 2.0] and sess.run(z).tolist() == [1, 1]


def test_per_image_standardization_passes_the_image_through_its_rank_check():
    # TF's _AssertAtLeast3DImage is a with_dependencies even when the static shape needs no assert.
    with tf.Graph().as_default() as g:
        out = tf.image.per_image_standardization(tf.zeros([2, 2, 1]))
        names = [name for name, _ in _op_names(g)]
        assert names[:4] == ["zeros", "per_image_standardization/control_dependency",
                             "per_image_standardization/Shape", "per_image_standardization/strided_slice/stack"]
        assert out.name == "per_image_standardization:0"


def test_assert_converts_its_data_once_in_its_own_scope():
    # TF 2.21: Assert converts `data` (an unused `Assert/Const` per Python value) before the op converts it again.
    with tf.Graph().as_default() as g:
        tf.Assert(tf.constant(True), ["s", 3])
        assert _op_names(g) == [("Const", "Const"), ("Assert/Const", "Const"), ("Assert/Const_1", "Const"),
                                ("Assert/Assert/data_0", "Const"), ("Assert/Assert/data_1", "Const"),
                                ("Assert/Assert", "Assert")]



def test_slice_with_a_tensor_bound_names_its_left_out_bounds():
    """TF 2.21: when a slice bound is a tensor, the bounds left out are Const ops of its dtype (made before
    the strided_slice scope) packed with it; an int64 or int16 index's stride is one too; an int64 vector
    widens the others with a Cast. So the user's next tf.constant is Const_6, as in TF (names from TF 2.21)."""
    x = tf.constant(np.arange(24).reshape(2, 3, 4))
    t = tf.placeholder_with_default(2, ())
    t64 = tf.placeholder_with_default(np.int64(1), ())
    outs = [x[0, 0:t], x[:, t64], x[..., t64:t], x[t64:]]
    assert tf.constant(5.0).name == "Const_6:0"
    ops = {op.name: op for op in tf.get_default_graph().get_operations()}
    inputs = {name: [i.name for i in ops[name].inputs] for name in (
        "strided_slice/stack_2", "strided_slice_1/stack_2", "strided_slice_2/stack_2", "strided_slice_2",
        "strided_slice_3/stack_1", "strided_slice_3/stack_2")}
    assert inputs == {
        "strided_slice/stack_2": ["strided_slice/stack_2/0:0", "Const_1:0"],
        "strided_slice_1/stack_2": ["strided_slice_1/stack_2/0:0", "Const_2:0"],
        "strided_slice_2/stack_2": ["strided_slice_2/stack_2/0:0", "Const_3:0"],
        "strided_slice_2": ["Const:0", "strided_slice_2/stack:0", "strided_slice_2/Cast:0", "strided_slice_2/stack_2:0"],
        "strided_slice_3/stack_1": ["Const_4:0"], "strided_slice_3/stack_2": ["Const_5:0"]}
    assert [ops[f"Const_{i}"].get_attr("dtype") for i in range(1, 6)] == [tf.int32] + [tf.int64] * 4
    with tf.Session() as sess:
        values = sess.run(outs)
    assert [v.tolist() for v in values] == [
        [[0, 1, 2, 3], [4, 5, 6, 7]], [[4, 5, 6, 7], [16, 17, 18, 19]], [[[1], [5], [9]], [[13], [17], [21]]],
        [[[12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]]]]
