"""NodeDefs carry the device `tf.device` asked for, and import keeps it, merged under the tf.device scope
around the import, as TF 2.21 does (the expected lists are TF's output for the same program)."""

import pytest

import sessionflow as tf


def _graph():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            a = tf.constant(1.0, name="a")
        with tf.device("/job:ps/task:1"):
            b = tf.identity(a, name="b")
        tf.identity(b, name="c")
    return g


def test_graph_def_devices_round_trip_and_merge_under_an_import_scope():
    g = _graph()
    gd = g.as_graph_def()
    assert [(n.name, n.device) for n in gd.node] == [("a", "/device:CPU:0"), ("b", "/job:ps/task:1"), ("c", "")]
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd, name="")
        assert [(op.name, op.device) for op in g2.get_operations()] == [
            ("a", "/device:CPU:0"), ("b", "/job:ps/task:1"), ("c", "")]
    with tf.Graph().as_default() as g3:
        with tf.device("/gpu:1"):
            tf.import_graph_def(gd, name="i")
        assert [(op.name, op.device) for op in g3.get_operations()] == [
            ("i/a", "/device:CPU:0"), ("i/b", "/job:ps/task:1/device:GPU:1"), ("i/c", "/device:GPU:1")]


def test_import_meta_graph_clear_devices():
    g = _graph()
    with g.as_default():
        meta = tf.train.export_meta_graph()
    assert [n.device for n in meta.graph_def.node] == ["/device:CPU:0", "/job:ps/task:1", ""]
    with tf.Graph().as_default() as cleared:
        tf.train.import_meta_graph(meta, clear_devices=True)
        assert [op.device for op in cleared.get_operations()] == ["", "", ""]
    with tf.Graph().as_default() as kept:
        tf.train.import_meta_graph(meta)
        assert [op.device for op in kept.get_operations()] == ["/device:CPU:0", "/job:ps/task:1", ""]


def test_a_bad_device_string_in_a_graph_def_is_a_value_error():
    gd = _graph().as_graph_def()
    gd.node[0].device = "/nonsense:zero"
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=r"^Unknown attribute 'nonsense' is encountered while parsing the "
                                             r"device spec: '/nonsense:zero'\.$"):
            tf.import_graph_def(gd, name="")
        assert tf.get_default_graph().get_operations() == []  # nothing half-imported
