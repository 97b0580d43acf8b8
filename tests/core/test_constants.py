"""Constants and filling ops: tf.constant, zeros/ones/fill/*_like, range, linspace, stack, concat."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf


@pytest.mark.parametrize(("build", "dtype", "shape", "value"), [
    (lambda: tf.zeros([2, 3]), "float32", [2, 3], [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]),
    (lambda: tf.ones([2], dtype=tf.int32), "int32", [2], [1, 1]),
    (lambda: tf.zeros([2], dtype=tf.bool), "bool", [2], [False, False]),
    (lambda: tf.fill([2, 2], 7), "int32", [2, 2], [[7, 7], [7, 7]]),
    (lambda: tf.fill([2], 1.5), "float32", [2], [1.5, 1.5]),
    (lambda: tf.zeros_like(tf.constant([[1, 2]])), "int32", [1, 2], [[0, 0]]),
    (lambda: tf.zeros_like(tf.constant([1.0, 2.0]), dtype=tf.int32), "int32", [2], [0, 0]),
    (lambda: tf.ones_like(tf.constant([1.0, 2.0])), "float32", [2], [1.0, 1.0]),
    (lambda: tf.ones_like(tf.constant([1, 2]), dtype=tf.float32), "float32", [2], [1.0, 1.0]),
    (lambda: tf.range(5), "int32", [5], [0, 1, 2, 3, 4]),
    (lambda: tf.range(2, 10, 3), "int32", [3], [2, 5, 8]),
    (lambda: tf.range(0.0, 1.0, 0.25), "float32", [4], [0.0, 0.25, 0.5, 0.75]),
    (lambda: tf.range(5, 0, -2), "int32", [3], [5, 3, 1]),
    (lambda: tf.range(3, dtype=tf.int64), "int64", [3], [0, 1, 2]),
    (lambda: tf.range(1, 4.5), "float32", [4], [1.0, 2.0, 3.0, 4.0]),
    (lambda: tf.linspace(0.0, 1.0, 5), "float32", [5], [0.0, 0.25, 0.5, 0.75, 1.0]),
    (lambda: tf.constant(2, shape=[2, 2]), "int32", [2, 2], [[2, 2], [2, 2]]),
    (lambda: tf.constant([1, 2], shape=[2, 2]), "int32", [2, 2], [[1, 2], [2, 2]]),
    (lambda: tf.constant([[1, 2], [3, 4]], shape=[4]), "int32", [4], [1, 2, 3, 4]),
    (lambda: tf.constant(["a", "bc"]), "string", [2], [b"a", b"bc"]),
])
def test_constant_like_ops(build, dtype, shape, value, sess):
    t = build()
    assert t.dtype.name == dtype
    assert t.shape.as_list() == shape
    assert sess.run(t).tolist() == value


def test_op_names_and_types():
    xs = [tf.zeros([2, 3]), tf.ones([2], dtype=tf.int32), tf.fill([2, 2], 7),
          tf.zeros_like(tf.constant([[1, 2]])), tf.range(5), tf.zeros([2000])]
    assert [(x.op.name, x.op.type) for x in xs] == [
        ("zeros", "Const"), ("ones", "Const"), ("Fill", "Fill"), ("zeros_like", "Const"), ("range", "Range"),
        ("zeros_1", "Fill")]  # large zeros are a Fill, not a constant


def test_zeros_and_ones_of_dynamic_shape(sess):
    p = tf.placeholder(tf.int32, [2])
    z = tf.zeros(p)
    q = tf.placeholder(tf.float32, [None])
    o = tf.ones_like(q)
    zz = tf.zeros_like(q)
    assert z.shape.as_list() == [None, None] and z.op.type == "Fill"
    assert o.shape.as_list() == [None]
    assert sess.run(z, {p: [1, 2]}).tolist() == [[0.0, 0.0]]
    assert sess.run(o, {q: [1.0, 2.0, 3.0]}).tolist() == [1.0, 1.0, 1.0]
    assert sess.run(zz, {q: [1.0, 2.0]}).tolist() == [0.0, 0.0]


def test_zeros_with_empty_shape(sess):
    z = tf.zeros([0])
    o = tf.ones([2, 0])
    assert z.shape.as_list() == [0]
    assert sess.run(z).tolist() == []
    assert sess.run(o).shape == (2, 0)


def test_linspace_with_integers(sess):
    t = tf.linspace(0, 10, 3)
    assert t.dtype is tf.float64
    assert sess.run(t).tolist() == [0.0, 5.0, 10.0]


def test_linspace_is_tf2s_composite(sess):
    """TF 2.21's tf.linspace / tf.lin_space (linspace_nd): N-D end points broadcast against each other, the
    values along `axis`, num of 1 or 0, a gradient for both end points, and the plain ops TF builds
    (the result is a Slice). Values are TF 2.21's."""
    scalar = tf.linspace(0.0, 1.0, 5)
    assert scalar.name == "linspace/Slice:0" and scalar.shape.as_list() == [5]
    assert [op.type for op in tf.get_default_graph().get_operations()][:6] == [
        "Const", "Const", "Const", "Cast", "Cast", "Const"]
    a = tf.placeholder(tf.float32, [None, 2])
    columns = tf.linspace(a, tf.constant([[1.0, 2.0]]), 4, axis=-1)
    rows = tf.linspace(tf.constant([0.0, 5.0]), [10.0, 40.0], 5)
    named = tf.lin_space(tf.constant([[0.0], [5.0]]), 3.0, 3, axis=1, name="zz")
    one, none = tf.linspace(0.0, 1.0, 1), tf.linspace(0.0, 1.0, 0)
    assert named.name == "zz/Slice:0"
    assert [t.shape.as_list() for t in (columns, rows, named, one, none)] == [[None, 2, 4], [5, 2], [2, 3, 1],
                                                                              [1], [0]]
    start, stop = tf.placeholder(tf.float32, [3]), tf.placeholder(tf.float32, [])
    grads = tf.gradients(tf.reduce_sum(tf.linspace(start, stop, 4) * tf.constant([[1.0], [2.0], [3.0], [4.0]])),
                         [start, stop])
    c, r, n, o, e = sess.run([columns, rows, named, one, none], {a: [[0.0, 0.0], [-1.0, 3.0]]})
    np.testing.assert_allclose(c, [[[0.0, 1 / 3, 2 / 3, 1.0], [0.0, 2 / 3, 4 / 3, 2.0]],
                                   [[-1.0, -1 / 3, 1 / 3, 1.0], [3.0, 8 / 3, 7 / 3, 2.0]]], rtol=1e-6)
    assert r.tolist() == [[0.0, 5.0], [2.5, 13.75], [5.0, 22.5], [7.5, 31.25], [10.0, 40.0]]
    assert n[:, :, 0].tolist() == [[0.0, 1.5, 3.0], [5.0, 4.0, 3.0]]
    assert o.tolist() == [0.0] and e.tolist() == []
    g_start, g_stop = sess.run(grads, {start: [1.0, 2.0, 3.0], stop: 5.0})
    np.testing.assert_allclose(g_start, [10 / 3] * 3, rtol=1e-6)
    assert g_stop == 20.0


