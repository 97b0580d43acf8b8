"""Whole small TF1 programs of a user's first week with TensorFlow (tf.layers with batch norm and
Adam, the linear-regression tutorial, variables built inside control dependencies and tf.cond, ...).

Each program is a function of a `tf` module (real TensorFlow's compat.v1, or sessionflow) returning
JSON-able results. tools/record_first_week.py runs them on real TensorFlow and writes goldens.json;
the tests run the same functions on sessionflow and compare (harness.assert_matches).
"""
