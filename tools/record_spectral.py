"""Records tests/ops/goldens/spectral.json: the programs of tests/ops/spectral_programs.py (complex tensors, the
FFT ops, tf.signal) run on real TensorFlow in TF1 graph mode.

    /root/tfenv/bin/python tools/record_spectral.py
"""

import json
import os
import sys

import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))
import spectral_programs  # noqa: E402


def main():
    goldens = {name: spectral_programs.evaluate(tf, fn) for name, fn in spectral_programs.CASES.items()}
    path = os.path.join(ROOT, "tests", "ops", "goldens", "spectral.json")
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    print("wrote", path)


if __name__ == "__main__":
    main()
