"""RandomGamma and RandomPoissonV2 (tf.random_gamma / tf.random.gamma, tf.random_poisson /
tf.random.poisson), bit-exact with TensorFlow's CPU kernels.

Both reserve 256 Philox blocks per output: output `i` (rate- or alpha-major: i = param_index *
num_samples + sample_index) draws from the counter `base + 256 * i`, one block per call of a double
distribution (uniform: two doubles from words (0,1) and (2,3); normal: a Box-Muller pair, cos first),
and takes each block's values last first, as TF's UNIFORM/normal buffers do. Gamma is Marsaglia and
Tsang's transformation-rejection (exponential when alpha == 1; alpha < 1 boosted by u^(1/alpha)); Poisson
is Knuth's product of uniforms below rate 10, Hormann's transformed rejection from 10. The per-sample
logic runs in Python doubles with the C library's log/exp/pow (glibc, as TF)."""

from __future__ import annotations

import ctypes
import ctypes.util
import math

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.seeds import get_seed
from ..framework.tensor_shape import TensorShape
from . import math as math_ops, philox
from .array import _shape_from_value
from .common import check_dtype
from .constant import constant, convert_to_tensor
from .random import _dims

_RESERVED = 256
_PREFETCH = 4  # blocks computed ahead for every output (most need one to three)
_SHAPE_TYPES = (dtypes.int32, dtypes.int64)


def _libm_lgamma():
    try:
        libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
        fn = libm.lgamma
        fn.restype, fn.argtypes = ctypes.c_double, [ctypes.c_double]
        return fn
    except (OSError, AttributeError):  # no C library to call: Python's own lgamma (may differ by an ulp)
        return math.lgamma


_lgamma = _libm_lgamma()


class _Draws:
    """The double uniforms and normals one output draws, block by block from its own counter."""

    def __init__(self, key, counter, first_blocks):
        self.key, self.counter, self.blocks, self.used = key, counter, first_blocks, 0
        self.uniforms, self.normals = [], []

    def _block(self):
        if self.used >= len(self.blocks):
            more = philox._words64(np, self.key, self.counter + self.used, np.arange(8, dtype=np.uint64))
            self.blocks = self.blocks + [tuple(int(w[i]) for w in more) for i in range(8)]
        block = self.blocks[self.used]
        self.used += 1
        return block

    def uniform(self):
        if not self.uniforms:
            w0, w1, w2, w3 = self._block()
            self.uniforms = [_u64(w0, w1), _u64(w2, w3)]
        return self.uniforms.pop()  # result[1] first, as TF's `uniform_remaining--`

    def normal(self):
        if not self.normals:
            w0, w1, w2, w3 = self._block()
            u1 = max(_u64(w0, w1), 1.0e-7)
            v1 = 2 * math.pi * _u64(w2, w3)
            u2 = math.sqrt(-2.0 * math.log(u1))
            self.normals = [math.sin(v1) * u2, math.cos(v1) * u2]
        return self.normals.pop()


def _u64(hi, lo):
    return float(((hi & 0xFFFFF) << 32) | lo) * 2.0 ** -52


def _draws(key, base, n):
    """One _Draws per output, the first blocks of all of them computed at once."""
    offsets = (np.arange(n, dtype=np.uint64)[:, None] * np.uint64(_RESERVED)
               + np.arange(_PREFETCH, dtype=np.uint64)[None, :])
    words = [w.tolist() for w in philox._words64(np, key, base, offsets)]
    return [_Draws(key, base + _RESERVED * i, [tuple(words[j][i][b] for j in range(4)) for b in range(_PREFETCH)])
            for i in range(n)]


def _gamma_sample(alpha, draws):
    if alpha == 1.0:
        return -math.log1p(-draws.uniform())
    below_one = alpha < 1
    d = alpha + (2.0 / 3 if below_one else -1.0 / 3)
    c = 1.0 / 3 / math.sqrt(d)
    while True:
        x = draws.normal()
        v = 1 + c * x
        if v <= 0:
            continue
        v = v * v * v
        u = draws.uniform()
        if u < 1 - 0.0331 * (x * x) * (x * x) or math.log(u) < 0.5 * x * x + d * (1 - v + math.log(v)):
            result = d * v
            if below_one:
                result *= math.pow(draws.uniform(), 1 / alpha)
            return result


