"""Writes the TF-made checkpoint fixtures of tests/io/ with real TensorFlow (run with /opt/tfvenv/bin/python).

    /opt/tfvenv/bin/python tools/make_checkpoint_fixtures.py

Fixtures (each a few KB, saved with relative paths so the directories can move):
- tests/io/fixtures/ckpt_tiny/: `a` = 3.5 (float32), `b` = [[1, 2], [3, 4]] (int32): the spec's worked example.
- tests/io/fixtures/ckpt_dtypes/: one variable per dtype a checkpoint holds (values: DTYPE_VALUES in
  tests/io/test_checkpoint_bundle.py, kept in sync with `dtype_values` below).
- tests/io/fixtures/ckpt_mlp/: a 4-8-3 MLP trained 5 steps with Adam and a global step, and
  `expected.npz` with the inputs `x`, TF's predictions `y` after training and `y_next` after one more step.
"""

from __future__ import annotations

import os
import shutil
import sys

import numpy as np
import tensorflow.compat.v1 as tf

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "io"))
from checkpoint_model import build_mlp  # noqa: E402 - the model tests/io/test_saver.py rebuilds

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "io", "fixtures")


def fresh(name: str) -> str:
    path = os.path.join(ROOT, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def save(sess, saver, directory, **kwargs):
    cwd = os.getcwd()
    os.chdir(directory)  # a relative save path makes TF write relative paths in the state file
    try:
        saver.save(sess, "model", write_meta_graph=False, **kwargs)
    finally:
        os.chdir(cwd)


def tiny():
    directory = fresh("ckpt_tiny")
    with tf.Graph().as_default():
        tf.Variable(3.5, dtype=tf.float32, name="a")
        tf.Variable([[1, 2], [3, 4]], dtype=tf.int32, name="b")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            save(sess, saver, directory)


def dtype_values():
    return {
        "f16": np.array([1.0, -2.5, 65504.0], np.float16),
        "f32": np.array([[1.5, -2.0], [0.0, 3.25]], np.float32),
        "f64": np.array([np.pi, -1e300], np.float64),
        "bf16": np.array([1.0, -2.0, 0.5], np.float32),
        "i8": np.array([-128, 0, 127], np.int8),
        "i16": np.array([-32768, 5, 32767], np.int16),
        "i32": np.array([-(2**31), 7, 2**31 - 1], np.int32),
        "i64": np.array([-(2**63), 9, 2**63 - 1], np.int64),
        "u8": np.array([0, 200, 255], np.uint8),
        "u16": np.array([0, 60000], np.uint16),
        "u32": np.array([0, 2**32 - 1], np.uint32),
        "u64": np.array([0, 2**64 - 1], np.uint64),
        "c64": np.array([1 + 2j, -3.5j], np.complex64),
        "c128": np.array([1e-300 + 2j], np.complex128),
        "flag": np.array([True, False, True]),
        "empty": np.zeros((0, 3), np.float32),
        "scalar_i64": np.int64(42),
        "words": np.array([b"hello", b"", b"tensorflow!"], object),
        "word": b"scalar",
        "no_words": np.array([], object),
    }


def dtypes_fixture():
    directory = fresh("ckpt_dtypes")
    with tf.Graph().as_default():
        for name, value in dtype_values().items():
            if name == "bf16":
                tf.Variable(tf.cast(value, tf.bfloat16), name=name)
            elif name == "no_words":
                tf.Variable(tf.zeros([0], tf.string), name=name)
            elif name in ("u16", "u32", "u64"):
                tf.Variable(tf.constant(value, dtype=tf.as_dtype(value.dtype)), name=name)
            else:
                tf.Variable(value, name=name)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            save(sess, saver, directory)


def mlp():
    directory = fresh("ckpt_mlp")
    rng = np.random.RandomState(0)
    x_train = rng.randn(16, 4).astype(np.float32)
    y_train = rng.randint(0, 3, size=16)
    x_test = rng.randn(5, 4).astype(np.float32)
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x, labels, probs, train, step = build_mlp(tf)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(5):
                sess.run(train, {x: x_train, labels: y_train})
            predictions = sess.run(probs, {x: x_test})
            save(sess, saver, directory, global_step=step)
            sess.run(train, {x: x_train, labels: y_train})  # one more step: checks the restored Adam state
            next_predictions = sess.run(probs, {x: x_test})
    np.savez(os.path.join(directory, "expected.npz"), x=x_test, y=predictions, y_next=next_predictions,
             x_train=x_train, y_train=y_train)


if __name__ == "__main__":
    tiny()
    dtypes_fixture()
    mlp()
    for name in sorted(os.listdir(ROOT)):
        if name.startswith("ckpt_"):
            files = sorted(os.listdir(os.path.join(ROOT, name)))
            sizes = [os.path.getsize(os.path.join(ROOT, name, f)) for f in files]
            print(name, list(zip(files, sizes)))
