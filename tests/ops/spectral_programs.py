"""Small TF1 programs over complex tensors, the FFT ops and tf.signal, run both by tools/record_spectral.py (on
TensorFlow, which writes tests/ops/goldens/spectral.json) and by tests/ops/test_spectral.py (on sessionflow).
Each program takes the `tf` module and a `run` function and returns a dict of values (see plainops_programs)."""

import numpy as np

from plainops_programs import error_text, evaluate, plain  # noqa: F401 - evaluate/plain re-exported for callers

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


_rng = np.random.RandomState(12)
Z = (_rng.uniform(-1, 1, (2, 3, 4)) + 1j * _rng.uniform(-1, 1, (2, 3, 4)))
R = _rng.uniform(-1, 1, (2, 3, 6))
W = _rng.uniform(0.5, 1.5, (2, 3, 4)) + 1j * _rng.uniform(-1, 1, (2, 3, 4))


def kinds(tensors):
    """Each tensor's op type, dtype and static shape."""
    return {k: [t.op.type, t.dtype.name, t.shape.as_list() if t.shape.ndims is not None else None]
            for k, t in tensors.items()}


def graph_error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the error is the recorded result
        return {"error": type(e).__name__, "message": error_text(e)}
    return "no error"


# --- complex numbers -------------------------------------------------------------------------

@case
def complex_parts(tf, run):
    z64 = tf.constant(Z[0], tf.complex64)
    z128 = tf.constant(Z[1])
    x = tf.constant([[1.5, -2.0], [0.0, -0.5]])
    outs = dict(c=tf.complex(x, 2 * x), c128=tf.complex(tf.constant(1.0, tf.float64), tf.constant([2.0, 3.0], tf.float64)),
                re=tf.real(z64), im=tf.math.imag(z128), ang=tf.angle(z64), conj=tf.conj(z128), abs=tf.abs(z64),
                abs128=tf.math.abs(z128), re_of_real=tf.math.real(x), im_of_real=tf.imag(x), ang_of_real=tf.math.angle(x),
                conj_t=tf.transpose(z64, conjugate=True), adjoint=tf.linalg.adjoint(z128))
    return dict(run(outs), kinds=kinds(outs), conj_real_is_x=tf.conj(x) is x,
                mixed=graph_error(lambda: tf.complex(x, tf.constant(1.0, tf.float64))),
                ints=graph_error(lambda: tf.complex(1, 2)),
                conj_string=graph_error(lambda: tf.conj(tf.constant("a"))))


@case
def complex_arithmetic(tf, run):
    z = tf.constant(Z[0], tf.complex64)
    w = tf.constant(W[0], tf.complex64)
    m = tf.constant(Z[1])
    outs = dict(add=z + w, sub=z - w, mul=z * w, div=z / w, neg=-z, square=tf.square(z), exp=tf.exp(z),
                log=tf.log(w), sqrt=tf.sqrt(w), rsqrt=tf.math.rsqrt(w), recip=tf.math.reciprocal(w),
                sin=tf.sin(z), cos=tf.cos(z), tanh=tf.tanh(z), sigmoid=tf.sigmoid(z),
                matmul=tf.matmul(z, w, transpose_b=True), matmul_adj=tf.matmul(m, m, adjoint_a=True),
                bmm=tf.matmul(tf.constant(Z), tf.constant(W), adjoint_b=True),
                sum=tf.reduce_sum(z, 1), mean=tf.reduce_mean(m), prod=tf.reduce_prod(z, 0),
                to_float=tf.cast(z, tf.float32), to_c128=tf.cast(z, tf.complex128),
                from_float=tf.cast(tf.constant([1.5, -2.0]), tf.complex64), pow=tf.pow(w, tf.constant(2 + 0j, tf.complex64)),
                sign=tf.sign(z), eq=tf.equal(z, z), add_n=tf.add_n([z, w, z]))
    return dict(run(outs), kinds=kinds(outs))


