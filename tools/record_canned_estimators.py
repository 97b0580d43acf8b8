"""Records what TensorFlow's v1 canned estimators do in the programs of tests/estimator/canned_programs.py.

    /path/to/tf215-venv/bin/python tools/record_canned_estimators.py [program names...]

TF 2.16 and later ship no tf.estimator, so this runs under TensorFlow 2.15 with tensorflow-estimator 2.15
(`pip install tensorflow-cpu==2.15.0 tensorflow-estimator==2.15.0`), on compat.v1 after `disable_v2_behavior()`
and `disable_resource_variables()`: the v1 canned estimators (SUM loss reduction, v1 heads). It writes
tests/estimator/goldens/canned.json (named programs replace their entries, the rest are kept).
"""

import json
import logging
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import tensorflow.compat.v1 as tf  # noqa: E402

from estimator import canned_programs  # noqa: E402

GOLDENS = os.path.join(ROOT, "tests", "estimator", "goldens", "canned.json")


def main(names):
    warnings.simplefilter("ignore")
    tf.get_logger().setLevel(logging.ERROR)
    tf.disable_v2_behavior()
    tf.disable_resource_variables()
    unknown = set(names) - set(canned_programs.PROGRAMS)
    if unknown:
        raise SystemExit(f"unknown programs: {sorted(unknown)}")
    goldens = {}
    if names and os.path.exists(GOLDENS):
        with open(GOLDENS) as f:
            goldens = json.load(f)
    for name in names or canned_programs.PROGRAMS:
        goldens[name] = canned_programs.PROGRAMS[name](tf)
        print("recorded", name)
    goldens["_recorded_with"] = f"tensorflow {tf.__version__} with tensorflow-estimator"
    with open(f"{GOLDENS}.tmp", "w") as f:
        json.dump(dict(sorted(goldens.items())), f, indent=1)
        f.write("\n")
    os.replace(f"{GOLDENS}.tmp", GOLDENS)
    print("wrote", GOLDENS)


if __name__ == "__main__":
    main(sys.argv[1:])
