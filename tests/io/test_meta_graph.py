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


_TF_PYTHON = "/root/tfenv/bin/python"
_TF_LOADS_INITIALIZED_VALUE = r'''
import sys
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
saver = tf.train.import_meta_graph(sys.argv[1] + "/model.meta")
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    print(s.run("w2:0").tolist())
    saver.restore(s, sys.argv[1] + "/model")
    print(s.run("w:0").tolist(), s.run("w/ExponentialMovingAverage:0").tolist())
'''


def test_initialized_value_is_written_as_tfs_cond(tmp_path):
    """initialized_value() (and so ExponentialMovingAverage's slots) is sessionflow's InitializedValue op; a
    file spells it with TF's ops (IsVariableInitialized, RefSwitch, Switch, Merge), so TF can load it."""
    w = tf.Variable([1.0, -2.0, 3.0], name="w")
    tf.Variable(w.initialized_value() * 2.0, name="w2")
    ema = tf.train.ExponentialMovingAverage(0.5)
    with tf.control_dependencies([tf.assign_add(w, [1.0, 1.0, 1.0])]):
        train = ema.apply([w])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        saver.save(sess, str(tmp_path / "model"))
    meta = protos.MetaGraphDef()
    meta.ParseFromString((tmp_path / "model.meta").read_bytes())
    types = {node.op for node in meta.graph_def.node}
    assert "InitializedValue" not in types and {"IsVariableInitialized", "RefSwitch", "Switch", "Merge"} <= types
    with tf.Graph().as_default():  # sessionflow reads it back (TF 1.x control flow: the dataflow executor)
        imported = tf.train.import_meta_graph(str(tmp_path / "model.meta"))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assert sess.run("w2:0").tolist() == [2.0, -4.0, 6.0]
            imported.restore(sess, str(tmp_path / "model"))
            assert sess.run("w/ExponentialMovingAverage:0").tolist() == [1.5, -1.5, 3.5]
    if not os.path.exists(_TF_PYTHON):
        return  # TensorFlow's venv (the oracle) is not on this machine
    import subprocess

    run = subprocess.run([_TF_PYTHON, "-c", _TF_LOADS_INITIALIZED_VALUE, str(tmp_path)], capture_output=True,
                         text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split("\n")[:2] == ["[2.0, -4.0, 6.0]", "[2.0, -1.0, 4.0] [1.5, -1.5, 3.5]"]
