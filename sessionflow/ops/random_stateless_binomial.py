"""StatelessRandomBinomial (`tf.random.stateless_binomial`), bit-exact with TensorFlow's CPU kernel.

The [2] seed gives a Philox key and counter (random_stateless.key_counter). Output element `i` (counted
batch-major: i = batch * samples_per_batch + sample) reads its own Philox blocks, from block 256 * i for the
BTRS transformed-rejection sampler (count * p >= 10) or 42 * i for binomial inversion (summing geometric
variables), each block giving two doubles (the second first); p > 0.5 samples count - Binomial(count, 1 - p).
The output is laid out sample-major, [sample dims..., batch dims...]."""

from __future__ import annotations

import math

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from . import philox
from .array import _shape_from_value
from .common import check_dtype
from .constant import convert_to_tensor
from .random_stateless import _set_static_shape, _shape_tensor, key_counter

_M128 = (1 << 128) - 1
_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64)
_OUT_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64)
_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
         0.0138761288230707, 0.0118967099458917, 0.0104112652619720, 0.00925546218271273, 0.00833056343336287)


class _Uniforms:
    """Doubles in [0, 1) from consecutive Philox blocks from `start`: per block the double of words 2-3, then
    that of words 0-1 (TF's UNIFORM macro takes the pair's last element first)."""

    def __init__(self, key, start: int):
        self._key, self._block, self._pending = key, start, []

    def next(self) -> float:
        if not self._pending:
            words = [int(w) for w in philox.blocks(np, self._key, self._block & _M128, 8).reshape(-1).tolist()]
            self._block += 8
            for b in range(7, -1, -1):  # consumed from the end of the list
                w0, w1, w2, w3 = words[4 * b:4 * b + 4]
                self._pending += [((w0 & 0xFFFFF) << 32 | w1) * 2.0**-52, ((w2 & 0xFFFFF) << 32 | w3) * 2.0**-52]
        return self._pending.pop()


def _inversion(count: float, prob: float, uniforms: _Uniforms) -> float:
    geom_sum, num_geom = 0.0, 0
    while True:
        geom_sum += math.ceil(_log(uniforms.next()) / math.log1p(-prob))
        if geom_sum > count:
            return float(num_geom)
        num_geom += 1


def _log(v: float) -> float:
    return math.log(v) if v > 0 else (-math.inf if v == 0 else math.nan)


def _stirling_tail(k: float) -> float:
    if k <= 9:
        return _TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _btrs(count: float, prob: float, uniforms: _Uniforms) -> float:
    stddev = math.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = count * prob + 0.5
    v_r = 0.92 - 4.2 / b
    r = prob / (1 - prob)
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor((count + 1) * prob)
    while True:
        u = uniforms.next() - 0.5
        v = uniforms.next()
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + c)
        if us >= 0.07 and v <= v_r:
            return float(k)
        if k < 0 or k > count:
            continue
        v = _log(v * alpha / (a / (us * us) + b))
        upper = ((m + 0.5) * _log((m + 1) / (r * (count - m + 1))) + (count + 1) * _log((count - m + 1) / (count - k + 1))
                 + (k + 0.5) * _log(r * (count - k + 1) / (k + 1)) + _stirling_tail(m) + _stirling_tail(count - m)
                 - _stirling_tail(k) - _stirling_tail(count - k))
        if v <= upper:
            return float(k)


def _sample(count, prob, t, key, base, output_idx) -> float:
    """One draw for element `output_idx` (count, prob of the op's type `t`, a NumPy scalar type)."""
    dcount = float(count)
    if dcount <= 0.0 or prob <= t(0.0):
        return 0.0
    if prob >= t(1.0):
        return dcount
    if prob <= t(0.5):
        p, flip = float(prob), False
        large = t(count * prob) >= t(10)
    elif prob > t(0.5):
        q = t(t(1) - prob)
        p, flip = float(q), True
        large = t(count * q) >= t(10)
    else:
        return math.nan
    if large:
        value = _btrs(dcount, p, _Uniforms(key, base + 256 * output_idx))
    else:
        value = _inversion(dcount, p, _Uniforms(key, base + 42 * output_idx))
    return dcount - value if flip else value


