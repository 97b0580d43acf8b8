"""TF 2.x object APIs in graph mode (tests/compat/programs/tf2_graph_apis.py): each section of the program runs
on sessionflow, in-process, and gives what TensorFlow 2.21 gave (tests/compat/goldens/tf2_graph_apis.json)."""

from __future__ import annotations

import os
import sys

import pytest

import sessionflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "programs"))
import tf2_graph_apis
from compat_harness import assert_close, golden

GOLDEN = golden("tf2_graph_apis.json")


@pytest.mark.parametrize("section", tf2_graph_apis.SECTIONS)
def test_section_gives_tfs_results(section):
    assert "error" not in GOLDEN[section], GOLDEN[section]
    with tf.Graph().as_default():
        actual = getattr(tf2_graph_apis, section)(tf)
    assert_close(actual, GOLDEN[section], section, tol=1e-5)


def test_function_does_not_apply_autograph():
    """Python control flow on a tensor in a tf.function raises TF's graph-mode error (no AutoGraph here)."""
    @tf.function
    def branchy(x):
        if x > 0:
            return x
        return -x

    with tf.Graph().as_default(), pytest.raises(tf.errors.OperatorNotAllowedInGraphError):
        branchy(tf.constant(1.0))


def test_a_deleted_handle_and_an_unknown_algorithm_fail_as_tf_does():
    with tf.Graph().as_default():
        h = tf.get_session_handle(tf.constant([1.0, 2.0]))
        with tf.Session() as sess:
            handle = sess.run(h)
            assert handle.eval().tolist() == [1.0, 2.0]
            handle.delete()
            with pytest.raises(tf.errors.InvalidArgumentError, match="is not in the session store"):
                handle.eval()
        with pytest.raises(ValueError):
            tf.get_session_tensor("nonsense", tf.float32)
        with pytest.raises(ValueError, match="Philox"):
            tf.random.Generator.from_seed(1, alg="threefry")


def test_generator_draws_continue_across_runs_and_sessions_start_over():
    """The state is a variable: each run advances it; a new session re-initializes it from the seed."""
    with tf.Graph().as_default():
        g = tf.random.Generator.from_seed(7)
        draw = g.uniform([3])
        runs = []
        for _ in range(2):
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                runs.append([sess.run(draw).tolist(), sess.run(draw).tolist()])
    assert runs[0] == runs[1] and runs[0][0] != runs[0][1]
