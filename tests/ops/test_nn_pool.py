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


MAX2D, MAX2D_GRAD = REGISTRY["MaxPool"], REGISTRY["MaxPoolGrad"]
MAX2D_GRAD_GRAD, MAX3D_GRAD_GRAD = REGISTRY["MaxPoolGradGrad"], REGISTRY["MaxPool3DGradGrad"]
X2 = RNG.permutation(2 * 6 * 5 * 3).reshape(2, 6, 5, 3).astype(np.float64) / 7


@pytest.mark.parametrize("dims", [2, 3])
@pytest.mark.parametrize("k, s, padding", CASES[:3])
@pytest.mark.parametrize("channels_first", [False, True])
def test_grad_grad_ops_are_the_adjoints_of_the_grad_ops(dims, k, s, padding, channels_first):
    # without ties, <Grad(x, y, u), v> == <u, GradGrad(x, y, v)>: the GradGrad op is Grad's gradient in `grad`
    pool, grad, grad_grad, x = (MAX2D, MAX2D_GRAD, MAX2D_GRAD_GRAD, X2) if dims == 2 else (
        MAX3D, MAX3D_GRAD, MAX3D_GRAD_GRAD, X)
    window, steps = [1, *k[:dims], 1], [1, *s[:dims], 1]
    data_format = "NHWC" if dims == 2 else "NDHWC"
    if channels_first:
        x = np.moveaxis(x, -1, 1).copy()
        window, steps = [1, 1, *window[1:-1]], [1, 1, *steps[1:-1]]
        data_format = "NCHW" if dims == 2 else "NCDHW"
    attrs = dict(ksize=window, strides=steps, padding=padding, data_format=data_format)
    y = pool.kernel(np, x, **attrs)
    u, v = RNG.uniform(-1, 1, y.shape), RNG.uniform(-1, 1, x.shape)
    back = grad.kernel(np, x, y, u, **attrs)
    forward = grad_grad.kernel(np, x, y, v, **attrs)
    assert forward.shape == y.shape and forward.dtype == v.dtype
    np.testing.assert_allclose(np.sum(back * v), np.sum(u * forward), rtol=1e-12)


def test_grad_grad_ops_read_the_first_maximum_of_each_window():
    # recorded from TF 2.21 (tf.raw_ops.MaxPoolGradGrad / MaxPool3DGradGrad, CPU): ties pick the first
    # maximum in row-major window order
    tie = np.array([[1., 3., 3., 0.], [3., 2., 1., 3.], [0., 0., 5., 5.], [5., 1., 5., 2.]])
    x2, x3 = tie.reshape(1, 4, 4, 1), np.stack([tie, tie]).reshape(1, 2, 4, 4, 1)
    a2 = dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID", data_format="NHWC")
    a3 = dict(ksize=[1, 2, 2, 2, 1], strides=[1, 1, 2, 2, 1], padding="VALID", data_format="NDHWC")
    out2 = MAX2D_GRAD_GRAD.kernel(np, x2, MAX2D.kernel(np, x2, **a2), np.arange(16.0).reshape(x2.shape), **a2)
    out3 = MAX3D_GRAD_GRAD.kernel(np, x3, MAX3D.kernel(np, x3, **a3), np.arange(32.0).reshape(x3.shape), **a3)
    np.testing.assert_array_equal(out2.ravel(), [1, 2, 12, 10])
    np.testing.assert_array_equal(out3.ravel(), [1, 2, 12, 10])


def _max_pool_orders(pool, x, w):
    """(h, h3, op types) for g = dL/dx, L = sum(w * pool(x)^2), h = d sum(sin(g))/dx, h3 = d sum(sin(h))/dx;
    h needs the Grad op's gradient, h3 the GradGrad op's."""
    with tf.Graph().as_default():
        ph = tf.placeholder(tf.as_dtype(x.dtype), x.shape)
        g = tf.gradients(tf.reduce_sum(w * tf.square(pool(ph))), ph)[0]
        first = tf.reduce_sum(tf.sin(g))
        h = tf.gradients(first, ph)[0]
        second = tf.reduce_sum(tf.sin(h))
        h3 = tf.gradients(second, ph)[0]
        types = {op.type for op in tf.get_default_graph().get_operations()}
        with tf.Session() as sess:
            h_v, h3_v = sess.run([h, h3], {ph: x})

            def numeric(t, eps=1e-6):
                out = np.zeros(x.shape)
                for i in np.ndindex(x.shape):
                    plus, minus = x.copy(), x.copy()
                    plus[i] += eps
                    minus[i] -= eps
                    out[i] = (float(sess.run(t, {ph: plus})) - float(sess.run(t, {ph: minus}))) / (2 * eps)
                return out

            numerics = (numeric(first), numeric(second)) if x.dtype == np.float64 else None
    return h_v, h3_v, types, numerics


