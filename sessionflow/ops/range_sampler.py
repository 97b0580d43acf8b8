"""TF's candidate samplers (`tensorflow/core/kernels/range_sampler.cc`), bit for bit.

A sampler execution reads the Philox word stream from its base counter through `SimplePhilox`: each
draw takes two 32-bit words, as `RandDouble` (log-uniform: the first word gives the high mantissa bits)
or `Rand64` (uniform: the first word is the low half) followed by TF's exact-uniform rejection. With
`unique`, draws repeat until `num_sampled` distinct values have appeared, and `num_tries` (the number of
draws) enters the expected counts `-expm1(num_tries * log1p(-p))`, which TF computes in float32.

Transcendentals go through the C library TF calls: double `exp`/`log` through Python's `math`, the
float32 `log1pf`/`expm1f` through ctypes (NumPy's float32 versions differ in the last bit for a few
percent of inputs); without a loadable libm they fall back to float64 rounded to float32.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math

import numpy as np

from . import philox

_M64 = (1 << 64) - 1
_BLOCKS_PER_SAMPLE = 512  # the kernel reserves 2048 32-bit samples per sampled candidate


def reserved_blocks(num_sampled: int) -> int:
    """How far one execution moves the op's Philox counter (`ReserveSamples32(2048 * num_sampled)`)."""
    return _BLOCKS_PER_SAMPLE * num_sampled


def _libm_float_fn(name: str):
    path = ctypes.util.find_library("m")
    try:
        fn = getattr(ctypes.CDLL(path), name)
    except (OSError, AttributeError, TypeError):
        return None
    fn.restype, fn.argtypes = ctypes.c_float, [ctypes.c_float]
    return fn


_LOG1PF, _EXPM1F = _libm_float_fn("log1pf"), _libm_float_fn("expm1f")


def _float_fn(fn, fallback, x: np.ndarray) -> np.ndarray:
    if fn is None:
        return fallback(x.astype(np.float64)).astype(np.float32)
    return np.array([fn(v) for v in x.tolist()], dtype=np.float32)


def _words(key, base: int, start: int, count: int) -> np.ndarray:
    """32-bit words `start .. start+count` of the stream at `base` (as uint64)."""
    first, last = start // 4, (start + count + 3) // 4
    words = philox.blocks(np, key, (base + first) & ((1 << 128) - 1), last - first).reshape(-1)
    return words[start - 4 * first:start - 4 * first + count].astype(np.uint64)


def _draws_log_uniform(words: np.ndarray, range_max: int) -> np.ndarray:
    """`LogUniformSampler::Sample` for each pair of words: int64(exp(u * log1p(range))) - 1, mod range."""
    x0, x1 = words[0::2], words[1::2]
    u = (((x0 & 0xFFFFF) << np.uint64(32)) | x1).astype(np.float64) * 2.0**-52
    log_range = math.log1p(range_max)
    values = np.array([int(math.exp(v * log_range)) - 1 for v in u.tolist()], dtype=np.int64)
    return values % range_max


def _draws_uniform(words: np.ndarray, range_max: int) -> np.ndarray:
    """`UniformSampler::Sample` (`Uniform64`) for each pair of words; rejected draws are -1."""
    n = np.uint64(range_max)
    values = words[0::2] | (words[1::2] << np.uint64(32))
    if range_max & (range_max - 1) == 0:
        return (values & (n - np.uint64(1))).astype(np.int64)
    rem = np.uint64(_M64 % range_max + 1)
    return np.where(values < rem, np.int64(-1), (values % n).astype(np.int64))


def sample(kind: str, key, base: int, num_sampled: int, unique: bool, range_max: int):
    """(candidates int64[num_sampled], num_tries) of one execution of the `kind` ("log_uniform" or
    "uniform") sampler starting at counter `base`."""
    draw = _draws_log_uniform if kind == "log_uniform" else _draws_uniform
    chunk, start, values = max(2 * num_sampled, 16), 0, np.zeros((0,), np.int64)
    while True:  # each draw uses two words; uniform draws may be rejected (-1) and use another two
        values = np.concatenate([values, draw(_words(key, base, start, 2 * chunk), range_max)])
        start += 2 * chunk
        tries = np.flatnonzero(values >= 0)
        if not unique:
            if tries.size >= num_sampled:
                return values[tries[:num_sampled]], num_sampled
        else:
            accepted = values[tries]
            _, first = np.unique(accepted, return_index=True)
            if first.size >= num_sampled:
                first = np.sort(first)[:num_sampled]
                return accepted[first], int(first[-1]) + 1
        chunk *= 2


def probability(kind: str, values: np.ndarray, range_max: int) -> np.ndarray:
    """`Probability(value)` of each value, as float32."""
    if kind == "uniform":
        return np.full(values.shape, np.float32(1.0 / range_max), dtype=np.float32)
    ratios = (values.astype(np.float64) + 2.0) / (values.astype(np.float64) + 1.0)
    logs = np.array([math.log(r) for r in ratios.reshape(-1).tolist()], dtype=np.float64).reshape(values.shape)
    return (logs / math.log1p(range_max)).astype(np.float32)


def expected_count(p: np.ndarray, batch_size: int, num_tries: int) -> np.ndarray:
    """TF's `ExpectedCountHelper` in float32: p * batch_size, or -expm1(num_tries * log1p(-p))."""
    p = np.asarray(p, np.float32)
    if num_tries == batch_size:
        return p * np.float32(batch_size)
    flat = p.reshape(-1)
    logs = _float_fn(_LOG1PF, np.log1p, -flat)
    scaled = (np.float32(num_tries) * logs).astype(np.float32)
    return (-_float_fn(_EXPM1F, np.expm1, scaled)).reshape(p.shape)
