"""Small variables travel packed (runtime/backends/xla_pack.py): a compiled plan that writes many small
variables passes them in and gets them back as one flat buffer per dtype. The values must be those of
the NumPy backend whatever else writes those variables between runs (a NumPy run, another plan, an
initializer, a reshaping assign), under threads too."""

from __future__ import annotations

import threading

import numpy as np

import sessionflow as tf
from sessionflow.runtime.backends import xla_pack, xla_select


def _stack(layers=6, width=8):
    """A small dense stack trained with Adam: 4 variables a layer (weights, bias and their slots x2) + 2."""
    rng = np.random.RandomState(0)
    x = tf.placeholder(tf.float32, [None, width])
    y = tf.placeholder(tf.int64, [None])
    h = x
    for i in range(layers):
        w = tf.Variable(rng.randn(width, width).astype(np.float32) * width ** -0.5, name=f"w{i}")
        b = tf.Variable(np.zeros(width, np.float32), name=f"b{i}")
        h = tf.nn.relu(tf.matmul(h, w) + b)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    feed = {x: rng.rand(16, width).astype(np.float32), y: rng.randint(0, width, 16)}
    return loss, train, feed


def _train(backend, between=None, steps=5):
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    loss, train, feed = _stack()
    extra = between() if between else None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = []
        for step in range(steps):
            losses.append(sess.run([loss, train], feed)[0])
            if extra is not None and step == 2:
                extra(sess)
        final = sess.run(tf.trainable_variables())
        train_plan = sess._executable((loss, train), feed) if backend == "xla" else None
        packs = getattr(train_plan, "_packs", None)
    return losses, final, packs


def test_a_plan_writing_many_small_variables_runs_packed_with_numpys_values():
    want, want_final, _ = _train("numpy")
    got, got_final, packs = _train("xla")
    assert packs and sum(len(p.keys) for p in packs) == 38  # 12 variables, their 24 Adam slots, 2 beta powers
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=1e-6)
    for a, b in zip(got_final, want_final):
        np.testing.assert_allclose(a, b, rtol=2e-5, atol=1e-6)



def test_a_write_by_another_plan_between_compiled_runs_is_seen():
    def between():
        w0 = [v for v in tf.global_variables() if v.op.name == "w3"][0]
        reset = w0.assign(tf.zeros_like(w0))
        bump = tf.assign_add(tf.global_variables()[1], tf.ones([8]))
        return lambda sess: sess.run([reset, bump])

    want, want_final, _ = _train("numpy", between)
    got, got_final, packs = _train("xla", between)
    assert packs
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=1e-6)
    for a, b in zip(got_final, want_final):
        np.testing.assert_allclose(a, b, rtol=2e-5, atol=1e-6)


def test_a_variable_reshaped_elsewhere_leaves_the_pack_and_keeps_its_value():
    xla_select.set_backend("xla")
    tf.reset_default_graph()
    vs = [tf.Variable(np.full(3, float(i), np.float32), validate_shape=False, name=f"v{i}") for i in range(5)]
    bump = tf.group(*[v.assign_add(tf.ones_like(v)) for v in vs])
    grow = tf.assign(vs[0], tf.zeros([5]), validate_shape=False)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(bump)
        assert sess._executable((bump,), {})._packs
        sess.run(grow)
        sess.run(bump)
        sess.run(bump)
        values = sess.run(vs)
    np.testing.assert_array_equal(values[0], np.full(5, 2.0, np.float32))
    for i in range(1, 5):
        np.testing.assert_array_equal(values[i], np.full(3, i + 3.0, np.float32))


def test_packed_updates_from_threads_are_atomic():
    xla_select.set_backend("xla")
    tf.reset_default_graph()
    vs = [tf.Variable(np.zeros(4, np.float32)) for _ in range(6)]
    bump = tf.group(*[v.assign_add(tf.ones([4])) for v in vs])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(bump)

        def work():
            for _ in range(100):
                sess.run(bump)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sess._executable((bump,), {})._packs
        for value in sess.run(vs):
            np.testing.assert_array_equal(value, np.full(4, 401.0, np.float32))


def test_large_variables_stay_loose():
    store = {"big": np.zeros(xla_pack.PACK_MAX + 1, np.float32)}
    store.update({f"s{i}": np.zeros(3, np.float32) for i in range(xla_pack.PACK_MIN)})
    store["i"] = np.zeros(2, np.int64)  # alone in its dtype: loose
    layouts = xla_pack.layouts(store, sorted(store), sorted(store))
    assert [sorted(layout.keys) for layout in layouts] == [[f"s{i}" for i in range(xla_pack.PACK_MIN)]]


def _train_and_evaluate(backend):
    """Training steps, each followed by an evaluation plan that only reads the small variables."""
    xla_select.set_backend(backend)
    tf.reset_default_graph()
    loss, train, feed = _stack()
    total = tf.add_n([tf.reduce_sum(v) for v in tf.trainable_variables()])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        totals = []
        for _ in range(4):
            sess.run(train, feed)
            totals.append(sess.run(total))
        packs = sess._executable((total,), {})._packs if backend == "xla" else None
    return totals, packs


def test_a_plan_that_only_reads_small_variables_sees_each_training_steps_values():
    want, _ = _train_and_evaluate("numpy")
    got, packs = _train_and_evaluate("xla")
    assert packs and not any(layout.written for layout in packs)  # read-only buffers, rebuilt when rewritten
    assert len(set(got)) == 4
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=1e-5)


def test_layouts_go_with_the_plans_that_use_them():
    import gc

    values = {f"s{i}": np.zeros(3, np.float32) for i in range(xla_pack.PACK_MIN)}
    layouts = xla_pack.layouts(values, sorted(values), ())
    name = layouts[0].name
    assert xla_pack.layout(name) is layouts[0] and not layouts[0].written
    del layouts
    gc.collect()
    assert name not in xla_pack._LAYOUTS
