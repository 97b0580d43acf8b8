"""tf.layers.dense / dropout / flatten and the layer base: names, sharing, collections, values.

Expected values marked "TF 2.21" were recorded by running the same code on TensorFlow 2.21
(`tensorflow.compat.v1` with tf-keras 2.21, `TF_USE_LEGACY_KERAS=1`).
"""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
import sessionflow.layers
import sessionflow.losses
from sessionflow._namespaces import install_exports
from sessionflow.framework.api import EXPORTS

install_exports(vars(tf), EXPORTS)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def _x(cols=3):
    return tf.placeholder(tf.float32, [None, cols], name="x")


def test_dense_names_and_unique_scopes():
    x = _x()
    y = tf.layers.dense(x, 4, activation=tf.nn.relu)
    y2 = tf.layers.dense(y, 2)
    assert [v.name for v in tf.global_variables()] == [
        "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    assert y.name == "dense/Relu:0" and y2.name == "dense_1/BiasAdd:0"
    assert y.op.inputs[0].op.type == "BiasAdd" and y.op.inputs[0].op.inputs[0].op.type == "MatMul"
    assert tf.global_variables()[0].shape.as_list() == [3, 4]


def test_dense_seeded_kernel_equals_tf():
    tf.set_random_seed(1)
    tf.layers.dense(_x(), 4)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        kernel, bias = s.run(tf.global_variables())
    expected = [[0.5790013, -0.7803281, 0.7252606, -0.6124205],  # TF 2.21
                [-0.8089565, 0.08389914, 0.00690961, 0.7866179],
                [0.31395257, 0.79272294, -0.69919336, 0.65404475]]
    np.testing.assert_allclose(kernel, np.array(expected, np.float32), rtol=1e-6)
    np.testing.assert_array_equal(bias, np.zeros(4, np.float32))


def test_dense_values():
    x = _x(2)
    y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer([[1.0, 2.0], [3.0, 4.0]]),
                        bias_initializer=tf.constant_initializer([0.5, -0.5]), activation="relu")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        out = s.run(y, {x: [[1.0, 1.0], [-1.0, -1.0]]})
    np.testing.assert_allclose(out, [[4.5, 5.5], [0.0, 0.0]])


def test_dense_reuse_in_variable_scope_and_reuse_flag():
    x = _x()
    with tf.variable_scope("s"):
        z = tf.layers.dense(x, 4, name="d")
    with tf.variable_scope("s", reuse=True):
        z2 = tf.layers.dense(x, 4, name="d")
    z3 = tf.layers.dense(x, 4, name="d", reuse=tf.AUTO_REUSE)
    z4 = tf.layers.dense(x, 4, name="d", reuse=True)
    assert [v.name for v in tf.global_variables()] == ["s/d/kernel:0", "s/d/bias:0", "d/kernel:0", "d/bias:0"]
    assert (z.name, z2.name, z3.name, z4.name) == (  # TF 2.21
        "s/d/BiasAdd:0", "s_1/d/BiasAdd:0", "d/BiasAdd:0", "d_1/BiasAdd:0")
    assert z2.op.inputs[0].op.inputs[1].name == "s/d/kernel/read:0"


def test_dense_reuse_errors():
    x = _x()
    tf.layers.dense(x, 4, name="d")
    with pytest.raises(ValueError, match="Variable d/kernel already exists"):
        tf.layers.dense(x, 4, name="d")
    with pytest.raises(ValueError, match="Variable nope/kernel does not exist"):
        tf.layers.dense(x, 4, name="nope", reuse=True)
    with pytest.raises(ValueError, match="last dimension of the inputs to a Dense layer should be defined"):
        tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 4)


def test_default_named_layer_shared_by_reentering_scope_with_reuse():
    x = _x()
    with tf.variable_scope("s"):
        tf.layers.dense(x, 2)
    with tf.variable_scope("s", reuse=True):
        b = tf.layers.dense(x, 2)
    assert b.name == "s_1/dense/BiasAdd:0"  # TF 2.21
    assert len(tf.global_variables()) == 2


def test_dense_regularizer_trainable_use_bias_collections():
    x = _x()
    y = tf.layers.dense(x, 2, kernel_regularizer=lambda w: tf.reduce_sum(w), bias_regularizer=tf.nn.l2_loss)
    assert [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)] == [
        "dense/kernel/Regularizer/Sum:0", "dense/bias/Regularizer/L2Loss:0"]
    tf.layers.dense(x, 2, use_bias=False, trainable=False, name="frozen")
    assert [v.name for v in tf.global_variables()][-1] == "frozen/kernel:0"
    assert "frozen/kernel:0" not in [v.name for v in tf.trainable_variables()]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        k = s.run(tf.global_variables()[0])
        assert s.run(tf.losses.get_regularization_loss()) == pytest.approx(float(k.sum()), rel=1e-6)
    assert y.shape.as_list() == [None, 2]


