"""Control flow on the XLA backend (runtime/backends/xla_control.py): plans with tf.cond, tf.while_loop,
map_fn/scan and dynamic_rnn, and their gradients, compile into one computation and give the NumPy
backend's values (itself checked against TF by the conformance and rnn tests); state written or drawn
inside a branch or body comes out as on NumPy; a loop that cannot compile stays on NumPy with its reason."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.runtime.backends import xla_select


def _run_both(build, feeds, fetch_after=None):
    """Runs the program `build()` (returns (fetches, placeholders)) on NumPy and on XLA: one
    `sess.run(fetches, feed)` per entry of `feeds` (a list of tuples, one value per placeholder),
    then `fetch_after` (variables) once. Returns (numpy results, xla results, xla executables)."""
    results, executables = {}, []
    for backend in ("numpy", "xla"):
        xla_select.set_backend(backend)
        tf.reset_default_graph()
        tf.set_random_seed(7)
        fetches, placeholders = build()
        out = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for values in feeds:
                out.append(sess.run(fetches, dict(zip(placeholders, values))))
            if fetch_after is not None:
                out.append(sess.run(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)))
            if backend == "xla":
                executables = list(sess._executables.values())
        results[backend] = out
    xla_select.set_backend(None)
    return results["numpy"], results["xla"], executables


def _assert_same(want, got, rtol=0.0, atol=0.0):
    if isinstance(want, (list, tuple)):
        assert isinstance(got, (list, tuple)) and len(want) == len(got)
        for a, b in zip(want, got):
            _assert_same(a, b, rtol, atol)
    elif want is None:
        assert got is None
    else:
        want, got = np.asarray(want), np.asarray(got)
        assert want.dtype == got.dtype and want.shape == got.shape
        if rtol or atol:
            np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
        else:
            np.testing.assert_array_equal(got, want)


def _compiled(executables):
    assert executables
    assert all(e.backend == "xla" for e in executables), [e.reason for e in executables]


def test_cond_forward_and_gradient_compile_and_match_numpy():
    def build():
        x = tf.placeholder(tf.float32, [3])
        p = tf.placeholder(tf.bool, [])
        y = tf.cond(p, lambda: tf.sin(x) * x, lambda: tf.exp(x) - 2.0 * x)
        return [y, tf.gradients(tf.reduce_sum(y * y), x)[0]], [x, p]

    xs = np.array([0.5, -1.0, 2.0], np.float32)
    want, got, executables = _run_both(build, [(xs, True), (xs, False), (xs * 2, True)])
    _compiled(executables)
    _assert_same(want, got, rtol=2e-6)
    assert not np.allclose(want[0][0], want[1][0])  # both branches ran


def test_dropout_training_step_with_is_training_cond():
    """THE common case: dropout under a tf.cond of an is_training placeholder, trained with Adam; the
    dropout masks are the same seeded draws, and evaluation steps (the other branch) draw nothing."""
    rng = np.random.RandomState(0)
    xs, ys = rng.rand(16, 8).astype(np.float32), rng.randint(0, 3, 16)

    def build():
        x = tf.placeholder(tf.float32, [None, 8])
        y = tf.placeholder(tf.int64, [None])
        training = tf.placeholder(tf.bool, [])
        keep_prob = tf.placeholder(tf.float32, [])
        h = tf.layers.dense(x, 12, activation=tf.nn.relu)
        h = tf.cond(training, lambda: tf.nn.dropout(h, keep_prob=keep_prob), lambda: h)
        logits = tf.layers.dense(h, 3)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        return [loss, train], [x, y, training, keep_prob]

    feeds = [(xs, ys, True, 0.5), (xs, ys, False, 1.0), (xs, ys, True, 0.5), (xs, ys, True, 0.7)]
    want, got, executables = _run_both(build, feeds, fetch_after=True)
    _compiled(executables)
    _assert_same(want, got, rtol=1e-5, atol=1e-6)
    assert want[0][0] != want[2][0]


def test_while_loop_counting_with_constant_and_fed_bounds():
    def build():
        n = tf.placeholder(tf.int32, [])
        counted = tf.while_loop(lambda i, a: i < 10, lambda i, a: (i + 1, a * 1.5 + 1.0),
                                [tf.constant(0), tf.constant(1.0)])
        fed = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a + tf.cast(i, tf.float32)),
                            [tf.constant(0), tf.constant(0.0)])
        capped = tf.while_loop(lambda i: i < n, lambda i: i + 2, [tf.constant(0)], maximum_iterations=3)
        return [counted, fed, capped], [n]

    want, got, executables = _run_both(build, [(0,), (5,), (17,)])
    _compiled(executables)
    _assert_same(want, got)
    assert [w[1][0] for w in want] == [0, 5, 17] and [w[2] for w in want] == [0, 6, 6]


def test_dynamic_rnn_training_step_compiles_and_matches_numpy():
    """dynamic_rnn's While has maximum_iterations (its time steps) and a gradient that reads every
    iteration's values: a lax.scan over the time steps, its gradient a reverse scan."""
    rng = np.random.RandomState(1)
    xs = rng.rand(4, 6, 3).astype(np.float32)

    def build():
        x = tf.placeholder(tf.float32, [4, 6, 3])
        outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(5), x, dtype=tf.float32)
        loss = tf.reduce_mean(tf.square(outputs)) + tf.reduce_mean(state)
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
        return [loss, train], [x]

    want, got, executables = _run_both(build, [(xs,)] * 3, fetch_after=True)
    _compiled(executables)
    _assert_same(want, got, rtol=1e-5, atol=1e-6)
    assert want[2][0] < want[0][0]


