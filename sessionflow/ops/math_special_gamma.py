"""The regularized incomplete gamma and beta functions: Igamma, Igammac, IgammaGradA and Betainc
(`tf.math.igamma`, `tf.math.igammac`, `tf.math.betainc`), with TF's gradients (Igamma/Igammac with respect
to both a and x, Betainc with respect to x only, as TF).

The kernels follow Cephes' algorithms as TF's Eigen kernels run them (the power series of P(a, x) for
x <= max(1, a), the continued fraction of Q(a, x) beyond it, carried along with its derivative in a for
IgammaGradA, in the op's own precision with that precision's constants, as TF's templated kernels: float32
results carry float32's rounding as TF's do; Cephes' double-precision incbet with its power series and two
continued fractions for Betainc, evaluated in float64 and cast back). The gamma functions are vectorised over the elements still
iterating; Betainc runs its branches per element.
"""

from __future__ import annotations

import ctypes
import math

import numpy as np

from ..framework import dtypes, errors
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from ..framework.tensor_shape import TensorShape
from . import common, shape_fns
from . import math as math_ops
from .constant import convert_to_tensor
from .math_special import digamma_in_precision, libm_function

_MACHEP = np.finfo(np.float64).eps / 2
_BIG = 1.0 / np.finfo(np.float64).eps
_BIGINV = np.finfo(np.float64).eps


class _Precision:
    """Cephes' constants for one float type, as Python floats (so NumPy keeps the arrays' own dtype)."""

    def __init__(self, dtype):
        eps = float(np.finfo(dtype).eps)
        single = dtype == np.float32
        self.dtype = dtype
        self.machep = eps / 2
        self.big, self.biginv = (2 / eps, eps / 2) if single else (1 / eps, eps)
        self.log_max = float(np.log(np.finfo(dtype).max))
        self.value_iterations, self.derivative_iterations = 2000, (200 if single else 500)


_PRECISION = {np.dtype(np.float32): _Precision(np.float32), np.dtype(np.float64): _Precision(np.float64)}


# TF's kernels call the C library's lgamma / lgammaf; Python's math.lgamma is its own approximation, which
# differs in the last bits (and so, through exp, in the 1e-11 place where lgamma is large).
_LGAMMA = {np.dtype(np.float64): libm_function("lgamma", ctypes.c_double),
           np.dtype(np.float32): libm_function("lgammaf", ctypes.c_float)}


def _lgamma(a):
    """log|Gamma(a)| elementwise (a > 0 here), in a's dtype."""
    fn = _LGAMMA.get(a.dtype) or math.lgamma
    return np.array([fn(v) if 0 < v < np.inf else np.inf for v in a.tolist()], a.dtype)


def _main_term(a, x, prec):
    """x^a e^-x / Gamma(a), 0 where it underflows."""
    with np.errstate(all="ignore"):
        logax = a * np.log(x) - x - _lgamma(a)
        return np.where((logax < -prec.log_max) | np.isnan(logax), 0.0, np.exp(logax))


def _series(a, x, derivative, prec):
    """P(a, x) by its power series (or dP/da)."""
    ax = _main_term(a, x, prec)
    with np.errstate(all="ignore"):
        ax = ax / a
        r, c, ans = a.copy(), np.ones_like(a), np.ones_like(a)
        dc, dans = np.zeros_like(a), np.zeros_like(a)
        active = ax != 0
        for _ in range(prec.derivative_iterations if derivative else prec.value_iterations):
            if not active.any():
                break
            r = np.where(active, r + 1.0, r)
            term = x / r
            dterm = -x / (r * r)
            dc = np.where(active, term * dc + dterm * c, dc)
            dans = np.where(active, dans + dc, dans)
            c = np.where(active, c * term, c)
            ans = np.where(active, ans + c, ans)
            if derivative:
                active &= ~(np.abs(dc) <= prec.machep * np.abs(dans))
            else:
                active &= ~(c <= prec.machep * ans)
        if not derivative:
            return ans * ax
        dlogax = np.log(x) - digamma_in_precision(np, a + a.dtype.type(1))
        return np.where(ax == 0, 0.0, ans * ax * dlogax + dans * ax)