@case
def complex_gradients(tf, run):
    z = tf.constant(Z[0])
    w = tf.constant(W[0])
    x = tf.constant(R[0, :, :4])
    losses = dict(
        abs_sq=tf.reduce_sum(tf.square(tf.abs(z))),
        abs=tf.reduce_sum(tf.abs(z) * x),
        real_mul=tf.reduce_sum(tf.real(z * w)),
        imag_mul=tf.reduce_sum(tf.imag(z * w) * x),
        exp=tf.reduce_sum(tf.real(tf.exp(z)) + 2 * tf.imag(tf.exp(z))),
        square=tf.reduce_sum(tf.imag(tf.square(z))),
        div=tf.reduce_sum(tf.real(z / w)),
        log=tf.reduce_sum(tf.imag(tf.log(w))),
        sqrt=tf.reduce_sum(tf.real(tf.sqrt(w)) * x),
        angle=tf.reduce_sum(tf.angle(z) * x),
        conj=tf.reduce_sum(tf.imag(tf.conj(z * w))),
        matmul=tf.reduce_sum(tf.real(tf.matmul(z, w, transpose_b=True))) + tf.reduce_sum(tf.imag(tf.matmul(z, w, adjoint_a=True))),
        recip=tf.reduce_sum(tf.real(tf.math.reciprocal(w))),
        tanh=tf.reduce_sum(tf.imag(tf.tanh(z))),
        sin=tf.reduce_sum(tf.real(tf.sin(z)) * x),
        sum_cast=tf.reduce_sum(tf.cast(tf.reduce_sum(z * w, 0), tf.float64)),
    )
    grads = {k: tf.gradients(v, [z, w]) for k, v in losses.items()}
    grads = {k: [g for g in v if g is not None] for k, v in grads.items()}
    parts = tf.complex(x, 2.0 * x)
    grads["complex_parts"] = tf.gradients(tf.reduce_sum(tf.abs(parts * tf.constant(W[0]))), x)
    grads["from_real_cast"] = tf.gradients(tf.reduce_sum(tf.real(tf.cast(x, tf.complex128) * w)), x)
    grads["grad_ys"] = tf.gradients(z * w, z, grad_ys=tf.constant(W[1]))
    return run(grads)


# --- FFTs ------------------------------------------------------------------------------------

@case
def fft_values(tf, run):
    outs = {}
    for dt in (tf.complex64, tf.complex128):
        z = tf.constant(Z, dt)
        for fn in (tf.signal.fft, tf.signal.ifft, tf.signal.fft2d, tf.signal.ifft2d, tf.spectral.fft3d, tf.ifft3d):
            outs[f"{fn.__name__}_{dt.name}"] = fn(z)
    outs["named"] = tf.fft(tf.constant(Z[0, 0], tf.complex64), name="my_fft")
    return dict(run(outs), kinds=kinds(outs), name=outs["named"].name)


@case
def rfft_values(tf, run):
    x = tf.constant(R)
    x32 = tf.constant(R, tf.float32)
    outs = dict(rfft=tf.signal.rfft(x), rfft_short=tf.signal.rfft(x32, [4]), rfft_long=tf.signal.rfft(x32, [9]),
                rfft2d=tf.signal.rfft2d(x), rfft2d_len=tf.signal.rfft2d(x32, [2, 5]), rfft3d=tf.signal.rfft3d(x),
                rfft3d_len=tf.spectral.rfft3d(x32, [1, 4, 4]))
    spec = tf.constant(Z)
    outs.update(irfft=tf.signal.irfft(spec), irfft_odd=tf.signal.irfft(spec, [7]), irfft_short=tf.signal.irfft(spec, [4]),
                irfft2d=tf.signal.irfft2d(tf.cast(spec, tf.complex64)), irfft2d_len=tf.signal.irfft2d(spec, [2, 3]),
                irfft3d=tf.signal.irfft3d(spec), irfft3d_len=tf.spectral.irfft3d(spec, [3, 2, 5]),
                round_trip=tf.signal.irfft(tf.signal.rfft(x32), [6]))
    fed = tf.placeholder(tf.float32, [None, None])
    outs_fed = dict(rfft_fed=tf.signal.rfft(fed), rfft_fed_len=tf.signal.rfft(fed, [5]), irfft_fed=tf.signal.irfft(
        tf.complex(fed, fed)))
    values = run(dict(outs, **outs_fed), {fed: R[0]})
    nodes = {k: [t.op.name, [i.op.type for i in t.op.inputs]] for k, t in outs.items()}
    return dict(values, kinds=kinds(dict(outs, **outs_fed)), nodes=nodes)


