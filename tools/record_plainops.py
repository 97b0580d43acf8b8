"""Records tests/ops/goldens/plainops.json: the programs of tests/ops/plainops_programs.py run on real
TensorFlow in TF1 graph mode (reference variables).

    /root/tfenv/bin/python tools/record_plainops.py
"""

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


def main():
    goldens = {name: plainops_programs.evaluate(tf, fn) for name, fn in plainops_programs.CASES.items()}
    path = os.path.join(ROOT, "tests", "ops", "goldens", "plainops.json")
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    print("wrote", path)


if __name__ == "__main__":
    main()
