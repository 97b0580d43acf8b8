"""Assert and the assert_* checks, tf.Print, tf.print."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.ops.logging_ops import summarize_v1, summarize_v2


@pytest.fixture(autouse=True)
def _graph():
    with tf.Graph().as_default():
        yield


def test_summaries_render_as_tf():
    assert summarize_v1(np.arange(10), 3) == "0 1 2..."
    assert summarize_v1(np.array([[1.5, 2], [3, 4]], np.float32), 3) == "[1.5 2][3...]..."
    assert summarize_v1(np.array([[1.5, 2], [3, 4]], np.float32), 4) == "[1.5 2][3 4]"
    assert summarize_v1(np.array(3), 3) == "3"
    assert summarize_v2(np.arange(10), 3) == "[0 1 2 ... 7 8 9]"
    assert summarize_v2(np.array([[1.5, 2], [3, 4]], np.float32), 3) == "[[1.5 2]\n [3 4]]"
    assert summarize_v2(np.array([1e20, 1e-7], np.float32), 3) == "[1e+20 1e-07]"


def test_assert_raises_with_data_at_run_time():
    x = tf.placeholder(tf.int32, [2])
    a = tf.Assert(tf.reduce_all(x > 0), ["x must be positive", x], name="chk")
    assert a.name == "chk/Assert" and a.type == "Assert"
    with tf.Session() as sess:
        sess.run(a, {x: [1, 2]})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: \[x must be positive\] \[1 -1\]"):
            sess.run(a, {x: [1, -1]})


def test_static_assert_equal_raises_at_construction():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Condition x == y"):
        tf.assert_equal(tf.constant([1, 2]), [1, 3])
    tf.debugging.assert_equal(tf.constant([1, 2]), [1, 2])


@pytest.mark.parametrize("check, good, bad", [
    (tf.assert_positive, [1, 2], [1, 0]), (tf.assert_negative, [-1, -2], [-1, 0]),
    (tf.assert_non_negative, [0, 2], [0, -1]), (tf.assert_non_positive, [0, -2], [0, 1]),
    (lambda x: tf.assert_less(x, 2), [0, 1], [0, 2]), (lambda x: tf.assert_greater_equal(x, 0), [0, 1], [-1, 0]),
    (lambda x: tf.assert_none_equal(x, 3), [0, 1], [3, 0]), (lambda x: tf.assert_less_equal(x, 1), [1, 1], [2, 0]),
    (lambda x: tf.assert_greater(x, 0), [1, 1], [0, 1]),
])
def test_dynamic_asserts(check, good, bad):
    x = tf.placeholder(tf.int32, [2])
    a = check(x)
    with tf.Session() as sess:
        sess.run(a, {x: good})
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(a, {x: bad})


def test_rank_and_type_asserts():
    x = tf.placeholder(tf.float32, [2, 3])
    tf.assert_rank(x, 2)
    tf.assert_rank_at_least(x, 1)
    tf.assert_type(x, tf.float32)
    with pytest.raises(ValueError):
        tf.assert_rank(x, 1)
    with pytest.raises(TypeError):
        tf.assert_type(x, tf.int32)


def test_is_non_decreasing():
    with tf.Session() as sess:
        assert sess.run([tf.is_non_decreasing([1, 2, 2]), tf.is_strictly_increasing([1, 2, 2])]) == [True, False]


def test_print_identity_writes_stderr(capsys):
    x = tf.constant([1.5, 2.0, 3.0, 4.0])
    p = tf.Print(x, [x, "s"], message="msg: ", first_n=1)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(p), [1.5, 2, 3, 4])
        sess.run(p)
    assert capsys.readouterr().err == "msg: [1.5 2 3...][s]\n"


def test_tf_print_to_stdout(capsys):
    pr = tf.print("hello", tf.range(10), {"a": tf.constant(1)}, output_stream=sys.stdout)
    assert pr.type == "PrintV2"
    with tf.Session() as sess:
        sess.run(pr)
        sess.run(pr)
    assert capsys.readouterr().out == "hello [0 1 2 ... 7 8 9] {'a': 1}\n" * 2


# --- assert_shapes (messages, names and structure recorded from TF 2.21) --------------------------

def test_assert_shapes_static_checks_pass_with_a_grouping_op():
    check = tf.debugging.assert_shapes([(tf.ones([2, 3]), ("N", "Q")), (tf.ones([2]), ("N",))])
    assert check.name == "group_deps" and check.type == "NoOp"
    assert [c.name for c in check.control_inputs] == ["assert_shapes/assert_rank/static_checks_determined_all_ok",
                                                      "assert_shapes/assert_rank_in/static_checks_determined_all_ok"]
    named = tf.debugging.assert_shapes({tf.ones([2, 3]): ("N", "Q")}, name="chk")
    assert [c.name for c in named.control_inputs] == ["chk/chk/static_checks_determined_all_ok"]
    tf.debugging.assert_shapes([(tf.ones([5, 2, 3]), (..., "N", "Q")), (tf.ones([3]), ("*", "Q")),
                                (tf.ones([]), ()), (tf.ones([]), ("S",)), (tf.ones([2, 3]), (".", None)),
                                (tf.ones([2, 3]), None), (tf.ones([2, 3]), (2, "3"))])
    with tf.Session() as sess:
        sess.run(check)


@pytest.mark.parametrize("shapes, message, error", [
    (lambda: [(tf.ones([2, 3], name="x"), ("N",))], None,
     r"Tensor x:0 must have rank in \(0, 1\).  Received rank 2, shape \(2, 3\)"),
    (lambda: [(tf.ones([2, 3], name="x"), ("N",))], "hey",
     r"hey.  Tensor x:0 must have rank in \(0, 1\).  Received rank 2, shape \(2, 3\)"),
    (lambda: [(tf.ones([3], name="x"), ("*", "N", "Q"))], None,
     r"Tensor x:0 must have rank at least 2.  Received rank 1, shape \(3,\)"),
    (lambda: [(tf.ones([2, 3], name="x"), ("N", "Q")), (tf.ones([3], name="y"), ("N",))], None,
     r"Specified by tensor x:0 dimension 0.  Tensor y:0 dimension 0 must have size 2.  Received size 3, shape \(3,\)"),
    (lambda: [(tf.ones([2, 3], name="x"), (2, 4))], "m",
     r"m.  Specified explicitly.  Tensor x:0 dimension 1 must have size 4.  Received size 3, shape \(2, 3\)"),
    (lambda: [(tf.ones([2], name="x"), ())], None,
     r"Specified explicitly.  Tensor x:0 dimension 0 must have size 1.  Received size 2, shape \(2,\)"),
    (lambda: [(tf.ones([2, 3], name="x"), ("N", ..., "Q"))], None,
     ("Tensor x:0 specified shape index 1.  Symbol `...` or `[*]` for a variable number of unspecified dimensions "
      "is only allowed as the first entry")),
    (lambda: [(tf.ones([2, 3], name="x"), 3)], None,
     ("Tensor x:0.  Specified shape must be an iterable.  An iterable has the attribute `__iter__` or "
      "`__getitem__`.  Received specified shape: 3")),
])
def test_assert_shapes_raises_at_graph_construction(shapes, message, error):
    with pytest.raises(ValueError, match=f"^{error}$"):
        tf.debugging.assert_shapes(shapes(), message=message)


def test_assert_shapes_checks_unknown_sizes_and_ranks_at_run_time():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None], name="y")
    check = tf.debugging.assert_shapes([(x, ("N", "Q")), (y, ("N",))])
    assert "assert_shapes/Assert/Assert" in [c.name for c in check.control_inputs]
    r = tf.placeholder(tf.float32, None, name="r")
    rank_check = tf.debugging.assert_shapes([(r, ("N", "Q")), (tf.ones([3], name="ones"), ("Q",))])
    s = tf.placeholder(tf.float32, None, name="s")
    tail_check = tf.debugging.assert_shapes([(s, ("*", "K")), (tf.ones([1]), ("K",))])
    with tf.Session() as sess:
        sess.run(check, {x: np.ones((2, 3)), y: np.ones(2)})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"assertion failed: \[\] \[Specified by tensor x:0 dimension 0\] "
                                 r"\[Tensor y:0 dimension\] \[0\] \[must have size\] \[2\] \[Received shape: \] \[3\]"):
            sess.run(check, {x: np.ones((2, 3)), y: np.ones(3)})
        sess.run(rank_check, {r: np.ones((2, 3))})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"\[Tensor r:0 must have rank\] \[2\] \[Received shape: \] \[2 3 1\]"):
            sess.run(rank_check, {r: np.ones((2, 3, 1))})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[Specified by tensor r:0 dimension 1\] "
                                                                 r"\[Tensor ones:0 dimension\] \[0\]"):
            sess.run(rank_check, {r: np.ones((2, 4))})
        sess.run(tail_check, {s: 5.0})  # a scalar counts as shape [1]
        sess.run(tail_check, {s: np.ones((4, 1))})
        with pytest.raises(tf.errors.InvalidArgumentError, match="Tensor ones_1:0 dimension"):
            sess.run(tail_check, {s: np.ones((4, 2))})