def test_loop_with_fed_stop_and_maximum_iterations_gradient():
    """A hand-written loop that stops at a fed bound: a lax.scan of maximum_iterations whose iterations
    after the stop change nothing, and whose gradient skips them."""
    def build():
        x = tf.placeholder(tf.float32, [2])
        n = tf.placeholder(tf.int32, [])
        w = tf.Variable([0.9, 1.1])
        _, y = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, tf.tanh(a * w + x)),
                             [tf.constant(0), tf.zeros([2])], maximum_iterations=8)
        return [y, tf.gradients(tf.reduce_sum(y), [x, w])], [x, n]

    xs = np.array([0.3, -0.2], np.float32)
    want, got, executables = _run_both(build, [(xs, 3), (xs, 8), (xs, 0), (xs * 3, 5)])
    _compiled(executables)
    _assert_same(want, got, rtol=1e-6, atol=1e-7)


def test_map_fn_and_scan_with_gradients():
    def build():
        x = tf.placeholder(tf.float32, [5, 3])
        v = tf.Variable(np.linspace(0.5, 1.5, 3).astype(np.float32))
        mapped = tf.map_fn(lambda row: tf.reduce_sum(tf.square(row * v)), x)
        scanned = tf.scan(lambda acc, row: acc * 0.5 + row, x)
        loss = tf.reduce_sum(mapped) + tf.reduce_sum(scanned * scanned)
        return [mapped, scanned, tf.gradients(loss, [x, v])], [x]

    xs = np.random.RandomState(2).rand(5, 3).astype(np.float32)
    want, got, executables = _run_both(build, [(xs,), (xs - 0.5,)])
    _compiled(executables)
    _assert_same(want, got, rtol=1e-6, atol=1e-7)


def test_cond_writes_a_variable_in_its_taken_branch_only():
    def build():
        p = tf.placeholder(tf.bool, [])
        v = tf.Variable(1.0)
        other = tf.Variable(10.0)
        r = tf.cond(p, lambda: tf.assign_add(v, 2.0), lambda: tf.assign(other, other * 3.0))
        return [r, v, other], [p]

    want, got, executables = _run_both(build, [(True,), (False,), (True,), (False,)], fetch_after=True)
    _compiled(executables)
    _assert_same(want, got)
    assert want[-1] == [5.0, 90.0]


def test_while_body_updates_a_variable_and_draws_random_numbers():
    def build():
        n = tf.placeholder(tf.int32, [])
        calls = tf.Variable(0)

        def body(i, a):
            with tf.control_dependencies([tf.assign_add(calls, 1)]):
                return i + 1, a + tf.random_uniform([2], seed=3)

        _, total = tf.while_loop(lambda i, a: i < n, body, [tf.constant(0), tf.zeros([2])])
        return [total, calls], [n]

    want, got, executables = _run_both(build, [(3,), (0,), (4,)])
    _compiled(executables)
    _assert_same(want, got)
    assert want[-1][1] == 7


