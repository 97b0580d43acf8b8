"""tf.distributions' base class: the generic plumbing every distribution shares (name scopes, argument
conversion, sample-shape handling, the fallbacks between prob/log_prob, cdf/log_cdf, stddev/variance) and the
reparameterization markers. A distribution overrides only its formulas (`_log_prob`, `_sample_n`, ...)."""

from __future__ import annotations

import contextlib
import sys

import numpy as np

from ..framework import dtypes
from ..framework.api import tf_export
from ..framework.graph import Tensor
from ..framework.registry import static_value
from ..framework.tensor_shape import TensorShape, as_shape


class _Namespace:
    """The public TF functions, looked up when used (this package loads before the namespace is complete)."""

    def __getattr__(self, name):
        return getattr(sys.modules["sessionflow"], name)


tf = _Namespace()


@tf_export("distributions.ReparameterizationType")
class ReparameterizationType:
    """Whether a distribution's samples are a differentiable function of its parameters."""

    def __init__(self, rep_type):
        self._rep_type = rep_type

    def __repr__(self):
        return f"<Reparameterization Type: {self._rep_type}>"

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__


FULLY_REPARAMETERIZED = ReparameterizationType("FULLY_REPARAMETERIZED")
NOT_REPARAMETERIZED = ReparameterizationType("NOT_REPARAMETERIZED")
tf_export("distributions.FULLY_REPARAMETERIZED")(FULLY_REPARAMETERIZED)
tf_export("distributions.NOT_REPARAMETERIZED")(NOT_REPARAMETERIZED)


def _not_implemented(method, dist):
    return NotImplementedError(f"{method} is not implemented: {type(dist).__name__}")


