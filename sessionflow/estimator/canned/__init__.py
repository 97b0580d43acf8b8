"""TF 1.x's canned estimators (tf.estimator.DNNClassifier, LinearClassifier, ...): the heads (head.py), the
optimizer choice (optimizers.py), one module per model family, and the parse specs of their tf.Examples."""

from __future__ import annotations

from . import baseline, dnn, dnn_linear_combined, head, linear, optimizers, parsing_utils  # noqa: F401
from .baseline import BaselineClassifier, BaselineEstimator, BaselineRegressor  # noqa: F401
from .dnn import DNNClassifier, DNNEstimator, DNNRegressor  # noqa: F401
from .dnn_linear_combined import (DNNLinearCombinedClassifier, DNNLinearCombinedEstimator,  # noqa: F401
                                  DNNLinearCombinedRegressor)
from .linear import LinearClassifier, LinearEstimator, LinearRegressor  # noqa: F401
from .parsing_utils import classifier_parse_example_spec, regressor_parse_example_spec  # noqa: F401
