"""Records what real TensorFlow computes for the first-week programs (tests/first_week/*_programs.py).

    /path/to/tf-venv/bin/python tools/record_first_week.py [program names...]

Runs every program (or the named ones) on TensorFlow 2.21's compat.v1 after
`disable_v2_behavior()` (graph mode, reference variables, TF1 control flow), with the legacy Keras
that `tf.layers` needs, and writes tests/first_week/goldens.json (named programs replace their
entries, the rest are kept). sessionflow never imports TensorFlow; the tests read the JSON.
"""

import importlib
import json
import logging
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import tensorflow.compat.v1 as tf  # noqa: E402

from first_week import harness  # noqa: E402

MODULES = ("init_scope_programs", "training_programs", "division_programs", "assign_programs",
           "conversion_programs")


def main(names):
    warnings.simplefilter("ignore")
    tf.get_logger().setLevel(logging.ERROR)
    tf.disable_v2_behavior()
    programs = {}
    for module in MODULES:
        programs.update(importlib.import_module(f"first_week.{module}").PROGRAMS)
    unknown = set(names) - set(programs)
    if unknown:
        raise SystemExit(f"unknown programs: {sorted(unknown)}")
    goldens = harness.load_goldens() if names and harness.GOLDENS.exists() else {}
    for name in names or programs:
        goldens[name] = harness.plain(programs[name](tf))
        print("recorded", name)
    goldens["_recorded_with"] = f"tensorflow {tf.__version__}"
    with open(f"{harness.GOLDENS}.tmp", "w") as f:
        json.dump(dict(sorted(goldens.items())), f, indent=1)
        f.write("\n")
    os.replace(f"{harness.GOLDENS}.tmp", harness.GOLDENS)
    print("wrote", harness.GOLDENS)


if __name__ == "__main__":
    main(sys.argv[1:])
