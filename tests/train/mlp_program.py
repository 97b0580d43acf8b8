"""The MLP training program shared by the TF recording tool and the test: 784-256-10 with ReLU,
initial weights and batches from a fixed NumPy generator (fed in, not drawn by TF), 50 steps.

`train_losses(tf, optimizer_name)` takes a TF1-compatible module (real TensorFlow's compat.v1 or
sessionflow) and returns the loss of every step.
"""

import numpy as np

STEPS = 50
BATCH = 32


def _data():
    rng = np.random.RandomState(1234)
    weights = {
        "w1": (rng.randn(784, 256) * np.sqrt(2.0 / 784)).astype(np.float32),
        "b1": np.zeros(256, np.float32),
        "w2": (rng.randn(256, 10) * np.sqrt(1.0 / 256)).astype(np.float32),
        "b2": np.zeros(10, np.float32),
    }
    xs = rng.rand(STEPS, BATCH, 784).astype(np.float32)
    ys = rng.randint(0, 10, size=(STEPS, BATCH)).astype(np.int64)
    return weights, xs, ys


def _optimizer(tf, name):
    if name == "sgd":
        return tf.train.GradientDescentOptimizer(0.02)
    if name == "momentum":
        return tf.train.MomentumOptimizer(0.01, 0.9)
    if name == "adam":
        return tf.train.AdamOptimizer(0.001)
    raise ValueError(name)


def train_losses(tf, optimizer_name):
    weights, xs, ys = _data()
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 784])
        y = tf.placeholder(tf.int64, [None])
        w1 = tf.Variable(weights["w1"], name="w1")
        b1 = tf.Variable(weights["b1"], name="b1")
        w2 = tf.Variable(weights["w2"], name="w2")
        b2 = tf.Variable(weights["b2"], name="b2")
        hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
        logits = tf.matmul(hidden, w2) + b2
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        train_op = _optimizer(tf, optimizer_name).minimize(loss)
        losses = []
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(STEPS):
                value, _ = sess.run([loss, train_op], {x: xs[step], y: ys[step]})
                losses.append(float(value))
    return losses
