"""Records the goldens of CTC, the at_k metrics, the morphology/patch/glimpse image ops, partitioned variables
and the remaining plain ops (issue #12): each programs module below run on real TensorFlow in TF1 graph mode
(reference variables), its results written beside its test as JSON.

    /root/tfenv/bin/python tools/record_nnmisc.py [NAME ...]    # NAME: ctc, metrics_at_k, ... (default: all)
"""

import importlib
import json
import os
import sys

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))
import plainops_programs  # noqa: E402

# name -> (folder of the programs module, module, golden file)
PROGRAMS = {
    "ctc": ("tests/ops", "ctc_programs", "tests/ops/goldens/ctc.json"),
    "metrics_at_k": ("tests", "metrics_at_k_programs", "tests/goldens/metrics_at_k.json"),
}


def record(name):
    folder, module, golden = PROGRAMS[name]
    sys.path.insert(0, os.path.join(ROOT, folder))
    programs = importlib.import_module(module)
    evaluate = getattr(programs, "evaluate", plainops_programs.evaluate)
    goldens = {case: evaluate(tf, fn) for case, fn in programs.CASES.items()}
    path = os.path.join(ROOT, golden)
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    print("wrote", path)


if __name__ == "__main__":
    for name in sys.argv[1:] or PROGRAMS:
        record(name)
