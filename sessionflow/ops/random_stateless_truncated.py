"""StatelessParameterizedTruncatedNormal (`tf.random.stateless_parameterized_truncated_normal`), with TF's
CPU draws.

The [2] seed gives a Philox key and counter (random_stateless.key_counter). TF's kernel walks the outputs
batch-major (output i = batch * samples_per_batch + sample, written sample-major) through one Philox stream,
each batch with one of three rejection samplers chosen from its normalised bounds: normal draws kept inside
the bounds (a bound at least 1.3 standard deviations from the mean on one side), uniform proposals on
[normMin, normMax] (a narrow interval), or Robert's shifted exponential proposals (a far tail). Arithmetic is
in the op's type, with the C library's expf/logf for float32. TF splits large outputs across its intra-op
threads, each thread starting at a skip of its own; sessionflow draws every output in one pass, which is TF's
layout with one thread and for outputs small enough that TF keeps them in one shard (a few hundred values)."""

from __future__ import annotations

import ctypes
import ctypes.util
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
_MAX_ITERATIONS = 1000
_RANDN_BOUND = 1.3
_EPS32 = 1.0e-7


def _libm_float(name):
    try:
        fn = getattr(ctypes.CDLL(ctypes.util.find_library("m")), name)
    except (OSError, AttributeError, TypeError):
        return None
    fn.restype, fn.argtypes = ctypes.c_float, [ctypes.c_float]
    return fn


_EXPF, _LOGF = _libm_float("expf"), _libm_float("logf")


class _Math:
    """exp / log / sqrt in the op's type: float64 through the C library's double functions, float32 through
    expf / logf (as TF's Eigen::numext calls them)."""

    def __init__(self, t):
        self.t = t
        single = t is np.float32
        self.exp = (lambda v: t(_EXPF(float(v)))) if single and _EXPF else (lambda v: t(_exp(float(v))))
        self.log = (lambda v: t(_LOGF(float(v)))) if single and _LOGF else (lambda v: t(_log(float(v))))

    def sqrt(self, v):
        return self.t(np.sqrt(self.t(v)))


def _exp(v):
    try:
        return math.exp(v)
    except OverflowError:
        return math.inf


def _log(v):
    return math.log(v) if v > 0 else (-math.inf if v == 0 else math.nan)


class _Stream:
    """Philox blocks from `start`, turned into the op type's uniform or normal draws (TF's distributions:
    float32 4 per block, float64 2 per block)."""

    def __init__(self, key, start: int, t):
        self._key, self._next, self._t, self._blocks = key, start, t, []

    def _block(self):
        if not self._blocks:
            self._blocks = philox.blocks(np, self._key, self._next & _M128, 64).astype(np.uint64)[::-1].tolist()
            self._next += 64
        return np.array(self._blocks.pop(), np.uint64)

    def uniform(self):
        w = self._block()
        if self._t is np.float32:
            return list(philox._u32(np, w))
        return [float(philox._u64(np, w[0:1], w[1:2])[0]), float(philox._u64(np, w[2:3], w[3:4])[0])]

    def normal(self):
        w = self._block()
        if self._t is np.float32:
            z0, z1 = philox._box_muller_f32(np, w[0::2], w[1::2])
            return [z0[0], z1[0], z0[1], z1[1]]
        z0, z1 = philox._box_muller_f64(np, w[0:1], w[1:2], w[2:3], w[3:4])
        return [float(z0[0]), float(z1[0])]


def _batch(stream, m, t, params, start_sample, count, emit):
    """Draws `count` values for one batch member, calling emit(sample_idx, value)."""
    mean, stddev, minval, maxval = params
    if not (stddev > t(0) and minval < maxval and (np.isfinite(minval) or np.isfinite(maxval))):
        raise errors.InvalidArgumentError(None, None, "Invalid parameters")
    if (np.isinf(minval) and minval < t(0)) or maxval < mean:
        minval, maxval, stddev = maxval, minval, t(-stddev)
    norm_min = t(t(minval - mean) / stddev)
    norm_max = t(t(maxval - mean) / stddev)
    sqrt_factor = m.sqrt(t(norm_min * norm_min) + t(4))
    cutoff = t(t(t(2) * m.exp(t(t(0.5) + t(t(norm_min * t(norm_min - sqrt_factor)) / t(4)))))
               / t(norm_min + sqrt_factor))
    diff = t(norm_max - norm_min)
    sample, end, iterations = start_sample, start_sample + count, 0
    bound = t(_RANDN_BOUND)
    if (norm_min < -bound and norm_max >= t(0)) or (norm_max > bound and norm_min <= t(0)):
        while sample < end:
            for z in stream.normal():
                if norm_min <= z <= norm_max:
                    emit(sample, t(t(z * stddev) + mean))
                    sample += 1
                    if sample >= end:
                        break
                    iterations = 0
                else:
                    iterations += 1
                    if iterations > _MAX_ITERATIONS:
                        raise errors.InternalError(None, None, "TruncatedNormal randn rejection sampler failed to "
                                                               "accept a sample.")
    elif diff < cutoff:
        plus = t(0) if norm_min < t(0) else t(norm_min * norm_min)
        while sample < end:
            z = [t(t(r * diff) + norm_min) for r in stream.uniform()]
            g = [t(t(plus - t(v * v)) / t(2.0)) for v in z]
            u = stream.uniform()
            for i in range(len(z)):
                accept = u[i] <= m.exp(g[i])
                if accept or iterations + 1 >= _MAX_ITERATIONS:
                    if not accept:
                        raise errors.InternalError(None, None, "TruncatedNormal uniform rejection sampler failed "
                                                               "to  accept a sample.")
                    emit(sample, t(t(z[i] * stddev) + mean))
                    sample += 1
                    if sample >= end:
                        break
                    iterations = 0
                else:
                    iterations += 1
    else:
        alpha = t(t(norm_min + m.sqrt(t(norm_min * norm_min) + t(4))) / t(2))
        while sample < end:
            rand = stream.uniform()
            for i in range(0, len(rand), 2):
                z = t(t(-m.log(rand[i]) / alpha) + norm_min)
                x = t(alpha - z) if norm_min < alpha else t(norm_min - alpha)
                g = m.exp(t(t(-x * x) / t(2.0)))
                accept = rand[i + 1] <= g and z < norm_max
                if accept or iterations + 1 >= _MAX_ITERATIONS:
                    if not accept:
                        raise errors.InternalError(None, None, "TruncatedNormal exponential distribution rejection"
                                                               " sampler failed to accept a sample.")
                    emit(sample, t(t(z * stddev) + mean))
                    sample += 1
                    if sample >= end:
                        break
                    iterations = 0
                else:
                    iterations += 1


