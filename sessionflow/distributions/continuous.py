"""Scalar continuous distributions: Normal, Laplace, Uniform, Gamma, Exponential. Each draws its samples from
the same random op TF's does (random_normal, random_uniform, random_gamma) with the caller's seed, so a seeded
graph samples TF's values; the densities are TF's formulas, so gradients flow through them."""

from __future__ import annotations

import hashlib
import math

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from .distribution import FULLY_REPARAMETERIZED, Distribution, checked, identity_params, tf
from .kullback_leibler import RegisterKL
from .special import log_cdf_laplace, log_ndtr, ndtr, ndtri


class _TwoParameter(Distribution):
    """A scalar-event family of two broadcast parameters `_names` (validated positive where `_positive`)."""

    _names = ()

    def _setup(self, parameters, a, b, validate_args, allow_nan_stats, name, validate=None):
        first, second = self._names
        if validate is None:
            def validate(*params):
                return [tf.assert_positive(params[i]) for i in self._positive]
        name, (ta, tb) = identity_params(name, [a, b], validate if validate_args else None, **{first: a, second: b})
        setattr(self, f"_{first}", ta)
        setattr(self, f"_{second}", tb)
        super().__init__(dtype=ta.dtype, reparameterization_type=FULLY_REPARAMETERIZED, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, parameters=parameters, graph_parents=[ta, tb], name=name)

    def _params(self):
        return [getattr(self, f"_{n}") for n in self._names]

    @classmethod
    def _param_shapes(cls, sample_shape):
        return {n: tf.convert_to_tensor(sample_shape, dtype=dtypes.int32) for n in cls._names}

    def _batch_shape_tensor(self):
        a, b = self._params()
        return tf.broadcast_dynamic_shape(tf.shape(a), tf.shape(b))

    def _batch_shape(self):
        a, b = self._params()
        return tf.broadcast_static_shape(a.shape, b.shape)

    def _sample_shape(self, n):
        return tf.concat([[n], self.batch_shape_tensor()], 0)


@tf_export("distributions.Normal")
class Normal(_TwoParameter):
    """The normal distribution N(loc, scale**2)."""

    _names, _positive = ("loc", "scale"), (1,)

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Normal"):
        self._setup(dict(locals()), loc, scale, validate_args, allow_nan_stats, name)

    loc = property(lambda self: self._loc)
    scale = property(lambda self: self._scale)

    def _sample_n(self, n, seed=None):
        sampled = tf.random_normal(self._sample_shape(n), mean=0.0, stddev=1.0, dtype=self.loc.dtype, seed=seed)
        return sampled * self.scale + self.loc

    def _z(self, x):
        with tf.name_scope("standardize", values=[x]):
            return (x - self.loc) / self.scale

    def _log_prob(self, x):
        return -0.5 * tf.square(self._z(x)) - (0.5 * math.log(2.0 * math.pi) + tf.log(self.scale))

    def _log_cdf(self, x):
        return log_ndtr(self._z(x))

    def _cdf(self, x):
        return ndtr(self._z(x))

    def _log_survival_function(self, x):
        return log_ndtr(-self._z(x))

    def _survival_function(self, x):
        return ndtr(-self._z(x))

    def _entropy(self):
        return 0.5 * math.log(2.0 * math.pi * math.e) + tf.log(self.scale * tf.ones_like(self.loc))

    def _mean(self):
        return self.loc * tf.ones_like(self.scale)

    _mode = _mean

    def _stddev(self):
        return self.scale * tf.ones_like(self.loc)

    def _quantile(self, p):
        with tf.name_scope("ndtri", values=[p]):
            z = ndtri(tf.convert_to_tensor(p, name="p"))
        with tf.name_scope("reconstruct", values=[z]):
            return z * self.scale + self.loc


