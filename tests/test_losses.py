"""tf.losses: values vs NumPy for each loss and reduction, LOSSES collection, totals, errors.
Values marked "TF 2.21" were recorded from TensorFlow 2.21."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
import sessionflow.losses
from sessionflow._namespaces import install_exports
from sessionflow.framework.api import EXPORTS

install_exports(vars(tf), EXPORTS)

R = sessionflow.losses.Reduction
LABELS = np.array([[0.0, 1.0], [1.0, 1.0], [0.0, 0.0]], np.float32)
PREDS = np.array([[0.2, 0.7], [0.9, 0.4], [0.1, 0.0]], np.float32)
W = np.array([[1.0, 0.0], [0.5, 2.0], [0.0, 0.0]], np.float32)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def _run(t):
    with tf.Session() as s:
        return s.run(t)


def _reduce(losses, weights, reduction):
    weighted = losses * weights
    if reduction == R.NONE:
        return weighted
    total = weighted.sum()
    if reduction == R.SUM:
        return total
    if reduction == R.MEAN:
        denom = (np.ones_like(losses) * weights).sum()
    elif reduction == R.SUM_OVER_BATCH_SIZE:
        denom = losses.size
    else:
        denom = np.count_nonzero(np.broadcast_to(weights, losses.shape))
    return total / denom if denom else 0.0


@pytest.mark.parametrize("reduction", [R.SUM_BY_NONZERO_WEIGHTS, R.NONE, R.SUM, R.MEAN, R.SUM_OVER_BATCH_SIZE])
@pytest.mark.parametrize("weights", [1.0, 2.0, W, np.array([[1.0], [0.0], [2.0]], np.float32)])
def test_regression_losses_match_numpy(reduction, weights):
    err = PREDS - LABELS
    logits = LABELS * 3 - 1.5 + PREDS
    huber = np.where(np.abs(err) <= 1.0, 0.5 * err ** 2, np.abs(err) - 0.5)
    cases = [
        (tf.losses.mean_squared_error(LABELS, PREDS, weights=weights, reduction=reduction), err ** 2),
        (tf.losses.absolute_difference(LABELS, PREDS, weights=weights, reduction=reduction), np.abs(err)),
        (tf.losses.huber_loss(LABELS, PREDS, weights=weights, reduction=reduction), huber),
        (tf.losses.log_loss(LABELS, PREDS, weights=weights, reduction=reduction),
         -LABELS * np.log(PREDS + 1e-7) - (1 - LABELS) * np.log(1 - PREDS + 1e-7)),
        (tf.losses.hinge_loss(LABELS, logits, weights=weights, reduction=reduction),
         np.maximum(0, 1 - (2 * LABELS - 1) * logits)),
        (tf.losses.sigmoid_cross_entropy(LABELS, logits, weights=weights, reduction=reduction),
         np.maximum(logits, 0) - logits * LABELS + np.log1p(np.exp(-np.abs(logits)))),
    ]
    for tensor, losses in cases:
        np.testing.assert_allclose(_run(tensor), _reduce(losses, weights, reduction), rtol=1e-5, atol=1e-6)


def test_softmax_and_sparse_cross_entropy():
    onehot = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], np.float32)
    lg = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]], np.float32)
    logp = lg - np.log(np.exp(lg).sum(1, keepdims=True))
    per_example = -(onehot * logp).sum(1)
    smooth = onehot * 0.8 + 0.2 / 3
    got = _run([tf.losses.softmax_cross_entropy(onehot, lg),
                tf.losses.softmax_cross_entropy(onehot, lg, label_smoothing=0.2),
                tf.losses.softmax_cross_entropy(onehot, lg, weights=[0.5, 3.0]),
                tf.losses.sparse_softmax_cross_entropy([1, 0], lg),
                tf.losses.sparse_softmax_cross_entropy([[1], [0]], lg, weights=[[2.0], [1.0]])])
    np.testing.assert_allclose(got, [per_example.mean(), (-(smooth * logp).sum(1)).mean(),
                                     (per_example * [0.5, 3.0]).sum() / 2, per_example.mean(),
                                     (per_example * [2.0, 1.0]).sum() / 2], rtol=1e-5)
    assert _run(tf.losses.softmax_cross_entropy(onehot, lg, label_smoothing=0.2)) == pytest.approx(1.25669, abs=1e-5)  # TF 2.21


def test_names_collection_and_totals():
    loss = tf.losses.mean_squared_error(LABELS, PREDS)
    assert loss.name == "mean_squared_error/value:0"  # TF 2.21
    assert tf.get_collection(tf.GraphKeys.LOSSES) == [loss] == tf.losses.get_losses()
    tf.losses.absolute_difference(LABELS, PREDS, loss_collection=None)
    assert len(tf.losses.get_losses()) == 1
    tf.losses.add_loss(tf.constant(1.5))
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.25))
    total = tf.losses.get_total_loss()
    reg = tf.losses.get_regularization_loss()
    assert total.name == "total_loss:0" and reg.name == "total_regularization_loss:0"
    mse = float(((PREDS - LABELS) ** 2).mean())
    got = _run([total, tf.losses.get_total_loss(add_regularization_losses=False), reg])
    np.testing.assert_allclose(got, [mse + 1.75, mse + 1.5, 0.25], rtol=1e-6)


def test_empty_collections():
    assert _run(tf.losses.get_regularization_loss()) == 0.0
    with pytest.raises(ValueError, match="at least one Tensor"):
        tf.losses.get_total_loss()


def test_zero_weights_give_zero_and_errors():
    assert _run(tf.losses.mean_squared_error(LABELS, PREDS, weights=0.0)) == 0.0
    with pytest.raises(ValueError, match="Invalid Reduction Key bogus"):
        tf.losses.mean_squared_error(LABELS, PREDS, reduction="bogus")
    with pytest.raises(ValueError, match="weights can not be broadcast to values. values.rank=2. weights.rank=1"):
        tf.losses.mean_squared_error(LABELS, PREDS, weights=tf.constant([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="Argument `labels` must not be None."):
        tf.losses.mean_squared_error(None, PREDS)
    with pytest.raises(ValueError):
        tf.losses.mean_squared_error(LABELS, PREDS[:, :1].repeat(3, 1))


def test_loss_is_differentiable():
    w = tf.Variable([[1.0, 2.0]])
    loss = tf.losses.mean_squared_error([[0.0, 0.0]], w)
    grad = tf.gradients(loss, w)[0]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(grad), [[1.0, 2.0]])
