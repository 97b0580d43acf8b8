"""tf.gfile on local paths: missing files raise NotFoundError, writes appear atomically."""

import os

import pytest

import sessionflow as tf


def test_write_read_and_atomic_visibility(tmp_path):
    path = str(tmp_path / "f.txt")
    with tf.gfile.GFile(path, "w") as f:
        f.write("hello\n")
        f.write(b"world\n")
        assert not os.path.exists(path)
    assert tf.gfile.Exists(path)
    with tf.gfile.Open(path) as f:
        assert f.readlines() == ["hello\n", "world\n"]
    with tf.gfile.GFile(path, "rb") as f:
        assert f.read(5) == b"hello" and f.size() == 12


def test_failed_write_leaves_nothing(tmp_path):
    path = tmp_path / "g"
    with pytest.raises(RuntimeError), tf.gfile.GFile(str(path), "wb") as f:
        f.write(b"partial")
        raise RuntimeError("boom")
    assert os.listdir(tmp_path) == []


def test_directory_operations(tmp_path):
    d = str(tmp_path / "a" / "b")
    tf.gfile.MakeDirs(d)
    assert tf.gfile.IsDirectory(d)
    for name in ("x.pb", "y.pb", "z.txt"):
        with tf.gfile.GFile(os.path.join(d, name), "w") as f:
            f.write(name)
    assert tf.gfile.ListDirectory(d) == ["x.pb", "y.pb", "z.txt"]
    assert [os.path.basename(p) for p in tf.gfile.Glob(os.path.join(d, "*.pb"))] == ["x.pb", "y.pb"]
    tf.gfile.Copy(os.path.join(d, "x.pb"), os.path.join(d, "c.pb"))
    with pytest.raises(tf.errors.AlreadyExistsError):
        tf.gfile.Copy(os.path.join(d, "x.pb"), os.path.join(d, "c.pb"))
    tf.gfile.Rename(os.path.join(d, "c.pb"), os.path.join(d, "r.pb"))
    tf.gfile.Remove(os.path.join(d, "r.pb"))
    assert tf.gfile.ListDirectory(d) == ["x.pb", "y.pb", "z.txt"]


@pytest.mark.parametrize("call", [
    lambda p: tf.gfile.GFile(p, "r"), lambda p: tf.gfile.Remove(p), lambda p: tf.gfile.ListDirectory(p),
    lambda p: tf.gfile.Rename(p, p + "2"), lambda p: tf.gfile.Copy(p, p + "2"),
    lambda p: tf.gfile.GFile(os.path.join(p, "sub"), "w"),
])
def test_missing_paths_raise_not_found(tmp_path, call):
    with pytest.raises(tf.errors.NotFoundError, match="missing"):
        call(str(tmp_path / "missing"))
