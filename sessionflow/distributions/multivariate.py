"""Distributions over vectors (event shape [K]): Dirichlet (normalized random_gamma draws), Multinomial (counts of
multinomial draws, one batch member at a time through map_fn, as TF) and DirichletMultinomial (multinomial draws on
the log of gamma draws), with TF's formulas, seeds and validation; KL Dirichlet-Dirichlet."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from .continuous import _seed_with_salt
from .discrete import check_categorical_event_shape, logits_and_probs
from .distribution import FULLY_REPARAMETERIZED, NOT_REPARAMETERIZED, Distribution, checked, tf
from .kullback_leibler import RegisterKL

_INTEGER_FORM = {dtypes.float16: dtypes.int16, dtypes.float32: dtypes.int32, dtypes.float64: dtypes.int64}


def _nonnegative_integer_form(x, name="embed_check_nonnegative_integer_form"):
    """`x` after TF's checks that it holds non-negative whole numbers."""
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        assertions = [tf.assert_non_negative(x, message=f"'{x}' must be non-negative.")]
        if not x.dtype.is_integer:
            with tf.name_scope("assert_integer_form", values=[x]):
                int_dtype = _INTEGER_FORM.get(x.dtype.base_dtype)
                if int_dtype is None:
                    raise TypeError(f"Unrecognized type {x.dtype.name}")
                assertions.append(tf.assert_equal(x, tf.cast(tf.cast(x, int_dtype), x.dtype),
                                                  message=f"'{x}' cannot contain fractional components.",
                                                  name="assert_integer_form"))
        return checked(x, assertions)


def _log_combinations(n, counts, name="log_combinations"):
    """log(n! / prod(counts!)), the multinomial coefficient's logarithm (along the last axis of `counts`)."""
    with tf.name_scope(name, values=[n, counts]):
        n = tf.convert_to_tensor(n, name="n")
        counts = tf.convert_to_tensor(counts, name="counts")
        return tf.lgamma(n + 1) - tf.reduce_sum(tf.lgamma(counts + 1), axis=[-1])


class _VectorEvent(Distribution):
    """A family whose batch is `total_concentration`'s shape and whose event is the last axis of `concentration`."""

    concentration = property(lambda self: self._concentration)
    total_concentration = property(lambda self: self._total_concentration)

    def _batch_shape_tensor(self):
        return tf.shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.shape

    def _event_shape_tensor(self):
        return tf.shape(self.concentration)[-1:]

    def _event_shape(self):
        return self.concentration.shape.with_rank_at_least(1)[-1:]

    def _outer_covariance(self):
        x = self._variance_scale_term() * self._mean()
        return tf.matrix_set_diag(-tf.matmul(x[..., tf.newaxis], x[..., tf.newaxis, :]), self._variance())


