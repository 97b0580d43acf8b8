"""The other direction of the RNN checkpoint test: sessionflow trains the char LSTM of tests/rnn/programs.py and
saves it, TensorFlow restores that checkpoint into its own graph of the model and records its predictions
(tests/rnn/goldens/char_lstm_from_sessionflow.npz). Run with TF's Python, from the repository root:

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/record_rnn_checkpoint_in_tf.py [--sessionflow-python PY]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "rnn"))
_SAVE = """
import sys
sys.path.insert(0, sys.argv[2])
import sessionflow as tf
import programs
programs.save_char_lstm(tf, sys.argv[1])
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessionflow-python", default=os.path.join(ROOT, ".venv", "bin", "python"))
    args = parser.parse_args()
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow

    import programs

    tf = tensorflow.compat.v1
    tf.disable_v2_behavior()
    with tempfile.TemporaryDirectory() as tmp:
        checkpoint = os.path.join(tmp, "char_lstm.ckpt")
        subprocess.run([args.sessionflow_python, "-c", _SAVE, checkpoint, os.path.join(ROOT, "tests", "rnn")],
                       check=True, cwd=ROOT)
        with tf.Graph().as_default():
            restored = programs.restore_char_lstm(tf, checkpoint)
    out = os.path.join(ROOT, "tests", "rnn", "goldens", "char_lstm_from_sessionflow.npz")
    np.savez(out, **{k: np.asarray(v) for k, v in restored.items()})
    print("wrote", out)


if __name__ == "__main__":
    main()
