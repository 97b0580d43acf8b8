"""tf.train.Saver and the checkpoint utilities: TF-written checkpoints restore (an Adam-trained MLP
predicts exactly as TF did), TF's sub-graph names, bookkeeping, state file, atomic saves."""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import checkpoint_bundle as cb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checkpoint_model import build_mlp  # noqa: E402 - shared with tools/make_checkpoint_fixtures.py

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
MLP_DIR = os.path.join(FIXTURES, "ckpt_mlp")
TINY = os.path.join(FIXTURES, "ckpt_tiny", "model")


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def test_tf_adam_mlp_checkpoint_restores_and_predicts_like_tf():
    expected = np.load(os.path.join(MLP_DIR, "expected.npz"))
    x, labels, probs, train, step = build_mlp(tf)
    saver = tf.train.Saver()
    prefix = tf.train.latest_checkpoint(MLP_DIR)
    assert prefix == os.path.join(MLP_DIR, "model-5")
    with tf.Session() as sess:
        saver.restore(sess, prefix)
        assert sess.run(tf.report_uninitialized_variables()).size == 0
        assert sess.run(step) == 5
        np.testing.assert_allclose(sess.run(probs, {x: expected["x"]}), expected["y"], rtol=1e-5, atol=1e-6)
        # the restored Adam moments and beta powers continue training exactly as TF did
        sess.run(train, {x: expected["x_train"], labels: expected["y_train"]})
        np.testing.assert_allclose(sess.run(probs, {x: expected["x"]}), expected["y_next"], rtol=1e-5, atol=1e-6)


def test_checkpoint_names_match_tf():
    build_mlp(tf)
    names = sorted(v.op.name for v in tf.global_variables())
    assert names == [n for n, _ in tf.train.list_variables(MLP_DIR)]


def test_saver_subgraph_has_tf_names():
    tf.Variable(3.5, name="a")
    tf.Variable([[1, 2], [3, 4]], name="b")
    saver = tf.train.Saver()
    graph = tf.get_default_graph()
    ops = {op.name: op for op in graph.get_operations() if op.name.startswith("save/")}
    assert set(ops) == {"save/filename/input", "save/filename", "save/Const", "save/SaveV2/tensor_names",
                        "save/SaveV2/shape_and_slices", "save/SaveV2", "save/control_dependency",
                        "save/RestoreV2/tensor_names", "save/RestoreV2/shape_and_slices", "save/RestoreV2",
                        "save/Assign", "save/Assign_1", "save/restore_all"}
    assert ops["save/SaveV2"].type == "SaveV2" and ops["save/RestoreV2"].type == "RestoreV2"
    assert [t.op.name for t in ops["save/SaveV2"].inputs] == ["save/Const", "save/SaveV2/tensor_names",
                                                              "save/SaveV2/shape_and_slices", "a", "b"]
    assert ops["save/Assign_1"].inputs[0].op.name == "b"
    d = saver.as_saver_def()
    assert (d.filename_tensor_name, d.save_tensor_name, d.restore_op_name) == (
        "save/Const:0", "save/control_dependency:0", "save/restore_all")
    assert d.max_to_keep == 5 and d.keep_checkpoint_every_n_hours == 10000.0 and d.version == 2
    tf.train.Saver()
    assert "save_1/SaveV2" in {op.name for op in graph.get_operations()}


def test_saver_writes_tf_bytes(tmp_path):
    """The whole path (graph op, kernel, bundle writer) reproduces TF's tiny checkpoint exactly."""
    tf.Variable(3.5, name="a")
    tf.Variable([[1, 2], [3, 4]], name="b")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / "model"), write_meta_graph=False)
    assert prefix == str(tmp_path / "model")
    for suffix in (".index", ".data-00000-of-00001"):
        assert Path(prefix + suffix).read_bytes() == Path(TINY + suffix).read_bytes()
    assert (tmp_path / "checkpoint").read_text() == (f'model_checkpoint_path: "{prefix}"\n'
                                                    f'all_model_checkpoint_paths: "{prefix}"\n')


