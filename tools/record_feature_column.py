"""Records tests/feature_column/goldens/feature_column.json: the programs of tests/feature_column/fc_programs.py
(tf.feature_column columns, input_layer, linear_model, a wide-and-deep model trained a few steps) run on real
TensorFlow's tf.compat.v1.feature_column in TF1 graph mode.

    TF_USE_LEGACY_KERAS=1 /root/tfenv/bin/python tools/record_feature_column.py
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
tf.logging.set_verbosity(tf.logging.ERROR)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    sys.path.insert(0, os.path.join(ROOT, "tests", "feature_column"))
    import fc_programs

    goldens = {}
    for name, program in fc_programs.PROGRAMS.items():
        with tf.Graph().as_default():
            goldens[name] = program(tf)
    path = os.path.join(ROOT, "tests", "feature_column", "goldens", "feature_column.json")
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", path, len(goldens), "programs")


if __name__ == "__main__":
    main()
