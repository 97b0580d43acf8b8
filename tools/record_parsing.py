"""Records tests/parsing/goldens/parsing.json: the programs of tests/parsing/parsing_programs.py (tf.train.Example
protos, the parsing and decoding ops) run on real TensorFlow in TF1 graph mode; and parse_graph.pb, TF's GraphDef
of `interop_graph`, with its tensor names and values for `interop_feed` (parse_graph.json).

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
    with tf.Graph().as_default() as graph:
        fetches = parsing_programs.interop_graph(tf)
        names = parsing_programs.interop_names(fetches)
        values = parsing_programs.interop_run(tf, fetches)
        graph_path = os.path.join(ROOT, "tests", "parsing", "goldens", "parse_graph.pb")
        with open(graph_path, "wb") as f:
            f.write(graph.as_graph_def().SerializeToString())
    with open(os.path.join(ROOT, "tests", "parsing", "goldens", "parse_graph.json"), "w") as f:
        json.dump({"names": names, "values": values}, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", graph_path)


if __name__ == "__main__":
    main()
