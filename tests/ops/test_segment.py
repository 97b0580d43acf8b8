"""Segment reductions, unique, bincount, confusion_matrix."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf


@pytest.fixture(autouse=True)
def _graph():
    with tf.Graph().as_default():
        yield


def run(*fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(list(fetches), feed)


DATA = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)


def test_sorted_segments_and_empty_segments():
    s, m, mx, mn, p = run(tf.segment_sum(DATA, [0, 0, 2]), tf.segment_mean(DATA, [0, 0, 1]),
                          tf.segment_max(DATA, [0, 2, 2]), tf.segment_min(DATA, [0, 0, 0]),
                          tf.segment_prod(DATA, [1, 1, 1]))
    assert s.tolist() == [[4, 6], [0, 0], [5, 6]]
    assert m.tolist() == [[2, 3], [5, 6]]
    assert mx.tolist() == [[1, 2], [0, 0], [5, 6]]
    assert mn.tolist() == [[1, 2]]
    assert p.tolist() == [[1, 1], [15, 48]]


def test_unsorted_segments_drop_negative_ids_and_fill_identity():
    s, mx, mn, mean = run(tf.unsorted_segment_sum(DATA, [2, -1, 2], 4), tf.unsorted_segment_max(DATA, [1, 1, 1], 2),
                          tf.unsorted_segment_min(tf.constant([3, 1, 2]), [0, 0, 2], 3),
                          tf.unsorted_segment_mean(DATA, [0, 0, 1], 3))
    assert s.tolist() == [[0, 0], [0, 0], [6, 8], [0, 0]]
    assert mx[0].tolist() == [np.finfo(np.float32).min] * 2 and mx[1].tolist() == [5, 6]
    assert mn.tolist() == [1, np.iinfo(np.int32).max, 2]
    assert mean.tolist() == [[2, 3], [5, 6], [0, 0]]


def test_shapes():
    p = tf.placeholder(tf.float32, [None, 3])
    ids = tf.placeholder(tf.int32, [None])
    assert tf.segment_sum(p, ids).shape.as_list() == [None, 3]
    assert tf.unsorted_segment_sum(p, ids, 4).shape.as_list() == [4, 3]


def test_bad_ids_raise_invalid_argument():
    with pytest.raises(tf.errors.InvalidArgumentError, match="not increasing"):
        run(tf.segment_sum([1.0, 2.0], [1, 0]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"segment_ids\[1\] = 5 is out of range \[0, 3\)"):
        run(tf.unsorted_segment_sum([1.0, 2.0], [1, 5], 3))


def test_unique_and_counts():
    u = tf.unique([3, 1, 3, 2, 1])
    c = tf.unique_with_counts(tf.constant([0.5, 0.5, -1.0]), out_idx=tf.int64)
    y, idx, cy, cidx, cc = run(u.y, u.idx, c.y, c.idx, c.count)
    assert y.tolist() == [3, 1, 2] and idx.tolist() == [0, 1, 0, 2, 1]
    assert cy.tolist() == [0.5, -1.0] and cidx.dtype == np.int64 and cc.tolist() == [2, 1]


def test_bincount_and_confusion_matrix():
    b, w, e, cm = run(tf.math.bincount([1, 1, 3]), tf.math.bincount([1, 1, 3], weights=[0.5, 1.0, 2.0], minlength=6),
                      tf.math.bincount(tf.constant(np.zeros(0, np.int32))),
                      tf.math.confusion_matrix([0, 1, 2, 1], [0, 2, 2, 1]))
    assert b.tolist() == [0, 2, 0, 1] and b.dtype == np.int32
    assert w.tolist() == [0, 1.5, 0, 2, 0, 0] and e.tolist() == []
    assert cm.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]] and cm.dtype == np.int32



def test_confusion_matrix_checks_ids_as_tf():
    # TF 2.21's confusion_matrix: ids known while building fail then, fed ones fail the run; before, an out of range
    # prediction was counted in another cell ([[0, 0], [0, 0]] for labels [0], predictions [3], num_classes 2 ...)
    with pytest.raises(tf.errors.InvalidArgumentError, match="`labels` out of bound"):
        tf.math.confusion_matrix([0, 5], [0, 1], num_classes=3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="`labels` contains negative values"):
        tf.math.confusion_matrix([0, -1], [0, 1])
    labels = tf.placeholder(tf.int32, [None])
    predictions = tf.placeholder(tf.int32, [None])
    cm = tf.math.confusion_matrix(labels, predictions, num_classes=2)
    assert cm.name == "confusion_matrix_2/ScatterNd:0" and cm.shape.as_list() == [2, 2]
    with tf.Session() as sess:
        assert sess.run(cm, {labels: [1, 0], predictions: [1, 1]}).tolist() == [[0, 1], [0, 1]]
        with pytest.raises(tf.errors.InvalidArgumentError, match="`predictions` out of bound"):
            sess.run(cm, {labels: [0], predictions: [3]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="`predictions` contains negative values"):
            sess.run(cm, {labels: [0], predictions: [-1]})


def test_confusion_matrix_squeezes_labels_and_takes_weights():
    cm = tf.math.confusion_matrix([[0], [1], [1]], [0, 1, 0], weights=[0.5, 2.0, 0.25], dtype=tf.float32)
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "confusion_matrix/remove_squeezable_dimensions/Squeeze" in names
    assert run(cm)[0].tolist() == [[0.5, 0.0], [0.25, 2.0]]

def test_segment_gradients():
    data = tf.constant(DATA.astype(np.float64))
    g_sum = tf.gradients(tf.segment_sum(data, [0, 0, 1]), data)[0]
    g_max = tf.gradients(tf.unsorted_segment_max(data, [0, 0, -1], 2), data)[0]
    vs, vm = run(g_sum, g_max)
    assert vs.tolist() == [[1, 1]] * 3
    assert vm.tolist() == [[0, 0], [1, 1], [0, 0]]


PROD_DATA = np.array([[1.5, -2.0, 0.0], [0.0, 4.0, 0.0], [3.0, 0.5, 2.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])


def _prod_grad_by_hand(data, ids, num_segments):
    """d/dx of sum(w * prod) per entry: w of its segment times the product of the other entries."""
    grad = np.zeros_like(data)
    for r, s in enumerate(ids):
        if s < 0:
            continue
        others = np.prod(np.delete(data[ids == s], list(np.flatnonzero(ids == s)).index(r), axis=0), axis=0)
        grad[r] = (s + 1) * others
    return grad


@pytest.mark.parametrize("sorted_ids", [True, False])
def test_segment_prod_gradient_with_zeros(sorted_ids):
    # segment 0: one zero per column; segment 1: one and two zeros; the unsorted form drops id -1.
    ids = np.array([0, 0, 1, 1, 1]) if sorted_ids else np.array([1, 0, 1, -1, 1])
    data = tf.constant(PROD_DATA)
    out = tf.segment_prod(data, ids) if sorted_ids else tf.unsorted_segment_prod(data, ids, 3)
    n = 2 if sorted_ids else 3
    w = np.repeat(np.arange(1.0, n + 1)[:, None], 3, axis=1)
    g, = run(tf.gradients(out, data, grad_ys=tf.constant(w))[0])
    np.testing.assert_array_equal(g, _prod_grad_by_hand(PROD_DATA, ids, n))


def test_segment_min_max_gradients_share_ties():
    data = tf.constant([[1.0, 5.0], [1.0, 2.0], [0.5, 5.0]])
    gmax, gmin, gumax = run(tf.gradients(tf.segment_max(data, [0, 0, 0]), data)[0],
                            tf.gradients(tf.segment_min(data, [0, 0, 1]), data)[0],
                            tf.gradients(tf.unsorted_segment_max(data, [1, 1, -1], 3), data)[0])
    assert gmax.tolist() == [[0.5, 0.5], [0.5, 0.0], [0.0, 0.5]]
    assert gmin.tolist() == [[0.5, 0.0], [0.5, 1.0], [1.0, 1.0]]
    assert gumax.tolist() == [[0.5, 1.0], [0.5, 0.0], [0.0, 0.0]]


def test_sparse_segment_reductions():
    rows = np.arange(12.0).reshape(4, 3)
    s, m, q, n = run(tf.sparse_segment_sum(rows, [0, 2, 2, 3, 1], [0, 0, 1, 3, 3]),
                     tf.sparse.segment_mean(rows, [0, 2, 2, 3, 1], [0, 0, 1, 3, 3]),
                     tf.sparse_segment_sqrt_n(rows, [0, 2], [1, 1]),
                     tf.sparse_segment_sum(rows, [1], [0], num_segments=3))
    np.testing.assert_array_equal(s, [rows[0] + rows[2], rows[2], np.zeros(3), rows[3] + rows[1]])
    np.testing.assert_array_equal(m, [(rows[0] + rows[2]) / 2, rows[2], np.zeros(3), (rows[3] + rows[1]) / 2])
    np.testing.assert_allclose(q, [np.zeros(3), (rows[0] + rows[2]) / np.sqrt(2)])
    np.testing.assert_array_equal(n, [rows[1], np.zeros(3), np.zeros(3)])
    assert tf.sparse_segment_sum(rows, [0], [0]).shape.as_list() == [None, 3]
    assert tf.sparse_segment_mean(rows, [0], [0], num_segments=7).op.type == "SparseSegmentMeanWithNumSegments"
    with pytest.raises(TypeError, match="not in list of allowed values: bfloat16"):
        tf.sparse_segment_mean(tf.constant([[1, 2]]), [0], [0])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Bad: indices\[1\] == 7 out of range \[0, 4\)"):
        run(tf.sparse_segment_sum(rows, [0, 7], [0, 1]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="segment ids are not increasing"):
        run(tf.sparse_segment_sum(rows, [0, 1, 2], [1, 0, 1]))


@pytest.mark.parametrize("sparse_gradient", [False, True])
def test_sparse_segment_gradients(sparse_gradient):
    rows = tf.constant(np.arange(12.0).reshape(4, 3))
    out = tf.sparse_segment_mean(rows, [0, 2, 2, 3], [0, 0, 1, 1], sparse_gradient=sparse_gradient)
    g = tf.gradients(out, rows, grad_ys=tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], tf.float64))[0]
    assert isinstance(g, tf.IndexedSlices) == sparse_gradient
    if sparse_gradient:
        assert g.values.op.type == "SparseSegmentMeanGradV2"
        indices, = run(g.indices)
        assert indices.tolist() == [0, 2, 3]
    dense, = run(tf.convert_to_tensor(g))
    np.testing.assert_array_equal(dense, [[0.5, 1, 1.5], [0, 0, 0], [2.5, 3.5, 4.5], [2, 2.5, 3]])
