"""Discrete distributions: Bernoulli (random_uniform < probs) and Categorical (multinomial on the logits), each
parameterized by logits or probs, with TF's validation of both."""

from __future__ import annotations

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.tensor_shape import TensorShape, dimension_value
from .distribution import NOT_REPARAMETERIZED, Distribution, checked, tf
from .kullback_leibler import RegisterKL


def _largest_integer(dtype):
    """The largest integer a dtype holds exactly (floats: 2**mantissa bits)."""
    dtype = dtype.base_dtype
    if dtype.is_floating:
        return int(2 ** (np.finfo(dtype.as_numpy_dtype).nmant + 1))
    if dtype.is_integer:
        return np.iinfo(dtype.as_numpy_dtype).max
    return 1 if dtype == dtypes.bool else 0


def _integer_like(dtype):
    return dtype.base_dtype.is_integer or dtype.base_dtype == dtypes.bool


def check_categorical_event_shape(param, name="embed_check_categorical_event_shape"):
    """`param` with at least one dimension and 2 to 2**mantissa events (checked now when its size is known)."""
    with tf.name_scope(name, values=[param]):
        x = tf.convert_to_tensor(param, name="categorical_param")
        max_event_size = _largest_integer(x.dtype) if x.dtype.is_floating else 0
        if max_event_size == 0:
            raise TypeError(f"Unable to validate size of unrecognized dtype ({x.dtype.base_dtype.name}).")
        try:
            static = x.shape.with_rank_at_least(1)
        except ValueError:
            raise ValueError("A categorical-distribution parameter must have at least 1 dimension.") from None
        event_size = dimension_value(static[-1])
        if event_size is not None:
            if event_size < 2:
                raise ValueError("A categorical-distribution parameter must have at least 2 events.")
            if event_size > max_event_size:
                raise ValueError(f"Number of classes exceeds `dtype` precision, i.e., {x.dtype.base_dtype.name} "
                                 f"implies shape ({event_size}) cannot exceed {max_event_size}.")
            return x
        size = tf.shape(x, name="x_shape")[-1]
        return checked(x, [
            tf.assert_rank_at_least(x, 1, message="A categorical-distribution parameter must have at least 1 "
                                                  "dimension."),
            tf.assert_greater_equal(tf.shape(x)[-1], 2, message="A categorical-distribution parameter must have "
                                                                "at least 2 events."),
            tf.assert_less_equal(size, max_event_size, message=f"Number of classes exceeds `dtype` precision, i.e., "
                                 f"{x.dtype.base_dtype.name} dtype cannot exceed {max_event_size} shape.")])


def check_integer_casting_closed(x, target_dtype, name="embed_check_casting_closed"):
    """`x` after the checks that it casts to `target_dtype` and back unchanged (non-negative, integral)."""
    with tf.name_scope(name, values=[x]):
        x = tf.convert_to_tensor(x, name="x")
        if not _integer_like(x.dtype) and not x.dtype.is_floating:
            raise TypeError(f"{x.dtype.name}.dtype must be floating- or integer-type.")
        if not _integer_like(x.dtype) and not _integer_like(target_dtype):
            raise TypeError(f"At least one of {x}.dtype ({x.dtype.name}) and target_dtype ({target_dtype.name}) "
                            "must be integer-type.")
        assertions = [tf.assert_non_negative(x, message="Elements must be non-negative.")]
        if x.dtype.is_floating:
            with tf.name_scope("assert_integer_form", values=[x]):
                as_int = tf.cast(tf.cast(x, target_dtype), x.dtype)
                assertions.append(tf.assert_equal(x, as_int, message=f"Elements must be {target_dtype.name}-"
                                                                     "equivalent."))
        elif _largest_integer(x.dtype) > _largest_integer(target_dtype):
            top = _largest_integer(target_dtype)
            assertions.append(tf.assert_less_equal(x, top, message=f"Elements cannot exceed {top}."))
        return checked(x, assertions)


