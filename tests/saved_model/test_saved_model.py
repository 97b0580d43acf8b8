"""SavedModel both ways. TF's export (tools/make_saved_model_fixtures.py: TF 1.x-style builder code run on TF 2.21)
loads here and serves TF's recorded outputs; the same model saved here was loaded and served by TF when the
fixtures were recorded, and serves the same outputs here. Plus the builder's and loader's contracts and errors,
and the sharded Saver that SavedModels use."""

import json
import re
import os
import shutil
import sys

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import checkpoint_bundle

sys.path.insert(0, os.path.dirname(__file__))
import saved_model_program as model  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
SERVED = json.load(open(os.path.join(FIXTURES, "served.json")))


def _assert_served(got, expected):
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert sorted(got[key]) == sorted(expected[key])
        for output, values in expected[key].items():
            if isinstance(values[0][0], str):
                assert got[key][output] == values
            else:
                np.testing.assert_allclose(got[key][output], values, rtol=1e-5)


def test_a_saved_model_written_by_tf_loads_and_serves_tfs_outputs(tmp_path):
    export = tmp_path / "tf_export"
    shutil.copytree(os.path.join(FIXTURES, "tf_export"), export)  # elsewhere: the asset comes from assets/
    _assert_served(model.serve(tf, str(export)), SERVED["tf_export"])


def test_a_saved_model_written_here_serves_what_tf_served_from_it(tmp_path):
    vocab = tmp_path / "vocab.txt"
    vocab.write_text(model.VOCAB)
    export = tmp_path / "export"
    model.save(tf, str(export), str(vocab))
    assert sorted(os.listdir(export)) == ["assets", "saved_model.pb", "variables"]
    assert sorted(os.listdir(export / "variables")) == ["variables.data-00000-of-00001", "variables.index"]
    assert (export / "assets" / "vocab.txt").read_text() == model.VOCAB
    vocab.unlink()  # the loader feeds the copy in assets/
    _assert_served(model.serve(tf, str(export)), SERVED["sessionflow_export"])


def test_simple_save_and_load_with_an_import_scope(tmp_path):
    export = str(tmp_path / "simple")
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0], [2.0]], name="w")
        y = tf.matmul(x, w, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(w.assign([[3.0], [4.0]]))
            tf.saved_model.simple_save(sess, export, {"x": x}, {"y": y})
    with tf.Graph().as_default() as graph, tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], export, import_scope="m")
        signature = meta.signature_def["serving_default"]
        assert signature.method_name == "tensorflow/serving/predict"
        assert tf.saved_model.is_valid_signature(signature)
        x = tf.saved_model.utils.get_tensor_from_tensor_info(signature.inputs["x"], graph, import_scope="m")
        y = tf.saved_model.utils.get_tensor_from_tensor_info(signature.outputs["y"], graph, import_scope="m")
        assert x.name == "m/x:0"
        np.testing.assert_array_equal(sess.run(y, {x: [[1.0, 1.0]]}), [[7.0]])


def test_the_loaders_and_builders_errors(tmp_path):
    export = str(tmp_path / "export")
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        with tf.Session() as sess:
            sess.run(v.initializer)
            builder = tf.saved_model.builder.SavedModelBuilder(export)
            builder.add_meta_graph_and_variables(sess, ["train"])
            with pytest.raises(AssertionError, match="already been saved. Please invoke `add_meta_graph\\(\\)`"):
                builder.add_meta_graph_and_variables(sess, ["serve"])
            builder.add_meta_graph(["serve", "gpu"])
            builder.save(as_text=True)
    assert os.path.exists(os.path.join(export, "saved_model.pbtxt"))
    assert tf.saved_model.loader.maybe_saved_model_directory(export)
    assert not tf.saved_model.loader.maybe_saved_model_directory(str(tmp_path))
    with pytest.raises(AssertionError, match="already exists, and isn't empty"):
        tf.saved_model.builder.SavedModelBuilder(export)
    with tf.Graph().as_default(), tf.Session() as sess:  # TF checks simple_save's signature before the directory
        with pytest.raises(ValueError, match="^Prediction `outputs` cannot be None or empty.$"):
            tf.saved_model.simple_save(sess, export, {"x": tf.placeholder(tf.float32)}, {})
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(RuntimeError, match=r"MetaGraphDef associated with tags 'serve' could not be found in "
                                               r"SavedModel, with available tags '\[\{'train'\}, "):
            tf.saved_model.loader.load(sess, ["serve"], export)
        tf.saved_model.loader.load(sess, ["gpu", "serve"], export)
        assert sess.run("v:0") == 1.0
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(OSError, match="SavedModel file does not exist at"):
            tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "nowhere"))


