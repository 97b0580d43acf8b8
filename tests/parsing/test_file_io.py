"""tf.read_file / tf.write_file / tf.matching_files as TF 2.21 runs them (messages and shapes recorded from TF by
hand: they name local paths, so they are not in the goldens)."""

from __future__ import annotations

import pytest

import sessionflow as tf


def _run(fetch):
    with tf.Session() as sess:
        return sess.run(fetch)


def test_write_then_read_and_match(tmp_path):
    target = tmp_path / "sub" / "dir" / "a.txt"
    with tf.Graph().as_default() as g:
        write = tf.write_file(str(target), "hello")
        assert write.type == "WriteFile" and write.name == "WriteFile"
        read = tf.read_file(str(target))
        assert read.shape.as_list() == [] and read.op.name == "ReadFile"
        assert [op.name for op in g.get_operations()][:3] == ["WriteFile/filename", "WriteFile/contents", "WriteFile"]
        with tf.Session() as sess:
            assert sess.run(write) is None  # the directories are made, as TF does
            assert sess.run(read) == b"hello"
    with tf.Graph().as_default():
        assert _run(tf.io.write_file(str(tmp_path / "b.txt"), b"x\x00y")) is None
        assert _run(tf.io.read_file(str(tmp_path / "b.txt"))) == b"x\x00y"
        matched = tf.matching_files(str(tmp_path / "*.txt"))
        assert matched.shape.as_list() == [None]
        assert _run(matched).tolist() == [str(tmp_path / "b.txt").encode()]
        both = tf.io.matching_files([str(tmp_path / "*.txt"), str(tmp_path / "sub" / "*" / "*")])
        assert _run(both).tolist() == [str(tmp_path / "b.txt").encode(), str(target).encode()]
        assert _run(tf.matching_files(str(tmp_path / "[ab].txt"))).tolist() == [str(tmp_path / "b.txt").encode()]
        assert _run(tf.matching_files(str(tmp_path / "nomatch*"))).tolist() == []


def test_errors_are_tfs(tmp_path):
    with tf.Graph().as_default():
        with pytest.raises(tf.errors.NotFoundError, match=f"^{tmp_path}/missing; No such file or directory\n"):
            _run(tf.read_file(str(tmp_path / "missing")))
        with pytest.raises(tf.errors.FailedPreconditionError, match=f"^{tmp_path}; Is a directory\n"):
            _run(tf.read_file(str(tmp_path)))
        with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
            tf.read_file(["a", "b"])
        with pytest.raises(ValueError, match="requested dtype string for Tensor with dtype int32"):
            tf.read_file(tf.constant(1))


def test_tf2_gfile_names(tmp_path):
    gfile = tf.io.gfile
    assert gfile.join("a", "b", "c") == "a/b/c" and gfile.join("a/", "/b") == "/b" and gfile.join("", "x") == "x"
    assert gfile.join("gs://bucket", "x") == "gs://bucket/x"
    target = gfile.join(str(tmp_path), "d", "f.txt")
    gfile.makedirs(gfile.join(str(tmp_path), "d"))
    with gfile.GFile(target, "w") as f:
        f.write("hi")
    assert gfile.exists(target) and gfile.isdir(str(tmp_path / "d")) and gfile.listdir(str(tmp_path / "d")) == ["f.txt"]
    assert gfile.glob(str(tmp_path / "d" / "*.txt")) == [target]
    gfile.copy(target, target + ".2")
    gfile.rename(target + ".2", target + ".3")
    assert gfile.stat(target + ".3").length == 2
    assert [w[2] for w in gfile.walk(str(tmp_path))] == [[], ["f.txt", "f.txt.3"]]
    gfile.remove(target + ".3")
    gfile.rmtree(str(tmp_path / "d"))
    assert not gfile.exists(target)
