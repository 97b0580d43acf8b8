import os
import tempfile

import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 1], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
w = tf.Variable(0.0, name="w")
b = tf.Variable(0.0, name="b")
loss = tf.reduce_mean(tf.square(x * w + b - y))
global_step = tf.train.get_or_create_global_step()
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
saver = tf.train.Saver()  # built once, before the loop
init = tf.global_variables_initializer()
tf.get_default_graph().finalize()

xs = np.array([[0.0], [1.0], [2.0], [3.0]], np.float32)
ys = 2 * xs + 1
os.chdir(tempfile.mkdtemp())  # the checkpoint goes to a fresh directory
checkpoint = "model"

for attempt in range(2):  # starting over on purpose: initialize, then train again
    with tf.Session() as sess:
        sess.run(init)
        for step in range(30):
            _, loss_value = sess.run([train, loss], {x: xs, y: ys})
            if step % 10 == 0:
                saver.save(sess, checkpoint)
        print("attempt", attempt, f"loss {loss_value:.4f}", "step", sess.run(global_step))

with tf.Session() as sess:
    sess.run(init)
    for fold in range(3):  # cross-validation style: reset the model, then train it again
        sess.run(init)
        for step in range(5):
            sess.run(train, {x: xs, y: ys})
        print("fold", fold, f"w={sess.run(w):.3f}")
    saver.restore(sess, checkpoint)
    print("restored: w={:.3f} b={:.3f}".format(*sess.run([w, b])))
