"""The control-flow model of the cf_* fixtures (tools/make_control_flow_fixtures.py), of
tools/check_control_flow_in_tf.py and of tests/io/test_control_flow_files.py, buildable with TensorFlow or
sessionflow so that both sides build the same graph."""

import numpy as np

OUTPUTS = ("prediction", "mapped", "scanned")


def model_inputs():
    """(x, labels) fed to the model."""
    rng = np.random.RandomState(11)
    return rng.uniform(-1, 1, (5, 4)).astype(np.float32), rng.uniform(-1, 1, (5, 1)).astype(np.float32)


def build_model(tf, trainable=True):
    """A dropout under `tf.cond` (the `training` placeholder), a `tf.while_loop` with maximum_iterations and
    a `tf.cond` in its body reading a variable, `tf.map_fn` and `tf.scan`; the outputs OUTPUTS and `loss`.
    Returns (x, labels, loss, gradient-descent train op or None)."""
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    labels = tf.placeholder(tf.float32, [None, 1], name="labels")
    training = tf.placeholder_with_default(False, [], name="training")
    rng = np.random.RandomState(5)
    with tf.variable_scope("dense1"):
        w1 = tf.get_variable("w", initializer=rng.normal(0, 0.5, (4, 8)).astype(np.float32))
        b1 = tf.get_variable("b", initializer=np.full(8, 0.1, np.float32))
    h = tf.nn.relu(tf.matmul(x, w1) + b1)
    h = tf.cond(training, lambda: tf.nn.dropout(h, rate=0.5, seed=7), lambda: h, name="dropout")
    with tf.variable_scope("dense2"):
        w2 = tf.get_variable("w", initializer=rng.normal(0, 0.5, (8, 1)).astype(np.float32))
    out = tf.matmul(h, w2)
    scale = tf.get_variable("scale", initializer=np.float32(0.5))

    def body(i, a):
        return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: a * scale + 1.0, lambda: a - scale)

    _, acc = tf.while_loop(lambda i, a: i < 4, body, [0, out], maximum_iterations=3)
    prediction = tf.identity(acc, name="prediction")
    mapped = tf.identity(tf.map_fn(lambda r: tf.reduce_sum(r * r), h), name="mapped")
    scanned = tf.identity(tf.scan(lambda a, r: a + r, h), name="scanned")
    loss = tf.add(tf.reduce_mean(tf.square(prediction - labels)),
                  0.01 * (tf.reduce_mean(mapped) + tf.reduce_mean(scanned)), name="loss")
    if not trainable:
        return x, labels, loss, None
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    tf.add_to_collection("train_op", train)
    return x, labels, loss, train