@op("StatelessRandomBinomial", inputs=("shape", "seed", "counts", "probs"), attrs=dict(dtype=dtypes.int64),
    type_attrs=dict(S="shape", Tseed="seed", T="counts"))
class StatelessRandomBinomial:
    """Binomial(counts, probs) draws of the given shape (ending with counts and probs' broadcast shape), a
    function of `seed` only."""

    def infer(shape, seed, counts, probs, dtype):
        check_dtype("StatelessRandomBinomial", "shape", shape, (dtypes.int32, dtypes.int64))
        check_dtype("StatelessRandomBinomial", "seed", seed, (dtypes.int32, dtypes.int64))
        check_dtype("StatelessRandomBinomial", "counts", counts, _TYPES)
        if probs.dtype.base_dtype is not counts.dtype.base_dtype:
            raise TypeError(f"Input 'probs' of 'StatelessRandomBinomial' Op has type {probs.dtype.base_dtype.name} "
                            f"that does not match type {counts.dtype.base_dtype.name} of argument 'counts'.")
        if dtype not in _OUT_TYPES:
            raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                            "values: float16, float32, float64, int32, int64")
        return dtype, _shape_from_value(shape, "shape")

    def kernel(xp, shape, seed, counts, probs, dtype):
        if seed.shape != (2,):
            raise errors.InvalidArgumentError(None, None, f"seed must have shape [2], not {list(seed.shape)}")
        try:
            bshape = np.broadcast_shapes(counts.shape, probs.shape)
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, f"counts and probs must have compatible batch dimensions: {list(counts.shape)} vs. "
                            f"{list(probs.shape)}") from None
        if shape.ndim != 1:
            raise errors.InvalidArgumentError(None, None, f"Input shape should be a vector, got shape: "
                                                          f"{list(shape.shape)}")
        out_shape = tuple(int(d) for d in shape.tolist())
        if len(out_shape) < len(bshape) or out_shape[len(out_shape) - len(bshape):] != tuple(bshape):
            raise errors.InvalidArgumentError(None, None, "Shape passed in must end with broadcasted shape.")
        out_type = dtype.as_numpy_dtype
        num_batches = int(np.prod(bshape, dtype=np.int64))
        total = int(np.prod(out_shape, dtype=np.int64))
        if total == 0:
            return np.zeros(out_shape, out_type)
        samples_per_batch = total // num_batches
        t = counts.dtype.type
        flat_counts = np.broadcast_to(counts, bshape).reshape(-1)
        flat_probs = np.broadcast_to(probs, bshape).reshape(-1)
        s = [int(v) for v in seed.tolist()]
        key, counter = key_counter(s[0], s[1])
        k = (key & 0xFFFFFFFF, key >> 32)
        base = counter[0] | (counter[1] << 64)
        out = np.empty(total, np.float64)
        for output_idx in range(total):
            batch, sample = divmod(output_idx, samples_per_batch)
            out[sample * num_batches + batch] = _sample(flat_counts[batch], flat_probs[batch], t, k, base,
                                                         output_idx)
        with np.errstate(invalid="ignore"):
            return out.astype(out_type).reshape(out_shape)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([3, 2], np.int32), np.array([1, 2], np.int32), np.array([5.0, 40.0]),
                 np.array([0.3, 0.6])), {})]


@tf_export("random.stateless_binomial")
def stateless_random_binomial(shape, seed, counts, probs, output_dtype=dtypes.int32, name=None):
    """Binomial(counts, probs) draws of `shape` (ending with counts and probs' broadcast shape), a function of
    `seed` ([2]) only."""
    with get_default_graph().name_scope(name or "stateless_random_binomial"):
        shape = _shape_tensor(shape)
        probs = convert_to_tensor(probs, preferred_dtype=dtypes.float32, name="probs")
        counts = convert_to_tensor(counts, preferred_dtype=probs.dtype.base_dtype, name="counts")
        seed = convert_to_tensor(seed, name="seed")
        result = StatelessRandomBinomial(shape, seed, counts, probs, dtype=dtypes.as_dtype(output_dtype))
        _set_static_shape(result, shape)
        return result
