"""MetaGraph interop: TF's .meta restores with its checkpoint; sessionflow's export round-trips."""

import os

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import protos

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def test_tf_meta_graph_restores_with_saver():
    saver = tf.train.import_meta_graph(os.path.join(FIXTURES, "meta_vars.meta"))
    assert [v.name for v in tf.global_variables()] == ["v:0", "u:0"]
    assert [v.name for v in tf.trainable_variables()] == ["v:0"]
    with tf.Session() as sess:
        saver.restore(sess, os.path.join(FIXTURES, "meta_vars"))
        assert sess.run("out:0") == 105.0
        v, u = sess.run(tf.global_variables())
    np.testing.assert_array_equal(v, [[10.0, 20.0], [30.0, 40.0]])
    assert u == 5


def test_tf_meta_graph_under_a_scope():
    tf.train.import_meta_graph(os.path.join(FIXTURES, "meta_vars.meta"), import_scope="m")
    assert [v.name for v in tf.global_variables()] == ["m/v:0", "m/u:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run("m/out:0") == 15.0


def test_export_and_import_round_trip(tmp_path):
    w = tf.Variable([1.0, 2.0], name="w")
    step = tf.Variable(0, trainable=False, name="step")
    out = tf.reduce_sum(w, name="out")
    tf.add_to_collection("outputs", out)
    tf.add_to_collection("numbers", 3)
    path = str(tmp_path / "m.meta")
    meta = tf.train.export_meta_graph(path)
    assert isinstance(meta, protos.MetaGraphDef) and os.path.exists(path)
    vdef = protos.VariableDef.FromString(meta.collection_def["variables"].bytes_list.value[0])
    assert (vdef.variable_name, vdef.snapshot_name, vdef.initializer_name) == ("w:0", "w/read:0", "w/Assign")
    assert list(meta.collection_def["outputs"].node_list.value) == ["out:0"]
    del w, step
    with tf.Graph().as_default():
        assert tf.train.import_meta_graph(path) is not None  # no SaverDef, but variables: a fresh Saver
        assert [v.name for v in tf.global_variables()] == ["w:0", "step:0"]
        assert tf.get_collection("numbers") == [3]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run(tf.get_collection("outputs")[0]) == 3.0


def test_saver_checkpoint_round_trip(tmp_path):
    w = tf.Variable([1.0, 2.0], name="w")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(w.assign([7.0, 8.0]))
        prefix = saver.save(sess, str(tmp_path / "ckpt"))
    with tf.Graph().as_default():
        restored = tf.train.import_meta_graph(prefix + ".meta")
        with tf.Session() as sess:
            restored.restore(sess, prefix)
            np.testing.assert_array_equal(sess.run(tf.global_variables()[0]), [7.0, 8.0])


def test_bad_meta_files(tmp_path):
    with pytest.raises(tf.errors.NotFoundError):
        tf.train.import_meta_graph(str(tmp_path / "none.meta"))
    bad = tmp_path / "bad.meta"
    bad.write_bytes(b"\x12\xff\xff\xff\x7f")
    with pytest.raises(tf.errors.DataLossError, match="bad.meta"):
        tf.train.import_meta_graph(str(bad))


def test_collections_are_encoded_by_key_as_tf(tmp_path):
    # TF writes the variable collections it registers a proto for (global_step among them) as VariableDefs,
    # savers as SaverDefs, and any other collection by its first value's type: a variable by name.
    w = tf.Variable([1.0, 2.0], name="w")
    step = tf.train.get_or_create_global_step()
    tf.add_to_collection("my_vars", w)
    tf.add_to_collection("flags", True)
    tf.add_to_collection(tf.GraphKeys.SAVERS, tf.train.Saver())
    path = str(tmp_path / "m.meta")
    meta = tf.train.export_meta_graph(path)
    vdef = protos.VariableDef.FromString(meta.collection_def["global_step"].bytes_list.value[0])
    assert vdef.variable_name == "global_step:0"
    assert list(meta.collection_def["my_vars"].node_list.value) == ["w:0"]
    assert "flags" not in meta.collection_def  # a bool has no int64_list encoding: TF leaves it out
    sdef = protos.SaverDef.FromString(meta.collection_def["savers"].bytes_list.value[0])
    assert (sdef.filename_tensor_name, sdef.restore_op_name) == ("save/Const:0", "save/restore_all")
    del w, step
    with tf.Graph().as_default():
        tf.train.import_meta_graph(path, import_scope="m")
        step = tf.train.get_global_step()
        assert isinstance(step, tf.Variable) and step.name == "m/global_step:0"
        (w,) = tf.get_collection("my_vars")
        assert isinstance(w, tf.Tensor) and w.name == "m/w:0"
        (saver,) = tf.get_collection(tf.GraphKeys.SAVERS)
        assert saver.saver_def.restore_op_name == "m/save/restore_all"
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(tf.assign_add(step, 3))
            assert sess.run(step) == 3
            prefix = saver.save(sess, str(tmp_path / "ckpt"))
        assert dict(tf.train.list_variables(prefix)) == {"global_step": [], "w": [2]}
