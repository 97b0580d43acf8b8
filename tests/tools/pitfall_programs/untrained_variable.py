import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2], name="x")
labels = tf.placeholder(tf.int64, [None], name="labels")
w = tf.Variable(tf.ones([2, 3]), name="w")
b = tf.Variable(tf.zeros([3]), name="b")  # never used below: the model forgot its bias
scale = tf.Variable(1.0, name="scale")
temperature = tf.Variable(2.0, trainable=False, name="temperature")

logits = tf.matmul(x, w) / temperature
predicted = tf.argmax(logits * scale, axis=1)  # an integer: no gradient flows back through it
penalty = tf.reduce_mean(tf.cast(predicted, tf.float32))
xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
loss = tf.reduce_mean(xent) + 0.01 * penalty
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

xs = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32)
ys = np.array([0, 1, 2], np.int64)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        sess.run(train, {x: xs, labels: ys})
    w_value, b_value, scale_value, temperature_value = sess.run([w, b, scale, temperature])
    print("w:", np.round(w_value, 4).tolist())
    print("b:", b_value.tolist(), "scale:", scale_value, "temperature:", temperature_value)
