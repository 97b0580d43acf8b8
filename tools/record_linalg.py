"""Records the goldens of tf.linalg's LU, matrix-function, tridiagonal and LinearOperator names: the programs
of tests/ops/linalg_programs.py and tests/ops/linear_operator_programs.py run on real TensorFlow in TF1 graph
mode, written to tests/ops/goldens/linalg_more.json and linear_operator.json.

    /root/tfenv/bin/python tools/record_linalg.py
"""

import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))
import linalg_programs  # noqa: E402
import linear_operator_programs  # noqa: E402
import plainops_programs  # noqa: E402
def main():
    for module, file in ((linalg_programs, "linalg_more.json"), (linear_operator_programs, "linear_operator.json")):
        goldens = {name: plainops_programs.evaluate(tf, fn) for name, fn in module.CASES.items()}
        path = os.path.join(ROOT, "tests", "ops", "goldens", file)
        with open(path, "w") as f:
            json.dump(goldens, f, indent=1, sort_keys=True)
        print("wrote", path)


if __name__ == "__main__":
    main()