@tf_export("distributions.Dirichlet")
class Dirichlet(_VectorEvent):
    """The Dirichlet distribution on the simplex, of positive `concentration` (last axis: the K categories)."""

    def __init__(self, concentration, validate_args=False, allow_nan_stats=True, name="Dirichlet"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[concentration]) as name:
            self._concentration = self._valid_concentration(
                tf.convert_to_tensor(concentration, name="concentration"), validate_args)
            self._total_concentration = tf.reduce_sum(self._concentration, -1)
        super().__init__(dtype=self._concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, reparameterization_type=FULLY_REPARAMETERIZED,
                         parameters=parameters, graph_parents=[self._concentration, self._total_concentration],
                         name=name)

    @staticmethod
    def _valid_concentration(concentration, validate_args):
        if not validate_args:
            return concentration
        return checked(concentration, [
            tf.assert_positive(concentration, message="Concentration parameter must be positive."),
            tf.assert_rank_at_least(concentration, 1, message="Concentration parameter must have >=1 dimensions."),
            tf.assert_less(1, tf.shape(concentration)[-1],
                           message="Concentration parameter must have event_size >= 2.")])

    def _valid_sample(self, x):
        if not self.validate_args:
            return x
        return checked(x, [tf.assert_positive(x, message="samples must be positive"),
                           tf.assert_near(tf.ones([], dtype=self.dtype), tf.reduce_sum(x, -1),
                                          message="sample last-dimension must sum to `1`")])

    def _sample_n(self, n, seed=None):
        gamma = tf.random_gamma(shape=[n], alpha=self.concentration, dtype=self.dtype, seed=seed)
        return gamma / tf.reduce_sum(gamma, -1, keepdims=True)

    def _log_prob(self, x):
        x = self._valid_sample(x)
        return tf.reduce_sum(tf.math.xlogy(self.concentration - 1.0, x), -1) - tf.lbeta(self.concentration)

    def _prob(self, x):
        return tf.exp(self._log_prob(x))

    def _event_size(self):
        return tf.cast(self.event_shape_tensor()[0], self.dtype)

    def _entropy(self):
        k = self._event_size()
        return (tf.lbeta(self.concentration) + (self.total_concentration - k) * tf.digamma(self.total_concentration)
                - tf.reduce_sum((self.concentration - 1.0) * tf.digamma(self.concentration), axis=-1))

    def _mean(self):
        return self.concentration / self.total_concentration[..., tf.newaxis]

    def _variance_scale_term(self):
        return tf.rsqrt(1.0 + self.total_concentration[..., tf.newaxis])

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (scale - x)

    _covariance = _VectorEvent._outer_covariance

    def _mode(self):
        mode = (self.concentration - 1.0) / (self.total_concentration[..., tf.newaxis] - self._event_size())
        if self.allow_nan_stats:
            nan = tf.fill(tf.shape(mode), np.array(np.nan, dtype=self.dtype.as_numpy_dtype), name="nan")
            return tf.where_v2(tf.reduce_all(self.concentration > 1.0, axis=-1), mode, nan)
        return checked(mode, [tf.assert_less(tf.ones([], self.dtype), self.concentration,
                                             message="Mode undefined when any concentration <= 1")])


@tf_export("distributions.Multinomial")
class Multinomial(Distribution):
    """Counts of `total_count` draws among K categories of probabilities `probs` (or `logits`)."""

    def __init__(self, total_count, logits=None, probs=None, validate_args=False, allow_nan_stats=True,
                 name="Multinomial"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[total_count, logits, probs]) as name:
            self._total_count = tf.convert_to_tensor(total_count, name="total_count")
            if validate_args:
                self._total_count = _nonnegative_integer_form(self._total_count)
            self._logits, self._probs = logits_and_probs(logits, probs, True, validate_args, name)
            self._mean_val = self._total_count[..., tf.newaxis] * self._probs
        super().__init__(dtype=self._probs.dtype, reparameterization_type=NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._total_count, self._logits, self._probs], name=name)

    total_count = property(lambda self: self._total_count)
    logits = property(lambda self: self._logits)
    probs = property(lambda self: self._probs)

    def _batch_shape_tensor(self):
        return tf.shape(self._mean_val)[:-1]

    def _batch_shape(self):
        return self._mean_val.shape.with_rank_at_least(1)[:-1]

    def _event_shape_tensor(self):
        return tf.shape(self._mean_val)[-1:]

    def _event_shape(self):
        return self._mean_val.shape.with_rank_at_least(1)[-1:]

    def _sample_n(self, n, seed=None):
        n_draws = tf.cast(self.total_count, dtype=dtypes.int32)
        k = self.event_shape_tensor()[0]
        n_draws = tf.ones_like(self.logits[..., 0], dtype=n_draws.dtype) * n_draws
        logits = tf.ones_like(n_draws[..., tf.newaxis], dtype=self.logits.dtype) * self.logits
        flat_logits = tf.reshape(logits, [-1, k])
        flat_ndraws = n * tf.reshape(n_draws, [-1])

        def sample_one(args):  # one batch member: n samples of n_draw draws each, as counts [n, k]
            member_logits, n_draw = args
            draws = tf.multinomial(member_logits[tf.newaxis, ...], n_draw, seed)
            return tf.reduce_sum(tf.one_hot(tf.reshape(draws, shape=[n, -1]), depth=k), axis=-2)

        x = tf.map_fn(sample_one, [flat_logits, flat_ndraws], dtype=self.dtype)
        x = tf.transpose(x, perm=[1, 0, 2])
        return tf.reshape(x, tf.concat([[n], self.batch_shape_tensor(), [k]], 0))

    def _valid_sample(self, counts):
        if not self.validate_args:
            return counts
        counts = _nonnegative_integer_form(counts)
        return checked(counts, [tf.assert_equal(self.total_count, tf.reduce_sum(counts, -1),
                                                message="counts must sum to `self.total_count`")])

    def _log_prob(self, counts):
        unnormalized = tf.reduce_sum(self._valid_sample(counts) * tf.nn.log_softmax(self.logits), -1)
        return unnormalized + _log_combinations(self.total_count, self._valid_sample(counts))

    def _mean(self):
        return tf.identity(self._mean_val)

    def _broadcast_probs(self):
        return self.probs * tf.ones_like(self.total_count)[..., tf.newaxis]

    def _covariance(self):
        return tf.matrix_set_diag(-tf.matmul(self._mean_val[..., tf.newaxis],
                                             self._broadcast_probs()[..., tf.newaxis, :]), self._variance())

    def _variance(self):
        return self._mean_val - self._mean_val * self._broadcast_probs()


