"""TruncatedNormal's rejection loop, the special functions (Erfinv, Ndtri, Zeta, Polygamma), CumulativeLogsumexp,
InvertPermutation, UnravelIndex, CheckNumerics and Conv3D (with its gradients) compile and give the NumPy
kernels' values (themselves checked against TF in tests/ops); a bad input still raises TF's error, by a rerun
on NumPy."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime.backends import xla_select


def _run(backend, build, feeds_list, runs=1):
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    tf.set_random_seed(11)
    fetches, holders = build()
    results = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for values in feeds_list:
            for _ in range(runs):
                try:
                    results.append(sess.run(fetches, dict(zip(holders, values))))
                except tf.errors.InvalidArgumentError as e:
                    results.append((e.message, e.op.name))
        executable = sess._executable(tuple(fetches), {h: None for h in holders})
    return results, getattr(executable, "backend", "numpy"), getattr(executable, "reason", None)


def _compare(build, feeds_list, rtol=0.0, runs=1):
    want, _, _ = _run("numpy", build, feeds_list, runs)
    got, backend, reason = _run("xla", build, feeds_list, runs)
    assert backend == "xla", reason
    for a, b in zip(want, got, strict=True):
        if isinstance(a, tuple):
            assert a == b
            continue
        for x, y in zip(a, b, strict=True):
            assert x.dtype == y.dtype and x.shape == y.shape
            if rtol:
                np.testing.assert_allclose(y, x, rtol=rtol, atol=1e-12)
            else:
                np.testing.assert_array_equal(y, x)
    return want, reason


@pytest.mark.parametrize("dtype", [tf.float32, tf.float16])
def test_truncated_normal_compiles_bit_exact_and_its_stream_goes_on(dtype):
    def build():
        x = tf.placeholder(tf.float32, [])
        return [tf.truncated_normal([333, 3], dtype=dtype, seed=3), tf.truncated_normal([5], dtype=dtype),
                tf.truncated_normal([0, 4], dtype=dtype, seed=1), x], (x,)

    want, _ = _compare(build, [(1.0,)], runs=3)
    draws = np.concatenate([run[0].ravel() for run in want]).astype(np.float64)
    assert np.all(np.abs(draws) < 2.0) and not np.array_equal(want[0][0], want[1][0])


def test_truncated_normal_initializers_and_dense_layers_compile():
    """The initializer plan of tf.truncated_normal_initializer and tf.layers.dense variables runs compiled."""
    def values(backend):
        xla_select.set_backend(backend)
        tf.reset_default_graph()
        tf.set_random_seed(11)
        x = tf.placeholder(tf.float32, [None, 6])
        w = tf.get_variable("w", [6, 4], initializer=tf.truncated_normal_initializer(stddev=0.1, seed=2))
        h = tf.layers.dense(tf.matmul(x, w), 3, kernel_initializer=tf.truncated_normal_initializer(seed=5))
        init = tf.global_variables_initializer()
        with tf.Session() as sess:
            out = []
            for _ in range(2):  # a second initialization draws again
                sess.run(init)
                out.append(sess.run([h] + tf.global_variables(), {x: np.ones((2, 6), np.float32)}))
            return out, {getattr(e, "backend", "numpy") for e in sess._executables.values()}

    want, _ = values("numpy")
    got, backends = values("xla")
    assert backends == {"xla"}
    assert not np.array_equal(want[0][1], want[1][1])
    for a, b in zip(want, got):
        for x, y in zip(a, b):
            np.testing.assert_allclose(y, x, rtol=1e-6)


def test_float64_normal_draws_keep_the_plan_on_numpy_with_the_reason():
    xla_select.set_backend("xla")
    draw = tf.truncated_normal([4], dtype=tf.float64, seed=1)
    with tf.Session() as sess:
        sess.run(draw)
        assert "glibc" in sess._executable((draw,), {}).reason


def _unary(fn, values, dtype=tf.float32, grad=True):
    def build():
        x = tf.placeholder(dtype, [None])
        y = fn(x)
        return ([y, tf.gradients(tf.reduce_sum(y * y), x)[0]] if grad else [y]), (x,)
    return build, [(np.asarray(v, dtype.as_numpy_dtype),) for v in values]


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
@pytest.mark.parametrize("fn, values", [
    (tf.math.erfinv, [[-0.9, -0.3, 0.05, 0.6, 0.97, 0.99999, 1.0, -1.0, 1.5]]),
    (tf.math.ndtri, [[1e-30, 0.001, 0.3, 0.5, 0.8, 0.99, 0.0, 1.0, -0.5]]),
], ids=["erfinv", "ndtri"])
def test_inverse_error_functions_compile(fn, values, dtype):
    build, feeds = _unary(fn, values, dtype)
    _compare(build, feeds, rtol=1e-12 if dtype == tf.float64 else 1e-6)


def test_zeta_and_polygamma_compile():
    def build():
        x = tf.placeholder(tf.float64, [None])
        q = tf.placeholder(tf.float64, [None])
        return [tf.math.zeta(x, q), tf.gradients(tf.reduce_sum(tf.math.zeta(x, q)), q)[0],
                tf.math.polygamma(tf.constant([0.0, 1.0, 2.0, 3.0, 1.0, 0.5], tf.float64), q)], (x, q)

    _compare(build, [(np.array([2.0, 3.5, 1.5, 4.0, 1.0, 0.5]), np.array([1.0, 0.5, 2.5, 3.0, 2.0, -1.0]))],
             rtol=1e-12)


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_cumulative_logsumexp_compiles(exclusive, reverse):
    def build():
        x = tf.placeholder(tf.float32, [None, 3])
        y = tf.math.cumulative_logsumexp(x, axis=0, exclusive=exclusive, reverse=reverse)
        return [y, tf.gradients(tf.reduce_sum(y), x)[0]], (x,)

    _compare(build, [(np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.0], [-40.0, 2.0, 2.0]], np.float32),)], rtol=1e-6)


def test_invert_permutation_and_unravel_index_compile_and_check_their_inputs():
    def build():
        p = tf.placeholder(tf.int32, [None])
        i = tf.placeholder(tf.int64, [None])
        dims = tf.placeholder(tf.int64, [None])
        return [tf.invert_permutation(p), tf.unravel_index(i, dims), tf.unravel_index(i[0], [3, 4, 2])], (p, i, dims)

    good = ([2, 0, 3, 1], [5, 7, 0, 11], [3, 4])
    want, _ = _compare(build, [good, ([2, 0, 2, 1], [5], [3, 4]), ([0], [5, 12], [3, 4]), ([0], [1], [3, -4]),
                               ([4, 0, 1, 2], [1], [3, 4]), ([], [1], [2, 2]), good])
    assert [w[0] for w in want[1:5]] == ["[2, 0, 2, 1] is not a permutation of 0..3",
                                         "index is out of bound as with dims",
                                         "Input dims cannot be negative. Got dim = -4 at index 1",
                                         "[4, 0, 1, 2] is not a permutation of 0..3"]


def test_check_numerics_compiles_and_a_nan_or_inf_raises_tfs_error():
    def build():
        x = tf.placeholder(tf.float32, [None])
        y = tf.debugging.check_numerics(tf.math.log(x), "log of x")
        return [y, tf.gradients(tf.reduce_sum(y), x)[0]], (x,)

    want, _ = _compare(build, [([1.0, 2.0],), ([1.0, -1.0],), ([0.0, 3.0],), ([0.0, -1.0],), ([4.0],)])
    assert [w[0] for w in want[1:4]] == ["log of x : Tensor had NaN values", "log of x : Tensor had Inf values",
                                         "log of x : Tensor had Inf and NaN values"]


@pytest.mark.parametrize("data_format, strides, padding, dilations", [
    ("NDHWC", [1, 1, 2, 1, 1], "SAME", [1, 1, 1, 1, 1]),
    ("NDHWC", [1, 1, 1, 1, 1], "VALID", [1, 1, 2, 1, 1]),
    ("NCDHW", [1, 1, 2, 1, 2], "SAME", [1, 1, 1, 1, 1])])
def test_conv3d_and_its_gradients_compile(data_format, strides, padding, dilations):
    shape = (2, 5, 4, 6, 3) if data_format == "NDHWC" else (2, 3, 5, 4, 6)

    def build():
        x = tf.placeholder(tf.float32, shape)
        f = tf.placeholder(tf.float32, (2, 2, 3, 3, 4))
        y = tf.nn.conv3d(x, f, strides, padding, data_format=data_format, dilations=dilations)
        return [y] + tf.gradients(tf.reduce_sum(y * y), [x, f]), (x, f)

    rng = np.random.RandomState(0)
    _compare(build, [(rng.randn(*shape).astype(np.float32), rng.randn(2, 2, 3, 3, 4).astype(np.float32))],
             rtol=1e-6)