@pytest.mark.parametrize("use_resource", [False, True])
def test_save_restore_round_trip(tmp_path, use_resource):
    v = tf.Variable(np.arange(6, dtype=np.float64).reshape(2, 3), name="v", use_resource=use_resource)
    s = tf.Variable(b"text", name="s", use_resource=use_resource)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "ck" / "model"), global_step=3)
    assert path.endswith("model-3")
    with tf.Session() as sess:
        assert not sess.run(tf.is_variable_initialized(v))
        saver.restore(sess, path)
        assert sess.run(tf.is_variable_initialized(v))
        np.testing.assert_array_equal(sess.run(v), np.arange(6.0).reshape(2, 3))
        assert sess.run(s) == b"text"


def test_var_list_dict_and_list(tmp_path):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2, name="b")
    tf.train.Saver({"custom/name": a})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver({"custom/name": a}).save(sess, str(tmp_path / "m"), write_meta_graph=False)
        only_b = tf.train.Saver([b]).save(sess, str(tmp_path / "b"), write_meta_graph=False)
    assert tf.train.list_variables(path) == [("custom/name", [])]
    assert tf.train.list_variables(only_b) == [("b", [])]
    # TF 2.21's errors: a variable listed twice, saved under two names, a tensor that is no variable
    with pytest.raises(ValueError, match="^At least two variables have the same name: a$"):
        tf.train.Saver([a, a, b])
    with pytest.raises(ValueError, match="^The same saveable will be restored with two names: y$"):
        tf.train.Saver({"y": a, "x": a})
    with pytest.raises(TypeError, match="^Variable to save is not a Variable: "):
        tf.train.Saver([tf.constant(1.0)])
    with pytest.raises(TypeError, match="^names_to_saveables must be a dict mapping string names to "
                                        "Tensors/Variables. Not a variable: Tensor"):
        tf.train.Saver({"a": a.value()})


def test_no_variables():
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()
    assert tf.train.Saver(allow_empty=True).save(None, "/nonexistent/x") is None


def test_max_to_keep_deletes_oldest(tmp_path):
    v = tf.Variable(0, name="v")
    inc = v.assign_add(1)
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = []
        for step in range(4):
            sess.run(inc)
            paths.append(saver.save(sess, str(tmp_path / "model"), global_step=step, write_meta_graph=False))
    assert saver.last_checkpoints == paths[2:]
    assert [tf.train.checkpoint_exists(p) for p in paths] == [False, False, True, True]
    assert not any(f.startswith(("model-0", "model-1")) for f in os.listdir(tmp_path))
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == paths[3] and list(state.all_model_checkpoint_paths) == paths[2:]
    assert tf.train.load_variable(str(tmp_path), "v:0") == 4


def test_max_to_keep_none_keeps_all(tmp_path):
    tf.Variable(0, name="v")
    saver = tf.train.Saver(max_to_keep=None)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = [saver.save(sess, str(tmp_path / "m"), global_step=i, write_meta_graph=False) for i in range(3)]
    assert all(tf.train.checkpoint_exists(p) for p in paths)
    assert saver.last_checkpoints == []
    assert list(tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths) == paths[-1:]


def test_keep_checkpoint_every_n_hours(tmp_path, monkeypatch):
    import sessionflow.train.saver as saver_module

    clock = [1000.0]
    monkeypatch.setattr(saver_module.time, "time", lambda: clock[0])
    tf.Variable(0, name="v")
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = []
        for step, now in enumerate([1000.0, 2000.0, 4700.0, 4800.0, 5000.0]):
            clock[0] = now
            paths.append(saver.save(sess, str(tmp_path / "m"), global_step=step, write_meta_graph=False))
    # the first checkpoint after each hour (from construction) survives deletion
    assert [tf.train.checkpoint_exists(p) for p in paths] == [False, False, True, False, True]


