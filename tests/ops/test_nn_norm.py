"""Normalization ops: fused batch norm and LRN against NumPy references, their gradient kernels against
finite differences (in float64, through the kernels directly: the ops accept only float16/bfloat16/float32),
the wrappers' graph structure and TF's graph-construction errors."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY

BN, BN_GRAD, LRN, LRN_GRAD = (REGISTRY[n] for n in ("FusedBatchNormV3", "FusedBatchNormGradV3", "LRN", "LRNGrad"))
RNG = np.random.RandomState(0)
X = RNG.uniform(-1, 1, (2, 3, 4, 3))
SCALE, OFFSET = np.array([1.0, 2.0, 0.5]), np.array([0.1, 0.2, 0.3])
MEAN, VAR = np.array([0.1, -0.1, 0.0]), np.array([1.0, 0.5, 2.0])


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def numeric_grad(f, x, eps=1e-6):
    out = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[i] += eps
        minus[i] -= eps
        out[i] = (f(plus) - f(minus)) / (2 * eps)
    return out


def test_training_mode_statistics_and_output():
    y, mean, var, r1, r2, r3 = BN.kernel(np, X, SCALE, OFFSET, np.zeros(0), np.zeros(0), epsilon=1e-3,
                                         exponential_avg_factor=1.0, data_format="NHWC", is_training=True)
    flat = X.reshape(-1, 3)
    np.testing.assert_allclose(mean, flat.mean(0))
    np.testing.assert_allclose(var, flat.var(0, ddof=1))  # Bessel-corrected output
    np.testing.assert_allclose(r2, flat.var(0))  # the reserve holds the biased variance
    np.testing.assert_allclose(r1, mean)
    assert r3.shape == (0,)
    np.testing.assert_allclose(y, (X - flat.mean(0)) / np.sqrt(flat.var(0) + 1e-3) * SCALE + OFFSET)


def test_exponential_avg_factor_blends_running_statistics():
    _, mean, var, *_ = BN.kernel(np, X, SCALE, OFFSET, MEAN, VAR, epsilon=1e-3, exponential_avg_factor=0.25,
                                 data_format="NHWC", is_training=True)
    flat = X.reshape(-1, 3)
    np.testing.assert_allclose(mean, 0.75 * MEAN + 0.25 * flat.mean(0))
    np.testing.assert_allclose(var, 0.75 * VAR + 0.25 * flat.var(0, ddof=1))


def test_inference_mode_uses_given_statistics():
    y, mean, var, *_ = BN.kernel(np, X, SCALE, OFFSET, MEAN, VAR, epsilon=1e-2, exponential_avg_factor=1.0,
                                 data_format="NHWC", is_training=False)
    np.testing.assert_allclose(y, (X - MEAN) / np.sqrt(VAR + 1e-2) * SCALE + OFFSET)
    np.testing.assert_array_equal(mean, MEAN)
    np.testing.assert_array_equal(var, VAR)


@pytest.mark.parametrize("data_format, perm", [("NCHW", (0, 3, 1, 2)), ("NCDHW", None), ("NDHWC", None)])
def test_channels_first_and_5d_agree_with_nhwc(data_format, perm):
    x = X.reshape(2, 3, 2, 2, 3) if perm is None else np.transpose(X, perm)
    if data_format == "NCDHW":
        x = np.transpose(X.reshape(2, 3, 2, 2, 3), (0, 4, 1, 2, 3))
    outs = BN.kernel(np, x, SCALE, OFFSET, np.zeros(0), np.zeros(0), epsilon=1e-3, exponential_avg_factor=1.0,
                     data_format=data_format, is_training=True)
    ref = BN.kernel(np, X, SCALE, OFFSET, np.zeros(0), np.zeros(0), epsilon=1e-3, exponential_avg_factor=1.0,
                    data_format="NHWC", is_training=True)
    for a, b in zip(outs[1:5], ref[1:5]):
        np.testing.assert_allclose(a, b)
    back = {"NCHW": (0, 2, 3, 1), "NCDHW": (0, 2, 3, 4, 1), "NDHWC": None}[data_format]
    y = outs[0] if back is None else np.transpose(outs[0], back)
    np.testing.assert_allclose(y.reshape(X.shape), ref[0])


@pytest.mark.parametrize("is_training", [True, False])
@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
def test_grad_kernel_matches_finite_differences(is_training, data_format):
    x = X if data_format == "NHWC" else np.transpose(X, (0, 3, 1, 2)).copy()
    gy = RNG.uniform(-1, 1, x.shape)
    attrs = dict(epsilon=1e-3, data_format=data_format, is_training=is_training)
    mean, var = (np.zeros(0), np.zeros(0)) if is_training else (MEAN, VAR)

    def loss(x_, scale_, offset_):
        y = BN.kernel(np, x_, scale_, offset_, mean, var, exponential_avg_factor=1.0, **attrs)[0]
        return float(np.sum(y * gy))

    outs = BN.kernel(np, x, SCALE, OFFSET, mean, var, exponential_avg_factor=1.0, **attrs)
    r1, r2 = (outs[3], outs[4]) if is_training else (MEAN, VAR)
    dx, dscale, doffset, _, _ = BN_GRAD.kernel(np, gy, x, SCALE, r1, r2, outs[5], **attrs)
    np.testing.assert_allclose(dx, numeric_grad(lambda v: loss(v, SCALE, OFFSET), x), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(dscale, numeric_grad(lambda v: loss(x, v, OFFSET), SCALE), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(doffset, numeric_grad(lambda v: loss(x, SCALE, v), OFFSET), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("is_training", [True, False])
@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
def test_grad_op_gradient_matches_finite_differences(is_training, data_format):
    # FusedBatchNormGradV3's gradient (float32 graph) against float64 central differences of its kernel in
    # (y_backprop, x, scale); in training mode the reserve spaces are the batch statistics of the moved x
    x = X if data_format == "NHWC" else np.transpose(X, (0, 3, 1, 2)).copy()
    gy = RNG.uniform(-1, 1, x.shape)
    attrs = dict(epsilon=1e-3, data_format=data_format, is_training=is_training)
    ws = [RNG.uniform(0.5, 1.5, shape) for shape in (x.shape, (3,), (3,))]

    def reserves(x_):
        if not is_training:
            return MEAN, VAR
        return BN.kernel(np, x_, SCALE, OFFSET, np.zeros(0), np.zeros(0), exponential_avg_factor=1.0, **attrs)[3:5]

    def objective(gy_, x_, scale_):
        outs = BN_GRAD.kernel(np, gy_, x_, scale_, *reserves(x_), np.zeros(0), **attrs)
        return float(sum(np.sum(w * o) for w, o in zip(ws, outs)))

    f32 = np.float32
    with tf.Graph().as_default():
        inputs = [tf.constant(gy.astype(f32)), tf.constant(x.astype(f32)), tf.constant(SCALE.astype(f32))]
        r1, r2 = (tf.constant(r.astype(f32)) for r in reserves(x))
        outs = BN_GRAD(*inputs, r1, r2, tf.constant(np.zeros(0, f32)), **attrs)
        grads = tf.gradients(list(outs[:3]), inputs, grad_ys=[tf.constant(w.astype(f32)) for w in ws])
        assert tf.gradients(list(outs[:3]), [r1, r2]) == [None, None]
        ggy, gx, gscale = run(grads)
    np.testing.assert_allclose(ggy, numeric_grad(lambda v: objective(v, x, SCALE), gy), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(gx, numeric_grad(lambda v: objective(gy, v, SCALE), x), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(gscale, numeric_grad(lambda v: objective(gy, x, v), SCALE), rtol=1e-4, atol=1e-5)


def test_gradient_penalty_through_fused_batch_norm():
    # d/dx sum((dL/dx)^2) differentiates FusedBatchNormGradV3, whose y_backprop input itself depends on x:
    # the rule must give partial derivatives (no second path through y_backprop's producers)
    w = RNG.uniform(0.5, 1.5, X.shape).astype(np.float32).astype(np.float64)
    bn = dict(epsilon=1e-3, data_format="NHWC", is_training=True)
    with tf.Graph().as_default():
        x = tf.constant(X.astype(np.float32))
        y = tf.nn.fused_batch_norm(x, SCALE.astype(np.float32), OFFSET.astype(np.float32), epsilon=1e-3)[0]
        gx = tf.gradients(tf.reduce_sum(tf.constant(w.astype(np.float32)) * tf.square(y)), x)[0]
        assert gx.op.type == "FusedBatchNormGradV3"
        penalty = run(tf.gradients(tf.reduce_sum(tf.square(gx)), x)[0])

    def grad64(x_):  # dL/dx in float64, through the kernels
        outs = BN.kernel(np, x_, SCALE, OFFSET, np.zeros(0), np.zeros(0), exponential_avg_factor=1.0, **bn)
        return BN_GRAD.kernel(np, 2 * w * outs[0], x_, SCALE, outs[3], outs[4], outs[5], **bn)[0]

    expected = numeric_grad(lambda v: float(np.sum(grad64(v) ** 2)), X)
    np.testing.assert_allclose(penalty, expected, rtol=1e-3, atol=1e-3 * np.abs(expected).max())


def test_fused_batch_norm_graph_and_gradients():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3, 4, 3])
        y, mean, var = tf.nn.fused_batch_norm(x, SCALE.astype(np.float32), OFFSET.astype(np.float32))
        assert y.op.type == "FusedBatchNormV3" and len(y.op.outputs) == 6
        assert y.shape.as_list() == [None, 3, 4, 3] and mean.shape.as_list() == [3]
        assert y.op.outputs[5].shape.rank is None
        gx = tf.gradients(y, x)[0]
        assert gx.op.type == "FusedBatchNormGradV3"
        xv = X.astype(np.float32)
        y_v, gx_v = run([y, gx], {x: xv})
        np.testing.assert_allclose(gx_v, 0, atol=1e-5)  # sum(y) does not depend on x in training mode
        assert y_v.dtype == np.float32


def test_fused_batch_norm_inference_gradient_transposes_nchw():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, 3, 3, 4])
        y, _, _ = tf.nn.fused_batch_norm(x, SCALE.astype(np.float32), OFFSET.astype(np.float32),
                                         MEAN.astype(np.float32), VAR.astype(np.float32), is_training=False,
                                         data_format="NCHW")
        gx = tf.gradients(y, x)[0]
        assert gx.op.type == "Transpose"
        value = run(gx, {x: np.transpose(X, (0, 3, 1, 2)).astype(np.float32)})
        expected = (SCALE / np.sqrt(VAR + 1e-3))[None, :, None, None] * np.ones((2, 3, 3, 4))
        np.testing.assert_allclose(value, expected, rtol=1e-6)


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.nn.fused_batch_norm(tf.ones([2, 2]), [1.0], [0.0]), ValueError, "Shape must be rank 4 but is rank 2"),
    (lambda: tf.nn.fused_batch_norm(tf.ones([1, 2, 2, 3], tf.float64), [1.0] * 3, [0.0] * 3), TypeError,
     "float16, bfloat16, float32"),
    (lambda: tf.nn.fused_batch_norm(tf.ones([1, 2, 2, 3]), [1.0] * 3, [0.0] * 3, is_training=False), ValueError,
     "Both `mean` and `variance`"),
    (lambda: tf.nn.fused_batch_norm(tf.ones([1, 2, 2, 3]), [1.0] * 2, [0.0] * 3), ValueError,
     "Dimensions must be equal, but are 3 and 2"),
    (lambda: tf.nn.lrn(tf.ones([2, 3])), ValueError, "Shape must be rank 4"),
])
def test_graph_construction_errors(build, error, message):
    with tf.Graph().as_default():
        with pytest.raises(error, match=message.replace("(", r"\(").replace("`", "`")):
            build()


def lrn_reference(x, r, bias, alpha, beta):
    out = np.empty_like(x)
    depth = x.shape[-1]
    for d in range(depth):
        window = x[..., max(0, d - r):min(depth, d + r + 1)]
        out[..., d] = x[..., d] / (bias + alpha * np.sum(window ** 2, axis=-1)) ** beta
    return out


@pytest.mark.parametrize("attrs", [dict(depth_radius=5, bias=1.0, alpha=1.0, beta=0.5),
                                   dict(depth_radius=1, bias=2.0, alpha=0.3, beta=0.75),
                                   dict(depth_radius=0, bias=1.0, alpha=1e-3, beta=1.0)])
def test_lrn_matches_reference_and_its_gradient_finite_differences(attrs):
    x = RNG.uniform(-1, 1, (2, 2, 3, 6))
    y = LRN.kernel(np, x, **attrs)
    np.testing.assert_allclose(y, lrn_reference(x, attrs["depth_radius"], attrs["bias"], attrs["alpha"],
                                                attrs["beta"]))
    gy = RNG.uniform(-1, 1, x.shape)
    dx = LRN_GRAD.kernel(np, gy, x, y, **attrs)
    numeric = numeric_grad(lambda v: float(np.sum(LRN.kernel(np, v, **attrs) * gy)), x)
    np.testing.assert_allclose(dx, numeric, rtol=1e-5, atol=1e-8)


def test_lrn_wrapper_names_and_gradient_op():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [1, 2, 2, 4], name="img")
        y = tf.nn.local_response_normalization(x, depth_radius=1, name="norm")
        assert tf.nn.lrn is tf.nn.local_response_normalization
        assert (y.op.name, y.op.type) == ("norm", "LRN")
        assert y.op.get_attr("depth_radius") == 1
        g = tf.gradients(y, x)[0]
        assert g.op.type == "LRNGrad"
        xv = RNG.uniform(0, 1, (1, 2, 2, 4)).astype(np.float32)
        np.testing.assert_allclose(run(y, {x: xv}), lrn_reference(xv, 1, 1.0, 1.0, 0.5), rtol=1e-6)
