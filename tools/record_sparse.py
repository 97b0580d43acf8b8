"""Records tests/sparse/goldens/sparse.json: the programs of tests/sparse/sparse_programs.py and
sparse_op_programs.py and sparse_model_programs.py run on real TensorFlow in TF1 graph mode.

    /root/tfenv/bin/python tools/record_sparse.py
"""

import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from tests.sparse import sparse_model_programs, sparse_op_programs, sparse_programs


def main():
    programs = {**sparse_programs.PROGRAMS, **sparse_op_programs.PROGRAMS, **sparse_model_programs.PROGRAMS}
    goldens = {name: program(tf) for name, program in programs.items()}
    path = os.path.join(ROOT, "tests", "sparse", "goldens", "sparse.json")
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True)
    print("wrote", path)


if __name__ == "__main__":
    main()