@tf_export("distributions.Laplace")
class Laplace(_TwoParameter):
    """The Laplace distribution of location `loc` and scale `scale`."""

    _names, _positive = ("loc", "scale"), (1,)

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Laplace"):
        self._setup(dict(locals()), loc, scale, validate_args, allow_nan_stats, name)

    loc = property(lambda self: self._loc)
    scale = property(lambda self: self._scale)

    def _sample_n(self, n, seed=None):
        np_dtype = self.dtype.as_numpy_dtype
        u = tf.random_uniform(self._sample_shape(n), minval=np.nextafter(np_dtype(-1.0), np_dtype(0.0)), maxval=1.0,
                              dtype=self.dtype, seed=seed)
        return self.loc - self.scale * tf.sign(u) * tf.log1p(-tf.abs(u))

    def _z(self, x):
        return (x - self.loc) / self.scale

    def _log_prob(self, x):
        return -tf.abs(self._z(x)) - (math.log(2.0) + tf.log(self.scale))

    def _prob(self, x):
        return tf.exp(self._log_prob(x))

    def _log_cdf(self, x):
        return log_cdf_laplace(self._z(x))

    def _log_survival_function(self, x):
        return log_cdf_laplace(-self._z(x))

    def _cdf(self, x):
        z = self._z(x)
        return 0.5 + 0.5 * tf.sign(z) * (1.0 - tf.exp(-tf.abs(z)))

    def _entropy(self):
        return math.log(2.0) + 1.0 + tf.log(self.scale + tf.zeros_like(self.loc))

    def _mean(self):
        return self.loc + tf.zeros_like(self.scale)

    _mode = _mean

    def _stddev(self):
        return math.sqrt(2.0) * self.scale + tf.zeros_like(self.loc)


@tf_export("distributions.Uniform")
class Uniform(_TwoParameter):
    """The uniform distribution on [low, high)."""

    _names = ("low", "high")

    def __init__(self, low=0.0, high=1.0, validate_args=False, allow_nan_stats=True, name="Uniform"):
        self._setup(dict(locals()), low, high, validate_args, allow_nan_stats, name,
                    validate=lambda lo, hi: [tf.assert_less(lo, hi, message="uniform not defined when low >= high.")])

    low = property(lambda self: self._low)
    high = property(lambda self: self._high)

    def range(self, name="range"):
        with self._name_scope(name):
            return self.high - self.low

    def _sample_n(self, n, seed=None):
        samples = tf.random_uniform(self._sample_shape(n), dtype=self.dtype, seed=seed)
        return self.low + self.range() * samples

    def _prob(self, x):
        x = x * tf.ones(self.batch_shape_tensor(), dtype=x.dtype)
        outside = tf.logical_or(x < self.low, x >= self.high)
        return tf.where_v2(tf.is_nan(x), x, tf.where_v2(outside, tf.zeros_like(x), tf.ones_like(x) / self.range()))

    def _cdf(self, x):
        shape = tf.broadcast_dynamic_shape(tf.shape(x), self.batch_shape_tensor())
        zeros, ones = tf.zeros(shape, dtype=self.dtype), tf.ones(shape, dtype=self.dtype)
        below = tf.where_v2(x < self.low, zeros, (x * ones - self.low) / self.range())
        return tf.where_v2(x >= self.high, ones, below)

    def _entropy(self):
        return tf.log(self.range())

    def _mean(self):
        return (self.low + self.high) / 2.0

    def _variance(self):
        return tf.square(self.range()) / 12.0

    def _stddev(self):
        return self.range() / math.sqrt(12.0)


