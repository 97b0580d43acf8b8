"""Records tests/ops/goldens/quant.json and tests/train/goldens/mixed_precision.json: the programs of
tests/ops/quant_programs.py and tests/train/mixed_precision_programs.py run on real TensorFlow in TF1 graph mode
(reference variables).

    /root/tfenv/bin/python tools/record_quant.py
"""

import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))
sys.path.insert(0, os.path.join(ROOT, "tests", "train"))
import quant_programs  # noqa: E402

try:
    import mixed_precision_programs  # noqa: E402
except ImportError:
    mixed_precision_programs = None


def record(module, path):
    goldens = {name: module.evaluate(tf, fn) for name, fn in module.CASES.items()}
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    print("wrote", path)


def main():
    record(quant_programs, os.path.join(ROOT, "tests", "ops", "goldens", "quant.json"))
    if mixed_precision_programs is not None:
        os.makedirs(os.path.join(ROOT, "tests", "train", "goldens"), exist_ok=True)
        record(mixed_precision_programs, os.path.join(ROOT, "tests", "train", "goldens", "mixed_precision.json"))


if __name__ == "__main__":
    main()
