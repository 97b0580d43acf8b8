"""Softmax regression on scikit-learn's bundled 8x8 digits, written as TF1 code.

    sessionflow run examples/digits_softmax.py      (needs scikit-learn for the data set)
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data.astype(np.float32) / 16.0, digits.target, test_size=0.25, random_state=0)

tf.set_random_seed(0)
x = tf.placeholder(tf.float32, [None, 64], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
w = tf.Variable(tf.zeros([64, 10]), name="w")
b = tf.Variable(tf.zeros([10]), name="b")
logits = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(30):
        order = rng.permutation(len(x_train))
        for start in range(0, len(order), 64):
            batch = order[start:start + 64]
            sess.run(train_op, {x: x_train[batch], y: y_train[batch]})
        if epoch % 10 == 9:
            print("epoch %2d  loss %.4f" % (epoch + 1, sess.run(loss, {x: x_train, y: y_train})))
    print("test accuracy: %.4f" % sess.run(accuracy, {x: x_test, y: y_test}))