def logits_and_probs(logits, probs, multidimensional, validate_args, name):
    """TF's get_logits_and_probs: the parameter given and the other one derived from it."""
    with tf.name_scope(name, values=[probs, logits]):
        if (probs is None) == (logits is None):
            raise ValueError("Must pass probs or logits, but not both.")
        if probs is None:
            logits = tf.convert_to_tensor(logits, name="logits")
            if not logits.dtype.is_floating:
                raise TypeError("logits must having floating type.")
            if multidimensional:
                if validate_args:
                    logits = check_categorical_event_shape(logits)
                return logits, tf.nn.softmax(logits, name="probs")
            return logits, tf.sigmoid(logits, name="probs")
        probs = tf.convert_to_tensor(probs, name="probs")
        if not probs.dtype.is_floating:
            raise TypeError("probs must having floating type.")
        if validate_args:
            with tf.name_scope("validate_probs"):
                one = tf.constant(1.0, probs.dtype)
                deps = [tf.assert_non_negative(probs)]
                if multidimensional:
                    probs = check_categorical_event_shape(probs)
                    deps.append(tf.assert_near(tf.reduce_sum(probs, -1), one, message="probs does not sum to 1."))
                else:
                    deps.append(tf.assert_less_equal(probs, one, message="probs has components greater than 1."))
                probs = checked(probs, deps)
        with tf.name_scope("logits"):
            if multidimensional:
                return tf.log(probs), probs
            return tf.log(probs) - tf.log1p(-1.0 * probs), probs


