"""A while loop's gradient reads the values each forward iteration saved; no op of the body runs again.

Each loop below is run alone and then together with its gradients, counting every op execution
(sub-graph steps included): with gradients, each op of the forward body runs exactly as often as
without (once per iteration). The gradients themselves are checked against the same computation
unrolled in Python (float64), whose gradient involves no loop at all.
"""

from __future__ import annotations

import collections

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime import observe


class _Counter(observe.RunObserver):
    def __init__(self):
        self.executed = collections.Counter()

    def end_step(self, op, start_ns, end_ns, outputs):
        self.executed[op] += 1


def _counted(sess, fetches, feeds=None):
    counter = _Counter()
    observe.add_observer(counter)
    try:
        values = sess.run(fetches, feeds)
    finally:
        observe.remove_observer(counter)
    return values, counter.executed


def _while_ops(graph):
    return [op for op in graph.get_operations() if op.type == "While"]


def _rnn(x, w, h0, unroll):
    """h <- tanh([x_t, h] w) * sigmoid(h) over the rows of x; the sum of every h."""
    def step(x_t, h):
        return tf.tanh(tf.matmul(tf.concat([x_t, h], 1), w)) * tf.sigmoid(h)

    if unroll:
        h, total = h0, 0.0
        for t in range(x.shape[0].value):
            h = step(x[t], h)
            total += tf.reduce_sum(h)
        return total
    def body(t, h, s):
        h = step(x[t], h)
        return t + 1, h, s + tf.reduce_sum(h)

    n = x.shape[0].value
    return tf.while_loop(lambda t, h, s: t < n, body, [0, h0, tf.constant(0.0, tf.float64)])[2]


def _nested(x, w, h0, unroll):
    """An inner loop of 2 steps inside each outer step."""
    def inner(h):
        if unroll:
            for _ in range(2):
                h = tf.tanh(tf.matmul(h, w[2:]))
            return h
        return tf.while_loop(lambda j, g: j < 2, lambda j, g: (j + 1, tf.tanh(tf.matmul(g, w[2:]))), [0, h])[1]

    if unroll:
        h = h0
        for t in range(x.shape[0].value):
            h = inner(h * tf.reduce_sum(x[t]))
        return tf.reduce_sum(h)
    n = x.shape[0].value
    return tf.reduce_sum(tf.while_loop(lambda t, h: t < n, lambda t, h: (t + 1, inner(h * tf.reduce_sum(x[t]))),
                                       [0, h0])[1])


def _cond_inside(x, w, h0, unroll):
    """Each step is a cond on the sign of the step's input."""
    def step(x_t, h):
        return tf.cond(tf.reduce_sum(x_t) > 0, lambda: tf.sin(tf.matmul(h, w[2:]) + x_t),
                       lambda: h * tf.cos(h) - x_t)

    if unroll:
        h = h0
        for t in range(x.shape[0].value):
            h = step(x[t], h)
        return tf.reduce_sum(h)
    n = x.shape[0].value
    return tf.reduce_sum(tf.while_loop(lambda t, h: t < n, lambda t, h: (t + 1, step(x[t], h)), [0, h0])[1])


def _scan(x, w, h0, unroll):
    def step(h, x_t):
        return tf.tanh(tf.matmul(tf.concat([x_t, h], 1), w))

    if unroll:
        h, total = h0, 0.0
        for t in range(x.shape[0].value):
            h = step(h, x[t])
            total += tf.reduce_sum(h * h)
        return total
    return tf.reduce_sum(tf.square(tf.scan(step, x, initializer=h0)))


MODELS = [_rnn, _nested, _cond_inside, _scan]


def _model(build, unroll):
    rng = np.random.RandomState(5)
    x = tf.constant(rng.uniform(-1, 1, (4, 3, 2)))
    w = tf.constant(rng.uniform(-0.8, 0.8, (4, 2)))
    h0 = tf.constant(rng.uniform(-1, 1, (3, 2)))
    y = build(x, w, h0, unroll)
    return y, tf.gradients(y, [x, w, h0])


