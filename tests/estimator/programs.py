"""A TF1-style custom-model_fn regression, and the same model written as a plain Session loop: same graph seed,
same op creation order (global step, input pipeline, model), so both must give the same losses bit for bit."""

from __future__ import annotations

import numpy as np

import sessionflow as tf

SEED = 7
BATCH = 16
LEARNING_RATE = 0.1


def data():
    rng = np.random.RandomState(0)
    x = rng.rand(64, 3).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [3.0]], np.float32) + 0.5).astype(np.float32)
    return x, y


def build_model(features, labels, mode, params):
    """The model both programs share; the estimator calls it as its model_fn."""
    hidden = tf.layers.dense(features["x"], 4, activation=tf.nn.tanh, name="hidden")
    prediction = tf.layers.dense(hidden, 1, name="out")
    if mode == tf.estimator.ModeKeys.PREDICT:
        return prediction, None, None
    loss = tf.losses.mean_squared_error(labels, prediction)
    train_op = tf.train.GradientDescentOptimizer(params["learning_rate"]).minimize(
        loss, global_step=tf.train.get_global_step())
    return prediction, loss, train_op


def model_fn(features, labels, mode, params):
    prediction, loss, train_op = build_model(features, labels, mode, params)
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"y": prediction, "x": features["x"]})
    metrics = {"mae": tf.metrics.mean_absolute_error(labels, prediction)}
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op, eval_metric_ops=metrics)


def train_input_fn():
    x, y = data()
    return tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=BATCH, num_epochs=None, shuffle=False)()


def eval_input_fn():
    x, y = data()
    return tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=BATCH, num_epochs=1, shuffle=False)()


def dataset_input_fn():
    """An input_fn returning a tf.data.Dataset of (features, labels)."""
    x, y = data()
    return tf.data.Dataset.from_tensor_slices(({"x": x}, y)).repeat().batch(BATCH)


class LossRecorder(tf.train.SessionRunHook):
    """Records the loss of every training step."""

    def __init__(self):
        self.losses = []

    def before_run(self, run_context):
        return tf.train.SessionRunArgs(tf.get_collection(tf.GraphKeys.LOSSES)[-1])

    def after_run(self, run_context, run_values):
        self.losses.append(run_values.results)


def plain_session_losses(phases, input_fn=train_input_fn):
    """The hand-written loop: `phases` runs of `steps` each, every phase in a fresh graph restoring the previous
    phase's variables (as a restarted estimator does). Returns the losses of every step and the final
    variable values by name."""
    saved = None
    losses = []
    for steps in phases:
        with tf.Graph().as_default():
            tf.set_random_seed(SEED)
            tf.train.create_global_step()
            result = input_fn()
            initializer = None
            if isinstance(result, tf.data.Dataset):
                # TF 1.15's Estimator reads an input_fn's Dataset through an initializable iterator
                iterator = tf.data.make_initializable_iterator(result)
                initializer, result = iterator.initializer, iterator.get_next()
            features, labels = result
            _, loss, train_op = build_model(features, labels, tf.estimator.ModeKeys.TRAIN,
                                            {"learning_rate": LEARNING_RATE})
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                if initializer is not None:
                    sess.run(initializer)
                if saved is not None:
                    for v in tf.global_variables():
                        v.load(saved[v.op.name], sess)
                for _ in range(steps):
                    _, value = sess.run([train_op, loss])
                    losses.append(value)
                saved = {v.op.name: sess.run(v) for v in tf.global_variables()}
    return losses, saved


def plain_session_eval(variables):
    """Loss and mean absolute error over the eval input with `variables`, batch by batch as tf.metrics do."""
    x, y = data()
    with tf.Graph().as_default():
        features = tf.placeholder(tf.float32, [None, 3])
        labels = tf.placeholder(tf.float32, [None, 1])
        prediction, loss, _ = build_model({"x": features}, labels, tf.estimator.ModeKeys.EVAL,
                                          {"learning_rate": LEARNING_RATE})
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for v in tf.global_variables():
                if v.op.name in variables:
                    v.load(variables[v.op.name], sess)
            loss_total, loss_count, error_total, rows = np.float32(0), np.float32(0), np.float32(0), np.float32(0)
            for start in range(0, len(x), BATCH):
                feed = {features: x[start:start + BATCH], labels: y[start:start + BATCH]}
                value, pred = sess.run([loss, prediction], feed)
                loss_total += value
                loss_count += np.float32(1)
                error_total += np.abs(y[start:start + BATCH] - pred).sum(dtype=np.float32)
                rows += np.float32(len(pred))
            return loss_total / loss_count, error_total / rows