def test_recover_and_set_last_checkpoints(tmp_path):
    tf.Variable(0, name="v")
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        old = [saver.save(sess, str(tmp_path / "m"), global_step=i, write_meta_graph=False) for i in range(2)]
        restarted = tf.train.Saver(max_to_keep=2)
        restarted.recover_last_checkpoints(old)
        assert restarted.last_checkpoints == old
        restarted.save(sess, str(tmp_path / "m"), global_step=2, write_meta_graph=False)
        assert not tf.train.checkpoint_exists(old[0])
        restarted.set_last_checkpoints_with_time([(old[1], 1.0)])
        assert restarted.last_checkpoints == [old[1]]
        with pytest.raises(TypeError):
            restarted.set_last_checkpoints_with_time("nope")


def test_relative_save_path_writes_relative_state(tmp_path, monkeypatch):
    tf.Variable(0, name="v")
    saver = tf.train.Saver()
    monkeypatch.chdir(tmp_path)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "run/model", global_step=20, write_meta_graph=False)
    text = (tmp_path / "run" / "checkpoint").read_text()
    assert 'model_checkpoint_path: "model-20"' in text
    assert tf.train.latest_checkpoint(str(tmp_path / "run")) == str(tmp_path / "run" / "model-20")


def test_state_file_edge_cases(tmp_path):
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    (tmp_path / "checkpoint").write_text("garbage {{{")
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None
    (tmp_path / "checkpoint").write_text('model_checkpoint_path: "gone"\n')
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    shutil.copy(TINY + ".index", tmp_path / "gone.index")
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "gone")


def test_restore_errors(tmp_path):
    a = tf.Variable(0.0, name="a")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="not a valid checkpoint"):
            saver.restore(sess, str(tmp_path / "nothing"))
        with pytest.raises(ValueError, match="None"):
            saver.restore(sess, None)
    # TF 2.21 wraps the restore op's error: "... most likely due to <cause> from the checkpoint. ..."
    mismatch = ("^Restoring from checkpoint failed. This is most likely due to a mismatch between the current "
                "graph and the graph from the checkpoint. Please ensure that you have not altered the graph "
                "expected based on the checkpoint. Original error:\n\n")
    missing = ("^Restoring from checkpoint failed. This is most likely due to a Variable name or other graph key "
               "that is missing from the checkpoint. Please ensure that you have not altered the graph expected "
               "based on the checkpoint. Original error:\n\n")
    with tf.Graph().as_default():  # the variable is not initialized: its declared shape is checked
        tf.Variable([1.0, 2.0], name="a")
        with tf.Session() as sess, pytest.raises(
                tf.errors.InvalidArgumentError,
                match=mismatch + re.escape("Assign requires shapes of both tensors to match. lhs shape= [2] "
                                           "rhs shape= []")) as info:
            tf.train.Saver().restore(sess, TINY)
        assert info.value.op.name == "save/Assign"
    with tf.Graph().as_default():
        tf.Variable(0.0, name="missing")
        with tf.Session() as sess, pytest.raises(tf.errors.NotFoundError,
                                                 match=missing + "Key missing not found in checkpoint"):
            tf.train.Saver().restore(sess, TINY)
    with tf.Graph().as_default():
        tf.Variable(0, name="a")
        with tf.Session() as sess, pytest.raises(
                tf.errors.InvalidArgumentError,
                match=mismatch + "tensor_name = a; expected dtype int32 does not equal original dtype float\n"):
            tf.train.Saver().restore(sess, TINY)
    del a


def test_assign_checks_the_declared_shape_of_an_uninitialized_variable():
    v = tf.Variable([1.0, 2.0, 3.0], name="v")
    p = tf.placeholder(tf.float32)
    assign = tf.assign(v, p)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=re.escape("Assign requires shapes of both tensors to match. lhs shape= [3] "
                                           "rhs shape= [2]")):
            sess.run(assign, {p: [1.0, 2.0]})
        np.testing.assert_array_equal(sess.run(tf.assign(v, p, validate_shape=False), {p: [4.0]}), [4.0])


