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
    """(2^m-free part p, m) with exp(x) = p 2^m, by Eigen's steps: m = floor(x log2(e) + 1/2), r = x - m ln 2
    in two parts, p a polynomial in r (`coefficients` p2.. of exp's or the logistic's fit)."""
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
