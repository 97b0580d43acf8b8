# tf.losses: values for every loss x reduction x weights, names, LOSSES collection, totals.
import numpy as np
import tensorflow as tf

R = tf.losses.Reduction
labels = tf.constant([[0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
preds = tf.constant([[0.2, 0.7], [0.9, 0.4], [0.1, 0.0]])
logits = tf.constant([[-1.0, 2.0], [0.5, -0.5], [3.0, 0.1]])
weights = [None, tf.constant(2.0), tf.constant([[1.0], [0.0], [2.0]]), tf.constant([[1.0, 0.0], [0.5, 2.0], [0.0, 0.0]])]
results = []
for fn, args in ((tf.losses.mean_squared_error, (labels, preds)), (tf.losses.absolute_difference, (labels, preds)),
                 (tf.losses.log_loss, (labels, preds)), (tf.losses.hinge_loss, (labels, logits)),
                 (tf.losses.huber_loss, (labels, logits * 2.0)), (tf.losses.sigmoid_cross_entropy, (labels, logits))):
    for w in weights:
        for red in (R.SUM_BY_NONZERO_WEIGHTS, R.NONE, R.SUM, R.MEAN, R.SUM_OVER_BATCH_SIZE):
            results.append((fn.__name__, str(w)[:30], red, fn(*args, weights=1.0 if w is None else w, reduction=red)))
onehot = tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
lg = tf.constant([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]])
results.append(("softmax", "", "", tf.losses.softmax_cross_entropy(onehot, lg)))
results.append(("softmax_ls", "", "", tf.losses.softmax_cross_entropy(onehot, lg, label_smoothing=0.2)))
results.append(("softmax_w", "", "", tf.losses.softmax_cross_entropy(onehot, lg, weights=tf.constant([0.5, 3.0]))))
results.append(("sigmoid_ls", "", "", tf.losses.sigmoid_cross_entropy(labels, logits, label_smoothing=0.1)))
results.append(("sparse", "", "", tf.losses.sparse_softmax_cross_entropy(tf.constant([1, 2]), lg)))
results.append(("sparse2d", "", "", tf.losses.sparse_softmax_cross_entropy(tf.constant([[1], [0]]), lg,
                                                                           weights=tf.constant([[2.0], [1.0]]))))
results.append(("huber_delta", "", "", tf.losses.huber_loss(labels, logits, delta=0.5)))
results.append(("zero_weights", "", "", tf.losses.mean_squared_error(labels, preds, weights=0.0)))
print(len(tf.get_collection(tf.GraphKeys.LOSSES)), len(results))
print([t.name for *_, t in results[:6]], results[-1][3].name, results[-4][3].name)
print(tf.losses.get_losses()[0].name, len(tf.losses.get_losses(scope="mean_squared_error")))
extra = tf.losses.mean_squared_error(labels, preds, loss_collection=None)
print("not collected", len(tf.get_collection(tf.GraphKeys.LOSSES)))
with tf.name_scope("totals"):
    scalar = tf.losses.absolute_difference(labels, preds, scope="scalar_only")
tf.losses.add_loss(tf.constant(1.5), loss_collection="mine")
tf.losses.add_loss(scalar, loss_collection="mine")
tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.25))
total = tf.add_n(tf.losses.get_losses(loss_collection="mine"), name="mine_total")
total_scoped = tf.losses.get_total_loss(scope="totals")
total_noreg = tf.losses.get_total_loss(add_regularization_losses=False, scope="totals")
reg = tf.losses.get_regularization_loss()
print(total.name, total_scoped.name, reg.name, [t.name for t in tf.losses.get_regularization_losses()])
try:
    tf.losses.mean_squared_error(labels, preds, reduction="bogus")
except ValueError as e:
    print("ValueError:", e)
try:
    tf.losses.mean_squared_error(labels, preds, weights=tf.constant([1.0, 2.0, 3.0]))
except ValueError as e:
    print("ValueError:", e)
try:
    tf.losses.mean_squared_error(None, preds)
except ValueError as e:
    print("ValueError:", e)
with tf.Session() as s:
    for name, w, red, t in results:
        print(name, w, red, np.round(s.run(t), 5).tolist())
    print(np.round(s.run([extra, total, total_scoped, total_noreg, reg]), 5).tolist())
with tf.Graph().as_default():
    print("empty reg", tf.Session().run(tf.losses.get_regularization_loss()))
    try:
        tf.losses.get_total_loss()
    except ValueError as e:
        print("ValueError:", e)
