"""Optional ops (ops/optional_ops.py), which TF's cond gradients use to pass a branch's intermediates out of an
If (their use in a TF-written training graph: tests/io/test_control_flow_files.py)."""

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY


def test_an_optional_gives_back_its_values_or_says_it_has_none():
    with tf.Graph().as_default():
        full = REGISTRY["OptionalFromValue"]([tf.constant([1.0, 2.0]), tf.constant(3)])
        empty = REGISTRY["OptionalNone"]()
        values = REGISTRY["OptionalGetValue"](full, output_types=(tf.float32, tf.int32),
                                              output_shapes=(tf.TensorShape([2]), tf.TensorShape([])))
        assert [v.shape.as_list() for v in values] == [[2], []]
        missing = REGISTRY["OptionalGetValue"](empty, output_types=(tf.float32,), output_shapes=(tf.TensorShape([]),))
        with tf.Session() as sess:
            got = sess.run(values)
            np.testing.assert_array_equal(got[0], [1.0, 2.0])
            assert got[1] == 3
            assert sess.run([REGISTRY["OptionalHasValue"](full), REGISTRY["OptionalHasValue"](empty)]) == [True, False]
            with pytest.raises(tf.errors.InvalidArgumentError, match="The given optional does not have a value."):
                sess.run(missing)
