"""Saves killed at any point leave no litter that accumulates: the next successful save of the prefix removes
the temporary files and the checkpoints they orphaned, and nothing else (train/saver.py's module docstring).

A kill is simulated as test_saver.py simulates failed writes, by replacing the `os` of the checkpoint writer
and of the Saver: from the chosen call on, every write, sync, rename and removal raises `_Killed` (a
BaseException, so no cleanup handler can run `os` again), as if the process had died there."""

from __future__ import annotations

import os
import re
import time

import numpy as np
import pytest

import sessionflow as tf
from sessionflow.io import checkpoint_bundle as cb
from sessionflow.io import gfile
from sessionflow.train import saver as saver_module


class _Killed(BaseException):
    pass


class _DyingOs:
    """`os` in which the process dies at the `kill_at`-th write/fsync/replace/remove call: that call and every
    later call of an `os` function (except close, which the kernel does for a dead process) raise _Killed."""

    COUNTED = ("write", "fsync", "replace", "remove", "unlink")

    def __init__(self, kill_at: int):
        self.kill_at = kill_at
        self.calls = 0
        self.dead = False

    def _wrapped(self, name, real):
        def call(*args, **kwargs):
            if name in self.COUNTED:
                self.calls += 1
                self.dead = self.dead or self.calls > self.kill_at
            if self.dead and name != "close":
                raise _Killed(f"killed at os.{name}")
            return real(*args, **kwargs)
        return call

    def __getattr__(self, name):
        real = getattr(os, name)
        return self._wrapped(name, real) if callable(real) and not isinstance(real, type) else real


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def _save_killed(monkeypatch, saver, sess, prefix, step, kill_at) -> bool:
    """Saves with a process that dies at `kill_at`; True when it died, False when the save completed."""
    dying = _DyingOs(kill_at)
    monkeypatch.setattr(cb, "os", dying)
    monkeypatch.setattr(saver_module, "os", dying)
    try:
        saver.save(sess, prefix, global_step=step)
    except _Killed:
        return True
    finally:
        monkeypatch.setattr(cb, "os", os)
        monkeypatch.setattr(saver_module, "os", os)
    return False


_CHECKPOINT_FILE = re.compile(r"model-(\d+)\.(index|data-00000-of-00001|meta)")


def _checkpoints_on_disk(directory) -> dict:
    """step -> the suffixes of its files, for every checkpoint file of the prefix `model`."""
    found: dict[int, set] = {}
    for name in os.listdir(directory):
        match = _CHECKPOINT_FILE.fullmatch(name)
        if match:
            found.setdefault(int(match.group(1)), set()).add(match.group(2))
    return found


def _steps(paths) -> list:
    return sorted(int(p.rsplit("-", 1)[1]) for p in paths)


@pytest.mark.parametrize("max_to_keep", [1, 3])
def test_a_save_killed_at_any_point_leaves_nothing_after_the_next_save(tmp_path, monkeypatch, max_to_keep):
    """Each write, sync, rename and deletion of a save in turn is where the process dies; the next save (by the
    same Saver) leaves exactly the checkpoints the state file lists, each whole, and no temporary file."""
    v = tf.Variable(np.zeros(300, np.float32), name="v")
    bump = v.assign_add(np.ones(300, np.float32))
    saver = tf.train.Saver(max_to_keep=max_to_keep)
    prefix = str(tmp_path / "model")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        step = 0
        for _ in range(max_to_keep + 1):  # a full list, so that saves delete old checkpoints too
            step += 1
            saver.save(sess, prefix, global_step=step)
        kill_at, kills = 0, 0
        while True:
            step += 1
            sess.run(bump)
            died = _save_killed(monkeypatch, saver, sess, prefix, step, kill_at)
            if not died:
                break
            kills += 1
            step += 1
            sess.run(bump)
            latest = saver.save(sess, prefix, global_step=step)
            assert not [n for n in os.listdir(tmp_path) if ".tempstate" in n], kill_at
            state = tf.train.get_checkpoint_state(str(tmp_path))
            assert state.model_checkpoint_path == latest
            listed = _steps(state.all_model_checkpoint_paths)
            assert len(listed) == max_to_keep and _steps(saver.last_checkpoints) == listed
            on_disk = _checkpoints_on_disk(tmp_path)
            assert sorted(on_disk) == listed, (kill_at, on_disk, listed)
            assert all(suffixes == {"index", "data-00000-of-00001", "meta"} for suffixes in on_disk.values())
            with tf.Session() as check:
                saver.restore(check, latest)
                np.testing.assert_array_equal(check.run(v), sess.run(v))
            kill_at += 1
    # data and index: write, sync and rename each; .meta and the state file: the same; then the deletions
    assert kills >= 12


