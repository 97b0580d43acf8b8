"""tf.signal's composites over the FFT ops (ops/spectral.py): framing and overlap-add, DCTs, windows, STFTs, MDCTs,
mel filterbanks, MFCCs and fftshift. Each builds the same arithmetic as TF's Python (so values and gradients
agree), from sessionflow's ops; none declares an op type of its own."""

from __future__ import annotations

import math as _math

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor, get_default_graph
from ..framework.registry import static_value
from .array import concat, expand_dims, reshape, shape as shape_of, zeros_like
from .array_slicing import gather, range as range_
from .array_transform import pad, split, tile, transpose
from .complex_ops import complex, real
from .constant import constant, convert_to_tensor
from .math import (cast, cos, equal, exp, log, maximum, minimum, negative, realdiv, rsqrt, sin, sqrt,
                   square, subtract)
from .reduction import reduce_sum
from .spectral import irfft, rfft


def _static_int(t):
    v = static_value(t) if isinstance(t, Tensor) else t
    return None if v is None else int(np.asarray(v))


def _floordiv_ceil(a, b):
    """-(-a // b) for ints or int tensors."""
    return -((-a) // b)


# --- framing ---------------------------------------------------------------------------------

@tf_export("signal.frame")
def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None) -> Tensor:
    """`tf.signal.frame`: windows of `frame_length` samples every `frame_step` along `axis` (a new frame axis
    before the window axis); `pad_end` pads the end with `pad_value` so that every sample is in a frame."""
    with get_default_graph().name_scope(name or "frame"):
        signal = convert_to_tensor(signal, name="signal")
        frame_length = convert_to_tensor(frame_length, name="frame_length")
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        if signal.shape.ndims is not None and signal.shape.ndims < 1:
            raise ValueError(f"Shape {signal.shape} must have rank at least 1")
        for what, t in (("frame_length", frame_length), ("frame_step", frame_step)):
            if t.shape.ndims not in (None, 0):
                raise ValueError(f"Shape {t.shape} must have rank 0")
        ax = _static_int(axis)
        ndims = signal.shape.ndims
        if ax is None or ndims is None:
            raise NotImplementedError("tf.signal.frame in sessionflow needs a static axis and signal rank")
        ax = range(ndims)[ax]
        length_static = signal.shape.as_tuple()[ax]
        length = length_static if length_static is not None else shape_of(signal)[ax]
        fl, fs = _static_int(frame_length), _static_int(frame_step)
        length_v = fl if fl is not None else frame_length
        step_v = fs if fs is not None else frame_step
        if pad_end:
            pad_value = convert_to_tensor(pad_value, signal.dtype)
            num_frames = _floordiv_ceil(length, step_v)
            pad_samples = maximum(0, length_v + step_v * (num_frames - 1) - length)
            if all(isinstance(v, int) for v in (length, length_v, step_v)):
                pad_samples = max(0, length_v + step_v * (num_frames - 1) - length)
            paddings = [[0, 0]] * ax + [[0, pad_samples]] + [[0, 0]] * (ndims - ax - 1)
            if not isinstance(pad_samples, int):
                from .array import stack

                paddings = stack([stack([constant(0), pad_samples]) if i == ax else constant([0, 0])
                                  for i in range(ndims)])
            signal = pad(signal, paddings, constant_values=pad_value)
            length = length + pad_samples
        elif all(isinstance(v, int) for v in (length, length_v, step_v)):
            num_frames = max(0, 1 + (length - length_v) // step_v)
        else:
            num_frames = maximum(constant(0, dtype=frame_length.dtype), 1 + (length - length_v) // step_v)
        if fl is None or fs is None:
            raise NotImplementedError("tf.signal.frame in sessionflow needs static frame_length and frame_step")
        # TF's layout: cut the signal into subframes of gcd(frame_length, frame_step) samples, gather whole
        # subframes per frame (so the gradient reaches the signal through a reshape, dense)
        sub = _math.gcd(fl, fs)
        num_sub = length // sub
        dims_now = signal.shape.as_tuple()
        outer, inner = list(dims_now[:ax]), list(dims_now[ax + 1:])
        static = None not in outer + inner and isinstance(num_sub, int)
        if static:
            sliced = signal if dims_now[ax] == num_sub * sub else \
                _slice_axis(signal, ax, num_sub * sub)
            subframes = reshape(sliced, outer + [num_sub, sub] + inner)
        else:
            from .array import stack

            sizes = shape_of(signal)
            sliced = _slice_axis(signal, ax, num_sub * sub)
            subframes = reshape(sliced, concat([sizes[:ax], stack([num_sub, sub]), sizes[ax + 1:]], 0))
        selector = (reshape(range_(num_frames, dtype=frame_length.dtype) * (fs // sub), [-1, 1])
                    + reshape(range_(fl // sub, dtype=frame_length.dtype), [1, -1]))
        gathered = gather(subframes, selector, axis=ax)
        if static and isinstance(num_frames, int):
            frames = reshape(gathered, outer + [num_frames, fl] + inner)
        else:
            from .array import stack

            sizes = shape_of(signal)
            frames = reshape(gathered, concat([sizes[:ax], stack([num_frames, fl]), sizes[ax + 1:]], 0))
        dims = signal.shape.as_tuple()
        static_frames = num_frames if isinstance(num_frames, int) else None
        if length_static is None and not pad_end:
            static_frames = None
        frames.set_shape(list(dims[:ax]) + [static_frames, fl] + list(dims[ax + 1:]))
        return frames


def _slice_axis(t: Tensor, axis: int, size) -> Tensor:
    """The first `size` entries of `t` along `axis`."""
    from .array_transform import slice as slice_

    rank = t.shape.ndims
    if isinstance(size, int):
        return slice_(t, [0] * rank, [size if i == axis else -1 for i in range(rank)])
    from .array import stack

    return slice_(t, [0] * rank, stack([size if i == axis else constant(-1) for i in range(rank)]))


@tf_export("signal.overlap_and_add")
def overlap_and_add(signal, frame_step, name=None) -> Tensor:
    """`tf.signal.overlap_and_add`: sums frames `[..., frames, frame_length]` placed every `frame_step` samples."""
    with get_default_graph().name_scope(name or "overlap_and_add"):
        signal = convert_to_tensor(signal, name="signal")
        if signal.shape.ndims is not None and signal.shape.ndims < 2:
            raise ValueError(f"Shape {signal.shape} must have rank at least 2")
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        if frame_step.shape.ndims not in (None, 0):
            raise ValueError(f"Shape {frame_step.shape} must have rank 0")
        if not frame_step.dtype.is_integer:
            raise ValueError(f"frame_step must be an integer. Got {frame_step.dtype}")
        step = _static_int(frame_step)
        dims = signal.shape.as_tuple()
        if step is None or dims is None or None in dims[-2:]:
            raise NotImplementedError("tf.signal.overlap_and_add in sessionflow needs a static frame_step and "
                                      "static frame counts and lengths")
        outer = list(dims[:-2])
        outer_shape = [-1 if d is None else d for d in outer]
        if outer_shape.count(-1) > 1:
            outer_shape = shape_of(signal)[:-2]
        frames, frame_length = dims[-2], dims[-1]
        output_length = frame_length + step * (frames - 1)

        def full(inner):
            if isinstance(outer_shape, list):
                return outer_shape + inner
            return concat([outer_shape, inner], 0)

        if step == frame_length:
            return reshape(signal, full([output_length]), name="fast_path")
        segments = _floordiv_ceil(frame_length, step)
        rank = len(dims)
        signal = pad(signal, [[0, 0]] * (rank - 2) + [[0, segments], [0, segments * step - frame_length]])
        signal = reshape(signal, full([frames + segments, segments, step]))
        perm = list(range(rank - 2)) + [rank - 1, rank - 2, rank]
        signal = transpose(signal, perm)
        signal = reshape(signal, full([(frames + segments) * segments, step]))
        signal = signal[..., :(frames + segments - 1) * segments, :]
        signal = reshape(signal, full([segments, frames + segments - 1, step]))
        signal = reduce_sum(signal, -3)
        signal = reshape(signal, full([(frames + segments - 1) * step]))
        return signal[..., :output_length]


# --- windows ---------------------------------------------------------------------------------

def _raised_cosine(name, default, window_length, periodic, dtype, a, b) -> Tensor:
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype}")
    with get_default_graph().name_scope(name or default):
        window_length = convert_to_tensor(window_length, dtype=dtypes.int32, name="window_length")
        if window_length.shape.ndims not in (None, 0):
            raise ValueError(f"Shape {window_length.shape} must have rank 0")
        n_static = _static_int(window_length)
        if n_static == 1:
            from .array import ones

            return ones([1], dtype=dtype)
        periodic = cast(convert_to_tensor(periodic, dtype=dtypes.bool, name="periodic"), dtypes.int32)
        even = 1 - window_length % 2
        n = cast(window_length + periodic * even - 1, dtype)
        count = cast(range_(window_length), dtype)
        cos_arg = constant(2 * np.pi, dtype=dtype) * count / n
        if n_static is None:
            raise NotImplementedError("window functions in sessionflow need a static window_length")
        return cast(a - b * cos(cos_arg), dtype)


@tf_export("signal.hann_window")
def hann_window(window_length, periodic=True, dtype=dtypes.float32, name=None) -> Tensor:
    """`tf.signal.hann_window`: 0.5 - 0.5 cos(2 pi n / N) (N = length, or length - 1 when not periodic)."""
    return _raised_cosine(name, "hann_window", window_length, periodic, dtype, 0.5, 0.5)


@tf_export("signal.hamming_window")
def hamming_window(window_length, periodic=True, dtype=dtypes.float32, name=None) -> Tensor:
    """`tf.signal.hamming_window`: 0.54 - 0.46 cos(2 pi n / N)."""
    return _raised_cosine(name, "hamming_window", window_length, periodic, dtype, 0.54, 0.46)


@tf_export("signal.vorbis_window")
def vorbis_window(window_length, dtype=dtypes.float32, name=None) -> Tensor:
    """`tf.signal.vorbis_window`: sin(pi/2 sin^2(pi (n + 0.5) / N)), the MDCT's power-complementary window."""
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype}")
    with get_default_graph().name_scope(name or "vorbis_window"):
        window_length = convert_to_tensor(window_length, dtype=dtypes.int32)
        arg = cast(range_(window_length), dtype)
        inner = sin(np.pi / cast(window_length, dtype) * (arg + 0.5))
        from .math import pow as pow_

        return sin(np.pi / 2.0 * pow_(inner, 2.0))


def _window_length(window_length, dtype) -> Tensor:
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype}")
    window_length = convert_to_tensor(window_length, dtype=dtypes.int32)
    window_length.shape.assert_has_rank(0)
    return window_length


@tf_export("signal.kaiser_window")
def kaiser_window(window_length, beta=12.0, dtype=dtypes.float32, name=None) -> Tensor:
    """`tf.signal.kaiser_window`: I0(beta sqrt(1 - (2n/(N-1) - 1)^2)) / I0(beta), computed with the scaled Bessel
    function (exp(num - beta) * i0e(num) / i0e(beta)) so that large `beta` does not overflow."""
    from .array import ones
    from .math_special_bessel import bessel_i0e
    from .nn_activation import relu

    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "kaiser_window"):
        window_length = _window_length(window_length, dtype)
        if _static_int(window_length) == 1:
            return ones([1], dtype=dtype)
        half = (cast(window_length, dtypes.float32) - 1.0) / 2.0
        arg = cast(range_(-half, half + 0.1, dtype=dtypes.float32), dtype)
        beta = cast(beta, dtype)
        half = cast(half, dtype)
        num = beta * sqrt(relu(cast(1.0, dtype) - square(arg / half)))
        return exp(num - beta) * (bessel_i0e(num) / bessel_i0e(beta))


@tf_export("signal.kaiser_bessel_derived_window")
def kaiser_bessel_derived_window(window_length, beta=12.0, dtype=dtypes.float32, name=None) -> Tensor:
    """`tf.signal.kaiser_bessel_derived_window`: the square root of the normalized running sum of a Kaiser window
    of half the length plus one, mirrored (a power-complementary window for the MDCT)."""
    from .math_extra import cumsum

    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "kaiser_bessel_derived_window"):
        window_length = _window_length(window_length, dtype)
        running = cumsum(kaiser_window(window_length // 2 + 1, beta, dtype=dtype))
        half = sqrt(running[:-1] / running[-1])
        return concat((half, half[::-1]), axis=0)


# --- DCT -------------------------------------------------------------------------------------

def _check_dct(input, dct_type, n, axis, norm):
    if axis != -1:
        raise NotImplementedError(f"axis must be -1. Got: {axis}")
    if n is not None and n < 1:
        raise ValueError("n should be a positive integer or None")
    if dct_type not in (1, 2, 3, 4):
        raise ValueError("Types I, II, III and IV (I)DCT are supported.")
    if dct_type == 1:
        if norm == "ortho":
            raise ValueError("Normalization is not supported for the Type-I DCT.")
        last = input.shape.as_tuple()[-1] if input.shape.ndims else None
        if last is not None and last < 2:
            raise ValueError("Type-I DCT requires the dimension to be greater than one.")
    if norm not in (None, "ortho"):
        raise ValueError(f"Unknown normalization. Expected None or 'ortho', got: {norm}")


def _dct(input, dct_type, n, norm, name) -> Tensor:
    with get_default_graph().name_scope(name or "dct"):
        input = convert_to_tensor(input)
        zero = convert_to_tensor(0.0, dtype=input.dtype)
        seq_len = input.shape.as_tuple()[-1]
        if seq_len is None:
            raise NotImplementedError("tf.signal.dct in sessionflow needs a static last dimension")
        if n is not None:
            if n <= seq_len:
                input = input[..., 0:n]
            else:
                rank = input.shape.ndims
                input = pad(input, [[0, 0]] * (rank - 1) + [[0, n - seq_len]])
        size = input.shape.as_tuple()[-1]
        size_f = cast(size, input.dtype)
        if dct_type == 1:
            return real(rfft(concat([input, input[..., -2:0:-1]], axis=-1)))
        if dct_type == 2:
            scale = 2.0 * exp(complex(zero, negative(range_(size_f)) * _math.pi * 0.5 / size_f))
            out = real(rfft(input, fft_length=[2 * size])[..., :size] * scale)
            if norm == "ortho":
                n1 = 0.5 * rsqrt(size_f)
                n2 = n1 * _math.sqrt(2.0)
                out *= pad(expand_dims(n1, 0), [[0, size - 1]], constant_values=n2)
            return out
        if dct_type == 3:
            if norm == "ortho":
                n1 = sqrt(size_f)
                n2 = n1 * _math.sqrt(0.5)
                input *= pad(expand_dims(n1, 0), [[0, size - 1]], constant_values=n2)
            else:
                input *= size_f
            scale = 2.0 * exp(complex(zero, range_(size_f) * _math.pi * 0.5 / size_f))
            return real(irfft(scale * complex(input, zero), fft_length=[2 * size]))[..., :size]
        out = _dct(input, 2, 2 * size, None, None)[..., 1::2]
        if norm == "ortho":
            out *= _math.sqrt(0.5) * rsqrt(size_f)
        return out


@tf_export("signal.dct", "spectral.dct")
def dct(input, type=2, n=None, axis=-1, norm=None, name=None) -> Tensor:  # noqa: A002 - TF's names
    """`tf.signal.dct`: DCT types I-IV over the last axis (through an RFFT), `norm='ortho'` for II-IV."""
    _check_dct(input if isinstance(input, Tensor) else convert_to_tensor(input), type, n, axis, norm)
    return _dct(input, type, n, norm, name)


@tf_export("signal.idct", "spectral.idct")
def idct(input, type=2, n=None, axis=-1, norm=None, name=None) -> Tensor:  # noqa: A002
    """`tf.signal.idct`: the inverse of `dct` of the same type (a DCT of the inverse type; scaled by 1/2N
    unless `norm='ortho'`, as TF's)."""
    _check_dct(input if isinstance(input, Tensor) else convert_to_tensor(input), type, n, axis, norm)
    return _dct(input, {1: 1, 2: 3, 3: 2, 4: 4}[type], n, norm, name)


# --- STFT and MDCT ---------------------------------------------------------------------------

def _enclosing_power_of_two(value: Tensor) -> Tensor:
    v = _static_int(value)
    if v is None:
        raise NotImplementedError("sessionflow's STFT needs a static frame_length when fft_length is None")
    return constant(int(2 ** np.ceil(np.log(v) / np.log(2.0))), value.dtype)


@tf_export("signal.stft")
def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window, pad_end=False,
         name=None) -> Tensor:
    """`tf.signal.stft`: frames, windowed, RFFT of `fft_length` (default: the power of two enclosing frame_length)."""
    with get_default_graph().name_scope(name or "stft"):
        signals = convert_to_tensor(signals, name="signals")
        frame_length = convert_to_tensor(frame_length, name="frame_length")
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        fft_length = (_enclosing_power_of_two(frame_length) if fft_length is None
                      else convert_to_tensor(fft_length, name="fft_length"))
        framed = frame(signals, frame_length, frame_step, pad_end=pad_end)
        if window_fn is not None:
            framed *= window_fn(frame_length, dtype=framed.dtype)
        from .array import stack

        return rfft(framed, stack([fft_length]))


@tf_export("signal.inverse_stft_window_fn")
def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """`tf.signal.inverse_stft_window_fn`: a window_fn for `inverse_stft` that undoes `forward_window_fn`'s
    overlapped gain (forward window / sum of its overlapping squares)."""

    def inverse_window(frame_length, dtype):
        with get_default_graph().name_scope(name or "inverse_stft_window_fn"):
            step = _static_int(convert_to_tensor(frame_step, name="frame_step"))
            length = _static_int(convert_to_tensor(frame_length, name="frame_length"))
            forward = forward_window_fn(frame_length, dtype=dtype)
            overlaps = _floordiv_ceil(length, step)
            denom = pad(square(forward), [(0, overlaps * step - length)])
            denom = reduce_sum(reshape(denom, [overlaps, step]), 0, keepdims=True)
            denom = reshape(tile(denom, [overlaps, 1]), [overlaps * step])[:length]
            from .array_index import where

            return where(equal(denom, 0.0), zeros_like(forward), realdiv(forward, denom))

    return inverse_window


@tf_export("signal.inverse_stft")
def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window, name=None) -> Tensor:
    """`tf.signal.inverse_stft`: IRFFT of each frame, cropped or padded to frame_length, windowed, overlap-added."""
    with get_default_graph().name_scope(name or "inverse_stft"):
        stfts = convert_to_tensor(stfts, name="stfts")
        frame_length = convert_to_tensor(frame_length, name="frame_length")
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        fft_length = (_enclosing_power_of_two(frame_length) if fft_length is None
                      else convert_to_tensor(fft_length, name="fft_length"))
        from .array import stack

        frames = irfft(stfts, stack([fft_length]))
        length = _static_int(frame_length)
        have = frames.shape.as_tuple()[-1] if frames.shape.ndims else None
        if length is None or have is None:
            raise NotImplementedError("sessionflow's inverse_stft needs static frame and FFT lengths")
        if have > length:
            frames = frames[..., :length]
        elif have < length:
            frames = pad(frames, [[0, 0]] * (frames.shape.ndims - 1) + [[0, length - have]])
        if window_fn is not None:
            frames *= window_fn(frame_length, dtype=stfts.dtype.real_dtype)
        return overlap_and_add(frames, frame_step)


@tf_export("signal.mdct")
def mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None, name=None) -> Tensor:
    """`tf.signal.mdct`: frames of `frame_length` (a multiple of 4) every half frame, windowed, folded, DCT-IV."""
    with get_default_graph().name_scope(name or "mdct"):
        signals = convert_to_tensor(signals, name="signals")
        frame_length = convert_to_tensor(frame_length, name="frame_length")
        length = _static_int(frame_length)
        if length is None:
            raise NotImplementedError("sessionflow's mdct needs a static frame_length")
        if length % 4 != 0:
            raise ValueError("The frame length must be a multiple of 4.")
        step = convert_to_tensor(length // 2, dtype=frame_length.dtype)
        framed = frame(signals, frame_length, step, pad_end=pad_end)
        if window_fn is not None:
            framed *= window_fn(frame_length, dtype=framed.dtype)
        else:
            framed *= 1.0 / np.sqrt(2)
        from .array_reverse import reverse

        a, b, c, d = split(framed, 4, axis=-1)
        first = subtract(negative(reverse(c, [-1])), d)
        second = subtract(a, reverse(b, [-1]))
        return dct(concat((first, second), axis=-1), type=4, norm=norm)


@tf_export("signal.inverse_mdct")
def inverse_mdct(mdcts, window_fn=vorbis_window, norm=None, name=None) -> Tensor:
    """`tf.signal.inverse_mdct`: DCT-IV of each frame, unfolded, windowed, overlap-added every half frame."""
    with get_default_graph().name_scope(name or "inverse_mdct"):
        mdcts = convert_to_tensor(mdcts, name="mdcts")
        half = mdcts.shape.as_tuple()[-1]
        half_t = cast(half, dtypes.int32)
        if norm is None:
            idct4 = 0.5 / cast(half_t, mdcts.dtype) * dct(mdcts, type=4)
        elif norm == "ortho":
            idct4 = dct(mdcts, type=4, norm="ortho")
        from .array_reverse import reverse

        lo, hi = split(idct4, 2, axis=-1)
        frames = concat((hi, negative(reverse(hi, [-1])), negative(reverse(lo, [-1])), negative(lo)), axis=-1)
        if window_fn is not None:
            frames *= window_fn(2 * half_t, dtype=mdcts.dtype)
        else:
            frames *= 1.0 / np.sqrt(2)
        return overlap_and_add(frames, half)


# --- mel filterbanks and MFCCs ---------------------------------------------------------------

_MEL_BREAK_HZ = 700.0
_MEL_HIGH_Q = 1127.0


def _hertz_to_mel(hz):
    return _MEL_HIGH_Q * log(1.0 + hz / _MEL_BREAK_HZ)


@tf_export("signal.linear_to_mel_weight_matrix")
def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000, lower_edge_hertz=125.0,
                                upper_edge_hertz=3800.0, dtype=dtypes.float32, name=None) -> Tensor:
    """`tf.signal.linear_to_mel_weight_matrix`: `[num_spectrogram_bins, num_mel_bins]` triangular filters, evenly
    spaced on the HTK mel scale between the edges (the DC bin gets no weight)."""
    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "linear_to_mel_weight_matrix") as scope:
        if isinstance(sample_rate, Tensor):
            known = static_value(sample_rate)
            if known is not None:
                sample_rate = known
        if num_mel_bins <= 0:
            raise ValueError(f"num_mel_bins must be positive. Got: {num_mel_bins}")
        if lower_edge_hertz < 0.0:
            raise ValueError(f"lower_edge_hertz must be non-negative. Got: {lower_edge_hertz}")
        if lower_edge_hertz >= upper_edge_hertz:
            raise ValueError("lower_edge_hertz %.1f >= upper_edge_hertz %.1f" % (lower_edge_hertz, upper_edge_hertz))
        if not isinstance(sample_rate, Tensor):
            if sample_rate <= 0.0:
                raise ValueError(f"sample_rate must be positive. Got: {sample_rate}")
            if upper_edge_hertz > sample_rate / 2:
                raise ValueError("upper_edge_hertz must not be larger than the Nyquist frequency (sample_rate / 2). "
                                 f"Got {upper_edge_hertz} for sample_rate: {sample_rate}")
        if not dtype.is_floating:
            raise ValueError(f"dtype must be a floating point type. Got: {dtype}")
        from .array import linspace

        sample_rate = cast(sample_rate, dtype, name="sample_rate")
        lower = convert_to_tensor(lower_edge_hertz, dtype, name="lower_edge_hertz")
        upper = convert_to_tensor(upper_edge_hertz, dtype, name="upper_edge_hertz")
        zero = convert_to_tensor(0.0, dtype)
        linear = linspace(zero, sample_rate / 2.0, num_spectrogram_bins)[1:]
        bins_mel = expand_dims(_hertz_to_mel(linear), 1)
        edges = frame(linspace(_hertz_to_mel(lower), _hertz_to_mel(upper), num_mel_bins + 2),
                      frame_length=3, frame_step=1)
        lo, center, hi = (reshape(t, [1, num_mel_bins]) for t in split(edges, 3, axis=1))
        lower_slopes = (bins_mel - lo) / (center - lo)
        upper_slopes = (hi - bins_mel) / (hi - center)
        weights = maximum(zero, minimum(lower_slopes, upper_slopes))
        return pad(weights, [[1, 0], [0, 0]], name=scope)