def _continued_fraction(a, x, derivative, prec):
    """Q(a, x) by its continued fraction (or dQ/da)."""
    ax = _main_term(a, x, prec)
    with np.errstate(all="ignore"):
        y = 1.0 - a
        z = x + y + 1.0
        c = np.zeros_like(a)
        pkm2, qkm2, pkm1, qkm1 = np.ones_like(a), x.copy(), x + 1.0, z * x
        ans = pkm1 / qkm1
        dpkm2, dqkm2, dpkm1, dqkm1 = np.zeros_like(a), np.zeros_like(a), np.zeros_like(a), -x
        dans = (dpkm1 - ans * dqkm1) / qkm1
        active = (ax != 0) & ~np.isinf(x)
        for _ in range(prec.derivative_iterations if derivative else prec.value_iterations):
            if not active.any():
                break
            c, y, z = c + 1.0, y + 1.0, z + 2.0
            yc = y * c
            pk = pkm1 * z - pkm2 * yc
            qk = qkm1 * z - qkm2 * yc
            dpk = dpkm1 * z - pkm1 - dpkm2 * yc + pkm2 * c
            dqk = dqkm1 * z - qkm1 - dqkm2 * yc + qkm2 * c
            update = active & (qk != 0)
            new_ans = np.where(update, pk / qk, ans)
            new_dans = np.where(update, (dpk - new_ans * dqk) / qk, dans)
            if derivative:
                done = update & (np.abs(new_dans - dans) <= prec.machep)
            else:
                done = update & (np.abs(ans - new_ans) <= prec.machep * np.abs(new_ans))
            ans, dans = np.where(active, new_ans, ans), np.where(active, new_dans, dans)
            active &= ~done
            pkm2, pkm1 = np.where(active, pkm1, pkm2), np.where(active, pk, pkm1)
            qkm2, qkm1 = np.where(active, qkm1, qkm2), np.where(active, qk, qkm1)
            dpkm2, dpkm1 = np.where(active, dpkm1, dpkm2), np.where(active, dpk, dpkm1)
            dqkm2, dqkm1 = np.where(active, dqkm1, dqkm2), np.where(active, dqk, dqkm1)
            scale = active & (np.abs(pk) > prec.big)
            if scale.any():
                f = np.where(scale, prec.biginv, 1.0)
                pkm2, pkm1, qkm2, qkm1 = pkm2 * f, pkm1 * f, qkm2 * f, qkm1 * f
                dpkm2, dpkm1, dqkm2, dqkm1 = dpkm2 * f, dpkm1 * f, dqkm2 * f, dqkm1 * f
        zero = (ax == 0) | np.isinf(x)
        if not derivative:
            return np.where(zero, 0.0, ans * ax)
        dlogax = np.log(x) - digamma_in_precision(np, a)
        return np.where(zero, 0.0, ans * ax * dlogax + dans * ax)


def _broadcast(a, x):
    """Flat a, x in the precision the op computes in (float32 for float32, float64 otherwise)."""
    dtype = np.float32 if np.asarray(a).dtype == np.float32 else np.float64
    a, x = np.broadcast_arrays(np.asarray(a, dtype), np.asarray(x, dtype))
    return a.reshape(-1), x.reshape(-1), a.shape, _PRECISION[np.dtype(dtype)]


def _igamma(a, x, derivative=False):
    a, x, shape, prec = _broadcast(a, x)
    out = np.full(a.shape, np.nan, a.dtype)
    valid = ~((x < 0) | (a <= 0) | np.isnan(a) | np.isnan(x))
    out[x == 0] = 0.0
    valid &= x != 0
    cf = valid & (x > 1) & (x > a)
    series = valid & ~cf
    if cf.any():
        q = _continued_fraction(a[cf], x[cf], derivative, prec)
        out[cf] = -q if derivative else 1.0 - q
    if series.any():
        out[series] = _series(a[series], x[series], derivative, prec)
    return out.reshape(shape)