_TYPES = (dtypes.float16, dtypes.float32, dtypes.float64)


@op("StatelessParameterizedTruncatedNormal", inputs=("shape", "seed", "means", "stddevs", "minvals", "maxvals"),
    type_attrs=dict(S="shape", Tseed="seed", dtype="means"))
class StatelessParameterizedTruncatedNormal:
    """Normal values of the given shape (ending with the parameters' broadcast shape) truncated to
    [minvals, maxvals], a function of `seed` only."""

    def infer(shape, seed, means, stddevs, minvals, maxvals):
        check_dtype("StatelessParameterizedTruncatedNormal", "shape", shape, (dtypes.int32, dtypes.int64))
        check_dtype("StatelessParameterizedTruncatedNormal", "seed", seed, (dtypes.int32, dtypes.int64))
        check_dtype("StatelessParameterizedTruncatedNormal", "means", means, _TYPES)
        for name, t in (("stddevs", stddevs), ("minvals", minvals), ("maxvals", maxvals)):
            if t.dtype.base_dtype is not means.dtype.base_dtype:
                raise TypeError(f"Input '{name}' of 'StatelessParameterizedTruncatedNormal' Op has type "
                                f"{t.dtype.base_dtype.name} that does not match type {means.dtype.base_dtype.name} "
                                "of argument 'means'.")
        return means.dtype.base_dtype, _shape_from_value(shape, "shape")

    def kernel(xp, shape, seed, means, stddevs, minvals, maxvals):
        if seed.shape != (2,):
            raise errors.InvalidArgumentError(None, None, f"seed must have shape [2], not {list(seed.shape)}")
        try:
            bshape = np.broadcast_shapes(means.shape, stddevs.shape, minvals.shape, maxvals.shape)
        except ValueError:
            raise errors.InvalidArgumentError(None, None, "means, stddevs, minvals, maxvals must have compatible "
                                                          "batch dimensions") from None
        out_shape = tuple(int(d) for d in np.asarray(shape).reshape(-1).tolist())
        if len(out_shape) < len(bshape) or out_shape[len(out_shape) - len(bshape):] != tuple(bshape):
            raise errors.InvalidArgumentError(None, None, "Shape passed in must end with broadcasted shape.")
        if means.dtype == np.float16:
            raise errors.UnimplementedError(None, None, "StatelessParameterizedTruncatedNormal: float16 draws are "
                                                        "not modelled in sessionflow (float32 and float64 are)")
        t = means.dtype.type
        total = int(np.prod(out_shape, dtype=np.int64))
        out = np.zeros(total, means.dtype)
        if total == 0:
            return out.reshape(out_shape)
        num_batches = int(np.prod(bshape, dtype=np.int64))
        per_batch = total // num_batches
        params = [np.broadcast_to(p, bshape).reshape(-1) for p in (means, stddevs, minvals, maxvals)]
        s = [int(v) for v in seed.tolist()]
        key, counter = key_counter(s[0], s[1])
        stream = _Stream((key & 0xFFFFFFFF, key >> 32), counter[0] | (counter[1] << 64), t)
        m = _Math(t)
        for batch in range(num_batches):
            def emit(sample, value, batch=batch):
                out[sample * num_batches + batch] = value

            _batch(stream, m, t, tuple(t(p[batch]) for p in params), 0, per_batch, emit)
        return out.reshape(out_shape)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([3, 2], np.int32), np.array([1, 2], np.int32), np.array([0.0, 1.0]),
                 np.array([1.0, 2.0]), np.array([-1.0, 3.0]), np.array([1.0, 9.0])), {})]


@tf_export("random.stateless_parameterized_truncated_normal")
def stateless_parameterized_truncated_normal(shape, seed, means=0.0, stddevs=1.0, minvals=-2.0, maxvals=2.0,
                                             name=None):
    """Truncated normal values of `shape` (ending with the parameters' broadcast shape), a function of `seed`
    ([2]) only."""
    with get_default_graph().name_scope(name or "stateless_parameterized_truncated_normal"):
        shape_t = _shape_tensor(shape)
        args = [convert_to_tensor(v, name=n) for v, n in ((means, "means"), (stddevs, "stddevs"),
                                                           (minvals, "minvals"), (maxvals, "maxvals"))]
        result = StatelessParameterizedTruncatedNormal(shape_t, convert_to_tensor(seed, name="seed"), *args)
        _set_static_shape(result, shape_t)
        return result
