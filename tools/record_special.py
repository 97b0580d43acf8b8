"""Records tests/ops/goldens/special.json and tests/ops/goldens/random_more.json: the programs of
tests/ops/special_programs.py and tests/ops/random_more_programs.py run on real TensorFlow in TF1 graph mode.

    /root/tfenv/bin/python tools/record_special.py
"""

import importlib
import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))
import plainops_programs


def main():
    for module, out in (("special_programs", "special.json"), ("random_more_programs", "random_more.json")):
        if not os.path.exists(os.path.join(ROOT, "tests", "ops", module + ".py")):
            continue
        programs = importlib.import_module(module)
        goldens = {name: plainops_programs.evaluate(tf, fn) for name, fn in programs.CASES.items()}
        path = os.path.join(ROOT, "tests", "ops", "goldens", out)
        with open(path, "w") as f:
            json.dump(goldens, f, indent=0, sort_keys=True)
        print("wrote", path)


if __name__ == "__main__":
    main()
