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


def test_gather_nd_batch_dims_builds_tf_composite():
    p = np.arange(24.0).reshape(2, 3, 4)
    idx = np.array([[[1, 3], [0, 0]], [[2, 1], [2, 2]]])
    t = tf.gather_nd(p, idx, batch_dims=1)
    assert t.name == "BatchGatherND/Reshape_3:0" and t.shape.as_list() == [2, 2]
    types = [op.type for op in tf.get_default_graph().get_operations()]
    assert types.count("GatherNd") == 1 and {"Unpack", "Range", "Tile", "Transpose"} <= set(types)
    np.testing.assert_array_equal(run(t), [[p[0, 1, 3], p[0, 0, 0]], [p[1, 2, 1], p[1, 2, 2]]])
    two = tf.gather_nd(p.reshape(2, 3, 2, 2), np.array([[[1], [0], [1]], [[0], [1], [1]]]), batch_dims=2)
    assert two.shape.as_list() == [2, 3, 2]
    np.testing.assert_array_equal(run(two)[1, 2], p.reshape(2, 3, 2, 2)[1, 2, 1])


def test_gather_nd_batch_dims_partial_shapes_and_errors():
    # TF reads the shape vectors of its composite partially: these are TF's static shapes.
    assert tf.gather_nd(tf.placeholder(tf.float32, [None, None, 4]), tf.placeholder(tf.int32, [None, 2, 1]),
                        batch_dims=1).shape.as_list() == [None, 2, 4]
    assert tf.gather_nd(tf.placeholder(tf.float32, [None, 3, 4]), np.zeros((2, 5, 1), np.int32),
                        batch_dims=1).shape.as_list() == [2, 5, 4]
    assert tf.gather_nd(tf.placeholder(tf.float32, [6, None, 2, 4]), np.zeros((2, 3, 1), np.int32),
                        batch_dims=2).shape.as_list() == [6, 1, 4]
    with pytest.raises(ValueError, match="does not allow negative batch_dims"):
        tf.gather_nd(X, [[1], [2]], batch_dims=-1)
    with pytest.raises(ValueError, match=r"must be less than rank\(`indices`\) = 2"):
        tf.gather_nd(X, [[1], [2]], batch_dims=2)
    with pytest.raises(TypeError, match="must be an int"):
        tf.gather_nd(X, [[1], [2]], batch_dims=tf.placeholder(tf.int32))
    with pytest.raises(ValueError, match="evenly divisible by 5 but is 6"):
        tf.gather_nd(X, tf.placeholder(tf.int32, [None, 5, 1]), batch_dims=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0,0\] = \[0, 0, 5\] does not index into "
                                                             r"param shape \[2,3,4\]"):
        run(tf.gather_nd(X, [[[0, 5]], [[1, 1]]], batch_dims=1))


def test_gather_nd_batch_dims_gradient():
    params = tf.constant(np.arange(24.0).reshape(2, 3, 4))
    out = tf.gather_nd(params, [[[1, 3], [0, 0]], [[2, 1], [2, 1]]], batch_dims=1)
    g = tf.gradients(out * tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64), params)[0]
    expected = np.zeros((2, 3, 4))
    expected[0, 1, 3], expected[0, 0, 0], expected[1, 2, 1] = 1, 2, 7
    np.testing.assert_array_equal(run(g), expected)


def test_gather_nd_gradient_of_row_indices_is_indexed_slices():
    params = tf.constant(np.arange(6.0).reshape(3, 2))
    g = tf.gradients(tf.gather_nd(params, [[2], [0], [2]]), params)[0]
    assert isinstance(g, tf.IndexedSlices)
    np.testing.assert_array_equal(run(tf.convert_to_tensor(g)), [[1, 1], [0, 0], [2, 2]])


def test_gather_batch_dims_values_shapes_and_axis_zero():
    p = np.arange(120.0).reshape(2, 3, 4, 5)
    i3 = np.array([[[0, 2], [1, 1], [3, 0]], [[2, 2], [0, 1], [1, 3]]])
    neg = tf.gather(p, i3, batch_dims=-1)
    assert neg.op.get_attr("batch_dims") == -1 and neg.shape.as_list() == [2, 3, 4, 2]
    np.testing.assert_array_equal(run(neg), np.take_along_axis(p, i3[:, :, None, :], axis=3))
    mid = tf.gather(p, [[2, 0], [1, 1]], axis=-2, batch_dims=1)
    assert mid.shape.as_list() == [2, 3, 2, 5]
    np.testing.assert_array_equal(run(mid), np.stack([p[0][:, [2, 0]], p[1][:, [1, 1]]]))
    axis0 = tf.gather(p, [[1, 0]], axis=0, batch_dims=1)  # TF passes no batch_dims for a static axis 0
    assert axis0.op.get_attr("batch_dims") == 0 and axis0.shape.as_list() == [1, 2, 3, 4, 5]
    assert tf.gather(p, [[1, 0], [0, 0]], axis=tf.placeholder(tf.int32, []), batch_dims=1).shape.as_list() == [None] * 4
    assert tf.gather(tf.placeholder(tf.float32, [None, 3, None, 5]), tf.placeholder(tf.int32, [None, None]), axis=2,
                     batch_dims=1).shape.as_list() == [None, 3, None, 5]


