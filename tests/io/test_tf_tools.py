"""TF's tools as libraries (`tensorflow.python.tools.freeze_graph`, `inspect_checkpoint`, `saved_model_utils`):
the frozen graphs and the printed text are TF 2.21's (recorded from the same program run on TF)."""

from __future__ import annotations

import os

import pytest

import sessionflow as tf
from sessionflow.io import freeze_graph
from sessionflow.saved_model import loader
from sessionflow.tools import inspect_checkpoint


def _model(folder):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0, -2.0], [0.5, 3.0]], name="w")
        b = tf.Variable([0.25, -0.5], name="b")
        tf.Variable(3, name="global_step", trainable=False)
        y = tf.nn.relu(tf.matmul(x, w) + b, name="y")
        tf.identity(y * 2.0, name="z")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            prefix = tf.train.Saver().save(sess, os.path.join(folder, "m"))
            tf.train.write_graph(sess.graph_def, folder, "g.pbtxt")
            tf.train.write_graph(sess.graph_def, folder, "g.pb", as_text=False)
    return prefix


FROZEN = [("x", "Placeholder"), ("w", "Const"), ("w/read", "Identity"), ("b", "Const"), ("b/read", "Identity"),
          ("MatMul", "MatMul"), ("add", "AddV2"), ("y", "Relu"), ("mul/y", "Const"), ("mul", "Mul"), ("z", "Identity")]


def test_freeze_graph_from_text_binary_and_meta_graph_files(tmp_path):
    folder = str(tmp_path)
    prefix = _model(folder)
    with tf.Graph().as_default():
        frozen = freeze_graph.freeze_graph(os.path.join(folder, "g.pbtxt"), "", False, prefix, "z", "save/restore_all",
                                           "save/Const:0", os.path.join(folder, "frozen.pb"), True, "")
        # a second freeze in the same default graph: TF imports it again, renaming what is taken
        denied = freeze_graph.freeze_graph(os.path.join(folder, "g.pb"), "", True, prefix, "y,z", "", "",
                                           os.path.join(folder, "frozen2.pb"), True, "", variable_names_denylist="b")
        from_meta = freeze_graph.freeze_graph(None, "", True, prefix, "z", "", "", "", True, "",
                                              input_meta_graph=prefix + ".meta")
    assert [(n.name, n.op) for n in frozen.node] == FROZEN
    with open(os.path.join(folder, "frozen.pb"), "rb") as f:
        assert f.read() == frozen.SerializeToString(deterministic=True)
    assert [(n.name, n.op) for n in denied.node] == [(n, "VariableV2" if n == "b" else op) for n, op in FROZEN]
    assert [(n.name, n.op) for n in from_meta.node] == FROZEN
    with tf.Graph().as_default():
        tf.import_graph_def(from_meta, name="")
        with tf.Session() as sess:
            assert sess.run("z:0", {"x:0": [[1.0, 2.0], [-1.0, 0.5]]}).tolist() == [[4.5, 7.0], [0.0, 6.0]]
    with tf.Graph().as_default():
        with pytest.raises(OSError, match="^Input graph file '.*nope.pb' does not exist!$"):
            freeze_graph.freeze_graph(os.path.join(folder, "nope.pb"), "", True, prefix, "z", "", "", "", True, "")
        with pytest.raises(ValueError, match="^Input checkpoint '.*nockpt' doesn't exist!$"):
            freeze_graph.freeze_graph(os.path.join(folder, "g.pb"), "", True, os.path.join(folder, "nockpt"), "z",
                                      "", "", "", True, "")
        with pytest.raises(ValueError, match="^You need to supply the name of a node to --output_node_names.$"):
            freeze_graph.freeze_graph(os.path.join(folder, "g.pb"), "", True, prefix, "", "", "", "", True, "")


def test_print_tensors_in_checkpoint_file_prints_tfs_text(tmp_path, capsys):
    prefix = _model(str(tmp_path))
    show = inspect_checkpoint.print_tensors_in_checkpoint_file
    show(prefix, tensor_name="", all_tensors=False, all_tensor_names=True)
    show(prefix, tensor_name="", all_tensors=True)
    show(prefix, tensor_name="w", all_tensors=False)
    show(prefix, tensor_name="nope", all_tensors=False)
    show(prefix, tensor_name="", all_tensors=False)
    show(os.path.join(str(tmp_path), "none"), tensor_name="", all_tensors=False)
    show(prefix, tensor_name="b", all_tensors=False, count_exclude_pattern="w")
    assert capsys.readouterr().out.replace(str(tmp_path), "DIR") == """\
tensor: b (float32) [2]
tensor: global_step (int32) []
tensor: w (float32) [2, 2]
# Total number of params: 7
tensor: b (float32) [2]
[ 0.25 -0.5 ]
tensor: global_step (int32) []
3
tensor: w (float32) [2, 2]
[[ 1.  -2. ]
 [ 0.5  3. ]]
# Total number of params: 7
tensor: w (float32) [2, 2]
[[ 1.  -2. ]
 [ 0.5  3. ]]
# Total number of params: 7
Tensor nope not found in checkpoint
b (DT_FLOAT) [2]
global_step (DT_INT32) []
w (DT_FLOAT) [2,2]

# Total number of params: 7
Unsuccessful TensorSliceReader constructor: Failed to find any matching files for DIR/none
tensor: b (float32) [2]
[ 0.25 -0.5 ]
# Excluding 1 tensors (4 params) that match w when counting.
# Total number of params: 3
"""


def test_saved_model_utils_read_the_tag_sets(tmp_path):
    export = str(tmp_path / "export")
    with tf.Graph().as_default(), tf.Session() as sess:
        v = tf.Variable(1.0, name="v")
        sess.run(v.initializer)
        builder = tf.saved_model.builder.SavedModelBuilder(export)
        builder.add_meta_graph_and_variables(sess, ["serve"])
        builder.add_meta_graph(["train", "gpu"])
        builder.save()
    assert loader.get_saved_model_tag_sets(export) == [["serve"], ["train", "gpu"]]
    assert list(loader.get_meta_graph_def(export, "gpu,train").meta_info_def.tags) == ["train", "gpu"]
    with pytest.raises(RuntimeError, match=r"^MetaGraphDef associated with tag-set eval could not be found in the "
                                           r"SavedModel. Please use one of the following tag-sets: \['serve', "):
        loader.get_meta_graph_def(export, "eval")
    with pytest.raises(OSError, match="^SavedModel file does not exist at: "):
        loader.read_saved_model(str(tmp_path))
