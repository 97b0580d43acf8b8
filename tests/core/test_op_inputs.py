"""Op inputs that are not Tensors but have a registered conversion, as TF's op_def_library accepts them."""

import numpy as np
import pytest

import sessionflow as tf


def test_indexed_slices_gradient_flows_into_an_op_that_needs_a_dense_tensor():
    # gather's gradient is IndexedSlices; StridedSlice's gradient op needs it dense (TF converts it)
    w = tf.constant(np.arange(12.0).reshape(6, 2))
    loss = tf.reduce_sum(tf.gather(w[:4], [0, 2, 2]))
    (grad,) = tf.gradients(loss, w)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(grad), [[1, 1], [0, 0], [2, 2], [0, 0], [0, 0], [0, 0]])


def test_a_user_type_with_a_conversion_function_is_an_op_input():
    class Meters:
        def __init__(self, value):
            self.value = value

    tf.register_tensor_conversion_function(Meters, lambda m, dtype=None, name=None, as_ref=False:
                                           tf.constant(m.value, dtype=dtype or tf.float32))
    from sessionflow.ops.math import AddV2

    total = AddV2(Meters(1.5), tf.constant(2.0))
    with tf.Session() as sess:
        assert sess.run(total) == 3.5


def test_other_values_are_still_refused_by_raw_ops():
    from sessionflow.ops.math import AddV2

    with pytest.raises(TypeError, match="Input 'x' of 'AddV2' Op must be a Tensor"):
        AddV2(object(), tf.constant(1.0))
