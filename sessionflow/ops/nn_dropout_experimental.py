"""tf.nn.experimental.stateless_dropout and general_dropout: TF's dropout with the [0, 1) values drawn by a
stateless sampler (the same seed, the same mask, bit for bit with TF) or by any sampler the caller gives."""

from __future__ import annotations

from ..framework.api import tf_export
from .nn import dropout_with


@tf_export("nn.experimental.stateless_dropout")
def stateless_dropout(x, rate, seed, rng_alg=None, noise_shape=None, name=None):
    """Dropout whose mask is tf.random.stateless_uniform(noise_shape, seed): a [2] seed fixes it."""
    from .random_stateless import stateless_random_uniform

    def sampler(shape, dtype):
        return stateless_random_uniform(shape, seed=seed, dtype=dtype, alg=rng_alg or "auto_select")

    return dropout_with(x, rate, noise_shape, sampler, lambda: None, name, "stateless_dropout")


@tf_export("nn.experimental.general_dropout")
def general_dropout(x, rate, uniform_sampler, noise_shape=None, name=None):
    """Dropout drawing its [0, 1) values with `uniform_sampler(shape=, dtype=)`."""
    return dropout_with(x, rate, noise_shape, uniform_sampler, lambda: None, name, "general_dropout")