def test_range_delta_zero():
    with pytest.raises(ValueError, match="Requires delta != 0"):
        tf.range(0, 5, 0)


def test_range_bad_direction_fails(sess):
    """TF raises this at graph construction (see test_shapes); at the latest it must fail when run."""
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError), match="Requires start >= limit"):
        sess.run(tf.range(0, 5, -1))


def test_constant_with_too_many_values_is_value_error():
    with pytest.raises(ValueError, match="Too many elements provided"):
        tf.constant([1, 2, 3], shape=[2])


def test_constant_verify_shape():
    with pytest.raises(TypeError, match=r"Expected Tensor's shape: \(3, 1\)"):
        tf.constant([1, 2, 3], shape=[3, 1], verify_shape=True)


def test_constant_non_rectangular():
    with pytest.raises(ValueError, match="inhomogeneous"):
        tf.constant([[1, 2], [3]])


def test_non_tensor_where_tensor_needed():
    with pytest.raises(TypeError, match="object"):
        tf.add(object(), 1)
    with pytest.raises(ValueError, match="None"):
        tf.add(None, 1.0)


def test_auto_packing_of_tensors_in_lists(sess):
    a = tf.constant(1.0)
    p = tf.convert_to_tensor([a, 2.0])
    assert (p.op.name, p.op.type) == ("packed", "Pack")
    assert sess.run(p).tolist() == [1.0, 2.0]


def test_stack_concat_expand_gather(sess):
    a = tf.constant([1, 2])
    b = tf.constant([3, 4])
    assert sess.run(tf.stack([a, b])).tolist() == [[1, 2], [3, 4]]
    assert sess.run(tf.concat([a, b], 0)).tolist() == [1, 2, 3, 4]
    assert sess.run(tf.expand_dims(a, 1)).tolist() == [[1], [2]]
    assert sess.run(tf.gather(a, [1, 1, 0])).tolist() == [2, 2, 1]
