"""Records real TensorFlow's results for tests/train/test_resource_training.py.

    /root/tfenv/bin/python tools/record_resource_training.py

Runs the programs of tests/train/resource_programs.py (resource variables trained by every TF1
optimizer, dense and sparse; a Saver round trip; tf.enable_resource_variables() at the top of a
program) under TensorFlow 2.21's compat.v1 in graph mode with TF1 behaviour, and writes
tests/train/goldens/resource_training.json.
"""

import json
import os
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "train"))

import tensorflow.compat.v1 as tf  # noqa: E402

import resource_programs as programs  # noqa: E402

tf.disable_v2_behavior()


def main():
    goldens = {"mlp": {name: programs.mlp_training(tf, name) for name in programs.OPTIMIZERS},
               "embedding": {name: programs.embedding_training(tf, name) for name in programs.OPTIMIZERS}}
    for as_resource in (True, False):
        with tempfile.TemporaryDirectory() as directory:
            key = "saver_into_resource" if as_resource else "saver_into_reference"
            goldens[key] = programs.saver_round_trip(tf, directory, restore_as_resource=as_resource)
    for switch in ("enable_resource_variables", "enable_v2_behavior"):
        goldens[switch] = programs.resource_variables_switched_on(tf, switch)
        tf.disable_v2_behavior()
    goldens["_recorded_with"] = f"tensorflow {tf.__version__}"
    path = os.path.join(ROOT, "tests", "train", "goldens", "resource_training.json")
    with open(path + ".tmp", "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)
    print("wrote", path)


if __name__ == "__main__":
    main()