def test_checkpoint_reader_api():
    reader = tf.train.NewCheckpointReader(TINY)
    assert reader.has_tensor("a") and not reader.has_tensor("c")
    assert reader.get_variable_to_shape_map() == {"a": [], "b": [2, 2]}
    assert reader.get_variable_to_dtype_map() == {"a": tf.float32, "b": tf.int32}
    assert reader.debug_string() == b"a (DT_FLOAT) []\nb (DT_INT32) [2,2]\n"
    np.testing.assert_array_equal(reader.get_tensor("b"), [[1, 2], [3, 4]])
    with pytest.raises(tf.errors.NotFoundError, match="Key c not found"):
        reader.get_tensor("c")
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files"):
        tf.train.NewCheckpointReader(TINY + "-nope")
    assert tf.train.load_variable(TINY, "a") == np.float32(3.5)
    # a scalar comes back as a NumPy scalar, as TF's reader gives it
    assert type(reader.get_tensor("a")) is np.float32 and type(tf.train.load_variable(TINY, "a")) is np.float32
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file"):
        tf.train.load_checkpoint(FIXTURES)


def test_init_from_checkpoint_variable_and_scope():
    with tf.variable_scope("new"):
        w = tf.get_variable("w", [4, 8])
        b = tf.get_variable("b", [8])
    other = tf.get_variable("other", [8, 3])
    tf.train.init_from_checkpoint(MLP_DIR, {"layer1/": "new/", "layer2/w": other})
    expected = tf.train.load_checkpoint(MLP_DIR)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(w), expected.get_tensor("layer1/w"))
        np.testing.assert_array_equal(sess.run(b), expected.get_tensor("layer1/b"))
        np.testing.assert_array_equal(sess.run(other), expected.get_tensor("layer2/w"))


def test_init_from_checkpoint_graph():
    """The ops init_from_checkpoint adds, as TF 2.21 names and places them (its output for this graph)."""
    with tf.variable_scope("new"):
        w = tf.get_variable("w", [4, 8])
    graph = tf.get_default_graph()
    before = len(graph.get_operations())
    tf.train.init_from_checkpoint(MLP_DIR, {"layer1/w": "new/w"})
    added = [(o.name, o.type) for o in graph.get_operations()[before:]]
    assert added == [("checkpoint_initializer/prefix", "Const"), ("checkpoint_initializer/tensor_names", "Const"),
                     ("checkpoint_initializer/shape_and_slices", "Const"), ("checkpoint_initializer", "RestoreV2"),
                     ("Assign", "Assign")]
    assert w.initial_value.name == "checkpoint_initializer:0"
    assert w.initial_value.device == "/device:CPU:0" and w.initializer.device == ""


def test_init_from_checkpoint_errors():
    tf.get_variable("v", [2, 2])
    with pytest.raises(ValueError, match="is not found in"):
        tf.train.init_from_checkpoint(TINY, {"nope": "v"})
    with pytest.raises(ValueError, match="doesn't match with shape"):
        tf.train.init_from_checkpoint(TINY, {"a": "v"})
    with pytest.raises(ValueError, match="scope only"):
        tf.train.init_from_checkpoint(TINY, {"a": "unknown/x"})


def test_saver_from_saver_def(tmp_path):
    v = tf.Variable(7.0, name="v")
    saver = tf.train.Saver()
    again = tf.train.Saver(saver_def=saver.as_saver_def())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = again.save(sess, str(tmp_path / "m"), write_meta_graph=False)
        sess.run(v.assign(1.0))
        again.restore(sess, path)
        assert sess.run(v) == 7.0


# --- atomic saves ----------------------------------------------------------------------------------

class _FailingOs:
    """`os` whose write/fsync/replace calls fail (ENOSPC) from the `fail_at`-th call on."""

    def __init__(self, fail_at: int):
        self.fail_at = fail_at
        self.calls = 0

    def _counted(self, real):
        def call(*args, **kwargs):
            self.calls += 1
            if self.calls > self.fail_at:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(*args, **kwargs)
        return call

    def __getattr__(self, name):
        real = getattr(os, name)
        return self._counted(real) if name in ("write", "fsync", "replace") else real


