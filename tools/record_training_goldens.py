"""Records the MLP training losses of real TensorFlow for tests/train/test_mlp_vs_tf.py.

    /path/to/tf-venv/bin/python tools/record_training_goldens.py

Runs tests/train/mlp_program.py under TensorFlow 2.21's compat.v1 (graph mode, TF1 behaviour) for
SGD, Momentum and Adam and writes tests/train/goldens/mlp_losses.json.
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "train"))

import tensorflow.compat.v1 as tf  # noqa: E402

import mlp_program  # noqa: E402

tf.disable_v2_behavior()


def main():
    goldens = {name: mlp_program.train_losses(tf, name) for name in ("sgd", "momentum", "adam")}
    goldens["_recorded_with"] = f"tensorflow {tf.__version__}"
    path = os.path.join(ROOT, "tests", "train", "goldens", "mlp_losses.json")
    with open(path + ".tmp", "w") as f:
        json.dump(goldens, f, indent=1)
    os.replace(path + ".tmp", path)
    print("wrote", path)


if __name__ == "__main__":
    main()
