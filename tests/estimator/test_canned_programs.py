"""The canned estimators' whole programs (tests/estimator/canned_programs.py) against what TensorFlow 2.15's v1
canned estimators did in them (tests/estimator/goldens/canned.json, recorded by
tools/record_canned_estimators.py): the checkpoint's variable names and shapes, the evaluate dict's keys, the
predictions' keys and class names exactly; every step's loss, the metrics and the predicted numbers to float32
rounding (TF's kernels sum in other orders than NumPy's)."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

import sessionflow as tf

from . import canned_programs

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "goldens", "canned.json")) as f:
    GOLDENS = json.load(f)


def _close(got, want, what):
    if want and isinstance(want[0], str):
        assert got == want, what
    else:
        np.testing.assert_allclose(np.asarray(got, np.float64), np.asarray(want, np.float64), rtol=2e-5, atol=2e-6,
                                   err_msg=what)


@pytest.fixture(autouse=True)
def _fresh_writers():
    yield
    tf.summary.FileWriterCache.clear()


@pytest.mark.parametrize("name", sorted(canned_programs.PROGRAMS))
def test_program_matches_tf(name):
    want = GOLDENS[name]
    got = canned_programs.PROGRAMS[name](tf)
    assert got["variables"] == want["variables"]
    _close(got["losses"], want["losses"], "losses")
    assert sorted(got["metrics"]) == sorted(want["metrics"])
    for key, value in want["metrics"].items():
        _close(got["metrics"][key], value, key)
    assert len(got["predictions"]) == len(want["predictions"])
    for mine, theirs in zip(got["predictions"], want["predictions"]):
        assert sorted(mine) == sorted(theirs)
        for key, value in theirs.items():
            _close(mine[key], value, key)


def test_parse_example_specs():
    columns = [tf.feature_column.numeric_column("x"),
               tf.feature_column.categorical_column_with_hash_bucket("c", 10)]
    spec = tf.estimator.classifier_parse_example_spec(columns, label_key="y", weight_column="w")
    assert spec["y"] == tf.FixedLenFeature((1,), tf.int64, None)
    assert spec["w"] == tf.FixedLenFeature((1,), tf.float32, None)
    assert spec["c"] == tf.VarLenFeature(tf.string)
    spec = tf.estimator.regressor_parse_example_spec(columns, label_key="y", label_dimension=2)
    assert spec["y"] == tf.FixedLenFeature((2,), tf.float32, None)
    with pytest.raises(ValueError, match="label should not be used as feature"):
        tf.estimator.classifier_parse_example_spec(columns, label_key="x")


def test_canned_arguments_checked_as_tf():
    column = tf.feature_column.numeric_column("x")
    with pytest.raises(ValueError, match="n_classes must be > 2"):
        tf.estimator.DNNClassifier([3], [column], n_classes=1)
    with pytest.raises(ValueError, match="Invalid loss_reduction: none"):
        tf.estimator.LinearRegressor([column], loss_reduction=tf.losses.Reduction.NONE)
    with pytest.raises(ValueError, match="Either linear_feature_columns or dnn_feature_columns must be defined"):
        tf.estimator.DNNLinearCombinedClassifier()
    with pytest.raises(AttributeError, match="BoostedTrees"):
        tf.estimator.BoostedTreesClassifier  # noqa: B018