@pytest.mark.parametrize("same_prefix", [False, True])
def test_failure_at_every_step_keeps_previous_checkpoint(tmp_path, monkeypatch, same_prefix):
    """Every write, sync and rename of a save fails in turn; each time the previous checkpoint is
    still the latest one, restores its values, and no temporary file is left behind. (With
    `same_prefix`, failures up to the renames keep the overwritten checkpoint.)"""
    v = tf.Variable(np.arange(1000, dtype=np.float32), name="v")
    saver = tf.train.Saver(max_to_keep=1)
    directory = str(tmp_path)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = saver.save(sess, os.path.join(directory, "model"), global_step=None if same_prefix else 1)
        sess.run(v.assign(v + 1))
        fail_at = 0
        while True:
            faulty = _FailingOs(fail_at)
            monkeypatch.setattr(cb, "os", faulty)
            try:
                saver.save(sess, os.path.join(directory, "model"), global_step=None if same_prefix else 2,
                           write_meta_graph=False)
            except tf.errors.ResourceExhaustedError as e:
                assert "no space left" in str(e)
            else:
                monkeypatch.undo()
                break
            finally:
                monkeypatch.setattr(cb, "os", os)
            if same_prefix and fail_at >= 5:  # from the index rename on, the old bundle has been replaced
                fail_at += 1
                continue
            assert not [f for f in os.listdir(directory) if "tempstate" in f]
            assert tf.train.latest_checkpoint(directory) == first
            with tf.Session() as check:
                saver.restore(check, first)
                np.testing.assert_array_equal(check.run(v), np.arange(1000, dtype=np.float32))
            fail_at += 1
        assert fail_at >= 6  # data write+sync, index write+sync, two renames, state file ...
        latest = tf.train.latest_checkpoint(directory)
        saver.restore(sess, latest)
        np.testing.assert_array_equal(sess.run(v), np.arange(1000, dtype=np.float32) + 1)
        if not same_prefix:
            assert not tf.train.checkpoint_exists(first)  # deleted only once the new state file was written


def test_inspect_command(capsys):
    import argparse

    from sessionflow.tools.inspect_checkpoint import add_inspect_command

    parser = argparse.ArgumentParser()
    add_inspect_command(parser.add_subparsers())
    options = parser.parse_args(["inspect", os.path.dirname(TINY)])
    assert options.run(options) == 0
    assert capsys.readouterr().out == "a (DT_FLOAT) []\nb (DT_INT32) [2,2]\n\n"
    options = parser.parse_args(["inspect", TINY, "--tensor", "b"])
    assert options.run(options) == 0
    assert capsys.readouterr().out == "tensor_name:  b\n[[1 2]\n [3 4]]\n"
    options = parser.parse_args(["inspect", TINY, "--names"])
    assert options.run(options) == 0 and capsys.readouterr().out == "tensor_name:  a\ntensor_name:  b\n"
    options = parser.parse_args(["inspect", TINY + "-missing"])
    assert options.run(options) == 1
    assert "Failed to find any matching files" in capsys.readouterr().err


def test_meta_graph_written_and_imported(tmp_path):
    pytest.importorskip("sessionflow.io.meta_graph")
    tf.Variable([1.0, 2.0], name="v")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "model"), global_step=1)
    assert os.path.exists(path + ".meta")
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(path + ".meta")
        assert saver.as_saver_def().restore_op_name == "save/restore_all"
        with tf.Session() as sess:
            saver.restore(sess, path)
            np.testing.assert_array_equal(sess.run("v:0"), [1.0, 2.0])


