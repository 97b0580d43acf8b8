"""Records TensorFlow's float32 Tanh, Sigmoid, Exp, Sin, Cos, Log, Log1p and Expm1 on a million inputs, for tests/ops/test_eigen_math.py.

    /root/tfenv/bin/python tools/record_eigen_math.py

The inputs come from tests/ops/eigen_math_inputs.py (seeded: normal draws at five scales, a fine grid over
[-10, 10], the special values), in arrays of several sizes so that Eigen's scalar path for the last
`size % 8` elements is exercised too. Stored per function and size: the SHA-256 of TF's output bytes and the
number of elements, in tests/ops/goldens/eigen_math.json (the outputs themselves would be megabytes).
"""

import hashlib
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "ops"))

import eigen_math_inputs
import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def main():
    goldens = {}
    p = tf.placeholder(tf.float32)
    ops = {"tanh": tf.tanh(p), "sigmoid": tf.sigmoid(p), "exp": tf.exp(p), "sin": tf.sin(p), "cos": tf.cos(p),
           "log": tf.log(p), "log1p": tf.log1p(p), "expm1": tf.expm1(p)}
    with tf.Session() as sess:
        for label, x in eigen_math_inputs.arrays().items():
            out = sess.run(ops, {p: x})
            goldens[label] = {name: hashlib.sha256(np.ascontiguousarray(v, np.float32).tobytes()).hexdigest()
                              for name, v in out.items()}
    goldens["_recorded_with"] = f"tensorflow {tf.__version__}"
    path = os.path.join(ROOT, "tests", "ops", "goldens", "eigen_math.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(goldens, f, indent=1)
        f.write("\n")
    os.replace(path + ".tmp", path)
    print("wrote", path)


if __name__ == "__main__":
    main()
