"""The TF1 initializer objects (tf.zeros_initializer, tf.glorot_uniform_initializer, ...).

Seeded values were recorded from TF 2.21 (tf.compat.v1, graph mode, CPU) and must match bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

import sessionflow as tf


def _f32(values):
    return np.array(values, dtype=np.float32)


def test_deterministic_initializers(sess):
    cases = [
        (tf.zeros_initializer()([2]), tf.float32, [0.0, 0.0]),
        (tf.ones_initializer()([2], dtype=tf.int32), tf.int32, [1, 1]),
        (tf.constant_initializer(3)([2, 2]), tf.float32, [[3.0, 3.0], [3.0, 3.0]]),
        (tf.constant_initializer([1, 2, 3, 4])([2, 2]), tf.float32, [[1.0, 2.0], [3.0, 4.0]]),
        (tf.ones_initializer(dtype=tf.float64)([1]), tf.float64, [1.0]),
    ]
    for tensor, dtype, expected in cases:
        assert tensor.dtype is dtype
        assert sess.run(tensor).tolist() == expected


# Recorded from TF 2.21 after tf.set_random_seed(1), in this order of creation.
SEEDED_INITIALIZERS = [
    ("random_normal", lambda: tf.random_normal_initializer(seed=1)([3]),
     [0.2818339467048645, 2.3878283500671387, 2.280404806137085]),
    ("random_uniform", lambda: tf.random_uniform_initializer(-1, 1, seed=2)([3]),
     [-0.18720650672912598, 0.7151992321014404, -0.8892083168029785]),
    ("truncated_normal", lambda: tf.truncated_normal_initializer(stddev=2.0, seed=3)([3]),
     [-1.3417224884033203, 0.44714289903640747, 1.5945460796356201]),
    ("glorot_uniform", lambda: tf.glorot_uniform_initializer(seed=4)([2, 2]),
     [[-0.280742347240448, -0.3380480408668518], [-0.1290377378463745, -1.12840735912323]]),
    ("glorot_normal", lambda: tf.glorot_normal_initializer(seed=5)([2, 2]),
     [[0.2708613872528076, 1.426680564880371], [1.1405603885650635, -0.04409504681825638]]),
    ("variance_scaling", lambda: tf.variance_scaling_initializer(seed=6)([2, 2]),
     [[-0.321901798248291, 0.8595103621482849], [1.1193996667861938, -0.33441421389579773]]),
    ("variance_scaling_uniform_fan_out",
     lambda: tf.variance_scaling_initializer(scale=2.0, mode="fan_out", distribution="uniform", seed=7)([3, 2]),
     [[0.9971333742141724, 0.694198489189148], [1.4001792669296265, 0.6320370435714722],
      [0.34242236614227295, -0.20054948329925537]]),
]


def test_seeded_initializers_match_tf(sess):
    tf.set_random_seed(1)
    tensors = [(name, build()) for name, build, _ in SEEDED_INITIALIZERS]
    ints = tf.random_uniform_initializer(0, 10, seed=8, dtype=tf.int32)([4])
    for (name, tensor), (_, _, expected) in zip(tensors, SEEDED_INITIALIZERS):
        assert tensor.dtype is tf.float32, name
        np.testing.assert_array_equal(sess.run(tensor), _f32(expected), err_msg=name)
    assert ints.dtype is tf.int32
    assert sess.run(ints).tolist() == [3, 6, 1, 2]  # recorded from TF 2.21


def test_initializers_in_variables_match_tf(sess):
    tf.set_random_seed(2)
    v = tf.get_variable("v", [2], initializer=tf.random_normal_initializer(mean=1.0, stddev=0.5))
    w = tf.Variable(tf.truncated_normal([2], seed=9), name="w")
    assert v.initial_value.op.name == "v/Initializer/random_normal"
    sess.run(tf.global_variables_initializer())
    # recorded from TF 2.21
    np.testing.assert_array_equal(sess.run(v), _f32([0.808698296546936, 0.76097571849823]))
    np.testing.assert_array_equal(sess.run(w), _f32([0.8052349090576172, -1.2377042770385742]))


def test_glorot_uniform_default_of_get_variable_matches_tf(sess):
    tf.set_random_seed(7)
    w = tf.get_variable("w", [3, 2])
    b = tf.get_variable("b", [4, 5, 2])
    sess.run(tf.global_variables_initializer())
    # recorded from TF 2.21: tf.set_random_seed(7); tf.get_variable('w', [3, 2])
    np.testing.assert_array_equal(sess.run(w), _f32([[0.5558912754058838, -0.9246923923492432],
                                                     [-0.09024465084075928, 0.7817689180374146],
                                                     [-0.2985592484474182, -0.6891947984695435]]))
    np.testing.assert_array_equal(sess.run(b).reshape(-1)[:4], _f32([-0.0366857647895813, 0.3967307209968567,
                                                                     -0.1429876685142517, -0.13797956705093384]))


def test_constant_initializer_pads_with_last_value(sess):
    assert sess.run(tf.constant_initializer([1, 2])([2, 2])).tolist() == [[1.0, 2.0], [2.0, 2.0]]


def test_variance_scaling_argument_checks():
    with pytest.raises(ValueError, match="bogus"):
        tf.variance_scaling_initializer(mode="bogus")
    with pytest.raises(ValueError):
        tf.variance_scaling_initializer(scale=-1.0)
    with pytest.raises(ValueError):
        tf.variance_scaling_initializer(distribution="bogus")


def test_initializers_namespace():
    assert tf.initializers.zeros is tf.zeros_initializer
    assert tf.initializers.glorot_uniform is tf.glorot_uniform_initializer
    assert tf.initializers.global_variables is tf.global_variables_initializer
