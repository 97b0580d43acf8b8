"""Records the results of tests/rnn/programs.py under real TensorFlow (the oracle) into
tests/rnn/goldens/<program>.npz, and the char LSTM checkpoint fixture (trained and saved by TF)
with its predictions.

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/record_rnn_goldens.py [PROGRAM ...]

With program names, only those are recorded (the checkpoint fixture is left as it is).
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "rnn"))
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import tensorflow  # noqa: E402

import programs  # noqa: E402

tf = tensorflow.compat.v1
tf.disable_v2_behavior()
OUT = os.path.join(ROOT, "tests", "rnn", "goldens")


def save(name, result):
    arrays = {k: np.asarray(v) for k, v in result.items() if not isinstance(v, (list, str, dict)) or
              (isinstance(v, list) and v and not isinstance(v[0], str))}
    texts = {k: v for k, v in result.items() if k not in arrays}
    np.savez(os.path.join(OUT, f"{name}.npz"), **arrays)
    with open(os.path.join(OUT, f"{name}.json"), "w", encoding="utf-8") as f:
        json.dump(texts, f, indent=1, sort_keys=True)
        f.write("\n")


def main(only=()):
    os.makedirs(OUT, exist_ok=True)
    for name, program in programs.PROGRAMS.items():
        if only and name not in only:
            continue
        with tf.Graph().as_default():
            save(name, program(tf))
    if only:
        return
    checkpoint = os.path.join(OUT, "char_lstm.ckpt")
    with tf.Graph().as_default():
        programs.save_char_lstm(tf, checkpoint)
    with tf.Graph().as_default():
        save("char_lstm_restored", programs.restore_char_lstm(tf, checkpoint))
    for leftover in ("checkpoint",):
        path = os.path.join(OUT, leftover)
        if os.path.exists(path):
            os.remove(path)


if __name__ == "__main__":
    main(sys.argv[1:])