def _poisson_sample(rate, draws, highest):
    if rate < 10:
        exp_neg_rate = math.exp(-rate)
        prod, x = 1.0, 0.0
        while True:
            prod = prod * draws.uniform()
            if prod <= exp_neg_rate and x <= highest:
                return x
            x += 1
    log_rate = math.log(rate)
    b = 0.931 + 2.53 * math.sqrt(rate)
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    while True:
        u = draws.uniform() - 0.5
        v = draws.uniform()
        u_shifted = 0.5 - abs(u)
        k = math.floor((2 * a / u_shifted + b) * u + rate + 0.43)
        if k > highest:
            continue
        if u_shifted >= 0.07 and v <= 0.9277 - 3.6224 / (b - 2):
            return k
        if k < 0 or (u_shifted < 0.013 and v > u_shifted):
            continue
        s = math.log(v * inv_alpha / (a / (u_shifted * u_shifted) + b))
        t = -rate + k * log_rate - _lgamma(k + 1)
        if s <= t:
            return k


def _sample(ctx, shape, params, seed, seed2, draw, out_dtype):
    """Samples of shape `shape` + params.shape: output i = p * num_samples + s goes to [s, p]."""
    dims = _dims(shape)
    num_samples = int(np.prod(dims, dtype=np.int64))
    flat = np.asarray(params, dtype=np.float64).reshape(-1)
    out = np.zeros((num_samples, flat.size), dtype=out_dtype)
    if num_samples == 0 or flat.size == 0:
        return out.reshape(dims + params.shape)
    key, base = ctx.random_stream(seed, seed2, _RESERVED * num_samples * flat.size)
    draws = _draws(key, base, num_samples * flat.size)
    for p, value in enumerate(flat.tolist()):
        for s in range(num_samples):
            out[s, p] = draw(value, draws[p * num_samples + s])
    return out.reshape(dims + params.shape)


def _output_shape(op_type, shape, params):
    check_dtype(op_type, "shape", shape, _SHAPE_TYPES)
    dims = _shape_from_value(shape, "shape")
    return dims.concatenate(params.shape)


@op("RandomGamma", inputs=("shape", "alpha"), attrs=dict(seed=0, seed2=0), stateful=True,
    type_attrs=dict(S="shape", T="alpha"))
class RandomGamma:
    """Gamma(alpha, 1) samples, `shape` of them for every alpha (Marsaglia-Tsang, TF's draws)."""

    def infer(shape, alpha, seed, seed2):
        check_dtype("RandomGamma", "alpha", alpha, (dtypes.float16, dtypes.float32, dtypes.float64))
        return alpha.dtype.base_dtype, _output_shape("RandomGamma", shape, alpha)

    def kernel(ctx, xp, shape, alpha, seed, seed2):
        return _sample(ctx, shape, alpha, seed, seed2, _gamma_sample, alpha.dtype)

    def grad(op_, g):
        """TF differentiates the samples in alpha (implicit reparameterization, RandomGammaGrad over the
        incomplete gamma function's derivative); sessionflow does not provide that yet, and says so rather than
        giving no gradient."""
        raise LookupError(f"The gradient of '{op_.name}' (op type: RandomGamma) with respect to alpha "
                          "(RandomGammaGrad) is not provided by sessionflow yet")


_POISSON_OUT = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64)


@op("RandomPoissonV2", inputs=("shape", "rate"), attrs=dict(seed=0, seed2=0, dtype=dtypes.int64), stateful=True,
    type_attrs=dict(S="shape", R="rate"))