def test_gather_batch_dims_errors():
    p = np.zeros((2, 3, 4, 5))
    with pytest.raises(ValueError, match="Shape must be at least rank 3 but is rank 2"):
        tf.gather(p, np.zeros((2, 3), np.int32), axis=3, batch_dims=-3)
    late = tf.gather(p, np.zeros((2, 3, 2), np.int32), axis=1, batch_dims=2)  # checked when it runs, as in TF
    assert late.shape.as_list() == [2, 2, 4, 5]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"batch_dims \(2\) must be less than or equal to axis"):
        run(late)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"params.shape\[0\]: 2 should be equal to indices"):
        run(tf.gather(p, np.zeros((3, 2), np.int32), axis=1, batch_dims=1))


_I3 = [[[0, 4], [4, 4], [1, 0]], [[2, 2], [0, 1], [3, 3]]]


@pytest.mark.parametrize("axis, batch_dims, indices", [
    (1, 1, [[2, 0], [1, 1]]), (2, 1, [[2, 0, 1], [1, 1, 3]]), (3, 2, _I3), (-1, -1, _I3),
    (-2, 1, [[3, 3, 0], [1, 2, 3]])])
def test_gather_batch_dims_gradient_sums_into_place(axis, batch_dims, indices):
    p = np.arange(120.0).reshape(2, 3, 4, 5)
    params = tf.constant(p)
    out = tf.gather(params, np.array(indices, np.int64), axis=axis, batch_dims=batch_dims)
    w = np.random.default_rng(0).uniform(size=out.shape.as_list())
    g = tf.gradients(out * tf.constant(w), params)[0]
    assert g.shape.as_list() == [2, 3, 4, 5]
    # the gradient is the adjoint of the gather: <g, dp> == <w, gather(dp)> for any dp
    dp = np.random.default_rng(1).normal(size=p.shape)
    moved = run(tf.gather(tf.constant(dp), np.array(indices, np.int64), axis=axis, batch_dims=batch_dims))
    np.testing.assert_allclose(np.sum(run(g) * dp), np.sum(w * moved), rtol=1e-12)


def test_gather_negative_batch_dims_gradient_needs_indices_rank():
    params = tf.constant(np.zeros((2, 3)))
    out = tf.gather(params, tf.placeholder(tf.int32), axis=1, batch_dims=-1)
    with pytest.raises(ValueError, match="batch_dims < 0 and the rank of the indices is unknown"):
        tf.gradients(out, params)


def test_meshgrid_of_tensors():
    a, b = tf.range(3), tf.placeholder(tf.int32, [None])
    x, y = tf.meshgrid(a, b, indexing="ij")
    assert x.shape.as_list() == [3, None]
    xv, yv = run([x, y], {b: [7, 8]})
    assert xv.tolist() == [[0, 0], [1, 1], [2, 2]] and yv.tolist() == [[7, 8]] * 3


def test_concat_gradient_of_a_lookup_stays_sparse_per_input_as_tf():
    """A lookup of joined embedding tables (axis 0) or joined columns (axis -1) gives each table its own
    IndexedSlices, so a sparse optimizer update touches only the rows looked up. TF 2.21's values."""
    with tf.Graph().as_default():
        a = tf.Variable(np.arange(8.0).reshape(4, 2).astype(np.float32), name="a")
        b = tf.Variable(np.arange(4.0).reshape(2, 2).astype(np.float32) + 10, name="b")
        c = tf.Variable(np.arange(4.0).reshape(4, 1).astype(np.float32) - 1, name="c")
        ids = tf.placeholder(tf.int32, [None])
        rows = tf.nn.embedding_lookup(tf.concat([a, b], 0), ids)
        cols = tf.gather(tf.concat([a, c], -1), ids % 4)
        loss = tf.reduce_sum(rows * [[1.0, -2.0]]) + tf.reduce_sum(cols * [[0.5, 1.5, -1.0]])
        grads = tf.gradients(loss, [a, b, c])
        assert all(isinstance(g, tf.IndexedSlices) for g in grads)
        grad_b = tf.gradients(tf.reduce_sum(rows * [[1.0, -2.0]]), b)[0]
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run(grad_b, {ids: [5, 0, 5, 2]})
            assert got.indices.tolist() == [1, 1] and got.values.tolist() == [[1.0, -2.0]] * 2
            assert got.dense_shape.tolist() == [2, 2]
            for step_ids in ([5, 1, 5], [0, 2], [3]):  # momentum moves only the rows a step touches
                sess.run(train, {ids: step_ids})
            values = sess.run([a, b, c])
    np.testing.assert_allclose(values[0], [[-0.15, 1.05], [1.75, 2.75], [3.85, 5.05], [5.85, 7.05]], rtol=1e-6)
    np.testing.assert_allclose(values[1], [[10.0, 11.0], [11.8, 13.4]], rtol=1e-6)
    np.testing.assert_allclose(values[2], [[-0.9], [0.3], [1.1], [2.1]], rtol=1e-6)


def test_transpose_result_is_row_major_as_tfs():
    # TF's Transpose writes its output in row-major order: fetches are C-contiguous, and what reads the
    # result (a reduction, the cifar10_input reshape-transpose-per_image_standardization chain) sees that order.
    x = tf.placeholder(tf.float32, [3, 8, 8])
    t = tf.transpose(x, [1, 2, 0])
    values = np.random.RandomState(0).randint(0, 256, (3, 8, 8)).astype(np.float32)
    with tf.Session() as sess:
        fetched, doubled, standardized = sess.run([t, t * 2, tf.image.per_image_standardization(t)], {x: values})
    assert all(a.flags["C_CONTIGUOUS"] for a in (fetched, doubled, standardized))
    np.testing.assert_array_equal(fetched, values.transpose(1, 2, 0))
