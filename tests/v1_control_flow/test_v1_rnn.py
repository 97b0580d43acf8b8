"""A dynamic_rnn LSTM classifier written by TF 1.x (tools/make_v1_control_flow_fixtures.py): frozen, it gives TF's
logits; as MetaGraph + checkpoint, its gradient-descent train op (TF 1.x loop gradients: the forward loop pushes
values on StackV2 stacks, the gradient loop pops them) gives TF's losses step after step. Stack ops on their own
behave as TF's."""

import os

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework import errors
from sessionflow.ops.stack_ops import StackPopV2, StackPushV2, StackV2

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
EXPECTED = np.load(os.path.join(FIXTURES, "expected.npz"))
FEEDS = {name: EXPECTED[f"rnn/{name}"] for name in ("x:0", "lengths:0", "labels:0")}


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def test_frozen_lstm_gives_tfs_logits():
    with open(os.path.join(FIXTURES, "rnn_frozen.pb"), "rb") as f:
        tf.import_graph_def(f.read(), name="")
    with tf.Session() as sess:
        logits = sess.run("logits:0", {k: v for k, v in FEEDS.items() if k != "labels:0"})
    np.testing.assert_allclose(logits, EXPECTED["rnn/logits"], rtol=1e-5, atol=1e-6)


def test_training_through_v1_loop_gradients_gives_tfs_losses():
    saver = tf.train.import_meta_graph(os.path.join(FIXTURES, "rnn_model.meta"))
    types = {op.type for op in tf.get_default_graph().get_operations()}
    assert {"StackV2", "StackPushV2", "StackPopV2", "Enter", "NextIteration", "ConcatOffset"} <= types
    train = tf.get_collection("train_op")[0]
    with tf.Session() as sess:
        saver.restore(sess, os.path.join(FIXTURES, "rnn_model"))
        np.testing.assert_allclose(sess.run("logits:0", FEEDS), EXPECTED["rnn/logits"], rtol=1e-5, atol=1e-6)
        losses = [sess.run(["loss:0", train], FEEDS)[0] for _ in range(3)]
        losses.append(sess.run("loss:0", FEEDS))
    np.testing.assert_allclose(losses, EXPECTED["rnn/losses"], rtol=1e-5)


def test_a_stack_pops_in_reverse_and_is_new_each_run():
    handle = StackV2(tf.constant(-1), elem_type=tf.float32, stack_name="foo")
    first = StackPushV2(handle, tf.constant([1.0, 2.0]))
    with tf.control_dependencies([first]):
        second = StackPushV2(handle, tf.constant([3.0]))
    with tf.control_dependencies([second]):
        top = StackPopV2(handle, elem_type=tf.float32)
    with tf.control_dependencies([top]):
        below = StackPopV2(handle, elem_type=tf.float32)
    with tf.control_dependencies([below]):
        empty = StackPopV2(handle, elem_type=tf.float32, name="empty")
    with tf.Session() as sess:
        a, b = sess.run([top, below])
        assert a.tolist() == [3.0] and b.tolist() == [1.0, 2.0]
        a, b = sess.run([top, below])  # a new stack: the same again
        assert a.tolist() == [3.0] and b.tolist() == [1.0, 2.0]
        with pytest.raises(errors.InvalidArgumentError) as caught:
            sess.run(empty)
        assert caught.value.message == "Stack[foo_2] is empty when calling Pop()." and caught.value.op.name == "empty"