def igamma_values(xp, a, x):
    """P(a, x), the lower regularized incomplete gamma function (NaN for a <= 0 or x < 0)."""
    return _igamma(a, x)


def igamma_grad_a_values(xp, a, x):
    """dP(a, x)/da."""
    return _igamma(a, x, derivative=True)


def igammac_values(xp, a, x):
    """Q(a, x) = 1 - P(a, x), the upper regularized incomplete gamma function."""
    a, x, shape, prec = _broadcast(a, x)
    out = np.full(a.shape, np.nan, a.dtype)
    valid = ~((x < 0) | (a <= 0) | np.isnan(a) | np.isnan(x))
    series = valid & ((x < 1) | (x < a))
    cf = valid & ~series
    if series.any():
        out[series] = 1.0 - _series(a[series], x[series], False, prec)
    if cf.any():
        out[cf] = _continued_fraction(a[cf], x[cf], False, prec)
    return out.reshape(shape)


# --- Betainc -----------------------------------------------------------------------------------

def _incbeta_cf(a, b, x, small_branch):
    """Cephes' continued fractions for incbet (incbcf for `small_branch`, else incbd)."""
    if small_branch:
        k1, k2, k3, k4, k5, k6, k7, k8, step = a, a + b, a, a + 1.0, 1.0, b - 1.0, a + 1.0, a + 2.0, 1.0
    else:
        k1, k2, k3, k4, k5, k6, k7, k8, step = a, b - 1.0, a, a + 1.0, 1.0, a + b, a + 1.0, a + 2.0, -1.0
        x = x / (1.0 - x)
    pkm2, qkm2, pkm1, qkm1, ans = 0.0, 1.0, 1.0, 1.0, 1.0
    for _ in range(300):
        xk = -(x * k1 * k2) / (k3 * k4)
        pk, qk = pkm1 + pkm2 * xk, qkm1 + qkm2 * xk
        pkm2, pkm1, qkm2, qkm1 = pkm1, pk, qkm1, qk
        xk = (x * k5 * k6) / (k7 * k8)
        pk, qk = pkm1 + pkm2 * xk, qkm1 + qkm2 * xk
        pkm2, pkm1, qkm2, qkm1 = pkm1, pk, qkm1, qk
        if qk != 0:
            r = pk / qk
            if abs(ans - r) < abs(r) * 3 * _MACHEP:
                return r
            ans = r
        k1, k2, k3, k4 = k1 + 1.0, k2 + step, k3 + 2.0, k4 + 2.0
        k5, k6, k7, k8 = k5 + 1.0, k6 - step, k7 + 2.0, k8 + 2.0
        if abs(qk) + abs(pk) > _BIG:
            pkm2, pkm1, qkm2, qkm1 = pkm2 * _BIGINV, pkm1 * _BIGINV, qkm2 * _BIGINV, qkm1 * _BIGINV
        if abs(qk) < _BIGINV or abs(pk) < _BIGINV:
            pkm2, pkm1, qkm2, qkm1 = pkm2 * _BIG, pkm1 * _BIG, qkm2 * _BIG, qkm1 * _BIG
    return ans


def _log(v):
    return math.log(v) if v > 0 else (-math.inf if v == 0 else math.nan)


def _lg(v):
    return (_LGAMMA[np.dtype(np.float64)] or math.lgamma)(v) if v > 0 and v != math.inf else math.inf


def _exp(v):
    try:
        return math.exp(v)
    except OverflowError:
        return math.inf


def _incbeta_series(a, b, x):
    """The power series of incbet for b x <= 1 and x <= 0.95."""
    ai = 1.0 / a
    u = (1.0 - b) * x
    v = u / (a + 1.0)
    t1, t, n, s, z = v, u, 2.0, 0.0, _MACHEP * ai
    while abs(v) > z:
        u = (n - b) * x / n
        t *= u
        v = t / (a + n)
        s += v
        n += 1.0
    s += t1 + ai
    return _exp(_lg(a + b) - _lg(a) - _lg(b) + a * _log(x) + _log(s))


