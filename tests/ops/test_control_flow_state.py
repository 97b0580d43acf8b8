"""A stateful op runs once per execution of its branch or body, whether or not gradients are fetched.

TF's If/While gradients read the forward pass's intermediates; they never run a random op (or an
assignment) again. Each model below is run twice with the same fetched forward values: once alone and
once together with its gradients, counting every op execution (sub-graph steps included). A stateful
op that executes more often in the second run is a gradient drawing (or writing) again, and its
gradient would not match the values the forward pass used.
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
        self.draws = collections.Counter()

    def end_step(self, op, start_ns, end_ns, outputs):
        self.executed[op] += 1

    def drew(self, op):
        self.draws[op] += 1


def _counted(sess, fetches, feeds):
    counter = _Counter()
    observe.add_observer(counter)
    try:
        values = sess.run(fetches, feeds)
    finally:
        observe.remove_observer(counter)
    return values, counter


def _stateful_counts(counter):
    return {op.name: n for op, n in counter.executed.items()
            if op.opdef.stateful and op.type not in ("If", "While", "WhileGrad", "IfIntermediate")}


def _cond(x, p):
    return tf.cond(p, lambda: x * tf.random_uniform([3], seed=1), lambda: x)


def _case(x, p):
    return tf.case([(tf.logical_not(p), lambda: x * 3.0)], default=lambda: x * tf.random_normal([3], seed=2))


def _nested_cond(x, p):
    inner = lambda: tf.cond(p, lambda: x * tf.random_uniform([3], seed=3), lambda: x + 1.0)  # noqa: E731
    return tf.cond(p, lambda: inner() * 2.0, lambda: x)


def _while(x, p):
    return tf.while_loop(lambda i, h: i < 3, lambda i, h: (i + 1, h * tf.random_uniform([3], seed=4)), [0, x])[1]


def _cond_in_while(x, p):
    def body(i, h):
        return i + 1, tf.cond(p, lambda: h * tf.random_uniform([3], seed=5), lambda: h * 2.0)

    return tf.while_loop(lambda i, h: i < 2, body, [0, x])[1]


def _while_in_cond(x, p):
    return tf.cond(p, lambda: _while(x, p), lambda: x * 2.0)


def _while_in_while(x, p):
    def body(i, h):
        return i + 1, tf.while_loop(lambda j, g: j < 2, lambda j, g: (j + 1, g * tf.random_uniform([3], seed=6)),
                                    [0, h])[1]

    return tf.while_loop(lambda i, h: i < 2, body, [0, x])[1]


def _dropout(x, p):
    return tf.layers.dropout(x, rate=0.5, training=p, seed=7)


def _assign_in_cond(x, p):
    v = tf.Variable([1.0, 1.0, 1.0], name="counter")
    return tf.cond(p, lambda: x * v.assign_add([1.0, 1.0, 1.0]), lambda: x)


def _scan(x, p):
    return tf.scan(lambda a, e: a * e * tf.random_uniform([], 0.5, 1.5, seed=8), x, initializer=tf.constant(1.0))


def _map_fn(x, p):
    return tf.map_fn(lambda e: e * e * tf.random_uniform([], seed=9), x)


MODELS = [_cond, _case, _nested_cond, _while, _cond_in_while, _while_in_cond, _while_in_while, _dropout,
          _assign_in_cond, _scan, _map_fn]


@pytest.mark.parametrize("build", MODELS, ids=[m.__name__.strip("_") for m in MODELS])
@pytest.mark.parametrize("taken", [True, False], ids=["true", "false"])
def test_gradients_do_not_run_stateful_ops_again(build, taken):
    with tf.Graph().as_default():
        tf.set_random_seed(11)
        x = tf.constant([1.0, 2.0, 3.0])
        p = tf.placeholder(tf.bool, [])
        y = build(x, p)
        (grad,) = tf.gradients(tf.reduce_sum(y), x)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            (alone,), forward = _counted(sess, [y], {p: taken})
            sess.run(tf.global_variables_initializer())
            (together, _), backward = _counted(sess, [y, grad], {p: taken})
    if taken:
        assert _stateful_counts(forward), "the model has no stateful op that ran"
    assert _stateful_counts(backward) == _stateful_counts(forward)
    assert dict(backward.draws) == dict(forward.draws)
    for op, n in forward.executed.items():
        if op._ctx is None:  # outside every branch and body: at most once per run
            assert n == 1, op.name
    # The two runs draw different numbers (the streams moved on), but neither draws twice.
    assert together.shape == alone.shape


def test_gradient_uses_the_drawn_values():
    """d(x * u)/dx is u itself: the values the forward pass drew, for a cond and for a loop."""
    with tf.Graph().as_default():
        x = tf.constant([1.0, 2.0, 3.0])
        p = tf.placeholder(tf.bool, [])
        for build in (_cond, _while, _cond_in_while, _while_in_while):
            y = build(x, p)
            (grad,) = tf.gradients(tf.reduce_sum(y), x)
            with tf.Session() as sess:
                yv, gv = sess.run([y, grad], {p: True})
            np.testing.assert_allclose(gv, yv / [1.0, 2.0, 3.0], rtol=1e-6, err_msg=build.__name__)


def test_nothing_is_saved_without_a_gradient_and_stateless_values_are_recomputed():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [3])
        y = tf.cond(x[0] > 0, lambda: tf.sin(x) * tf.random_uniform([3]), lambda: x)
        if_op = y.op.inputs[0].op  # cond returns an Identity of the If's output
        branch = if_op.get_attr("then_branch") if hasattr(if_op, "get_attr") else if_op.attrs["then_branch"]
        assert branch.saved == []
        tf.gradients(y, x)
        # Only the random draw is saved; sin(x) and cos(x) are recomputed from the If's input.
        assert [t.op.type for t in branch.saved] == ["RandomUniform"]


def test_second_order_gradients_recompute_through_saved_draws():
    """Only the draws are saved; tanh(x * u) is recomputed from them, so the Hessian goes through it:
    d2/dx2 sum(tanh(x u)) = -2 u^2 tanh(x u) (1 - tanh(x u)^2)."""
    with tf.Graph().as_default():
        x = tf.constant([0.3, -0.5, 0.8])
        p = tf.placeholder(tf.bool, [])
        u = []

        def branch():
            u.append(tf.random_uniform([3], 0.5, 1.5, seed=3))
            return tf.tanh(x * u[0])

        y = tf.cond(p, branch, lambda: x)
        (g,) = tf.gradients(tf.reduce_sum(y), x)
        (h,) = tf.gradients(tf.reduce_sum(g), x)
        with tf.Session() as sess:
            t, hv = sess.run([y, h], {p: True})
    uv = np.arctanh(t) / [0.3, -0.5, 0.8]
    np.testing.assert_allclose(hv, -2 * uv ** 2 * t * (1 - t ** 2), rtol=1e-4)


def test_second_order_gradients_through_a_loop_say_they_are_missing():
    """Not a silent None (a zero Hessian): a LookupError naming the loop's gradient op."""
    with tf.Graph().as_default():
        x = tf.constant([0.3, -0.5])
        _, h = tf.while_loop(lambda i, h: i < 3, lambda i, h: (i + 1, tf.tanh(h * 1.5)), [0, x])
        (g,) = tf.gradients(tf.reduce_sum(h), x)
        with pytest.raises(LookupError, match="second-order derivatives through loops"):
            tf.gradients(tf.reduce_sum(g), x)
