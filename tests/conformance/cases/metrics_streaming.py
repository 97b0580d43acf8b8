# tf.metrics: variable names/collections, streaming updates over two batches, reset by local_variables_initializer.
import tensorflow as tf

labels = tf.placeholder(tf.int64, [None])
preds = tf.placeholder(tf.int64, [None])
acc, acc_up = tf.metrics.accuracy(labels, preds)
acc2, acc2_up = tf.metrics.accuracy(labels, preds, weights=tf.constant([1., 2., 0., 1.]))
m, m_up = tf.metrics.mean(tf.cast(preds, tf.float32))
p, p_up = tf.metrics.precision(labels, preds)
r, r_up = tf.metrics.recall(labels, preds)
mse, mse_up = tf.metrics.mean_squared_error(labels, preds)
scores = tf.placeholder(tf.float32, [None])
a, a_up = tf.metrics.auc(labels, scores)
iou, iou_up = tf.metrics.mean_iou(labels, preds, 3)
print([v.name for v in tf.local_variables()])
print([v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)])
print(len(tf.global_variables()))
print(acc.name, acc_up.name, p.name, p_up.name, a.name, a_up.name, iou.name, iou_up.name)
with tf.Session() as s:
    s.run(tf.local_variables_initializer())
    batches = [([1, 0, 2, 1], [1, 1, 2, 0], [0.9, 0.6, 0.2, 0.4]), ([0, 0, 1, 1], [0, 1, 1, 1], [0.1, 0.7, 0.8, 0.3])]
    for l, pr, sc in batches:
        fd = {labels: l, preds: pr, scores: sc}
        print(s.run([acc_up, acc2_up, m_up, p_up, r_up, mse_up, a_up, iou_up], fd))
        print(s.run([acc, acc2, m, p, r, mse, a, iou]))
    s.run(tf.local_variables_initializer())
    print(s.run([acc, m, p, a, iou]))
