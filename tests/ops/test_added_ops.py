"""Ops added from the survey of TF1 names sessionflow lacked: values and behaviours recorded from TF 2.21
(tf.compat.v1) that the registry tests and the conformance case do not pin down."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.ops import range_sampler


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def test_dynamic_stitch_last_index_wins_and_unnamed_rows_are_zero():
    merged = tf.dynamic_stitch([[0, 3], [3, 1]], [[1.0, 2.0], [3.0, 4.0]])
    assert merged.shape.as_list() == [4]
    np.testing.assert_array_equal(run(merged), [1.0, 4.0, 0.0, 3.0])


def test_dynamic_stitch_error_names_position_within_its_input():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[2\] is out of range"):
        run(tf.dynamic_stitch([[0, 1, 2], [1, 2, -3]], [[1.0, 2.0, 3.0], [3.0, 4.0, 5.0]]))


def test_dynamic_stitch_graph_def_round_trip_with_two_list_inputs():
    tf.dynamic_stitch([[0, 2], [1]], [[1.0, 2.0], [3.0]], name="st")
    node = next(n for n in tf.get_default_graph().as_graph_def().node if n.name == "st")
    assert node.attr["N"].i == 2 and node.attr["T"].type == tf.float32.as_datatype_enum
    graph_def = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default():
        (out,) = tf.import_graph_def(graph_def, return_elements=["st:0"], name="")
        np.testing.assert_array_equal(run(out), [1.0, 3.0, 2.0])


def test_dynamic_partition_scalar_partitions_and_single_output():
    parts = tf.dynamic_partition(5.0, 2, 3)
    assert [p.shape.as_list() for p in parts] == [[None]] * 3
    assert [v.tolist() for v in run(parts)] == [[], [], [5.0]]
    (only,) = tf.dynamic_partition([[1, 2], [3, 4]], [0, 0], 1)
    np.testing.assert_array_equal(run(only), [[1, 2], [3, 4]])


def test_ensure_shape_unknown_shape_fails_like_tf():
    with pytest.raises(ValueError, match="Shape must be rank -1 but is rank 2"):
        tf.ensure_shape(tf.ones([3, 4]), None)


def test_triangular_solve_zero_on_diagonal_gives_inf_and_nan_not_an_error():
    out = run(tf.linalg.triangular_solve(tf.constant([[2.0, 0.0], [1.0, 0.0]]), tf.constant([[1.0], [2.0]])))
    assert out[0, 0] == 0.5 and np.isinf(out[1, 0])


def test_triangular_solve_broadcasts_batch_dims():
    t = tf.linalg.triangular_solve(tf.ones([2, 1, 3, 3]), tf.ones([5, 3, 4]))
    assert t.shape.as_list() == [2, 5, 3, 4]


def test_lstsq_with_unknown_shape_chooses_its_branch_at_run_time():
    m = tf.placeholder(tf.float64, [None, None])
    x = tf.linalg.lstsq(m, tf.constant([[1.0], [2.0]], tf.float64))
    np.testing.assert_allclose(run(x, {m: [[1.0, 2.0], [3.0, 5.0]]}), [[-1.0], [1.0]], atol=1e-9)
    np.testing.assert_allclose(run(x, {m: [[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]]}), [[1.0], [1.0], [0.0]], atol=1e-9)


def test_eye_with_tensor_size_and_non_square_uses_set_diag():
    n = tf.placeholder(tf.int32, [])
    np.testing.assert_array_equal(run(tf.eye(n), {n: 2}), np.eye(2))
    rect = tf.eye(2, 3, batch_shape=[2], dtype=tf.int32)
    assert rect.op.type == "MatrixSetDiagV3" and rect.shape.as_list() == [2, 2, 3]
    np.testing.assert_array_equal(run(rect), np.broadcast_to(np.eye(2, 3), (2, 2, 3)))


def test_histogram_fixed_width_clamps_outliers_into_the_end_bins():
    counts = tf.histogram_fixed_width([-1.0, 0.0, 1.5, 2.0, 5.0, 15.0, 4.999, 0.1], [0.0, 5.0], nbins=5)
    np.testing.assert_array_equal(run(counts), [3, 1, 1, 0, 3])


def test_candidate_sampler_streams_advance_per_run_and_restart_per_session():
    labels = tf.constant([[1, 7], [2, 3], [40, 0]], tf.int64)
    sampled = tf.nn.log_uniform_candidate_sampler(labels, 2, 8, True, 50, seed=3).sampled_candidates
    with tf.Session() as sess:
        first, second = sess.run(sampled).tolist(), sess.run(sampled).tolist()
    assert first == [0, 23, 13, 3, 18, 24, 1, 4]  # TF 2.21
    assert second == [12, 0, 1, 24, 35, 2, 46, 19]
    assert run(sampled).tolist() == first


def test_uniform_candidate_sampler_values_from_tf():
    labels = tf.constant([[1, 7], [2, 3], [40, 0]], tf.int64)
    sampled, true_count, sampled_count = tf.nn.uniform_candidate_sampler(labels, 2, 8, True, 50, seed=5)
    values, trues, counts = run([sampled, true_count, sampled_count])
    assert values.tolist() == [35, 8, 16, 11, 0, 45, 44, 17]  # TF 2.21
    np.testing.assert_array_equal(trues, np.full((3, 2), np.float32(0.16)))
    assert counts.dtype == np.float32


def test_expected_count_uses_float32_log1p_and_expm1():
    p = np.array([0.25, 0.01], np.float32)
    assert range_sampler.expected_count(p, 4, 4).tolist() == [1.0, np.float32(0.04)]
    tried = range_sampler.expected_count(p, 4, 9)
    np.testing.assert_allclose(tried, -np.expm1(9 * np.log1p(-p.astype(np.float64))), rtol=1e-6)
    assert tried.dtype == np.float32


def test_compute_accidental_hits_uses_last_position_of_a_repeated_candidate():
    hits = tf.nn.compute_accidental_hits(tf.constant([[1, 5], [2, 3]], tf.int64),
                                         tf.constant([5, 0, 2, 5], tf.int64), 2)
    indices, ids, weights = run(list(hits))
    assert indices.tolist() == [0, 1] and ids.tolist() == [3, 2]
    assert weights.tolist() == [-np.finfo(np.float32).max] * 2


def test_space_to_batch_round_trip_and_required_paddings():
    x = np.arange(2 * 4 * 6 * 3, dtype=np.float32).reshape(2, 4, 6, 3)
    y = tf.space_to_batch_nd(x, [2, 3], [[0, 0], [1, 2]])
    assert y.shape.as_list() == [12, 2, 3, 3]
    np.testing.assert_array_equal(run(tf.batch_to_space_nd(y, [2, 3], [[0, 0], [1, 2]])), x)
    paddings, crops = tf.required_space_to_batch_paddings([5, 7], [2, 3], base_paddings=[[1, 1], [0, 2]])
    assert run(paddings).tolist() == [[1, 2], [0, 2]] and run(crops).tolist() == [[0, 1], [0, 0]]


def test_atrous_conv2d_matches_a_dilated_filter():
    img = np.random.RandomState(0).normal(size=(1, 7, 8, 2)).astype(np.float32)
    filt = np.random.RandomState(1).normal(size=(2, 2, 2, 3)).astype(np.float32)
    dilated = np.zeros((3, 3, 2, 3), np.float32)
    dilated[::2, ::2] = filt
    atrous = tf.nn.atrous_conv2d(img, filt, 2, "VALID")
    assert atrous.op.type == "BatchToSpaceND" and atrous.shape.as_list() == [1, 5, 6, 3]
    np.testing.assert_allclose(run(atrous), run(tf.nn.conv2d(img, dilated, [1, 1, 1, 1], "VALID")), rtol=1e-5)


def test_assert_and_print_c_escape_strings():
    x = tf.constant(['a"b\nc'])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r'assertion failed: \[a\\"b\\nc\]'):
        run(tf.Assert(False, [x]))
