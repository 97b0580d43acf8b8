"""TF1 programs over the top-k streaming metrics (tf.metrics.precision_at_k, recall_at_k, average_precision_at_k,
precision_at_top_k, recall_at_top_k, sparse_precision_at_k, sparse_average_precision_at_k), run both by
tools/record_nnmisc.py (on TensorFlow: tests/goldens/metrics_at_k.json) and by tests/test_metrics_at_k.py. Each
program streams two batches through the update op and reads the value, the local variables' names and values."""

import numpy as np

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


_PREDICTIONS = [np.random.RandomState(1).rand(4, 5).astype(np.float32),
                np.random.RandomState(2).rand(4, 5).astype(np.float32)]
_LABELS = [np.array([[0, 3], [2, 2], [4, 1], [1, 0]], np.int64), np.array([[1, 4], [3, 0], [0, 2], [2, 2]], np.int64)]
_WEIGHTS = [np.array([1.0, 0.5, 2.0, 0.0], np.float32), np.array([0.0, 1.0, 1.0, 3.0], np.float32)]


def _stream(tf, run, make, labels=_LABELS, weighted=False, predictions=_PREDICTIONS):
    p = tf.placeholder(tf.float32, [4, 5] if predictions is _PREDICTIONS else None, name="p")
    lab = tf.placeholder(tf.int64, [4] + list(labels[0].shape[1:]), name="labels")
    w = tf.placeholder(tf.float32, [4], name="w") if weighted else None
    value, update = make(lab, p, w)
    run(tf.local_variables_initializer())
    updates = []
    for i in range(2):
        feed = {p: predictions[i], lab: labels[i]}
        if weighted:
            feed[w] = _WEIGHTS[i]
        updates.append(run(update, feed))
    local = tf.local_variables()
    return dict(value=run(value), updates=updates, variables=[v.op.name for v in local],
                variable_values=run(local), names=[value.op.name, update.op.name],
                collections=[len(tf.get_collection(tf.GraphKeys.METRIC_VARIABLES))])


@case
def precision_recall_at_k(tf, run):
    out = {}
    for k in (1, 2, 3):
        out[f"precision_at_{k}"] = _stream(tf, run, lambda lab, p, w: tf.metrics.precision_at_k(lab, p, k))
        out[f"recall_at_{k}"] = _stream(tf, run, lambda lab, p, w: tf.metrics.recall_at_k(lab, p, k))
    return out


@case
def at_k_class_id_and_weights(tf, run):
    return dict(
        precision=_stream(tf, run, lambda lab, p, w: tf.metrics.precision_at_k(lab, p, 2, class_id=2, weights=w),
                          weighted=True),
        recall=_stream(tf, run, lambda lab, p, w: tf.metrics.recall_at_k(lab, p, 3, class_id=0, weights=w,
                                                                        name="my_recall"), weighted=True),
        sparse_precision=_stream(tf, run, lambda lab, p, w: tf.metrics.sparse_precision_at_k(lab, p, 2)))


@case
def at_k_single_label(tf, run):
    labels = [np.array([0, 2, 4, 1], np.int64), np.array([3, 3, 0, 2], np.int64)]
    return dict(precision=_stream(tf, run, lambda lab, p, w: tf.metrics.precision_at_k(lab, p, 2), labels=labels),
                recall=_stream(tf, run, lambda lab, p, w: tf.metrics.recall_at_k(lab, p, 1), labels=labels))


@case
def at_top_k(tf, run):
    idx = [np.array([[0, 1], [2, 3], [4, 0], [1, 1]], np.int32), np.array([[3, 0], [1, 2], [0, 4], [2, 0]], np.int32)]

    def precision(lab, p, w):
        return tf.metrics.precision_at_top_k(lab, tf.cast(p, tf.int32), k=2)

    def recall(lab, p, w):
        return tf.metrics.recall_at_top_k(lab, tf.cast(p, tf.int32), class_id=1)

    return dict(precision=_stream(tf, run, precision, predictions=idx),
                recall=_stream(tf, run, recall, predictions=idx))


@case
def average_precision(tf, run):
    out = {}
    for k in (1, 3, 5):
        out[f"k={k}"] = _stream(tf, run, lambda lab, p, w: tf.metrics.average_precision_at_k(lab, p, k))
    out["weighted"] = _stream(tf, run, lambda lab, p, w: tf.metrics.average_precision_at_k(lab, p, 2, weights=w),
                              weighted=True)
    out["out_of_range"] = _stream(tf, run, lambda lab, p, w: tf.metrics.sparse_average_precision_at_k(lab, p, 3),
                                  labels=[_LABELS[0] + 3, _LABELS[1]])
    try:
        tf.metrics.average_precision_at_k(tf.constant([[1]], tf.int64), tf.constant([[0.5, 0.5]]), 0)
    except ValueError as e:
        out["bad_k"] = str(e)
    return out
