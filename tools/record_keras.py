"""Records what real TensorFlow computes for the tf.keras programs: tests/keras_graph/keras_programs.py into
tests/keras_graph/goldens.json, tests/keras_graph/rnn_programs.py (the recurrent layers) into tests/keras_graph/rnn_goldens.json.

    /path/to/tf-venv/bin/python tools/record_keras.py [program names...]

Runs every program (or the named ones) on TensorFlow 2.21's compat.v1 with tf_keras (`TF_USE_LEGACY_KERAS=1`)
after `disable_v2_behavior()`, control flow v2 back on (sessionflow's tf.cond and loops are TF 2's), and writes
the programs' golden files (named programs replace their entries, the rest are kept). sessionflow never
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
from keras_graph import keras_programs, rnn_programs  # noqa: E402

# programs module -> the golden file its test reads
SUITES = ((keras_programs, os.path.join(ROOT, "tests", "keras_graph", "goldens.json")),
          (rnn_programs, os.path.join(ROOT, "tests", "keras_graph", "rnn_goldens.json")))


def main(names):
    warnings.simplefilter("ignore")
    tf.get_logger().setLevel(logging.ERROR)
    tf.disable_v2_behavior()
    tf.enable_control_flow_v2()
    known = {name for module, _ in SUITES for name in module.PROGRAMS}
    unknown = set(names) - known
    if unknown:
        raise SystemExit(f"unknown programs: {sorted(unknown)}")
    for module, path in SUITES:
        chosen = [name for name in module.PROGRAMS if not names or name in names]
        if chosen:
            record(module.PROGRAMS, chosen, path, keep_others=bool(names))


def record(programs, chosen, path, keep_others):
    goldens = {}
    if keep_others and os.path.exists(path):
        with open(path) as f:
            goldens = json.load(f)
    for name in chosen:
        goldens[name] = harness.plain(programs[name](tf))
        print("recorded", name)
    goldens["_recorded_with"] = f"tensorflow {tf.__version__}"
    with open(f"{path}.tmp", "w") as f:
        json.dump(dict(sorted(goldens.items())), f, indent=1)
        f.write("\n")
    os.replace(f"{path}.tmp", path)
    print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
