"""TensorShape, Dimension, static shape inference and graph-construction shape errors."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf

# --- Dimension ----------------------------------------------------------------------------------

def test_dimension_known_and_unknown():
    d, u = tf.Dimension(3), tf.Dimension(None)
    assert d.value == 3 and u.value is None
    assert str(u) == "?" and str(d) == "3"
    assert repr(d) == "Dimension(3)"
    assert int(d) == 3
    assert (d + 2).value == 5 and (d * 2).value == 6
    assert (d + u).value is None
    assert (d == 3) is True
    assert (u == 3) is None  # unknown compares as "don't know"
    assert tf.dimension_value(d) == 3 and tf.dimension_value(4) == 4


def test_dimension_compatibility_and_merge():
    assert tf.Dimension(4).is_compatible_with(None)
    assert not tf.Dimension(4).is_compatible_with(5)
    assert tf.Dimension(4).merge_with(None).value == 4
    assert tf.Dimension(None).merge_with(7).value == 7
    with pytest.raises(ValueError, match="Dimensions 3 and 4 are not compatible"):
        tf.Dimension(3).merge_with(4)


def test_dimension_must_be_nonnegative():
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        tf.Dimension(-1)


# --- TensorShape --------------------------------------------------------------------------------

def test_partially_known_shape():
    s = tf.TensorShape([None, 3])
    assert str(s) == "(?, 3)"
    assert repr(s) == "TensorShape([Dimension(None), Dimension(3)])"
    assert s.ndims == 2 and s.as_list() == [None, 3]
    assert not s.is_fully_defined()
    assert s[0].value is None and s[1].value == 3 and s[1] == 3
    assert s.num_elements() is None
    assert s.is_compatible_with([5, 3]) and not s.is_compatible_with([5, 4])
    assert not s.is_compatible_with([3])
    assert s.merge_with([5, None]).as_list() == [5, 3]


def test_fully_known_and_scalar_shapes():
    s = tf.TensorShape([2, 3])
    assert s.is_fully_defined() and s.num_elements() == 6
    assert s == tf.TensorShape([2, 3]) and s != tf.TensorShape([3, 2])
    assert s.concatenate([4]).as_list() == [2, 3, 4]
    assert str(tf.TensorShape([])) == "()"
    assert str(tf.TensorShape([4])) == "(4,)"
    assert tf.TensorShape([]).num_elements() == 1


def test_unknown_rank_shape():
    s = tf.TensorShape(None)
    assert s.ndims is None and str(s) == "<unknown>"
    assert s.is_compatible_with([1, 2, 3])
    assert s.merge_with([1, 2]).as_list() == [1, 2]
    with pytest.raises(ValueError, match="as_list\\(\\) is not defined on an unknown TensorShape"):
        s.as_list()


def test_merge_incompatible_shapes():
    with pytest.raises(ValueError, match=r"Shapes \(2, 3\) and \(2, 4\) are not compatible"):
        tf.TensorShape([2, 3]).merge_with([2, 4])


# --- shapes of tensors --------------------------------------------------------------------------

def test_placeholder_static_shapes():
    p = tf.placeholder(tf.float32, [None, 3])
    assert str(p.shape) == "(?, 3)"
    assert p.get_shape().as_list() == [None, 3]
    assert p.shape.ndims == 2
    q = tf.placeholder(tf.int32)
    assert q.shape.ndims is None and str(q.shape) == "<unknown>"


def test_set_shape_refines():
    p = tf.placeholder(tf.float32, [None, 3])
    p.set_shape([4, 3])
    assert p.shape.as_list() == [4, 3]
    q = tf.placeholder(tf.float32)
    q.set_shape([2, None])
    assert q.shape.as_list() == [2, None]


def test_set_shape_incompatible_raises():
    p = tf.placeholder(tf.float32, [None, 3])
    with pytest.raises(ValueError):
        p.set_shape([4, 4])
    assert p.shape.as_list() == [None, 3]


def test_variable_shape():
    v = tf.Variable(tf.zeros([2, 3]))
    assert v.shape.as_list() == [2, 3]
    assert v.get_shape().as_list() == [2, 3]
    assert str(v.shape) == "(2, 3)"


def test_broadcast_shape_inference():
    a = tf.placeholder(tf.float32, [None, 3])
    b = tf.constant([1.0, 2.0, 3.0])
    assert (a + b).shape.as_list() == [None, 3]
    assert (tf.constant([[1.0], [2.0]]) * b).shape.as_list() == [2, 3]


def test_reshape_shape_inference():
    a = tf.constant([[1, 2, 3], [4, 5, 6]])
    assert tf.reshape(a, [3, -1]).shape.as_list() == [3, 2]
    assert tf.reshape(a, [-1]).shape.as_list() == [6]


def test_shape_size_rank_ops(sess):
    a = tf.placeholder(tf.float32, [None, 2])
    sh = tf.shape(a)
    assert sh.dtype is tf.int32 and sh.op.name == "Shape"
    assert sess.run(sh, {a: np.zeros((5, 2))}).tolist() == [5, 2]
    c = tf.constant([[1, 2]])
    assert tf.size(c).op.name == "Size" and sess.run(tf.size(c)) == 2
    assert tf.rank(c).op.name == "Rank" and sess.run(tf.rank(c)) == 2


# --- shape errors at graph construction ---------------------------------------------------------

def test_broadcast_error_at_construction():
    with pytest.raises(ValueError) as info:
        tf.constant([1.0, 2.0]) + tf.constant([1.0, 2.0, 3.0])
    assert "Dimensions must be equal, but are 2 and 3" in str(info.value)
    assert "[2], [3]" in str(info.value)
    assert tf.get_default_graph().get_operations()[-1].type == "Const"  # no op was added


def test_matmul_inner_dimension_error():
    with pytest.raises(ValueError) as info:
        tf.matmul(tf.constant([[1.0, 2.0]]), tf.constant([[1.0, 2.0, 3.0]]))
    assert "Dimensions must be equal, but are 2 and 1" in str(info.value)
    assert "[1,2], [1,3]" in str(info.value)


def test_matmul_rank_error():
    with pytest.raises(ValueError, match=r"rank (at least )?2"):
        tf.matmul(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0]))


def test_reshape_size_error():
    with pytest.raises(ValueError) as info:
        tf.reshape(tf.constant([[1, 2, 3], [4, 5, 6]]), [4, 2])
    assert "Cannot reshape a tensor with 6 elements to shape" in str(info.value)
    assert "(8 elements)" in str(info.value)


def test_fill_value_must_be_scalar():
    with pytest.raises(ValueError, match="rank 0"):
        tf.fill([2], [1, 2])


def test_static_slice_out_of_bounds():
    with pytest.raises(ValueError, match="slice index 5 of dimension 0 out of bounds"):
        tf.constant([1, 2, 3])[5]


def test_assign_shape_mismatch():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(ValueError) as info:
        v.assign([1.0, 2.0, 3.0])
    assert "2" in str(info.value) and "3" in str(info.value)


def test_construction_error_names_the_node():
    with pytest.raises(ValueError) as info:
        tf.add(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0]), name="my_sum")
    assert "my_sum" in str(info.value)


def test_range_bad_arguments_fail_at_construction():
    with pytest.raises(ValueError, match="Requires start >= limit when delta < 0"):
        tf.range(0, 5, -1)
