"""Bit-exact model of TensorFlow's CPU random ops: Philox4x32-10 and the per-op sample mappings.

Reference: ``shared/spec/random.md`` (section numbers below point into it). Everything here is
pure array arithmetic on an array namespace ``xp`` (NumPy today), except the float64 Box-Muller
transcendentals, which go through Python's ``math`` so that they hit the same glibc ``log``/
``sin``/``cos`` TensorFlow calls. float32 ``logf``/``sincosf`` are emulated exactly (spec 8.2).

Conventions shared by all samplers:

* ``key`` is the Philox key ``(k0, k1)`` and ``base`` the 128-bit counter (a Python int) at which
  this execution starts; see ``seeds_to_key_counter`` and ``reserved_blocks``. The caller owns the
  per-kernel state: it passes ``base`` and then advances its counter by ``reserved_blocks(...)``.
* Outputs are fresh arrays in row-major order of ``shape`` with exactly the requested dtype.
* ``dtype`` may be a NumPy dtype/scalar type, a dtype name, or anything with a ``.name``.
* The integer arithmetic needs 64-bit unsigned arrays (for JAX: ``jax_enable_x64``).
* Traced by the XLA backend, ``key`` is a pair of uint64 scalars and ``base`` the pair (low 64 bits,
  high 64 bits) of uint64 scalars, so a compiled plan takes its stream positions as inputs.
"""

from __future__ import annotations

import math

__all__ = [
    "blocks",
    "multinomial",
    "reserved_blocks",
    "seeds_to_key_counter",
    "shuffle_permutation",
    "standard_normal",
    "truncated_normal",
    "uniform",
    "uniform_int",
]

_M32 = 0xFFFFFFFF
_M64 = (1 << 64) - 1
_M128 = (1 << 128) - 1
_MUL_A, _MUL_B = 0xD2511F53, 0xCD9E8D57  # round multipliers
_BUMP_A, _BUMP_B = 0x9E3779B9, 0xBB67AE85  # key schedule increments
_TWO_PI = 6.283185307179586  # the double 2*pi TF multiplies by
_EPS32 = 1.0e-7  # Box-Muller clamp; compared after rounding to float32 (0x33D6BF95)
_TRUNC = 2.0  # truncated-normal bound, exclusive
_RESERVE = 256  # blocks reserved per output element (spec 5)

# glibc logf (spec 8.2): 16 rows of (1/c, log c), then ln 2 and the degree-3 polynomial.
_LOGF_TABLE = """
    0x1.661ec79f8f3bep+0  -0x1.57bf7808caadep-2
    0x1.571ed4aaf883dp+0  -0x1.2bef0a7c06ddbp-2
    0x1.49539f0f010bp+0   -0x1.01eae7f513a67p-2
    0x1.3c995b0b80385p+0  -0x1.b31d8a68224e9p-3
    0x1.30d190c8864a5p+0  -0x1.6574f0ac07758p-3
    0x1.25e227b0b8eap+0   -0x1.1aa2bc79c81p-3
    0x1.1bb4a4a1a343fp+0  -0x1.a4e76ce8c0e5ep-4
    0x1.12358f08ae5bap+0  -0x1.1973c5a611cccp-4
    0x1.0953f419900a7p+0  -0x1.252f438e10c1ep-5
    0x1p+0                 0x0p+0
    0x1.e608cfd9a47acp-1   0x1.aa5aa5df25984p-5
    0x1.ca4b31f026aap-1    0x1.c5e53aa362eb4p-4
    0x1.b2036576afce6p-1   0x1.526e57720db08p-3
    0x1.9c2d163a1aa2dp-1   0x1.bc2860d22477p-3
    0x1.886e6037841edp-1   0x1.1058bc8a07ee1p-2
    0x1.767dcf5534862p-1   0x1.4043057b6ee09p-2
"""


def _hexes(text: str) -> tuple[float, ...]:
    """Whitespace-separated C99 hex-float literals -> Python floats."""
    return tuple(float.fromhex(tok) for tok in text.split())


