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


def test_error_messages_are_tfs(tmp_path):
    # TF 2.21's messages, word for word (paths aside)
    base = str(tmp_path)
    for name in ("a", "b"):
        with open(os.path.join(base, name), "w") as f:
            f.write("x")
    cases = [
        (lambda: tf.gfile.Rename(f"{base}/a", f"{base}/b"), tf.errors.AlreadyExistsError, "file already exists"),
        (lambda: tf.gfile.Copy(f"{base}/a", f"{base}/b"), tf.errors.AlreadyExistsError, "file already exists"),
        (lambda: tf.gfile.DeleteRecursively(f"{base}/nope"), tf.errors.NotFoundError, f"{base}/nope not found"),
        (lambda: tf.gfile.ListDirectory(f"{base}/a"), tf.errors.NotFoundError, f"Could not find directory {base}/a"),
        (lambda: tf.gfile.ListDirectory(f"{base}/nope"), tf.errors.NotFoundError,
         f"Could not find directory {base}/nope"),
        (lambda: tf.gfile.MkDir(f"{base}/nope/x"), tf.errors.NotFoundError,
         f"{base}/nope/x; No such file or directory"),
        (lambda: tf.gfile.Remove(f"{base}/nope"), tf.errors.NotFoundError, f"{base}/nope; No such file or directory"),
        (lambda: tf.gfile.Stat(f"{base}/nope"), tf.errors.NotFoundError, f"{base}/nope; No such file or directory"),
        (lambda: tf.gfile.MakeDirs(f"{base}/a/x"), tf.errors.FailedPreconditionError, f"{base}/a is not a directory"),
    ]
    for call, error, message in cases:
        with pytest.raises(error) as info:
            call()
        assert str(info.value) == message