@tf_export("distributions.Distribution")
class Distribution:
    """A batch of probability distributions of one family, as TF's `tf.distributions.Distribution`."""

    def __init__(self, dtype, reparameterization_type, validate_args, allow_nan_stats, parameters=None,
                 graph_parents=None, name=None):
        graph_parents = [] if graph_parents is None else graph_parents
        for i, t in enumerate(graph_parents):
            if not isinstance(t, Tensor):
                raise ValueError(f"Graph parent item {i} is not a Tensor; {t}.")
        if not name or name[-1] != "/":  # a name not yet a scope: make it unique
            with tf.name_scope(name or type(self).__name__) as name:
                pass
        self._dtype = dtype
        self._reparameterization_type = reparameterization_type
        self._allow_nan_stats = allow_nan_stats
        self._validate_args = validate_args
        self._parameters = parameters or {}
        self._graph_parents = graph_parents
        self._name = name

    @property
    def _parameters(self):
        return self._parameter_dict

    @_parameters.setter
    def _parameters(self, value):
        value.pop("self", None)
        value.pop("__class__", None)
        self._parameter_dict = value

    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)
    reparameterization_type = property(lambda self: self._reparameterization_type)
    allow_nan_stats = property(lambda self: self._allow_nan_stats)
    validate_args = property(lambda self: self._validate_args)

    @property
    def parameters(self):
        return {k: v for k, v in self._parameters.items() if not k.startswith("__") and k != "self"}

    def copy(self, **override_parameters_kwargs):
        return type(self)(**dict(self.parameters, **override_parameters_kwargs))

    @classmethod
    def param_shapes(cls, sample_shape, name="DistributionParamShapes"):
        with tf.name_scope(name, values=[sample_shape]):
            return cls._param_shapes(sample_shape)

    @classmethod
    def param_static_shapes(cls, sample_shape):
        if isinstance(sample_shape, TensorShape):
            if not sample_shape.is_fully_defined():
                raise ValueError("TensorShape sample_shape must be fully defined")
            sample_shape = sample_shape.as_list()
        static = {}
        for name, shape in cls.param_shapes(sample_shape).items():
            value = static_value(shape)
            if value is None:
                raise ValueError("sample_shape must be a fully-defined TensorShape or list/tuple")
            static[name] = TensorShape(value)
        return static

    @staticmethod
    def _param_shapes(sample_shape):
        raise NotImplementedError("_param_shapes not implemented")

    # Shapes: static (TensorShape) and dynamic (int32 tensors).
    @property
    def batch_shape(self):
        return as_shape(self._batch_shape())

    @property
    def event_shape(self):
        return as_shape(self._event_shape())

    def _batch_shape(self):
        return TensorShape(None)

    def _event_shape(self):
        return TensorShape([])

    def _event_shape_tensor(self):
        return tf.constant([], dtype=dtypes.int32)

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        with self._name_scope(name):
            if self.batch_shape.is_fully_defined():
                return tf.convert_to_tensor(self.batch_shape.as_list(), dtype=dtypes.int32, name="batch_shape")
            return self._batch_shape_tensor()

    def event_shape_tensor(self, name="event_shape_tensor"):
        with self._name_scope(name):
            if self.event_shape.is_fully_defined():
                return tf.convert_to_tensor(self.event_shape.as_list(), dtype=dtypes.int32, name="event_shape")
            return self._event_shape_tensor()

    def is_scalar_event(self, name="is_scalar_event"):
        with self._name_scope(name):
            return tf.convert_to_tensor(self._is_scalar(self.event_shape, self.event_shape_tensor),
                                        name="is_scalar_event")

    def is_scalar_batch(self, name="is_scalar_batch"):
        with self._name_scope(name):
            return tf.convert_to_tensor(self._is_scalar(self.batch_shape, self.batch_shape_tensor),
                                        name="is_scalar_batch")

    @staticmethod
    def _is_scalar(static_shape, dynamic_shape_fn):
        if static_shape.ndims is not None:
            return static_shape.ndims == 0
        return tf.equal(tf.shape(dynamic_shape_fn())[0], 0)

    # Sampling.
    def sample(self, sample_shape=(), seed=None, name="sample"):
        with self._name_scope(name, values=[sample_shape]):
            sample_shape = tf.convert_to_tensor(sample_shape, dtype=dtypes.int32, name="sample_shape")
            sample_shape, n = self._expand_sample_shape_to_vector(sample_shape, "sample_shape")
            samples = self._sample_n(n, seed)
            final_shape = tf.concat([sample_shape, tf.shape(samples)[1:]], 0)
            return self._set_sample_static_shape(tf.reshape(samples, final_shape), sample_shape)

    def _expand_sample_shape_to_vector(self, x, name):
        """`x` as a vector and the number of samples it asks for (a NumPy scalar when known now)."""
        value = static_value(x)
        prod = tf.reduce_prod(x) if value is None else np.prod(value, dtype=x.dtype.as_numpy_dtype)
        ndims = x.shape.ndims
        if ndims is None:
            x = tf.reshape(x, tf.where(tf.equal(tf.rank(x), 0), np.array([1], np.int32), tf.shape(x)))
        elif ndims == 0:
            x = (tf.convert_to_tensor(np.array([value], dtype=x.dtype.as_numpy_dtype), name=name)
                 if value is not None else tf.reshape(x, [1]))
        elif ndims != 1:
            raise ValueError("Input is neither scalar nor vector.")
        return x, prod

    def _set_sample_static_shape(self, x, sample_shape):
        """Gives `x` the static shape `sample_shape + batch_shape + event_shape`, as far as each is known."""
        value = static_value(sample_shape)
        sample = TensorShape(None if value is None else [int(v) for v in value])
        batch, event = self.batch_shape, self.event_shape
        ndims = x.shape.ndims
        if ndims is None and None not in (sample.ndims, batch.ndims, event.ndims):
            ndims = sample.ndims + batch.ndims + event.ndims
            x.set_shape([None] * ndims)
        if ndims is not None and sample.ndims is not None:
            x.set_shape(x.shape.merge_with(sample.concatenate([None] * (ndims - sample.ndims))))
        if ndims is not None and event.ndims is not None:
            x.set_shape(x.shape.merge_with(TensorShape([None] * (ndims - event.ndims)).concatenate(event)))
        if batch.ndims is not None and ndims is not None:
            s_nd, e_nd = sample.ndims, event.ndims
            if s_nd is None and e_nd is not None:
                s_nd = ndims - batch.ndims - e_nd
            elif e_nd is None and s_nd is not None:
                e_nd = ndims - batch.ndims - s_nd
            if s_nd is not None and e_nd is not None:
                x.set_shape(x.shape.merge_with(
                    TensorShape([None] * s_nd).concatenate(batch).concatenate([None] * e_nd)))
        return x

    # Functions of a value, each with TF's fallback to its counterpart.
    def _call_with_value(self, value, name, method, fallback, combine):
        with self._name_scope(name, values=[value]):
            value = tf.convert_to_tensor(value, name="value", preferred_dtype=self.dtype)
            try:
                return getattr(self, method)(value)
            except NotImplementedError as original:
                try:
                    return combine(getattr(self, fallback)(value))
                except NotImplementedError:
                    raise original from None

    def log_prob(self, value, name="log_prob"):
        return self._call_with_value(value, name, "_log_prob", "_prob", tf.log)

    def prob(self, value, name="prob"):
        return self._call_with_value(value, name, "_prob", "_log_prob", tf.exp)

    def log_cdf(self, value, name="log_cdf"):
        return self._call_with_value(value, name, "_log_cdf", "_cdf", tf.log)

    def cdf(self, value, name="cdf"):
        return self._call_with_value(value, name, "_cdf", "_log_cdf", tf.exp)

    def log_survival_function(self, value, name="log_survival_function"):
        return self._call_with_value(value, name, "_log_survival_function", "cdf", lambda c: tf.log1p(-c))

    def survival_function(self, value, name="survival_function"):
        return self._call_with_value(value, name, "_survival_function", "cdf", lambda c: 1.0 - c)

    def quantile(self, value, name="quantile"):
        with self._name_scope(name, values=[value]):
            return self._quantile(tf.convert_to_tensor(value, name="value", preferred_dtype=self.dtype))

    # Statistics.
    def _statistic(self, name, method, fallback=None, combine=None):
        with self._name_scope(name):
            try:
                return getattr(self, method)()
            except NotImplementedError as original:
                if fallback is None:
                    raise
                try:
                    return combine(getattr(self, fallback)())
                except NotImplementedError:
                    raise original from None

    def entropy(self, name="entropy"):
        return self._statistic(name, "_entropy")

    def mean(self, name="mean"):
        return self._statistic(name, "_mean")

    def mode(self, name="mode"):
        return self._statistic(name, "_mode")

    def covariance(self, name="covariance"):
        return self._statistic(name, "_covariance")

    def variance(self, name="variance"):
        return self._statistic(name, "_variance", "_stddev", tf.square)

    def stddev(self, name="stddev"):
        return self._statistic(name, "_stddev", "_variance", tf.sqrt)

    def cross_entropy(self, other, name="cross_entropy"):
        from .kullback_leibler import cross_entropy
        with self._name_scope(name):
            return cross_entropy(self, other, allow_nan_stats=self.allow_nan_stats)

    def kl_divergence(self, other, name="kl_divergence"):
        from .kullback_leibler import kl_divergence
        with self._name_scope(name):
            return kl_divergence(self, other, allow_nan_stats=self.allow_nan_stats)

    def __str__(self):
        batch = f", batch_shape={self.batch_shape}" if self.batch_shape.ndims is not None else ""
        event = f", event_shape={self.event_shape}" if self.event_shape.ndims is not None else ""
        return f'tfp.distributions.{type(self).__name__}("{self.name}"{batch}{event}, dtype={self.dtype.name})'

    def __repr__(self):
        return (f"<tfp.distributions.{type(self).__name__} '{self.name}' batch_shape={self.batch_shape} "
                f"event_shape={self.event_shape} dtype={self.dtype.name}>")

    @contextlib.contextmanager
    def _name_scope(self, name=None, values=None):
        with tf.name_scope(self.name), tf.name_scope(name, values=list(values or []) + self._graph_parents) as scope:
            yield scope


# The formulas every subclass lacks until it defines them.
for _method in ("batch_shape_tensor", "sample_n", "log_prob", "prob", "log_cdf", "cdf", "log_survival_function",
                "survival_function", "entropy", "mean", "quantile", "variance", "stddev", "covariance", "mode"):
    def _missing(self, *args, _method=_method, **kwargs):
        raise _not_implemented(_method, self)
    setattr(Distribution, f"_{_method}", _missing)
del _method, _missing


def checked(x, assertions):
    """`x` after `assertions` (TF's with_dependencies); `x` itself when there are none."""
    if not assertions:
        return x
    with tf.control_dependencies(assertions):
        return tf.identity(x, name="control_dependency")


def identity_params(name, values, validate, **params):
    """Each parameter as `tf.identity(param, name=key)` in the scope `name`, after the assertions
    `validate(*params)` (when validating); returns the scope and the tensors (TF's constructor pattern)."""
    with tf.name_scope(name, values=values) as scope:
        with tf.control_dependencies(validate(*params.values()) if validate else []):
            out = [tf.identity(v, name=k) for k, v in params.items()]
        tf.assert_same_float_dtype(out)
    return scope, out
