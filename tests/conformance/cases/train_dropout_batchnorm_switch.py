"""A classifier with tf.layers.dropout and tf.layers.batch_normalization under a `training` switch, trained
30 Adam steps in both TF1 forms of running the UPDATE_OPS: control_dependencies and tf.group."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
X = rng.randn(64, 10).astype(np.float32)
Y = (X[:, :3].sum(1) > 0).astype(np.int64) + (X[:, 3] > 1).astype(np.int64)


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
        loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
        update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
        optimizer = tf.train.AdamOptimizer(0.01)
        if form == "control_dependencies":
            with tf.control_dependencies(update_ops):
                step_op = optimizer.minimize(loss)
        else:
            step_op = tf.group(optimizer.minimize(loss), *update_ops)
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())  # no feed: slots and beta powers are made under init_scope
            for step in range(30):
                _, l = sess.run([step_op, loss], {x: X, y: Y, training: True})
                if step % 5 == 0 or step == 29:
                    print(form, step, "%.6f" % l)
            mean = [v for v in tf.global_variables() if "moving_mean" in v.name][0]
            print("moving mean", np.round(sess.run(mean)[:4], 5))
            print("eval loss %.6f accuracy %.4f" % tuple(sess.run([loss, accuracy], {x: X, y: Y})))


train("control_dependencies")
train("group")
