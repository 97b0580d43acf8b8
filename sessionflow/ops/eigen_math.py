"""float32 tanh, logistic sigmoid and exp as TensorFlow's CPU kernels compute them, to the bit.

TF's Tanh, Sigmoid and Exp kernels evaluate Eigen's float32 approximations, not the C library's: a 9/8-degree
rational function for tanh, and Cody-Waite range reduction plus a short polynomial for exp and the logistic
function. Their results differ from NumPy's (and XLA's) by 1-8 ulps on most inputs, and such differences grow
over training (an L-BFGS run, an RNN over many steps). The functions here follow Eigen's operation order with
TF's x86 build settings (AVX, no FMA: every multiply-add rounds twice), and are checked bit for bit against TF
2.21 on a million inputs (tools/record_eigen_math.py, tests/ops/test_eigen_math.py).

TF's CPU threads also run with denormals flushed to zero, so a result below the smallest normal float is 0
here too. Eigen evaluates an elementwise op in packets of 8 floats; the last `size % 8` elements of a tensor take its
scalar path, which for exp and the logistic uses the C library's expf (correctly rounded; float64 exp rounded
to float32 gives the same value). Each function takes `xp` (NumPy, or jax.numpy inside a compiled plan) and a
float32 array. The constants are Eigen's published coefficients.
"""

from __future__ import annotations

import numpy as np

from .common import traced_jax

PACKET = 8  # float32 lanes of an AVX packet: TF's x86 wheels vectorize Eigen's kernels with AVX
_F = np.float32

# tanh: odd numerator x + x^3 p(x^2), even denominator q(x^2); inputs clamped where the ratio reaches 1
_TANH_CLAMP = _F(7.90738964080810547)
_TANH_P = tuple(_F(c) for c in (1.394553628e-8, 2.102733560e-5, 3.520756727e-3, 1.340216100e-1))
_TANH_Q = tuple(_F(c) for c in (8.015776984e-7, 3.326951409e-4, 2.597254514e-2, 4.673548340e-1, 1.0))

# exp(x) = 2^m exp(r), m = floor(x log2(e) + 1/2), r = x - m ln 2 in two parts
_LOG2E = _F(1.44269504088896341)
_LN2_HI, _LN2_LO = _F(-0.693359375), _F(2.12194440e-4)
_EXP_HI, _EXP_LO = _F(88.723), _F(-104.0)
_EXP_P = tuple(_F(c) for c in (0.49999988079071044921875, 0.16666518151760101318359375,
                               4.166965186595916748046875e-2, 8.36894474923610687255859375e-3,
                               1.37449637986719608306884765625e-3))  # p2 .. p6
# the logistic: exp(x/2) by a degree-5 polynomial, squared; inputs clamped where the result reaches 1
_SIGMOID_HI = _F(16.6355324)
_SIGMOID_P = tuple(_F(c) for c in (0.49999141693115234375, 0.16666877269744873046875,
                                   4.1898667812347412109375e-2, 8.33471305668354034423828125e-3))  # p2 .. p5
_HALF, _ONE = _F(0.5), _F(1.0)
_TINY = _F(np.finfo(np.float32).tiny)  # the smallest normal float32: below it TF's threads flush to zero


class _Arith:
    """Each step of an algorithm below rounds to float32 on its own, as Eigen's packet ops do. On NumPy the steps
    write into the buffers they name (`out=`), so a function allocates a few arrays instead of one per step
    (large temporaries cost more than the arithmetic); on jax.numpy they return new values."""

    def __init__(self, xp):
        self.xp = xp
        self.inplace = xp is np

    def _apply(self, ufunc, jnp_fn, a, b, out):
        return ufunc(a, b, out=out) if self.inplace and out is not None else jnp_fn(a, b)

    def mul(self, a, b, out=None):
        return self._apply(np.multiply, lambda u, v: u * v, a, b, out)

    def add(self, a, b, out=None):
        return self._apply(np.add, lambda u, v: u + v, a, b, out)

    def div(self, a, b, out=None):
        return self._apply(np.divide, lambda u, v: u / v, a, b, out)

    def horner(self, coefficients, x2):
        """((c0 x2 + c1) x2 + c2) ... : a multiply and an add per coefficient, each rounded."""
        p = self.add(self.mul(x2, coefficients[0]), coefficients[1])
        for k in coefficients[2:]:
            p = self.add(self.mul(p, x2, out=p), k, out=p)
        return p

    def zero_where(self, out, mask, signed=False):
        """out with zeros where mask (keeping out's sign if `signed`): TF's flush of subnormal results, and
        Eigen's zeros."""
        if self.inplace:
            if mask.any():
                out[mask] = out[mask] * _F(0) if signed else _F(0)
            return out
        return self.xp.where(mask, out * _F(0) if signed else _F(0), out)


