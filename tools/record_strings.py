"""Records the goldens of the string, Python-function and lookup-table programs run on real TensorFlow in TF1
graph mode: tests/strings/strings_programs.py (string ops) -> tests/strings/goldens/strings.json,
tests/ops/script_ops_programs.py (tf.py_func family) -> tests/ops/goldens/script_ops.json,
tests/lookup/lookup_programs.py (lookup tables, the text pipeline) -> tests/lookup/goldens/lookup.json, and a
GraphDef of string ops and tables that TF writes -> tests/lookup/goldens/text_graph.pb (+ its outputs).

    /root/tfenv/bin/python tools/record_strings.py [strings|script_ops|lookup ...]
"""

import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def record(directory: str, module_name: str, golden: str):
    sys.path.insert(0, os.path.join(ROOT, *directory.split("/")))
    module = __import__(module_name)
    goldens = {}
    for name, program in module.PROGRAMS.items():
        with tf.Graph().as_default():
            goldens[name] = program(tf)
    path = os.path.join(ROOT, *directory.split("/"), "goldens", golden)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(goldens, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print("wrote", path)


def record_text_graph():
    """tests/lookup/goldens/text_graph.pb (a GraphDef TF writes, read back by sessionflow) and its outputs. TF names
    a KeyValueTensorInitializer's table `hash_table_<uuid>`, so the file differs on each recording in that name."""
    os.chdir(ROOT)  # the graph names its vocabulary file relative to the repository root
    sys.path.insert(0, os.path.join(ROOT, "tests", "lookup"))
    import lookup_programs

    graph_def = lookup_programs.text_graph(tf)
    directory = os.path.join(ROOT, "tests", "lookup", "goldens")
    with open(os.path.join(directory, "text_graph.pb"), "wb") as f:
        f.write(graph_def.SerializeToString(deterministic=True))
    with open(os.path.join(directory, "text_graph.json"), "w") as f:
        json.dump(lookup_programs.run_text_graph(tf, graph_def), f, indent=1)
        f.write("\n")
    print("wrote", os.path.join(directory, "text_graph.pb"))


def main():
    only = sys.argv[1:]
    if not only or "strings" in only:
        record("tests/strings", "strings_programs", "strings.json")
    if not only or "script_ops" in only:
        record("tests/ops", "script_ops_programs", "script_ops.json")
    if (not only or "lookup" in only) and os.path.exists(os.path.join(ROOT, "tests", "lookup", "lookup_programs.py")):
        record("tests/lookup", "lookup_programs", "lookup.json")
        record_text_graph()


if __name__ == "__main__":
    main()
