"""tf.feature_column (TF1's): columns (columns.py), their constructors (constructors.py) and input_layer,
linear_model, make_parse_example_spec (models.py)."""

from __future__ import annotations

from . import columns, constructors, models  # noqa: F401 - registers the tf.feature_column names