@case
def fft_errors(tf, run):
    z = tf.constant(Z)
    return dict(
        float_input=graph_error(lambda: tf.signal.fft(tf.constant([1.0, 2.0]))),
        scalar=graph_error(lambda: tf.signal.fft(tf.constant(1j, tf.complex64))),
        rank1_fft2d=graph_error(lambda: tf.signal.fft2d(tf.constant([1j, 2j], tf.complex64))),
        rfft_int=graph_error(lambda: tf.signal.rfft(tf.constant([1, 2]))),
        irfft_real=graph_error(lambda: tf.signal.irfft(tf.constant([1.0, 2.0]))),
        rfft_lengths=graph_error(lambda: tf.signal.rfft(tf.constant([1.0, 2.0, 3.0]), [1, 2])),
        fftnd_grad=graph_error(lambda: tf.gradients(tf.reduce_sum(tf.abs(tf.signal.fftnd(z))), z)),
    )


@case
def fft_gradients(tf, run):
    z = tf.constant(Z)
    x = tf.constant(R)
    w = tf.constant(W)
    wr = tf.constant(W.real[..., :3])
    out = {}
    for fn in (tf.signal.fft, tf.signal.ifft, tf.signal.fft2d, tf.signal.ifft2d, tf.signal.fft3d, tf.signal.ifft3d):
        y = fn(z)
        out[fn.__name__] = tf.gradients(tf.reduce_sum(tf.real(y * w)) + tf.reduce_sum(tf.abs(y)), z)[0]

    def weighted(y):
        n = y.shape.as_list()[-1]
        return tf.reduce_sum(tf.real(y) * W.real[..., :n] + tf.imag(y) * W.imag[..., :n])

    out["rfft"] = tf.gradients(weighted(tf.signal.rfft(x)), x)[0]
    out["rfft_odd"] = tf.gradients(weighted(tf.signal.rfft(x[..., :5])), x)[0]
    out["rfft_pad"] = tf.gradients(weighted(tf.signal.rfft(x[..., :3], [4])), x)[0]
    out["rfft2d"] = tf.gradients(weighted(tf.signal.rfft2d(x)), x)[0]
    out["rfft2d_odd"] = tf.gradients(weighted(tf.signal.rfft2d(x[..., :5])), x)[0]
    out["irfft"] = tf.gradients(tf.reduce_sum(tf.signal.irfft(z) * tf.constant(R)), z)[0]
    out["irfft_odd"] = tf.gradients(tf.reduce_sum(tf.signal.irfft(z, [7]) * tf.constant(R[..., :7].repeat(2, -1)[..., :7])), z)[0]
    out["irfft2d"] = tf.gradients(tf.reduce_sum(tf.signal.irfft2d(z) * tf.constant(R)), z)[0]
    out["irfft2d_odd"] = tf.gradients(tf.reduce_sum(tf.signal.irfft2d(z[..., :3], [3, 5]) * wr[..., :1]), z)[0]
    z64 = tf.cast(z, tf.complex64)
    out["fft_complex64"] = tf.gradients(tf.reduce_sum(tf.abs(tf.signal.fft(z64))), z64)[0]
    return run(out)


# --- tf.signal -------------------------------------------------------------------------------

SIGNAL = np.sin(np.arange(40) / 3.0) + 0.3 * np.cos(np.arange(40) * 1.7)


@case
def signal_framing(tf, run):
    x = tf.constant(SIGNAL, tf.float32)
    xs = tf.constant(SIGNAL.reshape(2, 20))
    f = tf.signal.frame(x, 8, 3)
    outs = dict(frame=f, frame_pad=tf.signal.frame(x, 8, 3, pad_end=True, pad_value=-1.0),
                frame_axis=tf.signal.frame(tf.transpose(xs), 5, 5, axis=0), frame_batch=tf.signal.frame(xs, 6, 4),
                ola=tf.signal.overlap_and_add(f, 3), ola_fast=tf.signal.overlap_and_add(tf.signal.frame(xs, 4, 4), 4),
                ola_batch=tf.signal.overlap_and_add(tf.reshape(xs, [2, 4, 5]), 2),
                hann=tf.signal.hann_window(8), hann_sym=tf.signal.hann_window(7, periodic=False),
                hamming=tf.signal.hamming_window(6, dtype=tf.float64), hann1=tf.signal.hann_window(1),
                vorbis=tf.signal.vorbis_window(8),
                kaiser=tf.signal.kaiser_window(9), kaiser_even=tf.signal.kaiser_window(8, beta=3.5),
                kaiser64=tf.signal.kaiser_window(tf.constant(7), beta=800.0, dtype=tf.float64),
                kaiser1=tf.signal.kaiser_window(1), kaiser16=tf.signal.kaiser_window(6, dtype=tf.float16),
                kbd=tf.signal.kaiser_bessel_derived_window(8), kbd_odd=tf.signal.kaiser_bessel_derived_window(
                    9, beta=4.0, dtype=tf.float64),
                shift=tf.signal.fftshift(tf.constant(np.arange(10.0).reshape(2, 5))),
                ishift=tf.signal.ifftshift(tf.constant(np.arange(10.0).reshape(2, 5)), axes=1),
                shift_axes=tf.signal.fftshift(tf.constant(np.arange(12).reshape(3, 4)), axes=[-1, 0]))
    grads = dict(frame=tf.gradients(tf.reduce_sum(tf.square(f) * np.arange(8.0)), x)[0],
                 ola=tf.gradients(tf.reduce_sum(tf.signal.overlap_and_add(tf.reshape(xs, [2, 4, 5]), 2)
                                                * np.arange(11.0)), xs)[0])
    return dict(run(dict(outs, grads=grads)), kinds=kinds(outs))


