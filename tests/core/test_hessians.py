"""tf.hessians as TF builds it: one while loop per x over the entries of the flattened first gradient, so x's
shape may be known only when the graph runs; no name scope of its own (TF never uses `name`)."""

import numpy as np
import pytest

import sessionflow as tf


def test_hessian_of_points_fed_with_an_unknown_batch():
    # A PINN's collocation points: x is [None, 2], its batch known only at run time.
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float64, [None, 2], name="x")
        w = tf.constant([[1.0, 2.0], [0.5, -1.0]], tf.float64)
        y = tf.reduce_sum(tf.tanh(tf.matmul(x, w)) ** 2)
        h = tf.hessians(y, x, name="ignored")[0]
        assert h.name == "Reshape_1:0"  # TF 2.21's name: no `hessians` or `ignored` scope
        assert h.shape.as_list() == [None, 2, None, 2]
        with tf.Session() as sess:
            two = sess.run(h, {x: [[0.1, 0.2], [0.3, -0.4]]})
            one = sess.run(h, {x: [[0.5, -0.1]]})
    # TF 2.21's output (tf.compat.v1, graph mode)
    np.testing.assert_allclose(two[0, :, 0], [[9.697449758786002, -3.1512751206069987],
                                              [-3.1512751206069987, 2.4243624396965004]], rtol=1e-13)
    np.testing.assert_allclose(two[1, :, 1], [[-0.5653843248405006, 2.2038145606649344],
                                              [2.2038145606649344, -0.14134608121012515]], rtol=1e-13)
    assert not two[0, :, 1].any() and not two[1, :, 0].any()
    np.testing.assert_allclose(one.reshape(2, 2), [[-1.8844957967846283, 1.7083591074215139],
                                                   [1.7083591074215139, -0.4711239491961571]], rtol=1e-13)


def test_hessian_of_a_variable_is_shaped_twice_its_shape():
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0, 3.0])
        h = tf.hessians(tf.reduce_sum(v ** 3), v)[0]
        assert h.shape.as_list() == [3, 3]
        with tf.Session() as sess:
            sess.run(v.initializer)
            np.testing.assert_allclose(sess.run(h), np.diag([6.0, 12.0, 18.0]))


def test_unconnected_x_and_constant_second_derivative_fail_as_in_tf():
    # TF 2.21 raises ValueError "None values not supported." for both: None reaches reshape / TensorArray.write
    with tf.Graph().as_default():
        x, z = tf.constant([1.0, 2.0]), tf.constant(3.0)
        with pytest.raises(ValueError, match="None values not supported"):
            tf.hessians(tf.reduce_sum(x * x), [x, z])
        with pytest.raises(ValueError, match="None values not supported"):
            tf.hessians(tf.reduce_sum(2.0 * x), x)