class RandomPoissonV2:
    """Poisson(rate) samples, `shape` of them for every rate (Knuth below 10, Hormann from 10)."""

    def infer(shape, rate, seed, seed2, dtype):
        check_dtype("RandomPoissonV2", "rate", rate, _POISSON_OUT)
        if dtype not in _POISSON_OUT:
            raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                            "values: float16, float32, float64, int32, int64")
        return dtype, _output_shape("RandomPoissonV2", shape, rate)

    def kernel(ctx, xp, shape, rate, seed, seed2, dtype):
        np_dtype = dtype.as_numpy_dtype
        highest = float(np.finfo(np_dtype).max if dtype.is_floating else np.iinfo(np_dtype).max)
        return _sample(ctx, shape, rate, seed, seed2, lambda r, d: _poisson_sample(r, d, highest), np_dtype)

    grad = NOT_DIFFERENTIABLE


def _set_static_shape(result, shape, params):
    from ..framework.registry import static_value

    value = static_value(shape)
    if value is not None and params.shape.ndims is not None:
        result.set_shape(TensorShape([int(d) for d in np.asarray(value).reshape(-1)]).concatenate(params.shape))


@tf_export("random.gamma", "random_gamma")
def random_gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """Gamma(alpha, beta) samples of shape `shape` + broadcast(alpha, beta).shape (at least the smallest
    positive normal number)."""
    from .array import shape as shape_of
    from .array_broadcast import broadcast_dynamic_shape, broadcast_to

    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "random_gamma"):
        shape = convert_to_tensor(shape, name="shape", dtype=dtypes.int32)
        alpha = convert_to_tensor(alpha, name="alpha", dtype=dtype)
        beta = convert_to_tensor(beta if beta is not None else 1, name="beta", dtype=dtype)
        alpha_broadcast = broadcast_to(alpha, broadcast_dynamic_shape(shape_of(alpha), shape_of(beta)))
        seed1, seed2 = get_seed(seed)
        raw = RandomGamma(shape, alpha_broadcast, seed=seed1 or 0, seed2=seed2 or 0)
        tiny = constant(np.finfo(dtype.as_numpy_dtype).tiny, dtype=dtype)
        result = math_ops.maximum(tiny, raw / beta)
        _set_static_shape(result, shape, alpha_broadcast)
        return result


@tf_export("random.poisson", "random_poisson")
def random_poisson(lam, shape, dtype=dtypes.float32, seed=None, name=None):
    """Poisson(lam) samples of shape `shape` + lam.shape, as `dtype`."""
    with get_default_graph().name_scope(name or "random_poisson"):
        shape = convert_to_tensor(shape, name="shape", dtype=dtypes.int32)
        lam = convert_to_tensor(lam, name="lam")
        seed1, seed2 = get_seed(seed)
        result = RandomPoissonV2(shape, lam, dtype=dtypes.as_dtype(dtype), seed=seed1 or 0, seed2=seed2 or 0)
        _set_static_shape(result, shape, lam)
        return result




# --- the stateless forms: the same draws from the key and counter a seed stands for ----------------------

def _stateless_sample(shape, params, key, base, draw, out_dtype):
    """Samples of shape `shape`, which ends with params.shape (TF: "must end with broadcasted shape")."""
    dims = tuple(int(d) for d in np.asarray(shape).reshape(-1))
    pshape = tuple(params.shape)
    if len(pshape) > len(dims) or dims[len(dims) - len(pshape):] != pshape:
        raise errors.InvalidArgumentError(None, None, "Shape passed in must end with broadcasted shape.")
    flat = np.asarray(params, dtype=np.float64).reshape(-1)
    total = int(np.prod(dims, dtype=np.int64))
    out = np.zeros(total, dtype=out_dtype)
    if total == 0:
        return out.reshape(dims)
    num_samples = total // flat.size
    draws = _draws(key, base, total)
    view = out.reshape(num_samples, flat.size)
    for p, value in enumerate(flat.tolist()):
        for s in range(num_samples):
            view[s, p] = draw(value, draws[p * num_samples + s])
    return out.reshape(dims)


@op("StatelessRandomGammaV3", inputs=("shape", "key", "counter", "alg", "alpha"),
    type_attrs=dict(shape_dtype="shape", dtype="alpha"))
