"""tf.layers conv/pooling/batch_normalization: variable names and shapes, values vs NumPy
references, UPDATE_OPS and moving statistics. Values marked "TF 2.21" were recorded from
TensorFlow 2.21 with tf-keras 2.21."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
import sessionflow.layers
from sessionflow._namespaces import install_exports
from sessionflow.framework.api import EXPORTS

install_exports(vars(tf), EXPORTS)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def _conv_ref(x, k, b):
    n, h, w, _ = x.shape
    kh, kw, _, f = k.shape
    out = np.zeros((n, h - kh + 1, w - kw + 1, f))
    for i in range(out.shape[1]):
        for j in range(out.shape[2]):
            out[:, i, j] = np.tensordot(x[:, i:i + kh, j:j + kw], k, axes=3)
    return out + b


def test_conv2d_names_shapes_and_values():
    x = tf.placeholder(tf.float32, [None, 6, 5, 2])
    c = tf.layers.conv2d(x, 3, (2, 3), bias_initializer=tf.constant_initializer(0.5))
    same = tf.layers.conv2d(x, 4, 3, strides=2, padding="same", activation=tf.nn.relu)
    assert [v.name for v in tf.global_variables()] == ["conv2d/kernel:0", "conv2d/bias:0", "conv2d_1/kernel:0",
                                                       "conv2d_1/bias:0"]
    assert tf.global_variables()[0].shape.as_list() == [2, 3, 2, 3]
    assert c.name == "conv2d/BiasAdd:0" and c.shape.as_list() == [None, 5, 3, 3]
    assert same.name == "conv2d_1/Relu:0" and same.shape.as_list() == [None, 3, 3, 4]
    xv = np.random.RandomState(0).randn(2, 6, 5, 2).astype(np.float32)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        k = s.run(tf.global_variables()[0])
        np.testing.assert_allclose(s.run(c, {x: xv}), _conv_ref(xv, k, 0.5), rtol=1e-5, atol=1e-5)


def test_conv2d_channels_first_and_conv1d():
    x = tf.placeholder(tf.float32, [1, 2, 4, 4])
    c = tf.layers.conv2d(x, 3, 3, data_format="channels_first", kernel_initializer=tf.ones_initializer())
    x1 = tf.placeholder(tf.float32, [2, 7, 3])
    c1 = tf.layers.conv1d(x1, 4, 3, strides=2, kernel_initializer=tf.ones_initializer())
    assert c.shape.as_list() == [1, 3, 2, 2] and c1.shape.as_list() == [2, 3, 4]
    assert tf.global_variables()[2].name == "conv1d/kernel:0"
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(c, {x: np.ones((1, 2, 4, 4))}), np.full((1, 3, 2, 2), 18.0))
        np.testing.assert_allclose(s.run(c1, {x1: np.ones((2, 7, 3))}), np.full((2, 3, 4), 9.0))


def test_conv2d_transpose_shapes():
    p = tf.placeholder(tf.float32, [None, 3, 3, 3])
    t = tf.layers.conv2d_transpose(p, 2, 3, strides=2, padding="same")
    t2 = tf.layers.conv2d_transpose(p, 1, 2, strides=(2, 2), use_bias=False, kernel_initializer=tf.ones_initializer())
    assert tf.global_variables()[0].name == "conv2d_transpose/kernel:0"
    assert tf.global_variables()[0].shape.as_list() == [3, 3, 2, 3]
    assert t.shape.as_list() == [None, 6, 6, 2] and t2.shape.as_list() == [None, 6, 6, 1]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(t2, {p: np.ones((1, 3, 3, 3))}), np.full((1, 6, 6, 1), 3.0))


def test_pooling():
    x = tf.placeholder(tf.float32, [None, 4, 4, 1])
    m = tf.layers.max_pooling2d(x, 2, 2)
    a = tf.layers.average_pooling2d(x, 2, 2)
    x1 = tf.placeholder(tf.float32, [1, 6, 2])
    m1 = tf.layers.max_pooling1d(x1, 2, 2)
    a1 = tf.layers.average_pooling1d(x1, 3, 3)
    assert (m.name, a.name) == ("max_pooling2d/MaxPool:0", "average_pooling2d/AvgPool:0")
    v = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    v1 = np.arange(12, dtype=np.float32).reshape(1, 6, 2)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(m, {x: v})[0, :, :, 0], [[5, 7], [13, 15]])
        np.testing.assert_array_equal(s.run(a, {x: v})[0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])
        np.testing.assert_array_equal(s.run(m1, {x1: v1}), v1.reshape(1, 3, 2, 2).max(axis=2))
        np.testing.assert_allclose(s.run(a1, {x1: v1}), v1.reshape(1, 2, 3, 2).mean(axis=2))


def test_batch_normalization_variables_and_update_ops():
    x = tf.placeholder(tf.float32, [None, 4, 4, 3])
    tf.layers.batch_normalization(x, training=True)
    tf.layers.batch_normalization(x, name="frozen")
    assert [v.name for v in tf.global_variables()][:4] == [
        "batch_normalization/gamma:0", "batch_normalization/beta:0", "batch_normalization/moving_mean:0",
        "batch_normalization/moving_variance:0"]
    assert [v.name for v in tf.trainable_variables()] == [
        "batch_normalization/gamma:0", "batch_normalization/beta:0", "frozen/gamma:0", "frozen/beta:0"]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert [u.type for u in updates] == ["AssignSub", "AssignSub"]
    assert [u.name for u in updates] == ["batch_normalization/AssignMovingAvg",
                                         "batch_normalization/AssignMovingAvg_1"]


@pytest.mark.parametrize("shape,unbiased", [((8, 2, 2, 3), True), ((8, 3), False)])
def test_batch_normalization_training_and_moving_statistics(shape, unbiased):
    x = tf.placeholder(tf.float32, (None,) + shape[1:])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(x, training=training, momentum=0.9, epsilon=1e-3)
    mm, mv = tf.global_variables()[2:4]
    xv = (np.random.RandomState(1).randn(*shape) * 2 + 1).astype(np.float32)
    axes = tuple(range(len(shape) - 1))
    mean, var = xv.mean(axes), xv.var(axes)
    n = xv.size / shape[-1]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(y, {x: xv, training: False}), xv / np.sqrt(1 + 1e-3), rtol=1e-5)
        out, _ = s.run([y, tf.get_collection(tf.GraphKeys.UPDATE_OPS)], {x: xv, training: True})
        np.testing.assert_allclose(out, (xv - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(s.run(mm), 0.1 * mean, rtol=1e-5, atol=1e-6)
        expected_var = var * n / (n - 1) if unbiased else var
        np.testing.assert_allclose(s.run(mv), 0.9 + 0.1 * expected_var, rtol=1e-5)
        before = s.run([mm, mv])
        s.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS), {x: xv, training: False})
        np.testing.assert_allclose(s.run([mm, mv]), before)


def test_batch_normalization_moving_stats_equal_tf():
    x = tf.placeholder(tf.float32, [None, 4, 4, 3])
    training = tf.placeholder(tf.bool, [])
    tf.layers.batch_normalization(x, training=training)
    xv = (np.random.RandomState(1).randn(2, 4, 4, 3) * 2 + 1).astype(np.float32)
    mm, mv = tf.global_variables()[2:4]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for _ in range(2):
            s.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS), {x: xv, training: True})
        np.testing.assert_allclose(s.run(mm), [0.01611, 0.02776, 0.02364], atol=1e-5)  # TF 2.21
        np.testing.assert_allclose(s.run(mv), [1.04699, 1.02657, 1.06165], atol=1e-5)  # TF 2.21


def test_batch_normalization_reuse_shares_variables():
    x = tf.placeholder(tf.float32, [None, 3])
    tf.layers.batch_normalization(x, name="bn")
    tf.layers.batch_normalization(x, name="bn", reuse=True)
    assert len(tf.global_variables()) == 4