# TF 2.21's save/ sub-graph for Saver(sharded=True) over variables on "", /cpu:0 and /cpu:1 (op type, name, device,
# inputs, control inputs; tf.disable_resource_variables()), recorded with the program of the test below.
_SHARDED_SAVE_GRAPH_TF = """
Const save/filename/input  [] []
PlaceholderWithDefault save/filename  ['save/filename/input:0'] []
PlaceholderWithDefault save/Const  ['save/filename:0'] []
StaticRegexFullMatch save/StaticRegexFullMatch /device:CPU:* ['save/Const:0'] []
Const save/Const_1 /device:CPU:* [] []
Const save/Const_2 /device:CPU:* [] []
Select save/Select /device:CPU:* ['save/StaticRegexFullMatch:0', 'save/Const_1:0', 'save/Const_2:0'] []
StringJoin save/StringJoin /device:CPU:* ['save/Const:0', 'save/Select:0'] []
Const save/num_shards  [] []
Const save/ShardedFilename/shard /device:CPU:0 [] []
ShardedFilename save/ShardedFilename /device:CPU:0 ['save/StringJoin:0', 'save/ShardedFilename/shard:0', 'save/num_shards:0'] []
Const save/SaveV2/tensor_names /device:CPU:0 [] []
Const save/SaveV2/shape_and_slices /device:CPU:0 [] []
SaveV2 save/SaveV2 /device:CPU:0 ['save/ShardedFilename:0', 'save/SaveV2/tensor_names:0', 'save/SaveV2/shape_and_slices:0', 'e:0'] []
Identity save/control_dependency /device:CPU:0 ['save/ShardedFilename:0'] ['save/SaveV2']
Const save/ShardedFilename_1/shard /device:CPU:0 [] []
ShardedFilename save/ShardedFilename_1 /device:CPU:0 ['save/StringJoin:0', 'save/ShardedFilename_1/shard:0', 'save/num_shards:0'] []
Const save/SaveV2_1/tensor_names /device:CPU:0 [] []
Const save/SaveV2_1/shape_and_slices /device:CPU:0 [] []
SaveV2 save/SaveV2_1 /device:CPU:0 ['save/ShardedFilename_1:0', 'save/SaveV2_1/tensor_names:0', 'save/SaveV2_1/shape_and_slices:0', 'a:0', 'c:0'] []
Identity save/control_dependency_1 /device:CPU:0 ['save/ShardedFilename_1:0'] ['save/SaveV2_1']
Const save/ShardedFilename_2/shard /device:CPU:0 [] []
ShardedFilename save/ShardedFilename_2 /device:CPU:0 ['save/StringJoin:0', 'save/ShardedFilename_2/shard:0', 'save/num_shards:0'] []
Const save/SaveV2_2/tensor_names /device:CPU:0 [] []
Const save/SaveV2_2/shape_and_slices /device:CPU:0 [] []
SaveV2 save/SaveV2_2 /device:CPU:0 ['save/ShardedFilename_2:0', 'save/SaveV2_2/tensor_names:0', 'save/SaveV2_2/shape_and_slices:0', 'b:0'] []
Identity save/control_dependency_2 /device:CPU:0 ['save/ShardedFilename_2:0'] ['save/SaveV2_2']
Pack save/MergeV2Checkpoints/checkpoint_prefixes /device:CPU:0 ['save/ShardedFilename:0', 'save/ShardedFilename_1:0', 'save/ShardedFilename_2:0'] ['save/control_dependency', 'save/control_dependency_1', 'save/control_dependency_2']
MergeV2Checkpoints save/MergeV2Checkpoints /device:CPU:0 ['save/MergeV2Checkpoints/checkpoint_prefixes:0', 'save/Const:0'] []
Identity save/Identity /device:CPU:0 ['save/Const:0'] ['save/control_dependency', 'save/control_dependency_1', 'save/control_dependency_2', 'save/MergeV2Checkpoints']
Const save/RestoreV2/tensor_names /device:CPU:0 [] []
Const save/RestoreV2/shape_and_slices /device:CPU:0 [] []
RestoreV2 save/RestoreV2 /device:CPU:0 ['save/Const:0', 'save/RestoreV2/tensor_names:0', 'save/RestoreV2/shape_and_slices:0'] []
Assign save/Assign  ['e:0', 'save/RestoreV2:0'] []
NoOp save/restore_shard  [] ['save/Assign']
Const save/RestoreV2_1/tensor_names /device:CPU:0 [] []
Const save/RestoreV2_1/shape_and_slices /device:CPU:0 [] []
RestoreV2 save/RestoreV2_1 /device:CPU:0 ['save/Const:0', 'save/RestoreV2_1/tensor_names:0', 'save/RestoreV2_1/shape_and_slices:0'] []
Assign save/Assign_1 /device:CPU:0 ['a:0', 'save/RestoreV2_1:0'] []
Assign save/Assign_2 /device:CPU:0 ['c:0', 'save/RestoreV2_1:1'] []
NoOp save/restore_shard_1 /device:CPU:0 [] ['save/Assign_1', 'save/Assign_2']
Const save/RestoreV2_2/tensor_names /device:CPU:0 [] []
Const save/RestoreV2_2/shape_and_slices /device:CPU:0 [] []
RestoreV2 save/RestoreV2_2 /device:CPU:0 ['save/Const:0', 'save/RestoreV2_2/tensor_names:0', 'save/RestoreV2_2/shape_and_slices:0'] []
Assign save/Assign_3 /device:CPU:1 ['b:0', 'save/RestoreV2_2:0'] []
NoOp save/restore_shard_2 /device:CPU:1 [] ['save/Assign_3']
NoOp save/restore_all/NoOp  [] ['save/restore_shard']
NoOp save/restore_all/NoOp_1 /device:CPU:0 [] ['save/restore_shard_1']
NoOp save/restore_all/NoOp_2 /device:CPU:1 [] ['save/restore_shard_2']
NoOp save/restore_all  [] ['save/restore_all/NoOp', 'save/restore_all/NoOp_1', 'save/restore_all/NoOp_2']
"""


