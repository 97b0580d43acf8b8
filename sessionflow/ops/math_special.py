"""Vectorised special functions for the Erf, Erfc, Lgamma, Digamma and Polygamma kernels.

Each function takes the array namespace `xp` and a float64 array and returns float64 (the op kernels
cast back to the op's dtype). Accuracy is about 1e-14 for erf/erfc (the Maclaurin series for |x| <= 2,
Laplace's continued fraction for erfc beyond) and about 1e-13 for lgamma
(Lanczos, g=7, with the reflection formula), digamma and polygamma (recurrence up to x >= 10, then
the asymptotic / Euler-Maclaurin series). The Digamma kernel itself is `digamma_in_precision`: TF's
Cephes psi in the op's own precision (float32 arithmetic for float32), TF's values bit for bit on NumPy.
No op is declared here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math

import numpy as np

from .philox import _glibc_logf as philox_logf

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _erf_series(xp, x):
    """erf by its Maclaurin series; accurate to ~1e-15 for |x| <= 2."""
    x2 = x * x
    term = x
    total = x
    for n in range(1, 48):
        term = -term * x2 / n
        total = total + term / (2 * n + 1)
    return _TWO_OVER_SQRT_PI * total


def _erfc_continued_fraction(xp, z):
    """erfc(z) for z >= 2 by Laplace's continued fraction, evaluated backwards (~1e-15 relative)."""
    f = z
    for k in range(60, 0, -1):
        f = z + (k / 2.0) / f
    with np.errstate(over="ignore", under="ignore"):
        return xp.exp(-z * z) / (math.sqrt(math.pi) * f)


def erf(xp, x):
    small = xp.abs(x) <= 2.0
    series = _erf_series(xp, xp.where(small, x, 0.0))
    z = xp.abs(xp.where(small, 2.0, x))
    tail = xp.sign(x) * (1.0 - _erfc_continued_fraction(xp, xp.where(xp.isnan(z), 2.0, z)))
    return xp.where(small, series, xp.where(xp.isnan(x), x, tail))


def erfc(xp, x):
    small = xp.abs(x) <= 2.0
    series = 1.0 - _erf_series(xp, xp.where(small, x, 0.0))
    z = xp.abs(xp.where(small, 2.0, x))
    upper = _erfc_continued_fraction(xp, xp.where(xp.isnan(z), 2.0, z))
    tail = xp.where(x < 0, 2.0 - upper, upper)
    return xp.where(small, series, xp.where(xp.isnan(x), x, tail))


_LANCZOS_G = 7.0
_LANCZOS = (0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7)
_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def _lgamma_positive(xp, x):
    """log|Gamma(x)| for x >= 0.5 (Lanczos approximation)."""
    z = x - 1.0
    a = xp.full_like(z, _LANCZOS[0])
    for i, c in enumerate(_LANCZOS[1:], start=1):
        a = a + c / (z + i)
    t = z + _LANCZOS_G + 0.5
    with np.errstate(invalid="ignore"):
        return _HALF_LOG_2PI + (z + 0.5) * xp.log(t) - t + xp.log(a)


def lgamma(xp, x):
    """log|Gamma(x)|: +inf at the poles (0, -1, -2, ...) and at +-inf, NaN for NaN."""
    reflect = x < 0.5
    xr = xp.where(reflect, 1.0 - x, x)
    xr = xp.where(xp.isfinite(xr), xr, 1.0)
    pos = _lgamma_positive(xp, xr)
    with np.errstate(divide="ignore", invalid="ignore"):
        sin_pi = xp.abs(xp.sin(math.pi * (x - xp.floor(x))))
        reflected = math.log(math.pi) - xp.log(sin_pi) - pos
    out = xp.where(reflect, reflected, pos)
    pole = reflect & (x == xp.floor(x))
    out = xp.where(pole | xp.isinf(x), xp.inf, out)
    out = xp.where((x == 1.0) | (x == 2.0), 0.0, out)
    return xp.where(xp.isnan(x), x, out)


def _digamma_large(xp, y):
    inv = 1.0 / y
    inv2 = inv * inv
    series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))))
    return xp.log(y) - 0.5 * inv - series


def digamma(xp, x):
    """psi(x) = d/dx lgamma(x): NaN at the poles (0, -1, ...) and at -inf, +inf at +inf."""
    reflect = x < 0.5
    xr = xp.where(reflect, 1.0 - x, x)
    xr = xp.where(xp.isfinite(xr), xr, 1.0)
    shift = xp.zeros_like(xr)
    for k in range(10):
        shift = shift + 1.0 / (xr + k)
    pos = _digamma_large(xp, xr + 10.0) - shift
    with np.errstate(divide="ignore", invalid="ignore"):
        reflected = pos - math.pi / xp.tan(math.pi * (x - xp.floor(x)))
    out = xp.where(reflect, reflected, pos)
    out = xp.where(reflect & (x == xp.floor(x)), xp.nan, out)
    out = xp.where(x == xp.inf, xp.inf, out)
    return xp.where((x == -xp.inf) | xp.isnan(x), xp.nan, out)


# Cephes' asymptotic series of psi past 10 (its Bernoulli-number terms, highest power first), in the
# length each precision's kernel uses, and the point past which the series is dropped.
_PSI_SERIES = {
    np.dtype(np.float32): ((-1 / 240, 1 / 252, -1 / 120, 1 / 12), 1.0e8),
    np.dtype(np.float64): ((1 / 12, -691 / 32760, 1 / 132, -1 / 240, 1 / 252, -1 / 120, 1 / 12), 1.0e17),
}


