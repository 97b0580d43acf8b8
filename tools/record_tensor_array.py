"""Records tests/ops/goldens/tensor_array.json: the programs of tests/ops/tensor_array_programs.py run on
real TensorFlow in TF1 graph mode with control flow v1 (so tf.TensorArray is the TensorArrayV3 op family).

    /root/tfenv/bin/python tools/record_tensor_array.py
"""

import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))
import tensor_array_programs  # noqa: E402


def main():
    goldens = {name: program(tf) for name, program in tensor_array_programs.PROGRAMS.items()}
    goldens["node_defs"] = tensor_array_programs.node_defs(tf)  # for export checks
    path = os.path.join(ROOT, "tests", "ops", "goldens", "tensor_array.json")
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    print("wrote", path)


if __name__ == "__main__":
    main()