def _betainc_scalar(aa, bb, xx):
    if not (aa > 0 and bb > 0):
        return math.nan
    if not (0 < xx < 1):
        return xx if xx in (0.0, 1.0) else math.nan
    if bb * xx <= 1.0 and xx <= 0.95:
        return _incbeta_series(aa, bb, xx)
    w = 1.0 - xx
    reversed_ab = xx > aa / (aa + bb)
    a, b, xc, x = (bb, aa, xx, w) if reversed_ab else (aa, bb, w, xx)
    if reversed_ab and b * x <= 1.0 and x <= 0.95:
        t = _incbeta_series(a, b, x)
        return 1.0 - _MACHEP if t <= _MACHEP else 1.0 - t
    if x * (a + b - 2.0) - (a - 1.0) < 0.0:
        w = _incbeta_cf(a, b, x, True)
    else:
        w = _incbeta_cf(a, b, x, False) / xc
    y = a * _log(x) + b * _log(xc) + _lg(a + b) - _lg(a) - _lg(b) + _log(w / a)
    t = _exp(y)
    if reversed_ab:
        t = 1.0 - _MACHEP if t <= _MACHEP else 1.0 - t
    return t


def betainc_values(xp, a, b, x):
    """I_x(a, b), the regularized incomplete beta function (NaN outside a, b > 0, 0 <= x <= 1)."""
    a, b, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64), np.asarray(x, np.float64))
    flat = [_betainc_scalar(*v) for v in zip(a.reshape(-1).tolist(), b.reshape(-1).tolist(), x.reshape(-1).tolist())]
    return np.array(flat, np.float64).reshape(a.shape)


# --- ops -------------------------------------------------------------------------------------

_REAL = (dtypes.float32, dtypes.float64)
_GAMMA_SAMPLES = [((np.array([0.5, 1.0, 3.0, 10.0]), np.array([0.25, 2.0, 3.5, 8.0])), {}),
                  ((np.array([[2.0], [0.7]], np.float32), np.array([0.3, 1.5], np.float32)), {})]


def _reduce_to(value, target_shape, axes):
    from .array import reshape
    from .reduction import reduce_sum

    return reshape(reduce_sum(value, axes), target_shape)


def _igamma_grad(op_, g):
    from ..framework.scopes import control_dependencies
    from .array import shape

    a, x = op_.inputs
    sa, sx = shape(a), shape(x)
    ra, rx = math_ops.BroadcastGradientArgs(sa, sx)
    with control_dependencies([g]):
        partial_a = IgammaGradA(a, x)
        one = convert_to_tensor(1.0, dtype=a.dtype.base_dtype)
        partial_x = math_ops.exp(math_ops.subtract(math_ops.add(math_ops.negative(x),
                                                                math_ops.multiply(math_ops.subtract(a, one),
                                                                                  math_ops.log(x))),
                                                   math_ops.lgamma(a)))
        return (_reduce_to(math_ops.multiply(partial_a, g), sa, ra),
                _reduce_to(math_ops.multiply(partial_x, g), sx, rx))


def _igammac_grad(op_, g):
    da, dx = _igamma_grad(op_, g)
    return math_ops.negative(da), math_ops.negative(dx)


Igamma = math_ops.binary("Igamma", igamma_values, _REAL, grad=_igamma_grad, samples=_GAMMA_SAMPLES, names=("a", "x"))
Igammac = math_ops.binary("Igammac", igammac_values, _REAL, grad=_igammac_grad, samples=_GAMMA_SAMPLES, names=("a", "x"))
IgammaGradA = math_ops.binary("IgammaGradA", igamma_grad_a_values, _REAL, grad=NOT_DIFFERENTIABLE,
                              samples=_GAMMA_SAMPLES, names=("a", "x"))