def libm_function(name, ctype):
    """The C library's one-argument `name` (a ctypes function over `ctype`), as TF's scalar kernels call it;
    None where it cannot be loaded."""
    try:
        fn = getattr(ctypes.CDLL(ctypes.util.find_library("m")), name)
    except (OSError, AttributeError, TypeError):
        return None
    fn.restype, fn.argtypes = ctype, [ctype]
    return fn


_TAN = {np.dtype(np.float32): libm_function("tanf", ctypes.c_float),
        np.dtype(np.float64): libm_function("tan", ctypes.c_double)}


def _c_tan(xp, t):
    """tan of each element with the C library's tan/tanf, as TF's scalar kernels call it (NumPy); XLA's own."""
    fn = _TAN.get(t.dtype) if isinstance(t, np.ndarray) else None
    if fn is None or t.size == 0:
        return xp.tan(t)
    return np.array([fn(v) for v in t.ravel().tolist()], t.dtype).reshape(t.shape)


def digamma_in_precision(xp, x):
    """psi(x) as TF's Digamma kernel computes it: Cephes' psi in x's own float type (float32 arithmetic
    for float32, with its shorter series), so the rounding of the recurrence's sum near psi's root at
    1.4616... is TF's. x <= 0 reflects through pi / tan(pi * (x - nearest integer)); the poles give NaN.
    float16/bfloat16 run in float32. NumPy: log and tan are the C library's (glibc's), so results are TF's bit
    for bit; XLA: its own log and tan (an ulp off at times)."""
    if x.dtype not in _PSI_SERIES:
        return digamma_in_precision(xp, x.astype(xp.float32)).astype(x.dtype)
    coefs, drop = _PSI_SERIES[np.dtype(x.dtype)]
    on_numpy = isinstance(x, (np.ndarray, np.generic))  # the NumPy backend (its xp is a NumPy namespace)
    if on_numpy:
        xp, x = np, np.asarray(x)
    f = x.dtype.type
    one, half = f(1), f(0.5)
    with np.errstate(all="ignore"):
        negative = x <= 0
        whole = xp.floor(x)
        pole = negative & (whole == x)
        frac = x - whole
        up = frac > half
        frac = xp.where(up, x - (whole + one), frac)  # x minus its nearest integer, rounded as TF's
        reflected = xp.zeros_like(x)
        if not on_numpy or negative.any():
            sel = negative & ~pole & (frac != half)
            t = xp.where(sel, f(math.pi) * frac, f(0.25))
            t = t[sel] if on_numpy else t
            term = f(math.pi) / _c_tan(xp, t)
            if on_numpy:
                reflected[sel] = term
            else:
                reflected = xp.where(sel, term, reflected)
        s = xp.where(negative, one - x, x)
        s = xp.where(xp.isfinite(s), s, f(10))
        acc = xp.zeros_like(s)
        for _ in range(11):  # psi(s) = psi(s + 1) - 1/s until s >= 10 (from s >= 1e-45: eleven steps at most)
            low = s < 10
            acc = xp.where(low, acc + one / xp.where(low, s, one), acc)
            s = xp.where(low, s + one, s)
        z = one / (s * s)
        series = xp.full_like(z, coefs[0])
        for c in coefs[1:]:
            series = series * z + f(c)
        series = xp.where(s < drop, z * series, f(0))
        if x.dtype == np.float32:
            log_s = philox_logf(xp, s)
        elif on_numpy:  # glibc's log, which NumPy's vectorised float64 log differs from in the last bit
            log_s = np.array([math.log(v) for v in s.ravel().tolist()], s.dtype).reshape(s.shape)
        else:
            log_s = xp.log(s)
        y = log_s - half / s - series - acc
        y = xp.where(negative, y - reflected, y)
        y = xp.where(x == xp.inf, f(np.inf), y)
        return xp.where(pole | xp.isnan(x) | (x == -xp.inf), f(np.nan), y)


_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6)


def _hurwitz_zeta(xp, s, q):
    """zeta(s, q) = sum_k (q + k)^-s for s > 1, q > 0 (direct sum to q+12, then Euler-Maclaurin)."""
    total = xp.zeros(np.broadcast_shapes(xp.shape(s), xp.shape(q)))
    for k in range(12):
        total = total + (q + k) ** -s
    a = q + 12.0
    total = total + a ** (1.0 - s) / (s - 1.0) + 0.5 * a ** -s
    factor = s * a ** (-s - 1.0)
    fact = 2.0
    for j, b in enumerate(_BERNOULLI, start=1):
        total = total + b / fact * factor
        factor = factor * (s + 2 * j - 1) * (s + 2 * j) / (a * a)
        fact = fact * (2 * j + 1) * (2 * j + 2)
    return total


def polygamma(xp, n, x):
    """psi^(n)(x) for integer n >= 0 (n = 0 is digamma); NaN for non-integer or negative n, and for
    x <= 0 when n >= 1."""
    n, x = xp.broadcast_arrays(n, x)
    valid = (n >= 0) & (n == xp.floor(n))
    higher = valid & (n >= 1) & (x > 0)
    s = xp.where(higher, n + 1.0, 2.0)
    q = xp.where(higher, x, 1.0)
    nfact = xp.exp(lgamma(xp, s))
    sign = xp.where(xp.mod(n, 2) == 1, 1.0, -1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        values = sign * nfact * _hurwitz_zeta(xp, s, q)
    out = xp.where(higher, values, xp.nan)
    return xp.where(valid & (n == 0), digamma(xp, x), out)
