"""Records what real TensorFlow computes for the tf.keras recurrent programs (tests/keras/rnn_programs.py).

    /path/to/tf-venv/bin/python tools/record_keras_rnn.py [program names...]

Runs every program (or the named ones) on TensorFlow 2.21's compat.v1 with tf_keras (`TF_USE_LEGACY_KERAS=1`)
after `disable_v2_behavior()`, control flow v2 back on (sessionflow's loops are TF 2's While), and writes
tests/keras/rnn_goldens.json (named programs replace their entries, the rest are kept). sessionflow never
imports TensorFlow; the tests read the JSON.
"""

import json
import logging
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_USE_LEGACY_KERAS"] = "1"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import tensorflow.compat.v1 as tf  # noqa: E402

from first_week import harness  # noqa: E402
from keras import rnn_programs  # noqa: E402

GOLDENS = os.path.join(ROOT, "tests", "keras", "rnn_goldens.json")


def main(names):
    warnings.simplefilter("ignore")
    tf.get_logger().setLevel(logging.ERROR)
    tf.disable_v2_behavior()
    tf.enable_control_flow_v2()
    programs = rnn_programs.PROGRAMS
    unknown = set(names) - set(programs)
    if unknown:
        raise SystemExit(f"unknown programs: {sorted(unknown)}")
    goldens = {}
    if names and os.path.exists(GOLDENS):
        with open(GOLDENS) as f:
            goldens = json.load(f)
    for name in names or programs:
        goldens[name] = harness.plain(programs[name](tf))
        print("recorded", name)
    goldens["_recorded_with"] = f"tensorflow {tf.__version__}"
    with open(f"{GOLDENS}.tmp", "w") as f:
        json.dump(dict(sorted(goldens.items())), f, indent=1)
        f.write("\n")
    os.replace(f"{GOLDENS}.tmp", GOLDENS)
    print("wrote", GOLDENS)


if __name__ == "__main__":
    main(sys.argv[1:])
