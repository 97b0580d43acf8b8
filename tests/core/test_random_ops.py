"""Stateful random ops and TF's seed rules.

All expected numbers were recorded from TF 2.21 (tf.compat.v1, graph mode, CPU kernels) with the
same snippet; sessionflow's Philox streams must reproduce them bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf


def _f32(values):
    return np.array(values, dtype=np.float32)


# --- seed resolution ----------------------------------------------------------------------------

def test_get_seed_rules():
    assert tf.get_seed(None) == (None, None)
    assert tf.get_seed(5) == (87654321, 5)          # op seed only: TF's default graph seed
    tf.set_random_seed(10)
    assert tf.get_seed(None) == (10, 0)             # graph seed only: a per-graph counter
    assert tf.get_seed(None) == (10, 1)
    assert tf.get_seed(5) == (10, 5)
    tf.set_random_seed(0)
    assert tf.get_seed(0) == (0, 2**31 - 1)         # (0, 0) is reserved for "no seed"
    assert tf.get_seed(2**40) == (0, 512)           # seeds are truncated mod 2**31 - 1
    assert tf.random.set_random_seed is tf.set_random_seed


def test_random_op_structure_and_seed_attrs():
    tf.set_random_seed(7)
    r = tf.random_normal([4], seed=3)
    u = tf.random_uniform([2])
    raw = r.op.inputs[0].op.inputs[0].op
    assert (r.op.name, r.op.type) == ("random_normal", "AddV2")
    assert (raw.name, raw.type) == ("random_normal/RandomStandardNormal", "RandomStandardNormal")
    assert (raw.get_attr("seed"), raw.get_attr("seed2")) == (7, 3)
    assert (u.op.name, u.op.type) == ("random_uniform/RandomUniform", "RandomUniform")
    assert (u.op.get_attr("seed"), u.op.get_attr("seed2")) == (7, 0)


def test_set_random_seed_is_per_graph():
    tf.set_random_seed(3)
    with tf.Graph().as_default():
        assert tf.get_default_graph().seed is None
        assert tf.get_seed(None) == (None, None)
    assert tf.get_default_graph().seed == 3


# --- stateful: new values on each run, same sequence in each new session ------------------------

# tf.random_normal([4], seed=3) without a graph seed: runs 1 and 2 of a session (recorded from TF 2.21)
OP_SEED_ONLY = [[1.0616620779037476, -0.8785783052444458, 0.11187215894460678, 0.18511717021465302],
                [-0.14377829432487488, 0.3876388669013977, -1.09727942943573, 1.2655746936798096]]

# tf.set_random_seed(7); tf.random_normal([4], seed=3): runs 1 and 2 (recorded from TF 2.21)
BOTH_SEEDS = [[0.9447038173675537, -0.9667906761169434, 0.8051716685295105, 1.3033159971237183],
              [-0.6449795961380005, -0.8553107976913452, -0.5749516487121582, 1.636805772781372]]


def test_random_normal_op_seed_only():
    r = tf.random_normal([4], seed=3)
    with tf.Session() as s:
        first, second = s.run(r), s.run(r)
    np.testing.assert_array_equal(first, _f32(OP_SEED_ONLY[0]))
    np.testing.assert_array_equal(second, _f32(OP_SEED_ONLY[1]))


def test_random_normal_graph_and_op_seed_two_runs_and_fresh_session():
    tf.set_random_seed(7)
    r = tf.random_normal([4], seed=3)
    with tf.Session() as s:
        first, second = s.run(r), s.run(r)
    with tf.Session() as s:
        again = s.run(r)
    np.testing.assert_array_equal(first, _f32(BOTH_SEEDS[0]))
    np.testing.assert_array_equal(second, _f32(BOTH_SEEDS[1]))
    np.testing.assert_array_equal(again, first)  # a new session restarts the stream


def test_op_seed_values_do_not_depend_on_other_ops():
    tf.set_random_seed(7)
    tf.get_variable("w", [3, 2])    # consumes graph-seed counter 0
    tf.random_uniform([10], seed=1)
    r = tf.random_normal([4], seed=3)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(r), _f32(BOTH_SEEDS[0]))


def test_graph_seed_only_counter():
    tf.set_random_seed(42)
    a = tf.random_normal([3])
    b = tf.random_normal([3])
    c = tf.random_uniform([2])
    with tf.Session() as s:
        va, vb, vc, va2 = s.run(a), s.run(b), s.run(c), s.run(a)
    # recorded from TF 2.21
    np.testing.assert_array_equal(va, _f32([-0.3010156750679016, 0.5185916423797607, -0.1569397747516632]))
    np.testing.assert_array_equal(vb, _f32([-1.49994695186615, -1.2420494556427002, 0.5228314399719238]))
    np.testing.assert_array_equal(vc, _f32([0.9878127574920654, 0.3620727062225342]))
    np.testing.assert_array_equal(va2, _f32([0.13741596043109894, 1.410805583000183, -0.8819805383682251]))


def test_graph_seed_reproducible_across_graphs():
    values = []
    for _ in range(2):
        with tf.Graph().as_default():
            tf.set_random_seed(42)
            a = tf.random_normal([3])
            with tf.Session() as s:
                values.append(s.run(a))
    np.testing.assert_array_equal(values[0], values[1])
    np.testing.assert_array_equal(values[0], _f32([-0.3010156750679016, 0.5185916423797607, -0.1569397747516632]))


def test_graph_seed_zero():
    tf.set_random_seed(0)
    r = tf.random_normal([3])
    with tf.Session() as s:
        # recorded from TF 2.21 (seeds (0, 0) become (0, 2**31 - 1))
        np.testing.assert_array_equal(s.run(r), _f32([0.12391895055770874, 2.798774003982544, -1.796172857284546]))


def test_unseeded_ops_differ_between_runs_and_sessions():
    r = tf.random_normal([8])
    with tf.Session() as s:
        a, b = s.run(r), s.run(r)
    with tf.Session() as s:
        c = s.run(r)
    assert not np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_seeded_uniform_truncated_int_under_graph_seed():
    tf.set_random_seed(7)
    u = tf.random_uniform([3], seed=5)
    t = tf.truncated_normal([3], seed=11)
    ri = tf.random_uniform([5], maxval=100, dtype=tf.int32, seed=2)
    with tf.Session() as s:
        u1, u2, tv, rv = s.run(u), s.run(u), s.run(t), s.run(ri)
    # recorded from TF 2.21
    np.testing.assert_array_equal(u1, _f32([0.8669310808181763, 0.0021675825119018555, 0.9194519519805908]))
    np.testing.assert_array_equal(u2, _f32([0.7997453212738037, 0.9907882213592529, 0.44618701934814453]))
    np.testing.assert_array_equal(tv, _f32([1.6056036949157715, -0.5360344648361206, -0.9164999127388]))
    assert ri.dtype is tf.int32 and rv.tolist() == [45, 41, 66, 49, 21]


def test_distribution_parameters():
    u = tf.random_uniform([3], minval=-2.0, maxval=5.0, seed=1)
    t = tf.truncated_normal([3], mean=1.0, stddev=0.1, seed=1)
    n = tf.random_normal([2, 2], mean=10.0, stddev=2.0, seed=1, dtype=tf.float64)
    assert (u.op.name, t.op.name, n.dtype) == ("random_uniform", "truncated_normal", tf.float64)
    with tf.Session() as s:
        # recorded from TF 2.21
        np.testing.assert_array_equal(s.run(u), _f32([-0.32673823833465576, 4.44279670715332, -1.646412968635559]))
        np.testing.assert_array_equal(s.run(t), _f32([0.9188681840896606, 1.1484599113464355, 1.006532907485962]))
        np.testing.assert_array_equal(s.run(n), np.array([[10.485655091970106, 9.29400356378007],
                                                          [8.326984417019997, 9.512861960573506]]))


def test_integer_uniform_requires_maxval():
    with pytest.raises(ValueError, match="maxval"):
        tf.random_uniform([2], dtype=tf.int32)


def test_random_shuffle():
    x = tf.random_shuffle(tf.range(6), seed=4)
    with tf.Session() as s:
        assert s.run(x).tolist() == [1, 5, 4, 3, 0, 2]  # recorded from TF 2.21
        assert s.run(x).tolist() == [3, 2, 5, 0, 1, 4]


def test_multinomial():
    m = tf.multinomial(tf.constant([[0.0, 1.0, 2.0]]), 5, seed=3)
    assert m.dtype is tf.int64
    with tf.Session() as s:
        assert s.run(m).tolist() == [[1, 2, 0, 2, 2]]  # recorded from TF 2.21


def test_random_shape_from_placeholder():
    p = tf.placeholder(tf.int32, [2])
    r = tf.random_uniform(p, seed=2)
    assert r.shape.as_list() == [None, None]
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(r, {p: [1, 2]}), _f32([[0.6787465810775757, 0.7141509056091309]]))


# --- random initial values: re-running the initializer is a fresh draw -------------------------

def test_random_variable_reinitialization_draws_again():
    tf.set_random_seed(3)
    v = tf.Variable(tf.random_normal([2]), name="rv")
    init = tf.global_variables_initializer()
    with tf.Session() as s:
        s.run(init)
        a = s.run(v)
        s.run(init)
        b = s.run(v)
        s.run(v.assign(tf.random_normal([2])))
        c = s.run(v)
        s.run(init)
        d = s.run(v)
    # recorded from TF 2.21
    np.testing.assert_array_equal(a, _f32([-1.864717960357666, 0.8026450276374817]))
    np.testing.assert_array_equal(b, _f32([-0.4122929871082306, -0.25173962116241455]))
    np.testing.assert_array_equal(c, _f32([-0.02353588119149208, -0.7080436944961548]))
    np.testing.assert_array_equal(d, _f32([-0.2644575238227844, -1.034296989440918]))


def test_glorot_variable_same_in_each_new_session():
    tf.set_random_seed(7)
    w = tf.get_variable("w", [3, 2])
    with tf.Session() as s:
        s.run(w.initializer)
        first = s.run(w)
        s.run(w.initializer)
        second = s.run(w)
    with tf.Session() as s:
        s.run(w.initializer)
        fresh = s.run(w)
    # recorded from TF 2.21: second initializer run of tf.get_variable('w', [3, 2]) under seed 7
    np.testing.assert_array_equal(second, _f32([[-0.7552886009216309, -0.2608725428581238],
                                                [0.666172981262207, 0.862528920173645],
                                                [0.14281725883483887, -0.39859873056411743]]))
    np.testing.assert_array_equal(fresh, first)
