"""tf.Session: lifecycle, default sessions, eval/run helpers, make_callable, run semantics."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf

# --- lifecycle ----------------------------------------------------------------------------------

def test_session_on_explicit_graph():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(4.0)
    s = tf.Session(graph=g)
    try:
        assert s.graph is g
        assert s.run(a) == 4.0
        assert s.run("Const:0") == 4.0
    finally:
        s.close()


def test_session_rejects_non_graph():
    with pytest.raises(TypeError, match="tf.Graph"):
        tf.Session(graph=3)


def test_session_context_manager_sets_defaults_and_closes():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(2.0)
    with tf.Session(graph=g) as s:
        assert tf.get_default_session() is s
        assert tf.get_default_graph() is g
        assert s.run(a) == 2.0
    assert tf.get_default_session() is None
    assert tf.get_default_graph() is not g
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        s.run(a)


def test_closed_session_raises():
    a = tf.constant(1.0)
    s = tf.Session()
    s.close()
    s.close()  # closing twice is fine
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        s.run(a)


def test_callable_of_closed_session_raises_cancelled():
    a = tf.constant(1.0)
    s = tf.Session()
    f = s.make_callable(a)
    s.close()
    with pytest.raises(tf.errors.CancelledError):
        f()


def test_closing_a_session_drops_its_state():
    v = tf.Variable(0, name="v")
    s1 = tf.Session()
    s1.run(v.initializer)
    s1.close()
    with tf.Session() as s2, pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value v"):
        s2.run(v)


# --- default session, eval, Operation.run -------------------------------------------------------

def test_eval_with_default_session():
    a = tf.constant(2.0)
    with tf.Session() as s:
        assert tf.get_default_session() is s
        assert a.eval() == 2.0
        assert (a * 3).eval() == 6.0
    assert tf.get_default_session() is None


def test_eval_and_run_with_feeds():
    p = tf.placeholder(tf.float32)
    y = p * 3
    v = tf.Variable(0.0)
    a = v.assign(p)
    with tf.Session() as s:
        assert y.eval(feed_dict={p: 2.0}) == 6.0
        assert y.eval({p: 1.0}) == 3.0
        assert a.op.run(feed_dict={p: 4.0}) is None
        assert s.run(v) == 4.0


def test_eval_with_explicit_session():
    a = tf.constant(2.0)
    s = tf.Session()
    try:
        assert a.eval(session=s) == 2.0
        assert tf.get_default_session() is None
    finally:
        s.close()


def test_eval_without_session():
    with pytest.raises(ValueError, match="No default session is registered"):
        tf.constant(1.0).eval()


def test_operation_run_without_session():
    with pytest.raises(ValueError, match="No default session is registered"):
        tf.no_op().run()


def test_eval_in_session_of_another_graph():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
    with tf.Session(), pytest.raises(ValueError, match="graph is different from the session's graph"):
        a.eval()


def test_operation_run():
    v = tf.Variable(1.0)
    with tf.Session():
        v.initializer.run()
        assert v.eval() == 1.0
        v.assign(3.0).op.run()
        assert v.eval() == 3.0


def test_as_default_nesting():
    tf.constant(1.0)
    s1, s2 = tf.Session(), tf.Session()
    try:
        with s1.as_default():
            with s2.as_default():
                assert tf.get_default_session() is s2
            assert tf.get_default_session() is s1
        assert tf.get_default_session() is None
    finally:
        s1.close()
        s2.close()


def test_interactive_session_installs_itself():
    a = tf.constant(5.0)
    s = tf.InteractiveSession()
    try:
        assert tf.get_default_session() is s
        assert a.eval() == 5.0
    finally:
        s.close()
    assert tf.get_default_session() is None


# --- make_callable ------------------------------------------------------------------------------

def test_make_callable(sess):
    p = tf.placeholder(tf.float32)
    q = tf.placeholder(tf.float32)
    y = p + q
    f = sess.make_callable(y, [p, q])
    assert f(1.0, 2.0) == 3.0
    assert f(3.0, 4.0) == 7.0
    f2 = sess.make_callable([y, {"k": y}], feed_list=[p, "Placeholder_1:0"])
    assert f2(1.0, 1.0) == [2.0, {"k": 2.0}]
    g = sess.make_callable(tf.constant(3.0))
    assert g() == 3.0


def test_make_callable_of_an_op(sess):
    v = tf.Variable(0)
    inc = tf.assign_add(v, 1)
    sess.run(v.initializer)
    f = sess.make_callable(inc.op)
    assert f() is None
    f()
    assert sess.run(v) == 2


def test_make_callable_checks_feeds(sess):
    p = tf.placeholder(tf.float32, [2])
    f = sess.make_callable(p * 2, [p])
    with pytest.raises(ValueError, match="Cannot feed value of shape \\(3,\\)"):
        f([1.0, 2.0, 3.0])
    assert f([1.0, 2.0]).tolist() == [2.0, 4.0]


# --- run semantics ------------------------------------------------------------------------------

def test_every_op_runs_at_most_once_per_run(sess):
    v = tf.Variable(0)
    inc = tf.assign_add(v, 1)
    a = inc + 0
    b = inc * 1
    sess.run(v.initializer)
    assert sess.run([inc, a, b, inc]) == [1, 1, 1, 1]
    assert sess.run(v) == 1


def test_random_op_fetched_twice_is_one_draw(sess):
    r = tf.random_normal([3], seed=1)
    y = r + 0
    a, b, c = sess.run([r, r, y])
    assert a.tolist() == b.tolist() == c.tolist()


def test_nothing_is_cached_between_runs(sess):
    v = tf.Variable(0)
    inc = v.assign_add(1)
    sess.run(v.initializer)
    assert [sess.run(inc) for _ in range(3)] == [1, 2, 3]


def test_two_sessions_on_one_graph_are_independent():
    v = tf.Variable(0)
    inc = tf.assign_add(v, 1)
    s1, s2 = tf.Session(), tf.Session()
    try:
        s1.run(v.initializer)
        s2.run(v.initializer)
        s1.run(inc)
        s1.run(inc)
        s2.run(inc)
        assert (s1.run(v), s2.run(v)) == (2, 1)
        s1.run(v.assign(10))
        assert s2.run(v) == 1
    finally:
        s1.close()
        s2.close()


def test_session_run_accepts_options_and_metadata(sess):
    a = tf.constant(1.0)
    assert sess.run(a, options=tf.RunOptions(), run_metadata=tf.RunMetadata()) == 1.0


def test_fetched_values_are_private_copies(sess):
    v = tf.Variable([1.0, 2.0])
    sess.run(v.initializer)
    x = sess.run(v)
    x[0] = 100.0
    assert sess.run(v).tolist() == [1.0, 2.0]


def test_fed_array_is_not_aliased_by_variable(sess):
    p = tf.placeholder(tf.float32, [2])
    v = tf.Variable([0.0, 0.0])
    a = tf.assign(v, p)
    sess.run(v.initializer)
    arr = np.array([1.0, 2.0], dtype=np.float32)
    sess.run(a, {p: arr})
    arr[0] = 99.0
    assert sess.run(v).tolist() == [1.0, 2.0]


def test_session_usable_after_failed_run(sess):
    p = tf.placeholder(tf.float32, [None, 2], name="inp")
    y = p * 2
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(y)
    with pytest.raises(ValueError):
        sess.run(y, {p: [1.0]})
    with pytest.raises(ValueError):
        sess.run("nope:0")
    assert sess.run(y, {p: [[1.0, 1.0]]}).tolist() == [[2.0, 2.0]]


def test_runtime_error_then_success(sess):
    p = tf.placeholder(tf.int32)
    r = tf.reshape(p, [2, 2], name="myreshape")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(r, {p: [1, 2, 3]})
    assert info.value.op.name == "myreshape"
    assert "Input to reshape is a tensor with 3 values, but the requested shape has 4" in info.value.message
    assert sess.run(r, {p: [1, 2, 3, 4]}).tolist() == [[1, 2], [3, 4]]


def test_fetched_arrays_are_row_major_as_tfs_tensors():
    # A kernel's NumPy view (a reversed or strided slice) is copied on fetch: TF's tensors are C-contiguous,
    # and numpy code over a fetched array (a sum's rounding, a .view, a buffer handed to C) sees TF's layout.
    x = tf.placeholder(tf.float32, [2, 3])
    fed = np.arange(6, dtype=np.float32).reshape(2, 3)
    with tf.Session() as sess:
        reversed_, stepped, same = sess.run([tf.reverse(x, [1]), x[:, ::2], x], {x: fed})
    assert reversed_.flags["C_CONTIGUOUS"] and stepped.flags["C_CONTIGUOUS"]
    assert reversed_.tolist() == [[2.0, 1.0, 0.0], [5.0, 4.0, 3.0]] and stepped.tolist() == [[0.0, 2.0], [3.0, 5.0]]
    assert same.tolist() == fed.tolist()
