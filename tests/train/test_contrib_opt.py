"""tf.contrib.opt: AdamW, MomentumW, extend_with_decoupled_weight_decay and LazyAdam against TF 1.15's contrib.opt
computation restated on TF 2.21's tf.compat.v1 optimizers (the same weight-decay mixin and LazyAdam sparse update),
fed fixed gradients (dense and IndexedSlices) so the variables' reads are ordered: values and slot names."""

import numpy as np
import pytest

import sessionflow as tf

EXPECTED = [  # TF 2.21's output: (emb, w) after three updates, one pair per optimizer
    ([[1.6144772, 0.2642207, 1.1008856], [2.0381186, 2.0779696, -0.7161654], [0.9500884, -0.1513572, -0.1032189], [0.2255625, -0.1310925, 1.4600959], [0.6895464, 0.0565774, 0.5033055]],
     [0.254709, 1.6174254, -0.3467797]),
    ([[1.6321176, 0.2682223, 1.110673], [2.0810423, 2.1168041, -0.7339432], [0.9500884, -0.1513572, -0.1032189], [0.2327334, -0.1292261, 1.4900359], [0.6971568, 0.0577941, 0.5077441]],
     [0.1913416, 1.2324718, -0.2721443]),
    ([[1.7268457, 0.3629505, 1.0159447], [2.1924012, 1.9604858, -0.8866147], [0.9500884, -0.1513572, -0.1032189], [0.3386399, 0.0451802, 1.4861579], [0.7290972, 0.0897346, 0.4758037]],
     [0.2981443, 1.5793474, -0.2804618]),
    ([[1.6993313, 0.3203032, 1.1278425], [2.1259396, 2.2210422, 0.0133846], [0.9500884, -0.1513572, -0.1032189], [0.2552569, -0.383866, 1.3158125], [0.5120617, -0.1092106, 0.5085781]],
     [0.4076978, 1.6153878, -0.1533538]),
    ([[1.6865786, 0.2110759, 1.4226309], [2.2355106, 2.8188825, 1.009226], [0.9500884, -0.1513572, -0.1032189], [0.1773812, -1.0545641, 1.0906765], [0.1458924, -0.4795149, 0.6375266]],
     [1.0558707, 1.1271392, -0.0159858]),
]
NAMES = ['beta1_power', 'beta1_power_1', 'beta1_power_2', 'beta2_power', 'beta2_power_1', 'beta2_power_2', 'm0/emb', 'm0/emb/AdamW', 'm0/emb/AdamW_1', 'm0/w', 'm0/w/AdamW', 'm0/w/AdamW_1', 'm1/emb', 'm1/emb/AdamW', 'm1/emb/AdamW_1', 'm1/w', 'm1/w/AdamW', 'm1/w/AdamW_1', 'm2/emb', 'm2/emb/Adam', 'm2/emb/Adam_1', 'm2/w', 'm2/w/Adam', 'm2/w/Adam_1', 'm3/emb', 'm3/emb/MomentumW', 'm3/w', 'm3/w/MomentumW', 'm4/emb', 'm4/w']


def build():
    O = tf.contrib.opt
    rng = np.random.RandomState(0)
    E0 = rng.randn(5, 3).astype(np.float32)
    W0 = rng.randn(3).astype(np.float32)
    gi = tf.placeholder(tf.int32, [None])
    gv = tf.placeholder(tf.float32, [None, 3])
    gw = tf.placeholder(tf.float32, [3])
    sparse = tf.IndexedSlices(gv, gi, tf.constant([5, 3]))

    def make(k):
        with tf.variable_scope("m%d" % k):
            return tf.Variable(E0, name="emb"), tf.Variable(W0, name="w")

    vs = [make(k) for k in range(5)]
    ops = [
        O.AdamWOptimizer(0.01, learning_rate=0.1).apply_gradients([(sparse, vs[0][0]), (gw, vs[0][1])]),
        O.AdamWOptimizer(0.1, learning_rate=0.1).apply_gradients(
            [(tf.convert_to_tensor(sparse), vs[1][0]), (gw, vs[1][1])], decay_var_list=[vs[1][1]]),
        O.LazyAdamOptimizer(0.05).apply_gradients([(sparse, vs[2][0]), (gw, vs[2][1])]),
        O.MomentumWOptimizer(0.02, 0.1, 0.9, use_nesterov=True).apply_gradients([(sparse, vs[3][0]),
                                                                                 (gw, vs[3][1])]),
        O.extend_with_decoupled_weight_decay(tf.train.GradientDescentOptimizer)(0.05, learning_rate=0.5)
        .apply_gradients([(sparse, vs[4][0]), (gw, vs[4][1])])]
    feeds = [{gi: idx, gv: rng.randn(len(idx), 3).astype(np.float32), gw: rng.randn(3).astype(np.float32)}
             for idx in ([1, 3], [3, 0], [4, 1])]
    return vs, ops, feeds


def test_decoupled_weight_decay_and_lazy_adam():
    with tf.Graph().as_default():
        vs, ops, feeds = build()
        assert sorted(v.op.name for v in tf.global_variables()) == NAMES
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for op, (emb, w), (want_emb, want_w) in zip(ops, vs, EXPECTED):
                for feed in feeds:
                    sess.run(op, feed)
                np.testing.assert_allclose(sess.run(emb), want_emb, rtol=1e-6, atol=1e-6)
                np.testing.assert_allclose(sess.run(w), want_w, rtol=1e-6, atol=1e-6)


def test_names_not_provided_say_so():
    with pytest.raises(AttributeError, match="tf.contrib.opt.ElasticAverageOptimizer is a TensorFlow 1.x API"):
        tf.contrib.opt.ElasticAverageOptimizer


def test_moving_average_optimizer_swapping_saver(tmp_path):
    # TF 2.21's output for TF 1.15's MovingAverageOptimizer restated on its tf.compat.v1 classes
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.constant(np.random.RandomState(0).randn(8, 3).astype(np.float32))
        w = tf.get_variable("w", [3, 1])
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - 1.0))
        gs = tf.train.get_or_create_global_step()
        opt = tf.contrib.opt.MovingAverageOptimizer(tf.train.GradientDescentOptimizer(0.1), average_decay=0.5)
        train = opt.minimize(loss, global_step=gs)
        saver = opt.swapping_saver()
        assert train.name == "train_with_avg"
        assert sorted(v.op.name for v in tf.global_variables()) == [
            "b", "b/ExponentialMovingAverage", "global_step", "w", "w/ExponentialMovingAverage"]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(4):
                sess.run(train)
            np.testing.assert_allclose(sess.run(w).ravel(), [0.93909794, -0.6311514, 0.23358226], rtol=1e-6)
            saver.save(sess, str(tmp_path / "m"))
    # the averages are saved under the variables' names, and the variables under the averages'
    np.testing.assert_allclose(tf.train.load_variable(str(tmp_path), "w").ravel(),
                               [0.9374398, -0.69803685, 0.35913584], rtol=1e-6)
    np.testing.assert_allclose(tf.train.load_variable(str(tmp_path), "w/ExponentialMovingAverage").ravel(),
                               [0.93909794, -0.6311514, 0.23358226], rtol=1e-6)