@case
def signal_dct(tf, run):
    x = tf.constant(SIGNAL[:24].reshape(3, 8))
    x32 = tf.constant(SIGNAL[:24].reshape(3, 8), tf.float32)
    outs = {}
    for t in (1, 2, 3, 4):
        outs[f"dct{t}"] = tf.signal.dct(x, type=t)
        outs[f"idct{t}"] = tf.signal.idct(x32, type=t)
        if t != 1:
            outs[f"dct{t}_ortho"] = tf.signal.dct(x32, type=t, norm="ortho")
            outs[f"idct{t}_ortho"] = tf.spectral.idct(x, type=t, norm="ortho")
    outs["dct2_n5"] = tf.signal.dct(x, n=5)
    outs["dct2_n11"] = tf.signal.dct(x, n=11)
    outs["mfcc"] = tf.signal.mfccs_from_log_mel_spectrograms(x32)
    grads = dict(dct2=tf.gradients(tf.reduce_sum(tf.signal.dct(x) * np.arange(8.0)), x)[0],
                 dct3_ortho=tf.gradients(tf.reduce_sum(tf.signal.dct(x, type=3, norm="ortho") * np.arange(8.0)), x)[0])
    errors = dict(axis=graph_error(lambda: tf.signal.dct(x, axis=0)),
                  type5=graph_error(lambda: tf.signal.dct(x, type=5)),
                  dct1_ortho=graph_error(lambda: tf.signal.dct(x, type=1, norm="ortho")),
                  norm=graph_error(lambda: tf.signal.dct(x, norm="forward")))
    return dict(run(dict(outs, grads=grads)), errors=errors)


@case
def signal_stft(tf, run):
    x = tf.constant(np.stack([SIGNAL, SIGNAL[::-1]]), tf.float32)
    s = tf.signal.stft(x, 16, 4)
    s_pad = tf.signal.stft(x, 10, 4, fft_length=16, pad_end=True, window_fn=tf.signal.hamming_window)
    inv = tf.signal.inverse_stft(s, 16, 4, window_fn=tf.signal.inverse_stft_window_fn(4))
    inv_short = tf.signal.inverse_stft(s_pad, 10, 4, fft_length=16)
    mel = tf.signal.linear_to_mel_weight_matrix(10, 9, 8000, 125.0, 3800.0)
    mel64 = tf.signal.linear_to_mel_weight_matrix(num_mel_bins=4, num_spectrogram_bins=17, sample_rate=16000,
                                                  lower_edge_hertz=0.0, upper_edge_hertz=8000.0, dtype=tf.float64)
    logmel = tf.log(tf.tensordot(tf.abs(s), mel, 1) + 1e-6)
    mfcc = tf.signal.mfccs_from_log_mel_spectrograms(logmel)[..., :5]
    m = tf.signal.mdct(x, 8)
    m_ortho = tf.signal.mdct(x, 12, norm="ortho", window_fn=None, pad_end=True)
    outs = dict(stft=s, stft_pad=s_pad, inv=inv, inv_short=inv_short, mel=mel, mel64=mel64, mfcc=mfcc, mdct=m,
                mdct_ortho=m_ortho, imdct=tf.signal.inverse_mdct(m),
                imdct_ortho=tf.signal.inverse_mdct(m_ortho, norm="ortho", window_fn=None),
                window=tf.signal.inverse_stft_window_fn(4)(16, tf.float32))
    x64 = tf.constant(np.stack([SIGNAL, SIGNAL[::-1]]))
    s64 = tf.signal.stft(x64, 16, 4, window_fn=lambda n, dtype: tf.signal.hann_window(n, dtype=tf.float64))
    mfcc64 = tf.signal.mfccs_from_log_mel_spectrograms(tf.log(tf.tensordot(tf.abs(s64), tf.cast(mel, tf.float64), 1)
                                                              + 1e-6))
    grads = dict(stft=tf.gradients(tf.reduce_sum(tf.abs(s64)), x64)[0], mfcc=tf.gradients(tf.reduce_sum(mfcc64), x64)[0])
    errors = dict(mel_edges=graph_error(lambda: tf.signal.linear_to_mel_weight_matrix(4, 9, 8000, 300.0, 200.0)),
                  mel_nyquist=graph_error(lambda: tf.signal.linear_to_mel_weight_matrix(4, 9, 8000, 100.0, 5000.0)),
                  mdct_length=graph_error(lambda: tf.signal.mdct(x, 10)))
    return dict(run(dict(outs, grads=grads)), kinds=kinds(outs), errors=errors)


