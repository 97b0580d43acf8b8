"""Records what TensorFlow 2.21 does with tests/compat/programs/tf2_graph_apis.py (TF 2.x object APIs in graph
mode: specs, GradientTape, tf.function, Module, random.Generator, session tensor handles, nn.experimental).

    /path/to/tf-venv/bin/python tools/record_tf2api.py

Keeps the program's JSON as tests/compat/goldens/tf2_graph_apis.json; tests/compat/test_tf2_graph_apis.py reads
it (sessionflow never imports TensorFlow).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record_contrib import ROOT, record

PROGRAM = os.path.join(ROOT, "tests", "compat", "programs", "tf2_graph_apis.py")
GOLDEN = os.path.join(ROOT, "tests", "compat", "goldens", "tf2_graph_apis.json")


def _versions() -> str:
    import tensorflow as tf

    return f"tensorflow {tf.__version__}"


if __name__ == "__main__":
    sys.exit(record(PROGRAM, GOLDEN, _versions))
