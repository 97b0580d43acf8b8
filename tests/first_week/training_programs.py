"""Training programs: tf.layers with batch normalization trained under
`control_dependencies(UPDATE_OPS)` with each slot-making optimizer, and the classic linear-regression
tutorial (scalar feeds into unshaped placeholders, gradients through reductions of unknown shape)."""

from __future__ import annotations

import functools

import numpy as np

from .harness import registry

PROGRAMS, program = registry()

OPTIMIZERS = {
    "adam": lambda tf: tf.train.AdamOptimizer(0.01),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9),
    "rmsprop": lambda tf: tf.train.RMSPropOptimizer(0.01),
    "adagrad": lambda tf: tf.train.AdagradOptimizer(0.1),
}


def _batches(steps, seed=7):
    rng = np.random.RandomState(seed)
    return [(rng.randn(6, 4).astype(np.float32), rng.randint(0, 3, 6).astype(np.int64)) for _ in range(steps)]


def _dense_initializers(tf):
    rng = np.random.RandomState(3)
    return (tf.constant_initializer(rng.uniform(-0.5, 0.5, (4, 8)).astype(np.float32)),
            tf.constant_initializer(rng.uniform(-0.5, 0.5, (8, 3)).astype(np.float32)))


def _update_ops_idiom(tf, optimizer, training_feed):
    """The idiom: batch norm's moving-statistics updates run with the train op, the optimizer's
    slots built under those control dependencies; initializing needs no feed."""
    graph = tf.Graph()
    with graph.as_default():
        first, second = _dense_initializers(tf)
        x = tf.placeholder(tf.float32, [None, 4])
        y = tf.placeholder(tf.int64, [None])
        training = tf.placeholder(tf.bool, []) if training_feed else True
        # No bias before batch norm: its gradient is rounding noise that Adam would scale to full steps.
        h = tf.layers.dense(x, 8, use_bias=False, kernel_initializer=first)
        h = tf.layers.batch_normalization(h, training=training)
        logits = tf.layers.dense(h, 3, kernel_initializer=second)
        loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            train = OPTIMIZERS[optimizer](tf).minimize(loss)
        variables = tf.global_variables()
        moving = [v for v in variables if "moving_" in v.op.name]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())  # no feed needed
            losses = []
            for bx, by in _batches(5):
                feed = {x: bx, y: by}
                if training_feed:
                    feed[training] = True
                losses.append(sess.run([loss, train], feed)[0])
            result = {"variables": [v.op.name for v in variables],
                      "initializer_controls": sorted({c.name for v in variables
                                                      for c in v.initializer.control_inputs}),
                      "losses": losses, "moving": sess.run(moving)}
            if training_feed:
                bx, by = _batches(1, seed=11)[0]
                result["inference_loss"] = sess.run(loss, {x: bx, y: by, training: False})
                result["moving_after_inference"] = sess.run(moving)
    return result


for _name in OPTIMIZERS:
    program(functools.partial(_update_ops_idiom, optimizer=_name, training_feed=False),
            name=f"update_ops_idiom_{_name}")
program(functools.partial(_update_ops_idiom, optimizer="adam", training_feed=True),
        name="update_ops_idiom_training_placeholder")


@program
def linear_regression_tutorial(tf):
    """The classic TF1 linear-regression example, 50 epochs, printing as it does."""
    out = []
    rng = np.random.RandomState(42)
    train_x = np.asarray([3.3, 4.4, 5.5, 6.71, 6.93, 4.168, 9.779, 6.182, 7.59, 2.167, 7.042, 10.791, 5.313,
                          7.997, 5.654, 9.27, 3.1])
    train_y = np.asarray([1.7, 2.76, 2.09, 3.19, 1.694, 1.573, 3.366, 2.596, 2.53, 1.221, 2.827, 3.465, 1.65,
                          2.904, 2.42, 2.94, 1.3])
    n_samples = train_x.shape[0]
    learning_rate, training_epochs, display_step = 0.01, 50, 5
    graph = tf.Graph()
    with graph.as_default():
        X = tf.placeholder("float")  # noqa: N806 - the tutorial's names
        Y = tf.placeholder("float")  # noqa: N806
        W = tf.Variable(rng.randn(), name="weight")  # noqa: N806
        b = tf.Variable(rng.randn(), name="bias")
        pred = tf.add(tf.multiply(X, W), b)
        cost = tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * n_samples)
        optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)
        init = tf.global_variables_initializer()
        with tf.Session() as sess:
            sess.run(init)
            for epoch in range(training_epochs):
                for (x, y) in zip(train_x, train_y):
                    sess.run(optimizer, feed_dict={X: x, Y: y})
                if (epoch + 1) % display_step == 0:
                    c = sess.run(cost, feed_dict={X: train_x, Y: train_y})
                    out.append(f"Epoch: {epoch + 1:04d} cost= {c:.9f} W= {sess.run(W)} b= {sess.run(b)}")
            out.append("Optimization Finished!")
            training_cost = sess.run(cost, feed_dict={X: train_x, Y: train_y})
            out.append(f"Training cost= {training_cost} W= {sess.run(W)} b= {sess.run(b)}")
            test_x = np.asarray([6.83, 4.668, 8.9, 7.91, 5.7, 8.7, 3.1, 2.1])
            test_y = np.asarray([1.84, 2.273, 3.2, 2.831, 2.92, 3.24, 1.35, 1.03])
            testing_cost = sess.run(tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * test_x.shape[0]),
                                    feed_dict={X: test_x, Y: test_y})
            out.append(f"Testing cost= {testing_cost}")
            out.append(f"Absolute mean square loss difference: {abs(training_cost - testing_cost)}")
    return out


@program
def gradients_through_scalar_feeds(tf):
    """Gradients of reductions over unshaped placeholders fed a scalar, a vector and an empty vector."""
    graph = tf.Graph()
    with graph.as_default():
        X = tf.placeholder("float")  # noqa: N806
        w = tf.Variable(0.5, name="w")
        pred = X * w
        costs = {
            "sum": tf.reduce_sum(tf.pow(pred - 1.0, 2)) / 4,
            "mean": tf.reduce_mean(tf.square(pred - 1.0)),
            "max": tf.reduce_max(pred),
            "prod": tf.reduce_prod(pred + 1.0),
            "l2": tf.nn.l2_loss(pred),
            "mse": tf.losses.mean_squared_error(tf.ones_like(pred), pred),
        }
        grads = {k: tf.gradients(c, w)[0] for k, c in costs.items()}
        with tf.Session() as sess:
            sess.run(w.initializer)
            result = {}
            for label, value in (("scalar", 3.0), ("vector", [1.0, 2.0, 3.0]), ("empty", np.zeros(0, np.float32))):
                result[label] = {k: sess.run([costs[k], grads[k]], {X: value})
                                 for k in costs if not (label == "empty" and k == "max")}
    return result
