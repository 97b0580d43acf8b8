"""tf.contrib.distributions (TF 1.x), served by sessionflow/compat/contrib.py: TF 1.15 re-exported tf.distributions'
classes there (Normal, Bernoulli, Categorical, kl_divergence, ...), which are sessionflow's own. Its other
distributions, bijectors and helpers say they are not provided."""

from __future__ import annotations

from .._namespaces import partial_module_getattr
from . import (  # noqa: F401 - re-exports
    FULLY_REPARAMETERIZED,
    NOT_REPARAMETERIZED,
    Bernoulli,
    Beta,
    Categorical,
    Dirichlet,
    DirichletMultinomial,
    Distribution,
    Exponential,
    Gamma,
    Laplace,
    Multinomial,
    Normal,
    RegisterKL,
    ReparameterizationType,
    StudentT,
    Uniform,
    kl_divergence,
)

_TF1_NAMES = (
    "Autoregressive", "BatchReshape", "Binomial", "Cauchy", "Chi2", "Chi2WithAbsDf", "ConditionalDistribution",
    "ConditionalTransformedDistribution", "Deterministic", "ExpRelaxedOneHotCategorical", "ExponentialWithSoftplusRate",
    "GammaWithSoftplusConcentrationRate", "Geometric", "HalfNormal", "Independent", "InverseGamma",
    "InverseGammaWithSoftplusConcentrationRate", "Kumaraswamy", "LaplaceWithSoftplusScale", "Logistic", "Mixture",
    "MixtureSameFamily", "MultivariateNormalDiag", "MultivariateNormalDiagPlusLowRank",
    "MultivariateNormalDiagWithSoftplusScale", "MultivariateNormalFullCovariance", "MultivariateNormalLinearOperator",
    "MultivariateNormalTriL", "NegativeBinomial", "NormalWithSoftplusScale", "OneHotCategorical", "Poisson",
    "PoissonLogNormalQuadratureCompound", "QuantizedDistribution", "RelaxedBernoulli", "RelaxedOneHotCategorical",
    "SeedStream", "SinhArcsinh", "StudentTWithAbsDfSoftplusScale", "TransformedDistribution", "VectorDeterministic",
    "VectorDiffeomixture", "VectorExponentialDiag", "VectorLaplaceDiag", "VectorSinhArcsinhDiag", "VonMises",
    "WishartCholesky", "WishartFull", "bijectors", "auto_correlation", "estimator_head_distribution_regression",
    "fill_triangular", "fill_triangular_inverse", "matrix_diag_transform", "normal_conjugates_known_scale_posterior",
    "normal_conjugates_known_scale_predictive", "percentile", "quadrature_scheme_lognormal_gauss_hermite",
    "quadrature_scheme_lognormal_quantiles", "quadrature_scheme_softmaxnormal_gauss_hermite",
    "quadrature_scheme_softmaxnormal_quantiles", "reduce_weighted_logsumexp", "softplus_and_shift", "softplus_inverse",
    "tridiag", "assign_log_moving_mean_exp", "assign_moving_mean_variance", "moving_mean_variance",
    "BernoulliWithSigmoidProbs", "BetaWithSoftplusConcentration",
)


__getattr__ = partial_module_getattr("contrib.distributions", _TF1_NAMES)