_CHUNK = 16384  # NumPy evaluates large arrays in pieces this long (a multiple of PACKET): its temporaries stay
# small enough to be reused from the allocator and the cache instead of being mapped and faulted in each time


def _elementwise(xp, x, packet_fn, scalar_fn):
    """packet_fn over the whole packets of x (flattened, row-major), scalar_fn over the remaining elements."""
    if traced_jax(xp) is None:
        xp = np  # the NumPy backend's namespace is a copy of NumPy's: the steps below test for NumPy itself
    flat = xp.reshape(x, (-1,))
    size = flat.shape[0]
    head = size - size % PACKET
    if xp is np and head > _CHUNK:
        out = np.empty_like(flat)
        for start in range(0, head, _CHUNK):
            stop = min(start + _CHUNK, head)
            out[start:stop] = packet_fn(np, flat[start:stop])
        if head < size:
            out[head:] = scalar_fn(np, flat[head:])
        return out.reshape(x.shape)
    if head == size:
        return packet_fn(xp, x)
    if head == 0:
        return scalar_fn(xp, x)
    return xp.reshape(xp.concatenate([packet_fn(xp, flat[:head]), scalar_fn(xp, flat[head:])]), x.shape)


def _pow2_scaled(xp, y, m):
    """y * 2^m for integral float m (Eigen's pldexp; exact where the result is a normal float)."""
    return xp.ldexp(y, m.astype(np.int32)).astype(_F)


def _tanh_packet(xp, x):
    a = _Arith(xp)
    c = xp.clip(x, -_TANH_CLAMP, _TANH_CLAMP)
    x2 = a.mul(c, c)
    p = a.horner(_TANH_P, x2)
    q = a.horner(_TANH_Q, x2)
    out = a.mul(x2, c, out=x2)  # x^3
    out = a.div(a.add(a.mul(out, p, out=out), c, out=out), q, out=out)  # (x^3 p + x) / q
    return a.zero_where(out, xp.abs(out) < _TINY, signed=True)


def tanh(xp, x):
    """Eigen's float32 tanh (the same on packets and scalars)."""
    with np.errstate(invalid="ignore"):
        return _elementwise(xp, x, _tanh_packet, _tanh_packet)


def _exp_of_reduced(a, x):
    """(m, r) with x = m ln 2 + r, by Eigen's steps: m = floor(x log2(e) + 1/2), r = x - m ln 2 with ln 2 in two
    parts; the caller evaluates its polynomial in r (exp's or the logistic's fit) and scales it by 2^m."""
    xp = a.xp
    m = xp.floor(a.add(a.mul(x, _LOG2E), _HALF))
    r = a.add(a.mul(m, _LN2_HI), x)
    r = a.add(a.mul(m, _LN2_LO), r, out=r)
    return m, r


def _exp_packet(xp, x):
    a = _Arith(xp)
    c = xp.minimum(x, _EXP_HI)
    m, r = _exp_of_reduced(a, c)
    r2 = a.mul(r, r)
    p2, p3, p4, p5, p6 = _EXP_P
    even = a.add(a.mul(r2, p6), p4)
    even = a.add(a.mul(r2, even, out=even), p2, out=even)
    odd = a.add(a.mul(r2, p5), p3)
    y = a.add(a.mul(r, odd, out=odd), even, out=odd)
    y = a.add(a.mul(r2, y, out=y), a.add(r, _ONE, out=r), out=y)
    out = xp.maximum(_pow2_scaled(xp, y, m), x)
    out = a.zero_where(out, (x < _EXP_LO) | (out < _TINY))  # Eigen's zero, and TF's flush of subnormals
    return xp.where(xp.isnan(x), x, out)


