"""Sparse training steps with fed ids compile: Unique is traced padded to its input's length, and the
deduplication graph the optimizers build (UnsortedSegmentSum of the gradient rows, then SparseApply* or
Scatter* on the distinct ids) leaves the padding rows out, so the results are NumPy's (to a few ulps: XLA
orders its sums its own way). Any other reader of a Unique of fed values keeps the plan on NumPy."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime.backends import xla_select
from xla_compare import assert_same_runs

FEEDS = [([1, 3, 1, 7], [1.0, 2, 3, 4]), ([2, 2, 2], [0.5, 0.5, 1]), ([9, 0, 5, 9, 5, 0], [1, 1, 1, 2, 2, 2.0]),
         ([11, 1], [1, 1.0]), ([4], [3.0]), ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], np.arange(10.0))]
OPTIMIZERS = {
    "adam": lambda: tf.train.AdamOptimizer(0.1),
    "adagrad": lambda: tf.train.AdagradOptimizer(0.5),
    "momentum": lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
    "rmsprop": lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.5),
    "adadelta": lambda: tf.train.AdadeltaOptimizer(1.0),
}


def _run(backend, build, feeds):
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    tf.set_random_seed(3)
    fetches, holders = build()
    results = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for values in feeds:
            try:
                results.append(sess.run(fetches, dict(zip(holders, values))))
            except tf.errors.InvalidArgumentError as e:
                results.append((type(e).__name__, e.message, e.op.name))
        executable = sess._executable(tuple(fetches), {h: None for h in holders})
        results.append(sess.run(tf.global_variables()))  # the slots too
    return results, getattr(executable, "backend", "numpy"), getattr(executable, "reason", None)


def _same(want, got):
    assert_same_runs(want, got, rtol=1e-5)


def _embedding_step(optimizer, resource):
    def build():
        ids = tf.placeholder(tf.int32, [None])
        target = tf.placeholder(tf.float32, [None])
        emb = tf.get_variable("emb", [10, 4], use_resource=resource)
        w = tf.get_variable("w", [4, 1], use_resource=resource)
        h = tf.nn.embedding_lookup(emb, ids)
        loss = tf.reduce_mean(tf.square(tf.squeeze(tf.matmul(h, w), 1) - target))
        return [loss, optimizer().minimize(loss)], (ids, target)
    return build


@pytest.mark.parametrize("resource", [False, True], ids=["ref", "resource"])
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_an_embedding_trained_by_a_deduplicating_optimizer_compiles(name, resource):
    build = _embedding_step(OPTIMIZERS[name], resource)
    want, _, _ = _run("numpy", build, FEEDS)
    got, backend, reason = _run("xla", build, FEEDS)
    assert backend == "xla", reason
    _same(want, got)
    assert want[3][1].startswith("indices[0] = 11 is not in [0, 10)")  # the gather's error, after a compiled run


def test_unique_read_otherwise_stays_on_numpy_and_unique_of_constants_folds():
    def build():
        ids = tf.placeholder(tf.int32, [None])
        y, idx = tf.unique(ids)
        folded, _ = tf.unique(tf.constant([4, 4, 2]))
        return [y, idx, tf.shape(y)[0], folded], (ids,)

    feeds = [([3, 1, 3, 2],), ([5, 5],)]
    want, _, _ = _run("numpy", build, feeds)
    got, backend, reason = _run("xla", build, feeds)
    _same(want, got)
    assert backend == "numpy" and reason.startswith("op Unique has no XLA kernel: the number of distinct values")

    def build_folded():
        ids = tf.placeholder(tf.int32, [None])
        y, idx = tf.unique(tf.constant([4, 4, 2, 9, 2]))
        return [y, tf.gather(tf.cast(y, tf.float32), idx) * tf.cast(tf.size(ids), tf.float32)], (ids,)

    want, _, _ = _run("numpy", build_folded, feeds)
    got, backend, reason = _run("xla", build_folded, feeds)
    assert backend == "xla", reason
    _same(want, got)


def test_a_bad_index_of_a_sparse_update_reruns_on_numpy_and_raises_tfs_error():
    def build():
        ids = tf.placeholder(tf.int32, [None])
        grad = tf.placeholder(tf.float32, [None, 2])
        var = tf.Variable(np.ones([4, 2], np.float32))
        accum = tf.Variable(np.full([4, 2], 0.1, np.float32))
        update = tf.raw_ops.SparseApplyAdagrad(var=var._variable, accum=accum._variable, lr=0.5, grad=grad,
                                               indices=ids)
        return [update], (ids, grad)

    g = np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)
    feeds = [([2, 0], g), ([1, 4], g), ([3, 1], g)]
    want, _, _ = _run("numpy", build, feeds)
    got, backend, reason = _run("xla", build, feeds)
    assert backend == "xla", reason
    _same(want, got)
    assert want[1][1] == "Index 4 at offset 1 in indices is out of range"


def test_a_cond_with_a_scatter_between_the_unique_and_its_update_keeps_the_count():
    """A cond branch traced between a Unique and the sparse update reading it has its own record of padded
    rows; the update after it still finds the Unique's count (it used to take the padding rows as real)."""
    def build():
        ids = tf.placeholder(tf.int32, [None])
        rows = tf.placeholder(tf.float32, [None, 2])
        v = tf.Variable(np.zeros([5, 2], np.float32))
        acc = tf.Variable(np.full([5, 2], 0.1, np.float32))
        hits = tf.Variable(np.zeros([3], np.float32))
        y, idx = tf.unique(ids)
        summed = tf.unsorted_segment_sum(rows, idx, tf.shape(y)[0])
        lr = tf.cond(tf.size(ids) > 0, lambda: tf.scatter_add(hits, [0], [1.0])[0] * 0 + 1.0,
                     lambda: tf.constant(0.5))
        update = tf.raw_ops.SparseApplyAdagrad(var=v._variable, accum=acc._variable, lr=lr, grad=summed, indices=y)
        return [update], [ids, rows]

    feeds = [([1, 3, 1], [[1, 1], [2, 2], [4, 4]])] * 3
    want, _, _ = _run("numpy", build, feeds)
    got, backend, reason = _run("xla", build, feeds)
    xla_select.set_backend(None)
    assert (backend, reason) == ("xla", None)
    _same(want, got)
