"""Step fusion (runtime/fusion.py): a run executes broadcast-gradient chains as one step, with the same
values as the plan's steps one by one (an observed run), fewer steps, and errors naming TF's ops."""

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY

pytestmark = pytest.mark.numpy_backend  # the NumPy interpreter's own machinery


def _deep_model(layers=6):
    x = tf.placeholder(tf.float32, [None, 8])
    y = tf.placeholder(tf.int64, [None])
    h = x
    for i in range(layers):
        w = tf.get_variable(f"w{i}", [8, 8], initializer=tf.random_normal_initializer(stddev=0.3, seed=i))
        b = tf.get_variable(f"b{i}", [8], initializer=tf.constant_initializer(0.1 * i))
        h = tf.nn.relu(tf.matmul(h, w) + b) * tf.constant(1.5)  # a broadcast add and a broadcast multiply
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h))
    train = tf.train.AdamOptimizer(0.01).minimize(loss)
    rng = np.random.RandomState(0)
    return train, loss, {x: rng.rand(5, 8).astype(np.float32), y: rng.randint(0, 8, 5)}


def _train(observed: bool, batch: int = 5):
    with tf.Graph().as_default():
        train, loss, feed = _deep_model()
        feed = {k: v[:batch] for k, v in feed.items()}
        options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE) if observed else None
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [sess.run([train, loss], feed, options=options)[1] for _ in range(4)]
            weights = sess.run(tf.trainable_variables())
            executable = max(sess._executables.values(), key=lambda e: len(e.plan.steps))
            return losses, weights, executable


@pytest.mark.parametrize("batch", [5, 1])  # a batch of one: BroadcastGradientArgs sees 1 against 1
def test_fused_runs_give_bit_for_bit_the_values_of_step_by_step_runs(batch):
    fast_losses, fast_weights, executable = _train(observed=False, batch=batch)
    slow_losses, slow_weights, _ = _train(observed=True, batch=batch)
    assert fast_losses == slow_losses
    for a, b in zip(fast_weights, slow_weights):
        assert np.array_equal(a, b)
    fused = len(executable.plan.steps) - len(executable._program)
    assert fused >= 6 * 6  # per layer, two sides of two broadcast ops lose Shape/BGA/Sum steps
    assert "BroadcastGradientArgs" not in {op.type for op in executable._program_ops}


def test_pass_through_steps_are_dropped_and_a_fetched_identity_is_kept():
    _, _, executable = _train(observed=False)
    ran = {op.type for op in executable._program_ops}
    assert ran.isdisjoint({"Identity", "NoOp"})  # the gradient gates (tf.tuple) and the training op's groups
    planned = [s.op.type for s in executable.plan.steps]
    assert planned.count("Identity") >= 6 and "NoOp" in planned
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2])
        y = tf.identity(x * 2.0, name="y")
        z = tf.stop_gradient(y) + 1.0
        with tf.Session() as sess:
            fetched_y, fetched_z = sess.run([y, z], {x: [1.0, 2.0]})
            assert fetched_y.tolist() == [2.0, 4.0] and fetched_z.tolist() == [3.0, 5.0]
            kept = max(sess._executables.values(), key=lambda e: len(e.plan.steps))
            assert [op.type for op in kept._program_ops].count("Identity") == 1  # y is fetched: it stays
            assert "StopGradient" not in {op.type for op in kept._program_ops}


def _chain(x, g):
    graph = tf.get_default_graph()
    sx, sg = tf.shape(x), tf.shape(g)
    r0, _ = graph.create_op(REGISTRY["BroadcastGradientArgs"], [sx, sg], {}, name="bga").outputs
    return tf.reshape(tf.reduce_sum(g, r0), sx)


def test_a_chain_reduces_over_the_broadcast_axes_and_names_bga_on_bad_shapes():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        g = tf.placeholder(tf.float32, [None, None, 3])
        out = _chain(x, g)
        with tf.Session() as sess:
            value = np.arange(24, dtype=np.float32).reshape(4, 2, 3)
            got = sess.run(out, {x: np.zeros((2, 3), np.float32), g: value})
            np.testing.assert_array_equal(got, value.sum(axis=0))
            got = sess.run(out, {x: np.zeros((1, 3), np.float32), g: value})
            np.testing.assert_array_equal(got, value.sum(axis=(0, 1)).reshape(1, 3))
            assert len(sess._executables[next(iter(sess._executables))]._program) < 5
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes") as info:
                sess.run(out, {x: np.zeros((3, 3), np.float32), g: value})
            assert info.value.op.name == "bga"


def test_a_chain_whose_values_are_fetched_is_not_fused():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        g = tf.placeholder(tf.float32, [None, 3])
        out = _chain(x, g)
        axes = tf.get_default_graph().get_operation_by_name("bga").outputs[0]
        with tf.Session() as sess:
            feed = {x: np.ones((1, 3), np.float32), g: np.ones((2, 3), np.float32)}
            got, got_axes = sess.run([out, axes], feed)
            np.testing.assert_array_equal(got, [[2, 2, 2]])
            np.testing.assert_array_equal(got_axes, [0])
            executable = next(iter(sess._executables.values()))
            assert len(executable._program) == len(executable.plan.steps)
