"""TensorFlow's messages built from descriptors: field numbers on the wire and the tensor helpers."""

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import protos


def test_version_bytes_match_tf():
    g = protos.GraphDef()
    g.versions.producer = 2474
    assert g.SerializeToString() == bytes.fromhex("2203 08aa13".replace(" ", ""))


def test_negative_int_is_ten_bytes_and_packed_floats():
    shape = protos.TensorShapeProto()
    shape.dim.add(size=-1)
    assert shape.SerializeToString() == bytes.fromhex("120b08ffffffffffffffffff01")
    t = protos.TensorProto(float_val=[0.5])
    assert t.SerializeToString() == bytes.fromhex("2a040000003f")


def test_full_names_and_nested_types():
    assert protos.GraphDef.DESCRIPTOR.full_name == "tensorflow.GraphDef"
    assert protos.AttrValue.ListValue.DESCRIPTOR.full_name == "tensorflow.AttrValue.ListValue"
    assert protos.Summary.Value.DESCRIPTOR.fields_by_name["simple_value"].number == 2
    assert protos.Event.DESCRIPTOR.fields_by_name["summary"].number == 5
    assert protos.BundleEntryProto.DESCRIPTOR.fields_by_name["crc32c"].number == 6
    assert protos.MetaGraphDef.DESCRIPTOR.fields_by_name["collection_def"].number == 4
    assert protos.DT_FLOAT == 1 and protos.DataType.Name(19) == "DT_HALF"


def test_unknown_fields_survive_a_round_trip():
    g = protos.GraphDef()
    g.node.add(name="a", op="NoOp")
    data = g.SerializeToString() + bytes.fromhex("2a00")  # field 5 (debug_info), not in our schema
    again = protos.GraphDef.FromString(data)
    assert again.SerializeToString() == data


@pytest.mark.parametrize("value", [
    np.float32(1.5), np.arange(6, dtype=np.float32).reshape(2, 3), np.array([1, -2], np.int8),
    np.array([3], np.int64), np.array([True, False, True]), np.array(2.5, np.float16),
    np.array([1 + 2j, -3j], np.complex64), np.array([1 + 2j], np.complex128), np.array([2**32 - 1], np.uint32),
    np.array(2**64 - 1, np.uint64), np.array([7, 8], np.uint16), np.zeros((0, 3), np.float64),
])
def test_tensor_round_trip(value):
    out = protos.proto_to_ndarray(protos.tensor_to_proto(value))
    assert out.dtype == np.asarray(value).dtype and out.shape == np.shape(value)
    np.testing.assert_array_equal(out, value)


def test_string_tensor():
    proto = protos.tensor_to_proto(np.array([b"ab", "c\u00e9"], dtype=object), "string")
    assert list(proto.string_val) == [b"ab", "c\u00e9".encode()]
    assert list(protos.proto_to_ndarray(proto)) == [b"ab", "c\u00e9".encode()]


def test_bfloat16_is_stored_as_tf_stores_it():
    """One value: its bits in half_val; more: tensor_content (TF 2.21's make_tensor_proto); decoded as bfloat16."""
    proto = protos.tensor_to_proto(np.array([1.5], np.float32), "bfloat16")
    assert list(proto.half_val) == [0x3FC0]
    proto = protos.tensor_to_proto(np.array([1.5, -2.0], np.float32), "bfloat16")
    assert proto.tensor_content == bytes([0xC0, 0x3F, 0x00, 0xC0])
    back = protos.proto_to_ndarray(proto)
    assert back.dtype == tf.bfloat16.as_numpy_dtype
    np.testing.assert_array_equal(back.astype(np.float32), [1.5, -2.0])


def test_short_form_repeats_the_last_value_and_empty_means_zeros():
    t = protos.TensorProto(dtype=protos.DT_INT32, int_val=[1, 2])
    t.tensor_shape.dim.add(size=4)
    np.testing.assert_array_equal(protos.proto_to_ndarray(t), [1, 2, 2, 2])
    t = protos.TensorProto(dtype=protos.DT_FLOAT)
    t.tensor_shape.dim.add(size=3)
    np.testing.assert_array_equal(protos.proto_to_ndarray(t), [0, 0, 0])


@pytest.mark.parametrize("mutate", [
    lambda t: setattr(t, "dtype", 77),
    lambda t: t.tensor_shape.dim.add(size=10**13),
    lambda t: t.tensor_shape.dim.add(size=-1),
    lambda t: setattr(t, "tensor_content", b"\0" * 7),
    lambda t: t.float_val.extend([1.0] * 5),
])
def test_bad_tensor_protos_raise_data_loss(mutate):
    t = protos.TensorProto(dtype=protos.DT_FLOAT)
    t.tensor_shape.dim.add(size=2)
    mutate(t)
    with pytest.raises(tf.errors.DataLossError):
        protos.proto_to_ndarray(t)


def test_shape_helpers():
    assert protos.proto_to_shape(protos.shape_to_proto([None, 3])) == [None, 3]
    assert protos.proto_to_shape(protos.shape_to_proto(None)) is None
    assert protos.proto_to_shape(protos.shape_to_proto(tf.TensorShape([2]))) == [2]


def test_public_names():
    assert tf.GraphDef is protos.GraphDef
    g = tf.GraphDef()
    g.ParseFromString(bytes.fromhex("0a0a0a0161120543")+ b"onst")  # node {name: "a" op: "Const"}
    assert (g.node[0].name, g.node[0].op) == ("a", "Const")


def test_an_explicit_shape_of_the_same_size_still_stores_tensor_content():
    # TF 2.21: make_tensor_proto([1, 2], dtype=tf.int64, shape=[2]) keeps the raw bytes; only a broadcast single
    # value uses the typed field
    proto = tf.make_tensor_proto([1, 2], dtype=tf.int64, shape=[2])
    assert proto.tensor_content == b"\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00"
    assert list(proto.int64_val) == []
    assert list(tf.make_tensor_proto(7, dtype=tf.int64, shape=[2]).int64_val) == [7]


def test_contrib_util():
    util = tf.contrib.util
    with tf.Graph().as_default():
        c = tf.constant([[1, 2], [3, 4]])
        x = tf.placeholder(tf.float32, [None, 3])
        assert util.constant_value(c).tolist() == [[1, 2], [3, 4]]
        assert util.constant_value(tf.shape(c)).tolist() == [2, 2]
        assert util.constant_value(x) is None and util.constant_value(tf.shape(x)) is None
        assert util.constant_value(tf.range(3) * 2) is None  # TF does not evaluate Mul
    proto = util.make_tensor_proto(np.arange(6, dtype=np.float32).reshape(2, 3))
    assert util.make_ndarray(proto).tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    with pytest.raises(AttributeError, match="tf.contrib.util.ops_used_by_graph_def is a TensorFlow 1.x API"):
        util.ops_used_by_graph_def
