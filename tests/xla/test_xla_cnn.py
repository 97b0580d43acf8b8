"""The convolution and pooling ops of a CNN training step have traceable kernels (lax convolutions, the
first-maximum routing of MaxPoolGrad without in-place writes) with the NumPy kernels' results, which
tests/ops checks against TF; a whole CNN step then compiles."""

from __future__ import annotations

import numpy as np
import pytest

import jax
import jax.numpy as jnp
import sessionflow as tf
from sessionflow.framework.registry import get_opdef
from sessionflow.ops import nn_conv
from sessionflow.ops.common import TRACED_CHECKS, stored
from sessionflow.runtime.backends import xla, xla_select

_CONV_OPS = ("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter", "MaxPool", "MaxPoolGrad", "AvgPool",
             "AvgPoolGrad")


with tf.Graph().as_default():  # a convolution whose plan runs XLA:CPU's own convolution kernels
    _WIDE_CONV = tf.nn.conv2d(tf.zeros([1, 4, 4, 8]), tf.zeros([3, 3, 8, 32]), [1, 1, 1, 1], "SAME")


def _traced(opdef, args, attrs, eigen=False, hlo=False):
    """The op's kernel traced with jax.numpy and compiled, on `args` (integer shape arguments stay static);
    `eigen`: as in a plan whose convolutions run on XLA:CPU's own kernels (nn_conv._choose_convolutions);
    `hlo`: (the result, the compiled computation's HLO text)."""
    static = {i: a for i, a in enumerate(args) if np.asarray(a).dtype.kind in "iu"}
    dynamic = [a for i, a in enumerate(args) if i not in static]
    options, choices = nn_conv._choose_convolutions([_WIDE_CONV.op]) if eigen else ({}, None)

    def run(*values):
        it = iter(values)
        full = [static[i] if i in static else next(it) for i in range(len(args))]
        TRACED_CHECKS.choices = choices
        try:
            return opdef.kernel(jnp, *full, **attrs)
        finally:
            TRACED_CHECKS.choices = None

    with jax.enable_x64(True):
        jitted = jax.jit(run, compiler_options=options or None)
        result = np.asarray(jitted(*dynamic))
        return (result, jitted.lower(*dynamic).compile().as_text()) if hlo else result


@pytest.mark.parametrize("eigen", [False, True])
@pytest.mark.parametrize("name", _CONV_OPS)
def test_traced_kernels_match_numpy_on_every_sample(name, eigen):
    opdef = get_opdef(name)
    for args, attrs in opdef.samples:  # SAME/VALID, strides, dilations, NCHW, float32/64
        want = opdef.kernel(np, *args, **attrs)
        got = _traced(opdef, args, attrs, eigen)
        assert got.dtype == want.dtype and got.shape == want.shape, (attrs, got.shape, want.shape)
        np.testing.assert_allclose(got, want, rtol=1e-5 if want.dtype == np.float32 else 1e-12, atol=1e-6)


@pytest.mark.parametrize("ksize,strides,padding", [(2, 2, "SAME"), (3, 1, "SAME"), (3, 2, "VALID"), (2, 2, "VALID")])
def test_max_pool_grad_ties_go_to_the_first_maximum_as_numpy(ksize, strides, padding):
    """Windows full of equal values (and NaN windows, and -inf ones) route exactly as the NumPy kernel; a NaN
    gradient goes to its window's first maximum only."""
    rng = np.random.RandomState(3)
    x = rng.randint(0, 3, (2, 7, 7, 3)).astype(np.float32)  # many ties
    x[0, :3, :3, 0] = 1.0
    x[1, 0, 0, 1] = np.nan
    x[1, 4:, 4:, 2] = -np.inf
    attrs = dict(ksize=[1, ksize, ksize, 1], strides=[1, strides, strides, 1], padding=padding, data_format="NHWC")
    out = get_opdef("MaxPool").kernel(np, x, **attrs)
    g = rng.uniform(-1, 1, out.shape).astype(np.float32)
    g[0, 0, 0, 0] = np.nan
    opdef = get_opdef("MaxPoolGrad")
    want = opdef.kernel(np, x, out, g, **attrs)
    got = _traced(opdef, (x, out, g), attrs)
    np.testing.assert_array_equal(got, want)


