"""Records tests/parsing/goldens/parsing.json: the programs of tests/parsing/parsing_programs.py (tf.train.Example
protos, the parsing and decoding ops) run on real TensorFlow in TF1 graph mode.

    /root/tfenv/bin/python tools/record_parsing.py
"""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    sys.path.insert(0, os.path.join(ROOT, "tests", "parsing"))
    import parsing_programs

    goldens = {}
    for name, program in parsing_programs.PROGRAMS.items():
        with tf.Graph().as_default():
            goldens[name] = program(tf)
    path = os.path.join(ROOT, "tests", "parsing", "goldens", "parsing.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print("wrote", path, len(goldens), "programs")


if __name__ == "__main__":
    main()