class StatelessRandomGammaV3:
    """Gamma(alpha, 1) samples of shape `shape` (ending with alpha's shape) from a Philox key and counter."""

    def infer(shape, key, counter, alg, alpha):
        check_dtype("StatelessRandomGammaV3", "alpha", alpha, (dtypes.float16, dtypes.float32, dtypes.float64))
        return alpha.dtype.base_dtype, _shape_from_value(shape, "shape")

    def kernel(xp, shape, key, counter, alg, alpha):
        from .random_stateless import _philox_state

        k, base = _philox_state(key, counter)
        return _stateless_sample(shape, alpha, k, base, _gamma_sample, alpha.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([3, 2], np.int32), np.array([7], np.uint64), np.array([0, 5], np.uint64),
                 np.array(3, np.int32), np.array([0.5, 2.0])), {})]


@op("StatelessRandomPoisson", inputs=("shape", "seed", "lam"), attrs=dict(dtype=dtypes.int32),
    type_attrs=dict(T="shape", Tseed="seed", Rtype="lam"))
class StatelessRandomPoisson:
    """Poisson(lam) samples of shape `shape` (ending with lam's shape), a function of `seed` only."""

    def infer(shape, seed, lam, dtype):
        check_dtype("StatelessRandomPoisson", "lam", lam, _POISSON_OUT)
        return dtype, _shape_from_value(shape, "shape")

    def kernel(xp, shape, seed, lam, dtype):
        from .random_stateless import key_counter

        values = [int(v) for v in np.asarray(seed).reshape(-1).tolist()]
        key, counter = key_counter(values[0], values[1])
        np_dtype = dtype.as_numpy_dtype
        highest = float(np.finfo(np_dtype).max if dtype.is_floating else np.iinfo(np_dtype).max)
        return _stateless_sample(shape, lam, (key & 0xFFFFFFFF, key >> 32), counter[0] | (counter[1] << 64),
                                 lambda r, d: _poisson_sample(r, d, highest), np_dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([4, 2], np.int32), np.array([1, 2], np.int32), np.array([3.0, 25.0])), {})]


@tf_export("random.stateless_gamma")
def stateless_random_gamma(shape, seed, alpha, beta=None, dtype=dtypes.float32, name=None):
    """Gamma(alpha, beta) samples of shape `shape`, a function of `seed` only."""
    from .array import shape as shape_of
    from .array_broadcast import broadcast_dynamic_shape, broadcast_to
    from .random_stateless import _key_counter_alg, _set_static_shape, _shape_tensor

    dtype = dtypes.as_dtype(dtype)
    with get_default_graph().name_scope(name or "stateless_random_gamma"):
        shape = _shape_tensor(shape)
        alpha = convert_to_tensor(alpha, dtype=dtype, name="alpha")
        beta = convert_to_tensor(beta if beta is not None else 1, name="beta", dtype=dtype)
        alpha_broadcast = broadcast_to(alpha, broadcast_dynamic_shape(shape_of(alpha), shape_of(beta)))
        key, counter, alg = _key_counter_alg(seed, "auto_select")
        raw = StatelessRandomGammaV3(shape, key, counter, alg, alpha_broadcast)
        result = math_ops.maximum(constant(np.finfo(dtype.as_numpy_dtype).tiny, dtype=dtype), raw / beta)
        _set_static_shape(result, shape)
        return result


@tf_export("random.stateless_poisson")
def stateless_random_poisson(shape, seed, lam, dtype=dtypes.int32, name=None):
    """Poisson(lam) samples of shape `shape` as `dtype`, a function of `seed` only."""
    from .random_stateless import _set_static_shape, _shape_tensor

    with get_default_graph().name_scope(name or "stateless_random_poisson"):
        shape = _shape_tensor(shape)
        seed = convert_to_tensor(seed, name="seed")
        result = StatelessRandomPoisson(shape, seed, convert_to_tensor(lam, name="lam"), dtype=dtypes.as_dtype(dtype))
        _set_static_shape(result, shape)
        return result
