"""The dropout + batch-norm classifier under a training switch, trained, saved with tf.train.Saver, then
loaded into a fresh graph with tf.train.import_meta_graph and run by tensor names (inference and one more
training step through the restored train op)."""
import os
import tempfile

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
X = rng.randn(64, 10).astype(np.float32)
Y = (X[:, :3].sum(1) > 0).astype(np.int64) + (X[:, 3] > 1).astype(np.int64)
folder = tempfile.mkdtemp()
prefix = os.path.join(folder, "model.ckpt")

with tf.Graph().as_default():
    tf.set_random_seed(42)
    x = tf.placeholder(tf.float32, [None, 10], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    training = tf.placeholder_with_default(False, [], name="training")
    h = tf.layers.dense(x, 16, activation=tf.nn.relu)
    h = tf.layers.batch_normalization(h, training=training)
    h = tf.layers.dropout(h, rate=0.3, training=training)
    logits = tf.layers.dense(h, 3, name="logits")
    loss = tf.identity(tf.losses.sparse_softmax_cross_entropy(y, logits), name="loss")
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.AdamOptimizer(0.01).minimize(loss, name="train")
    probabilities = tf.nn.softmax(logits, name="probabilities")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(20):
            sess.run(train, {x: X, y: Y, training: True})
        print("before saving: eval loss %.6f" % sess.run(loss, {x: X, y: Y}))
        saver.save(sess, prefix)

with tf.Graph().as_default() as graph:
    restorer = tf.train.import_meta_graph(prefix + ".meta")
    with tf.Session() as sess:
        restorer.restore(sess, prefix)
        feeds = {"x:0": X, "y:0": Y}
        print("restored: eval loss %.6f" % sess.run("loss:0", feeds))
        print("restored: probabilities", np.round(sess.run("probabilities:0", feeds)[:2], 5).tolist())
        sess.run("train", dict(feeds, **{"training:0": False}))
        print("restored: after one more step (training=False) %.6f" % sess.run("loss:0", feeds))
        print("trainable variables", len(tf.trainable_variables()), "update ops",
              len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
