"""An optimizer refuses a loss or variable of a type it does not train, with TF's message: the valid types
listed in the order TF's set of them iterates (DType hashes are their enums, as TF's)."""

import pytest

import sessionflow as tf

# TF 2.21's messages (tf.compat.v1, graph mode, reference variables)
COMPLEX_VAR = "Invalid type tf.complex64 for z:0, expected: [tf.float32, tf.float64, tf.float16, tf.bfloat16]."
INT_LOSS = "Invalid type tf.int32 for mul:0, expected: [tf.float32, tf.float64, tf.float16, tf.bfloat16]."


def test_complex_variable_and_integer_loss_are_refused_as_in_tf():
    with tf.Graph().as_default():
        z = tf.Variable(tf.complex(tf.constant([1.0, -0.5]), tf.constant([0.3, 2.0])), name="z")
        with pytest.raises(ValueError) as info:
            tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.abs(z)))
        assert str(info.value) == COMPLEX_VAR
        i = tf.Variable(3, name="i")
        with pytest.raises(ValueError) as info:
            tf.train.AdamOptimizer(0.1).minimize(i * 2)
        assert str(info.value) == INT_LOSS