@tf_export("distributions.Gamma")
class Gamma(_TwoParameter):
    """The gamma distribution of shape `concentration` and inverse scale `rate`."""

    _names, _positive = ("concentration", "rate"), (0, 1)

    def __init__(self, concentration, rate, validate_args=False, allow_nan_stats=True, name="Gamma"):
        self._setup(dict(locals()), concentration, rate, validate_args, allow_nan_stats, name)

    concentration = property(lambda self: self._concentration)
    rate = property(lambda self: self._rate)

    def _sample_n(self, n, seed=None):
        return tf.random_gamma(shape=[n], alpha=self.concentration, beta=self.rate, dtype=self.dtype, seed=seed)

    def _log_prob(self, x):
        x = self._valid_sample(x)
        c, r = self.concentration, self.rate
        return (tf.math.xlogy(c - 1.0, x) - r * x) - (tf.lgamma(c) - c * tf.log(r))

    def _log_cdf(self, x):
        return tf.log(self._cdf(x))

    def _cdf(self, x):
        return tf.math.igamma(self.concentration, self.rate * self._valid_sample(x))

    def _entropy(self):
        c = self.concentration
        return c - tf.log(self.rate) + tf.lgamma(c) + (1.0 - c) * tf.digamma(c)

    def _mean(self):
        return self.concentration / self.rate

    def _variance(self):
        return self.concentration / tf.square(self.rate)

    def _stddev(self):
        return tf.sqrt(self.concentration) / self.rate

    def _mode(self):
        mode = (self.concentration - 1.0) / self.rate
        if self.allow_nan_stats:
            nan = tf.fill(self.batch_shape_tensor(), np.array(np.nan, dtype=self.dtype.as_numpy_dtype), name="nan")
            return tf.where_v2(self.concentration > 1.0, mode, nan)
        check = tf.assert_less(tf.ones([], self.dtype), self.concentration,
                               message="mode not defined when any concentration <= 1")
        with tf.control_dependencies([check]):
            return tf.identity(mode)

    def _valid_sample(self, x):
        tf.assert_same_float_dtype(tensors=[x], dtype=self.dtype)
        if not self.validate_args:
            return x
        with tf.control_dependencies([tf.assert_positive(x)]):
            return tf.identity(x)


@tf_export("distributions.Exponential")
class Exponential(Gamma):
    """The exponential distribution of rate `rate` (Gamma with concentration 1)."""

    def __init__(self, rate, validate_args=False, allow_nan_stats=True, name="Exponential"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[rate]) as name:
            self._rate = tf.convert_to_tensor(rate, name="rate")
        super().__init__(concentration=tf.ones([], dtype=self._rate.dtype), rate=self._rate,
                         allow_nan_stats=allow_nan_stats, validate_args=validate_args, name=name)
        self._parameters = parameters
        self._graph_parents += [self._rate]

    @classmethod
    def _param_shapes(cls, sample_shape):
        return {"rate": tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)}

    def _cdf(self, x):  # TF's igamma(1, rate * x); the same value in closed form
        return -tf.expm1(-self.rate * self._valid_sample(x))

    def _log_survival_function(self, x):
        return self._log_prob(x) - tf.log(self._rate)

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], tf.shape(self._rate)], 0)
        tiny = np.finfo(self.dtype.as_numpy_dtype).tiny
        sampled = tf.random_uniform(shape, minval=tiny, maxval=1.0, seed=seed, dtype=self.dtype)
        return -tf.log(sampled) / self._rate


def _seed_with_salt(seed, salt):
    """TF's gen_new_seed: a second op seed derived from `seed` (None stays None) for a second random op."""
    if seed is None:
        return None
    return int(hashlib.md5((str(seed) + salt).encode("utf-8")).hexdigest()[:8], 16) & 0x7FFFFFFF