@tf_export("distributions.DirichletMultinomial")
class DirichletMultinomial(_VectorEvent):
    """Counts of `total_count` draws among K categories whose probabilities are Dirichlet(`concentration`)."""

    def __init__(self, total_count, concentration, validate_args=False, allow_nan_stats=True,
                 name="DirichletMultinomial"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[total_count, concentration]) as name:
            self._total_count = tf.convert_to_tensor(total_count, name="total_count")
            if validate_args:
                self._total_count = _nonnegative_integer_form(self._total_count)
            concentration = tf.convert_to_tensor(concentration, name="concentration")
            if validate_args:
                concentration = check_categorical_event_shape(concentration)
                concentration = checked(concentration, [
                    tf.assert_positive(concentration, message="Concentration parameter must be positive.")])
            self._concentration = concentration
            self._total_concentration = tf.reduce_sum(self._concentration, -1)
        super().__init__(dtype=self._concentration.dtype, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, reparameterization_type=NOT_REPARAMETERIZED,
                         parameters=parameters, graph_parents=[self._total_count, self._concentration], name=name)

    total_count = property(lambda self: self._total_count)

    def _sample_n(self, n, seed=None):
        n_draws = tf.cast(self.total_count, dtype=dtypes.int32)
        k = self.event_shape_tensor()[0]
        gamma = tf.random_gamma(shape=[n], alpha=self.concentration, dtype=self.dtype, seed=seed)
        draws = tf.multinomial(logits=tf.reshape(tf.log(gamma), shape=[-1, k]), num_samples=n_draws,
                               seed=_seed_with_salt(seed, "dirichlet_multinomial"))
        x = tf.reduce_sum(tf.one_hot(draws, depth=k), -2)
        return tf.cast(tf.reshape(x, tf.concat([[n], self.batch_shape_tensor(), [k]], 0)), self.dtype)

    def _valid_sample(self, counts):
        if not self.validate_args:
            return counts
        counts = _nonnegative_integer_form(counts)
        return checked(counts, [tf.assert_equal(self.total_count, tf.reduce_sum(counts, -1),
                                                message="counts last-dimension must sum to `self.total_count`")])

    def _log_prob(self, counts):
        counts = self._valid_sample(counts)
        ordered = tf.lbeta(self.concentration + counts) - tf.lbeta(self.concentration)
        return ordered + _log_combinations(self.total_count, counts)

    def _prob(self, counts):
        return tf.exp(self._log_prob(counts))

    def _mean(self):
        return self.total_count * (self.concentration / self.total_concentration[..., tf.newaxis])

    def _variance_scale_term(self):
        c0 = self.total_concentration[..., tf.newaxis]
        return tf.sqrt((1.0 + c0 / self.total_count) / (1.0 + c0))

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (self.total_count * scale - x)

    _covariance = _VectorEvent._outer_covariance


@RegisterKL(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(d1, d2, name=None):
    with tf.name_scope(name, "kl_dirichlet_dirichlet", values=[d1.concentration, d2.concentration]):
        digamma_sum_d1 = tf.digamma(tf.reduce_sum(d1.concentration, axis=-1, keepdims=True))
        digamma_diff = tf.digamma(d1.concentration) - digamma_sum_d1
        concentration_diff = d1.concentration - d2.concentration
        return (tf.reduce_sum(concentration_diff * digamma_diff, axis=-1) - tf.lbeta(d1.concentration)
                + tf.lbeta(d2.concentration))
