"""Checks once that checkpoints written by sessionflow load in real TensorFlow (not part of the suite).

    python tools/check_checkpoints_in_tf.py [/opt/tfvenv/bin/python]

Writes, with sessionflow's Saver, a checkpoint holding every dtype a checkpoint can hold and an
Adam-trained MLP's variables; then, in the TensorFlow interpreter, reads every tensor with
`tf.train.load_checkpoint` and restores the MLP with `tf.compat.v1.train.Saver`, comparing values.
Prints OK or raises.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import sessionflow as tf

TF_SIDE = r'''
import sys
import numpy as np
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
directory = sys.argv[1]
expected = np.load(directory + "/expected.npz", allow_pickle=False)
reader = tf.train.load_checkpoint(directory + "/dtypes")
for name in expected.files:
    got = reader.get_tensor(name)
    want = expected[name]
    if want.dtype.kind == "U":
        got = np.array([g.decode() for g in np.ravel(got)]).reshape(want.shape)
    assert np.array_equal(np.asarray(got, dtype=want.dtype), want), (name, got, want)
with tf.Graph().as_default():
    with tf.variable_scope("layer1"):
        w = tf.get_variable("w", [4, 8])
    step = tf.train.get_or_create_global_step()
    opt = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(w), global_step=step)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(directory + "/mlp"))
        assert sess.run(step) == 1
        np.testing.assert_allclose(sess.run(w), np.load(directory + "/mlp_w.npy"))
        sess.run(opt)
print("TensorFlow read every sessionflow checkpoint: OK")
'''


def main(tf_python: str):
    with tempfile.TemporaryDirectory() as directory:
        values = {
            "f16": np.array([1.0, -2.5], np.float16), "f32": np.arange(6, dtype=np.float32).reshape(2, 3),
            "f64": np.array([np.pi]), "i8": np.array([-128, 127], np.int8), "i16": np.array([7], np.int16),
            "i32": np.array([[1, 2], [3, 4]], np.int32), "i64": np.array(2**62, np.int64),
            "u8": np.array([255], np.uint8), "u16": np.array([60000], np.uint16),
            "u32": np.array([2**32 - 1], np.uint32), "u64": np.array([2**64 - 1], np.uint64),
            "c64": np.array([1 + 2j], np.complex64), "c128": np.array([3 - 4j]), "flag": np.array([True, False]),
            "empty": np.zeros((0, 3), np.float32), "words": np.array(["hello", "", "tensorflow!"]),
        }
        with tf.Graph().as_default():
            for name, value in values.items():
                tf.Variable(value.astype(object) if value.dtype.kind == "U" else value, name=name)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                tf.train.Saver().save(sess, os.path.join(directory, "dtypes", "model"), write_meta_graph=False)
        np.savez(os.path.join(directory, "expected.npz"), **values)
        with tf.Graph().as_default():
            with tf.variable_scope("layer1"):
                w = tf.get_variable("w", [4, 8])
            step = tf.train.get_or_create_global_step()
            train = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(w), global_step=step)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(train)
                np.save(os.path.join(directory, "mlp_w.npy"), sess.run(w))
                tf.train.Saver().save(sess, os.path.join(directory, "mlp", "model"), global_step=step,
                                      write_meta_graph=False)
        subprocess.run([tf_python, "-c", TF_SIDE, directory], check=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/opt/tfvenv/bin/python")
