"""Array ops: values vs NumPy, static shapes (incl. unknown dims), and TF's errors."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf

X = np.arange(24, dtype=np.float32).reshape(2, 3, 4)


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def test_transpose_default_reverses_and_names():
    t = tf.transpose(X)
    assert t.op.name == "transpose" and t.shape.as_list() == [4, 3, 2]
    np.testing.assert_array_equal(run(t), X.T)


def test_transpose_unknown_dims_and_bad_perm():
    p = tf.placeholder(tf.float32, [None, 3, 4])
    assert tf.transpose(p, [1, 0, 2]).shape.as_list() == [3, None, 4]
    with pytest.raises(ValueError):
        tf.transpose(p, [0, 1])


def test_squeeze():
    assert tf.squeeze(tf.zeros([1, 2, 1])).shape.as_list() == [2]
    assert tf.squeeze(tf.placeholder(tf.float32, [None, 1, 2])).shape.ndims is None
    assert tf.squeeze(tf.zeros([1, 2, 1]), squeeze_dims=[0]).shape.as_list() == [2, 1]
    with pytest.raises(ValueError):
        tf.squeeze(tf.zeros([2, 3]), axis=0)


def test_unstack_and_split():
    parts = tf.unstack(X, axis=1)
    assert len(parts) == 3 and [p.name for p in parts][:2] == ["unstack:0", "unstack:1"]
    np.testing.assert_array_equal(run(parts[2]), X[:, 2])
    one = tf.unstack(tf.constant([[1, 2]]))
    assert len(one) == 1 and run(one[0]).tolist() == [1, 2]
    halves = tf.split(X, 2, axis=2)
    assert halves[0].op.type == "Split" and halves[0].shape.as_list() == [2, 3, 2]
    sizes = tf.split(X, [1, -1], axis=2)
    assert sizes[1].op.type == "SplitV" and sizes[1].shape.as_list() == [2, 3, 3]
    np.testing.assert_array_equal(run(sizes[1]), X[:, :, 1:])
    with pytest.raises(ValueError):
        tf.split(X, 3, axis=2)
    with pytest.raises(ValueError):
        tf.unstack(tf.placeholder(tf.float32))


def test_tile_pad_slice_reverse():
    np.testing.assert_array_equal(run(tf.tile(X, [1, 2, 1])), np.tile(X, (1, 2, 1)))
    pads = [[0, 0], [1, 1], [2, 0]]
    np.testing.assert_array_equal(run(tf.pad(X, pads)), np.pad(X, pads))
    np.testing.assert_array_equal(run(tf.pad(X, pads, "REFLECT")), np.pad(X, pads, "reflect"))
    np.testing.assert_array_equal(run(tf.pad(X, pads, "SYMMETRIC")), np.pad(X, pads, "symmetric"))
    np.testing.assert_array_equal(run(tf.pad(X, pads, constant_values=7)), np.pad(X, pads, constant_values=7))
    np.testing.assert_array_equal(run(tf.slice(X, [0, 1, 0], [-1, 2, 2])), X[:, 1:3, 0:2])
    np.testing.assert_array_equal(run(tf.reverse(X, [1, -1])), X[:, ::-1, ::-1])
    with pytest.raises(tf.errors.InvalidArgumentError):
        run(tf.slice(X, [0, 2, 0], tf.placeholder_with_default([1, 2, 1], [3])))


def test_gather_variants_and_errors():
    np.testing.assert_array_equal(run(tf.gather(X, [3, 0], axis=-1)), X[..., [3, 0]])
    idx = np.array([[1], [2]])
    np.testing.assert_array_equal(run(tf.gather(X, idx, axis=2, batch_dims=1)),
                                  np.stack([X[0][:, [1]], X[1][:, [2]]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="not in"):
        run(tf.gather([1, 2], [2]))
    np.testing.assert_array_equal(run(tf.gather_nd(X, [[0, 1], [1, 2]])), X[[0, 1], [1, 2]])
    with pytest.raises(tf.errors.InvalidArgumentError):
        run(tf.gather_nd([1, 2], [[5]]))
    np.testing.assert_array_equal(run(tf.scatter_nd([[1], [3], [1]], [1., 2., 3.], [5])), [0, 4, 0, 2, 0])


def test_gather_gradient_is_indexed_slices_summing_repeats():
    params = tf.constant(np.arange(6.0).reshape(3, 2))
    g = tf.gradients(tf.reduce_sum(tf.gather(params, [2, 0, 2])), params)[0]
    assert isinstance(g, tf.IndexedSlices)
    value = run(g)
    np.testing.assert_array_equal(value.indices, [2, 0, 2])
    np.testing.assert_array_equal(value.dense_shape, [3, 2])
    np.testing.assert_array_equal(run(tf.convert_to_tensor(g)), [[1, 1], [0, 0], [2, 2]])
    dense = tf.gradients(tf.reduce_sum(tf.gather(params, [1, 1], axis=1)), params)[0]
    np.testing.assert_array_equal(run(dense), [[0, 2], [0, 2], [0, 2]])


def test_boolean_mask_nd_and_axis():
    m = np.array([[True, False, True], [False, False, True]])
    out = tf.boolean_mask(X, m)
    assert out.shape.as_list() == [None, 4]
    np.testing.assert_array_equal(run(out), X[m])
    out = tf.boolean_mask(X, [True, False, True], axis=1)
    assert out.shape.as_list() == [2, None, 4]
    np.testing.assert_array_equal(run(out), X[:, [0, 2]])
    with pytest.raises(ValueError):
        tf.boolean_mask(X, True)


def test_strided_slice_partial_shapes_and_grad():
    i = tf.placeholder(tf.int32, [])
    t = tf.constant(X[0])
    assert t[i].shape.as_list() == [4]
    assert t[:, i].shape.as_list() == [3]
    assert t[i:].shape.as_list() == [None, 4]
    assert run(t[i], {i: 2}).tolist() == X[0][2].tolist()
    v = tf.constant(np.arange(12.0).reshape(3, 4))
    g = tf.gradients(tf.reduce_sum(v[1:, ::2]), v)[0]
    expected = np.zeros((3, 4))
    expected[1:, ::2] = 1
    np.testing.assert_array_equal(run(g), expected)


def test_one_hot_where_sort():
    oh = tf.one_hot([0, 2, -1], 3)
    assert oh.dtype == tf.float32 and oh.op.name == "one_hot"
    np.testing.assert_array_equal(run(oh), [[1, 0, 0], [0, 0, 1], [0, 0, 0]])
    assert tf.one_hot([1], 2, on_value=5, off_value=-1).dtype == tf.int32
    assert run(tf.where([[True, False], [False, True]])).tolist() == [[0, 0], [1, 1]]
    assert run(tf.where([True, False], [[1, 2], [3, 4]], [[5, 6], [7, 8]])).tolist() == [[1, 2], [7, 8]]
    assert run(tf.where_v2([True, False], 1, [3, 4])).tolist() == [1, 4]
    assert run(tf.sort([3, 1, 2])).tolist() == [1, 2, 3]
    assert run(tf.argsort([3, 1, 2, 1])).tolist() == [1, 3, 2, 0]
    assert run(tf.sort([[3., 1.], [0., 2.]], axis=0, direction="DESCENDING")).tolist() == [[3, 2], [0, 1]]
    assert run(tf.searchsorted([1., 2., 3.], [2.5, 0.], side="right")).tolist() == [2, 0]


def test_misc_ops():
    assert run(tf.sequence_mask([1, 3], 4)).tolist() == [[True, False, False, False], [True, True, True, False]]
    xs, _ = run(tf.meshgrid([1, 2, 3], [4, 5]))
    np.testing.assert_array_equal(xs, np.meshgrid([1, 2, 3], [4, 5])[0])
    assert run(tf.broadcast_to([1, 2], [3, 2])).shape == (3, 2)
    assert tf.broadcast_static_shape(tf.TensorShape([1, 2]), tf.TensorShape([3, 1])).as_list() == [3, 2]
    assert run(tf.broadcast_dynamic_shape([1, 2], [3, 1])).tolist() == [3, 2]
    assert run(tf.diag_part(tf.diag([1., 2.]))).tolist() == [1, 2]
    d = run(tf.space_to_depth(np.arange(16).reshape(1, 4, 4, 1), 2))
    assert run(tf.depth_to_space(d, 2)).reshape(-1).tolist() == list(range(16))
    assert run(tf.bitcast(tf.constant([1.0], tf.float32), tf.int32)).tolist() == [1065353216]
    assert [t.name for t in tf.shape_n([X, X])] == ["ShapeN:0", "ShapeN:1"]
    assert len(tf.identity_n([X])) == 1
    with pytest.raises(tf.errors.InvalidArgumentError, match="bad"):
        run(tf.check_numerics(tf.constant([1.0, np.nan]), "bad"))
    assert run(tf.reverse_sequence(X, [2, 3], seq_axis=1, batch_axis=0))[0, :, 0].tolist() == [4, 0, 8]