def test_damaged_exports_raise_clear_errors(tmp_path):
    export = tmp_path / "tf_export"
    shutil.copytree(os.path.join(FIXTURES, "tf_export"), export)
    pb = export / "saved_model.pb"
    data = pb.read_bytes()
    pb.write_bytes(data[: len(data) // 2])
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(OSError, match="Cannot parse file"):
            tf.saved_model.loader.load(sess, ["serve"], str(export))
    pb.write_bytes(data)
    os.remove(export / "variables" / "variables.index")
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(ValueError, match="not a valid checkpoint"):
            tf.saved_model.loader.load(sess, ["serve"], str(export))


def test_signature_def_utils_check_their_arguments_as_tf():
    with tf.Graph().as_default():
        examples = tf.placeholder(tf.string, [None])
        scores = tf.placeholder(tf.float32, [None, 3])
        with pytest.raises(ValueError, match="Prediction `inputs` cannot be None or empty."):
            tf.saved_model.predict_signature_def({}, {"s": scores})
        with pytest.raises(ValueError, match="Classification `classes` and `scores` cannot both be None."):
            tf.saved_model.classification_signature_def(examples, None, None)
        with pytest.raises(ValueError, match="Classification input tensors must be of type string"):
            tf.saved_model.classification_signature_def(scores, None, scores)
        signature = tf.saved_model.regression_signature_def(examples, tf.placeholder(tf.float32, [None, 1]))
        assert signature.method_name == tf.saved_model.REGRESS_METHOD_NAME
        assert tf.saved_model.is_valid_signature(signature)
        sparse = tf.sparse_placeholder(tf.float32)
        info = tf.saved_model.build_tensor_info(sparse)
        assert info.WhichOneof("encoding") == "coo_sparse"
        back = tf.saved_model.get_tensor_from_tensor_info(info)
        assert isinstance(back, tf.SparseTensor) and back.values.name == sparse.values.name


# The save sub-graph of TF 2.21's tf.compat.v1.train.Saver(sharded=True) over two variables: (type, name).
TF_SHARDED_SAVE = [
    ("Const", "save/filename/input"), ("PlaceholderWithDefault", "save/filename"),
    ("PlaceholderWithDefault", "save/Const"), ("StaticRegexFullMatch", "save/StaticRegexFullMatch"),
    ("Const", "save/Const_1"), ("Const", "save/Const_2"), ("Select", "save/Select"), ("StringJoin", "save/StringJoin"),
    ("Const", "save/num_shards"), ("Const", "save/ShardedFilename/shard"), ("ShardedFilename", "save/ShardedFilename"),
    ("Const", "save/SaveV2/tensor_names"), ("Const", "save/SaveV2/shape_and_slices"), ("SaveV2", "save/SaveV2"),
    ("Identity", "save/control_dependency"), ("Pack", "save/MergeV2Checkpoints/checkpoint_prefixes"),
    ("MergeV2Checkpoints", "save/MergeV2Checkpoints"), ("Identity", "save/Identity"),
    ("Const", "save/RestoreV2/tensor_names"), ("Const", "save/RestoreV2/shape_and_slices"),
    ("RestoreV2", "save/RestoreV2"), ("Assign", "save/Assign"), ("Assign", "save/Assign_1"),
    ("NoOp", "save/restore_shard"), ("NoOp", "save/restore_all")]


def test_a_sharded_saver_builds_tfs_graph_and_round_trips(tmp_path):
    with tf.Graph().as_default() as graph:
        v = tf.Variable([1.0, 2.0], name="v")
        w = tf.Variable(3, name="w")
        saver = tf.train.Saver(sharded=True)
        ops = [(op.type, op.name) for op in graph.get_operations() if op.name.startswith("save")]
        assert ops == TF_SHARDED_SAVE
        assert saver.saver_def.sharded and saver.saver_def.save_tensor_name == "save/Identity:0"
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            prefix = saver.save(sess, str(tmp_path / "model"), write_state=False)
            assert sorted(os.listdir(tmp_path)) == ["model.data-00000-of-00001", "model.index", "model.meta"]
            sess.run([v.assign([0.0, 0.0]), w.assign(0)])
            saver.restore(sess, prefix)
            np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
            assert sess.run(w) == 3


def test_merging_two_shards_gives_one_readable_checkpoint(tmp_path):
    first, second = str(tmp_path / "t" / "part-0"), str(tmp_path / "t" / "part-1")
    checkpoint_bundle.write_bundle(first, [("a", np.arange(3.0), None)])
    checkpoint_bundle.write_bundle(second, [("b", np.array([7], np.int64), None)])
    destination = str(tmp_path / "merged")
    checkpoint_bundle.merge_bundles([first, second], destination)
    reader = checkpoint_bundle.BundleReader(destination)
    assert reader.num_shards == 2
    np.testing.assert_array_equal(reader.get_tensor("a"), np.arange(3.0))
    np.testing.assert_array_equal(reader.get_tensor("b"), [7])
    assert not os.path.exists(tmp_path / "t")  # the emptied folder of the shards is removed
    with pytest.raises(tf.errors.NotFoundError):
        checkpoint_bundle.merge_bundles([first], str(tmp_path / "again"))


def _op_set(line: str) -> set:
    return set(re.findall(r"'([^']+)'", line.split("ops: ", 1)[1]))


def test_inspect_shows_a_saved_model_as_saved_model_cli_does(tmp_path, capsys):
    from sessionflow.tools import cli

    export = tmp_path / "tf_export"
    shutil.copytree(os.path.join(FIXTURES, "tf_export"), export)
    assert cli.main(["inspect", str(export)]) == 0
    ours = capsys.readouterr().out.splitlines()
    theirs = open(os.path.join(FIXTURES, "show_all.txt")).read().splitlines()
    assert ours[:-1] == theirs[:-1]
    assert ours[-1].split(": {")[0] == theirs[-1].split(": {")[0]  # TF prints the op set in hash order
    assert _op_set(ours[-1]) == _op_set(theirs[-1])
