import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 1], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
w = tf.Variable(0.0, name="w")
b = tf.Variable(0.0, name="b")
loss = tf.reduce_mean(tf.square(x * w + b - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

xs = np.array([[0.0], [1.0], [2.0], [3.0]], np.float32)
ys = 2 * xs + 1

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(200):
        sess.run(train, {x: xs, y: ys})
    print("after training: w={:.3f} b={:.3f}".format(*sess.run([w, b])))

    # A variable for the evaluation, made after training, then initialized the easy way:
    total = tf.Variable(0.0, name="total")
    sess.run(tf.global_variables_initializer())
    print("after the second initializer: w={:.3f} b={:.3f}".format(*sess.run([w, b])))
    print(f"loss: {sess.run(loss, {x: xs, y: ys}):.4f}")