def _exp_scalar(xp, x):
    out = xp.exp(x.astype(np.float64)).astype(_F)
    return xp.where(out < _TINY, _F(0), out)


def exp(xp, x):
    """Eigen's float32 exp: the packet polynomial, the C library's expf on the tail."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _elementwise(xp, x, _exp_packet, _exp_scalar)


def _sigmoid_packet(xp, x):
    a = _Arith(xp)
    h = a.mul(xp.minimum(x, _SIGMOID_HI), _HALF)
    m, r = _exp_of_reduced(a, h)
    r2 = a.mul(r, r)
    p2, p3, p4, p5 = _SIGMOID_P
    even = a.add(a.mul(r2, p4), p2)
    odd = a.add(a.mul(r2, p5), p3)
    p = a.add(a.mul(r, odd, out=odd), even, out=odd)
    p = a.add(a.mul(r2, p, out=p), a.add(r, _ONE, out=r), out=p)
    e = _pow2_scaled(xp, p, m)
    e = a.mul(e, e, out=e)
    out = a.div(e, a.add(e, _ONE))
    out = a.zero_where(out, (x < _EXP_LO) | (out < _TINY))  # Eigen's zero, and TF's flush of subnormals
    return xp.where(xp.isnan(x), x, out)


def _sigmoid_scalar(xp, x):
    e = _exp_scalar(xp, xp.minimum(x, _SIGMOID_HI))
    out = e / (_ONE + e)
    return xp.where(out < _TINY, _F(0), out)


def sigmoid(xp, x):
    """Eigen's float32 logistic function: exp(x/2) squared over one plus itself on packets, expf on the tail."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _elementwise(xp, x, _sigmoid_packet, _sigmoid_scalar)


# --- bits, and TF's flush of subnormal inputs -------------------------------------------------------------

def _bits(xp, x):
    """The float32 array's bits as int32."""
    if xp is np:
        return x.view(np.int32)
    from jax import lax
    return lax.bitcast_convert_type(x, np.int32)


def _float_of(xp, i):
    """int32 bits as float32."""
    if xp is np:
        return i.astype(np.int32, copy=False).view(_F)
    from jax import lax
    return lax.bitcast_convert_type(i.astype(np.int32), _F)


def _barrier(xp, x):
    """x, kept from being folded into what follows: XLA rewrites (x + c) - c to x, which the rounding tricks below
    rely on not happening (Eigen's optimization barrier)."""
    if xp is np:
        return x
    from jax import lax
    return lax.optimization_barrier(x)


def _daz(xp, x):
    """x with subnormals read as (signed) zeros, as TF's threads read them (denormals-are-zero)."""
    tiny = xp.abs(x) < _TINY
    if xp is np and not tiny.any():  # the common case on NumPy: no copy
        return x
    return xp.where(tiny, x * _F(0), x)


_ftz = _daz  # and subnormal results flushed to zeros the same way


# --- sin, cos: Cody-Waite reduction by pi/2 in four float parts (Payne-Hanek for huge inputs), two polynomials --

_TWO_OVER_PI = _F(0.636619746685028076171875)
_ROUND_MAGIC = _F(12582912.0)  # 1.5 * 2^23: adding it rounds to an integer kept in the low mantissa bits
_PIO2_PARTS = tuple(_F(c) for c in (-1.5703125, -0.000483989715576171875, 1.62865035235881805419921875e-07,
                                    5.5644315544167710640977020375430583953857421875e-11))
_SIN_HUGE, _COS_HUGE = _F(25966.0), _F(18838.0)  # from here on the four-part reduction loses accuracy
_COS_P = tuple(_F(c) for c in (2.4372266125283204019069671630859375e-05, -0.00138865201734006404876708984375,
                               0.041666619479656219482421875, -0.5, 1.0))
_SIN_P = tuple(_F(c) for c in (-0.0001959234114083702898469196984621021329076029360294342041015625,
                               0.0083326873655616851693794799871284340042620897293090820312500000,
                               -0.1666666203982298255503735617821803316473960876464843750000000000))