# The traced filter gradient of inputs with 1 or 3 channels is one product over tap slices; the forward
# convolution of a 1-channel input is a tap sum (3x2 filter) or, on YNNPACK's side, runs with its filter
# padded to 17 output channels (5x4) (nn_conv._traced_forward). Each runs as in a plan with YNNPACK's
# convolutions and as in one with XLA:CPU's own (`eigen`).
_FEW_CHANNEL_FILTERS = [(3, 2, 1, 5), (5, 4, 1, 5), (3, 2, 1, 20), (3, 2, 3, 5), (3, 2, 3, 20), (2, 2, 5, 24)]
_FEW_CHANNEL_CASES = [
    dict(strides=[1, 1, 1, 1], padding="SAME", data_format="NHWC", dilations=[1, 1, 1, 1]),
    dict(strides=[1, 2, 2, 1], padding="VALID", data_format="NHWC", dilations=[1, 1, 1, 1]),
    dict(strides=[1, 2, 1, 1], padding="SAME", data_format="NHWC", dilations=[1, 1, 2, 1]),
    dict(strides=[1, 1, 2, 2], padding="SAME", data_format="NCHW", dilations=[1, 1, 1, 1]),
    dict(strides=[1, 1, 1, 1], padding="EXPLICIT", data_format="NHWC", dilations=[1, 1, 1, 1],
         explicit_paddings=[0, 0, 2, 1, 0, 3, 0, 0]),
]


@pytest.mark.parametrize("eigen", [False, True])
@pytest.mark.parametrize("filter_shape", _FEW_CHANNEL_FILTERS)
@pytest.mark.parametrize("case", range(len(_FEW_CHANNEL_CASES)))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_few_channel_conv_and_filter_gradient_match_numpy(filter_shape, case, dtype, eigen):
    attrs = dict(dict(use_cudnn_on_gpu=True, explicit_paddings=()), **_FEW_CHANNEL_CASES[case])
    cin = filter_shape[2]
    rng = np.random.RandomState(cin + case)
    x = rng.uniform(-1, 1, (3, 9, 8, cin)).astype(dtype)
    if attrs["data_format"] == "NCHW":
        x = np.ascontiguousarray(np.transpose(x, (0, 3, 1, 2)))
    f = rng.uniform(-1, 1, filter_shape).astype(dtype)
    forward, filter_grad = get_opdef("Conv2D"), get_opdef("Conv2DBackpropFilter")
    want = forward.kernel(np, x, f, **attrs)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-13)
    got = _traced(forward, (x, f), attrs, eigen)
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, **tol)
    g = rng.uniform(-1, 1, want.shape).astype(dtype)
    sizes = np.array(f.shape, np.int32)
    want_dw = filter_grad.kernel(np, x, sizes, g, **attrs)
    got_dw = _traced(filter_grad, (x, sizes, g), attrs, eigen)
    assert got_dw.dtype == want_dw.dtype and got_dw.shape == f.shape
    # each entry sums 216 products: where they cancel, a summation order's rounding is bounded by the sum of
    # their magnitudes, not by the small result
    magnitude = filter_grad.kernel(np, np.abs(x), sizes, np.abs(g), **attrs)
    error = np.abs(got_dw.astype(np.float64) - want_dw)
    assert (error <= tol["rtol"] * np.abs(want_dw) + tol["atol"] + np.finfo(dtype).eps * magnitude).all()


