"""The normal CDF and its logarithm as TF's distributions compute them (erf/erfc pieces, an asymptotic series far
in the lower tail), the normal quantile (Cephes' rational approximations) and the Laplace log-CDF."""

from __future__ import annotations

import numpy as np

from .distribution import tf

# Where log_ndtr switches formulas, per dtype: (lower, upper).
_LOG_NDTR_SEGMENTS = {np.float64: (np.float64(-20), np.float64(8)), np.float32: (np.float32(-10), np.float32(5))}


def _float_dtype(x, what):
    if x.dtype.as_numpy_dtype not in (np.float32, np.float64):
        raise TypeError(f"{what}.dtype={x.dtype} is not handled, see docstring for supported types.")


def ndtr(x, name="ndtr"):
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        _float_dtype(x, "x")
        return _ndtr(x)


def _ndtr(x):
    half_sqrt_2 = tf.constant(0.5 * np.sqrt(2.0), dtype=x.dtype, name="half_sqrt_2")
    w = x * half_sqrt_2
    z = tf.abs(w)
    y = tf.where_v2(tf.less(z, half_sqrt_2), 1.0 + tf.math.erf(w),
                    tf.where_v2(tf.greater(w, 0.0), 2.0 - tf.math.erfc(z), tf.math.erfc(z)))
    return 0.5 * y


def log_ndtr(x, series_order=3, name="log_ndtr"):
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        segments = _LOG_NDTR_SEGMENTS.get(x.dtype.as_numpy_dtype)
        if segments is None:
            raise TypeError(f"x.dtype={x.dtype} is not supported.")
        lower, upper = segments
        return tf.where_v2(tf.greater(x, upper), -_ndtr(-x),
                           tf.where_v2(tf.greater(x, lower), tf.log(_ndtr(tf.maximum(x, lower))),
                                       _log_ndtr_lower(tf.minimum(x, lower), series_order)))


def _log_ndtr_lower(x, series_order):
    x_2 = tf.square(x)
    log_scale = -0.5 * x_2 - tf.log(-x) - 0.5 * np.log(2.0 * np.pi)
    dtype = x.dtype.as_numpy_dtype
    even, odd, x_2n = tf.zeros_like(x), tf.zeros_like(x), x_2
    for n in range(1, series_order + 1):
        y = np.array(np.prod(np.arange(2 * n - 1, 1, -2)), dtype) / x_2n
        if n % 2:
            odd += y
        else:
            even += y
        x_2n *= x_2
    return log_scale + tf.log(1.0 + even - odd)


_NDTRI = dict(
    p0=[-1.23916583867381258e+00, 1.39312609387279679e+01, -5.66762857469070293e+01, 9.80010754185999661e+01,
        -5.99633501014107895e+01],
    q0=[-1.18331621121330003e+00, 1.59056225126211695e+01, -8.20372256168333339e+01, 2.00260212380060660e+02,
        -2.25462687854119370e+02, 8.63602421390890590e+01, 4.67627912898881538e+00, 1.95448858338141759e+00, 1.0],
    p1=[-8.57456785154685413e-04, -3.50424626827848203e-02, -1.40256079171354495e-01, 2.18663306850790267e+00,
        1.46849561928858024e+01, 4.40805073893200834e+01, 5.71628192246421288e+01, 3.15251094599893866e+01,
        4.05544892305962419e+00],
    q1=[-9.33259480895457427e-04, -3.80806407691578277e-02, -1.42182922854787788e-01, 2.50464946208309415e+00,
        1.50425385692907503e+01, 4.13172038254672030e+01, 4.53907635128879210e+01, 1.57799883256466749e+01, 1.0],
    p2=[6.23974539184983293e-09, 2.65806974686737550e-06, 3.01581553508235416e-04, 1.23716634817820021e-02,
        2.01485389549179081e-01, 1.33303460815807542e+00, 3.93881025292474443e+00, 6.91522889068984211e+00,
        3.23774891776946035e+00],
    q2=[6.79019408009981274e-09, 2.89247864745380683e-06, 3.28014464682127739e-04, 1.34204006088543189e-02,
        2.16236993594496635e-01, 1.37702099489081330e+00, 3.67983563856160859e+00, 6.02427039364742014e+00, 1.0])


def ndtri(p):
    """The normal quantile: Cephes' three rational approximations, chosen per region as TF does."""
    def poly(var, coeffs):
        coeffs = np.array(coeffs, var.dtype.as_numpy_dtype)
        return tf.zeros_like(var) if not coeffs.size else coeffs[0] + poly(var, coeffs[1:]) * var

    c = _NDTRI
    complement = tf.where_v2(p > -np.expm1(-2.0), 1.0 - p, p)
    safe = tf.where_v2(complement <= 0.0, tf.fill(tf.shape(p), np.array(0.5, p.dtype.as_numpy_dtype)), complement)
    w = safe - 0.5
    ww = w ** 2
    big = w + w * ww * (poly(ww, c["p0"]) / poly(ww, c["q0"]))
    big *= -np.sqrt(2.0 * np.pi)
    z = tf.sqrt(-2.0 * tf.log(safe))
    first = z - tf.log(z) / z
    small = first - poly(1.0 / z, c["p2"]) / poly(1.0 / z, c["q2"]) / z
    other = first - poly(1.0 / z, c["p1"]) / poly(1.0 / z, c["q1"]) / z
    x = tf.where_v2(safe > np.exp(-2.0), big, tf.where_v2(z >= 8.0, small, other))
    x = tf.where_v2(p > 1.0 - np.exp(-2.0), x, -x)
    infinity = tf.fill(tf.shape(p), tf.constant(np.inf, dtype=p.dtype))
    return tf.where_v2(p <= 0.0, -infinity, tf.where_v2(p >= 1.0, infinity, x))


def log_cdf_laplace(x, name="log_cdf_laplace"):
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        lower = -np.log(2.0) + x
        upper = tf.log1p(-0.5 * tf.exp(-tf.abs(x)))
        return tf.where_v2(x < 0.0, lower, upper)