def test_sharded_saver_writes_a_shard_per_device_as_tf(tmp_path):
    with tf.device("/cpu:1"):
        b = tf.Variable([1.0, 2.0], name="b")
    with tf.device("/cpu:0"):
        a = tf.Variable(3.0, name="a")
        c = tf.Variable([[4]], name="c")
    e = tf.Variable(5.0, name="e")
    saver = tf.train.Saver(sharded=True)
    graph = "\n".join(f"{op.type} {op.name} {op.device} {[i.name for i in op.inputs]} "
                      f"{[c.name for c in op.control_inputs]}"
                      for op in tf.get_default_graph().get_operations() if op.name.startswith("save/"))
    assert graph == _SHARDED_SAVE_GRAPH_TF.strip("\n")
    assert saver.saver_def.save_tensor_name == "save/Identity:0"
    assert saver.saver_def.restore_op_name == "save/restore_all"
    with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as s:
        s.run(tf.global_variables_initializer())
        path = saver.save(s, str(tmp_path / "m"))
        assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m.data-00000-of-00003", "m.data-00001-of-00003",
                                                "m.data-00002-of-00003", "m.index", "m.meta"]
        s.run([a.assign(0.0), b.assign([0.0, 0.0]), e.assign(0.0)])
        saver.restore(s, path)
        values = s.run([a, b, c, e])
    assert [np.asarray(v).tolist() for v in values] == [3.0, [1.0, 2.0], [[4]], 5.0]
    reader = tf.train.NewCheckpointReader(path)
    assert sorted(reader.get_variable_to_shape_map().items()) == [("a", []), ("b", [2]), ("c", [1, 1]), ("e", [])]


def test_a_variable_ops_output_tensor_is_saved_and_restored_as_tf_accepts_it(tmp_path):
    with tf.Graph().as_default() as source:
        w = tf.Variable([[1.0, -2.0]], name="w")
        tf.Variable(3, name="step")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            prefix = tf.train.Saver().save(sess, str(tmp_path / "m"))
    # TF 2.21 restores and saves these the same way, and refuses a read of the variable with this TypeError
    with tf.Graph().as_default() as graph:  # an imported GraphDef has VariableV2 outputs, no Variable objects
        tf.import_graph_def(source.as_graph_def(), name="")
        ref = graph.get_tensor_by_name("w:0")
        by_dict = tf.train.Saver({"w": ref})
        by_list = tf.train.Saver([graph.get_tensor_by_name("step:0")])
        with tf.Session() as sess:
            by_dict.restore(sess, prefix)
            by_list.restore(sess, prefix)
            assert sess.run(ref).tolist() == [[1.0, -2.0]] and sess.run("step:0") == 3
            by_dict.save(sess, str(tmp_path / "again"))
        assert tf.train.list_variables(str(tmp_path / "again")) == [("w", [1, 2])]
        with pytest.raises(TypeError, match="Not a variable: Tensor"):
            tf.train.Saver({"w": graph.get_tensor_by_name("w/read:0")})