# 2/pi's bits, each word overlapping the next by 24 bits so that any 96 bits aligned on a byte can be read
_TWO_OVER_PI_WORDS = np.array([
    0x00000028, 0x000028be, 0x0028be60, 0x28be60db, 0xbe60db93, 0x60db9391, 0xdb939105, 0x9391054a, 0x91054a7f,
    0x054a7f09, 0x4a7f09d5, 0x7f09d5f4, 0x09d5f47d, 0xd5f47d4d, 0xf47d4d37, 0x7d4d3770, 0x4d377036, 0x377036d8,
    0x7036d8a5, 0x36d8a566, 0xd8a5664f, 0xa5664f10, 0x664f10e4, 0x4f10e410, 0x10e41000, 0xe4100000], np.uint64)
_PIO2_2M62 = 3.4061215800865545e-19  # pi/2 * 2^-62


def _reduce_huge(xp, ax):
    """(r, quadrant) with |x| = quadrant pi/2 + r for finite |x| >= 2^-? large: |x| 2/pi in 2.62 fixed point from
    96 bits of 2/pi (Payne-Hanek), rounded to the nearest quadrant, the rest times pi/2 in float64."""
    u = _bits(xp, ax).astype(np.uint64)
    e = (u >> 23) - 118
    m = ((u & 0x7FFFFF) | 0x800000) << (e & 7)
    i = (e >> 3).astype(np.int64)
    words = xp.asarray(_TWO_OVER_PI_WORDS)
    w1, w2, w3 = words[i - 1], words[i + 3], words[i + 7]
    mask32 = np.uint64(0xFFFFFFFF)
    p = m * w3
    p = m * w2 + (p >> 32)
    p = (((m * w1) & mask32) << 32) + p  # the product's low 32 bits only, as a 32-bit multiply keeps
    q = (p + (np.uint64(1) << 61)) >> 62
    p = p - (q << 62)
    r = (p.astype(np.int64).astype(np.float64) * _PIO2_2M62).astype(_F)
    return r, q.astype(np.int32)


def _sincos_reduced(xp, x, huge):
    """(r, quadrant) with |x| = quadrant pi/2 + r, |r| <= pi/4 (about)."""
    a = _Arith(xp)
    ax = xp.abs(x)
    y_round = _barrier(xp, a.add(a.mul(ax, _TWO_OVER_PI), _ROUND_MAGIC))
    quadrant = _bits(xp, y_round)  # the low mantissa bits hold the integer
    y = y_round - _ROUND_MAGIC
    r = ax
    for c in _PIO2_PARTS:
        r = a.add(a.mul(y, c), r)
    big = (ax >= huge) & xp.isfinite(ax)
    if xp is not np or big.any():
        with np.errstate(over="ignore", invalid="ignore"):
            rh, qh = _reduce_huge(xp, xp.where(big, ax, _F(huge)))
        r = xp.where(big, rh, r)
        quadrant = xp.where(big, qh, quadrant)
    return r, quadrant


def _sincos_polynomials(xp, r):
    a = _Arith(xp)
    r2 = a.mul(r, r)
    cos_r = a.horner(_COS_P, r2)
    sin_r = a.horner(_SIN_P, r2)
    sin_r = a.add(a.mul(a.mul(sin_r, r2, out=sin_r), r, out=sin_r), r, out=sin_r)
    return sin_r, cos_r


_SIGN = np.int32(-0x80000000)


def _sin_packet(xp, x):
    x = _daz(xp, x)
    r, quadrant = _sincos_reduced(xp, x, _SIN_HUGE)
    sin_r, cos_r = _sincos_polynomials(xp, r)
    out = xp.where((quadrant & 1) == 0, sin_r, cos_r)
    sign = (_bits(xp, x) ^ (quadrant << 30)) & _SIGN
    return _ftz(xp, _float_of(xp, _bits(xp, out) ^ sign))


def _cos_packet(xp, x):
    x = _daz(xp, x)
    r, quadrant = _sincos_reduced(xp, x, _COS_HUGE)
    sin_r, cos_r = _sincos_polynomials(xp, r)
    out = xp.where((quadrant & 1) == 0, cos_r, sin_r)
    sign = ((quadrant + 1) << 30) & _SIGN
    return _ftz(xp, _float_of(xp, _bits(xp, out) ^ sign))


_C_LIBRARY = []  # [the C math library loaded by ctypes, or None]