@tf_export("signal.mfccs_from_log_mel_spectrograms")
def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None) -> Tensor:
    """`tf.signal.mfccs_from_log_mel_spectrograms`: the orthonormal-scaled DCT-II of log-mel spectrograms."""
    with get_default_graph().name_scope(name or "mfccs_from_log_mel_spectrograms"):
        spectrograms = convert_to_tensor(log_mel_spectrograms)
        bins = spectrograms.shape.as_tuple()[-1] if spectrograms.shape.ndims else None
        if bins == 0:
            raise ValueError(f"num_mel_bins must be positive. Got: {spectrograms}")
        if bins is None:
            bins = shape_of(spectrograms)[-1]
        dct2 = dct(spectrograms, type=2)
        return dct2 * rsqrt(cast(bins, dct2.dtype) * 2.0)


# --- fftshift --------------------------------------------------------------------------------

def _shift(x, axes, name, default, inverse):
    from .array_scatter_nd import roll
    from .math import floordiv

    with get_default_graph().name_scope(name or default) as scope:
        x = convert_to_tensor(x)
        sizes = shape_of(x)
        if axes is None:
            axes = tuple(range(x.shape.ndims))
            shift = floordiv(sizes, 2)
        elif isinstance(axes, int):
            shift = floordiv(sizes[axes], 2)
        else:
            from .array import rank
            from .array_index import where
            from .math import add, less

            axes_t = convert_to_tensor(axes, dtypes.int32)
            axes = where(less(axes_t, 0), add(axes_t, rank(x)), axes_t)
            shift = floordiv(gather(sizes, axes), 2)
        if inverse:
            shift = negative(shift)
        return roll(x, shift, axes, name=scope)


@tf_export("signal.fftshift")
def fftshift(x, axes=None, name=None) -> Tensor:
    """`tf.signal.fftshift`: rolls the zero frequency to the centre (numpy.fft.fftshift)."""
    return _shift(x, axes, name, "fftshift", False)


@tf_export("signal.ifftshift")
def ifftshift(x, axes=None, name=None) -> Tensor:
    """`tf.signal.ifftshift`: the inverse of fftshift."""
    return _shift(x, axes, name, "ifftshift", True)