@tf_export("distributions.Bernoulli")
class Bernoulli(Distribution):
    """Bernoulli distributions: 1 with probability `probs` (= sigmoid(`logits`)), else 0."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False, allow_nan_stats=True,
                 name="Bernoulli"):
        parameters = dict(locals())
        with tf.name_scope(name) as name:
            self._logits, self._probs = logits_and_probs(logits, probs, False, validate_args, name)
        super().__init__(dtype=dtype, reparameterization_type=NOT_REPARAMETERIZED, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._logits, self._probs], name=name)

    @staticmethod
    def _param_shapes(sample_shape):
        return {"logits": tf.convert_to_tensor(sample_shape, dtype=dtypes.int32)}

    logits = property(lambda self: self._logits)
    probs = property(lambda self: self._probs)

    def _batch_shape_tensor(self):
        return tf.shape(self._logits)

    def _batch_shape(self):
        return self._logits.shape

    def _sample_n(self, n, seed=None):
        shape = tf.concat([[n], self.batch_shape_tensor()], 0)
        uniform = tf.random_uniform(shape, seed=seed, dtype=self.probs.dtype)
        return tf.cast(tf.less(uniform, self.probs), self.dtype)

    def _log_prob(self, event):
        if self.validate_args:
            event = check_integer_casting_closed(event, target_dtype=dtypes.bool)
        event = tf.cast(event, self.logits.dtype)
        logits = self.logits
        if not (event.shape.is_fully_defined() and logits.shape.is_fully_defined() and event.shape == logits.shape):
            logits, event = tf.ones_like(event) * logits, tf.ones_like(logits) * event
        return -tf.nn.sigmoid_cross_entropy_with_logits(labels=event, logits=logits)

    def _entropy(self):
        return -self.logits * (tf.sigmoid(self.logits) - 1) + tf.nn.softplus(-self.logits)

    def _mean(self):
        return tf.identity(self.probs)

    def _variance(self):
        return self._mean() * (1.0 - self.probs)

    def _mode(self):
        return tf.cast(self.probs > 0.5, self.dtype)


def _broadcast_event_and_params(event, params, base_dtype):
    """A categorical `event` (cast to int32 when floating) and `params` broadcast against each other."""
    if event.dtype.is_floating:
        event = tf.cast(event, dtype=dtypes.int32)
    elif not event.dtype.is_integer:
        raise TypeError(f"`value` should have integer `dtype` or `self.dtype` ({base_dtype})")
    known = (params.shape.ndims is not None and params.shape[:-1].is_fully_defined()
             and event.shape.is_fully_defined())
    if not known or params.shape[:-1] != event.shape:
        params *= tf.ones_like(tf.expand_dims(event, -1), dtype=params.dtype)
        event *= tf.ones(tf.shape(params)[:-1], dtype=event.dtype)
        if params.shape.ndims is not None:
            event.set_shape(TensorShape(params.shape[:-1]))
    return event, params


@tf_export("distributions.Categorical")
class Categorical(Distribution):
    """Categorical distributions over the classes 0..K-1 of the last dimension of `logits` or `probs`."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False, allow_nan_stats=True,
                 name="Categorical"):
        parameters = dict(locals())
        with tf.name_scope(name, values=[logits, probs]) as name:
            self._logits, self._probs = logits_and_probs(logits, probs, True, validate_args, name)
            if validate_args:
                self._logits = check_categorical_event_shape(self._logits)
            static = self._logits.shape.with_rank_at_least(1)
            if static.ndims is not None:
                self._batch_rank = tf.convert_to_tensor(static.ndims - 1, dtype=dtypes.int32, name="batch_rank")
            else:
                with tf.name_scope("batch_rank"):
                    self._batch_rank = tf.rank(self._logits) - 1
            logits_shape = tf.shape(self._logits, name="logits_shape")
            if dimension_value(static[-1]) is not None:
                self._event_size = tf.convert_to_tensor(dimension_value(static[-1]), dtype=dtypes.int32,
                                                        name="event_size")
            else:
                with tf.name_scope("event_size"):
                    self._event_size = logits_shape[self._batch_rank]
            if static[:-1].is_fully_defined():
                self._batch_shape_val = tf.constant(static[:-1].as_list(), dtype=dtypes.int32, name="batch_shape")
            else:
                with tf.name_scope("batch_shape"):
                    self._batch_shape_val = logits_shape[:-1]
        super().__init__(dtype=dtype, reparameterization_type=NOT_REPARAMETERIZED, validate_args=validate_args,
                         allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._logits, self._probs], name=name)

    event_size = property(lambda self: self._event_size)
    logits = property(lambda self: self._logits)
    probs = property(lambda self: self._probs)

    def _batch_shape_tensor(self):
        return tf.identity(self._batch_shape_val)

    def _batch_shape(self):
        return self.logits.shape[:-1]

    def _sample_n(self, n, seed=None):
        logits_2d = self.logits if self.logits.shape.ndims == 2 else tf.reshape(self.logits, [-1, self.event_size])
        sample_dtype = dtypes.int64 if self.dtype.size > 4 else dtypes.int32
        draws = tf.multinomial(logits_2d, n, seed=seed, output_dtype=sample_dtype)
        draws = tf.reshape(tf.transpose(draws), tf.concat([[n], self.batch_shape_tensor()], 0))
        return tf.cast(draws, self.dtype)

    def _checked_k(self, k):
        k = tf.convert_to_tensor(k, name="k")
        if self.validate_args:
            k = check_integer_casting_closed(k, target_dtype=dtypes.int32)
        return k

    def _cdf(self, k):
        k, probs = _broadcast_event_and_params(self._checked_k(k), self.probs, self.dtype.base_dtype)
        flat_probs = tf.reshape(probs, (-1, self._event_size))
        flat_k = tf.reshape(k, [-1])
        to_sum = tf.where(tf.sequence_mask(flat_k, self._event_size), flat_probs, tf.zeros_like(flat_probs))
        return tf.reshape(tf.reduce_sum(to_sum, axis=-1), tf.shape(k))

    def _log_prob(self, k):
        k, logits = _broadcast_event_and_params(self._checked_k(k), self.logits, self.dtype.base_dtype)
        return -tf.nn.sparse_softmax_cross_entropy_with_logits(labels=k, logits=logits)

    def _entropy(self):
        return -tf.reduce_sum(tf.nn.log_softmax(self.logits) * self.probs, axis=-1)

    def _mode(self):
        mode = tf.cast(tf.argmax(self.logits, axis=self._batch_rank), self.dtype)
        mode.set_shape(self.batch_shape)
        return mode


@RegisterKL(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(a, b, name=None):
    with tf.name_scope(name, "kl_bernoulli_bernoulli", values=[a.logits, b.logits]):
        delta_probs0 = tf.nn.softplus(-b.logits) - tf.nn.softplus(-a.logits)
        delta_probs1 = tf.nn.softplus(b.logits) - tf.nn.softplus(a.logits)
        return tf.sigmoid(a.logits) * delta_probs0 + tf.sigmoid(-a.logits) * delta_probs1


@RegisterKL(Categorical, Categorical)
def _kl_categorical_categorical(a, b, name=None):
    with tf.name_scope(name, "kl_categorical_categorical", values=[a.logits, b.logits]):
        delta_log_probs = tf.nn.log_softmax(a.logits) - tf.nn.log_softmax(b.logits)
        return tf.reduce_sum(tf.nn.softmax(a.logits) * delta_log_probs, axis=-1)
