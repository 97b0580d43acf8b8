"""Complex gradients against float64 central differences (TF's convention: dL/dRe + i dL/dIm), the FFT ops TF
runs on GPUs only (FFTND & co.) and the 3-D real transforms' gradients TF lacks against numpy, and complex values
through GraphDef files and checkpoints."""

from __future__ import annotations

import os

import numpy as np
import pytest

import sessionflow as tf

rng = np.random.RandomState(3)
Z = rng.uniform(-1, 1, (2, 3, 4)) + 1j * rng.uniform(-1, 1, (2, 3, 4))
X = rng.uniform(-1, 1, (2, 3, 5))


def _numeric(loss_of, value, eps=1e-6):
    """dL/dRe + i dL/dIm (complex `value`) or dL/dx (real), by central differences."""
    grad = np.zeros(value.shape, value.dtype)
    for i in np.ndindex(value.shape):
        for step in ((1.0, 1j) if np.iscomplexobj(value) else (1.0,)):
            plus, minus = value.copy(), value.copy()
            plus[i] += eps * step
            minus[i] -= eps * step
            grad[i] += step * (loss_of(plus) - loss_of(minus)) / (2 * eps)
    return grad


CASES = {
    "fft": (Z, lambda t: tf.signal.fft(t)),
    "ifft2d": (Z, lambda t: tf.signal.ifft2d(t)),
    "fft3d": (Z, lambda t: tf.signal.fft3d(t)),
    "rfft_crop": (X, lambda t: tf.signal.rfft(t, [4])),
    "rfft_pad": (X, lambda t: tf.signal.rfft(t[..., :3], [6])),
    "rfft2d": (X, lambda t: tf.signal.rfft2d(t)),
    "rfft3d": (X, lambda t: tf.signal.rfft3d(t, [2, 2, 4])),
    "irfft": (Z, lambda t: tf.signal.irfft(t)),
    "irfft3d": (Z, lambda t: tf.signal.irfft3d(t, [2, 3, 5])),
    "irfft2d_crop": (Z, lambda t: tf.signal.irfft2d(t, [2, 4])),
    "abs_angle": (Z, lambda t: tf.complex(tf.abs(t), tf.angle(t))),
    "exp_sqrt_pow": (Z, lambda t: tf.exp(t) * tf.sqrt(t + 2) + tf.pow(t + 2, t)),
    "matmul_prod": (Z[0], lambda t: tf.reduce_prod(tf.matmul(t, t, adjoint_b=True), 0)),
    "sign_conj": (Z, lambda t: tf.sign(t) * tf.conj(t) / (t + 3)),
    "tanh_sigmoid": (Z, lambda t: tf.tanh(t) + tf.sigmoid(t) + tf.math.reciprocal(t + 3)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_central_differences(name):
    value, fn = CASES[name]
    with tf.Graph().as_default():
        x = tf.placeholder(tf.as_dtype(value.dtype), value.shape)
        y = fn(x)
        w = rng.uniform(-1, 1, y.shape.as_list())
        if y.dtype.is_complex:
            w = w + 1j * rng.uniform(-1, 1, y.shape.as_list())
            loss = tf.reduce_sum(tf.real(y) * w.real + tf.imag(y) * w.imag)
        else:
            loss = tf.reduce_sum(y * w)
        (grad,) = tf.gradients(loss, x)
        with tf.Session() as sess:
            analytic = sess.run(grad, {x: value})
            numeric = _numeric(lambda v: sess.run(loss, {x: v}), value)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-7)


def test_fftnd_family_matches_numpy():
    with tf.Graph().as_default(), tf.Session() as sess:
        z, x = tf.constant(Z), tf.constant(X)  # ndarrays would convert to complex64/float32, as TF's wrappers prefer
        got = sess.run(dict(
            fftnd=tf.signal.fftnd(z, fft_length=[3, 6], axes=[0, 2]), ifftnd=tf.signal.ifftnd(z, axes=[1]),
            rfftnd=tf.signal.rfftnd(x, fft_length=[3, 4], axes=[1, 2]),
            irfftnd=tf.signal.irfftnd(z, fft_length=[3, 6], axes=[1, 2]),
            ortho=tf.signal.fftnd(z, axes=[-1], fft_length=[4], norm="ortho"),
            forward=tf.signal.ifftnd(z, axes=[0, 1], fft_length=[2, 3], norm="forward")))
    want = dict(fftnd=np.fft.fftn(np.pad(Z, [(0, 0), (0, 0), (0, 2)]), s=[3, 6], axes=[0, 2]),
                ifftnd=np.fft.ifft(Z, axis=1), rfftnd=np.fft.rfftn(X, s=[3, 4], axes=[1, 2]),
                irfftnd=np.fft.irfftn(Z, s=[3, 6], axes=[1, 2]), ortho=np.fft.fft(Z, axis=-1, norm="ortho"),
                forward=np.fft.ifftn(Z, axes=[0, 1], norm="forward"))
    for key, value in want.items():
        np.testing.assert_allclose(got[key], value, rtol=1e-12, atol=1e-12, err_msg=key)
    with tf.Graph().as_default():
        out = tf.signal.irfftnd(tf.constant(Z), fft_length=[3, 6], axes=[1, 2])
        assert out.shape.as_list() == [2, 3, 6] and out.dtype == tf.float64
        with pytest.raises(LookupError, match="No gradient defined for operation'irfftnd'"):
            tf.gradients(tf.reduce_sum(out), out.op.inputs[0])


def test_complex_constants_and_variables_survive_files(tmp_path):
    with tf.Graph().as_default() as g:
        v = tf.Variable(Z[0].astype(np.complex64), name="v")
        c = tf.constant(Z[1], name="c")
        out = tf.identity(tf.matmul(tf.cast(v, tf.complex128), c, adjoint_b=True), name="out")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(v.assign(v * (1 + 1j)))
            want = sess.run(out)
            path = saver.save(sess, os.path.join(str(tmp_path), "model"))
        graph_def = g.as_graph_def()
    with tf.Graph().as_default():
        (imported,) = tf.import_graph_def(graph_def, return_elements=["c:0"], name="")
        np.testing.assert_array_equal(tf.Session().run(imported), Z[1])
    with tf.Graph().as_default():
        v = tf.Variable(np.zeros((3, 4), np.complex64), name="v")
        c = tf.constant(Z[1], name="c")
        out = tf.matmul(tf.cast(v, tf.complex128), c, adjoint_b=True)
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, path)
            np.testing.assert_allclose(sess.run(out), want, rtol=1e-6)