def test_dense_on_rank3_and_float64_inputs():
    x3 = tf.placeholder(tf.float32, [2, 5, 3])
    y3 = tf.layers.dense(x3, 4, kernel_initializer=tf.ones_initializer())
    assert y3.shape.as_list() == [2, 5, 4]
    x64 = tf.placeholder(tf.float64, [None, 3])
    y64 = tf.layers.dense(x64, 2)
    assert y64.dtype == tf.float64 and tf.global_variables()[-1].dtype.base_dtype == tf.float64
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(y3, {x3: np.ones((2, 5, 3))}), np.full((2, 5, 4), 3.0))


def test_dense_layer_class_builds_once():
    x = _x()
    layer = tf.layers.Dense(3, name="cls")
    o1, o2 = layer(x), layer(x)
    assert layer.kernel.name == "cls/kernel:0" and (o1.name, o2.name) == ("cls/BiasAdd:0", "cls/BiasAdd_1:0")
    assert [v.name for v in layer.trainable_weights] == ["cls/kernel:0", "cls/bias:0"]
    assert len(tf.global_variables()) == 2
    # TF 2.21: an unnamed tf.layers object counts from one (Keras layers, sharing the counter, from zero)
    assert tf.layers.Dense(2).name == "dense_1" and tf.layers.Dense(2).name == "dense_2"


def test_variable_scope_initializer_is_the_default_kernel_initializer():
    with tf.variable_scope("v", initializer=tf.ones_initializer()):
        tf.layers.dense(_x(), 2)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(tf.global_variables()[0]), np.ones((3, 2)))


def test_dropout_training_flag():
    h = _x(200)
    hv = np.ones((4, 200), np.float32)
    d_tensor_flag = tf.placeholder(tf.bool, [])
    d = tf.layers.dropout(h, 0.5, training=d_tensor_flag)
    d_off = tf.layers.dropout(h, 0.3)
    d_on = tf.layers.dropout(h, 0.25, training=True)
    d_const = tf.layers.dropout(h, 0.25, training=tf.constant(False))
    assert d_off.name == "dropout_1/Identity:0"  # TF 2.21
    with tf.Session() as s:
        out = s.run(d, {h: hv, d_tensor_flag: True})
        assert set(np.unique(out)) <= {0.0, 2.0} and 0 < (out == 0).sum() < out.size
        np.testing.assert_array_equal(s.run(d, {h: hv, d_tensor_flag: False}), hv)
        np.testing.assert_array_equal(s.run(d_off, {h: hv}), hv)
        on = s.run(d_on, {h: hv})
        assert set(np.unique(on)) <= {0.0, np.float32(1 / 0.75)}
        np.testing.assert_array_equal(s.run(d_const, {h: hv}), hv)


def test_dropout_seeded_mask_equals_tf():
    tf.set_random_seed(5)
    h = _x(5)
    hv = (np.random.RandomState(1).rand(4, 5) + 0.5).astype(np.float32)
    d2 = tf.layers.dropout(h, 0.25, training=True, seed=7)
    with tf.Session() as s:
        zeros = s.run(d2, {h: hv}) == 0
    expected_zero_positions = [(0, 4), (2, 2), (2, 4), (3, 1)]  # TF 2.21 (seed=7, graph seed 5)
    assert sorted(zip(*np.nonzero(zeros))) == expected_zero_positions


def test_flatten():
    x = tf.placeholder(tf.float32, [None, 2, 3, 4])
    f = tf.layers.flatten(x)
    assert f.name == "flatten/Reshape:0" and f.shape.as_list() == [None, 24]
    x2 = tf.placeholder(tf.float32, [2, None, 3])
    f2 = tf.layers.flatten(x2)
    cf = tf.layers.flatten(x, data_format="channels_first")
    v = np.arange(48, dtype=np.float32).reshape(2, 2, 3, 4)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(f, {x: v}), v.reshape(2, 24))
        np.testing.assert_array_equal(s.run(f2, {x2: np.ones((2, 5, 3))}), np.ones((2, 15)))
        np.testing.assert_array_equal(s.run(cf, {x: v}), v.transpose(0, 2, 3, 1).reshape(2, 24))
