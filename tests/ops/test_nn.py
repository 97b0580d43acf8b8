"""tf.nn activations, softmax and cross-entropy, bias_add, l2, dropout, embedding_lookup, in_top_k and
batch normalization: values against NumPy references and TF-recorded values, shapes, op names, TF's
errors, and gradient functions (called directly) against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY

X = np.array([[0.3, -0.7, 1.2, 7.5], [2.5, -1.4, 0.5, -6.1]])


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("fn, ref", [
    (tf.nn.relu, lambda x: np.maximum(x, 0)),
    (tf.nn.relu6, lambda x: np.clip(x, 0, 6)),
    (tf.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x)),
    (tf.nn.elu, lambda x: np.where(x > 0, x, np.expm1(x))),
    (tf.nn.selu, lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x))),
    (tf.nn.softmax, _softmax),
    (tf.nn.log_softmax, lambda x: np.log(_softmax(x))),
])
def test_activation_values_and_dtypes(fn, ref):
    with tf.Graph().as_default():
        for dtype in (np.float64, np.float32):
            y = fn(X.astype(dtype))
            value = run(y)
            assert value.dtype == dtype and y.shape.as_list() == [2, 4]
            np.testing.assert_allclose(value, ref(X), rtol=1e-6 if dtype == np.float32 else 1e-12, atol=1e-6)


def test_op_names_match_tf():
    with tf.Graph().as_default():
        names = [tf.nn.relu6(X).name, tf.nn.leaky_relu(X).name, tf.nn.elu(X).name, tf.nn.selu(X).name,
                 tf.nn.softmax(X).name, tf.nn.log_softmax(X).name, tf.nn.bias_add(X, [1.0, 2, 3, 4]).name,
                 tf.nn.l2_loss(X).name, tf.nn.l2_normalize(X, 1).name, tf.nn.softmax(X, name="probs").name]
        assert names == ["Relu6:0", "LeakyRelu:0", "Elu:0", "Selu:0", "Softmax:0", "LogSoftmax:0", "BiasAdd:0",
                         "L2Loss:0", "l2_normalize:0", "probs:0"]


def test_crelu_and_leaky_relu_alpha():
    with tf.Graph().as_default():
        np.testing.assert_allclose(run(tf.nn.crelu(X)), np.maximum(np.concatenate([X, -X], -1), 0))
        np.testing.assert_allclose(run(tf.nn.leaky_relu(X, alpha=0.01)), np.where(X > 0, X, 0.01 * X))


def test_softmax_rank0_is_value_error():
    with tf.Graph().as_default(), pytest.raises(ValueError, match="at least rank 1"):
        tf.nn.softmax(3.0)


def test_softmax_cross_entropy_v1_v2_values():
    labels = np.array([[0.2, 0.3, 0.1, 0.4], [1.0, 0, 0, 0]])
    expected = -np.sum(labels * np.log(_softmax(X)), -1)
    with tf.Graph().as_default():
        v1 = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=X)
        v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=X)
        assert v1.name == "softmax_cross_entropy_with_logits_sg/Reshape_2:0" and v1.shape.as_list() == [2]
        assert v2.op.inputs[0].op.name == "softmax_cross_entropy_with_logits"
        assert v2.op.inputs[0].op.type == "SoftmaxCrossEntropyWithLogits"
        np.testing.assert_allclose(run([v1, v2]), [expected, expected], rtol=1e-12)
        positional = tf.nn.softmax_cross_entropy_with_logits(labels, X)  # TF 2.21 has no `_sentinel`
        np.testing.assert_allclose(run(positional), expected, rtol=1e-12)
        with pytest.raises(ValueError, match="Both `labels` and `logits` must be provided"):
            tf.nn.softmax_cross_entropy_with_logits(labels)


def test_sparse_softmax_cross_entropy():
    with tf.Graph().as_default():
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[3, 0], logits=X)
        assert loss.op.name == "SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits"
        np.testing.assert_allclose(run(loss), -np.log(_softmax(X))[[0, 1], [3, 0]], rtol=1e-12)
        bad = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[4, 0], logits=X)
        with pytest.raises(tf.errors.InvalidArgumentError, match="Received a label value of 4"):
            run(bad)
        with pytest.raises(ValueError, match="must equal `logits.shape.rank - 1`"):
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[1]], logits=X)


def test_sigmoid_and_weighted_cross_entropy():
    z = np.array([[0.0, 1.0, 0.5, 1.0], [1.0, 0.0, 0.0, 0.25]])
    with tf.Graph().as_default():
        s = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=X)
        assert s.op.name == "logistic_loss"
        p = 1 / (1 + np.exp(-X))
        np.testing.assert_allclose(run(s), -(z * np.log(p) + (1 - z) * np.log(1 - p)), rtol=1e-9)
        w = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=X, pos_weight=3.0)
        np.testing.assert_allclose(run(w), -(3 * z * np.log(p) + (1 - z) * np.log(1 - p)), rtol=1e-9)
        with pytest.raises(ValueError, match="same shape"):
            tf.nn.sigmoid_cross_entropy_with_logits(labels=z[0], logits=X)


def test_bias_add_formats_and_errors():
    v = np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2)
    b = np.array([1, 2, 3], np.float32)
    with tf.Graph().as_default():
        np.testing.assert_allclose(run(tf.nn.bias_add(v, b, data_format="NCHW")), v + b[None, :, None, None])
        np.testing.assert_allclose(run(tf.nn.bias_add(v.reshape(2, 2, 2, 3), b)), v.reshape(2, 2, 2, 3) + b)
        with pytest.raises(ValueError, match="Dimensions must be equal"):
            tf.nn.bias_add(v, b)
        with pytest.raises(ValueError, match="must be rank 1"):
            tf.nn.bias_add(v, np.array([b]))
        with pytest.raises(ValueError, match=r"to be a dense tensor with shape \[1\], but got shape \[1, 3\]"):
            tf.nn.bias_add(v, [b])  # a list holding an array: TF's conversion refuses it


def test_l2_loss_and_normalize():
    with tf.Graph().as_default():
        assert run(tf.nn.l2_loss(np.array([3.0, 4.0], np.float32))) == np.float32(12.5)
        np.testing.assert_allclose(run(tf.nn.l2_normalize(X, axis=1)),
                                   X / np.sqrt(np.sum(X ** 2, 1, keepdims=True)), rtol=1e-12)


def test_dropout_seeded_mask_matches_tf():
    # recorded from TF 2.21: tf.set_random_seed(1); tf.nn.dropout(tf.ones([2, 5]), rate=0.5, seed=7)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        y = tf.nn.dropout(tf.ones([2, 5]), rate=0.5, seed=7)
        assert y.op.name == "dropout/SelectV2" or y.op.name.startswith("dropout")
        value = run(y)
    assert set(np.unique(value)) <= {0.0, 2.0}
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="range"):
            tf.nn.dropout(tf.ones([2]), rate=1.0)
        x = tf.ones([2])
        assert tf.nn.dropout(x, keep_prob=1.0) is x


def test_embedding_lookup_single_and_sharded():
    table = np.arange(20, dtype=np.float32).reshape(10, 2)
    ids = np.array([[0, 9], [4, 5]])
    with tf.Graph().as_default():
        np.testing.assert_array_equal(run(tf.nn.embedding_lookup(table, ids)), table[ids])
        mod_shards = [table[i::3] for i in range(3)]
        np.testing.assert_array_equal(run(tf.nn.embedding_lookup(mod_shards, ids)), table[ids])
        div_shards = [table[:4], table[4:7], table[7:]]
        np.testing.assert_array_equal(run(tf.nn.embedding_lookup(div_shards, ids, partition_strategy="div")),
                                      table[ids])


def test_in_top_k_ties_count_as_in():
    preds = np.array([[0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.2, 0.3]], np.float32)
    with tf.Graph().as_default():
        np.testing.assert_array_equal(run(tf.nn.in_top_k(preds, [1, 0, 3], 1)), [True, False, False])
        np.testing.assert_array_equal(run(tf.nn.in_top_k(preds, [2, 0, 2], 2)), [True, True, True])


def test_xw_plus_b_relu_layer_batch_normalization():
    w = np.array([[1.0, -1.0], [0.5, 2.0], [0.0, 1.0], [1.0, 1.0]])
    b = np.array([0.1, -0.2])
    with tf.Graph().as_default():
        np.testing.assert_allclose(run(tf.nn.xw_plus_b(X, w, b)), X @ w + b)
        np.testing.assert_allclose(run(tf.nn.relu_layer(X, w, b)), np.maximum(X @ w + b, 0))
        mean, var = X.mean(0), X.var(0)
        y = tf.nn.batch_normalization(X, mean, var, 0.5, 2.0, 1e-3)
        np.testing.assert_allclose(run(y), (X - mean) * 2.0 / np.sqrt(var + 1e-3) + 0.5, rtol=1e-10)


def test_composites_build_tf_graphs():
    # op names and types recorded from TF 2.21 (tests/conformance/cases/nn_composite_graphs.py has more)
    with tf.Graph().as_default() as graph:
        logits = tf.placeholder(tf.float32, [None, 3])
        loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(logits), logits=logits, name="xent")
        assert loss.name == "xent/Reshape_2:0" and loss.shape.as_list() == [None]
        assert [op.type for op in graph.get_operations() if op.name.startswith("xent/Slice")] == ["Pack", "Const",
                                                                                                    "Slice"] * 2 + [
            "Const", "Pack", "Slice"]
        mean, variance = tf.nn.moments(logits, [0])
        assert (mean.name, variance.name, mean.op.type) == ("moments/Squeeze:0", "moments/Squeeze_1:0", "Squeeze")
        assert tf.nn.dropout(logits, rate=0.5).name == "dropout/SelectV2:0"
        assert tf.nn.sigmoid_cross_entropy_with_logits(labels=logits, logits=logits).op.inputs[0].op.type == "Sub"
        assert tf.nn.in_top_k(logits, [0, 1], 1).name == "in_top_k/InTopKV2:0"
        assert tf.nn.softmax(logits, axis=0, name="sm").op.type == "Transpose"


def test_softmax_over_a_tensor_axis_and_weighted_moments():
    x3 = np.arange(24.0).reshape(2, 3, 4) / 10
    weights = np.random.RandomState(0).uniform(0.5, 1.5, x3.shape)
    with tf.Graph().as_default():
        np.testing.assert_allclose(run(tf.nn.log_softmax(x3, axis=tf.constant(1))), np.log(_softmax(x3, 1)),
                                   rtol=1e-12)
        mean, var = run(tf.nn.weighted_moments(x3, [0, 2], weights))
        expected = (weights * x3).sum((0, 2)) / weights.sum((0, 2))
        np.testing.assert_allclose(mean, expected, rtol=1e-12)
        np.testing.assert_allclose(var, (weights * (x3 - expected[:, None]) ** 2).sum((0, 2)) / weights.sum((0, 2)),
                                   rtol=1e-12)


def test_sharded_embedding_gradient_reaches_every_shard():
    table = np.arange(20, dtype=np.float64).reshape(10, 2)
    ids = np.array([[0, 9], [4, 4]])
    with tf.Graph().as_default():
        shards = [tf.constant(table[i::3]) for i in range(3)]
        rows = tf.nn.embedding_lookup(shards, ids)
        assert rows.op.type == "Reshape" and rows.shape.as_list() == [2, 2, 2]
        grads = [tf.convert_to_tensor(g) for g in tf.gradients(tf.reduce_sum(rows), shards)]
        counts = [np.sum(ids.ravel() % 3 == i) for i in range(3)]
        assert [run(g).sum() for g in grads] == [2.0 * c for c in counts]


def _fd_check(opdef, inputs, attrs):
    """The op's gradient function (called directly) against central differences of sum(w * outputs)."""
    with tf.Graph().as_default():
        phs = [tf.placeholder(tf.as_dtype(a.dtype), a.shape) for a in inputs]
        result = opdef(*phs, **attrs)
        outs = list(result) if isinstance(result, tuple) else [result]
        feeds = dict(zip(phs, inputs))
        with tf.Session() as sess:
            values = sess.run(outs, feeds)
            ws = [np.random.RandomState(i).uniform(0.5, 1.5, v.shape) for i, v in enumerate(values)]
            grads = opdef.grad(outs[0].op, *[tf.constant(w) for w in ws])
            grads = list(grads) if isinstance(grads, (list, tuple)) else [grads]

            def objective(moved):
                return sum(np.sum(w * v) for w, v in zip(ws, sess.run(outs, {**feeds, **moved})))

            for i, (ph, base) in enumerate(zip(phs, inputs)):
                if base.dtype != np.float64 or grads[i] is None:
                    continue
                analytic = sess.run(grads[i], feeds)
                numeric = np.zeros_like(base)
                for idx in np.ndindex(base.shape):
                    plus, minus = base.copy(), base.copy()
                    plus[idx] += 1e-6
                    minus[idx] -= 1e-6
                    numeric[idx] = (objective({ph: plus}) - objective({ph: minus})) / 2e-6
                np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7, err_msg=f"{opdef.type} input {i}")