def test_second_order_gradients_through_max_pooling():
    # without ties the routing is fixed near x, so central differences of the graph are accurate
    w = np.random.RandomState(3).uniform(0.5, 1.5, (2, 6, 5, 3))
    h, h3, types, (h_num, h3_num) = _max_pool_orders(lambda t: tf.nn.max_pool(t, 2, 1, "SAME"), X2, w)
    assert {"MaxPoolGrad", "MaxPoolGradGrad"} <= types
    np.testing.assert_allclose(h, h_num, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(h3, h3_num, rtol=1e-6, atol=1e-7)
    assert np.abs(h3).max() > 0.1


def test_second_order_gradients_through_max_pooling_3d_match_2d():
    # MaxPool3D takes at most float32: compare with the 2-D graph (checked above) on the same problem, a
    # depth-1 window over [N, D, H, W, C] being a 2-D window over [N * D, H, W, C]
    w = np.random.RandomState(4).uniform(0.5, 1.5, (2, 5, 2, 3, 2))
    h, h3, types, _ = _max_pool_orders(lambda t: tf.nn.max_pool3d(t, [1, 2, 2], [1, 2, 1], "SAME"),
                                       X.astype(np.float32), w.astype(np.float32))
    assert {"MaxPool3DGrad", "MaxPool3DGradGrad"} <= types
    h_2d, h3_2d, _, _ = _max_pool_orders(lambda t: tf.nn.max_pool(t, 2, [2, 1], "SAME"), X.reshape(10, 4, 3, 2),
                                         w.reshape(10, 2, 3, 2))
    np.testing.assert_allclose(h.reshape(h_2d.shape), h_2d, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(h3.reshape(h3_2d.shape), h3_2d, rtol=1e-4, atol=1e-3)
    assert np.abs(h3).max() > 0.1


def test_max_pool_grad_of_infinite_and_nan_gradients_leaves_zeros_elsewhere():
    """TF 2.21: only each window's maximum gets its gradient, ±inf and NaN included; the rest stay 0."""
    x = tf.constant(np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1))
    y = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    g = tf.constant(np.array([np.inf, -np.inf, np.nan, 2.0], np.float32).reshape(1, 2, 2, 1))
    dx = tf.gradients(y, x, g)[0]
    with tf.Session() as sess:
        got = sess.run(dx).reshape(4, 4)
    want = np.zeros((4, 4), np.float32)
    want[1, 1], want[1, 3], want[3, 1], want[3, 3] = np.inf, -np.inf, np.nan, 2.0
    np.testing.assert_array_equal(got, want)


def test_max_pool3d_treats_nan_padding_and_ties_as_tf():
    """TF 2.21's CPU MaxPool3D (Eigen's max reducer, oneDNN on and off alike): each tap replaces the value
    held unless smaller, padding counts as the lowest finite float, so a NaN lasts only while no tap
    follows it, and of equal signed zeros the last stays; a window of -inf alone gives -inf."""
    low = np.finfo(np.float32).min
    x = np.array([[np.nan, 1, 2], [4, np.nan, 6], [7, 8, np.nan]], np.float32).reshape(1, 1, 3, 3, 1)
    y = np.full((1, 1, 2, 2, 1), -np.inf, np.float32)
    y[0, 0, 1, 1, 0] = np.nan
    z = np.array([0.0, -0.0, -0.0, 0.0], np.float32).reshape(1, 1, 1, 4, 1)
    w = np.array([[1, 5, 2, 2], [np.nan, 3, 2, 2], [7, np.nan, -np.inf, -np.inf], [1, 2, -np.inf, -np.inf]],
                 np.float32).reshape(1, 1, 4, 4, 1)
    with tf.Graph().as_default(), tf.Session() as sess:
        got = sess.run([tf.nn.max_pool3d(x, [1, 1, 2, 2, 1], [1, 1, 1, 1, 1], "SAME"),
                        tf.nn.max_pool3d(y, [1, 1, 2, 2, 1], [1, 1, 1, 1, 1], "SAME"),
                        tf.nn.max_pool3d(z, [1, 1, 1, 2, 1], [1, 1, 1, 2, 1], "VALID"),
                        tf.nn.max_pool3d(w, [1, 1, 2, 2, 1], [1, 1, 2, 2, 1], "VALID")])
    np.testing.assert_array_equal(got[0].ravel(), [np.nan, 6, 6, 8, np.nan, low, 8, low, low])
    np.testing.assert_array_equal(got[1].ravel(), [np.nan, low, low, low])
    np.testing.assert_array_equal(np.signbit(got[2].ravel()), [True, False])
    np.testing.assert_array_equal(got[3].ravel(), [3, 2, 2, -np.inf])
