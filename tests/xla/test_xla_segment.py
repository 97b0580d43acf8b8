"""Segment reductions, sparse segment reductions, scatter updates and row reads of variables compile: their
index checks are deferred (a bad index reruns the plan on NumPy, which raises TF's error naming the op), and
an output size that depends on index values (sorted Segment* without constant ids, SparseSegment*GradV2) keeps
the plan on NumPy with that reason. The NumPy kernels are checked against TF in tests/ops and conformance/."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime.backends import xla_select
from xla_compare import assert_same_runs

DATA = np.array([[1.5, -2.0], [0.25, 4.0], [3.0, 1.0], [-1.0, 2.5], [0.0, -0.5]], np.float32)


def _run(backend, build, feeds_list):
    """Runs `build()` -> (fetches, placeholders) once per feed tuple; returns (results or error texts, the
    plan's backend, its reason)."""
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    fetches, holders = build()
    results = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for values in feeds_list:
            feed = dict(zip(holders, values))
            try:
                results.append(sess.run(fetches, feed))
            except tf.errors.InvalidArgumentError as e:
                results.append((type(e).__name__, e.message, e.op.name))
        executable = sess._executable(tuple(fetches), {h: None for h in holders})
    return results, getattr(executable, "backend", "numpy"), getattr(executable, "reason", None)


def _same(want, got, rtol=1e-6):
    assert_same_runs(want, got, rtol=rtol, atol=1e-7)


def _compare(build, feeds_list, compiled=True):
    want, _, _ = _run("numpy", build, feeds_list)
    got, backend, reason = _run("xla", build, feeds_list)
    _same(want, got)
    if compiled:
        assert backend == "xla", reason
    return want, reason


UNSORTED = [tf.unsorted_segment_sum, tf.unsorted_segment_max, tf.unsorted_segment_min, tf.unsorted_segment_prod,
            tf.unsorted_segment_mean]


@pytest.mark.parametrize("fn", UNSORTED, ids=lambda f: f.__name__)
def test_unsorted_segment_ops_and_their_gradients_compile(fn):
    def build():
        data = tf.placeholder(tf.float32, [None, 2])
        ids = tf.placeholder(tf.int32, [None])
        out = fn(data, ids, 4)
        return [out, tf.gradients(tf.reduce_sum(out * out), data)[0]], (data, ids)

    want, _ = _compare(build, [(DATA, [2, 0, -1, 2, 0]), (DATA, [1, 1, 1, 1, 3]), (DATA, [0, 4, 1, 1, 1]),
                               (DATA, [3, 3, -2, 0, 0])])
    assert want[2] == ("InvalidArgumentError", "segment_ids[1] = 4 is out of range [0, 4)", want[2][2])


@pytest.mark.parametrize("fn", [tf.segment_sum, tf.segment_mean, tf.segment_max, tf.segment_min, tf.segment_prod],
                         ids=lambda f: f.__name__)
def test_sorted_segment_ops_compile_when_their_ids_are_constant(fn):
    def build():
        data = tf.placeholder(tf.float32, [None, 2])
        out = fn(data, tf.constant([0, 0, 2, 2, 3]))
        return [out, tf.gradients(tf.reduce_sum(out * out), data)[0]], (data,)

    _compare(build, [(DATA,), (DATA * 2,)])


def test_sorted_segment_ids_fed_keep_the_plan_on_numpy_with_the_reason():
    def build():
        data = tf.placeholder(tf.float32, [None, 2])
        ids = tf.placeholder(tf.int32, [None])
        return [tf.segment_sum(data, ids)], (data, ids)

    want, reason = _compare(build, [(DATA, [0, 0, 1, 3, 3]), (DATA, [0, 2, 1, 1, 1])], compiled=False)
    assert "output size depends on the values of segment_ids" in reason
    assert want[1][1] == "segment ids are not increasing"


@pytest.mark.parametrize("fn", [tf.sparse.segment_sum, tf.sparse.segment_mean, tf.sparse.segment_sqrt_n],
                         ids=lambda f: f.__name__)
def test_sparse_segment_ops_with_num_segments_compile_and_check_their_indices(fn):
    def build():
        data = tf.placeholder(tf.float32, [None, 2])
        indices = tf.placeholder(tf.int32, [None])
        ids = tf.placeholder(tf.int32, [None])
        out = fn(data, indices, ids, num_segments=5)
        return [out, tf.gradients(tf.reduce_sum(out * out), data)[0]], (data, indices, ids)

    want, _ = _compare(build, [(DATA, [0, 2, 2, 4, 1], [0, 0, 1, 3, 3]), (DATA, [0, 5, 2], [0, 1, 1]),
                               (DATA, [0, 1, 2], [1, 0, 2]), (DATA, [0, 1], [0, 5]), (DATA, [], [])])
    assert [w[1] for w in want[1:4]] == ["Bad: indices[1] == 5 out of range [0, 5)", "segment ids are not increasing",
                                         "segment ids must be < num_segments"]


def test_sparse_segment_rows_from_constant_ids_compile_and_a_sparse_gradient_stays_on_numpy():
    def build(sparse_gradient):
        def fn():
            data = tf.placeholder(tf.float32, [None, 2])
            indices = tf.placeholder(tf.int32, [None])
            out = tf.sparse.segment_mean(data, indices, tf.constant([0, 1, 1, 3]), sparse_gradient=sparse_gradient)
            grad = tf.convert_to_tensor(tf.gradients(tf.reduce_sum(out * out), data)[0])
            return [out, grad], (data, indices)
        return fn

    _compare(build(False), [(DATA, [4, 0, 3, 3])])
    _, reason = _compare(build(True), [(DATA, [4, 0, 3, 3])], compiled=False)
    assert "op SparseSegmentMeanGradV2" in reason and "depends on the values of indices" in reason


def _embedding_model(resource, optimizer):
    def build():
        if resource:
            tf.enable_resource_variables()
        ids = tf.placeholder(tf.int32, [None])
        y = tf.placeholder(tf.float32, [None])
        rng = np.random.RandomState(0)
        table = tf.Variable(rng.randn(10, 4).astype(np.float32))
        w = tf.Variable(rng.randn(4, 3).astype(np.float32))
        hidden = tf.nn.relu(tf.matmul(tf.nn.embedding_lookup(table, ids), w))
        loss = tf.reduce_mean(tf.square(tf.reduce_sum(hidden, axis=1) - y))
        train = optimizer().minimize(loss)
        tf.disable_resource_variables()
        return [loss, train, table.value(), w.value()], (ids, y)
    return build


@pytest.mark.parametrize("resource", [False, True])
def test_an_embedding_training_step_compiles_and_matches_numpy(resource):
    """tf.nn.embedding_lookup (Gather / ResourceGather) and its IndexedSlices gradient applied by
    GradientDescent (ScatterSub / ResourceScatterSub); an id out of range raises TF's error and updates
    nothing."""
    feeds = [([1, 3, 1, 7], [0.5, 1.0, 2.0, -1.0])] * 3 + [([1, 10], [0.0, 0.0])] + [([9, 0, 0], [1.0, 2.0, 3.0])]
    want, _ = _compare(_embedding_model(resource, lambda: tf.train.GradientDescentOptimizer(0.1)), feeds)
    assert want[3][1] == "indices[1] = 10 is not in [0, 10)"


def test_scatter_updates_of_reference_variables_compile():
    def build():
        v = tf.Variable(np.arange(12, dtype=np.float32).reshape(6, 2))
        idx = tf.placeholder(tf.int32, [None])
        upd = tf.placeholder(tf.float32, [None, 2])
        ops = [tf.scatter_add(v, idx, upd), tf.scatter_sub(v, idx, upd), tf.scatter_update(v, idx, upd),
               tf.scatter_mul(v, idx, upd), tf.scatter_max(v, idx, upd), tf.scatter_min(v, idx, upd),
               tf.scatter_div(v, idx, upd)]
        outs = []
        for op_ in ops:
            with tf.control_dependencies(outs[-1:]):
                outs.append(tf.identity(op_))
        return outs, (idx, upd)

    upd = np.array([[2.0, 0.5], [4.0, -1.0], [0.5, 3.0]], np.float32)
    _compare(build, [([5, 0, 2], upd), ([1, 1, 4], upd), ([0, 6, 1], upd)])