def _c_function(name):
    """The C math library's float function `name`f (sinf, ...), or None where there is no such library."""
    import ctypes
    import ctypes.util

    if not _C_LIBRARY:
        path = ctypes.util.find_library("m")
        try:
            _C_LIBRARY.append(ctypes.CDLL(path) if path else None)
        except OSError:
            _C_LIBRARY.append(None)
    fn = getattr(_C_LIBRARY[0], name + "f", None) if _C_LIBRARY[0] is not None else None
    if fn is not None and fn.restype is not ctypes.c_float:
        fn.restype, fn.argtypes = ctypes.c_float, [ctypes.c_float]
    return fn


def _libm_scalar(name):
    """Eigen's scalar path for `name`: the C library's float function (TF calls the one of the machine it runs
    on). On NumPy the tail (under 8 elements) goes through that very function; where it is missing, and inside a
    compiled plan, the float64 function rounded to float32 stands in (the C library's float functions are within an
    ulp of it, and equal to it on most inputs)."""
    def scalar(xp, x):
        x = _daz(xp, x)
        fn = _c_function(name) if xp is np else None
        if fn is not None:
            out = np.fromiter((fn(v) for v in x.ravel().tolist()), _F, x.size).reshape(x.shape)
        else:
            out = getattr(xp, name)(x.astype(np.float64)).astype(_F)
        return _ftz(xp, out)
    return scalar


def sin(xp, x):
    with np.errstate(invalid="ignore", over="ignore"):
        return _elementwise(xp, x, _sin_packet, _libm_scalar("sin"))


def cos(xp, x):
    with np.errstate(invalid="ignore", over="ignore"):
        return _elementwise(xp, x, _cos_packet, _libm_scalar("cos"))


# --- log: frexp, a (3,3) rational function of the mantissa around 1, plus e ln 2 ------------------------------

_SQRT_HALF = _F(0.707106781186547524)
_LOG_P = tuple(_F(c) for c in (0.18256296349849254, 1.0000000190281063, 1.0000000190281136))  # p3 p2 p1
_LOG_Q = tuple(_F(c) for c in (0.049616247954120038, 0.59923249590823520, 1.4999999999999927, 1.0))  # q3 .. q0
_LN2 = _F(0.693147180559945309417)
_ALL_ONES_NAN = np.int32(-1)


def _log_packet(xp, x):
    a = _Arith(xp)
    x = _daz(xp, x)
    m, e = xp.frexp(x)
    e = e.astype(_F)
    below = m < _SQRT_HALF
    e = xp.where(below, e - _ONE, e)
    m = a.add(m - _ONE, xp.where(below, m, _F(0)))
    p = a.mul(a.horner(_LOG_P, m), m)
    q = a.horner(_LOG_Q, m)
    out = a.add(a.mul(e, _LN2), a.div(p, q, out=p))
    out = xp.where(x == xp.inf, x, out)
    out = xp.where((x < 0) | xp.isnan(x), _float_of(xp, xp.full(x.shape, _ALL_ONES_NAN)), out)
    return xp.where(x == 0, -xp.inf, out).astype(_F)


def log(xp, x):
    with np.errstate(invalid="ignore", divide="ignore"):
        return _elementwise(xp, x, _log_packet, _libm_scalar("log"))


def _log1p_packet(xp, x):
    x = _daz(xp, x)
    xp1 = _barrier(xp, x + _ONE)
    log1 = _log_packet(xp, xp1)
    keep = (xp1 == _ONE) | (xp1 == log1)
    out = x * (log1 / (xp1 - _ONE))
    return _ftz(xp, xp.where(keep, x, out))


def log1p(xp, x):
    with np.errstate(invalid="ignore", divide="ignore"):
        return _elementwise(xp, x, _log1p_packet, _libm_scalar("log1p"))


def _expm1_packet(xp, x):
    u = _exp_packet(xp, _daz(xp, x))
    um1 = u - _ONE
    logu = _log_packet(xp, u)
    out = um1 * (_daz(xp, x) / logu)
    out = xp.where(logu == u, u, out)
    out = xp.where(um1 == -_ONE, -_ONE, out)
    return xp.where(u == _ONE, x, _ftz(xp, out))


def expm1(xp, x):
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        return _elementwise(xp, x, _expm1_packet, _libm_scalar("expm1"))
