"""tf.variable_scope and tf.get_variable: naming, reuse (False / True / AUTO_REUSE), defaults."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf


def test_get_variable_in_scope(sess):
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [2, 3])
        c = tf.constant(1.0)
    assert v.name == "foo/v:0" and v.op.name == "foo/v"
    assert v.shape.as_list() == [2, 3] and v.dtype.name == "float32_ref"
    assert c.name == "foo/Const:0"
    assert v.initializer.name == "foo/v/Assign"
    # default initializer: glorot uniform, built under the variable's Initializer scope
    assert v.initial_value.name == "foo/v/Initializer/random_uniform:0"
    assert tf.trainable_variables() == [v]
    sess.run(v.initializer)
    limit = np.sqrt(6.0 / (2 + 3))
    value = sess.run(v)
    assert value.shape == (2, 3) and np.all(np.abs(value) <= limit)


def test_get_variable_twice_without_reuse():
    with tf.variable_scope("foo"):
        tf.get_variable("v", [1])
    with tf.variable_scope("foo"), pytest.raises(ValueError) as info:
        tf.get_variable("v", [1])
    message = str(info.value)
    assert "Variable foo/v already exists, disallowed." in message
    assert "Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?" in message
    assert "Originally defined at" in message and __file__.rsplit("/", 1)[-1] in message


def test_reuse_true():
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [1])
    with tf.variable_scope("foo", reuse=True) as sc:
        w = tf.get_variable("v")
        c = tf.constant(1.0)
    assert w is v
    assert sc.reuse is True
    assert sc.name == "foo"
    assert sc.original_name_scope == "foo_1/"
    assert c.name == "foo_1/Const:0"  # the name scope is made unique, the variable scope is not


def test_reuse_true_missing_variable():
    with tf.variable_scope("foo", reuse=True), pytest.raises(ValueError) as info:
        tf.get_variable("nope", [1])
    assert str(info.value).startswith("Variable foo/nope does not exist, or was not created with "
                                      "tf.get_variable().")


def test_auto_reuse():
    with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
        a = tf.get_variable("v", [1])
        b = tf.get_variable("v", [1])

    def layer():
        with tf.variable_scope("bar", reuse=tf.AUTO_REUSE):
            return tf.get_variable("w", [2], initializer=tf.zeros_initializer())

    assert a is b
    assert layer() is layer()
    assert [x.name for x in tf.global_variables()] == ["foo/v:0", "bar/w:0"]


def test_reuse_variables():
    with tf.variable_scope("foo") as sc:
        a = tf.get_variable("v", [1])
        sc.reuse_variables()
        b = tf.get_variable("v", [1])
    assert a is b


def test_reuse_is_inherited():
    with tf.variable_scope("foo", reuse=True), tf.variable_scope("bar", reuse=False) as sc:
        assert sc.reuse is True


def test_reuse_shape_mismatch():
    with tf.variable_scope("foo"):
        tf.get_variable("v", [1])
    shape_error = r"Trying to share variable foo/v, but specified shape \(2,\) and found shape \(1,\)."
    with tf.variable_scope("foo", reuse=True), pytest.raises(ValueError, match=shape_error):
        tf.get_variable("v", [2])


def test_reuse_dtype_mismatch():
    with tf.variable_scope("foo"):
        tf.get_variable("v", [1])
    dtype_error = "Trying to share variable foo/v, but specified dtype int32"
    with tf.variable_scope("foo", reuse=True), pytest.raises(ValueError, match=dtype_error):
        tf.get_variable("v", [1], dtype=tf.int32)


def test_new_variable_needs_a_shape():
    with pytest.raises(ValueError, match="Variable v|variable \\(v\\)"):
        tf.get_variable("v")


def test_constant_initializer_with_shape_is_rejected():
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
        tf.get_variable("v", [2], initializer=tf.constant([1.0, 2.0]))


def test_tensor_initializer(sess):
    v = tf.get_variable("v", initializer=tf.constant([1.0, 2.0]))
    assert v.shape.as_list() == [2]
    sess.run(v.initializer)
    assert sess.run(v).tolist() == [1.0, 2.0]


def test_reenter_scope_object():
    with tf.variable_scope("outer") as outer:
        pass
    with tf.variable_scope(outer):
        v = tf.get_variable("v", [1])
        c = tf.constant(1.0)
    with tf.variable_scope("x"), tf.variable_scope(outer):
        w = tf.get_variable("w", [1])
        d = tf.constant(1.0)
    assert (v.name, c.name, w.name, d.name) == ("outer/v:0", "outer_1/Const:0", "outer/w:0", "x/outer/Const:0")


def test_nested_scopes_and_tf_variable_names():
    with tf.variable_scope("a"), tf.variable_scope("b"):
        v = tf.get_variable("v", [1])
        x = tf.Variable(1.0, name="x")
    with tf.variable_scope("a"):
        c = tf.constant(1.0)
        y = tf.Variable(1.0, name="x")
        z = tf.get_variable("z", [1])
    assert (v.name, x.name, c.name, y.name, z.name) == ("a/b/v:0", "a/b/x:0", "a_1/Const:0", "a_1/x:0", "a/z:0")


def test_get_variable_ignores_name_scope():
    with tf.name_scope("ns"):
        v = tf.get_variable("v", [1])
        w = tf.Variable(1.0, name="w")
    assert (v.name, w.name) == ("v:0", "ns/w:0")


def test_default_name_scopes():
    with tf.variable_scope(None, default_name="layer") as s1:
        v = tf.get_variable("w", [1])
    with tf.variable_scope(None, default_name="layer") as s2:
        w = tf.get_variable("w", [1])
    assert (s1.name, s2.name, v.name, w.name) == ("layer", "layer_1", "layer/w:0", "layer_1/w:0")


def test_scope_initializer_and_dtypes(sess):
    with tf.variable_scope("s", initializer=tf.constant_initializer(7.0)):
        a = tf.get_variable("a", [2])
        b = tf.get_variable("b", [2], initializer=tf.ones_initializer())
    c = tf.get_variable("c", [2], dtype=tf.int32)               # ints default to zeros
    d = tf.get_variable("d", [2, 2], initializer=tf.zeros_initializer)  # an initializer class
    e = tf.get_variable("e", [3], initializer=tf.constant_initializer([1, 2, 3]))
    f = tf.get_variable("f", [2], dtype=tf.float64, initializer=tf.ones_initializer())
    sess.run(tf.global_variables_initializer())
    assert [sess.run(x).tolist() for x in (a, b, c, d, e, f)] == [
        [7.0, 7.0], [1.0, 1.0], [0, 0], [[0.0, 0.0], [0.0, 0.0]], [1.0, 2.0, 3.0], [1.0, 1.0]]
    assert (f.dtype.name, c.dtype.name) == ("float64_ref", "int32_ref")
    assert a.initial_value.op.name == "s/a/Initializer/Const"


def test_scope_dtype():
    with tf.variable_scope("s", dtype=tf.float64):
        v = tf.get_variable("v", [1])
    assert v.dtype.name == "float64_ref"


def test_get_variable_trainable_and_collections():
    tf.get_variable("a", [1], trainable=False)
    b = tf.get_variable("b", [1], collections=[tf.GraphKeys.LOCAL_VARIABLES])
    assert [x.name for x in tf.global_variables()] == ["a:0"]
    assert tf.trainable_variables() == [b]
    assert tf.local_variables() == [b]


def test_get_variable_scope():
    with tf.variable_scope("a") as sc:
        assert tf.get_variable_scope() is sc
        assert tf.get_variable_scope().name == "a"
        assert sc.reuse is False
    assert tf.get_variable_scope().name == ""


def test_variable_scope_argument_errors():
    with pytest.raises(TypeError, match="VariableScope: name_or_scope must be a string or VariableScope."), \
            tf.variable_scope(3):
        pass
    with pytest.raises(TypeError, match="If default_name is None then name_or_scope is required"), \
            tf.variable_scope(None):
        pass


def test_custom_getter():
    def rename(getter, name, *args, **kwargs):
        return getter(name + "_x", *args, **kwargs)

    with tf.variable_scope("s", custom_getter=rename):
        v = tf.get_variable("v", [1])
    assert v.name == "s/v_x:0"


def test_auxiliary_name_scope_false():
    with tf.variable_scope("s", auxiliary_name_scope=False):
        c = tf.constant(1.0)
        v = tf.get_variable("v", [1])
    assert (c.name, v.name) == ("Const:0", "s/v:0")


def test_regularizer_loss_is_collected():
    tf.get_variable("v", [2], initializer=tf.ones_initializer(), regularizer=lambda x: x * 2)
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert len(losses) == 1 and losses[0].name.startswith("v/Regularizer/")


def test_string_variable_default_initializer(sess):
    s = tf.get_variable("s", [1], dtype=tf.string)
    sess.run(s.initializer)
    assert sess.run(s).tolist() == [b""]


def test_a_constant_initializer_must_match_an_explicit_dtype():
    # TF checks the arguments given (before the scope's default dtype), converting the value: a Const in the graph
    with tf.Graph().as_default() as graph:
        for value, kind in ((0.5, "float32"), (1, "int32"), ([1.0, 2.0], "float32")):
            with pytest.raises(ValueError, match=rf"Initializer type '<dtype: '{kind}'>' and explicit dtype "
                                                 r"'<dtype: 'float64'>' don't match."):
                tf.get_variable(f"v{kind}{len(str(value))}", dtype=tf.float64, initializer=value)
        with pytest.raises(ValueError, match="don't match"):
            tf.get_variable("t", dtype=tf.float64, initializer=tf.constant(0.5))
        with tf.name_scope("outer"):
            z = tf.get_variable("z", dtype=tf.float32, initializer=0.5)
            w = tf.get_variable("w", initializer=[1.0, 2.0])
        names = [op.name for op in graph.get_operations()][-9:]
        assert names == ["Const_4", "z/initial_value", "z", "z/Assign", "z/read", "w/initial_value", "w", "w/Assign",
                         "w/read"]  # TF 2.21's names for the same calls (after the four failed ones' Consts)
        assert z.dtype.base_dtype == tf.float32 and w.shape.as_list() == [2]


def test_scope_setters_for_partitioner_and_caching_device():
    with tf.variable_scope("outer", partitioner=tf.fixed_size_partitioner(2)) as scope:
        assert scope.partitioner is not None
        scope.set_partitioner(None)
        scope.set_caching_device("/cpu:0")
        assert scope.partitioner is None and scope.caching_device == "/cpu:0"
        v = tf.get_variable("v", [4, 2])  # not partitioned any more
    assert v.op.name == "outer/v" and v.shape.as_list() == [4, 2]


def test_reentering_the_root_scope_keeps_the_current_name_scope():
    # The multi-GPU tower idiom: `with tf.name_scope('tower_%d' % i) as scope, tf.variable_scope(
    # tf.get_variable_scope(), reuse=i > 0)`, then tf.get_collection(UPDATE_OPS, scope). The root scope opens
    # no name scope, so ops stay in the tower's; the names below are TF 2.21's.
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [4, 3])
        seen = []
        for i in range(2):
            with tf.name_scope("tower_%d" % i) as scope, tf.variable_scope(tf.get_variable_scope(), reuse=i > 0):
                y = tf.layers.dense(x, 2, name="fc")
                z = tf.identity(y, name="z")
                with tf.variable_scope("inner"):
                    w = tf.get_variable("w", [1])
                    q = tf.identity(w, name="q")
                h = tf.layers.batch_normalization(y, training=True, name="bn")
                seen.append([y.name, z.name, q.name, w.name, h.name,
                             [op.name for op in tf.get_collection(tf.GraphKeys.UPDATE_OPS, scope)]])
        assert seen == [
            ["tower_0/fc/BiasAdd:0", "tower_0/z:0", "tower_0/inner/q:0", "inner/w:0", "tower_0/bn/batchnorm/add_1:0",
             ["tower_0/bn/AssignMovingAvg", "tower_0/bn/AssignMovingAvg_1"]],
            ["tower_1/fc/BiasAdd:0", "tower_1/z:0", "tower_1/inner/q:0", "inner/w:0", "tower_1/bn/batchnorm/add_1:0",
             ["tower_1/bn/AssignMovingAvg", "tower_1/bn/AssignMovingAvg_1"]]]
        assert sorted(v.name for v in tf.global_variables()) == [
            "bn/beta:0", "bn/gamma:0", "bn/moving_mean:0", "bn/moving_variance:0", "fc/bias:0", "fc/kernel:0",
            "inner/w:0"]