def test_max_pool_grad_over_tiles_gives_positive_zeros_as_tf():
    """Unrouted positions and a routed -0 gradient are +0: TF adds each gradient into zeros."""
    x = np.array([[1, 5, 2, 2], [3, 4, 2, 2], [0, 0, 7, 1], [0, 9, 1, 1]], np.float32).reshape(1, 4, 4, 1)
    attrs = dict(ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID", data_format="NHWC")
    out = get_opdef("MaxPool").kernel(np, x, **attrs)
    g = np.array([-0.0, -1.0, -2.0, -0.0], np.float32).reshape(out.shape)
    got = _traced(get_opdef("MaxPoolGrad"), (x, out, g), attrs)
    want = np.zeros((1, 4, 4, 1), np.float32)
    want[0, 0, 2, 0], want[0, 3, 1, 0] = -1.0, -2.0  # the first 2 of the top-right window; the 9
    np.testing.assert_array_equal(got, want)
    assert not np.signbit(got[want == 0]).any()


@pytest.mark.parametrize("bound", [None, 0])
@pytest.mark.parametrize("name", ["Conv2DBackpropInput", "Conv2DBackpropFilter"])
def test_tap_form_gradients_match_numpy_and_give_way_to_xlas_above_their_size_bound(name, bound, monkeypatch):
    """The few-channel gradients computed from all taps at once (a 3x2 filter, 3 -> 6 channels, strided) match
    NumPy; above nn_conv._TAPS_MAX_ELEMENTS (here forced to 0) XLA's own convolution transpose computes them."""
    if bound is not None:
        monkeypatch.setattr(nn_conv, "_TAPS_MAX_ELEMENTS", bound)
    rng = np.random.RandomState(11)
    x = rng.uniform(-1, 1, (2, 11, 10, 3)).astype(np.float32)
    f = rng.uniform(-1, 1, (3, 2, 3, 6)).astype(np.float32)
    attrs = dict(strides=[1, 2, 2, 1], padding="SAME", data_format="NHWC", dilations=[1, 1, 1, 1],
                 use_cudnn_on_gpu=True, explicit_paddings=())
    g = rng.uniform(-1, 1, get_opdef("Conv2D").kernel(np, x, f, **attrs).shape).astype(np.float32)
    opdef = get_opdef(name)
    args = (np.array(x.shape, np.int32), f, g) if name == "Conv2DBackpropInput" else (x, np.array(f.shape, np.int32), g)
    want = opdef.kernel(np, *args, **attrs)
    got, hlo = _traced(opdef, args, attrs, hlo=True)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    assert ("convolution(" in hlo) == (bound is not None)


@pytest.mark.parametrize("taps, as_product", [((3, 3), True), ((5, 5), False)])
def test_few_channel_filter_gradients_are_tap_products_up_to_nine_taps(taps, as_product):
    """A filter gradient of at most 4 input channels is one product over tap slices for up to 9 taps; a 5x5
    filter's is XLA's own convolution transpose (faster there: nn_conv._TAPS_MAX_CHANNELS)."""
    x = np.random.RandomState(2).uniform(-1, 1, (2, 9, 9, 1)).astype(np.float32)
    attrs = dict(strides=[1, 1, 1, 1], padding="SAME", data_format="NHWC", dilations=[1, 1, 1, 1],
                 use_cudnn_on_gpu=True, explicit_paddings=())
    sizes = np.array(taps + (1, 8), np.int32)
    opdef = get_opdef("Conv2DBackpropFilter")
    g = np.ones((2, 9, 9, 8), np.float32)
    got, hlo = _traced(opdef, (x, sizes, g), attrs, hlo=True)
    assert ("convolution(" not in hlo) == as_product
    np.testing.assert_allclose(got, opdef.kernel(np, x, sizes, g, **attrs), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_stored_gives_its_value_back_exactly_and_keeps_its_division(dtype):
    """common.stored: NaN, infinities and -0 come back as they were, and the compiled computation still
    divides (XLA:CPU does not fold the ones away), which is what keeps MaxPoolGrad's tap numbers stored."""
    x = np.array([1.5, -0.0, 0.0, np.nan, np.inf, -np.inf, 1e-30, -7.25], dtype)  # (XLA:CPU flushes subnormals)
    fn = jax.jit(lambda v: stored(jnp, v) * 2)
    with jax.enable_x64(True):
        got = np.asarray(fn(x))
        hlo = fn.lower(x).compile().as_text()
    np.testing.assert_array_equal(got, x * 2)
    assert np.array_equal(np.signbit(got), np.signbit(x * 2))
    assert " divide(" in hlo
    assert stored(np, x) is x


def _cnn_step(backend, steps=3, width=6):
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    tf.set_random_seed(0)
    rng = np.random.RandomState(0)
    x = tf.placeholder(tf.float32, [None, 12, 12, 1])
    y = tf.placeholder(tf.int64, [None])
    k1 = tf.Variable(rng.randn(3, 3, 1, 4).astype(np.float32) * 0.3)
    b1 = tf.Variable(np.zeros(4, np.float32))
    h = tf.nn.max_pool(tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, k1, [1, 1, 1, 1], "SAME"), b1)),
                       [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    k2 = tf.Variable(rng.randn(3, 3, 4, width).astype(np.float32) * 0.3)
    h = tf.nn.avg_pool(tf.nn.relu(tf.nn.conv2d(h, k2, [1, 2, 2, 1], "VALID")), [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    w = tf.Variable(rng.randn(width, 5).astype(np.float32) * 0.3)
    logits = tf.matmul(tf.reshape(h, [-1, width]), w)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    xs, ys = rng.rand(8, 12, 12, 1).astype(np.float32), rng.randint(0, 5, 8)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run([loss, train], {x: xs, y: ys})[0] for _ in range(steps)]
        final = sess.run([k1, b1, k2, w])
        step = sess._executable((loss, train), {x: xs, y: ys})
        backend_used, reason = getattr(step, "backend", "numpy"), getattr(step, "reason", None)
        if backend == "xla":
            _cnn_step.choices = xla._plan_choices(step.plan, step.placement)
    return losses, final, backend_used, reason


@pytest.mark.parametrize("width", [6, 20])
def test_cnn_training_step_compiles_and_matches_numpy(width):
    """A second convolution into 20 channels puts the step's convolutions on XLA:CPU's own kernels."""
    want, want_final, _, _ = _cnn_step("numpy", width=width)
    got, got_final, backend, reason = _cnn_step("xla", width=width)
    assert backend == "xla", reason
    options, choices = _cnn_step.choices
    assert bool(options) == (width == 20) and choices.get("xla_cpu_eigen_convolutions", False) == (width == 20)
    assert want[-1] < want[0]
    np.testing.assert_allclose(got, want, rtol=1e-5)
    for a, b in zip(got_final, want_final):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_plans_with_wide_convolutions_run_them_on_xla_cpus_own_kernels():
    """YNNPACK's convolutions of more than 16 channels are 1.5-2x slower than XLA:CPU's own; a single-channel
    image's first layer, and the tap-product filter gradients, keep YNNPACK (nn_conv._choose_convolutions)."""
    def choose(x_shape, f_shape, which="forward"):
        with tf.Graph().as_default():
            x, f = tf.zeros(x_shape), tf.zeros(f_shape)
            y = tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME")
            if which == "filter":
                y = tf.gradients(tf.reduce_sum(y), f)[0]
            elif which == "input":
                y = tf.gradients(tf.reduce_sum(y), x)[0]
            return nn_conv._choose_convolutions([y.op])

    assert choose([1, 8, 8, 1], [3, 3, 1, 32]) == ({}, {})
    assert choose([1, 8, 8, 3], [3, 3, 3, 32], "filter") == ({}, {})
    assert choose([1, 8, 8, 8], [3, 3, 8, 8]) == ({}, {})
    for which in ("forward", "filter", "input"):
        options, choices = choose([1, 8, 8, 16], [3, 3, 16, 32], which)
        assert choices == {"xla_cpu_eigen_convolutions": True}, which
        assert "INDIVIDUAL_CONVOLUTION" not in options["xla_cpu_experimental_ynn_fusion_type"]


def test_compiler_options_this_xla_does_not_take_are_left_out():
    from sessionflow.runtime.backends import xla_devices
    assert xla_devices.compiles_for_cpu(None, nn_conv._NO_YNN_CONVOLUTIONS)
    assert not xla_devices.compiles_for_cpu(None, {"xla_cpu_experimental_ynn_fusion_type": "NO_SUCH_TYPE"})


@pytest.mark.parametrize("k, s, padding", [((2, 2), (2, 2), "SAME"), ((3, 3), (3, 3), "VALID"), ((2, 2), (1, 1), "VALID"),
                                           ((3, 3), (2, 2), "SAME"), ((3, 3), (1, 1), "SAME")])
def test_traced_max_pool_and_its_gradient_match_numpy_on_nan_and_infinite_windows(k, s, padding):
    """TF's CPU rules traced: NaN never wins the pool, -inf windows pool to the lowest finite value, a NaN
    first tap keeps the gradient, padding is never chosen, ties go to the first tap."""
    rng = np.random.RandomState(5)
    x = rng.randint(0, 3, (2, 7, 6, 2)).astype(np.float32)
    x[0, 0, 0, 0] = x[0, 3, 2, 1] = np.nan
    x[1, :3, :3, 0] = -np.inf
    attrs = dict(ksize=[1, *k, 1], strides=[1, *s, 1], padding=padding, data_format="NHWC")
    pool, pool_grad = get_opdef("MaxPool"), get_opdef("MaxPoolGrad")
    out = pool.kernel(np, x, **attrs)
    np.testing.assert_array_equal(_traced(pool, (x,), attrs), out)
    g = rng.randn(*out.shape).astype(np.float32)
    want = pool_grad.kernel(np, x, out, g, **attrs)
    np.testing.assert_array_equal(_traced(pool_grad, (x, np.zeros_like(out), g), attrs), want)
