"""classifier_parse_example_spec / regressor_parse_example_spec: the tf.parse_example spec of the feature
columns plus the label (and weight) a canned estimator reads from tf.Examples."""

from __future__ import annotations

from ...framework import dtypes
from ...framework.api import tf_export


def _with_label_and_weight(spec, label_key, label_spec, weight_column):
    from ...feature_column import columns as fc
    from ...feature_column.constructors import numeric_column

    if label_key in spec:
        raise ValueError(f"label should not be used as feature. label_key: {label_key}, features: {spec.keys()}")
    spec[label_key] = label_spec
    if weight_column is None:
        return spec
    if isinstance(weight_column, str):
        weight_column = numeric_column(weight_column)
    if not isinstance(weight_column, fc.NumericColumn):
        raise ValueError("weight_column should be an instance of tf.feature_column.numeric_column. "
                         f"Given type: {type(weight_column)} value: {weight_column}")
    if weight_column.key in spec:
        raise ValueError(f"weight_column should not be used as feature. weight_column: {weight_column.key}, "
                         f"features: {spec.keys()}")
    spec.update(weight_column._parse_example_spec)
    return spec


@tf_export("estimator.classifier_parse_example_spec")
def classifier_parse_example_spec(feature_columns, label_key, label_dtype=dtypes.int64, label_default=None,
                                  weight_column=None):
    """The columns' parse spec plus `label_key`: FixedLenFeature((1,), label_dtype, label_default)."""
    from ...feature_column.models import make_parse_example_spec
    from ...ops.parsing import FixedLenFeature

    return _with_label_and_weight(make_parse_example_spec(feature_columns), label_key,
                                  FixedLenFeature((1,), label_dtype, label_default), weight_column)


@tf_export("estimator.regressor_parse_example_spec")
def regressor_parse_example_spec(feature_columns, label_key, label_dtype=dtypes.float32, label_default=None,
                                 label_dimension=1, weight_column=None):
    """The columns' parse spec plus `label_key`: FixedLenFeature((label_dimension,), label_dtype, ...)."""
    from ...feature_column.models import make_parse_example_spec
    from ...ops.parsing import FixedLenFeature

    return _with_label_and_weight(make_parse_example_spec(feature_columns), label_key,
                                  FixedLenFeature((label_dimension,), label_dtype, label_default), weight_column)