@tf_export("distributions.StudentT")
class StudentT(Distribution):
    """Student's t distribution of `df` degrees of freedom, location `loc` and scale `scale`."""

    def __init__(self, df, loc, scale, validate_args=False, allow_nan_stats=True, name="StudentT"):
        parameters = dict(locals())
        name, (self._df, self._loc, self._scale) = identity_params(
            name, [df, loc, scale], (lambda d, *_: [tf.assert_positive(d)]) if validate_args else None,
            df=df, loc=loc, scale=scale)
        super().__init__(dtype=self._scale.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._df, self._loc, self._scale], name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        return {n: tf.convert_to_tensor(sample_shape, dtype=dtypes.int32) for n in ("df", "loc", "scale")}

    df = property(lambda self: self._df)
    loc = property(lambda self: self._loc)
    scale = property(lambda self: self._scale)

    def _batch_shape_tensor(self):
        return tf.broadcast_dynamic_shape(tf.shape(self.df),
                                          tf.broadcast_dynamic_shape(tf.shape(self.loc), tf.shape(self.scale)))

    def _batch_shape(self):
        return tf.broadcast_static_shape(tf.broadcast_static_shape(self.df.shape, self.loc.shape), self.scale.shape)

    def _ones(self):
        return tf.ones(self.batch_shape_tensor(), dtype=self.dtype)

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        normal = tf.random_normal(shape, dtype=self.dtype, seed=seed)
        df = self.df * self._ones()
        gamma = tf.random_gamma([n], 0.5 * df, beta=0.5, dtype=self.dtype, seed=_seed_with_salt(seed, "student_t"))
        return normal * tf.rsqrt(gamma / df) * self.scale + self.loc

    def _log_prob(self, x):
        y = (x - self.loc) / self.scale
        unnormalized = -0.5 * (self.df + 1.0) * tf.log1p(y ** 2.0 / self.df)
        return unnormalized - (tf.log(tf.abs(self.scale)) + 0.5 * tf.log(self.df) + 0.5 * np.log(np.pi)
                               + tf.lgamma(0.5 * self.df) - tf.lgamma(0.5 * (self.df + 1.0)))

    def _cdf(self, x):
        y = (x - self.loc) / tf.abs(self.scale)
        half_lower_tail = 0.5 * tf.math.betainc(0.5 * self.df, 0.5, self.df / (y ** 2.0 + self.df))
        return tf.where_v2(tf.less(y, 0.0), half_lower_tail, 1.0 - half_lower_tail)

    def _entropy(self):
        v = tf.expand_dims(self._ones(), -1)
        beta_arg = tf.concat([v * tf.expand_dims(self.df, -1), v], -1) / 2.0
        return (tf.log(tf.abs(self.scale)) + 0.5 * tf.log(self.df) + tf.lbeta(beta_arg)
                + 0.5 * (self.df + 1.0) * (tf.digamma(0.5 * (self.df + 1.0)) - tf.digamma(0.5 * self.df)))

    def _defined_above_one(self, value, what):
        if self.allow_nan_stats:
            nan = tf.fill(self.batch_shape_tensor(), np.array(np.nan, dtype=self.dtype.as_numpy_dtype), name="nan")
            return tf.where_v2(tf.greater(self.df, self._ones()), value, nan)
        check = tf.assert_less(tf.ones([], dtype=self.dtype), self.df,
                               message=f"{what} not defined for components of df <= 1")
        with tf.control_dependencies([check]):
            return tf.identity(value)

    def _mean(self):
        return self._defined_above_one(self.loc * self._ones(), "mean")

    def _variance(self):
        denom = tf.where_v2(tf.greater(self.df, 2.0), self.df - 2.0, tf.ones_like(self.df))
        var = self._ones() * tf.square(self.scale) * self.df / denom
        inf = tf.fill(self.batch_shape_tensor(), np.array(np.inf, dtype=self.dtype.as_numpy_dtype), name="inf")
        return self._defined_above_one(
            tf.where_v2(self.df > tf.fill(self.batch_shape_tensor(), 2.0), var, inf), "variance")

    def _mode(self):
        return tf.identity(self.loc)


