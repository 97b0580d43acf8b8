"""tf.SparseTensor and the sparse ops: whole programs checked against TensorFlow's recorded results
(tools/record_sparse.py runs tests/sparse/sparse_programs.py on TF)."""

import json
import os

import numpy as np
import pytest

import sessionflow as tf
from tests.sparse import sparse_model_programs, sparse_op_programs, sparse_programs

PROGRAMS = {**sparse_programs.PROGRAMS, **sparse_op_programs.PROGRAMS, **sparse_model_programs.PROGRAMS}

GOLDENS = json.load(open(os.path.join(os.path.dirname(__file__), "goldens", "sparse.json")))


def _close(ours, theirs, path=""):
    """Equal structures; floats equal to a relative 1e-5."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict) and sorted(ours) == sorted(theirs), path
        for key in theirs:
            _close(ours[key], theirs[key], f"{path}.{key}")
    elif isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs), (path, ours, theirs)
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _close(a, b, f"{path}[{i}]")
    elif isinstance(theirs, float):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6, err_msg=path)
    else:
        assert ours == theirs, (path, ours, theirs)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_tf(name):
    _close(PROGRAMS[name](tf), GOLDENS[name], name)


def test_column_of_a_fed_matrix_has_no_static_value():
    """x[:, 0] of a placeholder: reading its graph-time value (as gradients do) finds none, without failing
    on the multi-element begin/end/strides."""
    from sessionflow.framework.registry import static_value

    with tf.Graph().as_default():
        x = tf.placeholder(tf.int64, [None, 2])
        assert static_value(x[:, 0]) is None
        assert static_value(tf.constant([[1, 2], [3, 4]])[:, 0]).tolist() == [1, 3]


def test_make_callable_feeds_a_sparse_placeholder_from_one_value():
    """As TF: a SparseTensor in feed_list takes a SparseTensorValue (or an (indices, values, shape) tuple)."""
    with tf.Graph().as_default():
        sp = tf.sparse_placeholder(tf.float32)
        x = tf.placeholder(tf.float32, [])
        with tf.Session() as sess:
            f = sess.make_callable([tf.sparse.to_dense(sp) * x, sp], feed_list=[sp, x])
            dense, value = f(tf.SparseTensorValue([[0, 1]], [2.0], [2, 2]), 3.0)
            assert dense.tolist() == [[0.0, 6.0], [0.0, 0.0]]
            assert isinstance(value, tf.SparseTensorValue) and value.values.tolist() == [2.0]
            dense, _ = f(([[1, 0]], [5.0], [2, 2]), 1.0)
            assert dense.tolist() == [[0.0, 0.0], [5.0, 0.0]]


def test_sparse_concat_axis_out_of_range_is_a_value_error():
    """TF's own wrapper fails with an IndexError for an axis beyond a known rank; sessionflow raises the
    kernel's message as a ValueError while building."""
    with tf.Graph().as_default():
        a = tf.SparseTensor([[0, 0]], [1.0], [2, 3])
        with pytest.raises(ValueError, match=r"Concat dimension must be in range \[-2, 2\), got 2"):
            tf.sparse_concat(2, [a, a])
