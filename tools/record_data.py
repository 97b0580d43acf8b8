"""Records what real TensorFlow returns for the tf.data programs (tests/data/data_programs.py).

    /path/to/tf-venv/bin/python tools/record_data.py [program names...]
    /path/to/tf-venv/bin/python tools/record_data.py --check-graphs [SESSIONFLOW_PYTHON]

With --check-graphs, sessionflow (the repo's .venv by default) writes the GraphDefs of a few pipelines
(data_programs.write_exported_pipelines) with the elements it iterates from them; TensorFlow imports each
GraphDef, iterates it and must get the same elements (exit status 1 otherwise).

Runs every program (or the named ones) on TensorFlow 2.21's compat.v1 with eager execution disabled,
each on a fresh graph and in a fresh temporary directory, and writes tests/data/goldens/data.json (named
programs replace their entries, the rest are kept). sessionflow never imports TensorFlow; the tests read
the JSON.
"""

import json
import logging
import os
import sys
import tempfile
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "data"))

import tensorflow.compat.v1 as tf
from data_programs import PROGRAMS, drain, plain

GOLDENS = os.path.join(ROOT, "tests", "data", "goldens", "data.json")


def main(names):
    warnings.simplefilter("ignore")
    tf.get_logger().setLevel(logging.ERROR)
    tf.disable_eager_execution()
    unknown = set(names) - set(PROGRAMS)
    if unknown:
        raise SystemExit(f"unknown programs: {sorted(unknown)}")
    goldens = {}
    if names and os.path.exists(GOLDENS):
        with open(GOLDENS) as f:
            goldens = json.load(f)
    for name in names or PROGRAMS:
        with tf.Graph().as_default(), tempfile.TemporaryDirectory() as workdir:
            goldens[name] = PROGRAMS[name](tf, workdir)
        print("recorded", name)
    with open(GOLDENS, "w") as f:
        json.dump(dict(sorted(goldens.items())), f, indent=1, sort_keys=True)
        f.write("\n")


def check_graphs(sessionflow_python):
    """TF runs the GraphDefs sessionflow writes (see the module docstring)."""
    import subprocess

    warnings.simplefilter("ignore")
    tf.disable_eager_execution()
    failures = 0
    with tempfile.TemporaryDirectory() as workdir:
        script = ("import sys; sys.path.insert(0, 'tests/data'); import sessionflow as tf; "
                  f"from data_programs import write_exported_pipelines as w; w(tf, {workdir!r})")
        subprocess.run([sessionflow_python, "-c", script], cwd=ROOT, check=True)
        for name in sorted(f[:-5] for f in os.listdir(workdir) if f.endswith(".json")):
            with open(os.path.join(workdir, f"{name}.json")) as f:
                expected = json.load(f)
            graph_def = tf.GraphDef()
            with open(os.path.join(workdir, f"{name}.pb"), "rb") as f:
                graph_def.ParseFromString(f.read())
            with tf.Graph().as_default() as graph:
                tf.import_graph_def(graph_def, name="")
                fetches = [graph.get_tensor_by_name(n) for n in expected["next"]]
                with tf.Session() as sess:
                    if expected["init"]:
                        sess.run(graph.get_operation_by_name(expected["init"]))
                    got = plain(drain(tf, sess, fetches))
            same = json.loads(json.dumps(got)) == expected["values"]
            failures += not same
            print(name, "same elements" if same else f"DIFFERENT: TF {got} vs sessionflow {expected['values']}")
    raise SystemExit(1 if failures else 0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check-graphs"]:
        check_graphs(sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, ".venv", "bin", "python"))
    main(sys.argv[1:])