_LOGF_INVC, _LOGF_LOGC = _hexes(_LOGF_TABLE)[0::2], _hexes(_LOGF_TABLE)[1::2]
_LN2 = float.fromhex("0x1.62e42fefa39efp-1")
_LA0, _LA1, _LA2 = _hexes("-0x1.00ea348b88334p-2 0x1.5575b0be00b6ap-2 -0x1.ffffef20a4123p-2")
# glibc sincosf (spec 8.2), x86-64 build: 2/pi * 2**24, pi/2, cosine C0..C4, sine S1..S3.
_HPI_INV = float.fromhex("0x1.45F306DC9C883p+23")
_HPI = float.fromhex("0x1.921FB54442D18p0")
_C0, _C1, _C2, _C3, _C4 = _hexes(
    "0x1p0 -0x1.ffffffd0c621cp-2 0x1.55553e1068f19p-5 -0x1.6c087e89a359dp-10 0x1.99343027bf8c3p-16"
)
_S1, _S2, _S3 = _hexes("-0x1.555545995a603p-3 0x1.1107605230bc4p-7 -0x1.994eb3774cf24p-13")

_NORMAL_OPS = ("RandomUniform", "RandomStandardNormal", "TruncatedNormal", "RandomUniformInt")


# --------------------------------------------------------------------------------------------
# Seeds, reservation, raw Philox
# --------------------------------------------------------------------------------------------
def seeds_to_key_counter(seed: int, seed2: int) -> tuple[tuple[int, int], int]:
    """(seed, seed2) attrs (taken mod 2**64) -> (Philox key (k0, k1), initial 128-bit counter).

    key = (seed & 0xFFFFFFFF, seed >> 32); the counter is the Python int ``seed2 << 64``.
    Caller handles the (0, 0) 'random seed' case itself.
    """
    s, s2 = seed & _M64, seed2 & _M64
    return (s & _M32, s >> 32), s2 << 64


