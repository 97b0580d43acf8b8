"""3-D pooling ops against loop references, MaxPool3DGrad against finite differences (float64, through the
kernels: MaxPool3D accepts only float16/bfloat16/float32), and the 1-D / 3-D / `tf.nn.pool` wrappers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY

MAX3D, AVG3D, MAX3D_GRAD = REGISTRY["MaxPool3D"], REGISTRY["AvgPool3D"], REGISTRY["MaxPool3DGrad"]
RNG = np.random.RandomState(0)
X = RNG.permutation(2 * 5 * 4 * 3 * 2).reshape(2, 5, 4, 3, 2).astype(np.float64) / 7


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def _out_pad(size, k, s, padding):
    if padding == "SAME":
        out = -(-size // s)
        return out, max((out - 1) * s + k - size, 0) // 2
    return (size - k) // s + 1, 0


def pool3d_reference(x, k, s, padding, kind):
    geo = [_out_pad(x.shape[1 + a], k[a], s[a], padding) for a in range(3)]
    out = np.zeros((x.shape[0],) + tuple(g[0] for g in geo) + (x.shape[4],))
    for idx in itertools.product(*(range(g[0]) for g in geo)):
        lo = [i * s[a] - geo[a][1] for a, i in enumerate(idx)]
        win = x[:, max(lo[0], 0):lo[0] + k[0], max(lo[1], 0):lo[1] + k[1], max(lo[2], 0):lo[2] + k[2], :]
        out[(slice(None),) + idx] = win.max(axis=(1, 2, 3)) if kind == "max" else win.mean(axis=(1, 2, 3))
    return out


CASES = [((2, 2, 2), (2, 2, 2), "SAME"), ((3, 2, 1), (1, 1, 1), "VALID"), ((2, 3, 2), (2, 1, 2), "SAME"),
         ((1, 1, 3), (1, 1, 1), "VALID")]


@pytest.mark.parametrize("k, s, padding", CASES)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool3d_matches_loop_reference(k, s, padding, kind):
    opdef = MAX3D if kind == "max" else AVG3D
    attrs = dict(ksize=[1, *k, 1], strides=[1, *s, 1], padding=padding, data_format="NDHWC")
    np.testing.assert_allclose(opdef.kernel(np, X, **attrs), pool3d_reference(X, k, s, padding, kind))
    ncdhw = dict(attrs, ksize=[1, 1, *k], strides=[1, 1, *s], data_format="NCDHW")
    out = opdef.kernel(np, np.transpose(X, (0, 4, 1, 2, 3)), **ncdhw)
    np.testing.assert_allclose(np.transpose(out, (0, 2, 3, 4, 1)), pool3d_reference(X, k, s, padding, kind))


@pytest.mark.parametrize("k, s, padding", CASES)
def test_max_pool3d_grad_matches_finite_differences(k, s, padding):
    attrs = dict(ksize=[1, *k, 1], strides=[1, *s, 1], padding=padding, data_format="NDHWC")
    y = MAX3D.kernel(np, X, **attrs)
    gy = RNG.uniform(0.5, 1.5, y.shape)
    dx = MAX3D_GRAD.kernel(np, X, y, gy, **attrs)
    numeric = np.zeros_like(X)
    for i in np.ndindex(X.shape):  # distinct values: max pooling is piecewise linear, so this is exact
        plus, minus = X.copy(), X.copy()
        plus[i] += 1e-6
        minus[i] -= 1e-6
        numeric[i] = np.sum((MAX3D.kernel(np, plus, **attrs) - MAX3D.kernel(np, minus, **attrs)) * gy) / 2e-6
    np.testing.assert_allclose(dx, numeric, atol=1e-6)


def test_max_pool3d_grad_routes_ties_to_the_first_maximum():
    ones = np.ones((1, 3, 3, 3, 1))
    attrs = dict(ksize=[1, 2, 2, 2, 1], strides=[1, 2, 2, 2, 1], padding="SAME", data_format="NDHWC")
    dx = MAX3D_GRAD.kernel(np, ones, MAX3D.kernel(np, ones, **attrs), np.ones((1, 2, 2, 2, 1)), **attrs)
    expected = np.zeros((3, 3, 3))
    expected[::2, ::2, ::2] = 1
    np.testing.assert_array_equal(dx.reshape(3, 3, 3), expected)


def test_pool3d_wrappers_shapes_and_gradient_ops():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 5, None, 3, 2])
        m, a = tf.nn.max_pool3d(x, 2, 2, "SAME"), tf.nn.avg_pool3d(x, [2, 3, 1], 1, "VALID", name="avg")
        assert (m.op.name, m.op.type, m.shape.as_list()) == ("MaxPool3D", "MaxPool3D", [None, 3, None, 2, 2])
        assert (a.op.name, a.op.type, a.shape.as_list()) == ("avg", "AvgPool3D", [None, 4, None, 3, 2])
        assert m.op.get_attr("ksize") == [1, 2, 2, 2, 1]
        gm, ga = tf.gradients(m, x)[0], tf.gradients(a, x)[0]
        assert (gm.op.type, ga.op.type) == ("MaxPool3DGrad", "AvgPool3DGrad")
        xv = X.astype(np.float32)
        m_v, a_v, ga_v = run([m, a, ga], {x: xv})
        np.testing.assert_allclose(m_v, pool3d_reference(X, (2, 2, 2), (2, 2, 2), "SAME", "max"), rtol=1e-6)
        np.testing.assert_allclose(a_v, pool3d_reference(X, (2, 3, 1), (1, 1, 1), "VALID", "avg"), rtol=1e-6)
        assert ga_v.shape == X.shape and np.isclose(ga_v.sum(), np.prod(a_v.shape))


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.nn.max_pool3d(tf.ones([1, 2, 2, 2]), 1, 1, "SAME"), ValueError, "Shape must be rank 5"),
    (lambda: tf.nn.max_pool3d(tf.ones([1, 2, 2, 2, 1]), 3, 1, "VALID"), ValueError, "Negative dimension size"),
    (lambda: tf.nn.max_pool3d(tf.ones([1, 2, 2, 2, 1], tf.float64), 1, 1, "SAME"), TypeError, "float64 not in"),
    (lambda: tf.nn.avg_pool3d(tf.ones([1, 2, 2, 2, 1], tf.int32), 1, 1, "SAME"), TypeError, "int32 not in"),
    (lambda: tf.nn.pool(tf.ones([1, 4, 4, 1]), [2, 2], "MAX", "SAME", strides=[3, 3]), ValueError, "`strides` >"),
    (lambda: tf.nn.pool(tf.ones([1, 4, 4, 1]), [2, 2], "MIN", "SAME"), ValueError, "2-D MIN pooling"),
])
def test_graph_construction_errors(build, error, message):
    with tf.Graph().as_default():
        with pytest.raises(error, match=message):
            build()


@pytest.mark.parametrize("fn, kind", [(tf.nn.max_pool1d, "max"), (tf.nn.avg_pool1d, "avg")])
def test_pool1d_is_2d_pooling_over_a_unit_axis(fn, kind):
    x1 = RNG.uniform(-1, 1, (2, 7, 3)).astype(np.float32)
    with tf.Graph().as_default():
        y = fn(x1, 3, 2, "SAME")
        assert y.op.type == "Squeeze" and y.op.inputs[0].op.type == ("MaxPool" if kind == "max" else "AvgPool")
        ncw = fn(np.transpose(x1, (0, 2, 1)), 3, 2, "SAME", data_format="NCW")
        y_v, ncw_v = run([y, ncw])
    ref = pool3d_reference(x1[:, :, None, None, :].astype(np.float64), (3, 1, 1), (2, 1, 1), "SAME", kind)[:, :, 0, 0]
    np.testing.assert_allclose(y_v, ref, rtol=1e-6)
    np.testing.assert_allclose(np.transpose(ncw_v, (0, 2, 1)), ref, rtol=1e-6)


def test_nn_pool_dispatches_on_rank_and_type():
    with tf.Graph().as_default():
        x2 = tf.constant(RNG.uniform(-1, 1, (2, 5, 4, 3)).astype(np.float32))
        x3 = tf.constant(X.astype(np.float32))
        p2 = tf.nn.pool(x2, [2, 2], "MAX", "SAME", strides=[2, 2])
        p3 = tf.nn.pool(x3, [2, 2, 2], "AVG", "VALID", name="p3")
        p1 = tf.nn.pool(tf.constant(np.ones((1, 6, 2), np.float32)), [3], "AVG", "SAME")
        assert (p2.op.name, p2.op.type) == ("max_pool", "MaxPool")
        assert (p3.op.name, p3.op.type) == ("p3", "AvgPool3D")
        assert p1.op.type == "Squeeze" and p1.shape.as_list() == [1, 6, 2]
        p3_v, p1_v = run([p3, p1])
    np.testing.assert_allclose(p3_v, pool3d_reference(X, (2, 2, 2), (1, 1, 1), "VALID", "avg"), rtol=1e-6)
    np.testing.assert_allclose(p1_v, 1.0)
