"""Records what real TensorFlow returns for the tf.data programs (tests/data/data_programs.py).

    /path/to/tf-venv/bin/python tools/record_data.py [program names...]

Runs every program (or the named ones) on TensorFlow 2.21's compat.v1 with eager execution disabled,
each on a fresh graph and in a fresh temporary directory, and writes tests/data/goldens/data.json (named
programs replace their entries, the rest are kept). sessionflow never imports TensorFlow; the tests read
the JSON.
"""

import json
import logging
import os
import sys
import tempfile
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "data"))

import tensorflow.compat.v1 as tf
from data_programs import PROGRAMS

GOLDENS = os.path.join(ROOT, "tests", "data", "goldens", "data.json")


def main(names):
    warnings.simplefilter("ignore")
    tf.get_logger().setLevel(logging.ERROR)
    tf.disable_eager_execution()
    unknown = set(names) - set(PROGRAMS)
    if unknown:
        raise SystemExit(f"unknown programs: {sorted(unknown)}")
    goldens = {}
    if names and os.path.exists(GOLDENS):
        with open(GOLDENS) as f:
            goldens = json.load(f)
    for name in names or PROGRAMS:
        with tf.Graph().as_default(), tempfile.TemporaryDirectory() as workdir:
            goldens[name] = PROGRAMS[name](tf, workdir)
        print("recorded", name)
    with open(GOLDENS, "w") as f:
        json.dump(dict(sorted(goldens.items())), f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