@pytest.mark.parametrize("op_type", ["Relu6", "LeakyRelu", "Elu", "Selu", "Softmax", "LogSoftmax", "BiasAdd",
                                     "L2Loss", "SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits",
                                     "ReluGrad", "Relu6Grad", "EluGrad", "SeluGrad", "LeakyReluGrad", "BiasAddGrad"])
def test_gradients_match_finite_differences(op_type):
    opdef = REGISTRY[op_type]
    for inputs, attrs in opdef.samples:
        if any(np.asarray(a).dtype == np.float64 for a in inputs):
            _fd_check(opdef, [np.asarray(a) for a in inputs], attrs)


_SELU_SCALE, _SELU_ALPHA = 1.0507009873554805, 1.6732632423543772


@pytest.mark.parametrize("fn, d1, d2", [
    (tf.nn.relu, lambda x: (x > 0) * 1.0, lambda x: 0 * x),
    (tf.nn.relu6, lambda x: ((x > 0) & (x < 6)) * 1.0, lambda x: 0 * x),
    (lambda t: tf.nn.leaky_relu(t, 0.3), lambda x: np.where(x > 0, 1.0, 0.3), lambda x: 0 * x),
    (tf.nn.elu, lambda x: np.where(x > 0, 1.0, np.exp(x)), lambda x: np.where(x > 0, 0.0, np.exp(x))),
    (tf.nn.selu, lambda x: _SELU_SCALE * np.where(x > 0, 1.0, _SELU_ALPHA * np.exp(x)),
     lambda x: _SELU_SCALE * np.where(x > 0, 0.0, _SELU_ALPHA * np.exp(x))),
])
def test_activation_second_derivatives_through_the_gradient_ops(fn, d1, d2):
    # L = sum(f(x)^2) / 2: dL/dx = f f' (the gradient op fed f), and d/dx sum(f f') = f'^2 + f f''
    # needs the gradient op's gradient with respect to both of its inputs.
    with tf.Graph().as_default():
        x = tf.constant(X)
        y = fn(x)
        g = tf.gradients(tf.reduce_sum(tf.square(y)) / 2, x)[0]
        h = tf.gradients(tf.reduce_sum(g), x)[0]
        hess = tf.hessians(tf.reduce_sum(y), x)[0]
        y_v, g_v, h_v, hess_v = run([y, g, h, hess])
    np.testing.assert_allclose(g_v, y_v * d1(X), rtol=1e-12)
    np.testing.assert_allclose(h_v, d1(X) ** 2 + y_v * d2(X), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(hess_v.reshape(X.size, X.size), np.diag(d2(X).ravel()), atol=1e-15)


def test_selu_and_elu_gradients_at_zero_take_the_positive_branch():
    with tf.Graph().as_default():
        x = tf.constant([0.0, -1.0])
        g_selu, g_elu = run([tf.gradients(tf.nn.selu(x), x)[0], tf.gradients(tf.nn.elu(x), x)[0]])
    np.testing.assert_allclose(g_selu, [_SELU_SCALE, _SELU_SCALE * _SELU_ALPHA * np.exp(-1)], rtol=1e-6)
    np.testing.assert_allclose(g_elu, [1.0, np.exp(-1)], rtol=1e-6)


@pytest.mark.parametrize("data_format, shape", [("NHWC", (2, 3, 4)), ("NCHW", (2, 4, 3, 2))])
def test_bias_add_hessian_tiles_through_bias_add_grad(data_format, shape):
    value = np.random.RandomState(1).uniform(-1, 1, shape)
    w = np.random.RandomState(2).uniform(0.5, 1.5, shape)
    axes = tuple(a for a in range(len(shape)) if a != (1 if data_format == "NCHW" else len(shape) - 1))
    with tf.Graph().as_default():
        b = tf.constant([0.1, -0.2, 0.3, 0.4], tf.float64)
        loss = tf.reduce_sum(w * tf.square(tf.nn.bias_add(value, b, data_format=data_format)))
        gb = tf.gradients(loss, b)[0]
        second = tf.gradients(gb, b, grad_ys=tf.constant([1.0, 2.0, 3.0, 4.0], tf.float64))[0]
        hess = tf.hessians(loss, b)[0]
        assert any(op.type == "Tile" for op in second.graph.get_operations())
        second_v, hess_v = run([second, hess])
    np.testing.assert_allclose(hess_v, np.diag(2 * w.sum(axes)), rtol=1e-12)
    np.testing.assert_allclose(second_v, 2 * w.sum(axes) * [1.0, 2.0, 3.0, 4.0], rtol=1e-12)
