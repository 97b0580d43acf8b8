"""tf.feature_column against TF 2.21's tf.compat.v1.feature_column: the programs of fc_programs.py run on
sessionflow and compared with what real TensorFlow gave (goldens/feature_column.json, tools/record_feature_column.py):
variable names, order and shapes, seeded initial values, outputs, parse specs, a wide-and-deep model's losses."""

import json
import os
import sys

import numpy as np
import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fc_programs  # noqa: E402

with open(os.path.join(HERE, "goldens", "feature_column.json")) as _f:
    GOLDENS = json.load(_f)


def _same(got, want, path="", rtol=1e-5, atol=1e-6):
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), f"{path}: keys {sorted(got)} vs {sorted(want)}"
        for k in want:
            _same(got[k], want[k], f"{path}.{k}", rtol, atol)
    elif isinstance(want, list) and want and all(isinstance(x, (int, float)) or x is None for x in np.ravel(
            np.asarray(want, dtype=object))) and not isinstance(want[0], str):
        np.testing.assert_allclose(np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64),
                                   rtol=rtol, atol=atol, err_msg=path)
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got} vs {want}"
        for i, (g, w) in enumerate(zip(got, want)):
            _same(g, w, f"{path}[{i}]", rtol, atol)
    else:
        assert got == want, f"{path}: {got!r} vs {want!r}"


@pytest.mark.parametrize("name", [n for n in fc_programs.PROGRAMS if n != "errors"])
def test_program_matches_tensorflow(name):
    with tf.Graph().as_default():
        got = json.loads(json.dumps(fc_programs.PROGRAMS[name](tf)))
    _same(got, GOLDENS[name], name, rtol=1e-4 if name == "wide_and_deep" else 1e-5)


def test_errors_match_tensorflow():
    with tf.Graph().as_default():
        got = fc_programs.errors(tf)
    assert got == GOLDENS["errors"]


def test_vocabulary_file_column_has_tfs_fields(tmp_path):
    # TF 2.21's column has a seventh field, file_format (None for a plain one-entry-per-line file)
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("a\nb\n")
    column = tf.feature_column.categorical_column_with_vocabulary_file("k", str(vocab))
    assert column.file_format is None
    assert repr(column) == (f"VocabularyFileCategoricalColumn(key='k', vocabulary_file='{vocab}', vocabulary_size=2, "
                            "num_oov_buckets=0, dtype=tf.string, default_value=-1, file_format=None)")
