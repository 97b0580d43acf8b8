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


def test_segment_gradients():
    data = tf.constant(DATA.astype(np.float64))
    g_sum = tf.gradients(tf.segment_sum(data, [0, 0, 1]), data)[0]
    g_max = tf.gradients(tf.unsorted_segment_max(data, [0, 0, -1], 2), data)[0]
    vs, vm = run(g_sum, g_max)
    assert vs.tolist() == [[1, 1]] * 3
    assert vm.tolist() == [[0, 0], [1, 1], [0, 0]]