@pytest.mark.parametrize("build", MODELS, ids=[m.__name__.strip("_") for m in MODELS])
def test_gradients_equal_the_unrolled_loop(build):
    with tf.Graph().as_default():
        loop = _model(build, unroll=False)
        unrolled = _model(build, unroll=True)
        with tf.Session() as sess:
            (y, grads), (y_ref, grads_ref) = sess.run([loop, unrolled])
    np.testing.assert_allclose(y, y_ref, rtol=1e-12)
    for g, ref in zip(grads, grads_ref):
        np.testing.assert_allclose(g, ref, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("build", MODELS, ids=[m.__name__.strip("_") for m in MODELS])
def test_the_gradient_runs_no_op_of_the_body_again(build):
    with tf.Graph().as_default() as graph:
        y, grads = _model(build, unroll=False)
        with tf.Session() as sess:
            _, alone = _counted(sess, y)
            _, together = _counted(sess, [y, grads])
        loops = _while_ops(graph)
        body_ops = {op for loop in loops for op in loop.get_attr("body").ops}
    assert body_ops
    for op in body_ops:
        assert together[op] == alone[op], op.name
    assert all(together[loop] == alone[loop] for loop in loops)


def test_the_values_saved_are_those_the_gradient_reads():
    """h' = tanh(h w): MatMul's gradient reads h (the loop state, fed) and w (an input of the loop, fed),
    Tanh's reads its own output: the one value each iteration saves. Nothing is saved without a gradient."""
    with tf.Graph().as_default():
        w = tf.constant([[0.5, -0.2], [0.1, 0.9]])
        h0 = tf.constant([[1.0, 2.0]])
        h = tf.while_loop(lambda i, h: i < 3, lambda i, h: (i + 1, tf.tanh(tf.matmul(h, w) + 1.0)), [0, h0])[1]
        body = h.op.get_attr("body")
        assert body.saved == []
        tf.gradients(h, [h0, w])
        assert [t.op.type for t in body.saved] == ["Tanh"]
        tf.gradients(h * 2.0, [h0])  # a second gradient of the same loop saves nothing new
        assert [t.op.type for t in body.saved] == ["Tanh"]


def test_dynamic_rnn_lstm_gradient_runs_each_product_once():
    """A 2-layer LSTM over 6 steps: the 2 forward products per step run 12 times with or without the
    gradient (4 more per step for the gradient: d inputs and d kernel of each)."""
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.constant(np.random.RandomState(0).uniform(-1, 1, (3, 6, 4)).astype(np.float32))
        cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(5) for _ in range(2)])
        outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        loss = tf.reduce_sum(outputs * outputs)
        grads = tf.gradients(loss, [x] + tf.trainable_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            _, alone = _counted(sess, loss)
            _, together = _counted(sess, [loss, grads])

    def products(counts):
        return sum(n for op, n in counts.items() if op.type == "MatMul")

    assert products(alone) == 12
    assert products(together) == 12 + 24


# --- gradients of gathered rows ----------------------------------------------------------------------


def _embedding_loop(table, ids, unroll):
    """Each step gathers rows of an outer table (repeated within a step and across steps)."""
    def step(t, h):
        return tf.tanh(h + tf.reduce_sum(tf.gather(table, ids[t]), 0))

    h = tf.zeros([table.shape[1].value], tf.float64)
    if unroll:
        for t in range(ids.shape[0].value):
            h = step(t, h)
        return tf.reduce_sum(h)
    n = ids.shape[0].value
    return tf.reduce_sum(tf.while_loop(lambda t, h: t < n, lambda t, h: (t + 1, step(t, h)), [0, h])[1])


@pytest.mark.parametrize("use_resource", [False, True], ids=["tensor", "resource"])
def test_gathered_rows_add_up_as_the_dense_gradient(use_resource):
    ids = np.array([[0, 3, 0], [2, 2, 2], [3, 1, 0], [4, 4, 1]], np.int32)
    with tf.Graph().as_default():
        init = np.random.RandomState(2).uniform(-1, 1, (6, 3))
        if use_resource:
            table = tf.get_variable("table", initializer=tf.constant(init), use_resource=True)
        else:
            table = tf.constant(init)
        ids_t = tf.constant(ids)
        (grad,) = tf.gradients(_embedding_loop(table, ids_t, False), [table])
        (ref,) = tf.gradients(_embedding_loop(table, ids_t, True), [table])
        loop_grad = [op for op in tf.get_default_graph().get_operations() if op.type == "WhileGrad"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            grad, ref = sess.run([tf.convert_to_tensor(grad), tf.convert_to_tensor(ref)])
    assert [op.get_attr("sparse_outer") for op in loop_grad] == [(0,)]
    np.testing.assert_allclose(grad, ref, rtol=1e-12)
    assert not grad[5].any()  # a row no step gathered


def test_a_loop_that_never_runs_gives_zero_row_gradients():
    with tf.Graph().as_default():
        table = tf.constant(np.ones((3, 2)))
        n = tf.placeholder(tf.int32, [])
        h = tf.while_loop(lambda t, h: t < n, lambda t, h: (t + 1, h * tf.gather(table, t)),
                          [0, tf.ones([2], tf.float64)])[1]
        (grad,) = tf.gradients(h, table)
        with tf.Session() as sess:
            assert sess.run(grad, {n: 0}).tolist() == [[0.0, 0.0]] * 3
            assert sess.run(grad, {n: 2}).tolist() == [[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]]


@pytest.mark.parametrize("with_lengths", [False, True], ids=["full", "lengths"])
def test_dynamic_rnn_input_gradient_equals_static_rnn(with_lengths):
    """dynamic_rnn reads step t's inputs as rows (their gradient goes into row t of one array) and
    gives the gradients static_rnn's unrolled graph gives."""
    x_value = np.random.RandomState(4).uniform(-1, 1, (3, 5, 4))
    lengths = [5, 2, 4] if with_lengths else None
    results = []
    for dynamic in (True, False):
        with tf.Graph().as_default() as graph:
            tf.set_random_seed(3)
            x = tf.constant(x_value)
            cell = tf.nn.rnn_cell.LSTMCell(6)
            if dynamic:
                outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float64)
            else:
                outs, state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), sequence_length=lengths, dtype=tf.float64)
                outputs = tf.stack(outs, 1)
            loss = tf.reduce_sum(tf.sin(outputs)) + tf.reduce_sum(state.c * state.h)
            grads = tf.gradients(loss, [x] + tf.trainable_variables())
            if dynamic:
                loop_grad = [op for op in graph.get_operations() if op.type == "WhileGrad"]
                assert [len(op.get_attr("sparse_outer")) for op in loop_grad] == [1]  # x, not the weights
                assert not {op.type for op in loop_grad[0].get_attr("body_grad").ops} & {
                    "StridedSliceGrad", "UnsortedSegmentSum"}
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                results.append(sess.run(grads))
    for g, ref in zip(*results):
        np.testing.assert_allclose(g, ref, rtol=1e-10, atol=1e-13)