def test_nested_cond_in_while_with_gradient():
    def build():
        x = tf.placeholder(tf.float32, [])

        def body(i, a):
            return i + 1, tf.cond(a > 10.0, lambda: a - 3.0, lambda: a * x + 1.0)

        _, y = tf.while_loop(lambda i, a: i < 7, body, [tf.constant(0), tf.constant(1.0)])
        return [y, tf.gradients(y, x)[0]], [x]

    want, got, executables = _run_both(build, [(1.5,), (3.0,), (0.5,)])
    _compiled(executables)
    _assert_same(want, got)


def test_a_failed_check_inside_a_branch_raises_tf_error():
    xla_select.set_backend("xla")
    x = tf.placeholder(tf.int32, [])
    p = tf.placeholder(tf.bool, [])
    params = tf.constant([1.0, 2.0, 3.0])
    y = tf.cond(p, lambda: tf.gather(params, x), lambda: tf.constant(0.0))
    with tf.Session() as sess:
        assert sess.run(y, {x: 1, p: True}) == 2.0
        assert sess.run(y, {x: 9, p: False}) == 0.0  # the branch with the bad index does not run
        with pytest.raises(tf.errors.InvalidArgumentError, match="indices"):
            sess.run(y, {x: 9, p: True})
        executable, = sess._executables.values()
        assert executable.backend == "xla"


def test_a_loop_whose_gradient_needs_every_iteration_without_a_maximum_stays_on_numpy():
    xla_select.set_backend("xla")
    x = tf.placeholder(tf.float32, [])
    n = tf.placeholder(tf.int32, [])
    _, y = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a * x), [tf.constant(0), tf.constant(1.0)])
    grad = tf.gradients(y, x)[0]
    with tf.Session() as sess:
        assert sess.run(y, {x: 2.0, n: 3}) == 8.0
        assert sess.run(grad, {x: 2.0, n: 3}) == 12.0
        by_fetch = {e.plan.fetch_slots: e for e in sess._executables.values()}
        backends = sorted((e.backend, e.reason) for e in by_fetch.values())
    assert backends[0] == ("numpy", "op While has no XLA kernel: its gradient saves per-iteration values and "
                                    "maximum_iterations is not set")
    assert backends[1] == ("xla", None)  # the forward loop alone needs no history: a lax.while_loop


def test_a_branch_holding_an_untraceable_op_keeps_the_plan_on_numpy_with_its_reason():
    xla_select.set_backend("xla")
    x = tf.placeholder(tf.float32, [])
    p = tf.placeholder(tf.bool, [])
    y = tf.cond(p, lambda: tf.py_func(lambda a: a * 2, [x], tf.float32), lambda: x + 1.0)
    with tf.Session() as sess:
        assert sess.run(y, {x: 3.0, p: True}) == 6.0
        assert sess.run(y, {x: 3.0, p: False}) == 4.0
        executable, = sess._executables.values()
    assert executable.backend == "numpy"
    assert executable.reason == "op If has no XLA kernel (its then branch: op PyFunc has no XLA kernel)"


def test_loop_inside_a_branch_and_nested_map_fn_with_gradients():
    """The inner loop's history is a value the branch (or outer body) saves for the gradient: it passes
    through lax.cond / lax.scan as the If's or While's record."""
    def build():
        x = tf.placeholder(tf.float32, [3])
        m = tf.placeholder(tf.float32, [2, 3])
        p = tf.placeholder(tf.bool, [])

        def looping():
            return tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, tf.sin(a) * x), [0, x])[1]

        y = tf.cond(p, looping, lambda: x * x)
        z = tf.map_fn(lambda row: tf.reduce_sum(tf.map_fn(lambda e: tf.sin(e) * e, row)), m)
        loss = tf.reduce_sum(y) + tf.reduce_sum(z)
        return [y, z, tf.gradients(loss, [x, m])], [x, m, p]

    xs = np.array([0.4, 1.3, -0.7], np.float32)
    ms = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], np.float32)
    want, got, executables = _run_both(build, [(xs, ms, True), (xs, ms, False)])
    _compiled(executables)
    _assert_same(want, got, rtol=1e-6, atol=1e-7)
