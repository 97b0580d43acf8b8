"""A small convolutional network (conv 3x3x16 + max-pool + dense) on scikit-learn's 8x8 digits, as TF1 code.

    sessionflow run examples/digits_cnn.py      (needs scikit-learn for the data set)
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

digits = load_digits()
images = digits.images.astype(np.float32)[..., np.newaxis] / 16.0
x_train, x_test, y_train, y_test = train_test_split(images, digits.target, test_size=0.25, random_state=0)

tf.set_random_seed(0)
x = tf.placeholder(tf.float32, [None, 8, 8, 1], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
conv_w = tf.Variable(tf.truncated_normal([3, 3, 1, 16], stddev=0.3), name="conv_w")
conv_b = tf.Variable(tf.zeros([16]), name="conv_b")
conv = tf.nn.relu(tf.nn.conv2d(x, conv_w, strides=[1, 1, 1, 1], padding="SAME") + conv_b)
pool = tf.nn.max_pool(conv, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
flat = tf.reshape(pool, [-1, 4 * 4 * 16])
dense_w = tf.Variable(tf.truncated_normal([256, 64], stddev=0.1), name="dense_w")
dense_b = tf.Variable(tf.zeros([64]), name="dense_b")
hidden = tf.nn.relu(tf.matmul(flat, dense_w) + dense_b)
out_w = tf.Variable(tf.truncated_normal([64, 10], stddev=0.1), name="out_w")
out_b = tf.Variable(tf.zeros([10]), name="out_b")
logits = tf.matmul(hidden, out_w) + out_b
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(0.003).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(15):
        order = rng.permutation(len(x_train))
        for start in range(0, len(order), 32):
            batch = order[start:start + 32]
            sess.run(train_op, {x: x_train[batch], y: y_train[batch]})
        if epoch % 5 == 4:
            l, acc = sess.run([loss, accuracy], {x: x_train, y: y_train})
            print("epoch %2d  loss %.4f  train accuracy %.4f" % (epoch + 1, l, acc))
    print("test accuracy: %.4f" % sess.run(accuracy, {x: x_test, y: y_test}))
