"""Erfinv and Ndtri (inverse error function and inverse normal CDF: a rational first guess refined by
Newton steps on math_special's erf/erfc, about 1e-15 in float64), tf.math.erfcinv and lbeta (TF's
composites), polyval (Horner, as TF builds it), NextAfter and CumulativeLogsumexp (with TF's gradient)."""

from __future__ import annotations

import math as _math

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import get_default_graph
from ..framework.registry import NOT_DIFFERENTIABLE, op
from . import math, math_special, reduction
from .common import FLOATS, traced_jax
from .constant import constant, convert_to_tensor

_SQRT_PI = _math.sqrt(_math.pi)


def _horner(coeffs, x):
    out = coeffs[0]
    for c in coeffs[1:]:
        out = out * x + c
    return out


def _erfinv(xp, y):
    """erfinv(y) in float64: Giles' approximation, then Newton steps on erf (erfc in the tails)."""
    y = xp.asarray(y, xp.float64)
    a = xp.abs(y)
    with np.errstate(all="ignore"):
        w = -xp.log((1.0 - a) * (1.0 + a))
        central = w < 5.0
        wc = xp.where(central, w - 2.5, xp.sqrt(xp.where(central, 5.0, w)) - 3.0)
        p_c = _horner([2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
                       -0.00125372503, -0.00417768164, 0.246640727, 1.50140941], wc)
        p_t = _horner([-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
                       -0.0076224613, 0.00943887047, 1.00167406, 2.83297682], wc)
        x = xp.where(central, p_c, p_t) * a
        tail = a > 0.5
        for _ in range(4):
            erf_x = math_special.erf(xp, x)
            f = xp.where(tail, (1.0 - a) - math_special.erfc(xp, x), erf_x - a)
            x = x - f / (2.0 / _SQRT_PI * xp.exp(-x * x))
        x = xp.where(a == 1.0, xp.inf, x)
        x = xp.where(a > 1.0, xp.nan, x)
    return xp.sign(y) * x


def _erfcinv_small(xp, q):
    """x >= 0 with erfc(x) = q, for q in (0, 1] (float64): Newton steps on log(erfc), good in the far tail."""
    q = xp.asarray(q, xp.float64)
    with np.errstate(all="ignore"):
        lq = xp.log(q)
        x = xp.where(q > 1e-8, _erfinv(xp, 1.0 - q), xp.sqrt(xp.maximum(-lq - 0.5 * xp.log(-np.pi * lq), 1.0)))
        for _ in range(6):
            e = math_special.erfc(xp, x)
            step = (xp.log(e) - lq) / (-2.0 / _SQRT_PI * xp.exp(-x * x) / e)
            x = xp.where(xp.isfinite(step), x - step, x)
    return x


def _ndtri(xp, p):
    """The inverse of the standard normal CDF (float64)."""
    p = xp.asarray(p, xp.float64)
    with np.errstate(all="ignore"):
        lower = p < 0.5
        q = xp.where(lower, 2.0 * p, 2.0 * (1.0 - p))
        x = _math.sqrt(2.0) * _erfcinv_small(xp, xp.where((q > 0) & (q <= 1), q, 1.0))
        out = xp.where(lower, -x, x)
        out = xp.where(p == 0.0, -xp.inf, xp.where(p == 1.0, xp.inf, out))
        return xp.where((p < 0) | (p > 1) | xp.isnan(p), xp.nan, out)


def _float_unary(type_name, fn, grad, samples):
    def infer(x):
        from .common import check_dtype

        check_dtype(type_name, "x", x, FLOATS)
        return x.dtype.base_dtype, x.shape

    def kernel(xp, x):
        return xp.asarray(fn(xp, x), dtype=x.dtype)

    return op(type_name, inputs=("x",))(type(type_name, (), dict(infer=infer, kernel=kernel, grad=grad,
                                                               samples=samples)))


def _erfinv_grad(op_, g):
    y = op_.outputs[0]
    return (g * constant(_SQRT_PI / 2, dtype=y.dtype.base_dtype) * math.exp(math.square(y)),)


def _ndtri_grad(op_, g):
    y = op_.outputs[0]
    return (g * constant(_math.sqrt(2 * _math.pi), dtype=y.dtype.base_dtype) * math.exp(math.square(y) / 2.0),)