@tf_export("distributions.Beta")
class Beta(Distribution):
    """The beta distribution on (0, 1), of concentrations `concentration1` (alpha) and `concentration0` (beta)."""

    def __init__(self, concentration1=None, concentration0=None, validate_args=False, allow_nan_stats=True,
                 name="Beta"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[concentration1, concentration0]) as name:
            c1, c0 = (self._valid_concentration(tf.convert_to_tensor(c, name=n), validate_args)
                      for c, n in ((concentration1, "concentration1"), (concentration0, "concentration0")))
            tf.assert_same_float_dtype([c1, c0])
            self._concentration1, self._concentration0, self._total_concentration = c1, c0, c1 + c0
        super().__init__(dtype=self._total_concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, reparameterization_type=FULLY_REPARAMETERIZED,
                         parameters=parameters, graph_parents=[c1, c0, self._total_concentration], name=name)

    @staticmethod
    def _valid_concentration(concentration, validate_args):
        if not validate_args:
            return concentration
        return checked(concentration, [tf.assert_positive(concentration,
                                                          message="Concentration parameter must be positive.")])

    @staticmethod
    def _param_shapes(sample_shape):
        return {n: tf.convert_to_tensor(sample_shape, dtype=dtypes.int32) for n in ("concentration1", "concentration0")}

    concentration1 = property(lambda self: self._concentration1)
    concentration0 = property(lambda self: self._concentration0)
    total_concentration = property(lambda self: self._total_concentration)

    def _batch_shape_tensor(self):
        return tf.shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.shape

    def _sample_n(self, n, seed=None):
        ones = tf.ones_like(self.total_concentration, dtype=self.dtype)
        gamma1 = tf.random_gamma(shape=[n], alpha=ones * self.concentration1, dtype=self.dtype, seed=seed)
        gamma2 = tf.random_gamma(shape=[n], alpha=ones * self.concentration0, dtype=self.dtype,
                                 seed=_seed_with_salt(seed, "beta"))
        return gamma1 / (gamma1 + gamma2)

    def _log_normalization(self):
        return tf.lgamma(self.concentration1) + tf.lgamma(self.concentration0) - tf.lgamma(self.total_concentration)

    def _log_prob(self, x):
        if self.validate_args:
            x = checked(x, [tf.assert_positive(x, message="sample must be positive"),
                            tf.assert_less(x, tf.ones([], self.dtype), message="sample must be less than `1`.")])
        unnormalized = tf.math.xlogy(self.concentration1 - 1.0, x) + (self.concentration0 - 1.0) * tf.log1p(-x)
        return unnormalized - self._log_normalization()

    def _prob(self, x):
        return tf.exp(self._log_prob(x))

    def _log_cdf(self, x):
        return tf.log(self._cdf(x))

    def _cdf(self, x):
        return tf.math.betainc(self.concentration1, self.concentration0, x)

    def _entropy(self):
        c1, c0, total = self.concentration1, self.concentration0, self.total_concentration
        return (self._log_normalization() - (c1 - 1.0) * tf.digamma(c1) - (c0 - 1.0) * tf.digamma(c0)
                + (total - 2.0) * tf.digamma(total))

    def _mean(self):
        return self._concentration1 / self._total_concentration

    def _variance(self):
        return self._mean() * (1.0 - self._mean()) / (1.0 + self.total_concentration)

    def _mode(self):
        mode = (self.concentration1 - 1.0) / (self.total_concentration - 2.0)
        if self.allow_nan_stats:
            nan = tf.fill(self.batch_shape_tensor(), np.array(np.nan, dtype=self.dtype.as_numpy_dtype), name="nan")
            return tf.where_v2(tf.logical_and(self.concentration1 > 1.0, self.concentration0 > 1.0), mode, nan)
        one = tf.ones([], dtype=self.dtype)
        return checked(mode, [
            tf.assert_less(one, self.concentration1, message="Mode undefined for concentration1 <= 1."),
            tf.assert_less(one, self.concentration0, message="Mode undefined for concentration0 <= 1.")])


@RegisterKL(Normal, Normal)
def _kl_normal_normal(n_a, n_b, name=None):
    with tf.name_scope(name, "kl_normal_normal", [n_a.loc, n_b.loc]):
        one, two, half = (tf.constant(v, dtype=n_a.dtype) for v in (1, 2, 0.5))
        s_a_squared, s_b_squared = tf.square(n_a.scale), tf.square(n_b.scale)
        ratio = s_a_squared / s_b_squared
        return (tf.squared_difference(n_a.loc, n_b.loc) / (two * s_b_squared)
                + half * (ratio - one - tf.log(ratio)))


@RegisterKL(Gamma, Gamma)
def _kl_gamma_gamma(g0, g1, name=None):
    with tf.name_scope(name, "kl_gamma_gamma", [g0.concentration, g0.rate, g1.concentration, g1.rate]):
        return ((g0.concentration - g1.concentration) * tf.digamma(g0.concentration)
                + tf.lgamma(g1.concentration) - tf.lgamma(g0.concentration)
                + g1.concentration * tf.log(g0.rate) - g1.concentration * tf.log(g1.rate)
                + g0.concentration * (g1.rate / g0.rate - 1.0))



@RegisterKL(Beta, Beta)
def _kl_beta_beta(d1, d2, name=None):
    with tf.name_scope(name, "kl_beta_beta", values=[d1.concentration1, d1.concentration0, d1.total_concentration,
                                                     d2.concentration1, d2.concentration0, d2.total_concentration]):
        return (d2._log_normalization() - d1._log_normalization()
                - tf.digamma(d1.concentration1) * (d2.concentration1 - d1.concentration1)
                - tf.digamma(d1.concentration0) * (d2.concentration0 - d1.concentration0)
                + tf.digamma(d1.total_concentration) * (d2.total_concentration - d1.total_concentration))