def test_a_restarted_process_removes_what_the_killed_one_left(tmp_path, monkeypatch):
    """A save killed after its bundle was renamed into place (before the state file named it) orphans that
    checkpoint; a new process's Saver, which knows nothing of it, removes it with the temporary files on its
    first save, and keeps the checkpoints the state file listed (TF leaks the orphan)."""
    tf.Variable([1.0, 2.0], name="v")
    prefix = str(tmp_path / "model")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver = tf.train.Saver(max_to_keep=2)
        saver.save(sess, prefix, global_step=10)
        saver.save(sess, prefix, global_step=20)
        # data write+sync+rename (3), index (3), .meta write+sync (2): dies renaming the .meta into place
        assert _save_killed(monkeypatch, saver, sess, prefix, 30, kill_at=8)
    assert sorted(_checkpoints_on_disk(tmp_path)) == [10, 20, 30]
    assert any(n.startswith("model-30.meta.tempstate") for n in os.listdir(tmp_path))
    with tf.Graph().as_default():
        tf.Variable([1.0, 2.0], name="v")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver(max_to_keep=2).save(sess, prefix, global_step=25)
    assert sorted(_checkpoints_on_disk(tmp_path)) == [10, 20, 25]  # a new Saver forgets 10 and 20, as in TF
    assert not [n for n in os.listdir(tmp_path) if ".tempstate" in n]
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix + "-25"


def _complete_checkpoint(directory, step, base="model"):
    for suffix in ("index", "data-00000-of-00001", "meta"):
        (directory / f"{base}-{step}.{suffix}").write_bytes(b"x")


def test_only_files_clearly_ours_are_removed(tmp_path):
    """Other names, other prefixes, other folders, older complete checkpoints the state file no longer lists
    (as keep_checkpoint_every_n_hours leaves them) and temporary files newer than the save stay."""
    tf.Variable([1.0], name="v")
    saver = tf.train.Saver(max_to_keep=2)
    prefix = str(tmp_path / "model")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, prefix, global_step=5)
        saver.save(sess, prefix, global_step=6)
        _complete_checkpoint(tmp_path, 1)  # kept by the hour rule: older than every listed checkpoint
        _complete_checkpoint(tmp_path, 9, base="other")
        (tmp_path / "sub").mkdir()
        _complete_checkpoint(tmp_path / "sub", 8)
        keep = ["model-3.txt", "model-best.index", "model-x.index", "model-12.index.bak", "notes.tempstate12",
                "model-6.index.tempstateNOTHEX0000000", "model-6.index.tempstate0123456789abcdef0",
                "other-9.index.tempstate0123456789abcdef"]
        for name in keep:
            (tmp_path / name).write_bytes(b"x")
        future = tmp_path / "model-7.index.tempstate0123456789abcdef"  # another writer, started after this save
        future.write_bytes(b"x")
        later = time.time_ns() + 3600 * 10**9
        os.utime(future, ns=(later, later))
        (tmp_path / "model-7.data-00000-of-00001.tempstatefedcba9876543210").write_bytes(b"x")  # a killed save's
        saver.save(sess, prefix, global_step=7)
    names = set(os.listdir(tmp_path))
    assert set(keep) <= names and future.name in names
    assert "model-7.data-00000-of-00001.tempstatefedcba9876543210" not in names
    assert sorted(_checkpoints_on_disk(tmp_path)) == [1, 6, 7]
    assert sorted(os.listdir(tmp_path / "sub")) == ["model-8.data-00000-of-00001", "model-8.index", "model-8.meta"]


def test_orphans_stay_without_max_to_keep_but_temporary_files_go(tmp_path):
    tf.Variable([1.0], name="v")
    saver = tf.train.Saver(max_to_keep=None)
    prefix = str(tmp_path / "model")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, prefix, global_step=1)
        _complete_checkpoint(tmp_path, 2)  # as a save killed before the state file would leave it
        (tmp_path / "model-2.index").unlink()
        (tmp_path / "checkpoint.tempstate0123456789abcdef").write_bytes(b"x")
        saver.save(sess, prefix, global_step=3)
    assert sorted(_checkpoints_on_disk(tmp_path)) == [1, 2, 3]  # max_to_keep=None keeps every file, as TF
    assert not [n for n in os.listdir(tmp_path) if ".tempstate" in n]


def test_atomic_writers_share_the_temporary_name_form(tmp_path):
    """GFile and atomic_write name their temporary files as the checkpoint writer does, so what a killed
    writer leaves is recognisable (gfile.stale_temps)."""
    path = str(tmp_path / "graph.pbtxt")
    f = tf.gfile.GFile(path, "w")
    f.write("node {}")
    (left,) = os.listdir(tmp_path)  # a writer killed before close leaves this
    assert re.fullmatch(r"graph\.pbtxt\.tempstate[0-9a-f]{16}", left)
    assert re.fullmatch(r"model\.index\.tempstate[0-9a-f]{16}", os.path.basename(cb._temp_name("model.index")))
    assert gfile.stale_temps(str(tmp_path), lambda name: name == "graph.pbtxt", time.time_ns() + 1) == [
        str(tmp_path / left)]
    assert gfile.stale_temps(str(tmp_path), lambda name: name == "other", time.time_ns() + 1) == []
    f.close()
    assert os.listdir(tmp_path) == ["graph.pbtxt"]
    gfile.atomic_write(path, b"node { name: 'a' }")
    assert os.listdir(tmp_path) == ["graph.pbtxt"]
