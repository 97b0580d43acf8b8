"""tf.distributions (TF 1.x's probability distributions): the Distribution base class (distribution.py), the KL
registry (kullback_leibler.py), continuous.py (Normal, Laplace, Uniform, Gamma, Exponential, StudentT, Beta) and discrete.py
(Bernoulli, Categorical), multivariate.py (Dirichlet, Multinomial, DirichletMultinomial); special.py holds the normal CDF/quantile helpers."""

from .continuous import Beta, Exponential, Gamma, Laplace, Normal, StudentT, Uniform
from .discrete import Bernoulli, Categorical
from .distribution import FULLY_REPARAMETERIZED, NOT_REPARAMETERIZED, Distribution, ReparameterizationType
from .kullback_leibler import RegisterKL, kl_divergence
from .multivariate import Dirichlet, DirichletMultinomial, Multinomial

__all__ = [
           "Beta",
           "FULLY_REPARAMETERIZED",
           "NOT_REPARAMETERIZED",
           "Bernoulli",
           "Categorical",
           "Dirichlet",
           "DirichletMultinomial",
           "Distribution",
           "Exponential",
           "Gamma",
           "Laplace",
           "Multinomial",
           "Normal",
           "RegisterKL",
           "StudentT",
           "ReparameterizationType",
           "Uniform",
           "kl_divergence",
]
