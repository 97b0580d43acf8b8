"""`Operation.get_attr` gives values as TF's does: strings as bytes, derived type attrs from the inputs."""

import pytest

import sessionflow as tf


def test_string_attrs_are_bytes_and_type_attrs_come_from_the_inputs():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [1, 4, 4, 1])
        conv = tf.nn.conv2d(x, tf.ones([2, 2, 1, 1]), [1, 1, 1, 1], "SAME")
        assert conv.op.get_attr("padding") == b"SAME"
        assert conv.op.get_attr("data_format") == b"NHWC"
        assert conv.op.get_attr("strides") == [1, 1, 1, 1]
        assert conv.op.get_attr("T") is tf.float32
        cat = tf.concat([x, x, x], 0)
        assert cat.op.get_attr("N") == 3
        assert cat.op.get_attr("T") is tf.float32
        assert cat.op.get_attr("Tidx") is tf.int32
        cast = tf.cast(tf.constant([1, 2]), tf.float16)
        assert cast.op.get_attr("SrcT") is tf.int32 and cast.op.get_attr("DstT") is tf.float16
        with pytest.raises(ValueError, match="no attr named 'nope'"):
            conv.op.get_attr("nope")


def test_queue_and_variable_attrs():
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        assert v.op.get_attr("shared_name") == b"" and v.op.get_attr("dtype") is tf.float32
        q = tf.FIFOQueue(3, [tf.float32, tf.int64], shared_name="q")
        assert q.queue_ref.op.get_attr("shared_name") == b"q"
        assert q.queue_ref.op.get_attr("component_types") == [tf.float32, tf.int64]
