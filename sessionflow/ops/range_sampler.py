"""TF's candidate samplers (`tensorflow/core/kernels/range_sampler.cc`), bit for bit: the uniform and log-uniform
draws vectorised; the unigram samplers (FixedUnigram's alias table, LearnedUnigram's weighted picker) one
draw at a time from a `WordStream`, since each draw takes a data-dependent number of words.

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
import threading

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


# --- unigram samplers (FixedUnigramSampler, UnigramSampler) ----------------------------------

class WordStream:
    """The 32-bit words of one sampler execution, read one at a time (`SimplePhilox` over the reserved
    Philox blocks), fetched in chunks."""

    def __init__(self, key, base: int):
        self._key, self._base, self._start, self._buffer, self._pos = key, base, 0, [], 0

    def next(self) -> int:
        if self._pos == len(self._buffer):
            self._buffer = [int(w) for w in _words(self._key, self._base, self._start, 256).tolist()]
            self._start += 256
            self._pos = 0
        self._pos += 1
        return self._buffer[self._pos - 1]

    def rand_float(self) -> float:
        """`RandFloat`: the word's low 23 bits as the mantissa of a float in [1, 2), minus 1."""
        bits = np.array([(self.next() & 0x7FFFFF) | 0x3F800000], np.uint32)
        return float(bits.view(np.float32)[0] - np.float32(1.0))

    def uniform(self, n: int) -> int:
        """`Uniform(n)` (and WeightedPicker's unbiased form): exact-uniform 32-bit draws by rejection."""
        if n == 0:
            return 0 * self.next()
        rem = (0xFFFFFFFF % n) + 1
        if rem == n:
            return self.next() & (n - 1)
        while True:
            bits = self.next()
            if bits >= rem:
                return bits % n


def sample_batch(draw, num_sampled: int, unique: bool):
    """`SampleBatchGetExpectedCountAvoid`'s draws: (candidates int64[num_sampled], num_tries)."""
    if not unique:
        return np.array([draw() for _ in range(num_sampled)], np.int64), num_sampled
    used, picked, tries = set(), [], 0
    while len(picked) < num_sampled:
        tries += 1
        value = draw()
        if value not in used:
            used.add(value)
            picked.append(value)
    return np.array(picked, np.int64), tries


_POWF = None


def _powf(values, exponent: float) -> np.ndarray:
    """C's powf on each float32 value (TF's `std::pow(float, float)`)."""
    global _POWF
    if _POWF is None:
        try:
            fn = ctypes.CDLL(ctypes.util.find_library("m")).powf
            fn.restype, fn.argtypes = ctypes.c_float, [ctypes.c_float, ctypes.c_float]
            _POWF = fn
        except (OSError, AttributeError, TypeError):
            _POWF = False
    e = float(np.float32(exponent))
    if not _POWF:
        return np.power(np.asarray(values, np.float64), e).astype(np.float32)
    return np.array([_POWF(float(v), e) for v in values], np.float32)


class FixedUnigram:
    """`FixedUnigramSampler`: float32 weights (reserved ids weigh 0; each weight raised to `distortion`; only
    the ids of this shard kept) and Walker's alias table (`DistributionSampler`) to draw from them."""

    def __init__(self, unigrams, distortion: float, num_reserved_ids: int, num_shards: int, shard: int):
        weights = [0.0 for i in range(num_reserved_ids) if i % num_shards == shard]
        kept = [w for i, w in enumerate(unigrams, start=len(weights)) if i % num_shards == shard]
        powered = _powf(np.asarray(kept, np.float32), distortion) if kept else np.zeros(0, np.float32)
        total = np.float32(0.0)
        for w in powered:
            total = np.float32(total + w)  # TF accumulates the total in float
        self.weights = np.concatenate([np.zeros(len(weights), np.float32), powered])
        self.total = total
        self._build_alias()

    def _build_alias(self):
        n = len(self.weights)
        total = 0.0
        for w in self.weights.tolist():
            total += w
        pr = [float(np.float32(w * np.float32(n))) / total if total else math.nan for w in self.weights]
        alt = [-1] * n
        high = [i for i in range(n) if not pr[i] < 1.0]
        low = [i for i in range(n) if pr[i] < 1.0]
        while high and low:
            small, large = low.pop(), high.pop()
            alt[small] = large
            pr[large] = pr[large] - (1.0 - pr[small])
            (low if pr[large] < 1.0 else high).append(large)
        prob = [float(np.float32(p)) for p in pr]
        for i in high + low:
            prob[i], alt[i] = 1.0, i
        self.prob, self.alt = prob, alt

    def draw(self, stream: WordStream) -> int:
        r = stream.rand_float()
        idx = stream.uniform(len(self.prob))
        return idx if r < self.prob[idx] else self.alt[idx]

    def probability(self, values: np.ndarray) -> np.ndarray:
        flat = values.reshape(-1)
        inside = (flat >= 0) & (flat < len(self.weights))
        w = np.zeros(flat.shape, np.float32)
        w[inside] = self.weights[flat[inside]]
        with np.errstate(all="ignore"):
            return (w / self.total).astype(np.float32).reshape(values.shape)


class LearnedUnigram:
    """`UnigramSampler`: a WeightedPicker over [0, range) whose integer weights start at 1 and grow by one
    for every true class seen (after each execution's draws). Kept per session, per op."""

    def __init__(self, range_max: int):
        self.weights = np.ones(range_max, np.int64)
        self.lock = threading.Lock()

    def draw_fn(self, stream: WordStream):
        cumulative = np.cumsum(self.weights)
        total = int(cumulative[-1])

        def draw():
            position = stream.uniform(total)
            return int(np.searchsorted(cumulative, position, side="right"))

        return draw

    def probability(self, values: np.ndarray) -> np.ndarray:
        total = np.float32(int(self.weights.sum()))
        return (self.weights[values].astype(np.float32) / total).astype(np.float32)

    def update(self, values: np.ndarray) -> None:
        room = 0x7FFFFFFF - int(self.weights.sum())
        for v in values.reshape(-1)[:max(room, 0)].tolist():
            self.weights[v] += 1
