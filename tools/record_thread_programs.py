"""Records what real TensorFlow returns for the multi-threaded programs (tests/core/thread_programs.py).

    /path/to/tf-venv/bin/python tools/record_thread_programs.py [program names...]

Runs every program (or the named ones) on TensorFlow 2.21's compat.v1 after `disable_v2_behavior()`
(with control flow v2 for the programs in CONTROL_FLOW_V2) and writes tests/core/goldens/threads.json
(named programs replace their entries, the rest are kept).
sessionflow never imports TensorFlow; the tests read the JSON.
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
sys.path.insert(0, os.path.join(ROOT, "tests", "core"))

import tensorflow.compat.v1 as tf  # noqa: E402

from first_week.harness import plain  # noqa: E402
from thread_programs import PROGRAMS  # noqa: E402

GOLDENS = os.path.join(ROOT, "tests", "core", "goldens", "threads.json")
# sessionflow's tf.cond/while_loop are TF 2's functional ones: these programs are recorded with them.
CONTROL_FLOW_V2 = {"control_flow_trace_is_per_thread"}


def main(names):
    warnings.simplefilter("ignore")
    tf.get_logger().setLevel(logging.ERROR)
    tf.disable_v2_behavior()
    unknown = set(names) - set(PROGRAMS)
    if unknown:
        raise SystemExit(f"unknown programs: {sorted(unknown)}")
    goldens = {}
    if names and os.path.exists(GOLDENS):
        with open(GOLDENS) as f:
            goldens = json.load(f)
    for name in names or PROGRAMS:
        if name in CONTROL_FLOW_V2:
            tf.enable_control_flow_v2()
        try:
            goldens[name] = plain(PROGRAMS[name](tf))
        finally:
            tf.disable_control_flow_v2()
        print("recorded", name, goldens[name])
    goldens["_recorded_with"] = f"tensorflow {tf.__version__}"
    with open(f"{GOLDENS}.tmp", "w") as f:
        json.dump(dict(sorted(goldens.items())), f, indent=1)
        f.write("\n")
    os.replace(f"{GOLDENS}.tmp", GOLDENS)
    print("wrote", GOLDENS)


if __name__ == "__main__":
    main(sys.argv[1:])
