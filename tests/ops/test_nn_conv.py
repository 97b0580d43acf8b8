"""Convolution and pooling ops: values against slow loop references, TF-recorded values, static shapes,
TF's graph-construction errors, and each op's gradient function against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY


def _out_pad(size, k, s, d, padding):
    eff = (k - 1) * d + 1
    if padding == "SAME":
        out = -(-size // s)
        return out, max((out - 1) * s + eff - size, 0) // 2
    return (size - eff) // s + 1, 0


def conv2d_reference(x, f, strides, padding, dilations=(1, 1)):
    """Direct loop convolution, NHWC."""
    n, h, w, _ = x.shape
    kh, kw, _, o = f.shape
    oh, top = _out_pad(h, kh, strides[0], dilations[0], padding)
    ow, left = _out_pad(w, kw, strides[1], dilations[1], padding)
    out = np.zeros((n, oh, ow, o))
    for i in range(oh):
        for j in range(ow):
            for a in range(kh):
                for b in range(kw):
                    r = i * strides[0] + a * dilations[0] - top
                    q = j * strides[1] + b * dilations[1] - left
                    if 0 <= r < h and 0 <= q < w:
                        out[:, i, j, :] += x[:, r, q, :] @ f[a, b]
    return out


def pool_reference(x, k, s, padding, kind):
    n, h, w, c = x.shape
    oh, top = _out_pad(h, k[0], s[0], 1, padding)
    ow, left = _out_pad(w, k[1], s[1], 1, padding)
    out = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            r0, q0 = i * s[0] - top, j * s[1] - left
            win = x[:, max(r0, 0):min(r0 + k[0], h), max(q0, 0):min(q0 + k[1], w), :]
            out[:, i, j, :] = win.max(axis=(1, 2)) if kind == "max" else win.mean(axis=(1, 2))
    return out


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


RNG = np.random.RandomState(0)
X = RNG.uniform(-1, 1, (2, 7, 6, 3))
F = RNG.uniform(-1, 1, (3, 2, 3, 4))


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("strides", [(1, 1), (2, 2), (2, 3)])
@pytest.mark.parametrize("dilations", [(1, 1), (2, 1)])
def test_conv2d_matches_loop_reference(padding, strides, dilations):
    if strides != (1, 1) and dilations != (1, 1):
        pytest.skip("TF rejects strides > 1 together with dilations > 1 on CPU")
    with tf.Graph().as_default():
        y = tf.nn.conv2d(X, F, [1, *strides, 1], padding, dilations=[1, *dilations, 1])
        expected = conv2d_reference(X, F, strides, padding, dilations)
        assert y.shape.as_list() == list(expected.shape)
        np.testing.assert_allclose(run(y), expected, rtol=1e-10, atol=1e-12)


def test_conv2d_nchw_equals_nhwc():
    with tf.Graph().as_default():
        nchw = tf.nn.conv2d(np.transpose(X, (0, 3, 1, 2)), F, [1, 1, 2, 2], "SAME", data_format="NCHW")
        assert nchw.shape.as_list() == [2, 4, 4, 3]
        np.testing.assert_allclose(np.transpose(run(nchw), (0, 2, 3, 1)),
                                   conv2d_reference(X, F, (2, 2), "SAME"), rtol=1e-10)


def test_conv2d_float32_stays_float32_and_tf_values():
    # recorded from TF 2.21: tf.nn.conv2d(arange(16).reshape(1,4,4,1)/10, ones(2,2,1,1), 1, "SAME")
    x = (np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1) / 10)
    with tf.Graph().as_default():
        y = run(tf.nn.conv2d(x, np.ones((2, 2, 1, 1), np.float32), 1, "SAME"))
    assert y.dtype == np.float32
    np.testing.assert_allclose(y[0, :, :, 0], [[1.0, 1.4, 1.8, 1.0], [2.6, 3.0, 3.4, 1.8],
                                                [4.2, 4.6, 5.0, 2.6], [2.5, 2.7, 2.9, 1.5]], rtol=1e-6)


def test_conv2d_static_shapes_and_errors():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        assert tf.nn.conv2d(x, tf.ones([5, 5, 1, 8]), [1, 2, 2, 1], "SAME").shape.as_list() == [None, 14, 14, 8]
        assert tf.nn.conv2d(x, tf.ones([5, 5, 1, 8]), 1, "VALID", dilations=2).shape.as_list() == [None, 20, 20, 8]
        with pytest.raises(ValueError, match="Depth of input"):
            tf.nn.conv2d(x, tf.ones([3, 3, 2, 4]), 1, "SAME")
        with pytest.raises(ValueError, match="must be rank 4"):
            tf.nn.conv2d(x, tf.ones([3, 3, 4]), 1, "SAME")
        with pytest.raises(ValueError, match="padding"):
            tf.nn.conv2d(x, tf.ones([3, 3, 1, 4]), 1, "FOO")
        with pytest.raises(ValueError, match="Negative dimension size"):
            tf.nn.conv2d(tf.ones([1, 2, 2, 1]), tf.ones([3, 3, 1, 1]), 1, "VALID")
        with pytest.raises(TypeError):
            tf.nn.conv2d(tf.ones([1, 2, 2, 1], tf.float64), tf.ones([1, 1, 1, 1], tf.float32), 1, "VALID")


def test_conv2d_runtime_channel_mismatch_is_invalid_argument():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, None, None, None])
        y = tf.nn.conv2d(x, tf.ones([1, 1, 2, 1]), 1, "SAME")
        with pytest.raises(tf.errors.InvalidArgumentError):
            run(y, {x: np.ones((1, 3, 3, 3), np.float32)})


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pooling_matches_reference(padding, kind):
    fn = tf.nn.max_pool if kind == "max" else tf.nn.avg_pool
    with tf.Graph().as_default():
        y = fn(X, [1, 3, 2, 1], [1, 2, 2, 1], padding)
        expected = pool_reference(X, (3, 2), (2, 2), padding, kind)
        assert y.shape.as_list() == list(expected.shape)
        np.testing.assert_allclose(run(y), expected, rtol=1e-12)
        nchw = fn(np.transpose(X, (0, 3, 1, 2)), [1, 1, 3, 2], [1, 1, 2, 2], padding, data_format="NCHW")
        np.testing.assert_allclose(np.transpose(run(nchw), (0, 2, 3, 1)), expected, rtol=1e-12)


def test_conv2d_transpose_is_adjoint_of_conv2d():
    g = RNG.uniform(-1, 1, (2, 4, 3, 4))
    with tf.Graph().as_default():
        t = tf.nn.conv2d_transpose(g, F, [2, 7, 6, 3], [1, 2, 2, 1], "SAME")
        assert t.op.type == "Conv2DBackpropInput" and t.op.name == "conv2d_transpose"
        assert t.shape.as_list() == [2, 7, 6, 3]
        # <conv(x), g> == <x, conv_transpose(g)>
        lhs = np.sum(conv2d_reference(X, F, (2, 2), "SAME") * g)
        np.testing.assert_allclose(np.sum(X * run(t)), lhs, rtol=1e-10)


def test_depthwise_and_separable():
    f = RNG.uniform(-1, 1, (3, 3, 3, 2))
    with tf.Graph().as_default():
        d = tf.nn.depthwise_conv2d(X, f, [1, 1, 1, 1], "SAME")
        assert d.op.type == "DepthwiseConv2dNative" and d.shape.as_list() == [2, 7, 6, 6]
        value = run(d)
        for c in range(3):
            for m in range(2):
                ref = conv2d_reference(X[..., c:c + 1], f[:, :, c:c + 1, m:m + 1], (1, 1), "SAME")
                np.testing.assert_allclose(value[..., c * 2 + m], ref[..., 0], rtol=1e-10)
        p = RNG.uniform(-1, 1, (1, 1, 6, 5))
        s = tf.nn.separable_conv2d(X, f, p, [1, 1, 1, 1], "SAME")
        assert s.op.name == "separable_conv2d" and s.shape.as_list() == [2, 7, 6, 5]
        np.testing.assert_allclose(run(s), np.einsum("nhwc,co->nhwo", value, p[0, 0]), rtol=1e-10)


def test_conv1d():
    x = RNG.uniform(-1, 1, (2, 10, 3))
    f = RNG.uniform(-1, 1, (3, 3, 4))
    with tf.Graph().as_default():
        y = tf.nn.conv1d(x, f, 2, "SAME")
        assert y.shape.as_list() == [2, 5, 4]
        expected = conv2d_reference(x[:, None], f[None], (1, 2), "SAME")[:, 0]
        np.testing.assert_allclose(run(y), expected, rtol=1e-10)


def _fd_check(opdef, inputs, attrs, wrt):
    """The op's gradient function (called directly) against central differences of sum(w * out)."""
    with tf.Graph().as_default():
        phs = [tf.placeholder(tf.as_dtype(a.dtype), a.shape) for a in inputs]
        out = opdef(*phs, **attrs)
        out = out[0] if isinstance(out, tuple) else out
        feeds = dict(zip(phs, inputs))
        with tf.Session() as sess:
            w = np.random.RandomState(1).uniform(0.5, 1.5, sess.run(out, feeds).shape)
            grads = opdef.grad(out.op, tf.constant(w))
            for i in wrt:
                analytic = sess.run(grads[i] if isinstance(grads, (list, tuple)) else grads, feeds)
                base = inputs[i]
                numeric = np.zeros_like(base)
                for idx in np.ndindex(base.shape):
                    vals = []
                    for eps in (1e-6, -1e-6):
                        moved = base.copy()
                        moved[idx] += eps
                        vals.append(np.sum(w * sess.run(out, {**feeds, phs[i]: moved})))
                    numeric[idx] = (vals[0] - vals[1]) / 2e-6
                np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7,
                                           err_msg=f"{opdef.type} input {i} {attrs}")


@pytest.mark.parametrize("op_type, wrt", [("Conv2D", (0, 1)), ("Conv2DBackpropInput", (1, 2)),
                                          ("Conv2DBackpropFilter", (0, 2)), ("DepthwiseConv2dNative", (0, 1)),
                                          ("MaxPool", (0,)), ("AvgPool", (0,)), ("AvgPoolGrad", (1,))])
def test_gradients_match_finite_differences(op_type, wrt):
    opdef = REGISTRY[op_type]
    for inputs, attrs in opdef.samples:
        if all(np.asarray(inputs[i]).dtype == np.float64 for i in wrt):
            _fd_check(opdef, [np.asarray(a) for a in inputs], attrs, wrt)