def _betainc_shape(a, b, x):
    """TF's BetaincShape: the non-scalar inputs' shapes merged; with one non-scalar input, its shape."""
    output, scalars, some = TensorShape(None), 0, None
    for t in (a, b, x):
        if t.shape.ndims is None:
            some = t.shape
        elif t.shape.ndims == 0:
            scalars += 1
        else:
            output = shape_fns.merge("Betainc", output, t.shape)
            some = output
    if scalars == 2:
        return some
    return a.shape if scalars == 3 else output


@op("Betainc", inputs=("a", "b", "x"), type_attrs={"T": "a"})
class Betainc:
    """I_x(a, b), elementwise; the non-scalar inputs must have one shape (scalars broadcast)."""

    def infer(a, b, x):
        common.check_dtype("Betainc", "a", a, _REAL)
        for name, t in (("b", b), ("x", x)):
            if t.dtype.base_dtype is not a.dtype.base_dtype:
                raise TypeError(f"Input '{name}' of 'Betainc' Op has type {t.dtype.base_dtype.name} that does not "
                                f"match type {a.dtype.base_dtype.name} of argument 'a'.")
        return a.dtype.base_dtype, _betainc_shape(a, b, x)

    def kernel(xp, a, b, x):
        for (n1, t1), (n2, t2) in ((("a", a), ("b", b)), (("a", a), ("x", x)), (("b", b), ("x", x))):
            if t1.ndim and t2.ndim and t1.shape != t2.shape:
                raise errors.InvalidArgumentError(
                    None, None, f"Shapes of {n1} and {n2} are inconsistent: {common.shape_str(TensorShape(t1.shape))} vs. "
                                f"{common.shape_str(TensorShape(t2.shape))}")
        return betainc_values(xp, a, b, x).astype(a.dtype)

    def grad(op_, g):
        from .array import shape

        a, b, x = op_.inputs
        sa, sx = shape(a), shape(x)
        _, rx = math_ops.BroadcastGradientArgs(sa, sx)
        from .math_nan_safe import xlog1py, xlogy

        one = convert_to_tensor(1.0, dtype=a.dtype.base_dtype)
        log_beta = math_ops.subtract(math_ops.add(math_ops.lgamma(a), math_ops.lgamma(b)),
                                     math_ops.lgamma(math_ops.add(a, b)))
        partial_x = math_ops.exp(math_ops.subtract(
            math_ops.add(xlog1py(math_ops.subtract(b, one), math_ops.negative(x)),
                         xlogy(math_ops.subtract(a, one), x)), log_beta))
        return None, None, _reduce_to(math_ops.multiply(partial_x, g), sx, rx)

    samples = [((np.array([0.5, 2.0, 5.0]), np.array([1.5, 3.0, 0.8]), np.array([0.2, 0.5, 0.9])), {}),
               ((np.array(2.0, np.float32), np.array(3.0, np.float32), np.array([0.1, 0.7], np.float32)), {})]


@tf_export("math.igamma", "igamma")
def igamma(a, x, name=None):
    """`tf.math.igamma`: P(a, x), the lower regularized incomplete gamma function."""
    with get_default_graph().name_scope(name or "Igamma") as scope:
        a, x = common.convert_same_dtype("Igamma", (a, x), ("a", "x"))
        return Igamma(a, x, name=scope)


@tf_export("math.igammac", "igammac")
def igammac(a, x, name=None):
    """`tf.math.igammac`: Q(a, x) = 1 - P(a, x), the upper regularized incomplete gamma function."""
    with get_default_graph().name_scope(name or "Igammac") as scope:
        a, x = common.convert_same_dtype("Igammac", (a, x), ("a", "x"))
        return Igammac(a, x, name=scope)


@tf_export("math.betainc", "betainc")
def betainc(a, b, x, name=None):
    """`tf.math.betainc`: I_x(a, b), the regularized incomplete beta function."""
    with get_default_graph().name_scope(name or "Betainc") as scope:
        a, b, x = common.convert_same_dtype("Betainc", (a, b, x), ("a", "b", "x"))
        return Betainc(a, b, x, name=scope)
