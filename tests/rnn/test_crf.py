"""tf.contrib.crf: a linear-chain CRF's log-likelihood, partition function, gradients and Viterbi decoding.

The expected numbers are TF 2.21's output for TF 1.15's contrib.crf computation restated with core ops
(tf.scan forward algorithm, the unary/binary gathers, two dynamic_rnn Viterbi passes), run on the same inputs.
"""

import os
import subprocess
import sys

import numpy as np

import sessionflow as tf

X = np.array([
    [[1.7886284589767456, 0.4365098476409912, 0.09649746865034103],
     [-1.863492727279663, -0.27738821506500244, -0.35475897789001465],
     [-0.08274148404598236, -0.6270006895065308, -0.043818168342113495],
     [-0.47721803188323975, -1.3138647079467773, 0.8846223950386047]],
    [[0.8813180327415466, 1.7095730304718018, 0.05003364384174347],
     [-0.4046774208545685, -0.5453599691390991, -1.5464773178100586],
     [0.9823674559593201, -1.1010676622390747, -1.1850465536117554],
     [-0.20564989745616913, 1.4861483573913574, 0.23671627044677734]],
    [[-1.02378511428833, -0.7129932045936584, 0.6252449750900269],
     [-0.16051335632801056, -0.7688363790512085, -0.23003071546554565],
     [0.7450562715530396, 1.976110816001892, -1.2441233396530151],
     [-0.6264169216156006, -0.8037660717964172, -2.4190831184387207]]], np.float32)
TRANSITIONS = np.array([[-0.9237920045852661, -1.0238757133483887, 1.1239778995513916],
                        [-0.13191422820091248, -1.6232854127883911, 0.6466754674911499],
                        [-0.35627076029777527, -1.7431410551071167, -0.5966496467590332]], np.float32)
TAGS = np.array([[0, 2, 1, 1], [1, 1, 0, 2], [2, 0, 0, 0]], np.int32)
LENGTHS = np.array([4, 2, 1], np.int32)
# TF 2.21's output
LOG_LIKELIHOOD = [-7.589446, -2.71627, -0.832776]
DECODED = [[0, 2, 0, 2], [1, 0, 0, 0], [2, 0, 0, 0]]
BEST = [4.127435, 1.172981, 0.625245]
GRAD = [[-0.160696, -0.211808, -0.755493], [-0.546014, 1.895405, -0.632059], [-0.979188, 0.877258, -0.487403]]


def test_log_likelihood_decode_and_gradient_with_unknown_and_static_time():
    with tf.Graph().as_default():
        inputs = tf.placeholder(tf.float32, [None, None, 3])
        tags = tf.placeholder(tf.int32, [None, None])
        lengths = tf.placeholder(tf.int32, [None])
        with tf.variable_scope("crf"):
            fed, _ = tf.contrib.crf.crf_log_likelihood(inputs, tags, lengths, tf.constant(TRANSITIONS))
            static, transitions = tf.contrib.crf.crf_log_likelihood(
                tf.constant(X), tf.constant(TAGS), tf.constant(LENGTHS))
        decoded, best = tf.contrib.crf.crf_decode(inputs, tf.constant(TRANSITIONS), lengths)
        grad = tf.gradients(tf.reduce_sum(static), [transitions])[0]
        assert transitions.name == "crf/transitions:0"
        assert transitions.shape.as_list() == [3, 3]
        assert decoded.dtype == tf.int32
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(transitions.assign(TRANSITIONS))
            feed = {inputs: X, tags: TAGS, lengths: LENGTHS}
            np.testing.assert_allclose(sess.run(fed, feed), LOG_LIKELIHOOD, rtol=1e-5, atol=1e-5)
            np.testing.assert_allclose(sess.run(static), LOG_LIKELIHOOD, rtol=1e-5, atol=1e-5)
            np.testing.assert_allclose(sess.run(grad), GRAD, rtol=1e-5, atol=1e-5)
            got_tags, got_best = sess.run([decoded, best], feed)
            np.testing.assert_array_equal(got_tags, DECODED)
            np.testing.assert_allclose(got_best, BEST, rtol=1e-5, atol=1e-5)
            # one time step: the single-step formulas (an empty sequence scores 0)
            one = {inputs: X[:, :1], tags: TAGS[:, :1], lengths: [1, 1, 0]}
            np.testing.assert_allclose(sess.run(fed, one), [-0.366598, -0.486761, 0.0], rtol=1e-5, atol=1e-5)
            got_tags, got_best = sess.run([decoded, best], {inputs: X[:, :1], lengths: [1, 1, 1]})
            np.testing.assert_array_equal(got_tags, [[0], [1], [2]])
            np.testing.assert_allclose(got_best, [1.788628, 1.709573, 0.625245], rtol=1e-5, atol=1e-5)


def test_viterbi_decode_agrees_with_crf_decode():
    for i, (expected, score) in enumerate(zip(DECODED, BEST)):
        path, best = tf.contrib.crf.viterbi_decode(X[i, :LENGTHS[i]], TRANSITIONS)
        assert [int(t) for t in path] == expected[:LENGTHS[i]]
        np.testing.assert_allclose(best, score, rtol=1e-5)


def test_tf1_import_paths_under_the_alias(tmp_path):
    (tmp_path / "script.py").write_text(
        "import tensorflow as tf\n"
        "import tensorflow.contrib.crf as crf\n"
        "from tensorflow.contrib.crf import crf_decode, viterbi_decode\n"
        "print(crf is tf.contrib.crf, crf_decode is crf.crf_decode, viterbi_decode is crf.viterbi_decode)\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [os.path.dirname(os.path.dirname(tf.__file__)),
                                                                      os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-m", "sessionflow", "run", "script.py"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]
