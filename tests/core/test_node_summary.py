"""TF's one-line NodeDef summaries (graph-construction errors name nodes with them) and Fingerprint64.

Expected strings were printed by TensorFlow 2.21 (its shape errors for ops carrying these attr values).
"""

from __future__ import annotations

import math

import pytest

import sessionflow as tf
from sessionflow.framework import dtypes
from sessionflow.framework.fingerprint import fingerprint64
from sessionflow.framework.node_def import summarize, summarize_attr_value
from sessionflow.framework.registry import NOT_DIFFERENTIABLE, OpDef
from sessionflow.framework.tensor_shape import TensorShape
from sessionflow.io.graph_def import attr_to_proto


@pytest.mark.parametrize("value, text", [
    (0.1, "0.1"), (1e-7, "1e-07"), (1.0 / 3, "0.333333343"), (1e8, "1e+08"), (-2.5, "-2.5"),
    (math.inf, "inf"), (0.001, "0.001"), (1.0, "1"),
    (True, "true"), (False, "false"), (0, "0"),
    ("NHWC", '"NHWC"'), ('a"b\n\\c', '"a\\"b\\n\\\\c"'), ("é\t'", '"\\303\\251\\t\\\'"'),
    (b"\x01\xff", '"\\001\\377"'), ("x" * 100, '"xxxxxxxxxx...xxxxxxxxxx"'),
    (dtypes.float32, "DT_FLOAT"), ([dtypes.float32, dtypes.int32], "[DT_FLOAT, DT_INT32]"),
    (TensorShape([None, 3]), "[?,3]"), (TensorShape(None), "<unknown>"), (TensorShape([]), "[]"),
    ([1, 2, 2, 1], "[1, 2, 2, 1]"), ([], "[]"), (["a", "b"], '["a", "b"]'),
    (list(range(35)) + [40], "[0, 1, 2, 3, 4, ..., 31, 32, 33, 34, 40]{attr_hash=14160811120519046513}"),
])
def test_attr_values_print_as_tf_does(value, text):
    assert summarize_attr_value(attr_to_proto(value)) == text


def test_node_summary_sorts_attrs_and_lists_control_inputs():
    a = tf.zeros([2], name="a")
    row, column = tf.reshape(a, [1, 2]), tf.reshape(a, [2, 1])
    k = tf.no_op(name="k")
    with tf.control_dependencies([k]):  # inputs made outside the block: the op itself gets the control input
        out = tf.matmul(row, column, transpose_a=False, name="mm")
    assert summarize(out.op.node_def) == ("{{node mm}} = MatMul[T=DT_FLOAT, grad_a=false, grad_b=false, "
                                          "transpose_a=false, transpose_b=false](Reshape, Reshape_1, ^k)")


def test_an_output_other_than_the_first_is_named_with_its_index():
    _, indices = tf.nn.top_k(tf.zeros([2, 3]), 2)
    with pytest.raises(ValueError, match=r"\(TopKV2:1, Const\)' with input shapes: \[2,2\], \[3\]\.$"):
        tf.add(indices, tf.constant([1, 2, 3]))


def _probe_op(message):
    """An unregistered op type whose shape inference fails with `message`."""
    def infer(x, flag):
        raise ValueError(message)

    return OpDef("Probe", inputs=("x",), attrs={"flag": True}, infer=infer, kernel=None, grad=NOT_DIFFERENTIABLE)


def test_the_context_is_completed_with_node_and_input_shapes():
    probe = _probe_op("Shape must be rank 1 but is rank 0 for 'Probe'")
    with pytest.raises(ValueError) as info:
        probe(tf.placeholder(tf.float32, None, name="p"), name="probe")
    assert str(info.value) == ("Shape must be rank 1 but is rank 0 for '{{node probe}} = Probe[T=DT_FLOAT, "
                               "flag=true](p)' with input shapes: ?.")


@pytest.mark.parametrize("message", [
    "Requires start >= limit when delta < 0: 0/5",
    "Dimensions must be equal, but are 2 and 3 for 'Other' with input shapes: [2], [3].",
    "Dimension mismatch for 'Probe': [2] vs [3]",
])
def test_messages_without_tfs_context_for_the_op_are_left_alone(message):
    with pytest.raises(ValueError) as info:
        _probe_op(message)(tf.zeros([2]))
    assert str(info.value) == message


@pytest.mark.parametrize("n, expected", [
    (0, 11160318154034397263), (3, 3979540680440595841), (8, 9029840561075318013), (17, 6692022265393568454),
    (33, 9480451918888261270), (64, 4226431515964725), (65, 18101669290602532278), (129, 14054188206783653085),
    (1000, 14329278931567331828),
])
def test_fingerprint64_is_tfs(n, expected):
    # tf.fingerprint(..., method="farmhash64") of these bytes, read little-endian
    assert fingerprint64(bytes((i * 37 + 11) % 256 for i in range(n))) == expected
