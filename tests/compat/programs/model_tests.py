"""Tests of a small TF1 model, written the way users write them with tf.test.TestCase.

Runs unchanged on TensorFlow, with `sessionflow run model_tests.py`, and with
`python -m pytest -p sessionflow.testing model_tests.py`. Where an assertion is expected to fail, the test
says so with assertRaises: every test passes on TF, so on sessionflow too when they pass and fail alike.
"""

import collections
import os

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.framework import test_util

tf.disable_eager_execution()


def dense_relu(x, units):
    w = tf.get_variable("w", [x.shape[1], units], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable("b", [units], initializer=tf.zeros_initializer())
    return tf.nn.relu(tf.matmul(x, w) + b)


class ModelTest(tf.test.TestCase):

    def test_forward_pass(self):
        x = tf.placeholder(tf.float32, [None, 3])
        y = dense_relu(x, 2)
        with self.cached_session() as sess:
            sess.run(tf.global_variables_initializer())
            out = y.eval(feed_dict={x: [[1.0, 2.0, -6.0], [1.0, 1.0, 1.0]]})
        self.assertAllClose([[0.0, 0.0], [1.5, 1.5]], out)
        with self.assertRaises(AssertionError):  # y's static shape is [None, 2]
            self.assertShapeEqual(out, y)

    def test_each_test_starts_with_an_empty_graph(self):
        self.assertEmpty(tf.get_default_graph().get_operations())
        dense_relu(tf.placeholder(tf.float32, [None, 3]), 2)  # would clash with another test's variables

    def test_each_test_starts_with_an_empty_graph_again(self):
        self.assertEmpty(tf.get_default_graph().get_operations())
        dense_relu(tf.placeholder(tf.float32, [None, 3]), 2)

    def test_training_reduces_the_loss(self):
        x = tf.constant([[1.0], [2.0], [3.0], [4.0]])
        target = tf.constant([[2.0], [4.0], [6.0], [8.0]])
        w = tf.Variable([[0.1]])
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - target))
        train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        with self.session() as sess:
            sess.run(tf.global_variables_initializer())
            before = sess.run(loss)
            for _ in range(20):
                sess.run(train)
            self.assertLess(sess.run(loss), before / 100)
            self.assertAllClose([[2.0]], self.evaluate(w), atol=1e-2)

    def test_evaluate_runs_structures_in_one_run(self):
        pair = collections.namedtuple("pair", ["a", "b"])
        u = tf.random_uniform([4])
        values = self.evaluate({"same": [u, u], "p": pair(tf.constant(1), tf.constant([2, 3]))})
        self.assertAllEqual(values["same"][0], values["same"][1])
        self.assertEqual(values["p"].a, 1)
        self.assertAllEqual([2, 3], values["p"].b)

    def test_random_ops_use_the_default_test_seed(self):
        drawn = self.evaluate(tf.random_uniform([5]))
        self.assertAllInRange(drawn, 0.0, 1.0, open_upper_bound=True)
        with tf.Graph().as_default() as g:
            tf.set_random_seed(87654321)
            again = tf.random_uniform([5])
            with self.session(graph=g) as sess:
                self.assertAllEqual(drawn, sess.run(again))

    def test_sessions(self):
        with self.cached_session() as first:
            self.assertIs(tf.get_default_session(), first)
        with self.cached_session() as second:
            self.assertIs(first, second)
        with self.session() as other:
            self.assertIsNot(other, first)
        with self.assertRaises(ValueError):
            with self.cached_session(graph=tf.Graph()):
                pass
        self.assertIsNone(tf.get_default_session())

    def test_assert_all_close_passes_and_fails_as_tf(self):
        self.assertAllClose(1.0, 1.0 + 1e-7)
        self.assertAllClose({"a": [1.0, 2.0], "b": (3.0, np.float32(4.0))}, {"a": np.array([1.0, 2.0]), "b": [3, 4]})
        self.assertAllClose([1.0, [2.0, 3.0]], [1.0, [2.0, 3.0]])
        self.assertAllClose([np.nan, 1.0], [np.nan, 1.0])
        self.assertAllClose(tf.constant([1.0, 2.0]), [1.0, 2.0000001])
        self.assertAllClose([100.0], [100.05], rtol=1e-3)
        with self.assertRaises(AssertionError):
            self.assertAllClose([1.0, 2.0], [1.0, 2.1])
        with self.assertRaises(AssertionError):
            self.assertAllClose(np.zeros(3), np.zeros((1, 3)))
        with self.assertRaises(AssertionError):
            self.assertAllClose([100.0], [100.05])
        with self.assertRaises(ValueError):
            self.assertAllClose({"a": 1.0}, [1.0])
        with self.assertRaises(AssertionError):
            self.assertAllClose({"a": 1.0}, {"b": 1.0})
        self.assertNotAllClose([1.0], [2.0])
        self.assertAllCloseAccordingToType(np.float16([1.0]), np.float16([1.0005]))

    def test_assert_all_equal_passes_and_fails_as_tf(self):
        self.assertAllEqual([[1, 2], [3, 4]], tf.constant([[1, 2], [3, 4]]))
        self.assertAllEqual([np.nan, 1.0], [np.nan, 1.0])
        self.assertAllEqual([b"a", b"b"], tf.constant(["a", "b"]))
        with self.assertRaises(AssertionError):
            self.assertAllEqual([1, 2], [1, 3])
        with self.assertRaises(AssertionError):
            self.assertAllEqual(3, [3])
        self.assertNotAllEqual([1, 2], [1, 3])
        self.assertAllGreater([2, 3], 1)
        self.assertAllLessEqual(tf.constant([2, 3]), 3)

    def test_assert_all_in_range(self):
        self.assertAllInRange([0.0, 0.5, 1.0], 0.0, 1.0)
        with self.assertRaises(AssertionError):
            self.assertAllInRange([0.0, 0.5, 1.0], 0.0, 1.0, open_upper_bound=True)
        with self.assertRaises(AssertionError):
            self.assertAllInRange([0.0, np.nan], 0.0, 1.0)
        with self.assertRaises(AssertionError):
            self.assertAllInRange(["a"], 0, 1)

    def test_assert_shape_equal(self):
        self.assertShapeEqual(np.zeros((2, 3)), tf.placeholder(tf.float32, [2, 3]))
        with self.assertRaises(AssertionError):
            self.assertShapeEqual(np.zeros((2, 3)), tf.placeholder(tf.float32, [3, 2]))
        with self.assertRaises(TypeError):
            self.assertShapeEqual([1, 2], tf.placeholder(tf.float32, [2]))

    def test_op_errors(self):
        x = tf.placeholder(tf.float32, [None])
        reshaped = tf.reshape(x, [2, 2])
        with self.cached_session():
            with self.assertRaisesOpError("Input to reshape is a tensor with 3 values"):
                reshaped.eval(feed_dict={x: [1.0, 2.0, 3.0]})
            with self.assertRaises(AssertionError):  # nothing raised
                with self.assertRaisesOpError("anything"):
                    reshaped.eval(feed_dict={x: [1.0, 2.0, 3.0, 4.0]})
            with self.assertRaises(AssertionError):  # raised, but another message
                with self.assertRaisesOpError("no such message"):
                    reshaped.eval(feed_dict={x: [1.0]})
            with self.assertRaisesWithPredicateMatch(tf.errors.InvalidArgumentError,
                                                     lambda e: "reshape" in e.message):
                reshaped.eval(feed_dict={x: [1.0]})
        with self.assertRaisesWithPredicateMatch(ValueError, "Dimensions must be equal"):
            tf.matmul(tf.zeros([2, 3]), tf.zeros([2, 3]))

    def test_temp_dir_and_checkpoints(self):
        directory = self.get_temp_dir()
        self.assertEqual(directory, self.get_temp_dir())
        self.assertTrue(os.path.isdir(directory))
        v = tf.Variable([1.0, 2.0], name="v")
        saver = tf.train.Saver()
        with self.cached_session() as sess:
            sess.run(v.initializer)
            path = saver.save(sess, os.path.join(directory, "model"))
            sess.run(v.assign([5.0, 6.0]))
            saver.restore(sess, path)
            self.assertAllEqual([1.0, 2.0], v.eval())

    def test_gradient_checker(self):
        x = tf.placeholder(tf.float64, [2, 3])
        y = tf.reduce_sum(tf.square(x), axis=1)
        with self.cached_session():
            theoretical, numerical = tf.test.compute_gradient(x, [2, 3], y, [2])
            self.assertEqual((6, 2), theoretical.shape)
            self.assertAllClose(theoretical, numerical, atol=1e-6)
            self.assertLess(tf.test.compute_gradient_error(x, [2, 3], y, [2]), 1e-6)

    def test_no_gpu_and_mock(self):
        self.assertFalse(tf.test.is_gpu_available())
        with tf.test.mock.patch.object(np.random, "random_sample", return_value=np.ones(2)):
            self.assertAllEqual([1.0, 1.0], np.random.random_sample(2))

    @test_util.run_deprecated_v1
    def test_run_deprecated_v1(self):
        self.assertAllEqual([2, 4], self.evaluate(tf.constant([1, 2]) * 2))

    @test_util.run_in_graph_and_eager_modes
    def test_run_in_graph_and_eager_modes(self):
        self.assertAllClose([0.5], self.evaluate(tf.sigmoid(tf.constant([0.0]))))


if __name__ == "__main__":
    tf.test.main()