def reserved_blocks(op_type: str, shape, num_samples: int | None = None) -> int:
    """Blocks one execution reserves (spec section 5).

    ``op_type`` is one of RandomUniform, RandomStandardNormal, TruncatedNormal, RandomUniformInt
    (``shape`` = output shape), RandomShuffle (``shape`` = input shape) or Multinomial (``shape`` =
    logits shape ``(B, C)``, plus ``num_samples``). Raises ValueError for any other op type.
    """
    shape = tuple(int(d) for d in shape)
    if op_type in _NORMAL_OPS:
        return _RESERVE * math.prod(shape)
    if op_type == "RandomShuffle":
        if len(shape) == 0 or shape[0] <= 1 or math.prod(shape) <= 1:
            return 0
        return (shape[0] - 1 + 3) // 4
    if op_type == "Multinomial":
        if num_samples is None:
            raise ValueError("Multinomial needs num_samples")
        batch = shape[0]
        if batch * num_samples == 0:
            return 0
        return _RESERVE * batch * 8 * ((num_samples + 3) // 4)
    raise ValueError(f"reserved_blocks: unknown random op type {op_type!r}")


def _words64(xp, key, base: int, offsets):
    """Philox4x32-10 of counters ``base + offsets`` (128-bit wrap; offsets a uint64 array < 2**64).

    Returns the four output words as uint64 arrays holding 32-bit values, shaped like ``offsets``.
    """
    if isinstance(base, int):
        k0, k1 = int(key[0]) & _M32, int(key[1]) & _M32
        base &= _M128
        b_lo, b_hi = base & _M64, base >> 64
    else:  # traced (the XLA backend): key words and the counter's (low, high) halves are uint64 values
        (k0, k1), (b_lo, b_hi) = key, base
    lo = offsets + b_lo  # wraps mod 2**64
    hi = (lo < offsets).astype(xp.uint64) + b_hi  # carry into the high half, wraps mod 2**64
    x0, x1, x2, x3 = lo & _M32, lo >> 32, hi & _M32, hi >> 32
    for r in range(10):
        ka, kb = (k0 + r * _BUMP_A) & _M32, (k1 + r * _BUMP_B) & _M32
        p, q = x0 * _MUL_A, x2 * _MUL_B  # exact 32x32 -> 64-bit products
        x0, x1, x2, x3 = (q >> 32) ^ x1 ^ ka, q & _M32, (p >> 32) ^ x3 ^ kb, p & _M32
    return x0, x1, x2, x3


def blocks(xp, key, counter: int, n: int):
    """uint32 array of shape (n, 4): Philox4x32-10 output of counters counter .. counter+n-1 (128-bit wraparound)."""
    w = _words64(xp, key, counter, xp.arange(int(n), dtype=xp.uint64))
    return xp.stack(w, axis=1).astype(xp.uint32)


def _stream(xp, key, base: int, nwords: int):
    """The first ``nwords`` words of the word stream from ``base`` (w0..w3 per block), as uint64."""
    nblocks = (nwords + 3) // 4
    w = _words64(xp, key, base, xp.arange(nblocks, dtype=xp.uint64))
    return xp.reshape(xp.stack(w, axis=1), (-1,))[:nwords]


# --------------------------------------------------------------------------------------------
# Bits -> numbers (spec 6) and glibc emulation (spec 8.2)
# --------------------------------------------------------------------------------------------
def _dtype_name(dtype) -> str:
    if isinstance(dtype, str):
        return dtype
    if isinstance(dtype, type):
        return dtype.__name__
    return str(dtype.name)


def _u32(xp, w):
    """float32 in [0, 1) from the low 23 bits of each word: exactly (w & 0x7FFFFF) * 2**-23."""
    return (w & 0x7FFFFF).astype(xp.float32) * (2.0**-23)


def _u64(xp, hi, lo):
    """float64 in [0, 1): mantissa = low 20 bits of ``hi`` (first word) above all 32 bits of ``lo``."""
    return (((hi & 0xFFFFF) << 32) | lo).astype(xp.float64) * (2.0**-52)


def _glibc_logf(xp, x):
    """glibc ``logf`` of a float32 array of positive normal values != 1, bit-exact (spec 8.2)."""
    ix = x.view(xp.uint32).astype(xp.uint64)
    t = (ix - 0x3F330000) & _M32
    i = (t >> 19) & 15
    k = (t >> 23).astype(xp.float64) - 512.0 * (t >> 31).astype(xp.float64)  # int32(t) >> 23
    iz = (ix - (t & 0xFF800000)) & _M32
    z = iz.astype(xp.uint32).view(xp.float32).astype(xp.float64)
    invc = xp.asarray(_LOGF_INVC, dtype=xp.float64)[i]
    logc = xp.asarray(_LOGF_LOGC, dtype=xp.float64)[i]
    r = z * invc - 1.0
    y0 = logc + k * _LN2
    r2 = r * r
    y = _LA1 * r + _LA2
    y = _LA0 * r2 + y
    y = y * r2 + (y0 + r)
    return y.astype(xp.float32)


def _glibc_sincosf(xp, y):
    """glibc ``sincosf`` of a float32 array with values in [0, 120): (sin, cos), bit-exact (spec 8.2)."""
    top = (y.view(xp.uint32) >> 20) & 0x7FF
    x = y.astype(xp.float64)
    tiny, near0 = top < 0x398, top < 0x3F4
    n = (xp.trunc(x * _HPI_INV).astype(xp.int64) + 0x800000) >> 24
    n = xp.where(near0, 0, n)
    xr = xp.where(near0, x, x - n.astype(xp.float64) * _HPI)
    quad = n & 3
    xs = xp.where((quad == 1) | (quad == 2), -xr, xr)
    x2 = xr * xr
    x4 = x2 * x2
    x3 = x2 * xs
    cc2 = _C3 + x2 * _C4
    ss1 = _S2 + x2 * _S3
    cc1 = _C0 + x2 * _C1
    x5 = x3 * x2
    x6 = x4 * x2
    s = xs + x3 * _S1
    c = cc1 + x4 * _C2
    sin_ = (s + x5 * ss1).astype(xp.float32)
    # Negating all cosine coefficients (quadrants 2, 3) negates the result exactly.
    cos_ = xp.where((n & 2) != 0, -(c + x6 * cc2), c + x6 * cc2).astype(xp.float32)
    odd = (n & 1) != 0
    sin_, cos_ = xp.where(odd, cos_, sin_), xp.where(odd, sin_, cos_)
    one = xp.asarray(1.0, dtype=xp.float32)
    return xp.where(tiny, y, sin_), xp.where(tiny, one, cos_)


def _box_muller_f32(xp, x0, x1):
    """float32 Box-Muller of word pairs (spec 7.3): returns (sin-based, cos-based) float32 arrays."""
    u1 = _u32(xp, x0)
    eps = xp.asarray(_EPS32, dtype=xp.float32)
    u1 = xp.where(u1 < eps, eps, u1)
    v1 = (_u32(xp, x1).astype(xp.float64) * _TWO_PI).astype(xp.float32)
    u2 = xp.sqrt(_glibc_logf(xp, u1) * -2.0)
    s, c = _glibc_sincosf(xp, v1)
    return s * u2, c * u2


def _map_math(xp, fn, a):
    """Apply a Python ``math`` function (glibc, double) elementwise to a float64 array."""
    return xp.asarray(list(map(fn, a.tolist())), dtype=xp.float64)


def _box_muller_f64(xp, w0, w1, w2, w3):
    """float64 Box-Muller of whole blocks (spec 7.3): one (sin, cos) pair per block, via glibc."""
    if getattr(xp, "__name__", "") == "jax.numpy":
        raise NotImplementedError("float64 normal draws use glibc's double log, sin and cos, which XLA's do not "
                                  "reproduce bit for bit")
    u1 = _u64(xp, w0, w1)
    u1 = xp.where(u1 < _EPS32, _EPS32, u1)
    v1 = _u64(xp, w2, w3) * _TWO_PI
    u2 = xp.sqrt(_map_math(xp, math.log, u1) * -2.0)
    return _map_math(xp, math.sin, v1) * u2, _map_math(xp, math.cos, v1) * u2


# --------------------------------------------------------------------------------------------
# Samplers (spec 7)
# --------------------------------------------------------------------------------------------
def _count(shape) -> tuple[tuple[int, ...], int]:
    shape = tuple(int(d) for d in shape)
    return shape, math.prod(shape)


def uniform(xp, key, base: int, shape, dtype):
    """Raw RandomUniform in [0, 1) (spec 7.1).

    float32: one word per element; float64: two words (high, low) per element, two per block;
    float16 (spec 11, not verified against TF): low 10 bits of one word per element.
    """
    shape, n = _count(shape)
    name = _dtype_name(dtype)
    if name in ("float32", "float16"):
        w = _stream(xp, key, base, n)
        out = _u32(xp, w) if name == "float32" else (w & 0x3FF).astype(xp.float16) * (2.0**-10)
    elif name == "float64":
        w0, w1, w2, w3 = _words64(xp, key, base, xp.arange((n + 1) // 2, dtype=xp.uint64))
        pairs = xp.stack([_u64(xp, w0, w1), _u64(xp, w2, w3)], axis=1)
        out = xp.reshape(pairs, (-1,))[:n]
    else:
        raise TypeError(f"RandomUniform: unsupported dtype {name}")
    return xp.reshape(out, shape)


def standard_normal(xp, key, base: int, shape, dtype):
    """Raw RandomStandardNormal (spec 7.3); float16 = float32 samples rounded (spec 11, unverified)."""
    shape, n = _count(shape)
    name = _dtype_name(dtype)
    if name in ("float32", "float16"):
        w = _stream(xp, key, base, 2 * ((n + 1) // 2))
        z0, z1 = _box_muller_f32(xp, w[0::2], w[1::2])
        out = xp.reshape(xp.stack([z0, z1], axis=1), (-1,))[:n]
        out = out.astype(getattr(xp, name))
    elif name == "float64":
        w = _words64(xp, key, base, xp.arange((n + 1) // 2, dtype=xp.uint64))
        out = xp.reshape(xp.stack(_box_muller_f64(xp, *w), axis=1), (-1,))[:n]
    else:
        raise TypeError(f"RandomStandardNormal: unsupported dtype {name}")
    return xp.reshape(out, shape)


def _scatter(arr, index, values):
    """``arr[index] = values`` for NumPy (in place) and JAX (functional); returns the array."""
    if hasattr(arr, "at"):
        return arr.at[index].set(values)
    arr[index] = values
    return arr


def truncated_normal(xp, key, base: int, shape, dtype):
    """Raw TruncatedNormal (spec 7.4): Box-Muller with rejection of |z| >= 2.

    float32 (and float16, unverified: float32 then rounded): groups of 4 outputs, group g reads
    blocks base + 256*g, +1, ... and keeps candidates (pair order: sin, cos) until 4 are accepted.
    float64: groups of 2, group g reads blocks base + 128*g, ..., one (sin, cos) pair per block.
    The loop runs over rejection rounds (one block per still-unfilled group), not over elements.
    """
    shape, n = _count(shape)
    name = _dtype_name(dtype)
    if name in ("float32", "float16"):
        group, stride, ftype = 4, _RESERVE, xp.float32
    elif name == "float64":
        group, stride, ftype = 2, _RESERVE // 2, xp.float64
    else:
        raise TypeError(f"TruncatedNormal: unsupported dtype {name}")
    ngroups = (n + group - 1) // group
    if not isinstance(base, int):  # traced by the XLA backend
        out = _truncated_groups_traced(xp, key, base, ngroups, group, stride, ftype)
        return xp.reshape(xp.reshape(out, (-1,))[:n].astype(getattr(xp, name)), shape)
    out = xp.zeros((ngroups, group), dtype=ftype)
    filled = xp.zeros((ngroups,), dtype=xp.int64)
    active = xp.arange(ngroups, dtype=xp.int64)
    step = 0
    while active.shape[0] > 0:
        cand = _truncated_candidates(xp, _words64(xp, key, base, active.astype(xp.uint64) * stride + step), group)
        ok = xp.abs(cand) < _TRUNC
        slot = filled[active][:, None] + xp.cumsum(ok.astype(xp.int64), axis=1) - 1
        keep = ok & (slot < group)
        rows = xp.broadcast_to(active[:, None], cand.shape)
        out = _scatter(out, (rows[keep], slot[keep]), cand[keep])
        filled = _scatter(filled, active, filled[active] + xp.sum(ok.astype(xp.int64), axis=1))
        active = active[filled[active] < group]
        step += 1
    out = xp.reshape(out, (-1,))[:n].astype(getattr(xp, name))
    return xp.reshape(out, shape)


def _truncated_candidates(xp, w, group):
    if group == 4:
        a0, a1 = _box_muller_f32(xp, w[0], w[1])
        b0, b1 = _box_muller_f32(xp, w[2], w[3])
        return xp.stack([a0, a1, b0, b1], axis=1)
    return xp.stack(_box_muller_f64(xp, *w), axis=1)


def _truncated_groups_traced(xp, key, base, ngroups: int, group: int, stride: int, ftype):
    """`truncated_normal`'s rejection rounds as one `lax.while_loop` of fixed shapes: every round draws a
    block for every group and a group that is full keeps nothing, so each group reads the blocks it reads
    on NumPy and accepts the same candidates."""
    import sys

    lax = sys.modules["jax"].lax
    groups = xp.arange(ngroups, dtype=xp.uint64) * stride
    rows = xp.broadcast_to(xp.arange(ngroups)[:, None], (ngroups, group))

    def round_(carry):
        step, out, filled = carry
        cand = _truncated_candidates(xp, _words64(xp, key, base, groups + step), group)
        ok = (xp.abs(cand) < _TRUNC) & (filled < group)[:, None]
        slot = filled[:, None] + xp.cumsum(ok.astype(xp.int64), axis=1) - 1
        slot = xp.where(ok & (slot < group), slot, group)  # out of range: dropped
        out = out.at[rows, slot].set(cand, mode="drop")
        return step + xp.uint64(1), out, filled + xp.sum(ok.astype(xp.int64), axis=1)

    start = (xp.uint64(0), xp.zeros((ngroups, group), dtype=ftype), xp.zeros((ngroups,), dtype=xp.int64))
    return lax.while_loop(lambda carry: xp.any(carry[2] < group), round_, start)[1]


def uniform_int(xp, key, base: int, shape, dtype, minval: int, maxval: int):
    """Raw RandomUniformInt (spec 7.2): minval + (bits mod (maxval - minval)), no rejection.

    int32: one word per element; int64: two words (low, high) per element, two per block.
    ``minval``/``maxval`` are Python ints already in the dtype's range; caller checks minval < maxval.
    """
    shape, n = _count(shape)
    name = _dtype_name(dtype)
    if name == "int32":
        span = (int(maxval) - int(minval)) & _M32
        w = _stream(xp, key, base, n)
        raw = ((w % span) + (int(minval) & _M32)) & _M32
        out = raw.astype(xp.uint32).view(xp.int32)
    elif name == "int64":
        span = (int(maxval) - int(minval)) & _M64
        w0, w1, w2, w3 = _words64(xp, key, base, xp.arange((n + 1) // 2, dtype=xp.uint64))
        bits = xp.reshape(xp.stack([w0 | (w1 << 32), w2 | (w3 << 32)], axis=1), (-1,))[:n]
        out = ((bits % xp.uint64(span)) + xp.uint64(int(minval) & _M64)).view(xp.int64)
    else:
        raise TypeError(f"RandomUniformInt: unsupported dtype {name}")
    return xp.reshape(out, shape)


def shuffle_permutation(xp, key, base: int, n0: int):
    """Permutation ``p`` (int64, length n0) for RandomShuffle (spec 7.6): output row k = input row p[k].

    Forward Fisher-Yates: for i = 0 .. n0-2, swap p[i] with p[i + (w_i mod (n0 - i))], one stream
    word per swap. The caller reserves nothing when the input has <= 1 element (see
    ``reserved_blocks``); the permutation is then the identity anyway.
    """
    n0 = int(n0)
    if n0 <= 1:
        return xp.arange(max(n0, 0), dtype=xp.int64)
    if n0 >= 2**31 - 1:
        raise NotImplementedError("RandomShuffle with >= 2**31 - 1 rows (64-bit draws) is not modelled")
    w = _stream(xp, key, base, n0 - 1)
    targets = (xp.arange(n0 - 1, dtype=xp.uint64) + w % xp.arange(n0, 1, -1, dtype=xp.uint64)).tolist()
    perm = list(range(n0))
    for i, j in enumerate(targets):
        perm[i], perm[j] = perm[j], perm[i]
    return xp.asarray(perm, dtype=xp.int64)


def _multinomial_block_rows(batch: int, num_classes: int, num_samples: int, num_threads: int) -> int:
    """Rows per shard in TF's sharding of Multinomial (spec 7.7); ``batch`` means a single shard.

    Model of TF ``Shard`` -> Eigen ``parallelFor`` with cost per row
    ``int(50 * (S * log(C) / log(2) + C))``.
    """
    if batch <= 1 or num_threads <= 1:
        return max(batch, 1)
    cost = int(50 * (num_samples * math.log(num_classes) / math.log(2) + num_classes))
    if int((batch * cost - 100000.0) / 100000.0 + 0.9) <= 1:
        return batch
    threads = num_threads

    def efficiency(count: int) -> float:
        return count / (-(-count // threads) * threads)

    size = min(batch, max(-(-batch // (4 * threads)), int(40000.0 / cost)))
    max_size = min(batch, 2 * size)
    count = -(-batch // size)
    best = efficiency(count)
    prev = count
    while best < 1.0 and prev > 1:
        coarser = -(-batch // (prev - 1))
        if coarser > max_size:
            break
        prev = -(-batch // coarser)
        eff = efficiency(prev)
        if eff + 0.01 >= best:
            size, best = coarser, max(best, eff)
    return size


def multinomial(xp, key, base: int, logits, num_samples: int, output_dtype, num_threads: int = 1):
    """CPU Multinomial (spec 7.7): (B, num_samples) class indices of dtype ``output_dtype``.

    ``logits`` is a (B, C) float array. Per row, cdf = running double sum of exp(logit - max finite
    logit) over finite logits; each sample draws t = U64(two stream words) * total and returns the
    number of cdf entries <= t. Rows are split into shards as TF would with ``num_threads``
    intra-op threads; a shard starting at row r0 reads the stream from base + r0*(S+3)//4 blocks,
    its rows consuming 2*S consecutive words each. A row with no finite logit yields C.
    """
    logits = xp.asarray(logits)
    batch, classes = int(logits.shape[0]), int(logits.shape[1])
    s = int(num_samples)
    otype = getattr(xp, _dtype_name(output_dtype))
    if batch * s == 0:
        return xp.zeros((batch, s), dtype=otype)
    lg = logits.astype(xp.float64)
    finite = xp.isfinite(lg)
    lowest = float(xp.finfo(logits.dtype).min)  # TF's starting value for the running max
    mx = xp.max(xp.where(finite, lg, lowest), axis=1, keepdims=True)
    e = xp.where(finite, xp.exp(xp.where(finite, lg - mx, 0.0)), 0.0)
    cdf = xp.cumsum(e, axis=1)  # sequential double accumulation, as TF's running total
    total = cdf[:, -1:]
    size = _multinomial_block_rows(batch, classes, s, int(num_threads))
    u = []
    for r0 in range(0, batch, size):
        rows = min(size, batch - r0)
        w = _stream(xp, key, (base + r0 * (s + 3) // 4) & _M128, 2 * s * rows)
        u.append(xp.reshape(_u64(xp, w[0::2], w[1::2]), (rows, s)))
    t = xp.concatenate(u, axis=0) * total
    out = [xp.searchsorted(cdf[b], t[b], side="right") for b in range(batch)]
    return xp.stack(out, axis=0).astype(otype)
