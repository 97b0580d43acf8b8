import tensorflow as tf
import numpy as np

# tf.nn activations, softmax, cross-entropy, bias_add, l2, dropout: values, dtypes, shapes, op names.
def show(label, t, value):
    value = value.astype(int) if value.dtype == bool else value
    print(label, t.op.type, t.dtype.name, t.shape, np.array2string(np.round(value, 5), precision=5))

x = tf.constant([[0.3, -0.7, 1.2, 7.5], [2.5, -1.4, 0.5, -6.1]])
labels = tf.constant([[0.2, 0.3, 0.1, 0.4], [1.0, 0.0, 0.0, 0.0]])
ts = [tf.nn.relu(x), tf.nn.relu6(x), tf.nn.leaky_relu(x), tf.nn.leaky_relu(x, alpha=0.1), tf.nn.elu(x),
      tf.nn.selu(x), tf.nn.crelu(x), tf.nn.softmax(x), tf.nn.log_softmax(x),
      tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=x),
      tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x),
      tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[3, 0], logits=x),
      tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=x),
      tf.nn.bias_add(x, [1.0, 2.0, 3.0, 4.0]), tf.nn.l2_loss(x), tf.nn.l2_normalize(x, axis=1),
      tf.nn.in_top_k(x, [3, 1], 2)]
print([t.op.name for t in ts[:9]])
tf.set_random_seed(1)
d1 = tf.nn.dropout(tf.ones([3, 6]), rate=0.5, seed=7)
d2 = tf.nn.dropout(tf.ones([2, 5]), keep_prob=0.75)
with tf.Session() as sess:
    for i, (t, v) in enumerate(zip(ts, sess.run(ts))):
        show(str(i), t, v)
    for t, v in zip([d1, d2], sess.run([d1, d2])):
        print("dropout", t.dtype.name, t.shape, np.array2string(np.round(v, 5), precision=5))
