"""Records tests/ops/goldens/special.json and tests/ops/goldens/random_more.json: the programs of
tests/ops/special_programs.py and tests/ops/random_more_programs.py run on real TensorFlow in TF1 graph mode.

    /root/tfenv/bin/python tools/record_special.py
    /root/tfenv/bin/python tools/record_special.py --sobol-table   # sessionflow/ops/sobol_directions.txt

The Sobol table is read off TF's own SobolSample: the point of index 2**(k+1) - 1 has Gray code 2**k, so in
each dimension it is m_k / 2**(k+1); each dimension's degree s and coefficients a are then the smallest that
regenerate its m_1 .. m_29 by Joe and Kuo's recurrence (a few minutes).
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

SOBOL_DIMS, SOBOL_BITS = 1024, 29


def _regenerate(s, a, initial):
    m = list(initial)
    for k in range(s, SOBOL_BITS):
        value = m[k - s] ^ (m[k - s] << s)
        for i in range(1, s):
            if (a >> (s - 1 - i)) & 1:
                value ^= m[k - i] << i
        m.append(value)
    return m


def sobol_table():
    import numpy as np

    rows = []
    for k in range(SOBOL_BITS):
        skip = 2 ** (k + 1) - 2
        point = tf.Session().run(tf.math.sobol_sample(SOBOL_DIMS, 1, skip=skip, dtype=tf.float64))[0]
        rows.append(np.rint(point * 2.0 ** (k + 1)).astype(np.int64))
    m = np.stack(rows, 1).tolist()
    path = os.path.join(ROOT, "sessionflow", "ops", "sobol_directions.txt")
    with open(path, "w") as f:
        f.write("# Sobol direction numbers (Joe and Kuo's format: dimension, degree s, coefficients a, initial "
                "m_1..m_s) of\n# dimensions 2..1024 as TF's SobolSample uses them (dimension 1 is all ones); "
                "recorded from TF 2.21's\n# SobolSample outputs (tools/record_special.py --sobol-table).\n")
        for j, row in enumerate(m[1:], start=2):
            s, a = next((s, a) for s in range(1, 20) for a in range(2 ** (s - 1)) if _regenerate(s, a, row[:s]) == row)
            f.write(f"{j} {s} {a} {' '.join(map(str, row[:s]))}\n")
    print("wrote", path)


def main():
    if "--sobol-table" in sys.argv:
        sobol_table()
        return
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
