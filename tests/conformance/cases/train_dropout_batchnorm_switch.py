"""A classifier with tf.layers.dropout and tf.layers.batch_normalization under a `training` switch, trained
30 Adam steps in both TF1 forms of running the UPDATE_OPS (control_dependencies and tf.group), saved with
tf.train.Saver, then loaded into a fresh graph with tf.train.import_meta_graph and run by tensor names
(inference, and one more step of the restored train op)."""
import os
import tempfile

import numpy as np
import tensorflow as tf

tf.disable_control_flow_v2()  # as recorded: TF 1 conds, whose dropout draws count the graph's op seeds

rng = np.random.RandomState(0)
X = rng.randn(64, 10).astype(np.float32)
Y = (X[:, :3].sum(1) > 0).astype(np.int64) + (X[:, 3] > 1).astype(np.int64)
folder = tempfile.mkdtemp()


def train(form):
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
        tf.nn.softmax(logits, name="probabilities")
        update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        optimizer = tf.train.AdamOptimizer(0.01)
        if form == "control_dependencies":
            with tf.control_dependencies(update_ops):
                step_op = optimizer.minimize(loss, name="train")
        else:
            step_op = tf.group(optimizer.minimize(loss), *update_ops, name="train")
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())  # no feed: slots and beta powers are made under init_scope
            for step in range(30):
                _, l = sess.run([step_op, loss], {x: X, y: Y, training: True})
                if step % 5 == 0 or step == 29:
                    print(form, step, "%.6f" % l)
            mean = [v for v in tf.global_variables() if "moving_mean" in v.name][0]
            print("moving mean", np.round(sess.run(mean)[:4], 5))
            print("eval loss %.6f accuracy %.4f" % tuple(sess.run([loss, accuracy], {x: X, y: Y})))
            return saver.save(sess, os.path.join(folder, form))


def restore(prefix):
    with tf.Graph().as_default():
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


for form in ("control_dependencies", "group"):
    restore(train(form))
