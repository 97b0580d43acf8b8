"""TensorList ops (ops/tensor_list.py) against TF's results for the same raw-op program (fixture
cf_tensor_list.npz, tools/make_control_flow_fixtures.py), and the variant protocol TF's list gradients use."""

import os
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.framework.registry import REGISTRY

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tensor_list_program import tensor_list_program  # noqa: E402 - shared with the fixtures' tool

GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "..", "io", "fixtures", "cf_tensor_list.npz"))


class _RawOps:
    """`ops.TensorListStack(input_handle=..., element_dtype=...)`: TF's raw-op calling form over REGISTRY."""

    def __getattr__(self, op_type):
        opdef = REGISTRY[op_type]

        def call(**kwargs):
            return opdef(*[kwargs.pop(name) for name in opdef.inputs], **kwargs)

        return call


@pytest.fixture(scope="module")
def program():
    with tf.Graph().as_default():
        results, failing = tensor_list_program(_RawOps(), tf.constant, tf.float32, tf.int32)
        sess = tf.Session()
        yield sess, results, failing


@pytest.mark.parametrize("name", [k for k in GOLDEN.files if not k.startswith("error_")])
def test_results_match_tf(program, name):
    sess, results, _ = program
    got = sess.run(results[name])
    want = GOLDEN[name]
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", [k[len("error_"):] for k in GOLDEN.files if k.startswith("error_")])
def test_errors_match_tf(program, name):
    sess, _, failing = program
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(failing[name])
    assert info.value.message.endswith(str(GOLDEN[f"error_{name}"]))


def test_static_shapes_come_from_the_element_shape_input(program):
    _, results, _ = program
    assert results["stacked"].shape.as_list() == [None, 2]
    assert results["item"].shape.as_list() == [2]
    assert results["gathered"].shape.as_list() == [2, 2]


def test_lists_add_and_zero_as_tf_gradients_use_them():
    """AddN and ZerosLike of lists (TF's while-loop gradients sum and seed TensorLists)."""
    t = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    lst = REGISTRY["TensorListFromTensor"](t, tf.constant([2]))
    reserved = REGISTRY["TensorListReserve"](tf.constant([2]), tf.constant(2), element_dtype=tf.float32)
    total = tf.add_n([lst, REGISTRY["TensorListSetItem"](reserved, tf.constant(1), tf.constant([10.0, 10.0])), lst])
    zeros = REGISTRY["ZerosLike"](lst)
    stack = REGISTRY["TensorListStack"]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(stack(total, tf.constant([2]), element_dtype=tf.float32)),
                                      [[2.0, 4.0], [16.0, 18.0]])
        np.testing.assert_array_equal(sess.run(stack(zeros, tf.constant([2]), element_dtype=tf.float32)),
                                      np.zeros((2, 2)))