def test_map_fn_scan_and_folds_read_elements_as_rows():
    x_value = np.random.RandomState(6).uniform(-1, 1, (5, 3))
    with tf.Graph().as_default() as graph:
        x = tf.constant(x_value)
        w = tf.constant([0.5, -1.5, 2.0], tf.float64)
        ys = [tf.map_fn(lambda e: tf.sin(e) * w, x),
              tf.scan(lambda a, e: a + tf.sin(e) * w, x, initializer=tf.zeros([3], tf.float64)),
              tf.foldl(lambda a, e: a + tf.sin(e) * w, x, initializer=tf.zeros([3], tf.float64)),
              tf.foldr(lambda a, e: a + tf.sin(e) * w, x, initializer=tf.zeros([3], tf.float64))]
        weights = [1.0, 1.0 / 5, 1.0, 1.0]  # scan: d/dx sum(cumulative sums) = (5 - i) rows
        grads = [tf.gradients(tf.reduce_sum(y) * c, x)[0] for y, c in zip(ys, weights)]
        loop_grads = [op for op in graph.get_operations() if op.type == "WhileGrad"]
        with tf.Session() as sess:
            values = sess.run(grads)
    assert [len(op.get_attr("sparse_outer")) for op in loop_grads] == [1, 1, 1, 1]  # x; w is dense
    expected = np.cos(x_value) * [0.5, -1.5, 2.0]
    np.testing.assert_allclose(values[0], expected, rtol=1e-12)
    np.testing.assert_allclose(values[1], expected * np.arange(5, 0, -1)[:, None] / 5, rtol=1e-12)
    np.testing.assert_allclose(values[2], expected, rtol=1e-12)
    np.testing.assert_allclose(values[3], expected, rtol=1e-12)