@case
def signal_names(tf, run):
    """The names of tf.signal's composites' outputs: the ops TF builds last (`mfccs_.../mul_1` from `*`)."""
    x = tf.constant(np.stack([SIGNAL, SIGNAL[::-1]]), tf.float32)
    s = tf.signal.stft(x, 16, 4)
    mel = tf.signal.linear_to_mel_weight_matrix(6, 9, 8000, 125.0, 3800.0)
    logmel = tf.log(tf.tensordot(tf.abs(s), mel, 1) + 1e-6)
    outs = dict(stft=s, mel=mel, logmel=logmel, mfcc=tf.signal.mfccs_from_log_mel_spectrograms(logmel),
                mfcc_named=tf.signal.mfccs_from_log_mel_spectrograms(logmel, name="cepstrum"),
                inverse=tf.signal.inverse_stft(s, 16, 4), frames=tf.signal.frame(x, 8, 4),
                dct=tf.signal.dct(x), hann=tf.signal.hann_window(8))
    names = {k: v.name + ":" + v.op.type for k, v in outs.items()}
    return dict(run(dict(mfcc=outs["mfcc"])), names=names)


# --- FFTND (TF has GPU kernels only: its graph-time behaviour is what is recorded) --------------

@case
def fftnd_graph(tf, run):
    z = tf.constant(Z, tf.complex64)
    fed = tf.placeholder(tf.complex64, [None, 3])
    outs = dict(fftnd=tf.signal.fftnd(z), axes=tf.signal.fftnd(z, fft_length=[2, 6], axes=[0, 2]),
                ifftnd=tf.signal.ifftnd(z, axes=[1]),
                # not rfftnd/irfftnd: TF's static shapes of RFFTND and IRFFTND are swapped (RFFTND keeps the last
                # axis's input length, IRFFTND halves fft_length there), which the transforms' outputs contradict;
                # sessionflow infers the outputs' shapes (test_complex.py checks them against numpy)
                ortho=tf.signal.fftnd(z, fft_length=[4], axes=[2], norm="ortho"),
                fed=tf.signal.fftnd(fed, fft_length=[4], axes=[1]))
    return dict(kinds=kinds(outs), nodes={k: [t.op.name, [i.op.type for i in t.op.inputs]] for k, t in outs.items()})


# --- GraphDef and checkpoints of complex values -----------------------------------------------

@case
def complex_graph_def(tf, run):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(Z[0].astype(np.complex64), name="a")
        b = tf.constant(1 - 2j, tf.complex128, name="b")
        c = tf.constant([3 + 4j], tf.complex64, name="c")
        tf.add(tf.abs(a), tf.abs(c), name="out")
        tf.multiply(b, b, name="b2")
    gd = g.as_graph_def()
    consts = {}
    for node in gd.node:
        if node.op == "Const":
            t = node.attr["value"].tensor
            consts[node.name] = dict(scomplex=list(t.scomplex_val), dcomplex=list(t.dcomplex_val),
                                     content=len(t.tensor_content))
    out, b2 = tf.import_graph_def(gd, return_elements=["out:0", "b2:0"], name="imported")
    return dict(run(dict(out=out, b2=b2)), consts=consts)
