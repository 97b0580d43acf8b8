"""Records tests/strings/goldens/strings.json: the programs of tests/strings/strings_programs.py (string ops)
and tests/lookup/lookup_programs.py (lookup tables, the text pipeline) run on real TensorFlow in TF1 graph mode.

    /root/tfenv/bin/python tools/record_strings.py
"""

import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def record(directory: str, module_name: str, golden: str):
    sys.path.insert(0, os.path.join(ROOT, "tests", directory))
    module = __import__(module_name)
    goldens = {}
    for name, program in module.PROGRAMS.items():
        with tf.Graph().as_default():
            goldens[name] = program(tf)
    path = os.path.join(ROOT, "tests", directory, "goldens", golden)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print("wrote", path)


def main():
    only = sys.argv[1:]
    if not only or "strings" in only:
        record("strings", "strings_programs", "strings.json")
    if (not only or "lookup" in only) and os.path.exists(os.path.join(ROOT, "tests", "lookup", "lookup_programs.py")):
        record("lookup", "lookup_programs", "lookup.json")


if __name__ == "__main__":
    main()
