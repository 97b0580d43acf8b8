"""KL divergences between distributions: the registry (tf.distributions.RegisterKL) and kl_divergence, which
picks the registered function of the closest pair of classes in the two distributions' MROs."""

from __future__ import annotations

from ..framework.api import tf_export
from .distribution import tf

_DIVERGENCES: dict = {}


def _registered_kl(type_a, type_b):
    best, best_distance = None, None
    for i, parent_a in enumerate(type_a.__mro__):
        for j, parent_b in enumerate(type_b.__mro__):
            fn = _DIVERGENCES.get((parent_a, parent_b))
            if not best or (fn and i + j < best_distance):
                best, best_distance = fn, i + j
    return best


@tf_export("distributions.kl_divergence")
def kl_divergence(distribution_a, distribution_b, allow_nan_stats=True, name=None):
    """KL(distribution_a || distribution_b), batchwise; with `allow_nan_stats=False` a NaN fails the run."""
    kl_fn = _registered_kl(type(distribution_a), type(distribution_b))
    if kl_fn is None:
        raise NotImplementedError(
            f"No KL(distribution_a || distribution_b) registered for distribution_a type "
            f"{type(distribution_a).__name__} and distribution_b type {type(distribution_b).__name__}")
    with tf.name_scope("KullbackLeibler"):
        kl = kl_fn(distribution_a, distribution_b, name=name)
        if allow_nan_stats:
            return kl
        kl = tf.identity(kl, name="kl")
        message = (f"KL calculation between {distribution_a.name} and {distribution_b.name} returned NaN values "
                   "(and was called with allow_nan_stats=False). Values:")
        with tf.control_dependencies([tf.Assert(tf.logical_not(tf.reduce_any(tf.is_nan(kl))), [message, kl])]):
            return tf.identity(kl, name="checked_kl")


def cross_entropy(ref, other, allow_nan_stats=True, name=None):
    with tf.name_scope(name, "cross_entropy"):
        return ref.entropy() + kl_divergence(ref, other, allow_nan_stats=allow_nan_stats)


@tf_export("distributions.RegisterKL")
class RegisterKL:
    """Decorator registering `kl_fn(a, b, name=None)` as KL(a || b) for the classes `(dist_cls_a, dist_cls_b)`."""

    def __init__(self, dist_cls_a, dist_cls_b):
        self._key = (dist_cls_a, dist_cls_b)

    def __call__(self, kl_fn):
        if not callable(kl_fn):
            raise TypeError(f"kl_fn must be callable, received: {kl_fn}")
        if self._key in _DIVERGENCES:
            raise ValueError(f"KL({self._key[0].__name__} || {self._key[1].__name__}) has already been registered "
                             f"to: {_DIVERGENCES[self._key]}")
        _DIVERGENCES[self._key] = kl_fn
        return kl_fn
