"""A two-layer perceptron (64-128-10, ReLU, Adam) on scikit-learn's bundled 8x8 digits, as TF1 code.

    sessionflow run examples/digits_mlp.py      (needs scikit-learn for the data set)
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
with tf.variable_scope("hidden"):
    w1 = tf.get_variable("w", [64, 128])
    b1 = tf.get_variable("b", [128], initializer=tf.zeros_initializer())
    h = tf.nn.relu(tf.matmul(x, w1) + b1)
with tf.variable_scope("output"):
    w2 = tf.get_variable("w", [128, 10])
    b2 = tf.get_variable("b", [10], initializer=tf.zeros_initializer())
    logits = tf.matmul(h, w2) + b2
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(0.005).minimize(loss, global_step=global_step)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(20):
        order = rng.permutation(len(x_train))
        for start in range(0, len(order), 32):
            batch = order[start:start + 32]
            sess.run(train_op, {x: x_train[batch], y: y_train[batch]})
        if epoch % 5 == 4:
            l, acc = sess.run([loss, accuracy], {x: x_train, y: y_train})
            print("epoch %2d  step %4d  loss %.4f  train accuracy %.4f" % (epoch + 1, sess.run(global_step), l, acc))
    print("test accuracy: %.4f" % sess.run(accuracy, {x: x_test, y: y_test}))