_SAMPLES = [((np.array([-0.9, -0.3, 0.05, 0.6, 0.97]),), {}), ((np.array([0.2, -0.7], np.float32),), {})]
Erfinv = _float_unary("Erfinv", _erfinv, _erfinv_grad, _SAMPLES)
Ndtri = _float_unary("Ndtri", _ndtri, _ndtri_grad, [((np.array([0.05, 0.3, 0.5, 0.8, 0.99]),), {}),
                                   ((np.array([0.2, 0.7], np.float32),), {})])


def _scoped_unary(opdef, scope_name):
    """TF's erfinv/ndtri: the op, named as its type, inside a `scope_name` scope."""

    def fn(x, name=None):
        with get_default_graph().name_scope(name or scope_name):
            return opdef(convert_to_tensor(x, name="x"), name=opdef.type)

    fn.__name__ = fn.__qualname__ = scope_name
    fn.__doc__ = f"`tf.math.{scope_name}`: elementwise {opdef.type}."
    return tf_export(f"math.{scope_name}")(fn)


erfinv = _scoped_unary(Erfinv, "erfinv")
ndtri = _scoped_unary(Ndtri, "ndtri")


@tf_export("math.erfcinv")
def erfcinv(x, name=None):
    """The inverse of erfc: -ndtri(x / 2) / sqrt(2)."""
    with get_default_graph().name_scope(name or "erfcinv"):
        x = convert_to_tensor(x, name="start")
        return -ndtri(0.5 * x) * _math.sqrt(0.5)


@tf_export("math.lbeta", "lbeta")
def lbeta(x, name=None):
    """log|Beta(x)| over the last axis: sum(lgamma(x)) - lgamma(sum(x))."""
    with get_default_graph().name_scope(name or "lbeta"):
        x = convert_to_tensor(x, name="x")
        log_prod_gamma_x = reduction.reduce_sum(math.lgamma(x), axis=[-1])
        log_gamma_sum_x = math.lgamma(reduction.reduce_sum(x, axis=[-1]))
        return log_prod_gamma_x - log_gamma_sum_x


@tf_export("math.polyval")
def polyval(coeffs, x, name=None):
    """coeffs[0] * x^(n-1) + ... + coeffs[n-1], by Horner's rule."""
    if not isinstance(coeffs, list):
        raise ValueError(f"Argument coeffs must be list type. Received type {type(coeffs)}.")
    from .array import zeros_like

    with get_default_graph().name_scope(name or "polyval") as scope:
        x = convert_to_tensor(x, name="x")
        if not coeffs:
            return zeros_like(x, name=scope)
        coeffs = [convert_to_tensor(c, name=f"coeff_{i}") for i, c in enumerate(coeffs)]
        p = coeffs[0]
        for c in coeffs[1:]:
            p = c + p * x
        return p


@op("NextAfter", inputs=("x1", "x2"))
class NextAfter:
    """The next representable value after x1 in the direction of x2."""

    def infer(x1, x2):
        from .common import broadcast_shape, check_dtype

        check_dtype("NextAfter", "x1", x1, (dtypes.float32, dtypes.float64))
        return x1.dtype.base_dtype, broadcast_shape("NextAfter", x1.shape, x2.shape)

    def kernel(xp, x1, x2):
        return xp.nextafter(x1, x2).astype(x1.dtype)

    grad = NOT_DIFFERENTIABLE
    samples = [((np.array([1.0, 0.0, -2.0]), np.array([2.0, -1.0, -2.0])), {})]


nextafter = math._binary_wrapper(NextAfter, "NextAfter", "math.nextafter", arg_names=("x1", "x2"))
nextafter.__name__ = nextafter.__qualname__ = "nextafter"


@op("CumulativeLogsumexp", inputs=("x", "axis"), attrs=dict(exclusive=False, reverse=False),
    type_attrs=dict(T="x", Tidx="axis"))
