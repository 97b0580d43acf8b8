"""tf.metrics: variable names and collections, streaming semantics over batches, reset.
Values marked "TF 2.21" were recorded from TensorFlow 2.21."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
import sessionflow.metrics
from sessionflow._namespaces import install_exports
from sessionflow.framework.api import EXPORTS

install_exports(vars(tf), EXPORTS)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_accuracy_variables_and_streaming():
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.int64, [None])
    acc, update = tf.metrics.accuracy(labels, preds)
    tf.metrics.accuracy(labels, preds)
    assert [v.name for v in tf.local_variables()] == ["accuracy/total:0", "accuracy/count:0",
                                                      "accuracy_1/total:0", "accuracy_1/count:0"]
    assert tf.get_collection(tf.GraphKeys.METRIC_VARIABLES) == tf.local_variables()
    assert tf.global_variables() == [] and tf.trainable_variables() == []
    assert (acc.name, update.name) == ("accuracy/value:0", "accuracy/update_op:0")
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        assert s.run(acc) == 0.0
        assert s.run(update, {labels: [1, 0, 2, 1], preds: [1, 1, 2, 0]}) == 0.5
        assert s.run(acc) == 0.5
        assert s.run(update, {labels: [0, 0, 1, 1], preds: [0, 1, 1, 1]}) == 0.625
        assert s.run(acc) == 0.625
        s.run(tf.local_variables_initializer())
        assert s.run(acc) == 0.0


def test_mean_weighted_and_collections():
    values = tf.placeholder(tf.float32, [None])
    m, update = tf.metrics.mean(values, weights=tf.constant([1.0, 0.0, 3.0]), metrics_collections=["mc"],
                                updates_collections=["uc"])
    assert tf.get_collection("mc") == [m] and tf.get_collection("uc") == [update]
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        s.run(update, {values: [2.0, 100.0, 4.0]})
        assert s.run(update, {values: [1.0, 1.0, 1.0]}) == pytest.approx((2 + 12 + 1 + 3) / 8)
        assert s.run(m) == pytest.approx(18 / 8)


def test_precision_recall_mse_auc_mean_iou_match_tf():
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.int64, [None])
    scores = tf.placeholder(tf.float32, [None])
    metrics = [tf.metrics.precision(labels, preds), tf.metrics.recall(labels, preds),
               tf.metrics.mean_squared_error(labels, preds), tf.metrics.auc(labels, scores),
               tf.metrics.mean_iou(labels, preds, 3)]
    names = [v.name for v in tf.local_variables()]
    assert names[:4] == ["precision/true_positives/count:0", "precision/false_positives/count:0",
                         "recall/true_positives/count:0", "recall/false_negatives/count:0"]
    assert names[6:] == ["auc/true_positives:0", "auc/false_negatives:0", "auc/true_negatives:0",
                         "auc/false_positives:0", "mean_iou/total_confusion_matrix:0"]
    assert tf.local_variables()[6].shape.as_list() == [200]
    values = [v for v, _ in metrics]
    updates = [u for _, u in metrics]
    batches = [([1, 0, 2, 1], [1, 1, 2, 0], [0.9, 0.6, 0.2, 0.4]), ([0, 0, 1, 1], [0, 1, 1, 1], [0.1, 0.7, 0.8, 0.3])]
    expected = [[0.6666667, 0.6666667, 0.5, 0.33333322, 0.44444445],  # TF 2.21
                [0.6666667, 0.8, 0.375, 0.5999999, 0.5833333]]
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        for (lab, pr, sc), exp in zip(batches, expected):
            s.run(updates, {labels: lab, preds: pr, scores: sc})
            np.testing.assert_allclose(s.run(values), exp, rtol=1e-6)
        np.testing.assert_array_equal(s.run(updates[-1], {labels: [0], preds: [2]}),
                                      [[1, 2, 1], [1, 3, 0], [0, 0, 1]])


def test_auc_perfect_and_reset():
    labels = tf.constant([0, 0, 1, 1])
    auc, update = tf.metrics.auc(labels, tf.constant([0.1, 0.2, 0.8, 0.9]))
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        assert s.run(update) == pytest.approx(1.0, abs=1e-5)
        s.run(tf.local_variables_initializer())
        assert s.run(auc) == 0.0


def test_mean_iou_casts_num_classes_as_tf_and_checks_the_ids():
    # TF 2.21's graph: mean_iou casts num_classes to int64 itself (mean_iou/Cast_2), which confusion_matrix's
    # bound checks then name; the zero of the final select is the Select op's own input; ids out of range fail
    labels = tf.placeholder(tf.int64, [None])
    value, update = tf.metrics.mean_iou(labels, tf.constant([0, 1, 2], tf.int64), num_classes=3)
    names = {op.name for op in tf.get_default_graph().get_operations()}
    assert {"mean_iou/Cast_2", "mean_iou/Select_1/e", "mean_iou/confusion_matrix/ScatterNd"} <= names
    assert "mean_iou/confusion_matrix/Cast" not in names
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run(update, {labels: [0, 1, 1]})
        np.testing.assert_allclose(sess.run(value), 0.5)  # TF 2.21: (1 + 0.5 + 0) / 3 classes seen
        with pytest.raises(tf.errors.InvalidArgumentError, match="`labels` out of bound"):
            sess.run(update, {labels: [0, 1, 3]})