class CumulativeLogsumexp:
    """log(cumsum(exp(x))) along `axis`, computed stably (exclusive: -inf first; reverse: from the end)."""

    def infer(x, axis, exclusive, reverse):
        from .common import check_dtype

        check_dtype("CumulativeLogsumexp", "x", x, (dtypes.float16, dtypes.float32, dtypes.float64))
        return x.dtype.base_dtype, x.shape

    def kernel(xp, x, axis, exclusive, reverse):
        ax = int(axis) % max(x.ndim, 1)
        v = xp.moveaxis(x.astype(xp.float64), ax, 0)
        if reverse:
            v = v[::-1]
        jax = traced_jax(xp)
        if jax is not None:  # the same sequential logaddexp, as a scan
            def step(acc, row):
                new = xp.logaddexp(acc, row)
                return new, acc if exclusive else new
            out = jax.lax.scan(step, xp.full(v.shape[1:], -xp.inf), v)[1] if v.shape[0] else v
        else:
            out = np.empty_like(v)
            acc = np.full(v.shape[1:], -np.inf)
            with np.errstate(all="ignore"):
                for i in range(v.shape[0]):
                    if exclusive:
                        out[i] = acc
                    acc = np.logaddexp(acc, v[i])
                    if not exclusive:
                        out[i] = acc
        if reverse:
            out = out[::-1]
        return xp.moveaxis(out, 0, ax).astype(x.dtype)

    def grad(op_, g):
        from .array_index import where_v2

        x, axis = op_.inputs
        out = op_.outputs[0]
        exclusive, reverse = op_.attrs["exclusive"], op_.attrs["reverse"]
        lowest = constant(np.finfo(g.dtype.base_dtype.as_numpy_dtype).min, dtype=g.dtype.base_dtype)
        zero = constant(0, dtype=g.dtype.base_dtype)
        log_pos = where_v2(math.greater(g, zero), math.log(g), lowest)
        log_neg = where_v2(math.less(g, zero), math.log(-g), lowest)
        pos = math.exp(CumulativeLogsumexp(log_pos - out, axis, exclusive=exclusive, reverse=not reverse) + x)
        neg = math.exp(CumulativeLogsumexp(log_neg - out, axis, exclusive=exclusive, reverse=not reverse) + x)
        return pos - neg, None

    samples = [((np.array([[1.0, 2.0, 0.5], [-1.0, 0.25, 3.0]]), np.array(1, np.int32)), {}),
               ((np.array([0.3, -2.0, 1.5, 0.0], np.float32), np.array(0, np.int32)),
                dict(exclusive=True, reverse=True))]


@tf_export("math.cumulative_logsumexp")
def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    with get_default_graph().name_scope(name or "CumulativeLogsumexp") as scope:
        x = convert_to_tensor(x, name="x")
        return CumulativeLogsumexp(x, convert_to_tensor(axis, name="axis", dtype=dtypes.int32), exclusive=exclusive,
                                   reverse=reverse, name=scope)


# --- Zeta ------------------------------------------------------------------------------------

def _zeta(xp, x, q):
    """Hurwitz zeta(x, q) = sum_k (q + k)^-x (Cephes' domain: NaN for x < 1, inf at x == 1 and at
    non-positive integer q; negative non-integer q needs an integer x)."""
    x, q = xp.broadcast_arrays(xp.asarray(x, xp.float64), xp.asarray(q, xp.float64))
    ok = (x > 1) & (q > -12) & ~((q <= 0) & (q == xp.floor(q))) & ~((q < 0) & (x != xp.floor(x)))
    with np.errstate(all="ignore"):
        values = math_special._hurwitz_zeta(xp, xp.where(ok, x, 2.0), xp.where(ok, q, 1.0))
    out = xp.where(ok, values, xp.nan)
    out = xp.where(x == 1, xp.inf, out)
    out = xp.where((x > 1) & (q <= 0) & (q == xp.floor(q)), xp.inf, out)
    return out


def _zeta_grad(op_, g):
    from .array import reshape, shape

    x, q = op_.inputs
    _, rq = math.BroadcastGradientArgs(shape(x), shape(q))
    partial_q = -x * Zeta(x + 1, q)
    return None, reshape(reduction.reduce_sum(partial_q * g, rq), shape(q))


Zeta = math.binary("Zeta", lambda xp, x, q: _zeta(xp, x, q), (dtypes.float32, dtypes.float64), grad=_zeta_grad,
                   samples=[((np.array([2.0, 3.5, 1.5, 4.0]), np.array([1.0, 0.5, 2.5, 3.0])), {}),
                            ((np.array([[2.0], [5.0]], np.float32), np.array([0.75, 1.25], np.float32)), {})],
                   names=("x", "q"))
zeta = math._binary_wrapper(Zeta, "Zeta", "math.zeta", "zeta", arg_names=("x", "q"))
zeta.__name__ = zeta.__qualname__ = "zeta"
